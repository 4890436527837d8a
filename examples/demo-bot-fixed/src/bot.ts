import { Bot } from 'grammy';

import { registerAdmin } from './handlers/admin.js';
import { registerGenerate } from './handlers/generate.js';
import { registerWallet } from './handlers/wallet.js';

const bot = new Bot(process.env.BOT_TOKEN ?? '');

bot.command('start', (ctx) => ctx.reply('Welcome! Top up with /buy, spend with /spend.'));

registerWallet(bot);
registerGenerate(bot);
registerAdmin(bot);

bot.catch((err) => {
  console.error(`Update ${err.ctx.update.update_id} failed:`, err.error);
});

bot.start();
