import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { skipTypeWrappers } from '../analysis/ast/index.js';
import { callRepeatsNothing, stateChangeOf } from '../analysis/effects/index.js';
import { DEFAULT_LOGGERS } from '../analysis/errors/index.js';
import { neverTaken } from '../analysis/flow/index.js';
import { onlyAdminRuns, serialisedForActingUser } from '../analysis/framework/index.js';
import { createColumnFilter, isValueColumn } from '../analysis/money/index.js';
import { rowSelectors } from '../analysis/orm/index.js';
import { projectSchema, schemaKey, type ProjectSchema } from '../analysis/schema/index.js';
import { connectionDialect, findSqlRaces, getSqlModel, isKeyColumn, sourceRange, whereArguments, type FlowStatement } from '../analysis/sql/index.js';
import { findStoreRaces, raceWrittenFields, sqlWrittenFields } from '../analysis/stores/index.js';
import { createRule } from '../util/create-rule.js';
import { nameList, optionsObject } from '../util/schema.js';

export type Options = [{ keyColumns?: string[] }];
export type MessageIds = 'missingLock' | 'missingLockSqlite' | 'missingLockMongo' | 'missingLockSupabase' | 'missingLockSupabaseLedger' | 'missingLockPrisma' | 'missingLockPrismaLimit' | 'missingLockBuilder' | 'missingLockHelper' | 'claimMongo' | 'claimPrisma' | 'suggestForUpdate';

export default createRule<Options, MessageIds>({
  name: 'require-for-update',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a row lock or a guarded UPDATE when a row is read, checked in code and then written',
      category: 'Race Conditions',
      priority: 'P0',
      precision: 'medium',
    },
    hasSuggestions: true,
    schema: optionsObject({
      keyColumns: nameList(
        'Extra column names that only identify a row, like `id` or `user_id` (matched case-insensitively): a WHERE condition on them is not a guard.',
      ),
    }),
    defaultOptions: [{ keyColumns: [] }],
    messages: {
      missingLock:
        'This SELECT reads `{{table}}` without a lock, and line {{line}} then {{verb}}s it: two concurrent requests both pass the check on the same old value (double spend, lost update). Add `FOR UPDATE` inside a transaction, or make the {{write}} check the condition itself (`WHERE … AND balance >= $1`).',
      missingLockSqlite:
        'This SELECT reads `{{table}}` and line {{line}} then {{verb}}s it after an `await`, so on SQLite (which has no `FOR UPDATE`) two concurrent requests both pass the check on the same old value (double spend, lost update). Make the {{write}} check the condition itself (`WHERE … AND balance >= ?`, then test the changed-row count); on D1, send the dependent writes together in one `db.batch([…])`.',
      missingLockMongo:
        'This read is checked in code (`{{field}}`) and line {{line}} writes `{{field}}` back from the value read: two concurrent requests both pass the check on the same old value (double spend, lost update). Make it one atomic `findOneAndUpdate` with the condition in the filter (`{ _id, {{field}}: { $gte: cost } }`, `{ $inc: { {{field}}: -cost } }`) and check that it matched, or run both in `session.withTransaction`.',
      missingLockSupabase:
        'This select of `{{table}}` is checked in code (`{{field}}`) and line {{line}} updates `{{field}}` to a value computed from it: two concurrent requests both pass the check on the same old value (double spend, lost update). Do the check and the update in one Postgres function (`UPDATE … SET {{field}} = {{field}} - $1 WHERE … AND {{field}} >= $1`) called with `.rpc(…)`.',
      missingLockSupabaseLedger:
        'This read of `{{table}}` is checked in code (`{{field}}`) and line {{line}} records the spend as a new row (`{{spent}}: -…`) without checking it again: two concurrent requests both pass the check on the same old `{{field}}` and both spend it (double spend). Check and insert in one Postgres function called with `.rpc(…)`, locking the owner\'s row first (`SELECT … FOR UPDATE`).',
      missingLockPrisma:
        'This `{{table}}` read is checked in code (`{{field}}`) and line {{line}} writes `{{field}}` from it{{scope}}: two concurrent requests both pass the check on the same old value (double spend, lost update). Make the write check the condition itself (`updateMany({ where: { id, {{field}}: { gte: cost } }, data: { {{field}}: { decrement: cost } } })`, then test `count`), or lock the row with `SELECT … FOR UPDATE` through `$queryRaw` inside `$transaction`.',
      missingLockPrismaLimit:
        'This `{{table}}.count()` is compared with a limit and line {{line}} then creates a `{{table}}`{{scope}}: two concurrent requests both count the same rows and both create one, past the limit. Count and create in one `$transaction` with `isolationLevel: Serializable` (retry on a serialization failure), or lock the owning row first with `SELECT … FOR UPDATE` through `$queryRaw` inside `$transaction`.',
      missingLockBuilder:
        'This {{orm}} read of `{{table}}` is checked in code (`{{field}}`) and line {{line}} writes `{{field}}` from it{{scope}}: two concurrent requests both pass the check on the same old value (double spend, lost update). {{fix}}',
      missingLockHelper:
        'This call reads `{{table}}` without a lock, the code checks `{{field}}`, and line {{line}} writes `{{field}}` back through `{{writer}}(…)`: two concurrent requests both pass the check on the same old value (double spend, lost update). Make the UPDATE check the condition itself (`SET {{field}} = {{field}} - $1 WHERE id = $2 AND {{field}} >= $1`, then test the changed-row count){{lock}}.',
      claimMongo:
        'This read is checked in code (`{{field}}`), line {{line}} writes `{{field}}` by its key alone, and the check also gates another write: two concurrent runs (a webhook delivered twice, a double tap) both pass the check and both do it (a double credit). Claim the document atomically — `findOneAndUpdate({ _id, {{field}}: <the state checked> }, { $set: { {{field}}: … } })` — and go on only when it returned a document.',
      claimPrisma:
        'This `{{table}}` read is checked in code (`{{field}}`), line {{line}} writes `{{field}}` by its key alone{{scope}}, and the check also gates another write: two concurrent runs (a webhook delivered twice, a double tap) both pass the check and both do it (a double credit); a `$transaction` alone does not stop two readers. Claim the row atomically — `updateMany({ where: { id, {{field}}: <the state checked> }, data: { {{field}}: … } })` — and go on only when `count` is 1.',
      suggestForUpdate: 'Append `FOR UPDATE` (run the SELECT and the {{write}} in one transaction for the lock to hold).',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const extraKeys = new Set((options.keyColumns ?? []).map((column) => column.toLowerCase()));
    const isKey = (column: string) => extraKeys.has(column) || isKeyColumn(column);
    const isMoneyField = createColumnFilter({});
    // The project's schema (its UNIQUE keys and CHECK constraints), read once per file and only when a pairing asks.
    let schema: ProjectSchema | false | undefined;
    return {
      CallExpression(node) {
        for (const race of findStoreRaces(node, context, isMoneyField)) {
          // An adjustment only the bot's operator runs (`if (ctx.from.id !== ADMIN_ID) return;`) is no race between users.
          if (onlyAdminRuns(race.read, sourceCode, context.filename)) continue;
          // Read or written in code a constant test never lets run (a fallback after `if (typeof f === 'function') return f(…)`).
          if (neverTaken(race.read, sourceCode) || neverTaken(race.write, sourceCode)) continue;
          // One user's updates run one at a time (`sequentialize`, a session busy flag) and the row is the acting user's own
          // (a helper's read, `getUser(id)`, selects the row its arguments name).
          const selectors = () => (race.store === 'sql' || helperRead(race.read) ? [race.read] : rowSelectors(race.read));
          if (serialisedForActingUser(race.read, selectors, sourceCode, context.filename, raceWrittenFields(race, context))) continue;
          const line = String(sourceCode.getLocFromIndex(race.write.range[0]).line);
          const scope = race.inTransaction ? ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row' : '';
          const data = { field: race.field, table: race.table ?? '', line, scope };
          if (race.store === 'sql') {
            const lock = race.sqlite ? '' : ', or read it with `SELECT … FOR UPDATE` in the same transaction as the write';
            context.report({ node: race.read, messageId: 'missingLockHelper', data: { field: race.field, table: race.table ?? '', line, writer: race.writer ?? '', lock } });
            continue;
          }
          if (race.ledger !== undefined) {
            context.report({ node: race.read, messageId: 'missingLockSupabaseLedger', data: { table: data.table, field: race.ledger, line, spent: race.field } });
            continue;
          }
          if (race.limit) {
            context.report({ node: race.read, messageId: 'missingLockPrismaLimit', data });
            continue;
          }
          if (race.claim && (race.store === 'mongo' || race.store === 'prisma')) {
            // The status written only in a branch an admin test opens (`if (user.isAdmin && user.step === 'add')`): the operator's.
            if (onlyAdminRuns(race.write, sourceCode, context.filename)) continue;
            context.report({ node: race.read, messageId: race.store === 'mongo' ? 'claimMongo' : 'claimPrisma', data });
            continue;
          }
          if (race.store === 'builder' && race.orm) {
            const scope = race.inTransaction ? ' inside a transaction whose default isolation (read committed) lets both read the same row' : '';
            context.report({
              node: race.read,
              messageId: 'missingLockBuilder',
              data: { table: data.table, field: data.field, line: data.line, scope, orm: BUILDER_NAMES[race.orm], fix: BUILDER_FIXES[race.orm](race.field) },
            });
            continue;
          }
          const messageId = race.store === 'mongo' ? 'missingLockMongo' : race.store === 'prisma' ? 'missingLockPrisma' : 'missingLockSupabase';
          context.report({ node: race.read, messageId, data });
        }
      },
      'Program:exit'() {
        const file = { sourceCode, filename: context.filename };
        const judgement = {
          isKey,
          isValueColumn,
          isUniqueColumn,
          isNonNegative,
          movesMoney: (call: TSESTree.CallExpression) => stateChangeOf(call) === 'money',
          repeatsNothing: (call: TSESTree.CallExpression) => callRepeatsNothing(call, file, DEFAULT_LOGGERS),
          isLogging: (call: TSESTree.CallExpression) => DEFAULT_LOGGERS.isLoggingCall(call),
        };
        for (const { read, write } of findSqlRaces(getSqlModel(sourceCode), file, judgement)) {
          // Only the bot's operator runs it (`if (msg.from.id !== ADMIN_ID) return …`): no race between users.
          if (onlyAdminRuns(read.call.node, sourceCode, context.filename) || oneUserAtATime(read, write)) continue;
          if (neverTaken(read.call.node, sourceCode) || neverTaken(write.call.node, sourceCode)) continue;
          report(read, write);
        }
      },
    };

    /** Whether the project's schema keeps `table.column` UNIQUE on its own (read once per file, only when a duplicate check asks). */
    function isUniqueColumn(table: string, column: string): boolean {
      schema ??= projectSchema(context.filename) ?? false;
      const key = schemaKey(column);
      return schema !== false && (schema.table(table)?.unique.some((columns) => columns.length === 1 && schemaKey(columns[0]!) === key) ?? false);
    }

    /** Whether the project's schema keeps `table.column` non-negative by a CHECK constraint (read once per file, only when a decrement asks). */
    function isNonNegative(table: string, column: string): boolean {
      schema ??= projectSchema(context.filename) ?? false;
      return schema !== false && schema.isNonNegative(table, column);
    }

    /** Both statements select the acting user's own row, in a handler whose updates run one at a time per user. */
    function oneUserAtATime(read: FlowStatement, write: FlowStatement): boolean {
      // Both statements must select rows by keys: with none, the row is shared (no keys: never serialised).
      const keys = (): TSESTree.Node[] => {
        const readKeys = whereArguments(read.call, read.statement);
        const writeKeys = whereArguments(write.call, write.statement);
        return readKeys === null || writeKeys === null || readKeys.length === 0 || writeKeys.length === 0 ? [] : [...readKeys, ...writeKeys];
      };
      return serialisedForActingUser(read.call.node, keys, sourceCode, context.filename, sqlWrittenFields(write.statement));
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
      // SQLite has no `FOR UPDATE`; the handle may come from the file that opens the database (`require('../database')`).
      if (connectionDialect(read.call, { sourceCode, filename: context.filename }) === 'sqlite') {
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


const BUILDER_NAMES = { knex: 'knex', drizzle: 'Drizzle', kysely: 'Kysely', typeorm: 'TypeORM' } as const;

/** Each query builder's own way to lock the row or to make the write check the condition itself. */
const BUILDER_FIXES: Record<keyof typeof BUILDER_NAMES, (field: string) => string> = {
  knex: (field) =>
    `Read it with \`.forUpdate()\` inside \`knex.transaction(async (trx) => …)\`, or make the write check the condition itself (\`.where('${field}', '>=', cost).decrement('${field}', cost)\`, then test the changed-row count).`,
  drizzle: (field) =>
    `Read it with \`.for('update')\` inside \`db.transaction(async (tx) => …)\`, or make the write check the condition itself (\`.where(and(eq(table.id, id), gte(table.${field}, cost)))\`, then test the changed-row count).`,
  kysely: (field) =>
    `Read it with \`.forUpdate()\` inside \`db.transaction().execute(async (trx) => …)\`, or make the write check the condition itself (\`.where('${field}', '>=', cost)\`, then test \`numUpdatedRows\`).`,
  typeorm: (field) =>
    `Read it with \`lock: { mode: 'pessimistic_write' }\` (or \`setLock('pessimistic_write')\`) inside \`dataSource.transaction(async (manager) => …)\`, or make the write check the condition itself (\`decrement({ id, ${field}: MoreThanOrEqual(cost) }, '${field}', cost)\`, then test \`affected\`).`,
};

/** A read through a helper of the project (`findUser(telegramId)`, not `prisma.user.findUnique(…)`): it selects the row its arguments name. */
function helperRead(read: TSESTree.Node): boolean {
  return read.type === AST_NODE_TYPES.CallExpression && skipTypeWrappers(read.callee).type === AST_NODE_TYPES.Identifier;
}
