import express from 'express';
import { Bot, webhookCallback } from 'grammy';

import { registerAdmin } from './handlers/admin.js';
import { registerGenerate } from './handlers/generate.js';
import { registerWallet } from './handlers/wallet.js';

const bot = new Bot(process.env.BOT_TOKEN ?? '');

// grammY calls `bot.catch` only under `bot.start()`: under a webhook, a middleware installed first catches every handler's error.
bot.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    console.error(`Update ${ctx.update.update_id} failed:`, err);
  }
});

bot.command('start', (ctx) => ctx.reply('Welcome! Top up with /buy, spend with /spend.'));

registerWallet(bot);
registerGenerate(bot);
registerAdmin(bot);

// Telegram posts each update to the webhook as it comes: updates of many users run at once.
const app = express();
app.use(express.json());
app.post('/telegram', webhookCallback(bot, 'express'));
app.listen(Number(process.env.PORT ?? 3000));
