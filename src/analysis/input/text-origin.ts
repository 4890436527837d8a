import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, resolveVariable, skipTypeWrappers, writeReferences } from '../ast/index.js';
import { MENU_METHOD, type FrameworkModel, type Handler, type Registration, type UserTextSource } from '../framework/index.js';
import { PLAIN_READ, derivesFromText, digitsElementKind, digitsGroupKind, digitsOnlyRegexKind, localMatchPatterns, namedDigitsElementKind, numberReadOf, wholeMatchIsDigits, type DigitsKind, type NumberRead } from './number-flow.js';

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
  /**
   * The text can only be a number, but a signed one: a capture such as `(-?\d+)` or `([+-]?\d+)`.
   * Never NaN, yet `/pay -500` gets through: only a bound check is missing (`requireRange`).
   */
  readonly signed: boolean;
}

/**
 * Whether the text a number is parsed from is user text (see the framework model's
 * `getUserTextSource`), and which kind; null when it is not, or when it can only be a number or a
 * constant: a digits-only capture group (of the handler's trigger, of a local `text.match(/…/)`, a
 * named group), the text of a `hears` handler of fixed strings or of an anchored digits-only trigger.
 * Such text that may be signed (`(-?\d+)`) is returned with `signed`: never NaN, maybe negative.
 * Also null for a digits-only match result `Number` parses whole (`Number(/\d+/.exec(text))`, see
 * `wholeMatchIsDigits`).
 */
export function parsedTextOrigin(
  parse: TSESTree.Node,
  text: TSESTree.Expression,
  isArray: boolean,
  model: FrameworkModel,
  sourceCode: SourceCode,
): ParsedTextOrigin | null {
  if (!isArray && parsesWholeMatch(parse, text, sourceCode)) return null;
  const read = isArray ? PLAIN_READ : numberReadOf(parse, text);
  const derives = (callbacks: CallbackVerdict, signed: 'source' | 'trusted' = 'trusted') =>
    derivesFromText(text, (node) => classifyText(node, callbacks, read, model, sourceCode, signed), sourceCode);
  const typed = derives('trusted');
  // Only digits: trusted, unless a capture on the way may be signed.
  if (!typed && !derives('source')) return derives('trusted', 'source') ? { typed: true, minted: false, signed: true } : null;
  // `patterned`: a capture of a handler's own pattern says the bot's data there may be other text.
  return { typed, minted: !typed && !derives('patterned'), signed: false };
}

/** `Number(m)` or `+m` (not `parseInt`, which makes a `null` NaN) of a digits-only match result itself (see `wholeMatchIsDigits`). */
function parsesWholeMatch(parse: TSESTree.Node, text: TSESTree.Node, sourceCode: SourceCode): boolean {
  const callee = parse.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(parse.callee) : null;
  if (parse.type !== AST_NODE_TYPES.UnaryExpression && !(callee?.type === AST_NODE_TYPES.Identifier && callee.name === 'Number')) return false;
  // A variable holding the match (`const found = text.match(/\d+/)`) is written once, by it.
  const held = skipTypeWrappers(text);
  const variable = held.type === AST_NODE_TYPES.Identifier ? resolveVariable(held, sourceCode) : null;
  if (variable && writeReferences(variable).length !== 1) return false;
  const matches = localMatchPatterns(text, sourceCode);
  return matches !== null && matches.every(wholeMatchIsDigits);
}

/**
 * How callback data counts: `source` (user text), `trusted` (not followed), or `patterned` (only a
 * capture of the handler's own pattern is user text; the raw data string is the bot's own).
 */
type CallbackVerdict = 'source' | 'trusted' | 'patterned';

/**
 * `source` for user text, `trusted` for text that cannot be anything but a number or a constant (a
 * digits-only capture group, a `hears` trigger of fixed strings), null otherwise; `signed` says what
 * digits that may be negative count as. `read`: the parse, and whether a comma in the text does it no
 * harm (see `NumberRead`).
 */
function classifyText(
  node: TSESTree.Node,
  callbacks: CallbackVerdict,
  read: NumberRead,
  model: FrameworkModel,
  sourceCode: SourceCode,
  signed: 'source' | 'trusted',
): 'source' | 'trusted' | null {
  const digits = (kinds: readonly (DigitsKind | null)[]): 'source' | 'trusted' | null =>
    kinds.includes(null) ? null : kinds.includes('signed') ? signed : 'trusted';
  // `match[2].slice(1)`: a capture less its leading characters (`(\/\d+)` less the slash).
  const cut = cutCapture(node);
  const element = cut?.element ?? node;
  // `m.groups.id` of `/(?<id>\d+)/.exec(text)`: a named group, judged like a numbered one.
  const groups = element.type === AST_NODE_TYPES.MemberExpression && !cut ? skipTypeWrappers(element.object) : null;
  const name = element.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(element) : null;
  if (groups?.type === AST_NODE_TYPES.MemberExpression && !groups.computed && getPropertyName(groups) === 'groups' && name !== null) {
    const local = localMatchPatterns(groups.object, sourceCode);
    if (local) return digits(local.map((match) => namedDigitsElementKind(match, name, read)));
  }
  if (element.type === AST_NODE_TYPES.MemberExpression && element.computed) {
    const index = skipTypeWrappers(element.property);
    const local = localMatchPatterns(element.object, sourceCode);
    if (local && index.type === AST_NODE_TYPES.Literal && typeof index.value === 'number') {
      const group = index.value;
      return digits(local.map((match) => digitsElementKind(match, group, cut?.skip, read)));
    }
  }
  // `ctx.message.text.slice(3)` of `hears(/^(GMT|UTC)([+-]\d{1,2})$/)`: the trigger less the characters cut off.
  const cutSource = cut ? model.getUserTextSource(cut.element) : null;
  const cutKind = cutSource && cut ? triggerKind(cutSource, cut.skip, read) : null;
  if (cutKind) return digits([cutKind]);
  const source = model.getUserTextSource(node);
  if (!source) return null;
  const [, index] = source.path.path;
  if (source.kind === 'match' && source.path.path.length === 2 && /^\d+$/.test(index!)) {
    // A capture group (also through aliases): judged by the triggers; unknown triggers (a handler
    // registered in another file) are not provable, and not reported.
    const kinds = triggerPatterns(source)?.map((pattern) => digitsGroupKind(pattern, Number(index), 0, read));
    if (!kinds?.every((kind) => kind === null)) return kinds?.includes('signed') ? signed : 'trusted';
  } else {
    const fixed = fixedTrigger(source, 0, read);
    if (fixed) return fixed === 'signed' ? signed : 'trusted';
  }
  if (!isCallbackData(source)) return 'source';
  if (callbacks === 'patterned') return source.kind === 'callbackData' ? 'trusted' : 'source';
  return callbacks;
}

/**
 * What the triggers of the text's handler prove it is after `skip` leading characters are cut off
 * (see {@link cutCapture}): for a capture group (`ctx.match[1].slice(1)` of `(#\d+)`), the group of
 * every trigger less those characters; for the whole text, an anchored trigger whose leading
 * elements span them (see `digitsOnlyRegexKind`). Null when a trigger is unknown or proves nothing.
 */
function triggerKind(source: UserTextSource, skip: number, read: NumberRead): DigitsKind | null {
  const [, index] = source.path.path;
  if (source.kind === 'match' && source.path.path.length === 2 && /^\d+$/.test(index!)) {
    const kinds = triggerPatterns(source)?.map((pattern) => digitsGroupKind(pattern, Number(index), skip, read)) ?? [null];
    return kinds.includes(null) ? null : kinds.includes('signed') ? 'signed' : 'unsigned';
  }
  return source.kind === 'messageText' ? fixedTrigger(source, skip, read) : null;
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

/**
 * Text from a button's callback data (which the bot wrote): `ctx.callbackQuery.data`, or `ctx.match`
 * of an `action(/re/)` handler or a menu button — also in a function such handlers hand their whole
 * context to (`bot.action(/^page-\d+$/, (ctx) => showPage(ctx))`).
 */
function isCallbackData(source: UserTextSource): boolean {
  if (source.kind === 'callbackData') return true;
  if (source.kind !== 'match') return false;
  const registrations = reachingRegistrations(source.path.handler);
  return registrations !== null && registrations.length > 0 && registrations.every((registration) => CALLBACK_METHODS.has(registration.method));
}

/** How many calls handing on the context are followed back to the registrations. */
const MAX_CALL_DEPTH = 3;

/**
 * The registrations a handler is reached by: its own, and those of the handlers that call it with
 * their whole context (`showPage(ctx)`), a few calls deep. Null when a way in is no registration
 * (a context type or a name only, a part of the context passed on, deeper calls).
 */
function reachingRegistrations(handler: Handler, depth = 0): Registration[] | null {
  const found: Registration[] = [];
  for (const entry of handler.entries) {
    if (entry.kind === 'registration') {
      found.push(entry.registration);
      continue;
    }
    const outer = entry.kind === 'call' && entry.argument.path.length === 0 && depth < MAX_CALL_DEPTH ? reachingRegistrations(entry.argument.handler, depth + 1) : null;
    if (!outer) return null;
    found.push(...outer);
  }
  return found;
}

/**
 * `bot.hears('1️⃣', …)`, `bot.hears(['yes', 'no'], …)`: the text is one of the listed strings;
 * `scene.hears(/^\d+$/, …)`: the whole text is digits (`signed` for `/^-?\d+$/`). Null otherwise.
 */
function fixedTrigger(source: UserTextSource, skip: number, read: NumberRead): DigitsKind | null {
  const entries = source.path.handler.entries;
  if (entries.length === 0) return null;
  const kinds: (DigitsKind | null)[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'registration' || entry.registration.method !== 'hears') return null;
    const trigger = entry.registration.call.arguments[0];
    const items = trigger?.type === AST_NODE_TYPES.ArrayExpression ? trigger.elements : [trigger];
    for (const item of items) {
      if (item?.type !== AST_NODE_TYPES.Literal) return null;
      kinds.push(typeof item.value === 'string' ? 'unsigned' : 'regex' in item ? digitsOnlyRegexKind(item.regex.pattern, item.regex.flags, skip, read) : null);
    }
  }
  return kinds.includes(null) ? null : kinds.includes('signed') ? 'signed' : 'unsigned';
}
