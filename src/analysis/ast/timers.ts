import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { moduleBindings, type ModuleBinding } from './modules.js';
import { getPropertyName, outermostWrapper, propertyKey, skipTypeWrappers } from './nodes.js';
import { resolveVariable } from './scope.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const GLOBAL = TSESLint.Scope.ScopeType.global;

/** The global functions that schedule a callback for later (`setTimeout(fn, ms)`): the call only queues it; what `fn` does happens afterwards, on its own. */
export const TIMER_SCHEDULERS: ReadonlySet<string> = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);
/** The global functions that cancel a scheduled callback; they never throw, whatever they are given. */
export const TIMER_CLEARS: ReadonlySet<string> = new Set(['clearTimeout', 'clearInterval', 'clearImmediate']);

/** What a callee names: a global (`setInterval`), or an export of a module (`cron.schedule`, `CronJob`); null for anything else. */
function calleeName(node: TSESTree.Node, sourceCode: SourceCode): { module: string | null; name: string } | null {
  const callee = skipTypeWrappers(node);
  const bindings = moduleBindings(sourceCode.ast);
  /** A top-level name, not shadowed where it is used. */
  const bound = (identifier: TSESTree.Identifier): ModuleBinding | 'global' | null => {
    const variable = resolveVariable(identifier, sourceCode);
    if (!variable || (variable.defs.length === 0 && variable.scope.type === GLOBAL)) return 'global';
    const scope = variable.scope.type;
    return scope === TSESLint.Scope.ScopeType.module || scope === GLOBAL ? (bindings.get(identifier.name) ?? null) : null;
  };
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const binding = bound(callee);
    if (binding === 'global') return { module: null, name: callee.name };
    return binding && binding.imported !== '*' && binding.imported !== 'default' ? { module: binding.module, name: binding.imported } : null;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = getPropertyName(callee);
  const object = skipTypeWrappers(callee.object);
  if (name === null || object.type !== AST_NODE_TYPES.Identifier) return null;
  const binding = bound(object);
  if (binding === 'global') return object.name === 'globalThis' || object.name === 'global' ? { module: null, name } : null;
  return binding && (binding.imported === '*' || binding.imported === 'default') ? { module: binding.module, name } : null;
}

/** The `cron` package's job class, named as a callee or a receiver (`CronJob`, `cron.CronJob`). */
function isCronJob(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const named = calleeName(node, sourceCode);
  return named?.module === 'cron' && named.name === 'CronJob';
}

/**
 * Whether a value is the callback of a fixed-rate timer, which runs it on every tick whatever the
 * previous tick did: `setInterval(fn, ms)` (the global), node-cron's `cron.schedule(expr, fn)`, the
 * `cron` package's `new CronJob(expr, fn)`, `new CronJob({ onTick: fn })` and
 * `CronJob.from({ onTick: fn })`, node-schedule's `schedule.scheduleJob(…, fn)`. Timers are known by
 * the global or the module they come from, never by a name alone; a one-shot `setTimeout` is not one.
 */
export function isTimerTick(value: TSESTree.Node, sourceCode: SourceCode): boolean {
  const node = outermostWrapper(value);
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === node && propertyKey(parent) === 'onTick') {
    const object = parent.parent;
    const owner = object.parent;
    if (object.type !== AST_NODE_TYPES.ObjectExpression || (owner?.type !== AST_NODE_TYPES.NewExpression && owner?.type !== AST_NODE_TYPES.CallExpression) || owner.arguments[0] !== object) return false;
    if (owner.type === AST_NODE_TYPES.NewExpression) return isCronJob(owner.callee, sourceCode);
    const callee = skipTypeWrappers(owner.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'from' && isCronJob(callee.object, sourceCode);
  }
  if (parent?.type !== AST_NODE_TYPES.CallExpression && parent?.type !== AST_NODE_TYPES.NewExpression) return false;
  const index = (parent.arguments as TSESTree.Node[]).indexOf(node);
  // A spread before it: its position is not known.
  if (index < 0 || parent.arguments.slice(0, index).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  if (parent.type === AST_NODE_TYPES.NewExpression) return index === 1 && isCronJob(parent.callee, sourceCode);
  const named = calleeName(parent.callee, sourceCode);
  if (named === null) return false;
  if (named.module === null) return named.name === 'setInterval' && index === 0;
  if (named.module === 'node-cron') return named.name === 'schedule' && index === 1;
  return named.module === 'node-schedule' && named.name === 'scheduleJob' && index === parent.arguments.length - 1;
}

/**
 * Whether a value is the callback of a one-shot timer: the first argument of the global
 * `setTimeout(fn, ms)` or `setImmediate(fn)` (not shadowed). The timer runs it once and drops what
 * it returns: nobody awaits its promise.
 */
export function isOneShotTimerCallback(value: TSESTree.Node, sourceCode: SourceCode): boolean {
  const node = outermostWrapper(value);
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== node) return false;
  const named = calleeName(parent.callee, sourceCode);
  return named !== null && named.module === null && (named.name === 'setTimeout' || named.name === 'setImmediate');
}
