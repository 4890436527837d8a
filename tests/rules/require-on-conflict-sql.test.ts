import rule from '../../src/rules/require-on-conflict.js';
import { ruleTester } from '../rule-tester.js';

const pg = "import pg from 'pg';\nconst pool = new pg.Pool();\n";
const remedy = (column: string) => `Add \`ON CONFLICT (${column}) DO NOTHING\` (MySQL: \`INSERT IGNORE\`) on a unique index.`;

ruleTester.run('require-on-conflict (raw SQL)', rule, {
  valid: [
    `${pg}await pool.query('INSERT INTO payments (user_id, telegram_payment_charge_id) VALUES ($1, $2) ON CONFLICT (telegram_payment_charge_id) DO NOTHING', [uid, id]);`,
    `${pg}await pool.query('INSERT INTO payments (charge_id, amount) VALUES ($1, $2) ON CONFLICT (charge_id) DO UPDATE SET amount = EXCLUDED.amount', [id, amount]);`,
    `${pg}await pool.query('INSERT INTO payments (charge_id) VALUES ($1) ON CONFLICT ON CONSTRAINT payments_charge_id_key DO NOTHING', [id]);`,
    `${pg}await pool.query('INSERT INTO payments (charge_id, user_id) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM payments WHERE charge_id = $1)', [id, uid]);`,
    // No external identity.
    `${pg}await pool.query('INSERT INTO users (telegram_id, name) VALUES ($1, $2)', [id, name]);`,
    `${pg}await pool.query('INSERT INTO messages (chat_id, text) VALUES ($1, $2)', [chat, text]);`,
    // MySQL: INSERT IGNORE, ON DUPLICATE KEY UPDATE, REPLACE.
    "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(url);\nawait pool.execute('INSERT IGNORE INTO payments (charge_id) VALUES (?)', [id]);",
    "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(url);\nawait pool.execute('INSERT INTO payments (charge_id, amount) VALUES (?, ?) ON DUPLICATE KEY UPDATE amount = VALUES(amount)', [id, amount]);",
    "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(url);\nawait pool.execute('REPLACE INTO payments (charge_id) VALUES (?)', [id]);",
    // SQLite: OR IGNORE, ON CONFLICT.
    "import Database from 'better-sqlite3';\nconst db = new Database('bot.db');\ndb.prepare('INSERT OR IGNORE INTO payments (charge_id) VALUES (?)').run(id);",
    "import Database from 'better-sqlite3';\nconst db = new Database('bot.db');\ndb.prepare('INSERT INTO payments (charge_id) VALUES (?) ON CONFLICT (charge_id) DO NOTHING').run(id);",
    // The unique violation is caught right there.
    `${pg}try { await pool.query('INSERT INTO processed_updates (update_id) VALUES ($1)', [id]); } catch (e) { if (e.code === '23505') return; throw e; }`,
    // A locking read first, in the same transaction.
    `${pg}
    const client = await pool.connect();
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [uid]);
    const seen = await client.query('SELECT 1 FROM payments WHERE charge_id = $1', [id]);
    if (seen.rowCount === 0) await client.query('INSERT INTO payments (charge_id, user_id) VALUES ($1, $2)', [id, uid]);
    await client.query('COMMIT');`,
    // An id minted right here by the provider's create call is new on every run: a retry cannot repeat it.
    `${pg}import axios from 'axios';
    export async function createDeposit(req) {
      const r = await axios.post(API, { price_amount: req.body.amount });
      const p = r.data;
      await pool.query('INSERT INTO payments (user_id, external_id, amount) VALUES ($1, $2, $3)', [req.user.id, p.payment_id, req.body.amount]);
    }`,
    `${pg}export async function createDeposit(userId) {
      const res = await retry(() => client.post('/payment', {}));
      const payment = normalize(res.data);
      await pool.query('INSERT INTO deposits (user_id, payment_id) VALUES ($1, $2)', [userId, payment.payment_id]);
    }`,
    `${pg}await pool.query('INSERT INTO transfers (idempotency_key, amount) VALUES ($1, $2)', [crypto.randomUUID(), amount]);`,
    "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(url);\nconst key = randomKey();\nawait pool.execute('INSERT INTO transfers (amount, idempotency_key) VALUES (?, ?)', [amount, key]);",
    "import postgres from 'postgres';\nconst sql = postgres();\nconst invoice = await provider.createInvoice({ amount });\nawait sql`INSERT INTO invoices (invoice_id, amount) VALUES (${invoice.id}, ${amount})`;",
    // Options.
    { code: `${pg}await pool.query('INSERT INTO payments (charge_id) VALUES ($1)', [id]);`, options: [{ ignoreTables: ['payments'] }] },
    { code: `${pg}await pool.query('INSERT INTO logs (message) VALUES ($1)', [m]);`, options: [{ tables: ['*'], ignoreTables: ['logs'] }] },
    // Locally minted identities: a template with Date.now(), the key the database generated for our own row.
    `${pg}export async function pay(userId, amount) {
      const paymentId = \`tg_\${Date.now()}_\${userId}\`;
      await pool.query('INSERT INTO payments (payment_id, amount) VALUES ($1, $2)', [paymentId, amount]);
    }`,
    `import Database from 'better-sqlite3';
    const db = new Database('a.db');
    export function post(amount) {
      const info = db.prepare('INSERT INTO transactions (amount) VALUES (?)').run(amount);
      db.prepare('INSERT INTO postings (transaction_id, amount) VALUES (?, ?)').run(info.lastInsertRowid, amount);
    }`,
    `${pg}export async function post(amount) {
      const { rows } = await pool.query('INSERT INTO transactions (amount) VALUES ($1) RETURNING id', [amount]);
      await pool.query('INSERT INTO postings (transaction_id, amount) VALUES ($1, $2)', [rows[0].id, amount]);
    }`,
    // An id returned by the bot's own invoice-creation call, bound through better-sqlite3's run(…).
    `import Database from 'better-sqlite3';
    const db = new Database('a.db');
    export async function buy(ctx) {
      const { url, externalId } = await createInvoice({ tgId: ctx.from.id });
      db.prepare("INSERT INTO payments (tg_id, provider, external_id) VALUES (?, 'platega', ?)").run(ctx.from.id, externalId);
    }`,
    // An append-only log: a duplicate line is harmless.
    `${pg}export async function onPay(ctx) {
      await pool.query('INSERT INTO payment_logs (charge_id, event) VALUES ($1, $2)', [ctx.message.successful_payment.telegram_payment_charge_id, 'paid']);
    }`,
    // Issue 16 — the fixed code: the text marker kept unique and the INSERT handles the conflict.
    `${pg}export async function credit(userId, chargeId, amount) {
      const { rows } = await pool.query("SELECT id FROM transactions WHERE description = 'Transaction: ' || $1", [chargeId]);
      if (rows.length > 0) return;
      await pool.query("INSERT INTO transactions (user_id, amount, description) VALUES ($1, $2, 'Transaction: ' || $3) ON CONFLICT (description) DO NOTHING", [userId, amount, chargeId]);
    }`,
    // … a lookup by a plain value (not a marker built from an id) says nothing about idempotency.
    `${pg}export async function note(userId, text) {
      const { rows } = await pool.query('SELECT id FROM notes WHERE description = $1', [text]);
      if (rows.length > 0) return;
      await pool.query('INSERT INTO notes (user_id, description) VALUES ($1, $2)', [userId, text]);
    }`,
    // An id the handler minted with its own outgoing create call (a QR payment it just generated, even
    // from the amount and the user's id it was sent), passed to a helper that stores it: a retried
    // update generates a new payment, so the same id is never inserted twice.
    `${pg}async function saveDeposit(data) {
  await pool.query('INSERT INTO deposits (user_id, transaction_id, amount) VALUES ($1, $2, $3)', [data.userId, data.transaction_id, data.amount]);
}
export async function topUp(ctx, amount) {
  const qr = await generateQr(amount, ctx.from.id);
  await saveDeposit({ userId: ctx.from.id, transaction_id: qr.transaction_id, amount });
}
export async function grant(userId) {
  await saveDeposit({ userId, amount: 0 });
}`,
    `${pg}const saveDeposit = async (data) => {
  await pool.query('INSERT INTO deposits (user_id, transaction_id) VALUES ($1, $2)', [data.userId, data.transaction_id ?? undefined]);
};
export async function topUp(ctx) {
  await saveDeposit({ userId: ctx.from.id, 'transaction_id': (await issueVoucher(ctx.from.id)).id });
}`,
    // Issue 16 (session 21), the marker built in JavaScript — the fixed code: the INSERT handles the conflict on the text key.
    `${pg}export async function credit(userId, txId, amount) {
      const { rows } = await pool.query('SELECT id FROM transactions WHERE description = $1', ['Transaction: ' + txId]);
      if (rows.length > 0) return;
      await pool.query('INSERT INTO transactions (user_id, amount, description) VALUES ($1, $2, $3) ON CONFLICT (description) DO NOTHING', [userId, amount, 'Transaction: ' + txId]);
    }`,
    // … a lookup by a value the code did not build into a marker (a const of two literals, a plain parameter).
    `${pg}export async function note(userId, text) {
      const label = 'Daily ' + 'bonus';
      const { rows } = await pool.query('SELECT id FROM notes WHERE description = $1', [label]);
      if (rows.length > 0) return;
      await pool.query('INSERT INTO notes (user_id, description) VALUES ($1, $2)', [userId, label]);
    }`,
    // The id field read through destructuring (`const { payment_id } = data`), and every caller passes the id
    // of the payment its own create call just made at the provider: a retried update creates a new payment.
    `${pg}function createBooking(data) {
  const { user_id, payment_id } = data;
  return pool.query('INSERT INTO bookings (user_id, payment_id) VALUES ($1, $2)', [user_id, payment_id]);
}
export async function book(ctx) {
  const payment = await provider.createPayment({ amount: 5, userId: ctx.from.id });
  await createBooking({ user_id: ctx.from.id, payment_id: payment.id });
}`,
    // The same through a destructured parameter whose only caller leaves the id out (its default, null, is stored).
    `${pg}async function addPayment({ userId, amount, providerPaymentId = null }) {
  await pool.query('INSERT INTO payments (user_id, amount, provider_payment_id) VALUES ($1, $2, $3)', [userId, amount, providerPaymentId]);
}
export async function createPending(ctx, amount) {
  await addPayment({ userId: ctx.from.id, amount });
}`,
  ],
  invalid: [
    // The twins: one caller passes the id a webhook's body carries (a redelivery carries it again) …
    {
      code: `${pg}function createBooking(data) {
  const { user_id, payment_id } = data;
  return pool.query('INSERT INTO bookings (user_id, payment_id) VALUES ($1, $2)', [user_id, payment_id]);
}
export async function book(ctx) {
  const payment = await provider.createPayment({ amount: 5, userId: ctx.from.id });
  await createBooking({ user_id: ctx.from.id, payment_id: payment.id });
}
app.post('/webhook', async (req, res) => {
  await createBooking({ user_id: req.body.object.metadata.userId, payment_id: req.body.object.id });
  res.sendStatus(200);
});`,
      errors: [{ messageId: 'externalId', line: 5 }],
    },
    // … one caller passes the charge id Telegram sent …
    {
      code: `${pg}async function addPayment({ userId, amount, providerPaymentId = null }) {
  await pool.query('INSERT INTO payments (user_id, amount, provider_payment_id) VALUES ($1, $2, $3)', [userId, amount, providerPaymentId]);
}
export async function createPending(ctx, amount) {
  await addPayment({ userId: ctx.from.id, amount });
}
export async function paid(ctx) {
  await addPayment({ userId: ctx.from.id, amount: 5, providerPaymentId: ctx.message.successful_payment.provider_payment_charge_id });
}`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    // … the left-out id falls back to a received default, or the parameter is given a received value in the body.
    {
      code: `${pg}async function addPayment(ctx, { amount, providerPaymentId = ctx.update.update_id }) {
  await pool.query('INSERT INTO payments (amount, provider_payment_id) VALUES ($1, $2)', [amount, providerPaymentId]);
}
export async function createPending(ctx, amount) {
  await addPayment(ctx, { amount });
}`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    {
      code: `${pg}async function addPayment({ amount, providerPaymentId = null }, ctx) {
  providerPaymentId ??= ctx.message.successful_payment.provider_payment_charge_id;
  await pool.query('INSERT INTO payments (amount, provider_payment_id) VALUES ($1, $2)', [amount, providerPaymentId]);
}
export async function createPending(ctx, amount) {
  await addPayment({ amount }, ctx);
}`,
      errors: [{ messageId: 'externalId', line: 5 }],
    },
    // Callers the model cannot read (a variable, a spread) or cannot all see (an exported helper) keep the report.
    {
      code: `${pg}async function saveDeposit(data) {
  await pool.query('INSERT INTO deposits (user_id, transaction_id) VALUES ($1, $2)', [data.userId, data.transaction_id]);
}
export async function topUp(ctx, payload) {
  await saveDeposit(payload);
  await saveDeposit(...ctx.args);
}`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    {
      code: `${pg}export async function saveDeposit(data) {
  await pool.query('INSERT INTO deposits (user_id, transaction_id) VALUES ($1, $2)', [data.userId, data.transaction_id]);
}
export async function topUp(ctx) {
  await saveDeposit({ userId: ctx.from.id, transaction_id: (await generateQr(1)).transaction_id });
}`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    {
      code: `${pg}async function saveDeposit(data) {
  await pool.query('INSERT INTO deposits (user_id, transaction_id) VALUES ($1, $2)', [data.userId, data.transaction_id]);
}
export async function topUp(ctx) {
  await saveDeposit({ ...ctx.session.deposit, userId: ctx.from.id });
}`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    // The twin: a caller passes the charge id Telegram sent with the update (or a webhook body): a retry repeats it.
    {
      code: `${pg}async function saveDeposit(data) {
  await pool.query('INSERT INTO deposits (user_id, transaction_id, amount) VALUES ($1, $2, $3)', [data.userId, data.transaction_id, data.amount]);
}
export async function topUp(ctx, amount) {
  const qr = await generateQr(amount, ctx.from.id);
  await saveDeposit({ userId: ctx.from.id, transaction_id: qr.transaction_id, amount });
}
export async function paid(ctx) {
  await saveDeposit({ userId: ctx.from.id, transaction_id: ctx.message.successful_payment.provider_payment_charge_id, amount: 1 });
}`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    {
      code: `${pg}async function saveDeposit(data) {
  await pool.query('INSERT INTO deposits (user_id, transaction_id) VALUES ($1, $2)', [data.userId, data.transaction_id]);
}
export async function webhook(req, res) {
  const key = await generateIdempotencyKey(req.body.order);
  await saveDeposit({ userId: req.body.user, transaction_id: key });
}`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    {
      // Issue 16: idempotency kept in a text column — a lookup by a marker built from the charge id, then a
      // plain INSERT: a retried webhook arriving while the first still runs finds nothing and inserts again.
      code: `${pg}export async function credit(userId, chargeId, amount) {
      const { rows } = await pool.query("SELECT id FROM transactions WHERE description = 'Transaction: ' || $1", [chargeId]);
      if (rows.length > 0) return;
      await pool.query("INSERT INTO transactions (user_id, amount, description) VALUES ($1, $2, 'Transaction: ' || $3)", [userId, amount, chargeId]);
    }`,
      errors: [{ messageId: 'externalId', data: { column: 'description', remedy: remedy('description') }, line: 6 }],
    },
    {
      // The twins: a received id in a template, in a money table.
      code: `${pg}export async function onPay(ctx) {
      const key = \`tg_\${ctx.message.successful_payment.telegram_payment_charge_id}\`;
      await pool.query('INSERT INTO payments (payment_id, amount) VALUES ($1, $2)', [key, 1]);
      await pool.query('INSERT INTO payments (charge_id, event) VALUES ($1, $2)', [ctx.message.successful_payment.telegram_payment_charge_id, 'paid']);
    }`,
      errors: [
        { messageId: 'externalId', data: { column: 'payment_id', remedy: remedy('payment_id') } },
        { messageId: 'externalId', data: { column: 'charge_id', remedy: remedy('charge_id') } },
      ],
    },
    {
      code: `${pg}await pool.query('INSERT INTO payments (user_id, telegram_payment_charge_id, amount) VALUES ($1, $2, $3)', [uid, id, amount]);`,
      errors: [{ messageId: 'externalId', data: { column: 'telegram_payment_charge_id', remedy: remedy('telegram_payment_charge_id') }, line: 3, column: 19, endLine: 3, endColumn: 25 }],
    },
    {
      // Received: from the update, through a local, a webhook body, a parameter.
      code: `${pg}bot.on('message:successful_payment', async (ctx) => {\n  const payment = ctx.message.successful_payment;\n  await pool.query('INSERT INTO payments (amount, charge_id) VALUES ($1, $2)', [payment.total_amount, payment.telegram_payment_charge_id]);\n});\napp.post('/hook', async (req) => {\n  const body = await req.json();\n  await pool.query('INSERT INTO events (event_id) VALUES ($1)', [body.id]);\n});\nasync function save(chargeId: string) {\n  await pool.query('INSERT INTO payments (charge_id) VALUES (lower($1))', [chargeId]);\n  await pool.query('INSERT INTO payments (charge_id) VALUES ($9)', [chargeId]);\n  await pool.query('INSERT INTO payments (charge_id) SELECT $1', [chargeId]);\n  await pool.query('INSERT INTO payments (charge_id) VALUES ($1)', [...rest]);\n}`,
      errors: [{ messageId: 'externalId', line: 5 }, { messageId: 'externalId', line: 9 }, { messageId: 'externalId', line: 12 }, { messageId: 'externalId', line: 13 }, { messageId: 'externalId', line: 14 }, { messageId: 'externalId', line: 15 }],
    },
    {
      code: `${pg}const { rows } = await pool.query('SELECT invoice_id FROM orders WHERE id = $1', [id]);\nawait pool.query('INSERT INTO payments (invoice_id) VALUES ($1)', [rows[0].invoice_id]);`,
      errors: [{ messageId: 'externalId', line: 4 }],
    },
    {
      code: `${pg}await pool.query({ text: 'INSERT INTO orders (invoice_id, user_id) VALUES ($1, $2)', values: [inv, uid] });`,
      errors: [{ messageId: 'externalId', data: { column: 'invoice_id', remedy: remedy('invoice_id') } }],
    },
    {
      // A plain SELECT first is not a guard: two deliveries at once both find nothing.
      code: `${pg}const seen = await pool.query('SELECT 1 FROM processed_updates WHERE update_id = $1', [id]);\nif (seen.rowCount > 0) return;\nawait pool.query('INSERT INTO processed_updates (update_id) VALUES ($1)', [id]);`,
      errors: [{ messageId: 'externalId', line: 5 }],
    },
    {
      code: "import postgres from 'postgres';\nconst sql = postgres();\nawait sql`INSERT INTO events (event_id, payload) VALUES (${event.id}, ${payload})`;",
      errors: [{ messageId: 'externalId', data: { column: 'event_id', remedy: remedy('event_id') } }],
    },
    {
      code: "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool(url);\nawait pool.execute('INSERT INTO payments (provider_payment_charge_id) VALUES (?)', [id]);",
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: "import Database from 'better-sqlite3';\nconst db = new Database('bot.db');\ndb.prepare('INSERT INTO transfers (idempotency_key, amount) VALUES (?, ?)').run(key, amount);",
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: "import knex from 'knex';\nconst db = knex(config);\nawait db.raw('INSERT INTO payments (external_id) VALUES (?)', [id]);",
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nawait prisma.$executeRaw`INSERT INTO payment (charge_id) VALUES (${id})`;",
      errors: [{ messageId: 'externalId' }],
    },
    {
      code: `${pg}await pool.query('INSERT INTO logs (message) VALUES ($1)', [m]);`,
      options: [{ tables: ['*'] }],
      errors: [{ messageId: 'table', data: { table: 'logs', remedy: remedy('…') } }],
    },
    {
      // Issue 16 (session 21): the same marker built in JavaScript and passed as the parameter (`'Transaction: ' + txId`) …
      code: `${pg}export async function credit(userId, txId, amount) {
      const { rows } = await pool.query('SELECT id FROM transactions WHERE description = $1', ['Transaction: ' + txId]);
      if (rows.length > 0) return;
      await pool.query('INSERT INTO transactions (user_id, amount, description) VALUES ($1, $2, $3)', [userId, amount, 'Transaction: ' + txId]);
    }`,
      errors: [{ messageId: 'externalId', data: { column: 'description', remedy: remedy('description') }, line: 6 }],
    },
    {
      // … or as a template literal held in a const.
      code: `${pg}export async function credit(userId, txId, amount) {
      const marker = \`tx:\${txId}\`;
      const { rows } = await pool.query('SELECT id FROM transactions WHERE description = $1', [marker]);
      if (rows.length > 0) return;
      await pool.query('INSERT INTO transactions (user_id, amount, description) VALUES ($1, $2, $3)', [userId, amount, marker]);
    }`,
      errors: [{ messageId: 'externalId', data: { column: 'description', remedy: remedy('description') }, line: 7 }],
    },
  ],
});
