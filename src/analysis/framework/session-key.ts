/**
 * What a session read proves about the update, by the framework's session key.
 *
 * Telegraf's built-in `session()` keys a session by `${ctx.from.id}:${ctx.chat.id}` unless given
 * another `getSessionKey`: an update without a sender or without a chat gets no session, and
 * `ctx.session` stays undefined (Telegraf 4's `session` sets it to `undefined` and calls `next`;
 * Telegraf 3's and 4.0–4.11's call `next` without defining it). So where nothing of the update has
 * built a session value yet, a truthy `ctx.session.user` was loaded from the store, which only an
 * update with both a sender and a chat reaches.
 *
 * Proven only for the middleware a Telegraf bot of the file runs first after that session
 * (`bot.use(session()); bot.use(async (ctx, next) => { ctx.session ??= {}; if (ctx.session.user) … })`,
 * nothing but declarations between them), reached by no other way, that writes the whole session
 * only as object literals without the key it tests, never writes that key, hands neither the
 * context nor the session to a call, and calls no `next` before the test (later handlers may
 * build the value). A custom `getSessionKey` or `property`, options that cannot be read, another
 * registration or call in between, a session of another module: unknown.
 *
 * grammY's `session()` keys by chat id and throws on `ctx.session` without one: see
 * {@link grammySessionsKeyedByChat}.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { exportCallees, fileIndex, getMemberPath, isNullish, isTypeWrapper, propertyKey, skipTypeWrappers, someInSameFunction } from '../ast/index.js';
import { projectFilesMatching } from '../summaries/index.js';
import type { FrameworkModel, Handler, Registration } from './types.js';

const TELEGRAF_MODULE = /^telegraf(?:\/|$)/;
/** Options of Telegraf's `session` that change the key or the property the session is kept in. */
const KEY_OPTIONS: ReadonlySet<string> = new Set(['getSessionKey', 'property']);

/**
 * Whether `test`, a truthy read of `ctx.session.<key>…` (its context path `path`) in `handler`,
 * proves `required` (`['from']` or `['chat']`): see the module comment.
 */
export function sessionValueProvesKey(model: FrameworkModel, path: readonly string[], required: readonly string[], test: TSESTree.Node, handler: Handler): boolean {
  if (path.length < 2 || path[0] !== 'session' || required.length !== 1 || (required[0] !== 'from' && required[0] !== 'chat')) return false;
  const file = model.file();
  if (!file || handler.entries.length === 0) return false;
  const sessions = exportCallees(file.sourceCode.ast, (module) => TELEGRAF_MODULE.test(module), 'session');
  if (sessions.size === 0) return false;
  const registered = handler.entries.every(
    (entry) => entry.kind === 'registration' && entry.model === undefined && firstAfterSession(model, entry.registration, sessions),
  );
  return registered && buildsNoValue(model, handler, path[1]!, test);
}

/**
 * `bot.use(handler)` at the top level of the file that creates the Telegraf `bot`, with only
 * `bot.use(session(…))` of Telegraf (default key) and declarations that run nothing between the
 * creation and it.
 */
function firstAfterSession(model: FrameworkModel, registration: Registration, sessions: ReadonlySet<string>): boolean {
  const instance = registration.receiver?.instance;
  if (registration.framework !== 'telegraf' || registration.method !== 'use' || registration.call.arguments.length !== 1 || !instance || instance.className !== 'Telegraf') return false;
  const statement = registration.call.parent;
  const program = statement?.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || program?.type !== AST_NODE_TYPES.Program) return false;
  let found = 0;
  for (let index = program.body.indexOf(statement) - 1; index >= 0; index--) {
    const before = program.body[index]!;
    if (before.range[0] <= instance.creation.range[0] && instance.creation.range[1] <= before.range[1]) return found > 0;
    if (sessionUse(model, before, registration, sessions)) found++;
    else if (!runsNothing(before)) return false;
  }
  return false;
}

/** `bot.use(session())` on the registration's bot, Telegraf's `session` with its default key. */
function sessionUse(model: FrameworkModel, statement: TSESTree.ProgramStatement, registration: Registration, sessions: ReadonlySet<string>): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.CallExpression) return false;
  const use = model.registrationsAt(statement.expression).find((candidate) => candidate.method === 'use' && candidate.receiver?.instance === registration.receiver?.instance);
  const argument = use?.call.arguments.length === 1 ? use.call.arguments[0]! : null;
  const call = argument ? skipTypeWrappers(argument) : null;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !sessions.has(getMemberPath(call.callee)?.join('.') ?? '')) return false;
  const options = call.arguments[0];
  if (options === undefined) return call.arguments.length === 0;
  const value = skipTypeWrappers(options);
  if (value.type !== AST_NODE_TYPES.ObjectExpression || call.arguments.length !== 1) return false;
  return value.properties.every((property) => {
    const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
    return key !== null && !KEY_OPTIONS.has(key);
  });
}

/** A declaration whose evaluation calls nothing and changes nothing (`const LIMIT = 10 * 60`, a function). */
function runsNothing(statement: TSESTree.ProgramStatement): boolean {
  if (statement.type === AST_NODE_TYPES.FunctionDeclaration) return true;
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  return !someInSameFunction(statement, (node) =>
    node.type === AST_NODE_TYPES.CallExpression ||
    node.type === AST_NODE_TYPES.NewExpression ||
    node.type === AST_NODE_TYPES.AssignmentExpression ||
    node.type === AST_NODE_TYPES.UpdateExpression ||
    node.type === AST_NODE_TYPES.TaggedTemplateExpression ||
    node.type === AST_NODE_TYPES.AwaitExpression ||
    node.type === AST_NODE_TYPES.ClassExpression,
  );
}

/**
 * The handler builds no session value holding `key` before `test`: writes of the whole session are
 * object literals without `key` (or nullish), `key` is never written, neither the context nor the
 * session is handed to a call or kept in a variable, and no `next` runs before the test.
 */
function buildsNoValue(model: FrameworkModel, handler: Handler, key: string, test: TSESTree.Node): boolean {
  const file = model.file()!;
  const [context, next] = handler.fn.params;
  if (context?.type !== AST_NODE_TYPES.Identifier) return false;
  const within = (node: TSESTree.Node): boolean => handler.fn.range[0] <= node.range[0] && node.range[1] <= handler.fn.range[1];
  const index = fileIndex(file.sourceCode.ast);
  const text = (node: TSESTree.Node): string => file.sourceCode.getText(node);
  for (const member of index.of(AST_NODE_TYPES.MemberExpression)) {
    if (!within(member)) continue;
    const resolved = model.resolveContextPath(member);
    if (resolved?.handler !== handler || resolved.path[0] !== 'session') continue;
    const parent = member.parent;
    const written = parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member ? parent : null;
    if (resolved.path.length === 1) {
      if (written ? !literalWithout(written.right, key, text(member), text) : !readInPlace(member, text)) return false;
    } else if (resolved.path[1] === key && (written || parent.type === AST_NODE_TYPES.UpdateExpression || (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete'))) return false;
  }
  // The context itself handed on (`init(ctx)`, `next(ctx)`) or kept (`const c = ctx`) before the test may build the session.
  for (const call of index.of(AST_NODE_TYPES.CallExpression)) {
    if (!within(call) || call.range[1] > test.range[0]) continue;
    const callee = skipTypeWrappers(call.callee);
    if (next?.type === AST_NODE_TYPES.Identifier && callee.type === AST_NODE_TYPES.Identifier && callee.name === next.name) return false;
    if (call.arguments.some((argument) => { const value = skipTypeWrappers(argument); return value.type === AST_NODE_TYPES.Identifier && value.name === context.name; })) return false;
  }
  return true;
}

/**
 * `{}`, `{ step: 1 }` (no spread, no computed or `key` property), `null`, `undefined`, or the session
 * itself or such a literal (`ctx.session || {}`, `ctx.session` written as `session`).
 */
function literalWithout(node: TSESTree.Node, key: string, session: string, text: (node: TSESTree.Node) => string): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&') {
    return value.left.type === AST_NODE_TYPES.MemberExpression && text(value.left) === session && literalWithout(value.right, key, session, text);
  }
  if (isNullish(value)) return true;
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return value.properties.every((property) => {
    const name = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
    return name !== null && name !== key;
  });
}

/**
 * `ctx.session` read where its value goes nowhere: a member's object, a test (`!ctx.session`,
 * `if (ctx.session)`), or kept in itself (`ctx.session = ctx.session || {}`).
 */
function readInPlace(member: TSESTree.MemberExpression, text: (node: TSESTree.Node) => string): boolean {
  const parent = member.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === member;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'typeof';
    case AST_NODE_TYPES.IfStatement:
      return parent.test === member;
    case AST_NODE_TYPES.LogicalExpression: {
      const holder = parent.parent;
      if (parent.left !== member) return false;
      if (holder.type === AST_NODE_TYPES.AssignmentExpression) return holder.right === parent && text(holder.left) === text(member);
      // Only as a test: `if (ctx.session && …)`, `!(ctx.session || x)`.
      return (
        (holder.type === AST_NODE_TYPES.IfStatement && holder.test === parent) ||
        (holder.type === AST_NODE_TYPES.UnaryExpression && holder.operator === '!') ||
        (holder.type === AST_NODE_TYPES.ConditionalExpression && holder.test === parent)
      );
    }
    case AST_NODE_TYPES.BinaryExpression:
      return true;
    default:
      return false;
  }
}

const GRAMMY_MODULE = /^grammy(?:\/|$)/;
/** grammY's session middleware: `session` (strict) and `lazySession` (loaded on first access). */
const GRAMMY_SESSIONS = ['session', 'lazySession'];
/** A file that may call grammY's session middleware: it names grammY and calls `session(` or `lazySession(`. */
const MENTIONS_GRAMMY_SESSION = /^(?=[\s\S]*\bgrammy\b)[\s\S]*\b(?:lazySession|session)\s*\(/;
/** Options of grammY's `session` that leave its key `ctx.chatId` (`type` only as `'single'`). */
const CHAT_KEY_OPTIONS: ReadonlySet<string> = new Set(['initial', 'storage', 'prefix', 'type']);

/** What a file's calls of grammY's session middleware key sessions by. */
type FileSessions = 'none' | 'chat' | 'other';
const sessionsByFile = new WeakMap<TSESLint.SourceCode, FileSessions>();

/**
 * Whether every grammY session middleware of the bot project keys its sessions by chat, and there is
 * one. grammY's `session()` and `lazySession()` without a `getSessionKey` option key a session by
 * `ctx.chatId` (`ctx.chat?.id` in older grammY); their `ctx.session` getter and setter throw
 * ("Cannot access session data because this update does not belong to a chat") when that key is
 * undefined. Without the middleware `ctx.session` is undefined. Either way a context whose
 * `ctx.session` was read through (`ctx.session.admin = false`) has a chat id: a chat, unless the
 * update is a business connection (the caller asks that). A custom `getSessionKey`, multi sessions
 * (`type: 'multi'`, each property keyed apart), options that cannot be read (a variable, a spread), or
 * the middleware referenced other than called: false.
 */
export function grammySessionsKeyedByChat(model: FrameworkModel): boolean {
  const file = model.file();
  if (!file) return false;
  let found = false;
  const files = [file, ...projectFilesMatching(file.filename, MENTIONS_GRAMMY_SESSION).filter((other) => other.filename !== file.filename)];
  for (const { sourceCode } of files) {
    const sessions = fileSessions(sourceCode);
    if (sessions === 'other') return false;
    if (sessions === 'chat') found = true;
  }
  return found;
}

/** {@link grammySessionsKeyedByChat} for one file, memoised per file. */
function fileSessions(sourceCode: Readonly<TSESLint.SourceCode>): FileSessions {
  let answer = sessionsByFile.get(sourceCode);
  if (answer === undefined) {
    answer = computeFileSessions(sourceCode);
    sessionsByFile.set(sourceCode, answer);
  }
  return answer;
}

function computeFileSessions(sourceCode: Readonly<TSESLint.SourceCode>): FileSessions {
  const program = sourceCode.ast;
  const names = GRAMMY_SESSIONS.flatMap((name) => [...exportCallees(program, (module) => GRAMMY_MODULE.test(module), name)]);
  if (names.length === 0) return 'none';
  const calls: TSESTree.CallExpression[] = [];
  // `session(…)` by the imported name: every use of it must be such a call (`const make = session; make({ getSessionKey })` is unknown).
  const global = sourceCode.scopeManager?.globalScope;
  const scopes = global ? [global, ...global.childScopes.filter((scope) => scope.type === TSESLint.Scope.ScopeType.module)] : [];
  for (const name of names.filter((name) => !name.includes('.'))) {
    const variable = scopes.map((scope) => scope.set.get(name)).find((found) => found !== undefined);
    if (!variable) return 'other';
    for (const reference of variable.references) {
      if (reference.init) continue;
      const call = calleeOf(reference.identifier);
      if (!call) return 'other';
      calls.push(call);
    }
  }
  // `grammy.session(…)` through a namespace or a required module.
  const qualified = new Set(names.filter((name) => name.includes('.')));
  if (qualified.size > 0) {
    for (const call of fileIndex(program).of(AST_NODE_TYPES.CallExpression)) {
      if (qualified.has(getMemberPath(skipTypeWrappers(call.callee))?.join('.') ?? '')) calls.push(call);
    }
  }
  if (calls.length === 0) return 'none';
  return calls.every(keyedByChat) ? 'chat' : 'other';
}

/** The call `identifier` is the callee of (through type wrappers), or null. */
function calleeOf(identifier: TSESTree.Node): TSESTree.CallExpression | null {
  let callee = identifier;
  while (isTypeWrapper(callee.parent)) callee = callee.parent;
  const call = callee.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee ? call : null;
}

/** `session()`, `session({ initial, storage, prefix })`, `type: 'single'`: the default key. */
function keyedByChat(call: TSESTree.CallExpression): boolean {
  if (call.arguments.length === 0) return true;
  const options = skipTypeWrappers(call.arguments[0]!);
  if (call.arguments.length !== 1 || options.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return options.properties.every((property) => {
    const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
    if (key === null || !CHAT_KEY_OPTIONS.has(key)) return false;
    if (key !== 'type') return true;
    const value = (property as TSESTree.Property).value;
    return value.type === AST_NODE_TYPES.Literal && value.value === 'single';
  });
}
