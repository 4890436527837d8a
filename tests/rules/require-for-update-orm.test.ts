import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';

const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const knex = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n";
const drizzle = "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { and, eq, gte, sql } from 'drizzle-orm';\nimport { users } from './schema';\nconst db = drizzle(pool);\n";
const kysely = "import { Kysely } from 'kysely';\nconst db = new Kysely({ dialect });\n";
const typeorm = "import { DataSource, MoreThanOrEqual } from 'typeorm';\nconst ds = new DataSource({});\nconst repo = ds.getRepository(User);\n";

const KNEX_FIX = (field: string) =>
  `Read it with \`.forUpdate()\` inside \`knex.transaction(async (trx) => …)\`, or make the write check the condition itself (\`.where('${field}', '>=', cost).decrement('${field}', cost)\`, then test the changed-row count).`;
const TX = ' inside a transaction whose default isolation (read committed) lets both read the same row';
const PRISMA_TX = ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row';

/** A project on disk, for a Prisma read inside a helper of another file. */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-orm-'));
fs.writeFileSync(
  path.join(project, 'users.ts'),
  `${prisma}export async function getUser(id) { const user = await prisma.user.findUnique({ where: { telegramId: id } }); return user; }
export async function getName(id) { return 'x'; }
export async function setCoins(id, coins) { await prisma.user.update({ where: { id }, data: { coins } }); }
export async function spendGuarded(id, cost) { return prisma.user.updateMany({ where: { id, coins: { gte: cost } }, data: { coins: { decrement: cost } } }); }
`,
);
fs.writeFileSync(
  path.join(project, 'wallets.ts'),
  `${knex}export function getWallet(userId) { return db('wallets').where({ user_id: userId }).first(); }
export function getWalletLocked(trx, userId) { return trx('wallets').where({ user_id: userId }).forUpdate().first(); }
`,
);
const main = path.join(project, 'main.ts');

ruleTester.run('require-for-update (ORMs and query builders)', rule, {
  valid: [
    // The checked money field written back as it was read, or recomputed from other fields of the read
    // (the total from the items): two runs write the same value, no concurrent change of it is lost.
    `${prisma}async function confirm(id) {
  const order = await prisma.order.findUnique({ where: { id }, include: { items: true } });
  if (order.status !== 'draft') return;
  const total = Number(order.total_amount) === 0 ? order.items.reduce((sum, item) => sum + item.price, 0) : Number(order.total_amount);
  await prisma.order.update({ where: { id }, data: { status: 'confirmed', total_amount: total } });
}`,
    `${knex}async function confirm(id) {
  const order = await db('orders').where({ id }).first();
  if (order.total_amount > 0) return;
  await db('orders').where({ id }).update({ total_amount: sumOf(order.items) });
}`,
    // Prisma count → create, the fixed code: a Serializable transaction (one of two racing ones fails).
    `${prisma}async function addDevice(userId, name) {
  await prisma.$transaction(async (tx) => {
    const n = await tx.device.count({ where: { userId } });
    if (n >= 5) throw new Error('limit');
    await tx.device.create({ data: { userId, name } });
  }, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
}`,
    // … the owning row locked first.
    `${prisma}async function addDevice(userId, name) {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw\`SELECT id FROM "User" WHERE id = \${userId} FOR UPDATE\`;
    const n = await tx.device.count({ where: { userId } });
    if (n >= 5) throw new Error('limit');
    await tx.device.create({ data: { userId, name } });
  });
}`,
    // An existence check (a unique key's business, not a limit), another model, a count not compared.
    `${prisma}async function register(telegramId, userId) {
  const n = await prisma.user.count({ where: { telegramId } });
  if (n === 0) await prisma.user.create({ data: { telegramId } });
  const m = await prisma.device.count({ where: { userId } });
  if (m > 0) return;
  await prisma.device.create({ data: { userId } });
}`,
    `${prisma}async function f(userId) {
  const k = await prisma.device.count({ where: { userId } });
  if (k >= 5) return;
  await prisma.log.create({ data: { userId } });
}`,
    `${prisma}async function f(userId) {
  const total = await prisma.device.count();
  console.log(total >= 5);
  await prisma.device.create({ data: { userId } });
}`,
    // The comparison gates something else: the create runs whatever the count.
    `${prisma}async function refer(referrerId, userId) {
  const referrals = await prisma.referral.count({ where: { referrerId } });
  if (referrals >= 10) await giveBadge(referrerId);
  await prisma.referral.create({ data: { referrerId, userId } });
}`,
    // … an early exit inside a loop leaves only the loop; the create after it is not gated.
    `${prisma}async function f(userIds) {
  for (const userId of userIds) {
    const n = await prisma.device.count({ where: { userId } });
    if (n >= 5) continue;
    notify(userId);
  }
  await prisma.device.create({ data: { userId: userIds[0] } });
}`,
    // Drizzle on better-sqlite3: synchronous, no other request between the read and the write.
    `import { drizzle } from 'drizzle-orm/better-sqlite3';
import { eq } from 'drizzle-orm';
const db = drizzle(sqlite);
async function buy(id, cost) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (user.balance < cost) return;
  await db.update(users).set({ balance: user.balance - cost }).where(eq(users.id, id));
}`,
    // Kysely on better-sqlite3 (\`SqliteDialect\`) likewise.
    `import { Kysely, SqliteDialect } from 'kysely';
const db = new Kysely({ dialect: new SqliteDialect({ database }) });
async function buy(id, cost) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (user.balance < cost) return;
  await db.updateTable('users').set({ balance: user.balance - cost }).where('id', '=', id).execute();
}`,
    // knex, the fixed code: the decrement checks the condition itself.
    `${knex}async function buy(id, cost) {
  const user = await db('users').where({ id }).first();
  if (!user || user.balance < cost) return 'not enough';
  const changed = await db('users').where({ id }).where('balance', '>=', cost).decrement('balance', cost);
  if (changed === 0) return 'not enough';
}`,
    // … a row lock inside the transaction.
    `${knex}async function buy(id, cost) {
  await db.transaction(async (trx) => {
    const user = await trx('users').where({ id }).forUpdate().first();
    if (user.balance < cost) throw new Error('not enough');
    await trx('users').where({ id }).update({ balance: user.balance - cost });
  });
}`,
    // knex: an increment, another table, a field not checked, a value not from the read.
    `${knex}async function f(id, cost) {
  const user = await db('users').where({ id }).first();
  if (user.balance < cost) return;
  await db('users').where({ id }).increment('balance', cost);
  await db('orders').where({ id }).update({ balance: user.balance - cost });
  await db('users').where({ id }).update({ balance: 0 });
}`,
    `${knex}async function f(id, cost) {
  const user = await db('users').where({ id }).first();
  if (user.banned) return;
  await db('users').where({ id }).update({ balance: user.balance - cost });
}`,
    // Drizzle, the fixed code: \`.for('update')\` in a transaction; a guarded update.
    `${drizzle}async function buy(id, cost) {
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (user.balance < cost) throw new Error('not enough');
    await tx.update(users).set({ balance: user.balance - cost }).where(eq(users.id, id));
  });
}`,
    `${drizzle}async function buy(id, cost) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (user.balance < cost) return;
  await db.update(users).set({ balance: sql\`\${users.balance} - \${cost}\` }).where(and(eq(users.id, id), gte(users.balance, cost)));
}`,
    // Kysely: a Serializable transaction.
    `${kysely}async function buy(id, cost) {
  await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
    const user = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    if (user.balance < cost) throw new Error('not enough');
    await trx.updateTable('users').set({ balance: user.balance - cost }).where('id', '=', id).execute();
  });
}`,
    // TypeORM, the fixed code: a pessimistic lock in a transaction; a guarded decrement.
    `${typeorm}async function buy(id, cost) {
  await ds.transaction(async (manager) => {
    const user = await manager.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (user.balance < cost) throw new Error('not enough');
    user.balance -= cost;
    await manager.save(user);
  });
}`,
    `${typeorm}async function buy(id, cost) {
  const user = await repo.findOneBy({ id });
  if (user.balance < cost) return;
  const result = await repo.decrement({ id, balance: MoreThanOrEqual(cost) }, 'balance', cost);
  if (result.affected === 0) return;
}`,
    // An adjustment only the operator runs.
    `${knex}bot.command('fine', async (ctx) => {
  if (ctx.from.id !== ADMIN_ID) return;
  const user = await db('users').where({ id: target }).first();
  if (user.balance < amount) return ctx.reply('Too poor');
  await db('users').where({ id: target }).update({ balance: user.balance - amount });
});`,
    // Not a client: an unknown receiver.
    `async function f(db, id, cost) {
  const user = await db('users').where({ id }).first();
  if (user.balance < cost) return;
  await db('users').where({ id }).update({ balance: user.balance - cost });
}`,
    // A helper whose read locks the row.
    { code: `${knex}import { getWalletLocked } from './wallets';\nexport async function f(id, cost) { const w = await getWalletLocked(db, id); if (w.credits < cost) return; await db('wallets').where({ user_id: id }).decrement('credits', cost); }`, filename: main },
    // Prisma write helpers: the fixed code (the helper's own \`where\` checks the field), and a value not from the read.
    { code: "import { getUser, spendGuarded } from './users';\nexport async function buy(id, cost) { const user = await getUser(id); if (user.coins < cost) return; const { count } = await spendGuarded(id, cost); if (count === 0) return; }", filename: main },
    { code: "import { getUser, setCoins } from './users';\nexport async function reset(id, cost) { const user = await getUser(id); if (user.coins < cost) await setCoins(id, 0); }", filename: main },
    // A helper that reads no store.
    { code: "import { getName } from './users';\nimport { prisma } from './db';\nexport async function f(id, cost) { const u = await getName(id); if (u.balance < cost) return; await prisma.user.update({ where: { id }, data: { balance: { decrement: cost } } }); }", filename: main },
  ],
  invalid: [
    {
      // The same recomputed total that also adds the old total: a concurrent change of it is lost.
      code: `${prisma}async function confirm(id) {
  const order = await prisma.order.findUnique({ where: { id }, include: { items: true } });
  if (order.status !== 'draft') return;
  const total = Number(order.total_amount) === 0 ? order.items.reduce((sum, item) => sum + item.price, 0) : Number(order.total_amount) + order.fee;
  await prisma.order.update({ where: { id }, data: { status: 'confirmed', total_amount: total } });
}`,
      errors: [{ messageId: 'missingLockPrisma', line: 4 }],
    },
    {
      code: `${knex}async function confirm(id) {
  const order = await db('orders').where({ id }).first();
  if (order.total_amount > 0) return;
  await db('orders').where({ id }).update({ total_amount: sumOf(order.items) + order.total_amount });
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 4 }],
    },
    {
      // Prisma count → check against a limit → create: the "5 devices" race.
      code: `${prisma}async function addDevice(userId, name) {
  const devices = await prisma.device.count({ where: { userId } });
  if (devices >= 5) return 'limit reached';
  await prisma.device.create({ data: { userId, name } });
}`,
      errors: [{ messageId: 'missingLockPrismaLimit', line: 4, column: 25, data: { table: 'device', line: '6', scope: '', field: 'count' } }],
    },
    {
      // The create inside the branch the limit allows.
      code: `${prisma}async function claim(userId, user) {
  const today = await prisma.claim.count({ where: { userId, day: today() } });
  if (today < user.dailyLimit) {
    await prisma.claim.create({ data: { userId } });
  }
}`,
      errors: [{ messageId: 'missingLockPrismaLimit', line: 4 }],
    },
    {
      // … inside an interactive transaction at the default isolation.
      code: `${prisma}async function spin(userId, max) {
  await prisma.$transaction(async (tx) => {
    const today = await tx.spin.count({ where: { userId, createdAt: { gte: startOfDay() } } });
    if (today + 1 > max) throw new Error('no spins left');
    await tx.spin.create({ data: { userId } });
  });
}`,
      errors: [{ messageId: 'missingLockPrismaLimit', line: 5, data: { table: 'spin', line: '7', scope: PRISMA_TX, field: 'count' } }],
    },
    {
      // Prisma through a helper of the same file.
      code: `${prisma}async function getUser(id) { return prisma.user.findUnique({ where: { id } }); }
async function buy(id, cost) {
  const user = await getUser(id);
  if (user.balance < cost) return;
  await prisma.user.update({ where: { id }, data: { balance: { decrement: cost } } });
}`,
      errors: [{ messageId: 'missingLockPrisma', line: 5, data: { table: 'user', field: 'balance', line: '7', scope: '' } }],
    },
    {
      // … and of a project file (the helper stores the read in a const, then returns it).
      code: "import { getUser } from './users';\nimport { prisma } from './db';\nexport async function buy(id, cost) {\n  const user = await getUser(id);\n  if (user.coins < cost) return;\n  await prisma.user.update({ where: { id: user.id }, data: { coins: user.coins - cost } });\n}",
      filename: main,
      errors: [{ messageId: 'missingLockPrisma', line: 4, data: { table: 'user', field: 'coins', line: '6', scope: '' } }],
    },
    {
      // Prisma read and write both through helpers of the file: \`updateUser(id, data)\` passes \`data\` on.
      code: `${prisma}async function getUser(id) { return prisma.user.findUnique({ where: { id } }); }
async function updateUser(id, data) { return prisma.user.update({ where: { id }, data }); }
async function buy(id, cost) {
  const user = await getUser(id);
  if (user.balance < cost) return;
  await updateUser(id, { balance: user.balance - cost });
}`,
      errors: [{ messageId: 'missingLockPrisma', line: 6, data: { table: 'user', field: 'balance', line: '8', scope: '' } }],
    },
    {
      // … a setter of a project file given a value computed from the read.
      code: "import { getUser, setCoins } from './users';\nexport async function buy(id, cost) {\n  const user = await getUser(id);\n  if (user.coins < cost) return;\n  await setCoins(id, user.coins - cost);\n}",
      filename: main,
      errors: [{ messageId: 'missingLockPrisma', line: 3, data: { table: 'user', field: 'coins', line: '5', scope: '' } }],
    },
    {
      // knex through a helper of a project file.
      code: `${knex}import { getWallet } from './wallets';\nexport async function spend(id, cost) {\n  const wallet = await getWallet(id);\n  if (wallet.credits < cost) return;\n  await db('wallets').where({ user_id: id }).decrement('credits', cost);\n}`,
      filename: main,
      errors: [{ messageId: 'missingLockBuilder', line: 5, column: 24, data: { orm: 'knex', table: 'wallets', field: 'credits', line: '7', scope: '', fix: KNEX_FIX('credits') } }],
    },
    {
      // knex: first() → check → update with a value computed from the read.
      code: `${knex}async function buy(id, cost) {
  const user = await db('users').where({ id }).first();
  if (user.balance < cost) return 'not enough';
  await db('users').where({ id }).update({ balance: user.balance - cost });
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 4, data: { orm: 'knex', table: 'users', field: 'balance', line: '6', scope: '', fix: KNEX_FIX('balance') } }],
    },
    {
      // knex: an unguarded decrement inside a transaction at the default isolation.
      code: `${knex}async function buy(id, cost) {
  await db.transaction(async (trx) => {
    const [wallet] = await trx('wallets').where('user_id', id).select('credits');
    if (wallet.credits < cost) throw new Error('not enough');
    await trx('wallets').where('user_id', id).decrement('credits', cost);
  });
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 5, data: { orm: 'knex', table: 'wallets', field: 'credits', line: '7', scope: TX, fix: KNEX_FIX('credits') } }],
    },
    {
      // Drizzle: select → check → update.
      code: `${drizzle}async function buy(id, cost) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (user.balance < cost) return;
  await db.update(users).set({ balance: user.balance - cost }).where(eq(users.id, id));
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 6, column: 24, endLine: 6, endColumn: 71 }],
    },
    {
      // Drizzle's relational API and an \`sql\` decrement.
      code: `${drizzle}async function buy(id, cost) {
  const user = await db.query.users.findFirst({ where: eq(users.id, id) });
  if (!user || user.balance < cost) return;
  await db.update(users).set({ balance: sql\`\${users.balance} - \${cost}\` }).where(eq(users.id, id));
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 6 }],
    },
    {
      // Kysely.
      code: `${kysely}async function buy(id, cost) {
  const user = await db.selectFrom('users').select(['id', 'balance']).where('id', '=', id).executeTakeFirst();
  if (!user || user.balance < cost) return;
  await db.updateTable('users').set({ balance: user.balance - cost }).where('id', '=', id).execute();
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 4 }],
    },
    {
      // TypeORM: findOneBy → check → save.
      code: `${typeorm}async function buy(id, cost) {
  const user = await repo.findOneBy({ id });
  if (user.balance < cost) return;
  user.balance -= cost;
  await repo.save(user);
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 5 }],
    },
    {
      // TypeORM: an update of the repository with a value computed from the read.
      code: `${typeorm}async function buy(id, cost) {
  const user = await repo.findOne({ where: { id } });
  if (user.balance < cost) return;
  await repo.update({ id }, { balance: user.balance - cost });
}`,
      errors: [{ messageId: 'missingLockBuilder', line: 5 }],
    },
  ],
});

/** A module factory whose caller passes a Prisma client. */
const factories = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-factory-'));
fs.writeFileSync(path.join(factories, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', '@prisma/client': '^6' } }));
const shop = `export default function register(bot, db) {
  bot.command('buy', async (ctx) => {
    const user = await db.user.findUnique({ where: { id: ctx.from.id } });
    if (user.balance < 10) return ctx.reply('Not enough');
    await db.user.update({ where: { id: ctx.from.id }, data: { balance: { decrement: 10 } } });
  });
}
`;
const shopFixed = `export default function register(bot, db) {
  bot.command('buy', async (ctx) => {
    const { count } = await db.user.updateMany({ where: { id: ctx.from.id, balance: { gte: 10 } }, data: { balance: { decrement: 10 } } });
    if (count === 0) return ctx.reply('Not enough');
  });
}
`;
const knexShop = `module.exports = (bot, db) => {
  bot.command('buy', async (ctx) => {
    const user = await db('users').where({ id: ctx.from.id }).first();
    if (user.balance < 10) return ctx.reply('Not enough');
    await db('users').where({ id: ctx.from.id }).update({ balance: user.balance - 10 });
  });
};
`;
fs.writeFileSync(path.join(factories, 'knex-shop.js'), knexShop);
fs.writeFileSync(path.join(factories, 'main.js'), "const knex = require('knex');\nconst db = knex({ client: 'pg' });\nrequire('./knex-shop')(bot, db);\n");
fs.writeFileSync(path.join(factories, 'shop.ts'), shop);
fs.writeFileSync(path.join(factories, 'shop-fixed.ts'), shopFixed);
fs.writeFileSync(
  path.join(factories, 'bot.ts'),
  "import { Bot } from 'grammy';\nimport { PrismaClient } from '@prisma/client';\nimport register from './shop';\nimport registerFixed from './shop-fixed';\nconst prisma = new PrismaClient();\nconst bot = new Bot(token);\nregister(bot, prisma);\nregisterFixed(bot, prisma);\n",
);

ruleTester.run('require-for-update (module factories)', rule, {
  valid: [
    { code: shopFixed, filename: path.join(factories, 'shop-fixed.ts') },
    // Not on disk: no caller proves what `db` is.
    shop,
    knexShop,
  ],
  invalid: [
    {
      code: shop,
      filename: path.join(factories, 'shop.ts'),
      errors: [{ messageId: 'missingLockPrisma', line: 3, data: { table: 'user', field: 'balance', line: '5', scope: '' } }],
    },
    {
      // \`require('./knex-shop')(bot, db)\` with \`db = knex(…)\`.
      code: knexShop,
      filename: path.join(factories, 'knex-shop.js'),
      errors: [{ messageId: 'missingLockBuilder', line: 3 }],
    },
  ],
});
