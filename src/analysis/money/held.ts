import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { NUMBER_PARSE_FUNCTIONS, getPropertyName, propertyKey, resolveVariable, skipTypeWrappers, writeReferences } from '../ast/index.js';
import { lowercaseWithoutUnderscores } from '../flow/index.js';
import { carriesResultOf, columnsOf, comparesAndSets, guardsOf, paramArgument, whereArguments, writesOf, type FlowStatement, type SqlAssignment, type SqlExpr, type SqlFlow, type SqlStatement } from '../sql/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Whether a row lock the statement takes outlives it: it runs in an effective transaction, or on a
 * connection that is not provably a pool (a connection received from the caller, `tx || db`, may
 * well be inside the caller's transaction). A lock through a pool in autocommit protects nothing.
 */
export function keepsLocks(statement: FlowStatement): boolean {
  return statement.transaction?.effective === true || statement.call.connection.kind !== 'pool';
}

/**
 * Whether a lock taken by `lock` still holds at `later`: it {@link keepsLocks}, and `later` runs in
 * the same transaction or on the same connection (a `ROLLBACK` in an early-return branch ends the
 * SQL model's linear transaction scope, the connection goes on).
 */
export function lockHoldsAt(lock: FlowStatement, later: FlowStatement): boolean {
  if (!keepsLocks(lock)) return false;
  const connection = lock.call.connection.variable;
  return (lock.transaction !== null && lock.transaction === later.transaction) || (connection !== null && connection === later.call.connection.variable);
}

/**
 * Whether the decrement `assignment` of a hold column (see `isHoldColumn`), in the flow's statement
 * `index`, releases the hold of an event row its transaction claimed once: earlier in the same
 * transaction a `SELECT … FOR UPDATE` picked the row in a state (`WHERE id = $1 AND status =
 * 'pending'`, `paid_at IS NULL`), the transaction moves that row out of the state (`UPDATE … SET
 * status = 'rejected' WHERE id = $1`, or deletes it), the amount is a column of that row
 * (`rows[0].amount`, `const { amount } = rows[0]`) and the user whose hold is released is the row's
 * own (a value read from it, or a value the SELECT picked the row by). A second run of the event
 * waits for the lock, then finds no row in that state: the release runs once per event and takes off
 * what the event put on hold, so the hold cannot go below zero.
 */
export function releasesClaimedHold(flow: SqlFlow, index: number, write: SqlStatement, assignment: SqlAssignment, sourceCode: SourceCode): boolean {
  const entry = flow.statements[index]!;
  const delta = assignment.delta;
  const amount = delta?.type === 'param' ? paramArgument(entry.call, delta.index) : null;
  const owners = whereArguments(entry.call, write);
  if (!amount || !owners?.length) return false;
  return flow.statements.some((read, readIndex) => {
    const { statement } = read;
    if (readIndex >= index || statement.kind !== 'select' || !statement.parsed || (statement.lock !== 'update' && statement.lock !== 'no key update')) return false;
    if (!lockHoldsAt(read, entry)) return false;
    const states = guardsOf(statement);
    if (states.length === 0 || !readsColumn(amount, statement, sourceCode) || !carriesResultOf(read, amount, sourceCode)) return false;
    const keys = new Set((whereArguments(read.call, statement) ?? []).map((key) => sourceCode.getText(key)));
    const ofRow = (values: readonly TSESTree.Node[] | null) =>
      values !== null && values.length > 0 && values.every((value) => keys.has(sourceCode.getText(value)) || carriesResultOf(read, value, sourceCode));
    if (!ofRow(owners)) return false;
    return flow.statements.some(
      (later, laterIndex) =>
        laterIndex > readIndex &&
        lockHoldsAt(read, later) &&
        writesOf(later.statement).some((moved) => movesOutOf(moved, statement, states) && ofRow(whereArguments(later.call, moved))),
    );
  });
}

/** A write of the claimed table that takes the row out of the state it was picked in: deletes it, or sets a tested column to another value. */
function movesOutOf(write: SqlStatement, read: SqlStatement, states: readonly SqlExpr[]): boolean {
  if (write.target === null || !read.tables.includes(write.target)) return false;
  if (write.kind === 'delete') return true;
  if (write.kind !== 'update') return false;
  return write.assignments.some((assignment) => {
    const tested = states.filter((state) => comparesAndSets(columnsOf(state), [assignment.column]));
    return tested.length > 0 && !tested.some((state) => keepsState(state, assignment));
  });
}

/** `status = 'pending'` tested and `SET status = 'pending'` written: the row stays in its state. */
function keepsState(state: SqlExpr, assignment: SqlAssignment): boolean {
  if (state.type !== 'operator' || state.operator !== '=' || assignment.value.type !== 'literal') return false;
  const value = assignment.value.value;
  return state.args.some((arg) => arg.type === 'literal' && arg.value === value);
}

/**
 * Whether `node` names a column the SELECT returns: `row.amount`, `Number(row.amount)`, or a variable
 * every write of which binds that column (`const { amount } = rows[0]`, `({ amount } = rows[0])`,
 * `const amount = rows[0].amount`). Whether the value comes from this SELECT's result is asked apart.
 */
function readsColumn(node: TSESTree.Node, read: SqlStatement, sourceCode: SourceCode): boolean {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.Identifier && NUMBER_PARSE_FUNCTIONS.has(value.callee.name) && value.arguments[0]) {
    value = skipTypeWrappers(value.arguments[0]);
  }
  const names = new Set(read.targets.map((target) => lowercaseWithoutUnderscores(target.name)));
  const returned = (name: string | null) => name !== null && (names.has('*') || names.has(lowercaseWithoutUnderscores(name)));
  if (value.type === AST_NODE_TYPES.MemberExpression) return returned(getPropertyName(value));
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(value, sourceCode);
  const writes = variable ? writeReferences(variable) : [];
  return (
    writes.length > 0 &&
    writes.every(({ identifier }) => {
      const parent = identifier.parent;
      if (parent?.type === AST_NODE_TYPES.Property && parent.value === identifier) return returned(propertyKey(parent));
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id === identifier && parent.init) {
        const init = skipTypeWrappers(parent.init);
        return init.type === AST_NODE_TYPES.MemberExpression && returned(getPropertyName(init));
      }
      return false;
    })
  );
}
