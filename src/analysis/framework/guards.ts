import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, fileIndex, firstStartingFrom, type FunctionNode, functionOf, getCalleeName, getMemberPath, getPropertyName, isFunction, isNullish, keptInitializer, logicalOperands, manifestsAbove, memberRoot, outermostWrapper, propertyKey, rangeCeiling, resolveVariable, skipTypeWrappers, someInChain, someInSameFunction, writeReferences } from '../ast/index.js';
import { alwaysExits, evaluate, heldBefore, neverReturns, UNKNOWN } from '../flow/index.js';
import { calledFunction, callersOf, projectFilesMatching, referencedFunction, STRING_METHODS, type CalledFunction, type FileRef } from '../summaries/index.js';
import { adminTest, type AdminContext } from './admin.js';
import { CONTEXT_CHAT_UPDATES, MESSAGE_UPDATES, SENDER_UPDATES, sendAssertsChat } from './bot-api.js';
import { caughtAroundCall } from './error-handling.js';
import { describePath, isMessageOnlyField, isNeverNarrowed } from './fields.js';
import { contextGetterOf, filterAlternatives, guaranteesOfUpdate, ntbaEvent } from './narrowing.js';
import { projectCallsOf } from './imported.js';
import { getFrameworkModel } from './model.js';
import { channelPostsReach } from './mounts.js';
import { entriesKnown, sceneEntry, sceneIdOf } from './scenes.js';
import { isReadByCallee } from './reads.js';
import { grammySessionsKeyedByChat, sessionValueProvesKey } from './session-key.js';
import type { ContextPath, FrameworkModel, Handler, HandlerEntry, Registration } from './types.js';

/**
 * What must hold for a read to be safe: the value at `path` exists (`exists`), or the message at
 * `path` is accessible — not a Bot API 7.0 InaccessibleMessage with `date === 0` (`accessible`).
 */
export interface Requirement {
  path: readonly string[];
  mode: 'exists' | 'accessible';
  /**
   * The handler parameter the value comes in through (`text` of `handle(ctx, text)` read as
   * `text.trim()`), when known: a call that passes it a value of the caller's own (`text || '…'`)
   * passes no update field there, whatever its other arguments are.
   */
  parameter?: TSESTree.Parameter;
}

/** Calls that throw unless their first argument is truthy. */
const ASSERT_CALLS = new Set(['assert', 'invariant', 'ok', 'assertIsDefined', 'assertDefined', 'assertExists', 'strictEqual']);

const startsWith = (path: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);

/**
 * Decides whether a requirement holds where `node` runs inside `handler`: guaranteed by how the
 * handler is reached (registration narrowing, typed context, early-returning middleware, guards
 * at every call site), or guarded on the way from the handler to `node` (`?.`-free checks: `if`,
 * early `return`/`throw`, `&&`, `||`, ternaries, `assert`, type-guard calls, `in`, comparisons).
 */
export function isSafe(model: FrameworkModel, requirement: Requirement, node: TSESTree.Node, handler: Handler, depth = 0, entering: EnteringScenes = []): boolean {
  return provenSafe(model, requirement, node, handler, depth, entering) || inBranchThatNeverRuns(model, node, handler, depth, entering);
}

/** {@link isSafe} but for code that never runs: the requirement proven where `node` runs. */
function provenSafe(model: FrameworkModel, requirement: Requirement, node: TSESTree.Node, handler: Handler, depth: number, entering: EnteringScenes): boolean {
  if (isGuardedAt(model, requirement, node, handler) || leftByEliminatedFilters(model, requirement, node, handler)) return true;
  if (insideShortCircuitedChain(model, requirement, node, handler)) return true;
  if (isInputContent(requirement) && adminGated(model, node, handler) && model.botErrorsCaught()) return true;
  if (isCallbackData(requirement) && !model.sendsGames()) {
    // Without games `data` exists whenever the callback query does: `ctx.callbackQuery?.data.split()`
    // short-circuits without one, and otherwise the query itself is what must be checked.
    if (throughOptionalQuery(model, node, handler)) return true;
    if (isSafe(model, { path: ['callbackQuery'], mode: 'exists' }, node, handler, depth, entering)) return true;
  }
  if (isMessageOfCallback(requirement) && !model.usesInlineMode()) {
    // Without inline mode the message (possibly inaccessible, which still has `chat`) exists
    // whenever the callback query does, however the query was proven: registration or check.
    if (isSafe(model, { path: ['callbackQuery'], mode: 'exists' }, node, handler, depth, entering)) return true;
  }
  // An update with a sender is no channel post: `ctx.msg` is then a message of a private chat or group,
  // and the message it replies to has a sender too (only channel posts lack one).
  if (isRepliedSenderOfMsg(requirement) && isSafe(model, { path: ['from'], mode: 'exists' }, node, handler, depth, entering)) return true;
  if (handler.entries.length === 0 || depth > 4) return false;
  const calls = new Map<TSESTree.CallExpression, Extract<HandlerEntry, { kind: 'call' }>>();
  const through = throughParameter(handler, requirement);
  for (const entry of handler.entries) {
    if (entry.kind !== 'call') {
      if (
        !entrySafe(entry.kind === 'registration' && entry.model ? entry.model : model, requirement, entry) &&
        !senderRulesOutChannelPosts(model, requirement, entry, node, handler) &&
        !enteredSafely(model, requirement, entry, handler, depth, entering) &&
        !readByEarlierHandler(requirement, entry, handler) &&
        !calledSafely(model, requirement, entry, node, handler, depth, entering)
      ) {
        return false;
      }
      continue;
    }
    // Per call site, the context argument the path comes through (the longest matching base).
    const base = baseOf(handler, entry.parameter);
    if (base === null || !startsWith(requirement.path, base) || (through && entry.parameter !== through.node)) continue;
    const chosen = calls.get(entry.call);
    if (!chosen || (baseOf(handler, chosen.parameter)?.length ?? 0) < base.length) calls.set(entry.call, entry);
  }
  const callSites = new Set(handler.entries.flatMap((entry) => (entry.kind === 'call' ? [entry.call] : [])));
  for (const call of callSites) {
    // The read's own helper, called in a `try` that catches its TypeError: that call site is safe.
    if (depth === 0 && caughtAroundCall(node, handler.fn, call)) continue;
    const entry = calls.get(call);
    if (!entry) {
      if (passesOwnValue(handler, requirement, call)) continue;
      return false;
    }
    const base = baseOf(handler, entry.parameter)!;
    const mapped: Requirement = { path: neededAt([...entry.argument.path, ...requirement.path.slice(base.length)], requirement.mode), mode: requirement.mode };
    // `getSenderId(ctx.myChatMember)` reading `from`, which every chat member update has: nothing to prove once the argument exists.
    if (mapped.path.length === 0) continue;
    if (entry.argument.parameter) mapped.parameter = entry.argument.parameter;
    if (!isSafe(entry.model ?? model, mapped, entry.call, entry.argument.handler, depth + 1, entering)) return false;
  }
  return true;
}

/**
 * `if (ctx.message) { … } else { ctx.update.callback_query.from.id }` in a helper called only from
 * `scene.hears(…)` handlers: the branch (or the code after `if (ctx.message) return …`, the other side
 * of `ctx.message ? … : …` or `ctx.message || …`) runs only when a context object is missing that every
 * way into the handler proves present (see {@link isSafe} for that object at the test: its
 * registrations' guarantees, the guards at each call site). Such code never runs, so nothing read
 * there can throw. Only a plain truthiness test of an object (`ctx.message`, `!ctx.callbackQuery`)
 * counts, and only where every way in is read (see `entriesKnown`): a handler known by its
 * parameter alone is assumed narrowed where it is checked, which proves no branch dead.
 */
function inBranchThatNeverRuns(model: FrameworkModel, node: TSESTree.Node, handler: Handler, depth: number, entering: EnteringScenes): boolean {
  if (handler.entries.length === 0 || depth > 4 || !entriesKnown(handler)) return false;
  /** Whether the test giving `truthy` means an object every way in has is missing. */
  const neverGives = (test: TSESTree.Node, truthy: boolean): boolean => {
    let expression = skipTypeWrappers(test);
    let outcome = truthy;
    while (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!') {
      expression = skipTypeWrappers(expression.argument);
      outcome = !outcome;
    }
    if (outcome || (expression.type !== AST_NODE_TYPES.MemberExpression && expression.type !== AST_NODE_TYPES.Identifier)) return false;
    const path = resolveIn(model, expression, handler);
    const kind = path && path.length > 0 ? describePath(path)?.kind : undefined;
    return kind !== undefined && kind !== 'value' && provenSafe(model, { path: path!, mode: 'exists' }, expression, handler, depth, entering);
  };
  return dominatedBy(
    node,
    handler.fn,
    (test, truthy) => neverGives(test, truthy),
    (statement) => statement.type === AST_NODE_TYPES.IfStatement && alwaysExits(statement.consequent) && neverGives(statement.test, false),
  );
}

/**
 * What must exist for a value at `path` to exist: the path without its last fields while the schema
 * says each is always there once its parent is (`myChatMember.from` → `myChatMember`).
 */
function neededAt(path: readonly string[], mode: Requirement['mode']): readonly string[] {
  let needed = path;
  while (mode === 'exists' && needed.length > 0 && describePath(needed)?.optional === false) needed = needed.slice(0, -1);
  return needed;
}

/** `ctx.msg.reply_to_message.from`: the sender of the message the update's message replies to. */
function isRepliedSenderOfMsg(requirement: Requirement): boolean {
  const [base, replied, from, ...rest] = requirement.path;
  return requirement.mode === 'exists' && rest.length === 0 && base === 'msg' && replied === 'reply_to_message' && from === 'from';
}

/**
 * `save(ctx.api, original)` beside `save(ctx.api, ctx.message)`: this call passes the parameter the
 * requirement is read through a value the model does not see as part of the update (a stored or
 * replied-to message, a value of the caller's own). The requirement is about the update, so this
 * call is judged as it would be alone — where the function would be no handler at all. A missing
 * argument or a spread keeps the call unknown.
 */
function passesOwnValue(handler: Handler, requirement: Requirement, call: TSESTree.CallExpression): boolean {
  let parameter = throughParameter(handler, requirement);
  for (const candidate of parameter ? [] : handler.parameters) {
    if (startsWith(requirement.path, candidate.base) && (!parameter || candidate.base.length > parameter.base.length)) parameter = candidate;
  }
  const index = parameter ? handler.fn.params.indexOf(parameter.node) : -1;
  if (index < 0 || call.arguments.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  // An entry of this call for the parameter would have been chosen: none means no context value was seen there.
  return call.arguments[index] !== undefined && !handler.entries.some((entry) => entry.kind === 'call' && entry.call === call && entry.parameter === parameter!.node);
}

/** The context parameter of `handler` the requirement's value comes in through, when known (see `Requirement.parameter`). */
function throughParameter(handler: Handler, requirement: Requirement): Handler['parameters'][number] | undefined {
  return requirement.parameter && handler.parameters.find((candidate) => candidate.node === requirement.parameter);
}

/**
 * `async function react(ctx: Filter<MyContext, ':text'>)` called only as `react(ctx)` from handlers:
 * the type says less than the calls do, so the requirement is safe when it holds at every call that
 * passes the whole context (the handler registered behind a filter that proves the field). So is a
 * step stored in a Telegraf scene's state that the file runs only as `await ctx.wizard.state.handler(ctx)`
 * after `if (ctx.message === undefined) return ctx.scene.leave()`. As for a helper, a call in a `try`
 * whose catch does not rethrow catches the read's TypeError (see `caughtAroundCall`).
 */
function calledSafely(model: FrameworkModel, requirement: Requirement, entry: Exclude<HandlerEntry, { kind: 'call' }>, node: TSESTree.Node, handler: Handler, depth: number, entering: EnteringScenes): boolean {
  const callers = (entry.kind === 'typed' || entry.kind === 'stored') && depth <= 3 ? entry.callers?.() : null;
  return (
    !!callers &&
    callers.every(
      (caller) => (depth === 0 && caughtAroundCall(node, handler.fn, caller.call)) || isSafe(caller.model ?? model, requirement, caller.call, caller.argument.handler, depth + 1, entering),
    )
  );
}

/**
 * The scene entry handlers whose entering calls are being read for a requirement, outermost first
 * (see {@link enteredSafely}); the requirement as `mode:path`.
 */
type EnteringScenes = readonly { readonly fn: FunctionNode; readonly requirement: string }[];

/**
 * A Telegraf scene's entry handler (or a wizard's first step) runs with the update of the call that
 * entered the scene: safe when the requirement holds at every `ctx.scene.enter('<id>')` of the bot
 * project, each in a handler whose every way in is read (see `./scenes.ts`). A call in the entry
 * handler of another scene is read the same way, through that scene's entering calls (bounded by
 * `depth`); a scene met again on the way (`menu`'s entry enters `admin`, whose entry enters `menu`)
 * brings no update its outer entering calls do not, so those calls decide.
 */
function enteredSafely(model: FrameworkModel, requirement: Requirement, entry: Exclude<HandlerEntry, { kind: 'call' }>, handler: Handler, depth: number, entering: EnteringScenes): boolean {
  if (entry.kind !== 'registration') return false;
  const key = `${requirement.mode}:${requirement.path.join('.')}`;
  if (entering.some((scene) => scene.fn === handler.fn && scene.requirement === key)) return true;
  if (depth > 3) return false;
  // A scene entered nowhere in its bot project never runs (e.g. left out of the stage under another name).
  // The registration's own file: a `const` id is resolved there.
  const owner = entry.model ?? model;
  const scene = sceneIdOf(entry.registration, owner);
  if (scene !== null && model.sceneEnterSites(scene)?.length === 0) return true;
  if (requirement.mode !== 'exists') return false;
  // A scene whose id is not read (`new Scenes.BaseScene(id)` of a parameter) is entered by any call that may enter a scene.
  const entered = sceneEntry(entry.registration, handler.fn, model.sourceText, owner);
  const sites = entered === null ? null : model.sceneEnterSites(entered.id);
  const inner = [...entering, { fn: handler.fn, requirement: key }];
  return (
    sites !== null &&
    sites.every((site) =>
      site.handler === null
        ? site.registration !== undefined && entrySafe(site.model, requirement, { kind: 'registration', registration: site.registration, guarantees: site.registration.guarantees })
        : entriesKnown(site.handler) && isSafe(site.model, requirement, site.call, site.handler, depth + 1, inner),
    )
  );
}

function isCallbackData(requirement: Requirement): boolean {
  return requirement.mode === 'exists' && requirement.path.length === 2 && requirement.path[0] === 'callbackQuery' && requirement.path[1] === 'data';
}

/**
 * `photo?.[photo.length - 1]`, `photo?.at(photo.length - 1)`: a key or argument of a chain that goes
 * through `x?.` is evaluated only when `x` exists, so it proves `x` and every part of its path; and
 * `msg?.photo?.[msg.photo.length - 1]` proves `msg` accessible (an InaccessibleMessage has no `photo`).
 */
function insideShortCircuitedChain(model: FrameworkModel, requirement: Requirement, node: TSESTree.Node, handler: Handler): boolean {
  let child = node;
  for (let parent = node.parent; parent && parent !== handler.fn && !isFunction(parent); child = parent, parent = parent.parent) {
    let start: TSESTree.Node;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.computed && parent.property === child) start = parent;
    else if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) start = parent.callee;
    else continue;
    // The links of the chain evaluated before the key or arguments, down to its start.
    for (let link: TSESTree.Node = start; ; ) {
      link = skipTypeWrappers(link);
      if (link.type === AST_NODE_TYPES.MemberExpression || link.type === AST_NODE_TYPES.CallExpression) {
        const object = link.type === AST_NODE_TYPES.MemberExpression ? link.object : link.callee;
        const path = link.optional ? resolveIn(model, object, handler) : null;
        if (path && startsWith(path, requirement.path) && (requirement.mode === 'exists' || readsMessageField(path, requirement))) return true;
        link = object;
      } else break;
    }
  }
  return false;
}

/** `callbackQuery.message` or its chat: what a callback query carries unless it came from inline mode. */
function isMessageOfCallback(requirement: Requirement): boolean {
  const joined = requirement.path.join('.');
  return requirement.mode === 'exists' && (joined === 'callbackQuery.message' || joined === 'callbackQuery.message.chat');
}

/** Whether the read at `node` goes through `callbackQuery?.` in the same chain. */
function throughOptionalQuery(model: FrameworkModel, node: TSESTree.Node, handler: Handler): boolean {
  let current: TSESTree.Node = node;
  for (;;) {
    current = skipTypeWrappers(current);
    if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else if (current.type === AST_NODE_TYPES.MemberExpression) {
      if (current.optional) {
        const path = resolveIn(model, current.object, handler);
        if (path?.length === 1 && path[0] === 'callbackQuery') return true;
      }
      current = current.object;
    } else return false;
  }
}

function baseOf(handler: Handler, parameter: TSESTree.Parameter): readonly string[] | null {
  return handler.parameters.find((candidate) => candidate.node === parameter)?.base ?? null;
}

function entrySafe(model: FrameworkModel, requirement: Requirement, entry: Exclude<HandlerEntry, { kind: 'call' }>): boolean {
  // Only a check proves a message accessible: no registration does.
  if (requirement.mode === 'accessible') return false;
  if (entry.kind === 'registration' && passedFilter(model, requirement, entry.registration)) return true;
  if (entry.kind === 'registration' && outsideChannelsSafe(model, requirement, entry.registration)) return true;
  if (entry.guarantees === null) return !isNeverNarrowed(requirement.path) || messageOfCallbackWithoutInlineMode(model, requirement.path, null);
  if (entry.guarantees.has(requirement.path.join('.'))) return true;
  if (messageOfCallbackWithoutInlineMode(model, requirement.path, entry.guarantees)) return true;
  if (dataOfCallbackWithoutGames(model, requirement.path, entry.guarantees)) return true;
  if (senderOfAllowedUpdates(model, requirement.path, entry.guarantees)) return true;
  if (entry.kind === 'registration' && chatOfReceivableUpdates(model, requirement.path, entry.registration)) return true;
  return entry.kind === 'registration' && (guardedByMiddleware(model, requirement, entry.registration) || guardedBySetup(model, requirement, entry.registration));
}

/**
 * grammY: an update with a sender is no channel post (only channel posts lack `from`), so past a check
 * that proves `ctx.from` (`if (ctx.from?.id !== ADMIN_ID) return`) a handler has what its registration
 * or context type guarantees outside channels: `bot.command(…)`, `hears`, `on('msg:text')` and
 * `CommandContext` get a message. An edit has a sender too: a filter that lets edits in
 * (`on(['message:text', 'edited_message:text'])`) guarantees no `message` there either.
 */
function senderRulesOutChannelPosts(model: FrameworkModel, requirement: Requirement, entry: Exclude<HandlerEntry, { kind: 'call' }>, node: TSESTree.Node, handler: Handler): boolean {
  const required = requirement.path.join('.');
  if (requirement.mode !== 'exists' || required === 'from') return false;
  const outside = entry.kind === 'registration' ? entry.registration.outsideChannels : entry.kind === 'typed' ? entry.outsideChannels : undefined;
  return !!outside?.has(required) && isGuardedAt(model, { path: ['from'], mode: 'exists' }, node, handler);
}

/**
 * grammY: a registration on a composer that channel posts never reach (mounted only below
 * `bot.chatType('supergroup')`, here or in the project files that import it; see `mounts.ts`) has
 * what it guarantees without them: `composer.command(…)` gets a message, with a sender.
 */
function outsideChannelsSafe(model: FrameworkModel, requirement: Requirement, registration: Registration): boolean {
  const outside = registration.outsideChannels;
  const instance = registration.receiver?.instance;
  if (outside === undefined || outside === registration.guarantees || !instance) return false;
  if (outside !== null && !outside.has(requirement.path.join('.'))) return false;
  return !channelPostsReach(model, instance);
}

/** How many chained calls and `const` names a composer's filters are followed through. */
const MAX_FILTER_CHAIN = 8;

/**
 * grammY: a registration on a composer made by `x.filter(predicate)` (or `drop`), anywhere down its
 * chain (`admins.filter((ctx) => !!ctx.msg?.reply_to_message).on(':text').hears(…)`, also through a
 * `const` holding the composer), or `bot.filter(predicate, handler)` itself: its handlers run only
 * when the predicate returned true (`drop`: false). Safe when that return proves the requirement; a
 * predicate is read when it is written inline with one returned expression.
 */
function passedFilter(model: FrameworkModel, requirement: Requirement, registration: Registration): boolean {
  if (registration.framework !== 'grammy') return false;
  const file = model.file();
  let call: TSESTree.Node = registration.call;
  for (let depth = 0; depth < MAX_FILTER_CHAIN; depth++) {
    if (call.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = getPropertyName(callee);
    const predicate = method === 'filter' || method === 'drop' ? call.arguments[0] : undefined;
    if (predicate && predicateProves(model, requirement, predicate, method === 'filter')) return true;
    let receiver = skipTypeWrappers(callee.object);
    if (receiver.type === AST_NODE_TYPES.Identifier && file) receiver = skipTypeWrappers(constInitializer(receiver, file.sourceCode) ?? receiver);
    call = receiver;
  }
  return false;
}

/**
 * Whether a predicate returning `holds` (true or false) proves the requirement of its context: an
 * inline `(ctx) => expression`, or (`holds` true) a function or method it names
 * (`bot.filter(Filters.isReply, Filters.onReply)`) every `return` of which that may give a truthy
 * value sits where its guards prove the requirement (`if (!ctx.message?.reply_to_message) return false; … return true;`).
 */
function predicateProves(model: FrameworkModel, requirement: Requirement, predicate: TSESTree.Node, holds: boolean): boolean {
  let fn = skipTypeWrappers(predicate);
  let owner = model;
  const file = model.file();
  if (!isFunction(fn) && file && (fn.type === AST_NODE_TYPES.Identifier || fn.type === AST_NODE_TYPES.MemberExpression)) {
    const named = referencedFunction(fn, file);
    if (!named) return false;
    fn = named.fn;
    owner = getFrameworkModel(named.file.sourceCode, named.file.filename);
  }
  if (!isFunction(fn)) return false;
  const handler = owner.getHandler(fn);
  if (!handler || handler.parameters[0]?.node !== fn.params[0] || handler.parameters[0]?.base.length !== 0) return false;
  let returned: TSESTree.Node | null | undefined = fn.body;
  if (returned.type === AST_NODE_TYPES.BlockStatement) {
    const only = returned.body.length === 1 ? returned.body[0] : undefined;
    returned = only?.type === AST_NODE_TYPES.ReturnStatement ? only.argument : null;
  }
  if (returned) return implies(owner, returned, requirement, holds, handler);
  return holds && fn.body.type === AST_NODE_TYPES.BlockStatement && everyTruthyReturnProves(owner, requirement, fn.body, handler);
}

/** Whether each `return` of a function body that may give a truthy value is proven to have the requirement (by its guards, or its value). */
function everyTruthyReturnProves(model: FrameworkModel, requirement: Requirement, body: TSESTree.BlockStatement, handler: Handler): boolean {
  const returns: TSESTree.ReturnStatement[] = [];
  someInSameFunction(body, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) returns.push(node);
    return false;
  });
  const falsy = (value: TSESTree.Node | null): boolean => {
    const literal = value ? skipTypeWrappers(value) : null;
    return literal === null || (literal.type === AST_NODE_TYPES.Literal && !literal.value) || (literal.type === AST_NODE_TYPES.Identifier && literal.name === 'undefined');
  };
  const truthy = returns.filter((statement) => !falsy(statement.argument));
  return truthy.length > 0 && truthy.every((statement) => isGuardedAt(model, requirement, statement, handler) || (statement.argument !== null && implies(model, statement.argument, requirement, true, handler)));
}

/** Paths that hold the message a callback button is attached to, or its chat. */
const CALLBACK_MESSAGE_PATHS = new Set(['callbackQuery.message', 'callbackQuery.message.chat', 'msg', 'msg.chat', 'chat']);

/**
 * `callback_query.message` is absent only for buttons under messages sent in inline mode. A file
 * that handles no inline queries gives no sign of inline mode, so there the message (possibly
 * inaccessible, which still has `chat` and `message_id`) is taken to exist.
 */
function messageOfCallbackWithoutInlineMode(model: FrameworkModel, path: readonly string[], guarantees: ReadonlySet<string> | null): boolean {
  const joined = path.join('.');
  if (!CALLBACK_MESSAGE_PATHS.has(joined)) return false;
  if (guarantees ? !guarantees.has('callbackQuery') : joined !== 'callbackQuery.message') return false;
  return !model.usesInlineMode();
}

/**
 * `callback_query.data` is absent only in game callback queries (`game_short_name`), which need a
 * game the bot sends. A bot project none of whose files mentions games gives no sign of them.
 */
function dataOfCallbackWithoutGames(model: FrameworkModel, path: readonly string[], guarantees: ReadonlySet<string>): boolean {
  return path.length === 2 && path[0] === 'callbackQuery' && path[1] === 'data' && guarantees.has('callbackQuery') && !model.sendsGames();
}

/**
 * `ctx.from` when the bot's `allowed_updates` leave no update without a sender among those the
 * handler can get: a grammY `bot.command` (a message or a channel post) in a bot that never asks
 * for `channel_post`, or any handler when every allowed update has a sender.
 */
function senderOfAllowedUpdates(model: FrameworkModel, path: readonly string[], guarantees: ReadonlySet<string>): boolean {
  if (path.length !== 1 || path[0] !== 'from') return false;
  const allowed = model.allowedUpdates();
  if (!allowed) return false;
  const messageOnly = guarantees.has('msg');
  return [...allowed].every((update) => SENDER_UPDATES.has(update) || (messageOnly && !MESSAGE_UPDATES.has(update)));
}

/**
 * `ctx.chat` in middleware every update reaches (`bot.use`): every update the bot can receive (see
 * `receivableUpdates`) carries a chat its framework's context reads — a callback query's only
 * without inline mode.
 */
function chatOfReceivableUpdates(model: FrameworkModel, path: readonly string[], registration: Registration): boolean {
  if (path.length !== 1 || path[0] !== 'chat') return false;
  const updates = model.receivableUpdates();
  if (!updates) return false;
  const withChat = CONTEXT_CHAT_UPDATES[registration.framework];
  return [...updates].every((update) => withChat.has(update) || (update === 'callback_query' && !model.usesInlineMode()));
}

/**
 * `bot.command('admins', adminCheck, adminsList)` where `adminCheck` reads `ctx.from.id` before it
 * calls `next` (had the sender been missing, that read threw first; the earlier read is the one
 * reported), returns early without it, or calls `next` only where its guards prove it
 * (`bot.action('join', mw, handler)` with `if (callbackQuery && callbackQuery.message) next();` in
 * `mw`): see `middlewareGuards`. grammY and Telegraf run the handlers of one registration in order,
 * each only through the `next` of the one before, and pass one context down the chain.
 */
function readByEarlierHandler(requirement: Requirement, entry: Exclude<HandlerEntry, { kind: 'call' }>, handler: Handler): boolean {
  if (entry.kind !== 'registration' || !entry.earlier || handler.framework === 'ntba' || handler.parameters[0]?.base.length !== 0) return false;
  return entry.earlier.some((earlier) => earlier !== null && middlewareGuards(earlier.model, requirement, earlier.fn));
}

/**
 * Whether a middleware (`(ctx, next) => { … }`) always reads through the required value before any
 * statement that mentions `next`, or in the test of the `if` that does: it throws there when the
 * value is missing, and nothing after it runs.
 */
function readBeforeNext(model: FrameworkModel, requirement: Requirement, fn: FunctionNode): boolean {
  const next = fn.params[1];
  if (requirement.mode !== 'exists' || fn.body.type !== AST_NODE_TYPES.BlockStatement || next?.type !== AST_NODE_TYPES.Identifier) return false;
  const handler = model.getHandler(fn);
  if (!handler) return false;
  for (const statement of fn.body.body) {
    if (mentionsName(statement, next.name)) {
      // `if (ctx.from.id === ADMIN) next();`: the test runs before either branch.
      return statement.type === AST_NODE_TYPES.IfStatement && !mentionsName(statement.test, next.name) && dereferencesUnconditionally(model, statement.test, requirement, handler);
    }
    if (dereferencesUnconditionally(model, statement, requirement, handler)) return true;
  }
  return false;
}

function mentionsName(code: TSESTree.Node, name: string): boolean {
  return someInSameFunction(code, (node) => node.type === AST_NODE_TYPES.Identifier && node.name === name, { enterFunctions: true });
}

/**
 * An earlier `x.use(mw)` on the same receiver whose middleware returns early unless the path exists,
 * or reads through it before `next` (see `readBeforeNext`): written in the file, or a function of
 * another project file it imports (`bot.use(checkForward)` with `const { checkForward } = require('./utils')`).
 */
function guardedByMiddleware(model: FrameworkModel, requirement: Requirement, registration: Registration): boolean {
  const receiver = receiverText(registration.call);
  if (receiver === null) return false;
  const file = model.file();
  return model.registrations.some((use) => {
    if (use.method !== 'use' || use.call.range[0] >= registration.call.range[0] || receiverText(use.call) !== receiver) return false;
    return use.handlers.some((argument) => {
      if (argument.fn !== null) return middlewareGuards(model, requirement, argument.fn);
      const used = file ? usedFunction(argument.node, file) : null;
      return used !== null && middlewareGuards(getFrameworkModel(used.file.sourceCode, used.file.filename), requirement, used.fn);
    });
  });
}

/** The function a middleware argument is (`bot.use(mw)`): inline, declared in `file`, or imported from a project file; null otherwise. */
function usedFunction(argument: TSESTree.Node, file: FileRef): CalledFunction | null {
  const inline = functionOf(argument, file.sourceCode);
  if (inline) return { fn: inline, file, external: false };
  const value = skipTypeWrappers(argument);
  return value.type === AST_NODE_TYPES.Identifier || value.type === AST_NODE_TYPES.MemberExpression ? referencedFunction(value, file) : null;
}

/**
 * Whether a middleware never calls `next` without the required value: a statement before the first
 * that mentions `next` returns unless it exists (`if (!ctx.from) return; await next();`, not
 * `if (!ctx.from) return next();`), or reads through it (see `readBeforeNext`).
 */
function middlewareGuards(model: FrameworkModel, requirement: Requirement, fn: FunctionNode): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const handler = model.getHandler(fn);
  if (!handler) return false;
  const next = fn.params[1];
  for (const statement of fn.body.body) {
    if (next?.type === AST_NODE_TYPES.Identifier && mentionsName(statement, next.name)) break;
    if (exitsUnless(model, statement, requirement, handler)) return true;
  }
  return readBeforeNext(model, requirement, fn) || nextOnlyWhereProven(model, requirement, fn, handler);
}

/**
 * `bot.use(async (ctx, next) => { if (ctx.chat?.type === 'private') { …; return next(); } … })`: every
 * use of `next` is a call where a guard of the middleware proves the value (see `isGuardedAt`), so
 * the middleware after it never runs without one. `next` handed on as a value, or assigned, may be
 * called anywhere: no proof.
 */
function nextOnlyWhereProven(model: FrameworkModel, requirement: Requirement, fn: FunctionNode, handler: Handler): boolean {
  const next = fn.params[1];
  if (next?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(model.scopeOf(next), next.name);
  if (!variable || variable.references.length === 0) return false;
  const outer = callGuards.opaque;
  callGuards.opaque = false;
  try {
    return variable.references.every((reference) => {
      const use = reference.identifier;
      const call = use.parent;
      return reference.isReadOnly() && call?.type === AST_NODE_TYPES.CallExpression && call.callee === use && isGuardedAt(model, requirement, call, handler);
    });
  } finally {
    callGuards.opaque = outer;
  }
}

/** How many setup functions are followed on either side (`createHandlers(bot)` → `adminHandler(bot)`). */
const MAX_SETUP_DEPTH = 4;

/**
 * A registration on the parameter of a setup function (`export const adminHandler = (bot) => {
 * bot.command(…) }`) every call of which, in the bot project, comes after a statement of the same
 * block that installs a guarding middleware (see `middlewareGuards`) on the same bot — `bot.use(mw)`,
 * or a call handing the bot to a function that does so in its own straight-line statements — or
 * comes, in a function that got the bot as a parameter, after such a statement at each of its calls:
 * `createGuards(bot); createHandlers(bot);` in the entry.
 */
function guardedBySetup(model: FrameworkModel, requirement: Requirement, registration: Registration): boolean {
  const file = model.file();
  const callee = skipTypeWrappers(registration.call.callee);
  if (!file || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = fixedParameter(callee.object, file);
  return receiver !== null && everyCallGuardedFirst(receiver.fn, receiver.index, file, requirement, 0);
}

/** The function and position of the parameter an expression names, never assigned; null otherwise. */
function fixedParameter(node: TSESTree.Node, file: FileRef): { fn: FunctionNode; index: number } | null {
  const value = skipTypeWrappers(node);
  const variable = value.type === AST_NODE_TYPES.Identifier ? resolveVariable(value, file.sourceCode) : null;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== TSESLint.Scope.DefinitionType.Parameter || writeReferences(variable).length > 0 || !isFunction(def.node)) return null;
  const fn = def.node;
  const index = fn.params.indexOf(def.name);
  return index === -1 ? null : { fn, index };
}

function everyCallGuardedFirst(fn: FunctionNode, index: number, file: FileRef, requirement: Requirement, depth: number): boolean {
  const calls = depth > MAX_SETUP_DEPTH ? null : projectCallsOf(fn, file);
  return calls !== null && calls.length > 0 && calls.every((use) => guardInstalledBefore(use.call, index, use.file, requirement, depth));
}

/** Whether a guard is on the bot passed as argument `index` before `call` runs (see `guardedBySetup`). */
function guardInstalledBefore(call: TSESTree.CallExpression, index: number, file: FileRef, requirement: Requirement, depth: number): boolean {
  const argument = call.arguments[index];
  const statement = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent.parent : call.parent;
  const block = statement?.parent;
  if (argument?.type !== AST_NODE_TYPES.Identifier || statement?.type !== AST_NODE_TYPES.ExpressionStatement || !block) return false;
  if (block.type !== AST_NODE_TYPES.Program && !(block.type === AST_NODE_TYPES.BlockStatement && isFunction(block.parent))) return false;
  const variable = resolveVariable(argument, file.sourceCode);
  // The same bot at both statements: a `const`, or a parameter never assigned.
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const outer = fixedParameter(argument, file);
  if (!(def?.type === TSESLint.Scope.DefinitionType.Variable && def.parent.kind === 'const') && outer === null) return false;
  for (const earlier of block.body) {
    if (earlier === statement) break;
    if (installsGuard(earlier, argument.name, file, requirement, depth)) return true;
  }
  return outer !== null && outer.fn === block.parent && everyCallGuardedFirst(outer.fn, outer.index, file, requirement, depth + 1);
}

/** Whether a statement installs a guarding middleware on the bot `name` holds: `bot.use(mw)`, or `setupGuards(bot)` whose statements do. */
function installsGuard(statement: TSESTree.Node, name: string, file: FileRef, requirement: Requirement, depth: number): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = skipTypeWrappers(statement.expression);
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(expression.argument) : expression;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const isBot = (node: TSESTree.Node): boolean => {
    const value = skipTypeWrappers(node);
    return value.type === AST_NODE_TYPES.Identifier && value.name === name;
  };
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && isBot(callee.object)) {
    return getPropertyName(callee) === 'use' && call.arguments.some((argument) => {
      const used = usedFunction(argument, file);
      return used !== null && middlewareGuards(getFrameworkModel(used.file.sourceCode, used.file.filename), requirement, used.fn);
    });
  }
  const index = call.arguments.findIndex(isBot);
  const called = index === -1 || depth >= MAX_SETUP_DEPTH ? null : calledFunction(call, file);
  const param = called?.fn.params[index];
  if (!called || param?.type !== AST_NODE_TYPES.Identifier || called.fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  for (const inner of called.fn.body.body) {
    if (installsGuard(inner, param.name, called.file, requirement, depth + 1)) return true;
    // A statement that may return first (`if (x) return;`) leaves the rest conditional.
    if (inner.type !== AST_NODE_TYPES.ExpressionStatement && inner.type !== AST_NODE_TYPES.VariableDeclaration && inner.type !== AST_NODE_TYPES.FunctionDeclaration) return false;
  }
  return false;
}

function receiverText(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(callee.object);
  if (object.type === AST_NODE_TYPES.Identifier) return object.name;
  if (object.type === AST_NODE_TYPES.MemberExpression && object.object.type === AST_NODE_TYPES.ThisExpression) {
    return `this.${getPropertyName(object) ?? ''}`;
  }
  return null;
}

/**
 * Walks from `node` up to `stop` (a handler's function), offering every condition that holds where
 * `node` runs: an `if`/`?:` test (truthy in the consequent, falsy in the alternate, with the `if`
 * itself as `parent`), the left side of `&&` (truthy) or `||` (falsy), a loop's test; and, to
 * `earlier`, a switch's discriminant (it ran before every case) and each statement before `node` in
 * an enclosing block. True as soon as `holds` or `earlier` says so.
 */
function dominatedBy(
  node: TSESTree.Node,
  stop: TSESTree.Node,
  holds: (test: TSESTree.Expression, truthy: boolean, parent: TSESTree.Node) => boolean,
  earlier: (statement: TSESTree.Node) => boolean,
): boolean {
  let child: TSESTree.Node = node;
  let parent = node.parent;
  while (parent && child !== stop) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child === parent.consequent && holds(parent.test, true, parent)) return true;
        if (child === parent.alternate && holds(parent.test, false, parent)) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === parent.right && parent.operator !== '??' && holds(parent.left, parent.operator === '&&', parent)) return true;
        break;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.ForStatement:
        if (child === parent.body && parent.test && holds(parent.test, true, parent)) return true;
        break;
      // `switch (ctx.message.text.trim()) { case …: ctx.message.text… }`: the discriminant ran before every case.
      case AST_NODE_TYPES.SwitchStatement:
        if (child !== parent.discriminant && earlier(parent.discriminant)) return true;
        break;
      case AST_NODE_TYPES.SwitchCase: {
        // The tests of the cases above run first, in order, until one matches; the first runs before
        // any case's statements. A case's own statements run after its test, never before it.
        const tests = parent.parent.cases.flatMap((entry) => (entry.test ? [entry.test] : []));
        if (child === parent.test) {
          if (tests.slice(0, tests.indexOf(parent.test)).some(earlier)) return true;
          break;
        }
        for (const statement of parent.consequent) {
          if (statement === child) break;
          if (earlier(statement)) return true;
        }
        // `switch (true) { case Boolean(x): … }`: the case runs only when its test (or a test of a case falling into it) was true.
        const entered = caseCondition(parent);
        if (entered && holds(entered, true, parent)) return true;
        if (tests[0] && earlier(tests[0])) return true;
        break;
      }
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.Program:
      case AST_NODE_TYPES.StaticBlock:
        for (const statement of parent.body) {
          if (statement === child) break;
          if (earlier(statement)) return true;
        }
        break;
      default:
        // `f(doc!.chat.id, doc!.message_id)`: the parts of an expression evaluated before this one.
        if (someEvaluatedBefore(parent, child, earlier)) return true;
        break;
    }
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/** `switch (true)`: each case runs when its test is `true`, as an `if` runs its consequent. */
function isSwitchOnTrue(statement: TSESTree.SwitchStatement): boolean {
  const discriminant = skipTypeWrappers(statement.discriminant);
  return discriminant.type === AST_NODE_TYPES.Literal && discriminant.value === true;
}

/**
 * What holds when the statements of a case of `switch (true)` run: its test was true, or the test of
 * a case above it that falls into it (`case a: case b:`, or statements that may end without leaving
 * the switch) — `a || b`. Null for another switch, or when `default` falls into it (no test holds there).
 */
function caseCondition(entry: TSESTree.SwitchCase): TSESTree.Expression | null {
  const statement = entry.parent;
  if (!isSwitchOnTrue(statement)) return null;
  const index = statement.cases.indexOf(entry);
  let condition: TSESTree.Expression | null = null;
  for (let at = index; at >= 0; at--) {
    const current = statement.cases[at]!;
    if (current.test === null) return null;
    // The earliest test of the run is evaluated on every way in, so it goes on the left.
    condition = condition === null ? current.test : disjunction(current.test, condition);
    const above = statement.cases[at - 1];
    if (!above || above.consequent.some((inner) => alwaysExits(inner))) break;
  }
  return condition;
}

/** `left || right` built for {@link implies}, which reads only the operator and the two operands. */
function disjunction(left: TSESTree.Expression, right: TSESTree.Expression): TSESTree.LogicalExpression {
  const node = { type: AST_NODE_TYPES.LogicalExpression, operator: '||', left, right, range: [left.range[0], right.range[1]], loc: { start: left.loc.start, end: right.loc.end } };
  return node as unknown as TSESTree.LogicalExpression;
}

/**
 * Whether a guard dominates `node` inside the handler's function. Every guard form reads the
 * requirement through {@link resolveIn}, which only accepts paths of `handler`; such paths start at a
 * parameter of `handler.fn` or at a variable declared inside it, so no code outside `handler.fn` can
 * guard the read. Stopping there keeps N top-level handlers linear instead of re-scanning every
 * earlier top-level statement for each read.
 */
function isGuardedAt(model: FrameworkModel, requirement: Requirement, node: TSESTree.Node, handler: Handler): boolean {
  const exists = requirement.mode === 'exists';
  const readUnder = new Map<string, Set<boolean>>();
  const hoisted = declaredFunctionBetween(node, handler.fn);
  // The values a test nearer to `node` proved falsy there (the walk goes outwards).
  const falsy = new Set<string>();
  // `msg.photo[msg.photo.length - 1]` asked at the outer read: its key is evaluated before the object is
  // read through, so a key that reads through the value threw first (the key's read is the one reported).
  const keyReadFirst = node.type === AST_NODE_TYPES.MemberExpression && node.computed && dereferencesUnconditionally(model, node.property, requirement, handler);
  return keyReadFirst || dominatedBy(
    node,
    handler.fn,
    (test, truthy, parent) => {
      const held =
        implies(model, test, requirement, truthy, handler) ||
        // `x = ctx.message.text === 'no' ? null : ctx.message.text`: the test ran first and read through it.
        dereferencesUnconditionally(model, test, requirement, handler) ||
        readByEveryOperand(model, test, truthy, requirement, handler) ||
        (truthy && otherOperandsFalsy(model, test, requirement, handler, falsy)) ||
        (!truthy && parent.type === AST_NODE_TYPES.IfStatement && otherOfTwo(model, parent, requirement, handler)) ||
        (!truthy && readWhereHeld(model, test, requirement, handler, node));
      if (!held) noteFalsy(test, truthy, falsy);
      return held;
    },
    (statement) =>
      !isLeaf(statement) &&
      (exitsUnless(model, statement, requirement, handler) ||
      // Code after an unconditional `return`/`throw` (or a call that never returns) never runs.
      (!hoisted && exits(model, statement)) ||
      dereferencesUnconditionally(model, statement, requirement, handler) ||
      (exists && readUnderBothOutcomes(model, statement, requirement, handler, readUnder)) ||
      (exists && assignsValue(model, statement, requirement, handler)) ||
      (statement.type === AST_NODE_TYPES.IfStatement && readWhereHeld(model, statement.test, requirement, handler, node))),
  );
}

/**
 * A name, a literal or `this`: a part evaluated before a read (`'Hi'` and `String` in
 * `ctx.reply('Hi', String(ctx.from.id))`) that has no part of its own, so it neither exits nor reads
 * through anything. Passed over before any guard question is asked about it (a fifth of the
 * questions a read asks about the parts before it, on generated bots).
 */
function isLeaf(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.ThisExpression;
}

/**
 * `if (post.video || post.photo) { if (post.photo) … else post.video.file_id }`: an `||` test held and
 * a test nearer to the read proved each operand but the ones that prove the requirement falsy
 * (`falsy`, paths such as `ctx.update.channel_post.photo`). Only plain member paths count, by name.
 */
function otherOperandsFalsy(model: FrameworkModel, test: TSESTree.Expression, requirement: Requirement, handler: Handler, falsy: ReadonlySet<string>): boolean {
  if (falsy.size === 0) return false;
  const parts = logicalOperands(skipTypeWrappers(test), '||');
  if (parts.length < 2) return false;
  let eliminated = false;
  for (const part of parts) {
    const path = getMemberPath(part);
    if (path && falsy.has(path.join('.'))) eliminated = true;
    else if (!implies(model, part, requirement, true, handler)) return false;
  }
  return eliminated;
}

/** Notes the plain member paths a test holding `truthy` proves falsy: `!x` held, `x` failed, each operand of a failed `||` or of a held `&&`. */
function noteFalsy(test: TSESTree.Node, truthy: boolean, falsy: Set<string>): void {
  const expression = skipTypeWrappers(test);
  const inner = negated(expression);
  if (inner) return noteFalsy(inner, !truthy, falsy);
  const parts = logicalOperands(expression, truthy ? '&&' : '||');
  if (parts.length > 1) {
    for (const part of parts) noteFalsy(part, truthy, falsy);
    return;
  }
  const path = truthy ? null : getMemberPath(expression);
  if (path) falsy.add(path.join('.'));
}

/**
 * `if (waiting && !ctx.message.text.startsWith('/')) { ctx.message.text.trim() }`: where an `&&` test
 * held (or an `||` test failed) every operand ran, so one that read through the value unconditionally
 * threw first had it been missing; that read is the one reported. `?.` in the operand, or the other
 * outcome (an `&&` test may have stopped before its read), proves nothing.
 */
function readByEveryOperand(model: FrameworkModel, test: TSESTree.Expression, truthy: boolean, requirement: Requirement, handler: Handler): boolean {
  const parts = logicalOperands(skipTypeWrappers(test), truthy ? '&&' : '||');
  return parts.length > 1 && parts.some((part) => dereferencesUnconditionally(model, part, requirement, handler));
}

/**
 * `if (step === 1 && ctx.message.text === 'a') … else if ([1, 2].includes(step) && ctx.message.text === 'b') …`:
 * a test that ran before `node` (failed, or an earlier `if` statement) read through the value
 * wherever its parts before the read were true, and they were (see `heldBefore`): the tests that
 * hold where `node` runs imply them. Had the value been missing, that read threw first; it is the one
 * reported.
 */
function readWhereHeld(model: FrameworkModel, test: TSESTree.Node, requirement: Requirement, handler: Handler, node: TSESTree.Node): boolean {
  const parts = logicalOperands(skipTypeWrappers(test), '&&');
  for (let index = 1; index < parts.length; index++) {
    if (dereferencesUnconditionally(model, parts[index]!, requirement, handler) && parts.slice(0, index).every((part) => heldBefore(part, node))) return true;
  }
  return false;
}

/**
 * Whether one of the parts of an expression JavaScript always evaluates before `child` passes
 * `test`, asked left to right: the callee and earlier arguments of a call, the left operand, earlier
 * elements of an array, earlier parts of a template literal. None for other parents (conditional
 * parts are the tests' business). Asked for every expression on the way up from each read, so it
 * builds no list.
 */
function someEvaluatedBefore(parent: TSESTree.Node, child: TSESTree.Node, test: (part: TSESTree.Node) => boolean): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      const index = (parent.arguments as readonly TSESTree.Node[]).indexOf(child);
      if (index < 0 || parent.callee === child) return false;
      return test(parent.callee) || someBefore(parent.arguments, index, test);
    }
    case AST_NODE_TYPES.BinaryExpression:
      return child === parent.right && child !== parent.left && test(parent.left);
    case AST_NODE_TYPES.ArrayExpression:
      return someBefore(parent.elements, parent.elements.indexOf(child as TSESTree.Expression), test);
    case AST_NODE_TYPES.TemplateLiteral:
      return someBefore(parent.expressions, parent.expressions.indexOf(child as TSESTree.Expression), test);
    default:
      return false;
  }
}

/** Whether an item of `list` before `end` (holes skipped) passes `test`, in order. */
function someBefore(list: readonly (TSESTree.Node | null)[], end: number, test: (part: TSESTree.Node) => boolean): boolean {
  for (let i = 0; i < end; i++) {
    const part = list[i];
    if (part && test(part)) return true;
  }
  return false;
}

/** Whether a function declaration (hoisted: callable before the statements around it) lies between `node` and `stop`. */
function declaredFunctionBetween(node: TSESTree.Node, stop: TSESTree.Node): boolean {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return true;
  }
  return false;
}

/** {@link exits}' answers: a statement's own fact, asked again by every read after it in its block. */
const exitingStatements = new WeakMap<TSESTree.Node, boolean>();

/**
 * Whether code after `statement` never runs: an unconditional exit or a call that never returns.
 * Memoised per statement (a pure memo: it reads only the statement and its file's scopes).
 */
function exits(model: FrameworkModel, statement: TSESTree.Node): boolean {
  let answer = exitingStatements.get(statement);
  if (answer === undefined) {
    guardWork.exitsChecked++;
    answer = unconditionalExit(statement) || callsNeverReturning(model, statement);
    exitingStatements.set(statement, answer);
  }
  return answer;
}

/**
 * `return;`, `throw e;`, `break;`, an `if` whose two branches exit, `process.exit(1)`. A call is
 * taken by its full path only: `ctx.conversation.exit()` (grammY conversations) returns.
 */
function unconditionalExit(statement: TSESTree.Node): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return alwaysExits(statement as TSESTree.Statement);
  const call = skipTypeWrappers(statement.expression);
  return call.type === AST_NODE_TYPES.CallExpression && /^process\.(?:exit|abort)$/.test(getMemberPath(call.callee)?.join('.') ?? '');
}

/** `fail('disabled');`, `await fail(…)`: a call of a function of this file whose every path throws. */
function callsNeverReturning(model: FrameworkModel, statement: TSESTree.Node): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = skipTypeWrappers(statement.expression);
  const call = expression.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(expression.argument) : expression;
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(model.scopeOf(callee), callee.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  let fn: TSESTree.Node | null = null;
  if (def?.node.type === AST_NODE_TYPES.FunctionDeclaration) fn = def.node;
  else if (def?.node.type === AST_NODE_TYPES.VariableDeclarator && def.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.parent.kind === 'const' && def.node.init) {
    fn = skipTypeWrappers(def.node.init);
  }
  // An `async` one only rejects: the caller throws only where it awaits the call.
  return fn !== null && isFunction(fn) && (!fn.async || call !== expression) && neverReturns(fn);
}

/**
 * `bot.on(['photo', 'video', 'animation'], …)` with `if ('photo' in ctx.message) … else if ('video'
 * in ctx.message) … else ctx.message.animation`: the `in` tests that were false on the way to `node`
 * (an `else`, or an earlier `if (…) return`) rule out the filters whose message has that field; the
 * read is safe when every filter left guarantees it. Only for handlers every way into which is such
 * a registration.
 */
function leftByEliminatedFilters(model: FrameworkModel, requirement: Requirement, node: TSESTree.Node, handler: Handler): boolean {
  if (requirement.mode !== 'exists' || handler.entries.length === 0) return false;
  // `bot.on([…], h)`, or `h(ctx: Filter<C, 'a' | 'b'>)`: the filters one of which let the update in.
  const registrations = handler.entries.map((entry) => {
    if (entry.kind === 'registration' && entry.registration.method === 'on') return entry.registration;
    return entry.kind === 'typed' && entry.filters ? { framework: handler.framework, filters: entry.filters } : null;
  });
  if (registrations.some((registration) => registration?.filters == null)) return false;
  const absent = new Set<string>();
  const collect = (test: TSESTree.Node, truthy: boolean): void => {
    const expression = skipTypeWrappers(test);
    if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!') collect(expression.argument, !truthy);
    else if (expression.type === AST_NODE_TYPES.LogicalExpression && expression.operator === '||' && !truthy) {
      collect(expression.left, false);
      collect(expression.right, false);
    } else if (expression.type === AST_NODE_TYPES.BinaryExpression && expression.operator === 'in' && !truthy) {
      const left = skipTypeWrappers(expression.left);
      const object = resolveIn(model, expression.right, handler);
      if (object && left.type === AST_NODE_TYPES.Literal && typeof left.value === 'string') absent.add([...object, left.value].join('.'));
    } else if (!truthy && (expression.type === AST_NODE_TYPES.MemberExpression || expression.type === AST_NODE_TYPES.Identifier)) {
      // `ctx.chatMember ? … : ctx.msg.left_chat_member`: a context value that tested falsy is absent.
      const value = resolveIn(model, expression, handler);
      if (value && value.length > 0) absent.add(value.join('.'));
    }
  };
  dominatedBy(
    node,
    handler.fn,
    (test, truthy) => {
      collect(test, truthy);
      return false;
    },
    (statement) => {
      if (statement.type === AST_NODE_TYPES.IfStatement && alwaysExits(statement.consequent)) collect(statement.test, false);
      return false;
    },
  );
  if (absent.size === 0) return false;
  const required = requirement.path.join('.');
  return registrations.every((registration) => {
    const alternatives = filterAlternatives(registration!.framework, registration!.filters!);
    if (alternatives === null) return false;
    // A filter left must guarantee the value, or lack its parent altogether (that read is checked on its own).
    return alternatives.every(
      (paths) => [...absent].some((path) => paths.has(path)) || paths.has(required) || (requirement.path.length > 1 && !paths.has(requirement.path[0]!)),
    );
  });
}

/**
 * `if (known && ctx.message.text === '/x') return …; if (!known && ctx.message.text === '/x') return …;`:
 * one of two earlier tests read through the value whatever `known` (a variable written once) was.
 * `readUnder` collects, per condition, the outcomes under which an earlier test read it.
 */
function readUnderBothOutcomes(
  model: FrameworkModel,
  statement: TSESTree.Node,
  requirement: Requirement,
  handler: Handler,
  readUnder: Map<string, Set<boolean>>,
): boolean {
  if (statement.type !== AST_NODE_TYPES.IfStatement) return false;
  const test = skipTypeWrappers(statement.test);
  if (test.type !== AST_NODE_TYPES.LogicalExpression || test.operator !== '&&') return false;
  if (!dereferencesUnconditionally(model, test.right, requirement, handler)) return false;
  const condition = negated(test.left);
  const variable = skipTypeWrappers(condition ?? test.left);
  if (variable.type !== AST_NODE_TYPES.Identifier || !writtenOnce(model, variable)) return false;
  const outcomes = readUnder.get(variable.name) ?? new Set<boolean>();
  outcomes.add(condition === null);
  readUnder.set(variable.name, outcomes);
  return outcomes.size === 2;
}

function writtenOnce(model: FrameworkModel, identifier: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(model.scopeOf(identifier), identifier.name);
  return variable !== null && variable.defs.length === 1 && writeReferences(variable).length === 1;
}

/** What a user sends to an input step: a message without it (a photo to a text step) throws there. */
const INPUT_CONTENT = new Set(['text', 'caption', 'entities', 'caption_entities', 'photo', 'document', 'video', 'voice', 'audio', 'sticker', 'animation', 'contact', 'location']);

const MESSAGE_KINDS: ReadonlySet<string> = new Set(['message', 'userMessage']);

function isInputContent(requirement: Requirement): boolean {
  const last = requirement.path[requirement.path.length - 1];
  return requirement.mode === 'exists' && requirement.path.length >= 2 && last !== undefined && INPUT_CONTENT.has(last) && MESSAGE_KINDS.has(describePath(requirement.path.slice(0, -1))?.kind ?? '');
}

/**
 * An admin-only input step: the read runs only after a test that the sender is an admin, in the
 * handler (`if (ctx.from.id !== ADMIN_ID) return;`, `if (state === 'x' && ctx.user.role === 'admin')`,
 * `if (isAdmin(ctx))`). With an error handler on the bot (see `isSafe`), an admin who sends a photo
 * to a text step gets a logged error, not a crash: reviewers judged those reports harmless.
 */
function adminGated(model: FrameworkModel, node: TSESTree.Node, handler: Handler): boolean {
  const context = adminContext(model, handler);
  return dominatedBy(
    node,
    handler.fn,
    (test, truthy) => adminTest(test, truthy, context),
    (statement) => statement.type === AST_NODE_TYPES.IfStatement && alwaysExits(statement.consequent) && adminTest(statement.test, false, context),
  );
}

/** What the framework model adds to the shared admin test: the sender's id through context paths, `const`s by scope. */
function adminContext(model: FrameworkModel, handler: Handler): AdminContext {
  return {
    holdsId: (node) => resolveIn(model, node, handler)?.includes('from') === true,
    constInit: (identifier) => {
      const variable = ASTUtils.findVariable(model.scopeOf(identifier), identifier.name);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return null;
      return def.node.id === def.name ? def.node.init : null;
    },
  };
}

/**
 * `if (!photo && !video) return; … if (photo) { … } else { video.file_id }`: an earlier exit
 * leaves one of two values, and the `else` of a test of the first leaves the second.
 */
function otherOfTwo(model: FrameworkModel, statement: TSESTree.IfStatement, requirement: Requirement, handler: Handler): boolean {
  const tested = model.sourceText.slice(...skipTypeWrappers(statement.test).range);
  const earlierStatements: TSESTree.Node[] = [];
  // The blocks around the `if` up to the handler (`try { … }` bodies included), nearest first.
  let child: TSESTree.Node = statement;
  while (child.parent && child !== handler.fn && !isFunction(child)) {
    const block: TSESTree.Node = child.parent;
    if (block.type === AST_NODE_TYPES.BlockStatement || block.type === AST_NODE_TYPES.Program) {
      for (const earlier of block.body) {
        if (earlier === child) break;
        earlierStatements.push(earlier);
      }
    }
    child = block;
  }
  for (const earlier of earlierStatements) {
    if (earlier.type !== AST_NODE_TYPES.IfStatement || !alwaysExits(earlier.consequent)) continue;
    const test = skipTypeWrappers(earlier.test);
    if (test.type !== AST_NODE_TYPES.LogicalExpression || test.operator !== '&&') continue;
    const [left, right] = [negated(test.left), negated(test.right)];
    if (!left || !right) continue;
    const leftText = model.sourceText.slice(...left.range);
    const rightText = model.sourceText.slice(...right.range);
    if (leftText === tested && implies(model, right, requirement, true, handler)) return true;
    if (rightText === tested && implies(model, left, requirement, true, handler)) return true;
  }
  return false;
}

/** `!x` gives `x`. */
function negated(node: TSESTree.Node): TSESTree.Node | null {
  const expression = skipTypeWrappers(node);
  return expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!' ? skipTypeWrappers(expression.argument) : null;
}

/** `if (!x) return;`, `if (!x) { …; throw e; }`, `assert(x)`, `x || throwError()`-free forms, a `switch` every way out of which proves it. */
function exitsUnless(model: FrameworkModel, statement: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  if (statement.type === AST_NODE_TYPES.SwitchStatement) return switchLeavesOnlyWith(model, statement, requirement, handler);
  if (statement.type === AST_NODE_TYPES.IfStatement) {
    if (alwaysExits(statement.consequent) && implies(model, statement.test, requirement, false, handler)) return true;
    return statement.alternate !== null && alwaysExits(statement.alternate) && implies(model, statement.test, requirement, true, handler);
  }
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
    const expression = skipTypeWrappers(statement.expression);
    const call = expression.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(expression.argument) : expression;
    if (call.type === AST_NODE_TYPES.CallExpression) {
      const name = getCalleeName(call);
      const first = call.arguments[0];
      if (name !== null && ASSERT_CALLS.has(name) && first && first.type !== AST_NODE_TYPES.SpreadElement) {
        return implies(model, first, requirement, true, handler);
      }
      // `ctx.assert(ctx.from)`-style and user assertion functions `assertHasFrom(ctx)`.
      if (name !== null && /^assert/.test(name)) return call.arguments.some((argument) => related(model, argument, requirement, handler));
    }
  }
  return false;
}

/**
 * `ctx.update.message.text = text !== undefined ? text.replace(name, '') : '';`, `x.text ||= ''`, or
 * `if (!x.text) x.text = '';`: a statement after which the field holds a value that is never nullish
 * (see `neverNullish`), written at the path itself or below it (had a part before it been missing, the
 * write threw). The `if` form counts when its test failing proves the field, or its other branch
 * writes it too; the write is a statement of the branch, after only expressions and declarations.
 */
function assignsValue(model: FrameworkModel, statement: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
    const expression = skipTypeWrappers(statement.expression);
    if (expression.type !== AST_NODE_TYPES.AssignmentExpression || !['=', '||=', '??='].includes(expression.operator) || !neverNullish(expression.right)) return false;
    const written = resolveIn(model, expression.left, handler);
    return written !== null && startsWith(written, requirement.path);
  }
  if (statement.type !== AST_NODE_TYPES.IfStatement) return false;
  const writes = (branch: TSESTree.Statement | null): boolean => {
    if (branch?.type !== AST_NODE_TYPES.BlockStatement) return branch !== null && assignsValue(model, branch, requirement, handler);
    for (const inner of branch.body) {
      if (assignsValue(model, inner, requirement, handler)) return true;
      if (inner.type !== AST_NODE_TYPES.ExpressionStatement && inner.type !== AST_NODE_TYPES.VariableDeclaration) return false;
    }
    return false;
  };
  return writes(statement.consequent) && (statement.alternate !== null ? writes(statement.alternate) : implies(model, statement.test, requirement, false, handler));
}

/**
 * A value that is never `null` or `undefined`, by its syntax: a literal other than `null`, a template,
 * an array, object, function or class, `new`, a `+`, a `typeof`, `!`; a string method's result
 * (`text.replace(name, '')`: the fields such a write keeps are strings); the two branches of `?:`, the
 * right side of `||` and `??`.
 */
function neverNullish(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return value.value !== null || 'regex' in value;
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ObjectExpression:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
    case AST_NODE_TYPES.ClassExpression:
    case AST_NODE_TYPES.NewExpression:
      return true;
    case AST_NODE_TYPES.UnaryExpression:
      return value.operator !== 'void';
    case AST_NODE_TYPES.BinaryExpression:
      return true;
    case AST_NODE_TYPES.ConditionalExpression:
      return neverNullish(value.consequent) && neverNullish(value.alternate);
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator !== '&&' && neverNullish(value.right);
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(value.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression && !callee.optional && !value.optional ? getPropertyName(callee) : null;
      return method !== null && STRING_METHODS.has(method);
    }
    default:
      return false;
  }
}

/**
 * `switch (ctx.chat.type) { case 'channel': case 'group': if (!ctx.callbackQuery) return; }`: every
 * way out of the switch proves the requirement. A way in at a case proves it by its label
 * (`discriminant === label`), or by its statements, read on through the cases below it until one
 * proves it or always exits with no `break` before; the way in at `default` and, without one, the
 * way past every case hold every label compared false.
 */
function switchLeavesOnlyWith(model: FrameworkModel, statement: TSESTree.SwitchStatement, requirement: Requirement, handler: Handler): boolean {
  const compared = (label: TSESTree.Expression, truthy: boolean): boolean => {
    // `switch (true)`: a label compared true holds; one compared false may be any value but `true`.
    if (isSwitchOnTrue(statement)) return truthy && implies(model, label, requirement, true, handler);
    const comparison = { type: AST_NODE_TYPES.BinaryExpression, operator: '===', left: statement.discriminant, right: label, range: label.range, loc: label.loc, parent: label.parent };
    return binaryImplies(model, comparison as TSESTree.BinaryExpression, requirement, truthy, handler);
  };
  const { cases } = statement;
  const noneMatched = (): boolean => cases.some((other) => other.test !== null && compared(other.test, false));
  for (const [index, entry] of cases.entries()) {
    if (entry.test ? compared(entry.test, true) : noneMatched()) continue;
    if (runProves(model, cases.slice(index).flatMap((below) => below.consequent), requirement, handler) !== true) return false;
  }
  return cases.some((entry) => entry.test === null) || noneMatched();
}

/**
 * A run of statements inside a `switch`: true when one proves the requirement or always exits
 * (`return`, `throw`) before any `break` could leave the switch without it; false at such a
 * `break`; null when the run ends without either.
 */
function runProves(model: FrameworkModel, statements: readonly TSESTree.Statement[], requirement: Requirement, handler: Handler): boolean | null {
  for (const statement of statements) {
    if (statement.type === AST_NODE_TYPES.BlockStatement) {
      const inner = runProves(model, statement.body, requirement, handler);
      if (inner !== null) return inner;
      continue;
    }
    if (someInSameFunction(statement, (node) => node.type === AST_NODE_TYPES.BreakStatement)) return false;
    if (alwaysExits(statement) || exitsUnless(model, statement, requirement, handler) || dereferencesUnconditionally(model, statement, requirement, handler)) return true;
  }
  return null;
}

/**
 * An earlier statement that always reads through the value (`const t = ctx.message.text;`): had
 * the value been missing, that statement would have thrown already (for `accessible`, had the
 * message been inaccessible, the earlier read of its fields was already reported). The earlier read is the one
 * to report. Conditional parts, loops, `try` blocks and nested functions are not followed.
 */
function dereferencesUnconditionally(model: FrameworkModel, statement: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const answers = dereferenceAnswersOf(handler, requirement);
  let answer = answers.get(statement);
  if (answer === undefined) {
    answer = computeDereferencesUnconditionally(model, statement, requirement, handler);
    answers.set(statement, answer);
  }
  return answer;
}

/**
 * {@link dereferencesUnconditionally}'s answers per handler (a handler belongs to one model) and
 * requirement (its path and mode: the parameter does not enter), by statement: every read of a
 * handler asks about each statement before it, so a handler reading `ctx.from.id` thirty times
 * asked the same statement thirty times. A pure memo on the AST: the answer reads only the
 * statement, the file's scopes and the model.
 */
const dereferenceAnswers = new WeakMap<Handler, Map<string, WeakMap<TSESTree.Node, boolean>>>();

function dereferenceAnswersOf(handler: Handler, requirement: Requirement): WeakMap<TSESTree.Node, boolean> {
  let byRequirement = dereferenceAnswers.get(handler);
  if (byRequirement === undefined) {
    byRequirement = new Map();
    dereferenceAnswers.set(handler, byRequirement);
  }
  const key = `${requirement.mode}\0${requirement.path.join('\0')}`;
  let answers = byRequirement.get(key);
  if (answers === undefined) {
    answers = new WeakMap();
    byRequirement.set(key, answers);
  }
  return answers;
}

function computeDereferencesUnconditionally(model: FrameworkModel, statement: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  guardWork.dereferencesChecked++;
  const reads = (node: TSESTree.MemberExpression | TSESTree.CallExpression): boolean => {
    if (node.type === AST_NODE_TYPES.CallExpression) return requirement.mode === 'exists' && (handsToReadingCallee(model, node, requirement, handler) || helperReadsFirst(model, node, requirement, handler) || sentToChat(model, node, requirement, handler));
    // `message.text?.trim()` reads `text` without throwing on an InaccessibleMessage: no proof it is accessible.
    if (requirement.mode === 'accessible' && isOptionalLinkOf(node)) return false;
    const path = resolveIn(model, requirement.mode === 'exists' ? node.object : node, handler);
    if (path === null) return false;
    return (startsWith(path, requirement.path) && (requirement.mode === 'exists' || readsMessageField(path, requirement))) || sessionReadProvesChat(model, path, requirement, handler);
  };
  return unconditionalReads(statement).some(reads);
}

/**
 * Statements whose unconditional reads were listed (each once, see {@link unconditionalReads}),
 * statements whose exit was worked out (neither answered from its memo), the member reads and
 * calls looked at to list them, the nodes whose depth in the tree was compared with the
 * statement's (only when their ranges are the same), and the statements asked whether they read
 * through a required value (once per handler and requirement, see {@link dereferencesUnconditionally}):
 * tests read them.
 */
export const guardWork = { statementsWalked: 0, exitsChecked: 0, readsConsidered: 0, depthsCompared: 0, dereferencesChecked: 0 };

type Read = TSESTree.MemberExpression | TSESTree.CallExpression;

const readsByStatement = new WeakMap<TSESTree.Node, readonly Read[]>();

/**
 * The member reads (`a.b`, not `a?.b`) and calls with arguments a statement always makes in its own
 * function — the test of an `if` or a `?:`, the left side of `&&`/`||`/`??`, a switch's discriminant,
 * the part of an optional chain before its first `?.`; not loops, `try` blocks, other branches, the
 * rest of an optional chain, class bodies or nested functions — in source order, listed once per
 * statement (every later read of a handler asks about the statements before it). Read from the
 * file's shared index: the member reads and calls inside the statement's range whose way up to it
 * passes only parts that always run (see {@link firstConditional}), instead of a walk of the statement.
 * A read whose way up closes inside the statement (a branch, a loop's body, a nested function) closes
 * it for everything inside the node where it closes: that node's range is passed over, so a
 * statement nested in others is not looked through again for each statement around it.
 */
function unconditionalReads(statement: TSESTree.Node): readonly Read[] {
  let list = readsByStatement.get(statement);
  if (list) return list;
  guardWork.statementsWalked++;
  let program: TSESTree.Node = statement;
  while (program.parent) program = program.parent;
  const found: Read[] = [];
  const [start, end] = statement.range;
  let depth = -1;
  /**
   * Whether `node` is the statement or above it. Every node asked about is in the statement's range or
   * an ancestor of such a node, and ranges nest: a wider range is above the statement, a narrower one
   * below it; only an equal range (`a.b()` without a semicolon is as long as its statement) needs the depths.
   */
  const atOrAbove = (node: TSESTree.Node): boolean => {
    if (node === statement || node.range[0] < start || node.range[1] > end) return true;
    if (node.range[0] !== start || node.range[1] !== end) return false;
    guardWork.depthsCompared++;
    if (depth < 0) depth = depthOf(statement);
    return depthOf(node) <= depth;
  };
  /** Whether `node` is an unconditional read; otherwise the node inside the statement where its way up closes, if any. */
  const take = (node: Read): TSESTree.Node | null => {
    guardWork.readsConsidered++;
    if (node.optional || (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 0)) return null;
    if (node !== statement && atOrAbove(node)) return null;
    const closed = firstConditional(node);
    if (atOrAbove(closed)) {
      found.push(node);
      return null;
    }
    return closed;
  };
  if (program.type === AST_NODE_TYPES.Program) {
    const index = fileIndex(program);
    const members = index.of(AST_NODE_TYPES.MemberExpression);
    const calls = index.of(AST_NODE_TYPES.CallExpression);
    let m = firstStartingFrom(members, start);
    let c = firstStartingFrom(calls, start);
    // Both lists are in source order, outer before inner: merged, they keep the order of a walk.
    for (;;) {
      const member = m < members.length && members[m]!.range[0] < end ? members[m] : undefined;
      const call = c < calls.length && calls[c]!.range[0] < end ? calls[c] : undefined;
      if (member === undefined && call === undefined) break;
      let node: Read;
      if (call === undefined || (member !== undefined && (member.range[0] < call.range[0] || (member.range[0] === call.range[0] && member.range[1] > call.range[1])))) {
        node = member!;
        m++;
      } else {
        node = call;
        c++;
      }
      if (node.range[1] > end) continue;
      const closed = take(node);
      // Every node inside `closed` closes there too (or further in), unless `closed` is the first link
      // of an optional chain: the part before the chain's first `?.` goes on to the chain above it.
      if (closed !== null && closed.parent?.type !== AST_NODE_TYPES.ChainExpression) {
        m = Math.max(m, firstStartingFrom(members, closed.range[1]));
        c = Math.max(c, firstStartingFrom(calls, closed.range[1]));
      }
    }
  } else {
    // A tree not attached to a Program (no file index): the same filter over a walk of the statement.
    someInSameFunction(statement, (node) => {
      if (node.type === AST_NODE_TYPES.MemberExpression || node.type === AST_NODE_TYPES.CallExpression) take(node);
      return false;
    });
  }
  list = found;
  readsByStatement.set(statement, list);
  return list;
}

const depths = new WeakMap<TSESTree.Node, number>();

/** How many ancestors a node has (memoised along the way up). */
function depthOf(node: TSESTree.Node): number {
  const unknown: TSESTree.Node[] = [];
  let current: TSESTree.Node | undefined = node;
  let depth = -1;
  while (current) {
    const known = depths.get(current);
    if (known !== undefined) {
      depth = known;
      break;
    }
    unknown.push(current);
    current = current.parent;
  }
  for (let i = unknown.length - 1; i >= 0; i--) depths.set(unknown[i]!, ++depth);
  return depths.get(node)!;
}

const conditionals = new WeakMap<TSESTree.Node, TSESTree.Node>();

/**
 * The nearest node, from `node` up, that {@link unconditionalReads} does not reach from above: the branches of an `if`, a `?:`, a `switch` and the right side of `&&`/`||`/`??`; the
 * body of a loop, a `try` or a class; an optional chain, except the part before its first `?.` (see
 * {@link chainOfBase}); a nested function (but a function that is itself the test walked). A statement reads `node` unconditionally when that node is the statement
 * or above it. Memoised along the way up.
 */
function firstConditional(node: TSESTree.Node): TSESTree.Node {
  const open: TSESTree.Node[] = [];
  let current: TSESTree.Node = node;
  let closed: TSESTree.Node;
  for (;;) {
    const known = conditionals.get(current);
    if (known) {
      closed = known;
      break;
    }
    // `ctx.message.text?.trim()`: the walk goes from the chain straight to the part before its first `?.`.
    const chain = chainOfBase(current);
    if (chain) {
      open.push(current);
      current = chain;
      continue;
    }
    if (!entered(current)) {
      closed = current;
      break;
    }
    open.push(current);
    current = current.parent!;
  }
  conditionals.set(current, closed);
  for (const passed of open) conditionals.set(passed, closed);
  return closed;
}

/**
 * The optional chain whose part before the first `?.` is `node` (`ctx.message.text` in
 * `ctx.message.text?.trim()`), which {@link unconditionalReads} reaches from the chain itself;
 * null otherwise (also for a function there, which it does not walk).
 */
function chainOfBase(node: TSESTree.Node): TSESTree.ChainExpression | null {
  const link = node.parent;
  if (!link || isFunction(node)) return null;
  const optionalLink = (link.type === AST_NODE_TYPES.MemberExpression && link.optional && link.object === node) || (link.type === AST_NODE_TYPES.CallExpression && link.optional && link.callee === node);
  if (!optionalLink) return null;
  let chain: TSESTree.Node | undefined = link;
  while (chain && chain.type !== AST_NODE_TYPES.ChainExpression) {
    if (chain.type !== AST_NODE_TYPES.MemberExpression && chain.type !== AST_NODE_TYPES.CallExpression && chain.type !== AST_NODE_TYPES.TSNonNullExpression) return null;
    chain = chain.parent;
  }
  return chain && beforeFirstOptional(chain) === node ? chain : null;
}

/** Whether {@link unconditionalReads}, reaching a node's parent, reaches on into the node. */
function entered(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return node === parent.test;
    case AST_NODE_TYPES.LogicalExpression:
      return node === parent.left;
    case AST_NODE_TYPES.SwitchStatement:
      return node === parent.discriminant;
    case AST_NODE_TYPES.TryStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.ClassBody:
      return false;
    default:
      // A nested function is not walked, unless the walk starts at it (no test is a function in practice).
      return !isFunction(node);
  }
}

/**
 * `await getUser(ctx.from)` where `getUser`, a function of another project file, reads its parameter
 * through without testing it (see `isReadByCallee`): a missing value throws in the callee, so code
 * after the call never sees it missing. The call is the read reported.
 */
function handsToReadingCallee(model: FrameworkModel, call: TSESTree.CallExpression, requirement: Requirement, handler: Handler): boolean {
  const file = model.file();
  return (
    file !== null &&
    call.arguments.some((argument) => {
      // Cheap first: the argument names the value (`x.from`), and the callee reads it; then its path.
      const last = argument.type === AST_NODE_TYPES.MemberExpression && !argument.optional ? getPropertyName(argument) : null;
      if (last === null || last !== requirement.path[requirement.path.length - 1] || !isReadByCallee(argument, file)) return false;
      const path = resolveIn(model, argument, handler);
      return path !== null && startsWith(path, requirement.path);
    })
  );
}

/**
 * `await ctx.reply('…')` before `ctx.chat.id`, or `ctx.reply('…').then(() => … ctx.chat.id)`: the
 * context's send shortcuts throw at once without a chat to send to (see `sendAssertsChat`), so code
 * after the call has one. grammY's go to `ctx.chatId`, which a business connection update has without
 * a chat: only in a bot project that receives none.
 */
function sentToChat(model: FrameworkModel, call: TSESTree.CallExpression, requirement: Requirement, handler: Handler): boolean {
  if (requirement.path.length !== 1 || requirement.path[0] !== 'chat') return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.optional) return false;
  const method = getPropertyName(callee);
  if (method === null || !sendAssertsChat(handler.framework, method) || resolveIn(model, callee.object, handler)?.length !== 0) return false;
  return handler.framework !== 'grammy' || model.receivableUpdates()?.has('business_connection') === false;
}

/**
 * `ctx.session.admin = false` before `ctx.chat.id`: a read through the grammY session (`path`, the
 * object read through, is `['session']`) throws without a chat id when every session middleware of
 * the project keys by chat, and without the middleware (`ctx.session` undefined); see
 * `grammySessionsKeyedByChat`. A business connection update has a chat id without a chat: only in a
 * bot project that receives none (as for grammY's replies, {@link sentToChat}).
 */
function sessionReadProvesChat(model: FrameworkModel, path: readonly string[], requirement: Requirement, handler: Handler): boolean {
  if (requirement.mode !== 'exists' || requirement.path.length !== 1 || requirement.path[0] !== 'chat') return false;
  if (path.length !== 1 || path[0] !== 'session' || handler.framework !== 'grammy') return false;
  return model.receivableUpdates()?.has('business_connection') === false && grammySessionsKeyedByChat(model);
}

/**
 * `await this.isUser(ctx)`, `const id = userId(ctx)`: a function of this file (or a method of the
 * same class) handed the context, whose body reads the field through before any `return` and not on
 * a branch (see {@link unconditionalReads}): had the field been missing, the helper threw first — an
 * async helper's throw reaches the caller only when the call is awaited. That read must be the crash
 * site reported: a `!` assertion (`ctx.from!.id`), or a read of a handler the model reaches by this
 * very call. One level deep: the helper's own calls are not followed.
 */
function helperReadsFirst(model: FrameworkModel, call: TSESTree.CallExpression, requirement: Requirement, handler: Handler): boolean {
  const file = model.file();
  const callee = file && calledFunction(call, file);
  if (!file || !callee || callee.file.filename !== file.filename || callee.fn.generator) return false;
  const { fn } = callee;
  if (fn.async && outermostWrapper(call).parent?.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const spread = call.arguments.findIndex((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
  return call.arguments.some((argument, index) => {
    const param = fn.params[index];
    if ((spread !== -1 && index >= spread) || param?.type !== AST_NODE_TYPES.Identifier) return false;
    const passed = resolveIn(model, argument, handler);
    if (passed === null || !startsWith(requirement.path, passed)) return false;
    const wanted = [param.name, ...requirement.path.slice(passed.length)];
    const reachedByCall = (): boolean => model.getHandler(fn)?.entries.some((entry) => entry.kind === 'call' && entry.call === call) === true;
    const readsParam = (read: Read): boolean => {
      if (read.type !== AST_NODE_TYPES.MemberExpression) return false;
      const path = getMemberPath(read.object);
      if (path === null || path.length !== wanted.length || path.some((name, at) => name !== wanted[at])) return false;
      const root = memberRoot(read.object);
      const variable = root.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, file.sourceCode) : null;
      if (variable?.defs[0]?.type !== TSESLint.Scope.DefinitionType.Parameter || variable.defs[0].node !== fn) return false;
      return read.object.type === AST_NODE_TYPES.TSNonNullExpression || reachedByCall();
    };
    const statements = fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body : [fn.body];
    for (const statement of statements) {
      if (unconditionalReads(statement).some(readsParam)) return true;
      if (someInSameFunction(statement, (node) => node.type === AST_NODE_TYPES.ReturnStatement)) return false;
    }
    return false;
  });
}

/**
 * The part of an optional chain evaluated before its first `?.` (`ctx.message.text` of
 * `ctx.message.text?.trim().length`): what comes after the first optional link may not run, what
 * comes before it always does. Null when the chain has no optional link.
 */
function beforeFirstOptional(chain: TSESTree.ChainExpression): TSESTree.Node | null {
  let base: TSESTree.Node | null = null;
  let link: TSESTree.Node = chain.expression;
  for (;;) {
    if (link.type === AST_NODE_TYPES.MemberExpression) {
      if (link.optional) base = link.object;
      link = link.object;
    } else if (link.type === AST_NODE_TYPES.CallExpression) {
      if (link.optional) base = link.callee;
      link = link.callee;
    } else if (link.type === AST_NODE_TYPES.TSNonNullExpression) {
      link = link.expression;
    } else {
      return base;
    }
  }
}

/** Whether `node` is what an optional link reads from: `node?.x`, `node?.()`. */
function isOptionalLinkOf(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression) return parent.optional && parent.object === node;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.optional && parent.callee === node;
}

/**
 * For an `accessible` requirement, an earlier read of a message-only field through the same message
 * (`ctx.callbackQuery.message['reply_markup'].inline_keyboard`) is the one to report.
 */
function readsMessageField(path: readonly string[], requirement: Requirement): boolean {
  const field = path[requirement.path.length];
  return field !== undefined && isMessageOnlyField(field);
}

/** Whether the value of an expression existing proves the required path exists. */
function provenBy(model: FrameworkModel, expression: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const path = resolveIn(model, expression, handler);
  return path !== null && proves(path, requirement.path);
}

/**
 * Whether {@link implies} takes a call handed the context, or a part of it above the required value
 * (`hasSender(ctx)`, `ctx.has(':text')`), for a type guard of the value: in the guards of the read's own
 * handler, yes; where a gate's test decides what every later handler may read (see
 * `nextOnlyWhereProven`), only a call handed the value itself or a path through it (`isUser(ctx.from)`).
 */
const callGuards = { opaque: true };

/** Whether an expression reads the required path or a path through it. */
function through(model: FrameworkModel, expression: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const path = resolveIn(model, expression, handler);
  return path !== null && startsWith(path, requirement.path);
}

/** Whether an expression reads the required path, a prefix of it or a path through it. */
function related(model: FrameworkModel, expression: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const path = resolveIn(model, expression, handler);
  return path !== null && (startsWith(path, requirement.path) || startsWith(requirement.path, path));
}

function resolveIn(model: FrameworkModel, expression: TSESTree.Node, handler: Handler): readonly string[] | null {
  const resolved: ContextPath | null = model.resolveContextPath(expression);
  return resolved && resolved.handler === handler ? resolved.path : null;
}

/** Context getters whose presence proves `ctx.from` (all but channel posts, polls, reactions…). */
const FROM_PROVIDERS: ReadonlySet<string> = new Set([...SENDER_UPDATES].map(contextGetterOf));
/** Context getters whose presence proves `ctx.chat` and `ctx.msg`: the message updates. */
const CHAT_PROVIDERS: ReadonlySet<string> = new Set([...MESSAGE_UPDATES].map(contextGetterOf));

/**
 * Message fields the Bot API sends only beside another of the same message: `entities` only on a
 * text message (they mark up `text`), `caption_entities` only with a `caption`.
 */
const MARKED_UP_BY: Readonly<Record<string, string>> = { entities: 'text', caption_entities: 'caption' };

/** Whether the value at `proven` existing proves `required` exists. */
function proves(proven: readonly string[], required: readonly string[]): boolean {
  if (startsWith(proven, required)) return true;
  if (marksUp(proven, required) || botHasUsername(proven, required)) return true;
  const first = proven[0];
  if (first === undefined || required.length !== 1) return false;
  if (required[0] === 'from') return FROM_PROVIDERS.has(first);
  if (required[0] === 'chat' || required[0] === 'msg') return CHAT_PROVIDERS.has(first) || (first === 'msg' && required[0] === 'chat');
  return false;
}

/** `ctx.message.entities` proving `ctx.message.text` (see {@link MARKED_UP_BY}): the two fields of one message. */
function marksUp(proven: readonly string[], required: readonly string[]): boolean {
  const field = proven.at(-1);
  if (field === undefined || !Object.hasOwn(MARKED_UP_BY, field) || required.length !== proven.length || required.at(-1) !== MARKED_UP_BY[field]) return false;
  const message = proven.slice(0, -1);
  const kind = describePath(message)?.kind;
  return (kind === 'message' || kind === 'userMessage') && startsWith(required, message);
}

/**
 * `ctx.from.is_bot` proving `ctx.from.username`: every bot has a username. BotFather's `/newbot` asks
 * for one (core.telegram.org/bots/features#creating-a-new-bot), MTProto's `bots.createBot` takes a
 * required `username`, and a bot given a collectible name is assigned a regular `…bot` one too. Only
 * for the same User object; a user's or a chat's username stays optional.
 */
function botHasUsername(proven: readonly string[], required: readonly string[]): boolean {
  if (proven.at(-1) !== 'is_bot' || required.at(-1) !== 'username' || required.length !== proven.length) return false;
  const user = proven.slice(0, -1);
  return describePath(user)?.kind === 'user' && startsWith(required, user);
}

/** `Boolean(x)`: the truthiness of `x` as a boolean; null for other expressions. */
function booleanOf(expression: TSESTree.Node): TSESTree.Node | null {
  if (expression.type !== AST_NODE_TYPES.CallExpression || expression.arguments.length !== 1) return null;
  const callee = skipTypeWrappers(expression.callee);
  const argument = expression.arguments[0]!;
  return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Boolean' && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : null;
}

/**
 * `const isVideo = 'video' in message`, `const isReply = Boolean(msg.reply_to_message)`,
 * `const ok = !!x`: a condition stored in a constant, read back in a test. A `let` written only by
 * its declaration (`let hasPhoto = m.hasOwnProperty('photo')`) holds the same (read before it, it
 * throws); a `var` is `undefined` before its declaration runs, so it is not one.
 */
function constantCondition(model: FrameworkModel, expression: TSESTree.Node): TSESTree.Node | null {
  if (expression.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = ASTUtils.findVariable(model.scopeOf(expression), expression.name);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator) return null;
  if (def.node.id !== def.name || !def.node.init || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration) return null;
  if (def.parent.kind !== 'const' && (def.parent.kind !== 'let' || writeReferences(variable).some((write) => !write.init))) return null;
  const init = skipTypeWrappers(def.node.init);
  return conditionLike(init) ? init : null;
}

function conditionLike(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.LogicalExpression ||
    node.type === AST_NODE_TYPES.BinaryExpression ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') ||
    (node.type === AST_NODE_TYPES.CallExpression && (booleanOf(node) !== null || ownKeyTest(node) !== null))
  );
}

/**
 * `function quoted(isQuoted) { if (isQuoted) … }` called only as `quoted(isReply)` with
 * `const isReply = msg.hasOwnProperty('reply_to_message')`: a parameter never written again, of a
 * function every use of which in the file is a call that passes a condition there (inline, or a
 * `const` holding one). The conditions, one per call; null otherwise. Conditions passed on through a
 * further parameter are not followed.
 */
function passedConditions(model: FrameworkModel, expression: TSESTree.Node): { parameter: TSESTree.Node; conditions: TSESTree.Node[] } | null {
  const file = model.file();
  if (expression.type !== AST_NODE_TYPES.Identifier || !file) return null;
  const variable = ASTUtils.findVariable(model.scopeOf(expression), expression.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== TSESLint.Scope.DefinitionType.Parameter || writeReferences(variable).length > 0 || !isFunction(def.node)) return null;
  const index = def.node.params.indexOf(def.name);
  const calls = index === -1 ? null : callersOf(def.node, file.sourceCode);
  if (!calls || calls.length === 0) return null;
  const conditions: TSESTree.Node[] = [];
  for (const call of calls) {
    if (call.arguments.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return null;
    const argument = call.arguments[index];
    const passed = argument ? skipTypeWrappers(argument) : null;
    const condition = passed && (conditionLike(passed) ? passed : constantCondition(model, passed));
    if (!condition) return null;
    conditions.push(condition);
  }
  return { parameter: def.name, conditions };
}

/** The parameters whose passed conditions are being followed (see `passedConditions`): a guard against cycles, empty between calls. */
const followedParameters = new Set<TSESTree.Node>();


/**
 * `'key' in object` or an own-key test of it (see `ownKeyTest`) that held: the object exists, and so
 * does its `key` (for the update, the context getter of that update kind).
 */
function keyPresenceImplies(model: FrameworkModel, keyName: string, objectNode: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const object = resolveIn(model, objectNode, handler) ?? resolveIn(model, beforeEmptyFallback(model, objectNode, keyName), handler);
  if (!object) return false;
  const key = object.length === 1 && object[0] === 'update' ? [contextGetterOf(keyName)] : [...object, keyName];
  if (requirement.mode === 'exists') return proves(key, requirement.path) || proves(object, requirement.path);
  return object.length === requirement.path.length && startsWith(object, requirement.path) && isMessageOnlyField(keyName);
}

/**
 * `msg.reply_to_message || {}` (also through a `const`): an object literal fallback without the key
 * has no such key of its own, so a key found there is a key of the value before it. That value;
 * otherwise the node itself.
 */
function beforeEmptyFallback(model: FrameworkModel, node: TSESTree.Node, keyName: string): TSESTree.Node {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(model.scopeOf(value), value.name);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === TSESLint.Scope.DefinitionType.Variable && def.parent.kind === 'const' && def.node.id === def.name && def.node.init) value = skipTypeWrappers(def.node.init);
  }
  if (value.type !== AST_NODE_TYPES.LogicalExpression || value.operator === '&&' || keyName in Object.prototype) return node;
  const fallback = skipTypeWrappers(value.right);
  const keyless = fallback.type === AST_NODE_TYPES.ObjectExpression && fallback.properties.every((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) !== keyName && propertyKey(property) !== null);
  return keyless ? value.left : node;
}

/**
 * `x.hasOwnProperty('k')`, `Object.hasOwn(x, 'k')`, `Object.prototype.hasOwnProperty.call(x, 'k')`
 * (also `{}.hasOwnProperty.call`): an own-key test, which holds only when `x` has the key `k`.
 */
function ownKeyTest(call: TSESTree.CallExpression): { object: TSESTree.Node; key: string } | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return null;
  const name = getPropertyName(callee);
  const [first, second] = call.arguments;
  const keyOf = (node: TSESTree.Node | undefined): string | null => {
    const key = node ? skipTypeWrappers(node) : null;
    return key?.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : null;
  };
  let object: TSESTree.Node | undefined;
  let key: string | null;
  const receiver = skipTypeWrappers(callee.object);
  if (name === 'hasOwnProperty' && call.arguments.length === 1) [object, key] = [receiver, keyOf(first)];
  else if (name === 'hasOwn' && receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'Object') [object, key] = [first, keyOf(second)];
  else if (name === 'call' && receiver.type === AST_NODE_TYPES.MemberExpression && getPropertyName(receiver) === 'hasOwnProperty') [object, key] = [first, keyOf(second)];
  else return null;
  return object !== undefined && key !== null ? { object, key } : null;
}

/** Whether `test` being truthy (`truthy`) or falsy proves the requirement. */
export function implies(model: FrameworkModel, test: TSESTree.Node, requirement: Requirement, truthy: boolean, handler: Handler): boolean {
  const expression = skipTypeWrappers(test);
  if (outcomeWithout(model, expression, requirement, handler) === !truthy) return true;
  if (!truthy && readsTelegramId(model, expression, handler)) return true;
  switch (expression.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return expression.operator === '!' && implies(model, expression.argument, requirement, !truthy, handler);
    case AST_NODE_TYPES.LogicalExpression: {
      const left = implies(model, expression.left, requirement, truthy, handler);
      const right = implies(model, expression.right, requirement, truthy, handler);
      if (expression.operator === '&&') return truthy ? left || right : left && right;
      if (expression.operator === '||') return truthy ? left && right : left || right;
      return false;
    }
    case AST_NODE_TYPES.BinaryExpression:
      return binaryImplies(model, expression, requirement, truthy, handler);
    case AST_NODE_TYPES.CallExpression: {
      const argument = booleanOf(expression);
      if (argument) return implies(model, argument, requirement, truthy, handler);
      if (!truthy) return false;
      const own = ownKeyTest(expression);
      if (own) return keyPresenceImplies(model, own.key, own.object, requirement, handler);
      const includes = subTypeIncludes(expression);
      if (includes && requirement.mode === 'exists' && subTypeProves(model, includes.list, includes.subType, requirement.path, handler)) return true;
      // Type guards (`isText(ctx)`, `ctx.has(':text')`, `msg.isAccessible()`) and calls through the value.
      const callee = skipTypeWrappers(expression.callee);
      // `text?.toLowerCase().trim().startsWith('x')`: a truthy result ran every call down the chain, so its head exists.
      if (requirement.mode === 'exists' && someInChain(callee, (node) => provenBy(model, node, requirement, handler))) return true;
      // Handed only the whole context (`isOpen(ctx)`), a call is taken for a type guard of what it reads only in a local guard.
      const guards = (node: TSESTree.Node): boolean => (callGuards.opaque ? related(model, node, requirement, handler) : through(model, node, requirement, handler));
      if (callee.type === AST_NODE_TYPES.MemberExpression && guards(callee.object)) return true;
      return expression.arguments.some(guards);
    }
    case AST_NODE_TYPES.AwaitExpression:
      return false;
    default: {
      const alias = constantCondition(model, expression);
      if (alias) return implies(model, alias, requirement, truthy, handler);
      const passed = passedConditions(model, expression);
      if (passed && !followedParameters.has(passed.parameter)) {
        // A call passing the parameter on into a condition for itself (`q(quoted && x)` in `q`) is not followed again.
        followedParameters.add(passed.parameter);
        try {
          return passed.conditions.every((condition) => implies(model, condition, requirement, truthy, handler));
        } finally {
          followedParameters.delete(passed.parameter);
        }
      }
      if (!truthy) return false;
      const path = resolveIn(model, expression, handler);
      if (!path) return requirement.mode === 'exists' && truthyChainProves(model, expression, requirement, handler);
      if (requirement.mode === 'exists') return proves(path, requirement.path) || sessionValueProvesKey(model, path, requirement.path, expression, handler);
      // `msg.text`, `msg.date` (0 is falsy), `msg.reply_markup?.…` prove an accessible message.
      const field = path[requirement.path.length];
      return startsWith(path, requirement.path) && field !== undefined && (field === 'date' || isMessageOnlyField(field));
    }
  }
}

/**
 * What a test gives were the required value missing, when that is known (see `evaluate`): every
 * read of a context value whose presence proves the required one (`ctx.message` proves `ctx.from`,
 * see {@link proves}) is then `undefined`. `(ctx.message?.text ?? '').split(/\s+/).slice(1).length
 * < 1` is true without `ctx.message`, so past `if (…) return` the message, and with it the sender,
 * exists. A value that may be missing in another update (`ctx.msg`, a channel post without a
 * sender) proves nothing. Null when the outcome depends on anything else.
 */
function outcomeWithout(model: FrameworkModel, expression: TSESTree.Node, requirement: Requirement, handler: Handler): boolean | null {
  const file = model.file();
  if (requirement.mode !== 'exists' || !file || expression.type === AST_NODE_TYPES.LogicalExpression) return null;
  if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!') return null;
  const value = evaluate(expression, {
    known: (node) => {
      const path = resolveIn(model, node, handler);
      return path && proves(path, requirement.path) ? undefined : UNKNOWN;
    },
    variable: (identifier) => resolveVariable(identifier, file.sourceCode),
    within: handler.fn,
  });
  return value === UNKNOWN ? null : Boolean(value);
}

/**
 * `ctx.chat.id`, `ctx.from.id`, `ctx.message.message_id` read without `?.`: a Telegram id is never 0,
 * so the read is truthy or throws, and code that runs where it is falsy (`ctx.chat.id ||
 * ctx.message.chat.id`) never runs: whatever it requires holds there.
 */
function readsTelegramId(model: FrameworkModel, expression: TSESTree.Node, handler: Handler): boolean {
  if (expression.type !== AST_NODE_TYPES.MemberExpression || someInChain(expression, (node) => node.type === AST_NODE_TYPES.MemberExpression && node.optional)) return false;
  const path = resolveIn(model, expression, handler);
  const field = path?.at(-1);
  const owner = path ? describePath(path.slice(0, -1))?.kind : undefined;
  return (field === 'id' && (owner === 'chat' || owner === 'user')) || (field === 'message_id' && (owner === 'message' || owner === 'userMessage'));
}

/**
 * `const topic = ctx.message?.text?.split(' ')[1]` read back truthy (also a `let` never written
 * again): a short-circuited chain is undefined and a missing base of a plain link throws, so a
 * truthy value ran the whole chain, and each base it reads from (`ctx.message`, `ctx.message.text`)
 * exists. Only the links of the chain count: a call handed it (`String(ctx.message?.text)`) or a
 * fallback after it (`?? 'all'`) is truthy without them.
 */
function truthyChainProves(model: FrameworkModel, expression: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const file = model.file();
  if (expression.type !== AST_NODE_TYPES.Identifier || !file) return false;
  const init = keptInitializer(resolveVariable(expression, file.sourceCode));
  return init !== null && someInChain(init, (node) => provenBy(model, node, requirement, handler));
}

/** Discriminants being followed (a test of one guarding its own write is not followed again). */
const followedDiscriminants = new Set<unknown>();

/**
 * `type === 'photo'` with `type` a variable of the handler that holds `'photo'` only where the field
 * was proven: `if (ctx.msg.photo) type = 'photo'`, `const type = ctx.msg.photo ? 'photo' : 'text'`.
 * Every write of the variable is a plain `=` (or its initialiser) whose possible values — the
 * branches of a conditional — are literals, and each that is the compared string is written where
 * the requirement is guarded. The update does not change in between, so the test proves it.
 */
function discriminantImplies(model: FrameworkModel, left: TSESTree.Node, right: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const [name, literal] = left.type === AST_NODE_TYPES.Identifier ? [left, right] : [right, left];
  if (requirement.mode !== 'exists' || name.type !== AST_NODE_TYPES.Identifier || literal.type !== AST_NODE_TYPES.Literal || typeof literal.value !== 'string' || literal.value === '') return false;
  const variable = ASTUtils.findVariable(model.scopeOf(name), name.name);
  const declaration = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || declaration?.type !== TSESLint.Scope.DefinitionType.Variable || followedDiscriminants.has(variable)) return false;
  // Declared in this run of the handler.
  if (declaration.node.range[0] < handler.fn.range[0] || declaration.node.range[1] > handler.fn.range[1]) return false;
  const writes = writeReferences(variable);
  const value = literal.value;
  followedDiscriminants.add(variable);
  try {
    return writes.length > 0 && writes.every((write) => {
      const target = write.identifier.parent;
      const plain = (target.type === AST_NODE_TYPES.VariableDeclarator && target.id === write.identifier) || (target.type === AST_NODE_TYPES.AssignmentExpression && target.operator === '=' && target.left === write.identifier);
      return plain && write.writeExpr !== null && write.writeExpr !== undefined && possibleValues(write.writeExpr).every((leaf) => {
        if (leaf.type === AST_NODE_TYPES.Identifier && leaf.name === 'undefined') return true;
        return leaf.type === AST_NODE_TYPES.Literal && (leaf.value !== value || isGuardedAt(model, requirement, leaf, handler));
      });
    });
  } finally {
    followedDiscriminants.delete(variable);
  }
}

/** Classifier functions being followed (one whose guard calls itself is not followed again). */
const followedClassifiers = new Set<FunctionNode>();

/**
 * `getTypeMessage(msg) === 'image'` with `getTypeMessage` a function of the project (this file, or
 * imported from a project file) that returns `'image'` only where its own guards prove the field on
 * the parameter the caller's value comes in through: `if (msg.photo?.length) return 'image';`. The
 * function reads the same update the caller holds (it changes nothing in between), so the comparison
 * holding proves the field at the caller. Every `return` of the function must give a string literal
 * (or nothing): another value might equal the compared string without the guard. An `async`
 * function's result is a promise, never equal to a string.
 */
function classifierImplies(model: FrameworkModel, left: TSESTree.Node, right: TSESTree.Node, requirement: Requirement, handler: Handler): boolean {
  const [call, literal] = left.type === AST_NODE_TYPES.CallExpression ? [left, right] : [right, left];
  if (requirement.mode !== 'exists' || call.type !== AST_NODE_TYPES.CallExpression || call.optional) return false;
  if (literal.type !== AST_NODE_TYPES.Literal || typeof literal.value !== 'string' || literal.value === '') return false;
  const file = model.file();
  const callee = file ? calledFunction(call, file) : null;
  if (!callee || callee.fn.async || callee.fn.generator || followedClassifiers.has(callee.fn)) return false;
  const owner = getFrameworkModel(callee.file.sourceCode, callee.file.filename);
  const classifier = owner.getHandler(callee.fn);
  if (!classifier) return false;
  const value = literal.value;
  followedClassifiers.add(callee.fn);
  try {
    return call.arguments.some((argument, index) => {
      if (call.arguments.slice(0, index + 1).some((part) => part.type === AST_NODE_TYPES.SpreadElement)) return false;
      const passed = resolveIn(model, argument, handler);
      const param = callee.fn.params[index];
      const parameter = classifier.parameters.find((candidate) => candidate.node === param);
      if (!passed || !parameter || param?.type !== AST_NODE_TYPES.Identifier || !startsWith(requirement.path, passed)) return false;
      const mapped: Requirement = { path: [...parameter.base, ...requirement.path.slice(passed.length)], mode: 'exists', parameter: parameter.node };
      return returnsOnlyWhere(owner, callee.fn, value, mapped, classifier);
    });
  } finally {
    followedClassifiers.delete(callee.fn);
  }
}

/** Whether every value `fn` returns is a string literal (or nothing), and each equal to `value` is returned where `requirement` is guarded. */
function returnsOnlyWhere(model: FrameworkModel, fn: FunctionNode, value: string, requirement: Requirement, handler: Handler): boolean {
  const results: TSESTree.Node[] = [];
  if (fn.body.type === AST_NODE_TYPES.BlockStatement) {
    someInSameFunction(fn.body, (node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) results.push(node.argument);
      return false;
    });
  } else {
    results.push(fn.body);
  }
  const leaves = results.flatMap(possibleValues);
  return (
    leaves.some((leaf) => leaf.type === AST_NODE_TYPES.Literal && leaf.value === value) &&
    leaves.every((leaf) => {
      if (leaf.type === AST_NODE_TYPES.Identifier && leaf.name === 'undefined') return true;
      if (leaf.type !== AST_NODE_TYPES.Literal || (typeof leaf.value !== 'string' && leaf.value !== null)) return false;
      return leaf.value !== value || isGuardedAt(model, requirement, leaf, handler);
    })
  );
}

/** The values an expression may evaluate to, by the branches of its conditionals (`a ? 'photo' : 'text'`). */
function possibleValues(node: TSESTree.Node): TSESTree.Node[] {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.ConditionalExpression ? [...possibleValues(value.consequent), ...possibleValues(value.alternate)] : [value];
}

/**
 * Telegraf's `ctx.updateType === 'message'` (directly or through a constant): the update is that
 * one, so whatever it guarantees holds (`ctx.message`, and `ctx.from` for a message).
 */
function updateTypeProves(path: readonly string[], updateKey: string, required: readonly string[]): boolean {
  if (path.length !== 1 || path[0] !== 'updateType' || !/^[a-z_]+$/.test(updateKey)) return false;
  return guaranteesOfUpdate(updateKey).has(required.join('.')) || proves([contextGetterOf(updateKey)], required);
}

/** Telegraf 3 names a sub type after the message field it found, but for these (`MessageSubTypesMapping`). */
const SUB_TYPE_FIELDS: Readonly<Record<string, string>> = { forward: 'forward_date' };

/**
 * Telegraf 3's `ctx.updateSubTypes[0] === 'text'`, `ctx.updateSubTypes.includes('text')` (`list` is
 * the `ctx.updateSubTypes` read): Telegraf ≤ 3 fills the list only for a `message` update (and a
 * channel post under its `channelMode` option), with the keys of the message it has, so the test
 * proves `ctx.message`, its `text` and what a message guarantees (`ctx.from`, `ctx.chat`). Only in a
 * project that depends on Telegraf ≤ 3 and never mentions `channelMode` (see {@link fillsSubTypesOfMessagesOnly}).
 */
function subTypeProves(model: FrameworkModel, list: TSESTree.Node, subType: string, required: readonly string[], handler: Handler): boolean {
  const value = skipTypeWrappers(list);
  if (value.type !== AST_NODE_TYPES.MemberExpression || value.computed || getPropertyName(value) !== 'updateSubTypes' || !/^[a-z_]+$/.test(subType)) return false;
  if (handler.framework !== 'telegraf' || resolveIn(model, value.object, handler)?.length !== 0) return false;
  const file = model.file();
  if (!file || !fillsSubTypesOfMessagesOnly(file)) return false;
  const field = SUB_TYPE_FIELDS[subType] ?? subType;
  return guaranteesOfUpdate('message', field).has(required.join('.')) || proves(['message', field], required);
}

/**
 * node-telegram-bot-api's `metadata.type === 'left_chat_member'` (the string on either side), with
 * `metadata` the second parameter of a listener every registration of which is `bot.on`/`bot.once`
 * of `message` or a message type: NTBA emits those with `{ type }`, the first of its message types
 * the message has (`TelegramBot.messageTypes.find((type) => message[type])`), so the test proves
 * that field of the message and what it guarantees. Other listeners get no metadata (`channel_post`)
 * or something else there (`onText`'s match).
 */
function messageTypeProves(model: FrameworkModel, left: TSESTree.Node, right: TSESTree.Node, required: readonly string[], handler: Handler): boolean {
  const [member, literal] = left.type === AST_NODE_TYPES.Literal ? [right, left] : [left, right];
  if (handler.framework !== 'ntba' || literal.type !== AST_NODE_TYPES.Literal || typeof literal.value !== 'string' || !/^[a-z_]+$/.test(literal.value)) return false;
  if (member.type !== AST_NODE_TYPES.MemberExpression || member.computed || getPropertyName(member) !== 'type' || member.object.type !== AST_NODE_TYPES.Identifier) return false;
  const metadata = handler.fn.params[1];
  const variable = ASTUtils.findVariable(model.scopeOf(member.object), member.object.name);
  if (!metadata || variable?.defs.length !== 1 || variable.defs[0]!.name !== metadata || writeReferences(variable).length > 0) return false;
  const passesMetadata = (entry: HandlerEntry): boolean => {
    if (entry.kind !== 'registration' || entry.registration.framework !== 'ntba' || (entry.registration.method !== 'on' && entry.registration.method !== 'once')) return false;
    const events = entry.registration.filters;
    return events?.length === 1 && ntbaEvent(events[0]!)?.base === 'message';
  };
  if (handler.entries.length === 0 || !handler.entries.every(passesMetadata)) return false;
  const field = literal.value;
  return guaranteesOfUpdate('message', field).has(required.join('.')) || proves(['message', field], required);
}

/** `ctx.updateSubTypes[0]` (any index) compared with a string (`==`, `===`, either side): the list and the string. */
function subTypeComparison(left: TSESTree.Node, right: TSESTree.Node): { list: TSESTree.Node; subType: string } | null {
  const [element, literal] = left.type === AST_NODE_TYPES.Literal ? [right, left] : [left, right];
  if (literal.type !== AST_NODE_TYPES.Literal || typeof literal.value !== 'string' || element.type !== AST_NODE_TYPES.MemberExpression || !element.computed) return null;
  const index = skipTypeWrappers(element.property);
  return index.type === AST_NODE_TYPES.Literal && typeof index.value === 'number' ? { list: element.object, subType: literal.value } : null;
}

/**
 * Whether the file's project runs Telegraf ≤ 3 (the nearest package.json that declares `telegraf`
 * admits no major above 3) and no file of it mentions `channelMode` (the option that also fills
 * `updateSubTypes` for channel posts, whose `ctx.message` is undefined).
 */
function fillsSubTypesOfMessagesOnly(file: FileRef): boolean {
  let ceiling: number | null = null;
  for (const manifest of manifestsAbove(file.filename)) {
    const range = manifest.dependencies.telegraf;
    if (range === undefined) continue;
    ceiling = rangeCeiling(range);
    break;
  }
  return ceiling !== null && ceiling <= 3 && !CHANNEL_MODE.test(file.sourceCode.text) && projectFilesMatching(file.filename, CHANNEL_MODE).length === 0;
}

const CHANNEL_MODE = /channelMode/;

/** `ctx.updateSubTypes.includes('text')`: the list and the string. */
function subTypeIncludes(call: TSESTree.CallExpression): { list: TSESTree.Node; subType: string } | null {
  const callee = skipTypeWrappers(call.callee);
  const [argument] = call.arguments;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'includes' || call.arguments.length !== 1) return null;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? { list: callee.object, subType: argument.value } : null;
}

/** Chat types whose messages always have a sender (`from`); only channels post without one. */
const SENDER_CHAT_TYPES = new Set(['private', 'group', 'supergroup']);

/**
 * `ctx.chat.type === 'group'`, `msg.chat.type !== 'private'` when falsy: a message in a private
 * chat, group or supergroup always has `from` (anonymous group admins get a placeholder sender
 * user); only channel posts lack it. So does `ctx.chat.type !== 'channel'` (or `=== 'channel'` when
 * falsy), once the chat is known to exist (`chatKnown`): without a chat (a poll) it is no channel either.
 */
function chatTypeProvesSender(path: readonly string[], chatType: string, positive: boolean, required: readonly string[], chatKnown: () => boolean): boolean {
  if (positive ? !SENDER_CHAT_TYPES.has(chatType) : chatType !== 'channel') return false;
  if (path.length < 2 || path[path.length - 1] !== 'type' || path[path.length - 2] !== 'chat') return false;
  if (!isSenderOf(path.slice(0, -2), required)) return false;
  return positive || chatKnown();
}

/** Whether `required` is the sender that goes with the chat of `base`: `msg.from` for `msg.chat`, `ctx.from` for `ctx.chat`. */
function isSenderOf(base: readonly string[], required: readonly string[]): boolean {
  if (required.length === base.length + 1 && required[required.length - 1] === 'from' && startsWith(required, base)) return true;
  return required.length === 1 && required[0] === 'from' && (base.length === 0 || (base.length === 1 && (base[0] === 'msg' || base[0] === 'message')));
}

/** Chat types that always have a `title`: every chat but a private one. */
const TITLED_CHAT_TYPES = new Set(['group', 'supergroup', 'channel']);

/**
 * `msg.chat.type === 'group'` (or `'supergroup'`, `'channel'`), `msg.chat.type !== 'private'`:
 * the chat is not a private one, so it has a `title` (only private chats lack one).
 */
function chatTypeProvesTitle(path: readonly string[], chatType: string, positive: boolean, required: readonly string[]): boolean {
  if (positive ? !TITLED_CHAT_TYPES.has(chatType) : chatType !== 'private') return false;
  if (path.length < 2 || path[path.length - 1] !== 'type' || path[path.length - 2] !== 'chat') return false;
  return required.length === path.length && required[required.length - 1] === 'title' && startsWith(required, path.slice(0, -1));
}

function binaryImplies(
  model: FrameworkModel,
  expression: TSESTree.BinaryExpression,
  requirement: Requirement,
  truthy: boolean,
  handler: Handler,
): boolean {
  const { operator } = expression;
  const left = skipTypeWrappers(expression.left);
  const right = skipTypeWrappers(expression.right);
  if (operator === 'in') {
    if (!truthy || left.type !== AST_NODE_TYPES.Literal || typeof left.value !== 'string') return false;
    return keyPresenceImplies(model, left.value, right, requirement, handler);
  }
  const equality = operator === '===' || operator === '==';
  const inequality = operator === '!==' || operator === '!=';
  if (!equality && !inequality && operator !== '>') return false;
  if ((equality ? truthy : inequality && !truthy) && discriminantImplies(model, left, right, requirement, handler)) return true;
  if ((equality ? truthy : inequality && !truthy) && classifierImplies(model, left, right, requirement, handler)) return true;
  // `typeof x !== 'undefined'`
  const typeofSide = [left, right].find((side) => side.type === AST_NODE_TYPES.UnaryExpression && side.operator === 'typeof') as
    | TSESTree.UnaryExpression
    | undefined;
  const other = left === typeofSide ? right : left;
  const leftPath = resolveIn(model, typeofSide && typeofSide === left ? typeofSide.argument : left, handler);
  const valueSide = typeofSide ? typeofSide.argument : leftPath ? left : right;
  const literalSide = valueSide === left ? right : left;
  const path = typeofSide || leftPath === null ? resolveIn(model, valueSide, handler) : leftPath;
  const positive = equality ? truthy : !truthy;
  const subTypeTest = equality || inequality ? subTypeComparison(left, right) : null;
  if (positive && subTypeTest && requirement.mode === 'exists' && subTypeProves(model, subTypeTest.list, subTypeTest.subType, requirement.path, handler)) return true;
  if (positive && (equality || inequality) && requirement.mode === 'exists' && messageTypeProves(model, left, right, requirement.path, handler)) return true;
  if (path && !typeofSide && requirement.mode === 'exists' && literalSide.type === AST_NODE_TYPES.Literal && typeof literalSide.value === 'string') {
    // `ctx.chat.type` (not `ctx.chat?.type`) throws before the comparison unless the chat exists.
    const chatKnown = (): boolean => {
      const member = valueSide.type === AST_NODE_TYPES.ChainExpression ? valueSide.expression : valueSide;
      return (member.type === AST_NODE_TYPES.MemberExpression && !member.optional) || isSafe(model, { path: path.slice(0, -1), mode: 'exists' }, valueSide, handler);
    };
    if (positive && updateTypeProves(path, literalSide.value, requirement.path)) return true;
    if (chatTypeProvesSender(path, literalSide.value, positive, requirement.path, chatKnown)) return true;
    if (chatTypeProvesTitle(path, literalSide.value, positive, requirement.path)) return true;
  }
  if (!path || !(requirement.mode === 'exists' ? proves(path, requirement.path) : startsWith(path, requirement.path))) return false;
  if (requirement.mode === 'accessible') {
    // `msg.date !== 0`, `msg.date > 0`; `msg.date === 0` when falsy.
    if (path.length !== requirement.path.length + 1 || path[path.length - 1] !== 'date') return false;
    const zero = literalSide.type === AST_NODE_TYPES.Literal && literalSide.value === 0;
    if (!zero) return false;
    return operator === '>' || (inequality ? truthy : !truthy);
  }
  if (operator === '>') return truthy;
  if (typeofSide) {
    // `typeof x !== 'undefined'`; `typeof x === 'string'`, or `!== 'string'` when falsy (the early return
    // of a helper that checks its parameter): x is a string, so it exists.
    const typeName = other.type === AST_NODE_TYPES.Literal && typeof other.value === 'string' ? other.value : null;
    if (typeName === 'undefined') return inequality ? truthy : !truthy;
    return typeName === null ? equality && truthy : positive;
  }
  if (isNullish(literalSide)) {
    // `x != null`, `x !== undefined`; `x === undefined` when falsy. `x !== null` alone leaves undefined.
    const loose = operator.length === 2 || literalSide.type === AST_NODE_TYPES.Identifier;
    return loose && (inequality ? truthy : !truthy);
  }
  // `x.type === 'private'` (truthy), `x !== 'private'` (falsy): a non-nullish value was compared;
  // `x?.id === adminId` (truthy), `x?.id !== Number(ADMIN_ID)` (falsy, the early return of an admin check) alike;
  // not a value read through `?.` (`x?.id === ctx.chat?.id` holds when both are undefined).
  return literalSide.type === AST_NODE_TYPES.Literal || literalSide.type === AST_NODE_TYPES.TemplateLiteral || isFunction(literalSide)
    ? inequality ? !truthy : truthy
    : positive && !isNullish(literalSide) && !someInChain(literalSide === right ? expression.right : expression.left, (link) => link.type === AST_NODE_TYPES.ChainExpression);
}

/** Whether a context path holds the message a callback button is under (`callbackQuery.message`, `msg` in a callback-query handler). */
export function isCallbackMessage(path: ContextPath): boolean {
  const [first, second] = path.path;
  if (path.path.length === 2 && first === 'callbackQuery' && second === 'message') return true;
  return (
    path.path.length === 1 &&
    first === 'msg' &&
    path.handler.entries.every((entry) => entry.kind !== 'call' && entry.guarantees?.has('callbackQuery') === true)
  );
}
