/**
 * Races between a read and a later write of the same rows, within one function's SQL flow: a SELECT
 * without a lock whose result the code checks, then an UPDATE or DELETE of its table that a second
 * concurrent run would repeat on the same old value (double spend, lost update, a row claimed twice).
 *
 * The pairing asks, in order: is the read locked (`FOR UPDATE`, an earlier lock of the transaction,
 * a safe isolation level)? Is the write guarded by its own WHERE, or does it name another row? Does
 * it store something that depends on the read (a column read or filtered on, not kept UNIQUE by the
 * schema)? Does a second run lose something: a value column written back from the read, another
 * effect the check gates, or a row claimed by the state the write changes?
 *
 * What counts as a key column, a value column or a UNIQUE column is the caller's (the rule's
 * options, the money model's words, the project's schema): this model only pairs statements.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { containsRange, getCalleeName, getPropertyName, isFunction, isIdentifierNamed, isNullish, isTypeWrapper, keptInitializer, logicalOperands, propertyKey, resolveVariable, skipTypeWrappers, valueEndsIn, walkSameFunction } from '../ast/index.js';
import { isChatCall, isMiddlewareShape, lockedCallback } from '../framework/index.js';
import { STRING_METHODS, type FileRef } from '../summaries/index.js';
import { alwaysExits, areExclusive, canSuspendBetween, canSuspendOnPathBetween, decides, lowercaseWithoutUnderscores, readsOfResult, replacedBefore, stopsOnFailure, type ResultReads } from '../flow/index.js';
import { laterWrites, type FlowStatement, type SqlFlow, type SqlModel, type TransactionScope } from './flow.js';
import type { SqlAssignment, SqlExpr, SqlStatement } from './model.js';
import { keyedRowText, paramArgument, whereArguments } from './params.js';
import { columnsOf, comparesAndSets, fillsOnce, guardsOf, isClockValue, isKeyPredicate, isWrite, stateColumnsOfTable, takesOneUnit, whereColumns } from './predicates.js';
import { runsOnlyForLastUnit } from './results.js';
import { runsSynchronously } from './handles.js';

/** What the caller knows about columns: the pairing asks it, never guesses. */
export interface RaceJudgement {
  /** A column that only identifies a row (`id`, `user_id`, configured keys): a WHERE condition on it is no guard. */
  isKey: (column: string) => boolean;
  /** A column whose lost update costs something: money, a quantity, a counter or a limit. */
  isValueColumn: (column: string) => boolean;
  /** Whether the project's schema keeps `table.column` UNIQUE on its own (a second equal write fails). */
  isUniqueColumn: (table: string, column: string) => boolean;
  /** Whether the project's schema keeps `table.column` non-negative by a CHECK constraint (an overdraft fails). */
  isNonNegative: (table: string, column: string) => boolean;
  /** A call the state-change model names for a balance or payment change (`removeCredits(…)`, `chargeUser(…)`). */
  movesMoney: (call: TSESTree.CallExpression) => boolean;
  /**
   * A call that a second run repeats to no harm, by what it does, not by its name: the effects model
   * proves it only reads (an HTTP `GET`, a project lookup) or only talks to the chat (a project
   * helper around `bot.api.sendMessage`, a Bot API chat method requested over HTTP).
   */
  repeatsNothing: (call: TSESTree.CallExpression) => boolean;
  /** A call the logger model names for a log line or an audit record (`logger.info(…)`, `registrarLog({ … })`). */
  isLogging: (call: TSESTree.CallExpression) => boolean;
}

/** An unlocked read and the first later write that races with it. */
export interface SqlRace {
  readonly flow: SqlFlow;
  readonly read: FlowStatement;
  readonly write: FlowStatement;
}

/** Isolation levels under which PostgreSQL aborts one of two concurrent read-modify-writes. */
const SAFE_ISOLATION = new Set(['serializable', 'repeatable read']);

/**
 * Every read of the file's SQL flows that is checked in code and then written back by a racing
 * write: per read, the first such write. A pair run under an in-process lock keyed by the read's rows
 * (see `lockedCallback`) and flows run as a migration step are skipped.
 */
export function findSqlRaces(model: SqlModel, file: FileRef, judgement: RaceJudgement): SqlRace[] {
  const { sourceCode } = file;
  const races: SqlRace[] = [];
  // On a synchronous driver an `await` only on a path that never reaches the write (an early answer
  // and `return`) splits nothing; on another driver, or when the tool cannot tell, any `await` in between counts.
  // The driver is the file's, or that of the handle both statements run on (a better-sqlite3 handle
  // another module makes, in a package that lists `pg` too): see `runsSynchronously`.
  const canSuspend = (flow: SqlFlow, read: FlowStatement, write: FlowStatement) =>
    (runsSynchronously(read.call, file) && runsSynchronously(write.call, file) ? canSuspendOnPathBetween : canSuspendBetween)(
      flow.node,
      read.call.node,
      write.call.node,
    );
  for (const flow of model.flows) {
    if (isMigrationStep(flow.node)) continue;
    // One pass in flow order: what the statements so far lock, per transaction.
    const locks = new Map<TransactionScope, TransactionLocks>();
    flow.statements.forEach((read, index) => {
      const row = rowOf(read);
      const isProtected = protectedBy(locks, read, row);
      addLocks(locks, read, row);
      if (!isUnlockedRead(read) || isProtected) return;
      // A result the code never looks at (up to the end of the function) gates no write.
      if (!readsOfResult(read.call.node, flow.node, declaredVariables, resolve).used) return;
      const write = laterWrites(flow, index, read.statement.tables).find((later) => isRacingWrite(flow, read, later));
      if (write && !lockedAround(read, write) && !rereadsInserted(flow, read, write) && !relockedBeforeWrite(flow, read, write)) races.push({ flow, read, write });
    });
  }
  return races;

  /**
   * A re-read of the row the function itself just created (get or create: `SELECT … WHERE player_id
   * = $1` finds nothing, `if (!player) { INSERT INTO savings (player_id, …) …; SELECT … WHERE
   * player_id = $1 }`) that pairs with the same write as that first read, which is reported: a
   * request that races the re-read ran the first read (the row exists only since this INSERT), so it
   * is one race, reported once, at the first read (and its lock or guarded write fixes both). The
   * re-read names the same row by the same keys and follows an INSERT into its table that sets those
   * key columns, on a path to it; a re-read of another row, or with no such INSERT before it, is
   * judged on its own.
   */
  function rereadsInserted(flow: SqlFlow, read: FlowStatement, write: FlowStatement): boolean {
    const row = keyedRowText(read.call, read.statement, judgement.isKey);
    if (row === null) return false;
    const keyColumns = whereColumns(read.statement);
    const creates = (first: FlowStatement, insert: FlowStatement) => {
      const { statement } = insert;
      if (statement.kind !== 'insert' || statement.target !== read.statement.tables[0]) return false;
      if (insert.call.node.range[0] < first.call.node.range[1] || insert.call.node.range[1] > read.call.node.range[0]) return false;
      const columns = new Set(statement.columns.map(lowercaseWithoutUnderscores));
      return keyColumns.every((column) => columns.has(column)) && !areExclusive(insert.call.node, read.call.node);
    };
    return races.some(
      (race) =>
        race.flow === flow &&
        race.write === write &&
        keyedRowText(race.read.call, race.read.statement, judgement.isKey) === row &&
        flow.statements.some((insert) => creates(race.read, insert)),
    );
  }

  /**
   * A read that only finds the row, re-read under a lock before the write: the SELECT's result is
   * read for nothing but key columns and whether a row came back (`SELECT id FROM slots WHERE date =
   * $1 AND status = 'available' LIMIT 1` … `slotId = rows[0].id`), and later in the same transaction,
   * before the write, a `SELECT … FOR UPDATE` of the write's table names the written row by the same
   * keys, tests again every state the first read filtered on (`WHERE id = $1 AND status = 'available'
   * FOR UPDATE`) and its result is looked at. A concurrent run waits at that lock and then finds the
   * row in its new state: the locked re-read is the check, the first read only a lookup. Not on
   * SQLite (no row locks), nor when the first read hands on anything but the row's keys (a balance
   * read before the lock is still the old one).
   */
  function relockedBeforeWrite(flow: SqlFlow, read: FlowStatement, write: FlowStatement): boolean {
    const { transaction } = write;
    const target = write.statement.target;
    if (!transaction?.effective || write.call.dialect === 'sqlite' || target === null) return false;
    const writeKeys = keyTexts(write);
    if (writeKeys.length === 0) return false;
    const select = read.statement;
    const readsOnlyKeys = [...readsOfResult(read.call.node, flow.node, declaredVariables, resolve).properties].every((property) => {
      if (RESULT_PROPERTIES.has(property) || /^\d+$/.test(property)) return true;
      const column = select.targets.find((candidate) => lowercaseWithoutUnderscores(candidate.name) === property)?.column;
      return column !== undefined && column !== null && judgement.isKey(column);
    });
    if (!readsOnlyKeys) return false;
    // The states the first read found the row in that the write then changes (`status`, not the `date` it was looked up by).
    const changed = new Set(write.statement.assignments.map((assignment) => lowercaseWithoutUnderscores(assignment.column)));
    const states = stateColumnsOfTable(select, target, judgement.isKey).map(lowercaseWithoutUnderscores).filter((column) => write.statement.kind === 'delete' || changed.has(column));
    return flow.statements.some((reread) => {
      const { statement } = reread;
      if (reread.transaction !== transaction || statement.kind !== 'select' || statement.lock === null || statement.tables.length !== 1 || statement.tables[0] !== target) return false;
      if (reread.call.node.range[0] < read.call.node.range[1] || reread.call.node.range[1] > write.call.node.range[0]) return false;
      const named = new Set(keyTexts(reread));
      if (!writeKeys.every((key) => named.has(key))) return false;
      const tested = new Set(statement.where.flatMap((condition) => columnsOf(condition).map(lowercaseWithoutUnderscores)));
      return states.every((column) => tested.has(column)) && readsOfResult(reread.call.node, write.call.node, declaredVariables, resolve).used;
    });
  }

  /**
   * Both statements in one callback of an in-process lock keyed by the read's rows (or one lock for
   * all, see `lockedCallback`): two requests of this process run it one after the other.
   */
  function lockedAround(read: FlowStatement, write: FlowStatement): boolean {
    const callback = lockedCallback(read.call.node, whereArguments(read.call, read.statement) ?? [], file);
    return callback !== null && containsRange(callback, write.call.node);
  }

  /**
   * The one row a statement names by keys alone, as text (`transactions|id=transaction.id` for
   * `WHERE id = $2` bound to `transaction.id`), or null when its WHERE tests anything but keys.
   */
  function rowOf(entry: FlowStatement): string | null {
    const { statement } = entry;
    const table = statement.kind === 'select' ? (statement.tables.length === 1 ? statement.tables[0]! : null) : statement.target;
    if (!statement.parsed || table === null || statement.where.length === 0) return null;
    const keys = keyTexts(entry);
    return keys.length === statement.where.length ? `${table}|${keys.sort().join('&')}` : null;
  }

  function declaredVariables(node: TSESTree.Node) {
    return sourceCode.getDeclaredVariables(node);
  }
  function resolve(identifier: TSESTree.Identifier) {
    return resolveVariable(identifier, sourceCode);
  }

  function isRacingWrite(flow: SqlFlow, read: FlowStatement, found: FlowStatement): boolean {
    const write = asOverwrite(found);
    const { statement } = write;
    if (write.call === read.call || !statement.parsed) return false;
    if (statement.kind !== 'update' && statement.kind !== 'delete') return false;
    if (!statement.target || !read.statement.tables.includes(statement.target)) return false;
    if (isSafe(write.transaction)) return false;
    // No `await` between the read and the write: one synchronous stretch (better-sqlite3), which Node never interleaves.
    if (!canSuspend(flow, read, write)) return false;
    const reads = readsOfResult(
      read.call.node,
      write.call.node,
      declaredVariables,
      resolve,
    );
    const fromRead = (node: TSESTree.Node) => holdsRead(reads, node);
    if (writesAnotherRow(flow, read, write, fromRead)) return false;
    // `WHERE address = $1` with `$1` read from the row just before is a key, not a guard.
    const guards = guardsOf(statement, judgement.isKey).filter((guard) => !isEqualityOnReadValue(guard, write, fromRead));
    if (guards.length > 0) return false;
    // Only the run whose guarded UPDATE of the row took a counter's last unit writes (`SET left = left - 1 … AND left > 0
    // RETURNING left`, then `if (r.rows[0].left <= 0)`): that UPDATE, not what the SELECT saw, lets one run through.
    if (decidedByLastUnit(flow, read, write)) return false;
    // Every SET fills its own column only while it is empty (`summary = COALESCE(summary, $1)`): the database decides, as with a guard.
    if (statement.kind === 'update' && statement.assignments.length > 0 && statement.assignments.every(fillsOnce)) return false;
    if (!reads.used) return false;
    const dependent = dependentAssignments(read.statement, statement, reads.properties, judgement.isKey)?.filter((assignment) => !keptUnique(read, write, assignment)) ?? null;
    // Only the value the SELECT looked for, stored in a UNIQUE column: the database refuses the second.
    if (dependent === null || (dependent.length === 0 && statement.kind === 'update')) return false;
    // What a second run loses on its own: a money or counter column written back from the value
    // read (`SET balance = $1` with `user.balance - cost`, or a decrement after checking it). A
    // DELETE by key, a write of a literal status, a timestamp or another value not taken from a
    // checked amount writes the same thing twice; it races only when the check also gates
    // another effect, or the SELECT claims the row by the state the UPDATE changes.
    // A relative decrement (`balance = balance - $1`) of a column the schema keeps non-negative (`CHECK (balance >= 0)`),
    // awaited so that its failure ends the run: of two runs that pass the check, the second's UPDATE fails on the
    // constraint instead of overdrawing, and a relative write loses no update. What the check gates after it does not run.
    // Asked only for a decrement of a column the schema keeps non-negative (the walk of the block is not free).
    let stops: ((node: TSESTree.Node) => boolean) | null | undefined;
    const stopsOf = () => (stops === undefined ? (stops = statement.kind === 'update' ? stopsOnFailure(write.call.node, read.call.node) : null) : stops);
    const refused = (assignment: SqlAssignment) =>
      assignment.change === 'decrement' && statement.target !== null && judgement.isNonNegative(statement.target, assignment.column) && stopsOf() !== null;
    const losesValue = dependent.some(
      (assignment) => judgement.isValueColumn(assignment.column) && (assignment.change === 'decrement' || !isBlindValue(write, assignment.value, fromRead)) && !refused(assignment),
    );
    const stopped = dependent.some(refused) ? stopsOf() : null;
    if (!losesValue && !gatesOtherEffect(flow, read, write, stopped) && !(statement.kind === 'update' && claimsRow(flow, read, write, fromRead))) return false;
    // Last: `areExclusive` scans the enclosing statement lists, and most pairs fail the cheaper tests.
    return !areExclusive(read.call.node, write.call.node);
  }

  /**
   * The write runs only in the branch that finds a counter spent in the row an UPDATE between the
   * read and it returned, that UPDATE taking one unit of the counter of the row written without ever
   * going below zero (`UPDATE creative_orders SET impressions_left = impressions_left - 1 WHERE id = $1
   * AND impressions_left > 0 RETURNING impressions_left` … `if (left.rows[0].impressions_left <= 0)
   * UPDATE creative_orders SET status = 'completed' WHERE id = $1`; see `takesOneUnit`,
   * `runsOnlyForLastUnit`): of concurrent runs that all passed the SELECT's check, one alone took the
   * last unit, and only it writes. The same row: every key the write names it by, the UPDATE names it
   * by too, with the same value.
   */
  function decidedByLastUnit(flow: SqlFlow, read: FlowStatement, write: FlowStatement): boolean {
    const keys = keyTexts(write);
    if (keys.length === 0) return false;
    return flow.statements.some((taker) => {
      if (taker.call.node.range[0] < read.call.node.range[1] || taker.call.node.range[1] > write.call.node.range[0]) return false;
      if (taker.statement.target !== write.statement.target) return false;
      const column = takesOneUnit(taker.statement);
      if (column === null) return false;
      const named = new Set(keyTexts(taker));
      return keys.every((key) => named.has(key)) && runsOnlyForLastUnit(taker, column, write.call.node, sourceCode);
    });
  }

  /** The key conditions of a statement's WHERE as text (`id=orderId` for `id = $1::uuid` bound to `orderId`); none when one cannot be read. */
  function keyTexts({ call, statement }: FlowStatement): string[] {
    const keys: string[] = [];
    for (const condition of statement.where) {
      if (condition.type !== 'operator' || condition.operator !== '=' || !isKeyPredicate(condition, judgement.isKey)) continue;
      const column = condition.args.find((arg) => arg.type === 'column');
      const param = condition.args.find((arg) => arg.type === 'param');
      const value = param?.type === 'param' ? paramArgument(call, param.index) : null;
      if (column?.type !== 'column' || value === null) return [];
      keys.push(`${lowercaseWithoutUnderscores(column.name)}=${sourceCode.getText(value)}`);
    }
    return keys;
  }

  /**
   * A duplicate check guarded by the schema: the UPDATE stores in a column that the project's
   * schema keeps UNIQUE on its own (`account varchar(50) UNIQUE`) the very value the SELECT looked
   * for (`WHERE account = $1` … `SET account = $1`, both bound to `value.trim()`). Of two requests
   * that both find no other row with it, the second write fails on the constraint.
   */
  function keptUnique(read: FlowStatement, write: FlowStatement, assignment: SqlAssignment): boolean {
    if (assignment.value.type !== 'param' || write.statement.target === null) return false;
    const stored = paramArgument(write.call, assignment.value.index);
    if (!stored) return false;
    const column = lowercaseWithoutUnderscores(assignment.column);
    const looked = read.statement.where.some((condition) => {
      if (condition.type !== 'operator' || condition.operator !== '=') return false;
      const name = condition.args.find((arg) => arg.type === 'column');
      const param = condition.args.find((arg) => arg.type === 'param');
      if (name?.type !== 'column' || param?.type !== 'param' || lowercaseWithoutUnderscores(name.name) !== column) return false;
      const sought = paramArgument(read.call, param.index);
      return sought !== null && sourceCode.getText(sought) === sourceCode.getText(stored);
    });
    if (!looked) return false;
    return judgement.isUniqueColumn(write.statement.target, assignment.column);
  }

  /**
   * The write names its row only by values that another SELECT of the function read from its
   * result (`WHERE id = $2` with `other.rows[0].id`), and that SELECT found its rows by other
   * values than this one (`account = $1` against this `telegram_id = $1`, none of them from this
   * read): the row written is another one than the row this SELECT checked. That other SELECT and
   * the write are judged as a pair of their own.
   */
  function writesAnotherRow(flow: SqlFlow, read: FlowStatement, write: FlowStatement, fromRead: (node: TSESTree.Node) => boolean): boolean {
    const writeKeys = whereArguments(write.call, write.statement);
    const readKeys = whereArguments(read.call, read.statement);
    if (!writeKeys?.length || !readKeys?.length || writeKeys.some(fromRead)) return false;
    const readTexts = new Set(readKeys.map((key) => sourceCode.getText(key)));
    const finders = flow.statements.filter(
      (other) =>
        other !== read &&
        other.statement.kind === 'select' &&
        other.call.node.range[1] <= write.call.node.range[0] &&
        other.statement.tables.includes(write.statement.target!),
    );
    return writeKeys.every((key) =>
      finders.some((other) => {
        const otherKeys = whereArguments(other.call, other.statement);
        if (!otherKeys?.length || otherKeys.some((value) => fromRead(value) || readTexts.has(sourceCode.getText(value)))) return false;
        return holdsRead(readsOfResult(other.call.node, write.call.node, declaredVariables, resolve), key);
      }),
    );
  }

  /**
   * A claim: the SELECT picked the row by a state the UPDATE then changes (`WHERE used = false` …
   * `SET used = true`) and the code goes on to use what it read (hands out the address, the code).
   * Two requests both get the same row.
   */
  function claimsRow(flow: SqlFlow, read: FlowStatement, write: FlowStatement, fromRead: (node: TSESTree.Node) => boolean): boolean {
    const filtered = new Set(stateColumnsOfTable(read.statement, write.statement.target, judgement.isKey).map(lowercaseWithoutUnderscores));
    // A column the SELECT looked the row up by, set to a value the caller gave (`SET username = ?` with `args[2]`,
    // found `WHERE username = ?`): an edit of the row's name, which two runs make alike, not a move out of a state.
    const moved = (assignment: SqlAssignment) => filtered.has(lowercaseWithoutUnderscores(assignment.column)) && !renames(read, write, assignment, fromRead);
    if (!write.statement.assignments.some(moved)) return false;
    // The row the request names, moved to the same values by every run: naming it back by its key hands out nothing.
    const keyOnly = movesNamedRowAlike(read, write, fromRead) ? (reference: TSESTree.Node) => readsOnlyKey(reference, read.statement, judgement.isKey) : () => false;
    const all = readsOfResult(read.call.node, flow.node, declaredVariables, resolve, write.call.node);
    // What it read written to a log line (`registrarLog({ descripcion: \`Deleted: \${row.name}\`, before: row })`) hands
    // nothing out: a second run writes a second line.
    // After the whole write chain (`db.prepare(…).bind(row.id).run()`): its own arguments are no use of the row.
    // A value only tested after the write (`if (poll.message_id) await ctx.editMessageText('Expired')`) is
    // handed to nobody: what that test gates is judged as an effect of its own.
    const end = chainTop(write.call.node).range[1];
    return all.references.some(
      (reference) => reference.range[0] > end && !onlyTested(reference) && !keyOnly(reference) && !onlyLogged(reference) && !areExclusive(write.call.node, reference),
    );
  }

  /**
   * A rename: the SELECT found the row only by this column equal to a value the caller gave
   * (`WHERE username = ?` with `args[1]`), and the UPDATE sets it to another value the caller gave
   * (`SET username = ?` with `args[2]`): no state is left, two runs write the same name. A value
   * the caller gave is a parameter of the function, or a name or member path whose kept value is
   * one, through string methods (`text.split(' ')[2]`); a literal or a clock value is a state to move
   * to (`status = 'pending'` → `'used'`), a made value (`crypto.randomUUID()`) a fresh token.
   */
  function renames(read: FlowStatement, write: FlowStatement, assignment: SqlAssignment, fromRead: (node: TSESTree.Node) => boolean): boolean {
    if (assignment.change !== null || assignment.value.type !== 'param') return false;
    const stored = paramArgument(write.call, assignment.value.index);
    if (stored === null || fromRead(stored) || !givenValue(stored, 0)) return false;
    const column = lowercaseWithoutUnderscores(assignment.column);
    const conditions = read.statement.where.filter((condition) => columnsOf(condition).some((name) => lowercaseWithoutUnderscores(name) === column));
    return (
      conditions.length > 0 &&
      conditions.every((condition) => {
        if (condition.type !== 'operator' || condition.operator !== '=' || condition.args.length !== 2) return false;
        const param = condition.args.find((arg) => arg.type === 'param');
        const sought = param?.type === 'param' ? paramArgument(read.call, param.index) : null;
        return sought !== null && givenValue(sought, 0);
      })
    );
  }

  /** See `renames`; `hops` counts the variables followed. */
  function givenValue(node: TSESTree.Node, hops: number): boolean {
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.MemberExpression) {
      return !value.computed || value.property.type === AST_NODE_TYPES.Literal ? givenValue(value.object, hops) : false;
    }
    if (value.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(value.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && STRING_METHODS.has(getPropertyName(callee) ?? '') && givenValue(callee.object, hops);
    }
    if (value.type !== AST_NODE_TYPES.Identifier || hops >= 4) return false;
    const variable = resolve(value);
    if (!variable || variable.defs.length !== 1) return false;
    // A parameter of the function: the caller's value.
    if (variable.defs[0]!.type === TSESLint.Scope.DefinitionType.Parameter) return true;
    const init = keptInitializer(variable);
    return init !== null && givenValue(init, hops + 1);
  }

  /**
   * Whether a value only goes into a log call's arguments: through member reads, template literals,
   * string concatenation, `??` / `||`, object and array literals (`logger.info('deleted', { before:
   * row })`, `registrarLog({ descripcion: \`Deleted \${row.name}\` })`), judged by the logger model.
   */
  function onlyLogged(node: TSESTree.Node): boolean {
    return valueEndsIn(
      node,
      (parent, child) =>
        LOG_CARRIERS.has(parent.type) ||
        (parent.type === AST_NODE_TYPES.Property && parent.value === child && parent.parent.type === AST_NODE_TYPES.ObjectExpression),
      (parent, child) =>
        parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(child as TSESTree.CallExpressionArgument) && judgement.isLogging(parent),
    );
  }

  /**
   * An idempotent transition of a named row: the SELECT finds its row by keys the request gives
   * (`task_id = $1 AND executor_id = $2`) and by the state the UPDATE then changes (`status =
   * 'applied'`), not by a state alone (`WHERE used = false LIMIT 1` picks from a pool); the UPDATE
   * sets every column to a value not taken from the read (a literal, a request value, `now()`, its
   * own column kept by `COALESCE(submitted_at, now())`) and adds to nothing. Two concurrent runs both
   * pass the check and write the same values to the same row: nothing is lost. Whether the check
   * also gates another effect is judged on its own ({@link gatesOtherEffect}).
   */
  function movesNamedRowAlike(read: FlowStatement, write: FlowStatement, fromRead: (node: TSESTree.Node) => boolean): boolean {
    const { statement } = write;
    if (statement.kind !== 'update' || statement.assignments.length === 0 || write.call.statements.length !== 1) return false;
    const set = new Set(statement.assignments.map((assignment) => lowercaseWithoutUnderscores(assignment.column)));
    const blind = statement.assignments.every(
      (assignment) =>
        assignment.change === null &&
        !UNKNOWN_COLUMN.test(assignment.column) &&
        columnsOf(assignment.value).every((column) => lowercaseWithoutUnderscores(column) === lowercaseWithoutUnderscores(assignment.column)) &&
        isBlindValue(write, assignment.value, fromRead),
    );
    if (!blind) return false;
    const { where } = read.statement;
    const keyed = where.filter((condition) => isKeyPredicate(condition, judgement.isKey));
    const stateOnly = (condition: SqlExpr) => {
      const columns = columnsOf(condition);
      return columns.length > 0 && columns.every((column) => set.has(lowercaseWithoutUnderscores(column)));
    };
    return keyed.length > 0 && where.every((condition) => keyed.includes(condition) || stateOnly(condition));
  }

  /**
   * Whether the check between a read and a blind write also gates something that a second run
   * would repeat: another SQL write after the read that can run with this one, or an awaited call
   * after the read that is not a lookup, a chat reply or a log line (`issueAccess`, `createWithdrawal`).
   * Not what `stopped` holds for: what runs only after a write whose failure ends the second run.
   */
  function gatesOtherEffect(flow: SqlFlow, read: FlowStatement, write: FlowStatement, stopped: ((node: TSESTree.Node) => boolean) | null = null): boolean {
    const readIndex = flow.statements.indexOf(read);
    let all: ResultReads | null = null;
    const fromRead = (node: TSESTree.Node) => holdsRead((all ??= readsOfResult(read.call.node, flow.node, declaredVariables, resolve, write.call.node)), node);
    // Writes that a later read of their own row gates (`SELECT * FROM users` … `if (!user.referred_by)`
    // … `SET referred_by = …`): that read and write are a pair of their own, judged on their own.
    const claimed = flow.statements.filter((other, index) => index > readIndex && (other.statement.kind === 'update' || other.statement.kind === 'insert') && claimedOnItsOwn(flow, readIndex, other));
    // Only what a check of the state the write changes decides: an effect after an `if` on another column runs either way.
    const gated = checkGates(flow, read, write, (all ??= readsOfResult(read.call.node, flow.node, declaredVariables, resolve, write.call.node)));
    const otherWrite = flow.statements.some(
      (other, index) =>
        index > readIndex &&
        other.call !== write.call &&
        !stopped?.(other.call.node) &&
        gated(other.call.node) &&
        isWrite(other.statement) &&
        !claimed.includes(other) &&
        !isInsertInto(other, read) &&
        !replacesDeleted(flow, read, other) &&
        !isRepeatable(other, fromRead) &&
        !areExclusive(...ordered(write.call.node, other.call.node)),
    );
    if (otherWrite) return true;
    const fills = filledValues(read, write);
    return awaitsEffectAfter(flow.node, read.call.node.range[1], write.call.node, (node) => {
      if (stopped?.(node) || !gated(node)) return true;
      // The queries themselves (`await db.prepare(…).bind(…).run()`) are judged as SQL above.
      if (flow.calls.some((call) => call.node.range[0] >= node.range[0] && call.node.range[1] <= node.range[1])) return true;
      // A removal (`await search.removeChunksFor(fileId)`): a second run finds nothing more to remove, unless it moves money.
      const call = node.argument.type === AST_NODE_TYPES.CallExpression ? settledCall(node.argument) : null;
      if (call && REMOVAL_CALL.test(getCalleeName(call) ?? '') && !judgement.movesMoney(call)) return true;
      // A chat helper of the project (`notify(chatId, text)` around `bot.api.sendMessage`), a read request.
      if (call && judgement.repeatsNothing(call)) return true;
      // The middleware hands its update on (`await next()`): each run hands on its own update, and
      // what the later handlers do is judged where it is written.
      if (call && handsUpdateOn(call, flow.node)) return true;
      // What follows such a claimed write in its block is gated by that claim too.
      if (claimed.some((other) => followsInBlock(other.call.node, node))) return true;
      // Fill once: the call only makes the value the UPDATE stores in the column the SELECT proved NULL.
      return node.parent.type === AST_NODE_TYPES.VariableDeclarator && node.parent.id.type === AST_NODE_TYPES.Identifier && fills.has(node.parent.id.name);
    });
  }

  /**
   * Which later effects a check of what `write` changes may decide: an effect runs whatever such a
   * check found when no control around it (`if`, `?:`, `&&`, `switch`, a loop) and no early exit
   * before it (an `if` that leaves, a guard called as a statement: `assertPending(order)`, not a log line) reads the
   * columns the UPDATE sets — directly (`row.status`), destructured (`const { status } = row`) or
   * through locals computed from them (two deep). A test that the row exists (`if (!user)`,
   * `rows.length === 0`) is such a check only when the write deletes the row or sets a column the
   * SELECT filtered on. Anything the model cannot read (the row handed whole to a call, a dynamic
   * column, an effect inside a nested function) counts as checked.
   */
  function checkGates(flow: SqlFlow, read: FlowStatement, write: FlowStatement, all: ResultReads): (node: TSESTree.Node) => boolean {
    const { statement } = write;
    const anyColumn = statement.kind !== 'update' || write.call.statements.length !== 1 || statement.assignments.some((assignment) => UNKNOWN_COLUMN.test(assignment.column));
    const changed = new Set(statement.assignments.map((assignment) => lowercaseWithoutUnderscores(assignment.column)));
    const filtered = stateColumnsOfTable(read.statement, statement.target, judgement.isKey).map(lowercaseWithoutUnderscores);
    const existence = anyColumn || filtered.some((column) => changed.has(column));
    const references = new Set<TSESTree.Node>(all.references);
    const relevantUse = (identifier: TSESTree.Node): boolean => {
      let column = boundColumn(identifier);
      let current = identifier;
      for (let parent = current.parent; column === null && parent; parent = current.parent) {
        if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
          if (parent.computed && parent.property.type !== AST_NODE_TYPES.Literal) return true;
          const name = getPropertyName(parent);
          if (name === null) return true;
          if (!/^\d+$/.test(name) && !RESULT_PROPERTIES.has(name.toLowerCase())) column = name;
        } else if (parent.type !== AST_NODE_TYPES.ChainExpression && !isTypeWrapper(parent)) {
          break;
        }
        current = parent;
      }
      if (column !== null) return anyColumn || changed.has(lowercaseWithoutUnderscores(column));
      // The row or the rows themselves: a test that they exist, or handed on whole.
      return TESTS.has(current.parent?.type ?? AST_NODE_TYPES.Program) ? existence : true;
    };
    const mentions = (node: TSESTree.Node, depth: number): boolean => {
      let found = false;
      walkSameFunction(node, (current) => {
        if (found) return false;
        if (current.type !== AST_NODE_TYPES.Identifier) return;
        if (references.has(current)) {
          found = relevantUse(current);
          return;
        }
        if (depth >= 2) return;
        // A local computed from the read: its initializer and every later assignment.
        const variable = current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.property === current && !current.parent.computed ? null : resolve(current);
        // Not a value every path to it (through the write) replaced: `senderUser = primaryUser`, then `senderUser = db.prepare(…).get(phone)` before the write.
        found =
          variable?.references.some(
            (reference) => reference.writeExpr != null && reference.writeExpr !== node && !replacedBefore(variable, reference.writeExpr, current, write.call.node) && mentions(reference.writeExpr, depth + 1),
          ) ?? false;
      });
      return found;
    };
    const relevant = new Map<TSESTree.Node, boolean>();
    const checks = (node: TSESTree.Node) => relevant.get(node) ?? relevant.set(node, mentions(node, 0)).get(node)!;
    // Where the row's existence is no check, neither is a test that only finds a column present that the write keeps so.
    const findsKept = existence ? () => false : keptPresentBy(write, references, checks);
    // Where existence is the check, a property read of the row throws when a second run finds none (`session.refund`).
    const derefs = existence ? all.references.filter(dereferences) : [];
    // Early exits after the read: an `if` with a branch that leaves, a guard called as a statement.
    const exits: TSESTree.Node[] = [];
    walkSameFunction(flow.node, (node) => {
      if (node.range[1] <= read.call.node.range[1]) return false;
      if (node.type === AST_NODE_TYPES.IfStatement && (alwaysExits(node.consequent) || (node.alternate !== null && alwaysExits(node.alternate))) && checks(node.test)) {
        // What follows runs where the test gave the outcome of the branch that does not leave.
        const goesOn = alwaysExits(node.consequent) ? (node.alternate === null || !alwaysExits(node.alternate) ? false : null) : true;
        if (goesOn === null || !findsKept(node.test, goesOn)) exits.push(node);
      }
      if (node.type === AST_NODE_TYPES.ExpressionStatement && node.range[0] >= read.call.node.range[1]) {
        const call = skipTypeWrappers(node.expression.type === AST_NODE_TYPES.AwaitExpression ? node.expression.argument : node.expression);
        // A log line (`console.log(\`found \${rows.length}\`)`) is no guard: it returns whatever it is given.
        if (
          call.type === AST_NODE_TYPES.CallExpression &&
          !flow.calls.some((sql) => containsRange(call, sql.node)) &&
          !isCollectionCall(call) &&
          !judgement.isLogging(call) &&
          call.arguments.some((argument) => checks(argument))
        ) {
          exits.push(node);
        }
      }
    });
    const handedAfterRead = (fn: TSESTree.Node, call: TSESTree.Node): fn is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression =>
      call.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(fn as TSESTree.CallExpressionArgument) && call.range[0] >= read.call.node.range[1];
    const gated = (node: TSESTree.Node, depth: number): boolean => {
      for (let child: TSESTree.Node = node, parent = node.parent; parent && child !== flow.node; child = parent, parent = parent.parent) {
        if (isFunction(child)) {
          // A callback handed to a call after the read (`setImmediate(async () => …)`), when neither the call nor the
          // callback's own code reads the row: it runs where that call runs.
          if (depth < 2 && handedAfterRead(child, parent) && !checks(parent) && !checks(child.body)) return gated(parent, depth + 1);
          // A local function (`const send = async () => …`) runs where it is called; any other nested function counts as checked.
          const calls = depth < 2 ? localCalls(child) : null;
          return calls === null || calls.some((call) => gated(call, depth + 1));
        }
        const control = controlOf(parent, child);
        if (control && checks(control)) {
          const outcome = outcomeFor(parent, child);
          if (outcome === null || !findsKept(control, outcome)) return true;
        }
      }
      // An `if` that only ends an iteration (`continue`, `break`) decides what follows it in its loop, not what follows the loop.
      return exits.some((exit) => exit.range[1] <= node.range[0] && (decides(exit, node) || !endsIterationOnly(exit)));
    };
    // A property read that a check of the row itself guards (`if (rows.length > 0) { … rows[0].id … }`) never runs on a
    // second run that finds none: it throws nothing, and what follows its block runs either way.
    const throwing = new Map<TSESTree.Node, boolean>();
    const throws = (deref: TSESTree.Node) => throwing.get(deref) ?? throwing.set(deref, !gated(deref, 0)).get(deref)!;
    return (node) => gated(node, 0) || derefs.some((deref) => deref.range[1] <= node.range[1] && throws(deref));
  }

  /** A method of a collection the function made itself (`const byKey = new Map(); byKey.set(key, row)`, `list.push(row)`): it stores, it checks nothing. */
  function isCollectionCall(call: TSESTree.CallExpression): boolean {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return false;
    const init = keptInitializer(resolve(callee.object));
    const made = init && skipTypeWrappers(init);
    if (!made) return false;
    if (made.type === AST_NODE_TYPES.ArrayExpression || made.type === AST_NODE_TYPES.ObjectExpression) return true;
    return made.type === AST_NODE_TYPES.NewExpression && made.callee.type === AST_NODE_TYPES.Identifier && COLLECTIONS.has(made.callee.name);
  }

  /** The calls of a function held by a local of the flow (`const send = async (mode) => …; await send('edit')`); null when it is used otherwise or not held by a name. */
  function localCalls(fn: TSESTree.Node): TSESTree.Node[] | null {
    const holder = fn.parent;
    const name = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === fn ? holder.id : null;
    if (name?.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = resolve(name);
    if (!variable) return null;
    const uses = variable.references.map((reference) => reference.identifier).filter((identifier) => identifier !== name);
    const calls = uses.filter((identifier) => identifier.parent?.type === AST_NODE_TYPES.CallExpression && identifier.parent.callee === identifier);
    return calls.length === uses.length ? calls : null;
  }

  /** The column a destructured binding of the read holds: `status` of `const { status } = rows[0]`; null for any other name (`rows` of `const { rows } = await pool.query(…)`). */
  function boundColumn(identifier: TSESTree.Node): string | null {
    if (identifier.type !== AST_NODE_TYPES.Identifier) return null;
    const name = resolve(identifier)?.defs[0]?.name;
    const property = name?.parent;
    if (property?.type !== AST_NODE_TYPES.Property || property.value !== name || property.parent.type !== AST_NODE_TYPES.ObjectPattern) return null;
    const key = propertyKey(property);
    return key === null || RESULT_PROPERTIES.has(key.toLowerCase()) ? null : key;
  }

  /**
   * A test that, giving `outcome`, only finds columns of the row present that the UPDATE keeps
   * present: `if (!previous) throw …` (`previous = String(rows[0]?.status ?? '')`), `status == null`,
   * `if (row.status)` around the effect, each part of an `&&` (`||` for an exit) that reads the row so
   * — a check that the row is there, read through one of its columns. The UPDATE sets each such
   * column, by itself, to a literal that is neither NULL nor falsy or to a value the code did not
   * take from the read (the request's `action`, not `previous + '!'` or `''`): a second run passes
   * the same test before or after the first's write, so the two together repeat nothing that two
   * runs in turn would not. A comparison (`previous !== 'pending'`), a test that goes on where the
   * column is empty (a fill-once: `if (previous) return`) or a write that empties it is a check of
   * the state the write changes.
   */
  function keptPresentBy(
    write: FlowStatement,
    references: ReadonlySet<TSESTree.Node>,
    checks: (node: TSESTree.Node) => boolean,
  ): (test: TSESTree.Node, outcome: boolean) => boolean {
    const { assignments } = write.statement;
    /** Whether a value holds the read or a local computed from it (`previous + ':' + action`, two deep). */
    const fromRead = (node: TSESTree.Node, depth = 0): boolean => {
      let found = false;
      walkSameFunction(node, (current) => {
        if (found) return false;
        if (current.type !== AST_NODE_TYPES.Identifier) return;
        if (references.has(current)) found = true;
        else if (depth < 2 && !(current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.property === current && !current.parent.computed)) {
          const init = keptInitializer(resolve(current));
          found = init !== null && fromRead(init, depth + 1);
        }
      });
      return found;
    };
    const keeps = (column: string): boolean => {
      const set = assignments.filter((assignment) => lowercaseWithoutUnderscores(assignment.column) === lowercaseWithoutUnderscores(column));
      return set.length > 0 && set.every((assignment) => assignment.change === null && presentValue(write, assignment.value, (node) => fromRead(node)));
    };
    /** The column of the read a value carries as it is (`row.status`, `rows[0]?.status`, a destructured `status`, `String(x ?? '')`, a `const` of one). */
    const carried = (node: TSESTree.Node, depth: number): string | null => {
      let value = skipTypeWrappers(node);
      for (;;) {
        if (value.type === AST_NODE_TYPES.ChainExpression) value = skipTypeWrappers(value.expression);
        else if (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === '!' && value.argument.type === AST_NODE_TYPES.UnaryExpression && value.argument.operator === '!') value = skipTypeWrappers(value.argument.argument);
        else if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&' && isFalsyLiteral(value.right)) value = skipTypeWrappers(value.left);
        else if (value.type === AST_NODE_TYPES.CallExpression && value.arguments.length === 1 && (isIdentifierNamed(skipTypeWrappers(value.callee), 'String') || isIdentifierNamed(skipTypeWrappers(value.callee), 'Boolean'))) value = skipTypeWrappers(value.arguments[0]!);
        else break;
      }
      if (value.type === AST_NODE_TYPES.Identifier) {
        // A destructured column (`const { status } = rows[0]`), or a local computed from the read (`previous`).
        const bound = references.has(value) ? boundColumn(value) : null;
        if (bound !== null || depth >= 2) return bound;
        const init = keptInitializer(resolve(value));
        return init === null ? null : carried(init, depth + 1);
      }
      if (value.type !== AST_NODE_TYPES.MemberExpression) return null;
      const column = getPropertyName(value);
      if (column === null || /^\d+$/.test(column) || RESULT_PROPERTIES.has(column.toLowerCase())) return null;
      // Below the column only the result's own properties and row indexes: `existing.rows[0]`, `user`.
      let object = skipTypeWrappers(value.object);
      while (object.type === AST_NODE_TYPES.MemberExpression) {
        const index = object.computed && object.property.type === AST_NODE_TYPES.Literal && typeof object.property.value === 'number';
        const name = getPropertyName(object);
        if (!index && (name === null || !RESULT_PROPERTIES.has(name.toLowerCase()))) return null;
        object = skipTypeWrappers(object.object);
      }
      return references.has(object) ? column : null;
    };
    /** One part of the test, giving `outcome`: it reads nothing the write changes, or it finds a kept column present. */
    const findsPresent = (part: TSESTree.Node, outcome: boolean): boolean => {
      if (!checks(part)) return true;
      let expression = skipTypeWrappers(part);
      let present = outcome;
      while (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!') {
        expression = skipTypeWrappers(expression.argument);
        present = !present;
      }
      if (expression.type === AST_NODE_TYPES.BinaryExpression && ['==', '===', '!=', '!=='].includes(expression.operator)) {
        const subject = isNullish(expression.right) ? expression.left : isNullish(expression.left) ? expression.right : null;
        if (subject === null || subject.type === AST_NODE_TYPES.PrivateIdentifier) return false;
        // `x == null` gives true where `x` is missing, `x != null` where it is there.
        if (expression.operator === '==' || expression.operator === '===') present = !present;
        expression = skipTypeWrappers(subject);
      }
      const column = present ? carried(expression, 0) : null;
      return column !== null && keeps(column);
    };
    return (test, outcome) => {
      const parts = logicalOperands(skipTypeWrappers(test), outcome ? '&&' : '||');
      return parts.some((part) => checks(part)) && parts.every((part) => findsPresent(part, outcome));
    };
  }

  /** `next()` of the middleware `fn` (`async (ctx, next) => { … }`): the call, not a variable of the same name. */
  function handsUpdateOn(call: TSESTree.CallExpression, fn: SqlFlow['node']): boolean {
    const callee = skipTypeWrappers(call.callee);
    if (!isFunction(fn) || !isMiddlewareShape(fn) || callee.type !== AST_NODE_TYPES.Identifier) return false;
    return resolve(callee)?.defs.some((def) => def.name === fn.params[1]) === true;
  }

  /**
   * A claim of its own: an unlocked SELECT of the write's table after statement `after` whose result
   * the code reads a column of that the UPDATE then sets (other than by an increment), or whose
   * result it looks at before an INSERT into that table (an existence check: a duplicate there is a
   * unique key's business, as for {@link isInsertInto}).
   */
  function claimedOnItsOwn(flow: SqlFlow, after: number, write: FlowStatement): boolean {
    const set = new Set(write.statement.assignments.filter((assignment) => assignment.change !== 'increment').map((assignment) => lowercaseWithoutUnderscores(assignment.column)));
    return flow.statements.some((other, index) => {
      if (index <= after || other.call.node.range[1] > write.call.node.range[0] || !isUnlockedRead(other) || !other.statement.tables.includes(write.statement.target!)) return false;
      const reads = readsOfResult(other.call.node, write.call.node, declaredVariables, resolve);
      return write.statement.kind === 'insert' ? reads.used : [...reads.properties].some((property) => set.has(property));
    });
  }

  /**
   * A fill-once pair: the SELECT found no row with `col IS NOT NULL` and the UPDATE sets only such
   * columns, each to a plain variable (`SET ref_code = $1` with `[code, id]`). The names of those
   * variables; empty for any other pair. A second run stores another fresh value in the same
   * empty column and changes nothing else.
   */
  function filledValues(read: FlowStatement, write: FlowStatement): Set<string> {
    const names = new Set<string>();
    if (write.statement.kind !== 'update' || write.statement.assignments.length === 0) return names;
    const provenNull = new Set(
      read.statement.where.flatMap((condition) =>
        condition.type === 'operator' && condition.operator === 'is not null' && condition.args[0]?.type === 'column' ? [condition.args[0].name] : [],
      ),
    );
    for (const assignment of write.statement.assignments) {
      if (!provenNull.has(assignment.column) || assignment.value.type !== 'param') return new Set();
      const argument = paramArgument(write.call, assignment.value.index);
      if (argument?.type !== AST_NODE_TYPES.Identifier) return new Set();
      names.add(argument.name);
    }
    return names;
  }
}

/**
 * Whether the code of `root`'s function awaits, after offset `from`, a call that a second run would
 * repeat (`await issueAccess(…)`, `await payOut(id, u.points)`): not a lookup, a chat reply or a log
 * line, not one that `skip` leaves to the caller (a project function that only talks to the chat,
 * `RaceJudgement.repeatsNothing`), and not in a branch exclusive with `write`. What a check gates
 * beside a blind write.
 */
export function awaitsEffectAfter(root: TSESTree.Node, from: number, write: TSESTree.Node, skip: (node: TSESTree.AwaitExpression) => boolean): boolean {
  let found = false;
  walkSameFunction(
    root,
    (node) => {
      if (found || node.range[1] <= from) return false;
      if (node.type !== AST_NODE_TYPES.AwaitExpression || node.range[0] < from) return;
      const argument = node.argument.type === AST_NODE_TYPES.CallExpression ? settledCall(node.argument) : null;
      if (!argument || isLookupByName(argument) || isChatCall(argument) || skip(node)) return;
      if (!areExclusive(...ordered(node, write))) found = true;
    },
    { enterFunctions: true },
  );
  return found;
}

/**
 * The call a promise chain settles: `ctx.editMessageReplyMarkup(…).catch(() => {})` is the chat call
 * itself (the handler's own awaited calls are walked on their own). Only `.catch` and `.finally`,
 * which pass the value through.
 */
function settledCall(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let current = call;
  for (;;) {
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !/^(catch|finally)$/.test(getPropertyName(callee) ?? '')) return current;
    const inner = skipTypeWrappers(callee.object);
    if (inner.type !== AST_NODE_TYPES.CallExpression) return current;
    current = inner;
  }
}

/**
 * A write as the race pairing sees it: SQLite's `INSERT OR REPLACE` and MySQL's `REPLACE INTO` of
 * one row overwrite the row with the same key, as an UPDATE that sets each listed column to its
 * value (`INSERT OR REPLACE INTO users (id, balance) VALUES (?, ?)` with `u.balance - cost`); any
 * other statement as it is.
 */
function asOverwrite(write: FlowStatement): FlowStatement {
  const { statement } = write;
  if (statement.kind !== 'insert' || statement.mysqlUpsert !== 'replace-into' || statement.values.length === 0) return write;
  const assignments = statement.columns.map((column, index): SqlAssignment => {
    const value = statement.values[index]!;
    return { column, value, change: null, delta: null, location: value.location };
  });
  return { ...write, statement: { ...statement, kind: 'update', assignments } };
}

/** Collections whose methods store values and check none. */
const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** Where the row itself is only tested: `!user`, `rows.length === 0`, `user && …`, `if (row)`. */
const TESTS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/** Whether a reference to a read's result reads a property of a row (`session.refund`, `rows[0].id`, not `rows.length` or `user?.id`): it throws when there is no row. */
function dereferences(reference: TSESTree.Node): boolean {
  let current = reference;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      const name = getPropertyName(parent);
      if (name === null || !(/^\d+$/.test(name) || RESULT_PROPERTIES.has(name.toLowerCase()))) return !parent.optional;
    } else if (parent.type !== AST_NODE_TYPES.ChainExpression && !isTypeWrapper(parent)) {
      return false;
    }
    current = parent;
  }
  return false;
}

/** An `if` whose leaving branches end in `continue` or `break` (`if (expired) { …; continue; }`): it ends an iteration, not the function. */
function endsIterationOnly(exit: TSESTree.Node): boolean {
  if (exit.type !== AST_NODE_TYPES.IfStatement) return false;
  const last = (statement: TSESTree.Statement): TSESTree.Statement =>
    statement.type === AST_NODE_TYPES.BlockStatement && statement.body.length > 0 ? last(statement.body[statement.body.length - 1]!) : statement;
  const leaving = [exit.consequent, exit.alternate].filter((branch): branch is TSESTree.Statement => branch !== null && alwaysExits(branch));
  return leaving.length > 0 && leaving.every((branch) => {
    const end = last(branch);
    return end.type === AST_NODE_TYPES.ContinueStatement || end.type === AST_NODE_TYPES.BreakStatement;
  });
}

/**
 * The expression that decides whether `child` of `parent` runs: the test of an `if`, `?:` or loop
 * whose branch or body it is, the left side of `&&` / `||` / `??` it is the right side of, a
 * `switch`'s discriminant, a `for … of` / `for … in` collection.
 */
function controlOf(parent: TSESTree.Node, child: TSESTree.Node): TSESTree.Node | null {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === child ? null : parent.test;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return parent.body === child ? parent.test : null;
    case AST_NODE_TYPES.ForStatement:
      return parent.body === child ? parent.test : null;
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return parent.body === child ? parent.right : null;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.right === child ? parent.left : null;
    case AST_NODE_TYPES.SwitchCase:
      return parent.parent.discriminant;
    default:
      return null;
  }
}

/**
 * What the test {@link controlOf} gives for `parent` gives where `child` runs: true in an `if`'s or
 * `?:`'s consequent, a loop's body, the right side of `&&`; false in the alternate and on the right
 * of `||`. Null where no one outcome holds (`??`, a `switch`, a `for … of` collection).
 */
function outcomeFor(parent: TSESTree.Node, child: TSESTree.Node): boolean | null {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.consequent === child ? true : parent.alternate === child ? false : null;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
      return parent.body === child ? true : null;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.right !== child ? null : parent.operator === '&&' ? true : parent.operator === '||' ? false : null;
    default:
      return null;
  }
}

/** `null`, `undefined`, `false`, `0`, `''`: a value that is no value where a test asks whether one is there. */
function isFalsyLiteral(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (isIdentifierNamed(value, 'undefined')) return true;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.length === 0 && value.quasis.every((quasi) => quasi.value.cooked === '');
  return value.type === AST_NODE_TYPES.Literal && !('regex' in value && value.regex) && !value.value;
}

/**
 * Whether a value an UPDATE assigns is there after the write whatever the read found: a literal that
 * is neither NULL nor falsy (`'blocked'`, `true`), a clock (`now()`), or a parameter bound to a value
 * not taken from the read and not written as an empty one (`action`, not `previous + '!'`, `null`, `''`).
 */
function presentValue(write: FlowStatement, value: SqlExpr, fromRead: (node: TSESTree.Node) => boolean): boolean {
  switch (value.type) {
    case 'literal':
      return Boolean(value.value);
    case 'param': {
      const argument = paramArgument(write.call, value.index);
      return argument !== null && !fromRead(argument) && !isFalsyLiteral(argument);
    }
    case 'function':
      return isClockValue(value);
    default:
      return false;
  }
}

/** Whether `node` comes after the statement holding `earlier`, in the same block. */
function followsInBlock(earlier: TSESTree.Node, node: TSESTree.Node): boolean {
  let statement: TSESTree.Node = earlier;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement && statement.parent.type !== AST_NODE_TYPES.Program) statement = statement.parent;
  const block = statement.parent;
  return block !== undefined && node.range[0] >= statement.range[1] && node.range[1] <= block.range[1];
}

/**
 * Awaited calls that repeat nothing harmful: lookups and logs. A name test, not the effects model's
 * proof (`codeOnlyReads`): the callee here is often a helper the model cannot resolve (`await
 * getProviderStatus(id)` of an SDK), which the model calls unknown, so may write. Chat calls are
 * matched by their Bot API names ({@link isChatCall}), not by a prefix: `sendPayout(…)` and
 * `editBalance(…)` move money.
 */
const HARMLESS_CALL = /^(get|fetch|find|load|read|check|is|has|count|list|verify|validate|log|info|warn|error|debug)(?![a-z])/;

/**
 * A call {@link HARMLESS_CALL} names for a lookup or a log. The global `fetch` is no lookup by its
 * name: given options (`fetch(url, { method: 'POST', … })`) it may send a payment or a refund to a
 * provider, and is left to the caller's judgement of what it requests.
 */
function isLookupByName(call: TSESTree.CallExpression): boolean {
  if (isIdentifierNamed(skipTypeWrappers(call.callee), 'fetch') && call.arguments.length > 1) return false;
  return HARMLESS_CALL.test(getCalleeName(call) ?? '');
}

/**
 * Calls named for a removal (`removeChunksFor`, `deleteSession`, `clearCache`, a storage SDK's
 * `uploader.destroy(publicId)`, Redis's `del(key)`, the Bot API's `revokeChatInviteLink(chatId, link)`):
 * repeated, they remove nothing more.
 */
const REMOVAL_CALL = /^(remove|delete|del|destroy|clear|purge|drop|unlink|revoke)(?![a-z])/;

/**
 * A schema migration's step: the `up`/`down` method of a class that `implements MigrationInterface`
 * (TypeORM). The migration CLI runs it once, alone and in its own transaction: no concurrent request.
 */
function isMigrationStep(node: SqlFlow['node']): boolean {
  const method = node.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.key.type !== AST_NODE_TYPES.Identifier || !/^(up|down)$/.test(method.key.name)) return false;
  const classNode = method.parent.parent;
  if (classNode?.type !== AST_NODE_TYPES.ClassDeclaration && classNode?.type !== AST_NODE_TYPES.ClassExpression) return false;
  return classNode.implements.some(
    (clause) => clause.expression.type === AST_NODE_TYPES.Identifier && clause.expression.name === 'MigrationInterface',
  );
}

/** The outermost expression of a call chain and its `await`: `db.prepare(…)` → `await db.prepare(…).bind(…).run()`. */
function chainTop(node: TSESTree.Node): TSESTree.Node {
  let top = node;
  for (;;) {
    const parent = top.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === top) top = parent;
    else if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === top) top = parent;
    else if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ChainExpression) top = parent;
    else return top;
  }
}

function ordered(a: TSESTree.Node, b: TSESTree.Node): [TSESTree.Node, TSESTree.Node] {
  return a.range[0] <= b.range[0] ? [a, b] : [b, a];
}

/**
 * Whether a reference to a read's result only reads a key column of the row (`exec.rows[0].id`,
 * `user?.telegram_id`, a key by `isKey`): the row's name, not what it holds. The last property read
 * is matched to the SELECT's output (`SELECT code AS id` gives a `code`, no key); anything else —
 * the row handed on whole, a call on the value — reads more.
 */
function readsOnlyKey(reference: TSESTree.Node, select: SqlStatement, isKey: (column: string) => boolean): boolean {
  let current = reference;
  let last: string | null = null;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      // An index (`rows[0]`) picks a row, not a column.
      const index = parent.computed && parent.property.type === AST_NODE_TYPES.Literal && typeof parent.property.value === 'number';
      if (!index) last = getPropertyName(parent);
      if (!index && last === null) return false;
    } else if (parent.type !== AST_NODE_TYPES.ChainExpression && !isTypeWrapper(parent)) {
      break;
    }
    current = parent;
  }
  if (last === null) return false;
  const target = select.targets.find((candidate) => lowercaseWithoutUnderscores(candidate.name) === lowercaseWithoutUnderscores(last));
  const column = target ? target.column : select.columns.includes('*') ? last : null;
  return column !== null && isKey(column);
}

/**
 * Whether a value is only tested where it is read: through member reads, `!`, comparisons and `&&` /
 * `||`, it ends in the test of an `if`, a `?:` or a loop (`if (poll.message_id)`, `if (row.kind === 'vip')`),
 * not in a value handed on (`return row.code`, `ctx.reply(row.code)`, `const code = row.code || ''`).
 */
function onlyTested(node: TSESTree.Node): boolean {
  return valueEndsIn(
    node,
    (parent) => TEST_CARRIERS.has(parent.type),
    (parent, child) => BRANCH_TESTS.has(parent.type) && (parent as TSESTree.IfStatement).test === child,
  );
}

/** What carries a value into a log call's arguments (see `onlyLogged`; object properties by value too). */
const LOG_CARRIERS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.SpreadElement,
]);
/** What carries a value into a test (see `onlyTested`). */
const TEST_CARRIERS: ReadonlySet<AST_NODE_TYPES> = new Set([AST_NODE_TYPES.UnaryExpression, AST_NODE_TYPES.BinaryExpression, AST_NODE_TYPES.LogicalExpression]);
/** Statements and expressions whose `test` decides a branch or a loop. */
const BRANCH_TESTS: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/** Whether a node is, or contains, an identifier holding the read's result (or a value derived from it). */
function holdsRead(reads: ResultReads, node: TSESTree.Node): boolean {
  return reads.references.some((reference) => reference.range[0] >= node.range[0] && reference.range[1] <= node.range[1]);
}

/** `column = $n` where `$n` is bound to a value read from the row and the UPDATE leaves the column alone: it picks the row by what was read, like a key. */
function isEqualityOnReadValue(guard: SqlExpr, write: FlowStatement, fromRead: (node: TSESTree.Node) => boolean): boolean {
  if (guard.type !== 'operator' || guard.operator !== '=' || guard.args.length !== 2) return false;
  const param = guard.args.find((arg) => arg.type === 'param');
  const column = guard.args.find((arg) => arg.type === 'column');
  if (param?.type !== 'param' || column?.type !== 'column') return false;
  // Compare-and-set: the UPDATE changes the column it compares (`SET version = version + 1 … AND version = $3`).
  if (comparesAndSets([column.name], write.statement.assignments.map((assignment) => assignment.column))) return false;
  const argument = paramArgument(write.call, param.index);
  return argument !== null && fromRead(argument);
}

function isUnlockedRead({ statement, transaction }: FlowStatement): boolean {
  return (
    statement.kind === 'select' &&
    statement.parsed &&
    statement.lock === null &&
    !statement.aggregate &&
    statement.tables.length > 0 &&
    !isWrite(statement) &&
    !isSafe(transaction)
  );
}

function isSafe(transaction: TransactionScope | null): boolean {
  return transaction !== null && transaction.effective && transaction.isolation !== null && SAFE_ISOLATION.has(transaction.isolation);
}

/**
 * An INSERT into the table the SELECT read (`DELETE` the old row by its id, then `INSERT` the new
 * one): two runs may both insert, a duplicate that a row lock cannot stop (there is no row yet to
 * lock); a unique key does, and `require-on-conflict` speaks of it. It is no effect the check gates.
 */
function isInsertInto(other: FlowStatement, read: FlowStatement): boolean {
  return other.statement.kind === 'insert' && other.statement.target !== null && read.statement.tables.includes(other.statement.target);
}

/**
 * An INSERT into a table that a DELETE after the read cleared first (`DELETE FROM embeddings WHERE
 * chunk_id = ANY(…)` of the chunks listed, then `INSERT INTO embeddings …` of the new ones): a
 * replacement of rows, as {@link isInsertInto} is for the read's own table. Two runs may both
 * insert — a unique key's business, not a row lock's — and no amount moves.
 */
function replacesDeleted(flow: SqlFlow, read: FlowStatement, other: FlowStatement): boolean {
  const { statement } = other;
  if (statement.kind !== 'insert' || statement.target === null) return false;
  return flow.statements.some(
    (earlier) =>
      earlier.statement.kind === 'delete' &&
      earlier.statement.target === statement.target &&
      earlier.call.node.range[0] > read.call.node.range[1] &&
      earlier.call.node.range[1] <= other.call.node.range[0],
  );
}

/**
 * What the statements so far of one transaction lock: everything (an advisory lock, `LOCK TABLE`),
 * these tables (`SELECT … FOR UPDATE`), or these rows (an UPDATE or DELETE by key, see `rowOf`).
 */
interface TransactionLocks {
  all: boolean;
  tables: Set<string>;
  rows: Set<string>;
}

/**
 * Adds what a statement locks to its transaction's locks. An UPDATE or DELETE takes the write lock
 * of the rows it changes until the transaction ends (PostgreSQL, MySQL/InnoDB), as `FOR UPDATE`
 * does; not on SQLite, which has no row locks, and not outside a transaction (autocommit releases
 * the lock at once).
 */
function addLocks(locks: Map<TransactionScope, TransactionLocks>, earlier: FlowStatement, row: string | null): void {
  if (!earlier.transaction) return;
  const all = /\bpg_(try_)?advisory_(xact_)?lock/i.test(earlier.call.sql.text) || (earlier.statement.kind === 'other' && /^\s*lock\b/i.test(earlier.call.sql.text.slice(...earlier.statement.range)));
  const tables = earlier.statement.lock === null ? [] : earlier.statement.tables;
  const locksRow = row !== null && (earlier.statement.kind === 'update' || earlier.statement.kind === 'delete') && earlier.transaction.effective && earlier.call.dialect !== 'sqlite';
  if (!all && tables.length === 0 && !locksRow) return;
  const entry = locks.get(earlier.transaction) ?? { all: false, tables: new Set<string>(), rows: new Set<string>() };
  entry.all ||= all;
  for (const table of tables) entry.tables.add(table);
  if (locksRow) entry.rows.add(row);
  locks.set(earlier.transaction, entry);
}

/** An earlier statement of the same transaction already locks the table or the very row (by the same keys), or takes an advisory lock. */
function protectedBy(locks: ReadonlyMap<TransactionScope, TransactionLocks>, read: FlowStatement, row: string | null): boolean {
  if (!read.transaction?.effective) return false;
  const entry = locks.get(read.transaction);
  return entry !== undefined && (entry.all || read.statement.tables.some((table) => entry.tables.has(table)) || (row !== null && read.call.dialect !== 'sqlite' && entry.rows.has(row)));
}

const UNKNOWN_COLUMN = /^__(hole|ident)\d+$/;
/** Properties of a driver's result object, not columns. */
const RESULT_PROPERTIES = new Set(['rows', 'rowcount', 'length', 'affectedrows', 'changes', 'fields']);

/**
 * A DELETE, or an UPDATE that a second run repeats with the same result: it sets every column it changes to a
 * value not taken from the read or the row (a literal, a clock, a parameter of other origin) and
 * adds to nothing (`SET last_login_at = CURRENT_TIMESTAMP, failed_attempts = 0`). It is no effect a check
 * gates: whether one run or two pass the check, the row ends the same.
 */
function isRepeatable(other: FlowStatement, fromRead: (node: TSESTree.Node) => boolean): boolean {
  const { statement } = other;
  if (!statement.parsed || other.call.statements.length !== 1) return false;
  // A DELETE (of the rows a listing read found, by key): a second run finds nothing more to delete.
  if (statement.kind === 'delete') return true;
  if (statement.kind !== 'update' || statement.assignments.length === 0) return false;
  return statement.assignments.every(
    (assignment) => assignment.change === null && !UNKNOWN_COLUMN.test(assignment.column) && columnsOf(assignment.value).length === 0 && isBlindValue(other, assignment.value, fromRead),
  );
}

/** Whether a value the UPDATE assigns is independent of what the code read (a literal, `now()`, a parameter not taken from the row). */
function isBlindValue(write: FlowStatement, value: SqlExpr, fromRead: (node: TSESTree.Node) => boolean): boolean {
  switch (value.type) {
    case 'literal':
    case 'column':
      return true;
    case 'param': {
      const argument = paramArgument(write.call, value.index);
      return argument !== null && !fromRead(argument);
    }
    case 'function':
    case 'operator':
      return value.args.every((arg) => isBlindValue(write, arg, fromRead));
    case 'other':
      return value.columns.length === 0;
    default:
      return false;
  }
}

/**
 * The assignments of the write that depend on what the code read: the UPDATE sets (other than by
 * an increment, which applies to the current value and loses nothing) a column that the SELECT
 * filtered on (a claim: `WHERE used = false` … `SET used = true`) or that the code read from the
 * result (`user.balance`, `const { status } = row`). A DELETE depends on the read when the code read
 * some column (then the list is empty); null when the write does not depend on the read.
 */
function dependentAssignments(select: SqlStatement, write: SqlStatement, properties: ReadonlySet<string>, isKey: (column: string) => boolean): SqlAssignment[] | null {
  const star = select.columns.includes('*');
  const readColumns = new Set<string>();
  for (const property of properties) {
    if (RESULT_PROPERTIES.has(property) || /^\d+$/.test(property)) continue;
    const target = select.targets.find((t) => lowercaseWithoutUnderscores(t.name) === property);
    if (target?.column) readColumns.add(lowercaseWithoutUnderscores(target.column));
    else if (star) readColumns.add(property);
  }
  if (write.kind === 'delete') return readColumns.size > 0 ? [] : null;
  const filtered = new Set(stateColumnsOfTable(select, write.target, isKey).map(lowercaseWithoutUnderscores));
  const dependent = write.assignments.filter(
    (assignment) =>
      assignment.change !== 'increment' &&
      !UNKNOWN_COLUMN.test(assignment.column) &&
      (filtered.has(lowercaseWithoutUnderscores(assignment.column)) || readColumns.has(lowercaseWithoutUnderscores(assignment.column))),
  );
  return dependent.length > 0 ? dependent : null;
}
