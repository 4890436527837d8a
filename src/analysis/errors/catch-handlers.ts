/**
 * Catch handlers: does a `catch` clause or a promise rejection handler deal with the error
 * (throw, log, report, end the process or set its exit code, pass the error on), or swallow it?
 * And the shapes where swallowing is deliberate: synchronous fallbacks, cleanup in an error path,
 * a `try` whose code only talks to the user.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getCalleeName, getMemberPath, isFunction, isTypeWrapper, skipTypeWrappers, walkSameFunction } from '../ast/index.js';
import { USER_REPLY_METHODS, chatRole } from '../framework/index.js';
import type { LoggerMatcher } from './loggers.js';

export type Handler = TSESTree.CatchClause | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Calls that end the process on purpose: the failure is not silent. */
const TERMINATING_CALLS = new Set(['process.exit', 'process.abort']);
/** Callbacks that take a failure: calling one with any argument passes a failure on, like `throw`. */
const FAILURE_CALLBACKS = new Set(['reject', 'next', 'done', 'callback', 'cb']);
/** Names by which a do-nothing function is passed: `.catch(noop)`, `.catch(_.noop)`. */
export const NOOP_NAMES = new Set(['noop', 'NOOP', 'nop', 'ignore', 'ignoreError', 'doNothing']);

/**
 * A probe whose failure is the expected answer: the `try` block runs synchronously (no `await`,
 * no `yield`) and the handler only returns or assigns a constant, or skips a loop iteration —
 * `isValidAddress`, `JSON.parse` fallbacks, skipping malformed lines. An empty handler is not one.
 */
export function isSyncFallback(node: TSESTree.CatchClause): boolean {
  const statements = node.body.body;
  if (node.parent.block.body.every(isOptionalRequire)) return statements.every(isFallbackStatement);
  if (statements.length === 0 || !statements.every(isFallbackStatement)) return false;
  let synchronous = true;
  walkSameFunction(node.parent.block, (child) => {
    if (
      child.type === AST_NODE_TYPES.AwaitExpression ||
      child.type === AST_NODE_TYPES.YieldExpression ||
      (child.type === AST_NODE_TYPES.ForOfStatement && child.await)
    ) {
      synchronous = false;
    }
    return synchronous;
  });
  return synchronous;
}

/** `x = require('optional')` or `const x = require('optional')`: loading an optional module. */
function isOptionalRequire(statement: TSESTree.Statement): boolean {
  const value =
    statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression
      ? statement.expression.right
      : statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1
        ? statement.declarations[0].init
        : null;
  return (
    value?.type === AST_NODE_TYPES.CallExpression &&
    value.callee.type === AST_NODE_TYPES.Identifier &&
    value.callee.name === 'require'
  );
}

function isFallbackStatement(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return !statement.argument || isConstant(statement.argument);
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.ExpressionStatement:
      return statement.expression.type === AST_NODE_TYPES.AssignmentExpression && isConstant(statement.expression.right);
    default:
      return false;
  }
}

/** Literals, `undefined`, and arrays/objects/templates made only of them. */
function isConstant(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return true;
    case AST_NODE_TYPES.Identifier:
      return node.name === 'undefined';
    case AST_NODE_TYPES.UnaryExpression:
      return isConstant(node.argument);
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.length === 0;
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.every((element) => element !== null && isConstant(element));
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.every(
        (property) => property.type === AST_NODE_TYPES.Property && !property.computed && isConstant(property.value),
      );
    default:
      return false;
  }
}

/**
 * Whether a `try` statement is cleanup on an error path: inside another `catch` or a `finally`
 * block of the same function (`try { await client.query('ROLLBACK') } catch {}`).
 */
export function isInErrorPath(tryStatement: TSESTree.TryStatement): boolean {
  let child: TSESTree.Node = tryStatement;
  let parent: TSESTree.Node | undefined = child.parent;
  while (parent && !isFunction(parent)) {
    if (parent.type === AST_NODE_TYPES.CatchClause && parent.body === child) return true;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === child) return true;
    child = parent;
    parent = parent.parent;
  }
  return false;
}

/** The code whose failure the handler receives: the `try` block, or the promise `.catch` is on. */
export function guardedCode(handler: Handler): TSESTree.Node | null {
  if (handler.type === AST_NODE_TYPES.CatchClause) return handler.parent.block;
  const call = handler.parent;
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : null;
}

/**
 * Whether the guarded code only talks to the chat (`answerCbQuery`, `editMessageText`,
 * `deleteMessage`, `reply`…, with keyboards built in place): a best-effort UI operation. Its failure
 * (a query too old to answer, a message already deleted, a user who blocked the bot) is not a lost
 * business error, whether the handler ignores it or falls back to another chat call.
 */
export function onlyTalksToUser(code: TSESTree.Node | null): boolean {
  if (!code) return false;
  let uiCalls = 0;
  let onlyUi = true;
  walkSameFunction(code, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const role = chatRole(node);
      if (role === 'ui') uiCalls++;
      else if (role === 'other') onlyUi = false;
    }
    return onlyUi;
  });
  return onlyUi && uiCalls > 0;
}

export interface Verdict {
  handled: boolean;
  repliesToUser: boolean;
}

/**
 * Decides whether a handler deals with the error: it throws (in its own body, not in a nested
 * function that runs later), calls a logger or error reporter, ends the process, or lets the error
 * value escape — passed to a function, returned, assigned, stored — directly or through a local
 * alias (`const msg = e.message; fail(msg)`). Passing it only to a reply to the user does not count.
 */
export function analyseHandler(handler: Handler, loggers: LoggerMatcher, sourceCode: Readonly<TSESLint.SourceCode>): Verdict {
  const body = handler.body;
  let handled = false;
  let repliesToUser = false;

  walkSameFunction(body, (node) => {
    if (handled) return false;
    if (node.type === AST_NODE_TYPES.ThrowStatement) {
      handled = true;
      return false;
    }
    if (node.type === AST_NODE_TYPES.AssignmentExpression && setsExitCode(node)) {
      handled = true;
      return false;
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      if (loggers.isLoggingCall(node) || isTerminatingCall(node) || passesFailureOn(node) || answersClientError(node)) {
        handled = true;
        return false;
      }
      const name = getCalleeName(node);
      if (name !== null && USER_REPLY_METHODS.has(name)) {
        if (notifiesOperator(node)) {
          handled = true;
          return false;
        }
        repliesToUser = true;
      }
    }
    return undefined;
  });
  if (handled) return { handled, repliesToUser };

  // Logging in a callback that runs later still reaches the operator.
  walkSameFunction(
    body,
    (node) => {
      if (handled) return false;
      if (node.type === AST_NODE_TYPES.CallExpression && loggers.isLoggingCall(node)) handled = true;
      return undefined;
    },
    { enterFunctions: true },
  );
  if (handled) return { handled, repliesToUser };

  const errorVariables = handler.type === AST_NODE_TYPES.CatchClause
    ? handler.param ? sourceCode.getDeclaredVariables(handler) : []
    : handler.params[0] ? declaredByParam(handler, sourceCode) : [];
  return { handled: errorEscapes(errorVariables, sourceCode), repliesToUser };
}

function declaredByParam(
  handler: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): readonly TSESLint.Scope.Variable[] {
  const first = handler.params[0]!;
  return sourceCode.getDeclaredVariables(handler).filter((variable) =>
    variable.defs.some((def) => def.name.range[0] >= first.range[0] && def.name.range[1] <= first.range[1]),
  );
}

/** Chats that belong to the operator: `bot.sendMessage(ADMIN_ID, …)`, `ctx.telegram.sendMessage(config.logChat, …)`. */
const OPERATOR_CHAT = /admin|owner|operator|log|alert|report|support|devs?(?:[A-Z_]|$)/i;

/** A message sent to the operator's chat is a report, like a logger call. */
function notifiesOperator(call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first) return false;
  const path = getMemberPath(first);
  return path !== null && path.some((name) => OPERATOR_CHAT.test(name));
}

/**
 * `res.status(401)` / `reply.code(403)` / `res.sendStatus(400)`: the failure is the client's (a bad
 * token, bad input) and the response says so. A 5xx answer is not this: the server failed.
 */
function answersClientError(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  const status = call.arguments[0];
  return (
    (name === 'status' || name === 'sendStatus' || name === 'code') &&
    status?.type === AST_NODE_TYPES.Literal &&
    typeof status.value === 'number' &&
    status.value >= 400 &&
    status.value < 500
  );
}

function passesFailureOn(call: TSESTree.CallExpression): boolean {
  return call.callee.type === AST_NODE_TYPES.Identifier && FAILURE_CALLBACKS.has(call.callee.name) && call.arguments.length > 0;
}

/** `process.exitCode = …` (any operator): the failure reaches whoever ran the process. */
function setsExitCode(assignment: TSESTree.AssignmentExpression): boolean {
  return getMemberPath(assignment.left)?.join('.') === 'process.exitCode';
}

function isTerminatingCall(call: TSESTree.CallExpression): boolean {
  const path = getMemberPath(call.callee);
  return path !== null && TERMINATING_CALLS.has(path.join('.'));
}

/**
 * Whether any of the variables — or a local alias made from them — leaves the handler. The alias
 * work list is bounded by the number of declarations in the handler.
 */
function errorEscapes(variables: readonly TSESLint.Scope.Variable[], sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const queue = [...variables];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const variable = queue.pop()!;
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const flow = flowsOut(reference.identifier);
      if (flow === 'escapes') return true;
      if (flow !== 'stays') {
        for (const alias of sourceCode.getDeclaredVariables(flow)) {
          if (!seen.has(alias)) {
            seen.add(alias);
            queue.push(alias);
          }
        }
      }
    }
  }
  return false;
}

/**
 * Follows a read of the error upward through expressions that carry its value (`e.message`,
 * `` `failed: ${e}` ``, `{ cause: e }`, `e ?? x`…) to where the value ends up: it escapes (a call
 * argument other than a reply to the user, `return`, `throw`, an assignment, `yield`), it is bound
 * to a local (the declarator is returned so its variables are followed), or it stays (a condition,
 * a comparison, an expression statement).
 */
function flowsOut(identifier: TSESTree.Node): 'escapes' | 'stays' | TSESTree.VariableDeclarator {
  let child: TSESTree.Node = identifier;
  let parent = child.parent;
  while (parent) {
    if (isTypeWrapper(parent)) {
      child = parent;
      parent = parent.parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object !== child) return 'stays';
        break;
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.NewExpression:
        break;
      case AST_NODE_TYPES.Property:
        if (parent.value !== child) return 'stays';
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === child) return 'stays';
        break;
      case AST_NODE_TYPES.LogicalExpression:
        break;
      case AST_NODE_TYPES.BinaryExpression:
        if (parent.operator !== '+') return 'stays';
        break;
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === child) break; // `e.toString()`: the result still carries the error.
        const name = getCalleeName(parent);
        return name !== null && USER_REPLY_METHODS.has(name) ? 'stays' : 'escapes';
      }
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return 'escapes';
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === child ? 'escapes' : 'stays';
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === child ? parent : 'stays';
      default:
        // Includes `throw`: one in the handler's own body was seen by the walk; one in a nested
        // function runs later, if ever.
        return 'stays';
    }
    child = parent;
    parent = parent.parent;
  }
  return 'stays';
}
