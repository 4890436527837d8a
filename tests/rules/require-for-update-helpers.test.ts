import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';
import {
  CONVERSATION_MODULE,
  conversationProject,
  helperModuleProject,
  localConversationProject,
  otherWriters,
  PER_USER,
  PRISMA_QUERY_MODULE,
  QUERY_MODULE,
  STATIC_SERVICE_MODULE,
  staticServiceProject,
  commonJsServiceProject,
  COMMONJS_SERVICE_MODULE,
} from './helper-module-projects.js';

const PG = "import pg from 'pg';\nconst pool = new pg.Pool();\n";
const getUser = "async function getUser(id) { const { rows } = await pool.query('SELECT id, points FROM users WHERE id = $1', [id]); return rows[0]; }\n";
const setPoints = "async function setPoints(id, points) { await pool.query('UPDATE users SET points = $1 WHERE id = $2', [points, id]); }\n";

/** A project on disk, for helpers imported from a relative path. */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-'));
fs.writeFileSync(
  path.join(project, 'db.ts'),
  [
    PG,
    `export ${getUser}`,
    `export ${setPoints}`,
    "export async function spend(id, cost) { await pool.query('UPDATE users SET points = points - $1 WHERE id = $2', [cost, id]); }",
    "export async function spendGuarded(id, cost) { await pool.query('UPDATE users SET points = points - $1 WHERE id = $2 AND points >= $1', [cost, id]); }",
  ].join('\n'),
);
const main = path.join(project, 'main.ts');

ruleTester.run('require-for-update (reads and writes through helpers)', rule, {
  valid: [
    // The fixed code: the write checks the condition itself.
    { code: "import { getUser, spendGuarded } from './db';\nexport async function buy(id, cost) { const u = await getUser(id); if (u.points < cost) return; await spendGuarded(id, cost); }", filename: main },
    // No check of the column between the read and the write.
    `${PG}${getUser}${setPoints}export async function sync(id, bonus) { const u = await getUser(id); await setPoints(id, u.points + bonus); }`,
    // The value written does not come from the read.
    `${PG}${getUser}${setPoints}export async function reset(id) { const u = await getUser(id); if (u.points < 0) await setPoints(id, 0); }`,
    // A write of another table.
    `${PG}${getUser}async function setStars(id, n) { await pool.query('UPDATE wallets SET points = $1 WHERE id = $2', [n, id]); }
export async function f(id, cost) { const u = await getUser(id); if (u.points < cost) return; await setStars(id, u.points - cost); }`,
    // A getter that locks its row.
    `${PG}async function getUser(id) { const { rows } = await pool.query('SELECT id, points FROM users WHERE id = $1 FOR UPDATE', [id]); return rows[0]; }
${setPoints}export async function f(id, cost) { const u = await getUser(id); if (u.points < cost) return; await setPoints(id, u.points - cost); }`,
    // Issue 16, a helper's read then raw SQL in the caller — the fixed code: the UPDATE checks the
    // condition itself and the changed-row count is tested.
    `${PG}${getUser}export async function buy(id, cost) {
  const u = await getUser(id);
  if (u.points < cost) return;
  const { rowCount } = await pool.query('UPDATE users SET points = points - $1 WHERE id = $2 AND points >= $1', [cost, id]);
  if (rowCount === 0) return;
}`,
    // … a value not from the read.
    `${PG}${getUser}export async function reset(id, cost) { const u = await getUser(id); if (u.points < cost) return; await pool.query('UPDATE users SET points = $1 WHERE id = $2', [cost, id]); }`,
    // Issue 16, a claim through a helper's read — the fixed code: the reset checks the condition
    // itself and the payout runs only when it changed the row.
    `${PG}${getUser}export async function claim(id) {
  const u = await getUser(id);
  if (u.points < 100) return;
  const { rowCount } = await pool.query('UPDATE users SET points = 0 WHERE id = $1 AND points >= 100', [id]);
  if (rowCount === 0) return;
  await payOut(id, u.points);
}`,
    // … a reset whose check gates nothing a second run repeats (a chat reply, a lookup).
    `${PG}${getUser}export async function reset(ctx, id) {
  const u = await getUser(id);
  if (u.points < 100) return;
  await pool.query('UPDATE users SET points = 0 WHERE id = $1', [id]);
  await ctx.reply(\`Reset \${u.points} points\`);
  const { rows } = await pool.query('SELECT points FROM users WHERE id = $1', [id]);
  return rows;
}`,
    // A package function is never summarised.
    "import { getUser, setPoints } from 'some-db';\nexport async function f(id, cost) { const u = await getUser(id); if (u.points < cost) return; await setPoints(id, u.points - cost); }",
  ],
  invalid: [
    {
      // Issue 16: the helper reads, the caller checks and writes back with raw SQL a value computed from the read.
      code: `${PG}${getUser}export async function buy(id, cost) {
  const u = await getUser(id);
  if (u.points < cost) return;
  await pool.query('UPDATE users SET points = $1 WHERE id = $2', [u.points - cost, id]);
}`,
      errors: [{ messageId: 'missingLockHelper', line: 5, column: 19, data: { table: 'users', field: 'points', line: '7', writer: 'pool.query', lock: ', or read it with `SELECT … FOR UPDATE` in the same transaction as the write' } }],
    },
    {
      // … or decrements the checked column with no condition on it (D1, where no FOR UPDATE exists).
      code: `async function getUser(env, id) { return env.DB.prepare('SELECT points FROM users WHERE id = ?').bind(id).first(); }
export async function buy(env, id, cost) {
  const u = await getUser(env, id);
  if (u.points < cost) return;
  await env.DB.prepare('UPDATE users SET points = points - ? WHERE id = ?').bind(cost, id).run();
}`,
      errors: [{ messageId: 'missingLockHelper', line: 3, data: { table: 'users', field: 'points', line: '5', writer: 'env.DB.prepare', lock: '' } }],
    },
    {
      // Same-file helpers: read, check, write back a value computed from the read.
      code: `${PG}${getUser}${setPoints}export async function buy(id, cost) {
  const u = await getUser(id);
  if (u.points < cost) return;
  await setPoints(id, u.points - cost);
}`,
      errors: [{ messageId: 'missingLockHelper', line: 6, column: 19, data: { table: 'users', field: 'points', line: '8', writer: 'setPoints', lock: ', or read it with `SELECT … FOR UPDATE` in the same transaction as the write' } }],
    },
    {
      // Issue 16, a double claim: the helper reads, the caller checks u.points, resets the column to a
      // literal and pays out what it read — two runs both pass the check and both pay out.
      code: `${PG}${getUser}export async function claim(id) {
  const u = await getUser(id);
  if (u.points < 100) return;
  await pool.query('UPDATE users SET points = 0 WHERE id = $1', [id]);
  await payOut(id, u.points);
}`,
      errors: [{ messageId: 'missingLockHelper', line: 5, column: 19, data: { table: 'users', field: 'points', line: '7', writer: 'pool.query', lock: ', or read it with `SELECT … FOR UPDATE` in the same transaction as the write' } }],
    },
    {
      // Helpers imported from a project file: the write decrements the checked column.
      code: "import { getUser, spend } from './db';\nexport async function buy(id, cost) {\n  const u = await getUser(id);\n  if (u.points < cost) return;\n  await spend(id, cost);\n}",
      filename: main,
      errors: [{ messageId: 'missingLockHelper', line: 3, data: { table: 'users', field: 'points', line: '5', writer: 'spend', lock: ', or read it with `SELECT … FOR UPDATE` in the same transaction as the write' } }],
    },
  ],
});

/** More of the handler module: an exported function that reads and writes on a value of the module, not on the sender. */
const OWNER = 'let owner = 0;\nexport async function onOwner() { await spendTokens(owner, 1); }\n';

ruleTester.run('require-for-update: a query module called from serialised handlers', rule, {
  valid: [
    // The read-check-write sits in a query module; every caller is a handler of a grammY bot started
    // with `bot.start()` (one update at a time) and passes the sender's own id.
    { code: QUERY_MODULE, filename: helperModuleProject('started') },
    // The sender's id converted, or the chat's id through a template.
    { code: QUERY_MODULE, filename: helperModuleProject('converted', { key: 'String(sender.id)' }) },
    { code: QUERY_MODULE, filename: helperModuleProject('template', { key: '`${ctx.chat?.id}`' }) },
    // Prisma: the helper selects the row by an ORM `where` object of its parameter (`{ telegramId: String(telegramId) }`).
    { code: PRISMA_QUERY_MODULE, filename: helperModuleProject('prisma-started', { module: PRISMA_QUERY_MODULE }) },
    // Another user's tokens under `bot.start()`, while a route and a timer only raise them (`{ increment }`): round 22's
    // Rauf-Ai/NanobananaBot require-for-update#12 (payments and worker refunds only increment `credits`).
    {
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject('prisma-increments', {
        module: PRISMA_QUERY_MODULE,
        key: 'ctx.message.reply_to_message.from.id',
        files: otherWriters('prisma.user.update({ where: { telegramId: String(id) }, data: { tokens: { increment: amount } } })', true),
      }),
    },
    // A conversation builder of its own module, registered with `createConversation(buy)` on a bot started with `bot.start()`.
    { code: CONVERSATION_MODULE, filename: conversationProject('started') },
    // A query module whose one caller is a conversation builder its composer module registers in the same file
    // (`shop.use(createConversation(buy))`, `buy` not exported), on a bot started with `bot.start()`.
    { code: QUERY_MODULE, filename: localConversationProject('started') },
    // Under `bot.start()` a caller in an exported function nothing calls (`onOwner`) runs in no loop: only the handler's call runs.
    { code: QUERY_MODULE, filename: helperModuleProject('module-value-dead', { extra: OWNER }) },
  ],
  invalid: [
    // The same local conversation builder under grammY runner's `run(bot)`, or also passed to a timer (run outside any update).
    { code: QUERY_MODULE, filename: localConversationProject('runner', { start: "import { run } from '@grammyjs/runner';\nrun(bot);" }), errors: [{ messageId: 'missingLockHelper', line: 7 }] },
    { code: QUERY_MODULE, filename: localConversationProject('timer', { extra: 'setInterval(buy, 60_000);\n' }), errors: [{ messageId: 'missingLockHelper', line: 7 }] },
    // The same conversation under grammY runner's `run(bot)`, and a row picked by the command's text, not by the sender.
    { code: CONVERSATION_MODULE, filename: conversationProject('runner', "import { run } from '@grammyjs/runner';\nrun(bot);"), errors: [{ messageId: 'missingLockPrisma', line: 4 }] },
    { code: CONVERSATION_MODULE.replaceAll('ctx.from?.id', 'Number(ctx.match)'), filename: conversationProject('foreign'), errors: [{ messageId: 'missingLockPrisma', line: 4 }] },
    // The same Prisma module under grammY runner's `run(bot)`, and with another user's id under per-user `sequentialize`.
    {
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject('prisma-runner', { module: PRISMA_QUERY_MODULE, start: "import { run } from '@grammyjs/runner';\nrun(bot);" }),
      errors: [{ messageId: 'missingLockPrisma', line: 7 }],
    },
    {
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject('prisma-foreign', { ...PER_USER, module: PRISMA_QUERY_MODULE, key: 'ctx.message.reply_to_message.from.id' }),
      errors: [{ messageId: 'missingLockPrisma', line: 7 }],
    },
    // The valid twin's route and timer set the tokens (a reset to a value): the check may pass on tokens about to be replaced.
    {
      code: PRISMA_QUERY_MODULE,
      filename: helperModuleProject('prisma-sets', {
        module: PRISMA_QUERY_MODULE,
        key: 'ctx.message.reply_to_message.from.id',
        files: otherWriters('prisma.user.update({ where: { telegramId: String(id) }, data: { tokens: amount } })', true),
      }),
      errors: [{ messageId: 'missingLockPrisma', line: 7 }],
    },
    // The same module under grammY runner's `run(bot)`, and a handler that spends another user's tokens under per-user `sequentialize`.
    { code: QUERY_MODULE, filename: helperModuleProject('runner', { start: "import { run } from '@grammyjs/runner';\nrun(bot);" }), errors: [{ messageId: 'missingLockHelper', line: 7 }] },
    { code: QUERY_MODULE, filename: helperModuleProject('foreign', { ...PER_USER, key: 'ctx.message.reply_to_message.from.id' }), errors: [{ messageId: 'missingLockHelper', line: 7 }] },
    // A job of the handler module spends too, outside any update.
    { code: QUERY_MODULE, filename: helperModuleProject('job', { extra: 'setInterval(() => spendTokens(42, 1), 60_000);\n' }), errors: [{ messageId: 'missingLockHelper', line: 7 }] },
    // A spend keyed on a value of the handler module, not on the sender, under per-user `sequentialize`; and under
    // `bot.start()` with that function run by a timer (the valid twin's function nothing calls).
    { code: QUERY_MODULE, filename: helperModuleProject('module-value', { ...PER_USER, extra: OWNER }), errors: [{ messageId: 'missingLockHelper', line: 7 }] },
    { code: QUERY_MODULE, filename: helperModuleProject('module-value-timer', { extra: `${OWNER}setInterval(onOwner, 60_000);\n` }), errors: [{ messageId: 'missingLockHelper', line: 7 }] },
  ],
});

const EXPRESS_ROUTE = `import express from 'express';
import { UserService } from './services.js';
const app = express();
app.post('/spend', async (req, res) => res.json(await UserService.spendCoins(Number(req.body.id), 5)));
app.listen(3000);
`;

ruleTester.run('require-for-update: a static method of a service class called from serialised handlers', rule, {
  valid: [
    // `UserService.spendCoins(…)` is called only from a handler of a grammY bot started with `bot.start()`, with the
    // id of the user the handler looked up by the sender.
    { code: STATIC_SERVICE_MODULE, filename: staticServiceProject('started') },
  ],
  invalid: [
    // A second caller: an Express route, with an id from the request body.
    { code: STATIC_SERVICE_MODULE, filename: staticServiceProject('express', { files: { 'server.js': EXPRESS_ROUTE } }), errors: [{ messageId: 'missingLockMongo', line: 6 }] },
    // The same bot also served by a webhook, by grammY runner, or fed updates by hand (`bot.handleUpdate`).
    {
      code: STATIC_SERVICE_MODULE,
      filename: staticServiceProject('webhook', { files: { 'server.js': "import express from 'express';\nimport { webhookCallback } from 'grammy';\nimport { bot } from './bot.js';\nexpress().use(webhookCallback(bot, 'express')).listen(3000);\n" } }),
      errors: [{ messageId: 'missingLockMongo', line: 6 }],
    },
    { code: STATIC_SERVICE_MODULE, filename: staticServiceProject('runner', { start: "import { run } from '@grammyjs/runner';\nrun(bot);" }), errors: [{ messageId: 'missingLockMongo', line: 6 }] },
    {
      code: STATIC_SERVICE_MODULE,
      filename: staticServiceProject('handle-update', { files: { 'server.js': "import express from 'express';\nimport { bot } from './bot.js';\nconst app = express();\napp.post('/hook', async (req, res) => { await bot.handleUpdate(req.body); res.end(); });\napp.listen(3000);\n" } }),
      errors: [{ messageId: 'missingLockMongo', line: 6 }],
    },
    // A Telegraf bot: `launch()` handles each batch of updates at once.
    {
      code: STATIC_SERVICE_MODULE,
      filename: staticServiceProject('telegraf', {
        bot: `import { Telegraf } from 'telegraf';
import { UserService } from './services.js';
const bot = new Telegraf(process.env.TOKEN);
bot.command('radar', async (ctx) => {
  const user = await UserService.getById(ctx.from.id);
  if (!user || user.coins < 5) return ctx.reply('not enough coins');
  await UserService.spendCoins(user.telegramId, 5);
});
bot.launch();
`,
      }),
      errors: [{ messageId: 'missingLockMongo', line: 6 }],
    },
    // The class passed on as a value (its callers unseen), or subclassed.
    { code: STATIC_SERVICE_MODULE, filename: staticServiceProject('passed', { extra: 'globalThis.services = { users: UserService };\n' }), errors: [{ messageId: 'missingLockMongo', line: 6 }] },
    { code: STATIC_SERVICE_MODULE, filename: staticServiceProject('subclass', { extra: 'class Admins extends UserService {}\nsetInterval(() => Admins.spendCoins(42, 1), 60_000);\n' }), errors: [{ messageId: 'missingLockMongo', line: 6 }] },
    // A timer of the bot's file spends too, outside any update.
    { code: STATIC_SERVICE_MODULE, filename: staticServiceProject('timer', { extra: 'setInterval(() => UserService.spendCoins(42, 1), 60_000);\n' }), errors: [{ messageId: 'missingLockMongo', line: 6 }] },
  ],
});

ruleTester.run('require-for-update: a static method of a CommonJS module that is the class', rule, {
  valid: [
    // `module.exports = UserService`, required as `Users`: `Users.spendCoins(…)` is called only from a handler of a
    // grammY bot started with `bot.start()`, with the id of the user the handler looked up by the sender.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('started') },
  ],
  invalid: [
    // A second caller, an Express route with an id from the request body.
    {
      code: COMMONJS_SERVICE_MODULE,
      filename: commonJsServiceProject('express', {
        files: { 'server.js': "const express = require('express');\nconst Users = require('./services');\nconst app = express();\napp.post('/spend', async (req, res) => res.json(await Users.spendCoins(Number(req.body.id), 5)));\napp.listen(3000);\n" },
      }),
      errors: [{ messageId: 'missingLockMongo', line: 6 }],
    },
    // The class created or subclassed where it is required: what its static methods are called through is not followed.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('subclass', { extra: 'class Admins extends Users {}\nsetInterval(() => Admins.spendCoins(42, 1), 60_000);\n' }), errors: [{ messageId: 'missingLockMongo', line: 6 }] },
    // The module passed on as a value.
    { code: COMMONJS_SERVICE_MODULE, filename: commonJsServiceProject('passed', { extra: 'globalThis.services = Users;\n' }), errors: [{ messageId: 'missingLockMongo', line: 6 }] },
  ],
});

/** A shop whose database module (`./database.js`, `database`) another file opens; the helper reads on line 2, the caller writes on line 6. */
const handleProject = (name: string, database: string) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-handle-${name}-`));
  fs.writeFileSync(path.join(root, 'database.js'), database);
  const code = `const db = require('./database');
async function getUser(id) { return db.prepare('SELECT id, points FROM users WHERE id = ?').get(id); }
export async function buy(id, cost) {
  const u = await getUser(id);
  if (u.points < cost) return;
  await db.prepare('UPDATE users SET points = ? WHERE id = ?').run(u.points - cost, id);
}`;
  return { code, filename: path.join(root, 'shop.js') };
};

// Issue 12: the helper's read runs on the handle the database module opens; on SQLite the message offers no `FOR UPDATE`.
ruleTester.run('require-for-update: helpers on a handle another file opens', rule, {
  valid: [],
  invalid: [
    {
      ...handleProject('sqlite', "const Database = require('better-sqlite3');\nmodule.exports = new Database('shop.db');\n"),
      errors: [{ messageId: 'missingLockHelper', line: 4, data: { table: 'users', field: 'points', line: '6', writer: 'db.prepare', lock: '' } }],
    },
    {
      ...handleProject('mysql', "const mysql = require('mysql2');\nconst db = mysql.createPool({});\nmodule.exports = db;\n"),
      errors: [{ messageId: 'missingLockHelper', line: 4, data: { table: 'users', field: 'points', line: '6', writer: 'db.prepare', lock: ', or read it with `SELECT … FOR UPDATE` in the same transaction as the write' } }],
    },
  ],
});
