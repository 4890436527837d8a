import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import rule from '../../src/rules/require-number-validation.js';
import { ruleTester } from '../rule-tester.js';

/** The wider behaviour: every use counts, not only one that does harm unseen. */
const EVERY_USE = { checkEveryUse: true };

const grammy = "import { Bot } from 'grammy';\nconst bot = new Bot('t');\n";
const telegraf = "import { Telegraf } from 'telegraf';\nconst bot = new Telegraf('t');\n";
const ntba = "import TelegramBot from 'node-telegram-bot-api';\nconst bot = new TelegramBot('t', { polling: true });\n";

const payCommand = (body: string): string => `${grammy}bot.command('pay', async (ctx) => {\n${body}\n});`;
/** A grammY composer with a middleware installed by `use` before its handlers; `check` decides whether it passes on. */
const gatedComposer = (check: string, order: 'before' | 'after' = 'before'): string => {
  const gate = `composer.use(async (ctx, next) => {\n  if (${check}) await next();\n});\n`;
  const handler = "composer.chatType('private').command('rate', async (ctx) => {\n  const rate = Number(ctx.match);\n  await setRate(rate);\n});\n";
  return `import { Composer } from 'grammy';\nconst composer = new Composer();\nconst checkUser = async (ctx) => await checkAdmin(ctx.from?.id || 0);\n${order === 'before' ? gate + handler : handler + gate}`;
};
const adminFeature = (predicate: string): string =>
  `import { Composer } from 'grammy';\nconst composer = new Composer();\nconst feature = composer.filter((ctx) => ${predicate});\nfeature.command('rate', async (ctx) => {\n  const rate = Number(ctx.match);\n  await setRate(rate);\n});`;

ruleTester.run('require-number-validation', rule, {
  valid: [
    // Validity checks, in every shape, before the use.
    payCommand('  const amount = Number(ctx.match);\n  if (Number.isNaN(amount)) return;\n  await db.query("UPDATE u SET b = b + $1", [amount]);'),
    payCommand('  const amount = Number(ctx.match);\n  if (isNaN(amount)) return;\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  if (!Number.isFinite(amount)) return;\n  await charge(amount);'),
    payCommand('  const amount = parseInt(ctx.match, 10);\n  if (!Number.isInteger(amount)) return;\n  await charge(amount);'),
    payCommand('  const amount = parseInt(ctx.match, 10);\n  if (!Number.isSafeInteger(amount)) throw new Error("bad");\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  if (!amount) return ctx.reply("Usage: /pay 10");\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  if (amount > 0 && amount <= 1000) await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  if (!(amount > 0)) return;\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match) || 0;\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  amount ? await charge(amount) : await ctx.reply("?");'),
    payCommand('  const amount = Number(ctx.match);\n  amount && (await charge(amount));'),
    payCommand('  const amount = Number(ctx.match) | 0;\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  if (amount !== amount) return;\n  await charge(amount);'),
    payCommand('  const amount = z.number().positive().parse(Number(ctx.match));\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  const parsed = AmountSchema.safeParse(amount);\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  v.parse(v.number(), amount);\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  await schema.validate(amount);\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  if (!isValidAmount(amount)) return;\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  assertPositive(amount);\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  while (!amount) break;\n  await charge(amount);'),
    // A guard through an alias.
    payCommand('  const raw = Number(ctx.match);\n  const amount = raw;\n  if (Number.isNaN(amount)) return;\n  await charge(amount);'),
    // Uses that do not need a check: shown, logged, stringified, compared for equality, returned.
    payCommand('  const amount = Number(ctx.match);\n  await ctx.reply(`You asked for ${amount}`);'),
    payCommand('  const amount = Number(ctx.match);\n  console.log(amount);\n  logger.info({ amount });'),
    payCommand('  const amount = Number(ctx.match);\n  await ctx.reply("Amount: " + amount);'),
    payCommand('  const amount = Number(ctx.match);\n  await ctx.reply(String(amount));\n  await ctx.reply(amount.toFixed(2));'),
    payCommand('  const amount = Number(ctx.match);\n  if (amount === 0) return;'),
    payCommand('  return Number(ctx.match);'),
    payCommand('  const { x } = Number(ctx.match);\n  await charge(x);'),
    payCommand('  const amount = Number(ctx.match);\n  const text = typeof amount;\n  await charge(text);'),
    payCommand('  let amount = Number(ctx.match);\n  amount = 10;\n  await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  label`${amount}`;'),
    payCommand('  const amount = Number(ctx.match);\n  const n = amount.valueOf;\n  await charge(n);'),
    payCommand('  const amount = Number(ctx.match);\n  const o = { [amount]: 1 };\n  await charge(o);'),
    payCommand('  const amount = Number(ctx.match);\n  let n;\n  n = amount;\n  await charge(n);'),
    payCommand('  const amount = Number(ctx.match);\n  [amount] = [1];'),
    payCommand('  const amount = Number(ctx.match);\n  if (amount in table) return;'),
    // Digits-only capture groups cannot give NaN.
    `${grammy}bot.callbackQuery(/^ban:(\\d+)$/, async (ctx) => {\n  await db.query("UPDATE u SET banned = true WHERE id = $1", [Number(ctx.match[1])]);\n});`,
    `${grammy}bot.hears(/^\\/pay (?<amount>[0-9]{1,6})$/, async (ctx) => {\n  await charge(Number(ctx.match[1]));\n});`,
    `${grammy}bot.hears(/^\\/pay (-?\\d+(?:\\.\\d+)?)$/, async (ctx) => {\n  await charge(Number(ctx.match[1]));\n});`,
    `${ntba}bot.onText(/\\/pay (\\d+)/, async (msg, match) => {\n  await charge(Number(match[1]));\n});`,
    payCommand('  const m = ctx.msg.text.match(/^\\/pay (\\d+)$/);\n  if (!m) return;\n  await charge(Number(m[1]));'),
    payCommand('  const m = /^\\/pay (\\d+)$/.exec(ctx.msg.text);\n  if (!m) return;\n  await charge(Number(m[1]));'),
    // A lookup that is tested: unknown keys (NaN among them) are rejected.
    payCommand('  const coins = parseInt(ctx.msg.text);\n  if (!PACKS[coins]) return ctx.reply("Pick 100, 500 or 1000");\n  await buy(coins);'),
    // Every value of a list passes a digits-only test before any is parsed.
    payCommand('  const [price, quota] = ctx.match.split(" ");\n  if (![price, quota].every((v) => /^\\d+$/.test(v))) return ctx.reply("numbers only");\n  await db.query("INSERT INTO plans (price, quota) VALUES ($1, $2)", [parseInt(price), parseInt(quota)]);'),
    payCommand('  const [price, quota] = ctx.match.split(" ");\n  const DIGITS = /^\\d+$/;\n  if (![price, quota].every(function (v) { return DIGITS.test(v); })) return;\n  await db.query("INSERT INTO plans (price) VALUES ($1)", [parseInt(price)]);'),
    // An allow-list of number literals decides a branch: only the listed numbers go on (NaN never).
    payCommand('  const slides = Number(ctx.msg.text);\n  if (![5, 10, 15].includes(slides)) return ctx.reply("5, 10 or 15");\n  await Deck.create({ slides });'),
    { code: `const SIZES = [5, 10, 15];\n${payCommand('  const slides = Number(ctx.match);\n  if (!SIZES.includes(slides)) return;\n  await db.query("UPDATE decks SET slides = $1", [slides]);')}`, options: [{ requireRange: true }] },
    payCommand('  const months = Number(ctx.match);\n  if (new Set([1, 3, 12]).has(months) && ctx.from) await Sub.create({ months });'),
    // The lookup stored first, its miss tested next: only a key of the table goes on.
    payCommand('  const months = Number(ctx.match);\n  const rate = RATES[months];\n  if (!rate) return ctx.reply("3, 6 or 12 months");\n  await Loan.create({ months, rate });'),
    payCommand('  const months = Number(ctx.match);\n  const { rate } = { rate: 1 };\n  const price = PRICES[months];\n  if (price === undefined) {\n    await ctx.reply("Unknown plan");\n    return;\n  }\n  await buy(months, price);'),
    // A constant table: its keys bound the number too, where a bound is required.
    {
      code: `const RATES = { 3: 1.3, 6: 1.2, 12: 1.1 };\n${payCommand('  const months = Number(ctx.match);\n  const rate = RATES[months];\n  if (!rate) return;\n  await db.query("UPDATE loans SET months = $1", [months]);')}`,
      options: [{ requireRange: true }],
    },
    {
      code: `const PRICES = [0, 100, 250];\n${payCommand('  const plan = Number(ctx.match);\n  if (!PRICES[plan]) return;\n  await db.query("UPDATE subs SET plan = $1", [plan]);')}`,
      options: [{ requireRange: true }],
    },
    {
      code: `const PLANS = new Map([[1, 100], [12, 1000]]);\n${payCommand('  const months = Number(ctx.match);\n  const price = PLANS.get(months);\n  if (!price) return;\n  await db.query("UPDATE subs SET months = $1", [months]);')}`,
      options: [{ requireRange: true }],
    },
    // A digits-only group read through an alias.
    `${telegraf}bot.action(/^ok_(\\d+)_(\\d+)$/, async (ctx) => {\n  const userId = ctx.match[2];\n  await notify({ id: Number(userId) });\n});`,
    // A `hears` trigger of fixed strings: the text is one of them.
    `${grammy}bot.hears(['1️⃣', '2️⃣'], async (ctx) => {\n  await generate(parseInt(ctx.msg.text[0]));\n});`,
    `${telegraf}bot.hears('10', async (ctx) => {\n  await charge(Number(ctx.message.text) * 2);\n});`,
    // A capture group of a handler registered in another file: its trigger is not visible.
    `${grammy}export async function page(ctx) {\n  const n = Number(ctx.match[1]);\n  await show(n * 5);\n}`,
    // Group 0 and conditional local matches.
    payCommand('  const m = ctx.msg.text.match(/\\d+/);\n  if (!m) return;\n  await charge(parseInt(m[0]) * 2);'),
    payCommand('  const m = ru ? ctx.msg.text.match(/Купить (\\d+)/) : ctx.msg.text.match(/Buy (\\d+)/);\n  if (!m) return;\n  await charge(parseInt(m[1], 10));'),
    payCommand('  const m = /^\\/pay (\\d+)$/.exec(ctx.msg.text);\n  const digits = m[1];\n  await charge(Number(digits));'),
    // Inline matches, `/g` matches (whole matches), signed alternatives.
    `${telegraf}bot.action(/Page\\d+/, async (ctx) => {\n  const page = parseInt(ctx.callbackQuery.data.match(/Page(\\d+)/i)?.[1] ?? '1');\n  await show(page - 1);\n});`,
    `${telegraf}bot.command('rep', async (ctx) => {\n  const rep = ctx.message.text.match(/(\\d+|\\-\\d+)/g)?.[1];\n  await setRep(parseInt(rep ?? '1'));\n});`,
    // The text was checked before it is parsed.
    payCommand('  if (isNaN(ctx.msg.text)) return ctx.reply("Send a number");\n  await charge(parseFloat(ctx.msg.text));'),
    payCommand('  const answer = ctx.msg.text;\n  if (isNaN(answer) || parseFloat(answer) < 0) return;\n  user.balance = parseFloat(answer);'),
    payCommand('  const answer = ctx.msg.text;\n  if (!(parseFloat(answer) >= 0)) return;\n  user.balance = parseFloat(answer);'),
    payCommand('  let id = ctx.match;\n  if (!/^\\d+$/.test(id)) return;\n  await ban(Number(id));'),
    payCommand('  if (!ctx.match.match(/^\\d+$/)) return;\n  await ban(Number(ctx.match));'),
    payCommand('  if (!isNumeric(ctx.match)) return;\n  await ban(Number(ctx.match));'),
    // A guard of the text a part is cut from: an anchored digits-only test proves what the cut leaves a non-negative integer.
    payCommand("  const t = ctx.msg.text.trim();\n  if (isDate(t)) {\n    await setDate(t);\n  } else if (/^\\+\\d+$/.test(t)) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);\n  }"),
    payCommand("  const t = ctx.msg.text;\n  if (!/^\\+\\d+$/.test(t)) return ctx.reply('Send +N');\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);"),
    payCommand("  const t = ctx.msg.text;\n  if (t.match(/^#[0-9]{1,6}$/) && ready) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [Number(t.substring(1)), ctx.from.id]);\n  }"),
    // Round-14 judged shape: the match result stored and tested, the pattern a field of a constant
    // object; a negated test of the stored result that leaves.
    payCommand("  const RULES = { days: /^[1-9]\\d{0,2}$/ };\n  const t = ctx.msg.text;\n  const valid = t.match(RULES.days);\n  if (valid) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);\n  }"),
    payCommand("  const RULES = { days: /^[1-4]$/ };\n  const t = ctx.msg.text;\n  const ok = t.match(RULES.days);\n  if (!ok) return ctx.reply('1-4');\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);"),
    payCommand("  const DAYS = /^\\+\\d+$/;\n  const t = ctx.msg.text;\n  if (!DAYS.test(t)) throw new Error('bad');\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [Number(t.slice(1)), ctx.from.id]);"),
    // More trusted groups: after a class and a non-capturing group; other index kinds.
    `${grammy}bot.hears(/^([a-z(]+) (?:x|y) (\\d+)$/, async (ctx) => {\n  await charge(Number(ctx.match[2]));\n});`,
    payCommand('  await charge(Number(clean(ctx.match)));\n  await charge(Number(ctx.match[fn]()));'),
    payCommand('  const m = getMatch(ctx.msg.text);\n  await charge(Number(m[1]));'),
    payCommand('  const amount = Number(ctx.match);\n  amount();\n  const [x] = [amount];\n  void amount;\n  if (amount) await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  while (amount) await charge(amount);'),
    payCommand('  const amount = Number(ctx.match);\n  do { await wait(); } while (amount);\n  await charge(amount);'),
    payCommand('  const amount = ~Number(ctx.match);\n  await charge(amount);'),
    // Not user text: constants, environment, numbers the bot API gives.
    payCommand('  await charge(Number(process.env.PRICE));'),
    payCommand('  await charge(Number(ctx.from.id) + 1);'),
    payCommand('  const parts = "1 2".split(" ");\n  await charge(Number(parts[0]));'),
    payCommand('  await charge(Number(ctx.msg.text.length) * 2);'),
    // Not a parse: shadowed `Number`, other calls.
    payCommand('  const Number = (s) => 1;\n  await charge(Number(ctx.match));'),
    payCommand('  await charge(toNumber(ctx.match));'),
    payCommand('  await charge(-ctx.match);'),
    payCommand('  await charge(Number());'),
    payCommand('  await charge(Number(...args));'),
    payCommand('  await charge(ctx.match.split(" ").map(toNumber)[0]);'),
    payCommand('  await charge(ctx.match.split(" ").map((s) => s.trim())[0]);'),
    payCommand('  await charge(ctx.match.split(" ").map((s) => Number(t))[0]);'),
    payCommand('  await charge(ctx.match.split(" ").map((s) => { return Number(s); })[0]);'),
    payCommand('  await charge(ctx.match.split(" ").map()[0]);'),
    payCommand('  await charge(ctx.match.split(" ").filter(Number)[0]);'),
    payCommand('  await charge(numbers.map(Number)[0]);'),
    // No framework in the file: unknown text, silent.
    'function pay(ctx) { return charge(Number(ctx.match) * 2); }',
    // A context parameter outside handlers in a framework file still counts only when it is `ctx`.
    `${grammy}function pay(c) { return charge(Number(c.match) * 2); }`,
    // requireRange: bounded before SQL / arithmetic.
    {
      code: payCommand('  const amount = Number(ctx.match);\n  if (!Number.isFinite(amount) || amount <= 0) return;\n  await db.query("UPDATE u SET b = b - $1", [amount]);'),
      options: [{ requireRange: true }],
    },
    {
      code: payCommand('  const amount = Number(ctx.match);\n  if (!Number.isFinite(amount)) return;\n  await ctx.api.sendDice(amount);'),
      options: [{ requireRange: true }],
    },
    // Callback data is written by the bot: a number from it that only reaches Bot API calls, helpers,
    // pages or properties is not reported (NaN needs forged data and gives an API error).
    `${grammy}bot.callbackQuery(/^buy:/, async (ctx) => {\n  const id = Number(ctx.callbackQuery.data.split(':')[1]);\n  await buyProduct(id);\n});`,
    `${ntba}bot.on('callback_query', (query) => {\n  bot.deleteMessage(query.message.chat.id, Number(query.data));\n});`,
    `${telegraf}bot.action(/^page_(\\w+)$/, async (ctx) => {\n  const page = Number(ctx.match[1]);\n  await showPage(ctx, page * 10);\n});`,
    // Digit-only captures: nested optional groups, digit classes, a regular expression held in a constant.
    `${grammy}bot.callbackQuery(/^recharge_(\\d+(\\.\\d+)?)$/, async (ctx) => {\n  await db.query('UPDATE u SET b = b + $1', [Number(ctx.match[1])]);\n});`,
    payCommand('  const m = ctx.msg.text.match(/^rate ([1-5])$/);\n  if (!m) return;\n  await rate(Number(m[1]) * 2);'),
    payCommand('  const dateRegex = /^(\\d{4})-(\\d{2})-(\\d{2})$/;\n  const match = ctx.msg.text.match(dateRegex);\n  if (match) {\n    await setExpiry(new Date(parseInt(match[1]), parseInt(match[2]) - 1, parseInt(match[3])));\n  }'),
    // A constant offset before the check.
    payCommand('  const i = parseInt(ctx.msg.text, 10) - 1;\n  if (isNaN(i) || i < 0 || i >= tokens.length) return;\n  await pick(tokens[i]);'),
    // A number parsed from callback data the bot wrote (`mark_read:${id}`) used only as a key to find a row
    // (`WHERE id = $1` of a SELECT or UPDATE): a forged NaN matches no row; nothing wrong is stored.
    `${ntba}bot.on('callback_query', async (query) => {\n  if (query.data.startsWith('mark_read:')) {\n    const id = parseInt(query.data.split(':')[1]);\n    await db.query('UPDATE support_messages SET is_read = true WHERE id = $1', [id]);\n    const { rows } = await db.query('SELECT text FROM support_messages WHERE id = $1', [id]);\n    await bot.sendMessage(query.message.chat.id, rows[0]?.text ?? '-');\n  }\n});`,
    // Callback data read in a function the `action` handler hands its context to: the bot's own button data, reported only in SQL.
    `${telegraf}bot.action(/^page-\\d+$/, (ctx) => showPage(ctx));\nasync function showPage(ctx) {\n  const user = await User.findOne({ id: ctx.from.id });\n  user.page = +ctx.match.input.split('-')[1];\n  await user.save();\n}`,
    // The same key sent through the project's own query function (`runQuery(text, values, …)`): still only a key.
    `${ntba}bot.on('callback_query', async (query) => {\n  if (query.data.startsWith('pick_')) {\n    const picked = query.data;\n    const rows = await runQuery(\`SELECT * FROM users WHERE active = true AND id = $1\`, [Number(picked.replace('pick_', ''))], false);\n    await bot.sendMessage(query.message.chat.id, rows[0]?.name ?? '-');\n  }\n});`,
  ],
  invalid: [
    {
      // The same function handed the context of a `hears` handler reads typed text: reported.
      code: `${telegraf}bot.hears(/^page-\\d+$/, (ctx) => showPage(ctx));\nasync function showPage(ctx) {\n  const user = await User.findOne({ id: ctx.from.id });\n  user.page = +ctx.match.input.split('-')[1];\n  await user.save();\n}`,
      errors: [{ messageId: 'unchecked', data: { name: "ctx.match.input.split('-')[1]", sink: 'a property write' }, line: 6 }],
    },
    {
      // Through the project's own query function too, a number that is written (a SET) is reported.
      code: `${ntba}bot.on('callback_query', async (query) => {\n  if (query.data.startsWith('pick_')) {\n    const picked = query.data;\n    await runQuery(\`UPDATE users SET rank = $1 WHERE id = $2\`, [Number(picked.replace('pick_', '')), query.from.id], false);\n  }\n});`,
      errors: [{ messageId: 'unchecked', data: { name: "picked.replace('pick_', '')", sink: 'SQL' }, line: 6 }],
    },
    {
      // A multiline test (`m`) matches one line of the text; a fraction, or a test in an `||`, proves no integer.
      code: payCommand("  const t = ctx.msg.text;\n  if (/^\\+\\d+$/m.test(t) || /^\\+\\d+(\\.\\d+)?$/.test(t)) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);\n  }"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // A regular expression not written here, or an `||` of negated tests.
      code: payCommand("  const t = ctx.msg.text;\n  if (!makeRe().test(t) || !/^\\+\\d+$/.exec(t)) return;\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // Twins (round 14): an unanchored pattern, a sign-allowing one, a stored result tested where the parse does not run.
      code: payCommand("  const RULES = { days: /[1-4]/ };\n  const t = ctx.msg.text;\n  const valid = t.match(RULES.days);\n  if (valid) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);\n  }"),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: payCommand("  const RULES = { days: /^-?\\d{1,3}$/ };\n  const t = ctx.msg.text;\n  const valid = t.match(RULES.days);\n  if (valid) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);\n  }"),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: payCommand("  const RULES = { days: /^[1-4]$/ };\n  const t = ctx.msg.text;\n  const valid = t.match(RULES.days);\n  if (!valid) ctx.reply('1-4');\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);"),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // A spread may hold another pattern under the same name.
      code: payCommand("  const RULES = { days: /^[1-4]$/, ...extra };\n  const t = ctx.msg.text;\n  if (!t.match(RULES.days)) return;\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);"),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // An unanchored test: `x+5` passes it.
      code: payCommand("  const t = ctx.msg.text;\n  if (/\\+\\d+/.test(t)) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);\n  }"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // A signed number: negative days pass.
      code: payCommand("  const t = ctx.msg.text;\n  if (!/^\\+-?\\d+$/.test(t)) return;\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // The test is of another variable.
      code: payCommand("  const t = ctx.msg.text;\n  const other = ctx.from.username;\n  if (/^\\+\\d+$/.test(other)) {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);\n  }"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // A negated test that does not exit.
      code: payCommand("  const t = ctx.msg.text;\n  if (!/^\\+\\d+$/.test(t)) ctx.reply('Send +N');\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // The parse is where the test failed.
      code: payCommand("  const t = ctx.msg.text;\n  if (/^\\+\\d+$/.test(t)) {\n    await ctx.reply('ok');\n  } else {\n    await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);\n  }"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // Callback data used as a stored value or an amount, not only as a key: reported (also after a lookup by it).
      code: `${ntba}bot.on('callback_query', async (query) => {\n  if (query.data.startsWith('mark_read:')) {\n    const id = parseInt(query.data.split(':')[1]);\n    await db.query('SELECT text FROM support_messages WHERE id = $1', [id]);\n    await db.query('INSERT INTO reads (user_id, message_id) VALUES ($1, $2)', [query.from.id, id]);\n  }\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'SQL' }, line: 5, suggestions: [{ messageId: 'suggestGuard', output: `${ntba}bot.on('callback_query', async (query) => {\n  if (query.data.startsWith('mark_read:')) {\n    const id = parseInt(query.data.split(':')[1]);\n    if (!Number.isFinite(id)) return;\n    await db.query('SELECT text FROM support_messages WHERE id = $1', [id]);\n    await db.query('INSERT INTO reads (user_id, message_id) VALUES ($1, $2)', [query.from.id, id]);\n  }\n});` }] }],
    },
    {
      code: `${ntba}bot.on('callback_query', async (query) => {\n  if (query.data.startsWith('bonus:')) {\n    const amount = parseInt(query.data.split(':')[1]);\n    await db.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [amount, query.from.id]);\n  }\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'SQL' }, suggestions: [{ messageId: 'suggestGuard', output: `${ntba}bot.on('callback_query', async (query) => {\n  if (query.data.startsWith('bonus:')) {\n    const amount = parseInt(query.data.split(':')[1]);\n    if (!Number.isFinite(amount)) return;\n    await db.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [amount, query.from.id]);\n  }\n});` }] }],
    },
    {
      // Callback data that reaches SQL is still reported.
      code: `${grammy}bot.callbackQuery(/^buy:/, async (ctx) => {\n  const id = Number(ctx.callbackQuery.data.split(':')[1]);\n  await db.query('DELETE FROM carts WHERE item = $1', [id]);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'SQL' }, suggestions: [{ messageId: 'suggestGuard', output: `${grammy}bot.callbackQuery(/^buy:/, async (ctx) => {\n  const id = Number(ctx.callbackQuery.data.split(':')[1]);\n  if (!Number.isFinite(id)) return;\n  await db.query('DELETE FROM carts WHERE item = $1', [id]);\n});` }] }],
    },
    {
      // A non-digit group of a callback trigger read through an alias, reaching SQL.
      code: `${telegraf}bot.action(/^ok_(\\d+)_(\\w+)$/, async (ctx) => {\n  const userId = ctx.match[2];\n  await db.query('UPDATE u SET ok = true WHERE id = $1', [Number(userId)]);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'userId', sink: 'SQL' } }],
    },
    {
      // Not digits only: the capture may hold any text.
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  const m = ctx.msg.text.match(/^rate ([1-5x])$/);\n  if (!m) return;\n  await rate(Number(m[1]) * 2);'),
      errors: [{ messageId: 'unchecked', data: { name: 'm[1]', sink: 'a function call' } }],
    },
    {
      // The offset result used before any check.
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  const i = parseInt(ctx.msg.text, 10) - 1;\n  await pick(i);\n  if (isNaN(i)) return;'),
      errors: [{ messageId: 'unchecked', data: { name: 'i', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const i = parseInt(ctx.msg.text, 10) - 1;\n  if (!Number.isFinite(i)) return;\n  await pick(i);\n  if (isNaN(i)) return;') }] }],
    },
    {
      // The demo bot's /grant: the amount and the user id both go to SQL unchecked.
      code: `${grammy}bot.command('grant', async (ctx) => {
  const [userId, amount] = ctx.match.split(' ');
  await pool.query('UPDATE users SET balance = balance + $1 WHERE telegram_id = $2', [Number(amount), Number(userId)]);
});`,
      errors: [
        { messageId: 'unchecked', data: { name: 'amount', sink: 'SQL' }, line: 5, column: 87, endLine: 5, endColumn: 101 },
        { messageId: 'unchecked', data: { name: 'userId', sink: 'SQL' }, line: 5, column: 103, endLine: 5, endColumn: 117 },
      ],
    },
    {
      code: payCommand('  const amount = Number(ctx.match);\n  await db.query("UPDATE u SET b = b - $1", [amount]);'),
      errors: [
        {
          messageId: 'unchecked',
          data: { name: 'amount', sink: 'SQL' },
          line: 4,
          column: 18,
          endLine: 4,
          endColumn: 35,
          suggestions: [
            {
              messageId: 'suggestGuard',
              data: { name: 'amount' },
              output: payCommand('  const amount = Number(ctx.match);\n  if (!Number.isFinite(amount)) return;\n  await db.query("UPDATE u SET b = b - $1", [amount]);'),
            },
          ],
        },
      ],
    },
    {
      // Arithmetic, through parseInt / parseFloat / Number.parseFloat / unary plus / msg.text.
      code: payCommand('  const n = parseInt(ctx.msg.text.slice(5), 10);\n  balance = balance - n;'),
      errors: [
        {
          messageId: 'unchecked',
          data: { name: 'n', sink: 'arithmetic' },
          line: 4,
          suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const n = parseInt(ctx.msg.text.slice(5), 10);\n  if (!Number.isFinite(n)) return;\n  balance = balance - n;') }],
        },
      ],
    },
    {
      code: payCommand('  const price = parseFloat(ctx.message.text.split(" ")[1]);\n  total += price;'),
      errors: [{ messageId: 'unchecked', data: { name: 'price', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const price = parseFloat(ctx.message.text.split(" ")[1]);\n  if (!Number.isFinite(price)) return;\n  total += price;') }] }],
    },
    {
      code: payCommand('  const price = Number.parseFloat(ctx.message.text.trim());\n  const cost = price * rate;\n  await charge(cost);'),
      errors: [{ messageId: 'unchecked', data: { name: 'price', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const price = Number.parseFloat(ctx.message.text.trim());\n  if (!Number.isFinite(price)) return;\n  const cost = price * rate;\n  await charge(cost);') }] }],
    },
    {
      // A constant offset keeps NaN NaN: the use that matters is the call.
      code: payCommand('  await charge(+ctx.match + 1);'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.match', sink: 'a function call' }, line: 4, column: 16, endLine: 4, endColumn: 26 }],
    },
    {
      // A property write; the destructured `match` of grammY.
      code: payCommand('  const { match } = ctx;\n  const amount = Number(match);\n  user.balance = amount;'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a property write' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const { match } = ctx;\n  const amount = Number(match);\n  if (!Number.isFinite(amount)) return;\n  user.balance = amount;') }] }],
    },
    {
      // An object passed to an ORM; the guard comes after the use.
      code: payCommand('  const amount = Number(ctx.match);\n  await prisma.user.update({ data: { balance: { increment: amount } } });\n  if (Number.isNaN(amount)) return;'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Number(ctx.match);\n  if (!Number.isFinite(amount)) return;\n  await prisma.user.update({ data: { balance: { increment: amount } } });\n  if (Number.isNaN(amount)) return;') }] }],
    },
    {
      // postgres.js tagged template; `Math.floor` keeps NaN.
      code: payCommand('  const amount = Math.floor(Number(ctx.match));\n  await sql`UPDATE u SET b = b + ${amount}`;'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'SQL' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Math.floor(Number(ctx.match));\n  if (!Number.isFinite(amount)) return;\n  await sql`UPDATE u SET b = b + ${amount}`;') }] }],
    },
    {
      // A SQL text in a template argument; `.map(Number)` with destructuring.
      code: payCommand('  const [userId, amount] = ctx.match.split(" ").map(Number);\n  await run(`UPDATE u SET b = ${amount}`, userId);'),
      errors: [{ messageId: 'unchecked', data: { name: 'userId', sink: 'SQL' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const [userId, amount] = ctx.match.split(" ").map(Number);\n  if (!Number.isFinite(userId)) return;\n  await run(`UPDATE u SET b = ${amount}`, userId);') }] }],
    },
    {
      code: payCommand('  const nums = ctx.match.split(" ").map((s) => parseInt(s));\n  await knex.raw("select ?", [nums[0]]);'),
      errors: [{ messageId: 'unchecked', data: { name: 'nums', sink: 'SQL' } }],
    },
    {
      // BigInt throws on bad text instead of giving NaN: no isFinite suggestion.
      code: payCommand('  const id = BigInt(ctx.match);\n  await db.query("SELECT 1 WHERE id = $1", [id]);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'SQL' } }],
    },
    {
      // Telegraf: ctx.message.text, through an alias and a template.
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: `${telegraf}bot.command('pay', async (ctx) => {\n  const text = ctx.message.text;\n  const [, raw] = \`\${text}\`.split(' ');\n  const amount = +raw;\n  await ctx.telegram.sendInvoice(ctx.chat.id, { prices: [{ amount }] });\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: `${telegraf}bot.command('pay', async (ctx) => {\n  const text = ctx.message.text;\n  const [, raw] = \`\${text}\`.split(' ');\n  const amount = +raw;\n  if (!Number.isFinite(amount)) return;\n  await ctx.telegram.sendInvoice(ctx.chat.id, { prices: [{ amount }] });\n});` }] }],
    },
    {
      // Telegraf: `ctx.payload` of a command, a fallback that keeps NaN, a conditional.
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: `${telegraf}bot.command('pay', (ctx) => {\n  const amount = Number(ctx.payload ?? '0');\n  wallet.add(flag ? amount : 1);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: `${telegraf}bot.command('pay', (ctx) => {\n  const amount = Number(ctx.payload ?? '0');\n  if (!Number.isFinite(amount)) return;\n  wallet.add(flag ? amount : 1);\n});` }] }],
    },
    {
      // node-telegram-bot-api: msg.text and the onText match.
      code: `${ntba}bot.on('message', async (msg) => {\n  const qty = Number(msg.text);\n  await db.query('UPDATE stock SET n = n - $1', [qty]);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'qty', sink: 'SQL' }, suggestions: [{ messageId: 'suggestGuard', output: `${ntba}bot.on('message', async (msg) => {\n  const qty = Number(msg.text);\n  if (!Number.isFinite(qty)) return;\n  await db.query('UPDATE stock SET n = n - $1', [qty]);\n});` }] }],
    },
    {
      code: `${ntba}bot.onText(/\\/pay (.+)/, async (msg, match) => {\n  await charge(Number(match[1]), msg.chat.id);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'match[1]', sink: 'a function call' } }],
    },
    {
      // A named handler registered elsewhere in the file; a non-digit capture group.
      code: `${grammy}async function pay(ctx) {\n  const m = ctx.msg.text.match(/^\\/pay (\\w+)$/);\n  await charge(parseInt(m[1]) * 100);\n}\nbot.command('pay', pay);`,
      errors: [{ messageId: 'unchecked', data: { name: 'm[1]', sink: 'a function call' } }],
    },
    {
      code: `${telegraf}bot.command('rep', async (ctx) => {\n  const rep = ctx.message.text.match(/\\w+/g)?.[1];\n  await setRep(parseInt(rep ?? '1'));\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'rep ?? \'1\'', sink: 'a function call' } }],
    },
    {
      // Type wrappers, spreads, `??`, computed callees, non-SQL strings, String(), conditionals.
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  const amount = (Number(ctx.match) as number)!;\n  const n = <number>amount satisfies number;\n  await api[method](...[n ?? 0], "hello");'),
      errors: [{ messageId: 'unchecked', data: { name: 'n', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = (Number(ctx.match) as number)!;\n  const n = <number>amount satisfies number;\n  if (!Number.isFinite(n)) return;\n  await api[method](...[n ?? 0], "hello");') }] }],
    },
    {
      code: payCommand('  await charge(Number(String(flag ? "1" : ctx.match)) - 1);'),
      errors: [{ messageId: 'unchecked', data: { name: 'String(flag ? "1" : ctx.match)', sink: 'a function call' } }],
    },
    {
      code: payCommand('  const m = /(\\w+)/.exec(ctx.msg.text);\n  await charge(Number(m[1]) * 2);\n  await charge(Number(ctx.match.groups[1]) * 2);'),
      errors: [
        { messageId: 'unchecked', data: { name: 'm[1]', sink: 'a function call' } },
        { messageId: 'unchecked', data: { name: 'ctx.match.groups[1]', sink: 'a function call' } },
      ],
    },
    {
      // A declaration in a `switch` case: no place for an early return.
      code: payCommand('  switch (kind) {\n    case 1:\n      const n = Number(ctx.match);\n      await charge(n);\n  }'),
      errors: [{ messageId: 'unchecked', data: { name: 'n', sink: 'a function call' } }],
    },
    {
      // The twins: the stored lookup untested, or a sink before its test.
      code: payCommand('  const months = Number(ctx.match);\n  const rate = RATES[months];\n  await Loan.create({ months, rate });'),
      errors: [{ messageId: 'unchecked', data: { name: 'months', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const months = Number(ctx.match);\n  if (!Number.isFinite(months)) return;' + '\n  const rate = RATES[months];\n  await Loan.create({ months, rate });') }] }],
    },
    {
      code: payCommand('  const months = Number(ctx.match);\n  const rate = RATES[months];\n  await Loan.create({ months });\n  if (!rate) return;'),
      errors: [{ messageId: 'unchecked', data: { name: 'months', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const months = Number(ctx.match);\n  if (!Number.isFinite(months)) return;' + '\n  const rate = RATES[months];\n  await Loan.create({ months });\n  if (!rate) return;') }] }],
    },
    {
      // A table that is not a constant literal: the miss rejects NaN, not an out-of-range number.
      code: `let RATES = load();\n${payCommand('  const months = Number(ctx.match);\n  const rate = RATES[months];\n  if (!rate) return;\n  await db.query("UPDATE loans SET months = $1", [months]);')}`,
      options: [{ requireRange: true }],
      errors: [{ messageId: 'unbounded', data: { name: 'months', sink: 'SQL' }, suggestions: [{ messageId: 'suggestBoundGuard', output: `let RATES = load();\n${payCommand('  const months = Number(ctx.match);\n  if (!Number.isFinite(months) || months <= 0) return;' + '\n  const rate = RATES[months];\n  if (!rate) return;\n  await db.query("UPDATE loans SET months = $1", [months]);')}` }] }],
    },
    {
      // A constant table tested without leaving: NaN rejected, no bound.
      code: `const RATES = { 3: 1.3, 6: 1.2 };\n${payCommand('  const months = Number(ctx.match);\n  const known = !RATES[months];\n  await db.query("UPDATE loans SET months = $1, known = $2", [months, known]);')}`,
      options: [{ requireRange: true }],
      errors: [{ messageId: 'unbounded', data: { name: 'months', sink: 'SQL' }, suggestions: [{ messageId: 'suggestBoundGuard', output: `const RATES = { 3: 1.3, 6: 1.2 };\n${payCommand('  const months = Number(ctx.match);\n  if (!Number.isFinite(months) || months <= 0) return;\n  const known = !RATES[months];\n  await db.query("UPDATE loans SET months = $1, known = $2", [months, known]);')}` }] }],
    },
    {
      code: `const PLANS = new Map([[1, 100]]);\nPLANS.set(2, 200);\n${payCommand('  const months = Number(ctx.match);\n  const price = PLANS.get(months);\n  if (!price) return;\n  await db.query("UPDATE subs SET months = $1", [months]);')}`,
      options: [{ requireRange: true }],
      errors: [{ messageId: 'unbounded', data: { name: 'months', sink: 'SQL' }, suggestions: [{ messageId: 'suggestBoundGuard', output: `const PLANS = new Map([[1, 100]]);\nPLANS.set(2, 200);\n${payCommand('  const months = Number(ctx.match);\n  if (!Number.isFinite(months) || months <= 0) return;' + '\n  const price = PLANS.get(months);\n  if (!price) return;\n  await db.query("UPDATE subs SET months = $1", [months]);')}` }] }],
    },
    {
      // A digits test of every value of a list that leaves this one out, or that admits a sign, checks nothing.
      code: payCommand('  const [price, quota] = ctx.match.split(" ");\n  if (![quota].every((v) => /^\\d+$/.test(v))) return;\n  await db.query("INSERT INTO plans (price) VALUES ($1)", [parseInt(price)]);'),
      errors: [{ messageId: 'unchecked', data: { name: 'price', sink: 'SQL' } }],
    },
    {
      code: payCommand('  const [price, quota] = ctx.match.split(" ");\n  if (![price, quota].every((v) => /^-?\\d+$/.test(v))) return;\n  await db.query("INSERT INTO plans (price) VALUES ($1)", [parseInt(price)]);'),
      errors: [{ messageId: 'unchecked', data: { name: 'price', sink: 'SQL' } }],
    },
    {
      // An allow-list whose result decides no branch, or that holds a value not written out, checks nothing.
      code: payCommand('  const slides = Number(ctx.msg.text);\n  const listed = [5, 10, 15].includes(slides);\n  await Deck.create({ slides, listed });'),
      errors: [{ messageId: 'unchecked', data: { name: 'slides', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const slides = Number(ctx.msg.text);\n  if (!Number.isFinite(slides)) return;\n  const listed = [5, 10, 15].includes(slides);\n  await Deck.create({ slides, listed });') }] }],
    },
    {
      code: payCommand('  const slides = Number(ctx.msg.text);\n  if (![5, max].includes(slides)) return;\n  await Deck.create({ slides });'),
      errors: [{ messageId: 'unchecked', data: { name: 'slides', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const slides = Number(ctx.msg.text);\n  if (!Number.isFinite(slides)) return;\n  if (![5, max].includes(slides)) return;\n  await Deck.create({ slides });') }] }],
    },
    {
      // A lookup that is not tested decides nothing.
      code: payCommand('  const coins = parseInt(ctx.msg.text);\n  const price = PACKS[coins].price;\n  await buy(coins, price);'),
      errors: [{ messageId: 'unchecked', data: { name: 'coins', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const coins = parseInt(ctx.msg.text);\n  if (!Number.isFinite(coins)) return;\n  const price = PACKS[coins].price;\n  await buy(coins, price);') }] }],
    },
    {
      // A presence check is not a number check; a later check of the text does not count.
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  if (!ctx.match) return;\n  await ban(Number(ctx.match));\n  if (isNaN(ctx.match)) return;'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.match', sink: 'a function call' } }],
    },
    {
      // One branch of a conditional match is not digits-only; `.toString()` of the text is no check.
      code: payCommand('  const m = ru ? ctx.msg.text.match(/Купить (\\d+)/) : ctx.msg.text.match(/Buy (.+)/);\n  ctx.match.toString();\n  await charge(parseInt(m[1], 10));'),
      errors: [{ messageId: 'unchecked', data: { name: 'm[1]', sink: 'a function call' } }],
    },
    {
      // requireRange: NaN is rejected but nothing bounds the amount before SQL.
      code: payCommand('  const amount = Number(ctx.match);\n  if (Number.isNaN(amount)) return;\n  await db.query("UPDATE u SET b = b - $1", [amount]);'),
      options: [{ requireRange: true }],
      errors: [
        {
          messageId: 'unbounded',
          data: { name: 'amount', sink: 'SQL' },
          line: 4,
          column: 18,
          suggestions: [
            {
              messageId: 'suggestBoundGuard',
              output: payCommand('  const amount = Number(ctx.match);\n  if (!Number.isFinite(amount) || amount <= 0) return;\n  if (Number.isNaN(amount)) return;\n  await db.query("UPDATE u SET b = b - $1", [amount]);'),
            },
          ],
        },
      ],
    },
    {
      code: payCommand('  const amount = Number(ctx.match);\n  await db.query("UPDATE u SET b = b - $1", [amount]);'),
      options: [{ requireRange: true }],
      errors: [{ messageId: 'unchecked', suggestions: [{ messageId: 'suggestBoundGuard', output: payCommand('  const amount = Number(ctx.match);\n  if (!Number.isFinite(amount) || amount <= 0) return;\n  await db.query("UPDATE u SET b = b - $1", [amount]);') }] }],
    },
  ],
});

const strictSinks = { checkLookups: true, checkHttpRequests: true, checkAdminInput: true };

ruleTester.run('require-number-validation: checks on the stored value, digit captures, lookups, HTTP bodies, admin input', rule, {
  valid: [
    // The parse is stored on an object and checked right after, through the same path.
    payCommand('  ctx.session.n = Math.floor(Number(ctx.msg.text));\n  if (!ctx.session.n) return ctx.reply("Send a number");\n  if (ctx.session.n < 10) return ctx.reply("At least 10");\n  await charge(ctx.session.n * 0.45);'),
    // Inside the consequent of a relational comparison with the number as an operand: NaN makes it false, so the number there is not NaN.
    payCommand('  ctx.session.n = Number(ctx.msg.text);\n  if (ctx.session.n <= 0) return ctx.reply("More than 0");\n  if (ctx.session.n < 100) return ctx.reply(`Short by ${roundUp(100 - ctx.session.n)}`);\n  if (user.balance > ctx.session.n) return ctx.reply("No funds");\n  if (user.balance <= ctx.session.n) {\n    await user.dec("balance", ctx.session.n);\n  }'),
    payCommand('  const amount = Number(ctx.msg.text);\n  if (amount <= 0) return ctx.reply("More than 0");\n  if (amount < 100) return ctx.reply(`Short by ${roundUp(100 - amount)}`);\n  if (user.balance > amount) return ctx.reply("No funds");\n  if (user.balance <= amount) {\n    await user.dec("balance", amount);\n  }'),
    `${ntba}bot.on("message", async (msg) => {\n  msg.text = Number(msg.text);\n  if (msg.text <= 0) return bot.sendMessage(msg.chat.id, "More than 0");\n  if (msg.text < 100) return bot.sendMessage(msg.chat.id, \`Short by \${roundUp(100 - msg.text)}\`);\n  if (user.balance <= msg.text) {\n    await user.dec("balance", msg.text);\n    return bot.sendMessage(msg.chat.id, "Done");\n  }\n});`,
    payCommand('  const amount = Number(ctx.msg.text);\n  if (amount > 0 && amount <= user.balance) {\n    await user.dec("balance", amount);\n  }'),
    payCommand('  const amount = Number(ctx.msg.text);\n  await ctx.reply(ready && amount < 100 ? `Short by ${roundUp(100 - amount)}` : "ok");'),
    // Scaled by a constant: still NaN when the text is not a number, and checked on the result.
    payCommand('  const windowMs = Number.parseInt(ctx.msg.text, 10) * 1000;\n  if (Number.isNaN(windowMs)) return ctx.reply("Send a number");\n  await setWindow(windowMs);'),
    // A decimal capture group: digits, an optional point, digits.
    `${ntba}bot.onText(/\\/add (\\d+\\.?\\d*) (\\d+)/, async (msg, match) => {\n  const amount = parseFloat(match[1]);\n  user.balance = user.balance + amount;\n});`,
    // A capture less its leading literal (`(\/\d+)` less the slash), a fraction without its leading zero.
    `${ntba}bot.on('message', async (msg) => {\n  const match = msg.text.match(/(-?\\d+)(\\/\\d+(\\.\\d+)?)$/);\n  if (match) {\n    const price = parseFloat(match[2].slice(1));\n    await save(parseFloat(match[1]) / price);\n  }\n});`,
    `${ntba}bot.on('message', async (msg) => {\n  const m = msg.text.match(/^[-+]?(\\d+(\\.\\d+)?|\\.\\d+)$/);\n  if (m) await save(parseFloat(m[1]) * rate);\n});`,
    // A calculator answer: the result (NaN for bad input) is only shown, nothing stored or charged.
    `${ntba}bot.on('message', async (msg) => {\n  const [a, b] = msg.text.split('*');\n  const amount = parseFloat(a);\n  const result = parseFloat(amount * rate).toFixed(2);\n  await bot.sendMessage(msg.chat.id, result, { reply_to_message_id: msg.message_id });\n});`,
    payCommand('  const n = Number(ctx.msg.text);\n  await ctx.reply(`${n} USDT = ${Math.round(n * rate * 100) / 100} RUB`);'),
    // A result nobody reads (its twin, `await charge(cost)`, is reported).
    payCommand('  const price = Number.parseFloat(ctx.message.text.trim());\n  const cost = price * rate;'),
    // Only a lookup key: a bad value finds nothing.
    payCommand('  const id = Number(ctx.match);\n  const receiver = await User.findOne({ where: { id } });\n  if (!receiver) return ctx.reply("No such user");'),
    payCommand('  const tx = await findTransaction(Number(ctx.match));'),
    // A chat id for a Bot API call: a bad id is an API error, the same as any unknown id.
    `${telegraf}bot.start(async (ctx) => {\n  const inviter = Number(ctx.message.text.split(' ')[1]);\n  await bot.telegram.sendMessage(inviter, 'Someone joined through your link');\n});`,
    // A lookup whose result is read through at once: a miss throws (`[][0].balance`) before the write.
    `${telegraf}bot.on('text', async (ctx) => {\n  const [user] = ctx.message.text.split(' ');\n  const rows = await db.collection('balance').find({ userID: parseInt(user) }).toArray();\n  const balance = rows[0].balance * 1;\n  await db.collection('balance').updateOne({ userID: parseInt(user) }, { $set: { balance: balance + 1 } }, { upsert: true });\n});`,
    // A lookup whose miss ends the handler: only an id that exists goes on to be stored.
    payCommand('  const receiverId = Number(ctx.match);\n  const receiver = await findUserById(receiverId);\n  if (!receiver) {\n    return ctx.reply("No receiver");\n  }\n  ctx.dbuser.referalId = receiverId;'),
    // Stored under a computed key and read back through `?.` into an HTTP body.
    `${ntba}bot.on("message", async (msg) => {\n  userStates[msg.chat.id].price = Number(msg.text);\n  await axios.post(API, { price: userStates[msg.chat.id]?.price });\n});`,
    // Sent to another service, which validates what it receives.
    payCommand('  await axios.post(`${API}/transfer`, { amount: Number(ctx.msg.text), chatId: ctx.chat.id });'),
    `${ntba}bot.on("message", async (msg) => {\n  state.amount = Number(msg.text);\n  await axios({ url: API, method: "post", data: { amount: state.amount } });\n});`,
    // Typed by the bot's operator behind an admin check.
    payCommand('  if (ctx.from.id !== ADMIN_ID) return;\n  await setPrice(Number(ctx.match) * rate);'),
    `${grammy}bot.command('price', adminOnly, async (ctx) => {\n  await setPrice(Number(ctx.match) * rate);\n});`,
    // Registered on a grammY composer filtered to the operators' chat.
    adminFeature('ctx.chat?.id === config.ADMINS_CHAT_ID && !!ctx.message?.text'),
    // Registered on a composer whose `use` middleware, installed first, passes on only for the operator (through a function of the file).
    gatedComposer('await checkUser(ctx)'),
    gatedComposer('ctx.from?.id === ADMIN_ID'),
    // A conversation state only the operator can enter: every write to it runs behind the admin check.
    `${ntba}const adminState = {};\nbot.on('callback_query', async (q) => {\n  if (q.from.id !== ADMIN_ID) return;\n  if (q.data === 'set_price') adminState[q.from.id] = 'set_price';\n});\nbot.on('message', async (msg) => {\n  const s = adminState[msg.from.id];\n  if (!s || msg.text?.startsWith('/')) return;\n  if (s === 'set_price') {\n    settings.price = parseFloat(msg.text);\n    delete adminState[msg.from.id];\n  }\n});`,
  ],
  invalid: [
    // Their twins: after the exits (none of which NaN takes) and outside any comparison, the number may be NaN.
    {
      code: payCommand('  ctx.session.n = Number(ctx.msg.text);\n  if (ctx.session.n <= 0) return ctx.reply("More than 0");\n  if (ctx.session.n < 100) return ctx.reply(`Short by ${roundUp(100 - ctx.session.n)}`);\n  if (user.balance > ctx.session.n) return ctx.reply("No funds");\n  await user.dec("balance", ctx.session.n);'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.msg.text', sink: 'a function call' } }],
    },
    {
      code: payCommand('  const amount = Number(ctx.msg.text);\n  if (amount <= 0) return ctx.reply("More than 0");\n  await user.dec("balance", amount);'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Number(ctx.msg.text);\n  if (!Number.isFinite(amount)) return;\n  if (amount <= 0) return ctx.reply("More than 0");\n  await user.dec("balance", amount);') }] }],
    },
    // Not a relational comparison: NaN != 0 is true.
    {
      code: payCommand('  const amount = Number(ctx.msg.text);\n  if (amount != 0) {\n    await user.dec("balance", amount);\n  }'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Number(ctx.msg.text);\n  if (!Number.isFinite(amount)) return;\n  if (amount != 0) {\n    await user.dec("balance", amount);\n  }') }] }],
    },
    {
      code: `${ntba}bot.on("message", async (msg) => {\n  msg.text = Number(msg.text);\n  if (msg.text <= 0) return bot.sendMessage(msg.chat.id, "More than 0");\n  if (user.balance > msg.text) return bot.sendMessage(msg.chat.id, "No funds");\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'msg.text', sink: 'a property write' } }],
    },
    // A comparison that comes before the parse says nothing of the parsed value.
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  if (ctx.session.n < 100) {\n    ctx.session.n = Number(ctx.msg.text);\n    await ctx.reply(`Short by ${roundUp(100 - ctx.session.n)}`);\n  }'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.msg.text', sink: 'arithmetic' } }],
    },
    // Its twin: a lower bound alone lets NaN through (NaN < 10 is false), and the stored value is then charged.
    {
      code: payCommand('  ctx.session.n = Math.floor(Number(ctx.msg.text));\n  if (ctx.session.n < 10) return ctx.reply("At least 10");\n  await charge(ctx.session.n * 0.45);'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.msg.text', sink: 'a function call' } }],
    },
    {
      code: payCommand('  const amount = Number(ctx.msg.text);\n  if (amount < 10) return ctx.reply("At least 10");\n  await charge(amount);'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Number(ctx.msg.text);\n  if (!Number.isFinite(amount)) return;\n  if (amount < 10) return ctx.reply("At least 10");\n  await charge(amount);') }] }],
    },
    // Its twin: stored and never checked; the write is the use.
    {
      code: payCommand('  ctx.session.n = Number(ctx.msg.text);\n  await ctx.reply(`You chose ${ctx.session.n}`);'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.msg.text', sink: 'a property write' } }],
    },
    // Its twin: scaled by a variable, used before the check.
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  const windowMs = Number.parseInt(ctx.msg.text, 10) * unit;\n  if (Number.isNaN(windowMs)) return;'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.msg.text', sink: 'arithmetic' } }],
    },
    // Its twin: a capture that may be empty (`\d*`).
    {
      code: `${ntba}bot.onText(/\\/add (\\d*\\.?\\d*)/, async (msg, match) => {\n  const amount = parseFloat(match[1]);\n  user.balance = user.balance + amount;\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: `${ntba}bot.onText(/\\/add (\\d*\\.?\\d*)/, async (msg, match) => {\n  const amount = parseFloat(match[1]);\n  if (!Number.isFinite(amount)) return;\n  user.balance = user.balance + amount;\n});` }] }],
    },
    // Their twins: cut past the literal into the digits (`'/5'.slice(2)` is empty), a bare point (`\.\d*`).
    {
      code: `${ntba}bot.on('message', async (msg) => {\n  const match = msg.text.match(/(-?\\d+)(\\/\\d+(\\.\\d+)?)$/);\n  if (match) {\n    const price = parseFloat(match[2].slice(2));\n    await save(parseFloat(match[1]) / price);\n  }\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'price', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: `${ntba}bot.on('message', async (msg) => {\n  const match = msg.text.match(/(-?\\d+)(\\/\\d+(\\.\\d+)?)$/);\n  if (match) {\n    const price = parseFloat(match[2].slice(2));\n    if (!Number.isFinite(price)) return;\n    await save(parseFloat(match[1]) / price);\n  }\n});` }] }],
    },
    {
      code: `${ntba}bot.on('message', async (msg) => {\n  const m = msg.text.match(/^[-+]?(\\d+(\\.\\d+)?|\\.\\d*)$/);\n  if (m) await save(parseFloat(m[1]) * rate);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'm[1]', sink: 'arithmetic' } }],
    },
    // Their twins: the computed value is also stored, or handed to a function.
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: `${ntba}bot.on('message', async (msg) => {\n  const [a, b] = msg.text.split('*');\n  const amount = parseFloat(a);\n  const result = parseFloat(amount * rate).toFixed(2);\n  await bot.sendMessage(msg.chat.id, result);\n  await Order.create({ total: result });\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: `${ntba}bot.on('message', async (msg) => {\n  const [a, b] = msg.text.split('*');\n  const amount = parseFloat(a);\n  if (!Number.isFinite(amount)) return;\n  const result = parseFloat(amount * rate).toFixed(2);\n  await bot.sendMessage(msg.chat.id, result);\n  await Order.create({ total: result });\n});` }] }],
    },
    {
      code: payCommand('  const n = Number(ctx.msg.text);\n  await ctx.reply(`${n} USDT = ${Math.round(n * rate * 100) / 100} RUB`);\n  await charge(n * rate);'),
      errors: [{ messageId: 'unchecked', data: { name: 'n', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const n = Number(ctx.msg.text);\n  if (!Number.isFinite(n)) return;\n  await ctx.reply(`${n} USDT = ${Math.round(n * rate * 100) / 100} RUB`);\n  await charge(n * rate);') }] }],
    },
    // Its twin: a composer filtered to a chat that is not the operator's.
    {
      code: adminFeature('ctx.chat?.id === config.GROUP_CHAT_ID && !!ctx.message?.text'),
      errors: [{ messageId: 'unchecked', data: { name: 'rate', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: adminFeature('ctx.chat?.id === config.GROUP_CHAT_ID && !!ctx.message?.text').replace('const rate = Number(ctx.match);', 'const rate = Number(ctx.match);\n  if (!Number.isFinite(rate)) return;') }] }],
    },
    // Its twins: the middleware checks something else, or is installed after the handler (which runs first).
    ...[gatedComposer('await checkBanned(ctx)'), gatedComposer('await checkUser(ctx)', 'after'), gatedComposer('ctx.from?.id === GROUP_ID')].map((code) => ({
      code,
      errors: [{ messageId: 'unchecked' as const, data: { name: 'rate', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard' as const, output: code.replace('const rate = Number(ctx.match);', 'const rate = Number(ctx.match);\n  if (!Number.isFinite(rate)) return;') }] }],
    })),
    // Admin input that reaches SQL is reported in every config.
    {
      code: payCommand('  if (!ADMINS.has(ctx.from.id)) return;\n  await pool.query("UPDATE users SET balance = balance + $1", [Number(ctx.match)]);'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.match', sink: 'SQL' } }],
    },
    // Its twin: anyone who presses the button enters the state.
    {
      code: `${ntba}const adminState = {};\nbot.on('callback_query', async (q) => {\n  if (q.data === 'set_price') adminState[q.from.id] = 'set_price';\n});\nbot.on('message', async (msg) => {\n  const s = adminState[msg.from.id];\n  if (!s || msg.text?.startsWith('/')) return;\n  if (s === 'set_price') {\n    settings.price = parseFloat(msg.text);\n    delete adminState[msg.from.id];\n  }\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'msg.text', sink: 'a property write' } }],
    },
    // Their twins in strict: lookups, HTTP bodies and admin input are reported too.
    {
      code: payCommand('  const tx = await findTransaction(Number(ctx.match));'),
      options: [strictSinks],
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.match', sink: 'a lookup' } }],
    },
    {
      code: payCommand('  await axios.post(`${API}/transfer`, { amount: Number(ctx.msg.text), chatId: ctx.chat.id });'),
      options: [strictSinks],
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.msg.text', sink: 'an HTTP request' } }],
    },
    {
      code: payCommand('  if (ctx.from.id !== ADMIN_ID) return;\n  await setPrice(Number(ctx.match) * rate);'),
      options: [strictSinks],
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.match', sink: 'arithmetic' } }],
    },
    // Its twin in strict (lookups reported).
    {
      code: `${telegraf}bot.start(async (ctx) => {\n  const inviter = Number(ctx.message.text.split(' ')[1]);\n  await bot.telegram.sendMessage(inviter, 'Someone joined through your link');\n});`,
      options: [strictSinks],
      errors: [{ messageId: 'unchecked', data: { name: 'inviter', sink: 'a lookup' }, suggestions: [{ messageId: 'suggestGuard', output: `${telegraf}bot.start(async (ctx) => {\n  const inviter = Number(ctx.message.text.split(' ')[1]);\n  if (!Number.isFinite(inviter)) return;\n  await bot.telegram.sendMessage(inviter, 'Someone joined through your link');\n});` }] }],
    },
    // Its twin: `?.` survives the miss, and the upsert writes a NaN key.
    {
      code: `${telegraf}bot.on('text', async (ctx) => {\n  const [user] = ctx.message.text.split(' ');\n  const rows = await db.collection('balance').find({ userID: parseInt(user) }).toArray();\n  const balance = rows[0]?.balance * 1;\n  await db.collection('balance').updateOne({ userID: parseInt(user) }, { $set: { balance: balance + 1 } }, { upsert: true });\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'user', sink: 'a function call' } }],
    },
    // Its twin: the lookup's miss does not end the handler.
    {
      code: payCommand('  const receiverId = Number(ctx.match);\n  const receiver = await findUserById(receiverId);\n  ctx.dbuser.referalId = receiverId;'),
      errors: [{ messageId: 'unchecked', data: { name: 'receiverId', sink: 'a property write' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const receiverId = Number(ctx.match);\n  if (!Number.isFinite(receiverId)) return;\n  const receiver = await findUserById(receiverId);\n  ctx.dbuser.referalId = receiverId;') }] }],
    },
    // A lookup key that is also charged: the charge is reported.
    {
      code: payCommand('  const n = Number(ctx.match);\n  const user = await getUser(n);\n  await charge(user, n);'),
      errors: [{ messageId: 'unchecked', data: { name: 'n', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const n = Number(ctx.match);\n  if (!Number.isFinite(n)) return;\n  const user = await getUser(n);\n  await charge(user, n);') }] }],
    },
  ],
});

// Issue 15: text a grammY conversation waited for is user text (the framework model's conversation waits).
const conversation = (body: string): string =>
  `${grammy}import { createConversation } from '@grammyjs/conversations';\nasync function withdraw(conversation, ctx) {\n  const { message } = await conversation.waitFor('message:text');\n${body}\n}\nbot.use(createConversation(withdraw));`;
ruleTester.run('require-number-validation: grammY conversations', rule, {
  valid: [
    // The twin: the number is checked before it is charged.
    conversation('  const amount = Number(message.text);\n  if (!Number.isFinite(amount) || amount <= 0) return ctx.reply("A positive number, please");\n  await charge(ctx.from.id, amount);'),
  ],
  invalid: [
    {
      code: conversation('  const amount = Number(message.text);\n  await charge(ctx.from.id, amount);'),
      errors: [
        {
          messageId: 'unchecked',
          data: { name: 'amount', sink: 'a function call' },
          suggestions: [{ messageId: 'suggestGuard', output: conversation('  const amount = Number(message.text);\n  if (!Number.isFinite(amount)) return;\n  await charge(ctx.from.id, amount);') }],
        },
      ],
    },
  ],
});

// Round-5 judged shapes: a callee that validates its parameter, menu payloads, named digit groups,
// digits-only `hears` triggers.
const menu = "import { Bot } from 'grammy';\nimport { Menu } from '@grammyjs/menu';\nconst bot = new Bot('t');\n";
const deposit = (check: string): string =>
  `${telegraf}async function depositAmount(ctx, amount) {\n${check}\n  await credit(ctx.from.id, amount);\n}\nbot.on('text', async (ctx) => {\n  return depositAmount(ctx, parseFloat(ctx.message.text.trim()));\n});`;
ruleTester.run('require-number-validation: round-5 shapes', rule, {
  valid: [
    // The number goes straight to a function whose first statement rejects NaN.
    deposit('  if (isNaN(amount) || amount < 10) return ctx.reply("At least 10");'),
    deposit('  if (!Number.isFinite(amount)) throw new Error("bad amount");'),
    // A menu button's `ctx.match` is the payload the bot wrote into the button: callback data.
    `${menu}const menu = new Menu('users').dynamic((ctx, range) => {\n  for (const user of users) {\n    range.text({ text: user.name, payload: user.id.toString() }, (ctx) => {\n      toggleChecked(Number(ctx.match));\n      ctx.menu.update();\n    });\n  }\n});\nbot.use(menu);`,
    // A named digits-only group is trusted like a numbered one.
    `${grammy}bot.command('start', async (ctx) => {\n  const command = /^\\/start\\s+(?<eventId>\\d+)\\s*$/u.exec(ctx.message.text);\n  const eventId = command ? Number(command.groups!.eventId) : undefined;\n  if (eventId !== undefined) await updateUser(ctx.from.id, { pendingSignup: eventId });\n});`,
    `${grammy}bot.command('start', async (ctx) => {\n  const command = /^\\/start (?<eventId>\\d+)$/.exec(ctx.message.text);\n  if (command) await updateUser(ctx.from.id, { pendingSignup: Number(command.groups?.['eventId']) });\n});`,
    // An anchored digits-only `hears` trigger: the whole text is digits.
    `${telegraf}scene.hears(/^\\d+$/, async (ctx) => {\n  const addBalance = Number(ctx.message.text);\n  ctx.session.user = { ...ctx.session.user, addBalance };\n  user.balance = addBalance;\n});`,
  ],
  invalid: [
    // Twins: the callee uses the parameter before (or without) checking it.
    {
      code: deposit('  await bonus(amount);\n  if (isNaN(amount)) return;'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text.trim()', sink: 'a function call' } }],
    },
    {
      code: deposit('  if (amount < 10) return ctx.reply("At least 10");'),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text.trim()', sink: 'a function call' } }],
    },
    {
      // A checked callee does not check the caller's later uses.
      code: `${telegraf}async function depositAmount(ctx, amount) {\n  if (isNaN(amount)) return;\n}\nbot.on('text', async (ctx) => {\n  const amount = parseFloat(ctx.message.text);\n  await depositAmount(ctx, amount);\n  await credit(ctx.from.id, amount);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, line: 7, suggestions: [{ messageId: 'suggestGuard', output: `${telegraf}async function depositAmount(ctx, amount) {\n  if (isNaN(amount)) return;\n}\nbot.on('text', async (ctx) => {\n  const amount = parseFloat(ctx.message.text);\n  if (!Number.isFinite(amount)) return;\n  await depositAmount(ctx, amount);\n  await credit(ctx.from.id, amount);\n});` }] }],
    },
    {
      // A menu payload that reaches SQL is reported, as other callback data is.
      code: `${menu}const menu = new Menu('users').dynamic((ctx, range) => {\n  for (const user of users) {\n    range.text({ text: user.name, payload: user.id.toString() }, async (ctx) => {\n      await db.query('DELETE FROM users WHERE id = $1', [Number(ctx.match)]);\n    });\n  }\n});\nbot.use(menu);`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.match', sink: 'SQL' } }],
    },
    {
      // A named group that is not digits only.
      code: `${grammy}bot.command('start', async (ctx) => {\n  const command = /^\\/start\\s+(?<eventId>\\w+)\\s*$/u.exec(ctx.message.text);\n  const eventId = command ? Number(command.groups!.eventId) : undefined;\n  if (eventId !== undefined) await updateUser(ctx.from.id, { pendingSignup: eventId });\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'eventId', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: `${grammy}bot.command('start', async (ctx) => {\n  const command = /^\\/start\\s+(?<eventId>\\w+)\\s*$/u.exec(ctx.message.text);\n  const eventId = command ? Number(command.groups!.eventId) : undefined;\n  if (!Number.isFinite(eventId)) return;\n  if (eventId !== undefined) await updateUser(ctx.from.id, { pendingSignup: eventId });\n});` }] }],
    },
    {
      // A trigger that is not anchored at both ends, or is multiline: other text may come with the digits.
      code: `${telegraf}scene.hears(/\\d+$/, async (ctx) => {\n  user.balance = Number(ctx.message.text);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
    {
      code: `${telegraf}scene.hears(/^\\d+$/m, async (ctx) => {\n  user.balance = Number(ctx.message.text);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
  ],
});

const isNumberTelegraf = `import isNumber from 'is-number';\n${telegraf}`;
const adminCallback = (gate: string): string =>
  `${ntba}bot.on('callback_query', async (q) => {\n  const user = await getUser(q.from.id);\n  if (q.data.startsWith('add_')) {\n${gate}    bot.once('message', async (m) => {\n      const price = parseInt(m.text);\n      await updateProduct(q.data.slice(4), { price });\n    });\n  }\n});`;
const adminReported = (gate: string) => ({
  code: adminCallback(gate),
  errors: [
    {
      messageId: 'unchecked' as const,
      data: { name: 'price', sink: 'a function call' },
      suggestions: [{ messageId: 'suggestGuard' as const, output: adminCallback(gate).replace('const price = parseInt(m.text);', 'const price = parseInt(m.text);\n      if (!Number.isFinite(price)) return;') }],
    },
  ],
});
ruleTester.run('require-number-validation: round-7 shapes', rule, {
  valid: [
    // The is-number package: true for finite numbers and numeric strings only.
    `${isNumberTelegraf}scene.on('text', async (ctx) => {\n  const text = ctx.message.text;\n  if (!isNumber(text)) return ctx.reply('Enter a number');\n  const amount = +text.replace('-', '').trim();\n  user.balance = amount;\n});`,
    `const isNumber = require('is-number');\n${telegraf}scene.on('text', async (ctx) => {\n  const msg = ctx.message.text;\n  if (!isNumber(+msg)) return ctx.reply('Enter a number');\n  user.balance = user.balance - +msg;\n});`,
    // An admin check in an enclosing block of the outer listener, carried into the nested one-shot listener.
    adminCallback('    if (!user.isAdmin) return;\n'),
    `${ntba}bot.on('callback_query', async (q) => {\n  switch (q.data) {\n    case 'set_price':\n      if (!isAdmin(q.from.id)) return;\n      bot.once('message', (m) => { settings.price = parseFloat(m.text); });\n      break;\n  }\n});`,
  ],
  invalid: [
    // Twins: the text checked is not the text parsed; a parse compared, not validated; an edit that adds characters.
    {
      code: `${isNumberTelegraf}scene.on('text', async (ctx) => {\n  const text = ctx.message.text;\n  if (!isNumber(other)) return ctx.reply('Enter a number');\n  user.balance = +text.replace('-', '');\n});`,
      errors: [{ messageId: 'unchecked', data: { name: "text.replace('-', '')", sink: 'a property write' } }],
    },
    {
      code: `${isNumberTelegraf}scene.on('text', async (ctx) => {\n  const text = ctx.message.text;\n  if (!isNumber(text)) return ctx.reply('Enter a number');\n  user.balance = +text.replace('-', 'x');\n});`,
      errors: [{ messageId: 'unchecked', data: { name: "text.replace('-', 'x')", sink: 'a property write' } }],
    },
    {
      code: `${telegraf}scene.on('text', async (ctx) => {\n  const msg = ctx.message.text;\n  if (+msg < 10) return ctx.reply('At least 10');\n  user.balance = user.balance - +msg;\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'msg', sink: 'arithmetic' } }],
    },
    // The admin check absent, not leaving, or in a block that does not enclose the nested listener.
    adminReported(''),
    adminReported('    if (!user.isAdmin) log("not admin");\n'),
    adminReported('    if (q.data === "add_x") { if (!user.isAdmin) return; }\n'),
  ],
});

// Round-8 judged shapes: a capture group whose every alternative is digits only; the text of a menu's own message.
const menuGrammy = "import { Bot } from 'grammy';\nimport { Menu } from '@grammyjs/menu';\nconst bot = new Bot('t');\n";
const timeCheck = (regex: string, guarded?: 'hour' | 'minute'): string =>
  payCommand(
    `  const timeRegex = ${regex};\n  const text = ctx.msg?.text || '';\n  const match = text.match(timeRegex);\n  if (!match) return ctx.reply('HH:MM');\n  const hour = parseInt(match[1], 10);\n${guarded === 'hour' ? '  if (!Number.isFinite(hour)) return;\n' : ''}  const minute = parseInt(match[2], 10);\n${guarded === 'minute' ? '  if (!Number.isFinite(minute)) return;\n' : ''}  await schedule(hour * 60 + minute);`,
  );
ruleTester.run('require-number-validation: round-8 shapes', rule, {
  valid: [
    // Alternatives of digit classes, literal digits, `\d`, `?` and fixed counts: never NaN, never negative.
    timeCheck('/^([0-1]?[0-9]|2[0-3]):([0-5][0-9])$/'),
    timeCheck('/^(\\d{1,2}|1\\d\\d):(\\d\\d)$/'),
    // A menu's dynamic range and its buttons read the menu's own message, which the bot wrote.
    `${menuGrammy}const menu = new Menu('status').dynamic(async (ctx, range) => {\n  if (!ctx.msg?.text) return;\n  const chatId = Number(ctx.msg.text.substring(ctx.msg.text.lastIndexOf('-')));\n  range.text('Toggle', async () => toggle(chatId * 1));\n});\nbot.use(menu);`,
    `${menuGrammy}const menu = new Menu('status').text('Toggle', async (ctx) => {\n  const chatId = Number(ctx.msg.text.split(':')[1]);\n  await toggle(chatId - 1);\n});\nbot.use(menu);`,
    // An equality lookup whose miss exits: what goes on equals a key the list holds.
    payCommand('  const id = parseInt(ctx.match, 10);\n  const item = catalog.find((entry) => entry.id === id);\n  if (!item) return ctx.reply("No such item");\n  await charge(item.price * 2, id);'),
    payCommand('  const id = parseInt(ctx.match, 10);\n  const item = catalog.find((entry) => { return id == entry.id; });\n  if (!item) return ctx.reply("No such item");\n  await charge(id);'),
    // An invoice's price awaited in a `try` whose `catch` answers: Telegram rejects NaN, negative and fractional prices into it.
    payCommand('  try {\n    const amount = Number(ctx.message.text);\n    await ctx.replyWithInvoice("Stars", "Top up", "topup", "XTR", [{ label: "stars", amount }]);\n  } catch (err) {\n    await ctx.reply("Send a whole number of stars");\n  }'),
    payCommand('  const stars = parseInt(ctx.msg.text, 10);\n  try {\n    const link = await bot.api.createInvoiceLink("Stars", "Top up", "topup", "", "XTR", [{ label: "stars", amount: stars * 2 }]);\n    await ctx.reply(link);\n  } catch (err) {\n    console.error(err);\n  }'),
    // Lookups tested together (`=== undefined` in an `||` chain) before any other use.
    payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = await getWallet(id);\n  const owner = await getOwner(id);\n  if (wallet === undefined || owner == null) {\n    await ctx.reply("Not found");\n    return;\n  }\n  await ctx.reply(render(id));'),
    payCommand('  const id = parseInt(ctx.match, 10);\n  const item = catalog.find((entry) => entry.id === id && entry.active);\n  if (!item) return ctx.reply("No such item");\n  await charge(id);'),
    payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = cache.get(id);\n  const owner = await findOwner(id);\n  if (null == owner || wallet === undefined) return;\n  await addCoins(id, 5);'),
    // The last lookup is tested on its own: the earlier one only ran with the bad key.
    payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = await getWallet(id);\n  const owner = await getOwner(id), tries = 0;\n  if (!wallet || !owner) return;\n  await addCoins(id, 5);'),
  ],
  invalid: [
    // Twins: an alternative that may be empty or hold other characters; a dynamic builder that is not a menu's.
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: timeCheck('/^([0-1]?[0-9]?|2[0-3]):([0-5][0-9])$/'),
      errors: [{ messageId: 'unchecked', data: { name: 'hour', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: timeCheck('/^([0-1]?[0-9]?|2[0-3]):([0-5][0-9])$/', 'hour') }] }],
    },
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: timeCheck('/^([0-1]?[0-9]|2[0-3]):([0-5]\\w)$/'),
      errors: [{ messageId: 'unchecked', data: { name: 'minute', sink: 'arithmetic' }, suggestions: [{ messageId: 'suggestGuard', output: timeCheck('/^([0-1]?[0-9]|2[0-3]):([0-5]\\w)$/', 'minute') }] }],
    },
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: `${menuGrammy}const menu = new Menu('status');\nbot.on('message', (ctx) => other.dynamic(async () => {\n  const chatId = Number(ctx.msg.text);\n  await toggle(chatId * 1);\n}));`,
      errors: [
        {
          messageId: 'unchecked',
          data: { name: 'chatId', sink: 'a function call' },
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `${menuGrammy}const menu = new Menu('status');\nbot.on('message', (ctx) => other.dynamic(async () => {\n  const chatId = Number(ctx.msg.text);\n  if (!Number.isFinite(chatId)) return;\n  await toggle(chatId * 1);\n}));`,
            },
          ],
        },
      ],
    },
    // Twins: the amount also reaches the balance; a `catch` that swallows; an invoice not awaited.
    {
      code: payCommand('  const amount = Number(ctx.message.text);\n  try {\n    await ctx.replyWithInvoice("Stars", "Top up", "topup", "XTR", [{ label: "stars", amount }]);\n    await addBalance(ctx.from.id, amount);\n  } catch (err) {\n    await ctx.reply("Send a whole number");\n  }'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Number(ctx.message.text);\n  if (!Number.isFinite(amount)) return;\n  try {\n    await ctx.replyWithInvoice("Stars", "Top up", "topup", "XTR", [{ label: "stars", amount }]);\n    await addBalance(ctx.from.id, amount);\n  } catch (err) {\n    await ctx.reply("Send a whole number");\n  }') }] }],
    },
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  const amount = Number(ctx.message.text);\n  try {\n    await ctx.replyWithInvoice("Stars", "Top up", "topup", "XTR", [{ label: "stars", amount }]);\n  } catch {}'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Number(ctx.message.text);\n  if (!Number.isFinite(amount)) return;\n  try {\n    await ctx.replyWithInvoice("Stars", "Top up", "topup", "XTR", [{ label: "stars", amount }]);\n  } catch {}') }] }],
    },
    {
      options: [EVERY_USE], // strict only: the number reaches no write, balance change or allocation
      code: payCommand('  const amount = Number(ctx.message.text);\n  try {\n    void ctx.replyWithInvoice("Stars", "Top up", "topup", "XTR", [{ label: "stars", amount }]);\n  } catch (err) {\n    await ctx.reply("Send a whole number");\n  }'),
      errors: [{ messageId: 'unchecked', data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const amount = Number(ctx.message.text);\n  if (!Number.isFinite(amount)) return;\n  try {\n    void ctx.replyWithInvoice("Stars", "Top up", "topup", "XTR", [{ label: "stars", amount }]);\n  } catch (err) {\n    await ctx.reply("Send a whole number");\n  }') }] }],
    },
    // Twins: the lookup's miss does not exit, the key is compared by `!==`, a use comes before the test.
    {
      code: payCommand('  const id = parseInt(ctx.match, 10);\n  const item = catalog.find((entry) => entry.id === id);\n  await charge(id * 2);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const item = catalog.find((entry) => entry.id === id);\n  await charge(id * 2);') }] }],
    },
    {
      code: payCommand('  const id = parseInt(ctx.match, 10);\n  const item = catalog.find((entry) => entry.id !== id);\n  if (!item) return ctx.reply("No such item");\n  await charge(id);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const item = catalog.find((entry) => entry.id !== id);\n  if (!item) return ctx.reply("No such item");\n  await charge(id);') }] }],
    },
    {
      code: payCommand('  const id = parseInt(ctx.match, 10);\n  const item = catalog.filter((entry) => entry.id === id);\n  if (!item) return ctx.reply("No such item");\n  await charge(id);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const item = catalog.filter((entry) => entry.id === id);\n  if (!item) return ctx.reply("No such item");\n  await charge(id);') }] }],
    },
    {
      code: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = await getWallet(id);\n  await addCoins(id, 5);\n  if (wallet === undefined) return;'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const wallet = await getWallet(id);\n  await addCoins(id, 5);\n  if (wallet === undefined) return;') }] }],
    },
    {
      code: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = await getWallet(id);\n  const owner = await getOwner(id);\n  if (wallet === undefined && owner === undefined) return;\n  await addCoins(id, 5);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const wallet = await getWallet(id);\n  const owner = await getOwner(id);\n  if (wallet === undefined && owner === undefined) return;\n  await addCoins(id, 5);') }] }],
    },
    // Twins: a field of the result tested, a miss tested by `!==`, a statement between, a callback that does more than compare.
    {
      code: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = await getWallet(id);\n  const owner = await getOwner(id);\n  if (!wallet.banned || !owner) return;\n  await addCoins(id, 5);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const wallet = await getWallet(id);\n  const owner = await getOwner(id);\n  if (!wallet.banned || !owner) return;\n  await addCoins(id, 5);') }] }],
    },
    {
      code: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = await getWallet(id);\n  if (wallet !== undefined) return;\n  await addCoins(id, 5);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const wallet = await getWallet(id);\n  if (wallet !== undefined) return;\n  await addCoins(id, 5);') }] }],
    },
    {
      code: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  const wallet = await getWallet(id);\n  const label = "wallet";\n  if (!wallet) return;\n  await addCoins(id, 5);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = Number.parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const wallet = await getWallet(id);\n  const label = "wallet";\n  if (!wallet) return;\n  await addCoins(id, 5);') }] }],
    },
    {
      code: payCommand('  const id = parseInt(ctx.match, 10);\n  const item = catalog.find((entry) => {\n    const key = entry.id;\n    return key === id;\n  });\n  if (!item) return ctx.reply("No such item");\n  await charge(id);'),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard', output: payCommand('  const id = parseInt(ctx.match, 10);\n  if (!Number.isFinite(id)) return;\n  const item = catalog.find((entry) => {\n    const key = entry.id;\n    return key === id;\n  });\n  if (!item) return ctx.reply("No such item");\n  await charge(id);') }] }],
    },
  ],
});

// Issue 15: a listener registered on a bot that another module of the bot project creates and exports.
describe('require-number-validation: a bot imported from another project module', () => {
  function messageIds(listener: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnv-imported-bot-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { 'node-telegram-bot-api': '^0.66' } }));
    fs.writeFileSync(path.join(dir, 'bot.js'), "const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot(process.env.TOKEN, { polling: true });\nmodule.exports = { bot };\n");
    const code = `const { bot } = require('./bot');\n${listener}`;
    const filename = path.join(dir, 'message.js');
    fs.writeFileSync(filename, code);
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [
      { files: ['**/*.js'], languageOptions: { parser: tsParser } },
      { files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } },
    ];
    const messages = linter.verify(code, config, filename);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  const LISTENER = "bot.onText(/\\/pay (.+)/, async (msg, match) => {\n  const amount = Number(match[1]);\n  await db.query('UPDATE u SET b = b + $1 WHERE id = $2', [amount, msg.chat.id]);\n});\n";
  it('reports user text converted unchecked in the importing file', () => {
    expect(messageIds(LISTENER)).toEqual(['unchecked']);
  });
  it('accepts the checked twin', () => {
    expect(messageIds(LISTENER.replace('  await db', '  if (Number.isNaN(amount)) return;\n  await db'))).toEqual([]);
  });
});

// nestjs-telegraf: `@Action(/re/)` / `@Hears(/re/)` methods of an `@Update()` class hand their context to a
// method of an injected service in another file.
describe('require-number-validation: a nestjs-telegraf service method', () => {
  function messageIds(decorator: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnv-nest-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4.16', 'nestjs-telegraf': '^2.8' } }));
    fs.writeFileSync(
      path.join(dir, 'pages.update.ts'),
      `import { ${decorator}, Ctx, Update } from 'nestjs-telegraf';\nimport { Context } from 'telegraf';\nimport { PagesService } from './pages.service';\n\n@Update()\nexport class PagesUpdate {\n  constructor(private readonly pages: PagesService) {}\n\n  @${decorator}(/^page-\\d+$/)\n  async nextPage(@Ctx() ctx: Context) {\n    return this.pages.showPage(ctx);\n  }\n}\n`,
    );
    const code =
      "import { Injectable } from '@nestjs/common';\nimport { Context } from 'telegraf';\n\n@Injectable()\nexport class PagesService {\n  async showPage(ctx) {\n    const user = await User.findOne({ where: { id: String(ctx.from.id) } });\n    if (!user) return;\n    user.page = +ctx.match['input'].split('-')[1];\n    await user.save();\n  }\n}\n";
    const filename = path.join(dir, 'pages.service.ts');
    fs.writeFileSync(filename, code);
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.ts'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } },
    ];
    const messages = linter.verify(code, config, filename);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  it('reports typed text: the service method handles a `@Hears` method', () => {
    expect(messageIds('Hears')).toEqual(['unchecked']);
  });
  it('accepts callback data the bot wrote: the service method handles an `@Action` method', () => {
    expect(messageIds('Action')).toEqual([]);
  });
});

// The default: a number is reported where a bad value does harm unseen — a write, a balance change,
// a state field, an allocation, or a project function that does one with it. Each invalid case
// beside its twin whose number is only shown, passed to an API that rejects it, or kept local; the
// twins are reported with `checkEveryUse`.
const AMOUNT = '  const amount = Number(ctx.msg.text);\n';
const GUARD = '  if (!Number.isFinite(amount)) return;\n';
/** An amount parsed on the first line of the handler, reported at its parse with the guard suggested after it. */
const harmful = (rest: string, sink: string, before = '') => ({
  code: `${before}${payCommand(`${AMOUNT}${rest}`)}`,
  errors: [{ messageId: 'unchecked' as const, data: { name: 'amount', sink }, suggestions: [{ messageId: 'suggestGuard' as const, output: `${before}${payCommand(`${AMOUNT}${GUARD}${rest}`)}` }] }],
});
const APPLY = "async function apply(id, n) {\n  await pool.query('UPDATE users SET points = points + $1 WHERE id = $2', [n, id]);\n}\n";
const SHOW = 'async function show(ctx, n) {\n  await ctx.reply(String(n));\n}\n';
ruleTester.run('require-number-validation: default, a use that does harm', rule, {
  valid: [
    // Telegram rejects a NaN, negative or fractional price: nobody pays it.
    payCommand(`${AMOUNT}  await ctx.replyWithInvoice('Stars', 'Top up', 'topup', 'XTR', [{ label: 'stars', amount }]);`),
    // Arithmetic whose result is only formatted and shown.
    payCommand(`${AMOUNT}  const total = amount * price;\n  await ctx.reply(formatPrice(total));`),
    // A project function that only shows its parameter.
    `${SHOW}${payCommand(`${AMOUNT}  await show(ctx, amount);`)}`,
    // A local running value only shown.
    payCommand(`${AMOUNT}  let left = limit;\n  left = left - amount;\n  await ctx.reply(describe(left));`),
    // Timers and the Bot API's own settings are not writes.
    payCommand(`${AMOUNT}  setTimeout(remind, amount * unit);`),
    // A callee the rule cannot name or resolve: nothing says it writes.
    payCommand(`${AMOUNT}  await handlers[kind](amount);`),
    `${SHOW}${payCommand(`${AMOUNT}  await show(ctx, { amount });`)}`,
  ],
  invalid: [
    // Stored by an ORM write or a project function named for one.
    harmful('  await Order.create({ data: { qty: amount } });', 'a function call'),
    harmful('  await addLimitOrder(ctx.from.id, amount);', 'a function call'),
    // A balance change, by name or on a state field.
    harmful('  await deductCredit(ctx.from.id, amount);', 'a function call'),
    harmful('  user.balance -= amount;\n  await user.save();', 'arithmetic'),
    harmful('  const cost = amount * price;\n  user.coins = user.coins - cost;', 'arithmetic'),
    // A project function that writes its parameter.
    { ...harmful('  await apply(ctx.from.id, amount);', 'a function call', APPLY) },
    // An allocation sized by the number.
    harmful("  const rows = new Array(amount).fill('-');\n  await ctx.reply(rows.join(''));", 'a function call'),
    harmful("  await ctx.reply('*'.repeat(amount));", 'a function call'),
  ],
});

ruleTester.run('require-number-validation: checkEveryUse reports the harmless uses too', rule, {
  valid: [],
  invalid: [
    { ...harmful('  const total = amount * price;\n  await ctx.reply(formatPrice(total));', 'arithmetic'), options: [EVERY_USE] },
    { ...harmful('  await show(ctx, amount);', 'a function call', SHOW), options: [EVERY_USE] },
  ],
});

// Round-11 judged shape: a digits capture with one decimal part, point or comma (`(\d+(?:[.,]\d{2})?)`).
const centsDeposit = (pattern: string, parse: string): string =>
  `${ntba}bot.on('message', async (msg) => {\n  const m = msg.text.match(/${pattern}/i);\n  if (m) {\n    const amount = ${parse};\n    await deductCredit(m[2], amount);\n  }\n});`;
const centsReported = (pattern: string, parse: string) => {
  const code = centsDeposit(pattern, parse);
  return {
    code,
    errors: [{ messageId: 'unchecked' as const, data: { name: 'amount', sink: 'a function call' }, suggestions: [{ messageId: 'suggestGuard' as const, output: code.replace(`;\n    await`, `;\n    if (!Number.isFinite(amount)) return;\n    await`) }] }],
  };
};
const AMOUNT_WITH_CENTS = String.raw`(?:pay|put)\s+(\d+(?:[.,]\d{2})?)\s+(\w+)`;
ruleTester.run('require-number-validation: a digits capture with a point or comma decimal part', rule, {
  valid: [
    // The comma replaced by a point before the parse: digits and one decimal part, never NaN or negative.
    centsDeposit(AMOUNT_WITH_CENTS, "parseFloat(m[1].replace(',', '.'))"),
    centsDeposit(AMOUNT_WITH_CENTS, "Number(m[1].replace(',', '.'))"),
    centsDeposit(AMOUNT_WITH_CENTS, "Number(m[1].replaceAll(/,/g, '.').trim())"),
    // `parseFloat` and `parseInt` stop at the comma (`parseFloat('10,50')` is 10).
    centsDeposit(AMOUNT_WITH_CENTS, 'parseFloat(m[1])'),
    centsDeposit(AMOUNT_WITH_CENTS, 'Number.parseInt(m[1], 10)'),
    // A point-only decimal part with a bounded number of digits, a bare comma separator.
    centsDeposit(String.raw`pay\s+(\d+(?:\.\d{1,2})?)\s+(\w+)`, 'Number(m[1])'),
    centsDeposit(String.raw`pay\s+(\d+(?:,\d{2})?)\s+(\w+)`, "+m[1].replace(',', '.')"),
    // A named group.
    `${ntba}bot.on('message', async (msg) => {\n  const m = /pay (?<amount>\\d+(?:[.,]\\d{2})?)/.exec(msg.text);\n  if (m) await deductCredit(msg.from.id, Number(m.groups.amount.replace(/,/, '.')));\n});`,
    // A `hears` trigger's capture (grammY `ctx.match`).
    `${grammy}bot.hears(/^\\/pay (\\d+(?:[.,]\\d{2})?)$/, async (ctx) => {\n  await deductCredit(ctx.from.id, parseFloat(ctx.match[1].replace(',', '.')));\n});`,
  ],
  invalid: [
    // `Number('10,50')` is NaN: the comma is neither replaced nor a stop.
    centsReported(AMOUNT_WITH_CENTS, 'Number(m[1])'),
    centsReported(AMOUNT_WITH_CENTS, "Number(m[1].replace('.', ','))"),
    centsReported(AMOUNT_WITH_CENTS, 'Number(String(m[1]))'),
    centsReported(AMOUNT_WITH_CENTS, "Number(m[1].replace(',', 'x'))"),
    // Any text, or a capture that may be empty (`parseFloat('')` is NaN).
    centsReported(String.raw`pay\s+(.+)\s+(\w+)`, "parseFloat(m[1].replace(',', '.'))"),
    centsReported(String.raw`pay\s*(\d{0,3})\s*(\w+)`, 'parseFloat(m[1])'),
    centsReported(String.raw`pay\s*(\d*(?:[.,]\d{2})?)\s*(\w+)`, "parseFloat(m[1].replace(',', '.'))"),
    {
      code: `${grammy}bot.hears(/^\\/pay (\\d+(?:[.,]\\d{2})?)$/, async (ctx) => {\n  await deductCredit(ctx.from.id, Number(ctx.match[1]));\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.match[1]', sink: 'a function call' } }],
    },
  ],
});

/**
 * A signed digits capture (`(-?\d+)`, `([+-]?\d+)`, `(\d+|-\d+)`) is never NaN but may be negative:
 * with requireRange it needs a bound before SQL or arithmetic (`/pay -500`). An unsigned one stays trusted.
 */
const RANGE = { requireRange: true };
const topUp = (trigger: string, body: string): string =>
  `${grammy}bot.hears(/${trigger}/, async (ctx) => {\n${body}\n  await db.query('UPDATE u SET b = b + $1 WHERE id = $2', [n, ctx.from.id]);\n});`;
const localTopUp = (pattern: string, body: string): string =>
  payCommand(`  const m = ctx.msg.text.match(/${pattern}/);\n  if (!m) return;\n${body}\n  await db.query('UPDATE u SET b = b + $1 WHERE id = $2', [n, ctx.from.id]);`);

ruleTester.run('require-number-validation: signed digits captures need a bound with requireRange', rule, {
  valid: [
    // A bound before the use: `-500` is turned away.
    { code: topUp(String.raw`^\/pay (-?\d+)$`, '  const n = Number(ctx.match[1]);\n  if (n <= 0) return;'), options: [RANGE] },
    { code: localTopUp(String.raw`^\/pay ([+-]?\d+)$`, '  const n = parseInt(m[1], 10);\n  if (n <= 0) return ctx.reply("Positive, please");'), options: [RANGE] },
    { code: topUp(String.raw`^\/pay (\d+|-\d+)$`, '  const n = Number(ctx.match[1]);\n  if (n < 1 || n > 1000) return;'), options: [RANGE] },
    // An unsigned capture stays trusted: never NaN, never negative.
    { code: topUp(String.raw`^\/pay (\d+)$`, '  const n = Number(ctx.match[1]);'), options: [RANGE] },
    { code: localTopUp(String.raw`^\/pay (\d+(?:\.\d{2})?)$`, '  const n = parseFloat(m[1]);'), options: [RANGE] },
    // Without requireRange a signed capture is trusted as before: it cannot be NaN.
    topUp(String.raw`^\/pay (-?\d+)$`, '  const n = Number(ctx.match[1]);'),
    localTopUp(String.raw`^\/pay ([+-]?\d+)$`, '  const n = Number(m[1]);'),
    { code: `${grammy}bot.hears(/^\\d+$/, async (ctx) => {\n  await db.query('UPDATE u SET b = b + $1', [Number(ctx.msg.text)]);\n});`, options: [RANGE] },
    { code: `${grammy}bot.hears(/^-?\\d+$/, async (ctx) => {\n  const n = Number(ctx.msg.text);\n  if (n < 1) return;\n  await db.query('UPDATE u SET b = b + $1', [n]);\n});`, options: [RANGE] },
    // A signed capture that only reaches a call: requireRange asks for a bound before SQL and arithmetic only.
    { code: `${grammy}bot.hears(/^\\/pay (-?\\d+)$/, async (ctx) => {\n  await notify(Number(ctx.match[1]));\n});`, options: [RANGE] },
  ],
  invalid: [
    {
      code: topUp(String.raw`^\/pay (-?\d+)$`, '  const n = Number(ctx.match[1]);'),
      options: [RANGE],
      errors: [{ messageId: 'unbounded', data: { name: 'n', sink: 'SQL' }, line: 4, column: 13, suggestions: [{ messageId: 'suggestBoundGuard', output: topUp(String.raw`^\/pay (-?\d+)$`, '  const n = Number(ctx.match[1]);\n  if (!Number.isFinite(n) || n <= 0) return;') }] }],
    },
    {
      code: localTopUp(String.raw`^\/pay ([+-]?\d+)$`, '  const n = parseInt(m[1], 10);'),
      options: [RANGE],
      errors: [{ messageId: 'unbounded', data: { name: 'n', sink: 'SQL' }, suggestions: [{ messageId: 'suggestBoundGuard', output: localTopUp(String.raw`^\/pay ([+-]?\d+)$`, '  const n = parseInt(m[1], 10);\n  if (!Number.isFinite(n) || n <= 0) return;') }] }],
    },
    {
      // Alternatives, one of them negative; the whole text of an anchored `hears` trigger.
      code: topUp(String.raw`^\/pay (\d+|-\d+)$`, '  const n = Number(ctx.match[1]);'),
      options: [RANGE],
      errors: [{ messageId: 'unbounded', data: { name: 'n', sink: 'SQL' }, suggestions: [{ messageId: 'suggestBoundGuard', output: topUp(String.raw`^\/pay (\d+|-\d+)$`, '  const n = Number(ctx.match[1]);\n  if (!Number.isFinite(n) || n <= 0) return;') }] }],
    },
    {
      code: `${grammy}bot.hears(/^-?\\d+$/, async (ctx) => {\n  await db.query('UPDATE u SET b = b + $1', [Number(ctx.msg.text)]);\n});`,
      options: [RANGE],
      errors: [{ messageId: 'unbounded', data: { name: 'ctx.msg.text', sink: 'SQL' } }],
    },
    {
      // A signed pattern in a group is still a signed test of the text: no proof that the cut is unsigned (as `/^\+-?\d+$/`).
      code: payCommand("  const t = ctx.msg.text;\n  if (!/^#(-?\\d+)$/.test(t)) return;\n  await db.query('UPDATE u SET days = days + $1 WHERE id = $2', [parseInt(t.slice(1)), ctx.from.id]);"),
      errors: [{ messageId: 'unchecked', data: { name: 't.slice(1)', sink: 'SQL' } }],
    },
    {
      // Arithmetic on a signed capture of an NTBA trigger: a negative price stored as a balance change.
      code: `${ntba}bot.onText(/\\/sell (-?\\d+)/, async (msg, match) => {\n  user.balance = user.balance + parseInt(match[1]);\n});`,
      options: [RANGE],
      errors: [{ messageId: 'unbounded', data: { name: 'match[1]', sink: 'arithmetic' } }],
    },
    {
      // A signed named group of a local match.
      code: payCommand("  const m = /^\\/pay (?<amount>-?\\d+)$/.exec(ctx.msg.text);\n  if (!m) return;\n  await db.query('UPDATE u SET b = b + $1', [Number(m.groups.amount)]);"),
      options: [RANGE],
      errors: [{ messageId: 'unbounded', data: { name: 'm.groups.amount', sink: 'SQL' } }],
    },
  ],
});

/** A handler stores the amount a user typed in the session; another spends it. */
const storedAmount = (reader: string, extra = ''): string =>
  `${telegraf}bot.on('text', async (ctx) => {\n  ctx.session.amount = parseFloat(ctx.message.text);\n  await ctx.reply('Confirm?');\n});\nbot.action('confirm', async (ctx) => {\n${reader}\n});${extra}`;

ruleTester.run('require-number-validation: a stored amount checked where it is read', rule, {
  valid: [
    // Every handler that reads the stored amount rejects NaN before spending it.
    storedAmount("  const { amount, wallet } = ctx.session;\n  if (!amount || !wallet) return ctx.reply('Missing data');\n  await sendTokens(wallet, amount);"),
    storedAmount("  if (!Number.isFinite(ctx.session.amount)) return;\n  await sendTokens(ctx.from.id, ctx.session.amount);", "\nbot.action('again', async (c) => {\n  if (!c.session?.amount) return;\n  await sendTokens(c.from.id, c.session.amount);\n});"),
    // A property of a module-level store, checked where another handler reads it.
    `${telegraf}const pending = {};\nbot.on('text', async (ctx) => {\n  pending.amount = Number(ctx.message.text);\n});\nbot.action('confirm', async (ctx) => {\n  if (isNaN(pending.amount)) return;\n  await sendTokens(ctx.from.id, pending.amount);\n});`,
    // With requireRange the check must bound it too.
    { code: storedAmount("  const { amount } = ctx.session;\n  if (!(amount > 0)) return;\n  await sendTokens(ctx.from.id, amount);"), options: [{ requireRange: true }] },
  ],
  invalid: [
    {
      // The reader spends it unchecked.
      code: storedAmount("  const { amount } = ctx.session;\n  await sendTokens(ctx.from.id, amount);\n  if (!amount) return;"),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' }, line: 4 }],
    },
    {
      // One reader checks, another does not.
      code: storedAmount("  if (!ctx.session.amount) return;\n  await sendTokens(ctx.from.id, ctx.session.amount);", "\nbot.action('again', async (ctx) => {\n  await sendTokens(ctx.from.id, ctx.session.amount);\n});"),
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
    {
      // A reader that only shows it is no check; nor is one before the write in its own handler that never tests it.
      code: `${telegraf}bot.on('text', async (ctx) => {\n  await ctx.reply(\`Was \${ctx.session.amount}\`);\n  ctx.session.amount = parseFloat(ctx.message.text);\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
    {
      // A local object of another handler is another place: its check proves nothing.
      code: `${telegraf}bot.on('text', async (ctx) => {\n  const order = {};\n  order.amount = parseFloat(ctx.message.text);\n  await save(order);\n});\nbot.action('confirm', async (ctx) => {\n  const order = await load();\n  if (!order.amount) return;\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
    {
      // A context that is not the handler's parameter (`this.ctx`), or a non-session property of it.
      code: `${telegraf}bot.on('text', async (ctx) => {\n  ctx.state.amount = parseFloat(ctx.message.text);\n});\nbot.action('confirm', async (ctx) => {\n  if (!ctx.state.amount) return;\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
    {
      // A place whose key cannot be told.
      code: `${telegraf}const store = {};\nbot.on('text', async (ctx) => {\n  store[key()].amount = Number(ctx.message.text);\n});\nbot.action('confirm', async (ctx) => {\n  if (!store[key()].amount) return;\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
    {
      // With requireRange a NaN check alone does not do.
      code: storedAmount("  const { amount } = ctx.session;\n  if (!amount) return;\n  await sendTokens(ctx.from.id, amount);"),
      options: [{ requireRange: true }],
      errors: [{ messageId: 'unchecked', data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
  ],
});

/**
 * Steps that each copy the session object with one more typed number (`ctx.session.data = { ...ctx.session.data, price: Number(text) }`):
 * every write reads the place the others write. The walk from one write to the reads of the others must end (it once
 * recursed until the stack overflowed and the rule crashed on the file).
 */
const spreadSteps = (value: (field: string) => string, last: string): string =>
  `${telegraf}bot.on('text', async (ctx) => {\n  const text = ctx.message.text;\n` +
  ['price', 'amount', 'min']
    .map((field) => `  if (ctx.session.step === '${field}') {\n${value(field)}    ctx.session.data = { ...ctx.session.data, ${field} };\n    return;\n  }\n`)
    .join('') +
  `${last}\n});`;

/** The steps of `spreadSteps` with the suggested guard after the one parse of `guarded`. */
const guardOnly =
  (guarded: string) =>
  (field: string): string =>
    `    const ${field} = Number(text);\n${field === guarded ? `    if (!Number.isFinite(${field})) return;\n` : ''}`;

ruleTester.run('require-number-validation: session steps that copy the stored object', rule, {
  valid: [
    // Each step rejects NaN before it stores the number.
    spreadSteps((field) => `    const ${field} = Number(text);\n    if (!Number.isFinite(${field})) return ctx.reply('Numbers only');\n`, '  await createOrder(ctx.session.data);'),
  ],
  invalid: [
    {
      // The same steps storing the numbers unchecked: reported where the first two are stored (their place is read
      // by the next step's copy, and no reader checks it), and no crash on the way. The last one only reaches a
      // call of an unknown function, which the default does not count as harm (`checkEveryUse` does).
      code: spreadSteps((field) => `    const ${field} = Number(text);\n`, '  await createOrder(ctx.session.data);'),
      errors: [
        { messageId: 'unchecked', data: { name: 'price', sink: 'a property write' }, line: 6, suggestions: [{ messageId: 'suggestGuard', output: spreadSteps(guardOnly('price'), '  await createOrder(ctx.session.data);') }] },
        { messageId: 'unchecked', data: { name: 'amount', sink: 'a property write' }, line: 11, suggestions: [{ messageId: 'suggestGuard', output: spreadSteps(guardOnly('amount'), '  await createOrder(ctx.session.data);') }] },
      ],
    },
  ],
});

/** A wizard step stores a number the admin typed in the scene's state; the last step checks it at the use. */
const wizardSteps = (last: string): string =>
  `import { Scenes } from 'telegraf';\nexport const scene = new Scenes.WizardScene(\n  'match',\n  async (ctx) => {\n    (ctx.wizard.state as any).price = parseInt((ctx.message as any)?.text?.trim());\n    return ctx.wizard.next();\n  },\n  async (ctx) => {\n    const capacity = parseInt((ctx.message as any)?.text?.trim());\n    (ctx.wizard.state as any).capacity = capacity;\n    return ctx.wizard.next();\n  },\n  async (ctx) => {\n${last}\n    return ctx.scene.leave();\n  },\n);`;

const stateOnly = '    const st = ctx.state as any;\n    await prisma.match.create({ data: { pricePerUser: isNaN(st.price) ? 0 : st.price, capacityPerTeam: isNaN(st.capacity) ? 5 : st.capacity } });';

ruleTester.run('require-number-validation: a NaN check where a scene state is read', rule, {
  valid: [
    // `isNaN(x) ? fallback : x` at the use, read straight or through a const alias of the state.
    wizardSteps('    const price = (ctx.wizard.state as any).price as number;\n    const capacity = (ctx.wizard.state as any).capacity as number;\n    await prisma.match.create({ data: { pricePerUser: isNaN(price) ? 40000 : price, capacityPerTeam: Number.isNaN(capacity) ? 5 : capacity } });'),
    wizardSteps('    const st = ctx.wizard.state as any;\n    await prisma.match.create({ data: { pricePerUser: isNaN(st.price) ? 0 : st.price, capacityPerTeam: Number.isFinite(st.capacity) ? st.capacity : 5 } });'),
    wizardSteps('    const { price, capacity } = ctx.wizard.state as any;\n    await prisma.match.create({ data: { pricePerUser: price || 0, capacityPerTeam: capacity || 5 } });'),
  ],
  invalid: [
    {
      // The check guards another variable.
      code: wizardSteps('    const st = ctx.wizard.state as any;\n    await prisma.match.create({ data: { pricePerUser: isNaN(st.capacity) ? 0 : st.price, capacityPerTeam: st.capacity } });'),
      errors: [{ messageId: 'unchecked', data: { name: '(ctx.message as any)?.text?.trim()', sink: 'a property write' }, line: 5 }],
    },
    {
      // The unchecked value is used before its check.
      code: wizardSteps('    const st = ctx.wizard.state as any;\n    await prisma.match.create({ data: { pricePerUser: st.price, capacityPerTeam: isNaN(st.capacity) ? 5 : st.capacity } });\n    await ctx.reply(String(isNaN(st.price)));'),
      errors: [{ messageId: 'unchecked', data: { name: '(ctx.message as any)?.text?.trim()', sink: 'a property write' }, line: 5 }],
    },
    {
      // `ctx.state` is not kept between steps: another place.
      code: wizardSteps(stateOnly),
      errors: [
        { messageId: 'unchecked', line: 5 },
        {
          messageId: 'unchecked',
          line: 9,
          suggestions: [{ messageId: 'suggestGuard', data: { name: 'capacity' }, output: wizardSteps(stateOnly).replace('trim());\n    (ctx', 'trim());\n    if (!Number.isFinite(capacity)) return;\n    (ctx') }],
        },
      ],
    },
  ],
});

/** A typed id whose SQL lookup's miss ends the handler. */
const keyedOffer = (sql: string, test: string, rest = ''): string =>
  payCommand(`  const id = Number(ctx.match);\n  const r = await pool.query(${sql}, [id]);\n${test}${rest}`);
const acceptOffer = (test: string): string =>
  `${grammy}async function acceptOffer(offerId, orderId) {\n  const res = await pool.query("UPDATE offers SET status = 'accepted' WHERE id = $1 AND order_id = $2 AND status = 'pending' RETURNING *", [offerId, orderId]);\n${test}\n  return res.rows[0];\n}\nbot.command('accept', async (ctx) => {\n  const [a, b] = ctx.match.split(' ');\n  await acceptOffer(parseInt(a), parseInt(b));\n});`;

const credit = "'UPDATE users SET balance = balance + $1 WHERE id = $1 RETURNING *'";
const noUser = "  if (r.rows.length === 0) return ctx.reply('No such user');";
const otherKey = "  const [a, b] = ctx.match.split(' ');\n  const qty = Number(b);\n  const r = await pool.query('SELECT * FROM orders WHERE id = $1', [Number(a)]);\n  if (r.rows.length === 0) return ctx.reply('No such order');\n  await pool.query('UPDATE orders SET qty = $1 WHERE id = $2', [qty, 1]);";

ruleTester.run('require-number-validation: a SQL row key whose miss ends the handler', rule, {
  valid: [
    keyedOffer("'SELECT * FROM orders WHERE id = $1'", "  if (r.rows.length === 0) return ctx.reply('No such order');", "\n  await pool.query('INSERT INTO offers (order_id, price) VALUES ($1, 10)', [id]);"),
    keyedOffer("'SELECT * FROM orders WHERE id = $1'", "  if (!r.rowCount) throw new Error('Order not found');"),
    payCommand("  const id = Number(ctx.match);\n  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [id]);\n  if (!rows.length) return ctx.reply('No such order');\n  await pool.query('UPDATE orders SET taken = true WHERE id = $1', [id]);"),
    // In a project function: a guarded UPDATE keyed by it, zero rows throw.
    acceptOffer("  if (res.rows.length === 0) throw new Error('Offer not found');"),
  ],
  invalid: [
    {
      // The miss is not tested.
      code: acceptOffer('  console.log(res.rowCount);'),
      errors: [{ messageId: 'unchecked', line: 10 }, { messageId: 'unchecked', line: 10 }],
    },
    {
      // Also an amount written: not only a key.
      code: keyedOffer(credit, noUser),
      errors: [{ messageId: 'unchecked', data: { name: 'id', sink: 'SQL' }, suggestions: [{ messageId: 'suggestGuard', data: { name: 'id' }, output: keyedOffer(credit, noUser).replace('(ctx.match);', '(ctx.match);\n  if (!Number.isFinite(id)) return;') }] }],
    },
    {
      // The tested lookup is of another value.
      code: payCommand(otherKey),
      errors: [{ messageId: 'unchecked', data: { name: 'qty', sink: 'SQL' }, suggestions: [{ messageId: 'suggestGuard', data: { name: 'qty' }, output: payCommand(otherKey.replace('Number(b);', 'Number(b);\n  if (!Number.isFinite(qty)) return;')) }] }],
    },
  ],
});

// Round-14 judged shape: the text tested against an anchored digits pattern kept in another module
// (an object keyed by an enum's members, or a plain constant) before it is parsed; or in an object
// of this file keyed by an enum's members.
const keyedRules = (rules: string, body: string): string =>
  `${grammy}enum Kind { Days = 'days', Note = 'note' }\nconst RULES = { ${rules} };\nbot.command('pay', async (ctx) => {\n  const t = ctx.msg.text;\n${body}\n});`;
const DAYS_WRITE = "  await db.query('UPDATE u SET days = $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);";
ruleTester.run('require-number-validation: a pattern under an enum key of a constant object', rule, {
  valid: [
    keyedRules('[Kind.Days]: /^[1-4]$/, [Kind.Note]: /\\d/', `  if (!t.match(RULES[Kind.Days])) return ctx.reply('1-4');\n${DAYS_WRITE}`),
    keyedRules('[Kind.Days]: { pattern: /^[1-9]\\d{0,2}$/ }, [Kind.Note]: { pattern: /\\d/ }', `  const ok = t.match(RULES[Kind.Days].pattern!);\n  if (ok) {\n  ${DAYS_WRITE}\n  }`),
    // The enum of a package, read here and keying the object here.
    `import { Kind } from 'kinds';\n${grammy}const RULES = { [Kind.Days]: /^[1-4]$/ };\nbot.command('pay', async (ctx) => {\n  const t = ctx.msg.text;\n  if (!t.match(RULES[Kind.Days])) return;\n${DAYS_WRITE}\n});`,
    // `RE.exec(t)` tests like `RE.test(t)`.
    keyedRules('[Kind.Days]: /^[1-4]$/', `  if (!RULES[Kind.Days].exec(t)) return;\n${DAYS_WRITE}`),
  ],
  invalid: [
    {
      // Another key's pattern, unanchored.
      code: keyedRules('[Kind.Days]: /^[1-4]$/, [Kind.Note]: /\\d/', `  if (!t.match(RULES[Kind.Note])) return ctx.reply('1-4');\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // A key the analysis cannot name: a variable, or a computed key of the object it cannot read.
      code: keyedRules('[Kind.Days]: /^[1-4]$/', `  const k = pick();\n  if (!t.match(RULES[k])) return ctx.reply('1-4');\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: keyedRules('[Kind.Days]: /^-?[1-4]$/', `  if (!RULES[Kind.Days].exec(t)) return;\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // A field named in the source beside a computed key (`[Kind.Days]` is 'days'); a key the object lacks.
      code: keyedRules('days: /\\d/, [Kind.Days]: /^[1-4]$/', `  if (!t.match(RULES.days)) return;\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: keyedRules('days: /\\d/, [Kind.Days]: /^[1-4]$/', `  if (!t.match(RULES[Kind.Days])) return;\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: keyedRules('[Kind.Days]: /^[1-4]$/', `  if (!t.match(RULES[Kind.Note])) return;\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // An enum nobody declares, a module the analysis cannot find, a global object.
      code: keyedRules('[Kind.Days]: /^[1-4]$/', `  if (!t.match(RULES[Missing.Days])) return;\n  if (!t.match(config.daysPattern)) return;\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: `import { Kind } from './no-such-module';\n${grammy}const RULES = { [Kind.Days]: /^[1-4]$/ };\nbot.command('pay', async (ctx) => {\n  const t = ctx.msg.text;\n  if (!t.match(RULES[Kind.Days])) return;\n${DAYS_WRITE}\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // Constants that name each other: the walk stops.
      code: `${grammy}const A = { p: B.p, q: B.q };\nconst B = { p: A.p, q: A.q.r };\nbot.command('pay', async (ctx) => {\n  const t = ctx.msg.text;\n  if (!t.match(A.p)) return;\n  if (!t.match(A.q.r)) return;\n${DAYS_WRITE}\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // A key of an object that may change (`let`), or of an enum local to a function: no module-wide name.
      code: `${grammy}let Kind = { Days: 'days' };\nbot.command('pay', async (ctx) => {\n  const t = ctx.msg.text;\n  if (!t.match({ [Kind.Days]: /^[1-4]$/ }[Kind.Days])) return;\n${DAYS_WRITE}\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: `${grammy}bot.command('pay', async (ctx) => {\n  enum Kind { Days = 'days' }\n  const t = ctx.msg.text;\n  if (!t.match({ [Kind.Days]: /^[1-4]$/ }[Kind.Days])) return;\n${DAYS_WRITE}\n});`,
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      // A key of another kind may equal the enum member's value ('days'): the later one would win.
      code: keyedRules("[Kind.Days]: /^[1-4]$/, ['days']: /\\d/", `  if (!t.match(RULES[Kind.Days])) return ctx.reply('1-4');\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
    {
      code: keyedRules('[Kind.Days]: /^[1-4]$/, [other()]: /\\d/', `  if (!t.match(RULES[Kind.Days])) return ctx.reply('1-4');\n${DAYS_WRITE}`),
      errors: [{ messageId: 'unchecked', data: { name: 't', sink: 'SQL' } }],
    },
  ],
});

describe('require-number-validation: a pattern imported from a project module', () => {
  function messageIds(body: string, header = '', limitsTail = ''): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnv-imported-pattern-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1.30' } }));
    fs.writeFileSync(path.join(dir, 'kinds.ts'), "export enum Step { Days = 'days', Seats = 'seats', Note = 'note' }\n");
    fs.writeFileSync(
      path.join(dir, 'limits.ts'),
      `import { Step } from './kinds';\n\nexport const SEATS = /^[1-4]$/;\nexport const SIGNED = { pattern: /^-?\\d{1,3}$/ };\nexport const LIMITS: Record<Step, { pattern?: RegExp; hint: string }> = {\n  [Step.Days]: { pattern: /^[1-9]\\d{0,2}$/, hint: '1-999' },\n  [Step.Seats]: { pattern: /^[1-4]$/, hint: '1-4' },\n  [Step.Note]: { pattern: /\\d+/, hint: 'digits' },\n};\n${limitsTail}`,
    );
    const code = `import { Bot } from 'grammy';\nimport { Step } from './kinds';\nimport { LIMITS, SEATS, SIGNED } from './limits';\n${header}\nconst bot = new Bot('t');\nconst RULE = LIMITS[Step.Days];\nbot.on('message:text', async (ctx) => {\n  const t = ctx.msg.text;\n${body}\n});\n`;
    const filename = path.join(dir, 'bot.ts');
    fs.writeFileSync(filename, code);
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.ts'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } },
    ];
    const messages = linter.verify(code, config, filename);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  const WRITE = "  await db.query('UPDATE u SET days = $1 WHERE id = $2', [parseInt(t, 10), ctx.from.id]);";
  it('accepts a parse where the stored match of an imported pattern passed', () => {
    expect(messageIds(`  const ok = t.match(RULE.pattern!);\n  if (ok) {\n  ${WRITE}\n  }`)).toEqual([]);
  });
  it('accepts a parse after an early reply when the imported pattern does not match', () => {
    expect(messageIds(`  if (!t.match(LIMITS[Step.Seats].pattern!)) {\n    return ctx.reply('1-4');\n  }\n${WRITE}`)).toEqual([]);
    expect(messageIds(`  if (!t.match(SEATS)) return;\n${WRITE}`)).toEqual([]);
  });
  it('reports an unanchored or signed imported pattern', () => {
    expect(messageIds(`  if (!t.match(LIMITS[Step.Note].pattern!)) return;\n${WRITE}`)).toEqual(['unchecked']);
    expect(messageIds(`  if (!t.match(SIGNED.pattern)) return;\n${WRITE}`)).toEqual(['unchecked']);
  });
  it('reports a parse outside the matching path', () => {
    expect(messageIds(`  const ok = t.match(RULE.pattern!);\n  if (ok) {\n    await ctx.reply('ok');\n  } else {\n  ${WRITE}\n  }`)).toEqual(['unchecked']);
    expect(messageIds(`  if (!t.match(SEATS)) await ctx.reply('1-4');\n${WRITE}`)).toEqual(['unchecked']);
  });
  it('accepts an enum read through a namespace import', () => {
    expect(messageIds(`  if (!t.match(LIMITS[kinds.Step.Seats].pattern!)) return;\n${WRITE}`, "import * as kinds from './kinds';")).toEqual([]);
  });
  it('reports a pattern whose object is assigned to, where it is read or where it is declared', () => {
    expect(messageIds(`  RULE.pattern = /./;\n  if (!t.match(RULE.pattern!)) return;\n${WRITE}`)).toEqual(['unchecked']);
    expect(messageIds(`  LIMITS[Step.Seats] = { pattern: /./, hint: '' };\n  if (!t.match(LIMITS[Step.Seats].pattern!)) return;\n${WRITE}`)).toEqual(['unchecked']);
    expect(messageIds(`  if (!t.match(LIMITS[Step.Seats].pattern!)) return;\n${WRITE}`, '', "LIMITS[Step.Seats] = { pattern: /./, hint: '' };\n")).toEqual(['unchecked']);
  });
  it('reports a pattern of a package or of a module it cannot read', () => {
    expect(messageIds(`  if (!t.match(DIGITS)) return;\n  if (!t.match(MISSING)) return;\n${WRITE}`, "import { DIGITS } from 'digits';\nimport { MISSING } from './missing';")).toEqual(['unchecked']);
  });
});

/** A wizard whose second step stores a typed price, entered by a command whose body starts with `guard` (and by `other` commands). */
const priceWizard = (guard: string, other = '') => `import { Telegraf, Scenes } from 'telegraf';
const bot = new Telegraf(token);
const wizard = new Scenes.WizardScene(
  'set-price',
  async (ctx) => { await ctx.reply('New price?'); return ctx.wizard.next(); },
  async (ctx) => {
    settings.price = Number(ctx.message.text);
    return ctx.scene.leave();
  },
);
bot.command('price', async (ctx) => {
  ${guard}
  return ctx.scene.enter('set-price');
});${other}`;

/** The same wizard entered when a lookup of the sender finds rows: `lookup` is the query, `test` the test of its rows `u`. */
const lookedUpWizard = (lookup: string, test: string) =>
  priceWizard('').replace(
    "bot.command('price', async (ctx) => {\n  \n  return ctx.scene.enter('set-price');\n});",
    `bot.command('price', (ctx) => {\n  ${lookup}.then((u) => {\n    if (${test}) ctx.scene.enter('set-price');\n  });\n});`,
  );

// Session 20: a scene entered only from operator-only handlers runs only for the operator (round 19,
// require-number-validation#2: an admin panel scene entered after the admin check).
ruleTester.run('require-number-validation: scenes only the operator enters', rule, {
  valid: [
    priceWizard('if (ctx.from.id !== ADMIN_ID) return;'),
    priceWizard("if (!ADMINS.includes(ctx.from?.id)) return ctx.reply('no');"),
    // Entered when a lookup of the sender among the admins (an admin flag set to `true`, an operator role) finds a row.
    lookedUpWizard('User.find({ id: ctx.from.id, isAdmin: true })', 'u.length !== 0'),
    priceWizard("const row = await User.findOne({ where: { telegramId: ctx.from.id, role: 'admin' } });\n  if (!row) return;"),
  ],
  invalid: [
    // The same scene entered without the guard, behind a check that is not the operator's, or also from an unguarded command.
    ...[
      priceWizard(''),
      priceWizard('if (ctx.from.id !== order.userId) return;'),
      priceWizard('if (ctx.from.id !== ADMIN_ID) return;', "\nbot.command('menu', (ctx) => ctx.scene.enter('set-price'));"),
      // A lookup of the sender without the admin flag, with the flag `false`, or a list tested by itself (an empty list is truthy).
      lookedUpWizard('User.find({ id: ctx.from.id })', 'u.length !== 0'),
      lookedUpWizard('User.find({ id: ctx.from.id, isAdmin: false })', 'u.length > 0'),
      priceWizard('const rows = await User.find({ telegramId: ctx.from.id, isAdmin: true });\n  if (!rows) return;'),
    ].map((code) => ({ code, errors: [{ messageId: 'unchecked' as const, line: 7, data: { name: 'ctx.message.text', sink: 'a property write' } }] })),
  ],
});

/**
 * An admin panel scene entered by `/admin` behind `guard` (and by `other` code), whose `Price` button enters a
 * wizard that stores a typed price and goes back to the panel (round 28, cinomus/tg-shop require-number-validation#2).
 */
const panelWizard = (guard: string, other = '') => `import { Telegraf, Scenes } from 'telegraf';
const bot = new Telegraf(token);
const panel = new Scenes.BaseScene('panel');
panel.hears('Price', (ctx) => ctx.scene.enter('set-price'));
panel.hears('Back', (ctx) => ctx.scene.enter('panel'));
const wizard = new Scenes.WizardScene(
  'set-price',
  async (ctx) => { await ctx.reply('New price?'); return ctx.wizard.next(); },
  async (ctx) => {
    settings.price = Number(ctx.message.text);
    return ctx.scene.enter('panel');
  },
);
bot.command('admin', async (ctx) => {
  ${guard}
  return ctx.scene.enter('panel');
});${other}`;

// Session 29: scenes that enter each other (a panel and the wizards it opens, each going back to it) are the
// operator's together when every enter from outside them is behind an admin check (round 28, cinomus/tg-shop
// require-number-validation#2, DEBATABLE: the edit wizard is entered only from the admin panel).
ruleTester.run('require-number-validation: scenes only the operator enters, entering each other', rule, {
  valid: [
    panelWizard('if (ctx.from.id !== ADMIN_ID) return;'),
    panelWizard('const admin = await adminOrNot(ctx);\n  if (!admin) return;'),
    // The panel's button handler passed by name.
    panelWizard('if (ctx.from.id !== ADMIN_ID) return;').replace("panel.hears('Price', (ctx) => ctx.scene.enter('set-price'));", "const openPrice = (ctx) => ctx.scene.enter('set-price');\npanel.hears('Price', openPrice);"),
  ],
  invalid: [
    // The twins: the panel also entered by an open command, or by any user's `/admin`; the wizard entered from an open command.
    ...[
      panelWizard('if (ctx.from.id !== ADMIN_ID) return;', "\nbot.start((ctx) => ctx.scene.enter('panel'));"),
      panelWizard(''),
      panelWizard('if (ctx.from.id !== ADMIN_ID) return;', "\nbot.hears('price', (ctx) => ctx.scene.enter('set-price'));"),
      // The panel's button handler also registered on the bot: it enters the wizard for anyone.
      panelWizard('if (ctx.from.id !== ADMIN_ID) return;', "\nbot.hears('Price', openPrice);").replace("panel.hears('Price', (ctx) => ctx.scene.enter('set-price'));", "const openPrice = (ctx) => ctx.scene.enter('set-price');\npanel.hears('Price', openPrice);"),
      panelWizard('if (ctx.from.id !== ADMIN_ID) return;', "\nconst menu = new Scenes.BaseScene('menu');\nmenu.hears('Price', (ctx) => ctx.scene.enter('set-price'));\nbot.start((ctx) => ctx.scene.enter('menu'));"),
    ].map((code) => ({ code, errors: [{ messageId: 'unchecked' as const, line: code.split('\n').findIndex((line) => line.includes('settings.price')) + 1, data: { name: 'ctx.message.text', sink: 'a property write' } }] })),
  ],
});

/** A scene's `hears` handler that stores the number its trigger matched (`ctx.match[index]`). */
const stakeScene = (trigger: string, index = 0): string =>
  `${telegraf}scene.hears(/${trigger}/, async (ctx) => {\n  const stake = Number(ctx.match[${index}]);\n  user.stake = stake;\n});`;

// Session 20: a match or group whose every alternative is digits only, read with a regular-expression
// parser (round 20, require-number-validation#1, #3: a stake of 5-1000 written as an alternation).
ruleTester.run('require-number-validation: digits-only alternations', rule, {
  valid: [
    stakeScene(String.raw`\b([5-9]|[1-9][0-9]|[1-9][0-9]{2}|1000)\b`),
    stakeScene(String.raw`^(?:[1-9]\d?|100)$`),
    stakeScene(String.raw`(?<=\$)(\d{1,3}(?:\d{3})*|0)\b`, 1),
  ],
  invalid: [
    // An alternative that may be something else: any character, a word character, a sign, a decimal point, nothing.
    ...[
      String.raw`\b([5-9]|[1-9].|1000)\b`,
      String.raw`\b([5-9]|\w{2}|1000)\b`,
      // A sign or a point alone (`Number('-')`, `Number('.')` are NaN; `-5` and `1.5` are numbers, see the parser-aware block below).
      String.raw`\b(-|[1-9][0-9]|1000)\b`,
      String.raw`\b([5-9]|\.|1000)\b`,
      String.raw`\b([5-9]|[0-9]*|1000)\b`,
    ].map((trigger) => ({
      code: stakeScene(trigger),
      errors: [
        {
          messageId: 'unchecked' as const,
          line: 4,
          data: { name: 'stake', sink: 'a property write' },
          suggestions: [{ messageId: 'suggestGuard' as const, output: stakeScene(trigger).replace('\n  user.', '\n  if (!Number.isFinite(stake)) return;\n  user.') }],
        },
      ],
    })),
  ],
});

// Session 21: `Number(/\d+/.exec(text))` — a match result itself, not one of its elements. Without `/g` and
// without capture groups it is `[whole match]`, whose string is the match: a digits-only pattern gives a
// non-negative integer, and no match gives `null`, which `Number` makes 0 (round 21, require-number-validation#1).
const inviteCommand = (parse: string): string => payCommand(`  const inviter = /\\d+/.test(ctx.msg.text) ? ${parse} : null;\n  await charge(inviter);`);
ruleTester.run('require-number-validation: a digits-only match result parsed whole', rule, {
  valid: [
    inviteCommand(String.raw`Number(/\d+/.exec(ctx.msg.text))`),
    payCommand(String.raw`  await charge(+ctx.msg.text.match(/^[1-9]\d{0,5}$/));`),
    payCommand(String.raw`  const found = ctx.msg.text.match(/\d+/);` + '\n  await charge(Number(found));'),
  ],
  invalid: [
    // A capture group (`['12', '12']` is '12,12'), `/g` (every match, joined by commas), a sign or a point, and
    // `parseInt`, which makes `null` NaN.
    ...[
      String.raw`Number(/(\d+)/.exec(ctx.msg.text))`,
      String.raw`Number(ctx.msg.text.match(/\d+/g))`,
      String.raw`Number(/-?\d+/.exec(ctx.msg.text))`,
      String.raw`Number(/\d+\.\d+/.exec(ctx.msg.text))`,
      String.raw`parseInt(/\d+/.exec(ctx.msg.text))`,
    ].map((parse) => ({
      code: inviteCommand(parse),
      errors: [
        {
          messageId: 'unchecked' as const,
          line: 4,
          data: { name: 'inviter', sink: 'a function call' },
          suggestions: [{ messageId: 'suggestGuard' as const, output: inviteCommand(parse).replace('\n  await charge', '\n  if (!Number.isFinite(inviter)) return;\n  await charge') }],
        },
      ],
    })),
    // A variable that held the match and was then given the text.
    {
      code: payCommand(String.raw`  let found = ctx.msg.text.match(/\d+/);` + '\n  if (!found) found = ctx.msg.text;\n  await charge(Number(found));'),
      errors: [{ messageId: 'unchecked', line: 6, data: { name: 'found', sink: 'a function call' } }],
    },
  ],
});

// Round 25 (carafelix+lezama-bot, require-number-validation#6 and #10): `hears(/^(GMT|UTC|gmt|utc)([+-][0-9]|…)$/)`
// then `+c.message.text.slice(3)`: the whole text matched the anchored trigger, and the three characters cut
// off are exactly its first group (every alternative three long), so what is parsed is a signed integer —
// never NaN, negative on purpose (UTC-5). The cut must end where whole elements of fixed width end.
const ZONE = String.raw`^(GMT|UTC|gmt|utc)([+-][0-9]|[+-]1[0-2]|[+]1[2-4])$`;
const zoneHears = (trigger: string, cut = 3): string =>
  `${grammy}bot.hears(/${trigger}/, async (c) => {\n  const session = await c.session;\n  const offset = c.message?.text?.slice(${cut});\n  if (offset) {\n    session.cron.timezoneOffset = +offset;\n    session.cron.hour = session.cron.hour - +offset;\n  }\n});`;
const cutCapture = (group: string): string => `${grammy}bot.hears(/^pay (${group})$/, async (ctx) => {\n  user.balance = Number(ctx.match[1].slice(1));\n});`;
const zoneErrors = (messageId: 'unchecked' | 'unbounded') => [
  { messageId, line: 7, data: { name: 'offset', sink: 'a property write' } },
  { messageId, line: 8, data: { name: 'offset', sink: 'arithmetic' } },
];
ruleTester.run('require-number-validation: the text of an anchored trigger cut past its leading elements', rule, {
  valid: [
    zoneHears(ZONE),
    // Only a `+` is left before the digits: unsigned, so requireRange asks for nothing either.
    { code: zoneHears(String.raw`^(UTC|GMT)[+](\d{1,2})$`), options: [RANGE] },
    { code: zoneHears(String.raw`^UTC\+(\d{1,2})$`, 4), options: [RANGE] },
    // A capture of the trigger less its leading literal character.
    cutCapture(String.raw`#\d+`),
  ],
  invalid: [
    // Signed: never NaN, but with requireRange a bound is missing before arithmetic (as for `(-?\d+)`).
    { code: zoneHears(ZONE), options: [RANGE], errors: [zoneErrors('unbounded')[1]!] },
    // Anything after the prefix; a cut that ends inside an element; a prefix of varying width; no anchor at the start.
    { code: zoneHears(String.raw`^(GMT|UTC)(.+)$`), errors: zoneErrors('unchecked') },
    { code: zoneHears(ZONE, 2), errors: zoneErrors('unchecked') },
    { code: zoneHears(String.raw`^(GMT|UTC|Z)([+-][0-9])$`), errors: zoneErrors('unchecked') },
    { code: zoneHears(ZONE.slice(1)), errors: zoneErrors('unchecked') },
    { code: cutCapture(String.raw`#\w+`), errors: [{ messageId: 'unchecked', line: 4, data: { name: 'ctx.match[1].slice(1)', sink: 'a property write' } }] },
  ],
});

// Round 25 (nulledBIT+telegrafjs-changerbot, require-number-validation#7 and #8): `if (!isNaN(ctx.message.text))
// { await rate(ctx.message.text).then((btc) => { … +ctx.message.text … }) }` — the callback reads the handler's
// own `ctx`, and the check ran before the callback was written.
const orderStep = (body: string): string => `${telegraf}bot.on('text', async (ctx) => {\n${body}\n});`;
ruleTester.run('require-number-validation: a text check of the enclosing handler before a callback', rule, {
  valid: [
    orderStep('  if (!isNaN(ctx.message.text)) {\n    await rate(ctx.message.text).then((btc) => {\n      ctx.session.order.rub = +ctx.message.text + fee(btc);\n    });\n  }'),
    orderStep('  if (isNaN(ctx.message.text)) return;\n  await rate(ctx.message.text).then(function (btc) {\n    ctx.session.order.btc = +ctx.message.text;\n  });'),
  ],
  invalid: [
    // The callback written before the check; a check of another field.
    {
      code: orderStep('  const order = rate(ctx.message.text).then((btc) => {\n    ctx.session.order.rub = +ctx.message.text + fee(btc);\n  });\n  if (isNaN(ctx.message.text)) return;\n  await order;'),
      errors: [{ messageId: 'unchecked', line: 5, data: { name: 'ctx.message.text', sink: 'arithmetic' } }],
    },
    {
      code: orderStep('  if (!isNaN(ctx.message.caption)) {\n    await rate(ctx.message.text).then((btc) => {\n      ctx.session.order.btc = +ctx.message.text;\n    });\n  }'),
      errors: [{ messageId: 'unchecked', line: 6, data: { name: 'ctx.message.text', sink: 'a property write' } }],
    },
  ],
});

// Round 34 (Behatotsamiy+Gasgobot, require-number-validation#1 and #3): `text.match(/^([-+]?\d*\.?\d+),\s*([-+]?\d*\.?\d+)$/)`
// and then `parseFloat(match[1])`: each capture ends in a digit after an optional sign and point, so
// parseFloat (and Number) always read a number; a sign makes it signed (a bound only with requireRange).
// `parseInt('.5')` is NaN, `parseFloat('')` is NaN, `Number('1.2.3')` is NaN.
const COORDINATES = String.raw`^([-+]?\d*\.?\d+),\s*([-+]?\d*\.?\d+)$`;
const coordinates = (pattern: string, parse: string): string =>
  `${grammy}bot.on('message:text', async (ctx) => {\n  const match = ctx.message.text.trim().match(/${pattern}/);\n  if (!match) return ctx.reply('Format: 41.3030, 69.2829');\n  const lat = ${parse}(match[1]);\n  const lng = ${parse}(match[2]);\n  await Station.create({ location: { lat, lng } });\n});`;
/** `coordinates(pattern, parse)` reported on `lat` (line 6) and `lng` (line 7), with the guard each suggests (none for `BigInt`). */
const badCoordinates = (pattern: string, parse: string, lines = [6, 7]) => ({
  code: coordinates(pattern, parse),
  errors: lines.map((line) => {
    const name = line === 6 ? 'lat' : 'lng';
    const declaration = `const ${name} = ${parse}(match[${line - 5}]);`;
    const output = coordinates(pattern, parse).replace(declaration, `${declaration}\n  if (!Number.isFinite(${name})) return;`);
    const suggestions = parse === 'BigInt' ? [] : [{ messageId: 'suggestGuard' as const, output }];
    return { messageId: 'unchecked' as const, line, data: { name, sink: 'a function call' }, suggestions };
  }),
});
ruleTester.run('require-number-validation: a capture that always holds a number for its parser', rule, {
  valid: [
    coordinates(COORDINATES, 'parseFloat'),
    // Alternatives each a number for `Number`: a signed one (bounded only with requireRange), a decimal one.
    stakeScene(String.raw`\b(-?[5-9]|[1-9][0-9]|1000)\b`),
    stakeScene(String.raw`\b([5-9]|[1-9]\.[0-9]|1000)\b`),
    coordinates(COORDINATES, 'Number'),
    coordinates(COORDINATES, 'Number.parseFloat'),
    // A digit right after the optional sign: parseInt reads it too (`parseInt('-12.5')` is -12).
    coordinates(String.raw`^([-+]?\d+\.?\d*),\s*([-+]?\d+\.?\d*)$`, 'parseInt'),
    // A number `parseFloat` reads from the front of the text (`parseFloat('1.2.3')` is 1.2).
    coordinates(String.raw`^(\d+(?:\.\d+)*),\s*(\d+(?:\.\d+)*)$`, 'parseFloat'),
    // Unsigned: requireRange asks for no bound either.
    { code: localTopUp(String.raw`^\/pay (\d*\.?\d+)$`, '  const n = parseFloat(m[1]);'), options: [RANGE] },
  ],
  invalid: [
    // `parseInt('.5')` and `parseInt('-.5')` are NaN.
    badCoordinates(COORDINATES, 'parseInt'),
    // The digits may all be optional: `parseFloat('')`, `parseFloat('-')` and `parseFloat('.')` are NaN.
    badCoordinates(String.raw`^([-+]?\d*\.?\d*),\s*([-+]?\d*\.?\d*)$`, 'parseFloat'),
    badCoordinates(String.raw`^([\d.]+),\s*([\d.]+)$`, 'parseFloat'),
    // `Number('1.2.3')` is NaN; two signs (`+-5`) are NaN for every parser; any other character too.
    badCoordinates(String.raw`^(\d+(?:\.\d+)*),\s*(\d+(?:\.\d+)*)$`, 'Number'),
    badCoordinates(String.raw`^([-+]*\d+),\s*([-+]*\d+)$`, 'parseFloat'),
    badCoordinates(String.raw`^([-+]?\d*\.?\w+),\s*([-+]?\d*\.?\d+)$`, 'parseFloat', [6]),
    // `BigInt('1.5')` throws.
    badCoordinates(COORDINATES, 'BigInt'),
    // Signed: never NaN, but with requireRange a bound is missing before SQL (as for `(-?\d+)`).
    {
      code: localTopUp(String.raw`^\/pay ([-+]?\d*\.?\d+)$`, '  const n = parseFloat(m[1]);'),
      options: [RANGE],
      errors: [{ messageId: 'unbounded', data: { name: 'n', sink: 'SQL' }, suggestions: [{ messageId: 'suggestBoundGuard', output: localTopUp(String.raw`^\/pay ([-+]?\d*\.?\d+)$`, '  const n = parseFloat(m[1]);\n  if (!Number.isFinite(n) || n <= 0) return;') }] }],
    },
  ],
});
