import type { Bot, Context } from 'grammy';

import { parseAmount, pool } from '../db.js';

const ADMINS = new Set(
  (process.env.ADMIN_IDS ?? '')
    .split(',')
    .map((id) => parseAmount(id, Number.MAX_SAFE_INTEGER))
    .filter((id): id is number => id !== null),
);

export function registerAdmin(bot: Bot<Context>) {
  bot.command('grant', async (ctx) => {
    if (!ctx.from || !ADMINS.has(ctx.from.id)) return;
    const [userIdText, amountText] = ctx.match.split(' ');
    const userId = parseAmount(userIdText, Number.MAX_SAFE_INTEGER);
    const amount = parseAmount(amountText);
    if (userId === null || amount === null) {
      await ctx.reply('Usage: /grant <telegram id> <amount>');
      return;
    }
    await pool.query('UPDATE users SET balance = balance + $1 WHERE telegram_id = $2', [amount, userId]);
    await ctx.reply('Granted');
  });

  bot.callbackQuery(/^ban:(\d+)$/, async (ctx) => {
    if (!ctx.from || !ADMINS.has(ctx.from.id)) return;
    const userId = parseAmount(ctx.match[1], Number.MAX_SAFE_INTEGER);
    if (userId === null) return;
    await pool.query('UPDATE users SET banned = true WHERE telegram_id = $1', [userId]);
    const message = ctx.callbackQuery.message;
    // Messages older than 48 hours are inaccessible: `message` is missing or has no text.
    if (message && 'text' in message && message.text !== undefined) {
      await ctx.editMessageText(`${message.text}\n\nBanned.`);
    }
    try {
      await ctx.answerCallbackQuery();
    } catch (error) {
      console.error('answerCallbackQuery failed', error);
    }
  });
}
