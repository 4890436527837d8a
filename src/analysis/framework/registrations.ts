/** Registration calls (`bot.on(filter, h)`, `bot.command`, `new WizardScene(id, …steps)`…) and what each guarantees its handlers. */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, functionOf, getMemberPath, getPropertyName, isFunction, moduleBindings, propertyKey, resolveObject, skipTypeWrappers, staticString, type FunctionNode } from '../ast/index.js';
import { createdBotClass, resolveBot } from './bots.js';
import type { Framework } from './imports.js';
import { BOT_LIKE_NAME, excludesChannelPosts, GRAMMY_METHODS, METHODS, REGISTRATION_METHODS, staticStrings } from './methods.js';
import { ntbaEvent, type Guarantees } from './narrowing.js';
import { resolveFrameworkName, type ModelState } from './state.js';
import type { BotInstance, BotReference, HandlerArgument, Registration } from './types.js';

/** How many chained calls and `const` names a composer's narrowing is followed through. */
const MAX_CHAIN_DEPTH = 8;

/** How many call receivers the registration scan resolved to a bot: tests read it as a work count. */
export const registrationWork = { receiversResolved: 0 };

export function collectRegistrations(state: ModelState): void {
  const { soleFramework } = state;
  for (const node of state.index.creationsAndCalls) {
    if (node.type === AST_NODE_TYPES.NewExpression) {
      if (createdBotClass(state, node)?.name === 'WizardScene') {
        // `new Scenes.WizardScene(id, ...steps)`: every step receives any update.
        addRegistration(state, node as unknown as TSESTree.CallExpression, 'telegraf', 'wizard', resolveBot(state, node), null, node.arguments.slice(1), new Set());
      }
      continue;
    }
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = getPropertyName(callee);
    // Most calls of a file (`ctx.reply`, `db.query`, `logger.info`) register nothing under any framework: their receiver is not resolved.
    if (method === null || !REGISTRATION_METHODS.has(method)) continue;
    // `Composer.chatType('private', h)`: a static filter the registration it is passed to registers.
    if (telegrafChatFilter(state, node) !== null) continue;
    registrationWork.receiversResolved++;
    const receiver = resolveBot(state, callee.object);
    if (receiver?.instance?.receivesNoUpdates === true) continue;
    let framework: Framework | null = receiver?.framework ?? null;
    if (!framework && soleFramework) {
      const receiverPath = getMemberPath(callee.object);
      const last = receiverPath?.[receiverPath.length - 1];
      if (last !== undefined && BOT_LIKE_NAME.test(last)) framework = soleFramework;
    }
    if (!framework) continue;
    const spec = Object.hasOwn(METHODS[framework], method) ? METHODS[framework][method] : undefined;
    if (!spec) continue;
    const filterArguments = node.arguments.slice(0, spec.filterCount);
    const handlerArguments = node.arguments.slice(spec.filterCount);
    if (handlerArguments.length === 0) continue;
    let guarantees = spec.narrow(filterArguments, state);
    if (framework === 'ntba' && (method === 'on' || method === 'once')) {
      const event = staticString(node.arguments[0]);
      const ntba = event === null ? null : ntbaEvent(event);
      if (!ntba) continue;
      guarantees = ntba.guarantees;
    }
    let outsideChannels: Guarantees | undefined;
    if (framework === 'grammy' && guarantees !== null) {
      const parent = chainedNarrowing(state, callee.object);
      // `bot.chatType('supergroup').command(…)`: no channel post comes this way, so the command is a message.
      outsideChannels = spec.narrow(filterArguments, state, false);
      if (!parent.channelPosts) guarantees = outsideChannels;
      if (parent.guarantees === null) guarantees = outsideChannels = null;
      else if (parent.guarantees.size > 0) {
        if (guarantees !== null) guarantees = new Set([...guarantees, ...parent.guarantees]);
        if (outsideChannels !== null) outsideChannels = new Set([...outsideChannels, ...parent.guarantees]);
      }
    }
    const filters = spec.filterCount === 0 ? null : staticStrings(node.arguments[0]);
    addRegistration(state, node, framework, method, receiver, filters, handlerArguments, guarantees);
    if (outsideChannels !== undefined) state.registrations[state.registrations.length - 1]!.outsideChannels = outsideChannels;
  }
  collectDecoratedHandlers(state);
  addSceneGuarantees(state);
}

/** nestjs-telegraf's method decorators and the Telegraf registration each stands for (`@Action(/re/)`: `bot.action(/re/, method)`). */
const NEST_TELEGRAF_DECORATORS: Readonly<Record<string, string>> = {
  Action: 'action',
  Hears: 'hears',
  Command: 'command',
  On: 'on',
  Start: 'start',
  Help: 'help',
  InlineQuery: 'inlineQuery',
};

/** nestjs-telegraf's parameter decorators for the context. */
const NEST_TELEGRAF_CONTEXT = new Set(['Ctx', 'Context']);

/**
 * nestjs-telegraf: a class method decorated `@Action(trigger)`, `@Hears(trigger)`, `@On(filter)`…
 * whose first parameter is the context (`@Ctx() ctx`) is a Telegraf handler registered with the
 * decorator's arguments. The decorator call stands for the registration call; its bot is not known
 * (the module wires it), so the registration only narrows.
 */
function collectDecoratedHandlers(state: ModelState): void {
  const bindings = moduleBindings(state.sourceCode.ast);
  const nestExport = (node: TSESTree.Node): string | null => {
    const callee = node.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(node.callee) : null;
    const binding = callee?.type === AST_NODE_TYPES.Identifier ? bindings.get(callee.name) : undefined;
    return binding?.module === 'nestjs-telegraf' ? binding.imported : null;
  };
  for (const node of state.index.calls) {
    const decorator = node.parent;
    if (decorator.type !== AST_NODE_TYPES.Decorator || decorator.parent.type !== AST_NODE_TYPES.MethodDefinition) continue;
    const exported = nestExport(node);
    const method = exported !== null && Object.hasOwn(NEST_TELEGRAF_DECORATORS, exported) ? NEST_TELEGRAF_DECORATORS[exported]! : null;
    const spec = method === null ? undefined : METHODS.telegraf[method];
    const fn = decorator.parent.value;
    const first = fn.params[0];
    if (!spec || !first?.decorators.some((mark) => NEST_TELEGRAF_CONTEXT.has(nestExport(mark.expression) ?? ''))) continue;
    const filterArguments = node.arguments.slice(0, spec.filterCount);
    const filters = spec.filterCount === 0 ? null : staticStrings(node.arguments[0]);
    addRegistration(state, node, 'telegraf', method!, null, filters, [fn], spec.narrow(filterArguments, state));
  }
}

/**
 * grammY: what the composer a chained call is made on narrows to (`bot.on('message').command(…)`),
 * also through a `const` holding it (`const privateChats = composer.chatType('private')`), and
 * whether channel posts still come through it (not below `chatType('supergroup')`, see `excludesChannelPosts`).
 */
export function chainedNarrowing(state: ModelState, receiver: TSESTree.Node, depth = 0): { guarantees: Guarantees; channelPosts: boolean } {
  let call = skipTypeWrappers(receiver);
  const init = call.type === AST_NODE_TYPES.Identifier && depth < MAX_CHAIN_DEPTH ? constInitializer(call, state.sourceCode) : null;
  if (init) call = skipTypeWrappers(init);
  if (call.type !== AST_NODE_TYPES.CallExpression) return { guarantees: new Set(), channelPosts: true };
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || method === null || !Object.hasOwn(GRAMMY_METHODS, method)) return { guarantees: new Set(), channelPosts: true };
  const spec = GRAMMY_METHODS[method]!;
  const own = spec.narrow(call.arguments.slice(0, spec.filterCount), state);
  const parent = chainedNarrowing(state, callee.object, depth + 1);
  return {
    guarantees: own === null || parent.guarantees === null ? null : new Set([...own, ...parent.guarantees]),
    channelPosts: parent.channelPosts && !excludesChannelPosts(method, call.arguments[0]),
  };
}

export function addRegistration(
  state: ModelState,
  call: TSESTree.CallExpression,
  framework: Framework,
  method: string,
  receiver: BotReference | null,
  filters: string[] | null,
  handlerArguments: readonly TSESTree.Node[],
  guarantees: Guarantees,
): void {
  const handlerList = handlerArguments.flatMap((argument): HandlerArgument[] => {
    const filtered = framework === 'telegraf' ? telegrafChatFilter(state, argument) : null;
    if (!filtered) return chosenValues(argument).map((node) => ({ node, fn: handlerFunction(state, node) }));
    return filtered.handlers.flatMap((inner) => chosenValues(inner).map((node) => ({ node, fn: handlerFunction(state, node), wrapperGuarantees: filtered.guarantees })));
  });
  const registration: Registration = { call, framework, method, receiver, filters, handlers: handlerList, guarantees };
  state.registrations.push(registration);
  listUnder(state.registrationsByCall, call, registration);
  for (const node of new Set(handlerList.map((handler) => handler.node))) listUnder(state.registrationsByHandler, node, registration);
  for (const handler of handlerList) {
    if (!handler.fn) continue;
    listUnder(state.registrationsByFunction, handler.fn, registration);
  }
}

/** Telegraf's static chat filters, by the number of their leading arguments that are no handlers. */
const TELEGRAF_CHAT_FILTERS: Readonly<Record<string, number>> = { privateChat: 0, groupChat: 0, chatType: 1 };

/**
 * Telegraf's static chat filters around handlers: `Composer.privateChat(...fns)`, `Composer.groupChat(...fns)`,
 * `Composer.chatType(types, ...fns)` (also on `Telegraf`, which extends `Composer`) run `fns` only
 * when `ctx.chat` exists and is of one of those types (`Composer.optional((ctx) => ctx.chat &&
 * types.includes(ctx.chat.type), ...fns)` in Telegraf 3; the same in 4): the wrapped handlers, and the
 * chat they may take for granted. A private chat promises no more here than Telegraf's own
 * `chatType` registration does (see `TELEGRAF_METHODS`). Null for any other argument.
 */
function telegrafChatFilter(state: ModelState, argument: TSESTree.Node): { handlers: TSESTree.Node[]; guarantees: ReadonlySet<string> } | null {
  const call = skipTypeWrappers(argument);
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const skip = method !== null && Object.hasOwn(TELEGRAF_CHAT_FILTERS, method) ? TELEGRAF_CHAT_FILTERS[method]! : null;
  if (skip === null || callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const owner = resolveFrameworkName(state, callee.object);
  if (owner?.framework !== 'telegraf' || (owner.name !== 'Composer' && owner.name !== 'Telegraf')) return null;
  const handlers = call.arguments.slice(skip);
  if (handlers.length === 0 || handlers.some((handler) => handler.type === AST_NODE_TYPES.SpreadElement)) return null;
  return { handlers, guarantees: new Set(['chat']) };
}

function listUnder<K>(map: Map<K, Registration[]>, key: K, registration: Registration): void {
  const list = map.get(key);
  if (list) list.push(registration);
  else map.set(key, [registration]);
}

/**
 * The values an expression may hold: each branch of a conditional (`isEdit ? onEdit : onAmount`)
 * and each side of `||`/`??` (`custom ?? onAmount`); the expression itself otherwise.
 */
export function chosenValues(node: TSESTree.Node): TSESTree.Node[] {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return [...chosenValues(value.consequent), ...chosenValues(value.alternate)];
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&') return [...chosenValues(value.left), ...chosenValues(value.right)];
  return [node];
}

/**
 * The function a handler argument is: inline, declared in this file and passed by name, or a
 * method of a handler object built in this file (`handlers.amount` with
 * `const handlers = { async amount(ctx) { … } }`; an object changed after it was built is unknown).
 */
export function handlerFunction(state: ModelState, argument: TSESTree.Node): FunctionNode | null {
  const fn = functionOf(argument, state.sourceCode);
  if (fn) return fn;
  const member = skipTypeWrappers(argument);
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.computed) return null;
  const name = getPropertyName(member);
  const object = resolveObject(member.object, state.sourceCode);
  if (name === null || object.type !== 'object' || object.node.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement)) return null;
  const matches = object.node.properties.filter((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === name);
  const property = matches.length === 1 ? matches[0] : undefined;
  return property?.type === AST_NODE_TYPES.Property && isFunction(property.value) ? property.value : null;
}

/**
 * Telegraf scenes run inside a session: the default session key is `from.id:chat.id`, and an
 * update without either never reaches a scene (`BaseScene`, `WizardScene` steps and composers
 * used as steps). Their handlers may take `from` and `chat` for granted.
 */
function addSceneGuarantees(state: ModelState): void {
  const stepComposers = new Set<BotInstance>();
  for (const registration of state.registrations) {
    if (registration.method !== 'wizard') continue;
    for (const handler of registration.handlers) {
      const step = resolveBot(state, handler.node)?.instance;
      if (step) stepComposers.add(step);
    }
  }
  for (const registration of state.registrations) {
    const instance = registration.receiver?.instance;
    const inScene =
      registration.method === 'wizard' ||
      registration.receiver?.passedScene !== undefined ||
      (instance !== undefined && instance !== null && (instance.className === 'BaseScene' || instance.className === 'WizardScene' || stepComposers.has(instance)));
    if (!inScene || registration.guarantees === null) continue;
    registration.guarantees = new Set([...registration.guarantees, 'from', 'chat']);
  }
}
