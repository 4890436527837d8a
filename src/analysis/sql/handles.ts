/**
 * The database behind a connection that another file of the project creates: `const db =
 * require('../database')` or `import { db } from './db'`, where `database.js` opens better-sqlite3.
 * The file's own driver model ({@link buildDriverModel}) sees only its imports, so such a call's
 * `dialect` is unknown there; the dialect is known in the file that makes the handle.
 */
import path from 'node:path';

import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { moduleBindings, moduleOrigin, resolveVariable, skipTypeWrappers, type Variable } from '../ast/index.js';
import { projectValue, type FileRef } from '../summaries/index.js';
import { buildDriverModel, isSqliteModule, isSynchronousSqliteModule, rootOf, type DriverModel, type SqlCall } from './calls.js';
import { isSynchronousSqlite } from './synchronous.js';

/** How many project modules that hand the handle on (`module.exports = require('./sqlite')`) are followed. */
const MAX_HOPS = 3;

/**
 * `sqlite` when the call provably runs on SQLite: its own file says so ({@link SqlCall.dialect}), or
 * its connection is a top-level name bound to another project module (`require('../database')`,
 * `import db from './db'`, a tsconfig alias) whose export is a handle that module makes from a SQLite
 * driver (better-sqlite3, sqlite3, `sqlite`'s `open`, libSQL), directly or through up to
 * {@link MAX_HOPS} modules that pass it on. Null when unknown: a handle a function returns
 * (`getDb()`), a variable assigned later, a package.
 */
export function connectionDialect(call: SqlCall, file: FileRef): 'sqlite' | null {
  if (call.dialect !== null) return call.dialect;
  const { variable } = call.connection;
  if (variable === null || !path.isAbsolute(file.filename)) return null;
  return importedHandle(variable, file, SQLITE, 0) ? 'sqlite' : null;
}

/**
 * Whether the call provably runs on a synchronous SQLite driver (better-sqlite3): its connection is
 * a handle its own file makes from one, or a top-level name bound to another project module's export
 * that is one (as in {@link connectionDialect}). Such a statement has run when its call returns, and
 * nothing else of the process runs until the function awaits, whatever other drivers the package lists.
 */
export function runsOnSynchronousSqlite(call: SqlCall, file: FileRef): boolean {
  const { variable } = call.connection;
  if (variable === null) return false;
  if (driversOf(file).synchronous.has(variable)) return true;
  return path.isAbsolute(file.filename) && importedHandle(variable, file, SYNCHRONOUS, 0);
}

/**
 * Whether the statement of `call` has run when its call returns: the file's database is a synchronous
 * SQLite driver ({@link isSynchronousSqlite}: better-sqlite3, `node:sqlite`, `bun:sqlite`), or the
 * handle it runs on is one ({@link runsOnSynchronousSqlite}), though the package lists another driver
 * too. Two such statements with no `await` on the path between them run in one stretch that Node
 * never interleaves with another request; the caller asks that about the paths
 * (`canSuspendOnPathBetween`).
 */
export function runsSynchronously(call: SqlCall, file: FileRef): boolean {
  return isSynchronousSqlite(file.sourceCode, file.filename) || runsOnSynchronousSqlite(call, file);
}

/** Which handles a walk looks for: the driver model's set of them, and the driver modules that make them. */
interface HandleKind {
  readonly handles: (drivers: DriverModel) => ReadonlySet<Variable>;
  readonly module: (module: string) => boolean;
}
const SQLITE: HandleKind = { handles: (drivers) => drivers.sqlite, module: isSqliteModule };
const SYNCHRONOUS: HandleKind = { handles: (drivers) => drivers.synchronous, module: isSynchronousSqliteModule };

/** Whether a top-level name of `file` is bound to a project module's export that is a handle of `kind`. */
function importedHandle(variable: Variable, file: FileRef, kind: HandleKind, hops: number): boolean {
  const scope = variable.scope.type;
  if (scope !== TSESLint.Scope.ScopeType.module && scope !== TSESLint.Scope.ScopeType.global) return false;
  const binding = moduleBindings(file.sourceCode.ast).get(variable.name);
  if (!binding) return false;
  const found = projectValue(file.filename, binding.module, binding.imported === '*' ? 'default' : binding.imported);
  return found !== null && isHandle(found.node, found.file, kind, hops);
}

/** Whether an exported value of `file` is a handle made from a driver of `kind` (or one handed on from another project module). */
function isHandle(node: TSESTree.Node, file: FileRef, kind: HandleKind, hops: number): boolean {
  const drivers = driversOf(file);
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(value, file.sourceCode);
    if (!variable) return false;
    if (kind.handles(drivers).has(variable)) return true;
    // Another driver's handle (`new Pool()`): not this kind, whatever else the module binds.
    if (drivers.driver.has(variable)) return false;
    return hops < MAX_HOPS && importedHandle(variable, file, kind, hops + 1);
  }
  // `module.exports = new Database('bank.db')`, `export default open({ … })`.
  const module = moduleOrigin(value);
  if (module !== null && kind.module(module)) return true;
  const root = rootOf(value);
  const rootVariable = root?.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, file.sourceCode) : null;
  return rootVariable !== null && kind.handles(drivers).has(rootVariable);
}

/** The driver model of a project file, built once per parse. */
function driversOf(file: FileRef): DriverModel {
  let drivers = driverModels.get(file.sourceCode.ast);
  if (!drivers) driverModels.set(file.sourceCode.ast, (drivers = buildDriverModel(file.sourceCode)));
  return drivers;
}

const driverModels = new WeakMap<TSESTree.Program, DriverModel>();
