import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-transaction.js';
import { ruleTester } from '../rule-tester.js';

/** A bot project on disk: module factories and the files that call them with a pool (or with something else). */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-factory-'));
fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4', pg: '^8' } }));

const handler = (params: string, body: string) => `module.exports = (${params}) => {
  bot.command('buy', async (ctx) => {
${body}
  });
};
`;
const writes = `    await db.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [10, ctx.from.id]);
    await db.query('INSERT INTO purchases (user_id, amount) VALUES ($1, $2)', [ctx.from.id, 10]);`;
const fixed = `    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [10, ctx.from.id]);
      await client.query('INSERT INTO purchases (user_id, amount) VALUES ($1, $2)', [ctx.from.id, 10]);
      await client.query('COMMIT');
    } catch (error) { await client.query('ROLLBACK'); throw error; } finally { client.release(); }`;

const files: Record<string, string> = {
  'shop.js': handler('bot, db', writes),
  'shop-fixed.js': handler('bot, db', fixed),
  'unknown.js': handler('bot, db', writes),
  'db.js': "const { Pool } = require('pg');\nmodule.exports = new Pool();\n",
  'pools.js': "const mysql = require('mysql2/promise');\nconst pool = mysql.createPool({});\nmodule.exports = { pool };\n",
  'orders.js': handler('bot, db', writes),
  'index.js': [
    "const { Telegraf } = require('telegraf');",
    "const pool = require('./db');",
    'const bot = new Telegraf(process.env.TOKEN);',
    "require('./shop')(bot, pool);",
    "require('./shop-fixed')(bot, pool);",
    "const unknown = require('./unknown');",
    "const { pool: mysqlPool } = require('./pools');",
    "require('./orders')(bot, mysqlPool);",
    'unknown(bot, getDatabase());',
  ].join('\n'),
};
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(project, name), text);
const at = (name: string) => ({ code: files[name]!, filename: path.join(project, name) });

ruleTester.run('require-transaction (module factories)', rule, {
  valid: [
    // The fixed code: BEGIN … COMMIT on a client taken from the pool the factory receives.
    at('shop-fixed.js'),
    // The caller passes a value of unknown origin: the parameter proves nothing.
    at('unknown.js'),
    // No caller in a bot project (a file on no disk): the parameter's name alone proves nothing.
    handler('bot, db', writes),
  ],
  invalid: [
    {
      // `require('./shop')(bot, pool)` with `pool = new Pool()` (through `./db`): the factory's `db` is that pool.
      ...at('shop.js'),
      errors: [{ messageId: 'writesOutsideTransaction', line: 3, data: { lines: '4' } }],
    },
    {
      // \`const { pool } = require('./pools')\`, a \`mysql.createPool(…)\` exported in an object.
      ...at('orders.js'),
      errors: [{ messageId: 'writesOutsideTransaction', line: 3, data: { lines: '4' } }],
    },
  ],
});
