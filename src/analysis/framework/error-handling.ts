/**
 * Additions to the framework model for error handling (added by `require-bot-error-handler`):
 * the grammY runner's `run`, node-telegram-bot-api's `webHook` option, error-boundary middleware,
 * and functions that install an error handler on a bot they are given.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { functionOf, getMemberPath, getPropertyName, isFunction, moduleBindings, outermostWrapper, propertyKey, resolveVariable, skipTypeWrappers, walkSameFunction } from '../ast/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const RUNNER_MODULE = '@grammyjs/runner';

/**
 * Local names bound to `run` of @grammyjs/runner, by every binding form (`moduleBindings`):
 * `import { run as r }` and `const { run } = require(…)` give the name, whole-module bindings
 * (`import * as runner`, `import runner = require(…)`) give `runner.run`.
 */
export function collectRunnerNames(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  for (const [name, { module, imported }] of moduleBindings(program)) {
    if (module !== RUNNER_MODULE) continue;
    if (imported === 'run') names.add(name);
    else if (imported === '*' || imported === 'default') names.add(`${name}.run`);
  }
  return names;
}

/**
 * An option of `new TelegramBot(token, { … })` by name: the property, or null when absent. `undefined`
 * when it cannot be told (options in a variable, spread).
 */
export function ntbaOption(creation: TSESTree.NewExpression, name: string): TSESTree.Property | null | undefined {
  const options = creation.arguments[1];
  if (!options) return null;
  const value = skipTypeWrappers(options);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  let found: TSESTree.Property | null | undefined = null;
  for (const property of value.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) found = undefined;
    else if (propertyKey(property) === name) found = property;
  }
  return found;
}

/**
 * Whether an NTBA option turns its feature on for sure: `true`, or an object without
 * `autoStart: false`. False for `false`/absent, and for values that cannot be told.
 */
export function isOptionOn(property: TSESTree.Property | null | undefined): boolean {
  if (!property) return false;
  const value = skipTypeWrappers(property.value);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === true;
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return !value.properties.some(
    (inner) =>
      inner.type === AST_NODE_TYPES.Property &&
      propertyKey(inner) === 'autoStart' &&
      inner.value.type === AST_NODE_TYPES.Literal &&
      inner.value.value === false,
  );
}

/**
 * Whether a middleware catches the errors of everything after it:
 * `async (ctx, next) => { try { await next(); } catch (e) { … } }` (grammY and Telegraf alike).
 */
export function isErrorBoundaryMiddleware(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const fn = functionOf(node, sourceCode);
  const next = fn?.params[1];
  if (!fn || next?.type !== AST_NODE_TYPES.Identifier) return false;
  let found = false;
  walkSameFunction(fn.body, (inner) => {
    if (found) return false;
    if (inner.type !== AST_NODE_TYPES.TryStatement || !inner.handler) return undefined;
    walkSameFunction(inner.block, (call) => {
      if (call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === next.name) {
        found = true;
      }
    });
    return undefined;
  });
  return found;
}

/** A name that says the function sets up error handling: `setupErrorHandler`, `registerCatch`, `withErrorBoundary`. */
const INSTALLER_NAME = /err|catch|fail|exception|crash|boundar|safe|guard/i;

/**
 * Whether passing a bot as argument `index` to `call` may install an error handler on it: the
 * callee's name says so, or it is a function of this file whose parameter gets `.catch(…)`,
 * `.errorBoundary(…)`, an error-boundary `.use(…)` or a listener for one of the `accepted` events.
 */
export function installsErrorHandler(
  call: TSESTree.CallExpression,
  index: number,
  accepted: readonly string[],
  sourceCode: SourceCode,
): boolean {
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (name !== null && INSTALLER_NAME.test(name)) return true;
  const fn = functionOf(callee, sourceCode);
  const param = fn?.params[index];
  if (!fn || param?.type !== AST_NODE_TYPES.Identifier) return false;
  let found = false;
  walkSameFunction(
    fn.body,
    (node) => {
      if (found || node.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const member = skipTypeWrappers(node.callee);
      if (member.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const object = skipTypeWrappers(member.object);
      if (object.type !== AST_NODE_TYPES.Identifier || object.name !== param.name) return undefined;
      found = isErrorHandlerCall(node, accepted, sourceCode);
      return undefined;
    },
    { enterFunctions: true },
  );
  return found;
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * Whether a method call on a bot installs an error handler: `.catch(h)`, `.errorBoundary(h)`,
 * `.use(errorBoundaryMiddleware)`, or (node-telegram-bot-api) a listener for one of the `accepted` events.
 */
export function isErrorHandlerCall(call: TSESTree.CallExpression, accepted: readonly string[], sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(call.callee) as TSESTree.MemberExpression;
  const method = getPropertyName(callee);
  if (method === null) return false;
  const first = call.arguments[0];
  if (method === 'catch' || method === 'errorBoundary') return accepted.includes(method) && first !== undefined;
  if (method === 'use') return accepted.includes('use') && call.arguments.some((argument) => isErrorBoundaryMiddleware(argument, sourceCode));
  if (!LISTENER_METHODS.has(method) || first?.type !== AST_NODE_TYPES.Literal) return false;
  return typeof first.value === 'string' && accepted.includes(first.value);
}

/**
 * Variables a bot's own variable is copied into by assignment: `let bot; … const tempBot = new
 * Telegraf(t); bot = tempBot;`. A variable counts only when every value written to it is the bot (or
 * nothing: `let bot = null`), so that calls on it are calls on this bot. `const x = bot` is the
 * framework model's own alias and is not repeated here.
 */
export function assignedAliases(bot: TSESLint.Scope.Variable, sourceCode: SourceCode): TSESLint.Scope.Variable[] {
  const aliases: TSESLint.Scope.Variable[] = [];
  for (const reference of bot.references) {
    const assignment = reference.identifier.parent;
    if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=' || assignment.right !== reference.identifier) continue;
    if (assignment.left.type !== AST_NODE_TYPES.Identifier) continue;
    const target = resolveVariable(assignment.left, sourceCode);
    if (!target || target === bot || aliases.includes(target)) continue;
    const onlyThisBot = target.references.every((write) => {
      if (!write.isWrite()) return true;
      const value = write.writeExpr ? skipTypeWrappers(write.writeExpr) : null;
      if (!value) return true;
      if (value.type === AST_NODE_TYPES.Identifier) return value.name === 'undefined' || resolveVariable(value, sourceCode) === bot;
      return value.type === AST_NODE_TYPES.Literal && value.value === null;
    });
    if (onlyThisBot) aliases.push(target);
  }
  return aliases;
}

/**
 * Whether the errors of a grammY `webhookCallback(bot, …)` are handled around it, where the web
 * framework would otherwise get them:
 * - the handler it returns is only ever called inside a `try` with a `catch` (`const handle =
 *   webhookCallback(bot, 'std/http'); serve(async (req) => { try { return await handle(req) } catch
 *   { return new Response('', { status: 500 }) } })`, also through `this.handle`);
 * - or it is called right there, inside such a `try`;
 * - or the file installs the server's own error handler for async handlers: Fastify's
 *   `setErrorHandler(…)`, Hono's `onError(…)`.
 * Express 4's error middleware is not one: it never sees a rejected promise.
 */
export function webhookErrorsHandled(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  if (serverErrorHandler(sourceCode.ast)) return true;
  const node = outermostWrapper(call);
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node) return awaitedInTry(parent);
  let uses: TSESTree.Node[] | null = null;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = sourceCode.getDeclaredVariables(parent)[0];
    uses = variable ? variable.references.filter((reference) => !reference.init).map((reference) => reference.identifier) : null;
  } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    const path = getMemberPath(parent.left)?.join('.');
    if (path?.startsWith('this.')) uses = memberUses(sourceCode.ast, path, parent.left);
  } else if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === node && !parent.computed) {
    const name = propertyKey(parent);
    if (name !== null) uses = memberUses(sourceCode.ast, `this.${name}`, null);
  }
  if (!uses || uses.length === 0) return false;
  return uses.every((use) => {
    const value = outermostWrapper(use);
    const callOf = value.parent;
    return callOf?.type === AST_NODE_TYPES.CallExpression && callOf.callee === value && awaitedInTry(callOf);
  });
}

/** `fastify.setErrorHandler(fn)`, `app.onError(fn)` anywhere in the file. */
function serverErrorHandler(program: TSESTree.Program): boolean {
  let found = false;
  walkSameFunction(
    program,
    (node) => {
      if (found) return false;
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && node.arguments.length > 0) {
        const name = getPropertyName(node.callee);
        found = name === 'setErrorHandler' || name === 'onError';
      }
      return undefined;
    },
    { enterFunctions: true },
  );
  return found;
}

/** Reads of `this.x` (by member path) anywhere in the file, other than `skip` (the assignment). */
function memberUses(program: TSESTree.Program, path: string, skip: TSESTree.Node | null): TSESTree.Node[] {
  const uses: TSESTree.Node[] = [];
  walkSameFunction(
    program,
    (node) => {
      if (node.type === AST_NODE_TYPES.MemberExpression && node !== skip && getMemberPath(node)?.join('.') === path) {
        uses.push(node);
        return false;
      }
      return undefined;
    },
    { enterFunctions: true },
  );
  return uses;
}

/** `await handle(req)` in a `try` block: a rejection is caught there (a bare `return handle(req)` is not). */
function awaitedInTry(call: TSESTree.CallExpression): boolean {
  const value = outermostWrapper(call);
  return value.parent?.type === AST_NODE_TYPES.AwaitExpression && insideTry(value.parent);
}

/** Whether a node sits in the block of a `try` that has a `catch`, within its own function. */
function insideTry(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && !isFunction(current); child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.block === child && current.handler) return true;
  }
  return false;
}
