/**
 * Discord slash commands that Discord itself lets only a server's administrators run: the command's
 * `default_member_permissions`, set by discord.js's builder (`new SlashCommandBuilder()
 * .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)`). Asked by the admin model
 * (`onlyAdminRuns`) for the `execute` of a command module.
 */
import fs from 'node:fs';
import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, getMemberPath, getPropertyName, propertyKey, skipTypeWrappers, type FunctionNode } from '../ast/index.js';
import { listProjectFiles, readSmallText } from '../project/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Whether `fn` is the `execute` of a discord.js command module whose command only a server's
 * administrators may use: the module's `data` (a property beside `execute` in the object it exports —
 * `module.exports = { data, execute }`, `export default { data, async execute(i) {} }` — or a `const data`
 * of the module beside an `export async function execute`) is a `new SlashCommandBuilder()` chain that
 * calls `setDefaultMemberPermissions` with the Administrator bit alone (see `administratorOnly`), and the
 * command cannot run in a DM, where no member and no permission is checked: the chain calls
 * `setDMPermission(false)` or `setContexts(InteractionContextType.Guild)`, or the project registers its
 * commands only per server (`Routes.applicationGuildCommands(…)`, never `Routes.applicationCommands(…)`).
 * Discord refuses the command to anyone else before the bot hears of it. A moderator's permission
 * (`ManageMessages`, `ManageGuild`) is held by every moderator a server appoints: it proves nothing.
 */
export function administratorOnlyCommand(fn: FunctionNode, sourceCode: SourceCode, filename: string | null): boolean {
  const data = commandData(fn, sourceCode);
  if (data === null) return false;
  const chain = builderChain(data, sourceCode);
  if (chain === null) return false;
  const permissions = chain.find((call) => getPropertyName(call.callee as TSESTree.MemberExpression) === 'setDefaultMemberPermissions');
  if (!permissions || permissions.arguments.length !== 1 || !administratorOnly(permissions.arguments[0]!)) return false;
  return chain.some(excludesDms) || (filename !== null && onlyGuildCommands(filename));
}

/** The `data` of the command module whose `execute` is `fn`, or null. */
function commandData(fn: FunctionNode, sourceCode: SourceCode): TSESTree.Node | null {
  const holder = fn.parent;
  // `{ data, execute(i) {} }`, `{ data: …, execute: async (i) => {} }`
  if (holder?.type === AST_NODE_TYPES.Property && holder.value === fn && propertyKey(holder) === 'execute' && holder.parent.type === AST_NODE_TYPES.ObjectExpression) {
    const data = holder.parent.properties.find((property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'data');
    return data ? skipTypeWrappers(data.value) : null;
  }
  // `export const data = new SlashCommandBuilder()…; export async function execute(interaction) {}`
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id?.name === 'execute' && fn.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) {
    for (const statement of sourceCode.ast.body) {
      const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
      if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.kind !== 'const') continue;
      const data = declaration.declarations.find((declarator) => declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === 'data');
      if (data?.init) return data.init;
    }
  }
  return null;
}

/** The calls of a `new SlashCommandBuilder()…` chain (through a `const` holding it), outermost first; null for anything else. */
function builderChain(value: TSESTree.Node, sourceCode: SourceCode): TSESTree.CallExpression[] | null {
  let node = skipTypeWrappers(value);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(node, sourceCode);
    if (init === null) return null;
    node = skipTypeWrappers(init);
  }
  const calls: TSESTree.CallExpression[] = [];
  while (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
    calls.push(node);
    node = skipTypeWrappers(node.callee.object);
  }
  const builder = node.type === AST_NODE_TYPES.NewExpression ? getMemberPath(node.callee)?.at(-1) : null;
  return builder === 'SlashCommandBuilder' ? calls : null;
}

/**
 * `PermissionFlagsBits.Administrator`, `PermissionsBitField.Flags.Administrator`, `'8'`, `8`, `8n` (the
 * Administrator bit), and `'0'`, `0`, `0n` (no member but an administrator: Discord's documented way to
 * turn a command off for everyone else).
 */
function administratorOnly(argument: TSESTree.Node): boolean {
  const value = skipTypeWrappers(argument);
  if (value.type === AST_NODE_TYPES.Literal) return ['0', '8'].includes(String(value.value));
  const path = getMemberPath(value);
  return path !== null && path.length >= 2 && path.at(-1) === 'Administrator' && /^(?:PermissionFlagsBits|Flags)$/.test(path.at(-2)!);
}

/** `.setDMPermission(false)`, `.setContexts(InteractionContextType.Guild)` (or `[…Guild]`, or `0`): the command is not offered in DMs. */
function excludesDms(call: TSESTree.CallExpression): boolean {
  const method = getPropertyName(call.callee as TSESTree.MemberExpression);
  const [first] = call.arguments;
  if (method === 'setDMPermission') return call.arguments.length === 1 && first?.type === AST_NODE_TYPES.Literal && first.value === false;
  if (method !== 'setContexts' || call.arguments.length === 0) return false;
  const contexts = call.arguments.length === 1 && first?.type === AST_NODE_TYPES.ArrayExpression ? first.elements : call.arguments;
  return contexts.length > 0 && contexts.every((context) => {
    const value = context && skipTypeWrappers(context);
    if (!value) return false;
    if (value.type === AST_NODE_TYPES.Literal) return value.value === 0;
    return getMemberPath(value)?.at(-1) === 'Guild';
  });
}

/** Per package folder: whether its files register commands only per server. */
const guildOnly = new Map<string, boolean>();

/** How much of the project is read for its command registration. */
const MAX_FILE_BYTES = 200_000;

/**
 * Whether the package of `filename` registers its slash commands only per server: a file calls
 * `Routes.applicationGuildCommands(…)` and none calls `Routes.applicationCommands(…)` or sets them on
 * the application (`client.application.commands.set(…)`), where they would reach DMs too.
 */
function onlyGuildCommands(filename: string): boolean {
  let directory = path.dirname(path.resolve(filename));
  while (!fs.existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) return false;
    directory = parent;
  }
  let answer = guildOnly.get(directory);
  if (answer !== undefined) return answer;
  let guild = false;
  let global = false;
  for (const file of listProjectFiles(directory, (name) => /\.[cm]?[jt]s$/.test(name) && !name.endsWith('.d.ts'))) {
    const text = readSmallText(file, MAX_FILE_BYTES);
    if (text === null) continue;
    if (/\bapplicationGuildCommands\s*\(/.test(text)) guild = true;
    if (/\bapplicationCommands\s*\(|\bapplication\??\.commands\??\.(?:set|create)\s*\(/.test(text)) global = true;
  }
  answer = guild && !global;
  guildOnly.set(directory, answer);
  return answer;
}

/**
 * `interaction.member.permissions.has(PermissionFlagsBits.Administrator)` (also `interaction.memberPermissions.has(…)`,
 * `message.member.permissions.has('Administrator')`): the member who sent the interaction or message is an
 * administrator of the server. Another member's permissions (`target.permissions…`), a moderator's
 * permission, a list of permissions, prove nothing.
 */
export function senderIsAdministrator(call: TSESTree.CallExpression): boolean {
  const tail = getMemberPath(call.callee)?.slice(1).join('.');
  if (call.arguments.length !== 1 || (tail !== 'member.permissions.has' && tail !== 'memberPermissions.has')) return false;
  const value = skipTypeWrappers(call.arguments[0]!);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === 'Administrator' || value.value === 'ADMINISTRATOR' || String(value.value) === '8';
  const path = getMemberPath(value);
  return path !== null && path.length >= 2 && /^(?:Administrator|ADMINISTRATOR)$/.test(path.at(-1)!) && /^(?:PermissionFlagsBits|Flags|FLAGS)$/.test(path.at(-2)!);
}
