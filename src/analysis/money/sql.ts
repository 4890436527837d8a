import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isHoldColumn, snakeCaseColumn } from './columns.js';
import { keepsLocks, releasesClaimedHold } from './held.js';
import { awaitedCallbackCall, constInitializer, enclosingFunction, getPropertyName, isPropertyName, isTypeWrapper, objectLiteralMethodOfThis, patternNames, sameAmount, skipTypeWrappers, someInSameFunction, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { canSuspendOnPathBetween, namesComparedInFile, type FunctionFacts } from '../flow/index.js';
import { catchesUniqueViolation } from '../orm/index.js';
import { calledFunction, projectFunctionsNamed, type FileRef } from '../summaries/index.js';
import {
  columnsOf,
  getSqlModel,
  insertValueItems,
  isInsertSelectWhereNotExists,
  isSynchronousSqlite,
  paramArgument,
  runsSynchronously,
  sourceRange,
  writesOf,
  type FlowStatement, type SqlAssignment, type SqlCall, type SqlExpr, type SqlModel, type SqlStatement } from '../sql/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A decrement written in raw SQL: `SET c = c - <expr>` (or `c = c + (-x)`). */
export interface SqlDecrement {
  call: SqlCall;
  statement: SqlStatement;
  assignment: SqlAssignment;
  /** The assigned column as written in the SQL text. */
  column: string;
  /** Source range of the assigned column in the SET clause. */
  range: [number, number];
  guarded: boolean;
  /** A ready-made edit of the literal: `AND c >= $1` appended to the WHERE, when it can be written. */
  suggestion: { at: number; text: string; guard: string } | null;
  /** The other columns the same UPDATE raises by the very same amount (`bank` of `SET wallet = wallet - $1, bank = bank + $1`). */
  credited: string[];
}

/** An INSERT written in raw SQL. */
export interface SqlInsert {
  call: SqlCall;
  statement: SqlStatement;
  /** Source range of the `INSERT` keyword. */
  range: [number, number];
  table: string | null;
  /** The column list folded to lower case, as {@link valueOf} takes it. */
  columns: string[];
  /** The same list as the database sees it (a quoted `"chargeId"` keeps its case): for judging names and naming them. */
  writtenColumns: string[];
  /** ON CONFLICT / MySQL upsert or ignore / INSERT … SELECT … WHERE NOT EXISTS / a unique violation caught / a locking read first. */
  handled: boolean;
  /** The source expression inserted into a column (a parameter or a template hole), when it can be told. */
  valueOf(column: string): TSESTree.Node | null;
  /**
   * A column the function looked the row up by before inserting, through a marker built from a value
   * (`SELECT … WHERE description = 'Transaction: ' || $1`): the code's own idempotency key; null when none.
   */
  lookedUpBy: string | null;
}

const COMPARISONS_UP = new Set(['>=', '>']);
const COMPARISONS_DOWN = new Set(['<=', '<']);

/** Every raw-SQL decrement in the file. */
export function findSqlDecrements(sourceCode: SourceCode, facts: FunctionFacts): SqlDecrement[] {
  const model = getSqlModel(sourceCode);
  const found: SqlDecrement[] = [];
  for (const flow of model.flows) {
    const locked = lockedEarlier(flow.statements);
    flow.statements.forEach((entry, index) => {
      for (const write of writesOf(entry.statement)) {
        if (write.kind !== 'update' || !write.parsed) continue;
        for (const assignment of write.assignments) {
          if (!isDecrement(assignment)) continue;
          const column = assignment.column;
          // The engine lower-cases names; the text keeps the words of `balanceForWithdrawal`.
          const spelled = entry.call.sql.text.slice(assignment.location, assignment.location + column.length);
          const guarded =
            write.where.some((expr) => guardsColumn(expr, column)) ||
            (write.target !== null && locked[index]!.has(write.target)) ||
            (write.returning && isResultCompared(entry.call, column, sourceCode, facts)) ||
            // The hold of an event claimed once in this transaction, released by the event's own amount.
            (isHoldColumn(spelled) && releasesClaimedHold(flow, index, write, assignment, sourceCode));
          found.push({
            call: entry.call,
            statement: write,
            assignment,
            column: spelled.toLowerCase() === column ? spelled : column,
            range: sourceRange(entry.call, [assignment.location, assignment.location + column.length]),
            guarded,
            suggestion: guardSuggestion(entry.call, write, assignment),
            credited: write.assignments.filter((other) => other !== assignment && other.change === 'increment' && sameSqlAmount(entry.call, other.delta, assignment.delta)).map((other) => other.column),
          });
        }
      }
    });
  }
  return found;
}

/**
 * Two amounts of one statement that are one value: the same parameter (`$1` twice), the same literal,
 * or parameters filled by the same name (`?, ?` given `[amount, amount, id]`, `${amount}` twice).
 */
function sameSqlAmount(call: SqlCall, a: SqlExpr | null, b: SqlExpr | null): boolean {
  if (!a || !b) return false;
  if (a.type === 'literal' && b.type === 'literal') return a.value !== null && a.value === b.value;
  if (a.type !== 'param' || b.type !== 'param') return false;
  if (a.index === b.index) return true;
  const left = paramArgument(call, a.index);
  const right = paramArgument(call, b.index);
  return left !== null && right !== null && sameAmount(left, right);
}

/** Every raw-SQL INSERT in the file. */
export function findSqlInserts(sourceCode: SourceCode, facts: FunctionFacts): SqlInsert[] {
  const model = getSqlModel(sourceCode);
  const found: SqlInsert[] = [];
  for (const flow of model.flows) {
    const locked = lockedEarlier(flow.statements);
    const markers = markerLookups(flow.statements, sourceCode);
    flow.statements.forEach((entry, index) => {
      for (const write of writesOf(entry.statement)) {
        // A statement the grammar rejected (SQLite's `INSERT OR IGNORE`, fragments): absence of a
        // clause proves nothing there.
        if (write.kind !== 'insert' || !write.parsed) continue;
        const text = entry.call.sql.text.slice(write.range[0], write.range[1]);
        const handled =
          write.onConflict !== null ||
          write.mysqlUpsert !== null ||
          isInsertSelectWhereNotExists(text) ||
          // Any locked row (the order, the user) serialises the path that inserts.
          locked[index]!.size > 0 ||
          catchesUniqueViolation(entry.call.node, [], sourceCode, facts);
        found.push({
          call: entry.call,
          statement: write,
          range: sourceRange(entry.call, [write.range[0], write.range[0] + 'insert'.length]),
          table: write.target,
          columns: write.columns,
          writtenColumns: write.writtenColumns,
          handled,
          valueOf: (column) => insertedValue(entry.call, write, text, column),
          lookedUpBy: markerLookup(markers, index, write),
        });
      }
    });
  }
  return found;
}

/** A SELECT's condition `column = <marker>` (see `isMarker`): which statement of the flow, its tables, the column. */
interface MarkerLookup {
  readonly index: number;
  readonly tables: readonly string[];
  readonly column: string;
}

/**
 * The marker lookups of a flow's SELECTs, in statement order and condition order: found in one pass,
 * so an INSERT asks only about them instead of scanning every statement before it again.
 */
function markerLookups(statements: readonly FlowStatement[], sourceCode: SourceCode): MarkerLookup[] {
  const found: MarkerLookup[] = [];
  statements.forEach(({ call, statement }, index) => {
    if (statement.kind !== 'select') return;
    for (const condition of statement.where) {
      if (condition.type !== 'operator' || condition.operator !== '=' || condition.args.length !== 2) continue;
      const [left, right] = condition.args as [SqlExpr, SqlExpr];
      const column = left.type === 'column' ? left : right.type === 'column' ? right : null;
      const marker = column === left ? right : left;
      if (column && (isMarker(marker) || (marker.type === 'param' && isMarkerValue(paramArgument(call, marker.index), sourceCode)))) {
        found.push({ index, tables: statement.tables, column: column.name });
      }
    }
  });
  return found;
}

/**
 * A parameter whose value the code builds as a marker: a text literal joined with a value
 * (`'Transaction: ' + txId`, `` `tx:${id}` ``), inline or through a `const` of the file.
 */
function isMarkerValue(node: TSESTree.Node | null, sourceCode: SourceCode): boolean {
  let value = node && skipTypeWrappers(node);
  if (value?.type === AST_NODE_TYPES.Identifier) value = constInitializer(value, sourceCode);
  if (!value) return false;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    return value.expressions.length > 0 && value.quasis.some((quasi) => quasi.value.cooked?.trim());
  }
  if (value.type !== AST_NODE_TYPES.BinaryExpression || value.operator !== '+') return false;
  const parts: TSESTree.Node[] = [];
  const flatten = (part: TSESTree.Node): void => {
    if (part.type === AST_NODE_TYPES.BinaryExpression && part.operator === '+') {
      flatten(part.left);
      flatten(part.right);
    } else parts.push(part);
  };
  flatten(value);
  const isText = (part: TSESTree.Node) => part.type === AST_NODE_TYPES.Literal && typeof part.value === 'string' && part.value.trim() !== '';
  return parts.some(isText) && parts.some((part) => part.type !== AST_NODE_TYPES.Literal);
}

/** How many marker lookups INSERTs were compared with (a work count for tests: it grows with the lookups, not with the statements). */
export const markerWork = { compared: 0 };

/**
 * The column of `insert` (the flow's statement `index`) that an earlier SELECT of the same table
 * looked for by a text marker built from a value (`WHERE description = 'Transaction: ' || $1`,
 * `concat('tx:', $1)`): a duplicate check kept in a text column.
 */
function markerLookup(lookups: readonly MarkerLookup[], index: number, insert: SqlStatement): string | null {
  if (insert.target === null) return null;
  for (const lookup of lookups) {
    if (lookup.index >= index) break;
    markerWork.compared++;
    if (lookup.tables.includes(insert.target) && insert.columns.includes(lookup.column)) return lookup.column;
  }
  return null;
}

/** `'prefix' || $1`, `concat('prefix', $1)`: a literal and a parameter joined into one text. */
function isMarker(expr: SqlExpr): boolean {
  const parts = expr.type === 'operator' && expr.operator === '||' ? expr.args : expr.type === 'function' && expr.name === 'concat' ? expr.args : null;
  return parts !== null && parts.some((part) => part.type === 'literal') && parts.some((part) => part.type === 'param');
}

/** `c = c - x` with x not a literal ≤ 0; `c = c + (-x)`. */
function isDecrement(assignment: SqlAssignment): boolean {
  const delta = assignment.delta;
  if (assignment.change === 'decrement') {
    return !(delta?.type === 'literal' && (typeof delta.value !== 'number' || delta.value <= 0));
  }
  if (assignment.change === 'increment') {
    if (delta?.type === 'operator' && delta.operator === '-' && delta.args.length === 1) return true;
    return delta?.type === 'literal' && typeof delta.value === 'number' && delta.value < 0;
  }
  return false;
}

/** A WHERE conjunct that bounds the column from below: `c >= x`, `c > 0`, `x <= c`, `c - x >= 0`, also inside AND. */
function guardsColumn(expr: SqlExpr, column: string): boolean {
  if (expr.type === 'bool') return expr.operator === 'and' && expr.args.some((arg) => guardsColumn(arg, column));
  if (expr.type === 'operator' && expr.args.length === 2) {
    const [left, right] = expr.args as [SqlExpr, SqlExpr];
    if (COMPARISONS_UP.has(expr.operator)) return columnsOf(left).includes(column);
    if (COMPARISONS_DOWN.has(expr.operator)) return columnsOf(right).includes(column);
  }
  return false;
}

/**
 * An earlier `SELECT … FOR UPDATE` in an effective transaction (or on a connection that is not
 * provably a pool), on the same transaction or the same connection, of the table the statement
 * writes: the balance row is serialised by a row lock held until the end of the transaction, so a
 * check in JavaScript between the two is sound. Locks count per table: a lock on `orders` does not
 * stop two different orders from debiting the same `users` row. The same connection counts too,
 * because a `ROLLBACK` in an early-return branch ends the engine's linear transaction scope.
 * Per statement: the tables locked before it.
 */
function lockedEarlier(statements: FlowStatement[]): ReadonlySet<string>[] {
  // One pass: the tables that an earlier qualifying lock covers, per transaction and per connection.
  const byTransaction = new Map<NonNullable<FlowStatement['transaction']>, Set<string>>();
  const byConnection = new Map<NonNullable<SqlCall['connection']['variable']>, Set<string>>();
  const add = <K>(map: Map<K, Set<string>>, key: K, tables: readonly string[]) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    for (const table of tables) set.add(table);
  };
  return statements.map((current) => {
    const connection = current.call.connection.variable;
    const locked = new Set<string>([
      ...((current.transaction !== null && byTransaction.get(current.transaction)) || []),
      ...((connection !== null && byConnection.get(connection)) || []),
    ]);
    if (current.statement.kind === 'select' && current.statement.lock !== null) {
      // A lock through a pool in autocommit protects nothing (require-transaction reports it).
      if (keepsLocks(current)) {
        if (current.transaction !== null) add(byTransaction, current.transaction, current.statement.tables);
        if (connection !== null) add(byConnection, connection, current.statement.tables);
      }
    }
    return locked;
  });
}

/** `UPDATE … RETURNING balance` and a comparison of `….balance` later in the function (then rolled back). */
function isResultCompared(call: SqlCall, column: string, sourceCode: SourceCode, facts: FunctionFacts): boolean {
  // One walk per function (memoised), not one per statement.
  const last = facts.index(sourceCode.getScope(call.node).variableScope.block).lastComparison.get(snakeCaseColumn(column));
  return last !== undefined && last > call.node.range[1];
}

/**
 * Whether the file compares `column` anywhere (read once per file): most decrements are compared
 * nowhere in their file, and {@link comparedBefore} then needs no index of their function.
 */
export function comparedInFile(column: string, sourceCode: SourceCode): boolean {
  return namesComparedInFile(sourceCode.ast).has(snakeCaseColumn(column));
}

/**
 * Whether the function around `node` compares `column` (`user.balance < price`, `balance >= cost`)
 * before `node`: the code checked the value it then decrements.
 */
export function comparedBefore(node: TSESTree.Node, column: string, sourceCode: SourceCode, facts: FunctionFacts): boolean {
  const name = snakeCaseColumn(column);
  if (!comparedInFile(column, sourceCode)) return false;
  const first = facts.index(sourceCode.getScope(node).variableScope.block).firstComparison.get(name);
  return first !== undefined && first < node.range[0];
}

/**
 * {@link comparedBefore}, or, for a write in an inline callback of an awaited call (`await
 * prisma.$transaction(async (tx) => { … })`, see {@link awaitedCallbackCall}), compared before that
 * call in the function around it (up to {@link MAX_CALLBACK_DEPTH} callbacks out): that function waits
 * for the write, so in one run the check still comes first.
 */
export function comparedBeforeAwaited(node: TSESTree.Node, column: string, sourceCode: SourceCode, facts: FunctionFacts): boolean {
  let at = node;
  for (let depth = 0; depth <= MAX_CALLBACK_DEPTH; depth++) {
    if (comparedBefore(at, column, sourceCode, facts)) return true;
    const fn = enclosingFunction(at);
    const call = fn && awaitedCallbackCall(fn);
    if (!call) return false;
    at = call;
  }
  return false;
}

const MAX_CALLBACK_DEPTH = 2;

/**
 * A decrement that SELECTs the written table before it (itself, or through a synchronous function it
 * calls: one of this file, a method of its own object literal or class by `this.get(id)`, one a
 * project file exports, or on a synchronous SQLite project the one function of the package named
 * after the table, `client.db.getInventory(…)`; see {@link readerOf}) and compares in between the column or a
 * value made of the read ({@link valuesOfReads}: `else money = row['money']`),
 * all in one synchronous stretch no second update of the process can interleave: in a synchronous
 * function (not `async`, not a generator: nothing else of the process runs until it returns), where
 * the read returned its rows at once (better-sqlite3, `node:sqlite`, sql.js; an async driver's rows
 * come in a callback or a promise, another function), as in `db.transaction(() => { … })()`; or in an
 * `async` function where the read and the write run on a synchronous SQLite driver ({@link runsSynchronously}:
 * the file's, better-sqlite3, `node:sqlite`, `bun:sqlite`, or the better-sqlite3 handle both run on in a
 * package that lists `sqlite3` too) with no `await` from the read to the write on the paths that reach it.
 */
export function checkedInOneStretch(decrement: SqlDecrement, sourceCode: SourceCode, facts: FunctionFacts, filename: string): boolean {
  const fn = enclosingFunction(decrement.call.node);
  const table = decrement.statement.target;
  const file = { sourceCode, filename };
  if (!fn || fn.generator || table === null) return false;
  // In an `async` function: a statement that has run when its call returns, the write's and the read's.
  const synchronous = (call: SqlCall, where: FileRef) => !fn.async || runsSynchronously(call, where);
  if (!synchronous(decrement.call, file)) return false;
  const write = decrement.call.node;
  const before = write.range[0];
  // In an `async` function: no `await` from the read (its own included) to the write, on the paths
  // that reach it (one in an early answer that returns does not count).
  const together = (read: TSESTree.Node) => !fn.async || !canSuspendOnPathBetween(fn, read, write);
  // The SELECTs of the table in `inner` itself (not in a callback of it), before `end`.
  const ownSelects = (inner: TSESTree.Node, where: FileRef, end: number): TSESTree.Node[] =>
    (selectsByFunction(where.sourceCode).get(inner) ?? []).flatMap(({ call, statement }) => {
      stretchWork.selectsCompared++;
      return statement.tables.includes(table) && call.node.range[1] < end && synchronous(call, where) && (inner !== fn || together(call.node)) ? [call.node] : [];
    });
  const reads = ownSelects(fn, file, before);
  // Or a synchronous function that does (`const current = getBalance(id);`, `const user = this.get(id);`).
  walkSameFunction(fn.body ?? fn, (node) => {
    if (reads.length > 0 || node.type !== AST_NODE_TYPES.CallExpression || node.range[1] >= before) return;
    const called = readerOf(node, file, table);
    if (called !== null && !called.fn.async && !called.fn.generator && together(node) && ownSelects(called.fn, called.file, Infinity).length > 0) reads.push(node);
  });
  // The column, or a value of the read (`let row = stmt.get(id); … money = row['money']; if (money < amount) …`), is compared.
  return reads.length > 0 && [...valuesOfReads(fn, reads, write, decrement.column)].some((name) => comparedBefore(write, name, sourceCode, facts));
}

/**
 * The function a call before a decrement runs, to look for its SELECT: a method of the same object
 * literal (`this.get(id)` in `{ get(id) {…}, debit(id, amount) {…} }`), or what {@link calledFunction}
 * proves (a function of this file, `this.m()` of a class, a function or object a project file exports).
 */
function readerOf(call: TSESTree.CallExpression, file: FileRef, table: string): { fn: FunctionNode; file: FileRef } | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return calledFunction(call, file);
  const sibling = objectLiteralMethodOfThis(callee, file.sourceCode);
  return sibling ? { fn: sibling, file } : (calledFunction(call, file) ?? onlyReaderNamed(callee, file, table));
}

/**
 * `client.db.getInventory(…)` on a receiver no proof reaches (a handler's parameter), in a project
 * whose database is a synchronous SQLite driver: the one function the project declares under that
 * name, when the name speaks of the written table (`getInventory` for `inventory`, `getUser` for
 * `users`) and that function's file is on the synchronous driver too. A name any object may have
 * (`get`, `find`) never names a table, so a cache's `get` is not taken for the project's getter.
 */
function onlyReaderNamed(callee: TSESTree.MemberExpression, file: FileRef, table: string): { fn: FunctionNode; file: FileRef } | null {
  const name = getPropertyName(callee);
  const stem = table.toLowerCase().replace(/_/g, '').replace(/ies$/, 'y').replace(/s$/, '');
  if (name === null || stem.length < 3 || !name.toLowerCase().includes(stem)) return null;
  if (!isSynchronousSqlite(file.sourceCode, file.filename)) return null;
  const candidates = projectFunctionsNamed(file.filename, name);
  const only = candidates?.length === 1 ? candidates[0]! : null;
  return only && isSynchronousSqlite(only.file.sourceCode, only.file.filename) ? only : null;
}

/**
 * Whether the function around the decrement SELECTs the written table itself before it (a read in a
 * callback of it, or before the function, does not count) and compares, before it, a value of that read: the column by name, or a `const` holding the result or a value
 * made of it (`const result = db.exec('SELECT points …'); const current = Number(result[0].values[0][0]);
 * if (current < cost) return;`). Asked where nothing else runs between the read and the write (an
 * in-process lock's callback), so any check of the read stops the overdraft.
 */
export function readComparedBefore(decrement: SqlDecrement, sourceCode: SourceCode, facts: FunctionFacts): boolean {
  const fn = enclosingFunction(decrement.call.node);
  const table = decrement.statement.target;
  const write = decrement.call.node;
  if (!fn?.body || table === null) return false;
  const reads = (selectsByFunction(sourceCode).get(fn) ?? []).filter(({ call, statement }) => statement.tables.includes(table) && call.node.range[1] < write.range[0]);
  if (reads.length === 0) return false;
  return [...valuesOfReads(fn, reads.map(({ call }) => call.node), write, decrement.column)].some((name) => comparedBefore(write, name, sourceCode, facts));
}

/**
 * The names of `fn` that hold, before `write`, the column or a value of one of `reads`: what a read's
 * result is bound to (`const rows = db.exec(…)`, `let row = stmt.get(id)`, `row = stmt.get(id)`), and
 * every name a declaration or a plain `=` before the write gives a value made of those
 * (`const current = Number(rows[0].values[0][0])`, `else money = row['money']`), until none is added.
 */
function valuesOfReads(fn: FunctionNode, reads: readonly TSESTree.Node[], write: TSESTree.Node, column: string): Set<string> {
  const names = new Set<string>([column]);
  for (const read of reads) {
    let top: TSESTree.Node = read;
    while (top.parent?.type === AST_NODE_TYPES.AwaitExpression || (top.parent && isTypeWrapper(top.parent))) top = top.parent;
    const holder = top.parent;
    if (holder?.type === AST_NODE_TYPES.VariableDeclarator) patternNames(holder.id).forEach((name) => names.add(name));
    else if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.operator === '=' && holder.right === top) patternNames(holder.left).forEach((name) => names.add(name));
  }
  // The declarations and plain assignments before the write: a bound pattern and the value it is given.
  const bindings: { bound: string[]; value: TSESTree.Node }[] = [];
  walkSameFunction(fn.body ?? fn, (node) => {
    if (node.range[1] >= write.range[0]) return;
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init) bindings.push({ bound: patternNames(node.id), value: node.init });
    else if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=') bindings.push({ bound: patternNames(node.left), value: node.right });
  });
  for (let added = true; added; ) {
    added = false;
    for (const { bound, value } of bindings) {
      if (bound.every((name) => names.has(name))) continue;
      if (!someInSameFunction(value, (node) => node.type === AST_NODE_TYPES.Identifier && names.has(node.name) && !isPropertyName(node))) continue;
      bound.forEach((name) => names.add(name));
      added = true;
    }
  }
  return names;
}

/** SELECTs compared by {@link checkedInOneStretch} (a work count for tests: the SELECTs of the functions asked about, not of the file). */
export const stretchWork = { selectsCompared: 0 };

/** Per file: its SQL model's SELECT statements by the function they run in itself (not a callback of it). */
const selectsByModel = new WeakMap<SqlModel, Map<TSESTree.Node, FlowStatement[]>>();

/** The file's SELECT statements by the function whose own code sends them: indexed once per file, so a decrement asks about its function's SELECTs only. */
function selectsByFunction(sourceCode: SourceCode): ReadonlyMap<TSESTree.Node, readonly FlowStatement[]> {
  const model = getSqlModel(sourceCode);
  let byFunction = selectsByModel.get(model);
  if (!byFunction) {
    byFunction = new Map();
    for (const flow of model.flows) {
      for (const entry of flow.statements) {
        if (entry.statement.kind !== 'select') continue;
        const fn = enclosingFunction(entry.call.node);
        if (!fn) continue;
        const list = byFunction.get(fn);
        if (list) list.push(entry);
        else byFunction.set(fn, [entry]);
      }
    }
    selectsByModel.set(model, byFunction);
  }
  return byFunction;
}

/**
 * `AND c >= <delta>` at the end of the WHERE clause of a plain string literal, when the delta is a
 * reusable parameter (`$1`, `:amount`, `@amount`) or a number, and nothing follows the WHERE.
 */
function guardSuggestion(call: SqlCall, statement: SqlStatement, assignment: SqlAssignment): SqlDecrement['suggestion'] {
  const delta = assignment.delta;
  if (!call.sql.literal || statement.returning || !delta) return null;
  let deltaText: string | null = null;
  if (delta.type === 'param') {
    const match = /^(\$\d+|[:@][A-Za-z_]\w*)/.exec(call.sql.text.slice(delta.location));
    deltaText = match ? match[1]! : null;
  } else if (delta.type === 'literal' && typeof delta.value === 'number') {
    deltaText = String(delta.value);
  }
  if (deltaText === null) return null;
  const guard = `${assignment.column} >= ${deltaText}`;
  const [, end] = sourceRange(call, [statement.range[1], statement.range[1]]);
  return { at: end, text: statement.where.length > 0 ? ` AND ${guard}` : ` WHERE ${guard}`, guard };
}

/**
 * The expression that fills `column` in `INSERT … (columns) VALUES (…)`: the engine's
 * {@link paramArgument} for the `$n` (or n-th `?`) in that position of the first VALUES row.
 */
function insertedValue(call: SqlCall, statement: SqlStatement, text: string, column: string): TSESTree.Node | null {
  const index = statement.columns.indexOf(column);
  const item = index === -1 ? undefined : insertValueItems(text)?.[index];
  if (!item) return null;
  const start = statement.range[0] + item[0];
  const itemText = call.sql.text.slice(start, statement.range[0] + item[1]).trim();
  const numbered = /^\$(\d+)$/.exec(itemText);
  if (numbered) return paramArgument(call, Number(numbered[1]));
  return itemText === '?' ? paramArgument(call, call.sql.text.slice(0, start).split('?').length) : null;
}
