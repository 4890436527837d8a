import { OUT_OF_SCOPE_CLASSES, SCOPE_LABELS } from '../../scope.js';
import { PRIORITIES, PRIORITY_MEANING, type Priority } from '../../util/create-rule.js';
import { examplePackageLines, failureReasons, notRunLines, scopeNote, type Finding, type Report } from '../report.js';
import { terminalSafe } from './text.js';

export interface PrettyOptions {
  color: boolean;
  /** Show at most this many findings. */
  top?: number;
}

const ANSI = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39] } as const;
export type Style = keyof typeof ANSI;

const PRIORITY_STYLE: Record<Priority, Style> = { P0: 'red', P1: 'yellow', P2: 'cyan' };

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The terminal report: findings grouped by priority, each with its fix, then the totals. */
export function formatPretty(report: Report, options: PrettyOptions): string {
  const paint = (style: Style, text: string): string => (options.color ? `\u001B[${ANSI[style][0]}m${text}\u001B[${ANSI[style][1]}m` : text);
  const { summary } = report;
  const lines: string[] = [];
  const shown = report.findings.slice(0, options.top ?? report.findings.length);

  for (const priority of PRIORITIES) {
    const group = shown.filter((finding) => finding.priority === priority);
    if (group.length === 0) continue;
    const heading = `${priority}  ${PRIORITY_MEANING[priority]} (${summary.byPriority[priority]})`;
    lines.push(paint('bold', paint(PRIORITY_STYLE[priority], heading)), '');
    for (const finding of group) lines.push(...formatFinding(finding, paint), '');
  }
  if (shown.length < report.findings.length) {
    lines.push(paint('dim', `… and ${plural(report.findings.length - shown.length, 'more finding')} (raise --top to see them).`), '');
  }
  lines.push(...completeness(report, paint));

  const counts = PRIORITIES.map((priority) => paint(summary.byPriority[priority] > 0 ? PRIORITY_STYLE[priority] : 'dim', `${summary.byPriority[priority]} ${priority}`)).join(' · ');
  const left = [
    ...(summary.notAnalysed > 0 ? [`${summary.notAnalysed} not analysed`] : []),
    ...(summary.crashes > 0 ? [`${summary.crashes} rule ${summary.crashes === 1 ? 'crash' : 'crashes'}`] : []),
    ...(summary.outOfScope > 0 ? [`${summary.outOfScope} out of scope`] : []),
  ];
  const scanned = `${plural(summary.filesScanned, 'file')}, ${plural(summary.linesScanned, 'line')} audited${left.length > 0 ? ` (${left.join(', ')})` : ''}`;
  const verdict =
    summary.findings === 0
      ? summary.notAnalysed + summary.crashes > 0
        ? paint('yellow', 'no findings in what was analysed')
        : paint('green', report.baseline ? `no new problems found (${report.baseline.unchanged} baselined)` : 'no problems found')
      : `${plural(summary.findings, 'finding')} in ${plural(summary.filesWithFindings, 'file')} (${counts})`;
  lines.push(`bot-audit: ${scanned}: ${verdict}.`);
  const reasons = failureReasons(report);
  if (summary.failed) {
    const hints = [
      ...(reasons.some((reason) => reason.startsWith('findings')) ? [`--fail-on ${summary.failOn}`] : []),
      ...(reasons.some((reason) => !reason.startsWith('findings')) ? ['--allow-unanalysed accepts what was not analysed'] : []),
    ];
    lines.push(paint('bold', `Fails the gate: ${reasons.join('; ')} (${hints.join('; ')}).`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What the audit did not look at, for the terminal formats (pretty and stylish): files not analysed
 * and rule crashes, each with its reason; files left out of scope and findings suppressed, counted;
 * the rules not run by default, named.
 */
export function completeness(report: Report, paint: (style: Style, text: string) => string = (_style, text) => text): string[] {
  const lines: string[] = [];
  if (report.notAnalysed.length > 0) {
    lines.push(paint('bold', `Not analysed (${report.notAnalysed.length})`));
    for (const item of report.notAnalysed) {
      lines.push(`  ${terminalSafe(item.file)}${item.line ? `:${item.line}` : ''}  ${paint('dim', terminalSafe(item.reason))}`);
    }
    lines.push('');
  }
  if (report.crashes.length > 0) {
    lines.push(paint('bold', `Rule crashes (${report.crashes.length}): the file was audited again without the rule`));
    for (const crash of report.crashes) lines.push(`  ${terminalSafe(crash.file)}  ${terminalSafe(crash.ruleId)}  ${paint('dim', terminalSafe(crash.error))}`);
    lines.push('');
  }
  const leftOut = OUT_OF_SCOPE_CLASSES.filter((name) => report.outOfScope[name] > 0).map((name) => `${report.outOfScope[name]} ${SCOPE_LABELS[name]}`);
  if (leftOut.length > 0) lines.push(paint('dim', `Out of scope, not audited: ${leftOut.join(', ')} (--scope all audits them).`));
  for (const line of examplePackageLines(report)) lines.push(paint('dim', terminalSafe(line)));
  for (const line of notRunLines(report)) lines.push(paint('dim', line));
  const suppressed = report.rules.filter((rule) => rule.suppressed > 0);
  if (suppressed.length > 0) {
    const perRule = suppressed.map((rule) => `${terminalSafe(rule.ruleId)} ${rule.suppressed}`).join(', ');
    lines.push(paint('dim', `Suppressed by eslint-disable directives: ${plural(report.summary.suppressed, 'finding')} (${perRule}; --no-inline-config audits them).`));
  }
  if (report.configComments.length > 0) {
    lines.push(paint('bold', `Rule config comments (${report.configComments.length}): the audited code changes rule settings (--no-inline-config ignores them)`));
    for (const item of report.configComments) lines.push(`  ${terminalSafe(item.file)}:${item.line}  ${paint('dim', terminalSafe(item.comment))}`);
    lines.push('');
  }
  if (!report.summary.inlineConfig) lines.push(paint('dim', 'Directives and rule config comments in the code were ignored (--no-inline-config).'));
  return lines;
}

function formatFinding(finding: Finding, paint: (style: Style, text: string) => string): string[] {
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  return [
    `  ${paint('bold', terminalSafe(where))}  ${paint('dim', terminalSafe(`${finding.category} · ${finding.ruleId}${scopeNote(finding)}`))}`,
    `    ${terminalSafe(finding.message)}`,
    `    ${paint('green', 'fix:')} ${terminalSafe(finding.fix)}`,
  ];
}
