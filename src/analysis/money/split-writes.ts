/**
 * Which writes of one function make a change that a crash between them leaves half done, as the
 * transaction rule asks: writes of different calls that can both run and are not all in one
 * transaction, one of which moves value (see `movesValue`) or inserts the row another refers to. Not
 * such a change: bookkeeping only (no write moves value), writes in exclusive branches, an
 * update-or-insert, idempotent upserts only, tallies only, an append-only log row and the caches of it
 * written after it, a best-effort write, a sweep of stale rows, a repair that writes again what an
 * INSERT stored.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { createColumnFilter, isMoneyFlowColumn, isPaymentTable, isValueColumn } from './columns.js';
import { movesValue, takesAmount, type WritesBack } from './moves-value.js';
import { isFunction, isTypeWrapper, patternNames, someInSameFunction } from '../ast/index.js';
import { areExclusive, canSuspendBetween, ignoresOwnFailure, isInCatch, lowercaseWithoutUnderscores, runsFirstInBlock } from '../flow/index.js';
import {
  insertValueItems,
  fillsOnce,
  isClockValue,
  isGuardedBackfill,
  isInsertSelectWhereNotExists,
  isPreparedOnly,
  isRepeatableWrite,
  isRerunFill,
  isStaleSweep,
  isUpsert,
  isWrite,
  keyedRowText,
  paramArgument,
  whereColumns,
  writesOf,
  type FlowStatement,
  type SqlAssignment,
  type SqlExpr,
  type SqlFlow,
  type SqlStatement,
} from '../sql/index.js';

const isMoneyColumn = createColumnFilter({});

/**
 * Writes that change rows of one table — appends of rows (a plain INSERT of no money column, no
 * upsert) or a DELETE of rows — and, beside them, only counts and caches of those rows: UPDATEs whose
 * every assignment steps a counter that is not money by one (`messages_count = messages_count + 1`,
 * `GREATEST(0, total - 1)`) or reads the clock, before or after the row write; and, after an append
 * only, UPDATEs that copy into a column that holds no money a value the appended row also stores
 * (`last_known_ip = $1` with the same `ip`), and upserts of a cache row of another table built from
 * such values (`INSERT INTO channels (name, title, subscribers) VALUES ($1, $2, 1) ON CONFLICT (name)
 * DO UPDATE SET subscribers = channels.subscribers + 1, title = COALESCE(channels.title, $2)`).
 */
function isLogWithCaches(entries: readonly FlowStatement[], sameValue: (a: TSESTree.Node, b: TSESTree.Node) => boolean): boolean {
  const appends = entries.filter(({ statement }) => isLogAppend(statement));
  const deletes = entries.filter(({ statement }) => isPlainDelete(statement));
  // The count follows the rows: one more for an append, one fewer for a delete (never both: `a - 1`
  // beside `b + 1` moves a unit between two rows).
  const direction = appends.length > 0 ? 'increment' : 'decrement';
  if (appends.length > 0 && deletes.length > 0) return false;
  const rows = appends.length > 0 ? appends : deletes;
  const caches = entries.filter((entry) => !rows.includes(entry));
  if (rows.length === 0 || caches.length === 0 || new Set(rows.map(({ statement }) => statement.target)).size > 1) return false;
  const logged = appends.flatMap(({ call, statement }) => statement.values.flatMap((value) => (value.type === 'param' ? [paramArgument(call, value.index)] : [])));
  const copied = (call: FlowStatement['call'], value: SqlExpr) => {
    const argument = value.type === 'param' ? paramArgument(call, value.index) : null;
    return argument !== null && logged.some((other) => other !== null && sameValue(other, argument));
  };
  const firstRow = Math.min(...rows.map(({ call }) => call.node.range[0]));
  const lastRow = Math.max(...rows.map(({ call }) => call.node.range[1]));
  const target = rows[0]!.statement.target;
  return caches.every(({ call, statement }) => {
    if (!statement.parsed || statement.ctes.length > 0) return false;
    const counts = (assignment: SqlAssignment) => isClockValue(assignment.value) || (!isMoneyColumn(assignment.column) && stepsOne(assignment) === direction);
    // A count written before the rows (a crash loses the row write and leaves the count one off); a
    // copy only after them: a crash between leaves the cache behind rows that can rebuild it.
    if (call.node.range[1] <= firstRow) return statement.kind === 'update' && statement.assignments.every(counts);
    if (call.node.range[0] < lastRow) return false;
    const keeps = (assignment: SqlAssignment) => counts(assignment) || (!isMoneyColumn(assignment.column) && copied(call, assignment.value));
    if (statement.kind === 'update') return statement.assignments.every(keeps);
    return isCacheUpsert(statement, target, keeps, (value) => copied(call, value));
  });
}

/**
 * An upsert of a row of another table than `target` whose inserted values are literals, clock values or
 * copies, and whose `DO UPDATE` only `keeps` the row or fills a column once with a copy
 * (`title = COALESCE(channels.title, $2)`): a cache of what the counted rows store.
 */
function isCacheUpsert(statement: SqlStatement, target: string | null, keeps: (assignment: SqlAssignment) => boolean, copied: (value: SqlExpr) => boolean): boolean {
  const { onConflict } = statement;
  if (statement.kind !== 'insert' || onConflict?.action !== 'update' || statement.target === target || statement.columns.length === 0) return false;
  if (statement.columns.length !== statement.values.length || statement.columns.some(isMoneyColumn)) return false;
  if (!statement.values.every((value) => value.type === 'literal' || isClockValue(value) || copied(value))) return false;
  return onConflict.assignments.every((assignment) => keeps(assignment) || (fillsOnce(assignment) && !isMoneyColumn(assignment.column) && copied(assignment.value.type === 'function' ? assignment.value.args[1]! : assignment.value)));
}

const isLogAppend = (statement: SqlStatement) =>
  statement.kind === 'insert' && statement.parsed && statement.ctes.length === 0 && !isUpsert(statement) && statement.columns.length > 0 && !statement.columns.some(isMoneyColumn);

const isPlainDelete = (statement: SqlStatement) => statement.kind === 'delete' && statement.parsed && statement.ctes.length === 0;

/**
 * `c = c + 1` (`increment`), `c = c - 1` or a decrement by one clamped at zero (`GREATEST(c - 1, 0)`,
 * `GREATEST(0, c - 1)`) (`decrement`): one row more or fewer counted; anything else: null.
 */
function stepsOne(assignment: SqlAssignment): 'increment' | 'decrement' | null {
  const isOne = (expr: SqlExpr | null | undefined) => expr?.type === 'literal' && Number(expr.value) === 1;
  if (assignment.change !== null) return isOne(assignment.delta) ? assignment.change : null;
  const { value, column } = assignment;
  if (value.type !== 'function' || value.name !== 'greatest' || value.args.length !== 2) return null;
  const floor = value.args.find((arg) => arg.type === 'literal' && Number(arg.value) === 0);
  const step = value.args.find((arg) => arg !== floor);
  const clamped =
    floor !== undefined &&
    step?.type === 'operator' &&
    step.operator === '-' &&
    step.args.length === 2 &&
    step.args[0]!.type === 'column' &&
    step.args[0]!.name === column &&
    isOne(step.args[1]);
  return clamped ? 'decrement' : null;
}

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
 * A write that only adds to counters that are not money or money owed: an UPDATE whose every
 * assignment is `c = c + n` (or a clock value), or an INSERT whose `ON CONFLICT … DO UPDATE` only does
 * that. `loan = loan + $1` lends: it is no statistic.
 */
function isTally(statement: SqlStatement): boolean {
  const assignments = statement.kind === 'update' ? statement.assignments : statement.kind === 'insert' && statement.onConflict?.action === 'update' ? statement.onConflict.assignments : null;
  if (!statement.parsed || !assignments?.some((assignment) => assignment.change === 'increment')) return false;
  return assignments.every((assignment) => (assignment.change === 'increment' && !isMoneyColumn(assignment.column) && !isMoneyFlowColumn(assignment.column)) || isClockValue(assignment.value));
}

/**
 * An UPDATE that only counts (`c = c + 1`, a literal step, on columns that are not money, plus clock
 * values) on a row chosen by constants alone (`WHERE id = 1`, `WHERE key = $1` bound to a literal, or
 * no WHERE): a statistic of the whole bot, not a row of the user or order the other writes change. A
 * crash beside it loses one increment of a statistic.
 */
function isGlobalTally({ call, statement }: FlowStatement): boolean {
  if (statement.kind !== 'update' || !isTally(statement) || statement.ctes.length > 0) return false;
  const constant = (expr: SqlExpr): boolean => {
    if (expr.type === 'literal') return true;
    if (expr.type !== 'param') return false;
    const argument = paramArgument(call, expr.index);
    return argument?.type === AST_NODE_TYPES.Literal;
  };
  const counts = statement.assignments.every((assignment) => isClockValue(assignment.value) || assignment.delta?.type === 'literal');
  const byConstants = statement.where.every(
    (expr) => expr.type === 'operator' && expr.operator === '=' && expr.args.length === 2 && expr.args.some((arg) => arg.type === 'column') && expr.args.some(constant),
  );
  return counts && byConstants;
}

/** What {@link splitWrites} asks the caller about the file: the rule knows the tables, the schema and the calls around the SQL. */
export interface SplitWriteQuestions {
  /** Tables whose writes are no part of a change (the rule's `ignoreTables`). */
  ignored: ReadonlySet<string>;
  /** Whether a statement runs on a connection known to be a pool (each statement its own transaction), not a transaction's client. */
  known: (entry: FlowStatement) => boolean;
  /** Whether the later write runs only where the earlier one cannot have left half a change (update-or-insert, a `return` between). */
  independent: (earlier: FlowStatement, later: TSESTree.Node) => boolean;
  /** Whether two expressions are the same value (written alike). */
  sameValue: (a: TSESTree.Node, b: TSESTree.Node) => boolean;
  /** A synchronous SQLite driver (no other run interleaves), `'in-memory'` for sql.js (none but through calls in between). */
  synchronous?: boolean | 'in-memory';
  /** Whether the later call carries what the earlier statement returned (its rows, the new id). */
  carries?: (earlier: FlowStatement, later: TSESTree.Node) => boolean;
  /** The start-up writes of the file, which a restart runs again whole. */
  startup?: StartupWrites | null;
  /** Whether a write stores back a value the code read. */
  writesBack?: WritesBack;
  /** Whether an awaited call outside the database stands between the two statements. */
  awaitsOutside?: (earlier: FlowStatement, later: FlowStatement) => boolean;
}

const inTransaction = (entry: FlowStatement) => entry.transaction?.effective === true;

/**
 * The writes of a function that can run in one execution but not in one transaction (the first of
 * them, then the ones it pairs with): a pair of
 * writes (or a locking SELECT and a write after it) from different calls, not in exclusive branches,
 * at least one of them outside any transaction, the later one not run only when the earlier changed
 * no row, and no normal `return` between them (then the earlier one alone is an outcome of its own). Statements of one call share its implicit
 * transaction; writes in `catch` blocks are compensation and are left out.
 */
export function splitWrites(flow: SqlFlow, questions: SplitWriteQuestions): FlowStatement[] | null {
  const { ignored, known, independent, sameValue, synchronous = false, carries = () => false, startup = null, writesBack = () => false, awaitsOutside = () => false } = questions;
  // A sweep of stale rows (`… WHERE status = 'processing' AND claimed_at < now() - interval '5 minutes'`) is a change of its own,
  // and so are the writes that carry what it returned (`UPDATE users … WHERE telegram_id = ANY($1)` with the swept rows' ids):
  // they are that change's second half, no part of the function's other writes.
  const sweeps = flow.statements.filter((entry) => isStaleSweep(entry.statement));
  const candidates = flow.statements.filter(
    (entry) =>
      (isWrite(entry.statement) || (entry.statement.kind === 'select' && entry.statement.lock !== null)) &&
      !isInCatch(entry.call.node) &&
      !isPreparedOnly(entry.call) &&
      !sweeps.includes(entry) &&
      !sweeps.some((sweep) => sweep.call !== entry.call && sweep.call.node.range[1] <= entry.call.node.range[0] && carries(sweep, entry.call.node)) &&
      // A count on the bot's own statistics row (`total_deployed = total_deployed + 1 WHERE id = 1`) is no part of anyone's change.
      !isGlobalTally(entry) &&
      !writesOf(entry.statement).some((write) => write.target !== null && ignored.has(write.target)),
  );
  // An UPDATE that writes again the literals an earlier INSERT of this function already stored in the
  // row (a repair: `INSERT … coins VALUES (…, 5)`, later `UPDATE … SET coins = 5`) leaves the row
  // complete whether or not it runs: it is no part of a change that can be left half done.
  const kept = candidates.filter((entry) => !repeatsInsert(entry, flow.statements));
  // A write alone in its own `try { … } catch { /* no rethrow */ }`, or with its own `.catch(() => {})`,
  // is best effort (a log line): its failure is meant to change nothing, so it needs no transaction with the others.
  const writes = kept.filter(
    (entry) =>
      !ignoresOwnFailure(
        entry.call.node,
        kept.filter((other) => other.call !== entry.call).map((other) => other.call.node),
      ),
  );
  if (!writes.some((entry) => isWrite(entry.statement))) return null;
  if (!writes.every((entry) => known(entry) || isAwaitedD1(entry.call))) return null;
  // A D1 database handed in as a parameter: only money moves are claimed (a debit or credit and its ledger row).
  if (!writes.every(known) && !writes.some((entry) => writesMoney(entry.statement))) return null;
  // An upsert a rerun repeats to the same row and the same answer, before a write that takes no amount
  // (a debit may pay for what the upsert gave): a crash between them leaves a row the next run writes
  // again unchanged, and that run then does the rest.
  const replayed = new Set(writes.filter((entry) => isReplayedUpsert(entry, flow)));
  /** `a` (earlier) and `b` can both run in one execution, not both in one transaction, and `b` does not depend on `a` having changed nothing. */
  const paired = (a: FlowStatement, b: FlowStatement): boolean =>
    a.call !== b.call &&
    !(inTransaction(a) && inTransaction(b)) &&
    isWrite(b.statement) &&
    !(replayed.has(a) && !takesAmount(b)) &&
    // One iteration of a loop is one change (a write repeated by a loop is never paired with itself):
    // writes of one iteration's alternatives (`if (expired) { UPDATE …; continue; }` then `UPDATE …`) never pair.
    !areExclusive(a.call.node, b.call.node, { iteration: true }) &&
    // Update-or-insert: `b` runs only when `a` changed no row (`if (result.rowCount === 0) INSERT …`), so `a` left nothing to undo;
    // or the function returns normally between them, ending with `a` alone by design; or `b` stores what an
    // outside call made after `a` returned (a pending row, then the payment provider's ids), which no transaction spans.
    !independent(a, b.call.node) &&
    !rolledBackBefore(flow, a, b);
  const involved = new Set<FlowStatement>();
  writes.forEach((a, i) => {
    for (const b of writes.slice(i + 1)) {
      // Both already in a pair: this pair adds nothing (and `areExclusive` is not free: N² pairs of it were cubic).
      if (involved.has(a) && involved.has(b)) continue;
      if (paired(a, b)) involved.add(a).add(b);
    }
  });
  if (involved.size < 2) return null;
  // Idempotent upserts only (`INSERT … ON CONFLICT`): running the handler again completes the work.
  if ([...involved].every((entry) => writesOf(entry.statement).every(isUpsert))) return null;
  // Idempotent writes of different tables (seeds `INSERT … ON CONFLICT DO NOTHING`, guarded backfills
  // `SET x = TRUE WHERE … AND x = FALSE`): each is whole on its own, and a rerun finds the rest undone.
  if (idempotentApart([...involved])) return null;
  // Writes that each store again what they stored (keyed UPDATEs to values not read from the row,
  // skipping or replacing upserts), of no money, counter or payment-state column, after no read of a table
  // they write: running the code again completes what a crash left half done.
  if (rerunCompletes(flow, [...involved])) return null;
  // Start-up writes that each fill only what is missing: the next boot runs them again and completes
  // what a crash left undone; nothing is left half made that a start does not finish.
  if (startup && [...involved].every((entry) => rerunsWhole(entry, flow, startup)) && startup.atStartup()) return null;
  // A pending state around an outside call: a row marked `'processing'`, an awaited call that leaves
  // the database (a blockchain, a payment API; `awaitsOutside`), then the row's status set to its outcome.
  // No transaction can span the outside call; a crash leaves the row visibly pending.
  if (isPendingAroundCall([...involved], awaitsOutside)) return null;
  // Get or create: the row made with its defaults where the read found none, then written whatever was found.
  if (startup && createsTheRowItWrites(flow, [...involved], startup)) return null;
  // Tallies only (`taps = taps + 1`, an upsert that adds to a score): a crash between them loses one
  // increment of a statistic; no money moves and no row is left half made.
  if ([...involved].every((entry) => writesOf(entry.statement).every(isTally))) return null;
  // A removal in steps (DELETEs, and UPDATEs that only unlink rows from the key being removed): a crash
  // between them leaves part of the thing removed and nothing made or moved; running the removal again finishes it.
  if ([...involved].every(isRemoval)) return null;
  // An append-only log row and caches of it (a `+ 1` count, a last-seen copy): a crash between them
  // leaves a cache one behind the log, which the log can rebuild; no row is left half made.
  if (isLogWithCaches([...involved], sameValue)) return null;
  // Synchronous SQLite (better-sqlite3) with no `await` from the first write to the last: they run in
  // one go, and only the death of the process or an error of the code between splits them. Money
  // moves (a debit and its credit or ledger row) are still claimed.
  // sql.js ('in-memory') the same, when nothing but the writes themselves is called between them: a
  // crash persists neither, unless a call between them (`saveDB()`, `db.export()`) saved the first.
  if (
    synchronous &&
    ![...involved].some((entry) => writesMoney(entry.statement)) &&
    oneStretch(flow, [...involved]) &&
    (synchronous !== 'in-memory' || !callsBetween(flow, [...involved]))
  ) {
    return null;
  }
  // Bookkeeping only (a cooldown stamp, a level and its counter, a derived valuation, a row replaced,
  // a balance written back as it was read): no write moves value and none refers to a row another
  // inserted, so a crash between them loses or mints nothing (as the MongoDB and Supabase paths claim
  // only writes of a money field).
  if (![...involved].some((entry) => movesValue(entry, writesBack)) && !createsReference([...involved], carries)) return null;
  // The first write and only the writes it can run with: a write in the other branch of its `if` is
  // no part of its change (`if (a) UPDATE …; else if (b) UPDATE …;` then a later write: the later one).
  const [first, ...rest] = writes.filter((entry) => involved.has(entry));
  return [first!, ...rest.filter((other) => paired(first!, other))];
}

/**
 * Get or create (round 31, bot-test2 Savings.js:120): a SELECT of one row by keys alone (`const {
 * rows } = … WHERE playerId = $1`, `let player = rows[0]`), an `if (!player) { INSERT … }` (no
 * `else`) that creates the row with its defaults, setting the key columns the SELECT looked for, and
 * then only UPDATEs of that row (the same WHERE, bound to the same values) that run whatever the
 * SELECT found: as statements of the block that holds the `if`, after it, with no `return` or `throw`
 * between. The branch assigns nothing the code reads later but a re-read of the row (`player =
 * rows[0]` of a SELECT of the table in the branch), so no flag says the row is new. A crash after
 * the INSERT leaves the row as a first run makes it; the rerun finds it and does what this run did
 * after the INSERT, so nothing is left half done.
 */
function createsTheRowItWrites(flow: SqlFlow, entries: readonly FlowStatement[], startup: StartupWrites): boolean {
  const inserts = entries.filter((entry) => entry.statement.kind === 'insert');
  const insert = inserts.length === 1 ? inserts[0]! : null;
  const table = insert?.statement.target ?? null;
  if (!insert || table === null || !insert.statement.parsed || isUpsert(insert.statement) || insert.statement.ctes.length > 0) return false;
  const updates = entries.filter((entry) => entry !== insert);
  if (!updates.every((entry) => entry.statement.kind === 'update' && entry.statement.target === table && entry.call.node.range[0] >= insert.call.node.range[1])) return false;
  const branch = branchOf(insert.call.node);
  if (!branch || branch.alternate !== null || !keepsOnlyRereads(flow, branch.consequent, table, startup.holds)) return false;
  const columns = new Set(insert.statement.columns.map(lowercaseWithoutUnderscores));
  return flow.statements.some((read) => {
    const { statement } = read;
    if (statement.kind !== 'select' || statement.tables.length !== 1 || statement.tables[0] !== table || read.call.node.range[1] > branch.range[0]) return false;
    const keys = whereColumns(statement);
    const row = keyedRowText(read.call, statement);
    return (
      row !== null &&
      keys.every((key) => columns.has(key)) &&
      startup.found(read, insert.call.node) &&
      updates.every((update) => keyedRowText(update.call, update.statement) === row && runsWhateverFound(branch, update.call.node))
    );
  });
}

/** The `if` whose consequent holds `node` (in the same function), or null. */
function branchOf(node: TSESTree.Node): TSESTree.IfStatement | null {
  for (let child = node, parent = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement) return parent.consequent === child ? parent : null;
  }
  return null;
}

/**
 * Whether `node` runs whatever the `if` found: it is in a statement of the block that holds `branch`,
 * after it, with only `await`, a declaration or an expression statement around it, and no statement
 * between them holds a `return` or `throw`.
 */
function runsWhateverFound(branch: TSESTree.IfStatement, node: TSESTree.Node): boolean {
  const block = branch.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) return false;
  let statement = node;
  while (statement.parent && statement.parent !== block) {
    if (!WRAPPING.has(statement.parent.type) && !isTypeWrapper(statement.parent)) return false;
    statement = statement.parent;
  }
  if (statement.parent !== block) return false;
  const body = block.body as TSESTree.Node[];
  const between = body.slice(body.indexOf(branch) + 1, body.indexOf(statement));
  return (
    body.indexOf(branch) >= 0 &&
    body.indexOf(statement) > body.indexOf(branch) &&
    !between.some((other) => someInSameFunction(other, (inner) => inner.type === AST_NODE_TYPES.ReturnStatement || inner.type === AST_NODE_TYPES.ThrowStatement))
  );
}

const WRAPPING = new Set<AST_NODE_TYPES>([AST_NODE_TYPES.AwaitExpression, AST_NODE_TYPES.ExpressionStatement, AST_NODE_TYPES.VariableDeclarator, AST_NODE_TYPES.VariableDeclaration]);

/**
 * Whether a branch assigns nothing declared outside it but a re-read of the row: `player = rows[0]`
 * where `rows` is bound in the branch to a SELECT of `table`. Any other assignment (a flag,
 * `isNew = true`; a property, `player.fresh = true`; `count++`) may tell the later code the row is new.
 */
function keepsOnlyRereads(flow: SqlFlow, branch: TSESTree.Statement, table: string, holds: StartupWrites['holds']): boolean {
  const rereads = flow.statements.filter(
    (entry) => entry.statement.kind === 'select' && entry.statement.tables.includes(table) && entry.call.node.range[0] >= branch.range[0] && entry.call.node.range[1] <= branch.range[1],
  );
  const declared = new Set<string>();
  someInSameFunction(branch, (node) => {
    if (node.type === AST_NODE_TYPES.VariableDeclarator) patternNames(node.id).forEach((name) => declared.add(name));
    return false;
  });
  return !someInSameFunction(branch, (node) => {
    if (node.type === AST_NODE_TYPES.UpdateExpression) return true;
    if (node.type !== AST_NODE_TYPES.AssignmentExpression) return false;
    if (node.left.type !== AST_NODE_TYPES.Identifier) return true;
    if (declared.has(node.left.name)) return false;
    return !rereads.some((entry) => holds(entry, node.right));
  });
}

/**
 * Whether `b`, outside any transaction, runs only after a ROLLBACK of the transaction `a` ran in
 * (`BEGIN; SELECT … FOR UPDATE; if (!found) { ROLLBACK; UPDATE … on the pool }`): `a`'s change is
 * undone before `b` runs, so `b` is a change of its own (a compensation), no second half of `a`'s.
 */
function rolledBackBefore(flow: SqlFlow, a: FlowStatement, b: FlowStatement): boolean {
  if (a.transaction?.kind !== 'begin' || !inTransaction(a) || b.transaction !== null) return false;
  return flow.statements.some(
    (entry) =>
      entry.statement.kind === 'rollback' &&
      entry.transaction === a.transaction &&
      entry.call.node.range[0] >= a.call.node.range[1] &&
      runsFirstInBlock(entry.call.node, b.call.node) !== null,
  );
}

/** An INSERT whose result (the new row's id) another of the writes carries: a crash between them leaves a row the other refers to, or a reference to no row. */
function createsReference(entries: readonly FlowStatement[], carries: (earlier: FlowStatement, later: TSESTree.Node) => boolean): boolean {
  return entries.some((insert) => insert.statement.kind === 'insert' && entries.some((other) => other !== insert && other.call.node.range[0] >= insert.call.node.range[1] && carries(insert, other.call.node)));
}

/**
 * What `splitWrites` asks of start-up code: `atStartup()`, whether the function runs only while the
 * program starts (top-level code, or see `runsOnlyAtStartup`), asked last: it follows callers;
 * `found(read, later)`, whether `later` runs only when the SELECT `read` found no row (see
 * `runsOnlyIfNoRowFound`); `holds(read, node)`, what a get-or-create re-reads (see `holdsResultOf`).
 */
export interface StartupWrites {
  readonly atStartup: () => boolean;
  readonly found: (read: FlowStatement, later: TSESTree.Node) => boolean;
  /** Whether `node` holds the result of the SELECT `read`, its rows or a row of them (see `holdsResultOf`). */
  readonly holds: (read: FlowStatement, node: TSESTree.Node) => boolean;
}

/**
 * A write that a rerun completes and never repeats: each of its statements a fill (see
 * `isRerunFill`), an `INSERT … SELECT … WHERE NOT EXISTS`, or an INSERT run only when an earlier
 * SELECT of its table in the function found no row (`if (!row) INSERT …`).
 */
function rerunsWhole(entry: FlowStatement, flow: SqlFlow, { found }: StartupWrites): boolean {
  const { statement, call } = entry;
  if (writesOf(statement).every(isRerunFill)) return true;
  if (statement.kind !== 'insert' || statement.ctes.length > 0 || statement.target === null) return false;
  if (isInsertSelectWhereNotExists(call.sql.text.slice(...statement.range))) return true;
  return flow.statements.some(
    (read) =>
      read.statement.kind === 'select' &&
      read.statement.tables.includes(statement.target!) &&
      read.call.node.range[1] <= call.node.range[0] &&
      found(read, call.node),
  );
}

/**
 * A write that only removes (round 25, require-transaction#1, #5 and #19, and two D1 clean-ups; 0 of 8
 * such pairs TRUE over rounds 23–25): a DELETE, or an UPDATE whose every assignment sets to NULL a column,
 * not money, that its WHERE compares by equality — rows unlinked from the key being removed (`UPDATE
 * products SET category_id = NULL WHERE category_id = $1`). A NULL written where the WHERE does not test
 * the column (`SET premium_until = NULL WHERE id = $1`) ends a state, not a link, and is no removal.
 */
function isRemoval({ statement }: FlowStatement): boolean {
  if (!statement.parsed || statement.ctes.length > 0) return false;
  if (statement.kind === 'delete') return true;
  if (statement.kind !== 'update' || statement.assignments.length === 0) return false;
  const tested = (column: string) =>
    statement.where.some(
      (expr) =>
        expr.type === 'operator' &&
        expr.operator === '=' &&
        expr.args.some((arg) => arg.type === 'column' && arg.name.toLowerCase() === column.toLowerCase()) &&
        expr.args.some((arg) => arg.type === 'param' || arg.type === 'literal'),
    );
  return statement.assignments.every(
    ({ column, value }) => value.type === 'literal' && value.value === null && !isValueColumn(column) && tested(column),
  );
}

/** Columns that say how far a piece of work has gone (`status = 'paid'`): on a payment's row, a run that finds one set refuses to pay again. */
const STATE_COLUMN = /(?:^|_)(?:status|state|stage|step|paid|approved|confirmed|completed|processed|claimed|rewarded|verified|done)(?:_|$)|^is_?(?:paid|approved|confirmed|completed|processed|claimed|rewarded|verified|done)$/i;

/**
 * Writes that a rerun of the code completes (round 22, require-transaction#1 and #18: two profile
 * edits of the user's own rows, a request status and an allow-list `ON CONFLICT DO NOTHING`): each is
 * repeatable (see `isRepeatableWrite`), none sets a money, counter or limit column (see
 * `isValueColumn`: a balance set from a value the code computed from a read is a second debit on the
 * rerun) or the progress of a payment (a `STATE_COLUMN` of a table `isPaymentTable` names: a webhook
 * that finds the order `'paid'` never grants the rest), and no SELECT of the function before the last
 * of them reads a table they write (the read that would find the first half done and refuse the
 * rerun: `SELECT … WHERE status = 'pending'`, then `return`).
 */
function rerunCompletes(flow: SqlFlow, entries: readonly FlowStatement[]): boolean {
  const columnsOf = (write: SqlStatement): string[] =>
    write.kind === 'update' ? write.assignments.map((assignment) => assignment.column) : [...write.columns, ...(write.onConflict?.assignments.map((assignment) => assignment.column) ?? [])];
  if (!entries.every((entry) => isWrite(entry.statement))) return false;
  const writes = entries.flatMap((entry) => writesOf(entry.statement));
  const settled = (write: SqlStatement, column: string) => STATE_COLUMN.test(column) && isPaymentTable(write.target ?? '');
  if (!writes.every((write) => isRepeatableWrite(write) && !columnsOf(write).some((column) => isValueColumn(column) || settled(write, column)))) return false;
  const targets = new Set(writes.map((write) => write.target));
  const last = Math.max(...entries.map((entry) => entry.call.node.range[0]));
  return !flow.statements.some(
    (read) => read.call.node.range[1] <= last && read.statement.kind === 'select' && read.statement.tables.some((table) => targets.has(table)),
  );
}

/** Writes that are each a seed (`ON CONFLICT DO NOTHING`) or a guarded backfill, at least one a backfill, no two on one table. */
function idempotentApart(entries: readonly FlowStatement[]): boolean {
  const writes = entries.flatMap((entry) => writesOf(entry.statement));
  const tables = writes.map((write) => write.target);
  return (
    writes.some(isGuardedBackfill) &&
    writes.every((write) => isGuardedBackfill(write) || (write.kind === 'insert' && write.onConflict?.action === 'nothing')) &&
    tables.every((table) => table !== null) &&
    new Set(tables).size === tables.length
  );
}

/**
 * An upsert that a second run repeats to the same row and the same answer (round 32,
 * require-transaction#1: a login's `INSERT INTO users … ON CONFLICT (telegram_id) DO UPDATE SET
 * username = EXCLUDED.username RETURNING *` before a BEGIN … COMMIT of the referral it applies):
 * `ON CONFLICT … DO UPDATE` with no condition, every assignment a value the row being inserted, a
 * parameter, a literal or the clock gives (see `isRepeatableWrite`: never the column itself, as
 * `balance = users.balance + EXCLUDED.amount` is), no column of money, a counter or a limit (see
 * `isValueColumn`) or of progress (`STATE_COLUMN`: a marker a rerun would find set) inserted or set, no payment table, no `xmax` read (which tells an insert from an
 * update), and no SELECT of its table before it in the function (the read that would tell a new row
 * from one a crashed run left). Whatever the code does next, it does again on the rerun.
 */
function isReplayedUpsert({ call, statement }: FlowStatement, flow: SqlFlow): boolean {
  const { onConflict, target } = statement;
  if (statement.kind !== 'insert' || onConflict?.action !== 'update' || statement.mysqlUpsert !== null || target === null || !isRepeatableWrite(statement)) return false;
  const columns = [...statement.columns, ...onConflict.assignments.map((assignment) => assignment.column)];
  if (columns.some((column) => isValueColumn(column) || isMoneyFlowColumn(column) || STATE_COLUMN.test(column)) || isPaymentTable(target)) return false;
  if (/\bxmax\b/i.test(call.sql.text.slice(...statement.range))) return false;
  return !flow.statements.some((read) => read.statement.kind === 'select' && read.statement.tables.includes(target) && read.call.node.range[1] <= call.node.range[0]);
}

/** A status literal that says the work is under way. */
const PENDING = /^(?:pending|processing|in[_ -]?progress|started|queued|submitted|creating|sending)$/i;

/**
 * The first write stores a pending literal in a column (`INSERT … status VALUES ('processing')`,
 * `SET status = 'processing'`), and every later one is an UPDATE of the same table that sets that
 * column to a literal, after an awaited outside call (`awaitsOutside`: not a query, not an in-process helper).
 */
function isPendingAroundCall(entries: readonly FlowStatement[], awaitsOutside: (earlier: FlowStatement, later: FlowStatement) => boolean): boolean {
  const [first, ...later] = [...entries].sort((a, b) => a.call.node.range[0] - b.call.node.range[0]);
  const { statement } = first!;
  if (!statement.parsed || statement.ctes.length > 0) return false;
  const column =
    statement.kind === 'insert'
      ? statement.columns.find((name) => PENDING.test(insertedLiteral(first!, name) ?? ''))
      : statement.assignments.find((assignment) => assignment.value.type === 'literal' && PENDING.test(String(assignment.value.value)))?.column;
  if (column === undefined) return false;
  return later.every(
    (entry) =>
      entry.statement.kind === 'update' &&
      entry.statement.target === statement.target &&
      entry.statement.assignments.some((assignment) => assignment.column === column && assignment.value.type === 'literal') &&
      awaitsOutside(first!, entry),
  );
}

/** Whether no `await` (or `yield`) of the function comes between the first and the last of `entries`. */
function oneStretch(flow: SqlFlow, entries: readonly FlowStatement[]): boolean {
  const nodes = entries.map((entry) => entry.call.node).sort((a, b) => a.range[0] - b.range[0]);
  return !canSuspendBetween(flow.node, nodes[0]!, nodes.at(-1)!);
}

/** Whether a call other than the function's SQL calls (and what their arguments call) lies between the first and the last of `entries`. */
function callsBetween(flow: SqlFlow, entries: readonly FlowStatement[]): boolean {
  const nodes = entries.map((entry) => entry.call.node).sort((a, b) => a.range[0] - b.range[0]);
  const [start, end] = [nodes[0]!.range[1], nodes.at(-1)!.range[0]];
  return someInSameFunction(
    flow.node,
    (node) =>
      (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) &&
      node.range[0] >= start &&
      node.range[1] <= end &&
      !flow.statements.some((other) => within(node, other.call.node) || within(other.call.node, node)),
  );
}

/**
 * An UPDATE whose every assignment is a literal that an earlier INSERT into the same table (in this
 * function, before it) wrote to the same column, or a clock value (`CURRENT_TIMESTAMP`, `now()`);
 * at least one of them written by that INSERT too (a clock value counts when the INSERT gave that
 * column a clock value: `last_login = CURRENT_TIMESTAMP` after an INSERT that stored one).
 */
function repeatsInsert(entry: FlowStatement, statements: readonly FlowStatement[]): boolean {
  const { statement } = entry;
  if (statement.kind !== 'update' || !statement.parsed || statement.assignments.length === 0) return false;
  const before = statements.filter(
    (other) => other.statement.kind === 'insert' && other.statement.target === statement.target && other.call.node.range[1] <= entry.call.node.range[0],
  );
  let repeated = false;
  for (const assignment of statement.assignments) {
    if (isClockValue(assignment.value)) {
      // `last_login = CURRENT_TIMESTAMP` again on a row the INSERT gave `CURRENT_TIMESTAMP`: the row already holds a time of this run.
      if (before.some((insert) => insertsClock(insert.statement, assignment.column))) repeated = true;
      continue;
    }
    if (assignment.value.type !== 'literal') return false;
    const literal = assignment.value.value;
    if (!before.some((insert) => insertedLiteral(insert, assignment.column) === String(literal))) return false;
    repeated = true;
  }
  return repeated;
}

/** An INSERT whose single VALUES row writes a clock value (`CURRENT_TIMESTAMP`, `now()`) to `column`. */
function insertsClock(statement: SqlStatement, column: string): boolean {
  const value = statement.values[statement.columns.indexOf(column)];
  return value !== undefined && isClockValue(value);
}

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


function within(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}
