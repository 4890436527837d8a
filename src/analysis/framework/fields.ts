/**
 * The shape of a bot's update objects as far as null safety goes: for each kind of object, which
 * fields exist always, which may be absent, and what kind of object each holds. Paths are in
 * context space (see `narrowing.ts`).
 */

export type ObjectKind = 'context' | 'message' | 'userMessage' | 'callbackQuery' | 'fromHolder' | 'chatHolder' | 'user' | 'chat' | 'value';

interface FieldInfo {
  kind: ObjectKind;
  optional: boolean;
}

const opt = (kind: ObjectKind): FieldInfo => ({ kind, optional: true });
const req = (kind: ObjectKind): FieldInfo => ({ kind, optional: false });

/** Optional message fields whose values are plain data. */
const MESSAGE_VALUE_FIELDS = [
  'text',
  'caption',
  'entities',
  'caption_entities',
  'photo',
  'document',
  'video',
  'audio',
  'voice',
  'sticker',
  'animation',
  'video_note',
  'contact',
  'location',
  'venue',
  'poll',
  'dice',
  'game',
  'invoice',
  'successful_payment',
  'web_app_data',
  'reply_markup',
  'forward_origin',
  'forward_from_chat',
  'new_chat_members',
  'quote',
  'story',
  'users_shared',
  'chat_shared',
  'media_group_id',
  'message_thread_id',
  'link_preview_options',
  'external_reply',
];

const MESSAGE_FIELDS: Readonly<Record<string, FieldInfo>> = {
    from: opt('user'),
    chat: req('chat'),
    sender_chat: opt('chat'),
    reply_to_message: opt('message'),
    pinned_message: opt('message'),
    forward_from: opt('user'),
    via_bot: opt('user'),
    left_chat_member: opt('user'),
    ...Object.fromEntries(MESSAGE_VALUE_FIELDS.map((name) => [name, opt('value')])),
  };

const SCHEMA: Readonly<Record<ObjectKind, Readonly<Record<string, FieldInfo>>>> = {
  context: {
    message: opt('userMessage'),
    editedMessage: opt('userMessage'),
    channelPost: opt('message'),
    editedChannelPost: opt('message'),
    businessMessage: opt('userMessage'),
    editedBusinessMessage: opt('userMessage'),
    msg: opt('message'),
    callbackQuery: opt('callbackQuery'),
    inlineQuery: opt('fromHolder'),
    chosenInlineResult: opt('fromHolder'),
    shippingQuery: opt('fromHolder'),
    preCheckoutQuery: opt('fromHolder'),
    myChatMember: opt('chatHolder'),
    chatMember: opt('chatHolder'),
    chatJoinRequest: opt('chatHolder'),
    from: opt('user'),
    chat: opt('chat'),
    senderChat: opt('chat'),
    match: opt('value'),
    poll: opt('value'),
    pollAnswer: opt('value'),
    messageReaction: opt('value'),
  },
  // A message in a `message`/`edited_message`/business update always has `from` (the Bot API fills
  // a fake user for anonymous senders; channel messages arrive as `channel_post`). The message it
  // replies to is in the same (non-channel) chat, so it has `from` too; a reply to another chat's
  // message is `external_reply`.
  userMessage: { ...MESSAGE_FIELDS, from: req('user'), reply_to_message: opt('userMessage') },
  message: MESSAGE_FIELDS,
  callbackQuery: {
    from: req('user'),
    message: opt('message'),
    data: opt('value'),
    game_short_name: opt('value'),
    inline_message_id: opt('value'),
  },
  fromHolder: { from: req('user'), location: opt('value'), shipping_address: opt('value'), order_info: opt('value') },
  chatHolder: { from: req('user'), chat: req('chat'), invite_link: opt('value') },
  user: { username: opt('value'), last_name: opt('value'), language_code: opt('value') },
  chat: { title: opt('value'), username: opt('value'), first_name: opt('value'), last_name: opt('value') },
  value: {},
};

/**
 * Members a grammY or Telegraf context has for every update: the Bot API client (`telegram`, `api`),
 * the update and its type, the bot's identity (`me`, `botInfo`) and Telegraf's per-update `state`.
 * Reading through them never throws.
 */
export const ALWAYS_PRESENT_CONTEXT_MEMBERS: ReadonlySet<string> = new Set(['telegram', 'api', 'update', 'updateType', 'me', 'botInfo', 'state']);

/** What is known about the value at a context path. */
export interface PathInfo {
  kind: ObjectKind;
  /** Whether the last field may be absent from a real update. */
  optional: boolean;
}

/**
 * Describes the value at `path` (context space), or null when the path leaves the known schema
 * (unknown fields, array elements): unknown values are never reported.
 */
export function describePath(path: readonly string[]): PathInfo | null {
  let kind: ObjectKind = 'context';
  let optional = false;
  for (const segment of path) {
    const field: FieldInfo | undefined = Object.hasOwn(SCHEMA[kind], segment) ? SCHEMA[kind][segment] : undefined;
    if (!field) return null;
    kind = field.kind;
    optional = field.optional;
  }
  return { kind, optional };
}

/**
 * Fields of a message that an InaccessibleMessage (Bot API 7.0: a callback button under a message
 * older than 48 hours; `date === 0`) lacks. It keeps `chat`, `message_id` and `date`.
 */
export function isMessageOnlyField(name: string): boolean {
  return name !== 'chat' && name !== 'message_id' && name !== 'date' && Object.hasOwn(MESSAGE_FIELDS, name);
}

/** Paths no registration narrows: an unknown registration still leaves them optional. */
export function isNeverNarrowed(path: readonly string[]): boolean {
  const last = path[path.length - 1];
  if (path.length === 2 && path[0] === 'callbackQuery' && last === 'message') return true;
  const info = describePath(path.slice(0, -1));
  return info !== null && (info.kind === 'user' || info.kind === 'chat' || last === 'reply_to_message' || last === 'pinned_message');
}

/** Why a field may be missing, by its last path segment: completes "… is undefined for …". */
const ABSENT_WHEN: Readonly<Record<string, string>> = {
  from: 'channel posts and other updates without a sender',
  chat: 'inline queries, buttons under inline messages and other updates without a chat',
  senderChat: 'messages not sent on behalf of a chat',
  sender_chat: 'messages not sent on behalf of a chat',
  msg: 'updates that carry no message (inline queries, buttons under inline messages, polls…)',
  message: 'every update that is not a new message (callback queries, edits, channel posts…)',
  editedMessage: 'every update that is not an edited message',
  channelPost: 'every update that is not a channel post',
  editedChannelPost: 'every update that is not an edited channel post',
  callbackQuery: 'every update that is not a callback query',
  inlineQuery: 'every update that is not an inline query',
  match: 'updates that did not go through a trigger (`hears`, `command`, `callbackQuery`…)',
  text: 'messages without text (photos, stickers, service messages…)',
  caption: 'messages without a caption',
  data: 'game callback queries',
  reply_to_message: 'messages that are not replies',
  username: 'users and chats without a username',
  last_name: 'users without a last name',
  title: 'private chats',
};
const ABSENT_DEFAULT = 'updates that lack it';

export function absentWhen(path: readonly string[]): string {
  const last = path[path.length - 1]!;
  if (path.length === 2 && path[0] === 'callbackQuery' && last === 'message') return 'buttons under inline-mode messages';
  return Object.hasOwn(ABSENT_WHEN, last) ? ABSENT_WHEN[last]! : ABSENT_DEFAULT;
}
