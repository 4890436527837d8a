/**
 * Prisma reads and writes of one model, for the read → check → write races of `require-for-update`.
 * The client is proven by the ORM model (import, creation, `PrismaClient` type, a `$transaction`
 * handle); `prisma.user.findUnique(…)` reads the model `user`, `prisma.user.update(…)` writes it.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, getPropertyName, isFunction, objectLiteralOf, propertyKey, resolveVariable, skipTypeWrappers } from '../ast/index.js';
import { getOrmModel, objectProperty } from '../orm/index.js';
import { factoryParameterClient, type FileRef } from '../summaries/index.js';
import { transactionScopeOf } from './values.js';

const READS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow']);
const CREATES = new Set(['create']);
const UPDATES = new Set(['update', 'updateMany', 'upsert']);

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
  if (getOrmModel(file.sourceCode).clientOf(holder.object) !== 'prisma' && !isPassedPrisma(holder.object, file)) return null;
  return { model, method, call, args: objectLiteralOf(call.arguments[0], file.sourceCode) };
}

/** A module factory's parameter (`module.exports = (bot, db) => …`) that every caller in the project passes a `new PrismaClient()`. */
function isPassedPrisma(node: TSESTree.Node, file: FileRef): boolean {
  const object = skipTypeWrappers(node);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(object, file.sourceCode);
  return variable?.defs[0]?.type === TSESLint.Scope.DefinitionType.Parameter && factoryParameterClient(variable, file) === 'prisma';
}

/** `findUnique` / `findFirst` (and their `OrThrow` forms) of a model. */
export function isPrismaRead(call: PrismaCall): boolean {
  return READS.has(call.method);
}

/** `count` of a model: the number a limit is checked against. */
export function isPrismaCount(call: PrismaCall): boolean {
  return call.method === 'count';
}

/** `create` of a model (one row; `createMany` is a batch import, no per-request limit). */
export function isPrismaCreate(call: PrismaCall): boolean {
  return CREATES.has(call.method);
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
  if (!UPDATES.has(call.method) || !call.args) return null;
  const data = objectLiteralOf(objectProperty(call.args, call.method === 'upsert' ? 'update' : 'data')?.value, file.sourceCode);
  if (!data) return null;
  const writes: PrismaWrite[] = [];
  for (const property of data.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const field = propertyKey(property);
    if (field === null) continue;
    const operation = objectLiteralOf(property.value, file.sourceCode);
    if (!operation) {
      writes.push({ field, value: property.value, decrement: false });
      continue;
    }
    const decrement = objectProperty(operation, 'decrement')?.value;
    const increment = objectProperty(operation, 'increment')?.value;
    const set = objectProperty(operation, 'set')?.value;
    if (decrement) writes.push({ field, value: decrement, decrement: true });
    else if (increment && isNegated(increment)) writes.push({ field, value: increment, decrement: true });
    else if (set) writes.push({ field, value: set, decrement: false });
  }
  return writes;
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
 * old value), in one asking for `Serializable` / `RepeatableRead` (safe), or in none.
 */
export function prismaTransactionOf(node: TSESTree.Node, file: FileRef): 'none' | 'interactive' | 'safe' {
  return transactionScopeOf(node, file, PRISMA_TRANSACTIONS);
}

/**
 * Whether a raw query before `node` in its function locks rows: `tx.$queryRaw\`SELECT … FOR UPDATE\``,
 * `$queryRawUnsafe('SELECT … FOR UPDATE', …)`.
 */
export function lockedByRawQuery(node: TSESTree.Node, file: FileRef): boolean {
  let body: TSESTree.Node = node;
  while (body.parent && !isFunction(body)) body = body.parent;
  let found = false;
  const stack: TSESTree.Node[] = [body];
  while (stack.length > 0 && !found) {
    const current = stack.pop()!;
    if (current.range[0] >= node.range[0]) continue;
    const tag = current.type === AST_NODE_TYPES.TaggedTemplateExpression ? current.tag : current.type === AST_NODE_TYPES.CallExpression ? current.callee : null;
    const method = tag && skipTypeWrappers(tag).type === AST_NODE_TYPES.MemberExpression ? getPropertyName(skipTypeWrappers(tag) as TSESTree.MemberExpression) : null;
    if (method !== null && RAW.test(method) && LOCK.test(file.sourceCode.getText(current))) found = true;
    stack.push(...childNodes(current));
  }
  return found;
}

const RAW = /^\$(queryRaw|executeRaw)(Unsafe)?$/;
const LOCK = /\bFOR\s+(NO\s+KEY\s+)?UPDATE\b/i;
