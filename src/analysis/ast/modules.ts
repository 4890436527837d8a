import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

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
