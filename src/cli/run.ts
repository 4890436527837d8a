import { ESLint, type Linter } from 'eslint';

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
  suppressedMessages: [];
  usedDeprecatedRules: [];
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
}

export interface RunInput {
  files: readonly string[];
  /** Files to lint with type information. */
  typed: ReadonlySet<string>;
  params: Omit<LintParams, 'typeAware'>;
  /** Called after each batch with files done and total. */
  progress?: (done: number, total: number) => void;
}

/**
 * `// eslint-disable-next-line other-plugin/rule` comments in the audited code name rules that the
 * audit does not load; ESLint reports each as an error. They say nothing about the code: drop them.
 */
const isUnknownRuleDirective = (message: Linter.LintMessage): boolean =>
  message.ruleId !== null && !message.fatal && /^Definition for rule '.+' was not found\.$/.test(message.message);

const compact = (result: ESLint.LintResult): CompactResult => ({
  filePath: result.filePath,
  messages: result.messages.filter((message) => !isUnknownRuleDirective(message)).map((message) => {
    const light: Linter.LintMessage = { ...message };
    delete light.fix;
    if (message.suggestions) light.suggestions = message.suggestions.map(({ desc }) => ({ desc, fix: { range: [0, 0], text: '' } }));
    return light;
  }),
  errorCount: result.errorCount - result.messages.filter(isUnknownRuleDirective).length,
  fatalErrorCount: result.fatalErrorCount,
  warningCount: result.warningCount,
  fixableErrorCount: result.fixableErrorCount,
  fixableWarningCount: result.fixableWarningCount,
  suppressedMessages: [],
  usedDeprecatedRules: [],
});

/** A parse failure that only means the project service could not give this file types. */
const isTypeFailure = (result: ESLint.LintResult): boolean =>
  result.messages.some((message) => message.fatal && /project service|parserOptions\.project|tsconfig/i.test(message.message));

async function createESLint(params: LintParams): Promise<{ eslint: ESLint }> {
  if (params.concurrency === 'off') return { eslint: new ESLint((await lintOptions(params)).options) };
  // Worker threads cannot receive plugin objects: they rebuild the options from a module URL.
  const url = new URL(`./worker-options.js?${paramsToSearch(params)}`, import.meta.url);
  return { eslint: await ESLint.fromOptionsModule(url) };
}

/** Batches small enough to show progress and keep memory bounded, large enough to keep workers busy. */
export function batchSize(total: number, concurrency: LintParams['concurrency']): number {
  return concurrency === 'off' ? Math.max(50, Math.ceil(total / 100)) : Math.max(400, Math.ceil(total / 10));
}

/**
 * Lints the files in batches: those a tsconfig covers with type information, the rest without.
 * A file that fails only because it cannot get types is linted again without them.
 */
export async function lintAll(input: RunInput): Promise<LintRun> {
  const typedList = input.files.filter((file) => input.typed.has(file));
  const plainList = input.files.filter((file) => !input.typed.has(file));
  const total = input.files.length;
  const results: CompactResult[] = [];
  const rulesMeta: Record<string, RuleMeta> = {};
  const ruleIds = new Set<string>();
  let done = 0;
  let typedFiles = 0;
  let typeFallbacks = 0;

  let plain: ESLint | null = null;
  const plainESLint = async (): Promise<ESLint> => {
    if (!plain) {
      plain = (await createESLint({ ...input.params, typeAware: false })).eslint;
    }
    return plain;
  };

  const collect = async (eslint: ESLint, batch: ESLint.LintResult[]): Promise<void> => {
    if (input.params.fix) await ESLint.outputFixes(batch);
    Object.assign(rulesMeta, eslint.getRulesMetaForResults(batch));
    for (const result of batch) results.push(compact(result));
  };

  const noteRules = async (eslint: ESLint, file: string | undefined): Promise<void> => {
    if (file === undefined) return;
    const config = (await eslint.calculateConfigForFile(file)) as { rules?: Record<string, unknown> } | undefined;
    for (const [id, entry] of Object.entries(config?.rules ?? {})) {
      const severity = Array.isArray(entry) ? (entry as unknown[])[0] : entry;
      if (severity !== 0 && severity !== 'off') ruleIds.add(id);
    }
  };

  const size = batchSize(total, input.params.concurrency);
  if (typedList.length > 0) {
    const { eslint: typedESLint } = await createESLint({ ...input.params, typeAware: true });
    await noteRules(typedESLint, typedList[0]);
    for (let start = 0; start < typedList.length; start += size) {
      const batch = typedList.slice(start, start + size);
      const linted = await typedESLint.lintFiles(batch);
      const failed = linted.filter(isTypeFailure).map((result) => result.filePath);
      await collect(typedESLint, linted.filter((result) => !isTypeFailure(result)));
      typedFiles += linted.length - failed.length;
      if (failed.length > 0) {
        typeFallbacks += failed.length;
        const eslint = await plainESLint();
        await collect(eslint, await eslint.lintFiles(failed));
      }
      done += batch.length;
      input.progress?.(done, total);
    }
  }
  if (plainList.length > 0) {
    const eslint = await plainESLint();
    await noteRules(eslint, plainList[0]);
    for (let start = 0; start < plainList.length; start += size) {
      const batch = plainList.slice(start, start + size);
      await collect(eslint, await eslint.lintFiles(batch));
      done += batch.length;
      input.progress?.(done, total);
    }
  }
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
  return { results, rulesMeta, ruleIds: [...ruleIds].sort(), typedFiles, typeFallbacks };
}
