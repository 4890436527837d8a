import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A grammY bot on better-sqlite3 whose spend lives in a query module (`db.js`): a getter, and a
 * helper that reads the row through it, checks the balance and decrements it. A handler module
 * (`handlers.js`) calls the helper with a key taken from the context it is given, and `bot.js`
 * registers that handler on a bot it starts with `start`, after the middleware `use`; `extra` is more code of the handler module, `files` more files of the project (a route, a worker). Returns the path of `db.js` (its text is
 * `module`, by default {@link QUERY_MODULE}: the read on line 6, the decrement on line 9; {@link PRISMA_QUERY_MODULE}: lines 7 and 9).
 */
export function helperModuleProject(
  name: string,
  { start = 'bot.start();', use = '', key = 'sender.id', extra = '', module = QUERY_MODULE, files = {} }: { start?: string; use?: string; key?: string; extra?: string; module?: string; files?: Record<string, string> } = {},
): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `helper-module-${name}-`));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('package.json', JSON.stringify({ type: 'module', dependencies: { grammy: '^1', '@grammyjs/runner': '^2', 'better-sqlite3': '^11', '@prisma/client': '^5', express: '^4' } }));
  write('db.js', module);
  for (const [file, text] of Object.entries(files)) write(file, text);
  write(
    'handlers.js',
    `import { spendTokens } from './db.js';
export async function onText(ctx) {
  const sender = ctx.from;
  if (!(await spendTokens(${key}, 5))) return ctx.reply('not enough tokens');
  await ctx.reply('done');
}
${extra}`,
  );
  write(
    'bot.js',
    `import { Bot } from 'grammy';
import { onText } from './handlers.js';
const bot = new Bot(process.env.TOKEN);
${use}
bot.on('message:text', async (ctx) => {
  await onText(ctx);
});
${start}
`,
  );
  return path.join(root, 'db.js');
}

/** grammY runner with `sequentialize` on the sender, for {@link helperModuleProject}: one user's updates one at a time, different users' at once. */
export const PER_USER = {
  use: "import { run, sequentialize } from '@grammyjs/runner';\nbot.use(sequentialize((ctx) => String(ctx.from?.id)));",
  start: 'run(bot);',
};

export const QUERY_MODULE = `import Database from 'better-sqlite3';
const sqlite = new Database('bot.db');
export async function getUser(telegramId) {
  return sqlite.prepare('SELECT * FROM users WHERE telegram_id = ?').get(telegramId);
}
export async function spendTokens(telegramId, amount) {
  const user = await getUser(telegramId);
  if (!user || user.tokens < amount) return false;
  sqlite.prepare('UPDATE users SET tokens = tokens - ? WHERE telegram_id = ?').run(amount, telegramId);
  return true;
}
`;

/** The same spend through Prisma: the row picked by an ORM `where` of the helper's parameter (`{ telegramId: String(telegramId) }`). */
export const PRISMA_QUERY_MODULE = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function getUser(telegramId) {
  return prisma.user.findUnique({ where: { telegramId: String(telegramId) } });
}
export async function spendTokens(telegramId, amount) {
  const user = await getUser(telegramId);
  if (!user || user.tokens < amount) return false;
  await prisma.user.update({ where: { telegramId: String(telegramId) }, data: { tokens: { decrement: amount } } });
  return true;
}
`;

/**
 * A grammY bot whose spend is a conversation builder of its own module (`buy.js`, {@link CONVERSATION_MODULE}:
 * the read on line 4, the write on line 8), registered by `bot.js` with `createConversation(buy)` on a
 * bot it starts with `start`. Returns the path of `buy.js`.
 */
export function conversationProject(name: string, start = 'bot.start();'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `conversation-${name}-`));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('package.json', JSON.stringify({ type: 'module', dependencies: { grammy: '^1', '@grammyjs/conversations': '^2', '@grammyjs/runner': '^2', '@prisma/client': '^5' } }));
  write('buy.js', CONVERSATION_MODULE);
  write(
    'bot.js',
    `import { Bot, session } from 'grammy';
import { conversations, createConversation } from '@grammyjs/conversations';
import { buy } from './buy.js';
const bot = new Bot(process.env.TOKEN);
bot.use(session({ initial: () => ({}) }));
bot.use(conversations());
bot.use(createConversation(buy, 'buy'));
bot.command('buy', (ctx) => ctx.conversation.enter('buy'));
${start}
`,
  );
  return path.join(root, 'buy.js');
}

export const CONVERSATION_MODULE = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function buy(conversation, ctx) {
  const user = await prisma.user.findUnique({ where: { telegramId: ctx.from?.id } });
  if (!user || user.tokens < 5) return ctx.reply('not enough tokens');
  await ctx.reply('Send the prompt');
  await conversation.waitFor('message:text');
  await prisma.user.update({ where: { telegramId: ctx.from?.id }, data: { tokens: user.tokens - 5 } });
}
`;

/**
 * A grammY bot whose spend is the query module's {@link QUERY_MODULE} (`db.js`, the read on line 6),
 * called by a conversation builder of a composer module (`shop.js`) that registers it in the same file
 * (`shop.use(createConversation(buy))`, `buy` not exported) and calls the spend inside
 * `conversation.external(…)`; `extra` is more code of `shop.js`. `bot.js` installs the composer on a
 * bot it starts with `start`. Returns the path of `db.js`.
 */
export function localConversationProject(name: string, { start = 'bot.start();', extra = '' }: { start?: string; extra?: string } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `local-conversation-${name}-`));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('package.json', JSON.stringify({ type: 'module', dependencies: { grammy: '^1', '@grammyjs/conversations': '^2', '@grammyjs/runner': '^2', 'better-sqlite3': '^11' } }));
  write('db.js', QUERY_MODULE);
  write(
    'shop.js',
    `import { Composer } from 'grammy';
import { createConversation } from '@grammyjs/conversations';
import { spendTokens } from './db.js';
export const shop = new Composer();
shop.use(createConversation(buy));
shop.command('buy', (ctx) => ctx.conversation.enter('buy'));
async function buy(conversation, ctx) {
  await ctx.reply('How many?');
  const amount = await conversation.form.number();
  await conversation.external(() => spendTokens(ctx.from.id, amount));
}
${extra}`,
  );
  write(
    'bot.js',
    `import { Bot, session } from 'grammy';
import { conversations } from '@grammyjs/conversations';
import { shop } from './shop.js';
const bot = new Bot(process.env.TOKEN);
bot.use(session({ initial: () => ({}) }));
bot.use(conversations());
bot.use(shop);
${start}
`,
  );
  return path.join(root, 'db.js');
}

/**
 * A grammY bot whose spend is a static method of a service class (`services.js`, {@link STATIC_SERVICE_MODULE}:
 * the read on line 6): `bot.js` calls `UserService.spendCoins(user.telegramId, 5)` in a handler, `user`
 * looked up by the sender's id, on a bot it starts with `start`; `extra` is more code of `bot.js`, `files`
 * more files of the project. Returns the path of `services.js`.
 */
export function staticServiceProject(
  name: string,
  { start = 'bot.start();', extra = '', files = {}, bot }: { start?: string; extra?: string; files?: Record<string, string>; bot?: string } = {},
): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `static-service-${name}-`));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('package.json', JSON.stringify({ type: 'module', dependencies: { grammy: '^1', '@grammyjs/runner': '^2', telegraf: '^4', mongoose: '^8', express: '^4' } }));
  write('services.js', STATIC_SERVICE_MODULE);
  write(
    'bot.js',
    bot ??
      `import { Bot } from 'grammy';
import { UserService } from './services.js';
export const bot = new Bot(process.env.TOKEN);
bot.command('radar', async (ctx) => {
  const user = await UserService.getById(ctx.from.id);
  if (!user || user.coins < 5) return ctx.reply('not enough coins');
  await UserService.spendCoins(user.telegramId, 5);
  await ctx.reply('done');
});
${extra}${start}
`,
  );
  for (const [file, text] of Object.entries(files)) write(file, text);
  return path.join(root, 'services.js');
}

/**
 * The same service as a CommonJS module that is the class itself (`module.exports = UserService`), with a
 * second spend, `removeCoins(user, amount)`, that checks the document it is given and decrements with `$inc`
 * (line 14); `bot.js` requires it under the name `Users`, has a middleware load the sender's document into
 * `ctx.player` (a value the per-user serialisation does not trace to the sender) and calls both on it, on a
 * bot it starts with `start`; `extra` is more code of `bot.js`, `files` more files, `bot` another `bot.js`.
 * Returns the path of `services.js`.
 */
export function commonJsServiceProject(name: string, { start = 'bot.start();', extra = '', files = {}, bot }: { start?: string; extra?: string; files?: Record<string, string>; bot?: string } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `cjs-service-${name}-`));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('package.json', JSON.stringify({ dependencies: { grammy: '^1', mongoose: '^8', express: '^4' } }));
  write('services.js', COMMONJS_SERVICE_MODULE);
  write(
    'bot.js',
    bot ??
    `const { Bot } = require('grammy');
const Users = require('./services');
const bot = new Bot(process.env.TOKEN);
bot.use(async (ctx, next) => {
  ctx.player = await Users.getById(ctx.from.id);
  await next();
});
bot.command('radar', async (ctx) => {
  const user = ctx.player;
  if (!user || user.coins < 5) return ctx.reply('not enough coins');
  await Users.spendCoins(user.telegramId, 5);
  await Users.removeCoins(user, 5);
  await ctx.reply('done');
});
${extra}${start}
`,
  );
  for (const [file, text] of Object.entries(files)) write(file, text);
  return path.join(root, 'services.js');
}

/** A command module whose exported handler spends through {@link COMMONJS_SERVICE_MODULE} (required inside it), and a `bot.js` that registers it by name (`extra`: more code of `bot.js`). */
export const commandModuleFiles = (extra = ''): { bot: string; files: Record<string, string> } => ({
  files: {
    'shop.js': `async function shopCommand(ctx) {
  const Users = require('./services');
  const user = ctx.player;
  if (!user || user.coins < 5) return ctx.reply('not enough coins');
  await Users.removeCoins(user, 5);
  await ctx.reply('bought');
}
module.exports = { shopCommand };
`,
  },
  bot: `const { Bot } = require('grammy');
const Users = require('./services');
const { shopCommand } = require('./shop');
const bot = new Bot(process.env.TOKEN);
bot.use(async (ctx, next) => {
  ctx.player = await Users.getById(ctx.from.id);
  await next();
});
bot.command('shop', shopCommand);
bot.callbackQuery('again', async (ctx) => {
  await shopCommand(ctx);
});
${extra}bot.start();
`,
});

/** The Mongoose model both service modules below declare. */
const USER_MODEL = "const User = mongoose.model('User', new mongoose.Schema({ telegramId: Number, coins: Number }));\n";
/** The static methods both service modules below share: a read, and a spend that checks then saves. */
const USER_SERVICE_METHODS = `  static async getById(telegramId) { return User.findOne({ telegramId }); }
  static async spendCoins(telegramId, amount) {
    const user = await User.findOne({ telegramId });
    if (!user || user.coins < amount) return false;
    user.coins -= amount;
    await user.save();
    return true;
  }
`;

export const COMMONJS_SERVICE_MODULE = `const mongoose = require('mongoose');
${USER_MODEL}class UserService {
${USER_SERVICE_METHODS}  static async removeCoins(user, amount) {
    if (user.coins < amount) return false;
    await User.updateOne({ _id: user._id }, { $inc: { coins: -amount } });
    return true;
  }
}
module.exports = UserService;
`;

export const STATIC_SERVICE_MODULE = `import mongoose from 'mongoose';
${USER_MODEL}export class UserService {
${USER_SERVICE_METHODS}}
`;

/**
 * Another writer of the spent table beside the bot of {@link helperModuleProject}: an express route
 * (`server.js`) and a timer (`worker.js`) that run `statement` — better-sqlite3 SQL on `users`, or with
 * `prisma` a Prisma call on `prisma.user` — outside the bot's updates.
 */
export function otherWriters(statement: string, prisma = false): Record<string, string> {
  const client = prisma
    ? "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n"
    : "import Database from 'better-sqlite3';\nconst sqlite = new Database('bot.db');\n";
  const run = prisma ? `await ${statement};` : `sqlite.prepare(${JSON.stringify(statement)}).run(amount, id);`;
  return {
    'server.js': `import express from 'express';\n${client}const app = express();\napp.post('/topup', async (req, res) => {\n  const { id, amount } = req.body;\n  ${run}\n  res.sendStatus(200);\n});\napp.listen(3000);\n`,
    'worker.js': `${client}setInterval(async () => {\n  const id = 1;\n  const amount = 5;\n  ${run}\n}, 60_000);\n`,
  };
}
