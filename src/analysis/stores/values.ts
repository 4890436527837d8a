import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, getPropertyName, isFunction, isIdentifierNamed, isTypeWrapper, keptInitializer, resolveVariable, skipTypeWrappers } from '../ast/index.js';
import { conditionOf, decides } from '../flow/index.js';
import { originOf, type FileRef } from '../summaries/index.js';

/** A variable as the scope manager gives it (only its name and references are read here). */
export interface Variable {
  readonly name: string;
  readonly references: readonly { readonly identifier: TSESTree.Node }[];
}

/** Whether `node` is bound to the package `module` (default, namespace or the named export `name`). */
export function isModuleBinding(node: TSESTree.Node, file: FileRef, modules: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  const origin = originOf(node, file);
  return origin?.kind === 'module' && modules.has(origin.module) && names.has(origin.imported);
}

/** The method name of a call `x.m(…)`, or null. */
export function methodOf(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
}

/** The variable a read's result is stored in: `const u = await read` (through `.lean()`-like links already climbed). */
export function storedIn(top: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): { variable: Variable; pattern: TSESTree.Node } | null {
  const parent = top.parent;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== top) return null;
  const variables = sourceCode.getDeclaredVariables(parent);
  return variables.length === 1 ? { variable: variables[0]!, pattern: parent.id } : null;
}

/** Whether an expression reads `variable`, directly or through a `const` (or a `let` never reassigned) computed from it (`const next = user.balance - cost`). */
export function derivesFrom(node: TSESTree.Node, variable: Variable, sourceCode: Readonly<TSESLint.SourceCode>, depth = 0): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === AST_NODE_TYPES.Identifier) {
      const resolved = resolveVariable(current, sourceCode);
      if (resolved !== null && (resolved as Variable) === variable) return true;
      const init = depth < 2 ? keptInitializer(resolved) : null;
      if (init && derivesFrom(init, variable, sourceCode, depth + 1)) return true;
      continue;
    }
    if (isFunction(current)) continue;
    stack.push(...childNodes(current));
  }
  return false;
}

/** Conversions that keep a value as it is (`Number(order.total)`). */
const KEEPING_CONVERSIONS = new Set(['Number', 'String', 'BigInt', 'parseFloat', 'parseInt']);

/**
 * Whether a value computed from the read (see {@link derivesFrom}) may change the read's `field`: it
 * uses that field (or the whole read) in a computation. Not when it is that field as it was read
 * (`Number(order.total)`, one branch of a `?:` whose test only picks) or is computed from other fields
 * only (`calculateTotal(order.items)`): two runs then write the same value, nothing read is changed
 * and no concurrent change of the field is lost.
 */
export function changesField(node: TSESTree.Node, variable: Variable, field: string, sourceCode: Readonly<TSESLint.SourceCode>, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ConditionalExpression) {
    return changesField(value.consequent, variable, field, sourceCode, depth) || changesField(value.alternate, variable, field, sourceCode, depth);
  }
  if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.Identifier && KEEPING_CONVERSIONS.has(value.callee.name) && value.arguments.length >= 1) {
    return changesField(value.arguments[0]!, variable, field, sourceCode, depth);
  }
  if (value.type === AST_NODE_TYPES.MemberExpression && getPropertyName(value) === field) {
    const object = skipTypeWrappers(value.object);
    if (object.type === AST_NODE_TYPES.Identifier && (resolveVariable(object, sourceCode) as Variable | null) === variable) return false;
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const resolved = resolveVariable(value, sourceCode);
    if ((resolved as Variable | null) === variable) return true;
    const init = depth < 2 ? keptInitializer(resolved) : null;
    return init !== null && changesField(init, variable, field, sourceCode, depth + 1);
  }
  return usesField(value, variable, field, sourceCode, depth);
}

/** Whether a computation uses the read's `field` or the whole read (through `const`s, two deep), not only other fields of it. */
function usesField(node: TSESTree.Node, variable: Variable, field: string, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): boolean {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === AST_NODE_TYPES.Identifier) {
      const resolved = resolveVariable(current, sourceCode);
      if ((resolved as Variable | null) === variable) {
        const member = current.parent;
        const other = member?.type === AST_NODE_TYPES.MemberExpression && member.object === current && !member.computed && getPropertyName(member) !== field;
        if (!other) return true;
        continue;
      }
      const init = depth < 2 ? keptInitializer(resolved) : null;
      if (init && usesField(init, variable, field, sourceCode, depth + 1)) return true;
      continue;
    }
    if (isFunction(current)) continue;
    stack.push(...childNodes(current));
  }
  return false;
}



/**
 * The properties of `variable` tested in a condition (`if`, `?:`, `while`) between `from` and `to`:
 * `if (user.balance < cost)`, `if (data[0].credits <= 0)`.
 */
export function checkedProperties(variable: Variable, from: number, to: number, sourceCode?: Readonly<TSESLint.SourceCode>): Set<string> {
  const checked = new Set<string>();
  for (const reference of variable.references) {
    const { identifier } = reference;
    if (identifier.range[0] < from || identifier.range[1] > to) continue;
    let current: TSESTree.Node = identifier;
    const properties: string[] = [];
    while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) {
      const name = getPropertyName(current.parent);
      if (name !== null) properties.push(name);
      current = current.parent;
    }
    if (properties.length === 0) continue;
    // With the source code: also a local computed from the property and tested instead
    // (`let balance = Math.round(user.balance); if (balance >= sum)`).
    const copy = inCondition(current) ? null : sourceCode ? copiedInto(current, sourceCode) : undefined;
    if (copy === undefined || (copy !== null && !testedItself(copy, from, to))) continue;
    for (const property of properties) checked.add(property);
  }
  return checked;
}

/**
 * The conditions (`if`, `?:`, `while`) between `from` and `to` that test `field` of `variable` as
 * {@link checkedProperties} sees it (`if (payment.status === 'paid')`, or a local computed from it and
 * tested), and with `itself` also those that test the read itself (`if (!payment)`, for a read that
 * picked its document by the field). What a check of the field can gate is what these decide.
 */
export function fieldChecks(variable: Variable, field: string, from: number, to: number, sourceCode: Readonly<TSESLint.SourceCode>, itself: boolean): TSESTree.Node[] {
  const holders: TSESTree.Node[] = [];
  const add = (node: TSESTree.Node) => {
    const holder = conditionOf(node);
    if (holder) holders.push(holder);
  };
  for (const { identifier } of variable.references) {
    if (identifier.range[0] < from || identifier.range[1] > to) continue;
    let current: TSESTree.Node = identifier;
    let named = false;
    while (current.parent?.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current) {
      named ||= getPropertyName(current.parent) === field;
      current = current.parent;
    }
    if (!named && !(itself && current === identifier)) continue;
    if (inCondition(current)) {
      add(current);
      continue;
    }
    const copy = copiedInto(current, sourceCode);
    for (const reference of copy?.references ?? []) if (reference.identifier.range[0] >= from && reference.identifier.range[1] <= to && inCondition(reference.identifier)) add(reference.identifier);
  }
  return holders;
}

/**
 * The local a value is computed into, through arithmetic and conversions (`Math.round(user.balance)`,
 * `Number(user.balance) + amount`): `const`, or `let` never reassigned; undefined otherwise.
 */
function copiedInto(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): Variable | undefined {
  let current = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator) {
      if (parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier) return undefined;
      const variable = sourceCode.getDeclaredVariables(parent)[0];
      return variable && keptInitializer(variable as Parameters<typeof keptInitializer>[0]) === parent.init ? variable : undefined;
    }
    const carries =
      isTypeWrapper(parent) ||
      parent.type === AST_NODE_TYPES.BinaryExpression ||
      (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator !== 'typeof') ||
      (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument) && isConversion(parent));
    if (!carries) return undefined;
    current = parent;
  }
}

/** `Number(x)`, `parseFloat(x)`, `Math.round(x)`: a call that only converts or rounds a number. */
function isConversion(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return KEEPING_CONVERSIONS.has(callee.name);
  return callee.type === AST_NODE_TYPES.MemberExpression && isIdentifierNamed(callee.object, 'Math');
}

/** Whether `variable` itself (a scalar, not one of its properties) is tested in a condition between `from` and `to`: `if (balance < cost)`. */
export function testedItself(variable: Variable, from: number, to: number): boolean {
  return variable.references.some(({ identifier }) => {
    if (identifier.range[0] < from || identifier.range[1] > to) return false;
    const parent = identifier.parent;
    return !(parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) && inCondition(identifier);
  });
}

/**
 * Whether `variable` (a count) is compared with a limit in a condition between `from` and `gated`
 * that decides whether `gated` runs: `if (n >= 5) return;` before it, `if (devices <
 * user.maxDevices) { … gated … }`, `count + 1 > MAX ? … : …`. A comparison with 0 or 1 (`n > 0`,
 * `n === 0`), or a plain truth test (`if (!n)`), asks whether a row exists: a duplicate that a unique
 * key stops, not a limit.
 */
export function comparedWithLimit(variable: Variable, from: number, gated: TSESTree.Node): boolean {
  for (const { identifier } of variable.references) {
    if (identifier.range[0] < from || identifier.range[1] > gated.range[0]) continue;
    let side: TSESTree.Node = identifier;
    while (side.parent?.type === AST_NODE_TYPES.BinaryExpression && ARITHMETIC.has(side.parent.operator)) side = side.parent;
    const comparison = side.parent;
    if (comparison?.type !== AST_NODE_TYPES.BinaryExpression || !LIMIT_COMPARISONS.has(comparison.operator)) continue;
    const other = skipTypeWrappers(comparison.left === side ? comparison.right : comparison.left);
    if (other.type === AST_NODE_TYPES.Literal && (typeof other.value !== 'number' || other.value <= 1)) continue;
    const holder = conditionOf(comparison);
    if (holder && decides(holder, gated)) return true;
  }
  return false;
}

const ARITHMETIC = new Set(['+', '-']);
const LIMIT_COMPARISONS = new Set(['<', '<=', '>', '>=', '===', '==']);

function inCondition(node: TSESTree.Node): boolean {
  for (let current = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression || parent.type === AST_NODE_TYPES.WhileStatement) && parent.test === current) return true;
    if (isFunction(parent) || parent.type.endsWith('Statement') || parent.type === AST_NODE_TYPES.VariableDeclarator) return false;
  }
  return false;
}

/** Isolation levels under which two concurrent read-modify-writes cannot both commit. */
const SAFE_ISOLATION = /\b(Serializable|RepeatableRead|REPEATABLE[ _]READ|SERIALIZABLE|repeatable read|serializable)\b/;

/**
 * How a node runs with respect to the transaction callbacks `methods` (`$transaction`,
 * `transaction`, Kysely's `transaction().execute`): inside one at the default isolation
 * (`interactive`: read committed on PostgreSQL lets two transactions read the same old value),
 * inside one that asks for `Serializable` / `RepeatableRead` in its other arguments or its chain
 * (`safe`), or in none.
 */
export function transactionScopeOf(node: TSESTree.Node, file: FileRef, methods: ReadonlySet<string>): 'none' | 'interactive' | 'safe' {
  for (let current = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (!isFunction(current) || parent.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(current as TSESTree.CallExpressionArgument)) continue;
    const method = methodOf(parent);
    if (method === null || !methods.has(method)) continue;
    const options = [parent.callee, ...parent.arguments.filter((argument) => argument !== current)];
    return options.some((option) => SAFE_ISOLATION.test(file.sourceCode.getText(option))) ? 'safe' : 'interactive';
  }
  return 'none';
}

/** Whether a node runs inside a transaction callback: `session.withTransaction(fn)`, `connection.transaction(fn)`. */
export function inTransactionCallback(node: TSESTree.Node, methods: ReadonlySet<string>): boolean {
  for (let current = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (isFunction(current) && parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
      const method = methodOf(parent);
      if (method !== null && methods.has(method)) return true;
    }
  }
  return false;
}
