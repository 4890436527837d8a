/**
 * Whether a file's database is a synchronous SQLite driver, where a statement has run when its call
 * returns and nothing else of the process runs until the function awaits.
 */
import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { nearestManifest, packageOfSpecifier, requiredModules } from '../ast/index.js';
import { isSource, listProjectFiles, readSmallText } from '../project/index.js';

/** Synchronous SQLite adapters of Drizzle, and Kysely's dialect for better-sqlite3. */
const SYNC_ADAPTERS = /^drizzle-orm\/(better-sqlite3|bun-sqlite|expo-sqlite|op-sqlite|durable-sqlite)$/;
/** Asynchronous drivers: with one of these beside better-sqlite3, the project's database is not provably synchronous. */
const ASYNC_DRIVERS = ['pg', 'postgres', 'mysql2', 'mysql', 'sqlite3', '@libsql/client', '@neondatabase/serverless', '@planetscale/database', '@vercel/postgres', 'mongodb', 'mongoose'];
/** Modules whose queries are promises whatever the driver: a file loading one of these (or an asynchronous driver) queries asynchronously. */
const ASYNC_QUERIES = new Set([...ASYNC_DRIVERS, 'knex']);

/** The runtimes' built-in synchronous drivers, modules no package.json lists: Node's `DatabaseSync` (22.5+) and Bun's `Database`. */
const BUILTIN_SQLITE = new Set(['node:sqlite', 'bun:sqlite']);

/**
 * Whether the queries of this file run on a synchronous SQLite driver: the file imports a synchronous
 * adapter (`drizzle-orm/better-sqlite3`, Kysely's `SqliteDialect`) or a runtime's built-in driver
 * (`node:sqlite`, `bun:sqlite`), or the nearest package.json depends on no asynchronous driver and
 * either depends on `better-sqlite3` or has a source file that loads a built-in driver. A stretch of
 * queries with no `await` between them runs in one go: no other request comes between, and only an
 * error of the code itself or the death of the process splits it.
 */
export function isSynchronousSqlite(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): boolean {
  const program = sourceCode.ast;
  let answer = synchronousSqlite.get(program);
  if (answer === undefined) synchronousSqlite.set(program, (answer = computeSynchronousSqlite(program, filename)));
  return answer;
}

/** Per file: asked for every query-builder chain, answered once (the nearest package.json is found by walking up the folders). */
const synchronousSqlite = new WeakMap<TSESTree.Program, boolean>();

function computeSynchronousSqlite(program: TSESTree.Program, filename: string): boolean {
  const imports = program.body.some((statement) => {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration) return false;
    const module = packageOfSpecifier(statement.source.value);
    return SYNC_ADAPTERS.test(module) || BUILTIN_SQLITE.has(module) || (module === 'kysely' && statement.specifiers.some((specifier) => specifier.local.name === 'SqliteDialect'));
  });
  // The file's own imports decide first: a file that loads `pg` or knex queries asynchronously, whatever
  // else its package (or a built-in driver elsewhere in it) uses.
  const loaded = [
    ...program.body.flatMap((statement) => (statement.type === AST_NODE_TYPES.ImportDeclaration ? [statement.source.value] : [])),
    ...requiredModules(program),
  ];
  if (loaded.some((specifier) => ASYNC_QUERIES.has(packageOfSpecifier(specifier)))) return false;
  if (imports) return true;
  const manifest = path.isAbsolute(filename) ? nearestManifest(filename) : null;
  if (manifest === null || ASYNC_DRIVERS.some((name) => Object.hasOwn(manifest.dependencies, name))) return false;
  return Object.hasOwn(manifest.dependencies, 'better-sqlite3') || builtinDatabaseDrivers(path.dirname(manifest.file)).size > 0;
}

/**
 * Whether this file's database is sql.js (the file loads `sql.js`, `initSqlJs()` … `new SQL.Database(…)`)
 * and no module whose queries are promises: SQLite compiled to WebAssembly, held in memory and written
 * to disk only when the code exports it (`db.export()` into a file). Its `run`/`exec` calls are
 * synchronous, and a crash between two of them persists neither unless the code saved the database
 * in between.
 */
export function isInMemorySqlJs(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const program = sourceCode.ast;
  let answer = inMemorySqlJs.get(program);
  if (answer === undefined) {
    const loaded = [
      ...program.body.flatMap((statement) => (statement.type === AST_NODE_TYPES.ImportDeclaration ? [statement.source.value] : [])),
      ...requiredModules(program),
    ].map(packageOfSpecifier);
    answer = loaded.includes('sql.js') && !loaded.some((module) => ASYNC_QUERIES.has(module));
    inMemorySqlJs.set(program, answer);
  }
  return answer;
}

/** Per file, answered once. */
const inMemorySqlJs = new WeakMap<TSESTree.Program, boolean>();

/** Database drivers built into a runtime, which no package.json lists: Node's `node:sqlite` (22.5+), Bun's `bun:sqlite`. */
const LOADS_BUILTIN_DRIVER = /(?:\brequire\s*\(|\bfrom|\bimport\s*\(?)\s*['"]((?:node|bun):sqlite)['"]/g;
/** Per package folder: the built-in drivers its source files load. */
const builtinDriversByPackage = new Map<string, ReadonlySet<string>>();
const MAX_BYTES = 512 * 1024;

/**
 * The database drivers built into a runtime (`node:sqlite`, `bun:sqlite`) that the source files of the
 * package at `root` load (`require`, `import`, `import()`): a database no package.json names. Read
 * once per package folder in a process.
 */
export function builtinDatabaseDrivers(root: string): ReadonlySet<string> {
  let drivers = builtinDriversByPackage.get(root);
  if (drivers === undefined) {
    const found = new Set<string>();
    for (const file of listProjectFiles(root, isSource)) {
      for (const match of (readSmallText(file, MAX_BYTES) ?? '').matchAll(LOADS_BUILTIN_DRIVER)) found.add(match[1]!);
    }
    builtinDriversByPackage.set(root, (drivers = found));
  }
  return drivers;
}
