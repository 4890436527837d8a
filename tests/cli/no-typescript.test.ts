import { describe, expect, it, vi } from 'vitest';

vi.mock('@typescript-eslint/parser', () => {
  throw new Error('Cannot find module typescript');
});

describe('bot-audit without the typescript package', () => {
  it('audits JavaScript only, and says so once', async () => {
    const { main } = await import('../../src/cli/main.js');
    let stdout = '';
    let stderr = '';
    const code = await main(['tests/fixtures/cli/one.js'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      cwd: new URL('../..', import.meta.url).pathname,
    });
    expect(stderr).toBe('bot-audit: the `typescript` package is not installed; auditing JavaScript files only.\n');
    expect(code).toBe(1);
    expect(stdout).toContain('no-swallowed-error');
  });
});
