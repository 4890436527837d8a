/**
 * Where a catch handler sits, when that decides whether swallowing is deliberate: reading an error
 * response's body right before a `throw`, a handler only the bot's admin can reach, a lint
 * directive that states the empty handler is meant.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, getCalleeName, getMemberPath, isFunction, returnsOrThrows, skipTypeWrappers, walkSameFunction } from '../ast/index.js';
import type { Handler } from './catch-handlers.js';
import type { LoggerMatcher } from './loggers.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Reads of a response body: `res.text()`, `res.json()`… */
const BODY_READS = new Set(['text', 'json', 'arrayBuffer', 'blob', 'formData']);

/**
 * `if (!res.ok) { const body = await res.text().catch(() => ''); throw new Error(…) }`: the guarded
 * code only reads a response body, and the block goes on to report the failure: a `throw`, a log
 * line and then a `return`, or a returned failure value (`return { ok: false, error: … }`,
 * `return Err(…)`). The failure is reported there; the body only adds detail to it.
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
    else if (!isPlainStatement(next)) return false;
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

/** Names that say a check or middleware admits only the bot's operator: `isAdmin`, `adminOnly`, `ADMIN_IDS`, `isOwner`. */
const ADMIN_NAME = /admin|owner/i;

/**
 * Whether only the bot's operator reaches the handler, so a reply to the current chat reaches the
 * operator: the enclosing function returns early unless an admin check passes
 * (`if (!(await isAdmin(ctx.from.id))) return;`, `if (ctx.from.id !== ADMIN_ID) return;`), or it
 * is registered behind an admin middleware (`bot.command('x', adminOnly, async (ctx) => …)`).
 */
export function onlyAdminReaches(handler: Handler): boolean {
  return onlyAdminRuns(handler.parent);
}

/** Whether only the bot's operator runs `code`: see {@link onlyAdminReaches}. */
export function onlyAdminRuns(code: TSESTree.Node): boolean {
  let node: TSESTree.Node | undefined = code;
  while (node) {
    const fn = enclosingFunction(node);
    if (!fn) return false;
    if (registeredBehindAdmin(fn) || guardedByAdminCheck(fn, node)) return true;
    node = fn.parent;
  }
  return false;
}

/** `bot.command('x', adminOnly, handler)`: a middleware before the handler named like an admin check. */
function registeredBehindAdmin(fn: TSESTree.FunctionLike): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const index = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
  return call.arguments.slice(1, Math.max(index, 0)).some((argument) => {
    const value = skipTypeWrappers(argument);
    const callee = value.type === AST_NODE_TYPES.CallExpression ? value.callee : value;
    const path = getMemberPath(callee);
    return path !== null && path.some((name) => ADMIN_NAME.test(name));
  });
}

/**
 * An `if` before `inner` that returns unless an admin check passes, in the function's body or in a
 * block (or `switch` case) of it that holds `inner`: `if (data.startsWith('add_')) { if (!user.isAdmin)
 * return; bot.once('message', …) }` — what follows in that block runs only for the operator. Or
 * `inner` sits in the branch an admin check opens: `if (chatId == ADMIN_ID || chatId == ADMIN_ID2) { … }`.
 */
function guardedByAdminCheck(fn: TSESTree.FunctionLike, inner: TSESTree.Node): boolean {
  for (let node: TSESTree.Node = inner; node !== fn; node = node.parent!) {
    const parent = node.parent!;
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === node && passesOnlyAdmin(parent.test)) return true;
    const statements = parent.type === AST_NODE_TYPES.BlockStatement ? parent.body : parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : null;
    if (statements?.some((statement) => statement.range[0] < inner.range[0] && isAdminExit(statement))) return true;
  }
  return false;
}

/** `if (!isAdmin(id)) return;`: an `if` without `else` that mentions an admin and returns or throws. */
function isAdminExit(statement: TSESTree.Node): boolean {
  return statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && returnsOrThrows(statement.consequent) && mentionsAdmin(statement.test);
}

/**
 * A test that holds only for the operator: `id === ADMIN_ID`, `isAdmin(id)`, `ADMINS.includes(id)`,
 * `a || b` of such tests, `a && b` with one. Not a negation (`!isAdmin(id)`, `id != ADMIN_ID`).
 */
function passesOnlyAdmin(test: TSESTree.Node): boolean {
  const value = skipTypeWrappers(test);
  switch (value.type) {
    case AST_NODE_TYPES.LogicalExpression:
      if (value.operator === '||') return passesOnlyAdmin(value.left) && passesOnlyAdmin(value.right);
      return value.operator === '&&' && (passesOnlyAdmin(value.left) || passesOnlyAdmin(value.right));
    case AST_NODE_TYPES.BinaryExpression:
      return (value.operator === '==' || value.operator === '===') && mentionsAdmin(value);
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.Identifier:
      return mentionsAdmin(value);
    default:
      return false;
  }
}

function mentionsAdmin(test: TSESTree.Node): boolean {
  let found = false;
  walkSameFunction(test, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier && ADMIN_NAME.test(node.name)) found = true;
    return !found;
  });
  return found;
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
