/**
 * Proven reads: does a piece of code change anything that outlives the update it handles? A
 * `try` that only reads (a database find, an HTTP GET, a listing) and talks to the chat changes
 * nothing when it fails: the user who is told "try again" loses nothing. A read is what the store
 * and HTTP models prove to be one (their own method lists); anything else they do not know — an
 * unknown callee, a call of a package, an assignment to state declared outside the code — may write.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, enclosingFunction, getMemberPath, getPropertyName, moduleBindings, resolveVariable, returnedValues, skipTypeWrappers, walkSameFunction, type FunctionNode } from '../ast/index.js';
import type { LoggerMatcher } from '../errors/index.js';
import { DISCORD_COLLECTION_PICKS, KEYBOARD_BUILDERS, chatRole, isDiscordFetch } from '../framework/index.js';
import { httpModelOf as sharedHttpModel, lookupOption, requestsChatMethod, type HttpModel } from '../http/index.js';
import { getSqlModel } from '../sql/index.js';
import { MONGO_QUERY_LINKS, MONGO_READS, PRISMA_READS, builderQueryOf, isMongoCollection, isSupabaseRead, prismaCallOf, supabaseQueryOf } from '../stores/index.js';
import { botProjectFrameworks, calledFunction, callOnlyTalksToUser, originOf, type FileRef } from '../summaries/index.js';

/** How deep a chain of project functions is followed, as for the error summaries. */
const MAX_DEPTH = 3;

/**
 * Links after a read that only shape or run it: Mongoose's query links (`.lean()`), `.sort()`,
 * `.toArray()`, D1's `.bind(…).first()`. A question, not a set built at load: the stores model's list
 * is read when asked, so the modules' load order does not matter.
 */
const READ_LINKS = new Set(['sort', 'limit', 'skip', 'toArray', 'bind', 'first', 'all', 'then', 'catch']);
const isReadLink = (name: string): boolean => READ_LINKS.has(name) || MONGO_QUERY_LINKS.has(name);
/** HTTP methods that read. */
const HTTP_READS = new Set(['get', 'head', 'options']);
/** Methods of strings, numbers, dates and arrays that build a new value and change nothing. */
const VALUE_METHODS = new Set([
  'map', 'filter', 'find', 'findIndex', 'some', 'every', 'forEach', 'reduce', 'slice', 'join', 'includes', 'indexOf',
  'at', 'flat', 'flatMap', 'concat', 'keys', 'values', 'entries', 'has',
  'split', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'replace', 'replaceAll', 'startsWith', 'endsWith',
  'padStart', 'padEnd', 'substring', 'charAt', 'repeat', 'match', 'test', 'localeCompare', 'toString',
  'toFixed', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'toISOString', 'getTime',
]);
/** Methods that change their receiver: harmless on a value the code built itself. */
const MUTATORS = new Set(['push', 'unshift', 'pop', 'shift', 'splice', 'sort', 'reverse', 'set', 'add', 'delete', 'clear']);
/** Global functions that compute a value. */
const VALUE_FUNCTIONS = new Set([
  'Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
  'encodeURI', 'decodeURI', 'clearTimeout', 'clearInterval',
]);
/**
 * Password-hashing packages and their functions: CPU work on the values given (a salt, a hash, a
 * comparison), nothing stored or sent. A second run computes the same kind of value again.
 */
const HASHING_PACKAGES = new Set(['bcrypt', 'bcryptjs', 'argon2', '@node-rs/bcrypt', '@node-rs/argon2']);
const HASHING_FUNCTIONS = new Set(['hash', 'hashSync', 'compare', 'compareSync', 'genSalt', 'genSaltSync', 'verify']);
/** Global classes whose instances are plain values, and the frameworks' keyboard builders (read when asked, as `isReadLink`). */
const VALUE_CLASSES = new Set(['Date', 'Map', 'Set', 'Array', 'URL', 'URLSearchParams', 'RegExp', 'Error', 'TypeError', 'Promise']);
const isValueClass = (name: string): boolean => VALUE_CLASSES.has(name) || KEYBOARD_BUILDERS.has(name);

interface Walk {
  readonly file: FileRef;
  readonly loggers: LoggerMatcher;
  /** The function the code runs in: what it declares does not outlive the call. */
  readonly owner: TSESTree.Node | null;
  readonly depth: number;
  readonly active: Set<FunctionNode>;
  readonly http: HttpModel;
  /** How many proven reads the walk met. */
  reads: number;
}

/** Per logger model and function: the proven reads it makes when it only reads, -1 when it may write. */
const memo = new WeakMap<LoggerMatcher, WeakMap<FunctionNode, number>>();
/** Functions summarised (memo hits excluded): a count for tests. */
export const effectSummaryWork = { functions: 0 };

/**
 * Whether guarded code (a `try` block, the promise a `.catch` is on) changes nothing that outlives
 * the update: every call is a logger, a chat call, a read the store models prove (a MongoDB
 * `find`, a Prisma `findMany`, a Supabase `select`, a query builder's read, a SQL `SELECT`), an HTTP
 * `GET`, a computation on values (`String(x)`, `list.map(…)`, `text.trim()`), or a project function
 * that itself only reads (followed three deep); and every assignment changes a variable the code's
 * own function declares. Callbacks in the code are read too.
 */
export function codeOnlyReads(code: TSESTree.Node, file: FileRef, loggers: LoggerMatcher): boolean {
  const walk: Walk = { file, loggers, owner: enclosingFunction(code), depth: 0, active: new Set(), http: httpModelOf(file), reads: 0 };
  return readsOnly(code, walk) && walk.reads > 0;
}

/**
 * Whether a second run of a call repeats nothing that outlives the update: it only talks to the chat
 * (a project helper around `bot.api.sendMessage`, a Bot API chat method requested over HTTP) or the
 * code of the call only reads (see {@link codeOnlyReads}: an HTTP `GET`, a project lookup).
 */
export function callRepeatsNothing(call: TSESTree.CallExpression, file: FileRef, loggers: LoggerMatcher): boolean {
  if (callOnlyTalksToUser(call, file, loggers) || requestsChatMethod(call, file.sourceCode)) return true;
  // Reading nothing is no harm here: a call that only computes (`bcrypt.hash(password, 10)`) repeats nothing either.
  const walk: Walk = { file, loggers, owner: enclosingFunction(call), depth: 0, active: new Set(), http: httpModelOf(file), reads: 0 };
  return readsOnly(call, walk);
}

const httpModelOf = (file: FileRef): HttpModel => sharedHttpModel(file.sourceCode);

function readsOnly(code: TSESTree.Node, walk: Walk): boolean {
  let ok = true;
  walkSameFunction(
    code,
    (node) => {
      if (!ok) return false;
      switch (node.type) {
        case AST_NODE_TYPES.CallExpression: {
          const verdict = callReads(node, walk);
          if (verdict === false) ok = false;
          else if (verdict !== true) ok = verdict.every((inner) => readsOnly(inner, walk));
          return verdict === true;
        }
        case AST_NODE_TYPES.NewExpression:
          if (node.callee.type !== AST_NODE_TYPES.Identifier || !isValueClass(node.callee.name) || !isGlobalOrImported(node.callee, walk.file)) ok = false;
          return ok;
        case AST_NODE_TYPES.TaggedTemplateExpression:
          if (!isSqlRead(node, walk.file)) ok = false;
          return ok;
        case AST_NODE_TYPES.AssignmentExpression:
          if (!isOwnValue(node.left, walk, false)) ok = false;
          return ok;
        case AST_NODE_TYPES.UpdateExpression:
          if (!isOwnValue(node.argument, walk, false)) ok = false;
          return ok;
        case AST_NODE_TYPES.AwaitExpression:
          // `await job`: a promise started elsewhere, doing work the code cannot see.
          if (skipTypeWrappers(node.argument).type === AST_NODE_TYPES.Identifier || skipTypeWrappers(node.argument).type === AST_NODE_TYPES.MemberExpression) ok = false;
          return ok;
        case AST_NODE_TYPES.UnaryExpression:
          if (node.operator === 'delete' && !isOwnValue(node.argument, walk, false)) ok = false;
          return ok;
        default:
          return undefined;
      }
    },
    { enterFunctions: true },
  );
  return ok;
}

/**
 * Whether a call only reads: `false` when it may write, `true` when it reads once its arguments
 * do (the walk goes on into them), or the parts still to check (the arguments of a read chain or
 * of a logger, whose callee is judged here).
 */
function callReads(call: TSESTree.CallExpression, walk: Walk): boolean | TSESTree.Node[] {
  // A logger: what it is given is still computed (`log.info(await markSeen(id))`).
  if (walk.loggers.isLoggingCall(call)) return call.arguments;
  // Building a value: a keyboard, a conversion; an HTTP client (`axios.create(…)`) sends nothing yet.
  if (chatRole(call) !== 'other' || walk.http.creationOf(call)) return true;
  const chain = readChain(call, walk);
  if (chain) {
    walk.reads++;
    return chain.flatMap((link) => link.arguments);
  }
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && VALUE_FUNCTIONS.has(callee.name) && isGlobalOrImported(callee, walk.file)) return true;
  if (hashesPassword(callee, walk.file)) return true;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(callee);
    if (name !== null && VALUE_METHODS.has(name)) return true;
    if (name !== null && DISCORD_COLLECTION_PICKS.has(name) && call.arguments.length === 0 && isDiscordProject(walk.file)) return true;
    if (name !== null && MUTATORS.has(name) && isOwnValue(callee.object, walk, true)) return true;
  }
  // A function of the project: one that only talks to the chat (the error model's chat call), or one
  // that only reads. Its arguments (callbacks too) are read by the walk.
  return callOnlyTalksToUser(call, walk.file, walk.loggers) || functionReads(call, walk);
}

/**
 * The calls of a proven read, outermost first, when `call` ends one: a store read with the links
 * that only shape or run it (`User.find({ … }).sort(…).lean()`), a Supabase `select` chain, a
 * query builder's read, a SQL `SELECT`, an HTTP `GET`. Null otherwise.
 */
function readChain(call: TSESTree.CallExpression, walk: Walk): TSESTree.CallExpression[] | null {
  const links: TSESTree.CallExpression[] = [];
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    links.push(current);
    if (isRead(current, walk)) return links;
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const name = getPropertyName(callee);
    if (name === null || !isReadLink(name)) return supabaseChain(call, walk.file);
    current = skipTypeWrappers(callee.object);
  }
  return null;
}

function isRead(call: TSESTree.CallExpression, walk: Walk): boolean {
  const { file } = walk;
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  if (name !== null && MONGO_READS.has(name) && isMongoCollection((callee as TSESTree.MemberExpression).object, file)) return true;
  const prisma = prismaCallOf(call, file);
  if (prisma) return PRISMA_READS.has(prisma.method);
  if (builderQueryOf(call, file)) return true;
  if (isSqlRead(call, file)) return true;
  if (isDiscordFetch(call) && isDiscordProject(file)) return true;
  const request = walk.http.classify(call);
  if (!request) return readsResponseBody(call, walk) || readsThroughInstance(call, walk);
  if (request.method !== null) return HTTP_READS.has(request.method.toLowerCase());
  // `fetch(url)`, `fetch(url, { method: 'GET' })`.
  const method = lookupOption(request.options, 'method', file.sourceCode);
  if (method.type === 'absent') return request.options.type !== 'unknown';
  return method.type === 'present' && method.value.type === AST_NODE_TYPES.Literal && typeof method.value.value === 'string' && HTTP_READS.has(method.value.value.toLowerCase());
}

/** A file of a discord.js bot: its managers' `fetch` and its `Collection` picks are known there. */
const isDiscordProject = (file: FileRef): boolean => botProjectFrameworks(file.filename).includes('discord.js');

/** Methods that read the body of a response. */
const BODY_READS = new Set(['json', 'text', 'arrayBuffer', 'blob', 'formData']);

/** `res.json()` of a `const res = await fetch(url)` that reads: the body of that response. */
function readsResponseBody(call: TSESTree.CallExpression, walk: Walk): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !BODY_READS.has(getPropertyName(callee) ?? '')) return false;
  const object = skipTypeWrappers(callee.object);
  const value = object.type === AST_NODE_TYPES.Identifier ? constInitializer(object, walk.file.sourceCode) : null;
  const init = value?.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(value.argument) : value;
  return init?.type === AST_NODE_TYPES.CallExpression && isRead(init, walk);
}

/**
 * `publicApi.get(path)`, where `publicApi` is an instance a project file creates
 * (`export const publicApi = createApiClient()`, with `createApiClient` returning `axios.create(…)`):
 * a read of the client the HTTP model knows in that file.
 */
function readsThroughInstance(call: TSESTree.CallExpression, walk: Walk): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !HTTP_READS.has(getPropertyName(callee) ?? '')) return false;
  const origin = originOf(callee.object, walk.file);
  if (origin?.kind !== 'expression' || origin.node.type !== AST_NODE_TYPES.CallExpression) return false;
  if (httpModelOf(origin.file).creationOf(origin.node)) return true;
  // A factory of the project that returns a created instance.
  const factory = calledFunction(origin.node, origin.file);
  const returned = factory ? returnedValues(factory.fn) : null;
  if (!factory || !returned || returned.length === 0) return false;
  return returned.every((value) => {
    const created = originOf(value, factory.file);
    return created?.kind === 'expression' && created.node.type === AST_NODE_TYPES.CallExpression && httpModelOf(created.file).creationOf(created.node) !== null;
  });
}

/** `supabase.from('t').select(…).eq(…)`: every link of a read on a proven client, from the outermost call. */
function supabaseChain(call: TSESTree.CallExpression, file: FileRef): TSESTree.CallExpression[] | null {
  const links: TSESTree.CallExpression[] = [];
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    links.push(current);
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    if (getPropertyName(callee) === 'from') {
      const query = supabaseQueryOf(current, file);
      return query && isSupabaseRead(query) ? links : null;
    }
    current = skipTypeWrappers(callee.object);
  }
  return null;
}

/** A SQL call (or tagged template) of the SQL model whose every statement is a `SELECT`. */
function isSqlRead(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, file: FileRef): boolean {
  let reads = sqlReads.get(file.sourceCode);
  if (!reads) {
    const calls = getSqlModel(file.sourceCode).flows.flatMap((flow) => flow.calls);
    reads = new Set(calls.filter((call) => call.statements.length > 0 && call.statements.every((statement) => statement.kind === 'select')).map((call) => call.node));
    sqlReads.set(file.sourceCode, reads);
  }
  return reads.has(node);
}
const sqlReads = new WeakMap<Readonly<TSESLint.SourceCode>, ReadonlySet<TSESTree.Node>>();

/** A project function the call runs, proven to only read. */
function functionReads(call: TSESTree.CallExpression, walk: Walk): boolean {
  const target = calledFunction(call, walk.file);
  if (!target) return false;
  const { fn } = target;
  let byFunction = memo.get(walk.loggers);
  if (!byFunction) memo.set(walk.loggers, (byFunction = new WeakMap()));
  const known = byFunction.get(fn);
  if (known !== undefined) {
    walk.reads += Math.max(known, 0);
    return known >= 0;
  }
  if (walk.depth >= MAX_DEPTH || walk.active.has(fn)) return false;
  walk.active.add(fn);
  effectSummaryWork.functions++;
  const file = target.file;
  const inner: Walk = { file, loggers: walk.loggers, owner: fn, depth: walk.depth + 1, active: walk.active, http: httpModelOf(file), reads: 0 };
  const reads = readsOnly(fn.body, inner);
  walk.active.delete(fn);
  walk.reads += inner.reads;
  // A `false` reached at the depth limit is not the function's own: only memoise complete answers.
  if (reads || walk.depth === 0) byFunction.set(fn, reads ? inner.reads : -1);
  return reads;
}

/**
 * A function of a password-hashing package ({@link HASHING_PACKAGES}), by how the file binds it:
 * `bcrypt.hash(…)` of `import bcrypt from 'bcrypt'` or `require('bcryptjs')`, `compare(…)` of
 * `import { compare } from 'bcrypt'`, `argon2.verify(…)`.
 */
function hashesPassword(callee: TSESTree.Node, file: FileRef): boolean {
  const path = getMemberPath(callee);
  if (!path || path.length === 0 || path.length > 2) return false;
  const binding = moduleBindings(file.sourceCode.ast).get(path[0]!);
  if (!binding || !HASHING_PACKAGES.has(binding.module)) return false;
  const name = path.length === 1 ? binding.imported : binding.imported === '*' || binding.imported === 'default' ? path[1]! : null;
  return name !== null && HASHING_FUNCTIONS.has(name);
}

/** A name no code of the file declares (a global: `Number`, `Date`), or one imported (a keyboard builder of the bot library). */
function isGlobalOrImported(identifier: TSESTree.Identifier, file: FileRef): boolean {
  const variable = resolveVariable(identifier, file.sourceCode);
  return !variable || variable.defs.length === 0 || variable.defs.every((def) => def.type === TSESLint.Scope.DefinitionType.ImportBinding);
}

/**
 * Whether an assignment target (or a mutated receiver) is a value the code's own function holds:
 * a variable declared there (not a parameter: `ctx.session.x = …` outlives the update), or a
 * property of one made there from a literal (`const rows = []`, `const text = {}`) or an HTTP client
 * it creates (`client.defaults.headers.common.Authorization = token`). A variable
 * assigned as a whole may hold anything; a property (or a mutation) needs the literal.
 */
function isOwnValue(target: TSESTree.Node, walk: Walk, mutated: boolean): boolean {
  let root = skipTypeWrappers(target);
  let member = mutated;
  while (root.type === AST_NODE_TYPES.MemberExpression) {
    member = true;
    root = skipTypeWrappers(root.object);
  }
  if (root.type !== AST_NODE_TYPES.Identifier || walk.owner === null) return false;
  const variable = resolveVariable(root, walk.file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable) return false;
  const [start, end] = walk.owner.range;
  if (def.node.range[0] < start || def.node.range[1] > end) return false;
  if (!member) return true;
  const init = def.node.init ? skipTypeWrappers(def.node.init) : null;
  if (init?.type === AST_NODE_TYPES.CallExpression) return walk.http.creationOf(init) !== null;
  return init !== null && (init.type === AST_NODE_TYPES.ArrayExpression || init.type === AST_NODE_TYPES.ObjectExpression || (init.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier && isValueClass(init.callee.name)));
}
