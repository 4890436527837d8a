/**
 * Telegraf scene entry: a scene's `enter` handler and the first step of a `WizardScene` run with
 * the update that called `ctx.scene.enter('<id>')` (Telegraf's `SceneContextScene.enter` runs the
 * scene's `enterMiddleware` on the same context), so they have whatever that call site has.
 * This module finds the scene an entry handler belongs to and every call that may enter a scene.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, fileIndex, getMemberPath, getPropertyName, isFunction, skipTypeWrappers, someInSameFunction, staticString, type FunctionNode } from '../ast/index.js';
import { originOf } from '../summaries/index.js';
import type { BotReference, FrameworkModel, Handler, HandlerEntry, PassedScene, Registration, SceneEnterSite } from './types.js';

/** What one file's calls say about entering scenes. */
export interface FileEnterSites {
  /** Readable sites by the scene id they enter (several ids when a helper is called with each). */
  readonly byId: ReadonlyMap<string, readonly SceneEnterSite[]>;
  /**
   * Readable sites that may enter any scene: `ctx.scene.reenter()` (whichever scene is current), and
   * an id the file does not hold (`ctx.scene.enter(SceneIds.WEATHER)` of an imported enum or `const`).
   */
  readonly anyScene: readonly SceneEnterSite[];
  /** Ids entered where the update cannot be read (`Stage.enter('id')` middleware, an unknown receiver, a silent enter). */
  readonly unreadIds: ReadonlySet<string>;
  /** Whether some call may enter any scene unread (a computed id). */
  readonly unreadAny: boolean;
}

/** The model of the file a scene id is read in: its scopes, and the file to follow imports from. */
type IdOwner = Pick<FrameworkModel, 'scopeOf' | 'file'>;

/**
 * A scene id as written: a string, or a `const` of the file of `owner` (its model) holding one
 * (`const SEND = 'SEND_WIZARD'`), or a `const` of a project file it imports (`import { SEND } from
 * './ids'`, read there by `originOf`).
 */
function sceneId(node: TSESTree.Node | null | undefined, owner: IdOwner): string | null {
  const text = staticString(node);
  if (text !== null || !node) return text;
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return null;
  const local = staticString(constInitializer(value, { getScope: (inner) => owner.scopeOf(inner) }));
  const file = local === null ? owner.file() : null;
  const origin = file ? originOf(value, file) : null;
  return local ?? (origin?.kind === 'expression' ? staticString(origin.node) : null);
}

/** Mentions of entering a scene, to pick the project files worth reading. */
export const MENTIONS_ENTER = /\benter\s*\(/;

const sitesByModel = new WeakMap<FrameworkModel, FileEnterSites>();

/** The scene-entering calls of a file (memoised per model). */
export function enterSitesIn(model: FrameworkModel, sourceCode: Readonly<TSESLint.SourceCode>): FileEnterSites {
  let known = sitesByModel.get(model);
  if (!known) {
    known = collectEnterSites(model, sourceCode);
    sitesByModel.set(model, known);
  }
  return known;
}

function collectEnterSites(model: FrameworkModel, sourceCode: Readonly<TSESLint.SourceCode>): FileEnterSites {
  const byId = new Map<string, SceneEnterSite[]>();
  const anyScene: SceneEnterSite[] = [];
  const unreadIds = new Set<string>();
  let unreadAny = false;
  if (!MENTIONS_ENTER.test(sourceCode.text)) return { byId, anyScene, unreadIds, unreadAny };
  for (const call of fileIndex(sourceCode.ast).of(AST_NODE_TYPES.CallExpression)) {
    const callee = skipTypeWrappers(call.callee);
    const first = call.arguments[0];
    if (callee.type === AST_NODE_TYPES.Identifier) {
      // `const { enter } = Scenes.Stage; bot.command('x', enter('id'))`.
      if (callee.name !== 'enter' || model.frameworks.size === 0) continue;
      const id = sceneId(first, model);
      const site = registeredAsHandler(model, call);
      if (id !== null && site) byId.set(id, [...(byId.get(id) ?? []), { model, call, handler: null, registration: site }]);
      else if (site) anyScene.push({ model, call, handler: null, registration: site });
      else if (id === null) unreadAny = true;
      else unreadIds.add(id);
      continue;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) continue;
    const method = getPropertyName(callee);
    if (method !== 'enter' && method !== 'reenter') continue;
    const receiver = getMemberPath(callee.object);
    const last = receiver?.[receiver.length - 1];
    const context = model.resolveContextPath(callee.object);
    const fromContext = context !== null && context.path.length === 1 && context.path[0] === 'scene';
    if (method === 'reenter') {
      if (fromContext) anyScene.push({ model, call, handler: context.handler });
      else if (last === 'scene') unreadAny = true;
      continue;
    }
    // `scene.enter(handler)` registers an entry handler; it enters nothing.
    if (!first || first.type === AST_NODE_TYPES.SpreadElement || isFunction(first) || model.resolveBot(callee.object)) continue;
    // `ctx.scene.enter(id, state, true)`: a silent enter runs no entry handler; the first step gets a later update.
    const silent = call.arguments[2] !== undefined && !(call.arguments[2].type === AST_NODE_TYPES.Literal && call.arguments[2].value === false);
    if (fromContext && !silent) {
      // An id not read here (imported, computed) may be any scene's: the call is a site of each.
      const ids = enteredIds(first, context.handler, model);
      if (ids) for (const id of ids) byId.set(id, [...(byId.get(id) ?? []), { model, call, handler: context.handler }]);
      else anyScene.push({ model, call, handler: context.handler });
      continue;
    }
    const id = sceneId(first, model);
    // `bot.action('send', Scenes.Stage.enter('SEND'))`: the middleware enters with the registration's update.
    const registration = !silent && last === 'Stage' ? registeredAsHandler(model, call) : null;
    if (id !== null && registration) byId.set(id, [...(byId.get(id) ?? []), { model, call, handler: null, registration }]);
    else if (registration) anyScene.push({ model, call, handler: null, registration });
    else if (id !== null) unreadIds.add(id);
    else if (fromContext || last === 'scene' || last === 'Stage' || last === 'stage') unreadAny = true;
  }
  return { byId, anyScene, unreadIds, unreadAny };
}

/**
 * The registration whose handler `call` is, as written (`bot.action('send', Stage.enter('SEND'))`),
 * without arguments that could make it silent; null otherwise.
 */
function registeredAsHandler(model: FrameworkModel, call: TSESTree.CallExpression): Registration | null {
  if (call.arguments.length !== 1) return null;
  return model.registrations.find((registration) => registration.handlers.some((handler) => skipTypeWrappers(handler.node) === call)) ?? null;
}

/**
 * The scene ids a call may enter: a static string, or a parameter of a helper every call of which
 * in the file passes one (`const go = (ctx, id) => ctx.scene.enter(id); go(ctx, 'start')`).
 */
function enteredIds(argument: TSESTree.Node, handler: Handler, owner: IdOwner): string[] | null {
  const id = sceneId(argument, owner);
  if (id !== null) return [id];
  const value = skipTypeWrappers(argument);
  if (value.type !== AST_NODE_TYPES.Identifier) return null;
  const index = handler.fn.params.findIndex((param) => param.type === AST_NODE_TYPES.Identifier && param.name === value.name);
  if (index < 0 || handler.entries.length === 0 || handler.entries.some((entry) => entry.kind !== 'call')) return null;
  const ids: string[] = [];
  for (const entry of handler.entries) {
    const passed = entry.kind === 'call' ? staticString(entry.call.arguments[index]) : null;
    if (passed === null) return null;
    ids.push(passed);
  }
  return ids;
}

/**
 * The scene whose entry `fn` handles under `registration`, or null when it is no entry: the handler
 * of `scene.enter(fn)` on a `BaseScene`/`WizardScene`, or the first step of a `WizardScene` that
 * always moves on (a step that may stay, or a wizard that may go back to it, gets later updates).
 * Its `id` is null when the scene's id is not read (`new Scenes.BaseScene(id)` of a parameter).
 */
export function sceneEntry(registration: Registration, fn: FunctionNode, sourceText: string, owner: IdOwner): { id: string | null } | null {
  if (registration.framework !== 'telegraf') return null;
  if (registration.method === 'enter') return isSceneInstance(registration) ? { id: sceneIdOf(registration, owner) } : null;
  if (registration.method !== 'wizard' || registration.handlers[0]?.fn !== fn) return null;
  if (/\.back\s*\(|selectStep\s*\(\s*0\s*\)/.test(sourceText) || !alwaysMovesOn(fn)) return null;
  return { id: sceneIdOf(registration, owner) };
}

/**
 * The Telegraf scene a bot reference is, read in the file of `owner` (its model): one created there
 * (`new Scenes.BaseScene('deposit')`), or one every caller hands a function (`handleDeposit(bot,
 * depositScene)`, see `parameter-bots.ts`); null for anything else (an imported scene, a composer).
 */
export function sceneOfBot(bot: BotReference | null | undefined, owner: IdOwner): PassedScene | null {
  if (!bot || bot.framework !== 'telegraf') return null;
  if (bot.passedScene) return bot.passedScene;
  const className = bot.instance?.className;
  if (className !== 'BaseScene' && className !== 'WizardScene') return null;
  return { className, id: sceneId(bot.instance!.creation.arguments[0], owner) };
}

/** Whether a registration is made on a scene of its file or one handed to its function (see {@link sceneOfBot}). */
function isSceneInstance(registration: Registration): boolean {
  const receiver = registration.receiver;
  const className = receiver?.instance?.className ?? receiver?.passedScene?.className;
  return className === 'BaseScene' || className === 'WizardScene';
}

/** Calls that take a wizard off its current step: `ctx.wizard.next()`, `ctx.scene.leave()`, `ctx.scene.enter(…)`. */
function movesOn(node: TSESTree.Node | null | undefined): boolean {
  if (!node) return false;
  let expression = skipTypeWrappers(node);
  if (expression.type === AST_NODE_TYPES.AwaitExpression) expression = skipTypeWrappers(expression.argument);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
  const path = getMemberPath(expression.callee);
  if (!path || path.length < 2) return false;
  const [owner, method] = path.slice(-2);
  return (owner === 'wizard' && method === 'next') || (owner === 'scene' && (method === 'leave' || method === 'enter'));
}

/** Whether a step moves on at its top level and returns nowhere before that (every `return` moves on too). */
function alwaysMovesOn(fn: FunctionNode): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return movesOn(fn.body);
  const moves = fn.body.body.some((statement) =>
    statement.type === AST_NODE_TYPES.ExpressionStatement ? movesOn(statement.expression) : statement.type === AST_NODE_TYPES.ReturnStatement && movesOn(statement.argument),
  );
  if (!moves) return false;
  return !someInSameFunction(fn.body, (node) => node.type === AST_NODE_TYPES.ReturnStatement && !movesOn(node.argument));
}

/**
 * The id of the Telegraf scene a registration belongs to (`scene.on(…)`, `scene.enter(…)`, a
 * `WizardScene` step), when it is a literal; null otherwise.
 */
export function sceneIdOf(registration: Registration, owner: IdOwner): string | null {
  if (registration.framework !== 'telegraf') return null;
  if (registration.method === 'wizard') return sceneId(registration.call.arguments[0], owner);
  return sceneOfBot(registration.receiver, owner)?.id ?? null;
}

/**
 * Whether every way into a handler is read: registrations and types with known guarantees, steps
 * stored for later, calls from such handlers. A handler reached by its parameter's name alone is
 * assumed narrowed where it is checked, which proves nothing about where it enters a scene.
 */
export function entriesKnown(handler: Handler, depth = 0): boolean {
  return handler.entries.every((entry: HandlerEntry) => {
    switch (entry.kind) {
      case 'registration':
      case 'typed':
        return entry.guarantees !== null;
      case 'stored':
        return true;
      case 'call':
        return depth < 4 && entriesKnown(entry.argument.handler, depth + 1);
      default:
        return false;
    }
  });
}
