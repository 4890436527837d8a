import type { Bot, Context } from 'grammy';

import { pool } from '../db.js';

export function registerWallet(bot: Bot<Context>) {
  bot.command('balance', async (ctx) => {
    if (!ctx.from) return;
    const { rows } = await pool.query('SELECT balance FROM users WHERE telegram_id = $1', [ctx.from.id]);
    await ctx.reply(`Your balance: ${rows[0]?.balance ?? 0} credits`);
  });

  bot.command('spend', async (ctx) => {
    if (!ctx.from) return;
    const price = 10;
    // One guarded statement: two concurrent /spend commands cannot both pass the check.
    const { rowCount } = await pool.query(
      'UPDATE users SET balance = balance - $1 WHERE telegram_id = $2 AND balance >= $1',
      [price, ctx.from.id],
    );
    await ctx.reply(rowCount === 1 ? 'Done!' : 'Not enough credits');
  });

  bot.on('pre_checkout_query', (ctx) =>
    ctx.answerPreCheckoutQuery(true).catch((error: unknown) => console.error('answerPreCheckoutQuery failed', error)),
  );

  bot.on('message:successful_payment', async (ctx) => {
    if (!ctx.from) return;
    const payment = ctx.message.successful_payment;
    const credits = payment.total_amount / 100;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT id FROM users WHERE telegram_id = $1 FOR UPDATE', [ctx.from.id]);
      // Telegram may deliver the same payment twice: the charge id is unique, the second insert does nothing.
      const inserted = await client.query(
        'INSERT INTO payments (user_id, telegram_payment_charge_id, amount) VALUES ($1, $2, $3) ON CONFLICT (telegram_payment_charge_id) DO NOTHING',
        [ctx.from.id, payment.telegram_payment_charge_id, credits],
      );
      if (inserted.rowCount === 1) {
        await client.query('UPDATE users SET balance = balance + $1 WHERE telegram_id = $2', [credits, ctx.from.id]);
      }
      await client.query('COMMIT');
      await ctx.reply(`Added ${credits} credits`);
    } catch (error) {
      await client.query('ROLLBACK');
      console.error('payment failed', payment.telegram_payment_charge_id, error);
      await ctx.reply('Payment could not be processed, please contact support');
    } finally {
      client.release();
    }
  });
}
