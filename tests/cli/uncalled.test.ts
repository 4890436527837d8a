import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { uncalledFunctions } from '../../src/analysis/project/index.js';
import { findingKeys, reportValidator, root, run as runCli, runJson as runCliJson, temporaryTrees } from './helpers.js';

/**
 * The fixtures mark a function's reach with an HTTP call without a deadline (require-http-timeout). That rule is
 * experimental since round 32 and the default run leaves it out, so every run here asks for all the rules.
 */
const run = (args: string[], io?: Parameters<typeof runCli>[1]) => runCli([...args, '--rules', 'all'], io);
const runJson = (args: string[], io?: Parameters<typeof runCliJson>[1]) => runCliJson([...args, '--rules', 'all'], io);

const fixture = 'tests/fixtures/uncalled/';
const temp = temporaryTrees();

/** Findings of the fixture, `file:line rule [scope]`. */
const keys = (report: Awaited<ReturnType<typeof runJson>>['report']): string[] =>
  report.findings.map((finding) => `${finding.file.slice(fixture.length)}:${finding.line} ${finding.priority}${finding.scope ? ` ${finding.scope}` : ''}`).sort();

describe('findings in functions nothing calls (scope class `uncalled`)', () => {
  it('leaves them out of the default run and counts them; the called twins, decorated, subclass, configured and enumerated functions stay', async () => {
    const { report } = await runJson([fixture, '--fail-on', 'never']);
    expect(reportValidator()(report)).toBe(true);
    // require-http-timeout findings, at P2 (a rule of low precision from round 23, experimental since round 32); none has a scope class.
    expect(keys(report)).toEqual([
      'api.ts:5 P2', // `api.balance(…)` is called; `api.deposit` (line 7) is not
      'commands.ts:12 P2', // registered through `Object.entries(commands)`
      'commands.ts:6 P2', // called as `handlers[name]()`
      'notify.ts:10 P2', // named only in schedule.yml
      'notify.ts:5 P2', // imported and called in another file
      'service.ts:15 P2', // `@Cron`: the framework calls it
      'sync.ts:16 P2', // the project's base class calls it by name; `mirror` (line 21), named nowhere, is not
      'sync.ts:28 P2', // the class extends a package's class, which may call any method
      'wallet.ts:5 P2', // `wallet.topUp(…)` is called; `withdrawAll` (line 10) is not
    ]);
    expect(report.outOfScope.uncalled).toBe(5);
    // `summary.outOfScope` counts files; uncalled findings are counted in `outOfScope.uncalled` only.
    expect(report.summary.outOfScope).toBe(0);
    expect((await run([fixture, '--fail-on', 'never'])).stdout).toContain('Out of scope, not audited: 5 findings in functions nothing calls');
    expect((await run([fixture, '--fail-on', 'never', '-f', 'markdown'])).stdout).toContain('| Out of scope | 5 findings in functions nothing calls');
  });

  it('--scope all reports them at P2 with the class', async () => {
    const { report } = await runJson([fixture, '--scope', 'all', '--fail-on', 'never']);
    expect(reportValidator()(report)).toBe(true);
    expect(keys(report).filter((key) => key.endsWith('uncalled'))).toEqual(['api.ts:7 P2 uncalled', 'notify.ts:15 P2 uncalled', 'service.ts:20 P2 uncalled', 'sync.ts:21 P2 uncalled', 'wallet.ts:10 P2 uncalled']);
    expect(report.outOfScope.uncalled).toBe(0);
  });

  it('judges nothing in a file named alone: there is no project around it', async () => {
    const { report } = await runJson([`${fixture}wallet.ts`, '--fail-on', 'never']);
    expect(findingKeys(report, fixture)).toEqual(['wallet.ts:10 require-http-timeout', 'wallet.ts:5 require-http-timeout']);
  });

  // Round 29, Botman1234-afk/economybot require-transaction #7: a repository with no package.json whose pm2
  // ecosystem file starts `testbot.js`; the folder of those settings is the project, so its functions are judged.
  it('judges the functions of a repository with no package.json that its deployment settings start, and of no other', async () => {
    const bot =
      "const axios = require('axios');\nasync function daily() {\n  await axios.get('https://pay.example/daily');\n}\nasync function weekly() {\n  await axios.get('https://pay.example/weekly');\n}\nrequire('http').createServer(async (req, res) => res.end(await weekly())).listen(3000);\n";
    const ecosystem = "module.exports = { apps: [{ name: 'bot', script: './bot.js' }] };\n";
    const started = (await runJson(['.', '--scope', 'all', '--fail-on', 'never'], { cwd: temp({ 'ecosystem.config.js': ecosystem, 'bot.js': bot }) })).report;
    expect(started.findings.map((finding) => `${finding.file}:${finding.line} ${finding.scope ?? ''}`)).toEqual(['bot.js:3 uncalled', 'bot.js:6 ']);
    // No package.json and no deployment settings: nothing says where the project ends, nothing is judged.
    const loose = (await runJson(['.', '--scope', 'all', '--fail-on', 'never'], { cwd: temp({ 'bot.js': bot }) })).report;
    expect(loose.findings.map((finding) => `${finding.file}:${finding.line} ${finding.scope ?? ''}`)).toEqual(['bot.js:3 ', 'bot.js:6 ']);
  });

  const CALL = "import axios from 'axios';\n";
  it('keeps a method when the project calls methods with a computed key on an unknown receiver, and exports of a library', async () => {
    const dynamic = temp({
      'package.json': '{ "name": "bot", "scripts": { "start": "node bot.js" } }',
      'bot.js': `${CALL}import { Payouts } from './payouts.js';\nconst payouts = new Payouts();\nexport const go = (name) => payouts[name]();\n`,
      'payouts.js': `${CALL}export class Payouts {\n  async sweepAll() {\n    await axios.post('https://pay.example/sweep', {});\n  }\n}\n`,
    });
    expect((await runJson(['.', '--fail-on', 'never'], { cwd: dynamic })).report.outOfScope.uncalled).toBe(0);
    const library = temp({
      'package.json': '{ "name": "pay-client", "main": "index.js" }',
      'index.js': `${CALL}export async function createInvoice() {\n  await axios.post('https://pay.example/invoice', {});\n}\nasync function unusedHelper() {\n  await axios.post('https://pay.example/helper', {});\n}\n`,
    });
    const { report } = await runJson(['.', '--scope', 'all', '--fail-on', 'never'], { cwd: library });
    expect(report.findings.map((finding) => `${finding.line} ${finding.scope ?? ''}`)).toEqual(['3 ', '6 uncalled']);
    // A package that starts itself (a bot's nested `src/package.json` with a `start` script) is an application: its exports are judged.
    const app = temp({
      'package.json': '{ "name": "pay-bot", "main": "index.js", "scripts": { "start": "node index.js" } }',
      'index.js': "import { createInvoice } from './pay.js';\nawait createInvoice();\n",
      'pay.js': `${CALL}export async function createInvoice() {\n  await axios.post('https://pay.example/invoice', {});\n}\nexport async function refundInvoice() {\n  await axios.post('https://pay.example/refund', {});\n}\n`,
    });
    const started = (await runJson(['.', '--scope', 'all', '--fail-on', 'never'], { cwd: app })).report;
    expect(started.findings.map((finding) => `${finding.file.split('/').pop()}:${finding.line} ${finding.scope ?? ''}`)).toEqual(['pay.js:3 ', 'pay.js:6 uncalled']);
  });

  describe('functions only dead code calls (the fixpoint)', () => {
    const BOT = '{ "name": "bot", "scripts": { "start": "node bot.js" } }';
    const uncalledIn = async (files: Record<string, string>): Promise<number> =>
      (await runJson(['.', '--fail-on', 'never'], { cwd: temp(files) })).report.outOfScope.uncalled;
    /** `Manager.getDetails` → `Provider.getDetails` (the same name), each posting. */
    const sameName = {
      'package.json': BOT,
      'provider.js': `${CALL}export class Provider {\n  async getDetails(id) {\n    return axios.get('https://pay.example/details', { params: { id } });\n  }\n}\n`,
      'manager.js': `${CALL}import { Provider } from './provider.js';\nexport class Manager {\n  constructor() {\n    this.provider = new Provider();\n  }\n  async getDetails(id) {\n    await axios.post('https://pay.example/seen', { id });\n    return this.provider.getDetails(id);\n  }\n}\n`,
    };
    it('a method only a method nothing calls calls is uncalled too; one live call keeps both', async () => {
      expect(await uncalledIn({ ...sameName, 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\n` })).toBe(2);
      expect(await uncalledIn({ ...sameName, 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\nawait manager.getDetails(1);\n` })).toBe(0);
    });

    /** `Manager.sweep` → `runPayout` (payout.js) → `postPayout` (http.js), each posting. */
    const chain = (manager = ''): Record<string, string> => ({
      'package.json': BOT,
      'http.js': `${CALL}export async function postPayout(id) {\n  await axios.post('https://pay.example/payout', { id });\n}\n`,
      'payout.js': `${CALL}import { postPayout } from './http.js';\nexport const runPayout = async (id) => {\n  await axios.post('https://pay.example/run', { id });\n  return postPayout(id);\n};\n`,
      'manager.js': `${CALL}import { runPayout } from './payout.js';\n${manager}export class Manager {\n  async sweep(id) {\n    // retries runPayout once\n    await axios.post('https://pay.example/sweep', { id });\n    return runPayout(id);\n  }\n}\n`,
    });
    it('a chain of 3 dead functions across files is uncalled, a comment inside the dead body included; a live caller keeps the chain', async () => {
      expect(await uncalledIn({ ...chain(), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\n` })).toBe(3);
      expect(await uncalledIn({ ...chain(), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\nawait manager.sweep(1);\n` })).toBe(0);
      // A string outside every dead function keeps the name alive; a comment calls nothing.
      expect(await uncalledIn({ ...chain("export const jobs = ['runPayout'];\n"), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\n` })).toBe(1);
      expect(await uncalledIn({ ...chain('// runPayout is called by the cron\n'), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\n` })).toBe(3);
    });

    it('a call switched off in a comment calls nothing', async () => {
      // The registration is commented out: `// await manager.sweep(1);`, `/* runPayout(2) */`.
      expect(await uncalledIn({ ...chain(), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\n// await manager.sweep(1);\n` })).toBe(3);
      expect(await uncalledIn({ ...chain('/* await runPayout(2); */\n'), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\n` })).toBe(3);
      // The same call left on: alive.
      expect(await uncalledIn({ ...chain(), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\nawait manager.sweep(1); // the nightly run\n` })).toBe(0);
    });

    it('a mention in a live function of another file keeps the chain below it, not the dead caller', async () => {
      const report = `import { runPayout } from './payout.js';\nexport async function nightly() {\n  await runPayout(0);\n}\n`;
      expect(
        await uncalledIn({ ...chain(), 'report.js': report, 'bot.js': `import { Manager } from './manager.js';\nimport { nightly } from './report.js';\nexport const manager = new Manager();\nawait nightly();\n` }),
      ).toBe(1);
      // Renamed on import, called from live code: kept.
      const renamed = `import { runPayout as pay } from './payout.js';\nexport async function nightly() {\n  await pay(0);\n}\n`;
      expect(
        await uncalledIn({ ...chain(), 'report.js': renamed, 'bot.js': `import { Manager } from './manager.js';\nimport { nightly } from './report.js';\nexport const manager = new Manager();\nawait nightly();\n` }),
      ).toBe(1);
      // The same caller, itself uncalled (it has no finding of its own): the whole chain below the manager is dead.
      expect(await uncalledIn({ ...chain(), 'report.js': report, 'bot.js': `import { Manager } from './manager.js';\nimport './report.js';\nexport const manager = new Manager();\n` })).toBe(3);
    });

    /** `functions/index.js` re-exports `getCoins` and `getPrice` (each requesting); the bot takes names from the index. */
    const barrel = (bot: string, manifest = '{ "name": "bot", "type": "module", "scripts": { "start": "node bot.js" } }'): Record<string, string> => ({
      'package.json': manifest,
      'functions/getCoins.js': `${CALL}export const getCoins = async () => {\n  await axios.get('https://api.example/coins');\n};\n`,
      'functions/getPrice.js': `${CALL}export const getPrice = async () => {\n  await axios.get('https://api.example/price');\n};\n`,
      'functions/index.js': "export * from './getCoins.js';\nexport * from './getPrice.js';\n",
      'bot.js': bot,
    });
    it('a function only re-exported (`export * from`) from a module no file takes its name from is uncalled; a namespace, a whole require, a named re-export taken or a package entry keeps it', async () => {
      expect(await uncalledIn(barrel("import { getPrice } from './functions/index.js';\nawait getPrice();\n"))).toBe(1);
      expect(await uncalledIn(barrel("const { getPrice } = require('./functions');\nawait getPrice();\n"))).toBe(1);
      // The live twins: the name taken, a namespace or a binding kept whole (any name), the index itself a package entry.
      expect(await uncalledIn(barrel("import { getPrice, getCoins } from './functions/index.js';\nawait getPrice();\nawait getCoins();\n"))).toBe(0);
      expect(await uncalledIn(barrel("import * as fns from './functions/index.js';\nawait fns.getPrice();\n"))).toBe(0);
      expect(await uncalledIn(barrel("const fns = require('./functions');\nawait fns.getPrice();\n"))).toBe(0);
      expect(await uncalledIn(barrel("import { getPrice } from './functions/index.js';\nawait getPrice();\n", '{ "name": "bot", "type": "module", "main": "functions/index.js", "scripts": { "start": "node bot.js" } }'))).toBe(0);
      // Passed on again by a module some file takes everything from: kept.
      expect(await uncalledIn({ ...barrel("import * as api from './api.js';\nawait api.getPrice();\n"), 'api.js': "export * from './functions/index.js';\n" })).toBe(0);
    });

    /** A Telegraf bot: `index.js` registers `extra` and then `registerAbout(bot)`, whose `bot.action('about')` handler requests (line 6) and calls `fetchAbout` (line 3). */
    const telegraf = (extra: string, after = ''): Record<string, string> => ({
      'package.json': '{ "name": "bot", "scripts": { "start": "node index.js" }, "dependencies": { "telegraf": "^4.16.3", "axios": "^1.8.1" } }',
      'handlers/about.js': "const axios = require('axios');\nconst fetchAbout = async () => {\n  const response = await axios.get('https://api.example/about');\n  return response.data;\n};\nconst registerAbout = (bot) => {\n  bot.action('about', async (ctx) => {\n    await axios.post('https://api.example/seen', {});\n    await ctx.reply(await fetchAbout());\n  });\n};\nmodule.exports = { registerAbout };\n",
      'index.js': `const { Telegraf } = require('telegraf');\nconst axios = require('axios');\nconst { registerAbout } = require('./handlers/about.js');\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.catch((error) => console.error(error));\n${extra}registerAbout(bot);\nbot.action('pay', async (ctx) => {\n  await axios.post('https://api.example/pay', {});\n});\n${after}bot.launch();\n`,
    });
    it('handlers registered after a catch-all of callback queries that never calls `next` are uncalled, and so are the functions only they call', async () => {
      const catchAll = (handler: string): string => `bot.on('callback_query', ${handler});\n`;
      // The action handler (line 8), `fetchAbout` (line 3) only it calls, and the same file's `bot.action('pay')` (index.js line 9).
      expect(await uncalledIn(telegraf(catchAll("async (ctx) => {\n  console.log('ctx = ', ctx);\n  await ctx.answerCbQuery();\n}")))).toBe(3);
      // A catch-all that only passes the context on cannot let the update go on either: the context carries no `next`.
      expect(await uncalledIn(telegraf(catchAll('(ctx) => ctx.answerCbQuery()')))).toBe(3);
      // The live twins: `next` called in a branch, handed on, a catch-all registered after them, one for messages, or one inside a block.
      expect(await uncalledIn(telegraf(catchAll("async (ctx, next) => {\n  if (ctx.chat.type !== 'private') return next();\n  await ctx.answerCbQuery();\n}")))).toBe(0);
      expect(await uncalledIn(telegraf(catchAll('(ctx, next) => route(ctx, next)')))).toBe(0);
      expect(await uncalledIn(telegraf('', catchAll('(ctx) => ctx.answerCbQuery()')))).toBe(0);
      expect(await uncalledIn(telegraf("bot.on('message', (ctx) => ctx.reply('closed'));\n"))).toBe(0);
      expect(await uncalledIn(telegraf(`if (process.env.CLOSED) ${catchAll('(ctx) => ctx.answerCbQuery()')}`))).toBe(0);
      // Called from inside a function (its time unknown) or on another bot: kept.
      expect(await uncalledIn({ ...telegraf(catchAll('(ctx) => ctx.answerCbQuery()')), 'index.js': telegraf(catchAll('(ctx) => ctx.answerCbQuery()'))['index.js']!.replace('registerAbout(bot);', 'const setup = () => registerAbout(bot);\nsetup();') })).toBe(1);
      expect(await uncalledIn({ ...telegraf(catchAll('(ctx) => ctx.answerCbQuery()')), 'index.js': telegraf(catchAll('(ctx) => ctx.answerCbQuery()'))['index.js']!.replace('registerAbout(bot);', 'const other = new Telegraf(process.env.OTHER_TOKEN);\nregisterAbout(other);\nother.launch();') })).toBe(1);
    });

    it('grammY: `bot.callbackQuery(…)` after `bot.on(\'callback_query\', (ctx) => …)` never runs; `next()` in a branch keeps it', async () => {
      const grammy = (catchAll: string): Record<string, string> => ({
        'package.json': '{ "name": "bot", "type": "module", "scripts": { "start": "node bot.js" }, "dependencies": { "grammy": "^1.30.0" } }',
        'bot.js': `import { Bot } from 'grammy';\nconst bot = new Bot(process.env.BOT_TOKEN);\nbot.catch((error) => console.error(error));\nbot.on('callback_query', ${catchAll});\nbot.callbackQuery('pay', async (ctx) => {\n  await fetch('https://api.example/pay', { method: 'POST' });\n});\nbot.start();\n`,
      });
      expect(await uncalledIn(grammy('(ctx) => ctx.answerCallbackQuery()'))).toBe(1);
      expect(await uncalledIn(grammy("(ctx, next) => (ctx.callbackQuery.data === 'pay' ? next() : ctx.answerCallbackQuery())"))).toBe(0);
    });

    /** An Express server that registers `first` and then `second`, each statement at the top level of server.js; the second route's handler posts (require-http-timeout). */
    const express = (first: string, second = "app.post('/webhook', async (req, res) => {\n  await axios.post('https://pay.example/credit', req.body);\n  res.json({ ok: true });\n});\n"): Record<string, string> => ({
      'package.json': '{ "name": "server", "scripts": { "start": "node server.js" }, "dependencies": { "express": "^4.21.0", "axios": "^1.8.1" } }',
      'server.js': `const express = require('express');\nconst axios = require('axios');\nconst app = express();\napp.use(express.json());\n${first}${second}app.listen(3000);\n`,
    });
    it('Express: a route after one of the same app, method and literal path whose one handler cannot call `next` never runs', async () => {
      // The first handler answers and never names `next` (a third parameter it never uses, or none): the second is shadowed.
      expect(await uncalledIn(express("app.post('/webhook', async (req, res) => {\n  if (!req.body.secret) return res.status(403).end();\n  res.json({ first: true });\n});\n"))).toBe(1);
      expect(await uncalledIn(express("app.post('/webhook', (req, res, next) => {\n  res.json({ first: true });\n});\napp.use((req, res, next) => next());\n"))).toBe(1);
      // The live twins: `next` called, `next('route')` from a middleware, an error handler (four parameters), another path, method or app, a route inside a block, the first after it.
      expect(await uncalledIn(express("app.post('/webhook', (req, res, next) => {\n  if (req.body.v2) return next();\n  res.json({ first: true });\n});\n"))).toBe(0);
      expect(await uncalledIn(express("app.post('/webhook', (req, res, next) => next('route'), (req, res) => res.json({ first: true }));\n"))).toBe(0);
      expect(await uncalledIn(express("app.post('/webhook', (err, req, res, next) => res.status(500).end());\n"))).toBe(0);
      expect(await uncalledIn(express("app.post('/webhook/', (req, res) => res.json({ first: true }));\n"))).toBe(0);
      expect(await uncalledIn(express("app.all('/webhook', (req, res) => res.json({ first: true }));\n"))).toBe(0);
      expect(await uncalledIn(express("const admin = express.Router();\nadmin.post('/webhook', (req, res) => res.json({ first: true }));\napp.use('/admin', admin);\n"))).toBe(0);
      expect(await uncalledIn(express("if (process.env.OLD_WEBHOOK) {\n  app.post('/webhook', (req, res) => res.json({ first: true }));\n}\n"))).toBe(0);
      expect(await uncalledIn(express('', "app.post('/webhook', async (req, res) => {\n  await axios.post('https://pay.example/credit', req.body);\n  res.json({ ok: true });\n});\napp.post('/webhook', (req, res) => res.json({ second: true }));\n"))).toBe(0);
      expect(await uncalledIn(express("app.post('/webhook', function (req, res) {\n  return arguments[2]();\n});\n"))).toBe(0);
    });

    /** A token check that answers 401 or calls `next()`, written as `gate`; `where` is where the routes read it from. */
    const verifyToken = (gate = "if (!req.headers.authorization) return res.status(401).end();\n  try {\n    req.user = decode(req.headers.authorization);\n    next();\n  } catch (e) {\n    next(e);\n  }") =>
      `function verifyToken(req, res, next) {\n  ${gate}\n}\n`;
    const first = "app.post('/webhook', verifyToken, async (req, res) => {\n  res.json({ first: true });\n});\n";
    it('Express: middleware before the shadowing handler keeps the later route dead when none can call `next(\'route\')`, read here or in a project file', async () => {
      // `next()` goes on to the route's own handler, `next(e)` past every route to the error handlers: the second `/webhook` never runs.
      expect(await uncalledIn(express(`${verifyToken()}${first}`))).toBe(1);
      const imported = express(`const { verifyToken } = require('./auth');\n${first}`);
      expect(await uncalledIn({ ...imported, 'auth.js': `${verifyToken()}module.exports = { verifyToken };\n` })).toBe(1);
      // The live twins: a middleware that may skip to the next route (`next('route')`, `next` with a value not an error, `next` passed on), one not read (a package's, a factory's call).
      expect(await uncalledIn(express(`${verifyToken("if (!req.headers.authorization) return next('route');\n  next();")}${first}`))).toBe(0);
      expect(await uncalledIn(express(`${verifyToken('next(req.query.skip);')}${first}`))).toBe(0);
      expect(await uncalledIn({ ...imported, 'auth.js': `${verifyToken('passport.authenticate(\'jwt\')(req, res, next);')}module.exports = { verifyToken };\n` })).toBe(0);
      expect(await uncalledIn(express(first.replace('verifyToken', "require('express-jwt').expressjwt({ secret: 'x', algorithms: ['HS256'] })")))).toBe(0);
      expect(await uncalledIn(express(`const { verifyToken } = require('jwt-gate');\n${first}`))).toBe(0);
    });

    /** A bot whose `Database` instance (utils/database.js) has `getUser`, which bot.js calls, and `givePoints`, which `call` may call; each requests. */
    const database = (call = '', more: Record<string, string> = {}, dir = ''): Record<string, string> => ({
      [`${dir}package.json`]: BOT,
      [`${dir}utils/database.js`]: `${CALL}class Database {\n  async getUser(id) {\n    return axios.get('https://db.example/users', { params: { id } });\n  }\n  async givePoints(id, points) {\n    await axios.post('https://db.example/points', { id, points });\n  }\n}\nexport const db = new Database();\n`,
      [`${dir}bot.js`]: `import { db } from './utils/database.js';\nawait db.getUser(1);\n${call}`,
      ...more,
    });
    it('a method named nowhere else is uncalled; a call of it, or a computed call in code that may run beside it, keeps it', async () => {
      expect(await uncalledIn(database())).toBe(1);
      expect(await uncalledIn(database('await db.givePoints(1, 5);\n'))).toBe(0);
      expect(await uncalledIn(database('export const run = (name) => db[name](1);\n'))).toBe(0);
      // A data file calls nothing: `the [**Bot**](https://…)` in a workflow's message is Markdown; a well-known symbol names no method judged here.
      const workflow = { '.github/workflows/greet.yml': 'jobs:\n  greet:\n    steps:\n      - with:\n          issue-message: Thanks for opening an issue in the [**Bot**](https://example.com/bot) repository.\n' };
      expect(await uncalledIn(database('', workflow))).toBe(1);
      expect(await uncalledIn(database('export const all = (list) => [...list[Symbol.iterator]()];\n'))).toBe(1);
    });

    /** Yarn's Plug'n'Play runtime: a computed call on `this` and a load by computed name. */
    const runtime = 'class FileHandle {\n  chown() {\n    this[kRef](this.chown);\n  }\n}\nmodule.exports = (request) => require(request);\n';
    it('Yarn\'s Plug\'n\'Play runtime is the package manager\'s code: its computed calls and loads reach no project method; the same code as a module of the bot does', async () => {
      // A package with no start command runs every file (each may be started by hand).
      const open = { 'package.json': '{ "name": "bot", "private": true }' };
      expect(await uncalledIn(database('', { ...open, '.pnp.cjs': runtime }))).toBe(1);
      expect(await uncalledIn(database('', { ...open, 'loader.cjs': runtime }))).toBe(0);
    });

    it('a computed call in a package that never runs beside the method\'s (a browser app beside the bot) reaches no method of it; one that loads the bot\'s modules does', async () => {
      const web = (main: string): Record<string, string> => ({ 'web/package.json': '{ "name": "web", "private": true, "scripts": { "dev": "vite" } }', 'web/src/main.js': main });
      const dispatch = 'const actions = window.actions;\nexport const run = (name) => actions[name]();\n';
      expect(await uncalledIn(database('', web(dispatch), 'bot/'))).toBe(1);
      expect(await uncalledIn(database('', web(`import { db } from '../../bot/utils/database.js';\n${dispatch}`), 'bot/'))).toBe(0);
      // The browser app's own Plug'n'Play runtime loads by computed name only the packages it asks for.
      expect(await uncalledIn(database('', { ...web(dispatch), 'web/.pnp.cjs': runtime }, 'bot/'))).toBe(1);
      expect(await uncalledIn(database('', { ...web(dispatch), 'web/loader.cjs': runtime }, 'bot/'))).toBe(0);
      // A package inside another's folder may run in its process (a root script may preload it): kept.
      expect(await uncalledIn({ ...database('', web(dispatch), 'bot/'), 'package.json': '{ "name": "root", "private": true }' })).toBe(0);
    });

    /** A bot whose `hears` handler starts `mainLoop` (main_loop.js) inside a `try`; the `catch` replies without waiting (a require-bot-error-handler finding, line 8). */
    const informer = (call: string, mainLoop = 'async (coin, currency) => {\n  await fetch(`https://api.example/${coin}/${currency}`);\n}'): Record<string, string> => ({
      'package.json': '{ "name": "bot", "scripts": { "start": "node index.js" }, "dependencies": { "telegraf": "^4.1.2" } }',
      'main_loop.js': `const mainLoop = ${mainLoop};\nmodule.exports = { mainLoop };\n`,
      'index.js': `const { Telegraf } = require('telegraf');\nconst { mainLoop } = require('./main_loop.js');\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.catch((error) => console.error(error));\nbot.hears(/(\\w+) vs (\\w+)/, (ctx) => {\n  try {\n    ${call};\n  } catch {\n    ctx.reply('No such currency');\n  }\n});\nbot.launch();\n`,
    });
    it('a `catch` whose `try` only starts an async function without waiting never runs: its findings are uncalled', async () => {
      // The default rules: this case is about the bot's error handler, and `--rules all` adds the swallowed error.
      const uncalledFindings = async (files: Record<string, string>): Promise<string[]> =>
        (await runCliJson(['.', '--scope', 'all', '--fail-on', 'never'], { cwd: temp(files) })).report.findings.filter((finding) => finding.scope === 'uncalled').map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);
      expect(await uncalledFindings(informer('mainLoop(ctx.match[1], ctx.match[2])'))).toEqual(['index.js:9 bot-audit/require-bot-error-handler']);
      // The live twins: awaited (the rejection lands in the `catch`), a function that is not async, an argument that may throw.
      expect(await uncalledFindings(informer('await mainLoop(ctx.match[1], ctx.match[2])'))).toEqual([]);
      expect(await uncalledFindings(informer('mainLoop(ctx.match[1], ctx.match[2])', '(coin, currency) => {\n  if (!coin) throw new Error(currency);\n}'))).toEqual([]);
      expect(await uncalledFindings(informer("mainLoop(ctx.message.text.split(' ')[0], 'usd')"))).toEqual([]);
      // `ctx.session` may throw (grammY's getter without a session key); a text message has no `callbackQuery` to read `data` of: kept.
      expect(await uncalledFindings(informer("mainLoop(ctx.session.coin, 'usd')"))).toEqual([]);
      expect(await uncalledFindings(informer("mainLoop(ctx.callbackQuery.data, 'usd')"))).toEqual([]);
      // A second statement that may throw: kept; two async starts with safe arguments: never runs.
      expect(await uncalledFindings(informer("mainLoop(ctx.match[1], 'usd');\n    JSON.parse(ctx.match[2])"))).toEqual([]);
      expect(await uncalledFindings(informer("mainLoop(ctx.match[1], 'usd');\n    void mainLoop(ctx.match[2], 'eur')"))).toEqual(['index.js:10 bot-audit/require-bot-error-handler']);
    });

    const cycle = {
      'package.json': BOT,
      'ping.js': `${CALL}import { pong } from './pong.js';\nexport async function ping(n) {\n  await axios.post('https://pay.example/ping', { n });\n  if (n > 0) await pong(n - 1);\n}\n`,
      'pong.js': `${CALL}import { ping } from './ping.js';\nexport async function pong(n) {\n  await axios.post('https://pay.example/pong', { n });\n  if (n > 0) await ping(n - 1);\n}\n`,
    };
    it('two dead functions calling each other are both uncalled; a live call into the cycle keeps both', async () => {
      expect(await uncalledIn({ ...cycle, 'bot.js': `import './ping.js';\n` })).toBe(2);
      expect(await uncalledIn({ ...cycle, 'bot.js': `import { pong } from './pong.js';\nawait pong(3);\n` })).toBe(0);
    });

    const helper = `${CALL}export async function notifyAll(text) {\n  await axios.post('https://pay.example/notify', { text });\n}\n`;
    const scene = `import { notifyAll } from '../helpers.js';\nexport const payScene = (bot) => bot.hears('pay', () => notifyAll('paid'));\n`;
    it('a mention in a file no entry point imports, or in a test, calls nothing; in an imported file it does', async () => {
      const files = { 'package.json': BOT, 'helpers.js': helper, 'scenes/pay.js': scene, 'helpers.test.js': `import { notifyAll } from './helpers.js';\nawait notifyAll('test');\n` };
      expect(await uncalledIn({ ...files, 'bot.js': `import './helpers.js';\n` })).toBe(1);
      const { report } = await runJson(['.', '--scope', 'all', '--fail-on', 'never'], { cwd: temp({ ...files, 'bot.js': `import './helpers.js';\n` }) });
      expect(report.findings.filter((finding) => finding.file === 'helpers.js').map((finding) => finding.scope)).toEqual(['uncalled']);
      expect(await uncalledIn({ ...files, 'bot.js': `import { payScene } from './scenes/pay.js';\nexport const scene = payScene;\n` })).toBe(0);
    });

    it('parses no more files than the chain involves, and only when a finding asks', () => {
      const dir = temp({ ...chain(), 'bot.js': `import { Manager } from './manager.js';\nexport const manager = new Manager();\n`, 'unrelated.js': 'export const other = 1;\n', 'config.yml': 'name: bot\n' });
      const files = ['bot.js', 'http.js', 'payout.js', 'manager.js', 'unrelated.js', 'config.yml'].map((name) => path.join(dir, name));
      const index = uncalledFunctions(files, [path.join(dir, 'http.js')]);
      expect(index.work).toEqual({ scans: 6, parses: 1, nameParses: 0, linkReads: 0 });
      expect(index.isUncalled(path.join(dir, 'http.js'), 3, 3)).toBe(true);
      expect(index.work).toEqual({ scans: 6, parses: 3, nameParses: 0, linkReads: 0 });
      expect(index.isUncalled(path.join(dir, 'http.js'), 3, 3)).toBe(true);
      expect(index.work.parses).toBe(3);
      // A mention in a file that does not parse keeps the name: it could be a call.
      const broken = temp({ 'http.js': chain()['http.js']!, 'caller.js': 'export function () { postPayout(1) \n' });
      const brokenFiles = ['http.js', 'caller.js'].map((name) => path.join(broken, name));
      expect(uncalledFunctions(brokenFiles, [brokenFiles[0]!]).isUncalled(brokenFiles[0]!, 3, 3)).toBe(false);
      // Nothing is judged in a file with findings that does not parse, nor in a function called by convention.
      expect(uncalledFunctions(brokenFiles, [brokenFiles[1]!]).isUncalled(brokenFiles[1]!, 1, 20)).toBe(false);
      const jobs = path.join(temp({ 'jobs.js': `${CALL}export async function handle() {\n  await axios.post('https://pay.example/job', {});\n}\n` }), 'jobs.js');
      expect(uncalledFunctions([jobs], [jobs]).isUncalled(jobs, 3, 3)).toBe(false);
      // A function whose name no scanned file mentions (its own file not among them) is uncalled.
      expect(uncalledFunctions([jobs], [brokenFiles[0]!]).isUncalled(brokenFiles[0]!, 3, 3)).toBe(true);
    });
  });

  describe('a module whose exports nothing uses', () => {
    const BOT = '{ "name": "bot", "scripts": { "start": "node index.js" }, "dependencies": { "telegraf": "4" } }';
    const starter = "const axios = require('axios');\nmodule.exports = async function initBot(app) {\n  await axios.post('https://pay.example/start', {});\n};\n";
    const uncalledIn = async (files: Record<string, string>): Promise<number> =>
      (await runJson(['.', '--fail-on', 'never'], { cwd: temp({ 'package.json': BOT, 'botjs.js': starter, ...files }) })).report.outOfScope.uncalled;

    it('a `module.exports` function whose only importer requires it for its side effects is uncalled; one that calls it keeps it', async () => {
      expect(await uncalledIn({ 'index.js': "require('./botjs'); // keep bot bootstrap\n" })).toBe(1);
      expect(await uncalledIn({ 'index.js': "import './botjs.js';\n" })).toBe(1);
      // Called, bound, passed on, or named by another file: kept.
      expect(await uncalledIn({ 'index.js': "require('./botjs')(app);\n" })).toBe(0);
      expect(await uncalledIn({ 'index.js': "const initBot = require('./botjs');\ninitBot(app);\n" })).toBe(0);
      expect(await uncalledIn({ 'index.js': "require('./botjs');\nrequire('./other');\n", 'other.js': "import start from './botjs.js';\nstart();\n" })).toBe(0);
      expect(await uncalledIn({ 'index.js': "require('./botjs');\n", 'ecosystem.config.json': '{ "apps": [{ "script": "botjs.js" }] }' })).toBe(0);
      // A computed load anywhere may call it; so may an importer by an alias bot-audit does not resolve.
      expect(await uncalledIn({ 'index.js': "require('./botjs');\nfor (const file of fs.readdirSync(__dirname)) require(path.join(__dirname, file))(app);\n" })).toBe(0);
      expect(await uncalledIn({ 'index.js': "require('./botjs');\nrequire('@app/botjs')(app);\n" })).toBe(0);
    });

    it('an `export default` function imported only for its side effects is uncalled; one called in its own module is not', async () => {
      const starterEsm = `${CALL}export default async function initBot() {\n  await axios.post('https://pay.example/start', {});\n}\n`;
      expect(await uncalledIn({ 'botjs.js': starterEsm, 'index.js': "import './botjs.js';\n" })).toBe(1);
      expect(await uncalledIn({ 'botjs.js': `${starterEsm}await initBot();\n`, 'index.js': "import './botjs.js';\n" })).toBe(0);
      // Nothing imports it: an entry or a platform's handler, whose export its runner may call.
      expect(await uncalledIn({ 'index.js': '' })).toBe(0);
    });
  });

  describe('a function forwarded by an object of functions', () => {
    const BOT = '{ "name": "bot", "scripts": { "start": "tsx main.ts" }, "dependencies": { "grammy": "1" } }';
    const api = `${CALL}async function getBBO() {\n  return axios.get('https://pay.example/bbo');\n}\nasync function getMarketSummary() {\n  return axios.get('https://pay.example/summary');\n}\nexport const api = {\n  getBBO,\n  summary: getMarketSummary,\n};\n`;
    const uncalledIn = async (main: string): Promise<number> =>
      (await runJson(['.', '--fail-on', 'never'], { cwd: temp({ 'package.json': BOT, 'api.ts': api, 'main.ts': main }) })).report.outOfScope.uncalled;

    it('a function only an object property names, whose key nothing calls, is uncalled; `api.summary()` keeps it', async () => {
      expect(await uncalledIn("import { api } from './api.js';\nawait api.getBBO();\n")).toBe(1);
      expect(await uncalledIn("import { api } from './api.js';\nawait api.getBBO();\nawait api.summary();\n")).toBe(0);
      // The object used as a whole (`Object.values(api)`) may call any of them.
      expect(await uncalledIn("import { api } from './api.js';\nfor (const get of Object.values(api)) await get();\n")).toBe(0);
    });
  });

  describe('what names a function without calling it', () => {
    /** Whether the function around `line:column` of `file` is judged uncalled, every file of the tree scanned. */
    const judged = (files: Record<string, string>, file: string, line: number, column = 5): boolean => {
      const dir = temp(files);
      const all = Object.keys(files).map((name) => path.join(dir, name));
      return uncalledFunctions(all, [path.join(dir, file)]).isUncalled(path.join(dir, file), line, column);
    };
    const GEO = `${CALL}const directGeocode = async (q) => axios.get('https://geo.example/direct', { params: { q } });\nconst reverseGeocode = async (lat) => axios.get('https://geo.example/reverse', { params: { lat } });\nexport { directGeocode, reverseGeocode };\n`;

    it('an export list (`export { reverseGeocode }`) is no call: the importers\' uses are', () => {
      const bot = "import { directGeocode } from './geo.js';\nawait directGeocode('Kyiv');\n";
      expect(judged({ 'geo.js': GEO, 'bot.js': bot }, 'geo.js', 3, 40)).toBe(true);
      expect(judged({ 'geo.js': GEO, 'bot.js': bot }, 'geo.js', 2, 40)).toBe(false);
      // Imported and called, renamed on export, or exported by a library package: kept.
      expect(judged({ 'geo.js': GEO, 'bot.js': "import { reverseGeocode } from './geo.js';\nawait reverseGeocode(50);\n" }, 'geo.js', 3, 40)).toBe(false);
      expect(judged({ 'geo.js': GEO.replace('reverseGeocode };', 'reverseGeocode as rev };'), 'bot.js': bot }, 'geo.js', 3, 40)).toBe(false);
      expect(judged({ 'package.json': '{ "name": "geo-client", "main": "geo.js" }', 'geo.js': GEO, 'bot.js': bot }, 'geo.js', 3, 40)).toBe(false);
    });

    it("a CommonJS export by name (`exports.reverseGeocode = reverseGeocode`, TypeScript's output) is no call: the importers' uses are", () => {
      const geo = `"use strict";\nexports.reverseGeocode = exports.directGeocode = void 0;\nexports.directGeocode = directGeocode;\nexports.reverseGeocode = reverseGeocode;\nconst axios = require('axios');\nfunction directGeocode(q) { return axios.get('https://geo.example/direct', { params: { q } }); }\nfunction reverseGeocode(lat) { return axios.get('https://geo.example/reverse', { params: { lat } }); }\n`;
      const bot = "const geo_1 = require('./geo');\n(0, geo_1.directGeocode)('Kyiv');\n";
      expect(judged({ 'geo.js': geo, 'bot.js': bot }, 'geo.js', 7, 40)).toBe(true);
      expect(judged({ 'geo.js': geo, 'bot.js': bot }, 'geo.js', 6, 40)).toBe(false);
      // Called through the module, exported under another name, or exported by a library package: kept.
      expect(judged({ 'geo.js': geo, 'bot.js': "const geo_1 = require('./geo');\n(0, geo_1.reverseGeocode)(50);\n" }, 'geo.js', 7, 40)).toBe(false);
      expect(judged({ 'geo.js': geo.replace('exports.reverseGeocode = reverseGeocode;', 'exports.rev = reverseGeocode;'), 'bot.js': bot }, 'geo.js', 7, 40)).toBe(false);
      expect(judged({ 'package.json': '{ "name": "geo-client", "main": "geo.js" }', 'geo.js': geo, 'bot.js': bot }, 'geo.js', 7, 40)).toBe(false);
      // The TypeScript source beside its compiled copy: the copy's export names its own function.
      const source = "import axios from 'axios';\nexport async function directGeocode(q: string) { return axios.get('https://geo.example/direct', { params: { q } }); }\nexport async function reverseGeocode(lat: number) { return axios.get('https://geo.example/reverse', { params: { lat } }); }\n";
      expect(judged({ 'src/geo.ts': source, 'src/bot.ts': "import { directGeocode } from './geo';\nawait directGeocode('Kyiv');\n", 'api/geo.js': geo, 'api/bot.js': bot }, 'src/geo.ts', 3, 40)).toBe(true);
    });

    /** Two services with a `queryOrder` method, each exported as the module's one instance. */
    const service = (cls: string, host: string): string =>
      `const axios = require('axios');\nclass ${cls} {\n  async createOrder(id) {\n    return axios.post('https://${host}/order', { id });\n  }\n  async queryOrder(id) {\n    return axios.get('https://${host}/query', { params: { id } });\n  }\n}\nmodule.exports = new ${cls}();\n`;
    const services = { 'payment.js': service('PaymentService', 'pay.example'), 'energy.js': service('EnergyService', 'energy.example') };
    const caller = (body: string): string => `const payment = require('./payment');\nconst energy = require('./energy');\nmodule.exports = async (ctx) => {\n  await payment.createOrder(ctx.id);\n${body}};\n`;

    it("a method of the same name declared by another class, or called on another module's instance, does not call it", () => {
      const bot = caller('  await energy.queryOrder(ctx.no);\n');
      expect(judged({ ...services, 'bot.js': bot }, 'payment.js', 7)).toBe(true);
      expect(judged({ ...services, 'bot.js': bot }, 'energy.js', 7)).toBe(false);
      // Called on its own module's instance: kept.
      expect(judged({ ...services, 'bot.js': caller('  await payment.queryOrder(ctx.no);\n') }, 'payment.js', 7)).toBe(false);
      // A receiver that could be either instance: a parameter, a binding shadowed by one, a module that hands on another's export.
      expect(judged({ ...services, 'bot.js': `${bot}exports.poll = (svc) => svc.queryOrder(1);\n` }, 'payment.js', 7)).toBe(false);
      expect(judged({ ...services, 'bot.js': `${bot}exports.poll = (energy) => energy.queryOrder(1);\n` }, 'payment.js', 7)).toBe(false);
      expect(judged({ ...services, 'bot.js': `${bot}exports.poll = function () { return this.energy.queryOrder(1); };\n` }, 'payment.js', 7)).toBe(false);
      // Another module exporting an object literal, or the instance by `export default` (default-imported): not the candidate's.
      const literal = "module.exports = {\n  async queryOrder(no) {\n    return no;\n  },\n};\n";
      expect(judged({ ...services, 'energy.js': literal, 'bot.js': bot }, 'payment.js', 7)).toBe(true);
      expect(judged({ ...services, 'energy.js': `module.exports = { ...base, queryOrder: (no) => no };\n`, 'bot.js': bot }, 'payment.js', 7)).toBe(true);
      expect(judged({ ...services, 'energy.js': `module.exports = { ...base };\n`, 'bot.js': bot }, 'payment.js', 7)).toBe(false);
      const esm = service('EnergyService', 'energy.example').replace("const axios = require('axios');", "import axios from 'axios';").replace('module.exports =', 'export default');
      expect(judged({ ...services, 'energy.js': esm, 'bot.js': "import energy from './energy.js';\nexport const poll = () => energy.queryOrder(1);\n" }, 'payment.js', 7)).toBe(true);
      const relay = "const energy = require('./relay');\nexports.poll = () => energy.queryOrder(1);\n";
      expect(judged({ ...services, 'bot.js': bot, 'relay.js': "module.exports = require('./payment');\n", 'poll.js': relay }, 'payment.js', 7)).toBe(false);
    });

    /** Two modules each exporting a class whose static `removeItem` writes (round 29, PolishKebab/Economy-Bot-Template). */
    const staticClass = (cls: string, table: string, word = 'static '): string =>
      `const db = require('./db');\nclass ${cls} {\n  ${word}giveItem(id) {\n    return db.run('UPDATE ${table} SET amount = amount + 1 WHERE id = ?', [id]);\n  }\n  ${word}removeItem(id) {\n    return db.run('UPDATE ${table} SET amount = amount - 1 WHERE id = ?', [id]);\n  }\n}\nmodule.exports = ${cls};\n`;
    const classes = { 'inventory.js': staticClass('Inventory', 'inventory'), 'store.js': staticClass('Store', 'store') };
    const command = (body: string): string => `const Inventory = require('./inventory');\nconst Store = require('./store');\nmodule.exports = async (id) => {\n  await Inventory.giveItem(id);\n${body}};\n`;

    // Round 29, Botman1234-afk/economybot require-transaction #6, #23: `storyprofile.js` is loaded into the
    // command collection, and every dispatch gets a command by a literal name, none of them its name.
    const commandModule = (name: string): string => `module.exports = {\n  name: '${name}',\n  execute(msg) {\n    return db.query('UPDATE profiles SET coins = coins - 1 WHERE id = ?', [msg]);\n  },\n};\n`;
    const loader = (loop = '', after = ''): string =>
      `const fs = require('fs');\nconst client = { commands: new Map() };\nfor (const file of fs.readdirSync('./commands')) {\n  const command = require(\`./commands/\${file}\`);\n  client.commands.set(command.name, command);\n${loop}}\nmodule.exports = (msg, command) => {\n  if (client.commands.has(command)) client.commands.get('gift').execute(msg);\n${after}};\n`;
    const commands = (bot: string, more: Record<string, string> = {}): Record<string, string> => ({ 'package.json': '{ "name": "bot", "scripts": { "start": "node bot.js" } }', 'commands/gift.js': commandModule('gift'), 'commands/story.js': commandModule('story'), 'bot.js': bot, ...more });
    it('a command module a loader keys by its name, when every dispatch gets a literal name and none its own, is uncalled', () => {
      expect(judged(commands(loader()), 'commands/story.js', 4)).toBe(true);
      expect(judged(commands(loader()), 'commands/gift.js', 4)).toBe(false);
      // Dispatched by its name, by a name read at run time, or the collection used otherwise: kept.
      expect(judged(commands(loader('', "  client.commands.get('story').execute(msg);\n")), 'commands/story.js', 4)).toBe(false);
      expect(judged(commands(loader('', '  client.commands.get(command).execute(msg);\n')), 'commands/story.js', 4)).toBe(false);
      expect(judged(commands(loader('', '  for (const one of client.commands.values()) one.execute(msg);\n')), 'commands/story.js', 4)).toBe(false);
      expect(judged(commands(loader(), { 'help.js': 'module.exports = (client) => client.commands.size;\n' }), 'commands/story.js', 4)).toBe(false);
      expect(judged(commands(loader(), { 'help.js': 'module.exports = (client) => {\n  const { commands } = client;\n  return commands;\n};\n' }), 'commands/story.js', 4)).toBe(false);
      // Another binding of the name (a page script's `commands(list)`) is not the collection kept as `client.commands`.
      expect(judged(commands(loader(), { 'page.js': 'function commands(list) {\n  return list;\n}\ncommands([]);\n' }), 'commands/story.js', 4)).toBe(true);
      // The loader keys a module otherwise too (aliases) or calls it, another load by a computed name, a static load of the file: kept.
      expect(judged(commands(loader('  (command.aliases || []).forEach((alias) => client.commands.set(alias, command));\n')), 'commands/story.js', 4)).toBe(false);
      expect(judged(commands(loader('  if (command.init) command.init(client);\n')), 'commands/story.js', 4)).toBe(false);
      expect(judged(commands(loader(), { 'jobs.js': "module.exports = (name) => require('./' + name).execute(1);\n" }), 'commands/story.js', 4)).toBe(false);
      expect(judged(commands(loader(), { 'daily.js': "require('./commands/story.js').execute(1);\n" }), 'commands/story.js', 4)).toBe(false);
      // A name not written as a literal in the module: kept.
      expect(judged(commands(loader(), { 'commands/story.js': commandModule('story').replace("name: 'story'", 'name: NAME') }), 'commands/story.js', 4)).toBe(false);
    });

    // Round 34, vKwxr/vk-bot require-transaction #1-#3, #5 and no-unguarded-decrement #4: `extras.js` exports an
    // array of commands, and the folder loader registers only a module with `command.data && command.execute`.
    const arrayModule = "module.exports = [\n  {\n    data: { name: 'sell' },\n    async execute(i) {\n      return db.run('UPDATE users SET balance = balance + 1 WHERE id = ?', [i]);\n    },\n  },\n];\n";
    const folderLoader = (registered = '    client.slashCommands.set(command.data.name, command);\n', more = ''): string =>
      `const fs = require('fs');\nconst path = require('path');\nconst client = { slashCommands: new Map() };\nfor (const file of fs.readdirSync(path.join(__dirname, 'commands'))) {\n  const command = require(path.join(__dirname, 'commands', file));\n  if (command.data && command.execute) {\n${registered}  }\n${more}}\nmodule.exports = (i) => client.slashCommands.get(i.commandName).execute(i);\n`;
    const arrayBot = (bot: string, more: Record<string, string> = {}): Record<string, string> => ({ 'package.json': '{ "name": "bot", "scripts": { "start": "node bot.js" } }', 'commands/extras.js': arrayModule, 'bot.js': bot, ...more });
    it('the functions of an array a folder loader loads but reads only by keys an array has not (`command.data`) are uncalled', () => {
      expect(judged(arrayBot(folderLoader()), 'commands/extras.js', 5, 7)).toBe(true);
      // Read also by a side script (`command.data?.name`), or destructured by such keys: still uncalled.
      expect(judged(arrayBot(folderLoader(), { 'deploy.js': "const fs = require('fs');\nfor (const f of fs.readdirSync('./commands')) {\n  const command = require(`./commands/${f}`);\n  console.log(command.data?.name);\n}\n" }), 'commands/extras.js', 5, 7)).toBe(true);
      // An object export passes the loader's test: kept.
      const objectModule = "module.exports = {\n  data: { name: 'sell' },\n  async execute(i) {\n    return db.run('UPDATE users SET balance = balance + 1 WHERE id = ?', [i]);\n  },\n};\n";
      expect(judged(arrayBot(folderLoader(), { 'commands/extras.js': objectModule }), 'commands/extras.js', 4, 7)).toBe(false);
      // The loader takes an array too, uses the module whole outside the test, or iterates it: kept.
      expect(judged(arrayBot(folderLoader('', '  if (Array.isArray(command)) command.forEach((one) => client.slashCommands.set(one.data.name, one));\n')), 'commands/extras.js', 5, 7)).toBe(false);
      expect(judged(arrayBot(folderLoader('', '  for (const one of [].concat(command)) client.slashCommands.set(one.data.name, one);\n')), 'commands/extras.js', 5, 7)).toBe(false);
      expect(judged(arrayBot(folderLoader('', '  client.all.push(command);\n')), 'commands/extras.js', 5, 7)).toBe(false);
      expect(judged(arrayBot(folderLoader('', '  command.map((one) => one.execute);\n')), 'commands/extras.js', 5, 7)).toBe(false);
      // Another load by a computed name that hands the module on, or a load of its file by a literal path: kept.
      expect(judged(arrayBot(folderLoader(), { 'jobs.js': "module.exports = (name) => require('./commands/' + name);\n" }), 'commands/extras.js', 5, 7)).toBe(false);
      expect(judged(arrayBot(folderLoader(), { 'daily.js': "require('./commands/extras.js')[0].execute(1);\n" }), 'commands/extras.js', 5, 7)).toBe(false);
      // A computed load pinned to another folder does not reach it.
      expect(judged(arrayBot(folderLoader(), { 'events.js': "const fs = require('fs');\nconst path = require('path');\nfor (const f of fs.readdirSync(path.join(__dirname, 'events'))) module.exports[f] = require(path.join(__dirname, 'events', f));\n", 'events/ready.js': 'module.exports = 1;\n' }), 'commands/extras.js', 5, 7)).toBe(true);
    });

    // Round 35, Zynfinity/Zxbot-wawebjs require-for-update #8, require-transaction #2: `commands/transfer.js` exports
    // `disabled: true`, and every dispatch finds a command by `!rescmd.disabled && …` before it calls `.handler`.
    const flagged = (flag = '  disabled: true,\n'): string => `module.exports = {\n  cmd: ['transfer'],\n${flag}  async handler(m) {\n    return db.run('UPDATE users SET balance = balance + 1 WHERE id = ?', [m]);\n  },\n};\n`;
    const pluginLoader = "const fs = require('fs');\nconst path = require('path');\nglobal.commands = {};\nfor (const file of fs.readdirSync(path.join(__dirname, 'commands'))) {\n  const plugin = require(path.join(__dirname, 'commands', file));\n  global.commands[file] = plugin;\n}\nrequire('./handler.js');\n";
    const dispatcher = (test = '(c) => !c.disabled && c.cmd.includes(m.command)', more = ''): string =>
      `process.on('message', async (m) => {\n  const found = await Object.values(global.commands).find(${test});\n  if (found) await found.handler(m);\n${more}});\n`;
    const flaggedBot = (handler: string, more: Record<string, string> = {}, module = flagged()): Record<string, string> => ({ 'package.json': '{ "name": "bot", "scripts": { "start": "node index.js" } }', 'index.js': pluginLoader, 'handler.js': handler, 'commands/transfer.js': module, ...more });
    it('the functions of a module whose export sets a flag every dispatch that reads them skips on (`!c.disabled`) are uncalled', () => {
      expect(judged(flaggedBot(dispatcher()), 'commands/transfer.js', 5)).toBe(true);
      // Also through a filter (an implicit global as the loop variable), a module loaded by path, and a module that lacks a key the test needs.
      const more = "  for (fn of Object.values(global.commands).filter((f) => !f.disabled)) await fn.handler(m);\n  menu = require('./menu.js');\n  await menu.handler(m);\n";
      expect(judged(flaggedBot(dispatcher(undefined, more), { 'menu.js': 'module.exports = { async handler() {} };\n' }), 'commands/transfer.js', 5)).toBe(true);
      expect(judged(flaggedBot(dispatcher('(c) => c.command && c.command.includes(m.command)')), 'commands/transfer.js', 5)).toBe(true);
      // A legacy octal escape in the dispatcher's strings (sloppy-mode CommonJS runs it; the parser refuses it) still lets it be read.
      expect(judged(flaggedBot(dispatcher(undefined, "  const cookie = 'rur=PRN\\054527';\n")), 'commands/transfer.js', 5)).toBe(true);
      // The flag unset, a dispatch that does not test it, or a module that has the key the test needs: kept.
      expect(judged(flaggedBot(dispatcher(), {}, flagged('  disabled: false,\n')), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher('(c) => c.cmd.includes(m.command)')), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher('(c) => c.cmd && c.cmd.includes(m.command)')), 'commands/transfer.js', 5)).toBe(false);
      // The flag written at run time (an `enable` command), or the module reached another way: kept.
      expect(judged(flaggedBot(dispatcher(undefined, '  global.commands[m.file].disabled = false;\n')), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher(undefined, '  Object.assign(global.commands[m.file], m.settings);\n')), 'commands/transfer.js', 5)).toBe(false);
      // A global no running file writes (set by code not in view): kept.
      expect(judged(flaggedBot(dispatcher(undefined, '  await current.handler(m);\n')), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher(undefined, '  for (const c of Object.values(global.commands)) await c.handler(m);\n')), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher(undefined, "  const key = 'handler';\n  await Object.values(global.commands)[0][key](m);\n")), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher(undefined, '  const { handler } = global.commands[m.file];\n  await handler(m);\n')), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher(undefined, "  await require('./commands/transfer.js').handler(m);\n")), 'commands/transfer.js', 5)).toBe(false);
      expect(judged(flaggedBot(dispatcher(undefined, '  found2 = global.commands[m.file];\n  for (fn of [found2]) await fn.handler(m);\n')), 'commands/transfer.js', 5)).toBe(false);
    });

    // Round 34, ExoCode33/Gacha-Bot require-for-update #4, #5: `DatabaseManager.findMatch` is named only by
    // `this.findMatch(userId)` inside `PvPQueueSystem`, which declares its own `findMatch`.
    it('`this.findMatch(…)` in another class that declares `findMatch` itself does not call it', () => {
      const manager = "const db = require('./db');\nclass DatabaseManager {\n  static async findMatch(id) {\n    return db.query('SELECT * FROM pvp_queue WHERE id = $1', [id]);\n  }\n}\nmodule.exports = DatabaseManager;\n";
      const queue = (body: string, own = '  findMatch(id) {\n    return id;\n  }\n'): string => `class PvPQueueSystem {\n${own}  join(id) {\n${body}  }\n}\nmodule.exports = new PvPQueueSystem();\n`;
      const files = (body: string, own?: string, more: Record<string, string> = {}): Record<string, string> => ({ 'manager.js': manager, 'queue.js': queue(body, own), 'bot.js': "const queue = require('./queue');\nrequire('./manager');\nqueue.join(1);\n", ...more });
      expect(judged(files('    return this.findMatch(id);\n'), 'manager.js', 4)).toBe(true);
      // Through an arrow function: still the class's own.
      expect(judged(files('    return [id].map((one) => this.findMatch(one));\n'), 'manager.js', 4)).toBe(true);
      // The other class does not declare it, declares it static while the call is an instance's, or the read is in a `function`: kept.
      expect(judged(files('    return this.findMatch(id);\n', ''), 'manager.js', 4)).toBe(false);
      expect(judged(files('    return this.findMatch(id);\n', '  static findMatch(id) {\n    return id;\n  }\n'), 'manager.js', 4)).toBe(false);
      expect(judged(files('    return [id].map(function (one) {\n      return this.findMatch(one);\n    });\n'), 'manager.js', 4)).toBe(false);
      // Its own class calls it, or another file on the class: kept.
      const pair = { 'manager.js': manager.replace('\n}\nmodule', '\n  static pair(id) {\n    return this.findMatch(id);\n  }\n}\nmodule'), 'pvp.js': "const DatabaseManager = require('./manager');\nmodule.exports = (id) => DatabaseManager.pair(id);\n" };
      expect(judged({ ...files('    return this.findMatch(id);\n'), ...pair }, 'manager.js', 4)).toBe(false);
      expect(judged(files('    return this.findMatch(id);\n', undefined, { 'pvp.js': "const DatabaseManager = require('./manager');\nmodule.exports = (id) => DatabaseManager.findMatch(id);\n" }), 'manager.js', 4)).toBe(false);
      // Its class is a subclass of the calling class: an instance of it runs its override.
      const sub = "const db = require('./db');\nconst Base = require('./queue-base');\nclass DatabaseManager extends Base {\n  async findMatch(id) {\n    return db.query('SELECT * FROM pvp_queue WHERE id = $1', [id]);\n  }\n}\nmodule.exports = DatabaseManager;\n";
      expect(judged({ ...files('    return this.findMatch(id);\n'), 'queue-base.js': queue('    return this.findMatch(id);\n').replace('module.exports = new PvPQueueSystem();', 'module.exports = PvPQueueSystem;'), 'manager.js': sub, 'pvp.js': "const M = require('./manager');\nmodule.exports = () => new M().join(1);\n" }, 'manager.js', 5)).toBe(false);
    });

    it("a static method called on another module's exported class does not call it", () => {
      const bot = command('  await Store.removeItem(id);\n');
      expect(judged({ ...classes, 'bot.js': bot }, 'inventory.js', 7)).toBe(true);
      expect(judged({ ...classes, 'bot.js': bot }, 'store.js', 7)).toBe(false);
      // Called on its own module's class, or on a receiver that could be either class: kept.
      expect(judged({ ...classes, 'bot.js': command('  await Inventory.removeItem(id);\n') }, 'inventory.js', 7)).toBe(false);
      expect(judged({ ...classes, 'bot.js': `${bot}exports.poll = (Store) => Store.removeItem(1);\n` }, 'inventory.js', 7)).toBe(false);
      // The other class's `removeItem` is an instance method, or inherited: `Store.removeItem` may be anything the class object has.
      expect(judged({ ...classes, 'store.js': staticClass('Store', 'store', ''), 'bot.js': bot }, 'inventory.js', 7)).toBe(false);
      const inherited = "const Base = require('./base');\nclass Store extends Base {}\nmodule.exports = Store;\n";
      expect(judged({ ...classes, 'store.js': inherited, 'bot.js': bot }, 'inventory.js', 7)).toBe(false);
      // `export default class` the same way.
      const esm = staticClass('Store', 'store').replace("const db = require('./db');", "import db from './db.js';").replace('module.exports = Store;', 'export default Store;');
      expect(judged({ ...classes, 'store.js': esm, 'bot.js': "import Store from './store.js';\nexport const poll = () => Store.removeItem(1);\n" }, 'inventory.js', 7)).toBe(true);
    });
  });

  it('a Markdown link in a message text (`\\n[Open](url)`) is no call with a computed key: the class methods are still judged', () => {
    const repo = "export class Repo {\n  async createRow(id) {\n    return db.insert(id);\n  }\n}\n";
    const judged = (bot: string): boolean => {
      const dir = temp({ 'repo.js': repo, 'bot.js': bot });
      const files = ['repo.js', 'bot.js'].map((name) => path.join(dir, name));
      return uncalledFunctions(files, [files[0]!]).isUncalled(files[0]!, 3, 5);
    };
    expect(judged("export const text = 'Done!\\n[Open channel](https://t.me/x)';\n")).toBe(true);
    expect(judged("export const text = `Done! See\\n\\n[the docs](https://t.me/x)`;\n")).toBe(true);
    // A link in a comment (a JSDoc credit, round 29 PolishKebab/Economy-Bot-Template), line or block.
    expect(judged("/**\n * Made by [PolishKebab](https://github.com/PolishKebab)\n */\nexport const text = 'Done';\n")).toBe(true);
    expect(judged("// see [docs](https://t.me/x)\nexport const text = 'Done';\n")).toBe(true);
    // A real call with a computed key keeps every method.
    expect(judged('export const go = (repo, name) => repo[name](1);\n')).toBe(false);
    expect(judged('export const go = (repo, name) => repo?.[name]?.(1);\n')).toBe(false);
  });

  // Round 27, require-http-timeout#17 (a WhatsApp bot): `getTypeUrlMedia` sits in a helper module's
  // `module.exports = { … }` that hot-reloads itself, and only an obfuscated file nothing loads calls
  // methods with a computed key; no file reads the name.
  it('a helper of a module export object no file reads is uncalled; its self-reload and a dead file\'s computed calls reach nothing', () => {
    const helpers =
      "const axios = require('axios');\nasync function getTypeUrlMedia(url) {\n  return axios.get(url);\n}\nasync function getBuffer(url) {\n  return axios.get(url);\n}\nmodule.exports = { getTypeUrlMedia, getBuffer };\nlet file = require.resolve(__filename);\nfs.watchFile(file, () => {\n  delete require.cache[file];\n  require(file);\n});\n";
    const dead = "const chalk = require(pick(1));\nconsole[pick(2)](chalk[pick(3)]('x'));\n";
    const judged = (bot: string, deadFiles: readonly string[] = ['lib/fetch.js'], more: Record<string, string> = {}): boolean => {
      const files = { 'package.json': '{ "name": "wa-bot", "scripts": { "start": "node start.js" } }', 'start.js': "require('./index.js');\n", 'lib/function.js': helpers, 'lib/fetch.js': dead, 'index.js': bot, ...more };
      const dir = temp(files);
      const all = Object.keys(files).map((name) => path.join(dir, name));
      const target = path.join(dir, 'lib/function.js');
      return uncalledFunctions(all, [target], { deadFiles: new Set(deadFiles.map((name) => path.join(dir, name))) }).isUncalled(target, 3, 10);
    };
    const bot = "const { getBuffer } = require('./lib/function');\ngetBuffer('https://x.example');\n";
    expect(judged(bot)).toBe(true);
    // Imported and called by a handler, the whole module kept and read by a computed key, or the computed calls in a file that runs: kept.
    expect(judged("const { getTypeUrlMedia } = require('./lib/function');\nbot.on('message', (m) => getTypeUrlMedia(m.url));\n")).toBe(false);
    expect(judged("const fn = require('./lib/function');\nbot.on('message', (m) => fn[m.kind](m.url));\n")).toBe(false);
    expect(judged("const fn = require('./lib/function');\nbot.on('message', (m) => ({ ...fn }));\n")).toBe(false);
    expect(judged(bot, [])).toBe(false);
    // Loaded only by a file that never runs (the row's `index.js` throws at load: it requires a module the
    // tree lacks): no running code holds the object. Named by a file that runs, or an entry itself: kept.
    expect(judged(bot, ['lib/fetch.js', 'index.js'])).toBe(true);
    expect(judged(bot, ['lib/fetch.js', 'index.js'], { 'worker.js': "require(path.join(__dirname, 'lib', 'function.js'));\n" })).toBe(false);
    expect(judged(bot, ['lib/fetch.js', 'index.js'], { 'worker.js': "const fn = require('@/lib/function');\nfn[key]();\n" })).toBe(false);
    expect(judged(bot, ['lib/fetch.js', 'index.js'], { 'package.json': '{ "name": "wa-bot", "main": "lib/function.js" }' })).toBe(false);
  });

  // Session 26 (round 26 corpus: a WhatsApp bot with 70 committed 800 KB Angular bundles in `public/` timed out after 900 s,
  // every bundle parsed twice to place its computed calls): a minified or bundled file is scanned for names, never parsed.
  it('a minified or bundled file is never parsed to place its computed calls: every one counts, and the methods stay', () => {
    const repo = "export class Repo {\n  async createRow(id) {\n    return db.insert(id);\n  }\n}\n";
    const prose = 'export const text = (link) => `_If the link fails try_ [here](${link})`;\n';
    const minified = `var a=${"'x'".repeat(10)};${Array.from({ length: 12 }, (_, i) => `function f${i}(o,k){return o[k](${i})}` + 'var q=1;'.repeat(40)).join('\n')}\n`;
    /** Whether `Repo.createRow` is judged uncalled, and how many name-scan parses it took. */
    const judged = (files: Record<string, string>): [boolean, number] => {
      const dir = temp({ 'repo.js': repo, ...files });
      const all = ['repo.js', ...Object.keys(files)].map((name) => path.join(dir, name));
      const index = uncalledFunctions(all, [all[0]!]);
      return [index.isUncalled(all[0]!, 3, 5), index.work.nameParses];
    };
    // A hand-written file: parsed (string ranges) and its constant keys placed, to find that its match is prose: the methods are judged.
    expect(judged({ 'bot.js': prose })).toEqual([true, 2]);
    // A minified bundle: its computed calls (`o[k](…)`) all count, so every method may be called; nothing parses it.
    expect(judged({ 'bot.js': prose, 'public/main.js': minified })).toEqual([false, 2]);
  });

  it('a Markdown link in a template text (`` `try_ [here](${link})` ``) is no call with a computed key: the class methods are still judged', () => {
    const repo = "export class Repo {\n  async createRow(id) {\n    return db.insert(id);\n  }\n}\n";
    const judged = (bot: string): boolean => {
      const dir = temp({ 'repo.js': repo, 'bot.js': bot });
      const files = ['repo.js', 'bot.js'].map((name) => path.join(dir, name));
      return uncalledFunctions(files, [files[0]!]).isUncalled(files[0]!, 3, 5);
    };
    expect(judged('export const text = (link) => `_If the link fails try_ [here](${link})`;\n')).toBe(true);
    expect(judged("export const text = (link) => '_try_ [here](' + link + ')';\n")).toBe(true);
    // A call with a computed key in the template's interpolation is code: it keeps every method.
    expect(judged('export const text = (repo, name) => `Done: ${repo[name](1)}`;\n')).toBe(false);
  });

  it('a computed key whose values are written in the project (a conditional of string literals, a member of a project enum) reaches only those names', () => {
    const repo = "export class Repo {\n  async createRow(id) {\n    return db.insert(id);\n  }\n}\n";
    const judged = (bot: string, more: Record<string, string> = {}): boolean => {
      const dir = temp({ 'repo.ts': repo, 'bot.ts': bot, ...more });
      const files = ['repo.ts', 'bot.ts', ...Object.keys(more)].map((name) => path.join(dir, name));
      return uncalledFunctions(files, [files[0]!]).isUncalled(files[0]!, 3, 5);
    };
    expect(judged("bot.on('message', (ctx) => ctx[ctx.callbackQuery ? 'editMessageText' : 'reply']('Done'));\n")).toBe(true);
    const mode = "export enum Mode {\n  Image = 'image',\n  Text = 'text',\n}\n";
    expect(judged("import { Mode } from './mode';\nbot.on('message', () => costs[Mode.Image](1));\n", { 'mode.ts': mode })).toBe(true);
    // Naming the method in the conditional keeps it; so does a key of unknown value (an object's property, no enum).
    expect(judged("bot.on('message', (ctx) => repo[ctx.from ? 'createRow' : 'updateRow'](1));\n")).toBe(false);
    expect(judged("bot.on('message', () => costs[config.mode](1));\n")).toBe(false);
    expect(judged("import { Mode } from '@pkg/modes';\nbot.on('message', () => costs[Mode.Image](1));\n")).toBe(false);
    // A key held by a `const` of written strings names only those; a `let`, a parameter shadowing it, or a const of unknown value is any name.
    const method = "const query = (db: Db, single: boolean) => {\n  const method = single ? 'get' : 'all';\n  return db[method]('SELECT 1');\n};\n";
    expect(judged(method)).toBe(true);
    expect(judged(method.replace('const method', 'let method'))).toBe(false);
    expect(judged(`const method = 'get';\nexport const run = (db: Db, method: string) => db[method](1);\n`)).toBe(false);
    expect(judged(method.replace("single ? 'get' : 'all'", "single ? 'get' : config.mode"))).toBe(false);
  });

  it('scans each project file once and parses only the files with findings; with no findings it reads nothing', () => {
    const dir = path.join(root, fixture);
    const files = ['index.ts', 'api.ts', 'commands.ts', 'wallet.ts', 'schedule.yml'].map((name) => path.join(dir, name));
    const index = uncalledFunctions(files, [path.join(dir, 'wallet.ts')]);
    expect(index.work).toEqual({ scans: 5, parses: 1, nameParses: 3, linkReads: 0 });
    expect(index.isUncalled(path.join(dir, 'wallet.ts'), 10, 12)).toBe(true);
    expect(index.isUncalled(path.join(dir, 'wallet.ts'), 5, 12)).toBe(false);
    expect(uncalledFunctions(files, []).work).toEqual({ scans: 0, parses: 0, nameParses: 0, linkReads: 0 });
  });

  describe('dead code the earlier model kept', () => {
    /** Whether the function around `line:column` of `file` is judged uncalled, every file of the tree scanned. */
    const judged = (files: Record<string, string>, file: string, line: number, column = 5): boolean => {
      const dir = temp(files);
      const all = Object.keys(files).map((name) => path.join(dir, name));
      return uncalledFunctions(all, [path.join(dir, file)]).isUncalled(path.join(dir, file), line, column);
    };

    /** A NestJS service implementing a lifecycle hook, with a method `uploadImage` posting (line 7). */
    const nest = (heritage: string): string =>
      `import { Injectable, OnModuleInit } from '@nestjs/common';\n@Injectable()\nexport class MediaService ${heritage} {\n  onModuleInit() {\n  }\n  async uploadImage(body) {\n    return fetch('https://media.example/upload', { method: 'POST', body });\n  }\n}\n`;
    it('a class implementing a lifecycle hook (`implements OnModuleInit`) or an interface of the project is judged; an interface of a package keeps it', () => {
      const bot = "import { MediaService } from './media.service';\nexport const send = (media: MediaService) => media.sendText('hi');\n";
      expect(judged({ 'media.service.ts': nest('implements OnModuleInit'), 'bot.ts': bot }, 'media.service.ts', 7)).toBe(true);
      // Called through the injected service: kept.
      expect(judged({ 'media.service.ts': nest('implements OnModuleInit'), 'bot.ts': `${bot}export default (media: MediaService) => media.uploadImage('x');\n` }, 'media.service.ts', 7)).toBe(false);
      // A project interface names its members (`upload` there is a mention); `uploadImage` is not one of them.
      const uploader = 'export interface Uploader {\n  upload(body: string): Promise<void>;\n}\n';
      const own = nest('implements OnModuleInit, Uploader').replace("'@nestjs/common';", "'@nestjs/common';\nimport { Uploader } from './uploader';").replace('\n  async uploadImage', '\n  async upload() {\n  }\n  async uploadImage');
      expect(judged({ 'media.service.ts': own, 'uploader.ts': uploader, 'bot.ts': bot }, 'media.service.ts', 10)).toBe(true);
      // A package's interface (its members unknown here), a project interface extending one, a qualified name: the framework may call any method.
      expect(judged({ 'media.service.ts': nest('implements OnModuleInit, NestMiddleware').replace('OnModuleInit }', 'OnModuleInit, NestMiddleware }'), 'bot.ts': bot }, 'media.service.ts', 7)).toBe(false);
      expect(judged({ 'media.service.ts': own, 'uploader.ts': uploader.replace('Uploader {', 'Uploader extends NestMiddleware {'), 'bot.ts': bot }, 'media.service.ts', 10)).toBe(false);
      expect(judged({ 'media.service.ts': own.replace("from './uploader'", "from '@media/hooks'"), 'uploader.ts': uploader, 'bot.ts': bot }, 'media.service.ts', 10)).toBe(false);
      expect(judged({ 'media.service.ts': nest('implements nest.OnModuleInit'), 'bot.ts': bot }, 'media.service.ts', 7)).toBe(false);
    });

    /** An object of repository functions; `levelUp` (line 5) posts. */
    const repo = "import axios from 'axios';\nexport const heroRepo = {\n  find: (id: number) => axios.get(`https://db.example/hero/${id}`),\n  async levelUp(id: number) {\n    return axios.post('https://db.example/level', { id });\n  },\n};\n";
    it('an object binding destructured by its own name (`const { heroRepo } = await import(…)`) is no use of it as a whole', () => {
      const lazy = (body: string): string => `export async function show(id: number) {\n  const { heroRepo } = await import('./hero.repository');\n  return heroRepo.${body};\n}\nawait show(1);\n`;
      expect(judged({ 'hero.repository.ts': repo, 'game.ts': lazy('find(id)') }, 'hero.repository.ts', 5)).toBe(true);
      expect(judged({ 'hero.repository.ts': repo, 'game.ts': lazy('levelUp(id)') }, 'hero.repository.ts', 5)).toBe(false);
      // Renamed, or with a default, the local may be used as a whole: kept.
      const renamed = "export async function all() {\n  const { heroRepo: heroes } = await import('./hero.repository');\n  return Object.values(heroes);\n}\n";
      expect(judged({ 'hero.repository.ts': repo, 'game.ts': renamed }, 'hero.repository.ts', 5)).toBe(false);
      const fallback = "export async function all(repos) {\n  const { heroRepo = repos } = await import('./hero.repository');\n  return Object.values(heroRepo);\n}\n";
      expect(judged({ 'hero.repository.ts': repo, 'game.ts': fallback }, 'hero.repository.ts', 5)).toBe(false);
    });

    /** A class with a static method `buyTicket` (line 4) posting. */
    const db = "const axios = require('axios');\nclass Database {\n  static async buyTicket(id) {\n    return axios.post('https://db.example/ticket', { id });\n  }\n  static async getUser(id) {\n    return axios.get('https://db.example/user', { params: { id } });\n  }\n}\nmodule.exports = Database;\n";
    it('a call with a computed key on an array of functions written in place (`attempts[i]()`) reaches no class method', () => {
      const retry = (list: string): string => `const Database = require('./database');\nexports.links = async (id) => {\n  const attempts = ${list};\n  for (let i = 0; i < attempts.length; i++) await attempts[i]();\n  return Database.getUser(id);\n};\n`;
      expect(judged({ 'database.js': db, 'index.js': retry('[\n    () => fetchLinks(id),\n  ]') }, 'database.js', 4)).toBe(true);
      // Called by name: kept.
      expect(judged({ 'database.js': db, 'index.js': `${retry('[() => fetchLinks(id)]')}exports.buy = (id) => Database.buyTicket(id);\n` }, 'database.js', 4)).toBe(false);
      // An array whose elements are not written here, or a receiver of unknown value: any method may be called.
      expect(judged({ 'database.js': db, 'index.js': retry('loadAttempts()') }, 'database.js', 4)).toBe(false);
    });

    /** `module.exports = moonPhase` (`export default`), a function posting on line 3. */
    const moon = "const axios = require('axios');\nconst moonPhase = async (day) => {\n  const { data } = await axios.get(`https://moon.example/${day}`);\n  return data;\n};\nmodule.exports = moonPhase;\n";
    /** A command pattern: the project's own base class calls `execute` by name; the subclass's `execute` dispatches to `buyItem`; `buyPotion` (line 11) posts. */
    const base = "export default abstract class Command {\n  abstract execute(args: string[]): Promise<void>;\n  handle(text: string) {\n    return this.execute(text.split(' '));\n  }\n}\n";
    const adventure = (extra = ''): string =>
      `import axios from 'axios';\nimport Command from './';\nexport class CommandAdventure extends Command {\n  async execute(args: string[]) {\n    if (args[0] === 'b') await this.buyItem(args[1]);${extra}\n  }\n  async buyItem(id: string) {\n    await axios.post('https://shop.example/buy', { id });\n  }\n  async buyPotion(id: string) {\n    await axios.post('https://shop.example/potion', { id });\n  }\n}\n`;
    const registry = "import { CommandAdventure } from './commands/CommandAdventure';\nexport const commands = [new CommandAdventure()];\nfor (const command of commands) command.handle(process.argv[2] ?? '');\n";
    const commandTree = (files: Record<string, string> = {}): Record<string, string> => ({ 'commands/index.ts': base, 'commands/CommandAdventure.ts': adventure(), 'app.ts': registry, ...files });
    it('a method of a subclass of a project class nothing names is uncalled; a base class of a package, a computed call or a call by name keeps it', () => {
      expect(judged(commandTree(), 'commands/CommandAdventure.ts', 11)).toBe(true);
      // The dispatched method is called.
      expect(judged(commandTree(), 'commands/CommandAdventure.ts', 8)).toBe(false);
      // Called by name in the switch: kept.
      expect(judged(commandTree({ 'commands/CommandAdventure.ts': adventure("\n    if (args[0] === 'p') await this.buyPotion(args[1]);") }), 'commands/CommandAdventure.ts', 11)).toBe(false);
      // The base class calls methods with a computed key (`this[name]()`): any method may run.
      const dynamicBase = base.replace("return this.execute(text.split(' '));", "const [name, ...args] = text.split(' ');\n    return this[name](args);");
      expect(judged(commandTree({ 'commands/index.ts': dynamicBase }), 'commands/CommandAdventure.ts', 11)).toBe(false);
      // The base class extends a package's class (its members unknown here), a mixin call, or comes from a package: the package may call any method.
      const packageBase = `import { EventEmitter } from 'node:events';\n${base.replace('class Command {', 'class Command extends EventEmitter {')}`;
      expect(judged(commandTree({ 'commands/index.ts': packageBase }), 'commands/CommandAdventure.ts', 11)).toBe(false);
      const mixin = adventure().replace('extends Command {', 'extends Logged(Command) {');
      expect(judged(commandTree({ 'commands/CommandAdventure.ts': mixin }), 'commands/CommandAdventure.ts', 11)).toBe(false);
      const fromPackage = adventure().replace("import Command from './';", "import { Command } from 'bot-commands';");
      expect(judged(commandTree({ 'commands/CommandAdventure.ts': fromPackage }), 'commands/CommandAdventure.ts', 11)).toBe(false);
      // The base class implements a package's interface: a framework may call any method.
      const hooked = `import type { OnModuleInit as Hook } from '@nestjs/common';\n${base.replace('class Command {', 'class Command implements Hook {')}`;
      expect(judged(commandTree({ 'commands/index.ts': hooked }), 'commands/CommandAdventure.ts', 11)).toBe(false);
    });
    it('a chain of project classes (a named export, a CommonJS `require`, a class of the same file) is followed to its root', () => {
      // Two levels, the middle one a named export: judged.
      const middle = "import Command from './';\nexport class ShopCommand extends Command {\n  price(id: string) {\n    return id.length;\n  }\n}\n";
      const overShop = adventure().replace("import Command from './';", "import { ShopCommand as Command } from './shop';");
      expect(judged(commandTree({ 'commands/shop.ts': middle, 'commands/CommandAdventure.ts': overShop }), 'commands/CommandAdventure.ts', 11)).toBe(true);
      // The root of the chain extends a package's class: kept.
      const packageRoot = `import { EventEmitter } from 'node:events';\n${base.replace('class Command {', 'class Command extends EventEmitter {')}`;
      expect(judged(commandTree({ 'commands/index.ts': packageRoot, 'commands/shop.ts': middle, 'commands/CommandAdventure.ts': overShop }), 'commands/CommandAdventure.ts', 11)).toBe(false);
      // CommonJS: `const Command = require('./command')`, `module.exports = Command`.
      const cjsBase = "class Command {\n  handle(text) {\n    return this.execute(text.split(' '));\n  }\n}\nmodule.exports = Command;\n";
      const cjs = "const axios = require('axios');\nconst Command = require('./command');\nclass Shop extends Command {\n  async execute(args) {\n    return args;\n  }\n  async refund(id) {\n    await axios.post('https://shop.example/refund', { id });\n  }\n}\nmodule.exports = new Shop();\n";
      const cjsApp = "const shop = require('./shop');\nshop.handle(process.argv[2]);\n";
      expect(judged({ 'command.js': cjsBase, 'shop.js': cjs, 'app.js': cjsApp }, 'shop.js', 8)).toBe(true);
      // The export is not the class (`module.exports = { Command: make() }`): kept.
      expect(judged({ 'command.js': cjsBase.replace('module.exports = Command;', 'module.exports = mixin(Command);'), 'shop.js': cjs, 'app.js': cjsApp }, 'shop.js', 8)).toBe(false);
      // The base class in the same file.
      const local = `${cjsBase.replace('module.exports = Command;\n', '')}${cjs.replace("const Command = require('./command');\n", '')}`;
      expect(judged({ 'shop.js': local, 'app.js': cjsApp }, 'shop.js', 12)).toBe(true);
      // The class binding reassigned (`Command = EventEmitter`): its class unknown, kept.
      const reassigned = local.replace('class Shop', "Command = require('node:events');\nclass Shop");
      expect(judged({ 'shop.js': reassigned, 'app.js': cjsApp }, 'shop.js', 13)).toBe(false);
    });

    it('a function a module exports by name (`module.exports = moonPhase`) is judged by its importers: bound and never used, it is uncalled', () => {
      const scene = (body: string): string => `const moonPhase = require('../utils/moon');\nmodule.exports = (bot) => {\n  bot.hears('couple', (ctx) => ctx.reply(${body}));\n};\n`;
      const index = "const couple = require('./scenes/couple');\ncouple(bot);\n";
      expect(judged({ 'utils/moon.js': moon, 'scenes/couple.js': scene("'soon'"), 'index.js': index }, 'utils/moon.js', 3)).toBe(true);
      // Called, or the binding handed on: kept.
      expect(judged({ 'utils/moon.js': moon, 'scenes/couple.js': scene('moonPhase(ctx.day)'), 'index.js': index }, 'utils/moon.js', 3)).toBe(false);
      expect(judged({ 'utils/moon.js': moon, 'scenes/couple.js': `${scene("'soon'")}module.exports.phase = moonPhase;\n`, 'index.js': index }, 'utils/moon.js', 3)).toBe(false);
      // The same with `export default` and a default import.
      const esm = moon.replace("const axios = require('axios');", "import axios from 'axios';").replace('module.exports =', 'export default');
      const esmScene = (body: string): string => `import moonPhase from '../utils/moon.js';\nexport default (bot) => bot.hears('couple', (ctx) => ctx.reply(${body}));\n`;
      expect(judged({ 'utils/moon.js': esm, 'scenes/couple.js': esmScene("'soon'"), 'index.js': index }, 'utils/moon.js', 3)).toBe(true);
      expect(judged({ 'utils/moon.js': esm, 'scenes/couple.js': esmScene('moonPhase(ctx.day)'), 'index.js': index }, 'utils/moon.js', 3)).toBe(false);
      // Nothing loads the module (an entry, or loaded by a runner): kept.
      expect(judged({ 'utils/moon.js': moon, 'index.js': index }, 'utils/moon.js', 3)).toBe(false);
    });

    /** `module.exports = moderatePack` (posting on line 3), re-exported by name through a folder's `index.js` barrel. */
    const moderate = "const axios = require('axios');\nasync function moderatePack(name) {\n  await axios.post('https://mod.example/pack', { name });\n}\nmodule.exports = moderatePack;\n";
    const barrel = "const moderatePack = require('./moderate');\nconst escape = (s) => s;\nmodule.exports = { moderatePack, escape };\n";
    const about = (body: string): string => `const { escape, moderatePack } = require('../utils');\nmodule.exports = (bot) => bot.hears('about', (ctx) => ctx.reply(${body}));\n`;
    it('a function an index barrel re-exports (`module.exports = { moderatePack }`) whose importers only destructure it is uncalled; a call keeps it', () => {
      const tree = (scene: string, extra: Record<string, string> = {}): Record<string, string> => ({
        'package.json': '{ "name": "bot", "scripts": { "start": "node index.js" } }',
        'utils/moderate.js': moderate,
        'utils/index.js': barrel,
        'scenes/about.js': scene,
        'index.js': "const about = require('./scenes/about');\nabout(bot);\n",
        ...extra,
      });
      expect(judged(tree(about("escape('hi')")), 'utils/moderate.js', 3)).toBe(true);
      // Called through the destructured binding, through the barrel's object by key, or in the barrel itself: kept.
      expect(judged(tree(about('moderatePack(ctx.name)')), 'utils/moderate.js', 3)).toBe(false);
      expect(judged(tree("const utils = require('../utils');\nmodule.exports = (bot) => bot.hears('about', (ctx) => utils.moderatePack(ctx.name));\n"), 'utils/moderate.js', 3)).toBe(false);
      expect(judged(tree(about("escape('hi')"), { 'utils/index.js': `${barrel}moderatePack('startup');\n` }), 'utils/moderate.js', 3)).toBe(false);
      // The barrel's object used as a whole, by a file in the folder that names it by `.` (no folder name): kept.
      expect(judged(tree(about("escape('hi')"), { 'utils/list.js': "const all = require('.');\nmodule.exports = () => Object.values(all);\n" }), 'utils/moderate.js', 3)).toBe(false);
      expect(judged(tree("const utils = require('../utils');\nmodule.exports = (bot) => bot.use(utils);\n"), 'utils/moderate.js', 3)).toBe(false);
      // A load by a computed name calls the exports of its own folder's modules only; one that cannot be pinned down may load any.
      const admin = { 'admin/index.js': "module.exports = (bot, right) => bot.use(require(`./rights/${right}`));\n", 'admin/rights/ban.js': 'module.exports = () => {};\n' };
      expect(judged(tree(about("escape('hi')"), admin), 'utils/moderate.js', 3)).toBe(true);
      expect(judged(tree(about("escape('hi')"), { 'admin/index.js': 'module.exports = (bot, name) => bot.use(require(name));\n' }), 'utils/moderate.js', 3)).toBe(false);
      expect(judged(tree(about("escape('hi')"), { 'load.js': "module.exports = (name) => require(`./utils/${name}`);\n" }), 'utils/moderate.js', 3)).toBe(false);
      // Bound under another name in the barrel, whose uses are calls by that name: kept.
      expect(judged(tree(about("escape('hi')"), { 'utils/index.js': "const moderate = require('./moderate');\nmodule.exports = { check: (n) => moderate(n) };\n" }), 'utils/moderate.js', 3)).toBe(false);
    });

    /** A payment module exporting its functions by name and again in a default object; `getSubscription` posts on line 3. */
    const provider = (host: string, tail = ''): string =>
      `import axios from 'axios';\nexport async function getSubscription(id) {\n  return axios.get('https://${host}/sub', { params: { id } });\n}\nexport async function createOrder(id) {\n  return axios.post('https://${host}/order', { id });\n}\n${tail}export default {\n  getSubscription,\n  createOrder,\n};\n`;
    const payBot = (body: string): string => `import PayPal from './paypal.js';\nbot.command('pay', ({ id, name }) => ${body});\n`;
    it('a function a default export object (`export default { getSubscription }`) names is called only through a key its importers read', () => {
      const paypal = provider('paypal.example');
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('PayPal.createOrder(id)') }, 'paypal.js', 3)).toBe(true);
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('PayPal.createOrder(id)') }, 'paypal.js', 6)).toBe(false);
      // Read by key, or named anywhere: kept.
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('PayPal.getSubscription(id)') }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': "import { getSubscription } from './paypal.js';\nbot.command('check', ({ id }) => getSubscription(id));\n" }, 'paypal.js', 3)).toBe(false);
      // The object used as a whole may call any of its functions: enumerated, called by a computed key, handed on, re-exported, its `default` taken as a value.
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('Object.values(PayPal)') }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('PayPal[name](id)') }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('bot.use(PayPal)') }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('PayPal.createOrder(id)'), 'index.js': "export { default as PayPal } from './paypal.js';\n" }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': "import * as payments from './paypal.js';\nbot.command('all', () => Object.values(payments.default));\n" }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': "export const load = () => ({ component: () => import('./paypal.js') });\n" }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': "const { default: pp } = await import('./paypal.js');\nbot.use(pp);\n" }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('PayPal.createOrder(id)'), 'read.js': "export const source = fs.readFileSync('./paypal.js');\n" }, 'paypal.js', 3)).toBe(false);
      // Loads that read no object as a whole: `export *` (no default), a type import, a namespace read by key, the default read by key.
      const readers = {
        'all.js': "export * from './paypal.js';\n",
        'types.ts': "import type PayPalApi from './paypal.js';\nexport type Api = typeof PayPalApi;\n",
        'ns.js': "import * as ns from './paypal.js';\nbot.command('ns', ({ id }) => ns['default'].createOrder(id));\n",
      };
      expect(judged({ 'paypal.js': paypal, 'bot.js': payBot('PayPal.createOrder(id)'), ...readers }, 'paypal.js', 3)).toBe(true);
      // Nothing loads the module (an entry, or loaded by a runner that takes its default export): kept.
      expect(judged({ 'paypal.js': paypal, 'bot.js': '' }, 'paypal.js', 3)).toBe(false);
      // A namespace handed on reaches the object only through `.default`: read by key there (`m.default.PayPal`), it uses none of it.
      const hub = "import * as PayPal from './paypal.js';\nexport default { PayPal };\n";
      const server = "export async function webhook(body) {\n  const payments = await import('./hub.js');\n  const PayPal = payments.default.PayPal;\n  return PayPal.createOrder(body.id);\n}\nawait webhook({});\n";
      expect(judged({ 'paypal.js': paypal, 'hub.js': hub, 'server.js': server }, 'paypal.js', 3)).toBe(true);
      // The same with `module.exports = { … }` and `require`.
      const cjs = provider('paypal.example').replace("import axios from 'axios';", "const axios = require('axios');").replace(/export async function/g, 'async function').replace('export default', 'module.exports =');
      expect(judged({ 'paypal.js': cjs, 'bot.js': "const paypal = require('./paypal');\nbot.command('pay', ({ id }) => paypal.createOrder(id));\n" }, 'paypal.js', 3)).toBe(true);
      expect(judged({ 'paypal.js': cjs, 'bot.js': "const paypal = require('./paypal');\nexports.pay = () => bot.use(paypal);\n" }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': cjs, 'bot.js': "exports.pay = () => bot.use(require('./paypal'));\n" }, 'paypal.js', 3)).toBe(false);
      expect(judged({ 'paypal.js': cjs, 'bot.js': "bot.command('pay', ({ id }) => require('./paypal').createOrder(id));\n" }, 'paypal.js', 3)).toBe(true);
    });

    it("another module's own function of the same name (`getSubscription(id)` there) does not keep it; the two provider modules do not keep each other", () => {
      const mercado = provider('mercado.example', 'export async function processWebhook(n) {\n  return getSubscription(n.id);\n}\n').replace('createOrder,\n', 'createOrder,\n  processWebhook,\n');
      const bot = "import PayPal from './paypal.js';\nimport MercadoPago from './mercadopago.js';\nbot.command('pay', ({ id }) => PayPal.createOrder(id));\nbot.on('hook', (n) => MercadoPago.processWebhook(n));\n";
      const files = { 'paypal.js': provider('paypal.example'), 'mercadopago.js': mercado, 'bot.js': bot };
      expect(judged(files, 'paypal.js', 3)).toBe(true);
      expect(judged(files, 'mercadopago.js', 3)).toBe(false);
      // A local of that name bound from elsewhere (`const { getSubscription } = PayPal`) is a use of this one.
      const destructured = mercado.replace('export async function processWebhook(n) {\n', 'export async function processWebhook(n) {\n  const { getSubscription } = PayPal;\n').replace("import axios from 'axios';", "import axios from 'axios';\nimport PayPal from './paypal.js';");
      expect(judged({ ...files, 'mercadopago.js': destructured }, 'paypal.js', 3)).toBe(false);
    });

    /** Two modules each with their own `deleteFile` (line 3), posting; only the second calls its own. */
    const cleanup = (tail = ''): string => `const axios = require('axios');\nasync function deleteFile(p) {\n  await axios.post('https://files.example/delete', { p });\n}\n${tail}`;
    it("a module's function it does not export is called only from its own file: another module's function of the same name does not keep it", () => {
      const voice = cleanup('exports.play = async (p) => {\n  await deleteFile(p);\n};\n');
      expect(judged({ 'scl.js': cleanup('exports.search = async () => [];\n'), 'voice.js': voice }, 'scl.js', 3)).toBe(true);
      expect(judged({ 'scl.js': cleanup('exports.search = async () => [];\n'), 'voice.js': voice }, 'voice.js', 3)).toBe(false);
      // Exported (by its own file, or by `export`), or a script without modules whose functions are globals: another file may call it.
      expect(judged({ 'scl.js': cleanup('module.exports = { deleteFile };\n'), 'voice.js': voice }, 'scl.js', 3)).toBe(false);
      const esm = "import axios from 'axios';\nexport async function deleteFile(p) {\n  await axios.post('https://files.example/delete', { p });\n}\n";
      // Exported, but the only other mention is a module's call of its own function of that name: uncalled; imported by name elsewhere: kept.
      expect(judged({ 'scl.js': esm, 'voice.js': voice }, 'scl.js', 3)).toBe(true);
      expect(judged({ 'scl.js': esm, 'voice.js': voice, 'tts.js': "const { deleteFile } = require('./scl');\nexports.clean = (p) => deleteFile(p);\n" }, 'scl.js', 3)).toBe(false);
      const script = "async function deleteFile(p) {\n  await fetch('https://files.example/delete', { method: 'POST', body: p });\n  await fetch('https://files.example/log');\n}\n";
      expect(judged({ 'public/a.js': script, 'public/b.js': 'document.body.onclick = () => deleteFile(window.exports.file);\n' }, 'public/a.js', 3)).toBe(false);
    });

    /** An SMS module exporting its functions in `module.exports = { … }`; `sendSms` posts on line 6. */
    const sms = "const axios = require('axios');\nasync function getToken() {\n  return axios.post('https://sms.example/login', {});\n}\nasync function sendSms(to, text) {\n  return axios.post('https://sms.example/send', { to, text });\n}\nmodule.exports = { getToken, sendSms };\n";
    const route = (body: string): string => `const { sendSms, getToken } = require('../utils/sendSms');\nmodule.exports = (app) => app.post('/code', async (req) => {\n  const token = await getToken();\n  ${body}\n});\n`;
    it("a `default` taken from a package (`const { default: mongoose } = require('mongoose')`) takes no project module's object as a whole, and a load's path (`require('../utils/sendSms')`) calls no function of that name: the commented-out calls leave `sendSms` uncalled", () => {
      const tree = (body: string, model: string): Record<string, string> => ({
        'package.json': '{ "name": "server", "scripts": { "start": "node index.js" }, "dependencies": { "mongoose": "8" } }',
        'utils/sendSms.js': sms,
        'routes/code.js': route(body),
        'models/user.js': model,
        'index.js': "require('./routes/code')(app);\nrequire('./models/user');\n",
      });
      const mongoose = "const { Schema, default: mongoose } = require('mongoose');\nmodule.exports = mongoose.model('User', new Schema({}));\n";
      expect(judged(tree('// await sendSms(token, req.body.phone);', mongoose), 'utils/sendSms.js', 6)).toBe(true);
      expect(judged(tree('// await sendSms(token, req.body.phone);', "const mongoose = require('mongoose').default;\nmodule.exports = mongoose;\n"), 'utils/sendSms.js', 6)).toBe(true);
      // A module whose own export is the function: its load's path names it.
      const own = { 'utils/sendSms.js': sms.replace('module.exports = { getToken, sendSms };', 'module.exports = sendSms;') };
      expect(judged({ ...tree('', mongoose), ...own, 'routes/code.js': "module.exports = (app) => app.post('/code', (req) => require('../utils/sendSms')(req.body.phone));\n" }, 'utils/sendSms.js', 6)).toBe(false);
      // A live call keeps it; so does a `default` taken from a project module, or from a name no dependency declares (an alias may be the project's).
      expect(judged(tree('await sendSms(token, req.body.phone);', mongoose), 'utils/sendSms.js', 6)).toBe(false);
      expect(judged(tree('// await sendSms(token, req.body.phone);', "const { default: all } = require('../utils/sendSms');\nmodule.exports = all;\n"), 'utils/sendSms.js', 6)).toBe(false);
      expect(judged(tree('// await sendSms(token, req.body.phone);', "const { default: all } = require('@app/sms');\nmodule.exports = all;\n"), 'utils/sendSms.js', 6)).toBe(false);
    });

    /** `Transfer.sendBatch` → `Payout.sendBatch` (posting on line 4), with the endpoint written under the same key in a typed table. */
    const payout = "import axios from 'axios';\nimport { endpoints } from './endpoints.js';\nexport class Payout {\n  async sendBatch(body: unknown) {\n    return axios.post(endpoints.transfers.sendBatch.url, body);\n  }\n  async balance() {\n    return axios.get(endpoints.wallet.balance.url);\n  }\n}\n";
    const transfer = "import { Payout } from './payout.js';\nexport class Transfer {\n  payout = new Payout();\n  async sendBatch(body: unknown) {\n    return this.payout.sendBatch(body);\n  }\n  async balance() {\n    return this.payout.balance();\n  }\n}\n";
    const endpoints = "interface Endpoint { url: string }\ninterface Transfers {\n  sendBatch: Endpoint;\n}\ntype Wallet = { balance: Endpoint };\nexport const endpoints: { transfers: Transfers; wallet: Wallet } = {\n  transfers: { sendBatch: { url: '/transfers/batch' } },\n  wallet: { balance: { url: '/wallet' } },\n};\n";
    it('a key of a data property or of a type member (`sendBatch: { url }`, `sendBatch: Endpoint;`) calls nothing: a method only a dead method calls is uncalled', () => {
      const tree = (bot: string): Record<string, string> => ({ 'package.json': '{ "name": "bot", "scripts": { "start": "tsx bot.ts" } }', 'payout.ts': payout, 'transfer.ts': transfer, 'endpoints.ts': endpoints, 'bot.ts': bot });
      const bot = "import { Transfer } from './transfer.js';\nconst transfer = new Transfer();\nbot.command('balance', async (ctx) => ctx.reply(String(await transfer.balance())));\n";
      expect(judged(tree(bot), 'payout.ts', 5)).toBe(true);
      expect(judged(tree(bot), 'payout.ts', 8)).toBe(false);
      // Called by the bot, or read by a destructuring key (`const { sendBatch: send } = transfer`): kept.
      expect(judged(tree(`${bot}bot.command('batch', (ctx) => transfer.sendBatch(ctx.payload));\n`), 'payout.ts', 5)).toBe(false);
      expect(judged(tree(`${bot}const { sendBatch: send } = transfer;\nbot.command('batch', (ctx) => send(ctx.payload));\n`), 'payout.ts', 5)).toBe(false);
      // A type member that may hold a function (`sendBatch: (body: unknown) => Promise<void>;`, a generic or imported type) may be what calls it: kept.
      const typed = (member: string): Record<string, string> => ({ ...tree(bot), 'endpoints.ts': endpoints.replace('  sendBatch: Endpoint;', `  sendBatch: ${member};`) });
      expect(judged(typed('(body: unknown) => Promise<void>'), 'payout.ts', 5)).toBe(false);
      expect(judged(typed('Remote<Endpoint>'), 'payout.ts', 5)).toBe(false);
      // An interface merged with a declaration that has a method may be called.
      expect(judged({ ...tree(bot), 'endpoints.ts': `interface Endpoint {\n  (): void;\n}\n${endpoints}` }, 'payout.ts', 5)).toBe(false);
    });
  });
});
