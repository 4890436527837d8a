// Bundles the `bot-audit` command's own modules (dist/cli/main.js and everything of ours it imports,
// as tsc emitted them) into one script, dist/cli/bundle.js, that `src/cli/start-up.ts` runs through
// V8's code cache: Node 20 has no code cache for ES modules, and resolving, compiling and linking
// our ~160 modules one by one cost ~0.15 s of a 6-file audit's 1.1 s of CPU (docs/performance.md,
// session 17).
//
// The file is one function expression, `(async function (require, __botAuditExports, __botAuditDistUrl) { … })`,
// not a module: V8 caches scripts only. So
// - every package and Node built-in stays outside and is loaded with that `require` (the packages'
//   own `exports` give the same file to `import` and `require`: ESLint, typescript-eslint, ignore
//   and libpg-query are CommonJS, and the plugin loaded by ESLint users is still dist/index.js);
// - each module's `import.meta.url` becomes the URL of its own file in dist/, so what it resolves
//   relative to itself (`../package.json`, the worker module, `createRequire`) is unchanged;
// - the SQL parser's top-level `await` runs inside the async function;
// - a package our modules import only by name (`import { AST_NODE_TYPES } from '@typescript-eslint/utils'`,
//   `import path from 'node:path'`) is read into plain variables once, as Node's own import of a
//   CommonJS module does: esbuild's stub for a CommonJS module answers every use through a getter
//   (`import_utils.AST_NODE_TYPES.CallExpression` ran two getters per use, 1.5–2.5% of an audit's
//   CPU on real bots: docs/performance.md, session 24). A package imported whole (`import * as`, a
//   dynamic `import()`, a re-export) keeps the CommonJS stub.
// Nothing here changes what the code does: the bundle is the same JavaScript, concatenated.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import vm from 'node:vm';

import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const outfile = path.join(dist, 'cli/bundle.js');

/** A bare specifier (a package or `node:` built-in), not a relative or absolute path. */
const BARE = /^[^./]/;

/** `import x, { a, b as c } from 'pkg';` as tsc emits it: one line, single quotes. */
const STATIC_IMPORT = /^import\s+(?!type\s)([^'";]*?)\s+from\s+'([^'./][^']*)';$/gm;
/** Uses of a package that need its whole namespace: `import('pkg')`, `export … from 'pkg'` (comments included: that only keeps a stub). */
const WHOLE_IMPORT = /\bimport\(\s*'([^'./][^']*)'\s*\)|^export\s[^;]*?\sfrom\s+'([^'./][^']*)';$/gm;

/**
 * What our modules import from each package, read from tsc's output: the names, whether the default
 * export is imported, and whether the package is ever needed whole (a namespace import, a dynamic
 * `import()`, a re-export).
 * @returns {Map<string, { names: Set<string>, default: boolean, whole: boolean }>}
 */
function packageImports() {
  /** @type {Map<string, { names: Set<string>, default: boolean, whole: boolean }>} */
  const imports = new Map();
  const entry = (/** @type {string} */ specifier) => {
    let found = imports.get(specifier);
    if (!found) imports.set(specifier, (found = { names: new Set(), default: false, whole: false }));
    return found;
  };
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js') && file !== path.join('cli', 'bundle.js'));
  for (const file of files) {
    const text = readFileSync(path.join(dist, file), 'utf8');
    for (const [, clause, specifier] of text.matchAll(STATIC_IMPORT)) {
      const found = entry(/** @type {string} */ (specifier));
      const named = /\{([^}]*)\}/.exec(/** @type {string} */ (clause));
      const rest = /** @type {string} */ (clause).replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
      if (rest.startsWith('*')) found.whole = true;
      else if (rest !== '') found.default = true;
      for (const item of named ? named[1].split(',') : []) {
        const name = item.trim().split(/\s+as\s+/)[0]?.replace(/^type\s+/, '');
        if (!name) continue;
        if (name === 'default') found.default = true;
        else found.names.add(name);
      }
    }
    for (const [, dynamic, reexported] of text.matchAll(WHOLE_IMPORT)) entry(/** @type {string} */ (dynamic ?? reexported)).whole = true;
  }
  return imports;
}

const imports = packageImports();

/**
 * The stub module that stands for a package in the bundle: an ES module whose exports are plain
 * variables read once from `require`, or, for a package needed whole, `module.exports = require(…)`.
 * @param {string} specifier
 */
function stubFor(specifier) {
  const required = `require(${JSON.stringify(specifier)})`;
  const used = imports.get(specifier);
  if (!used || used.whole) return { contents: `module.exports = ${required};`, loader: /** @type {const} */ ('js') };
  const lines = [`const required = ${required};`];
  if (used.default) lines.push('export default required;');
  if (used.names.size > 0) lines.push(`export const { ${[...used.names].sort().join(', ')} } = required;`);
  return { contents: lines.join('\n'), loader: /** @type {const} */ ('js') };
}

const result = await build({
  stdin: {
    contents: "import { main } from './cli/main.js';\n__botAuditExports.main = main;\n",
    resolveDir: dist,
    sourcefile: 'bundle-entry.js',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile,
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: '// Generated by scripts/bundle-cli.js: the bot-audit command in one script for V8\'s code cache (see src/cli/start-up.ts). Not a module.\n(async function (require, __botAuditExports, __botAuditDistUrl) {',
  },
  footer: { js: '})' },
  plugins: [
    {
      name: 'bot-audit-cli-bundle',
      setup(builder) {
        // Packages and built-ins: a stub module that `require`s them (the stub's own `require` is left as is; see `stubFor`).
        builder.onResolve({ filter: BARE }, (args) => (args.namespace === 'required' ? { path: args.path, external: true } : { path: args.path, namespace: 'required' }));
        builder.onLoad({ filter: /.*/, namespace: 'required' }, (args) => stubFor(args.path));
        // Our modules: each keeps its own URL.
        builder.onLoad({ filter: /\.js$/ }, (args) => {
          const relative = `./${path.relative(dist, args.path).split(path.sep).join('/')}`;
          const text = readFileSync(args.path, 'utf8').replaceAll('import.meta.url', `new URL(${JSON.stringify(relative)}, __botAuditDistUrl).href`);
          return { contents: text, loader: 'js' };
        });
      },
    },
  ],
  write: false,
});

const [output] = result.outputFiles;
// A script cannot hold module syntax (`import`, `export`, `import.meta`): compiling it here fails the build, not the command.
new vm.Script(output.text, { filename: outfile });
writeFileSync(outfile, output.text);
