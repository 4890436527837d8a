import { flippedComparison } from '../ast/index.js';
import { lowercaseWithoutUnderscores } from '../flow/index.js';
import type { SqlAssignment, SqlExpr, SqlStatement } from './model.js';

/** A column reference of an expression: its name and the table or alias that qualifies it (null: none). */
type SqlColumn = Extract<SqlExpr, { type: 'column' }>;

/** Every column an expression mentions (lower-cased, unqualified), save the qualified references `keep` refuses. */
export function columnsOf(expr: SqlExpr, keep: (column: SqlColumn) => boolean = () => true): string[] {
  const found = new Set<string>();
  for (const part of subExpressions(expr)) {
    if (part.type === 'column') {
      if (keep(part)) found.add(part.name);
    }
    else if (part.type === 'other') for (const column of part.columns) found.add(column);
  }
  return [...found];
}

/**
 * The columns a WHERE conjunct tests the state of: {@link columnsOf}, save a lookup by an identifier
 * kept in a JSON column (`payment_details->>'custom_id' = $1`), which names the row, as `custom_id =
 * $1` would, and tests no state of `payment_details`.
 */
export function stateColumnsOf(expr: SqlExpr, isKey: (column: string) => boolean = isKeyColumn, keep?: (column: SqlColumn) => boolean): string[] {
  return isJsonKeyLookup(expr, isKey) ? [] : columnsOf(expr, keep);
}

/**
 * The columns a read's WHERE tests the state of ({@link stateColumnsOf}) that may be columns of the
 * table `target`: a column qualified by the name or alias of another table the read names (`i.status`
 * of `FROM impressions i JOIN creative_orders co`, for `creative_orders`) tests that table's row.
 * Unqualified columns, and qualifiers the read does not name as a table (a subquery's alias), are kept.
 */
export function stateColumnsOfTable(read: SqlStatement, target: string | null, isKey: (column: string) => boolean = isKeyColumn): string[] {
  const ofTarget = (column: SqlColumn) => {
    if (column.table === null || target === null) return true;
    const table = read.aliases[column.table] ?? (read.tables.includes(column.table) ? column.table : null);
    return table === null || table === target;
  };
  return read.where.flatMap((condition) => stateColumnsOf(condition, isKey, ofTarget));
}

/** `details->>'order_id' = $1` (or `->`): a JSON member named like a key compared with a value. */
function isJsonKeyLookup(expr: SqlExpr, isKey: (column: string) => boolean): boolean {
  if (expr.type !== 'operator' || expr.operator !== '=' || expr.args.length !== 2) return false;
  const [left, right] = expr.args as [SqlExpr, SqlExpr];
  const member = (side: SqlExpr) =>
    side.type === 'operator' &&
    (side.operator === '->>' || side.operator === '->') &&
    side.args.length === 2 &&
    side.args[0]!.type === 'column' &&
    side.args[1]!.type === 'literal' &&
    typeof side.args[1]!.value === 'string' &&
    isKey(side.args[1]!.value);
  const value = (side: SqlExpr) => side.type === 'param' || side.type === 'literal';
  return (member(left) && value(right)) || (member(right) && value(left));
}

/**
 * An expression and every expression inside it, in source order: operator, boolean and function
 * arguments, an `IN`'s value and list, a subquery's value and, with `subqueryWhere`, its WHERE.
 */
export function subExpressions(expr: SqlExpr, subqueryWhere = false, out: SqlExpr[] = []): SqlExpr[] {
  out.push(expr);
  switch (expr.type) {
    case 'operator':
    case 'bool':
    case 'function':
      for (const arg of expr.args) subExpressions(arg, subqueryWhere, out);
      break;
    case 'in':
      for (const part of [expr.value, ...expr.list]) subExpressions(part, subqueryWhere, out);
      break;
    case 'subquery':
      if (expr.value) subExpressions(expr.value, subqueryWhere, out);
      if (subqueryWhere) for (const part of expr.statement?.where ?? []) subExpressions(part, subqueryWhere, out);
      break;
    default:
      break;
  }
  return out;
}

/** The columns a statement's WHERE compares directly (`id = $1 AND guild_id = $2` → `id`, `guildid`), normalised for comparison. */
export function whereColumns(statement: SqlStatement): string[] {
  return statement.where.flatMap((condition) => (condition.type === 'operator' ? condition.args.flatMap((arg) => (arg.type === 'column' ? [lowercaseWithoutUnderscores(arg.name)] : [])) : []));
}

/** Whether a column name looks like a key: `id`, `user_id`, `userId`, `uuid`, `telegram_id`, `chat_key`. */
export function isKeyColumn(name: string): boolean {
  return /^(id|uuid|guid|key|pk)$|_(id|uuid|guid|key|pk)$|[a-z0-9]Id$/i.test(name) || /^[a-z]+id$/.test(name);
}

const VALUE_TYPES = new Set<SqlExpr['type']>(['param', 'literal', 'column']);

/**
 * Whether a WHERE conjunct only selects rows by key (`id = $1`, `user_id IN (…)`, `id = ANY($1)`):
 * it says which row, not in which state the row must be.
 */
export function isKeyPredicate(expr: SqlExpr, isKey: (column: string) => boolean = isKeyColumn): boolean {
  if (expr.type === 'operator' && expr.operator === '=' && expr.args.length === 2) {
    const [left, right] = expr.args as [SqlExpr, SqlExpr];
    const keyed = (column: SqlExpr, value: SqlExpr) => column.type === 'column' && isKey(column.name) && VALUE_TYPES.has(value.type);
    return keyed(left, right) || keyed(right, left);
  }
  if (expr.type === 'in' && !expr.negated && expr.value.type === 'column' && isKey(expr.value.name)) {
    return expr.list.every((item) => item.type === 'param' || item.type === 'literal');
  }
  return false;
}

/**
 * The WHERE conjuncts of a statement that check more than the key — a state guard (`status =
 * 'pending'`), a balance check (`balance >= $1`), a version (`version = $3`). An UPDATE with such a
 * guard decides atomically, in the database, whether it applies. `isKey` decides which columns are
 * keys ({@link isKeyColumn} by default).
 */
export function guardsOf(statement: SqlStatement, isKey: (column: string) => boolean = isKeyColumn): SqlExpr[] {
  return statement.where.filter((expr) => !isKeyPredicate(expr, isKey));
}

/**
 * Compare-and-set: a write whose filter pins a column that the same write changes — SQL's `SET
 * version = version + 1 … WHERE id = $2 AND version = $3`, Supabase's `.update({ version: v + 1
 * }).eq('version', v)`, Prisma's `where: { id, version }` with `data: { version: { increment: 1 }
 * }`. Of two runs that read the same row, the second matches no row: the write guards itself, as
 * `balance >= $1` does. `tested` are the columns the filter compares, `changed` the columns the write
 * sets; names compare without case and underscores (`updated_at`, Prisma's `updatedAt`). The one
 * home of this judgement for the SQL, Supabase and Prisma race models.
 */
export function comparesAndSets(tested: Iterable<string>, changed: Iterable<string>): boolean {
  const set = new Set([...changed].map(lowercaseWithoutUnderscores));
  for (const column of tested) if (set.has(lowercaseWithoutUnderscores(column))) return true;
  return false;
}

/** Functions that give their first argument unless it is NULL: `COALESCE(c, 0)`, MySQL's `IFNULL`, Oracle's `NVL`, SQL Server's `ISNULL(c, 0)`. */
export const NULL_DEFAULTS: ReadonlySet<string> = new Set(['coalesce', 'ifnull', 'nvl', 'isnull']);

/**
 * A fill-once assignment: `SET summary = COALESCE(summary, $1)` (or `IFNULL`, `NVL`) stores the value
 * only while the column is empty and keeps what is there otherwise. The database decides, row by row:
 * of two runs, the second keeps the first's value. `SET balance = COALESCE(balance, 0) - $2` is no
 * fill (its value is an operator: a decrement of the current value).
 */
export function fillsOnce(assignment: SqlAssignment): boolean {
  const { value } = assignment;
  if (value.type !== 'function' || !NULL_DEFAULTS.has(value.name) || value.args.length < 2) return false;
  const first = value.args[0]!;
  return first.type === 'column' && first.name.toLowerCase() === assignment.column.toLowerCase();
}

/**
 * An assignment that fills the column only where it is empty: a fill-once (see `fillsOnce`), or the
 * same with the column's zero or blank read as empty (`SET price_month = COALESCE(NULLIF(price_month,
 * 0), price * 30, 0)`). A second run keeps what the first stored.
 */
export function fillsEmpty(assignment: SqlAssignment): boolean {
  if (fillsOnce(assignment)) return true;
  const { value } = assignment;
  if (value.type !== 'function' || !NULL_DEFAULTS.has(value.name) || value.args.length < 2) return false;
  const first = value.args[0]!;
  if (first.type !== 'function' || first.name !== 'nullif' || first.args.length !== 2) return false;
  const [column, empty] = first.args as [SqlExpr, SqlExpr];
  return column.type === 'column' && column.name.toLowerCase() === assignment.column.toLowerCase() && empty.type === 'literal';
}

/**
 * A write that a second run completes and never repeats: a guarded backfill (see
 * `isGuardedBackfill`: `SET enabled = 1 WHERE enabled IS NULL`), an UPDATE whose every assignment
 * fills only an empty column (see `fillsEmpty`), an INSERT that skips a row already there (`ON
 * CONFLICT DO NOTHING`, MySQL's `INSERT IGNORE`, SQLite's `INSERT OR IGNORE`).
 */
export function isRerunFill(statement: SqlStatement): boolean {
  if (!statement.parsed || statement.ctes.length > 0) return false;
  if (statement.kind === 'insert') return statement.onConflict?.action === 'nothing' || statement.mysqlUpsert === 'insert-ignore';
  return isGuardedBackfill(statement) || (statement.kind === 'update' && statement.assignments.length > 0 && statement.assignments.every(fillsEmpty));
}

/**
 * A value a second run of the write stores again unchanged, whatever the row holds: a parameter, a
 * literal, the clock, the row being inserted (`EXCLUDED.name`), operators and functions of those, and
 * the assigned column itself only as the fallback of a NULL default (`COALESCE($2, bio)`, `COALESCE(bio,
 * $2)`, `COALESCE(NULLIF($4, ''), slug)`). `c = c + 1`, a CASE or a subquery reading the row are not.
 */
export function isRowFreeValue(value: SqlExpr, column: string): boolean {
  const free = (expr: SqlExpr, fallback: boolean): boolean => {
    switch (expr.type) {
      case 'param':
      case 'literal':
        return true;
      case 'column':
        return expr.table === 'excluded' || (fallback && expr.name.toLowerCase() === column.toLowerCase());
      case 'operator':
        return expr.args.every((arg) => free(arg, false));
      case 'function':
        if (NULL_DEFAULTS.has(expr.name) || expr.name === 'nullif') return expr.args.every((arg) => free(arg, fallback));
        return expr.args.every((arg) => free(arg, false));
      case 'other':
        return expr.columns.length === 0;
      default:
        return false;
    }
  };
  return isClockValue(value) || free(value, true);
}

/**
 * A write that a second run leaves as the first left it, so that running the code again completes a
 * change a crash cut short: an UPDATE of rows chosen by key alone (`WHERE id = $1`, see
 * `isKeyPredicate`) that sets each column to a value not computed from the row (see
 * `isRowFreeValue`); an INSERT that skips or replaces a row already there (`ON CONFLICT DO NOTHING`,
 * `INSERT OR IGNORE`, `REPLACE INTO`), or an `ON CONFLICT … DO UPDATE` with no WHERE that sets such
 * values. Not a DELETE (what it removed is gone), nor MySQL's `ON DUPLICATE KEY UPDATE`, whose
 * assignments the model does not keep.
 */
export function isRepeatableWrite(statement: SqlStatement): boolean {
  if (!statement.parsed || statement.ctes.length > 0) return false;
  const free = (assignments: readonly SqlAssignment[]) => assignments.every((assignment) => isRowFreeValue(assignment.value, assignment.column));
  if (statement.kind === 'update') {
    return statement.assignments.length > 0 && statement.where.length > 0 && statement.where.every((expr) => isKeyPredicate(expr)) && free(statement.assignments);
  }
  if (statement.kind !== 'insert') return false;
  if (statement.mysqlUpsert === 'insert-ignore' || statement.mysqlUpsert === 'replace-into') return true;
  const conflict = statement.onConflict;
  if (conflict === null || statement.mysqlUpsert !== null) return false;
  return conflict.action === 'nothing' || (conflict.where.length === 0 && free(conflict.assignments));
}

/** The statements that write: the statement itself when it is an INSERT / UPDATE / DELETE, and its data-modifying CTEs. */
export function writesOf(statement: SqlStatement): SqlStatement[] {
  const writes = statement.ctes.filter((cte) => cte.kind === 'insert' || cte.kind === 'update' || cte.kind === 'delete');
  if (statement.kind === 'insert' || statement.kind === 'update' || statement.kind === 'delete') writes.push(statement);
  return writes;
}

/** Whether a statement writes (itself or through a CTE). */
export function isWrite(statement: SqlStatement): boolean {
  return writesOf(statement).length > 0;
}

/** An INSERT that updates the row it collides with: `ON CONFLICT … DO …`, MySQL's `ON DUPLICATE KEY UPDATE`. */
export function isUpsert(statement: SqlStatement): boolean {
  return statement.kind === 'insert' && (statement.onConflict !== null || statement.mysqlUpsert !== null);
}

/**
 * A value read from the clock: a function of no arguments (`now()`, `CURRENT_TIMESTAMP`), SQLite's
 * `datetime('now', …)`, or an expression of no column the parser keeps whole (`CURRENT_TIMESTAMP`).
 */
export function isClockValue(value: SqlExpr): boolean {
  if (value.type === 'function') return value.args.length === 0 || value.args.some((arg) => arg.type === 'literal' && String(arg.value).toLowerCase() === 'now');
  return value.type === 'other' && value.columns.length === 0;
}

/**
 * A sweep of stale rows: an UPDATE or DELETE whose rows are chosen by state and age (a column compared
 * with the clock, `claimed_at < now() - interval '5 minutes'`) and by no key, and that sets only
 * constants or the clock (`status = 'failed'`, `claimed_at = NULL`). It is a whole change of its own:
 * running it again changes nothing more, and it carries nothing of the work that follows it.
 */
export function isStaleSweep(statement: SqlStatement): boolean {
  if ((statement.kind !== 'update' && statement.kind !== 'delete') || !statement.parsed || statement.ctes.length > 0) return false;
  const parts = statement.where.flatMap((expr) => subExpressions(expr, true));
  if (parts.some((part) => part.type === 'column' && isKeyColumn(part.name))) return false;
  const aged = statement.where.some((expr) => expr.type === 'operator' && ['<', '<=', '>', '>='].includes(expr.operator) && columnsOf(expr).length > 0 && subExpressions(expr).some(isClockValue));
  return aged && statement.assignments.every((assignment) => assignment.value.type === 'literal' || isClockValue(assignment.value));
}

/**
 * A guarded backfill: an UPDATE whose rows are chosen by no key, that sets only literals, and whose
 * WHERE tests a column it sets (`SET access_revoked = TRUE WHERE status = 'Expired' AND access_revoked
 * = FALSE`, `SET status = 'inactive' WHERE status = 'churned'`): a second run finds no row left to change.
 */
export function isGuardedBackfill(statement: SqlStatement): boolean {
  if (statement.kind !== 'update' || !statement.parsed || statement.ctes.length > 0 || statement.where.length === 0 || statement.assignments.length === 0) return false;
  const tested = new Set(statement.where.flatMap((expr) => subExpressions(expr, true)).flatMap((part) => (part.type === 'column' ? [part.name] : [])));
  if ([...tested].some(isKeyColumn)) return false;
  return statement.assignments.every((assignment) => assignment.value.type === 'literal') && statement.assignments.some((assignment) => tested.has(assignment.column));
}

/**
 * The column an UPDATE takes one unit of without ever taking it below zero: `SET c = c - 1 … WHERE
 * … AND c > 0` (or `c >= 1`, `0 < c`, `1 <= c`). Of concurrent runs of it on one row, each takes a
 * unit while one is left, and exactly one leaves the column at 0 (the next finds no row): the row
 * it returns tells that run it took the last unit. Null for any other statement.
 */
export function takesOneUnit(statement: SqlStatement): string | null {
  if (statement.kind !== 'update') return null;
  const unit = statement.assignments.find(
    ({ column, change, delta }) => change === 'decrement' && delta?.type === 'literal' && delta.value === 1 && statement.where.some((condition) => boundsAtOne(condition, column)),
  );
  return unit?.column ?? null;
}

/** `c > 0`, `c >= 1`, `0 < c`, `1 <= c`: the column holds at least one unit. */
function boundsAtOne(condition: SqlExpr, column: string): boolean {
  if (condition.type !== 'operator' || condition.args.length !== 2) return false;
  const [left, right] = condition.args as [SqlExpr, SqlExpr];
  const [value, limit, operator] = left.type === 'column' ? [left, right, condition.operator] : [right, left, flippedComparison(condition.operator)];
  if (value.type !== 'column' || value.name !== column || limit.type !== 'literal') return false;
  return (operator === '>' && limit.value === 0) || (operator === '>=' && limit.value === 1);
}
