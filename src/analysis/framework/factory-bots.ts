/**
 * Bots a factory of another project file creates and returns, started in the file that calls it:
 *
 * ```ts
 * // bot/index.ts
 * export const createBot = () => { const bot = new Telegraf(token); registerCommands(bot); return bot; };
 * // app.ts
 * const bot = createBot();
 * await bot.launch(); // the factory's bot, started here
 * ```
 *
 * The factory is the function `calledFunction` resolves the call to in another file (an import by a
 * relative path or a tsconfig `paths` alias, the project layer's one resolver), whose every return is
 * one bot its own file's model proves (`returnedBot`; nullish returns aside). The error handling of
 * that bot is read on both sides: in the factory's file (`botErrorHandling` of its model: `bot.catch`
 * in the factory, a function it hands the bot to that installs one) and here (a `bot.catch(…)` on the
 * caller's variable, a function of this or a project file it hands the bot to that installs one).
 *
 * Nothing is guessed: the bot must not leave either side for code the summaries cannot follow. In
 * the factory, every use of its variable is a member access (`bot.command(…)`), a `return`, or an
 * argument of a call the summaries resolve; it is not exported nor kept in a member. Here, every
 * use of the caller's `const` is a member access, a truthiness test (`if (bot)`), or an argument of a
 * resolved call. Otherwise (a package's `run(bot)`, a bot returned or exported on, a factory that may
 * return something else, an import that does not resolve) there is no answer.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, getMemberPath, getPropertyName, outermostWrapper, resolveVariable, skipTypeWrappers } from '../ast/index.js';
import { calledFunction, type FileRef, telegramProjectRoot } from '../summaries/index.js';
import { returnedBot } from './bots.js';
import { botErrorHandling, installsErrorHandler, isBotExported, isErrorHandlerCall, NO_HANDLER_MEMBERS, telegrafWebhookLaunch } from './error-handling.js';
import { getFrameworkModel } from './model.js';
import { isTruthinessTest } from './reads.js';
import type { BotInstance } from './types.js';

type Variable = TSESLint.Scope.Variable;

/** How each framework's bot is started by polling: Telegraf's `bot.launch(…)`, grammY's `bot.start(…)`. */
const START: Readonly<Record<string, string>> = { telegraf: 'launch', grammy: 'start' };

/** Where the text of a file says it may start a bot; other files are not looked at. */
const STARTS = /\.\s*(?:launch|start)\s*\(/;

export interface FactoryStart {
  /** The start call of this file: `bot.launch()`, `bot.start()`. */
  readonly call: TSESTree.CallExpression;
  /** The bot the factory creates, in its own file's model. */
  readonly bot: BotInstance;
  /** The caller's variable, as the message names it. */
  readonly name: string;
  /** A Telegraf launch that serves Telegraf 4's own webhook: what a handler error does there (see `telegrafWebhookLaunch`); null otherwise. */
  readonly webhook: 'kept' | 'ends' | null;
}

/**
 * The starts of this file of a bot a project file's factory returns, when neither the factory's file
 * nor this file installs an error handler on it (`accepted`: the calls that count, per framework; see
 * the module comment), the factory's handlers are not all proven never to fail, and no catching router
 * or first middleware that drops `next()` takes the factory's handlers. `installers` as the rule's option.
 */
export function unhandledFactoryStarts(file: FileRef, accepted: Readonly<Record<string, readonly string[]>>, installers: ReadonlySet<string>): FactoryStart[] {
  const { sourceCode } = file;
  if (!STARTS.test(sourceCode.text)) return [];
  const byVariable = new Map<Variable, { init: TSESTree.CallExpression; awaited: boolean; starts: TSESTree.CallExpression[] }>();
  for (const call of fileIndex(sourceCode.ast).of(AST_NODE_TYPES.CallExpression)) {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = getPropertyName(callee);
    const receiver = skipTypeWrappers(callee.object);
    if ((method !== 'launch' && method !== 'start') || receiver.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = resolveVariable(receiver, sourceCode);
    const known = variable ? byVariable.get(variable) : undefined;
    if (known) {
      known.starts.push(call);
      continue;
    }
    const created = variable ? factoryCall(variable) : null;
    if (variable && created) byVariable.set(variable, { ...created, starts: [call] });
  }
  if (byVariable.size === 0 || telegramProjectRoot(file.filename) === null) return [];
  const found: FactoryStart[] = [];
  for (const [variable, { init, awaited, starts }] of byVariable) {
    const called = calledFunction(init, file);
    if (!called?.external) continue;
    const factoryModel = getFrameworkModel(called.file.sourceCode, called.file.filename);
    const bot = returnedBot(called.fn, awaited, (returned) => factoryModel.resolveBot(returned))?.instance;
    const taking = bot && bot.kind === 'bot' ? accepted[bot.framework] : undefined;
    if (!bot || !taking || !staysInFactory(bot, called.file)) continue;
    const program = called.file.sourceCode.ast;
    const index = fileIndex(program);
    const factory = botErrorHandling(factoryModel, index.of(AST_NODE_TYPES.CallExpression), index.of(AST_NODE_TYPES.NewExpression), installers, called.file).find((handling) => handling.bot === bot);
    if (!factory || factory.handles(taking) || factory.routedThroughCatchingRouter() || factory.droppingMiddleware().some((middleware) => middleware.first)) continue;
    const caller = callerHandling(variable, taking, installers, file);
    if (caller === null || caller.handles || (!caller.mayRegister && factory.handlersNeverFail(true))) continue;
    for (const call of starts) {
      if (getPropertyName(skipTypeWrappers(call.callee) as TSESTree.MemberExpression) === START[bot.framework]) found.push({ call, bot, name: variable.name, webhook: bot.framework === 'telegraf' ? telegrafWebhookLaunch(call, file) : null });
    }
  }
  return found;
}

/** `const bot = createBot(…)` or `const bot = await createBot(…)` (a plain name as callee), never written again. */
function factoryCall(variable: Variable): { init: TSESTree.CallExpression; awaited: boolean } | null {
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  if (variable.references.some((reference) => reference.isWrite() && reference.identifier !== def.node.id)) return null;
  let value = skipTypeWrappers(def.node.init);
  const awaited = value.type === AST_NODE_TYPES.AwaitExpression;
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  if (value.type !== AST_NODE_TYPES.CallExpression || skipTypeWrappers(value.callee).type !== AST_NODE_TYPES.Identifier) return null;
  return { init: value, awaited };
}

/**
 * Whether the factory keeps its bot to itself until it returns it: held in a variable that is not
 * exported, whose every use is a member access (`bot.command(…)`), a `return`, or an argument of a call
 * the summaries resolve (`registerCommands(bot)` of a project file).
 */
function staysInFactory(bot: BotInstance, file: FileRef): boolean {
  if (!bot.variable || bot.memberPath !== null || isBotExported(bot)) return false;
  return bot.variable.references.every((reference) => {
    if (reference.init) return true;
    const use = outermostWrapper(reference.identifier);
    const parent = use.parent;
    if (parent?.type === AST_NODE_TYPES.ReturnStatement) return true;
    if (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === use) return true;
    return isMemberUse(use) || passedToKnownFunction(use, file);
  });
}

/**
 * Whether the caller installs an error handler on its variable (`bot.catch(…)`, or hands it to a
 * function that does), and whether it may register handlers of its own (a registration, the bot handed
 * to a function); null when the bot leaves for code the summaries cannot follow (a package's
 * `run(bot)`, `export { bot }`, `other = bot`, `bot.catch = fn`).
 */
function callerHandling(variable: Variable, accepted: readonly string[], installers: ReadonlySet<string>, file: FileRef): { handles: boolean; mayRegister: boolean } | null {
  let handles = false;
  let mayRegister = false;
  for (const reference of variable.references) {
    if (reference.init) continue;
    const use = outermostWrapper(reference.identifier);
    const parent = use.parent!;
    if (isMemberUse(use)) {
      const call = parent.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && outermostWrapper(call.callee) === parent && isErrorHandlerCall(call, accepted, file)) handles = true;
      else if (!NO_HANDLER_MEMBERS.has(getPropertyName(parent as TSESTree.MemberExpression) ?? '')) mayRegister = true;
      continue;
    }
    if (isTruthinessTest(use)) continue;
    if (!passedToKnownFunction(use, file)) return null;
    mayRegister = true;
    const call = parent as TSESTree.CallExpression;
    const path = getMemberPath(call.callee);
    const installer = path !== null && (installers.has(path[path.length - 1]!) || installers.has(path.join('.')));
    if (installer || installsErrorHandler(call, call.arguments.indexOf(use as TSESTree.CallExpressionArgument), accepted, file)) handles = true;
  }
  return { handles, mayRegister };
}

/** `bot.command(…)`, `bot.telegram.sendMessage(…)`: the bot as the object of a member that is not written. */
function isMemberUse(use: TSESTree.Node): boolean {
  const parent = use.parent;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== use) return false;
  const outer = outermostWrapper(parent).parent;
  return !(outer?.type === AST_NODE_TYPES.AssignmentExpression && outermostWrapper(outer.left) === outermostWrapper(parent));
}

/** The bot as an argument of a call the summaries resolve to a function of this or a project file. */
function passedToKnownFunction(use: TSESTree.Node, file: FileRef): boolean {
  const call = use.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee !== use && call.arguments.includes(use as TSESTree.CallExpressionArgument) && calledFunction(call, file) !== null;
}
