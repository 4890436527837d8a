import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, isTypeWrapper, propertyKey, skipTypeWrappers } from '../ast/index.js';

/** One step of a fluent chain: `.where(…)` (a call) or `.user` (a plain access). */
export interface ChainLink {
  name: string;
  member: TSESTree.MemberExpression;
  call: TSESTree.CallExpression | null;
}

/**
 * A fluent chain read from its end: `knex('users').where({ id }).decrement('balance', 1)` gives the
 * root `knex('users')` and the links `where`, `decrement`. A computed, non-static member ends the
 * chain (it becomes part of the root).
 */
export interface Chain {
  root: TSESTree.Node;
  links: ChainLink[];
}

export function decomposeChain(node: TSESTree.Node): Chain {
  const links: ChainLink[] = [];
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
      const name = getPropertyName(callee);
      if (name === null) break;
      links.unshift({ name, member: callee, call: current });
      current = skipTypeWrappers(callee.object);
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(current);
      if (name === null) break;
      links.unshift({ name, member: current, call: null });
      current = skipTypeWrappers(current.object);
    } else {
      break;
    }
  }
  return { root: current, links };
}

/** Every argument passed along a chain, its root call's too: `knex('users').where({ id }).first()` gives `'users'`, `{ id }`. */
export function chainArguments(node: TSESTree.Node): TSESTree.Node[] {
  const { root, links } = decomposeChain(node);
  const calls = links.flatMap((link) => (link.call ? [link.call] : []));
  if (root.type === AST_NODE_TYPES.CallExpression) calls.unshift(root);
  return calls.flatMap((call) => call.arguments);
}

/** Whether a call is the last call of its chain: `a.b().c()` → true for `c()`, false for `b()`. */
export function isChainEnd(call: TSESTree.CallExpression): boolean {
  let child: TSESTree.Node = call;
  let parent = call.parent;
  while (isTypeWrapper(parent)) {
    child = parent;
    parent = parent.parent!;
  }
  return !(parent.type === AST_NODE_TYPES.MemberExpression && parent.object === child);
}

/** The value of `key` in an object literal (the last one wins, as at run time); undefined if absent. */
export function objectProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (propertyKey(property) === key) found = property as TSESTree.Property;
  }
  return found;
}
