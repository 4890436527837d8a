import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

import { isFunction } from './nodes.js';

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
  someInSameFunction(root, (node) => (visit(node) === false ? 'skip' : false), options);
}

/**
 * Whether some node below `root` (`root` included) passes `test`, in the same function unless
 * `enterFunctions`; stops at the first one. `test` may return `'skip'` to pass over a node's
 * children.
 */
export function someInSameFunction(
  root: TSESTree.Node,
  test: (node: TSESTree.Node) => boolean | 'skip',
  options: { enterFunctions?: boolean } = {},
): boolean {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && !options.enterFunctions && isFunction(node)) continue;
    const passed = test(node);
    if (passed === true) return true;
    if (passed !== 'skip') pushChildren(node, stack);
  }
  return false;
}

/**
 * Pushes a node's children onto a depth-first stack, last child first (so they pop in source
 * order), without the array {@link childNodes} allocates: the walks run over every node of a file.
 */
export function pushChildren(node: TSESTree.Node, stack: TSESTree.Node[]): void {
  walkWork.nodes++;
  const keys = visitorKeys[node.type];
  if (!keys) return;
  for (let k = keys.length - 1; k >= 0; k--) {
    const value = (node as unknown as Record<string, unknown>)[keys[k]!];
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const item = value[i] as TSESTree.Node | null;
        if (item) stack.push(item);
      }
    } else if (value) {
      stack.push(value as TSESTree.Node);
    }
  }
}

/**
 * Work done by the models' walks: how many nodes had their children listed. Tests read it as a
 * deterministic cost measure (doubling the input must about double it); nothing else does.
 */
export const walkWork = { nodes: 0 };

/** The child nodes of a node, in source order, by typescript-eslint's visitor keys. */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  walkWork.nodes++;
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

/**
 * Whether code waits for something in its own function: an `await`, a `for await`, a `yield`
 * (nested functions run at another time and do not count).
 */
export function waitsInSameFunction(node: TSESTree.Node): boolean {
  return someInSameFunction(node, isWaitPoint);
}

/** An `await`, a `yield` or a `for await`: where a function gives up its turn and resumes later. */
export function isWaitPoint(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await);
}
