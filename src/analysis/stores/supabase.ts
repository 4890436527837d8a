import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, enclosingFunction, getPropertyName, isFunction, objectLiteralOf, propertyKey, resolveVariable, returnedValues, skipTypeWrappers, staticString, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { alwaysExits } from '../flow/index.js';
import { comparesAndSets, runsOnlyIfNoneReturned } from '../sql/index.js';
import { calledFunction, originOf, type FileRef } from '../summaries/index.js';
import { isModuleBinding, type Variable } from './values.js';

const SUPABASE = new Set(['@supabase/supabase-js']);

/** Whether `node` is a Supabase client: the result of `createClient(…)` of `@supabase/supabase-js`, by variable or project import. */
export function isSupabaseClient(node: TSESTree.Node, file: FileRef): boolean {
  const origin = originOf(node, file);
  if (origin?.kind !== 'expression' || origin.node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(origin.node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return isModuleBinding(callee, origin.file, SUPABASE, new Set(['createClient']));
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    getPropertyName(callee) === 'createClient' &&
    isModuleBinding(callee.object, origin.file, SUPABASE, new Set(['*', 'default']))
  );
}

/** A query built on `client.from('table')`: its table, the calls of its chain in order, and its outermost expression. */
export interface SupabaseQuery {
  readonly table: string;
  readonly links: readonly { method: string; call: TSESTree.CallExpression }[];
  readonly top: TSESTree.Node;
}

/** The query a `client.from('table')` call starts, when the client is proven to be Supabase's. */
export function supabaseQueryOf(from: TSESTree.CallExpression, file: FileRef): SupabaseQuery | null {
  const callee = skipTypeWrappers(from.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'from') return null;
  const table = staticString(from.arguments[0]);
  if (table === null) return null;
  const links: { method: string; call: TSESTree.CallExpression }[] = [];
  let top: TSESTree.Node = from;
  for (;;) {
    const parent: TSESTree.Node | undefined = top.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== top || parent.parent?.type !== AST_NODE_TYPES.CallExpression) break;
    const method = getPropertyName(parent);
    if (method === null) return null;
    links.push({ method, call: parent.parent });
    top = parent.parent;
  }
  if (top.parent?.type === AST_NODE_TYPES.AwaitExpression) top = top.parent;
  if (!isSupabaseClient(callee.object, file)) return null;
  return { table, links, top };
}

/** First words that name a Postgres function which only reads (`get_balance`, `fetchCredits`). */
const READ_VERBS = new Set(['get', 'fetch', 'read', 'select', 'load', 'find', 'check', 'current']);

/** The words of a function name: `get_user_balance` and `getUserBalance` give `get`, `user`, `balance`. */
export function rpcWords(name: string): string[] {
  return name
    .split(/_|(?=[A-Z])/)
    .map((word) => word.toLowerCase())
    .filter((word) => word.length > 0);
}

/**
 * A read through a Postgres function: `await client.rpc('get_balance', …)` (with `.single()` and
 * the like chained), when the client is proven to be Supabase's and the function's name starts
 * with a reading verb. Its name and outermost expression.
 */
export function supabaseRpcReadOf(call: TSESTree.CallExpression, file: FileRef): { name: string; top: TSESTree.Node } | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'rpc') return null;
  const name = staticString(call.arguments[0]);
  if (name === null || !READ_VERBS.has(rpcWords(name)[0] ?? '')) return null;
  let top: TSESTree.Node = call;
  while (top.parent?.type === AST_NODE_TYPES.MemberExpression && top.parent.object === top && top.parent.parent?.type === AST_NODE_TYPES.CallExpression) top = top.parent.parent;
  if (top.parent?.type === AST_NODE_TYPES.AwaitExpression) top = top.parent;
  return isSupabaseClient(callee.object, file) ? { name, top } : null;
}

/**
 * The fields an `insert(…)` row sets to a negated value (`insert({ user_id, amount: -cost })`): a
 * spend recorded as a ledger row, with the amount negated (`cost`). One object literal or an array of them.
 */
export function negatedInsertFields(query: SupabaseQuery, file: FileRef): { field: string; amount: TSESTree.Node }[] {
  const insert = query.links.find((link) => link.method === 'insert');
  const argument = insert?.call.arguments[0];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return [];
  const value = skipTypeWrappers(argument);
  const rows = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  const fields: { field: string; amount: TSESTree.Node }[] = [];
  for (const row of rows) {
    const object = row && row.type !== AST_NODE_TYPES.SpreadElement ? objectLiteralOf(row, file.sourceCode) : null;
    for (const property of object?.properties ?? []) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const negated = skipTypeWrappers(property.value);
      const key = propertyKey(property);
      if (key !== null && negated.type === AST_NODE_TYPES.UnaryExpression && negated.operator === '-' && negated.argument.type !== AST_NODE_TYPES.Literal) fields.push({ field: key, amount: negated.argument });
    }
  }
  return fields;
}

/** The outermost expression of a query chain a call is a link of, with its `await`: `await supabase.rpc('f', …).single()`. */
function chainTop(call: TSESTree.CallExpression): TSESTree.Node {
  let top: TSESTree.Node = call;
  while (top.parent?.type === AST_NODE_TYPES.MemberExpression && top.parent.object === top && top.parent.parent?.type === AST_NODE_TYPES.CallExpression) top = top.parent.parent;
  return top.parent?.type === AST_NODE_TYPES.AwaitExpression ? top.parent : top;
}

/** Where a query's answer is kept: `const { data, error } = await …` (either renamed), or `const result = await …` (then `result.error`). */
interface Answer {
  readonly error: Variable | null;
  readonly data: Variable | null;
  readonly result: Variable | null;
}

function answerOf(top: TSESTree.Node, file: FileRef): Answer | null {
  const declarator = top.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== top) return null;
  const variables = file.sourceCode.getDeclaredVariables(declarator);
  const named = (node: TSESTree.Node | undefined): Variable | null => (node?.type === AST_NODE_TYPES.Identifier ? (variables.find((variable) => variable.identifiers.includes(node)) ?? null) : null);
  if (declarator.id.type === AST_NODE_TYPES.Identifier) return { error: null, data: null, result: named(declarator.id) };
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return null;
  const part = (key: string) => named(declarator.id.type === AST_NODE_TYPES.ObjectPattern ? declarator.id.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKey(p) === key)?.value : undefined);
  return { error: part('error'), data: part('data'), result: null };
}

/** PostgreSQL's unique violation, which PostgREST passes on as the error's `code`. */
const UNIQUE_VIOLATION = '23505';

/** A value a test is evaluated to: a known value, a value known only to be truthy (an error object), or unknown (null). */
type Value = { known: unknown } | 'truthy' | null;

const truthOf = (value: Value): boolean | null => (value === null ? null : value === 'truthy' ? true : Boolean(value.known));

/**
 * The value of `node` when the query whose answer is kept in `answer` failed: its `error` set, with
 * `code` as its code (null: unknown), its `data` null. Through `!`, `&&`, `||`, `??`, `?.`,
 * comparisons with literals and `const`s computed from the answer (`const duplicate = error?.code === '23505'`).
 */
function onFailure(node: TSESTree.Node, answer: Answer, code: string | null, file: FileRef, depth = 0): Value {
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
      return { known: value.value };
    case AST_NODE_TYPES.Identifier: {
      const variable = resolveVariable(value, file.sourceCode) as Variable | null;
      if (variable === null) return null;
      if (variable === answer.error || variable === answer.result) return 'truthy';
      if (variable === answer.data) return { known: null };
      const init = depth < 2 ? constInitializer(value, file.sourceCode) : null;
      return init ? onFailure(init, answer, code, file, depth + 1) : null;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const property = getPropertyName(value);
      if (holds(value.object, answer.result, file)) return property === 'error' ? 'truthy' : property === 'data' ? { known: null } : null;
      // `error.code`, `result.error?.code`.
      const target = skipTypeWrappers(value.object);
      const error = holds(target, answer.error, file) || (target.type === AST_NODE_TYPES.MemberExpression && getPropertyName(target) === 'error' && holds(target.object, answer.result, file));
      if (error) return property === 'code' && code !== null ? { known: code } : null;
      // `data?.ok` of a null `data`.
      const object = onFailure(value.object, answer, code, file, depth);
      return value.optional && object !== null && object !== 'truthy' && object.known == null ? { known: undefined } : null;
    }
    case AST_NODE_TYPES.UnaryExpression: {
      const truth = value.operator === '!' ? truthOf(onFailure(value.argument, answer, code, file, depth)) : null;
      return truth === null ? null : { known: !truth };
    }
    case AST_NODE_TYPES.LogicalExpression: {
      const left = onFailure(value.left, answer, code, file, depth);
      if (value.operator === '??') return left === 'truthy' || (left !== null && left.known != null) ? left : left === null ? null : onFailure(value.right, answer, code, file, depth);
      const truth = truthOf(left);
      if (truth === null) return null;
      return truth === (value.operator === '&&') ? onFailure(value.right, answer, code, file, depth) : left;
    }
    case AST_NODE_TYPES.BinaryExpression: {
      const left = onFailure(value.left, answer, code, file, depth);
      const right = onFailure(value.right, answer, code, file, depth);
      if (left === null || right === null || left === 'truthy' || right === 'truthy') return null;
      switch (value.operator) {
        case '===':
          return { known: left.known === right.known };
        case '!==':
          return { known: left.known !== right.known };
        case '==':
          return { known: left.known == right.known };
        case '!=':
          return { known: left.known != right.known };
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

/** Whether `node` is a reference to `variable` (when there is one). */
function holds(node: TSESTree.Node, variable: Variable | null, file: FileRef): boolean {
  const value = skipTypeWrappers(node);
  return variable !== null && value.type === AST_NODE_TYPES.Identifier && (resolveVariable(value, file.sourceCode) as Variable | null) === variable;
}

/**
 * Whether `later` cannot run after the query at `top` failed (see {@link onFailure}): between them,
 * in a statement list that holds `later`, an `if` whose test holds on failure and whose branch always
 * leaves (`if (error) return;`, `if (error?.code === '23505') throw …`), or `later` sits in the branch
 * of an `if` or `?:` that failure rules out (`if (!error) { … }`).
 */
function stopsOnFailure(top: TSESTree.Node, answer: Answer, later: TSESTree.Node, code: string | null, file: FileRef): boolean {
  let child: TSESTree.Node = later;
  for (let parent = later.parent; parent && child.range[0] > top.range[0]; child = parent, parent = parent.parent) {
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.test !== child && parent.range[0] >= top.range[1]) {
      const truth = truthOf(onFailure(parent.test, answer, code, file));
      if (truth === (parent.alternate === child)) return true;
    }
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      for (const statement of parent.body) {
        if (statement.range[0] < top.range[1] || statement.range[1] > child.range[0] || statement.type !== AST_NODE_TYPES.IfStatement) continue;
        const truth = truthOf(onFailure(statement.test, answer, code, file));
        if ((truth === true && alwaysExits(statement.consequent)) || (truth === false && statement.alternate !== null && alwaysExits(statement.alternate))) return true;
      }
    }
    if (isFunction(parent)) break;
  }
  return false;
}

/** The calls of `node`'s function (or program) before `node`, in source order. */
function callsBefore(node: TSESTree.Node, file: FileRef): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  walkSameFunction(enclosingFunction(node)?.body ?? file.sourceCode.ast, (inner) => {
    if (inner.range[0] >= node.range[0]) return false;
    if (inner.type === AST_NODE_TYPES.CallExpression && inner.range[1] <= node.range[0]) calls.push(inner);
    return undefined;
  });
  return calls.sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * Whether a ledger row of a spend (`insert({ user_id, amount: -cost })`) records what an atomic
 * Postgres function already spent: before it, `await supabase.rpc('deduct_balance', { user_id, amount:
 * cost })` — a function that is no read (see {@link supabaseRpcReadOf}), given the amount the row
 * negates — whose failure (`error` set, `data` null) keeps the row from being written (`if (error)
 * return`, `if (!error) { … }`). The function did the guarded write; the row is its record, and a
 * check in code before it only a courtesy to the user.
 */
export function recordsRpcSpend(ledger: TSESTree.CallExpression, amount: TSESTree.Node, file: FileRef): boolean {
  const spent = file.sourceCode.getText(skipTypeWrappers(amount));
  return callsBefore(ledger, file).some((call) => {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'rpc') return false;
    const name = staticString(call.arguments[0]);
    if (name === null || READ_VERBS.has(rpcWords(name)[0] ?? '') || !isSupabaseClient(callee.object, file)) return false;
    const given = call.arguments.slice(1).flatMap((argument): TSESTree.Node[] => {
      const object = objectLiteralOf(argument, file.sourceCode);
      return object ? object.properties.flatMap((p) => (p.type === AST_NODE_TYPES.Property ? [p.value] : [])) : [argument];
    });
    if (!given.some((value) => file.sourceCode.getText(skipTypeWrappers(value)) === spent)) return false;
    const top = chainTop(call);
    const answer = answerOf(top, file);
    return answer !== null && stopsOnFailure(top, answer, ledger, null, file);
  });
}

/** A claim's insert: its table and the columns its row sets. */
export interface SupabaseClaim {
  readonly table: string;
  readonly columns: readonly string[];
  /** The code stops on a duplicate only (`if (error?.code === '23505') return`): it expects the row's key to be taken. */
  readonly duplicateOnly: boolean;
}

/**
 * Whether a claim row serialises `write`: before it in its function, an insert of one row
 * (`const { error } = await supabase.from('processed_invoices').insert({ invoice_id: id })`) whose
 * duplicate — PostgreSQL's unique violation `23505` — keeps `write` from running (`if (error)
 * return`, `if (error?.code === '23505') return`), and that `keyed` accepts as keyed by an external
 * id. A second run of the same event stops at the insert, so the read, check and write after it run
 * once per event.
 */
export function claimedBefore(write: TSESTree.Node, file: FileRef, keyed: (claim: SupabaseClaim) => boolean): boolean {
  return callsBefore(write, file).some((call) => {
    const query = supabaseQueryOf(call, file);
    const insert = query?.links.find((link) => link.method === 'insert');
    const row = insert && objectLiteralOf(insert.call.arguments[0], file.sourceCode);
    if (!query || !row || query.links.some((link) => link.method === 'upsert') || row.properties.some((p) => p.type !== AST_NODE_TYPES.Property)) return false;
    const answer = answerOf(query.top, file);
    if (!answer || !stopsOnFailure(query.top, answer, write, UNIQUE_VIOLATION, file)) return false;
    const columns = row.properties.flatMap((p) => {
      const key = p.type === AST_NODE_TYPES.Property ? propertyKey(p) : null;
      return key === null ? [] : [key];
    });
    return keyed({ table: query.table, columns, duplicateOnly: !stopsOnFailure(query.top, answer, write, 'other', file) });
  });
}

/** Supabase query links that write. */
export const SUPABASE_WRITES: ReadonlySet<string> = new Set(['insert', 'update', 'upsert', 'delete']);
/** Filters that only pick the row by key. Any other filter may be a guard (`.gte('balance', cost)`). */
const KEY_FILTERS = new Set(['eq', 'match', 'select', 'single', 'maybeSingle', 'throwOnError', 'limit', 'returns', 'abortSignal']);

/** Whether the query only reads rows (`.select(…)` and filters, no write). */
export function isSupabaseRead(query: SupabaseQuery): boolean {
  return query.links.some((link) => link.method === 'select') && !query.links.some((link) => SUPABASE_WRITES.has(link.method));
}

/** The `update({ … })` link of a query and its object literal (no spread), or null. */
function updateLink(query: SupabaseQuery, file: FileRef): { index: number; object: TSESTree.ObjectExpression } | null {
  const index = query.links.findIndex((link) => link.method === 'update');
  if (index < 0) return null;
  const object = objectLiteralOf(query.links[index]!.call.arguments[0], file.sourceCode);
  if (!object || object.properties.some((p) => p.type !== AST_NODE_TYPES.Property)) return null;
  return { index, object };
}

/**
 * Whether the filters after an `update` link may decide whether it applies: a filter other than by
 * key (`.gte('balance', cost)`, `.match(…)`), or an `.eq` on a column the update changes
 * (compare-and-set, {@link comparesAndSets}: `.eq('version', v)` with `version: v + 1`).
 */
function guardsItself(query: SupabaseQuery, { index, object }: { index: number; object: TSESTree.ObjectExpression }): boolean {
  const written = object.properties.flatMap((p) => {
    const key = propertyKey(p);
    return key === null ? [] : [key];
  });
  return query.links.slice(index + 1).some((link) => {
    if (!KEY_FILTERS.has(link.method) || link.method === 'match') return true;
    if (link.method !== 'eq') return false;
    const column = staticString(link.call.arguments[0]);
    return column === null || comparesAndSets([column], written);
  });
}

/**
 * The `update({ … })` object of a query whose filters only pick the row by key (an `.eq` on a column
 * other than the ones written); null otherwise.
 */
export function supabaseUpdateOf(query: SupabaseQuery, file: FileRef): TSESTree.ObjectExpression | null {
  const update = updateLink(query, file);
  return update && !guardsItself(query, update) ? update.object : null;
}

/**
 * Whether a ledger row of a spend (`insert({ wallet_id, amount: -cost })`) records what a guarded
 * update already spent: before it, an `update` of `table` (any table when null) that sets `field`
 * (the money value checked) and guards itself ({@link guardsItself}: `.eq('version', v)` with
 * `version: v + 1`, `.gte('balance', cost)`), asked for its row so that matching none is seen
 * (`.select().single()` errs and gives no data, `.maybeSingle()` gives no data), and whose failure
 * keeps the row from being written (`if (error || !updated) throw …`). Of two runs that read the same
 * row, the second updates nothing and stops: the row records the one spend. An update whose outcome
 * is ignored, or only its `error` tested without `.single()` (no row matched is no error to
 * PostgREST), does not stop the second run's row.
 */
export function recordsGuardedSpend(ledger: TSESTree.CallExpression, table: string | null, field: string, file: FileRef): boolean {
  return callsBefore(ledger, file).some((call) => {
    const query = supabaseQueryOf(call, file);
    const update = query && (table === null || query.table === table) ? updateLink(query, file) : null;
    if (!query || !update || !update.object.properties.some((p) => propertyKey(p) === field) || !guardsItself(query, update)) return false;
    const single = query.links.some((link) => link.method === 'single');
    if (!single && !query.links.some((link) => link.method === 'maybeSingle')) return false;
    const answer = answerOf(query.top, file);
    if (!answer) return false;
    // `.maybeSingle()` of no row gives no data and no error: only a test of the data stops there.
    return stopsOnFailure(query.top, single ? answer : { error: null, data: answer.data, result: null }, ledger, null, file);
  });
}

/** A write through a proven Supabase client (`supabase.from('t').update(…)`, `.insert(…)`, `.upsert(…)`, `.delete()`). */
export interface SupabaseWrite {
  /** The whole query (`supabase.from('t').update(…).eq(…)`). */
  readonly call: TSESTree.CallExpression;
  /** The money field an `update` adds to or subtracts from (`update({ balance: user.balance - cost })`), or null; adding `0` moves nothing. */
  readonly moneyMove: string | null;
  /** The row it writes: the table and its `.eq` / `.match` filters as written; each insert is a row of its own. */
  readonly row: string;
  /** The table it writes (`from('t')`). */
  readonly table: string;
  /**
   * An `update(…)` that returns the rows it changed (`.select()`) into a variable kept as it is
   * (`const { data } = await …`, a `let` never assigned again): that variable, else null.
   */
  readonly changedRows: Variable | null;
}

/**
 * Whether `later` runs only when the Supabase update `write` changed no row: its returned rows are
 * tested empty around `later` (`if (data.length < 1) { insert … }`, after `if (data.length) return;`).
 * The update then changed nothing, so the two are one update-or-insert, not two writes to keep together.
 */
export function runsOnlyIfNoRowUpdated(write: SupabaseWrite, later: TSESTree.Node): boolean {
  return write.changedRows !== null && runsOnlyIfNoneReturned(write.call, write.changedRows, later);
}

/** The write a `client.from('t')` call starts, when the client is proven to be Supabase's. */
export function supabaseWriteOf(from: TSESTree.CallExpression, file: FileRef, isMoneyField: (field: string) => boolean): SupabaseWrite | null {
  const query = supabaseQueryOf(from, file);
  const write = query?.links.find((link) => SUPABASE_WRITES.has(link.method));
  if (!query || !write) return null;
  const { sourceCode } = file;
  let moneyMove: string | null = null;
  if (write.method === 'update') {
    for (const property of objectLiteralOf(write.call.arguments[0], sourceCode)?.properties ?? []) {
      const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
      const value = key === null ? null : skipTypeWrappers((property as TSESTree.Property).value);
      // `coins + 0` adds nothing: the row keeps its value, no money moves.
      if (
        key !== null &&
        isMoneyField(key) &&
        value?.type === AST_NODE_TYPES.BinaryExpression &&
        (value.operator === '-' || value.operator === '+') &&
        !isZero(value.right) &&
        !(value.operator === '+' && isZero(value.left))
      ) {
        moneyMove = key;
        break;
      }
    }
  }
  const filters = query.links.filter((link) => link.method === 'eq' || link.method === 'match').map((link) => link.call.arguments.map((argument) => sourceCode.getText(argument)).join(','));
  const row = write.method === 'insert' ? `${query.table} insert ${from.range[0]}` : `${query.table} ${filters.join(' ')}`;
  return { call: query.links.at(-1)!.call, moneyMove, row, table: query.table, changedRows: write.method === 'update' ? changedRowsOf(query, file) : null };
}

/** The variable that holds the rows an update returns (`.select()` in its chain, `data` of the answer), when it keeps them. */
function changedRowsOf(query: SupabaseQuery, file: FileRef): Variable | null {
  if (!query.links.some((link) => link.method === 'select')) return null;
  const data = answerOf(query.top, file)?.data ?? null;
  if (!data || !query.top.parent) return null;
  const variable = file.sourceCode.getDeclaredVariables(query.top.parent).find((candidate) => candidate.references === data.references);
  return variable?.references.every((reference) => !reference.isWrite() || reference.init === true) ? data : null;
}

/** The number literal `0`. */
function isZero(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.Literal && value.value === 0;
}

/** Client methods that start a query answering `{ data, error }`: `from('t')…`, `rpc('fn', …)`. */
const QUERY_STARTS = new Set(['from', 'rpc']);

/**
 * Whether a call is a link of a query chain on a proven Supabase client (`supabase.from('t').upsert(p)`,
 * `supabase.rpc('fn')`, any link of it) that never rejects: postgrest-js resolves with `{ data, error }`
 * on query and network errors alike, unless the chain asks for `throwOnError()` or a `then` / `catch` /
 * `finally` link runs a callback that may throw ({@link settlingQueryChain}).
 */
export function isNeverRejectingSupabaseQuery(call: TSESTree.CallExpression, file: FileRef): boolean {
  let top: TSESTree.Node = call;
  while (top.parent?.type === AST_NODE_TYPES.MemberExpression && top.parent.object === top && top.parent.parent.type === AST_NODE_TYPES.CallExpression) {
    top = top.parent.parent;
  }
  const chain = settlingQueryChain(top);
  return chain !== null && isSupabaseClient(chain.start.callee.object, file);
}

/** A receiver named as a Supabase client: `supabase`, `supabaseAdmin`, `this.supabase`. */
const SUPABASE_NAME = /supabase/i;

/** Links of a promise chain that run code of their own: a `.catch` after them also receives their callbacks' failures. */
const CALLBACK_LINKS = new Set(['then', 'catch', 'finally']);

/**
 * Whether the promise a `.catch` is on is a Supabase query that never rejects: a chain started by
 * `from('table')` or `rpc('fn', …)` on a proven Supabase client, or on a receiver named as one
 * (`supabase.rpc('fn')`, `this.supabase.from('t').upsert(row)`, the client a class was handed),
 * with a literal table or function name, no `throwOnError()` and no `then` / `catch` / `finally`
 * link whose callback could throw. postgrest-js resolves such a query with `{ data, error }`, so
 * the rejection handler on it never runs.
 */
export function isSupabaseQueryPromise(promise: TSESTree.Node, file: FileRef): boolean {
  const chain = settlingQueryChain(promise);
  if (!chain) return false;
  const client = skipTypeWrappers(chain.start.callee.object);
  return isSupabaseClient(client, file) || (staticString(chain.start.call.arguments[0] ?? null) !== null && namedClient(client));
}

/**
 * The links of a query chain that settles with `{ data, error }` (`db.from('t').select().eq(…)`), outermost
 * first, down to the `from` / `rpc` call that starts it: no `throwOnError()`, no `then` / `catch` /
 * `finally` link, no computed method. Null for anything else; the client is not looked at.
 */
function settlingQueryChain(promise: TSESTree.Node): { calls: TSESTree.CallExpression[]; start: { call: TSESTree.CallExpression; callee: TSESTree.MemberExpression } } | null {
  const calls: TSESTree.CallExpression[] = [];
  let current = skipTypeWrappers(promise);
  for (;;) {
    if (current.type !== AST_NODE_TYPES.CallExpression) return null;
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = getPropertyName(callee);
    if (method === null || method === 'throwOnError' || CALLBACK_LINKS.has(method)) return null;
    calls.push(current);
    if (QUERY_STARTS.has(method)) return { calls, start: { call: current, callee } };
    current = skipTypeWrappers(callee.object);
  }
}

/** `supabase`, `this.supabase`: a receiver whose name says it is a Supabase client. */
function namedClient(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return SUPABASE_NAME.test(node.name);
  return node.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(node.object).type === AST_NODE_TYPES.ThisExpression && SUPABASE_NAME.test(getPropertyName(node) ?? '');
}

/** How many getters and `const`s {@link isSupabaseClientValue} follows. */
const MAX_CLIENT_DEPTH = 3;

/**
 * Whether a value is a Supabase client as a query's receiver: proven by `createClient` ({@link isSupabaseClient}),
 * named as one (`supabase`, `supabaseAdmin`, `this.supabase`), a choice between such (`supabaseAdmin || supabase`),
 * or what a project function returns when it is declared to return `SupabaseClient` of `@supabase/supabase-js`
 * (`function getDb(): SupabaseClient | null`) or every `return` of it gives one or `null`
 * (`const getWriteClient = () => supabaseAdmin || supabase`); followed through `const`s.
 */
export function isSupabaseClientValue(node: TSESTree.Node, file: FileRef, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (namedClient(value) || isSupabaseClient(value, file)) return true;
  if (depth >= MAX_CLIENT_DEPTH) return false;
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&') return isSupabaseClientValue(value.left, file, depth + 1) && isSupabaseClientValue(value.right, file, depth + 1);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const origin = originOf(value, file);
    return origin?.kind === 'expression' && origin.node.type !== AST_NODE_TYPES.Identifier && isSupabaseClientValue(origin.node, origin.file, depth + 1);
  }
  const target = value.type === AST_NODE_TYPES.CallExpression ? calledFunction(value, file) : null;
  if (!target) return false;
  if (declaresClientReturn(target.fn, target.file)) return true;
  const returned = returnedValues(target.fn);
  return returned !== null && returned.every((result) => isNullLiteral(result) || isSupabaseClientValue(result, target.file, depth + 1));
}

/** `(): SupabaseClient | null` (a `Promise<SupabaseClient>` too): a return type naming the client type of `@supabase/supabase-js`. */
function declaresClientReturn(fn: FunctionNode, file: FileRef): boolean {
  const annotation = fn.returnType?.typeAnnotation;
  if (!annotation) return false;
  let names = false;
  walkSameFunction(annotation, (node) => {
    if (node.type === AST_NODE_TYPES.TSTypeReference && node.typeName.type === AST_NODE_TYPES.Identifier && isModuleBinding(node.typeName, file, SUPABASE, new Set(['SupabaseClient']))) names = true;
    return !names;
  });
  return names;
}

function isNullLiteral(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.Literal && value.value === null;
}

/**
 * `const { data, error } = await db.from('system_config').select('value').eq('key', key).single()`, then
 * `if (error) return null`: an awaited query started by `from('table')` or `rpc('fn')` (a literal name)
 * on a Supabase client value ({@link isSupabaseClientValue}), with no `throwOnError()` and no
 * `then` / `catch` / `finally` link, whose result's `error` is taken out and read afterwards. postgrest-js
 * resolves such a query with `{ data, error }` on query and network errors alike: its failure is
 * answered where `error` is read, never thrown. Returns the calls of the query's chain, or null.
 */
export function queryAnsweringError(awaited: TSESTree.AwaitExpression, file: FileRef): TSESTree.CallExpression[] | null {
  const declarator = awaited.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== awaited || declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return null;
  const property = declarator.id.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKey(p) === 'error');
  if (property?.value.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(property.value, file.sourceCode);
  if (!variable?.references.some((reference) => reference.isRead())) return null;
  const chain = settlingQueryChain(awaited.argument);
  return chain && staticString(chain.start.call.arguments[0] ?? null) !== null && isSupabaseClientValue(chain.start.callee.object, file) ? chain.calls : null;
}
