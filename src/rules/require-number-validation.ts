import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getFrameworkModel, onlyAdminRuns } from '../analysis/framework/index.js';
import { findUncheckedUse, getMappedText, getParsedText, isTextChecked, onlyInAdminState, parsedTextOrigin, type Sink } from '../analysis/input/index.js';
import { calledFunction } from '../analysis/summaries/index.js';
import { createRule } from '../util/create-rule.js';
import { optionsObject } from '../util/schema.js';

export type Options = [{ requireRange?: boolean; checkLookups?: boolean; checkHttpRequests?: boolean; checkAdminInput?: boolean; checkEveryUse?: boolean }];
export type MessageIds = 'unchecked' | 'unbounded' | 'suggestGuard' | 'suggestBoundGuard';

const SINK_WORDS: Readonly<Record<Sink, string>> = {
  SQL: 'SQL',
  arithmetic: 'arithmetic',
  'a call': 'a function call',
  'a property': 'a property write',
  'a lookup': 'a lookup',
  'an HTTP request': 'an HTTP request',
};

export default createRule<Options, MessageIds>({
  name: 'require-number-validation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require numbers parsed from user text to be checked for NaN (and range) before use',
      category: 'Input Validation',
      priority: 'P1',
      precision: 'experimental',
      fix: 'Check the parsed number with `Number.isFinite` (and its range) before using it; answer the user when it is invalid.',
      strictOptions: [{ requireRange: true, checkLookups: true, checkHttpRequests: true, checkAdminInput: true, checkEveryUse: true }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      requireRange: {
        type: 'boolean',
        description:
          'Also require a bound check (`> 0`, `<= max`, a schema) before the number reaches SQL or arithmetic; a NaN check alone is not enough.',
      },
      checkLookups: {
        type: 'boolean',
        description:
          'Also report a number whose only use is a lookup key (`findOne`, `getUser`, `findTransaction(n)`): a bad value finds nothing.',
      },
      checkHttpRequests: {
        type: 'boolean',
        description:
          'Also report a number sent in an HTTP request (`axios.post(url, { amount })`, `fetch`): the service that receives it is expected to validate it.',
      },
      checkAdminInput: {
        type: 'boolean',
        description:
          'Also report numbers typed by the bot\'s operator that reach anything but SQL: in a handler behind an admin check (`if (ctx.from.id !== ADMIN_ID) return`, an `adminOnly` middleware).',
      },
      checkEveryUse: {
        type: 'boolean',
        description:
          'Also report a number that reaches any call or arithmetic, not only one that does harm unseen: SQL, a stored property, a write or balance change (`Order.create`, `deductCredit(id, n)`, `user.balance -= n`), an allocation (`new Array(n)`).',
      },
    }),
    defaultOptions: [{ requireRange: false, checkLookups: false, checkHttpRequests: false, checkAdminInput: false, checkEveryUse: false }],
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
    const ignoredSinks = new Set<Sink>();
    if (!options.checkLookups) ignoredSinks.add('a lookup');
    if (!options.checkHttpRequests) ignoredSinks.add('an HTTP request');
    const model = getFrameworkModel(sourceCode, context.filename);
    if (model.frameworks.size === 0) return {};

    function check(parse: TSESTree.Node, text: TSESTree.Expression, isArray: boolean): void {
      const origin = parsedTextOrigin(parse, text, isArray, model, sourceCode);
      if (!origin || isTextChecked(text, parse, sourceCode, context.filename)) return;
      const { typed, minted, signed } = origin;
      // A signed digits capture (`(-?\d+)`) is never NaN: only the bound of requireRange can be missing.
      if (signed && !requireRange) return;
      const found = findUncheckedUse(parse, sourceCode, requireRange, ignoredSinks, (call) => {
        const target = calledFunction(call, context);
        return target && { fn: target.fn, sourceCode: target.file.sourceCode };
      }, options.checkEveryUse === true, minted, signed);
      if (!found) return;
      // The operator's own typo: reported where it corrupts data unseen, in SQL.
      if (!options.checkAdminInput && found.sink !== 'SQL' && (onlyAdminRuns(parse, sourceCode, context.filename) || onlyInAdminState(parse, sourceCode))) return;
      // Callback data is written by the bot itself: a NaN needs forged data and mostly yields an API
      // error or an empty page. Reported only where it corrupts data: in SQL.
      if (!typed && found.sink !== 'SQL') return;
      const name = found.variable?.name ?? sourceCode.getText(text);
      const isBigInt =
        parse.type === AST_NODE_TYPES.CallExpression && sourceCode.getText(parse.callee) === 'BigInt';
      const arrayHolder = isArray && found.variable?.defs[0]?.name.parent?.type === AST_NODE_TYPES.VariableDeclarator;
      const fix = isBigInt || arrayHolder || !found.variable ? null : guardFix(found.variable, requireRange);
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
function guardFix(variable: TSESLint.Scope.Variable, requireRange: boolean): TSESLint.ReportFixFunction | null {
  // A variable that holds a parsed number is declared by a `const`/`let` declarator.
  const declaration = variable.defs[0]!.parent as TSESTree.VariableDeclaration;
  if (declaration.parent.type !== AST_NODE_TYPES.BlockStatement) return null;
  const indent = ' '.repeat(declaration.loc.start.column);
  const condition = requireRange
    ? `!Number.isFinite(${variable.name}) || ${variable.name} <= 0`
    : `!Number.isFinite(${variable.name})`;
  return (fixer) => fixer.insertTextAfter(declaration, `\n${indent}if (${condition}) return;`);
}
