#!/usr/bin/env node
// Makes the commit that git-based installs (pre-commit's `language: node` hook, `npm i git+…`) can
// install: the tree of HEAD plus the built `dist/`, and a package.json without `scripts` and
// `devDependencies`. Such an install then runs no build: no TypeScript, no dev dependencies, and no
// lifecycle output on stdout (pre-commit 3 reads the tarball name from `npm pack`'s stdout).
//
//   node scripts/release-branch.js [--branch release] [--tag NAME] [--no-build]
//
// The commit goes on `--branch` (created if missing; its previous tip becomes the parent, so the
// branch only moves forward) and optionally gets a tag. The working tree, the index and the current
// branch are left untouched. Prints the new commit's id. pre-commit users then point at it:
//
//   repos:
//     - repo: https://github.com/bot-audit/eslint-plugin-bot-audit
//       rev: <the tag or commit>
//       hooks: [{ id: bot-audit }]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * package.json as installed from git: no lifecycle scripts (nothing to build, nothing printed) and
 * no dev dependencies (pre-commit installs them otherwise).
 * @param {Record<string, unknown>} pkg
 */
function releasePackageJson(pkg) {
  return Object.fromEntries(Object.entries(pkg).filter(([key]) => key !== 'scripts' && key !== 'devDependencies'));
}

/** @param {string[]} args @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [options] */
function git(args, options = {}) {
  return execFileSync('git', args, { encoding: 'utf8', cwd: options.cwd, env: options.env ?? process.env }).trim();
}

/** @param {string[]} argv */
function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      branch: { type: 'string', default: 'release' },
      tag: { type: 'string' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: node scripts/release-branch.js [--branch release] [--tag NAME] [--no-build]\n');
    return;
  }
  const root = git(['rev-parse', '--show-toplevel']);
  const head = git(['rev-parse', 'HEAD'], { cwd: root });
  if (git(['status', '--porcelain', '--untracked-files=no'], { cwd: root }) !== '') {
    process.stderr.write('release-branch: uncommitted changes; dist/ would not match the commit it is released from. Commit or stash them first.\n');
    process.exitCode = 1;
    return;
  }
  if (!values['no-build']) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

  const pkg = /** @type {Record<string, unknown>} */ (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
  const scratch = mkdtempSync(path.join(tmpdir(), 'bot-audit-release-'));
  try {
    // A private index: HEAD's tree, plus dist/ (git-ignored on main), plus the release package.json.
    const env = { ...process.env, GIT_INDEX_FILE: path.join(scratch, 'index') };
    git(['read-tree', head], { cwd: root, env });
    git(['add', '--force', '--', 'dist'], { cwd: root, env });
    const manifest = path.join(scratch, 'package.json');
    writeFileSync(manifest, `${JSON.stringify(releasePackageJson(pkg), null, 2)}\n`);
    const blob = git(['hash-object', '-w', manifest], { cwd: root });
    git(['update-index', '--cacheinfo', `100644,${blob},package.json`], { cwd: root, env });
    const tree = git(['write-tree'], { cwd: root, env });

    const ref = `refs/heads/${values.branch}`;
    let parent = '';
    try {
      parent = git(['rev-parse', '--verify', '--quiet', ref], { cwd: root });
    } catch {
      // A new branch: the release commit has no parent.
    }
    const message = `release: ${String(pkg.name)} ${String(pkg.version)} with dist/ (built from ${head})`;
    const commit = git(['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], { cwd: root });
    git(['update-ref', ref, commit, ...(parent ? [parent] : [])], { cwd: root });
    if (values.tag) git(['tag', values.tag, commit], { cwd: root });
    process.stdout.write(`${commit}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
