/**
 * Handler discovery: how a function is reached as a handler — by a registration in the file, by a
 * framework context type on its parameter, by a call in the file that passes it a context value,
 * or by a parameter named `ctx` in a file that imports one framework — and which of its
 * parameters hold context values.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, getMemberPath, getPropertyName, isTypeWrapper, outermostWrapper, propertyKey, resolveVariable, walkSameFunction, type FunctionNode, escapeRegExp } from '../ast/index.js';
import { botProjectFrameworks, calledFunction, callersOf, projectFilesMatching } from '../summaries/index.js';
import { resolveContextPath } from './context-paths.js';
import { contextTypeFilters, contextTypeOf, hasContextType } from './context-types.js';
import type { Framework } from './imports.js';
import { isMiddlewareShape } from './bot-api.js';
import { ntbaEvent, type Guarantees } from './narrowing.js';
import { earlierHandlers, importedByProjectFiles, importedUses } from './imported.js';
import { contextParameterIndex } from './plugins.js';
import { isOnlyTested } from './reads.js';
import { handlerFunction } from './registrations.js';
import type { ModelState } from './state.js';
import type { ContextParameter, ContextPath, EarlierHandler, FrameworkModel, Handler, HandlerEntry, Registration } from './types.js';

/**
 * Calls of functions declared in this file (`handle(ctx)`, `steps.amount(ctx)` of a handler object),
 * for handlers reached by call. A file that imports no framework has no file index (see
 * `collectFileIndex`); its calls are collected on the first question, and only when another file of
 * its bot project imports it (its exported functions may be handlers there, see `imported.ts`).
 */
export function collectCalls(state: ModelState, calls: readonly TSESTree.CallExpression[] = state.index.calls): void {
  for (const node of calls) {
    if (node.arguments.length === 0) continue;
    const fn = handlerFunction(state, node.callee);
    if (!fn || fn === node.callee) continue;
    const list = state.callsByFunction.get(fn) ?? [];
    list.push(node);
    state.callsByFunction.set(fn, list);
  }
}

/** Models of files without a framework import whose calls were collected on the first question (per model: nothing crosses files). */
const callsCollectedLate = new WeakSet<ModelState>();

/** How a function is a handler, or null when it is not one (memoised; recursion stops). */
export function getHandler(state: ModelState, fn: FunctionNode): Handler | null {
  if (state.handlers.has(fn)) return state.handlers.get(fn)!;
  if (state.functionsInProgress.has(fn)) return null;
  state.functionsInProgress.add(fn);
  const handler = computeHandler(state, fn);
  state.functionsInProgress.delete(fn);
  state.handlers.set(fn, handler);
  return handler;
}

/** The parameter bases of an NTBA registration. */
function ntbaBases(registration: Registration): (readonly string[])[] {
  if (registration.method === 'onText') return [['message'], ['match']];
  if (registration.method === 'onReplyToMessage') return [['message']];
  const event = registration.filters?.[0];
  const ntba = event === undefined ? null : ntbaEvent(event);
  return ntba ? [[ntba.base]] : [];
}

/**
 * What a registration guarantees `fn`: its own guarantees, and what a filter wrapped around every
 * occurrence of `fn` among its handlers adds (`Composer.privateChat(fn)`: a chat; see
 * `HandlerArgument.wrapperGuarantees`). A callback query's `ctx.chat` is its message's chat
 * (Telegraf 3 and 4), so a chat filter around a callback query handler proves the message too
 * (possibly inaccessible, which still has `chat`).
 */
function guaranteesFor(registration: Registration, fn: FunctionNode): Guarantees {
  const { guarantees } = registration;
  const occurrences = registration.handlers.filter((handler) => handler.fn === fn);
  if (guarantees === null || occurrences.length === 0 || !occurrences.every((handler) => handler.wrapperGuarantees)) return guarantees;
  const added = [...occurrences[0]!.wrapperGuarantees!].filter((path) => occurrences.every((handler) => handler.wrapperGuarantees!.has(path)));
  if (added.length === 0) return guarantees;
  const merged = new Set([...guarantees, ...added]);
  if (merged.has('chat') && merged.has('callbackQuery')) for (const path of ['callbackQuery.message', 'callbackQuery.message.chat']) merged.add(path);
  return merged;
}

function computeHandler(state: ModelState, fn: FunctionNode): Handler | null {
  const { soleFramework } = state;
  const entries: HandlerEntry[] = [];
  let parameters: ContextParameter[] = [];
  let framework: Framework | null = null;
  const addRegistration = (registration: Registration, model?: FrameworkModel, earlier?: readonly (EarlierHandler | null)[]): void => {
    framework = registration.framework;
    const entry: Extract<HandlerEntry, { kind: 'registration' }> = { kind: 'registration', registration, guarantees: guaranteesFor(registration, fn) };
    if (model) entry.model = model;
    const before = earlier ?? ownEarlierHandlers(state, registration, fn);
    if (before.length > 0) entry.earlier = before;
    entries.push(entry);
    if (registration.framework === 'ntba') {
      parameters = ntbaBases(registration).flatMap((base, index) => (fn.params[index] ? [{ node: fn.params[index], base }] : []));
    } else {
      const param = fn.params[contextParameterIndex(registration.method)];
      parameters = param ? [{ node: param, base: [] }] : [];
    }
  };
  const addCall = (call: TSESTree.CallExpression, index: number, path: ContextPath, model?: FrameworkModel): void => {
    const param = fn.params[index];
    if (!param) return;
    framework = path.handler.framework;
    entries.push(model ? { kind: 'call', call, argument: path, parameter: param, model } : { kind: 'call', call, argument: path, parameter: param });
    if (!parameters.some((parameter) => parameter.node === param)) parameters.push({ node: param, base: path.path });
  };
  /** Registered or called with a context where another file of the bot project imports it. */
  const addImported = (): void => {
    for (const use of importedUses(state, fn) ?? []) {
      if (use.kind === 'registration') addRegistration(use.registration, use.model, use.earlier);
      else addCall(use.call, use.index, use.argument, use.model);
    }
  };
  for (const registration of state.registrationsByFunction.get(fn) ?? []) addRegistration(registration);
  if (entries.length > 0) addImported();
  if (entries.length > 0 && framework) return { fn, framework, parameters, entries };

  const first = fn.params[0];
  if (!first) return null;
  const typed = contextTypeOf(state, first);
  const typedFramework = typed !== undefined ? frameworkOfParam(state, first) : null;
  if (typed !== undefined && typedFramework) {
    // A plain context type (`ctx: Context`) says nothing of the registration: where it is imported, that decides.
    if (typed === null) addImported();
    if (entries.length > 0 && framework) return { fn, framework, parameters, entries };
    const entry: Extract<HandlerEntry, { kind: 'typed' }> = { kind: 'typed', guarantees: typed };
    const filters = typed === null ? null : contextTypeFilters(state, first);
    if (filters) entry.filters = filters;
    const outsideChannels = typed === null || typedFramework !== 'grammy' ? undefined : contextTypeOf(state, first, false);
    if (outsideChannels && [...outsideChannels].some((path) => !typed!.has(path))) entry.outsideChannels = outsideChannels;
    if (typed !== null) {
      let callers: readonly Extract<HandlerEntry, { kind: 'call' }>[] | null | undefined;
      entry.callers = () => (callers === undefined ? (callers = wholeContextCallers(state, fn, first)) : callers);
    }
    return { fn, framework: typedFramework, parameters: [{ node: first, base: [] }], entries: [entry] };
  }
  // Called with a context value, in this file or where it is imported.
  if (state.index.calls.length === 0 && !callsCollectedLate.has(state)) {
    callsCollectedLate.add(state);
    if (importedByProjectFiles(state.filename())) collectCalls(state, fileIndex(state.sourceCode.ast).of(AST_NODE_TYPES.CallExpression));
  }
  for (const call of state.callsByFunction.get(fn) ?? []) {
    call.arguments.forEach((argument, index) => {
      if (argument.type === AST_NODE_TYPES.SpreadElement) return;
      const path = resolveContextPath(state, argument);
      if (path) addCall(call, index, path);
    });
  }
  addImported();
  if (entries.length > 0 && framework) return { fn, framework, parameters, entries };

  const keys = state.bindings.size > 0 && [...state.bindings.values()].some((binding) => binding.framework === 'telegraf') ? storedKeys(state, fn) : null;
  if (keys) {
    const entry: Extract<HandlerEntry, { kind: 'stored' }> = { kind: 'stored', guarantees: new Set(['from', 'chat']) };
    let callers: readonly Extract<HandlerEntry, { kind: 'call' }>[] | null | undefined;
    entry.callers = () => (callers === undefined ? (callers = storedStepCallers(state, keys, first)) : callers);
    return { fn, framework: 'telegraf', parameters: [{ node: first, base: [] }], entries: [entry] };
  }
  if (soleFramework && soleFramework !== 'ntba' && first.type === AST_NODE_TYPES.Identifier && first.name === 'ctx') {
    return { fn, framework: soleFramework, parameters: [{ node: first, base: [] }], entries: [{ kind: 'named', guarantees: null }] };
  }
  if (soleFramework && soleFramework !== 'ntba' && first.type === AST_NODE_TYPES.Identifier && hasContextType(state, first)) {
    return { fn, framework: soleFramework, parameters: [{ node: first, base: [] }], entries: [{ kind: 'typed', guarantees: null }] };
  }
  const middleware = isMiddlewareShape(fn) ? projectMiddlewareFramework(state) : null;
  if (middleware) return { fn, framework: middleware, parameters: [{ node: first, base: [] }], entries: [{ kind: 'named', guarantees: null }] };
  return null;
}

/**
 * The calls that pass `fn` its whole context as its first argument (`react(ctx)`), in this file and
 * in the project files that import it; null when there are none, when it is used in this file other
 * than by a call, or when a call of this file passes something else or an importer registers it.
 */
function wholeContextCallers(state: ModelState, fn: FunctionNode, first: TSESTree.Parameter): Extract<HandlerEntry, { kind: 'call' }>[] | null {
  const found: Extract<HandlerEntry, { kind: 'call' }>[] = [];
  // Every use in this file is a call (no `later(react)` that hands it on).
  const calls = callersOf(fn, state.sourceCode, true);
  if (!calls) return null;
  for (const call of calls) {
    const argument = call.arguments[0];
    const path = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? resolveContextPath(state, argument) : null;
    if (!path || path.path.length > 0) return null;
    found.push({ kind: 'call', call, argument: path, parameter: first });
  }
  for (const use of importedUses(state, fn) ?? []) {
    if (use.kind !== 'call' || use.index !== 0 || use.argument.path.length > 0) return null;
    found.push({ kind: 'call', call: use.call, argument: use.argument, parameter: first, model: use.model });
  }
  return found.length > 0 ? found : null;
}

/** Koa's middleware has the same `(ctx, next)` signature. */
const KOA_MODULE = /['"](?:koa|@koa\/[\w.-]+|koa-[\w.-]+)['"]/;

/**
 * A file that imports no framework, of a bot project that depends on exactly one of grammY and
 * Telegraf (its `package.json`), and imports no Koa: its `(ctx, next)` functions are that
 * framework's middleware, registered somewhere the model does not follow (a path alias, a loader
 * that requires every file of a folder). Which registration is unknown, so they are handlers known
 * only by their parameter (only what no registration narrows is reported there). Null otherwise.
 */
export function projectMiddlewareFramework(state: ModelState): Framework | null {
  if (state.bindings.size > 0 || state.importedBots.size > 0 || state.parameterBots.size > 0) return null;
  const filename = state.filename();
  if (filename === null || KOA_MODULE.test(state.sourceCode.text)) return null;
  const frameworks = botProjectFrameworks(filename).filter((name): name is 'grammy' | 'telegraf' => name === 'grammy' || name === 'telegraf');
  return frameworks.length === 1 ? frameworks[0]! : null;
}

/** The handlers a registration of this file runs before `fn` (see `earlierHandlers`); empty when `fn` is its first. */
function ownEarlierHandlers(state: ModelState, registration: Registration, fn: FunctionNode): (EarlierHandler | null)[] {
  const position = registration.handlers.findIndex((argument) => argument.fn === fn);
  return position <= 0 ? [] : earlierHandlers(registration, position, { sourceCode: state.sourceCode, filename: state.filename() });
}

function frameworkOfParam(state: ModelState, param: TSESTree.Parameter): Framework | null {
  let found: Framework | null = null;
  walkSameFunction(
    param,
    (node) => {
      if (found || node.type !== AST_NODE_TYPES.Identifier) return;
      const binding = state.bindings.get(node.name);
      if (binding) found = binding.framework;
    },
    { enterFunctions: true },
  );
  return found ?? state.soleFramework;
}

/**
 * `ctx.wizard.state.handler = async (ctx) => …`, `ctx.scene.state.onInput = fn`: a Telegraf step
 * stored in the scene's state, to be run on a later update of the scene — any update: a photo, a
 * button press, an edit. Scene state exists only in Telegraf's scene contexts. The function may be
 * written there, chosen by a conditional (`state.handler = isEdit ? onEdit : async (ctx) => …`), or
 * stored by the name it is declared under in the file (`state.handler = onAmount`). The keys of the
 * state it is stored under (`handler`); null when it is not such a step.
 */
function storedKeys(state: ModelState, fn: FunctionNode): ReadonlySet<string> | null {
  const keys = new Set<string>();
  const store = (value: TSESTree.Node): void => {
    let child = value;
    let parent = value.parent;
    while (
      (parent?.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== child) ||
      (parent?.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '&&') ||
      (parent !== undefined && isTypeWrapper(parent))
    ) {
      child = parent;
      parent = parent.parent;
    }
    if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== child || parent.operator !== '=') return;
    const path = getMemberPath(parent.left);
    if (path !== null && path.length === 4 && (path[1] === 'wizard' || path[1] === 'scene') && path[2] === 'state') keys.add(path[3]!);
  };
  store(fn);
  const id = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.init === fn ? fn.parent.id : null;
  const variable = id?.type === AST_NODE_TYPES.Identifier ? resolveVariable(id, state.sourceCode) : null;
  for (const reference of variable?.references ?? []) if (reference.isRead()) store(reference.identifier);
  return keys.size > 0 ? keys : null;
}

/**
 * The calls that run a step stored under `keys` of the scene state: `await ctx.wizard.state.handler(ctx)`
 * in a step of this file, handed the step's whole context (see `isSafe`: the requirement must hold at
 * each, or a `try` around it catch the TypeError). Telegraf gives each scene entered a fresh state
 * (`ctx.scene.enter(id, initialState = {})`), so the stored function is run only where its scene reads
 * it back. Null — the calls are not all known — when the file reads a stored key (`wizard.state.<key>`
 * or `scene.state.<key>`) other than to write, delete, test or call it with the context (`const h =
 * ctx.wizard.state.handler`, `queue.push(ctx.wizard.state.handler)`), reads the state by a computed
 * key or hands the state object on (`const state = ctx.wizard.state`, `ctx.scene.enter('x',
 * ctx.wizard.state)`); when no such call is found; and when another project file calls a step stored
 * under such a key without storing one itself (its steps may run this one).
 */
function storedStepCallers(state: ModelState, keys: ReadonlySet<string>, first: TSESTree.Parameter): Extract<HandlerEntry, { kind: 'call' }>[] | null {
  const found: Extract<HandlerEntry, { kind: 'call' }>[] = [];
  for (const member of fileIndex(state.sourceCode.ast).of(AST_NODE_TYPES.MemberExpression)) {
    const path = getPropertyName(member) === 'state' ? getMemberPath(member) : null;
    if (path?.length !== 3 || (path[1] !== 'wizard' && path[1] !== 'scene')) continue;
    const use = outermostWrapper(member);
    const parent = use.parent;
    // `ctx.wizard.state = { … }`: a write of the whole state.
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === use) continue;
    // `const { user } = ctx.wizard.state`, `statusText(ctx.i18n, ctx.wizard.state)` of a function that reads other keys.
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== use) {
      if (readsOtherKeys(use, keys) || handedToReaderOfOtherKeys(state, use, keys)) continue;
      return null;
    }
    const key = getPropertyName(parent);
    if (key === null) return null;
    if (!keys.has(key)) continue;
    const read = outermostWrapper(parent);
    const user = read.parent;
    if (user?.type === AST_NODE_TYPES.CallExpression && user.callee === read) {
      const argument = user.arguments[0];
      const passed = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? resolveContextPath(state, argument) : null;
      if (!passed || passed.path.length > 0) return null;
      found.push({ kind: 'call', call: user, argument: passed, parameter: first });
    } else if (!(user?.type === AST_NODE_TYPES.AssignmentExpression && user.left === read && user.operator === '=') && !(user?.type === AST_NODE_TYPES.UnaryExpression && user.operator === 'delete') && !isOnlyTested(read)) {
      return null;
    }
  }
  const filename = state.filename();
  if (found.length === 0 || filename === null) return found.length > 0 ? found : null;
  for (const key of [...keys].map((name) => escapeRegExp(name))) {
    const calls = new RegExp(`\\.state\\s*\\.\\s*${key}\\s*(?:\\?\\.\\s*)?\\(`);
    const stores = new RegExp(`\\.state\\s*\\.\\s*${key}\\s*=[^=]`);
    if (projectFilesMatching(filename, calls).some((file) => file.filename !== filename && !stores.test(file.sourceCode.text))) return null;
  }
  return found;
}

/**
 * Whether the scene state at `node` is only read by keys other than `keys` there: `state.name`,
 * `const { name, user } = state` (no rest element).
 */
function readsOtherKeys(node: TSESTree.Node, keys: ReadonlySet<string>): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
    const key = getPropertyName(parent);
    return key !== null && !keys.has(key);
  }
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== node || parent.id.type !== AST_NODE_TYPES.ObjectPattern) return false;
  return parent.id.properties.every((property) => {
    const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
    return key !== null && !keys.has(key);
  });
}

/**
 * `createStatus(ctx.i18n, ctx.wizard.state)`: the scene state handed to a function of the project
 * (this file or an import) whose parameter there is a name every use of which reads other keys
 * (see {@link readsOtherKeys}). One call deep.
 */
function handedToReaderOfOtherKeys(state: ModelState, node: TSESTree.Node, keys: ReadonlySet<string>): boolean {
  const call = node.parent;
  const filename = state.filename();
  if (call?.type !== AST_NODE_TYPES.CallExpression || filename === null) return false;
  const index = call.arguments.indexOf(node as TSESTree.CallExpressionArgument);
  if (index < 0 || call.arguments.slice(0, index).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  const callee = calledFunction(call, { sourceCode: state.sourceCode, filename });
  const param = callee?.fn.params[index];
  if (!callee || param?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = callee.file.sourceCode.scopeManager?.getDeclaredVariables(callee.fn).find((candidate) => candidate.name === param.name);
  return !!variable && variable.references.every((reference) => reference.isReadOnly() && readsOtherKeys(reference.identifier, keys));
}

