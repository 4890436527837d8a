import type { TSESLint } from '@typescript-eslint/utils';

import { areExclusive, lowercaseWithoutUnderscores, readsOfResult } from '../analysis/flow/index.js';
import {
  columnsOf,
  getSqlModel,
  guardsOf,
  isKeyColumn,
  isWrite,
  sourceRange,
  type FlowStatement,
  type SqlStatement,
  type TransactionScope,
} from '../analysis/sql/index.js';
import { resolveVariable } from '../analysis/ast/index.js';
import { createColumnFilter } from '../analysis/money/index.js';
import { findStoreRaces } from '../analysis/stores/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{ keyColumns?: string[] }];
export type MessageIds = 'missingLock' | 'missingLockSqlite' | 'missingLockMongo' | 'missingLockSupabase' | 'suggestForUpdate';

/** Isolation levels under which PostgreSQL aborts one of two concurrent read-modify-writes. */
const SAFE_ISOLATION = new Set(['serializable', 'repeatable read']);

export default createRule<Options, MessageIds>({
  name: 'require-for-update',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a row lock or a guarded UPDATE when a row is read, checked in code and then written',
      category: 'Race Conditions',
      priority: 'P0',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          keyColumns: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Extra column names that only identify a row, like `id` or `user_id` (matched case-insensitively): a WHERE condition on them is not a guard.',
          },
        },
      },
    ],
    defaultOptions: [{ keyColumns: [] }],
    messages: {
      missingLock:
        'This SELECT reads `{{table}}` without a lock, and line {{line}} then {{verb}}s it: two concurrent requests both pass the check on the same old value (double spend, lost update). Add `FOR UPDATE` inside a transaction, or make the {{write}} check the condition itself (`WHERE … AND balance >= $1`).',
      missingLockSqlite:
        'This SELECT reads `{{table}}` and line {{line}} then {{verb}}s it on SQLite, which has no `FOR UPDATE`: two concurrent requests both pass the check on the same old value (double spend, lost update). Make the {{write}} check the condition itself (`WHERE … AND balance >= ?`, then test the changed-row count), or run both in one `BEGIN IMMEDIATE` transaction.',
      missingLockMongo:
        'This read is checked in code (`{{field}}`) and line {{line}} writes `{{field}}` back from the value read: two concurrent requests both pass the check on the same old value (double spend, lost update). Make it one atomic `findOneAndUpdate` with the condition in the filter (`{ _id, {{field}}: { $gte: cost } }`, `{ $inc: { {{field}}: -cost } }`) and check that it matched, or run both in `session.withTransaction`.',
      missingLockSupabase:
        'This select of `{{table}}` is checked in code (`{{field}}`) and line {{line}} updates `{{field}}` to a value computed from it: two concurrent requests both pass the check on the same old value (double spend, lost update). Do the check and the update in one Postgres function (`UPDATE … SET {{field}} = {{field}} - $1 WHERE … AND {{field}} >= $1`) called with `.rpc(…)`.',
      suggestForUpdate: 'Append `FOR UPDATE` (run the SELECT and the {{write}} in one transaction for the lock to hold).',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const extraKeys = new Set((options.keyColumns ?? []).map((column) => column.toLowerCase()));
    const isKey = (column: string) => extraKeys.has(column) || isKeyColumn(column);
    const isMoneyField = createColumnFilter({});
    return {
      CallExpression(node) {
        for (const race of findStoreRaces(node, context, isMoneyField)) {
          const line = String(sourceCode.getLocFromIndex(race.write.range[0]).line);
          const data = { field: race.field, table: race.table ?? '', line };
          context.report({ node: race.read, messageId: race.store === 'mongo' ? 'missingLockMongo' : 'missingLockSupabase', data });
        }
      },
      'Program:exit'() {
        for (const flow of getSqlModel(sourceCode).flows) {
          flow.statements.forEach((read, index) => {
            if (!isUnlockedRead(read)) return;
            if (flow.statements.slice(0, index).some((earlier) => protects(earlier, read))) return;
            const write = flow.statements.slice(index + 1).find((later) => isRacingWrite(read, later));
            if (write) report(read, write);
          });
        }
      },
    };

    function isRacingWrite(read: FlowStatement, write: FlowStatement): boolean {
      const { statement } = write;
      if (write.call === read.call || !statement.parsed) return false;
      if (statement.kind !== 'update' && statement.kind !== 'delete') return false;
      if (!statement.target || !read.statement.tables.includes(statement.target)) return false;
      if (guardsOf(statement, isKey).length > 0 || isSafe(write.transaction)) return false;
      const reads = readsOfResult(
        read.call.node,
        write.call.node,
        (node) => sourceCode.getDeclaredVariables(node),
        (identifier) => resolveVariable(identifier, sourceCode),
      );
      if (!reads.used || !dependsOnRead(read.statement, statement, reads.properties)) return false;
      // Last: `areExclusive` scans the enclosing statement lists, and most pairs fail the cheaper tests.
      return !areExclusive(read.call.node, write.call.node);
    }

    function report(read: FlowStatement, write: FlowStatement): void {
      const [start, end] = sourceRange(read.call, read.statement.range);
      const verb = write.statement.kind === 'delete' ? 'delete' : 'update';
      const data = {
        table: write.statement.target!,
        line: String(sourceCode.getLocFromIndex(write.call.node.range[0]).line),
        verb,
        write: verb.toUpperCase(),
      };
      const loc = { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) };
      if (read.call.dialect === 'sqlite') {
        context.report({ loc, messageId: 'missingLockSqlite', data });
        return;
      }
      const fix = forUpdateFix(read, end);
      context.report({
        loc,
        messageId: 'missingLock',
        data,
        suggest: fix ? [{ messageId: 'suggestForUpdate', data, fix }] : [],
      });
    }

    /** `FOR UPDATE` can be appended in place when the SELECT is one plain literal. */
    function forUpdateFix(read: FlowStatement, end: number): TSESLint.ReportFixFunction | null {
      const { call, statement } = read;
      const plain = call.sql.literal !== null && call.statements.length === 1 && call.sql.map.pieces.every((piece) => piece.exact);
      if (!plain || statement.aggregate) return null;
      return (fixer) => fixer.insertTextAfterRange([end, end], ' FOR UPDATE');
    }
  },
});

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

/** An earlier statement of the same transaction already locks the table, or takes an advisory lock. */
function protects(earlier: FlowStatement, read: FlowStatement): boolean {
  if (!read.transaction?.effective || earlier.transaction !== read.transaction) return false;
  if (/\bpg_(try_)?advisory_(xact_)?lock/i.test(earlier.call.sql.text)) return true;
  if (earlier.statement.kind === 'other' && /^\s*lock\b/i.test(earlier.call.sql.text.slice(...earlier.statement.range))) return true;
  return earlier.statement.lock !== null && earlier.statement.tables.some((table) => read.statement.tables.includes(table));
}

const UNKNOWN_COLUMN = /^__(hole|ident)\d+$/;
/** Properties of a driver's result object, not columns. */
const RESULT_PROPERTIES = new Set(['rows', 'rowcount', 'length', 'affectedrows', 'changes', 'fields']);

/**
 * Whether the write depends on what the code read: the UPDATE sets (other than by an increment,
 * which applies to the current value and loses nothing) a column that the SELECT filtered on (a
 * claim: `WHERE used = false` … `SET used = true`) or that the code read from the result
 * (`user.balance`, `const { status } = row`); a DELETE follows code that read some column.
 */
function dependsOnRead(select: SqlStatement, write: SqlStatement, properties: ReadonlySet<string>): boolean {
  const star = select.columns.includes('*');
  const readColumns = new Set<string>();
  for (const property of properties) {
    if (RESULT_PROPERTIES.has(property) || /^\d+$/.test(property)) continue;
    const target = select.targets.find((t) => lowercaseWithoutUnderscores(t.name) === property);
    if (target?.column) readColumns.add(lowercaseWithoutUnderscores(target.column));
    else if (star) readColumns.add(property);
  }
  if (write.kind === 'delete') return readColumns.size > 0;
  const filtered = new Set(select.where.flatMap(columnsOf).map(lowercaseWithoutUnderscores));
  return write.assignments.some(
    (assignment) =>
      assignment.change !== 'increment' &&
      !UNKNOWN_COLUMN.test(assignment.column) &&
      (filtered.has(lowercaseWithoutUnderscores(assignment.column)) || readColumns.has(lowercaseWithoutUnderscores(assignment.column))),
  );
}
