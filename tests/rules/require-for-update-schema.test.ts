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

/**
 * A bot project whose code creates its tables (`CREATE TABLE IF NOT EXISTS` run at start-up, CinnamonVII+Spade-Bot
 * `database.js:37`) and keeps `users.balance` non-negative with a CHECK constraint; `users.credits` has none.
 */
const checked = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-check-'));
fs.writeFileSync(path.join(checked, 'package.json'), JSON.stringify({ dependencies: { 'discord.js': '^14.0.0', pg: '^8.0.0' } }));
fs.writeFileSync(
  path.join(checked, 'database.js'),
  "const { Pool } = require('pg');\nconst pool = new Pool();\nasync function init() {\n  await pool.query(`CREATE TABLE IF NOT EXISTS users (id VARCHAR(255) PRIMARY KEY, balance BIGINT DEFAULT 0 CHECK (balance >= 0), credits BIGINT DEFAULT 0)`);\n}\nmodule.exports = { init };\n",
);
const bank = path.join(checked, 'bank.js');
/** The same bot without the DDL: no schema to read. */
const unchecked = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-unchecked-'));
fs.writeFileSync(path.join(unchecked, 'package.json'), JSON.stringify({ dependencies: { 'discord.js': '^14.0.0', pg: '^8.0.0' } }));

/**
 * A loan paid out of the bank's balance (CinnamonVII+Spade-Bot `createLoan`, `repayLoan`): the SELECT (line 16),
 * the check, the relative decrement (line 19), then the writes the check gates. `column` is the decremented column;
 * `before` runs between the check and the decrement, `decrement` is the statement that decrements.
 */
const lend = ({ column = 'balance', before = '', decrement = "await client.query('UPDATE users SET COLUMN = COLUMN - $1 WHERE id = $2', [amount, BANK_ID]);" } = {}) => `const { Pool } = require('pg');
const pool = new Pool();
async function withTransaction(fn) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally { client.release(); }
}
async function lend(borrowerId, amount) {
  return withTransaction(async (client) => {
    const res = await client.query('SELECT ${column} FROM users WHERE id = $1', [BANK_ID]);
    const funds = res.rows[0] ? parseInt(res.rows[0].${column}) : 0;
    if (funds < amount) throw new Error('The bank has insufficient funds.');${before}
    ${decrement.replaceAll('COLUMN', column)}
    await client.query('INSERT INTO loans (borrower_id, principal) VALUES ($1, $2)', [borrowerId, amount]);
    await client.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [amount, borrowerId]);
  });
}
module.exports = { lend };`;

/**
 * CinnamonVII+Spade-Bot's own shape: the `CREATE TABLE` the pg client runs at start-up sits in the same file as the
 * loan (`database.js`), after it here so the lines stay. `check` is the balance column's constraint. The project's
 * schema is read from the file on disk, so the file is written with the very code linted.
 */
const lendBesideDdl = (name: string, check: string) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { 'discord.js': '^14.0.0', pg: '^8.0.0' } }));
  const code = `${lend()}\nasync function init() {\n  await pool.query(\`CREATE TABLE IF NOT EXISTS users (id VARCHAR(255) PRIMARY KEY, balance BIGINT DEFAULT 0${check})\`);\n}\n`;
  const filename = path.join(root, 'database.js');
  fs.writeFileSync(filename, code);
  return { code, filename };
};
const overdrawn = (code: string, filename = bank) => ({
  code,
  filename,
  errors: [{ messageId: 'missingLock' as const, line: 17, suggestions: [{ messageId: 'suggestForUpdate' as const, output: code.replace("WHERE id = $1'", "WHERE id = $1 FOR UPDATE'") }] }],
});

const besideCheck = lendBesideDdl('ddl-check', ' CHECK (balance >= 0)');
const besidePlain = lendBesideDdl('ddl-plain', '');

ruleTester.run('require-for-update (an overdraft the schema refuses)', rule, {
  valid: [
    // CinnamonVII+Spade-Bot require-for-update #14, #23: `CHECK (balance >= 0)` on the decremented column and a relative
    // write (`balance = balance - $1`): of two runs that pass the check, the second's UPDATE fails on the constraint and
    // throws before the writes the check gates; a relative decrement loses no update.
    { code: lend(), filename: bank },
    // A lookup between the check and the decrement repeats nothing.
    { code: lend({ before: '\n    const rate = await getRate(amount);' }), filename: bank },
    // The DDL in the file of the loan itself (CinnamonVII+Spade-Bot `database.js:37`, the loans at `:509`, `:534`).
    besideCheck,
  ],
  invalid: [
    // The twins: a column without a CHECK, no schema to read …
    overdrawn(lend({ column: 'credits' })),
    overdrawn(lend(), path.join(unchecked, 'bank.js')),
    // … the DDL beside the loan without the CHECK …
    overdrawn(besidePlain.code, besidePlain.filename),
    // … an absolute write of the value read (`SET balance = $1` with `funds - amount`: the second run overwrites the first's) …
    overdrawn(lend({ decrement: "await client.query('UPDATE users SET COLUMN = $1 WHERE id = $2', [funds - amount, BANK_ID]);" })),
    // … an effect the check gates that runs before the decrement (the second run pays out, then fails) …
    overdrawn(lend({ before: "\n    await payOut(borrowerId, amount);" })),
    // … and a decrement whose failure the code carries on from (the writes after it run in both).
    overdrawn(lend({ decrement: "await client.query('UPDATE users SET COLUMN = COLUMN - $1 WHERE id = $2', [amount, BANK_ID]).catch(() => {});" })),
    overdrawn(lend({ decrement: "try { await client.query('UPDATE users SET COLUMN = COLUMN - $1 WHERE id = $2', [amount, BANK_ID]); } catch (e) { console.error(e); }" })),
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

/** A shop project on PostgreSQL whose schema.prisma gives `Payment.orderId` a unique key of its own (`payment` as written). */
const shopProject = (payment: string): string => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-unique-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { express: '^4.0.0', '@prisma/client': '^6.0.0' } }));
  fs.mkdirSync(path.join(root, 'prisma'));
  fs.writeFileSync(
    path.join(root, 'prisma/schema.prisma'),
    `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Order {\n  id     String @id\n  status String\n}\n\nmodel Payment {\n  id      Int    @id @default(autoincrement())\n${payment}\n  slipRef String\n}\n`,
  );
  return path.join(root, 'verify.ts');
};
const uniqueOrder = shopProject('  orderId String @unique');

/**
 * A slip verified (relxhub+loyalty-bot-migration require-for-update #17): the order read by key (line 5)
 * and its status checked, then in one transaction its status set (line 8), a payment created for it
 * (line 9, `create`) and stock taken, and after it the buyer credited.
 */
const VERIFY_SLIP = (create = '      await tx.payment.create({ data: { orderId: order.id, slipRef } });', after = '') => `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function verify(orderId: string, slipRef: string) {
  try {
    const order = await prisma.order.findUnique({ where: { id: orderId } });
    if (!order || order.status !== 'PENDING') return;
    await prisma.$transaction(async (tx) => {
      await tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } });
${create}
      await tx.product.update({ where: { id: order.productId }, data: { stock: { decrement: order.quantity } } });
    });
    await prisma.user.update({ where: { id: order.userId }, data: { balance: { increment: order.bonus } } });
  } catch (error) {
    console.error(error);
  }${after}
}`;
const claimed = [{ messageId: 'claimPrisma' as const, line: 5 }];

ruleTester.run('require-for-update (a unique row created in the claim\'s transaction)', rule, {
  valid: [
    // Payment.orderId is @unique: the second run's create fails and rolls back its status, its stock, and the throw skips the credit.
    { code: VERIFY_SLIP(), filename: uniqueOrder },
    // The key as the read's own `where` value.
    { code: VERIFY_SLIP('      await tx.payment.create({ data: { orderId, slipRef } });'), filename: uniqueOrder },
  ],
  invalid: [
    // The twins: no unique key on orderId, or one over (orderId, slipRef) that two slips both pass.
    { code: VERIFY_SLIP(), filename: shopProject('  orderId String'), errors: claimed },
    { code: VERIFY_SLIP(), filename: shopProject('  orderId String\n  @@unique([orderId, slipRef])'), errors: claimed },
    // The create only in a branch, or keyed by something else than the order read.
    { code: VERIFY_SLIP('      if (slipRef) await tx.payment.create({ data: { orderId: order.id, slipRef } });'), filename: uniqueOrder, errors: claimed },
    { code: VERIFY_SLIP('      await tx.payment.create({ data: { orderId: slipRef, slipRef } });'), filename: uniqueOrder, errors: claimed },
    // The create on the outer client: it commits on its own, before the transaction's other writes.
    { code: VERIFY_SLIP('      await prisma.payment.create({ data: { orderId: order.id, slipRef } });'), filename: uniqueOrder, errors: claimed },
    // A credit between the check and the transaction: the second run gives it before it fails.
    { code: VERIFY_SLIP().replace('    await prisma.$transaction', '    await prisma.user.update({ where: { id: order.userId }, data: { balance: { increment: 1 } } });\n    await prisma.$transaction'), filename: uniqueOrder, errors: claimed },
    // A payout in the callback: the second run sends it after its status write waits for the first, before its create fails.
    { code: VERIFY_SLIP("      await tx.payment.create({ data: { orderId: order.id, slipRef } });\n      await payOut(order.userId, order.bonus);"), filename: uniqueOrder, errors: claimed },
    // A catch that goes on: the credit after the failed transaction still runs.
    { code: VERIFY_SLIP(undefined, "\n  await prisma.user.update({ where: { id: 1 }, data: { balance: { increment: 5 } } });"), filename: uniqueOrder, errors: claimed },
  ],
});
