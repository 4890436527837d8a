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
import { chainRoot } from './bot-api.js';

/** The packages whose classes build Discord payloads. */
const DISCORD_PACKAGES = new Set(['discord.js', '@discordjs/builders']);

/**
 * Whether a method call works on an object built from a discord.js class: its chain starts at
 * `new C(…)` (`new EmbedBuilder().setTitle(t).setImage(url)`, `new Discord.MessageEmbed()`), or, with
 * `sourceCode` to resolve names, at a variable that keeps such a chain as its value
 * (`const embed = new MessageEmbed(); … embed.setDescription(text)`). `C` must be imported or required
 * from discord.js (`import { EmbedBuilder } from 'discord.js'`, `const { MessageEmbed } = require('discord.js')`,
 * `const Discord = require('discord.js')`); a project's own class of the same name is not one.
 */
export function onDiscordObject(call: TSESTree.CallExpression, sourceCode?: Pick<TSESLint.SourceCode, 'getScope'>): boolean {
  if (skipTypeWrappers(call.callee).type !== AST_NODE_TYPES.MemberExpression) return false;
  let root = chainRoot(call);
  if (root.type === AST_NODE_TYPES.Identifier && sourceCode) {
    const value = keptInitializer(resolveVariable(root, sourceCode));
    if (value) root = rootOf(value);
  }
  return root.type === AST_NODE_TYPES.NewExpression && isDiscordClass(root.callee);
}

/** The start of a chain of calls and members: the `new X()` of `new X().a().b`. */
function rootOf(value: TSESTree.Node): TSESTree.Node {
  const node = skipTypeWrappers(value);
  return node.type === AST_NODE_TYPES.CallExpression ? chainRoot(node) : node;
}

/** `EmbedBuilder` bound to discord.js's export, or `Discord.MessageEmbed` of a namespace bound to the module. */
function isDiscordClass(callee: TSESTree.Node): boolean {
  const node = skipTypeWrappers(callee);
  const bindings = moduleBindings(programOf(node));
  if (node.type === AST_NODE_TYPES.Identifier) {
    const binding = bindings.get(node.name);
    return binding !== undefined && DISCORD_PACKAGES.has(binding.module) && binding.imported !== '*' && binding.imported !== 'default';
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type !== AST_NODE_TYPES.Identifier) return false;
  const binding = bindings.get(node.object.name);
  return binding !== undefined && DISCORD_PACKAGES.has(binding.module) && (binding.imported === '*' || binding.imported === 'default');
}
