import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { formatMarkdown } from '../../src/cli/format/markdown.js';
import { formatPretty } from '../../src/cli/format/pretty.js';
import { formatSarif } from '../../src/cli/format/sarif.js';
import { paramsFromSearch, paramsToSearch } from '../../src/cli/lint-options.js';
import { buildReport, fails, fixOf, notRunLines, riskOf, scopeNote, type ReportInput, type RuleMeta } from '../../src/cli/report.js';
import { rules } from '../../src/rules/index.js';
import { PRIORITY_MEANING } from '../../src/util/create-rule.js';
import { reportValidator, sarifValidator } from './helpers.js';

const message = (ruleId: string | null, line: number, text: string, extra: Partial<Linter.LintMessage> = {}): Linter.LintMessage => ({
  ruleId,
  severity: 2,
  message: text,
  line,
  column: 3,
  ...extra,
});

const meta = (docs: Record<string, unknown>): RuleMeta => ({ type: 'problem', docs });

const rulesMeta: Record<string, RuleMeta> = {
  'acme/no-lost-money': meta({
    description: 'Disallow balance updates without a guard',
    category: 'Balance Safety',
    priority: 'P0',
    url: 'https://example.com/no-lost-money',
    risk: 'Balances go negative and money is lost',
    fix: 'Guard the update with `AND balance >= $1`',
  }),
  'acme/require-timeout': meta({
    description: 'Require a timeout on outbound HTTP calls',
    category: 'Timeouts',
    priority: 'P2',
    url: 'https://example.com/require-timeout',
  }),
  'acme/require-check': meta({ description: 'Require a check of `ctx.from`', category: 'Null Safety', priority: 'P1' }),
};

const input = (extra: Partial<ReportInput> = {}): ReportInput => ({
  results: [
    {
      filePath: '/project/src/pay|ment.ts',
      messages: [
        message('acme/require-timeout', 9, 'This call has no deadline.', { severity: 1 }),
        message('acme/no-lost-money', 4, 'This `UPDATE` can drive the balance below zero.', { endLine: 4, endColumn: 20 }),
        message('acme/require-check', 2, '`ctx.from` is undefined for channel posts; check it before use.'),
        message(null, 1, 'Parsing error: oops', { fatal: true }),
      ],
    },
    { filePath: '/project/src/a.js', messages: [message('no-console', 1, 'Unexpected console statement.', { severity: 1 }), message('eqeqeq', 2, 'Expected ===.')] },
  ],
  rulesMeta: { ...rulesMeta, 'no-console': meta({ description: 'Disallow the use of `console`' }) },
  ruleIds: ['acme/require-timeout', 'acme/unused-rule'],
  root: '/project',
  filesScanned: 3,
  linesScanned: 120,
  notAnalysed: [{ file: 'src/locked.js', reason: 'cannot read (EACCES)' }],
  tool: { name: 'bot-audit', version: '9.9.9' },
  now: new Date('2026-01-02T03:04:05Z'),
  ...extra,
});

describe('the report model', () => {
  const report = buildReport(input());

  it('sorts findings by priority, file and line, and counts them', () => {
    expect(report.findings.map((finding) => `${finding.priority} ${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual([
      'P0 src/pay|ment.ts:4 acme/no-lost-money',
      'P1 src/a.js:2 eqeqeq',
      'P1 src/pay|ment.ts:2 acme/require-check',
      'P2 src/a.js:1 no-console',
      'P2 src/pay|ment.ts:9 acme/require-timeout',
    ]);
    expect(report.summary).toMatchObject({ findings: 5, byPriority: { P0: 1, P1: 2, P2: 2 }, filesWithFindings: 2, notAnalysed: 2, failed: true });
    expect(report.categories[0]).toEqual({ category: 'Other', findings: 2, byPriority: { P0: 0, P1: 1, P2: 1 } });
    expect(report.rules.map((rule) => `${rule.ruleId} ${rule.findings}`)).toEqual([
      'acme/no-lost-money 1',
      'acme/require-check 1',
      'acme/unused-rule 0',
      'eqeqeq 1',
      'acme/require-timeout 1',
      'no-console 1',
    ]);
    expect(reportValidator()(report)).toBe(true);
  });

  it('takes risk and fix from docs.risk / docs.fix when a rule states them', () => {
    expect(report.findings[0]).toMatchObject({ risk: 'Balances go negative and money is lost.', fix: 'Guard the update with `AND balance >= $1`.' });
  });

  it('derives risk and fix from the message and description when a rule does not', () => {
    const check = report.findings.find((finding) => finding.ruleId === 'acme/require-check')!;
    expect(check.fix).toBe('Check it before use.');
    expect(check.risk).toBe(`${PRIORITY_MEANING.P1.charAt(0).toUpperCase()}${PRIORITY_MEANING.P1.slice(1)}.`);
    expect(report.findings.find((finding) => finding.ruleId === 'acme/require-timeout')!.fix).toBe('Add a timeout on outbound HTTP calls.');
    expect(report.findings.find((finding) => finding.ruleId === 'no-console')!.fix).toBe('Avoid the use of `console`.');
    expect(report.findings.find((finding) => finding.ruleId === 'eqeqeq')!.fix).toBe('See the rule documentation.');
    expect(fixOf({ description: 'Enforce one thing' }, { message: 'x' })).toBe('Enforce one thing.');
    expect(fixOf({}, { message: 'x', suggestions: [{ desc: 'Do a', fix: { range: [0, 0], text: '' } }, { desc: 'Do b.', fix: { range: [0, 0], text: '' } }] })).toBe(
      'Do a. Or: Do b.',
    );
    expect(riskOf({}, 'P0', 'Two writes, so a crash leaves half a payment.')).toBe('A crash leaves half a payment (P0: data or money loss, or an outage).');
    expect(riskOf({}, 'P1', 'This handler only answers the user: the operator never sees the error. Log it.')).toBe(
      'The operator never sees the error (P1: a crash or a silent failure).',
    );
  });

  it('applies the --fail-on gate', () => {
    expect(fails({ P0: 0, P1: 0, P2: 3 }, 'P1')).toBe(false);
    expect(fails({ P0: 0, P1: 0, P2: 3 }, 'P2')).toBe(true);
    expect(fails({ P0: 1, P1: 0, P2: 0 }, 'never')).toBe(false);
    // Fail closed: a file not analysed fails the gate, unless accepted.
    expect(buildReport(input({ failOn: 'P0', results: [] })).summary.failed).toBe(true);
    expect(buildReport(input({ failOn: 'P0', results: [], allowUnanalysed: true })).summary.failed).toBe(false);
    expect(buildReport(input({ failOn: 'P0', results: [], notAnalysed: [] })).summary.failed).toBe(false);
    expect(buildReport(input({ failOn: 'never', results: [], notAnalysed: [], crashes: [{ file: 'a.js', ruleId: 'x/y', error: 'boom' }] })).summary.failed).toBe(true);
    expect(buildReport({ ...input(), failOn: undefined, now: undefined }).summary.failOn).toBe('P1');
  });
});

describe('formats of a report with every kind of finding', () => {
  const report = buildReport(input());

  it('markdown: badges per priority, escaped table cells, docs links, not analysed without a line', () => {
    const text = formatMarkdown(report, { top: 2, linkBase: '../' });
    expect(text).toMatch(/^# Bot audit\n/);
    expect(text).toContain('### 🔴 P0: data or money loss, or an outage');
    expect(text).toContain('**Where:** [`src/pay|ment.ts:4`](../src/pay%7Cment.ts#L4) · **Rule:** [`acme/no-lost-money`](https://example.com/no-lost-money)');
    expect(text).toContain('## Top 2 problems');
    expect(text).toContain('| P2 | [`src/a.js:1`](../src/a.js#L1) | `no-console` | Unexpected console statement. |');
    expect(text).toContain('| `src/locked.js` | cannot read (EACCES) |');
    expect(text).toContain('| Not analysed | 2 files (see [below](#not-analysed)) |');
    expect(text).toContain('The most frequent defect classes are Other (2) and Balance Safety (1).');
    expect(text).toContain('Start with the 1 P0 finding: data or money loss, or an outage.');
    expect(text).toContain('| Type information | not used |');
    expect(text).toContain('## Recommendations');
  });

  it('markdown: a clean report says so', () => {
    const clean = formatMarkdown(buildReport(input({ results: [], notAnalysed: [], linesScanned: 0, typedFiles: 3 })), { top: 50, project: 'bot', targets: ['src/'] });
    expect(clean).toContain('✅ no problems found');
    expect(clean).toContain('No problems found in 3 files (0 lines).');
    expect(clean).toContain('| Type information | 3 files of 3 |');
    expect(clean).not.toContain('## Statistics');
    const passing = formatMarkdown(buildReport(input({ failOn: 'P0', results: [input().results[1]!], notAnalysed: [] })), { top: 50 });
    expect(passing).toContain('✅ passes the P0 gate');
    expect(passing).toContain('All of them are Other defects.');
  });

  it('sarif: valid, with levels by priority, help URIs and notifications', () => {
    const sarif = JSON.parse(formatSarif(report)) as import('sarif').Log;
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0]!.results!;
    expect(results.map((result) => result.level)).toEqual(['error', 'error', 'error', 'warning', 'warning']);
    expect(results[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('src/pay%7Cment.ts');
    const driverRules = sarif.runs[0]!.tool.driver.rules!;
    expect(driverRules.find((rule) => rule.id === 'acme/no-lost-money')!.helpUri).toBe('https://example.com/no-lost-money');
    expect(driverRules.find((rule) => rule.id === 'eqeqeq')!.helpUri).toBeUndefined();
    expect(sarif.runs[0]!.invocations![0]!.toolExecutionNotifications).toHaveLength(2);
  });

  it('pretty: every priority group, not analysed, and the totals', () => {
    const text = formatPretty(report, { color: false });
    expect(text.indexOf('P0  data or money loss')).toBeLessThan(text.indexOf('P1  a crash'));
    expect(text.indexOf('P1  a crash')).toBeLessThan(text.indexOf('P2  reduced robustness'));
    expect(text).toContain('  src/locked.js  cannot read (EACCES)');
    expect(text).toContain('5 findings in 2 files (1 P0 · 2 P1 · 2 P2)');
  });
});

describe('rules not run by default', () => {
  const experimental = meta({ description: 'Require a guess', category: 'Input Validation', priority: 'P1', precision: 'experimental', url: 'https://example.com/guess' });

  it('lists the experimental rules the run left out, with the reason, and one line per reason in the text formats', () => {
    const report = buildReport(input({ notRun: { 'bot-audit/require-guess': experimental } }));
    expect(report.notRun).toEqual([
      { ruleId: 'bot-audit/require-guess', description: 'Require a guess', category: 'Input Validation', priority: 'P1', precision: 'experimental', reason: 'experimental precision', docsUrl: 'https://example.com/guess' },
    ]);
    expect(reportValidator()(report)).toBe(true);
    expect(notRunLines(report)).toEqual(['Not run by default (experimental precision): require-guess; --rules all runs it.']);
    expect(formatPretty(report, { color: false })).toContain('\nNot run by default (experimental precision): require-guess; --rules all runs it.\n');
    expect(formatMarkdown(report, { top: 5 })).toContain('| Rules not run | Not run by default (experimental precision): `require-guess`; `--rules all` runs it. |');
  });

  it('lists nothing when every rule ran, or for a rule that ran after all or is not experimental', () => {
    expect(buildReport(input()).notRun).toBeUndefined();
    expect(notRunLines(buildReport(input()))).toEqual([]);
    const ran = buildReport(input({ ruleIds: ['bot-audit/require-guess'], notRun: { 'bot-audit/require-guess': experimental, 'acme/require-check': rulesMeta['acme/require-check'] } }));
    expect(ran.notRun).toBeUndefined();
    expect(formatMarkdown(ran, { top: 5 })).not.toContain('Rules not run');
  });

  it('reports a finding of an experimental rule (run with --rules all) at P2, with its note', () => {
    const report = buildReport(
      input({ results: [{ filePath: '/project/a.ts', messages: [message('bot-audit/require-guess', 1, 'A guess.')] }], rulesMeta: { 'bot-audit/require-guess': experimental } }),
    );
    expect(report.findings[0]).toMatchObject({ priority: 'P2', precision: 'experimental' });
    expect(scopeNote(report.findings[0]!)).toBe(' · experimental-precision rule: review');
    expect(report.rules.find((rule) => rule.ruleId === 'bot-audit/require-guess')).toMatchObject({ priority: 'P2', precision: 'experimental' });
  });
});

describe('worker options travel in a URL', () => {
  it('round-trips', () => {
    const params = { cwd: '/a b', typeAware: true, fix: true, concurrency: 4, config: '/a b/eslint.config.js' } as const;
    // `--rules all` reaches the workers too.
    expect(paramsFromSearch(new URLSearchParams(paramsToSearch({ ...params, rules: 'all' })))).toEqual({ ...params, rules: 'all' });
    expect(paramsFromSearch(new URLSearchParams(paramsToSearch(params)))).toEqual(params);
    // The espree second try of a sloppy-mode file, too.
    expect(paramsFromSearch(new URLSearchParams(paramsToSearch({ ...params, espree: 'script' })))).toEqual({ ...params, espree: 'script' });
    expect(paramsFromSearch(new URLSearchParams(paramsToSearch({ cwd: '/', typeAware: false, fix: false, concurrency: 'auto' })))).toEqual({
      cwd: '/',
      typeAware: false,
      fix: false,
      concurrency: 'auto',
    });
    expect(paramsFromSearch(new URLSearchParams(''))).toMatchObject({ cwd: process.cwd(), concurrency: 'off' });
  });
});

describe.each(Object.entries(rules))('the report reads well for rule %s', (name, rule) => {
  const docs = rule.meta.docs!;

  it('states risk and fix, if at all, as sentences', () => {
    for (const text of [docs.risk, docs.fix]) if (text !== undefined) expect(text).toMatch(/^[A-Z`].*[^.]$|^[A-Z`].*\.$/);
  });

  it('gives every message a non-empty risk and fix', () => {
    for (const text of Object.values(rule.meta.messages)) {
      const report = buildReport(
        input({
          results: [{ filePath: '/project/a.ts', messages: [message(`bot-audit/${name}`, 1, text)] }],
          rulesMeta: { [`bot-audit/${name}`]: rule.meta as unknown as RuleMeta },
        }),
      );
      const [finding] = report.findings;
      // A rule that measured low (or experimental) precision on unseen bots reports at P2, with the note that says why.
      const reviewOnly = docs.precision === 'low' || docs.precision === 'experimental';
      expect(finding!.priority).toBe(reviewOnly ? 'P2' : docs.priority);
      expect(finding!.precision).toBe(reviewOnly ? docs.precision : undefined);
      expect(finding!.category).toBe(docs.category);
      expect(finding!.risk.length).toBeGreaterThan(10);
      expect(finding!.fix.length).toBeGreaterThan(5);
    }
  });
});
