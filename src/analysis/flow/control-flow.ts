import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, enclosingFunction, getCalleeName, getPropertyName, isFunction, isTypeWrapper, skipTypeWrappers, staticString, walkSameFunction } from '../ast/index.js';

/** The ancestors of a node, nearest first. */
function ancestors(node: TSESTree.Node): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  for (let current = node.parent; current; current = current.parent) found.push(current);
  return found;
}

/** The ancestors of a node up to and including the first function, nearest first. */
function ancestorsInFunction(node: TSESTree.Node): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  for (let current = node.parent; current; current = current.parent) {
    found.push(current);
    if (isFunction(current)) break;
  }
  return found;
}

const STATEMENT_LISTS = new Set<AST_NODE_TYPES>([AST_NODE_TYPES.BlockStatement, AST_NODE_TYPES.Program, AST_NODE_TYPES.SwitchCase, AST_NODE_TYPES.StaticBlock]);

function bodyOf(list: TSESTree.Node): TSESTree.Node[] {
  if (list.type === AST_NODE_TYPES.SwitchCase) return list.consequent;
  if (list.type === AST_NODE_TYPES.BlockStatement || list.type === AST_NODE_TYPES.Program || list.type === AST_NODE_TYPES.StaticBlock) {
    return list.body;
  }
  return [];
}

const isExit = (node: TSESTree.Node) => node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement;

/**
 * Whether `later` can never run after `earlier` in one execution: they sit in different branches of
 * an `if`, a `?:`, a `switch` or a `try`/`catch`, or `earlier` is followed by a `return`/`throw` in
 * a block that does not contain `later`. Conservative: "not exclusive" when unsure.
 */
export function areExclusive(earlier: TSESTree.Node, later: TSESTree.Node): boolean {
  const laterAncestors = new Set(ancestors(later));
  let child: TSESTree.Node = earlier;
  // An exit only counts if it leaves the function that also contains `later`, not a callback.
  let exits = false;
  for (const ancestor of ancestors(earlier)) {
    if (laterAncestors.has(ancestor)) {
      const laterChild = [later, ...ancestors(later)].find((node) => node.parent === ancestor);
      return exits || differentBranches(ancestor, child, laterChild) || (laterChild !== undefined && contradictoryGuards(earlier, later, ancestor));
    }
    if (STATEMENT_LISTS.has(ancestor.type)) {
      const body = bodyOf(ancestor);
      const index = body.indexOf(child);
      if (index !== -1 && body.slice(index).some(isExit)) exits = true;
    }
    if (isFunction(ancestor)) exits = false;
    child = ancestor;
  }
  return false;
}

/** The tests of the `if`s between `node` and `top` whose consequent holds `node`: each is true where `node` runs. */
function holdingTests(node: TSESTree.Node, top: TSESTree.Node): TSESTree.Expression[] {
  const tests: TSESTree.Expression[] = [];
  let child = node;
  for (let parent = node.parent; parent && parent !== top; parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === child) tests.push(parent.test);
    if (isFunction(parent)) return [];
    child = parent;
  }
  return tests;
}

/**
 * Two plain `if`s (no `else` between them) whose tests cannot both hold, so their bodies never both
 * run: one variable that nothing assigns is tested against distinct literals
 * (`data.startsWith('validate_')` and later `data.startsWith('motif1_') || data.startsWith('motif2_')`,
 * `kind === 'a'` and `kind === 'b'`).
 */
function contradictoryGuards(earlier: TSESTree.Node, later: TSESTree.Node, common: TSESTree.Node): boolean {
  const earlierTests = holdingTests(earlier, common);
  if (earlierTests.length === 0) return false;
  const laterTests = holdingTests(later, common);
  if (laterTests.length === 0) return false;
  const fn = enclosingFunction(common) ?? common;
  return earlierTests.some((a) => laterTests.some((b) => contradicts(a, b, fn)));
}

function contradicts(a: TSESTree.Expression, b: TSESTree.Expression, fn: TSESTree.Node): boolean {
  const left = skipTypeWrappers(a);
  const right = skipTypeWrappers(b);
  if (left.type === AST_NODE_TYPES.LogicalExpression && left.operator === '||') return contradicts(left.left, b, fn) && contradicts(left.right, b, fn);
  if (right.type === AST_NODE_TYPES.LogicalExpression && right.operator === '||') return contradicts(a, right.left, fn) && contradicts(a, right.right, fn);
  if (left.type === AST_NODE_TYPES.LogicalExpression && left.operator === '&&') return contradicts(left.left, b, fn) || contradicts(left.right, b, fn);
  if (right.type === AST_NODE_TYPES.LogicalExpression && right.operator === '&&') return contradicts(a, right.left, fn) || contradicts(a, right.right, fn);
  const x = literalTest(left);
  const y = literalTest(right);
  if (!x || !y || x.subject !== y.subject || !neverAssigned(x.subject, fn)) return false;
  if (x.kind === 'equals' && y.kind === 'equals') return x.value !== y.value;
  if (x.kind === 'prefix' && y.kind === 'prefix') return !x.value.startsWith(y.value) && !y.value.startsWith(x.value);
  const [equals, prefix] = x.kind === 'equals' ? [x, y] : [y, x];
  return !equals.value.startsWith(prefix.value);
}

interface LiteralTest {
  subject: string;
  kind: 'equals' | 'prefix';
  value: string;
}

/** `x === 'a'`, `'a' == x`, `x.startsWith('a')` on a plain identifier `x`. */
function literalTest(test: TSESTree.Node): LiteralTest | null {
  if (test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '===' || test.operator === '==')) {
    for (const [side, other] of [[test.left, test.right], [test.right, test.left]] as const) {
      const subject = skipTypeWrappers(side);
      const value = staticString(other);
      if (subject.type === AST_NODE_TYPES.Identifier && value !== null) return { subject: subject.name, kind: 'equals', value };
    }
    return null;
  }
  if (test.type !== AST_NODE_TYPES.CallExpression || test.arguments.length !== 1) return null;
  const callee = skipTypeWrappers(test.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'startsWith') return null;
  const subject = skipTypeWrappers(callee.object);
  const value = staticString(test.arguments[0]);
  return subject.type === AST_NODE_TYPES.Identifier && value !== null ? { subject: subject.name, kind: 'prefix', value } : null;
}

/** Per function: the names assigned anywhere in it after their declaration (nested functions included). */
const assignedNames = new WeakMap<TSESTree.Node, Set<string>>();

/** Whether no code in `fn` (nested functions included) assigns a variable named `name` after its declaration. */
function neverAssigned(name: string, fn: TSESTree.Node): boolean {
  let names = assignedNames.get(fn);
  if (!names) {
    const found = new Set<string>();
    walkSameFunction(
      fn,
      (node) => {
        if (node.type === AST_NODE_TYPES.AssignmentExpression) for (const identifier of patternIdentifiers(node.left)) found.add(identifier.name);
        else if (node.type === AST_NODE_TYPES.UpdateExpression && node.argument.type === AST_NODE_TYPES.Identifier) found.add(node.argument.name);
        else if ((node.type === AST_NODE_TYPES.ForOfStatement || node.type === AST_NODE_TYPES.ForInStatement) && node.left.type !== AST_NODE_TYPES.VariableDeclaration) {
          for (const identifier of patternIdentifiers(node.left)) found.add(identifier.name);
        }
      },
      { enterFunctions: true },
    );
    names = found;
    assignedNames.set(fn, names);
  }
  return !names.has(name);
}

function differentBranches(parent: TSESTree.Node, a: TSESTree.Node, b: TSESTree.Node | undefined): boolean {
  if (!b || a === b) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return a !== parent.test && b !== parent.test;
    case AST_NODE_TYPES.SwitchStatement:
      return a !== parent.discriminant && b !== parent.discriminant;
    case AST_NODE_TYPES.TryStatement:
      return (a === parent.block && b === parent.handler) || (a === parent.handler && b === parent.block);
    default: {
      if (!STATEMENT_LISTS.has(parent.type)) return false;
      // Siblings in one block: `earlier`'s own statement may end the function.
      const body = bodyOf(parent);
      const index = body.indexOf(a);
      return index !== -1 && body.slice(index, body.indexOf(b)).some(isExit);
    }
  }
}

/** Whether a node runs only when something failed: inside a `catch` clause of its own function. */
export function isInCatch(node: TSESTree.Node): boolean {
  return ancestorsInFunction(node).some((ancestor) => ancestor.type === AST_NODE_TYPES.CatchClause);
}

/** Parents that carry their child's value on: type wrappers, `await`, member reads. */
const passesThrough = (node: TSESTree.Node): boolean =>
  isTypeWrapper(node) || node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.MemberExpression;
const CONDITIONS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.BinaryExpression,
]);

/** The whole expression a query call is part of: `db.prepare(…).get(id)`, `(await q(…)).rows[0]`. */
function outermost(expression: TSESTree.Node): TSESTree.Node {
  let current = expression;
  for (let parent = current.parent; parent; parent = current.parent) {
    const passes =
      (passesThrough(parent) && !(parent.type === AST_NODE_TYPES.MemberExpression && parent.object !== current)) ||
      (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current);
    if (!passes) break;
    current = parent;
  }
  return current;
}

function patternIdentifiers(pattern: TSESTree.Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return [pattern];
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.flatMap((element) => (element ? patternIdentifiers(element) : []));
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.flatMap((property) => patternIdentifiers(property.type === AST_NODE_TYPES.Property ? property.value : property.argument));
    case AST_NODE_TYPES.AssignmentPattern:
      return patternIdentifiers(pattern.left);
    case AST_NODE_TYPES.RestElement:
      return patternIdentifiers(pattern.argument);
    default:
      return [];
  }
}

/** What code does with a query's result before a later point. */
export interface ResultReads {
  /** The result is tested in a condition, or a variable holding it (or derived from it) is read. */
  used: boolean;
  /**
   * Property names read from the result or from values derived from it (`rows[0].balance`,
   * `const { balance } = user`), normalised: lower-case, without underscores (`telegram_id` and
   * `telegramId` both give `telegramid`).
   */
  properties: Set<string>;
  /** The identifiers (up to `later`) that hold the result or a value derived from it. */
  references: TSESTree.Node[];
}

/** `userId`, `user_id`, `USERID` → `userid`: lower case, underscores dropped (compares JS and SQL spellings). */
export const lowercaseWithoutUnderscores = (name: string): string => name.toLowerCase().replace(/_/g, '');

/**
 * Follows a query's result through the variables it is stored in, and the variables derived from
 * those (`const user = rows[0]`), up to the end of `later`'s expression, collecting the property
 * names read on the way.
 */
export function readsOfResult(
  expression: TSESTree.Node,
  later: TSESTree.Node,
  getDeclaredVariables: (node: TSESTree.Node) => readonly { references: readonly { identifier: TSESTree.Node }[] }[],
  resolve: (identifier: TSESTree.Identifier) => { references: readonly { identifier: TSESTree.Node }[] } | null,
): ResultReads {
  const reads: ResultReads = { used: false, properties: new Set(), references: [] };
  const end = outermost(later).range[1];
  type Holder = { references: readonly { identifier: TSESTree.Node }[] };
  const queue: Holder[] = [];
  const seen = new Set<Holder>();
  const bind = (top: TSESTree.Node) => {
    const parent = top.parent;
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === top) {
      collectPatternKeys(parent.id, reads.properties);
      queue.push(...getDeclaredVariables(parent));
      return true;
    }
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === top) {
      collectPatternKeys(parent.left, reads.properties);
      for (const identifier of patternIdentifiers(parent.left)) {
        const variable = resolve(identifier);
        if (variable) queue.push(variable);
      }
      return true;
    }
    return false;
  };
  const top = climb(expression, reads.properties);
  if (!bind(top)) reads.used = top.parent !== undefined && CONDITIONS.has(top.parent.type);
  while (queue.length > 0) {
    const holder = queue.shift()!;
    if (seen.has(holder)) continue;
    seen.add(holder);
    for (const reference of holder.references) {
      const { identifier } = reference;
      if (identifier.range[0] < expression.range[1] || identifier.range[1] > end) continue;
      reads.used = true;
      reads.references.push(identifier);
      bind(climb(identifier, reads.properties));
    }
  }
  return reads;
}

/** Climbs member accesses (and awaits, casts, `?.`) above a node, collecting the property names. */
function climb(node: TSESTree.Node, properties: Set<string>): TSESTree.Node {
  let current = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      const name = parent.computed
        ? parent.property.type === AST_NODE_TYPES.Literal ? String(parent.property.value) : null
        : parent.property.type === AST_NODE_TYPES.Identifier ? parent.property.name : null;
      if (name !== null) properties.add(lowercaseWithoutUnderscores(name));
    } else if (!(passesThrough(parent) && parent.type !== AST_NODE_TYPES.MemberExpression) && !(parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current)) {
      break;
    }
    current = parent;
  }
  return current;
}

function collectPatternKeys(pattern: TSESTree.Node, properties: Set<string>): void {
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) properties.add(lowercaseWithoutUnderscores(property.key.name));
      collectPatternKeys(property.value, properties);
    }
  } else if (pattern.type === AST_NODE_TYPES.ArrayPattern) {
    for (const element of pattern.elements) if (element) collectPatternKeys(element, properties);
  } else if (pattern.type === AST_NODE_TYPES.AssignmentPattern) {
    collectPatternKeys(pattern.left, properties);
  }
}

/** Per root (function or program): the start and end of every point where its code can yield to other requests. */
const suspensionPoints = new WeakMap<TSESTree.Node, [number, number][]>();

function suspensionsOf(root: TSESTree.Node): [number, number][] {
  let found = suspensionPoints.get(root);
  if (found) return found;
  found = [];
  // Nested functions count too (conservative: a callback may run in between).
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (
      node.type === AST_NODE_TYPES.AwaitExpression ||
      node.type === AST_NODE_TYPES.YieldExpression ||
      (node.type === AST_NODE_TYPES.ForOfStatement && node.await)
    ) {
      found.push([node.range[0], node.range[1]]);
    }
    stack.push(...childNodes(node));
  }
  found.sort((a, b) => a[0] - b[0]);
  suspensionPoints.set(root, found);
  return found;
}

/**
 * Whether other requests can run between the start of `earlier` and the start of `later` inside
 * `root`: an `await`, `yield` or `for await` ends after `earlier` starts and begins before `later`
 * does (an `await` around `later` itself does not count: `later` is sent before it suspends).
 * False means the two run in one synchronous stretch, which Node never interleaves (better-sqlite3,
 * `node:sqlite`).
 */
export function canSuspendBetween(root: TSESTree.Node, earlier: TSESTree.Node, later: TSESTree.Node): boolean {
  const points = suspensionsOf(root);
  // Sorted by start: only points that start before `later` count, and the nearest ones (the
  // `await` of the statement just before) decide it almost always, so look from there backwards.
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (points[middle]![0] < later.range[0]) low = middle + 1;
    else high = middle;
  }
  for (let i = low - 1; i >= 0; i--) {
    const [start, end] = points[i]!;
    if (end > earlier.range[0] && !(start <= later.range[0] && end >= later.range[1])) return true;
  }
  return false;
}

/** Whether a statement always leaves the code after it: `return`, `throw`, `continue`, `break`, `process.exit()`, or an `if` / block whose every path does. */
export function alwaysExits(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = statement.body[statement.body.length - 1];
      return last !== undefined && alwaysExits(last);
    }
    case AST_NODE_TYPES.IfStatement:
      return statement.alternate !== null && alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
    case AST_NODE_TYPES.ExpressionStatement: {
      const call = skipTypeWrappers(statement.expression);
      if (call.type !== AST_NODE_TYPES.CallExpression) return false;
      const name = getCalleeName(call);
      return name === 'exit' || name === 'abort';
    }
    default:
      return false;
  }
}

/** Whether a statement always throws: `throw`, a block ending in one, an `if` whose two branches do. */
function alwaysThrows(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ThrowStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = statement.body[statement.body.length - 1];
      return last !== undefined && alwaysThrows(last);
    }
    case AST_NODE_TYPES.IfStatement:
      return statement.alternate !== null && alwaysThrows(statement.consequent) && alwaysThrows(statement.alternate);
    default:
      return false;
  }
}

/**
 * Whether a call of `fn` never returns: its body ends in a statement that always throws and holds
 * no `return` of its own (`function fail(reason): never { log(reason); throw new Error(reason); }`).
 * An `async` one rejects instead, which an `await` turns back into a throw.
 */
export function neverReturns(fn: TSESTree.Node): boolean {
  if (!isFunction(fn) || fn.body.type !== AST_NODE_TYPES.BlockStatement || !alwaysThrows(fn.body)) return false;
  let returns = false;
  walkSameFunction(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) returns = true;
    return returns ? false : undefined;
  });
  return !returns;
}
