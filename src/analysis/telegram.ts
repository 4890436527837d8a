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
