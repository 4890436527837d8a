import type { Bot, Context } from 'grammy';

import { pool } from '../db.js';

const ADMINS = new Set((process.env.ADMIN_IDS ?? '').split(',').map(Number));

export function registerAdmin(bot: Bot<Context>) {
  bot.command('grant', async (ctx) => {
    if (!ADMINS.has(ctx.from.id)) return;
    const [userId, amount] = ctx.match.split(' ');
    await pool.query('UPDATE users SET balance = balance + $1 WHERE telegram_id = $2', [Number(amount), Number(userId)]);
    await ctx.reply('Granted');
  });

  bot.callbackQuery(/^ban:(\d+)$/, async (ctx) => {
    const userId = Number(ctx.match[1]);
    await pool.query('UPDATE users SET banned = true WHERE telegram_id = $1', [userId]);
    await ctx.editMessageText(`${ctx.callbackQuery.message.text.trim()}\n\nBanned.`);
    try {
      await ctx.answerCallbackQuery();
    } catch {}
  });
}
