import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { flippedComparison, getPropertyName, isFunction, isTypeWrapper, keptInitializer, propertyKey, resolveVariable, skipTypeWrappers, type Variable } from '../ast/index.js';
import { alwaysExits, lowercaseWithoutUnderscores, readsOfResult } from '../flow/index.js';
import type { SqlCall } from './calls.js';
import type { FlowStatement } from './flow.js';
import type { SqlAssignment, SqlStatement } from './model.js';
import { paramArgument, whereArguments } from './params.js';


/** What a driver's result says about the rows a write changed: node-postgres `rowCount`, mysql2 `affectedRows`, SQLite / D1 `changes`, postgres.js `count`, Kysely `numUpdatedRows`. */
const COUNT_PATHS = ['rowCount', 'affectedRows', 'changes', 'count', 'numUpdatedRows', 'numDeletedRows', 'numInsertedOrUpdatedRows', 'meta.changes'];
/** With `RETURNING`, the rows returned are the rows changed. */
const RETURNED_PATHS = ['rows.length', 'length'];

/** A variable as this file reads it: its references. */
interface Held {
  readonly references: readonly { readonly identifier: TSESTree.Node }[];
}

/** Where a write's result is held: the whole result, or a count destructured from it (`const { rowCount } = …`). */
interface ResultHolder {
  result: Held | null;
  count: Held | null;
  returning: boolean;
}

/**
 * Whether `later` runs only when the write `earlier` changed no row: it sits in the branch of an
 * `if` (or `?:`), or after an `if` that leaves the function, whose test reads the write's own
 * changed-row count — `if (result.rowCount === 0) { INSERT … }`, `if (rows.length > 0) … else
 * INSERT` after `UPDATE … RETURNING`, `if (r.affectedRows) return;`. The write then changed nothing,
 * so there is nothing of it to undo: the two are one logical write (an update-or-insert), not two.
 */
export function runsOnlyIfNoRowChanged(earlier: FlowStatement, later: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return runsOnlyWhen(earlier, later, sourceCode, provesNone);
}

/**
 * Whether `later` runs only when the SELECT `read` found no row: it sits in the branch of an `if`
 * (or `?:`), or after an `if` that leaves the function, whose test is the read's own result held in
 * a `const` — `const row = await db.get('SELECT …'); if (!row) { INSERT … }`, `if (row) return;`. An
 * INSERT so guarded by its own existence check inserts only what is missing: a rerun completes it.
 */
export function runsOnlyIfNoRowFound(read: FlowStatement, later: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (read.statement.kind !== 'select' || read.call.statements.length !== 1) return false;
  return heldRunsOnlyWhen(read.call.node, NO_HOLDER, later, (test, truth) => provesAbsent(test, truth, read.call, sourceCode));
}

/** `runsOnlyIfNoRowFound` finds the result through `readOf`, not through a holder. */
const NO_HOLDER: ResultHolder = { result: null, count: null, returning: false };

/**
 * Whether `test` having the value `truth` proves that the SELECT `read` found no row: `!row` true or
 * `row` false for a row of its result (`const row = await db.get(…)`, `let user = rows[0]`; see
 * `holdsResultOf`), `!rows[0]`, and a count of its rows that is zero — `rows.length === 0`, `!rows.length`,
 * `r.rows.length < 1` of node-postgres's `rows`, destructured or read off the result.
 */
function provesAbsent(test: TSESTree.Node, truth: boolean, read: SqlCall, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const node = skipTypeWrappers(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return provesAbsent(node.argument, !truth, read, sourceCode);
  const rowCount = (side: TSESTree.Node) => {
    const member = skipTypeWrappers(side);
    return member.type === AST_NODE_TYPES.MemberExpression && getPropertyName(member) === 'length' && !member.computed && isRowsOf(member.object, read, sourceCode);
  };
  if (rowCount(node)) return !truth;
  if (node.type === AST_NODE_TYPES.BinaryExpression) {
    const [count, limit, operator] = rowCount(node.right) ? [node.right, node.left, flippedComparison(node.operator) ?? ''] : [node.left, node.right, node.operator];
    if (!rowCount(count) || limit.type !== AST_NODE_TYPES.Literal || typeof limit.value !== 'number') return false;
    return (truth ? NONE_WHEN : NONE_WHEN_FALSE)[operator]?.(limit.value) === true;
  }
  return !truth && holdsResultOf(node, read, sourceCode);
}

/** `rows` of `const { rows } = await pool.query(…)` or `r.rows` of its result `r`: node-postgres's array of the rows `read` found. */
function isRowsOf(node: TSESTree.Node, read: SqlCall, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.MemberExpression) return !value.computed && getPropertyName(value) === 'rows' && holdsResultOf(value, read, sourceCode);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const def = resolveVariable(value, sourceCode)?.defs[0];
  return def !== undefined && destructuredRows(def) && holdsResultOf(value, read, sourceCode);
}

/**
 * Whether `node` holds the result of the SQL call `read`, its rows or a row of them, as the code has
 * it where `node` is read: a name `readOf` follows to `read` (a `let` too, when nothing assigns it
 * between its declaration and `node`), through `[0]` and `.rows`.
 */
export function holdsResultOf(node: TSESTree.Node, read: SqlCall, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let value = skipTypeWrappers(node);
  while (value.type === AST_NODE_TYPES.MemberExpression && (value.computed ? value.property.type === AST_NODE_TYPES.Literal && value.property.value === 0 : getPropertyName(value) === 'rows')) {
    value = skipTypeWrappers(value.object);
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(value, sourceCode);
  return variable !== null && readOf(variable, [read], sourceCode, 0, value) === read;
}

type Proves = (test: TSESTree.Node, truth: boolean, holder: ResultHolder) => boolean;

/**
 * Whether `later` runs only when the rows a write returned, held in `rows`, are none: the same tests
 * as {@link runsOnlyIfNoRowChanged} (`if (data.length < 1) { insert … }`, `if (!rows.length)`), for a
 * write outside the SQL model — a Supabase `.update(…).select()` whose `data` is the rows it changed.
 */
export function runsOnlyIfNoneReturned(write: TSESTree.Node, rows: Held, later: TSESTree.Node): boolean {
  return heldRunsOnlyWhen(write, { result: rows, count: null, returning: true }, later, provesNone);
}

/**
 * Whether `later` runs only in the branch of an `if` (or `?:`) that finds the counter `column` spent
 * in the row the UPDATE `taker` returned (`RETURNING`): the test compares the returned value with
 * zero — `left.rows[0].impressions_left <= 0`, `=== 0`, `< 1`, or `row.left === 0` of postgres.js's
 * `const [row] = await sql…` — also as one operand of `&&`. When `taker` never takes the counter
 * below zero (see `takesOneUnit`), only the run that took its last unit gets 0 back, so of concurrent
 * runs one alone takes the branch. Only the branch itself counts, not code after an `if` that leaves
 * otherwise: a value missing from the row (an alias, no row) fails a test for 0 but passes one for "more left".
 */
export function runsOnlyForLastUnit(taker: FlowStatement, column: string, later: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (!taker.statement.returning) return false;
  return runsOnlyWhen(taker, later, sourceCode, (test, truth, holder) => truth && provesSpent(test, column, holder));
}

/** Whether `test` being true proves the returned `column` is 0 or less: `r.rows[0].c <= 0`, `0 === row.c`, a side of `&&`. */
function provesSpent(test: TSESTree.Node, column: string, holder: ResultHolder): boolean {
  const node = skipTypeWrappers(test);
  if (node.type === AST_NODE_TYPES.LogicalExpression) return node.operator === '&&' && (provesSpent(node.left, column, holder) || provesSpent(node.right, column, holder));
  if (node.type !== AST_NODE_TYPES.BinaryExpression) return false;
  const [value, limit, operator] = isReturnedColumn(node.right, column, holder) ? [node.right, node.left, flippedComparison(node.operator) ?? ''] : [node.left, node.right, node.operator];
  if (!isReturnedColumn(value, column, holder) || limit.type !== AST_NODE_TYPES.Literal || typeof limit.value !== 'number') return false;
  return NONE_WHEN[operator]?.(limit.value) === true;
}

/** `r.rows[0].c`, `r[0].c` or `r.c` of the held result `r`: the column `c` of the row returned (`c` exactly as returned, lower case). */
function isReturnedColumn(node: TSESTree.Node, column: string, holder: ResultHolder): boolean {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.MemberExpression || value.computed || value.property.type !== AST_NODE_TYPES.Identifier || value.property.name !== column) return false;
  let row = skipTypeWrappers(value.object);
  // `[0]`, then `.rows`: the first row of the result.
  if (row.type === AST_NODE_TYPES.MemberExpression && row.computed && row.property.type === AST_NODE_TYPES.Literal && row.property.value === 0) {
    row = skipTypeWrappers(row.object);
    if (row.type === AST_NODE_TYPES.MemberExpression && !row.computed && row.property.type === AST_NODE_TYPES.Identifier && row.property.name === 'rows') row = skipTypeWrappers(row.object);
  }
  const held = row;
  return held.type === AST_NODE_TYPES.Identifier && holder.result !== null && holder.result.references.some((reference) => reference.identifier === held);
}

/** Whether `later` runs only where `proves` holds of a test of `earlier`'s result: in its branch, or after an exiting `if` (see `runsOnlyIfNoRowChanged`). */
function runsOnlyWhen(earlier: FlowStatement, later: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, proves: Proves): boolean {
  if (earlier.call.statements.length !== 1) return false;
  const holder = resultHolder(earlier, sourceCode);
  return holder !== null && heldRunsOnlyWhen(earlier.call.node, holder, later, proves);
}

function heldRunsOnlyWhen(earlier: TSESTree.Node, holder: ResultHolder, later: TSESTree.Node, proves: Proves): boolean {
  let child = later;
  for (let parent = later.parent; parent && !isFunction(parent); parent = parent.parent) {
    if (parent.range[0] <= earlier.range[0] && parent.range[1] >= earlier.range[1]) {
      // The statement list that holds both: an exiting `if` between them.
      return exitsUnless(parent, child, earlier, holder, proves);
    }
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test !== child) {
      if (proves(parent.test, parent.consequent === child, holder)) return true;
    }
    if (exitsUnless(parent, child, null, holder, proves)) return true;
    child = parent;
  }
  return false;
}

/** In a statement list, before `child` (and after `after`): `if (<not proven>) return/throw;`. */
function exitsUnless(list: TSESTree.Node, child: TSESTree.Node, after: TSESTree.Node | null, holder: ResultHolder, proves: Proves): boolean {
  if (list.type !== AST_NODE_TYPES.BlockStatement && list.type !== AST_NODE_TYPES.Program) return false;
  return list.body.some(
    (statement) =>
      statement.range[1] <= child.range[0] &&
      (after === null || statement.range[0] >= after.range[1]) &&
      statement.type === AST_NODE_TYPES.IfStatement &&
      statement.alternate === null &&
      alwaysExits(statement.consequent) &&
      proves(statement.test, false, holder),
  );
}

/** How many result holders were looked up rather than read from the cache: a work count for tests (`require-transaction` asks once per SELECT, not once per SELECT and later statement). */
export const resultHolderWork = { lookups: 0 };

/** A call's result holder, by the call's node: callers ask only of a call that runs one statement, so the node names the statement too. A pure memo per AST. */
const holdersByCall = new WeakMap<TSESTree.Node, ResultHolder | null>();

/** The variable that holds a write's result, or its count: `const r = await pool.query(…)`, `const { rowCount } = …`, mysql2's `const [r] = …`. Only `const`. */
function resultHolder(entry: FlowStatement, sourceCode: Readonly<TSESLint.SourceCode>): ResultHolder | null {
  const cached = holdersByCall.get(entry.call.node);
  if (cached !== undefined) return cached;
  resultHolderWork.lookups++;
  const holder = findResultHolder(entry, sourceCode);
  holdersByCall.set(entry.call.node, holder);
  return holder;
}

function findResultHolder({ call, statement }: FlowStatement, sourceCode: Readonly<TSESLint.SourceCode>): ResultHolder | null {
  let top: TSESTree.Node = call.node;
  for (;;) {
    const parent: TSESTree.Node | undefined = top.parent;
    if (!parent) return null;
    const then = thenParameter(parent, top, sourceCode);
    if (then) return { result: then, count: null, returning: statement.returning };
    if (parent.type === AST_NODE_TYPES.AwaitExpression || (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === top)) top = parent;
    else if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === top && parent.parent.type === AST_NODE_TYPES.CallExpression) top = parent;
    else if (isTypeWrapper(parent)) top = parent;
    else break;
  }
  const declarator = top.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== top || declarator.parent.kind !== 'const') return null;
  const variables = sourceCode.getDeclaredVariables(declarator);
  const named = (identifier: TSESTree.Node | null | undefined) =>
    identifier?.type === AST_NODE_TYPES.Identifier ? (variables.find((variable) => variable.identifiers.includes(identifier)) ?? null) : null;
  const returning = statement.returning;
  const { id } = declarator;
  if (id.type === AST_NODE_TYPES.Identifier) return { result: named(id), count: null, returning };
  if (id.type === AST_NODE_TYPES.ArrayPattern) return { result: named(id.elements[0]), count: null, returning };
  for (const property of id.properties) {
    if (property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && COUNT_PATHS.includes(property.key.name)) {
      return { result: null, count: named(property.value), returning };
    }
  }
  return null;
}

/** `top.then((row) => …)`: the callback's one parameter, never assigned, that holds the result. */
function thenParameter(member: TSESTree.Node, top: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): Held | null {
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== top || getPropertyName(member) !== 'then') return null;
  const call = member.parent;
  const fn = call.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call.arguments[0] : undefined;
  const param = fn && isFunction(fn) && fn.params.length === 1 ? fn.params[0] : undefined;
  if (param?.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = sourceCode.getDeclaredVariables(fn!).find((candidate) => candidate.identifiers.includes(param)) ?? null;
  return variable && variable.references.every((reference) => !reference.isWrite()) ? variable : null;
}

/** How many references of SELECT results `unsentCalls` looked at: a work count for tests (each reference once, not once per SELECT and later statement). */
export const absentRowWork = { references: 0 };

/**
 * The SQL calls of `statements` that are never sent: each runs only when a SELECT of `statements`
 * found no row (see `runsOnlyIfNoRowFound`), and its own arguments read a property of that absent row
 * on every evaluation (`if (!row) { db.run(\`UPDATE … SET points = ${row.points - 50}\`) }`): reading a
 * property of `undefined` throws a TypeError before the query is sent. Only a property read outside
 * any `?.`, `&&`, `?:` or nested function counts. Each SELECT's result references are walked once, up
 * to the call whose arguments hold them.
 */
export function unsentCalls(statements: readonly FlowStatement[], sourceCode: Readonly<TSESLint.SourceCode>): Set<SqlCall> {
  const byNode = new Map<TSESTree.Node, SqlCall>(statements.map((entry) => [entry.call.node, entry.call]));
  const unsent = new Set<SqlCall>();
  for (const read of statements) {
    if (read.statement.kind !== 'select' || read.call.statements.length !== 1) continue;
    const holder = resultHolder(read, sourceCode);
    if (!holder?.result) continue;
    const asked = new Set<SqlCall>();
    for (const { identifier } of holder.result.references) {
      absentRowWork.references++;
      const later = callReadingRow(identifier, byNode);
      if (!later || later === read.call || asked.has(later)) continue;
      asked.add(later);
      if (runsOnlyIfNoRowFound(read, later.node, sourceCode)) unsent.add(later);
    }
  }
  return unsent;
}

/** The SQL call whose arguments read a property of `identifier` on every evaluation (only through operators, templates and arrays up to the call), or null. */
function callReadingRow(identifier: TSESTree.Node, byNode: ReadonlyMap<TSESTree.Node, SqlCall>): SqlCall | null {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || member.optional) return null;
  for (let node: TSESTree.Node = member; ; node = node.parent!) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return null;
    if (parent.type === AST_NODE_TYPES.TaggedTemplateExpression || (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node as TSESTree.CallExpressionArgument))) {
      return byNode.get(parent) ?? null;
    }
    if (isTypeWrapper(parent)) continue;
    if (!EVALUATED_WITH.has(parent.type) || (parent.type === AST_NODE_TYPES.MemberExpression && parent.object !== node)) return null;
  }
}

/** Expressions that evaluate every operand they hold (type wrappers, `isTypeWrapper`, are passed through before). */
const EVALUATED_WITH = new Set<string>([
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.UnaryExpression,
]);

/**
 * `r.rowCount`, `r.rows.length` (after RETURNING), a destructured `rowCount`: the number of rows the
 * write changed; also with a zero for a missing count (`r.rowCount ?? 0`, `r.affectedRows || 0`),
 * which is zero exactly when the count is zero or missing, as `!r.rowCount` reads it.
 */
function isCount(node: TSESTree.Node, holder: ResultHolder): boolean {
  const path: string[] = [];
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.LogicalExpression && (current.operator === '??' || current.operator === '||')) {
    const fallback = skipTypeWrappers(current.right);
    return fallback.type === AST_NODE_TYPES.Literal && fallback.value === 0 && isCount(current.left, holder);
  }
  while (current.type === AST_NODE_TYPES.MemberExpression && !current.computed && current.property.type === AST_NODE_TYPES.Identifier) {
    path.unshift(current.property.name);
    current = skipTypeWrappers(current.object);
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return false;
  const holds = (variable: Held | null) => variable !== null && variable.references.some((reference) => reference.identifier === current);
  if (path.length === 0) return holds(holder.count);
  const key = path.join('.');
  return holds(holder.result) && (COUNT_PATHS.includes(key) || (holder.returning && RETURNED_PATHS.includes(key)));
}

/** Whether `test` having the value `truth` proves that the write changed no row. */
function provesNone(test: TSESTree.Node, truth: boolean, holder: ResultHolder): boolean {
  const node = skipTypeWrappers(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return provesNone(node.argument, !truth, holder);
  if (isCount(node, holder)) return !truth;
  if (node.type === AST_NODE_TYPES.LogicalExpression) {
    // `a && b` true: both hold; `a || b` false: neither holds.
    if ((node.operator === '&&' && truth) || (node.operator === '||' && !truth)) return provesNone(node.left, truth, holder) || provesNone(node.right, truth, holder);
    return false;
  }
  if (node.type !== AST_NODE_TYPES.BinaryExpression) return false;
  const [count, limit, operator] = isCount(node.right, holder) ? [node.right, node.left, flippedComparison(node.operator) ?? ''] : [node.left, node.right, node.operator];
  if (!isCount(count, holder) || limit.type !== AST_NODE_TYPES.Literal || typeof limit.value !== 'number') return false;
  return (truth ? NONE_WHEN : NONE_WHEN_FALSE)[operator]?.(limit.value) === true;
}

/** `n <op> limit` true proves no row changed. */
const NONE_WHEN: Record<string, (limit: number) => boolean> = {
  '===': (limit) => limit === 0,
  '==': (limit) => limit === 0,
  '<': (limit) => limit === 1,
  '<=': (limit) => limit === 0,
};
/** `n <op> limit` false proves no row changed. */
const NONE_WHEN_FALSE: Record<string, (limit: number) => boolean> = {
  '!==': (limit) => limit === 0,
  '!=': (limit) => limit === 0,
  '>': (limit) => limit === 0,
  '>=': (limit) => limit === 1,
};

/**
 * Whether `later` (a call) carries a value of the result of `earlier`: the result, or a variable
 * derived from it (`const ids = result.rows.map((r) => r.id)`), is read inside `later`'s arguments.
 */
export function carriesResultOf(earlier: FlowStatement, later: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const reads = readsOfResult(
    earlier.call.node,
    later,
    (node) => sourceCode.getDeclaredVariables(node),
    (identifier) => resolveVariable(identifier, sourceCode),
  );
  return reads.references.some((reference) => reference.range[0] >= later.range[0] && reference.range[1] <= later.range[1]);
}

/**
 * Whether the assignment `column = $n` of the write `call` stores back the value the code read of
 * that column from the same row: `$n` is bound to `row.column` (`row.points` for `points`, compared
 * without case or underscores), where `row` is a row of the result of a one-statement SELECT of the
 * write's table — a callback's result parameter (`(err, res) => { const row = res.rows[0]; … }`), a
 * `.then((row) => …)` parameter, or `await db.get(…)` (`[0]`, `rows` and `[0][0]` followed), held in
 * a variable never reassigned — `row.column` is never assigned, and the write names that row: each
 * parameter of its WHERE is bound to a property of `row` or to what the SELECT's WHERE was bound to.
 * The column keeps the value it has: the assignment moves none of it.
 */
export function writesBackRead(call: SqlCall, statement: SqlStatement, assignment: SqlAssignment, calls: readonly SqlCall[], sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const { value, column } = assignment;
  if (statement.kind !== 'update' || statement.target === null || value.type !== 'param') return false;
  const argument = paramArgument(call, value.index);
  const member = argument && skipTypeWrappers(argument);
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.computed || member.property.type !== AST_NODE_TYPES.Identifier) return false;
  if (lowercaseWithoutUnderscores(member.property.name) !== lowercaseWithoutUnderscores(column)) return false;
  const base = skipTypeWrappers(member.object);
  if (base.type !== AST_NODE_TYPES.Identifier) return false;
  const row = resolveVariable(base, sourceCode);
  if (!row || assignsProperty(row, member.property.name)) return false;
  const read = readOf(row, calls, sourceCode, 0);
  const selected = read?.statements[0];
  if (!read || read.statements.length !== 1 || selected?.kind !== 'select' || !selected.tables.includes(statement.target)) return false;
  // The same row: the UPDATE's keys are the row's own values or the values the SELECT was given.
  const keys = whereArguments(call, statement);
  const given = (whereArguments(read, selected) ?? []).map((node) => sourceCode.getText(node));
  return (
    keys !== null &&
    keys.length > 0 &&
    keys.every((key) => {
      const node = skipTypeWrappers(key);
      if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed) {
        const object = skipTypeWrappers(node.object);
        if (object.type === AST_NODE_TYPES.Identifier && resolveVariable(object, sourceCode) === row) return true;
      }
      return given.includes(sourceCode.getText(key));
    })
  );
}

/** Whether code assigns `name` of the object `variable` holds (`row.points = …`, `row.points += 1`, `row.points++`). */
function assignsProperty(variable: Variable, name: string): boolean {
  return variable.references.some((reference) => {
    if (reference.init) return false;
    const { identifier } = reference;
    const parent = identifier.parent;
    // Handed on whole (`update(row)`, `row = other`): what happens to it is not known.
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier) return true;
    if (getPropertyName(parent) !== name) return false;
    const use = parent.parent;
    return (use.type === AST_NODE_TYPES.AssignmentExpression && use.left === parent) || use.type === AST_NODE_TYPES.UpdateExpression || (use.type === AST_NODE_TYPES.UnaryExpression && use.operator === 'delete');
  });
}

/**
 * The SQL call whose result `variable` holds a row of (see `writesBackRead`), or null. Its initializer
 * counts when it is kept (see `keptInitializer`), or, given `at` (where the value is read), when no
 * assignment comes between the declaration and `at` (`let user = rows[0]; if (!user) { …; user = … }`);
 * node-postgres's `rows` destructured from the result (`const { rows } = await pool.query(…)`) holds its rows.
 */
function readOf(variable: Variable, calls: readonly SqlCall[], sourceCode: Readonly<TSESLint.SourceCode>, depth: number, at: TSESTree.Node | null = null): SqlCall | null {
  if (depth > 4 || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type === TSESLint.Scope.DefinitionType.Parameter) {
    const fn = def.node;
    if (!isFunction(fn) || fn.params[fn.params.length - 1] !== def.name) return null;
    const host = fn.parent;
    if (host?.type !== AST_NODE_TYPES.CallExpression || !host.arguments.includes(fn as TSESTree.CallExpressionArgument)) return null;
    // `db.query(text, values, (err, res) => …)`: the result is the callback's last parameter.
    const direct = calls.find((candidate) => candidate.node === host);
    if (direct) return direct;
    // `db.get(text).then((row) => …)`: the one parameter of `then`'s first callback.
    const callee = skipTypeWrappers(host.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'then' || host.arguments[0] !== fn || fn.params.length !== 1) return null;
    return calls.find((candidate) => candidate.node === skipTypeWrappers(callee.object)) ?? null;
  }
  let init: TSESTree.Node | null = keptInitializer(variable) ?? initializerAt(variable, at) ?? (destructuredRows(def) && def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind === 'const' ? (def.node as TSESTree.VariableDeclarator).init : null);
  if (!init) return null;
  for (;;) {
    init = skipTypeWrappers(init);
    if (init.type === AST_NODE_TYPES.AwaitExpression) init = init.argument;
    else if (init.type === AST_NODE_TYPES.MemberExpression && (init.computed ? init.property.type === AST_NODE_TYPES.Literal && init.property.value === 0 : getPropertyName(init) === 'rows')) init = init.object;
    else break;
  }
  const found = calls.find((candidate) => candidate.node === init);
  if (found) return found;
  if (init.type !== AST_NODE_TYPES.Identifier) return null;
  const next = resolveVariable(init, sourceCode);
  return next ? readOf(next, calls, sourceCode, depth + 1, at) : null;
}

/** The initializer of a variable declared as a plain name, when no other assignment of it comes before `at`. */
function initializerAt(variable: Variable, at: TSESTree.Node | null): TSESTree.Expression | null {
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  if (at === null || def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init || def.node.range[1] > at.range[0]) return null;
  const assignedBefore = variable.references.some((reference) => reference.isWrite() && !reference.init && reference.identifier.range[0] < at.range[0]);
  return assignedBefore ? null : def.node.init;
}

/** A definition of `rows` by a `{ rows }` (or `{ rows: name }`) pattern of a declarator: node-postgres's rows of a result. */
function destructuredRows(def: Variable['defs'][number]): boolean {
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.ObjectPattern) return false;
  const property = def.name.parent;
  return property?.type === AST_NODE_TYPES.Property && property.value === def.name && property.parent === def.node.id && propertyKey(property) === 'rows';
}
