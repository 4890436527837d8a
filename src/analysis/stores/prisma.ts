/**
 * Prisma reads and writes of one model, for the read → check → write races of `require-for-update`.
 * The client is proven by the ORM model (import, creation, `PrismaClient` type, a `$transaction`
 * handle); `prisma.user.findUnique(…)` reads the model `user`, `prisma.user.update(…)` writes it.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, enclosingFunction, getMemberPath, getPropertyName, isFunction, isPropertyName, objectLiteralOf, patternNames, propertyKey, resolveVariable, someInSameFunction, skipTypeWrappers, staticString, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { objectProperty, PRISMA_UPDATES } from '../orm/index.js';
import { snakeCaseColumn, tableStem } from '../money/index.js';
import { projectSchema, schemaKey } from '../schema/index.js';
import { comparesAndSets, getSqlModel } from '../sql/index.js';
import { ormModelOf } from './clients.js';
import { calledFunction, originOf, parameterIndex, type FileRef } from '../summaries/index.js';
import { transactionScopeOf } from './values.js';

const { DefinitionType } = TSESLint.Scope;

/** Prisma reads of one row of a model. */
const ROW_READS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow']);
/** Every Prisma read of a model. */
export const PRISMA_READS: ReadonlySet<string> = new Set([...ROW_READS, 'findMany', 'count', 'aggregate', 'groupBy']);

/** A Prisma model call: `prisma.user.findUnique(…)`, `tx.wallet.update(…)`. */
export interface PrismaCall {
  readonly model: string;
  readonly method: string;
  readonly call: TSESTree.CallExpression;
  /** The first argument when it is an object literal (`{ where, data }`). */
  readonly args: TSESTree.ObjectExpression | null;
}

/** The Prisma model call `call` is, when its receiver is a proven Prisma client; null otherwise. */
export function prismaCallOf(call: TSESTree.CallExpression, file: FileRef): PrismaCall | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = getPropertyName(callee);
  const holder = skipTypeWrappers(callee.object);
  if (method === null || holder.type !== AST_NODE_TYPES.MemberExpression) return null;
  const model = getPropertyName(holder);
  if (model === null || model.startsWith('$')) return null;
  if (ormModelOf(file).clientOf(holder.object) !== 'prisma') return null;
  return { model, method, call, args: objectLiteralOf(call.arguments[0], file.sourceCode) };
}

/**
 * Whether a call is a Prisma model query (`prisma.user.findUnique(…)`) on a client that prints its
 * own failures: created with `new PrismaClient({ log: ['error'] })` — `'error'` among the levels, as
 * a string or as `{ level: 'error', emit: 'stdout' }` (not `emit: 'event'`, which only calls a
 * listener), in every branch of a `cond ? ['query', 'error'] : ['error']` — followed back to its
 * creation through imports of the project module that holds it (`import prisma from '../lib/prisma'`),
 * a `globalThis.prisma ?? createPrismaClient()` cache and the factory function that returns it.
 * Prisma then writes every failed query to stderr (`prisma:error Invalid \`prisma.user.update()\`
 * invocation: …`): a `catch` that drops the error loses nothing an operator would see.
 */
export function prismaQueryLogsOwnFailure(call: TSESTree.CallExpression, file: FileRef): boolean {
  if (!prismaCallOf(call, file)) return false;
  const holder = skipTypeWrappers((skipTypeWrappers(call.callee) as TSESTree.MemberExpression).object) as TSESTree.MemberExpression;
  return clientLogsErrors(holder.object, file, 0);
}

/** How many links (a factory call, a cache `??`) {@link clientLogsErrors} follows. */
const MAX_CLIENT_LINKS = 3;

function clientLogsErrors(node: TSESTree.Node, file: FileRef, depth: number): boolean {
  if (depth > MAX_CLIENT_LINKS) return false;
  const origin = originOf(node, file);
  if (origin?.kind !== 'expression') return false;
  const value = skipTypeWrappers(origin.node);
  switch (value.type) {
    case AST_NODE_TYPES.NewExpression: {
      const callee = skipTypeWrappers(value.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      return name === 'PrismaClient' && logsErrors(objectLiteralOf(value.arguments[0], origin.file.sourceCode), origin.file);
    }
    // `globalForPrisma.prisma ?? createPrismaClient()`: the cache holds a client the same code made.
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator !== '&&' && skipTypeWrappers(value.left).type === AST_NODE_TYPES.MemberExpression && clientLogsErrors(value.right, origin.file, depth + 1);
    // `createPrismaClient()`: a factory whose body is the client, or one `return` of it.
    case AST_NODE_TYPES.CallExpression: {
      const target = calledFunction(value, origin.file);
      if (!target || target.fn.async) return false;
      const body = target.fn.body;
      if (body.type !== AST_NODE_TYPES.BlockStatement) return clientLogsErrors(body, target.file, depth + 1);
      const last = body.body.at(-1);
      return body.body.length === 1 && last?.type === AST_NODE_TYPES.ReturnStatement && last.argument !== null && clientLogsErrors(last.argument, target.file, depth + 1);
    }
    default:
      return false;
  }
}

/** `{ log: ['error'] }`, `{ log: [{ level: 'error', emit: 'stdout' }] }`, `{ log: dev ? ['query', 'error'] : ['error'] }`. */
function logsErrors(options: TSESTree.ObjectExpression | null, file: FileRef): boolean {
  const log = options ? objectProperty(options, 'log') : undefined;
  if (!log) return false;
  const levels = (value: TSESTree.Node): boolean => {
    const node = skipTypeWrappers(value);
    if (node.type === AST_NODE_TYPES.ConditionalExpression) return levels(node.consequent) && levels(node.alternate);
    if (node.type !== AST_NODE_TYPES.ArrayExpression) return false;
    return node.elements.some((element) => {
      if (!element || element.type === AST_NODE_TYPES.SpreadElement) return false;
      if (staticString(element) === 'error') return true;
      const entry = objectLiteralOf(element, file.sourceCode);
      if (!entry) return false;
      const level = objectProperty(entry, 'level');
      const emit = objectProperty(entry, 'emit');
      return level !== undefined && staticString(level.value) === 'error' && (emit === undefined || staticString(emit.value) === 'stdout');
    });
  };
  return levels(log.value);
}

/** `findUnique` / `findFirst` (and their `OrThrow` forms) of a model. */
export function isPrismaRead(call: PrismaCall): boolean {
  return ROW_READS.has(call.method);
}

/** `count` of a model: the number a limit is checked against. */
export function isPrismaCount(call: PrismaCall): boolean {
  return call.method === 'count';
}

/** `create` of a model (one row; `createMany` is a batch import, no per-request limit). */
export function isPrismaCreate(call: PrismaCall): boolean {
  return call.method === 'create';
}

/** One field an update writes: `balance: { decrement: cost }`, `balance: user.balance - cost`, `balance: { set: … }`. */
export interface PrismaWrite {
  readonly field: string;
  /** The value written (`user.balance - cost`), or the amount of a `decrement` / negative `increment`. */
  readonly value: TSESTree.Node;
  readonly decrement: boolean;
}

/** The fields an `update` / `updateMany` / `upsert` writes, with how; null when it is not one or its data cannot be read. */
export function prismaWritesOf(call: PrismaCall, file: FileRef): PrismaWrite[] | null {
  const data = updateData(call, file);
  return data ? dataWrites(data, file) : null;
}

/** The `data` (or an upsert's `update`) object of an update call, when it is an object literal. */
function updateData(call: PrismaCall, file: FileRef): TSESTree.ObjectExpression | null {
  if (!PRISMA_UPDATES.has(call.method) || !call.args) return null;
  return objectLiteralOf(objectProperty(call.args, call.method === 'upsert' ? 'update' : 'data')?.value, file.sourceCode);
}

/** The fields a `data` object writes: `balance: { decrement: cost }`, `balance: user.balance - cost`, `balance: { set: … }`. */
function dataWrites(data: TSESTree.ObjectExpression, file: FileRef, value: (node: TSESTree.Node) => TSESTree.Node | null = (node) => node): PrismaWrite[] {
  const writes: PrismaWrite[] = [];
  for (const property of data.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const field = propertyKey(property);
    if (field === null) continue;
    const operation = objectLiteralOf(property.value, file.sourceCode);
    if (!operation) {
      const written = value(property.value);
      if (written) writes.push({ field, value: written, decrement: false });
      continue;
    }
    const decrement = objectProperty(operation, 'decrement')?.value;
    const increment = objectProperty(operation, 'increment')?.value;
    const set = objectProperty(operation, 'set')?.value;
    const amount = decrement ? value(decrement) : increment && isNegated(increment) ? value(increment) : null;
    const setTo = set ? value(set) : null;
    if (amount) writes.push({ field, value: amount, decrement: true });
    else if (setTo) writes.push({ field, value: setTo, decrement: false });
  }
  return writes;
}

const helperUpdates = new WeakMap<FunctionNode, PrismaCall[]>();

/**
 * A call of a helper of the file or the project whose only Prisma update (`prisma.user.update({
 * where: { id }, data })`, outside any `$transaction`) writes what the caller passes: the whole
 * `data` as a parameter (`updateUser(id, { balance: user.balance - cost })`), or a field from a
 * parameter (`setBalance(id, user.balance - cost)`, `{ balance: { decrement: amount } }`). Gives the
 * model and the writes, with the caller's arguments as their values; the fields the update's own
 * `where` names are left out. Null for other calls.
 */
export function prismaHelperWritesOf(call: TSESTree.CallExpression, file: FileRef): { model: string; writes: PrismaWrite[] } | null {
  const callee = calledFunction(call, file);
  if (!callee) return null;
  const updates = prismaUpdatesIn(callee.fn, callee.file);
  if (updates.length !== 1) return null;
  const update = updates[0]!;
  if (prismaTransactionOf(update.call, callee.file) !== 'none' || !update.args) return null;
  const argumentAt = (node: TSESTree.Node): TSESTree.Node | null => {
    const index = parameterIndex(node, callee.fn, callee.file);
    const argument = index >= 0 ? call.arguments[index] : undefined;
    return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : null;
  };
  const dataNode = objectProperty(update.args, update.method === 'upsert' ? 'update' : 'data')?.value;
  if (!dataNode) return null;
  let writes: PrismaWrite[];
  const passed = argumentAt(dataNode);
  if (passed) {
    const object = objectLiteralOf(passed, file.sourceCode);
    if (!object) return null;
    writes = dataWrites(object, file);
  } else {
    const data = objectLiteralOf(dataNode, callee.file.sourceCode);
    if (!data) return null;
    writes = dataWrites(data, callee.file, argumentAt);
  }
  return { model: update.model, writes: writes.filter((write) => !prismaWhereConditions(update, write.field, callee.file)) };
}

/** The Prisma updates in a function's own body (not in nested functions), memoised per function. */
function prismaUpdatesIn(fn: FunctionNode, file: FileRef): PrismaCall[] {
  let updates = helperUpdates.get(fn);
  if (!updates) {
    const found: PrismaCall[] = [];
    walkSameFunction(fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const prismaCall = prismaCallOf(node, file);
      if (prismaCall && PRISMA_UPDATES.has(prismaCall.method)) found.push(prismaCall);
    });
    helperUpdates.set(fn, (updates = found));
  }
  return updates;
}

/**
 * Whether the update's `where` holds a condition on `field` (`{ id, balance: { gte: cost } }`,
 * inside `AND`), or cannot be read (a variable, a spread): then the database may decide, and
 * nothing is claimed.
 */
export function prismaWhereConditions(call: PrismaCall, field: string, file: FileRef): boolean {
  const where = call.args ? objectProperty(call.args, 'where') : undefined;
  if (!where) return false;
  const object = objectLiteralOf(where.value, file.sourceCode);
  return object === null || conditions(object, field, file);
}

/**
 * Whether an update's `where` pins a field its `data` changes (compare-and-set, {@link
 * comparesAndSets}: `where: { id, version: user.version }` with `data: { version: { increment: 1 }
 * }`): the second of two runs that read the same row matches none (`update` throws P2025,
 * `updateMany` counts 0). Pinned fields are the `where`'s own keys and those of its `AND`.
 */
export function prismaComparesAndSets(call: PrismaCall, file: FileRef): boolean {
  const where = call.args ? objectLiteralOf(objectProperty(call.args, 'where')?.value, file.sourceCode) : null;
  const data = updateData(call, file);
  if (!where || !data) return false;
  return comparesAndSets(pinnedFields(where, file), data.properties.flatMap((property) => (property.type === AST_NODE_TYPES.Property ? (propertyKey(property) ?? []) : [])));
}

/** The fields a `where` object compares, itself and through `AND`. */
function pinnedFields(where: TSESTree.ObjectExpression, file: FileRef): string[] {
  return where.properties.flatMap((property): string[] => {
    if (property.type !== AST_NODE_TYPES.Property) return [];
    const key = propertyKey(property);
    if (key !== 'AND') return key === null || key === 'OR' || key === 'NOT' ? [] : [key];
    const value = skipTypeWrappers(property.value);
    const items = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
    return items.flatMap((item) => {
      const object = item && item.type !== AST_NODE_TYPES.SpreadElement ? objectLiteralOf(item, file.sourceCode) : null;
      return object ? pinnedFields(object, file) : [];
    });
  });
}

function conditions(where: TSESTree.ObjectExpression, field: string, file: FileRef): boolean {
  for (const property of where.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return true;
    const key = propertyKey(property);
    const value = skipTypeWrappers(property.value);
    if (key === field) return true;
    if (key === 'AND' || key === 'OR' || key === 'NOT') {
      const items = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
      for (const item of items) {
        if (!item || item.type === AST_NODE_TYPES.SpreadElement) return true;
        const object = objectLiteralOf(item, file.sourceCode);
        if (object === null || conditions(object, field, file)) return true;
      }
    }
  }
  return false;
}

/** `-amount`, `-5`, `amount * -1`. */
function isNegated(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.UnaryExpression) return value.operator === '-';
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'number' && value.value < 0;
  return value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '*' && (isNegated(value.left) || isNegated(value.right));
}

const PRISMA_TRANSACTIONS: ReadonlySet<string> = new Set(['$transaction']);

/**
 * How a call runs with respect to Prisma transactions: in an interactive `$transaction(async (tx) =>
 * …)` (whose default isolation, read committed on PostgreSQL, lets two transactions read the same
 * old value), in one asking for `Serializable` / `RepeatableRead` (safe), or in none. A call on the
 * handle of an interactive transaction is safe too when the project's Prisma schema names `provider
 * = "sqlite"` ({@link serialisedBySqlite}).
 */
export function prismaTransactionOf(node: TSESTree.Node, file: FileRef): 'none' | 'interactive' | 'safe' {
  const scope = transactionScopeOf(node, file, PRISMA_TRANSACTIONS);
  return scope === 'interactive' && node.type === AST_NODE_TYPES.CallExpression && serialisedBySqlite(node, file) ? 'safe' : scope;
}

/**
 * A Prisma model call on the handle of an interactive `$transaction(async (tx) => …)` of a project
 * whose `schema.prisma` names `provider = "sqlite"`: Prisma begins every SQLite transaction
 * `IMMEDIATE` (the libSQL driver adapter begins it deferred, but holds its client's one lock until
 * the commit, and SQLite refuses the stale write of a second process), so of two runs the second
 * waits at the BEGIN, then reads what the first wrote. A call on the outer client inside the
 * callback runs outside the transaction. No schema, a provider taken from `env(…)`, or two
 * schemas that disagree leave the database unknown.
 */
function serialisedBySqlite(call: TSESTree.CallExpression, file: FileRef): boolean {
  return prismaTransactionHandleOf(call, file) !== null && projectSchema(file.filename)?.prismaProvider === 'sqlite';
}

/**
 * A read of one document and a later update of it in one MongoDB transaction of Prisma: the project's
 * `schema.prisma` names `provider = "mongodb"`, both calls run on the handle of the same interactive
 * `$transaction(async (tx) => …)`, the read is a row read (`findUnique`, `findFirst`) and the write an
 * `update` / `updateMany` / `upsert` whose `where` selects a document the read returned
 * ({@link mongoDocumentsWritten}). MongoDB runs a transaction on a snapshot and fails a write to a
 * document another transaction has written since, or is writing (WriteConflict, which Prisma raises
 * as P2034 "Transaction failed due to a write conflict or a deadlock"): of two runs that read the
 * same document and pass the same check, the second's write aborts its transaction and rolls it
 * back. Not a write on the outer client (outside the transaction), the array form `$transaction([…])`,
 * another provider (read committed lets both commit), nor writes of different documents (a `count()`
 * then `create`: MongoDB does not stop that write skew).
 */
export function prismaWriteConflictsOnMongo(read: TSESTree.CallExpression, write: TSESTree.CallExpression, rows: ReadonlySet<string>, file: FileRef): boolean {
  return mongoDocumentsWritten(read, write, rows, file).length > 0;
}

/**
 * Where the result of a Prisma row read in a MongoDB transaction holds the document a later update on
 * the same handle writes (see {@link prismaWriteConflictsOnMongo}), as dotted paths from the names in
 * `rows` that hold the result: `profile` when the update is of the read's own model and its `where`
 * names the result (`where: { id: profile.id }`) or is written as the read's own `where` (`{ userId }`
 * both times); `user.wallet` when the read includes the to-one relation `wallet` (`include: { wallet:
 * true }`, or `select`, {@link prismaReadDocuments}) and the update is of that model by a `where`
 * naming it (`where: { id: user.wallet.id }`). Empty when the update is of no document read.
 */
function mongoDocumentsWritten(read: TSESTree.CallExpression, write: TSESTree.CallExpression, rows: ReadonlySet<string>, file: FileRef): string[] {
  const first = prismaCallOf(read, file);
  const second = prismaCallOf(write, file);
  if (!first || !second || !isPrismaRead(first) || !PRISMA_UPDATES.has(second.method)) return [];
  const fn = prismaTransactionHandleOf(read, file);
  if (!fn || prismaTransactionHandleOf(write, file) !== fn || projectSchema(file.filename)?.prismaProvider !== 'mongodb') return [];
  const where = second.args ? objectProperty(second.args, 'where')?.value : undefined;
  if (!where) return [];
  const held: string[] = [];
  for (const { path, model } of prismaReadDocuments(first, file)) {
    if (schemaKey(model) !== schemaKey(second.model)) continue;
    if (path.length === 0) {
      const names = someInSameFunction(where, (inner) => inner.type === AST_NODE_TYPES.Identifier && rows.has(inner.name) && !isPropertyName(inner));
      const own = first.args ? objectProperty(first.args, 'where')?.value : undefined;
      const text = (node: TSESTree.Node) => file.sourceCode.getText(node).replace(/\s+/g, '');
      if (names || (own !== undefined && text(own) === text(where))) held.push(...rows);
      continue;
    }
    // The related document: the `where` names a member of it (`user.wallet.id`, `user.wallet!.id`).
    for (const row of rows) {
      const prefix = [row, ...path];
      const names = someInSameFunction(where, (inner) => inner.type === AST_NODE_TYPES.MemberExpression && startsWithPath(getMemberPath(inner), prefix));
      if (names) held.push(prefix.join('.'));
    }
  }
  return held;
}

/** Whether a member path (`['user', 'wallet', 'id']`) starts with `prefix` (`['user', 'wallet']`). */
function startsWithPath(path: readonly string[] | null, prefix: readonly string[]): boolean {
  return path !== null && path.length >= prefix.length && prefix.every((name, index) => path[index] === name);
}

/** How deep {@link prismaReadDocuments} follows relations included in included relations. */
const MAX_RELATION_DEPTH = 3;

/**
 * The documents (rows) one Prisma row read returns, each with the path it is read at in the result
 * and its model: the row itself (`[]`, the read's model), and each to-one relation of the project's
 * schema the read asks for with `include` or `select` (`include: { wallet: true }` or `select: {
 * wallet: { select: { id: true } } }` → `['wallet']`, the model `wallet`, when `model User` declares
 * `wallet Wallet?`), and relations included in those. Prisma returns such a relation as one nested
 * object, read in the same query (and on a transaction's handle, in the same transaction). Not a
 * list relation (`loans Loan[]`: which element is written is not known), a relation asked `false`,
 * or a field the schema does not declare as a relation (no schema: the row alone).
 */
function prismaReadDocuments(read: PrismaCall, file: FileRef): { path: readonly string[]; model: string }[] {
  const documents: { path: readonly string[]; model: string }[] = [{ path: [], model: read.model }];
  const schema = projectSchema(file.filename);
  const visit = (options: TSESTree.ObjectExpression | null, model: string, path: readonly string[]) => {
    if (!schema || !options || path.length >= MAX_RELATION_DEPTH) return;
    for (const key of ['include', 'select']) {
      const shape = objectLiteralOf(objectProperty(options, key)?.value, file.sourceCode);
      for (const property of shape?.properties ?? []) {
        const field = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
        const related = field === null ? undefined : schema.relationOf(model, field);
        if (field === null || related === undefined) continue;
        const value = skipTypeWrappers((property as TSESTree.Property).value);
        const nested = value.type === AST_NODE_TYPES.ObjectExpression ? value : null;
        if (!nested && !(value.type === AST_NODE_TYPES.Literal && value.value === true)) continue;
        documents.push({ path: [...path, field], model: related });
        visit(nested, related, [...path, field]);
      }
    }
  };
  visit(read.args, read.model, []);
  return documents;
}

/**
 * A write of the row read (`tx.order.update({ where: { id: orderId }, data: { status: 'PAID' } })`)
 * on the handle of an interactive `$transaction(async (tx) => …)` whose callback also creates, as one
 * of its own statements with no `return` before it, a row of a model whose one-column unique key
 * (`Payment.orderId String @unique` in the project's schema) it fills with the read row's key
 * (`data: { orderId: order.id }`, a property of a name in `rows` that the read's `where` names, or
 * that `where`'s own value): of two runs that read the same row, the second fails on the unique
 * key and its transaction rolls back, the write and everything else on the handle with it. The
 * read runs before the `$transaction` in the same function, and the callback sends no Prisma write
 * on another client (outside the transaction). The caller still asks what runs outside the
 * transaction.
 */
export function prismaRolledBackByUniqueCreate(read: TSESTree.CallExpression, write: TSESTree.CallExpression, rows: ReadonlySet<string>, file: FileRef): boolean {
  const first = prismaCallOf(read, file);
  const fn = prismaTransactionHandleOf(write, file);
  const where = first?.args ? objectLiteralOf(objectProperty(first.args, 'where')?.value, file.sourceCode) : null;
  if (!first || !where || !fn || fn.body.type !== AST_NODE_TYPES.BlockStatement || read.range[1] > fn.parent.range[0] || enclosingFunction(read) !== enclosingFunction(fn.parent)) return false;
  const schema = projectSchema(file.filename);
  if (!schema) return false;
  const text = (node: TSESTree.Node) => file.sourceCode.getText(node).replace(/\s+/g, '');
  const keys = new Map(where.properties.flatMap((property) => (property.type === AST_NODE_TYPES.Property && propertyKey(property) !== null ? [[propertyKey(property)!, text(property.value)] as const] : [])));
  // The value is the read row's key: `order.id` when the read's where names `id`, or the where's own `orderId`.
  const isReadKey = (value: TSESTree.Node): boolean => {
    const node = skipTypeWrappers(value);
    if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed) {
      const object = skipTypeWrappers(node.object);
      if (object.type === AST_NODE_TYPES.Identifier && rows.has(object.name) && keys.has(getPropertyName(node) ?? '')) return true;
    }
    return [...keys.values()].includes(text(node));
  };
  const uniqueAlone = (model: string, field: string) => schema.table(model)?.unique.some((columns) => columns.length === 1 && schemaKey(columns[0]!) === schemaKey(field)) ?? false;
  let returned = false;
  for (const statement of fn.body.body) {
    if (someInSameFunction(statement, (node) => node.type === AST_NODE_TYPES.ReturnStatement)) returned = true;
    const awaited = statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1 ? statement.declarations[0].init : null;
    const call = awaited?.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(awaited.argument) : null;
    const create = call?.type === AST_NODE_TYPES.CallExpression ? prismaCallOf(call, file) : null;
    if (returned || !create || create.method !== 'create' || prismaTransactionHandleOf(create.call, file) !== fn) continue;
    const data = create.args ? objectLiteralOf(objectProperty(create.args, 'data')?.value, file.sourceCode) : null;
    const keyed = data?.properties.some((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) !== null && isReadKey(property.value) && uniqueAlone(create.model, propertyKey(property)!));
    if (keyed) return !writesOutside(fn, file);
  }
  return false;
}

/** A Prisma write in the callback `fn` (or a function in it) whose client is not the transaction's handle: it commits on its own. */
function writesOutside(fn: FunctionNode, file: FileRef): boolean {
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const other = node.type === AST_NODE_TYPES.CallExpression ? prismaCallOf(node, file) : null;
    if (other && !PRISMA_READS.has(other.method) && prismaTransactionHandleOf(other.call, file) !== fn) return true;
    stack.push(...childNodes(node));
  }
  return false;
}

/** The callback of the `$transaction(async (tx) => …)` whose handle `tx` is the receiver of a model call (`tx.user.update(…)`), or null. */
function prismaTransactionHandleOf(call: TSESTree.CallExpression, file: FileRef): FunctionNode | null {
  const callee = skipTypeWrappers(call.callee);
  const holder = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
  const receiver = holder?.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(holder.object) : null;
  if (receiver?.type !== AST_NODE_TYPES.Identifier) return null;
  const definition = resolveVariable(receiver, file.sourceCode)?.defs[0];
  if (definition?.type !== DefinitionType.Parameter || !isFunction(definition.node)) return null;
  const fn = definition.node;
  const first = fn.params[0];
  if (first?.type !== AST_NODE_TYPES.Identifier || first.name !== receiver.name) return null;
  const opener = fn.parent;
  if (opener?.type !== AST_NODE_TYPES.CallExpression || opener.arguments[0] !== fn) return null;
  const method = skipTypeWrappers(opener.callee);
  return method.type === AST_NODE_TYPES.MemberExpression && PRISMA_TRANSACTIONS.has(getPropertyName(method) ?? '') ? fn : null;
}

/**
 * A Prisma update whose read and write one SQLite transaction holds: the update runs on the handle
 * of an interactive `$transaction` that SQLite serialises ({@link serialisedBySqlite}), directly in
 * its callback, and an earlier read of the same model on the same handle (`tx.stock.findFirst(…)`)
 * precedes it there. The caller still asks whether the code compared the field in between.
 */
export function prismaReadInSqliteTransaction(call: TSESTree.CallExpression, file: FileRef): boolean {
  const update = prismaCallOf(call, file);
  const fn = prismaTransactionHandleOf(call, file);
  if (!update || !fn || enclosingFunction(call) !== fn || !serialisedBySqlite(call, file)) return false;
  let read = false;
  walkSameFunction(fn.body, (node) => {
    if (read || node.type !== AST_NODE_TYPES.CallExpression || node.range[1] > call.range[0]) return;
    const other = prismaCallOf(node, file);
    read = other !== null && other.model === update.model && PRISMA_READS.has(other.method) && prismaTransactionHandleOf(node, file) === fn;
  });
  return read;
}

/**
 * Whether a raw query before `node` in its function locks rows: `tx.$queryRaw\`SELECT … FOR UPDATE\``,
 * `$queryRawUnsafe('SELECT … FOR UPDATE', …)`, or a helper given the transaction's handle that sends
 * one on it ({@link locksThroughHelper}). Given the written `model`, a lock counts per table
 * (issue 16): a lock whose every table is another model's table that the function also calls
 * (`FROM "Order"` beside `tx.order.…`) serialises that row, not the written one. A lock whose tables
 * cannot be read, or that names no such other model, still counts.
 */
export function lockedByRawQuery(node: TSESTree.Node, file: FileRef, model: string | null = null): boolean {
  let body: TSESTree.Node = node;
  while (body.parent && !isFunction(body)) body = body.parent;
  let found = false;
  const stack: TSESTree.Node[] = [body];
  while (stack.length > 0 && !found) {
    const current = stack.pop()!;
    if (current.range[0] >= node.range[0]) continue;
    if ((isRawLock(current, file) && !locksOnlyOtherModels(current, body, model, file)) || locksThroughHelper(current, node, file, model)) found = true;
    stack.push(...childNodes(current));
  }
  return found;
}

/**
 * A call, directly in the interactive `$transaction` callback that runs `write`, of a function of the
 * file or the project given the callback's handle (`await this.lockRoom(tx, roomId)`) whose own body
 * sends a raw `SELECT … FOR UPDATE` on the parameter that handle fills (`client.$queryRaw\`SELECT id
 * FROM "CoinflipRoom" WHERE id = … FOR UPDATE\``): the row lock is the transaction's. Given `model`,
 * the lock must name its table ({@link tableKey}); a helper locking on another client (`this.prisma`,
 * another connection), locking another table, or not given the handle is no lock.
 */
function locksThroughHelper(node: TSESTree.Node, write: TSESTree.Node, file: FileRef, model: string | null): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || write.type !== AST_NODE_TYPES.CallExpression || node.arguments.length === 0) return false;
  const transaction = prismaTransactionHandleOf(write, file);
  const handle = transaction?.params[0];
  if (!transaction || handle?.type !== AST_NODE_TYPES.Identifier || enclosingFunction(node) !== transaction) return false;
  const index = node.arguments.findIndex((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && parameterIndex(argument, transaction, file) === 0);
  const helper = index < 0 ? null : calledFunction(node, file);
  if (!helper) return false;
  const stem = model === null ? null : tableKey(model);
  return someInSameFunction(helper.fn.body, (inner) => {
    if (!isRawLock(inner, helper.file)) return false;
    const tag = skipTypeWrappers(inner.type === AST_NODE_TYPES.TaggedTemplateExpression ? inner.tag : (inner as TSESTree.CallExpression).callee);
    const receiver = tag.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(tag.object) : null;
    if (!receiver || parameterIndex(receiver, helper.fn, helper.file) !== index) return false;
    return stem === null || lockedTables(inner, helper.file).some((table) => tableKey(table) === stem);
  });
}

/** `FROM "Order" … FOR UPDATE` in a function that also calls `tx.order`, when `model` is `user`: only other models' rows are locked. */
function locksOnlyOtherModels(raw: TSESTree.Node, body: TSESTree.Node, model: string | null, file: FileRef): boolean {
  if (model === null) return false;
  const tables = lockedTables(raw, file);
  if (tables.length === 0) return false;
  const others = new Set<string>();
  walkSameFunction(body, (inner) => {
    const other = inner.type === AST_NODE_TYPES.CallExpression ? prismaCallOf(inner, file) : null;
    if (other && other.model !== model) others.add(tableKey(other.model));
  });
  return tables.every((table) => tableKey(table) !== tableKey(model) && others.has(tableKey(table)));
}

/**
 * A table or model name as a raw query's table is matched to a Prisma model: {@link tableStem} without
 * its underscores, since the SQL model folds `"CoinflipRoom"` to `coinfliproom` while the model
 * `coinflipRoom` stems to `coinflip_room`.
 */
function tableKey(name: string): string {
  return tableStem(name).replace(/_/g, '');
}

/** The tables a raw query's `FOR UPDATE` statements name, as the SQL model reads them (none when they cannot be read). */
function lockedTables(raw: TSESTree.Node, file: FileRef): string[] {
  const call = getSqlModel(file.sourceCode).calls.find((candidate) => candidate.node === raw);
  return call?.statements.filter((statement) => statement.lock !== null).flatMap((statement) => statement.tables) ?? [];
}

/**
 * A Prisma write of `column` (`tx.wallet.update({ data: { balance: { decrement: n } } })`) whose
 * check ran on a row no concurrent transaction can change before the commit: directly in the
 * callback of an interactive `$transaction(async (tx) => …)`, after either
 * - a raw `SELECT … FOR UPDATE` on the same handle that names the written model's table (`wallets`
 *   for `Wallet`, by {@link tableKey}): a second run waits at the lock, then reads what the first wrote; or
 * - the start of a transaction asking for `Serializable` / `RepeatableRead` (not RepeatableRead on
 *   MySQL: {@link snapshotOnMysql}): of two runs that read the same row and write it, one fails to commit;
 * - on MongoDB (`provider = "mongodb"`), any interactive transaction whose read is of the written
 *   document ({@link prismaWriteConflictsOnMongo}): the second writer of the document aborts;
 * and then a read of the row in the transaction (the lock's own rows, `tx.wallet.findUnique(…)` of
 * the same model, a helper given the handle: `ensureUser(id, tx)`) whose `column`, or a value made
 * of it, is compared before the write (`<`, `>=`, Decimal's `.lt(…)`). A lock of another table, a
 * lock after the check, a check of a value read outside the transaction (or before its lock), read
 * committed, and the array form `$transaction([…])` are not.
 */
export function prismaCheckedInIsolation(call: TSESTree.CallExpression, column: string, file: FileRef): boolean {
  const write = prismaCallOf(call, file);
  const fn = write && prismaTransactionHandleOf(call, file);
  if (!write || !fn || enclosingFunction(call) !== fn || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const handle = (fn.params[0] as TSESTree.Identifier).name;
  const onHandle = (node: TSESTree.Node): boolean => {
    const callee = skipTypeWrappers(node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.type === AST_NODE_TYPES.CallExpression ? node.callee : node);
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
    return receiver?.type === AST_NODE_TYPES.Identifier && receiver.name === handle;
  };
  const safe = transactionScopeOf(call, file, PRISMA_TRANSACTIONS) === 'safe' && !snapshotOnMysql(fn, file);
  // On MongoDB every transaction conflicts on a document both runs write: the write must be of the document read ({@link prismaWriteConflictsOnMongo}).
  const mongo = !safe && projectSchema(file.filename)?.prismaProvider === 'mongodb';
  const lock = safe || mongo ? null : rawLockOfModel(fn, call, write.model, onHandle, file);
  if (!safe && !mongo && lock === null) return false;
  const from = lock?.range[0] ?? fn.body.range[0];
  // The names holding a row read in the transaction after `from`, and the names holding a value made of its `column`.
  const rows = new Set<string>();
  const values = new Set<string>();
  const wanted = snakeCaseColumn(column);
  // A row is held by a name (`wallet`) or, read through a relation, by a member path (`user.wallet`).
  const pathText = (node: TSESTree.Node) => getMemberPath(node)?.join('.') ?? '';
  const mentions = (node: TSESTree.Node, names: ReadonlySet<string>) =>
    someInSameFunction(node, (inner) => (inner.type === AST_NODE_TYPES.Identifier ? names.has(inner.name) && !isPropertyName(inner) : inner.type === AST_NODE_TYPES.MemberExpression && names.has(pathText(inner))));
  const mentionsValue = (node: TSESTree.Node) =>
    mentions(node, values) ||
    someInSameFunction(node, (inner) => inner.type === AST_NODE_TYPES.MemberExpression && snakeCaseColumn(getPropertyName(inner) ?? '') === wanted && rows.has(pathText(inner.object)));
  const declarators: TSESTree.VariableDeclarator[] = [];
  walkSameFunction(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.VariableDeclarator || !node.init || node.range[1] <= from || node.range[1] > call.range[0]) return;
    declarators.push(node);
    let value = skipTypeWrappers(node.init);
    if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
    const names = patternNames(node.id);
    // On MongoDB, where the read's result holds the written document (`profile`, or `user.wallet` read through `include`).
    const held = value.type !== AST_NODE_TYPES.CallExpression ? [] : mongo ? mongoDocumentsWritten(value, call, new Set(names), file) : readsInTransaction(value, write.model, handle, fn, file) ? names : [];
    [...(value === lock ? names : []), ...held].forEach((name) => rows.add(name));
  });
  if (rows.size === 0) return false;
  // The `const`s made of those names, until none is added (`const wallet = rows[0]; const balance = Number(wallet.balance)`).
  for (let added = true; added; ) {
    added = false;
    for (const declarator of declarators) {
      const bound = patternNames(declarator.id);
      const row = !bound.every((name) => rows.has(name)) && mentions(declarator.init!, rows);
      const value = !bound.every((name) => values.has(name)) && mentionsValue(declarator.init!);
      if (row) bound.forEach((name) => rows.add(name));
      if (value) bound.forEach((name) => values.add(name));
      added ||= row || value;
    }
  }
  return someInSameFunction(fn.body, (node) => node.range[0] >= from && node.range[1] <= call.range[0] && isComparison(node) && mentionsValue(node));
}

/**
 * A transaction asking for `RepeatableRead` (not `Serializable`) of a project whose Prisma schema names
 * `provider = "mysql"`: MySQL's REPEATABLE READ reads a snapshot but its UPDATE writes the latest row,
 * so two runs both pass the check and both decrement (PostgreSQL's fails the second to commit).
 */
function snapshotOnMysql(fn: FunctionNode, file: FileRef): boolean {
  const opener = fn.parent as TSESTree.CallExpression;
  const options = opener.arguments.filter((argument) => argument !== fn).map((argument) => file.sourceCode.getText(argument)).join(' ');
  return !/serializable/i.test(options) && projectSchema(file.filename)?.prismaProvider === 'mysql';
}

/** The first raw `SELECT … FOR UPDATE` in `fn` before `before`, sent on the transaction's handle, whose tables include `model`'s. */
function rawLockOfModel(fn: FunctionNode, before: TSESTree.Node, model: string, onHandle: (node: TSESTree.Node) => boolean, file: FileRef): TSESTree.Node | null {
  const stem = tableKey(model);
  let lock: TSESTree.Node | null = null;
  walkSameFunction(fn.body, (node) => {
    if ((lock && lock.range[0] < node.range[0]) || node.range[1] > before.range[0] || !isRawLock(node, file) || !onHandle(node)) return;
    if (lockedTables(node, file).some((table) => tableKey(table) === stem)) lock = node;
  });
  return lock;
}

/**
 * A read whose result holds a row of `model` read in the transaction: `tx.wallet.findUnique(…)` (or
 * `upsert`, which returns the row) on the handle, or a call of a helper given the handle (`ensureUser(id, tx)`).
 */
function readsInTransaction(call: TSESTree.CallExpression, model: string, handle: string, fn: FunctionNode, file: FileRef): boolean {
  const read = prismaCallOf(call, file);
  if (read) return read.model === model && (PRISMA_READS.has(read.method) || read.method === 'upsert') && prismaTransactionHandleOf(call, file) === fn;
  return call.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === handle);
}

/** Decimal.js / Prisma.Decimal / big.js comparisons: `balance.lt(cost)`, `balance.greaterThanOrEqualTo(cost)`. */
const DECIMAL_COMPARISONS: ReadonlySet<string> = new Set(['lt', 'lte', 'gt', 'gte', 'lessThan', 'lessThanOrEqualTo', 'greaterThan', 'greaterThanOrEqualTo', 'cmp', 'comparedTo']);

/** `a < b`, `a >= b`, `a.lt(b)`. */
function isComparison(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.BinaryExpression) return /^[<>]=?$/.test(node.operator);
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && DECIMAL_COMPARISONS.has(getPropertyName(callee) ?? '');
}

/** `tx.$queryRaw\`SELECT … FOR UPDATE\``, `tx.$queryRawUnsafe('SELECT … FOR UPDATE', …)`. */
function isRawLock(node: TSESTree.Node, file: FileRef): boolean {
  const tag = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.type === AST_NODE_TYPES.CallExpression ? node.callee : null;
  const method = tag && skipTypeWrappers(tag).type === AST_NODE_TYPES.MemberExpression ? getPropertyName(skipTypeWrappers(tag) as TSESTree.MemberExpression) : null;
  return method !== null && RAW.test(method) && LOCK.test(file.sourceCode.getText(node));
}

const RAW = /^\$(queryRaw|executeRaw)(Unsafe)?$/;
const LOCK = /\bFOR\s+(NO\s+KEY\s+)?UPDATE\b/i;
