import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { walkWork } from '../../src/analysis/ast/index.js';
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

describe('no-unguarded-decrement scaling', () => {
  // A walk of the function per kept result was quadratic (~4 s at 600). Counted, not timed
  // (`npm run bench` times it): 4× the decrements must cost about 4× the walking, not 16×.
  it('checks kept Prisma results in one function with work linear in the file', () => {
    const linter = new Linter({ configType: 'flat' });
    const filename = path.join(root, 'scaling.ts');
    const withRule = [
      { files, languageOptions: { parser: tsParser } },
      { files, plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/no-unguarded-decrement': 'error' as const } },
    ];
    const run = (n: number) => {
      const before = walkWork.nodes;
      const messages = linter.verify(prismaDecrements(n), withRule, filename);
      return { messages, nodes: walkWork.nodes - before };
    };
    const small = run(150);
    const large = run(600);
    // Behaviour: every decrement but the checked `r7` is reported.
    expect(large.messages.filter((m) => m.fatal)).toEqual([]);
    expect(large.messages).toHaveLength(599);
    expect(large.messages.some((m) => m.line === 3 + 8)).toBe(false);
    expect(small.nodes).toBeGreaterThan(0);
    expect(large.nodes / small.nodes).toBeLessThan(4.5);
  });
});
