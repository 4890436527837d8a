import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getCalleeName, getMemberPath, getPropertyName, moduleBindings, propertyKey, resolveVariable, skipTypeWrappers, type FunctionNode } from '../ast/index.js';

import type { Framework } from './imports.js';

/**
 * The Bot API's updates (https://core.telegram.org/bots/api#update) and what their payload
 * carries, as far as null safety goes — the one table every part of the framework model reads:
 * - `message`: the payload is a Message (so it has `chat`; the context's `msg` and `chat` exist);
 * - `from`: the payload always has a sender. A Message has `from` except in channels (the Bot API
 *   fills a fake sender for anonymous admins and messages sent on behalf of a chat), so message
 *   updates outside channels count; `guest_message` (Bot API 10.0 guest mode) is a message a user
 *   sent in a private chat, group or supergroup — never a channel — so it has `from` too.
 *   `business_connection` carries `user`, not `from` (BusinessConnection), and is not here;
 * - `chat`: a non-message payload with a `chat` field.
 */
const UPDATES: Readonly<Record<string, { readonly message?: true; readonly from?: true; readonly chat?: true }>> = {
  message: { message: true, from: true },
  edited_message: { message: true, from: true },
  channel_post: { message: true },
  edited_channel_post: { message: true },
  business_message: { message: true, from: true },
  edited_business_message: { message: true, from: true },
  guest_message: { message: true, from: true },
  business_connection: {},
  deleted_business_messages: { chat: true },
  message_reaction: { chat: true },
  message_reaction_count: { chat: true },
  inline_query: { from: true },
  chosen_inline_result: { from: true },
  callback_query: { from: true },
  shipping_query: { from: true },
  pre_checkout_query: { from: true },
  purchased_paid_media: { from: true },
  poll: {},
  poll_answer: {},
  my_chat_member: { from: true, chat: true },
  chat_member: { from: true, chat: true },
  chat_join_request: { from: true, chat: true },
  chat_boost: { chat: true },
  removed_chat_boost: { chat: true },
};

const updatesWith = (field: 'message' | 'from' | 'chat'): ReadonlySet<string> =>
  new Set(Object.keys(UPDATES).filter((key) => UPDATES[key]![field] === true));

/** Every Bot API update key. */
export const UPDATE_KEYS: ReadonlySet<string> = new Set(Object.keys(UPDATES));
/** Updates whose payload is a Message. */
export const MESSAGE_UPDATES: ReadonlySet<string> = updatesWith('message');
/** Updates whose payload always has a sender (`from`): what proves `ctx.from`. */
export const SENDER_UPDATES: ReadonlySet<string> = updatesWith('from');
/** Updates whose payload is not a message but has a `chat`. */
export const CHAT_UPDATES: ReadonlySet<string> = updatesWith('chat');

/**
 * Updates whose context has a chat (`ctx.chat`), besides a callback query (whose message an inline
 * message lacks): grammY reads it from the message (business ones included) and every payload with
 * a `chat`; Telegraf (4.16) from the message (edits and channel posts included), reactions, member
 * updates, join requests and a removed boost — not from business messages or `chat_boost`.
 * `guest_message` is left out for both: whether their context reads it is not known. A
 * node-telegram-bot-api listener gets the payload itself, with no context to read a chat through.
 */
export const CONTEXT_CHAT_UPDATES: Readonly<Record<Framework, ReadonlySet<string>>> = {
  ntba: new Set(),
  grammy: new Set([...MESSAGE_UPDATES, ...CHAT_UPDATES].filter((update) => update !== 'guest_message')),
  telegraf: new Set(['message', 'edited_message', 'channel_post', 'edited_channel_post', 'message_reaction', 'message_reaction_count', 'chat_join_request', 'chat_member', 'my_chat_member', 'removed_chat_boost']),
};

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
  // The other media and place sends (Telegraf's `replyWith…` shortcuts and the Bot API methods): only shown to the user.
  'replyWithAnimation',
  'replyWithVoice',
  'replyWithVideoNote',
  'replyWithMediaGroup',
  'replyWithLocation',
  'replyWithVenue',
  'replyWithContact',
  'replyWithDice',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAnimation',
  'sendAudio',
  'sendVoice',
  'sendVideoNote',
  'sendSticker',
  'sendMediaGroup',
  'sendLocation',
  'sendVenue',
  'sendContact',
  'sendDice',
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
  'react',
  // Best-effort reads of chat and bot metadata, usually with a fallback value.
  'getMe',
  'getChat',
  'getChatMember',
  'getChatMemberCount',
  'getChatAdministrators',
  'getUserProfilePhotos',
  'getFile',
  'getFileLink',
]);

/**
 * The Bot API's methods (https://core.telegram.org/bots/api#available-methods), as they appear as
 * the last segment of a method URL (`…/bot<token>/sendMessage`): what names a request as a Bot API
 * call when only the URL's base is unknown.
 */
export const BOT_API_METHODS: ReadonlySet<string> = new Set([
  ...['getUpdates', 'setWebhook', 'deleteWebhook', 'getWebhookInfo', 'getMe', 'logOut', 'close'],
  ...['sendMessage', 'forwardMessage', 'forwardMessages', 'copyMessage', 'copyMessages', 'sendPhoto', 'sendAudio', 'sendDocument', 'sendVideo'],
  ...['sendAnimation', 'sendVoice', 'sendVideoNote', 'sendPaidMedia', 'sendMediaGroup', 'sendLocation', 'sendVenue', 'sendContact', 'sendPoll'],
  ...['sendDice', 'sendChatAction', 'setMessageReaction', 'getUserProfilePhotos', 'getFile', 'banChatMember', 'unbanChatMember', 'restrictChatMember'],
  ...['promoteChatMember', 'setChatAdministratorCustomTitle', 'banChatSenderChat', 'unbanChatSenderChat', 'setChatPermissions', 'exportChatInviteLink'],
  ...['createChatInviteLink', 'editChatInviteLink', 'revokeChatInviteLink', 'approveChatJoinRequest', 'declineChatJoinRequest', 'setChatPhoto'],
  ...['deleteChatPhoto', 'setChatTitle', 'setChatDescription', 'pinChatMessage', 'unpinChatMessage', 'unpinAllChatMessages', 'leaveChat', 'getChat'],
  ...['getChatAdministrators', 'getChatMemberCount', 'getChatMember', 'setChatStickerSet', 'deleteChatStickerSet', 'createForumTopic', 'editForumTopic'],
  ...['closeForumTopic', 'reopenForumTopic', 'deleteForumTopic', 'answerCallbackQuery', 'getUserChatBoosts', 'setMyCommands', 'deleteMyCommands'],
  ...['getMyCommands', 'setMyName', 'setMyDescription', 'setMyShortDescription', 'setChatMenuButton', 'editMessageText', 'editMessageCaption'],
  ...['editMessageMedia', 'editMessageLiveLocation', 'stopMessageLiveLocation', 'editMessageReplyMarkup', 'stopPoll', 'deleteMessage', 'deleteMessages'],
  ...['sendSticker', 'getStickerSet', 'uploadStickerFile', 'createNewStickerSet', 'addStickerToSet', 'deleteStickerFromSet', 'answerInlineQuery'],
  ...['answerWebAppQuery', 'sendInvoice', 'createInvoiceLink', 'answerShippingQuery', 'answerPreCheckoutQuery', 'refundStarPayment', 'sendGame'],
  ...['setGameScore', 'getGameHighScores'],
]);

/**
 * Bot API methods that send or create an invoice. Telegram checks its prices (`LabeledPrice.amount`
 * is an integer in the currency's smallest units, the total within the currency's limits), so a
 * NaN, negative or fractional price is an API error, and the user pays only a valid total.
 */
export const INVOICE_METHODS: ReadonlySet<string> = new Set(['sendInvoice', 'replyWithInvoice', 'createInvoiceLink']);

/**
 * grammY's shortcut methods on a message of the context (`ctx.msg.delete()`,
 * `ctx.callbackQuery.message.editText(…)`, `ctx.message.pin()`): each is the Bot API chat call of
 * the same name (`deleteMessage`, `editMessageText`, `pinChatMessage`…) bound to that message.
 */
const MESSAGE_SHORTCUTS = new Set(['delete', 'editText', 'editCaption', 'editMedia', 'editReplyMarkup', 'pin', 'unpin', 'react', 'forward', 'copy']);
/** The context's fields that hold a message (`ctx.msg`, `ctx.message`, `ctx.callbackQuery.message`…). */
const MESSAGE_FIELDS = new Set(['msg', 'message', 'editedMessage', 'channelPost', 'editedChannelPost', 'businessMessage']);

/**
 * `ctx.msg.delete()`, `ctx.msg?.editText(…)`: a message shortcut called on a message field of an
 * object. `delete` takes no target (only an abort signal), so `prisma.message.delete({ where })`, a
 * database write, is not one.
 */
function isMessageShortcut(call: TSESTree.CallExpression, name: string): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (!MESSAGE_SHORTCUTS.has(name) || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (name === 'delete' && call.arguments.length > 0) return false;
  const receiver = getMemberPath(callee.object);
  return receiver !== null && receiver.length >= 2 && MESSAGE_FIELDS.has(receiver[receiver.length - 1]!);
}

/** Answers to a query Telegram waits for before it goes on with a payment or a delivery. */
const QUERY_ANSWERS = new Set(['answerPreCheckoutQuery', 'answerShippingQuery']);

/**
 * `ctx.answerPreCheckoutQuery(false, …)`, `bot.answerShippingQuery(id, false, …)`: an answer that
 * declines (`ok` is `false`: the first argument of a context shortcut, the second after the query id).
 * If it fails, Telegram cancels the checkout all the same when the answer does not come, so it is a
 * best-effort chat call; accepting (`true`) is not: a failed accept loses the sale.
 */
function declinesQuery(call: TSESTree.CallExpression, name: string): boolean {
  return QUERY_ANSWERS.has(name) && call.arguments.slice(0, 2).some((argument) => argument.type === AST_NODE_TYPES.Literal && argument.value === false);
}

/** `ctx.answerPreCheckoutQuery(true)`: an answer to a checkout or shipping query that does not decline it (see {@link declinesQuery}); if it fails, the sale is lost. */
export function acceptsQuery(call: TSESTree.Node): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = getCalleeName(call);
  return name !== null && QUERY_ANSWERS.has(name) && !declinesQuery(call, name);
}

/**
 * Bot API methods that send, edit or answer in a chat (https://core.telegram.org/bots/api), and
 * Telegraf's `answerCbQuery` / `answerGameQuery`: a second call repeats a message, not a payment.
 * Not `sendGift` (the bot pays Stars for each gift) nor `editUserStarSubscription`.
 */
const CHAT_METHODS: ReadonlySet<string> = new Set([
  ...['Message', 'Photo', 'Audio', 'Document', 'Video', 'Animation', 'Voice', 'VideoNote', 'PaidMedia', 'MediaGroup', 'Location', 'Venue', 'Contact', 'Poll', 'Checklist', 'Dice', 'MessageDraft', 'ChatAction', 'Sticker', 'Invoice', 'Game'].map(
    (what) => `send${what}`,
  ),
  ...['MessageText', 'MessageCaption', 'MessageMedia', 'MessageLiveLocation', 'MessageReplyMarkup', 'MessageChecklist', 'ChatInviteLink', 'ChatSubscriptionInviteLink', 'ForumTopic', 'GeneralForumTopic', 'Story'].map(
    (what) => `edit${what}`,
  ),
  ...['CallbackQuery', 'InlineQuery', 'WebAppQuery', 'ShippingQuery', 'PreCheckoutQuery', 'CbQuery', 'GameQuery'].map((what) => `answer${what}`),
]);
/** What the context's own send shortcuts send (`ctx.replyWithPhoto`, Telegraf's `ctx.sendPhoto`): the Bot API `send…` method without `send`. */
const CONTEXT_SENDS = ['Photo', 'Audio', 'Document', 'Video', 'Animation', 'VideoNote', 'Voice', 'MediaGroup', 'PaidMedia', 'Location', 'Venue', 'Contact', 'Poll', 'Quiz', 'Checklist', 'Dice', 'ChatAction', 'Sticker', 'Invoice', 'Game'];
const CHAT_ASSERTING_SENDS: Readonly<Record<Framework, ReadonlySet<string>>> = {
  ntba: new Set(),
  // `reply(text) { return this.api.sendMessage(orThrow(this.chatId, 'sendMessage'), …) }`, and so each `replyWith…`.
  grammy: new Set(['reply', ...CONTEXT_SENDS.map((what) => `replyWith${what}`)]),
  // 4.x: `sendMessage(text) { this.assert(this.chat, 'sendMessage'); … }`, `reply(...args) { return this.sendMessage(...args) }`;
  // 3.x: `reply(...args) { this.assert(this.chat, 'reply'); … }`.
  telegraf: new Set(['reply', 'sendMessage', 'replyWithMarkdown', 'replyWithMarkdownV2', 'replyWithHTML', ...CONTEXT_SENDS.flatMap((what) => [`replyWith${what}`, `send${what}`])]),
};

/**
 * Whether the context method `method` (`ctx.reply(…)`, `ctx.replyWithPhoto(…)`, Telegraf's
 * `ctx.sendMessage(…)`) throws, synchronously, unless the update has a chat to send to: once the call
 * returned, Telegraf's `ctx.chat` exists; grammY sends to `ctx.chatId`, which is the chat's id or, for
 * a `business_connection` update, the business user's chat (`ctx.chat` undefined there). Edits are not
 * here: they may go to an inline message instead.
 */
export function sendAssertsChat(framework: Framework, method: string): boolean {
  return CHAT_ASSERTING_SENDS[framework].has(method);
}

/**
 * The context's answers to the query of its update, and the getter each asserts: Telegraf's
 * `answerInlineQuery(...args) { this.assert(this.inlineQuery, 'answerInlineQuery'); return this.telegram.answerInlineQuery(…) }`
 * (3.x and 4.x, likewise `answerCbQuery`, `answerShippingQuery`, `answerPreCheckoutQuery`) and grammY's
 * `this.api.answerInlineQuery(orThrow(this.inlineQuery, 'answerInlineQuery').id, …)`: each throws,
 * synchronously, unless the update is that query, and otherwise only returns the request's promise.
 */
const QUERY_ANSWER_SHORTCUTS: Readonly<Record<string, string>> = {
  answerInlineQuery: 'inlineQuery',
  answerCbQuery: 'callbackQuery',
  answerCallbackQuery: 'callbackQuery',
  answerShippingQuery: 'shippingQuery',
  answerPreCheckoutQuery: 'preCheckoutQuery',
};

/** The context getter a query answer shortcut (`ctx.answerInlineQuery(…)`) asserts (see {@link QUERY_ANSWER_SHORTCUTS}); null for any other method. */
export function answeredQuery(method: string): string | null {
  return Object.hasOwn(QUERY_ANSWER_SHORTCUTS, method) ? QUERY_ANSWER_SHORTCUTS[method]! : null;
}

/** grammY's and Telegraf's context replies: `ctx.reply(…)`, `ctx.replyWithPhoto(…)`, `ctx.replyWithMarkdownV2(…)`. */
const CONTEXT_REPLY = /^reply(?:With[A-Z]\w*)?$/;

/**
 * Whether a call only talks in a chat: a Bot API send, edit or answer method by its own name
 * (`bot.sendMessage`, `ctx.api.editMessageText`, `ctx.answerCallbackQuery`), a context reply, or a
 * message shortcut (`ctx.msg.editText(…)`) — not a project's function whose name starts the same
 * way (`sendPayout(…)`, `editBalance(…)`).
 */
export function isChatCall(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  return name !== null && (CHAT_METHODS.has(name) || CONTEXT_REPLY.test(name) || chatRole(call) === 'ui');
}

/** Keyboard builders: pure values, no I/O (`Markup.inlineKeyboard(…)`, `new InlineKeyboard().text(…)`). */
export const KEYBOARD_BUILDERS: ReadonlySet<string> = new Set(['Markup', 'Keyboard', 'InlineKeyboard']);
/** Built-in pure conversions (`Number(x)`, `Math.round(x)`, `JSON.stringify(kb)`, `Date.now()`, `Object.keys(o)`): no I/O, whatever they are given. */
const PURE_GLOBALS = new Set(['Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'Math', 'JSON', 'Date', 'Object', 'Array']);
/** Telegraf wizard cursor moves (`ctx.wizard.next()`, `back()`, `selectStep(n)`): they set the step index, no I/O. */
const WIZARD_CURSOR = new Set(['next', 'back', 'selectStep']);
/**
 * Telegraf's `Input.fromBuffer(buf, name)`, `fromLocalFile`, `fromURL`, `fromURLStream`,
 * `fromReadableStream`, `fromFileId`: a description of a file to upload, read only when it is sent.
 */
const MEDIA_BUILDER = 'Input';
const MEDIA_SOURCE = /^from[A-Z]/;
/** Promise plumbing around a call: `.catch(…)`, `.then(…)`, `.finally(…)`. */
const PROMISE_METHODS = new Set(['catch', 'then', 'finally']);

/**
 * A chat method with a parse mode in its name, the naming of Telegraf's `replyWithMarkdown` /
 * `replyWithHTML` that projects extend to their own context helpers
 * (`ctx.editMessageTextWithMarkdown = (text) => ctx.editMessageText(text, { parse_mode: 'Markdown' })`):
 * the chat method of the name without the suffix.
 */
const PARSE_MODE_SUFFIX = /With(?:MarkdownV2|Markdown|HTML)$/;

/** What a call does in the chat: talks to the user, only builds a keyboard or a file to send, converts a value or wraps a promise, or something else. */
export function chatRole(call: TSESTree.CallExpression): 'ui' | 'neutral' | 'other' {
  const name = getCalleeName(call);
  if (name === null) return 'other';
  if (CHAT_UI_METHODS.has(name) || CHAT_UI_METHODS.has(name.replace(PARSE_MODE_SUFFIX, '')) || isMessageShortcut(call, name) || declinesQuery(call, name)) return 'ui';
  if (PROMISE_METHODS.has(name)) return 'neutral';
  if (WIZARD_CURSOR.has(name) && getMemberPath(call.callee)?.includes('wizard')) return 'neutral';
  if (MEDIA_SOURCE.test(name) && getMemberPath(call.callee)?.join('.') === `${MEDIA_BUILDER}.${name}`) return 'neutral';
  if (buildsKeyboard(call)) return 'neutral';
  const root = chainRoot(call);
  return root.type === AST_NODE_TYPES.Identifier && PURE_GLOBALS.has(root.name) ? 'neutral' : 'other';
}

/** What a chain of calls and members starts at: `Markup` of `Markup.button.url(…)`, the `new InlineKeyboard()` of `new InlineKeyboard().url(…).row()`. */
export function chainRoot(call: TSESTree.CallExpression): TSESTree.Node {
  let current: TSESTree.Node = skipTypeWrappers(call.callee);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
    else return current;
  }
}

/** `Markup.inlineKeyboard(…)`, `new InlineKeyboard().url(…).row()`: a call of a chain that builds a keyboard (see {@link KEYBOARD_BUILDERS}), no I/O. */
export function buildsKeyboard(call: TSESTree.CallExpression): boolean {
  const root = chainRoot(call);
  if (root.type === AST_NODE_TYPES.Identifier) return KEYBOARD_BUILDERS.has(root.name);
  return root.type === AST_NODE_TYPES.NewExpression && root.callee.type === AST_NODE_TYPES.Identifier && KEYBOARD_BUILDERS.has(root.callee.name);
}

/**
 * Telegraf 4's button builders (`Markup.button.webApp(text, url)`, telegraf/src/button.ts): each
 * returns an object literal of its arguments and reads nothing of them, so it cannot throw.
 */
const TELEGRAF_BUTTONS = new Set([
  'text', 'contactRequest', 'locationRequest', 'pollRequest', 'userRequest', 'botRequest', 'groupRequest', 'channelRequest',
  'url', 'callback', 'switchToChat', 'switchToCurrentChat', 'game', 'pay', 'login', 'webApp',
]);
/** Telegraf 4's keyboard builders of `Markup` that take `(buttons, options)`; the others take nothing. */
const TELEGRAF_KEYBOARDS = new Set(['keyboard', 'inlineKeyboard']);
const TELEGRAF_EMPTY_MARKUPS = new Set(['removeKeyboard', 'forceReply']);
/** Methods of a Telegraf 4 `Markup` value: each copies the markup with one more field, whatever its argument. */
const TELEGRAF_MARKUP_METHODS = new Set(['resize', 'oneTime', 'selective', 'placeholder', 'persistent']);

/**
 * Whether `node` names Telegraf's `Markup` (`const { Markup } = require('telegraf')`,
 * `import { Markup } from 'telegraf'`, `import * as Markup from 'telegraf/markup'`): a name the
 * program binds at its top level to it, not shadowed where it is read. An object that is always
 * there: reading `Markup.button` or `Markup.keyboard` never throws.
 */
export function isTelegrafMarkup(node: TSESTree.Node, sourceCode: Parameters<typeof resolveVariable>[1] & { ast: TSESTree.Program }): boolean {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const binding = moduleBindings(sourceCode.ast).get(value.name);
  if (!binding || !((binding.module === 'telegraf' && binding.imported === 'Markup') || (binding.module === 'telegraf/markup' && binding.imported === '*'))) return false;
  const variable = resolveVariable(value, sourceCode);
  return variable !== null && variable.scope.block.type === AST_NODE_TYPES.Program;
}

/**
 * Whether a call of Telegraf's `Markup` cannot throw, given the argument values it is written with
 * (telegraf 4.16 src/markup.ts): a button builder (`Markup.button.webApp('Open', url)`, any
 * arguments), `Markup.removeKeyboard()`, `Markup.forceReply()`, or `Markup.keyboard(rows)` /
 * `Markup.inlineKeyboard(rows)` whose `rows` is an array literal of such button calls, or of array
 * literals of them only (a mixed list makes Telegraf call `filter` on a button), and whose options,
 * if any, are an object literal without `wrap` (a function of the project). A `Markup` method on
 * such a call (`.resize()`, `.oneTime()`) copies it. Anything else (`Markup.keyboard(buttons)` of a
 * variable: `inlineKeyboard` reads its `length`, a button of it may be undefined) is not proven.
 */
export function telegrafMarkupCannotThrow(call: TSESTree.CallExpression, sourceCode: Parameters<typeof isTelegrafMarkup>[1]): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = getPropertyName(callee) ?? '';
  const object = skipTypeWrappers(callee.object);
  if (object.type === AST_NODE_TYPES.CallExpression) return TELEGRAF_MARKUP_METHODS.has(name) && telegrafMarkupCannotThrow(object, sourceCode);
  if (object.type === AST_NODE_TYPES.MemberExpression) return TELEGRAF_BUTTONS.has(name) && getPropertyName(object) === 'button' && isTelegrafMarkup(object.object, sourceCode);
  if (!isTelegrafMarkup(object, sourceCode)) return false;
  if (TELEGRAF_EMPTY_MARKUPS.has(name)) return true;
  if (!TELEGRAF_KEYBOARDS.has(name)) return false;
  const [rows, options, ...rest] = call.arguments.map((argument) => skipTypeWrappers(argument));
  if (rest.length > 0 || rows?.type !== AST_NODE_TYPES.ArrayExpression) return false;
  if (options && (options.type !== AST_NODE_TYPES.ObjectExpression || options.properties.some((property) => property.type !== AST_NODE_TYPES.Property || propertyKey(property) === null || propertyKey(property) === 'wrap'))) return false;
  const isButton = (element: TSESTree.Node | null): boolean => {
    const value = element && skipTypeWrappers(element);
    return value?.type === AST_NODE_TYPES.CallExpression && isButtonCall(value);
  };
  const isButtonCall = (value: TSESTree.CallExpression): boolean => {
    const button = skipTypeWrappers(value.callee);
    return button.type === AST_NODE_TYPES.MemberExpression && button.object.type === AST_NODE_TYPES.MemberExpression && telegrafMarkupCannotThrow(value, sourceCode);
  };
  const elements = rows.elements;
  if (elements.every(isButton)) return true;
  return elements.every((row) => row?.type === AST_NODE_TYPES.ArrayExpression && row.elements.every(isButton));
}

/** `(ctx, next) => …`: the signature of grammY's and Telegraf's middleware, exactly. */
export function isMiddlewareShape(fn: FunctionNode): boolean {
  const [first, second] = fn.params;
  return fn.params.length === 2 && first?.type === AST_NODE_TYPES.Identifier && first.name === 'ctx' && second?.type === AST_NODE_TYPES.Identifier && second.name === 'next';
}

/**
 * grammY's keyboard classes (grammY src/convenience/keyboard.ts) and, per class, its methods that
 * only add a button (`{ text, url }`, `typeof url === 'string' ? { url } : url`) or set an option
 * and return the keyboard: whatever their arguments, they cannot throw on a keyboard grammY made.
 * Not `from`, `append`, `toFlowed`, `toTransposed`, `clone`: they map or reflow the project's values.
 */
const GRAMMY_KEYBOARD_METHODS = new Map([
  ['InlineKeyboard', new Set(['add', 'row', 'url', 'text', 'webApp', 'login', 'switchInline', 'switchInlineCurrent', 'switchInlineChosen', 'copyText', 'game', 'pay'])],
  ['Keyboard', new Set(['add', 'row', 'text', 'requestUsers', 'requestChat', 'requestContact', 'requestLocation', 'requestPoll', 'webApp', 'persistent', 'selected', 'oneTime', 'resized', 'placeholder'])],
]);

/** `InlineKeyboard` or `Keyboard` when `node` names that class of grammY, bound at the program's top level; null otherwise. */
function grammyKeyboardClass(node: TSESTree.Node, sourceCode: Parameters<typeof isTelegrafMarkup>[1]): string | null {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return null;
  const binding = moduleBindings(sourceCode.ast).get(value.name);
  if (!binding || (binding.module !== 'grammy' && binding.module !== 'grammy/web') || !GRAMMY_KEYBOARD_METHODS.has(binding.imported)) return null;
  const variable = resolveVariable(value, sourceCode);
  return variable !== null && variable.scope.block.type === AST_NODE_TYPES.Program ? binding.imported : null;
}

/**
 * Whether a grammY keyboard chain cannot throw, given how it is written: `new InlineKeyboard()` (no
 * rows, or an array literal of array literals: `add` pushes onto the last row), and each call on it
 * one of {@link GRAMMY_KEYBOARD_METHODS} of its class (`new InlineKeyboard().text('A', 'a').row().url('Site', url)`).
 * A keyboard of the project's rows (`new InlineKeyboard(rows)`), `InlineKeyboard.from(rows)` or a
 * method grammY does not have is not proven. Arguments are the caller's to judge.
 */
export function grammyKeyboardCannotThrow(node: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: Parameters<typeof isTelegrafMarkup>[1]): boolean {
  if (node.type === AST_NODE_TYPES.NewExpression) {
    if (grammyKeyboardClass(node.callee, sourceCode) === null || node.arguments.length > 1) return false;
    const rows = node.arguments[0] && skipTypeWrappers(node.arguments[0]);
    return !rows || (rows.type === AST_NODE_TYPES.ArrayExpression && rows.elements.every((row) => row?.type === AST_NODE_TYPES.ArrayExpression));
  }
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return false;
  const object = skipTypeWrappers(callee.object);
  if (object.type !== AST_NODE_TYPES.CallExpression && object.type !== AST_NODE_TYPES.NewExpression) return false;
  const root = chainRoot(node);
  const keyboard = root.type === AST_NODE_TYPES.NewExpression ? grammyKeyboardClass(root.callee, sourceCode) : null;
  const methods = keyboard === null ? undefined : GRAMMY_KEYBOARD_METHODS.get(keyboard);
  return !!methods && methods.has(getPropertyName(callee) ?? '') && grammyKeyboardCannotThrow(object, sourceCode);
}
