/**
 * Which SQL writes move value: the criterion the transaction rule asks of a split pair of raw-SQL writes,
 * as its MongoDB and Supabase paths ask of theirs (a write of a money field). A pair of writes a crash
 * can split loses or mints something only when one of them moves value; a cooldown stamp, a level and
 * its counter, a derived valuation or a row replaced are bookkeeping, whole again on the next run.
 * Measured on every judged require-transaction row of rounds 27–29: all 20 TRUE rows move value, 13 of
 * the 18 DEBATABLE ones do not.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { isMoneyFlowColumn, isPaymentTable, snakeCaseColumn } from './columns.js';
import { getPropertyName, skipTypeWrappers } from '../ast/index.js';
import { isClockValue, paramArgument, writesOf, type FlowStatement, type SqlAssignment, type SqlExpr, type SqlStatement } from '../sql/index.js';

/**
 * A write whose half-application loses or mints value:
 * - it writes a column that holds money or money owed (see `isMoneyFlowColumn`: `coins = ?`,
 *   `balance = balance + $1`, `loan = ?`, an INSERT of `wallets (user_id, balance)`; not a clock
 *   value, not a price or rate: `price_stars = ?` edits a catalogue);
 * - it writes a row of a table that records money changing hands (see `isPaymentTable`: an order, a
 *   payment, a ledger row, a purchase marked refunded);
 * - or it takes an amount from a column (see `takesFrom`: `seats_left = seats_left - 1`, `number = ?`
 *   given `[holding.number - n]`).
 * A statement the parser could not read is read by its words (see `mayMoveValue`). An assignment that
 * `writesBack` (the column set to the value the code just read of it from the same row: `points = $1`
 * given `[row.points]`) moves nothing.
 */
export function movesValue({ call, statement }: FlowStatement, writesBack: WritesBack = () => false): boolean {
  if (!statement.parsed) return mayMoveValue(call.sql.text.slice(...statement.range));
  return writesOf(statement).some((write) => {
    if (write.target !== null && isPaymentTable(write.target)) return true;
    if (write.kind === 'insert' && write.columns.some(isMoneyFlowColumn)) return true;
    const assignments = write.kind === 'update' ? write.assignments : write.kind === 'insert' ? (write.onConflict?.assignments ?? []) : [];
    return assignments.some(
      (assignment) => ((isMoneyFlowColumn(assignment.column) && !isClockValue(assignment.value)) || takesFrom(call, assignment)) && !writesBack(call, write, assignment),
    );
  });
}

/**
 * A write that takes an amount from a column (see `takesFrom`): a debit, a seat taken, a stock
 * decremented — what pays for another write. A statement the parser could not read may.
 */
export function takesAmount({ call, statement }: FlowStatement): boolean {
  if (!statement.parsed) return true;
  return writesOf(statement).some((write) => write.kind === 'update' && write.assignments.some((assignment) => takesFrom(call, assignment)));
}

/** Whether an assignment of a write stores back the value the code read of its column from the same row (see `writesBackRead`). */
export type WritesBack = (call: FlowStatement['call'], statement: SqlStatement, assignment: SqlAssignment) => boolean;

/**
 * A statement the grammar rejected, read by its words: it may move value unless no word of it names a
 * money column or a payment table and it subtracts nothing.
 */
function mayMoveValue(text: string): boolean {
  if (text.includes('-')) return true;
  return (text.match(/[A-Za-z_][\w$]*/g) ?? []).some((word) => isMoneyFlowColumn(word) || isPaymentTable(word));
}

/**
 * An assignment that takes an amount from its column: `c = c - x`, the same clamped at a floor
 * (`GREATEST(0, c - x)`, `GREATEST(c - x, 0)`), or `c = ?` given `row.c - x` (the row's value less an
 * amount, computed in the code).
 */
function takesFrom(call: FlowStatement['call'], assignment: SqlAssignment): boolean {
  const { column, value } = assignment;
  if (assignment.change === 'decrement') return true;
  if (value.type === 'function' && value.name === 'greatest' && value.args.length === 2) {
    return value.args.some((arg) => subtractsFrom(arg, column)) && value.args.some((arg) => arg.type === 'literal');
  }
  if (value.type !== 'param') return false;
  const argument = paramArgument(call, value.index);
  const computed = argument && skipTypeWrappers(argument);
  if (computed?.type !== AST_NODE_TYPES.BinaryExpression || computed.operator !== '-') return false;
  const left = skipTypeWrappers(computed.left);
  const name = left.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(left) : null;
  return name !== null && snakeCaseColumn(name) === snakeCaseColumn(column);
}

/** `column - x` in SQL. */
function subtractsFrom(expr: SqlExpr, column: string): boolean {
  return expr.type === 'operator' && expr.operator === '-' && expr.args.length === 2 && expr.args[0]!.type === 'column' && snakeCaseColumn(expr.args[0]!.name) === snakeCaseColumn(column);
}
