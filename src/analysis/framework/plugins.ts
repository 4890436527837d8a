/**
 * grammY's plugins that run handlers, proven from their imports:
 *
 * - conversations (`@grammyjs/conversations`): a builder `async function f(conversation, ctx)`
 *   registered with `createConversation(f)`; the contexts its `wait…` calls return
 *   (`await conversation.wait()` is the next update of ANY kind in the conversation's chat;
 *   `waitFor(':text')`, `waitForCallbackQuery(…)`, `waitForHears`, `waitForCommand`, `waitFrom`…
 *   guarantee what their filter says, by the same table as `bot.on`, `bot.callbackQuery`…);
 * - menus (`@grammyjs/menu`): `new Menu('id').text('label', handler)`, `.submenu`, `.back`, and the
 *   buttons of a `.dynamic((ctx, range) => range.text(…))` range are callback-query handlers
 *   (the plugin's `MenuMiddleware` is `Filter<C, 'callback_query:data'>`).
 */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, getPropertyName, isFunction, propertyKey, resolveVariable, skipTypeWrappers, type FunctionNode } from '../ast/index.js';
import { grammyPluginOf, type GrammyPlugin } from './imports.js';
import { staticStrings } from './methods.js';
import { expandGrammyQuery, grammyFilterGuarantees, type Guarantees } from './narrowing.js';
import { getHandler } from './handlers.js';
import { addRegistration } from './registrations.js';
import { resolveFrameworkName, type ModelState } from './state.js';
import type { Handler } from './types.js';

/** The registration method of a conversation builder (`createConversation(builder)`): its context is the second parameter. */
export const CONVERSATION_METHOD = 'createConversation';
/** The registration method of a menu button's handlers. */
export const MENU_METHOD = 'menu';

/** The plugin export an expression names (`createConversation`, `Menu`, `conversations.createConversation`), or null. */
function pluginExport(state: ModelState, node: TSESTree.Node, plugin: GrammyPlugin): string | null {
  const path = getMemberPath(node);
  const binding = path ? state.bindings.get(path[0]!) : undefined;
  if (!binding || grammyPluginOf(binding.module) !== plugin) return null;
  return resolveFrameworkName(state, node)?.name ?? null;
}

/** The plugin type a type annotation names, through one local alias (`type MyConversation = Conversation<MyContext>`). */
function pluginType(state: ModelState, type: TSESTree.TypeNode | undefined, plugin: GrammyPlugin, depth = 0): string | null {
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || depth > 2) return null;
  let root: TSESTree.Node = type.typeName;
  const path: string[] = [];
  while (root.type === AST_NODE_TYPES.TSQualifiedName) {
    path.unshift(root.right.name);
    root = root.left;
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return null;
  const binding = state.bindings.get(root.name);
  if (binding) return grammyPluginOf(binding.module) === plugin ? (path.length > 0 ? path[path.length - 1]! : binding.imported) : null;
  const variable = ASTUtils.findVariable(state.sourceCode.getScope(type), root.name);
  const def = variable?.defs[0]?.node;
  return def?.type === AST_NODE_TYPES.TSTypeAliasDeclaration ? pluginType(state, def.typeAnnotation, plugin, depth + 1) : null;
}

function annotationOf(param: TSESTree.Parameter): TSESTree.TypeNode | undefined {
  const id = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  return 'typeAnnotation' in id ? id.typeAnnotation?.typeAnnotation : undefined;
}

/** Menu methods whose trailing function arguments are button handlers, and how many arguments come first. */
const MENU_HANDLER_METHODS: Readonly<Record<string, number>> = { text: 1, submenu: 2, back: 1 };
/** Menu methods that return the menu (or range) they are called on. */
const MENU_CHAIN_METHODS = new Set(['text', 'url', 'login', 'submenu', 'back', 'row', 'dynamic', 'switchInline', 'switchInlineCurrent', 'switchInlineChosen', 'copyText', 'webApp', 'game', 'pay', 'append']);
const MENU_CLASSES = new Set(['Menu', 'MenuRange']);

/** Whether an expression is a menu or a menu range of `@grammyjs/menu`. */
function isMenu(state: ModelState, node: TSESTree.Node, depth = 0): boolean {
  if (depth > 8) return false;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.NewExpression) {
    const name = pluginExport(state, value.callee, 'menu');
    // `new Menu(…)`, `new MenuRange()`, `new Menu.Range()`.
    return name !== null && (MENU_CLASSES.has(name) || name === 'Range');
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(value.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    return callee.type === AST_NODE_TYPES.MemberExpression && method !== null && MENU_CHAIN_METHODS.has(method) && isMenu(state, callee.object, depth + 1);
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(value, state.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return false;
  if (def.type === TSESLint.Scope.DefinitionType.Variable) {
    return def.parent.kind === 'const' && def.node.id === def.name && def.node.init !== null && isMenu(state, def.node.init, depth + 1);
  }
  if (def.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return false;
  const fn = def.node;
  const param = fn.params.find((candidate) => candidate === def.name || (candidate.type === AST_NODE_TYPES.AssignmentPattern && candidate.left === def.name));
  if (!param) return false;
  const typed = pluginType(state, annotationOf(param), 'menu');
  if (typed !== null) return MENU_CLASSES.has(typed);
  // `menu.dynamic((ctx, range) => …)`: the range the builder fills.
  return fn.params[1] === param && isDynamicRangeBuilder(state, fn, depth + 1);
}

/** Whether a function is the builder of a menu's dynamic range: `menu.dynamic((ctx, range) => …)`. */
function isDynamicRangeBuilder(state: ModelState, fn: FunctionNode, depth = 0): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'dynamic' && isMenu(state, callee.object, depth);
}

/**
 * Whether a handler runs on a menu's own message: a menu button's handler (a press of the button),
 * or the builder of a menu's dynamic range (rebuilt on each press of the menu's buttons). `ctx.msg`
 * there is the menu message the bot sent, not text a user typed.
 */
export function runsOnMenuMessage(state: ModelState, handler: Handler): boolean {
  if (handler.entries.length > 0 && handler.entries.every((entry) => entry.kind === 'registration' && entry.registration.method === MENU_METHOD)) return true;
  return isDynamicRangeBuilder(state, handler.fn);
}

/** Handler functions of a menu button: trailing arguments, and `{ onAction }` of `submenu`/`back`. */
function menuHandlerArguments(call: TSESTree.CallExpression, skip: number): TSESTree.Node[] {
  const handlers: TSESTree.Node[] = [];
  for (const argument of call.arguments.slice(skip)) {
    const value = skipTypeWrappers(argument);
    if (value.type !== AST_NODE_TYPES.ObjectExpression) {
      handlers.push(argument);
      continue;
    }
    for (const property of value.properties) {
      if (property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'onAction') handlers.push(property.value);
    }
  }
  return handlers;
}

/** What a menu button's handler may take for granted: a callback query with data (`Filter<C, 'callback_query:data'>`). */
const MENU_GUARANTEES = grammyFilterGuarantees(['callback_query:data']);

/** Registrations of conversation builders and menu buttons, in a file that imports the plugin. */
export function collectPluginRegistrations(state: ModelState): void {
  const plugins = new Set([...state.bindings.values()].map((binding) => grammyPluginOf(binding.module)));
  if (!plugins.has('conversations') && !plugins.has('menu')) return;
  for (const call of state.index.calls) {
    const callee = skipTypeWrappers(call.callee);
    if (plugins.has('conversations') && call.arguments[0] && pluginExport(state, callee, 'conversations') === CONVERSATION_METHOD) {
      // `createConversation(builder)`, `createConversation(builder, 'id')`: entered by whatever update
      // ran `ctx.conversation.enter(…)`, unknown here.
      addRegistration(state, call, 'grammy', CONVERSATION_METHOD, null, null, [call.arguments[0]], null);
      continue;
    }
    if (!plugins.has('menu') || callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = getPropertyName(callee);
    const skip = method !== null && Object.hasOwn(MENU_HANDLER_METHODS, method) ? MENU_HANDLER_METHODS[method]! : undefined;
    if (skip === undefined || call.arguments.length <= skip || !isMenu(state, callee.object)) continue;
    addRegistration(state, call, 'grammy', MENU_METHOD, null, null, menuHandlerArguments(call, skip), MENU_GUARANTEES);
  }
}

/**
 * Whether an identifier is a conversation handle: the first parameter of a builder registered with
 * `createConversation` (in this file, or where another project file imports it), or typed `Conversation<…>`.
 */
function isConversationHandle(state: ModelState, node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(value, state.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return false;
  const fn: FunctionNode = def.node;
  const first = fn.params[0];
  if (!first || (first !== def.name && !(first.type === AST_NODE_TYPES.AssignmentPattern && first.left === def.name))) return false;
  const registered = getHandler(state, fn)?.entries.some((entry) => entry.kind === 'registration' && entry.registration.method === CONVERSATION_METHOD);
  if (registered === true) return true;
  const typed = pluginType(state, annotationOf(first), 'conversations');
  return typed === 'Conversation' || typed === 'ConversationHandle';
}

/**
 * A conversation runs in one chat (its storage key is the chat), with the user who talks to it: the
 * updates it waits for have a chat and a sender, like a Telegraf scene's — so no channel posts.
 */
const CONVERSATION_BASE = ['from', 'chat'];
const SENDERLESS = new Set(['channel_post', 'edited_channel_post']);

/**
 * What a filter query guarantees a conversation's update: grammY's table, with the channel-post
 * alternatives dropped (`:text` in a conversation is `message:text`), plus the chat and sender.
 */
function conversationFilter(queries: readonly string[] | null, match = false): Guarantees {
  if (!queries) return null;
  const kept: string[] = [];
  for (const query of queries) {
    const expanded = expandGrammyQuery(query);
    if (!expanded) return null;
    // The third level narrows no type (see `expandGrammyQuery`).
    for (const [key, field] of expanded) if (!SENDERLESS.has(key)) kept.push(field === undefined ? key : `${key}:${field}`);
  }
  const guarantees = kept.length > 0 ? grammyFilterGuarantees(kept) : grammyFilterGuarantees(queries);
  if (!guarantees) return null;
  for (const path of CONVERSATION_BASE) guarantees.add(path);
  if (match) guarantees.add('match');
  return guarantees;
}

/** What a wait call guarantees, by the same table as the registration it mirrors; undefined when it is not one. */
function waitGuarantees(state: ModelState, call: TSESTree.CallExpression, depth = 0): Guarantees | undefined {
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || method === null || depth > 4) return undefined;
  const inner = skipTypeWrappers(callee.object);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    // conversations 2.x: `waitFor(':text').andFrom(user)`, `.andFor('message:photo')` narrow further;
    // a predicate (`.and(…)`, `.unless(…)`) may narrow anything: unknown.
    const base = waitGuarantees(state, inner, depth + 1);
    if (base === undefined || base === null) return base;
    if (method === 'andFrom') return base;
    if (method === 'andFor') {
      const more = conversationFilter(staticStrings(call.arguments[0]));
      return more ? new Set([...base, ...more]) : null;
    }
    return method === 'and' || method === 'unless' ? null : undefined;
  }
  if (!isConversationHandle(state, inner)) return undefined;
  const [first] = call.arguments;
  switch (method) {
    case 'wait':
    case 'waitFrom':
      return new Set(CONVERSATION_BASE);
    case 'waitUntil':
    case 'waitUnless':
      // The predicate may check anything: unknown, as for `bot.filter`.
      return null;
    case 'waitFor':
      return conversationFilter(staticStrings(first));
    case 'waitForHears':
      return conversationFilter([':text', ':caption'], true);
    case 'waitForCommand':
      return conversationFilter([':entities:bot_command'], true);
    case 'waitForCallbackQuery':
      return conversationFilter(['callback_query:data'], true);
    case 'waitForGameQuery':
      return conversationFilter(['callback_query:game_short_name'], true);
    case 'waitForReaction':
      return conversationFilter(['message_reaction']);
    case 'waitForReplyTo':
      return conversationFilter(['msg']);
    default:
      return undefined;
  }
}

/**
 * The context an `await conversation.wait…(…)` gives, as a handler of its own (one per wait call,
 * in the function that waits): its guards are the code after the wait. Null when the awaited call
 * is not a wait of a proven conversation handle.
 */
export function waitedContext(state: ModelState, node: TSESTree.AwaitExpression): Handler | null {
  const call = skipTypeWrappers(node.argument);
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  if (state.waits.has(call)) return state.waits.get(call)!;
  let handler: Handler | null = null;
  const guarantees = waitGuarantees(state, call);
  let fn: TSESTree.Node | undefined = node.parent;
  while (fn && !isFunction(fn)) fn = fn.parent;
  if (guarantees !== undefined && fn && isFunction(fn)) {
    handler = { fn, framework: 'grammy', parameters: [], entries: [{ kind: 'conversation', guarantees }] };
  }
  state.waits.set(call, handler);
  return handler;
}

/** The parameter a conversation builder gets its entry context in (the second), or the first for other registrations. */
export function contextParameterIndex(method: string): number {
  return method === CONVERSATION_METHOD ? 1 : 0;
}
