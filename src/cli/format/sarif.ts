import { pathToFileURL } from 'node:url';

import type { Log, ReportingDescriptor, Result } from 'sarif';

import { REPOSITORY_URL, type Priority } from '../../util/create-rule.js';
import type { Finding, Report } from '../report.js';
import { uriPath } from './text.js';

/** GitHub code scanning shows `error` as "Error", `warning` as "Warning", `note` as "Note". */
export const SARIF_LEVEL: Record<Priority, 'error' | 'warning' | 'note'> = { P0: 'error', P1: 'error', P2: 'warning' };

/** The rank SARIF viewers sort by (0–100, higher first). */
const RANK: Record<Priority, number> = { P0: 90, P1: 60, P2: 30 };

const SRCROOT = '%SRCROOT%';

/** The key of our fingerprint in `partialFingerprints` (with `--baseline`): rule, file, normalised code. */
export const FINGERPRINT = 'botAuditFingerprint/v1';

/**
 * SARIF 2.1.0 for GitHub code scanning and other viewers: one run, every rule with its description,
 * help URI, category and priority; priority mapped to level and rank; paths relative to %SRCROOT%.
 * With `--baseline`, every result has a `baselineState`: `new` (the findings that gate), `unchanged`
 * (baselined; also an accepted external suppression) and `absent` (fixed since the baseline).
 */
export function formatSarif(report: Report): string {
  const rules: ReportingDescriptor[] = report.rules.map((rule) => ({
    id: rule.ruleId,
    name: rule.ruleId.replace(/^.*\//, ''),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description} (${rule.category}, ${rule.priority}).` },
    ...(rule.docsUrl ? { helpUri: rule.docsUrl, help: { text: `See ${rule.docsUrl}`, markdown: `[${rule.ruleId}](${rule.docsUrl})` } } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.priority], rank: RANK[rule.priority] },
    properties: {
      category: rule.category,
      priority: rule.priority,
      tags: [rule.category, rule.priority, 'reliability', ...(rule.precision === 'experimental' ? ['experimental'] : [])],
      // GitHub code scanning's term; measured on unseen bots (docs/validation.md). Other plugins' rules state none.
      // GitHub knows very-high, high, medium and low: experimental (run only with --rules all) is its low.
      ...(rule.precision ? { precision: rule.precision === 'experimental' ? 'low' : rule.precision } : {}),
      // Findings of this rule hidden by eslint-disable directives in the audited code.
      suppressed: rule.suppressed,
    },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));

  const result = (finding: Finding, baselineState?: Result.baselineState): Result => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId)!,
    level: SARIF_LEVEL[finding.priority],
    rank: RANK[finding.priority],
    message: { text: `${finding.message} Fix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriPath(finding.file), uriBaseId: SRCROOT },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            ...(finding.endLine ? { endLine: finding.endLine } : {}),
            ...(finding.endColumn ? { endColumn: finding.endColumn } : {}),
          },
        },
      },
    ],
    ...(finding.fingerprint ? { partialFingerprints: { [FINGERPRINT]: finding.fingerprint } } : {}),
    ...(baselineState ? { baselineState } : {}),
    ...(baselineState === 'unchanged' ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `In the baseline ${report.baseline!.file}.` }] } : {}),
    properties: { priority: finding.priority, category: finding.category },
  });
  const baseline = report.baseline;
  const results: Result[] = baseline
    ? [
        ...report.findings.map((finding) => result(finding, 'new')),
        ...baseline.unchangedFindings.map((finding) => result(finding, 'unchanged')),
        // Fixed since the baseline: a `pass` (level `none`), so that no viewer shows it as an alert.
        ...baseline.fixedFindings.map(
          (entry): Result => ({
            ruleId: entry.ruleId,
            ...(ruleIndex.has(entry.ruleId) ? { ruleIndex: ruleIndex.get(entry.ruleId)! } : {}),
            kind: 'pass',
            level: 'none',
            baselineState: 'absent',
            message: { text: `Fixed since the baseline ${baseline.file}${entry.message ? `: ${entry.message}` : '.'}` },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(entry.file), uriBaseId: SRCROOT },
                  ...(entry.line ? { region: { startLine: entry.line } } : {}),
                },
              },
            ],
            ...(entry.fingerprint ? { partialFingerprints: { [FINGERPRINT]: entry.fingerprint } } : {}),
          }),
        ),
      ]
    : report.findings.map((finding) => result(finding));

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(report.root).href.replace(/\/?$/, '/')}` } },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            toolExecutionNotifications: [
              ...report.notAnalysed.map((item) => ({
                level: 'error' as const,
                message: { text: `Not analysed: ${item.reason}` },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: uriPath(item.file), uriBaseId: SRCROOT },
                      ...(item.line ? { region: { startLine: item.line, ...(item.column ? { startColumn: item.column } : {}) } } : {}),
                    },
                  },
                ],
              })),
              ...report.crashes.map((crash) => ({
                level: 'error' as const,
                message: { text: `Rule ${crash.ruleId} crashed: ${crash.error}; the file was audited again without it.` },
                ...(ruleIndex.has(crash.ruleId) ? { associatedRule: { id: crash.ruleId, index: ruleIndex.get(crash.ruleId)! } } : {}),
                locations: [{ physicalLocation: { artifactLocation: { uri: uriPath(crash.file), uriBaseId: SRCROOT } } }],
              })),
            ],
            // What the audit left out on purpose, and what directives hid.
            properties: {
              scope: report.summary.scope,
              outOfScope: report.outOfScope,
              ...(report.examplePackages ? { examplePackages: report.examplePackages } : {}),
              inlineConfig: report.summary.inlineConfig,
              suppressed: report.summary.suppressed,
              configComments: report.configComments,
              allowUnanalysed: report.summary.allowUnanalysed,
              // The plugin's rules not run by default, and why (--rules all runs them).
              notRun: (report.notRun ?? []).map(({ ruleId, reason }) => ({ ruleId, reason })),
            },
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
