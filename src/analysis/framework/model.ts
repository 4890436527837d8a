/** Builds the bot-framework model of a file (see `./index.ts` for what it answers) from its parts, in one walk per file. */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, functionName, getCalleeName, getMemberPath, getPropertyName, isFunction, propertyKey, skipTypeWrappers, someInSameFunction, walkSameFunction, writeReferences } from '../ast/index.js';
import { projectFilesMatching, telegramProjectRoot } from '../summaries/index.js';

import { callsOn, collectBots, feedsUpdates, PROCESS_UPDATE, resolveBot, sendsOnlyHere } from './bots.js';
import { getUserTextSource, resolveContextPath } from './context-paths.js';
import { collectCalls, getHandler, projectMiddlewareFramework } from './handlers.js';
import { collectFrameworkBindings } from './imports.js';
import { importedByProjectFiles } from './imported.js';
import { importedBots } from './imported-bots.js';
import { parameterBots } from './parameter-bots.js';
import { inlineKeyboardsPossible } from './inline-results.js';
import { collectRunnerNames, INSTALLER_NAME, isErrorBoundaryMiddleware } from './error-handling.js';
import { collectPluginRegistrations } from './plugins.js';
import { chainedNarrowing, collectRegistrations } from './registrations.js';
import { enterSitesIn, MENTIONS_ENTER } from './scenes.js';
import { collectFileIndex, resolveFrameworkName, type ModelState } from './state.js';
import { allowedUpdates, receivableUpdates } from './updates.js';
import type { BotInstance, FrameworkModel, SceneEnterSite } from './types.js';

const cache = new WeakMap<TSESTree.Program, FrameworkModel>();

const filenames = new WeakMap<FrameworkModel, string>();

/**
 * The model of the file being linted; built once per file (a pure memo on its AST). With the
 * file's name (`context.filename`), facts of its bot project (`allowedUpdates()`) are read too, and
 * bots imported from its other files (`importedBots`). A model first built without a name is built
 * again once a name comes that gives it imported bots.
 */
export function getFrameworkModel(sourceCode: Readonly<TSESLint.SourceCode>, filename?: string): FrameworkModel {
  let model = cache.get(sourceCode.ast);
  if (model && filename !== undefined && !filenames.has(model)) {
    const imported = importedBots(sourceCode.ast, filename);
    // A bot that only sends is known to receive no updates once the project can be searched for `processUpdate`.
    if (imported.size > 0 || model.bots.some((bot) => sendsOnlyHere(bot, sourceCode)) || parameterBots(sourceCode.ast, sourceCode, filename).size > 0) model = undefined;
  }
  if (!model) {
    model = buildModel(sourceCode, filename ?? null, (built) => filenames.get(built) ?? null);
    cache.set(sourceCode.ast, model);
  }
  if (filename !== undefined && !filenames.has(model)) filenames.set(model, filename);
  return model;
}

/** The name the file's model was asked with (`context.filename`, by a rule that built it), or null. */
export function modelFilename(sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  const model = cache.get(sourceCode.ast);
  return (model && filenames.get(model)) ?? null;
}

function buildModel(sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null, filenameOf: (model: FrameworkModel) => string | null): FrameworkModel {
  const program = sourceCode.ast;
  const bindings = collectFrameworkBindings(program);
  const imported = importedBots(program, filename);
  const parameters = parameterBots(program, sourceCode, filename);
  const boundFrameworks = new Set([...bindings.values()].map((binding) => binding.framework));
  // A bot imported from a project file is proven where it is used; it does not make the file's `ctx`-named parameters handlers.
  const frameworks = new Set([...boundFrameworks, ...[...imported.values(), ...parameters.values()].map((bot) => bot.framework)]);
  // The state asks for the file's name through the model it belongs to, built below.
  const built: { model?: FrameworkModel } = {};
  const state: ModelState = {
    sourceCode,
    filename: () => (built.model ? filenameOf(built.model) : null),
    bindings,
    soleFramework: boundFrameworks.size === 1 ? [...boundFrameworks][0]! : null,
    index: collectFileIndex(program, frameworks.size > 0),
    bots: [],
    importedBots: imported,
    parameterBots: parameters,
    botsByMember: new Map(),
    botsByVariable: new Map(),
    registrations: [],
    registrationsByFunction: new Map(),
    registrationsByCall: new Map(),
    registrationsByHandler: new Map(),
    callsByFunction: new Map(),
    handlers: new Map(),
    waits: new Map(),
    functionsInProgress: new Set(),
  };
  collectBots(state);
  // A node-telegram-bot-api bot that receives no updates: its listeners never run, so they register nothing.
  // Only in a bot project whose files can be searched: outside one, another file may feed it.
  for (const bot of state.bots) {
    if (filename !== null && sendsOnlyHere(bot, sourceCode) && telegramProjectRoot(filename) !== null && !projectFilesMatching(filename, PROCESS_UPDATE).some((file) => feedsUpdates(file.sourceCode))) bot.receivesNoUpdates = true;
  }
  collectRegistrations(state);
  collectPluginRegistrations(state);
  collectCalls(state);

  let allowed: { filename: string | null; updates: ReadonlySet<string> | null } | undefined;
  let receivable: { filename: string | null; updates: ReadonlySet<string> | null } | undefined;
  let caught: { filename: string | null; value: boolean } | undefined;
  let inline: { filename: string | null; value: boolean } | undefined;
  let games: { filename: string | null; value: boolean } | undefined;
  let entered: { filename: string | null; byId: Map<string | null, readonly SceneEnterSite[] | null> } | undefined;
  const model: FrameworkModel = {
    frameworks,
    bindings,
    bots: state.bots,
    importedBots: imported,
    registrations: state.registrations,
    registrationsAt: (call) => state.registrationsByCall.get(call) ?? [],
    registrationsWithHandler: (node) => state.registrationsByHandler.get(node) ?? [],
    resolveFrameworkName: (node) => resolveFrameworkName(state, node),
    resolveBot: (node) => resolveBot(state, node),
    callsOn: (bot) => callsOn(state, bot),
    getHandler: (fn) => getHandler(state, fn),
    resolveContextPath: (node) => resolveContextPath(state, node),
    channelPostsThrough: (node) => chainedNarrowing(state, node).channelPosts,
    getUserTextSource: (node) => getUserTextSource(state, node),
    scopeOf: (node) => sourceCode.getScope(node),
    sourceText: sourceCode.text,
    file() {
      const filename = filenameOf(model);
      return filename === null ? null : { sourceCode, filename };
    },
    allowedUpdates() {
      const filename = filenameOf(model);
      if (allowed?.filename !== filename) allowed = { filename, updates: allowedUpdates(sourceCode, filename) };
      return allowed.updates;
    },
    receivableUpdates() {
      const filename = filenameOf(model);
      if (receivable?.filename !== filename) receivable = { filename, updates: receivableUpdates(sourceCode, filename, model.allowedUpdates()) };
      return receivable.updates;
    },
    botErrorsCaught() {
      const filename = filenameOf(model);
      if (caught?.filename !== filename) caught = { filename, value: botErrorsCaught(model, sourceCode, filename) };
      return caught.value;
    },
    importedByProjectFiles() {
      return importedByProjectFiles(filenameOf(model));
    },
    sendsGames() {
      const filename = filenameOf(model);
      if (games?.filename !== filename) games = { filename, value: gamesInProject(sourceCode.text, filename) };
      return games.value;
    },
    middlewareFramework() {
      return projectMiddlewareFramework(state);
    },
    sceneEnterSites(id) {
      const filename = filenameOf(model);
      if (entered?.filename !== filename) entered = { filename, byId: new Map() };
      if (!entered.byId.has(id)) entered.byId.set(id, sceneEnterSites(model, sourceCode, filename, id));
      return entered.byId.get(id)!;
    },
    usesInlineMode() {
      const filename = filenameOf(model);
      if (inline?.filename !== filename) inline = { filename, value: inlineModeInProject(model, filename) && inlineKeyboardsPossible(sourceCode, filename) };
      return inline.value;
    },
  };
  built.model = model;
  return model;
}

/** Methods that give a bot an error handler. */
const ERROR_HANDLER_METHODS = new Set(['catch', 'errorBoundary']);
const MENTIONS_ERROR_HANDLER = /\.\s*(?:catch|errorBoundary)\s*\(/;

function isErrorHandlerMethod(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return method !== null && ERROR_HANDLER_METHODS.has(method);
}

/**
 * A bot created in the file, or imported from another project file (`import { bot } from './bot';
 * bot.catch(…)`), gets an error handler here; or the object the file registers handlers on does
 * (`export default (bot) => { bot.command(…); bot.catch(…) }`: whatever the caller passes, the
 * handlers and the error handler are on the same bot — a grammY composer has no `catch`).
 */
function catchesOwnBots(model: FrameworkModel, calls: () => readonly TSESTree.CallExpression[]): boolean {
  if (model.bots.some((bot) => bot.kind === 'bot' && model.callsOn(bot).some(isErrorHandlerMethod))) return true;
  if (model.importedBots.size === 0 && (model.registrations.length === 0 || !MENTIONS_ERROR_HANDLER.test(model.sourceText))) return false;
  let registeredOn: Set<TSESLint.Scope.Variable> | undefined;
  return calls().some((call) => {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !isErrorHandlerMethod(call)) return false;
    if (model.resolveBot(callee.object)?.imported?.kind === 'bot') return true;
    registeredOn ??= new Set(model.registrations.flatMap((registration) => {
      const target = skipTypeWrappers(registration.call.callee);
      const variable = registration.framework !== 'ntba' && target.type === AST_NODE_TYPES.MemberExpression ? keptVariable(model, target.object) : null;
      return variable ? [variable] : [];
    }));
    const variable = keptVariable(model, callee.object);
    return variable !== null && registeredOn.has(variable);
  });
}

/** The variable an identifier names, when it has one definition and is never assigned after it (a parameter, a `const`); null otherwise. */
function keptVariable(model: FrameworkModel, node: TSESTree.Node): TSESLint.Scope.Variable | null {
  const name = skipTypeWrappers(node);
  if (name.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = ASTUtils.findVariable(model.scopeOf(name), name.name);
  return variable?.defs.length === 1 && writeReferences(variable).every((write) => write.init === true) ? variable : null;
}

const MENTIONS_USE = /\.\s*use\s*\(/;

/**
 * A bot created in the file gets an error-boundary middleware (`bot.use(async (ctx, next) => { try {
 * await next() } catch … })`, written here or imported from a project file) before any of its
 * handlers: before it, the bot's variable is only read for `.use(…)` and other members, never passed
 * on (a function it is passed to may register handlers). Every handler registered after it, here or
 * in a function the bot is passed to later, runs inside its `try`.
 */
function boundsOwnBots(model: FrameworkModel, sourceCode: Readonly<TSESLint.SourceCode>, filename: string): boolean {
  const file = { sourceCode, filename };
  return model.bots.some((bot) => {
    if (bot.kind !== 'bot') return false;
    const calls = model.callsOn(bot);
    return calls.some(
      (call) =>
        methodName(call) === 'use' &&
        call.arguments.some((argument) => isErrorBoundaryMiddleware(argument, file, true)) &&
        calls.every((other) => other.range[0] >= call.range[0] || methodName(other) === 'use') &&
        onlyMembersBefore(bot, call),
    );
  });
}

function methodName(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
}

/** Every use of the bot's variable before `call` is its declaration or a member read (`bot.use`, `bot.api`). */
function onlyMembersBefore(bot: BotInstance, call: TSESTree.CallExpression): boolean {
  return (bot.variable?.references ?? []).every((reference) => {
    const parent = reference.identifier.parent;
    return reference.init === true || reference.identifier.range[0] >= call.range[0] || (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier);
  });
}

/**
 * `export function setupErrorHandler(bot) { bot.catch(…) }`, `export function registerHandlers(bot:
 * Bot<MyContext>) { …; bot.catch(…) }`: the names of functions that install an error handler on
 * their bot parameter (the bot itself may come from a factory the model cannot follow: `const bot =
 * createBot(); setupErrorHandler(bot);`). The name need not say so: called with a bot, the function
 * installs it whatever it is called.
 */
function catchInstallers(program: TSESTree.Program): string[] {
  const names: string[] = [];
  walkSameFunction(
    program,
    (node) => {
      if (!isFunction(node)) return;
      const param = node.params[0];
      const name = functionName(node);
      if (param?.type !== AST_NODE_TYPES.Identifier || !/^bot$|Bot$/.test(param.name) || name === null) return;
      const installs = someInSameFunction(node.body, (inner) => {
        if (inner.type !== AST_NODE_TYPES.CallExpression || inner.arguments.length === 0) return false;
        const callee = skipTypeWrappers(inner.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
        const object = skipTypeWrappers(callee.object);
        const method = getPropertyName(callee);
        return object.type === AST_NODE_TYPES.Identifier && object.name === param.name && method !== null && ERROR_HANDLER_METHODS.has(method);
      });
      if (installs) names.push(name);
    },
    { enterFunctions: true },
  );
  return names;
}

const MENTIONS_RUNNER = /@grammyjs\/runner/;

/**
 * `run(bot)` of @grammyjs/runner: the runner hands a handler's error to `bot.catch` if any, else
 * logs it and goes on (grammY's default handler stops only a bot started by `bot.start()`), so a
 * handler error costs one logged error, not the bot.
 */
function runsUnderRunner(program: TSESTree.Program): boolean {
  const names = collectRunnerNames(program);
  if (names.size === 0) return false;
  return someInSameFunction(
    program,
    (node) => node.type === AST_NODE_TYPES.CallExpression && node.arguments.length > 0 && names.has(getMemberPath(node.callee)?.join('.') ?? ''),
    { enterFunctions: true },
  );
}

/** {@link FrameworkModel.botErrorsCaught}: this file's bots, then the other files of its bot project that mention a `.catch(`. */
function botErrorsCaught(model: FrameworkModel, sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null): boolean {
  const program = sourceCode.ast;
  const callsOf = (of: TSESTree.Program) => () => fileIndex(of).of(AST_NODE_TYPES.CallExpression);
  if (catchesOwnBots(model, callsOf(program)) || runsUnderRunner(program)) return true;
  if (filename === null) return false;
  if (boundsOwnBots(model, sourceCode, filename)) return true;
  if (projectFilesMatching(filename, MENTIONS_USE).some((file) => file.filename !== filename && boundsOwnBots(getFrameworkModel(file.sourceCode, file.filename), file.sourceCode, file.filename))) return true;
  if (projectFilesMatching(filename, MENTIONS_RUNNER).some((file) => file.filename !== filename && runsUnderRunner(file.sourceCode.ast))) return true;
  const files = projectFilesMatching(filename, MENTIONS_ERROR_HANDLER);
  if (files.some((file) => file.filename !== filename && catchesOwnBots(getFrameworkModel(file.sourceCode, file.filename), callsOf(file.sourceCode.ast)))) return true;
  // An installer counts once some project file calls it with an argument (`setupErrorHandler(bot)`).
  const installers = files.flatMap((file) => catchInstallers(file.filename === filename ? program : file.sourceCode.ast));
  // A name that does not say it installs one (`registerHandlers`, `init`) counts only as a plain call: `other.init(config)` is some other object's method.
  return installers.some((name) => {
    const member = INSTALLER_NAME.test(name) ? '' : '(?<!\\.\\s*)';
    return projectFilesMatching(filename, new RegExp(`(?<!function\\s*)${member}\\b${name.replace(/\$/g, '\\$')}\\s*\\(\\s*[\\w$]`)).length > 0;
  });
}

const INLINE_MARKERS = new Set(['inline_query', 'chosen_inline_result', 'inlineQuery', 'chosenInlineResult']);
const MENTIONS_INLINE = /inline_query|chosen_inline_result|inlineQuery|chosenInlineResult/;

function registersInlineHandler(model: FrameworkModel): boolean {
  return model.registrations.some((registration) => INLINE_MARKERS.has(registration.method) || registration.filters?.some((filter) => INLINE_MARKERS.has(filter)) === true);
}

/** {@link FrameworkModel.usesInlineMode}: this file's registrations, then those of the other files of its bot project that mention inline queries. */
function inlineModeInProject(model: FrameworkModel, filename: string | null): boolean {
  if (registersInlineHandler(model)) return true;
  if (filename === null) return false;
  return projectFilesMatching(filename, MENTIONS_INLINE).some((file) => file.filename !== filename && registersInlineHandler(getFrameworkModel(file.sourceCode, file.filename)));
}

const MENTIONS_GAMES = /sendGame|replyWithGame|game_short_name|gameQuery|callback_game|GameScore/;

/** {@link FrameworkModel.sendsGames}: this file, then the other files of its bot project. */
function gamesInProject(text: string, filename: string | null): boolean {
  if (MENTIONS_GAMES.test(text)) return true;
  return filename !== null && projectFilesMatching(filename, MENTIONS_GAMES).length > 0;
}

/**
 * {@link FrameworkModel.sceneEnterSites}: the calls in this file and the other files of its bot
 * project that may enter scene `id` (any scene when null); null when one cannot be read or none is found.
 */
function sceneEnterSites(model: FrameworkModel, sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null, id: string | null): readonly SceneEnterSite[] | null {
  const files = [enterSitesIn(model, sourceCode)];
  const project = filename !== null && telegramProjectRoot(filename) !== null;
  if (project) {
    // A stage's default scene runs for every update outside a scene, entered or not.
    if (stageMayRunDefault(sourceCode) || projectFilesMatching(filename, MENTIONS_STAGE).some((file) => stageMayRunDefault(file.sourceCode))) return null;
    for (const file of projectFilesMatching(filename, MENTIONS_ENTER)) {
      if (file.filename !== filename) files.push(enterSitesIn(getFrameworkModel(file.sourceCode, file.filename), file.sourceCode));
    }
  }
  if (files.some((file) => file.unreadAny || (id === null ? file.unreadIds.size > 0 : file.unreadIds.has(id)))) return null;
  const sites = files.flatMap((file) => [...(id === null ? [...file.byId.values()].flat() : (file.byId.get(id) ?? [])), ...file.anyScene]);
  // Without the project's other files, or a stage that would run the scene, "entered nowhere" is unknown.
  const staged = project && (MENTIONS_STAGE.test(sourceCode.text) || projectFilesMatching(filename, MENTIONS_STAGE).length > 0);
  return sites.length > 0 || staged ? sites : null;
}

const MENTIONS_STAGE = /\bStage\b/;

/**
 * A stage of this file may run a default scene: `new Scenes.Stage(scenes, { default: 'menu' })`, or
 * options that cannot be read (a variable, a spread, a computed key). Read from the constructor's
 * options, not from the text: a `switch`'s `default:` is no stage option.
 */
function stageMayRunDefault(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (!MENTIONS_STAGE.test(sourceCode.text)) return false;
  return fileIndex(sourceCode.ast).of(AST_NODE_TYPES.NewExpression).some((node) => {
    const name = getCalleeName(node);
    if (name === null || !name.endsWith('Stage')) return false;
    const options = node.arguments[1];
    if (options === undefined) return false;
    const object = skipTypeWrappers(options);
    if (object.type !== AST_NODE_TYPES.ObjectExpression) return true;
    return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || propertyKey(property) === null || propertyKey(property) === 'default');
  });
}
