import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, isFunction, propertyKey, skipTypeWrappers, type FunctionNode } from './nodes.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Scope = ReturnType<SourceCode['getScope']>;
/** A variable of ESLint's scope manager, as `SourceCode#getScope` gives it. */
export type Variable = NonNullable<ReturnType<Scope['set']['get']>>;

/** How many `const a = b` links a lookup follows before it gives up. */
const MAX_DEPTH = 6;

/**
 * How many references the scope helpers scanned (a work count for tests): each variable's list is
 * scanned once per file, however often its writes or mutations are asked for.
 */
export const referenceWork = { scanned: 0 };

const writes = new WeakMap<object, readonly unknown[]>();

/**
 * The references that write a variable (its initialiser included), in source order. Scanned once
 * per variable (a pure memo: a file's scope analysis never changes), so asking per use of a
 * variable with thousands of references stays linear in the file.
 */
export function writeReferences<Reference extends { isWrite(): boolean }>(variable: { readonly references: readonly Reference[] }): readonly Reference[] {
  let found = writes.get(variable) as readonly Reference[] | undefined;
  if (!found) {
    referenceWork.scanned += variable.references.length;
    found = variable.references.filter((reference) => reference.isWrite());
    writes.set(variable, found);
  }
  return found;
}

/**
 * The one definition that gives a variable its value, or null when there is none or several: a type
 * of the same name (`interface User` beside `const User = model<User>(…)`, a `type` alias) declares
 * no value and is left out.
 */
export function valueDefinition(variable: Variable): Variable['defs'][number] | null {
  const values = variable.defs.filter((def) => def.type !== TSESLint.Scope.DefinitionType.Type);
  return values.length === 1 ? values[0]! : null;
}

/**
 * {@link resolveVariable}'s answers by identifier: the models ask about the same identifiers again
 * and again (each rule, each guard check), and a file's scope analysis never changes.
 */
const variables = new WeakMap<TSESTree.Identifier, Variable | null>();

/**
 * The variable an identifier refers to, looked up from its own scope outwards; null for an
 * undeclared global. Memoised per identifier node (a pure memo: the node's scope is fixed).
 */
export function resolveVariable(identifier: TSESTree.Identifier, sourceCode: Pick<SourceCode, 'getScope'>): Variable | null {
  let variable = variables.get(identifier);
  if (variable === undefined) {
    variable = resolveName(identifier.name, identifier, sourceCode);
    variables.set(identifier, variable);
  }
  return variable;
}

/** The variable `name` refers to where `node` is (`parseInt` in a call), looked up from the node's scope outwards; null for an undeclared global. */
export function resolveName(name: string, node: TSESTree.Node, sourceCode: Pick<SourceCode, 'getScope'>): Variable | null {
  let scope: Scope | null = sourceCode.getScope(node);
  while (scope) {
    const variable = scope.set.get(name);
    if (variable) return variable;
    scope = scope.upper;
  }
  return null;
}

/** The names of the global object a program keeps its own values on: Node's `global`, and `globalThis`. */
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['global', 'globalThis']);

/**
 * The property of the global object `node` names (`global.botInstance`, `globalThis['bot']`, `(globalThis as any).bot`):
 * its name, when the file binds no `global` / `globalThis` of its own there; null for anything else.
 */
export function globalObjectProperty(node: TSESTree.Node, sourceCode: Pick<SourceCode, 'getScope'>): string | null {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(value.object);
  if (object.type !== AST_NODE_TYPES.Identifier || !GLOBAL_OBJECTS.has(object.name)) return null;
  // Unbound, or bound by the configuration's globals (`globals.node`) with no declaration of the file.
  const variable = resolveVariable(object, sourceCode);
  if (variable && (variable.defs.length > 0 || variable.scope.type !== TSESLint.Scope.ScopeType.global)) return null;
  return getPropertyName(value);
}

/** The variable a file binds `name` to at its top level (the module scope, or the global scope of a script); null when it binds none. */
export function topLevelVariable(sourceCode: Pick<SourceCode, 'scopeManager'>, name: string): Variable | null {
  const scopes = sourceCode.scopeManager;
  const moduleScope = scopes?.globalScope?.childScopes.find((scope) => scope.type === TSESLint.Scope.ScopeType.module) ?? scopes?.globalScope;
  return moduleScope?.set.get(name) ?? null;
}

/**
 * The initializer of the `const` an identifier names, in the same file: `const x = init`. Anything
 * else — `let` and `var` (even if never reassigned), parameters, imports, several definitions,
 * destructuring — gives null.
 */
export function constInitializer(id: TSESTree.Identifier, sourceCode: Pick<SourceCode, 'getScope'>): TSESTree.Expression | null {
  const variable = resolveVariable(id, sourceCode);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  return def.parent.kind === 'const' ? def.node.init : null;
}

/**
 * The value of a numeric expression known without running the code: literals, `10 * 1000`,
 * `-1`, and `const` variables holding such expressions. Anything else gives null.
 */
export function staticNumber(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): number | null {
  const value = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return null;
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return typeof value.value === 'number' ? value.value : null;
    case AST_NODE_TYPES.UnaryExpression: {
      const argument = staticNumber(value.argument, sourceCode, depth + 1);
      return value.operator === '-' && argument !== null ? -argument : null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (value.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
      const left = staticNumber(value.left, sourceCode, depth + 1);
      const right = staticNumber(value.right, sourceCode, depth + 1);
      if (left === null || right === null) return null;
      if (value.operator === '*') return left * right;
      if (value.operator === '+') return left + right;
      if (value.operator === '-') return left - right;
      return null;
    }
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, sourceCode);
      return init ? staticNumber(init, sourceCode, depth + 1) : null;
    }
    default:
      return null;
  }
}

/** Whether every write of a variable is its binding `name` (its declarator or parameter): never assigned again. */
export function writtenOnlyAt(variable: Variable, name: TSESTree.Node): boolean {
  return writeReferences(variable).every((reference) => reference.identifier === name);
}

/**
 * The initializer of a variable that keeps the value it was declared with: `const x = init`, or a
 * `let`/`var` never assigned again (`let balance = Math.round(user.balance)`). Parameters, imports,
 * destructuring, several definitions and reassigned variables give null.
 */
export function keptInitializer(variable: Variable | null | undefined): TSESTree.Expression | null {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  if (def.parent.kind === 'const') return def.node.init;
  return writtenOnlyAt(variable!, def.node.id) ? def.node.init : null;
}

/**
 * The function declaration a variable holds wherever it is read: its one definition a `function`
 * statement with a body, at the top of the module or of a function body (hoisted there, so it holds
 * the function before its own line too; never one inside a block, which sloppy code binds only once
 * the block runs), and never assigned (`transferAtomic = null`). `typeof transferAtomic` is then
 * `'function'` everywhere in its scope. Null otherwise (a `var` or parameter of the same name, a
 * `declare function`, a reassigned one).
 */
export function hoistedFunction(variable: Variable | null | undefined): TSESTree.FunctionDeclaration | null {
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.FunctionName || def.node.type !== AST_NODE_TYPES.FunctionDeclaration) return null;
  const statement = def.node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ? def.node.parent : def.node;
  const list = statement.parent;
  const top = list?.type === AST_NODE_TYPES.Program || (list?.type === AST_NODE_TYPES.BlockStatement && list.parent !== undefined && isFunction(list.parent) && list.parent.body === list);
  return top && writeReferences(variable!).length === 0 ? def.node : null;
}

/**
 * The function an expression is: inline (through type wrappers), a function declared in this file
 * and passed by name, or a `const` (or a `let`/`var` never assigned again) holding one (followed
 * through a few `const a = b` links). Anything else gives null.
 */
export function functionOf(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): FunctionNode | null {
  const value = skipTypeWrappers(node);
  if (isFunction(value)) return value;
  if (value.type !== AST_NODE_TYPES.Identifier || depth > MAX_DEPTH) return null;
  const variable = resolveVariable(value, sourceCode);
  const def = variable?.defs[0];
  if (!def || variable.defs.length !== 1) return null;
  if (def.type === TSESLint.Scope.DefinitionType.FunctionName && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
  // `const f = …`, or a `let f = …` never assigned again (`let handler = async (m) => …; module.exports = handler`).
  const init = keptInitializer(variable);
  return init ? functionOf(init, sourceCode, depth + 1) : null;
}

/**
 * The method `this.m` names inside a method of an object literal (`{ get(id) {…}, debit(id) { this.get(id); } }`):
 * the literal's own property `m`, when the code around `member` is a method of the literal (arrows
 * keep its `this`), the literal has no spread that could bring another `m`, and the `const` holding it
 * is never assigned a member (`service.get = …`). Called as `service.debit()`, `this` is the literal;
 * called any other way `this.m` throws before anything runs. Null otherwise (a class: see `calledFunction`).
 */
export function objectLiteralMethodOfThis(member: TSESTree.MemberExpression, sourceCode: SourceCode): FunctionNode | null {
  const name = getPropertyName(member);
  if (name === null || skipTypeWrappers(member.object).type !== AST_NODE_TYPES.ThisExpression) return null;
  let node: TSESTree.Node | undefined = member.parent;
  while (node && (node.type !== AST_NODE_TYPES.FunctionExpression && node.type !== AST_NODE_TYPES.FunctionDeclaration)) {
    if (node.type === AST_NODE_TYPES.ClassBody || node.type === AST_NODE_TYPES.Program) return null;
    node = node.parent;
  }
  const property = node?.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== node || property.kind !== 'init') return null;
  const object = property.parent;
  if (object.type !== AST_NODE_TYPES.ObjectExpression || object.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement)) return null;
  const holder = object.parent;
  if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier && isMutated(holder.id, sourceCode)) return null;
  const sibling = object.properties.findLast((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && propertyKey(p) === name);
  return sibling && sibling.kind === 'init' ? functionOf(sibling.value, sourceCode) : null;
}

export type ObjectInfo =
  | { type: 'object'; node: TSESTree.ObjectExpression }
  | { type: 'none' }
  | { type: 'unknown' };

const UNKNOWN: ObjectInfo = { type: 'unknown' };

/**
 * What an expression holds as an object: an object literal (followed through `const` variables in
 * the same file), nothing at all (`undefined` or a missing argument), or unknown (a parameter, a
 * call, a config imported from another module, an object mutated after it was built).
 */
export function resolveObject(node: TSESTree.Node | null | undefined, sourceCode: SourceCode, depth = 0): ObjectInfo {
  if (!node) return { type: 'none' };
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return { type: 'object', node: value };
  if (value.type !== AST_NODE_TYPES.Identifier || depth > MAX_DEPTH) return UNKNOWN;
  if (value.name === 'undefined') return { type: 'none' };
  const init = constInitializer(value, sourceCode);
  // Only an object literal or another name can resolve to an object: anything else is unknown
  // whether or not the variable's members are assigned later, so that scan is skipped.
  const inner = init && skipTypeWrappers(init);
  if (!inner || (inner.type !== AST_NODE_TYPES.ObjectExpression && inner.type !== AST_NODE_TYPES.Identifier)) return UNKNOWN;
  if (isMutated(value, sourceCode)) return UNKNOWN;
  return resolveObject(init, sourceCode, depth + 1);
}

/** The object literal behind an expression (see `resolveObject`), or null. */
export function objectLiteralOf(node: TSESTree.Node | null | undefined, sourceCode: SourceCode): TSESTree.ObjectExpression | null {
  const info = resolveObject(node, sourceCode);
  return info.type === 'object' ? info.node : null;
}

const mutated = new WeakMap<Variable, boolean>();

/** `opts.timeout = 5000` anywhere in the file: the object literal no longer tells the whole story. Scanned once per variable. */
export function isMutated(id: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = resolveVariable(id, sourceCode);
  if (!variable) return false;
  let answer = mutated.get(variable);
  if (answer === undefined) {
    referenceWork.scanned += variable.references.length;
    answer = variable.references.some((ref) => {
      const member = ref.identifier.parent;
      return (
        member.type === AST_NODE_TYPES.MemberExpression &&
        member.object === ref.identifier &&
        member.parent.type === AST_NODE_TYPES.AssignmentExpression &&
        member.parent.left === member
      );
    });
    mutated.set(variable, answer);
  }
  return answer;
}
