import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex } from './file-index.js';
import { enclosingFunction, programOf, type FunctionNode } from './nodes.js';

/** What the `return`s of one function give: each argument (the expression body alone for an arrow), and whether one returns nothing. */
export interface ReturnArguments {
  readonly values: readonly TSESTree.Node[];
  /** Whether a `return;` of its own gives `undefined`. */
  readonly bare: boolean;
}

/**
 * How many programs had their `return`s grouped by function: once each, however many of its
 * functions are asked about (a work count for tests).
 */
export const returnWork = { files: 0 };

const NO_RETURNS: ReturnArguments = { values: [], bare: false };
const returnsByProgram = new WeakMap<TSESTree.Program, ReadonlyMap<FunctionNode, ReturnArguments>>();

/**
 * The `return` statements of a file by the function they return from, in source order: one pass
 * over the file index's `return`s (each one's nearest function), instead of a walk of each function
 * body asked about.
 */
function returnsOf(program: TSESTree.Program): ReadonlyMap<FunctionNode, ReturnArguments> {
  let known = returnsByProgram.get(program);
  if (known) return known;
  returnWork.files++;
  const grouped = new Map<FunctionNode, { values: TSESTree.Node[]; bare: boolean }>();
  for (const statement of fileIndex(program).of(AST_NODE_TYPES.ReturnStatement)) {
    const fn = enclosingFunction(statement);
    if (!fn) continue;
    let entry = grouped.get(fn);
    if (!entry) grouped.set(fn, (entry = { values: [], bare: false }));
    if (statement.argument) entry.values.push(statement.argument);
    else entry.bare = true;
  }
  known = grouped;
  returnsByProgram.set(program, known);
  return known;
}

const expressionBodies = new WeakMap<FunctionNode, ReturnArguments>();

/**
 * The argument of every `return` of a function's own (nested functions return for themselves), in
 * source order, or its expression body. A question asked at each call site of a function reads
 * what its file's `return`s give, grouped once per file.
 */
export function returnArguments(fn: FunctionNode): ReturnArguments {
  const body = fn.body as TSESTree.Node | null | undefined;
  if (!body) return NO_RETURNS;
  if (body.type !== AST_NODE_TYPES.BlockStatement) {
    let known = expressionBodies.get(fn);
    if (!known) expressionBodies.set(fn, (known = { values: [body], bare: false }));
    return known;
  }
  return returnsOf(programOf(fn)).get(fn) ?? NO_RETURNS;
}

const lastFirst = new WeakMap<FunctionNode, readonly TSESTree.Node[] | null>();

/**
 * What every `return` of a function gives (its expression body), the last `return` first (the order
 * its callers were written against), memoised per function; null when one returns nothing or none is found.
 */
export function returnedValues(fn: FunctionNode): readonly TSESTree.Node[] | null {
  if (lastFirst.has(fn)) return lastFirst.get(fn)!;
  const { values, bare } = returnArguments(fn);
  const result = bare || values.length === 0 ? null : [...values].reverse();
  lastFirst.set(fn, result);
  return result;
}
