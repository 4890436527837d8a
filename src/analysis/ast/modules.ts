import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { skipTypeWrappers, staticString } from './nodes.js';

/**
 * What an import binding names: the module and the export it binds (`'*'` for the whole module:
 * `import * as x`, `import x = require('m')`). Every import form is handled here, once:
 * `import x from 'm'` → default, `import { a as x }` / `import { 'a' as x }` → a,
 * `import * as x` and `import x = require('m')` → *. `import x = N.M` (an alias of a namespace
 * member, no module) and anything that is not an import give null.
 */
export interface ImportedBinding {
  readonly module: string;
  readonly imported: string;
}

export function importedBinding(def: TSESLint.Scope.Definition): ImportedBinding | null {
  if (def.type !== TSESLint.Scope.DefinitionType.ImportBinding) return null;
  const node = def.node as TSESTree.Node;
  switch (node.type) {
    case AST_NODE_TYPES.TSImportEqualsDeclaration: {
      const reference = node.moduleReference;
      return reference.type === AST_NODE_TYPES.TSExternalModuleReference && typeof reference.expression.value === 'string'
        ? { module: reference.expression.value, imported: '*' }
        : null;
    }
    case AST_NODE_TYPES.ImportDefaultSpecifier:
    case AST_NODE_TYPES.ImportNamespaceSpecifier:
    case AST_NODE_TYPES.ImportSpecifier: {
      const declaration = node.parent;
      if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || typeof declaration.source.value !== 'string') return null;
      const module = declaration.source.value;
      if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { module, imported: 'default' };
      if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { module, imported: '*' };
      const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value);
      return { module, imported };
    }
    default:
      return null;
  }
}

/**
 * The module an expression evaluates to: `require('m')`, `await import('m')` (also `import('m')`,
 * whose promise `await` unwraps), looked at through type wrappers. Anything else gives null; to
 * follow `require('m').x.y()` back to its module use `moduleOrigin`.
 */
export function requiredModule(node: TSESTree.Node | null | undefined): string | null {
  if (!node) return null;
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  if (current.type === AST_NODE_TYPES.ImportExpression) return staticString(current.source);
  if (current.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(current.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require') return null;
  const argument = current.arguments[0];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : null;
}

/**
 * The module an expression is derived from by member reads, calls and `await`:
 * `require('pg').Pool`, `require('knex')(config)`, `(await import('pg')).default` all give the
 * module; anything else null.
 */
export function moduleOrigin(node: TSESTree.Node): string | null {
  let current = skipTypeWrappers(node);
  for (;;) {
    const module = requiredModule(current);
    if (module !== null) return module;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
    else return null;
  }
}
