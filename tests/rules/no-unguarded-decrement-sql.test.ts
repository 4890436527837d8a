import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/no-unguarded-decrement.js';
import { keyedLockSource } from '../lock-shapes.js';
import { ruleTester } from '../rule-tester.js';
import { helperModuleProject, otherWriters, PER_USER, PRISMA_QUERY_MODULE, QUERY_MODULE } from './helper-module-projects.js';

const pg = "import pg from 'pg';\nconst pool = new pg.Pool();\n";

ruleTester.run('no-unguarded-decrement (raw SQL)', rule, {
  valid: [
    // The correct fix: the guard in the same statement.
    `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [price, id]);`,
    `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND $1 <= balance', [price, id]);`,
    `${pg}await pool.query('UPDATE users SET stock = stock - 1 WHERE id = $1 AND stock > 0', [id]);`,
    `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance - $1 >= 0', [price, id]);`,
    `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE (id = $2 AND balance >= $1)', [price, id]);`,
    // Clamped.
    `${pg}await pool.query('UPDATE users SET balance = GREATEST(balance - $1, 0) WHERE id = $2', [price, id]);`,
    `${pg}await pool.query('UPDATE users SET credits = CASE WHEN credits >= $1 THEN credits - $1 ELSE credits END WHERE id = $2', [n, id]);`,
    // Increments, other columns, by zero or a negative literal.
    `${pg}await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [amount, id]);`,
    `${pg}await pool.query('UPDATE users SET login_attempts = login_attempts - 1 WHERE id = $1', [id]);`,
    `${pg}await pool.query('UPDATE users SET balance = balance - 0 WHERE id = $1', [id]);`,
    `${pg}await pool.query('UPDATE users SET balance = balance - -5 WHERE id = $1', [id]);`,
    // Row locked first in the same transaction: the check in JavaScript is sound.
    `${pg}
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query('SELECT balance FROM users WHERE id = $1 FOR UPDATE', [id]);
      if (rows[0].balance < price) { await client.query('ROLLBACK'); return; }
      await client.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }`,
    // The connection comes from the caller, who may hold the transaction.
    `export async function debit(userId, amount, tx) {
      const client = tx || db;
      const r = await client.query('SELECT balance FROM wallets WHERE user_id = $1 FOR UPDATE', [userId]);
      if (Number(r.rows[0].balance) < amount) throw new Error('insufficient_balance');
      await client.query('UPDATE wallets SET balance = balance - $1 WHERE user_id = $2', [amount, userId]);
    }`,
    // The result is checked (and the transaction rolled back).
    `import postgres from 'postgres';
    const sql = postgres();
    await sql.begin(async (tx) => {
      const [user] = await tx\`UPDATE users SET balance = balance - \${price} WHERE id = \${id} RETURNING balance\`;
      if (user.balance < 0) throw new Error('insufficient funds');
    });`,
    // Not SQL.
    "const text = 'balance = balance - 1'; log(text);",
    "map.delete('UPDATE users SET balance = balance - 1');",
    // Options.
    { code: `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);`, options: [{ guardedColumns: ['balance'] }] },
    { code: `${pg}await pool.query('UPDATE items SET stock = stock - 1 WHERE id = $1', [id]);`, options: [{ ignoreColumns: ['stock'] }] },
    // The twin: the debited table itself is locked (with another table in the same SELECT).
    `${pg}
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT o.total FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1 FOR UPDATE', [orderId]);
    await client.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [rows[0].total, userId]);
    await client.query('COMMIT');`,
  ],
  invalid: [
    {
      // Issue 16: locks count per table. A lock on the order does not stop two orders from debiting the same user.
      code: `${pg}
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT total FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    await client.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [rows[0].total, userId]);
    await client.query('COMMIT');`,
      errors: [{ messageId: 'unguarded', line: 7, suggestions: [{ messageId: 'suggestGuard', output: `${pg}
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT total FROM orders WHERE id = $1 FOR UPDATE', [orderId]);
    await client.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [rows[0].total, userId]);
    await client.query('COMMIT');` }] }],
    },
    {
      // node-postgres, with the suggestion on a plain literal.
      code: `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);`,
      errors: [
        {
          messageId: 'unguarded',
          data: { column: 'balance', guard: '`balance >= …` to the WHERE clause' },
          line: 3,
          column: 36,
          endLine: 3,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'suggestGuard',
              data: { guard: 'balance >= $1' },
              output: `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [price, id]);`,
            },
          ],
        },
      ],
    },
    {
      // No WHERE at all.
      code: `${pg}await pool.query('UPDATE wallets SET coins = coins - 5');`,
      errors: [{ messageId: 'unguarded', suggestions: [{ messageId: 'suggestGuard', output: `${pg}await pool.query('UPDATE wallets SET coins = coins - 5 WHERE coins >= 5');` }] }],
    },
    {
      // A guard on another column does not protect this one; `c = c + (-x)`.
      code: `${pg}await pool.query('UPDATE users SET credits = credits + (-$1) WHERE id = $2 AND balance >= $1', [n, id]);`,
      errors: [{ messageId: 'unguarded', data: { column: 'credits', guard: '`credits >= …` to the WHERE clause' }, suggestions: [] }],
    },
    {
      // A SELECT and a check in JavaScript, without a lock: the demo bot's spend.
      code: `${pg}const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);\nif (rows[0].balance < price) return;\nawait pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);`,
      errors: [{ messageId: 'unguarded', line: 5, suggestions: [{ messageId: 'suggestGuard', output: `${pg}const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);\nif (rows[0].balance < price) return;\nawait pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [price, id]);` }] }],
    },
    {
      // FOR UPDATE through the pool in autocommit: the lock is gone before the UPDATE.
      code: `${pg}const r = await pool.query('SELECT balance FROM users WHERE id = $1 FOR UPDATE', [id]);\nif (r.rows[0].balance < price) return;\nawait pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);`,
      errors: [{ messageId: 'unguarded', line: 5, suggestions: [{ messageId: 'suggestGuard', output: `${pg}const r = await pool.query('SELECT balance FROM users WHERE id = $1 FOR UPDATE', [id]);\nif (r.rows[0].balance < price) return;\nawait pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [price, id]);` }] }],
    },
    {
      // A constant in the same file; RETURNING without a check: no suggestion (the literal is elsewhere).
      code: `${pg}const SPEND = 'UPDATE users SET balance = balance - $1 WHERE id = $2 RETURNING balance';\nawait pool.query(SPEND, [price, id]);`,
      errors: [{ messageId: 'unguarded', line: 3, suggestions: [] }],
    },
    {
      // Inside a CTE.
      code: `${pg}await pool.query('WITH spent AS (UPDATE users SET tokens = tokens - $1 WHERE id = $2 RETURNING id) INSERT INTO log (user_id) SELECT id FROM spent', [n, id]);`,
      errors: [{ messageId: 'unguarded', suggestions: [] }],
    },
    {
      // postgres.js tagged template: holes become parameters; no suggestion on a template with holes.
      code: "import postgres from 'postgres';\nconst sql = postgres();\nawait sql`UPDATE users SET stars = stars - ${cost} WHERE telegram_id = ${ctx.from.id}`;",
      errors: [{ messageId: 'unguarded', line: 3, suggestions: [] }],
    },
    {
      // pg-promise
      code: "import pgp from 'pg-promise';\nconst db = pgp()(url);\nawait db.none('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, id]);",
      errors: [{ messageId: 'unguarded', suggestions: [{ messageId: 'suggestGuard', output: "import pgp from 'pg-promise';\nconst db = pgp()(url);\nawait db.none('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [amount, id]);" }] }],
    },
    {
      // mysql2: `?` placeholders cannot be reused, so no suggestion.
      code: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(url);\nawait pool.execute('UPDATE users SET balance = balance - ? WHERE id = ?', [price, id]);",
      errors: [{ messageId: 'unguarded', suggestions: [] }],
    },
    {
      // knex raw
      code: "import knex from 'knex';\nconst db = knex(config);\nawait db.raw('UPDATE users SET credits = credits - :cost WHERE id = :id', { cost, id });",
      errors: [{ messageId: 'unguarded', suggestions: [{ messageId: 'suggestGuard', output: "import knex from 'knex';\nconst db = knex(config);\nawait db.raw('UPDATE users SET credits = credits - :cost WHERE id = :id AND credits >= :cost', { cost, id });" }] }],
    },
    {
      // Prisma raw
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$executeRaw`UPDATE \"User\" SET balance = balance - ${price} WHERE id = ${id}`;",
      errors: [{ messageId: 'unguarded', suggestions: [] }],
    },
    {
      // Drizzle db.execute(sql`…`)
      code: "import { sql } from 'drizzle-orm';\nimport { drizzle } from 'drizzle-orm/node-postgres';\nconst db = drizzle(pool);\nawait db.execute(sql`UPDATE users SET credits = credits - ${n} WHERE id = ${id}`);",
      errors: [{ messageId: 'unguarded', suggestions: [] }],
    },
    {
      // better-sqlite3 / D1 prepare
      code: "import Database from 'better-sqlite3';\nconst db = new Database('bot.db');\ndb.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(price, id);",
      errors: [{ messageId: 'unguarded', suggestions: [] }],
    },
    {
      code: `${pg}await pool.query('UPDATE users SET seats = seats - 1 WHERE id = $1', [id]);`,
      options: [{ columns: ['seats'] }],
      errors: [{ messageId: 'unguarded', suggestions: [{ messageId: 'suggestGuard', output: `${pg}await pool.query('UPDATE users SET seats = seats - 1 WHERE id = $1 AND seats >= 1', [id]);` }] }],
    },
  ],
});

/** More of the handler module: an exported function that spends on a value of the module, not on the sender. */
const OWNER = 'let owner = 0;\nexport async function onOwner() { await spendTokens(owner, 1); }\n';

/** {@link QUERY_MODULE} with a setter of `tokens` (line 12). */
const WITH_SETTER = `${QUERY_MODULE}export function setTokens(telegramId, tokens) {\n  sqlite.prepare('UPDATE users SET tokens = ? WHERE telegram_id = ?').run(tokens, telegramId);\n}\n`;

ruleTester.run('no-unguarded-decrement: a query module called from serialised handlers', rule, {
  valid: [
    // The spend sits in a query module; every caller is a handler of a grammY bot started with
    // `bot.start()` (one update at a time) and passes the sender's own id: the rule's own exemption.
    { code: QUERY_MODULE, filename: helperModuleProject('started') },
    // The sender's id converted, or the chat's id through a template.
    { code: QUERY_MODULE, filename: helperModuleProject('converted', { key: 'String(sender.id)' }) },
    { code: QUERY_MODULE, filename: helperModuleProject('template', { key: '`${ctx.chat?.id}`' }) },
    // Prisma: the helper selects the row by an ORM `where` object of its parameter (`{ telegramId: String(telegramId) }`).
    { code: PRISMA_QUERY_MODULE, filename: helperModuleProject('prisma-started', { module: PRISMA_QUERY_MODULE }) },
    // Another user's tokens, but `bot.start()` runs every user's updates one at a time and nothing else runs: no race.
    { code: QUERY_MODULE, filename: helperModuleProject('started-foreign', { key: 'ctx.message.reply_to_message.from.id' }) },
    // A route and a timer beside that bot write the table, but only raise `tokens` atomically (a top-up) or write another column:
    // neither lets a second spend pass the check (round 22, judged FALSE: Rauf-Ai/NanobananaBot no-unguarded-decrement#4, #6).
    ...[
      otherWriters('UPDATE users SET tokens = tokens + ? WHERE telegram_id = ?'),
      otherWriters('UPDATE users SET name = ? WHERE telegram_id = ?'),
      otherWriters('INSERT INTO users (telegram_id, tokens) VALUES (?, ?)'),
    ].map((files, index) => ({ code: QUERY_MODULE, filename: helperModuleProject(`writers-${index}`, { key: 'ctx.message.reply_to_message.from.id', files }) })),
    // The same with Prisma: `{ increment }` and another field.
    ...[
      otherWriters('prisma.user.update({ where: { telegramId: String(id) }, data: { tokens: { increment: amount } } })', true),
      otherWriters('prisma.user.update({ where: { telegramId: String(id) }, data: { language: amount } })', true),
    ].map((files, index) => ({
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject(`prisma-writers-${index}`, { module: PRISMA_QUERY_MODULE, key: 'ctx.message.reply_to_message.from.id', files }),
    })),
    // A query module's setter no code calls writes nothing.
    { code: WITH_SETTER, filename: helperModuleProject('unused-setter', { module: WITH_SETTER, key: 'ctx.message.reply_to_message.from.id' }) },
    // A second bot of the project runs its own loop, but neither runs the spend nor writes the tokens: only the first bot's
    // updates, one at a time, reach the read and the decrement (round 25 TekazSaryav+patekshop: a minimal second bot beside the shop).
    {
      code: QUERY_MODULE,
      filename: helperModuleProject('writers-second-bot', {
        key: 'ctx.message.reply_to_message.from.id',
        files: { ...otherWriters('UPDATE users SET tokens = tokens + ? WHERE telegram_id = ?'), 'admin-bot.js': "import { Bot } from 'grammy';\nconst admin = new Bot(process.env.ADMIN_TOKEN);\nadmin.start();\n" },
      }),
    },
    // Under `bot.start()` a caller in an exported function nothing calls (`onOwner`) runs in no loop: only the handler's call runs.
    { code: QUERY_MODULE, filename: helperModuleProject('module-value-dead', { extra: OWNER }) },
  ],
  invalid: [
    // The same Prisma module under grammY runner's `run(bot)`, and with another user's id under per-user `sequentialize`.
    {
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject('prisma-runner', { module: PRISMA_QUERY_MODULE, start: "import { run } from '@grammyjs/runner';\nrun(bot);" }),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    {
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject('prisma-foreign', { ...PER_USER, module: PRISMA_QUERY_MODULE, key: 'ctx.message.reply_to_message.from.id' }),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // The same module under grammY runner's `run(bot)`: updates run concurrently.
    { code: QUERY_MODULE, filename: helperModuleProject('runner', { start: "import { run } from '@grammyjs/runner';\nrun(bot);" }), errors: [{ messageId: 'unguarded', line: 9 }] },
    // The handler spends another user's tokens (the author of the message replied to): `sequentialize` serialises the sender only.
    { code: QUERY_MODULE, filename: helperModuleProject('foreign', { ...PER_USER, key: 'ctx.message.reply_to_message.from.id' }), errors: [{ messageId: 'unguarded', line: 9 }] },
    // A job of the handler module spends too, outside any update.
    { code: QUERY_MODULE, filename: helperModuleProject('job', { extra: 'setInterval(() => spendTokens(42, 1), 60_000);\n' }), errors: [{ messageId: 'unguarded', line: 9 }] },
    // The valid twins above with a writer that breaks the check: it sets `tokens` from a value, lowers it, or its SQL is not read.
    ...[
      otherWriters('UPDATE users SET tokens = ? WHERE telegram_id = ?'),
      otherWriters('UPDATE users SET tokens = tokens - ? WHERE telegram_id = ?'),
      otherWriters('INSERT INTO users (telegram_id, tokens) VALUES (?, ?) ON CONFLICT (telegram_id) DO UPDATE SET tokens = excluded.tokens'),
    ].map((files, index) => ({
      code: QUERY_MODULE,
      filename: helperModuleProject(`breaking-writers-${index}`, { key: 'ctx.message.reply_to_message.from.id', files }),
      errors: [{ messageId: 'unguarded' as const, line: 9 }],
    })),
    ...[
      otherWriters('prisma.user.update({ where: { telegramId: String(id) }, data: { tokens: amount } })', true),
      otherWriters('prisma.user.update({ where: { telegramId: String(id) }, data: { tokens: { decrement: amount } } })', true),
      otherWriters('prisma.user.update({ where: { telegramId: String(id) }, data: req.body })', true),
    ].map((files, index) => ({
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject(`prisma-breaking-${index}`, { module: PRISMA_QUERY_MODULE, key: 'ctx.message.reply_to_message.from.id', files }),
      errors: [{ messageId: 'unguarded' as const, line: 9 }],
    })),
    // The setter is called from a route.
    {
      code: WITH_SETTER,
      filename: helperModuleProject('called-setter', {
        module: WITH_SETTER,
        key: 'ctx.message.reply_to_message.from.id',
        files: { 'server.js': "import express from 'express';\nimport { setTokens } from './db.js';\nconst app = express();\napp.post('/set', (req, res) => { setTokens(req.body.id, req.body.tokens); res.end(); });\napp.listen(3000);\n" },
      }),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // A webhook bot (updates of many users at once) with the same harmless top-up beside.
    {
      code: QUERY_MODULE,
      filename: helperModuleProject('writers-webhook', {
        key: 'ctx.message.reply_to_message.from.id',
        start: "import { webhookCallback } from 'grammy';\nexport const handle = webhookCallback(bot, 'express');",
        files: otherWriters('UPDATE users SET tokens = tokens + ? WHERE telegram_id = ?'),
      }),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // A second bot of the project in its own loop that runs the same spend, or that sets the tokens: its updates interleave
    // with the first bot's between the read and the decrement (the valid twin's second bot does neither).
    ...[
      "import { Bot } from 'grammy';\nimport { onText } from './handlers.js';\nconst admin = new Bot(process.env.ADMIN_TOKEN);\nadmin.on('message:text', (ctx) => onText(ctx));\nadmin.start();\n",
      "import { Bot } from 'grammy';\nimport Database from 'better-sqlite3';\nconst sqlite = new Database('bot.db');\nconst admin = new Bot(process.env.ADMIN_TOKEN);\nadmin.command('reset', async (ctx) => {\n  sqlite.prepare('UPDATE users SET tokens = ? WHERE telegram_id = ?').run(0, Number(ctx.match));\n});\nadmin.start();\n",
    ].map((admin, index) => ({
      code: QUERY_MODULE,
      filename: helperModuleProject(`writers-second-bot-${index}`, {
        key: 'ctx.message.reply_to_message.from.id',
        files: { ...otherWriters('UPDATE users SET tokens = tokens + ? WHERE telegram_id = ?'), 'admin-bot.js': admin },
      }),
      errors: [{ messageId: 'unguarded' as const, line: 9 }],
    })),
    // A spend keyed on a value of the handler module, not on the sender, under per-user `sequentialize`; and under
    // `bot.start()` with that function run by a timer (passed as a value: the valid twin's function nothing calls).
    { code: QUERY_MODULE, filename: helperModuleProject('module-value', { ...PER_USER, extra: OWNER }), errors: [{ messageId: 'unguarded', line: 9 }] },
    { code: QUERY_MODULE, filename: helperModuleProject('module-value-timer', { extra: `${OWNER}setInterval(onOwner, 60_000);\n` }), errors: [{ messageId: 'unguarded', line: 9 }] },
    { code: QUERY_MODULE, filename: helperModuleProject('module-value-called', { extra: `${OWNER}export function later() { setTimeout(() => onOwner(), 1000); }\n`, files: { 'job.js': "import { later } from './handlers.js';\nlater();\n" } }), errors: [{ messageId: 'unguarded', line: 9 }] },
  ],
});

/** A synchronous driver (better-sqlite3 unless `driver` says): a read of the row, a check of the balance and the decrement, in the function `wrap` writes around them. */
const syncDebit = (wrap: (body: string) => string, between = '', driver = "import Database from 'better-sqlite3';\nconst db = new Database('bot.db');") => `${driver}
${wrap(`const user = db.prepare('SELECT balance FROM users WHERE telegram_id = ?').get(id);
  if (!user || user.balance < amount) throw new Error('Insufficient balance');${between}
  db.prepare('UPDATE users SET balance = balance - ? WHERE telegram_id = ?').run(amount, id);`)}`;
const plainFunction = (body: string) => `export function debit(id, amount) {\n  ${body}\n}`;
const transaction = (body: string) => `export function debit(id, amount) {\n  db.transaction(() => {\n  ${body}\n  })();\n}`;
const asyncFunction = (body: string) => `export async function debit(id, amount) {\n  ${body}\n}`;
/** Bun's built-in synchronous driver, for {@link syncDebit}. */
const BUN = "import { Database } from 'bun:sqlite';\nconst db = new Database('bot.db');";

/**
 * A service object whose spend reads the row through its own getter (`this.get(id)`), checks it and
 * decrements, on a database another module opens (`require('../database')`). Each twin changes one part.
 */
const serviceDebit = ({
  head = "const db = require('../database');",
  getter = "get(id) {\n    return db.prepare('SELECT * FROM users WHERE telegram_id = ?').get(id);\n  },",
  spend = 'deductBalance(id, amount) {',
  read = 'const user = this.get(id);',
  between = '',
  tail = '',
} = {}) => `${head}
const userService = {
  ${getter}
  ${spend}
    ${read}
    if (!user || user.balance < amount) return false;${between}
    db.prepare('UPDATE users SET balance = balance - ? WHERE telegram_id = ?').run(amount, id);
    return true;
  },
};
module.exports = userService;${tail}`;
/** The same spend as a class whose methods share the connection (`this.db`). */
const classDebit = (read = 'const row = this.getUser(id);', getter = 'getUser(id) {') => `import Database from 'better-sqlite3';
export class Store {
  constructor(file) { this.db = new Database(file); }
  ${getter}
    return this.db.prepare('SELECT balance FROM users WHERE telegram_id = ?').get(id);
  }
  spend(id, amount) {
    ${read}
    if (!row || row.balance < amount) return false;
    this.db.prepare('UPDATE users SET balance = balance - ? WHERE telegram_id = ?').run(amount, id);
    return true;
  }
}`;

ruleTester.run('no-unguarded-decrement: a synchronous SQLite stretch', rule, {
  valid: [
    // Read, check and decrement in one synchronous function, or in a better-sqlite3 transaction callback: nothing of the process runs between them.
    syncDebit(plainFunction),
    syncDebit(transaction),
    // An async handler on a synchronous driver with no \`await\` from the read to the write: one stretch too (Bun's and Node's built-in drivers).
    syncDebit(asyncFunction, '', BUN),
    syncDebit(asyncFunction, '', "import { DatabaseSync } from 'node:sqlite';\nconst db = new DatabaseSync('bot.db');"),
    // sql.js: the read in a synchronous getter of the file, the check and the write in one synchronous function.
    `import { getDB } from './db.js';
export function reduceBalance(id, amount) {
  const current = getBalance(id);
  if (current < amount) return false;
  getDB().run('UPDATE users SET balance = balance - ? WHERE telegram_id = ?', [amount, id]);
  return true;
}
function getBalance(id) {
  const rows = getDB().exec('SELECT balance FROM users WHERE telegram_id = ?', [id]);
  return rows.length ? rows[0].values[0][0] : 0;
}`,
    // The read in a synchronous method of the same object (`this.get(id)`), on a database another module opens.
    serviceDebit(),
    // The spend written as \`deductBalance: function (…) {…}\`.
    serviceDebit({ spend: 'deductBalance: function (id, amount) {' }),
    // The read in a synchronous method of the same class (`this.getUser(id)`).
    classDebit(),
  ],
  invalid: [
    // An `await` between the check and the write: another update may spend meanwhile.
    { code: syncDebit(asyncFunction, "\n  await notify(id, 'debit');"), errors: [{ messageId: 'unguarded', line: 7 }] },
    { code: syncDebit(asyncFunction, "\n  await notify(id, 'debit');", BUN), errors: [{ messageId: 'unguarded', line: 7 }] },
    // The file also loads an asynchronous driver (or knex): which one runs the decrement is not proven synchronous.
    { code: syncDebit(asyncFunction, '', `${BUN}\nimport pg from 'pg';`), errors: [{ messageId: 'unguarded', line: 7 }] },
    // The read awaited on the synchronous driver: the function yields after reading, another update may spend meanwhile.
    {
      code: syncDebit(asyncFunction, '', BUN).replace('const user = db.prepare', 'const user = await db.prepare'),
      errors: [{ messageId: 'unguarded', line: 6 }],
    },
    // The same async handler on an asynchronous driver (sqlite3): the rows are not read at once.
    { code: syncDebit(asyncFunction, '', "import sqlite3 from 'sqlite3';\nconst db = new sqlite3.Database('bot.db');"), errors: [{ messageId: 'unguarded', line: 6 }] },
    // sqlite3's callbacks: the row comes in a later callback, other updates run between the SELECT and the check.
    {
      code: `import sqlite3 from 'sqlite3';
const db = new sqlite3.Database('bot.db');
export function debit(id, amount) {
  db.get('SELECT balance FROM users WHERE telegram_id = ?', [id], (err, user) => {
    if (!user || user.balance < amount) return;
    db.run('UPDATE users SET balance = balance - ? WHERE telegram_id = ?', [amount, id]);
  });
}`,
      errors: [{ messageId: 'unguarded', line: 6 }],
    },
    // The getter is async: its rows come after an `await` of the caller.
    {
      code: `import { getDB } from './db.js';
export async function reduceBalance(id, amount) {
  const current = await getBalance(id);
  if (current < amount) return false;
  getDB().run('UPDATE users SET balance = balance - ? WHERE telegram_id = ?', [amount, id]);
}
async function getBalance(id) {
  return getDB().exec('SELECT balance FROM users WHERE telegram_id = ?', [id]);
}`,
      errors: [{ messageId: 'unguarded', line: 5 }],
    },
    // The getter is async and awaited: other updates run between the read and the write.
    {
      code: serviceDebit({
        getter: "async get(id) {\n    return db.prepare('SELECT * FROM users WHERE telegram_id = ?').get(id);\n  },",
        spend: 'async deductBalance(id, amount) {',
        read: 'const user = await this.get(id);',
      }),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // An \`await\` between the check and the write of an async spend on better-sqlite3.
    {
      code: serviceDebit({ head: "const Database = require('better-sqlite3');\nconst db = new Database('shop.db');", spend: 'async deductBalance(id, amount) {', between: "\n    await notify(id, 'debit');" }),
      errors: [{ messageId: 'unguarded', line: 11 }],
    },
    // The same async spend with no \`await\`, on an asynchronous driver: not one stretch.
    {
      code: serviceDebit({ head: "const pg = require('pg');\nconst db = new pg.Pool();", spend: 'async deductBalance(id, amount) {' }),
      errors: [{ messageId: 'unguarded', line: 10 }],
    },
    // The sibling method reads a cache, not the table.
    { code: serviceDebit({ getter: 'get(id) {\n    return cache.get(id);\n  },' }), errors: [{ messageId: 'unguarded', line: 9 }] },
    // The getter is replaced after the object is built: \`this.get\` is no longer the method written here.
    { code: serviceDebit({ tail: '\nuserService.get = (id) => cache.get(id);' }), errors: [{ messageId: 'unguarded', line: 9 }] },
    // A plain function declaration: its \`this\` is not an object literal of the file.
    {
      code: "const db = require('../database');\nfunction deduct(id, amount) {\n  const user = this.get(id);\n  if (!user || user.balance < amount) return false;\n  db.prepare('UPDATE users SET balance = balance - ? WHERE telegram_id = ?').run(amount, id);\n}",
      errors: [{ messageId: 'unguarded', line: 5 }],
    },
    // The class's getter is async and awaited.
    { code: classDebit('const row = await this.getUser(id);', 'async getUser(id) {').replace('  spend(id', '  async spend(id'), errors: [{ messageId: 'unguarded', line: 10 }] },
    // Synchronous, but the balance checked is a value the caller read earlier (no SELECT here).
    {
      code: "import Database from 'better-sqlite3';\nconst db = new Database('bot.db');\nexport function debit(user, amount) {\n  if (user.balance < amount) return false;\n  db.prepare('UPDATE users SET balance = balance - ? WHERE telegram_id = ?').run(amount, user.id);\n}",
      errors: [{ messageId: 'unguarded', line: 5 }],
    },
  ],
});

/**
 * An event row (a withdrawal, a deal) claimed once in a transaction — `SELECT … WHERE id = $1 AND
 * status = 'pending' FOR UPDATE`, then its status moved on — and the hold it placed released: the
 * hold column decremented by that row's own amount, on that row's own user. Each twin changes one part.
 */
const heldRelease = ({
  select = "SELECT user_id, amount FROM withdrawals WHERE id = $1 AND status = 'pending' FOR UPDATE",
  release = 'UPDATE users SET locked_balance = locked_balance - $1 WHERE id = $2',
  values = '[amount, user_id]',
  move = "UPDATE withdrawals SET status = 'rejected' WHERE id = $1",
} = {}) => `${pg}
export async function reject(id, userAmount, actorId) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const res = await client.query("${select}", [id]);
  if (!res.rows.length) throw new Error('already processed');
  const { user_id, amount } = res.rows[0];
  await client.query('${release}', ${values});
  await client.query("${move}", [id]);
  await client.query('COMMIT');
}`;

/** A twin of {@link heldRelease} that is reported, with its suggested guard. */
const heldReported = (parts: Parameters<typeof heldRelease>[0]) => ({
  code: heldRelease(parts),
  errors: [
    {
      messageId: 'unguarded' as const,
      line: 10,
      column: 40,
      endLine: 10,
      endColumn: 54,
      suggestions: [
        {
          messageId: 'suggestGuard' as const,
          output: heldRelease({ ...parts, release: `${parts?.release ?? 'UPDATE users SET locked_balance = locked_balance - $1 WHERE id = $2'} AND locked_balance >= $1` }),
        },
      ],
    },
  ],
});

ruleTester.run('no-unguarded-decrement: releasing the hold of an event claimed once', rule, {
  valid: [
    heldRelease(),
    // The state moved first, the amount read as a member, the user picked by the SELECT's own key.
    `${pg}
export async function cancelDeal(dealId, senderId) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query("SELECT amount_usd FROM deals WHERE id = $1 AND sender_id = $2 AND status = 'pending' FOR UPDATE", [dealId, senderId]);
    if (rows.length === 0) throw new Error('cannot cancel');
    const deal = rows[0];
    await client.query("UPDATE deals SET status = 'cancelled' WHERE id = $1", [dealId]);
    await client.query('UPDATE user_balances SET escrow_usd = escrow_usd - $1 WHERE telegram_id = $2', [Number(deal.amount_usd), senderId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}`,
    // The amount and the user read straight off the result (the doc's example).
    `${pg}
const client = await pool.connect();
await client.query('BEGIN');
const { rows } = await client.query("SELECT user_id, amount FROM withdrawals WHERE id = $1 AND status = 'pending' FOR UPDATE", [id]);
if (rows.length === 0) throw new Error('already processed');
await client.query('UPDATE users SET locked_usd = locked_usd - $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
await client.query("UPDATE withdrawals SET status = 'rejected' WHERE id = $1", [id]);
await client.query('COMMIT');`,
    // The claimed row deleted; the amount copied into a variable of its own.
    `${pg}
export async function cancelOrder(orderId) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const r = await client.query("SELECT * FROM orders WHERE id = $1 AND state = 'open' FOR UPDATE", [orderId]);
  if (r.rowCount === 0) return client.query('ROLLBACK');
  const amount = r.rows[0].total_amount;
  await client.query('DELETE FROM orders WHERE id = $1', [orderId]);
  await client.query('UPDATE accounts SET reserved_funds = reserved_funds - $1 WHERE id = $2', [amount, r.rows[0].account_id]);
  await client.query('COMMIT');
}`,
    // Variables declared before the transaction and assigned by destructuring; the claim column is a timestamp.
    `${pg}
export async function payOut(id) {
  const client = await pool.connect();
  let owner, sum;
  await client.query('BEGIN');
  const res = await client.query('SELECT owner, sum FROM payouts WHERE id = $1 AND paid_at IS NULL FOR UPDATE', [id]);
  if (!res.rows.length) throw new Error('already paid');
  ({ owner, sum } = res.rows[0]);
  await client.query('UPDATE wallets SET held_coins = held_coins - $1 WHERE owner = $2', [sum, owner]);
  await client.query('UPDATE payouts SET paid_at = now() WHERE id = $1', [id]);
  await client.query('COMMIT');
}`,
  ],
  invalid: [
    // The status is not tested: a second run claims the same row again.
    heldReported({ select: 'SELECT user_id, amount FROM withdrawals WHERE id = $1 FOR UPDATE' }),
    // The status is tested but never moved on …
    heldReported({ move: "UPDATE withdrawals SET note = 'seen' WHERE id = $1" }),
    // … or set to the state it was claimed in.
    heldReported({ move: "UPDATE withdrawals SET status = 'pending' WHERE id = $1" }),
    // The amount comes from the caller, not from the claimed row.
    heldReported({ values: '[userAmount, user_id]' }),
    // The hold of another user than the row's.
    heldReported({ values: '[amount, actorId]' }),
    // No row lock: two runs both read the row as pending.
    heldReported({ select: "SELECT user_id, amount FROM withdrawals WHERE id = $1 AND status = 'pending'" }),
    // No transaction: `BEGIN` through the pool, each query on any connection.
    {
      code: heldRelease().replaceAll('client.query', 'pool.query'),
      errors: [
        {
          messageId: 'unguarded',
          line: 10,
          column: 38,
          endLine: 10,
          endColumn: 52,
          suggestions: [{ messageId: 'suggestGuard', output: heldRelease({ release: 'UPDATE users SET locked_balance = locked_balance - $1 WHERE id = $2 AND locked_balance >= $1' }).replaceAll('client.query', 'pool.query') }],
        },
      ],
    },
    // The spendable balance beside the hold: spent elsewhere too, so the release can overdraw it.
    {
      code: heldRelease({ release: 'UPDATE users SET locked_balance = locked_balance - $1, balance = balance - $1 WHERE id = $2' }),
      errors: [
        {
          messageId: 'unguarded',
          data: { column: 'balance', guard: '`balance >= …` to the WHERE clause' },
          line: 10,
          column: 78,
          endLine: 10,
          endColumn: 85,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: heldRelease({ release: 'UPDATE users SET locked_balance = locked_balance - $1, balance = balance - $1 WHERE id = $2 AND balance >= $1' }),
            },
          ],
        },
      ],
    },
  ],
});

/**
 * A project of an HTTP backend with its own keyed lock (`locks.js`: a promise per key in a `Map`) or
 * a function only named for one, and a spend module whose read, check and decrement run in the
 * lock's callback. The decrement is on line 8 of `spend(…)`.
 */
const KEYED_LOCK = keyedLockSource();
const NAMED_ONLY_LOCK = `export async function withLocks(keys, fn) {
  console.log('locking', keys);
  return await fn();
}
`;
const lockProject = (name: string, locks: string): string => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nud-lock-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module', dependencies: { express: '^4', pg: '^8' } }));
  fs.writeFileSync(path.join(root, 'locks.js'), locks);
  return path.join(root, 'spend.js');
};
const lockedSpend = ({ keys = '[`user:${userId}`]' }: { keys?: string } = {}) => `${pg}import { withLocks } from './locks.js';
export async function spend(userId, orderId, cost) {
  return withLocks(${keys}, async () => {
    const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [userId]);
    if (rows[0].balance < cost) return false;
    await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [cost, userId]);
    return true;
  });
}
`;
/** The read and the check in the lock's callback, the decrement after it: the lock is released before the write. */
const writeAfterLock = `${pg}import { withLocks } from './locks.js';
export async function spend(userId, orderId, cost) {
  const enough = await withLocks([\`user:\${userId}\`], async () => {
    const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [userId]);
    return rows[0].balance >= cost;
  });
  if (!enough) return false;
  const balance = 0;
  if (balance < 0) return false;
  await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [cost, userId]);
  return true;
}
`;
/** The read before the lock, the check and the decrement in its callback. */
const readBeforeLock = `${pg}import { withLocks } from './locks.js';
export async function spend(userId, orderId, cost) {
  const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [userId]);
  return withLocks([\`user:\${userId}\`], async () => {
    if (rows[0].balance < cost) return false;
    await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [cost, userId]);
    return true;
  });
}
`;
const packageLocked = (prelude: string, call: string) => `${pg}${prelude}
export async function spend(userId, cost) {
  return ${call}async () => {
    const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [userId]);
    if (rows[0].balance < cost) return false;
    await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [cost, userId]);
    return true;
  });
}
`;
/** The read, check and decrement in a callback the lock's callback runs through `wrap` (`await pool.transaction(` or `setTimeout(`). */
const nestedInLock = (wrap: string) => `${pg}import { Mutex } from 'async-mutex';
const mutex = new Mutex();
export async function spend(userId, cost) {
  return mutex.runExclusive(async () => {
    ${wrap}async () => {
      const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [userId]);
      if (rows[0].balance < cost) return false;
      await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [cost, userId]);
      return true;
    });
  });
}
`;
/** The check on a value made of the read (`current`), not on the column by name. */
const derivedCheck = (code: string) =>
  code.replace('    if (rows[0].balance < cost) return false;\n', '    const current = Number(rows[0].balance || 0);\n    if (current < cost) return false;\n');
const guarded = (code: string) => code.replace('WHERE id = $2', 'WHERE id = $2 AND balance >= $1');
const unguardedAt = (code: string, line: number) => ({
  messageId: 'unguarded' as const,
  line,
  suggestions: [{ messageId: 'suggestGuard' as const, output: guarded(code) }],
});

const keyedLock = lockProject('keyed', KEYED_LOCK);
const namedOnly = lockProject('named-only', NAMED_ONLY_LOCK);
ruleTester.run('no-unguarded-decrement: read, check and decrement inside an in-process lock', rule, {
  valid: [
    // The project's keyed lock, on the owner of the row (and on a constant key beside it).
    { code: lockedSpend(), filename: keyedLock },
    { code: lockedSpend({ keys: '[`shop`, `user:${userId}`]' }), filename: keyedLock },
    // The check on a value made of the read.
    { code: derivedCheck(lockedSpend()), filename: keyedLock },
    // async-lock's `acquire(key, fn)` and async-mutex's `runExclusive(fn)` (one lock for every user).
    { code: packageLocked("import AsyncLock from 'async-lock';\nconst lock = new AsyncLock();", 'lock.acquire(`user:${userId}`, '), filename: '/tmp/nud-async-lock.js' },
    { code: packageLocked("import { Mutex } from 'async-mutex';\nconst mutex = new Mutex();", 'mutex.runExclusive('), filename: '/tmp/nud-async-mutex.js' },
    // In a transaction the lock's callback awaits: run before the lock is released.
    { code: nestedInLock('await pool.transaction('), filename: '/tmp/nud-async-mutex.js' },
  ],
  invalid: [
    // A lock on another key (the order) lets two orders of one user race on the balance.
    { code: lockedSpend({ keys: '[`order:${orderId}`]' }), filename: keyedLock, errors: [unguardedAt(lockedSpend({ keys: '[`order:${orderId}`]' }), 8)] },
    { code: packageLocked("import AsyncLock from 'async-lock';\nconst lock = new AsyncLock();", 'lock.acquire(`order:${cost}`, '), filename: '/tmp/nud-async-lock.js', errors: [unguardedAt(packageLocked("import AsyncLock from 'async-lock';\nconst lock = new AsyncLock();", 'lock.acquire(`order:${cost}`, '), 9)] },
    { code: derivedCheck(lockedSpend({ keys: '[`order:${orderId}`]' })), filename: keyedLock, errors: [unguardedAt(derivedCheck(lockedSpend({ keys: '[`order:${orderId}`]' })), 9)] },
    // The read before the lock: the callback checks a stale value.
    {
      code: readBeforeLock,
      filename: keyedLock,
      errors: [unguardedAt(readBeforeLock, 8)],
    },
    // The decrement after the lock is released.
    { code: writeAfterLock, filename: keyedLock, errors: [unguardedAt(writeAfterLock, 12)] },
    // A function named for a lock that keeps no queue: it serialises nothing.
    { code: lockedSpend(), filename: namedOnly, errors: [unguardedAt(lockedSpend(), 8)] },
    // A mutex made per call: every request gets its own.
    {
      code: packageLocked("import { Mutex } from 'async-mutex';", 'new Mutex().runExclusive('),
      filename: '/tmp/nud-async-mutex.js',
      errors: [unguardedAt(packageLocked("import { Mutex } from 'async-mutex';", 'new Mutex().runExclusive('), 8)],
    },
    // In a callback the lock's callback only schedules (a timer): it runs after the lock is released.
    { code: nestedInLock('setTimeout('), filename: '/tmp/nud-async-mutex.js', errors: [unguardedAt(nestedInLock('setTimeout('), 10)] },
    // `acquire` on something that is no async-lock.
    { code: packageLocked("import { pool as lock } from './pool.js';", 'lock.acquire(`user:${userId}`, '), filename: '/tmp/nud-pool.js', errors: [unguardedAt(packageLocked("import { pool as lock } from './pool.js';", 'lock.acquire(`user:${userId}`, '), 8)] },
  ],
});

/**
 * A discord.js bot on better-sqlite3 whose command reads the inventory through a database class of
 * another module, reached by a parameter (`client.db.getInventory(…)`), checks it and decrements it
 * with no `await` between. `store` is the class's file, `files` more files; returns the command's path.
 */
function commandProject(name: string, { store = STORE, files = {}, dependencies = {} }: { store?: string; files?: Record<string, string>; dependencies?: Record<string, string> } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nud-command-${name}-`));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('package.json', JSON.stringify({ dependencies: { 'discord.js': '^14', 'better-sqlite3': '^12', ...dependencies } }));
  write('store.js', store);
  for (const [file, text] of Object.entries(files)) write(file, text);
  write('sell.js', SELL);
  return path.join(root, 'sell.js');
}

const STORE = `const Database = require('better-sqlite3');
class Store {
  constructor(file) { this.db = new Database(file); }
  getInventory(guildId, userId) {
    return this.db.prepare('SELECT item, quantity FROM inventory WHERE guildId = ? AND userId = ?').all(guildId, userId);
  }
}
module.exports = Store;`;

const SELL = `module.exports = {
  async execute(client, interaction, itemName, quantity) {
    const inventory = client.db.getInventory(interaction.guildId, interaction.user.id);
    const owned = inventory.find((row) => row.item === itemName);
    if (!owned || owned.quantity < quantity) return interaction.reply('not enough');
    client.db.db.prepare('UPDATE inventory SET quantity = quantity - ? WHERE guildId = ? AND userId = ? AND item = ?').run(quantity, interaction.guildId, interaction.user.id, itemName);
    await interaction.reply('sold');
  },
};`;

ruleTester.run('no-unguarded-decrement: a synchronous stretch through the project getter of that name', rule, {
  valid: [
    // The one `getInventory` of the project reads the inventory table at once (better-sqlite3): read, check and write in one stretch.
    { code: SELL, filename: commandProject('one') },
  ],
  invalid: [
    // An \`await\` between the read and the write: another sale may run meanwhile.
    {
      code: SELL.replace("const owned", "await interaction.deferReply();\n    const owned"),
      filename: commandProject('await'),
      errors: [{ messageId: 'unguarded', line: 7 }],
    },
    // The project also uses an asynchronous driver: the read's rows are not proven to come at once.
    { code: SELL, filename: commandProject('pg', { dependencies: { pg: '^8' } }), errors: [{ messageId: 'unguarded', line: 6 }] },
    // The getter is async (its promise is not the rows).
    { code: SELL, filename: commandProject('async', { store: STORE.replace('  getInventory(', '  async getInventory(') }), errors: [{ messageId: 'unguarded', line: 6 }] },
    // Two functions of the project go by that name (one a cache): which one runs is not known.
    {
      code: SELL,
      filename: commandProject('two', { files: { 'cache.js': 'const rows = new Map();\nmodule.exports = { getInventory(guildId, userId) { return rows.get(`${guildId}:${userId}`) ?? []; } };' } }),
      errors: [{ messageId: 'unguarded', line: 6 }],
    },
    // The project's getter reads another table.
    { code: SELL, filename: commandProject('other-table', { store: STORE.replace('FROM inventory', 'FROM items') }), errors: [{ messageId: 'unguarded', line: 6 }] },
    // A name that does not speak of the table (\`get\`): any object (a cache) may have it.
    {
      code: SELL.replace('client.db.getInventory(', 'client.db.get('),
      filename: commandProject('get', { store: STORE.replace('  getInventory(', '  get(') }),
      errors: [{ messageId: 'unguarded', line: 6 }],
    },
  ],
});

/**
 * A Telegraf command on a synchronous driver that reads the row through a getter of the file
 * (`getChar(ctx.from.id)`), checks the balance with a default for a missing value and decrements, with
 * no `await` from the read to the write. `check` is the comparison, `between` goes after it.
 */
const defaultedCheck = (check = '(char.magic_balance || 0) < cost', between = '') => `${BUN}
import { Telegraf } from 'telegraf';
const bot = new Telegraf(process.env.BOT_TOKEN);
function getChar(uid) { return db.prepare('SELECT * FROM characters WHERE user_id = ?').get(uid); }
bot.command('heal', async (ctx) => {
  const char = getChar(ctx.from.id);
  if (!char) return ctx.reply('No hero.');
  const cost = 50000;
  if (${check}) return ctx.reply('Not enough.');${between}
  db.prepare('UPDATE characters SET injured = 0, magic_balance = magic_balance - ? WHERE user_id = ?').run(cost, ctx.from.id);
  await ctx.reply('Healed.');
});`;

ruleTester.run('no-unguarded-decrement: a balance compared with a default', rule, {
  valid: [
    // `(char.magic_balance || 0) < cost`: the balance is compared (a missing one counts as 0), in one synchronous stretch.
    defaultedCheck(),
    defaultedCheck('(char.magic_balance ?? 0) < cost'),
    defaultedCheck('cost > (char.magic_balance || 0)'),
  ],
  invalid: [
    // The same check, then an \`await\` before the write: another update may spend meanwhile.
    { code: defaultedCheck(undefined, "\n  await ctx.reply('Healing…');"), errors: [{ messageId: 'unguarded', line: 12 }] },
    // The default is another value, not a literal: the balance is not what is compared.
    { code: defaultedCheck('(char.magic_balance || bonus) < cost'), errors: [{ messageId: 'unguarded', line: 11 }] },
  ],
});
