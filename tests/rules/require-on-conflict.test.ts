import rule from '../../src/rules/require-on-conflict.js';
import { ruleTester } from '../rule-tester.js';

const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const knex = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n";
const drizzle = "import { drizzle } from 'drizzle-orm/node-postgres';\nconst db = drizzle(pool);\n";
const kysely = "import { Kysely } from 'kysely';\nconst db = new Kysely<DB>({ dialect });\n";

ruleTester.run('require-on-conflict (ORMs)', rule, {
  valid: [
    // The id of the row this run just created: new on every run, no retried external identity.
    `${prisma}export async function pay(userId: number, chatId: string) {
      const payment = await prisma.payment.create({ data: { userId, amount: 5 } });
      await prisma.groupAccess.create({ data: { memberId: userId, chatId, paymentId: payment.id } });
    }`,
    // Prisma: upsert, P2002 caught right there, skipDuplicates, no external id, unknown data.
    `${prisma}await prisma.payment.upsert({ where: { telegramPaymentChargeId: id }, create: { telegramPaymentChargeId: id }, update: {} });`,
    `${prisma}
    try {
      await prisma.payment.create({ data: { telegramPaymentChargeId: id, amount } });
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return;
      throw e;
    }`,
    `${prisma}await prisma.payment.create({ data: { chargeId } }).catch((e) => { if (e.code !== 'P2002') throw e; });`,
    `${prisma}try { await prisma.payment.create({ data: { chargeId } }); } catch (e) { if (isUniqueViolation(e)) return; throw e; }`,
    `${prisma}await prisma.payment.createMany({ data: [{ chargeId }], skipDuplicates: true });`,
    `${prisma}await prisma.user.create({ data: { telegramId: ctx.from.id, name } });`,
    `${prisma}await prisma.payment.create({ data });`,
    `${prisma}await prisma.payment.create({ data: { ...payment } });`,
    `${prisma}await prisma.payment.findFirst({ where: { chargeId } });`,
    // A Prisma query is lazy: a \`create\` neither awaited, then'd nor batched never reaches the database.
    `${prisma}export function sync(chargeId: string) {\n  prisma.payment.create({ data: { chargeId } });\n}`,
    `${prisma}export function sync(chargeId: string) {\n  void (prisma.payment.create({ data: { chargeId } }) as unknown);\n}`,
    // Not a Prisma client.
    "await store.payment.create({ data: { telegramPaymentChargeId: id } });",
    // knex: onConflict, merge, locking check first, no external id.
    `${knex}await db('payments').insert({ charge_id: id, amount }).onConflict('charge_id').ignore();`,
    `${knex}await db('payments').insert({ charge_id: id, amount }).onConflict('charge_id').merge();`,
    `${knex}await db('users').insert({ telegram_id: id });`,
    `${knex}
    await db.transaction(async (trx) => {
      const existing = await trx('payments').where({ charge_id: id }).forUpdate().first();
      if (existing) return;
      await trx('payments').insert({ charge_id: id });
    });`,
    "await cache('payments').insert({ charge_id: id });",
    // Drizzle
    `${drizzle}await db.insert(payments).values({ chargeId: id }).onConflictDoNothing();`,
    `${drizzle}await db.insert(payments).values({ chargeId: id }).onConflictDoUpdate({ target: payments.chargeId, set: { amount } });`,
    `${drizzle}await db.insert(users).values({ telegramId: id });`,
    "await db.insert(payments).values({ chargeId: id });",
    // Kysely
    `${kysely}await db.insertInto('payments').values({ charge_id: id }).onConflict((oc) => oc.column('charge_id').doNothing()).execute();`,
    `${kysely}await db.insertInto('payments').values({ charge_id: id }).ignore().execute();`,
    // Minted here, not received.
    `${prisma}const invoice = await stripe.invoices.create({ customer });\nawait prisma.payment.create({ data: { invoiceId: invoice.id } });`,
    `${prisma}await prisma.transfer.create({ data: { idempotencyKey: randomUUID() } });`,
    // The key the database just generated for this run's own row (`insert … returning('id')`), stored as a reference.
    `${knex}const [txId] = await db('transactions').insert({ user_id: uid, amount }).returning('id');\nawait db('sweep_history').insert({ user_id: uid, transaction_id: txId });`,
    `${knex}const [tx] = await db('transactions').insert({ user_id: uid, amount }).returning(['id']);\nawait db('sweep_history').insert({ user_id: uid, transaction_id: tx.id });`,
    // Shapes the model cannot read: silent.
    `${prisma}await prisma.payment.create(args);`,
    `${prisma}await prisma.payment.create({ data: { chargeId } }).catch((e) => logger.error(e)).catch(() => {}).then(done);\n// (not handled: reported below)`.replace(/.*/s, `${prisma}await prisma.payment.create({ data: { chargeId } }).catch(onUniqueViolation);`),
    `${knex}await db('payments').insert(rows);`,
    `${knex}await db('payments').insert([...rows, null]);`,
    `${knex}await db('payments').insert(db.select('*').from('staging'));`,
    `${knex}await db.insert({ amount }).into('payments');`,
    `${drizzle}await db.insert(makeTable()).values({ amount });`,
    // Options
    { code: `${knex}await db('payments').insert({ charge_id: id });`, options: [{ ignoreTables: ['payments'] }] },
    { code: `${knex}await db('payments').insert({ charge_id: id });`, options: [{ idempotencyColumns: ['idempotency_key'] }] },
    { code: `${knex}await db('logs').insert({ message });`, options: [{ tables: ['*'], ignoreTables: ['logs'] }] },
    // An append-only log model (Prisma's paymentLog): a duplicate log line is harmless.
    `${prisma}await prisma.paymentLog.create({ data: { type: 'PRE_CHECKOUT', chargeId } });`,
    // An id minted right here: a template literal with Date.now().
    `${prisma}await prisma.payment.create({ data: { paymentId: \`tg_\${Date.now()}_\${userId}\`, amount } });`,
    // The same through a method with a default parameter, fed from a `let` that every branch gives a
    // create-invoice result; a caller that leaves the field out stores no id.
    `${knex}class Store {
  async addTransaction(userId: number, meta: Meta = {}) {
    await db('transactions').insert({ user_id: userId, payment_id: meta.invoice_id || meta.payment_id || null });
  }
  async deposit(userId: number, amount: number, method: string) {
    let invoice;
    if (method === 'card') invoice = await payments.createCardInvoice(amount, userId);
    else invoice = await payments.createCryptoInvoice(amount, userId);
    await this.addTransaction(userId, { invoice_id: invoice.invoice_id, payment_id: invoice.invoice_id });
  }
  async bonus(userId: number) {
    await this.addTransaction(userId, { reason: 'bonus' });
  }
}`,
  ],
  invalid: [
    // The twin: one caller passes the id of a webhook's body.
    {
      code: `${knex}class Store {
  async addTransaction(userId: number, meta: Meta = {}) {
    await db('transactions').insert({ user_id: userId, payment_id: meta.invoice_id || meta.payment_id || null });
  }
  async deposit(userId: number, amount: number) {
    let invoice;
    invoice = await payments.createCardInvoice(amount, userId);
    await this.addTransaction(userId, { invoice_id: invoice.invoice_id });
  }
  async onWebhook(body: Body) {
    await this.addTransaction(body.user, { payment_id: body.payment_id });
  }
}`,
      errors: [{ messageId: 'externalId', line: 5 }],
    },
    // The twin: the id of a row read back (an earlier delivery may have stored it) is as repeatable as a received one.
    {
      code: `${prisma}export async function pay(userId: number, chatId: string, chargeId: string) {
  const payment = await prisma.payment.findFirst({ where: { chargeId } });
  await prisma.groupAccess.create({ data: { memberId: userId, chatId, paymentId: payment.id } });
}`,
      errors: [
        {
          messageId: 'externalId',
          line: 5,
          suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}export async function pay(userId: number, chatId: string, chargeId: string) {
  const payment = await prisma.payment.findFirst({ where: { chargeId } });
  await prisma.groupAccess.upsert({ where: { paymentId: payment.id }, create: { memberId: userId, chatId, paymentId: payment.id }, update: {} });
}` }],
        },
      ],
    },
    {
      code: `${prisma}await prisma.payment.create({ data: { userId, telegramPaymentChargeId: payment.telegram_payment_charge_id, amount } });`,
      errors: [
        {
          messageId: 'externalId',
          data: { column: 'telegramPaymentChargeId', remedy: 'Use `upsert`, or catch the unique violation `P2002` here.' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 28,
          suggestions: [
            {
              messageId: 'suggestUpsert',
              data: { column: 'telegramPaymentChargeId' },
              output: `${prisma}await prisma.payment.upsert({ where: { telegramPaymentChargeId: payment.telegram_payment_charge_id }, create: { userId, telegramPaymentChargeId: payment.telegram_payment_charge_id, amount }, update: {} });`,
            },
          ],
        },
      ],
    },
    {
      code: `${prisma}await prisma.payment.create({ data: { chargeId }, select: { id: true } });`,
      errors: [
        {
          messageId: 'externalId',
          suggestions: [
            {
              messageId: 'suggestUpsert',
              output: `${prisma}await prisma.payment.upsert({ where: { chargeId }, create: { chargeId }, update: {}, select: { id: true } });`,
            },
          ],
        },
      ],
    },
    {
      // Read back from the database: an id stored by an earlier delivery repeats like a received one.
      code: `${prisma}const order = await prisma.order.findUnique({ where: { id } });\nawait prisma.payment.create({ data: { invoiceId: order.invoiceId } });`,
      errors: [{ messageId: 'externalId', line: 4, suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}const order = await prisma.order.findUnique({ where: { id } });\nawait prisma.payment.upsert({ where: { invoiceId: order.invoiceId }, create: { invoiceId: order.invoiceId }, update: {} });` }] }],
    },
    {
      // A value computed by a call is not duplicated into `where`: no suggestion.
      code: `${prisma}async function f(payload) { await prisma.order.create({ data: { invoiceId: String(payload.id) } }); }`,
      errors: [{ messageId: 'externalId', suggestions: [] }],
    },
    {
      code: `${prisma}const data = { updateId: ctx.update.update_id };\nawait prisma.processedUpdate.create({ data });`,
      errors: [{ messageId: 'externalId', data: { column: 'updateId', remedy: 'Use `upsert`, or catch the unique violation `P2002` here.' }, suggestions: [] }],
    },
    {
      code: `${prisma}try { await prisma.payment.create({ data: { chargeId } }); } catch (e) { logger.error(e); }`,
      errors: [{ messageId: 'externalId', suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}try { await prisma.payment.upsert({ where: { chargeId }, create: { chargeId }, update: {} }); } catch (e) { logger.error(e); }` }] }],
    },
    {
      code: `${prisma}await prisma.payment.createMany({ data: [{ chargeId: a }, { chargeId: b }] });`,
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: `${prisma}await prisma.payment.createMany({ data: [{ chargeId: a }], skipDuplicates: false });`,
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: `${prisma}await prisma.$transaction(async (tx) => { await tx.payment.create({ data: { providerPaymentChargeId: id } }); });`,
      errors: [{ messageId: 'externalId', suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}await prisma.$transaction(async (tx) => { await tx.payment.upsert({ where: { providerPaymentChargeId: id }, create: { providerPaymentChargeId: id }, update: {} }); });` }] }],
    },
    // knex
    {
      code: `${knex}await db('payments').insert({ user_id: uid, telegram_payment_charge_id: id });`,
      errors: [{ messageId: 'externalId', data: { column: 'telegram_payment_charge_id', remedy: 'Chain `.onConflict(…).ignore()` or `.merge()`.' }, line: 3, column: 22, endLine: 3, endColumn: 28 }],
    },
    // The twins: the insert returns the received id it stored, or the id is read back from stored rows.
    {
      code: `${knex}const [txId] = await db('transactions').insert({ user_id: uid, hash }).returning('hash');\nawait db('sweep_history').insert({ user_id: uid, transaction_id: txId });`,
      errors: [{ messageId: 'externalId', line: 4, column: 27, endLine: 4, endColumn: 33 }],
    },
    {
      code: `${knex}const [txId] = await db('transactions').where({ hash }).pluck('id');\nawait db('sweep_history').insert({ user_id: uid, transaction_id: txId });`,
      errors: [{ messageId: 'externalId', line: 4, column: 27, endLine: 4, endColumn: 33 }],
    },
    {
      code: `${knex}const row = { idempotency_key: key, amount };\nawait db.insert(row).into('transfers').returning('id');`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    {
      code: `${knex}await db('events').insert([{ event_id: a }, { event_id: b }]);`,
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: `${knex}await db('logs').insert({ message });`,
      options: [{ tables: ['*'] }],
      errors: [{ messageId: 'table', data: { table: 'logs', remedy: 'Chain `.onConflict(…).ignore()` or `.merge()`.' } }],
    },
    {
      code: `${knex}await db('orders').insert({ order_ref: ref });`,
      options: [{ tables: ['order'] }],
      errors: [{ messageId: 'table' }],
    },
    {
      code: `${knex}await db('orders').insert({ order_ref: ref });`,
      options: [{ idempotencyColumns: ['/_ref$/'] }],
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: `${knex}await db.table('payments').insert({ charge_id: id });\nawait db.insert({ charge_id: id });`,
      errors: [{ messageId: 'externalId', line: 3 }, { messageId: 'externalId', line: 4 }],
    },
    {
      code: `${prisma}await prisma.payment.create({ data: { chargeId } }).catch((e) => logger.error(e));`,
      errors: [{ messageId: 'externalId', suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}await prisma.payment.upsert({ where: { chargeId }, create: { chargeId }, update: {} }).catch((e) => logger.error(e));` }] }],
    },
    // The twins of the lazy query: a \`.then\` runs it, and a returned one is awaited by the caller.
    {
      code: `${prisma}export function sync(chargeId: string) {\n  prisma.payment.create({ data: { chargeId } }).then(done);\n}`,
      errors: [
        {
          messageId: 'externalId',
          line: 4,
          suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}export function sync(chargeId: string) {\n  prisma.payment.upsert({ where: { chargeId }, create: { chargeId }, update: {} }).then(done);\n}` }],
        },
      ],
    },
    {
      code: `${prisma}export function sync(chargeId: string) {\n  return prisma.payment.create({ data: { chargeId } });\n}`,
      errors: [
        {
          messageId: 'externalId',
          line: 4,
          suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}export function sync(chargeId: string) {\n  return prisma.payment.upsert({ where: { chargeId }, create: { chargeId }, update: {} });\n}` }],
        },
      ],
    },
    {
      code: `${prisma}await prisma.payment.create({ data: { chargeId: 'fixed', [k]: 1 } });`,
      errors: [{ messageId: 'externalId', suggestions: [{ messageId: 'suggestUpsert', output: `${prisma}await prisma.payment.upsert({ where: { chargeId: 'fixed' }, create: { chargeId: 'fixed', [k]: 1 }, update: {} });` }] }],
    },
    // Drizzle
    {
      code: `${drizzle}await db.insert(payments).values({ userId, chargeId: id });`,
      errors: [{ messageId: 'externalId', data: { column: 'chargeId', remedy: 'Chain `.onConflictDoNothing()` or `.onConflictDoUpdate(…)`.' }, line: 3, column: 10, endLine: 3, endColumn: 16 }],
    },
    {
      code: `import { eq } from 'drizzle-orm';\nimport { db } from './db';\nawait db.insert(schema.payments).values({ invoiceId: id }).returning();`,
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: `${drizzle}await db.insert(schema.payments).values({ amount });`,
      options: [{ tables: ['payments'] }],
      errors: [{ messageId: 'table', data: { table: 'payments', remedy: 'Chain `.onConflictDoNothing()` or `.onConflictDoUpdate(…)`.' } }],
    },
    // Kysely
    {
      code: `${kysely}await db.insertInto('payments').values({ charge_id: id }).execute();`,
      errors: [{ messageId: 'externalId', data: { column: 'charge_id', remedy: 'Chain `.onConflict((oc) => oc.column(…).doNothing())`.' } }],
    },
  ],
});
