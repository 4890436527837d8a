/**
 * The registration methods of each framework: which leading arguments are filters and what a
 * registration guarantees its handlers (`bot.on('message:text', h)`, `bot.command`, `bot.action`,
 * NTBA `bot.onText`…), and the classes whose instances are bots.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { skipTypeWrappers, staticString } from '../ast/index.js';
import type { Framework } from './imports.js';
import { expandGrammyQuery, FILTER_FUNCTIONS, grammyFilterGuarantees, guaranteesOfUpdate, telegrafFilterGuarantees, type Guarantees } from './narrowing.js';
import { resolveFrameworkName, type ModelState } from './state.js';
import type { BotKind } from './types.js';

/** Classes whose instances are bots or composers (Telegraf's `Stage` is a `Composer` whose handlers run before the current scene's). */
export const BOT_CLASSES: Readonly<Record<Framework, Readonly<Record<string, BotKind>>>> = {
  grammy: { Bot: 'bot', Composer: 'composer' },
  telegraf: { Telegraf: 'bot', Composer: 'composer', BaseScene: 'composer', WizardScene: 'composer', Router: 'composer', Stage: 'composer' },
  ntba: { TelegramBot: 'bot' },
};

export function withMatch(guarantees: Guarantees): Set<string> {
  const result = new Set(guarantees);
  result.add('match');
  return result;
}

/**
 * Registration methods per framework: which leading arguments are filters, what they guarantee.
 * `channelPosts` false (grammY): what they guarantee where no channel post reaches them (see `excludesChannelPosts`).
 */
type Narrower = (filters: readonly TSESTree.Node[], state: ModelState, channelPosts?: boolean) => Guarantees;
export interface MethodSpec {
  /** How many leading arguments are not handlers. */
  filterCount: number;
  narrow: Narrower;
}

const none: Narrower = () => new Set();
const fixed = (queries: string[], match = true): Narrower => (_filters, _state, channelPosts = true) => {
  const guarantees = grammyFilterGuarantees(queries, channelPosts);
  return match && guarantees !== null ? withMatch(guarantees) : guarantees;
};
const telegrafFixed = (filter: string, fields: string[] = [], match = true): Narrower => () => {
  const guarantees = new Set(guaranteesOfUpdate(filter));
  for (const field of fields) for (const path of guaranteesOfUpdate(filter, field)) guarantees.add(path);
  if (match) guarantees.add('match');
  return guarantees;
};

export const GRAMMY_METHODS: Readonly<Record<string, MethodSpec>> = {
  on: { filterCount: 1, narrow: ([filter], _state, channelPosts) => grammyOn(filter, channelPosts) },
  command: { filterCount: 1, narrow: fixed([':entities:bot_command']) },
  hears: { filterCount: 1, narrow: ([filter], _state, channelPosts) => grammyHears(filter, channelPosts) },
  callbackQuery: { filterCount: 1, narrow: fixed(['callback_query:data']) },
  gameQuery: { filterCount: 1, narrow: fixed(['callback_query:game_short_name']) },
  inlineQuery: { filterCount: 1, narrow: fixed(['inline_query']) },
  chosenInlineResult: { filterCount: 1, narrow: fixed(['chosen_inline_result']) },
  preCheckoutQuery: { filterCount: 1, narrow: fixed(['pre_checkout_query']) },
  shippingQuery: { filterCount: 1, narrow: fixed(['shipping_query']) },
  reaction: { filterCount: 1, narrow: fixed(['message_reaction'], false) },
  chatType: { filterCount: 1, narrow: ([filter]) => grammyChatType(filter) },
  use: { filterCount: 0, narrow: none },
  // A predicate may narrow anything: unknown.
  filter: { filterCount: 1, narrow: () => null },
  drop: { filterCount: 1, narrow: () => null },
};

/**
 * grammY `chatType`: a chat; with only `'private'` also a sender, as grammY types it (`ChatFrom`):
 * every update of a private chat comes from its user.
 */
function grammyChatType(filter: TSESTree.Node | undefined): Guarantees {
  return chatTypeGuarantees(chatTypesOf(filter));
}

/** The chat types a `chatType(…)` argument names (null for one not written as a string). */
function chatTypesOf(filter: TSESTree.Node | undefined): (string | null)[] {
  const value = filter ? skipTypeWrappers(filter) : null;
  const types = value?.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  return types.map((type) => (type && type.type !== AST_NODE_TYPES.SpreadElement ? staticString(type) : null));
}

/**
 * Whether a grammY call on a composer's chain lets no channel post through to what is registered
 * after it: `chatType(types)` without `'channel'` (channel posts come only from channels), or
 * `on(queries)` none of which a channel post matches.
 */
export function excludesChannelPosts(method: string, filter: TSESTree.Node | undefined): boolean {
  if (method === 'chatType') {
    const types = chatTypesOf(filter);
    return types.length > 0 && types.every((type) => type !== null && type !== 'channel');
  }
  const queries = method === 'on' ? staticStrings(filter) : null;
  return queries !== null && queries.length > 0 && queries.every((query) => expandGrammyQuery(query)?.every(([key]) => key !== 'channel_post' && key !== 'edited_channel_post') === true);
}

/** Chat types whose chat always has a title (the Bot API's `Chat.title`: groups, supergroups and channels). */
const TITLED_CHAT_TYPES: ReadonlySet<string> = new Set(['group', 'supergroup', 'channel']);

/**
 * What a chat of one of these types (null: unknown) guarantees: a chat; a sender when every type is
 * `'private'`; the chat's title when every type is a group, supergroup or channel. Shared by
 * `chatType(…)` and grammY's `ChatTypeContext<C, T>` type.
 */
export function chatTypeGuarantees(types: readonly (string | null)[]): Set<string> {
  const guarantees = new Set(['chat']);
  const all = (test: (type: string) => boolean): boolean => types.length > 0 && types.every((type) => type !== null && test(type));
  if (all((type) => type === 'private')) guarantees.add('from');
  if (all((type) => TITLED_CHAT_TYPES.has(type))) guarantees.add('chat.title');
  return guarantees;
}

/**
 * grammY `hears`: a text or caption of a message or channel post. With exact strings (the labels
 * of a reply keyboard, which channels cannot show) only a channel admin typing the label by hand
 * would make a channel post match, so a sender is taken to exist; a regular expression matches
 * channel posts as readily as messages.
 */
function grammyHears(filter: TSESTree.Node | undefined, channelPosts = true): Guarantees {
  const guarantees = withMatch(grammyFilterGuarantees([':text', ':caption'], channelPosts));
  const value = filter ? skipTypeWrappers(filter) : null;
  const strings = value?.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  if (strings.length > 0 && strings.every((element) => element && exactText(element))) guarantees.add('from');
  return guarantees;
}

/**
 * Whether a `hears` trigger matches exactly one text: a string, a regular expression of literal
 * characters anchored at both ends (`/^Profile$/`), or one built from a single escaped value
 * (`` new RegExp(`^${escapeRegExp(LABEL)}$`) ``, the label of a reply-keyboard button).
 */
function exactText(node: TSESTree.Node): boolean {
  if (staticString(node) !== null) return true;
  if (node.type === AST_NODE_TYPES.Literal && 'regex' in node && node.regex) return /^\^(?:[^\\^$.|?*+()[\]{}]|\\[^\w])*\$$/u.test(node.regex.pattern);
  if ((node.type !== AST_NODE_TYPES.NewExpression && node.type !== AST_NODE_TYPES.CallExpression) || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'RegExp') return false;
  const pattern = node.arguments[0];
  if (pattern?.type !== AST_NODE_TYPES.TemplateLiteral || pattern.expressions.length !== 1) return false;
  const [head, tail] = pattern.quasis.map((quasi) => quasi.value.cooked);
  const escaped = pattern.expressions[0]!;
  if (head !== '^' || tail !== '$' || escaped.type !== AST_NODE_TYPES.CallExpression || escaped.arguments.length !== 1) return false;
  const callee = escaped.callee.type === AST_NODE_TYPES.MemberExpression ? escaped.callee.property : escaped.callee;
  return callee.type === AST_NODE_TYPES.Identifier && /^esc/i.test(callee.name) && escaped.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement;
}

const TELEGRAF_COMMAND: MethodSpec = { filterCount: 1, narrow: telegrafFixed('message', ['text', 'entities']) };
const TELEGRAF_ENTITY: MethodSpec = { filterCount: 1, narrow: () => withMatch(grammyFilterGuarantees(['message', 'channel_post'])) };
const TELEGRAF_METHODS: Readonly<Record<string, MethodSpec>> = {
  on: { filterCount: 1, narrow: ([filter], state) => telegrafOn(filter, state) },
  command: TELEGRAF_COMMAND,
  start: { filterCount: 0, narrow: telegrafFixed('message', ['text', 'entities'], false) },
  help: { filterCount: 0, narrow: telegrafFixed('message', ['text', 'entities'], false) },
  settings: { filterCount: 0, narrow: telegrafFixed('message', ['text', 'entities'], false) },
  hears: { filterCount: 1, narrow: telegrafFixed('message', ['text']) },
  action: { filterCount: 1, narrow: telegrafFixed('callback_query', ['data']) },
  inlineQuery: { filterCount: 1, narrow: telegrafFixed('inline_query') },
  gameQuery: { filterCount: 0, narrow: telegrafFixed('callback_query', ['game_short_name'], false) },
  reaction: { filterCount: 1, narrow: telegrafFixed('message_reaction', [], true) },
  mention: TELEGRAF_ENTITY,
  hashtag: TELEGRAF_ENTITY,
  cashtag: TELEGRAF_ENTITY,
  email: TELEGRAF_ENTITY,
  url: TELEGRAF_ENTITY,
  phone: TELEGRAF_ENTITY,
  textLink: TELEGRAF_ENTITY,
  textMention: TELEGRAF_ENTITY,
  spoiler: TELEGRAF_ENTITY,
  use: { filterCount: 0, narrow: none },
  enter: { filterCount: 0, narrow: none },
  leave: { filterCount: 0, narrow: none },
  guard: { filterCount: 1, narrow: () => null },
  filter: { filterCount: 1, narrow: () => null },
  drop: { filterCount: 1, narrow: () => null },
  chatType: { filterCount: 1, narrow: () => new Set(['chat']) },
};

const NTBA_METHODS: Readonly<Record<string, MethodSpec>> = {
  on: { filterCount: 1, narrow: none },
  once: { filterCount: 1, narrow: none },
  onText: { filterCount: 1, narrow: () => withMatch(guaranteesOfUpdate('message', 'text')) },
  onReplyToMessage: {
    filterCount: 2,
    narrow: () => new Set([...guaranteesOfUpdate('message', 'reply_to_message')]),
  },
};

export const METHODS: Readonly<Record<Framework, Readonly<Record<string, MethodSpec>>>> = {
  grammy: GRAMMY_METHODS,
  telegraf: TELEGRAF_METHODS,
  ntba: NTBA_METHODS,
};

/**
 * Every method name some framework registers handlers with: a call by any other name registers
 * nothing, whatever its receiver is, so its receiver need not be resolved.
 */
export const REGISTRATION_METHODS: ReadonlySet<string> = new Set(Object.values(METHODS).flatMap((methods) => Object.keys(methods)));

/** Names a receiver must have to be taken as a bot by shape alone (the framework import is proven). */
export const BOT_LIKE_NAME = /^(?:bot|composer|scene|router|feature|wizard)$|(?:Bot|Composer|Scene|Router|Feature|Wizard|_bot|_scene)$/;

/** Static strings of a filter argument (a string or an array of strings), null if any is dynamic. */
export function staticStrings(node: TSESTree.Node | undefined): string[] | null {
  if (!node) return null;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    const strings: string[] = [];
    for (const element of value.elements) {
      const string = element && element.type !== AST_NODE_TYPES.SpreadElement ? staticString(element) : null;
      if (string === null) return null;
      strings.push(string);
    }
    return strings;
  }
  const string = staticString(value);
  if (string !== null) return [string];
  if (value.type === AST_NODE_TYPES.Literal && 'regex' in value) return [value.regex.pattern];
  return null;
}

function grammyOn(filter: TSESTree.Node | undefined, channelPosts = true): Guarantees {
  const queries = staticStrings(filter);
  return queries ? grammyFilterGuarantees(queries, channelPosts) : null;
}

function telegrafOn(filter: TSESTree.Node | undefined, state: ModelState): Guarantees {
  if (!filter) return null;
  const value = skipTypeWrappers(filter);
  const items = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  const filters: (string | { filter: string; keys: string[] })[] = [];
  for (const item of items) {
    if (!item || item.type === AST_NODE_TYPES.SpreadElement) return null;
    const string = staticString(item);
    if (string !== null) {
      filters.push(string);
      continue;
    }
    const call = skipTypeWrappers(item);
    if (call.type !== AST_NODE_TYPES.CallExpression) return null;
    const name = resolveFrameworkName(state, call.callee);
    if (!name || !Object.hasOwn(FILTER_FUNCTIONS, name.name)) return null;
    const keys = call.arguments.map((argument) => staticString(argument));
    if (keys.some((key) => key === null)) return null;
    filters.push({ filter: name.name, keys: keys as string[] });
  }
  return telegrafFilterGuarantees(filters);
}
