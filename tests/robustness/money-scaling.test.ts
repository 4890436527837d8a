import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { walkWork } from '../../src/analysis/ast/index.js';
import { holdWork, stretchWork } from '../../src/analysis/money/index.js';
import plugin from '../../src/index.js';

import { isolatedProjectRoot } from './isolated-project.js';

// Linted as files of a project of their own: the project-wide models must not read this repository.
const root = isolatedProjectRoot('money-scaling');
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
    const linter = new Linter({ configType: 'flat', cwd: root });
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

/** `no-unguarded-decrement` alone on `code`: its messages and how much `work` grew. */
function lintDecrements(code: string, work: () => number): { messages: Linter.LintMessage[]; work: number } {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const config = [
    { files, languageOptions: { parser: tsParser } },
    { files, plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/no-unguarded-decrement': 'error' as const } },
  ];
  const before = work();
  const messages = linter.verify(code, config, path.join(root, 'decrements.ts'));
  return { messages, work: work() - before };
}

describe('no-unguarded-decrement: per-decrement searches of the SQL model', () => {
  // Each release of a hold scanned every statement before it for the claim (a SELECT … FOR UPDATE
  // of the row in a state), and for each claim every statement after it for the write that moves
  // the row on: releases × statements. Claims are listed once per function and whether a claim's
  // row is moved on is asked once per claim.
  it('compares each hold release with the claims before it, not with every statement', () => {
    const file = (n: number): string =>
      [
        "import pg from 'pg';",
        'const pool = new pg.Pool();',
        'export async function reject(id: number) {',
        '  const client = await pool.connect();',
        "  await client.query('BEGIN');",
        `  const res = await client.query("SELECT user_id, amount FROM withdrawals WHERE id = $1 AND status = 'pending' FOR UPDATE", [id]);`,
        '  const { user_id, amount } = res.rows[0];',
        ...Array.from({ length: n }, () => "  await client.query('UPDATE users SET locked_balance = locked_balance - $1 WHERE id = $2', [amount, user_id]);"),
        `  await client.query("UPDATE withdrawals SET status = 'rejected' WHERE id = $1", [id]);`,
        "  await client.query('COMMIT');",
        '}',
      ].join('\n');
    const small = lintDecrements(file(100), () => holdWork.statementsScanned);
    const large = lintDecrements(file(400), () => holdWork.statementsScanned);
    // Behaviour: every release is of the claimed row's own amount and user.
    for (const run of [small, large]) expect(run.messages).toEqual([]);
    expect(small.work).toBeGreaterThan(100);
    expect(large.work / small.work).toBeLessThan(4.5);
  });

  // Each decrement in a synchronous function (better-sqlite3) scanned every SQL statement of the
  // file for a SELECT in its own function: decrements × statements. The SELECTs are indexed by
  // function once per file.
  it('looks for a read in one synchronous stretch among the SELECTs of the decrement\'s own function', () => {
    const file = (n: number): string =>
      [
        "import Database from 'better-sqlite3';",
        "const db = new Database('bot.db');",
        ...Array.from({ length: n }, (_, i) =>
          [
            `export function spend${i}(id: number, price: number) {`,
            "  const row = db.prepare('SELECT coins FROM users WHERE id = ?').get(id);",
            "  if (row.coins < price) throw new Error('not enough');",
            "  db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(price, id);",
            '}',
            `export function take${i}(id: number, price: number) {`,
            "  db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(price, id);",
            '}',
          ].join('\n'),
        ),
      ].join('\n');
    const small = lintDecrements(file(100), () => stretchWork.selectsCompared);
    const large = lintDecrements(file(400), () => stretchWork.selectsCompared);
    // Behaviour: the checked decrement is not reported, the unchecked one is.
    expect(small.messages).toHaveLength(100);
    expect(large.messages).toHaveLength(400);
    expect(small.work).toBeGreaterThan(0);
    expect(large.work / small.work).toBeLessThan(4.5);
  });
});
