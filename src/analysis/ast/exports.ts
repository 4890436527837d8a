import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, propertyKey, skipTypeWrappers } from './nodes.js';

/**
 * The value a module exports under a name, from its own code: `export function f`,
 * `export const f = …`, `export { g as f }`, `export default …`, `module.exports = { f }`,
 * `module.exports.f = …`, `exports.f = …`, and `module.exports = x` as `default` (what
 * `import x from` gives). A name bound here is its declaration (the function, or the declarator's
 * identifier); a name exported on from an import (`import { f } …; export { f }`) is its local
 * identifier. Null when the module does not export the name from its own code (re-exports with
 * `from` are {@link exportsName}'s).
 */
export function exportedValue(program: TSESTree.Program, name: string): TSESTree.Node | null {
  const locals = new Map<string, TSESTree.Node>();
  let found: TSESTree.Node | null = null;
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) locals.set(declaration.id.name, declaration);
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) locals.set(declarator.id.name, declarator.id);
      }
    }
  }
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id?.name === name) found = declaration;
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === name) found = declarator.id;
        }
      }
      if (!statement.source) {
        for (const specifier of statement.specifiers) {
          if (exportedName(specifier) === name && specifier.local.type === AST_NODE_TYPES.Identifier) found = locals.get(specifier.local.name) ?? specifier.local;
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration && name === 'default') {
      found = statement.declaration;
    } else if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      const { left, right } = statement.expression;
      const target = getMemberPath(left)?.join('.');
      if (target === 'module.exports') {
        const value = skipTypeWrappers(right);
        if (name === 'default') found = value;
        else if (value.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of value.properties) {
            if (property.type === AST_NODE_TYPES.Property && propertyKey(property) === name) found = property.value;
          }
        }
      } else if (target === `module.exports.${name}` || target === `exports.${name}`) {
        found = right;
      }
    }
  }
  if (found?.type === AST_NODE_TYPES.Identifier) {
    const local = locals.get(found.name);
    if (local && local !== found) return local;
  }
  return found;
}

/**
 * Whether a module exports `name`: from its own code ({@link exportedValue}) or on from another
 * module (`export { handler } from './impl'`). `export * from` is not counted: what it exports is
 * not known here.
 */
export function exportsName(program: TSESTree.Program, name: string): boolean {
  if (exportedValue(program, name) !== null) return true;
  return program.body.some(
    (statement) => statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.source !== null && statement.specifiers.some((specifier) => exportedName(specifier) === name),
  );
}

function exportedName(specifier: TSESTree.ExportSpecifier): string {
  return specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : specifier.exported.value;
}
