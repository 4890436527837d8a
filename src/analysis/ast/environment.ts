/**
 * The environment in code: the branch of an `if` (or `?:`) on `process.env.NODE_ENV` that production,
 * where `NODE_ENV` is `production`, never takes; the environment variable a value reads.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, isFunction, patternProperty, propertyKey, skipTypeWrappers, staticString } from './nodes.js';
import { constInitializer, resolveVariable } from './scope.js';

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

/**
 * The environment variable a value reads: `process.env.PORT`, `process.env['PORT']`, a `const` holding
 * one, a `const` destructured from `process.env` (`const { PORT } = process.env`, also renamed or with
 * a default), the left side of a fallback (`process.env.PORT || 3000`), `Number(…)`/`parseInt(…)` of
 * one. Null for anything else.
 */
export function environmentVariable(node: TSESTree.Node, sourceCode: Pick<SourceCode, 'getScope'>, depth = 0): string | null {
  const value = skipTypeWrappers(node);
  if (depth > 4) return null;
  switch (value.type) {
    case AST_NODE_TYPES.MemberExpression: {
      const path = getMemberPath(value);
      return path?.length === 3 && path[0] === 'process' && path[1] === 'env' ? path[2]! : null;
    }
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator === '&&' ? null : environmentVariable(value.left, sourceCode, depth + 1);
    case AST_NODE_TYPES.CallExpression: {
      const callee = getMemberPath(value.callee)?.join('.');
      return (callee === 'Number' || callee === 'parseInt' || callee === 'String') && value.arguments[0] ? environmentVariable(value.arguments[0], sourceCode, depth + 1) : null;
    }
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, sourceCode);
      return init ? environmentVariable(init, sourceCode, depth + 1) : destructuredFromEnvironment(value, sourceCode);
    }
    default:
      return null;
  }
}

/** `const { PORT } = process.env` (`{ PORT: port }`, `{ PORT = 3000 }`): the variable `id` names. */
function destructuredFromEnvironment(id: TSESTree.Identifier, sourceCode: Pick<SourceCode, 'getScope'>): string | null {
  const variable = resolveVariable(id, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !def.node.init) return null;
  if (getMemberPath(def.node.init)?.join('.') !== 'process.env') return null;
  const property = patternProperty(def.node.id, id.name);
  return property && propertyKey(property);
}
