import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-for-update.js';
import { discordSqliteProject } from '../discord-sqlite-project.js';
import { keyedLockSource } from '../lock-shapes.js';
import { ruleTester } from '../rule-tester.js';

const PG = "import pg from 'pg';\nconst pool = new pg.Pool();\n";

/** An image row read by key (line 4 after \`PG\`), checked, \`removal\`, then the row DELETEd by key and its cache entry evicted. */
const DELETE_IMAGE = (removal: string) => `export async function deleteImage(id) {
  const { rows } = await pool.query('SELECT public_id, user_id, payment_id FROM images WHERE id = $1', [id]);
  if (rows.length === 0) return;
  ${removal}
  await pool.query('DELETE FROM images WHERE id = $1', [id]);
  await cache.del(\`photos:\${rows[0].user_id}\`);
}`;

/** An invalid case whose SELECT (on `line`) gets the `FOR UPDATE` suggestion. */
/** A module helper (read, check, write) that only an admin-gated handler calls. */
const ADMIN_APPROVE = `async function approve(adminId, requestId) {
  const { rows } = await pool.query('SELECT id, name FROM requests WHERE id = $1 AND status = $2', [requestId, 'pending']);
  if (!rows.length) return null;
  await pool.query("UPDATE requests SET status = 'approved', decided_by = $1 WHERE id = $2", [adminId, requestId]);
  return rows[0];
}
bot.on('callback_query', async (q) => {
  const role = await getUserRole(q.from.id);
  if (role !== 'admin') return;
  await approve(q.from.id, Number(q.data.split(':')[2]));
});`;

/** A project lock: the work runs after the last promise queued under each of its keys (a promise per key in a module \`Map\`). */
const WITH_LOCKS = keyedLockSource({ name: 'withLock', exported: false });

/** An invalid case whose first SELECT gets the \`FOR UPDATE\` suggestion. */
const lockableSelect = (code: string) => lockable(code, code.split('\n').findIndex((line) => line.includes('SELECT')) + 1);

/** An NFT row read by key, checked and claimed by key inside \`open\` … \`close\` (the read on the line after \`open\`). */
const WITHDRAW_NFT = (open: string, close: string) => `export async function withdraw(userId, id) {
  await ${open}
    const { rows } = await pool.query('SELECT id FROM nfts WHERE id = $1 AND withdrawing = false', [id]);
    if (!rows.length) return;
    await pool.query('UPDATE nfts SET withdrawing = true WHERE id = $1', [id]);
    await createWithdrawal(userId, id);${close}
  });
}`;

/** A balance read by the user's id, written back less one inside \`open\` … \`close\` (the read on the line after \`open\`). */
const SPEND_BALANCE = (open: string, close = '') => `export async function spend(ctx, userId) {
  await ${open}
    const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [userId]);
    await pool.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - 1, userId]);${close}
  });
}`;

function lockable(code: string, line: number) {
  const lines = code.split('\n');
  const read = lines[line - 1]!;
  const at = read.lastIndexOf("'", read.lastIndexOf("',") === -1 ? undefined : read.lastIndexOf("',"));
  lines[line - 1] = `${read.slice(0, at)} FOR UPDATE${read.slice(at)}`;
  return { code, errors: [{ messageId: 'missingLock' as const, line, suggestions: [{ messageId: 'suggestForUpdate' as const, output: lines.join('\n') }] }] };
}

/** An invalid case whose SELECTs on `lines` each get the `FOR UPDATE` suggestion. */
function lockableAt(code: string, lines: number[]) {
  return { code, errors: lines.flatMap((line) => lockable(code, line).errors) };
}

/** The `sqlite` package on one connection: `begin` (line 5), the read (line 6), a check, the write back. */
const SQLITE_SPEND = (begin: string) => `import { open } from 'sqlite';
import sqlite3 from 'sqlite3';
const db = await open({ filename: 'bot.db', driver: sqlite3.Database });
export async function buy(id, cost) {
  ${begin}
  const u = await db.get('SELECT balance FROM users WHERE id = ?', [id]);
  if (u.balance < cost) { await db.run('ROLLBACK'); return; }
  await db.run('UPDATE users SET balance = ? WHERE id = ?', [u.balance - cost, id]);
  await db.run('COMMIT');
}`;

/** Round 26 (wabot-voucher #9): a sweep of active vouchers, a line before the loop, an expired branch that ends its iteration, a call after the loop. */
const SWEEP_VOUCHERS = (before: string, inLoop = '') => `export async function expire(router) {
  const { rows } = await pool.query('SELECT * FROM vouchers WHERE status = $1', ['active']);
  ${before}
  for (const voucher of rows) {
    if (voucher.status === 'active' && voucher.expires_at < Date.now()) {
      await pool.query('UPDATE vouchers SET status = $1 WHERE id = $2', ['used', voucher.id]);
      continue;
    }
    ${inLoop}
  }
  await router.disconnect();
}`;

/** Round 26 (wabot-voucher #24): a user found by the name the caller gives, then written by id to `value`. */
const RENAME = (value: string) => `export async function rename(message) {
  const args = message.body.trim().split(' ');
  const { rows } = await pool.query('SELECT * FROM users WHERE username = $1', [args[1]]);
  if (rows.length === 0) return message.reply('not found');
  await pool.query('UPDATE users SET username = ${value} WHERE id = $1', [${value === '$2' ? "rows[0].id, args[2]" : 'rows[0].id'}]);
  message.reply(\`renamed \${rows[0].phone}\`);
}`;

/**
 * A task's reject button (round 32, tonera-backend #19): sent only to `ADMIN_TG_ID`, handled by a
 * `callback_query` listener (after `check`) that reads the task, refunds its budget and deletes it.
 */
const REJECT_TASK = (check = '') => `import TelegramBot from 'node-telegram-bot-api';
import pg from 'pg';
const pool = new pg.Pool();
const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });
export async function notifyAdmin(task) {
  await bot.sendMessage(process.env.ADMIN_TG_ID, task.title, {
    reply_markup: { inline_keyboard: [[{ text: 'Reject', callback_data: \`reject_task:\${task.id}\` }]] },
  });
}
bot.on('callback_query', async (query) => {
  ${check}
  if (!query.data.startsWith('reject_task:')) return;
  const taskId = query.data.split(':')[1];
  const { rows: [task] } = await pool.query('SELECT t.budget, t.creator_id FROM tasks t WHERE t.id = $1', [taskId]);
  if (task) {
    await pool.query('UPDATE users SET balance_ton = balance_ton + $1 WHERE id = $2', [task.budget, task.creator_id]);
    await pool.query('DELETE FROM tasks WHERE id = $1', [taskId]);
  }
});
`;

ruleTester.run('require-for-update', rule, {
  valid: [
    // Round 26 (wabot-voucher #9): a log line of the rows is no guard, and an \`if\` that only ends an
    // iteration (\`continue\`) decides nothing after its loop: the call after the loop runs either way.
    `${PG}${SWEEP_VOUCHERS('console.log(`found ${rows.length}`);')}`,
    // Round 26 (wabot-voucher #24): found by the name the caller gives, renamed to another name the
    // caller gives (\`args[2]\`): two runs write the same name, no state is claimed.
    `${PG}${RENAME('$2')}`,
    // SQLite's BEGIN IMMEDIATE / EXCLUSIVE take the write lock at BEGIN: every other writer waits for the COMMIT.
    SQLITE_SPEND("await db.run('BEGIN IMMEDIATE');"),
    SQLITE_SPEND("await db.exec('BEGIN EXCLUSIVE TRANSACTION');"),
    // Only the bot's operator runs it (numeric id constant, or a list of ids): no race between users.
    `${PG}bot.onText(/\\/resend/, async (msg) => {
      const ADMIN_ID = 12345;
      if (msg.from.id !== ADMIN_ID) {
        return bot.sendMessage(msg.chat.id, 'denied');
      }
      const { rows } = await pool.query('SELECT * FROM outbox WHERE sent = false');
      for (const row of rows) {
        await deliver(row);
        await pool.query('UPDATE outbox SET sent = true WHERE id = $1', [row.id]);
      }
    });`,
    `${PG}bot.on('callback_query', async (query) => {
      if (!ADMIN_IDS.includes(query.from.id)) return;
      if (query.data.startsWith('ok_')) {
        const { rows } = await pool.query('SELECT * FROM pending WHERE tg = $1', [query.data.slice(3)]);
        if (rows.length === 0) return;
        await notify(rows[0].tg);
        await pool.query('DELETE FROM pending WHERE tg = $1', [rows[0].tg]);
      }
    });`,
    // A helper of the module that only admin-gated handlers call: no race between users.
    `${PG}${ADMIN_APPROVE}`,
    // Round 32 (tonera-backend): the reject button's handler tests the chat the button's message is in (a forged
    // callback carries the data it likes, never another chat's message).
    REJECT_TASK("if (String(query.message.chat.id) !== process.env.ADMIN_TG_ID) return;"),
    // Issue 16, SQLite INSERT OR REPLACE — the fixed code: one UPDATE that checks the balance itself, then the changed-row count.
    `export async function buy(env, id, cost) {
  const user = await env.DB.prepare('SELECT balance FROM users WHERE id = ?').bind(id).first();
  if (user.balance < cost) return;
  const { meta } = await env.DB.prepare('UPDATE users SET balance = balance - ? WHERE id = ? AND balance >= ?').bind(cost, id, cost).run();
  if (meta.changes === 0) return;
}`,
    // … a replace that stores a setting not taken from the read: a second run writes the same row again.
    `export async function setLang(env, id, lang) {
  const user = await env.DB.prepare('SELECT lang FROM users WHERE id = ?').bind(id).first();
  if (user.lang === lang) return;
  await env.DB.prepare('INSERT OR REPLACE INTO users (id, lang) VALUES (?, ?)').bind(id, lang).run();
}`,
    // A pending row read and deleted by its key; the INSERT of the new user is gated by the later existence
    // check of its own table (a duplicate there is a unique key's business), and the chain follows that INSERT.
    `${PG}export async function register(telegramId) {
  const pending = await pool.query('SELECT referral_code FROM pending_referrals WHERE telegram_id = $1', [telegramId]);
  if (pending.rows.length === 0) return;
  const referralCode = pending.rows[0].referral_code;
  await pool.query('DELETE FROM pending_referrals WHERE telegram_id = $1', [telegramId]);
  const existing = await pool.query('SELECT id FROM users WHERE telegram_id = $1', [telegramId]);
  if (existing.rows.length > 0) return;
  const inserted = await pool.query('INSERT INTO users (telegram_id, referred_by) VALUES ($1, $2) RETURNING id', [telegramId, referralCode]);
  await registerReferralChain(inserted.rows[0].id, referralCode);
}`,
    // Fill once: the SELECT proves the column NULL, the UPDATE fills only that column with a freshly generated value.
    `${PG}export async function codeFor(userId) {
      const found = await pool.query('SELECT ref_code FROM users WHERE id = $1 AND ref_code IS NOT NULL', [userId]);
      if (found.rows.length > 0) return found.rows[0].ref_code;
      const code = await generateCode(userId);
      await pool.query('UPDATE users SET ref_code = $1 WHERE id = $2', [code, userId]);
      return code;
    }`,
    // The fix: a single guarded atomic UPDATE.
    `${PG}export async function spend(id, price) {
      const { rowCount } = await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [price, id]);
      if (rowCount === 0) throw new Error('not enough');
    }`,
    // SELECT … FOR UPDATE then UPDATE on a dedicated client in a transaction.
    `${PG}export async function spend(id, price) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query('SELECT balance FROM users WHERE id = $1 FOR UPDATE', [id]);
        if (rows[0].balance < price) throw new Error('not enough');
        await client.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, id]);
        await client.query('COMMIT');
      } catch (e) { await client.query('ROLLBACK'); throw e; } finally { client.release(); }
    }`,
    // An earlier lock in the same transaction, or an advisory lock.
    `${PG}export async function f(id) {
      const client = await pool.connect();
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
      const { rows } = await client.query('SELECT balance FROM users WHERE id = $1', [id]);
      await client.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - 1, id]);
      await client.query('COMMIT');
    }`,
    `${PG}export async function f(id) {
      const client = await pool.connect();
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [id]);
      const { rows } = await client.query('SELECT balance FROM users WHERE id = $1', [id]);
      await client.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - 1, id]);
      await client.query('COMMIT');
    }`,
    // postgres.js sql.begin with FOR UPDATE; serializable transactions.
    `import postgres from 'postgres';
    const sql = postgres();
    export async function f(id, price) {
      await sql.begin(async (tx) => {
        const [user] = await tx\`SELECT balance FROM users WHERE id = \${id} FOR UPDATE\`;
        if (user.balance < price) throw new Error('no');
        await tx\`UPDATE users SET balance = balance - \${price} WHERE id = \${id}\`;
      });
      await sql.begin('isolation level serializable', async (tx) => {
        const [user] = await tx\`SELECT balance FROM users WHERE id = \${id}\`;
        await tx\`UPDATE users SET balance = \${user.balance - price} WHERE id = \${id}\`;
      });
    }`,
    // Prisma interactive transaction with a locking raw read.
    `import { PrismaClient } from '@prisma/client';
    const prisma = new PrismaClient();
    export async function f(id, price) {
      await prisma.$transaction(async (tx) => {
        const [user] = await tx.$queryRaw\`SELECT balance FROM "User" WHERE id = \${id} FOR UPDATE\`;
        await tx.$executeRaw\`UPDATE "User" SET balance = \${user.balance - price} WHERE id = \${id}\`;
      }, { isolationLevel: 'Serializable' });
    }`,
    // Optimistic concurrency: the UPDATE checks the version it read.
    `${PG}export async function f(id) {
      const { rows: [doc] } = await pool.query('SELECT body, version FROM docs WHERE id = $1', [id]);
      const res = await pool.query('UPDATE docs SET body = $1, version = version + 1 WHERE id = $2 AND version = $3', [edit(doc.body), id, doc.version]);
    }`,
    // State guard: only a pending order is marked paid.
    `${PG}export async function f(id) {
      const { rows } = await pool.query('SELECT status FROM orders WHERE id = $1', [id]);
      if (rows[0].status !== 'pending') return;
      await pool.query("UPDATE orders SET status = 'paid' WHERE id = $1 AND status = 'pending'", [id]);
    }`,
    // CTE-based single statement.
    `${PG}export async function f(id, price) {
      await pool.query('WITH u AS (SELECT id FROM users WHERE id = $1) UPDATE users SET balance = balance - $2 FROM u WHERE users.id = u.id AND users.balance >= $2', [id, price]);
    }`,
    // Another table; a column that was not read; a result that is not used; a dropped result.
    `${PG}export async function f(id) {
      const { rows } = await pool.query('SELECT balance FROM wallets WHERE id = $1', [id]);
      await pool.query('UPDATE users SET seen = now() WHERE id = $1', [rows[0].id]);
    }`,
    `${PG}export async function f(id) {
      const { rows } = await pool.query('SELECT name FROM users WHERE id = $1', [id]);
      await pool.query('UPDATE users SET last_seen = $2 WHERE id = $1', [id, rows[0].x]);
    }`,
    `${PG}export async function f(id) {
      const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);
      await pool.query('UPDATE users SET balance = 0 WHERE id = $1', [id]);
      return rows;
    }`,
    `${PG}export async function f(id) {
      await pool.query('SELECT balance FROM users WHERE id = $1', [id]);
      await pool.query('UPDATE users SET balance = 0 WHERE id = $1', [id]);
    }`,
    `${PG}export async function f(id) {
      return pool.query('SELECT balance FROM users WHERE id = $1', [id]);
    }`,
    // SELECT * with a constant assignment.
    `${PG}export async function f(id) {
      const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
      await pool.query('UPDATE users SET seen = now(), flag = true WHERE id = $1', [rows[0].id]);
    }`,
    // Exclusive branches and early returns.
    `${PG}export async function f(id, mode) {
      if (mode) {
        const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);
        return rows[0];
      }
      await pool.query('UPDATE users SET balance = 0 WHERE id = $1', [id]);
    }`,
    `${PG}export async function f(id, mode) {
      if (mode) { const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]); log(rows); }
      else { await pool.query('UPDATE users SET balance = 0 WHERE id = $1', [id]); }
    }`,
    // Aggregates cannot be locked and say nothing about a row.
    `${PG}export async function f(id) {
      const { rows } = await pool.query('SELECT count(*) AS balance FROM users WHERE id = $1', [id]);
      await pool.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance, id]);
    }`,
    // Unparseable UPDATE: no guess.
    `${PG}export async function f(id) {
      const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);
      await pool.query('UPDATE users SET balance = $1 WHERE id = $2 LIMIT 1, 2', [rows[0].balance, id]);
    }`,
    // Different functions.
    `${PG}export async function read(id) { const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]); return rows; }
    export async function write(id, b) { await pool.query('UPDATE users SET balance = $1 WHERE id = $2', [b, id]); }`,
    // Without keyColumns, an unknown column in WHERE counts as a guard.
    `${PG}export async function f(tg) {
      const { rows } = await pool.query('SELECT credits FROM users WHERE telegram = $1', [tg]);
      await pool.query('UPDATE users SET credits = $1 WHERE telegram = $2', [rows[0].credits - 1, tg]);
    }`,
    // Only the row's existence is checked: no value read from it is written back.
    `${PG}export async function f(id) {
      const exec = await pool.query('SELECT id, status FROM executions WHERE id = $1', [id]);
      if (exec.rows.length === 0) return;
      await pool.query("UPDATE executions SET status = 'disputed' WHERE id = $1", [id]);
    }`,
    `${PG}export async function f(id, user) {
      const [rows] = await pool.query('SELECT * FROM notes WHERE id = $1 AND user_id = $2', [id, user]);
      if (rows.length > 0) await pool.query('DELETE FROM notes WHERE id = $1 AND user_id = $2', [id, user]);
    }`,
    // Column names bound at run time (\`??\`) prove nothing.
    `import mysql from 'mysql2/promise';
    const pool = mysql.createPool({});
    export async function f(id, field, n) {
      const [[method]] = await pool.query('SELECT * FROM methods WHERE id = ?', [id]);
      await pool.query('UPDATE methods SET ?? = ? WHERE id = ?', [field, n, id]);
      log(method[field]);
    }`,
    // Not SQL at all.
    `export async function f(map, repo) { const x = map.get('balance'); await repo.update({ balance: x }); }`,
    // A table lock.
    `${PG}export async function f(id) {
      const client = await pool.connect();
      await client.query('BEGIN; LOCK TABLE users IN EXCLUSIVE MODE');
      const { rows } = await client.query('SELECT balance FROM users WHERE id = $1', [id]);
      await client.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - 1, id]);
      await client.query('COMMIT');
    }`,
    // better-sqlite3 is synchronous: read, check and write with no \`await\` between cannot interleave in Node.
    `import Database from 'better-sqlite3';
const db = new Database('a.db');
export function f(id) {
  const user = db.prepare('SELECT balance FROM users WHERE id = ?').get(id);
  if (user.balance < 1) return;
  db.prepare('UPDATE users SET balance = ? WHERE id = ?').run(user.balance - 1, id);
}`,
    // … also inside better-sqlite3's db.transaction(fn), and with an \`await\` only after the write.
    `const db = require('better-sqlite3')('a.db');
export async function f(id) {
  db.transaction(() => {
    const debt = db.prepare('SELECT id, balance FROM debts WHERE id = ?').get(id);
    if (!debt) return;
    db.prepare('DELETE FROM debts WHERE id = ?').run(debt.id);
  })();
  await notify(id);
}`,
    // A DELETE by key after a check that gates nothing else: a second run deletes nothing more (undo, cancel).
    `${PG}export async function remove(id, userId) {
  const { rows: [task] } = await pool.query('SELECT * FROM tasks WHERE id = $1', [id]);
  if (task.creator_id !== userId) return;
  await pool.query('DELETE FROM tasks WHERE id = $1', [id]);
}`,
    `import postgres from 'postgres';
const sql = postgres();
export async function f(id) {
  const [session] = await sql\`SELECT * FROM sessions WHERE id = \${id}\`;
  if (session.expired) await sql\`DELETE FROM sessions WHERE id = \${id}\`;
}`,
    `export async function undoLast(db, customerId) {
  const result = await db.prepare('SELECT id, duration_minutes, start_time FROM work_sessions WHERE customer_id = ? AND invoice_id IS NULL ORDER BY created DESC LIMIT 1').bind(customerId).first();
  if (!result) return null;
  await db.prepare('DELETE FROM work_sessions WHERE id = ?').bind(result.id).run();
  return result;
}`,
    // A TypeORM migration step: the CLI runs it once, alone, in its own transaction.
    `import { MigrationInterface, QueryRunner } from 'typeorm';
export class ConvertBalances1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    const [user] = await queryRunner.query('SELECT id, balance FROM users WHERE id = 1');
    if (user.balance > 0) await queryRunner.query('UPDATE users SET balance = $1 WHERE id = $2', [user.balance * 100, user.id]);
  }
  public async down(): Promise<void> {}
}`,
    // Replace a row: delete the old one by its id, insert the new one into the same table. Two runs may
    // both insert (a duplicate no row lock stops: a unique key does); no amount is lost.
    `${PG}export async function setModifier(orderId, level, name) {
  const res = await pool.query('SELECT id FROM modifiers WHERE order_id = $1 AND level = $2', [orderId, level]);
  if (res.rowCount > 0) await pool.query('DELETE FROM modifiers WHERE id = $1', [res.rows[0].id]);
  await pool.query('INSERT INTO modifiers (order_id, level, name) VALUES ($1, $2, $3)', [orderId, level, name]);
}`,
    // Values derived from the row that are no amount or counter (an end time, a duration): two runs write the same.
    `export async function resumeWork(db, sessionId) {
  const ts = Math.floor(Date.now() / 1000);
  const openBreak = await db.prepare('SELECT id, start_time FROM breaks WHERE work_session_id = ? AND end_time IS NULL').bind(sessionId).first();
  if (!openBreak) return;
  const durationMins = Math.floor((ts - openBreak.start_time) / 60);
  await db.prepare('UPDATE breaks SET end_time = ?, duration_minutes = ? WHERE id = ?').bind(ts, durationMins, openBreak.id).run();
}`,
    // A blind write: the status written does not come from the row, and the check gates nothing else (D1).
    `export async function cancel(env, requestId, userId) {
  const request = await env.DB.prepare("SELECT id FROM access_requests WHERE id = ? AND user_id = ? AND status = 'pending'").bind(requestId, userId).first();
  if (!request) return;
  await env.DB.prepare("UPDATE access_requests SET status = 'cancelled', processed_at = CURRENT_TIMESTAMP WHERE id = ?").bind(requestId).run();
}`,
    // A blind write of values from the update (ctx) after comparing them with the row: both runs write the same.
    `${PG}export async function getOrCreateUser(ctx) {
  const username = ctx.from.username;
  const { rows } = await pool.query('SELECT * FROM users WHERE tg_id = $1', [ctx.from.id]);
  if (rows.length) {
    if (rows[0].username !== username) await pool.query('UPDATE users SET username = $1 WHERE tg_id = $2', [username, ctx.from.id]);
    return rows[0];
  }
  await pool.query('INSERT INTO users (tg_id, username) VALUES ($1, $2)', [ctx.from.id, username]);
}`,
    // A blind write after a provider lookup (the status comes from the provider, not from the row).
    `${PG}export async function poll() {
  const { rows } = await pool.query("SELECT * FROM payments WHERE status = 'pending'");
  for (const row of rows) {
    const tx = await getProviderStatus(row.external_id);
    if (tx.status === 'CANCELED') await pool.query("UPDATE payments SET status = 'failed' WHERE id = $1", [row.id]);
  }
}`,
    // An in-process lock around the read and the write, proven from its creation: a project \`withLock\`
    // that queues a promise per key (keyed by the row's id), async-mutex's \`runExclusive\` (one lock),
    // async-lock's \`acquire\` keyed by the row's owner; also around a transaction the callback awaits.
    `${PG}${WITH_LOCKS}${WITHDRAW_NFT("withLock([userId, 'nft:' + id], async () => {", '')}`,
    `${PG}import { Mutex } from 'async-mutex';\nconst mutex = new Mutex();\n${SPEND_BALANCE('mutex.runExclusive(async () => {')}`,
    `${PG}import AsyncLock from 'async-lock';\nconst lock = new AsyncLock();\n${SPEND_BALANCE('lock.acquire(`user:${userId}`, async () => {')}`,
    `${PG}${WITH_LOCKS}${WITHDRAW_NFT("withLock([userId, 'nft:' + id], async () => {\n  await pool.transaction(async (tx) => {", '\n  });')}`,
    // The fixed claim: the UPDATE's own WHERE re-checks the state (a real guard).
    `${PG}export async function claim(userId) {
  const { rows } = await pool.query('SELECT address FROM wallets WHERE used = false LIMIT 1');
  const { rowCount } = await pool.query('UPDATE wallets SET used = true WHERE address = $1 AND used = false', [rows[0].address]);
  if (rowCount === 1) await pool.query('UPDATE users SET wallet = $1 WHERE id = $2', [rows[0].address, userId]);
}`,
    // A session cap: the oldest session revoked with a literal, and the other writes after the check write
    // the same whatever the read said (a new session, a login time): a second run repeats nothing of value.
    `${PG}export async function createSession(adminId, tokenHash, ip) {
  const active = await pool.query('SELECT id FROM sessions WHERE admin_id = $1 AND revoked = FALSE ORDER BY created_at', [adminId]);
  if (active.rows.length >= 5) {
    await pool.query('UPDATE sessions SET revoked = TRUE WHERE id = $1', [active.rows[0].id]);
  }
  await pool.query('INSERT INTO sessions (admin_id, token_hash) VALUES ($1, $2)', [adminId, tokenHash]);
  await pool.query('UPDATE admins SET last_login_at = CURRENT_TIMESTAMP, last_login_ip = $1, failed_attempts = 0 WHERE id = $2', [ip, adminId]);
}`,
    // The write names its row by a value another SELECT found by another condition (the referred user):
    // the row this SELECT checked (the caller's own) is not the one written.
    `${PG}export async function claim(tgId, account) {
  const me = await pool.query('SELECT * FROM users WHERE telegram_id = $1', [tgId]);
  if (me.rows[0].is_onboarded) return;
  const other = await pool.query('SELECT id FROM users WHERE account = $1', [account]);
  if (other.rows.length === 0) return;
  await pool.query('UPDATE users SET is_onboarded = TRUE, referred_by = $1 WHERE id = $2', [me.rows[0].id, other.rows[0].id]);
  await registerChain(other.rows[0].id, me.rows[0].id);
}`,
    // A blind status write whose check gates only a chat call behind \`.catch(…)\`: two runs leave the row as one does.
    `${PG}export async function decide(ctx, id, status) {
  const { rows } = await pool.query('SELECT status FROM actions WHERE id = $1', [id]);
  if (rows[0].status !== 'pending') return;
  await pool.query('UPDATE actions SET status = $1, decided_at = now() WHERE id = $2', [status, id]);
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => {});
}`,
    // A read that lists the rows to delete, then DELETEs by key: a second run deletes nothing more.
    `${PG}export async function dropChunks(fileId) {
  const { rows } = await pool.query('SELECT * FROM chunks WHERE file_id = $1', [fileId]);
  await search.removeChunksFor(fileId);
  if (rows.length) await pool.query('DELETE FROM vectors WHERE chunk_id = ANY($1)', [rows.map((row) => row.id)]);
  await pool.query('DELETE FROM chunks WHERE file_id = $1', [fileId]);
}`,
    // A row read by key, then its file removed at a storage service by key (\`destroy\`), the row DELETEd
    // and a cache entry evicted (\`del\`): a second run removes nothing more.
    `${PG}${DELETE_IMAGE('await storage.uploader.destroy(rows[0].public_id);')}`,
  ],
  invalid: [
    // Round 32 (tonera-backend #19): the same listener with no check. The Bot API warns that the message of a callback
    // query "can contain no callback buttons with this data": any user who has a message of the bot can send
    // `reject_task:42`, so buttons sent only to the admin do not make the handler the operator's.
    lockableSelect(REJECT_TASK()),
    // Their twins: a guard called as a statement; a call in the loop after the branch, which the \`continue\`
    // decides; a name moved to a state (NULL: freed).
    lockable(`${PG}${SWEEP_VOUCHERS('assertFound(rows);')}`, 4),
    lockable(`${PG}${SWEEP_VOUCHERS('console.log(`found ${rows.length}`);', 'await router.keep(voucher.code);')}`, 4),
    lockable(`${PG}${RENAME('NULL')}`, 5),
    // The lock shapes above, unproven: a \`withLock\` and a \`mutex\` known by name only (nothing shows
    // they serialise anything), an async-lock keyed by another value than the row's, and a callback
    // the lock's callback registers for later (it runs after the lock is released).
    lockableSelect(`${PG}${WITHDRAW_NFT("withLock([userId, 'nft:' + id], async () => {", '')}`),
    lockableSelect(`${PG}${SPEND_BALANCE('mutex.runExclusive(async () => {')}`),
    lockableSelect(`${PG}import AsyncLock from 'async-lock';\nconst lock = new AsyncLock();\n${SPEND_BALANCE("lock.acquire('user:' + ctx.chat.id, async () => {")}`),
    lockableSelect(`${PG}import { Mutex } from 'async-mutex';\nconst mutex = new Mutex();\n${SPEND_BALANCE("mutex.runExclusive(async () => {\n  setTimeout(async () => {", '\n  });')}`),
    // The same read and DELETE when the check gates a refund or a balance credit: a second run pays twice.
    lockable(`${PG}${DELETE_IMAGE('await stripe.refunds.create({ payment_intent: rows[0].payment_id });')}`, 4),
    lockable(`${PG}${DELETE_IMAGE("await pool.query('UPDATE users SET balance = balance + 10 WHERE id = $1', [rows[0].user_id]);")}`, 4),
    // The same status write after an effect behind \`.catch(…)\`: the check gates access issued twice.
    lockable(`${PG}export async function decide(ctx, id, status) {
  const { rows } = await pool.query('SELECT status FROM actions WHERE id = $1', [id]);
  if (rows[0].status !== 'pending') return;
  await pool.query('UPDATE actions SET status = $1, decided_at = now() WHERE id = $2', [status, id]);
  await issueAccess(id).catch(() => {});
}`, 4),
    // A removal named for money: two runs take the credits twice.
    lockable(`${PG}export async function dropChunks(ownerId, fileId) {
  const { rows } = await pool.query('SELECT * FROM chunks WHERE file_id = $1', [fileId]);
  if (rows.length) await removeCredits(ownerId, rows[0].size);
  await pool.query('DELETE FROM chunks WHERE file_id = $1', [fileId]);
}`, 4),
    // The same listing read gating a counter added to: two runs add twice.
    lockable(`${PG}export async function dropChunks(fileId) {
  const { rows } = await pool.query('SELECT * FROM chunks WHERE file_id = $1', [fileId]);
  if (rows.length) await pool.query('UPDATE vectors SET orphans = orphans + 1 WHERE chunk_id = ANY($1)', [rows.map((row) => row.id)]);
  await pool.query('DELETE FROM chunks WHERE file_id = $1', [fileId]);
}`, 4),
    // The twin: the same helper also called from a handler with no admin check.
    lockable(`${PG}${ADMIN_APPROVE}
bot.on('callback_query', async (q) => {
  if (q.data.startsWith('self:')) await approve(q.from.id, Number(q.data.split(':')[1]));
});`, 4),
    // The twins: the UPDATE writes the row this SELECT read, or a row another SELECT found by the same value.
    lockable(`${PG}export async function claim(tgId, account) {
  const me = await pool.query('SELECT * FROM users WHERE telegram_id = $1', [tgId]);
  if (me.rows[0].is_onboarded) return;
  const other = await pool.query('SELECT id FROM users WHERE account = $1', [account]);
  if (other.rows.length === 0) return;
  await pool.query('UPDATE users SET is_onboarded = TRUE, referred_by = $1 WHERE id = $2', [other.rows[0].id, me.rows[0].id]);
  await registerChain(other.rows[0].id, me.rows[0].id);
}`, 4),
    lockable(`${PG}export async function claim(tgId, account) {
  const me = await pool.query('SELECT * FROM users WHERE telegram_id = $1', [tgId]);
  if (me.rows[0].is_onboarded) return;
  const other = await pool.query('SELECT id FROM users WHERE telegram_id = $1', [tgId]);
  await pool.query('UPDATE users SET is_onboarded = TRUE, referred_by = $1 WHERE id = $2', [account, other.rows[0].id]);
  await registerChain(other.rows[0].id, me.rows[0].id);
}`, 4),
    // The twin: the other write stores a value taken from the read (or adds to a counter): a second run repeats it.
    lockable(`${PG}export async function createSession(adminId, tokenHash, ip) {
  const active = await pool.query('SELECT id FROM sessions WHERE admin_id = $1 AND revoked = FALSE ORDER BY created_at', [adminId]);
  if (active.rows.length >= 5) {
    await pool.query('UPDATE sessions SET revoked = TRUE WHERE id = $1', [active.rows[0].id]);
  }
  await pool.query('UPDATE admins SET last_login_at = CURRENT_TIMESTAMP, open_sessions = $1 WHERE id = $2', [active.rows.length, adminId]);
}`, 4),
    lockable(`${PG}export async function createSession(adminId, tokenHash, ip) {
  const active = await pool.query('SELECT id FROM sessions WHERE admin_id = $1 AND revoked = FALSE ORDER BY created_at', [adminId]);
  if (active.rows.length >= 5) {
    await pool.query('UPDATE sessions SET revoked = TRUE WHERE id = $1', [active.rows[0].id]);
    await pool.query('UPDATE admins SET evictions = evictions + 1 WHERE id = $1', [adminId]);
  }
}`, 4),
    // The same handler without the operator check races between users.
    lockable(`${PG}bot.on('callback_query', async (query) => {
  if (query.data.startsWith('ok_')) {
    const { rows } = await pool.query('SELECT * FROM pending WHERE tg = $1', [query.data.slice(3)]);
    if (rows.length === 0) return;
    await notify(rows[0].tg);
    await pool.query('DELETE FROM pending WHERE tg = $1', [rows[0].tg]);
  }
});`, 5),
    // Not a fill-once: the awaited call is an effect of its own, not the value the UPDATE stores.
    lockable(`${PG}export async function codeFor(userId) {
  const found = await pool.query('SELECT ref_code FROM users WHERE id = $1 AND ref_code IS NOT NULL', [userId]);
  if (found.rows.length > 0) return found.rows[0].ref_code;
  const code = await generateCode(userId);
  await grantBonus(userId);
  await pool.query('UPDATE users SET ref_code = $1 WHERE id = $2', [code, userId]);
  return code;
}`, 4),
    // A blind write (literal status) whose check also gates another write: a double claim.
    lockable(`${PG}export async function redeem(code, userId) {
  const { rows } = await pool.query('SELECT id FROM codes WHERE code = $1 AND used = false', [code]);
  if (!rows.length) return;
  await pool.query('UPDATE codes SET used = true WHERE id = $1', [rows[0].id]);
  await pool.query('UPDATE users SET balance = balance + 10 WHERE id = $1', [userId]);
}`, 4),
    // A blind write after an awaited side effect the check gates (access issued twice).
    lockable(`${PG}export async function markPaid(id) {
  const { rows } = await pool.query('SELECT * FROM payments WHERE id = $1', [id]);
  if (rows[0].status === 'paid') return;
  await issueAccess(rows[0].tg_id);
  await pool.query("UPDATE payments SET status = 'paid' WHERE id = $1", [id]);
}`, 4),
    // Issue 16: \`WHERE address = $1\` with \`$1\` read from the row just before is a key, not a guard.
    lockable(`${PG}export async function claim(userId) {
  const { rows } = await pool.query('SELECT address FROM wallets WHERE used = false LIMIT 1');
  await pool.query('UPDATE wallets SET used = true WHERE address = $1', [rows[0].address]);
  await pool.query('UPDATE users SET wallet = $1 WHERE id = $2', [rows[0].address, userId]);
}`, 4),
    // Outside the lock callback the same code races.
    lockable(`${PG}export async function withdraw(userId, id) {
  const { rows } = await pool.query('SELECT id FROM nfts WHERE id = $1 AND withdrawing = false', [id]);
  if (!rows.length) return;
  await pool.query('UPDATE nfts SET withdrawing = true WHERE id = $1', [id]);
  await createWithdrawal(userId, id);
}`, 4),
    {
      // A claim: the SELECT filters on the column the UPDATE sets.
      code: `${PG}export async function claim(user) {
  const { rows } = await pool.query('SELECT id, address FROM address_pool WHERE used = false LIMIT 1');
  if (!rows.length) return null;
  await pool.query('UPDATE address_pool SET used = true WHERE id = $1', [rows[0].id]);
  return rows[0].address;
}`,
      errors: [{ messageId: 'missingLock', line: 4, data: { table: 'address_pool', line: '6', verb: 'update', write: 'UPDATE' }, suggestions: [{ messageId: 'suggestForUpdate', output: `${PG}export async function claim(user) {
  const { rows } = await pool.query('SELECT id, address FROM address_pool WHERE used = false LIMIT 1 FOR UPDATE');
  if (!rows.length) return null;
  await pool.query('UPDATE address_pool SET used = true WHERE id = $1', [rows[0].id]);
  return rows[0].address;
}` }] }],
    },
    {
      // An alias read through a derived variable.
      code: `${PG}export async function view(videoId, cost) {
  const res = await pool.query('SELECT v.id, u.balance AS owner_balance FROM videos v JOIN users u ON u.id = v.owner WHERE v.id = $1', [videoId]);
  const video = res.rows[0];
  if (Number(video.owner_balance) < cost) return;
  await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [cost, video.owner]);
}`,
      errors: [
        { messageId: 'missingLock', line: 4, suggestions: [{ messageId: 'suggestForUpdate', output: `${PG}export async function view(videoId, cost) {
  const res = await pool.query('SELECT v.id, u.balance AS owner_balance FROM videos v JOIN users u ON u.id = v.owner WHERE v.id = $1 FOR UPDATE', [videoId]);
  const video = res.rows[0];
  if (Number(video.owner_balance) < cost) return;
  await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [cost, video.owner]);
}` }] },
      ],
    },
    {
      // The twin of the migration: the same method in a class that is no migration runs per request.
      code: `import { MigrationInterface, QueryRunner } from 'typeorm';
export class ConvertBalances1700000000000 {
  public async up(queryRunner: QueryRunner): Promise<void> {
    const [user] = await queryRunner.query('SELECT id, balance FROM users WHERE id = 1');
    if (user.balance > 0) await queryRunner.query('UPDATE users SET balance = $1 WHERE id = $2', [user.balance * 100, user.id]);
  }
  public async down(): Promise<void> {}
}`,
      errors: [{ messageId: 'missingLock', line: 4, data: { table: 'users', line: '5', verb: 'update', write: 'UPDATE' }, suggestions: [{ messageId: 'suggestForUpdate', data: { table: 'users', line: '5', verb: 'update', write: 'UPDATE' }, output: `import { MigrationInterface, QueryRunner } from 'typeorm';
export class ConvertBalances1700000000000 {
  public async up(queryRunner: QueryRunner): Promise<void> {
    const [user] = await queryRunner.query('SELECT id, balance FROM users WHERE id = 1 FOR UPDATE');
    if (user.balance > 0) await queryRunner.query('UPDATE users SET balance = $1 WHERE id = $2', [user.balance * 100, user.id]);
  }
  public async down(): Promise<void> {}
}` }] }],
    },
    {
      // The twin of the replace: the check gates an INSERT into another table (a redemption row): two runs both record it.
      code: `${PG}export async function redeem(code, userId) {
  const res = await pool.query('SELECT id FROM vouchers WHERE code = $1', [code]);
  if (res.rowCount === 0) return;
  await pool.query('DELETE FROM vouchers WHERE id = $1', [res.rows[0].id]);
  await pool.query('INSERT INTO redemptions (user_id, code) VALUES ($1, $2)', [userId, code]);
}`,
      errors: [{ messageId: 'missingLock', line: 4, data: { table: 'vouchers', line: '6', verb: 'delete', write: 'DELETE' }, suggestions: [{ messageId: 'suggestForUpdate', data: { table: 'vouchers', line: '6', verb: 'delete', write: 'DELETE' }, output: `${PG}export async function redeem(code, userId) {
  const res = await pool.query('SELECT id FROM vouchers WHERE code = $1 FOR UPDATE', [code]);
  if (res.rowCount === 0) return;
  await pool.query('DELETE FROM vouchers WHERE id = $1', [res.rows[0].id]);
  await pool.query('INSERT INTO redemptions (user_id, code) VALUES ($1, $2)', [userId, code]);
}` }] }],
    },
    {
      // A DELETE after a check that also gates another write: two redeems both pass the check and both credit.
      code: `${PG}export async function redeem(code, userId) {
  const { rows: [gift] } = await pool.query('SELECT * FROM gift_codes WHERE code = $1', [code]);
  if (!gift || gift.expired) return;
  await pool.query('DELETE FROM gift_codes WHERE id = $1', [gift.id]);
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [gift.amount, userId]);
}`,
      errors: [{ messageId: 'missingLock', line: 4, data: { table: 'gift_codes', line: '6', verb: 'delete', write: 'DELETE' }, suggestions: [{ messageId: 'suggestForUpdate', data: { table: 'gift_codes', line: '6', verb: 'delete', write: 'DELETE' }, output: `${PG}export async function redeem(code, userId) {
  const { rows: [gift] } = await pool.query('SELECT * FROM gift_codes WHERE code = $1 FOR UPDATE', [code]);
  if (!gift || gift.expired) return;
  await pool.query('DELETE FROM gift_codes WHERE id = $1', [gift.id]);
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [gift.amount, userId]);
}` }] }],
    },
    {
      // keyColumns: a WHERE on a declared key column is no guard.
      code: `${PG}export async function f(tg) {
  const { rows } = await pool.query('SELECT credits FROM users WHERE telegram = $1', [tg]);
  await pool.query('UPDATE users SET credits = $1 WHERE telegram = $2', [rows[0].credits - 1, tg]);
}`,
      options: [{ keyColumns: ['Telegram'] }],
      errors: [{ messageId: 'missingLock', line: 4, suggestions: [{ messageId: 'suggestForUpdate', output: `${PG}export async function f(tg) {
  const { rows } = await pool.query('SELECT credits FROM users WHERE telegram = $1 FOR UPDATE', [tg]);
  await pool.query('UPDATE users SET credits = $1 WHERE telegram = $2', [rows[0].credits - 1, tg]);
}` }] }],
    },
    {
      // The demo bot's spend path.
      code: `${PG}export async function spend(id, price) {
  const { rows } = await pool.query('SELECT id, balance FROM users WHERE telegram_id = $1', [id]);
  const user = rows[0];
  if (!user || user.balance < price) return;
  await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, user.id]);
}`,
      errors: [
        {
          messageId: 'missingLock',
          line: 4,
          column: 38,
          endLine: 4,
          endColumn: 90,
          data: { table: 'users', line: '7', verb: 'update', write: 'UPDATE' },
          suggestions: [
            {
              messageId: 'suggestForUpdate',
              data: { table: 'users', line: '7', verb: 'update', write: 'UPDATE' },
              output: `${PG}export async function spend(id, price) {
  const { rows } = await pool.query('SELECT id, balance FROM users WHERE telegram_id = $1 FOR UPDATE', [id]);
  const user = rows[0];
  if (!user || user.balance < price) return;
  await pool.query('UPDATE users SET balance = balance - $1 WHERE id = $2', [price, user.id]);
}`,
            },
          ],
        },
      ],
    },
    {
      // Inside a transaction but without a lock (READ COMMITTED): still a race. Constants followed; no suggestion for a constant.
      code: `${PG}const READ = 'SELECT balance FROM users WHERE id = $1';
export async function f(id) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows: [u] } = await client.query(READ, [id]);
  await client.query('UPDATE users SET balance = $1 WHERE id = $2', [u.balance - 1, id]);
  await client.query('COMMIT');
}`,
      errors: [{ messageId: 'missingLock', line: 3, column: 15, endLine: 3, endColumn: 54, suggestions: [] }],
    },
    {
      // postgres.js, template holes, a DELETE after a check that gates a credit. No suggestion for a template with holes.
      code: `import postgres from 'postgres';
const sql = postgres();
export async function f(id, user) {
  const [session] = await sql\`SELECT * FROM sessions WHERE id = \${id}\`;
  if (session.expired) await sql\`DELETE FROM sessions WHERE id = \${id}\`;
  await sql\`UPDATE users SET credits = credits + \${session.refund} WHERE id = \${user}\`;
}`,
      errors: [{ messageId: 'missingLock', line: 4, column: 31, data: { table: 'sessions', line: '5', verb: 'delete', write: 'DELETE' }, suggestions: [] }],
    },
    {
      // mysql2 with ? placeholders, a hole-free template, a result used in a condition.
      code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function f(id) {
  const [rows] = await pool.execute(\`SELECT credits FROM accounts WHERE user_id = ?\`, [id]);
  if (rows[0].credits > 0) await pool.execute('UPDATE accounts SET credits = ? WHERE user_id = ?', [rows[0].credits - 1, id]);
}`,
      errors: [
        {
          messageId: 'missingLock',
          line: 4,
          suggestions: [
            {
              messageId: 'suggestForUpdate',
              output: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
export async function f(id) {
  const [rows] = await pool.execute(\`SELECT credits FROM accounts WHERE user_id = ? FOR UPDATE\`, [id]);
  if (rows[0].credits > 0) await pool.execute('UPDATE accounts SET credits = ? WHERE user_id = ?', [rows[0].credits - 1, id]);
}`,
            },
          ],
        },
      ],
    },
    {
      // knex raw, assignment instead of a declaration, a multi-statement SELECT (no suggestion).
      code: `import knex from 'knex';
const db = knex({});
export async function f(id) {
  let res;
  res = await db.raw('SELECT balance FROM users WHERE id = ?; SELECT 1', [id]);
  await db.raw('UPDATE users SET balance = ? WHERE id = ?', [res.rows[0].balance + 5, id]);
}`,
      errors: [{ messageId: 'missingLock', line: 5, suggestions: [] }],
    },
    {
      // better-sqlite3 prepare().get() then run(): SQLite has no FOR UPDATE, so no such suggestion.
      // … with an \`await\` between the read and the write: other requests run there.
      code: `import Database from 'better-sqlite3';
const db = new Database('a.db');
export async function f(id) {
  const user = db.prepare('SELECT balance FROM users WHERE id = ?').get(id);
  await notify(user);
  db.prepare('UPDATE users SET balance = ? WHERE id = ?').run(user.balance - 1, id);
}`,
      errors: [{ messageId: 'missingLockSqlite', line: 4, column: 28, endColumn: 66, suggestions: [] }],
    },
    {
      // better-sqlite3 through require and a factory call.
      code: `const db = require('better-sqlite3')('a.db');
export async function f(id) {
  const user = db.prepare('SELECT balance FROM users WHERE id = ?').get(id);
  if (user.balance < 1) return;
  const price = await quote(user);
  db.prepare('UPDATE users SET balance = ? WHERE id = ?').run(user.balance - price, id);
}`,
      errors: [{ messageId: 'missingLockSqlite', line: 3, suggestions: [] }],
    },
    {
      // Issue 16, SQLite: a deferred BEGIN takes no write lock at the read (the twin with BEGIN IMMEDIATE is valid).
      code: SQLITE_SPEND("await db.run('BEGIN');"),
      errors: [{ messageId: 'missingLockSqlite', line: 6, suggestions: [] }],
    },
    {
      // Cloudflare D1: env.DB.prepare(sql).bind(…).first() — SQLite, no import to prove it by.
      code: `export async function f(env, id) {
  const user = await env.DB.prepare('SELECT balance FROM users WHERE id = ?').bind(id).first();
  await env.DB.prepare('UPDATE users SET balance = ? WHERE id = ?').bind(user.balance - 1, id).run();
}`,
      errors: [{ messageId: 'missingLockSqlite', line: 2, suggestions: [] }],
    },
    {
      // Issue 16, SQLite: INSERT OR REPLACE of the row just read and checked, with a value computed from it, overwrites it like an UPDATE.
      code: `export async function buy(env, id, cost) {
  const user = await env.DB.prepare('SELECT balance FROM users WHERE id = ?').bind(id).first();
  if (user.balance < cost) return;
  await env.DB.prepare('INSERT OR REPLACE INTO users (id, balance) VALUES (?, ?)').bind(id, user.balance - cost).run();
}`,
      errors: [{ messageId: 'missingLockSqlite', line: 2, data: { table: 'users', line: '4', verb: 'update', write: 'UPDATE' }, suggestions: [] }],
    },
    {
      // The PostgreSQL twin of the D1 case: FOR UPDATE is suggested.
      code: `import pg from 'pg';
const pool = new pg.Pool();
export async function f(id) {
  const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);
  await pool.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - 1, id]);
}`,
      errors: [
        {
          messageId: 'missingLock',
          line: 4,
          suggestions: [
            {
              messageId: 'suggestForUpdate',
              output: `import pg from 'pg';
const pool = new pg.Pool();
export async function f(id) {
  const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1 FOR UPDATE', [id]);
  await pool.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - 1, id]);
}`,
            },
          ],
        },
      ],
    },
    // A pending row read, then deleted by its key: the referral effects after it are gated by a later
    // read of their own row (!user.referred_by … SET referred_by), a pair judged on its own
    // (reported at line 11), not by this read.
    lockable(
      `${PG}export async function register(telegramId, referralCode) {
  if (!referralCode) {
    const pending = await pool.query('SELECT referral_code FROM pending_referrals WHERE telegram_id = $1', [telegramId]);
    if (pending.rows.length > 0) {
      referralCode = pending.rows[0].referral_code;
      await pool.query('DELETE FROM pending_referrals WHERE telegram_id = $1', [telegramId]);
    }
  }
  const userResult = await pool.query('SELECT * FROM users WHERE telegram_id = $1', [telegramId]);
  if (userResult.rows.length > 0) {
    const user = userResult.rows[0];
    if (referralCode && !user.referred_by) {
      const ref = await pool.query('SELECT id FROM users WHERE referral_code = $1', [referralCode]);
      await pool.query('UPDATE users SET referred_by = $1 WHERE id = $2', [ref.rows[0].id, user.id]);
      await registerReferralChain(user.id, ref.rows[0].id);
    }
  }
}`,
      11,
    ),
    // The twin: the pending row's check alone gates the referral write and the chain: both runs apply it.
    lockable(
      `${PG}export async function register(telegramId) {
  const pending = await pool.query('SELECT referral_code FROM pending_referrals WHERE telegram_id = $1', [telegramId]);
  if (pending.rows.length === 0) return;
  const referralCode = pending.rows[0].referral_code;
  await pool.query('DELETE FROM pending_referrals WHERE telegram_id = $1', [telegramId]);
  await pool.query('UPDATE users SET referred_by = $1 WHERE telegram_id = $2', [referralCode, telegramId]);
  await registerReferralChain(telegramId, referralCode);
}`,
      4,
    ),
  ],
});

/** A grammY bot on PostgreSQL with `middleware` installed (lines 1–6), then `handlers` from line 7. */
function grammyBot(middleware: string, handlers: string, imports = "import { sequentialize } from '@grammyjs/runner';") {
  return `import { Bot, session, MemorySessionStorage } from 'grammy';
${imports}
import pg from 'pg';
const pool = new pg.Pool();
const bot = new Bot('token');
${middleware}
${handlers}`;
}

const SEQUENTIALIZE = 'bot.use(sequentialize((ctx) => [String(ctx.chat?.id), String(ctx.from?.id)]));';
/** The acting user's own balance: read (line 8), checked, written back (line 10). */
const OWN_BALANCE = `bot.callbackQuery('buy', async (ctx) => {
  const { rows } = await pool.query('SELECT balance FROM users WHERE tg_id = $1', [ctx.from.id]);
  if (rows[0].balance < 10) return ctx.answerCallbackQuery('not enough');
  await pool.query('UPDATE users SET balance = $1 WHERE tg_id = $2', [rows[0].balance - 10, ctx.from.id]);
});`;
/** The same handler behind a busy flag in the session, set before the first await (read on line 11). */
const BUSY_FLAG = `bot.callbackQuery('buy', async (ctx) => {
  if (ctx.session.busy) return;
  ctx.session.busy = true;
  try {
    const { rows } = await pool.query('SELECT balance FROM users WHERE tg_id = $1', [ctx.from.id]);
    if (rows[0].balance < 10) return ctx.answerCallbackQuery('not enough');
    await pool.query('UPDATE users SET balance = $1 WHERE tg_id = $2', [rows[0].balance - 10, ctx.from.id]);
  } finally {
    ctx.session.busy = false;
  }
});`;

/** A grammY bot on TypeORM with `middleware` installed (line 6), then `handler` from line 7. */
function typeormBot(middleware: string, handler: string) {
  return `import { Bot } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import { DataSource } from 'typeorm';
const ds = new DataSource({});
const bot = new Bot('token');
${middleware}
${handler}`;
}
/** The sender's own balance through TypeORM's EntityManager: read (line 8), checked, decremented (line 10). */
const TYPEORM_MANAGER_SPEND = `bot.command('spin', async (ctx) => {
  const user = await ds.manager.findOneBy(User, { telegramId: ctx.from.id });
  if (user.balance < 5) return ctx.reply('not enough');
  await ds.manager.decrement(User, { telegramId: ctx.from.id }, 'balance', 5);
});`;

/** Two bot projects on disk whose `bot.ts` installs `middleware` and the composer of `shop.ts`. */
function composerProject(name: string, middleware: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', '@grammyjs/runner': '^2', pg: '^8' } }));
  fs.writeFileSync(
    path.join(root, 'bot.ts'),
    `import { Bot } from 'grammy';\nimport { run, sequentialize } from '@grammyjs/runner';\nimport { shop } from './shop';\nconst bot = new Bot(process.env.TOKEN!);\n${middleware}\nbot.use(shop);\nrun(bot);\n`,
  );
  return path.join(root, 'shop.ts');
}
const SHOP = OWN_BALANCE.replace("bot.callbackQuery('buy'", "shop.callbackQuery('buy'");
const composerShop = `import { Composer } from 'grammy';
import pg from 'pg';
const pool = new pg.Pool();
export const shop = new Composer();
${SHOP}`;
const serialShop = composerProject('serial', 'bot.use(sequentialize((ctx) => [String(ctx.chat?.id), String(ctx.from?.id)]));');
const plainShop = composerProject('plain', '');
fs.writeFileSync(serialShop, composerShop);
fs.writeFileSync(plainShop, composerShop);

ruleTester.run('require-for-update: per-user serialisation', rule, {
  valid: [
    // A composer of another file, installed on a bot of the project that is sequentialized.
    { code: composerShop, filename: serialShop },
    // grammY runner's `sequentialize` keyed on the chat and the sender: one user's updates run one at a time.
    grammyBot(SEQUENTIALIZE, OWN_BALANCE),
    // A named constraint function, a user looked up by the sender's id, a Prisma read and write of that user.
    `import { Bot } from 'grammy';
import { sequentialize as serial } from '@grammyjs/runner';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const bot = new Bot('token');
function constraints(ctx) {
  return ctx.from?.id.toString();
}
bot.use(serial(constraints));
bot.command('spin', async (ctx) => {
  const userId = ctx.from.id;
  const user = await prisma.user.findUnique({ where: { telegramId: BigInt(userId) } });
  if (user.balance < 5) return ctx.reply('not enough');
  await prisma.user.update({ where: { id: user.id }, data: { balance: user.balance - 5 } });
});`,
    // A busy flag in an in-memory session (grammY `session()` without storage, or `MemorySessionStorage`; Telegraf `session()`).
    grammyBot('bot.use(session({ initial: () => ({ busy: false }) }));', BUSY_FLAG, ''),
    grammyBot('bot.use(session({ initial: () => ({}), storage: new MemorySessionStorage() }));', BUSY_FLAG, ''),
    // TypeORM's EntityManager takes the entity first: `findOneBy(User, criteria)`, `findOne(User, { where })`
    // pick the sender's own row, and `decrement(User, criteria, column, value)` writes it.
    typeormBot(SEQUENTIALIZE, TYPEORM_MANAGER_SPEND),
    typeormBot(SEQUENTIALIZE, TYPEORM_MANAGER_SPEND.replace('findOneBy(User, { telegramId: ctx.from.id })', 'findOne(User, { where: { telegramId: ctx.from.id } })')),
    `import { Telegraf, session } from 'telegraf';
import pg from 'pg';
const pool = new pg.Pool();
const bot = new Telegraf('token');
bot.use(session());
${BUSY_FLAG.replace("bot.callbackQuery('buy'", "bot.action('buy'")}`,
  ],
  invalid: [
    // TypeORM through the EntityManager without serialisation; a shared row (stock) with it.
    { code: typeormBot('', TYPEORM_MANAGER_SPEND), errors: [{ messageId: 'missingLockBuilder', line: 8 }] },
    { code: typeormBot('', TYPEORM_MANAGER_SPEND.replace('findOneBy(User, { telegramId: ctx.from.id })', 'findOne(User, { where: { telegramId: ctx.from.id } })')), errors: [{ messageId: 'missingLockBuilder', line: 8 }] },
    {
      code: typeormBot(
        SEQUENTIALIZE,
        TYPEORM_MANAGER_SPEND.replaceAll('User, { telegramId: ctx.from.id }', 'Item, { id: ctx.match }').replace('user.balance < 5', 'user.stock < 1').replace("'balance', 5", "'stock', 1"),
      ),
      errors: [{ messageId: 'missingLockBuilder', line: 8 }],
    },
    // No serialisation: two taps of the same user both pass the check.
    lockable(grammyBot('', OWN_BALANCE), 8),
    // The same composer in a project whose bot does not serialise.
    { ...lockable(composerShop, 6), filename: plainShop },
    // `sequentialize` installed after the handler: it does not wrap it.
    lockable(grammyBot('', `${OWN_BALANCE}\n${SEQUENTIALIZE}`), 8),
    // `sequentialize` keyed on something else than the chat or the sender.
    lockable(grammyBot('bot.use(sequentialize((ctx) => ctx.message?.text));', OWN_BALANCE), 8),
    // A shared row (stock picked by callback data): two users race even when each user's updates are serialised.
    lockable(
      grammyBot(
        SEQUENTIALIZE,
        `bot.callbackQuery(/^buy:(\\d+)$/, async (ctx) => {
  const { rows } = await pool.query('SELECT stock FROM products WHERE id = $1', [ctx.match[1]]);
  if (rows[0].stock < 1) return ctx.answerCallbackQuery('sold out');
  await pool.query('UPDATE products SET stock = $1 WHERE id = $2', [rows[0].stock - 1, ctx.match[1]]);
});`,
      ),
      8,
    ),
    // The handler is also called from a payment provider's webhook, which `sequentialize` does not cover.
    lockable(
      grammyBot(
        SEQUENTIALIZE,
        `async function credit(ctx) {
  const { rows } = await pool.query('SELECT balance FROM users WHERE tg_id = $1', [ctx.from.id]);
  if (rows[0].balance > 1000) return;
  await pool.query('UPDATE users SET balance = $1 WHERE tg_id = $2', [rows[0].balance + 10, ctx.from.id]);
}
bot.command('credit', credit);
app.post('/webhook', (req) => credit({ from: { id: req.body.user } }));`,
      ),
      8,
    ),
    {
      // Prisma without serialisation.
      code: `import { Bot } from 'grammy';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const bot = new Bot('token');
bot.command('spin', async (ctx) => {
  const user = await prisma.user.findUnique({ where: { telegramId: BigInt(ctx.from.id) } });
  if (user.balance < 5) return ctx.reply('not enough');
  await prisma.user.update({ where: { id: user.id }, data: { balance: user.balance - 5 } });
});`,
      errors: [{ messageId: 'missingLockPrisma', line: 6 }],
    },
    // A busy flag in a session kept in an external store: read and written across awaits, it serialises nothing.
    lockable(grammyBot('bot.use(session({ initial: () => ({}), storage: new RedisAdapter({ instance: redis }) }));', BUSY_FLAG, ''), 11),
    // The flag set only after an await: a second update passes the check meanwhile.
    lockable(
      grammyBot(
        'bot.use(session({ initial: () => ({}) }));',
        BUSY_FLAG.replace('  ctx.session.busy = true;\n', "  await ctx.answerCallbackQuery();\n  ctx.session.busy = true;\n"),
        '',
      ),
      12,
    ),
  ],
});

/** A payment marked paid after an awaited call the status check gates: the read on line 4. */
const MARK_PAID = (call: string) => `${PG}export async function markPaid(id, ctx) {
  const { rows } = await pool.query('SELECT * FROM payments WHERE id = $1', [id]);
  if (rows[0].status === 'paid') return;
  await ${call};
  await pool.query("UPDATE payments SET status = 'paid' WHERE id = $1", [id]);
}`;

ruleTester.run('require-for-update: chat calls are Bot API methods, not name prefixes', rule, {
  valid: [
    // Telling the user twice repeats nothing harmful: Bot API methods on the bot, its API or the context.
    MARK_PAID("bot.sendMessage(rows[0].tg_id, 'paid')"),
    MARK_PAID("bot.api.sendMessage(rows[0].tg_id, 'paid')"),
    MARK_PAID("ctx.editMessageText('paid')"),
    MARK_PAID("ctx.answerCallbackQuery('paid')"),
    MARK_PAID("ctx.replyWithPhoto(receipt)"),
    MARK_PAID('ctx.msg.editText(`paid`)'),
  ],
  invalid: [
    // A helper named like a chat call that moves money: a second run pays out again.
    lockable(MARK_PAID('sendPayout(rows[0].tg_id, rows[0].amount)'), 4),
    lockable(MARK_PAID('wallet.sendPayout(rows[0].tg_id, rows[0].amount)'), 4),
    lockable(MARK_PAID('editBalance(rows[0].tg_id, rows[0].amount)'), 4),
  ],
});

/** A project's own Bot API wrapper (declared after the flow, so the read stays on line 4). */
const WRAPPER = (url: string, extra = '') =>
  `\nasync function sendTelegramMessage(chatId, text) {${extra} await fetch(\`${url}\`, { method: 'POST', body: JSON.stringify({ chat_id: chatId, text }) }); }`;
const TG = "\nasync function tg(method, body) { const res = await axios.post(`https://api.telegram.org/bot${TOKEN}/${method}`, body); return res.data; }";

ruleTester.run('require-for-update: a project function that only posts a chat method to the Bot API is a chat call', rule, {
  valid: [
    MARK_PAID("sendTelegramMessage(rows[0].tg_id, 'paid')") + WRAPPER('https://api.telegram.org/bot${TOKEN}/sendMessage'),
    MARK_PAID("tg('sendMessage', { chat_id: rows[0].tg_id, text: 'paid' })") + TG,
  ],
  invalid: [
    // The twins: a Bot API method that moves something (a ban), another host, a wrapper that also writes.
    lockable(MARK_PAID("sendTelegramMessage(rows[0].tg_id, 'paid')") + WRAPPER('https://api.telegram.org/bot${TOKEN}/banChatMember'), 4),
    lockable(MARK_PAID("sendTelegramMessage(rows[0].tg_id, 'paid')") + WRAPPER('https://pay.example.com/bot${TOKEN}/sendMessage'), 4),
    lockable(MARK_PAID("sendTelegramMessage(rows[0].tg_id, 'paid')") + WRAPPER('https://api.telegram.org/bot${TOKEN}/sendMessage', ' await credit(chatId);'), 4),
    lockable(MARK_PAID("tg('banChatMember', { chat_id: rows[0].tg_id, user_id: 1 })") + TG, 4),
  ],
});

/** A request decided once: the status checked, then written with a value not taken from the row; `gated` follows the write. */
const DECIDE = (gated: string) => `${PG}export async function decide(ctx, id, status) {
  const { rows } = await pool.query('SELECT status, requester_id FROM approvals WHERE id = $1', [id]);
  if (rows[0].status !== 'pending') return;
  await pool.query('UPDATE approvals SET status = $2, decided_at = now() WHERE id = $1', [id, status]);
  ${gated}
}`;

/** A pending poll read by its state, expired with a literal; the expired branch leaves, `after` runs there. */
const EXPIRE = (after: string) => `${PG}export async function submit(ctx, pollId) {
  const rows = await pool.query('SELECT * FROM polls WHERE id = $1 AND status = $2', [pollId, 'pending']);
  if (!rows.rows.length) return ctx.answerCallbackQuery({ text: 'Already closed' });
  const poll = rows.rows[0];
  if (Date.now() - poll.created_at > 86400000) {
    await pool.query("UPDATE polls SET status = 'expired' WHERE id = $1", [pollId]);
    ${after}
    return;
  }
  await ctx.answerCallbackQuery({ text: 'Sent' });
}`;

/**
 * A listing read inside a postgres.js transaction (a plain array): the rows found name the old
 * vectors to delete, the chunks go, then new rows are inserted into `table`.
 */
const REPLACE_CHUNKS = (table: string) => `import postgres from 'postgres';
const sql = postgres();
export async function replaceChunks(fileId, chunks) {
  await sql.begin(async (tx) => {
    const old = await tx\`SELECT * FROM chunks WHERE file_id = \${fileId}\`;
    if (old.length) await tx\`DELETE FROM vectors WHERE chunk_id = ANY(\${old.map((chunk) => chunk.id)})\`;
    await tx\`DELETE FROM chunks WHERE file_id = \${fileId}\`;
    for (const chunk of chunks) await tx\`INSERT INTO ${table} (file_id, body) VALUES (\${fileId}, \${chunk})\`;
  });
}`;

/**
 * A middleware (lines 3–13 after \`PG\`) that reads the sender's row (line 4), marks it verified
 * with a literal when unverified (line 7), `gated` beside that write, and then hands the update on.
 */
const VERIFY = (gated: string) => `${PG}export const auth = async (ctx, next) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE telegram_id = $1', [ctx.from.id]);
  const user = rows[0];
  if (user && !user.verified && ctx.from.username) {
    await pool.query('UPDATE users SET verified = true WHERE telegram_id = $1', [ctx.from.id]);
    user.verified = true;${gated}
  }
  if (!user) return ctx.reply('Send /start first.');
  ctx.user = user;
  await next();
};`;

ruleTester.run('require-for-update: writes no race can double, listing reads (round 15)', rule, {
  valid: [
    // A status from the callback data and a clock, then a helper of the file that only talks to the chat:
    // a second run writes the same and sends a second message (direct chat calls: see \`decide\` above).
    `${DECIDE("await notify(rows[0].requester_id, 'Your request was ' + status);")}
async function notify(chatId, text) {
  await bot.api.sendMessage(chatId, text);
}`,
    // A reply marked delivered (a clock) after a send helper; and the Bot API's sendMessage requested over HTTP.
    `${PG}export async function deliverPending() {
  const { rows } = await pool.query('SELECT id, chat_id, text FROM replies WHERE delivered_at IS NULL');
  for (const row of rows) {
    await sendReply(row.chat_id, row.text);
    await pool.query('UPDATE replies SET delivered_at = NOW() WHERE id = $1', [row.id]);
  }
}
const sendReply = (chatId, text) => bot.api.sendMessage(chatId, text);`,
    DECIDE("await fetch(`https://api.telegram.org/bot${TOKEN}/sendMessage`, { method: 'POST', body: JSON.stringify({ chat_id: rows[0].requester_id, text: status }) });"),
    // Expired with a literal in a branch that leaves: the row read by its state is only tested there, and only chat calls follow.
    EXPIRE("if (poll.message_id) await ctx.editMessageText('Expired');\n    await ctx.answerCallbackQuery({ text: 'Expired', show_alert: true });"),
    // A literal written once the check passes, then the middleware's \`next()\`: handing the update on to the
    // handlers is no effect of the check (each run hands on its own update; what they do is judged where written).
    VERIFY(''),
    // A listing inside a transaction names the rows to delete; the INSERTs after replace what was deleted.
    REPLACE_CHUNKS('vectors'),
  ],
  invalid: [
    // The twins: the same check also gates a grant or a second write.
    lockable(VERIFY('\n    await grantAccess(ctx.from.id);'), 4),
    lockable(VERIFY("\n    await pool.query('INSERT INTO bonuses (user_id, amount) VALUES ($1, 10)', [ctx.from.id]);"), 4),
    // The same status write when the check also gates a credit, a new row, a provider call or a counter: a second run repeats it.
    lockable(DECIDE("await pool.query('UPDATE users SET balance = balance + 10 WHERE id = $1', [rows[0].requester_id]);"), 4),
    lockable(DECIDE("await pool.query('INSERT INTO payouts (user_id, amount) VALUES ($1, 10)', [rows[0].requester_id]);"), 4),
    lockable(DECIDE("await fetch('https://api.provider.example/v1/payouts', { method: 'POST', body: JSON.stringify({ id }) });"), 4),
    lockable(DECIDE('await stripe.refunds.create({ payment_intent: id });'), 4),
    lockable(DECIDE("await pool.query('UPDATE stats SET n = n + 1 WHERE id = 1');"), 4),
    // A helper of the file that also writes is an effect.
    lockable(`${DECIDE("await notify(rows[0].requester_id, 'Your request was ' + status);")}
async function notify(chatId, text) {
  await bot.api.sendMessage(chatId, text);
  await grantAccess(chatId);
}`, 4),
    // A balance written back from the read.
    lockable(`${PG}export async function spend(id, cost) {
  const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);
  if (rows[0].balance < cost) return;
  await pool.query('UPDATE users SET balance = $2 WHERE id = $1', [id, rows[0].balance - cost]);
}`, 4),
    // The expired branch hands out what it read (a claim), or the check gates a new row there.
    lockable(EXPIRE('await ctx.reply(poll.secret_code);'), 4),
    lockable(EXPIRE("await pool.query('INSERT INTO payouts (poll_id) VALUES ($1)', [pollId]);"), 4),
    // The twins: the same listing before rows of a table nothing cleared (a payout per run); a transaction that checks a balance and writes it back.
    { code: REPLACE_CHUNKS('payouts'), errors: [{ messageId: 'missingLock', line: 5 }] },
    lockable(`${PG}export async function spend(id, cost) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query('SELECT balance FROM users WHERE id = $1', [id]);
  if (rows[0].balance < cost) return client.query('ROLLBACK');
  await client.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - cost, id]);
  await client.query('COMMIT');
}`, 6),
  ],
});

/** Rows with empty columns listed (line 4), values made for them by a provider, then `update` of each row. */
const FILL_EVENTS = (update: string) => `${PG}export async function fill() {
  const { rows } = await pool.query('SELECT id, title, description FROM events WHERE summary IS NULL OR ai_price IS NULL');
  if (rows.length === 0) return 0;
  const results = await describeEvents(rows);
  for (const r of results) {
    await pool.query('${update}', [r.summary, r.price, r.id]);
  }
}`;

ruleTester.run('require-for-update: guarded writes, fill-once and compare-and-set (round 16)', rule, {
  valid: [
    // Every SET fills its own column only while it is empty (`COALESCE(col, value)`): the database decides, a second run keeps the first's value.
    FILL_EVENTS('UPDATE events SET summary = COALESCE(summary, $1), ai_price = COALESCE(ai_price, $2) WHERE id = $3'),
    FILL_EVENTS('UPDATE events SET summary = IFNULL(summary, $1), ai_price = COALESCE(ai_price, $2, ai_price) WHERE id = $3'),
  ],
  invalid: [
    // The twins: one plain SET beside the fills, a COALESCE of another column, and a balance that only defaults a NULL.
    lockable(FILL_EVENTS('UPDATE events SET summary = COALESCE(summary, $1), ai_price = $2 WHERE id = $3'), 4),
    lockable(FILL_EVENTS('UPDATE events SET summary = COALESCE(description, $1) WHERE id = $3'), 4),
    lockable(`${PG}export async function spend(id, cost) {
  const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [id]);
  if (rows[0].balance < cost) return;
  await pool.query('UPDATE users SET balance = COALESCE(balance, 0) - $2 WHERE id = $1', [id, cost]);
}`, 4),
    // A version compared but not changed picks the row like a key (Supabase's \`.eq('version', v)\` and Prisma's \`where: { version }\` alike).
    lockable(`${PG}export async function spend(id, cost) {
  const { rows } = await pool.query('SELECT balance, version FROM wallets WHERE id = $1', [id]);
  if (rows[0].balance < cost) return;
  await pool.query('UPDATE wallets SET balance = $1 WHERE id = $2 AND version = $3', [rows[0].balance - cost, id, rows[0].version]);
}`, 4),
  ],
});

/**
 * A project on disk whose tsconfig maps `@/*` to `src/*`: `src/lib/supabase.ts` exports `supabase`
 * (`client` is its initialiser), and the returned file, `src/api/withdraw.ts`, imports it by the alias.
 */
function aliasProject(name: string, client: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-alias-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { '@supabase/supabase-js': '^2', telegraf: '^4' } }));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, paths: { '@/*': ['./src/*'] } } }));
  fs.mkdirSync(path.join(root, 'src', 'lib'), { recursive: true });
  fs.mkdirSync(path.join(root, 'src', 'api'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'lib', 'supabase.ts'), `${client}\n`);
  return path.join(root, 'src', 'api', 'withdraw.ts');
}
const SUPABASE_CLIENT = "import { createClient } from '@supabase/supabase-js';\nexport const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_KEY!);";
const aliasedSupabase = aliasProject('supabase', SUPABASE_CLIENT);
const aliasedWrapper = aliasProject('wrapper', 'export const supabase = { from: (table: string) => makeQuery(table) };');
const ALIAS_WITHDRAW = `import { supabase } from '@/lib/supabase';
export async function withdraw(cardId: string, amount: number) {
  const { data: card } = await supabase.from('cards').select('balance').eq('id', cardId).single();
  if (!card || card.balance < amount) throw new Error('insufficient funds');
  await supabase.from('cards').update({ balance: card.balance - amount }).eq('id', cardId);
}`;
const ALIAS_WITHDRAW_RPC = `import { supabase } from '@/lib/supabase';
export async function withdraw(cardId: string, amount: number) {
  const { error } = await supabase.rpc('withdraw_from_card', { p_card: cardId, p_amount: amount });
  if (error) throw new Error('insufficient funds');
}`;

ruleTester.run('require-for-update: a Supabase client imported through a tsconfig paths alias', rule, {
  valid: [
    // The fixed code: one Postgres function checks and debits in one statement.
    { code: ALIAS_WITHDRAW_RPC, filename: aliasedSupabase },
    // The alias names a project object nothing proves to be a Supabase client.
    { code: ALIAS_WITHDRAW, filename: aliasedWrapper },
  ],
  invalid: [
    // `@/lib/supabase` is `src/lib/supabase.ts` (tsconfig `paths`), whose `supabase` is `createClient(…)`.
    { code: ALIAS_WITHDRAW, filename: aliasedSupabase, errors: [{ messageId: 'missingLockSupabase', line: 3 }] },
  ],
});

/**
 * A proof submitted for the caller's own execution, named by keys from the request and found in the
 * state `applied` (line 4), moved to `pending` by `set` (bound to `values`), then `after` and a
 * response that names the row by its id.
 */
const SUBMIT_PROOF = (set: string, values: string, after = '', read = "task_id = $1 AND executor_id = $2 AND status = 'applied'") => `${PG}export async function submitProof(req, res) {
  const { taskId, userId, proof } = req.body;
  const exec = await pool.query("SELECT id, note, balance, code FROM executions WHERE ${read}", [taskId, userId]);
  if (exec.rows.length === 0) return res.status(404).json({ ok: false });
  await pool.query(\`UPDATE executions SET ${set} WHERE id = $2\`, [${values}, exec.rows[0].id]);${after}
  res.json({ ok: true, executionId: exec.rows[0].id });
}`;

/** An invalid \`SUBMIT_PROOF\` case: the SELECT (line 5) gets the \`FOR UPDATE\` suggestion. */
function lockableProof(code: string) {
  const output = code.replace('", [taskId, userId]', ' FOR UPDATE", [taskId, userId]');
  return { code, errors: [{ messageId: 'missingLock' as const, line: 5, suggestions: [{ messageId: 'suggestForUpdate' as const, output }] }] };
}

ruleTester.run('require-for-update: a named row moved to the same state by every run (round 21)', rule, {
  valid: [
    // Only a literal status, the request's proof and a fill-once clock, on the row the request names; the
    // check gates nothing but the response, which hands out only the row's id: two runs write the same.
    SUBMIT_PROOF("proof = $1, status = 'pending', submitted_at = COALESCE(submitted_at, NOW())", 'proof'),
    SUBMIT_PROOF("status = 'pending', note = $1", 'proof', '', "executor_id = $2 AND task_id = $1 AND status = 'applied'"),
  ],
  invalid: [
    // The twins: a value computed from the row (a balance, any column read), a second write the check gates,
    // a row picked from a pool by its state, or the response handing out what the row holds.
    lockableProof(SUBMIT_PROOF("status = 'pending', balance = $1", 'exec.rows[0].balance + 10')),
    lockableProof(SUBMIT_PROOF("status = 'pending', note = $1", "exec.rows[0].note + ' (sent)'")),
    lockableProof(SUBMIT_PROOF("status = 'pending', proof = note", 'proof')),
    lockableProof(SUBMIT_PROOF("proof = $1, status = 'pending'", 'proof', "\n  await pool.query('INSERT INTO bonuses (user_id, amount) VALUES ($1, 10)', [userId]);")),
    lockableProof(SUBMIT_PROOF("proof = $1, status = 'pending'", 'proof', '', "status = 'applied' LIMIT 1")),
    lockableProof(SUBMIT_PROOF("proof = $1, status = 'pending'", 'proof', '\n  res.json({ code: exec.rows[0].code });')),
    // The classic claim: the flag read, set, and the user credited behind the check.
    lockable(`${PG}export async function redeem(promoId, userId) {
  const { rows } = await pool.query('SELECT used FROM promos WHERE id = $1', [promoId]);
  if (!rows[0].used) {
    await pool.query('UPDATE promos SET used = true WHERE id = $1', [promoId]);
    await pool.query('UPDATE users SET credits = credits + 10 WHERE id = $1', [userId]);
  }
}`, 4),
  ],
});

/** A product's stock picked by the callback's data: a row every user shares, read (line 6), checked and written back. */
const SHARED_STOCK = `bot.callbackQuery(/^buy:(\\d+)$/, async (ctx) => {
  const { rows } = await pool.query('SELECT stock FROM items WHERE id = $1', [ctx.match[1]]);
  if (rows[0].stock < 1) return ctx.answerCallbackQuery('sold out');
  await pool.query('UPDATE items SET stock = $1 WHERE id = $2', [rows[0].stock - 1, ctx.match[1]]);
});`;
/** A bot project on disk: `bot.ts` holds `code`, `extra` more files; returns the path of `bot.ts`. */
function startedProject(name: string, code: string, extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-start-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', '@grammyjs/runner': '^2', telegraf: '^4', pg: '^8', express: '^4' } }));
  for (const [file, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, file), text);
  fs.writeFileSync(path.join(root, 'bot.ts'), code);
  return path.join(root, 'bot.ts');
}
const startedBot = (handler: string, start: string, header = "import { Bot } from 'grammy';\nconst bot = new Bot('token');") =>
  `${header}\nimport pg from 'pg';\nimport { buy } from './shop';\nconst pool = new pg.Pool();\n${handler}\n${start}\n`;
/** `shop.ts`: the shared stock's read-check-write in a helper of another file (read on line 5). */
const SHOP_HELPER = `import pg from 'pg';
const pool = new pg.Pool();
export async function buy(itemId: string) {
  const { rows } = await pool.query('SELECT stock FROM items WHERE id = $1', [itemId]);
  if (rows[0].stock < 1) return false;
  await pool.query('UPDATE items SET stock = $1 WHERE id = $2', [rows[0].stock - 1, itemId]);
  return true;
}
`;
const CALLS_SHOP = "bot.callbackQuery(/^buy:(\\d+)$/, async (ctx) => {\n  if (!(await buy(ctx.match[1]))) return ctx.answerCallbackQuery('sold out');\n});";
const ROUTE = "import express from 'express';\nimport { buy } from './shop';\nconst app = express();\napp.post('/buy/:id', async (req, res) => res.json(await buy(req.params.id)));\napp.listen(3000);\n";
const TIMER = "import pg from 'pg';\nconst pool = new pg.Pool();\nsetInterval(() => pool.query('UPDATE items SET stock = 100'), 60_000);\n";
const inlineStarted = (name: string, start: string, extra: Record<string, string> = {}, header?: string) => {
  const code = startedBot(header ? SHARED_STOCK.replace('bot.callbackQuery(', 'bot.action(') : SHARED_STOCK, start, header);
  return { code, filename: startedProject(name, code, { 'shop.ts': SHOP_HELPER, ...extra }) };
};
const shopOf = (name: string, handler: string, extra: Record<string, string> = {}, start = 'bot.start();') => {
  const filename = path.join(path.dirname(startedProject(name, startedBot(handler, start), extra)), 'shop.ts');
  fs.writeFileSync(filename, SHOP_HELPER);
  return { code: SHOP_HELPER, filename };
};
/** The case `made`, its package.json rewritten to list `dependencies` alone. */
const listing = <Case extends { filename: string }>(made: Case, dependencies: Record<string, string>): Case => {
  fs.writeFileSync(path.join(path.dirname(made.filename), 'package.json'), JSON.stringify({ dependencies }));
  return made;
};
/** The case reported: the stock's SELECT (on its line) gets the `FOR UPDATE` suggestion. */
const lockedCase = ({ code, filename }: { code: string; filename: string }) => {
  const line = code.split('\n').findIndex((text) => text.includes('SELECT stock')) + 1;
  const output = code.replace("'SELECT stock FROM items WHERE id = $1'", "'SELECT stock FROM items WHERE id = $1 FOR UPDATE'");
  return { code, filename, errors: [{ messageId: 'missingLock' as const, line, suggestions: [{ messageId: 'suggestForUpdate' as const, output }] }] };
};

ruleTester.run('require-for-update: one update of any user at a time (grammY bot.start())', rule, {
  valid: [
    // grammY's `bot.start()` awaits each update's middleware before the next, for every user: a shared row cannot race with itself.
    inlineStarted('inline', 'bot.start();'),
    // A helper of another file whose every call is an awaited call in a handler of that bot.
    shopOf('helper', CALLS_SHOP),
  ],
  invalid: [
    // The same handler on a bot that handles updates concurrently: grammY runner, a webhook, Telegraf's launch().
    lockedCase(inlineStarted('runner', "import { run } from '@grammyjs/runner';\nrun(bot);")),
    lockedCase(inlineStarted('webhook', "import { webhookCallback } from 'grammy';\nexport const handle = webhookCallback(bot, 'std/http');")),
    lockedCase(inlineStarted('telegraf', 'bot.launch();', {}, "import { Telegraf } from 'telegraf';\nconst bot = new Telegraf('token');")),
    // A timer of the project writes the same table between the handler's read and its write.
    lockedCase(inlineStarted('timer', 'bot.start();', { 'restock.ts': TIMER })),
    // The helper is also called from an HTTP route.
    lockedCase(shopOf('route', CALLS_SHOP, { 'server.ts': ROUTE })),
    // The helper's call is not awaited: the handler returns before the write, and the next update runs.
    lockedCase(shopOf('floating', CALLS_SHOP.replace('if (!(await buy(ctx.match[1]))) return', 'void buy(ctx.match[1]);\n  await'))),
    // A package that lists discord.js and no Telegram framework: its files are read for callers, but no grammY proof is made there.
    lockedCase(listing(inlineStarted('discord-package', 'bot.start();'), { 'discord.js': '^14', pg: '^8' })),
    lockedCase(listing(shopOf('discord-helper', CALLS_SHOP), { 'discord.js': '^14', pg: '^8' })),
  ],
});

/** `restock.ts`: a timer of the project that runs `sql` on the items every minute. */
const timerRunning = (sql: string) => `import pg from 'pg';\nconst pool = new pg.Pool();\nsetInterval(() => pool.query(${JSON.stringify(sql)}, [10, 1]), 60_000);\n`;
/** `server.ts`: an express route of the project that runs `body` (with `pool`, `req`). */
const routeRunning = (body: string, header = '') =>
  `import express from 'express';\nimport pg from 'pg';\n${header}const pool = new pg.Pool();\nconst app = express();\napp.post('/items/:id', async (req, res) => {\n  ${body}\n  res.end();\n});\napp.listen(3000);\n`;
/** `stock.ts`: a query module's setter of the stock (the Aderoo shape: `updateDepositStatus`). */
const STOCK_SETTER = "import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function setStock(id: string, stock: number) {\n  await pool.query('UPDATE items SET stock = $1 WHERE id = $2', [stock, id]);\n}\n";
/** A Prisma count of a contest's photos, then a create (the AndreZ1971 shape, on a row count every user shares): read on line 6. */
const PHOTO_LIMIT = `import { Bot } from 'grammy';
import { PrismaClient } from '@prisma/client';
const bot = new Bot('token');
const prisma = new PrismaClient();
bot.on('message:photo', async (ctx) => {
  const photos = await prisma.photo.count({ where: { contest: 'spring' } });
  if (photos >= 100) return ctx.reply('the contest is full');
  await prisma.photo.create({ data: { contest: 'spring', fileId: ctx.message.photo[0].file_id } });
});
bot.start();
`;
const photoProject = (name: string, extra: Record<string, string> = {}) => ({ code: PHOTO_LIMIT, filename: startedProject(name, PHOTO_LIMIT, extra) });
const PRISMA_ROUTE = (call: string) => routeRunning(`await ${call};`, "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n");

ruleTester.run('require-for-update: bot.start() and the other writers of the raced table', rule, {
  valid: [
    // Round 22 (judged FALSE: Aderoo-coders/telegram-bingo- #8/#19): code outside the bot writes the same table, but not the checked column.
    inlineStarted('timer-other-column', 'bot.start();', { 'restock.ts': timerRunning('UPDATE items SET title = $1 WHERE id = $2') }),
    inlineStarted('route-other-column', 'bot.start();', { 'server.ts': routeRunning("await pool.query('UPDATE items SET title = $1 WHERE id = $2', [req.body.title, req.params.id]);") }),
    inlineStarted('route-insert', 'bot.start();', { 'server.ts': routeRunning("await pool.query('INSERT INTO items (title, stock) VALUES ($1, $2)', [req.body.title, 10]);") }),
    // A setter of the stock that no code of the project calls.
    inlineStarted('unused-setter', 'bot.start();', { 'stock.ts': STOCK_SETTER }),
    // A count before a create: a route that creates rows of another model.
    photoProject('photo-other-model', { 'server.ts': PRISMA_ROUTE('prisma.report.create({ data: { text: req.body.text } })') }),
    photoProject('photo-alone'),
    // Round 25 (judged FALSE: TekazSaryav+patekshop #5): a second bot of the project (a minimal `index.js` beside the shop)
    // runs its own loop, but neither runs the stock's read-check-write of the other nor writes the stock.
    inlineStarted('other-column-second-bot', 'bot.start();', {
      'restock.ts': timerRunning('UPDATE items SET title = $1 WHERE id = $2'),
      'admin.ts': "import { Bot } from 'grammy';\nconst admin = new Bot('other');\nadmin.start();\n",
    }),
  ],
  invalid: [
    // An HTTP route beside the bot runs the same read-check-write on the stock: it sets the column from its own read.
    lockedCase(
      inlineStarted('route-same-race', 'bot.start();', {
        'server.ts': routeRunning(
          "const { rows } = await pool.query('SELECT stock FROM items WHERE id = $1', [req.params.id]);\n  if (rows[0].stock > 0) await pool.query('UPDATE items SET stock = $1 WHERE id = $2', [rows[0].stock - 1, req.params.id]);",
        ),
      }),
    ),
    // A timer raises the stock atomically, but the handler writes back the value it read minus one: a restock in between is lost.
    lockedCase(inlineStarted('restock-atomic', 'bot.start();', { 'restock.ts': timerRunning('UPDATE items SET stock = stock + $1 WHERE id = $2') })),
    // A timer lowers the stock atomically: a second buyer's check may pass on a stock the timer just took.
    lockedCase(inlineStarted('restock-lower', 'bot.start();', { 'restock.ts': timerRunning('UPDATE items SET stock = stock - $1 WHERE id = $2') })),
    // An upsert that sets the stock of an existing row.
    lockedCase(inlineStarted('route-upsert', 'bot.start();', { 'server.ts': routeRunning("await pool.query('INSERT INTO items (id, stock) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET stock = excluded.stock', [req.params.id, 5]);") })),
    // SQL the model cannot read (built at run time) that updates the table.
    lockedCase(inlineStarted('route-dynamic', 'bot.start();', { 'server.ts': routeRunning('await pool.query(`UPDATE items SET ${req.body.column} = $1 WHERE id = $2`, [req.body.value, req.params.id]);') })),
    // The setter is called from a route.
    lockedCase(
      inlineStarted('called-setter', 'bot.start();', {
        'stock.ts': STOCK_SETTER,
        'server.ts': routeRunning('await setStock(req.params.id, Number(req.body.stock));', "import { setStock } from './stock';\n"),
      }),
    ),
    // A timer that writes only another column, but the bot runs under grammY runner.
    lockedCase(inlineStarted('other-column-runner', "import { run } from '@grammyjs/runner';\nrun(bot);", { 'restock.ts': timerRunning('UPDATE items SET title = $1 WHERE id = $2') })),
    // A second bot of the project, in its own loop, writes the stock between the first bot's read and its write.
    lockedCase(
      inlineStarted('second-bot-writes', 'bot.start();', {
        'admin.ts': "import { Bot } from 'grammy';\nimport pg from 'pg';\nconst pool = new pg.Pool();\nconst admin = new Bot('other');\nadmin.command('restock', async () => { await pool.query('UPDATE items SET stock = 100'); });\nadmin.start();\n",
      }),
    ),
    // A count before a create while a route creates rows of the same model.
    {
      ...photoProject('photo-route-creates', { 'server.ts': PRISMA_ROUTE('prisma.photo.create({ data: { userId: Number(req.body.userId), fileId: req.body.fileId } })') }),
      errors: [{ messageId: 'missingLockPrismaLimit', line: 6 }],
    },
  ],
});

/** `handlers.ts`: the stock's handler registered on a bot passed in (read on line 5), `export const register = (bot: Bot) => { … }`. */
const REGISTER_SHOP = `import type { Bot } from 'grammy';\nimport pg from 'pg';\nconst pool = new pg.Pool();\nexport const registerShop = (bot: Bot) => {\n${SHARED_STOCK}\n};\n`;
/** `bot.ts` of two bots: `registerShop` gets the shop's bot (`calls` of it: `registerShop(bot);`), both started. */
const TWO_BOTS = (calls: string) =>
  `import { Bot } from 'grammy';\nimport { registerShop } from './handlers';\nconst bot = new Bot('token');\nconst admin = new Bot('other');\n${calls}\nbot.start();\nadmin.start();\n`;
const passedInShop = (name: string, calls: string) => {
  const filename = path.join(path.dirname(startedProject(name, TWO_BOTS(calls))), 'handlers.ts');
  fs.writeFileSync(filename, REGISTER_SHOP);
  return { code: REGISTER_SHOP, filename };
};
/** `shop.ts`: the stock's read-check-write in a method of an exported object literal (read on line 5). */
const SHOP_SERVICE = SHOP_HELPER.replace('export async function buy(itemId: string) {', 'export const shopService = {\n  async buy(itemId: string) {').replace(/\n}\n$/, '\n  },\n};\n');
const CALLS_SERVICE = CALLS_SHOP.replace('await buy(', 'await shopService.buy(');
const serviceProject = (name: string, extra: Record<string, string> = {}) => {
  const filename = path.join(
    path.dirname(startedProject(name, startedBot(CALLS_SERVICE, 'bot.start();').replace("import { buy } from './shop';", "import { shopService } from './shop';"), extra)),
    'shop.ts',
  );
  fs.writeFileSync(filename, SHOP_SERVICE);
  return { code: SHOP_SERVICE, filename };
};

ruleTester.run('require-for-update: bot.start() in a project of several bots, and callers of a service object', rule, {
  valid: [
    // Round 25 (judged FALSE: TekazSaryav+patekshop #5): handlers registered on a bot passed in, by a project of two bots
    // whose every call of the registering function passes the one bot started with `bot.start()`.
    passedInShop('passed-one', 'registerShop(bot);'),
    // A method of an exported object literal (`orderService.checkout`) whose every call is awaited in a handler of that bot.
    serviceProject('service'),
  ],
  invalid: [
    // The same handlers registered on both bots: two loops run the read-check-write side by side.
    lockedCase(passedInShop('passed-both', 'registerShop(bot);\nregisterShop(admin);')),
    // The service is also called from an HTTP route.
    lockedCase(serviceProject('service-route', { 'server.ts': ROUTE.replace("import { buy } from './shop';", "import { shopService } from './shop';").replace('await buy(', 'await shopService.buy(') })),
  ],
});

/** `bot.ts`: a bot that `export const`s itself and sells the shared stock (read on line 5); something else starts it. */
const EXPORTED_BOT = `import { Bot } from 'grammy';\nimport pg from 'pg';\nexport const bot = new Bot('token');\nconst pool = new pg.Pool();\n${SHARED_STOCK}\n`;
/** `bot.ts`: a factory that creates the bot, registers the stock's handler and returns it (read on line 6). */
const BOT_FACTORY = `import { Bot } from 'grammy';\nimport pg from 'pg';\nconst pool = new pg.Pool();\nexport function createBot() {\n  const bot = new Bot('token');\n${SHARED_STOCK.replace('bot.callbackQuery', '  bot.callbackQuery')}\n  return bot;\n}\n`;
const RUNNER_IMPORT = "import { run } from '@grammyjs/runner';\n";
/** `shop.ts`: a handler factory (read on line 5) whose handler a bot registers: `bot.callbackQuery(…, buyHandler())`. */
const HANDLER_FACTORY = `import pg from 'pg';\nconst pool = new pg.Pool();\nexport function buyHandler() {\n  return async (ctx: any) => {\n    const { rows } = await pool.query('SELECT stock FROM items WHERE id = $1', [ctx.match[1]]);\n    if (rows[0].stock < 1) return ctx.answerCallbackQuery('sold out');\n    await pool.query('UPDATE items SET stock = $1 WHERE id = $2', [rows[0].stock - 1, ctx.match[1]]);\n  };\n}\n`;
const handlerFactoryProject = (name: string, extra: Record<string, string> = {}, start = 'bot.start();') => {
  const bot = `import { Bot } from 'grammy';\nimport { buyHandler } from './shop';\nconst bot = new Bot('token');\nbot.callbackQuery(/^buy:(\\d+)$/, buyHandler());\n${start}\n`;
  const filename = path.join(path.dirname(startedProject(name, bot, extra)), 'shop.ts');
  fs.writeFileSync(filename, HANDLER_FACTORY);
  return { code: HANDLER_FACTORY, filename };
};

ruleTester.run('require-for-update: a bot started by bot.start() in another file', rule, {
  valid: [
    // Started by the file that imports it (`import { bot } from './bot'; bot.start()`), as Aderoo-coders/telegram-bingo- does.
    { code: EXPORTED_BOT, filename: startedProject('importer', EXPORTED_BOT, { 'main.ts': "import { bot } from './bot';\nbot.start();\n" }) },
    // Made by a factory and started where the factory is called (`const bot = createBot(); await bot.start()`), as Rauf-Ai/NanobananaBot does.
    { code: BOT_FACTORY, filename: startedProject('factory', BOT_FACTORY, { 'main.ts': "import { createBot } from './bot';\nconst bot = createBot();\nawait bot.start();\n" }) },
    // A handler a factory returns, registered on a bot started with `bot.start()`.
    handlerFactoryProject('handler-factory'),
  ],
  invalid: [
    // The same bots run by grammY runner: updates of many users at once.
    lockedCase({ code: EXPORTED_BOT, filename: startedProject('importer-runner', EXPORTED_BOT, { 'main.ts': `${RUNNER_IMPORT}import { bot } from './bot';\nrun(bot);\n` }) }),
    lockedCase({ code: BOT_FACTORY, filename: startedProject('factory-runner', BOT_FACTORY, { 'main.ts': `${RUNNER_IMPORT}import { createBot } from './bot';\nconst bot = createBot();\nrun(bot);\n` }) }),
    // Nothing starts the imported bot or the factory's bot with `bot.start()` (a webhook serves it elsewhere).
    lockedCase({ code: BOT_FACTORY, filename: startedProject('factory-unstarted', BOT_FACTORY, { 'main.ts': "import { createBot } from './bot';\nexport const bot = createBot();\n" }) }),
    // The factory's handler is also served by an HTTP route, and a bot run by grammY runner registers it.
    lockedCase(handlerFactoryProject('handler-factory-route', { 'server.ts': "import express from 'express';\nimport { buyHandler } from './shop';\nconst app = express();\nconst handle = buyHandler();\napp.post('/buy/:id', (req, res) => handle({ match: [null, req.params.id] }));\napp.listen(3000);\n" })),
    lockedCase(handlerFactoryProject('handler-factory-runner', {}, `${RUNNER_IMPORT}run(bot);`)),
  ],
});

/**
 * Operator routes of an Express router (round 22, mebt0/bingo-bot rows #10 and #18): a router whose
 * top-level `router.use(gate)` lets only the operator on gates every route registered on it after the
 * `use`. The gate is recognised by what it does (it answers 401 unless the request carries the admin
 * panel's password) or by its name (`requireAdmin`). `routes` is written after `PANEL_ROUTER`'s gate
 * definition; the approval's SELECT is on line `APPROVE_READ` of the route.
 */
const PANEL_ROUTER = (gate: string, routes: string, head = "const express = require('express');\nconst router = express.Router();") => `const pg = require('pg');
const pool = new pg.Pool();
${head}
${gate}
${routes}
module.exports = router;
`;
const PANEL_AUTH = `function requirePanelAuth(req, res, next) {
  const token = req.headers['x-admin-panel'] || '';
  const correct = process.env.ADMIN_PANEL_PASSWORD || 'change-me';
  const expected = Buffer.from('admin:' + correct).toString('base64');
  if (!token || token !== expected) return res.status(401).json({ ok: false });
  next();
}`;
const APPROVE_ROUTE = `router.post('/deposits/:id/approve', async (req, res) => {
  const { rows } = await pool.query('SELECT user_id, amount, status FROM deposits WHERE id = $1', [req.params.id]);
  if (rows[0].status !== 'pending') return res.status(400).json({ ok: false });
  await pool.query("UPDATE deposits SET status = 'approved' WHERE id = $1", [req.params.id]);
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  res.json({ ok: true });
});`;
/** The route's SELECT, counted from the route's first line. */
const routeRead = (code: string) => code.split('\n').findIndex((line) => line.includes('SELECT user_id')) + 1;
const lockableRoute = (code: string) => lockable(code, routeRead(code));

ruleTester.run('require-for-update: routes behind an Express router gate (round 22)', rule, {
  valid: [
    // The panel's password checked before `next`: every route after the `use` is the operator's.
    PANEL_ROUTER(`${PANEL_AUTH}\nrouter.use(requirePanelAuth);`, APPROVE_ROUTE),
    // The same gate, the password compared directly; a `const { Router } = require('express')` router.
    PANEL_ROUTER(
      "function panel(req, res, next) {\n  if (req.get('x-admin-password') !== process.env.ADMIN_PASSWORD) return res.sendStatus(403);\n  return next();\n}\nrouter.use(panel);",
      APPROVE_ROUTE,
      "const { Router } = require('express');\nconst router = Router();",
    ),
    // A gate named for the operator, imported, on an app made by `express()`.
    PANEL_ROUTER("router.use(requireAdmin);", APPROVE_ROUTE, "import express from 'express';\nimport { requireAdmin } from './auth';\nconst router = express();"),
    // A helper of the module only such routes call.
    PANEL_ROUTER(
      `${PANEL_AUTH}\nrouter.use(requirePanelAuth);`,
      `async function approve(id) {
  const { rows } = await pool.query('SELECT user_id, amount, status FROM deposits WHERE id = $1', [id]);
  if (rows[0].status !== 'pending') return false;
  await pool.query("UPDATE deposits SET status = 'approved' WHERE id = $1", [id]);
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  return true;
}
router.post('/deposits/:id/approve', async (req, res) => res.json({ ok: await approve(req.params.id) }));`,
    ),
  ],
  invalid: [
    // The route registered before the `use`: Express runs it without the gate.
    lockableRoute(PANEL_ROUTER(PANEL_AUTH, `${APPROVE_ROUTE}\nrouter.use(requirePanelAuth);`)),
    // A gate that only logs, whatever its name: every request passes on.
    lockableRoute(PANEL_ROUTER("function adminAudit(req, res, next) {\n  console.log(req.method, req.url);\n  next();\n}\nrouter.use(adminAudit);", APPROVE_ROUTE)),
    // A gate under a path: only `/admin/…` requests pass through it.
    lockableRoute(PANEL_ROUTER(`${PANEL_AUTH}\nrouter.use('/admin', requirePanelAuth);`, APPROVE_ROUTE)),
    // A secret not named for the operator (an API token the mini app's every client sends).
    lockableRoute(
      PANEL_ROUTER(
        "function requireAuth(req, res, next) {\n  const token = req.headers.authorization;\n  if (!token || token !== process.env.API_TOKEN) return res.sendStatus(401);\n  next();\n}\nrouter.use(requireAuth);",
        APPROVE_ROUTE,
      ),
    ),
    // A router named for the operator mounted, not a gate: it passes every request it does not serve on.
    lockableRoute(PANEL_ROUTER("const adminRouter = express.Router();\nrouter.use(adminRouter);", APPROVE_ROUTE)),
    // Round 32 (gornostyle): a gate that only verifies a token, though this project's one login signs tokens for the
    // admin (`{ sub: 'admin' }` after ADMIN_* credentials). Who else holds a token signed with the secret is not in
    // the code: another login, a bot that calls the API for its users, another service sharing the secret.
    lockableRoute(
      PANEL_ROUTER(
        `const jwt = require('jsonwebtoken');
function verifyToken(req, res, next) {
  try {
    req.user = jwt.verify(req.headers.authorization.split(' ')[1], process.env.JWT_SECRET);
    next();
  } catch (error) {
    return res.status(401).json({ ok: false });
  }
}
router.post('/admin/login', async (req, res) => {
  if (req.body.password !== process.env.ADMIN_PASSWORD) return res.status(401).json({ ok: false });
  res.json({ token: jwt.sign({ sub: 'admin' }, process.env.JWT_SECRET) });
});
router.use(verifyToken);`,
        APPROVE_ROUTE,
      ),
    ),
    // A helper also called from a route before the gate.
    lockable(
      PANEL_ROUTER(
        `${PANEL_AUTH}`,
        `async function approve(id) {
  const { rows } = await pool.query('SELECT user_id, amount, status FROM deposits WHERE id = $1', [id]);
  if (rows[0].status !== 'pending') return false;
  await pool.query("UPDATE deposits SET status = 'approved' WHERE id = $1", [id]);
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  return true;
}
router.post('/deposits/:id/claim', async (req, res) => res.json({ ok: await approve(req.params.id) }));
router.use(requirePanelAuth);
router.post('/deposits/:id/approve', async (req, res) => res.json({ ok: await approve(req.params.id) }));`,
      ),
      13,
    ),
  ],
});

/**
 * `bot.ts`: a bot created only when a token is set (`let bot: Bot | null = null; if (TOKEN) { bot = new
 * Bot(TOKEN); … }`), exported by a list (`export { bot }`), selling the shared stock (read on line 7).
 */
const GUARDED_BOT = (assign = '') =>
  `import { Bot } from 'grammy';\nimport pg from 'pg';\nconst pool = new pg.Pool();\nconst TOKEN = process.env.BOT_TOKEN;\nlet bot: Bot | null = null;\nif (TOKEN) {\n  bot = new Bot(TOKEN);\n${SHARED_STOCK.replace('bot.callbackQuery', '  bot.callbackQuery')}\n}\n${assign}export { bot };\n`;
/** `main.ts`: an HTTP server, and the bot started after a delay by a retry wrapper (`await bot!.start()`), as awsamour15-web/bingobot does. */
const STARTS_LATER = (start = 'await bot!.start({ drop_pending_updates: false });') =>
  `import express from 'express';\nimport { bot } from './bot.js';\nconst app = express();\napp.listen(3000);\nif (bot) {\n  async function startBotWithRetry(attempt = 0): Promise<void> {\n    try {\n      await bot!.api.deleteWebhook();\n      ${start}\n    } catch {\n      if (attempt < 10) setTimeout(() => void startBotWithRetry(attempt + 1), 5000);\n    }\n  }\n  setTimeout(() => void startBotWithRetry(), 35_000);\n}\n`;
const guardedRead = (code: string) => code.split('\n').findIndex((text) => text.includes('SELECT stock')) + 1;
const guardedCase = (name: string, code: string, extra: Record<string, string>) => ({ code, filename: startedProject(name, code, extra) });
const guardedLocked = (name: string, code: string, extra: Record<string, string>) => {
  const output = code.replace("'SELECT stock FROM items WHERE id = $1'", "'SELECT stock FROM items WHERE id = $1 FOR UPDATE'");
  return { ...guardedCase(name, code, extra), errors: [{ messageId: 'missingLock' as const, line: guardedRead(code), suggestions: [{ messageId: 'suggestForUpdate' as const, output }] }] };
};

ruleTester.run('require-for-update: a bot created when a token is set, started later by its importer (round 23)', rule, {
  valid: [
    // Round 23 (judged FALSE: awsamour15-web/bingobot #24, #25): `let bot = null; if (TOKEN) bot = new Bot(…)`, `export { bot }`, started by `await bot!.start()` in a retry wrapper.
    guardedCase('guarded', GUARDED_BOT(), { 'main.ts': STARTS_LATER() }),
    guardedCase('guarded-plain', GUARDED_BOT(), { 'main.ts': "import { bot } from './bot';\nif (bot) bot.start();\n" }),
  ],
  invalid: [
    // The variable also takes a second bot, or a bot handed in from elsewhere: the one imported may be run another way.
    guardedLocked('guarded-twice', GUARDED_BOT("if (process.env.BACKUP_TOKEN) bot = new Bot(process.env.BACKUP_TOKEN);\n"), { 'main.ts': STARTS_LATER() }),
    guardedLocked('guarded-handed-in', GUARDED_BOT('export function useBot(other: Bot) {\n  bot = other;\n}\n'), { 'main.ts': STARTS_LATER() }),
    // The importer runs it with grammY runner, or serves it on a webhook: updates of many users at once.
    guardedLocked('guarded-runner', GUARDED_BOT(), { 'main.ts': STARTS_LATER(`run(bot!);`).replace("import express", `${RUNNER_IMPORT}import express`) }),
    guardedLocked('guarded-webhook', GUARDED_BOT(), { 'main.ts': "import express from 'express';\nimport { webhookCallback } from 'grammy';\nimport { bot } from './bot.js';\nconst app = express();\nif (bot) app.use('/tg', webhookCallback(bot, 'express'));\napp.listen(3000);\n" }),
    // An HTTP route beside the bot sets the stock from its own read.
    guardedLocked('guarded-route-writes', GUARDED_BOT(), {
      'main.ts': STARTS_LATER(),
      'server.ts': routeRunning(
        "const { rows } = await pool.query('SELECT stock FROM items WHERE id = $1', [req.params.id]);\n  if (rows[0].stock > 0) await pool.query('UPDATE items SET stock = $1 WHERE id = $2', [rows[0].stock - 1, req.params.id]);",
      ),
    }),
  ],
});

/**
 * `bot.js` (CommonJS): one grammY bot kept in a hot-reload cache of the global object (`bot = global.botInstance ||
 * new Bot(…)`, then `global.botInstance = bot`), selling the shared stock (read on line 17) and started by a retry
 * wrapper's `await bot.start()`; `start.js` requires it. `cache` is the cache's expression, `start` the starting code.
 */
const CACHED_BOT = (cache = 'global.botInstance || new Bot(process.env.BOT_TOKEN)', start = 'startBot();', handler = SHARED_STOCK) => `const grammy = require('grammy');
const Bot = grammy.Bot;
const { Pool } = require('pg');
const { buy } = require('./shop');
let bot, pool;
try {
  bot = ${cache};
  pool = global.poolInstance || new Pool({ connectionString: process.env.DATABASE_URL });
  if (!global.botInstance) {
    global.botInstance = bot;
    global.poolInstance = pool;
  }
} catch (error) {
  process.exit(0);
}
${handler}
async function startBot() {
  try {
    await bot.api.deleteWebhook({ drop_pending_updates: true });
    await bot.start({ drop_pending_updates: true });
  } catch (error) {
    if (error.error_code === 409) {
      await new Promise((resolve) => setTimeout(resolve, 5000));
      return startBot();
    }
    process.exit(1);
  }
}
${start}
`;
/** The shared stock's handler with its body inside `open` … `close`: an inline function the handler runs. */
const inlineRun = (open: string, close: string) => SHARED_STOCK.replace('async (ctx) => {\n', `async (ctx) => {\n  ${open}\n`).replace(/\n\}\);$/, `\n  ${close}\n});`);
/** A project of `bot.js` (`code`), `start.js` that requires it, the stock helper `shop.ts`, and `extra`. */
const cachedProject = (name: string, code: string, extra: Record<string, string> = {}) => {
  const filename = path.join(path.dirname(startedProject(name, '', { 'shop.ts': SHOP_HELPER, 'start.js': "require('./bot.js');\n", ...extra })), 'bot.js');
  fs.writeFileSync(filename, code);
  return filename;
};
const cachedCase = (name: string, code: string, extra: Record<string, string> = {}) => ({ code, filename: cachedProject(name, code, extra) });
const cachedLocked = (name: string, code: string, extra: Record<string, string> = {}) => ({ ...lockedCase({ code, filename: '' }), filename: cachedProject(name, code, extra) });
/** `shop.ts` of a cached bot's project, whose helper the handler calls (`call`: awaited, or left floating). */
const cachedShop = (name: string, call: string, extra: Record<string, string> = {}) => {
  const filename = path.join(path.dirname(cachedProject(name, CACHED_BOT(undefined, undefined, CALLS_SHOP.replace('if (!(await buy(ctx.match[1]))) return', call)), extra)), 'shop.ts');
  return { code: SHOP_HELPER, filename };
};

ruleTester.run('require-for-update: a grammY bot kept in a global cache, started with bot.start() (round 33)', rule, {
  valid: [
    // Round 33 (judged FALSE: Ozoda-dev-dat/tg_bot_brando #17): `bot = global.botInstance || new Bot(…)`, the cache written
    // only with that bot: the variable holds the one bot created here, and `bot.start()` runs one update at a time.
    cachedCase('cache', CACHED_BOT()),
    cachedCase('cache-nullish', CACHED_BOT('globalThis.botInstance ?? new grammy.Bot(process.env.BOT_TOKEN)').replace(/global\.botInstance/g, 'globalThis.botInstance')),
    // The helper of another file, awaited in that bot's handler.
    cachedShop('cache-helper', 'if (!(await buy(ctx.match[1]))) return'),
    // The work in an inline function the handler awaits: called in place, or passed to an awaited call.
    cachedCase('cache-awaited-iife', CACHED_BOT(undefined, undefined, inlineRun('await (async () => {', '})();'))),
    cachedCase('cache-awaited-callback', CACHED_BOT(undefined, undefined, inlineRun('await withRetry(async () => {', '});'))),
  ],
  invalid: [
    // The same bot run with grammY runner, or served on a webhook by the entry file: updates of many users at once.
    cachedLocked('cache-runner', CACHED_BOT(undefined, "const { run } = require('@grammyjs/runner');\nrun(bot);")),
    cachedLocked('cache-webhook', CACHED_BOT(), {
      'start.js': "const express = require('express');\nconst { webhookCallback } = require('grammy');\nrequire('./bot.js');\nexpress().use(webhookCallback(global.botInstance, 'express')).listen(3000);\n",
    }),
    // A timer of the project writes the same stock between the handler's read and its write.
    cachedLocked('cache-timer', CACHED_BOT(), { 'restock.ts': TIMER }),
    // The cache may hold something else: another file, or this one, stores another value there.
    cachedLocked('cache-foreign', CACHED_BOT(), { 'start.js': "global.botInstance = makeBot(process.env.OTHER_TOKEN);\nrequire('./bot.js');\n" }),
    cachedLocked('cache-foreign-here', CACHED_BOT(undefined, 'global.botInstance = makeBot();\nstartBot();')),
    // A fallback that is no cache of the global object (a bot handed in by a module).
    cachedLocked('cache-module', CACHED_BOT("require('./other').bot || new Bot(process.env.BOT_TOKEN)")),
    // Telegraf's `launch()` handles a batch of updates at once, cached or not.
    cachedLocked('cache-telegraf', CACHED_BOT('global.botInstance || new Telegraf(process.env.BOT_TOKEN)', 'bot.launch();').replace("const Bot = grammy.Bot;", "const { Telegraf } = require('telegraf');").replace('bot.callbackQuery(', 'bot.action(')),
    // The helper's call is left floating: the handler returns before the write, and the next update runs.
    lockedCase(cachedShop('cache-floating', 'void buy(ctx.match[1]);\n  await')),
    // So is an inline function the handler does not wait for: the next update starts its own read meanwhile.
    cachedLocked('cache-void-iife', CACHED_BOT(undefined, undefined, inlineRun('void (async () => {', '})();'))),
    cachedLocked('cache-timeout', CACHED_BOT(undefined, undefined, inlineRun('setTimeout(async () => {', '}, 0);'))),
  ],
});

/**
 * An Express route behind a permission middleware made by a factory of another file (round 23,
 * akbrzda/foodminiapp #13: `const canManageMenuStopList = requirePermission('menu.stop_list.manage')`,
 * whose middleware answers 403 unless `req.user.type` is `'admin'`). `controller.js` holds the
 * approval (its read on line 4), `routes.js` registers it behind `middleware`, `auth.js` holds the factories.
 */
const STAFF_CONTROLLER = `import pg from 'pg';
const pool = new pg.Pool();
export const approveDeposit = async (req, res) => {
  const { rows } = await pool.query('SELECT user_id, amount, status FROM deposits WHERE id = $1', [req.params.id]);
  if (rows[0].status !== 'pending') return res.status(400).json({ ok: false });
  await pool.query("UPDATE deposits SET status = 'approved' WHERE id = $1", [req.params.id]);
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  res.json({ ok: true });
};
`;
const STAFF_AUTH = `export const authenticateToken = (req, res, next) => {
  req.user = verify(req.headers.authorization);
  if (!req.user) return res.status(401).json({ error: 'Authentication required' });
  next();
};
export const requirePermission = (...permissions) => {
  return (req, res, next) => {
    if (!req.user) return res.status(401).json({ error: 'Authentication required' });
    if (req.user?.type !== 'admin') return res.status(403).json({ error: 'Insufficient permissions' });
    const granted = permissions.some((code) => req.user.permissions.includes(code));
    if (!granted) return res.status(403).json({ error: 'Insufficient permissions' });
    next();
  };
};
export const requireScope = (...scopes) => (req, res, next) => {
  if (!req.user) return res.status(401).json({ error: 'Authentication required' });
  if (!scopes.some((scope) => req.user.scopes.includes(scope))) return res.status(403).json({ error: 'Insufficient scope' });
  next();
};
`;
const STAFF_ROUTES = (routes: string) => `import express from 'express';
import { authenticateToken, requirePermission, requireScope } from './auth.js';
import * as depositsController from './controller.js';
const router = express.Router();
const canApproveDeposits = requirePermission('deposits.approve');
const canReadDeposits = requireScope('deposits');
${routes}
export default router;
`;
function staffProject(name: string, routes: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-staff-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module', dependencies: { grammy: '^1', pg: '^8', express: '^4' } }));
  fs.writeFileSync(path.join(root, 'auth.js'), STAFF_AUTH);
  fs.writeFileSync(path.join(root, 'routes.js'), STAFF_ROUTES(routes));
  fs.writeFileSync(path.join(root, 'controller.js'), STAFF_CONTROLLER);
  return { code: STAFF_CONTROLLER, filename: path.join(root, 'controller.js') };
}
const staffRace = (name: string, routes: string) => ({ ...staffProject(name, routes), ...lockable(STAFF_CONTROLLER, 4) });

ruleTester.run('require-for-update: routes behind a permission middleware a factory makes (round 23)', rule, {
  valid: [
    // The factory's middleware refuses every user whose type is not 'admin': only staff approve.
    staffProject('permission', "router.post('/admin/deposits/:id/approve', authenticateToken, canApproveDeposits, depositsController.approveDeposit);"),
    staffProject('permission-inline', "router.post('/admin/deposits/:id/approve', authenticateToken, requirePermission('deposits.approve'), depositsController.approveDeposit);"),
  ],
  invalid: [
    // The twins: a factory whose middleware lets any signed-in user with the scope on, a route with no permission, a second route outside the gate.
    staffRace('scope', "router.post('/deposits/:id/approve', authenticateToken, canReadDeposits, depositsController.approveDeposit);"),
    staffRace('login-only', "router.post('/deposits/:id/approve', authenticateToken, depositsController.approveDeposit);"),
    staffRace(
      'second-route',
      "router.post('/admin/deposits/:id/approve', authenticateToken, canApproveDeposits, depositsController.approveDeposit);\nrouter.post('/deposits/:id/approve', authenticateToken, depositsController.approveDeposit);",
    ),
  ],
});

/**
 * A provider sync: the user row read by key, an existing field filled in only when empty, then the
 * profile sent to the provider. `fill` is the branch of the check on `external_id`.
 */
const providerSync = (fill: string) => `${PG}export async function sync(userId) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [userId]);
  const user = rows[0];
  if (!user.phone) throw new Error('no phone');
  if (!user.external_id) {
    ${fill}
  }
  await provider.registerBuyer({ phone: user.phone });
  await pool.query("UPDATE users SET sync_status = 'synced' WHERE id = $1", [userId]);
}`;
const FILL = "await pool.query('UPDATE users SET external_id = $1 WHERE id = $2', [`app_user_${userId}`, userId]);";

/** A mirror refresh: the provider's balance stored when it differs from the row's, written as `value`. */
const mirrorRefresh = (value: string) => `${PG}export async function refresh(id) {
  const { rows } = await pool.query('SELECT id, balance FROM users WHERE id = $1', [id]);
  const user = rows[0];
  await provider.createPurchase({ id });
  const info = await provider.buyerInfo({ id });
  if (info.balance !== user.balance) {
    await pool.query('UPDATE users SET balance = $1 WHERE id = $2', [${value}, user.id]);
  }
  await markSynced(id);
}`;

ruleTester.run('require-for-update: what a check of the written column decides (round 23)', rule, {
  valid: [
    // The check of `external_id` gates only its own fill with a value not read from the row; the
    // provider call and the status after it run whatever it found (foodminiapp premiumbonus-client.processor.js:30).
    providerSync(FILL),
    // The provider's balance stored when it differs: a second run stores the same provider value, and
    // the check gates nothing else (foodminiapp premiumbonus-purchase.processor.js:42).
    mirrorRefresh('info.balance'),
  ],
  invalid: [
    // The same check also gates the provider call: two runs both pass it and both register.
    lockable(providerSync(`${FILL}\n    await provider.registerBuyer({ phone: user.phone });`), 4),
    // … or leaves early before it.
    lockable(providerSync(`${FILL}\n  } else {\n    return;`), 4),
    // The balance written adds to the value read: a lost update whatever the check gates.
    lockable(mirrorRefresh('user.balance + info.bonus'), 4),
  ],
});

/** A project whose BullMQ worker (`worker.ts`, with `options`) runs the stock's helper of `shop.ts`; `extra` more files. Returns the case for `shop.ts`. */
const workerShop = (name: string, options: string, extra: Record<string, string> = {}) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-worker-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', bullmq: '^5', pg: '^8', express: '^4' } }));
  fs.writeFileSync(path.join(root, 'worker.ts'), `import { Worker } from 'bullmq';\nimport { buy } from './shop';\nnew Worker('orders', async (job) => {\n  await buy(job.data.itemId);\n}, ${options});\n`);
  for (const [file, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, file), text);
  fs.writeFileSync(path.join(root, 'shop.ts'), SHOP_HELPER);
  return { code: SHOP_HELPER, filename: path.join(root, 'shop.ts') };
};

ruleTester.run('require-for-update: a BullMQ worker that runs one job at a time', rule, {
  valid: [
    // Round 23 (judged DEBATABLE: akbrzda/foodminiapp require-for-update#6/#9/#14, a `concurrency: 1` worker): one job at a time, nothing else writes the stock.
    workerShop('one', '{ connection: {}, concurrency: 1 }'),
    workerShop('default', '{ connection: {} }'),
    // A route writes another column of the table.
    workerShop('other-column', '{ connection: {} }', { 'server.ts': routeRunning("await pool.query('UPDATE items SET title = $1 WHERE id = $2', [req.body.title, req.params.id]);") }),
  ],
  invalid: [
    // Three jobs at once.
    lockedCase(workerShop('three', '{ connection: {}, concurrency: 3 }')),
    // The helper is also called from an HTTP route.
    lockedCase(workerShop('route', '{ connection: {} }', { 'server.ts': ROUTE })),
    // A timer sets the stock while a job waits between its read and its write.
    lockedCase(workerShop('timer', '{ connection: {} }', { 'restock.ts': TIMER })),
  ],
});

/** A client found by its tax id gets the sender's phone (request value, not read); `inside` runs in the found-branch, `after` after it. */
const TAKE_PHONE = (inside: string, after: string) => `${PG}export async function takePhone(phone, taxId, session) {
  const found = await pool.query('SELECT id, name FROM clients WHERE tax_id = $1 AND phone != $2', [taxId, phone]);
  if (found.rows.length > 0) {
    const existing = found.rows[0];
    await pool.query('UPDATE clients SET phone = $1, updated_at = NOW() WHERE id = $2', [phone, existing.id]);
    ${inside}
  }
  ${after}
}`;

/** A password change: the stored hash checked, then replaced by the hash of the new password (`hashing` gives `bcrypt`; `then` runs after the check). */
const CHANGE_PASSWORD = (hashing: string, then: string) => `${PG}${hashing}
export async function changePassword(id, current, next) {
  const { rows } = await pool.query('SELECT password_hash FROM users WHERE id = $1 AND active = true', [id]);
  if (rows.length === 0) return 'missing';
  const valid = await bcrypt.compare(current, rows[0].password_hash);
  if (!valid) return 'wrong';
  ${then}
  await pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [hashed, id]);
  return 'ok';
}`;

/** A fresh one-time invite link replaces the user's old one (SQLite `INSERT OR REPLACE`); `gated` runs when an old link was found. */
const NEW_INVITE = (gated: string) => `import { open } from 'sqlite';
import sqlite3 from 'sqlite3';
const db = await open({ filename: 'bot.db', driver: sqlite3.Database });
export async function createInvite(bot, chatId, userId) {
  const invite = await bot.telegram.createChatInviteLink(chatId, { member_limit: 1 });
  const old = await db.get('SELECT link FROM invite_links WHERE user_id = ?', [userId]);
  if (old && old.link) {
    ${gated}
  }
  await db.run('INSERT OR REPLACE INTO invite_links (user_id, link) VALUES (?, ?)', [userId, invite.invite_link]);
  return invite.invite_link;
}`;

/** A soft delete of a named client (a literal flag), then `after` with the row read. */
const SOFT_DELETE = (after: string) => `${PG}export async function removeClient(req, res) {
  const client = await pool.query('SELECT * FROM clients WHERE id = $1 AND active = true', [req.params.id]);
  if (!client.rows.length) return res.status(404).json({ error: 'not found' });
  await pool.query('UPDATE clients SET active = false, updated_at = NOW() WHERE id = $1', [req.params.id]);
  ${after}
  res.json({ ok: true });
}`;

ruleTester.run('require-for-update: a write of values not read, and what its check gates', rule, {
  valid: [
    // Round 25 (judged FALSE: Satoshi-v01/whatsapp-bot #7): the row read only inside the test that it exists
    // (`found.rows[0]` there throws on no run), and the session saved after that block runs either way.
    TAKE_PHONE('', "await saveSession(phone, { step: 'confirm', session });"),
    // Round 25 (judged FALSE: Satoshi-v01/whatsapp-bot #19): bcrypt's compare and hash compute values; the new
    // hash comes from the request, so two runs store one of two new hashes and nothing read is lost.
    CHANGE_PASSWORD("import bcrypt from 'bcrypt';", 'const hashed = await bcrypt.hash(next, 10);'),
    CHANGE_PASSWORD("const bcrypt = require('bcryptjs');", 'const hashed = await bcrypt.hashSync(next, 10);'),
    CHANGE_PASSWORD("import { compare, hash } from 'bcrypt';\nconst bcrypt = { compare };", 'const hashed = await hash(next, 10);'),
    // Round 25 (judged FALSE: uslugi-bti/ref-bot #6): revoking the old link twice revokes nothing more.
    NEW_INVITE('await bot.telegram.revokeChatInviteLink(chatId, old.link);'),
    // Round 25 (judged FALSE: Satoshi-v01/whatsapp-bot #14): the row read is only written to the audit log;
    // a second run writes a second log line and the same flag.
    SOFT_DELETE("registrarLog({ action: 'delete', description: `Client deleted: ${client.rows[0].name}`, before: client.rows[0] }).catch(() => {});"),
    SOFT_DELETE("logger.info('client deleted ' + client.rows[0].name, { before: client.rows[0] });"),
    // The row read only in the branch that tested it: the write after that branch runs whatever the read found,
    // on the first run as on the second (no race of this read; the twins above write in the branch).
    `${PG}export async function createSession(adminId) {
  const active = await pool.query('SELECT id FROM sessions WHERE admin_id = $1 AND revoked = FALSE ORDER BY created_at', [adminId]);
  if (active.rows.length >= 5) {
    await pool.query('UPDATE sessions SET revoked = TRUE WHERE id = $1', [active.rows[0].id]);
  }
  await pool.query('UPDATE admins SET logins = logins + 1 WHERE id = $1', [adminId]);
}`,
    `${PG}export async function redeem(code, userId) {
  const res = await pool.query('SELECT id FROM vouchers WHERE code = $1', [code]);
  if (res.rowCount > 0) await pool.query('DELETE FROM vouchers WHERE id = $1', [res.rows[0].id]);
  await pool.query('INSERT INTO redemptions (user_id, code) VALUES ($1, $2)', [userId, code]);
}`,
  ],
  invalid: [
    // The found-branch also saves the session: only runs that found the row do it, and both do.
    lockable(TAKE_PHONE("await saveSession(phone, { step: 'confirm', session });", ''), 4),
    // The row read outside any test of it: a second run that finds none throws there, so the session save is decided by the read.
    lockable(
      `${PG}export async function takePhone(phone, taxId) {
  const found = await pool.query('SELECT id FROM clients WHERE tax_id = $1 AND phone != $2', [taxId, phone]);
  await pool.query('UPDATE clients SET phone = $1 WHERE id = $2', [phone, found.rows[0].id]);
  await saveSession(phone, { step: 'confirm' });
}`,
      4,
    ),
    // A hash from a package the model does not know: it may store or send something.
    lockable(CHANGE_PASSWORD("import bcrypt from 'bcrypt';\nimport { vault } from './vault.js';", 'const hashed = await vault.hash(next, 10);'), 6),
    // The check also gates a call a second run repeats.
    lockable(CHANGE_PASSWORD("import bcrypt from 'bcrypt';", 'const hashed = await bcrypt.hash(next, 10);\n  await grantPasswordBonus(id);'), 5),
    { code: NEW_INVITE('await creditReferrer(userId, old.link);'), errors: [{ messageId: 'missingLockSqlite', line: 6, suggestions: [] }] },
    // What the row holds handed on to someone (not awaited): both runs send it.
    lockable(SOFT_DELETE("bot.sendMessage(client.rows[0].chat_id, `Your deposit: ${client.rows[0].deposit}`);"), 4),
    lockable(SOFT_DELETE("registrarLog({ action: 'delete' }); refundDeposit(client.rows[0].id, client.rows[0].deposit);"), 4),
  ],
});

/** A spend whose read-modify-write fallback (read on line 5) runs only when `test` is false; `spendLocked` is declared below it. */
const SPEND_FALLBACK = (test: string, declared = "async function spendLocked(userId) {\n  return pool.query('UPDATE users SET balance = balance - 1 WHERE id = $1 AND balance >= 1', [userId]);\n}\n"): string => `${PG}export async function spend(userId) {
  if (${test}) return spendLocked(userId);
  const { rows } = await pool.query('SELECT balance FROM users WHERE id = $1', [userId]);
  await pool.query('UPDATE users SET balance = $1 WHERE id = $2', [rows[0].balance - 1, userId]);
}
${declared}`;

// Session 27 (round 26, JoaoVictorCoder/DC-Coin-Bot): a fallback after `if (typeof f === 'function')
// return f(…);`, `f` a function declaration of the same module, never runs.
ruleTester.run('require-for-update: code a constant test never lets run', rule, {
  valid: [SPEND_FALLBACK("typeof spendLocked === 'function'"), SPEND_FALLBACK("!(typeof spendLocked !== 'function')")],
  invalid: [
    lockable(SPEND_FALLBACK("typeof spendLocked === 'function'", "import { spendLocked } from './locked.js';\n"), 5),
    lockable(SPEND_FALLBACK("typeof spendLocked === 'function' && process.env.LOCKED"), 5),
  ],
});

/**
 * A discord.js bot's package (`library` in its `dependencies`; the project's other files are read) whose client runs the
 * stock's helper of `shop.ts` as a lone timer job: awaited once when ready, then every `interval` ms from a `setInterval`
 * whose callback is `tick`; `extra` more files. Returns the case for `shop.ts`.
 */
const timerShop = (
  name: string,
  { interval = '30 * 60 * 1000', tick = "() => buy('expired')", listen = 'once', extra = {}, library = 'discord.js' }: { interval?: string; tick?: string; listen?: string; extra?: Record<string, string>; library?: string } = {},
) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `rfu-timer-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { [library]: '^1', pg: '^8', express: '^4' } }));
  fs.writeFileSync(
    path.join(root, 'bot.ts'),
    `import { Client, Events } from 'discord.js';\nimport { buy } from './shop';\nconst client = new Client({ intents: [] });\nclient.${listen}(Events.ClientReady, async () => {\n  await buy('expired');\n  setInterval(${tick}, ${interval});\n});\nclient.login('token');\n`,
  );
  for (const [file, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, file), text);
  fs.writeFileSync(path.join(root, 'shop.ts'), SHOP_HELPER);
  return { code: SHOP_HELPER, filename: path.join(root, 'shop.ts') };
};

/** `buttons.ts`: a discord.js interaction handler that runs the stock's helper on a button press. */
const INTERACTION = `import { Events, type Client } from 'discord.js';
import { buy } from './shop';
export function registerButtons(client: Client) {
  client.on(Events.InteractionCreate, async (interaction) => {
    if (interaction.isButton()) await interaction.reply(String(await buy(interaction.customId)));
  });
}
`;

ruleTester.run('require-for-update: a lone timer job', rule, {
  valid: [
    // Round 27 (judged FALSE: kikyrestu/BOT-Discord-Shop require-for-update#8, sp.ts:315 `checkExpiredSP`): run once when
    // ready, then by one 30-minute `setInterval`; nothing else writes what it reads.
    timerShop('lone'),
    timerShop('block', { tick: "async () => {\n    await buy('expired');\n  }" }),
    // The same project on grammY, Baileys or whatsapp-web.js: its files are read as well.
    timerShop('grammy', { library: 'grammy' }),
    timerShop('baileys', { library: '@whiskeysockets/baileys' }),
    timerShop('wwebjs', { library: 'whatsapp-web.js' }),
    // Another file writes another column of the table.
    timerShop('other-column', { extra: { 'server.ts': routeRunning("await pool.query('UPDATE items SET title = $1 WHERE id = $2', [req.body.title, req.params.id]);") } }),
  ],
  invalid: [
    // Ticks 30 seconds apart: a slow run may still be going when the next starts.
    lockedCase(timerShop('short', { interval: '30_000' })),
    // An interval not known without running the code.
    lockedCase(timerShop('unknown', { interval: 'Number(process.env.EVERY)' })),
    // The callback does more than the one job.
    lockedCase(timerShop('more', { tick: "async () => {\n    await buy('expired');\n    await buy('other');\n  }" })),
    // `on`: a second ready event starts a second timer beside the first.
    lockedCase(timerShop('on', { listen: 'on' })),
    // The helper is also called from an HTTP route.
    lockedCase(timerShop('route', { extra: { 'server.ts': ROUTE } })),
    // The helper is also called from a button's interaction: discord.js runs interactions concurrently, each beside the job.
    lockedCase(timerShop('interaction', { extra: { 'buttons.ts': INTERACTION } })),
    // A package that lists no chat library (a plain HTTP server): its other files are not read, the job's callers unseen.
    lockedCase(timerShop('no-library', { library: 'express' })),
    // A route writes the stock the job checked.
    lockedCase(timerShop('writer', { extra: { 'server.ts': routeRunning("await pool.query('UPDATE items SET stock = $1 WHERE id = $2', [req.body.stock, req.params.id]);") } })),
  ],
});

/**
 * A pet fed on better-sqlite3 (`db` from `../database`): the SELECT on line 3, the cooldown it gates,
 * the UPDATE on line 13, and `between` just before the UPDATE. The two exits before it render an
 * image with an `await`, then return.
 */
const FEED_PET = (between = '') => `const db = require('../database');
async function feed(message) {
  const pet = db.prepare('SELECT * FROM pets WHERE user_id = ?').get(message.author.id);
  if (!pet) {
    const img = await render('none');
    return message.reply({ files: [img] });
  }
  const left = cooldownLeft(pet.last_feed, 7200000);
  if (left > 0) {
    const img = await render('wait');
    return message.reply({ files: [img] });
  }
${between}  db.prepare('UPDATE pets SET hunger = ?, last_feed = ? WHERE user_id = ?').run(Math.min(100, pet.hunger + 30), Date.now(), message.author.id);
  addXp(message.author.id, 10);
  const img = await render('fed');
  await message.reply({ files: [img] });
}
module.exports = { feed };
`;
/** Reported on SQLite, which has no `FOR UPDATE`: the database module (`../database`) opens better-sqlite3. */
const feedReported = (name: string, between: string, options?: Parameters<typeof discordSqliteProject>[2]) => {
  const project = discordSqliteProject(name, FEED_PET(between), { file: 'pets.js', ...options });
  return { ...project, errors: [{ messageId: 'missingLockSqlite' as const, line: 3 }] };
};

// Round 29 (judged FALSE: MMAM1101+discord-bank-bot require-for-update#2, #10, #24): better-sqlite3 is
// synchronous, and the only `await`s between the SELECT and the UPDATE sit in branches that answer and
// return: on the path that reaches the UPDATE, the two run in one stretch no other message interleaves.
ruleTester.run('require-for-update: an await only in an early exit (better-sqlite3)', rule, {
  valid: [
    discordSqliteProject('exits', FEED_PET(), { file: 'pets.js' }),
    // An exit that throws, and an `await` inside a nested block of the exit.
    discordSqliteProject('throws', FEED_PET().replace("    return message.reply({ files: [img] });\n  }\n  const left", "    throw new Error(String(img));\n  }\n  const left"), { file: 'pets.js' }),
    discordSqliteProject('nested', FEED_PET('  if (pet.hunger >= 100) {\n    if (message.guild) await message.react(\'x\');\n    return;\n  }\n'), { file: 'pets.js' }),
  ],
  invalid: [
    // The `await` on the path to the UPDATE: another message runs while this one waits.
    feedReported('on-path', '  await message.channel.sendTyping();\n'),
    // In a branch that goes on to the UPDATE.
    feedReported('falls-through', "  if (pet.hunger > 90) {\n    await message.reply('almost full');\n  }\n"),
    // In a branch that may go on: only one of its paths returns.
    feedReported('some-paths', "  if (pet.hunger > 90) {\n    await message.reply('almost full');\n    if (pet.hunger === 100) return;\n  }\n"),
    // A throw that a `catch` of the function takes, which then goes on to the UPDATE.
    feedReported('caught', "  try {\n    if (pet.sick) {\n      await message.reply('sick');\n      throw new Error('sick');\n    }\n  } catch {}\n"),
    // The handle is an asynchronous driver's (sqlite3), though the package lists better-sqlite3 too: the absence of an `await` proves nothing.
    feedReported('async-driver', '', {
      dependencies: { 'better-sqlite3': '^9', sqlite3: '^5' },
      database: "const sqlite3 = require('sqlite3');\nconst db = new sqlite3.Database('bank.db');\nmodule.exports = db;\n",
    }),
  ],
});

// Round 33 (judged FALSE: Monakhov1988+SoftSpeak require-for-update#2): the package lists `pg` beside
// better-sqlite3, but the handle both statements run on is better-sqlite3's (`db` from `../database`):
// synchronous, whatever else the package lists, so the `await`s only in the early exits split nothing.
ruleTester.run('require-for-update: a better-sqlite3 handle in a package that lists another driver', rule, {
  valid: [
    discordSqliteProject('lists-pg', FEED_PET(), { file: 'pets.js', dependencies: { 'better-sqlite3': '^9', pg: '^8' } }),
    discordSqliteProject('lists-sqlite3', FEED_PET(), { file: 'pets.js', dependencies: { 'better-sqlite3': '^9', sqlite3: '^5' } }),
  ],
  invalid: [
    // The twins: an `await` on the path to the UPDATE, and a handle of the asynchronous driver (above, \`async-driver\`).
    feedReported('lists-pg-on-path', '  await message.channel.sendTyping();\n', { dependencies: { 'better-sqlite3': '^9', pg: '^8' } }),
  ],
});

/** A database module that opens PostgreSQL (the default of `discordSqliteProject` opens better-sqlite3). */
const PG_DATABASE = "const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports = pool;\n";

// Issue 12: the dialect of a handle that another file of the project opens. `FOR UPDATE` is no SQLite
// syntax; the file that makes the handle (`new Database('bank.db')`) says which database it is.
ruleTester.run('require-for-update: the database of a handle another file opens', rule, {
  valid: [],
  invalid: [
    // (`const db = require('../database')` where `database.js` exports a better-sqlite3 handle: `feedReported` above.)
    // An ES import of a module that passes the handle on (`const db = require('./sqlite'); module.exports = db`).
    {
      ...discordSqliteProject('sqlite-hop',
        `import db from '../database.js';\nexport async function buy(message, cost) {\n  const user = db.prepare('SELECT balance FROM users WHERE id = ?').get(message.author.id);\n  if (user.balance < cost) return;\n  await message.channel.sendTyping();\n  db.prepare('UPDATE users SET balance = ? WHERE id = ?').run(user.balance - cost, message.author.id);\n}\n`, {
        file: 'pets.js',
        database: "const db = require('./sqlite');\nmodule.exports = db;\n",
        extra: { 'src/sqlite.js': "const Database = require('better-sqlite3');\nmodule.exports = new Database('bank.db');\n" },
      }),
      errors: [{ messageId: 'missingLockSqlite' as const, line: 3 }],
    },
    // The twin: the module opens PostgreSQL, where `FOR UPDATE` in one transaction with the UPDATE holds the row.
    (() => {
      const project = discordSqliteProject('pg-handle', FEED_PET('  await message.channel.sendTyping();\n'), { file: 'pets.js', database: PG_DATABASE, dependencies: { pg: '^8' } });
      const output = project.code.replace("user_id = ?').get", "user_id = ? FOR UPDATE').get");
      return { ...project, errors: [{ messageId: 'missingLock' as const, line: 3, suggestions: [{ messageId: 'suggestForUpdate' as const, output }] }] };
    })(),
  ],
});

/**
 * Round 29 (judged FALSE: RubenGM/gameclubtelegrambot require-for-update #20): an operator's status
 * change. The status is read (line 4 after `PG`) only to know that the user is there and to name
 * the old status in an audit row; `check` tests it, the UPDATE sets `status` to `value` (bound to
 * `bound`), then the audit row is inserted.
 */
const SET_STATUS = (check: string, value = '$1', bound = 'action', read = "String(existing.rows[0]?.status ?? '')") => `${PG}export async function setStatus(id, action, adminId) {
  const existing = await pool.query('SELECT status FROM users WHERE telegram_user_id = $1', [id]);
  const previous = ${read};
  ${check}
  await pool.query('UPDATE users SET status = ${value}, updated_at = now() WHERE telegram_user_id = $2', [${bound}, id]);
  await pool.query('INSERT INTO user_status_audit_log (user_id, previous_status, next_status, changed_by) VALUES ($1, $2, $3, $4)', [id, previous, action, adminId]);
}`;

ruleTester.run('require-for-update: a check that only finds the row', rule, {
  valid: [
    // The check only finds the status present (the user exists), and the UPDATE sets it to the request's
    // value, not to one taken from the read: a second run passes the same check before or after the
    // first's write, so running both together repeats nothing that running them in turn would not.
    SET_STATUS("if (!previous) throw new Error('User not found');"),
    SET_STATUS("if (existing.rows[0]?.status == null) throw new Error('User not found');"),
    SET_STATUS("if (!previous) throw new Error('User not found');", '$1', 'action', "existing.rows[0]?.status || ''"),
    SET_STATUS("if (!existing.rows[0]?.status) throw new Error('User not found');"),
    SET_STATUS("if (!previous) { throw new Error('User not found'); }", '$1', "'blocked'"),
    // The same test around the effects: they run only where the status is there, which the write keeps.
    SET_STATUS("if (!previous) throw new Error('User not found');").replace(
      "  await pool.query('INSERT",
      "  if (previous) await pool.query('INSERT",
    ),
  ],
  invalid: [
    // The check compares the state the UPDATE changes: a second run would stop after the first's write (double processing).
    lockable(SET_STATUS("if (previous !== 'pending') throw new Error('Already decided');"), 4),
    lockable(SET_STATUS("if (!previous || previous === 'blocked') throw new Error('Blocked');"), 4),
    // The check goes on only where the status is missing, and the UPDATE fills it: a second run would stop (a fill-once).
    lockable(SET_STATUS("if (previous) throw new Error('Already set');"), 4),
    // The UPDATE empties the status the check found present: a second run would stop.
    lockable(SET_STATUS("if (!previous) throw new Error('User not found');", 'NULL', 'null'), 4),
    lockable(SET_STATUS("if (!previous) throw new Error('User not found');", '$1', "''"), 4),
    // The new status is made from the one read.
    lockable(SET_STATUS("if (!previous) throw new Error('User not found');", '$1', "previous + ':' + action"), 4),
  ],
});

/**
 * An ad impression counted against an order (Towerads+towerads-backend `towerAdsController.js:513`): the SELECT
 * (line 5) joins the impression to its order and filters the impression's state (`filter`); the order's
 * decrement guards itself (`taker`: the rest of its WHERE), and the order's status is set only in the branch
 * `spent` (line 11), on the order `order`.
 */
const COUNT_IMPRESSION = (
  filter: string,
  { taker = "AND status = 'active' AND impressions_left > 0", spent = 'left.rows[0].impressions_left <= 0', order = 'orderId' } = {},
) => `${PG}export async function track(req, res) {
  const { impression_id } = req.body;
  const meta = await pool.query(\`SELECT i.order_id, co.price_per_impression FROM impressions i LEFT JOIN creative_orders co ON co.id = i.order_id WHERE i.id = $1 AND ${filter}\`, [impression_id]);
  if (!meta.rowCount) return res.status(400).end();
  const orderId = meta.rows[0].order_id;
  await pool.query(\`UPDATE impressions SET status = 'impression', revenue_usd = $1 WHERE id = $2 AND status = 'requested'\`, [Number(meta.rows[0].price_per_impression) / 1000, impression_id]);
  const left = await pool.query(\`UPDATE creative_orders SET impressions_left = impressions_left - 1 WHERE id = $1 ${taker} RETURNING impressions_left, creative_id\`, [orderId]);
  if (!left.rowCount) return res.status(400).end();
  if (${spent}) {
    await pool.query(\`UPDATE creative_orders SET status = 'completed' WHERE id = $1\`, [${order}]);
    await pool.query(\`UPDATE creatives SET status = 'frozen' WHERE id = $1\`, [left.rows[0].creative_id]);
  }
  return res.json({ ok: true });
}`;
/** The order's decrement with no lower bound: a second run gets -1 back and takes the branch too (not the last unit). */
const UNBOUNDED = { taker: "AND status = 'active'" };
const countReported = (filter: string, options: Parameters<typeof COUNT_IMPRESSION>[1] = UNBOUNDED) => {
  const code = COUNT_IMPRESSION(filter, options);
  return { code, errors: [{ messageId: 'missingLock' as const, line: 5, suggestions: [{ messageId: 'suggestForUpdate' as const, output: code.replace(`AND ${filter}\``, `AND ${filter} FOR UPDATE\``) }] }] };
};

ruleTester.run('require-for-update: a state of another table the read joins', rule, {
  valid: [
    // Towerads+towerads-backend require-for-update #19: `i.status` is the impression's state (`impressions i`), not the
    // order's: the literal status written to `creative_orders` moves no row out of a state the SELECT filtered on.
    COUNT_IMPRESSION("i.status = 'requested'", UNBOUNDED),
  ],
  invalid: [
    // The twins: the SELECT filters the order's own state (by its alias, or by the table's name): the status write claims it.
    countReported("co.status = 'active'"),
    countReported("creative_orders.status = 'active'"),
    // An unqualified column may be either table's: it still counts.
    countReported("status = 'active'"),
  ],
});

ruleTester.run("require-for-update: a write only the run that took a counter's last unit makes", rule, {
  valid: [
    // The order's own state read (`co.status = 'active'`), then `impressions_left - 1 … AND impressions_left > 0 RETURNING
    // impressions_left`, and the status written only when that returned 0: of runs that all passed the SELECT, only the one
    // whose UPDATE took the last impression gets 0 back (the next finds no row), so one run alone completes the order.
    COUNT_IMPRESSION("co.status = 'active'"),
    COUNT_IMPRESSION("status = 'active'", { spent: 'left.rows[0].impressions_left === 0' }),
    COUNT_IMPRESSION("co.status = 'active'", { taker: "AND impressions_left >= 1 AND status = 'active'", spent: 'left.rowCount > 0 && left.rows[0].impressions_left < 1' }),
  ],
  invalid: [
    // The twins: the decrement not bounded at one unit (a second run gets -1 back and takes the branch too) …
    countReported("co.status = 'active'", UNBOUNDED),
    countReported("co.status = 'active'", { taker: "AND status = 'active' AND impressions_left >= 0" }),
    // … a branch every run takes while units are left …
    countReported("co.status = 'active'", { spent: 'left.rows[0].impressions_left >= 0' }),
    countReported("co.status = 'active'", { spent: 'left.rowCount > 0' }),
    // … or the status written to another order than the one the decrement took a unit of.
    countReported("co.status = 'active'", { order: 'req.body.order_id' }),
  ],
});

/**
 * Round 31 (bot-test2 Savings.js:124): the player's row read (line 4 after `PG`); when it is missing, `create`
 * runs, then the row is read again (`reread`) into the same variable; the claim is checked and written back.
 */
const CLAIM_FIRST_TIME = (create: string, reread = "({ rows } = await pool.query('SELECT * FROM savings WHERE player_id = $1', [playerId]));") => `export async function claim(playerId) {
  let { rows } = await pool.query('SELECT * FROM savings WHERE player_id = $1', [playerId]);
  let player = rows[0];
  if (!player) {
    ${create}
    ${reread}
    player = rows[0];
  }
  if (player.claimed) return;
  await pool.query('UPDATE savings SET money = $1, claimed = true WHERE player_id = $2', [player.money + player.daily, playerId]);
}`;

/** bot-test2's own form of {@link CLAIM_FIRST_TIME}: the key quoted into the text; the re-read by `${reread}`. */
const QUOTED_CLAIM = (reread: string) => `export async function claim(playerId, msg) {
  const { rows } = await pool.query(\`SELECT * FROM savings WHERE playerId = '\${playerId}'\`);
  let player = rows[0];
  if (!player) {
    await pool.query(\`INSERT INTO savings (money, playerId) VALUES (1000, '\${msg.author.id}')\`);
    const { rows } = await pool.query(\`SELECT * FROM savings WHERE playerId = '\${${reread}}'\`);
    player = rows[0];
  }
  if (!player.claimed) player.money += player.daily;
  await pool.query(\`UPDATE savings SET claimed = true, money = \${player.money} WHERE playerId = '\${playerId}'\`);
}`;

ruleTester.run('require-for-update: a re-read of the row the function just inserted', rule, {
  valid: [],
  invalid: [
    // The re-read after the function's own INSERT of the row is the same race as the first read of it, which is
    // reported: one report, at the first read (a request that races the re-read ran that first read).
    lockable(`${PG}${CLAIM_FIRST_TIME("await pool.query('INSERT INTO savings (player_id, money) VALUES ($1, 1000)', [playerId]);")}`, 4),
    // The INSERT's key given by another expression (the caller's `msg.author.id` for the `playerId` it passed): the
    // row the first read did not find is the one the INSERT sets the key column of.
    lockable(`${PG}${CLAIM_FIRST_TIME("await pool.query('INSERT INTO savings (player_id, money) VALUES ($1, 1000)', [msg.author.id]);")}`, 4),
    // The key quoted into the text (no parameter), the same text in both reads.
    {
      code: `${PG}${QUOTED_CLAIM('playerId')}`,
      errors: [{ messageId: 'missingLock', line: 4 }],
    },
    // The twins: a re-read with no INSERT of its table before it (another table's row made), or of another row,
    // is a read of its own and reported on its own.
    lockableAt(`${PG}${CLAIM_FIRST_TIME("await pool.query('INSERT INTO players (player_id) VALUES ($1)', [playerId]);")}`, [4, 8]),
    lockableAt(
      `${PG}${CLAIM_FIRST_TIME(
        "await pool.query('INSERT INTO savings (player_id, money) VALUES ($1, 1000)', [playerId]);",
        "({ rows } = await pool.query('SELECT * FROM savings WHERE player_id = $1', [referrerId]));",
      )}`,
      [4, 8],
    ),
    {
      code: `${PG}${QUOTED_CLAIM('referrerId')}`,
      errors: [
        { messageId: 'missingLock', line: 4 },
        { messageId: 'missingLock', line: 8 },
      ],
    },
    // … or after an INSERT that does not set the key column the first read looked for.
    lockableAt(`${PG}${CLAIM_FIRST_TIME("await pool.query('INSERT INTO savings (money) VALUES (1000)');")}`, [4, 8]),
  ],
});

/**
 * Round 32 (gornostyle #20): a program's old price read, the program rewritten from the request (nothing computed
 * from the read), and `tail` after it. A callback handed to a call (`setImmediate(async () => …)`) runs where that
 * call runs: what it awaits is gated by a check of the read only when the call, or code inside the callback, is.
 */
const EDIT_PROGRAM = (tail: string) => `${PG}export async function editProgram(id, name, price) {
  const client = await pool.connect();
  await client.query('BEGIN');
  const old = await client.query('SELECT price FROM programs WHERE id = $1', [id]);
  if (old.rows.length === 0) { await client.query('ROLLBACK'); return; }
  const oldPrice = Number(old.rows[0].price);
  await client.query('UPDATE programs SET name = $1, price = $2 WHERE id = $3', [name, price, id]);
  if (oldPrice !== price) console.log('repriced', oldPrice, price);
  ${tail}
  await client.query('COMMIT');
}`;
const REGENERATE = 'async () => { await regenerateTrainings(id); }';

ruleTester.run('require-for-update (callbacks handed to a call)', rule, {
  valid: [
    // The regeneration runs on every path that writes: the price check gates only a log line, and two runs write the
    // request's values alike.
    EDIT_PROGRAM(`setImmediate(${REGENERATE});`),
    EDIT_PROGRAM(`setTimeout(${REGENERATE}, 0);`),
  ],
  invalid: [
    // The call that schedules it sits in the branch the price check opens.
    lockableSelect(EDIT_PROGRAM(`if (oldPrice !== price) setImmediate(${REGENERATE});`)),
    // The check inside the callback itself, around the call or as an early return.
    lockableSelect(EDIT_PROGRAM('setImmediate(async () => { if (oldPrice !== price) await regenerateTrainings(id); });')),
    lockableSelect(EDIT_PROGRAM('setImmediate(async () => { if (oldPrice === price) return; await regenerateTrainings(id); });')),
    // The callback runs once per row of a list computed from the read.
    lockableSelect(EDIT_PROGRAM('[oldPrice].forEach(async (value) => { await regenerateTrainings(value); });')),
  ],
});

/**
 * A WhatsApp sender's row linked on better-sqlite3: found by phone (line 8) and, when that finds none,
 * looked up again after an \`await\` (line 17) into the same \`let\`, whose row the UPDATE then names.
 */
const LINK_SENDER = (inner: string, after = '') => `import Database from 'better-sqlite3';
const db = new Database('a.db');
export async function link(msg, senderId) {
  let senderUser = null;
  if (senderId.endsWith('@lid')) {
    const contact = await msg.getContact();
    const phone = contact.number;
    const primaryUser = db.prepare('SELECT id, name FROM users WHERE phone = ? OR whatsapp_id LIKE ?').get(phone, phone + '@%');
    if (primaryUser) {
      db.prepare('UPDATE users SET whatsapp_id = ? WHERE id = ?').run(senderId, primaryUser.id);
      senderUser = primaryUser;
    }
  }
  if (!senderUser) {
    const contact = await msg.getContact();
    const phone = contact.number;
    senderUser = db.prepare('SELECT id FROM users WHERE phone = ? OR whatsapp_id LIKE ?').get(phone, phone + '@%');
${inner}
  }
${after}
  if (senderUser) db.prepare('INSERT INTO chat_states (user_id) VALUES (?)').run(senderUser.id);
}`;
const LINK_WRITE = "if (senderUser) db.prepare('UPDATE users SET whatsapp_id = ? WHERE id = ?').run(senderId, senderUser.id);";

// Round 33 (judged FALSE: AlexAldo45+bot-wa-pencatatan_uang require-for-update#20): `senderUser = primaryUser`
// gives the \`let\` the first read's row, but the write sits in the block that first assigns it the second
// read's row: on every path to the UPDATE (and after it) the variable holds that row, which the
// second SELECT found with no \`await\` before the write. The first read decides nothing the write does.
ruleTester.run('require-for-update: a variable given another read\'s row before the write', rule, {
  valid: [LINK_SENDER(`    ${LINK_WRITE}`)],
  invalid: [
    // The twin: the write after the block, behind an `await`; on the path that skips the block it
    // names the first read's row (and the second read's on the other).
    {
      code: LINK_SENDER('', `  await msg.react('ok');\n  ${LINK_WRITE}`),
      errors: [
        { messageId: 'missingLockSqlite', line: 8, suggestions: [] },
        { messageId: 'missingLockSqlite', line: 17, suggestions: [] },
      ],
    },
  ],
});
