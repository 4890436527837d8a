import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, skipTypeWrappers } from '../analysis/ast/index.js';
import { createNameMatcher, createTableMatcher, DEFAULT_IDEMPOTENCY_COLUMNS, findSqlInserts, isMintedByCallers, isMintedValue, isOptionalArgument } from '../analysis/money/index.js';
import { createFunctionFacts } from '../analysis/flow/index.js';
import { findOrmInserts, getOrmModel, isChainEnd, type OrmInsert } from '../analysis/orm/index.js';
import { projectSchema, schemaKey, type ProjectSchema } from '../analysis/schema/index.js';
import { sqlIdentifier } from '../analysis/sql/index.js';
import { createRule } from '../util/create-rule.js';
import { nameList, optionsObject } from '../util/schema.js';

export type Options = [
  {
    idempotencyColumns?: string[];
    tables?: string[];
    ignoreTables?: string[];
  },
];
export type MessageIds = 'externalId' | 'table' | 'suggestUpsert';

export default createRule<Options, MessageIds>({
  name: 'require-on-conflict',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an INSERT of an external identity (payment charge id, update id, idempotency key) to handle conflicts',
      category: 'Idempotency',
      priority: 'P1',
      precision: 'experimental',
      fix: 'Add `ON CONFLICT (<external id>) DO NOTHING` (MySQL: `INSERT IGNORE`) on a unique index, or use an upsert.',
      strictOptions: [{ tables: ['*'] }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      idempotencyColumns: nameList(
        'Columns whose value identifies one external event, so that a retry carries it again: names, patterns with `*` (`*_charge_id`), or /regular expressions/. Replaces the default list.',
      ),
      tables: nameList('Tables whose every INSERT must handle conflicts, whatever the columns; `*` means every table.'),
      ignoreTables: nameList('Tables never reported (append-only logs, audit trails).'),
    }),
    defaultOptions: [{ idempotencyColumns: [...DEFAULT_IDEMPOTENCY_COLUMNS], tables: [], ignoreTables: [] }],
    messages: {
      externalId:
        'This insert stores the external id `{{column}}` with no conflict handling: when the webhook or update is retried, it is stored twice. {{remedy}}',
      table:
        'This insert into `{{table}}` has no conflict handling: when the webhook or update is retried, the row is stored twice. {{remedy}}',
      suggestUpsert: 'Replace `create` with an `upsert` keyed on `{{column}}` (needs a unique index on it).',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const isIdempotencyColumn = createNameMatcher(options.idempotencyColumns!);
    const isCheckedTable = createTableMatcher(options.tables!);
    const isIgnoredTable = createTableMatcher(options.ignoreTables!);
    const model = getOrmModel(sourceCode);
    // Per-function facts, computed once per function of this file (no state across files).
    const facts = createFunctionFacts();
    // The project's own schema (migrations, schema.prisma, Drizzle tables), read only when an insert needs it.
    let schema: ProjectSchema | null | undefined;
    // Once per file, even when there is none (null): `??=` would look again at every insert.
    const schemaOf = (): ProjectSchema | null => (schema === undefined ? (schema = projectSchema(context.filename)) : schema);

    /**
     * What the database says about the inserted identity: a UNIQUE key over it (and only columns
     * this insert writes) makes a retry fail instead of storing the row twice; a foreign key to a
     * row of another table of the bot (`invoice_id REFERENCES invoices(id)`) makes it the bot's own
     * id, not an external event's.
     */
    function settledBySchema(table: string | null, identity: string, columns: readonly string[], valueOf: (column: string) => TSESTree.Node | null): boolean {
      if (table === null) return false;
      const known = schemaOf();
      if (!known) return false;
      if (known.isUniqueAmong(table, identity, columns)) return true;
      // Another UNIQUE key over columns this insert fills with what the request carries
      // (`@@unique([memberId, groupChatId])`): a retry writes the same values and fails too.
      const byName = new Map(columns.map((column) => [schemaKey(column), column]));
      const sameOnRetry = (column: string) => {
        const written = byName.get(schemaKey(column));
        const value = written === undefined ? null : valueOf(written);
        return value !== null && isRequestValue(value);
      };
      if (known.uniqueKeysAmong(table, columns).some((key) => key.length > 0 && key.every(sameOnRetry))) return true;
      // A foreign key to a row of the bot's own: a column of another name (`invoices.id`), or one the
      // database mints for each row whatever its name (`Payment.paymentId @id @default(cuid())`).
      const reference = known.referenceOf(table, identity);
      return reference !== undefined && (!isIdempotencyColumn(reference.column) || known.isGenerated(reference.table, reference.column));
    }

    function checkOrmInsert(insert: OrmInsert): void {
      if (insert.handled) return;
      if (insert.table !== null && isIgnoredTable(insert.table)) return;
      const identity = insert.columns.find((column) => isIdempotencyColumn(column.name));
      // An id minted right here (a provider's create-invoice response) is new on every run.
      const identityValue = identity && (identity.node as TSESTree.Property).value;
      if (identityValue && (isMintedValue(identityValue, sourceCode) || isMintedByCallers(identityValue, context) || isOptionalArgument(identityValue, sourceCode, context.filename))) return;
      if (identity && insert.table !== null && isAppendOnlyLog(insert.table)) return;
      const valueOf = (name: string) => {
        const column = insert.columns.find((candidate) => candidate.name === name);
        return column?.node.type === AST_NODE_TYPES.Property ? column.node.value : null;
      };
      if (identity && settledBySchema(insert.table, identity.name, insert.columns.map((column) => column.name), valueOf)) return;
      if (identity) {
        context.report({
          node: insert.node,
          messageId: 'externalId',
          data: { column: identity.name, remedy: insert.remedy },
          suggest:
            insert.upsert && isPlainValue(identity.node)
            ? [{ messageId: 'suggestUpsert', data: { column: identity.name }, fix: upsertFix(insert.upsert, identity.node, sourceCode) }]
            : [],
        });
      } else if (insert.table !== null && isCheckedTable(insert.table)) {
        context.report({ node: insert.node, messageId: 'table', data: { table: insert.table, remedy: insert.remedy } });
      }
    }

    return {
      Program() {
        for (const insert of findSqlInserts(sourceCode, facts)) {
          if (insert.handled || (insert.table !== null && isIgnoredTable(insert.table))) continue;
          const loc = { start: sourceCode.getLocFromIndex(insert.range[0]), end: sourceCode.getLocFromIndex(insert.range[1]) };
          // Names are judged as written (`"chargeId"` has the words of `charge_id`); values are looked up folded.
          const at = insert.writtenColumns.findIndex((column) => isIdempotencyColumn(column));
          const identity = at === -1 ? (insert.lookedUpBy ?? undefined) : insert.columns[at];
          const written = at === -1 ? identity : insert.writtenColumns[at]!;
          const value = identity === undefined ? null : insert.valueOf(identity);
          if (value && (isMintedValue(value, sourceCode) || isMintedByCallers(value, context) || isOptionalArgument(value, sourceCode, context.filename))) continue;
          const remedy = `Add \`ON CONFLICT (${written === undefined ? '…' : sqlIdentifier(written)}) DO NOTHING\` (MySQL: \`INSERT IGNORE\`) on a unique index.`;
          if (identity !== undefined && written !== undefined) {
            if (insert.table !== null && isAppendOnlyLog(insert.table)) continue;
            const byWritten = new Map(insert.writtenColumns.map((column, index) => [column, insert.columns[index]!]));
            if (settledBySchema(insert.table, written, insert.writtenColumns, (column) => insert.valueOf(byWritten.get(column) ?? column))) continue;
            context.report({ loc, messageId: 'externalId', data: { column: written, remedy } });
          } else if (insert.table !== null && isCheckedTable(insert.table)) {
            context.report({ loc, messageId: 'table', data: { table: insert.table, remedy } });
          }
        }
      },
      CallExpression(node: TSESTree.CallExpression) {
        if (!isChainEnd(node)) return;
        for (const insert of findOrmInserts(node, model, sourceCode, facts)) checkOrmInsert(insert);
      },
    };
  },
});

/**
 * An append-only log table (`payment_logs`, `audit_trail`, Prisma's `paymentLog`): a duplicate
 * line in a log is harmless, so an external id stored there is not an idempotency point (a table
 * named in the `tables` option is still checked). Not `events`: a table of received event ids is
 * usually the deduplication table itself.
 */
function isAppendOnlyLog(table: string): boolean {
  return /(^|_)logs?$/i.test(table) || /[a-z]Logs?$/.test(table) || /^audit/i.test(table);
}

/**
 * `prisma.payment.create({ data: { chargeId, … } })` →
 * `prisma.payment.upsert({ where: { chargeId }, create: { chargeId, … }, update: {} })`.
 */
function upsertFix(
  upsert: NonNullable<OrmInsert['upsert']>,
  identity: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.ReportFixFunction {
  return (fixer) => {
    const property = identity as TSESTree.Property;
    const where = property.shorthand ? sourceCode.getText(property) : `${sourceCode.getText(property.key)}: ${sourceCode.getText(property.value)}`;
    return [
      fixer.replaceText(upsert.method, 'upsert'),
      fixer.replaceText(upsert.data, `where: { ${where} }, create: ${sourceCode.getText(upsert.data.value)}, update: {}`),
    ];
  };
}

/**
 * A value a retry of the same request writes again: a literal, a variable or a property read
 * (`subscriberId`, `ctx.chat.id`), not one computed afresh (`new Date()`, `randomUUID()`).
 */
function isRequestValue(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.Literal || getMemberPath(value) !== null;
}

/** A value that can be written twice without running anything twice: `chargeId`, `payment.id`, `'x'`. */
function isPlainValue(node: TSESTree.Node): boolean {
  const value = (node as TSESTree.Property).value;
  return value.type === AST_NODE_TYPES.Literal || getMemberPath(value) !== null;
}
