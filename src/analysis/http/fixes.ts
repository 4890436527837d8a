import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Adds `text` as the last property of an object literal, keeping its one-line or multi-line layout. */
export function addProperty(
  fixer: TSESLint.RuleFixer,
  object: TSESTree.ObjectExpression,
  text: string,
  sourceCode: SourceCode,
): TSESLint.RuleFix {
  const last = object.properties.at(-1);
  if (!last) return fixer.replaceText(object, `{ ${text} }`);
  const after = sourceCode.getTokenAfter(last)!;
  const comma = after.value === ',';
  if (last.loc.start.line === object.loc.start.line) {
    return comma ? fixer.insertTextAfter(after, ` ${text}`) : fixer.insertTextAfter(last, `, ${text}`);
  }
  const indent = ' '.repeat(last.loc.start.column);
  return comma ? fixer.insertTextAfter(after, `\n${indent}${text},`) : fixer.insertTextAfter(last, `,\n${indent}${text}`);
}

/**
 * Puts an options object at argument `index`: replaces an `undefined` there, goes before a callback
 * there, or is appended (after `undefined` fillers for skipped arguments). Null for a call with no
 * arguments.
 */
export function addArgument(
  fixer: TSESLint.RuleFixer,
  call: TSESTree.CallExpression,
  index: number,
  text: string,
): TSESLint.RuleFix | null {
  const args = call.arguments;
  const existing = args[index];
  if (existing) {
    return existing.type === AST_NODE_TYPES.Identifier ? fixer.replaceText(existing, text) : fixer.insertTextBefore(existing, `${text}, `);
  }
  const last = args.at(-1);
  if (!last) return null;
  return fixer.insertTextAfter(last, `${', undefined'.repeat(index - args.length)}, ${text}`);
}
