import type { Bot, Context } from 'grammy';

import { findUser, pool } from '../db.js';

export function registerWallet(bot: Bot<Context>) {
  bot.command('balance', async (ctx) => {
    const { rows } = await pool.query('SELECT balance FROM users WHERE telegram_id = $1', [ctx.from.id]);
    await ctx.reply(`Your balance: ${rows[0]?.balance ?? 0} credits`);
  });

  bot.command('spend', async (ctx) => {
    const price = 10;
    const { rows } = await pool.query('SELECT id, balance FROM users WHERE telegram_id = $1', [ctx.from.id]);
    const user = rows[0];
    if (!user || user.balance < price) {
      await ctx.reply('Not enough credits');
      return;
    }
    await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, user.id]);
    await ctx.reply('Done!');
  });

  bot.on('pre_checkout_query', (ctx) => ctx.answerPreCheckoutQuery(true).catch(() => {}));

  bot.on('message:successful_payment', async (ctx) => {
    const payment = ctx.message.successful_payment;
    const credits = payment.total_amount / 100;
    try {
      await pool.query(
        'INSERT INTO payments (user_id, telegram_payment_charge_id, amount) VALUES ($1, $2, $3)',
        [ctx.from.id, payment.telegram_payment_charge_id, credits],
      );
      await pool.query('UPDATE users SET balance = balance + $1 WHERE telegram_id = $2', [credits, ctx.from.id]);
      await ctx.reply(`Added ${credits} credits`);
    } catch (e) {
      await ctx.reply('Payment could not be processed, please contact support');
    }
  });

  bot.command('balance', async (ctx) => {
    const user = await findUser(ctx.chat.id);
    await ctx.reply(`Balance: ${user?.balance ?? 0} credits`);
  });
}
