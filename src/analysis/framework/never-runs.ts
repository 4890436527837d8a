/**
 * Code of a bot's file that never runs, though it is called or registered:
 *
 * - the handlers of a registration shadowed by an earlier catch-all. Telegraf and grammY run a
 *   composer's middleware in the order it was registered; an update goes on to the next one only
 *   when the middleware calls `next`. `bot.on('callback_query', (ctx) => { … })` — a top-level
 *   statement, one handler that cannot call `next` (no second parameter, or one it never names; no
 *   `arguments`, no rest parameter) — takes every callback query, so `bot.action('pay', h)`,
 *   `bot.callbackQuery(…)`, `bot.gameQuery(…)` or `bot.on('callback_query:data', …)` registered on
 *   the same bot after it never run. After: a later top-level statement of the same file, or a
 *   function that registers on its bot parameter (`registerPayHandlers(bot)`, see
 *   `parameter-bots.ts`) whose every call in the project is a top-level statement after the
 *   catch-all, passing that bot. The context carries no `next` in either framework: a handler that
 *   only passes `ctx` on (`handle(ctx)`) cannot let the update go on. A registration inside a
 *   function called otherwise, on another composer, a chained composer (`bot.chatType(…)`), a bot
 *   imported from another file, or a catch-all inside a block, with several handlers, or handed a
 *   function not written in the file keeps every handler;
 * - the handlers of an Express route an earlier route of the same app, method and literal path
 *   shadows: its last handler cannot call `next`, and no middleware before it (read here or in a
 *   project import) can call `next('route')` (`project/routes.ts`, `shadowedRouteHandlers`);
 * - a `catch` clause whose `try` cannot throw: every statement of the `try` is a call, neither
 *   awaited nor returned, of an `async` function the project declares (this file or a project
 *   import: `try { mainLoop(ctx.match[1]) } catch { ctx.reply('…') }`), whose callee and arguments
 *   cannot throw as they are evaluated (see {@link evaluatesSafely}). An async function turns every
 *   error of its body into a rejection, so the `catch` never runs; the rejection is another defect.
 *
 * Only the `bot-audit` command asks (the `uncalled` class of findings, `project/uncalled.ts`): a
 * finding inside such code is left out, and a function named only there is called by nothing.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, fileIndex, getPropertyName, isFunction, resolveVariable, skipTypeWrappers, topLevelStatement, type FunctionNode } from '../ast/index.js';
import { MAY_REGISTER_ROUTE, shadowedRouteHandlers } from '../project/index.js';
import { calledFunction, projectCallersOf, projectFile, projectFilesMatching, referencedFunction, type FileRef } from '../summaries/index.js';
import { isSafe } from './guards.js';
import { getFrameworkModel } from './model.js';
import type { BotInstance, FrameworkModel, Registration } from './types.js';

/** Registration methods whose every update is a callback query. */
const CALLBACK_QUERY_METHODS: Readonly<Record<string, ReadonlySet<string>>> = {
  telegraf: new Set(['action', 'gameQuery']),
  grammy: new Set(['callbackQuery', 'gameQuery']),
};

/** Texts worth parsing: a registration a catch-all may shadow (in a project with a catch-all), or a `try` that starts with a bare call. */
const MAY_SHADOW = /\.\s*(?:action|callbackQuery|gameQuery|on)\s*\(/;
const MENTIONS_CATCH_ALL = /\.\s*on\s*\(\s*(?:\[[^\]]*)?['"`]callback_query['"`]/;
const TRY_OF_CALLS = /\btry\s*\{\s*(?:void\s+)?[\w$]+\s*\(/;

/** A middleware a route names, read where it is written (this file or a project import; see `referencedFunction`). */
function middlewareOf(identifier: TSESTree.Identifier, file: FileRef): { fn: FunctionNode; sourceCode: FileRef['sourceCode'] } | null {
  const found = referencedFunction(identifier, file);
  return found ? { fn: found.fn, sourceCode: found.file.sourceCode } : null;
}

/**
 * The ranges of the file's code that never run (see the module comment): the handler arguments of
 * shadowed registrations and routes, and the `catch` clauses whose `try` cannot throw. `code` is the file's text,
 * read to parse only files that may have either.
 */
export function neverRunningCode(filename: string, code: string): [number, number][] {
  const mayShadow = MAY_SHADOW.test(code) && projectFilesMatching(filename, MENTIONS_CATCH_ALL).length > 0;
  const mayTry = TRY_OF_CALLS.test(code);
  const mayRoute = MAY_REGISTER_ROUTE.test(code) && /\bexpress\b/.test(code);
  if (!mayShadow && !mayTry && !mayRoute) return [];
  const file = projectFile(filename);
  if (!file || file.sourceCode.text !== code) return [];
  const ranges: [number, number][] = mayRoute ? shadowedRouteHandlers(file.sourceCode, (identifier) => middlewareOf(identifier, file)).map((handler) => handler.range) : [];
  if (!mayShadow && !mayTry) return ranges;
  const model = getFrameworkModel(file.sourceCode, file.filename);
  if (mayShadow) {
    for (const registration of model.registrations) {
      if (shadowed(registration, model, file)) for (const handler of registration.handlers) ranges.push(handler.node.range);
    }
  }
  if (mayTry) {
    for (const statement of fileIndex(file.sourceCode.ast).of(AST_NODE_TYPES.TryStatement)) {
      if (statement.handler && catchNeverRuns(statement, model, file)) ranges.push(statement.handler.range);
    }
  }
  return ranges;
}

/** Whether every update a registration takes is a callback query. */
function takesOnlyCallbackQueries(registration: Registration): boolean {
  if (CALLBACK_QUERY_METHODS[registration.framework]?.has(registration.method) === true) return true;
  const { filters } = registration;
  return registration.framework !== 'ntba' && registration.method === 'on' && filters !== null && filters.length > 0 && filters.every((filter) => filter === 'callback_query' || filter.startsWith('callback_query:'));
}

/** The bot a registration's receiver names directly (`bot.on(…)`, never a chained composer). */
function directReceiver(registration: Registration): TSESTree.Identifier | null {
  const callee = skipTypeWrappers(registration.call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(callee.object);
  return object.type === AST_NODE_TYPES.Identifier ? object : null;
}

/**
 * Whether a handler cannot call `next`: at most one parameter before an unnamed second one, no rest
 * parameter, no `arguments` (the context carries no `next` in Telegraf or grammY).
 */
function neverCallsNext(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (fn.params.some((param) => param.type === AST_NODE_TYPES.RestElement)) return false;
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && /\barguments\b/.test(sourceCode.getText(fn.body))) return false;
  if (fn.params.length < 2) return true;
  const next = fn.params[1]!;
  if (fn.params.length > 2 || next.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = sourceCode.getDeclaredVariables(fn).find((declared) => declared.defs.some((def) => def.name === next));
  return variable !== undefined && variable.references.length === 0;
}

/**
 * The top-level statements of the bot's file that register a catch-all of callback queries on it:
 * `bot.on('callback_query', (ctx) => { … })` as a statement of its own, its one handler written in
 * the file and unable to call `next`.
 */
function catchAllStatements(model: FrameworkModel, bot: BotInstance, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  return model.registrations.flatMap((registration) => {
    const statement = registration.call.parent;
    if (registration.method !== 'on' || registration.receiver?.instance !== bot || registration.filters?.includes('callback_query') !== true) return [];
    if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.parent.type !== AST_NODE_TYPES.Program || directReceiver(registration) === null) return [];
    const [handler, ...others] = registration.handlers;
    return handler?.fn && others.length === 0 && neverCallsNext(handler.fn, sourceCode) ? [statement] : [];
  });
}

/** Whether a top-level statement of a file runs after a catch-all of callback queries on `bot` registered in that file. */
function afterCatchAll(statement: TSESTree.Node, model: FrameworkModel, bot: BotInstance, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return catchAllStatements(model, bot, sourceCode).some((catchAll) => catchAll.range[1] <= statement.range[0]);
}

/** Whether a registration's handlers never run: a catch-all registered on its bot before it takes every update it would get. */
function shadowed(registration: Registration, model: FrameworkModel, file: FileRef): boolean {
  if (!takesOnlyCallbackQueries(registration) || registration.receiver === null) return false;
  const receiver = directReceiver(registration);
  if (receiver === null) return false;
  const { instance } = registration.receiver;
  if (instance) {
    const statement = topLevelStatement(registration.call);
    return statement !== null && afterCatchAll(statement, model, instance, file.sourceCode);
  }
  // A bot parameter (`const registerAbout = (bot) => { bot.action('about', …) }`): every call passes a bot after its catch-all.
  const variable = resolveVariable(receiver, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return false;
  const fn = def.node;
  const position = fn.params.indexOf(def.name);
  const callers = position === -1 ? null : projectCallersOf(fn, file);
  if (!callers || callers.length === 0) return false;
  return callers.every(({ call, file: at }) => {
    const statement = topLevelStatement(call);
    const argument = call.arguments[position];
    if (statement === null || argument === undefined || call.arguments.slice(0, position + 1).some((passed) => passed.type === AST_NODE_TYPES.SpreadElement)) return false;
    const callerModel = at.filename === file.filename ? model : getFrameworkModel(at.sourceCode, at.filename);
    const bot = skipTypeWrappers(argument).type === AST_NODE_TYPES.Identifier ? callerModel.resolveBot(argument)?.instance : null;
    return bot !== null && bot !== undefined && afterCatchAll(statement, callerModel, bot, at.sourceCode);
  });
}

/** Whether a `catch` never runs: every statement of its `try` starts an `async` function of the project and drops the promise (see the module comment). */
function catchNeverRuns(statement: TSESTree.TryStatement, model: FrameworkModel, file: FileRef): boolean {
  const { body } = statement.block;
  return (
    body.length > 0 &&
    body.every((inner) => {
      if (inner.type !== AST_NODE_TYPES.ExpressionStatement) return false;
      let expression = inner.expression;
      if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void') expression = expression.argument;
      if (expression.type !== AST_NODE_TYPES.CallExpression || expression.optional || expression.callee.type !== AST_NODE_TYPES.Identifier) return false;
      const called = calledFunction(expression, file);
      const fn = called?.fn;
      if (!fn || !fn.async || fn.generator) return false;
      return evaluatesSafely(expression.callee, expression, model, file) && expression.arguments.every((argument) => evaluatesSafely(argument, expression, model, file));
    })
  );
}

/** Definition kinds of a name that is bound before any code of its scope runs, or once it is written above. */
const HOISTED = new Set<string>([TSESLint.Scope.DefinitionType.Parameter, TSESLint.Scope.DefinitionType.ImportBinding, TSESLint.Scope.DefinitionType.FunctionName]);

/**
 * Whether evaluating an argument (or the callee) of `call` cannot throw: a literal, a template without
 * expressions, a name bound before the call (a parameter, an import, a function, a `var`, or a
 * `const`/`let` declared above it, the call in no function declaration hoisted above it), or a member read on a context value the
 * handler is sure to have (`ctx.match[1]` in `bot.hears(/re/, …)`: `ctx.match` exists; never
 * `ctx.session`, whose getter throws without a session key). A call, a template with values
 * (`${symbol}` throws), anything else may throw.
 */
function evaluatesSafely(node: TSESTree.Node, call: TSESTree.CallExpression, model: FrameworkModel, file: FileRef): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Literal) return true;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.length === 0;
  if (value.type === AST_NODE_TYPES.Identifier) {
    if (value.name === 'undefined') return resolveVariable(value, file.sourceCode) === null;
    const variable = resolveVariable(value, file.sourceCode);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!def) return false;
    if (HOISTED.has(def.type)) return true;
    if (def.type !== TSESLint.Scope.DefinitionType.Variable) return false;
    if (def.parent.kind === 'var') return true;
    // Written above the call, and the call is in no function hoisted above it (`function f() { g(x) }` may run first).
    const home = enclosingFunction(def.name);
    for (let fn = enclosingFunction(call); fn !== home; fn = enclosingFunction(fn)) if (fn === null || fn.type === AST_NODE_TYPES.FunctionDeclaration) return false;
    return def.name.range[1] <= call.range[0];
  }
  if (value.type !== AST_NODE_TYPES.MemberExpression || value.optional) return false;
  const key = value.computed && value.property.type === AST_NODE_TYPES.Literal && typeof value.property.value === 'number' ? String(value.property.value) : getPropertyName(value);
  if (key === null || key === 'session') return false;
  const object = skipTypeWrappers(value.object);
  const path = model.resolveContextPath(object);
  if (!path) return false;
  // The context itself is always there; a field of it must be one the handler is sure to get.
  return path.path.length === 0 ? evaluatesSafely(object, call, model, file) : evaluatesSafely(object, call, model, file) && isSafe(model, { path: path.path, mode: 'exists' }, object, path.handler);
}
