import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { isFrontendManifest, manifestWork, nearestManifest, rangeCeiling } from '../../src/analysis/ast/index.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-audit-manifest-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(directory: string, dependencies: Record<string, string>, mtime: number): void {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, 'package.json');
  fs.writeFileSync(file, JSON.stringify({ dependencies }));
  fs.utimesSync(file, mtime, mtime);
}

describe('nearestManifest / isFrontendManifest', () => {
  it('reads the nearest package.json once while it is unchanged, again when it changes', () => {
    const app = path.join(root, 'app');
    write(app, { vite: '^5', 'react-dom': '^18' }, 1_000_000);
    const file = path.join(app, 'src', 'deep', 'store.ts');
    const before = manifestWork.reads;
    expect(isFrontendManifest(nearestManifest(file)!)).toBe(true);
    expect(isFrontendManifest(nearestManifest(file)!)).toBe(true);
    expect(manifestWork.reads - before).toBe(1);
    // The same process sees an edit: a server dependency added makes it a full-stack package.
    write(app, { vite: '^5', 'react-dom': '^18', express: '^4' }, 2_000_000);
    expect(isFrontendManifest(nearestManifest(file)!)).toBe(false);
    expect(manifestWork.reads - before).toBe(2);
  });

  it('is not a front end without a front-end dependency, or with a bot framework or Next.js', () => {
    for (const [name, dependencies] of [
      ['bot', { telegraf: '^4' }],
      ['next', { next: '^15', 'react-dom': '^19' }],
      ['mixed', { grammy: '^1', react: '^18', 'react-dom': '^18' }],
    ] as const) {
      write(path.join(root, name), dependencies, 1_000_000);
      expect(isFrontendManifest(nearestManifest(path.join(root, name, 'index.ts'))!)).toBe(false);
    }
  });
});

describe('rangeCeiling', () => {
  it.each([
    ['12.x', 12],
    ['12.9.0', 12],
    ['v14', 14],
    ['^14.17.0', 14],
    ['~12.9', 12],
    ['>=10 <15', 14],
    ['>= 10 < 14.5', 14],
    ['<=13', 13],
    ['10 - 12.4', 12],
    ['12.x || 16.x', 16],
    ['>=12', Infinity],
    ['*', Infinity],
    ['', Infinity],
    ['^20.19.0 || ^22.13.0 || >=24', Infinity],
    ['lts', null],
  ])('%s', (range, ceiling) => {
    expect(rangeCeiling(range)).toBe(ceiling);
  });
});
