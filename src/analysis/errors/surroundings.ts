/**
 * Where a catch handler sits, when that decides whether swallowing is deliberate: reading an error
 * response's body right before a `throw`, a handler only the bot's admin can reach, a lint
 * directive that states the empty handler is meant.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, getCalleeName, isFunction, skipTypeWrappers, waitsInSameFunction, walkSameFunction } from '../ast/index.js';
import { chatRole, isAdminExit, onlyAdminRuns } from '../framework/index.js';
import { RESPONSE_SENDS } from '../http/index.js';
import type { Handler } from './catch-handlers.js';
import type { LoggerMatcher } from './loggers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Reads of a response body: `res.text()`, `res.json()`… */
const BODY_READS = new Set(['text', 'json', 'arrayBuffer', 'blob', 'formData']);

/**
 * `if (!res.ok) { const body = await res.text().catch(() => ''); throw new Error(…) }`: the guarded
 * code only reads a response body, and the block goes on to report the failure: a `throw`, a log
 * line and then a `return` (only synchronous work between them), or a returned failure value
 * (`return { ok: false, error: … }`, `return Err(…)`). The failure is reported there; the body only
 * adds detail to it.
 */
export function readsBodyBeforeThrow(handler: Handler, guarded: TSESTree.Node | null, loggers: LoggerMatcher): boolean {
  if (!guarded || !onlyReadsBody(guarded)) return false;
  let statement: TSESTree.Node = handler.type === AST_NODE_TYPES.CatchClause ? handler.parent : handler;
  while (statement.parent && !isFunction(statement.parent) && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement) return false;
  const after = block.body.slice(block.body.indexOf(statement as TSESTree.Statement) + 1);
  let logged = false;
  for (const next of after) {
    if (next.type === AST_NODE_TYPES.ThrowStatement) return true;
    if (next.type === AST_NODE_TYPES.ReturnStatement) return logged || (next.argument !== null && isFailureValue(next.argument));
    if (isLogStatement(next, loggers)) logged = true;
    // After the log line, synchronous work on the body (`try { detail = JSON.parse(body).error } catch …`) still ends in the return.
    else if (!isPlainStatement(next) && !(logged && !waitsInSameFunction(next))) return false;
  }
  return false;
}

/** `logger.error('quote failed', { status })`, `await log.warn(…)`: a statement that is one log call. */
function isLogStatement(statement: TSESTree.Statement, loggers: LoggerMatcher): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const expression = statement.expression.type === AST_NODE_TYPES.AwaitExpression ? statement.expression.argument : statement.expression;
  return expression.type === AST_NODE_TYPES.CallExpression && loggers.isLoggingCall(expression);
}

/** Names of the failure side of a result type: `Err(…)`, `err(…)`, `failure(…)`. */
const FAILURE_CONSTRUCTORS = /^(?:err|error|fail|failure)$/i;

/** `{ ok: false, error: … }`, `{ success: false }`, `Err({ … })`: a value that tells the caller it failed. */
function isFailureValue(value: TSESTree.Expression): boolean {
  const node = skipTypeWrappers(value);
  if (node.type === AST_NODE_TYPES.CallExpression) return node.callee.type === AST_NODE_TYPES.Identifier && FAILURE_CONSTRUCTORS.test(node.callee.name);
  if (node.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return node.properties.some(
    (p) =>
      p.type === AST_NODE_TYPES.Property &&
      p.key.type === AST_NODE_TYPES.Identifier &&
      (p.key.name === 'ok' || p.key.name === 'success') &&
      p.value.type === AST_NODE_TYPES.Literal &&
      p.value.value === false,
  );
}

/** Every call in the code is a body read (`await res.text()`, `body = await r.json()`), and there is one. */
function onlyReadsBody(code: TSESTree.Node): boolean {
  let reads = 0;
  let only = true;
  walkSameFunction(code, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = getCalleeName(node);
      if (name !== null && BODY_READS.has(name) && node.arguments.length === 0) reads++;
      else only = false;
    }
    return only;
  });
  return only && reads > 0;
}

/** A statement between the read and the throw that only prepares the message (declarations, assignments without calls). */
function isPlainStatement(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration && statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  let plain = true;
  walkSameFunction(statement, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.AwaitExpression) plain = false;
    return plain;
  });
  return plain;
}

/**
 * Whether only the bot's operator reaches the handler, so a reply to the current chat reaches the
 * operator: the code around it runs only for an admin (see `onlyAdminRuns`), or the handler's `try`
 * starts by finding out who asks and leaves unless it is the admin (`const admin = await
 * db.user.findUnique(…); if (!admin?.isAdmin) return res.status(403)…`): an admin route, whose only
 * other failure is the lookup of the one who asks.
 */
export function onlyAdminReaches(handler: Handler, sourceCode: SourceCode, filename?: string): boolean {
  if (onlyAdminRuns(handler.parent, sourceCode, filename)) return true;
  if (handler.type !== AST_NODE_TYPES.CatchClause) return false;
  const statements = handler.parent.block.body;
  const exit = statements.findIndex((statement) => isAdminExit(statement));
  return exit >= 0 && statements.slice(0, exit).every((statement) => statement.type === AST_NODE_TYPES.VariableDeclaration);
}

/**
 * Whether the failure reaches only the admin, who sees it: only the admin reaches the handler (see
 * {@link onlyAdminReaches}) and the handler answers (`bot.sendMessage(chatId, 'Error')`,
 * `res.status(500).json(…)`). The admin retries; only the cause is lost.
 */
export function adminSeesFailure(handler: Handler, sourceCode: SourceCode, filename?: string): boolean {
  let answers = false;
  walkSameFunction(handler.body, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression && (chatRole(node) === 'ui' || RESPONSE_SENDS.has(getCalleeName(node) ?? ''))) answers = true;
    return !answers;
  });
  return answers && onlyAdminReaches(handler, sourceCode, filename);
}

/** `eslint-disable…` directives that turn off the empty-block rules: `no-empty`, `no-empty-function`. */
const DISABLES_EMPTY = /^eslint-disable(-next-line|-line)?\s[^]*\bno-empty/;

/**
 * Whether a lint directive states that the handler is empty on purpose: an
 * `eslint-disable-next-line no-empty` on the line above the handler's body, an
 * `eslint-disable-line no-empty` on its first line, one inside it, or an `eslint-disable no-empty`
 * earlier in the file.
 */
export function disablesEmptyRule(body: TSESTree.Node, sourceCode: SourceCode): boolean {
  const line = body.loc.start.line;
  return sourceCode.getAllComments().some((comment) => {
    const match = DISABLES_EMPTY.exec(comment.value.trim());
    if (!match) return false;
    const inside = comment.range[0] >= body.range[0] && comment.range[1] <= body.range[1];
    switch (match[1]) {
      case '-next-line':
        return inside || comment.loc.end.line === line - 1;
      case '-line':
        return inside || comment.loc.start.line === line;
      default:
        return inside || comment.range[1] <= body.range[0];
    }
  });
}

/** Signals that stop the process: their listener is a shutdown. */
const STOP_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGHUP', 'SIGBREAK']);
const LISTEN = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * Whether a `try` (or a `.catch(…)`) runs in a shutdown: its function is the listener of a signal
 * that stops the process (`process.once('SIGTERM', stop)` with `const stop = async () => { …;
 * await queue.stop().catch(() => {}); process.exit(0) }`, or the function written in place), or a
 * function called only from such listeners (`process.on('SIGINT', () => shutdown('SIGINT'))`, the
 * call in the listener's own body, not in a callback it schedules). The process is going away; a
 * step that fails there is secondary to getting out.
 */
export function runsAtShutdown(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let fn: TSESTree.Node | undefined = node.parent;
  while (fn && !isFunction(fn)) fn = fn.parent;
  if (!fn) return false;
  if (isStopListener(fn)) return true;
  // `const stop = async () => …` or `function stop() …`, passed by name.
  const declarator = fn.parent;
  const variables =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? sourceCode.getDeclaredVariables(fn)
      : declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === fn
        ? sourceCode.getDeclaredVariables(declarator)
        : [];
  return variables.some((variable) => {
    const references = variable.references.filter((reference) => reference.isRead());
    return references.some((reference) => isStopListener(reference.identifier)) || (references.length > 0 && references.every((reference) => calledByStopListener(reference.identifier)));
  });
}

/** `() => shutdown('SIGINT')` given to `process.on('SIGINT', …)`: `identifier` is called in the stop listener's own body. */
function calledByStopListener(identifier: TSESTree.Node): boolean {
  const call = identifier.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier) return false;
  const fn = enclosingFunction(call);
  return fn !== null && isStopListener(fn);
}

/** `process.on('SIGTERM', node)`: `node` is the listener of a stop signal. */
function isStopListener(node: TSESTree.Node): boolean {
  const call = node.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[1] !== node) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || skipTypeWrappers(callee.object).type !== AST_NODE_TYPES.Identifier) return false;
  const signal = call.arguments[0];
  return (
    (skipTypeWrappers(callee.object) as TSESTree.Identifier).name === 'process' &&
    LISTEN.has(getCalleeName(call) ?? '') &&
    signal?.type === AST_NODE_TYPES.Literal &&
    typeof signal.value === 'string' &&
    STOP_SIGNALS.has(signal.value)
  );
}

/**
 * Whether a comment states why the error is ignored: one inside the handler (other than an
 * `eslint-` directive), or, for a `catch` clause, a comment right above the `try` that mentions the
 * catch (`// via try…catch, in case their service is down`).
 */
export function explainsIgnoring(handler: Handler, sourceCode: SourceCode): boolean {
  const inside = sourceCode.getCommentsInside(handler.body).some((comment) => {
    const text = comment.value.replace(/^[\s*]+|[\s*]+$/g, '');
    return text.length > 0 && !/^eslint[- ]/.test(text);
  });
  if (inside || handler.type !== AST_NODE_TYPES.CatchClause) return inside;
  const statement = handler.parent;
  const comments = sourceCode.getCommentsBefore(statement);
  const last = comments[comments.length - 1];
  return last !== undefined && last.loc.end.line >= statement.loc.start.line - 1 && comments.some((comment) => /\bcatch\b/i.test(comment.value));
}
