import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { fileIndex, fileIndexWork, moduleWork, walkWork } from '../../src/analysis/ast/index.js';
import plugin from '../../src/index.js';

// Work counts, not wall-clock time: the models share one walk of each file (ast/file-index.ts).

const root = path.join(import.meta.dirname, '../..');

const SQL_FILE = `import { Pool } from 'pg';
import axios from 'axios';
import { Bot } from 'grammy';
const pool = new Pool();
const bot = new Bot('t');
bot.command('pay', async (ctx) => {
  const { rows } = await pool.query('SELECT balance FROM wallets WHERE user_id = $1', [ctx.from?.id]);
  if (rows[0].balance < 10) return;
  await pool.query('UPDATE wallets SET balance = balance - 10 WHERE user_id = $1', [ctx.from?.id]);
  await pool.query('INSERT INTO payments (user_id, amount) VALUES ($1, 10)', [ctx.from?.id]);
  try {
    await axios.get('https://example.com/' + String(ctx.from?.id));
  } catch (error) {
    console.log(error);
  }
});
`;

const RULES = [
  'no-unguarded-decrement',
  'require-on-conflict',
  'require-for-update',
  'require-transaction',
  'require-http-timeout',
  'require-response-check',
  'no-swallowed-error',
];

function lint(rules: string[], code: string): { walks: number; nodes: number; messages: string[] } {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: Object.fromEntries(rules.map((rule) => [`bot-audit/${rule}`, 'error'])) },
  ];
  const walks = fileIndexWork.walks;
  const nodes = walkWork.nodes;
  const messages = linter.verify(code, config, path.join(root, 'index.ts')).map((m) => `${m.line}:${m.ruleId ?? ''}`);
  return { walks: fileIndexWork.walks - walks, nodes: walkWork.nodes - nodes, messages };
}

describe('fileIndex', () => {
  it('lists the nodes of each type in source order, outer before inner, and is built once per program', () => {
    const program = parse('f(g(1)); const x = h(`a${i(2)}`);', { range: true });
    const walks = fileIndexWork.walks;
    const index = fileIndex(program);
    expect(fileIndex(program)).toBe(index);
    expect(fileIndexWork.walks - walks).toBe(1);
    const callees = index.of(AST_NODE_TYPES.CallExpression).map((call) => (call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : '?'));
    expect(callees).toEqual(['f', 'g', 'h', 'i']);
    expect(index.of(AST_NODE_TYPES.VariableDeclarator)).toHaveLength(1);
    expect(index.of(AST_NODE_TYPES.ClassBody)).toEqual([]);
  });

  it('is built once for a file that several rules lint, and the SQL model walks the file only through it', () => {
    const all = lint(RULES, SQL_FILE);
    expect(all.walks).toBe(1);
    const size = fileIndex(parse(SQL_FILE, { range: true })).size;
    // The SQL model (driver imports, transaction calls, SQL calls) once walked the file three times,
    // each SQL rule found on its own; now one walk feeds all of them.
    const sql = lint(['no-unguarded-decrement', 'require-on-conflict', 'require-for-update', 'require-transaction'], SQL_FILE);
    expect(sql.walks).toBe(1);
    expect(sql.nodes).toBeGreaterThanOrEqual(size);
    expect(sql.nodes).toBeLessThan(2 * size);
    // The browser check, asked by three rules, reads the same index.
    const http = lint(['require-http-timeout', 'require-response-check', 'no-swallowed-error'], SQL_FILE);
    expect(http.walks).toBe(1);
    expect(http.nodes).toBeLessThan(2 * size);
  });

  it('finds the same problems whichever rules run together', () => {
    const together = lint(RULES, SQL_FILE).messages;
    const alone = RULES.flatMap((rule) => lint([rule], SQL_FILE).messages);
    expect(together.length).toBeGreaterThan(0);
    expect([...together].sort()).toEqual([...alone].sort());
  });
});

describe('the catches of handlers come from the index', () => {
  it("require-bot-error-handler finds the `catch`es of long handlers without walking their bodies", () => {
    // Handlers with long bodies, each with a `catch` that only logs: their dropped chat calls are
    // looked for in the `catch`es the index lists, not by walking every handler's body for its `try`s.
    const body = Array.from({ length: 40 }, (_, i) => `  const v${i} = compute(ctx.from?.id, [${i}, ${i + 1}], { k: 'x' + ${i} });`).join('\n');
    const handlers = Array.from({ length: 20 }, (_, i) => `bot.command('c${i}', async (ctx) => {\n${body}\n  try {\n    await save(v0);\n  } catch (error) {\n    console.error(error);\n    ctx.reply('failed');\n  }\n});`).join('\n');
    const code = `import { Bot } from 'grammy';\nconst bot = new Bot('t');\n${handlers}\nbot.start();\n`;
    const size = fileIndex(parse(code, { range: true })).size;
    const run = lint(['require-bot-error-handler'], code);
    expect(run.walks).toBe(1);
    expect(run.messages).toEqual(['48:bot-audit/require-bot-error-handler', `${code.split('\n').length - 1}:bot-audit/require-bot-error-handler`]);
    expect(run.nodes).toBeLessThan(1.5 * size);
  });
});

describe('the modules a file requires come from the index', () => {
  it('are listed once per file, not asked of every call again by each question about them', () => {
    // Whether the file is browser code, and whether its SQLite is synchronous or sql.js in memory,
    // each asked every call of the file which module it requires.
    const calls = Array.from({ length: 200 }, (_, i) => `  console.log(format(${i}), String(${i}).trim());`).join('\n');
    const code = `const Database = require('better-sqlite3');\nconst axios = require('axios');\nconst db = new Database('bot.db');\nexport async function pay(id) {\n${calls}\n  await axios.get('https://example.com/' + id);\n  db.prepare('UPDATE wallets SET balance = balance - 10 WHERE id = ?').run(id);\n  db.prepare('INSERT INTO payments (id) VALUES (?)').run(id);\n}\n`;
    const size = fileIndex(parse(code, { range: true })).of(AST_NODE_TYPES.CallExpression).length;
    const before = moduleWork.requiredAsked;
    const run = lint(['require-transaction', 'require-http-timeout', 'no-unguarded-decrement'], code);
    expect(run.messages).toEqual(['205:bot-audit/require-http-timeout', '206:bot-audit/require-transaction', '206:bot-audit/no-unguarded-decrement']);
    const asked = moduleWork.requiredAsked - before;
    // The file's loads listed once (`moduleLoads`) and read by all three: 1,018 asks for 807 calls; 2,628 when
    // the browser and sql.js questions each asked every call again.
    expect(asked).toBeLessThan(1.5 * size);
  });
});
