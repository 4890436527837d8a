/**
 * Which updates a bot can receive: the `allowed_updates` it asks Telegram for
 * (`bot.start({ allowed_updates })`, `setWebhook(url, { allowed_updates })`, Telegraf
 * `launch({ allowedUpdates })`, NTBA `polling: { params: { allowed_updates } }`…), read from the
 * linted file and from the other files of its bot project that mention it.
 *
 * Telegram keeps the last list it was given (a `getUpdates` or `setWebhook` without the parameter
 * reuses it), so the union of every list the project sends is what can arrive. Unknown — and so
 * no narrowing — when no list is found, when one is not a literal the model can read (a variable
 * from elsewhere, a computed value) or when one is empty (Telegram's default set).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, constInitializer, propertyKey, skipTypeWrappers, staticString } from '../ast/index.js';
import { projectFilesMatching, telegramProjectRoot } from '../summaries/index.js';

import { UPDATE_KEYS } from './bot-api.js';

const MENTION = /allowed_?updates/i;
const KEYS = new Set(['allowed_updates', 'allowedUpdates']);

/** The updates the bot of `filename` can receive, or null when unknown. */
export function allowedUpdates(sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null): ReadonlySet<string> | null {
  const own = MENTION.test(sourceCode.text) ? listsIn(sourceCode) : [];
  if (own === null) return null;
  const lists = [...own];
  if (filename !== null) {
    for (const file of projectFilesMatching(filename, MENTION)) {
      if (file.filename === filename) continue;
      const found = listsIn(file.sourceCode);
      if (found === null) return null;
      lists.push(...found);
    }
  }
  if (lists.length === 0) return null;
  return new Set(lists.flat());
}

/** Every `allowed_updates` list in a file; null when one of them cannot be read. */
function listsIn(sourceCode: Readonly<TSESLint.SourceCode>): string[][] | null {
  const lists: string[][] = [];
  let unreadable = false;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0 && !unreadable) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.Property && !node.computed && KEYS.has(propertyKey(node) ?? '')) {
      const list = stringList(node.value, sourceCode, 0);
      if (list === null || list.length === 0) unreadable = true;
      else lists.push(list);
      continue;
    }
    stack.push(...childNodes(node));
  }
  return unreadable ? null : lists;
}

/** `['message', 'callback_query']`, a `const` holding one, `[...list, 'x']`, `JSON.stringify(list)`. */
function stringList(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): string[] | null {
  const value = skipTypeWrappers(node);
  if (depth > 4) return null;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(value, sourceCode);
    return init ? stringList(init, sourceCode, depth + 1) : null;
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = value.callee;
    const isStringify =
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.Identifier &&
      callee.object.name === 'JSON' &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      callee.property.name === 'stringify';
    const argument = value.arguments[0];
    return isStringify && argument && argument.type !== AST_NODE_TYPES.SpreadElement ? stringList(argument, sourceCode, depth + 1) : null;
  }
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return null;
  const result: string[] = [];
  for (const element of value.elements) {
    if (!element) return null;
    if (element.type === AST_NODE_TYPES.SpreadElement) {
      const spread = stringList(element.argument, sourceCode, depth + 1);
      if (!spread) return null;
      result.push(...spread);
      continue;
    }
    const text = staticString(element);
    if (text === null) return null;
    result.push(text);
  }
  return result;
}

/** Updates Telegram leaves out of its default set (an empty or absent `allowed_updates`). */
const NOT_BY_DEFAULT: ReadonlySet<string> = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

const INLINE_SIGN = /inline_?query|chosen_?inline|answerInline|switch_?inline/i;
const PAYMENT_SIGN = /invoice|shipping|pre_?checkout/i;
const POLL_SIGN = /(?:send|replyWith)(?:Poll|Quiz)|poll_?answer|['"`]poll['"`]/i;
const BUSINESS_SIGN = /business/i;

/**
 * Updates of the default set Telegram sends only for something the bot does or is set up for, each
 * with the sign of it in the code: inline queries and chosen results need inline mode (a handler,
 * an answer, a switch-inline button); shipping and pre-checkout queries an invoice; purchased paid
 * media paid media; poll updates a poll the bot sent; business updates a business connection;
 * guest messages guest mode.
 */
const SIGN_OF: Readonly<Record<string, RegExp>> = {
  inline_query: INLINE_SIGN,
  chosen_inline_result: INLINE_SIGN,
  shipping_query: PAYMENT_SIGN,
  pre_checkout_query: PAYMENT_SIGN,
  purchased_paid_media: /paid_?media/i,
  poll: POLL_SIGN,
  poll_answer: POLL_SIGN,
  business_connection: BUSINESS_SIGN,
  business_message: BUSINESS_SIGN,
  edited_business_message: BUSINESS_SIGN,
  deleted_business_messages: BUSINESS_SIGN,
  guest_message: /guest_?(?:message|mode)/i,
};

/**
 * The updates the bot of `filename` can receive: its `allowed_updates` (`allowed`) when known; else
 * Telegram's default set without the kinds no file of its bot project gives a sign of (see
 * {@link SIGN_OF}). Null outside a bot project, whose other files are unknown.
 */
export function receivableUpdates(sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null, allowed: ReadonlySet<string> | null): ReadonlySet<string> | null {
  if (allowed) return allowed;
  if (filename === null || telegramProjectRoot(filename) === null) return null;
  const updates = new Set<string>();
  for (const update of UPDATE_KEYS) {
    if (NOT_BY_DEFAULT.has(update)) continue;
    const sign = Object.hasOwn(SIGN_OF, update) ? SIGN_OF[update]! : null;
    if (sign && !sign.test(sourceCode.text) && projectFilesMatching(filename, sign).length === 0) continue;
    updates.add(update);
  }
  return updates;
}
