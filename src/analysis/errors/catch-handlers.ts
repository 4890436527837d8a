/**
 * Catch handlers: does a `catch` clause or a promise rejection handler deal with the error
 * (throw, log, report, end the process or set its exit code, pass the error on), or swallow it?
 * And the shapes where swallowing is deliberate: synchronous fallbacks, cleanup in an error path,
 * a `try` whose code only talks to the user.
 */
import { AST_NODE_TYPES, ASTUtils, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { convertedToText, enclosingFunction, functionName, getCalleeName, patternNames, getMemberPath, getPropertyName, isFunction, isIdentifierNamed, isTypeWrapper, isWaitPoint, outermostWrapper, propertyKey, resolveVariable, sameText, skipTypeWrappers, someInSameFunction, valueDiscarded, waitsInSameFunction, walkSameFunction } from '../ast/index.js';
import { USER_REPLY_METHODS, buildsKeyboard, chatRole, getFrameworkModel, namesAdmin, selectsOperators, type FrameworkModel } from '../framework/index.js';
import { DEFAULT_LOGGERS, type LoggerMatcher } from './loggers.js';

export type Handler = TSESTree.CatchClause | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Calls that end the process on purpose: the failure is not silent. */
const TERMINATING_CALLS = new Set(['process.exit', 'process.abort']);
/** Callbacks that take a failure: calling one with any argument passes a failure on, like `throw`. */
const FAILURE_CALLBACKS = new Set(['reject', 'next', 'done', 'callback', 'cb']);
/** Names by which a do-nothing function is passed: `.catch(noop)`, `.catch(_.noop)`. */
export const NOOP_NAMES = new Set(['noop', 'NOOP', 'nop', 'ignore', 'ignoreError', 'doNothing']);

/**
 * A probe whose failure is the expected answer: the `try` block runs synchronously (no `await`,
 * no `yield`) and throws nothing on purpose, and the handler only returns or assigns a value
 * computed without calls (a constant, a variable, a template of them), or skips a loop iteration —
 * `isValidAddress`, `JSON.parse` fallbacks, skipping malformed lines. The value may pass the input
 * to a function the caller supplied (`return refine ? refine(raw) : raw`): what to make of the raw
 * value is the caller's decision. An empty handler is not one, nor one that records a failure
 * status (`job.failed = true`, `status = 'failed'`): that records that the work failed and drops why.
 */
export function isSyncFallback(node: TSESTree.CatchClause, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const statements = node.body.body;
  const supplied = parameterNames(node);
  const fallback = (statement: TSESTree.Statement): boolean => isFallbackStatement(statement, supplied, sourceCode);
  if (node.parent.block.body.every(isOptionalRequire)) return statements.every(fallback);
  if (statements.length === 0 || !statements.every(fallback) || statements.some(setsFailureStatus)) return false;
  return runsSynchronously(node.parent.block);
}

/** Whether a block runs synchronously (no `await`, `yield` or `for await`) and throws nothing on purpose. */
function runsSynchronously(block: TSESTree.BlockStatement): boolean {
  return !someInSameFunction(block, leavesSynchronousRun);
}

/** A wait ({@link isWaitPoint}) or a `throw`: what a block that runs synchronously and throws nothing on purpose does not hold. */
function leavesSynchronousRun(node: TSESTree.Node): boolean {
  return isWaitPoint(node) || node.type === AST_NODE_TYPES.ThrowStatement;
}

/**
 * `let valid = false; try { const u = new URL(s); valid = u.protocol === 'https:'; } catch {}`, then
 * `if (!valid) …`: a synchronous validation whose last statement sets a flag declared with a failure
 * value (`false`, `null`). An empty handler leaves the flag at that value, and the code after the
 * `try` answers it in a condition: the failure is the answer "invalid", nothing is lost. A flag set
 * from an `await` (a database or network check) is not this: that failure is no validation answer.
 */
export function leavesFailureFlag(node: TSESTree.CatchClause, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const tryStatement = node.parent;
  const last = tryStatement.block.body[tryStatement.block.body.length - 1];
  if (node.body.body.length > 0 || tryStatement.finalizer || !runsSynchronously(tryStatement.block)) return false;
  if (last?.type !== AST_NODE_TYPES.ExpressionStatement || last.expression.type !== AST_NODE_TYPES.AssignmentExpression) return false;
  const { left, operator } = last.expression;
  if (operator !== '=' || left.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(left, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier) return false;
  const init = def.node.init;
  if (init?.type !== AST_NODE_TYPES.Literal || (init.value !== false && init.value !== null)) return false;
  return variable!.references.some((ref) => ref.isRead() && ref.identifier.range[0] >= tryStatement.range[1] && inCondition(ref.identifier));
}

/** Whether a read is (negated or combined) the test of an `if` or a `?:`. */
function inCondition(node: TSESTree.Node): boolean {
  let child = node;
  let parent = node.parent;
  while (parent && ((parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') || parent.type === AST_NODE_TYPES.LogicalExpression)) {
    child = parent;
    parent = parent.parent;
  }
  return (parent?.type === AST_NODE_TYPES.IfStatement || parent?.type === AST_NODE_TYPES.ConditionalExpression) && parent.test === child;
}

/** Calls that parse or validate a value: `Address.parse(s)`, `decode(s)`, `validateEmail(s)`, `PublicKey.fromString(s)`. */
const PARSE_NAME = /^(?:parse|decode|validate|verify|normalize|from[A-Z]|to[A-Z]\w*Address$)|Parse$|^is[A-Z]\w*Valid/;

/**
 * A `try` that parses or validates a value synchronously (no `await`, no `throw` of its own), such
 * as an address or a date the user typed: its failure is the validation answer. A handler that
 * tells the user and asks again (`ctx.reply('Check the address')`) handles it; nothing is lost for
 * the operator.
 */
export function validatesInput(block: TSESTree.BlockStatement): boolean {
  let parses = 0;
  const leaves = someInSameFunction(block, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = getCalleeName(node);
      if (name !== null && PARSE_NAME.test(name)) parses++;
    }
    return leavesSynchronousRun(node);
  });
  return !leaves && parses > 0;
}

/** Methods of Telegraf's scene context that move between scenes (`ctx.scene.enter('menu')`, `leave()`): what the next scene does fails in its own steps. */
const SCENE_MOVES = new Set(['enter', 'leave', 'reenter', 'reset']);
/** Telegraf's wizard cursor moves (`next`, `back`, `selectStep`) and the step moves projects add to the wizard (`nextStep()`, `prevStep()`, `chooseStep(n)`). */
const WIZARD_MOVE = /^(?:next|back|selectStep)$|Step$/;

/** `ctx.wizard.next()`, `ctx.scene.leave()`: a move through the scene on the handler's own context (see {@link SCENE_MOVES}, {@link WIZARD_MOVE}). */
function movesThroughScene(call: TSESTree.CallExpression, model: FrameworkModel): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return false;
  const name = getPropertyName(callee);
  const path = model.resolveContextPath(callee.object)?.path;
  if (name === null || path?.length !== 1) return false;
  return (path[0] === 'scene' && SCENE_MOVES.has(name)) || (path[0] === 'wizard' && WIZARD_MOVE.test(name));
}

/**
 * Where a scene step keeps what the user answered: the conversation's state on the handler's
 * context (`ctx.scene.state.price`, `ctx.wizard.state.x`, `ctx.session.city`) or a variable of the
 * step itself (`amount = amount.toFixed(2)`). A map of the module, or any other object, is not this.
 */
function keepsAnswer(target: TSESTree.Node, tryStatement: TSESTree.TryStatement, model: FrameworkModel, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const node = skipTypeWrappers(target);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(node, sourceCode);
    const step = enclosingFunction(tryStatement);
    return step !== null && variable !== null && variable.defs.length > 0 && variable.defs.every((def) => enclosingFunction(def.name) === step);
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const path = model.resolveContextPath(node)?.path;
  if (!path || path.length < 2) return false;
  return path[0] === 'session' || ((path[0] === 'scene' || path[0] === 'wizard') && path[1] === 'state');
}

/** `await ctx.reply('Saved').catch((e) => e)`: a chat call or a scene move, with `.catch` handlers that call nothing else. */
function awaitsChatOnly(argument: TSESTree.Node, model: FrameworkModel): boolean {
  let call = skipTypeWrappers(argument);
  while (call.type === AST_NODE_TYPES.CallExpression && getCalleeName(call) === 'catch' && call.callee.type === AST_NODE_TYPES.MemberExpression) {
    const handler = call.arguments[0];
    if (!handler || !isFunction(handler) || someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.CallExpression && chatRole(node) === 'other')) return false;
    call = skipTypeWrappers(call.callee.object);
  }
  return call.type === AST_NODE_TYPES.CallExpression && (chatRole(call) === 'ui' || movesThroughScene(call, model));
}

/**
 * A scene step that only reads what the user sent: the `try` reads the update
 * (`ctx.message.text`, `ctx.callbackQuery.data`), computes in the process (`parseFloat(text)`,
 * `text.split(' ')`; `computes`), keeps the answer in the conversation's state (see
 * {@link keepsAnswer}) and talks to the chat or moves through the scene (`await ctx.reply(…)`,
 * `return ctx.wizard.next()`, `ctx.scene.enter('menu')`) — no other call, `await`, `new` or
 * `throw`. What can fail there is the TypeError of an update without that field (a typed text where
 * a button was expected): the failure is the validation answer. The handler answers it: it talks to
 * the chat (`answers`: a reply, or a project function that only talks to the chat), moves through
 * the scene (`return ctx.scene.leave()`) or reads the update the other way (the typed-text branch of
 * a button probe). An empty handler is not this.
 */
export function readsUpdateOnly(
  handler: TSESTree.CatchClause,
  sourceCode: Readonly<TSESLint.SourceCode>,
  computes: (call: TSESTree.CallExpression) => boolean,
  answers: () => boolean,
): boolean {
  if (handler.body.body.length === 0) return false;
  const model = getFrameworkModel(sourceCode);
  const tryStatement = handler.parent;
  const readsUpdate = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.MemberExpression && model.getUserTextSource(node) !== null;
  let reads = 0;
  // One node that does more than read the update and answer decides: the walk stops there.
  const other = someInSameFunction(tryStatement.block, (node) => {
    switch (node.type) {
      case AST_NODE_TYPES.ThrowStatement:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ImportExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
      case AST_NODE_TYPES.NewExpression:
        return true;
      case AST_NODE_TYPES.ForOfStatement:
        return node.await;
      case AST_NODE_TYPES.AwaitExpression:
        return !awaitsChatOnly(node.argument, model);
      case AST_NODE_TYPES.AssignmentExpression:
        return !keepsAnswer(node.left, tryStatement, model, sourceCode);
      case AST_NODE_TYPES.UpdateExpression:
        return !keepsAnswer(node.argument, tryStatement, model, sourceCode);
      case AST_NODE_TYPES.CallExpression:
        return !(chatRole(node) !== 'other' || movesThroughScene(node, model) || computes(node));
      default:
        if (readsUpdate(node)) reads++;
        return false;
    }
  });
  if (other || reads === 0) return false;
  return answers() || someInSameFunction(handler.body, (node) => readsUpdate(node) || (node.type === AST_NODE_TYPES.CallExpression && (chatRole(node) === 'ui' || movesThroughScene(node, model))));
}

/** `String(v)`, `Number(v)`: a global conversion of at most one value, not a local function of that name. */
function isConversion(callee: TSESTree.Identifier, call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return CONVERSIONS.has(callee.name) && call.arguments.length <= 1 && (resolveVariable(callee, sourceCode)?.defs.length ?? 0) === 0;
}

/** Names of a status field, and status values that mean the work failed. */
const STATUS_FIELD = /status|state|fail|error|success|exitCode/i;
const FAILURE_VALUE = /^(?:fail|error)/i;

/** `job.failed = true`, `this.status = 'failed'`, `status = 'error'`: a failure recorded without its cause. */
function setsFailureStatus(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) return false;
  const { left, right } = statement.expression;
  if (right.type === AST_NODE_TYPES.Literal && typeof right.value === 'string' && FAILURE_VALUE.test(right.value)) return true;
  if (left.type !== AST_NODE_TYPES.MemberExpression) return false;
  const path = getMemberPath(left);
  const field = path?.[path.length - 1];
  return field !== undefined && STATUS_FIELD.test(field);
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

/** The parameters of the function around a node: functions among them are the caller's. */
function parameterNames(node: TSESTree.Node): ReadonlySet<string> {
  let fn: TSESTree.Node | undefined = node.parent;
  while (fn && !isFunction(fn)) fn = fn.parent;
  if (!fn || !isFunction(fn)) return new Set();
  // The function's own name: a recursive call (`value.map((item) => cloneJson(item))`) does what the
  // function does, on a part of its input; it adds no work of another kind to the fallback.
  const own = functionName(fn);
  return new Set([...fn.params.flatMap(patternNames), ...(own === null ? [] : [own])]);
}

function isFallbackStatement(statement: TSESTree.Statement, supplied: ReadonlySet<string>, sourceCode: Readonly<TSESLint.SourceCode>, computes?: InProcess['call']): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return !statement.argument || isPlainValue(statement.argument, supplied, sourceCode, computes);
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.ExpressionStatement:
      return statement.expression.type === AST_NODE_TYPES.AssignmentExpression && isPlainValue(statement.expression.right, supplied, sourceCode, computes);
    default:
      return false;
  }
}

/** What the summaries tell about code that does no I/O: guarded code that only computes, and a call that only computes. */
export interface InProcess {
  readonly code: (code: TSESTree.Node) => boolean;
  readonly call: (call: TSESTree.CallExpression) => boolean;
  /** Route code that only computes and answers its request on the response parameter (`res.json(body)`). */
  readonly answering?: (code: TSESTree.Node) => boolean;
  /** An answer on the route's response parameter: `res.status(500).json(…)`. */
  readonly answersRequest?: (call: TSESTree.CallExpression) => boolean;
}

/**
 * A fallback after code that does no I/O: the guarded code only computes in the process
 * (`cfg = JSON.parse(row.config)`, a Unicode-property regular expression tried for support,
 * `require('dotenv').config()`, a formatter; see `runsInProcess`), and the handler ends in a
 * fallback: it is empty, returns or assigns a value (computed in the process too:
 * `` return `[${level.toUpperCase()}] ${message}` ``), skips (`continue`, `break`), or answers the
 * chat (`ctx.reply('Send a valid link')`). What failed is a value that did not parse or compute;
 * no write, request or read of the bot was lost. A handler that records a failure status
 * (`job.failed = true`), or computes its value with an unknown function, is not this.
 */
export function isInProcessFallback(handler: Handler, sourceCode: Readonly<TSESLint.SourceCode>, inProcess: InProcess): boolean {
  const guarded = guardedCode(handler);
  if (!guarded) return false;
  // A route that only computes and answers: the handler must answer the same request.
  const answered = !inProcess.code(guarded);
  if (answered && !(handler.type === AST_NODE_TYPES.CatchClause && inProcess.answering?.(guarded))) return false;
  // `previous.catch(() => null)`: a promise made elsewhere; what rejects it is not in view.
  if (handler.type !== AST_NODE_TYPES.CatchClause && skipTypeWrappers(guarded).type !== AST_NODE_TYPES.CallExpression) return false;
  const supplied = parameterNames(handler);
  const body = handler.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return isPlainValue(body, supplied, sourceCode, inProcess.call) || answersChat(body, inProcess);
  if (handler.type === AST_NODE_TYPES.CatchClause && body.body.length === 0 && !resultsRead(handler.parent, sourceCode)) return false;
  const answers = (statement: TSESTree.Statement): boolean => {
    const value = statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : statement.type === AST_NODE_TYPES.ReturnStatement ? statement.argument : null;
    return value !== null && (answersChat(value, inProcess) || answersRequest(value, inProcess));
  };
  if (answered) return body.body.length > 0 && body.body.every((statement) => !setsFailureStatus(statement) && (answers(statement) || isFallbackStatement(statement, supplied, sourceCode, inProcess.call))) && body.body.some(answers);
  if (body.body.every((statement) => !setsFailureStatus(statement) && (isFallbackStatement(statement, supplied, sourceCode, inProcess.call) || answers(statement)))) return true;
  return handler.type === AST_NODE_TYPES.CatchClause && computesAnotherFallback(body, supplied, sourceCode, inProcess);
}

/**
 * `catch { const start = raw.indexOf('{'); if (start >= 0) { try { return JSON.parse(raw.slice(start)); } catch { return null; } } return null; }`:
 * a handler that tries another parse of the same text and ends in a fallback value. Its statements
 * only compute in the process (declarations, `if` tests, inner `try` blocks), every `catch` inside
 * is such a handler too, and each block ends in a `return` of a plain value: no I/O runs, what
 * failed is a value that did not parse, and the caller gets the fallback.
 */
function computesAnotherFallback(block: TSESTree.BlockStatement, supplied: ReadonlySet<string>, sourceCode: Readonly<TSESLint.SourceCode>, inProcess: InProcess): boolean {
  const last = block.body[block.body.length - 1];
  if (last?.type !== AST_NODE_TYPES.ReturnStatement || !isFallbackStatement(last, supplied, sourceCode, inProcess.call)) return false;
  const computed = (statement: TSESTree.Statement): boolean => {
    switch (statement.type) {
      case AST_NODE_TYPES.VariableDeclaration:
        return statement.declarations.every((d) => d.id.type === AST_NODE_TYPES.Identifier && (d.init === null || inProcess.code(d.init)));
      case AST_NODE_TYPES.IfStatement:
        return inProcess.code(statement.test) && computed(statement.consequent) && (statement.alternate === null || computed(statement.alternate));
      case AST_NODE_TYPES.BlockStatement:
        return statement.body.every(computed);
      case AST_NODE_TYPES.TryStatement:
        return statement.handler !== null && statement.finalizer === null && inProcess.code(statement.block) && computesAnotherFallback(statement.handler.body, supplied, sourceCode, inProcess);
      case AST_NODE_TYPES.ReturnStatement:
        return isFallbackStatement(statement, supplied, sourceCode, inProcess.call) || (statement.argument !== null && inProcess.code(statement.argument));
      default:
        return false;
    }
  };
  return block.body.every(computed);
}

/**
 * Whether every variable of the code around that a `try` block assigns (`cfg = JSON.parse(s)`,
 * `[user] = atob(t).split(':')`) is read outside the `try`: an empty `catch` then leaves it at the
 * value it had, and the code goes on with that fallback. A flag set in the `try` and read nowhere
 * (`valid = u.protocol === 'https:'`, then `return text`) is a check whose answer is dropped.
 */
function resultsRead(tryStatement: TSESTree.TryStatement, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const block = tryStatement.block;
  let read = true;
  walkSameFunction(block, (node) => {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression) return read;
    for (const name of patternNames(node.left)) {
      const variable = ASTUtils.findVariable(sourceCode.getScope(node), name);
      const outside = variable?.defs.some((def) => def.name.range[0] < block.range[0] || def.name.range[1] > block.range[1]);
      const inBlock = (reference: TSESLint.Scope.Reference): boolean => reference.identifier.range[0] >= block.range[0] && reference.identifier.range[1] <= block.range[1];
      if (outside && !variable!.references.some((reference) => reference.isRead() && !inBlock(reference))) read = false;
    }
    return read;
  });
  return read;
}

/** `res.status(500).json({ message: 'Server error' })`: an answer on the route's response parameter whose arguments only compute. */
function answersRequest(node: TSESTree.Node, inProcess: InProcess): boolean {
  const call = skipTypeWrappers(node);
  return call.type === AST_NODE_TYPES.CallExpression && inProcess.answersRequest?.(call) === true && inProcess.answering?.(call) === true;
}

/** `await ctx.reply('Send a valid link')`: a chat call (awaited or not) whose arguments only compute. */
function answersChat(node: TSESTree.Node, inProcess: InProcess): boolean {
  let call = skipTypeWrappers(node);
  if (call.type === AST_NODE_TYPES.AwaitExpression) call = skipTypeWrappers(call.argument);
  return call.type === AST_NODE_TYPES.CallExpression && chatRole(call) === 'ui' && call.arguments.every((argument) => inProcess.code(argument));
}

/** The global conversions (`String(x)`, `Number(x)`, `Boolean(x)`): they do not throw on a value a bot passes them. */
export const CONVERSIONS: ReadonlySet<string> = new Set(['String', 'Number', 'Boolean']);

/**
 * A value computed without calls or I/O: literals, variables, property reads, templates and
 * operators over them, arrays and objects made only of them (no array spreads, holes or computed
 * keys; an object may spread such a value: `{ ...value }`).
 * The calls allowed, on such values, are of a function named in `supplied` (a parameter: the
 * caller's own) and the global conversions (`return String(v)` after a `JSON.stringify(v)` that
 * failed: the failure is the answer).
 */
function isPlainValue(node: TSESTree.Node, supplied: ReadonlySet<string>, sourceCode: Readonly<TSESLint.SourceCode>, computes?: InProcess['call']): boolean {
  const plain = (child: TSESTree.Node): boolean => isPlainValue(child, supplied, sourceCode, computes);
  if (isTypeWrapper(node)) return plain(skipTypeWrappers(node));
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
      if (computes?.(node) && node.arguments.every(plain)) return node.callee.type !== AST_NODE_TYPES.MemberExpression || plain(node.callee.object);
      if (mapsElements(node, plain)) return true;
      return node.callee.type === AST_NODE_TYPES.Identifier && (supplied.has(node.callee.name) || isConversion(node.callee, node, sourceCode)) && node.arguments.every(plain);
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return !node.computed && plain(node.object);
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator !== 'delete' && plain(node.argument);
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return node.left.type !== AST_NODE_TYPES.PrivateIdentifier && plain(node.left) && plain(node.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return plain(node.test) && plain(node.consequent) && plain(node.alternate);
    case AST_NODE_TYPES.TemplateLiteral:
      return node.expressions.every(plain);
    case AST_NODE_TYPES.ArrayExpression:
      return node.elements.every((element) => element !== null && plain(element));
    case AST_NODE_TYPES.ObjectExpression:
      // An object spread (`{ ...value }`) copies own properties and does not throw, not even on `null`.
      return node.properties.every((property) =>
        property.type === AST_NODE_TYPES.SpreadElement ? plain(property.argument) : !property.computed && plain(property.value),
      );
    default:
      return false;
  }
}

/** Array methods that call back once per element and build a value from the answers. */
const ELEMENT_METHODS = new Set(['map', 'filter', 'some', 'every', 'find']);

/**
 * `value.map((item) => cloneJson(item))`: an array method ({@link ELEMENT_METHODS}) on a plain value
 * whose callbacks are arrows returning a plain value of their element. On an array it throws only
 * what the callback throws; on anything else it throws a `TypeError` out of the handler, loudly.
 */
function mapsElements(call: TSESTree.CallExpression, plain: (node: TSESTree.Node) => boolean): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !ELEMENT_METHODS.has(getPropertyName(callee) ?? '') || !plain(callee.object)) return false;
  const [callback, ...rest] = call.arguments;
  return (
    rest.length === 0 &&
    callback?.type === AST_NODE_TYPES.ArrowFunctionExpression &&
    callback.body.type !== AST_NODE_TYPES.BlockStatement &&
    callback.params.every((param) => param.type === AST_NODE_TYPES.Identifier) &&
    plain(callback.body)
  );
}

/**
 * Whether a `try` statement (or a `.catch(…)` call) is cleanup on an error path: inside another
 * `catch` or a `finally` block of the same function (`try { await client.query('ROLLBACK') } catch {}`,
 * `notifyAdmin(text).catch(() => {})` after the first failure was logged).
 */
export function isInErrorPath(tryStatement: TSESTree.TryStatement | TSESTree.CallExpression): boolean {
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

/** Names of calls that pass a failure on to a person: `notifyAdmin`, `alertOwner`, `reportToAdmin`. */
const NOTIFY_NAME = /^(?:notify|alert|report)|admin|owner/i;

/**
 * Whether the promise is one call that passes a failure on to a person (`notifyAdmin(text)`):
 * in an error path, its own failure is secondary to the one it reports. A write there
 * (`TopupRequest.updateOne(…).catch(() => {})`, a compensation) is not this.
 */
export function onlyNotifies(promise: TSESTree.Node): boolean {
  const call = skipTypeWrappers(promise);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = getCalleeName(call);
  return name !== null && NOTIFY_NAME.test(name);
}

/** Methods that close a connection or a subscription the code is done with. */
const CLOSE_METHODS = new Set(['quit', 'disconnect', 'close', 'destroy', 'dispose', 'unsubscribe', 'terminate', 'release']);

/** `Symbol.dispose` / `Symbol.asyncDispose`: the explicit-resource-management names of closing a handle. */
const DISPOSE_SYMBOLS = new Set(['dispose', 'asyncDispose']);

/**
 * Whether the guarded code only closes connections it is done with (`redis.quit()`,
 * `subscriber.disconnect()`, `ws.close()`) or drops a response body it will not read
 * (`res.body?.cancel()`): a failure there is secondary (the connection or stream is being dropped
 * anyway), like cleanup on an error path.
 */
export function onlyClosesConnections(code: TSESTree.Node | null): boolean {
  return onlyCalls(code, (call) => {
    const name = getCalleeName(call);
    if (killsChild(call)) return true;
    if (call.arguments.length !== 0) return false;
    return name !== null ? CLOSE_METHODS.has(name) || (name === 'cancel' && discardsBody(call)) : disposesHandle(call);
  });
}

/** A signal's name: `'SIGKILL'`, `'SIGTERM'`. */
const SIGNAL_NAME = /^SIG[A-Z0-9]+$/;

/**
 * `ffmpeg.kill('SIGKILL')`: Node's `ChildProcess#kill(signal)` given a signal by name, on anything
 * but the global `process` (whose `kill(pid)` throws for a missing process). For a valid signal it
 * does not throw: a process that already exited makes it return `false`, another failure is emitted
 * as the child's `'error'` event. Stopping a helper process the code is done with, like closing a
 * connection.
 */
function killsChild(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  const [signal, ...rest] = call.arguments;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'kill' || rest.length > 0) return false;
  if (signal?.type !== AST_NODE_TYPES.Literal || typeof signal.value !== 'string' || !SIGNAL_NAME.test(signal.value)) return false;
  const receiver = skipTypeWrappers(callee.object);
  return !(receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'process');
}

/** File-system calls that remove a file or directory: `fs.unlinkSync(p)`, `fs.promises.rm(p, { force: true })`. */
const REMOVE_METHODS = new Set(['unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'remove', 'removeSync']);
/** Receivers of the file-system modules: `fs`, `fsp`, `fs.promises`, fs-extra's `fse`. */
const FS_RECEIVER = /^(?:fs|fsp|fse|fsExtra|fsPromises|promises)$/;
/** A path named as a temporary file: `tmp`, `tempFile`, `tmpPath`. */
const TEMP_NAME = /te?mp/i;

/**
 * Whether the guarded code only removes temporary files (`try { fs.unlinkSync(tmpFile) } catch {}`,
 * `fs.promises.rm(outOgg, { force: true }).catch(() => {})`): each call is a removal by the
 * file-system module, of a path named as temporary or a local one an earlier call of the same
 * function produced or used (`convert(input, outOgg)`, then the send, then the removal). The work is done;
 * a removal that fails leaves a stray file behind, nothing of the bot's work is lost.
 */
export function onlyRemovesTempFiles(code: TSESTree.Node | null): boolean {
  return onlyCalls(code, (call) => {
    const callee = skipTypeWrappers(call.callee);
    const name = getCalleeName(call);
    if (name === null || !REMOVE_METHODS.has(name)) return false;
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? getMemberPath(callee.object) : [];
    if (receiver === null || (receiver.length > 0 && !receiver.some((part) => FS_RECEIVER.test(part)))) return false;
    const path = call.arguments[0];
    return path !== undefined && path.type !== AST_NODE_TYPES.SpreadElement && isTempPath(path, call);
  }, true);
}

/** A path named as temporary (`tmpFile`, `path.join(os.tmpdir(), name)`), or a local variable of the function that an earlier call used (`const out = …; await convert(src, out)`); not a path the caller passed in. */
function isTempPath(path: TSESTree.Expression, removal: TSESTree.CallExpression): boolean {
  let temp = false;
  walkSameFunction(path, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier && TEMP_NAME.test(node.name)) temp = true;
    return !temp;
  });
  const skip = skipTypeWrappers(path);
  if (temp || isListedEntry(skip, removal)) return true;
  if (skip.type !== AST_NODE_TYPES.Identifier) return false;
  const fn = enclosingFunction(removal);
  if (!fn) return false;
  let declared = false;
  let used = false;
  walkSameFunction(fn.body, (node) => {
    if (node.range[0] >= removal.range[0]) return false;
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === skip.name) declared = true;
    if (node.type === AST_NODE_TYPES.CallExpression && !REMOVE_METHODS.has(getCalleeName(node) ?? '') && node.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === skip.name)) {
      used = true;
    }
    return undefined;
  });
  return declared && used;
}

/** Calls that list the entries of a directory. */
const DIRECTORY_LISTS = new Set(['readdir', 'readdirSync']);

/**
 * `for (const file of readdirSync(folder)) { const full = path.join(folder, file); … rmSync(full, { force: true }) }`:
 * the removed path is built from the loop variable of a `for…of` over a directory listing (`readdir`,
 * `readdirSync`, awaited or not, directly or through a `const` of the function). The code sweeps a
 * folder of files it picked by listing, not a file that holds the bot's data: an entry that fails
 * to go is still there for the next sweep.
 */
function isListedEntry(path: TSESTree.Node, removal: TSESTree.CallExpression): boolean {
  const fn = enclosingFunction(removal);
  const value = path.type === AST_NODE_TYPES.Identifier ? localInitializer(path.name, fn?.body ?? null, removal) : path;
  if (!value) return false;
  const names = new Set<string>();
  walkSameFunction(value, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) names.add(node.name);
    return undefined;
  });
  for (let node: TSESTree.Node | undefined = removal.parent; node && node !== fn; node = node.parent) {
    if (node.type !== AST_NODE_TYPES.ForOfStatement || node.left.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    const entry = node.left.declarations[0]?.id;
    if (entry?.type !== AST_NODE_TYPES.Identifier || !names.has(entry.name)) continue;
    let listed = skipTypeWrappers(node.right);
    if (listed.type === AST_NODE_TYPES.Identifier) listed = localInitializer(listed.name, fn?.body ?? null, node) ?? listed;
    if (listed.type === AST_NODE_TYPES.AwaitExpression) listed = skipTypeWrappers(listed.argument);
    if (listed.type === AST_NODE_TYPES.CallExpression && DIRECTORY_LISTS.has(getCalleeName(listed) ?? '')) return true;
  }
  return false;
}

/** The initial value of the `const`/`let` named `name` declared in `code` before `before` (nested functions aside), if one. */
function localInitializer(name: string, code: TSESTree.Node | null, before: TSESTree.Node): TSESTree.Expression | null {
  let init: TSESTree.Expression | null = null;
  if (code) {
    walkSameFunction(code, (node) => {
      if (node.range[0] >= before.range[0]) return false;
      if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name && node.init) init = skipTypeWrappers(node.init) as TSESTree.Expression;
      return undefined;
    });
  }
  return init;
}

/** `agent[Symbol.asyncDispose]()`, `handle[Symbol.dispose]()`: a handle released the way `await using` would. */
function disposesHandle(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !callee.computed) return false;
  const path = getMemberPath(callee.property);
  return path !== null && path.length === 2 && path[0] === 'Symbol' && DISPOSE_SYMBOLS.has(path[1]!);
}

/** `res.body?.cancel()`: the stream of a response body the code will not read, dropped. */
function discardsBody(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = skipTypeWrappers(callee.object);
  return receiver.type === AST_NODE_TYPES.MemberExpression && getPropertyName(receiver) === 'body';
}

/**
 * Whether `code` makes at least one call and every call it makes (nested functions aside) is one
 * `accept` takes. With `whole`, the parts of a taken call are its own (`db.collection('users')` of
 * `db.collection('users').createIndex(…)`) and are not looked at.
 */
export function onlyCalls(code: TSESTree.Node | null, accept: (call: TSESTree.CallExpression) => boolean, whole = false): boolean {
  if (!code) return false;
  let calls = 0;
  let only = true;
  walkSameFunction(code, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return only;
    if (accept(node)) calls++;
    else only = false;
    return only && !whole;
  });
  return only && calls > 0;
}

/**
 * `try { ctx.telegram.forwardMessage(to, from, id) } catch {}`: every statement of the `try` block
 * starts a promise it does not wait for (a chat call, or a call `returnsPromise` vouches for, such as
 * a project `async` function), and nothing else in it can throw (the callee and arguments call
 * nothing but pure conversions and keyboard builders, create nothing, wait for nothing). The
 * `catch` never runs: each rejection escapes the `try` as an unhandled rejection.
 */
export function onlyStartsPromises(block: TSESTree.BlockStatement, returnsPromise: (call: TSESTree.CallExpression) => boolean): boolean {
  return (
    block.body.length > 0 &&
    block.body.every((statement) => {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
      const call = skipTypeWrappers(statement.expression);
      if (call.type !== AST_NODE_TYPES.CallExpression || !(chatRole(call) === 'ui' || returnsPromise(call))) return false;
      let quiet = true;
      walkSameFunction(call, (node) => {
        if (node === call) return true;
        if (
          (node.type === AST_NODE_TYPES.CallExpression && chatRole(node) !== 'neutral') ||
          node.type === AST_NODE_TYPES.NewExpression ||
          node.type === AST_NODE_TYPES.AwaitExpression ||
          node.type === AST_NODE_TYPES.YieldExpression
        ) {
          quiet = false;
        }
        return quiet;
      });
      return quiet;
    })
  );
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
 * business error, whether the handler ignores it or falls back to another chat call. Computing the
 * text or keyboard in the arguments (`t(ctx, 'key')`, `price.toFixed(2)`) does not change that; an
 * `await` there (a database read) does inside a `try`. For the promise a `.catch` is on
 * (`awaitsGuarded` false), an `await` in its arguments rejects before the chat call is made, out of
 * the enclosing function: that `.catch` never sees it, and guards only the chat call. A send in a
 * loop over recipients is not best-effort: see {@link isBroadcastSend}.
 *
 * Work whose failures are caught closer does not count either: a promise chain that ends in its
 * own `.catch(handler)` (`await axios.post(…).then(…).catch(async (e) => bot.sendMessage(…))`), or
 * an inner `try` with its own `catch`; only what their handlers do can reach this code's handler.
 * `handled` names further calls that cannot fail with a lost error: loggers, callees proven to deal
 * with their own failures.
 *
 * With `computes` (the code is the body of a function its caller calls), an inner `catch (err)` that
 * rethrows `err` (`if (isParseError(err)) return resend(); throw err;`) passes on its block's
 * failures unchanged: the block counts as this code's, and that `throw` is no deliberate failure;
 * and a call `computes` names (`text.replace(…)`: work in the process, no I/O) counts neither way.
 * A call `inMemory` names (a method of a value made in the process: `out.push(name)` on a local
 * array, `seen.add(ch)` on a local set) is bookkeeping around the chat calls, like a state update.
 */
export interface TalkOptions {
  /** False for the promise a `.catch` is on: an `await` in its arguments rejects out of reach of that `.catch`. */
  readonly awaitsGuarded?: boolean;
  /** The sends are behind auto-retry: only refusals reach the handler (see {@link isBroadcastSend}). */
  readonly sendsRetried?: boolean;
  /** Calls that send a Bot API chat method over HTTP. */
  readonly chatRequest?: (call: TSESTree.CallExpression) => boolean;
  readonly computes?: (call: TSESTree.CallExpression) => boolean;
  readonly inMemory?: (call: TSESTree.CallExpression) => boolean;
}

export function onlyTalksToUser(
  code: TSESTree.Node | null,
  handled: (call: TSESTree.CallExpression) => boolean = () => false,
  { awaitsGuarded = true, sendsRetried = false, chatRequest = () => false, computes, inMemory }: TalkOptions = {},
): boolean {
  if (!code) return false;
  const state: TalkState = { uiCalls: 0, onlyUi: true, sendsRetried, chatRequest, computes, inMemory, rethrowing: new Set() };
  talksToUser(code, handled, state, awaitsGuarded);
  return state.onlyUi && state.uiCalls > 0;
}

interface TalkState {
  uiCalls: number;
  onlyUi: boolean;
  sendsRetried: boolean;
  /** A request that is a chat call made over HTTP (`axios.post(\`…/bot${token}/sendMessage\`, …)`). */
  chatRequest: (call: TSESTree.CallExpression) => boolean;
  /** In a callee's body, calls that only compute (see {@link onlyTalksToUser}); then an inner `catch` that rethrows passes on its block's failures. */
  computes: ((call: TSESTree.CallExpression) => boolean) | undefined;
  /** Calls on a value made in the process (`out.push(name)`, `seen.add(ch)` on a local `new Set()`): bookkeeping, no I/O. */
  inMemory: ((call: TSESTree.CallExpression) => boolean) | undefined;
  /** Inner `catch` clauses that rethrow their error, whose `try` block was walked as part of the code. */
  rethrowing: Set<TSESTree.CatchClause>;
}

/**
 * What a call does in the chat (see `chatRole`), with a request the caller names a chat call
 * (`fetch(\`https://api.telegram.org/bot${token}/sendMessage\`, …)`) counted as one, unless it is
 * made once per element of a loop: its recipient is in the body, so it may be a broadcast.
 */
function roleIn(call: TSESTree.CallExpression, state: TalkState): ReturnType<typeof chatRole> {
  const role = chatRole(call);
  if (role === 'other' && (readsCaughtError(call) || state.computes?.(call) || state.inMemory?.(call))) return 'neutral';
  return role === 'other' && state.chatRequest(call) && !inLoop(call) ? 'ui' : role;
}

/** `err.message.includes('parse')` inside `catch (err)`: a read of the caught error (see {@link readsError}), no I/O. */
function readsCaughtError(call: TSESTree.CallExpression): boolean {
  for (let node: TSESTree.Node | undefined = call.parent; node && !isFunction(node); node = node.parent) {
    if (node.type === AST_NODE_TYPES.CatchClause) return readsError(call, node);
  }
  return false;
}

/** A library's type guard by name: `axios.isAxiosError(e)`, `Boom.isBoom(e)`, `client.isHttpError(e)`. */
const TYPE_GUARD = /^is[A-Z]/;

/**
 * `error.message.includes('not modified')`: a method of the caught error itself, which only reads it;
 * or a type guard of a library's object given the error (`axios.isAxiosError(e)`), which only tests it.
 */
export function readsError(call: TSESTree.CallExpression, handler: TSESTree.CatchClause): boolean {
  if (handler.param?.type !== AST_NODE_TYPES.Identifier) return false;
  const name = handler.param.name;
  const [first] = call.arguments;
  if (call.callee.type === AST_NODE_TYPES.MemberExpression && TYPE_GUARD.test(getPropertyName(call.callee) ?? '') && first?.type === AST_NODE_TYPES.Identifier && first.name === name) return true;
  let current: TSESTree.Node = call.callee;
  while (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
  return current.type === AST_NODE_TYPES.Identifier && current.name === name;
}

/** A call `handled` vouches for counts as a chat call: it does not fail with a lost error. */
function handledCall(node: TSESTree.CallExpression, handled: (call: TSESTree.CallExpression) => boolean, state: { uiCalls: number }): boolean {
  if (!handled(node)) return false;
  state.uiCalls++;
  return true;
}

function talksToUser(code: TSESTree.Node, handled: (call: TSESTree.CallExpression) => boolean, state: TalkState, awaitsGuarded = true): void {
  walkSameFunction(code, (node) => {
    if (!state.onlyUi) return false;
    if (node.type === AST_NODE_TYPES.TryStatement && node.handler) {
      // The block's failures go to the inner handler: only the handler and the finalizer can fail here,
      // and the block's own when the handler rethrows them (`catch (err) { if (parse(err)) return retry(); throw err; }`).
      if (state.computes && rethrowsCatchParam(node.handler)) {
        state.rethrowing.add(node.handler);
        talksToUser(node.block, handled, state, awaitsGuarded);
      }
      talksToUser(node.handler.body, handled, state);
      if (node.finalizer) talksToUser(node.finalizer, handled, state);
      return false;
    }
    if (node.type === AST_NODE_TYPES.ThrowStatement && node !== code && !rethrowsCaught(node, state.rethrowing)) {
      // Only reached inside an inner handler or a promise handler: a deliberate failure gets out.
      state.onlyUi = false;
      return false;
    }
    if (node.type !== AST_NODE_TYPES.CallExpression) return undefined;
    const rejection = rejectionHandler(node);
    if (rejection) {
      state.uiCalls++;
      talksToUser(rejection.body, handled, state);
      return false;
    }
    const role = roleIn(node, state);
    if (role === 'neutral' && buildsKeyboard(node)) {
      // A keyboard built in place (`new InlineKeyboard().url('Open', link.replace('@', ''))`): like the arguments of a chat call, its own only compute what is sent.
      if (awaitsGuarded && waitsInSameFunction(node)) state.onlyUi = false;
      return false;
    }
    if (role === 'ui') {
      if (isBroadcastSend(node, state.sendsRetried) || (awaitsGuarded && node.arguments.some(waitsInSameFunction))) state.onlyUi = false;
      state.uiCalls++;
      // The arguments only compute what is sent; the callee chain is still walked.
      walkSameFunction(node.callee, (inner) => {
        if (inner.type === AST_NODE_TYPES.CallExpression && chatRole(inner) === 'other' && !handled(inner)) state.onlyUi = false;
        return state.onlyUi;
      });
      return false;
    }
    if (role === 'other' && !handledCall(node, handled, state)) state.onlyUi = false;
    return state.onlyUi;
  });
}

/** Whether a `catch` clause's handler rethrows its parameter (`throw err`). */
function rethrowsCatchParam(handler: TSESTree.CatchClause): boolean {
  const param = handler.param;
  return param?.type === AST_NODE_TYPES.Identifier && someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement && isIdentifierNamed(node.argument, param.name));
}

/** `throw err` inside `catch (err)` of one of `rethrowing` (whose `try` block was walked): the caught failure passes on unchanged. */
function rethrowsCaught(statement: TSESTree.ThrowStatement, rethrowing: ReadonlySet<TSESTree.CatchClause>): boolean {
  for (let node: TSESTree.Node | undefined = statement.parent; node && !isFunction(node); node = node.parent) {
    if (node.type === AST_NODE_TYPES.CatchClause) return rethrowing.has(node) && isIdentifierNamed(statement.argument, (node.param as TSESTree.Identifier).name);
  }
  return false;
}

/** `x.catch(handler)` / `x.then(ok, handler)` with an inline handler: the chain's failures go to it. */
function rejectionHandler(call: TSESTree.CallExpression): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = getCalleeName(call);
  const argument = name === 'catch' && call.arguments.length === 1 ? call.arguments[0] : name === 'then' && call.arguments.length === 2 ? call.arguments[1] : undefined;
  const handler = argument && skipTypeWrappers(argument);
  return handler?.type === AST_NODE_TYPES.ArrowFunctionExpression || handler?.type === AST_NODE_TYPES.FunctionExpression ? handler : null;
}

/** Bot API sends whose first argument is the chat to send to. */
const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendVideo',
  'sendAudio',
  'sendAnimation',
  'sendVoice',
  'sendSticker',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
]);
/** Array methods whose callback runs once per element: a loop. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap']);

/**
 * A send in a broadcast: its chat comes from a loop over recipients (`for (const id of users)`,
 * `users.forEach(async (u) => …)`, a `const chatId = u.id` declared in the loop). Swallowing its
 * failure drops rate limits (429) and network errors along with "bot was blocked" (403): the rest
 * of the broadcast fails silently.
 */
export function isBroadcastSend(call: TSESTree.CallExpression, sendsRetried = false): boolean {
  const name = getCalleeName(call);
  const chat = call.arguments[0];
  if (sendsRetried || name === null || !SEND_METHODS.has(name) || !chat) return false;
  let loop: TSESTree.Node | null = null;
  walkSameFunction(chat, (node) => {
    if (loop === null && node.type === AST_NODE_TYPES.Identifier) loop = loopBinding(node, call);
    return loop === null;
  });
  return loop !== null && !updatesBeforeSend(loop, call) && !overAdmins(loop, chat);
}

/**
 * `for (const id of ADMIN_IDS)`, `config.admins.forEach((admin) => …)`, a send to `adminId`, a loop
 * over the users a query selects by an operator role (`findMany({ where: { role: Role.boss } })`):
 * a notice to the bot's few operators, best-effort like any one send, not a broadcast to users.
 */
function overAdmins(loop: TSESTree.Node, chat: TSESTree.Node): boolean {
  if (namesAdmin(chat)) return true;
  const recipients = loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement ? loop.right : iteratedList(loop);
  return recipients !== null && (namesAdmin(recipients) || selectsOperators(recipients));
}

/** The list a per-element callback runs over: `users` of `users.forEach((u) => …)`. */
function iteratedList(callback: TSESTree.Node): TSESTree.Node | null {
  const call = callback.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : null;
}

/** The send to recipients of a loop that the guarded code makes ({@link isBroadcastSend}), if any. */
export function broadcastSendIn(code: TSESTree.Node | null, sendsRetried = false): TSESTree.CallExpression | null {
  let found: TSESTree.CallExpression | null = null;
  if (code && !sendsRetried) {
    walkSameFunction(code, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression && isBroadcastSend(node)) found = node;
      return found === null;
    });
  }
  return found;
}

/** The loop (or per-element callback) around `use` that binds the variable `identifier` reads once per iteration. */
function loopBinding(identifier: TSESTree.Identifier, use: TSESTree.Node): TSESTree.Node | null {
  let scope: TSESTree.Node | undefined = use.parent;
  // The loops (and per-element callbacks) around the use, up to the enclosing named function.
  while (scope) {
    const loop = isLoop(scope) || (isFunction(scope) && isIterationCallback(scope));
    if (loop && bindsName(scope, identifier.name)) return scope;
    if (isFunction(scope) && !isIterationCallback(scope)) return null;
    scope = scope.parent;
  }
  return null;
}

/** Names of calls that change state: `updateBalance`, `markPaid`, `db.save`, `credit`. */
const UPDATE_NAME = /^(?:update|save|insert|upsert|set|credit|debit|add|mark|complete|confirm|create|process|pay|transfer|deposit|withdraw|increment|decrement|apply|finish|approve)/i;

/**
 * Whether the iteration first does the work (credits a payment, marks an order done) and then
 * notifies the one user it concerns: the loop is over pieces of work, not over recipients of one
 * message, and a lost notice is a lost courtesy, not a lost broadcast.
 */
function updatesBeforeSend(loop: TSESTree.Node, send: TSESTree.CallExpression): boolean {
  let found = false;
  walkSameFunction(loop, (node) => {
    if (found || node.range[0] >= send.range[0]) return false;
    if (node !== loop && isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = getCalleeName(node);
      if (name !== null && UPDATE_NAME.test(name) && chatRole(node) === 'other') found = true;
    }
    return !found;
  });
  return found;
}

/** Whether a loop, or a per-element callback, runs `node` once per element, within its function. */
function inLoop(node: TSESTree.Node): boolean {
  for (let scope = node.parent; scope; scope = scope.parent) {
    if (isLoop(scope) || (isFunction(scope) && isIterationCallback(scope))) return true;
    if (isFunction(scope)) return false;
  }
  return false;
}

function isLoop(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.ForInStatement ||
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement
  );
}

function isIterationCallback(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
  const name = getCalleeName(call);
  return name !== null && ITERATION_METHODS.has(name);
}

/** Whether a loop or per-element callback declares `name`: its binding, a parameter, or a declaration in its body. */
function bindsName(scope: TSESTree.Node, name: string): boolean {
  let found = false;
  walkSameFunction(scope, (node) => {
    if (found) return false;
    if (node !== scope && isFunction(node)) return false;
    if (node.type === AST_NODE_TYPES.VariableDeclarator && patternNames(node.id).includes(name)) found = true;
    return undefined;
  });
  if (!found && isFunction(scope)) found = scope.params.some((param) => patternNames(param).includes(name));
  return found;
}

/**
 * `catch { failed++; }` where `failed` is read after the handler (`✅ ${sent} ❌ ${failed}` in the
 * summary to the admin, `res.json({ sent, failed })`), or `catch { errors.push({ id: 'unlink' }) }`
 * with `return errors` after it: every failure is counted or recorded, and the record is read — the
 * failure is passed on, as a count or an entry, not lost. A read that only decides when a retry loop
 * around the handler stops (its test or update) does not count. With `failureNamed` (outside a
 * broadcast, where the loop already says what is counted), each counter must be named for failures
 * ({@link FAILURE_RECORD}): `out.push(id)` on both paths, or `text += fallback`, builds a result. The handler's
 * statements are all counter updates (`x++`, `x += 1`, `failed.push(id)`), and `continue`; or an
 * `if` that tells failures apart (`if (err.description?.includes('blocked')) blocked++; else failed++;`)
 * where every branch counts, beside other work of the branch (`disableUser(id)`, whose own failure
 * is not caught here).
 */
export function countsFailures(handler: Handler, sourceCode: Readonly<TSESLint.SourceCode>, failureNamed = false): boolean {
  const body = handler.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const counters: TSESTree.Identifier[] = [];
  return (
    countsEveryFailure(body.body, counters, false) &&
    counters.every((counter) => {
      if (failureNamed && !FAILURE_RECORD.test(counter.name)) return false;
      const variable = ASTUtils.findVariable(sourceCode.getScope(counter), counter);
      return variable?.references.some((ref) => ref.isRead() && ref.identifier.range[0] > body.range[1] && !ref.isWrite() && !recordsAgain(ref.identifier) && !controlsLoopAround(ref.identifier, handler)) ?? false;
    })
  );
}

/**
 * Whether a later use of a failure list only adds to it again (`errors.push(b)` in the next `catch`):
 * recording more is not reading the record, so it does not pass the first failure on.
 */
function recordsAgain(identifier: TSESTree.Node): boolean {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier) return false;
  const call = member.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee === member && call.parent?.type === AST_NODE_TYPES.ExpressionStatement && countedIdentifier(call) === identifier;
}

/** A counter or list named for failures: `failed`, `failCount`, `errors`, `errs`, `rejected`, `unsent`. */
const FAILURE_RECORD = /fail|error|errs?$|reject|unsent/i;

/**
 * Whether `read` is the test or update of a loop around `handler` (`do { try { … } catch { tries++ } }
 * while (tries < 3)`): the count decides when to stop retrying, and nothing reads it once the loop
 * gives up.
 */
function controlsLoopAround(read: TSESTree.Node, handler: Handler): boolean {
  for (let node: TSESTree.Node | undefined = handler.parent; node && !isFunction(node); node = node.parent) {
    const control =
      node.type === AST_NODE_TYPES.ForStatement ? [node.test, node.update] : node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement ? [node.test] : [];
    if (control.some((part) => part && read.range[0] >= part.range[0] && read.range[1] <= part.range[1])) return true;
  }
  return false;
}

/**
 * Whether a list of statements counts the failure on every path (collecting the counters): counter
 * updates and `continue`, an `if` whose branches all count, and, inside such a branch, other
 * expression statements beside its counter.
 */
function countsEveryFailure(statements: readonly TSESTree.Statement[], counters: TSESTree.Identifier[], inBranch: boolean): boolean {
  let counts = false;
  for (const statement of statements) {
    if (statement.type === AST_NODE_TYPES.ContinueStatement) continue;
    if (statement.type === AST_NODE_TYPES.IfStatement) {
      if (!statement.alternate || !countsEveryFailure(branchStatements(statement.consequent), counters, true) || !countsEveryFailure(branchStatements(statement.alternate), counters, true)) return false;
      counts = true;
      continue;
    }
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
    const counter = countedIdentifier(statement.expression);
    if (counter) {
      counters.push(counter);
      counts = true;
    } else if (!inBranch) {
      return false;
    }
  }
  return counts;
}

function branchStatements(statement: TSESTree.Statement): readonly TSESTree.Statement[] {
  return statement.type === AST_NODE_TYPES.BlockStatement ? statement.body : [statement];
}

/**
 * `bot.sendMessage(admin, text).catch(() => bot.sendMessage(chatId, \`Could not reach admin ${admin}\`))`:
 * in a broadcast, the handler tells another chat which recipient the send failed for — a chat call
 * (to a chat other than the failed send's, or a `reply…` to the current one) whose text reads a name
 * the failed send's chat is made of (the loop's recipient). Like a failure counter read after the
 * loop, every failure is told. A generic apology ("Something went wrong") names no recipient, and
 * a message to the recipient that failed reaches nobody.
 */
export function namesFailedRecipient(handler: Handler, send: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const chat = send.arguments[0];
  if (!chat) return false;
  const recipients = new Set<string>();
  walkSameFunction(chat, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) recipients.add(node.name);
    return undefined;
  });
  let names = false;
  walkSameFunction(handler.body, (node) => {
    if (names || node.type !== AST_NODE_TYPES.CallExpression || chatRole(node) !== 'ui') return !names;
    const reply = /^reply/.test(getCalleeName(node) ?? '');
    const [first, ...rest] = node.arguments;
    if (!first || (!reply && sourceCode.getText(first) === sourceCode.getText(chat))) return false;
    names = (reply ? node.arguments : rest).some((argument) => readsName(argument, recipients));
    return false;
  });
  return names;
}

/** Whether an expression reads one of `names` (`admin`, `u` of `u.name`). */
function readsName(expression: TSESTree.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  walkSameFunction(expression, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier && names.has(node.name) && !(node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node)) found = true;
    return !found;
  });
  return found;
}

/** `n++`, `++n`, `n += 1`, `list.push(x)`: the identifier counted. */
function countedIdentifier(expression: TSESTree.Expression): TSESTree.Identifier | null {
  if (expression.type === AST_NODE_TYPES.UpdateExpression && expression.operator === '++') {
    return expression.argument.type === AST_NODE_TYPES.Identifier ? expression.argument : null;
  }
  if (expression.type === AST_NODE_TYPES.AssignmentExpression && expression.operator === '+=') {
    return expression.left.type === AST_NODE_TYPES.Identifier ? expression.left : null;
  }
  if (expression.type === AST_NODE_TYPES.CallExpression && getCalleeName(expression) === 'push') {
    const callee = skipTypeWrappers(expression.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier ? callee.object : null;
  }
  return null;
}

/**
 * Whether the code that receives a failure deals with it, so that a failure thrown into it is not
 * lost: a `catch` clause or an inline rejection handler that {@link analyseHandler} finds handling
 * it (throws, logs, passes it on), answers the user, or returns a value of its own to the caller
 * (`catch { return false }`: the caller gets the answer "no"); or a function passed by reference
 * (`.catch(callback)`, `.catch(console.error)`) other than a do-nothing one (`.catch(noop)`).
 */
export function dealsWithFailure(handler: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const node = skipTypeWrappers(handler);
  if (node.type === AST_NODE_TYPES.CatchClause || node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression) {
    const verdict = analyseHandler(node, DEFAULT_LOGGERS, sourceCode);
    if (verdict.handled || verdict.repliesToUser) return true;
    // An arrow's expression body is its return value: `.catch(() => null)`.
    if (node.body.type !== AST_NODE_TYPES.BlockStatement) return true;
    const last = node.body.body.at(-1);
    return last?.type === AST_NODE_TYPES.ReturnStatement && last.argument !== null;
  }
  const path = getMemberPath(node);
  return path !== null && !NOOP_NAMES.has(path.at(-1)!);
}

export interface Verdict {
  handled: boolean;
  repliesToUser: boolean;
  /** The error (or a value made from it) is sent in a reply to the user: `ctx.reply(e.message)`. */
  errorInReply: boolean;
  /** Handled only by a logger call that carries nothing of the error: the operator sees that, not why. */
  loggedWithoutError: boolean;
}

/**
 * Decides whether a handler deals with the error: it throws (in its own body, not in a nested
 * function that runs later), calls a logger or error reporter, ends the process, or lets the error
 * value escape — passed to a function, returned, assigned, stored — directly or through a local
 * alias (`const msg = e.message; fail(msg)`). Passing it only to a reply to the user does not count.
 */
export function analyseHandler(handler: Handler, loggers: LoggerMatcher, sourceCode: Readonly<TSESLint.SourceCode>): Verdict {
  const body = handler.body;
  let otherwiseHandled = false;
  let logs = false;
  let repliesToUser = false;

  walkSameFunction(body, (node) => {
    if (otherwiseHandled) return false;
    if (node.type === AST_NODE_TYPES.ThrowStatement) {
      otherwiseHandled = true;
      return false;
    }
    if (node.type === AST_NODE_TYPES.AssignmentExpression && setsExitCode(node)) {
      otherwiseHandled = true;
      return false;
    }
    // `return new Response(body, { status: 400 })`: the client's failure, answered as one.
    if (node.type === AST_NODE_TYPES.NewExpression && answersClientError(node)) {
      otherwiseHandled = true;
      return false;
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      if (isTerminatingCall(node) || passesFailureOn(node) || answersClientError(node)) {
        otherwiseHandled = true;
        return false;
      }
      if (loggers.isLoggingCall(node)) {
        logs = true;
        return false;
      }
      const name = getCalleeName(node);
      if (name !== null && USER_REPLY_METHODS.has(name)) {
        if (notifiesOperator(node)) {
          otherwiseHandled = true;
          return false;
        }
        repliesToUser = true;
      }
    }
    return undefined;
  });

  // Logging in a callback that runs later still reaches the operator.
  if (!otherwiseHandled && !logs) {
    walkSameFunction(
      body,
      (node) => {
        if (logs) return false;
        if (node.type === AST_NODE_TYPES.CallExpression && loggers.isLoggingCall(node)) logs = true;
        return undefined;
      },
      { enterFunctions: true },
    );
  }

  const errorVariables = handler.type === AST_NODE_TYPES.CatchClause
    ? handler.param ? sourceCode.getDeclaredVariables(handler) : []
    : handler.params[0] ? declaredByParam(handler, sourceCode) : [];
  const flow = errorFlow(errorVariables, sourceCode);
  return {
    handled: otherwiseHandled || logs || flow.escapes,
    repliesToUser,
    errorInReply: flow.inReply,
    loggedWithoutError: logs && !otherwiseHandled && !flow.escapes,
  };
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

/** Chats that belong to the operator: `bot.sendMessage(ADMIN_ID, …)`, `ctx.telegram.sendMessage(config.logChat, …)`, `process.env.DEBUG_CHAT_ID`. */
const OPERATOR_CHAT = /admin|owner|operator|log|alert|report|support|debug|devs?(?:[A-Z_]|$)/i;

/**
 * A message sent to the operator's chat is a report, like a logger call. The chat may be converted
 * to text on the way (`` `${process.env.DEBUG_CHAT_ID}` ``, `String(ADMIN_ID)`, `adminId.toString()`).
 */
function notifiesOperator(call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first) return false;
  const path = getMemberPath(convertedToText(first) ?? first);
  return path !== null && path.some((name) => OPERATOR_CHAT.test(name));
}

/** Methods that answer with a body and take the status after it: Hono's `c.json(body, 400)`, `c.text(…)`, `c.body(…)`, `c.html(…)`; the Web's `Response.json(body, { status: 400 })`. */
const BODY_ANSWERS = new Set(['json', 'text', 'body', 'html']);

/**
 * `res.status(401)` / `reply.code(403)` / `res.sendStatus(400)` / `c.notFound()` / Hono's
 * `c.json(body, 400)` / `Response.json(body, { status: 422 })` / `new Response(text, { status: 400 })`:
 * the failure is the client's (a bad token, bad input, a missing file) and the response says so. A
 * 5xx answer is not this: the server failed (see {@link answersServerError}).
 */
export function answersClientError(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return getCalleeName(call) === 'notFound' || answersStatus(call, 400);
}

/** The same answers with a 5xx status (`reply.code(503)`, `res.status(500).json(…)`): the server says it failed. */
export function answersServerError(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return answersStatus(call, 500);
}

/** Whether the call answers a request with a status literal of the hundred `range` starts (400: 4xx, 500: 5xx). */
function answersStatus(call: TSESTree.CallExpression | TSESTree.NewExpression, range: 400 | 500): boolean {
  const name = getCalleeName(call);
  const [first, second] = call.arguments;
  if (name === 'status' || name === 'sendStatus' || name === 'code' || name === 'writeHead') return isStatusIn(first, range);
  if (name === 'end' && call.type === AST_NODE_TYPES.CallExpression) return endsWithStatus(call, range);
  const answers = call.type === AST_NODE_TYPES.NewExpression ? name === 'Response' : name !== null && BODY_ANSWERS.has(name);
  return answers && (isStatusIn(second, range) || isStatusIn(statusOption(second), range));
}

/**
 * `res.statusCode = 400; res.end()`: Node's `http.ServerResponse` sends the status set on its
 * `statusCode` when `end()` is called. The assignment is an earlier statement of the same block, on
 * the same receiver, with no other assignment of its `statusCode` between them.
 */
function endsWithStatus(call: TSESTree.CallExpression, range: number): boolean {
  const callee = skipTypeWrappers(call.callee);
  const statement = call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent.parent : call.parent;
  const block = statement?.parent;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || statement?.type !== AST_NODE_TYPES.ExpressionStatement || block?.type !== AST_NODE_TYPES.BlockStatement) return false;
  const response = callee.object;
  let status: TSESTree.Node | undefined;
  for (const earlier of block.body.slice(0, block.body.indexOf(statement))) {
    const assignment = earlier.type === AST_NODE_TYPES.ExpressionStatement && earlier.expression.type === AST_NODE_TYPES.AssignmentExpression ? earlier.expression : null;
    const left = assignment?.left;
    if (assignment?.operator === '=' && left?.type === AST_NODE_TYPES.MemberExpression && getPropertyName(left) === 'statusCode' && sameText(left.object, response)) status = assignment.right;
  }
  return isStatusIn(status, range);
}

/** `{ status: 400 }` (any 4xx literal): the options of a response that answers a client error. */
export function isClientErrorStatusOption(node: TSESTree.Node | undefined): boolean {
  return isStatusIn(statusOption(node), 400);
}

/** A numeric literal in the hundred `range` starts. */
function isStatusIn(node: TSESTree.Node | undefined, range: number): boolean {
  return node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'number' && node.value >= range && node.value < range + 100;
}

/** The `status` of a `{ status: 400 }` options object. */
function statusOption(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (node?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const property = node.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKey(p) === 'status');
  return property?.value;
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
 * Where the variables — or a local alias made from them — go: out of the handler, or into a reply
 * to the user. The alias work list is bounded by the number of declarations in the handler.
 */
function errorFlow(variables: readonly TSESLint.Scope.Variable[], sourceCode: Readonly<TSESLint.SourceCode>): { escapes: boolean; inReply: boolean } {
  const queue = [...variables];
  const seen = new Set(queue);
  let inReply = false;
  while (queue.length > 0) {
    const variable = queue.pop()!;
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const flow = flowsOut(reference.identifier);
      if (flow === 'escapes') return { escapes: true, inReply };
      if (flow === 'reply') inReply = true;
      else if (flow !== 'stays') {
        for (const alias of sourceCode.getDeclaredVariables(flow)) {
          if (!seen.has(alias)) {
            seen.add(alias);
            queue.push(alias);
          }
        }
      }
    }
  }
  return { escapes: false, inReply };
}

/** Whether a function is passed directly as an argument of a call. */
function isCallArgument(fn: TSESTree.Node | null): boolean {
  return fn?.parent?.type === AST_NODE_TYPES.CallExpression && fn.parent.arguments.some((argument) => argument === fn);
}

/**
 * Follows a read of the error upward through expressions that carry its value (`e.message`,
 * `` `failed: ${e}` ``, `{ cause: e }`, `e ?? x`…) to where the value ends up: it escapes (a call
 * argument other than a reply to the user, `return`, `throw` from a callback handed to a call, an
 * assignment, `yield`), it is bound
 * to a local (the declarator is returned so its variables are followed), or it stays (a condition,
 * a comparison, an expression statement).
 */
function flowsOut(identifier: TSESTree.Node): 'escapes' | 'stays' | 'reply' | TSESTree.VariableDeclarator {
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
        return name !== null && USER_REPLY_METHODS.has(name) ? 'reply' : 'escapes';
      }
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return 'escapes';
      case AST_NODE_TYPES.AssignmentExpression:
        return parent.right === child ? 'escapes' : 'stays';
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === child ? parent : 'stays';
      case AST_NODE_TYPES.ThrowStatement:
        // One in the handler's own body was seen by the walk; one in a nested function runs later,
        // if ever — unless that function is handed to a call (`step(id, async () => { throw e })`):
        // the callee receives the error as that function's failure, like an argument.
        return isCallArgument(enclosingFunction(parent)) ? 'escapes' : 'stays';
      default:
        return 'stays';
    }
    child = parent;
    parent = parent.parent;
  }
  return 'stays';
}

/** Combinators that settle with the promises handed to them: a rejection among them reaches their awaiter. */
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);

/**
 * `pending.catch(() => cache.delete(key))` beside `return pending`, or `this.promise.catch(() => {})`
 * in a class whose `wait()` returns `this.promise`: the `.catch` is a side branch (its result is
 * discarded) on a promise — a variable, or a field of `this` — that the code also returns, awaits
 * or yields elsewhere. The rejection still reaches whoever waits for that promise; the handler only
 * adds a reaction (evicting a cache entry) or keeps the side branch from counting as unhandled.
 * `call` is the `.catch(…)` call (its callee a member expression).
 */
export function observedElsewhere(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (!valueDiscarded(call)) return false;
  const callee = skipTypeWrappers(call.callee) as TSESTree.MemberExpression;
  const promise = skipTypeWrappers(callee.object);
  if (promise.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(promise, sourceCode);
    return variable?.references.some((ref) => ref.identifier !== promise && ref.isRead() && waitedFor(ref.identifier)) ?? false;
  }
  const field = promise.type === AST_NODE_TYPES.MemberExpression && !promise.computed && skipTypeWrappers(promise.object).type === AST_NODE_TYPES.ThisExpression ? getPropertyName(promise) : null;
  let classBody: TSESTree.Node | undefined = promise.parent;
  while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
  if (field === null || !classBody) return false;
  let waited = false;
  walkSameFunction(
    classBody,
    (node) => {
      if (node !== promise && node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.object.type === AST_NODE_TYPES.ThisExpression && getPropertyName(node) === field && waitedFor(node)) waited = true;
      return !waited;
    },
    { enterFunctions: true },
  );
  return waited;
}

/** `return p`, `await p`, `yield p`, `() => p`, `Promise.all([p, q])`: the value is handed to whoever waits for it. */
function waitedFor(node: TSESTree.Node): boolean {
  let child = outermostWrapper(node);
  let parent = child.parent;
  if (parent?.type === AST_NODE_TYPES.ArrayExpression) {
    child = parent;
    parent = parent.parent;
    return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === child && PROMISE_COMBINATORS.has(getCalleeName(parent) ?? '');
  }
  switch (parent?.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === child;
    default:
      return false;
  }
}
