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
  ...USER_REPLY_METHODS,
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
]);
