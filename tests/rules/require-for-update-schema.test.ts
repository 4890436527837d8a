import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';
import { ISSUE_STOCK, ISSUE_STOCK_READ_OUTSIDE, prismaProject, SAVE_GAME } from './prisma-projects.js';

/** A bot project on disk whose schema.sql declares `users.account UNIQUE` (and `users.nick` without it). */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-schema-'));
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
  fs.writeFileSync(path.join(project, name), text);
};
write('package.json', JSON.stringify({ dependencies: { grammy: '^1.30.0', pg: '^8.0.0' } }));
write('src/bot.ts', '');
write('db/schema.sql', 'CREATE TABLE users (id serial PRIMARY KEY, telegram_id bigint UNIQUE, account varchar(50) UNIQUE, nick text, verified boolean);');
write(
  'supabase/migrations/20260101000000_init.sql',
  'CREATE TABLE paid_orders (order_ref text PRIMARY KEY, user_id bigint);\nCREATE TABLE order_marks (id bigserial PRIMARY KEY, order_ref text, user_id bigint);\nCREATE TABLE processed_invoices (id bigserial PRIMARY KEY, invoice_id text);',
);
const bot = path.join(project, 'src/bot.ts');

/** A duplicate check (`no other user has this value`), an awaited effect, then the write of the value. */
const link = (column: string) => `import pg from 'pg';
const pool = new pg.Pool();
export async function link(tgId, value) {
  const dup = await pool.query('SELECT id FROM users WHERE ${column} = $1 AND telegram_id != $2', [value.trim(), tgId]);
  if (dup.rows.length > 0) return;
  await pool.query('INSERT INTO attempts (tg, value) VALUES ($1, $2)', [tgId, value.trim()]);
  await pool.query('UPDATE users SET ${column} = $1, verified = TRUE WHERE telegram_id = $2', [value.trim(), tgId]);
}`;

/** The report on the SELECT (line 4), with its `FOR UPDATE` suggestion. */
const reported = (code: string) => ({
  code,
  filename: bot,
  errors: [{ messageId: 'missingLock' as const, line: 4, suggestions: [{ messageId: 'suggestForUpdate' as const, output: code.replace("telegram_id != $2'", "telegram_id != $2 FOR UPDATE'") }] }],
});

ruleTester.run('require-for-update (schema)', rule, {
  valid: [
    // The column is UNIQUE in the project's schema: of two racing writes of the value, the second fails.
    { code: link('account'), filename: bot },
  ],
  invalid: [
    // The twin: no UNIQUE on the column, two users both get the value.
    reported(link('nick')),
    // The twins: no schema to read (a file outside any project), or a table the schema does not declare.
    { ...reported(link('account')), filename: undefined },
    reported(link('account').replaceAll('FROM users', 'FROM members').replace('UPDATE users', 'UPDATE members')),
    // The twin: the UPDATE writes another value than the one the check looked for.
    reported(link('account').replace("WHERE telegram_id = $2', [value.trim(), tgId]", "WHERE telegram_id = $2', [value, tgId]")),
  ],
});

/** A Supabase claim row taken before the credit (line 6 reads, line 8 writes), its failure ending the function. */
const claimFirst = (table: string, column: string) => `import { createClient } from '@supabase/supabase-js';
const supabase = createClient(url, key);
export async function onPaid(ref, id, amount) {
  const { error } = await supabase.from('${table}').insert({ ${column}: ref, user_id: id });
  if (error) return;
  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance + amount > MAX_BALANCE) return;
  await supabase.from('users').update({ balance: user.balance + amount }).eq('id', id);
}`;

ruleTester.run('require-for-update (schema of Supabase claim rows)', rule, {
  valid: [
    // The migration keys the claim table by the column the insert sets: a second run's insert fails.
    { code: claimFirst('paid_orders', 'order_ref'), filename: bot },
  ],
  invalid: [
    // The twins: the schema keys the table by a generated id only, even where the column is named for an external id.
    { code: claimFirst('order_marks', 'order_ref'), filename: bot, errors: [{ messageId: 'missingLockSupabase', line: 6 }] },
    { code: claimFirst('processed_invoices', 'invoice_id'), filename: bot, errors: [{ messageId: 'missingLockSupabase', line: 6 }] },
    // … and without the schema (a file outside the project), a column named for nothing external.
    { code: claimFirst('paid_orders', 'order_ref'), errors: [{ messageId: 'missingLockSupabase', line: 6 }] },
  ],
});

const onSqlite = prismaProject('rfu-sqlite', '"sqlite"');
const onPostgres = prismaProject('rfu-postgres', '"postgresql"');
const onEnv = prismaProject('rfu-env', 'env("DB_PROVIDER")');
const noSchema = prismaProject('rfu-none', null);

ruleTester.run('require-for-update (Prisma on SQLite)', rule, {
  valid: [
    // `provider = "sqlite"`: the interactive transaction begins IMMEDIATE, so the second run waits and reads the new quantity.
    { code: ISSUE_STOCK, filename: onSqlite },
  ],
  invalid: [
    // The twins: PostgreSQL (read committed), a provider from the environment, no schema to read.
    { code: ISSUE_STOCK, filename: onPostgres, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
    { code: ISSUE_STOCK, filename: onEnv, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
    { code: ISSUE_STOCK, filename: noSchema, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
    // On SQLite too: the read runs outside the transaction (before it, or on the outer client inside the callback).
    { code: ISSUE_STOCK_READ_OUTSIDE, filename: onSqlite, errors: [{ messageId: 'missingLockPrisma', line: 4 }] },
    { code: ISSUE_STOCK.replace('await tx.stock.findFirst', 'await prisma.stock.findFirst'), filename: onSqlite, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
  ],
});

const onMongo = prismaProject('rfu-mongo', '"mongodb"');
/** The count of a user's coupons compared with a limit (line 5), then a new coupon (line 7), in one interactive transaction. */
const CLAIM_COUPON = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function claim(userId: string) {
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.coupon.count({ where: { userId } });
    if (claimed >= 3) throw new Error('limit reached');
    return tx.coupon.create({ data: { userId } });
  });
}`;

ruleTester.run('require-for-update (Prisma on MongoDB)', rule, {
  valid: [
    // `provider = "mongodb"`: the read and the update of one document in one interactive transaction. The second
    // of two runs that write the document aborts on a write conflict (P2034): the check cannot pass twice.
    { code: ISSUE_STOCK, filename: onMongo },
    // batd92+telegram-mini-game require-for-update #23: read by the player's key, written by the id read.
    { code: SAVE_GAME(), filename: onMongo },
  ],
  invalid: [
    // The twin on PostgreSQL: read committed lets both runs read the old value and both commit.
    { code: SAVE_GAME(), filename: onPostgres, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
    // On MongoDB: the read before the transaction, the update in its array form (independent queries) …
    { code: ISSUE_STOCK_READ_OUTSIDE, filename: onMongo, errors: [{ messageId: 'missingLockPrisma', line: 4 }] },
    // … the read or the update on the outer client, outside the transaction …
    { code: SAVE_GAME().replace('await tx.stock.findFirst', 'await prisma.stock.findFirst'), filename: onMongo, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
    { code: SAVE_GAME().replace('return tx.stock.update', 'return prisma.stock.update'), filename: onMongo, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
    // … an update of another document than the one read …
    { code: SAVE_GAME('{ id: targetId }'), filename: onMongo, errors: [{ messageId: 'missingLockPrisma', line: 5 }] },
    // … and a count then a create: the runs write different documents, which MongoDB does not stop (write skew).
    { code: CLAIM_COUPON, filename: onMongo, errors: [{ messageId: 'missingLockPrismaLimit', line: 5 }] },
  ],
});
