/**
 * discord.js's own objects: what a bot builds with `new` from discord.js (or `@discordjs/builders`,
 * which discord.js re-exports) is a message payload or the client itself — `new EmbedBuilder()`
 * (`MessageEmbed` before v14), `ActionRowBuilder`, `ButtonBuilder`, `AttachmentBuilder`,
 * `SlashCommandBuilder`, `new Client()`. Their `set…` and `add…` methods (`setImage(url)`,
 * `setDescription(text)`, `addFields(…)`) fill in the payload and return the builder, or set the
 * bot's own presence; none of them writes the project's state. Asked by the effects model, whose
 * "named for a write" test (`setPrice`, `addShop`) is meant for the project's own functions.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { keptInitializer, moduleBindings, programOf, resolveVariable, skipTypeWrappers } from '../ast/index.js';

/** The packages whose classes build Discord payloads. */
const DISCORD_PACKAGES = new Set(['discord.js', '@discordjs/builders']);

/**
 * Whether a method call works on an object built from a discord.js class: its receiver is `new C(…)`
 * or a fluent chain of calls on it, with no member access between (`new EmbedBuilder().setTitle(t).setImage(url)`,
 * `new Discord.MessageEmbed()`), or, with `sourceCode` to resolve names, a variable that keeps such a
 * chain as its value (`const embed = new MessageEmbed(); … embed.setDescription(text)`). Of a
 * `Client`, only the `set…` methods of its `user` (the bot's presence: `client.user.setActivity(text)`):
 * what a project hangs on its client (`client.economy.addBalance(id, n)`) or calls on it is the project's.
 * `C` must be imported or required from discord.js (`import { EmbedBuilder } from 'discord.js'`,
 * `const { MessageEmbed } = require('discord.js')`, `const Discord = require('discord.js')`); a
 * project's own class of the same name is not one.
 */
export function onDiscordObject(call: TSESTree.CallExpression, sourceCode?: Pick<TSESLint.SourceCode, 'getScope'>): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = skipTypeWrappers(callee.object);
  if (receiver.type === AST_NODE_TYPES.MemberExpression) {
    // `client.user.setActivity(…)`: the presence of a discord.js client.
    const method = callee.computed ? null : callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : null;
    const isUser = !receiver.computed && receiver.property.type === AST_NODE_TYPES.Identifier && receiver.property.name === 'user';
    return isUser && method !== null && /^set[A-Z]/.test(method) && builtClass(skipTypeWrappers(receiver.object), sourceCode) === 'Client';
  }
  const name = builtClass(receiver, sourceCode);
  return name !== null && name !== 'Client';
}

/**
 * The discord.js class whose instance `node` is: `new C(…)` or a fluent chain of calls on it (calls of
 * members, no other member between), or a variable that keeps one. Null for anything else.
 */
function builtClass(node: TSESTree.Node, sourceCode?: Pick<TSESLint.SourceCode, 'getScope'>): string | null {
  let root = fluentStart(node);
  if (root.type === AST_NODE_TYPES.Identifier && sourceCode) {
    const value = keptInitializer(resolveVariable(root, sourceCode));
    if (value) root = fluentStart(value);
  }
  return root.type === AST_NODE_TYPES.NewExpression ? discordClassName(root.callee) : null;
}

/** The start of a fluent chain of calls: the `new X()` of `new X().a().b()`; `node` itself when it is no call of a member. */
function fluentStart(value: TSESTree.Node): TSESTree.Node {
  let node = skipTypeWrappers(value);
  for (;;) {
    if (node.type !== AST_NODE_TYPES.CallExpression) return node;
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return node;
    node = skipTypeWrappers(callee.object);
  }
}

/** The class's name: `EmbedBuilder` bound to discord.js's export, or `Discord.MessageEmbed` of a namespace bound to the module; null for any other. */
function discordClassName(callee: TSESTree.Node): string | null {
  const node = skipTypeWrappers(callee);
  const bindings = moduleBindings(programOf(node));
  if (node.type === AST_NODE_TYPES.Identifier) {
    const binding = bindings.get(node.name);
    return binding !== undefined && DISCORD_PACKAGES.has(binding.module) && binding.imported !== '*' && binding.imported !== 'default' ? binding.imported : null;
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.Identifier || node.computed || node.property.type !== AST_NODE_TYPES.Identifier) return null;
  const binding = bindings.get(node.object.name);
  return binding !== undefined && DISCORD_PACKAGES.has(binding.module) && (binding.imported === '*' || binding.imported === 'default') ? node.property.name : null;
}
