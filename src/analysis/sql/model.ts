/**
 * The normalised statement model every SQL rule reads. It is deliberately small: what the rules
 * need to reason about races, transactions, balances and idempotency, and nothing of the parser's
 * own tree. All names are lower-cased and unqualified (`public.Users` → `users`); all offsets are
 * character offsets in the SQL text the statement was parsed from.
 */

/** What a statement does. `other` covers DDL, `SET`, `LOCK`, `CALL` and the like. */
export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'begin' | 'commit' | 'rollback' | 'savepoint' | 'other';

/** A row-locking clause: `FOR UPDATE`, `FOR NO KEY UPDATE`, `FOR SHARE`, `FOR KEY SHARE`. */
export type LockStrength = 'update' | 'no key update' | 'share' | 'key share';

/** A small expression tree: enough to tell `balance - $1` from `$1`, and `balance >= $1` from `id = $2`. */
export type SqlExpr =
  | { type: 'column'; name: string; table: string | null; location: number }
  | { type: 'param'; index: number; location: number }
  | { type: 'literal'; value: string | number | boolean | null; location: number }
  /** A binary or unary operator: `a - b`, `a >= b`, `-a`; `IS NULL` and friends have operator `is null` etc. */
  | { type: 'operator'; operator: string; args: SqlExpr[]; location: number }
  /** `AND`, `OR`, `NOT`. */
  | { type: 'bool'; operator: 'and' | 'or' | 'not'; args: SqlExpr[]; location: number }
  /** A function call, `COALESCE(a, 0)`, `GREATEST(a - $1, 0)`, `now()`. */
  | { type: 'function'; name: string; args: SqlExpr[]; location: number }
  /** `x IN (…)`, `x = ANY($1)`: `list` holds the values. */
  | { type: 'in'; operator: string; value: SqlExpr; list: SqlExpr[]; negated: boolean; location: number }
  /** A subquery (`EXISTS (…)`, `(SELECT …)`, `x IN (SELECT …)`). */
  | { type: 'subquery'; operator: string; value: SqlExpr | null; statement: SqlStatement | null; location: number }
  /** Anything else (CASE, casts are looked through, arrays …); `columns` lists the columns it mentions. */
  | { type: 'other'; columns: string[]; location: number };

/** One `SET column = value` assignment of an UPDATE (or of an `ON CONFLICT … DO UPDATE`). */
export interface SqlAssignment {
  column: string;
  value: SqlExpr;
  /**
   * `c = c - x` (or `c - x` on either side of a cast): `decrement`; `c = c + x` / `c = x + c`:
   * `increment`; anything else: null. `delta` is the `x`.
   */
  change: 'increment' | 'decrement' | null;
  delta: SqlExpr | null;
  /** Offset of the assignment in the SQL text. */
  location: number;
}

/** The result of `ON CONFLICT …` on an INSERT. */
export interface SqlOnConflict {
  action: 'nothing' | 'update';
  /** The conflict target's columns (`ON CONFLICT (a, b)`), empty for `ON CONSTRAINT x` or none. */
  columns: string[];
  constraint: string | null;
  assignments: SqlAssignment[];
  where: SqlExpr[];
}

export interface SqlStatement {
  kind: StatementKind;
  /** False when the text did not parse and this statement comes from the token-level fallback: then only `kind`, `target`, `tables`, `lock`, `onConflict`/`mysqlUpsert` (presence) are known, and absence of anything proves nothing. */
  parsed: boolean;
  /** `[start, end)` of the statement in the SQL text, trimmed. */
  range: [number, number];
  /** The table an INSERT / UPDATE / DELETE writes; null for other kinds. */
  target: string | null;
  /** Every table the statement itself names (FROM, JOIN, USING, the target), without those only in CTEs or subqueries. */
  tables: string[];
  /**
   * The aliases those tables are given (`FROM impressions i LEFT JOIN creative_orders co` → `i` →
   * `impressions`, `co` → `creative_orders`), lower-cased: what a qualified column's `table` names.
   */
  aliases: Record<string, string>;
  /** Column names of a SELECT's target list (`*` for a star, `t.*` too), of an INSERT's column list, or of RETURNING. */
  columns: string[];
  /**
   * An INSERT's column list as the database sees it: a quoted identifier keeps its case (`"chargeId"`),
   * where {@link columns} folds every name to lower case for comparison (`chargeid`). Names are judged
   * by their words (`charge_id`, `chargeId`) in this form. Empty for other kinds.
   */
  writtenColumns: string[];
  /**
   * A SELECT's output columns as the caller sees them: `u.balance AS owner_balance` gives
   * `{ column: 'balance', name: 'owner_balance' }`; an expression without a column gives `column: null`.
   */
  targets: { column: string | null; name: string }[];
  /** The row lock of a SELECT, null when none. */
  lock: LockStrength | null;
  /** PostgreSQL `ON CONFLICT`. */
  onConflict: SqlOnConflict | null;
  /** MySQL `ON DUPLICATE KEY UPDATE`, `INSERT IGNORE` or `REPLACE INTO`, SQLite `INSERT OR IGNORE` / `OR REPLACE` (seen by the rewrite). */
  mysqlUpsert: 'on-duplicate-key-update' | 'insert-ignore' | 'replace-into' | null;
  /** An INSERT's single `VALUES (…)` row, one expression per column of `columns` (empty for several rows, a SELECT, or no column list). */
  values: SqlExpr[];
  /** UPDATE's `SET` assignments in order. */
  assignments: SqlAssignment[];
  /** The WHERE clause split at its top-level ANDs (empty when there is no WHERE). */
  where: SqlExpr[];
  /** The statements of the WITH clause, in order (data-modifying CTEs included). */
  ctes: SqlStatement[];
  /** Whether a RETURNING clause is present. */
  returning: boolean;
  /** A SELECT with GROUP BY, DISTINCT, aggregates in its target list or a set operation (UNION …). */
  aggregate: boolean;
  /** For `begin` and `SET TRANSACTION`: the isolation level asked for, lower-cased (`serializable`). */
  isolation: string | null;
}

/** The outcome of parsing one SQL text. */
export interface ParsedSql {
  /** Whether the real parser accepted the text; false means `statements` came from the tokenizer, or are empty. */
  ok: boolean;
  statements: SqlStatement[];
}
