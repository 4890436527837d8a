import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, negatedOperand, objectLiteralOf, propertyKey, sameAmount, skipTypeWrappers } from '../ast/index.js';
import { originOf, type FileRef } from '../summaries/index.js';
import { isModuleBinding, methodOf } from './values.js';

const MONGOOSE = new Set(['mongoose']);
const MONGODB = new Set(['mongodb']);
const ANY_EXPORT = new Set(['default', '*']);

/**
 * Whether `node` is a MongoDB collection or a Mongoose model, proven by creation:
 * `mongoose.model('User', schema)`, `model(…)` imported from mongoose, `conn.model(…)` of a
 * `mongoose.createConnection()`, `mongoose.models.User`, `client.db().collection('users')` of a
 * `new MongoClient()`, `mongoose.connection.collection('users')`; followed through variables and
 * imports of project files (`const User = require('../models/User')`).
 */
export function isMongoCollection(node: TSESTree.Node, file: FileRef): boolean {
  const origin = originOf(node, file);
  if (origin?.kind !== 'expression') return false;
  const value = origin.node;
  const at = origin.file;
  if (value.type === AST_NODE_TYPES.LogicalExpression) return isMongoCollection(value.left, at) || isMongoCollection(value.right, at);
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const object = skipTypeWrappers(value.object);
    return object.type === AST_NODE_TYPES.MemberExpression && getPropertyName(object) === 'models' && isMongoose(object.object, at);
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return isModuleBinding(callee, at, MONGOOSE, new Set(['model']));
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(callee);
  if (method === 'model') return isMongoose(callee.object, at);
  if (method === 'collection') return isMongoDb(callee.object, at);
  return false;
}

/** mongoose itself, `mongoose.connection`, or a `mongoose.createConnection()`. */
function isMongoose(node: TSESTree.Node, file: FileRef): boolean {
  const origin = originOf(node, file);
  if (origin?.kind === 'module') return origin.module === 'mongoose' && (ANY_EXPORT.has(origin.imported) || origin.imported === 'connection');
  if (!origin) return false;
  const value = origin.node;
  if (value.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(value) === 'connection' && isMongoose(value.object, origin.file);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return isModuleBinding(callee, origin.file, MONGOOSE, new Set(['createConnection']));
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(callee);
  return (method === 'createConnection' || method === 'asPromise') && isMongoose(callee.object, origin.file);
}

/** A database of the driver (`client.db()`) or of mongoose (`mongoose.connection`, `.db`). */
function isMongoDb(node: TSESTree.Node, file: FileRef): boolean {
  if (isMongoose(node, file)) return true;
  const origin = originOf(node, file);
  if (origin?.kind !== 'expression') return false;
  const value = origin.node;
  if (value.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(value) === 'db' && isMongoose(value.object, origin.file);
  if (value.type !== AST_NODE_TYPES.CallExpression || methodOf(value) !== 'db') return false;
  return isMongoClient((value.callee as TSESTree.MemberExpression).object, origin.file);
}

/** `new MongoClient(url)`, `await MongoClient.connect(url)`, `await client.connect()`. */
function isMongoClient(node: TSESTree.Node, file: FileRef): boolean {
  const origin = originOf(node, file);
  if (origin?.kind !== 'expression') return false;
  const value = origin.node;
  if (value.type === AST_NODE_TYPES.NewExpression) return isMongoClientClass(value.callee, origin.file);
  if (value.type !== AST_NODE_TYPES.CallExpression || methodOf(value) !== 'connect') return false;
  const receiver = (skipTypeWrappers(value.callee) as TSESTree.MemberExpression).object;
  return isMongoClientClass(receiver, origin.file) || isMongoClient(receiver, origin.file);
}

function isMongoClientClass(node: TSESTree.Node, file: FileRef): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    return getPropertyName(value) === 'MongoClient' && isModuleBinding(value.object, file, MONGODB, ANY_EXPORT);
  }
  return isModuleBinding(value, file, MONGODB, new Set(['MongoClient']));
}

/** MongoDB / Mongoose updates of a filter's documents. */
const UPDATE_METHODS = new Set(['updateOne', 'updateMany', 'findOneAndUpdate', 'findByIdAndUpdate', 'update']);
/** Every MongoDB / Mongoose write the effects model names: the updates, inserts, replaces and a document's `save()`. */
export const MONGO_WRITES: ReadonlySet<string> = new Set([...UPDATE_METHODS, 'insertOne', 'insertMany', 'create', 'save', 'findOneAndReplace', 'replaceOne', 'bulkWrite']);
/** MongoDB / Mongoose reads on a proven collection or model. */
export const MONGO_READS: ReadonlySet<string> = new Set(['find', 'findOne', 'findById', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'exists']);
/** Filter keys whose meaning this model does not follow: the filter may hold a guard. */
const OPAQUE_FILTER_KEYS = new Set(['$expr', '$and', '$or', '$nor', '$where']);

/** A MongoDB update call on a proven collection or model. */
export interface MongoUpdate {
  readonly call: TSESTree.CallExpression;
  /** The filter, or null when the call targets one `_id` (`findByIdAndUpdate`). */
  readonly filter: TSESTree.ObjectExpression | null;
  readonly update: TSESTree.ObjectExpression;
  /** The options mention a `session`: the write is part of a transaction. */
  readonly session: boolean;
}

export function mongoUpdateOf(call: TSESTree.CallExpression, file: FileRef): MongoUpdate | null {
  const method = methodOf(call);
  if (method === null || !UPDATE_METHODS.has(method)) return null;
  const { sourceCode } = file;
  const byId = method === 'findByIdAndUpdate';
  const filter = byId ? null : objectLiteralOf(call.arguments[0], sourceCode);
  const update = objectLiteralOf(call.arguments[1], sourceCode);
  if ((!byId && !filter) || !update) return null;
  if (!isMongoCollection((skipTypeWrappers(call.callee) as TSESTree.MemberExpression).object, file)) return null;
  const options = call.arguments[2] ? objectLiteralOf(call.arguments[2], sourceCode) : null;
  const session = call.arguments[2] !== undefined && (!options || options.properties.some((p) => p.type !== AST_NODE_TYPES.Property || propertyKey(p) === 'session'));
  return { call, filter, update, session };
}

/** The fields an update `$inc`s by a negative amount (`{ $inc: { balance: -amount } }`), with the node of each. */
export function negativeIncrements(update: MongoUpdate, file: FileRef): { field: string; node: TSESTree.Node; credited: string[] }[] {
  const inc = update.update.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKey(p) === '$inc');
  const object = inc ? objectLiteralOf(inc.value, file.sourceCode) : null;
  if (!object) return [];
  const found: { field: string; node: TSESTree.Node; credited: string[] }[] = [];
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const field = propertyKey(property);
    if (field === null || !isNegative(property.value)) continue;
    // The fields the same `$inc` raises by the very amount taken off (`bank: amount` beside `coins: -amount`).
    const amount = negatedOperand(property.value);
    const credited: string[] = [];
    for (const other of object.properties) {
      if (other === property || other.type !== AST_NODE_TYPES.Property || amount === null) continue;
      const name = propertyKey(other);
      if (name !== null && sameAmount(other.value, amount)) credited.push(name);
    }
    found.push({ field, node: property, credited });
  }
  return found;
}

function isNegative(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'number' && value.value < 0;
  // `-amount`, `amount * -1`, `-1 * amount`, `0 - amount`: an amount we must assume is positive, negated.
  const operand = negatedOperand(value);
  if (!operand) return false;
  // Not a negated zero or a negated negative number (`-0`, `0 - -1`).
  const argument = skipTypeWrappers(operand);
  if (argument.type === AST_NODE_TYPES.Literal) return !(argument.value === 0 || (typeof argument.value === 'number' && argument.value < 0));
  return !(argument.type === AST_NODE_TYPES.UnaryExpression && argument.operator === '-' && skipTypeWrappers(argument.argument).type === AST_NODE_TYPES.Literal);
}

/**
 * Whether the filter may keep `field` from going below the decrement: it names the field
 * (`{ balance: { $gte: amount } }`, or an equality on the value read: compare-and-set), or holds
 * something this model does not follow (a spread, `$expr`, `$and`).
 */
export function filterGuards(update: MongoUpdate, field: string): boolean {
  if (!update.filter) return false;
  return update.filter.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return true;
    const key = propertyKey(property);
    return key === null || key === field || OPAQUE_FILTER_KEYS.has(key);
  });
}

const READ_METHODS = new Set(['findOne', 'findById']);
/** Links after a Mongoose read that only shape or run it: `.lean()`, `.exec()`. */
export const MONGO_QUERY_LINKS: ReadonlySet<string> = new Set(['lean', 'exec', 'select', 'populate', 'orFail']);

/**
 * A read of one document (`Model.findOne(…)`, `findById`, `collection.findOne`) and the outermost
 * expression of its query chain (`.lean()`, `.exec()`, `await`); null for other calls and for reads
 * that take a session.
 */
export function mongoReadOf(call: TSESTree.CallExpression, file: FileRef): TSESTree.Node | null {
  const method = methodOf(call);
  if (method === null || !READ_METHODS.has(method)) return null;
  if (call.arguments.slice(1).some((argument) => file.sourceCode.getText(argument).includes('session'))) return null;
  let top: TSESTree.Node = call;
  for (;;) {
    const parent: TSESTree.Node | undefined = top.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== top || parent.parent?.type !== AST_NODE_TYPES.CallExpression) break;
    const link = getPropertyName(parent);
    if (link === null || !MONGO_QUERY_LINKS.has(link)) return null;
    top = parent.parent;
  }
  if (top.parent?.type === AST_NODE_TYPES.AwaitExpression) top = top.parent;
  if (!isMongoCollection((skipTypeWrappers(call.callee) as TSESTree.MemberExpression).object, file)) return null;
  return top;
}
