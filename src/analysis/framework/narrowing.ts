/**
 * Which update fields a registration guarantees, mirroring each framework's own narrowing:
 * grammY's filter queries (`src/filter.ts`: L1/L2 shortcuts, "twins" such as `message` ⇒ `from`,
 * `entities` ⇒ `text`) and the filtered context types of `bot.command`, `bot.hears`,
 * `bot.callbackQuery`…; Telegraf's `Composer` (`on(updateType | messageSubType | filter(…))`,
 * `command`/`hears` ⇒ `message('text')`, `action` ⇒ `callback_query`); node-telegram-bot-api's
 * `processUpdate` (which event is emitted with which object).
 *
 * Guarantees are dotted paths in *context space*: the getters of a grammY/Telegraf context
 * (`message`, `from`, `chat`, `msg`, `callbackQuery`, `match`…) followed by Bot API field names
 * (`message.text`, `callbackQuery.data`). node-telegram-bot-api handler parameters are mapped into
 * the same space (`msg` of a `'message'` listener is `message`).
 */

import { CHAT_UPDATES, MESSAGE_UPDATES, SENDER_UPDATES, UPDATE_KEYS } from './bot-api.js';

/** A set of guaranteed context paths; `null` means "unknown registration": assume everything narrowable is narrowed. */
export type Guarantees = ReadonlySet<string> | null;

/** grammY's `L1Equivalents` beyond the sender (`from`, from the update table): `sender_chat` in channels, `edit_date` in edits. */
const L1_TWINS: Readonly<Record<string, readonly string[]>> = {
  edited_message: ['edit_date'],
  channel_post: ['sender_chat'],
  edited_channel_post: ['sender_chat', 'edit_date'],
  edited_business_message: ['edit_date'],
};
/** grammY's `MessageEquivalents`. */
const L2_TWINS: Readonly<Record<string, string>> = {
  live_photo: 'photo',
  animation: 'document',
  entities: 'text',
  caption_entities: 'caption',
  is_topic_message: 'message_thread_id',
};
const L1_SHORTCUTS: Readonly<Record<string, readonly string[]>> = {
  '': ['message', 'channel_post'],
  msg: ['message', 'channel_post'],
  edit: ['edited_message', 'edited_channel_post'],
};
const L2_SHORTCUTS: Readonly<Record<string, readonly string[]>> = {
  '': ['entities', 'caption_entities'],
  media: ['photo', 'live_photo', 'video'],
  file: ['photo', 'live_photo', 'animation', 'audio', 'document', 'video', 'video_note', 'voice', 'sticker'],
};

/** `callback_query` → `callbackQuery`: the context getter of an update key. */
export function contextGetterOf(updateKey: string): string {
  return updateKey.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The paths one update (optionally with one message/query field present) guarantees. */
export function guaranteesOfUpdate(updateKey: string, field?: string): Set<string> {
  const getter = contextGetterOf(updateKey);
  const paths = new Set<string>([getter]);
  const fields = new Set<string>();
  if (field !== undefined && field !== '') {
    fields.add(field);
    const twin = L2_TWINS[field];
    if (twin) fields.add(twin);
  }
  if (MESSAGE_UPDATES.has(updateKey)) {
    if (SENDER_UPDATES.has(updateKey)) fields.add('from');
    for (const twin of L1_TWINS[updateKey] ?? []) fields.add(twin);
    fields.add('chat');
    paths.add('msg');
    paths.add('chat');
    for (const name of fields) {
      paths.add(`${getter}.${name}`);
      paths.add(`msg.${name}`);
    }
    if (fields.has('from')) paths.add('from');
    if (fields.has('sender_chat')) paths.add('senderChat');
    return paths;
  }
  for (const name of fields) paths.add(`${getter}.${name}`);
  if (SENDER_UPDATES.has(updateKey)) {
    paths.add('from');
    paths.add(`${getter}.from`);
  }
  if (CHAT_UPDATES.has(updateKey)) {
    paths.add('chat');
    paths.add(`${getter}.chat`);
  }
  return paths;
}

/**
 * The paths every one of several alternatives guarantees. A path below one update's getter
 * (`message.text`) is a guarantee *given that value exists*: an alternative for another update
 * lacks the value altogether (`ctx.message` is undefined for a channel post), so it does not
 * contradict it — reading `ctx.message` itself is still checked on its own.
 */
export function intersect(alternatives: readonly ReadonlySet<string>[], keys: readonly string[] = []): Set<string> {
  const getters = keys.map(contextGetterOf);
  const result = new Set<string>();
  alternatives.forEach((paths, index) => {
    for (const path of paths) {
      if (result.has(path)) continue;
      const root = path.includes('.') ? path.slice(0, path.indexOf('.')) : null;
      const holds = alternatives.every(
        (other, at) => other.has(path) || (root !== null && getters.length === alternatives.length && getters[at] !== root && getters.includes(root) && getters[index] === root),
      );
      if (holds) result.add(path);
    }
  });
  return result;
}

/**
 * Expands one grammY filter query like `:text`, `msg:file`, `message:entities:url` into its
 * `[updateKey, field]` alternatives (L1 and L2 shortcuts resolved as grammY's `preprocess` does;
 * L3 narrows no type, so it is dropped). Null for an unknown L1 key.
 */
export function expandGrammyQuery(query: string): [string, string | undefined][] | null {
  const [l1 = '', l2, l3] = query.split(':');
  const l1s = l1 in L1_SHORTCUTS && (l1 !== '' || l2 !== undefined) ? L1_SHORTCUTS[l1]! : [l1];
  if (!l1s.every((key) => /^[a-z_]+$/.test(key))) return null;
  const l2s = l2 !== undefined && l2 in L2_SHORTCUTS && (l2 !== '' || l3 !== undefined) ? L2_SHORTCUTS[l2]! : [l2];
  const result: [string, string | undefined][] = [];
  for (const key of l1s) {
    for (const field of l2s) {
      // grammY drops `channel_post:new_chat_members`-style expansions that cannot exist; only
      // message-only fields differ, and dropping alternatives only ever adds guarantees.
      if (key === 'channel_post' && field !== undefined && MESSAGE_ONLY_FIELDS.has(field) && l1s.length > 1) continue;
      result.push([key, field]);
    }
  }
  return result;
}

/** Fields grammY's `MESSAGE_KEYS` has and `CHANNEL_POST_KEYS` lacks (the ones people filter on). */
const MESSAGE_ONLY_FIELDS = new Set([
  'new_chat_members',
  'left_chat_member',
  'group_chat_created',
  'supergroup_chat_created',
  'migrate_to_chat_id',
  'migrate_from_chat_id',
  'successful_payment',
  'refunded_payment',
  'users_shared',
  'chat_shared',
  'connected_website',
  'write_access_allowed',
  'passport_data',
  'forum_topic_created',
  'forum_topic_edited',
  'forum_topic_closed',
  'forum_topic_reopened',
  'web_app_data',
]);

/**
 * {@link grammyFilterGuarantees}' answers by query list: every registration of every file asks about
 * the same few filters (the lists a codebase writes: a few hundred at most). The caller gets its own
 * copy (callers add to it).
 */
const filterGuarantees = new Map<string, ReadonlySet<string> | null>();

/** Updates of channels: a chat of type `'channel'` is the only one they come from, and the only one they carry. */
const CHANNEL_UPDATES: ReadonlySet<string> = new Set(['channel_post', 'edited_channel_post']);

/**
 * What `bot.on(queries)` guarantees in grammY; null when a query is not understood. With
 * `channelPosts` false, what it guarantees where no channel post can reach it (below
 * `bot.chatType('supergroup')`): a command is then a message, with a sender. A filter that only
 * channel posts pass runs never there: null, like an unknown one (nothing to report).
 */
export function grammyFilterGuarantees(queries: readonly string[], channelPosts = true): Set<string> | null {
  const id = `${channelPosts ? '' : '-'}${JSON.stringify(queries)}`;
  let known = filterGuarantees.get(id);
  if (known === undefined) {
    const alternatives = grammyFilterAlternatives(queries)?.filter(([key]) => channelPosts || !CHANNEL_UPDATES.has(key)) ?? null;
    known =
      alternatives === null || alternatives.length === 0
        ? null
        : intersect(
            alternatives.map(([, paths]) => paths),
            alternatives.map(([key]) => key),
          );
    filterGuarantees.set(id, known);
  }
  return known === null ? null : new Set(known);
}

/** The alternatives of grammY's `bot.on(queries)`, one per update key and field, with what each guarantees; null when a query is not understood. */
function grammyFilterAlternatives(queries: readonly string[]): [string, Set<string>][] | null {
  const alternatives: [string, Set<string>][] = [];
  for (const query of queries) {
    const expanded = expandGrammyQuery(query);
    if (!expanded) return null;
    for (const [key, field] of expanded) {
      const paths = guaranteesOfUpdate(key, field);
      // grammY's `ctx.from` reads `businessConnection.user` too (Telegraf's does not).
      if (key === 'business_connection') paths.add('from');
      alternatives.push([key, paths]);
    }
  }
  return alternatives;
}

/**
 * What each alternative of an `on(filters)` registration guarantees, kept apart (the registration's
 * own guarantees are their intersection): `bot.on(['photo', 'video'])` is a photo message or a video
 * message. Lets a test that rules some out (`'photo' in ctx.message` false) narrow to the rest.
 * Null for another framework or a filter not understood.
 */
export function filterAlternatives(framework: string, filters: readonly string[]): Set<string>[] | null {
  if (framework === 'grammy') return grammyFilterAlternatives(filters)?.map(([, paths]) => paths) ?? null;
  if (framework !== 'telegraf') return null;
  return filters.map((filter) => (UPDATE_KEYS.has(filter) ? guaranteesOfUpdate(filter) : guaranteesOfUpdate('message', filter)));
}

/**
 * What a Telegraf `on(filter)` guarantees: an update type (`'message'`, `'callback_query'`), a
 * message subtype (`'text'`, `'photo'`: in `message` only), or a `telegraf/filters` call given as
 * `{ filter: 'message', keys: ['text'] }`. A `message` update always has `from` (the Bot API fills a
 * fake user for anonymous senders; channel messages arrive as `channel_post`).
 */
export function telegrafFilterGuarantees(
  filters: readonly (string | { filter: string; keys: readonly string[] })[],
): Set<string> | null {
  const alternatives: Set<string>[] = [];
  for (const filter of filters) {
    if (typeof filter === 'string') {
      alternatives.push(UPDATE_KEYS.has(filter) ? guaranteesOfUpdate(filter) : guaranteesOfUpdate('message', filter));
      continue;
    }
    const key = FILTER_FUNCTIONS[filter.filter];
    if (!key) return null;
    const paths = guaranteesOfUpdate(key);
    for (const field of filter.keys) for (const path of guaranteesOfUpdate(key, field)) paths.add(path);
    alternatives.push(paths);
  }
  return alternatives.length === 0 ? null : intersect(alternatives);
}

/** `telegraf/filters` exports and the update each narrows to. */
export const FILTER_FUNCTIONS: Readonly<Record<string, string>> = {
  message: 'message',
  editedMessage: 'edited_message',
  channelPost: 'channel_post',
  editedChannelPost: 'edited_channel_post',
  callbackQuery: 'callback_query',
};

/** node-telegram-bot-api: what the object passed to an event listener is, in context space. */
export interface NtbaEvent {
  /** Context path of the listener's first parameter. */
  base: string;
  guarantees: Set<string>;
}

/** node-telegram-bot-api's message-subtype events (`TelegramBot.messageTypes`), emitted for `message` updates only. */
const NTBA_MESSAGE_TYPES = new Set([
  'text',
  'animation',
  'audio',
  'channel_chat_created',
  'contact',
  'delete_chat_photo',
  'dice',
  'document',
  'game',
  'group_chat_created',
  'invoice',
  'left_chat_member',
  'location',
  'migrate_from_chat_id',
  'migrate_to_chat_id',
  'new_chat_members',
  'new_chat_photo',
  'new_chat_title',
  'passport_data',
  'photo',
  'pinned_message',
  'poll',
  'sticker',
  'successful_payment',
  'supergroup_chat_created',
  'video',
  'video_note',
  'voice',
  'video_chat_started',
  'video_chat_ended',
  'video_chat_participants_invited',
  'video_chat_scheduled',
  'message_auto_delete_timer_changed',
  'chat_invite_link',
  'chat_member_updated',
  'web_app_data',
  'write_access_allowed',
  'forum_topic_created',
  'forum_topic_closed',
  'forum_topic_reopened',
  'forum_topic_edited',
  'general_forum_topic_hidden',
  'general_forum_topic_unhidden',
  'users_shared',
  'chat_shared',
  'story',
  'giveaway',
]);

/** The object a node-telegram-bot-api event passes and what it guarantees; null for other events. */
export function ntbaEvent(event: string): NtbaEvent | null {
  if (NTBA_MESSAGE_TYPES.has(event)) {
    const guarantees = guaranteesOfUpdate('message', event);
    return { base: 'message', guarantees };
  }
  const edited = /^(edited_message|edited_channel_post)_(text|caption)$/.exec(event);
  if (edited) return { base: contextGetterOf(edited[1]!), guarantees: guaranteesOfUpdate(edited[1]!, edited[2]) };
  if (UPDATE_KEYS.has(event)) {
    return { base: contextGetterOf(event), guarantees: guaranteesOfUpdate(event) };
  }
  return null;
}
