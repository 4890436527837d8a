/**
 * Error summaries: may a function fail with an error nobody logged? A caller's `.catch(() => {})`
 * or empty `catch` around a call of a function that already deals with its own failures hides
 * nothing.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { ARRAY_CALLBACK_METHODS, constInitializer, enclosingFunction, functionOf, getPropertyName, isFunction, moduleBindings, requiredModule, resolveVariable, skipTypeWrappers, someInSameFunction, TIMER_CLEARS, TIMER_SCHEDULERS, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { CONVERSIONS, onlyTalksToUser, readsError, type LoggerMatcher } from '../errors/index.js';
import { neverReturns } from '../flow/index.js';
import { CHAT_UI_METHODS, chatRole, isDiscordTypeGuard, isSapphireHandlerResult } from '../framework/index.js';
import { RESPONSE_SENDS, RESPONSE_SETTERS, requestsChatMethod } from '../http/index.js';
import { isNeverRejectingSupabaseQuery, prismaQueryLogsOwnFailure } from '../stores/index.js';
import { calledFunction, thisFieldValue, type FileRef } from './functions.js';
import { botProjectFrameworks } from './project.js';

/** How deep a chain of project functions is followed (`init` → `warmup` → `login`). */
const MAX_DEPTH = 3;

/**
 * Per logger model and function: does it deal with its own failures (`safe`), never fail (`strict`),
 * never fail apart from given dropped promises (`tolerant`, per set of them), only talk to the chat (`chat`)?
 */
const memo = new WeakMap<LoggerMatcher, WeakMap<FunctionNode, Summary>>();
interface Summary {
  safe?: boolean;
  strict?: boolean;
  tolerant?: WeakMap<ReadonlySet<TSESTree.Node>, boolean>;
  chat?: boolean;
}
/** Work done by the summary (functions summarised, memo hits excluded): a count for tests. */
export const errorSummaryWork = { functions: 0, chatFunctions: 0 };

function summaryOf(loggers: LoggerMatcher, fn: FunctionNode): Summary {
  let byFunction = memo.get(loggers);
  if (!byFunction) memo.set(loggers, (byFunction = new WeakMap()));
  let summary = byFunction.get(fn);
  if (!summary) byFunction.set(fn, (summary = {}));
  return summary;
}

/**
 * Whether the function a call runs is proven to deal with its own failures: every statement that
 * can fail sits in a `try` whose `catch` logs (and may rethrow: the error was logged) or returns
 * without throwing, and everything outside such a `try` only calls loggers or other functions
 * proven the same way. A query of a Prisma client created with `log: ['error']` prints its own
 * failure (see `prismaQueryLogsOwnFailure`). An unknown callee, a deep chain or a recursive one is not proven: false.
 */
export function callHandlesOwnErrors(call: TSESTree.CallExpression, file: FileRef, loggers: LoggerMatcher): boolean {
  return callIsSafe(call, file, loggers, 0, new Set());
}

/**
 * Whether a function never fails at all (a bot handler that nothing needs to catch): the check of
 * {@link callHandlesOwnErrors}, stricter about `catch` clauses: one that throws, or makes a chat call
 * (`await ctx.reply('failed')` rejects when the user blocked the bot), lets an error out.
 * `dropped` are calls whose failure the caller accounts for: promises started as statements of
 * their own whose rejection never reaches the function's caller (chat calls dropped in a handler's
 * `catch` or by a synchronous handler), or string methods on a value the caller proved a string, or
 * a keyboard the caller proved built without a throw (`new InlineKeyboard().text('A', 'a')`).
 * They are no failure of the function, though their arguments still count.
 */
export function functionNeverFails(fn: FunctionNode, file: FileRef, loggers: LoggerMatcher, dropped?: ReadonlySet<TSESTree.Node>): boolean {
  return functionIsSafe(fn, file, loggers, 0, new Set(), true, dropped !== undefined && dropped.size > 0 ? dropped : undefined);
}

function callIsSafe(call: TSESTree.CallExpression, file: FileRef, loggers: LoggerMatcher, depth: number, active: Set<FunctionNode>, strict = false, dropped?: ReadonlySet<TSESTree.Node>): boolean {
  // A query of a Prisma client created with `log: ['error']` prints its own failure (it still fails: not in strict mode).
  if (!strict && prismaQueryLogsOwnFailure(call, file)) return true;
  const target = calledFunction(call, file);
  return target !== null && functionIsSafe(target.fn, target.file, loggers, depth, active, strict, dropped);
}

function functionIsSafe(fn: FunctionNode, file: FileRef, loggers: LoggerMatcher, depth: number, active: Set<FunctionNode>, strict: boolean, dropped?: ReadonlySet<TSESTree.Node>): boolean {
  const summary = summaryOf(loggers, fn);
  // A function that never fails at all never fails apart from some dropped promises either.
  const known = dropped ? (summary.strict === true ? true : summary.tolerant?.get(dropped)) : strict ? summary.strict : summary.safe;
  if (known !== undefined) return known;
  if (depth >= MAX_DEPTH || active.has(fn)) return false;
  active.add(fn);
  errorSummaryWork.functions++;
  const context: Context = { file, loggers, depth: depth + 1, active, strict, dropped };
  const safe =
    fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body.every((statement) => statementIsSafe(statement, context)) : quiet(fn.body, context);
  active.delete(fn);
  // A result reached at the depth limit is not the function's own: only memoise complete answers.
  if (safe || depth === 0) {
    if (dropped) (summary.tolerant ??= new WeakMap()).set(dropped, safe);
    else if (strict) summary.strict = safe;
    else summary.safe = safe;
  }
  return safe;
}

interface Context {
  readonly file: FileRef;
  readonly loggers: LoggerMatcher;
  readonly depth: number;
  readonly active: Set<FunctionNode>;
  /** {@link functionNeverFails}: a `catch` may neither throw nor make a chat call. */
  readonly strict: boolean;
  /** {@link functionNeverFails}: dropped promises the caller reports where they are, no failure here. */
  readonly dropped?: ReadonlySet<TSESTree.Node> | undefined;
}

function statementIsSafe(statement: TSESTree.Statement, context: Context): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.TryStatement:
      return (
        statement.handler !== null &&
        catchIsSafe(statement.handler, context) &&
        (statement.finalizer === null || statement.finalizer.body.every((s) => statementIsSafe(s, context)))
      );
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.every((s) => statementIsSafe(s, context));
    case AST_NODE_TYPES.IfStatement:
      if (!context.strict && isConfigurationGuard(statement, context.file)) return true;
      return (
        quiet(statement.test, context) &&
        statementIsSafe(statement.consequent, context) &&
        (statement.alternate === null || statementIsSafe(statement.alternate, context))
      );
    // A loop that only tests a quiet condition: `while (running) { try { … } catch (e) { log.warn(e); } }` never fails.
    // Not `for…of`: it runs the iterable's iterator (a cursor, a generator), code nobody proved.
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return quiet(statement.test, context) && statementIsSafe(statement.body, context);
    case AST_NODE_TYPES.ForStatement:
      return (
        [statement.init, statement.test, statement.update].every((part) => part === null || quiet(part, context)) &&
        statementIsSafe(statement.body, context)
      );
    case AST_NODE_TYPES.ForOfStatement:
      return !context.strict && isLoggedAttempts(statement, context);
    // `throw new Error('All providers failed')` after a loop of logged attempts: each failure was logged before it.
    case AST_NODE_TYPES.ThrowStatement:
      return !context.strict && followsLoggedAttempts(statement, context);
    case AST_NODE_TYPES.ReturnStatement:
      return statement.argument === null || quiet(statement.argument, context);
    case AST_NODE_TYPES.ExpressionStatement:
      return quiet(statement.expression, context);
    case AST_NODE_TYPES.VariableDeclaration:
      return statement.declarations.every((d) => d.init === null || quiet(d.init, context));
    case AST_NODE_TYPES.EmptyStatement:
    case AST_NODE_TYPES.FunctionDeclaration:
    case AST_NODE_TYPES.BreakStatement:
    case AST_NODE_TYPES.ContinueStatement:
      return true;
    default:
      return false;
  }
}

/**
 * `for (const provider of [primary, ...fallbacks]) { try { return await call(provider); } catch (err) { logger.warn(err.message); } }`:
 * a loop of attempts over an array written in place (or a `const` holding one) with at least one
 * element that is no spread, so it runs at least once. Its body is a `try` whose block ends in a
 * `return` and whose `catch` logs and does not throw, among statements that are safe, with no
 * `break` or `continue`: the loop ends only when every attempt failed into the log.
 */
function isLoggedAttempts(loop: TSESTree.ForOfStatement, context: Context): boolean {
  if (loop.await || loop.left.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  let list = skipTypeWrappers(loop.right);
  if (list.type === AST_NODE_TYPES.Identifier) list = skipTypeWrappers(constInitializer(list, context.file.sourceCode) ?? list);
  if (list.type !== AST_NODE_TYPES.ArrayExpression || !list.elements.some((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement) || !quiet(list, context)) return false;
  const body = loop.body.type === AST_NODE_TYPES.BlockStatement ? loop.body.body : [loop.body];
  if (someInSameFunction(loop.body, (node) => node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement)) return false;
  const attempt = body.find((statement): statement is TSESTree.TryStatement => statement.type === AST_NODE_TYPES.TryStatement);
  const last = attempt?.block.body[attempt.block.body.length - 1];
  const handler = attempt?.handler;
  return (
    handler !== null &&
    handler !== undefined &&
    last?.type === AST_NODE_TYPES.ReturnStatement &&
    attempt!.finalizer === null &&
    catchLogs(handler, context) &&
    body.every((statement) => statementIsSafe(statement, context))
  );
}

/** A `catch` that logs, throws nothing and is otherwise safe (see {@link catchIsSafe}). */
function catchLogs(handler: TSESTree.CatchClause, context: Context): boolean {
  return (
    catchIsSafe(handler, context) &&
    !someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement) &&
    someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.CallExpression && context.loggers.isLoggingCall(node))
  );
}

/** A `throw` that is the statement right after a loop of logged attempts ({@link isLoggedAttempts}) in the same block. */
function followsLoggedAttempts(statement: TSESTree.ThrowStatement, context: Context): boolean {
  const block = statement.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement) return false;
  const before = block.body[block.body.indexOf(statement) - 1];
  return before?.type === AST_NODE_TYPES.ForOfStatement && isLoggedAttempts(before, context) && quiet(statement.argument, context);
}

/**
 * `if (!this.checkout) throw new Error('Payment service is not initialized')`: a guard that leaves
 * with a plain error (`new Error` of a literal or a template of names) while the configuration it
 * reads is missing. The test calls nothing and reads only state from outside the function (`this`,
 * a module variable, `process.env`), never an argument or a local: the state is known from startup
 * (where an unset key is reported), not a failure of I/O that a caller's `catch` would hide. No
 * `else`. `functionNeverFails` still counts the throw.
 */
function isConfigurationGuard(statement: TSESTree.IfStatement, file: FileRef): boolean {
  if (statement.alternate) return false;
  const body = statement.consequent.type === AST_NODE_TYPES.BlockStatement && statement.consequent.body.length === 1 ? statement.consequent.body[0]! : statement.consequent;
  if (body.type !== AST_NODE_TYPES.ThrowStatement || body.argument.type !== AST_NODE_TYPES.NewExpression || !callsNothing(body.argument.arguments[0] ?? body.argument.callee)) return false;
  // Only reached for the statements of a function's body.
  const fn = enclosingFunction(statement)!;
  let outside = true;
  walkSameFunction(statement.test, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.AssignmentExpression || node.type === AST_NODE_TYPES.UpdateExpression) {
      outside = false;
    } else if (node.type === AST_NODE_TYPES.Identifier && !(node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node && !node.parent.computed)) {
      const def = resolveVariable(node, file.sourceCode)?.defs[0];
      if (def && def.name.range[0] >= fn.range[0] && def.name.range[1] <= fn.range[1]) outside = false;
    }
    return outside;
  });
  return outside;
}

/**
 * A `catch` that does not let an unlogged error out: it calls only loggers, proven functions and
 * chat operations (`ctx.reply('❌ failed')`: the error is dealt with; if the apology itself fails,
 * that is a best-effort chat call), and throws only after logging.
 */
function catchIsSafe(handler: TSESTree.CatchClause, context: Context): boolean {
  let logs = false;
  let throws = false;
  let safe = true;
  walkSameFunction(handler.body, (node) => {
    if (!safe) return false;
    if (node.type === AST_NODE_TYPES.ThrowStatement) throws = true;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      if (context.loggers.isLoggingCall(node)) {
        logs = true;
        return false;
      }
      if (readsError(node, handler)) return false;
      if (context.strict ? catchesAndLogs(node, context.loggers) : chatRole(node) === 'ui') return false;
      if (cannotFail(node, context.file) || context.dropped?.has(node)) return undefined;
      // As in `quiet`: work in the process (`msg.toLowerCase()`) does no I/O; `functionNeverFails` still counts it.
      if (!context.strict && callAndCallbacksInProcess(node, context.file, context.depth, context.active)) return undefined;
      if (!callIsSafe(node, context.file, context.loggers, context.depth, context.active, context.strict, context.dropped)) safe = false;
    }
    // A pause before the next attempt (`await new Promise((r) => setTimeout(r, 2000))`) only resolves.
    if (node.type === AST_NODE_TYPES.NewExpression && !throwsIt(node) && !onlyResolves(node)) safe = false;
    return undefined;
  });
  return safe && (context.strict ? !throws : !throws || logs);
}

/**
 * `fail(ctx, 'No link')` of `function fail(ctx, text) { ctx.reply(text); throw new BotError(text); }`:
 * a call, as a statement of its own (awaited or returned when the function is `async`: an `async`
 * one only rejects where it is awaited), of a project function that never returns (its body ends in
 * a `throw` on every path, see `neverReturns`), in this file or a project file it imports. The caller throws there.
 */
export function callAlwaysThrows(call: TSESTree.CallExpression, file: FileRef): boolean {
  const parent = call.parent;
  const awaited = parent.type === AST_NODE_TYPES.AwaitExpression;
  const statement = awaited ? parent.parent : parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement && statement?.type !== AST_NODE_TYPES.ReturnStatement) return false;
  const target = calledFunction(call, file);
  return target !== null && (!target.fn.async || awaited || statement.type === AST_NODE_TYPES.ReturnStatement) && neverReturns(target.fn);
}

/**
 * `const { data, error } = await supabase.from('orders').select('*')`: a Supabase query reports a
 * failure in `error` instead of throwing, and the code takes `error` out to look at it. Any link of
 * the chain is recognised.
 */
export function returnsErrorResult(call: TSESTree.CallExpression): boolean {
  if (!isSupabaseCall(call)) return false;
  let top: TSESTree.Node = call;
  while (top.parent?.type === AST_NODE_TYPES.MemberExpression && top.parent.object === top && top.parent.parent.type === AST_NODE_TYPES.CallExpression) {
    top = top.parent.parent;
  }
  const awaited = top.parent?.type === AST_NODE_TYPES.AwaitExpression ? top.parent : null;
  const declarator = awaited?.parent;
  return (
    declarator?.type === AST_NODE_TYPES.VariableDeclarator &&
    declarator.id.type === AST_NODE_TYPES.ObjectPattern &&
    declarator.id.properties.some((p) => p.type === AST_NODE_TYPES.Property && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'error')
  );
}

/** A link of a Supabase client chain (`supabase.from('t').update(…).eq(…)`): it reports a failure in `error`, never by throwing. */
function isSupabaseCall(call: TSESTree.CallExpression): boolean {
  let root: TSESTree.Node = call.callee;
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression) {
    if (root.type === AST_NODE_TYPES.MemberExpression && getPropertyName(root) === 'throwOnError') return false;
    root = root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.callee;
  }
  return root.type === AST_NODE_TYPES.Identifier && /supabase/i.test(root.name);
}

/**
 * Whether guarded code only runs Supabase queries (`try { await supabase.from('t').update(…).eq(…) } catch {}`):
 * they return their failure in `error` instead of throwing, so the `catch` never runs, and the
 * failure is lost because nobody reads `error`. Around them the code may compute in the process
 * (`return Boolean(data?.is_admin)`, `parseInt(raw)`, `Math.max(0, n)`: {@link callRunsInProcess}),
 * which does no I/O that could fail instead.
 */
export function onlyQueriesSupabase(code: TSESTree.Node | null, file: FileRef): boolean {
  if (!code) return false;
  let queries = 0;
  let only = true;
  walkSameFunction(code, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      if (isSupabaseCall(node)) queries++;
      else if (!callRunsInProcess(node, file)) only = false;
    } else if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.ThrowStatement) {
      only = false;
    }
    return only;
  });
  return only && queries > 0;
}

/** Methods of a string that return a new string or array and never throw. */
export const STRING_METHODS = new Set([
  'replace', 'replaceAll', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'slice', 'substring',
  'padStart', 'padEnd', 'split', 'startsWith', 'endsWith', 'includes', 'indexOf', 'charAt', 'concat', 'toString',
]);

/**
 * `String(s).replace(/&/g, '&amp;')`, `` `${a}`.trim() ``: a conversion, or a string method on a value
 * proven to be a string (a literal, a template, a conversion, another such call). Cannot fail:
 * `escapeHtml(text)` built from these deals with its own errors (it has none).
 */
function isStringCall(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return CONVERSIONS.has(callee.name) && call.arguments.length <= 1;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return false;
  if (!STRING_METHODS.has(callee.property.name)) return false;
  return isString(callee.object);
}

function isString(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return true;
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string';
  return node.type === AST_NODE_TYPES.CallExpression && isStringCall(node) && !(node.callee.type === AST_NODE_TYPES.MemberExpression && node.callee.property.type === AST_NODE_TYPES.Identifier && node.callee.property.name === 'split');
}

/** `new Date(value)`: an invalid date is a value, not a thrown error. */
function isDate(node: TSESTree.NewExpression): boolean {
  return node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Date' && node.arguments.length <= 1;
}

/** `Date.now()`, `Math.max(a, b)`, `setAt.getTime()` on a `const setAt = new Date(…)`: reading a clock or a number cannot fail. */
function isClockCall(call: TSESTree.CallExpression, file: FileRef): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return false;
  const object = callee.object;
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  if (object.name === 'Math' || (object.name === 'Date' && callee.property.name === 'now')) return (resolveVariable(object, file.sourceCode)?.defs.length ?? 0) === 0;
  if (callee.property.name !== 'getTime') return false;
  const init = constInitializer(object, file.sourceCode);
  return init?.type === AST_NODE_TYPES.NewExpression && isDate(init);
}

/** Methods of an array that do not throw when their callbacks do not. */
const ARRAY_METHODS = new Set([
  'push', 'unshift', 'pop', 'shift', 'sort', 'reverse', 'slice', 'concat', 'includes', 'indexOf', 'join',
  'map', 'filter', 'find', 'findIndex', 'some', 'every', 'forEach', 'reduce', 'flat', 'at',
]);
/**
 * The global timer functions: clearing a timer never throws; scheduling one (`setTimeout(() => load(), 30_000)`,
 * a retry in a `catch`) only queues its callback, whose failure is never the failure of the call.
 */
const TIMER_GLOBALS = new Set([...TIMER_CLEARS, ...TIMER_SCHEDULERS]);

/**
 * A call that cannot fail in a way that matters: a string conversion or method ({@link isStringCall}),
 * a clock read ({@link isClockCall}), a query on a Supabase client (`supabase.from('t').upsert(p)`:
 * it resolves with `{ data, error }` instead of rejecting; what the code does with `error` is
 * judged where it reads it, a `throw error` fails the summary), clearing or scheduling a timer (`clearInterval(id)`,
 * `setTimeout(retry, ms)`: the globals, see {@link TIMER_GLOBALS}), settling
 * the promise the code runs in (`resolve(v)` of a `new Promise((resolve) => …)` around it), or a
 * method of an array the function built itself (`const msgs = []; … msgs.sort((a, b) => b.ts - a.ts)`)
 * whose callbacks call nothing.
 */
function cannotFail(call: TSESTree.CallExpression, file: FileRef): boolean {
  if (isStringCall(call) || isClockCall(call, file) || isNeverRejectingSupabaseQuery(call, file) || callAnswersRequest(call, file)) return true;
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(callee, file.sourceCode);
    if (TIMER_GLOBALS.has(callee.name)) return (variable?.defs.length ?? 0) === 0;
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    return def?.type === TSESLint.Scope.DefinitionType.Parameter && resolvesPromise(def.node, def.name);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return false;
  const name = getPropertyName(callee);
  const array = constInitializer(callee.object, file.sourceCode);
  return (
    name !== null &&
    ARRAY_METHODS.has(name) &&
    array?.type === AST_NODE_TYPES.ArrayExpression &&
    call.arguments.every((argument) => !isFunction(argument) || callsNothing(argument.body))
  );
}

/**
 * `res.json(body)`, `res.status(401).json(body)` (and the `res.status(401)` in it): the answer to the request, on the response
 * parameter of the route handler (its second parameter, `(req, res)`). Its failure is the client's
 * connection, not lost work, like a best-effort chat answer: it does not make a `catch` around
 * proven callees reachable.
 */
export function callAnswersRequest(call: TSESTree.CallExpression, file: FileRef): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = getPropertyName(callee) ?? '';
  if (!RESPONSE_SENDS.has(name) && !RESPONSE_SETTERS.has(name)) return false;
  let receiver = callee.object;
  if (receiver.type === AST_NODE_TYPES.CallExpression && receiver.callee.type === AST_NODE_TYPES.MemberExpression && RESPONSE_SETTERS.has(getPropertyName(receiver.callee) ?? '')) {
    receiver = receiver.callee.object;
  }
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(receiver, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  return def?.type === TSESLint.Scope.DefinitionType.Parameter && isFunction(def.node) && def.node.params.length >= 2 && def.node.params[1] === def.name;
}

/** `resolve` is the first parameter of the executor of a `new Promise(…)`: calling it settles that promise and throws nothing. */
function resolvesPromise(fn: TSESTree.Node, name: TSESTree.Node): boolean {
  return (
    (fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression) &&
    fn.params[0] === name &&
    fn.parent.type === AST_NODE_TYPES.NewExpression &&
    fn.parent.arguments[0] === fn &&
    fn.parent.callee.type === AST_NODE_TYPES.Identifier &&
    fn.parent.callee.name === 'Promise'
  );
}

/** Whether code calls, creates and throws nothing (a comparator `(a, b) => b.ts - a.ts`). */
function callsNothing(code: TSESTree.Node): boolean {
  let none = true;
  walkSameFunction(code, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.ThrowStatement) none = false;
    return none;
  });
  return none;
}

/** `cleanup(id).catch((err) => log.warn({ err }, 'cleanup failed'))` / `.catch(console.error)`: a promise whose rejection is logged where it is dropped. */
function catchesAndLogs(call: TSESTree.CallExpression, loggers: LoggerMatcher): boolean {
  const callee = call.callee;
  const handler = call.arguments[0];
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'catch' || call.arguments.length !== 1) return false;
  if (handler?.type === AST_NODE_TYPES.Identifier || handler?.type === AST_NODE_TYPES.MemberExpression) return loggers.isLogger(handler);
  if (handler?.type !== AST_NODE_TYPES.ArrowFunctionExpression && handler?.type !== AST_NODE_TYPES.FunctionExpression) return false;
  return someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.CallExpression && loggers.isLoggingCall(node));
}

/**
 * `void db.from('sessions').update({ msg: id }).eq('id', sid)`: a promise started and dropped. Its
 * rejection never reaches the function's caller (it is an unhandled rejection, not the caller's
 * failure), and nothing before it can throw: it is a chain of method calls on a name
 * (`db.from(…).update(…)`, not `getDb().save(…)`), whose arguments call, create and throw nothing.
 */
function dropsPromise(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.UnaryExpression || node.operator !== 'void') return false;
  if (node.argument.type !== AST_NODE_TYPES.CallExpression) return false;
  let current = node.argument as TSESTree.Node;
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      if (current.computed) return false;
      current = current.object;
    } else {
      if (current.callee.type !== AST_NODE_TYPES.MemberExpression || !current.arguments.every(callsNothing)) return false;
      current = current.callee;
    }
  }
  return current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.ThisExpression;
}

/** `throw new Error(…)`: the `new` belongs to the throw. */
function throwsIt(node: TSESTree.NewExpression): boolean {
  return node.parent.type === AST_NODE_TYPES.ThrowStatement;
}

/** An expression that cannot fail in a way that matters: no calls but loggers and proven functions, no `new` (but a promise that only resolves), no `throw`. */
function quiet(expression: TSESTree.Node, context: Context): boolean {
  let ok = true;
  walkSameFunction(expression, (node) => {
    if (!ok) return false;
    if (dropsPromise(node)) return false;
    if (node.type === AST_NODE_TYPES.NewExpression && (onlyResolves(node) || isDate(node) || (!context.strict && (inProcessClass(node.callee, context.file) || rejectsOnlyLogged(node, context.loggers))))) return false;
    // A value the caller proved cannot throw (`new InlineKeyboard()` of grammY): its arguments still count.
    if (node.type === AST_NODE_TYPES.NewExpression && context.dropped?.has(node)) return undefined;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      if (context.loggers.isLoggingCall(node) || catchesAndLogs(node, context.loggers)) return false;
      if (cannotFail(node, context.file) || context.dropped?.has(node)) return undefined;
      // Work in the process (`JSON.stringify(meta)`, `new Intl.DateTimeFormat(…).format(d)`, a helper that only computes) does no I/O:
      // what it can throw is a bad value, not a failure an operator would have to see. `functionNeverFails` still counts it.
      if (!context.strict && callAndCallbacksInProcess(node, context.file, context.depth, context.active)) return undefined;
      if (!callIsSafe(node, context.file, context.loggers, context.depth, context.active, context.strict, context.dropped)) ok = false;
    } else if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.YieldExpression) {
      ok = false;
    }
    return undefined;
  });
  return ok;
}

/**
 * `new Promise((resolve) => { server.close(() => resolve()); setTimeout(resolve, 3000); })`: the
 * executor takes no `reject` and throws nothing itself, so the promise never rejects with an
 * error of its own (what it waits for reports to its callbacks, which it reads or drops there).
 */
function onlyResolves(node: TSESTree.NewExpression): boolean {
  const executor = promiseExecutor(node);
  return executor !== null && executor.params.length <= 1 && settlesOnlyAsGiven(executor);
}

/** The executor of `new Promise(executor)`, when it is a function written there and not `async`. */
function promiseExecutor(node: TSESTree.NewExpression): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | null {
  const executor = node.arguments[0];
  if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'Promise' || node.arguments.length !== 1 || !executor) return null;
  if (executor.type !== AST_NODE_TYPES.ArrowFunctionExpression && executor.type !== AST_NODE_TYPES.FunctionExpression) return null;
  return executor.async ? null : executor;
}

/**
 * Whether an executor throws nothing itself (in its callbacks neither), waits for nothing, and never
 * resolves with something computed (`resolve(fetch(url))` adopts a promise that may reject).
 */
function settlesOnlyAsGiven(executor: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean {
  const resolve = executor.params[0]?.type === AST_NODE_TYPES.Identifier ? executor.params[0].name : null;
  return !someInSameFunction(
    executor.body,
    (inner) =>
      inner.type === AST_NODE_TYPES.ThrowStatement ||
      inner.type === AST_NODE_TYPES.AwaitExpression ||
      (inner.type === AST_NODE_TYPES.CallExpression && inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === resolve && inner.arguments.some(computes)),
    { enterFunctions: true },
  );
}

/**
 * `new Promise((resolve, reject) => db.run(sql, params, function (err) { if (err) { logger.error('update failed', err.message); return reject(err); } resolve(); }))`:
 * a promise that rejects only with an error it has just logged. Every use of `reject` is a call
 * `reject(err)` (a statement, or `return reject(err)`) of a name that an earlier statement of the
 * same block passes to a logging call; otherwise the executor settles as {@link onlyResolves} asks.
 * A caller's silent `catch` loses nothing: the operator saw the error. Not for `functionNeverFails`:
 * the promise still fails.
 */
function rejectsOnlyLogged(node: TSESTree.NewExpression, loggers: LoggerMatcher): boolean {
  const executor = promiseExecutor(node);
  const reject = executor?.params.length === 2 ? executor.params[1] : undefined;
  if (!executor || reject?.type !== AST_NODE_TYPES.Identifier || !settlesOnlyAsGiven(executor)) return false;
  const uses = executor.params.length === 2 ? referencesOf(executor, reject.name) : [];
  return uses.length > 0 && uses.every((use) => loggedBeforeReject(use, loggers));
}

/** The identifiers named `name` below an executor (callbacks included) that are not shadowed by a parameter or declaration of the same name. */
function referencesOf(executor: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, name: string): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  let shadowed = false;
  someInSameFunction(
    executor.body,
    (inner) => {
      if (inner.type !== AST_NODE_TYPES.Identifier || inner.name !== name) return false;
      const parent = inner.parent;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === inner && !parent.computed) return false;
      if (parent.type === AST_NODE_TYPES.Property && parent.key === inner && !parent.computed && !parent.shorthand) return false;
      if (parent.type === AST_NODE_TYPES.VariableDeclarator || isFunction(parent)) shadowed = true;
      found.push(inner);
      return false;
    },
    { enterFunctions: true },
  );
  return shadowed ? [] : found;
}

/** `{ logger.error('failed', err.message); reject(err); }`: `reject` called on a name that a logging call before it in its block reads. */
function loggedBeforeReject(use: TSESTree.Identifier, loggers: LoggerMatcher): boolean {
  const call = use.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== use || call.arguments.length !== 1) return false;
  const error = call.arguments[0]!;
  if (error.type !== AST_NODE_TYPES.Identifier) return false;
  const statement = call.parent.type === AST_NODE_TYPES.ExpressionStatement || call.parent.type === AST_NODE_TYPES.ReturnStatement ? call.parent : null;
  const block = statement?.parent;
  if (!statement || block?.type !== AST_NODE_TYPES.BlockStatement) return false;
  return block.body.slice(0, block.body.indexOf(statement)).some(
    (before) =>
      before.type === AST_NODE_TYPES.ExpressionStatement &&
      before.expression.type === AST_NODE_TYPES.CallExpression &&
      loggers.isLoggingCall(before.expression) &&
      before.expression.arguments.some((argument) => someInSameFunction(argument, (inner) => inner.type === AST_NODE_TYPES.Identifier && inner.name === error.name)),
  );
}

/** Whether an expression calls or creates something (its value may be a promise). */
function computes(node: TSESTree.Node): boolean {
  return someInSameFunction(node, (inner) => inner.type === AST_NODE_TYPES.CallExpression || inner.type === AST_NODE_TYPES.NewExpression);
}

/**
 * Whether a piece of code (a `try` block, the promise a `.catch` is on) can only fail through
 * calls of functions proven to deal with their own failures: it calls at least one such function
 * (or holds an inner `try` that catches its block's failures) and nothing else but loggers, creates
 * nothing with `new` and throws nothing itself, outside the blocks of inner `try` statements.
 */
export function codeHandlesOwnErrors(code: TSESTree.Node, file: FileRef, loggers: LoggerMatcher): boolean {
  let proven = 0;
  let ok = true;
  const visit = (node: TSESTree.Node): boolean | undefined => {
    if (!ok) return false;
    switch (node.type) {
      // An inner `try` catches what its block throws: only its `catch` and `finally` can fail outward.
      case AST_NODE_TYPES.TryStatement:
        if (!node.handler) break;
        proven++;
        walkSameFunction(node.handler.body, visit);
        if (node.finalizer) walkSameFunction(node.finalizer, visit);
        return false;
      case AST_NODE_TYPES.CallExpression:
        // A project function whose name reads as a logger (`registrarLog`, an audit insert) is still proven by its body.
        if (loggers.isLoggingCall(node)) {
          if (!callHandlesOwnErrors(node, file, loggers)) return false;
          proven++;
          break;
        }
        if (cannotFail(node, file)) break;
        if (callHandlesOwnErrors(node, file, loggers)) proven++;
        else if (callAndCallbacksInProcess(node, file, 0, new Set())) break;
        else ok = false;
        break;
      // `await new Promise((resolve) => db.get(sql, (err, row) => resolve(err ? 0 : row.n)))`: a promise that never rejects.
      case AST_NODE_TYPES.NewExpression:
        if (onlyResolves(node)) proven++;
        else if (!inProcessClass(node.callee, file)) ok = false;
        break;
      case AST_NODE_TYPES.ThrowStatement:
      case AST_NODE_TYPES.YieldExpression:
        ok = false;
        break;
      default:
        break;
    }
    return undefined;
  };
  walkSameFunction(code, visit);
  return ok && proven > 0;
}

/**
 * Whether the promise a rejection handler is on (`registrarLog({ … }).catch(() => {})`) can only
 * reject with an error already logged: it is the call of a function proven to deal with its own
 * failures ({@link callHandlesOwnErrors}), or code proven as {@link codeHandlesOwnErrors} asks. The
 * call's arguments do not count against it: they are evaluated before the promise exists, and what
 * they throw (or an `await` in them rejects with) leaves the enclosing function, never reaching the
 * handler.
 */
export function promiseHandlesOwnErrors(promise: TSESTree.Node, file: FileRef, loggers: LoggerMatcher): boolean {
  const call = skipTypeWrappers(promise);
  return (call.type === AST_NODE_TYPES.CallExpression && callHandlesOwnErrors(call, file, loggers)) || codeHandlesOwnErrors(promise, file, loggers);
}

/**
 * Whether the function a call runs only talks to the chat (`const showMenu = (id) => bot.sendMessage(id, …)`,
 * or a project's own Bot API wrapper that posts one chat method over HTTP: `async function
 * sendTelegramMessage(chatId, text) { await fetch(\`https://api.telegram.org/bot${TOKEN}/sendMessage\`, …) }`,
 * `tg('sendMessage', body)`), apart from loggers and callees that deal with their own failures: calling it is a chat call, and
 * its failure a best-effort one. Followed to the same depth as {@link callHandlesOwnErrors}.
 */
export function callOnlyTalksToUser(call: TSESTree.CallExpression, file: FileRef, loggers: LoggerMatcher, depth = 0): boolean {
  const target = calledFunction(call, file);
  if (!target) return false;
  if (postsChatMethod(call, target.fn)) return true;
  const summary = summaryOf(loggers, target.fn);
  if (summary.chat !== undefined) return summary.chat;
  if (depth >= MAX_DEPTH) return false;
  errorSummaryWork.chatFunctions++;
  const chat = onlyTalksToUser(
    target.fn.body,
    (inner) => loggers.isLoggingCall(inner) || callHandlesOwnErrors(inner, target.file, loggers) || callOnlyTalksToUser(inner, target.file, loggers, depth + 1),
    {
      computes: (inner) => callAndCallbacksInProcess(inner, target.file, depth, new Set()) || readsChatAnswer(inner, target.file),
      // Its own request of a Bot API chat method (`fetch(\`https://api.telegram.org/bot${TOKEN}/sendMessage\`, …)`): a project's `sendTelegramMessage`.
      chatRequest: (inner) => requestsChatMethod(inner, target.file.sourceCode),
    },
  );
  // As for the error summary: a `false` reached below the top may be the depth limit's, not the function's.
  if (chat || depth === 0) summary.chat = chat;
  return chat;
}

/** Methods that read a fetch response's body. */
const BODY_READS = new Set(['json', 'text']);

/**
 * `res.json()` of `const res = await fetch(\`https://api.telegram.org/bot${TOKEN}/sendMessage\`, …)`:
 * Telegram's answer to a chat call read, part of that chat call.
 */
function readsChatAnswer(call: TSESTree.CallExpression, file: FileRef): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !BODY_READS.has(getPropertyName(callee) ?? '')) return false;
  const response = skipTypeWrappers(callee.object);
  let request = response.type === AST_NODE_TYPES.Identifier ? constInitializer(response, file.sourceCode) : null;
  if (request?.type === AST_NODE_TYPES.AwaitExpression) request = request.argument;
  return request?.type === AST_NODE_TYPES.CallExpression && requestsChatMethod(request, file.sourceCode);
}

/** The Bot API's method path: `https://api.telegram.org/bot<token>/<method>`. */
const BOT_API_METHOD_URL = /^(?:https?:\/\/)?api\.telegram\.org\/bot[^/]*\/<method>$/;

/**
 * `this.call('deleteMessage', body)`: a call, with a chat method's name (`CHAT_UI_METHODS`) as its first
 * argument, of a project function that only posts that name to the Bot API (see {@link postsBotApiMethod}).
 * The name alone proves nothing: the function must be shown to send it to Telegram and do nothing else.
 */
function postsChatMethod(call: TSESTree.CallExpression, fn: FunctionNode): boolean {
  const method = call.arguments[0];
  if (method?.type !== AST_NODE_TYPES.Literal || typeof method.value !== 'string') return false;
  return CHAT_UI_METHODS.has(method.value) && postsBotApiMethod(fn);
}

/**
 * Whether a function makes one request, to the Bot API method its first parameter names
 * (`fetch(\`${this.base}/${method}\`, …)` with `this.base = \`https://api.telegram.org/bot${token}\``
 * in the class's constructor), and no other call but pure conversions and methods
 * of its own values (`resp.json()`): a project's own Bot API client, nothing else happens there.
 */
function postsBotApiMethod(fn: FunctionNode): boolean {
  const param = fn.params[0];
  if (param?.type !== AST_NODE_TYPES.Identifier) return false;
  let requests = 0;
  let other = false;
  walkSameFunction(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return !other;
    const url = node.arguments[0];
    if (url?.type === AST_NODE_TYPES.TemplateLiteral && BOT_API_METHOD_URL.test(urlText(url, param.name, fn))) requests++;
    else if (chatRole(node) !== 'neutral' && !onOwnValue(node, fn)) other = true;
    return !other;
  });
  return requests === 1 && !other;
}

/** A method of a value the function declares itself (`resp.json()`, `payload.description.trim()`). */
function onOwnValue(call: TSESTree.CallExpression, fn: FunctionNode): boolean {
  let root: TSESTree.Node = call.callee;
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression || root.type === AST_NODE_TYPES.ChainExpression) {
    root = root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.type === AST_NODE_TYPES.CallExpression ? root.callee : root.expression;
  }
  if (root.type !== AST_NODE_TYPES.Identifier || root === call.callee) return false;
  const name = root.name;
  return someInSameFunction(fn.body, (node) => node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name);
}

/**
 * The static text of a URL template, the parameter `method` as `<method>`, a `this.field` as what the
 * class's constructor assigns it (once), anything else as `\${}`.
 */
function urlText(url: TSESTree.TemplateLiteral, method: string, fn: FunctionNode): string {
  return url.quasis
    .map((quasi, index) => {
      const expression = url.expressions[index];
      if (!expression) return quasi.value.cooked;
      if (expression.type === AST_NODE_TYPES.Identifier && expression.name === method) return `${quasi.value.cooked}<method>`;
      const field = expression.type === AST_NODE_TYPES.MemberExpression && expression.object.type === AST_NODE_TYPES.ThisExpression ? constructorValue(fn, getPropertyName(expression)) : null;
      return quasi.value.cooked + (field?.type === AST_NODE_TYPES.TemplateLiteral ? field.quasis.map((q) => q.value.cooked).join('${}') : '${}');
    })
    .join('');
}

/** What the constructor of the class `fn` is a method of assigns to `this.<name>`, when it does so exactly once. */
function constructorValue(fn: FunctionNode, name: string | null): TSESTree.Node | null {
  const method = fn.parent;
  const body = method?.type === AST_NODE_TYPES.MethodDefinition ? method.parent : null;
  const constructor = body?.body.find((element) => element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor');
  if (name === null || constructor?.type !== AST_NODE_TYPES.MethodDefinition) return null;
  const values: TSESTree.Node[] = [];
  walkSameFunction(constructor.value.body!, (node) => {
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression && node.left.object.type === AST_NODE_TYPES.ThisExpression && getPropertyName(node.left) === name) {
      values.push(node.right);
    }
    return true;
  });
  return values.length === 1 ? values[0]! : null;
}

/** Global functions that compute in the process: conversions, parses, encodings, a copy. */
const IN_PROCESS_FUNCTIONS = new Set([
  'String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'atob', 'btoa',
  'decodeURIComponent', 'encodeURIComponent', 'decodeURI', 'encodeURI', 'structuredClone', 'RegExp', 'Date', 'Array', 'Object',
]);
/** Methods of global namespaces that compute in the process (`JSON.parse`, `Object.keys`, `Buffer.from`); `null`: every method (`Math`). */
const IN_PROCESS_STATICS: ReadonlyMap<string, ReadonlySet<string> | null> = new Map([
  ['Math', null],
  ['JSON', new Set(['parse', 'stringify'])],
  ['Date', new Set(['now', 'parse', 'UTC'])],
  ['Number', new Set(['isNaN', 'isFinite', 'isInteger', 'isSafeInteger', 'parseInt', 'parseFloat'])],
  ['Object', new Set(['keys', 'values', 'entries', 'assign', 'fromEntries', 'freeze', 'create', 'getPrototypeOf', 'hasOwn', 'isFrozen'])],
  ['Array', new Set(['isArray', 'from', 'of'])],
  ['String', new Set(['fromCharCode', 'fromCodePoint', 'raw'])],
  ['Buffer', new Set(['from', 'alloc', 'byteLength', 'isBuffer', 'concat', 'compare'])],
]);
/** Constructors of values that live in the process: `new Date()`, `new URL(s)`, `new Map()`, `new Intl.DateTimeFormat(…)`; their methods compute too. */
const IN_PROCESS_CLASSES = new Set([
  'Date', 'RegExp', 'URL', 'URLSearchParams', 'Map', 'Set', 'WeakMap', 'WeakSet', 'TextEncoder', 'TextDecoder', 'Array', 'Object',
  'Error', 'TypeError', 'RangeError', 'SyntaxError',
]);
/**
 * Methods of strings, arrays, numbers and dates, by name on any receiver: what they may do besides
 * computing is run their callbacks, which are checked. Names that clients of a store or a search
 * service also use for I/O (`get`, `set`, `delete`, `keys`, `search`, `exec`) are not here; they
 * count on a value the code made itself ({@link IN_PROCESS_CLASSES}).
 */
const VALUE_METHODS = new Set([
  ...STRING_METHODS, ...ARRAY_METHODS,
  'toLocaleLowerCase', 'toLocaleUpperCase', 'substr', 'lastIndexOf', 'charCodeAt', 'codePointAt', 'match', 'matchAll', 'normalize', 'repeat', 'localeCompare',
  'splice', 'fill', 'flatMap', 'findLast', 'findLastIndex', 'reduceRight',
  'toFixed', 'toPrecision', 'toLocaleString', 'valueOf', 'hasOwnProperty',
  'getTime', 'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds', 'getTimezoneOffset',
  'getUTCFullYear', 'getUTCMonth', 'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes', 'getUTCSeconds',
  'setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds', 'setTime',
  'toISOString', 'toJSON', 'toDateString', 'toTimeString', 'toUTCString', 'toLocaleDateString', 'toLocaleTimeString',
]);

/** Per function: does it only compute in the process (see {@link functionRunsInProcess})? Without and with work it leaves for later. */
const inProcessMemo = [new WeakMap<FunctionNode, boolean>(), new WeakMap<FunctionNode, boolean>()] as const;
/** Work done by the in-process summary (functions summarised, memo hits excluded): a count for tests. */
export const inProcessWork = { functions: 0 };

/**
 * Whether guarded code (a `try` block, the promise a `.catch` is on) does no I/O and starts nothing
 * asynchronous, so what it can throw is a value that did not parse or compute, not lost work: no
 * `await`, `yield`, `for await` or `import()`, no `throw` of its own (a fallback would hide the
 * check), and no call but the in-process ones of {@link callRunsInProcess}. Callbacks passed to
 * those calls are held to the same.
 *
 * `later`: the question is only what the code can throw where it runs (a `catch` around it). Then a
 * project function it calls may also leave work for later — schedule or clear a timer
 * (`state.timer = setTimeout(async () => fold(state), ms)`), or start an `async` function whose
 * promise it drops (`(async () => { … })();`): the callback runs after the call returned, and an
 * `async` function never throws where it is called, it rejects; neither failure can reach the
 * caller's `catch`. Not in the guarded code itself: a `try` that only starts promises is reported on
 * its own (`promiseEscapesTry`), and a timer there is the code's own work.
 */
export function runsInProcess(code: TSESTree.Node, file: FileRef, later = false): boolean {
  return inProcess(code, file, 0, new Set(), false, later);
}

/**
 * The same for the code of a route handler that answers its request: an answer on the route's
 * response parameter (`res.json(body)`, `res.status(200).json(…)`, see {@link callAnswersRequest}) counts
 * as computing too — Express builds and writes the body synchronously; what fails there is the value
 * (a body that does not serialise), not a read or a write of the bot's state.
 */
export function runsInProcessAnswering(code: TSESTree.Node, file: FileRef): boolean {
  return inProcess(code, file, 0, new Set(), false, true, true);
}

/** A call that only leaves work for later, in a callee: a global timer scheduled or cleared, or an `async` function written in place and started as a statement (`(async () => { … })();`, `void (async () => …)()`). */
function leavesForLater(call: TSESTree.CallExpression, file: FileRef): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return TIMER_GLOBALS.has(callee.name) && isGlobal(callee, file);
  const dropped = call.parent.type === AST_NODE_TYPES.ExpressionStatement || (call.parent.type === AST_NODE_TYPES.UnaryExpression && call.parent.operator === 'void');
  return dropped && (callee.type === AST_NODE_TYPES.ArrowFunctionExpression || callee.type === AST_NODE_TYPES.FunctionExpression) && callee.async && !callee.generator;
}

function inProcess(code: TSESTree.Node, file: FileRef, depth: number, active: Set<FunctionNode>, throws: boolean, later = false, answers = false): boolean {
  // One node that leaves the process decides: the walk stops there.
  return !someInSameFunction(code, (node) => {
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ImportExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
        return true;
      case AST_NODE_TYPES.ThrowStatement:
        return !throws;
      case AST_NODE_TYPES.ForOfStatement:
        return node.await;
      case AST_NODE_TYPES.CallExpression:
        // Its arguments are still walked: only the callback (not entered) runs later.
        if (later && depth > 0 && leavesForLater(node, file)) return false;
        // The answer's arguments are still walked: they must compute too.
        if (answers && callAnswersRequest(node, file)) return false;
        return !callAndCallbacksInProcess(node, file, depth, active, later);
      case AST_NODE_TYPES.NewExpression:
        return !inProcessClass(node.callee, file) || node.arguments.some((argument) => isFunction(argument));
      default:
        return false;
    }
  });
}

/**
 * An in-process call whose callbacks (`rows.map((r) => r.id)`, a comparator passed by name) only
 * compute as well, and that nobody awaits: a string or array method is never awaited, a client's
 * method of the same name (`await ref.push(data)`) is.
 */
function callAndCallbacksInProcess(call: TSESTree.CallExpression, file: FileRef, depth: number, active: Set<FunctionNode>, later = false): boolean {
  if (call.parent.type === AST_NODE_TYPES.AwaitExpression || !callInProcess(call, file, depth, active, later)) return false;
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const [first] = call.arguments;
  if (name !== null && ARRAY_CALLBACK_METHODS.has(name) && (first !== undefined || name !== 'sort') && (!first || !functionOf(first, file.sourceCode))) return false;
  return call.arguments.every((argument) => {
    const fn = functionOf(argument, file.sourceCode);
    return !fn || callbackInProcess(fn, argument, file, depth, active, later);
  });
}

/**
 * A callback of an in-process call (`rows.map((r) => r.id)`): synchronous, and its body only
 * computes. Written inline, its body is part of the code being looked at; passed by name
 * (`value.map(decode)`), it is a function the call runs, summarised as a callee is (see
 * {@link functionRunsInProcess}): a recursive one that hands itself on (`function decode(v) {
 * return v.map(decode); }`) is not proven rather than walked again without end.
 */
function callbackInProcess(fn: FunctionNode, argument: TSESTree.Node, file: FileRef, depth: number, active: Set<FunctionNode>, later: boolean): boolean {
  if (fn.async || fn.generator) return false;
  return fn === skipTypeWrappers(argument) ? inProcess(fn.body, file, depth, active, true, later) : functionRunsInProcess(fn, file, depth, active, later);
}

/**
 * Whether a call only computes in the process: a global conversion, parse or encoding
 * (`JSON.parse`, `atob`, `decodeURIComponent`, `Object.keys`, `Buffer.from`, `Math.max`), a method
 * of a value made in the process (`new Map()`, `new Intl.DateTimeFormat(…)`, a regular expression),
 * a string, array, number or date method by name (`text.replace(…)`, `list.push(x)`, `d.getTime()`),
 * loading a package (`require('sharp')`, not a project module: `require('./routes/pay')` runs the
 * project's code), dotenv's `config()`, a discord.js type guard in a discord.js project
 * (`channel.isThread()`), a Sapphire interaction handler's `this.none()` / `this.some(…)`, or a
 * project function proven to do the same
 * (see {@link functionRunsInProcess}). It may still throw (`JSON.parse` of bad text): the failure is
 * of a value, not of I/O.
 */
export function callRunsInProcess(call: TSESTree.CallExpression, file: FileRef): boolean {
  return callInProcess(call, file, 0, new Set());
}

function callInProcess(call: TSESTree.CallExpression, file: FileRef, depth: number, active: Set<FunctionNode>, later = false): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && isGlobal(callee, file)) {
    if (callee.name === 'require') {
      const module = requiredModule(call);
      return module !== null && !module.startsWith('.') && !module.startsWith('/');
    }
    if (IN_PROCESS_FUNCTIONS.has(callee.name)) return true;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed) {
    const name = getPropertyName(callee);
    const receiver = skipTypeWrappers(callee.object);
    if (receiver.type === AST_NODE_TYPES.Identifier && isGlobal(receiver, file) && IN_PROCESS_STATICS.has(receiver.name)) {
      const methods = IN_PROCESS_STATICS.get(receiver.name);
      return methods === null || methods?.has(name ?? '') === true;
    }
    if (name === 'config' && isDotenv(receiver, file)) return true;
  }
  if (fromComputingPackage(callee, file)) return true;
  // `channel.isThread()` of discord.js, `this.none()` of a Sapphire interaction handler: they only read or wrap a value.
  if (isSapphireHandlerResult(call, file.sourceCode.ast) || (isDiscordTypeGuard(call) && botProjectFrameworks(file.filename).includes('discord.js'))) return true;
  const target = calledFunction(call, file);
  if (target) return functionRunsInProcess(target.fn, target.file, depth, active, later);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return false;
  return madeInProcess(callee.object, file) || VALUE_METHODS.has(getPropertyName(callee) ?? '');
}

/**
 * Whether a project function only computes in the process: it is no generator, waits for nothing,
 * and its body makes only in-process calls (it may throw: a parse helper's failure is a value's).
 * Followed {@link MAX_DEPTH} functions deep; recursion is not proven. Memoised when complete.
 */
function functionRunsInProcess(fn: FunctionNode, file: FileRef, depth: number, active: Set<FunctionNode>, later = false): boolean {
  const memo = inProcessMemo[later ? 1 : 0];
  const known = memo.get(fn);
  if (known !== undefined) return known;
  if (depth >= MAX_DEPTH || active.has(fn) || fn.generator) return false;
  active.add(fn);
  inProcessWork.functions++;
  const result = inProcess(fn.body, file, depth + 1, active, true, later) && fn.params.every((param) => inProcess(param, file, depth + 1, active, true, later));
  active.delete(fn);
  if (result || depth === 0) memo.set(fn, result);
  return result;
}

/** A name nothing in the file declares: the global of that name. */
function isGlobal(identifier: TSESTree.Identifier, file: FileRef): boolean {
  return (resolveVariable(identifier, file.sourceCode)?.defs.length ?? 0) === 0;
}

/** `new Date()`, `new URL(s)`, `new Intl.NumberFormat(…)`: a global class of {@link IN_PROCESS_CLASSES}, or of `Intl`; or a package's class of {@link IN_PROCESS_PACKAGE_CLASSES}. */
function inProcessClass(callee: TSESTree.Node, file: FileRef): boolean {
  const value = skipTypeWrappers(callee);
  if (value.type === AST_NODE_TYPES.Identifier) return (IN_PROCESS_CLASSES.has(value.name) && isGlobal(value, file)) || packageClassInProcess(value, null, file);
  if (value.type !== AST_NODE_TYPES.MemberExpression || value.object.type !== AST_NODE_TYPES.Identifier) return false;
  return (value.object.name === 'Intl' && isGlobal(value.object, file)) || packageClassInProcess(value.object, getPropertyName(value), file);
}

/**
 * Classes of packages whose instances live in the process: `PublicKey` of `@solana/web3.js` — its
 * constructor decodes a base58 string or takes 32 bytes and throws "Invalid public key input"
 * otherwise, and its methods (`equals`, `toBase58`, `toBuffer`, `toBytes`, `toString`) compare and
 * encode those bytes. `new PublicKey(bytes)` in a `try` is a parse, not I/O.
 */
const IN_PROCESS_PACKAGE_CLASSES: ReadonlyMap<string, ReadonlySet<string>> = new Map([['@solana/web3.js', new Set(['PublicKey'])]]);

/**
 * `PublicKey` bound at the top of the file to that export of its package (`import { PublicKey } from
 * '@solana/web3.js'`, `const { PublicKey } = require(…)`), or `web3.PublicKey` of a namespace or
 * default binding of it (`member` the property read).
 */
function packageClassInProcess(root: TSESTree.Identifier, member: string | null, file: FileRef): boolean {
  const binding = moduleBindings(file.sourceCode.ast).get(root.name);
  const classes = binding && IN_PROCESS_PACKAGE_CLASSES.get(binding.module);
  if (!binding || !classes) return false;
  const variable = resolveVariable(root, file.sourceCode);
  if (variable === null || variable.defs.length === 0 || !variable.defs.every((def) => enclosingFunction(def.name) === null)) return false;
  if (member === null) return classes.has(binding.imported);
  return (binding.imported === '*' || binding.imported === 'default') && classes.has(member);
}

/**
 * A value made in the process: a regular expression, an array literal, `new Map()` (or a `const`
 * holding one, a `let` only ever given such values: `let seen; … seen = new Set(list)`, or a field
 * of the class the code is in that only its constructor sets to one: `this.cache = new Map()`).
 */
function madeInProcess(node: TSESTree.Node, file: FileRef): boolean {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(value, file.sourceCode);
    if (!init) return onlyMadeInProcess(value, file);
    value = skipTypeWrappers(init);
  } else if (value.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(value.object).type === AST_NODE_TYPES.ThisExpression) {
    // `this.cache` of a class whose constructor sets `this.cache = new Map()` and nothing else assigns it.
    const assigned = thisFieldValue(value);
    if (!assigned) return false;
    value = assigned;
  }
  if (value.type === AST_NODE_TYPES.Literal) return 'regex' in value;
  if (value.type === AST_NODE_TYPES.ArrayExpression) return true;
  return value.type === AST_NODE_TYPES.NewExpression && inProcessClass(value.callee, file);
}

/**
 * `out.push(name)` on `const out = []`, `seen.add(ch)` on a local `new Set()`, `['member', 'creator'].includes(s)`:
 * a method of a value made in the process (see {@link madeInProcess}), given no callback. Unlike
 * {@link callRunsInProcess}, the method's name alone proves nothing (`Ad.find({})` is a query).
 */
export function callOnValueMadeInProcess(call: TSESTree.CallExpression, file: FileRef): boolean {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && madeInProcess(callee.object, file) && !call.arguments.some(isFunction);
}

/** A variable of one declaration whose every value written (its initialiser, each assignment) is made in the process. */
function onlyMadeInProcess(identifier: TSESTree.Identifier, file: FileRef): boolean {
  const variable = resolveVariable(identifier, file.sourceCode);
  if (variable?.defs.length !== 1 || variable.defs[0]!.type !== TSESLint.Scope.DefinitionType.Variable) return false;
  const written = variable.references.filter((reference) => reference.isWrite()).map((reference) => reference.writeExpr);
  return written.length > 0 && written.every((expression) => expression !== null && expression !== undefined && !isIdentifierValue(expression) && madeInProcess(expression, file));
}

/** A bare name: `seen = other` copies another variable, followed no further. */
function isIdentifierValue(node: TSESTree.Node): boolean {
  return skipTypeWrappers(node).type === AST_NODE_TYPES.Identifier;
}

/** `require('dotenv')`, or a name bound to the `dotenv` package: its `config()` loads an optional `.env` file. */
/**
 * Packages whose exports only compute on what they are given, in the process: HTML escaping
 * (`escape-html`, `he`, `html-escaper`) and fake data (`faker`, `@faker-js/faker`: names and
 * addresses made up in memory).
 */
const COMPUTING_PACKAGES = new Set(['escape-html', 'he', 'html-escaper', 'faker', '@faker-js/faker']);

/** `escapeHTML(text)` of `require('escape-html')`, `faker.name.findName()` of `require('faker/locale/pl')`: a function of a {@link COMPUTING_PACKAGES} package bound at the top of the file. */
function fromComputingPackage(callee: TSESTree.Node, file: FileRef): boolean {
  let root = callee;
  while (root.type === AST_NODE_TYPES.MemberExpression && !root.computed) root = skipTypeWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const binding = moduleBindings(file.sourceCode.ast).get(root.name);
  if (!binding) return false;
  const parts = binding.module.split('/');
  const name = binding.module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const variable = resolveVariable(root, file.sourceCode);
  return COMPUTING_PACKAGES.has(name) && variable !== null && variable.defs.length > 0 && variable.defs.every((def) => enclosingFunction(def.name) === null);
}

function isDotenv(node: TSESTree.Node, file: FileRef): boolean {
  if (requiredModule(node) === 'dotenv') return true;
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const binding = moduleBindings(file.sourceCode.ast).get(node.name);
  return binding?.module === 'dotenv' && (binding.imported === '*' || binding.imported === 'default');
}
