import fs from 'node:fs';
import path from 'node:path';

import { readSmallText, resolveFile } from './resolve.js';
import { SVELTE_CONFIG_FILES } from './sveltekit.js';

/** What the reachability model knows of a package: a folder with a `package.json`. */
export interface PackageInfo {
  readonly dir: string;
  /** The parsed `package.json`; null when it cannot be read or parsed. */
  readonly manifest: Manifest | null;
  readonly compiler: CompilerPaths;
}

export interface Manifest {
  name?: unknown;
  description?: unknown;
  /** `"module"`: the package's `.js` files are ES modules (strict); anything else, CommonJS. */
  type?: unknown;
  main?: unknown;
  module?: unknown;
  bin?: unknown;
  exports?: unknown;
  imports?: unknown;
  scripts?: unknown;
  dependencies?: unknown;
  devDependencies?: unknown;
  workspaces?: unknown;
}

/** The module-resolution settings of `tsconfig.json` (or `jsconfig.json`) at the package root. */
export interface CompilerPaths {
  /** Absolute; null when not set. */
  readonly baseUrl: string | null;
  /** `paths` patterns and their targets, targets absolute. */
  readonly paths: readonly (readonly [pattern: string, targets: readonly string[]])[];
  /** Absolute `outDir` and `rootDir`; null when not set. */
  readonly outDir: string | null;
  readonly rootDir: string | null;
  /**
   * Whether the compiler drops an import whose bindings the file never uses (TypeScript's default, which
   * tsc, ts-node, tsx/esbuild, swc and Bun follow): a config is found, read whole (every `extends` a
   * relative file), and sets none of `verbatimModuleSyntax`, `preserveValueImports`,
   * `importsNotUsedAsValues: "preserve"`/`"error"`. False without a config.
   */
  readonly elidesUnusedImports: boolean;
}

/** Reads JSON with comments and trailing commas (tsconfig.json, wrangler.jsonc); null when it cannot. */
export function readJsonc(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += char;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1')) as unknown;
  } catch {
    return null;
  }
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The compiler options of a config and the relative configs it `extends`, the nearer winning. */
function compilerPaths(dir: string): CompilerPaths {
  const found = ['tsconfig.json', 'jsconfig.json'].map((name) => path.join(dir, name)).find((file) => fs.existsSync(file));
  let baseUrl: string | null = null;
  let paths: [string, string[]][] | null = null;
  let pathsBase: string | null = null;
  let outDir: string | null = null;
  let rootDir: string | null = null;
  let elides = found !== undefined && path.basename(found) === 'tsconfig.json';
  for (let file = found, depth = 0; file !== undefined && depth < 5; depth++) {
    const config = readJsonc(file);
    if (!isRecord(config)) {
      elides = false;
      break;
    }
    const here = path.dirname(file);
    const options = isRecord(config.compilerOptions) ? config.compilerOptions : {};
    if (baseUrl === null && typeof options.baseUrl === 'string') baseUrl = path.resolve(here, options.baseUrl);
    if (paths === null && isRecord(options.paths)) {
      paths = Object.entries(options.paths).map(([pattern, targets]) => [pattern, Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : []]);
      pathsBase = here;
    }
    if (outDir === null && typeof options.outDir === 'string') outDir = path.resolve(here, options.outDir);
    if (rootDir === null && typeof options.rootDir === 'string') rootDir = path.resolve(here, options.rootDir);
    if (options.verbatimModuleSyntax === true || options.preserveValueImports === true || options.importsNotUsedAsValues === 'preserve' || options.importsNotUsedAsValues === 'error') elides = false;
    const parent = typeof config.extends === 'string' && config.extends.startsWith('.') ? path.resolve(here, config.extends) : undefined;
    // A base config of a package (`@tsconfig/node-ts`), or several, may set any of them: unknown.
    if (config.extends !== undefined && parent === undefined) elides = false;
    file = parent === undefined ? undefined : fs.existsSync(parent) ? parent : fs.existsSync(`${parent}.json`) ? `${parent}.json` : undefined;
    if (parent !== undefined && file === undefined) elides = false;
  }
  // Deno and an swc config may keep every import whatever tsconfig says.
  if (['deno.json', 'deno.jsonc', '.swcrc'].some((name) => fs.existsSync(path.join(dir, name)))) elides = false;
  // `paths` targets are relative to `baseUrl` when it is set, else to the config that declares them.
  const targetBase = baseUrl ?? pathsBase ?? dir;
  return {
    baseUrl,
    paths: (paths ?? []).map(([pattern, targets]) => [pattern, targets.map((target) => path.resolve(targetBase, target))] as const),
    outDir,
    rootDir,
    elidesUnusedImports: elides,
  };
}

const packages = new Map<string, PackageInfo>();
const packageDirs = new Map<string, string | null>();

/** The package a file belongs to: the nearest folder above it with a `package.json` (never inside `node_modules`). */
export function packageOf(file: string): PackageInfo | null {
  const dir = nearestFolder(path.dirname(file), packageDirs, (current) => fs.existsSync(path.join(current, 'package.json')));
  return dir === null ? null : packageAt(dir);
}

/**
 * The nearest folder from `start` upwards (never inside `node_modules`) for which `holds` is true,
 * or null; memoised in `cache` by the start folder.
 */
function nearestFolder(start: string, cache: Map<string, string | null>, holds: (dir: string) => boolean): string | null {
  let dir = cache.get(start);
  if (dir === undefined) {
    dir = null;
    for (let current = start; ; current = path.dirname(current)) {
      if (path.basename(current) === 'node_modules') break;
      if (holds(current)) {
        dir = current;
        break;
      }
      if (path.dirname(current) === current) break;
    }
    cache.set(start, dir);
  }
  return dir;
}

/**
 * Deployment settings that say how the folder they sit in starts (Procfile, a Dockerfile, docker-compose,
 * a pm2 ecosystem file, Railway, Render, Nixpacks, Fly): read by entries.ts's `deploymentEntries`.
 */
export const START_SETTINGS = /^(?:Procfile|Dockerfile[\w.-]*|(?:docker-)?compose[\w.-]*\.ya?ml|(?:ecosystem|pm2)(?:\.config)?\.(?:[cm]?js|json|ya?ml)|railway\.(?:json|toml)|render\.ya?ml|nixpacks\.toml|fly\.toml)$/;

const startedDirs = new Map<string, string | null>();

/**
 * For a file of no package ({@link packageOf} is null), the nearest folder above it whose deployment
 * settings ({@link START_SETTINGS}) say how it starts, read as a package with no `package.json`
 * (`manifest` null): a repository with no package.json whose pm2 ecosystem file runs `./bot.js`.
 * Null when no folder above has such settings (or the file is inside `node_modules`).
 */
export function startedFolderOf(file: string): PackageInfo | null {
  const dir = nearestFolder(path.dirname(file), startedDirs, (current) => {
    try {
      return fs.readdirSync(current).some((name) => START_SETTINGS.test(name));
    } catch {
      return false; // An unreadable folder declares nothing.
    }
  });
  return dir === null ? null : packageAt(dir);
}

/**
 * The project a file belongs to for the module walk and the name scan: its package ({@link packageOf}),
 * or else the folder whose deployment settings start it ({@link startedFolderOf}: a repository with no
 * package.json run by a pm2 ecosystem file or a Procfile). Null for a file below neither.
 */
export const projectOf = (file: string): PackageInfo | null => packageOf(file) ?? startedFolderOf(file);

/** The package whose `package.json` is in `dir`. */
export function packageAt(dir: string): PackageInfo {
  let info = packages.get(dir);
  if (!info) {
    const manifest = readJsonc(path.join(dir, 'package.json'));
    info = { dir, manifest: isRecord(manifest) ? manifest : null, compiler: compilerPaths(dir) };
    packages.set(dir, info);
  }
  return info;
}

/**
 * What a bare specifier names through the `paths` of the package's tsconfig.json / jsconfig.json
 * (`"@/*": ["./src/*"]`): the file of the first target that exists, `'unresolved'` when a pattern
 * matches but no target does, null when no pattern matches. Targets inside `node_modules`
 * (`"*": ["node_modules/*"]`) look npm packages up, no alias of the project's files: skipped.
 */
export function pathsAlias(pkg: PackageInfo, specifier: string): { readonly file: string } | 'unresolved' | null {
  let matched = false;
  for (const [pattern, targets] of pkg.compiler.paths) {
    const star = pattern.indexOf('*');
    const prefix = star === -1 ? pattern : pattern.slice(0, star);
    const suffix = star === -1 ? '' : pattern.slice(star + 1);
    if (star === -1 ? specifier !== pattern : !(specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length)) continue;
    const middle = star === -1 ? '' : specifier.slice(prefix.length, specifier.length - suffix.length);
    for (const target of targets) {
      if (target.split(path.sep).includes('node_modules')) continue;
      matched = true;
      const file = resolveEntry(pkg, pkg.dir, target.replace('*', middle));
      if (file !== null) return { file };
    }
  }
  return matched ? 'unresolved' : null;
}

/**
 * The project file a module specifier names from `fromFile`: a relative path, or a bare one that a
 * tsconfig `paths` alias of the file's package maps to a file (`import { db } from '@/lib/db'`) or
 * that a SvelteKit alias maps to a file (`$lib/api/admin`: {@link svelteKitAliasPath}), or
 * that names a file below its `baseUrl` (NestJS's `import { WalletService } from 'src/wallet/wallet.service'`
 * with `"baseUrl": "./"`, as the module graph reads it); null for a package, an unknown alias, or a
 * file that does not exist.
 */
export function projectModuleFile(fromFile: string, specifier: string): string | null {
  if (specifier.startsWith('.')) return resolveFile(path.dirname(fromFile), specifier);
  const pkg = path.isAbsolute(fromFile) ? packageOf(fromFile) : null;
  const alias = pkg === null ? null : pathsAlias(pkg, specifier);
  if (alias !== null) return alias !== 'unresolved' ? alias.file : null;
  const kit = pkg === null ? null : svelteKitAliasPath(pkg, specifier);
  if (kit !== null) return resolveFile(pkg!.dir, kit);
  const baseUrl = pkg?.compiler.baseUrl ?? null;
  return baseUrl === null ? null : resolveFile(baseUrl, `./${specifier}`);
}

/** Settings that map bare names to project files in ways the resolver does not read. */
const ALIAS_FILES = /^(?:\.babelrc(?:\.[cm]?js(?:on)?)?|babel\.config\.[cm]?[jt]s(?:on)?|(?:webpack|vite|rollup|rspack)(?:\.[\w-]+)?\.config\.[cm]?[jt]s|\.swcrc|\.env[\w.-]*|Dockerfile[\w.-]*)$/;
const ALIAS_TEXT = /module-resolver|\balias\b|NODE_PATH/;
const aliasPackages = new Map<string, boolean>();

/**
 * Whether a package maps bare names to its files by settings the resolver does not read: `module-alias`'s
 * `_moduleAliases`, `NODE_PATH` (in a script, `.env` or Dockerfile), Babel's `module-resolver`, a
 * bundler's `resolve.alias`.
 */
export function configuresAliases(pkg: PackageInfo): boolean {
  let known = aliasPackages.get(pkg.dir);
  if (known === undefined) {
    const manifest = pkg.manifest as Record<string, unknown> | null;
    let names: string[] = [];
    try {
      names = fs.readdirSync(pkg.dir).filter((name) => ALIAS_FILES.test(name));
    } catch {
      // An unreadable folder has no settings to read.
    }
    known = manifest?._moduleAliases !== undefined || /NODE_PATH/.test(JSON.stringify(manifest?.scripts ?? {})) || names.some((name) => ALIAS_TEXT.test(readSmallText(path.join(pkg.dir, name), 1024 * 1024) ?? ''));
    aliasPackages.set(pkg.dir, known);
  }
  return known;
}

const aliasesByPackage = new Map<string, readonly (readonly [string, string])[]>();

/**
 * The aliases of a SvelteKit package (one that depends on `@sveltejs/kit`), absolute: `$lib` →
 * `src/lib`, then each entry of `kit.alias` in svelte.config.js when that is a plain object literal of
 * string literals (`alias: { $components: 'src/components', '$utils/*': 'src/utils/*' }`). An
 * alias object with anything else in it (a spread, a computed value) is not read. Empty for other packages.
 */
export function svelteKitAliases(pkg: PackageInfo): readonly (readonly [string, string])[] {
  let aliases = aliasesByPackage.get(pkg.dir);
  if (aliases === undefined) {
    aliases = dependsOn(pkg, '@sveltejs/kit') ? [['$lib', path.join(pkg.dir, 'src', 'lib')], ...configAliases(pkg.dir)] : [];
    aliasesByPackage.set(pkg.dir, aliases);
  }
  return aliases;
}

/** A plain `alias: { … }` object: no nested braces, no spread. */
const ALIAS_OBJECT = /\balias\s*:\s*\{([^{}]*)\}/;
const ALIAS_ENTRY = /^\s*(?:(['"])([^'"\n]+)\1|([\w$][\w$-]*))\s*:\s*(['"])([^'"\n]+)\4\s*$/;

function configAliases(dir: string): [string, string][] {
  for (const name of SVELTE_CONFIG_FILES) {
    const text = readSmallText(path.join(dir, name), 256 * 1024);
    if (text === null) continue;
    const body = ALIAS_OBJECT.exec(text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"])\/\/.*$/gm, '$1'))?.[1];
    if (body === undefined) return [];
    const entries: [string, string][] = [];
    for (const part of body.split(',')) {
      if (part.trim() === '') continue;
      const match = ALIAS_ENTRY.exec(part);
      if (match === null) return [];
      entries.push([(match[2] ?? match[3]!).replace(/\/\*$/, ''), path.resolve(dir, match[5]!.replace(/\/\*$/, ''))]);
    }
    return entries;
  }
  return [];
}

/**
 * The absolute path a specifier names through a SvelteKit alias (`$lib/api/admin` → `<pkg>/src/lib/api/admin`),
 * not yet resolved to a file; null when no alias of the package matches.
 */
export function svelteKitAliasPath(pkg: PackageInfo, specifier: string): string | null {
  for (const [alias, target] of svelteKitAliases(pkg)) {
    if (specifier === alias) return target;
    if (specifier.startsWith(`${alias}/`)) return path.join(target, specifier.slice(alias.length + 1));
  }
  return null;
}

/** Forgets what was read (tests change fixtures on disk). */
export function clearPackageCache(): void {
  packages.clear();
  packageDirs.clear();
  startedDirs.clear();
  aliasPackages.clear();
  aliasesByPackage.clear();
}

/** Whether a package lists `name` in its dependencies or devDependencies. */
export function dependsOn(pkg: PackageInfo, name: string): boolean {
  return [pkg.manifest?.dependencies, pkg.manifest?.devDependencies].some((deps) => isRecord(deps) && Object.hasOwn(deps, name));
}

/** The TypeScript sources tsc compiles to each output extension. */
const COMPILED_FROM: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/**
 * The TypeScript file tsc compiled an output file of `outDir` from (`dist/bot.js` ← `src/bot.ts`),
 * when there is one: a `bot.js` beside `bot.ts` in the sources is never what tsc emitted (without
 * `allowJs` it emits no `.js` input; with it, two inputs for one output are an error).
 */
function compiledSource(root: string, rest: string): string | null {
  const extension = path.extname(rest);
  for (const source of COMPILED_FROM[extension] ?? []) {
    const file = resolveFile(root, `./${rest.slice(0, -extension.length)}${source}`);
    if (file !== null) return file;
  }
  return null;
}

const BUILD_FOLDERS = new Set(['dist', 'build', 'out', 'lib', 'output', '.build']);

/**
 * The source file a package path names (`./dist/index.js`, `bot.ts`, `src`): the path itself, or — for
 * build output that is not in the repository — the same path mapped from tsconfig `outDir` to
 * `rootDir`, or from a build folder (`dist/`, `build/`, `out/`, `lib/`) to `src/` or the package root.
 */
export function resolveEntry(pkg: PackageInfo, from: string, target: string): string | null {
  const direct = resolveFile(from, target);
  if (direct !== null) return direct;
  const absolute = path.resolve(from, target);
  const relative = path.relative(pkg.dir, absolute);
  if (relative.startsWith('..')) return null;
  const { outDir, rootDir } = pkg.compiler;
  if (outDir !== null && (absolute + path.sep).startsWith(outDir + path.sep)) {
    const rest = path.relative(outDir, absolute);
    for (const root of rootDir !== null ? [rootDir] : [path.join(pkg.dir, 'src'), pkg.dir]) {
      const mapped = compiledSource(root, rest) ?? resolveFile(root, `./${rest}`);
      if (mapped !== null) return mapped;
    }
  }
  const [first, ...rest] = relative.split(path.sep);
  if (first !== undefined && BUILD_FOLDERS.has(first) && rest.length > 0) {
    for (const root of [path.join(pkg.dir, 'src'), pkg.dir]) {
      const mapped = resolveFile(root, `./${rest.join('/')}`);
      if (mapped !== null) return mapped;
    }
  }
  return null;
}
