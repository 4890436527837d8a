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
import { buildDriverModel, isSqliteModule, rootOf, type DriverModel, type SqlCall } from './calls.js';

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
  return importedSqlite(variable, file, 0) ? 'sqlite' : null;
}

/** Whether a top-level name of `file` is bound to a project module's export that is a SQLite handle. */
function importedSqlite(variable: Variable, file: FileRef, hops: number): boolean {
  const scope = variable.scope.type;
  if (scope !== TSESLint.Scope.ScopeType.module && scope !== TSESLint.Scope.ScopeType.global) return false;
  const binding = moduleBindings(file.sourceCode.ast).get(variable.name);
  if (!binding) return false;
  const found = projectValue(file.filename, binding.module, binding.imported === '*' ? 'default' : binding.imported);
  return found !== null && isSqliteHandle(found.node, found.file, hops);
}

/** Whether an exported value of `file` is a handle made from a SQLite driver (or one handed on from another project module). */
function isSqliteHandle(node: TSESTree.Node, file: FileRef, hops: number): boolean {
  const drivers = driversOf(file);
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(value, file.sourceCode);
    if (!variable) return false;
    if (drivers.sqlite.has(variable)) return true;
    // Another driver's handle (`new Pool()`): not SQLite, whatever else the module binds.
    if (drivers.driver.has(variable)) return false;
    return hops < MAX_HOPS && importedSqlite(variable, file, hops + 1);
  }
  // `module.exports = new Database('bank.db')`, `export default open({ … })`.
  const module = moduleOrigin(value);
  if (module !== null && isSqliteModule(module)) return true;
  const root = rootOf(value);
  const rootVariable = root?.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, file.sourceCode) : null;
  return rootVariable !== null && drivers.sqlite.has(rootVariable);
}

/** The driver model of a project file, built once per parse. */
function driversOf(file: FileRef): DriverModel {
  let drivers = driverModels.get(file.sourceCode.ast);
  if (!drivers) driverModels.set(file.sourceCode.ast, (drivers = buildDriverModel(file.sourceCode)));
  return drivers;
}

const driverModels = new WeakMap<TSESTree.Program, DriverModel>();
