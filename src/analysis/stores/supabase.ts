import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, objectLiteralOf, propertyKey, skipTypeWrappers, staticString } from '../ast/index.js';
import type { FileRef } from '../summaries/index.js';
import { isModuleBinding, originOf } from './values.js';

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
 * spend recorded as a ledger row. One object literal or an array of them.
 */
export function negatedInsertFields(query: SupabaseQuery, file: FileRef): string[] {
  const insert = query.links.find((link) => link.method === 'insert');
  const argument = insert?.call.arguments[0];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return [];
  const value = skipTypeWrappers(argument);
  const rows = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  const fields: string[] = [];
  for (const row of rows) {
    const object = row && row.type !== AST_NODE_TYPES.SpreadElement ? objectLiteralOf(row, file.sourceCode) : null;
    for (const property of object?.properties ?? []) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const negated = skipTypeWrappers(property.value);
      const key = propertyKey(property);
      if (key !== null && negated.type === AST_NODE_TYPES.UnaryExpression && negated.operator === '-' && negated.argument.type !== AST_NODE_TYPES.Literal) fields.push(key);
    }
  }
  return fields;
}

/** Supabase query links that write. */
export const SUPABASE_WRITES: ReadonlySet<string> = new Set(['insert', 'update', 'upsert', 'delete']);
/** Filters that only pick the row by key. Any other filter may be a guard (`.gte('balance', cost)`). */
const KEY_FILTERS = new Set(['eq', 'match', 'select', 'single', 'maybeSingle', 'throwOnError', 'limit', 'returns', 'abortSignal']);

/** Whether the query only reads rows (`.select(…)` and filters, no write). */
export function isSupabaseRead(query: SupabaseQuery): boolean {
  return query.links.some((link) => link.method === 'select') && !query.links.some((link) => SUPABASE_WRITES.has(link.method));
}

/**
 * The `update({ … })` object of a query whose filters only pick the row by key (an `.eq` on a column
 * other than the ones written); null otherwise.
 */
export function supabaseUpdateOf(query: SupabaseQuery, file: FileRef): TSESTree.ObjectExpression | null {
  const index = query.links.findIndex((link) => link.method === 'update');
  if (index < 0) return null;
  const object = objectLiteralOf(query.links[index]!.call.arguments[0], file.sourceCode);
  if (!object || object.properties.some((p) => p.type !== AST_NODE_TYPES.Property)) return null;
  const written = new Set(object.properties.map(propertyKey));
  for (const link of query.links.slice(index + 1)) {
    if (!KEY_FILTERS.has(link.method)) return null;
    if (link.method === 'eq' || link.method === 'match') {
      const column = staticString(link.call.arguments[0]);
      if (link.method === 'match' || column === null || written.has(column)) return null;
    }
  }
  return object;
}

/** A write through a proven Supabase client (`supabase.from('t').update(…)`, `.insert(…)`, `.upsert(…)`, `.delete()`). */
export interface SupabaseWrite {
  /** The whole query (`supabase.from('t').update(…).eq(…)`). */
  readonly call: TSESTree.CallExpression;
  /** The money field an `update` adds to or subtracts from (`update({ balance: user.balance - cost })`), or null. */
  readonly moneyMove: string | null;
  /** The row it writes: the table and its `.eq` / `.match` filters as written; each insert is a row of its own. */
  readonly row: string;
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
      if (key !== null && isMoneyField(key) && value?.type === AST_NODE_TYPES.BinaryExpression && (value.operator === '-' || value.operator === '+')) {
        moneyMove = key;
        break;
      }
    }
  }
  const filters = query.links.filter((link) => link.method === 'eq' || link.method === 'match').map((link) => link.call.arguments.map((argument) => sourceCode.getText(argument)).join(','));
  const row = write.method === 'insert' ? `${query.table} insert ${from.range[0]}` : `${query.table} ${filters.join(' ')}`;
  return { call: query.links.at(-1)!.call, moneyMove, row };
}

/** Client methods that start a query answering `{ data, error }`: `from('t')…`, `rpc('fn', …)`. */
const QUERY_STARTS = new Set(['from', 'rpc']);

/**
 * Whether a call is a link of a query chain on a proven Supabase client (`supabase.from('t').upsert(p)`,
 * `supabase.rpc('fn')`, any link of it) that never rejects: postgrest-js resolves with `{ data, error }`
 * on query and network errors alike, unless the chain asks for `throwOnError()`.
 */
export function isNeverRejectingSupabaseQuery(call: TSESTree.CallExpression, file: FileRef): boolean {
  let top: TSESTree.Node = call;
  while (top.parent?.type === AST_NODE_TYPES.MemberExpression && top.parent.object === top && top.parent.parent.type === AST_NODE_TYPES.CallExpression) {
    top = top.parent.parent;
  }
  let current: TSESTree.Node = top;
  for (;;) {
    if (current.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = getPropertyName(callee);
    if (method === 'throwOnError' || method === null) return false;
    if (QUERY_STARTS.has(method) && isSupabaseClient(callee.object, file)) return true;
    current = skipTypeWrappers(callee.object);
  }
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
  let current = skipTypeWrappers(promise);
  for (;;) {
    if (current.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = getPropertyName(callee);
    if (method === null || method === 'throwOnError' || CALLBACK_LINKS.has(method)) return false;
    if (QUERY_STARTS.has(method)) {
      const client = skipTypeWrappers(callee.object);
      return isSupabaseClient(client, file) || (staticString(current.arguments[0] ?? null) !== null && namedClient(client));
    }
    current = skipTypeWrappers(callee.object);
  }
}

/** `supabase`, `this.supabase`: a receiver whose name says it is a Supabase client. */
function namedClient(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return SUPABASE_NAME.test(node.name);
  return node.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(node.object).type === AST_NODE_TYPES.ThisExpression && SUPABASE_NAME.test(getPropertyName(node) ?? '');
}
