import type { TSESTree } from '@typescript-eslint/utils';

/**
 * The index of the first item of `items` for which `before` is false, where `before` holds of a
 * prefix of the list and of nothing after it (a sorted list asked "is this still before the
 * point?"): a binary search, `items.length` when it holds of all. The one lower bound behind the
 * source-ordered lists the models keep (statements, exits, suspension points, state changes, writes).
 */
export function partitionPoint<T>(items: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(items[middle]!)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of the first node of a source-ordered list that starts at `position` or later (see {@link partitionPoint}). */
export function firstStartingFrom(nodes: readonly TSESTree.Node[], position: number): number {
  return partitionPoint(nodes, (node) => node.range[0] < position);
}
