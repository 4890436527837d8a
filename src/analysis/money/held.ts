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
  for (const readIndex of claimsOf(flow)) {
    if (readIndex >= index) break;
    holdWork.statementsScanned++;
    const read = flow.statements[readIndex]!;
    const { statement } = read;
    if (!lockHoldsAt(read, entry) || !readsColumn(amount, statement, sourceCode) || !carriesResultOf(read, amount, sourceCode)) continue;
    if (ofClaimedRow(read, owners, sourceCode) && movedOutLater(flow, readIndex, sourceCode)) return true;
  }
  return false;
}

/** Statements of a flow looked at to find the claim a hold release releases (a work count for tests). */
export const holdWork = { statementsScanned: 0 };

/** Per flow: the indices of its claims, ascending (see {@link claimsOf}). */
const claimsByFlow = new WeakMap<SqlFlow, number[]>();

/**
 * The claims of a flow: `SELECT … FOR UPDATE` (or `FOR NO KEY UPDATE`) statements the grammar
 * parsed, whose lock outlives them ({@link keepsLocks}) and that pick their row in a state (a guard
 * in the WHERE). Listed once per flow, so each release compares only them, not every statement before it.
 */
function claimsOf(flow: SqlFlow): readonly number[] {
  let claims = claimsByFlow.get(flow);
  if (!claims) {
    holdWork.statementsScanned += flow.statements.length;
    claims = [];
    flow.statements.forEach((read, readIndex) => {
      const { statement } = read;
      if (statement.kind !== 'select' || !statement.parsed || (statement.lock !== 'update' && statement.lock !== 'no key update')) return;
      if (keepsLocks(read) && guardsOf(statement).length > 0) claims!.push(readIndex);
    });
    claimsByFlow.set(flow, claims);
  }
  return claims;
}

/** Whether `values` pick the claimed row's own user: values the SELECT picked the row by, or values read from its result. */
function ofClaimedRow(read: FlowStatement, values: readonly TSESTree.Node[] | null, sourceCode: SourceCode): boolean {
  if (values === null || values.length === 0) return false;
  const keys = new Set((whereArguments(read.call, read.statement) ?? []).map((key) => sourceCode.getText(key)));
  return values.every((value) => keys.has(sourceCode.getText(value)) || carriesResultOf(read, value, sourceCode));
}

/** Per claim: whether a later statement of its transaction moves the claimed row out of its state. */
const movedOut = new WeakMap<FlowStatement, boolean>();

/** Whether a statement after the claim `flow.statements[readIndex]`, under its lock, moves the claimed row out of the state it was picked in (asked once per claim). */
function movedOutLater(flow: SqlFlow, readIndex: number, sourceCode: SourceCode): boolean {
  const read = flow.statements[readIndex]!;
  let moved = movedOut.get(read);
  if (moved === undefined) {
    const states = guardsOf(read.statement);
    moved = false;
    for (let laterIndex = readIndex + 1; laterIndex < flow.statements.length && !moved; laterIndex++) {
      holdWork.statementsScanned++;
      const later = flow.statements[laterIndex]!;
      moved =
        lockHoldsAt(read, later) &&
        writesOf(later.statement).some((write) => movesOutOf(write, read.statement, states) && ofClaimedRow(read, whereArguments(later.call, write), sourceCode));
    }
    movedOut.set(read, moved);
  }
  return moved;
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
