import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const analysis = join(import.meta.dirname, '../../src/analysis');
const rules = join(import.meta.dirname, '../../src/rules');

describe('src/analysis layout', () => {
  it('has no loose files: every model is a folder', () => {
    const loose = readdirSync(analysis).filter((name) => !statSync(join(analysis, name)).isDirectory());
    expect(loose).toEqual([]);
  });

  it('gives every model folder an index.ts entry point', () => {
    const folders = readdirSync(analysis).filter((name) => statSync(join(analysis, name)).isDirectory());
    expect(folders.filter((folder) => !readdirSync(join(analysis, folder)).includes('index.ts'))).toEqual([]);
  });

  it('lets rules import models only through their entry points', () => {
    const privateImports = readdirSync(rules).flatMap((file) =>
      [...readFileSync(join(rules, file), 'utf8').matchAll(/from '\.\.\/analysis\/([^']+)'/g)]
        .map((match) => match[1]!)
        .filter((path) => !/^[a-z-]+\/index\.js$/.test(path))
        .map((path) => `${file}: ${path}`),
    );
    expect(privateImports).toEqual([]);
  });
});
