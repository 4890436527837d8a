import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, skipTypeWrappers } from '../analysis/ast/index.js';
import { getFrameworkModel, MENU_METHOD, onlyAdminRuns, type UserTextSource } from '../analysis/framework/index.js';
import {
  derivesFromText,
  findUncheckedUse,
  getMappedText,
  getParsedText,
  isDigitsElement,
  isDigitsGroup,
  isDigitsNamedElement,
  isDigitsOnlyRegex,
  isTextChecked,
  localMatchPatterns,
  readsDecimalComma,
  onlyInAdminState,
  type Sink,
} from '../analysis/input/index.js';
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
      precision: 'low',
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

    /**
     * `source` for user text, `trusted` for text that cannot be anything but a number or a
     * constant (a digits-only capture group, a `hears` trigger of fixed strings), null otherwise.
     * `decimalComma`: a comma in the text does no harm to the parse (see `readsDecimalComma`).
     */
    function classifyText(node: TSESTree.Node, callbacks: 'source' | 'trusted' | 'patterned', decimalComma: boolean): 'source' | 'trusted' | null {
      // `match[2].slice(1)`: a capture less its leading characters (`(\/\d+)` less the slash).
      const cut = cutCapture(node);
      const element = cut?.element ?? node;
      // `m.groups.id` of `/(?<id>\d+)/.exec(text)`: a named group, judged like a numbered one.
      const groups = element.type === AST_NODE_TYPES.MemberExpression && !cut ? skipTypeWrappers(element.object) : null;
      const name = element.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(element) : null;
      if (groups?.type === AST_NODE_TYPES.MemberExpression && !groups.computed && getPropertyName(groups) === 'groups' && name !== null) {
        const local = localMatchPatterns(groups.object, sourceCode);
        if (local) return local.every((match) => isDigitsNamedElement(match, name, decimalComma)) ? 'trusted' : null;
      }
      if (element.type === AST_NODE_TYPES.MemberExpression && element.computed) {
        const index = skipTypeWrappers(element.property);
        const local = localMatchPatterns(element.object, sourceCode);
        if (local && index.type === AST_NODE_TYPES.Literal && typeof index.value === 'number') {
          const group = index.value;
          return local.every((match) => isDigitsElement(match, group, cut?.skip, decimalComma)) ? 'trusted' : null;
        }
      }
      const source = model.getUserTextSource(node);
      if (!source) return null;
      const [, index] = source.path.path;
      if (source.kind === 'match' && source.path.path.length === 2 && /^\d+$/.test(index!)) {
        // A capture group (also through aliases): judged by the triggers; unknown triggers (a
        // handler registered in another file) are not provable.
        const patterns = triggerPatterns(source);
        if (!patterns?.every((pattern) => !isDigitsGroup(pattern, Number(index), 0, decimalComma))) return 'trusted';
      } else if (hasFixedTrigger(source)) {
        return 'trusted';
      }
      if (!isCallbackData(source)) return 'source';
      // `patterned`: a capture of a handler's own pattern (not digits only, or it is trusted above) says
      // the bot's data there may be other text; the raw data string says nothing of it.
      if (callbacks === 'patterned') return source.kind === 'callbackData' ? 'trusted' : 'source';
      return callbacks;
    }

    /** The trigger patterns of the handler `match` belongs to, when all its registrations are visible regular expressions. */
    function triggerPatterns(source: UserTextSource): string[] | null {
      const patterns: string[] = [];
      for (const entry of source.path.handler.entries) {
        const trigger = entry.kind === 'registration' ? entry.registration.call.arguments[0] : undefined;
        if (trigger?.type !== AST_NODE_TYPES.Literal || !('regex' in trigger)) return null;
        patterns.push(trigger.regex.pattern);
      }
      return patterns;
    }

    function check(parse: TSESTree.Node, text: TSESTree.Expression, isArray: boolean): void {
      const decimalComma = !isArray && readsDecimalComma(parse, text);
      const typed = derivesFromText(text, (node) => classifyText(node, 'trusted', decimalComma), sourceCode);
      if (!typed && !derivesFromText(text, (node) => classifyText(node, 'source', decimalComma), sourceCode)) return;
      if (isTextChecked(text, parse, sourceCode)) return;
      // Callback data the bot wrote (the raw string, `data.split(':')[1]`), used only as a row key
      // (`WHERE id = $1`): a forged NaN matches no row, so such SQL counts as a lookup.
      const minted = !typed && !derivesFromText(text, (node) => classifyText(node, 'patterned', decimalComma), sourceCode);
      const found = findUncheckedUse(parse, sourceCode, requireRange, ignoredSinks, (call) => {
        const target = calledFunction(call, context);
        return target && { fn: target.fn, sourceCode: target.file.sourceCode };
      }, options.checkEveryUse === true, minted);
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

/** `x.slice(n)`, `x.substring(n)`, `x.substr(n)` with a literal `n > 0` and no end: `x` and `n`. */
function cutCapture(node: TSESTree.Node): { element: TSESTree.Node; skip: number } | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length !== 1) return null;
  const callee = skipTypeWrappers(node.callee);
  const start = node.arguments[0]!;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !CUT_METHODS.has(getPropertyName(callee) ?? '')) return null;
  if (start.type !== AST_NODE_TYPES.Literal || typeof start.value !== 'number' || !Number.isInteger(start.value) || start.value <= 0) return null;
  return { element: skipTypeWrappers(callee.object), skip: start.value };
}

const CUT_METHODS = new Set(['slice', 'substring', 'substr']);

/** Registration methods whose handlers receive callback queries: also `@grammyjs/menu` buttons, whose `ctx.match` is the button's payload. */
const CALLBACK_METHODS = new Set(['action', 'callbackQuery', 'callback_query', MENU_METHOD]);

/** Text from a button's callback data (which the bot wrote): `ctx.callbackQuery.data`, or `ctx.match` of an `action(/re/)` handler or a menu button. */
function isCallbackData(source: UserTextSource): boolean {
  if (source.kind === 'callbackData') return true;
  if (source.kind !== 'match') return false;
  const entries = source.path.handler.entries;
  return entries.length > 0 && entries.every((entry) => entry.kind === 'registration' && CALLBACK_METHODS.has(entry.registration.method));
}

/**
 * `bot.hears('1️⃣', …)`, `bot.hears(['yes', 'no'], …)`: the text is one of the listed strings;
 * `scene.hears(/^\d+$/, …)`: the whole text is digits.
 */
function hasFixedTrigger(source: UserTextSource): boolean {
  const entries = source.path.handler.entries;
  return (
    entries.length > 0 &&
    entries.every((entry) => {
      if (entry.kind !== 'registration' || entry.registration.method !== 'hears') return false;
      const trigger = entry.registration.call.arguments[0];
      const items = trigger?.type === AST_NODE_TYPES.ArrayExpression ? trigger.elements : [trigger];
      return items.every(
        (item) =>
          item?.type === AST_NODE_TYPES.Literal &&
          (typeof item.value === 'string' || ('regex' in item && isDigitsOnlyRegex(item.regex.pattern, item.regex.flags))),
      );
    })
  );
}
