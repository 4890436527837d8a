import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src/index.js';

const root = path.join(import.meta.dirname, '../..');
const files = ['**/*.ts'];

/** N Prisma decrements whose results are kept, in one function: each result check once read the whole function. */
function prismaDecrements(n: number): string {
  const writes = Array.from(
    { length: n },
    (_, i) => `  const r${i} = await prisma.user.update({ where: { id }, data: { balance: { decrement: 10 } } });`,
  );
  return [
    "import { PrismaClient } from '@prisma/client';",
    'const prisma = new PrismaClient();',
    'export async function spend(id: number) {',
    ...writes,
    "  if (r7.balance < 0) throw new Error('overdrawn');",
    '}',
    '',
  ].join('\n');
}

/** The fastest of a few runs, in ms: the least disturbed by a loaded machine. */
function fastest(run: () => void, times = 2): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('no-unguarded-decrement scaling', () => {
  it('checks 600 kept Prisma results in one function in time linear in the file', () => {
    const code = prismaDecrements(600);
    const linter = new Linter({ configType: 'flat' });
    const filename = path.join(root, 'scaling.ts');
    const parseOnly = [{ files, languageOptions: { parser: tsParser } }];
    const withRule = [...parseOnly, { files, plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/no-unguarded-decrement': 'error' as const } }];

    const messages = linter.verify(code, withRule, filename);
    // Behaviour: every decrement but the checked `r7` is reported.
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    expect(messages).toHaveLength(599);
    expect(messages.some((m) => m.line === 3 + 8)).toBe(false);

    const parse = fastest(() => linter.verify(code, parseOnly, filename));
    const rule = fastest(() => linter.verify(code, withRule, filename));
    // A walk of the function per result (quadratic) took ~4 s at 600; linear costs about one more parse.
    expect(rule - parse).toBeLessThan(Math.max(2_000, 4 * parse));
  });
});
