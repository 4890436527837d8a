import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { PRIORITIES, type Priority } from '../util/create-rule.js';
import { fails, type CategorySummary, type Finding, type Report } from './report.js';
import { normalisedCode, type Sources } from './source.js';

/**
 * `--baseline FILE`: adopt the audit on an old code base without turning CI red. The first run records
 * today's findings in FILE; later runs fail only on findings not in it and say how many of the recorded
 * ones were fixed. A finding is recognised by its fingerprint (rule, file, normalised code of the
 * reported line and range, occurrence index among identical ones), never by its line number, so code
 * that moves up or down stays baselined.
 *
 * FILE may also be ESLint's own `eslint-suppressions.json` (`eslint --suppress-all`): then findings
 * are counted per file and rule, as ESLint does, and any beyond the recorded count are new.
 */

export const BASELINE_VERSION = 1;

/** The name ESLint gives its bulk-suppressions file; any file in its shape is read the same way. */
export const ESLINT_SUPPRESSIONS = 'eslint-suppressions.json';

export interface BaselineEntry {
  ruleId: string;
  /** Relative to the baseline file's directory (in the file), to the report's root (in a report). */
  file: string;
  /** Absent for entries from an ESLint suppressions file, which only counts. */
  fingerprint?: string;
  /** Where it was when recorded: for the reader, never for matching. */
  line?: number;
  message?: string;
}

interface BaselineDocument {
  tool: 'bot-audit';
  version: typeof BASELINE_VERSION;
  about: string;
  findings: BaselineEntry[];
}

/** ESLint's `eslint-suppressions.json`: file → rule → count of errors suppressed. */
type EslintSuppressions = Record<string, Record<string, { count: number }>>;

/** How a run compared with its baseline; `Report.baseline`. */
export interface BaselineSummary {
  /** The baseline file, relative to the report's root. */
  file: string;
  format: 'bot-audit' | 'eslint-suppressions';
  /** `recorded`: created by this run; `updated`: rewritten by `--update-baseline`; else `compared`. */
  action: 'recorded' | 'updated' | 'compared';
  /** Findings not in the baseline: the report's `findings`, the only ones the gate counts. */
  new: number;
  /** Baselined findings found again. */
  unchanged: number;
  /** Baselined findings no longer found in the files this run audited. */
  fixed: number;
  /** Baselined findings in files this run did not audit or could not analyse, or of rules that did not run: kept, neither fixed nor found. */
  notChecked: number;
  unchangedFindings: Finding[];
  fixedFindings: BaselineEntry[];
}

type Comparison = Omit<BaselineSummary, 'file' | 'format' | 'action'> & { newFindings: Finding[] };

type Loaded = { format: 'bot-audit'; entries: BaselineEntry[] } | { format: 'eslint-suppressions'; counts: EslintSuppressions } | { format: 'missing' };

export interface Baseline {
  /** Compares the report with the baseline (recording or updating it first when asked); `problem` when the file cannot be written. */
  apply(report: Report, context: ApplyContext): { report: Report; notice: string } | { problem: string };
}

export interface ApplyContext {
  /** Absolute paths of the files this run audited. */
  audited: readonly string[];
  sources: Pick<Sources, 'lines'>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(text: string): Loaded | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(data)) return undefined;
  if (data.tool === 'bot-audit') {
    if (data.version !== BASELINE_VERSION || !Array.isArray(data.findings)) return undefined;
    const entries = data.findings as unknown[];
    const valid = entries.every((entry) => isObject(entry) && typeof entry.ruleId === 'string' && typeof entry.file === 'string' && typeof entry.fingerprint === 'string');
    return valid ? { format: 'bot-audit', entries: entries as BaselineEntry[] } : undefined;
  }
  const eslintShape = Object.values(data).every(
    (rules) => isObject(rules) && Object.values(rules).every((entry) => isObject(entry) && Number.isSafeInteger(entry.count)),
  );
  return eslintShape ? { format: 'eslint-suppressions', counts: data as EslintSuppressions } : undefined;
}

/**
 * Opens the baseline named by `--baseline` before anything is linted, so that a file that is not a
 * baseline is a usage error, not a red build after minutes of linting.
 */
export function openBaseline(file: string, options: { name: string; update: boolean }): Baseline | { problem: string } {
  if (!existsSync(path.dirname(file))) return { problem: `the directory of --baseline does not exist: ${options.name}` };
  let loaded: Loaded = { format: 'missing' };
  if (existsSync(file)) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return { problem: `cannot read --baseline ${options.name} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
    }
    const parsed = parse(text);
    if (!parsed) return { problem: `--baseline ${options.name} is neither a bot-audit baseline (version ${BASELINE_VERSION}) nor an ESLint suppressions file` };
    loaded = parsed;
  }
  const directory = path.dirname(file);
  const format = loaded.format === 'missing' ? (path.basename(file) === ESLINT_SUPPRESSIONS ? 'eslint-suppressions' : 'bot-audit') : loaded.format;

  return {
    apply(report, context) {
      const toBaseline = (reportFile: string): string => posix(path.relative(directory, path.resolve(report.root, reportFile)));
      const toReport = (baselineFile: string): string => posix(path.relative(report.root, path.resolve(directory, baselineFile)));
      const notAnalysed = new Set(report.notAnalysed.map((item) => toBaseline(item.file)));
      const audited = new Set(context.audited.map((file) => posix(path.relative(directory, file))).filter((file) => !notAnalysed.has(file)));
      // An entry was checked when its file was analysed by its rule: ESLint's file also counts other rules.
      const ran = new Set(report.rules.map((rule) => rule.ruleId));
      const checked = (file: string, ruleId: string): boolean => audited.has(file) && ran.has(ruleId);
      const current = report.findings.map((finding) => ({ finding, file: toBaseline(finding.file) }));

      const compare = (against: Exclude<Loaded, { format: 'missing' }>): Comparison => {
        const fresh: Finding[] = [];
        const unchanged: Finding[] = [];
        const fixed: BaselineEntry[] = [];
        let notChecked = 0;
        if (against.format === 'bot-audit') {
          const recorded = new Map<string, BaselineEntry[]>();
          for (const entry of against.entries) recorded.set(entry.fingerprint!, [...(recorded.get(entry.fingerprint!) ?? []), entry]);
          for (const { finding, fingerprint } of withFingerprints(current, context.sources)) {
            const match = recorded.get(fingerprint);
            (match?.length ? unchanged : fresh).push({ ...finding, fingerprint });
            match?.shift();
          }
          for (const entry of [...recorded.values()].flat()) {
            if (checked(entry.file, entry.ruleId)) fixed.push({ ...entry, file: toReport(entry.file) });
            else notChecked++;
          }
        } else {
          const remaining = structuredClone(against.counts);
          for (const { finding, file: key } of current) {
            // As in ESLint, only errors are counted: a warning is never suppressed by its file.
            const entry = finding.severity === 'error' ? remaining[key]?.[finding.ruleId] : undefined;
            if (entry && entry.count > 0) {
              entry.count--;
              unchanged.push(finding);
            } else fresh.push(finding);
          }
          for (const [key, rules] of Object.entries(remaining)) {
            for (const [ruleId, { count }] of Object.entries(rules)) {
              if (!checked(key, ruleId)) notChecked += count;
              else for (let index = 0; index < count; index++) fixed.push({ ruleId, file: toReport(key) });
            }
          }
        }
        return { new: fresh.length, unchanged: unchanged.length, fixed: fixed.length, notChecked, newFindings: fresh, unchangedFindings: unchanged, fixedFindings: fixed };
      };

      let action: BaselineSummary['action'] = 'compared';
      let comparison = loaded.format === 'missing' ? undefined : compare(loaded);
      if (!comparison || options.update) {
        action = comparison ? 'updated' : 'recorded';
        // Entries of files this run did not check stay: auditing one directory must not forget the rest.
        const text =
          format === 'bot-audit'
            ? serialiseBaseline([
                ...withFingerprints(current, context.sources).map(({ finding, file, fingerprint }) => ({ ruleId: finding.ruleId, file, fingerprint, line: finding.line, message: finding.message })),
                ...(loaded.format === 'bot-audit' ? loaded.entries.filter((entry) => !checked(entry.file, entry.ruleId)) : []),
              ])
            : serialiseSuppressions(current, loaded.format === 'eslint-suppressions' ? loaded.counts : {}, checked);
        try {
          writeFileSync(file, text);
        } catch (error) {
          return { problem: `cannot write --baseline ${options.name} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
        }
        const before = comparison;
        comparison = compare(parse(text) as Exclude<Loaded, { format: 'missing' }>);
        // What the update changed: the new findings it accepted, the fixed ones it dropped.
        if (before) comparison = { ...comparison, new: before.new, fixed: before.fixed, fixedFindings: before.fixedFindings };
      }

      const { newFindings, ...counts } = comparison;
      const summary: BaselineSummary = { file: posix(path.relative(report.root, file)), format, action, ...counts };
      return { report: { ...withFindings(report, action === 'compared' ? newFindings : []), baseline: summary }, notice: baselineNotice(summary, options.name) };
    },
  };
}

const posix = (file: string): string => file.split(path.sep).join('/');

/** The fingerprint of each finding; identical ones (same rule, file and code) are told apart by their order. */
function withFingerprints<T extends { finding: Finding; file: string }>(items: readonly T[], sources: Pick<Sources, 'lines'>): (T & { fingerprint: string })[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const identity = `${item.finding.ruleId}\0${item.file}\0${normalisedCode(sources.lines(item.finding.file), item.finding)}`;
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return { ...item, fingerprint: fingerprintOf(identity, occurrence) };
  });
}

export const fingerprintOf = (identity: string, occurrence: number): string =>
  createHash('sha256').update(`${identity}\0${occurrence}`).digest('hex').slice(0, 32);

function serialiseBaseline(entries: BaselineEntry[]): string {
  const sorted = [...entries].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint!.localeCompare(b.fingerprint!),
  );
  const document: BaselineDocument = {
    tool: 'bot-audit',
    version: BASELINE_VERSION,
    about: 'Findings accepted when this baseline was recorded. `bot-audit --baseline <this file>` fails only on findings not listed here; `--update-baseline` rewrites it. Matched by fingerprint, not by line.',
    findings: sorted,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** ESLint's format, sorted by file; counts this run did not check (other files, other rules) are kept. */
function serialiseSuppressions(
  current: readonly { finding: Finding; file: string }[],
  previous: EslintSuppressions,
  checked: (file: string, ruleId: string) => boolean,
): string {
  const counts: EslintSuppressions = {};
  for (const [file, rules] of Object.entries(previous)) {
    for (const [ruleId, entry] of Object.entries(rules)) if (!checked(file, ruleId)) (counts[file] ??= {})[ruleId] = entry;
  }
  for (const { finding, file } of current) {
    // ESLint counts errors only; a count for a warning would be an unused suppression to ESLint.
    if (finding.severity !== 'error') continue;
    const rules = (counts[file] ??= {});
    (rules[finding.ruleId] ??= { count: 0 }).count++;
  }
  const sorted = Object.fromEntries(Object.keys(counts).sort().map((file) => [file, counts[file]]));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** The report with only these findings: totals, categories, per-rule counts and the gate follow them. */
function withFindings(report: Report, findings: Finding[]): Report {
  const byPriority = Object.fromEntries(PRIORITIES.map((priority) => [priority, 0])) as Record<Priority, number>;
  const categories = new Map<string, CategorySummary>();
  const perRule = new Map<string, number>();
  for (const finding of findings) {
    byPriority[finding.priority]++;
    const category = categories.get(finding.category) ?? { category: finding.category, findings: 0, byPriority: { P0: 0, P1: 0, P2: 0 } };
    category.findings++;
    category.byPriority[finding.priority]++;
    categories.set(finding.category, category);
    perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
  }
  return {
    ...report,
    summary: {
      ...report.summary,
      findings: findings.length,
      filesWithFindings: new Set(findings.map((finding) => finding.file)).size,
      byPriority,
      // Files not analysed and rule crashes fail the gate whatever the baseline holds.
      failed: fails(byPriority, report.summary.failOn) || (report.summary.notAnalysed + report.summary.crashes > 0 && !report.summary.allowUnanalysed),
    },
    findings,
    categories: [...categories.values()].sort((a, b) => b.findings - a.findings || a.category.localeCompare(b.category)),
    rules: report.rules.map((rule) => ({ ...rule, findings: perRule.get(rule.ruleId) ?? 0 })),
  };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One line for stderr: what the baseline did and what it hides. */
export function baselineNotice(summary: BaselineSummary, name: string): string {
  if (summary.action === 'recorded') return `recorded ${plural(summary.unchanged, 'finding')} in ${name}; later runs with --baseline fail only on new ones.`;
  if (summary.action === 'updated') {
    return `updated ${name}: ${summary.unchanged} baselined (${summary.new} new accepted, ${summary.fixed} fixed dropped).`;
  }
  const parts = [`${plural(summary.new, 'new finding')}`, `${summary.unchanged} baselined`];
  if (summary.fixed > 0) parts.push(`${summary.fixed} fixed`);
  if (summary.notChecked > 0) parts.push(`${summary.notChecked} not checked this run (other files or rules)`);
  const hint = summary.fixed > 0 ? '; run with --update-baseline to drop the fixed ones' : '';
  return `baseline ${name}: ${parts.join(', ')}${hint}.`;
}
