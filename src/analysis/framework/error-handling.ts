/**
 * Additions to the framework model for error handling (added by `require-bot-error-handler`):
 * the grammY runner's `run`, node-telegram-bot-api's `webHook` option and async listeners,
 * error-boundary middleware, functions that install an error handler on a bot they are given, and
 * the calls of a file grouped by bot.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { ARRAY_CALLBACK_METHODS, classFieldValues, thisClassBody, thisMembers, constInitializer, keptInitializer, requiredModule, dispatchCalls, enclosingClassBody, enclosingFunction, exportCallees, fileIndex, functionOf, type FunctionNode, getMemberPath, getPropertyName, isFunction, moduleBindings, namedMethodCalls, objectLiteralOf, onlyOutsideProduction, programOf, outermostWrapper, propertyKey, resolveVariable, returnedValues, TIMER_SCHEDULERS, skipTypeWrappers, someInSameFunction, staticString, walkSameFunction } from '../ast/index.js';
import { DEFAULT_LOGGERS } from '../errors/index.js';
import { declaredMajor, runsInNextServer, runsOnlyInWorker } from '../project/index.js';
import { botProjectRoot, calledFunction, createdClass, type FileRef, functionNeverFails, instanceMethods, loadedFunctions, projectFilesMatching, projectValue, referencedFunction, STRING_METHODS } from '../summaries/index.js';
import { answeredQuery, chainRoot, chatRole, grammyKeyboardCannotThrow, isTelegrafMarkup, sendAssertsChat, telegrafMarkupCannotThrow } from './bot-api.js';
import { ntbaOption, PROCESS_UPDATE } from './bots.js';
import { ALWAYS_PRESENT_CONTEXT_MEMBERS, describePath } from './fields.js';
import { frameworkOfModule } from './imports.js';
import { METHODS } from './methods.js';
import { getFrameworkModel } from './model.js';
import { isSafe } from './guards.js';
import { optionalReads } from './optional-reads.js';

export { ntbaOption } from './bots.js';
import type { BotInstance, FrameworkModel, Handler, HandlerEntry, Registration } from './types.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const RUNNER_MODULE = '@grammyjs/runner';

/**
 * Local names bound to `run` of @grammyjs/runner, by every binding form (`moduleBindings`):
 * `import { run as r }` and `const { run } = require(…)` give the name, whole-module bindings
 * (`import * as runner`, `import runner = require(…)`) give `runner.run`.
 */
export function collectRunnerNames(program: TSESTree.Program): Set<string> {
  return exportCallees(program, (module) => module === RUNNER_MODULE, 'run');
}


/**
 * A node-telegram-bot-api bot whose updates come only from its own long polling: created with
 * `{ polling: true | {…} }` and no `webHook` option. Its polling loop calls `processUpdate` in a
 * try/catch and hands what a listener throws synchronously to `polling_error` (or prints it), then
 * polls on (`TelegramBotPolling._polling`, since 0.30): the update is dropped, the process lives.
 */
export function pollsOnly(bot: BotInstance): boolean {
  return bot.framework === 'ntba' && bot.polling === true && ntbaOption(bot.creation, 'webHook') === null;
}

/** The switch of an NTBA option's object that keeps the constructor from starting it: `polling: { autoStart: false }`, `webHook: { autoOpen: false }` (0.67 `TelegramBot` constructor). */
const AUTO_SWITCH = { polling: 'autoStart', webHook: 'autoOpen' } as const;

/**
 * Whether the NTBA option `name` (the property given) makes the constructor start its feature for
 * sure: `true`, or an object without its off switch set to `false` (see {@link AUTO_SWITCH}). False
 * for `false`/absent, and for values that cannot be told.
 */
export function isOptionOn(property: TSESTree.Property | null | undefined, name: keyof typeof AUTO_SWITCH): boolean {
  if (!property) return false;
  const value = skipTypeWrappers(property.value);
  if (value.type === AST_NODE_TYPES.Literal) return value.value === true;
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return !value.properties.some(
    (inner) =>
      inner.type === AST_NODE_TYPES.Property &&
      propertyKey(inner) === AUTO_SWITCH[name] &&
      inner.value.type === AST_NODE_TYPES.Literal &&
      inner.value.value === false,
  );
}

/**
 * Whether a middleware catches the errors of everything after it:
 * `async (ctx, next) => { try { await next(); } catch (e) { … } }` (grammY and Telegraf alike),
 * written here, or imported from a project file (`import { errorMiddleware } from './middleware'`)
 * and installed `first`, before any middleware or handler of the project's own code. Installed
 * first, a composer whose own first middleware is one counts too (see {@link boundingComposer}).
 */
export function isErrorBoundaryMiddleware(node: TSESTree.Node, file: FileRef, first = false, depth = 0): boolean {
  // The first of a pipeline: `bot.use(...pipeline())`, `for (const mw of pipeline()) bot.use(mw);`.
  const leading = first && depth < MAX_COMPOSER_DEPTH ? pipelineHead(node, file) : null;
  if (leading) return isErrorBoundaryMiddleware(leading.node, leading.file, true, depth + 1);
  const local = functionOf(node, file.sourceCode);
  // Imported, or made by a factory (`bot.use(errorHandler({ logger }))`), only installed first.
  const found = local ? { fn: local, file } : first ? middlewareFunction(node, file) : null;
  if (!found) return first && boundingComposer(node, file, depth);
  const { fn } = found;
  const next = fn.params[1];
  if (next?.type !== AST_NODE_TYPES.Identifier) return false;
  const callsNext = (call: TSESTree.Node): boolean => call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === next.name;
  // A `catch` that throws in production hands the error on to the bot's error handler (`if (dev) throw error;` does not).
  const throwsInProduction = (handler: TSESTree.CatchClause): boolean =>
    someInSameFunction(handler.body, (inner) => inner.type === AST_NODE_TYPES.ThrowStatement && !onlyOutsideProduction(inner, found.file.sourceCode));
  return someInSameFunction(
    fn.body,
    (inner) =>
      (inner.type === AST_NODE_TYPES.TryStatement && inner.handler !== null && !throwsInProduction(inner.handler) && someInSameFunction(inner.block, callsNext)) ||
      // `return next().catch((e) => { log(e); if (process.env.NODE_ENV !== 'production') throw e; })`
      (inner.type === AST_NODE_TYPES.CallExpression && catchesInProduction(inner, callsNext, found.file.sourceCode)),
  );
}

/**
 * The middleware a pipeline installs first, with the file it is written in: the first element of the
 * array a `use` spreads (`bot.use(...pipeline())`), or of the one a `for…of` loop installs from
 * (`for (const mw of pipeline()) bot.use(mw);`, the loop's first statement, so its first round
 * installs it before anything else). The array is a literal, or the one literal a function of the
 * file or of a project file returns (a new array each call: nothing adds to it before it is used).
 */
function pipelineHead(node: TSESTree.Node, file: FileRef): { node: TSESTree.Node; file: FileRef } | null {
  if (node.type === AST_NODE_TYPES.SpreadElement) return arrayHead(node.argument, file);
  const use = node.parent;
  if (node.type !== AST_NODE_TYPES.Identifier || use?.type !== AST_NODE_TYPES.CallExpression || use.arguments[0] !== node) return null;
  let statement: TSESTree.Node | undefined = use.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  if (statement.parent?.type === AST_NODE_TYPES.BlockStatement && statement.parent.body[0] === statement) statement = statement.parent;
  const loop = statement.parent;
  if (loop?.type !== AST_NODE_TYPES.ForOfStatement || loop.body !== statement || loop.await || loop.left.type !== AST_NODE_TYPES.VariableDeclaration) return null;
  const [declarator] = loop.left.declarations;
  return declarator?.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === node.name ? arrayHead(loop.right, file) : null;
}

/** The first element of the array a pipeline installs (see {@link pipelineArray}). */
function arrayHead(node: TSESTree.Node, file: FileRef): { node: TSESTree.Node; file: FileRef } | null {
  const array = pipelineArray(node, file);
  const head = array?.elements[0];
  return head && head.type !== AST_NODE_TYPES.SpreadElement ? { node: head, file: array.file } : null;
}

/**
 * The elements of the array a pipeline installs (`bot.use(...pipeline)`), with the file they are
 * written in: an array literal; the one literal a function of the file or of a project file returns
 * (a new array each call: nothing adds to it before it is used); or a variable that keeps the array
 * literal it is declared with, of this file or exported by a project file it is imported from
 * (`import middlewares from './middlewares'`, `const list = require('./list')`). Such a variable is
 * never assigned again and only spread, iterated by `for…of` or exported: a `push`, an `unshift`, an
 * index write or a call it is handed to may change what the pipeline installs. Null otherwise.
 */
export function pipelineArray(node: TSESTree.Node, file: FileRef, depth = 0): { elements: TSESTree.ArrayExpression['elements']; file: FileRef } | null {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return { elements: value.elements, file };
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const factory = calledFunction(value, file);
    const returned = factory ? returnedValues(factory.fn) : null;
    const literal = returned?.length === 1 ? skipTypeWrappers(returned[0]!) : null;
    return literal?.type === AST_NODE_TYPES.ArrayExpression ? { elements: literal.elements, file: factory!.file } : null;
  }
  if (value.type !== AST_NODE_TYPES.Identifier || depth >= MAX_COMPOSER_DEPTH) return null;
  const variable = resolveVariable(value, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!variable || !def || !variable.references.every((reference) => reference.init === true || onlyPassedOn(reference.identifier))) return null;
  const init = keptInitializer(variable);
  if (init && requiredModule(skipTypeWrappers(init)) === null) return pipelineArray(init, file, depth + 1);
  if ((def.type !== TSESLint.Scope.DefinitionType.ImportBinding && !init) || variable.scope.block.type !== AST_NODE_TYPES.Program) return null;
  const binding = moduleBindings(file.sourceCode.ast).get(value.name);
  const target = binding ? projectValue(file.filename, binding.module, binding.imported === '*' ? 'default' : binding.imported) : null;
  return target ? pipelineArray(target.node, target.file, depth + 1) : null;
}

/** A read of a pipeline's array that cannot change it: spread, iterated by `for…of`, or exported. */
function onlyPassedOn(identifier: TSESTree.Node): boolean {
  const parent = outermostWrapper(identifier).parent;
  return (
    parent?.type === AST_NODE_TYPES.SpreadElement ||
    (parent?.type === AST_NODE_TYPES.ForOfStatement && parent.right === outermostWrapper(identifier)) ||
    parent?.type === AST_NODE_TYPES.ExportSpecifier ||
    parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
    isModuleExports(identifier)
  );
}

/**
 * `p.catch(onRejected)` on a promise `p` that `isSource` accepts, whose `onRejected` is a function
 * that handles the error in production: it throws nothing, or only in a branch production never
 * takes (`if (process.env.NODE_ENV !== 'production') throw error;`, see `onlyOutsideProduction`).
 */
function catchesInProduction(call: TSESTree.CallExpression, isSource: (node: TSESTree.Node) => boolean, sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'catch' || !isSource(skipTypeWrappers(callee.object))) return false;
  const onRejected = call.arguments[0] ? functionOf(call.arguments[0], sourceCode) : null;
  return onRejected !== null && !someInSameFunction(onRejected.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement && !onlyOutsideProduction(node, sourceCode));
}

/**
 * The function a middleware argument runs (`bot.use(mw)`), with the file it is written in: a
 * function of this file or one a project file exports (see `referencedFunction`), or the one
 * function a factory of either returns (`bot.use(logging())` with `const logging = () => async
 * (ctx, next) => { … }`). Null for a package's middleware and anything not proven.
 */
export function middlewareFunction(node: TSESTree.Node, file: FileRef): { fn: FunctionNode; file: FileRef } | null {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.CallExpression) {
    const local = functionOf(value, file.sourceCode);
    return local ? { fn: local, file } : importedMiddleware(value, file);
  }
  const factory = calledFunction(value, file);
  const returned = factory ? returnedValues(factory.fn) : null;
  const fn = returned?.length === 1 ? functionOf(returned[0]!, factory!.file.sourceCode) : null;
  return fn ? { fn, file: factory!.file } : null;
}

/**
 * The calls of a middleware's `next` (its second parameter), split by whether it drops their promise
 * (`dropped`, in source order) or not (`kept`, how many). Dropped: a bare
 * statement `next();` or `void next();`, also at the end of a `.then(…)`/`.finally(…)` chain, in the
 * middleware's own body; or any `next()` in a callback the middleware hands to a call whose result
 * it drops (`pool.query(sql, (err, res) => next());`, `setTimeout(() => next(), 10);`), kept in
 * `callbacks` with that call: the middleware's promise settles before the callback runs. The
 * framework's own promise then settles before the later handlers run, so their errors never reach
 * `bot.catch` and reject unhandled. `await next()`, `return next()`, an arrow's `next()` body,
 * `next().catch(…)` and a promise kept in a variable are not dropped; nor is a `next()` in a
 * callback whose call the middleware returns or awaits (`return als.run(store, () => next())`).
 * `next` handed to another call (`responseTime(ctx, next);`, `setTimeout(next, 10);`) counts as a
 * call of it, made by that call, which is kept in `handed`: dropping that call's result drops
 * whatever promise of `next()` it waits for or passes on, and `await`/`return` of it keeps it. A
 * handed call is no `next()`: it can throw by itself (a synchronous helper).
 */
export function nextCalls(fn: FunctionNode): { dropped: TSESTree.CallExpression[]; kept: number; callbacks: Map<TSESTree.CallExpression, TSESTree.CallExpression>; handed: Set<TSESTree.CallExpression> } {
  const next = fn.params[1];
  const found = { dropped: [] as TSESTree.CallExpression[], kept: 0, callbacks: new Map<TSESTree.CallExpression, TSESTree.CallExpression>(), handed: new Set<TSESTree.CallExpression>() };
  if (next?.type !== AST_NODE_TYPES.Identifier) return found;
  walkSameFunction(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const handed = node.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && argument.name === next.name);
      if (!handed && (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== next.name)) return;
      if (handed) found.handed.add(node);
      const inside = enclosingFunction(node);
      if (inside === fn) {
        if (promiseDropped(node)) found.dropped.push(node);
        else found.kept++;
        return;
      }
      const call = inside ? droppedCallbackCall(inside, fn) : null;
      if (call) {
        found.dropped.push(node);
        found.callbacks.set(node, call);
      }
    },
    { enterFunctions: true },
  );
  found.dropped.sort((a, b) => a.range[0] - b.range[0]);
  return found;
}

/** The call `callback` is an argument of, when `callback` is written right in `fn` and `fn` drops that call's result (see {@link promiseDropped}). */
function droppedCallbackCall(callback: FunctionNode, fn: FunctionNode): TSESTree.CallExpression | null {
  const call = outermostWrapper(callback).parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((argument) => skipTypeWrappers(argument) === callback) || enclosingFunction(call) !== fn) return null;
  return promiseDropped(call) ? call : null;
}

/** A promise-valued expression that is a statement of its own (`p;`, `void p;`, `p.then(f);`): nothing waits for it or handles its rejection. */
function promiseDropped(expression: TSESTree.Node): boolean {
  let value = outermostWrapper(expression);
  for (;;) {
    const member = value.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== value || member.parent.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) break;
    const method = getPropertyName(member);
    if ((method !== 'then' || member.parent.arguments.length > 1) && method !== 'finally') return false;
    value = outermostWrapper(member.parent);
  }
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') return parent.parent.type === AST_NODE_TYPES.ExpressionStatement;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement;
}

/** How deep composers installed in composers are followed (`bot.use(parts)` → `parts.use(errors)` → `errors.use(boundary)`). */
const MAX_COMPOSER_DEPTH = 3;

/**
 * Whether a composer installed as middleware (`bot.use(composer)`, `bot.use(parts.bot.middleware())`)
 * runs an error boundary before any of the project's own code: its first call that runs project
 * code is a `.use(…)` of an error-boundary middleware (or of such a composer in turn). grammY and
 * Telegraf chain a composer's middleware into what follows it, so that boundary's `try` also covers
 * every handler installed after the composer. The composer is created in this file, or exported by a
 * project file the name is imported from (`import * as parts from './parts'; parts.bot`).
 */
function boundingComposer(node: TSESTree.Node, file: FileRef, depth: number): boolean {
  if (depth >= MAX_COMPOSER_DEPTH) return false;
  let value = skipTypeWrappers(node);
  // `composer.middleware()` is the composer's middleware.
  if (value.type === AST_NODE_TYPES.CallExpression && value.arguments.length === 0) {
    const callee = skipTypeWrappers(value.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'middleware') return false;
    value = skipTypeWrappers(callee.object);
  }
  const found = composerOf(value, file);
  if (!found) return false;
  const calls = found.model.callsOn(found.composer);
  return calls.some(
    (call, index) =>
      getPropertyName(skipTypeWrappers(call.callee) as TSESTree.MemberExpression) === 'use' &&
      calls.slice(0, index).every(runsNoProjectCode) &&
      call.arguments.some((argument) => isErrorBoundaryMiddleware(argument, found.file, true, depth + 1)),
  );
}

/** The composer (or bot) created in this file, or in the project file it is imported from, that `value` names; with that file's model. */
function composerOf(value: TSESTree.Node, file: FileRef): { composer: BotInstance; model: FrameworkModel; file: FileRef } | null {
  const local = getFrameworkModel(file.sourceCode, file.filename);
  const own = local.resolveBot(value)?.instance;
  if (own) return { composer: own, model: local, file };
  const path = getMemberPath(value);
  const binding = path && path.length <= 2 ? moduleBindings(file.sourceCode.ast).get(path[0]!) : undefined;
  if (!path || !binding) return null;
  // `import { errors } from './errors'` names an export; `import * as parts from './parts'` needs `parts.bot`.
  const exported = path.length === 1 ? binding.imported : binding.imported === '*' ? path[1]! : null;
  const target = exported === null || exported === '*' ? null : projectValue(file.filename, binding.module, exported);
  if (!target) return null;
  const model = getFrameworkModel(target.file.sourceCode, target.file.filename);
  const composer = model.resolveBot(target.node)?.instance;
  return composer ? { composer, model, file: target.file } : null;
}

/**
 * The function an imported name holds (`import { errorMiddleware } from './middleware'`), or a member
 * of an imported module object holds (`const middlewares = require('./middlewares');
 * bot.use(middlewares.update)`, through the index's `module.exports = { update: require('./update') }`),
 * found by the summaries, with its file.
 */
function importedMiddleware(node: TSESTree.Node, file: FileRef): { fn: FunctionNode; file: FileRef } | null {
  const value = skipTypeWrappers(node);
  const found = value.type === AST_NODE_TYPES.Identifier || value.type === AST_NODE_TYPES.MemberExpression ? referencedFunction(value, file) : null;
  return found ? { fn: found.fn, file: found.file } : null;
}

/** A name that says the function sets up error handling: `setupErrorHandler`, `registerCatch`, `withErrorBoundary`. */
export const INSTALLER_NAME = /err|catch|fail|exception|crash|boundar|safe|guard/i;

/** How deep functions handed the bot are followed (`require('./bot')(bot)` → `initializeBot(bot)` → `setupErrorHandling(bot)`). */
const MAX_INSTALLER_DEPTH = 3;

/**
 * Whether passing a bot as argument `index` to `call` may install an error handler on it: the
 * callee's name says so, or it is a function the summaries resolve (this file, or a project file
 * it imports: `setup(bot)`, `require('./bot')(bot)`; for a local loader's computed
 * ``require(`${dir}/${name}`)(bot)``, any module its calls name, see `loadedFunctions`) whose parameter gets `.catch(…)`,
 * `.errorBoundary(…)`, an error-boundary `.use(…)` or a listener for one of the `accepted` events,
 * or is handed on to such a function or class (see {@link installsOn}).
 */
export function installsErrorHandler(
  call: TSESTree.CallExpression,
  index: number,
  accepted: readonly string[],
  file: FileRef,
  depth = 0,
  on: InstalledOn = {},
): boolean {
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (name !== null && INSTALLER_NAME.test(name)) return true;
  const inline = functionOf(callee, file.sourceCode);
  const called = inline ? { fn: inline, file } : calledFunction(call, file);
  // `require(\`${dir}/${name}\`)(bot)` in a loader: the modules its calls name (`load('catch')`).
  return (called ? [called] : loadedFunctions(call, file)).some(({ fn, file: where }) => {
    const param = fn.params[index];
    return param?.type === AST_NODE_TYPES.Identifier && installsOn(fn, (node) => isIdentifierNamed(node, param.name), accepted, where, depth, on);
  });
}

/**
 * Whether `new Installer(bot)` (the bot as argument `index`) installs an error handler on the bot.
 * The class is one of this file or one a project file exports (see `createdClass`; its name alone
 * proves nothing, unlike a function's: constructing it installs nothing until a method runs). Its
 * constructor keeps the parameter in a field (`this.bot = bot`, set nowhere else, or a parameter
 * property `constructor(private bot: Telegraf)`), and either installs the handler itself, or an
 * instance method does so on the field (`this.bot.catch(…)`, or hands `this.bot` on to an
 * installer) and is called: by the constructor (`this.attach()`), or on the created instance in
 * this file (`new Installer(bot).attach()`, `const i = new Installer(bot); i.attach()`,
 * `this.errors = new Installer(this.bot); … this.errors.attach()`).
 */
export function constructsInstaller(creation: TSESTree.NewExpression, index: number, accepted: readonly string[], file: FileRef, depth = 0, on: InstalledOn = {}): boolean {
  const created = createdClass(creation.callee, file);
  // The constructor's implementation (an overload signature has no body).
  const constructor = created?.node.body.body.flatMap((element) =>
    element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor' && element.value.type === AST_NODE_TYPES.FunctionExpression ? [element.value] : [],
  )[0];
  const param = constructor?.params[index];
  const parameter = param?.type === AST_NODE_TYPES.TSParameterProperty ? param.parameter : param;
  if (!created || !constructor || !param || parameter?.type !== AST_NODE_TYPES.Identifier) return false;
  const fields = classFieldValues(created.node.body);
  const kept = new Set<string>();
  if (param.type === AST_NODE_TYPES.TSParameterProperty && !fields.has(parameter.name)) kept.add(parameter.name);
  for (const [key, value] of fields) {
    if (value && isIdentifierNamed(value, parameter.name) && enclosingFunction(value) === constructor) kept.add(key);
  }
  const isField = (node: TSESTree.Node): boolean => {
    const value = skipTypeWrappers(node);
    return value.type === AST_NODE_TYPES.MemberExpression && !value.computed && skipTypeWrappers(value.object).type === AST_NODE_TYPES.ThisExpression && kept.has(getPropertyName(value) ?? '');
  };
  if (installsOn(constructor, (node) => isIdentifierNamed(node, parameter.name) || isField(node), accepted, created.file, depth, { framework: on.framework })) return true;
  if (kept.size === 0) return false;
  const installing = new Set<string>();
  for (const [name, method] of instanceMethods(created.node)) {
    if (installsOn(method, isField, accepted, created.file, depth, { framework: on.framework })) installing.add(name);
  }
  if (installing.size === 0) return false;
  const callsInstalling = (node: TSESTree.Node): boolean => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipTypeWrappers(node.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(callee.object).type === AST_NODE_TYPES.ThisExpression && installing.has(getPropertyName(callee) ?? '');
  };
  return someInSameFunction(constructor.body, callsInstalling) || instanceCalls(creation, file.sourceCode).some((call) => installing.has(getPropertyName(call.callee as TSESTree.MemberExpression) ?? ''));
}

/**
 * What is known of the bot a function is handed: its framework (Telegraf's registration methods
 * return the bot, see {@link telegrafChainBase}), and whether it is handed over `first`, before the
 * caller runs any project code on it (an imported boundary middleware then counts, see
 * {@link isErrorBoundaryMiddleware}).
 */
export interface InstalledOn {
  framework?: BotInstance['framework'];
  first?: boolean;
}

/**
 * Whether `fn` installs an error handler on the bot `isBot` recognises (its parameter, or a field
 * that holds it): a call on it that is one (`.catch(…)`, see {@link isErrorHandlerCall}; on a
 * Telegraf bot also at the end of a chain of registrations, `bot.command(…).catch(…)`), or, up to
 * {@link MAX_INSTALLER_DEPTH} steps, the bot handed to a function that installs one (see
 * {@link installsErrorHandler}) or to the constructor of a class that does (see {@link constructsInstaller}).
 * Handed over `first`, a `.use(…)` before which `fn` runs no project code on the bot is installed first too.
 */
function installsOn(fn: FunctionNode, isBot: (node: TSESTree.Node) => boolean, accepted: readonly string[], file: FileRef, depth: number, on: InstalledOn = {}): boolean {
  const onBot = (object: TSESTree.Node): boolean => isBot(object) || (on.framework === 'telegraf' && isBot(telegrafChainBase(object)));
  // The bot's calls and hand-overs in `fn`, in source order, for whether a call comes first.
  const uses: TSESTree.Node[] = [];
  if (on.first) {
    walkSameFunction(fn.body, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return;
      const member = skipTypeWrappers(node.callee);
      if ((member.type === AST_NODE_TYPES.MemberExpression && onBot(member.object)) || node.arguments.some(isBot)) uses.push(node);
    });
    uses.sort((a, b) => a.range[0] - b.range[0]);
  }
  const first = (node: TSESTree.Node): boolean =>
    on.first === true && uses.every((use) => use.range[0] >= node.range[0] || (use.type === AST_NODE_TYPES.CallExpression && runsNoProjectCode(use)));
  return someInSameFunction(
    fn.body,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return false;
      const member = skipTypeWrappers(node.callee);
      if (node.type === AST_NODE_TYPES.CallExpression && member.type === AST_NODE_TYPES.MemberExpression && onBot(member.object) && isErrorHandlerCall(node, accepted, file, first(node))) return true;
      if (depth >= MAX_INSTALLER_DEPTH) return false;
      const position = node.arguments.findIndex(isBot);
      if (position === -1) return false;
      const handed = { framework: on.framework, first: first(node) };
      return node.type === AST_NODE_TYPES.CallExpression ? installsErrorHandler(node, position, accepted, file, depth + 1, handed) : constructsInstaller(node, position, accepted, file, depth + 1, handed);
    },
    { enterFunctions: true },
  );
}

/** Telegraf's registration methods, which return the bot itself: `bot.command(…).catch(h)` is `bot.catch(h)`. grammY's return a new Composer. */
const TELEGRAF_CHAINING: ReadonlySet<string> = new Set([...Object.keys(METHODS.telegraf), 'catch']);

/** The receiver a chain of Telegraf registrations starts from: `bot` for `bot.command(…).on(…)`; the node itself otherwise. */
function telegrafChainBase(node: TSESTree.Node): TSESTree.Node {
  let value = skipTypeWrappers(node);
  for (;;) {
    if (value.type !== AST_NODE_TYPES.CallExpression) return value;
    const callee = skipTypeWrappers(value.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !TELEGRAF_CHAINING.has(getPropertyName(callee) ?? '')) return value;
    value = skipTypeWrappers(callee.object);
  }
}

function isIdentifierNamed(node: TSESTree.Node, name: string): boolean {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.Identifier && value.name === name;
}

/**
 * The method calls on the instance a `new` expression creates: `new C().m()`, calls on the `const`
 * it initialises (`const c = new C(); c.m()`), or on the field `this.x` it is assigned to (or
 * initialises) within its class (`this.x = new C(); … this.x.m()`).
 */
function instanceCalls(creation: TSESTree.NewExpression, sourceCode: SourceCode): TSESTree.CallExpression[] {
  const node = outermostWrapper(creation);
  const parent = node.parent;
  let uses: TSESTree.Node[] = [];
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) uses = [node];
  else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier && parent.parent.kind === 'const') {
    uses = sourceCode.getDeclaredVariables(parent)[0]?.references.filter((reference) => !reference.init).map((reference) => reference.identifier) ?? [];
  } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    const path = getMemberPath(parent.left)?.join('.');
    const body = enclosingClassBody(parent);
    if (path?.startsWith('this.') && body) uses = memberUses(body, path, parent.left);
  } else if (parent?.type === AST_NODE_TYPES.PropertyDefinition && parent.value === node && !parent.computed) {
    const name = propertyKey(parent);
    if (name !== null) uses = memberUses(parent.parent, `this.${name}`, null);
  }
  return uses.flatMap((use) => {
    const value = outermostWrapper(use);
    const member = value.parent;
    return member?.type === AST_NODE_TYPES.MemberExpression && member.object === value && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member ? [member.parent] : [];
  });
}

/**
 * Router packages whose middleware, installed on the bot they are constructed with, runs every
 * route inside try/catch and hands the error to a callback, so no handler error reaches the bot.
 * telegraf-router (checked in 1.0.7): `new Router({ bot, routes, errorCb })` installs
 * `bot.use(…)` whose `resolve` wraps `router.resolve` in try/catch and calls `errorCb`.
 */
const CATCHING_ROUTERS: readonly { module: string; exported: string }[] = [{ module: 'telegraf-router', exported: 'Router' }];

/**
 * Whether every handler of a bot runs through a catching router (see `CATCHING_ROUTERS`): the bot
 * is given as `bot` to the router's constructor, and none of its own calls registers a function of
 * its own (a middleware package's `session.middleware()` is not one).
 */
export function routedThroughCatchingRouter(bot: BotInstance, own: readonly TSESTree.CallExpression[], news: readonly TSESTree.NewExpression[], model: FrameworkModel, sourceCode: SourceCode): boolean {
  const bindings = moduleBindings(sourceCode.ast);
  const routed = news.some((creation) => {
    const callee = skipTypeWrappers(creation.callee);
    const path = getMemberPath(callee);
    if (!path) return false;
    const binding = bindings.get(path[0]!);
    const exported = path.length === 1 ? binding?.imported : binding?.imported === '*' || binding?.imported === 'default' ? path[1] : undefined;
    if (path.length > 2 || !binding || !CATCHING_ROUTERS.some((router) => router.module === binding.module && router.exported === exported)) return false;
    const options = creation.arguments[0] && skipTypeWrappers(creation.arguments[0]);
    if (options?.type !== AST_NODE_TYPES.ObjectExpression) return false;
    return options.properties.some((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'bot' && model.resolveBot(property.value)?.instance === bot);
  });
  return routed && !own.some((call) => call.arguments.some((argument) => functionOf(argument, sourceCode) !== null));
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * Whether a method call on a bot installs an error handler: `.catch(h)`, `.errorBoundary(h)`,
 * `.use(errorBoundaryMiddleware)`, or (node-telegram-bot-api) a listener for one of the `accepted` events.
 */
export function isErrorHandlerCall(call: TSESTree.CallExpression, accepted: readonly string[], file: FileRef, installedFirst = false): boolean {
  const callee = skipTypeWrappers(call.callee) as TSESTree.MemberExpression;
  const method = getPropertyName(callee);
  if (method === null) return false;
  const first = call.arguments[0];
  if (method === 'catch' || method === 'errorBoundary') return accepted.includes(method) && first !== undefined;
  if (method === 'use') return accepted.includes('use') && call.arguments.some((argument) => isErrorBoundaryMiddleware(argument, file, installedFirst));
  if (!LISTENER_METHODS.has(method) || first?.type !== AST_NODE_TYPES.Literal) return false;
  return typeof first.value === 'string' && accepted.includes(first.value);
}

/**
 * Whether the file assigns a grammY bot's error handler directly: `bot.errorHandler = console.log`.
 * `errorHandler` is the public property grammY's `bot.catch(h)` assigns, and the one `bot.start()`
 * and @grammyjs/runner call, so the assignment installs the handler as `bot.catch(h)` does. Telegraf
 * keeps its handler in a private field (`handleError`): nothing of the kind is recognised there.
 */
export function assignsGrammyErrorHandler(bot: BotInstance, model: FrameworkModel, sourceCode: SourceCode): boolean {
  if (bot.framework !== 'grammy') return false;
  return fileIndex(sourceCode.ast)
    .of(AST_NODE_TYPES.AssignmentExpression)
    .some(
      (assignment) =>
        assignment.operator === '=' &&
        assignment.left.type === AST_NODE_TYPES.MemberExpression &&
        getPropertyName(assignment.left) === 'errorHandler' &&
        model.resolveBot(assignment.left.object)?.instance === bot,
    );
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
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node) return awaitedInTry(parent) || caughtWhereServed(parent, sourceCode);
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
    return callOf?.type === AST_NODE_TYPES.CallExpression && callOf.callee === value && (awaitedInTry(callOf) || caughtWhereServed(callOf, sourceCode));
  });
}

/**
 * `handle(req).catch((err) => { console.error(err); return new Response(null, { status: 200 }); })`
 * (or `.then(ok, (err) => …)`): the promise of the served call ends in a handler written there, which
 * sees the error — logs it, or reads it (`report(err)`, `next(err)`) — and does not throw it again.
 * That handler is the bot's error boundary, as a `try { return await handle(req) } catch …` around
 * it is. A handler that rethrows (`throw err`, `Promise.reject(err)`), or drops the error unseen
 * (`.catch(() => {})`, `.catch(() => new Response('ok'))`), or one passed by name is not counted.
 */
function caughtWhereServed(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const value = outermostWrapper(call);
  const member = value.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== value) return false;
  const chained = member.parent;
  if (chained.type !== AST_NODE_TYPES.CallExpression || chained.callee !== member) return false;
  const name = getPropertyName(member);
  const handler = name === 'catch' ? chained.arguments[0] : name === 'then' ? chained.arguments[1] : undefined;
  if (handler?.type !== AST_NODE_TYPES.ArrowFunctionExpression && handler?.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const rethrows = someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement || (node.type === AST_NODE_TYPES.CallExpression && isPromiseReject(node)));
  if (rethrows) return false;
  const logs = someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.CallExpression && DEFAULT_LOGGERS.isLoggingCall(node), { enterFunctions: true });
  return logs || readsParameter(handler, sourceCode);
}

/** `Promise.reject(…)`: a handler that returns it rejects as one that throws. */
function isPromiseReject(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'Promise' && getPropertyName(callee) === 'reject';
}

/** Whether a promise handler reads its first parameter (the error) anywhere in its body. */
function readsParameter(handler: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, sourceCode: SourceCode): boolean {
  const first = handler.params[0];
  if (first?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = sourceCode.getDeclaredVariables(handler).find((declared) => declared.name === first.name);
  return !!variable && variable.references.some((reference) => reference.isRead());
}

/** `fastify.setErrorHandler(fn)`, `app.onError(fn)` anywhere in the file. */
function serverErrorHandler(program: TSESTree.Program): boolean {
  return someInSameFunction(
    program,
    (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression || node.arguments.length === 0) return false;
      const name = getPropertyName(node.callee);
      return name === 'setErrorHandler' || name === 'onError';
    },
    { enterFunctions: true },
  );
}

/** Reads of `this.x` (by member path) anywhere in `root` (the file, or a class body), other than `skip` (the assignment). */
function memberUses(root: TSESTree.Node, path: string, skip: TSESTree.Node | null): TSESTree.Node[] {
  const uses: TSESTree.Node[] = [];
  walkSameFunction(
    root,
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
  return value.parent?.type === AST_NODE_TYPES.AwaitExpression && insideTry(value.parent, { rethrowing: true });
}


/** The calls of a file that concern one bot, gathered in one pass over the file's calls. */
export interface BotCalls {
  /** Method calls on the bot, its `const` aliases and variables it is copied into: `bot.start()`. */
  own: TSESTree.CallExpression[];
  /** `run(bot)` of @grammyjs/runner. */
  run: TSESTree.CallExpression[];
  /** grammY's `webhookCallback(bot, …)`. */
  webhook: TSESTree.CallExpression[];
  /** Other calls the bot is passed to, with its argument index: `setup(bot)`. */
  passed: [TSESTree.CallExpression, number][];
  /** Classes constructed with the bot, with its argument index: `new ErrorHandler(bot)`. */
  constructed: [TSESTree.NewExpression, number][];
}

/**
 * The calls (and `new` expressions) of a file grouped by the bot they concern: each call's receiver
 * and arguments are resolved once, so the work grows with the number of calls, not with calls × bots.
 */
export function botCallIndex(calls: readonly TSESTree.CallExpression[], news: readonly TSESTree.NewExpression[], model: FrameworkModel, sourceCode: SourceCode): Map<BotInstance, BotCalls> {
  const index = new Map<BotInstance, BotCalls>();
  const entry = (bot: BotInstance): BotCalls => {
    let found = index.get(bot);
    if (!found) index.set(bot, (found = { own: [], run: [], webhook: [], passed: [], constructed: [] }));
    return found;
  };
  const runnerNames = collectRunnerNames(sourceCode.ast);
  const aliases = new Map<TSESLint.Scope.Variable, BotInstance>();
  for (const bot of model.bots) {
    if (bot.kind !== 'bot' || !bot.variable) continue;
    for (const alias of assignedAliases(bot.variable, sourceCode)) aliases.set(alias, bot);
  }
  for (const call of calls) {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const object = skipTypeWrappers(callee.object);
      const receiver =
        model.resolveBot(object)?.instance ?? (object.type === AST_NODE_TYPES.Identifier && aliases.size > 0 ? aliases.get(resolveVariable(object, sourceCode)!) : undefined) ?? chainedTelegrafBot(object, model);
      if (receiver) entry(receiver).own.push(call);
    }
    call.arguments.forEach((argument, position) => {
      const bot = model.resolveBot(argument)?.instance;
      if (!bot) return;
      const name = position === 0 ? getMemberPath(call.callee)?.join('.') : undefined;
      if (name !== undefined && runnerNames.has(name)) entry(bot).run.push(call);
      else if (position === 0 && model.resolveFrameworkName(call.callee)?.name === 'webhookCallback') entry(bot).webhook.push(call);
      else entry(bot).passed.push([call, position]);
    });
  }
  for (const creation of news) {
    creation.arguments.forEach((argument, position) => {
      const bot = model.resolveBot(argument)?.instance;
      if (bot && bot.creation !== creation) entry(bot).constructed.push([creation, position]);
    });
  }
  return index;
}

/** The Telegraf bot a chain of registrations on it returns (`bot.command(…)` in `bot.command(…).catch(h)`), or undefined. */
function chainedTelegrafBot(object: TSESTree.Node, model: FrameworkModel): BotInstance | undefined {
  if (object.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const bot = model.resolveBot(telegrafChainBase(object))?.instance;
  return bot?.kind === 'bot' && bot.framework === 'telegraf' ? bot : undefined;
}

/** node-telegram-bot-api's methods that register an update listener, by the listener's argument index. */
const NTBA_LISTENERS: Readonly<Record<string, number>> = { on: 1, once: 1, addListener: 1, prependListener: 1, prependOnceListener: 1, onText: 1, onReplyToMessage: 2 };
/** Events whose listeners handle errors, not updates. */
const NTBA_ERROR_EVENTS = new Set(['polling_error', 'webhook_error', 'error']);

/**
 * The first async update listener of a node-telegram-bot-api bot that can reject unhandled, with
 * the call that registers it: an async function (inline, or declared in this file) with an `await`
 * outside a try/catch whose `catch` does not rethrow. NTBA calls listeners through an event emitter
 * and drops what they return, so that rejection is an `unhandledRejection` — since Node 15 it ends
 * the process. Listeners defined elsewhere cannot be seen and are not reported.
 */
export function unguardedAsyncListener(own: readonly TSESTree.CallExpression[], file: FileRef): UnguardedListener | null {
  for (const { call, fn } of updateListeners(own, file)) {
    const rejection = fn.async ? unhandledRejectionAt(fn, file, 0) : null;
    if (rejection) return { call, rejection, droppedChain: droppedThenChain(fn) };
  }
  return null;
}

/**
 * `bot.downloadFile(id, dir).then((path) => …)` as a statement of `fn` (not of a function inside it):
 * a promise chain it drops whose links hold no rejection handler (no `.catch(…)`, no `.then(ok, fail)`).
 * Its rejection (the call's, or a throw in a callback) is unhandled whatever `fn`'s caller does. The
 * first in source order, as its first call (`bot.downloadFile(…)`), or null.
 */
function droppedThenChain(fn: FunctionNode): TSESTree.CallExpression | null {
  let found: TSESTree.CallExpression | null = null;
  walkSameFunction(fn.body, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
    let link: TSESTree.Node = skipTypeWrappers(node.expression);
    let links = 0;
    while (link.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(link.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      if (method !== 'then' && method !== 'finally') break;
      if (link.arguments.length >= 2) return undefined;
      links++;
      link = skipTypeWrappers((callee as TSESTree.MemberExpression).object);
    }
    if (links > 0 && link.type === AST_NODE_TYPES.CallExpression) found = link;
    return undefined;
  });
  return found;
}

/**
 * Where an async listener's promise can reject with nothing to catch it, as the report names it:
 * an `await` (or `for await`) outside a try/catch, a call it returns there (`return bot.sendMessage(…)`:
 * the listener's promise takes on its rejection), or an arrow's expression body, which is its promise.
 */
export interface ListenerRejection {
  readonly kind: 'await' | 'for-await' | 'return' | 'body';
  readonly node: TSESTree.Node;
}

/** An async listener of a node-telegram-bot-api bot that can reject unhandled (see {@link unguardedAsyncListener}). */
export interface UnguardedListener {
  /** The call that registers it (`bot.onText(…)`). */
  readonly call: TSESTree.CallExpression;
  readonly rejection: ListenerRejection;
  /** The first call of a promise chain the listener drops with no rejection handler (see `droppedThenChain`). */
  readonly droppedChain: TSESTree.CallExpression | null;
}

/**
 * The update listeners a node-telegram-bot-api bot's calls register (`on`, `onText`, … but not the
 * error events), each with its function: inline, or declared in this file. Listeners defined
 * elsewhere cannot be seen and are left out.
 */
function updateListeners(own: readonly TSESTree.CallExpression[], file: FileRef): { call: TSESTree.CallExpression; fn: FunctionNode }[] {
  return own.flatMap((call) => {
    const method = getPropertyName(skipTypeWrappers(call.callee) as TSESTree.MemberExpression);
    const position = method === null ? undefined : NTBA_LISTENERS[method];
    if (position === undefined || call.arguments.length <= position) return [];
    const event = call.arguments[0];
    if (event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' && NTBA_ERROR_EVENTS.has(event.value)) return [];
    const fn = functionOf(call.arguments[position]!, file.sourceCode);
    return fn ? [{ call, fn }] : [];
  });
}

/** `process.on('uncaughtException', …)`: the only handler that keeps the process up after a synchronous throw nobody catches. */
const UNCAUGHT_HANDLER = /\bprocess\s*\.\s*(?:on|once|addListener|prependListener)\s*\(\s*['"`]uncaughtException['"`]/;

/**
 * The first synchronous update listener of a node-telegram-bot-api bot served by the library's
 * built-in webhook server whose throw ends the process, with the call that registers it. The server
 * (`TelegramBotWebHook._parseBody`, 0.50–0.67) calls `processUpdate` from the request body's stream
 * callback outside any try, so what a listener throws is an uncaught exception: unlike polling, no
 * `webhook_error` sees it. Only when the bot surely starts that server (`{ webHook: true | {…} }`
 * without `autoOpen: false`, or `openWebHook()`) and does not poll, no file of the bot project feeds
 * `processUpdate` itself (a route of its own server, which gets the throw), no file installs
 * `process.on('uncaughtException', …)`, and the listener can throw: it is neither proven never to
 * fail (see `functionNeverFails`) nor a body of one `try` whose `catch` does not rethrow.
 */
export function uncaughtWebhookListener(bot: BotInstance, own: readonly TSESTree.CallExpression[], file: FileRef): TSESTree.CallExpression | null {
  if (bot.framework !== 'ntba' || bot.polling !== false) return null;
  const serves = isOptionOn(ntbaOption(bot.creation, 'webHook'), 'webHook') || own.some((call) => getPropertyName(skipTypeWrappers(call.callee) as TSESTree.MemberExpression) === 'openWebHook');
  if (!serves) return null;
  const listener = updateListeners(own, file).find(({ fn }) => !fn.async && !fn.generator && canThrow(fn, file));
  if (!listener) return null;
  const { sourceCode, filename } = file;
  const handled = (pattern: RegExp): boolean => pattern.test(sourceCode.text) || projectFilesMatching(filename, pattern).length > 0;
  return handled(PROCESS_UPDATE) || handled(UNCAUGHT_HANDLER) ? null : listener.call;
}

/** Whether a synchronous function can throw: not proven never to fail, and its body is not one `try` whose `catch` does not rethrow. */
function canThrow(fn: FunctionNode, file: FileRef): boolean {
  const only = fn.body.type === AST_NODE_TYPES.BlockStatement && fn.body.body.length === 1 ? fn.body.body[0]! : null;
  if (only?.type === AST_NODE_TYPES.TryStatement && only.handler && !rethrows(only.handler)) return false;
  return !functionNeverFails(fn, file, DEFAULT_LOGGERS);
}

/** A chat call whose promise is dropped in a handler's `catch` (see {@link droppedCatchReplies}), with the helper it is in. */
export interface DroppedReply {
  readonly call: TSESTree.CallExpression;
  /** The function of this file the `catch` calls that makes the call (`sendError(e, ctx)`); null when the `catch` makes it itself. */
  readonly helper: FunctionNode | null;
  /**
   * A node-telegram-bot-api bot's own method (`bot.sendMessage(…)`): its promise is Bluebird's
   * (request-promise / @cypress/request-promise), whose unhandled rejection Bluebird prints
   * (`Unhandled rejection …` on stderr) without ending the process (see {@link returnsBluebird}).
   */
  readonly bluebird: boolean;
}

/**
 * Chat calls in the `catch` of a handler whose promise is dropped (`catch (e) { ctx.reply('failed'); }`,
 * also `void …` and a `.then(…)` chain, see {@link promiseDropped}), in source order, or in a function
 * of this file (or of the handler's class: `this.sendError(e, ctx)`) that such a `catch` calls
 * (`catch (e) { sendError(e, ctx); }` with `function sendError(e, ctx) { ctx.reply('failed'); }`),
 * each once. When the call fails too — the user blocked the bot, the same network error — its
 * rejection is unhandled: the handler has already settled, so no `bot.catch` sees it, and since
 * Node 15 it ends the process, unless the promise is Bluebird's (`bluebird`: node-telegram-bot-api's
 * own methods), which only prints it. Handlers are the functions of this file registered on a proven bot,
 * composer or scene (every framework); a chat call is one of the handler's (or the helper's) own
 * parameter (`ctx.reply`, `ctx.telegram.sendMessage`) or of a bot (`bot.sendMessage`). None when the
 * process handles unhandled rejections.
 */
export function droppedCatchReplies(model: FrameworkModel, file: FileRef): DroppedReply[] {
  const found = catchDroppedChatCalls(model, file).replies;
  if (found.length === 0 || processHandlesRejections(file.sourceCode, file.filename)) return [];
  return found;
}

/**
 * The dropped chat calls of {@link droppedCatchReplies}, whatever the process does with unhandled
 * rejections, and the expressions that drop them (the call, or the `.then(…)`/`.finally(…)` chain on it):
 * their rejection never reaches the handler, so they are no failure of it (see {@link handlersNeverFail}).
 */
function catchDroppedChatCalls(model: FrameworkModel, file: FileRef): { replies: DroppedReply[]; dropping: ReadonlySet<TSESTree.Node> } {
  const known = droppedCatchMemo.get(model);
  if (known) return known;
  const found = new Map<TSESTree.CallExpression, FunctionNode | null>();
  /** The dropped chat calls `fn` makes outside its nested functions, `helper` the function they are counted in. */
  const collect = (fn: FunctionNode, code: TSESTree.Node, helper: FunctionNode | null, followed: Set<FunctionNode> | null): void => {
    walkSameFunction(code, (inner) => {
      if (inner.type !== AST_NODE_TYPES.CallExpression) return;
      if (talksToChat(inner, fn, model) && promiseDropped(inner)) {
        if (!found.has(inner)) found.set(inner, helper);
        return;
      }
      // A helper of this file the `catch` calls: its own dropped chat calls, once per helper.
      const target = followed ? calledFunction(inner, file) : null;
      if (target && !target.external && !followed!.has(target.fn)) {
        followed!.add(target.fn);
        collect(target.fn, target.fn.body, target.fn, null);
      }
    });
  };
  const handlers = new Set(model.registrations.filter((registration) => registration.receiver !== null).flatMap((registration) => registration.handlers.flatMap((handler) => (handler.fn ? [handler.fn] : []))));
  const followed = new Set<FunctionNode>(handlers);
  for (const fn of handlers) {
    for (const statement of triesByFunction(programOf(fn)).get(fn) ?? []) collect(fn, statement.handler!.body, null, followed);
  }
  const replies = [...found].map(([call, helper]) => ({ call, helper, bluebird: returnsBluebird(call, model, file) })).sort((a, b) => a.call.range[0] - b.call.range[0]);
  const dropping = new Set<TSESTree.Node>();
  for (const { call } of replies) addDroppingChain(call, dropping);
  const result = { replies, dropping };
  droppedCatchMemo.set(model, result);
  return result;
}

const triesMemo = new WeakMap<TSESTree.Program, ReadonlyMap<FunctionNode | null, readonly TSESTree.TryStatement[]>>();

/**
 * The `try … catch` statements of a file by the function they are in (outside its nested functions;
 * null for the top level), in source order: read from the file's index once, so asking for the
 * `catch`es of each handler walks no handler body.
 */
function triesByFunction(program: TSESTree.Program): ReadonlyMap<FunctionNode | null, readonly TSESTree.TryStatement[]> {
  let tries = triesMemo.get(program);
  if (!tries) {
    const byFunction = new Map<FunctionNode | null, TSESTree.TryStatement[]>();
    for (const statement of fileIndex(program).of(AST_NODE_TYPES.TryStatement)) {
      if (!statement.handler) continue;
      const fn = enclosingFunction(statement);
      const list = byFunction.get(fn);
      if (list) list.push(statement);
      else byFunction.set(fn, [statement]);
    }
    triesMemo.set(program, (tries = byFunction));
  }
  return tries;
}

/** A chat call of a handler's (or helper's) own parameter (`ctx.reply`, `ctx.telegram.sendMessage`) or of a bot (`bot.telegram.sendDocument`). */
function talksToChat(call: TSESTree.CallExpression, fn: FunctionNode, model: FrameworkModel): boolean {
  const root = chainRoot(call);
  if (root.type !== AST_NODE_TYPES.Identifier || chatRole(call) !== 'ui') return false;
  return fn.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === root.name) || model.resolveBot(root) !== null;
}

/**
 * Whether a chat call returns a Bluebird promise: a method of a node-telegram-bot-api bot itself
 * (`bot.sendMessage(…)`, also the bot as a helper's parameter the model resolves). Every version
 * returns the promise of `request-promise` (0.50) or `@cypress/request-promise` (0.66), both Bluebird,
 * whose unhandled rejection is Bluebird's own: it emits `process` `unhandledRejection` when someone
 * listens and otherwise prints `Unhandled rejection …`, and Node's `--unhandled-rejections=throw`
 * (the default since Node 15) never sees it, so the process goes on (checked on Node 20). Not when
 * a file of the project assigns a promise class (`TelegramBot.Promise = Promise`, the library's
 * documented switch): the promise may then be native.
 */
function returnsBluebird(call: TSESTree.CallExpression, model: FrameworkModel, file: FileRef): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || model.resolveBot(callee.object)?.framework !== 'ntba') return false;
  return !PROMISE_CLASS_SET.test(file.sourceCode.text) && projectFilesMatching(file.filename, PROMISE_CLASS_SET).length === 0;
}

/** `TelegramBot.Promise = …`: a promise class assigned to a member named `Promise`. */
const PROMISE_CLASS_SET = /\.\s*Promise\s*=(?![=>])/;

/** A dropped call and the `.then(…)`/`.finally(…)` links chained on it (see {@link promiseDropped}), into `into`. */
function addDroppingChain(call: TSESTree.CallExpression, into: Set<TSESTree.Node>): void {
  for (let value: TSESTree.Node = call; ; ) {
    into.add(value);
    const member: TSESTree.Node | undefined = outermostWrapper(value).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.parent.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) break;
    value = member.parent;
  }
}

/** A pure memo of {@link catchDroppedChatCalls} per file model: the rule and {@link handlersNeverFail} both ask. */
const droppedCatchMemo = new WeakMap<FrameworkModel, { replies: DroppedReply[]; dropping: ReadonlySet<TSESTree.Node> }>();

/** How deep awaited project functions are followed (`listener` → `handleCommand` → `save`). */
const MAX_CALLEE_DEPTH = 2;

/**
 * Whether an async function has an `await` (or an expression body) that no try/catch in it covers.
 * An awaited call of a known function (this file, or a project file imported by a relative path)
 * that is itself async and covered counts as covered: `await handleCommand(msg)`, whose body is one
 * try/catch, cannot reject. So does `await Promise.all([a(), b()])` of such calls (it rejects only
 * when one of them does) and `await Promise.allSettled(…)`, which never rejects. A returned call
 * (`return bot.sendMessage(…)`) outside a try block is awaited by the function's own promise. A
 * `catch` or `finally` is looked at the same way: an `await` there is covered by a try/catch of its own.
 * The listener's own parameter, never reassigned (`const m = await msg`), is the update: it cannot reject.
 */
function canRejectUnhandled(fn: FunctionNode, file: FileRef, depth: number): boolean {
  return unhandledRejectionAt(fn, file, depth) !== null;
}

/** The first place {@link canRejectUnhandled} finds in `fn`'s own body, in source order, or null. */
function unhandledRejectionAt(fn: FunctionNode, file: FileRef, depth: number): ListenerRejection | null {
  const callCanReject = (node: TSESTree.Node): boolean => {
    if (endsInCatch(node)) return false;
    const argument = skipTypeWrappers(node);
    // `const m = await msg`: the listener's own parameter is the update (or the match), a plain object.
    if (depth === 0 && isUnchangedParameter(argument, fn, file.sourceCode)) return false;
    if (argument.type !== AST_NODE_TYPES.CallExpression || depth >= MAX_CALLEE_DEPTH) return true;
    const combined = promiseCombinator(argument);
    if (combined === 'settled') return false;
    if (combined) return combined.some((element) => element !== null && (element.type === AST_NODE_TYPES.SpreadElement || callCanReject(element)));
    const target = calledFunction(argument, file);
    return !target?.fn.async || canRejectUnhandled(target.fn, target.file, depth + 1);
  };
  const exposure = (node: TSESTree.Node): ListenerRejection['kind'] | null => {
    if (node.type === AST_NODE_TYPES.ForOfStatement) return node.await ? 'for-await' : null;
    // `return send(…)`: the async function's promise takes on the returned one, and its rejection.
    if (node.type === AST_NODE_TYPES.ReturnStatement) return node.argument !== null && skipTypeWrappers(node.argument).type === AST_NODE_TYPES.CallExpression && callCanReject(node.argument) ? 'return' : null;
    return node.type === AST_NODE_TYPES.AwaitExpression && callCanReject(node.argument) ? 'await' : null;
  };
  // `async (msg) => await save(msg)`: an `await` as the expression body is named as one.
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return endsInCatch(fn.body) ? null : { kind: skipTypeWrappers(fn.body).type === AST_NODE_TYPES.AwaitExpression ? 'await' : 'body', node: fn.body };
  let found: ListenerRejection | null = null;
  const exposedIn = (code: TSESTree.Node): boolean =>
    someInSameFunction(code, (node) => {
      if (node.type === AST_NODE_TYPES.TryStatement && node.handler && !rethrows(node.handler)) {
        // The try block is covered; its catch and finally are not, unless a try/catch of their own covers them.
        return (node.finalizer !== null && exposedIn(node.finalizer)) || exposedIn(node.handler.body) || 'skip';
      }
      const kind = exposure(node);
      if (kind) found = { kind, node };
      return kind !== null;
    });
  exposedIn(fn.body);
  return found;
}

/** An identifier naming a parameter of `fn` that is never assigned: what the caller passed, unchanged. */
function isUnchangedParameter(node: TSESTree.Node, fn: FunctionNode, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(node, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  return def?.type === TSESLint.Scope.DefinitionType.Parameter && def.node === fn && variable!.references.every((reference) => !reference.isWrite());
}

/**
 * `Promise.all([a(), b()])`, `Promise.race(…)`, `Promise.any(…)` over an array literal: its elements
 * (it rejects only when one of them does); `'settled'` for `Promise.allSettled(…)`, which never
 * rejects; null for anything else.
 */
function promiseCombinator(call: TSESTree.CallExpression): readonly (TSESTree.Expression | TSESTree.SpreadElement | null)[] | 'settled' | null {
  const name = combinatorName(call);
  if (name === 'allSettled') return 'settled';
  const list = call.arguments[0];
  return (name === 'all' || name === 'race' || name === 'any') && list?.type === AST_NODE_TYPES.ArrayExpression ? list.elements : null;
}

const COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);

/** `all`, `allSettled`, `race` or `any` for a call of that method on `Promise`; null otherwise. */
function combinatorName(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier || callee.object.name !== 'Promise') return null;
  const name = getPropertyName(callee);
  return name !== null && COMBINATORS.has(name) ? name : null;
}

/** `p.catch(…)` / `p.then(a, b)`: a promise whose rejection is handled. */
function endsInCatch(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = getPropertyName(callee);
  return name === 'catch' || (name === 'then' && value.arguments.length >= 2);
}

/**
 * Whether an error thrown at `node` is caught in its own function: `node` sits in the block of a
 * `try` whose `catch` does not rethrow. A TypeError there ends in that catch (logged, answered or
 * swallowed — the last is no-swallowed-error's report), not in a crashed handler.
 */
export function caughtInOwnFunction(node: TSESTree.Node): boolean {
  return insideTry(node, { rethrowing: false });
}

/**
 * Whether an error thrown at `node`, in the function `fn`, is caught around `call`, a call of `fn`:
 * it leaves `fn` as its throw (a sync `fn`: `try { choose(ctx) } catch …`) or as the rejection of
 * its promise, awaited in the `try` (`try { await choose(ctx) } catch …`), and that `try`'s `catch`
 * does not rethrow. Not when `node` is in a callback `fn` does not wait for (see {@link escapesTo}).
 */
export function caughtAroundCall(node: TSESTree.Node, fn: FunctionNode, call: TSESTree.CallExpression): boolean {
  const way = escapesTo(node, fn, false);
  if (way !== 'throws' && way !== 'rejects') return false;
  if (way === 'throws' && !fn.async) return caughtInOwnFunction(call);
  const value = outermostWrapper(call);
  return value.parent?.type === AST_NODE_TYPES.AwaitExpression && caughtInOwnFunction(value.parent);
}

/**
 * Whether an error thrown at `node`, in `fn`, a method run only by a call by a computed name on an
 * instance of its class (`this[action](ctx)`, see `dispatchCalls`), is caught around every such
 * call: the call sits in a `try` (see {@link caughtAroundCall}), or — `fn` throwing synchronously —
 * in a method of a class of the file whose every call by its name does (`dispatch(name, ctx) {
 * this[name](ctx); }` called as `try { handlers.dispatch(data, ctx) } catch …`). A method also
 * called by its name, a class that leaves the file, or one call outside a `try` is not caught.
 */
export function caughtAroundDispatch(node: TSESTree.Node, fn: FunctionNode, sourceCode: SourceCode): boolean {
  const sites = dispatchCalls(fn, sourceCode);
  if (!sites || sites.length === 0) return false;
  const throwsAtOnce = !fn.async && escapesTo(node, fn, false) === 'throws';
  return sites.every((site) => {
    if (caughtAroundCall(node, fn, site)) return true;
    const dispatcher = throwsAtOnce ? enclosingMethod(site) : null;
    const calls = dispatcher ? namedMethodCalls(dispatcher, sourceCode) : null;
    return !!calls && calls.length > 0 && calls.every((call) => caughtAroundCall(site, dispatcher!, call));
  });
}

/** The method (`m(…) { … }` of a class) whose body `node` is in, through the functions written inside it. */
function enclosingMethod(node: TSESTree.Node): FunctionNode | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionExpression && current.parent.type === AST_NODE_TYPES.MethodDefinition) return current;
  }
  return null;
}

/**
 * Whether a node sits in the block of a `try` with a `catch` (one that does not rethrow, unless
 * `rethrowing`), within its own function or one run at once by an array method around it
 * (`try { list.find((a) => a.name === msg.chat.username.toLowerCase()) } catch …`).
 */
function insideTry(node: TSESTree.Node, { rethrowing }: { rethrowing: boolean }): boolean {
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && (!isFunction(current) || runAtOnce(current)); child = current, current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.block === child && current.handler && (rethrowing || !rethrows(current.handler))) return true;
  }
  return false;
}

/** A synchronous callback written as the argument of an array method (`list.find((a) => …)`): its throw is the call's throw. */
function runAtOnce(fn: TSESTree.Node): boolean {
  if (!isFunction(fn) || fn.async || fn.generator) return false;
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && ARRAY_CALLBACK_METHODS.has(getPropertyName(callee) ?? '');
}

function rethrows(handler: TSESTree.CatchClause): boolean {
  return someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement);
}

/** `process.on('unhandledRejection', …)` / `'uncaughtException'` (which gets unhandled rejections since Node 15). */
const PROCESS_HANDLER = /\bprocess\s*\.\s*(?:on|once|addListener|prependListener)\s*\(\s*['"`](?:unhandledRejection|uncaughtException)['"`]/;

/**
 * Whether the process keeps running on an unhandled rejection: this file, or another file of the
 * bot's project (see `projectFilesMatching`), installs a process-level handler for it; or the file
 * runs inside `next start`, whose server installs one that prints the error (see `runsInNextServer`:
 * a bot module the instrumentation hook's `register()` imports); or the file runs only inside a
 * Cloudflare Worker, whose runtime logs an unhandled rejection and ends no process (see
 * `runsOnlyInWorker`: a module only the wrangler `main` reaches, no Node entry).
 */
export function processHandlesRejections(sourceCode: SourceCode, filename: string): boolean {
  return (
    PROCESS_HANDLER.test(sourceCode.text) ||
    projectFilesMatching(filename, PROCESS_HANDLER).length > 0 ||
    runsInNextServer(filename) ||
    runsOnlyInWorker(filename) ||
    initsSentryNode(sourceCode.text) ||
    projectFilesMatching(filename, SENTRY_NODE).some((file) => initsSentryNode(file.sourceCode.text))
  );
}

/** `process.on('unhandledRejection' | 'uncaughtException', handler)` as a call: the handler is its second argument. */
function processHandlerCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length < 2) return false;
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getMemberPath(callee.object)?.join('.') !== 'process') return false;
  const event = staticString(node.arguments[0]);
  return PROCESS_EVENT_METHODS.has(getPropertyName(callee) ?? '') && (event === 'unhandledRejection' || event === 'uncaughtException');
}

const PROCESS_EVENT_METHODS = new Set(['on', 'once', 'addListener', 'prependListener']);

/**
 * Whether the process goes on after an unhandled rejection, and someone sees it: the process handles
 * rejections (see {@link processHandlesRejections}) and no process-level handler of the project (this
 * file or another file of the bot's project) ends the process: each is a function written there whose
 * body neither calls `process.exit(…)` nor throws. A handler passed by a name that cannot be
 * resolved may end it, so it keeps the answer false.
 */
export function processSurvivesRejections(file: FileRef): boolean {
  if (!processHandlesRejections(file.sourceCode, file.filename)) return false;
  const files = [file, ...projectFilesMatching(file.filename, PROCESS_HANDLER).filter((other) => other.filename !== file.filename)];
  return files.every(({ sourceCode }) => {
    if (!PROCESS_HANDLER.test(sourceCode.text)) return true;
    return !someInSameFunction(
      sourceCode.ast,
      (node) => {
        if (!processHandlerCall(node)) return false;
        const handler = functionOf(node.arguments[1]!, sourceCode);
        // Also later, in a callback (`setTimeout(() => process.exit(1), 100)`).
        const ends = (inner: TSESTree.Node): boolean => inner.type === AST_NODE_TYPES.ThrowStatement || (inner.type === AST_NODE_TYPES.CallExpression && getMemberPath(inner.callee)?.join('.') === 'process.exit');
        return handler === null || someInSameFunction(handler.body, ends, { enterFunctions: true });
      },
      { enterFunctions: true },
    );
  });
}

/**
 * A Telegraf `bot.launch(options)` whose options (an object literal, or a `const` holding one) set
 * `webhook` to an object: Telegraf 4's `launch` then serves updates by its own webhook server and
 * never polls (it polls only when `webhook` is undefined). Options that cannot be read, or a
 * `webhook` that may be undefined (`prod ? { … } : undefined`), are not proven.
 */
export function launchesTelegrafWebhook(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const options = objectLiteralOf(call.arguments[0], sourceCode);
  if (!options) return false;
  let webhook = false;
  for (const property of options.properties) {
    // A spread may bring `webhook: undefined`; a `webhook` written after it wins.
    if (property.type === AST_NODE_TYPES.SpreadElement) webhook = false;
    else if (propertyKey(property) === 'webhook') webhook = objectLiteralOf(property.value, sourceCode) !== null;
  }
  return webhook;
}

/**
 * What a handler error does to a Telegraf bot served by the webhook `launch` starts (see
 * {@link launchesTelegrafWebhook}), in Telegraf 4 (4.0 to 4.16, the project's declared major): the
 * default error handler rethrows; `handleUpdate`'s `finally` has already ended the response (200, so
 * Telegram does not deliver the update again); the error leaves `generateWebhook`'s async request
 * callback, whose promise `http.createServer` drops: an unhandled rejection. `'kept'` when the process
 * survives it and reports it (see {@link processSurvivesRejections}): that update fails, nothing
 * stops, as a `bot.catch` that logs would do. `'ends'` otherwise (Node ≥ 15 ends the process). Null
 * for any other launch, or when the project does not declare Telegraf 4 or later: Telegraf 3's
 * webhook answers 500 and Telegram delivers the update again, whatever the process does.
 */
export function telegrafWebhookLaunch(call: TSESTree.CallExpression, file: FileRef): 'kept' | 'ends' | null {
  if (!launchesTelegrafWebhook(call, file.sourceCode)) return null;
  const major = declaredMajor(file.filename, 'telegraf');
  if (major === null || major < 4) return null;
  return processSurvivesRejections(file) ? 'kept' : 'ends';
}

/** A file that loads `@sentry/node` (`import * as Sentry from '@sentry/node'`, `require('@sentry/node')`). */
const SENTRY_NODE = /['"]@sentry\/node['"]/;
const SENTRY_INIT = /\binit\s*\(/;
/** Options that drop or harden the rejection handler: no default integrations, `mode: 'strict'`, `integrations` as a function of the defaults. */
const SENTRY_WITHOUT_WARN = /\bdefaultIntegrations\s*:\s*false\b|\bmode\s*:\s*['"`]strict['"`]|\bintegrations\s*(?::\s*(?:async\s+)?(?:function\b|\(?[\w\s,]*\)?\s*=>)|\()/;

/**
 * `Sentry.init(…)` of `@sentry/node` (5.x and later): its default integrations include
 * OnUnhandledRejection, which installs `process.on('unhandledRejection', …)` in mode `warn` — the
 * rejection is captured and printed, and the process goes on. Not when the file turns the default
 * integrations off, asks for `mode: 'strict'` (rethrown as an uncaught exception), or gives
 * `integrations` as a function (which may leave that one out).
 */
function initsSentryNode(text: string): boolean {
  return SENTRY_NODE.test(text) && SENTRY_INIT.test(text) && !SENTRY_WITHOUT_WARN.test(text);
}

/**
 * Whether a bot leaves the file, so that another module may install its handler:
 * `export const bot`, `export { bot }`, `export default bot | { bot }`, `module.exports = bot | { bot }`,
 * `exports.bot = bot`, `export const other = bot`.
 */
export function isBotExported(bot: BotInstance): boolean {
  let node: TSESTree.Node = bot.creation;
  while (node.parent && node.parent.type !== AST_NODE_TYPES.Program) {
    if (node.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || node.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
    if (isFunction(node.parent)) break;
    node = node.parent;
  }
  if (!bot.variable) return isModuleExports(bot.creation);
  return bot.variable.references.some((reference) => {
    const parent = reference.identifier.parent;
    return (
      parent.type === AST_NODE_TYPES.ExportSpecifier ||
      parent.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
      isModuleExports(reference.identifier) ||
      exportedUnderOtherName(reference.identifier) ||
      exportedInDefaultObject(reference.identifier)
    );
  });
}

/** `export default { bot }`: the ES module form of `module.exports = { bot }`; an importer reads `botModule.bot`. */
function exportedInDefaultObject(identifier: TSESTree.Node): boolean {
  const property = identifier.parent;
  return property?.type === AST_NODE_TYPES.Property && property.value === identifier && property.parent.type === AST_NODE_TYPES.ObjectExpression && property.parent.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
}

/**
 * A bot call that runs none of the project's own code: `bot.use(session({ initial }))`,
 * `bot.use(conversations())`, a package's middleware made without handing it a function or name.
 */
function runsNoProjectCode(call: TSESTree.CallExpression): boolean {
  const member = skipTypeWrappers(call.callee);
  if (member.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(member) !== 'use') return false;
  return call.arguments.every(isPackageMiddleware);
}

/** A `use` argument that runs none of the project's code: a package's middleware made without handing it a function or name (`session({ defaultSession: {} })`). */
function isPackageMiddleware(argument: TSESTree.Node): boolean {
  const made = skipTypeWrappers(argument);
  return made.type === AST_NODE_TYPES.CallExpression && made.arguments.every((inner) => inner.type !== AST_NODE_TYPES.Identifier && !isFunction(inner));
}

/** `export const botInstance = bot;`: the bot exported under another name. */
function exportedUnderOtherName(identifier: TSESTree.Node): boolean {
  const declarator = identifier.parent;
  return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === identifier && declarator.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
}

/** `module.exports = x`, `module.exports = { x }`, `exports.x = x`, `module.exports.x = x`. */
function isModuleExports(node: TSESTree.Node): boolean {
  let current = node;
  if (current.parent?.type === AST_NODE_TYPES.Property && current.parent.value === current) current = current.parent.parent;
  const parent = current.parent;
  if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== current) return false;
  const path = getMemberPath(parent.left);
  return path !== null && (path[0] === 'exports' || (path[0] === 'module' && path[1] === 'exports'));
}

/** One bot of a file and what the file does about its errors: the questions `require-bot-error-handler` asks. */
export interface BotErrorHandling {
  bot: BotInstance;
  /** The file's calls that concern the bot. */
  calls: BotCalls;
  /** The bot leaves the file (see {@link isBotExported}): another module may install its handler. */
  exported: boolean;
  /**
   * Whether a handler among the `accepted` methods or events is installed: by a call on the bot, or
   * by a function the bot is passed to (a configured installer name, or see {@link installsErrorHandler}).
   */
  handles(accepted: readonly string[]): boolean;
  /** A Telegraf `launch` call that serves a webhook: what a handler error does there (see {@link telegrafWebhookLaunch}). */
  webhookLaunch(call: TSESTree.CallExpression): 'kept' | 'ends' | null;
  /** grammY `webhookCallback(bot, …)` calls whose errors no server-side handler catches. */
  unhandledWebhooks(): TSESTree.CallExpression[];
  /** Telegraf: every handler runs through a router that catches (see {@link routedThroughCatchingRouter}), but for a first middleware that drops `next()`. */
  routedThroughCatchingRouter(): boolean;
  /** node-telegram-bot-api: an async listener that can reject while no process-level handler keeps the process up. */
  unguardedListener(): UnguardedListener | null;
  /** node-telegram-bot-api: a synchronous listener that can throw on a bot served by the built-in webhook (see {@link uncaughtWebhookListener}). */
  uncaughtWebhookListener(): TSESTree.CallExpression | null;
  /** node-telegram-bot-api: the constructor option (`polling`, `webHook`) that surely starts the bot, or null. */
  startingOption(name: 'polling' | 'webHook'): TSESTree.Property | null;
  /**
   * grammY / Telegraf: every handler registered on the bot is proven never to fail (see {@link handlersNeverFail}).
   * `returned`: a factory's bot, whose `return bot` hands it to a caller that registers nothing itself.
   */
  handlersNeverFail(returned?: boolean): boolean;
  /** grammY / Telegraf: the bot gets no handler at all, here or in the functions it is handed to (see {@link registersNoHandler}). */
  registersNoHandler(): boolean;
  /**
   * grammY / Telegraf: middleware installed by `bot.use(…)` that drops the promise of `next()` (see
   * {@link droppingMiddleware}); none when the process handles unhandled rejections, and not one
   * whose bot's every other handler is proven never to fail (see {@link unprovenHandlers}) or runs
   * through a catching router (see {@link routedThroughCatchingRouter}): its dropped `next()` then
   * drops no error.
   */
  droppingMiddleware(): DroppingMiddleware[];
}

/** A middleware on a bot that calls `next()` without awaiting or returning it. */
export interface DroppingMiddleware {
  /** The `bot.use(…)` call, and its argument that is the middleware. */
  use: TSESTree.CallExpression;
  argument: TSESTree.Node;
  /** The middleware and the file it is written in. */
  fn: FunctionNode;
  file: FileRef;
  /** Its first `next()` call whose promise it drops. */
  next: TSESTree.CallExpression;
  /** The call whose callback makes that `next()` call, when the middleware drops the call rather than `next()` itself (see {@link nextCalls}). */
  callback: TSESTree.CallExpression | null;
  /** `next` is the middleware's parameter of that name; `handed` when `next` is a call it hands `next` to (`responseTime(ctx, next);`). */
  handed: boolean;
  /**
   * It runs before any of the project's own code on the bot (only package middleware, `session()`,
   * before it) and drops every `next()` it makes: no error of a later handler can reach the bot's
   * error handler.
   */
  first: boolean;
}

/**
 * The middleware of a grammY or Telegraf bot (`use` calls among `own`, resolved by
 * {@link middlewareFunction}) that drop the promise of `next()` (see {@link nextCalls}).
 */
export function droppingMiddleware(calls: BotCalls, file: FileRef): DroppingMiddleware[] {
  const found: DroppingMiddleware[] = [];
  calls.own.forEach((use, index) => {
    if (getPropertyName(skipTypeWrappers(use.callee) as TSESTree.MemberExpression) !== 'use') return;
    const before = calls.own.slice(0, index).every(runsNoProjectCode) && [...calls.passed, ...calls.constructed].every(([call]) => call.range[0] > use.range[0]);
    // Package middleware only before it in the same call (`bot.use(session(), mw)`), or in the array it spreads (`bot.use(...middlewares)`).
    let packagesOnly = before;
    for (const argument of use.arguments) {
      const array = argument.type === AST_NODE_TYPES.SpreadElement ? pipelineArray(argument.argument, file) : null;
      const installed = array ? array.elements.map((element) => ({ element, file: array.file })) : [{ element: argument, file }];
      for (const { element, file: where } of installed) {
        const middleware = element && element.type !== AST_NODE_TYPES.SpreadElement ? middlewareFunction(element, where) : null;
        const next = middleware ? nextCalls(middleware.fn) : null;
        if (middleware && next?.dropped.length) {
          const first = next.dropped[0]!;
          found.push({ use, argument, ...middleware, next: first, callback: next.callbacks.get(first) ?? null, handed: next.handed.has(first), first: packagesOnly && next.kept === 0 });
        }
        packagesOnly &&= element !== null && isPackageMiddleware(element);
      }
    }
  });
  return found;
}

/** Whether the bot is handed to `call` before the file runs any project code on it: its earlier calls only install package middleware, and it is handed to nothing earlier. */
function handedFirst(taking: BotCalls, call: TSESTree.Node): boolean {
  const before = (node: TSESTree.Node): boolean => node.range[0] < call.range[0];
  return taking.own.filter(before).every(runsNoProjectCode) && ![...taking.passed, ...taking.constructed].some(([other]) => before(other));
}

/**
 * Every bot (not composer) of a file with its error handling. `calls` and `news` are the file's
 * call and `new` expressions, gathered by the caller's traversal; `installers` are names of
 * functions said to install a handler on the bot they are given (`setupBot(bot)`).
 */
export function botErrorHandling(
  model: FrameworkModel,
  calls: readonly TSESTree.CallExpression[],
  news: readonly TSESTree.NewExpression[],
  installers: ReadonlySet<string>,
  file: FileRef,
): BotErrorHandling[] {
  const { sourceCode } = file;
  const index = botCallIndex(calls, news, model, sourceCode);
  const isInstaller = (call: TSESTree.CallExpression): boolean => {
    const path = getMemberPath(call.callee);
    return path !== null && (installers.has(path[path.length - 1]!) || installers.has(path.join('.')));
  };
  return model.bots
    .filter((bot) => bot.kind === 'bot')
    .map((bot) => {
      const taking = index.get(bot) ?? { own: [], run: [], webhook: [], passed: [], constructed: [] };
      // A first middleware that drops `next()` (see `DroppingMiddleware.first`), installed by a `use` of its own, while a catching
      // router takes everything else: the router's handlers reject nothing for the dropped `next()` to drop, and no later error
      // reaches the default handler either way.
      const routedBeside = (middleware: DroppingMiddleware): boolean =>
        middleware.first &&
        middleware.use.arguments.every((argument) => argument === middleware.argument || isPackageMiddleware(argument)) &&
        routedThroughCatchingRouter(bot, taking.own.filter((call) => call !== middleware.use), news, model, sourceCode);
      return {
        bot,
        calls: taking,
        exported: isBotExported(bot),
        handles: (accepted) =>
          taking.own.some((call, index) => isErrorHandlerCall(call, accepted, file, taking.own.slice(0, index).every(runsNoProjectCode))) ||
          (accepted.includes('catch') && assignsGrammyErrorHandler(bot, model, sourceCode)) ||
          taking.passed.some(([call, position]) => isInstaller(call) || installsErrorHandler(call, position, accepted, file, 0, { framework: bot.framework, first: handedFirst(taking, call) })) ||
          taking.constructed.some(([creation, position]) => constructsInstaller(creation, position, accepted, file, 0, { framework: bot.framework, first: handedFirst(taking, creation) })),
        webhookLaunch: (call) => (bot.framework === 'telegraf' ? telegrafWebhookLaunch(call, file) : null),
        unhandledWebhooks: () => taking.webhook.filter((call) => !webhookErrorsHandled(call, sourceCode)),
        routedThroughCatchingRouter: () => routedThroughCatchingRouter(bot, taking.own, news, model, sourceCode) || droppingMiddleware(taking, file).some(routedBeside),
        unguardedListener: () => {
          const listener = unguardedAsyncListener(taking.own, file);
          return listener && !processHandlesRejections(sourceCode, file.filename) ? listener : null;
        },
        uncaughtWebhookListener: () => uncaughtWebhookListener(bot, taking.own, file),
        startingOption: (name) => {
          const option = ntbaOption(bot.creation, name);
          return isOptionOn(option, name) && (name !== 'polling' || bot.polling === true) ? option! : null;
        },
        handlersNeverFail: (returned = false) => handlersNeverFail(bot, model, file, returned),
        registersNoHandler: () => registersNoHandler(bot, file),
        droppingMiddleware: () => {
          if (bot.framework === 'ntba' || processHandlesRejections(sourceCode, file.filename)) return [];
          const dropping = droppingMiddleware(taking, file).filter((middleware) => !routedBeside(middleware));
          if (dropping.length === 0) return dropping;
          // Behind a middleware whose every other handler cannot fail, a dropped `next()` drops no error.
          const proof = unprovenHandlers(bot, model, file);
          return proof === null ? dropping : dropping.filter((middleware) => proof.unproven.some((fn) => fn !== middleware.fn));
        },
      };
    });
}


/**
 * Members of a grammY or Telegraf bot that neither register a handler nor hand the bot to code
 * that could: starting and stopping it, its error handler, the Bot API client (`bot.telegram`,
 * `bot.api`), its identity.
 */
export const NO_HANDLER_MEMBERS: ReadonlySet<string> = new Set(['launch', 'start', 'stop', 'catch', 'errorBoundary', 'init', 'telegram', 'api', 'botInfo', 'token', 'options', 'isRunning', 'isInited']);

/** How deep functions handed the bot are followed when proving it gets no handler (`notifyAll(bot)` → `send(b, text)`). */
const MAX_NO_HANDLER_DEPTH = 3;

/**
 * A grammY or Telegraf bot that gets no handler at all: every use of its variable is one of
 * {@link NO_HANDLER_MEMBERS} (`bot.telegram.sendMessage(…)`, `bot.launch()`), or hands the bot to a
 * function the summaries resolve (this file, or a project file it imports: `notifyAll(bot, text)`)
 * whose parameter is used the same way, up to {@link MAX_NO_HANDLER_DEPTH} calls deep. So no handler
 * can throw. A bot passed to a function that cannot be resolved, copied, or kept in a member
 * (`this.bot`) may get handlers elsewhere.
 */
export function registersNoHandler(bot: BotInstance, file: FileRef): boolean {
  if (bot.framework === 'ntba' || !bot.variable) return false;
  return usedWithoutHandlers(bot.variable, bot.framework, file, 0);
}

function usedWithoutHandlers(variable: TSESLint.Scope.Variable, framework: BotInstance['framework'], file: FileRef, depth: number): boolean {
  return referencedWithoutHandlers(variable.references, framework, file, depth);
}

function referencedWithoutHandlers(references: readonly TSESLint.Scope.Reference[], framework: BotInstance['framework'], file: FileRef, depth: number): boolean {
  return references.every((reference) => {
    if (reference.init) return true;
    const identifier = reference.identifier;
    const parent = identifier.parent;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== identifier) return handedToNoHandler(parent, identifier, framework, file, depth);
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === identifier) return keptWithoutHandlers(parent, framework, file, depth);
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier) return false;
    const member = getPropertyName(parent) ?? '';
    // Telegraf's `bot.start(handler)` registers the `/start` handler; `bot.catch = …` is no call.
    if (framework === 'telegraf' && member === 'start') return false;
    return NO_HANDLER_MEMBERS.has(member) && !(parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent);
  });
}

/**
 * `botInstance = bot`: the bot kept in a variable of the file (a job's `let botInstance = null`, not
 * exported), whose every other use registers no handler either: a write, a truthiness test
 * (`if (botInstance)`, `botInstance ? … : null`, `botInstance && …`) or a use {@link usedWithoutHandlers}
 * accepts (`botInstance.telegram.sendMessage(…)`). An exported variable, or one written into a member
 * (`this.bot = bot`, `exports.bot = bot`), may get handlers elsewhere.
 */
function keptWithoutHandlers(assignment: TSESTree.AssignmentExpression, framework: BotInstance['framework'], file: FileRef, depth: number): boolean {
  if (depth >= MAX_NO_HANDLER_DEPTH || assignment.operator !== '=' || assignment.left.type !== AST_NODE_TYPES.Identifier) return false;
  const kept = resolveVariable(assignment.left, file.sourceCode);
  if (!kept || kept.defs.length !== 1) return false;
  const [def] = kept.defs;
  if (def!.type !== TSESLint.Scope.DefinitionType.Variable || def!.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  const tested = (identifier: TSESTree.Node): boolean => {
    const parent = identifier.parent!;
    return (
      ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test === identifier) ||
      (parent.type === AST_NODE_TYPES.LogicalExpression && parent.left === identifier) ||
      (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!')
    );
  };
  const others = kept.references.filter((reference) => !reference.isWrite() && !tested(reference.identifier));
  return referencedWithoutHandlers(others, framework, file, depth + 1);
}

/**
 * `notifyAll(bot, text)`: a function the summaries resolve, whose parameter for the bot registers no
 * handler either. grammY's own ways of serving a bot (`webhookCallback(bot, …)`, @grammyjs/runner's
 * `run(bot)`) only feed it updates: they register nothing on it.
 */
function handedToNoHandler(call: TSESTree.CallExpression, argument: TSESTree.Node, framework: BotInstance['framework'], file: FileRef, depth: number): boolean {
  const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
  if (framework === 'grammy' && index === 0 && servesGrammyBot(call, file)) return true;
  if (depth >= MAX_NO_HANDLER_DEPTH) return false;
  const called = calledFunction(call, file);
  const param = called?.fn.params[index];
  if (!called || param?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = called.file.sourceCode.getDeclaredVariables(called.fn).find((declared) => declared.name === param.name);
  return variable !== undefined && usedWithoutHandlers(variable, framework, called.file, depth + 1);
}

/** `webhookCallback(bot, …)` imported from grammY, or `run(bot)` from @grammyjs/runner, in `file`. */
function servesGrammyBot(call: TSESTree.CallExpression, file: FileRef): boolean {
  const name = getMemberPath(skipTypeWrappers(call.callee))?.join('.');
  if (name === undefined) return false;
  const program = file.sourceCode.ast;
  return exportCallees(program, (module) => frameworkOfModule(module) === 'grammy', 'webhookCallback').has(name) || collectRunnerNames(program).has(name);
}

/** grammY filter queries that only payment updates match: the pre-checkout query and the successful payment. */
const PAYMENT_QUERIES = new Set(['pre_checkout_query', 'message:successful_payment', 'msg:successful_payment', ':successful_payment']);

/**
 * A grammY bot served by webhook whose handlers, all in this file, only take payments: `bot.on(…)`
 * with {@link PAYMENT_QUERIES} (at least one) and at most the `/start` command. There a handler error
 * is a 500 that makes Telegram deliver the update again, which is what a failed payment record needs;
 * an error boundary would answer 200 and lose the payment. Any other handler, or the bot used in any
 * other way (passed to a function, copied), keeps the bot ordinary.
 */
export function servesPaymentsOnly(handling: BotErrorHandling): boolean {
  const { bot, calls } = handling;
  if (bot.framework !== 'grammy' || !bot.variable || calls.webhook.length === 0) return false;
  let payments = 0;
  const only = bot.variable.references.every((reference) => {
    if (reference.init) return true;
    const parent = reference.identifier.parent;
    if (parent.type === AST_NODE_TYPES.CallExpression && calls.webhook.includes(parent)) return true;
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference.identifier) return false;
    const member = getPropertyName(parent) ?? '';
    if (NO_HANDLER_MEMBERS.has(member)) return !(parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent);
    const call = parent.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
    const [filter] = call.arguments;
    if (member === 'command') return staticString(filter) === 'start';
    const queries = filter?.type === AST_NODE_TYPES.ArrayExpression ? filter.elements : [filter];
    if (member !== 'on' || !queries.every((query) => PAYMENT_QUERIES.has(staticString(query as TSESTree.Node | undefined) ?? ''))) return false;
    payments++;
    return true;
  });
  return only && payments > 0;
}

/**
 * A grammY or Telegraf bot whose every handler is proven never to fail (see {@link unprovenHandlers}),
 * so no error ever reaches the framework's default handler.
 */
export function handlersNeverFail(bot: BotInstance, model: FrameworkModel, file: FileRef, returned = false): boolean {
  const proof = unprovenHandlers(bot, model, file, returned);
  return proof !== null && proof.unproven.length === 0 && proof.handlers > 0;
}

/**
 * The handlers of a grammY or Telegraf bot not proven never to fail into the framework, and how
 * many handlers it has; null when some handler cannot be looked at. A handler is proven when its
 * body is a `try` whose `catch` only logs, or does no failing work (see `functionNeverFails`), or
 * when it is a synchronous handler that cannot throw (see {@link cannotThrowIntoFramework}). A chat
 * call dropped in a `catch`, or in a helper of the file the `catch` calls (`sendError(e, ctx)` whose
 * `ctx.reply(…)` nothing awaits), is no failure of the handler: its rejection never reaches the
 * framework (an error handler would change nothing), and `droppedCatchReply` reports it where it is.
 * Every use of the bot's variable must be a member of {@link NO_HANDLER_MEMBERS} or a registration
 * the model resolved, each handler of it a function of this file; a handler that is not
 * (`bot.use(session())`, an imported function, a scene's middleware), the bot passed to a function,
 * copied or kept in a member leaves it unknown (null). With `returned`, a `return bot` (a factory's, whose
 * caller the asker has seen register nothing) leaves it known.
 */
function unprovenHandlers(bot: BotInstance, model: FrameworkModel, file: FileRef, returned = false): { unproven: FunctionNode[]; handlers: number } | null {
  const uses = bot.framework === 'ntba' ? null : botUses(bot, file);
  if (!uses) return null;
  const registrations = new Map(model.registrations.filter((registration) => registration.receiver?.instance === bot).map((registration) => [registration.call, registration]));
  const { dropping } = catchDroppedChatCalls(model, file);
  const unproven: FunctionNode[] = [];
  let handlers = 0;
  const known = uses.every((use) => {
    const parent = use.parent!;
    if (returned && parent.type === AST_NODE_TYPES.ReturnStatement) return true;
    const registration = parent.type === AST_NODE_TYPES.MemberExpression && parent.object === use && parent.parent.type === AST_NODE_TYPES.CallExpression ? registrations.get(parent.parent) : undefined;
    if (registration) {
      handlers += registration.handlers.length;
      return registration.handlers.every((handler) => {
        if (handler.fn === null) {
          // A handler a project file exports (`bot.start(handleStart)`): proven when it never fails there.
          const imported = handler.node.type === AST_NODE_TYPES.Identifier ? referencedFunction(handler.node, file) : null;
          if (!imported?.external) return false;
          if (!functionNeverFails(imported.fn, imported.file, DEFAULT_LOGGERS)) unproven.push(imported.fn);
          return true;
        }
        if (!functionNeverFails(handler.fn, file, DEFAULT_LOGGERS, dropping) && !cannotThrowIntoFramework(handler.fn, model, file, dropping)) unproven.push(handler.fn);
        return true;
      });
    }
    // The bot handed to a function that registers no handler on it (`startListener(bot)` that keeps it to send messages).
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee !== use) return handedToNoHandler(parent, use, bot.framework, file, 0);
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== use) return false;
    const member = getPropertyName(parent) ?? '';
    if (bot.framework === 'telegraf' && member === 'start') return false;
    return NO_HANDLER_MEMBERS.has(member) && !(parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent);
  });
  return known ? { unproven, handlers } : null;
}

/**
 * The expressions of its file that stand for a grammY or Telegraf bot, but for the binding it is
 * created into: the references of its variable, or the `this.bot` reads of the class whose field
 * holds it (set by `this.bot = new Bot(…)` or the field's initial value). TypeScript lets no code
 * outside the class (nor a subclass) read a `private` field, so these are all its uses. A field that
 * is not `private` (a public one, or a JavaScript class's `this.bot`) counts when no other code of
 * the bot's project names it (see {@link fieldReadOnlyByItsClass}). Null when they cannot all be
 * seen: `this` destructured, a read under a `function` that rebinds `this`, a public field named
 * elsewhere.
 */
function botUses(bot: BotInstance, file: FileRef): TSESTree.Node[] | null {
  if (bot.variable) return bot.variable.references.filter((reference) => reference.init !== true).map((reference) => reference.identifier);
  const field = /^this\.([\w$]+)$/.exec(bot.memberPath ?? '')?.[1];
  const body = field === undefined ? null : enclosingClassBody(bot.creation);
  if (!body) return null;
  const declared = body.body.find((element) => (element.type === AST_NODE_TYPES.PropertyDefinition || element.type === AST_NODE_TYPES.MethodDefinition) && !element.computed && propertyKey(element) === field);
  const isPrivate = declared?.type === AST_NODE_TYPES.PropertyDefinition && !declared.static && declared.accessibility === 'private';
  // A method or accessor of that name, or a static field, is not the instance's field.
  if (declared !== undefined && (declared.type !== AST_NODE_TYPES.PropertyDefinition || declared.static)) return null;
  if (!isPrivate && !fieldReadOnlyByItsClass(body, field!, declared ?? null, file)) return null;
  const members = thisMembers(body);
  if (members.destructuresThis) return null;
  const uses: TSESTree.Node[] = [];
  for (const { node } of members.byKey.get(field!) ?? []) {
    if (thisClassBody(node) !== body) return null;
    const parent = outermostWrapper(node).parent;
    // `this.bot = new Bot(…)`: the creation's own binding.
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === outermostWrapper(node) && skipTypeWrappers(parent.right) === bot.creation) continue;
    uses.push(node);
  }
  return uses;
}

/**
 * Whether no code but the class's own `this.<field>` reads can name the field `field` of the class
 * whose body is `body`: in its file, every `.field` is `this.field` inside the class body, and no
 * other file of the bot's project writes `.field`, `['field']` or a destructuring key `{ field }`
 * (also a subclass's `this.field`, or an object literal's key: a textual test, so a name in a
 * comment or another class's member of that name counts too). Without a bot project (the folder of
 * the nearest `package.json` that depends on a bot framework) the other files cannot be seen: false.
 * A package reading the field (handed the instance) is not seen.
 */
function fieldReadOnlyByItsClass(body: TSESTree.ClassBody, field: string, declared: TSESTree.Node | null, file: FileRef): boolean {
  if (botProjectRoot(file.filename) === null) return false;
  const name = field.replace(/\$/g, '\\$');
  const keyed = `\\[\\s*['"\`]${name}['"\`]\\s*\\]|[{,]\\s*${name}\\s*[,:}=]`;
  const named = new RegExp(`\\.\\s*${name}(?![\\w$])|${keyed}`);
  const text = file.sourceCode.text;
  const [start, end] = body.range;
  if (named.test(text.slice(0, start)) || named.test(text.slice(end))) return false;
  // Inside the class: every `.bot` is `this.bot`, and no key names it but the field's own declaration.
  const inside = declared ? text.slice(start, declared.range[0]) + text.slice(declared.range[1], end) : text.slice(start, end);
  const reads = inside.match(new RegExp(`\\.\\s*${name}(?![\\w$])`, 'g'))?.length ?? 0;
  const thisReads = inside.match(new RegExp(`(?<![\\w$.])this\\s*\\.\\s*${name}(?![\\w$])`, 'g'))?.length ?? 0;
  if (reads !== thisReads || new RegExp(keyed).test(inside)) return false;
  return projectFilesMatching(file.filename, named).every((other) => other.filename === file.filename);
}

/**
 * Whether a synchronous grammY or Telegraf handler cannot throw or reject into the framework, so
 * that `bot.catch` would change nothing for it. Its body is a block (an arrow's expression body
 * `(ctx) => ctx.reply(x)` returns the promise, whose rejection reaches the default handler), it is
 * not async, and it never fails (see `functionNeverFails`: loggers, literals, templates, a `try` whose
 * `catch` cannot fail…) apart from the promises it drops: a chat call of its context or of a bot
 * that is a statement of its own (`ctx.reply('hi');`, `bot.telegram.sendDocument(…);`) and a
 * dropped `next()`. Their rejection never reaches the framework: it is an unhandled rejection, a
 * defect of its own (`droppedCatchReply` reports the one in a `catch`). Every read through a value
 * cannot throw either (see {@link readsCannotThrow}): the registration guarantees it
 * (`ctx.message.text` in a command handler), or the value is never nullish. A string method on a
 * text the registration guarantees (`ctx.message.text.substring(6)`) cannot fail, nor can a call of
 * Telegraf's `Markup` that only builds a keyboard of button calls (see `telegrafMarkupCannotThrow`),
 * nor a grammY `new InlineKeyboard()` chained with button methods (see `grammyKeyboardCannotThrow`).
 */
function cannotThrowIntoFramework(fn: FunctionNode, model: FrameworkModel, file: FileRef, dropping: ReadonlySet<TSESTree.Node>): boolean {
  if (fn.async || fn.generator || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const reads = optionalReads(model, file.sourceCode, { checkUnregisteredHandlers: true });
  const neverNullish = (value: TSESTree.Node, at: TSESTree.Node): boolean => isNeverNullish(value, at, model, file, reads);
  const harmless = new Set<TSESTree.Node>(dropping);
  const nexts = nextCalls(fn);
  // `next()` never throws: Telegraf's and grammY's compose return a rejected promise instead; a call `next` is handed to can.
  for (const next of nexts.dropped) if (!nexts.handed.has(next)) addDroppingChain(next, harmless);
  walkSameFunction(fn.body, (node) => {
    // `new InlineKeyboard().text('A', 'a').row()`: grammY builds a value and cannot throw (its arguments are still walked).
    if ((node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression) && grammyKeyboardCannotThrow(node, file.sourceCode)) harmless.add(node);
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    if (((talksToChat(node, fn, model) && !mayLackChat(node, fn, model)) || answersGuaranteedQuery(node, fn, model)) && promiseDropped(node)) addDroppingChain(node, harmless);
    // `commands.run(ctx);` of an async function the summaries resolve: its body's throw rejects the promise it drops (its arguments are still walked).
    if (promiseDropped(node) && droppedAsyncCall(node, file)) addDroppingChain(node, harmless);
    // `Markup.keyboard([Markup.button.webApp('Open', url)])`: Telegraf builds a value and cannot throw (its arguments are still walked).
    if (telegrafMarkupCannotThrow(node, file.sourceCode)) harmless.add(node);
    const callee = skipTypeWrappers(node.callee);
    // `msg.text.substring(6)`: a string method on a text the registration guarantees.
    if (callee.type === AST_NODE_TYPES.MemberExpression && STRING_METHODS.has(getPropertyName(callee) ?? '') && isGuaranteedText(callee.object, model) && neverNullish(callee.object, callee)) harmless.add(node);
  });
  return readsCannotThrow(fn.body, neverNullish) && functionNeverFails(fn, file, DEFAULT_LOGGERS, harmless);
}

/**
 * `ctx.answerInlineQuery(results)` in an `inline_query` handler: a query answer shortcut of the
 * handler's own context (see `answeredQuery`) whose query every registration of the handler
 * guarantees, so the shortcut's assert holds and the call only returns the request's promise. In a
 * handler of another update (or one the model cannot place) the assert throws synchronously.
 */
function answersGuaranteedQuery(call: TSESTree.CallExpression, fn: FunctionNode, model: FrameworkModel): boolean {
  const callee = skipTypeWrappers(call.callee);
  const query = callee.type === AST_NODE_TYPES.MemberExpression ? answeredQuery(getPropertyName(callee) ?? '') : null;
  if (query === null || callee.type !== AST_NODE_TYPES.MemberExpression || model.resolveContextPath(callee.object)?.path.length !== 0) return false;
  const entries = model.getHandler(fn)?.entries ?? [];
  return entries.length > 0 && entries.every((entry) => entry.kind === 'registration' && entry.guarantees?.has(query) === true);
}

/**
 * `ctx.reply(…)` in a handler whose update may have no chat (`bot.on('inline_query', …)`, a `bot.use`
 * middleware that inline queries reach): a send shortcut of the handler's own context that asserts a
 * chat (see `sendAssertsChat`: Telegraf's `this.assert(this.chat, …)`, grammY's `orThrow(this.chatId,
 * …)`) throws synchronously without one, into the framework, unless `ctx.chat` is proven there as
 * `no-unchecked-update-field` proves it (see `isSafe`: a command, a message filter, a callback query
 * without inline mode, a guard).
 */
function mayLackChat(call: TSESTree.CallExpression, fn: FunctionNode, model: FrameworkModel): boolean {
  const callee = skipTypeWrappers(call.callee);
  const handler = model.getHandler(fn);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || handler === null || !sendAssertsChat(handler.framework, getPropertyName(callee) ?? '')) return false;
  return model.resolveContextPath(callee.object)?.path.length === 0 && !isSafe(model, { path: ['chat'], mode: 'exists' }, call, handler);
}

/**
 * Whether `call` runs an async function the summaries resolve (a function of this file, an async
 * method of a `const` instance or object literal, an imported function: see `calledFunction`): it
 * throws nothing at its caller, since even a throw in its parameter list rejects the promise it
 * returns instead.
 */
function droppedAsyncCall(call: TSESTree.CallExpression, file: FileRef): boolean {
  const called = calledFunction(call, file);
  return called !== null && called.fn.async && !called.fn.generator;
}

/**
 * Whether no read in `code` (outside the blocks of `try` statements with a `catch`, whose errors the
 * `catch` takes) can throw a TypeError: every member read (`a.b`, not `a?.b`), destructuring and
 * `in` goes through a value `neverNullish` proves present, and no array or call spreads a value.
 */
function readsCannotThrow(code: TSESTree.Node, neverNullish: (value: TSESTree.Node, at: TSESTree.Node) => boolean): boolean {
  let safe = true;
  const visit = (node: TSESTree.Node): boolean | undefined => {
    if (!safe) return false;
    switch (node.type) {
      case AST_NODE_TYPES.TryStatement:
        if (!node.handler) return undefined;
        walkSameFunction(node.handler.body, visit);
        if (node.finalizer) walkSameFunction(node.finalizer, visit);
        return false;
      case AST_NODE_TYPES.MemberExpression:
        if (!node.optional && !neverNullish(node.object, node)) safe = false;
        return undefined;
      case AST_NODE_TYPES.VariableDeclarator:
        if (node.id.type !== AST_NODE_TYPES.Identifier && node.init && !neverNullish(node.init, node)) safe = false;
        return undefined;
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator === 'in' && !neverNullish(node.right, node)) safe = false;
        return undefined;
      case AST_NODE_TYPES.SpreadElement:
        if (node.parent.type !== AST_NODE_TYPES.ObjectExpression) safe = false;
        return undefined;
      default:
        return undefined;
    }
  };
  walkSameFunction(code, visit);
  return safe;
}

/** Globals that are always objects: reading a member of them never throws. */
const OBJECT_GLOBALS = new Set(['console', 'Math', 'JSON', 'process', 'Date', 'Number', 'String', 'Object', 'Array', 'Promise', 'Reflect']);

/**
 * Whether a value read through at `at` is never `null` or `undefined`: a literal, template, array
 * or object literal (also a `const` holding one), a global object (`console`, `process.env`), a bot
 * (`bot`, `bot.telegram`), Telegraf's `Markup`, `Markup.button` and a markup built of them, a promise of a chat call or a chain on it, a string method's result, or a
 * context value that is always present or that the registration and guards prove present (asked of
 * `optionalReads`, as `no-unchecked-update-field` asks). Anything else (a module variable, an
 * unknown context field such as `ctx.session`) is not proven.
 */
function isNeverNullish(node: TSESTree.Node, at: TSESTree.Node, model: FrameworkModel, file: FileRef, reads: ReturnType<typeof optionalReads>): boolean {
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return value.value !== null;
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ObjectExpression:
      return true;
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(value.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      // A chat call's promise, a `.then`/`.catch`/`.finally` link (the call itself is judged by the summary), a string.
      // A Telegraf markup built without a throw is a `Markup` value (`Markup.keyboard(rows).resize()`).
      return chatRole(value) === 'ui' || (method !== null && (PROMISE_CALLBACKS.has(method) || STRING_METHODS.has(method))) || telegrafMarkupCannotThrow(value, file.sourceCode) || grammyKeyboardCannotThrow(value, file.sourceCode);
    }
    // A grammY keyboard built without a throw (`new InlineKeyboard().text('A', 'a')`) is a keyboard.
    case AST_NODE_TYPES.NewExpression:
      return grammyKeyboardCannotThrow(value, file.sourceCode);
    case AST_NODE_TYPES.Identifier: {
      const variable = resolveVariable(value, file.sourceCode);
      if (OBJECT_GLOBALS.has(value.name) && (variable?.defs.length ?? 0) === 0) return true;
      if (model.resolveBot(value) !== null || isTelegrafMarkup(value, file.sourceCode)) return true;
      const init = constInitializer(value, file.sourceCode);
      // `new` gives an object or throws (when the module loads, not in the handler).
      if (init && [AST_NODE_TYPES.Literal, AST_NODE_TYPES.TemplateLiteral, AST_NODE_TYPES.ArrayExpression, AST_NODE_TYPES.ObjectExpression, AST_NODE_TYPES.NewExpression].includes(init.type) && !(init.type === AST_NODE_TYPES.Literal && init.value === null)) return true;
      break;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const property = getPropertyName(value);
      const object = skipTypeWrappers(value.object);
      if (property === 'env' && object.type === AST_NODE_TYPES.Identifier && object.name === 'process') return true;
      if ((property === 'telegram' || property === 'api') && model.resolveBot(object) !== null) return true;
      // `Markup.button`: the namespace of Telegraf's button builders.
      if (property === 'button' && isTelegrafMarkup(object, file.sourceCode)) return true;
      break;
    }
    default:
      return false;
  }
  const path = model.resolveContextPath(value);
  if (!path) return false;
  if (path.path.length === 0 || (path.path.length === 1 && ALWAYS_PRESENT_CONTEXT_MEMBERS.has(path.path[0]!))) return true;
  const info = describePath(path.path);
  if (!info) return false;
  if (!info.optional) return true;
  const read = reads.optionalValue(value);
  return read !== null && !reads.unsafe(read, at, value);
}

/** `ctx.message.text`, `msg.caption`: a context path ending in a text field, a string whenever present. */
function isGuaranteedText(node: TSESTree.Node, model: FrameworkModel): boolean {
  const path = model.resolveContextPath(skipTypeWrappers(node))?.path;
  const last = path?.[path.length - 1];
  return (last === 'text' || last === 'caption') && describePath(path!)?.kind === 'value';
}

/** Promise methods whose callback's throw (or rejected promise) rejects the promise they return. */
const PROMISE_CALLBACKS = new Set(['then', 'catch', 'finally']);
/** Callees that run their callback later, outside the caller's promise: timers and listeners. */
const LATER_CALLBACKS = new Set([...LISTENER_METHODS, 'subscribe', ...TIMER_SCHEDULERS, 'nextTick']);

/** How a function settles a promise: `'awaited'` (a rejection becomes its own throw there), `'returned'` (its own promise takes it on). */
type Settled = 'awaited' | 'returned';

/**
 * Whether the promise of an expression is settled by its function, and how: awaited, returned
 * (`return p`, an arrow's expression body), chained on (`p.then(…)`, `p.catch(…)`) where the chain is
 * settled, or an element of a promise combinator that is (`await Promise.all([p, q])`).
 */
function settledByOwnFunction(expression: TSESTree.Node): Settled | null {
  const value = outermostWrapper(expression);
  const parent = value.parent;
  if (!parent) return null;
  if (parent.type === AST_NODE_TYPES.AwaitExpression) return 'awaited';
  // A call's parent that is a `return` or an arrow returns it (an arrow's parameters hold no calls).
  if (parent.type === AST_NODE_TYPES.ReturnStatement || parent.type === AST_NODE_TYPES.ArrowFunctionExpression) return 'returned';
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === value && PROMISE_CALLBACKS.has(getPropertyName(parent) ?? '')) {
    return parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent ? settledByOwnFunction(parent.parent) : null;
  }
  // `await Promise.all([p, q])`.
  const combinator = parent.type === AST_NODE_TYPES.ArrayExpression ? parent.parent : null;
  return combinator?.type === AST_NODE_TYPES.CallExpression && combinator.arguments[0] === parent && combinatorName(combinator) !== null ? settledByOwnFunction(combinator) : null;
}

/** `Promise.all(list.map(async …))` awaited or returned: the array of promises goes to a settled combinator. */
function combinedAndSettled(call: TSESTree.CallExpression): Settled | null {
  const value = outermostWrapper(call);
  const parent = value.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === value && combinatorName(parent) !== null ? settledByOwnFunction(parent) : null;
}

/**
 * Whether a later link of the promise chain `call` starts handles its rejection without throwing it
 * on: `.catch(log)`, `.then(ok, log)`, through `.then(ok)` and `.finally(f)` links.
 */
function caughtDownChain(call: TSESTree.CallExpression): boolean {
  for (let current: TSESTree.Node = outermostWrapper(call); ; ) {
    const member = current.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current || member.parent.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) return false;
    const method = getPropertyName(member);
    const next = member.parent;
    const handler = method === 'catch' ? next.arguments[0] : method === 'then' ? next.arguments[1] : undefined;
    if (handler) return !(isFunction(handler) && someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.ThrowStatement));
    if (method !== 'then' && method !== 'finally') return false;
    current = outermostWrapper(next);
  }
}

/**
 * How an error thrown at `node` reaches the end of `fn`, the function `node` is in or nested in:
 * `'throws'` when `fn` throws it (or, async, rejects its own promise with it), `'rejects'` when it
 * rejects a promise `fn` returns though `fn` is not async (`return ask().then(() => read)`), null
 * when it escapes `fn` — in a callback `fn` hands on and does not wait for: `setTimeout(() => …)`,
 * `list.forEach(async …)`, `p.then(cb)` neither awaited nor returned, a listener, a function stored
 * for later, an async `new Promise` executor. A nested function is on the way only when its throw
 * reaches `fn` at once (a sync array callback, a sync immediately called function, a sync `new
 * Promise` executor whose promise is settled) or its promise is settled by `fn` (see
 * {@link settledByOwnFunction}): a `.then` callback, `await Promise.all(list.map(async …))`, an
 * awaited async IIFE, or a callback given to any other awaited or returned call
 * (`await db.transaction(async (tx) => …)`), which runs it and settles with it.
 *
 * With `tries` (the model of `fn`'s file), a `try` on the way is asked as well: `'caught'` when the
 * error is thrown (not returned in a promise) inside the block of a `try` whose `catch` does not
 * rethrow, and an arrow stored in a local variable is followed to the places it is invoked (see
 * {@link invocationsOf}): `'caught'` when a `try` takes the error at each of them.
 */
function escapesTo(node: TSESTree.Node, fn: FunctionNode, returnedAtNode: boolean, tries?: FrameworkModel): 'throws' | 'rejects' | 'caught' | null {
  // Whether the error leaves the current function in a promise it returns rather than as its throw.
  let promised = returnedAtNode;
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current === fn) return promised && !fn.async ? 'rejects' : 'throws';
    if (tries && !promised && isCatchingTryBlock(current)) return 'caught';
    if (!isFunction(current)) continue;
    const carried: boolean = current.async || promised;
    const inner = outermostWrapper(current);
    const call = inner.parent;
    if (tries && call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) return caughtWhereInvoked(current, fn, carried, tries);
    if (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) return null;
    let settled: Settled | null;
    if (call.callee === inner) {
      // `(async () => …)()`, `(() => …)()`.
      settled = carried ? settledByOwnFunction(call) : 'awaited';
    } else {
      if (!call.arguments.includes(inner as TSESTree.CallExpressionArgument)) return null;
      const callee = skipTypeWrappers(call.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : null;
      if (call.type === AST_NODE_TYPES.NewExpression) {
        // `new Promise((resolve) => …)`: a sync executor's throw rejects the promise; an async one's is lost.
        settled = method === 'Promise' && call.arguments[0] === inner && !carried ? settledByOwnFunction(call) : null;
      } else if (method !== null && LATER_CALLBACKS.has(method)) {
        settled = null;
      } else if (method !== null && ARRAY_CALLBACK_METHODS.has(callee.type === AST_NODE_TYPES.MemberExpression ? method : '')) {
        // A sync callback runs at once (its throw propagates); an async one's promise is waited for only
        // when `map` hands the promises to a combinator (`await Promise.all(list.map(async …))`).
        settled = !carried ? 'awaited' : method === 'map' ? combinedAndSettled(call) : null;
      } else {
        // `p.then(cb).catch(log)`: the callback's throw rejects the chain, and its handler takes it.
        if (method !== null && PROMISE_CALLBACKS.has(method) && callee.type === AST_NODE_TYPES.MemberExpression && caughtDownChain(call)) return 'caught';
        // `.then(cb)` and any other call that is given the callback: waited for only when the call is.
        settled = settledByOwnFunction(call);
      }
    }
    if (settled === null) return null;
    promised = settled === 'returned';
    current = call;
  }
  return null;
}

/** The block of a `try` whose `catch` does not rethrow: an error thrown in it ends in that catch. */
function isCatchingTryBlock(node: TSESTree.Node): boolean {
  const statement = node.parent;
  return statement?.type === AST_NODE_TYPES.TryStatement && statement.block === node && statement.handler !== null && !rethrows(statement.handler);
}

/** Arrows being followed to where they are invoked (one stored in a variable its own body calls is not followed again). */
const followedArrows = new Set<FunctionNode>();

/**
 * `'caught'` when `arrow` (a function `fn` neither calls nor hands to a call where it is written) is
 * invoked only where a `try` takes its error: `generate = () => chart(text); …; await generate();`
 * in one `try` of `fn` whose `catch` does not rethrow. Null otherwise (see {@link invocationsOf}).
 */
function caughtWhereInvoked(arrow: FunctionNode, fn: FunctionNode, carried: boolean, model: FrameworkModel): 'caught' | null {
  const sites = followedArrows.has(arrow) ? null : invocationsOf(arrow, fn, model);
  if (!sites || sites.length === 0) return null;
  followedArrows.add(arrow);
  try {
    return sites.every((site) => {
      // A sync arrow throws at its call; an async one rejects the promise its call gives.
      const settled = carried ? settledByOwnFunction(site) : 'awaited';
      return settled !== null && escapesTo(site, fn, settled === 'returned', model) === 'caught';
    })
      ? 'caught'
      : null;
  } finally {
    followedArrows.delete(arrow);
  }
}

/**
 * The calls of an arrow stored in a variable declared in `fn` (`const generate = () => …`,
 * `generate = cond ? () => a(x) : () => b(x)`): every read of the variable outside the arrow is a
 * call of it (`generate()`) or an argument of a logging call (`console.log('with', generate)`,
 * which calls nothing). Null when it escapes — stored elsewhere, handed to another function,
 * returned, exported — or when it is no such arrow.
 */
function invocationsOf(arrow: FunctionNode, fn: FunctionNode, model: FrameworkModel): TSESTree.CallExpression[] | null {
  let value: TSESTree.Node = outermostWrapper(arrow);
  while (value.parent?.type === AST_NODE_TYPES.ConditionalExpression && value.parent.test !== value) value = outermostWrapper(value.parent);
  const holder = value.parent;
  let name: TSESTree.Node | null = null;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === value) name = holder.id;
  else if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.operator === '=' && holder.right === value) name = holder.left;
  if (name?.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(name, { getScope: (node) => model.scopeOf(node) });
  if (!variable || !variable.defs.every((def) => def.type === TSESLint.Scope.DefinitionType.Variable && def.node.range[0] >= fn.range[0] && def.node.range[1] <= fn.range[1])) return null;
  const sites: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    const read = outermostWrapper(reference.identifier);
    const parent = read.parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === read && !(parent.range[0] >= arrow.range[0] && parent.range[1] <= arrow.range[1])) sites.push(parent);
    else if (!(parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(read as TSESTree.CallExpressionArgument) && DEFAULT_LOGGERS.isLoggingCall(parent))) return null;
  }
  return sites;
}

/**
 * Whether an error thrown at `node`, inside `handler` (the function that reads the context), is
 * contained by the bot's error handling: it ends in a bot-wide error handler that logs it and the
 * bot goes on; the user only gets no answer. True only when
 * - every way the handler is reached is a registration on a grammY or Telegraf bot, composer or
 *   scene of a bot project whose bot gets an error handler ({@link FrameworkModel.botErrorsCaught}:
 *   `bot.catch(…)`, grammY `errorBoundary`, an error-boundary middleware installed first, or the
 *   grammY runner), or a conversation of such a bot; a node-telegram-bot-api listener counts when the
 *   process handles unhandled rejections ({@link processHandlesRejections}), as the process then goes on;
 *   no handler the registration runs before this one (`mw` in `bot.on('callback_query', mw, h)`, the
 *   functions before it in a spread list of handlers) drops the promise of its `next()` ({@link nextCalls}):
 *   the rejection would be unhandled there;
 * - or a call from such a handler (`await ban(ctx)`, `return ban(ctx)`; a sync helper also bare:
 *   `ban(ctx)`, its throw propagates) whose own place is contained in turn;
 * - and `node` is on the handler's awaited path (see {@link escapesTo}): not in a callback the
 *   handler hands on without waiting for it;
 * - or, whatever the handler, `node` is in a `.then` callback whose chain goes on to a `.catch`
 *   handler that does not throw (see {@link caughtDownChain}): the chain takes the TypeError;
 * - or the error, thrown at `node` or at a call on the way to it (`try { await chartFor(text) }`,
 *   awaited or sync), is thrown in the block of a `try` whose `catch` does not rethrow, also through
 *   an arrow stored in a local variable and invoked only there (`generate = () => chartFor(text);
 *   await generate();`, see {@link escapesTo}): that catch takes the TypeError.
 * A handler known only by its parameter (typed, named `ctx`) or stored for a later update, a bare
 * call of an async helper, and anything deeper than four calls are not contained.
 */
export function errorContained(model: FrameworkModel, node: TSESTree.Node, handler: Handler, file: FileRef, depth = 0, returnedAtNode = false): boolean {
  const way = escapesTo(node, handler.fn, returnedAtNode, model);
  if (way === 'caught') return true;
  if (way === null || depth > 4 || handler.entries.length === 0) return false;
  // A sync function that throws: its caller gets the throw at once; otherwise a promise it must settle.
  const promised = way === 'rejects' || handler.fn.async;
  return handler.entries.every((entry) => entryContained(entry, promised, model, file, depth));
}

/**
 * A node-telegram-bot-api listener's synchronous throw ends in the library's polling loop, which
 * logs it and polls on (see {@link pollsOnly}): its registration is on a bot of this file or one
 * imported from a project file that only polls, and no file of the bot project hands updates to
 * `processUpdate` itself (a webhook route, where the throw reaches the server instead).
 */
function pollingCatches(registration: Registration, file: FileRef): boolean {
  const receiver = registration.receiver;
  const polls = receiver?.instance ? pollsOnly(receiver.instance) : receiver?.imported?.pollsOnly === true;
  return polls && !PROCESS_UPDATE.test(file.sourceCode.text) && projectFilesMatching(file.filename, PROCESS_UPDATE).length === 0;
}

/**
 * `bot.use(checkPhone(db)); …; bot.use(onlyPrivate)` where `checkPhone` is a project middleware
 * whose `try { …; await next(); } catch (e) { log(e) }` takes every error of the handlers after it:
 * an error boundary of this registration alone, though handlers registered before it are outside
 * (see {@link FrameworkModel.botErrorsCaught} for one before every handler). Only when
 * - the boundary is a `use` on the same bot variable, in a statement of a block that holds the
 *   registration in the same function, before it (it always runs first: not under an `if`, not in
 *   another function or another bot);
 * - its middleware (of the file, a project file, or the one function a factory returns) awaits
 *   `next()` in the block of a `try` whose `catch` throws nothing (in production);
 * - every `use` between the two on that bot hands its `next()` promise back (none dropped, see
 *   {@link nextCalls}; a middleware that cannot be resolved proves nothing).
 */
function boundedBefore(registration: Registration, model: FrameworkModel): boolean {
  const file = model.file();
  if (file === null) return false;
  const receiver = receiverVariable(registration.call, file.sourceCode);
  if (receiver === null || registration.framework === 'ntba') return false;
  const fn = enclosingFunction(registration.call);
  const uses = model.registrations.filter((use) => use.method === 'use' && use.call.range[1] <= registration.call.range[0] && receiverVariable(use.call, file.sourceCode) === receiver && enclosingFunction(use.call) === fn);
  for (let index = uses.length - 1; index >= 0; index--) {
    const use = uses[index]!;
    const middlewares = use.call.arguments.map((argument) => middlewareFunction(argument, file));
    if (runsBefore(use.call, registration.call) && middlewares.some((found) => found !== null && awaitsNextInCatchingTry(found.fn, found.file.sourceCode))) return true;
    if (middlewares.some((found) => found === null || nextCalls(found.fn).dropped.length > 0)) return false;
  }
  return false;
}

/** The variable a call's receiver names (`bot` in `bot.use(…)`), or null. */
function receiverVariable(call: TSESTree.CallExpression, sourceCode: SourceCode): TSESLint.Scope.Variable | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(callee.object);
  return object.type === AST_NODE_TYPES.Identifier ? resolveVariable(object, sourceCode) : null;
}

/** Whether `earlier` is a whole statement of a block that holds `later`: it always runs before it. */
function runsBefore(earlier: TSESTree.CallExpression, later: TSESTree.Node): boolean {
  const statement = earlier.parent;
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || earlier.range[1] > later.range[0]) return false;
  const block = statement.parent;
  for (let current = later.parent; current; current = current.parent) {
    if (current === block) return true;
    if (isFunction(current)) return false;
  }
  return false;
}

/** `async (ctx, next) => { try { …; await next(); } catch (e) { log(e); } }`: the catch throws nothing in production. */
function awaitsNextInCatchingTry(fn: FunctionNode, sourceCode: SourceCode): boolean {
  const next = fn.params[1];
  if (!fn.async || next?.type !== AST_NODE_TYPES.Identifier) return false;
  const awaitsNext = (node: TSESTree.Node): boolean => {
    if (node.type !== AST_NODE_TYPES.AwaitExpression) return false;
    const call = skipTypeWrappers(node.argument);
    return call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === next.name;
  };
  return someInSameFunction(
    fn.body,
    (node) =>
      node.type === AST_NODE_TYPES.TryStatement &&
      node.handler !== null &&
      someInSameFunction(node.block, awaitsNext) &&
      !someInSameFunction(node.handler.body, (inner) => inner.type === AST_NODE_TYPES.ThrowStatement && !onlyOutsideProduction(inner, sourceCode)),
  );
}

function entryContained(entry: HandlerEntry, promised: boolean, model: FrameworkModel, file: FileRef, depth: number): boolean {
  switch (entry.kind) {
    case 'registration':
      if (entry.registration.framework === 'ntba') return (!promised && pollingCatches(entry.registration, file)) || processHandlesRejections(file.sourceCode, file.filename);
      return (
        ((entry.model ?? model).botErrorsCaught() || boundedBefore(entry.registration, entry.model ?? model)) &&
        !(entry.earlier ?? []).some((earlier) => earlier !== null && nextCalls(earlier.fn).dropped.length > 0)
      );
    case 'conversation':
      return model.botErrorsCaught();
    case 'call': {
      // The helper's promise (`async function ban(ctx)`) must be awaited or returned where it is called;
      // returned, it is the caller's own promise (`(ctx) => { return ban(ctx); }`).
      const settled = promised ? settledByOwnFunction(entry.call) : 'awaited';
      return settled !== null && errorContained(entry.model ?? model, entry.call, entry.argument.handler, file, depth + 1, settled === 'returned');
    }
    default:
      return false;
  }
}
