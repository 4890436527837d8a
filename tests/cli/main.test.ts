import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { CONCURRENCY_THRESHOLD, USAGE, commonRoot, defaultConcurrency } from '../../src/cli/main.js';
import { rules } from '../../src/rules/index.js';
import { PRIORITY_MEANING, type Priority } from '../../src/util/create-rule.js';
import { DEMO_BOT_ALL_BY_PRIORITY, DEMO_BOT_ALL_FINDINGS, DEMO_BOT_BY_PRIORITY, DEMO_BOT_FINDINGS, DEMO_BOT_NOT_RUN } from './demo-bot.expected.js';
import { findingKeys, reportValidator, root, run, runJson, sarifValidator, SWALLOW, temporaryTrees } from './helpers.js';

const temp = temporaryTrees();

describe('bot-audit on the demo bots', () => {
  it('reports every demo-bot defect, and nothing else, and exits 1 (a P0 and a P1 finding since round 35)', async () => {
    const { code, report, stderr } = await runJson(['examples/demo-bot']);
    expect(stderr).toBe('');
    // Exit 1 again since round 35 (0 in round 34): require-bot-error-handler (P1) and require-for-update (P0) are of
    // medium precision again, so their findings are reported at their priority and fail --fail-on P1.
    expect(code).toBe(1);
    expect(findingKeys(report, 'examples/demo-bot/')).toEqual([...DEMO_BOT_FINDINGS].sort());
    expect(report.summary.filesScanned).toBe(6);
    expect(reportValidator()(report)).toBe(true);
  });

  it('finds nothing in demo-bot-fixed and exits 0', async () => {
    const { code, report, stderr } = await runJson(['examples/demo-bot-fixed']);
    expect(stderr).toBe('');
    expect(report.findings).toEqual([]);
    expect(report.notAnalysed).toEqual([]);
    expect(code).toBe(0);
  });

  it('prints the pretty report by default: grouped by priority, with the fix, and totals', async () => {
    const { stdout } = await run(['examples/demo-bot']);
    expect(stdout).not.toContain('\u001B[');
    // One group per priority with findings, headed by what it means and its count; none for an empty one.
    for (const [priority, count] of Object.entries(DEMO_BOT_BY_PRIORITY) as [Priority, number][]) {
      if (count > 0) expect(stdout).toMatch(new RegExp(`^${priority} {2}${PRIORITY_MEANING[priority]} \\(${count}\\)$`, 'm'));
      else expect(stdout).not.toMatch(new RegExp(`^${priority} {2}`, 'm'));
    }
    expect(stdout).toContain('examples/demo-bot/src/handlers/wallet.ts:30:10  Database Transactions · bot-audit/require-transaction · low-precision rule: review');
    expect(stdout).toContain('    fix: Run the related writes (and any `FOR UPDATE` read) inside one transaction on one dedicated connection: ');
    // A rule of experimental precision (require-on-conflict since round 25) is named, not run.
    expect(stdout).not.toContain('bot-audit/require-on-conflict');
    expect(stdout).toMatch(/^Not run by default \(experimental precision\): .*require-on-conflict.*; --rules all runs them\.$/m);
    expect(stdout).toMatch(/bot-audit: 6 files, \d+ lines audited: \d+ findings in \d+ files \(\d+ P0 · \d+ P1 · \d+ P2\)\.\n/);
    const { P0, P1, P2 } = DEMO_BOT_BY_PRIORITY;
    const files = new Set(DEMO_BOT_FINDINGS.map((key) => key.split(':')[0])).size;
    expect(stdout).toContain(`: ${DEMO_BOT_FINDINGS.length} findings in ${files} files (${P0} P0 · ${P1} P1 · ${P2} P2).\n`);
    // Since round 35 the unhandled bot (P1) and the unlocked read-check-write (P0) are of medium precision again: the
    // default gate fails (in round 34, with every finding at P2, it passed).
    expect(DEMO_BOT_BY_PRIORITY).toEqual({ P0: 1, P1: 1, P2: DEMO_BOT_FINDINGS.length - 2 });
    expect(stdout).toContain('Fails the gate: findings at P1 or above (--fail-on P1).');
    expect((await run(['examples/demo-bot', '--fail-on', 'P2'])).stdout).toContain('Fails the gate: findings at P2 or above (--fail-on P2).');
  });

  it('colours the pretty report on a terminal, unless NO_COLOR', async () => {
    expect((await run(['examples/demo-bot'], { stdoutIsTTY: true })).stdout).toContain('\u001B[1m');
    expect((await run(['examples/demo-bot'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001B[');
    expect((await run(['examples/demo-bot'], { env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001B[');
    expect((await run(['examples/demo-bot'], { stdoutIsTTY: true, env: { FORCE_COLOR: '0' } })).stdout).not.toContain('\u001B[');
  });

  it('--top limits the pretty report', async () => {
    const { stdout } = await run(['examples/demo-bot', '--top', '2']);
    expect(stdout.match(/ {4}fix: /g)).toHaveLength(2);
    expect(stdout).toMatch(/… and \d+ more findings \(raise --top to see them\)\./);
  });

  it('writes the markdown audit document with every section', async () => {
    const { stdout, code } = await run(['examples/demo-bot', '--format', 'markdown', '--top', '3']);
    // Exit 1 since round 35 (0 in round 34): the P0 and P1 findings of the two rules of medium precision fail the default gate.
    expect(code).toBe(1);
    expect(stdout).toMatch(/^# Bot audit: demo-bot\n/);
    expect(stdout).toMatch(/\*Generated by bot-audit \d+\.\d+\.\d+ on \d{4}-\d\d-\d\d with eslint-plugin-bot-audit's recommended rules\.\*/);
    for (const section of ['## Summary', '## Top 3 problems', '## Statistics by category', '## Other findings', '## Recommendations', '## Rules']) {
      expect(stdout).toContain(`\n${section}`);
    }
    expect(stdout).toContain('| Scanned | 6 files, ');
    expect(stdout).toContain('[`examples/demo-bot/src/handlers/wallet.ts:30`](examples/demo-bot/src/handlers/wallet.ts#L30)');
    expect(stdout).toContain('- **Risk:** ');
    expect(stdout).toContain('- **Fix:** ');
    expect(stdout).toContain('Run the related writes (and any `FOR UPDATE` read) inside one transaction on one dedicated connection: ');
    expect(stdout).toContain('(https://github.com/bot-audit/eslint-plugin-bot-audit/blob/main/docs/rules/require-transaction.md)');
    expect(stdout).not.toContain('## Not analysed');
  });

  it('writes valid SARIF 2.1.0 with rule metadata and priority levels', async () => {
    const { stdout } = await run(['examples/demo-bot', '--format', 'sarif']);
    const sarif = JSON.parse(stdout) as import('sarif').Log;
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const [theRun] = sarif.runs;
    const rule = theRun!.tool.driver.rules!.find((item) => item.id === 'bot-audit/require-transaction')!;
    expect(rule.helpUri).toMatch(/docs\/rules\/require-transaction\.md$/);
    // A rule of low measured precision is P2 (level `warning`), with the precision GitHub code scanning reads.
    expect(rule.properties).toMatchObject({ category: 'Database Transactions', priority: 'P2', precision: 'low' });
    expect(rule.defaultConfiguration).toMatchObject({ level: 'warning' });
    // A rule of experimental precision did not run: it is not among the run's rules.
    expect(theRun!.tool.driver.rules!.find((item) => item.id === 'bot-audit/no-swallowed-error')).toBeUndefined();
    expect(theRun!.tool.driver.rules!.find((item) => item.id === 'bot-audit/require-on-conflict')).toBeUndefined();
    // A P0 rule moved down to low precision (round 23) and to experimental (round 32) did not run either.
    expect(theRun!.tool.driver.rules!.find((item) => item.id === 'bot-audit/require-http-timeout')).toBeUndefined();
    // A P1 rule of medium precision again since round 35 (high in round 25, medium in rounds 26–33, low in round 34)
    // keeps its own priority (level `error`).
    const handler = theRun!.tool.driver.rules!.find((item) => item.id === 'bot-audit/require-bot-error-handler')!;
    expect(handler.properties).toMatchObject({ category: 'API Error Handling', priority: 'P1', precision: 'medium' });
    expect(handler.defaultConfiguration).toMatchObject({ level: 'error' });
    expect(theRun!.results!.length).toBe(DEMO_BOT_FINDINGS.length);
    // The first result is the unhandled bot's (P1, level `error`); the two findings of the rules of medium precision
    // (require-bot-error-handler P1, require-for-update P0) are errors, every other one (P2) a warning.
    expect(theRun!.results![0]).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uriBaseId: '%SRCROOT%' } } }] });
    expect(theRun!.results!.map((result) => `${result.ruleId} ${result.level}`).filter((key) => key.endsWith(' error')).sort()).toEqual([
      'bot-audit/require-bot-error-handler error',
      'bot-audit/require-for-update error',
    ]);
    expect(theRun!.results!.filter((result) => result.level === 'warning')).toHaveLength(DEMO_BOT_FINDINGS.length - 2);
  });

  it('prints ESLint stylish output', async () => {
    const { stdout } = await run(['examples/demo-bot', '--format', 'stylish']);
    expect(stdout).toContain(path.join(root, 'examples/demo-bot/src/handlers/wallet.ts'));
    // `recommended` warns on a rule of low measured precision.
    expect(stdout).toMatch(/ {2}30:10 {2}warning {2}.* {2}bot-audit\/require-transaction/);
  });

  it('writes to --output and nothing to stdout; links are relative to the report', async () => {
    const dir = temp({});
    const file = path.join(dir, 'audit.md');
    const { stdout, code } = await run(['examples/demo-bot', '-f', 'markdown', '-o', file]);
    expect(stdout).toBe('');
    // Exit 1 since round 35 (0 in round 34): the P0 and P1 findings of the two rules of medium precision fail the default gate.
    expect(code).toBe(1);
    const relative = path.relative(dir, root).split(path.sep).join('/');
    expect(readFileSync(file, 'utf8')).toContain(`](${relative}/examples/demo-bot/src/handlers/wallet.ts#L30)`);
  });
});

describe('--fail-on', () => {
  it.each([
    // The demo bot has no P0 finding since round 23 (the timeout's and the split writes' are P2 at low
    // precision; the timeout's rule is experimental since round 32); its P1 finding, the unhandled bot's (high precision since round 25), fails P1 and P2 only.
    // The unlocked read-check-write (require-for-update, P0) and the unhandled bot (P1) are of medium precision again
    // since round 35 (low in round 34, when only a P2 threshold failed): P0 fails. The decrement without a balance
    // check (no-unguarded-decrement, P0) stays low since round 34, reported at P2.
    ['examples/demo-bot', 'P0', 1],
    ['examples/demo-bot', 'P1', 1],
    ['examples/demo-bot', 'p2', 1],
    ['examples/demo-bot', 'never', 0],
    // Only a swallowed error here: a rule of experimental precision, which `--rules all` runs at P2
    // (P1 by its rule): only a P2 threshold fails.
    ['tests/fixtures/cli/one.js', 'P0', 0],
    ['tests/fixtures/cli/one.js', 'P1', 0],
    ['tests/fixtures/cli/one.js', 'P2', 1],
  ])('%s: %s → exit %i', async (target, level, expected) => {
    const { code } = await run([target, '--fail-on', level, '-f', 'json', '--rules', 'all']);
    expect(code).toBe(expected);
  });
});

describe('--rules: rules of experimental precision run only when asked for', () => {
  const notRunLine = `Not run by default (experimental precision): ${DEMO_BOT_NOT_RUN.join(', ')}; --rules all runs them.`;

  it('the default run leaves them out, and every format says which and why', async () => {
    expect(DEMO_BOT_NOT_RUN).toEqual(['no-swallowed-error', 'require-http-timeout', 'require-number-validation', 'require-on-conflict', 'require-response-check']);
    const { report } = await runJson(['examples/demo-bot']);
    const ids = DEMO_BOT_NOT_RUN.map((name) => `bot-audit/${name}`);
    expect(report.findings.filter((finding) => ids.includes(finding.ruleId))).toEqual([]);
    expect(report.rules.map((rule) => rule.ruleId)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(report.notRun).toEqual(
      // Each keeps its own priority here (P1): it did not run, so nothing was lowered.
      DEMO_BOT_NOT_RUN.map(
        (name) =>
          expect.objectContaining({
            ruleId: `bot-audit/${name}`,
            precision: 'experimental',
            reason: 'experimental precision',
            priority: rules[name as keyof typeof rules].meta.docs!.priority,
          }) as unknown,
      ),
    );
    expect(reportValidator()(report)).toBe(true);

    expect((await run(['examples/demo-bot'])).stdout).toContain(`\n${notRunLine}\n`);
    expect((await run(['examples/demo-bot', '-f', 'stylish'])).stdout).toContain(`\n${notRunLine}\n`);
    const code = (name: string) => `\`${name}\``;
    expect((await run(['examples/demo-bot', '-f', 'markdown'])).stdout).toContain(
      `| Rules not run | Not run by default (experimental precision): ${DEMO_BOT_NOT_RUN.map(code).join(', ')}; \`--rules all\` runs them. |`,
    );
    expect((await run(['examples/demo-bot', '-f', 'html'])).stdout).toContain(
      `<p class="note" id="not-run">Not run by default (experimental precision): ${DEMO_BOT_NOT_RUN.map((name) => `<code>${name}</code>`).join(', ')}; <code>--rules all</code> runs them.</p>`,
    );
    const sarif = JSON.parse((await run(['examples/demo-bot', '-f', 'sarif'])).stdout) as import('sarif').Log;
    expect(sarif.runs[0]!.invocations![0]!.properties!.notRun).toEqual(ids.map((ruleId) => ({ ruleId, reason: 'experimental precision' })));
  });

  it('--rules all runs them, at P2 with the experimental note, and names nothing as not run', async () => {
    const { report, code, stderr } = await runJson(['examples/demo-bot', '--rules', 'all']);
    expect(stderr).toBe('');
    // Exit 1 since round 35 (0 in round 34): the P0 and P1 findings of the two rules of medium precision fail the default gate.
    expect(code).toBe(1);
    expect(findingKeys(report, 'examples/demo-bot/')).toEqual([...DEMO_BOT_ALL_FINDINGS].sort());
    expect(report.summary.byPriority).toEqual(DEMO_BOT_ALL_BY_PRIORITY);
    const experimental = report.findings.filter((finding) => finding.ruleId === 'bot-audit/require-on-conflict');
    expect(experimental).toEqual([expect.objectContaining({ priority: 'P2', precision: 'experimental', severity: 'warning' })]);
    expect(report.rules.find((rule) => rule.ruleId === 'bot-audit/no-swallowed-error')).toMatchObject({ priority: 'P2', precision: 'experimental', findings: 4 });
    expect(report.notRun).toBeUndefined();
    expect(reportValidator()(report)).toBe(true);

    const pretty = (await run(['examples/demo-bot', '--rules', 'all'])).stdout;
    expect(pretty).toContain('examples/demo-bot/src/handlers/wallet.ts:30:10  Idempotency · bot-audit/require-on-conflict · experimental-precision rule: review');
    expect(pretty).not.toContain('Not run by default');
    const markdown = (await run(['examples/demo-bot', '--rules', 'all', '-f', 'markdown'])).stdout;
    expect(markdown).toContain("with every rule of eslint-plugin-bot-audit (--rules all).*");
    expect(markdown).not.toContain('Rules not run');
    // GitHub code scanning knows no `experimental`: its lowest precision, and a tag.
    const sarif = JSON.parse((await run(['examples/demo-bot', '--rules', 'all', '-f', 'sarif'])).stdout) as import('sarif').Log;
    const rule = sarif.runs[0]!.tool.driver.rules!.find((item) => item.id === 'bot-audit/require-on-conflict')!;
    expect(rule.properties).toMatchObject({ priority: 'P2', precision: 'low', tags: expect.arrayContaining(['experimental']) as unknown });
    expect(sarifValidator()(sarif)).toBe(true);
  });

  it('--rules recommended is the default', async () => {
    const { report } = await runJson(['examples/demo-bot', '--rules', 'recommended']);
    expect(findingKeys(report, 'examples/demo-bot/')).toEqual([...DEMO_BOT_FINDINGS].sort());
    expect(report.notRun).toHaveLength(DEMO_BOT_NOT_RUN.length);
  });
});

describe('bad input: one clear line each, exit 2', () => {
  it.each([
    [['--frobnicate'], /^bot-audit: .*frobnicate/],
    [['--top', '0'], /^bot-audit: invalid --top "0": expected a whole number of at least 1$/],
    [['--top', 'ten'], /^bot-audit: invalid --top "ten"/],
    [['--format', 'xml'], /^bot-audit: unknown --format "xml": use one of pretty, markdown, html, json, sarif, stylish$/],
    [['--fail-on', 'P3'], /^bot-audit: invalid --fail-on "P3": use P0, P1, P2 or never$/],
    [['--rules', 'strict'], /^bot-audit: invalid --rules "strict": use recommended or all$/],
    [['--concurrency', 'many'], /^bot-audit: invalid --concurrency "many"/],
    [['--output', ''], /^bot-audit: --output needs a file name$/],
    [['no/such/dir'], /^bot-audit: no such file or directory: no\/such\/dir$/],
    [['README.md'], /^bot-audit: not a JavaScript or TypeScript file: README.md$/],
    [['--config', 'nope.config.js'], /^bot-audit: no such config file: nope.config.js$/],
    [['-o', 'no/such/dir/report.md'], /^bot-audit: the directory of --output does not exist: no\/such\/dir\/report.md$/],
  ])('%j', async (args, expected) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(expected);
  });

  it('a parse error of the command line is one line', async () => {
    const { stderr } = await run(['--top', '-1']);
    expect(stderr).toBe("bot-audit: Option '--top' argument is ambiguous.\n");
  });

  it('reports every problem, not just the first', async () => {
    const { code, stderr } = await run(['no/such', 'README.md', '--top', '1x', '--format', 'x']);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toEqual([
      'bot-audit: unknown --format "x": use one of pretty, markdown, html, json, sarif, stylish',
      'bot-audit: invalid --top "1x": expected a whole number of at least 1',
      'bot-audit: no such file or directory: no/such',
      'bot-audit: not a JavaScript or TypeScript file: README.md',
    ]);
  });

  it('prints help and version', async () => {
    expect((await run(['--help'])).stdout).toBe(`${USAGE}\n`);
    expect((await run(['-v'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('an --output that cannot be written is one line, exit 2', async () => {
    const dir = temp({ 'out/keep': '' });
    const { code, stderr } = await run(['tests/fixtures/cli/one.js', '-o', path.join(dir, 'out')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^bot-audit: cannot write .*out \(EISDIR\)\n$/);
  });

  it('a config that fails to load is one line, exit 2', async () => {
    const dir = temp({ 'eslint.config.js': 'export default [{ rules: { "no-such-plugin/rule": "error" } }];\n', 'a.js': SWALLOW });
    const { code, stderr } = await run(['.', '--config', 'eslint.config.js'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^bot-audit: .*no-such-plugin/);
  });
});

describe('files', () => {
  it('lists a file that does not parse as not analysed, says so once, and goes on', async () => {
    const { code, report, stderr } = await runJson(['tests/fixtures/cli', '--rules', 'all']);
    expect(code).toBe(1);
    expect(stderr).toBe('bot-audit: not analysed: tests/fixtures/cli/broken.js:1: Parsing error: Expression expected.\n');
    expect(report.notAnalysed).toEqual([{ file: 'tests/fixtures/cli/broken.js', line: 1, column: 10, reason: 'Parsing error: Expression expected.' }]);
    expect(findingKeys(report)).toEqual(['tests/fixtures/cli/one.js:1 no-swallowed-error']);
    const markdown = await run(['tests/fixtures/cli', '-f', 'markdown', '--rules', 'all']);
    expect(markdown.stdout).toContain('## Not analysed');
    expect(markdown.stdout).toContain('| [`tests/fixtures/cli/broken.js:1`](tests/fixtures/cli/broken.js#L1) | Parsing error: Expression expected. |');
    const pretty = await run(['tests/fixtures/cli', '--rules', 'all']);
    expect(pretty.stdout).toContain('Not analysed (1)\n  tests/fixtures/cli/broken.js:1  Parsing error');
    const sarif = JSON.parse((await run(['tests/fixtures/cli', '-f', 'sarif', '--rules', 'all'])).stdout) as import('sarif').Log;
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0]!.invocations![0]!.toolExecutionNotifications).toHaveLength(1);
  });

  it('audits a single file', async () => {
    const { code, report } = await runJson(['tests/fixtures/cli/one.js', '--rules', 'all']);
    // Its one finding is of an experimental rule: reported at P2, it does not fail the default gate.
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ filesScanned: 1, linesScanned: 2, findings: 1 });
    expect(report.findings[0]).toMatchObject({ priority: 'P2', precision: 'experimental' });
  });

  it('honours .gitignore and skips installed, generated, declaration and minified files', async () => {
    const dir = temp({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'ignored.js\nsecret/\n',
      'src/app.ts': SWALLOW,
      'src/ignored.js': SWALLOW,
      'src/types.d.ts': 'export declare const x: number;\n',
      'src/vendor.min.js': SWALLOW,
      'src/bundle.js': `${'var a=1;'.repeat(400)}\n${SWALLOW}`,
      'src/nested/.gitignore': 'local.js\n',
      'src/nested/local.js': SWALLOW,
      'src/nested/kept.mjs': SWALLOW,
      'src/readme.md': 'text',
      'secret/a.js': SWALLOW,
      'node_modules/pkg/index.js': SWALLOW,
      'dist/index.js': SWALLOW,
      'build/index.js': SWALLOW,
      'coverage/x.js': SWALLOW,
      'empty.cjs': '',
    });
    const { report } = await runJson([path.join(dir, 'src'), path.join(dir, 'empty.cjs'), '--rules', 'all']);
    expect(report.root).toBe(dir);
    expect(findingKeys(report)).toEqual(['src/app.ts:1 no-swallowed-error', 'src/nested/kept.mjs:1 no-swallowed-error']);
    expect(report.summary.filesScanned).toBe(3);
    expect(report.summary.linesScanned).toBe(2);
    // Named explicitly, an ignored or minified file is audited.
    const explicit = await runJson([path.join(dir, 'src/vendor.min.js'), '--rules', 'all']);
    expect(explicit.report.summary.findings).toBe(1);
    // The .gitignore of the repository above a named sub-directory applies too.
    const nested = await runJson([path.join(dir, 'src/nested'), '--rules', 'all']);
    expect(findingKeys(nested.report)).toEqual(['kept.mjs:1 no-swallowed-error']);
    // A directory named explicitly is audited even when ignored.
    const secret = await runJson([path.join(dir, 'secret'), '--rules', 'all']);
    expect(findingKeys(secret.report)).toEqual(['a.js:1 no-swallowed-error']);
  });

  it('ignores nothing outside a git repository from .gitignore files above the target', async () => {
    const dir = temp({ '.gitignore': 'sub/\n', 'sub/a.js': SWALLOW });
    const { report } = await runJson([path.join(dir, 'sub'), '--rules', 'all']);
    expect(report.summary.findings).toBe(1);
  });

  it('an empty tree is clean', async () => {
    const dir = temp({ 'notes.txt': 'x' });
    const { code, stdout } = await run(['.'], { cwd: dir });
    expect(code).toBe(0);
    // Clean, and still honest about the rules the default run leaves out.
    expect(stdout).toBe(`Not run by default (experimental precision): ${DEMO_BOT_NOT_RUN.join(', ')}; --rules all runs them.\nbot-audit: 0 files, 0 lines audited: no problems found.\n`);
  });

  it('finds the common root of paths outside the working directory', () => {
    expect(commonRoot(['/a/b/c', '/a/d/e'])).toBe('/a');
    expect(commonRoot(['/a/b'])).toBe('/a/b');
    expect(commonRoot(['/a/b', '/a/b/c'])).toBe('/a/b');
  });
});

describe('type information', () => {
  it('is used automatically for the files a tsconfig.json covers', async () => {
    const { report, stderr } = await runJson(['tests/fixtures/cli-typed', '--rules', 'all']);
    expect(stderr).toBe('');
    expect(report.summary.typedFiles).toBe(1);
    expect(report.summary.filesScanned).toBe(2);
    expect(findingKeys(report, 'tests/fixtures/cli-typed/')).toEqual(['covered/job.ts:4 no-swallowed-error', 'loose/job.ts:4 no-swallowed-error']);
    const markdown = await run(['tests/fixtures/cli-typed', '-f', 'markdown', '--rules', 'all']);
    expect(markdown.stdout).toContain('| Type information | 1 file of 2 |');
  });

  it('--type-aware says once when it falls back', async () => {
    const partly = await runJson(['tests/fixtures/cli-typed', '--type-aware']);
    expect(partly.stderr).toBe('bot-audit: no tsconfig.json covers 1 of 2 files; audited those without type information.\n');
    const none = await runJson(['examples/demo-bot', '--type-aware']);
    expect(none.stderr).toBe('bot-audit: no tsconfig.json covers the files; audited them without type information.\n');
    expect(findingKeys(none.report, 'examples/demo-bot/')).toEqual([...DEMO_BOT_FINDINGS].sort());
  });

  it('--no-type-aware never uses it', async () => {
    const { report } = await runJson(['tests/fixtures/cli-typed', '--no-type-aware']);
    expect(report.summary.typedFiles).toBe(0);
  });

  it('a tsconfig.json that covers nothing (or does not parse) gives no types', async () => {
    const dir = temp({ 'tsconfig.json': '{ "include": ["nothing-here"] }', 'a.ts': SWALLOW, 'b/tsconfig.json': '{ "files": [] }', 'b/c.ts': SWALLOW });
    const { report, stderr } = await runJson(['.', '--type-aware', '--rules', 'all'], { cwd: dir });
    expect(report.summary.typedFiles).toBe(0);
    expect(stderr).toBe('bot-audit: no tsconfig.json covers the files; audited them without type information.\n');
  });

  it('a file the project service rejects is audited without types', async () => {
    // Covered by the tsconfig, but with an extension the project service is not told about.
    const dir = temp({ 'tsconfig.json': '{ "compilerOptions": { "allowJs": true, "noEmit": true, "types": [] }, "include": ["*"] }', 'a.ts': SWALLOW, 'b.mjs': SWALLOW });
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(report.summary.findings).toBe(2);
  });
});

describe('--config and --fix', () => {
  const project = () =>
    temp({
      'eslint.config.js': 'export default [{ rules: { "prefer-const": "error", "no-empty": "warn" } }];\n',
      'a.js': 'let x = 1;\nconsole.log(x);\nif (x) {}\n',
    });

  it('--config uses the project\'s own config; its rules land in "Other", priority by severity', async () => {
    const dir = project();
    const { report, code } = await runJson(['.', '--config', 'eslint.config.js'], { cwd: dir });
    expect(code).toBe(1);
    expect(report.findings.map(({ ruleId, priority, category, fix }) => ({ ruleId, priority, category, fix }))).toEqual([
      { ruleId: 'prefer-const', priority: 'P1', category: 'Other', fix: expect.stringMatching(/^Avoid |^Add |^Enforce |\.$/) as string },
      { ruleId: 'no-empty', priority: 'P2', category: 'Other', fix: expect.any(String) as string },
    ]);
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe('let x = 1;\nconsole.log(x);\nif (x) {}\n');
    const markdown = await run(['.', '--config', 'eslint.config.js', '-f', 'markdown'], { cwd: dir });
    expect(markdown.stdout).toContain('with the ESLint config `eslint.config.js`');
  });

  it('--type-aware is ignored, with one line, when --config decides', async () => {
    const dir = project();
    const { stderr } = await runJson(['.', '--config', 'eslint.config.js', '--no-type-aware'], { cwd: dir });
    expect(stderr).toBe('bot-audit: --type-aware and --no-type-aware have no effect with --config: the config decides the parser options.\n');
  });

  it('--rules is ignored, with one line, when --config decides; the report names no rule as not run', async () => {
    const dir = project();
    const { stderr, report } = await runJson(['.', '--config', 'eslint.config.js', '--rules', 'all'], { cwd: dir });
    expect(stderr).toBe('bot-audit: --rules has no effect with --config: the config decides the rules.\n');
    expect(report.notRun).toBeUndefined();
    expect((await runJson(['.', '--config', 'eslint.config.js'], { cwd: dir })).report.notRun).toBeUndefined();
  });

  it('--fix is the only way the tree is written to', async () => {
    const dir = project();
    const { report } = await runJson(['.', '--config', 'eslint.config.js', '--fix'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe('const x = 1;\nconsole.log(x);\nif (x) {}\n');
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['no-empty']);
  });
});

describe('progress', () => {
  it('shows files done / total on a terminal once the run takes a moment, then clears the line', async () => {
    let time = 0;
    const { stderr, stdout } = await run(['examples/demo-bot', '-f', 'json'], {
      stderrIsTTY: true,
      now: () => new Date((time += 1000)),
    });
    expect(stderr).toContain('\r\u001B[Kbot-audit: 6/6 files');
    expect(stderr.endsWith('\r\u001B[K')).toBe(true);
    expect(stdout).not.toContain('\r');
  });

  it('shows nothing when the run is quick or stderr is piped', async () => {
    expect((await run(['examples/demo-bot', '-f', 'json'], { stderrIsTTY: true, now: () => new Date(0) })).stderr).toBe('');
    expect((await run(['examples/demo-bot', '-f', 'json'], { stderrIsTTY: false })).stderr).toBe('');
  });

  it('uses worker threads by default only for large untyped trees on four cores or more', () => {
    expect(defaultConcurrency(CONCURRENCY_THRESHOLD, 0, 8)).toBe('auto');
    expect(defaultConcurrency(CONCURRENCY_THRESHOLD - 1, 0, 8)).toBe('off');
    expect(defaultConcurrency(CONCURRENCY_THRESHOLD, 1, 8)).toBe('off');
    expect(defaultConcurrency(CONCURRENCY_THRESHOLD, 0, 2)).toBe('off');
  });

  it('shows progress batch by batch on a large tree', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 120; index++) files[`f${index}.js`] = SWALLOW;
    const dir = temp(files);
    let time = 0;
    const { stderr } = await run(['.', '-f', 'json'], { cwd: dir, stderrIsTTY: true, now: () => new Date((time += 1000)) });
    expect(stderr).toBe('\r\u001B[Kbot-audit: 50/120 files\r\u001B[Kbot-audit: 100/120 files\r\u001B[Kbot-audit: 120/120 files\r\u001B[K');
  });
});

describe('the options module of worker threads', () => {
  it('builds the same options from its URL', async () => {
    const { default: options } = await import('../../src/cli/worker-options.js');
    expect(options).toMatchObject({ cwd: process.cwd(), fix: false, concurrency: 'off', overrideConfigFile: true });
  });
});

it('leaves no report file behind unless asked', () => {
  expect(existsSync(path.join(root, 'report.md'))).toBe(false);
});

describe('directives for rules the audit does not load', () => {
  it('are not findings', async () => {
    const { code, stdout } = await run(['tests/fixtures/cli-directives', '-f', 'json']);
    const report = JSON.parse(stdout) as { findings: unknown[] };
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});
