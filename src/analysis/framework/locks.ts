/**
 * In-process locks: a callback run under a lock whose key names the row's owner, so two requests of
 * this process on the same row run the callback one after the other.
 *
 * - async-lock's `lock.acquire(key, fn)` (`lock` a `new AsyncLock()`): keyed by its first argument.
 * - async-mutex's `mutex.runExclusive(fn)` (`mutex` a `new Mutex()` of the module): one global lock.
 * - A project function named for a lock (`withLock`, `withUserMutex`, `serialize`, `runExclusive`)
 *   that takes the work as a callback, whose body (or a function of its file it calls) keeps a
 *   promise per key in a `Map` of its module and awaits or chains on it (`const previous =
 *   queues.get(key); queues.set(key, previous.then(() => current)); await previous`): keyed by its
 *   other arguments (an array of keys: any of them). A function named so that does not is no lock.
 *
 * Locks of one process only: several replicas, or a second process, still race.
 *
 * The one home of this question: the SQL race pairing (`findSqlRaces`) and the decrement rule ask
 * {@link lockedCallback}. A callee's name alone (`withLock(…)`, `x.acquire(key, fn)`,
 * `synchronized(fn)`) proves no lock: a project function so named may not serialise anything, and
 * `pool.acquire()` hands out a connection. The HTTP deadline model's held flags and locks
 * (`await mutex.acquire()`, `if (busy) return; busy = true`) answer another question — does a stall
 * hold something a later event waits for — where counting too much keeps a report, never drops one.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, getMemberPath, getPropertyName, isFunction, isTypeWrapper, moduleBindings, resolveVariable, skipTypeWrappers, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { calledFunction, type FileRef } from '../summaries/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

/** A project function whose name says it takes a lock: `withLock`, `withLocks`, `withUserMutex`, `serialize`, `runExclusive`, `exclusive`. */
const LOCK_NAME = /lock|mutex|seriali[sz]e|exclusive/i;

/**
 * The callback around `code` that runs under an in-process lock whose key names every row `keys`
 * select (the same variable: `withLocks([\`points:user:${userId}\`], …)` and `WHERE id = ?` bound to
 * `userId`) or is a constant (one lock for all). Null when none: no lock, a lock on another key, or
 * a function named for a lock whose body keeps no promise per key.
 *
 * `code` sits in the lock's callback itself, or in a callback that callback waits for before it
 * returns (`await db.transaction(async (tx) => …)`, see {@link runBeforeCallerGoesOn}). A function
 * defined in the lock's callback and run later (a listener it registers, a timer, a callback of a
 * call it neither awaits nor returns) runs after the lock is released: no lock around it.
 */
export function lockedCallback(code: TSESTree.Node, keys: readonly TSESTree.Node[], file: FileRef): FunctionNode | null {
  for (let node: TSESTree.Node | undefined = code.parent; node; node = node.parent) {
    if (!isFunction(node)) continue;
    const call = node.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(node as TSESTree.CallExpressionArgument)) return null;
    const lockKeys = lockKeysOf(call, node, file);
    if (lockKeys && keysNameRows(lockKeys, keys, file.sourceCode)) return node;
    if (!runBeforeCallerGoesOn(call)) return null;
  }
  return null;
}

/**
 * Whether the function around `call` waits for it before it goes on: the call (or the end of its
 * chain, `.then(…)`) is awaited or returned (`await db.transaction(async (tx) => …)`,
 * `return lock.acquire(key, fn)`, `() => mutex.runExclusive(fn)`). A callback of a call that is not
 * (`setTimeout(fn)`, `bot.on('text', fn)`, `items.forEach(async (item) => …)`) may run after.
 */
function runBeforeCallerGoesOn(call: TSESTree.CallExpression): boolean {
  let top: TSESTree.Node = call;
  for (let parent = top.parent; parent; parent = top.parent) {
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === top) top = parent;
    else if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === top) top = parent;
    else if (parent.type === AST_NODE_TYPES.ChainExpression || isTypeWrapper(parent)) top = parent;
    else break;
  }
  const parent = top.parent;
  return (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    (parent?.type === AST_NODE_TYPES.ReturnStatement && parent.argument === top) ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === top)
  );
}

/** The key arguments of a lock call that runs `callback` under the lock ([] for a global lock), or null when the call is no lock. */
function lockKeysOf(call: TSESTree.CallExpression, callback: FunctionNode, file: FileRef): TSESTree.Node[] | null {
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (name === null) return null;
  const others = call.arguments.filter((argument) => argument !== callback);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const made = constructedFrom(callee.object, file.sourceCode);
    if (name === 'acquire' && made === 'async-lock' && call.arguments[1] === callback && others[0]) return [others[0]];
    if (name === 'runExclusive' && made === 'async-mutex' && call.arguments[0] === callback) return [];
  }
  if (!LOCK_NAME.test(name)) return null;
  const called = calledFunction(call, file);
  const index = call.arguments.indexOf(callback as TSESTree.CallExpressionArgument);
  return called && runsCallbackAfterKeyedQueue(called.fn, index, called.file) ? others : null;
}

/**
 * The package a receiver is constructed from, through a `const` of the module: `new AsyncLock()` of
 * `async-lock`, `new Mutex()` of `async-mutex`. One made inside a function is a new lock per call: none.
 */
function constructedFrom(node: TSESTree.Node, sourceCode: SourceCode): string | null {
  const receiver = skipTypeWrappers(node);
  if (receiver.type !== AST_NODE_TYPES.Identifier || resolveVariable(receiver, sourceCode)?.scope.type !== TSESLint.Scope.ScopeType.module) return null;
  const init = constInitializer(receiver, sourceCode);
  const value = init && skipTypeWrappers(init);
  if (value?.type !== AST_NODE_TYPES.NewExpression) return null;
  const path = getMemberPath(value.callee);
  const binding = path ? moduleBindings(sourceCode.ast).get(path[0]!) : undefined;
  return binding?.module ?? null;
}

/**
 * Whether `fn` calls its parameter `index` (the work, or hands it to `.then`) and keeps a per-key
 * queue: its body, or a function of its file it calls, reads and stores promises in a `Map` of the
 * module and awaits (or chains on) them.
 */
function runsCallbackAfterKeyedQueue(fn: FunctionNode, index: number, file: FileRef): boolean {
  const param = fn.params[index];
  if (param?.type !== AST_NODE_TYPES.Identifier || !fn.body) return false;
  let callsWork = false;
  const helpers: FunctionNode[] = [fn];
  walkSameFunction(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = skipTypeWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === param.name) callsWork = true;
    const then = callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'then';
    if (then && node.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === param.name)) callsWork = true;
    const local = calledFunction(node, file);
    if (local && !local.external && local.fn !== fn) helpers.push(local.fn);
  });
  return callsWork && helpers.some((helper) => keepsPromisePerKey(helper, file.sourceCode));
}

/** `queues.get(key)` and `queues.set(key, <a promise>)` on one `Map` of the module, and an `await`, in `fn`'s own body. */
function keepsPromisePerKey(fn: FunctionNode, sourceCode: SourceCode): boolean {
  if (!fn.body) return false;
  const read = new Set<Variable>();
  const stored = new Set<Variable>();
  let waits = false;
  walkSameFunction(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression) waits = true;
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = skipTypeWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return;
    if (getPropertyName(callee) === 'then') waits = true;
    const map = moduleMap(callee.object, sourceCode);
    if (!map) return;
    const method = getPropertyName(callee);
    if (method === 'get') read.add(map);
    if (method === 'set' && node.arguments[1] && isPromise(node.arguments[1], sourceCode)) stored.add(map);
  });
  return waits && [...stored].some((map) => read.has(map));
}

/** A `new Map()` bound at the top of the module. */
function moduleMap(identifier: TSESTree.Identifier, sourceCode: SourceCode): Variable | null {
  const variable = resolveVariable(identifier, sourceCode);
  if (variable?.scope.type !== TSESLint.Scope.ScopeType.module && variable?.scope.type !== TSESLint.Scope.ScopeType.global) return null;
  const init = constInitializer(identifier, sourceCode);
  const value = init && skipTypeWrappers(init);
  return value?.type === AST_NODE_TYPES.NewExpression && getMemberPath(value.callee)?.at(-1) === 'Map' ? variable : null;
}

/** A promise: `new Promise(…)`, `p.then(…)` / `.catch(…)` / `.finally(…)`, or a `const` holding one. */
function isPromise(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(value, sourceCode);
    return init !== null && isPromise(init, sourceCode);
  }
  if (value.type === AST_NODE_TYPES.NewExpression) return getMemberPath(value.callee)?.at(-1) === 'Promise';
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && ['then', 'catch', 'finally'].includes(getPropertyName(callee) ?? '');
}

/**
 * Whether the lock's keys serialise the rows: none (a global lock), or one key (an element of an
 * array of keys) that is a constant or made only of variables the row selectors use.
 */
function keysNameRows(lockKeys: readonly TSESTree.Node[], rowKeys: readonly TSESTree.Node[], sourceCode: SourceCode): boolean {
  const elements = lockKeys.flatMap((key): TSESTree.Node[] => {
    const value = skipTypeWrappers(key);
    return value.type === AST_NODE_TYPES.ArrayExpression ? value.elements.filter((element) => element !== null) : [value];
  });
  if (elements.length === 0) return true;
  const rowVariables = new Set(rowKeys.flatMap((key) => variablesIn(key, sourceCode) ?? []));
  return elements.some((element) => {
    if (element.type === AST_NODE_TYPES.SpreadElement) return false;
    const used = variablesIn(element, sourceCode);
    if (used === null) return false;
    return used.every((variable) => rowVariables.has(variable) || isModuleConstant(variable));
  });
}

/** The variables an expression reads (not property names, not object keys); null when one does not resolve. */
function variablesIn(node: TSESTree.Node, sourceCode: SourceCode): Variable[] | null {
  const found: Variable[] = [];
  let unresolved = false;
  walkSameFunction(node, (inner) => {
    if (inner.type !== AST_NODE_TYPES.Identifier) return;
    const parent = inner.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === inner && !parent.computed) return;
    if (parent?.type === AST_NODE_TYPES.Property && parent.key === inner && !parent.computed && parent.value !== inner) return;
    const variable = resolveVariable(inner, sourceCode);
    if (variable) found.push(variable);
    else unresolved = true;
  });
  return unresolved ? null : found;
}

/** A `const` of the module holding a literal: `const LOCK = 'payouts'`. */
function isModuleConstant(variable: Variable): boolean {
  const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
  if (variable.scope.type !== TSESLint.Scope.ScopeType.module || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return false;
  return def.node.init?.type === AST_NODE_TYPES.Literal;
}
