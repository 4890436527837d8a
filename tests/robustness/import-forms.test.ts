import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import { checkProgram } from '../../scripts/lib/fuzz.js';
import type { PluginLike } from '../../scripts/lib/lint.js';
import botAudit from '../../src/index.js';

/**
 * Every way a module can be bound to a name, for every module a model recognises, followed by the
 * uses the models read (calls, members, construction, queries, handlers). The models resolve a name
 * to its import through scope definitions, and each definition kind has its own parent shape:
 * `import x = require('m')` has no `source`, `import x = N.M` no module at all.
 */
const plugin = botAudit as unknown as PluginLike;

const MODULES = [
  'axios', 'node-fetch', 'got', 'undici', 'ky', 'superagent', 'https',
  'pg', 'mysql2/promise', 'postgres', 'pg-promise', 'knex', 'better-sqlite3',
  '@prisma/client', 'drizzle-orm', 'kysely', 'typeorm', 'mongoose', 'mongodb', '@supabase/supabase-js',
  'grammy', 'telegraf', 'node-telegram-bot-api', '@grammyjs/runner',
];

const BINDINGS: Record<string, (module: string) => string> = {
  'import-equals require': (m) => `import x = require('${m}');`,
  'export import-equals require': (m) => `export import x = require('${m}');`,
  'import-equals entity name': (m) => `namespace N { export const M = ${JSON.stringify(m)}; }\nimport x = N.M;`,
  'namespace import': (m) => `import * as x from '${m}';`,
  'default import': (m) => `import x from '${m}';`,
  'named import': (m) => `import { default as x } from '${m}';`,
  'string-named import': (m) => `import { 'default' as x } from '${m}';`,
  'type-only import': (m) => `import type x from '${m}';`,
  require: (m) => `const x = require('${m}');`,
  'require member': (m) => `const x = require('${m}').default;`,
  'destructured require': (m) => `const { default: x } = require('${m}');`,
  'dynamic import': (m) => `const x = await import('${m}');`,
};

const USES = `
declare const u: string, a: unknown, b: unknown, ctx: any;
x(a, b);
x.get(u);
x.default(u);
const client = new x(u);
const made = x.create({ baseURL: u });
await made.get(u);
await client.query('SELECT balance FROM users WHERE id = $1', [a]);
await client.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [a, b]);
const bot = new x.Bot(u);
const other = new x.Telegraf(u);
bot.on('message', (c: any) => c.from.id);
other.action('a', async (c: any) => { try { await c.answerCbQuery(); } catch {} });
bot.start();
other.launch();
export = x;
`;

describe('every binding form of every recognised module', () => {
  for (const [form, binding] of Object.entries(BINDINGS)) {
    it(`${form}: no rule throws under any config`, () => {
      const failures = MODULES.flatMap((module) => {
        const code = `${binding(module)}\n${USES}`;
        return checkProgram({ plugin, tsParser, seed: 0, code, ts: true }).failures
          .filter((failure) => failure.kind === 'crash')
          .map(({ config, message }) => `${module} (${config}): ${message}`);
      });
      expect(failures).toEqual([]);
    });
  }
});
