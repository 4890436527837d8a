/**
 * Lone timer jobs: a function that only one fixed-rate timer runs, one tick at a time, besides an
 * awaited first run at start-up (`await checkExpired(c); setInterval(() => checkExpired(c), 30 * 60 * 1000);`
 * in a `client.once('ready', …)` listener). Two runs of such a job never overlap, so a read-check-write
 * it alone makes races with nothing but the other writers of the same data: see `serialisedInTimer`.
 *
 * What counts, and why:
 * - the timer is the global `setInterval` with an interval known without running the code and of at
 *   least a minute ({@link MIN_INTERVAL_MS}): a tick that took longer would overlap the next, and a
 *   read, a check and a write of a database row take far less; a shorter or unknown interval is not
 *   trusted;
 * - its callback is the job's call alone (`() => job(c)`, `async () => { await job(c); }`): a callback
 *   that does more, or calls the job twice, is no single job;
 * - the `setInterval` runs once: at a module's top level, or in a listener registered with `.once(…)`
 *   (a listener registered with `.on('ready', …)` may run again and start a second timer);
 * - every other call of the job in the project is awaited before that `setInterval`, in the same
 *   function, outside any loop or callback: the first run ends before the timer starts;
 * - the job is a named function the project only calls (never passed on as a value, which could make
 *   it a handler), and the code is in its own body, not in a callback inside it.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, getCalleeName, isTimerTick, outermostWrapper, skipTypeWrappers, staticNumber, type FunctionNode } from '../ast/index.js';
import { projectUsesOf, type FileRef } from '../summaries/index.js';

/** The shortest interval whose ticks are taken not to overlap: a minute. */
const MIN_INTERVAL_MS = 60_000;

/**
 * The lone timer job whose own body holds `code` (see the module's comment), named by its file and
 * offset (the project's files are parsed apart from the file being linted), or null.
 */
export function loneTimerJobOf(code: TSESTree.Node, file: FileRef): string | null {
  const job = enclosingFunction(code);
  if (!job || !namedFunction(job)) return null;
  const uses = projectUsesOf(job, file, { fileLocal: true });
  if (!uses || uses.values.length > 0) return null;
  const ticks = uses.calls.map(({ call, file: at }) => tickOf(call, at));
  const tick = ticks.findIndex((timer) => timer !== null);
  if (tick < 0 || ticks.some((timer, index) => timer !== null && index !== tick)) return null;
  const timer = ticks[tick]!;
  const timerFile = uses.calls[tick]!.file.filename;
  const holder = enclosingFunction(timer);
  if (holder !== null && !onceListener(holder)) return null;
  const firstRuns = uses.calls.filter((_, index) => index !== tick);
  return firstRuns.every(({ call, file: at }) => at.filename === timerFile && awaitedBefore(call, timer, holder)) ? `${file.filename}:${job.range[0]}` : null;
}

/** A function declaration, or a function a `const` (or `let`/`var`) declarator holds. */
function namedFunction(fn: FunctionNode): boolean {
  return fn.type === AST_NODE_TYPES.FunctionDeclaration || outermostWrapper(fn).parent?.type === AST_NODE_TYPES.VariableDeclarator;
}

/** The `setInterval(…)` call whose callback is `call` alone, with an interval of at least a minute; null otherwise. */
function tickOf(call: TSESTree.CallExpression, file: FileRef): TSESTree.CallExpression | null {
  const callback = enclosingFunction(call);
  if (!callback || callback.type === AST_NODE_TYPES.FunctionDeclaration || !onlyCall(callback, call) || !isTimerTick(callback, file.sourceCode)) return null;
  const timer = outermostWrapper(callback).parent;
  if (timer?.type !== AST_NODE_TYPES.CallExpression || getCalleeName(timer) !== 'setInterval') return null;
  const interval = timer.arguments[1];
  const ms = interval && interval.type !== AST_NODE_TYPES.SpreadElement ? staticNumber(interval, file.sourceCode) : null;
  return ms !== null && ms >= MIN_INTERVAL_MS ? timer : null;
}

/** The callback's body is `call` alone: `() => job(c)`, `() => { job(c); }`, `async () => { await job(c); }` (through `void`, `return`). */
function onlyCall(callback: FunctionNode, call: TSESTree.CallExpression): boolean {
  const body = callback.body;
  let expression: TSESTree.Node | null | undefined;
  if (body.type !== AST_NODE_TYPES.BlockStatement) expression = body;
  else if (body.body.length === 1) {
    const [statement] = body.body;
    expression = statement?.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : statement?.type === AST_NODE_TYPES.ReturnStatement ? statement.argument : null;
  }
  if (!expression) return false;
  let inner = skipTypeWrappers(expression);
  while (inner.type === AST_NODE_TYPES.AwaitExpression || (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void')) inner = skipTypeWrappers(inner.argument);
  return inner === call;
}

/** A listener registered to run once: `client.once('ready', async (c) => { … })`. */
function onceListener(fn: FunctionNode): boolean {
  const registration = outermostWrapper(fn).parent;
  return registration?.type === AST_NODE_TYPES.CallExpression && registration.arguments.includes(outermostWrapper(fn) as TSESTree.CallExpressionArgument) && getCalleeName(registration) === 'once';
}

/** `await job(c)` as a statement of `holder`'s own body (or the module's), before the statement that starts `timer`. */
function awaitedBefore(call: TSESTree.CallExpression, timer: TSESTree.CallExpression, holder: FunctionNode | null): boolean {
  const awaited = outermostWrapper(call).parent;
  const statement = awaited?.type === AST_NODE_TYPES.AwaitExpression ? outermostWrapper(awaited).parent : null;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || enclosingFunction(call) !== holder) return false;
  const body = holder === null ? statement.parent : holder.body;
  return statement.parent === body && statement.range[1] <= timer.range[0];
}
