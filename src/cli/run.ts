import { writeFile } from 'node:fs/promises';

import { ESLint, type Linter } from 'eslint';

import plugin from '../index.js';
import { javaScriptSourceType, type JavaScriptSourceType } from './embedded-config.js';
import { lintOptions, paramsToSearch, type LintParams } from './lint-options.js';
import type { RuleMeta } from './report.js';

/** A lint result without the source text and fix data, so that a large tree's results stay small. */
export interface CompactResult {
  filePath: string;
  messages: Linter.LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Findings hidden by directives (rule, position and message only). */
  suppressedMessages: Linter.SuppressedLintMessage[];
  usedDeprecatedRules: [];
}

/** A rule that threw on a file (paths absolute). */
export interface RunCrash {
  filePath: string;
  ruleId: string;
  error: string;
}

/** A file that could not be linted at all (paths absolute). */
export interface RunFailure {
  filePath: string;
  reason: string;
}

export interface LintRun {
  results: CompactResult[];
  rulesMeta: Record<string, RuleMeta>;
  /** Rules the config turned on (for the per-rule summary). */
  ruleIds: string[];
  /** Files linted with type information. */
  typedFiles: number;
  /** Files that were meant to get types but were linted without them. */
  typeFallbacks: number;
  /** Rules that threw: each file was linted again without the rule. */
  crashes: RunCrash[];
  /** Files no lint could finish on. */
  failures: RunFailure[];
  /** Files whose fixes could not be written (`--fix`). */
  unwritten: RunFailure[];
}

export interface RunInput {
  files: readonly string[];
  /** Files to lint with type information. */
  typed: ReadonlySet<string>;
  params: Omit<LintParams, 'typeAware' | 'disabledRules' | 'espree'>;
  /** Called after each batch with files done and total. */
  progress?: (done: number, total: number) => void;
  /** Called once per rule crash, as it happens. */
  onCrash?: (crash: RunCrash) => void;
}

/**
 * `// eslint-disable-next-line other-plugin/rule` comments in the audited code name rules that the
 * audit does not load; ESLint reports each as an error. They say nothing about the code: drop them.
 */
const isUnknownRuleDirective = (message: Linter.LintMessage): boolean =>
  message.ruleId !== null && !message.fatal && /^Definition for rule '.+' was not found\.$/.test(message.message);

/**
 * ESLint 10 answers a `/* eslint-env node *\/` comment (an ESLint 8 habit, common in older bots) with a
 * fatal message, yet parses the file and runs every rule on it: the comment says nothing about the code
 * and the file was analysed. ESLint 9 makes it a warning without a rule, which the report skips too.
 */
const isObsoleteEnvComment = (message: Linter.LintMessage): boolean =>
  message.ruleId === null && /^\/\* eslint-env \*\/ comments are no longer (?:supported|recognized)\b/.test(message.message);

/**
 * A prose comment that happens to start with `/* eslint ` (`/* eslint 없이도 읽히게 … *\/`, "readable
 * without eslint") or a rule config comment whose JSON is broken: ESLint ignores the comment with a fatal
 * message, yet parses the file and runs every rule on it with the settings it had. The file was
 * analysed; the comment says nothing about the code's defects.
 */
const isUnreadableConfigComment = (message: Linter.LintMessage): boolean => message.ruleId === null && /^Failed to parse JSON from '/.test(message.message);

/** A message the audit drops: it says nothing about the code (see the predicates above). */
const isNoise = (message: Linter.LintMessage): boolean => isUnknownRuleDirective(message) || isObsoleteEnvComment(message) || isUnreadableConfigComment(message);

/** A fatal message after which ESLint still ran every rule on the file. */
const isFatalButAnalysed = (message: Linter.LintMessage): boolean => isObsoleteEnvComment(message) || isUnreadableConfigComment(message);

/**
 * A rule the audited code's own config comment turned on (`/* eslint one-var: ["error", "always"] *\/`,
 * common in older bots): ESLint obeys it, but with the embedded config the audit is this plugin's rules
 * only, so such a message is no finding (an `eslint-disable` comment is still obeyed). With the user's
 * own config (`--config`), every rule it names is the user's choice and is kept.
 */
const isForeignRule = (message: Linter.LintMessage, embedded: boolean): boolean =>
  embedded && message.ruleId !== null && !message.ruleId.startsWith(`${plugin.meta.namespace}/`);

const compact = (result: ESLint.LintResult, embedded: boolean): CompactResult => {
  const dropped = (message: Linter.LintMessage): boolean => isNoise(message) || isForeignRule(message, embedded);
  return {
    filePath: result.filePath,
    messages: result.messages.filter((message) => !dropped(message)).map((message) => {
      const light: Linter.LintMessage = { ...message };
      delete light.fix;
      if (message.suggestions) light.suggestions = message.suggestions.map(({ desc }) => ({ desc, fix: { range: [0, 0], text: '' } }));
      return light;
    }),
    errorCount: result.errorCount - result.messages.filter((message) => dropped(message) && message.severity === 2).length,
    fatalErrorCount: result.fatalErrorCount - result.messages.filter((message) => isFatalButAnalysed(message) && message.fatal).length,
    warningCount: result.warningCount - result.messages.filter((message) => isForeignRule(message, embedded) && message.severity === 1).length,
    fixableErrorCount: result.fixableErrorCount,
    fixableWarningCount: result.fixableWarningCount,
    suppressedMessages: result.suppressedMessages.map(({ ruleId, line, column, message, severity, suppressions }) => ({ ruleId, line, column, message, severity, suppressions })),
    usedDeprecatedRules: [],
  };
};

/** Whether a typed lint failed to parse: the file is linted again without types (a genuine syntax error fails again). */
const hasFatal = (result: ESLint.LintResult): boolean => result.messages.some((message) => message.fatal && !isFatalButAnalysed(message));

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** The rule ESLint names in the error a rule threw ("…\nRule: \"id\""), if a rule threw it. */
export function crashedRule(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return /\nRule: "([^"]+)"/.exec(message)?.[1];
}

/** Whether ESLint threw while linting a file (a rule or the traversal), not while loading the config. */
const isLintError = (error: unknown): boolean => /\nOccurred while linting /.test(error instanceof Error ? error.message : String(error));

async function createESLint(params: LintParams): Promise<ESLint> {
  // One thread needs no worker: lint in this one.
  if (params.concurrency === 'off' || params.concurrency === 1) return new ESLint((await lintOptions({ ...params, concurrency: 'off' })).options);
  // Worker threads cannot receive plugin objects: they rebuild the options from a module URL.
  const url = new URL(`./worker-options.js?${paramsToSearch(params)}`, import.meta.url);
  return ESLint.fromOptionsModule(url);
}

/** Batches small enough to show progress and keep memory bounded, large enough to keep workers busy. */
export function batchSize(total: number, concurrency: LintParams['concurrency']): number {
  return concurrency === 'off' ? Math.max(50, Math.ceil(total / 100)) : Math.max(400, Math.ceil(total / 10));
}

/**
 * Lints the files in batches: those a tsconfig covers with type information, the rest without.
 * A file that fails with types (the project service rejects it, TypeScript overflows its stack) is
 * linted again without them. When a rule throws, the batch is linted file by file, and the file the
 * rule threw on is linted again without that rule: the crash is recorded, the run goes on, and the
 * file's other findings are kept. With the embedded config, a CommonJS file typescript-eslint's parser
 * rejects (sloppy-mode code: `00`, `with`) is linted again with espree, without types; when espree
 * rejects it too, the first parser's error stands.
 */
export async function lintAll(input: RunInput): Promise<LintRun> {
  const typedList = input.files.filter((file) => input.typed.has(file));
  const plainList = input.files.filter((file) => !input.typed.has(file));
  const total = input.files.length;
  const results: CompactResult[] = [];
  const rulesMeta: Record<string, RuleMeta> = {};
  const ruleIds = new Set<string>();
  const crashes: RunCrash[] = [];
  const failures: RunFailure[] = [];
  const unwritten: RunFailure[] = [];
  let done = 0;
  let typedFiles = 0;
  let typeFallbacks = 0;

  const instances = new Map<string, Promise<ESLint>>();
  const instance = (typeAware: boolean, disabledRules: readonly string[] = [], espree?: JavaScriptSourceType): Promise<ESLint> => {
    const key = `${typeAware}|${espree ?? ''}|${[...disabledRules].sort().join(',')}`;
    let eslint = instances.get(key);
    if (!eslint) {
      // Files linted again after a crash or with espree are few: one thread.
      const concurrency = disabledRules.length > 0 || espree ? 'off' : input.params.concurrency;
      eslint = createESLint({ ...input.params, concurrency, typeAware, disabledRules, ...(espree ? { espree } : {}) });
      instances.set(key, eslint);
    }
    return eslint;
  };

  const collect = async (eslint: ESLint, batch: ESLint.LintResult[]): Promise<void> => {
    if (input.params.fix) {
      // One file at a time, so that a file that cannot be written does not stop the others.
      for (const result of batch) {
        if (result.output === undefined) continue;
        try {
          await writeFile(result.filePath, result.output);
        } catch (error) {
          unwritten.push({ filePath: result.filePath, reason: (error as NodeJS.ErrnoException).code ?? firstLine(error) });
        }
      }
    }
    Object.assign(rulesMeta, eslint.getRulesMetaForResults(batch));
    for (const result of batch) results.push(compact(result, !input.params.config));
  };

  /**
   * Lints one file, turning off each rule that throws on it, until the lint finishes. A lint that
   * fails otherwise is a failure of the file, unless it is a second try (with types, or with espree).
   */
  const lintIsolated = async (file: string, typeAware: boolean, espree?: JavaScriptSourceType): Promise<{ eslint: ESLint; result: ESLint.LintResult } | null> => {
    const disabled: string[] = [];
    for (;;) {
      const eslint = await instance(typeAware, disabled, espree);
      try {
        const [result] = await eslint.lintFiles([file]);
        return result ? { eslint, result } : null;
      } catch (error) {
        if (!isLintError(error)) throw error;
        const ruleId = crashedRule(error);
        if (ruleId === undefined || disabled.includes(ruleId)) {
          if (typeAware || espree) return null;
          failures.push({ filePath: file, reason: `ESLint failed: ${firstLine(error)}` });
          return null;
        }
        disabled.push(ruleId);
        // The same crash again (the file linted again without types) is recorded once.
        if (!crashes.some((crash) => crash.filePath === file && crash.ruleId === ruleId)) {
          const crash = { filePath: file, ruleId, error: firstLine(error) };
          crashes.push(crash);
          input.onCrash?.(crash);
        }
      }
    }
  };

  /**
   * Collects the results of a lint without types. A JavaScript file the embedded config's parser
   * rejected is linted again with espree in the file's own source type (javaScriptSourceType): valid
   * sloppy-mode code that TypeScript refuses is audited; when espree rejects the file too, the first
   * parser's error is kept.
   */
  const collectPlain = async (eslint: ESLint, batch: ESLint.LintResult[]): Promise<void> => {
    const kept: ESLint.LintResult[] = [];
    for (const result of batch) {
      const espree = input.params.config === undefined && hasFatal(result) ? javaScriptSourceType(result.filePath) : null;
      const again = espree ? await lintIsolated(result.filePath, false, espree) : null;
      if (again && !hasFatal(again.result)) await collect(again.eslint, [again.result]);
      else kept.push(result);
    }
    await collect(eslint, kept);
  };

  /** Lints a batch; when ESLint throws, file by file. Returns the files to lint again without types. */
  const lintBatch = async (batch: readonly string[], typeAware: boolean): Promise<string[]> => {
    const eslint = await instance(typeAware);
    let linted: ESLint.LintResult[];
    try {
      linted = await eslint.lintFiles([...batch]);
    } catch (error) {
      if (!isLintError(error) && !typeAware) throw error;
      const retry: string[] = [];
      for (const file of batch) {
        const outcome = await lintIsolated(file, typeAware);
        if (outcome && !(typeAware && hasFatal(outcome.result))) {
          await (typeAware ? collect : collectPlain)(outcome.eslint, [outcome.result]);
          if (typeAware) typedFiles++;
        } else if (typeAware) retry.push(file);
      }
      return retry;
    }
    const retry = typeAware ? linted.filter(hasFatal).map((result) => result.filePath) : [];
    if (typeAware) await collect(eslint, linted.filter((result) => !hasFatal(result)));
    else await collectPlain(eslint, linted);
    if (typeAware) typedFiles += linted.length - retry.length;
    return retry;
  };

  const noteRules = async (typeAware: boolean, file: string | undefined): Promise<void> => {
    if (file === undefined) return;
    const eslint = await instance(typeAware);
    const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, unknown> } | undefined;
    const ids: string[] = [];
    for (const [id, entry] of Object.entries(config?.rules ?? {})) {
      const severity = Array.isArray(entry) ? (entry as unknown[])[0] : entry;
      if (severity !== 0 && severity !== 'off') ids.push(id);
    }
    ids.forEach((id) => ruleIds.add(id));
    // The metadata of every rule that runs, not only of those that report: ESLint looks rules up by
    // the ids of a result's messages.
    const probe = { filePath: file, messages: ids.map((ruleId) => ({ ruleId })), suppressedMessages: [] };
    Object.assign(rulesMeta, eslint.getRulesMetaForResults([probe as unknown as ESLint.LintResult]));
  };

  const size = batchSize(total, input.params.concurrency);
  if (typedList.length > 0) {
    await noteRules(true, typedList[0]);
    for (let start = 0; start < typedList.length; start += size) {
      const batch = typedList.slice(start, start + size);
      const failed = await lintBatch(batch, true);
      if (failed.length > 0) {
        const before = results.length;
        await lintBatch(failed, false);
        // A file that fails without types too has a genuine syntax error, not a type failure.
        typeFallbacks += results.slice(before).filter((result) => result.fatalErrorCount === 0).length;
      }
      done += batch.length;
      input.progress?.(done, total);
    }
  }
  if (plainList.length > 0) {
    await noteRules(false, plainList[0]);
    for (let start = 0; start < plainList.length; start += size) {
      const batch = plainList.slice(start, start + size);
      await lintBatch(batch, false);
      done += batch.length;
      input.progress?.(done, total);
    }
  }
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
  return { results, rulesMeta, ruleIds: [...ruleIds].sort(), typedFiles, typeFallbacks, crashes, failures, unwritten };
}
