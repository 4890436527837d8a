import type * as fs from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it, vi } from 'vitest';

// Running as root reads and writes every file whatever its mode, so unreadable and read-only paths
// are simulated: a path with "denied" cannot be read, one with "readonly" cannot be written.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const denied = (target: unknown): boolean => String(target).includes('denied');
  const readOnly = (target: unknown): boolean => String(target).includes('readonly');
  const fail = (code = 'EACCES'): never => {
    throw Object.assign(new Error('permission denied'), { code });
  };
  return {
    ...actual,
    readFileSync: ((target: fs.PathOrFileDescriptor, options?: unknown) =>
      denied(target) ? fail() : actual.readFileSync(target, options as BufferEncoding)) as typeof fs.readFileSync,
    readdirSync: ((target: fs.PathLike, options?: unknown) =>
      denied(target) ? fail() : actual.readdirSync(target, options as { withFileTypes: true })) as typeof fs.readdirSync,
    accessSync: ((target: fs.PathLike, mode?: number) =>
      readOnly(target) && mode === actual.constants.W_OK ? fail() : actual.accessSync(target, mode)) as typeof fs.accessSync,
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
    const { code, stdout, stderr } = await run(['.', '-f', 'json', '--rules', 'all'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n').sort()).toEqual([
      'bot-audit: not analysed: denied-dir: cannot read (EACCES)',
      'bot-audit: not analysed: denied.js: cannot read (EACCES)',
      'bot-audit: not analysed: sub/denied: cannot read (EACCES)',
    ]);
    const report = JSON.parse(stdout) as import('../../src/cli/report.js').Report;
    expect(report.notAnalysed.map((item) => item.file).sort()).toEqual(['denied-dir', 'denied.js', 'sub/denied']);
    expect(report.findings).toHaveLength(1);
  });

  it('fail the gate even without findings, unless --allow-unanalysed', async () => {
    const { run, tree } = await import('./helpers.js');
    const dir = tree({ 'a.js': 'export const a = 1;\n', 'denied.js': 'x' });
    const closed = await run(['.'], { cwd: dir });
    expect(closed.code).toBe(1);
    expect(closed.stdout).toContain('Not analysed (1)\n  denied.js  cannot read (EACCES)');
    expect(closed.stdout).toContain('bot-audit: 1 file, 1 line audited (1 not analysed): no findings in what was analysed.');
    expect(closed.stdout).toContain('Fails the gate: 1 file not analysed (--allow-unanalysed accepts what was not analysed).');
    const relaxed = await run(['.', '--allow-unanalysed', '-f', 'markdown'], { cwd: dir });
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toContain('| Verdict | ✅ passes the P1 gate (files not analysed accepted with `--allow-unanalysed`) |');
    expect(relaxed.stdout).toContain('| `denied.js` | cannot read (EACCES) |');
    // The valid twin: everything readable passes.
    const clean = tree({ 'a.js': 'export const a = 1;\n' });
    expect((await run(['.'], { cwd: clean })).code).toBe(0);
  });
});

describe('--fix with a file that cannot be written', () => {
  it('changes no file at all and says which one, exit 2', async () => {
    const { run, tree } = await import('./helpers.js');
    const config = 'export default [{ rules: { "prefer-const": "error" } }];\n';
    const dir = tree({ 'eslint.config.js': config, 'a.js': 'let x = 1;\nconsole.log(x);\n', 'readonly.js': 'let y = 1;\nconsole.log(y);\n' });
    const { code, stderr } = await run(['.', '--config', 'eslint.config.js', '--fix'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe('bot-audit: --fix cannot write readonly.js; no file was changed\n');
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe('let x = 1;\nconsole.log(x);\n');
    // The valid twin: every file writable, the fix is applied.
    const writable = tree({ 'eslint.config.js': config, 'a.js': 'let x = 1;\nconsole.log(x);\n' });
    expect((await run(['.', '--config', 'eslint.config.js', '--fix'], { cwd: writable })).code).toBe(0);
    expect(readFileSync(path.join(writable, 'a.js'), 'utf8')).toBe('const x = 1;\nconsole.log(x);\n');
  });
});
