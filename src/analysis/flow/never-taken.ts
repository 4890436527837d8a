import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { resolveVariable } from '../ast/index.js';
import { evaluate, UNKNOWN } from './evaluate.js';

/** Tests evaluated to place nodes (a work count for tests). */
export const neverTakenWork = { tests: 0 };

/**
 * Whether `node` lies in code that never runs because a test is constant (see {@link evaluate}: literals,
 * and `typeof f` of a function the file declares, hoisted and never assigned, is `'function'`):
 *
 * - in the branch of an `if`, a `?:`, or the right side of `&&`, `||`, that its test never takes
 *   (`if (typeof transferAtomic !== 'function') { … }`);
 * - after a statement of the same statement list, or of a list around it, that always leaves on the
 *   branch its test takes: `if (typeof transferAtomic === 'function') return transferAtomic(…);` makes
 *   the fallback after it unreachable. A statement leaves when it is a `return`, `throw`, `break` or
 *   `continue`, a block holding one that leaves, or an `if` whose taken branch (both, when its test is
 *   not constant) leaves.
 *
 * A function declared after such a statement is hoisted: called, its body runs, so the list around the
 * declaration itself does not count. A function expression or arrow in code that never runs is never
 * created: its body never runs either. Any test whose value is unknown keeps the code.
 */
export function neverTaken(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const constant = (test: TSESTree.Node): boolean | null => {
    let known = constants.get(test);
    if (known === undefined) {
      neverTakenWork.tests++;
      const value = evaluate(test, { known: () => UNKNOWN, variable: (identifier) => resolveVariable(identifier, sourceCode), within: test });
      known = value === UNKNOWN ? null : Boolean(value);
      constants.set(test, known);
    }
    return known;
  };
  /** Whether the statement always leaves the code after it, given its constant tests. */
  const leaves = (statement: TSESTree.Node): boolean => {
    switch (statement.type) {
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.ThrowStatement:
      case AST_NODE_TYPES.BreakStatement:
      case AST_NODE_TYPES.ContinueStatement:
        return true;
      case AST_NODE_TYPES.BlockStatement:
        return firstLeaving(statement.body) !== null;
      case AST_NODE_TYPES.IfStatement: {
        const taken = constant(statement.test);
        if (taken === true) return leaves(statement.consequent);
        if (taken === false) return statement.alternate !== null && leaves(statement.alternate);
        return statement.alternate !== null && leaves(statement.consequent) && leaves(statement.alternate);
      }
      default:
        return false;
    }
  };
  /** The first statement of a list that always leaves, looked for once per list. */
  const firstLeaving = (body: readonly TSESTree.Node[]): TSESTree.Node | null => {
    let found = leavingStatements.get(body);
    if (found === undefined) {
      found = body.find(leaves) ?? null;
      leavingStatements.set(body, found);
    }
    return found;
  };
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== parent.test && constant(parent.test) === (child === parent.alternate)) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === parent.right && parent.operator !== '??' && constant(parent.left) === (parent.operator === '||')) return true;
        break;
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.Program:
      case AST_NODE_TYPES.StaticBlock:
      case AST_NODE_TYPES.SwitchCase: {
        // A `case` test is no statement of its case; a function declared in the list is hoisted.
        const statement = child.type === AST_NODE_TYPES.ExportNamedDeclaration && child.declaration ? child.declaration : child;
        if ((parent.type === AST_NODE_TYPES.SwitchCase && child === parent.test) || statement.type === AST_NODE_TYPES.FunctionDeclaration) break;
        const leaving = firstLeaving(parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : parent.body);
        if (leaving !== null && leaving.range[1] <= child.range[0]) return true;
        break;
      }
      default:
        break;
    }
  }
  return false;
}

/** Per test: its constant value as a condition, or null (a pure memo: a file's syntax tree and scopes never change). */
const constants = new WeakMap<TSESTree.Node, boolean | null>();
/** Per statement list: its first statement that always leaves, or null. */
const leavingStatements = new WeakMap<readonly TSESTree.Node[], TSESTree.Node | null>();
