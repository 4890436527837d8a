import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, isFunction, someInSameFunction } from '../analysis/ast/index.js';
import { areExclusive, isInCatch, returnsBetween } from '../analysis/flow/index.js';
import {
  getSqlModel,
  insertValueItems,
  isClockValue,
  isPreparedOnly,
  isStaleSweep,
  isUpsert,
  isWrite,
  runsOnlyIfNoRowChanged,
  sourceRange,
  writesOf,
  type FlowStatement,
  type SqlFlow,
  type SqlStatement,
} from '../analysis/sql/index.js';
import { createColumnFilter, isLogWithCaches } from '../analysis/money/index.js';
import { mongoMoneyWriteOf, supabaseWriteOf, type MongoMoneyWrite, type SupabaseWrite } from '../analysis/stores/index.js';
import { factoryParameterClient } from '../analysis/summaries/index.js';
import { createRule } from '../util/create-rule.js';
import { nameList, optionsObject } from '../util/schema.js';

export type Options = [{ ignoreTables?: string[] }];
export type MessageIds = 'writesOutsideTransaction' | 'mongoWritesOutsideTransaction' | 'supabaseWritesOutsideTransaction' | 'beginOnPool' | 'lockOutsideTransaction';

export default createRule<Options, MessageIds>({
  name: 'require-transaction',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require related writes, and row locks, to run inside one transaction on one connection',
      category: 'Database Transactions',
      priority: 'P0',
      precision: 'low',
      fix: 'Run the related writes (and any `FOR UPDATE` read) inside one transaction on one dedicated connection: `BEGIN` … `COMMIT` on a `pool.connect()` client, `sql.begin`, `prisma.$transaction`.',
    },
    schema: optionsObject({
      ignoreTables: nameList(
        'Tables whose writes are independent of the others on purpose (an audit log that must survive a failed operation), matched case-insensitively without schema: they are left out.',
      ),
    }),
    defaultOptions: [{ ignoreTables: [] }],
    messages: {
      writesOutsideTransaction:
        'This write and the one(s) on line {{lines}} do not run in one transaction: if the process dies or a later query fails between them, the database keeps half of the change. Run them in one transaction on one connection.',
      mongoWritesOutsideTransaction:
        'This MongoDB write of `{{field}}` and the one(s) on line {{lines}} are separate operations: if the process dies or a later write fails between them, one document keeps its change and the other does not (money debited and never credited). Run them in `session.withTransaction(async () => …)` and pass `{ session }` to each write.',
      supabaseWritesOutsideTransaction:
        'This Supabase update of `{{field}}` and the write(s) on line {{lines}} are separate requests (supabase-js has no transactions): if the process dies or a later request fails between them, one keeps its change and the other does not (money debited and never recorded or credited). Do them together in one Postgres function called with `.rpc(…)`.',
      beginOnPool:
        '`BEGIN` is sent through the pool `{{pool}}`: each query may run on a different connection, so the statements after it are in no transaction. Take a client (`await pool.connect()`) and send BEGIN … COMMIT on it, or use the driver\'s transaction helper.',
      lockOutsideTransaction:
        'This `FOR UPDATE` runs outside a transaction: in autocommit mode the lock is released as soon as the SELECT ends, so it protects nothing. Run the SELECT and the writes that depend on it in one transaction.',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const ignored = new Set((options.ignoreTables ?? []).map((table) => table.toLowerCase()));
    const mongoWrites = new Map<TSESTree.Node, MongoMoneyWrite[]>();
    const supabaseWrites = new Map<TSESTree.Node, SupabaseWrite[]>();
    /** A known connection, or a module factory's parameter that every caller in the project passes a pool. */
    const known = (entry: FlowStatement): boolean => {
      if (knownConnection(entry)) return true;
      const { kind, variable } = entry.call.connection;
      return kind === 'parameter' && variable !== null && factoryParameterClient(variable, context) === 'pool';
    };
    return {
      CallExpression(node) {
        if (isInCatch(node)) return;
        const fn = enclosingFunction(node) ?? sourceCode.ast;
        const supabase = supabaseWriteOf(node, context, isMoneyColumn);
        if (supabase) supabaseWrites.set(fn, [...(supabaseWrites.get(fn) ?? []), supabase]);
        const write = mongoMoneyWriteOf(node, context, isMoneyColumn);
        if (!write) return;
        const list = mongoWrites.get(fn) ?? [];
        list.push(write);
        mongoWrites.set(fn, list);
      },
      'Program:exit'() {
        for (const flow of getSqlModel(sourceCode).flows) check(flow);
        for (const writes of mongoWrites.values()) checkMongo(writes);
        for (const writes of supabaseWrites.values()) checkSupabase(writes);
      },
    };

    /** A Supabase update that moves money and another write of another row in the same function that can both run: report the update. */
    function checkSupabase(writes: readonly SupabaseWrite[]): void {
      for (const move of writes) {
        if (move.moneyMove === null) continue;
        const others = writes.filter((other) => other !== move && other.row !== move.row && !areExclusive(move.call, other.call));
        if (others.length === 0) continue;
        const lines = [...new Set(others.map((other) => sourceCode.getLocFromIndex(other.call.range[0]).line))];
        context.report({ node: move.call, messageId: 'supabaseWritesOutsideTransaction', data: { field: move.moneyMove, lines: lines.join(', ') } });
        return;
      }
    }

    /** Two MongoDB money writes of one function, of different documents, that can both run in no session transaction: report the first. */
    function checkMongo(writes: readonly MongoMoneyWrite[]): void {
      for (const [index, first] of writes.entries()) {
        const others = writes
          .slice(index + 1)
          .filter((other) => !other.document.some((name) => first.document.includes(name)) && !areExclusive(first.call, other.call) && !returnsBetween(first.call, other.call, sourceCode));
        if (others.length === 0) continue;
        const lines = [...new Set(others.map((other) => sourceCode.getLocFromIndex(other.call.range[0]).line))];
        context.report({ node: first.call, messageId: 'mongoWritesOutsideTransaction', data: { field: first.field, lines: lines.join(', ') } });
        return;
      }
    }

    /** One report per function: a pool BEGIN explains everything after it; then split writes; then a useless lock. */
    function check(flow: SqlFlow): void {
      const begin = flow.statements.find((entry) => entry.statement.kind === 'begin' && entry.transaction?.effective === false);
      if (begin) {
        report(begin, 'beginOnPool', { pool: begin.call.connection.name ?? 'pool' });
        return;
      }
      const split = splitWrites(
        flow,
        ignored,
        known,
        (earlier, later) => runsOnlyIfNoRowChanged(earlier, later, sourceCode) || returnsBetween(earlier.call.node, later, sourceCode),
        (a, b) => sourceCode.getText(a) === sourceCode.getText(b),
      );
      if (split) {
        const [first, ...others] = split;
        const lines = [...new Set(others.map((entry) => sourceCode.getLocFromIndex(entry.call.node.range[0]).line))];
        report(first!, 'writesOutsideTransaction', { lines: lines.join(', ') });
        return;
      }
      const lock = flow.statements.find(
        (entry) => entry.statement.kind === 'select' && entry.statement.lock !== null && entry.transaction === null && known(entry),
      );
      if (lock) report(lock, 'lockOutsideTransaction', {});
    }

    function report(entry: FlowStatement, messageId: MessageIds, data: Record<string, string>): void {
      const [start, end] = sourceRange(entry.call, entry.statement.range);
      context.report({ loc: { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) }, messageId, data });
    }
  },
});

/** A connection whose transaction state this function decides: not a parameter or a value of unknown origin. */
function knownConnection({ call, transaction }: FlowStatement): boolean {
  const { kind } = call.connection;
  return transaction?.effective === true || kind === 'pool' || kind === 'client' || kind === 'transaction';
}

const isMoneyColumn = createColumnFilter({});

/** An UPDATE that moves money: it adds to or subtracts from a money column (`balance = balance - ?`). */
function writesMoney(statement: SqlStatement): boolean {
  return writesOf(statement).some((write) => write.kind === 'update' && write.assignments.some((assignment) => assignment.change !== null && isMoneyColumn(assignment.column)));
}

/**
 * A Cloudflare D1 statement (`await env.DB.prepare(sql).bind(…).run()`): SQLite prepared and awaited.
 * D1 has no `BEGIN`; each statement commits alone unless sent in one `db.batch([…])`, so a database
 * handed in as a parameter still runs it in no transaction. (better-sqlite3 is synchronous: never awaited.)
 */
function isAwaitedD1(call: FlowStatement['call']): boolean {
  if (call.api !== 'prepare' || call.dialect !== 'sqlite') return false;
  let top: TSESTree.Node = call.node;
  while (
    (top.parent?.type === AST_NODE_TYPES.MemberExpression && top.parent.object === top) ||
    (top.parent?.type === AST_NODE_TYPES.CallExpression && top.parent.callee === top)
  ) {
    top = top.parent;
  }
  return top.parent?.type === AST_NODE_TYPES.AwaitExpression;
}

/**
 * A write that only adds to counters that are not money: an UPDATE whose every assignment is
 * `c = c + n` (or a clock value), or an INSERT whose `ON CONFLICT … DO UPDATE` only does that.
 */
function isTally(statement: SqlStatement): boolean {
  const assignments = statement.kind === 'update' ? statement.assignments : statement.kind === 'insert' && statement.onConflict?.action === 'update' ? statement.onConflict.assignments : null;
  if (!statement.parsed || !assignments?.some((assignment) => assignment.change === 'increment')) return false;
  return assignments.every((assignment) => (assignment.change === 'increment' && !isMoneyColumn(assignment.column)) || isClock(assignment.value));
}

const inTransaction = (entry: FlowStatement) => entry.transaction?.effective === true;

/**
 * The writes of a function that can run in one execution but not in one transaction: a pair of
 * writes (or a locking SELECT and a write after it) from different calls, not in exclusive branches,
 * at least one of them outside any transaction, the later one not run only when the earlier changed
 * no row, and no normal `return` between them (then the earlier one alone is an outcome of its own). Statements of one call share its implicit
 * transaction; writes in `catch` blocks are compensation and are left out.
 */
function splitWrites(
  flow: SqlFlow,
  ignored: ReadonlySet<string>,
  known: (entry: FlowStatement) => boolean,
  independent: (earlier: FlowStatement, later: TSESTree.Node) => boolean,
  sameValue: (a: TSESTree.Node, b: TSESTree.Node) => boolean,
): FlowStatement[] | null {
  const candidates = flow.statements.filter(
    (entry) =>
      (isWrite(entry.statement) || (entry.statement.kind === 'select' && entry.statement.lock !== null)) &&
      !isInCatch(entry.call.node) &&
      !isPreparedOnly(entry.call) &&
      // A sweep of stale rows (`… WHERE status = 'processing' AND claimed_at < now() - interval '5 minutes'`) is a change of its own.
      !isStaleSweep(entry.statement) &&
      !writesOf(entry.statement).some((write) => write.target !== null && ignored.has(write.target)),
  );
  // An UPDATE that writes again the literals an earlier INSERT of this function already stored in the
  // row (a repair: `INSERT … coins VALUES (…, 5)`, later `UPDATE … SET coins = 5`) leaves the row
  // complete whether or not it runs: it is no part of a change that can be left half done.
  const kept = candidates.filter((entry) => !repeatsInsert(entry, flow.statements));
  // A write alone in its own `try { … } catch { /* no rethrow */ }` is best effort (a log line): its
  // failure is meant to change nothing, so it needs no transaction with the others.
  const writes = kept.filter((entry) => !isBestEffort(entry, kept));
  if (!writes.some((entry) => isWrite(entry.statement))) return null;
  if (!writes.every((entry) => known(entry) || isAwaitedD1(entry.call))) return null;
  // A D1 database handed in as a parameter: only money moves are claimed (a debit or credit and its ledger row).
  if (!writes.every(known) && !writes.some((entry) => writesMoney(entry.statement))) return null;
  const involved = new Set<FlowStatement>();
  writes.forEach((a, i) => {
    for (const b of writes.slice(i + 1)) {
      // Both already in a pair: this pair adds nothing (and `areExclusive` is not free: N² pairs of it were cubic).
      if (involved.has(a) && involved.has(b)) continue;
      if (a.call === b.call || (inTransaction(a) && inTransaction(b))) continue;
      if (!isWrite(b.statement)) continue;
      if (areExclusive(a.call.node, b.call.node)) continue;
      // Update-or-insert: `b` runs only when `a` changed no row (`if (result.rowCount === 0) INSERT …`), so `a` left nothing to undo;
      // or the function returns normally between them, ending with `a` alone by design.
      if (independent(a, b.call.node)) continue;
      involved.add(a).add(b);
    }
  });
  if (involved.size < 2) return null;
  // Idempotent upserts only (`INSERT … ON CONFLICT`): running the handler again completes the work.
  if ([...involved].every((entry) => writesOf(entry.statement).every(isUpsert))) return null;
  // Tallies only (`taps = taps + 1`, an upsert that adds to a score): a crash between them loses one
  // increment of a statistic; no money moves and no row is left half made.
  if ([...involved].every((entry) => writesOf(entry.statement).every(isTally))) return null;
  // An append-only log row and caches of it (a `+ 1` count, a last-seen copy): a crash between them
  // leaves a cache one behind the log, which the log can rebuild; no row is left half made.
  if (isLogWithCaches([...involved], sameValue)) return null;
  return writes.filter((entry) => involved.has(entry));
}

/**
 * An UPDATE whose every assignment is a literal that an earlier INSERT into the same table (in this
 * function, before it) wrote to the same column, or a clock value (`CURRENT_TIMESTAMP`, `now()`).
 */
function repeatsInsert(entry: FlowStatement, statements: readonly FlowStatement[]): boolean {
  const { statement } = entry;
  if (statement.kind !== 'update' || !statement.parsed || statement.assignments.length === 0) return false;
  const before = statements.filter(
    (other) => other.statement.kind === 'insert' && other.statement.target === statement.target && other.call.node.range[1] <= entry.call.node.range[0],
  );
  let repeated = false;
  for (const assignment of statement.assignments) {
    if (isClock(assignment.value)) continue;
    if (assignment.value.type !== 'literal') return false;
    const literal = assignment.value.value;
    if (!before.some((insert) => insertedLiteral(insert, assignment.column) === String(literal))) return false;
    repeated = true;
  }
  return repeated;
}

const isClock = isClockValue;

/** The literal an INSERT writes to `column` in its first VALUES row (`5`, `'new'` → `new`), or null. */
function insertedLiteral({ call, statement }: FlowStatement, column: string): string | null {
  const index = statement.columns.indexOf(column);
  if (index < 0) return null;
  const text = call.sql.text.slice(...statement.range);
  const item = insertValueItems(text)?.[index];
  if (!item || !call.sql.map.pieces.every((piece) => piece.exact)) return null;
  const value = text.slice(...item).trim();
  if (/^-?\d+(\.\d+)?$/.test(value)) return String(Number(value));
  const quoted = /^'((?:[^']|'')*)'$/.exec(value);
  if (quoted) return quoted[1]!.replace(/''/g, "'");
  return /^(true|false)$/i.test(value) ? value.toLowerCase() : null;
}

/** The write is the only one in a `try` block whose `catch` swallows the error and carries on (no `throw`, no `return`). */
function isBestEffort(entry: FlowStatement, writes: readonly FlowStatement[]): boolean {
  let child: TSESTree.Node = entry.call.node;
  let parent: TSESTree.Node | undefined = child.parent;
  while (parent && !isFunction(parent)) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && parent.handler) {
      const block = parent.block;
      const alone = writes.every((other) => other === entry || other.call === entry.call || !within(other.call.node, block));
      return alone && !leaves(parent.handler);
    }
    child = parent;
    parent = parent.parent;
  }
  return false;
}

function within(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** The catch rethrows or returns: the code after the `try` depends on the write having worked. */
function leaves(handler: TSESTree.CatchClause): boolean {
  return someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement || node.type === AST_NODE_TYPES.ReturnStatement);
}
