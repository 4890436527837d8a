import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, enclosingTry, getMemberPath, resolveVariable, getPropertyName, isFunction, isTypeWrapper, isMemberOf, outermostWrapper, propertyKey, resolveObject, returnsOrThrows, skipTypeWrappers, someInSameFunction, type FunctionNode } from '../ast/index.js';
import { stateChangeAfter, type StateChange } from '../effects/index.js';
import { DEFAULT_LOGGERS, dealsWithFailure } from '../errors/index.js';
import { projectCallersOf, type FileRef } from '../summaries/index.js';
import { bodyFlowsIntoChange } from './body-flow.js';
import { reachesOnlyImageConsumers, reachesOnlyParsers } from './bytes.js';
import type { HttpCall } from './clients.js';
import { lookupOption, staticParts } from './values.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Which members of a response tell its status, and which hold its body. */
export interface ResponseShape {
  checks: ReadonlySet<string>;
  bodies: ReadonlySet<string>;
  /** Body readers callable straight on the request promise: got's `got(url).json()`. */
  promiseBodies: ReadonlySet<string>;
}

export const FETCH_RESPONSE: ResponseShape = {
  checks: new Set(['ok', 'status']),
  bodies: new Set(['json', 'text', 'arrayBuffer', 'blob', 'formData', 'bytes', 'body']),
  promiseBodies: new Set(),
};
export const UNDICI_RESPONSE: ResponseShape = { checks: new Set(['statusCode']), bodies: new Set(['body']), promiseBodies: new Set() };
export const AXIOS_RESPONSE: ResponseShape = { checks: new Set(['status']), bodies: new Set(['data']), promiseBodies: new Set() };
export const GOT_RESPONSE: ResponseShape = {
  checks: new Set(['statusCode', 'ok']),
  bodies: new Set(['body']),
  promiseBodies: new Set(['json', 'text', 'buffer']),
};

/** ky resolves to a fetch `Response`, and its promise has the body readers too: `ky(url).json()`. */
export const KY_RESPONSE: ResponseShape = {
  checks: FETCH_RESPONSE.checks,
  bodies: FETCH_RESPONSE.bodies,
  promiseBodies: new Set(['json', 'text', 'arrayBuffer', 'blob', 'formData', 'bytes']),
};

/** Body readers whose result is the raw bytes, as an image consumer takes them. */
const BYTE_READERS = new Set(['arrayBuffer', 'blob', 'bytes']);

/** The first read of a response's body that no status check covers. */
export interface UncheckedRead {
  read: TSESTree.Node;
  /** The body member read: `json`, `data`, `body`. */
  member: string;
  /** The variable holding the response, when there is one; null for `(await fetch(u)).json()`. */
  binding: TSESTree.Identifier | null;
}

/** Parents that only wrap a value: `(x as T)`, `x!`, `x?.y` chains. */
function valueParent(node: TSESTree.Node): { node: TSESTree.Node; parent: TSESTree.Node } {
  const current = outermostWrapper(node);
  return { node: current, parent: current.parent! };
}

/**
 * Follows the response of an HTTP call to its first body read, and returns it when nothing checks
 * the status: no read of a status member (anywhere, before or after — reading an error body to
 * build the message is a check), and the response never passed to a function (`assertOk(res)`),
 * returned or stored. Unknown uses are silent.
 */
export function findUncheckedRead(call: TSESTree.CallExpression, shape: ResponseShape, file: FileRef, options: ReadOptions = {}): UncheckedRead | null {
  const read = findAnyUncheckedRead(call, shape, file);
  if (!read || options.everyUse === true) return read;
  return changesStateAfter(read.read, file) && !reachesOnlyWhenFoundOrAsFallback(read, file.sourceCode) && bodyFlowsIntoChange(read.read, file, HARMFUL_CHANGES) ? read : null;
}

/**
 * Whether a parsed body reaches what follows only where an error body would change nothing a status
 * check changes (so the write after it is not one the check would have stopped). Its first use (see
 * `firstFieldUse`: directly, or through a copy such as `const item = (data?.items ?? []).find(…)`)
 * either
 * - is tested for presence by an `if` without `else` (`if (item) { … }`, `if (data.symbol) { … }`),
 *   and every other read of the body and of the copy lies inside that `if`: an error body has no
 *   such field, so the guarded code never runs, as after a status check; or
 * - gives a variable, through optional reads, a literal default (`price = data?.quote?.usd ?? 0`,
 *   `|| ''`) equal to what the variable holds when the `try` around the read fails (its initializer,
 *   declared before the `try`, assigned nowhere else, the `catch` neither leaving nor rethrowing):
 *   an error body leaves it where the status check's throw would. The body and the copy are read
 *   once; or
 * - only feeds the fields of the object the `try` returns, each a fallback chain ending in the
 *   literal the `catch` returns for it (see {@link returnsCatchFallback}).
 */
function reachesOnlyWhenFoundOrAsFallback(read: UncheckedRead, sourceCode: SourceCode): boolean {
  if (!parsedAsJson(read)) return false;
  const sink = bodySink(read.read, sourceCode);
  if (sink.type !== 'binding' || sink.pattern.type !== AST_NODE_TYPES.Identifier || sink.declaration.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  const { declaration } = sink;
  const body = variableOf(declaration, sink.pattern, sourceCode);
  const first = firstRealRead(body);
  if (returnsCatchFallback(declaration, body, sourceCode)) return true;
  return firstFieldUse(declaration, sink.pattern, sourceCode, (value) => {
    const copy = skipTypeWrappers(value);
    const holder = copy.type === AST_NODE_TYPES.Identifier ? resolveVariable(copy, sourceCode) : null;
    const reads = (variable: TSESLint.Scope.Variable) => variable.references.filter((reference) => !reference.init && !isLoggedRead(reference.identifier));
    const guard = presenceGuard(value);
    if (guard) {
      return reads(body).every((reference) => reference === first || contains(guard, reference.identifier)) && (holder === null || reads(holder).every((reference) => contains(guard, reference.identifier)));
    }
    return fallsBackAsFailure(value, declaration, sourceCode) && reads(body).length === 1 && (holder === null || reads(holder).length === 1);
  });
}

/**
 * Whether every read of a body bound in a `try` (directly, or through copies of its fields:
 * `const meta = data?.result?.metadata`) is an operand of a fallback chain that is a field of the
 * object the `try` returns, and each field of that object ends in the literal the `catch` returns for
 * it: `return { name: meta?.name || data?.title || '' }` … `catch { return { name: '' } }`. An error
 * body lacks the fields, so the function returns what the status check's throw would make it return.
 */
function returnsCatchFallback(declaration: TSESTree.VariableDeclarator, body: TSESLint.Scope.Variable, sourceCode: SourceCode): boolean {
  const tryStatement = enclosingTry(declaration);
  const failed = tryStatement?.handler.body.body.at(-1);
  if (!tryStatement || failed?.type !== AST_NODE_TYPES.ReturnStatement || failed.argument?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const literals = new Map<string | null, unknown>(failed.argument.properties.map((property) => [propertyKey(property), property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Literal ? property.value.value : undefined]));
  const fallbackOf = (property: TSESTree.Node): unknown => {
    const value = property.type === AST_NODE_TYPES.Property ? property.value : null;
    return value?.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&' && value.right.type === AST_NODE_TYPES.Literal ? value.right.value : undefined;
  };
  let returned: TSESTree.Node | null = null;
  const variables = [body];
  for (const variable of variables) {
    for (const reference of variable.references) {
      if (reference.init) continue;
      let top: TSESTree.Node = reference.identifier;
      while (isMemberOf(top.parent, top) || top.parent?.type === AST_NODE_TYPES.ChainExpression || isTypeWrapper(top.parent)) top = top.parent!;
      const holder = top.parent;
      if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === top && holder.id.type === AST_NODE_TYPES.Identifier && contains(tryStatement.block, holder)) {
        variables.push(variableOf(holder, holder.id, sourceCode));
        continue;
      }
      let chain: TSESTree.Node = top;
      while (chain.parent?.type === AST_NODE_TYPES.LogicalExpression && chain.parent.operator !== '&&') chain = chain.parent;
      const property = chain.parent;
      const object = property?.parent;
      if (chain === top || property?.type !== AST_NODE_TYPES.Property || property.value !== chain || object?.parent?.type !== AST_NODE_TYPES.ReturnStatement || !contains(tryStatement.block, object)) return false;
      if (returned !== null && returned !== object) return false;
      returned = object;
    }
  }
  if (returned?.type !== AST_NODE_TYPES.ObjectExpression || returned.properties.length !== literals.size) return false;
  return returned.properties.every((property) => literals.has(propertyKey(property)) && fallbackOf(property) !== undefined && fallbackOf(property) === literals.get(propertyKey(property)));
}

/** The `if` without `else` whose test is `value` (alone or in an `&&` chain): its block runs only when `value` is present. */
function presenceGuard(value: TSESTree.Node): TSESTree.IfStatement | null {
  let test: TSESTree.Node = value;
  while (test.parent?.type === AST_NODE_TYPES.LogicalExpression && test.parent.operator === '&&') test = test.parent;
  const statement = test.parent;
  return statement?.type === AST_NODE_TYPES.IfStatement && statement.test === test && statement.alternate === null ? statement : null;
}

/**
 * `price = value?.a?.b ?? 0;` (or `|| 0`) in a `try` around the body's `declaration`, into a variable
 * declared before that `try` with the same literal (`let price = 0`) and assigned nowhere else, whose
 * `catch` neither returns nor throws: the value the variable keeps when the `try` fails.
 */
function fallsBackAsFailure(value: TSESTree.Node, declaration: TSESTree.Node, sourceCode: SourceCode): boolean {
  let chain: TSESTree.Node = value;
  while (isMemberOf(chain.parent!, chain) || chain.parent?.type === AST_NODE_TYPES.ChainExpression || isTypeWrapper(chain.parent)) chain = chain.parent;
  const fallback = chain.parent;
  if (fallback?.type !== AST_NODE_TYPES.LogicalExpression || fallback.operator === '&&' || fallback.left !== chain || fallback.right.type !== AST_NODE_TYPES.Literal) return false;
  const assignment = fallback.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=' || assignment.right !== fallback || assignment.left.type !== AST_NODE_TYPES.Identifier) return false;
  const tryStatement = enclosingTry(assignment);
  const variable = resolveVariable(assignment.left, sourceCode);
  const definition = variable?.defs[0]?.node;
  if (!tryStatement || !contains(tryStatement.block, declaration) || definition?.type !== AST_NODE_TYPES.VariableDeclarator || definition.init?.type !== AST_NODE_TYPES.Literal) return false;
  if (definition.init.value !== fallback.right.value || definition.range[1] > tryStatement.range[0] || enclosingFunction(definition) !== enclosingFunction(assignment)) return false;
  const writes = variable!.references.filter((reference) => reference.isWrite());
  const leaves = someInSameFunction(tryStatement.handler.body, (node) => node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement);
  return writes.length === 2 && !leaves;
}

/** How far {@link findUncheckedRead} looks. */
export interface ReadOptions {
  /**
   * Also an unchecked read after which nothing changes state (see {@link changesStateAfter}): the
   * body is only shown, logged, or fails in a handled way; a status check changes only the message.
   */
  everyUse?: boolean;
}

/** What an error body taken for data harms when the code goes on: stored, charged or delivered as a file. */
const HARMFUL_CHANGES: ReadonlySet<StateChange> = new Set(['write', 'money', 'file']);

/**
 * Whether a state change the user or the operator cannot see go wrong runs after the read (see
 * `stateChangeAfter`): a database or storage write, a balance or payment change, a file sent to
 * the user. In the function that reads the body (its callbacks included: a `.then(…)` callback
 * counts as the function it is written in), or, in a function that hands its result back, after a
 * call of it in a caller (one level). A status check would throw before it; without one, the error
 * page is stored, charged for or delivered as the file.
 */
function changesStateAfter(read: TSESTree.Node, file: FileRef): boolean {
  let fn: TSESTree.Node | null = enclosingFunction(read);
  while (fn && isCallback(fn)) fn = enclosingFunction(fn);
  if (stateChangeAfter(fn ?? file.sourceCode.ast, read, HARMFUL_CHANGES)) return true;
  if (!fn) return false;
  let known = callersChangeState.get(fn);
  if (known === undefined) {
    known = (projectCallersOf(fn, file) ?? []).some(({ call, file: caller }) => stateChangeAfter(enclosingFunction(call) ?? caller.sourceCode.ast, call, HARMFUL_CHANGES) !== null);
    callersChangeState.set(fn, known);
  }
  return known;
}

/**
 * Per function of the linted file: whether a caller changes state after calling it. Asked once per
 * function, however many of its reads go unchecked (a pure memo: the node lives for one lint of its file).
 */
const callersChangeState = new WeakMap<TSESTree.Node, boolean>();

/** A function passed as an argument: `.then((r) => r.json())`, `items.map(async (item) => …)`. */
function isCallback(fn: TSESTree.Node): boolean {
  const parent = fn.parent;
  return (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && (parent.arguments as TSESTree.Node[]).includes(fn);
}

function findAnyUncheckedRead(call: TSESTree.CallExpression, shape: ResponseShape, file: FileRef): UncheckedRead | null {
  const { sourceCode } = file;
  const read = firstRead(call, shape, sourceCode);
  if (!read) return null;
  // Bytes that only an image consumer gets (`replyWithPhoto`, `sharp`): an error page throws there.
  const reader = read.read.parent;
  if (BYTE_READERS.has(read.member) && reader?.type === AST_NODE_TYPES.CallExpression && reader.callee === read.read) {
    if (reachesOnlyImageConsumers(reader, file, isLoggedRead)) return null;
    // Bytes only a parser gets (pdf-parse, mammoth, pdf-lib), read in a `try` whose `catch` deals with
    // the failure: an error page fails to parse into the handler a status check would throw into.
    const tryStatement = enclosingTry(reader);
    if (tryStatement && dealsWithFailure(tryStatement.handler, sourceCode) && reachesOnlyParsers(reader, file, isLoggedRead)) return null;
  }
  const parsed = parsedAsJson(read);
  // fetch and undici (got and ky, with their own instances and options, are API clients by design):
  // an error page from an address the code did not build (a file URL, an upload's location) is not
  // JSON: parsing it throws, so no error body can be used as data.
  if (parsed && shape.promiseBodies.size === 0 && !requestsJsonApi(call, sourceCode)) return null;
  const sink = bodySink(read.read, sourceCode);
  if (sink.type === 'binding' && (readsErrorField(sink.declaration, sink.pattern, sourceCode) || onlyLogged(sink.declaration, sink.pattern, sourceCode))) return null;
  if (sink.type === 'logged') return null;
  // `let result; … result = await res.json(); if (result.status === 'succeeded') …`: the assigned body's error field is read.
  if (sink.type === 'assigned' && variableReadsErrorField(sink.variable, sourceCode)) return null;
  // `try { const data = await res.json(); return data.some(…) } catch { return false }`: an error body
  // throws at its first use, into the catch a status check would throw into.
  if (parsed && sink.type === 'binding' && failsIntoCatch(sink.declaration, sink.pattern, sourceCode)) return null;
  if (sink.type === 'binding' && leavesWhenFieldMissing(sink.declaration, sink.pattern, sourceCode)) return null;
  if (sink.type === 'binding' && (testsSuccessEnvelope(sink.declaration, sink.pattern, sourceCode) || comparesFieldToKnownValues(sink.declaration, sink.pattern, sourceCode))) return null;
  // `return res.json()` from a wrapper whose every caller tests a field of the body and answers the error.
  if (parsed && sink.type === 'returned' && callersLeaveWhenFieldMissing(sink.fn, file)) return null;
  if (parsed && isBotApiRequest(call, sourceCode)) {
    // The Bot API's body carries its own status (`ok`, `description`): whoever gets it whole can tell.
    if (sink.type === 'returned') return null;
    if (sink.type === 'binding' && escapesWhole(sink.declaration, sink.pattern, sourceCode)) return null;
  }
  return read;
}

/** Methods every object has: calling them on an error body does not throw. */
const OBJECT_METHODS = new Set(['toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'constructor']);

/**
 * Whether a parsed body fails at its first use when it is an error answer, into code that deals with
 * the failure: the first use (in source order; logging the body before does not count) throws on an
 * error object (see {@link throwsOnErrorBody}), and it runs inside a `try` around the read, or in a
 * `.then((body) => …)` callback of a chain that ends in a `.catch(handler)` (or `.then(ok, handler)`),
 * whose handler deals with the failure (see `dealsWithFailure`: logs, answers the user, rethrows,
 * passes it on). A status check would throw into the same handler; only the logged cause differs.
 * A swallowing handler (`catch {}`, `.catch(noop)`) is not one: the status was the only trace.
 */
function failsIntoCatch(declaration: TSESTree.Node, pattern: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (pattern.type !== AST_NODE_TYPES.Identifier) return false;
  // Logging the body (`console.log('answer:', data)`) is not a use: the first real use comes after.
  const references = variableOf(declaration, pattern, sourceCode).references.filter((reference) => !reference.init && !isLoggedRead(reference.identifier));
  const first = references.sort((a, b) => a.identifier.range[0] - b.identifier.range[0])[0];
  if (!first?.isReadOnly() || !throwsOnErrorBody(first.identifier)) return false;
  const handler = failureHandler(declaration, first.identifier);
  return handler !== null && dealsWithFailure(handler, sourceCode);
}

/**
 * Where a failure at `use` (the first use of a body bound by `declaration`) goes: the `catch` of a
 * `try` around both in the same function, or the rejection handler later in the promise chain whose
 * `.then` callback binds the body. Null when there is none.
 */
function failureHandler(declaration: TSESTree.Node, use: TSESTree.Node): TSESTree.Node | null {
  if (declaration.type === AST_NODE_TYPES.VariableDeclarator) {
    const tryStatement = enclosingTry(declaration);
    return tryStatement && contains(tryStatement.block, use) && enclosingFunction(use) === enclosingFunction(declaration) ? tryStatement.handler : null;
  }
  const then = isFunction(declaration) && enclosingFunction(use) === declaration ? thenCallOf(declaration) : null;
  return then && rejectionHandlerAfter(then);
}

/**
 * The rejection handler further down a promise chain: `.catch(handler)`, or `.then(ok, handler)` of
 * a later call (a `.then`'s own `handler` does not see what its `ok` throws); `.then(ok)` and
 * `.finally(fn)` pass the failure on.
 */
function rejectionHandlerAfter(call: TSESTree.CallExpression): TSESTree.Node | null {
  let current: TSESTree.Node = outermostWrapper(call);
  for (;;) {
    const member = current.parent;
    const next = member?.parent;
    if (!member || !isMemberOf(member, current) || next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== member) return null;
    const name = getPropertyName(member);
    if (name === 'catch') return next.arguments[0] ?? null;
    if (name === 'then' && next.arguments[1]) return next.arguments[1];
    if (name !== 'then' && name !== 'finally') return null;
    current = outermostWrapper(next);
  }
}

/**
 * Whether a use of a parsed body throws when the body is an error object (`{ error: "…" }`): it
 * calls a method on the body (`data.some(…)`: an error object has no `some`), reads two levels deep
 * without `?.` (`body.result.type`: an error object has no `result`), or destructures a field
 * (`const [first] = data.results`, `const { id } = await body.user`: destructuring `undefined`
 * throws). A one-level read (`data.results`) just gives `undefined`, which flows on silently.
 */
function throwsOnErrorBody(use: TSESTree.Node): boolean {
  const { node, parent } = valueParent(use);
  if (!isMemberOf(parent, node) || parent.optional) return false;
  const name = getPropertyName(parent);
  if (name === null || OBJECT_METHODS.has(name)) return false;
  const outer = parent.parent;
  if (outer.type === AST_NODE_TYPES.CallExpression && outer.callee === parent) return !outer.optional;
  if (isMemberOf(outer, parent)) return !outer.optional;
  let value = valueParent(parent);
  if (value.parent.type === AST_NODE_TYPES.AwaitExpression) value = valueParent(value.parent);
  const holder = value.parent;
  return holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === value.node && (holder.id.type === AST_NODE_TYPES.ArrayPattern || holder.id.type === AST_NODE_TYPES.ObjectPattern);
}

/**
 * Whether the first real use of a bound body reads a field of it and leaves when that field is
 * missing: `if (!res[key]) throw …`, or `const price = body[id]?.usd; if (!price) return reply('Failed…')`.
 * An error body has no such field, so it never reaches the code that uses the body as data.
 */
function leavesWhenFieldMissing(declaration: TSESTree.Node, pattern: TSESTree.Node, sourceCode: SourceCode): boolean {
  return firstFieldUse(declaration, pattern, sourceCode, leavesWhenFalsy);
}

/**
 * Whether a function that returns a parsed body has callers, all of them seen (in its file, or in
 * the project files that import it: see `projectCallersOf`), and none uses the body as data: each
 * ignores it (`await sync(d);`, `void sync(d)`), only prints it (`console.log(await sync(d))`), or
 * awaits it into a `const` that is only printed or whose first real use reads a field and leaves
 * when it is missing ({@link leavesWhenFieldMissing}: `const res = await getReports(d); if
 * (!res.message) return ctx.reply('Not found')`). An error body has no such field.
 */
function callersLeaveWhenFieldMissing(fn: FunctionNode, file: FileRef): boolean {
  const callers = projectCallersOf(fn, file);
  return callers !== null && callers.length > 0 && callers.every(({ call, file: caller }) => callerUsesNoBody(call, caller.sourceCode));
}

/** Whether one call of a function returning a parsed body leaves the body unused as data (see {@link callersLeaveWhenFieldMissing}). */
function callerUsesNoBody(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  let value: TSESTree.Node = outermostWrapper(call);
  if (value.parent?.type === AST_NODE_TYPES.AwaitExpression) value = outermostWrapper(value.parent);
  const holder = value.parent!;
  if (holder.type === AST_NODE_TYPES.ExpressionStatement || (holder.type === AST_NODE_TYPES.UnaryExpression && holder.operator === 'void')) return true;
  if (value === outermostWrapper(call)) return false;
  if (isLoggedRead(value)) return true;
  return holder.type === AST_NODE_TYPES.VariableDeclarator && (leavesWhenFieldMissing(holder, holder.id, sourceCode) || onlyLogged(holder, holder.id, sourceCode));
}

/**
 * Whether the first real use of a bound body tests the API's success envelope and leaves when it is
 * missing: `if (body.result) { …use… } else { return fail(body.message) }`, or JSON-RPC's
 * `if (data.result) { …return… } return null` (`result` is absent exactly when `error` is present).
 * A field under the envelope counts the same way, tested for absence by an `if` that leaves
 * (`if (typeof body.result?.file_path !== 'string') return false`: the Bot API's `{ ok: false }` has
 * no `result`), and so after a test of the body itself (`!body || …`, for a body that falls back to
 * `undefined` when it does not parse), which uses nothing of it.
 */
function testsSuccessEnvelope(declaration: TSESTree.Node, pattern: TSESTree.Node, sourceCode: SourceCode): boolean {
  return firstFieldUse(
    declaration,
    pattern,
    sourceCode,
    (field) => {
      const path = getMemberPath(field);
      if (path?.[1] !== 'result') return false;
      return leavesWhenAbsent(field) || (path.length > 2 && leavesWhenFalsy(field));
    },
    isBodyNegation,
  );
}

/** `!body`: a test of the body itself, not a use of its data. */
function isBodyNegation(reference: TSESLint.Scope.Reference): boolean {
  const parent = outermostWrapper(reference.identifier).parent;
  return parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!';
}

/**
 * Whether the first real use of a bound body compares a field of it against known values:
 * `const status = body?.result?.payment_status; const paid = ['paid', 'paid_over'].includes(status)`,
 * `body.state === 'done'`. An error body's missing field matches none of them.
 */
function comparesFieldToKnownValues(declaration: TSESTree.Node, pattern: TSESTree.Node, sourceCode: SourceCode): boolean {
  return firstFieldUse(declaration, pattern, sourceCode, isKnownValueComparison);
}

/**
 * Whether the first real use of a bound body reads a field of it (any depth, through `?.`) and `test`
 * holds for that field, or for the first real read of the `const` it is stored in.
 */
function firstFieldUse(
  declaration: TSESTree.Node,
  pattern: TSESTree.Node,
  sourceCode: SourceCode,
  test: (value: TSESTree.Node) => boolean,
  skip?: (reference: TSESLint.Scope.Reference) => boolean,
): boolean {
  if (pattern.type !== AST_NODE_TYPES.Identifier || declaration.type !== AST_NODE_TYPES.VariableDeclarator) return false;
  const first = firstRealRead(variableOf(declaration, pattern, sourceCode), skip);
  if (!first) return false;
  let field: TSESTree.Node = outermostWrapper(first.identifier);
  let depth = 0;
  for (;;) {
    const parent: TSESTree.Node = field.parent!;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === field) depth++;
    else if (parent.type !== AST_NODE_TYPES.ChainExpression && !isTypeWrapper(parent)) break;
    field = parent;
  }
  if (depth === 0) return false;
  if (test(field)) return true;
  const stored = fieldCopy(field);
  const holder = stored.parent;
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== stored || holder.id.type !== AST_NODE_TYPES.Identifier) return false;
  const value = firstRealRead(variableOf(holder, holder.id, sourceCode));
  return value !== null && test(outermostWrapper(value.identifier));
}

/**
 * The outermost expression that carries a field read on unchanged in what matters for a test of it:
 * `String(field)`, `field ?? ''` (a fallback that is empty: `''`, `null`, `undefined`), and
 * `field ? String(field) : undefined`. A missing field stays empty through them, so it neither passes
 * an absence test nor matches a known value.
 */
function fieldCopy(field: TSESTree.Node): TSESTree.Node {
  let value: TSESTree.Node = outermostWrapper(field);
  for (;;) {
    const parent: TSESTree.Node = value.parent!;
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '&&' && parent.left === value && isEmptyValue(parent.right)) value = outermostWrapper(parent);
    else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator !== '&&' && parent.left === value && isEmptyArray(parent.right) && lookupOf(parent) !== null) value = outermostWrapper(lookupOf(parent)!);
    else if (isStringConversion(parent, value)) value = outermostWrapper(parent);
    else if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === value && copiesField(parent.consequent, value) && isEmptyValue(parent.alternate)) value = outermostWrapper(parent);
    else return value;
  }
}

/** `String(value)`. */
function isStringConversion(call: TSESTree.Node, value: TSESTree.Node): boolean {
  return call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'String' && call.arguments.length === 1 && call.arguments[0] === value;
}

/** Whether `node` is the field `field` reads (the same member path), alone or through `String(…)`. */
function copiesField(node: TSESTree.Node, field: TSESTree.Node): boolean {
  let inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.CallExpression && inner.arguments.length === 1 && isStringConversion(inner, inner.arguments[0]!)) inner = skipTypeWrappers(inner.arguments[0]!);
  const path = getMemberPath(inner);
  const fieldPath = getMemberPath(field);
  return path !== null && fieldPath !== null && path.join('.') === fieldPath.join('.');
}

/** `[]`. */
function isEmptyArray(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ArrayExpression && node.elements.length === 0;
}

/** `(list ?? []).find(…)`: the lookup called on a list with an empty fallback, which finds nothing on a missing field. */
function lookupOf(list: TSESTree.Node): TSESTree.CallExpression | null {
  const member = outermostWrapper(list).parent;
  const call = member?.parent;
  return member && isMemberOf(member, outermostWrapper(list)) && getPropertyName(member) === 'find' && call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call : null;
}

/** `''`, `null`, `undefined`. */
function isEmptyValue(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && (node.value === '' || node.value === null)) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

/**
 * Whether a value is tested for presence (alone or in an `&&` chain) by an `if` whose failure path
 * leaves the function: its `else` returns or throws, or it has none, its consequent returns or throws
 * and the statements after it end in a return or throw.
 */
function leavesWhenAbsent(value: TSESTree.Node): boolean {
  let test: TSESTree.Node = value;
  while (test.parent?.type === AST_NODE_TYPES.LogicalExpression && test.parent.operator === '&&') test = test.parent;
  const statement = test.parent;
  if (statement?.type !== AST_NODE_TYPES.IfStatement || statement.test !== test) return false;
  if (statement.alternate) return returnsOrThrows(statement.alternate);
  const block = statement.parent;
  const last = block.type === AST_NODE_TYPES.BlockStatement ? block.body.at(-1) : undefined;
  return returnsOrThrows(statement.consequent) && last !== undefined && last !== statement && returnsOrThrows(last);
}

/**
 * `value === 'paid'`, `['paid', 'paid_over'].includes(value)`: compared against non-empty string
 * constants, and the outcome handed on as a flag (stored, returned, a property) or tested by an `if`
 * that has a branch returning or throwing. An `if` that only skips work on a mismatch fails silently.
 * Several such comparisons joined by `||` / `&&` (`status === 'member' || status === 'creator'`)
 * are one flag; a chain with any other operand (`status === 'member' || status`) hands on data.
 */
function isKnownValueComparison(value: TSESTree.Node): boolean {
  let comparison = knownValueComparison(value);
  if (!comparison) return false;
  while (comparison.parent?.type === AST_NODE_TYPES.LogicalExpression && comparison.parent.operator !== '??') {
    const chain: TSESTree.LogicalExpression = comparison.parent;
    const other = chain.left === comparison ? chain.right : chain.left;
    if (!comparesToKnownValues(other)) return false;
    comparison = chain;
  }
  const use = outermostWrapper(comparison).parent;
  if (use?.type === AST_NODE_TYPES.VariableDeclarator || use?.type === AST_NODE_TYPES.ReturnStatement || use?.type === AST_NODE_TYPES.Property) return true;
  if (use?.type !== AST_NODE_TYPES.IfStatement) return false;
  if (returnsOrThrows(use.consequent) || (use.alternate !== null && returnsOrThrows(use.alternate))) return true;
  // `if (data.tx_status === 'success') { …use… } else { console.log('failed', data.tx_status) }`:
  // an error body takes the mismatch branch, and that branch logs it.
  const operators = new Set(comparisonSenses(outermostWrapper(comparison)));
  if (operators.size !== 1) return false;
  const mismatch = operators.has('equal') ? use.alternate : use.consequent;
  return mismatch !== null && logsSomething(mismatch);
}

/** For each comparison of a test joined by `||` / `&&`: does it hold on a match (`===`, `==`, `includes`) or on a mismatch (`!==`, `!=`)? */
function comparisonSenses(test: TSESTree.Node): ('equal' | 'differ')[] {
  const node = skipTypeWrappers(test);
  if (node.type === AST_NODE_TYPES.LogicalExpression) return [...comparisonSenses(node.left), ...comparisonSenses(node.right)];
  return [node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === '!==' || node.operator === '!=') ? 'differ' : 'equal'];
}

/** Whether a branch calls a logger (`console.log(…)`, `logger.warn(…)`), outside nested functions. */
function logsSomething(branch: TSESTree.Node): boolean {
  return someInSameFunction(branch, (node) => node.type === AST_NODE_TYPES.CallExpression && DEFAULT_LOGGERS.isLoggingCall(node));
}

/** The comparison of `value` against known values it is the compared side of, if any (see {@link isKnownValueComparison}). */
function knownValueComparison(value: TSESTree.Node): TSESTree.Node | null {
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.BinaryExpression && ['===', '!==', '==', '!='].includes(parent.operator)) {
    return isKnownValue(parent.left === value ? parent.right : parent.left) ? parent : null;
  }
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === value) {
    const callee = skipTypeWrappers(parent.callee);
    const list = callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'includes' ? skipTypeWrappers(callee.object) : null;
    if (list?.type === AST_NODE_TYPES.ArrayExpression && list.elements.length > 0 && list.elements.every((element) => element !== null && isKnownValue(element))) return parent;
  }
  return null;
}

/** Whether an operand of a `||` / `&&` chain is itself such comparisons: `status === 'creator'`, `(a === 'x' || a === 'y')`. */
function comparesToKnownValues(node: TSESTree.Node): boolean {
  const operand = skipTypeWrappers(node);
  if (operand.type === AST_NODE_TYPES.LogicalExpression) return operand.operator !== '??' && comparesToKnownValues(operand.left) && comparesToKnownValues(operand.right);
  if (operand.type === AST_NODE_TYPES.BinaryExpression) return knownValueComparison(operand.left) === operand || knownValueComparison(operand.right) === operand;
  return false;
}

/**
 * A non-empty string or a number other than 0 (`=== 1100`, a success code): neither a missing field
 * nor its empty fallback matches it. `=== 0` is mostly an emptiness test of data (`body.length === 0`).
 */
function isKnownValue(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && ((typeof node.value === 'string' && node.value !== '') || (typeof node.value === 'number' && node.value !== 0));
}

/** The first read of a variable in source order that is not its initialisation, a logging call or one `skip` passes over. */
function firstRealRead(variable: TSESLint.Scope.Variable, skip?: (reference: TSESLint.Scope.Reference) => boolean): TSESLint.Scope.Reference | null {
  const reads = variable.references.filter((reference) => !reference.init && !isLoggedRead(reference.identifier) && !isLoggerField(reference.identifier) && skip?.(reference) !== true);
  const first = reads.sort((a, b) => a.identifier.range[0] - b.identifier.range[0])[0];
  return first?.isReadOnly() ? first : null;
}

/**
 * Whether a value is tested for absence (alone or in an `||` chain) by an `if` that returns or
 * throws: `!value`, or `typeof value !== 'string'` (any type but `'undefined'`), which a missing field fails too.
 */
function leavesWhenFalsy(value: TSESTree.Node): boolean {
  const negation = absenceTest(value);
  if (!negation) return false;
  let test: TSESTree.Node = negation;
  while (test.parent?.type === AST_NODE_TYPES.LogicalExpression && test.parent.operator === '||') test = test.parent;
  const statement = test.parent;
  return statement?.type === AST_NODE_TYPES.IfStatement && statement.test === test && returnsOrThrows(statement.consequent);
}

/** The test that holds when `value` is missing: `!value`, `typeof value !== 'string'`; null for anything else. */
function absenceTest(value: TSESTree.Node): TSESTree.Node | null {
  const parent = value.parent;
  if (parent?.type !== AST_NODE_TYPES.UnaryExpression) return null;
  if (parent.operator === '!') return parent;
  const comparison = parent.operator === 'typeof' ? parent.parent : null;
  if (comparison?.type !== AST_NODE_TYPES.BinaryExpression || (comparison.operator !== '!==' && comparison.operator !== '!=')) return null;
  const type = comparison.left === parent ? comparison.right : comparison.left;
  return type.type === AST_NODE_TYPES.Literal && typeof type.value === 'string' && type.value !== 'undefined' ? comparison : null;
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** JSON parsers of a body: fetch's `res.json()`, undici's `res.body.json()`. */
function parsedAsJson(read: UncheckedRead): boolean {
  if (read.member === 'json') return true;
  const parent = read.read.parent;
  return read.member === 'body' && !!parent && isMemberOf(parent, read.read) && getPropertyName(parent) === 'json';
}

/**
 * Whether a request provably goes to an API, whose error answers are JSON that parses and can be
 * used as data: its address has text of its own (`https://api.example.com/…`, `${base}/users`, a
 * `const` holding one), or it sends a body, headers or a method other than GET. A bare variable
 * (`fetch(metadataUrl)`, a file or upload address from elsewhere) with no such options is not:
 * storage and CDNs answer errors with HTML or XML, which makes `.json()` throw.
 */
function requestsJsonApi(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const [url, init] = call.arguments;
  if (url === undefined) return false;
  if (staticParts(url, sourceCode, 0).replaceAll('${}', '') !== '') return true;
  if (init === undefined) return false;
  const options = resolveObject(init, sourceCode);
  if (options.type === 'none') return false;
  if (options.type !== 'object') return true;
  return options.node.properties.some((property) => {
    if (property.type === AST_NODE_TYPES.SpreadElement) return true;
    const key = propertyKey(property);
    if (key === 'method') {
      const method = staticParts(property.value, sourceCode, 0);
      return method.toUpperCase() !== 'GET';
    }
    return key === null || key === 'body' || key === 'headers' || key === 'json';
  });
}

/**
 * Whether a bound body is handed on whole somewhere: returned, passed to a call, put in an object or
 * array (`NextResponse.json({ telegram: body })`), assigned or spread.
 */
function escapesWhole(declaration: TSESTree.Node, pattern: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (pattern.type !== AST_NODE_TYPES.Identifier) return false;
  return variableOf(declaration, pattern, sourceCode).references.some((reference) => {
    if (!reference.isRead()) return false;
    const { node, parent } = valueParent(reference.identifier);
    return !isMemberOf(parent, node) && parent.type !== AST_NODE_TYPES.IfStatement && parent.type !== AST_NODE_TYPES.UnaryExpression && parent.type !== AST_NODE_TYPES.LogicalExpression && parent.type !== AST_NODE_TYPES.BinaryExpression && parent.type !== AST_NODE_TYPES.ConditionalExpression;
  });
}

function firstRead(call: TSESTree.CallExpression, shape: ResponseShape, sourceCode: SourceCode): UncheckedRead | null {
  let { node, parent } = valueParent(call);
  if (parent.type === AST_NODE_TYPES.AwaitExpression) {
    ({ node, parent } = valueParent(parent));
    if (isMemberOf(parent, node)) {
      const member = getPropertyName(parent);
      return member !== null && shape.bodies.has(member) ? { read: parent, member, binding: null } : null;
    }
    return parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node ? fromPattern(parent, parent.id, shape, sourceCode) : null;
  }
  if (!isMemberOf(parent, node) || parent.parent.type !== AST_NODE_TYPES.CallExpression || parent.parent.callee !== parent) return null;
  const member = getPropertyName(parent);
  if (member !== null && shape.promiseBodies.has(member)) return { read: parent, member, binding: null };
  const callback = parent.parent.arguments[0];
  if (member !== 'then' || !isFunction(callback) || !callback.params[0]) return null;
  return fromPattern(callback, callback.params[0], shape, sourceCode);
}

/** Fields of a parsed body that carry an API's own error report: `{ ok: false }`, `{ error: … }`. */
const BODY_ERROR_FIELDS = new Set(['ok', 'error', 'errors', 'err', 'success', 'status', 'statuscode', 'code', 'error_code', 'errorcode', 'errcode', 'errmsg']);

/** Field names compare without case: TronGrid reports errors as `{ Error: … }`, others as `{ Status: … }`. */
function isErrorField(name: string | null): boolean {
  return name !== null && BODY_ERROR_FIELDS.has(name.toLowerCase());
}

/** The `.then(fn)` call a callback is passed to. */
function thenCallOf(fn: TSESTree.Node): TSESTree.CallExpression | null {
  const call = fn.parent;
  return call?.type === AST_NODE_TYPES.CallExpression &&
    call.arguments[0] === fn &&
    call.callee.type === AST_NODE_TYPES.MemberExpression &&
    getPropertyName(call.callee) === 'then'
    ? call
    : null;
}

/** Readers of undici's body mixin: `res.body.json()`. */
const BODY_READERS = new Set(['json', 'text', 'arrayBuffer', 'blob', 'bytes']);

/** Where the parsed body of a response goes. */
type BodySink =
  /** Bound to a pattern: `const data = await res.json()`, `.then((data) => …)`. */
  | { type: 'binding'; declaration: TSESTree.Node; pattern: TSESTree.Node }
  /** Assigned to a variable declared elsewhere: `result = await res.json()` into an outer `let`. */
  | { type: 'assigned'; variable: TSESLint.Scope.Variable }
  /** Handed only to `console.*`: printed, not used. */
  | { type: 'logged' }
  /** Returned whole from the function that read it (not through a `.then` callback). */
  | { type: 'returned'; fn: FunctionNode }
  | { type: 'other' };

/**
 * Follows the parsed body of a response from its read (`res.json()`) through `await`, `.then()`
 * callbacks and their `return` to where it ends: a binding, a `console.*` call, a `return`.
 */
function bodySink(read: TSESTree.Node, sourceCode: SourceCode): BodySink {
  let node: TSESTree.Node = read;
  const parent = read.parent;
  // undici's `res.body.text()`: the body mixin's reader is where the parsed body comes from.
  if (parent && isMemberOf(parent, read) && BODY_READERS.has(getPropertyName(parent) ?? '') && parent.parent.type === AST_NODE_TYPES.CallExpression) node = parent;
  if (node.parent?.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node) node = node.parent;
  for (let depth = 0; depth < 8; depth++) {
    const { node: value, parent } = valueParent(node);
    let next: TSESTree.Node | null = null;
    if (parent.type === AST_NODE_TYPES.AwaitExpression) next = parent;
    else if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === value) {
      next = thenCallOf(parent);
      if (!next) return { type: 'returned', fn: parent };
    } else if (parent.type === AST_NODE_TYPES.ReturnStatement) {
      const fn = sourceCode.getAncestors(parent).findLast(isFunction);
      if (!fn) return { type: 'other' };
      next = thenCallOf(fn);
      if (!next) return { type: 'returned', fn };
    } else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value) {
      return { type: 'binding', declaration: parent, pattern: parent.id };
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.operator === '=' && parent.left.type === AST_NODE_TYPES.Identifier) {
      const variable = resolveVariable(parent.left, sourceCode);
      return variable ? { type: 'assigned', variable } : { type: 'other' };
    } else if (isMemberOf(parent, value) && getPropertyName(parent) === 'catch' && parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
      // `res.json().catch(() => ({}))`: the same body, or a stand-in when it does not parse.
      next = parent.parent;
    } else if (isMemberOf(parent, value) && getPropertyName(parent) === 'then') {
      const call = parent.parent;
      const fn = call.type === AST_NODE_TYPES.CallExpression && call.callee === parent ? call.arguments[0] : undefined;
      return isFunction(fn) && fn.params[0] ? { type: 'binding', declaration: fn, pattern: fn.params[0] } : { type: 'other' };
    } else if (isConsoleArgument(value)) {
      return { type: 'logged' };
    }
    if (!next) return { type: 'other' };
    node = next;
  }
  return { type: 'other' };
}

/** `console.log(x)`, `console.error('failed', x)`: an argument of a `console.*` call. */
function isConsoleArgument(node: TSESTree.Node): boolean {
  const call = node.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !(call.arguments as TSESTree.Node[]).includes(node)) return false;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && getMemberPath(callee.object)?.join('.') === 'console';
}

/**
 * Whether a bound body is only printed: every read of the variable is an argument of `console.*`
 * (directly, in a template literal or through `JSON.stringify`). Logging a body is not using it as data.
 */
function onlyLogged(declaration: TSESTree.Node, pattern: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (pattern.type !== AST_NODE_TYPES.Identifier) return false;
  const reads = variableOf(declaration, pattern, sourceCode).references.filter((reference) => reference.isRead());
  return reads.length > 0 && reads.every((reference) => isLoggedRead(reference.identifier));
}

/** `logger.info('answer', { id, ...body })`: a body spread into (or set as a field of) the object a logger prints. */
function isLoggerField(identifier: TSESTree.Node): boolean {
  const value = outermostWrapper(identifier);
  const entry = value.parent;
  const isEntry = entry?.type === AST_NODE_TYPES.SpreadElement || (entry?.type === AST_NODE_TYPES.Property && entry.value === value);
  const object = isEntry ? entry.parent : null;
  const call = object?.type === AST_NODE_TYPES.ObjectExpression ? object.parent : null;
  return call?.type === AST_NODE_TYPES.CallExpression && (call.arguments as TSESTree.Node[]).includes(object!) && DEFAULT_LOGGERS.isLoggingCall(call);
}

/** Whether a read of a body only logs it: a console argument, directly or through a template or `JSON.stringify`. */
function isLoggedRead(identifier: TSESTree.Node): boolean {
  let node: TSESTree.Node = outermostWrapper(identifier);
  for (let depth = 0; depth < 4; depth++) {
    if (isConsoleArgument(node)) return true;
    const parent = node.parent!;
    const stringified =
      parent.type === AST_NODE_TYPES.CallExpression && getMemberPath(parent.callee)?.join('.') === 'JSON.stringify' && parent.arguments[0] === node;
    if (parent.type !== AST_NODE_TYPES.TemplateLiteral && !stringified) return false;
    node = parent;
  }
  return false;
}

/** The Telegram Bot API answers every method call with JSON (file downloads under `/file/bot…` are raw bytes): `{ ok: true, result }` or `{ ok: false, description }`. */
const BOT_API_URL = /\bapi\.telegram\.org\/bot/;

/**
 * Whether a request goes to the Telegram Bot API, by its URL: a string, a template or a
 * concatenation whose static parts (through `const` names) name `api.telegram.org/bot`. A wrapper
 * that returns such a body whole hands its `ok` field to the caller, where the check belongs.
 */
function isBotApiRequest(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const url = call.arguments[0];
  return url !== undefined && BOT_API_URL.test(staticParts(url, sourceCode, 0));
}

function readsErrorField(declaration: TSESTree.Node, pattern: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    return pattern.properties.some((property) => property.type === AST_NODE_TYPES.Property && isErrorField(propertyKey(property)));
  }
  if (pattern.type !== AST_NODE_TYPES.Identifier) return false;
  return variableReadsErrorField(variableOf(declaration, pattern, sourceCode), sourceCode);
}

/** Whether some read of a variable holding a parsed body reads an error field of it, directly or through a `const` copy. */
function variableReadsErrorField(variable: TSESLint.Scope.Variable, sourceCode: SourceCode): boolean {
  return variable.references.some((reference) => {
    const { node, parent } = valueParent(reference.identifier);
    if (isMemberOf(parent, node)) return isErrorField(getPropertyName(parent));
    return parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && readsErrorField(parent, parent.id, sourceCode);
  });
}

function fromPattern(
  declaration: TSESTree.Node,
  pattern: TSESTree.Node,
  shape: ResponseShape,
  sourceCode: SourceCode,
): UncheckedRead | null {
  if (pattern.type === AST_NODE_TYPES.Identifier) return fromVariable(declaration, pattern, shape, sourceCode);
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) return fromObjectPattern(declaration, pattern, shape, sourceCode);
  return null;
}

function variableOf(declaration: TSESTree.Node, id: TSESTree.Identifier, sourceCode: SourceCode): TSESLint.Scope.Variable {
  return sourceCode.getDeclaredVariables(declaration).find((variable) => variable.identifiers.includes(id))!;
}

function fromVariable(declaration: TSESTree.Node, id: TSESTree.Identifier, shape: ResponseShape, sourceCode: SourceCode): UncheckedRead | null {
  let first: UncheckedRead | null = null;
  const note = (read: UncheckedRead): void => {
    if (!first || read.read.range[0] < first.read.range[0]) first = read;
  };
  for (const reference of variableOf(declaration, id, sourceCode).references) {
    if (reference.init) continue;
    if (reference.isWrite()) return null;
    const { node, parent } = valueParent(reference.identifier);
    if (isMemberOf(parent, node)) {
      const member = getPropertyName(parent);
      if (member === null || shape.checks.has(member)) return null;
      if (shape.bodies.has(member)) note({ read: parent, member, binding: id });
      continue;
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.ObjectPattern) {
      const read = fromObjectPattern(parent, parent.id, shape, sourceCode);
      if (read === null && patternChecks(parent.id, shape)) return null;
      if (read) note({ ...read, binding: id });
      continue;
    }
    return null; // passed to a function, returned, stored: someone else may check it.
  }
  return first;
}

/** A destructuring that takes a status member, the rest, or a computed key (which may be one). */
function patternChecks(pattern: TSESTree.ObjectPattern, shape: ResponseShape): boolean {
  return pattern.properties.some((property) => {
    if (property.type === AST_NODE_TYPES.RestElement) return true;
    const key = propertyKey(property);
    return key === null || shape.checks.has(key);
  });
}

function fromObjectPattern(
  declaration: TSESTree.Node,
  pattern: TSESTree.ObjectPattern,
  shape: ResponseShape,
  sourceCode: SourceCode,
): UncheckedRead | null {
  let read: UncheckedRead | null = null;
  for (const property of pattern.properties) {
    if (property.type === AST_NODE_TYPES.RestElement) return null;
    const key = propertyKey(property);
    if (key === null) return null;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    const used = value.type !== AST_NODE_TYPES.Identifier || variableOf(declaration, value, sourceCode).references.some((ref) => ref.isRead());
    if (shape.checks.has(key) && used) return null;
    if (shape.bodies.has(key) && used && !read) read = { read: property, member: key, binding: null };
  }
  return read;
}

/** `validateStatus: () => true` / `null`: axios resolves every status. */
export function acceptsEveryStatus(value: TSESTree.Node): boolean {
  if (value.type === AST_NODE_TYPES.Literal) return value.value === null;
  if (!isFunction(value)) return false;
  const body = value.body;
  if (body.type === AST_NODE_TYPES.BlockStatement) {
    const only = body.body.length === 1 ? body.body[0] : undefined;
    return only?.type === AST_NODE_TYPES.ReturnStatement && !!only.argument && isTrue(only.argument);
  }
  return isTrue(body);
}

function isTrue(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && node.value === true;
}

/** `throwHttpErrors: false`: got resolves every status. */
export function throwsNoHttpErrors(value: TSESTree.Node): boolean {
  return value.type === AST_NODE_TYPES.Literal && value.value === false;
}

/**
 * The option that makes an axios, got or ky call resolve on error statuses, read from the call's own
 * options first, then from the options of the instance it was made with. Null when the client
 * throws on 4xx/5xx (its default) or the options cannot be seen.
 */
export function statusOption(call: HttpCall, sourceCode: SourceCode): TSESTree.Property | null {
  const name = call.kind === 'axios' ? 'validateStatus' : 'throwHttpErrors';
  const test = call.kind === 'axios' ? acceptsEveryStatus : throwsNoHttpErrors;
  const own = lookupOption(call.options, name, sourceCode);
  if (own.type === 'present') return test(own.value) ? own.property : null;
  if (own.type === 'unknown') return null;
  for (const creation of [...(call.instance?.creations ?? [])].reverse()) {
    const found = lookupOption(resolveObject(creation.arguments[0], sourceCode), name, sourceCode);
    if (found.type === 'present') return test(found.value) ? found.property : null;
    if (found.type === 'unknown') return null;
  }
  return null;
}
