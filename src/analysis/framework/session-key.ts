/**
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
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { exportCallees, fileIndex, getMemberPath, propertyKey, skipTypeWrappers, someInSameFunction } from '../ast/index.js';
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
  if ((value.type === AST_NODE_TYPES.Literal && value.value === null) || (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined')) return true;
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
