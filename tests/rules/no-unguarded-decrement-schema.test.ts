import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/no-unguarded-decrement.js';
import { ruleTester } from '../rule-tester.js';
import { BUY_WITH_WALLET, ISSUE_STOCK, ISSUE_STOCK_READ_OUTSIDE, prismaProject, SAVE_GAME, USER_WALLET_MODELS } from './prisma-projects.js';

/**
 * A bot project on disk whose migration keeps `users.balance` non-negative with a CHECK constraint
 * (issue 16, item 6): the database refuses the overdraft, so the decrement is not reported.
 */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'nud-schema-'));
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
  fs.writeFileSync(path.join(project, name), text);
};
write('package.json', JSON.stringify({ dependencies: { telegraf: '^4.16.0' } }));
write('src/bot.ts', '');
write(
  'db/migrations/001_users.sql',
  `CREATE TABLE users (id bigint PRIMARY KEY, balance numeric NOT NULL DEFAULT 0 CHECK (balance >= 0), credits int NOT NULL DEFAULT 0);
   CREATE TABLE wallets (user_id bigint PRIMARY KEY, coins int NOT NULL DEFAULT 0);
   ALTER TABLE wallets ADD CONSTRAINT coins_positive CHECK (coins > 0 AND user_id IS NOT NULL);`,
);
const bot = path.join(project, 'src/bot.ts');
const pg = "import pg from 'pg';\nconst pool = new pg.Pool();\n";
const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";

ruleTester.run('no-unguarded-decrement (the project schema)', rule, {
  valid: [
    // CHECK (balance >= 0) on the written table and column: the UPDATE fails instead of going negative.
    { code: `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);`, filename: bot },
    // Through an ORM: the Prisma model `User` is the table `users`; a knex update of `wallets`.
    { code: `${prisma}await prisma.user.update({ where: { id }, data: { balance: { decrement: price } } });`, filename: bot },
    { code: "import knex from 'knex';\nconst db = knex({});\nawait db('wallets').where({ user_id: id }).decrement('coins', 1);", filename: bot },
    // CHECK (coins > 0 AND …) added by ALTER TABLE.
    { code: `${pg}await pool.query('UPDATE wallets SET coins = coins - 1 WHERE user_id = $1', [id]);`, filename: bot },
  ],
  invalid: [
    // The twin: another column of the same table has no CHECK.
    {
      code: `${pg}await pool.query('UPDATE users SET credits = credits - $1 WHERE id = $2', [n, id]);`,
      filename: bot,
      errors: [
        {
          messageId: 'unguarded',
          data: { column: 'credits', guard: '`credits >= …` to the WHERE clause' },
          line: 3,
          column: 36,
          endLine: 3,
          endColumn: 43,
          suggestions: [{ messageId: 'suggestGuard', output: `${pg}await pool.query('UPDATE users SET credits = credits - $1 WHERE id = $2 AND credits >= $1', [n, id]);` }],
        },
      ],
    },
    // The ORM twins: a column without a CHECK, and another model.
    {
      code: `${prisma}await prisma.user.update({ where: { id }, data: { credits: { decrement: n } } });`,
      filename: bot,
      errors: [{ messageId: 'unguarded', data: { column: 'credits', guard: '`credits: { gte: … }` in `where`' }, line: 3 }],
    },
    {
      code: `${prisma}await prisma.account.update({ where: { id }, data: { balance: { decrement: price } } });`,
      filename: bot,
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: '`balance: { gte: … }` in `where`' }, line: 3 }],
    },
    // The same column name on another table is not checked.
    {
      code: `${pg}await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [price, id]);`,
      filename: bot,
      errors: [{ messageId: 'unguarded', suggestions: [{ messageId: 'suggestGuard', output: `${pg}await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [price, id]);` }] }],
    },
    // Without the project on disk the rule knows no schema.
    {
      code: `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);`,
      errors: [{ messageId: 'unguarded', suggestions: [{ messageId: 'suggestGuard', output: `${pg}await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [price, id]);` }] }],
    },
  ],
});

const onSqlite = prismaProject('nud-sqlite', '"sqlite"');
const onPostgres = prismaProject('nud-postgres', '"postgresql"');
const onEnv = prismaProject('nud-env', 'env("DB_PROVIDER")');
const onMysql = prismaProject('nud-mysql', '"mysql"');
const isolated = (level: string) => ISSUE_STOCK.replace('\n  });\n}', `\n  }, { isolationLevel: Prisma.TransactionIsolationLevel.${level} });\n}`).replace('import { PrismaClient }', 'import { Prisma, PrismaClient }');
const noSchema = prismaProject('nud-none', null);
const decremented = (line: number) => [{ messageId: 'unguarded' as const, data: { column: 'quantity', guard: '`quantity: { gte: … }` in `where`' }, line }];

ruleTester.run('no-unguarded-decrement (Prisma on SQLite)', rule, {
  valid: [
    // `provider = "sqlite"`: read, check and decrement in one interactive transaction, which begins IMMEDIATE: the second run waits.
    { code: ISSUE_STOCK, filename: onSqlite },
    // Serializable on PostgreSQL or MySQL, RepeatableRead on PostgreSQL: of two runs that read and write the row, one fails to commit.
    { code: isolated('Serializable'), filename: onPostgres },
    { code: isolated('Serializable'), filename: onMysql },
    { code: isolated('RepeatableRead'), filename: onPostgres },
  ],
  invalid: [
    // The twins: PostgreSQL (read committed), a provider from the environment, no schema to read.
    { code: ISSUE_STOCK, filename: onPostgres, errors: decremented(7) },
    { code: ISSUE_STOCK, filename: onEnv, errors: decremented(7) },
    { code: ISSUE_STOCK, filename: noSchema, errors: decremented(7) },
    // MySQL's REPEATABLE READ reads a snapshot but writes the latest row: both runs pass the check and both decrement.
    { code: isolated('RepeatableRead'), filename: onMysql, errors: decremented(7) },
    // On SQLite too: the read outside the transaction (before it, or on the outer client inside the callback) …
    { code: ISSUE_STOCK_READ_OUTSIDE, filename: onSqlite, errors: decremented(6) },
    { code: ISSUE_STOCK.replace('await tx.stock.findFirst', 'await prisma.stock.findFirst'), filename: onSqlite, errors: decremented(7) },
    // … or nothing compares the quantity: one issue alone drives it below zero.
    { code: ISSUE_STOCK.replace("    if (!stock || stock.quantity < amount) throw new Error('not enough');\n", ''), filename: onSqlite, errors: decremented(6) },
  ],
});

const onMongo = prismaProject('nud-mongo', '"mongodb"', USER_WALLET_MODELS);
const walletsOnPostgres = prismaProject('nud-wallets-postgres', '"postgresql"', USER_WALLET_MODELS);
const spent = (line: number) => [{ messageId: 'unguarded' as const, data: { column: 'balance', guard: '`balance: { gte: … }` in `where`' }, line }];
const played = (line: number) => [{ messageId: 'unguarded' as const, data: { column: 'remaining_play', guard: '`remaining_play: { gte: … }` in `where`' }, line }];

ruleTester.run('no-unguarded-decrement (Prisma on MongoDB)', rule, {
  valid: [
    // `provider = "mongodb"`: read, check and decrement of one document in one interactive transaction. The
    // second of two runs that write the document aborts on a write conflict (P2034), so the check cannot pass twice.
    { code: ISSUE_STOCK, filename: onMongo },
    // batd92+telegram-mini-game no-unguarded-decrement #10: read by another key, the decrement by the id read.
    { code: SAVE_GAME(), filename: onMongo },
    { code: SAVE_GAME('{ userId }'), filename: onMongo },
    // BEAST6869+Casino- no-unguarded-decrement #8, #10, #24: the wallet read through the user's `include` (or `select`) is the
    // document decremented (`where: { id: user.wallet.id }`): the second of two runs writing it aborts on a write conflict.
    { code: BUY_WITH_WALLET(), filename: onMongo },
    { code: BUY_WITH_WALLET({ check: '!user || (user.wallet?.balance || 0) < price', where: '{ id: user.wallet!.id }' }), filename: onMongo },
    { code: BUY_WITH_WALLET({ read: '{ where: { id: userId }, select: { id: true, wallet: { select: { id: true, balance: true } } } }' }), filename: onMongo },
  ],
  invalid: [
    // The twins: the same transaction on PostgreSQL (read committed lets both runs read the old value and commit).
    { code: SAVE_GAME(), filename: onPostgres, errors: played(8) },
    // On MongoDB: the read before the transaction and the decrement in the array form (independent queries) …
    { code: ISSUE_STOCK_READ_OUTSIDE, filename: onMongo, errors: decremented(6) },
    // … the read on the outer client (outside the transaction), or the decrement on it …
    { code: SAVE_GAME().replace('await tx.stock.findFirst', 'await prisma.stock.findFirst'), filename: onMongo, errors: played(8) },
    { code: SAVE_GAME().replace('return tx.stock.update', 'return prisma.stock.update'), filename: onMongo, errors: played(8) },
    // … a decrement of another document than the one read (two runs write different documents: no conflict) …
    { code: SAVE_GAME('{ id: targetId }'), filename: onMongo, errors: played(8) },
    // … or nothing compares the count: one save alone drives it below zero.
    { code: SAVE_GAME().replace("    if (!profile || profile.remaining_play <= 0) throw new Error('no plays left');\n", ''), filename: onMongo, errors: played(7) },
    // The wallet read through `include`, twins: on PostgreSQL; the read on the outer client; another wallet decremented …
    { code: BUY_WITH_WALLET(), filename: walletsOnPostgres, errors: spent(7) },
    { code: BUY_WITH_WALLET().replace('await tx.user.findUnique', 'await prisma.user.findUnique'), filename: onMongo, errors: spent(7) },
    { code: BUY_WITH_WALLET({ where: '{ id: targetWalletId }' }), filename: onMongo, errors: spent(7) },
    // … the bank's balance checked, the wallet decremented (the check is not of the written document) …
    { code: BUY_WITH_WALLET({ read: '{ where: { id: userId }, include: { bank: true } }', check: '!user || !user.bank || user.bank.balance < price', where: '{ userId: user.id }' }), filename: onMongo, errors: spent(7) },
    // … a list relation (which loan is written is not the one checked), or a relation not included (`wallet: false`).
    { code: BUY_WITH_WALLET({ read: '{ where: { id: userId }, include: { loans: true } }', check: '!user || user.loans[0].balance < price', where: '{ id: user.loans[0].id }' }).replace('tx.wallet.update', 'tx.loan.update'), filename: onMongo, errors: spent(7) },
    { code: BUY_WITH_WALLET({ read: '{ where: { id: userId }, include: { wallet: false } }' }), filename: onMongo, errors: spent(7) },
  ],
});
