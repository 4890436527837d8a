import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';

import { escapeRegExp, GLOBAL_BULK_WRITE } from '../ast/index.js';
import { componentFile, componentScript, isComponent } from './components.js';
import { knownEntries, ONLY_MAIN, packageEntries, runnerCalls, type TsParser } from './entries.js';
import { configuresAliases, packageOf, pathsAlias, projectOf, resolveEntry, svelteKitAliasPath, svelteKitAliases, type PackageInfo } from './packages.js';
import { gitignored } from './gitignore.js';
import { isSource, listProjectFiles, readSmallText, resolveFile, SOURCE_EXTENSIONS } from './resolve.js';
import { readsBeforeDeclaration } from './load-order.js';
import { loaderPaths, type LoaderPath } from './loader-depth.js';
import { projectSnapshot, snapshotText, type ProjectSnapshot } from './snapshot.js';
import { isSvelteKitModule } from './sveltekit.js';

/**
 * Reachability: which files of a project some entry point runs. The module graph is walked from the
 * entry points of each package ({@link packageEntries}) through static imports, `export … from`,
 * `require('…')` and `import('…')` with literal arguments, found by TypeScript's `preProcessFile` — a
 * scanner, not a parse, so each file costs one read and one linear scan. When that walk ends, a
 * runner script among the files left (a small launcher nobody imports that loads config and calls
 * what it imports from a module no entry reaches) is an entry too, and the walk goes on from it.
 *
 * It fails open: every file of a package counts as reachable when the package has no entry point,
 * an entry cannot be found, a reached file cannot be read, loads a module by a computed name whose
 * folder cannot be pinned down (`require(name)` with no listed folder, a folder loader's `dir` from a
 * variable), or imports an alias that cannot be resolved; and everything is reachable without the
 * `typescript` package. A bare name that resolves to no project file is an npm package (declared or
 * not) unless the package configures aliases the resolver does not read ({@link configuresAliases}).
 *
 * A JavaScript file that throws as it loads ({@link throwsAtLoad}: its top level requires a module the
 * repository does not have, or reads a `const` of its own before the declaration) runs nothing
 * either: it is unreachable however it is reached.
 */
export interface Reachability {
  /** The given files that no entry point reaches. */
  readonly unreachable: ReadonlySet<string>;
  /** Packages whose every file counts as reachable, and why. */
  readonly open: readonly { readonly dir: string; readonly reason: string }[];
  /** Files read to build the graph (a work count for tests). */
  readonly reads: number;
  /** Files parsed to learn whether they throw as they load (a work count for tests). */
  readonly parses: number;
}

const MAX_BYTES = 5 * 1024 * 1024;
type PreProcess = (text: string, readImportFiles: boolean, detectJavaScriptImports: boolean) => { importedFiles: { fileName: string }[]; referencedFiles: { fileName: string }[] };
let typescript: (TsParser & { preProcessFile: PreProcess }) | null | undefined;

/** The `typescript` package, or null when it is not installed. */
export function loadTypeScript(): (TsParser & { preProcessFile: PreProcess }) | null {
  if (typescript === undefined) {
    try {
      typescript = createRequire(import.meta.url)('typescript') as TsParser & { preProcessFile: PreProcess };
    } catch {
      typescript = null;
    }
  }
  return typescript;
}

/**
 * `export * as Scenes from './scenes'`: a re-export TypeScript's `preProcessFile` does not list (it
 * lists `export * from` and `export { x } from`), though the module loads as surely.
 */
const NAMESPACE_REEXPORT = /(?<![\w$.])export\s*\*\s*as\s+[\w$]+\s+from\s*(['"])([^'"\n]+)\1/g;

/**
 * The scanner of module specifiers: TypeScript's `preProcessFile`, with the namespace re-exports it
 * misses ({@link NAMESPACE_REEXPORT}); null without the `typescript` package.
 */
export function loadPreProcess(): PreProcess | null {
  const scan = loadTypeScript()?.preProcessFile;
  if (scan === undefined) return null;
  return (text, readImportFiles, detectJavaScriptImports) => {
    const found = scan(text, readImportFiles, detectJavaScriptImports);
    if (!/\bexport\s*\*\s*as\b/.test(text)) return found;
    const listed = new Set(found.importedFiles.map(({ fileName }) => fileName));
    const missed = [...withoutComments(text).matchAll(NAMESPACE_REEXPORT)].map((match) => match[2]!).filter((name) => !listed.has(name));
    return { ...found, importedFiles: [...found.importedFiles, ...[...new Set(missed)].map((fileName) => ({ fileName }))] };
  };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Block comments and `//` line comments blanked (a computed `require` in a comment loads nothing). */
export const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/^\s*\/\/.*$/gm, '');

/**
 * The text with the contents of its string literals and of its templates' text blanked, offsets kept:
 * `content.includes('require(\'pg\')')` names a call, it makes none. A quote ends its string at the
 * end of its line (an apostrophe in JSX text blanks one line at most); a template's `${…}` is code.
 */
function withoutStringTexts(text: string): string {
  const out = text.split('');
  /** Open braces of each `${…}` entered, innermost last; a template resumes when its count closes. */
  const holes: number[] = [];
  const blank = (from: number, to: number): void => {
    for (let at = from; at < to; at++) if (out[at] !== '\n') out[at] = ' ';
  };
  const template = (start: number): number => {
    let at = start;
    for (; at < text.length; at++) {
      if (text[at] === '\\') at++;
      else if (text[at] === '`') break;
      else if (text[at] === '$' && text[at + 1] === '{') break;
    }
    blank(start, Math.min(at, text.length));
    if (text[at] === '$') {
      holes.push(0);
      return at + 2;
    }
    return at + 1;
  };
  for (let at = 0; at < text.length; ) {
    const char = text[at]!;
    if (char === "'" || char === '"') {
      let end = at + 1;
      for (; end < text.length && text[end] !== char && text[end] !== '\n'; end++) if (text[end] === '\\') end++;
      blank(at + 1, Math.min(end, text.length));
      at = end + 1;
    } else if (char === '`') {
      at = template(at + 1);
    } else if (holes.length > 0 && char === '{') {
      holes[holes.length - 1]!++;
      at++;
    } else if (holes.length > 0 && char === '}') {
      if (holes[holes.length - 1] === 0) {
        holes.pop();
        at = template(at + 1);
      } else {
        holes[holes.length - 1]!--;
        at++;
      }
    } else {
      at++;
    }
  }
  return out.join('');
}

/** The argument text of each `require(…)`/`import(…)` call whose argument is not a string literal (a call written in a string's text is none). */
export function computedLoads(text: string): string[] {
  const loads: string[] = [];
  for (const match of withoutStringTexts(text).matchAll(/(?<![\w$.])(?:require|import)\s*\(/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    const start = end;
    for (; end < text.length && end - start < 400 && depth > 0; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')') depth--;
    }
    const argument = text.slice(start, depth === 0 ? end - 1 : end).trim();
    if (/^(['"])[^'"\n]*\1$/.test(argument) || /^`[^`$]*`$/.test(argument)) continue;
    loads.push(argument);
  }
  return loads;
}

/** The static string parts of an expression's text: quoted strings and a template's text between `${…}`. */
function literalParts(text: string): string[] {
  const parts: string[] = [];
  for (const match of text.matchAll(/'([^'\\\n]*)'|"([^"\\\n]*)"|`([^`]*)`/g)) {
    if (match[3] !== undefined) parts.push(...match[3].split(/\$\{[^}]*\}/));
    else parts.push(match[1] ?? match[2] ?? '');
  }
  return parts.filter((part) => part !== '');
}

/**
 * The static parts of a load without the tail of its file's name (`` `./${game}.js` ``, `'./' + name + 'Command.js'`):
 * a last part with no slash that ends in a source extension names no folder, so the parts before it say where the file is.
 */
const withoutNameTail = (parts: readonly string[]): readonly string[] =>
  parts.length > 1 && /^[^/\\]*\.[cm]?[jt]sx?$/.test(parts.at(-1)!) ? parts.slice(0, -1) : parts;

/**
 * The folder a computed load's static text names (`./commands/${name}`, `path.join(__dirname,
 * 'commands', file)`), relative to the file or the package root: the deepest existing folder of the
 * joined parts. Null when the parts name no folder below those roots.
 */
function pinnedFolders(parts: readonly string[], roots: readonly string[]): string[] {
  if (parts.length === 0 || parts.some((part) => /^(?:https?:|node:)/.test(part))) return [];
  const joined = path.join(...parts.map((part) => part.replace(/^\/+/, '')));
  const own = joined === '.' || joined === '' || joined === `.${path.sep}`;
  const folders = new Set<string>();
  for (const root of roots) {
    for (let current = path.resolve(root, joined); ; current = path.dirname(current)) {
      if (!(current + path.sep).startsWith(root + path.sep)) break;
      if (current === root && !own) break;
      if (isDirectory(current)) {
        folders.add(current);
        break;
      }
    }
  }
  return [...folders];
}

const LISTING = /\b(?:readdirSync|readdir|opendirSync|opendir|globSync|glob|sync|fg|fastGlob)\s*\(/g;
const DIRECTORY_CALL = /\b(?:path\s*\.\s*)?(?:join|resolve)\s*\(([^()]*(?:__dirname|import\.meta\.dirname|process\.cwd\(\))[^()]*)\)/g;

/**
 * A computed load whose text ends in a `.json` name (`` `${dir}/firebase-admin.json` ``, `root + '/data.json'`,
 * `path.join(__dirname, './package.json')`), maybe with import attributes (`` import(`./sets/${id}.json`, { with: { type: 'json' } }) ``).
 */
const JSON_LOAD = /\.json['"`]\s*(?:,\s*\{[^()]*\}\s*)?$|^(?:path\s*\.\s*)?(?:join|resolve)\s*\([^()]*\.json['"`]\s*\)$/;

/**
 * The hot-reload idiom of bot scripts, whose `require(file)` loads the file itself (loaded already):
 * `let file = require.resolve(__filename); fs.watchFile(file, () => { …; delete require.cache[file]; require(file) })`,
 * or its ES module form, which loads the file again under a new URL: `let file = fileURLToPath(import.meta.url);
 * watchFile(file, () => { unwatchFile(file); import(`${file}?update=${Date.now()}`) })`.
 * The binding is declared right before the call and the callback takes no parameter nor declares the
 * name again, so `file` inside it is the file's own path.
 */
const SELF_RELOAD =
  /(?<![\w$.])(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:require\s*\.\s*resolve\s*\(\s*__filename\s*\)|__filename|(?:[\w$]+\s*\.\s*)?fileURLToPath\s*\(\s*import\s*\.\s*meta\s*\.\s*url\s*\))\s*;?\s*(?:[\w$]+\s*\.\s*)?watchFile\s*\(\s*\1\s*,\s*(?:async\s*)?(?:\(\s*\)\s*=>|function\s*\(\s*\))\s*\{((?:[^{}]|\$\{[^{}]*\})*?)(?<![\w$.])(?:require\s*\(\s*\1\s*\)|import\s*\(\s*`\$\{\s*\1\s*\}(?:\?(?:[^`$\\]|\$\{[^{}`]*\})*)?`\s*\))/g;
/** The load that ends a {@link SELF_RELOAD} idiom. */
const SELF_LOAD = /(?:require\s*\(\s*[\w$]+\s*\)|import\s*\(\s*`[^`]*`\s*\))$/;

/** The code with the load of each hot-reload of the file itself blanked (see {@link SELF_RELOAD}). */
function withoutSelfReloads(code: string): string {
  if (!code.includes('__filename') && !code.includes('fileURLToPath')) return code;
  return code.replace(SELF_RELOAD, (idiom, name: string, body: string) => {
    if (new RegExp(`(?:const|let|var|function)\\s+${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(body)) return idiom;
    const load = SELF_LOAD.exec(idiom)!;
    return idiom.slice(0, load.index) + ' '.repeat(load[0].length);
  });
}

/**
 * The folders a file loads modules from by computed name, or null when a computed load cannot be
 * pinned down (see {@link dynamicLoads}).
 */
export function dynamicFolders(text: string, file: string, packageDir: string): string[] | null {
  const loads = dynamicLoads(text, file, packageDir);
  return loads && [...new Set(loads.map(({ folder, depth }) => (depth === 0 && !isDirectory(folder) ? path.dirname(folder) : folder)))];
}

/** A folder a computed load may load modules from, and how many folder levels below it (Infinity: any; 0: the module the path names, a file or the folder's index). */
export interface LoadedFolder {
  readonly folder: string;
  readonly depth: number;
}

/**
 * The folders a file loads modules from by computed name, or null when a computed load cannot be
 * pinned down: the path it loads, followed back through the bindings it is built from, starts at
 * `__dirname`, `process.cwd()` or literal text and names a folder ({@link loaderPaths}: the
 * discord.js guide's loader of `commands/<folder>/<file>.js` reaches two levels below `commands/`);
 * or its own static text (`./commands/${name}`) names a folder; or — for a bare name (`require(file)`)
 * — the file lists a folder (`readdirSync`, `glob`) named by literal text there or in a
 * `path.join(__dirname, …)`. Only a path followed back to its listings has a depth; the others may
 * load from any level below their folder.
 */
function dynamicLoads(text: string, file: string, packageDir: string): LoadedFolder[] | null {
  const targets = computedLoadTargets(text, file, packageDir);
  const folders: LoadedFolder[] = [];
  for (const loaded of targets.values()) {
    if (loaded === null) return null;
    folders.push(...loaded);
  }
  return folders;
}

/**
 * Each computed load of a file, by the text of its argument (see {@link computedLoads}), with the
 * folders it may load modules from (see {@link dynamicLoads}): empty for a load of no project module
 * (a JSON file, a declared package's module), null for one that cannot be pinned down.
 */
export function computedLoadTargets(text: string, file: string, packageDir: string): ReadonlyMap<string, readonly LoadedFolder[] | null> {
  const code = withoutComments(text);
  const targets = new Map<string, LoadedFolder[] | null>();
  const loads = computedLoads(withoutSelfReloads(code));
  if (loads.length === 0) return targets;
  const roots = [...new Set([path.dirname(file), packageDir])];
  let listed: string[] | null = null;
  // The file's loads followed back (see `loaderPaths`): parsed once, on the first load that asks.
  let pathsOf: ((load: string) => LoaderPath[]) | null | undefined;
  const followable = (): ((load: string) => LoaderPath[]) | null => {
    if (pathsOf === undefined) {
      const ts = loadTypeScript();
      pathsOf = ts === null || !isSource(file) ? null : loaderPaths(ts, code, file);
    }
    return pathsOf;
  };
  const anyLevel = (folder: string): LoadedFolder => ({ folder, depth: Infinity });
  const target = (load: string): LoadedFolder[] | null => {
    // `require(`${config}/firebase-admin.json`)`: a JSON file is data, it runs no module code.
    if (JSON_LOAD.test(load)) return [];
    if (/process\s*\.\s*env/.test(load)) return null;
    if (loadsDeclaredPackage(load, file) || loadsGlobalPackage(load, file)) return [];
    const followed = followedLoads(followable(), file, load, roots);
    if (followed !== null) return followed;
    // A path written relative (`` `./${name}` ``, `'./' + name`) is the file's own: Node resolves it from the file's folder, never the package root.
    const own = pinnedFolders(withoutNameTail(literalParts(load)), /^['"`]\.\.?\//.test(load) ? [path.dirname(file)] : roots);
    if (own.length > 0) return own.map(anyLevel);
    listed ??= listedFolders(code, roots);
    return listed.length === 0 ? null : listed.map(anyLevel);
  };
  for (const load of loads) if (!targets.has(load)) targets.set(load, target(load));
  return targets;
}

/** Whether a computed load's folders ({@link computedLoadTargets}) may hold the module: inside a folder, at most its depth below it (depth 0: the module the path names, or its folder's index). */
export function mayLoad(folders: readonly LoadedFolder[], module: string): boolean {
  return folders.some(({ folder, depth }) => {
    if (module === folder) return true;
    if (!module.startsWith(folder + path.sep)) return false;
    const levels = path.relative(folder, module).split(path.sep).length;
    return levels <= depth || (levels === depth + 1 && /^index\.[cm]?[jt]sx?$/.test(path.basename(module)));
  });
}

/**
 * The folders of the loads of a file whose argument's text is `load`, with their depth, when each
 * such load's path, followed back ({@link loaderPaths}), starts at a known place and names a folder;
 * otherwise null. A folder named by a path that does not exist in full (its deepest existing folder is
 * taken) may hold the load at any level.
 */
function followedLoads(pathsOf: ((load: string) => LoaderPath[]) | null, file: string, load: string, roots: readonly string[]): LoadedFolder[] | null {
  const paths = pathsOf?.(load) ?? [];
  if (paths.length === 0) return null;
  const folders: LoadedFolder[] = [];
  for (const { parts, depth, rooted, literal } of paths) {
    const from = /^\.\.?(?:[/\\]|$)/.test(parts[0] ?? '') ? [path.dirname(file)] : roots;
    if (depth === 0 && rooted) {
      // Node on Windows reads `..\\utils\\x` as relative too: the module may be that file.
      const joined = path.join(...parts).replace(/^(\.\.?\\.*)$/, (relative) => relative.replace(/\\/g, '/'));
      // `require(path.join('commands\\games\\trivia.js'))`: Node reads a name that is not relative as a package's, and no npm package has a backslash in its name.
      if (literal && !/^[./]/.test(joined) && joined.includes('\\')) continue;
      if (literal && !/^[./]/.test(joined)) return null;
      const target = joined.replace(/^\/+/, '');
      const modules = from.map((root) => resolveFile(root, `./${target}`)).filter((one) => one !== null);
      if (modules.length > 0) {
        folders.push(...modules.map((module) => ({ folder: module, depth: 0 })));
        continue;
      }
      // `require(path.join(__dirname, '../automod'))` of a path that names nothing ({@link missingModule}): it throws, it loads no module.
      const pkg = packageOf(file);
      if (pkg !== null && from.every((root) => missingModule(root, `./${target}`, pkg))) continue;
    }
    const named = withoutNameTail(parts);
    const pinned = rooted ? pinnedFolders(named, from) : [];
    if (pinned.length === 0) return null;
    const exact = new Set(from.map((root) => path.resolve(root, path.join(...named.map((part) => part.replace(/^\/+/, ''))))));
    for (const folder of pinned) folders.push({ folder, depth: exact.has(folder) ? depth : Infinity });
  }
  return folders;
}

/** A quoted load that starts with a package name and a slash: `` `@pkmn/mods/${gen}` ``, `'lodash/' + name`. */
const PACKAGE_SUBPATH = /^['"`]((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)\//;

/**
 * A computed load of a module inside a package the file's package declares (`` import(`@pkmn/mods/${gen}`) ``):
 * Node resolves it in `node_modules`, never to a project file, so it loads no project code.
 */
function loadsDeclaredPackage(load: string, file: string): boolean {
  const name = PACKAGE_SUBPATH.exec(load)?.[1];
  const pkg = name === undefined ? null : packageOf(file);
  return pkg !== null && NPM_NAME.test(name!) && declares(pkg, name!) && !configuresAliases(pkg);
}

/** `global.baileys`, `globalThis.baileys`: a load of a value the program keeps on the global object. */
const GLOBAL_LOAD = /^(?:global|globalThis)\s*\.\s*([A-Za-z_$][\w$]*)$/;
/** At most this many source files of a package are read to find what it sets a global to. */
const MAX_GLOBAL_FILES = 2000;

/**
 * A computed load of a global the package sets only to a declared package's name (`import(global.baileys)`, config.js
 * writing `global.baileys = "@whiskeysockets/baileys"`, as WhatsApp bots of the Baileys family do): Node loads that
 * package from `node_modules`, no project file. Every write of the name in the package's source files must be such a
 * string literal, at least one must exist, and no file may write the global object by a computed key or as a whole.
 */
function loadsGlobalPackage(load: string, file: string): boolean {
  const name = GLOBAL_LOAD.exec(load)?.[1];
  const pkg = name === undefined ? null : packageOf(file);
  if (pkg === null || configuresAliases(pkg)) return false;
  const snapshot = projectSnapshot(pkg.dir);
  let memo = globalPackageMemo.get(pkg);
  if (memo?.snapshot !== snapshot) {
    memo = { snapshot, answers: new Map() };
    globalPackageMemo.set(pkg, memo);
  }
  let answer = memo.answers.get(name!);
  if (answer === undefined) {
    answer = setsOnlyDeclaredPackage(pkg, snapshot, name!);
    memo.answers.set(name!, answer);
  }
  return answer;
}

/** Work counts for tests: the package's files scanned for the writes of one global ({@link loadsGlobalPackage}). */
export const globalLoadWork = { scans: 0 };

/**
 * Per package: the answers of {@link loadsGlobalPackage} by global name, for one version of the package's
 * files (see `projectSnapshot`: a new version when a file is added, removed or changed, looked at once per linted file).
 */
const globalPackageMemo = new WeakMap<PackageInfo, { snapshot: ProjectSnapshot; answers: Map<string, boolean> }>();

function setsOnlyDeclaredPackage(pkg: PackageInfo, snapshot: ProjectSnapshot, name: string): boolean {
  globalLoadWork.scans++;
  const files = snapshot.files.filter((one) => isSource(one));
  if (files.length > MAX_GLOBAL_FILES) return false;
  const write = new RegExp(`(?<![\\w$.])(?:global|globalThis)\\s*\\.\\s*${escapeRegExp(name)}\\s*=(?![=>])\\s*([^;\\n]*)`, 'g');
  let writes = 0;
  for (const one of files) {
    // The snapshot keeps texts up to 512 KB; a larger file is read here, as before the snapshot kept them.
    const text = snapshotText(snapshot, one) ?? readSmallText(one, MAX_BYTES);
    if (text === null) return false;
    const code = withoutComments(text);
    if (GLOBAL_BULK_WRITE.test(code)) return false;
    for (const match of code.matchAll(write)) {
      const value = /^(['"`])((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)\1\s*,?$/.exec(match[1]!.trim());
      if (value === null || !declares(pkg, value[2]!)) return false;
      writes++;
    }
  }
  return writes > 0;
}

function listedFolders(code: string, roots: readonly string[]): string[] {
  if (!LISTING.test(code)) return [];
  LISTING.lastIndex = 0;
  const folders = new Set<string>();
  const add = (argument: string): void => {
    const parts = literalParts(argument).map((part) => part.split(/[*{]/)[0]!).filter((part) => part !== '');
    for (const folder of pinnedFolders(parts, roots)) folders.add(folder);
  };
  for (const match of code.matchAll(LISTING)) add(/^[^)]*/.exec(code.slice(match.index + match[0].length))![0]);
  for (const match of code.matchAll(DIRECTORY_CALL)) add(match[1]!);
  return [...folders];
}

/** Vite's `import.meta.glob('./posts/*.ts')` (and Vite 2's `globEager`): modules loaded by a pattern. */
const VITE_GLOB = /\bimport\s*\.\s*meta\s*\.\s*glob(?:Eager)?\s*[(<]/;

/** The files the walk reads: JavaScript and TypeScript sources, and Svelte and Vue components (their `<script>` blocks). */
const isModuleFile = (name: string): boolean => isSource(name) || isComponent(name);

/**
 * The module files of a folder down to `depth` levels below it (1: its own files; Infinity: all). A
 * load of a folder's path runs its `index` module, or the `main` its `package.json` names: a level's
 * folders count as loaded modules too.
 */
function folderModules(folder: string, depth = Infinity): string[] {
  if (depth === 0 && !isDirectory(folder)) return fs.existsSync(folder) ? [folder] : [];
  return listProjectFiles(folder, (name, folders) => {
    if (!isModuleFile(name)) return false;
    if (folders.length < depth) return true;
    const loaded = path.join(folder, ...folders.slice(0, depth));
    return (folders.length === depth && /^index\.[cm]?[jt]sx?$/.test(name)) || fs.existsSync(path.join(loaded, 'package.json'));
  });
}

/** Packages that load every module of a folder they are given (`server.register(AutoLoad, { dir: join(__dirname, 'routes') })`). */
const FOLDER_LOADERS = new Set(['@fastify/autoload', 'fastify-autoload', 'require-all', 'require-directory', 'require-dir', 'include-all', 'bulk-require', 'consign', 'express-load']);

/** The folders a file that uses a folder loader names in a `path.join(__dirname, …)`. */
function loaderFolders(text: string, file: string, packageDir: string): string[] {
  const roots = [...new Set([path.dirname(file), packageDir])];
  const folders = new Set<string>();
  for (const match of withoutComments(text).matchAll(DIRECTORY_CALL)) pinnedFolders(literalParts(match[1]!), roots).forEach((folder) => folders.add(folder));
  return [...folders];
}

/** What a bare specifier names in this package: a file, nothing here (an npm package), or an alias that cannot be resolved. */
type Bare = { readonly file: string } | 'package' | 'unresolved';

function resolveBare(pkg: PackageInfo, specifier: string, byName: ReadonlyMap<string, PackageInfo>): Bare {
  const { baseUrl } = pkg.compiler;
  const alias = pathsAlias(pkg, specifier);
  if (alias !== null) return alias;
  if (svelteKitAliases(pkg).length > 0) {
    if (isSvelteKitModule(specifier)) return 'package';
    const kit = svelteKitAliasPath(pkg, specifier);
    if (kit !== null) {
      const file = componentFile(kit) ?? resolveFile(pkg.dir, kit);
      // `$lib/assets/logo.png`, `$lib/data.json`: a file the bundler loads, no module to follow.
      if (file === null && fs.existsSync(kit)) return 'package';
      return file !== null ? { file } : 'unresolved';
    }
  }
  if (specifier.startsWith('#')) {
    const imports = pkg.manifest?.imports;
    for (const [pattern, target] of typeof imports === 'object' && imports !== null ? Object.entries(imports as Record<string, unknown>) : []) {
      const star = pattern.indexOf('*');
      const hit = star === -1 ? specifier === pattern : specifier.startsWith(pattern.slice(0, star));
      const to = typeof target === 'string' ? target : typeof target === 'object' && target !== null ? Object.values(target).find((value) => typeof value === 'string') : undefined;
      if (hit && typeof to === 'string') {
        const file = resolveEntry(pkg, pkg.dir, star === -1 ? to : to.replace('*', specifier.slice(star)));
        if (file !== null) return { file };
      }
    }
    return 'unresolved';
  }
  if (baseUrl !== null) {
    const file = resolveFile(baseUrl, `./${specifier}`);
    if (file !== null) return { file };
  }
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  const sibling = byName.get(name);
  if (sibling && sibling !== pkg) {
    const subpath = specifier.slice(name.length);
    if (subpath === '') return 'package';
    const file = resolveEntry(sibling, sibling.dir, `.${subpath}`);
    return file !== null ? { file } : 'unresolved';
  }
  if (specifier.includes(':') || builtinModules.includes(name) || declares(pkg, name)) return 'package';
  // Not a dependency: a bundler or module-resolver alias (`@/x`, `~/x`, webpack's `@bot/bot.js` for
  // `src/bot/bot.js`, NODE_PATH's `src/db`), found under `src/` or the package root, or unknown.
  const rest = specifier.replace(/^[@~$#]?\/?/, '');
  const file = resolveFile(path.join(pkg.dir, 'src'), `./${rest}`) ?? resolveFile(pkg.dir, `./${rest}`);
  if (file !== null) return { file };
  // An npm name (`better-sqlite3`, `@scope/pkg/sub`) that names no file here, in a package that
  // configures no alias bot-audit does not read: an npm package missing from package.json (installed
  // by hand, or the import fails at run time), never one of the project's files.
  return NPM_NAME.test(name) && !configuresAliases(pkg) ? 'package' : 'unresolved';
}

/** A name npm accepts for a package: lower case, optionally scoped (`@/x`, `~/x`, `$lib` are aliases). */
const NPM_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/;
/** Whether the package, or a package above it (a workspace root), lists `name` as a dependency of any kind. */
function declares(pkg: PackageInfo, name: string): boolean {
  for (let current: PackageInfo | null = pkg; current !== null; current = packageOf(current.dir)) {
    const manifest = current.manifest as Record<string, unknown> | null;
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const deps = manifest?.[field];
      if (typeof deps === 'object' && deps !== null && Object.hasOwn(deps, name)) return true;
    }
    if (current.manifest?.name === name) return true;
  }
  return false;
}

interface Step {
  readonly reach: (file: string) => void;
  /** Reaches the module files of a folder, down to `depth` levels below it (Infinity: all). */
  readonly reachFolder: (folder: string, depth?: number) => void;
  readonly fail: (reason: string) => void;
  readonly importsOf: (file: string, text: string, pkg: PackageInfo | null, unresolved: (name: string) => void) => { targets: string[]; specifiers: string[] };
}

/**
 * One step of the walk: what a file runs — its imports, source paths written as strings, the folders
 * it loads by computed name or through a folder loader; `fail` hears what cannot be pinned down.
 */
function follow(file: string, read: string, pkg: PackageInfo | null, step: Step): void {
  const { reach, reachFolder, fail } = step;
  const directory = path.dirname(file);
  // A Svelte or Vue component runs the code of its `<script>` blocks; its markup loads nothing.
  const text = isComponent(file) ? componentScript(read) : read;
  if (VITE_GLOB.test(text)) fail('loads modules through Vite’s glob import (`meta.glob(…)`), which bot-audit does not follow');
  const { targets, specifiers } = step.importsOf(file, text, pkg, (name) => fail(`the import \`${name}\` cannot be resolved`));
  targets.forEach(reach);
  for (const match of text.matchAll(PATH_STRING)) {
    for (const base of pkg ? [directory, pkg.dir] : [directory]) {
      const target = resolveFile(base, match[1]!.startsWith('.') ? match[1]! : `./${match[1]!}`);
      if (target !== null) reach(target);
    }
  }
  const folders = dynamicLoads(text, file, pkg?.dir ?? directory);
  if (folders === null) fail('loads modules by a computed name from a folder bot-audit cannot pin down');
  else folders.forEach(({ folder, depth }) => reachFolder(folder, depth));
  const loader = specifiers.find((name) => FOLDER_LOADERS.has(name));
  if (loader !== undefined) {
    const loaded = loaderFolders(text, file, pkg?.dir ?? directory);
    if (loaded.length === 0) fail(`loads a folder through \`${loader}\` that bot-audit cannot pin down`);
    else loaded.forEach((folder) => reachFolder(folder));
  }
}

/** The project files a file imports statically, and the specifiers it imports; `unresolved` hears each bare name that resolves nowhere. */
function importer(scan: PreProcess, byName: ReadonlyMap<string, PackageInfo>): Step['importsOf'] {
  return (file, text, pkg, unresolved) => {
    const directory = path.dirname(file);
    const { importedFiles, referencedFiles } = scan(text, true, true);
    const targets: string[] = [];
    // A relative import the compiler drops loads nothing (an aliased or bare one is still resolved: one that cannot be fails open).
    const elided = pkg?.compiler.elidesUnusedImports === true ? elidedImports(text, file) : new Set<string>();
    for (const { fileName } of [...importedFiles, ...referencedFiles]) {
      if (fileName.startsWith('.') || fileName.startsWith('/')) {
        if (elided.has(fileName)) continue;
        // `require('./build/bot')` from a file kept at the root: build output maps to its source.
        const target = componentFile(path.resolve(directory, fileName)) ?? (pkg !== null ? resolveEntry(pkg, directory, fileName) : resolveFile(directory, fileName));
        if (target !== null) targets.push(target);
      } else if (pkg !== null && !fileName.startsWith('node:')) {
        const target = resolveBare(pkg, fileName, byName);
        if (target === 'unresolved') unresolved(fileName);
        else if (target !== 'package') targets.push(target.file);
      }
    }
    return { targets, specifiers: importedFiles.map(({ fileName }) => fileName) };
  };
}

/**
 * The module paths a TypeScript file (`.ts`, `.mts`, `.cts`: no JSX, whose factory is an implicit use)
 * imports only for bindings it never names again (`import { startScheduler } from './interval'` and no
 * other identifier `startScheduler` in its code — in a type, a decorator or an `export { … }` list it
 * is one; a comment (`// startScheduler();`, a registration switched off) or a string names no
 * binding, and the compiler does not read them), or for types only: the compiler
 * drops such an import ({@link CompilerPaths.elidesUnusedImports}), so the module never loads. Never a
 * side-effect import (`import './interval'`), an empty list (`import {} from`), an `import x =
 * require(…)`, or a path the file writes twice (a `require`, an `export … from` of it too).
 */
function elidedImports(text: string, file: string): Set<string> {
  const elided = new Set<string>();
  const ts = loadTypeScript();
  if (ts === null || !/\.[cm]?ts$/.test(file) || /\.d\.[cm]?ts$/.test(file) || !/\bimport\b/.test(text)) return elided;
  const K = ts.SyntaxKind;
  const statements = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS).statements;
  let names: Map<string, number> | undefined;
  /** How often the code names the identifier outside import declarations: comments and strings are no identifiers. */
  const uses = (word: string): number => {
    // Written once in the whole text (its import): no walk needed.
    if ((text.match(new RegExp(`(?<![\\w$])${word.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0) <= 1) return 0;
    if (names === undefined) {
      const found = new Map<string, number>();
      const visit = (node: TsNode): void => {
        if (node.kind === K.Identifier && typeof node.text === 'string') found.set(node.text, (found.get(node.text) ?? 0) + 1);
        ts.forEachChild(node, visit);
      };
      for (const statement of statements) if (statement.kind !== K.ImportDeclaration) visit(statement);
      names = found;
    }
    return names.get(word) ?? 0;
  };
  for (const statement of statements) {
    if (statement.kind !== K.ImportDeclaration) continue;
    const clause = statement.importClause as TsNode | undefined;
    const source = statement.moduleSpecifier as TsNode & { text?: string };
    if (clause === undefined || source.kind !== K.StringLiteral || typeof source.text !== 'string') continue;
    const locals: string[] = [];
    const name = (node: unknown): string => ((node as { text?: unknown } | undefined)?.text as string | undefined) ?? '';
    if (clause.name !== undefined) locals.push(name(clause.name));
    const bindings = clause.namedBindings as TsNode | undefined;
    if (bindings !== undefined && bindings.kind === K.NamespaceImport) locals.push(name(bindings.name));
    else if (bindings !== undefined && bindings.kind === K.NamedImports) {
      for (const element of bindings.elements as TsNode[]) if (element.isTypeOnly !== true) locals.push(name(element.name));
      if ((bindings.elements as TsNode[]).length === 0) continue;
    }
    const typeOnly = clause.isTypeOnly === true;
    if (locals.includes('') || (!typeOnly && locals.some((local) => uses(local) > 0))) continue;
    const quoted = escapeRegExp(source.text);
    if ((text.match(new RegExp(`['"\`]${quoted}['"\`]`, 'g'))?.length ?? 0) > 1) continue;
    elided.add(source.text);
  }
  return elided;
}
type TsNode = { kind: number; [key: string]: unknown };

/** A walk's work list: the files reached so far, those still to read, and `reach` to add one once. */
function worklist(): { reached: Set<string>; queue: string[]; reach: (file: string) => void } {
  const reached = new Set<string>();
  const queue: string[] = [];
  const reach = (file: string): void => {
    if (!reached.has(file)) {
      reached.add(file);
      queue.push(file);
    }
  };
  return { reached, queue, reach };
}

/**
 * The files the walk of {@link reachability} reaches from `starts` alone (the starts included), or
 * null when a reached file cannot be read or loads modules the walk cannot pin down, or without the
 * `typescript` package. Other packages' entries are not entered.
 */
export function reachedFrom(starts: readonly string[]): ReadonlySet<string> | null {
  return walkFrom(starts, true);
}

/**
 * The files the walk of {@link reachability} surely reaches from `starts` (the starts included): a
 * file it cannot read, or a load it cannot pin down, ends that branch of the walk, not the walk, so
 * the set may miss files but holds none the starts do not load. Empty without the `typescript` package.
 */
export function surelyReachedFrom(starts: readonly string[]): ReadonlySet<string> {
  return walkFrom(starts, false) ?? new Set();
}

/** {@link reachedFrom} (`strict`: null at the first file unread or load not pinned down) or {@link surelyReachedFrom}. */
function walkFrom(starts: readonly string[], strict: boolean): ReadonlySet<string> | null {
  const scan = loadPreProcess();
  if (scan === null) return null;
  const { reached, queue, reach } = worklist();
  let failed = false;
  const step: Step = { reach, reachFolder: (folder, depth) => folderModules(folder, depth).forEach(reach), fail: () => (failed = strict), importsOf: importer(scan, new Map()) };
  starts.forEach(reach);
  while (queue.length > 0 && !failed) {
    const file = queue.pop()!;
    const text = readSmallText(file, MAX_BYTES);
    if (text === null) {
      if (strict) return null;
      continue;
    }
    follow(file, text, packageOf(file), step);
  }
  return failed ? null : reached;
}

/**
 * Whether two files of a project may run in one process, by their packages: two packages are linked
 * when a file of one loads a file of the other (an import, `require`, `import()`, a source path written
 * as a string, a folder loaded by computed name, a bare specifier naming the other package), one
 * package's folder holds the other's (a root's scripts may start or preload a nested package's
 * files), and through a chain of such links. A process starts at one file and loads only what the
 * walk follows from it, so an object of one package never reaches code of a package not linked to
 * it (a browser app beside its server, two bots in one repository). `files` are the project's files
 * that may run (their loads link packages; a test loads both sides, yet never runs in production).
 * Everything is linked when a file has no package, cannot be read, or loads what the walk cannot pin
 * down (a computed load of unknown folder, a bare specifier that resolves nowhere), or without the
 * `typescript` package. `reads` counts the files read (a work count for tests).
 */
export function linkedPackages(files: readonly string[]): { readonly linked: (a: string, b: string) => boolean; readonly reads: number } {
  const all = { linked: (): boolean => true, reads: 0 };
  const scan = loadPreProcess();
  const dirs = new Set<string>();
  for (const file of files) {
    const dir = packageOf(file)?.dir;
    if (dir === undefined) return all;
    dirs.add(dir);
  }
  if (scan === null || dirs.size < 2) return all;
  const parent = new Map<string, string>();
  const find = (dir: string): string => {
    let root = dir;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(dir, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  // A package inside another's folder (a root's scripts may start or preload its files): linked to it, whether or not the outer one has files of its own.
  for (const dir of dirs) {
    const outer = packageOf(dir)?.dir;
    if (outer !== undefined) union(dir, outer);
  }
  const byName = new Map<string, PackageInfo>();
  for (const dir of dirs) {
    const pkg = packageOf(path.join(dir, 'package.json'));
    if (pkg !== null && typeof pkg.manifest?.name === 'string') byName.set(pkg.manifest.name, pkg);
  }
  const loads = importer(scan, byName);
  let open = false;
  let reads = 0;
  for (const file of files) {
    const text = readSmallText(file, MAX_BYTES);
    const pkg = packageOf(file)!;
    if (text === null) return all;
    reads++;
    const reach = (target: string): void => {
      const dir = packageOf(target)?.dir;
      if (dir === undefined) open = true;
      else union(pkg.dir, dir);
    };
    const importsOf: Step['importsOf'] = (from, code, own, unresolved) => {
      const found = loads(from, code, own, unresolved);
      // `import { x } from 'shared'`, the name of a package of the project: linked, whichever file it resolves to.
      for (const specifier of found.specifiers) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        const sibling = byName.get(name);
        if (sibling !== undefined) union(pkg.dir, sibling.dir);
      }
      return found;
    };
    follow(file, text, pkg, { reach, reachFolder: (folder, depth) => folderModules(folder, depth).forEach(reach), fail: () => (open = true), importsOf });
    if (open) return { ...all, reads };
  }
  return { linked: (a, b) => { const [pa, pb] = [packageOf(a)?.dir, packageOf(b)?.dir]; return pa === undefined || pb === undefined || find(pa) === find(pb); }, reads };
}

/** What {@link reachedFrom} found from one entry, with the size and modification time of each file it read. */
interface EntryWalk {
  readonly reached: ReadonlySet<string>;
  readonly stamps: readonly (readonly [string, number, number])[];
}
const entryWalks = new Map<string, EntryWalk>();

function stampOf(file: string): readonly [string, number, number] {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return [file, stat?.mtimeMs ?? -1, stat?.size ?? -1];
}

/**
 * {@link reachedFrom} one entry, kept while every file the walk read keeps its size and modification
 * time: the same set object is returned while nothing changed (a key for answers about the walk).
 */
export function reachedFromEntry(entry: string): ReadonlySet<string> | null {
  const known = entryWalks.get(entry);
  if (known?.stamps.every(([file, mtime, size]) => { const [, now, length] = stampOf(file); return now === mtime && length === size; })) return known.reached;
  const reached = reachedFrom([entry]);
  // A walk that failed (a file unreadable, a computed load) is not kept: the next question walks again.
  if (reached === null) entryWalks.delete(entry);
  else entryWalks.set(entry, { reached, stamps: [...reached].map(stampOf) });
  return reached;
}

/**
 * Whether every process that runs `file` starts at an entry that passes `test`: the file's package
 * has known entry files ({@link packageEntries}: no entry folder, not failing open), at least one
 * that passes `test` reaches the file through project imports ({@link reachedFrom}), and none that
 * fails it does. `test` is asked first, so a package none of whose entries passes it walks nothing.
 * Each entry's walk is kept while the files it read stay the same (size and modification time).
 * With `byHand`, a package that fails open only for having no start command but `main` (its other
 * files may be run by hand) counts too, when each of the files `main` does not reach (at most
 * {@link MAX_BY_HAND}), as a start of its own, passes `test` or does not reach `file`; a file `main`
 * reaches is part of the program `main` starts.
 */
export function onlyReachedFromEntries(file: string, test: (entry: string) => boolean, { byHand = false }: { readonly byHand?: boolean } = {}): boolean {
  const pkg = packageOf(file);
  if (pkg === null) return false;
  const entries = knownEntries(pkg);
  if (entries.folders.length > 0 || (entries.open !== null && !(byHand && entries.open === ONLY_MAIN))) return false;
  const passing = new Set(entries.files.filter(test));
  if (passing.size === 0) return false;
  let reachedByPassing = false;
  const reachedByEntries = new Set<string>();
  for (const entry of entries.files) {
    const reached = reachedFromEntry(entry);
    if (reached === null) return false;
    reached.forEach((one) => reachedByEntries.add(one));
    if (!reached.has(file)) continue;
    if (!passing.has(entry)) return false;
    reachedByPassing = true;
  }
  if (!reachedByPassing || entries.open === null) return reachedByPassing;
  const byHandStarts = listProjectFiles(pkg.dir, isSource).filter((one) => !reachedByEntries.has(one) && packageOf(one)?.dir === pkg.dir);
  if (byHandStarts.length > MAX_BY_HAND) return false;
  return byHandStarts.every((start) => {
    const reached = reachedFromEntry(start);
    return reached !== null && (!reached.has(file) || test(start));
  });
}

/** At most this many files a package's `main` does not reach are walked as starts run by hand (see {@link onlyReachedFromEntries}). */
const MAX_BY_HAND = 64;

/** Source paths written as strings (`new Worker('./worker.js')`, `fork('jobs/send.js')`, `script: 'bot.js'`). */
const PATH_STRING = /['"`]((?:\.{1,2}\/)?[\w@][\w@./-]*\.[cm]?[jt]sx?)['"`]/g;


/**
 * The files of `files` that no entry point of their package reaches (see {@link Reachability}).
 * A file of no package is walked from the deployment settings of the folder above it that has them
 * ({@link projectOf}); files outside any package and below no such settings are reachable.
 */
export function reachability(files: readonly string[]): Reachability {
  const open = new Map<string, string>();
  const scanner = loadTypeScript();
  const scan = loadPreProcess() ?? undefined;
  const filePackages = new Map(files.map((file) => [file, projectOf(file)]));
  const roots = [...new Set([...filePackages.values()].filter((pkg): pkg is PackageInfo => pkg !== null))];
  if (scanner === null || scan === undefined) {
    return { unreachable: new Set(), open: roots.map((pkg) => ({ dir: pkg.dir, reason: 'the `typescript` package is not installed' })), reads: 0, parses: 0 };
  }
  const byName = new Map<string, PackageInfo>();
  const { reached, queue, reach } = worklist();
  const reachFolder = (folder: string, depth?: number): void => folderModules(folder, depth).forEach(reach);
  // A package that fails open runs every file of its own: each is walked, so that the files of other
  // packages they import are reached too.
  const openPackage = (pkg: PackageInfo, reason: string): void => {
    if (open.has(pkg.dir)) return;
    open.set(pkg.dir, reason);
    listProjectFiles(pkg.dir, isModuleFile)
      .filter((file) => projectOf(file) === pkg)
      .forEach(reach);
  };
  const entered = new Set<string>();
  const enter = (pkg: PackageInfo): void => {
    if (entered.has(pkg.dir)) return;
    entered.add(pkg.dir);
    const entries = packageEntries(pkg);
    if (typeof pkg.manifest?.name === 'string') byName.set(pkg.manifest.name, pkg);
    entries.files.forEach(reach);
    entries.folders.forEach((folder) => reachFolder(folder));
    if (entries.open !== null) openPackage(pkg, entries.open);
  };
  roots.forEach(enter);
  let reads = 0;
  /** The project files a file imports statically, and the specifiers it imports; `unresolved` hears each bare name that resolves nowhere. */
  const importsOf = importer(scan, byName);
  const walk = (): void => {
    while (queue.length > 0) {
      const file = queue.pop()!;
      const pkg = projectOf(file);
      if (pkg !== null) enter(pkg);
      const fail = (reason: string): void => {
        if (pkg !== null) openPackage(pkg, `${path.relative(pkg.dir, file)}: ${reason}`);
      };
      let text: string;
      try {
        const stats = fs.statSync(file);
        if (!stats.isFile() || stats.size > MAX_BYTES) throw new Error('not a readable file');
        text = fs.readFileSync(file, 'utf8');
        reads++;
      } catch (error) {
        // Its imports are unknown: the package fails open, and says why.
        fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
        continue;
      }
      follow(file, text, pkg, { reach, reachFolder, fail, importsOf });
    }
  };
  walk();
  const unreached = (): string[] =>
    files.filter((file) => {
      const pkg = filePackages.get(file);
      return pkg !== null && pkg !== undefined && !open.has(pkg.dir) && !reached.has(file);
    });
  const runners = runnerScripts(unreached(), {
    read: (file, limit) => {
      try {
        const stats = fs.statSync(file);
        if (!stats.isFile() || stats.size > limit) return null;
        reads++;
        return fs.readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    },
    reached,
    pkgOf: (file) => filePackages.get(file)!,
    resolve: (pkg, file, specifier) => {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolveEntry(pkg, path.dirname(file), specifier);
        return target === null ? null : { file: target };
      }
      const bare = specifier.startsWith('node:') ? 'package' : resolveBare(pkg, specifier, byName);
      return bare === 'unresolved' ? null : bare;
    },
    imports: (file, text, pkg) => {
      let resolved = true;
      const { targets } = importsOf(file, text, pkg, () => (resolved = false));
      return resolved ? targets : null;
    },
    ts: scanner,
  });
  runners.forEach(reach);
  walk();
  const unreachable = new Set(unreached());
  let parses = 0;
  for (const file of files) {
    const pkg = filePackages.get(file);
    // A file of no package is left to its entries: whether it throws as it loads is read in packages only.
    if (pkg === null || pkg === undefined || packageOf(file) === null || unreachable.has(file)) continue;
    const text = readSmallText(file, MAX_BYTES);
    if (text !== null && throwsAtLoad(file, text, pkg, scanner, () => parses++)) unreachable.add(file);
  }
  return { unreachable, open: [...open].map(([dir, reason]) => ({ dir, reason })), reads, parses };
}

/** A runner script is read only when it is this small: it loads config and calls one function. */
const MAX_RUNNER_BYTES = 4096;
/** Methods that start what a module exports (`bot.launch()`, `app.start()`), unlike `bot.command(…)`, which adds to it. */
const LAUNCH_MEMBERS = /^(?:start|launch|run|init|initialize|main|listen|boot|bootstrap|serve|startPolling|startBot|execute)$/;

interface RunnerContext {
  /** A file's text when it is at most `limit` bytes and readable (counted as a read). */
  read(file: string, limit: number): string | null;
  readonly reached: ReadonlySet<string>;
  pkgOf(file: string): PackageInfo;
  /** A specifier as the walk resolves it: a project file, `package`, or null (unresolved). */
  resolve(pkg: PackageInfo, file: string, specifier: string): { readonly file: string } | 'package' | null;
  /** The project files a file imports, or null when one of its imports cannot be resolved. */
  imports(file: string, text: string, pkg: PackageInfo): string[] | null;
  readonly ts: TsParser;
}

/**
 * Runner scripts among the files no entry reaches: a second process's launcher (`botRunner.js`:
 * `require('dotenv').config(); initBotPolling().catch(…)`) that no script names. A file counts when
 * its top level only loads config and calls what it imports from project modules
 * ({@link runnerCalls}), every project module it imports is reached by no entry (a draft copy of
 * the entry imports what the entry imports), nothing imports it, and no other unreached file
 * imports the module it launches except from inside that module's own graph.
 */
function runnerScripts(candidates: readonly string[], context: RunnerContext): string[] {
  const found: { file: string; launched: string[] }[] = [];
  const small = new Map<string, string | null>();
  for (const file of candidates) {
    const text = context.read(file, MAX_RUNNER_BYTES);
    small.set(file, text);
    const calls = text === null ? null : runnerCalls(context.ts, text, file);
    if (calls === null) continue;
    const pkg = context.pkgOf(file);
    const launched: string[] = [];
    const fits = calls.every((call) => {
      const target = context.resolve(pkg, file, call.specifier);
      if (target === 'package') return call.load || call.member === 'config' || call.name === 'config';
      if (target === null || call.load || (call.member !== null && !LAUNCH_MEMBERS.test(call.member))) return false;
      launched.push(target.file);
      return true;
    });
    const imports = fits && launched.length > 0 ? context.imports(file, text!, pkg) : null;
    if (imports !== null && !imports.some((target) => context.reached.has(target))) found.push({ file, launched });
  }
  if (found.length === 0) return [];
  // Who imports whom among the unreached files.
  const edges = new Map<string, string[]>();
  for (const file of candidates) {
    const text = small.get(file) ?? context.read(file, MAX_BYTES);
    edges.set(file, text === null ? [] : (context.imports(file, text, context.pkgOf(file)) ?? []));
  }
  const importers = (target: string): string[] => candidates.filter((file) => edges.get(file)!.includes(target));
  const closure = (start: string): Set<string> => {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      for (const next of edges.get(stack.pop()!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  return found
    .filter(({ file, launched }) => importers(file).length === 0 && launched.every((target) => {
      const own = closure(target);
      return importers(target).every((importer) => importer === file || own.has(importer));
    }))
    .map(({ file }) => file);
}

/** `require('./x')` with a relative path in a string: a cheap first look before a parse. */
const RELATIVE_REQUIRE = /\brequire\s*\(\s*['"](\.{1,2}\/[^'"\n]*)['"]\s*\)/g;
/** What `require` tries after the path itself: the source extensions, JSON and native addons. */
const REQUIRE_EXTENSIONS = [...SOURCE_EXTENSIONS, '.json', '.node'];

/**
 * Whether a relative module path names nothing there is: no file or folder at the path or with an
 * extension `require` tries, no build output that maps to a source ({@link resolveEntry}), and
 * nothing a `.gitignore` keeps out of the repository (a local `config.js` is there on the machine
 * that runs the bot; see {@link gitignored}).
 */
function missingModule(directory: string, specifier: string, pkg: PackageInfo): boolean {
  if (resolveEntry(pkg, directory, specifier) !== null) return false;
  const base = path.resolve(directory, specifier);
  const candidates = [base, ...REQUIRE_EXTENSIONS.map((extension) => base + extension), path.join(base, 'index.js')];
  return !candidates.some((candidate) => fs.existsSync(candidate) || gitignored(candidate));
}

/**
 * Whether a JavaScript file throws as it loads, so that its bot is never made or started:
 * - a CommonJS file (`.js`, `.cjs`) whose top level — not in a `try`, a branch or a function —
 *   requires a relative path that names nothing ({@link missingModule}): `const { menu } =
 *   require('./keyboard/menu');`, `require('./x')(bot);`, `const y = require('./x').y;`. Node stops
 *   the module there with `MODULE_NOT_FOUND`. A `require` in a `try`, in a function or behind a
 *   condition may never run or is handled: not counted.
 * - a JavaScript file (`.js`, `.cjs`, `.mjs`) whose top level reads a `const`, `let` or `class` of its
 *   own before the declaration runs ({@link readsBeforeDeclaration}): a `ReferenceError`.
 * `onParse` hears each parse (a work count for tests): files the cheap scans clear are not parsed.
 */
export function throwsAtLoad(file: string, text: string, pkg: PackageInfo, ts: TsParser, onParse: () => void = () => {}): boolean {
  if (!/\.[cm]?js$/.test(file)) return false;
  return (/\.c?js$/.test(file) && requiresMissingModule(file, text, pkg, ts, onParse)) || readsBeforeDeclaration(ts, text, file, onParse);
}

/** Whether a CommonJS file's top level requires a relative path that names nothing (see {@link throwsAtLoad}). */
function requiresMissingModule(file: string, text: string, pkg: PackageInfo, ts: TsParser, onParse: () => void): boolean {
  const directory = path.dirname(file);
  const missing = new Set<string>();
  for (const match of text.matchAll(RELATIVE_REQUIRE)) {
    if (!missing.has(match[1]!) && missingModule(directory, match[1]!, pkg)) missing.add(match[1]!);
  }
  if (missing.size === 0) return false;
  const K = ts.SyntaxKind;
  type Node = { kind: number; [key: string]: unknown };
  const requiresMissing = (node: Node): boolean => {
    let current = node;
    for (;;) {
      if (current.kind === K.CallExpression) {
        const callee = current.expression as Node;
        const [first] = current.arguments as Node[];
        if (callee.kind === K.Identifier && callee.escapedText === 'require') return first !== undefined && first.kind === K.StringLiteral && missing.has(first.text as string);
      } else if (current.kind !== K.PropertyAccessExpression && current.kind !== K.ElementAccessExpression && current.kind !== K.ParenthesizedExpression) {
        return false;
      }
      current = current.expression as Node;
    }
  };
  onParse();
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  return source.statements.some((statement) => {
    if (statement.kind === K.ExpressionStatement) return requiresMissing(statement.expression as Node);
    if (statement.kind !== K.VariableStatement) return false;
    const { declarations } = statement.declarationList as { declarations: { initializer?: Node }[] };
    return declarations.some((declaration) => declaration.initializer !== undefined && requiresMissing(declaration.initializer));
  });
}
