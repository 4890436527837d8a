import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runsAtLeast } from '../../src/analysis/project/index.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-audit-versions-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A package declaring axios at `range`, with `files` beside its package.json; the path of a source file in it. */
function pkg(name: string, range: string | null, files: Record<string, string> = {}): string {
  const directory = path.join(root, name);
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ dependencies: range === null ? { grammy: '^1' } : { axios: range } }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), text);
  }
  return path.join(directory, 'src', 'api.js');
}
const installed = (version: string) => ({ 'node_modules/axios/package.json': JSON.stringify({ version }) });
const locked = (version: unknown) => ({ 'package-lock.json': JSON.stringify({ packages: { 'node_modules/axios': { version } } }) });
const MINIMUM = [1, 7, 4] as const;

describe('runsAtLeast', () => {
  it.each([
    ['the installed copy is newer', pkg('installed-new', '^1.6.2', installed('1.13.2'))],
    ['the installed copy is the minimum', pkg('installed-same', '^1.6.2', installed('1.7.4'))],
    ['the range starts above it, whatever the lockfile', pkg('bound', '^1.8.0', { 'yarn.lock': '' })],
    ['the lockfile pins a newer one', pkg('locked-new', '^1.6.2', locked('1.7.9'))],
    ['a caret range of its major and no lockfile', pkg('caret', '^1.6.2')],
  ])('true: %s', (_, file) => {
    expect(runsAtLeast(file, 'axios', MINIMUM)).toBe(true);
  });
  it.each([
    ['the installed copy is older', pkg('installed-old', '^1.6.2', installed('1.7.2'))],
    ['an installed copy without a version', pkg('installed-bad', '^1.6.2', { 'node_modules/axios/package.json': '[1]' })],
    ['the lockfile pins an older one', pkg('locked-old', '^1.6.2', locked('1.6.8'))],
    ['the lockfile does not say', pkg('locked-none', '^1.6.2', locked(null))],
    ['another lockfile', pkg('yarn', '^1.6.2', { 'yarn.lock': '' })],
    ['a tilde range below it', pkg('tilde', '~1.6.2')],
    ['an older major', pkg('major', '^0.27.2')],
    ['a range that says nothing', pkg('latest', 'latest')],
    ['not declared', pkg('undeclared', null)],
  ])('false: %s', (_, file) => {
    expect(runsAtLeast(file, 'axios', MINIMUM)).toBe(false);
  });
});
