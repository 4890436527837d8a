import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { USAGE, main } from '../../src/cli/main.js';
import { DEMO_BOT_FINDINGS } from './demo-bot.expected.js';

const root = path.join(import.meta.dirname, '../..');

async function run(args: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

describe('bot-audit', () => {
  it('reports every demo-bot defect, and nothing else, and exits 1', async () => {
    const { code, stdout, stderr } = await run(['examples/demo-bot']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const findings = [...stdout.matchAll(/^examples\/demo-bot\/(\S+):(\d+):\d+ +(?:error|warning) .* bot-audit\/(\S+)$/gm)]
      .map(([, file, line, rule]) => `${file}:${line} ${rule}`)
      .sort();
    expect(findings).toEqual([...DEMO_BOT_FINDINGS].sort());
    expect(stdout).toMatch(/bot-audit: \d+ problems \(\d+ errors?, \d+ warnings?\) in 6 files\./);
  });

  it('exits 0 on clean code', async () => {
    const { code, stdout } = await run(['src/util'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('no problems found');
  });

  it('exits 2 with one line on an unknown option', async () => {
    const { code, stderr, stdout } = await run(['--frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^bot-audit: .*frobnicate/);
  });

  it('exits 2 with one line on a missing path', async () => {
    const { code, stderr } = await run(['no/such/dir']);
    expect(code).toBe(2);
    expect(stderr).toBe('bot-audit: no such file or directory: no/such/dir\n');
  });

  it('prints help and version', async () => {
    expect((await run(['--help'])).stdout).toBe(`${USAGE}\n`);
    expect((await run(['-v'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('bot-audit edge cases', () => {
  it('lists a file that does not parse and goes on', async () => {
    const { code, stdout } = await run(['tests/fixtures/cli']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^tests\/fixtures\/cli\/broken\.js:1:10 {2}error {2}Parsing error: .* {2}parse-error$/m);
    expect(stdout).toMatch(/^tests\/fixtures\/cli\/one\.js:1:16 {2}error .* bot-audit\/no-swallowed-error$/m);
    expect(stdout).toContain('2 problems (2 errors, 0 warnings) in 2 files.');
  });

  it('audits a single file', async () => {
    const { code, stdout } = await run(['tests/fixtures/cli/one.js']);
    expect(code).toBe(1);
    expect(stdout).toContain('1 problem (1 error, 0 warnings) in 1 files.');
  });
});
