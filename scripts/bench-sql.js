// Measures the SQL rules on a generated file with 1,000 queries: `npm run build && node scripts/bench-sql.js`.
// Prints the lint time with and without the rules, and how many texts reached the parser (each
// distinct text is parsed once per process, however often it appears).
import console from 'node:console';
import { performance } from 'node:perf_hooks';

import * as parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';

import plugin from '../dist/index.js';
import { sqlParserCalls } from '../dist/analysis/sql/index.js';

/** 250 handlers × 4 queries; `distinct` decides how many different texts there are. */
function generate(distinct, salt) {
  const lines = ["import pg from 'pg';", 'const pool = new pg.Pool();'];
  for (let i = 0; i < 250; i++) {
    const t = `t${(i % (distinct / 4)) + salt}`;
    lines.push(
      `export async function handler${i}(id, price) {`,
      `  const { rows } = await pool.query('SELECT id, balance FROM ${t} WHERE user_id = $1', [id]);`,
      '  if (rows[0].balance < price) return;',
      `  await pool.query('UPDATE ${t} SET balance = balance - $1 WHERE id = $2', [price, rows[0].id]);`,
      `  await pool.query('INSERT INTO ${t}_log (user_id, amount) VALUES ($1, $2)', [id, price]);`,
      `  await pool.query(\`SELECT count(*) FROM ${t}_log WHERE user_id = \${id}\`);`,
      '}',
    );
  }
  return lines.join('\n');
}

const rules = { 'bot-audit/require-for-update': 'error', 'bot-audit/require-transaction': 'error' };
const config = (withRules) => [
  {
    files: ['**/*.ts'],
    languageOptions: { parser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { 'bot-audit': plugin },
    rules: withRules ? rules : {},
  },
];

function time(code, withRules) {
  const linter = new Linter({ configType: 'flat' });
  const start = performance.now();
  const messages = linter.verify(code, config(withRules), 'bench.ts');
  return { ms: performance.now() - start, reports: messages.length };
}

const results = [];
for (const [label, distinct, salt] of [
  ['1,000 queries, 1,000 distinct texts', 1000, 0],
  ['1,000 queries, 100 distinct texts', 100, 10_000],
]) {
  const code = generate(distinct, salt);
  time(code, false); // warm up the JavaScript parser
  const baseline = time(code, false);
  const before = sqlParserCalls();
  const cold = time(code, true);
  const parsed = sqlParserCalls() - before;
  const warm = time(code, true);
  results.push({
    file: label,
    'lint without SQL rules (ms)': baseline.ms.toFixed(0),
    'SQL rules, first file (ms)': (cold.ms - baseline.ms).toFixed(0),
    'texts parsed': parsed,
    'SQL rules, same texts again (ms)': (warm.ms - baseline.ms).toFixed(0),
    reports: cold.reports,
  });
}
console.table(results);
