/**
 * Which writes of one function make a change that a crash between them leaves half done, as the
 * transaction rule asks: an append-only log row and the caches of it written after it are not.
 */
import type { TSESTree } from '@typescript-eslint/utils';

import { createColumnFilter } from './columns.js';
import { isClockValue, isUpsert, paramArgument, type FlowStatement, type SqlExpr, type SqlStatement } from '../sql/index.js';

const isMoneyColumn = createColumnFilter({});

/**
 * Writes that are appends of rows to one log table (a plain INSERT of no money column, no upsert)
 * and, after them, only caches of that log: UPDATEs whose every assignment counts one more row
 * (`messages_count = messages_count + 1`), reads the clock, or copies into a column that holds no
 * money a value the appended row also stores (`last_known_ip = $1` with the same `ip`).
 */
export function isLogWithCaches(entries: readonly FlowStatement[], sameValue: (a: TSESTree.Node, b: TSESTree.Node) => boolean): boolean {
  const appends = entries.filter(({ statement }) => isLogAppend(statement));
  const caches = entries.filter((entry) => !appends.includes(entry));
  if (appends.length === 0 || caches.length === 0 || new Set(appends.map(({ statement }) => statement.target)).size > 1) return false;
  const logged = appends.flatMap(({ call, statement }) => statement.values.flatMap((value) => (value.type === 'param' ? [paramArgument(call, value.index)] : [])));
  const copied = (call: FlowStatement['call'], value: SqlExpr) => {
    const argument = value.type === 'param' ? paramArgument(call, value.index) : null;
    return argument !== null && logged.some((other) => other !== null && sameValue(other, argument));
  };
  const lastAppend = Math.max(...appends.map(({ call }) => call.node.range[1]));
  return caches.every(
    ({ call, statement }) =>
      // Written after the log: a crash between leaves the cache behind a log that can rebuild it, never a lost log row.
      call.node.range[0] >= lastAppend &&
      statement.kind === 'update' &&
      statement.parsed &&
      statement.ctes.length === 0 &&
      statement.assignments.every(
        (assignment) => isClockValue(assignment.value) || (!isMoneyColumn(assignment.column) && (countsOne(assignment) || copied(call, assignment.value))),
      ),
  );
}

const isLogAppend = (statement: SqlStatement) =>
  statement.kind === 'insert' && statement.parsed && statement.ctes.length === 0 && !isUpsert(statement) && statement.columns.length > 0 && !statement.columns.some(isMoneyColumn);

/** `c = c + 1`: one more row counted. */
const countsOne = (assignment: SqlStatement['assignments'][number]) => assignment.change === 'increment' && assignment.delta?.type === 'literal' && Number(assignment.delta.value) === 1;
