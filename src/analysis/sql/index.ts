/**
 * The SQL analysis engine shared by every SQL rule.
 *
 * - **Extraction** ({@link extractSqlText}, {@link SqlCall}): SQL text from node-postgres, postgres.js
 *   (tagged templates, `sql.begin`), pg-promise, mysql2, knex `raw`, Prisma raw queries, Kysely /
 *   Drizzle `sql` tags, D1 / better-sqlite3 `prepare`; constants, concatenation and template
 *   literals of the same file are followed, holes are filled by context, and every offset maps back
 *   to the source.
 * - **Parsing** ({@link parseSql}): PostgreSQL's own grammar (libpg-query, WASM, loaded once by a
 *   top-level await), driver placeholders and MySQL syntax rewritten first, a pure memo per distinct
 *   text, a token-level fallback for text that does not parse; results are normalised to the small
 *   {@link SqlStatement} model.
 * - **Flow** ({@link getSqlModel}): per function, the statements it sends in order, each with its
 *   connection kind ({@link SqlConnection}) and transaction scope ({@link TransactionScope}).
 * - **Races** ({@link findSqlRaces}): an unlocked read checked in code, then a write of the same rows
 *   that a second concurrent run repeats on the old value; the caller says which columns are keys,
 *   values or UNIQUE.
 *
 * Everything here is pure: the same source gives the same model, so rules may call
 * {@link getSqlModel} freely (it is computed once per file).
 *
 * @packageDocumentation
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { SqlCall } from './calls.js';
import { buildSqlModel, type SqlModel } from './flow.js';

export type { ConnectionKind, SqlCall, SqlConnection } from './calls.js';
export { isPreparedOnly, isSqlMethod, projectSqlCall } from './calls.js';
export { builtinDatabaseDrivers, isInMemorySqlJs, isSynchronousSqlite } from './synchronous.js';
export { insertValueItems, isInsertSelectWhereNotExists } from './insert-source.js';
export { extractSqlText, type SqlHole, type SqlText } from './extract.js';
export type { FlowStatement, SqlFlow, SqlModel, TransactionScope } from './flow.js';
export { flowWork, laterWrites } from './flow.js';
export type {
  LockStrength,
  ParsedSql,
  SqlAssignment,
  SqlExpr,
  SqlOnConflict,
  SqlStatement,
  StatementKind,
} from './model.js';
export { parseSql, sqlIdentifier, sqlParserCalls } from './parse.js';
export * as pgJson from './pg-json.js';
export { absentRowWork, carriesResultOf, holdsResultOf, runsOnlyForLastUnit, runsOnlyIfNoneReturned, resultHolderWork, runsOnlyIfNoRowChanged, runsOnlyIfNoRowFound, unsentCalls, writesBackRead } from './results.js';
export { columnsOf, comparesAndSets, fillsEmpty, fillsOnce, guardsOf, isClockValue, isGuardedBackfill, isKeyColumn, isKeyPredicate, isRepeatableWrite, isRerunFill, isRowFreeValue, isStaleSweep, isUpsert, isWrite, subExpressions, takesOneUnit, whereColumns, writesOf } from './predicates.js';
export { TextMap } from './text-map.js';
export { keyedRowText, paramArgument, whereArguments } from './params.js';
export { awaitsEffectAfter, findSqlRaces, type RaceJudgement, type SqlRace } from './races.js';
export { connectionDialect, runsSynchronously } from './handles.js';

const models = new WeakMap<TSESTree.Program, SqlModel>();

/**
 * The SQL model of the file being linted: its SQL calls and one flow per function. Computed once per
 * file (memoised by its AST) and shared by all SQL rules.
 */
export function getSqlModel(sourceCode: Readonly<TSESLint.SourceCode>): SqlModel {
  let model = models.get(sourceCode.ast);
  if (!model) {
    model = buildSqlModel(sourceCode);
    models.set(sourceCode.ast, model);
  }
  return model;
}

/**
 * The source range `[start, end)` of a range of a call's SQL text (a statement's `range`, an
 * expression's `location`), for reports: `sourceCode.getLocFromIndex` turns it into a location.
 */
export function sourceRange(call: SqlCall, range: readonly [number, number]): [number, number] {
  return call.sql.map.mapRange(range[0], range[1]);
}
