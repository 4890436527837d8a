import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');
const script = path.join(root, 'scripts/release-branch.js');
const exec = promisify(execFile);
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.invalid',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

/** A package repository like this one: dist/ is git-ignored and built by a lifecycle script. */
function packageRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bot-audit-release-'));
  dirs.push(dir);
  const pkg = {
    name: 'demo-plugin',
    version: '1.2.3',
    files: ['dist'],
    bin: { demo: 'dist/cli.js' },
    scripts: { build: 'tsc', prepack: 'npm run build', prepare: 'npm run build' },
    dependencies: { ignore: '^7.0.0' },
    devDependencies: { typescript: '~6.0.3' },
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(path.join(dir, '.gitignore'), 'dist/\n');
  git(dir, 'init', '--quiet');
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'init');
  mkdirSync(path.join(dir, 'dist'));
  writeFileSync(path.join(dir, 'dist/cli.js'), '#!/usr/bin/env node\n');
  return dir;
}

describe('release commit for git installs (scripts/release-branch.js)', () => {
  it('commits HEAD + the built dist/ + the stripped package.json on the branch, leaving the checkout alone', async () => {
    const dir = packageRepo();
    const head = git(dir, 'rev-parse', 'HEAD');
    const { stdout } = await exec(process.execPath, [script, '--no-build', '--branch', 'hook', '--tag', 'v1.2.3-hook'], { cwd: dir, env });
    const commit = stdout.trim();
    expect(git(dir, 'rev-parse', 'hook')).toBe(commit);
    expect(git(dir, 'rev-parse', 'v1.2.3-hook^{commit}')).toBe(commit);
    expect(git(dir, 'ls-tree', '-r', '--name-only', commit).split('\n').sort()).toEqual(['.gitignore', 'dist/cli.js', 'package.json']);
    const released = JSON.parse(git(dir, 'show', `${commit}:package.json`)) as Record<string, unknown>;
    expect(released.scripts).toBeUndefined();
    expect(released.devDependencies).toBeUndefined();
    expect(released.dependencies).toEqual({ ignore: '^7.0.0' });
    expect(git(dir, 'log', '-1', '--format=%s', commit)).toContain(head);
    // The checkout is untouched: same branch, same HEAD, nothing staged.
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');

    // The next release builds on the previous one: the branch only moves forward.
    const next = (await exec(process.execPath, [script, '--no-build', '--branch', 'hook'], { cwd: dir, env })).stdout.trim();
    expect(git(dir, 'rev-parse', `${next}^`)).toBe(commit);
  });

  it('`npm pack` in a checkout of the release commit prints only the tarball name (what pre-commit 3 reads)', async () => {
    const dir = packageRepo();
    const commit = (await exec(process.execPath, [script, '--no-build'], { cwd: dir, env })).stdout.trim();
    const checkout = mkdtempSync(path.join(tmpdir(), 'bot-audit-release-checkout-'));
    dirs.push(checkout);
    git(checkout, 'clone', '--quiet', dir, '.');
    git(checkout, 'checkout', '--quiet', commit);
    const { stdout } = await exec('npm', ['pack', '--dry-run'], { cwd: checkout, env });
    expect(stdout).toBe('demo-plugin-1.2.3.tgz\n');
  });

  it('refuses to release uncommitted changes', async () => {
    const dir = packageRepo();
    writeFileSync(path.join(dir, 'package.json'), '{}\n');
    await expect(exec(process.execPath, [script, '--no-build'], { cwd: dir, env })).rejects.toThrow(/uncommitted changes/);
  });
});

// The whole path a user takes: pre-commit clones the release commit, installs it and blocks a bad
// commit. Takes one to two minutes and fetches the hook's dependencies with npm, so it runs only
// when asked (BOT_AUDIT_TEST_PRE_COMMIT=1) and pre-commit is installed. Same as running
// scripts/test-pre-commit-hook.sh.
const preCommit = process.env.BOT_AUDIT_PRE_COMMIT ?? 'pre-commit';
const preCommitInstalled = spawnSync(preCommit, ['--version']).status === 0;
describe.skipIf(!preCommitInstalled || process.env.BOT_AUDIT_TEST_PRE_COMMIT !== '1')('the remote pre-commit hook', () => {
  it('installs from the release commit, blocks a commit with a finding and passes the fixed one', async () => {
    const { stdout } = await exec(path.join(root, 'scripts/test-pre-commit-hook.sh'), [preCommit], { cwd: root, env });
    expect(stdout).toContain('blocked: the commit with an unlocked read-check-write');
    expect(stdout).toContain('passed: the commit of the fixed file');
  }, 600_000);
});
