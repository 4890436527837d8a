import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';

/**
 * Row locks a transaction already holds. In PostgreSQL and MySQL/InnoDB an UPDATE takes the write lock of the row
 * it changes until the transaction ends, so a later read of that row in the same transaction is as good as
 * `SELECT … FOR UPDATE`: a concurrent transaction waits, and the read sees the latest value. Each valid case has
 * its invalid twin (another row, no transaction, the UPDATE after the read, SQLite).
 */
const PG = "import pg from 'pg';\nconst pool = new pg.Pool();\n";

/** Touch the row (`touched` names it), then read, check and spend — on a client in `BEGIN` … `COMMIT`, the read on line 7. */
const TOUCH_THEN_SPEND = (touched: string, begin = "await client.query('BEGIN');") => `${PG}export async function spend(id, otherId, cost) {
  const client = await pool.connect();
  try {
    ${begin}
    await client.query('UPDATE users SET last_seen = now() WHERE id = $1', [${touched}]);
    const { rows } = await client.query('SELECT balance FROM users WHERE id = $1', [id]);
    if (rows[0].balance < cost) throw new Error('not enough');
    await client.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - cost, id]);
    await client.query('COMMIT');
  } catch (e) { await client.query('ROLLBACK'); throw e; } finally { client.release(); }
}`;

/**
 * Round 27 (OSmanov-Telegram-Shop #5): the transaction found by an identifier kept in its JSON details, checked to
 * exist, marked, then its details rewritten from a read made after the mark locked the row; the check also gates a
 * credit. `lookup` is the JSON member the first SELECT (line 7) filters on.
 */
const MARK_PURCHASE = (lookup: string) => `${PG}export async function markPurchase(customId, status, pins) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const found = await client.query("SELECT id, user_id, amount FROM transactions WHERE payment_details->>'${lookup}' = $1 AND type = 'purchase'", [customId]);
    if (found.rows.length === 0) throw new Error('not found');
    const transaction = found.rows[0];
    await client.query('UPDATE transactions SET status = $1 WHERE id = $2', [status, transaction.id]);
    if (pins) {
      const current = await client.query('SELECT payment_details FROM transactions WHERE id = $1', [transaction.id]);
      const details = { ...(current.rows[0].payment_details || {}), pins };
      await client.query('UPDATE transactions SET payment_details = $1 WHERE id = $2', [JSON.stringify(details), transaction.id]);
    }
    await client.query('UPDATE users SET total_spent = total_spent + $1 WHERE id = $2', [transaction.amount, transaction.user_id]);
    await client.query('COMMIT');
  } catch (e) { await client.query('ROLLBACK'); throw e; } finally { client.release(); }
}`;

/** Read and check, then touch the row (the lock), then spend. */
const LOCK_AFTER_READ = `${PG}export async function spend(id, cost) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT balance FROM users WHERE id = $1', [id]);
  if (rows[0].balance < cost) throw new Error('not enough');
  await client.query('UPDATE users SET last_seen = now() WHERE id = $1', [id]);
  await client.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - cost, id]);
  await client.query('COMMIT');
}`;

/** The same touch, read and spend on SQLite (`sqlite` + `sqlite3`) in a deferred `BEGIN`. */
const SQLITE_TOUCH = `import { open } from 'sqlite';
import sqlite3 from 'sqlite3';
const db = await open({ filename: 'bot.db', driver: sqlite3.Database });
export async function buy(id, cost) {
  await db.run('BEGIN');
  await db.run('UPDATE users SET last_seen = CURRENT_TIMESTAMP WHERE id = ?', [id]);
  const u = await db.get('SELECT balance FROM users WHERE id = ?', [id]);
  if (u.balance < cost) { await db.run('ROLLBACK'); return; }
  await db.run('UPDATE users SET balance = ? WHERE id = ?', [u.balance - cost, id]);
  await db.run('COMMIT');
}`;

/**
 * Round 32 (gornostyle #10): a fallback SELECT only finds a slot's id, and the slot is re-read in the same
 * transaction before the write with `relock` (the locked re-read, or nothing), then booked. The first SELECT is on
 * line 9; `hands` is what the code takes from it.
 */
const BOOK_SLOT = (relock: string, hands = 'found.rows[0].id') => `${PG}export async function book(date, slotId) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    let id = slotId;
    let price = 0;
    if (!id) {
      const found = await client.query("SELECT id, price FROM slots WHERE date = $1 AND status = 'available' LIMIT 1", [date]);
      if (found.rows.length === 0) throw new Error('no slot');
      id = ${hands};
    }
    ${relock}
    await client.query("UPDATE slots SET status = 'booked' WHERE id = $1", [id]);
    await client.query('INSERT INTO bookings (slot_id, price) VALUES ($1, $2)', [id, price]);
    await client.query('COMMIT');
  } catch (e) { await client.query('ROLLBACK'); throw e; } finally { client.release(); }
}`;
const RELOCK = (where: string) =>
  `const locked = await client.query("SELECT id, status FROM slots WHERE id = $1${where} FOR UPDATE", [id]);
    if (locked.rows.length === 0) throw new Error('taken');`;

/** The error on the first `SELECT` (its text inside the quotes), with the `FOR UPDATE` suggestion when `suggest`. */
function selectError(code: string, messageId: 'missingLock' | 'missingLockSqlite', suggest: boolean) {
  const lines = code.split('\n');
  const index = lines.findIndex((text) => text.includes('SELECT'));
  const text = lines[index]!;
  const start = text.search(/['"]SELECT/);
  const end = text.indexOf(text[start]!, start + 1) + 1;
  const sql = text.slice(start, end);
  const suggestions = suggest
    ? [{ messageId: 'suggestForUpdate' as const, output: code.replace(sql, `${sql.slice(0, -1)} FOR UPDATE${sql.slice(-1)}`) }]
    : [];
  return [{ messageId, line: index + 1, column: start + 2, endLine: index + 1, endColumn: end, suggestions }];
}

ruleTester.run('require-for-update (row locks)', rule, {
  valid: [
    // The UPDATE of the same row (same table, same key) earlier in the transaction holds its lock: the read is locked.
    TOUCH_THEN_SPEND('id'),
    // Found by an identifier kept in a JSON column (`->>'custom_id'`): a lookup by key, and the details written back come from a read under the row's lock.
    MARK_PURCHASE('custom_id'),
    // The first SELECT only finds the slot's id; the locked re-read by that id tests `status` again before the
    // UPDATE: a concurrent run waits at the lock, then finds the slot booked and throws.
    BOOK_SLOT(RELOCK(" AND status = 'available'")),
  ],
  invalid: [
    {
      // The earlier UPDATE locks another row: the row read is not locked.
      code: TOUCH_THEN_SPEND('otherId'),
      errors: selectError(TOUCH_THEN_SPEND('otherId'), 'missingLock', true),
    },
    {
      // Outside a transaction an UPDATE releases its lock when it ends: nothing is held at the read.
      code: TOUCH_THEN_SPEND('id', '// autocommit'),
      errors: selectError(TOUCH_THEN_SPEND('id', '// autocommit'), 'missingLock', true),
    },
    {
      // The lock taken after the read: both requests already read the same old balance.
      code: LOCK_AFTER_READ,
      errors: selectError(LOCK_AFTER_READ, 'missingLock', true),
    },
    {
      // SQLite has no row locks and a deferred BEGIN holds none at the read: the earlier UPDATE proves nothing here.
      code: SQLITE_TOUCH,
      errors: selectError(SQLITE_TOUCH, 'missingLockSqlite', false),
    },
    {
      // The JSON member is a state, not an identifier: the check found the row in that state and the write rewrites it.
      code: MARK_PURCHASE('state'),
      errors: selectError(MARK_PURCHASE('state'), 'missingLock', true),
    },
    {
      // No re-read: two runs both pick the same available slot and both book it.
      code: BOOK_SLOT(''),
      errors: selectError(BOOK_SLOT(''), 'missingLock', true),
    },
    {
      // Locked, but the re-read does not test the state the first SELECT found: the second run books the booked slot.
      code: BOOK_SLOT(RELOCK('')),
      errors: selectError(BOOK_SLOT(RELOCK('')), 'missingLock', true),
    },
    {
      // The first SELECT also hands on the price it read before the lock: what the booking stores is not re-checked.
      code: BOOK_SLOT(RELOCK(" AND status = 'available'"), 'found.rows[0].id;\n      price = found.rows[0].price'),
      errors: selectError(BOOK_SLOT(RELOCK(" AND status = 'available'"), 'found.rows[0].id;\n      price = found.rows[0].price'), 'missingLock', true),
    },
  ],
});
