import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import { checkProgram } from '../../scripts/lib/fuzz.js';
import type { PluginLike } from '../../scripts/lib/lint.js';
import botAudit from '../../src/index.js';

const plugin = botAudit as unknown as PluginLike;

/** Strings in SQL positions that are not SQL, or not finished SQL. */
const GARBAGE: Record<string, string> = {
  empty: '',
  'bare keyword': 'SELECT',
  truncated: 'SELECT id, balance FROM users WHERE',
  'truncated update': 'UPDATE users SET balance = balance -',
  'prose starting with SELECT': 'Select your plan: 1) basic 2) pro',
  'unbalanced parentheses': 'SELECT ((((( FROM )',
  'deep parentheses': `SELECT ${'('.repeat(3000)}1${')'.repeat(3000)}`,
  'unterminated quote': "SELECT 'abc FROM users",
  'unterminated dollar quote': 'SELECT $$ never ends',
  'unterminated comment': 'SELECT 1 /* no end',
  'comment only': '-- just a comment',
  'odd placeholders': 'SELECT ? , :name, @p, $0, $99999999999999999999, $',
  unicode: "SELECT 'é✓🚀\u{1F600}\u2028\u0000' AS \"ünï\", ʎʇɹɐdʎʇ FROM ユーザー",
  'lone surrogate': 'SELECT \uD800 FROM users',
  'many statements': 'BEGIN; '.repeat(500) + 'COMMIT',
  'huge string': `SELECT ${Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(', ')} FROM t`,
  'FOR UPDATE alone': 'FOR UPDATE',
  'ON CONFLICT alone': 'ON CONFLICT DO NOTHING',
  'not SQL': '{"json": true}',
};

/** Every place a SQL string can stand in bot code: drivers, query builders, ORMs, transactions. */
function program(text: string): string {
  const literal = JSON.stringify(text);
  const template = text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${');
  return `import pg from 'pg';
import postgres from 'postgres';
import knexFactory from 'knex';
import { PrismaClient } from '@prisma/client';
import { Bot } from 'grammy';
const pool = new pg.Pool();
const sql = postgres();
const knex = knexFactory({ client: 'pg' });
const prisma = new PrismaClient();
const bot = new Bot('');
bot.command('x', async (ctx) => {
  const amount = Number(ctx.match);
  await pool.query(${literal}, [ctx.from.id]);
  await pool.query(\`${template}\`, [amount]);
  await pool.query(\`${template} \${ctx.from.id} ${template}\`);
  await pool.query({ text: ${literal}, values: [amount] });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(${literal}, [amount, ctx.from.id]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  await sql\`${template}\`;
  await sql\`${template} \${amount}\`;
  await sql.begin(async (tx) => tx\`${template}\`);
  await sql.unsafe(${literal});
  await knex.raw(${literal}, [amount]);
  await knex.transaction(async (trx) => trx.raw(${literal}));
  await prisma.$queryRawUnsafe(${literal}, amount);
  await prisma.$executeRawUnsafe(${literal});
  await prisma.$queryRaw\`${template}\`;
  await prisma.$transaction([prisma.$executeRaw\`${template}\`]);
  await ctx.reply('ok');
});
`;
}

describe('garbage SQL never throws', () => {
  it.each(Object.entries(GARBAGE))('%s', (_name, text) => {
    const code = program(text);
    const { failures } = checkProgram({ plugin, tsParser, seed: 0, code, ts: true });
    expect(failures.map(({ config, kind, message }) => ({ config, kind, message }))).toEqual([]);
  });
});
