import path from 'node:path';

import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, getMemberPath, getPropertyName, importedBinding, isFunction, moduleOrigin, requiredModule, resolveVariable, skipTypeWrappers, type FunctionNode, writeReferences, escapeRegExp } from '../ast/index.js';
import { projectModuleFile } from '../project/index.js';
import type { FileRef } from './functions.js';
import { projectFilesMatching, projectValue } from './project.js';

/** What a module factory's parameter provably receives: a database pool (pg, mysql2, postgres.js …), a Prisma client or a query builder. */
export type PassedClient = 'pool' | 'prisma' | 'knex' | 'drizzle' | 'kysely';

type Variable = TSESLint.Scope.Variable;

/** Pool drivers and the names that create a pool from them (`new Pool()`, `mysql.createPool()`, `postgres(url)`). */
const POOL_MODULES = /^(pg|pg-pool|mysql|mysql2|mysql2\/promise|postgres|pg-promise|@neondatabase\/serverless|@vercel\/postgres)$/;
const POOL_CREATORS = /^(Pool|createPool|default|postgres|pgp)$/;
const MAX_DEPTH = 4;

const memo = new WeakMap<Variable, PassedClient | null>();

/**
 * The client a parameter of a module factory receives: `module.exports = (bot, db) => { … }` or
 * `export default function (bot, pool) { … }` whose every call in the project's files
 * (`require('./handlers')(bot, pool)`, `import handlers from './handlers'; handlers(bot, pool)`)
 * passes, at that position, a pool created from a driver (`new Pool()`, `mysql.createPool(…)`,
 * `postgres(url)`), `new PrismaClient()`, `knex(config)`, `drizzle(pool)` or `new Kysely(…)` — in
 * the caller's file or a project file it imports.
 * Null when the function is no module factory, no caller is found, or a caller passes anything else:
 * the parameter's name alone proves nothing.
 */
export function factoryParameterClient(variable: Variable, file: FileRef): PassedClient | null {
  if (memo.has(variable)) return memo.get(variable)!;
  let client: PassedClient | null = null;
  const def = variable.defs.length === 1 ? variable.defs[0]! : null;
  if (def?.type === TSESLint.Scope.DefinitionType.Parameter && isFunction(def.node) && path.isAbsolute(file.filename)) {
    const fn = def.node;
    const index = fn.params.indexOf(def.name);
    if (index !== -1 && isModuleFactory(fn, file)) client = passedByCallers(file, index);
  }
  memo.set(variable, client);
  return client;
}

/**
 * The client an expression is as a module factory's parameter (`db` in `module.exports = (bot, db) =>
 * …`, also `db` of `db('users')`), by {@link factoryParameterClient}; null for anything else.
 */
export function passedClientOf(node: TSESTree.Node, file: FileRef): PassedClient | null {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(value, file.sourceCode);
  return variable?.defs[0]?.type === TSESLint.Scope.DefinitionType.Parameter ? factoryParameterClient(variable, file) : null;
}

/** `module.exports = fn`, `export default fn`, directly or through the function's name. */
function isModuleFactory(fn: FunctionNode, file: FileRef): boolean {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn) return getMemberPath(parent.left)?.join('.') === 'module.exports';
  let name: string | null = null;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) name = fn.id?.name ?? null;
  else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) name = parent.id.name;
  if (name === null) return false;
  return file.sourceCode.ast.body.some((statement) => {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = statement.declaration;
      return declaration.type === AST_NODE_TYPES.Identifier && declaration.name === name;
    }
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) return false;
    const { left, right } = statement.expression;
    return getMemberPath(left)?.join('.') === 'module.exports' && right.type === AST_NODE_TYPES.Identifier && right.name === name;
  });
}

/** What every call of the module's default export in the project passes at `index`; null unless all agree. */
function passedByCallers(file: FileRef, index: number): PassedClient | null {
  const base = path.basename(file.filename).replace(/\.[cm]?[jt]sx?$/, '');
  const named = base === 'index' ? path.basename(path.dirname(file.filename)) : base;
  const pattern = new RegExp(`['"\`][^'"\`]*${escapeRegExp(named)}[^'"\`]*['"\`]`);
  let found: PassedClient | null = null;
  for (const caller of projectFilesMatching(file.filename, pattern)) {
    if (caller.filename === file.filename) continue;
    for (const call of fileIndex(caller.sourceCode.ast).of(AST_NODE_TYPES.CallExpression)) {
      if (!callsDefaultOf(call, caller, file.filename)) continue;
      const argument = call.arguments[index];
      const client = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? clientOf(argument, caller, 0) : null;
      if (client === null || (found !== null && found !== client)) return null;
      found = client;
    }
  }
  return found;
}

/** `require('./handlers')(…)`, or a call of a name bound to the module's default (`import h from './handlers'`, `const h = require('./handlers')`). */
function callsDefaultOf(call: TSESTree.CallExpression, caller: FileRef, target: string): boolean {
  const callee = skipTypeWrappers(call.callee);
  const resolves = (specifier: string | null) => specifier !== null && projectModuleFile(caller.filename, specifier) === target;
  if (callee.type === AST_NODE_TYPES.CallExpression) return resolves(requiredModule(callee));
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(callee, caller.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!def) return false;
  const binding = importedBinding(def);
  if (binding) return binding.imported === 'default' && resolves(binding.module);
  return def.type === TSESLint.Scope.DefinitionType.Variable && def.node.id.type === AST_NODE_TYPES.Identifier && resolves(requiredModule(def.node.init));
}

/** The client an expression of `file` holds, followed through `const`s and imports of project files. */
function clientOf(node: TSESTree.Node, file: FileRef, depth: number): PassedClient | null {
  if (depth > MAX_DEPTH) return null;
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(value, file.sourceCode);
    const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
    if (!variable || !def) return null;
    const binding = importedBinding(def);
    if (binding) {
      const exported = binding.module.startsWith('.') ? projectValue(file.filename, binding.module, binding.imported) : null;
      return exported ? clientOf(exported.node, exported.file, depth + 1) : null;
    }
    if (def.type !== TSESLint.Scope.DefinitionType.Variable || !def.node.init) return null;
    if (writeReferences(variable).some((reference) => reference.identifier !== def.name)) return null;
    if (def.node.id.type === AST_NODE_TYPES.ObjectPattern) {
      // `const { pool } = require('./db')`.
      const module = requiredModule(def.node.init);
      const property = def.node.id.properties.find((p) => p.type === AST_NODE_TYPES.Property && p.value === def.name);
      const key = property?.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : null;
      const exported = module !== null && key !== null && module.startsWith('.') ? projectValue(file.filename, module, key) : null;
      return exported ? clientOf(exported.node, exported.file, depth + 1) : null;
    }
    if (def.node.id !== def.name) return null;
    const required = requiredModule(def.node.init);
    if (required !== null) {
      const exported = required.startsWith('.') ? projectValue(file.filename, required, 'default') : null;
      return exported ? clientOf(exported.node, exported.file, depth + 1) : null;
    }
    return clientOf(def.node.init, file, depth + 1);
  }
  if (value.type !== AST_NODE_TYPES.NewExpression && value.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(value.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  const origin = moduleOf(callee, file);
  if (origin === null || name === null) return null;
  if (origin.module === 'knex' && (name === 'knex' || origin.imported === 'default' || origin.imported === 'knex')) return 'knex';
  if (/^drizzle-orm\//.test(origin.module) && name === 'drizzle') return 'drizzle';
  if (origin.module === 'kysely' && name === 'Kysely') return 'kysely';
  if (origin.module === '@prisma/client' || /(^|[/@.-])prisma([/.-]|$)/.test(origin.module)) return (origin.imported ?? name) === 'PrismaClient' || name === 'PrismaClient' ? 'prisma' : null;
  if (!POOL_MODULES.test(origin.module)) return null;
  return POOL_CREATORS.test(name) || POOL_CREATORS.test(origin.imported ?? '') ? 'pool' : null;
}

/** The module a callee comes from: `Pool` of `import { Pool } from 'pg'`, `pg.Pool`, `require('pg').Pool`, `mysql.createPool`. */
function moduleOf(callee: TSESTree.Node, file: FileRef): { module: string; imported: string | null } | null {
  const required = moduleOrigin(callee);
  if (required !== null) return { module: required, imported: null };
  let root = callee;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(root, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!def) return null;
  const binding = importedBinding(def);
  if (binding) return { module: binding.module, imported: root === callee ? binding.imported : null };
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || !def.node.init) return null;
  const module = requiredModule(def.node.init);
  if (module === null) return null;
  // `const { Pool } = require('pg')`.
  if (def.node.id.type === AST_NODE_TYPES.ObjectPattern) {
    const property = def.node.id.properties.find((p) => p.type === AST_NODE_TYPES.Property && p.value === def.name);
    const key = property?.type === AST_NODE_TYPES.Property && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : null;
    return { module, imported: key };
  }
  return { module, imported: root === callee ? 'default' : null };
}
