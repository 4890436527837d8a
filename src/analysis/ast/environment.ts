/**
 * Code that runs only outside production: the branch of an `if` (or `?:`) on `process.env.NODE_ENV`
 * that production, where `NODE_ENV` is `production`, never takes.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, isFunction, skipTypeWrappers, staticString } from './nodes.js';
import { constInitializer } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Names of the environment other than production that mean a developer's own run. */
const DEVELOPMENT = new Set(['development', 'dev', 'local']);

/**
 * Whether `node` runs only when `NODE_ENV` is not `production`: it lies, in its own function (or at
 * the top level), in the consequent of `if (process.env.NODE_ENV !== 'production')` or `=== 'development'`,
 * or in the alternate of `if (process.env.NODE_ENV === 'production')`; the test may be negated
 * (`!isProduction`) or held in a `const` (`const isProduction = process.env.NODE_ENV === 'production'`).
 * Any other test (`!== 'test'`, `|| process.env.POLLING`) proves nothing.
 */
export function onlyOutsideProduction(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.IfStatement && parent.type !== AST_NODE_TYPES.ConditionalExpression) continue;
    if (child === parent.test) continue;
    const production = productionTest(parent.test, sourceCode, 0);
    // `production` is what the test's truth says: true (production), false (not production), null (unknown).
    if (production !== null && (child === parent.consequent) !== production) return true;
  }
  return false;
}

/** Whether `test` being true means production (true), means not production (false), or cannot be told (null). */
function productionTest(test: TSESTree.Node, sourceCode: SourceCode, depth: number): boolean | null {
  const value = skipTypeWrappers(test);
  if (depth > 3) return null;
  if (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === '!') {
    const inner = productionTest(value.argument, sourceCode, depth + 1);
    return inner === null ? null : !inner;
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(value, sourceCode);
    return init ? productionTest(init, sourceCode, depth + 1) : null;
  }
  if (value.type !== AST_NODE_TYPES.BinaryExpression || !['===', '==', '!==', '!='].includes(value.operator)) return null;
  const [environment, literal] = isNodeEnv(value.left) ? [value.left, value.right] : [value.right, value.left];
  const name = staticString(literal);
  if (!isNodeEnv(environment) || name === null) return null;
  const equal = value.operator === '===' || value.operator === '==';
  if (name === 'production') return equal;
  // `=== 'development'` true means not production; `!== 'development'` may still be test or staging.
  return DEVELOPMENT.has(name) && equal ? false : null;
}

function isNodeEnv(node: TSESTree.Node): boolean {
  return getMemberPath(node)?.join('.') === 'process.env.NODE_ENV';
}
