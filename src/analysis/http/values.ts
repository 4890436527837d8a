import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { skipTypeWrappers } from '../ast.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const MAX_DEPTH = 6;

/**
 * The single, never reassigned initializer of the variable an identifier names, in the same file:
 * `const x = init` (or `let` with no later write). Anything else — parameters, imports, several
 * definitions, destructuring, writes after the declaration — gives null.
 */
export function constInitializer(id: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.Expression | null {
  const variable = ASTUtils.findVariable(sourceCode.getScope(id), id.name);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  if (variable.references.some((ref) => ref.isWrite() && !ref.init)) return null;
  return def.node.init;
}

export type ObjectInfo =
  | { type: 'object'; node: TSESTree.ObjectExpression }
  | { type: 'none' }
  | { type: 'unknown' };

const UNKNOWN: ObjectInfo = { type: 'unknown' };

/**
 * What an options argument is: an object literal (followed through `const` variables in the same
 * file), nothing at all (`undefined` or a missing argument), or unknown (a parameter, a call, a
 * config imported from another module, an object mutated after it was built).
 */
export function resolveObject(node: TSESTree.Node | undefined, sourceCode: SourceCode, depth = 0): ObjectInfo {
  if (!node) return { type: 'none' };
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return { type: 'object', node: value };
  if (value.type !== AST_NODE_TYPES.Identifier || depth > MAX_DEPTH) return UNKNOWN;
  if (value.name === 'undefined') return { type: 'none' };
  const init = constInitializer(value, sourceCode);
  if (!init || isMutated(value, sourceCode)) return UNKNOWN;
  return resolveObject(init, sourceCode, depth + 1);
}

/** `opts.timeout = 5000` anywhere in the file: the object literal no longer tells the whole story. */
function isMutated(id: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(id), id.name)!;
  return variable.references.some((ref) => {
    const member = ref.identifier.parent;
    return (
      member.type === AST_NODE_TYPES.MemberExpression &&
      member.object === ref.identifier &&
      member.parent.type === AST_NODE_TYPES.AssignmentExpression &&
      member.parent.left === member
    );
  });
}

export type Lookup =
  | { type: 'absent' }
  | { type: 'unknown' }
  | { type: 'present'; property: TSESTree.Property; value: TSESTree.Node };

/** The static name of an object literal's key: `a`, `'a'`, `['a']`; `[x]` gives null. */
export function propertyKeyName(property: TSESTree.Property): string | null {
  const key = property.key;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal) return String(key.value);
  return null;
}

/**
 * The value an object literal gives a key, the last one winning as at run time. A spread of
 * something unknown, or a computed key, may set it too: unknown.
 */
export function lookupProperty(
  object: TSESTree.ObjectExpression,
  name: string,
  sourceCode: SourceCode,
  depth = 0,
): Lookup {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = resolveObject(property.argument, sourceCode, depth + 1);
      if (spread.type === 'unknown' || depth > MAX_DEPTH) return { type: 'unknown' };
      if (spread.type === 'object') {
        const inner = lookupProperty(spread.node, name, sourceCode, depth + 1);
        if (inner.type !== 'absent') return inner;
      }
      continue;
    }
    const key = propertyKeyName(property);
    if (key === null) return { type: 'unknown' };
    if (key === name) return { type: 'present', property, value: property.value };
  }
  return { type: 'absent' };
}

/** Looks a key up in an options argument; `none` counts as absent. */
export function lookupOption(info: ObjectInfo, name: string, sourceCode: SourceCode): Lookup {
  if (info.type === 'object') return lookupProperty(info.node, name, sourceCode);
  return info.type === 'none' ? { type: 'absent' } : { type: 'unknown' };
}

/**
 * The value of a numeric expression known without running the code: literals, `10 * 1000`,
 * `-1`, and `const` variables holding such expressions. Anything else gives null.
 */
export function staticNumber(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): number | null {
  const value = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return null;
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return typeof value.value === 'number' ? value.value : null;
    case AST_NODE_TYPES.UnaryExpression: {
      const argument = staticNumber(value.argument, sourceCode, depth + 1);
      return value.operator === '-' && argument !== null ? -argument : null;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (value.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
      const left = staticNumber(value.left, sourceCode, depth + 1);
      const right = staticNumber(value.right, sourceCode, depth + 1);
      if (left === null || right === null) return null;
      if (value.operator === '*') return left * right;
      if (value.operator === '+') return left + right;
      if (value.operator === '-') return left - right;
      return null;
    }
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, sourceCode);
      return init ? staticNumber(init, sourceCode, depth + 1) : null;
    }
    default:
      return null;
  }
}

/** `null`, `undefined`, `void 0`: a value that sets nothing. */
export function isNullish(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  return (
    (value.type === AST_NODE_TYPES.Literal && value.value === null && !('regex' in value)) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') ||
    (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === 'void')
  );
}
