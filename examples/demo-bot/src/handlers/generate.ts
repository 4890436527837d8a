import type { Bot, Context } from 'grammy';
import { saveImage } from '../db.js';
import { generateImage } from '../services/image-api.js';

export function registerGenerate(bot: Bot<Context>) {
  bot.command('imagine', async (ctx) => {
    const prompt = ctx.match;
    if (!prompt) {
      await ctx.reply('Usage: /imagine <prompt>');
      return;
    }
    await ctx.reply('Generating…');
    generateImage({ prompt, userId: ctx.from.id })
      .then((url) => saveImage(prompt, url).then(() => ctx.replyWithPhoto(url)))
      .catch(() => ctx.reply('Generation failed'));
  });
}
