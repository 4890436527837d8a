import type { TSESTree } from '@typescript-eslint/utils';

import { checkedInOneStretch, comparedBeforeAwaited, comparedInFile, createColumnFilter, DEFAULT_MONEY_COLUMNS, findSqlDecrements, movedWithinRow, readComparedBefore } from '../analysis/money/index.js';
import { createFunctionFacts, neverTaken } from '../analysis/flow/index.js';
import { consumesPendingState, lockedCallback, onlyAdminRuns, serialisedForActingUser } from '../analysis/framework/index.js';
import { findOrmDecrements, isChainEnd, rowSelectors } from '../analysis/orm/index.js';
import { whereArguments } from '../analysis/sql/index.js';
import { projectSchema, type ProjectSchema } from '../analysis/schema/index.js';
import { checkedInPrismaTransaction, findMongoDecrements, ormModelOf, writtenField, type WrittenFields } from '../analysis/stores/index.js';
import { createRule } from '../util/create-rule.js';
import { nameList, optionsObject } from '../util/schema.js';

export type Options = [
  {
    columns?: string[];
    ignoreColumns?: string[];
    guardedColumns?: string[];
    checkAdminCode?: boolean;
  },
];
export type MessageIds = 'unguarded' | 'unguardedMongo' | 'suggestGuard';

export default createRule<Options, MessageIds>({
  name: 'no-unguarded-decrement',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow decrementing a balance or quantity without a guard that keeps it from going negative',
      category: 'Balance Safety',
      priority: 'P0',
      precision: 'low',
      strictOptions: [{ checkAdminCode: true }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      columns: nameList(
        'Columns that must never go negative: a word of the column name (`balance` matches `star_balance`), a pattern with `*`, or a /regular expression/. Replaces the default list.',
      ),
      ignoreColumns: nameList('Columns removed from `columns`: never reported.'),
      guardedColumns: nameList(
        'Columns that the database itself keeps non-negative (a `CHECK (c >= 0)` constraint, an unsigned type): never reported.',
      ),
      checkAdminCode: {
        type: 'boolean',
        description:
          'Whether to report decrements in code only the bot\'s admin runs (behind `if (chatId != ADMIN_ID) return;`, inside `if (isAdmin(ctx)) { … }`, in a route registered behind an admin middleware): the operator approving a withdrawal or an order does not race with itself.',
      },
    }),
    defaultOptions: [{ columns: [...DEFAULT_MONEY_COLUMNS], ignoreColumns: [], guardedColumns: [], checkAdminCode: false }],
    messages: {
      unguarded:
        '`{{column}}` is decremented with no guard: two concurrent spends, or one retried, drive it below zero. Add {{guard}}, or clamp it at 0.',
      unguardedMongo:
        '`$inc` decrements `{{field}}` with no condition on it in the filter: two concurrent requests both pass and drive it below zero. Put the condition in the filter (`{{field}}: { $gte: amount }`) and check the matched/modified count of the result.',
      suggestGuard: 'Add `{{guard}}` to the WHERE clause.',
    },
  },
  create(context, [options]) {
    const isMoneyColumn = createColumnFilter(options);
    const { sourceCode } = context;
    const file = { sourceCode, filename: context.filename };
    // The file's ORM clients, and a module factory's parameter every caller passes one (`module.exports = (bot, db) => …`).
    const model = ormModelOf(context);
    // Per-function facts, computed once per function of this file (no state across files).
    const facts = createFunctionFacts();
    // The project's own schema, read only when a decrement needs it: a `CHECK (balance >= 0)` on the
    // written table makes the database refuse the overdraft (the statement fails, nothing goes negative).
    let schema: ProjectSchema | null | undefined;
    const checkedByDatabase = (table: string | null, column: string): boolean => {
      if (table === null) return false;
      // Looked up once per file: a file outside any bot project (null) is not looked up again per decrement.
      if (schema === undefined) schema = projectSchema(context.filename);
      return schema?.isNonNegative(table, column) === true;
    };
    /**
     * The code compared the column before decrementing it, on the acting user's own row, in a bot
     * handler whose updates run one at a time per user (`sequentialize`, a session busy flag): no
     * second update of that user can pass the same check meanwhile. Cheapest first: whether the file
     * compares the column at all, then the serialisation, then the function's own comparisons.
     */
    const checkedOneUserAtATime = (at: TSESTree.Node, column: string, keys: () => readonly TSESTree.Node[], written?: WrittenFields): boolean =>
      comparedInFile(column, sourceCode) &&
      (serialisedForActingUser(at, keys, sourceCode, context.filename, written) || consumesPendingState(at, keys(), sourceCode)) &&
      comparedBeforeAwaited(at, column, sourceCode, facts);
    /** Only the bot's operator runs it (an approval, a payout of the admin panel): one person acting, not two spends racing. */
    const adminOnly = (at: TSESTree.Node): boolean => !options.checkAdminCode && onlyAdminRuns(at, sourceCode, context.filename);
    return {
      Program() {
        for (const decrement of findSqlDecrements(sourceCode, facts)) {
          const { column } = decrement;
          if (decrement.guarded || !isMoneyColumn(column)) continue;
          // Moved into the user's bank on the same row by the same amount (`SET coins = coins - $1, bank = bank + $1`): nothing is created.
          if (movedWithinRow(column, decrement.credited)) continue;
          if (checkedByDatabase(decrement.statement.target, column)) continue;
          // Read, checked and written in one synchronous stretch (better-sqlite3, no `await` between): nothing interleaves.
          if (checkedInOneStretch(decrement, sourceCode, facts, context.filename)) continue;
          const rowKeys = () => whereArguments(decrement.call, decrement.statement) ?? [];
          if (checkedOneUserAtATime(decrement.call.node, column, rowKeys, writtenField('sql', decrement.statement.target, column))) continue;
          // Read (a SELECT of the table), checked (the column, or a value of the read) and written in an in-process lock's callback keyed by the row's owner.
          // The lock first: a walk up the parents, where the read check walks the function (a decrement outside any lock asks nothing more).
          if (lockedCallback(decrement.call.node, rowKeys(), file) && readComparedBefore(decrement, sourceCode, facts)) continue;
          if (adminOnly(decrement.call.node) || neverTaken(decrement.call.node, sourceCode)) continue;
          const suggestion = decrement.suggestion;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(decrement.range[0]), end: sourceCode.getLocFromIndex(decrement.range[1]) },
            messageId: 'unguarded',
            data: { column, guard: `\`${column} >= …\` to the WHERE clause` },
            suggest: suggestion
              ? [{ messageId: 'suggestGuard', data: { guard: suggestion.guard }, fix: (fixer) => fixer.insertTextAfterRange([suggestion.at, suggestion.at], suggestion.text) }]
              : [],
          });
        }
      },
      CallExpression(node: TSESTree.CallExpression) {
        for (const decrement of findMongoDecrements(node, context)) {
          if (!isMoneyColumn(decrement.column) || movedWithinRow(decrement.column, decrement.credited) || adminOnly(node) || checkedOneUserAtATime(node, decrement.column, () => node.arguments.slice(0, 1)) || neverTaken(node, sourceCode)) continue;
          context.report({ node: decrement.node, messageId: 'unguardedMongo', data: { field: decrement.field } });
        }
        if (!isChainEnd(node)) return;
        for (const decrement of findOrmDecrements(node, model, sourceCode, facts)) {
          if (decrement.guarded || !isMoneyColumn(decrement.column) || movedWithinRow(decrement.column, decrement.credited ?? [])) continue;
          if (checkedByDatabase(decrement.table ?? null, decrement.column)) continue;
          // Read, checked and written in one Prisma transaction a second run cannot pass meanwhile: on SQLite (begun IMMEDIATE),
          // after a `SELECT … FOR UPDATE` of the written model's table, or at Serializable / RepeatableRead.
          if (decrement.orm === 'prisma' && checkedInPrismaTransaction(node, decrement.column, context, facts)) continue;
          if (checkedOneUserAtATime(node, decrement.column, () => rowSelectors(node), writtenField(decrement.orm, decrement.table, decrement.column))) continue;
          if (adminOnly(node) || neverTaken(node, sourceCode)) continue;
          context.report({
            node: decrement.node,
            messageId: 'unguarded',
            data: { column: decrement.column, guard: decrement.guard },
          });
        }
      },
    };
  },
});
