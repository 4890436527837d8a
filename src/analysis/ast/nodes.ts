import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

/** `node` is the identifier `name` itself (type wrappers are not looked through). */
export function isIdentifierNamed(node: TSESTree.Node | null | undefined, name: string): node is TSESTree.Identifier {
  return node?.type === AST_NODE_TYPES.Identifier && node.name === name;
}

export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/**
 * A node that only wraps a value without changing it: `x!`, `x as T`, `<T>x`, `x satisfies T` and
 * the `?.` chain around a member or call. Parentheses are not nodes in this AST. The one list of
 * these node types: every model asks here.
 */
export type TypeWrapper =
  | TSESTree.ChainExpression
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion;

export function isTypeWrapper(node: TSESTree.Node | null | undefined): node is TypeWrapper {
  return (
    node?.type === AST_NODE_TYPES.TSNonNullExpression ||
    node?.type === AST_NODE_TYPES.TSAsExpression ||
    node?.type === AST_NODE_TYPES.TSTypeAssertion ||
    node?.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    node?.type === AST_NODE_TYPES.ChainExpression
  );
}

/**
 * Where a value ends as it climbs out of the expressions that carry it: from `node` up through the
 * object side of member reads, type wrappers and the parents `carries(parent, child)` accepts, to the
 * first parent that is none of these, which `ends(parent, child)` judges. False when the climb
 * leaves by a member read's property side or reaches the top. The one climb behind "only logged",
 * "only tested" and their kind.
 */
export function valueEndsIn(
  node: TSESTree.Node,
  carries: (parent: TSESTree.Node, child: TSESTree.Node) => boolean,
  ends: (parent: TSESTree.Node, child: TSESTree.Node) => boolean,
): boolean {
  let current = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (parent.type === AST_NODE_TYPES.MemberExpression) {
      if (parent.object !== current) return false;
    } else if (!isTypeWrapper(parent) && !carries(parent, current)) {
      return ends(parent, current);
    }
    current = parent;
  }
  return false;
}

/** Whether `inner` lies inside `outer`'s source range (`outer` itself included): ranges nest as the tree does. */
export function containsRange(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Strips what does not change a value: `x!`, `x as T`, `<T>x`, `x satisfies T`, `(x)`. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isTypeWrapper(current)) current = current.expression;
  return current;
}

/** What a member chain starts from, type wrappers skipped: `a` of `a.b!.c`, `getDb()` of `getDb().pool.query`. */
export function memberRoot(node: TSESTree.Node): TSESTree.Node {
  let root = skipTypeWrappers(node);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
  return root;
}

/**
 * Whether `node` or a node down its chain passes `test`: `a.b().c!` → `a.b().c` → `a.b()` → `a.b`
 * → `a`, through objects, callees and type wrappers.
 */
export function someInChain(node: TSESTree.Node, test: (node: TSESTree.Node) => boolean): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    if (test(current)) return true;
    if (isTypeWrapper(current)) current = current.expression;
    else if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else return false;
  }
}

/** Whether `parent` is a member read of `object`: `object.x`, `object[k]`. */
export function isMemberOf(parent: TSESTree.Node, object: TSESTree.Node): parent is TSESTree.MemberExpression {
  return parent.type === AST_NODE_TYPES.MemberExpression && parent.object === object;
}

/** The outermost node that holds the same value as `node`: climbs out of type wrappers. */
export function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (isTypeWrapper(current.parent)) current = current.parent;
  return current;
}

/** The comparison that says the same with its operands swapped (`0 < c` is `c > 0`; an equality is its own); `undefined` for any other operator. */
export function flippedComparison(operator: string): string | undefined {
  return FLIPPED_COMPARISON[operator];
}

const FLIPPED_COMPARISON: Partial<Record<string, string>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '===': '===', '!==': '!==', '==': '==', '!=': '!=' };

/** Whether `node` is the callee of a call, through type wrappers: `f(…)`, `obj.m(…)`, `(obj.m as Fn)(…)`. */
export function isCallee(node: TSESTree.Node): boolean {
  const outer = outermostWrapper(node);
  return outer.parent?.type === AST_NODE_TYPES.CallExpression && outer.parent.callee === outer;
}

/** A call whose promise its caller waits for: `await f(…)`, `return f(…)`, an arrow's body `(ctx) => f(ctx)`. */
export function awaitedCall(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  while (node.parent?.type === AST_NODE_TYPES.ChainExpression || node.parent?.type === AST_NODE_TYPES.TSAsExpression || node.parent?.type === AST_NODE_TYPES.TSNonNullExpression) node = node.parent;
  const parent = node.parent;
  return (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === node)
  );
}

/**
 * The call an inline function is passed to, when that call is awaited or returned ({@link awaitedCall}):
 * `await prisma.$transaction(async (tx) => { … })`. The function around it waits for the callback's
 * work before it goes on; null for any other function.
 */
export function awaitedCallbackCall(fn: FunctionNode): TSESTree.CallExpression | null {
  const use = outermostWrapper(fn);
  const call = use.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(use as TSESTree.CallExpressionArgument) && awaitedCall(call) ? call : null;
}

/**
 * Whether a call's value is thrown away: the call is a statement of its own or the operand of
 * `void` (through type wrappers). Nobody awaits or chains it: a rejection goes unhandled, and a lazy
 * query (a Prisma `create`) never runs.
 */
export function valueDiscarded(call: TSESTree.CallExpression): boolean {
  const value = outermostWrapper(call);
  const parent = value.parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement || (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void');
}

/**
 * The amount a value negates, looked at through type wrappers: `x` of `-x`, `x * -1`, `-1 * x` and
 * `0 - x`; otherwise null. A negative literal (`-5`) gives its number literal `5`.
 */
export function negatedOperand(node: TSESTree.Node): TSESTree.Node | null {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.UnaryExpression) return value.operator === '-' ? value.argument : null;
  if (value.type !== AST_NODE_TYPES.BinaryExpression || value.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
  const minusOne = (side: TSESTree.Node) => {
    const inner = skipTypeWrappers(side);
    return inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '-' && isNumber(inner.argument, 1);
  };
  if (value.operator === '*') return minusOne(value.right) ? value.left : minusOne(value.left) ? value.right : null;
  return value.operator === '-' && isNumber(value.left, 0) ? value.right : null;
}

function isNumber(node: TSESTree.Node, number: number): boolean {
  const inner = skipTypeWrappers(node);
  return inner.type === AST_NODE_TYPES.Literal && inner.value === number;
}

/** A string literal or a template literal without holes, looked at through type wrappers: its text; otherwise null. */
export function staticString(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'string') return inner.value;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) return inner.quasis[0]!.value.cooked;
  return null;
}

/** `null`, `undefined`, `void 0`: a value that sets nothing. */
export function isNullish(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  return (
    (value.type === AST_NODE_TYPES.Literal && value.value === null && !('regex' in value)) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') ||
    (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === 'void')
  );
}

/**
 * The value `node` converts to text, through type wrappers: `x` of `String(x)`, `x.toString()` (also
 * with a radix or encoding, `id.toString(16)`: the same value written another way) and `` `${x}` ``
 * (one hole, no text around it); null for anything else (`String(...xs)`, `` `id:${x}` ``). The one
 * unwrap behind "a chat id / key / URL / port converted to text is still that value".
 */
export function convertedToText(node: TSESTree.Node): TSESTree.Node | null {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    return value.expressions.length === 1 && value.quasis.every((quasi) => quasi.value.cooked === '') ? value.expressions[0]! : null;
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(value.callee);
  const [first] = value.arguments;
  if (isIdentifierNamed(callee, 'String')) return value.arguments.length === 1 && first!.type !== AST_NODE_TYPES.SpreadElement ? first! : null;
  if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'toString' && value.arguments.every((argument) => argument.type !== AST_NODE_TYPES.SpreadElement)) return callee.object;
  return null;
}

/**
 * The key of an object-literal or object-pattern property, or of a class member, as written, converted as JavaScript does:
 * `a` and `'a'` give `a`; `1` gives `1`. Computed keys (`[x]`, and also `['a']`, which a reader
 * should not have to evaluate), spreads and rest elements give null: callers treat them as
 * "may be any key".
 */
export function propertyKey(property: TSESTree.Node): string | null {
  if (
    property.type !== AST_NODE_TYPES.Property &&
    property.type !== AST_NODE_TYPES.MethodDefinition &&
    property.type !== AST_NODE_TYPES.PropertyDefinition &&
    property.type !== AST_NODE_TYPES.AccessorProperty
  ) {
    return null;
  }
  if (property.computed) return null;
  const key = property.key;
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal) {
    return typeof key.value === 'string' || typeof key.value === 'number' || typeof key.value === 'bigint' ? String(key.value) : null;
  }
  return null;
}

/**
 * The property of an object pattern that binds `name`: `{ id }`, `{ id = null }` and `{ payment_id: id }`
 * give it (its key by `propertyKey`, its default in `value.right`); a nested pattern or a rest element gives null.
 */
export function patternProperty(pattern: TSESTree.ObjectPattern, name: TSESTree.Identifier | string): TSESTree.Property | null {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const bound = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (typeof name === 'string' ? bound.type === AST_NODE_TYPES.Identifier && bound.name === name : bound === name) return property;
  }
  return null;
}

/** The static name of a member's property: `a.b` and `a['b']` give `b`; `a[x]` gives null. */
export function getPropertyName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed) {
    return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : null;
  }
  if (node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string') {
    return node.property.value;
  }
  if (
    node.property.type === AST_NODE_TYPES.TemplateLiteral &&
    node.property.expressions.length === 0 &&
    node.property.quasis[0]
  ) {
    return node.property.quasis[0].value.cooked;
  }
  return null;
}

/**
 * The dotted path of an expression made of identifiers, `this` and static member accesses:
 * `this.logger.error` gives `['this', 'logger', 'error']`; anything else (calls, computed keys) gives
 * null. Type wrappers and optional chaining are looked through.
 */
export function getMemberPath(node: TSESTree.Node): string[] | null {
  const path: string[] = [];
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(current);
    if (name === null) return null;
    path.unshift(name);
    current = skipTypeWrappers(current.object);
  }
  if (current.type === AST_NODE_TYPES.Identifier) {
    path.unshift(current.name);
    return path;
  }
  if (current.type === AST_NODE_TYPES.ThisExpression) {
    path.unshift('this');
    return path;
  }
  return null;
}

/**
 * Two amounts that are one value: the same literal, or the same name or static member path (`amount`,
 * `args.amount`), looked at through type wrappers. Anything computed (`amount * 0.9`, a call) is not.
 */
export function sameAmount(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const left = skipTypeWrappers(a);
  const right = skipTypeWrappers(b);
  if (left.type === AST_NODE_TYPES.Literal || right.type === AST_NODE_TYPES.Literal) {
    return left.type === AST_NODE_TYPES.Literal && right.type === AST_NODE_TYPES.Literal && left.value !== null && left.value === right.value;
  }
  const leftPath = getMemberPath(left);
  const rightPath = getMemberPath(right);
  return leftPath !== null && rightPath !== null && leftPath.join('.') === rightPath.join('.');
}

/** The name a call is made by: `foo()` → `foo`, `a.b.foo()` → `foo`, `a[x]()` → null. */
export function getCalleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee);
  return null;
}

/** The function whose body holds a node, or null at the top level. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return null;
}

/** The program a node belongs to: the root of its tree. */
export function programOf(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

/** The statement of the module body that holds `node` outside any function (`bot.on(…)` at the top of a file), or null. */
export function topLevelStatement(node: TSESTree.Node): TSESTree.Node | null {
  if (enclosingFunction(node) !== null) return null;
  let current: TSESTree.Node = node;
  while (current.parent && current.parent.type !== AST_NODE_TYPES.Program) current = current.parent;
  return current.parent ? current : null;
}

/** The innermost `try` statement with a `catch` whose block holds a node in its own function, or null. */
export function enclosingTry(node: TSESTree.Node): (TSESTree.TryStatement & { handler: TSESTree.CatchClause }) | null {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) return parent as TSESTree.TryStatement & { handler: TSESTree.CatchClause };
  }
  return null;
}

/** Whether a statement always leaves its function: a `return` or `throw`, or a block ending in one. */
export function returnsOrThrows(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return false;
  const last = statement.body.at(-1);
  return last !== undefined && returnsOrThrows(last);
}

/** The name a function is declared or stored under: `function f`, `const f = () => …`, `{ f() {} }`, `{ f: () => … }`. */
export function functionName(fn: FunctionNode): string | null {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.Property && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
  return null;
}

/** The operands of a chain of one logical operator: `a && b && c` → `[a, b, c]`; any other node is its own one operand. */
export function logicalOperands(test: TSESTree.Node, operator: '&&' | '||'): TSESTree.Node[] {
  return test.type === AST_NODE_TYPES.LogicalExpression && test.operator === operator ? [...logicalOperands(test.left, operator), ...logicalOperands(test.right, operator)] : [test];
}

/** The global functions that parse a number from a value: `Number(x)`, `parseInt(s, 10)`, `parseFloat(s)`, `BigInt(x)`. */
export const NUMBER_PARSE_FUNCTIONS: ReadonlySet<string> = new Set(['Number', 'parseInt', 'parseFloat', 'BigInt']);

/**
 * Array methods that run their callback synchronously, before they return (`list.map((x) => …)`,
 * `rows.sort(compare)`): a throw in the callback is the call's throw. By name only: a client's
 * method of the same name (`collection.find(query)`) takes no callback.
 */
export const ARRAY_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'forEach', 'map', 'flatMap', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'reduce', 'reduceRight', 'sort',
]);

/** `x.balance`'s `balance`, `{ balance: 1 }`'s key: a name that is no variable. */
export function isPropertyName(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  return (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) || (parent?.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.computed && parent.value !== identifier);
}

/** The names a binding pattern declares: `u`, `{ id }`, `[a, b]`, `{ user: { id } = {} }`. */
export function patternNames(pattern: TSESTree.Node): string[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return [pattern.name];
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.flatMap((p) => patternNames(p.type === AST_NODE_TYPES.Property ? p.value : p.argument));
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.flatMap((e) => (e ? patternNames(e) : []));
    case AST_NODE_TYPES.AssignmentPattern:
      return patternNames(pattern.left);
    case AST_NODE_TYPES.RestElement:
      return patternNames(pattern.argument);
    case AST_NODE_TYPES.TSParameterProperty:
      return patternNames(pattern.parameter);
    default:
      return [];
  }
}

/** Two expressions written the same way (`dirPath` and `dirPath`, `path.join(a, b)` twice), whatever the parser adds of positions (espree's `start` and `end`). */
export function sameText(a: TSESTree.Node, b: TSESTree.Node): boolean {
  const shape = (node: TSESTree.Node): string =>
    JSON.stringify(node, (key, value: unknown) => (key === 'parent' || key === 'range' || key === 'loc' || ((key === 'start' || key === 'end') && typeof value === 'number') ? undefined : value));
  return shape(a) === shape(b);
}
