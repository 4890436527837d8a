import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as parser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { walkSameFunction, isFunction, type FunctionNode } from '../../src/analysis/ast/index.js';
import { getFrameworkModel, type FrameworkModel } from '../../src/analysis/framework/index.js';
import { sourceCodeOf } from './source-code.js';

/** Lints `code` with a probe rule and returns the model of its file (parents set, scopes built). */
export function model(code: string, filename = 'file.ts'): { model: FrameworkModel; ast: TSESTree.Program } {
  let result: { model: FrameworkModel; ast: TSESTree.Program } | undefined;
  const linter = new TSESLint.Linter({ configType: 'flat' });
  const probe: TSESLint.RuleModule<string> = {
    meta: { type: 'problem', schema: [], messages: {} },
    defaultOptions: [],
    create(context) {
      return {
        'Program:exit'(node: TSESTree.Program) {
          result = { model: getFrameworkModel(context.sourceCode), ast: node };
        },
      };
    },
  };
  const messages = linter.verify(code, [
    { files: ['**/*.ts', '**/*.js'], languageOptions: { parser }, plugins: { probe: { rules: { probe } } }, rules: { 'probe/probe': 'error' } },
  ], filename);
  if (!result) throw new Error(messages.map((message) => message.message).join('\n'));
  return result;
}

function functions(ast: TSESTree.Program): FunctionNode[] {
  const found: FunctionNode[] = [];
  walkSameFunction(ast, (node) => void (isFunction(node) && found.push(node)), { enterFunctions: true });
  return found;
}

function findAll<T extends TSESTree.Node>(ast: TSESTree.Program, type: AST_NODE_TYPES): T[] {
  const found: T[] = [];
  walkSameFunction(ast, (node) => void (node.type === type && found.push(node as T)), { enterFunctions: true });
  return found;
}

describe('framework model', () => {
  it('recognises bots by import and creation', () => {
    const { model: m } = model(`
      import { Bot, Composer } from 'grammy';
      const { Telegraf } = require('telegraf');
      import TelegramBot from 'node-telegram-bot-api';
      const bot = new Bot('t');
      const composer = new Composer();
      const tg = new Telegraf('t');
      const a = new TelegramBot('t', { polling: true });
      const b = new TelegramBot('t');
      const c = new TelegramBot('t', { ...opts });
      class X { bot = new Bot('t'); }
      const map = new Map();
    `);
    expect(m.bots.map((bot) => [bot.framework, bot.kind, bot.className, bot.polling, bot.variable?.name ?? bot.memberPath])).toEqual([
      ['grammy', 'bot', 'Bot', null, 'bot'],
      ['grammy', 'composer', 'Composer', null, 'composer'],
      ['telegraf', 'bot', 'Telegraf', null, 'tg'],
      ['ntba', 'bot', 'TelegramBot', true, 'a'],
      ['ntba', 'bot', 'TelegramBot', false, 'b'],
      ['ntba', 'bot', 'TelegramBot', null, 'c'],
      ['grammy', 'bot', 'Bot', null, 'this.bot'],
    ]);
  });

  it('finds registrations, handlers and guarantees', () => {
    const { model: m, ast } = model(`
      import { Bot } from 'grammy';
      const bot = new Bot('t');
      bot.on('message:text', (ctx) => ctx.message.text);
      bot.command('start', handleStart);
      function handleStart(ctx) { return ctx.from; }
      bot.callbackQuery(/x/, async ({ callbackQuery: { data } }) => data);
    `);
    expect(m.registrations.map((r) => [r.method, r.filters, r.handlers.length])).toEqual([
      ['on', ['message:text'], 1],
      ['command', ['start'], 1],
      ['callbackQuery', ['x'], 1],
    ]);
    expect([...m.registrations[0]!.guarantees!].sort()).toContain('message.text');
    const fns = functions(ast);
    expect(fns.map((fn) => m.getHandler(fn)?.entries[0]?.kind)).toEqual(['registration', 'registration', 'registration']);
    const members = findAll<TSESTree.MemberExpression>(ast, AST_NODE_TYPES.MemberExpression);
    const text = members.find((node) => node.property.type === AST_NODE_TYPES.Identifier && node.property.name === 'text')!;
    expect(m.resolveContextPath(text)?.path).toEqual(['message', 'text']);
    expect(m.getUserTextSource(text)?.kind).toBe('messageText');
    const data = findAll<TSESTree.Identifier>(ast, AST_NODE_TYPES.Identifier).filter((node) => node.name === 'data').at(-1)!;
    expect(m.resolveContextPath(data)?.path).toEqual(['callbackQuery', 'data']);
    expect(m.getUserTextSource(data)?.kind).toBe('callbackData');
  });
});

function handlerOf(code: string, index = 0, filename = 'file.ts') {
  const { model: m, ast } = model(code, filename);
  const fn = functions(ast)[index]!;
  return { m, ast, handler: m.getHandler(fn) };
}

function pathsOf(code: string, name: string, filename = 'file.ts'): (readonly string[] | null)[] {
  const { model: m, ast } = model(code, filename);
  return findAll<TSESTree.Identifier>(ast, AST_NODE_TYPES.Identifier)
    .filter((node) => node.name === name && node.parent.type !== AST_NODE_TYPES.Property)
    .map((node) => m.resolveContextPath(node)?.path ?? null);
}

describe('framework imports', () => {
  it.each([
    ["import * as g from 'grammy';\nconst bot = new g.Bot('t');", 'grammy', 'Bot'],
    ["import { Bot as B } from 'grammy';\nconst bot = new B('t');", 'grammy', 'Bot'],
    ["import { Bot } from 'https://deno.land/x/grammy@v1.30.0/mod.ts';\nconst bot = new Bot('t');", 'grammy', 'Bot'],
    ["const Telegraf = require('telegraf');\nconst bot = new Telegraf('t');", 'telegraf', 'Telegraf'],
    ["const Telegraf = require('telegraf').Telegraf;\nconst bot = new Telegraf('t');", 'telegraf', 'Telegraf'],
    ["const Scene = require('telegraf/scenes/base');\nconst s = new Scene('x');", 'telegraf', 'BaseScene'],
    ["import telegraf = require('telegraf');\nconst bot = new telegraf.Telegraf('t');", 'telegraf', 'Telegraf'],
    ["const { Telegraf: T = X, ['x']: y } = require('telegraf');\nconst bot = new T('t');", 'telegraf', 'Telegraf'],
    ["import { Scenes } from 'telegraf';\nconst s = new Scenes.WizardScene('x');", 'telegraf', 'WizardScene'],
    ["const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot('t', { polling: { interval: 300 } });", 'ntba', 'TelegramBot'],
    ["import * as TelegramBot from 'node-telegram-bot-api';\nconst bot = new TelegramBot('t', { 'polling': false });", 'ntba', 'TelegramBot'],
  ])('%s', (code, framework, className) => {
    const { model: m } = model(code);
    expect(m.bots.map((bot) => [bot.framework, bot.className])).toEqual([[framework, className]]);
  });

  it('ignores other modules, shadowed names and unknown shapes', () => {
    const { model: m } = model(`
      import { Bot } from './bot';
      import grammy from 'grammy';
      import * as g from 'grammy';
      const other = require(name);
      const nested = require('grammy').x.y;
      let late;
      late = require('telegraf');
      function f(Bot) { return new Bot(); }
      new grammy();
      new g();
      new g[x]();
      new (get())();
    `);
    expect(m.bots).toEqual([]);
    expect(m.frameworks).toEqual(new Set(['grammy']));
    expect(m.resolveFrameworkName(findAll<TSESTree.NewExpression>(model('new X()').ast, AST_NODE_TYPES.NewExpression)[0]!.callee)).toBeNull();
  });

  it('tells NTBA polling options apart', () => {
    const { model: m } = model(`
      import TelegramBot from 'node-telegram-bot-api';
      const a = new TelegramBot('t', { polling: 1 });
      const b = new TelegramBot('t', { polling: null });
      const c = new TelegramBot('t', { polling: flag });
      const d = new TelegramBot('t', options);
      const e = new TelegramBot('t', { [key]: true, webHook: true });
      let f; f = new TelegramBot('t', { polling: true } as const);
      holder.bot = new TelegramBot('t');
    `);
    expect(m.bots.map((bot) => bot.polling)).toEqual([true, false, null, null, false, true, false]);
    expect(m.bots.map((bot) => bot.variable?.name ?? bot.memberPath)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'holder.bot']);
  });
});

describe('bots and registrations', () => {
  it('ties a bot behind a hot-reload cache of the global object to its variable', () => {
    const { model: m } = model(`
      import { Bot } from 'grammy';
      let bot;
      bot = global.botInstance || new Bot('t');
      const other = globalThis.other ?? new Bot('u');
      const local = cache.bot || new Bot('v');
      const both = global.x && new Bot('w');
    `);
    expect(m.bots.map((bot) => [bot.variable?.name ?? null, bot.cachedIn])).toEqual([
      ['bot', 'botInstance'],
      ['other', 'other'],
      [null, null],
      [null, null],
    ]);
  });

  it('follows bots through aliases, members, types and chains', () => {
    const { model: m } = model(`
      import { Bot, Composer } from 'grammy';
      import type { Bot as BotType } from 'grammy';
      class App {
        bot: Bot;
        constructor() { this.bot = new Bot('t'); }
        register() { this.bot.on('message', (ctx) => ctx.message.text); }
      }
      const bot = new Bot('t');
      const alias = bot;
      alias.command('a', (ctx) => ctx.match);
      function register(b: BotType, c: Composer<any>, d: Other, e) {
        b.command('b', (ctx) => ctx.match);
        c.use((ctx) => ctx);
        d.command('c', (ctx) => ctx);
      }
      new Composer().on('message').command('d', (ctx) => ctx);
      bot.on('message').filter(f).command('e', (ctx) => ctx);
      bot.on('message').unknown().command('f', (ctx) => ctx);
      bot.command('g');
      bot[method]('x', (ctx) => ctx);
      bot.catch((err) => err);
      bot.start();
    `);
    expect(m.registrations.map((r) => [r.method, r.receiver?.kind ?? null, r.guarantees === null ? null : r.guarantees.size > 0])).toEqual([
      ['on', 'bot', true],
      ['command', 'bot', true],
      ['command', 'bot', true],
      ['use', 'composer', false],
      ['command', 'composer', true],
      ['command', 'composer', null],
    ]);
    const instance = m.bots.find((bot) => bot.variable?.name === 'bot')!;
    expect(m.callsOn(instance).map((call) => (call.callee as TSESTree.MemberExpression).property)).toHaveLength(7);
    expect(m.resolveBot(findAll<TSESTree.Identifier>(model('x').ast, AST_NODE_TYPES.Identifier)[0]!)).toBeNull();
  });

  it('maps Telegraf filters and methods', () => {
    const { model: m } = model(`
      import { Telegraf } from 'telegraf';
      import { message, callbackQuery, channelPost } from 'telegraf/filters';
      const bot = new Telegraf('t');
      bot.on(['message', 'edited_message'], (ctx) => ctx);
      bot.on(message('text', 'entities'), (ctx) => ctx);
      bot.on([message('photo'), channelPost('photo')], (ctx) => ctx);
      bot.on(callbackQuery('data'), (ctx) => ctx);
      bot.on(message(key), (ctx) => ctx);
      bot.on(other('x'), (ctx) => ctx);
      bot.on([...list], (ctx) => ctx);
      bot.on(dynamic, (ctx) => ctx);
      bot.on(getFilter()(), (ctx) => ctx);
      bot.on('photo', (ctx) => ctx);
      bot.on('poll', (ctx) => ctx);
      bot.gameQuery((ctx) => ctx);
      bot.mention('me', (ctx) => ctx);
      bot.inlineQuery(/x/, (ctx) => ctx);
      bot.reaction('👍', (ctx) => ctx);
      bot.chatType('private', (ctx) => ctx);
      bot.guard(isText, (ctx) => ctx);
    `);
    const summary = m.registrations.map((r) => (r.guarantees === null ? null : [...r.guarantees].sort().join(' ')));
    expect(summary[0]).toBe('chat from msg msg.chat msg.from');
    expect(summary[1]).toContain('message.text');
    expect(summary[2]).toBe('chat msg msg.chat msg.photo');
    expect(summary[3]).toBe('callbackQuery callbackQuery.data callbackQuery.from from');
    expect(summary.slice(4, 9)).toEqual([null, null, null, null, null]);
    expect(summary[9]).toContain('message.photo');
    expect(summary[10]).toBe('poll');
    expect(summary[11]).toContain('callbackQuery.game_short_name');
    expect(summary[12]).toContain('match');
    expect(summary[13]).toContain('inlineQuery.from');
    expect(summary[14]).toContain('messageReaction');
    expect(summary[15]).toBe('chat');
    expect(summary[16]).toBeNull();
  });

  it('maps node-telegram-bot-api events', () => {
    const { model: m, ast } = model(`
      import TelegramBot from 'node-telegram-bot-api';
      const bot = new TelegramBot('t', { polling: true });
      bot.on('photo', (msg) => msg);
      bot.on('edited_message_text', (msg) => msg);
      bot.once('inline_query', (query) => query);
      bot.on('callback_query', function (query) { return query; });
      bot.on(eventName, (x) => x);
      bot.on('polling_error', (e) => e);
      bot.onText(/x/, (msg, match) => match);
      bot.onReplyToMessage(1, 2, (msg) => msg);
    `);
    expect(m.registrations.map((r) => r.method)).toEqual(['on', 'on', 'once', 'on', 'onText', 'onReplyToMessage']);
    const bases = functions(ast).map((fn) => m.getHandler(fn)?.parameters.map((p) => p.base.join('.')) ?? null);
    expect(bases).toEqual([['message'], ['editedMessage'], ['inlineQuery'], ['callbackQuery'], null, null, ['message', 'match'], ['message']]);
  });
});

describe('handlers', () => {
  it.each([
    ["import type { Context } from 'grammy';\nfunction f(c: Context) {}", 'typed', null],
    ["import type { HearsContext, Context } from 'grammy';\nfunction f(c: HearsContext<Context>) {}", 'typed', 'match'],
    ["import type { Filter, Context } from 'grammy';\nfunction f(c: Filter<Context, Q>) {}", 'typed', null],
    ["import type { Context } from 'grammy';\nfunction f(c: Context | undefined) {}", 'typed', null],
    ["import type { Context } from 'grammy';\nfunction f(c = fallback as Context) {}", null, null],
    ["import type { Context } from 'telegraf';\ninterface My extends Context { x: 1 }\nfunction f(c: My) {}", 'typed', null],
    ["import * as tg from 'telegraf';\ninterface My extends tg.Context { x: 1 }\nfunction f(c: My) {}", 'typed', null],
    ["import type { Context } from 'grammy';\ninterface My extends Base<X> {}\nfunction f(c: My) {}", null, null],
    ["import type { Context } from 'grammy';\ntype A = B; type B = C; type C = D; type D = Context;\nfunction f(c: A) {}", null, null],
    ["import type { Context } from 'grammy';\nfunction f(c: ns.Context) {}", null, null],
    ["import type { Context } from 'grammy';\nfunction f(c: { x: 1 }) {}", null, null],
    ["import { Bot } from 'grammy';\nfunction f(ctx) {}", 'named', null],
    ["import { Bot } from 'grammy';\nfunction f(context) {}", null, null],
    ["import { Bot } from 'grammy';\nfunction f() {}", null, null],
    ["import TelegramBot from 'node-telegram-bot-api';\nfunction f(ctx) {}", null, null],
  ])('%s', (code, kind, guaranteed) => {
    const { handler } = handlerOf(code);
    expect(handler?.entries[0]?.kind ?? null).toBe(kind);
    if (guaranteed) {
      const entry = handler!.entries[0] as { guarantees: ReadonlySet<string> };
      expect(entry.guarantees.has(guaranteed)).toBe(true);
    }
  });

  it('reaches functions through calls, and stops at recursion', () => {
    const { m, ast } = handlerOf(`
      import { Bot } from 'grammy';
      const bot = new Bot('t');
      function helper(a, ctx, text) { return helper(a, ctx, text); }
      bot.on('message', (ctx) => helper(1, ctx, ctx.message.text, ...rest));
      const other = function (x) {};
      other(...args);
    `);
    const helper = m.getHandler(functions(ast)[0]!)!;
    expect(helper.entries.map((entry) => entry.kind)).toEqual(['call', 'call']);
    expect(helper.parameters.map((p) => p.base.join('.'))).toEqual(['', 'message.text']);
    expect(m.getHandler(functions(ast)[2]!)).toBeNull();
  });
});

describe('context paths and user text', () => {
  it('follows aliases and destructuring', () => {
    expect(
      pathsOf(
        `import { Bot } from 'grammy';
        const bot = new Bot('t');
        bot.on('message', ({ message: { text: t }, from: [first], chat: { ...rest } }) => { t; first; rest; });
        bot.on('message', (ctx) => { const { text: t } = ctx.update.message; let u = ctx.from; u = null; t; u; });`,
        't',
      ),
    ).toEqual([['message', 'text'], ['message', 'text']]);
  });

  it('finds user-controlled text', () => {
    const { model: m, ast } = model(`
      import { Telegraf } from 'telegraf';
      const bot = new Telegraf('t');
      bot.command('x', (ctx) => [ctx.payload, ctx.args[0], ctx.text, ctx.inlineQuery.query, ctx.msg.caption, ctx.match[1], ctx.callbackQuery.data, ctx.from.id, ctx.message.text.length, ctx[key]]);
    `);
    const array = findAll<TSESTree.ArrayExpression>(ast, AST_NODE_TYPES.ArrayExpression)[0]!;
    expect(array.elements.map((element) => m.getUserTextSource(element!)?.kind ?? null)).toEqual([
      'commandArguments',
      'commandArguments',
      'messageText',
      'inlineQuery',
      'messageText',
      'match',
      'callbackData',
      null,
      null,
      null,
    ]);
  });

  it('finds NTBA text and match', () => {
    const { model: m, ast } = model(`
      import TelegramBot from 'node-telegram-bot-api';
      const bot = new TelegramBot('t');
      bot.onText(/a (.+)/, (msg, match) => [msg.text, match[1], match]);
    `);
    const array = findAll<TSESTree.ArrayExpression>(ast, AST_NODE_TYPES.ArrayExpression)[0]!;
    expect(array.elements.map((element) => m.getUserTextSource(element!)?.kind ?? null)).toEqual(['messageText', 'match', 'match']);
  });
});

describe('allowedUpdates', () => {
  const GRAMMY = "import { Bot } from 'grammy';\nconst bot = new Bot('t');\n";
  it('reads the lists of the file: literals, const arrays, spreads, JSON.stringify; their union', () => {
    const { model: m } = model(`${GRAMMY}const base = ['message'] as const;\nbot.start({ allowed_updates: [...base, 'callback_query'] });\nfetch(u, { body: { allowed_updates: JSON.stringify(['chat_member']) } });`);
    expect([...(m.allowedUpdates() ?? [])].sort()).toEqual(['callback_query', 'chat_member', 'message']);
  });
  it('is unknown without a list, with an unreadable one or an empty one', () => {
    expect(model(`${GRAMMY}bot.start();`).model.allowedUpdates()).toBeNull();
    expect(model(`${GRAMMY}bot.start({ allowed_updates: ['message'] });\nbot.api.setWebhook(u, { allowed_updates: config.updates });`).model.allowedUpdates()).toBeNull();
    expect(model(`${GRAMMY}bot.start({ allowed_updates: [] });`).model.allowedUpdates()).toBeNull();
  });
});

describe('framework bindings: members of a namespace export', () => {
  it('binds a member destructured or read from a framework namespace by its own name', () => {
    const { model: m } = model(
      "const { Scenes, Telegraf } = require('telegraf');\nconst { BaseScene, WizardScene: Wizard, ...rest } = Scenes;\nexport const Stage = (Scenes).Stage;\nconst Other = Scenes[key];\nlet later;\nconst { x } = other;\nconst [first] = Scenes;\nconst Local = other.y;\n",
    );
    const imported = (name: string): string | undefined => m.bindings.get(name)?.imported;
    expect([imported('BaseScene'), imported('Wizard'), imported('Stage')]).toEqual(['BaseScene', 'WizardScene', 'Stage']);
    expect([imported('rest'), imported('Other'), imported('later'), imported('x'), imported('first'), imported('Local')]).toEqual(Array(6).fill(undefined));
  });
});

// Issue 15: a bot created in another module of the bot project and imported here.
describe('framework model: bots imported from another project module', () => {
  function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-imported-bot-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1' } }));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }
  const BOT = "import { Bot, Composer } from 'grammy';\nexport const bot = new Bot('t');\nexport const admin = new Composer();\nexport const db = new Map();\n";
  const COMMANDS = "import { bot, admin, db } from './bot';\nbot.command('x', (ctx) => ctx.reply('x'));\nadmin.on('message', (ctx) => ctx.reply('y'));\ndb.on('message', (ctx) => ctx.reply('z'));\n";

  it('resolves the imported bot and composer once the model has the filename (built again after a first ask without it)', () => {
    const dir = project({ 'bot.ts': BOT, 'commands.ts': COMMANDS });
    const sourceCode = sourceCodeOf(COMMANDS);
    const first = getFrameworkModel(sourceCode);
    expect(first.importedBots.size).toBe(0);
    expect(first.registrations).toHaveLength(0);
    const model = getFrameworkModel(sourceCode, path.join(dir, 'commands.ts'));
    expect([...model.importedBots.keys()]).toEqual(['bot', 'admin']);
    expect(model.importedBots.get('bot')).toEqual({ framework: 'grammy', kind: 'bot', className: 'Bot', filename: path.join(dir, 'bot.ts'), exported: 'bot', pollsOnly: false });
    expect([...model.frameworks]).toEqual(['grammy']);
    expect(model.registrations.map((registration) => [registration.method, registration.receiver?.kind, registration.receiver?.instance])).toEqual([
      ['command', 'bot', null],
      ['on', 'composer', null],
    ]);
    expect(getFrameworkModel(sourceCode, path.join(dir, 'commands.ts'))).toBe(model);
  });

  it('resolves a bot imported through a tsconfig paths alias, not an alias no file answers', () => {
    const code = (from: string): string => `import { bot } from '${from}';\nbot.command('x', (ctx) => ctx.reply('x'));\n`;
    const dir = project({ 'bot.ts': BOT, 'commands.ts': code('@app/bot'), 'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@app/*': ['./*'] } } }) });
    const model = getFrameworkModel(sourceCodeOf(code('@app/bot')), path.join(dir, 'commands.ts'));
    expect(model.importedBots.get('bot')?.filename).toBe(path.join(dir, 'bot.ts'));
    expect(getFrameworkModel(sourceCodeOf(code('@app/none')), path.join(dir, 'commands.ts')).importedBots.size).toBe(0);
  });

  it('follows no re-export and no namespace member', () => {
    const reexport = "import { bot } from './bot';\nexport { bot };\n";
    const code = "import { bot } from './index';\nimport * as all from './bot';\nbot.command('x', (ctx) => ctx.reply('x'));\nall.bot.command('y', (ctx) => ctx.reply('y'));\n";
    const dir = project({ 'bot.ts': BOT, 'index.ts': reexport, 'commands.ts': code });
    const model = getFrameworkModel(sourceCodeOf(code), path.join(dir, 'commands.ts'));
    expect(model.importedBots.size).toBe(0);
    expect(model.frameworks.size).toBe(0);
  });

  it('stops on a module cycle: each file reads the other once', () => {
    const a = "import { Bot } from 'grammy';\nimport { helper } from './b';\nexport const bot = new Bot('t');\nhelper.command('a', (ctx) => ctx.reply('a'));\n";
    const b = "import { Composer } from 'grammy';\nimport { bot } from './a';\nexport const helper = new Composer();\nbot.command('b', (ctx) => ctx.reply('b'));\n";
    const dir = project({ 'a.ts': a, 'b.ts': b });
    const modelA = getFrameworkModel(sourceCodeOf(a), path.join(dir, 'a.ts'));
    const modelB = getFrameworkModel(sourceCodeOf(b), path.join(dir, 'b.ts'));
    expect(modelA.registrations.map((registration) => registration.receiver?.imported?.exported)).toEqual(['helper']);
    expect(modelB.registrations.map((registration) => registration.receiver?.imported?.exported)).toEqual(['bot']);
  });
});

describe('framework model: nestjs-telegraf', () => {
  it('takes a method decorated `@Action(trigger)`, `@Start()`… whose first parameter is `@Ctx()` for a Telegraf registration', () => {
    const { model: m } = model(`
      import { Action, Ctx, Hears, Message, Start, Update } from 'nestjs-telegraf';
      import { Context } from 'telegraf';
      @Update()
      export class PagesUpdate {
        @Action(/^page-\\d+$/) async page(@Ctx() ctx: Context) { return ctx.match; }
        @Start() async start(@Ctx() ctx: Context) { return ctx.message; }
        @Hears('hi') async hi(@Message() message, @Ctx() ctx: Context) { return message; }
        @Update() async other(@Ctx() ctx: Context) { return ctx; }
        @Local(/x/) async local(@Ctx() ctx: Context) { return ctx; }
        @Action('plain') async plain(ctx: Context) { return ctx; }
      }
    `);
    expect(m.registrations.map((r) => [r.method, r.receiver, r.filters, r.guarantees === null ? null : r.guarantees.size > 0])).toEqual([
      ['action', null, ['^page-\\d+$'], true],
      ['start', null, null, true],
    ]);
  });

  it('follows a context handed to a method of a service injected from another project file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-nest-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4', 'nestjs-telegraf': '^2' } }));
    const update = `import { Action, Ctx, Update } from 'nestjs-telegraf';
import { Context } from 'telegraf';
import { PagesService } from './pages.service';
@Update()
export class PagesUpdate {
  other: PagesService;
  cache: Map<string, string>;
  constructor(private readonly pages: PagesService, plain: PagesService) {}
  @Action(/^a$/) async a(@Ctx() ctx: Context) { return this.pages.show(ctx); }
  @Action(/^b$/) async b(@Ctx() ctx: Context) { return this.other.list(ctx); }
  @Action(/^c$/) async c(@Ctx() ctx: Context) { return this.cache.count(ctx); }
  @Action(/^d$/) async d(@Ctx() ctx: Context) { return this.pages[name](ctx); }
}
`;
    const service = `import { Context } from 'telegraf';
export class PagesService {
  async show(ctx) { return ctx.match; }
  async list(ctx) { return ctx.match; }
  async count(ctx) { return ctx.match; }
  static async make(ctx) { return ctx.match; }
}
`;
    fs.writeFileSync(path.join(dir, 'pages.update.ts'), update);
    fs.writeFileSync(path.join(dir, 'pages.service.ts'), service);
    const sourceCode = sourceCodeOf(service);
    const m = getFrameworkModel(sourceCode, path.join(dir, 'pages.service.ts'));
    expect(functions(sourceCode.ast).map((fn) => m.getHandler(fn)?.entries.map((entry) => entry.kind))).toEqual([['call'], ['call'], ['named'], ['named']]);
  });
});
