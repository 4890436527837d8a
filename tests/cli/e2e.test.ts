import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Report } from '../../src/cli/report.js';
import { DEMO_BOT_FINDINGS } from './demo-bot.expected.js';
import { findingKeys, reportValidator, root, sarifValidator, tree } from './helpers.js';

const cli = path.join(root, 'dist/cli.js');
const exec = promisify(execFile);

/** Runs the BUILT command, as a user would, with stdout and stderr piped. */
async function bin(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does) before these tests');
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// Each test starts Node processes: allow for a loaded machine.
describe('the built bot-audit command', () => {
  it('demo-bot: exact findings (rule, file, line), exit 0, JSON valid against its schema', async () => {
    const { code, stdout, stderr } = await bin(['examples/demo-bot', '--format', 'json']);
    expect(stderr).toBe('');
    // Exit 1 again since round 35 (0 in round 34): require-bot-error-handler (P1) and require-for-update (P0) are of
    // medium precision again, so their findings fail --fail-on P1.
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(findingKeys(report, 'examples/demo-bot/')).toEqual([...DEMO_BOT_FINDINGS].sort());
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('demo-bot-fixed: audits clean, exit 0, in every format', async () => {
    const pretty = await bin(['examples/demo-bot-fixed']);
    expect(pretty.code).toBe(0);
    expect(pretty.stderr).toBe('');
    // Clean, and it names the rules the default run left out.
    expect(pretty.stdout).toMatch(/^Not run by default \(experimental precision\): [a-z-]+(, [a-z-]+)*; --rules all runs (it|them)\.\nbot-audit: 6 files, \d+ lines audited: no problems found\.\n$/);
    const json = JSON.parse((await bin(['examples/demo-bot-fixed', '-f', 'json'])).stdout) as Report;
    expect(json.findings).toEqual([]);
    expect(json.notAnalysed).toEqual([]);
    expect((await bin(['examples/demo-bot-fixed', '-f', 'markdown'])).stdout).toContain('✅ no problems found');
  });

  it('demo-bot: the markdown report has every section of the audit document', async () => {
    const { stdout } = await bin(['examples/demo-bot', '--format', 'markdown']);
    const headings = [...stdout.matchAll(/^##? (.+)$/gm)].map(([, heading]) => heading);
    const count = DEMO_BOT_FINDINGS.length;
    expect(headings).toEqual([
      'Bot audit: demo-bot',
      'Summary',
      count > 50 ? 'Top 50 problems' : `Problems (${count})`,
      'Statistics by category',
      ...(count > 50 ? [`Other findings (${count - 50})`] : []),
      'Recommendations',
      'Rules',
    ]);
    expect(stdout).toMatch(/\| Scanned \| 6 files, \d+ lines \|/);
    for (const finding of DEMO_BOT_FINDINGS) {
      const [file, rest] = finding.split(':') as [string, string];
      expect(stdout).toContain(`(examples/demo-bot/${file}#L${rest.split(' ')[0]})`);
    }
    // Every category with a finding has a row in the statistics, every rule that ran a row in the rules table.
    const rules = new Set(DEMO_BOT_FINDINGS.map((finding) => finding.split(' ')[1]!));
    for (const rule of rules) expect(stdout).toMatch(new RegExp(`^\\| \\[\`${rule}\`\\]\\(`, 'm'));
    expect(stdout.match(/^- \*\*Risk:\*\* /gm)).toHaveLength(Math.min(count, 50));
    expect(stdout.match(/^- \*\*Fix:\*\* /gm)).toHaveLength(Math.min(count, 50));
  });

  it('demo-bot: SARIF valid against the SARIF 2.1.0 schema, written with --output', async () => {
    const dir = tree({});
    dirs.push(dir);
    const file = path.join(dir, 'bot-audit.sarif');
    // --fail-on P2: the run fails (it fails the default gate too since round 35; in round 34, with every finding at P2, it passed).
    const { code, stdout } = await bin(['examples/demo-bot', '--format', 'sarif', '--output', file, '--fail-on', 'P2']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as import('sarif').Log;
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0]!.results!.map((result) => `${result.locations![0]!.physicalLocation!.artifactLocation!.uri}:${result.locations![0]!.physicalLocation!.region!.startLine} ${result.ruleId}`).sort()).toEqual(
      DEMO_BOT_FINDINGS.map((finding) => `examples/demo-bot/${finding.replace(' ', ' bot-audit/')}`).sort(),
    );
  });

  it('--fail-on and bad input exit codes', async () => {
    // Since round 35 the unlocked read-check-write (require-for-update, P0) and the unhandled bot (P1) are of medium
    // precision again (all P2 in round 34, when only --fail-on P2 failed); the unguarded decrement stays P2 (low).
    expect((await bin(['examples/demo-bot', '--fail-on', 'P2', '-f', 'json'])).code).toBe(1);
    expect((await bin(['examples/demo-bot', '--fail-on', 'P1', '-f', 'json'])).code).toBe(1);
    expect((await bin(['examples/demo-bot', '--fail-on', 'P0', '-f', 'json'])).code).toBe(1);
    expect((await bin(['tests/fixtures/cli/one.js', '--fail-on', 'P0', '-f', 'json'])).code).toBe(0);
    expect((await bin(['examples/demo-bot', '--fail-on', 'never', '-f', 'json'])).code).toBe(0);
    const bad = await bin(['no/such/dir', '--top', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  it('worker threads (--concurrency 2) find the same as one thread, and print nothing on stderr when piped', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 120; index++) files[`src/f${index}.ts`] = `export function f${index}() {\n  try {\n    return load(${index});\n  } catch {}\n}\nf${index}();\n`;
    files['src/broken.js'] = 'const = ;\n';
    const dir = tree(files);
    dirs.push(dir);
    // Swallowed errors: a rule of experimental precision, which `--rules all` runs.
    const threaded = await bin(['.', '-f', 'json', '--concurrency', '2', '--rules', 'all'], dir);
    const single = await bin(['.', '-f', 'json', '--concurrency', 'off', '--rules', 'all'], dir);
    expect(threaded.stderr).toBe(single.stderr);
    expect(threaded.stderr).toMatch(/^bot-audit: not analysed: src\/broken\.js:1: Parsing error/);
    const [a, b] = [JSON.parse(threaded.stdout) as Report, JSON.parse(single.stdout) as Report];
    expect(a.findings).toEqual(b.findings);
    expect(a.summary.findings).toBe(120);
    expect(a.summary.notAnalysed).toBe(1);
  });

  it('the exported formatter works with `eslint -f` and a user config', async () => {
    const dir = tree({
      // `recommended` leaves out no-swallowed-error (experimental precision): the user turns it on as a warning.
      'eslint.config.js': `import botAudit from ${JSON.stringify(path.join(root, 'dist/index.js'))};\nexport default [botAudit.configs.recommended, { plugins: { 'bot-audit': botAudit }, rules: { 'bot-audit/no-swallowed-error': 'warn' } }];\n`,
      'bot.js': 'try { run(); } catch {}\n',
    });
    dirs.push(dir);
    writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');
    // A warning: ESLint exits 0 and prints the report.
    const { stdout } = await exec(process.execPath, [eslintBin, '-f', path.join(root, 'dist/formatter.js'), '.'], { cwd: dir });
    expect(stdout).toMatch(/^# Bot audit\n/);
    expect(stdout).toContain('[`bot.js:1`](bot.js#L1)');
    expect(stdout).toContain('[`no-swallowed-error`](https://github.com/bot-audit/eslint-plugin-bot-audit/blob/main/docs/rules/no-swallowed-error.md)');
  });

  it('package.json exports the formatter', () => {
    // Plain strings: eslint-doc-generator only falls back to import() for a string entry.
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: Record<string, string> };
    expect(pkg.exports['./formatter']).toBe('./dist/formatter.js');
    expect(existsSync(path.join(root, pkg.exports['./formatter']!))).toBe(true);
  });
});
