import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, getPropertyName, outermostWrapper, skipTypeWrappers } from '../ast/index.js';
import type { SqlCall } from './calls.js';
import type { SqlStatement } from './model.js';
import { isKeyColumn, isKeyPredicate, subExpressions } from './predicates.js';

/**
 * The JavaScript expression bound to parameter `$index` (1-based) of a call: a template hole
 * (`${amount}`), or an element of the values passed beside the text — `query(text, [a, b])`,
 * `query({ text, values: [a, b] })`, `$executeRawUnsafe(text, a, b)`.
 * Driver placeholders (`?`) are numbered in order, as the drivers bind them. Null when unknown
 * (named parameters, spread arguments, values built elsewhere).
 */
export function paramArgument(call: SqlCall, index: number): TSESTree.Node | null {
  const hole = call.sql.holes.find((h) => h.fill === 'param' && h.text === `$${index}`);
  if (hole) return hole.node;
  if (call.node.type !== AST_NODE_TYPES.CallExpression || call.sql.holes.length > 0) return null;
  if (call.api === 'prepare') return preparedArgument(call.node, index);
  const args = call.node.arguments;
  const first = args[0] && skipTypeWrappers(args[0]);
  let values: TSESTree.Node | undefined = args[1] && skipTypeWrappers(args[1]);
  if (first?.type === AST_NODE_TYPES.ObjectExpression) {
    const property = first.properties.find(
      (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'values',
    );
    values = property && skipTypeWrappers(property.value);
  }
  if (values?.type === AST_NODE_TYPES.ArrayExpression) {
    const element = values.elements[index - 1];
    return element && element.type !== AST_NODE_TYPES.SpreadElement ? element : null;
  }
  if (!values || values.type === AST_NODE_TYPES.ObjectExpression || values.type === AST_NODE_TYPES.SpreadElement) return null;
  // Values passed one by one (`$executeRawUnsafe(text, a, b)`); a lone second argument may be an
  // array held in a variable (`query(text, params)`), so it proves nothing.
  if (args.length < 3 || args.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return null;
  return args[index] ?? null;
}

/**
 * The source values bound to the parameters of a statement's WHERE clause (`WHERE id = $1` with
 * `[ctx.from.id]` gives `ctx.from.id`): what selects the rows it reads or writes. Null when a
 * parameter's value cannot be told; empty when the WHERE has no parameter (a literal or no WHERE).
 */
export function whereArguments(call: SqlCall, statement: SqlStatement): TSESTree.Node[] | null {
  const indexes = statement.where.flatMap((expr) => subExpressions(expr, true)).flatMap((expr) => (expr.type === 'param' ? [expr.index] : []));
  const values: TSESTree.Node[] = [];
  for (const index of indexes) {
    const value = paramArgument(call, index);
    if (!value) return null;
    values.push(value);
  }
  return values;
}

/**
 * The one row a statement names by keys alone, as text: its table, its WHERE as written (from `WHERE`
 * on, white space folded, lower case) and the names of the values in it — bound (`$1` with
 * `ctx.from.id`) or quoted in (`'${playerId}'`) — as `savings|where playerid = ' '|playerId`. Two
 * statements with the same text name the same row. Null when the WHERE tests anything but keys, or a
 * value is no name or member path (a call, an expression), which text alone cannot tell apart.
 */
export function keyedRowText(call: SqlCall, statement: SqlStatement, isKey: (column: string) => boolean = isKeyColumn): string | null {
  const table = statement.kind === 'select' ? (statement.tables.length === 1 ? statement.tables[0]! : null) : statement.target;
  if (!statement.parsed || table === null || statement.where.length === 0 || !statement.where.every((condition) => isKeyPredicate(condition, isKey))) return null;
  const values = whereArguments(call, statement);
  if (values === null) return null;
  const text = call.sql.text.slice(...statement.range);
  const at = text.search(/\bwhere\b/i);
  if (at < 0) return null;
  const holes = call.sql.holes.filter((hole) => hole.range[0] >= statement.range[0] + at && hole.range[1] <= statement.range[1]).map((hole) => hole.node);
  const names = [...holes, ...values].map((node) => getMemberPath(node)?.join('.') ?? null);
  return names.includes(null) ? null : `${table}|${text.slice(at).replace(/\s+/g, ' ').toLowerCase()}|${names.join(',')}`;
}

/** Methods of a prepared statement that take its values one by one: D1 `bind`, better-sqlite3 / node:sqlite `run`/`get`/`all`/`iterate`. */
const PREPARED_VALUE_METHODS = new Set(['bind', 'run', 'get', 'all', 'iterate']);

/** `db.prepare(sql).bind(a, b)` / `.run(a, b)`: the value bound to the `index`-th placeholder (positional only). */
function preparedArgument(prepare: TSESTree.CallExpression, index: number): TSESTree.Node | null {
  const member = outermostWrapper(prepare).parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || !PREPARED_VALUE_METHODS.has(getPropertyName(member) ?? '')) return null;
  const bound = member.parent;
  if (bound?.type !== AST_NODE_TYPES.CallExpression || bound.callee !== member) return null;
  const args = bound.arguments;
  if (args.some((arg) => arg.type === AST_NODE_TYPES.SpreadElement)) return null;
  const first = args[0] && skipTypeWrappers(args[0]);
  // One array or object of values (`run([a, b])`, named `run({ id })`): positions are not arguments.
  if (args.length === 1 && first && (first.type === AST_NODE_TYPES.ArrayExpression || first.type === AST_NODE_TYPES.ObjectExpression)) {
    const element = first.type === AST_NODE_TYPES.ArrayExpression ? first.elements[index - 1] : null;
    return element && element.type !== AST_NODE_TYPES.SpreadElement ? element : null;
  }
  return args[index - 1] ?? null;
}
