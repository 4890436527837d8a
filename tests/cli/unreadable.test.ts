import type * as fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it, vi } from 'vitest';

// Running as root reads every file whatever its mode, so unreadable paths are simulated.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const denied = (target: unknown): boolean => String(target).includes('denied');
  const fail = (): never => {
    throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
  };
  return {
    ...actual,
    readFileSync: ((target: fs.PathOrFileDescriptor, options?: unknown) =>
      denied(target) ? fail() : actual.readFileSync(target, options as BufferEncoding)) as typeof fs.readFileSync,
    readdirSync: ((target: fs.PathLike, options?: unknown) =>
      denied(target) ? fail() : actual.readdirSync(target, options as { withFileTypes: true })) as typeof fs.readdirSync,
  };
});

describe('unreadable files and directories', () => {
  it('are one line each on stderr, listed as not analysed, and the run goes on', async () => {
    const { run, tree } = await import('./helpers.js');
    const dir = tree({
      'a.js': 'try { run(); } catch {}\n',
      'denied.js': 'x',
      'denied-dir/b.js': 'x',
      'sub/.gitignore': 'x',
      'sub/denied/.gitignore': 'x',
    });
    const { code, stdout, stderr } = await run(['.', '-f', 'json'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n').sort()).toEqual([
      'bot-audit: cannot read denied-dir (EACCES); not analysed',
      'bot-audit: cannot read denied.js (EACCES); not analysed',
      `bot-audit: cannot read ${path.join('sub', 'denied')} (EACCES); not analysed`,
    ]);
    const report = JSON.parse(stdout) as import('../../src/cli/report.js').Report;
    expect(report.notAnalysed.map((item) => item.file).sort()).toEqual(['denied-dir', 'denied.js', 'sub/denied']);
    expect(report.findings).toHaveLength(1);
  });
});
