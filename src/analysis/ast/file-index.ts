import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, isFunction, programOf } from './nodes.js';
import { pushChildren } from './walk.js';

/**
 * Every node of one file, grouped by node type, in source order (depth-first, parents before their
 * children): the one traversal of a file that the models share. A model that needs "every call" or
 * "every import" of the file reads its list here instead of walking the whole file again.
 */
export interface FileIndex {
  /** The nodes of one type, in source order; an empty list when the file has none. */
  of<T extends AST_NODE_TYPES>(type: T): readonly Extract<TSESTree.Node, { type: T }>[];
  /** How many nodes the file has. */
  readonly size: number;
}

/** How many files were indexed: tests read it to check that several rules on one file walk it once. */
export const fileIndexWork = { walks: 0 };

const NONE: readonly never[] = [];
const indexes = new WeakMap<TSESTree.Program, FileIndex>();

/** The index of a file, built on first use and kept for as long as its AST lives. */
export function fileIndex(program: TSESTree.Program): FileIndex {
  let index = indexes.get(program);
  if (!index) {
    index = buildIndex(program);
    indexes.set(program, index);
  }
  return index;
}

function buildIndex(program: TSESTree.Program): FileIndex {
  fileIndexWork.walks++;
  const byType = new Map<string, TSESTree.Node[]>();
  const stack: TSESTree.Node[] = [program];
  let size = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    size++;
    const list = byType.get(node.type);
    if (list) list.push(node);
    else byType.set(node.type, [node]);
    pushChildren(node, stack);
  }
  return {
    of: <T extends AST_NODE_TYPES>(type: T) => (byType.get(type) ?? NONE) as readonly Extract<TSESTree.Node, { type: T }>[],
    size,
  };
}

/**
 * The `await`s of `root`'s own function (those inside `root`, none of a function nested in it), read
 * from the file's index: what `someInSameFunction(root, …)` would find, without a walk of its own.
 */
export function awaitsInSameFunction(root: TSESTree.Node): TSESTree.AwaitExpression[] {
  const own = isFunction(root) ? root : enclosingFunction(root);
  return fileIndex(programOf(root))
    .of(AST_NODE_TYPES.AwaitExpression)
    .filter((node) => node.range[0] >= root.range[0] && node.range[1] <= root.range[1] && enclosingFunction(node) === own);
}
