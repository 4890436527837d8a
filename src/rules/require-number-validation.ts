import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, skipTypeWrappers } from '../analysis/ast.js';
import { getFrameworkModel } from '../analysis/framework/index.js';
import {
  derivesFromText,
  findUncheckedUse,
  getMappedText,
  getParsedText,
  isDigitsGroup,
  localMatchPattern,
  type Sink,
} from '../analysis/number-flow.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{ requireRange?: boolean }];
export type MessageIds = 'unchecked' | 'unbounded' | 'suggestGuard' | 'suggestBoundGuard';

const SINK_WORDS: Readonly<Record<Sink, string>> = {
  SQL: 'SQL',
  arithmetic: 'arithmetic',
  'a call': 'a function call',
  'a property': 'a property write',
};

export default createRule<Options, MessageIds>({
  name: 'require-number-validation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require numbers parsed from user text to be checked for NaN (and range) before use',
      category: 'Input Validation',
      priority: 'P1',
      strictOptions: [{ requireRange: true }],
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          requireRange: {
            type: 'boolean',
            description:
              'Also require a bound check (`> 0`, `<= max`, a schema) before the number reaches SQL or arithmetic; a NaN check alone is not enough.',
          },
        },
      },
    ],
    defaultOptions: [{ requireRange: false }],
    messages: {
      unchecked:
        '`{{name}}` comes from user text and may be NaN or negative: it reaches {{sink}} unchecked. Check it (`Number.isFinite`, a bound, a schema) first.',
      unbounded:
        '`{{name}}` comes from user text and may be negative or huge: it reaches {{sink}} without a bound check (`> 0`, `<= max`).',
      suggestGuard: 'Return early unless `{{name}}` is a finite number.',
      suggestBoundGuard: 'Return early unless `{{name}}` is a positive finite number.',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const requireRange = options.requireRange === true;
    const model = getFrameworkModel(sourceCode);
    if (model.frameworks.size === 0) return {};

    /** Whether a value is user text that a number parse may fail on. */
    const isUntrusted = (text: TSESTree.Node): boolean => {
      if (isDigitsMatch(text)) return false;
      return derivesFromText(text, (node) => model.getUserTextSource(node) !== null, sourceCode);
    };

    /** The trigger patterns of the handlers `match` belongs to, when all are regular expressions. */
    function triggerPatterns(match: TSESTree.Node): string[] | null {
      const source = model.getUserTextSource(match);
      if (source?.kind !== 'match' || source.path.path.length !== 1) return null;
      const patterns: string[] = [];
      for (const entry of source.path.handler.entries) {
        const trigger = entry.kind === 'registration' ? entry.registration.call.arguments[0] : undefined;
        if (trigger?.type !== AST_NODE_TYPES.Literal || !('regex' in trigger)) return null;
        patterns.push(trigger.regex.pattern);
      }
      return patterns.length > 0 ? patterns : null;
    }

    /** `match[1]` of a regex whose group 1 is digits only: the handler's trigger, or a local `text.match(/re/)`. */
    function isDigitsMatch(text: TSESTree.Node): boolean {
      const expr = skipTypeWrappers(text);
      if (expr.type !== AST_NODE_TYPES.MemberExpression || !expr.computed) return false;
      const index = skipTypeWrappers(expr.property);
      if (index.type !== AST_NODE_TYPES.Literal || typeof index.value !== 'number') return false;
      const local = localMatchPattern(expr.object, sourceCode);
      const patterns = local === null ? triggerPatterns(expr.object) : [local];
      return patterns !== null && patterns.every((pattern) => isDigitsGroup(pattern, index.value));
    }

    function check(parse: TSESTree.Node, text: TSESTree.Expression, isArray: boolean): void {
      if (!isUntrusted(text)) return;
      const found = findUncheckedUse(parse, sourceCode, requireRange);
      if (!found) return;
      const name = found.variable?.name ?? sourceCode.getText(text);
      const isBigInt =
        parse.type === AST_NODE_TYPES.CallExpression && sourceCode.getText(parse.callee) === 'BigInt';
      const arrayHolder = isArray && found.variable?.defs[0]?.name.parent?.type === AST_NODE_TYPES.VariableDeclarator;
      const fix = isBigInt || arrayHolder || !found.variable ? null : guardFix(found.variable, requireRange, sourceCode);
      context.report({
        node: parse,
        messageId: found.missing === 'nan' ? 'unchecked' : 'unbounded',
        data: { name, sink: SINK_WORDS[found.sink] },
        suggest: fix
          ? [{ messageId: requireRange ? 'suggestBoundGuard' : 'suggestGuard', data: { name }, fix }]
          : [],
      });
    }

    return {
      CallExpression(node) {
        const text = getParsedText(node, sourceCode);
        if (text) {
          check(node, text, false);
          return;
        }
        const mapped = getMappedText(node, sourceCode);
        if (mapped) check(node, mapped, true);
      },
      UnaryExpression(node) {
        const text = getParsedText(node, sourceCode);
        if (text) check(node, text, false);
      },
    };
  },
});

/**
 * `if (!Number.isFinite(n)) return;` after the declaration of `n`, when it is a statement of a
 * function body (a return is allowed there). Null otherwise.
 */
function guardFix(
  variable: TSESLint.Scope.Variable,
  requireRange: boolean,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.ReportFixFunction | null {
  const declaration = variable.defs[0]?.parent;
  if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) return null;
  const block = declaration.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement || !sourceCode.getAncestors(block).some(isFunction)) return null;
  const indent = ' '.repeat(declaration.loc.start.column);
  const condition = requireRange
    ? `!Number.isFinite(${variable.name}) || ${variable.name} <= 0`
    : `!Number.isFinite(${variable.name})`;
  return (fixer) => fixer.insertTextAfter(declaration, `\n${indent}if (${condition}) return;`);
}
