import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, skipTypeWrappers } from '../ast/index.js';
import { MENU_METHOD, type FrameworkModel, type UserTextSource } from '../framework/index.js';
import { derivesFromText, isDigitsElement, isDigitsGroup, isDigitsNamedElement, isDigitsOnlyRegex, localMatchPatterns, readsDecimalComma } from './number-flow.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Where the text of a parse (`Number(text)`, `text.split(' ').map(Number)`) comes from, when it is user text. */
export interface ParsedTextOrigin {
  /**
   * Text a user types, or a capture of a handler's own pattern: a bad number from it is reported
   * wherever it goes. False for callback data only (the bot wrote it): reported only in SQL.
   */
  readonly typed: boolean;
  /**
   * Callback data used raw (`ctx.callbackQuery.data.split(':')[1]`), not through a capture of the
   * handler's pattern: SQL that only keys rows by it is a lookup (a forged NaN matches no row).
   */
  readonly minted: boolean;
}

/**
 * Whether the text a number is parsed from is user text (see the framework model's
 * `getUserTextSource`), and which kind; null when it is not, or when it can only be a number or a
 * constant: a digits-only capture group (of the handler's trigger, of a local `text.match(/…/)`, a
 * named group), the text of a `hears` handler of fixed strings or of an anchored digits-only trigger.
 */
export function parsedTextOrigin(
  parse: TSESTree.Node,
  text: TSESTree.Expression,
  isArray: boolean,
  model: FrameworkModel,
  sourceCode: SourceCode,
): ParsedTextOrigin | null {
  const decimalComma = !isArray && readsDecimalComma(parse, text);
  const derives = (callbacks: CallbackVerdict) => derivesFromText(text, (node) => classifyText(node, callbacks, decimalComma, model, sourceCode), sourceCode);
  const typed = derives('trusted');
  if (!typed && !derives('source')) return null;
  // `patterned`: a capture of a handler's own pattern says the bot's data there may be other text.
  return { typed, minted: !typed && !derives('patterned') };
}

/**
 * How callback data counts: `source` (user text), `trusted` (not followed), or `patterned` (only a
 * capture of the handler's own pattern is user text; the raw data string is the bot's own).
 */
type CallbackVerdict = 'source' | 'trusted' | 'patterned';

/**
 * `source` for user text, `trusted` for text that cannot be anything but a number or a constant (a
 * digits-only capture group, a `hears` trigger of fixed strings), null otherwise. `decimalComma`: a
 * comma in the text does no harm to the parse (see `readsDecimalComma`).
 */
function classifyText(node: TSESTree.Node, callbacks: CallbackVerdict, decimalComma: boolean, model: FrameworkModel, sourceCode: SourceCode): 'source' | 'trusted' | null {
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
    // A capture group (also through aliases): judged by the triggers; unknown triggers (a handler
    // registered in another file) are not provable, and not reported.
    const patterns = triggerPatterns(source);
    if (!patterns?.every((pattern) => !isDigitsGroup(pattern, Number(index), 0, decimalComma))) return 'trusted';
  } else if (hasFixedTrigger(source)) {
    return 'trusted';
  }
  if (!isCallbackData(source)) return 'source';
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
