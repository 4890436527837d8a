import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { run, tree, GATED_FINDING } from './helpers.js';

const hasMkfifo = ((): boolean => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('-o to a target that is not a plain file', () => {
  it('a symbolic link keeps pointing at the report, which is replaced', async () => {
    const dir = tree({ 'a.js': GATED_FINDING });
    mkdirSync(path.join(dir, 'reports'));
    writeFileSync(path.join(dir, 'reports', 'latest.json'), 'the old report');
    symlinkSync(path.join('reports', 'latest.json'), path.join(dir, 'report.json'));
    // --fail-on P2: the finding is P2 since round 34 (low precision), and the report of a failing run is written too.
    expect((await run(['a.js', '-f', 'json', '-o', 'report.json', '--fail-on', 'P2'], { cwd: dir })).code).toBe(1);
    expect(lstatSync(path.join(dir, 'report.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'reports', 'latest.json'), 'utf8'))).toMatchObject({ summary: { findings: 1 } });
    expect(readdirSync(path.join(dir, 'reports'))).toEqual(['latest.json']);
  });

  it.runIf(hasMkfifo)('a named pipe (as /dev/null or /dev/stdout) is written in place, never replaced by a file', async () => {
    const dir = tree({ 'a.js': GATED_FINDING });
    const fifo = path.join(dir, 'report.pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let received = '';
    reader.stdout.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    const closed = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    try {
      // --fail-on P2, as above: the run fails and still writes the pipe.
      const { code, stderr } = await run(['a.js', '-f', 'json', '-o', 'report.pipe', '--fail-on', 'P2'], { cwd: dir });
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(statSync(fifo).isFIFO()).toBe(true);
      await closed;
      expect(JSON.parse(received)).toMatchObject({ summary: { findings: 1 } });
      expect(readdirSync(dir).sort()).toEqual(['a.js', 'report.pipe']);
    } finally {
      reader.kill();
    }
  });
});
