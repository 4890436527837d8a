import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, propertyKey, skipTypeWrappers } from './nodes.js';

const exportsByProgram = new WeakMap<TSESTree.Program, ReadonlyMap<string, TSESTree.Node>>();

/**
 * The values a module exports from its own code, by name: `export function f`,
 * `export const f = …`, `export { g as f }`, `export default …`, `module.exports = { f }`,
 * `module.exports.f = …`, `exports.f = …`, and `module.exports = x` as `default` (what
 * `import x from` gives). A name bound here is its declaration (the function, or the declarator's
 * identifier); a name exported on from an import (`import { f } …; export { f }`) is its local
 * identifier. Re-exports with `from` are {@link exportsName}'s. Memoised per AST.
 */
export function exportsOf(program: TSESTree.Program): ReadonlyMap<string, TSESTree.Node> {
  const known = exportsByProgram.get(program);
  if (known) return known;
  const locals = new Map<string, TSESTree.Node>();
  const found = new Map<string, TSESTree.Node>();
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if ((declaration?.type === AST_NODE_TYPES.FunctionDeclaration || declaration?.type === AST_NODE_TYPES.ClassDeclaration) && declaration.id) locals.set(declaration.id.name, declaration);
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) locals.set(declarator.id.name, declarator.id);
      }
    }
  }
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) found.set(declaration.id.name, declaration);
      if (declaration?.type === AST_NODE_TYPES.ClassDeclaration && declaration.id) found.set(declaration.id.name, declaration);
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier) found.set(declarator.id.name, declarator.id);
        }
      }
      if (!statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.local.type === AST_NODE_TYPES.Identifier) found.set(exportedName(specifier), locals.get(specifier.local.name) ?? specifier.local);
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      found.set('default', statement.declaration);
    } else if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      const { left, right } = statement.expression;
      const target = getMemberPath(left)?.join('.');
      if (target === 'module.exports') {
        const value = skipTypeWrappers(right);
        found.set('default', value);
        if (value.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of value.properties) {
            const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
            if (property.type === AST_NODE_TYPES.Property && key !== null) found.set(key, property.value);
          }
        }
      } else if (target?.startsWith('module.exports.') === true && target.split('.').length === 3) {
        found.set(target.slice('module.exports.'.length), right);
      } else if (target?.startsWith('exports.') === true && target.split('.').length === 2) {
        found.set(target.slice('exports.'.length), right);
      }
    }
  }
  const result = new Map<string, TSESTree.Node>();
  for (const [name, node] of found) {
    const local = node.type === AST_NODE_TYPES.Identifier ? locals.get(node.name) : undefined;
    result.set(name, local && local !== node ? local : node);
  }
  exportsByProgram.set(program, result);
  return result;
}

const commonJsByProgram = new WeakMap<TSESTree.Program, boolean>();

/** Work counts for tests (tests/robustness/scaling.test.ts): top-level statements {@link isCommonJsModule} looked at. */
export const exportsWork = { statementsScanned: 0 };

/**
 * Whether a module has no ES export statement (`export …`), so that what it exports, if anything, is
 * CommonJS's (`module.exports`, `exports.f`). Memoised per AST: it is asked for every function whose
 * callers are looked for, and a scan of the file's statements each time grew with the square of
 * the file's length.
 */
export function isCommonJsModule(program: TSESTree.Program): boolean {
  let known = commonJsByProgram.get(program);
  if (known === undefined) {
    exportsWork.statementsScanned += program.body.length;
    known = !program.body.some((statement) => statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration || statement.type === AST_NODE_TYPES.ExportAllDeclaration);
    commonJsByProgram.set(program, known);
  }
  return known;
}

/** The value a module exports under a name from its own code ({@link exportsOf}); null when it does not. */
export function exportedValue(program: TSESTree.Program, name: string): TSESTree.Node | null {
  return exportsOf(program).get(name) ?? null;
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
