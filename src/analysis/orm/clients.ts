import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

const { DefinitionType } = TSESLint.Scope;

import { getPropertyName, importedBinding, isFunction, packageOfSpecifier, requiredModule, resolveVariable, skipTypeWrappers } from '../ast/index.js';

export type Orm = 'prisma' | 'knex' | 'drizzle' | 'kysely' | 'typeorm';

/**
 * What a binding is, as far as the ORM model knows: an ORM client (or transaction handle), the
 * function or class that creates one, or an ORM's `sql` tag.
 */
type Role =
  | { kind: 'client'; orm: Orm }
  | { kind: 'factory'; orm: Orm }
  | { kind: 'sqlTag'; orm: Orm }
  | { kind: 'module'; source: string };

/** The ORM a module specifier belongs to. */
export function ormOfSource(source: string): Orm | null {
  if (source === '@prisma/client' || /^@prisma\/client\//.test(source)) return 'prisma';
  if (source === 'knex') return 'knex';
  if (source === 'drizzle-orm' || source.startsWith('drizzle-orm/')) return 'drizzle';
  if (source === 'kysely' || source.startsWith('kysely/')) return 'kysely';
  if (source === 'typeorm' || source === '@nestjs/typeorm') return 'typeorm';
  return null;
}

/** A generated Prisma client imported by path (`../generated/prisma`, `@/lib/prisma`). */
const PRISMA_PATH = /(^|[/@.-])prisma([/.-]|$)/i;
/** The project's own knex instance module (`./knex`, `../db/knex.js`). */
const KNEX_PATH = /^[.~@].*(^|[/])knex(\.[cm]?[jt]s)?$/i;
/** Names that are a Prisma client wherever they come from: `prisma`, `prismaClient`, `this.prismaService`. */
const PRISMA_CLIENT_NAME = /^prisma(Client|Service)?$/i;
/** Type names that declare a client or transaction handle. */
const CLIENT_TYPE_NAMES: Record<string, Orm> = {
  PrismaClient: 'prisma',
  PrismaService: 'prisma',
  TransactionClient: 'prisma',
  Knex: 'knex',
  Kysely: 'kysely',
  Repository: 'typeorm',
  TreeRepository: 'typeorm',
  EntityManager: 'typeorm',
  DataSource: 'typeorm',
};
const TYPEORM_REPOSITORY_GETTERS = /^(getRepository|getTreeRepository|getCustomRepository|withRepository)$/;
const DRIZZLE_DATABASE_TYPE = /Database$/;
const TRANSACTION_METHODS = new Set(['$transaction', 'transaction', 'execute']);

export interface OrmModel {
  /** The ORM whose client or transaction handle `node` is, or null when it cannot be proven. */
  clientOf(node: TSESTree.Node): Orm | null;
  /** The ORM whose `sql` tag `tag` is, or null. */
  sqlTagOf(tag: TSESTree.Node): Orm | null;
  /** Whether the file imports or requires the ORM's package. */
  imports(orm: Orm): boolean;
}

const models = new WeakMap<TSESLint.SourceCode, OrmModel>();

/** The ORM model of a file (computed once per file; a pure memo keyed by the source code object). */
export function getOrmModel(sourceCode: Readonly<TSESLint.SourceCode>): OrmModel {
  let model = models.get(sourceCode);
  if (!model) {
    model = createOrmModel(sourceCode);
    models.set(sourceCode, model);
  }
  return model;
}

function createOrmModel(sourceCode: Readonly<TSESLint.SourceCode>): OrmModel {
  const importedOrms = new Set<Orm>();
  for (const statement of sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      const orm = ormOfSource(packageOfSpecifier(statement.source.value));
      if (orm) importedOrms.add(orm);
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const source = declarator.init ? requiredSource(declarator.init) : null;
        const orm = source === null ? null : ormOfSource(source);
        if (orm) importedOrms.add(orm);
      }
    }
  }
  const roles = new Map<TSESLint.Scope.Variable, Role | null>();

  function variableOf(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return resolveVariable(identifier, sourceCode);
  }

  function roleOfVariable(variable: TSESLint.Scope.Variable, depth: number): Role | null {
    if (roles.has(variable)) return roles.get(variable)!;
    roles.set(variable, null); // cycles resolve to unknown
    let role: Role | null = null;
    for (const def of variable.defs) {
      role = roleOfDefinition(def, variable.name, depth);
      if (role) break;
    }
    roles.set(variable, role);
    return role;
  }

  function roleOfDefinition(def: TSESLint.Scope.Definition, name: string, depth: number): Role | null {
    switch (def.type) {
      case DefinitionType.ImportBinding:
      {
        const binding = importedBinding(def);
        return binding ? roleOfImportedName(binding.module, binding.imported, name) : null;
      }
      case DefinitionType.Variable: {
        const declarator = def.node;
        if (declarator.id.type === AST_NODE_TYPES.ObjectPattern && declarator.init) {
          const importedName = destructuredName(declarator.id, name);
          if (importedName === null) return null;
          const module = requiredModule(declarator.init);
          if (module !== null) return roleOfImportedName(module, importedName, name);
          // `const { PrismaClient } = prisma` where `prisma` is a whole-module binding.
          const object = roleOfExpression(declarator.init, depth + 1);
          if (object?.kind === 'module') return roleOfImportedName(object.source, importedName, name);
          return object?.kind === 'factory' && object.orm === 'knex' && importedName === 'knex' ? object : null;
        }
        const required = declarator.init ? requiredModule(declarator.init) : null;
        if (required !== null && ormOfSource(required) === null) return roleOfImportedName(required, 'default', name);
        const fromAnnotation = declarator.id.typeAnnotation ? roleOfType(declarator.id.typeAnnotation.typeAnnotation, depth) : null;
        if (fromAnnotation) return fromAnnotation;
        return declarator.init ? roleOfExpression(declarator.init, depth + 1) : null;
      }
      case DefinitionType.Parameter:
        return roleOfParameter(def.node, name, depth);
      default:
        return null;
    }
  }

  function roleOfImportedName(source: string, imported: string, local: string): Role | null {
    const orm = ormOfSource(source);
    if (orm) importedOrms.add(orm);
    // A whole-module binding (`import * as x`, `import x = require('m')`): its members are the exports.
    if (imported === '*' && orm !== null && orm !== 'knex') return { kind: 'module', source };
    switch (orm) {
      case 'prisma':
        return imported === 'PrismaClient' ? { kind: 'factory', orm } : null;
      case 'knex':
        return imported === 'default' || imported === 'knex' || imported === 'Knex' || imported === '*'
          ? { kind: 'factory', orm }
          : null;
      case 'drizzle':
        if (imported === 'drizzle') return { kind: 'factory', orm };
        return imported === 'sql' ? { kind: 'sqlTag', orm } : null;
      case 'kysely':
        if (imported === 'Kysely') return { kind: 'factory', orm };
        return imported === 'sql' ? { kind: 'sqlTag', orm } : null;
      case 'typeorm':
        // `new DataSource(…)` creates one; `getRepository(User)` / `getManager()` (0.2 API) return one.
        return /^(DataSource|Connection|getRepository|getManager|getConnection|getTreeRepository|getCustomRepository)$/.test(imported)
          ? { kind: 'factory', orm }
          : null;
      default:
        // A client exported by the project's own module: `import { prisma } from './db'`,
        // `import db from '../generated/prisma'`, `import { knex } from './knex'`.
        if (PRISMA_CLIENT_NAME.test(local) || (PRISMA_PATH.test(source) && imported === 'PrismaClient')) {
          return { kind: imported === 'PrismaClient' ? 'factory' : 'client', orm: 'prisma' };
        }
        if (PRISMA_PATH.test(source) && /^(db|client|default)$/.test(imported)) return { kind: 'client', orm: 'prisma' };
        // The project's own knex instance: `const knex = require('./db')`, `import knex from '../knex'`.
        if (local === 'knex') return { kind: 'client', orm: 'knex' };
        if (KNEX_PATH.test(source) && /^(db|knex|default)$/.test(imported)) return { kind: 'client', orm: 'knex' };
        return null;
    }
  }

  /** `require('knex')`, `require('@prisma/client').PrismaClient`, `await import('knex')`. */
  function destructuredName(pattern: TSESTree.ObjectPattern, local: string): string | null {
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value.type === AST_NODE_TYPES.Identifier && value.name === local && property.key.type === AST_NODE_TYPES.Identifier) {
        return property.key.name;
      }
    }
    return null;
  }

  function roleOfExpression(expression: TSESTree.Node, depth: number): Role | null {
    if (depth > 8) return null;
    const node = skipTypeWrappers(expression);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = variableOf(node);
        return variable ? roleOfVariable(variable, depth + 1) : null;
      }
      case AST_NODE_TYPES.AwaitExpression:
        return roleOfExpression(node.argument, depth + 1);
      case AST_NODE_TYPES.ImportExpression: {
        const module = requiredModule(node);
        return module === null ? null : { kind: 'module', source: module };
      }
      case AST_NODE_TYPES.LogicalExpression:
        return clientRole(roleOfExpression(node.right, depth + 1)) ?? clientRole(roleOfExpression(node.left, depth + 1));
      case AST_NODE_TYPES.ConditionalExpression:
        return clientRole(roleOfExpression(node.consequent, depth + 1)) ?? clientRole(roleOfExpression(node.alternate, depth + 1));
      case AST_NODE_TYPES.NewExpression: {
        const role = roleOfExpression(node.callee, depth + 1);
        return role?.kind === 'factory' ? { kind: 'client', orm: role.orm } : null;
      }
      case AST_NODE_TYPES.CallExpression: {
        const module = requiredModule(node);
        if (module !== null) return { kind: 'module', source: module };
        const callee = skipTypeWrappers(node.callee);
        const role = roleOfExpression(callee, depth + 1);
        if (role?.kind === 'factory' && role.orm !== 'prisma') return { kind: 'client', orm: role.orm };
        // TypeORM: `dataSource.getRepository(User)`, `AppDataSource.manager.getRepository(User)`.
        if (callee.type === AST_NODE_TYPES.MemberExpression && importedOrms.has('typeorm') && TYPEORM_REPOSITORY_GETTERS.test(getPropertyName(callee) ?? '')) {
          return { kind: 'client', orm: 'typeorm' };
        }
        if (role?.kind === 'module') return roleOfModuleCall(role.source);
        // `new PrismaClient().$extends(…)`, `knex.withUserParams(…)`: still the same client.
        if (callee.type === AST_NODE_TYPES.MemberExpression) {
          const name = getPropertyName(callee);
          const object = clientRole(roleOfExpression(callee.object, depth + 1));
          if (object && (name === '$extends' || name === 'withUserParams' || name === 'withSchema')) return object;
        }
        return null;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const object = roleOfExpression(node.object, depth + 1);
        const name = getPropertyName(node);
        if (object?.kind === 'module' && name !== null) return roleOfImportedName(object.source, name, name);
        if (object?.kind === 'factory' && object.orm === 'knex' && name === 'knex') return object;
        // TypeORM: `dataSource.manager`, `queryRunner.manager`.
        if (name === 'manager' && importedOrms.has('typeorm')) return { kind: 'client', orm: 'typeorm' };
        return null;
      }
      default:
        return null;
    }
  }

  /** `require('knex')(config)` is a client; `require('drizzle-orm/node-postgres').drizzle(…)` too. */
  function roleOfModuleCall(source: string): Role | null {
    return ormOfSource(source) === 'knex' ? { kind: 'client', orm: 'knex' } : null;
  }

  function clientRole(role: Role | null): Role | null {
    return role?.kind === 'client' ? role : null;
  }

  function roleOfType(type: TSESTree.TypeNode, depth: number): Role | null {
    if (type.type === AST_NODE_TYPES.TSUnionType) {
      for (const member of type.types) {
        const role = roleOfType(member, depth);
        if (role) return role;
      }
      return null;
    }
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const typeName = type.typeName;
    const name = typeName.type === AST_NODE_TYPES.TSQualifiedName ? typeName.right.name : typeName.type === AST_NODE_TYPES.Identifier ? typeName.name : null;
    if (name === null) return null;
    let root: TSESTree.Node = typeName;
    while (root.type === AST_NODE_TYPES.TSQualifiedName) root = root.left;
    const source = root.type === AST_NODE_TYPES.Identifier ? importSourceOf(root) : null;
    const orm = source === null ? null : ormOfSource(source);
    if (orm === 'drizzle' && DRIZZLE_DATABASE_TYPE.test(name)) return { kind: 'client', orm };
    if (name === 'Transaction' && (orm === 'kysely' || orm === 'knex')) return { kind: 'client', orm };
    const byName = CLIENT_TYPE_NAMES[name];
    if (byName === undefined) return null;
    // `PrismaService` is the project's own class (NestJS); the others must come from their package.
    if (name === 'PrismaService' || orm === byName || (byName === 'prisma' && source !== null && PRISMA_PATH.test(source))) {
      return { kind: 'client', orm: byName };
    }
    void depth;
    return null;
  }

  function importSourceOf(identifier: TSESTree.Identifier): string | null {
    const variable = resolveVariable(identifier, sourceCode);
    const def = variable?.defs[0];
    return def ? (importedBinding(def)?.module ?? null) : null;
  }

  /**
   * A parameter is a client when its type says so, or when its function is the callback of a
   * client's transaction: `prisma.$transaction(async (tx) => …)`, `knex.transaction(async (trx) => …)`,
   * `db.transaction(async (tx) => …)`, Kysely's `db.transaction().execute(async (trx) => …)`.
   */
  function roleOfParameter(fn: TSESTree.Node, name: string, depth: number): Role | null {
    if (!isFunction(fn)) return null;
    const param = fn.params.find((p) => (p.type === AST_NODE_TYPES.Identifier ? p.name === name : false));
    if (param?.type === AST_NODE_TYPES.Identifier && param.typeAnnotation) {
      const role = roleOfType(param.typeAnnotation.typeAnnotation, depth);
      if (role) return role;
    }
    if (fn.params[0] !== param) return null;
    const call = fn.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return null;
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const method = getPropertyName(callee);
    if (method === null || !TRANSACTION_METHODS.has(method)) return null;
    let receiver = skipTypeWrappers(callee.object);
    if (method === 'execute') {
      // Kysely: db.transaction().execute(fn)
      if (receiver.type !== AST_NODE_TYPES.CallExpression) return null;
      const inner = skipTypeWrappers(receiver.callee);
      if (inner.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(inner) !== 'transaction') return null;
      receiver = inner.object;
    }
    const orm = clientOfNode(receiver, depth + 1);
    return orm ? { kind: 'client', orm } : null;
  }

  /** `this.prisma`: a class field or constructor parameter property typed or created as a client. */
  function roleOfThisMember(member: TSESTree.MemberExpression, name: string, depth: number): Role | null {
    let node: TSESTree.Node | undefined = member.parent;
    while (node && node.type !== AST_NODE_TYPES.ClassBody) node = node.parent;
    if (!node) return null;
    for (const element of node.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name) {
        if (element.typeAnnotation) {
          const role = roleOfType(element.typeAnnotation.typeAnnotation, depth);
          if (role) return role;
        }
        if (element.value) {
          const role = clientRole(roleOfExpression(element.value, depth + 1));
          if (role) return role;
        }
      }
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
        for (const param of element.value.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const inner = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (inner.type === AST_NODE_TYPES.Identifier && inner.name === name && inner.typeAnnotation) {
            const role = roleOfType(inner.typeAnnotation.typeAnnotation, depth);
            if (role) return role;
          }
        }
      }
    }
    return null;
  }

  /** `class Db extends PrismaClient { … this.user.create(…) }`. */
  function roleOfThis(node: TSESTree.ThisExpression, depth: number): Role | null {
    let current: TSESTree.Node | undefined = node.parent;
    while (current) {
      if (current.type === AST_NODE_TYPES.ClassBody) {
        const cls = current.parent;
        if ((cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) && cls.superClass) {
          const role = roleOfExpression(cls.superClass, depth + 1);
          if (role?.kind === 'factory') return { kind: 'client', orm: role.orm };
        }
        return null;
      }
      if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) {
        if (current.parent.type !== AST_NODE_TYPES.MethodDefinition) return null;
      }
      current = current.parent;
    }
    return null;
  }

  function clientOfNode(expression: TSESTree.Node, depth = 0): Orm | null {
    if (depth > 8) return null;
    const node = skipTypeWrappers(expression);
    if (node.type === AST_NODE_TYPES.ThisExpression) {
      const role = roleOfThis(node, depth);
      return role?.kind === 'client' ? role.orm : null;
    }
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(node);
      if (name === null) return null;
      const object = skipTypeWrappers(node.object);
      if (object.type === AST_NODE_TYPES.ThisExpression) {
        const role = roleOfThisMember(node, name, depth);
        if (role?.kind === 'client') return role.orm;
      }
      if (PRISMA_CLIENT_NAME.test(name)) return 'prisma';
    }
    const role = roleOfExpression(node, depth);
    return role?.kind === 'client' ? role.orm : null;
  }

  // Asked for every link of every chain by several rules: one answer per node. Exact, because a
  // variable's role, once worked out, is kept (`roles`): asking again walks to the same answers.
  const clients = new WeakMap<TSESTree.Node, Orm | null>();
  return {
    clientOf(node) {
      let orm = clients.get(node);
      if (orm === undefined) {
        orm = clientOfNode(node);
        clients.set(node, orm);
      }
      return orm;
    },
    sqlTagOf(tag) {
      const role = roleOfExpression(tag, 0);
      return role?.kind === 'sqlTag' ? role.orm : null;
    },
    imports: (orm) => importedOrms.has(orm),
  };
}

/** The module of `require('x')`, `require('x').y`, `require('x')(config)`; null otherwise. */
function requiredSource(expression: TSESTree.Node): string | null {
  let node = skipTypeWrappers(expression);
  while (node.type === AST_NODE_TYPES.MemberExpression || (node.type === AST_NODE_TYPES.CallExpression && !isRequire(node))) {
    node = skipTypeWrappers(node.type === AST_NODE_TYPES.MemberExpression ? node.object : node.callee);
  }
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const argument = node.arguments[0];
    return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? packageOfSpecifier(argument.value) : null;
  }
  return null;
}

function isRequire(node: TSESTree.CallExpression): boolean {
  return node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require' && node.arguments.length === 1;
}
