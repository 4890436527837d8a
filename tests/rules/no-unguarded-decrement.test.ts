import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/no-unguarded-decrement.js';
import { discordSqliteProject } from '../discord-sqlite-project.js';
import { ruleTester } from '../rule-tester.js';

const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const knex = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n";
const drizzle = "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { sql, eq, and, gte, lte } from 'drizzle-orm';\nconst db = drizzle(pool);\n";
const kysely = "import { Kysely, sql } from 'kysely';\nconst db = new Kysely<DB>({ dialect });\n";

ruleTester.run('no-unguarded-decrement (ORMs)', rule, {
  valid: [
    // Prisma: guard in where, in AND, result checked, increments, unknown where, non-money columns.
    `${prisma}await prisma.user.update({ where: { id, balance: { gte: price } }, data: { balance: { decrement: price } } });`,
    `${prisma}await prisma.user.updateMany({ where: { id, credits: { gt: 0 } }, data: { credits: { decrement: 1 } } });`,
    `${prisma}await prisma.user.update({ where: { id, AND: [{ balance: { gte: price } }] }, data: { balance: { decrement: price } } });`,
    `${prisma}await prisma.user.update({ where: { id, AND: { balance: { gte: price } } }, data: { balance: { decrement: price } } });`,
    `${prisma}await prisma.user.update({ where: { ...filter }, data: { balance: { decrement: price } } });`,
    `${prisma}await prisma.user.update({ where: filterFromElsewhere(), data: { balance: { decrement: price } } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: { balance: { increment: price } } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: { balance: { decrement: 0 } } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: { balance: { decrement: -5 } } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: { balance: 0 } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: { loginAttempts: { decrement: 1 } } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: { [key]: { decrement: 1 } } });`,
    `${prisma}await prisma.user.update(args);`,
    `${prisma}await prisma.user.findUnique({ where: { id } });`,
    `${prisma}
    await prisma.$transaction(async (tx) => {
      const sender = await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
      if (sender.balance < 0) throw new Error('insufficient funds');
    });`,
    `${prisma}
    const { balance } = await prisma.user.update({ where: { id }, data: { balance: { decrement: amount } } });
    if (balance < 0) throw new Error('insufficient funds');`,
    // Not a Prisma client: unknown receivers are never reported.
    "await repo.user.update({ where: { id }, data: { balance: { decrement: price } } });",
    "const map = new Map(); map.user.update({ data: { balance: { decrement: 1 } } });",
    // knex: guard in where, whereRaw, callbacks; object form guarded; increments; unknown receivers.
    `${knex}await db('users').where({ id }).where('balance', '>=', price).decrement('balance', price);`,
    `${knex}await db('users').where('id', id).andWhere('balance', '>', 0).decrement('balance');`,
    `${knex}await db('users').where({ id }).whereRaw('balance >= ?', [price]).decrement('balance', price);`,
    `${knex}await db('users').where((qb) => qb.where('id', id).where('balance', '>=', price)).decrement('balance', price);`,
    `${knex}await db('users').where({ id }).increment('balance', price);`,
    `${knex}await db('users').where({ id }).decrement('login_attempts', 1);`,
    `${knex}await db('users').where({ id }).decrement('balance', -1);`,
    `${knex}await db('users').where({ id }).decrement(column, 1);`,
    "await axios.decrement('balance', 1);",
    "await counter('users').where({ id }).decrement('balance', 1);",
    // Drizzle: guarded, clamped, increments, other columns, sql from elsewhere.
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - \${price}\` }).where(and(eq(users.id, id), gte(users.balance, price)));`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - \${price}\` }).where(and(eq(users.id, id), lte(price, users.balance)));`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - \${price}\` }).where(sql\`\${users.id} = \${id} and \${users.balance} >= \${price}\`);`,
    `${drizzle}await db.update(users).set({ balance: sql\`greatest(\${users.balance} - \${price}, 0)\` }).where(eq(users.id, id));`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} + \${price}\` }).where(eq(users.id, id));`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.bonus} - \${price}\` }).where(eq(users.id, id));`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - \${price} - \${fee}\` }).where(eq(users.id, id));`,
    `${drizzle}await db.update(users).set({ balance: price }).where(eq(users.id, id));`,
    `${drizzle}await db.update(users).set({ balance: sql\`balance - 0\` }).where(eq(users.id, id));`,
    "import { sql } from 'other-lib'; await db.update(users).set({ balance: sql`${users.balance} - ${price}` }).where(eq(users.id, id));",
    `${drizzle}await db.select().from(users).where(eq(users.id, id));`,
    // Kysely: guarded.
    `${kysely}await db.updateTable('users').set((eb) => ({ balance: eb('balance', '-', price) })).where('id', '=', id).where('balance', '>=', price).execute();`,
    `${kysely}await db.updateTable('users').set((eb) => ({ balance: eb('balance', '+', price) })).where('id', '=', id).execute();`,
    `${kysely}await db.updateTable('users').set((eb) => ({ balance: eb('bonus', '-', price) })).where('id', '=', id).execute();`,
    // TypeORM: guarded criteria, other files.
    "import { MoreThanOrEqual, Repository } from 'typeorm'; declare const repo: Repository<User>; await repo.decrement({ id, balance: MoreThanOrEqual(price) }, 'balance', price);",
    "import { DataSource } from 'typeorm'; const ds = new DataSource(options); await ds.getRepository(User).decrement(criteria, 'balance', price);",
    "import { DataSource } from 'typeorm'; const ds = new DataSource(options); await ds.manager.decrement(User, { id }, 'balance', -1);",
    // A TypeORM file, but not a repository or manager: never by method name alone.
    "import { DataSource } from 'typeorm'; await counter.decrement({ id }, 'balance', price);",
    "await repo.decrement({ id }, 'balance', price);",
    // Receivers that are not clients.
    "const knex = require('./not-knex'); const other = require('./db'); other('users').where({ id }).decrement('balance', 1);",
    "import { PrismaClient } from '@prisma/client';\nclass Wallet {\n  private db = makeDb();\n  spend() { return this.db.user.update({ where: { id }, data: { coins: { decrement: 1 } } }); }\n}",
    "import { PrismaClient } from '@prisma/client';\nfunction f() { return this.user.update({ where: { id }, data: { coins: { decrement: 1 } } }); }",
    "import { User } from '@prisma/client';\nasync function spend(user: User) { await user.wallet.update({ data: { coins: { decrement: 1 } } }); }",
    "await other.transaction().execute(async (trx) => { await trx.updateTable('users').set((eb) => ({ balance: eb('balance', '-', 1) })).execute(); });",
    `${knex}await db('users').where({ id }).decrement('balance', 1, 2, 3, 4);`,
    `${knex}await db('users').where({ id }).decrement();`,
    // knex raw updates that are guarded, not decrements, or not knex.
    `${knex}await db('users').where({ id }).where('balance', '>=', price).update({ balance: db.raw('balance - ?', [price]) });`,
    `${knex}await db('users').where({ id }).update({ balance: db.raw('balance + ?', [price]), stock: db.raw('stock - 0'), coins: db.raw('coins - ?', [-1]) });`,
    `${knex}await db('users').where({ id }).update({ balance: db.raw('other - ?', [price]), credits: db.raw('?? - ?', ['bonus', 1]), [k]: db.raw('x - 1'), stars: other.raw('stars - 1'), gems: db.raw(text), tokens: 5 });`,
    `${knex}await db('users').where({ id }).update({ balance: db.raw('balance - ?', [...args]) });`,
    `${knex}await db('users').where({ id }).update(row);`,
    // A claim by delete: deleting the row that holds the amount throws when it is already gone, so a retried or concurrent run stops before the decrement.
    `${prisma}async function unfreeze(userId, contractId) {\n  try {\n    const frozen = await prisma.frozenBalance.findFirst({ where: { userId, contractId } });\n    if (!frozen) return false;\n    await prisma.frozenBalance.delete({ where: { id: frozen.id } });\n    await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: frozen.amount } } });\n    return true;\n  } catch (error) {\n    console.error(error);\n    return false;\n  }\n}`,
    `${prisma}async function close(userId) {\n  const frozen = await prisma.frozenBalance.findFirst({ where: { userId } });\n  const removed = await prisma.frozenBalance.delete({ where: { id: frozen.id } });\n  if (removed) {\n    await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: frozen.amount } } });\n  }\n}`,
    // Shapes the model reads and judges unknown or guarded.
    `${prisma}let where = { id };\nawait prisma.user.update({ where, data: { balance: { decrement: 1 } } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: makeData() });`,
    `${prisma}await prisma.user.update({ where: { id, AND: [null, ...more, { balance: { gte: 1 } }] }, data: { balance: { decrement: 1 } } });`,
    `${prisma}await prisma.user.update({ where: { id, [k]: 1, balance: { gte: 1 } }, data: { balance: { decrement: 1 } } });`,
    `${prisma}await prisma.user.update({ where: { id }, data: { ...rest, balance: { set: 0 } } });`,
    "import { getRepository, MoreThan } from 'typeorm'; await getRepository(User).decrement({ id, ...extra }, 'balance', price);",
    "import { MoreThan } from 'typeorm'; import { AppDataSource } from './data-source'; await AppDataSource.getRepository(User).decrement({ id, balance: MoreThan(0) }, 'balance', price);",
    "import { MoreThan } from 'typeorm'; import { AppDataSource } from './data-source'; await AppDataSource.manager.decrement(User, { id }, column, price);",
    `${knex}await db('users').where({ id }).decrement({ [col]: 1 });`,
    `${knex}await db('users').where({ id }).decrement(\`balance\`, 0);`,
    `${knex}await db('users').where('balance', '>=', 'x').decrement('balance', 'x');`,
    `${knex}const r = await db('users').where({ id }).decrement('balance', 1).returning('balance');\nif (r[0].balance < 0) throw new Error();`,
    `${drizzle}await db.update(users).set();`,
    `${drizzle}await db.update(users).set(values);`,
    `${drizzle}await db.update(users).set(({ a }) => ({ balance: sql\`balance - 1\` })).where(sql\`balance >= \${1}\`);`,
    `${drizzle}await db.update(users).set({ [k]: sql\`balance - 1\`, balance: sql\`other - 1\`, credits: sql\`credits - \${a} \${b}\` });`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - \${x}\` }).where(gte(users.balance, x)).returning();`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - \${x}\` }).where(sql\`\${getCol()} = 1 and balance >= \${x}\`);`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${get()} - 1\` });`,
    `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - abc\` });`,
    `${drizzle}await db.update(users).set({ balance: sql\`balance - abc\` });`,
    `${drizzle}await db.update(users).set({ balance: sql\`balance + 1\` });`,
    `${kysely}await db.updateTable('users').set((eb) => ({ balance: eb('balance', '-', price) })).where('id', '=', id).where((eb) => eb('balance', '>=', price)).execute();`,
    `${kysely}await db.updateTable('users').set((eb) => ({ balance: eb(col, '-', price) })).execute();`,
    `${kysely}await db.updateTable('users').set((eb) => ({ balance: eb('balance', '-', -1) })).execute();`,
    `${kysely}await db.updateTable('users').set(function (eb) { return { balance: eb('balance', '-', 1) }; }).execute();`,
    // Options: ignored and guarded columns.
    { code: `${knex}await db('users').where({ id }).decrement('balance', 1);`, options: [{ guardedColumns: ['balance'] }] },
    { code: `${knex}await db('users').where({ id }).decrement('stock', 1);`, options: [{ ignoreColumns: ['stock'] }] },
    { code: `${knex}await db('users').where({ id }).decrement('balance', 1);`, options: [{ columns: ['seats'] }] },
  ],
  invalid: [
    {
      // No claim: a map's delete, a delete whose where cannot be read, an amount not read off a record.
      code: `${prisma}async function close(userId) {\n  const frozen = await load(userId);\n  await cache.delete(frozen.id);\n  await prisma.frozenBalance.delete(args);\n  await prisma.frozenBalance.delete({ where: { id: frozen.id } });\n  await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: amountOf(frozen).value } } });\n  await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: amount } } });\n}`,
      errors: [{ messageId: 'unguarded', line: 8 }, { messageId: 'unguarded', line: 9 }],
    },
    {
      // deleteMany does not throw when nothing matches.
      code: `${prisma}async function unfreeze(userId, contractId) {\n  try {\n    const frozen = await prisma.frozenBalance.findFirst({ where: { userId, contractId } });\n    if (!frozen) return false;\n    await prisma.frozenBalance.deleteMany({ where: { id: frozen.id } });\n    await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: frozen.amount } } });\n    return true;\n  } catch (error) {\n    console.error(error);\n    return false;\n  }\n}`,
      errors: [{ messageId: 'unguarded', data: { column: 'frozenBalance', guard: '`frozenBalance: { gte: … }` in `where`' } }],
    },
    {
      // The delete comes after the decrement.
      code: `${prisma}async function unfreeze(userId, contractId) {\n  try {\n    const frozen = await prisma.frozenBalance.findFirst({ where: { userId, contractId } });\n    if (!frozen) return false;\n    await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: frozen.amount } } });\n    await prisma.frozenBalance.delete({ where: { id: frozen.id } });\n    return true;\n  } catch (error) {\n    console.error(error);\n    return false;\n  }\n}`,
      errors: [{ messageId: 'unguarded', data: { column: 'frozenBalance', guard: '`frozenBalance: { gte: … }` in `where`' } }],
    },
    {
      // The delete's failure is swallowed: the decrement runs anyway.
      code: `${prisma}async function unfreeze(userId, contractId) {\n  try {\n    const frozen = await prisma.frozenBalance.findFirst({ where: { userId, contractId } });\n    if (!frozen) return false;\n    try {\n      await prisma.frozenBalance.delete({ where: { id: frozen.id } });\n    } catch {}\n    await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: frozen.amount } } });\n    return true;\n  } catch (error) {\n    console.error(error);\n    return false;\n  }\n}`,
      errors: [{ messageId: 'unguarded', data: { column: 'frozenBalance', guard: '`frozenBalance: { gte: … }` in `where`' } }],
    },
    {
      // A delete not awaited, or of a record that does not hold the amount.
      code: `${prisma}async function unfreeze(userId, contractId) {\n  try {\n    const frozen = await prisma.frozenBalance.findFirst({ where: { userId, contractId } });\n    if (!frozen) return false;\n    prisma.frozenBalance.delete({ where: { id: frozen.id } });\n    await prisma.session.delete({ where: { id: sessionId } });\n    await prisma.wallet.update({ where: { userId }, data: { frozenBalance: { decrement: frozen.amount } } });\n    return true;\n  } catch (error) {\n    console.error(error);\n    return false;\n  }\n}`,
      errors: [{ messageId: 'unguarded', data: { column: 'frozenBalance', guard: '`frozenBalance: { gte: … }` in `where`' } }],
    },
    {
      code: `${prisma}await prisma.user.update({ where: { id }, data: { balance: { decrement: price } } });`,
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: '`balance: { gte: … }` in `where`' }, line: 3, column: 51, endLine: 3, endColumn: 80 }],
    },
    {
      code: `${prisma}await prisma.user.updateMany({ where: { id }, data: { starsBalance: { decrement: 1 }, name: 'x' } });`,
      errors: [{ messageId: 'unguarded', data: { column: 'starsBalance', guard: '`starsBalance: { gte: … }` in `where`' } }],
    },
    {
      code: `${prisma}await prisma.user.upsert({ where: { id }, create: { id, credits: 0 }, update: { credits: { decrement: cost } } });`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${prisma}await prisma.user.update({ where: { id }, data: { credits: { increment: -cost } } });`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${prisma}const data = { balance: { decrement: price } };\nawait prisma.user.update({ where: { id, balance: { lte: 100 } }, data });`,
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    {
      // Checked before, in JS: another request can spend in between.
      code: `${prisma}const user = await prisma.user.findUnique({ where: { id } });\nif (user.balance < price) return;\nawait prisma.user.update({ where: { id }, data: { balance: { decrement: price } } });`,
      errors: [{ messageId: 'unguarded', line: 5 }],
    },
    {
      code: `${prisma}await prisma.$transaction(async (tx) => {\n  await tx.user.update({ where: { id }, data: { balance: { decrement: price } } });\n});`,
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    {
      code: "import { prisma } from '../lib/db';\nawait prisma.wallet.update({ where: { userId }, data: { coins: { decrement: n } } }).catch(handle);",
      errors: [{ messageId: 'unguarded', line: 2 }],
    },
    {
      code: "import { PrismaService } from './prisma.service';\nclass Wallets {\n  constructor(private readonly prisma: PrismaService) {}\n  spend(id: string, n: number) {\n    return this.prisma.user.update({ where: { id }, data: { tokens: { decrement: n } } });\n  }\n}",
      errors: [{ messageId: 'unguarded', line: 5 }],
    },
    {
      code: "import { PrismaClient } from '@prisma/client';\nclass Db extends PrismaClient {\n  spend(id: string) {\n    return this.user.update({ where: { id }, data: { points: { decrement: 1 } } });\n  }\n}",
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    {
      code: "const { PrismaClient } = require('@prisma/client');\nconst prisma = globalThis.prisma ?? new PrismaClient();\nprisma.user.update({ where: { id }, data: { balance: { decrement: 1 } } });",
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    // knex
    {
      code: `${knex}await db('users').where({ id }).decrement('balance', price);`,
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: "`.where('balance', '>=', …)`" }, line: 3, column: 33, endLine: 3, endColumn: 42 }],
    },
    {
      code: `${knex}await db('users').where({ id }).decrement('credits');`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${knex}await db('users').where({ id }).decrement({ balance: price, stock: 1 });`,
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: "`.where('balance', '>=', …)`" } }, { messageId: 'unguarded', data: { column: 'stock', guard: "`.where('stock', '>=', …)`" } }],
    },
    {
      code: `${knex}await db.transaction(async (trx) => {\n  await trx('users').where({ id }).decrement('balance', price);\n});`,
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    {
      code: `${knex}await db.table('users').where('balance', '>=', other).decrement('balance', price);\nawait db.from('users').where('stock', '<', 5).decrement('stock', 1);`,
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    {
      code: "const db = require('knex')({ client: 'pg' });\ndb('users').where({ id }).decrement('balance', 1);",
      errors: [{ messageId: 'unguarded', line: 2 }],
    },
    {
      code: "import type { Knex } from 'knex';\nexport async function spend(db: Knex, id: number) {\n  await db('users').where({ id }).decrement('balance', 1);\n}",
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    {
      code: "const knex = require('./db');\nknex('users').where({ id }).decrement('balance', 1);",
      errors: [{ messageId: 'unguarded', line: 2 }],
    },
    {
      code: "import knex from '../knex';\nawait knex('users').where({ id }).decrement('balance', 1);",
      errors: [{ messageId: 'unguarded', line: 2 }],
    },
    {
      code: "const db = require('../lib/prisma');\ndb.user.update({ where: { id }, data: { balance: { decrement: 1 } } });",
      errors: [{ messageId: 'unguarded', line: 2 }],
    },
    {
      code: "import { PrismaClient } from '@prisma/client';\nclass Wallet {\n  private db = new PrismaClient();\n  spend() { return this.db.user.update({ where: { id }, data: { coins: { decrement: 1 } } }); }\n}",
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    {
      code: "import { PrismaClient } from '@prisma/client';\nclass Wallet {\n  private db: PrismaClient;\n  spend() { return this.db.user.update({ where: { id }, data: { coins: { decrement: 1 } } }); }\n}",
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    {
      code: "import { Prisma } from '@prisma/client';\nasync function spend(tx: Prisma.TransactionClient) {\n  await tx.user.update({ where: { id }, data: { coins: { decrement: 1 } } });\n}",
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    {
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient().$extends({});\nawait prisma.user.update({ where: { id }, data: { coins: { decrement: 1 } } });",
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    {
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = cond ? new PrismaClient() : null;\nawait prisma!.user.update({ where: { id }, data: { coins: { decrement: 1 } } });",
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    {
      code: `${knex}await db('users').where({ id }).update({ balance: db.raw('balance - ?', [price]), updated_at: new Date() });`,
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: "`.where('balance', '>=', …)`" }, line: 3, column: 51, endLine: 3, endColumn: 81 }],
    },
    {
      code: `${knex}await db('users').where({ id }).update({ credits: db.raw('?? - ?', ['credits', n]) });\nawait db('users').where({ id }).update({ stars: db.raw('"stars" - 1') });`,
      errors: [{ messageId: 'unguarded', line: 3 }, { messageId: 'unguarded', line: 4 }],
    },
    // Drizzle
    {
      code: `${drizzle}await db.update(users).set({ balance: sql\`\${users.balance} - \${price}\` }).where(eq(users.id, id));`,
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: '`gte(table.balance, …)` in `.where(…)`' }, line: 4, column: 39, endLine: 4, endColumn: 71 }],
    },
    {
      code: `${drizzle}await db.update(users).set({ credits: sql\`credits - 1\`, updatedAt: new Date() }).where(eq(users.id, id));`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${drizzle}await db.update(users).set({ credits: sql<number>\`"credits" - \${n}\` }).where(eq(users.id, id));`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${drizzle}await db.update(users).set({ stars: sql\`\${users.stars} - 1\` });`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${drizzle}await db.transaction(async (tx) => {\n  await tx.update(users).set({ balance: sql\`\${users.balance} - \${price}\` }).where(eq(users.id, id));\n});`,
      errors: [{ messageId: 'unguarded', line: 5 }],
    },
    {
      code: "import type { NodePgDatabase } from 'drizzle-orm/node-postgres';\nimport { sql, eq } from 'drizzle-orm';\nexport async function spend(db: NodePgDatabase) {\n  await db.update(users).set({ balance: sql`${users.balance} - 1` }).where(eq(users.id, id));\n}",
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    // Kysely
    {
      code: `${kysely}await db.updateTable('users').set((eb) => ({ balance: eb('balance', '-', price) })).where('id', '=', id).execute();`,
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: "`.where('balance', '>=', …)`" } }],
    },
    {
      code: `${kysely}await db.updateTable('users').set({ balance: sql\`balance - \${price}\` }).where('id', '=', id).execute();`,
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${kysely}await db.transaction().execute(async (trx) => {\n  await trx.updateTable('users').set((eb) => ({ balance: eb('balance', '-', price) })).where('id', '=', id).execute();\n});`,
      errors: [{ messageId: 'unguarded', line: 4 }],
    },
    // TypeORM
    {
      code: "import { Repository } from 'typeorm';\ndeclare const repo: Repository<User>; await repo.decrement({ id }, 'balance', price);",
      errors: [{ messageId: 'unguarded', data: { column: 'balance', guard: '`balance: MoreThanOrEqual(…)` in the criteria' }, line: 2, column: 50, endLine: 2, endColumn: 59 }],
    },
    {
      code: "import { EntityManager } from 'typeorm';\nasync function f(manager: EntityManager) { await manager.decrement(User, { id }, 'coins', 1); }",
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: "import { Injectable } from '@nestjs/common';\nimport { InjectRepository } from '@nestjs/typeorm';\nimport { Repository } from 'typeorm';\n@Injectable()\nclass Wallets {\n  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}\n  spend(id: number, n: number) { return this.users.decrement({ id }, 'balance', n); }\n}",
      errors: [{ messageId: 'unguarded', line: 7 }],
    },
    {
      code: "import { DataSource } from 'typeorm';\nconst ds = new DataSource(options);\nawait ds.transaction(async (manager) => { await manager.decrement(User, { id }, 'balance', n); });",
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    {
      code: "import { AppDataSource } from './data-source';\nimport type { Repository } from 'typeorm';\nawait AppDataSource.getRepository(User).decrement({ id }, 'stars', 1);",
      errors: [{ messageId: 'unguarded', line: 3 }],
    },
    // Options
    {
      code: `${knex}await db('users').where({ id }).decrement('seats', 1);`,
      options: [{ columns: ['seats'] }],
      errors: [{ messageId: 'unguarded' }],
    },
    {
      code: `${knex}await db('users').where({ id }).decrement('free_gens', 1);`,
      options: [{ columns: ['/gens$/'] }],
      errors: [{ messageId: 'unguarded' }],
    },
  ],
});

/** A grammY bot on PostgreSQL with `middleware` installed (line 6), then `handler` from line 7. */
function grammyBot(middleware: string, handler: string) {
  return `import { Bot, session } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import pg from 'pg';
const pool = new pg.Pool();
const bot = new Bot('token');
${middleware}
${handler}`;
}

const SEQUENTIALIZE = 'bot.use(sequentialize((ctx) => String(ctx.from?.id)));';
/** The acting user's balance read, checked, then decremented (line 10). */
const CHECKED_SPEND = `bot.callbackQuery('buy', async (ctx) => {
  const { rows } = await pool.query('SELECT balance FROM users WHERE tg_id = $1', [ctx.from.id]);
  if (rows[0].balance < 10) return ctx.answerCallbackQuery('not enough');
  await pool.query('UPDATE users SET balance = balance - 10 WHERE tg_id = $1', [ctx.from.id]);
});`;
const UNCHECKED_SPEND = CHECKED_SPEND.replace("  if (rows[0].balance < 10) return ctx.answerCallbackQuery('not enough');\n", '');
/** A product's stock, picked by callback data: a row every user shares (decrement on line 10). */
const STOCK_SPEND = `bot.callbackQuery(/^buy:(\\d+)$/, async (ctx) => {
  const { rows } = await pool.query('SELECT stock FROM products WHERE id = $1', [ctx.match[1]]);
  if (rows[0].stock < 1) return ctx.answerCallbackQuery('sold out');
  await pool.query('UPDATE products SET stock = stock - 1 WHERE id = $1', [ctx.match[1]]);
});`;
/** The same spend through Prisma behind a session busy flag (decrement on line 12). */
const BUSY_SPEND = `bot.command('spin', async (ctx) => {
  if (ctx.session.spinning) return;
  ctx.session.spinning = true;
  try {
    const user = await prisma.user.findUnique({ where: { telegramId: ctx.from.id } });
    if (user.balance < 5) return ctx.reply('not enough');
    await prisma.user.update({ where: { id: user.id }, data: { balance: { decrement: 5 } } });
  } finally {
    ctx.session.spinning = false;
  }
});`;
const PRISMA_BOT = (sessionOptions: string) => `import { Bot, session } from 'grammy';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const bot = new Bot('token');
bot.use(session(${sessionOptions}));
${BUSY_SPEND}`;

/** A grammY bot on TypeORM, sequentialized per sender, with `handler` from line 8 (the decrement on line 11). */
const TYPEORM_BOT = (handler: string) => `import { Bot } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import { DataSource } from 'typeorm';
const ds = new DataSource({});
const repo = ds.getRepository(User);
const bot = new Bot('token');
${SEQUENTIALIZE}
${handler}`;
/** TypeORM: the sender's row read, checked, decremented by the criteria `{ telegramId: ctx.from.id }`. */
const TYPEORM_OWN = `bot.command('spin', async (ctx) => {
  const user = await repo.findOneBy({ telegramId: ctx.from.id });
  if (user.balance < 5) return ctx.reply('not enough');
  await repo.decrement({ telegramId: ctx.from.id }, 'balance', 5);
});`;
const TYPEORM_OWN_MANAGER = TYPEORM_OWN.replace('repo.findOneBy({', 'ds.manager.findOneBy(User, {').replace('repo.decrement({', 'ds.manager.decrement(User, {');
/** TypeORM: a product's stock picked by the command's argument, a row every user shares. */
const TYPEORM_STOCK = `bot.command('buy', async (ctx) => {
  const item = await repo.findOneBy({ id: ctx.match });
  if (item.stock < 1) return ctx.reply('sold out');
  await repo.decrement({ id: ctx.match }, 'stock', 1);
});`;

/** A grammY bot on PostgreSQL with the checked spend (decrement on line 8), started by `start`. */
const STARTED = (start: string) => `import { Bot } from 'grammy';
import pg from 'pg';
const pool = new pg.Pool();
const bot = new Bot('token');
${CHECKED_SPEND}
${start}`;
const startedGuard = (start: string) => [{ messageId: 'suggestGuard' as const, output: STARTED(start).replace('10 WHERE tg_id = $1', '10 WHERE tg_id = $1 AND balance >= 10') }];

ruleTester.run('no-unguarded-decrement: per-user serialisation', rule, {
  valid: [
    // Checked in code, on the acting user's own row, one update of that user at a time.
    grammyBot(SEQUENTIALIZE, CHECKED_SPEND),
    PRISMA_BOT('{ initial: () => ({ spinning: false }) }'),
    // TypeORM: the criteria of `repository.decrement(criteria, column, value)` and
    // `manager.decrement(Entity, criteria, column, value)` picks the row, here the sender's own.
    TYPEORM_BOT(TYPEORM_OWN),
    TYPEORM_BOT(TYPEORM_OWN_MANAGER),
    // grammY's built-in long polling (\`bot.start()\`) awaits the middleware of one update before the next.
    STARTED('bot.start();'),
    STARTED('await bot.start({ onStart: () => console.log("up") });'),
  ],
  invalid: [
    // Concurrent: grammY runner's \`run(bot)\`, a webhook, or never started here.
    { code: STARTED("import { run } from '@grammyjs/runner';\nrun(bot);"), errors: [{ messageId: 'unguarded', line: 8, suggestions: startedGuard("import { run } from '@grammyjs/runner';\nrun(bot);") }] },
    {
      code: STARTED("if (process.env.WEBHOOK) app.use(webhookCallback(bot, 'express'));\nelse bot.start();"),
      errors: [{ messageId: 'unguarded', line: 8, suggestions: startedGuard("if (process.env.WEBHOOK) app.use(webhookCallback(bot, 'express'));\nelse bot.start();") }],
    },
    { code: STARTED('export default bot;'), errors: [{ messageId: 'unguarded', line: 8, suggestions: startedGuard('export default bot;') }] },
    // TypeORM: the same spend without serialisation, and a shared row (the stock) with it.
    { code: TYPEORM_BOT(TYPEORM_OWN).replace(`${SEQUENTIALIZE}\n`, ''), errors: [{ messageId: 'unguarded', line: 10 }] },
    { code: TYPEORM_BOT(TYPEORM_OWN_MANAGER).replace(`${SEQUENTIALIZE}\n`, ''), errors: [{ messageId: 'unguarded', line: 10 }] },
    { code: TYPEORM_BOT(TYPEORM_STOCK), errors: [{ messageId: 'unguarded', line: 11 }] },
    // No serialisation: two taps of the same user both pass the check.
    {
      code: grammyBot('', CHECKED_SPEND),
      errors: [{ messageId: 'unguarded', line: 10, suggestions: [{ messageId: 'suggestGuard', output: grammyBot('', CHECKED_SPEND.replace('10 WHERE tg_id = $1', '10 WHERE tg_id = $1 AND balance >= 10')) }] }],
    },
    // Serialised, but nothing checks the balance first: one update alone drives it below zero.
    {
      code: grammyBot(SEQUENTIALIZE, UNCHECKED_SPEND),
      errors: [{ messageId: 'unguarded', line: 9, suggestions: [{ messageId: 'suggestGuard', output: grammyBot(SEQUENTIALIZE, UNCHECKED_SPEND.replace('10 WHERE tg_id = $1', '10 WHERE tg_id = $1 AND balance >= 10')) }] }],
    },
    // A shared row (a product's stock picked by callback data) races between users.
    {
      code: grammyBot(SEQUENTIALIZE, STOCK_SPEND),
      errors: [{ messageId: 'unguarded', line: 10, suggestions: [{ messageId: 'suggestGuard', output: grammyBot(SEQUENTIALIZE, STOCK_SPEND.replace('1 WHERE id = $1', '1 WHERE id = $1 AND stock >= 1')) }] }],
    },
    // A session in an external store: the busy flag is read and written across awaits.
    { code: PRISMA_BOT('{ initial: () => ({}), storage: freeStorage(bot.token) }'), errors: [{ messageId: 'unguarded', line: 12 }] },
  ],
});

/** An Express route of the bot's panel that pays a withdrawal out (decrement on line 7), registered with `middleware`. */
const PAYOUT_ROUTE = (middleware: string) => `import express from 'express';
import pg from 'pg';
const pool = new pg.Pool();
const router = express.Router();
router.post('/withdrawals/:id/process', ${middleware}async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM withdrawals WHERE id = $1', [req.params.id]);
  await pool.query('UPDATE users SET wallet_balance = wallet_balance - $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  res.json({ ok: true });
});`;
/** A node-telegram-bot-api callback that accepts an order (decrement on line 8), behind `exit`. */
const ACCEPT_ORDER = (exit: string) => `import TelegramBot from 'node-telegram-bot-api';
import pg from 'pg';
const pool = new pg.Pool();
const bot = new TelegramBot('token', { polling: true });
bot.on('callback_query', async (query) => {
  ${exit}
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [query.data]);
  await pool.query('UPDATE categories SET stock = stock - $2 WHERE id = $1', [rows[0].category_id, rows[0].quantity]);
});`;
/** The same accept through Mongoose (the `$inc` on line 7). */
const ACCEPT_ORDER_MONGO = (exit: string) => `import TelegramBot from 'node-telegram-bot-api';
import mongoose from 'mongoose';
const Category = mongoose.model('Category', new mongoose.Schema({ stock: Number }));
const bot = new TelegramBot('token', { polling: true });
bot.on('callback_query', async (query) => {
  ${exit}
  await Category.updateOne({ _id: query.data }, { $inc: { stock: -1 } });
});`;
const ADMIN_EXIT = 'if (query.from.id.toString() !== process.env.ADMIN_ID) return;';
/** `PAYOUT_ROUTE` with a line `before` it after the router's creation (the decrement on line 8), and `after` it. */
const GATED_PAYOUT = (before: string, after = '') => PAYOUT_ROUTE('').replace('const router = express.Router();\n', `const router = express.Router();\n${before}\n`) + after;
const guardPayout = (code: string) => [{ messageId: 'suggestGuard' as const, output: code.replace("WHERE id = $2'", "WHERE id = $2 AND wallet_balance >= $1'") }];
const guardStock = (code: string) => [{ messageId: 'suggestGuard' as const, output: code.replace("- $2 WHERE id = $1'", "- $2 WHERE id = $1 AND stock >= $2'") }];

ruleTester.run('no-unguarded-decrement: admin-only code', rule, {
  valid: [
    // Only the bot's operator runs it: a route behind an admin middleware, a handler behind an admin exit.
    PAYOUT_ROUTE("adminAuthMiddleware('admin'), "),
    ACCEPT_ORDER(ADMIN_EXIT),
    ACCEPT_ORDER_MONGO(ADMIN_EXIT),
    // The router's operator gate, used before the route (round 22): Express runs it first.
    GATED_PAYOUT('router.use(requireAdmin);'),
    `${prisma}bot.command('refund', async (ctx) => {
      if (!isAdmin(ctx.from.id)) return;
      await prisma.user.update({ where: { id: Number(ctx.match) }, data: { balance: { decrement: 100 } } });
    });`,
  ],
  invalid: [
    // Any user reaches it.
    { code: PAYOUT_ROUTE('requireLogin, '), errors: [{ messageId: 'unguarded', line: 7, suggestions: guardPayout(PAYOUT_ROUTE('requireLogin, ')) }] },
    { code: ACCEPT_ORDER('if (!query.data) return;'), errors: [{ messageId: 'unguarded', line: 8, suggestions: guardStock(ACCEPT_ORDER('if (!query.data) return;')) }] },
    { code: ACCEPT_ORDER_MONGO('if (!query.data) return;'), errors: [{ messageId: 'unguardedMongo', line: 7 }] },
    // A sign-in any user passes, or the operator gate used after the route.
    { code: GATED_PAYOUT('router.use(requireLogin);'), errors: [{ messageId: 'unguarded', line: 8, suggestions: guardPayout(GATED_PAYOUT('router.use(requireLogin);')) }] },
    { code: GATED_PAYOUT('', '\nrouter.use(requireAdmin);'), errors: [{ messageId: 'unguarded', line: 8, suggestions: guardPayout(GATED_PAYOUT('', '\nrouter.use(requireAdmin);')) }] },
    {
      code: `${prisma}bot.command('refund', async (ctx) => {
      if (!isAdmin(ctx.from.id)) return;
      await prisma.user.update({ where: { id: Number(ctx.match) }, data: { balance: { decrement: 100 } } });
    });`,
      options: [{ checkAdminCode: true }],
      errors: [{ messageId: 'unguarded', line: 5 }],
    },
    // A bare `creator` is an entity looked up (a channel's creator paying out), not the operator.
    {
      code: `${prisma}export async function payout(telegramId, amount) {
      const creator = await prisma.creator.findUnique({ where: { telegramId } });
      if (!creator) throw new Error('Creator not found');
      await prisma.creatorBalance.update({ where: { creatorId: creator.id }, data: { balance: { decrement: amount } } });
    }`,
      errors: [{ messageId: 'unguarded', line: 6 }],
    },
    // `checkAdminCode` (the strict config) reports admin-only code too.
    {
      code: PAYOUT_ROUTE("adminAuthMiddleware('admin'), "),
      options: [{ checkAdminCode: true }],
      errors: [{ messageId: 'unguarded', line: 7, suggestions: guardPayout(PAYOUT_ROUTE("adminAuthMiddleware('admin'), ")) }],
    },
    { code: ACCEPT_ORDER(ADMIN_EXIT), options: [{ checkAdminCode: true }], errors: [{ messageId: 'unguarded', line: 8, suggestions: guardStock(ACCEPT_ORDER(ADMIN_EXIT)) }] },
    { code: ACCEPT_ORDER_MONGO(ADMIN_EXIT), options: [{ checkAdminCode: true }], errors: [{ messageId: 'unguardedMongo', line: 7 }] },
  ],
});

/**
 * A node-telegram-bot-api bet: a button arms the sender's pending state, the next message is the
 * amount; the handler checks the balance, clears the state before its first `await`, then debits
 * (the `$inc` on line 13, or the SQL on line 13 for the pg variant).
 */
const BET = (store: string, debit: string) => `import TelegramBot from 'node-telegram-bot-api';
${store}
const bot = new TelegramBot('token', { polling: true });
const state = {};
bot.on('callback_query', (query) => { if (query.data === 'bet') state[query.from.id] = 'bet'; });
bot.on('message', async (msg) => {
  const uid = msg.from.id;
  const user = await User.findOne({ id: uid });
  if (state[uid] === 'bet') {
    const sum = Number(msg.text);
    if (sum > user.balance) return bot.sendMessage(uid, 'not enough');
    state[uid] = undefined;
    ${debit}
  }
});`;
const MONGO_STORE = "import mongoose from 'mongoose';\nconst User = mongoose.model('User', new mongoose.Schema({ balance: Number }));";
const MONGO_DEBIT = 'await User.updateOne({ id: uid }, { $inc: { balance: -sum } });';
const PG_STORE = "import pg from 'pg';\nconst pool = new pg.Pool();";
const PG_DEBIT = "await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [sum, uid]);";
const pgGuard = (code: string) => [{ messageId: 'suggestGuard' as const, output: code.replace('WHERE id = $2', 'WHERE id = $2 AND balance >= $1') }];

ruleTester.run('no-unguarded-decrement: a pending state consumed before the first await', rule, {
  valid: [
    // One arming of `state[uid]` lets one amount message through: a second message finds it cleared.
    BET(MONGO_STORE, MONGO_DEBIT),
    BET(PG_STORE.replace('const pool', 'const User = model;\nconst pool'), PG_DEBIT),
    // MongoDB under grammY runner's `sequentialize` per sender: the filter selects the sender's own document.
    `import { Bot } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ balance: Number }));
const bot = new Bot('token');
bot.use(sequentialize((ctx) => String(ctx.from?.id)));
bot.command('spin', async (ctx) => {
  const user = await User.findOne({ tgId: ctx.from.id });
  if (user.balance < 5) return ctx.reply('not enough');
  await User.updateOne({ tgId: ctx.from.id }, { $inc: { balance: -5 } });
});`,
    // A Map, cleared with `delete`.
    BET(MONGO_STORE, MONGO_DEBIT).replace('const state = {};', 'const state = new Map();').replace("state[query.from.id] = 'bet'", "state.set(query.from.id, 'bet')").replace("state[uid] === 'bet'", "state.get(uid) === 'bet'").replace('state[uid] = undefined;', 'state.delete(uid);'),
  ],
  invalid: [
    // Cleared after the first await: two amount messages both pass the gate.
    {
      code: BET(MONGO_STORE, MONGO_DEBIT).replace('    state[uid] = undefined;\n', '    await bot.sendMessage(uid, "ok");\n    state[uid] = undefined;\n'),
      errors: [{ messageId: 'unguardedMongo', line: 15 }],
    },
    // Never cleared.
    { code: BET(MONGO_STORE, MONGO_DEBIT).replace('    state[uid] = undefined;\n', ''), errors: [{ messageId: 'unguardedMongo', line: 13 }] },
    // A state per call (declared in the handler), and a row the state is not keyed on.
    {
      code: BET(MONGO_STORE, MONGO_DEBIT).replace('const state = {};\n', '').replace('  const uid = msg.from.id;', '  const uid = msg.from.id;\n  const state = {};'),
      errors: [{ messageId: 'unguardedMongo', line: 14 }],
    },
    { code: BET(MONGO_STORE, 'await User.updateOne({ id: user.referrer }, { $inc: { balance: -sum } });'), errors: [{ messageId: 'unguardedMongo', line: 14 }] },
    // Armed in the same handler just before the gate: every message passes.
    {
      code: BET(MONGO_STORE, MONGO_DEBIT).replace("  if (state[uid] === 'bet') {", "  state[uid] = 'bet';\n  if (state[uid] === 'bet') {"),
      errors: [{ messageId: 'unguardedMongo', line: 15 }],
    },
    // Nothing checks the balance: one message alone drives it below zero.
    { code: BET(MONGO_STORE, MONGO_DEBIT).replace("    if (sum > user.balance) return bot.sendMessage(uid, 'not enough');\n", ''), errors: [{ messageId: 'unguardedMongo', line: 13 }] },
    {
      code: BET(PG_STORE, PG_DEBIT).replace('    state[uid] = undefined;\n', ''),
      errors: [{ messageId: 'unguarded', line: 13, suggestions: pgGuard(BET(PG_STORE, PG_DEBIT).replace('    state[uid] = undefined;\n', '')) }],
    },
  ],
});

/** A module factory whose caller passes a Prisma client (issue 16: `module.exports = (bot, db) => …`). */
const factories = fs.mkdtempSync(path.join(os.tmpdir(), 'nud-factory-'));
fs.writeFileSync(path.join(factories, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', '@prisma/client': '^6' } }));
const shop = `export default function register(bot, db) {
  bot.command('buy', async (ctx) => {
    const user = await db.user.findUnique({ where: { id: ctx.from.id } });
    if (user.balance < 10) return ctx.reply('Not enough');
    await db.user.update({ where: { id: ctx.from.id }, data: { balance: { decrement: 10 } } });
  });
}
`;
const shopFixed = shop.replace('db.user.update({ where: { id: ctx.from.id },', 'db.user.updateMany({ where: { id: ctx.from.id, balance: { gte: 10 } },');
fs.writeFileSync(path.join(factories, 'shop.ts'), shop);
fs.writeFileSync(path.join(factories, 'shop-fixed.ts'), shopFixed);
fs.writeFileSync(path.join(factories, 'other.ts'), shop);
fs.writeFileSync(
  path.join(factories, 'bot.ts'),
  "import { Bot } from 'grammy';\nimport { PrismaClient } from '@prisma/client';\nimport register from './shop';\nimport registerFixed from './shop-fixed';\nimport registerOther from './other';\nconst prisma = new PrismaClient();\nconst bot = new Bot(token);\nregister(bot, prisma);\nregisterFixed(bot, prisma);\nregisterOther(bot, cache);\n",
);

ruleTester.run('no-unguarded-decrement (module factories)', rule, {
  valid: [
    // The fixed code: the condition in `where`.
    { code: shopFixed, filename: path.join(factories, 'shop-fixed.ts') },
    // A caller passes a value of unknown origin, or no caller is on disk: the parameter's name proves nothing.
    { code: shop, filename: path.join(factories, 'other.ts') },
    shop,
  ],
  invalid: [
    // `register(bot, prisma)` with `prisma = new PrismaClient()`: the factory's `db` is that client.
    { code: shop, filename: path.join(factories, 'shop.ts'), errors: [{ messageId: 'unguarded', line: 5 }] },
  ],
});

/**
 * NestJS: a service's method reached only from `@Command` handlers of an `@Update` class behind a
 * private admin predicate (`if (!this.onlyOperator(ctx)) return;`), through the injected service.
 */
const nest = fs.mkdtempSync(path.join(os.tmpdir(), 'nud-nest-admin-'));
fs.writeFileSync(path.join(nest, 'package.json'), JSON.stringify({ dependencies: { 'nestjs-telegraf': '^2', telegraf: '^4', '@prisma/client': '^6' } }));
const service = (name: string): string => `import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';
@Injectable()
export class ${name} {
  constructor(private readonly prisma: PrismaService) {}
  async reverse(userId: string, amount: number) {
    return this.undo(userId, amount);
  }
  private undo(userId: string, amount: number) {
    return this.prisma.user.update({ where: { id: userId }, data: { balance: { decrement: amount } } });
  }
}
`;
fs.writeFileSync(path.join(nest, 'ledger.service.ts'), service('LedgerService'));
// A file that names the service only in a comment calls nothing.
fs.writeFileSync(path.join(nest, 'rates.ts'), '/** The rate LedgerService.reverse converts with. */\nexport const rate = 1;\n');
fs.writeFileSync(path.join(nest, 'wallet.service.ts'), service('WalletService'));
fs.writeFileSync(
  path.join(nest, 'panel.update.ts'),
  `import { Update, Command, Ctx } from 'nestjs-telegraf';
import { LedgerService } from './ledger.service';
import { WalletService } from './wallet.service';
import { OperatorCheck } from './operator-check';
@Update()
export class PanelUpdate {
  constructor(private readonly check: OperatorCheck, private readonly ledger: LedgerService, private readonly wallet: WalletService) {}
  @Command('reverse')
  async onReverse(@Ctx() ctx) {
    if (!this.assertAdmin(ctx)) return;
    await this.ledger.reverse(ctx.message.text, 5);
    await this.wallet.reverse(ctx.message.text, 5);
  }
  private assertAdmin(ctx): boolean {
    if (!this.check.isAdmin(ctx.from.id)) { void ctx.reply('no').catch(() => undefined); return false; }
    return true;
  }
}
`,
);
fs.writeFileSync(
  path.join(nest, 'user.update.ts'),
  `import { Update, Command, Ctx } from 'nestjs-telegraf';
import { WalletService } from './wallet.service';
@Update()
export class UserUpdate {
  constructor(private readonly wallet: WalletService) {}
  @Command('refund')
  async onRefund(@Ctx() ctx) {
    await this.wallet.reverse(String(ctx.from.id), 5);
  }
}
`,
);

ruleTester.run('no-unguarded-decrement (NestJS admin commands)', rule, {
  valid: [
    // Only `/reverse`, behind the admin predicate, reaches `LedgerService.reverse`.
    { code: service('LedgerService'), filename: path.join(nest, 'ledger.service.ts') },
  ],
  invalid: [
    // A user command reaches the same code in `WalletService`.
    { code: service('WalletService'), filename: path.join(nest, 'wallet.service.ts'), errors: [{ messageId: 'unguarded', line: 10 }] },
    // `checkAdminCode` reports the admin-only one too.
    { code: service('LedgerService'), filename: path.join(nest, 'ledger.service.ts'), options: [{ checkAdminCode: true }], errors: [{ messageId: 'unguarded', line: 10 }] },
  ],
});

/** A project on disk whose tsconfig maps `@models/*` to `src/models/*`; `src/models/user.ts` holds `model`. */
function aliasProject(name: string, model: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nud-alias-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { mongoose: '^8', telegraf: '^4' } }));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@models/*': ['src/models/*'] } } }));
  fs.mkdirSync(path.join(root, 'src', 'models'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'models', 'user.ts'), `${model}\n`);
  return path.join(root, 'src', 'spend.ts');
}
const aliasedModel = aliasProject('model', "import mongoose from 'mongoose';\nexport const User = mongoose.model('User', new mongoose.Schema({ balance: Number }));");
const aliasedCache = aliasProject('cache', 'export const User = new Map();');
const ALIAS_SPEND = (filter: string) => `import { User } from '@models/user';
export async function spend(telegramId: number, cost: number) {
  return User.findOneAndUpdate(${filter}, { $inc: { balance: -cost } }, { new: true });
}`;

ruleTester.run('no-unguarded-decrement: a Mongoose model imported through a tsconfig paths alias', rule, {
  valid: [
    // The fixed code: the filter keeps the balance from going negative.
    { code: ALIAS_SPEND('{ telegramId, balance: { $gte: cost } }'), filename: aliasedModel },
    // The alias names a project object nothing proves to be a model.
    { code: ALIAS_SPEND('{ telegramId }'), filename: aliasedCache },
  ],
  invalid: [{ code: ALIAS_SPEND('{ telegramId }'), filename: aliasedModel, errors: [{ messageId: 'unguardedMongo', line: 3 }] }],
});

/** `help.js`: a command handler that replies with `text`. */
const HELP = (text: string) => `module.exports = (ctx) => ctx.reply(${text});\n`;

/**
 * Round 25 (judged FALSE: Anggahrm+ZumyTRPG #15): a MongoDB spend in a static helper of a service class, awaited in the
 * handlers of the one grammY bot started with `bot.start()`; another method of the class that calls it is called by
 * nothing (named only in a help text), and the entry file logs a message with the word `serve`.
 */
function mongoStarted(name: string, extra: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nud-mongo-start-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', mongoose: '^8' } }));
  const files: Record<string, string> = {
    'player.js': "const mongoose = require('mongoose');\nmodule.exports = mongoose.model('Player', new mongoose.Schema({ gold: Number }));\n",
    'bot.js': "const { Bot } = require('grammy');\nconst Player = require('./player');\nconst PlayerService = require('./service');\nconst help = require('./help');\nconst bot = new Bot('token');\nbot.command('buy', async (ctx) => {\n  const player = await Player.findOne({ tg: ctx.from.id });\n  await PlayerService.removeGold(player, 10);\n});\nbot.command('help', help);\nmodule.exports = { bot };\n",
    // A module that does not load the service names the dead method only in the prose of its help text.
    'help.js': HELP('`• /duel - duel a bot player\\n` + `• /buy - buy`'),
    'index.js': "const { bot } = require('./bot');\nbot.start().then(() => console.log('Ready to serve players!'));\n",
    ...extra,
  };
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
  return root;
}
const PLAYER_SERVICE = `const Player = require('./player');
class PlayerService {
  static async removeGold(player, amount) {
    if (player.gold < amount) return false;
    await Player.updateOne({ _id: player._id }, { $inc: { gold: -amount } });
    return true;
  }
  static async duel(player) {
    await PlayerService.removeGold(player, 5);
  }
}
module.exports = PlayerService;
`;
const mongoService = (name: string, extra: Record<string, string> = {}) => {
  const root = mongoStarted(name, extra);
  fs.writeFileSync(path.join(root, 'service.js'), PLAYER_SERVICE);
  return { code: PLAYER_SERVICE, filename: path.join(root, 'service.js') };
};

ruleTester.run('no-unguarded-decrement: bot.start(), a dead caller and message strings (MongoDB)', rule, {
  valid: [mongoService('alone')],
  invalid: [
    // A timer of the project calls the other method: it spends between the handler's check and its write.
    {
      ...mongoService('timer', { 'daily.js': "const PlayerService = require('./service');\nsetInterval(() => PlayerService.duel({ _id: 1, gold: 10 }), 60_000);\n" }),
      errors: [{ messageId: 'unguardedMongo', line: 5 }],
    },
    // The help module, which does not load the service, names the method in code (`service.duel(p)`, `service['duel'](p)`): a caller unseen.
    { ...mongoService('help-code', { 'help.js': HELP("'duel'") + "module.exports.run = (service, p) => service.duel(p);\n" }), errors: [{ messageId: 'unguardedMongo', line: 5 }] },
    { ...mongoService('help-key', { 'help.js': HELP("'help'") + "module.exports.run = (service, p) => service['duel'](p);\n" }), errors: [{ messageId: 'unguardedMongo', line: 5 }] },
    // The entry file loads a module that serves requests.
    { ...mongoService('server', { 'index.js': "const { bot } = require('./bot');\nconst express = require('express');\nexpress().listen(3000);\nbot.start();\n" }), errors: [{ messageId: 'unguardedMongo', line: 5 }] },
  ],
});

/**
 * Round 33 (judged FALSE: Ozoda-dev-dat/tg_bot_brando #2): `bot.js`, a CommonJS grammY bot kept in a hot-reload
 * cache of the global object (`bot = global.botInstance || new Bot(…)`, written back only with `bot`), whose
 * handler checks a product's stock and then decrements it (line 15), started with `await bot.start()` in a retry
 * wrapper; `start.js` requires it. `make` is the bot's creation, `start` the code that runs it.
 */
const WAREHOUSE_BOT = (make = 'global.botInstance || new Bot(process.env.BOT_TOKEN)', start = 'await bot.start({ drop_pending_updates: true });') => `const { Bot } = require('grammy');
const { Pool } = require('pg');
let bot, pool;
try {
  bot = ${make};
  pool = new Pool();
  if (!global.botInstance) global.botInstance = bot;
} catch (error) {
  process.exit(0);
}
bot.callbackQuery(/^take:(\\d+)$/, async (ctx) => {
  const qty = 2;
  const { rows } = await pool.query('SELECT quantity FROM warehouse WHERE part_id = $1', [ctx.match[1]]);
  if (rows[0].quantity < qty) return ctx.reply('not enough');
  await pool.query('UPDATE warehouse SET quantity = quantity - $1 WHERE part_id = $2', [qty, ctx.match[1]]);
});
async function startBot() {
  try {
    ${start}
  } catch (error) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    return startBot();
  }
}
startBot();
`;
function warehouseProject(name: string, code: string, extra: Record<string, string> = {}): { code: string; filename: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `nud-cache-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', '@grammyjs/runner': '^2', telegraf: '^4', pg: '^8' } }));
  const files: Record<string, string> = { 'start.js': "require('./bot.js');\n", 'bot.js': code, ...extra };
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(root, file), text);
  return { code, filename: path.join(root, 'bot.js') };
}
const warehouseGuard = (code: string) => [{ messageId: 'suggestGuard' as const, output: code.replace('quantity - $1 WHERE part_id = $2', 'quantity - $1 WHERE part_id = $2 AND quantity >= $1') }];
const warehouseReported = (made: { code: string; filename: string }) => ({ ...made, errors: [{ messageId: 'unguarded' as const, line: 15, suggestions: warehouseGuard(made.code) }] });

ruleTester.run('no-unguarded-decrement: a grammY bot kept in a global cache, started with bot.start()', rule, {
  valid: [
    // One update of any user at a time, and the other writes of the stock only raise it (`quantity = quantity + $1`).
    warehouseProject('alone', WAREHOUSE_BOT(), { 'restock.js': "const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports = (id) => pool.query('UPDATE warehouse SET quantity = quantity + 1 WHERE part_id = $1', [id]);\n" }),
  ],
  invalid: [
    // The same bot run by grammY runner, or its stock reset by a timer between the check and the write.
    warehouseReported(warehouseProject('runner', WAREHOUSE_BOT(undefined, "const { run } = require('@grammyjs/runner');\n    run(bot);"))),
    warehouseReported(warehouseProject('timer', WAREHOUSE_BOT(), { 'reset.js': "const { Pool } = require('pg');\nconst pool = new Pool();\nsetInterval(() => pool.query('UPDATE warehouse SET quantity = 0'), 60_000);\n" })),
    // Telegraf's `launch()` handles a batch of updates at once: never one update at a time.
    warehouseReported(warehouseProject('telegraf', WAREHOUSE_BOT('global.botInstance || new Telegraf(process.env.BOT_TOKEN)', 'await bot.launch();').replace("const { Bot } = require('grammy');", "const { Telegraf } = require('telegraf');").replace('bot.callbackQuery(', 'bot.action('))),
    warehouseReported(warehouseProject('telegraf-plain', WAREHOUSE_BOT('new Telegraf(process.env.BOT_TOKEN)', 'await bot.launch();').replace("const { Bot } = require('grammy');", "const { Telegraf } = require('telegraf');").replace('bot.callbackQuery(', 'bot.action('))),
  ],
});

/**
 * A better-sqlite3 transfer whose non-transactional fallback (the decrement, line 9) runs only when
 * `test` is false: `transferAtomic` is a function declared below (hoisted), so
 * `typeof transferAtomic === 'function'` is always true.
 */
const FALLBACK = (test: string, taken = '    return transferAtomic(from, to, amount);', declared = 'function transferAtomic(from, to, amount) {\n  return db.transaction(() => moveCoins(from, to, amount))();\n}\n'): string => `const Database = require('better-sqlite3');
const db = new Database('bank.db');
function transfer(from, to, amount) {
  if (${test}) {
${taken}
  }
  // fallback (last resort)
  const at = new Date().toISOString();
  db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(amount, from);
  db.prepare('UPDATE users SET coins = coins + ? WHERE id = ?').run(amount, to);
  return at;
}
${declared}module.exports = { transfer };
`;

// Session 27 (round 26, no-unguarded-decrement#2, JoaoVictorCoder/DC-Coin-Bot): `if (typeof
// transferAtomic === 'function') return …;` with `transferAtomic` a function declaration of the same
// module: the test is always true and the fallback after it never runs.
ruleTester.run('no-unguarded-decrement: code a constant test never lets run', rule, {
  valid: [
    FALLBACK("typeof transferAtomic === 'function'"),
    FALLBACK("typeof transferAtomic == 'function'"),
    // The negations: the branch holding the decrement is the one never taken.
    FALLBACK("typeof transferAtomic !== 'undefined'"),
    `const Database = require('better-sqlite3');
const db = new Database('bank.db');
export function transfer(from, to, amount) {
  if (typeof transferAtomic !== 'function') {
    db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(amount, from);
  }
  return typeof transferAtomic === 'undefined' ? db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(amount, from) : transferAtomic(from, to, amount);
}
export function transferAtomic(from, to, amount) {
  return db.transaction(() => moveCoins(from, to, amount))();
}`,
    // An arrow created only in the fallback never runs either.
    FALLBACK("typeof transferAtomic === 'function'").replace(
      "  db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(amount, from);",
      "  const debit = () => db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(amount, from);\n  debit();",
    ),
  ],
  invalid: [
    // Imported (it may be undefined), declared as a variable, or reassigned: the test may be false.
    {
      code: FALLBACK("typeof transferAtomic === 'function'", undefined, "const { transferAtomic } = require('./atomic');\n"),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    {
      code: FALLBACK("typeof transferAtomic === 'function'", undefined, 'var transferAtomic = global.transferAtomic;\n'),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    {
      code: FALLBACK("typeof transferAtomic === 'function'").replace('module.exports', 'if (process.env.NO_TX) transferAtomic = null;\nmodule.exports'),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // Declared inside a block: bound only once the block runs.
    {
      code: FALLBACK("typeof transferAtomic === 'function'", undefined, '{\n  function transferAtomic(from, to, amount) {\n    return moveCoins(from, to, amount);\n  }\n}\n'),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // The branch taken does not leave: the fallback runs too.
    {
      code: FALLBACK("typeof transferAtomic === 'function'", '    transferAtomic(from, to, amount);'),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // The test itself is unknown.
    {
      code: FALLBACK("typeof transferAtomic === 'function' && useAtomic"),
      errors: [{ messageId: 'unguarded', line: 9 }],
    },
    // A function declared after the `return` is hoisted: called, its decrement runs.
    {
      code: `const Database = require('better-sqlite3');
const db = new Database('bank.db');
export function transfer(from, to, amount) {
  if (typeof debit === 'function') return debit(from, amount);
  throw new Error('no debit');
  function debit(id, n) {
    return db.prepare('UPDATE users SET coins = coins - ? WHERE id = ?').run(n, id);
  }
}`,
      errors: [{ messageId: 'unguarded', line: 7 }],
    },
  ],
});

/**
 * A decrement whose amount the same write puts into another balance of the same row (a deposit into
 * the user's own bank): a doubled run moves his own money twice, the sum of his balances unchanged
 * (NIASKAA+Discord-Bot-JS deposit.js:16, aggeloss27+Discord-v13 deposit.js:25). The decrement is on
 * line 3 in every case.
 */
const MONGO_MOVE = (inc: string): string => `${MONGO_STORE}\nawait User.updateOne({ id: uid }, { $inc: { ${inc} } });`;
const PG_MOVE = (set: string, params = '[amount, id]', where = 'id = $2'): string => `${PG_STORE}\nawait pool.query('UPDATE users SET ${set} WHERE ${where}', ${params});`;
/** The report of a raw-SQL move that is still a defect, with its suggested guard (`balance >= $1`) appended to `WHERE id = $2`. */
const PG_REPORT = (code: string, where = 'id = $2'): { code: string; errors: [{ messageId: 'unguarded'; line: number; suggestions: [{ messageId: 'suggestGuard'; output: string }] }] } => ({
  code,
  errors: [{ messageId: 'unguarded', line: 3, suggestions: [{ messageId: 'suggestGuard', output: code.replace(`WHERE ${where}'`, `WHERE ${where} AND balance >= $1'`) }] }],
});
const PRISMA_MOVE = (data: string): string => `${prisma}await prisma.user.update({ where: { id }, data: { ${data} } });`;

ruleTester.run('no-unguarded-decrement: the amount moved to another balance of the same row', rule, {
  valid: [
    MONGO_MOVE('coins: -amount, bank: amount'),
    MONGO_MOVE('bank: amount, coins: -amount'),
    MONGO_MOVE('coins: -args.amount, bank: args.amount'),
    MONGO_MOVE('coins: -100, bank: 100'),
    MONGO_MOVE('"economy.coins": -amount, "economy.bank": amount'),
    PG_MOVE('balance = balance - $1, bank = bank + $1'),
    PG_MOVE('balance = balance - $1, savings = savings + $1'),
    PG_MOVE('balance = balance - 50, bank = bank + 50', '[id]', 'id = $1'),
    PG_MOVE('balance = balance - $1, bank = bank + $2', '[amount, amount, id]', 'id = $3'),
    PRISMA_MOVE('balance: { decrement: n }, bank: { increment: n }'),
    PRISMA_MOVE('coins: { increment: -n }, bank: { increment: n }'),
  ],
  invalid: [
    // A fee kept back: a different amount is credited.
    { code: MONGO_MOVE('coins: -amount, bank: amount * 0.9'), errors: [{ messageId: 'unguardedMongo', line: 3 }] },
    { code: MONGO_MOVE('coins: -amount, bank: fee'), errors: [{ messageId: 'unguardedMongo', line: 3 }] },
    // Raised is a hold for a payout, or a count of money spent or paid out: the doubled run pays or buys twice.
    { code: MONGO_MOVE('coins: -amount, lockedCoins: amount'), errors: [{ messageId: 'unguardedMongo', line: 3 }] },
    { code: MONGO_MOVE('coins: -amount, totalSpent: amount'), errors: [{ messageId: 'unguardedMongo', line: 3 }] },
    { code: MONGO_MOVE('coins: -amount, coinsWithdrawn: amount'), errors: [{ messageId: 'unguardedMongo', line: 3 }] },
    // A field that holds nothing of the user's.
    { code: MONGO_MOVE('coins: -amount, xp: amount'), errors: [{ messageId: 'unguardedMongo', line: 3 }] },
    PG_REPORT(PG_MOVE('balance = balance - $1, bank = bank + $3', '[amount, id, bonus]')),
    PG_REPORT(PG_MOVE('balance = balance - $1, bank = bank + $1 * 0.9')),
    PG_REPORT(PG_MOVE('balance = balance - $1, pending_balance = pending_balance + $1')),
    // Into another money column that may be withdrawable (round 25, judged TRUE: castlejnr2-droid/yellowcatz-bot #3, #21).
    PG_REPORT(PG_MOVE('balance = balance - $1, spot_balance = spot_balance + $1')),
    { code: MONGO_MOVE('coins: -amount, wallet: amount'), errors: [{ messageId: 'unguardedMongo', line: 3 }] },
    PG_REPORT(PG_MOVE('balance = balance - $1, bank = bank + $2', '[amount, bonus, id]', 'id = $3'), 'id = $3'),
    { code: PRISMA_MOVE('balance: { decrement: n }, bank: { increment: m }'), errors: [{ messageId: 'unguarded', line: 3 }] },
    { code: PRISMA_MOVE('balance: { decrement: n }, totalWithdrawn: { increment: n }'), errors: [{ messageId: 'unguarded', line: 3 }] },
    // A transfer to another user: two writes of two rows, the credit is money created on the double-spend.
    {
      code: `${MONGO_STORE}\nawait User.updateOne({ id: from }, { $inc: { coins: -amount } });\nawait User.updateOne({ id: to }, { $inc: { coins: amount } });`,
      errors: [{ messageId: 'unguardedMongo', line: 3 }],
    },
    PG_REPORT(`${PG_STORE}\nawait pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [amount, from]);\nawait pool.query('UPDATE users SET bank = bank + $1 WHERE id = $2', [amount, to]);`),
  ],
});

/**
 * An item sold on better-sqlite3 (`db` from `../database`): the SELECT finds it only with `quantity > 0`,
 * the code compares `inv.quantity`, and the decrement is on line 11 (`between` just before the check).
 * The exit before it renders an image with an `await`, then returns.
 */
const SELL_ITEM = (between = '') => `const db = require('../database');
async function sell(message, args) {
  const inv = db.prepare('SELECT * FROM inventory WHERE user_id = ? AND item_name = ? AND quantity > 0').get(message.author.id, args[0]);
  if (!inv) {
    const img = await render('none');
    return message.reply({ files: [img] });
  }
${between}  if (inv.quantity <= 1) {
    db.prepare('DELETE FROM inventory WHERE user_id = ? AND item_name = ?').run(message.author.id, args[0]);
  } else {
    db.prepare('UPDATE inventory SET quantity = quantity - 1 WHERE user_id = ? AND item_name = ?').run(message.author.id, args[0]);
  }
  await message.reply('sold');
}
module.exports = { sell };
`;
const sellReported = (name: string, between: string, options?: Parameters<typeof discordSqliteProject>[2]) => {
  const project = discordSqliteProject(name, SELL_ITEM(between), options);
  const line = 11 + between.split('\n').length - 1;
  const output = project.code.replace("quantity - 1 WHERE user_id = ? AND item_name = ?'", "quantity - 1 WHERE user_id = ? AND item_name = ? AND quantity >= 1'");
  return { ...project, errors: [{ messageId: 'unguarded' as const, line, suggestions: [{ messageId: 'suggestGuard' as const, output }] }] };
};

// Round 29 (judged FALSE: MMAM1101+discord-bank-bot no-unguarded-decrement#12, #17, #21): better-sqlite3 is
// synchronous; the check of `quantity` and the decrement run with no `await` on the path between them:
// the only one answers and returns.
ruleTester.run('no-unguarded-decrement: an await only in an early exit (better-sqlite3)', rule, {
  valid: [discordSqliteProject('exits', SELL_ITEM())],
  invalid: [
    // The `await` on the path to the decrement: another sale runs while this one waits.
    sellReported('on-path', '  await message.channel.sendTyping();\n'),
    // In a branch that goes on to the decrement.
    sellReported('falls-through', "  if (inv.quantity === 1) {\n    await message.reply('last one');\n  }\n"),
    // The handle is an asynchronous driver's (sqlite3), though the package lists better-sqlite3 too: the absence of an `await` proves nothing.
    sellReported('async-driver', '', {
      dependencies: { 'better-sqlite3': '^9', sqlite3: '^5' },
      database: "const sqlite3 = require('sqlite3');\nconst db = new sqlite3.Database('bank.db');\nmodule.exports = db;\n",
    }),
  ],
});

/**
 * A `/gamble` command on the better-sqlite3 handle its own file opens (`require('better-sqlite3')(file)`),
 * in a package that lists `sqlite3` too: the SELECT (line 5), the check and the decrement (line 10)
 * run with no `await` between them (`between` sits just before the decrement).
 */
const GAMBLE = (between = '', driver = "require('better-sqlite3')(path.join(__dirname, 'main.db'))") => `const path = require('path');
const db = ${driver};
module.exports = [{
  async execute(interaction) {
    const user = db.prepare('SELECT * FROM users WHERE user_id = ?').get(interaction.user.id);
    const cantidad = interaction.options.getInteger('cantidad');
    if (user.balance < cantidad) return interaction.reply({ content: 'No tienes suficiente dinero.', ephemeral: true });
    const won = Math.random() < 0.3;
${between}    if (won) db.prepare('UPDATE users SET balance = balance + ? WHERE user_id = ?').run(cantidad * 2, interaction.user.id);
    else db.prepare('UPDATE users SET balance = balance - ? WHERE user_id = ?').run(cantidad, interaction.user.id);
    return interaction.reply(won ? 'won' : 'lost');
  },
}];
`;
const MIXED = { dependencies: { 'better-sqlite3': '^12', sqlite3: '^5' }, file: 'extras.js' };
const gambleReported = (name: string, between = '', driver?: string) => {
  const project = discordSqliteProject(name, GAMBLE(between, driver), MIXED);
  const line = 10 + between.split('\n').length - 1;
  return { ...project, errors: [{ messageId: 'unguarded' as const, line }] };
};

// Round 34 (judged FALSE: vKwxr+vk-bot no-unguarded-decrement#8, #10, #11, #12): the package lists `sqlite3`
// beside better-sqlite3, but the handle the read and the decrement run on is better-sqlite3's, made in the
// command's own file: synchronous, whatever else the package lists (as require-for-update judges it).
ruleTester.run('no-unguarded-decrement: a better-sqlite3 handle in a package that lists another driver', rule, {
  valid: [
    discordSqliteProject('gamble', GAMBLE(), MIXED),
    // The handle from the project's database module (`../database` opens better-sqlite3).
    discordSqliteProject('sell-mixed', SELL_ITEM(), { dependencies: { 'better-sqlite3': '^9', sqlite3: '^5' } }),
  ],
  invalid: [
    // An `await` between the check and the decrement: another /gamble runs while this one waits.
    gambleReported('gamble-await', "    await interaction.deferReply();\n"),
    // The handle is sqlite3's: its rows come in a callback, and the code compares nothing it read at once.
    gambleReported('gamble-sqlite3', '', "new (require('sqlite3').Database)('main.db')"),
    // No check of the value read: the decrement stays reported, however synchronous the driver.
    {
      ...discordSqliteProject('gamble-unchecked', GAMBLE().replace(/ {4}if \(user\.balance < cantidad\).*\n/, ''), MIXED),
      errors: [{ messageId: 'unguarded' as const, line: 9 }],
    },
  ],
});

/** Round 33 (no-unguarded-decrement#10): a Cloudflare Worker whose D1 migration declares `CHECK (remaining_quantity >= 0)`; `wrangler` its wrangler.jsonc. */
const d1Worker = (wrangler: string) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nud-d1-'));
  fs.mkdirSync(path.join(root, 'migrations'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ devDependencies: { wrangler: '4' } }));
  fs.writeFileSync(path.join(root, 'wrangler.jsonc'), wrangler);
  fs.writeFileSync(path.join(root, 'migrations/0004_daily_inventory.sql'), 'CREATE TABLE daily_inventory (product_id TEXT PRIMARY KEY, remaining_quantity INTEGER NOT NULL CHECK (remaining_quantity >= 0));');
  return path.join(root, 'src/inventory.ts');
};
const TAKE_STOCK = `export class Inventory {
  constructor(env) { this.env = env; }
  async take(productId, quantity) {
    await this.env.DB.prepare('UPDATE daily_inventory SET remaining_quantity = remaining_quantity - ? WHERE product_id = ?').bind(quantity, productId).run();
  }
}`;

ruleTester.run('no-unguarded-decrement: a D1 schema in the Worker\'s migrations', rule, {
  // D1's migrations live in the Worker's package, whose package.json names no database client: the wrangler binding says there is one.
  valid: [{ code: TAKE_STOCK, filename: d1Worker('{ "main": "src/index.ts", "d1_databases": [{ "binding": "DB", "database_name": "catalog" }] }') }],
  // The twin: a Worker that binds no D1 database has no schema of its own to refuse the overdraft.
  invalid: [{ code: TAKE_STOCK, filename: d1Worker('{ "main": "src/index.ts" }'), errors: [{ messageId: 'unguarded', line: 4 }] }],
});

/**
 * A transfer on Node's built-in `node:sqlite` (`DatabaseSync`): the SELECT (line 5) returns its row at
 * once, a `let` takes the column (line 8), the `let` is compared (line 9) and the decrement (line 10)
 * follows in the same synchronous function. `between` sits just before the decrement, `taken` is the value compared.
 */
const NODE_SQLITE_TRANSFER = (between = '', taken = "result['money'] as number", header = 'export const transfer = (source: string, amount: number): boolean => {') => `import { DatabaseSync } from 'node:sqlite';
${header}
  const database = new DatabaseSync('bank.db');
  const query = database.prepare('SELECT money FROM balance WHERE userId = ?;');
  let result = query.get(source);
  let money1: number;
  if (!result) money1 = 1000;
  else money1 = ${taken};
  if (money1 < amount) { database.close(); return false; }
${between}  database.prepare('UPDATE balance SET money = money - ? WHERE userId = ?;').run(amount, source);
  database.close();
  return true;
};
`;
const nodeSqliteReported = (between = '', taken?: string, header?: string) => ({
  code: NODE_SQLITE_TRANSFER(between, taken, header),
  errors: [{ messageId: 'unguarded' as const, line: 10 + between.split('\n').length - 1 }],
});

// Round 35 (judged FALSE: i13k+casino-bot no-unguarded-decrement#15): `node:sqlite` is synchronous, the
// function is not `async`: the read, the check of a value made of it (a `let` assigned from the row) and
// the decrement run in one stretch that no other request interleaves.
ruleTester.run('no-unguarded-decrement: a value of the read kept in a `let` (node:sqlite)', rule, {
  valid: [
    NODE_SQLITE_TRANSFER(),
    // `async`, with no `await` from the read to the write: still one stretch on a synchronous driver.
    NODE_SQLITE_TRANSFER('', undefined, 'export const transfer = async (source: string, amount: number): Promise<boolean> => {'),
  ],
  invalid: [
    // The `let` holds a value the read did not give (a cache): the check proves nothing of the row.
    nodeSqliteReported('', 'cachedBalance(source)'),
    // An `await` between the check and the decrement: another transfer runs while this one waits.
    nodeSqliteReported('  await log(source);\n', undefined, 'export const transfer = async (source: string, amount: number): Promise<boolean> => {'),
  ],
});
