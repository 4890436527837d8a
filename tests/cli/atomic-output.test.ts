import type * as fs from 'node:fs';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { beforeEach, describe, expect, it, vi } from 'vitest';

// Every call that could write a file is recorded; rename can be made to fail, as a run killed (or a
// disk filled) just before it would.
const calls: { name: string; target: string }[] = [];
const state = { failRename: false };
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const record =
    <F extends (...args: never[]) => unknown>(name: string, original: F): F =>
    ((...args: Parameters<F>) => {
      calls.push({ name, target: String(args[0]) });
      return original(...args);
    }) as F;
  return {
    ...actual,
    writeFileSync: record('writeFileSync', actual.writeFileSync),
    openSync: record('openSync', actual.openSync),
    appendFileSync: record('appendFileSync', actual.appendFileSync),
    truncateSync: record('truncateSync', actual.truncateSync),
    renameSync: ((from: fs.PathLike, to: fs.PathLike) => {
      calls.push({ name: 'renameSync', target: String(to) });
      if (state.failRename) throw Object.assign(new Error('killed'), { code: 'EINTR' });
      actual.renameSync(from, to);
    }) as typeof fs.renameSync,
  };
});

beforeEach(() => {
  calls.length = 0;
  state.failRename = false;
});

describe('-o is written to a temporary file and renamed over the report', () => {
  it('rename is the only write to the report file', async () => {
    const { run, tree, GATED_FINDING } = await import('./helpers.js');
    const dir = tree({ 'a.js': GATED_FINDING });
    const report = path.join(dir, 'report.json');
    writeFileSync(report, 'the old report');
    calls.length = 0;
    // --fail-on P2: the finding is P2 since round 34 (low precision), and the report of a failing run is written too.
    expect((await run(['a.js', '-f', 'json', '-o', 'report.json', '--fail-on', 'P2'], { cwd: dir })).code).toBe(1);
    expect(calls.filter((call) => call.target === report)).toEqual([{ name: 'renameSync', target: report }]);
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({ summary: { findings: 1 } });
    expect(readdirSync(dir).sort()).toEqual(['a.js', 'report.json']);
  });

  it('a run stopped before the rename leaves the old report whole, and no temporary file', async () => {
    const { run, tree } = await import('./helpers.js');
    const dir = tree({ 'a.js': 'try { run(); } catch {}\n' });
    const report = path.join(dir, 'report.json');
    writeFileSync(report, 'the old report');
    state.failRename = true;
    const { code, stderr } = await run(['a.js', '-f', 'json', '-o', 'report.json'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toBe('bot-audit: cannot write report.json (EINTR); the previous report, if any, is unchanged\n');
    expect(readFileSync(report, 'utf8')).toBe('the old report');
    expect(readdirSync(dir).sort()).toEqual(['a.js', 'report.json']);
  });
});
