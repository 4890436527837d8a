import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '../../src');
const analysis = join(src, 'analysis');

/** The TypeScript files below `dir`, subfolders included. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return name.endsWith('.ts') ? [file] : [];
  });
}

/** The specifiers of a file's imports and re-exports (`from '…'`) and of its `import('…')` (a type's or a dynamic one). */
function importedPaths(text: string): string[] {
  return [...text.matchAll(/\bfrom\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2]!);
}

describe('src/analysis layout', () => {
  it('has no loose files: every model is a folder', () => {
    const loose = readdirSync(analysis).filter((name) => !statSync(join(analysis, name)).isDirectory());
    expect(loose).toEqual([]);
  });

  it('gives every model folder an index.ts entry point', () => {
    const folders = readdirSync(analysis).filter((name) => statSync(join(analysis, name)).isDirectory());
    expect(folders.filter((folder) => !readdirSync(join(analysis, folder)).includes('index.ts'))).toEqual([]);
  });

  it('lets code outside the models (rules, the CLI, utilities) import a model only through its entry point', () => {
    const privateImports = sourceFiles(src)
      .filter((file) => !file.startsWith(analysis))
      .flatMap((file) =>
        importedPaths(readFileSync(file, 'utf8'))
          .filter((path) => /(?:^|\/)analysis\//.test(path) && !/(?:^|\/)analysis\/[a-z-]+\/index\.js$/.test(path))
          .map((path) => `${relative(src, file)}: ${path}`),
      );
    expect(privateImports).toEqual([]);
  });

  it('finds every kind of import the entry-point check reads', () => {
    const text = "import { a } from '../analysis/sql/calls.js';\nexport { b } from \"../analysis/http/values.js\";\ntype C = import('../analysis/framework/guards.js').C;\n";
    expect(importedPaths(text)).toEqual(['../analysis/sql/calls.js', '../analysis/http/values.js', '../analysis/framework/guards.js']);
  });
});
