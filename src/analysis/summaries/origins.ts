/**
 * Where a value comes from across the files of a project (`originOf`): asked by the store models
 * (which client a query runs on) and the framework model (which scene id an imported `const` holds).
 */
import path from 'node:path';

import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { importedBinding, requiredModule, resolveVariable, skipTypeWrappers, valueDefinition, writeReferences } from '../ast/index.js';
import { projectModuleFile } from '../project/index.js';
import type { FileRef } from './functions.js';
import { projectValue } from './project.js';

/** How many links (`const a = b`, an import of a project file) a lookup follows. */
const MAX_DEPTH = 5;

/**
 * Where a value comes from, followed back through `const`/single-assignment variables, `await`, and
 * imports of project files: the expression that creates it (with its file), a module binding
 * (`import x from 'm'`, `require('m')`, `{ a } = require('m')`), or null when it cannot be proven.
 */
export type Origin =
  | { kind: 'expression'; node: TSESTree.Node; file: FileRef }
  | { kind: 'module'; module: string; imported: string };

export function originOf(node: TSESTree.Node, file: FileRef, depth = 0): Origin | null {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  const required = requiredModule(value);
  if (required !== null) return moduleOrigin(required, 'default', file, depth);
  if (value.type !== AST_NODE_TYPES.Identifier) return { kind: 'expression', node: value, file };
  if (depth > MAX_DEPTH) return null;
  const variable = resolveVariable(value, file.sourceCode);
  const def = variable ? valueDefinition(variable) : null;
  if (!variable || !def) return null;
  const binding = importedBinding(def);
  if (binding) return moduleOrigin(binding.module, binding.imported, file, depth);
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || !def.node.init) return null;
  if (def.parent.kind !== 'const' && writeReferences(variable).some((reference) => reference.identifier.parent !== def.node)) return null;
  const { id, init } = def.node;
  if (id.type === AST_NODE_TYPES.Identifier) return originOf(init, file, depth + 1);
  if (id.type === AST_NODE_TYPES.ObjectPattern) {
    const module = requiredModule(init);
    const property = id.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && p.value.type === AST_NODE_TYPES.Identifier && p.value.name === value.name,
    );
    const key = property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : null;
    if (module !== null && key !== null) return moduleOrigin(module, key, file, depth);
  }
  return null;
}

function moduleOrigin(module: string, imported: string, file: FileRef, depth: number): Origin | null {
  // A bare specifier is a package unless a tsconfig `paths` alias maps it to a project file (`@/lib/db`).
  if (!module.startsWith('.') && (!path.isAbsolute(file.filename) || projectModuleFile(file.filename, module) === null)) return { kind: 'module', module, imported };
  const exported = projectValue(file.filename, module, imported);
  return exported ? originOf(exported.node, exported.file, depth + 1) : null;
}
