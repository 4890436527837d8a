import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

/**
 * The imports of a file inside a model that reach into another model's private files: a path that
 * resolves into `src/analysis/<other>/` and names a file other than its `index.js`. (Specifiers
 * the rules read as data, `'../lib/prisma'` in a comment or string, name no model folder.)
 */
function crossModelPrivateImports(file: string, text: string): string[] {
  const [own] = relative(analysis, file).split(sep);
  const models = new Set(readdirSync(analysis));
  return importedPaths(text).filter((path) => {
    if (!path.startsWith('.')) return false;
    const [model, ...rest] = relative(analysis, resolve(dirname(file), path)).split(sep);
    return model !== own && models.has(model!) && !(rest.length === 1 && rest[0] === 'index.js');
  });
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

  it('lets one model import another only through its entry point', () => {
    const privateImports = sourceFiles(analysis).flatMap((file) =>
      crossModelPrivateImports(file, readFileSync(file, 'utf8')).map((path) => `${relative(src, file)}: ${path}`),
    );
    expect(privateImports).toEqual([]);
  });

  it('tells a cross-model import of a private file from an entry point and from the model\'s own files', () => {
    const file = join(analysis, 'framework', 'bots.ts');
    const text = [
      "import { isNullish } from '../http/values.js';",
      "import type { Lookup } from '../http/deadline.js';",
      "export { staticNumber } from '../ast/scope.js';",
      "type T = import('../stores/writers.js').WrittenFields;",
      "import { httpModelOf } from '../http/index.js';",
      "import { getFrameworkModel } from './model.js';",
      "import { AST_NODE_TYPES } from '@typescript-eslint/utils';",
      "// import { prisma } from '../lib/prisma';",
    ].join('\n');
    expect(crossModelPrivateImports(file, text)).toEqual(['../http/values.js', '../http/deadline.js', '../ast/scope.js', '../stores/writers.js']);
  });

  it('finds every kind of import the entry-point check reads', () => {
    const text = "import { a } from '../analysis/sql/calls.js';\nexport { b } from \"../analysis/http/values.js\";\ntype C = import('../analysis/framework/guards.js').C;\n";
    expect(importedPaths(text)).toEqual(['../analysis/sql/calls.js', '../analysis/http/values.js', '../analysis/framework/guards.js']);
  });
});
