import { describe, expect, it, vi } from 'vitest';

// Pretend a tsconfig covers every file: the project service then rejects them, and the run must
// audit them without types and say so once.
vi.mock('../../src/cli/types.js', () => ({
  typeCoverage: (files: readonly string[]) => Promise.resolve({ covered: new Set(files) }),
}));

describe('when the project service cannot give a file types', () => {
  it('audits it without them and says so once', async () => {
    const { runJson, findingKeys } = await import('./helpers.js');
    const { DEMO_BOT_FINDINGS } = await import('./demo-bot.expected.js');
    const { report, stderr } = await runJson(['examples/demo-bot']);
    expect(stderr).toBe('bot-audit: type information failed for 6 files; audited them without it.\n');
    expect(report.summary.typedFiles).toBe(0);
    expect(findingKeys(report, 'examples/demo-bot/')).toEqual([...DEMO_BOT_FINDINGS].sort());
  });
});
