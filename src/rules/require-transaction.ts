import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, getPropertyName } from '../analysis/ast/index.js';
import { areExclusive, ignoresOwnFailure, isInCatch, neverTaken, returnsBetween } from '../analysis/flow/index.js';
import { carriesResultOf, getSqlModel, holdsResultOf, isInMemorySqlJs, isSynchronousSqlite, runsOnlyIfNoRowChanged, runsOnlyIfNoRowFound, unsentCalls, sourceRange, writesBackRead, type FlowStatement, type SqlFlow } from '../analysis/sql/index.js';
import { awaitsOutsideCallBetween, createColumnFilter, splitWrites, storesOutsideResult, type StartupWrites } from '../analysis/money/index.js';
import { mongoMoneyWriteOf, runsOnlyIfNoRowUpdated, supabaseWriteOf, type MongoMoneyWrite, type SupabaseWrite } from '../analysis/stores/index.js';
import { onlyAdminRuns } from '../analysis/framework/index.js';
import { factoryParameterClient, runsOnlyAtStartup, type FileRef } from '../analysis/summaries/index.js';
import { createRule } from '../util/create-rule.js';
import { nameList, optionsObject } from '../util/schema.js';

export type Options = [{ ignoreTables?: string[]; checkAdminCode?: boolean }];
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
      strictOptions: [{ checkAdminCode: true }],
    },
    schema: optionsObject({
      ignoreTables: nameList(
        'Tables whose writes are independent of the others on purpose (an audit log that must survive a failed operation), matched case-insensitively without schema: they are left out.',
      ),
      checkAdminCode: {
        type: 'boolean',
        description:
          'Whether to report split writes in code only the bot\'s admin runs (behind `if (!isOwner(id)) return;`, inside `if (isAdmin(ctx)) { … }`, in a route registered behind an admin middleware, a Discord command only administrators may use): a half-done operator action is seen and redone by the operator.',
      },
    }),
    defaultOptions: [{ ignoreTables: [], checkAdminCode: false }],
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
    /** Every write of the split runs only for the bot's operator: a half-done operator action is seen and redone by the one who did it. */
    const adminOnly = (writes: readonly TSESTree.Node[]): boolean => !options.checkAdminCode && writes.every((write) => onlyAdminRuns(write, sourceCode, context.filename));
    /** A known connection, or a module factory's parameter that every caller in the project passes a pool. */
    const known = (entry: FlowStatement): boolean => {
      if (knownConnection(entry)) return true;
      const { kind, variable } = entry.call.connection;
      return kind === 'parameter' && variable !== null && factoryParameterClient(variable, context) === 'pool';
    };
    return {
      CallExpression(node) {
        // The write's shape first: most calls are no write, and only a write's place is looked up.
        const supabase = supabaseWriteOf(node, context, isMoneyColumn);
        const write = mongoMoneyWriteOf(node, context, isMoneyColumn);
        // A write in code a constant test never lets run (a fallback after `if (typeof transferAtomic === 'function') return …`) is half of nothing.
        if ((!supabase && !write) || isInCatch(node) || neverTaken(node, sourceCode)) return;
        const fn = enclosingFunction(node) ?? sourceCode.ast;
        if (supabase) supabaseWrites.set(fn, [...(supabaseWrites.get(fn) ?? []), supabase]);
        if (!write) return;
        const list = mongoWrites.get(fn) ?? [];
        list.push(write);
        mongoWrites.set(fn, list);
      },
      'Program:exit'() {
        const { flows } = getSqlModel(sourceCode);
        // A call in the branch where a SELECT found no row, whose arguments read that absent row (`row.points`), throws before it is sent.
        const unsent = unsentCalls(flows.flatMap((flow) => flow.statements), sourceCode);
        const sent = (entry: FlowStatement) => !unsent.has(entry.call) && !neverTaken(entry.call.node, sourceCode);
        for (const flow of flows) check({ ...flow, statements: flow.statements.filter(sent) });
        for (const writes of mongoWrites.values()) checkMongo(writes);
        for (const writes of supabaseWrites.values()) checkSupabase(writes);
      },
    };

    /**
     * A Supabase update that moves money and another write of another row in the same function that
     * can both run: report the update. A write whose failure the code ignores (its own
     * `.catch(() => {})`, alone in a `try` whose `catch` carries on), or of a table in `ignoreTables`,
     * is no part of the unit, nor is one run only when the update changed no row (see `runsOnlyIfNoRowUpdated`).
     */
    function checkSupabase(all: readonly SupabaseWrite[]): void {
      const writes = all.filter((write) => !ignored.has(write.table.toLowerCase()) && !ignoresOwnFailure(write.call, all.map((other) => other.call)));
      for (const move of writes) {
        if (move.moneyMove === null) continue;
        // A write run only when the update changed no row (`if (data.length < 1) insert(…)`): one update-or-insert.
        const others = writes.filter((other) => other !== move && other.row !== move.row && !areExclusive(move.call, other.call, { iteration: true }) && !runsOnlyIfNoRowUpdated(move, other.call));
        if (others.length === 0) continue;
        if (adminOnly([move.call, ...others.map((other) => other.call)])) return;
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
          .filter((other) => !other.document.some((name) => first.document.includes(name)) && !areExclusive(first.call, other.call, { iteration: true }) && !returnsBetween(first.call, other.call, sourceCode));
        if (others.length === 0) continue;
        if (adminOnly([first.call, ...others.map((other) => other.call)])) return;
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
      const split = splitWrites(flow, {
        ignored,
        known,
        // An update-or-insert, a normal return between them, or a pending row and what an outside call
        // returned for it (a payment provider's ids): no transaction spans the call in between.
        independent: (earlier, later) =>
          runsOnlyIfNoRowChanged(earlier, later, sourceCode) ||
          returnsBetween(earlier.call.node, later, sourceCode) ||
          storesOutsideResult(earlier, later, { sourceCode, filename: context.filename }),
        sameValue: (a, b) => sourceCode.getText(a) === sourceCode.getText(b),
        synchronous: isSynchronousSqlite(sourceCode, context.filename) || (isInMemorySqlJs(sourceCode) && 'in-memory'),
        carries: (earlier, later) => carriesResultOf(earlier, later, sourceCode),
        startup: startupOf(flow),
        writesBack: (call, statement, assignment) => writesBackRead(call, statement, assignment, getSqlModel(sourceCode).calls, sourceCode),
        awaitsOutside: (earlier, later) => awaitsOutsideCallBetween(flow.node, earlier.call.node, later.call.node, { sourceCode, filename: context.filename }),
      });
      // A pool `BEGIN` and a lock outside a transaction stay reported in admin code: the code believes it holds what it does not.
      if (split && adminOnly(split.map((entry) => entry.call.node))) return;
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

    /** How start-up code is judged: top-level code, or a function run only while the program starts (see `runsOnlyAtStartup`). */
    function startupOf(flow: SqlFlow): StartupWrites {
      const file = { sourceCode, filename: context.filename };
      return {
        atStartup: () => flow.node.type === AST_NODE_TYPES.Program || runsOnlyAtStartup(flow.node, file, runsCallbackOnce),
        found: (read, later) => runsOnlyIfNoRowFound(read, later, sourceCode),
        holds: (read, node) => holdsResultOf(node, read.call, sourceCode),
      };
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

/** A promise's `.then(…)`: it runs its callback once. */
const ONCE_METHODS = new Set(['then']);
/** Methods of a database handle that run an inline callback once, when done: `db.serialize(() => …)`, `db.all(sql, (err, rows) => …)`. */
const HANDLE_METHODS = new Set(['serialize', 'all', 'get', 'run', 'each', 'exec', 'query', 'execute']);

/**
 * A call that runs its inline callback once: a SQL call of the file (its result callback), a method of
 * `HANDLE_METHODS` on a receiver that sends the file's SQL from a driver (`db.all('PRAGMA …', cb)`),
 * a promise's `.then(…)`.
 */
function runsCallbackOnce(call: TSESTree.CallExpression, file: FileRef): boolean {
  const { calls } = getSqlModel(file.sourceCode);
  if (calls.some((sql) => sql.node === call)) return true;
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(callee) ?? '';
  if (ONCE_METHODS.has(method)) return true;
  const receiver = file.sourceCode.getText(callee.object);
  return HANDLE_METHODS.has(method) && calls.some((sql) => sql.connection.driver && sql.connection.name === receiver);
}
