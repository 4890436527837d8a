/**
 * Admin-only code: the one home of "this test holds only for the bot's operator" and "this node
 * runs only for the operator". The bot-framework guards (admin-only input steps), the catch-handler
 * model (a failure only the admin sees), the HTTP deadline model (a stall only the admin waits for)
 * and the input model all ask here.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, convertedToText, enclosingFunction, flippedComparison, topLevelStatement, functionOf, getMemberPath, getPropertyName, keptInitializer, propertyKey, resolveVariable, returnedValues, returnsOrThrows, skipTypeWrappers, type FunctionNode, type Variable } from '../ast/index.js';
import { ROUTE_METHODS, webServerOf } from '../project/index.js';
import { callersOf, projectCallersOf, projectUsesOf, referencedFunction, type CallSite, type FileRef } from '../summaries/index.js';
import { getFrameworkModel, modelFilename } from './model.js';
import { mountedOnlyBehind, mountingComposer } from './mounts.js';
import type { BotInstance, FrameworkModel } from './types.js';
import { sceneIdOf } from './scenes.js';
import { administratorOnlyCommand, senderIsAdministrator } from './discord-permissions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Names that say the operator: `ADMIN_ID`, `config.adminIds`, `isOwner`, `CREATOR_ID`, `process.env.ADMINCHATID`. */
const ADMIN_NAME = /admin|owner|creator/i;

/** String values that name the operator's role: `user.role === 'admin'`. */
const ADMIN_ROLES = 'admin|owner|creator|superadmin';
const ADMIN_ROLE = new RegExp(`^(?:${ADMIN_ROLES})$`, 'i');

/** Role values of the bot's operators, as a query selects them (`where: { role: Role.boss }`): the admin roles and the staff's. */
const OPERATOR_ROLES = `${ADMIN_ROLES}|boss|ceo|operator|moderator|manager`;
const OPERATOR_ROLE = new RegExp(`^(?:${OPERATOR_ROLES})$`, 'i');

/** Array methods that narrow or reshape a list of recipients, keeping who they are. */
const RESHAPES = new Set(['map', 'filter', 'flatMap', 'slice']);

/** A flag that says the operator: `user.isAdmin`, `is_owner`, `admin`. */
const ADMIN_FLAG = /^(?:is_?)?(?:super_?)?(?:admin|owner|creator)$/i;

/**
 * A variable that says the operator by itself: `isAdmin`, `is_owner`, `admin`. Not a bare `creator`
 * or `owner`: that is an entity looked up (`const creator = await repo.findByTelegramId(id)`, a
 * channel's creator, an item's owner), whose presence proves nothing about who acts.
 */
const ADMIN_VARIABLE = /^(?:is_?(?:super_?)?(?:admin|owner|creator)|(?:super_?)?admin)$/i;

/** Names of a value that holds an id: `chatId`, `userId`, `chat_id`, `uid`, `id`, `telegramId`. */
const ID_NAME = /^u?id$|[a-z0-9](?:Id|ID)$|_id$/i;

/** Number conversions that keep an id (`Number(id)`, `parseInt(id)`); text ones are {@link convertedToText}'s. */
const ID_CONVERSIONS = new Set(['Number', 'parseInt', 'BigInt']);

/**
 * Statements of blocks looked at for an admin exit before a node, and file texts searched for a
 * mention of scenes (once per file, see {@link mentionsScene}): work counts for tests.
 */
export const adminWork = { statementsScanned: 0, sceneTextSearches: 0 };

/** What a caller knows beyond the syntax (the framework model knows context paths and scopes). */
export interface AdminContext {
  /** Whether `node` holds the id of the sender or chat the code serves (`msg.from.id`, `const id = ctx.from.id`). */
  holdsId?(node: TSESTree.Node): boolean;
  /** What a `const` an identifier names holds, or null. */
  constInit?(identifier: TSESTree.Identifier): TSESTree.Node | null;
  /** The function a callee names (declared in this file, or a `const` holding one), or null: its returned values are tested in turn. */
  calledFunction?(callee: TSESTree.Node): FunctionNode | null;
  /** What a variable holds when its declaration is its only write (`var userid = msg.from.id.toString()`), or null: read only to follow the sender's id to an owner id written out. */
  keptInit?(identifier: TSESTree.Identifier): TSESTree.Node | null;
}

/**
 * Whether `test` being `truthy` proves that the code serves the operator: an id (a chat or user id,
 * a sender path) compared with an admin name (`chatId == process.env.ADMINCHATID`,
 * `msg.from.id !== ADMIN_ID` when falsy), a `role` compared with `'admin'`, a call named so
 * (`isAdmin(ctx)`, `ADMIN_IDS.includes(id)`), a flag (`user.isAdmin`, `admin?.isAdmin`), or a
 * `const` holding one; `a || b` of such tests, `a && b` with one. A test of a value that is not the
 * operator's (`chatId == process.env.GROUP_ID`) proves nothing.
 */
export function adminTest(test: TSESTree.Node, truthy: boolean, context: AdminContext = {}): boolean {
  const expression = skipTypeWrappers(test);
  switch (expression.type) {
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.AwaitExpression:
      return adminTest(expression.type === AST_NODE_TYPES.ChainExpression ? expression.expression : expression.argument, truthy, context);
    case AST_NODE_TYPES.UnaryExpression:
      return expression.operator === '!' && adminTest(expression.argument, !truthy, context);
    case AST_NODE_TYPES.LogicalExpression: {
      const left = adminTest(expression.left, truthy, context);
      const right = adminTest(expression.right, truthy, context);
      if (expression.operator === '&&') return truthy ? left || right : left && right;
      if (expression.operator === '||') return truthy ? left && right : left || right;
      return false;
    }
    case AST_NODE_TYPES.BinaryExpression:
      return comparesWithAdmin(expression, truthy, context);
    case AST_NODE_TYPES.CallExpression:
      return truthy && (namesAdmin(expression.callee) || returnsAdminTest(expression.callee, context) || senderHoldsOperatorRole(expression, context) || senderIsAdministrator(expression));
    case AST_NODE_TYPES.MemberExpression: {
      const property = getPropertyName(expression);
      return truthy && (ADMIN_FLAG.test(property ?? '') || (property === 'length' && lookedUpOperator(expression.object, false)));
    }
    case AST_NODE_TYPES.Identifier: {
      if (truthy && lookedUpOperator(expression, true)) return true;
      // `const admin = ADMIN_IDS.includes(ctx.from.id); if (!admin) return;`
      const init = context.constInit?.(expression);
      if (init) return skipTypeWrappers(init).type !== AST_NODE_TYPES.Identifier && adminTest(init, truthy, context);
      return truthy && ADMIN_VARIABLE.test(expression.name);
    }
    default:
      return false;
  }
}

/**
 * `const checkUser = async (ctx) => await checkAdmin(ctx.from?.id || 0)`: a function of this file
 * whose every returned value is an admin test, followed one call deep.
 */
function returnsAdminTest(callee: TSESTree.Node, context: AdminContext): boolean {
  const fn = context.calledFunction?.(callee);
  const returned = fn ? returnedValues(fn) : null;
  const inner: AdminContext = { ...context, calledFunction: undefined };
  return returned !== null && returned.length > 0 && returned.every((value) => adminTest(value, true, inner));
}

/** `chatId == ADMIN_ID`, `ctx.from.id !== config.ownerId` (falsy), `user.role === 'admin'`, `isAdmin === true`. */
function comparesWithAdmin(expression: TSESTree.BinaryExpression, truthy: boolean, context: AdminContext): boolean {
  const membership = indexOfMembership(expression);
  if (membership !== null) return membership === truthy;
  const count = countTest(expression);
  if (count !== null) return count.found === truthy && lookedUpOperator(count.rows, false);
  const equality = expression.operator === '===' || expression.operator === '==';
  const inequality = expression.operator === '!==' || expression.operator === '!=';
  if (!equality && !inequality) return false;
  const sides = [skipTypeWrappers(expression.left), skipTypeWrappers(expression.right)];
  return sides.some((side, index) => {
    const other = sides[1 - index]!;
    if (other.type === AST_NODE_TYPES.Literal && typeof other.value === 'boolean') return adminTest(side, equality === other.value ? truthy : !truthy, context);
    if (!(equality ? truthy : !truthy)) return false;
    if (other.type === AST_NODE_TYPES.Literal) return (typeof other.value === 'string' && ADMIN_ROLE.test(other.value) && namesRole(side)) || (isOwnerIdLiteral(other) && holdsSenderId(side, context, 0));
    // `token === ADMIN_TOKEN`; not `req.headers['x-admin-token'] !== undefined` (any value sent passes).
    if (!isNothing(side) && holdsAdminSecret(other, context, 0)) return true;
    return namesAdmin(other) && (context.holdsId?.(side) === true || namesId(side));
  });
}

/**
 * Telegram's own accounts, which send updates no person types: 777000 (the service account that forwards a
 * linked channel's posts into its discussion group), 1087968824 (GroupAnonymousBot: a group's anonymous
 * admins), 136817688 (Channel_Bot: a user speaking as a channel).
 */
const SERVICE_IDS = new Set(['777000', '1087968824', '136817688']);

/**
 * `'1130854062'`, `5012345678`: a Telegram user id written out — a positive integer of 5 to 13 digits
 * (a string of them or a number), not one of Telegram's service accounts. Only the person it names
 * passes a test of the sender against it: the developer's own account, written into the code.
 */
function isOwnerIdLiteral(literal: TSESTree.Literal): boolean {
  const text = typeof literal.value === 'number' && Number.isSafeInteger(literal.value) ? String(literal.value) : typeof literal.value === 'string' ? literal.value : null;
  return text !== null && /^[1-9]\d{4,12}$/.test(text) && !SERVICE_IDS.has(text);
}

/**
 * The id of the update's sender (`msg.from.id`, `ctx.from.id`, `String(ctx.from.id)`, `msg.from.id.toString()`),
 * or of its chat (a positive chat id is a user's private chat), also through a variable that keeps its
 * first value (`var userid = msg.from.id.toString()`) when the context reads those. Not an id the update
 * names otherwise (`msg.reply_to_message.from.id` is someone else's, `ctx.message.text` whatever was typed).
 */
function holdsSenderId(node: TSESTree.Node, context: AdminContext, depth: number): boolean {
  const value = skipTypeWrappers(node);
  if (getMemberPath(value.type === AST_NODE_TYPES.CallExpression ? (value.arguments[0] ?? value.callee) : value)?.some((name) => name === 'reply_to_message' || name.startsWith('forward'))) return false;
  if (context.holdsId?.(value) === true) return true;
  const converted = convertedToText(value);
  if (converted) return holdsSenderId(converted, context, depth);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = depth < 3 ? context.keptInit?.(value) : null;
    return init != null && holdsSenderId(init, context, depth + 1);
  }
  return namesSender(value);
}

/** `undefined`, `null`, a literal: no value a secret is compared with. */
function isNothing(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

/**
 * The last name of a value that holds a secret, the secret word a whole word of it: `ADMIN_PANEL_PASSWORD`,
 * `ADMINPASSWORD`, `adminSecret`, `config.admin.token`, `ADMIN_API_KEY`. Not `adminBypass`, nor a bare
 * `ADMIN_KEY` (often a settings key: `const ADMIN_KEY = 'admin_chat'`).
 */
function namesSecret(name: string): boolean {
  return /(?:^|[_-])(?:pass(?:word|wd|phrase)?|secret|token|api_?key)$/i.test(name) || /[a-z0-9](?:Pass(?:word|wd|phrase)?|Secret|Token|ApiKey)$/.test(name) || /^[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN)$/.test(name);
}

/** How many steps (`const`s, calls, concatenations) a secret is followed through. */
const MAX_SECRET_DEPTH = 8;

/**
 * A value made from the operator's secret: a name or path that says the operator and ends in a secret
 * (`process.env.ADMIN_PANEL_PASSWORD`, `config.adminSecret`), or a value built from one — a default
 * after it (`process.env.ADMIN_PASSWORD || 'x'`), a concatenation, a template, a call on it or with it
 * (`Buffer.from('admin:' + correct).toString('base64')`, `hash(ADMIN_TOKEN)`), followed through `const`s
 * when the context reads them. A request value equal to it comes from someone who knows the secret:
 * the operator (`if (token !== expected) return res.status(401)…`). A secret not named for the
 * operator (`process.env.API_KEY`, a webhook's signing secret) proves nothing about who sends.
 */
function holdsAdminSecret(node: TSESTree.Node, context: AdminContext, depth: number): boolean {
  const value = skipTypeWrappers(node);
  if (depth > MAX_SECRET_DEPTH) return false;
  switch (value.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression: {
      // A computed key names what is read, not what it holds: `req.headers['x-admin-token']` is whatever the request sent.
      const path = value.type === AST_NODE_TYPES.MemberExpression && value.computed ? null : getMemberPath(value);
      if (path !== null && namesSecret(path.at(-1)!) && namesAdmin(value)) return true;
      const init = value.type === AST_NODE_TYPES.Identifier ? context.constInit?.(value) : null;
      return init != null && holdsAdminSecret(init, context, depth + 1);
    }
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator !== '&&' && holdsAdminSecret(value.left, context, depth + 1);
    case AST_NODE_TYPES.BinaryExpression:
      return value.operator === '+' && (holdsAdminSecret(value.left, context, depth + 1) || holdsAdminSecret(value.right, context, depth + 1));
    case AST_NODE_TYPES.TemplateLiteral:
      return value.expressions.some((expression) => holdsAdminSecret(expression, context, depth + 1));
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(value.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && holdsAdminSecret(callee.object, context, depth + 1)) return true;
      return value.arguments.some((argument) => holdsAdminSecret(argument, context, depth + 1));
    }
    default:
      return false;
  }
}

/**
 * `ADMINS.indexOf(id) !== -1` (also `!= -1`, `> -1`, `>= 0`): true when the test being truthy means
 * the id is in an admin list; `=== -1`, `== -1`, `< 0`: false (truthy means it is not). Null for any
 * other comparison.
 */
function indexOfMembership(expression: TSESTree.BinaryExpression): boolean | null {
  const left = skipTypeWrappers(expression.left);
  const right = skipTypeWrappers(expression.right);
  if (left.type !== AST_NODE_TYPES.CallExpression || right.type !== AST_NODE_TYPES.UnaryExpression && right.type !== AST_NODE_TYPES.Literal) return null;
  const callee = skipTypeWrappers(left.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'indexOf' || !namesAdmin(callee.object)) return null;
  const bound = right.type === AST_NODE_TYPES.UnaryExpression ? (right.operator === '-' && right.argument.type === AST_NODE_TYPES.Literal && right.argument.value === 1 ? -1 : null) : right.value === 0 ? 0 : null;
  if (bound === -1 && ['!==', '!=', '>'].includes(expression.operator)) return true;
  if (bound === -1 && ['===', '=='].includes(expression.operator)) return false;
  if (bound === 0 && expression.operator === '>=') return true;
  if (bound === 0 && expression.operator === '<') return false;
  return null;
}

/**
 * `rows.length !== 0`, `rows.length > 0`, `rows.length >= 1` (truthy: a row was found), `rows.length === 0`,
 * `rows.length < 1` (truthy: none was): the rows and what the test being truthy says; null for any other test.
 */
function countTest(expression: TSESTree.BinaryExpression): { rows: TSESTree.Node; found: boolean } | null {
  const left = skipTypeWrappers(expression.left);
  const right = skipTypeWrappers(expression.right);
  const lengthLeft = isLength(left);
  const length = lengthLeft ? left : isLength(right) ? right : null;
  const bound = lengthLeft ? right : left;
  if (length === null || bound.type !== AST_NODE_TYPES.Literal || typeof bound.value !== 'number') return null;
  const operator = lengthLeft ? expression.operator : flippedComparison(expression.operator);
  const found = COUNT_TESTS[`${operator} ${bound.value}`];
  return found === undefined ? null : { rows: length.object, found };
}

/** What a count test being truthy says, by `operator bound` with the count on the left: a row was found (true) or none (false). */
const COUNT_TESTS: Partial<Record<string, boolean>> = { '!== 0': true, '!= 0': true, '> 0': true, '>= 1': true, '=== 0': false, '== 0': false, '< 1': false, '<= 0': false };

function isLength(node: TSESTree.Node): node is TSESTree.MemberExpression {
  return node.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node) === 'length';
}

/**
 * The result of a lookup of the sender among the operators: `User.find({ id: ctx.from.id, isAdmin: true }).then((u) => …)`'s
 * `u`, `const admin = await Users.findOne({ where: { telegramId: msg.from.id, role: 'admin' } })`. The query's
 * filter holds the sender's id and an admin flag set to `true` (or an operator role), so a row found is the
 * sender's operator row. `single`: the value itself is tested (`if (!admin) return`), which proves a row only
 * for a lookup of one row (`findOne`, `findFirst`, `findUnique`); a list (`find`) is tested by its `length`.
 */
function lookedUpOperator(node: TSESTree.Node, single: boolean): boolean {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  let lookup: TSESTree.Node | null = localConst(value);
  if (lookup === null) {
    // `query.then((rows) => …)`: the first parameter of a callback passed to `then` of the query.
    const fn = enclosingFunction(value);
    const first = fn?.params[0];
    const then = fn?.parent;
    if (first?.type !== AST_NODE_TYPES.Identifier || first.name !== value.name || then?.type !== AST_NODE_TYPES.CallExpression || then.arguments[0] !== fn) return false;
    const callee = skipTypeWrappers(then.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'then') return false;
    lookup = callee.object;
  }
  let call = skipTypeWrappers(lookup);
  if (call.type === AST_NODE_TYPES.AwaitExpression) call = skipTypeWrappers(call.argument);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (method === null || (single && !/^find(?:One|First|Unique)/.test(method))) return false;
  return call.arguments.some((argument) => {
    const filter = skipTypeWrappers(argument);
    if (filter.type !== AST_NODE_TYPES.ObjectExpression) return false;
    const where = propertyValue(filter, 'where');
    const fields = where?.type === AST_NODE_TYPES.ObjectExpression ? where : filter;
    const role = propertyValue(fields, 'role');
    const flagged = fields.properties.some(
      (property) => property.type === AST_NODE_TYPES.Property && ADMIN_FLAG.test(propertyKey(property) ?? '') && property.value.type === AST_NODE_TYPES.Literal && property.value.value === true,
    );
    const sender = fields.properties.some((property) => property.type === AST_NODE_TYPES.Property && namesSender(property.value));
    return sender && (flagged || (role !== null && namesOperatorRole(role)));
  });
}

/** `ctx.from.id`, `msg.from.id`, `ctx.update.message.from.id`, `String(ctx.chat.id)`: the sender's (or its chat's) id, read from the update. */
function namesSender(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.CallExpression) return value.callee.type === AST_NODE_TYPES.Identifier && ID_CONVERSIONS.has(value.callee.name) && value.arguments[0] !== undefined && namesSender(value.arguments[0]);
  const path = getMemberPath(value);
  return path !== null && path.length > 2 && path.at(-1) === 'id' && (path.at(-2) === 'from' || path.at(-2) === 'chat');
}

/**
 * `user.role`, a variable named `role` (`const role = await getUserRole(id)`), or a user's `type`
 * (`req.user?.type`: an account's kind, staff `'admin'` beside customers). Not any `type`
 * (`message.type`, `req.body.type`: what the request says it is).
 */
function namesRole(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'role';
  if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const property = getPropertyName(node);
  return property === 'role' || (property === 'type' && getMemberPath(node.object)?.at(-1) === 'user');
}

/**
 * `interaction.member.roles.cache.has(managerRole)` (discord.js; `message.member.roles.has(…)` before v12):
 * the member who sent the message or interaction holds a role whose name or value says an operator
 * (`ADMIN_ROLE_ID`, `config.roles.admin`, `managerRole`, `ceoNotifyRole`; see `namesOperatorRoleValue`).
 * Another member (`target.roles…`, `reaction.message.member…`: a message's author, not who reacts), a
 * role id written out or a role named otherwise (`verifiedRole`) proves nothing.
 */
function senderHoldsOperatorRole(call: TSESTree.CallExpression, context: AdminContext): boolean {
  const path = getMemberPath(call.callee);
  const tail = path?.slice(1).join('.');
  const role = call.arguments[0];
  if (call.arguments.length !== 1 || !role || (tail !== 'member.roles.cache.has' && tail !== 'member.roles.has')) return false;
  const value = skipTypeWrappers(role);
  if (namesOperatorRoleValue(value)) return true;
  const init = value.type === AST_NODE_TYPES.Identifier ? context.constInit?.(value) : null;
  return init != null && namesOperatorRoleValue(skipTypeWrappers(init));
}

/** `managerRole`, `ADMIN_ROLE_ID`, `config.roles.admin`, `process.env.OWNER_ROLE`: a name or path with a word that says an operator's role. */
function namesOperatorRoleValue(node: TSESTree.Node): boolean {
  const path = getMemberPath(node);
  return path !== null && path.some((name) => ADMIN_NAME.test(name) || wordsOf(name).some((word) => OPERATOR_ROLE.test(word)));
}

/** The words of a name: `ceoNotifyRole` → `ceo`, `Notify`, `Role`; `MOD_ROLE_ID` → `MOD`, `ROLE`, `ID`. */
function wordsOf(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
}

/** `ADMIN_ID`, `process.env.ADMINCHATID`, `config.admins`, `isOwner`: a name or path with a segment that says admin. */
export function namesAdmin(node: TSESTree.Node): boolean {
  const path = getMemberPath(node);
  return path !== null && path.some((name) => ADMIN_NAME.test(name));
}

/**
 * `const staff = await prisma.user.findMany({ where: { role: Role.boss } })`, then
 * `staff.map((u) => u.tgId).filter(Boolean)`: a list of the bot's operators, read from the store by
 * an operator role (a string or an enum member: `'admin'`, `Role.boss`). Followed through `const`s
 * of the same function, `await` and array methods that keep the recipients (`map`, `filter`).
 */
export function selectsOperators(node: TSESTree.Node, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (depth > 6) return false;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = localConst(value);
    return init !== null && selectsOperators(init, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.AwaitExpression) return selectsOperators(value.argument, depth + 1);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && RESHAPES.has(getPropertyName(callee) ?? '')) return selectsOperators(callee.object, depth + 1);
  return value.arguments.some((argument) => {
    const filter = skipTypeWrappers(argument);
    if (filter.type !== AST_NODE_TYPES.ObjectExpression) return false;
    const where = propertyValue(filter, 'where');
    const role = propertyValue(where?.type === AST_NODE_TYPES.ObjectExpression ? where : filter, 'role');
    return role !== null && namesOperatorRole(role);
  });
}

/** `'admin'`, `Role.boss`, `UserRole.ADMIN`: a value that names an operator role. */
function namesOperatorRole(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' && OPERATOR_ROLE.test(node.value);
  return node.type === AST_NODE_TYPES.MemberExpression && OPERATOR_ROLE.test(getPropertyName(node) ?? '');
}

/** The value of a plain `key: value` property of an object literal. */
function propertyValue(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | null {
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === key) return skipTypeWrappers(property.value);
  }
  return null;
}

/** What a `const` declared in a block around `identifier` (within its function) holds, or null. */
function localConst(identifier: TSESTree.Identifier): TSESTree.Expression | null {
  for (let node: TSESTree.Node | undefined = identifier.parent; node; node = node.parent) {
    if (node.type === AST_NODE_TYPES.BlockStatement) {
      for (const statement of node.body) {
        if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.kind !== 'const') continue;
        const declarator = statement.declarations.find((d) => d.id.type === AST_NODE_TYPES.Identifier && d.id.name === identifier.name);
        if (declarator) return declarator.init;
      }
    }
    if (node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.ArrowFunctionExpression) return null;
  }
  return null;
}

/** `chatId`, `msg.from.id`, `ctx.chat.id`, `req.user.userId`: a name or path that holds an id, or the sender. */
function namesId(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  // `String(chatId)`, `chatId.toString()`, `` `${chatId}` ``, `Number(msg.from.id)`: the same id in another type.
  const converted = convertedToText(value);
  if (converted) return namesId(converted);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = value.callee;
    return callee.type === AST_NODE_TYPES.Identifier && ID_CONVERSIONS.has(callee.name) && value.arguments[0] !== undefined && namesId(value.arguments[0]);
  }
  const path = getMemberPath(value);
  return path !== null && (ID_NAME.test(path.at(-1)!) || path.includes('from'));
}

/** `if (!isAdmin(id)) return;`, `if (chatId != ADMIN_ID) return res.sendStatus(403);`: an `if` without `else` that leaves unless the operator is served. */
export function isAdminExit(statement: TSESTree.Node, context: AdminContext = {}): boolean {
  return statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && returnsOrThrows(statement.consequent) && adminTest(statement.test, false, context);
}

/**
 * Whether only the bot's operator runs `code`: a function around it returns early unless an admin
 * test passes (`if (!(await isAdmin(ctx.from.id))) return;`, `if (chatId != ADMIN_ID) return;`,
 * `if (!isAdmin(req.user)) return res.status(403)…`), it sits in the branch an admin test opens
 * (`if (process.env.ADMINCHATID == chatId || process.env.ADMINCHATID2 == chatId) { … }`), or a
 * function around it is registered behind an admin middleware (`bot.command('x', adminOnly, h)`,
 * `router.post('/x', auth, requireAdmin, h)`, Fastify's `{ preHandler: [requireRole('ADMIN')] }`), on a
 * grammY composer filtered to the operator (`composer.filter((ctx) => ctx.chat?.id === ADMINS_CHAT_ID).on('message', h)`)
 * or mounted only behind such a filter (`admin.use(premiumComposer)`), or is a NestJS method behind an
 * admin guard (`@UseGuards(AdminGuard)` on it or its class).
 */
export function onlyAdminRuns(code: TSESTree.Node, sourceCode: SourceCode, filename?: string): boolean {
  return adminRuns(code, sourceCode, filename, 0);
}

function adminRuns(code: TSESTree.Node, sourceCode: SourceCode, filename: string | undefined, depth: number, scenes: SceneProofs = new Map()): boolean {
  let node: TSESTree.Node | undefined = code;
  while (node) {
    const fn = enclosingFunction(node);
    if (!fn) return false;
    if (registeredBehindAdmin(fn, sourceCode, filename) || routedBehindAdminUse(fn, sourceCode, filename) || registeredOnAdminFilter(fn, sourceCode, filename) || guardedByAdminTest(fn, node, undefined, sourceCode) || behindNestAdminGuard(fn)) return true;
    // A discord.js command module whose command Discord lets only a server's administrators use.
    if (administratorOnlyCommand(fn, sourceCode, filename ?? modelFilename(sourceCode))) return true;
    if (sceneEnteredByAdmin(fn, sourceCode, filename, scenes)) return true;
    // A helper of this file that only admin-gated code calls (`if (role !== 'admin') return; await approveRequest(…)`).
    const calls = depth < 2 ? callsOfLocalFunction(fn, sourceCode) : null;
    if (calls && calls.length > 0) {
      const called = calls.every((call) => adminRuns(call, sourceCode, filename, depth + 1, scenes));
      // A function declared inside another runs only while that one runs: when its calls prove nothing, the function around it may.
      if (called || fn.parent?.type === AST_NODE_TYPES.Program) return called;
    }
    // A method of a service only admin-gated code calls (`if (!this.assertAdmin(ctx)) return; await this.ledger.reverse(…)`).
    const sites = depth < 2 && !calls ? methodCalls(fn, sourceCode, filename) : null;
    if (sites && sites.length > 0) return sites.every(({ call, file }) => adminRuns(call, file.sourceCode, file.filename, depth + 1, scenes));
    // A handler exported to the file that registers it (`bot.command('stats', adminOnly, statsCommand)` there).
    if (depth < 2 && enclosingFunction(fn) === null && exportedToAdminRegistrations(fn, sourceCode, filename, depth)) return true;
    node = fn.parent;
  }
  return false;
}

/**
 * The scenes one question about admin-only code has met, by id: true while a scene is being proved
 * (a way back into it from its own handlers, or from a scene only it enters, adds no user) or once
 * proved, false once refuted.
 */
type SceneProofs = Map<string, boolean>;

/** How many scenes one question follows, its first included. */
const MAX_SCENES = 12;

/**
 * A handler of a Telegraf scene (a wizard step, `scene.hears(…)`, `scene.enter(…)`) runs only for a
 * user inside the scene, so only for the operator when every call that may enter it in the bot
 * project (`ctx.scene.enter('admin')`, see `sceneEnterSites`) runs only for the operator:
 * `bot.command('panel', (ctx) => { if (ctx.from.id !== ADMIN_ID) return; return ctx.scene.enter('admin'); })`,
 * or sits in a handler of a scene that is itself only the operator's — the panel's `hears('Edit', (ctx) =>
 * ctx.scene.enter('EDIT_PRODUCT'))`, and the wizard's last step going back with `ctx.scene.enter('ADMIN_PANEL')`:
 * scenes that enter each other are the operator's together when every way into them from outside is.
 * A scene entered by a middleware registered as a handler itself (`bot.action('x', Stage.enter('admin'))`),
 * from a call not read, or entered nowhere proves nothing; one enter outside an admin check keeps it
 * (and every scene it enters) open to users.
 */
function sceneEnteredByAdmin(fn: TSESTree.FunctionLike, sourceCode: SourceCode, filename: string | undefined, scenes: SceneProofs): boolean {
  if (!mentionsScene(sourceCode)) return false;
  const model = getFrameworkModel(sourceCode, filename);
  // Every way in: a handler also registered on the bot (`scene.hears('Back', back); bot.hears('Back', back)`), or called by another, runs for anyone.
  const entries = (fn.type === AST_NODE_TYPES.TSDeclareFunction || fn.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression ? null : model.getHandler(fn))?.entries ?? [];
  return (
    entries.length > 0 &&
    entries.every((entry) => {
      const id = entry.kind === 'registration' ? sceneIdOf(entry.registration, entry.model ?? model) : null;
      return id !== null && sceneOnlyForAdmin(model, id, sourceCode, filename, scenes);
    })
  );
}

/** A file that may register scene handlers (`new Scenes.WizardScene(…)`, `scene.hears(…)`). */
const MENTIONS_SCENE = /scene/i;

/** {@link mentionsScene}'s answers per file: asked for each function on the way up from every admin question. */
const sceneMentions = new WeakMap<SourceCode, boolean>();

/** Whether the file's text mentions scenes: a search of the whole text, once per file, not once per function asked about. */
function mentionsScene(sourceCode: SourceCode): boolean {
  let known = sceneMentions.get(sourceCode);
  if (known === undefined) {
    adminWork.sceneTextSearches++;
    known = MENTIONS_SCENE.test(sourceCode.text);
    sceneMentions.set(sourceCode, known);
  }
  return known;
}

function sceneOnlyForAdmin(model: FrameworkModel, id: string, sourceCode: SourceCode, filename: string | undefined, scenes: SceneProofs): boolean {
  const known = scenes.get(id);
  if (known !== undefined) return known;
  // A scene met first, with nothing assumed and the project known: its answer holds for any later question from this file.
  const first = scenes.size === 0 && model.file() !== null;
  let answers = sceneAnswers.get(model);
  if (first && answers?.has(id)) return answers.get(id)!;
  if (scenes.size >= MAX_SCENES) return false;
  const before = new Set(scenes.keys());
  scenes.set(id, true);
  const sites = model.sceneEnterSites(id);
  const answer =
    sites !== null &&
    sites.length > 0 &&
    sites.every((site) => {
      const file = site.model === model ? { sourceCode, filename } : site.model.file();
      return site.handler !== null && file !== null && adminRuns(site.call, file.sourceCode, file.filename, 1, scenes);
    });
  if (!answer) {
    // What was proved while this scene was assumed the operator's is proved no more.
    for (const [met, proved] of scenes) if (proved && !before.has(met)) scenes.delete(met);
    scenes.set(id, false);
  }
  if (first) {
    if (!answers) sceneAnswers.set(model, (answers = new Map<string, boolean>()));
    answers.set(id, answer);
  }
  return answer;
}

/** Per file's framework model: the scenes answered with nothing assumed. */
const sceneAnswers = new WeakMap<FrameworkModel, Map<string, boolean>>();

/**
 * The calls of a function declared by name at the top of a module and not exported, or in a block of
 * another function (`function transfer(…) { … }` inside a listener), when each reference to it is a
 * direct call (see `callersOf`); null otherwise (it may be passed on or exported).
 */
function callsOfLocalFunction(fn: TSESTree.FunctionLike, sourceCode: SourceCode): TSESTree.CallExpression[] | null {
  if (fn.type !== AST_NODE_TYPES.FunctionDeclaration || (fn.parent?.type !== AST_NODE_TYPES.Program && fn.parent?.type !== AST_NODE_TYPES.BlockStatement)) return null;
  let calls = localCalls.get(fn);
  if (calls === undefined) localCalls.set(fn, (calls = callersOf(fn, sourceCode)));
  return calls;
}

const localCalls = new WeakMap<TSESTree.FunctionLike, TSESTree.CallExpression[] | null>();

/**
 * The calls of a class method in its bot project (see `projectCallersOf`): a `private` method's
 * `this.m(…)`, a method of a NestJS service through the fields it is injected into
 * (`constructor(private ledger: LedgerService)`, `this.ledger.m(…)`). Null when any caller is unseen
 * or the framework calls it (a decorated handler). Needs the file's name, as `exportedToAdmin` does.
 */
function methodCalls(fn: TSESTree.FunctionLike, sourceCode: SourceCode, known: string | undefined): CallSite[] | null {
  const element = fn.parent;
  if (element?.type !== AST_NODE_TYPES.MethodDefinition && element?.type !== AST_NODE_TYPES.PropertyDefinition) return null;
  const filename = known ?? modelFilename(sourceCode);
  if (filename === null || fn.type === AST_NODE_TYPES.TSDeclareFunction || fn.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) return null;
  let sites = methodSites.get(fn);
  if (sites === undefined) methodSites.set(fn, (sites = projectCallersOf(fn, { sourceCode, filename })));
  return sites;
}

const methodSites = new WeakMap<TSESTree.FunctionLike, CallSite[] | null>();

/**
 * Whether every use of a module's exported function in its bot project (see `projectUsesOf`) runs it
 * only for the operator: passed on only as a handler behind an admin middleware
 * (`bot.command('stats', adminMiddleware, statsCommand)` in the file that imports it), called only
 * from admin-only code. Needs the file's name: the one given, or the one the framework model was asked with.
 */
function exportedToAdminRegistrations(fn: TSESTree.FunctionLike, sourceCode: SourceCode, known: string | undefined, depth: number): boolean {
  // Asked for each finding in the function: the project's files are read once per function (from the top, with a name).
  if (depth > 0 || (known ?? modelFilename(sourceCode)) === null) return exportedToAdmin(fn, sourceCode, known, depth);
  let answer = exportedAnswers.get(fn);
  if (answer === undefined) exportedAnswers.set(fn, (answer = exportedToAdmin(fn, sourceCode, known, depth)));
  return answer;
}

const exportedAnswers = new WeakMap<TSESTree.FunctionLike, boolean>();

function exportedToAdmin(fn: TSESTree.FunctionLike, sourceCode: SourceCode, known: string | undefined, depth: number): boolean {
  const filename = known ?? modelFilename(sourceCode);
  if (filename === null || fn.type === AST_NODE_TYPES.TSDeclareFunction || fn.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) return false;
  const file: FileRef = { sourceCode, filename };
  const uses = projectUsesOf(fn, file);
  if (!uses || uses.values.length + uses.calls.length === 0) return false;
  return uses.values.every(({ value, file: at }) => registeredBehindAdmin(value, at.sourceCode, at.filename) || routedBehindAdminUse(value, at.sourceCode, at.filename)) && uses.calls.every(({ call, file: at }) => adminRuns(call, at.sourceCode, at.filename, depth + 1));
}

/**
 * `bot.command('x', adminOnly, handler)`, `app.get('/x', requireAdmin(), handler)`: a middleware before
 * the handler named like an admin check, or a list of middleware that holds one (see `adminMiddleware`);
 * also a route's options that run one first (Fastify's `{ preHandler: [requireRole('ADMIN')] }`).
 * With the file's name, a middleware factory imported from a project file is read too.
 */
function registeredBehindAdmin(fn: TSESTree.Node, sourceCode: SourceCode, filename?: string): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const index = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
  const file = filename ?? modelFilename(sourceCode);
  return call.arguments.slice(1, Math.max(index, 0)).some((argument) => adminMiddleware(argument, sourceCode, 0, file));
}

/**
 * A middleware argument named like an admin check (`requireAdmin`, `requireAdmin()`), or a list of
 * middleware that holds one, as Express flattens it: an array (`[auth, requireAdmin]`), or a `const`
 * array passed or spread (`const SA = [validateTma, requireSuperAdmin]`, `router.get('/x', ...SA, h)`);
 * or a middleware whose body lets only the operator on (see `gatesToAdmin`), also one a factory makes
 * (see `madeGate`: `const canManage = requirePermission('menu.manage')`).
 */
function adminMiddleware(argument: TSESTree.Node, sourceCode: SourceCode, depth: number, filename: string | null): boolean {
  let value = skipTypeWrappers(argument);
  if (value.type === AST_NODE_TYPES.SpreadElement) value = skipTypeWrappers(value.argument);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return depth < 3 && value.elements.some((element) => element !== null && adminMiddleware(element, sourceCode, depth + 1, filename));
  // A route's options: `{ preHandler: [requireRole('ADMIN')] }`, `{ onRequest: fastify.authenticateAdmin }` (Fastify runs these hooks before the handler).
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    return depth < 3 && ROUTE_HOOKS.some((hook) => {
      const hooked = propertyValue(value, hook);
      return hooked !== null && adminMiddleware(hooked, sourceCode, depth + 1, filename);
    });
  }
  if (namesAdmin(value.type === AST_NODE_TYPES.CallExpression ? value.callee : value) || requiresOperatorRole(value)) return true;
  const init = value.type === AST_NODE_TYPES.Identifier ? constInitializer(value, sourceCode) : null;
  if (init !== null && skipTypeWrappers(init).type === AST_NODE_TYPES.ArrayExpression) return adminMiddleware(init, sourceCode, depth + 1, filename);
  return gatesToAdmin(value, sourceCode) || madeGate(init ?? value, sourceCode, filename);
}

/**
 * `requirePermission('menu.stop_list.manage')` (held in a `const` or passed as is): a call of a factory of
 * this file, or imported from a project file, whose every returned value is a middleware that lets only
 * the operator on (see `functionGatesToAdmin`), whatever the arguments:
 * `(...permissions) => (req, res, next) => { if (req.user?.type !== 'admin') return res.status(403)…; …; next(); }`.
 * A factory whose middleware lets any signed-in user with the right scope on proves nothing.
 */
function madeGate(value: TSESTree.Node, sourceCode: SourceCode, filename: string | null): boolean {
  const call = skipTypeWrappers(value);
  const callee = call.type === AST_NODE_TYPES.CallExpression ? skipTypeWrappers(call.callee) : null;
  if (callee?.type !== AST_NODE_TYPES.Identifier) return false;
  const found = filename === null ? null : referencedFunction(callee, { sourceCode, filename });
  const factory = found?.fn ?? functionOf(callee, sourceCode);
  const at = found?.file.sourceCode ?? sourceCode;
  const returned = factory ? returnedValues(factory) : null;
  return returned !== null && returned.every((made) => {
    const middleware = functionOf(made, at);
    return middleware !== null && functionGatesToAdmin(middleware, at);
  });
}

/** The options of a Fastify route that hold hooks run before its handler (a failing hook answers and ends the request). */
const ROUTE_HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'];

/** A call that names a role check: `requireRole('ADMIN')`, `hasRoles('admin', 'moderator')`, `checkPermission(Role.ADMIN)`. */
const ROLE_CHECK = /role|permission/i;

/**
 * `requireRole('ADMIN')`, `roles(Role.ADMIN, Role.MODERATOR)`: a middleware made by a call named for a
 * role check whose every argument names an operator role. `requireRole('USER', 'ADMIN')` lets users on.
 */
function requiresOperatorRole(value: TSESTree.Node): boolean {
  if (value.type !== AST_NODE_TYPES.CallExpression || value.arguments.length === 0) return false;
  const path = getMemberPath(value.callee);
  return path !== null && ROLE_CHECK.test(path.at(-1)!) && value.arguments.every((argument) => namesOperatorRole(skipTypeWrappers(argument)));
}

/** NestJS's guard decorator: `@UseGuards(AdminGuard)` runs the guard before the method; a guard that returns false answers 403. */
const NEST_GUARDS = 'UseGuards';

/** NestJS role metadata read by a roles guard: `@Roles('admin')`, `@Roles(Role.ADMIN)`. */
const NEST_ROLES = /^roles?$/i;

/**
 * A method of a NestJS controller or nestjs-telegraf update run only behind a guard for the operator: the
 * method or its class carries `@UseGuards(AdminGuard)` (a guard named for the operator), or `@UseGuards(…)`
 * with `@Roles('admin')` (`@Roles(Role.ADMIN)`) whose every role is an operator's. A guard named otherwise
 * (`@UseGuards(JwtAuthGuard)`) lets any signed-in user on.
 */
function behindNestAdminGuard(fn: TSESTree.FunctionLike): boolean {
  const method = fn.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn || method.static) return false;
  const owner = method.parent.parent;
  const decorators = [...method.decorators, ...(owner.type === AST_NODE_TYPES.ClassDeclaration ? owner.decorators : [])];
  const calls = decorators.map((decorator) => skipTypeWrappers(decorator.expression)).filter((expression): expression is TSESTree.CallExpression => expression.type === AST_NODE_TYPES.CallExpression);
  const named = (call: TSESTree.CallExpression) => getMemberPath(call.callee)?.at(-1) ?? '';
  const guards = calls.filter((call) => named(call) === NEST_GUARDS);
  if (guards.some((guard) => guard.arguments.some(namesAdminGuard))) return true;
  const roles = calls.filter((call) => NEST_ROLES.test(named(call)));
  return guards.length > 0 && roles.length > 0 && roles.every((call) => call.arguments.length > 0 && call.arguments.every((argument) => namesOperatorRole(skipTypeWrappers(argument))));
}

/** `AdminGuard`, `new OwnerGuard()`: a guard named for the operator. */
function namesAdminGuard(argument: TSESTree.Node): boolean {
  const value = skipTypeWrappers(argument);
  return namesAdmin(value.type === AST_NODE_TYPES.NewExpression ? value.callee : value);
}

/**
 * A middleware of this file whose body lets only the operator on, whatever its name: each use of its
 * `next` parameter (the last of two or three) runs only after an admin test passed
 * (`function gate(req, res, next) { if (String(req.user.telegram_id) !== SUPER_ADMIN_ID) return res.status(403).end(); next(); }`,
 * `async (ctx, next) => { if (await checkUser(ctx)) await next(); }` with `const checkUser = (ctx) => checkAdmin(ctx.from.id)`).
 * A `next` never used, or used once outside such a test (`catch (e) { next(e); }`), proves nothing.
 */
function gatesToAdmin(middleware: TSESTree.Node, sourceCode: SourceCode): boolean {
  const fn = functionOf(middleware, sourceCode);
  return fn !== null && functionGatesToAdmin(fn, sourceCode);
}

/** `gatesToAdmin` of a function found (in this file or, imported, in its own: `sourceCode` is that file's). */
function functionGatesToAdmin(fn: FunctionNode, sourceCode: SourceCode): boolean {
  const next = fn.params.length === 2 || fn.params.length === 3 ? fn.params.at(-1)! : null;
  if (next?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = sourceCode.getDeclaredVariables(fn).find((declared) => declared.name === next.name);
  const uses = variable?.references.filter((reference) => reference.identifier !== next) ?? [];
  const context: AdminContext = { constInit: (identifier) => constInitializer(identifier, sourceCode), calledFunction: (callee) => functionOf(callee, sourceCode) };
  return uses.length > 0 && uses.every((reference) => guardedByAdminTest(fn, reference.identifier, context));
}

/**
 * `composer.use(gate)` at the top of the module, before the registration `call` on `composer` (also at
 * the top): the framework runs middleware in order, so the handler runs only when `gate` passed on —
 * a middleware named like an admin check or one whose body proves it (see `adminMiddleware`).
 */
function gatedByUse(receiver: TSESTree.Identifier, call: TSESTree.CallExpression, sourceCode: SourceCode, filename?: string): boolean {
  const registered = topLevelStatement(call);
  const variable = registered && resolveVariable(receiver, sourceCode);
  if (!variable) return false;
  const file = filename ?? modelFilename(sourceCode);
  // Without the file's name an imported gate is not read: that answer is not kept for a later question that has it.
  let gateEnd = file === null ? undefined : useGates.get(variable);
  if (gateEnd === undefined) gateEnd = firstAdminUse(variable, sourceCode, file);
  if (file !== null) useGates.set(variable, gateEnd);
  return gateEnd <= registered.range[0];
}

/** Per variable: where the first top-level `x.use(gate)` statement with admin gates only ends (Infinity: none). */
const useGates = new WeakMap<object, number>();

function firstAdminUse(variable: Variable, sourceCode: SourceCode, filename: string | null): number {
  let end = Infinity;
  const express = holdsExpressReceiver(variable, sourceCode);
  for (const { identifier } of variable.references) {
    const member = identifier.parent;
    const use = member?.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || getPropertyName(member) !== 'use') continue;
    if (use?.type !== AST_NODE_TYPES.CallExpression || use.callee !== member || use.arguments.length === 0) continue;
    const statement = topLevelStatement(use);
    if (statement === null || statement.range[1] >= end) continue;
    const gates = express ? use.arguments.every((argument) => expressGate(argument, sourceCode, filename)) : use.arguments.every((argument) => adminMiddleware(argument, sourceCode, 0, filename) && !mountsComposer(argument, sourceCode));
    if (gates) end = statement.range[1];
  }
  return end;
}

/**
 * An Express route registered at the top of the module on an app or router (`express()`,
 * `express.Router()`, `Router()`, `require('express').Router()`) after a top-level
 * `router.use(requirePanelAuth)` whose every argument gates to the operator (see `expressGate`):
 * Express runs an app's or router's middleware in the order registered, so every route after the
 * `use` runs only when the gate passed on. A route registered before the `use`, a `use` under a path
 * (`router.use('/admin', gate)`), a router built inside a function, prove nothing.
 */
function routedBehindAdminUse(fn: TSESTree.Node, sourceCode: SourceCode, filename: string | undefined): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.indexOf(fn as TSESTree.CallExpressionArgument) < 1) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !ROUTE_METHODS.has(getPropertyName(callee) ?? '')) return false;
  const receiver = skipTypeWrappers(callee.object);
  return receiver.type === AST_NODE_TYPES.Identifier && createsExpressReceiver(constInitializer(receiver, sourceCode), sourceCode) && gatedByUse(receiver, call, sourceCode, filename);
}

/** An Express app or router: `express()`, `express.Router()`, `Router()` (imported from express), `require('express').Router()` (`webServerOf`, the one answer). */
function createsExpressReceiver(init: TSESTree.Node | null, sourceCode: SourceCode): boolean {
  return init !== null && webServerOf(init, sourceCode) === 'express';
}

/** Whether a receiver's variable holds an Express app or router (see `createsExpressReceiver`). */
function holdsExpressReceiver(variable: Variable, sourceCode: SourceCode): boolean {
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  return def?.type === TSESLint.Scope.DefinitionType.Variable && def.parent.kind === 'const' && createsExpressReceiver(def.node.init, sourceCode);
}

/** Names of a gate or of a factory that makes one: `requireAdmin`, `ensureOwner()`, `checkAdmin`, `isAdmin`, `adminOnly`, `adminAuth`, `AdminGuard`. Not `adminRouter`, `adminPanel`. */
const GATE_NAME = /^(?:require|ensure|check|verify|assert|only|must|is|auth|protect)|(?:only|auth|guard|gate|check)$/i;

/**
 * An argument of an Express `use` that lets only the operator on: a middleware function (of this
 * file, or a project file's export) whose body proves it (see `functionGatesToAdmin`: a password,
 * session or id check that answers before `next`), or named for the operator (`requireAdmin`) unless
 * its body passes every request on (`function adminLog(req, res, next) { console.log(req.url); next(); }`);
 * a gate's name imported from a module not read (`const { requireAdmin } = require('../middleware/auth')`);
 * a gate factory's call (`requireAdmin()`, `requireRole('ADMIN')`), or a call of a factory whose
 * middleware proves it (see `madeGate`), passed as is or held in a `const`. A router mounted
 * (`app.use(adminRouter)`, `app.use(require('./admin'))`), a package's middleware (`express.json()`), a
 * value of this file that is no function nor such a gate, is no gate.
 */
function expressGate(argument: TSESTree.Node, sourceCode: SourceCode, filename: string | null): boolean {
  const value = skipTypeWrappers(argument);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const name = getMemberPath(value.callee)?.at(-1) ?? '';
    return requiresOperatorRole(value) || (GATE_NAME.test(name) && namesAdmin(value.callee)) || madeGate(value, sourceCode, filename);
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const local = functionOf(value, sourceCode);
  const imported = local || filename === null ? null : referencedFunction(value, { sourceCode, filename });
  const fn = local ?? imported?.fn;
  if (fn) return functionGatesToAdmin(fn, imported?.file.sourceCode ?? sourceCode) || (namesAdmin(value) && !passesEveryRequest(fn));
  // A value of this file that is no function (`const adminRouter = express.Router()`), unless a factory made a gate of it.
  const init = constInitializer(value, sourceCode);
  if (init !== null) return madeGate(init, sourceCode, filename);
  return GATE_NAME.test(value.name) && namesAdmin(value);
}

/**
 * `(req, res, next) => { console.log(req.url); next(); }`: a middleware whose body calls its `next` as a
 * statement of its own, with only expression statements and declarations before it — it answers no request.
 */
function passesEveryRequest(fn: FunctionNode): boolean {
  const next = fn.params.length === 2 || fn.params.length === 3 ? fn.params.at(-1)! : null;
  if (next?.type !== AST_NODE_TYPES.Identifier || fn.body?.type !== AST_NODE_TYPES.BlockStatement) return false;
  for (const statement of fn.body.body) {
    let expression = statement.type === AST_NODE_TYPES.ExpressionStatement ? statement.expression : statement.type === AST_NODE_TYPES.ReturnStatement ? statement.argument : null;
    if (expression?.type === AST_NODE_TYPES.AwaitExpression) expression = expression.argument;
    if (expression?.type === AST_NODE_TYPES.CallExpression && expression.callee.type === AST_NODE_TYPES.Identifier && expression.callee.name === next.name) return true;
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement && statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  }
  return false;
}

/**
 * `bot.use(adminHandler)` with `const adminHandler = new Composer()` (here or imported): a composer
 * mounted, whatever its name — it passes each update it does not handle on, so it gates nothing.
 */
function mountsComposer(argument: TSESTree.Node, sourceCode: SourceCode): boolean {
  return getFrameworkModel(sourceCode).resolveBot(skipTypeWrappers(argument)) !== null;
}

/**
 * A registration of the framework model whose handler `fn` runs only when an admin predicate holds:
 * `bot.filter(isAdmin, h)`, `bot.drop((ctx) => ctx.from?.id !== ADMIN_ID, h)` (after the predicate),
 * or a grammY registration on a composer a `filter` made (`const feature = composer.filter((ctx) =>
 * Number(ctx.chat?.id) === config.ADMINS_CHAT_ID && …); feature.on('message:text', h)`): grammY's
 * `filter`, `on`, `command`… return the filtered composer, so what is chained on it stays behind the
 * filter. Telegraf's return the composer itself: only the handlers passed to `filter` are behind it.
 */
function registeredOnAdminFilter(fn: TSESTree.FunctionLike, sourceCode: SourceCode, filename: string | undefined): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const index = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
  const registration = index < 0 ? undefined : getFrameworkModel(sourceCode, filename).registrationsAt(call)[0];
  if (!registration) return false;
  if (index > 0 && adminFilter(call, sourceCode)) return true;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = skipTypeWrappers(callee.object);
  if (receiver.type === AST_NODE_TYPES.Identifier && gatedByUse(receiver, call, sourceCode)) return true;
  if (registration.framework !== 'grammy') return false;
  if (filteredToAdmin(receiver, sourceCode, 0, call)) return true;
  const root = mountingComposer(getFrameworkModel(sourceCode, filename), receiver);
  return root !== null && composerBehindAdmin(root.model, root.instance, 0);
}

/**
 * A grammY composer every mount of which (see `mountedOnlyBehind`) is behind an admin filter or gate:
 * `export const premium = new Composer()` in one file, `const admin = adminHandler.filter((ctx) => isAdmin(ctx.from?.id)); admin.use(premium)`
 * in another — also below a composer that is itself mounted only so. One mount on the bot itself
 * (`bot.use(premium)`), or a use the model cannot read, proves nothing.
 */
function composerBehindAdmin(model: FrameworkModel, instance: BotInstance, depth: number): boolean {
  if (instance.framework !== 'grammy' || instance.kind !== 'composer' || depth > 3) return false;
  let answer = composerAnswers.get(instance);
  if (answer !== undefined) return answer;
  // A cycle of mounts proves nothing while it is being answered.
  composerAnswers.set(instance, false);
  answer = mountedOnlyBehind(model, instance, (owner, receiver) => {
    const file = owner.file();
    const use = receiver.parent?.parent;
    if (!file || use?.type !== AST_NODE_TYPES.CallExpression) return false;
    const start = skipTypeWrappers(receiver);
    if (start.type === AST_NODE_TYPES.Identifier && gatedByUse(start, use, file.sourceCode)) return true;
    if (filteredToAdmin(receiver, file.sourceCode, 0, use)) return true;
    const root = mountingComposer(owner, receiver);
    return root !== null && composerBehindAdmin(root.model, root.instance, depth + 1);
  });
  composerAnswers.set(instance, answer);
  return answer;
}

/** Per composer creation: whether it is mounted only behind an admin filter. */
const composerAnswers = new WeakMap<object, boolean>();

/** Whether a grammY composer expression is (made from) one filtered to the operator: `composer.filter(isAdmin)`, `feature.chatType('group')` with `const feature = bot.filter(…)`. */
function filteredToAdmin(receiver: TSESTree.Node, sourceCode: SourceCode, depth: number, registration: TSESTree.CallExpression): boolean {
  const value = skipTypeWrappers(receiver);
  if (depth > 8) return false;
  if (value.type === AST_NODE_TYPES.Identifier) {
    // `adminComposer.use(gate)` before `adminComposer.chatType('private').command(…)`: the chain starts behind the gate.
    if (depth > 0 && gatedByUse(value, registration, sourceCode)) return true;
    const init = constInitializer(value, sourceCode);
    return init !== null && filteredToAdmin(init, sourceCode, depth + 1, registration);
  }
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  if (adminFilter(value, sourceCode)) return true;
  const callee = skipTypeWrappers(value.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && filteredToAdmin(callee.object, sourceCode, depth + 1, registration);
}

/** `x.filter(pred, …)` whose predicate holds only for the operator, or `x.drop(pred, …)` whose predicate fails only for the operator. */
function adminFilter(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const predicate = call.arguments[0];
  if ((method !== 'filter' && method !== 'drop') || !predicate) return false;
  const truthy = method === 'filter';
  // `bot.filter(isAdmin)`: a predicate named for the operator.
  if (truthy && namesAdmin(predicate)) return true;
  const fn = functionOf(predicate, sourceCode);
  const returned = fn ? returnedValues(fn) : null;
  return returned !== null && returned.every((value) => adminTest(value, truthy));
}

/**
 * An admin exit before `inner` in the function's body or in a block (or `switch` case) of it that
 * holds `inner`: `if (data.startsWith('add_')) { if (!user.isAdmin) return; … }` — what follows in
 * that block runs only for the operator. Or `inner` sits in the branch an admin test opens.
 */
function guardedByAdminTest(fn: TSESTree.FunctionLike, inner: TSESTree.Node, context?: AdminContext, sourceCode?: SourceCode): boolean {
  const tests = context ?? (sourceCode ? keptContext(sourceCode) : {});
  for (let node: TSESTree.Node = inner; node !== fn; node = node.parent!) {
    const parent = node.parent!;
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.test !== node && adminTest(parent.test, parent.consequent === node, tests)) return true;
    const statements = parent.type === AST_NODE_TYPES.BlockStatement ? parent.body : parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : null;
    if (!statements) continue;
    // With a context (a middleware's few statements), no memo: the memo holds the answer with the file's kept variables only.
    if (context ? statements.some((statement) => statement.range[1] <= node.range[0] && isAdminExit(statement, context)) : adminExitBefore(statements, node.range[0], tests)) return true;
  }
  return false;
}

/** The context `onlyAdminRuns` tests with: a variable's first value when it keeps it (`var userid = msg.from.id.toString()`). */
function keptContext(sourceCode: SourceCode): AdminContext {
  let context = keptContexts.get(sourceCode);
  if (!context) keptContexts.set(sourceCode, (context = { keptInit: (identifier) => keptInitializer(resolveVariable(identifier, sourceCode)) }));
  return context;
}

const keptContexts = new WeakMap<SourceCode, AdminContext>();

/** Per block: how many of its statements were checked for an admin exit, and where the first one found ends. */
const adminExits = new WeakMap<readonly TSESTree.Node[], { checked: number; firstEnd: number }>();

/**
 * Whether a statement of a block that ends by `at` is an admin exit. The statements before `at` are
 * a prefix of the block: each is checked once per block, not again for every write after it.
 */
function adminExitBefore(statements: readonly TSESTree.Node[], at: number, context: AdminContext): boolean {
  let memo = adminExits.get(statements);
  if (!memo) adminExits.set(statements, (memo = { checked: 0, firstEnd: Infinity }));
  while (memo.firstEnd === Infinity && memo.checked < statements.length && statements[memo.checked]!.range[1] <= at) {
    const statement = statements[memo.checked]!;
    adminWork.statementsScanned++;
    if (isAdminExit(statement, context)) memo.firstEnd = statement.range[1];
    memo.checked++;
  }
  return memo.firstEnd <= at;
}
