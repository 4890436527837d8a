import { PRIORITIES, PRIORITY_MEANING, type Priority } from '../../util/create-rule.js';
import type { Finding, Report } from '../report.js';

export interface PrettyOptions {
  color: boolean;
  /** Show at most this many findings. */
  top?: number;
}

const ANSI = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39] } as const;
type Style = keyof typeof ANSI;

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
  if (report.notAnalysed.length > 0) {
    lines.push(paint('bold', `Not analysed (${report.notAnalysed.length})`));
    for (const item of report.notAnalysed) {
      lines.push(`  ${item.file}${item.line ? `:${item.line}` : ''}  ${paint('dim', item.reason)}`);
    }
    lines.push('');
  }

  const counts = PRIORITIES.map((priority) => paint(summary.byPriority[priority] > 0 ? PRIORITY_STYLE[priority] : 'dim', `${summary.byPriority[priority]} ${priority}`)).join(' · ');
  const scanned = `${plural(summary.filesScanned, 'file')}, ${plural(summary.linesScanned, 'line')} audited`;
  const verdict =
    summary.findings === 0
      ? paint('green', report.baseline ? `no new problems found (${report.baseline.unchanged} baselined)` : 'no problems found')
      : `${plural(summary.findings, 'finding')} in ${plural(summary.filesWithFindings, 'file')} (${counts})`;
  lines.push(`bot-audit: ${scanned}: ${verdict}.`);
  if (summary.failed) lines.push(paint('bold', `Fails the gate: findings at ${summary.failOn} or above (--fail-on ${summary.failOn}).`));
  return `${lines.join('\n')}\n`;
}

function formatFinding(finding: Finding, paint: (style: Style, text: string) => string): string[] {
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  return [
    `  ${paint('bold', where)}  ${paint('dim', `${finding.category} · ${finding.ruleId}`)}`,
    `    ${finding.message}`,
    `    ${paint('green', 'fix:')} ${finding.fix}`,
  ];
}
