/**
 * Deliberate fallbacks that hide nothing a maintainer would act on: a count or a list read for a
 * view that falls back to `0` / `[]`, a cache read that falls back to the source of truth, a cache
 * fill with an expiry, idempotent index creation at startup whose "already exists" is expected.
 * A fallback around a write of state (a `del` of a key that names no cache, an `update`, a `set`
 * without expiry) is not one.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, enclosingFunction, type FunctionNode, getCalleeName, getMemberPath, getPropertyName, importedBinding, type ImportedBinding, isIdentifierNamed, isNullish, logicalOperands, outermostWrapper, propertyKey, requiredModule, resolveVariable, returnsOrThrows, sameText, skipTypeWrappers, someInSameFunction, staticString, walkSameFunction } from '../ast/index.js';
import { chatRole } from '../framework/index.js';
import { RESPONSE_SENDS, RESPONSE_SETTERS } from '../http/index.js';
import { getSqlModel } from '../sql/index.js';
import { answersClientError, answersServerError, onlyCalls, onlyTalksToUser, type Handler } from './catch-handlers.js';
import type { LoggerMatcher } from './loggers.js';

/** Reads that count: their result is a number shown or added up (`lLen`, `countDocuments`). */
const COUNT_READS = new Set([
  'count',
  'countDocuments',
  'estimatedDocumentCount',
  'lLen',
  'llen',
  'sCard',
  'scard',
  'zCard',
  'zcard',
  'hLen',
  'hlen',
  'dbsize',
  'dbSize',
]);

/** Reads of a cache client (Redis, Upstash, Keyv, node-cache): their failure falls back to the source of truth. */
const CACHE_READS = new Set([
  'get',
  'mGet',
  'mget',
  'hGet',
  'hget',
  'hGetAll',
  'hgetall',
  'hmget',
  'exists',
  'ttl',
  'lRange',
  'lrange',
  'sMembers',
  'smembers',
  'sIsMember',
  'sismember',
  'zRange',
  'zrange',
  'zScore',
  'zscore',
  'keys',
  'scan',
  ...COUNT_READS,
]);

/** Deletes of a key: `del`, `unlink` (Redis), `delete` (Keyv, a cache class). */
const KEY_DELETES = new Set(['del', 'unlink', 'delete']);

/** Names a cache: a key `cache:user:1`, `USAGE_CACHE_PREFIX + id`; a receiver `this.cache`, `userCache`. */
const NAMES_CACHE = /cache/i;

/** Cache fills that expire by themselves: `setEx`, `set(key, value, { EX })`, `expire`. */
const EXPIRING_WRITES = new Set(['setEx', 'setex', 'psetex', 'pSetEx', 'expire', 'pexpire']);

/** A receiver that is a cache client: `redis`, `redisClient`, `this.cache`, `kv`, `upstash`. */
const CACHE_NAME = /redis|cache|^kv$|upstash|keyv|memcache/i;

/** Keys whose value is a decision, not a copy: a lock, a rate limit, a nonce. Falling back there lets the work through. */
const DECISION_KEY = /lock|mutex|rate|limit|throttle|cooldown|nonce|idempot|ban|block/i;

/** Index creation that is idempotent and expected to fail with "already exists" when run again at startup. */
const INDEX_METHODS = new Set(['createIndex', 'createIndexes', 'ensureIndex', 'ensureIndexes', 'addIndex', 'syncIndexes']);

/**
 * Whether a handler is a deliberate fallback of a read or a cache call: the guarded code is one
 * call (awaited, assigned or returned), and the handler only gives a constant (`() => 0`,
 * `() => null`, `() => []`, `catch { return 0 }`, an empty `catch` that keeps the variable's
 * initial value). The call is a count (`countDocuments`, `lLen`) falling back to a number, a read of
 * a cache client (not of a lock or rate-limit key) falling back to an empty value, a cache fill
 * with an expiry, or the invalidation of a cache entry with an empty fallback: a delete whose key or
 * receiver names a cache (`redis.del(USAGE_CACHE_PREFIX + id)`, `this.cache.delete(key)`), so that a
 * failure only serves the cached copy until it expires or is refilled. A delete of any other key
 * (`session:${id}`, a queue) is a write of state and not this.
 */
export function isReadFallback(handler: Handler, guarded: TSESTree.Node | null): boolean {
  if (!guarded) return false;
  const call = onlyCall(guarded);
  if (!call) return false;
  const fallback = fallbackValue(handler);
  if (fallback === undefined) return false;
  const name = getCalleeName(call);
  if (name === null) return false;
  if (COUNT_READS.has(name) && (fallback === 'empty' || fallback === 'number')) return true;
  if (!onCacheClient(call) || decidesByKey(call)) return false;
  if (CACHE_READS.has(name)) return true;
  return fallback === 'empty' && (EXPIRING_WRITES.has(name) || (name === 'set' && setsExpiry(call)) || (KEY_DELETES.has(name) && invalidatesCache(call)));
}

/**
 * `redis.del(USAGE_CACHE_PREFIX + id)`, `redis.unlink(`cache:${id}`)`, `this.cache.delete(key)`: the
 * key or the receiver names a cache, and no part of the key names a decision (`RATE_LIMIT_CACHE + id`).
 */
function invalidatesCache(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee) as TSESTree.MemberExpression;
  const receiver = getMemberPath(callee.object) ?? [];
  const key = call.arguments[0];
  const parts: string[] = [];
  if (key) {
    walkSameFunction(key, (node) => {
      if (node.type === AST_NODE_TYPES.Identifier) parts.push(node.name);
      else if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') parts.push(node.value);
      else if (node.type === AST_NODE_TYPES.TemplateElement) parts.push(node.value.cooked ?? '');
      return undefined;
    });
  }
  return [...receiver, ...parts].some((part) => NAMES_CACHE.test(part)) && !parts.some((part) => DECISION_KEY.test(part));
}

/** Reads that parse the body of a request: the Web's `request.json()`, `text()`, `formData()`…, Hono's `c.req.json()`, `c.req.parseBody()`. */
const BODY_PARSES = new Set(['json', 'text', 'formData', 'arrayBuffer', 'blob', 'parseBody']);

/**
 * `const body = await c.req.json().catch(() => ({}))`, then `if (!body.at) return c.json({ error }, 400)`:
 * the guarded code only parses the body of the request the function serves (a method of one of its
 * parameters, or of that parameter's `req`: Hono's context), the handler falls back to an empty
 * value, and the function answers a client error (4xx) after it (`answersClient`: directly, or
 * through a project helper the caller can follow). A body that does not parse is the
 * client's failure, and the field it leaves missing is answered as one. The body of a response
 * (`(await fetch(u)).json()`), or a function that answers no client error after the read, is not this.
 */
export function isRequestBodyFallback(
  handler: Handler,
  guarded: TSESTree.Node | null,
  answersClient: (node: TSESTree.CallExpression | TSESTree.NewExpression) => boolean = answersClientError,
): boolean {
  const call = guarded ? onlyCall(guarded) : null;
  if (!call || fallbackValue(handler) !== 'empty') return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !BODY_PARSES.has(getPropertyName(callee) ?? '')) return false;
  const fn = enclosingFunction(call);
  if (!fn || !isRequestOf(callee.object, fn)) return false;
  let answered = false;
  walkSameFunction(fn.body, (node) => {
    if ((node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) && node.range[0] > call.range[1] && answersClient(node)) answered = true;
    return !answered;
  });
  return answered;
}

/**
 * `const data = await resp.json().catch(() => null)`, then right after it
 * `if (!resp.ok || !data?.ok) { …report…; return; }`: the body of a response parsed with an empty
 * fallback, and the next statement tests the response's status and the body together and leaves
 * (returns or throws) when either fails. The fallback (`!data` of a falsy one, `!data?.ok` of any
 * empty one) takes that failure path, so a body that does not parse is handled as the failure it
 * is; the parse error adds nothing to the status and body the branch already has.
 */
export function isCheckedBodyFallback(handler: Handler, guarded: TSESTree.Node | null): boolean {
  const call = guarded && handler.type !== AST_NODE_TYPES.CatchClause ? onlyCall(guarded) : null;
  const fallback = call ? fallbackNode(handler) : undefined;
  if (!call || fallback === undefined || fallbackValue(handler) !== 'empty') return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !BODY_PARSES.has(getPropertyName(callee) ?? '')) return false;
  const response = skipTypeWrappers(callee.object);
  if (response.type !== AST_NODE_TYPES.Identifier) return false;
  let value = outermostWrapper(handler.parent);
  if (value.parent?.type === AST_NODE_TYPES.AwaitExpression) value = outermostWrapper(value.parent);
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const body = declarator.id.name;
  const declaration = declarator.parent;
  const block = declaration.parent;
  if (!('body' in block) || !Array.isArray(block.body)) return false;
  const statements = block.body as TSESTree.Node[];
  const next = statements[statements.indexOf(declaration) + 1];
  if (next?.type !== AST_NODE_TYPES.IfStatement || !returnsOrThrows(next.consequent)) return false;
  const operands = logicalOperands(skipTypeWrappers(next.test), '||');
  const falsy = fallback === null || skipTypeWrappers(fallback).type === AST_NODE_TYPES.Literal || skipTypeWrappers(fallback).type === AST_NODE_TYPES.Identifier;
  return operands.some((operand) => readsStatus(operand, response.name)) && operands.some((operand) => failsOnEmpty(operand, body, falsy));
}

/** `!resp.ok`, `resp.status !== 200`: an operand that reads the status of the response named `name`. */
function readsStatus(operand: TSESTree.Node, name: string): boolean {
  let found = false;
  walkSameFunction(operand, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression && ['ok', 'status'].includes(getPropertyName(node) ?? '')) {
      const object = skipTypeWrappers(node.object);
      if (object.type === AST_NODE_TYPES.Identifier && object.name === name) found = true;
    }
    return !found;
  });
  return found;
}

/** `!data?.ok` (true for any empty fallback), or `!data` when the fallback is falsy. */
function failsOnEmpty(operand: TSESTree.Node, name: string, falsy: boolean): boolean {
  if (operand.type !== AST_NODE_TYPES.UnaryExpression || operand.operator !== '!') return false;
  let target = skipTypeWrappers(operand.argument);
  if (target.type === AST_NODE_TYPES.ChainExpression) target = skipTypeWrappers(target.expression);
  if (target.type === AST_NODE_TYPES.Identifier) return falsy && target.name === name;
  const path = target.type === AST_NODE_TYPES.MemberExpression ? getMemberPath(target) : null;
  return path !== null && path.length > 1 && path[0] === name;
}

/** `request` or `c.req`, where `request` / `c` is a parameter of `fn`: the request it serves. */
function isRequestOf(node: TSESTree.Node, fn: FunctionNode): boolean {
  let receiver = skipTypeWrappers(node);
  if (receiver.type === AST_NODE_TYPES.MemberExpression && getPropertyName(receiver) === 'req') receiver = skipTypeWrappers(receiver.object);
  const name = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : null;
  return fn.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === name);
}

/** Members of a response that say how its request failed: `res.status`, `res.statusText`. */
const STATUS_MEMBERS = new Set(['status', 'statusText']);

/**
 * `try { const data = await res.json(); report += data.message } catch { report += \`failed: ${res.status}\` }`:
 * the `try` waits only for the body of a response (`res.json()`, `text()`), its other calls only
 * compute (`computes`), and the handler passes on the response's status (into a value, a call, a
 * return: not only a test). A body that does not parse is told by the status the handler keeps,
 * which says more than the parse error would; the report built from it reaches whoever reads it.
 */
export function reportsResponseStatus(handler: TSESTree.CatchClause, computes: (call: TSESTree.CallExpression) => boolean): boolean {
  let response: string | null = null;
  let other = false;
  walkSameFunction(handler.parent.block, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression) {
      const call = awaitedCall(node);
      const callee = call && skipTypeWrappers(call.callee);
      const receiver = callee?.type === AST_NODE_TYPES.MemberExpression && BODY_PARSES.has(getPropertyName(callee) ?? '') ? skipTypeWrappers(callee.object) : null;
      if (receiver?.type === AST_NODE_TYPES.Identifier && response === null) response = receiver.name;
      else other = true;
      return false;
    }
    if (node.type === AST_NODE_TYPES.ThrowStatement || node.type === AST_NODE_TYPES.YieldExpression || (node.type === AST_NODE_TYPES.CallExpression && !computes(node))) other = true;
    return !other;
  });
  const name = response;
  return !other && name !== null && someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.MemberExpression && STATUS_MEMBERS.has(getPropertyName(node) ?? '') && isIdentifierNamed(skipTypeWrappers(node.object), name) && passesOn(node));
}

/** Whether a read's value goes somewhere: into a template or a concatenation, a call, an assignment, a return, an object. */
function passesOn(read: TSESTree.Node): boolean {
  const parent = outermostWrapper(read).parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.Property:
      return true;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === outermostWrapper(read);
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator === '+';
    default:
      return false;
  }
}

/** Whether the guarded code only creates indexes (`createIndex`, `addIndex`…): re-running it at startup fails with "already exists". */
export function onlyCreatesIndexes(guarded: TSESTree.Node | null): boolean {
  return onlyCalls(
    guarded,
    (call) => {
      const name = getCalleeName(call);
      return name !== null && INDEX_METHODS.has(name);
    },
    true,
  );
}

/** `ALTER TABLE t ADD [COLUMN] …` and `CREATE [UNIQUE] INDEX …`: DDL whose re-run fails with "duplicate column" / "already exists". */
const IDEMPOTENT_DDL = /^\s*(?:ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?[\w".`[\]]+\s+ADD\s+(?!CONSTRAINT\b)|CREATE\s+(?:UNIQUE\s+)?INDEX\s)/i;

/**
 * Whether the guarded code is one SQL call on a proven driver (the SQL model's) whose text is a
 * single `ALTER TABLE … ADD COLUMN …` or `CREATE INDEX …` (`try { db.exec('ALTER TABLE surveys ADD
 * COLUMN manager TEXT') } catch {}`): an idempotent migration run at every start, whose expected
 * failure is "duplicate column" / "already exists". Other work beside it, another statement in the
 * text or other DDL (`DROP COLUMN`) is not one.
 */
export function onlyAddsToSchema(guarded: TSESTree.Node | null, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const call = guarded && onlyCall(guarded);
  if (!call) return false;
  const inside = getSqlModel(sourceCode).calls.filter((sql) => sql.node.range[0] >= call.range[0] && sql.node.range[1] <= call.range[1]);
  const [sql] = inside;
  if (inside.length !== 1 || !sql || sql.statements.length !== 1 || sql.sql.holes.length > 0) return false;
  const callee = skipTypeWrappers(call.callee);
  // The SQL call itself, or a run of the statement it prepares (`db.prepare('ALTER …').run()`).
  if (sql.node !== call && !(callee.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(callee.object) === sql.node)) return false;
  const [start, end] = sql.statements[0]!.range;
  return IDEMPOTENT_DDL.test(sql.sql.text.slice(start, end));
}

/**
 * The single call the guarded code makes: the promise a `.catch` is on, or a `try` block of one
 * statement (`x = await read()`, `const x = await read()`, `return await read()`, `await read()`).
 * Its arguments may compute (`new Date(Date.now() - day)`) but not wait for anything.
 */
function onlyCall(guarded: TSESTree.Node): TSESTree.CallExpression | null {
  if (guarded.type !== AST_NODE_TYPES.BlockStatement) return awaitedCall(guarded);
  const [statement] = guarded.body;
  return guarded.body.length === 1 && statement ? statementCall(statement) : null;
}

/** The call a statement of one call makes: `x = await read()`, `const x = await read()`, `return await read()`, `await read()`. */
function statementCall(statement: TSESTree.Statement): TSESTree.CallExpression | null {
  let expression: TSESTree.Node | null;
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
    expression = statement.expression.type === AST_NODE_TYPES.AssignmentExpression ? statement.expression.right : statement.expression;
  } else if (statement.type === AST_NODE_TYPES.ReturnStatement) {
    expression = statement.argument;
  } else if (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1) {
    expression = statement.declarations[0].init;
  } else {
    return null;
  }
  return expression ? awaitedCall(expression) : null;
}

/** `await read(…)` or `read(…)` whose arguments compute but do not wait for anything. */
function awaitedCall(node: TSESTree.Node): TSESTree.CallExpression | null {
  let expression = skipTypeWrappers(node);
  if (expression.type === AST_NODE_TYPES.AwaitExpression) expression = skipTypeWrappers(expression.argument);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return null;
  const call = expression;
  let waits = false;
  walkSameFunction(call, (inner) => {
    if (inner.type === AST_NODE_TYPES.AwaitExpression || inner.type === AST_NODE_TYPES.YieldExpression) waits = true;
    return !waits;
  });
  return waits ? null : call;
}

/**
 * What the handler falls back to: `'empty'` (nothing, `null`, `undefined`, `[]`, `{}`, `false`,
 * `''`), `'number'` (a numeric literal), or undefined when it does anything else.
 */
function fallbackValue(handler: Handler): 'empty' | 'number' | undefined {
  const body = handler.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return constantKind(body);
  if (body.body.length === 0) return 'empty';
  if (body.body.length !== 1) return undefined;
  const [statement] = body.body;
  if (statement?.type === AST_NODE_TYPES.ReturnStatement) return statement.argument ? constantKind(statement.argument) : 'empty';
  if (statement?.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression && statement.expression.operator === '=') {
    return constantKind(statement.expression.right);
  }
  return undefined;
}

/** The constant a handler falls back to: its body or single returned value, `null` for none (an empty block, a bare `return`); undefined otherwise. */
function fallbackNode(handler: Handler): TSESTree.Node | null | undefined {
  const body = handler.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return body;
  if (body.body.length === 0) return null;
  const [statement] = body.body;
  return body.body.length === 1 && statement?.type === AST_NODE_TYPES.ReturnStatement ? statement.argument : undefined;
}

function constantKind(node: TSESTree.Node): 'empty' | 'number' | undefined {
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      if (typeof value.value === 'number') return 'number';
      return value.value === null || value.value === false || value.value === '' ? 'empty' : undefined;
    case AST_NODE_TYPES.Identifier:
      return value.name === 'undefined' ? 'empty' : undefined;
    case AST_NODE_TYPES.ArrayExpression:
      return value.elements.length === 0 ? 'empty' : undefined;
    case AST_NODE_TYPES.ObjectExpression:
      return value.properties.length === 0 ? 'empty' : undefined;
    default:
      return undefined;
  }
}

function onCacheClient(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const path = getMemberPath(callee.object);
  return path !== null && path.some((name) => CACHE_NAME.test(name));
}

/** The key (first argument) names a lock, a rate limit or a ban: the value decides, it is no copy. */
function decidesByKey(call: TSESTree.CallExpression): boolean {
  const key = call.arguments[0];
  if (!key) return false;
  const text = staticString(key) ?? (key.type === AST_NODE_TYPES.TemplateLiteral ? key.quasis.map((q) => q.value.cooked).join('') : (getMemberPath(key)?.join('.') ?? ''));
  return DECISION_KEY.test(text);
}

/** `set(key, value, { EX: 60 })`, `set(key, value, 'EX', 60)`, `set(key, value, { ex: 60 })` (Upstash), `set(key, value, ttl)` (node-cache, Keyv). */
function setsExpiry(call: TSESTree.CallExpression): boolean {
  return call.arguments.slice(2).some((argument) => {
    const value = skipTypeWrappers(argument);
    if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'number' || (typeof value.value === 'string' && /^(?:EX|PX|EXAT|PXAT)$/i.test(value.value));
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      return value.properties.some((p) => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && /^(?:EX|PX|EXAT|PXAT|ttl)$/i.test(p.key.name));
    }
    return false;
  });
}

/**
 * A `catch` that does the failed work again: every call the `try` block awaits is either a chat
 * call answered by one to the same chat in the handler (`replyWithPhoto` → `reply`), or called again in the handler
 * (`await messages.create(…)` in both; `await getStrings()` after a `JSON.parse` that failed). A
 * failure of the work itself still gets out of the handler; only the part that was replaced (a
 * photo that would not load, text that would not parse) is dropped.
 *
 * The other attempt may also follow the `catch` on its path (see {@link catchPathFallback}):
 * `let sent = false; try { await ctx.replyWithPhoto(p); sent = true } catch {} if (!sent) await
 * ctx.reply(text)`, `try { order = await Order.findById(id) } catch {} order ??= await
 * Order.findOne({ code: id })`. There the match is tighter: a chat call answered by one to the same
 * chat ({@link sameChat}), or a lookup answered by a lookup of the same model ({@link sameLookup}),
 * whose own failure is not swallowed (a chat call may sit in a best-effort `try` of its own).
 */
export function repeatsGuardedWork(handler: TSESTree.CatchClause, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (repeatsSynchronousCalls(handler)) return true;
  const retried = new Set<string>();
  const chatCalls: TSESTree.CallExpression[] = [];
  walkSameFunction(handler.body, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression) {
      const call = skipTypeWrappers(node.argument);
      if (call.type === AST_NODE_TYPES.CallExpression) {
        if (chatRole(call) === 'ui') chatCalls.push(call);
        const path = getMemberPath(call.callee);
        if (path) retried.add(path.join('.'));
      }
    }
    return undefined;
  });
  const after = catchPathFallback(handler, sourceCode);
  const answeredAfter = (call: TSESTree.CallExpression): boolean =>
    after.some((attempt) => (chatRole(call) === 'ui' ? attempt.chatOnly && sameChat(call, attempt.call, sourceCode) : !attempt.guarded && sameLookup(call, attempt.call)));
  let awaited = 0;
  let repeated = true;
  walkSameFunction(handler.parent.block, (node) => {
    if (!repeated) return false;
    if (node.type === AST_NODE_TYPES.YieldExpression || node.type === AST_NODE_TYPES.ThrowStatement) repeated = false;
    if (node.type !== AST_NODE_TYPES.AwaitExpression) return repeated;
    awaited++;
    const call = skipTypeWrappers(node.argument);
    if (call.type !== AST_NODE_TYPES.CallExpression) {
      repeated = false;
      return false;
    }
    const path = getMemberPath(call.callee);
    // A chat call is answered by one to the same chat (a photo that would not load, sent as text); a notice elsewhere loses it.
    if (!(chatRole(call) === 'ui' && chatCalls.some((other) => sameChat(call, other, sourceCode))) && !(path && retried.has(path.join('.'))) && !answeredAfter(call)) repeated = false;
    return repeated;
  });
  return repeated && awaited > 0 && (retried.size > 0 || after.length > 0);
}

/**
 * `try { this.model = model('data', schema) } catch { this.model = model('data') }` (Mongoose's
 * `model(name, schema)` throws OverwriteModelError once the model exists; `model(name)` returns it):
 * a `try` block that runs synchronously and throws nothing itself, and whose every call has its
 * callee called again in the handler, outside any `try` of the handler. The second attempt's
 * failure gets out of the handler; only the first attempt's answer ("it exists") is dropped.
 */
function repeatsSynchronousCalls(handler: TSESTree.CatchClause): boolean {
  const again = new Set<string>();
  walkSameFunction(handler.body, (node) => {
    if (node.type === AST_NODE_TYPES.TryStatement) return false;
    const path = node.type === AST_NODE_TYPES.CallExpression ? getMemberPath(node.callee) : null;
    if (path) again.add(path.join('.'));
    return undefined;
  });
  if (again.size === 0) return false;
  let calls = 0;
  let repeated = true;
  walkSameFunction(handler.parent.block, (node) => {
    if (!repeated) return false;
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.ThrowStatement:
      case AST_NODE_TYPES.TaggedTemplateExpression:
      case AST_NODE_TYPES.ImportExpression:
        repeated = false;
        break;
      case AST_NODE_TYPES.CallExpression: {
        calls++;
        const path = getMemberPath(node.callee);
        if (!path || !again.has(path.join('.'))) repeated = false;
        break;
      }
      default:
        break;
    }
    return repeated;
  });
  return repeated && calls > 0;
}

/** Calls that decode or parse their first argument: `bs58.decode(s)`, `JSON.parse(s)`, `PublicKey.fromString(s)`, `base64Decode(s)`. */
const DECODE_NAME = /^(?:decode|parse|from[A-Z])|(?:Decode|Parse)$/;

/** `bs58.decode(s)`, `atob(s)`, `Buffer.from(s, 'base64')`: a decoding of the input its first argument is. */
function decodedInput(node: TSESTree.Node): TSESTree.Node | null {
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const [input, encoding] = node.arguments;
  if (!input || input.type === AST_NODE_TYPES.SpreadElement) return null;
  const name = getCalleeName(node);
  if (name === 'atob' || (name !== null && DECODE_NAME.test(name))) return input;
  return getMemberPath(node.callee)?.join('.') === 'Buffer.from' && staticString(encoding) !== null ? input : null;
}

/**
 * A format fallback: `try { key = bs58.decode(s) } catch { key = Buffer.from(s, 'base64') }`, or an
 * empty `catch` followed by `return Keypair.fromSecretKey(Buffer.from(raw, 'base64'))`. The `try`
 * runs synchronously and decodes an input; the handler (or, when it is empty, the statement right
 * after the `try`) only returns or assigns values, one of them a decoding of that same input: outside
 * any `try` of its own. An input in
 * neither format fails there, loudly; only the first format's complaint is dropped.
 */
export function decodesAnotherWay(handler: TSESTree.CatchClause): boolean {
  const tryStatement = handler.parent;
  const inputs: TSESTree.Node[] = [];
  let synchronous = true;
  walkSameFunction(tryStatement.block, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression) synchronous = false;
    const input = decodedInput(node);
    if (input) inputs.push(input);
    return synchronous;
  });
  if (!synchronous || inputs.length === 0) return false;
  let fallback: readonly TSESTree.Statement[] = handler.body.body;
  if (fallback.length === 0) {
    const block = tryStatement.parent;
    const body = block.type === AST_NODE_TYPES.BlockStatement || block.type === AST_NODE_TYPES.Program ? (block.body as TSESTree.Statement[]) : [];
    const next = body[body.indexOf(tryStatement) + 1];
    fallback = next ? [next] : [];
  }
  if (!fallback.every(isValueStatement)) return false;
  return fallback.some((statement) =>
    someInSameFunction(statement, (node) => {
      const input = decodedInput(node);
      return input !== null && inputs.some((other) => sameText(input, other));
    }),
  );
}

/** `return …`, `x = …`, `const x = …`: a statement that only produces a value, with no `try` or branch in it. */
function isValueStatement(statement: TSESTree.Statement): boolean {
  return (
    statement.type === AST_NODE_TYPES.ReturnStatement ||
    statement.type === AST_NODE_TYPES.VariableDeclaration ||
    (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression)
  );
}

/** A call awaited in the code after a `catch`: guarded by a `try` there, and if so, by one that only talks to the chat. */
interface Attempt {
  readonly call: TSESTree.CallExpression;
  readonly guarded: boolean;
  readonly chatOnly: boolean;
}

/**
 * The calls awaited by the code the `catch` falls into, when that code is another attempt at the
 * guarded work: the handler ends without a jump, and the statement after the `try` (after the
 * blocks and `if`s it closes) is `if (!x) …` (or `x == null`) or `x ??= …` / `x ||= …`, where `x`
 * is a variable declared before the `try` with nothing or an empty value, and the `try` block sets
 * it only at or after its last `await`: a failure leaves `x` empty, so the attempt runs.
 */
function catchPathFallback(handler: TSESTree.CatchClause, sourceCode: Readonly<TSESLint.SourceCode>): Attempt[] {
  const tryStatement = handler.parent;
  if (tryStatement.finalizer || jumps(handler.body)) return [];
  const next = nextStatement(tryStatement);
  const attempt = next && attemptOf(next);
  if (!attempt || !settledByTry(attempt.flag, tryStatement, sourceCode)) return [];
  const attempts: Attempt[] = [];
  collectAttempts(attempt.code, false, true, attempts);
  return attempts;
}

/** Whether a block leaves by a jump of its own: `return`, `throw`, `break`, `continue`. */
function jumps(block: TSESTree.BlockStatement): boolean {
  let found = false;
  walkSameFunction(block, (node) => {
    if (
      node.type === AST_NODE_TYPES.ReturnStatement ||
      node.type === AST_NODE_TYPES.ThrowStatement ||
      node.type === AST_NODE_TYPES.BreakStatement ||
      node.type === AST_NODE_TYPES.ContinueStatement
    ) {
      found = true;
    }
    return !found;
  });
  return found;
}

/** The statement run after `statement` completes normally, through the blocks and `if`s it ends; null past a loop, a `try` or a function. */
function nextStatement(statement: TSESTree.Node): TSESTree.Statement | null {
  let current = statement;
  for (;;) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.IfStatement) {
      current = parent;
      continue;
    }
    if (parent?.type !== AST_NODE_TYPES.BlockStatement) return null;
    const index = parent.body.indexOf(current as TSESTree.Statement);
    const following = parent.body[index + 1];
    if (following) return following;
    if (parent.parent.type !== AST_NODE_TYPES.IfStatement && parent.parent.type !== AST_NODE_TYPES.BlockStatement) return null;
    current = parent;
  }
}

/** `if (!x) code`, `if (x == null) code`, `x ??= code`, `x ||= code`: the variable tested and the code run while it is empty. */
function attemptOf(statement: TSESTree.Statement): { flag: TSESTree.Identifier; code: TSESTree.Node } | null {
  if (statement.type === AST_NODE_TYPES.IfStatement) {
    const flag = emptyTest(statement.test);
    return flag ? { flag, code: statement.consequent } : null;
  }
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const expression = statement.expression;
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || (expression.operator !== '??=' && expression.operator !== '||=')) return null;
  return expression.left.type === AST_NODE_TYPES.Identifier ? { flag: expression.left, code: expression.right } : null;
}

/** The variable a test finds empty: `!x`, `x == null`, `x === null`, `x === undefined`. */
function emptyTest(test: TSESTree.Expression): TSESTree.Identifier | null {
  const value = skipTypeWrappers(test);
  if (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === '!') {
    const operand = skipTypeWrappers(value.argument);
    return operand.type === AST_NODE_TYPES.Identifier ? operand : null;
  }
  if (value.type !== AST_NODE_TYPES.BinaryExpression || (value.operator !== '==' && value.operator !== '===')) return null;
  const { left, right } = value;
  const empty = isNullish(right);
  return empty && left.type === AST_NODE_TYPES.Identifier ? left : null;
}

/**
 * Whether `flag` is a variable declared before the `try` with nothing or an empty value (`null`,
 * `false`, `undefined`, `0`, `''`), that the `try` block assigns, each time at or after its last
 * `await`, and the handler leaves alone.
 */
function settledByTry(flag: TSESTree.Identifier, tryStatement: TSESTree.TryStatement, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const variable = resolveVariable(flag, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.range[1] > tryStatement.range[0]) return false;
  const init = def.node.init && skipTypeWrappers(def.node.init);
  if (init && !(init.type === AST_NODE_TYPES.Literal ? !init.value : init.type === AST_NODE_TYPES.Identifier && init.name === 'undefined')) return false;
  let lastAwait = -1;
  walkSameFunction(tryStatement.block, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression) lastAwait = Math.max(lastAwait, node.range[1]);
    return undefined;
  });
  const writes = variable!.references.filter((ref) => ref.isWrite() && ref.identifier.range[0] > tryStatement.range[0] && ref.identifier.range[1] < tryStatement.range[1]);
  const inBlock = (ref: TSESLint.Scope.Reference): boolean => ref.identifier.range[1] <= tryStatement.block.range[1];
  return (
    writes.length > 0 &&
    writes.every(inBlock) &&
    writes.every((ref) => ref.writeExpr !== null && ref.writeExpr !== undefined && ref.writeExpr.parent !== undefined && ref.writeExpr.parent.range[1] >= lastAwait)
  );
}

/**
 * The awaited calls of the attempt's code, each with whether a `try` of that code guards it and
 * whether every such `try` only talks to the chat (a best-effort chat call, its failure accepted).
 */
function collectAttempts(code: TSESTree.Node, guarded: boolean, chatOnly: boolean, out: Attempt[]): void {
  walkSameFunction(code, (node) => {
    if (node.type === AST_NODE_TYPES.TryStatement) {
      // A `try … finally` lets the failure out; a `catch` guards the block.
      if (node.handler) collectAttempts(node.block, true, chatOnly && onlyTalksToUser(node.block), out);
      else collectAttempts(node.block, guarded, chatOnly, out);
      if (node.handler) collectAttempts(node.handler.body, guarded, chatOnly, out);
      if (node.finalizer) collectAttempts(node.finalizer, guarded, chatOnly, out);
      return false;
    }
    if (node.type === AST_NODE_TYPES.AwaitExpression) {
      const call = skipTypeWrappers(node.argument);
      if (call.type === AST_NODE_TYPES.CallExpression) out.push({ call, guarded, chatOnly });
    }
    return undefined;
  });
}

/** Context shortcuts that answer the chat of the update: `ctx.reply…`. */
const REPLY_NAME = /^reply/;

/**
 * Two chat calls to the same chat: shortcuts of the same context (`ctx.replyWithPhoto` and
 * `ctx.reply`), or calls on the same receiver with the same chat argument (`bot.sendPhoto(chatId, …)`
 * and `bot.sendMessage(chatId, …)`).
 */
function sameChat(a: TSESTree.CallExpression, b: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (chatRole(b) !== 'ui') return false;
  const contextA = contextChatOf(a, sourceCode);
  if (contextA !== null && contextA === contextChatOf(b, sourceCode)) return true;
  const receiverA = receiverOf(a);
  const receiverB = receiverOf(b);
  if (!receiverA || !receiverB || !sameText(receiverA, receiverB)) return false;
  if (REPLY_NAME.test(getCalleeName(a) ?? '') && REPLY_NAME.test(getCalleeName(b) ?? '')) return true;
  const [chatA] = a.arguments;
  const [chatB] = b.arguments;
  return chatA !== undefined && chatB !== undefined && sameText(chatA, chatB);
}

/** Shortcuts of a context that answer the update's own chat or user. */
const CONTEXT_ANSWERS = /^(?:reply|answerCallbackQuery$|answerCbQuery$)/;

/**
 * The context whose own chat a call talks to: a shortcut of it (`ctx.reply(…)`,
 * `ctx.answerCallbackQuery(…)`), or a call of its API (`ctx.api.sendMessage(chatId, …)`,
 * `ctx.telegram.…`) whose chat is `ctx.chat.id` (through a `const`). Null otherwise.
 */
function contextChatOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const receiver = skipTypeWrappers(callee.object);
  if (receiver.type === AST_NODE_TYPES.Identifier) return CONTEXT_ANSWERS.test(getCalleeName(call) ?? '') ? receiver.name : null;
  if (receiver.type !== AST_NODE_TYPES.MemberExpression || !['api', 'telegram'].includes(getPropertyName(receiver) ?? '')) return null;
  const context = skipTypeWrappers(receiver.object);
  if (context.type !== AST_NODE_TYPES.Identifier || !call.arguments[0]) return null;
  let chat = skipTypeWrappers(call.arguments[0]);
  if (chat.type === AST_NODE_TYPES.Identifier) chat = skipTypeWrappers(constInitializer(chat, sourceCode) ?? chat);
  const path = getMemberPath(chat);
  return path?.length === 3 && path[0] === context.name && path[1] === 'chat' && path[2] === 'id' ? context.name : null;
}

/** Lookups of one record by a key or a filter: Mongoose, the MongoDB driver, Prisma, TypeORM, Sequelize. */
const LOOKUPS = new Set(['findOne', 'findById', 'findUnique', 'findFirst', 'findOneBy', 'findByPk']);

/** Two lookups of one record on the same model or collection: `Order.findById(id)` and `Order.findOne({ code: id })`. */
function sameLookup(a: TSESTree.CallExpression, b: TSESTree.CallExpression): boolean {
  const receiverA = receiverOf(a);
  const receiverB = receiverOf(b);
  return LOOKUPS.has(getCalleeName(a) ?? '') && LOOKUPS.has(getCalleeName(b) ?? '') && receiverA !== null && receiverB !== null && sameText(receiverA, receiverB);
}

function receiverOf(call: TSESTree.CallExpression): TSESTree.Node | null {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : null;
}

/** Methods that add an event listener: `p.on('error', h)`, `p.once('error', h)`. */
const LISTENS = new Set(['on', 'once', 'addListener']);

/**
 * `try { const p = spawn('ffmpeg', ['-version']); p.on('error', () => resolve(false)); … } catch { resolve(false) }`:
 * the `try` block itself (not a callback in it) registers an `'error'` listener written in place,
 * and the handler, not empty, does what that listener does, statement for statement. A call that
 * throws at once (a spawn refused synchronously) is the failure the `'error'` event reports later:
 * both get the code's designed answer (`false`: "not available"). A listener that does anything else
 * (logs the error), or another event, is not this.
 */
export function answersAsErrorListener(handler: TSESTree.CatchClause): boolean {
  const statements = handler.body.body;
  if (statements.length === 0) return false;
  return handler.parent.block.body.some((statement) => {
    const call = statement.type === AST_NODE_TYPES.ExpressionStatement ? skipTypeWrappers(statement.expression) : null;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !LISTENS.has(getCalleeName(call) ?? '')) return false;
    const [event, handlerArgument] = call.arguments;
    const listener = event && staticString(event) === 'error' && handlerArgument ? skipTypeWrappers(handlerArgument) : null;
    if (listener?.type !== AST_NODE_TYPES.ArrowFunctionExpression && listener?.type !== AST_NODE_TYPES.FunctionExpression) return false;
    const effects = listener.body.type === AST_NODE_TYPES.BlockStatement ? listener.body.body : [listener.body];
    return effects.length === statements.length && effects.every((effect, index) => sameText(effectOf(effect), effectOf(statements[index]!)));
  });
}

/** An expression statement's expression (`resolve(false);` and an arrow's `resolve(false)` alike), or the statement. */
function effectOf(node: TSESTree.Node): TSESTree.Node {
  return node.type === AST_NODE_TYPES.ExpressionStatement ? node.expression : node;
}

/** Probes whether a path exists: they fail when it does not. */
const PATH_PROBES = new Set(['access', 'stat', 'lstat', 'accessSync', 'statSync']);
/** Calls that create a path: what a failed probe leads to. */
const PATH_CREATES = new Set(['mkdir', 'writeFile', 'copyFile', 'mkdirSync', 'writeFileSync', 'copyFileSync']);
/** `@solana/spl-token`'s `getAccount(connection, address)`: throws `TokenAccountNotFoundError` when the token account does not exist. */
const ACCOUNT_PROBES = new Set(['getAccount']);
/** Creating a token account, or the instruction that creates it (`createAssociatedTokenAccountInstruction`). */
const ACCOUNT_CREATES = /^create(?:Associated)?(?:Token)?Account(?:Idempotent)?(?:Instruction)?$/;
/** Methods that add an instruction to a transaction or a list: `tx.add(ix)`, `instructions.push(ix)`. */
const INSTRUCTION_ADDS = new Set(['add', 'push']);

/**
 * `try { await fs.access(dir) } catch { await fs.mkdir(dir, { recursive: true }) }`: the `try` only
 * probes a path, and the `catch` creates that same path. The probe's failure is the answer ("not
 * there yet"), and a failure of the creation is not caught: nothing is hidden. The same for a token
 * account: `try { await getAccount(conn, ata) } catch { tx.add(createAssociatedTokenAccountInstruction(payer, ata, owner, mint)) }`
 * (the probe may sit in a retry wrapper, `withRetry(() => getAccount(conn, ata))`); any other failure of
 * the probe makes the creation, and with it the transaction, fail where it is sent.
 */
export function createsMissingPath(handler: TSESTree.CatchClause): boolean {
  const probe = unwrapRetry(onlyCall(handler.parent.block));
  const name = probe ? (getCalleeName(probe) ?? '') : '';
  const account = ACCOUNT_PROBES.has(name);
  const probed = probe?.arguments[account ? 1 : 0];
  if (!probe || !probed || (!account && !PATH_PROBES.has(name))) return false;
  const statements = handler.body.body;
  return (
    statements.length > 0 &&
    statements.every((statement) => {
      const call = statementCall(statement);
      if (!call) return false;
      if (!account) return call.arguments[0] !== undefined && PATH_CREATES.has(getCalleeName(call) ?? '') && sameText(call.arguments[0], probed);
      const [added] = call.arguments;
      const creation = INSTRUCTION_ADDS.has(getCalleeName(call) ?? '') && call.arguments.length === 1 && added?.type === AST_NODE_TYPES.CallExpression ? added : call;
      return ACCOUNT_CREATES.test(getCalleeName(creation) ?? '') && creation.arguments.some((argument) => sameText(argument, probed));
    })
  );
}

/** `withRetry(() => getAccount(conn, ata))`: the one call a wrapper's only argument, an arrow, makes; otherwise the call itself. */
function unwrapRetry(call: TSESTree.CallExpression | null): TSESTree.CallExpression | null {
  const [callback] = call?.arguments ?? [];
  if (!call || call.arguments.length !== 1 || callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression || callback.params.length > 0) return call;
  const inner = callback.body.type === AST_NODE_TYPES.BlockStatement ? null : skipTypeWrappers(callback.body);
  return inner?.type === AST_NODE_TYPES.CallExpression ? inner : call;
}

/**
 * A health probe, whose failure is its answer: `try { await redis.ping(); return true } catch { return false }`
 * reports the failure in its `false`, as `try { await fs.access(file); return true } catch { return false }`
 * answers that the file is not there; the `catch` of a health route (`fastify.get('/health', …)`,
 * `app.get('/api/healthz', …)`: see {@link HEALTH_PATH}) that answers a 5xx status and does nothing
 * else tells the monitor, which is the route's job. The same answer on any other route loses a
 * user's failure, and stays reported.
 */
export function isHealthProbe(handler: TSESTree.CatchClause): boolean {
  return pingsForBoolean(handler) || answersHealthRoute(handler);
}

function pingsForBoolean(handler: TSESTree.CatchClause): boolean {
  const [first, second, ...rest] = handler.parent.block.body;
  if (!first || rest.length > 0 || handler.body.body.length !== 1) return false;
  const fallback = handler.body.body[0];
  if (fallback?.type !== AST_NODE_TYPES.ReturnStatement || !isProbeAnswer(fallback.argument, false)) return false;
  const call = statementCall(first);
  if (!call || !isTrivialProbe(call)) return false;
  if (second === undefined) return first.type === AST_NODE_TYPES.ReturnStatement;
  return second.type === AST_NODE_TYPES.ReturnStatement && isProbeAnswer(second.argument, true);
}

/**
 * `let drop = false; try { await fs.access(marker); drop = true } catch { drop = false }`: the `try`
 * asks Node's file system whether a path exists (`access`, `stat`, `lstat` and their `Sync` forms of
 * `node:fs`, `fs/promises` or fs-extra, proven by import or `require`) and then only sets values
 * (`found = true`, `return true`), and the handler only sets values or returns one (or nothing). The
 * rejection is the answer "absent": `access` fails exactly when the path cannot be reached, and the
 * code takes the branch for a missing path. A `try` that reads the file (`fs.readFile`), or does any
 * other work after the probe, is not this.
 */
export function isExistenceProbe(handler: TSESTree.CatchClause, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const [first, ...rest] = handler.parent.block.body;
  const probe = first ? statementCall(first) : null;
  if (!probe || first?.type !== AST_NODE_TYPES.ExpressionStatement || !PATH_PROBES.has(fsMethodName(probe, sourceCode) ?? '')) return false;
  const after = [...rest, ...handler.body.body];
  return (rest.length > 0 || handler.body.body.length > 0) && after.every(setsConstant);
}

/** `found = true`, `return false`, `return`: a statement that only sets or returns a literal. */
function setsConstant(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement) return statement.argument === null || skipTypeWrappers(statement.argument).type === AST_NODE_TYPES.Literal;
  return (
    statement.type === AST_NODE_TYPES.ExpressionStatement &&
    statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
    statement.expression.operator === '=' &&
    statement.expression.left.type === AST_NODE_TYPES.Identifier &&
    skipTypeWrappers(statement.expression.right).type === AST_NODE_TYPES.Literal
  );
}

/** Node's file-system modules, and fs-extra, which re-exports them. */
const FS_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'fs-extra', 'graceful-fs']);

/**
 * The method a call makes on Node's file system (`fs.access(p)`, `fs.promises.rm(p)`, `access(p)` of
 * `import { access } from 'node:fs/promises'`, `require('fs').statSync(p)`), proven by the import or
 * `require` of the module; null for anything else.
 */
function fsMethodName(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const binding = moduleBindingOf(callee, sourceCode);
    return binding && binding.imported !== '*' && binding.imported !== 'default' ? binding.imported : null;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  let receiver = skipTypeWrappers(callee.object);
  if (receiver.type === AST_NODE_TYPES.MemberExpression && getPropertyName(receiver) === 'promises') receiver = skipTypeWrappers(receiver.object);
  const required = requiredModule(receiver);
  if (required !== null) return FS_MODULES.has(required) ? getPropertyName(callee) : null;
  const binding = receiver.type === AST_NODE_TYPES.Identifier ? moduleBindingOf(receiver, sourceCode) : null;
  return binding && (binding.imported === '*' || binding.imported === 'default' || binding.imported === 'promises') ? getPropertyName(callee) : null;
}

/** The fs module binding a name holds: an import of it, or a `const` of its `require` (whole, or destructured). */
function moduleBindingOf(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): ImportedBinding | null {
  const variable = resolveVariable(identifier, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!def) return null;
  const imported = importedBinding(def);
  if (imported) return FS_MODULES.has(imported.module) ? imported : null;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'const' || !def.node.init) return null;
  const module = requiredModule(def.node.init);
  if (module === null || !FS_MODULES.has(module)) return null;
  if (def.node.id.type === AST_NODE_TYPES.Identifier) return { module, imported: '*' };
  const property = def.node.id.type === AST_NODE_TYPES.ObjectPattern ? def.node.id.properties.find((p) => p.type === AST_NODE_TYPES.Property && p.value === def.name) : undefined;
  const key = property?.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
  return key === null ? null : { module, imported: key };
}

/** A query that only asks whether the database answers: `SELECT 1`. */
const TRIVIAL_QUERY = /^\s*select\s+1\s*;?\s*$/i;

/**
 * `redis.ping()`, a query of nothing but `SELECT 1` (`pool.query('SELECT 1')`, `db.execute("select 1")`),
 * or a probe whether a path exists (`fs.access(file)`, `stat(dir)`): it fails exactly when the answer is no.
 */
function isTrivialProbe(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  if (name === 'ping') return true;
  if (PATH_PROBES.has(name ?? '') && call.arguments.length >= 1 && call.arguments.length <= 2) return true;
  const query = call.arguments.length === 1 ? staticString(call.arguments[0]) : null;
  return query !== null && TRIVIAL_QUERY.test(query);
}

/** `true` / `false`, or an object whose `ok` (`healthy`, `success`) says so: `{ ok: false, latencyMs }`. */
function isProbeAnswer(node: TSESTree.Node | null, value: boolean): boolean {
  if (isLiteral(node, value)) return true;
  if (node?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  return node.properties.some((p) => p.type === AST_NODE_TYPES.Property && PROBE_FIELDS.has(propertyKey(p) ?? '') && isLiteral(p.value, value));
}

/** Fields of a probe's answer that say whether it answered. */
const PROBE_FIELDS = new Set(['ok', 'healthy', 'success', 'up', 'alive']);

/** The last segment of a health route's path: `/health`, `/healthz`, `/api/healthcheck`, `/ready`, `/readyz`, `/live`, `/livez`. */
const HEALTH_PATH = /(?:^|\/)(?:health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness)\/?$/i;
/** Route methods a monitor calls. */
const HEALTH_METHODS = new Set(['get', 'head', 'all']);

/** The catch of a health route's handler that answers a 5xx status and calls nothing but the response. */
function answersHealthRoute(handler: TSESTree.CatchClause): boolean {
  const fn = enclosingFunction(handler);
  const route = fn?.parent;
  if (route?.type !== AST_NODE_TYPES.CallExpression || !route.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  if (route.callee.type !== AST_NODE_TYPES.MemberExpression || !HEALTH_METHODS.has(getPropertyName(route.callee) ?? '')) return false;
  const path = staticString(route.arguments[0]);
  if (path === null || !HEALTH_PATH.test(path)) return false;
  let serverError = false;
  let other = false;
  walkSameFunction(handler.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return !other;
    const name = node.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(node.callee) : null;
    if (answersServerError(node)) serverError = true;
    else if (name === null || (!RESPONSE_SENDS.has(name) && !RESPONSE_SETTERS.has(name))) other = true;
    return !other;
  });
  return serverError && !other;
}

function isLiteral(node: TSESTree.Node | null, value: boolean): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === value;
}

/** Token checks that throw on an invalid, expired or forged token: jsonwebtoken's `verify`, `@nestjs/jwt`'s `verifyAsync`. */
const TOKEN_VERIFY_METHODS = new Set(['verify', 'verifyAsync']);
/** A receiver that verifies JWTs: `jwt`, `jsonwebtoken`, `this.jwtService`. */
const JWT_NAME = /jwt|jsonwebtoken/i;

/**
 * `try { return await this.jwtService.verifyAsync(token) } catch { return null }`: the guarded code
 * only verifies a token (jsonwebtoken `jwt.verify`, `@nestjs/jwt` `verifyAsync`, jose `jwtVerify`),
 * and the handler falls back to an empty value (`null`, `false`, `undefined`, nothing). An invalid
 * token is the answer "no user", nothing an operator would act on. Other work in the same `try`
 * (a database read of the user) is not this.
 */
export function isTokenCheck(handler: Handler, guarded: TSESTree.Node | null): boolean {
  return fallbackValue(handler) === 'empty' && onlyCalls(guarded, verifiesToken, true);
}

function verifiesToken(call: TSESTree.CallExpression): boolean {
  const callee = skipTypeWrappers(call.callee);
  const name = getCalleeName(call);
  if (name === 'jwtVerify') return true;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || name === null || !TOKEN_VERIFY_METHODS.has(name)) return false;
  const path = getMemberPath(callee.object);
  return path !== null && path.some((part) => JWT_NAME.test(part));
}

/** Bot API reads whose failure means "no": the user is not a member, the chat is not reachable. */
const MEMBERSHIP_READS = new Set(['getChatMember', 'getChat', 'getChatAdministrators']);

/**
 * `try { const m = await ctx.api.getChatMember(ch, id); if (ok(m.status)) subscribed.push(ch) } catch {}`:
 * a membership probe that fails closed. The `try` waits only for Bot API reads whose failure means
 * "no" (`getChatMember`, `getChat`), and otherwise only computes (no other chat call, no other
 * `await`, no `throw`); the handler leaves a default that refuses (nothing, `false`, `null`, an
 * empty value). A failed probe counts as "not subscribed" and the caller refuses. A handler that
 * falls back to `true` lets the user through, and a send or a write in the `try` is not a probe.
 */
export function isMembershipProbe(handler: TSESTree.CatchClause): boolean {
  if (fallbackValue(handler) !== 'empty' && !skipsIteration(handler)) return false;
  let probes = 0;
  let probe = true;
  walkSameFunction(handler.parent.block, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression) {
      const call = awaitedCall(node);
      if (call && MEMBERSHIP_READS.has(getCalleeName(call) ?? '')) probes++;
      else probe = false;
      return false;
    }
    if (node.type === AST_NODE_TYPES.ThrowStatement || node.type === AST_NODE_TYPES.YieldExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) probe = false;
    if (node.type === AST_NODE_TYPES.CallExpression && chatRole(node) === 'ui') probe = false;
    return probe;
  });
  return probe && probes > 0;
}

/** `catch { continue; }`: the handler only skips to the next item of its loop (a channel the bot cannot see). */
function skipsIteration(handler: TSESTree.CatchClause): boolean {
  const [statement] = handler.body.body;
  return handler.body.body.length === 1 && statement?.type === AST_NODE_TYPES.ContinueStatement;
}

/** The value a test has when a probe failed: known (`null`, `false`…), or not known (`unknown`). */
const UNKNOWN = Symbol('unknown');
type ProbeValue = boolean | null | undefined | string | number | bigint | RegExp | typeof UNKNOWN;

/** Members every boolean has: reading them does not give `undefined`. */
const OBJECT_MEMBERS = new Set(['toString', 'valueOf', 'constructor', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__proto__']);

/** How many statements after the `if` a log on the failure path may come: the probe's own branch, not a log much later. */
const PROBE_LOG_REACH = 3;

/**
 * A probe whose failure is the answer and is logged where the code acts on it:
 * `const probe = await api.editChatInviteLink(…).catch(() => null); if (probe && !probe.is_revoked) return link;`
 * followed by `log.warn('link is dead, making a new one')`, or
 * `let revoked = false; try { await check(); } catch { revoked = true; } if (revoked) { logger.warn(…); … }`.
 * The handler only gives a constant (a `.catch` into a `const`, or a `catch` that assigns one to a local
 * `let`); the very next statement is an `if` that reads the value; with the constant put in, its test is
 * known (`null && …` is `null`), and the branch the failure takes — the consequent, or the `else`, or
 * the statements after the `if` — calls a logger (within the next {@link PROBE_LOG_REACH} statements).
 * The failure is acted on and the operator sees it; only its message is left out. A flag nobody reads
 * for a decision (`catch { status = 'failed' }`), or a decision that goes on silently, is not this.
 */
export function isLoggedProbe(handler: Handler, sourceCode: Readonly<TSESLint.SourceCode>, loggers: LoggerMatcher): boolean {
  const probe = probeBinding(handler, sourceCode);
  if (!probe) return false;
  const { variable, value, statement } = probe;
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program) return false;
  const statements = block.body as TSESTree.Node[];
  const index = statements.indexOf(statement);
  const test = statements[index + 1];
  if (test?.type !== AST_NODE_TYPES.IfStatement) return false;
  const outcome = evaluate(test.test, variable, value);
  if (outcome === UNKNOWN) return false;
  const rest = statements.slice(index + 2, index + 2 + PROBE_LOG_REACH);
  const branch = outcome ? test.consequent : test.alternate;
  const path = branch ? [branch, ...(returnsOrThrows(branch) ? [] : rest)] : rest;
  let logs = false;
  for (const node of path) {
    walkSameFunction(node, (inner) => {
      if (inner.type === AST_NODE_TYPES.CallExpression && loggers.isLoggingCall(inner)) logs = true;
      return !logs;
    });
  }
  return logs;
}

/** The variable a probe's handler leaves its constant in, the constant, and the statement the code goes on after. */
function probeBinding(handler: Handler, sourceCode: Readonly<TSESLint.SourceCode>): { variable: TSESLint.Scope.Variable; value: ProbeValue; statement: TSESTree.Node } | null {
  if (handler.type === AST_NODE_TYPES.CatchClause) {
    const [only] = handler.body.body;
    if (handler.body.body.length !== 1 || only?.type !== AST_NODE_TYPES.ExpressionStatement || only.expression.type !== AST_NODE_TYPES.AssignmentExpression) return null;
    const { left, right, operator } = only.expression;
    const value = constantOf(right);
    if (operator !== '=' || left.type !== AST_NODE_TYPES.Identifier || value === UNKNOWN) return null;
    const variable = resolveVariable(left, sourceCode);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'let') return null;
    return { variable: variable!, value, statement: handler.parent };
  }
  const fallback = fallbackNode(handler);
  const value = fallback === null ? undefined : fallback === undefined ? UNKNOWN : constantOf(fallback);
  if (value === UNKNOWN) return null;
  let node = outermostWrapper(handler.parent);
  if (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = outermostWrapper(node.parent);
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = sourceCode.getDeclaredVariables(declarator)[0]!;
  return { variable, value, statement: declarator.parent };
}

/** `null`, `false`, `true`, a number or string, `undefined`: a constant; anything else is {@link UNKNOWN}. */
function constantOf(node: TSESTree.Node): ProbeValue {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Literal) return value.value;
  return value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined' ? undefined : UNKNOWN;
}

/** The value of a test with `variable` holding `value`, through `!`, `&&`, `||`, `?.`, `===` / `!==`; {@link UNKNOWN} where it depends on anything else. */
function evaluate(node: TSESTree.Node, variable: TSESLint.Scope.Variable, value: ProbeValue): ProbeValue {
  const test = skipTypeWrappers(node);
  switch (test.type) {
    case AST_NODE_TYPES.Identifier:
      if (variable.references.some((reference) => reference.identifier === test)) return value;
      return constantOf(test);
    case AST_NODE_TYPES.Literal:
      return test.value;
    case AST_NODE_TYPES.UnaryExpression: {
      const inner = test.operator === '!' ? evaluate(test.argument, variable, value) : UNKNOWN;
      return inner === UNKNOWN ? UNKNOWN : !inner;
    }
    case AST_NODE_TYPES.LogicalExpression: {
      const left = evaluate(test.left, variable, value);
      if (left === UNKNOWN || test.operator === '??') return UNKNOWN;
      if (test.operator === '&&' ? !left : left) return left;
      return evaluate(test.right, variable, value);
    }
    case AST_NODE_TYPES.ChainExpression:
      return evaluate(test.expression, variable, value);
    case AST_NODE_TYPES.MemberExpression: {
      // `probe?.ok` on a `null` probe, `flag.ok` on a boolean: `undefined`. `probe.ok` on `null` throws.
      const base = evaluate(test.object, variable, value);
      if ((base === null || base === undefined) && test.optional) return undefined;
      return typeof base === 'boolean' && !test.computed && !OBJECT_MEMBERS.has(getPropertyName(test) ?? '') ? undefined : UNKNOWN;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      if (!['===', '!==', '==', '!='].includes(test.operator)) return UNKNOWN;
      const left = evaluate(test.left, variable, value);
      const right = evaluate(test.right, variable, value);
      if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
      const loose = test.operator.length === 2;
      const equal = loose ? left == right : left === right;
      return test.operator.startsWith('!') ? !equal : equal;
    }
    default:
      return UNKNOWN;
  }
}
