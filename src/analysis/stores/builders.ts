/**
 * Query-builder reads and writes of one table through knex, Drizzle, Kysely and TypeORM (clients
 * proven by the ORM model), for the read → check → write races of `require-for-update`:
 * `knex('users').where({ id }).first()` reads `users`, `knex('users').where({ id }).update({ … })`
 * writes it. Decrements come from the ORM model's own write analysis (`findOrmDecrements`).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, getPropertyName, objectLiteralOf, propertyKey, skipTypeWrappers, someInSameFunction, staticString, escapeRegExp } from '../ast/index.js';
import { createFunctionFacts, type FunctionFacts } from '../flow/index.js';
import { isSynchronousSqlite } from '../sql/index.js';
import { clientOfChain, decomposeChain, findOrmDecrements, isChainEnd, knexTable, objectProperty, sameColumn, someLinkNamed, type Chain, type Orm } from '../orm/index.js';
import { ormModelOf } from './clients.js';
import { type FileRef } from '../summaries/index.js';

type BuilderOrm = Exclude<Orm, 'prisma'>;

/** A read of rows of one table through a query builder, awaited. */
export interface BuilderRead {
  readonly orm: BuilderOrm;
  /** The table (knex, Kysely: its name; Drizzle: the table object's name; TypeORM: the repository's text or the entity's name). */
  readonly table: string;
  /** The awaited expression (`await knex('users')…first()`). */
  readonly top: TSESTree.AwaitExpression;
  /** `.forUpdate()`, `.for('update')`, `lock: { mode: 'pessimistic_write' }`: the read takes a row lock. */
  readonly locked: boolean;
}

/** One field a builder write changes. */
export interface BuilderField {
  readonly field: string;
  /** The value written, or the amount of a decrement. */
  readonly value: TSESTree.Node;
  readonly decrement: boolean;
}

/** A write of one table through a query builder. */
export interface BuilderWrite {
  readonly orm: BuilderOrm;
  readonly table: string;
  readonly fields: readonly BuilderField[];
  /** Whether the write's own filter names `field` (or cannot be read): then the database may decide. */
  readonly conditions: (field: string) => boolean;
  /** TypeORM `repo.save(doc)`: the saved document. */
  readonly saved: TSESTree.Node | null;
}

/** Knex builder links that write (or shape a write: `onConflict`). */
export const KNEX_WRITES: ReadonlySet<string> = new Set(['insert', 'update', 'del', 'delete', 'decrement', 'increment', 'upsert', 'merge', 'truncate', 'onConflict']);
const KNEX_ROW_READS = new Set(['first', 'where', 'select', 'andWhere', 'forUpdate', 'forShare']);
const KYSELY_ENDS = new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow']);
const TYPEORM_READS = new Set(['findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail']);
const LOCKS = new Set(['forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare']);
const WHERE_LINKS = /^(where|andWhere|orWhere|whereRaw|andWhereRaw|whereIn|whereNot)$/;

/** The read `call` ends, when it is the awaited end of a query-builder read on a proven client. */
export function builderReadOf(call: TSESTree.CallExpression, file: FileRef): BuilderRead | null {
  if (call.parent?.type !== AST_NODE_TYPES.AwaitExpression) return null;
  const read = builderQueryOf(call, file);
  return read && { ...read, top: call.parent };
}

/**
 * The link names a builder read cannot do without (one of them, per library: knex's row reads,
 * Drizzle's `select`/`findFirst`, Kysely's and TypeORM's last link): a chain with none of them
 * (`ctx.reply(…)`, `items.map(…).join(…)`) is passed over before it is listed or its client looked for.
 */
const READ_LINKS: ReadonlySet<string> = new Set([...KNEX_ROW_READS, 'select', 'selectDistinct', 'findFirst', 'findMany', ...KYSELY_ENDS, ...TYPEORM_READS]);

/** The read `call` ends, awaited or not (`return db('users').where({ id }).first()` in a helper). */
export function builderQueryOf(call: TSESTree.CallExpression, file: FileRef): Omit<BuilderRead, 'top'> | null {
  if (!isChainEnd(call) || !someLinkNamed(call, READ_LINKS)) return null;
  const chain = decomposeChain(call);
  const orm = clientOfChain(chain, ormModelOf(file));
  if (orm === null || orm === 'prisma' || isSynchronousSqlite(file.sourceCode, file.filename)) return null;
  const names = chain.links.map((link) => link.name);
  const locked = names.some((name) => LOCKS.has(name)) || chain.links.some((link) => link.name === 'for' && /^(update|no key update)$/i.test(staticString(link.call?.arguments[0]) ?? ''));
  switch (orm) {
    case 'knex': {
      if (names.some((name) => KNEX_WRITES.has(name)) || !names.some((name) => KNEX_ROW_READS.has(name))) return null;
      const table = knexTable(chain);
      return table === null ? null : { orm, table, locked };
    }
    case 'drizzle': {
      // `db.query.users.findFirst(…)`, the relational API.
      const query = names.indexOf('query');
      if (query !== -1 && /^find(First|Many)$/.test(names.at(-1) ?? '') && chain.links[query + 1]?.call === null) {
        return { orm, table: chain.links[query + 1]!.name, locked };
      }
      const from = chain.links.find((link) => link.name === 'from');
      if (!/^select(Distinct)?$/.test(names[0] ?? '') && !names.includes('select')) return null;
      const table = from?.call ? tableName(from.call.arguments[0]) : null;
      return table === null ? null : { orm, table, locked };
    }
    case 'kysely': {
      const from = chain.links.find((link) => link.name === 'selectFrom');
      const table = staticString(from?.call?.arguments[0]);
      return table === null || !KYSELY_ENDS.has(names.at(-1) ?? '') ? null : { orm, table: table.split(/\s+/)[0]!, locked };
    }
    case 'typeorm': {
      const last = chain.links.at(-1)!;
      if (!TYPEORM_READS.has(last.name) || !last.call) return null;
      const [first, second] = last.call.arguments;
      // `manager.findOne(User, { … })`: the entity names the table; `repo.findOne({ … })`: the repository does.
      const entity = first?.type === AST_NODE_TYPES.Identifier && second ? first.name : null;
      const options = objectLiteralOf(entity === null ? first : second, file.sourceCode);
      const lock = options ? objectProperty(options, 'lock') : undefined;
      const table = entity ?? file.sourceCode.getText(last.member.object);
      return { orm, table, locked: locked || lock !== undefined };
    }
    default:
      return null;
  }
}

const factsByFile = new WeakMap<Readonly<TSESLint.SourceCode>, FunctionFacts>();

function factsOf(file: FileRef): FunctionFacts {
  let facts = factsByFile.get(file.sourceCode);
  if (!facts) factsByFile.set(file.sourceCode, (facts = createFunctionFacts()));
  return facts;
}

/** The write `call` ends, when it is the end of a query-builder update of one table on a proven client. */
export function builderWriteOf(call: TSESTree.CallExpression, file: FileRef): BuilderWrite | null {
  if (!isChainEnd(call)) return null;
  const chain = decomposeChain(call);
  const model = ormModelOf(file);
  const orm = clientOfChain(chain, model);
  if (orm === null || orm === 'prisma') return null;
  const decrements = findOrmDecrements(call, model, file.sourceCode, factsOf(file))
    .filter((decrement) => !decrement.guarded)
    .map((decrement) => ({ field: decrement.column, value: decrement.node, decrement: true }));
  const { sourceCode } = file;
  switch (orm) {
    case 'knex': {
      const table = knexTable(chain);
      const update = chain.links.find((link) => link.name === 'update' || link.name === 'decrement');
      if (table === null || !update?.call) return null;
      const fields = update.name === 'update' ? valueFields(update.call.arguments[0], file) : [];
      return { orm, table, fields: [...decrements, ...fields], conditions: (field) => whereConditions(chain, field, file), saved: null };
    }
    case 'drizzle': {
      const update = chain.links.find((link) => link.name === 'update');
      const set = chain.links.find((link) => link.name === 'set');
      const table = update?.call ? tableName(update.call.arguments[0]) : null;
      if (table === null || !set?.call) return null;
      return { orm, table, fields: [...decrements, ...valueFields(set.call.arguments[0], file)], conditions: (field) => whereConditions(chain, field, file), saved: null };
    }
    case 'kysely': {
      const update = chain.links.find((link) => link.name === 'updateTable');
      const set = chain.links.find((link) => link.name === 'set');
      const table = staticString(update?.call?.arguments[0]);
      if (table === null || !set?.call) return null;
      return { orm, table: table.split(/\s+/)[0]!, fields: [...decrements, ...valueFields(set.call.arguments[0], file)], conditions: (field) => whereConditions(chain, field, file), saved: null };
    }
    case 'typeorm': {
      const last = chain.links.at(-1)!;
      if (!last.call) return null;
      const args = last.call.arguments;
      const receiver = sourceCode.getText(last.member.object);
      // `manager.update(User, criteria, partial)` / `repo.update(criteria, partial)`; `decrement` likewise.
      const entity = args[0]?.type === AST_NODE_TYPES.Identifier && args.length >= (last.name === 'decrement' ? 4 : 3) ? args[0].name : null;
      const rest = entity === null ? args : args.slice(1);
      const table = entity ?? receiver;
      if (last.name === 'save' && rest.length >= 1) return { orm, table, fields: [], conditions: () => false, saved: rest[0]! };
      if (last.name !== 'update' && last.name !== 'decrement') return null;
      const criteria = rest[0];
      const conditions = (field: string): boolean => {
        if (!criteria || criteria.type === AST_NODE_TYPES.SpreadElement) return true;
        const object = objectLiteralOf(criteria, sourceCode);
        if (object === null) return skipTypeWrappers(criteria).type !== AST_NODE_TYPES.Identifier && skipTypeWrappers(criteria).type !== AST_NODE_TYPES.Literal;
        return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || sameColumn(propertyKey(property) ?? '', field));
      };
      const fields = last.name === 'update' ? valueFields(rest[1], file) : [];
      return { orm, table, fields: [...decrements, ...fields], conditions, saved: null };
    }
    default:
      return null;
  }
}

/** The fields of an update object (`{ balance: user.balance - cost }`), each with its value; a builder function or spread adds nothing. */
function valueFields(node: TSESTree.Node | undefined, file: FileRef): BuilderField[] {
  const object = objectLiteralOf(node, file.sourceCode);
  if (!object) return [];
  const fields: BuilderField[] = [];
  for (const property of object.properties) {
    const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
    if (key !== null) fields.push({ field: key, value: (property as TSESTree.Property).value, decrement: false });
  }
  return fields;
}

/** Drizzle `update(users)` / `from(schema.users)`: the table object's name. */
function tableName(node: TSESTree.Node | undefined): string | null {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return null;
  const path = getMemberPath(skipTypeWrappers(node));
  return path ? path[path.length - 1]! : null;
}

/**
 * Whether a `where` link of the chain names `field` (`.where('balance', '>=', cost)`,
 * `.where(and(eq(users.id, id), gte(users.balance, cost)))`, `{ id, balance }`, raw text), or has an
 * argument it cannot read (a variable, a spread): then nothing is claimed.
 */
function whereConditions(chain: Chain, field: string, file: FileRef): boolean {
  for (const link of chain.links) {
    if (!link.call || !WHERE_LINKS.test(link.name)) continue;
    for (const argument of link.call.arguments) {
      const value = skipTypeWrappers(argument);
      if (value.type === AST_NODE_TYPES.Identifier) {
        // `.where(filter)`: the filter object, unknown unless it resolves; `.where('id', '=', id)`: a value.
        const object = objectLiteralOf(value, file.sourceCode);
        if ((object === null && link.call.arguments.length === 1) || (object !== null && mentions(object, field))) return true;
        continue;
      }
      if (value.type === AST_NODE_TYPES.SpreadElement || mentions(value, field)) return true;
    }
  }
  return false;
}

/** Whether a subtree names the column: a string, an object key, a member's last name, a word of a template or raw text. */
function mentions(root: TSESTree.Node, field: string): boolean {
  const word = new RegExp(`(^|[^\\w])"?(${[field, field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)].map((name) => escapeRegExp(name)).join('|')})"?([^\\w]|$)`, 'i');
  return someInSameFunction(
    root,
    (node) =>
      (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && word.test(node.value)) ||
      (node.type === AST_NODE_TYPES.TemplateElement && word.test(node.value.cooked ?? '')) ||
      (node.type === AST_NODE_TYPES.Property && sameColumn(propertyKey(node) ?? '', field)) ||
      (node.type === AST_NODE_TYPES.MemberExpression && sameColumn(getPropertyName(node) ?? '', field)) ||
      node.type === AST_NODE_TYPES.SpreadElement,
    { enterFunctions: true },
  );
}
