/**
 * Per-user serialisation: what makes one user's updates run one at a time, so that a read-check-write
 * on that user's own row cannot race with a second update of the same user (a double tap).
 *
 * - grammY runner's `bot.use(sequentialize(ctx => [String(ctx.chat?.id), String(ctx.from?.id)]))`
 *   (`@grammyjs/runner`), keyed on the chat and/or the sender.
 * - grammY's built-in long polling, `bot.start()`: it fetches a batch of updates and awaits the
 *   middleware of each before the next (grammY's "Scaling Up II"), unless the project runs the bot
 *   with grammY runner's `run(bot)`, on a webhook (`webhookCallback`) or feeds it updates by hand
 *   (`bot.handleUpdate(…)`), which handle updates concurrently. Telegraf's `launch()` does not wait (it handles a batch at once).
 * - A busy flag in an in-memory session, set before the handler's first `await`:
 *   `if (ctx.session.busy) return; ctx.session.busy = true;` (grammY `session()` without `storage`
 *   or with `MemorySessionStorage`, Telegraf `session()` without `store`). With an external store the
 *   flag is read and written across awaits and serialises nothing.
 *
 * - A one-shot pending state of the module, consumed in the same tick it is tested:
 *   `if (state[uid] === 'bet') { … state[uid] = undefined; … await debit(uid) }` — see
 *   `consumesPendingState`.
 *
 * All serialise one user only: a shared row (stock, a global counter, another user's row) still races —
 * except under grammY's `bot.start()`, which serialises every user's updates, not one user's: see
 * {@link serialisedForEveryUser}; so does a BullMQ worker that runs one job at a time, for the code only
 * its processor runs: see {@link serialisedInWorker}.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import {
  awaitedCall,
  awaitedCallbackCall,
  constInitializer,
  convertedToText,
  fileIndex,
  enclosingFunction,
  functionOf,
  getMemberPath,
  escapeRegExp,
  getPropertyName,
  GLOBAL_BULK_WRITE,
  globalObjectProperty,
  isFunction,
  isNullish,
  moduleBindings,
  outermostWrapper,
  propertyKey,
  resolveName,
  returnArguments,
  returnsOrThrows,
  skipTypeWrappers,
  someInSameFunction,
  waitsInSameFunction,
  walkSameFunction,
  writeReferences,
  type FunctionNode,
  type ModuleBinding,
} from '../ast/index.js';
import { objectMethodCallers, projectCallersOf, projectFilesMatching, projectUsesOf, runsInProcess, telegramProjectRoot, type FileRef, type ValueSite } from '../summaries/index.js';
import { othersWriteOnlyAtomically, type WrittenFields } from '../stores/index.js';
import { importedBots } from './imported-bots.js';
import { getFrameworkModel } from './model.js';
import { CONVERSATION_METHOD } from './plugins.js';
import { projectRunsBullmq, serialWorkerOf } from './queue-workers.js';
import { loneTimerJobOf } from './timer-jobs.js';
import type { BotInstance, FrameworkModel } from './types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Whether `code` runs only inside a bot handler whose updates are serialised per user (see the
 * module comment), and every value in `keys` (the values that select the rows read and written)
 * names the acting user (the update's `from.id` / `chat.id`, or a user looked up by it) or is a
 * constant, one at least naming the user. No keys: a shared row, never serialised.
 */
export function serialisedForActingUser(code: TSESTree.Node, keysOf: () => readonly TSESTree.Node[], sourceCode: SourceCode, filename?: string, written?: WrittenFields): boolean {
  // Asked of every unguarded write: first the one text test per file that rules nearly all files out.
  if (maySerialise(sourceCode, filename)) {
    const keys = keysOf();
    if (keys.length > 0 && serialisedAt(code, keys.map((node) => ({ node, path: [] })), sourceCode, filename, 0)) return true;
    if (filename !== undefined && serialisedForEveryUser(code, sourceCode, filename, written)) return true;
  }
  return filename !== undefined && written !== undefined && (serialisedInWorker(code, sourceCode, filename, written) || serialisedInTimer(code, sourceCode, filename, written));
}

/**
 * Whether `code` runs only in a lone timer job ({@link loneTimerJobOf}: one `setInterval` of at least a
 * minute whose callback is the job's call alone, besides an awaited first run before it), and every
 * other write of `written` in the project leaves its fields alone or only raises them atomically, or
 * runs in the same job, or in a function nothing calls: two runs of it never interleave, and nothing
 * else writes what it checked meanwhile. A store whose writes are not followed (no `written`) is not asked.
 */
function serialisedInTimer(code: TSESTree.Node, sourceCode: SourceCode, filename: string, written: WrittenFields): boolean {
  const job = loneTimerJobOf(code, { sourceCode, filename });
  return job !== null && othersWriteOnlyAtomically(written, filename, ({ call, file }) => neverCalled(call, file) || loneTimerJobOf(call, file) === job);
}

/**
 * Whether `code` runs only inside the processor of one BullMQ worker that takes one job at a time
 * ({@link serialWorkerOf}), and every other write of `written` in the project (a bot handler, an HTTP
 * route, another worker, a timer) leaves its fields alone or only raises them atomically, or runs in
 * the same worker, or in a function nothing calls ({@link othersWriteOnlyAtomically}): then two runs of
 * it never interleave, whoever's row it reads. A store whose writes are not followed (no `written`) is not asked.
 */
function serialisedInWorker(code: TSESTree.Node, sourceCode: SourceCode, filename: string, written: WrittenFields): boolean {
  if (!projectRunsBullmq(filename)) return false;
  const worker = serialWorkerOf(code, { sourceCode, filename });
  return worker !== null && othersWriteOnlyAtomically(written, filename, ({ call, file }) => neverCalled(call, file) || serialWorkerOf(call, file) === worker);
}

/**
 * Whether `code` runs only inside the handlers of the project's one bot, a grammY `Bot` started with
 * `bot.start()` (one update of any user at a time, see {@link startedSequentially}), and nothing
 * else in the project writes what its read-check-write relies on meanwhile. Then two runs of it
 * never interleave, whoever's row it reads: a shared row (a product's stock, an admin approving a
 * deposit, a count of a user's photos) too. Nothing else: every other write of `written` in the
 * project (an HTTP route, a worker, a timer, a payment webhook) leaves its fields alone or only
 * raises them atomically, or runs in the same bot's handlers, or in a function nothing calls
 * ({@link othersWriteOnlyAtomically}). Without `written` (a store whose writes are not followed:
 * MongoDB, Supabase, a query builder), no file of the project may run code outside the bot's update
 * loop at all ({@link OUTSIDE_THE_BOT}, read as code by {@link runsOutsideTheBot}).
 */
function serialisedForEveryUser(code: TSESTree.Node, sourceCode: SourceCode, filename: string, written: WrittenFields | undefined): boolean {
  if (telegramProjectRoot(filename) === null) return false;
  const bot = loopBot(code, sourceCode, filename, 0);
  if (!bot) return false;
  // A store whose writes are not followed: a second bot's handlers may write it meanwhile, as code outside any bot may.
  if (!written) return projectBots(filename).length === 1 && projectFilesMatching(filename, OUTSIDE_THE_BOT).every((file) => !runsOutsideTheBot(file));
  return othersWriteOnlyAtomically(written, filename, ({ call, file }) => neverCalled(call, file) || loopBot(call, file.sourceCode, file.filename, 0) === bot);
}

/**
 * The one grammY bot, started one update of any user at a time, whose update loop alone runs `code`: `code` is in a
 * handler registered in its file on that bot ({@link loopBotOf}), or in a helper whose every call in the project, seen in full
 * ({@link projectCallersOf}), is awaited or returned ({@link awaitedCall}) where this holds again (up
 * to {@link EVERY_USER_HOPS} helpers out) and every use of it as a value is a handler argument of a
 * registration on such bots (`bot.command('shop', shopCommand)` in the file that imports it), or in the handler a factory returns (`export function
 * createCallbackHandler(bot) { return async (ctx) => { … } }`) whose every call is an argument of a
 * registration on such bots (`bot.on('callback_query:data', createCallbackHandler(bot))`), the same bot on every
 * path. Null when no such bot is proven: a second bot of the project (`index.js` beside `src/index.ts`) runs its own
 * loop beside the first, so two paths to `code` through two bots may interleave.
 */
function loopBot(code: TSESTree.Node, sourceCode: SourceCode, filename: string, hops: number): LoopBot | null {
  const model = getFrameworkModel(sourceCode, filename);
  const handler = model.frameworks.size > 0 ? registeredHandler(code, model, sourceCode) : null;
  if (handler) return waitedForWithin(code, handler.fn) ? loopBotOf(handler, sourceCode, model, filename) : null;
  if (hops >= EVERY_USER_HOPS) return null;
  const fn = outermostFunction(code);
  if (!fn) return null;
  const made = inReturnedFunction(code, fn);
  if (!waitedForWithin(code, made ?? fn)) return null;
  // A method of a `const` object literal too (`export const orderService = { async checkout(userId) { … } }`).
  let callers = projectCallersOf(fn, { sourceCode, filename }) ?? (made ? null : objectMethodCallers(fn, { sourceCode, filename }, { moduleToo: true }));
  let values: readonly ValueSite[] = [];
  if (!callers && !made) {
    // A handler its module exports and the bot's file registers by name (`bot.command('shop', shopCommand)`), and calls too.
    const uses = projectUsesOf(fn, { sourceCode, filename });
    if (!uses) return null;
    ({ calls: callers, values } = uses);
  }
  if (!callers || callers.length + values.length === 0) return null;
  return oneBot([
    ...values.map(({ value, file }) => () => handlerOfSerialisedBot(value, file)),
    // A call in a named function nothing calls (an unused `enterDungeon` of a service class) runs in no loop at all.
    ...callers.map(({ call, file }) => () => (made ? registeredOnSerialisedBot(call, file) : neverCalled(call, file) ? DEAD : awaitedCall(call) ? loopBot(call, file.sourceCode, file.filename, hops + 1) : null)),
  ]);
}

/** A path to the code that never runs: it proves nothing and breaks nothing. */
const DEAD: unique symbol = Symbol('dead');

/** The bot every one of `paths` that runs gives, asked in turn until one gives none or another bot; null then, or when none runs. */
function oneBot(paths: readonly (() => LoopBot | typeof DEAD | null)[]): LoopBot | null {
  let found: LoopBot | null = null;
  for (const path of paths) {
    const bot = path();
    if (bot === DEAD) continue;
    if (!bot || (found && bot !== found)) return null;
    found = bot;
  }
  return found;
}

/** How many helpers out a write is followed to a handler of the bot: `deductCredits` ← `confirm` ← `routeCallback` ← the handler. */
const EVERY_USER_HOPS = 4;

/** The function `fn` returns that `code` sits in: `return async (ctx) => { … }`, or `fn`'s arrow body `(bot) => async (ctx) => { … }`; null when none. */
function inReturnedFunction(code: TSESTree.Node, fn: FunctionNode): FunctionNode | null {
  for (let inner = enclosingFunction(code); inner && inner !== fn; inner = enclosingFunction(inner)) {
    const parent = inner.parent;
    if (parent === fn && fn.body === inner) return inner;
    if (parent.type === AST_NODE_TYPES.ReturnStatement && enclosingFunction(parent) === fn) return inner;
  }
  return null;
}

/**
 * Every function between `code` and `outer` is waited for by the one around it, as grammY waits for the handler: an
 * inline callback of an awaited or returned call (`await withLock(async () => { … })`, see {@link awaitedCallbackCall})
 * or an awaited function called in place (`await (async () => { … })()`). A callback left to run on its own
 * (`void (async () => { … })()`, a floating `.then(…)`, `items.forEach(async …)`) lets the next update in before it ends.
 */
function waitedForWithin(code: TSESTree.Node, outer: FunctionNode): boolean {
  for (let fn = enclosingFunction(code); fn && fn !== outer; fn = enclosingFunction(fn)) {
    if (awaitedCallbackCall(fn)) continue;
    const use = outermostWrapper(fn);
    if (use.parent?.type !== AST_NODE_TYPES.CallExpression || use.parent.callee !== use || !awaitedCall(use.parent)) return false;
  }
  return true;
}

/**
 * `node` (a handler factory's call, or a handler passed by name) is an argument of a registration on one bot that
 * runs one update of any user at a time: that bot.
 */
function registeredOnSerialisedBot(node: TSESTree.Node, file: FileRef): LoopBot | null {
  const registration = node.parent;
  if (registration?.type !== AST_NODE_TYPES.CallExpression || !registration.arguments.includes(node as TSESTree.CallExpressionArgument)) return null;
  const model = getFrameworkModel(file.sourceCode, file.filename);
  const found = model.registrationsAt(registration);
  return oneBot(found.map((entry) => () => loopBotOf({ registration: entry.call, bot: entry.receiver?.instance ?? null }, file.sourceCode, model, file.filename)));
}

/**
 * A handler passed by name to a bot's own registration (`bot.command('shop', shopCommand)`) on one bot that runs
 * one update of any user at a time; not to `createConversation(…)`, whose function waits for later updates in between.
 */
function handlerOfSerialisedBot(value: TSESTree.Node, file: FileRef): LoopBot | null {
  const registration = value.parent;
  if (registration?.type !== AST_NODE_TYPES.CallExpression) return null;
  const found = getFrameworkModel(file.sourceCode, file.filename).registrationsAt(registration);
  return found.every((entry) => entry.receiver !== null && entry.method !== CONVERSATION_METHOD) ? registeredOnSerialisedBot(value, file) : null;
}

/** The outermost function around `code`, or null at a module's top level. */
function outermostFunction(code: TSESTree.Node): FunctionNode | null {
  let fn = enclosingFunction(code);
  for (let outer = fn && enclosingFunction(fn); outer; outer = enclosingFunction(outer)) fn = outer;
  return fn;
}

/**
 * A write in a named function (a declaration, a `const`'s function, a class method) that no code of
 * the project calls, seen in full: an unused `updateDepositStatus` of a query module writes nothing.
 * A callback passed inline (a route's handler) is called by what it is passed to.
 */
function neverCalled(code: TSESTree.Node, file: FileRef): boolean {
  const fn = outermostFunction(code);
  if (!fn) return false;
  const named = fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.parent.type === AST_NODE_TYPES.VariableDeclarator || fn.parent.type === AST_NODE_TYPES.MethodDefinition;
  if (!named) return false;
  const callers = projectCallersOf(fn, file);
  return callers !== null && callers.length === 0;
}

/**
 * Code that runs outside a bot's update loop, writing whatever it writes while a handler waits
 * between its read and its write: an HTTP server or route (a payment provider's webhook too), a
 * timer, a cron, queue or thread worker. Asked only of a store whose writes are not followed. A text
 * test that finds the files to look at: {@link runsOutsideTheBot} decides.
 */
const OUTSIDE_THE_BOT =
  /\b(?:express|fastify|hono|koa|hapi|createServer|setInterval|setTimeout|setImmediate|node-cron|cron|croner|node-schedule|scheduleJob|bullmq|bull|bee-queue|agenda|pg-boss|Worker|NextResponse|serve)\b|\.listen\s*\(|\b(?:app|router|server)\s*\.\s*(?:get|post|put|patch|delete|all|route)\s*\(/;

const OUTSIDE = new WeakMap<SourceCode, boolean>();

/**
 * Whether a file that matches {@link OUTSIDE_THE_BOT} runs code outside the bot's update loop: some match is code
 * (an identifier, a call, a module's name in an import or `require`), not a word of a string or a comment (`'Daily
 * Worker'`, `// served by …`), and is no harmless timer ({@link harmlessTimer}). Remembered per file.
 */
function runsOutsideTheBot(file: FileRef): boolean {
  let known = OUTSIDE.get(file.sourceCode);
  if (known === undefined) {
    const { sourceCode } = file;
    const comments = sourceCode.getAllComments();
    known = [...sourceCode.text.matchAll(new RegExp(OUTSIDE_THE_BOT.source, 'g'))].some(({ index }) => {
      if (comments.some((comment) => comment.range[0] <= index && index < comment.range[1])) return false;
      const node = sourceCode.getNodeByRangeIndex(index);
      if (!node) return true;
      if (node.type === AST_NODE_TYPES.TemplateElement || node.type === AST_NODE_TYPES.JSXText) return false;
      if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' && moduleSpecifier(node);
      return !(node.type === AST_NODE_TYPES.Identifier && harmlessTimer(node, file));
    });
    OUTSIDE.set(file.sourceCode, known);
  }
  return known;
}

/**
 * A string that names a module: `import … from 'node-cron'`, `require('express')`, `import('bullmq')`; never a text
 * with white space in it (`console.log('Bot ready to serve players!')`), which no module is named with.
 */
function moduleSpecifier(literal: TSESTree.Literal & { value: string }): boolean {
  const parent = literal.parent;
  if (parent.type === AST_NODE_TYPES.ImportDeclaration || parent.type === AST_NODE_TYPES.ImportExpression || parent.type === AST_NODE_TYPES.ExportAllDeclaration || parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  return (
    parent.type === AST_NODE_TYPES.CallExpression &&
    parent.arguments[0] === literal &&
    !/\s/.test(literal.value) &&
    !(parent.callee.type === AST_NODE_TYPES.Identifier && TIMERS.has(parent.callee.name))
  );
}

const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate']);

/**
 * A call of the global `setTimeout` / `setInterval` / `setImmediate` whose callback cannot write a store when it
 * fires: the `resolve` / `reject` of the `new Promise` executor around it (`sleep(ms)`), or a synchronous function
 * that only computes in the process ({@link runsInProcess}: `() => cooldowns.cleanup()` on an in-memory `Map`);
 * or a timer in a named function nothing calls (an unused `debounce`).
 */
function harmlessTimer(identifier: TSESTree.Identifier, file: FileRef): boolean {
  const call = identifier.parent;
  if (!TIMERS.has(identifier.name) || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) return false;
  const variable = resolveName(identifier.name, identifier, file.sourceCode);
  if (variable !== null && variable.defs.length > 0) return false;
  const callback = call.arguments[0];
  if (!callback) return false;
  const value = skipTypeWrappers(callback);
  if (value.type === AST_NODE_TYPES.Identifier && settlesPromise(value, file.sourceCode)) return true;
  const fn = functionOf(callback, file.sourceCode);
  if (fn && !fn.async && !fn.generator && fn.body && runsInProcess(fn.body, file)) return true;
  return neverCalled(call, file);
}

/** `resolve` (or `reject`) of the executor of a `new Promise(…)` the name is used in: `new Promise((resolve) => setTimeout(resolve, ms))`. */
function settlesPromise(identifier: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = resolveName(identifier.name, identifier, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return false;
  const executor = def.node;
  const created = executor.parent;
  if (created?.type !== AST_NODE_TYPES.NewExpression || created.arguments[0] !== executor || getMemberPath(created.callee)?.join('.') !== 'Promise') return false;
  return executor.params.slice(0, 2).some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === identifier.name);
}

/** A value that selects rows: `node`, then its properties `path` (`ctx` then `from.id`, passed on from a helper's `ctx.from.id`). */
interface Key {
  readonly node: TSESTree.Node;
  readonly path: readonly string[];
}

/** How many helpers a key is followed out of, to the handler that calls them: `deductTokens` ← `handleMessage` ← `bot.on(…)`. */
const MAX_HOPS = 3;

/**
 * {@link serialisedForActingUser} at `code` of one file: in a handler registered in the file, the
 * keys' origins and the handler's bots decide; in a helper (a query module's `deductTokens(userId,
 * amount)`, a handler module's `handleMessage(ctx)`), the keys must come from the helper's
 * parameters and every call of it in the project must be serialised with the arguments it passes.
 */
function serialisedAt(code: TSESTree.Node, keys: readonly Key[], sourceCode: SourceCode, filename: string | undefined, hops: number): boolean {
  const model = getFrameworkModel(sourceCode, filename);
  const handler = model.frameworks.size > 0 ? registeredHandler(code, model, sourceCode) : null;
  if (!handler) return filename !== undefined && hops < MAX_HOPS && serialisedThroughCallers(code, keys, sourceCode, filename, hops);
  // Every key names the acting user or is a constant (`status = 'active'`), and one names the user.
  const origins = keys.map((key) => keyOrigin(key, model, sourceCode));
  if (origins.includes('foreign') || !origins.includes('acting')) return false;
  const busy = busyFlagBefore(handler.fn, code);
  const bots = handlerBots(handler, sourceCode, model, filename);
  // A busy flag holds however the work runs; an update loop waits only for work the handler waits for.
  return (bots.serialised && waitedForWithin(code, handler.fn)) || (busy && bots.inMemorySession());
}

/** A key with properties passed on from a helper: the context's path (`ctx` + `from.id`), or a property of a value looked up by the acting user. */
function keyOrigin(key: Key, model: FrameworkModel, sourceCode: SourceCode): Origin {
  if (key.path.length === 0) return actingUserValue(key.node, model, sourceCode);
  const context = model.resolveContextPath(skipTypeWrappers(key.node));
  if (context) return isActingPath([...context.path, ...key.path]) ? 'acting' : 'foreign';
  return actingUserValue(key.node, model, sourceCode);
}

/**
 * `code` runs in a function no registration of its file passes to a bot: every key is made of the
 * function's parameters (and constants), and every call of the function in the project, seen in
 * full ({@link projectCallersOf}), is serialised for the acting user with the arguments it gives.
 */
function serialisedThroughCallers(code: TSESTree.Node, keys: readonly Key[], sourceCode: SourceCode, filename: string, hops: number): boolean {
  let fn = enclosingFunction(code);
  for (let outer = fn && enclosingFunction(fn); outer; outer = enclosingFunction(outer)) fn = outer;
  if (!fn) return false;
  const passed: ParameterKey[] = [];
  for (const key of keys) {
    const found = parameterKeys(key.node, fn, sourceCode, 0);
    if (found === null) return false;
    passed.push(...found.map((entry) => ({ index: entry.index, path: entry.path && [...entry.path, ...key.path] })));
  }
  if (passed.length === 0) return false;
  let callers = projectCallersOf(fn, { sourceCode, filename });
  if (!callers) {
    // Passed on as a value: only to `createConversation(…)`, in the file that imports it or in its own.
    const uses = projectUsesOf(fn, { sourceCode, filename }, { fileLocal: true });
    if (!uses || uses.values.length === 0 || !uses.values.every((site) => enteredAsConversation(site, passed))) return false;
    callers = uses.calls;
  } else if (callers.length === 0) return false;
  return callers.every(({ call, file }) => {
    const next: Key[] = [];
    for (const { index, path } of passed) {
      const argument = call.arguments[index];
      if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return false;
      next.push({ node: argument, path: path ?? [] });
    }
    return serialisedAt(call, next, file.sourceCode, file.filename, hops + 1);
  });
}

/**
 * A conversation builder `async function f(conversation, ctx)` passed to grammY conversations'
 * `createConversation(f)` where it is imported or in its own file: it runs inside the middleware of each update of its
 * chat (replayed from the start), so the project's bots decide as for a composer; every key is read
 * from its context (the second parameter) and names the acting user (`ctx.from.id`).
 */
function enteredAsConversation(site: ValueSite, passed: readonly ParameterKey[]): boolean {
  const call = site.value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== site.value) return false;
  const model = getFrameworkModel(site.file.sourceCode, site.file.filename);
  if (!model.registrationsAt(call).some((registration) => registration.method === CONVERSATION_METHOD)) return false;
  if (!passed.every(({ index, path }) => index === 1 && path !== null && isActingPath(path))) return false;
  const bots = projectBots(site.file.filename);
  return bots.length > 0 && bots.every(({ bot, file }) => sequentialized(bot, file) || startedSequentially(bot, file, site.file.filename));
}

/** Conversions of an id that keep it the same id: `String(id)`, `Number(id)`, `BigInt(id)`. */
const CONVERSIONS = new Set(['String', 'Number', 'BigInt', 'parseInt']);

/**
 * A parameter a key is made of: its position, and the properties read from it (`ctx.from.id`: `ctx`,
 * `from.id`), or null when the key is a row looked up by it (`getUser(id)`, `String(id)`): the lookup's
 * argument is what the caller must name the user with.
 */
interface ParameterKey {
  readonly index: number;
  readonly path: readonly string[] | null;
}

/**
 * The parameters of `fn` a key is made of, through `const`s, properties, `await` and lookups (the
 * arguments of a call, and its receiver unless a client of the module); literals add none. Null when
 * anything else goes in (a variable, another function's parameter, a destructured parameter).
 */
function parameterKeys(node: TSESTree.Node, fn: FunctionNode, sourceCode: SourceCode, depth: number): ParameterKey[] | null {
  const value = skipTypeWrappers(node);
  const all = (parts: readonly TSESTree.Node[], lookup: boolean): ParameterKey[] | null => {
    const found: ParameterKey[] = [];
    for (const part of parts) {
      const keys = parameterKeys(part, fn, sourceCode, depth);
      if (keys === null) return null;
      found.push(...(lookup ? keys.map((key) => ({ index: key.index, path: null })) : keys));
    }
    return found;
  };
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return [];
    case AST_NODE_TYPES.Identifier: {
      const variable = resolveName(value.name, value, sourceCode);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def?.type === TSESLint.Scope.DefinitionType.Parameter) {
        const index = def.node === fn ? fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === value.name) : -1;
        return index < 0 ? null : [{ index, path: [] }];
      }
      const init = depth < MAX_DEPTH ? constInitializer(value, sourceCode) : null;
      return init ? parameterKeys(init, fn, sourceCode, depth + 1) : null;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = value.computed ? null : getPropertyName(value);
      if (name === null) return all([value.object, value.property], true);
      return parameterKeys(value.object, fn, sourceCode, depth)?.map((key) => ({ index: key.index, path: key.path && [...key.path, name] })) ?? null;
    }
    case AST_NODE_TYPES.ChainExpression:
      return parameterKeys(value.expression, fn, sourceCode, depth);
    case AST_NODE_TYPES.AwaitExpression:
      return parameterKeys(value.argument, fn, sourceCode, depth);
    case AST_NODE_TYPES.CallExpression: {
      // A conversion of the id (`String(id)`, `id.toString()`, `Number(id)`) is the id; any other call looks a row up by its arguments.
      const callee = skipTypeWrappers(value.callee);
      const converted = convertedToText(value);
      if (converted && !isModuleValue(converted, sourceCode)) return all([converted], false);
      if (callee.type === AST_NODE_TYPES.Identifier && CONVERSIONS.has(callee.name) && value.arguments.length === 1) return all(value.arguments, false);
      const member = callee.type === AST_NODE_TYPES.MemberExpression ? callee : null;
      const receiver = member && !isModuleValue(member.object, sourceCode) ? [member.object] : [];
      return all([...value.arguments, ...receiver], true);
    }
    case AST_NODE_TYPES.TemplateLiteral:
      return all(value.expressions, false);
    case AST_NODE_TYPES.BinaryExpression:
      return all([value.left, value.right], false);
    case AST_NODE_TYPES.ObjectExpression:
      // An ORM's `where: { telegramId: String(id) }`: the values select the row.
      return all(value.properties.map((property) => (property.type === AST_NODE_TYPES.Property ? property.value : property.argument)), false);
    default:
      return null;
  }
}

/** What the bots that run a handler do to its updates: the same for every write of the handler. */
interface HandlerBots {
  /** Every bot installs `sequentialize` (before the registration, in the handler's own file) or is started one update at a time. */
  readonly serialised: boolean;
  /** Every bot keeps its session in memory (asked only when the handler sets a busy flag). */
  inMemorySession(): boolean;
}

/** Work done per handler, not per write: tests read it. */
export const serialisedWork = { handlersAsked: 0 };

/** {@link handlerBots}'s answers, by registration (a bot of the file) or by file (a composer's bots are the project's). */
const HANDLER_BOTS = new WeakMap<TSESTree.CallExpression | SourceCode, HandlerBots>();

function handlerBots(handler: { registration: TSESTree.CallExpression; bot: BotInstance | null }, sourceCode: SourceCode, model: FrameworkModel, filename: string | undefined): HandlerBots {
  const { bot } = handler;
  const own = bot?.kind === 'bot';
  const key = own ? handler.registration : sourceCode;
  let known = HANDLER_BOTS.get(key);
  if (known) return known;
  serialisedWork.handlersAsked++;
  // A bot of this file: its own middlewares, installed before the handler's registration.
  // A composer, or a bot passed in (`export function register(bot: Bot)`): every bot of the project serialises.
  const bots = own ? [{ bot, file: { sourceCode, model, before: handler.registration.range[0], ...(filename === undefined ? {} : { filename }) } }] : filename === undefined ? [] : projectBots(filename);
  let memory: boolean | undefined;
  known = {
    serialised: bots.length > 0 && bots.every(({ bot, file }) => sequentialized(bot, file) || startedSequentially(bot, file, filename)),
    inMemorySession: () => (memory ??= bots.length > 0 && bots.every(({ bot, file }) => inMemorySession(bot, file))),
  };
  HANDLER_BOTS.set(key, known);
  return known;
}

/** {@link loopBotOf}'s answers, by registration. */
const LOOP_BOT = new WeakMap<TSESTree.CallExpression, LoopBot | null>();

/**
 * A bot as its file and its creation's offset: the same bot whether its file is the one linted or the copy read from
 * disk for another file's question (two ASTs, two `BotInstance`s).
 */
type LoopBot = string;

/**
 * The one bot whose update loop runs a handler, when that bot is started one update of any user at a time
 * ({@link startedSequentially}): a bot of this file; or, for a composer or a bot passed in, the one bot of the
 * project, or — in a project of several bots — the one bot every call of the function whose parameter the
 * registration is made on passes in ({@link passedBots}: `registerPublicHandlers(bot)` in `src/index.ts`).
 */
function loopBotOf(handler: { registration: TSESTree.CallExpression; bot: BotInstance | null }, sourceCode: SourceCode, model: FrameworkModel, filename: string | undefined): LoopBot | null {
  if (filename === undefined && handler.bot?.kind !== 'bot') return null;
  let known = LOOP_BOT.get(handler.registration);
  if (known === undefined) {
    let bots = handler.bot?.kind === 'bot' ? [{ bot: handler.bot, file: { sourceCode, model, before: handler.registration.range[0], ...(filename === undefined ? {} : { filename }) } }] : projectBots(filename!);
    if (bots.length > 1 && filename !== undefined) bots = passedBots(handler.registration, sourceCode, filename) ?? bots;
    const [only] = bots;
    known = bots.length === 1 && only && startedSequentially(only.bot, only.file, filename) ? `${only.file.filename ?? ''}#${only.bot.creation.range[0]}` : null;
    LOOP_BOT.set(handler.registration, known);
  }
  return known;
}

/**
 * The bots a registration is made on when its receiver is a parameter of the function around it (`export const
 * registerPublicHandlers = (bot: Bot<BotContext>) => { bot.callbackQuery(…) }`): what every call of that function in
 * the project, seen in full, passes there — a bot created in the caller's file. Null when any call passes anything else.
 */
function passedBots(registration: TSESTree.CallExpression, sourceCode: SourceCode, filename: string): { bot: BotInstance; file: BotFile }[] | null {
  const callee = skipTypeWrappers(registration.callee);
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
  if (receiver?.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveName(receiver.name, receiver, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return null;
  const fn = def.node;
  const index = fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === receiver.name);
  const callers = index < 0 ? null : projectCallersOf(fn, { sourceCode, filename });
  if (!callers || callers.length === 0) return null;
  const found: { bot: BotInstance; file: BotFile }[] = [];
  for (const { call, file } of callers) {
    const argument = call.arguments[index];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return null;
    const model = getFrameworkModel(file.sourceCode, file.filename);
    const bot = model.resolveBot(skipTypeWrappers(argument))?.instance;
    if (bot?.kind !== 'bot') return null;
    if (!found.some((entry) => entry.bot === bot)) found.push({ bot, file: { sourceCode: file.sourceCode, model, before: Infinity, filename: file.filename } });
  }
  return found;
}

const MAY_SERIALISE = new WeakMap<SourceCode, boolean>();
/** A grammY file that starts a bot: `bot.start()` is grammY's one-update-at-a-time polling (Telegraf's `bot.start(fn)` is the /start command). */
const startsGrammyBot = (text: string): boolean => /\.start\s*\(/.test(text) && /\bgrammy\b/.test(text);

/**
 * Whether anything could serialise the file's handlers: a busy flag needs a session in the file
 * (`ctx.session.…`), a grammY bot started in the file, `sequentialize` is installed in the file or in another file of the project (a
 * composer's bot). One text test per file, remembered.
 */
function maySerialise(sourceCode: SourceCode, filename: string | undefined): boolean {
  let known = MAY_SERIALISE.get(sourceCode);
  if (known === undefined) {
    known = /\b(?:session|sequentialize)\b/.test(sourceCode.text) || startsGrammyBot(sourceCode.text) || (filename !== undefined && projectFilesMatching(filename, SEQUENTIALIZES).length > 0);
    MAY_SERIALISE.set(sourceCode, known);
  }
  return known;
}

/** Files that install grammY runner's `sequentialize(…)`, or start a bot with `bot.start()`. */
const SEQUENTIALIZES = /\bsequentialize\s*\(|\.start\s*\(/;

/** Where a bot's middlewares are read: the file's source code and model, and (in the handler's own file) the registration they must precede. */
interface BotFile {
  sourceCode: SourceCode;
  model: FrameworkModel;
  before: number;
  /** The file's name, when known: a bot a factory of the file returns is started where the factory is called. */
  filename?: string;
}

/** Files that create a bot: `new Bot(…)`, `new Telegraf(…)`. */
const CREATES_BOT = /\bnew\s+(?:[\w$]+\.)?(?:Bot|Telegraf)\s*[(<]/;

/** The bots created in the files of the bot project around `filename`. */
function projectBots(filename: string): { bot: BotInstance; file: BotFile }[] {
  return projectFilesMatching(filename, CREATES_BOT).flatMap((ref) => {
    const model = getFrameworkModel(ref.sourceCode, ref.filename);
    const file = { sourceCode: ref.sourceCode, model, before: Infinity, filename: ref.filename };
    return model.bots.filter((bot) => bot.kind === 'bot').map((bot) => ({ bot, file }));
  });
}

/** The outermost function around `code` that a registration of this file passes to a bot or composer, that registration, and its bot when created here. */
function registeredHandler(code: TSESTree.Node, model: FrameworkModel, sourceCode: SourceCode): { fn: FunctionNode; registration: TSESTree.CallExpression; bot: BotInstance | null } | null {
  let found: { fn: FunctionNode; registration: TSESTree.CallExpression; bot: BotInstance | null } | null = null;
  for (let fn = enclosingFunction(code); fn; fn = enclosingFunction(fn)) {
    const entry = model.getHandler(fn)?.entries.find((candidate) => candidate.kind === 'registration' && candidate.model === undefined);
    if (entry?.kind === 'registration') found = { fn, registration: entry.registration.call, bot: entry.registration.receiver?.instance ?? null };
  }
  return found && calledOnlyThere(found.fn, sourceCode) ? found : null;
}

/**
 * The handler is written inline in its registration, or its name is used only there: no server
 * route, job or payment webhook of this file calls it too.
 */
function calledOnlyThere(fn: FunctionNode, sourceCode: SourceCode): boolean {
  if (fn.parent.type === AST_NODE_TYPES.CallExpression) return true;
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent.type === AST_NODE_TYPES.VariableDeclarator ? fn.parent : null;
  if (!declaration) return false;
  // An exported handler may also be called where it is imported.
  const statement = declaration.type === AST_NODE_TYPES.VariableDeclarator ? declaration.parent.parent : declaration.parent;
  if (statement?.type === AST_NODE_TYPES.ExportNamedDeclaration || statement?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return false;
  return sourceCode.getDeclaredVariables(declaration).every((variable) => variable.references.filter((reference) => reference.identifier !== variable.identifiers[0]).length <= 1);
}

const bindingsOf = (sourceCode: SourceCode): ReadonlyMap<string, ModuleBinding> => moduleBindings(sourceCode.ast);

/** The calls `bot.use(…)` of a bot created in this file: their first arguments, through a `const`. */
function middlewares(bot: BotInstance, { model, sourceCode, before }: BotFile): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  for (const call of model.callsOn(bot)) {
    const callee = skipTypeWrappers(call.callee);
    if (call.range[0] > before || callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'use') continue;
    for (const argument of call.arguments) {
      const value = skipTypeWrappers(argument);
      found.push(value.type === AST_NODE_TYPES.Identifier ? (constInitializer(value, sourceCode) ?? value) : value);
    }
  }
  return found;
}

/** `name(…)` where `name` is bound to the export `exported` of a module matching `module`. */
function callOf(node: TSESTree.Node, module: RegExp, exported: string, bindings: ReadonlyMap<string, ModuleBinding>): TSESTree.CallExpression | null {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.CallExpression) return null;
  const path = getMemberPath(value.callee);
  if (!path) return null;
  const binding = bindings.get(path[0]!);
  if (!binding || !module.test(binding.module)) return null;
  const name = path.length === 1 ? binding.imported : binding.imported === '*' && path.length === 2 ? path[1] : null;
  return name === exported ? value : null;
}

const RUNNER = /^@grammyjs\/runner(?:\/|$)/;

/** `bot.use(sequentialize(constraint))` whose constraint keys on the chat and/or the sender only. */
function sequentialized(bot: BotInstance, file: BotFile): boolean {
  const bindings = bindingsOf(file.sourceCode);
  return middlewares(bot, file).some((middleware) => {
    const call = callOf(middleware, RUNNER, 'sequentialize', bindings);
    const constraint = call?.arguments[0] ? functionOf(call.arguments[0], file.sourceCode) : null;
    const param = constraint?.params[0];
    if (!constraint || param?.type !== AST_NODE_TYPES.Identifier) return false;
    const returned = returnedValues(constraint);
    return returned.length > 0 && returned.every((value) => userKeyOf(value, param.name));
  });
}

/** Code that handles a grammY bot's updates concurrently: grammY runner, a webhook, updates fed by hand (`bot.handleUpdate(req.body)` in a route). */
const CONCURRENT = /@grammyjs\/runner|\/x\/grammy_runner|\bwebhookCallback\s*\(|\.handleUpdate\s*\(/;

/**
 * A grammY `Bot` this file starts with `bot.start()` (grammY's own long polling: one update at a
 * time), in a project where no file (this one included) imports grammY runner, serves a webhook or
 * calls `handleUpdate`.
 */
const STARTED_SEQUENTIALLY = new WeakMap<BotInstance, boolean>();

function startedSequentially(bot: BotInstance, file: BotFile, filename: string | undefined): boolean {
  if (bot.framework !== 'grammy' || bot.className !== 'Bot') return false;
  // Asked for every unguarded write of the file: the answer depends on the bot only.
  let known = STARTED_SEQUENTIALLY.get(bot);
  if (known === undefined) {
    known = startsOneAtATime(bot, file, filename);
    STARTED_SEQUENTIALLY.set(bot, known);
  }
  return known;
}

function startsOneAtATime(bot: BotInstance, file: BotFile, filename: string | undefined): boolean {
  const starts = file.model.callsOn(bot).some((call) => {
    const callee = skipTypeWrappers(call.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'start';
  });
  if (!holdsOnlyItsCreation(bot, file) || !(starts || startedByFactoryCaller(bot, file) || startedByImporter(bot, file)) || CONCURRENT.test(file.sourceCode.text)) return false;
  return filename === undefined || projectFilesMatching(filename, CONCURRENT).length === 0;
}

/**
 * The bot's variable holds that bot or nothing: every value written to it is the bot's creation or
 * `null` / `undefined` (`let bot: Bot | null = null; if (TOKEN) { bot = new Bot(TOKEN); … }`). A
 * variable reassigned to anything else (a second `new Bot(…)`, another bot, a factory's result) may
 * hold a bot run some other way where it is started or imported. A bot kept in a property: its one
 * creation. A creation behind a hot-reload cache of the global object (`bot = global.botInstance || new Bot(…)`)
 * counts as the creation when that cache holds nothing but this bot ({@link cachesOnlyItself}).
 */
function holdsOnlyItsCreation(bot: BotInstance, file: BotFile): boolean {
  const held = bot.cachedIn === null ? bot.creation : bot.creation.parent;
  if (bot.cachedIn !== null && !cachesOnlyItself(bot, bot.cachedIn, file)) return false;
  if (!bot.variable) return true;
  return writeReferences(bot.variable).every(({ writeExpr }) => !!writeExpr && (skipTypeWrappers(writeExpr) === held || isNullish(writeExpr)));
}

/**
 * The property `name` of the global object holds the bot or nothing: every write of it in the bot's file stores the bot's
 * own variable or member (`global.botInstance = bot`) or nothing, and no other file of the project writes it, nor the
 * global object by a computed key or as a whole (`global[key] = …`, `Object.assign(global, …)`). In Node a module runs
 * once per process, so the cache read before the creation is empty or holds the bot a former run of this same code made.
 */
function cachesOnlyItself(bot: BotInstance, name: string, file: BotFile): boolean {
  const { sourceCode } = file;
  const writesHere = fileIndex(sourceCode.ast)
    .of(AST_NODE_TYPES.AssignmentExpression)
    .filter((assignment) => globalObjectProperty(assignment.left, sourceCode) === name);
  const storesTheBot = writesHere.every(({ right }) => {
    const value = skipTypeWrappers(right);
    if (isNullish(value)) return true;
    if (value.type === AST_NODE_TYPES.Identifier) return bot.variable !== null && resolveName(value.name, value, sourceCode) === bot.variable;
    return bot.memberPath !== null && getMemberPath(value)?.join('.') === bot.memberPath;
  });
  if (!storesTheBot || GLOBAL_BULK_WRITE.test(sourceCode.text)) return false;
  const writes = new RegExp(`${GLOBAL_BULK_WRITE.source}|(?<![\\w$.])(?:global|globalThis)\\s*\\.\\s*${escapeRegExp(name)}\\s*(?:[|?&]{2})?=(?![=>])`);
  return file.filename === undefined || projectFilesMatching(file.filename, writes).every((ref) => ref.filename === file.filename);
}

/**
 * The one grammY `Bot` its file creates and exports (`export const bot = new Bot(…)`, `let bot =
 * null; if (TOKEN) bot = new Bot(TOKEN); export { bot }`), started by a project file that imports it
 * (`import { bot } from './bot/index.js'; … bot.start(…)`, `await bot!.start(…)` in a retry wrapper
 * a timer calls: grammY's long polling, wherever it is called from).
 */
function startedByImporter(bot: BotInstance, file: BotFile): boolean {
  const { filename } = file;
  if (filename === undefined || file.model.bots.filter((other) => other.kind === 'bot').length !== 1) return false;
  return projectFilesMatching(filename, STARTS).some((ref) => {
    if (ref.filename === filename) return false;
    const names = [...importedBots(ref.sourceCode.ast, ref.filename)].filter(([, imported]) => imported.filename === filename && imported.className === bot.className).map(([name]) => name);
    if (names.length === 0) return false;
    return fileIndex(ref.sourceCode.ast)
      .of(AST_NODE_TYPES.CallExpression)
      .some((call) => {
        const callee = skipTypeWrappers(call.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'start') return false;
        const receiver = skipTypeWrappers(callee.object);
        return receiver.type === AST_NODE_TYPES.Identifier && names.includes(receiver.name);
      });
  });
}

/** Files that call a `.start(…)`. */
const STARTS = /\.start\s*\(/;

/**
 * A bot a factory of its file creates and returns (`export function createBot() { const bot = new
 * Bot(…); …; return bot; }`), started where the factory is called: every call of the factory in the
 * project, seen in full, is stored in a `const` (`const bot = createBot()`, awaited too) and one at
 * least calls `.start(…)` on it.
 */
function startedByFactoryCaller(bot: BotInstance, file: BotFile): boolean {
  const variable = bot.variable;
  const factory = enclosingFunction(bot.creation);
  if (!variable || !factory || file.filename === undefined || enclosingFunction(factory)) return false;
  const returnsBot = returnedValues(factory).some((value) => value.type === AST_NODE_TYPES.Identifier && value.name === variable.name && resolveName(value.name, value, file.sourceCode) === variable);
  if (!returnsBot) return false;
  const callers = projectCallersOf(factory, { sourceCode: file.sourceCode, filename: file.filename });
  if (!callers || callers.length === 0) return false;
  let started = false;
  for (const { call, file: caller } of callers) {
    const stored = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent.parent : call.parent;
    if (stored?.type !== AST_NODE_TYPES.VariableDeclarator || stored.id.type !== AST_NODE_TYPES.Identifier || stored.parent.kind !== 'const') return false;
    const [declared] = caller.sourceCode.getDeclaredVariables(stored);
    started ||= declared?.references.some(({ identifier }) => {
      const member = identifier.parent;
      return member.type === AST_NODE_TYPES.MemberExpression && member.object === identifier && getPropertyName(member) === 'start' && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member;
    }) ?? false;
  }
  return started;
}

/** What a function returns: its expression body, or the arguments of its `return` statements; arrays are spread. */
function returnedValues(fn: FunctionNode): TSESTree.Node[] {
  return returnArguments(fn).values.flatMap((value): TSESTree.Node[] => {
    const inner = skipTypeWrappers(value);
    return inner.type === AST_NODE_TYPES.ArrayExpression ? inner.elements.filter((element) => element !== null) : [inner];
  });
}

/** `ctx.from.id`, `ctx.chat?.id`, `ctx.chatId`, wrapped in `String(…)`, `.toString()` or a template: a key made of the sender or the chat. */
function userKeyOf(node: TSESTree.Node, ctx: string): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ChainExpression) return userKeyOf(value.expression, ctx);
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.length > 0 && value.expressions.every((expression) => userKeyOf(expression, ctx));
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const converted = convertedToText(value);
    return converted !== null && userKeyOf(converted, ctx);
  }
  const path = getMemberPath(value);
  return path !== null && path[0] === ctx && isActingPath(path.slice(1));
}

/** A context path that names the acting user or their chat: `from.id`, `chat.id`, `chatId`, `callbackQuery.from.id`, NTBA `message.chat.id`. */
function isActingPath(path: readonly string[]): boolean {
  if (path.length === 1) return path[0] === 'chatId';
  if (path.some((part) => FOREIGN_PARTS.test(part))) return false;
  const [owner, id] = path.slice(-2);
  return id === 'id' && (owner === 'from' || owner === 'chat');
}

/** Parts of a context path that lead to another user or chat: the message replied to, a forward, a mention. */
const FOREIGN_PARTS = /^(reply_?to_?message|replyToMessage|forward\w*|external_?reply|externalReply|sender_?chat|senderChat|entities|new_?chat_?members?|left_?chat_?member|users_?shared|chat_?shared|via_?bot)$/i;

type Origin = 'acting' | 'neutral' | 'foreign';

const MAX_DEPTH = 4;

/**
 * Whether a value names the acting user: it is made of the update's `from.id` / `chat.id` (looking
 * through `const`s, conversions and calls that look a user up by it: `getUser(ctx.from.id)`), and of
 * nothing else from outside (callback data, a parameter, another user's id). Literals are neutral.
 */
function actingUserValue(node: TSESTree.Node, model: FrameworkModel, sourceCode: SourceCode, depth = 0): Origin {
  const value = skipTypeWrappers(node);
  const path = model.resolveContextPath(value);
  if (path) return isActingPath(path.path) ? 'acting' : 'foreign';
  const all = (nodes: readonly TSESTree.Node[]): Origin => {
    let origin: Origin = 'neutral';
    for (const part of nodes) {
      const next = actingUserValue(part, model, sourceCode, depth);
      if (next === 'foreign') return 'foreign';
      if (next === 'acting') origin = 'acting';
    }
    return origin;
  };
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return 'neutral';
    case AST_NODE_TYPES.Identifier: {
      const init = depth < MAX_DEPTH ? constInitializer(value, sourceCode) : null;
      return init ? actingUserValue(init, model, sourceCode, depth + 1) : 'foreign';
    }
    case AST_NODE_TYPES.MemberExpression:
      // `user.id`, `rows[0].id`: a property of a value looked up by the acting user.
      return value.computed ? all([value.object, value.property]) : all([value.object]);
    case AST_NODE_TYPES.ChainExpression:
      return all([value.expression]);
    case AST_NODE_TYPES.AwaitExpression:
      return all([value.argument]);
    case AST_NODE_TYPES.CallExpression:
      // The arguments decide which row a lookup returns (`getUser(ctx.from.id)`, `String(id)`); a method's receiver too (`id.toString()`).
      return all([...value.arguments, ...(value.callee.type === AST_NODE_TYPES.MemberExpression && !isModuleValue(value.callee.object, sourceCode) ? [value.callee.object] : [])]);
    case AST_NODE_TYPES.TemplateLiteral:
      return all(value.expressions);
    case AST_NODE_TYPES.BinaryExpression:
      return all([value.left, value.right]);
    case AST_NODE_TYPES.ArrayExpression:
      return all(value.elements.filter((element) => element !== null));
    case AST_NODE_TYPES.ObjectExpression:
      return all(value.properties.map((property) => (property.type === AST_NODE_TYPES.Property ? property.value : property.argument)));
    default:
      return 'foreign';
  }
}

/** A receiver that is a client or a module, not a value: `db.getUser(…)`, `prisma.user.findUnique(…)`, `pool.query(…)`. */
function isModuleValue(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const path = getMemberPath(node);
  if (!path || path[0] === 'this') return path !== null;
  const variable = resolveName(path[0]!, node, sourceCode);
  // A name bound at the top of the file (an import, a client created there) or a global is a service, not a value of this update.
  return variable === null || variable.scope.type === TSESLint.Scope.ScopeType.module || variable.scope.type === TSESLint.Scope.ScopeType.global;
}

/**
 * The handler's body starts with `if (ctx.session.busy) return;` and then, before any `await`,
 * `ctx.session.busy = true;`, both before `code`.
 */
function busyFlagBefore(fn: FunctionNode, code: TSESTree.Node): boolean {
  const ctx = fn.params[0];
  if (fn.body?.type !== AST_NODE_TYPES.BlockStatement || ctx?.type !== AST_NODE_TYPES.Identifier) return false;
  const checked = new Set<string>();
  for (const statement of fn.body.body) {
    if (statement.range[1] > code.range[0] || waitsInSameFunction(statement)) return false;
    if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && returnsOrThrows(statement.consequent)) {
      const flag = sessionFlag(statement.test, ctx.name);
      if (flag !== null) checked.add(flag);
    } else if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      const { left, right } = statement.expression;
      const flag = sessionFlag(left, ctx.name);
      if (flag !== null && checked.has(flag) && right.type === AST_NODE_TYPES.Literal && right.value === true) return true;
    }
  }
  return false;
}

/** `ctx.session.busy`, `ctx.session?.busy`, `ctx.session.busy === true`: the flag's name. */
function sessionFlag(node: TSESTree.Node, ctx: string): string | null {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.BinaryExpression && (value.operator === '===' || value.operator === '==') && value.right.type === AST_NODE_TYPES.Literal && value.right.value === true) {
    value = skipTypeWrappers(value.left);
  }
  if (value.type === AST_NODE_TYPES.ChainExpression) value = value.expression;
  const path = getMemberPath(value);
  return path?.length === 3 && path[0] === ctx && path[1] === 'session' ? path[2]! : null;
}

const FRAMEWORK_MODULE = /^(grammy|telegraf)(?:\/|$)/;

/** `bot.use(session(…))` with no external store: grammY without `storage` or with `MemorySessionStorage`, Telegraf without `store`. */
function inMemorySession(bot: BotInstance, file: BotFile): boolean {
  const bindings = bindingsOf(file.sourceCode);
  return middlewares(bot, file).some((middleware) => {
    const call = callOf(middleware, FRAMEWORK_MODULE, 'session', bindings);
    if (!call) return false;
    const options = call.arguments[0];
    if (!options) return true;
    const value = skipTypeWrappers(options);
    if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
    return value.properties.every((property) => {
      if (property.type !== AST_NODE_TYPES.Property) return false;
      const key = propertyKey(property);
      if (key !== 'storage' && key !== 'store') return true;
      const store = skipTypeWrappers(property.value);
      return store.type === AST_NODE_TYPES.NewExpression && getMemberPath(store.callee)?.at(-1) === 'MemorySessionStorage';
    });
  });
}

/**
 * Whether `code` runs only past a one-shot pending state: it sits in the consequent of
 * `if (state[key] === V)` (or `state.get(key) === V`), where `state` is an object, array or `Map`
 * created at the top of the module (in memory, shared by every update), the same block changes the
 * entry (`state[key] = …`, `delete state[key]`, `state.delete(key)`, `state.set(key, …)`) before its
 * first `await` and before `code`, and `key` is among the values that select the written row. One
 * arming of the entry (a button of another update) lets one update through: a second message of the
 * same user finds it cleared. Not when the same function arms the entry (`state[key] = V`) before the test.
 */
export function consumesPendingState(code: TSESTree.Node, keys: readonly TSESTree.Node[], sourceCode: SourceCode): boolean {
  for (let node: TSESTree.Node = code; node.parent && !isFunction(node.parent); node = node.parent) {
    const gate = node.parent;
    if (gate.type !== AST_NODE_TYPES.IfStatement || gate.consequent !== node || node.type !== AST_NODE_TYPES.BlockStatement) continue;
    const entry = pendingEntry(gate.test, sourceCode);
    if (!entry || !keys.some((selector) => mentions(selector, entry.key, sourceCode)) || armedBefore(gate, entry, sourceCode)) continue;
    for (const statement of node.body) {
      if (statement.range[1] > code.range[0] || waitsInSameFunction(statement)) break;
      if (clears(statement, entry, sourceCode)) return true;
    }
  }
  return false;
}

interface PendingEntry {
  /** The module's state: `state`. */
  readonly state: string;
  /** The key's text: `uid`. */
  readonly key: string;
  /** The value tested: `'bet'`. */
  readonly value: TSESTree.Literal;
}

/** `state[key] === V`, `state.get(key) == V` (either side), `state` an object, array or `Map` of the module. */
function pendingEntry(test: TSESTree.Node, sourceCode: SourceCode): PendingEntry | null {
  const value = skipTypeWrappers(test);
  if (value.type !== AST_NODE_TYPES.BinaryExpression || (value.operator !== '===' && value.operator !== '==')) return null;
  const [read, literal] = value.right.type === AST_NODE_TYPES.Literal ? [value.left, value.right] : [value.right, value.left];
  if (literal.type !== AST_NODE_TYPES.Literal) return null;
  const entry = entryOf(read, sourceCode);
  return entry && moduleState(entry.object, sourceCode) ? { state: entry.object.name, key: entry.key, value: literal } : null;
}

/** `state[key]` or `state.get(key)`: the state's identifier and the key's text. */
function entryOf(node: TSESTree.Node, sourceCode: SourceCode): { object: TSESTree.Identifier; key: string } | null {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.MemberExpression && value.computed && value.object.type === AST_NODE_TYPES.Identifier) {
    return { object: value.object, key: sourceCode.getText(value.property) };
  }
  if (value.type === AST_NODE_TYPES.CallExpression && value.arguments.length >= 1) {
    const callee = skipTypeWrappers(value.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && ['get', 'set', 'delete'].includes(getPropertyName(callee) ?? '')) {
      return { object: callee.object, key: sourceCode.getText(value.arguments[0]) };
    }
  }
  return null;
}

/** An object, array or `new Map()` bound at the top of the module: in memory, one for every update. */
function moduleState(identifier: TSESTree.Identifier, sourceCode: SourceCode): boolean {
  const variable = resolveName(identifier.name, identifier, sourceCode);
  const def = variable?.defs[0];
  if (variable?.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || !def.node.init) return false;
  if (variable.scope.type !== TSESLint.Scope.ScopeType.module && variable.scope.type !== TSESLint.Scope.ScopeType.global) return false;
  const init = skipTypeWrappers(def.node.init);
  return init.type === AST_NODE_TYPES.ObjectExpression || init.type === AST_NODE_TYPES.ArrayExpression || (init.type === AST_NODE_TYPES.NewExpression && getMemberPath(init.callee)?.at(-1) === 'Map');
}

/** Whether the selector is, or holds, an expression written as `key`: `{ id: uid }`, `[sum, uid]`. */
function mentions(selector: TSESTree.Node, key: string, sourceCode: SourceCode): boolean {
  return someInSameFunction(selector, (node) => (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) && sourceCode.getText(node) === key);
}

/** A statement that changes the entry: `state[key] = …`, `delete state[key]`, `state.delete(key)`, `state.set(key, …)`. */
function clears(statement: TSESTree.Node, entry: PendingEntry, sourceCode: SourceCode): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = skipTypeWrappers(statement.expression);
  let target: TSESTree.Node | null = null;
  if (expression.type === AST_NODE_TYPES.AssignmentExpression) target = expression.left;
  else if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'delete') target = expression.argument;
  else if (expression.type === AST_NODE_TYPES.CallExpression && getMemberPath(expression.callee)?.at(-1) !== 'get') target = expression;
  const changed = target && entryOf(target, sourceCode);
  return !!changed && changed.object.name === entry.state && changed.key === entry.key;
}

/** The function around the gate sets the entry to the tested value before the test (`state[uid] = 'bet'; if (state[uid] === 'bet')`). */
function armedBefore(gate: TSESTree.IfStatement, entry: PendingEntry, sourceCode: SourceCode): boolean {
  const fn = enclosingFunction(gate);
  let armed = false;
  walkSameFunction(fn?.body ?? sourceCode.ast, (node) => {
    if (armed || node.range[0] >= gate.range[0]) return false;
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.right.type !== AST_NODE_TYPES.Literal || node.right.value !== entry.value.value) return;
    const changed = entryOf(node.left, sourceCode);
    armed = changed !== null && changed.object.name === entry.state && changed.key === entry.key;
  });
  return armed;
}
