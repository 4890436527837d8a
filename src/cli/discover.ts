import { readFileSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';


import {
  ancestorScopes,
  archiveCopies,
  buildOutput,
  createsPlaceholderBot,
  desktopAppOf,
  examplePackageOf,
  ignoredBy,
  importersOf,
  libraryFile,
  lineStats,
  looksBundled,
  looksMinified,
  MINIFIED_LONG_LINE,
  readScope,
  oneOffName,
  oneOffScript,
  reachability,
  scriptRoleOf,
  settingKind,
  type ExamplePackage,
  type Scope,
} from '../analysis/project/index.js';
import { classifyFile, emptyScopeCounts, type OutOfScopeClass, type ScopeClass } from '../scope.js';

/** The extensions `bot-audit` audits. */
export const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

/** Directories that hold installed or generated code, never the bot's own source. */
export const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  'build',
  'coverage',
  '.git',
  '.next',
  '.nuxt',
  '.output',
  '.turbo',
  '.cache',
]);


/**
 * Text files besides the audited code whose words can name a function (a serverless config's
 * `handler: src/pay.deposit`, a template's `@click="deposit"`): read, never audited, by the scan of
 * functions nothing calls. Lock files list packages, never functions.
 */
const NAME_EXTENSIONS = new Set(['.json', '.jsonc', '.yml', '.yaml', '.toml', '.html', '.vue', '.svelte', '.astro']);
const LOCK_FILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'composer.lock']);

/** Files larger than this are not read: no hand-written bot source comes near it, and a 20 MB file would exhaust memory. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A file that was found but is not analysed, and why. */
export interface LeftOut {
  file: string;
  reason: string;
}

export interface DiscoverOptions {
  /**
   * `production` (default) leaves out tests, examples, docs, tooling and browser code found in
   * directories, and files that no entry point of their package imports.
   */
  scope?: 'production' | 'all';
}

export interface Discovery {
  /** Absolute paths, sorted. */
  files: string[];
  /** Lines in each of those files. */
  lines: Map<string, number>;
  /** Declaration files, skipped as not code. */
  skipped: number;
  /** Files and directories found but not analysed (unreadable, special, too large, binary, minified). */
  notAnalysed: LeftOut[];
  /** Files of each non-production class left out by the production scope. */
  outOfScope: Record<OutOfScopeClass, number>;
  /**
   * With scope `all`: the class of each audited file found in a directory that is not production code
   * (its findings are reported at the lowest priority). Files named explicitly are not classified.
   */
  fileScopes: Map<string, OutOfScopeClass>;
  /** Packages whose files all count as reachable, and why (see src/analysis/project/reach.ts). */
  reachableByDefault: { dir: string; reason: string }[];
  /** `/* eslint rule: … *\/` comments, which change rule settings from inside the audited code. */
  configComments: ConfigComment[];
  /**
   * Every code file found in the directories named (whatever its class), and the text files that can
   * name a function: where a function's name must occur for it to count as called. Files named
   * explicitly are not listed: only code found in a directory walk is judged by it.
   */
  nameFiles: string[];
  /**
   * The class of every code file of the directories walked that is not audited as production code
   * (left out, or audited at P2 with `--scope all`): a name mentioned only there is called by nothing
   * that runs in production (src/analysis/project/uncalled.ts).
   */
  fileClasses: Map<string, OutOfScopeClass>;
  /**
   * The packages whose package.json declares them an example (src/analysis/project/examples.ts), with
   * the reason: their files found in a directory are classified `example`, as files below an
   * `examples/` folder are.
   */
  examplePackages: ExamplePackage[];
}

export interface ConfigComment {
  file: string;
  line: number;
  /** The comment, trimmed to one line. */
  comment: string;
}

/** A rule config comment: `/* eslint` then a space (not `eslint-disable`, `eslint-env`). */
const CONFIG_COMMENT = /\/\*\s*eslint\s+(?:[^*]|\*(?!\/))*\*\//g;

function configCommentsOf(file: string, buffer: Buffer): ConfigComment[] {
  if (buffer.indexOf('eslint') === -1) return [];
  const text = buffer.toString('utf8');
  return [...text.matchAll(CONFIG_COMMENT)].map((match) => ({
    file,
    line: text.slice(0, match.index).split(/\r\n|[\r\n\u2028\u2029]/).length,
    comment: match[0].replace(/\s+/g, ' ').slice(0, 200),
  }));
}

const isDeclaration = (name: string): boolean => /\.d\.[cm]?ts$/.test(name);

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Finds the files to audit under the given absolute paths: supported extensions, honouring every
 * `.gitignore` on the way (and those above, up to the repository root), skipping installed,
 * generated and declaration files. Files found in a directory are classified relative to that
 * directory (src/scope.ts); only production files are audited unless `scope` is `all`, and of those
 * only the files an entry point of their package reaches (src/analysis/project/). A file named
 * explicitly is audited whatever its name or class. Special files (FIFOs, devices), files over
 * MAX_FILE_BYTES, binary files and (found in a directory) minified files are never read into the
 * audit: they are listed as not analysed, with the reason.
 */
export function discover(targets: readonly string[], options: DiscoverOptions = {}): Discovery {
  const lines = new Map<string, number>();
  const notAnalysed: LeftOut[] = [];
  const refused = new Set<string>();
  const leftOut = new Map<string, OutOfScopeClass>();
  const fileScopes = new Map<string, OutOfScopeClass>();
  const configComments: ConfigComment[] = [];
  const found: string[] = [];
  const nameFiles: string[] = [];
  const examplePackages = new Map<string, ExamplePackage>();
  let skipped = 0;

  const take = (file: string, explicit: boolean): void => {
    if (lines.has(file) || refused.has(file)) return;
    const refuse = (reason: string): void => {
      refused.add(file);
      notAnalysed.push({ file, reason });
    };
    let stats: Stats;
    try {
      stats = statSync(file);
    } catch (error) {
      refuse(`cannot read (${errorCode(error)})`);
      return;
    }
    // Checked before opening: opening a FIFO blocks, and /dev/zero never ends.
    if (!stats.isFile()) return refuse(`not a regular file: ${kindOf(stats)}`);
    if (stats.size > MAX_FILE_BYTES) return refuse(`too large: ${megabytes(stats.size)}, the limit is ${megabytes(MAX_FILE_BYTES)}`);
    let buffer: Buffer;
    try {
      buffer = readFileSync(file);
    } catch (error) {
      refuse(`cannot read (${errorCode(error)})`);
      return;
    }
    if (buffer.length > MAX_FILE_BYTES) return refuse(`too large: ${megabytes(buffer.length)}, the limit is ${megabytes(MAX_FILE_BYTES)}`);
    if (buffer.subarray(0, 8192).includes(0)) return refuse('binary: not JavaScript or TypeScript text');
    const counts = lineStats(buffer);
    if (!explicit && looksMinified(buffer.length, counts)) {
      const mean = Math.round(buffer.length / Math.max(counts.lines, 1));
      return refuse(`looks minified (${counts.long} of ${counts.nonEmpty} lines over ${MINIFIED_LONG_LINE} characters, ${mean} on average); name it on the command line to audit it`);
    }
    // Compiled output committed beside its source (`dist-server/bot.js` of `src/bot.ts`): the source is
    // audited, the copy would repeat every finding.
    // A bundle (one very long line, or a bundler's license banner) is generated code too.
    if (!explicit && (looksBundled(buffer, counts) || compiledCopy(file, buffer))) {
      if (options.scope !== 'all') return void leftOut.set(file, 'generated');
      fileScopes.set(file, 'generated');
    } else if (!explicit && createsPlaceholderBot(buffer.toString('utf8'))) {
      // A draft whose bot is given a placeholder for its token is an example, wherever it sits.
      if (options.scope !== 'all') return void leftOut.set(file, 'example');
      fileScopes.set(file, 'example');
    }
    lines.set(file, counts.lines);
    configComments.push(...configCommentsOf(file, buffer));
  };

  const archives: string[] = [];
  for (const target of targets) {
    if (!statSync(target).isDirectory()) {
      if (EXTENSIONS.has(path.extname(target))) take(target, true);
      continue;
    }
    // The package folders and the settings that deploy, build or name them: read for archive copies.
    const packageDirs: string[] = [];
    const settings: string[] = [];
    // A directory named explicitly is audited even if a .gitignore above it ignores it.
    const ancestors = ancestorScopes(target);
    const stack: { directory: string; scopes: Scope[] }[] = [{ directory: target, scopes: ignoredBy(ancestors, target, true) ? [] : ancestors }];
    while (stack.length > 0) {
      const { directory, scopes: parentScopes } = stack.pop()!;
      const own = readScope(directory);
      const scopes = own ? [...parentScopes, own] : parentScopes;
      let entries: Dirent[];
      try {
        entries = readdirSync(directory, { withFileTypes: true });
      } catch (error) {
        notAnalysed.push({ file: directory, reason: `cannot read (${errorCode(error)})` });
        continue;
      }
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) {
          if (SKIPPED_DIRECTORIES.has(entry.name) || ignoredBy(scopes, full, true)) continue;
          stack.push({ directory: full, scopes });
          continue;
        }
        if (settingKind(full) !== null && !ignoredBy(scopes, full, false)) {
          settings.push(full);
          if (entry.name === 'package.json') packageDirs.push(directory);
        }
        const extension = path.extname(entry.name);
        if (!EXTENSIONS.has(extension)) {
          if (NAME_EXTENSIONS.has(extension) && !LOCK_FILES.has(entry.name) && !ignoredBy(scopes, full, false)) nameFiles.push(full);
          continue;
        }
        if (ignoredBy(scopes, full, false)) continue;
        nameFiles.push(full);
        // Links to directories are not followed (no cycles); links to files are audited as the file.
        if (entry.isSymbolicLink() && isDirectory(full)) continue;
        if (isDeclaration(entry.name)) {
          skipped++;
          continue;
        }
        const scopeClass = classOf(target, full, examplePackages);
        if (scopeClass !== 'production') {
          if (options.scope !== 'all') {
            leftOut.set(full, scopeClass);
            continue;
          }
          fileScopes.set(full, scopeClass);
        }
        found.push(full);
      }
    }
    archives.push(...archiveCopies(target, packageDirs, settings).map(({ dir }) => dir));
  }
  // Production files of an archive copy (a package folder that repeats the deployed package and that
  // nothing builds or deploys) are left out (with scope `all`, classified) before the module graph is built.
  const candidates = found.filter((file) => {
    if (fileScopes.has(file) || !archives.some((dir) => file.startsWith(dir + path.sep))) return true;
    if (options.scope === 'all') fileScopes.set(file, 'archive');
    else leftOut.set(file, 'archive');
    return options.scope === 'all';
  });
  // Production files that no entry point imports are left out too (with scope `all`, classified);
  // a file named explicitly stays and keeps its priority.
  const reach = candidates.length === 0 ? null : reachability(candidates.filter((file) => !fileScopes.has(file)));
  for (const file of candidates) {
    const unreachable = reach?.unreachable.has(file) === true && !lines.has(file);
    if (unreachable && options.scope === 'all') fileScopes.set(file, 'unreachable');
    if (unreachable && options.scope !== 'all') leftOut.set(file, 'unreachable');
    else take(file, false);
  }
  for (const file of fileScopes.keys()) if (!lines.has(file)) fileScopes.delete(file);
  // A file also named explicitly was audited, not left out.
  const outOfScope = emptyScopeCounts();
  const fileClasses = new Map(fileScopes);
  for (const [file, scopeClass] of leftOut) {
    if (lines.has(file) || refused.has(file)) continue;
    outOfScope[scopeClass]++;
    fileClasses.set(file, scopeClass);
  }
  return {
    files: [...lines.keys()].sort(),
    lines,
    skipped,
    notAnalysed,
    outOfScope,
    fileScopes,
    reachableByDefault: reach ? [...reach.open] : [],
    configComments,
    nameFiles,
    fileClasses,
    examplePackages: [...examplePackages.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)),
  };
}

/**
 * The class of a file found in the directory `target`: by its path (src/scope.ts), or — production by
 * path — `library` when its package is a bot framework's own source and the framework's exports load
 * it ({@link libraryFile}), or `test` or `tooling` when only a test or tooling script of its package.json runs it
 * (`"test": "bun src/simulate-api.ts"`; {@link scriptRoleOf}) and no production file imports it, or
 * `example` when its package declares itself an example (src/analysis/project/examples.ts; the
 * package is recorded in `examples`), or `generated` when a build command of a package.json script
 * writes it (`esbuild … --outfile=api/index.js`: its source is audited), or `tooling` when it is a
 * one-off script at its package root that nothing names or imports (`debug-webhook.js`;
 * {@link oneOffScript}).
 * The files a test script alone imports stay production: its entry still reaches them.
 */
function classOf(target: string, file: string, examples: Map<string, ExamplePackage>): ScopeClass {
  const byPath = classifyFile(path.relative(target, file));
  if (byPath !== 'production') return byPath;
  // A bot framework's own source, in a fork of its repository that keeps a bot beside it.
  if (libraryFile(file)) return 'library';
  const role = scriptRoleOf(file);
  const production = (importer: string): boolean => classifyFile(path.relative(target, importer)) === 'production' && scriptRoleOf(importer) === null;
  if (role !== null && !importersOf(target, file).some(production)) return role;
  const example = examplePackageOf(file);
  if (example !== null) {
    examples.set(example.dir, example);
    return 'example';
  }
  // An Electron app's package beside the bot (`desktop-gui/`, started by `electron .`) runs on the desktop of whoever opens it, unless the bot imports it.
  const desktop = desktopAppOf(file);
  if (desktop !== null && desktop.dir !== path.resolve(target) && importersOf(target, file).every((importer) => path.resolve(importer).startsWith(desktop.dir + path.sep))) return 'desktop';
  if (buildOutput(file)) return 'generated';
  // Imported by another one-off script beside it, or by a test, it still runs only by hand.
  const besideOrTest = (importer: string): boolean => (path.dirname(importer) === path.dirname(file) && oneOffName(path.basename(importer))) || classifyFile(path.relative(target, importer)) === 'test';
  if (oneOffScript(file) && importersOf(target, file).every(besideOrTest)) return 'tooling';
  return byPath;
}

const SOURCE_MAP_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

/**
 * Whether a file is compiled output whose source is in the project too: it ends with a
 * `sourceMappingURL` comment, and its source map (a file, or inline as a data URL) names a source file
 * that exists. Without the map or the source, the file is the only copy and is audited.
 */
export function compiledCopy(file: string, buffer: Buffer): boolean {
  const url = SOURCE_MAP_URL.exec(buffer.subarray(Math.max(0, buffer.length - 4096)).toString('utf8'))?.[1];
  if (url === undefined) return false;
  const inline = /^data:application\/json;(?:charset=[\w-]+;)?base64,(.*)$/.exec(url);
  const mapFile = inline ? file : path.resolve(path.dirname(file), decodeURIComponent(url.split(/[?#]/)[0]!));
  let map: { sources?: unknown; sourceRoot?: unknown };
  try {
    map = JSON.parse(inline ? Buffer.from(inline[1]!, 'base64').toString('utf8') : readFileSync(mapFile, 'utf8')) as typeof map;
  } catch {
    return false;
  }
  const root = typeof map.sourceRoot === 'string' && !/^[a-z]+:/i.test(map.sourceRoot) ? map.sourceRoot : '';
  return (
    Array.isArray(map.sources) &&
    map.sources.some((source) => {
      if (typeof source !== 'string' || /^[a-z]+:/i.test(source)) return false;
      const full = path.resolve(path.dirname(mapFile), root, source);
      return full !== file && EXTENSIONS.has(path.extname(full)) && isFile(full);
    })
  );
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    // A dangling link: take() lists it as unreadable.
    return false;
  }
}
