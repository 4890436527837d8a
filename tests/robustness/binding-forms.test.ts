import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import botAudit from '../../src/index.js';

import { isolatedProjectRoot } from './isolated-project.js';

/**
 * Every way a TypeScript or JavaScript file binds a whole module to a name must be recognised the
 * same way: a model that reads only `import * as x` and `require()` passes silently over
 * `import x = require('m')`, `export import x = require('m')` or `await import('m')`. The same
 * program, bound five ways, gets the same findings, and at least one.
 */
const plugin = botAudit as unknown as { configs: { all: Linter.Config } };

const FORMS: Record<string, (module: string) => string> = {
  'namespace import': (m) => `import * as x from '${m}';`,
  'import-equals require': (m) => `import x = require('${m}');`,
  'export import-equals require': (m) => `export import x = require('${m}');`,
  require: (m) => `const x = require('${m}');`,
  'dynamic import': (m) => `const x = await import('${m}');`,
};

const PROGRAMS: Record<string, string> = {
  grammy: "const bot = new x.Bot(''); bot.on('message', (ctx) => ctx.reply(String(ctx.from.id))); void bot.start();",
  telegraf: "const bot = new x.Telegraf(''); bot.on('text', async (ctx) => { await ctx.reply(String(ctx.callbackQuery.message)); }); void bot.launch();",
  // `export = TelegramBot`: a namespace import cannot be constructed, so that form is left out.
  'node-telegram-bot-api': "const bot = new x('t', { polling: true }); bot.on('message', async (msg) => { await bot.sendMessage(msg.chat.id, String(msg.from.id)); });",
  '@grammyjs/runner': "import { Bot } from 'grammy'; const bot = new Bot(''); bot.on('message', (ctx) => ctx.reply('x')); x.run(bot);",
  axios: "export async function f() { const r = await x.get('https://x'); return r.data; }",
  pg: "const pool = new x.Pool(); export async function f(id: number, a: number) { await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [a, id]); }",
  '@prisma/client': 'const prisma = new x.PrismaClient(); export async function f(id: number, a: number) { await prisma.user.update({ where: { id }, data: { balance: { decrement: a } } }); }',
  knex: "const db = x.knex({ client: 'pg' }); export async function f(id: number, a: number) { await db('users').where({ id }).decrement('balance', a); }",
};

/** Linted as a file of a project of its own: the project-wide models must not read this repository. */
const root = isolatedProjectRoot('binding-forms');

function findings(code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, sourceType: 'module' } },
    { ...plugin.configs.all, files: ['**/*.ts'] },
    // `run(bot)` without `bot.catch` is reported only with this option: the runner keeps going.
    { files: ['**/*.ts'], rules: { 'bot-audit/require-bot-error-handler': ['error', { reportDefaultLogging: true }] } },
  ];
  return linter.verify(code, config, { filename: `${root}/file.ts` }).map((m) => `${m.ruleId ?? 'fatal'} ${m.column}`);
}

describe('every whole-module binding form is recognised alike', () => {
  it.each(Object.entries(PROGRAMS))('%s', (module, program) => {
    const forms = Object.entries(FORMS).filter(([form]) => !(module === 'node-telegram-bot-api' && form === 'namespace import'));
    const byForm = Object.fromEntries(forms.map(([form, bind]) => [form, findings(`${bind(module)}\n${program}`)]));
    const reference = byForm.require!;
    expect(reference.length).toBeGreaterThan(0);
    expect(reference.some((finding) => finding.startsWith('fatal'))).toBe(false);
    for (const [form] of forms) expect({ form, findings: byForm[form] }).toEqual({ form, findings: reference });
  });
});

/** One export bound to a local name, every way: `Bot` of grammy, `PrismaClient` of @prisma/client… */
const EXPORT_FORMS: Record<string, (module: string, name: string) => string> = {
  'named import': (m, n) => `import { ${n} } from '${m}';`,
  'renamed import then alias': (m, n) => `import { ${n} as ${n}Import } from '${m}'; const ${n} = ${n}Import;`,
  'destructured require': (m, n) => `const { ${n} } = require('${m}');`,
  'require member': (m, n) => `const ${n} = require('${m}').${n};`,
  'destructured dynamic import': (m, n) => `const { ${n} } = await import('${m}');`,
  'import-equals then destructured': (m, n) => `import x = require('${m}'); const { ${n} } = x;`,
  'import-equals then member': (m, n) => `import x = require('${m}'); const ${n} = x.${n};`,
  'namespace import then member': (m, n) => `import * as x from '${m}'; const ${n} = x.${n};`,
  'exported destructured require': (m, n) => `export const { ${n} } = require('${m}');`,
};

const EXPORT_PROGRAMS: Record<string, [string, string]> = {
  grammy: ['Bot', "const bot = new Bot(''); bot.on('message', (ctx) => ctx.reply(String(ctx.from.id))); void bot.start();"],
  telegraf: ['Telegraf', "const bot = new Telegraf(''); bot.on('text', async (ctx) => { await ctx.reply(String(ctx.callbackQuery.message)); }); void bot.launch();"],
  '@grammyjs/runner': ['run', "import { Bot as B } from 'grammy'; const bot = new B(''); bot.on('message', (ctx) => ctx.reply('x')); run(bot);"],
  axios: ['get', "export async function f() { const r = await get('https://x'); return r.data; }"],
  pg: ['Pool', "const pool = new Pool(); export async function f(id: number, a: number) { await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [a, id]); }"],
  '@prisma/client': ['PrismaClient', 'const prisma = new PrismaClient(); export async function f(id: number, a: number) { await prisma.user.update({ where: { id }, data: { balance: { decrement: a } } }); }'],
  knex: ['knex', "const db = knex({ client: 'pg' }); export async function f(id: number, a: number) { await db('users').where({ id }).decrement('balance', a); }"],
};

describe('every way of binding one export is recognised alike', () => {
  it.each(Object.entries(EXPORT_PROGRAMS))('%s', (module, [name, program]) => {
    const byForm = Object.fromEntries(Object.entries(EXPORT_FORMS).map(([form, bind]) => [form, findings(`${bind(module, name)}\n${program}`)]));
    const reference = byForm['named import']!;
    expect(reference.length).toBeGreaterThan(0);
    for (const form of Object.keys(EXPORT_FORMS)) expect({ form, findings: byForm[form] }).toEqual({ form, findings: reference });
  });
});

