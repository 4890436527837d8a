import path from 'node:path';

import type { ESLint, Linter } from 'eslint';

import { FILE_SCOPE_CLASSES, SCOPE_LABELS, emptyScopeCounts, type OutOfScopeClass } from '../scope.js';
import { PRECISIONS, PRIORITIES, PRIORITY_MEANING, isReviewOnly, type Precision, type Priority } from '../util/create-rule.js';
import type { BaselineSummary } from './baseline.js';

/** The version of the JSON report's schema (docs/json-report.md). Bumped on any breaking change. */
export const REPORT_SCHEMA_VERSION = 2;

/** The category of a finding from a rule that does not state one (a rule from the user's own config). */
export const OTHER_CATEGORY = 'Other';

export interface Finding {
  ruleId: string;
  priority: Priority;
  category: string;
  severity: 'error' | 'warning';
  /** Path relative to the report's root, with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** What is wrong, as the rule says it. */
  message: string;
  /** What happens in production. */
  risk: string;
  /** How to fix it. */
  fix: string;
  docsUrl?: string;
  /** The editor suggestions the rule offers for this finding. */
  suggestions: string[];
  /** With `--baseline`: what identifies the finding across runs (rule, file, normalised code; no line). */
  fingerprint?: string;
  /**
   * With `--scope all`: the class of code the file belongs to when it is not production code (a test,
   * an example, a script, a file no entry point imports, …). Its finding is reported at the lowest
   * priority, whatever the rule's own.
   */
  scope?: OutOfScopeClass;
  /**
   * `low` (or `experimental`, with `--rules all`) when the rule's reports measured low precision on
   * unseen bots (docs/validation.md): the finding is a place to review and is reported at the lowest
   * priority, whatever the rule's own.
   */
  precision?: ReviewPrecision;
}

/** The precisions whose findings are places to review (`isReviewOnly`). */
export type ReviewPrecision = 'low' | 'experimental';

/** A rule of the plugin that the run left out on purpose, and why. */
export interface RuleNotRun {
  ruleId: string;
  description: string;
  category: string;
  priority: Priority;
  /** `experimental`: wrong far more often than right on unseen bots, so not run by default (`--rules all` runs it). */
  precision: 'experimental';
  /** Why, in words: "experimental precision". */
  reason: string;
  docsUrl?: string;
}

export interface NotAnalysed {
  file: string;
  line?: number;
  column?: number;
  reason: string;
}

/** A `/* eslint rule: … *\/` comment in the audited code: it changes rule settings (or adds rules) for its file. */
export interface ConfigComment {
  file: string;
  line: number;
  comment: string;
}

/** A rule that threw on a file: the file was linted again without it. */
export interface Crash {
  file: string;
  ruleId: string;
  /** The error's first line. */
  error: string;
}

export interface RuleSummary {
  ruleId: string;
  description: string;
  category: string;
  priority: Priority;
  /** How often the rule's reports were right on unseen bots, when the rule states it (this plugin's rules do). */
  precision?: Precision;
  docsUrl?: string;
  findings: number;
  /** Findings hidden by `eslint-disable` directives in the audited code. */
  suppressed: number;
}

export interface CategorySummary {
  category: string;
  findings: number;
  byPriority: Record<Priority, number>;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  generatedAt: string;
  /** Absolute directory every `file` is relative to. */
  root: string;
  summary: {
    filesScanned: number;
    linesScanned: number;
    filesWithFindings: number;
    findings: number;
    byPriority: Record<Priority, number>;
    notAnalysed: number;
    /** Rule crashes (a rule threw on a file; the file's other rules still ran). */
    crashes: number;
    /** Findings hidden by `eslint-disable` directives (0 when inline config was off). */
    suppressed: number;
    /** Whether `eslint-disable` and rule config comments in the audited code were obeyed. */
    inlineConfig: boolean;
    /** Rule config comments obeyed (see `configComments`); 0 when inline config was off. */
    configComments: number;
    /** `production`: tests, examples, docs, tooling and browser code found in directories were left out. */
    scope: 'production' | 'all';
    /** Files left out as not production code (see `outOfScope`; findings left out as `uncalled` are not counted here); they do not fail the gate. */
    outOfScope: number;
    /** Files audited with type information. */
    typedFiles: number;
    failOn: Priority | 'never';
    /** Whether not-analysed files and crashes are accepted (`--allow-unanalysed`) instead of failing the gate. */
    allowUnanalysed: boolean;
    /** Exit code 1: findings at or above `failOn`, or (unless `allowUnanalysed`) anything not analysed or crashed. */
    failed: boolean;
  };
  /** Sorted by priority, then file, line and column. */
  findings: Finding[];
  notAnalysed: NotAnalysed[];
  crashes: Crash[];
  /** Rule config comments that changed rule settings inside the audited code (none when inline config was off). */
  configComments: ConfigComment[];
  /** Files left out by class (scope `production` only); `uncalled` counts findings left out. */
  outOfScope: Record<OutOfScopeClass, number>;
  /**
   * Packages whose package.json declares them a demo or example (folder relative to `root`, `.` for
   * the root), and why: their files were left out as `example` (with `--scope all`, audited at the
   * lowest priority). Absent when there are none.
   */
  examplePackages?: ExamplePackageNote[];
  /** Categories with at least one finding, most findings first. */
  categories: CategorySummary[];
  /** Every rule that ran or reported, by priority then name. */
  rules: RuleSummary[];
  /** With `--baseline`: `findings` are the new ones only; this says what was baselined and fixed. */
  baseline?: BaselineSummary;
  /** The plugin's rules the embedded config did not run by default (absent with `--rules all` or `--config`). */
  notRun?: RuleNotRun[];
}

/** A package that declares itself an example: its folder relative to the report's root, and why. */
export interface ExamplePackageNote {
  dir: string;
  reason: string;
}

export type RuleMeta = NonNullable<ESLint.LintResultData['rulesMeta'][string]>;

/** A rule's documentation fields, read loosely so that rules of any plugin fit. */
interface LooseDocs {
  description?: string;
  category?: string;
  priority?: string;
  precision?: string;
  url?: string;
  risk?: string;
  fix?: string;
}

export interface ReportInput {
  results: readonly (Pick<ESLint.LintResult, 'filePath' | 'messages'> & { suppressedMessages?: readonly Pick<Linter.LintMessage, 'ruleId'>[] })[];
  rulesMeta: Record<string, RuleMeta | undefined>;
  /** Rules that ran (listed in the per-rule summary even without findings). */
  ruleIds?: readonly string[];
  /** The plugin's rules left out of the run by default, with their metadata (see `Report.notRun`). */
  notRun?: Record<string, RuleMeta | undefined>;
  root: string;
  filesScanned: number;
  linesScanned: number;
  typedFiles?: number;
  notAnalysed?: readonly NotAnalysed[];
  crashes?: readonly Crash[];
  configComments?: readonly ConfigComment[];
  outOfScope?: Record<OutOfScopeClass, number>;
  /** With `--scope all`: the class of each audited file (absolute path) that is not production code. */
  fileScopes?: ReadonlyMap<string, OutOfScopeClass>;
  /** Packages (folders relative to `root`) that declare themselves examples, and why (see `Report.examplePackages`). */
  examplePackages?: readonly ExamplePackageNote[];
  /**
   * Whether a finding (absolute path, 1-based line and column) is inside a function nothing calls:
   * left out and counted as `uncalled` in scope `production`, reported at the lowest priority with
   * scope `all`.
   */
  uncalled?: (filePath: string, line: number, column: number) => boolean;
  scope?: 'production' | 'all';
  inlineConfig?: boolean;
  failOn?: Priority | 'never';
  allowUnanalysed?: boolean;
  tool: { name: string; version: string };
  now?: Date;
}

/**
 * Why a finding is at a lower priority than its rule's: " · not production: tests" for a finding of
 * `--scope all` in non-production code, " · low-precision rule: review" for a rule whose reports are
 * often wrong on unseen bots (" · experimental-precision rule: review" for one run by `--rules all`
 * that is wrong far more often than right); else "".
 */
export const scopeNote = (finding: Pick<Finding, 'scope' | 'precision'>): string =>
  (finding.scope ? ` · not production: ${SCOPE_LABELS[finding.scope]}` : '') + (finding.precision ? ` · ${finding.precision}-precision rule: review` : '');

/** The option that runs the rules left out by default. */
export const ALL_RULES_OPTION = '--rules all';

/**
 * What the run left out of the plugin's rules, one sentence per reason, for the text formats:
 * "Not run by default (experimental precision): no-swallowed-error, require-response-check;
 * --rules all runs them." Empty when every rule ran. `code` marks up the rule names and the option
 * (markdown backticks, HTML `<code>`); it must escape what it is given for its format.
 */
export function notRunLines(report: Pick<Report, 'notRun'>, code: (text: string) => string = (text) => text): string[] {
  const byReason = new Map<string, string[]>();
  for (const rule of report.notRun ?? []) byReason.set(rule.reason, [...(byReason.get(rule.reason) ?? []), rule.ruleId.replace(/^bot-audit\//, '')]);
  return [...byReason].map(
    ([reason, names]) => `Not run by default (${reason}): ${names.map(code).join(', ')}; ${code(ALL_RULES_OPTION)} runs ${names.length === 1 ? 'it' : 'them'}.`,
  );
}

/**
 * One line per package whose package.json declares it an example: why its files count as examples
 * (`code` formats the folder, `plain` the reason, for formats that escape text).
 */
export function examplePackageLines(report: Pick<Report, 'examplePackages'>, code: (text: string) => string = (text) => text, plain: (text: string) => string = (text) => text): string[] {
  return (report.examplePackages ?? []).map(({ dir, reason }) => `Example package ${code(dir)} (${plain(reason)}): its files count as ${SCOPE_LABELS.example}.`);
}

const LOWEST_PRIORITY = PRIORITIES[PRIORITIES.length - 1]!;

const docsOf = (meta: RuleMeta | undefined): LooseDocs => meta?.docs ?? {};

const isPriority = (value: unknown): value is Priority => PRIORITIES.includes(value as Priority);

const precisionOf = (docs: LooseDocs): Precision | undefined => (PRECISIONS.includes(docs.precision as Precision) ? (docs.precision as Precision) : undefined);

/** Rules of other plugins have no priority: errors count as P1, warnings as P2. */
function priorityOf(docs: LooseDocs, severity: number): Priority {
  if (isPriority(docs.priority)) return docs.priority;
  return severity === 2 ? 'P1' : 'P2';
}

export const relativeFile = (root: string, filePath: string): string =>
  (path.relative(root, filePath) || path.basename(filePath)).split(path.sep).join('/');

const sentence = (text: string): string => {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The risk line of a finding: the rule's own `docs.risk` when it states one, else the consequence
 * its first sentence states ("…, so the failure vanishes in production", "…: the operator never
 * sees the error"), else what its priority means.
 */
export function riskOf(docs: LooseDocs, priority: Priority, message: string): string {
  if (docs.risk) return sentence(docs.risk);
  const firstSentence = message.split(/\.\s/)[0]!;
  const consequence = /,\s+so\s+([^.;]+)/.exec(firstSentence) ?? /:\s+([^.;:]+)/.exec(firstSentence);
  const meaning = `${priority}: ${PRIORITY_MEANING[priority]}`;
  return consequence ? `${capitalise(consequence[1]!.trim())} (${meaning}).` : `${capitalise(meaning.slice(4))}.`;
}

/**
 * The fix line of a finding: the rule's own `docs.fix`, else the suggestions the rule offers for this
 * very finding, else the instruction after the semicolon of its message ("…; check it before use."),
 * else the rule's description ("Require a timeout on …" is itself the fix).
 */
export function fixOf(docs: LooseDocs, message: Pick<Linter.LintMessage, 'message' | 'suggestions'>): string {
  if (docs.fix) return sentence(docs.fix);
  const suggestions = (message.suggestions ?? []).map((suggestion) => sentence(suggestion.desc));
  if (suggestions.length > 0) return suggestions.join(' Or: ');
  const instruction = /;\s+([a-z][^;]*)$/.exec(message.message.trim());
  if (instruction) return sentence(capitalise(instruction[1]!));
  if (docs.description) return sentence(docs.description.replace(/^Require\b/, 'Add').replace(/^Disallow\b/, 'Avoid'));
  return 'See the rule documentation.';
}

const emptyCounts = (): Record<Priority, number> => ({ P0: 0, P1: 0, P2: 0 });

export const PRIORITY_RANK: Record<Priority, number> = { P0: 0, P1: 1, P2: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/** Whether a run with these findings fails the `--fail-on` gate. */
export function fails(byPriority: Record<Priority, number>, failOn: Priority | 'never'): boolean {
  if (failOn === 'never') return false;
  return PRIORITIES.some((priority) => PRIORITY_RANK[priority] <= PRIORITY_RANK[failOn] && byPriority[priority] > 0);
}

/** Why a report fails the gate, one phrase each ("findings at P1 or above", "2 files not analysed"); empty when it passes. */
export function failureReasons(report: Pick<Report, 'summary'>): string[] {
  const { summary } = report;
  const reasons: string[] = [];
  if (fails(summary.byPriority, summary.failOn)) reasons.push(`findings at ${summary.failOn} or above`);
  if (!summary.allowUnanalysed) {
    if (summary.notAnalysed > 0) reasons.push(`${summary.notAnalysed} ${summary.notAnalysed === 1 ? 'file' : 'files'} not analysed`);
    if (summary.crashes > 0) reasons.push(`${summary.crashes} rule ${summary.crashes === 1 ? 'crash' : 'crashes'}`);
  }
  return reasons;
}

/** Builds the audit report every format renders, from ESLint's results and the rules' metadata. */
export function buildReport(input: ReportInput): Report {
  const findings: Finding[] = [];
  const notAnalysed: NotAnalysed[] = [...(input.notAnalysed ?? [])];
  const suppressed = new Map<string, number>();
  const outOfScope = { ...(input.outOfScope ?? emptyScopeCounts()) };
  for (const result of input.results) {
    for (const { ruleId } of result.suppressedMessages ?? []) if (ruleId) suppressed.set(ruleId, (suppressed.get(ruleId) ?? 0) + 1);
    const file = relativeFile(input.root, result.filePath);
    const fileScope = input.fileScopes?.get(result.filePath);
    for (const message of result.messages) {
      if (message.fatal) {
        notAnalysed.push({ file, line: message.line, column: message.column, reason: message.message });
        continue;
      }
      // A note without a rule on the code's own config comments (a rule configured twice, as in vendored
      // jQuery): the file was parsed and every rule ran; the note says nothing about the code's defects.
      if (!message.ruleId) continue;
      const uncalled = fileScope === undefined && input.uncalled?.(result.filePath, message.line, message.column) === true;
      if (uncalled && input.scope !== 'all') {
        outOfScope.uncalled++;
        continue;
      }
      const scope = uncalled ? 'uncalled' : fileScope;
      const docs = docsOf(input.rulesMeta[message.ruleId]);
      // Code that never runs in production, and a rule often wrong on unseen code, are worth a look, not a failed build.
      const precision = precisionOf(docs);
      const reviewOnly = isReviewOnly(precision);
      const priority = scope || reviewOnly ? LOWEST_PRIORITY : priorityOf(docs, message.severity);
      const category = docs.category ?? OTHER_CATEGORY;
      findings.push({
        ruleId: message.ruleId,
        priority,
        category,
        severity: message.severity === 2 ? 'error' : 'warning',
        file,
        line: message.line,
        column: message.column,
        ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
        ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
        message: message.message,
        // What the defect costs if the report is right: the rule's own priority, not the lowered one.
        risk: riskOf(docs, priorityOf(docs, message.severity), message.message),
        fix: fixOf(docs, message),
        ...(docs.url ? { docsUrl: docs.url } : {}),
        suggestions: (message.suggestions ?? []).map((suggestion) => suggestion.desc),
        ...(scope ? { scope } : {}),
        ...(reviewOnly ? { precision: precision as ReviewPrecision } : {}),
      });
    }
  }
  findings.sort(compareFindings);
  notAnalysed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const byPriority = emptyCounts();
  const categories = new Map<string, CategorySummary>();
  const perRule = new Map<string, number>();
  for (const finding of findings) {
    byPriority[finding.priority]++;
    const category = categories.get(finding.category) ?? { category: finding.category, findings: 0, byPriority: emptyCounts() };
    category.findings++;
    category.byPriority[finding.priority]++;
    categories.set(finding.category, category);
    perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
  }

  const ruleIds = new Set([...(input.ruleIds ?? []), ...perRule.keys(), ...suppressed.keys()]);
  const rules: RuleSummary[] = [...ruleIds].map((ruleId) => {
    const docs = docsOf(input.rulesMeta[ruleId]);
    const first = findings.find((finding) => finding.ruleId === ruleId);
    const precision = precisionOf(docs);
    return {
      ruleId,
      description: docs.description ?? ruleId,
      category: docs.category ?? OTHER_CATEGORY,
      priority: first?.priority ?? (isReviewOnly(precision) ? LOWEST_PRIORITY : priorityOf(docs, 2)),
      ...(precision ? { precision } : {}),
      ...(docs.url ? { docsUrl: docs.url } : {}),
      findings: perRule.get(ruleId) ?? 0,
      suppressed: suppressed.get(ruleId) ?? 0,
    };
  });
  rules.sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.ruleId.localeCompare(b.ruleId));

  const notRun: RuleNotRun[] = Object.entries(input.notRun ?? {})
    // Only the plugin's precision keeps a rule out of the default run; a rule that ran after all is not listed.
    .filter(([ruleId, meta]) => !ruleIds.has(ruleId) && precisionOf(docsOf(meta)) === 'experimental')
    .map(([ruleId, meta]) => {
      const docs = docsOf(meta);
      return {
        ruleId,
        description: docs.description ?? ruleId,
        category: docs.category ?? OTHER_CATEGORY,
        priority: priorityOf(docs, 2),
        precision: 'experimental' as const,
        reason: 'experimental precision',
        ...(docs.url ? { docsUrl: docs.url } : {}),
      };
    })
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId));

  const failOn = input.failOn ?? 'P1';
  const crashes = [...(input.crashes ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId.localeCompare(b.ruleId)));
  const allowUnanalysed = input.allowUnanalysed ?? false;
  const incomplete = notAnalysed.length + crashes.length > 0;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: input.tool,
    generatedAt: (input.now ?? new Date()).toISOString(),
    root: input.root,
    summary: {
      filesScanned: input.filesScanned,
      linesScanned: input.linesScanned,
      filesWithFindings: new Set(findings.map((finding) => finding.file)).size,
      findings: findings.length,
      byPriority,
      notAnalysed: notAnalysed.length,
      crashes: crashes.length,
      suppressed: [...suppressed.values()].reduce((sum, count) => sum + count, 0),
      inlineConfig: input.inlineConfig ?? true,
      configComments: input.inlineConfig === false ? 0 : (input.configComments?.length ?? 0),
      scope: input.scope ?? 'production',
      outOfScope: FILE_SCOPE_CLASSES.reduce((sum, name) => sum + outOfScope[name], 0),
      typedFiles: input.typedFiles ?? 0,
      failOn,
      allowUnanalysed,
      failed: fails(byPriority, failOn) || (incomplete && !allowUnanalysed),
    },
    findings,
    notAnalysed,
    crashes,
    configComments: input.inlineConfig === false ? [] : [...(input.configComments ?? [])],
    outOfScope,
    ...(input.examplePackages && input.examplePackages.length > 0 ? { examplePackages: [...input.examplePackages] } : {}),
    categories: [...categories.values()].sort((a, b) => b.findings - a.findings || a.category.localeCompare(b.category)),
    rules,
    ...(notRun.length > 0 ? { notRun } : {}),
  };
}
