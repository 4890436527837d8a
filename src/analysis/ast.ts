import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** Strips what does not change a value: `x!`, `x as T`, `<T>x`, `x satisfies T`, `(x)`. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.ChainExpression
  ) {
    current = current.expression;
  }
  return current;
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

/** The name a call is made by: `foo()` → `foo`, `a.b.foo()` → `foo`, `a[x]()` → null. */
export function getCalleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee);
  return null;
}

/**
 * Visits every node below `root` that belongs to the same function: nested functions, classes'
 * bodies and their contents are skipped (their code runs at another time). `visit` may return
 * `false` to skip a node's children. Iterative, so deep nesting cannot overflow the stack.
 */
export function walkSameFunction(
  root: TSESTree.Node,
  visit: (node: TSESTree.Node) => boolean | void,
  options: { enterFunctions?: boolean } = {},
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && !options.enterFunctions && isFunction(node)) continue;
    if (visit(node) === false) continue;
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** The child nodes of a node, in source order, by typescript-eslint's visitor keys. */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  const keys = visitorKeys[node.type] ?? [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value as (TSESTree.Node | null)[]) {
        if (item) children.push(item);
      }
    } else if (value) {
      children.push(value as TSESTree.Node);
    }
  }
  return children;
}
