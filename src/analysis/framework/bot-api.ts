import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getCalleeName, skipTypeWrappers } from '../ast/index.js';

/**
 * Bot API methods (and framework shortcuts) that send something to the user. A catch handler that
 * only calls these tells the user about a failure but never the operator.
 */
export const USER_REPLY_METHODS: ReadonlySet<string> = new Set([
  'reply',
  'replyWithHTML',
  'replyWithMarkdown',
  'replyWithMarkdownV2',
  'replyWithPhoto',
  'replyWithDocument',
  'sendMessage',
  'editMessageText',
  'editMessageCaption',
  'answerCbQuery',
  'answerCallbackQuery',
  'answerInlineQuery',
  'answerPreCheckoutQuery',
]);

/**
 * Calls that only talk to the user through the chat. A failure of one of these answered by another
 * (edit failed → delete and send anew) is a UI fallback, not a lost business error.
 */
export const CHAT_UI_METHODS: ReadonlySet<string> = new Set([
  // Not the payment and inline answers: a failed `answerPreCheckoutQuery` loses the sale.
  ...[...USER_REPLY_METHODS].filter((name) => name !== 'answerPreCheckoutQuery' && name !== 'answerInlineQuery'),
  'replyWithVideo',
  'replyWithAudio',
  'replyWithSticker',
  'replyWithChatAction',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendChatAction',
  'editMessageReplyMarkup',
  'editMessageMedia',
  'deleteMessage',
  'deleteMessages',
  'pinChatMessage',
  'unpinChatMessage',
  'copyMessage',
  'forwardMessage',
  'setMessageReaction',
  // Best-effort reads of chat metadata, usually with a fallback value.
  'getChat',
  'getChatMember',
  'getChatMemberCount',
  'getChatAdministrators',
  'getUserProfilePhotos',
  'getFile',
  'getFileLink',
]);

/** Keyboard builders: pure values, no I/O (`Markup.inlineKeyboard(…)`, `new InlineKeyboard().text(…)`). */
const KEYBOARD_BUILDERS = new Set(['Markup', 'Keyboard', 'InlineKeyboard']);
/** Built-in pure conversions (`Number(x)`, `Math.round(x)`, `JSON.stringify(kb)`): no I/O, whatever they are given. */
const PURE_GLOBALS = new Set(['Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'Math', 'JSON']);
/** Promise plumbing around a call: `.catch(…)`, `.then(…)`, `.finally(…)`. */
const PROMISE_METHODS = new Set(['catch', 'then', 'finally']);

/** What a call does in the chat: talks to the user, only builds a keyboard, converts a value or wraps a promise, or something else. */
export function chatRole(call: TSESTree.CallExpression): 'ui' | 'neutral' | 'other' {
  const name = getCalleeName(call);
  if (name === null) return 'other';
  if (CHAT_UI_METHODS.has(name)) return 'ui';
  if (PROMISE_METHODS.has(name)) return 'neutral';
  let current: TSESTree.Node = skipTypeWrappers(call.callee);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
    else break;
  }
  if (current.type === AST_NODE_TYPES.Identifier && (KEYBOARD_BUILDERS.has(current.name) || PURE_GLOBALS.has(current.name))) return 'neutral';
  if (
    current.type === AST_NODE_TYPES.NewExpression &&
    current.callee.type === AST_NODE_TYPES.Identifier &&
    KEYBOARD_BUILDERS.has(current.callee.name)
  ) {
    return 'neutral';
  }
  return 'other';
}
