/**
 * Mongoose document versioning: when `doc.save()` filters on the version key (`__v`), so that a
 * second save from the same old snapshot matches nothing and rejects with a `VersionError` instead
 * of overwriting the first (no lost update, no double spend).
 *
 * Mongoose (`Document.prototype.$__delta`, `operand` in document.js) adds the version key to the
 * save's filter (VERSION_ALL) when
 * - the schema sets `optimisticConcurrency: true` (every save that changes something), or lists the
 *   changed path (`optimisticConcurrency: ['balance']`);
 * - the save `$set`s a whole array: the array field was assigned (`doc.history = [...]`,
 *   `doc.history = doc.history.slice(0, 20)`) or changed by an array method Mongoose sends as a
 *   `$set` (`unshift`, `splice`, `shift`, `pop`, `sort`) or a `$pop` (`$shift`, `$pop`).
 * `push`, `addToSet` and `pull` send `$push`/`$addToSet`/`$pullAll`, which only increment the version
 * (VERSION_INC): such a save is not checked. `versionKey: false` turns versioning off.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, type FunctionNode, getPropertyName, isFunction, isNullish, objectLiteralOf, propertyKey, skipTypeWrappers, writeReferences } from '../ast/index.js';
import { calledFunction, originOf, type FileRef } from '../summaries/index.js';
import { methodOf, type Variable } from './values.js';

/** Array methods of a Mongoose array that send the whole array (`$set`) or a `$pop`: the save then filters on the version. */
const VERSIONING_METHODS = new Set(['unshift', 'splice', 'shift', 'pop', 'sort', 'nonAtomicPush', '$pop', '$shift']);
/** Calls that return a new array. */
const ARRAY_RETURNING = new Set(['slice', 'filter', 'map', 'concat', 'flat', 'flatMap', 'toSorted', 'toReversed', 'toSpliced', 'from', 'of']);

/** The definition and options of a Mongoose schema (`new Schema(definition, options)`). */
interface SchemaFacts {
  readonly arrayFields: ReadonlySet<string>;
  /** `versionKey: false`. */
  readonly unversioned: boolean;
  /** `optimisticConcurrency: true`, or the paths it lists. */
  readonly optimistic: true | ReadonlySet<string> | null;
  /** `skipVersioning: { history: true }`: paths whose changes never put the version in the save's filter. */
  readonly skipVersioning: ReadonlySet<string>;
}

const NO_SCHEMA: SchemaFacts = { arrayFields: new Set(), unversioned: false, optimistic: null, skipVersioning: new Set() };

/**
 * Whether `save` (a `doc.save()` call after `doc` was read at `from`) filters on the version key,
 * with `field` the money field it writes back and `model` the model the document was read from
 * (null when the read ran in a helper).
 */
export function isVersionCheckedSave(
  save: TSESTree.CallExpression,
  doc: Variable,
  from: number,
  field: string,
  model: TSESTree.Node | null,
  file: FileRef,
): boolean {
  const schema = model ? schemaOf(model, file) : NO_SCHEMA;
  if (schema.unversioned) return false;
  if (schema.optimistic === true || schema.optimistic?.has(field)) return true;
  for (const reference of doc.references) {
    const identifier = reference.identifier;
    if (identifier.range[0] < from || identifier.range[1] > save.range[0]) continue;
    const mutation = arrayMutationAt(identifier, schema, file);
    if (mutation && alwaysRunsBefore(mutation, save)) return true;
  }
  return false;
}

/**
 * The expression through which a reference of the document sets an array field as a whole: the
 * assignment `doc.f = […]`, the call `doc.f.unshift(…)`, or a call `helper(doc, …)` of a function
 * that always does one of these to that parameter; null otherwise.
 */
function arrayMutationAt(identifier: TSESTree.Node, schema: SchemaFacts, file: FileRef): TSESTree.Node | null {
  const direct = directMutation(identifier, schema, file);
  if (direct) return direct;
  const call = identifier.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(identifier as TSESTree.CallExpressionArgument)) return null;
  const callee = calledFunction(call, file);
  if (!callee) return null;
  const index = call.arguments.indexOf(identifier as TSESTree.CallExpressionArgument);
  return helperSetsArray(callee.fn, index, callee.file) ? call : null;
}

function directMutation(identifier: TSESTree.Node, schema: SchemaFacts, file: FileRef): TSESTree.Node | null {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier) return null;
  const field = getPropertyName(member);
  // Mongoose's `operand` returns before versioning a path the schema lists in `skipVersioning`.
  if (field === null || schema.skipVersioning.has(field)) return null;
  const parent = member.parent;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member && parent.operator === '=') {
    return schema.arrayFields.has(field) || isArrayValue(parent.right, file) ? parent : null;
  }
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === member && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
    const method = getPropertyName(parent);
    return method !== null && VERSIONING_METHODS.has(method) ? parent.parent : null;
  }
  return null;
}

/** An expression that is an array: a literal, or a call that returns a new one (`.slice(0, 20)`, `Array.from(…)`). */
function isArrayValue(node: TSESTree.Node, file: FileRef): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return true;
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const method = methodOf(value);
    return method !== null && ARRAY_RETURNING.has(method);
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const origin = originOf(value, file);
    return origin?.kind === 'expression' && origin.node !== value && isArrayValue(origin.node, origin.file);
  }
  return false;
}

const helperFacts = new WeakMap<FunctionNode, Map<number, boolean>>();

/**
 * Whether a function always sets an array field of its parameter at `index` as a whole before it
 * returns (`function addHistory(user, …) { …; user.history = user.history.slice(0, 20); }`). Early
 * exits before it may only test that the parameter is missing (`if (!user) return`).
 */
function helperSetsArray(fn: FunctionNode, index: number, file: FileRef): boolean {
  let facts = helperFacts.get(fn);
  if (!facts) helperFacts.set(fn, (facts = new Map<number, boolean>()));
  let answer = facts.get(index);
  if (answer === undefined) {
    answer = computeHelperSetsArray(fn, index, file);
    facts.set(index, answer);
  }
  return answer;
}

function computeHelperSetsArray(fn: FunctionNode, index: number, file: FileRef): boolean {
  const param = fn.params[index];
  if (param?.type !== AST_NODE_TYPES.Identifier || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const variable = file.sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.name === param.name);
  if (!variable) return false;
  if (writeReferences(variable).length > 0) return false;
  for (const statement of fn.body.body) {
    if (isMissingCheckExit(statement, param.name)) continue;
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) {
      if (mayExit(statement)) return false;
      continue;
    }
    const found = variable.references.some((reference) => {
      const mutation = directMutation(reference.identifier, NO_SCHEMA, file);
      return mutation !== null && skipTypeWrappers(statement.expression) === mutation;
    });
    if (found) return true;
  }
  return false;
}

/** `if (!user) return;`, `if (user == null) return;`. */
function isMissingCheckExit(statement: TSESTree.Statement, name: string): boolean {
  if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate) return false;
  const exit = statement.consequent.type === AST_NODE_TYPES.BlockStatement ? statement.consequent.body[0] : statement.consequent;
  if (exit?.type !== AST_NODE_TYPES.ReturnStatement) return false;
  const test = skipTypeWrappers(statement.test);
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') {
    const argument = skipTypeWrappers(test.argument);
    return argument.type === AST_NODE_TYPES.Identifier && argument.name === name;
  }
  if (test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '==' || test.operator === '===')) {
    const sides = [skipTypeWrappers(test.left), skipTypeWrappers(test.right)];
    const named = sides.some((side) => side.type === AST_NODE_TYPES.Identifier && side.name === name);
    const empty = sides.some(isNullish);
    return named && empty;
  }
  return false;
}

/** Whether a statement may leave the function (a `return` or `throw` outside nested functions). */
function mayExit(statement: TSESTree.Node): boolean {
  const stack: TSESTree.Node[] = [statement];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === AST_NODE_TYPES.ReturnStatement || current.type === AST_NODE_TYPES.ThrowStatement) return true;
    if (current !== statement && isFunction(current)) continue;
    stack.push(...childNodes(current));
  }
  return false;
}

/**
 * Whether `node` runs, before `later`, on every path that reaches `later`: no branch, loop, callback,
 * `catch` or short-circuit holds `node` without also holding `later`.
 */
function alwaysRunsBefore(node: TSESTree.Node, later: TSESTree.Node): boolean {
  if (node.range[1] > later.range[0]) return false;
  const laterAncestors = new Set<TSESTree.Node>();
  for (let current = later.parent; current; current = current.parent) laterAncestors.add(current);
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (laterAncestors.has(parent)) return isSequential(parent, child);
    if (isFunction(parent) || isBranch(parent, child)) return false;
  }
  return false;
}

/** At the common ancestor: `node`'s side always runs before `later`'s side. */
function isSequential(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.WhileStatement:
      return child === parent.test;
    case AST_NODE_TYPES.DoWhileStatement:
      return child === parent.body;
    case AST_NODE_TYPES.ForStatement:
      return child === parent.init;
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return child === parent.right;
    case AST_NODE_TYPES.SwitchStatement:
      return child === parent.discriminant;
    case AST_NODE_TYPES.LogicalExpression:
      return child === parent.left;
    case AST_NODE_TYPES.TryStatement:
      return false;
    default:
      return !isFunction(parent);
  }
}

/** Whether `child` runs only on some of the paths through `parent`. */
function isBranch(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return child !== parent.test;
    case AST_NODE_TYPES.LogicalExpression:
      return child === parent.right;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return child === parent.body;
    case AST_NODE_TYPES.ForStatement:
      return child !== parent.init;
    case AST_NODE_TYPES.SwitchCase:
    case AST_NODE_TYPES.CatchClause:
    case AST_NODE_TYPES.TryStatement:
      return true;
    default:
      return false;
  }
}

/**
 * The schema of a Mongoose model proven by creation (`mongoose.model('User', userSchema)` with
 * `const userSchema = new mongoose.Schema({ … }, { … })`): its array fields and versioning options.
 */
function schemaOf(model: TSESTree.Node, file: FileRef): SchemaFacts {
  const origin = originOf(model, file);
  if (origin?.kind !== 'expression' || origin.node.type !== AST_NODE_TYPES.CallExpression || methodOrName(origin.node) !== 'model') return NO_SCHEMA;
  const schemaArgument = origin.node.arguments[1];
  if (!schemaArgument) return NO_SCHEMA;
  const schema = originOf(schemaArgument, origin.file);
  if (schema?.kind !== 'expression' || schema.node.type !== AST_NODE_TYPES.NewExpression) return NO_SCHEMA;
  const { sourceCode } = schema.file;
  const definition = objectLiteralOf(schema.node.arguments[0], sourceCode);
  const options = objectLiteralOf(schema.node.arguments[1], sourceCode);
  const arrayFields = new Set<string>();
  for (const property of definition?.properties ?? []) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKey(property);
    if (key !== null && isArrayType(property.value)) arrayFields.add(key);
  }
  let unversioned = false;
  let optimistic: SchemaFacts['optimistic'] = null;
  const skipVersioning = new Set<string>();
  for (const property of options?.properties ?? []) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKey(property);
    const value = skipTypeWrappers(property.value);
    if (key === 'versionKey' && value.type === AST_NODE_TYPES.Literal && value.value === false) unversioned = true;
    if (key === 'skipVersioning') {
      for (const path of objectLiteralOf(value, sourceCode)?.properties ?? []) {
        const name = path.type === AST_NODE_TYPES.Property ? propertyKey(path) : null;
        const on = path.type === AST_NODE_TYPES.Property ? skipTypeWrappers(path.value) : null;
        if (name !== null && !(on?.type === AST_NODE_TYPES.Literal && on.value === false)) skipVersioning.add(name);
      }
    }
    if (key !== 'optimisticConcurrency') continue;
    if (value.type === AST_NODE_TYPES.Literal && value.value === true) optimistic = true;
    else if (value.type === AST_NODE_TYPES.ArrayExpression) {
      optimistic = new Set(value.elements.flatMap((element) => (element?.type === AST_NODE_TYPES.Literal && typeof element.value === 'string' ? [element.value] : [])));
    }
  }
  return { arrayFields, unversioned, optimistic, skipVersioning };
}

/** `[String]`, `[{ … }]`, `{ type: [String] }`. */
function isArrayType(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return true;
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const type = value.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKey(p) === 'type');
  return type !== undefined && skipTypeWrappers(type.value).type === AST_NODE_TYPES.ArrayExpression;
}

function methodOrName(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier ? callee.name : methodOf(call);
}

