/**
 * Lists built in one place: a `const` array filled only by `list.push(…)` statements beside its
 * declaration (`const actions = []; actions.push(showProduct); actions.push(async (ctx, next) => …)`),
 * whose values are therefore known in order.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, getPropertyName, skipTypeWrappers } from './nodes.js';

type Variable = TSESLint.Scope.Variable;

/**
 * The values a `const` array holds, in order: the elements of its literal, then the arguments of
 * each `list.push(…)` that is a statement of the block the array is declared in. Every other use
 * must only read it whole — spread it (`...list`), read its `length`, or export it (`exports.list =
 * list`, `module.exports = { list }`, `export { list }`); anything else (`unshift`, `splice`, an
 * element written, the list handed to a call) may change what it holds, and gives null. So do a
 * spread or a hole in the literal or a push, and, with `before`, a push that does not end before
 * `before` starts (it has not run when `before` reads the list).
 */
export function listElements(variable: Variable, before?: TSESTree.Node): TSESTree.Node[] | null {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier) return null;
  const init = def.node.init ? skipTypeWrappers(def.node.init) : null;
  if (init?.type !== AST_NODE_TYPES.ArrayExpression) return null;
  const block = def.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? def.parent.parent.parent : def.parent.parent;
  const elements: TSESTree.Node[] = [];
  for (const element of init.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return null;
    elements.push(element);
  }
  const pushes: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const use = reference.identifier;
    if (use === def.node.id) continue;
    const parent = use.parent;
    if (!parent) return null;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === use) {
      const member = getPropertyName(parent);
      if (member === 'length' && !(parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent)) continue;
      const call = parent.parent;
      if (member !== 'push' || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return null;
      if (call.parent.type !== AST_NODE_TYPES.ExpressionStatement || call.parent.parent !== block) return null;
      if (before && call.range[1] > before.range[0]) return null;
      pushes.push(call);
      continue;
    }
    if (parent.type === AST_NODE_TYPES.SpreadElement || parent.type === AST_NODE_TYPES.ExportSpecifier || exportedAs(use)) continue;
    return null;
  }
  pushes.sort((a, b) => a.range[0] - b.range[0]);
  for (const push of pushes) {
    for (const argument of push.arguments) {
      if (argument.type === AST_NODE_TYPES.SpreadElement) return null;
      elements.push(argument);
    }
  }
  return elements;
}

/** `exports.list = list`, `module.exports.list = list`, `module.exports = list`, `module.exports = { list }`. */
function exportedAs(use: TSESTree.Node): boolean {
  let value: TSESTree.Node = use;
  if (value.parent?.type === AST_NODE_TYPES.Property && value.parent.value === value && value.parent.parent.type === AST_NODE_TYPES.ObjectExpression) value = value.parent.parent;
  const assignment = value.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== value || assignment.parent.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const path = getMemberPath(assignment.left);
  return path !== null && (path[0] === 'exports' || (path[0] === 'module' && path[1] === 'exports'));
}
