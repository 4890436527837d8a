import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { createRandom, generateDeepNesting, generateFile } from '../../scripts/lib/corpus.js';
import { SOURCE_FILES } from '../../scripts/lib/lint.js';
import plugin from '../../src/index.js';

const root = path.join(import.meta.dirname, '../..');
const dist = path.join(root, 'dist/index.js');

/** Every rule, default options, no type information: what a plain-JavaScript user runs. */
function lintAll(code: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  const { all } = plugin.configs;
  return linter.verify(
    code,
    [
      { files: SOURCE_FILES, languageOptions: { parser: tsParser } },
      { files: SOURCE_FILES, plugins: all.plugins as never, rules: all.rules },
    ],
    path.join(root, 'stress.ts'),
  );
}

describe('stress', () => {
  it('lints a 50,000-line file', () => {
    const code = generateFile(createRandom(50), { lines: 50_000 });
    expect(code.split('\n').length).toBeGreaterThan(50_000);
    const messages = lintAll(code);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages.length).toBeGreaterThan(0);
  }, 120_000);

  it('lints 200-deep nesting on the default stack (the parser itself overflows near 260)', () => {
    const messages = lintAll(generateDeepNesting(200));
    expect(messages.filter((m) => m.fatal)).toEqual([]);
  });

  // typescript-estree and ESLint's traverser are recursive: 500 levels need more than Node's default
  // ~1 MB stack before any rule runs. A worker with a larger stack shows that our rules (iterative
  // walkers) finish there too.
  it.skipIf(!existsSync(dist))('lints 500-deep nesting in a worker with a 32 MB stack (needs `npm run build`)', async () => {
    const code = generateDeepNesting(500);
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const { Linter } = await import('eslint');
        const tsParser = await import('@typescript-eslint/parser');
        const plugin = (await import(workerData.dist)).default;
        const linter = new Linter({ configType: 'flat' });
        const files = ['**/*.ts'];
        const messages = linter.verify(workerData.code, [
          { files, languageOptions: { parser: tsParser } },
          { files, plugins: plugin.configs.all.plugins, rules: plugin.configs.all.rules },
        ], workerData.filename);
        parentPort.postMessage({ fatal: messages.filter((m) => m.fatal).map((m) => m.message), count: messages.length });
      })().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));`,
      { eval: true, workerData: { code, dist: pathToFileURL(dist).href, filename: path.join(root, 'deep.ts') }, resourceLimits: { stackSizeMb: 32 } },
    );
    const result = await new Promise<{ error?: string; fatal?: string[]; count?: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result.error).toBeUndefined();
    expect(result.fatal).toEqual([]);
  }, 120_000);
});
