/**
 * discord.js calls that only talk in a chat, its collector waits whose rejection is the designed
 * timeout, its type guards, and the results a Sapphire interaction handler's `parse` returns.
 * Syntactic: the caller knows the file belongs to a discord.js bot project (`botProjectFrameworks`
 * of the summaries model) before it asks.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, getCalleeName, getMemberPath, moduleBindings, propertyKey, skipTypeWrappers, thisClassBody } from '../ast/index.js';

type SourceCode = Pick<Readonly<TSESLint.SourceCode>, 'getScope'>;

/**
 * The answers of an interaction (discord.js `BaseInteraction`'s reply methods, beside `reply`, which
 * the Bot API model already knows): each edits, follows up or defers the bot's answer to the user who
 * clicked or typed. They fail when the interaction expired (15 minutes, or 3 seconds unanswered) or
 * its message is gone — a lost answer, not lost work.
 */
const INTERACTION_ANSWERS = new Set(['editReply', 'followUp', 'deferReply', 'deferUpdate', 'deleteReply']);

/** The fields of an interaction or a message that hold the user it comes from (`interaction.user`, `message.author`, `interaction.member`). */
const SENDER_FIELDS = new Set(['user', 'author', 'member']);

/** A user or a member looked up from the client's or the guild's managers: `client.users.fetch(id)`, `guild.members.fetch(id)`, `guild.members.cache.get(id)`. */
function looksUpUser(call: TSESTree.CallExpression): boolean {
  const path = getMemberPath(call.callee);
  if (path === null) return false;
  const tail = path.slice(-3);
  const manager = (at: number): boolean => path.length > at + 1 && (path[path.length - at - 1] === 'users' || path[path.length - at - 1] === 'members');
  return (tail.at(-1) === 'fetch' && manager(1)) || (tail.at(-1) === 'get' && tail.at(-2) === 'cache' && manager(2));
}

/** Whether `receiver` is a discord.js user or member: a sender field (`interaction.user`), or a `const` bound to a lookup (`const user = await client.users.fetch(id)`). */
function isUser(receiver: TSESTree.Node, sourceCode: SourceCode): boolean {
  const value = skipTypeWrappers(receiver);
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const path = getMemberPath(value);
    return path !== null && path.length >= 2 && SENDER_FIELDS.has(path[path.length - 1]!);
  }
  if (value.type === AST_NODE_TYPES.CallExpression) return looksUpUser(value);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const init = constInitializer(value, sourceCode);
  if (init === null) return false;
  const unwrapped = skipTypeWrappers(init);
  const lookup = unwrapped.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(unwrapped.argument) : unwrapped;
  return lookup.type === AST_NODE_TYPES.CallExpression && looksUpUser(lookup);
}

/**
 * Whether a call of a discord.js bot only talks in the chat: an interaction's answer
 * (`interaction.editReply(…)`, `followUp`, `deferReply`), a direct message to a user or a member
 * (`user.send(…)` with `const user = await client.users.fetch(id)`, `interaction.user.send(…)`,
 * `member.send(…)` of `guild.members.fetch(id)`, `client.users.send(id, …)`), or the lookup of that
 * user (`client.users.fetch(id)`). A direct message fails when the user closed their DMs or left
 * the server, an edit when the interaction expired: a lost notice, like a Telegram send to a user
 * who blocked the bot. discord.js's REST manager already waits out rate limits and retries server
 * errors before a send rejects. `channel.send(…)`, `res.send(…)` and other `send`s are not proven.
 */
export function isDiscordChatCall(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const name = getCalleeName(call);
  const callee = skipTypeWrappers(call.callee);
  if (name === null || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (INTERACTION_ANSWERS.has(name)) return true;
  if (looksUpUser(call)) return true;
  if (name !== 'send') return false;
  const path = getMemberPath(callee);
  if (path !== null && path.length >= 3 && path[path.length - 2] === 'users') return true;
  return isUser(callee.object, sourceCode);
}

/**
 * The managers of discord.js whose `fetch` reads from the API (and fills the cache): a channel's
 * `messages`, a guild's `members`, `channels`, `roles`, `bans`, `emojis`, `invites`, the client's
 * `users`, `channels`, `guilds`, a message's `reactions`. `MessageManager#fetch({ limit: 10 })` is
 * `GET /channels/{id}/messages`; none of them changes anything.
 */
const FETCHING_MANAGERS = new Set(['messages', 'members', 'channels', 'roles', 'bans', 'emojis', 'stickers', 'invites', 'users', 'guilds', 'reactions', 'threads']);

/** `channel.messages.fetch({ limit: 10 })`, `guild.members.fetch(id)`: a read of a discord.js manager (see {@link FETCHING_MANAGERS}). */
export function isDiscordFetch(call: TSESTree.CallExpression): boolean {
  const path = getMemberPath(call.callee);
  return path !== null && path.length >= 3 && path[path.length - 1] === 'fetch' && FETCHING_MANAGERS.has(path[path.length - 2]!);
}

/**
 * Methods of discord.js's `Collection` (a `Map` with array helpers) that only pick values:
 * `fetched.first()`, `cache.last()`, `random()`. The array-like ones (`filter`, `map`, `find`) are
 * the array methods by name.
 */
export const DISCORD_COLLECTION_PICKS: ReadonlySet<string> = new Set(['first', 'last', 'random', 'firstKey', 'lastKey']);

/** The collector waits that reject only when the collector ends (discord.js `TextBasedChannel` / `Message`). */
const ERRORS_OPTION_WAITS = new Set(['awaitMessages', 'awaitReactions']);
const ALWAYS_REJECTING_WAITS = new Set(['awaitMessageComponent', 'awaitModalSubmit']);

/**
 * Whether a call waits for the user's answer with a discord.js collector that rejects when the time
 * runs out: `channel.awaitMessages(filter, { max: 1, time: 30e3, errors: ['time'] })` (v12) or
 * `awaitMessages({ filter, time, errors: ['time'] })`, `awaitReactions` the same way — these reject
 * only for an end reason listed in `errors` — and `awaitMessageComponent({ time })` /
 * `awaitModalSubmit({ time })`, which reject when the collector ends without an interaction. The
 * rejection is the designed "no answer in time" signal (for `awaitMessages`, the collected
 * messages, not an `Error`), not a lost failure.
 */
export function waitsForDiscordAnswer(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  if (name === null || skipTypeWrappers(call.callee).type !== AST_NODE_TYPES.MemberExpression) return false;
  const options = call.arguments.map((argument) => skipTypeWrappers(argument)).filter((argument): argument is TSESTree.ObjectExpression => argument.type === AST_NODE_TYPES.ObjectExpression);
  const keys = new Set(options.flatMap((option) => option.properties.map((property) => (property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null))));
  if (ALWAYS_REJECTING_WAITS.has(name)) return keys.has('time');
  if (!ERRORS_OPTION_WAITS.has(name)) return false;
  return options.some((option) =>
    option.properties.some((property) => {
      if (property.type !== AST_NODE_TYPES.Property || propertyKey(property) !== 'errors') return false;
      const value = skipTypeWrappers(property.value);
      return value.type === AST_NODE_TYPES.ArrayExpression && value.elements.length > 0 && value.elements.every((element) => element?.type === AST_NODE_TYPES.Literal && (element.value === 'time' || element.value === 'idle'));
    }),
  );
}

/**
 * The type guards of discord.js's channels and interactions (`BaseChannel#isThread()`,
 * `isTextBased()`, `BaseInteraction#isChatInputCommand()`, `isButton()`…): synchronous methods that
 * compare the value's `type` field and return a boolean. They take no argument, wait for nothing and
 * throw nothing.
 */
const DISCORD_TYPE_GUARDS = new Set([
  'isThread', 'isThreadOnly', 'isTextBased', 'isDMBased', 'isVoiceBased', 'isSendable',
  'isCommand', 'isChatInputCommand', 'isContextMenuCommand', 'isUserContextMenuCommand', 'isMessageContextMenuCommand', 'isPrimaryEntryPointCommand',
  'isAutocomplete', 'isMessageComponent', 'isButton', 'isModalSubmit', 'isRepliable',
  'isAnySelectMenu', 'isSelectMenu', 'isStringSelectMenu', 'isUserSelectMenu', 'isRoleSelectMenu', 'isChannelSelectMenu', 'isMentionableSelectMenu',
]);

/** `channel.isThread()`, `interaction.isButton()`: a discord.js type guard (no arguments), which only reads the value's type. */
export function isDiscordTypeGuard(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  return name !== null && call.arguments.length === 0 && skipTypeWrappers(call.callee).type === AST_NODE_TYPES.MemberExpression && DISCORD_TYPE_GUARDS.has(name);
}

/** The results of `@sapphire/framework`'s `InteractionHandler`: `some(data)` and `none()` wrap `Option.some` / `Option.none`. */
const SAPPHIRE_HANDLER_RESULTS = new Set(['some', 'none']);

/**
 * `return this.none()` in a class that extends `InteractionHandler` of `@sapphire/framework`: the
 * handler's `parse` declines the interaction. `some(…)` and `none()` only build an `Option` value in
 * the process (`@sapphire/result`); they do no I/O and throw nothing.
 */
export function isSapphireHandlerResult(call: TSESTree.CallExpression, program: TSESTree.Program): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  if (callee.property.type !== AST_NODE_TYPES.Identifier || !SAPPHIRE_HANDLER_RESULTS.has(callee.property.name)) return false;
  const base = thisClassBody(callee)?.parent.superClass;
  const binding = base?.type === AST_NODE_TYPES.Identifier ? moduleBindings(program).get(base.name) : undefined;
  return binding?.module === '@sapphire/framework' && binding.imported === 'InteractionHandler';
}
