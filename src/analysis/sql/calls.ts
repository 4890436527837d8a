import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, getMemberPath, getPropertyName, memberRoot, moduleOrigin, outermostWrapper, packageOfSpecifier, resolveVariable, skipTypeWrappers, type Variable } from '../ast/index.js';
import { extractSqlText, type SqlText } from './extract.js';
import type { ParsedSql, SqlStatement } from './model.js';
import { parseSql } from './parse.js';

export type { Variable } from '../ast/index.js';

/**
 * What a query runs on. `pool`: a shared pool or a long-lived module-level handle (each call may
 * use another connection); `client`: a dedicated connection (`await pool.connect()`, `new Client()`,
 * `getConnection()`); `transaction`: a transaction handle (`sql.begin(tx => …)`'s `tx`, knex's
 * `trx`, Prisma's interactive `tx`); `parameter`: received from the caller, who may have opened a
 * transaction; `unknown`: anything else (a local of unknown origin).
 */
export type ConnectionKind = 'pool' | 'client' | 'transaction' | 'parameter' | 'unknown';

export interface SqlConnection {
  kind: ConnectionKind;
  /** The receiver's source text, or null when the query object is run elsewhere (a Kysely `sql` fragment). */
  name: string | null;
  /** The variable the receiver starts from, when it resolves to one. */
  variable: Variable | null;
  /** The receiver provably comes from a database driver (import or creation in this file). */
  driver: boolean;
  /** The receiver is provably a pool (`new Pool()`, `createPool()`, `postgres()`, `knex()`, or named `*pool*`). */
  pooled: boolean;
}

/** One place where SQL is sent to the database (or built as a query object). */
export interface SqlCall {
  /** The call or tagged template that carries the query. */
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  /** The expression the text was recovered from. */
  textNode: TSESTree.Node;
  /** The method or tag used: `query`, `none`, `raw`, `$queryRaw`, `prepare`, `sql` … */
  api: string;
  sql: SqlText;
  parsed: ParsedSql;
  /** Shorthand for `parsed.statements`. */
  statements: SqlStatement[];
  connection: SqlConnection;
  /**
   * `sqlite` when the query provably runs on SQLite: a connection from a SQLite driver
   * (better-sqlite3, sqlite3, sqlite, libSQL), or Cloudflare D1's `prepare(sql).bind(…)` /
   * `.first()`. SQLite has no `SELECT … FOR UPDATE`. Null when unknown.
   */
  dialect: 'sqlite' | null;
}

/** Methods that take SQL text: node-postgres, mysql2, pg-promise, knex, Prisma, D1, better-sqlite3, sqlite, Drizzle, postgres.js. */
const SQL_METHODS = new Set([
  'query', 'execute', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'multi', 'multiResult',
  'map', 'each', 'raw', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'prepare', 'exec',
  'run', 'get', 'all', 'unsafe', 'queryOne', 'queryRow', 'queryRows', 'values',
]);
/** Whether a method (or function) has the name of a SQL driver's query method: `query`, `execute`, `get`, `run`, … */
export const isSqlMethod = (name: string): boolean => SQL_METHODS.has(name);

/** Tagged-template methods (`prisma.$queryRaw\`…\``). */
const SQL_TAG_METHODS = new Set(['$queryRaw', '$executeRaw', 'sql', 'raw', 'unsafe']);

const DRIVER_MODULES = /^(pg|pg-pool|postgres|pg-promise|mysql|mysql2|mysql2\/promise|knex|@prisma\/client|kysely|drizzle-orm(\/.*)?|better-sqlite3|sqlite3?|@databases\/(pg|mysql|sqlite)|slonik|@neondatabase\/serverless|@vercel\/postgres|@planetscale\/database|@libsql\/client|sequelize|mssql|oracledb|@electric-sql\/pglite)$/;
/** Driver modules whose database is SQLite. */
const SQLITE_MODULES = /^(better-sqlite3|sqlite3?|@databases\/sqlite|@libsql\/client)$/;

/** Whether a module is a SQLite driver (better-sqlite3, sqlite3, `sqlite`, `@databases/sqlite`, libSQL). */
export function isSqliteModule(module: string): boolean {
  return SQLITE_MODULES.test(module);
}

/** Whether a module is a SQLite driver whose statements run synchronously (better-sqlite3). */
export function isSynchronousSqliteModule(module: string): boolean {
  return SYNCHRONOUS_SQLITE_MODULES.test(module);
}
/** SQLite drivers whose statements run synchronously: nothing else of the process runs until the function awaits. */
const SYNCHRONOUS_SQLITE_MODULES = /^better-sqlite3$/;
/** MySQL drivers: `&&` and `||` in their SQL are AND and OR. */
const MYSQL_MODULES = /^(mysql|mysql2|mysql2\/promise|@databases\/mysql|@planetscale\/database)$/;
/** Methods only a prepared SQLite statement has after `prepare(sql)`: D1's `bind`/`first`, better-sqlite3's `bind`/`pluck`. */
const SQLITE_STATEMENT_METHODS = new Set(['bind', 'first', 'pluck']);
/** Imports that are query builders' `sql` tags, not connections. */
const FRAGMENT_TAG_MODULES = /^(kysely|drizzle-orm(\/.*)?|slonik|@prisma\/client)$/;

const CLIENT_FACTORIES = new Set(['connect', 'getConnection', 'acquire', 'reserve', 'createConnection', 'getClient', 'createClient']);
const POOL_FACTORIES = new Set(['createPool', 'Pool', 'postgres', 'knex', 'Knex', 'PrismaClient', 'drizzle', 'Kysely', 'pgp', 'pgPromise', 'createKysely']);
const TRANSACTION_FACTORIES = new Set(['transaction', 'startTransaction', 'beginTransaction']);

/** Facts about the file gathered once: driver imports and the variables created from them. */
export interface DriverModel {
  /** Variables bound to a driver module or created from one. */
  driver: Set<Variable>;
  /** Imported query-builder `sql` tags (Kysely, Drizzle, slonik, `Prisma.sql`). */
  fragmentTags: Set<Variable>;
  /** Variables provably holding a pool. */
  pooled: Set<Variable>;
  /** Variables bound to a SQLite driver or created from one. */
  sqlite: Set<Variable>;
  /** Variables bound to a MySQL driver or created from one. */
  mysql: Set<Variable>;
  /** Variables bound to a synchronous SQLite driver (better-sqlite3) or created from one: a statement has run when its call returns. */
  synchronous: Set<Variable>;
}

/** The identifier (or `this`) an expression starts from: `a.b.c()` → `a`, `(await x).y` → `x`. */
export function rootOf(node: TSESTree.Node): TSESTree.Identifier | TSESTree.ThisExpression | null {
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
    else if (current.type === AST_NODE_TYPES.NewExpression) current = skipTypeWrappers(current.callee);
    else if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
    else break;
  }
  return current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.ThisExpression ? current : null;
}

function calleeNames(init: TSESTree.Node): string[] {
  const names: string[] = [];
  let current = skipTypeWrappers(init);
  for (;;) {
    if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
    else if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) names.push(callee.name);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = getPropertyName(callee);
        if (name) names.push(name);
      }
      current = callee;
    } else if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else break;
  }
  return names;
}

function declaredVariables(declarator: TSESTree.VariableDeclarator, sourceCode: Readonly<TSESLint.SourceCode>): Variable[] {
  return sourceCode.getDeclaredVariables(declarator) as Variable[];
}

export function buildDriverModel(sourceCode: Readonly<TSESLint.SourceCode>): DriverModel {
  const model: DriverModel = { driver: new Set(), fragmentTags: new Set(), pooled: new Set(), sqlite: new Set(), mysql: new Set(), synchronous: new Set() };
  const index = fileIndex(sourceCode.ast);
  for (const node of index.of(AST_NODE_TYPES.ImportDeclaration)) {
    const module = packageOfSpecifier(node.source.value);
    if (!DRIVER_MODULES.test(module)) continue;
    const fragmentModule = FRAGMENT_TAG_MODULES.test(module);
    for (const variable of sourceCode.getDeclaredVariables(node) as Variable[]) {
      if (fragmentModule && (variable.name === 'sql' || variable.name === 'Prisma')) model.fragmentTags.add(variable);
      else model.driver.add(variable);
      if (SQLITE_MODULES.test(module)) model.sqlite.add(variable);
      if (MYSQL_MODULES.test(module)) model.mysql.add(variable);
      if (SYNCHRONOUS_SQLITE_MODULES.test(module)) model.synchronous.add(variable);
    }
  }
  const declarators = index.of(AST_NODE_TYPES.VariableDeclarator);
  // Source order, so that `const pool = new Pool(); const client = await pool.connect()` chains.
  for (const declarator of declarators) {
    const init = declarator.init && skipTypeWrappers(declarator.init);
    if (!init) continue;
    const required = moduleOrigin(init);
    const root = rootOf(init);
    const rootVariable = root?.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
    const fromDriver = (required !== null && DRIVER_MODULES.test(required)) || (rootVariable !== null && model.driver.has(rootVariable));
    if (!fromDriver) continue;
    const names = calleeNames(init);
    const sqlite = (required !== null && SQLITE_MODULES.test(required)) || (rootVariable !== null && model.sqlite.has(rootVariable));
    const mysql = (required !== null && MYSQL_MODULES.test(required)) || (rootVariable !== null && model.mysql.has(rootVariable));
    const synchronous = (required !== null && SYNCHRONOUS_SQLITE_MODULES.test(required)) || (rootVariable !== null && model.synchronous.has(rootVariable));
    for (const variable of declaredVariables(declarator, sourceCode)) {
      model.driver.add(variable);
      if (sqlite) model.sqlite.add(variable);
      if (mysql) model.mysql.add(variable);
      if (synchronous) model.synchronous.add(variable);
      if (names.some((name) => POOL_FACTORIES.has(name)) && !names.some((name) => CLIENT_FACTORIES.has(name))) {
        model.pooled.add(variable);
      }
    }
  }
  return model;
}

/** `db.prepare(sql).bind(…)`, `.first()`, `.pluck()`: a SQLite prepared statement (D1, better-sqlite3). */
function isSqliteStatement(prepare: TSESTree.Node): boolean {
  const parent = outermostWrapper(prepare).parent;
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === outermostWrapper(prepare) && SQLITE_STATEMENT_METHODS.has(getPropertyName(parent) ?? '');
}

/** Classifies the receiver a query runs on. */
export function classifyConnection(
  receiver: TSESTree.Node | null,
  sourceCode: Readonly<TSESLint.SourceCode>,
  drivers: DriverModel,
  handles: ReadonlyMap<Variable, unknown>,
): SqlConnection {
  if (!receiver) return { kind: 'unknown', name: null, variable: null, driver: false, pooled: false };
  const name = sourceCode.getText(receiver);
  const root = rootOf(receiver);
  if (!root || madeByCall(receiver)) return { kind: 'unknown', name, variable: null, driver: false, pooled: false };
  if (root.type === AST_NODE_TYPES.ThisExpression) {
    return { kind: 'pool', name, variable: null, driver: false, pooled: /pool/i.test(name) };
  }
  const variable = resolveVariable(root, sourceCode);
  const namedPool = /pool/i.test(root.name) && !/^(client|conn)/i.test(root.name);
  if (!variable || variable.defs.length === 0) {
    // An undeclared global (`db` in a script): a long-lived shared handle.
    return { kind: 'pool', name, variable: null, driver: false, pooled: namedPool };
  }
  const driver = drivers.driver.has(variable);
  const pooled = drivers.pooled.has(variable) || namedPool;
  const base = { name, variable, driver, pooled };
  if (handles.has(variable)) return { ...base, kind: 'transaction', pooled: false };
  const def = variable.defs[0]!;
  if (def.type === TSESLint.Scope.DefinitionType.Parameter) return { ...base, kind: 'parameter', pooled: false };
  if (def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
    const names = calleeNames(def.node.init);
    const last = names[0];
    if (last && TRANSACTION_FACTORIES.has(last) && !hasFunctionArgument(def.node.init)) return { ...base, kind: 'transaction', pooled: false };
    if (names.some((n) => CLIENT_FACTORIES.has(n)) || names[0] === 'Client') return { ...base, kind: 'client', pooled: false };
    if (names.some((n) => POOL_FACTORIES.has(n))) return { ...base, kind: 'pool' };
  }
  const scope = variable.scope.type;
  if (scope === TSESLint.Scope.ScopeType.module || scope === TSESLint.Scope.ScopeType.global || def.type === TSESLint.Scope.DefinitionType.ImportBinding) return { ...base, kind: 'pool' };
  return { ...base, kind: 'unknown' };
}

/** `getDb().query(…)`: the receiver is the result of a call we cannot see into. */
function madeByCall(receiver: TSESTree.Node): boolean {
  return memberRoot(receiver).type === AST_NODE_TYPES.CallExpression;
}

function hasFunctionArgument(init: TSESTree.Node): boolean {
  let current = skipTypeWrappers(init);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  return current.type === AST_NODE_TYPES.CallExpression && current.arguments.some((arg) => arg.type === AST_NODE_TYPES.ArrowFunctionExpression || arg.type === AST_NODE_TYPES.FunctionExpression);
}

const TRANSACTION_KINDS = new Set(['begin', 'commit', 'rollback', 'savepoint']);

/** A statement that proves its text is SQL: DML naming a table, or transaction control. */
function isEvidence(statement: SqlStatement): boolean {
  return TRANSACTION_KINDS.has(statement.kind) || (statement.kind !== 'other' && statement.tables.length > 0);
}

/**
 * Finds every SQL call of a file. A call counts when its method or tag takes SQL and either its
 * receiver provably comes from a driver, or its text parses as a DML or transaction statement:
 * `Map.delete`, `axios.delete(url)`, `repo.update()` never count.
 */
export function findSqlCalls(
  sourceCode: Readonly<TSESLint.SourceCode>,
  drivers: DriverModel,
  handles: ReadonlyMap<Variable, unknown>,
): SqlCall[] {
  const calls: SqlCall[] = [];
  const consumed = new Set<TSESTree.Node>();
  const add = (
    node: SqlCall['node'],
    textNode: TSESTree.Node,
    api: string,
    receiver: TSESTree.Node | null,
    fragment: boolean,
  ) => {
    const sql = extractSqlText(textNode, sourceCode);
    if (!sql) return;
    const connection = classifyConnection(receiver, sourceCode, drivers, handles);
    const parsed = parseSql(sql.text, connection.variable !== null && drivers.mysql.has(connection.variable) ? 'mysql' : null);
    const evidence = (parsed.ok && parsed.statements.some(isEvidence)) || (connection.driver && !fragment);
    if (!evidence || parsed.statements.length === 0) return;
    const sqlite = (connection.variable !== null && drivers.sqlite.has(connection.variable)) || (api === 'prepare' && isSqliteStatement(node));
    calls.push({ node, textNode, api, sql, parsed, statements: parsed.statements, connection, dialect: sqlite ? 'sqlite' : null });
  };
  const index = fileIndex(sourceCode.ast);
  // Calls and tagged templates in source order, outer before inner (an outer node consumes the
  // templates inside it): by start, then the longer (enclosing) node first.
  const nodes = [...index.of(AST_NODE_TYPES.CallExpression), ...index.of(AST_NODE_TYPES.TaggedTemplateExpression)].sort(
    (a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1],
  );
  for (const node of nodes) {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(node.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      const first = node.arguments[0] && skipTypeWrappers(node.arguments[0]);
      if (
        // Kysely: sql`…`.execute(db)
        callee.type === AST_NODE_TYPES.MemberExpression &&
        method === 'execute' &&
        skipTypeWrappers(callee.object).type === AST_NODE_TYPES.TaggedTemplateExpression &&
        first
      ) {
        const template = skipTypeWrappers(callee.object) as TSESTree.TaggedTemplateExpression;
        consumed.add(template);
        add(node, template.quasi, 'sql', first, false);
      } else if (callee.type === AST_NODE_TYPES.MemberExpression && method && SQL_METHODS.has(method) && first) {
        let textNode: TSESTree.Node = first;
        if (first.type === AST_NODE_TYPES.ObjectExpression) {
          const property = first.properties.find(
            (p): p is TSESTree.Property =>
              p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && (p.key.name === 'text' || p.key.name === 'sql'),
          );
          textNode = property ? property.value : first;
        }
        if (first.type === AST_NODE_TYPES.TaggedTemplateExpression) {
          textNode = first.quasi;
          consumed.add(first);
        }
        if (textNode.type !== AST_NODE_TYPES.ObjectExpression) add(node, textNode, method, callee.object, false);
      }
    } else if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      if (!consumed.has(node)) addTagged(node);
      // Nested fragments are part of this text: do not report them again.
      for (const expression of node.quasi.expressions) markNested(expression, consumed);
    }
  }
  return calls.sort((a, b) => a.node.range[0] - b.node.range[0]);

  function addTagged(node: TSESTree.TaggedTemplateExpression): void {
      const tag = skipTypeWrappers(node.tag);
      const path = getMemberPath(tag);
      const last = path?.[path.length - 1];
      const root = rootOf(tag);
      const rootVariable = root?.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
      const fragment = rootVariable !== null && drivers.fragmentTags.has(rootVariable);
      if (path && last && (path.length === 1 || SQL_TAG_METHODS.has(last)) && path.join('.') !== 'String.raw') {
        const receiver = fragment ? null : path.length > 1 && last.startsWith('$') ? (tag as TSESTree.MemberExpression).object : tag;
        add(node, node.quasi, last, receiver, fragment);
      }
  }
}

function markNested(node: TSESTree.Node, consumed: Set<TSESTree.Node>): void {
  const target = skipTypeWrappers(node);
  if (target.type === AST_NODE_TYPES.TaggedTemplateExpression) consumed.add(target);
  if (target.type === AST_NODE_TYPES.ConditionalExpression) {
    markNested(target.consequent, consumed);
    markNested(target.alternate, consumed);
  }
}

/**
 * A call of a function of the project's own (`execQuery(text, [a, b], …)`, a plain name) whose
 * first argument is SQL text that parses, as a {@link SqlCall} on an unknown connection; its
 * parameters are bound by the values passed beside the text ({@link paramArgument}). Null otherwise.
 * The file's SQL model holds only driver calls; this reads a wrapper's text where a rule already
 * takes the call for SQL.
 */
export function projectSqlCall(node: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): SqlCall | null {
  const callee = skipTypeWrappers(node.callee);
  const first = node.arguments[0] && skipTypeWrappers(node.arguments[0]);
  if (callee.type !== AST_NODE_TYPES.Identifier || !first) return null;
  const sql = extractSqlText(first, sourceCode);
  if (!sql) return null;
  const parsed = parseSql(sql.text);
  if (!parsed.ok || parsed.statements.length === 0) return null;
  const connection: SqlConnection = { kind: 'unknown', name: null, variable: null, driver: false, pooled: false };
  return { node, textNode: first, api: callee.name, sql, parsed, statements: parsed.statements, connection, dialect: null };
}

/**
 * `db.prepare(sql)`, or `db.prepare(sql).bind(…)`, whose statement is a value not yet run: nothing
 * follows the `bind` (no `.run()`, `.first()`, `.all()`, `.raw()`) and it is not awaited. What a D1
 * `db.batch([…])` takes (a `D1PreparedStatement`; `bind` returns one).
 */
export function isUnrunStatement(call: SqlCall): boolean {
  if (call.api !== 'prepare' || call.node.type !== AST_NODE_TYPES.CallExpression) return false;
  let top: TSESTree.Node = outermostWrapper(call.node);
  for (;;) {
    const member = top.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== top || getPropertyName(member) !== 'bind') break;
    const bound = member.parent;
    if (bound?.type !== AST_NODE_TYPES.CallExpression || bound.callee !== member) break;
    top = outermostWrapper(bound);
  }
  const parent = top.parent;
  return !(parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === top) && parent?.type !== AST_NODE_TYPES.AwaitExpression;
}

/** Methods that run a prepared statement (better-sqlite3, node:sqlite, D1, sqlite). */
const PREPARED_RUNNERS = new Set(['run', 'get', 'all', 'iterate', 'bind', 'first', 'raw', 'pluck', 'expand', 'columns', 'values']);

/**
 * `db.prepare(sql)` whose statement is not run in the same expression (`userQueries = { add:
 * db.prepare(…) }`, `const stmt = db.prepare(…)`): preparing sends nothing to the database.
 */
export function isPreparedOnly(call: SqlCall): boolean {
  if (call.api !== 'prepare' || call.node.type !== AST_NODE_TYPES.CallExpression) return false;
  const member = outermostWrapper(call.node).parent;
  return !(member?.type === AST_NODE_TYPES.MemberExpression && member.object === outermostWrapper(call.node) && PREPARED_RUNNERS.has(getPropertyName(member) ?? ''));
}
