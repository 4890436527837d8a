import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';

import plugin from '../index.js';
import { FORMATS, parseCli, type CliOptions, type Format } from './args.js';
import { EXTENSIONS, discover } from './discover.js';
import { canParseTypeScript } from './embedded-config.js';
import { DEFAULT_TOP, formatMarkdown } from './format/markdown.js';
import { formatJson } from './format/json.js';
import { completeness, formatPretty } from './format/pretty.js';
import { markdownCode, terminalSafe } from './format/text.js';
import type { Concurrency } from './lint-options.js';
import { unwritable, writeAtomically } from './output.js';
import { buildReport, relativeFile, type NotAnalysed, type Report, type RuleMeta } from './report.js';
import { lintAll, type CompactResult } from './run.js';
import { openBaseline } from './baseline.js';
import { createSources, type Sources } from './source.js';
import { typeCoverage } from './types.js';
import { neverRunningCode } from '../analysis/framework/index.js';
import { projectOf, uncalledFunctions } from '../analysis/project/index.js';
import { NEVER_RUN_CLASSES } from '../scope.js';
import { rulesLeftOut } from '../configs.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Whether stdout is a terminal: picks the default format and colour. */
  stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal: only then is progress shown. */
  stderrIsTTY?: boolean;
  env?: Record<string, string | undefined>;
  /** CPU cores (os.availableParallelism()), for the default concurrency. */
  cores?: number;
  /** The clock, for the report date and the progress delay. */
  now?: () => Date;
  /** Called once the arguments are valid, before the files are discovered: the command loads what every audit needs (cli.ts). */
  preload?: () => void;
}

export const USAGE = `Usage: bot-audit [paths...] [options]

Audits the JavaScript and TypeScript code of a chat bot for the defects that take bots down in
production. No ESLint config is needed. Paths default to the current directory; .gitignore is
honoured and node_modules, dist, build and coverage are skipped. Files named explicitly are always
audited.

Options:
  -f, --format <name>     pretty (default), markdown (the audit document), html (the same, one self-contained page),
                          json, sarif, stylish
  -o, --output <file>     Write the report to a file instead of stdout
      --top <n>           Findings detailed in the report (markdown default ${DEFAULT_TOP}, pretty all)
      --fail-on <level>   Exit 1 when a finding at this priority or above exists: P0, P1 (default), P2, never
  -c, --config <file>     Use this ESLint config file instead of the embedded recommended config
      --rules <set>       recommended (default): the recommended rules; all: also the rules of experimental
                          precision, which are wrong far more often than right (reported at P2)
      --type-aware        Use type information; say how many files no tsconfig.json covers (they are audited without it). Default: automatic
      --no-type-aware     Never use type information
      --concurrency <n>   ESLint worker threads: auto, off or a number (default: auto for large trees)
      --baseline <file>   Fail only on findings not in <file>; the first run records today's findings there
                          (also reads ESLint's eslint-suppressions.json)
      --update-baseline   Rewrite the --baseline file with today's findings (accept new, drop fixed)
      --fix               Apply autofixes (writes to the files; no rule has one yet: fixes are editor suggestions)
      --scope <scope>     production (default): leave out tests, examples, docs, scripts, tools,
                          config files and browser assets found in directories; all: audit them too
      --allow-unanalysed  Pass the gate even when files could not be analysed or a rule crashed
      --no-inline-config  Ignore eslint-disable and rule config comments in the audited code
  -h, --help              Show this help
  -v, --version           Show the version

Exit codes: 0 clean (nothing at or above --fail-on), 1 findings at or above --fail-on or files not
analysed, 2 usage error.`;

/** Why TypeScript files are not analysed when the `typescript` package is missing. */
const NO_TYPESCRIPT = 'TypeScript file, and the `typescript` package is not installed';

/** Trees at least this large are linted with ESLint's worker threads by default. */
export const CONCURRENCY_THRESHOLD = 400;

/**
 * Worker threads pay off only for large trees on machines where ESLint's `auto` starts any (it starts
 * half as many as there are cores, none below four). With type information each worker would build
 * its own TypeScript program, so typed runs stay in one thread.
 */
export function defaultConcurrency(files: number, typedFiles: number, cores: number): Concurrency {
  return files >= CONCURRENCY_THRESHOLD && typedFiles === 0 && cores >= 4 ? 'auto' : 'off';
}

/** Progress appears only when the run takes longer than this. */
const PROGRESS_DELAY_MS = 500;

const isInside = (parent: string, child: string): boolean => {
  const relative = path.relative(parent, child);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
};

/** The deepest directory that holds every one of these directories. */
export function commonRoot(paths: readonly string[]): string {
  let root = paths[0]!;
  for (const item of paths) while (!isInside(root, item)) root = path.dirname(root);
  return root;
}

function projectName(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string' && pkg.name) return pkg.name;
  } catch {
    // No package.json: the directory name will do.
  }
  return path.basename(root);
}

function useColor(io: Io): boolean {
  const env = io.env ?? {};
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return Boolean(io.stdoutIsTTY);
}

/** Runs the command; returns the exit code. Usage problems are one line each on stderr, never a stack. */
export async function main(argv: string[], io: Io): Promise<number> {
  // Lines name files of the audited tree: escape sequences in a name are shown, never obeyed.
  const say = (line: string): void => io.stderr(`bot-audit: ${terminalSafe(line)}\n`);
  const { options, problems } = parseCli(argv);
  if (options.help && problems.length === 0) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    io.stdout(`${plugin.meta.version}\n`);
    return 0;
  }

  // Paths and files named on the command line.
  const targets = (options.paths.length > 0 ? options.paths : ['.']).map((target) => ({ target, full: path.resolve(io.cwd, target) }));
  for (const { target, full } of targets) {
    if (!existsSync(full)) problems.push(`no such file or directory: ${target}`);
    else if (!statSync(full).isDirectory() && !EXTENSIONS.has(path.extname(full))) problems.push(`not a JavaScript or TypeScript file: ${target}`);
  }
  const config = options.config === undefined ? undefined : path.resolve(io.cwd, options.config);
  if (config !== undefined && !existsSync(config)) problems.push(`no such config file: ${options.config}`);
  const output = options.output === undefined ? undefined : path.resolve(io.cwd, options.output);
  if (output !== undefined && !existsSync(path.dirname(output))) problems.push(`the directory of --output does not exist: ${options.output}`);
  else if (output !== undefined) {
    const reason = unwritable(output);
    if (reason) problems.push(`cannot write ${options.output} (${reason})`);
  }
  const baseline = options.baseline === undefined ? undefined : openBaseline(path.resolve(io.cwd, options.baseline), { name: options.baseline, update: options.updateBaseline ?? false });
  if (baseline && 'problem' in baseline) problems.push(baseline.problem);
  if (problems.length > 0) {
    problems.forEach(say);
    return 2;
  }

  io.preload?.();

  // Files.
  const discovery = discover(targets.map(({ full }) => full), { scope: options.scope });
  let files = discovery.files;
  const root = targets.every(({ full }) => isInside(io.cwd, full)) ? io.cwd : commonRoot(targets.map(({ full }) => (statSync(full).isDirectory() ? full : path.dirname(full))));
  const notAnalysed: NotAnalysed[] = discovery.notAnalysed.map(({ file, reason }) => ({ file: relativeFile(root, file), reason }));
  if (options.fix) {
    // --fix never half-applies: every file must be writable before the first one is written.
    const readOnly = files.filter((file) => !canWrite(file));
    if (readOnly.length > 0) {
      for (const file of readOnly) say(`--fix cannot write ${relativeFile(root, file)}; no file was changed`);
      return 2;
    }
  }

  // Type information.
  let typed = new Set<string>();
  if (config !== undefined && options.typeAware !== undefined) {
    say('--type-aware and --no-type-aware have no effect with --config: the config decides the parser options.');
  }
  if (config !== undefined && options.rules !== undefined) say('--rules has no effect with --config: the config decides the rules.');
  if (config === undefined) {
    if (!(await canParseTypeScript())) {
      say('the `typescript` package is not installed; auditing JavaScript files only.');
      const isJavaScript = (file: string): boolean => /\.[cm]?jsx?$/.test(file);
      // Listed in the report (one stderr line above says why for all of them).
      for (const file of files.filter((item) => !isJavaScript(item))) notAnalysed.push({ file: relativeFile(root, file), reason: NO_TYPESCRIPT });
      files = files.filter(isJavaScript);
    } else if (options.typeAware !== false) {
      const coverage = await typeCoverage(files);
      typed = coverage.covered;
      if (options.typeAware === true && typed.size < files.length) {
        say(`${coverage.reason ?? `no tsconfig.json covers ${files.length - typed.size} of ${files.length} files`}; audited ${typed.size === 0 ? 'them' : 'those'} without type information.`);
      }
    }
  }

  // Lint, with progress on a terminal.
  const cores = io.cores ?? availableParallelism();
  if (typeof options.concurrency === 'number' && options.concurrency > cores) {
    say(`--concurrency ${options.concurrency} is more threads than this machine's ${cores} cores; using ${cores}.`);
    options.concurrency = cores;
  }
  const concurrency = options.concurrency ?? defaultConcurrency(files.length, typed.size, cores);
  const clock = io.now ?? (() => new Date());
  const started = clock().getTime();
  let progressShown = false;
  const progress = io.stderrIsTTY
    ? (done: number, total: number): void => {
        if (!progressShown && clock().getTime() - started < PROGRESS_DELAY_MS) return;
        progressShown = true;
        io.stderr(`\r\u001B[Kbot-audit: ${done}/${total} files`);
      }
    : undefined;
  let run;
  try {
    run = await lintAll({
      files,
      typed,
      params: { cwd: root, fix: options.fix, concurrency, inlineConfig: options.inlineConfig, ...(config ? { config } : {}), ...(options.rules === 'all' ? { rules: 'all' as const } : {}) },
      ...(progress ? { progress } : {}),
      onCrash: ({ filePath, ruleId, error }) => {
        if (progressShown) io.stderr('\r\u001B[K');
        say(`rule ${ruleId} crashed on ${relativeFile(root, filePath)} (${error}); linted the file again without it`);
      },
    });
  } catch (error) {
    if (progressShown) io.stderr('\r\u001B[K');
    // A broken user config, a plugin that fails to load: one line, not a stack.
    say(`${(error as Error).message.split('\n')[0]}`);
    return 2;
  }
  if (progressShown) io.stderr('\r\u001B[K');
  if (run.typeFallbacks > 0) say(`type information failed for ${run.typeFallbacks} ${run.typeFallbacks === 1 ? 'file; audited it' : 'files; audited them'} without it.`);
  for (const { filePath, reason } of run.failures) notAnalysed.push({ file: relativeFile(root, filePath), reason });
  for (const { filePath, reason } of run.unwritten) say(`--fix could not write ${relativeFile(root, filePath)} (${reason})`);

  const linted = new Set(files);
  // Findings inside functions nothing calls: the project's names are scanned only when there are findings to judge.
  // Only files whose whole project was walked are judged: a file named alone, or a subfolder audited
  // alone, has callers the name scan never read. The project is the package, or for a repository with no
  // package.json the folder whose deployment settings start it (a pm2 ecosystem file, a Procfile): the
  // same root the module walk reads; a file below neither has no known bounds and is not judged.
  const walked = new Set(discovery.nameFiles);
  const walkedDirectories = targets.map(({ full }) => full).filter((full) => statSync(full).isDirectory());
  const wholePackage = (file: string): boolean => {
    const project = projectOf(file);
    return project !== null && walkedDirectories.some((walkedDirectory) => isInside(walkedDirectory, project.dir));
  };
  const withFindings = run.results
    .filter((result) => walked.has(result.filePath) && !discovery.fileScopes.has(result.filePath) && result.messages.some((message) => message.ruleId && !message.fatal) && wholePackage(result.filePath))
    .map((result) => result.filePath);
  // A name mentioned only in code that never runs in production (a file no entry point imports, a test,
  // an example, docs) is called by nothing that runs; scripts, tools and generated copies may run, so they still count.
  const deadFiles = new Set([...discovery.fileClasses].filter(([, scopeClass]) => NEVER_RUN_CLASSES.has(scopeClass)).map(([file]) => file));
  // Code that never runs (a handler a catch-all shadows, a `catch` whose `try` cannot throw): a model that fails keeps the file's findings, and says so.
  const neverRuns = (file: string, code: string): [number, number][] => {
    try {
      return neverRunningCode(file, code);
    } catch (error) {
      say(`could not tell which code of ${relativeFile(root, file)} never runs (${(error as Error).message}); its findings are kept`);
      return [];
    }
  };
  const uncalled = uncalledFunctions(discovery.nameFiles, withFindings, { deadFiles, neverRuns });
  let report = buildReport({
    results: run.results,
    rulesMeta: run.rulesMeta,
    ruleIds: run.ruleIds,
    // The embedded config's default run leaves the rules of experimental precision out: the report says which.
    ...(config === undefined && options.rules !== 'all' ? { notRun: rulesNotRunByDefault() } : {}),
    root,
    filesScanned: files.length,
    linesScanned: files.reduce((sum, file) => sum + discovery.lines.get(file)!, 0),
    typedFiles: run.typedFiles,
    notAnalysed,
    crashes: run.crashes.map(({ filePath, ruleId, error }) => ({ file: relativeFile(root, filePath), ruleId, error })),
    configComments: discovery.configComments.filter(({ file }) => linted.has(file)).map((item) => ({ ...item, file: relativeFile(root, item.file) })),
    outOfScope: discovery.outOfScope,
    fileScopes: discovery.fileScopes,
    examplePackages: discovery.examplePackages.map(({ dir, reason }) => ({ dir: path.relative(root, dir).split(path.sep).join('/') || '.', reason })),
    uncalled: (filePath, line, column) => uncalled.isUncalled(filePath, line, column),
    scope: options.scope,
    inlineConfig: options.inlineConfig,
    failOn: options.failOn,
    allowUnanalysed: options.allowUnanalysed,
    tool: { name: 'bot-audit', version: plugin.meta.version },
    now: clock(),
  });
  const sources = createSources(root);
  if (baseline && !('problem' in baseline)) {
    const applied = baseline.apply(report, { audited: files, sources });
    if ('problem' in applied) {
      say(applied.problem);
      return 2;
    }
    report = applied.report;
    say(applied.notice);
  }
  // One line for each file left out, whatever the reason.
  for (const item of report.notAnalysed.filter((entry) => entry.reason !== NO_TYPESCRIPT)) say(`not analysed: ${item.file}${item.line === undefined ? '' : `:${item.line}`}: ${item.reason}`);

  const format: Format = options.format ?? 'pretty';
  const text = await render(report, run.results, format, options, {
    root,
    project: targets.length === 1 && statSync(targets[0]!.full).isDirectory() ? targets[0]!.full : root,
    color: output === undefined && useColor(io),
    linkBase: linkBase(root, output ?? path.join(io.cwd, 'report.md')),
    targets: targets.map(({ target }) => target),
    config: config ? path.relative(root, config) : undefined,
    sources,
  });
  if (output === undefined) io.stdout(text);
  else {
    const reason = writeAtomically(output, text);
    if (reason) {
      say(`cannot write ${options.output} (${reason}); the previous report, if any, is unchanged`);
      return 2;
    }
  }
  if (run.unwritten.length > 0) return 2;
  return report.summary.failed ? 1 : 0;
}

/** The metadata of the plugin's rules that the embedded config leaves out by default (`--rules all` runs them). */
function rulesNotRunByDefault(): Record<string, RuleMeta> {
  const { namespace } = plugin.meta;
  return Object.fromEntries(rulesLeftOut(plugin.rules).map(([name, rule]) => [`${namespace}/${name}`, rule.meta as unknown as RuleMeta]));
}

function canWrite(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The prefix that makes a path relative to `root` a link from the report's own directory. */
function linkBase(root: string, reportFile: string): string {
  const relative = path.relative(path.dirname(reportFile), root).split(path.sep).join('/');
  return relative === '' ? '' : `${relative}/`;
}

/** The rules the embedded config ran, for the report's "generated with" line. */
const embeddedRules = (options: CliOptions): string =>
  options.rules === 'all' ? 'every rule of eslint-plugin-bot-audit (--rules all)' : "eslint-plugin-bot-audit's recommended rules";

async function render(
  report: Report,
  results: CompactResult[],
  format: Format,
  options: CliOptions,
  context: { root: string; project: string; color: boolean; linkBase: string; targets: string[]; config: string | undefined; sources: Sources },
): Promise<string> {
  switch (format) {
    // The formats few runs ask for are loaded only when asked for.
    case 'html':
      return (await import('./format/html.js')).formatHtml(report, {
        project: projectName(context.project),
        targets: context.targets,
        linkBase: context.linkBase,
        config: context.config ? `the ESLint config ${context.config}` : embeddedRules(options),
        excerpt: context.sources.excerpt,
      });
    case 'markdown':
      return formatMarkdown(report, {
        excerpt: context.sources.excerpt,
        top: options.top ?? DEFAULT_TOP,
        project: projectName(context.project),
        targets: context.targets,
        linkBase: context.linkBase,
        config: context.config ? `the ESLint config ${markdownCode(context.config)}` : embeddedRules(options),
      });
    case 'json':
      return formatJson(report);
    case 'sarif':
      return (await import('./format/sarif.js')).formatSarif(report);
    case 'stylish': {
      const formatter = await new ESLint({ cwd: context.root }).loadFormatter('stylish');
      // File names and messages come from the audited code: no escape sequence reaches the terminal.
      const safe = results.map((result) => ({
        ...result,
        filePath: terminalSafe(result.filePath),
        messages: result.messages.map((message) => ({ ...message, message: terminalSafe(message.message), ruleId: message.ruleId && terminalSafe(message.ruleId) })),
      }));
      const footer = completeness(report);
      return `${await formatter.format(safe, { color: context.color })}${footer.length > 0 ? `${footer.join('\n')}\n` : ''}`;
    }
    default:
      return formatPretty(report, { color: context.color, ...(options.top ? { top: options.top } : {}) });
  }
}

export { FORMATS };
