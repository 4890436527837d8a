/**
 * Production scope: which files run in production and which never do (tests, examples, docs,
 * tooling, browser assets). One list, read by both the `bot-audit` command (which files it audits by
 * default) and the ESLint configs (their `ignores`), so that the two never disagree.
 */

/**
 * The classes of code that never runs in a bot's production process. All but `desktop`, `library`, `archive`,
 * `unreachable` and `uncalled` are known from the path; `desktop` (an Electron app's package beside the
 * bot, which runs on the desktop of whoever opens it: src/analysis/project/desktop.ts), `library` (the own source of a bot framework
 * whose repository was forked to keep a bot in it: src/analysis/project/libraries.ts), `archive` (a package folder that copies the deployed package
 * and that nothing builds or deploys: src/analysis/project/archives.ts) and `unreachable` (production
 * by path, but imported from no entry point, or throwing as it loads) need the project's settings and module graph
 * (src/analysis/project/), which only the `bot-audit` command reads.
 * `uncalled` is a class of findings, not of files: a finding inside a function whose name the project
 * never mentions elsewhere, or only inside functions nothing calls and in files that never run
 * (src/analysis/project/uncalled.ts).
 */
export const OUT_OF_SCOPE_CLASSES = ['test', 'example', 'docs', 'tooling', 'browser', 'desktop', 'generated', 'library', 'archive', 'unreachable', 'uncalled'] as const;
/** The classes that count files; `uncalled` counts findings. */
export const FILE_SCOPE_CLASSES = OUT_OF_SCOPE_CLASSES.filter((name) => name !== 'uncalled');
export type OutOfScopeClass = (typeof OUT_OF_SCOPE_CLASSES)[number];
/**
 * The classes of files no production process ever loads: a function only they mention is called by
 * nothing that runs. Tooling (scripts run by hand against production), browser assets, desktop apps, generated
 * copies (compiled output is what runs) and a framework's own source (a bot kept in the fork may load
 * it by a relative path) may run, so they are not in the list.
 */
export const NEVER_RUN_CLASSES: ReadonlySet<OutOfScopeClass> = new Set(['test', 'example', 'docs', 'archive', 'unreachable']);
export type ScopeClass = 'production' | OutOfScopeClass;

interface ClassPatterns {
  /** Directory names: any file below a directory of this name. */
  directories: readonly string[];
  /** File-name patterns, `*` standing for any run of characters but `/`. */
  files: readonly string[];
  /** Patterns of a file with its parent directories (`prisma/seed.*`), matched at the end of the path. */
  paths?: readonly string[];
}

/** The patterns of each class, first match wins (a test under `examples/` is a test). */
export const SCOPE_PATTERNS: Readonly<Record<OutOfScopeClass, ClassPatterns>> = {
  // Load-test and benchmark harnesses drive the bot's code or a deployed bot from outside; no production process loads them.
  test: { directories: ['__tests__', '__mocks__', 'test', 'tests', 'e2e', 'load-testing', 'load-tests', 'load-test', 'loadtest', 'loadtests', 'benchmarks', 'bench'], files: ['*.test.*', '*.spec.*', 'test_*.*', 'test-*.*', '*_test.*', 'test.*', 'tests.*'] },
  example: { directories: ['examples', 'example', 'demo', 'samples'], files: [] },
  // Replit's `attached_assets/` holds what a user pasted into its assistant's chat (code, logs, screenshots):
  // reference material for the assistant, like documentation, not a sample meant to run.
  docs: { directories: ['docs', 'attached_assets'], files: [] },
  // Seeds fill a development database by hand: knex's `seeds/`, sequelize-cli's `seeders/`, Prisma's `prisma/seed.ts`.
  // `scratch/` and `tmp/` hold drafts run by hand (`scratch/check_db_agents.ts`, `tmp/check-services.js`).
  tooling: { directories: ['scripts', 'tools', 'migrations', 'migration', 'seeds', 'seeders', 'scratch', 'tmp'], files: ['*.config.*', 'eslint.config.*'], paths: ['prisma/seed.*'] },
  browser: { directories: ['public', 'static', 'client'], files: [] },
  desktop: { directories: [], files: [] },
  generated: { directories: ['generated'], files: ['*.min.js', '*-min.js', '*.min.cjs', '*.min.mjs'] },
  library: { directories: [], files: [] },
  archive: { directories: [], files: [] },
  unreachable: { directories: [], files: [] },
  uncalled: { directories: [], files: [] },
};

/** What each class means, for reports. */
export const SCOPE_LABELS: Readonly<Record<OutOfScopeClass, string>> = {
  test: 'tests',
  example: 'examples and demos',
  docs: 'documentation',
  tooling: 'scripts, tools, migrations and config files',
  browser: 'browser assets',
  desktop: 'files of a desktop app (Electron) beside the bot',
  generated: 'generated code and minified bundles',
  library: 'files of a bot framework’s own source',
  archive: 'files of archived copies of the deployed package',
  unreachable: 'files no entry point imports or that throw as they load',
  uncalled: 'findings in functions nothing calls',
};

const fileRegExp = (pattern: string): RegExp =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

const MATCHERS = OUT_OF_SCOPE_CLASSES.map((name) => ({
  name,
  directories: new Set(SCOPE_PATTERNS[name].directories),
  files: SCOPE_PATTERNS[name].files.map(fileRegExp),
  paths: (SCOPE_PATTERNS[name].paths ?? []).map((pattern) => ({ depth: pattern.split('/').length, regExp: fileRegExp(pattern) })),
}));

/**
 * The class of a file from its path relative to the audited root (forward or back slashes). Only the
 * part below the root counts: `examples/demo-bot` audited as a directory is production code.
 */
export function classifyFile(relativePath: string): ScopeClass {
  const segments = relativePath.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.');
  const name = segments.pop() ?? '';
  for (const matcher of MATCHERS) {
    if (segments.some((segment) => matcher.directories.has(segment))) return matcher.name;
    if (matcher.files.some((pattern) => pattern.test(name))) return matcher.name;
    if (matcher.paths.some(({ depth, regExp }) => regExp.test([...segments.slice(segments.length - depth + 1), name].join('/')))) return matcher.name;
  }
  return 'production';
}

/** The same list as ESLint `ignores` globs, for the plugin's configs. */
export function outOfScopeGlobs(classes: readonly OutOfScopeClass[] = OUT_OF_SCOPE_CLASSES): string[] {
  return classes.flatMap((name) => [
    ...SCOPE_PATTERNS[name].directories.map((directory) => `**/${directory}/**`),
    ...SCOPE_PATTERNS[name].files.map((file) => `**/${file}`),
    ...(SCOPE_PATTERNS[name].paths ?? []).map((path) => `**/${path}`),
  ]);
}

/** Zero for every class. */
export const emptyScopeCounts = (): Record<OutOfScopeClass, number> =>
  Object.fromEntries(OUT_OF_SCOPE_CLASSES.map((name) => [name, 0])) as Record<OutOfScopeClass, number>;
