import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A grammY bot on better-sqlite3 whose spend lives in a query module (`db.js`): a getter, and a
 * helper that reads the row through it, checks the balance and decrements it. A handler module
 * (`handlers.js`) calls the helper with a key taken from the context it is given, and `bot.js`
 * registers that handler on a bot it starts with `start`; `extra` is more code of the handler module. Returns the path of `db.js` (its text is
 * {@link QUERY_MODULE}); the read is on line 6, the decrement on line 9.
 */
export function helperModuleProject(name: string, { start = 'bot.start();', key = 'sender.id', extra = '' }: { start?: string; key?: string; extra?: string } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `helper-module-${name}-`));
  const write = (file: string, text: string) => fs.writeFileSync(path.join(root, file), text);
  write('package.json', JSON.stringify({ type: 'module', dependencies: { grammy: '^1', '@grammyjs/runner': '^2', 'better-sqlite3': '^11' } }));
  write('db.js', QUERY_MODULE);
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
bot.on('message:text', async (ctx) => {
  await onText(ctx);
});
${start}
`,
  );
  return path.join(root, 'db.js');
}

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
