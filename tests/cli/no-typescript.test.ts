import { rmSync } from 'node:fs';

import { describe, expect, it, vi } from 'vitest';

vi.mock('@typescript-eslint/parser', () => {
  throw new Error('Cannot find module typescript');
});

describe('bot-audit without the typescript package', () => {
  it('audits JavaScript only, and says so once', async () => {
    const { run } = await import('./helpers.js');
    const { code, stdout, stderr } = await run(['tests/fixtures/cli/one.js', 'tests/fixtures/cli-typed', '-f', 'json', '--rules', 'all']);
    expect(stderr).toBe('bot-audit: the `typescript` package is not installed; auditing JavaScript files only.\n');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as import('../../src/cli/report.js').Report;
    expect(report.summary.filesScanned).toBe(1);
    expect(report.summary.linesScanned).toBe(2);
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['bot-audit/no-swallowed-error']);
    // Fail closed: the TypeScript files are listed, not dropped.
    expect(report.notAnalysed).toEqual([
      { file: 'tests/fixtures/cli-typed/covered/job.ts', reason: 'TypeScript file, and the `typescript` package is not installed' },
      { file: 'tests/fixtures/cli-typed/loose/job.ts', reason: 'TypeScript file, and the `typescript` package is not installed' },
    ]);
  });

  it('a CommonJS file with a legacy octal, which espree refuses as a module, is audited as a script', async () => {
    const { runJson, tree } = await import('./helpers.js');
    const dir = tree({ 'package.json': '{ "name": "bot" }', 'index.js': 'run(00);\ntry { run(); } catch {}\n' });
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir }).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(report.notAnalysed).toEqual([]);
    expect(report.findings.map(({ file, line, ruleId }) => `${file}:${line} ${ruleId}`)).toEqual(['index.js:2 bot-audit/no-swallowed-error']);
  });
});
