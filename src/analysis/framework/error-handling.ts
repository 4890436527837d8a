/**
 * Additions to the framework model for error handling (added by `require-bot-error-handler`):
 * the grammY runner's `run`, node-telegram-bot-api's `webHook` option, error-boundary middleware,
 * and functions that install an error handler on a bot they are given.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { functionOf, getPropertyName, moduleBindings, propertyKey, skipTypeWrappers, walkSameFunction } from '../ast/index.js';

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
