import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { generateSqlHeavy } from '../../scripts/lib/corpus.js';
import { SOURCE_FILES } from '../../scripts/lib/lint.js';
import { referenceWork, walkWork } from '../../src/analysis/ast/index.js';
import { exclusiveWork } from '../../src/analysis/flow/index.js';
import { adminWork } from '../../src/analysis/framework/index.js';
import { contextPathWork } from '../../src/analysis/framework/context-paths.js';
import { markerWork } from '../../src/analysis/money/index.js';
import { flowWork } from '../../src/analysis/sql/index.js';
import plugin from '../../src/index.js';

// Work counts, not wall-clock time (`npm run bench` times the doubling of SQL strings): what the
// models do per SQL string must not grow with the number of strings in the file.

const root = path.join(import.meta.dirname, '../..');

interface Work {
  messages: Linter.LintMessage[];
  /** References scanned by the scope helpers (writes of a variable, members assigned). */
  references: number;
  /** Nodes walked by the models' walks. */
  walked: number;
  /** Later writes paired with a read by `require-for-update`. */
  pairs: number;
  contextPaths: number;
  /** Statements of statement lists scanned to tell whether two nodes are in exclusive branches. */
  exclusive: number;
  /** Statements of blocks scanned for an admin exit before a write. */
  admin: number;
}

/** Every rule, default options, on one handler with `count` queries. */
function lintQueries(count: number): Work {
  const linter = new Linter({ configType: 'flat' });
  const { all } = plugin.configs;
  const before = { references: referenceWork.scanned, walked: walkWork.nodes, pairs: flowWork.laterWrites, contextPaths: contextPathWork.resolved, exclusive: exclusiveWork.statementsScanned, admin: adminWork.statementsScanned };
  const messages = linter.verify(
    generateSqlHeavy(count),
    [
      { files: SOURCE_FILES, languageOptions: { parser: tsParser } },
      { files: SOURCE_FILES, plugins: all.plugins as never, rules: all.rules },
    ],
    path.join(root, 'queries.ts'),
  );
  return {
    messages,
    references: referenceWork.scanned - before.references,
    walked: walkWork.nodes - before.walked,
    pairs: flowWork.laterWrites - before.pairs,
    contextPaths: contextPathWork.resolved - before.contextPaths,
    exclusive: exclusiveWork.statementsScanned - before.exclusive,
    admin: adminWork.statementsScanned - before.admin,
  };
}

describe('SQL strings per file', () => {
  // 2,000 queries in one handler once cost 3.75× the rules' time of 1,000 (bench, load 4): every
  // query re-scanned the references of `pool` / `db` (is the object mutated? written once?), and
  // every unlocked SELECT was paired with every later statement of the function; every parsed
  // `Number(amount)` rescanned all references of `amount` for its writes. 4× the queries
  // must cost about 4× the work, not 16×.
  it('does work linear in the number of SQL strings in one function', () => {
    const small = lintQueries(500);
    const large = lintQueries(2_000);
    for (const run of [small, large]) {
      expect(run.messages.filter((m) => m.fatal)).toEqual([]);
      expect(run.references).toBeGreaterThan(0);
      expect(run.walked).toBeGreaterThan(0);
    }
    // Behaviour scales with the input (same generator, same seed: the first 500 queries are shared).
    expect(large.messages.length).toBeGreaterThan(3.5 * small.messages.length);
    expect(large.references / small.references).toBeLessThan(4.5);
    expect(large.walked / small.walked).toBeLessThan(4.5);
    expect(large.contextPaths / Math.max(1, small.contextPaths)).toBeLessThan(4.5);
    // A statement list is indexed once (positions of its exits, of its admin exits), not scanned
    // again for every pair of statements asked about: each transaction lookup after a `COMMIT`
    // (sql/flow) and each write's admin-guard check (require-for-update) scanned the whole handler.
    expect(large.exclusive).toBeGreaterThan(0);
    expect(large.exclusive / Math.max(1, small.exclusive)).toBeLessThan(4.5);
    expect(large.admin).toBeGreaterThan(0);
    expect(large.admin / Math.max(1, small.admin)).toBeLessThan(4.5);
    // Reads whose result is never used are paired with no write at all; the rest only with later
    // writes of a table they read.
    expect(large.pairs).toBeLessThanOrEqual(4.5 * Math.max(1, small.pairs));
  });

  // Each INSERT once scanned every statement of its function before it for a SELECT by a text marker
  // (`WHERE description = 'Transaction: ' || $1`), copying that list first: quadratic in the
  // statements of one function. The lookups are listed once per function; an INSERT compares only them.
  it('compares each INSERT with the marker lookups before it, not with every earlier statement', () => {
    const linter = new Linter({ configType: 'flat' });
    const file = (n: number): string =>
      [
        "import pg from 'pg';",
        'const pool = new pg.Pool();',
        'export async function credit(userId: number, chargeId: string, amount: number) {',
        `  const { rows } = await pool.query("SELECT id FROM transactions WHERE description = 'Transaction: ' || $1", [chargeId]);`,
        '  if (rows.length > 0) return;',
        ...Array.from({ length: n }, () => `  await pool.query("INSERT INTO transactions (user_id, amount, description) VALUES ($1, $2, 'Transaction: ' || $3)", [userId, amount, chargeId]);`),
        '}',
      ].join('\n');
    const run = (n: number) => {
      const before = markerWork.compared;
      const messages = linter.verify(
        file(n),
        [
          { files: SOURCE_FILES, languageOptions: { parser: tsParser } },
          { files: SOURCE_FILES, plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/require-on-conflict': 'error' as const } },
        ],
        path.join(root, 'credit.ts'),
      );
      return { messages, compared: markerWork.compared - before };
    };
    const small = run(250);
    const large = run(1_000);
    // Behaviour: every INSERT is keyed by the looked-up marker column and reported.
    expect(large.messages.filter((m) => m.fatal)).toEqual([]);
    expect(large.messages).toHaveLength(1_000);
    expect(large.messages.every((m) => m.message.includes('ON CONFLICT (description)'))).toBe(true);
    // One lookup before each INSERT: one comparison each (the scan was ~n²/2 statements).
    expect(small.compared).toBe(250);
    expect(large.compared).toBe(1_000);
  });
});
