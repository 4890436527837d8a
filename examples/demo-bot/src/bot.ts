import express from 'express';
import { Bot, webhookCallback } from 'grammy';

import { registerAdmin } from './handlers/admin.js';
import { registerGenerate } from './handlers/generate.js';
import { registerWallet } from './handlers/wallet.js';

const bot = new Bot(process.env.BOT_TOKEN ?? '');

bot.command('start', (ctx) => ctx.reply('Welcome! Top up with /buy, spend with /spend.'));

registerWallet(bot);
registerGenerate(bot);
registerAdmin(bot);

// Telegram posts each update to the webhook as it comes: updates of many users run at once.
const app = express();
app.use(express.json());
app.post('/telegram', webhookCallback(bot, 'express'));
app.listen(Number(process.env.PORT ?? 3000));
