import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * How much work (bytes of bytecode run) a function does before V8 considers optimising it: 1 MiB,
 * 16× Node 20's default. A short audit spends ~0.25 s of CPU on background optimisations whose code
 * runs too briefly to pay back; on a 20,000-line tree the later tier-up cost less CPU too (docs/performance.md,
 * session 16). The flag has had this name in every V8 release; only the `bot-audit` process sets it.
 */
export const INTERRUPT_BUDGET = 1024 * 1024;

/** Lets V8 optimise only what stays hot for a while (see {@link INTERRUPT_BUDGET}). */
export function tuneTiering(): void {
  v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/**
 * The user's own cache folder for bot-audit: `$XDG_CACHE_HOME/bot-audit`, else `~/.cache/bot-audit`
 * (the XDG convention, also used on macOS by command-line tools). Not the shared temporary folder: a
 * V8 code cache is executable, and `/tmp` is writable by every user of the machine.
 */
export function userCacheDirectory(): string {
  const base = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : path.join(homedir(), '.cache');
  return path.join(base, 'bot-audit');
}

/** What {@link preloadTypeScript} did, for tests. */
export type PreloadOutcome = 'loaded' | 'cached' | 'skipped';

interface CjsModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
}

interface ModuleInternals {
  new (id: string, parent: null): CjsModule;
  _cache: Record<string, CjsModule | undefined>;
  _nodeModulePaths: (directory: string) => string[];
  wrap: (source: string) => string;
}

/**
 * The `typescript` module typescript-eslint's parser loads, loaded once here with a V8 code cache, on
 * Node versions without `module.enableCompileCache` (before 22.1). TypeScript is one 9 MB CommonJS
 * file; compiling it is ~0.15 s of a 6-file audit's CPU, and V8's cache of the functions a run
 * compiled (written at exit, read by the next run) skips most of it. The module goes into Node's own
 * `require` cache under its resolved path, so every `require('typescript')` that resolves to the same
 * file gets it; Node's loader is not replaced. Where the cache lives and how it is keyed: see
 * {@link runCachedScript}. Anything that fails (no `typescript`, an unwritable folder, a rejected
 * cache) leaves the ordinary `require` to load it. Returns what happened.
 */
export function preloadTypeScript(options: { cacheDir?: string; from?: string } = {}): PreloadOutcome {
  if ((Module as { enableCompileCache?: unknown }).enableCompileCache) return 'skipped';
  const internals = Module as unknown as ModuleInternals;
  let file: string;
  try {
    // The copy the parser loads: typescript-eslint's typescript-estree resolves it from its own folder.
    const fromParser = createRequire(createRequire(options.from ?? import.meta.url).resolve('@typescript-eslint/parser'));
    file = createRequire(fromParser.resolve('@typescript-eslint/typescript-estree')).resolve('typescript');
  } catch {
    return 'skipped';
  }
  if (internals._cache[file]) return 'skipped';
  try {
    const directory = options.cacheDir ?? userCacheDirectory();
    const { value, hit, keep } = runCachedScript(file, 'typescript', directory, internals.wrap);
    const module = new internals(file, null);
    module.filename = file;
    module.paths = internals._nodeModulePaths(path.dirname(file));
    internals._cache[file] = module;
    try {
      (value as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
    } catch (error) {
      delete internals._cache[file];
      throw error;
    }
    module.loaded = true;
    keep();
    return hit ? 'cached' : 'loaded';
  } catch {
    // An unreadable file or cache, a failed compile: the parser's own `require` loads TypeScript as always.
    return 'skipped';
  }
}

/** The command's entry: what `src/cli/main.ts` exports. */
export type CliModule = Pick<typeof import('./main.js'), 'main'>;

/**
 * The `bot-audit` command's own modules, loaded from `dist/cli/bundle.js` (one script that
 * `scripts/bundle-cli.js` makes at build time from tsc's output) with a V8 code cache, like
 * {@link preloadTypeScript} loads TypeScript. Node 20 caches no ES module, and our ~160 modules, each
 * resolved, read, compiled and linked on every start, were the largest part of a small audit's
 * start-up left after TypeScript's (docs/performance.md, session 17). On every Node version: the one
 * script also saves the module loader's per-file work where Node's own compile cache exists.
 * `undefined` when there is no bundle (a build without it) or it cannot be compiled: the caller
 * imports `./main.js` as before. An error while the bundle runs its modules is thrown, as the same
 * error from `import('./main.js')` would be. The plugin that ESLint users load is dist/index.js,
 * untouched.
 */
export async function loadBundledCli(options: { cacheDir?: string; bundle?: URL } = {}): Promise<{ module: CliModule; outcome: 'loaded' | 'cached' } | undefined> {
  const bundle = options.bundle ?? new URL('./bundle.js', import.meta.url);
  let script: CachedScript;
  try {
    script = runCachedScript(fileURLToPath(bundle), 'cli', options.cacheDir ?? userCacheDirectory());
  } catch {
    return undefined;
  }
  const exports = {} as CliModule;
  const file = fileURLToPath(bundle);
  // The bundle's parameters: the packages' `require`, its exports, and the URL of dist/ (each module's `import.meta.url` is its file's URL below it).
  await (script.value as (require: NodeJS.Require, exports: CliModule, distUrl: string) => Promise<void>)(createRequire(file), exports, new URL('..', bundle).href);
  script.keep();
  return { module: exports, outcome: script.hit ? 'cached' : 'loaded' };
}

interface CachedScript {
  /** What running the script gave (a wrapped module's function). */
  value: unknown;
  /** Whether V8 took the cache: the script's functions were not compiled again. */
  hit: boolean;
  /** Called once the script has run: a run that compiled it writes the cache at exit. */
  keep: () => void;
}

/**
 * Compiles a file with V8's code cache of the functions its previous run compiled, and runs it in
 * this context. The cache lives in `directory` (see {@link userCacheDirectory}, never a folder other
 * users can write: a planted cache would run as code), keyed by the Node version, the flags (V8
 * rejects a cache made under others) and a hash of the file's bytes (V8 itself checks only the text's
 * length): a changed file is compiled afresh. It is written at exit, when the functions this run
 * used are compiled: they are what the next run needs. Throws when the file cannot be read or compiled.
 */
function runCachedScript(file: string, name: string, directory: string, wrap: (source: string) => string = (source) => source): CachedScript {
  // Read as bytes: hashing them and decoding once costs a third of reading the text directly.
  const bytes = readFileSync(file);
  const source = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const key = createHash('sha1').update(`${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${file}\0`).update(bytes).digest('hex');
  const cacheFile = path.join(directory, `${name}-${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: this run writes it.
  }
  const script = new vm.Script(wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  return {
    value: script.runInThisContext({ displayErrors: true }),
    hit,
    keep: () => {
      if (!hit) process.once('exit', () => writeCache(directory, cacheFile, () => script.createCachedData()));
    },
  };
}

function writeCache(directory: string, file: string, data: () => Buffer): void {
  try {
    mkdirSync(directory, { recursive: true });
    // Another audit may read the cache while this one writes it: a whole file or none.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, data());
    renameSync(partial, file);
  } catch {
    // A read-only or full temporary folder: the next run compiles TypeScript again.
  }
}
