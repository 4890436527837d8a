import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, isTypeWrapper, propertyKey, skipTypeWrappers, staticString } from '../ast/index.js';

/** One step of a fluent chain: `.where(…)` (a call) or `.user` (a plain access). */
export interface ChainLink {
  name: string;
  member: TSESTree.MemberExpression;
  call: TSESTree.CallExpression | null;
}

/**
 * A fluent chain read from its end: `knex('users').where({ id }).decrement('balance', 1)` gives the
 * root `knex('users')` and the links `where`, `decrement`. A computed, non-static member ends the
 * chain (it becomes part of the root).
 */
export interface Chain {
  root: TSESTree.Node;
  links: ChainLink[];
}

/** {@link decomposeChain}'s answers by node: every rule that reads ORM calls asks about the same chains (a pure memo on the AST). */
const chains = new WeakMap<TSESTree.Node, Chain>();

export function decomposeChain(node: TSESTree.Node): Chain {
  let chain = chains.get(node);
  if (!chain) {
    chain = readChain(node);
    chains.set(node, chain);
  }
  return chain;
}

/** How many chains were read link by link (not answered from the memo): tests read it. */
export const chainWork = { read: 0 };

function readChain(node: TSESTree.Node): Chain {
  chainWork.read++;
  const links: ChainLink[] = [];
  const root = walkChain(node, (name, member, call) => {
    links.unshift({ name, member, call });
    return false;
  });
  return { root, links };
}

/**
 * Whether a link of the chain ending at `node` is a call of a method named in `names`
 * (`.decrement(…)` of `knex('users').where({ id }).decrement('balance', 1)`): the links
 * {@link decomposeChain} would list, read without listing them — most calls of a file are no write.
 */
export function someCallLinkNamed(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  walkChain(node, (name, _member, call) => (found = call !== null && names.has(name)));
  return found;
}

/**
 * Whether a link of the chain ending at `node`, called or not, is named in `names` (`.first()` of
 * `knex('users').where({ id }).first()`): the names {@link decomposeChain} would list, read without
 * listing them.
 */
export function someLinkNamed(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  walkChain(node, (name) => (found = names.has(name)));
  return found;
}

/**
 * Walks a fluent chain from its end, offering each link (`visit` returns true to stop), and returns
 * its root: the node below the last link read.
 */
function walkChain(node: TSESTree.Node, visit: (name: string, member: TSESTree.MemberExpression, call: TSESTree.CallExpression | null) => boolean): TSESTree.Node {
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
      const name = getPropertyName(callee);
      if (name === null || visit(name, callee, current)) break;
      current = skipTypeWrappers(callee.object);
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(current);
      if (name === null || visit(name, current, null)) break;
      current = skipTypeWrappers(current.object);
    } else {
      break;
    }
  }
  return current;
}

/** Chain links whose arguments select rows: knex/Kysely/Drizzle `.where(…)`, Supabase `.eq(…)`, `.match(…)`. */
const SELECTOR_LINKS = new Set(['where', 'andWhere', 'eq', 'match', 'filter']);
/** MongoDB and Mongoose methods whose first argument is the filter. */
const FILTER_FIRST = /^(find|findOne|findOneAndUpdate|findOneAndDelete|findById|findByIdAndUpdate|updateOne|updateMany|deleteOne|countDocuments|findUnique|findFirst|findUniqueOrThrow|findFirstOrThrow|findOneBy|findOneByOrFail|findBy)$/;

/** TypeORM methods whose EntityManager form takes the entity first (`manager.findOneBy(User, criteria)`). */
const ENTITY_FIRST = /^(findOne|findOneBy|findOneOrFail|findOneByOrFail|findBy)$/;

/**
 * The values a chain selects its rows by: the arguments of `.where(…)` / `.eq(…)` links, the
 * `where` of an options object (Prisma, TypeORM), a MongoDB filter, the criteria of TypeORM's
 * `increment` / `decrement` (`repository.decrement(criteria, 'column', value)`,
 * `manager.decrement(Entity, criteria, 'column', value)`; knex's take at most two arguments) and of
 * the EntityManager's reads (`manager.findOneBy(User, criteria)`, `manager.findOne(User, { where })`).
 * Not what it writes (`data`, `.set(…)`, `$inc`). Empty when nothing selects a row (a shared row,
 * or an unknown call).
 */
export function rowSelectors(node: TSESTree.Node): TSESTree.Node[] {
  const { root, links } = decomposeChain(node);
  const selectors: TSESTree.Node[] = [];
  const calls: { name: string | null; call: TSESTree.CallExpression }[] = links.flatMap((link) => (link.call ? [{ name: link.name, call: link.call }] : []));
  if (root.type === AST_NODE_TYPES.CallExpression) calls.unshift({ name: null, call: root });
  for (const { name, call } of calls) {
    if (name !== null && SELECTOR_LINKS.has(name)) {
      selectors.push(...call.arguments);
      continue;
    }
    const args = call.arguments;
    if (name !== null && /^(in|de)crement$/.test(name) && (args.length === 3 || args.length === 4) && staticString(args[args.length - 2]) !== null) {
      selectors.push(args[args.length - 3]!);
      continue;
    }
    const entity = name !== null && ENTITY_FIRST.test(name) && args.length === 2 && skipTypeWrappers(args[0]!).type === AST_NODE_TYPES.Identifier ? entityOptions(name, args[1]!) : null;
    if (entity) {
      selectors.push(entity);
      continue;
    }
    const first = args[0] && skipTypeWrappers(args[0]);
    const where = first?.type === AST_NODE_TYPES.ObjectExpression ? objectProperty(first, 'where') : undefined;
    if (where) selectors.push(where.value);
    else if (first && name !== null && FILTER_FIRST.test(name)) selectors.push(first);
  }
  return selectors;
}

/**
 * The criteria of an EntityManager read after its entity: `findOneBy(User, criteria)` → `criteria`;
 * `findOne(User, { where })` → `where`. Null for a MongoDB `findOne(filter, projection)`: a
 * projection has no `where`.
 */
function entityOptions(name: string, second: TSESTree.CallExpressionArgument): TSESTree.Node | null {
  if (/By(OrFail)?$/.test(name)) return second;
  const options = skipTypeWrappers(second);
  return options.type === AST_NODE_TYPES.ObjectExpression ? (objectProperty(options, 'where')?.value ?? null) : null;
}

/** Whether a call is the last call of its chain: `a.b().c()` → true for `c()`, false for `b()`. */
export function isChainEnd(call: TSESTree.CallExpression): boolean {
  let child: TSESTree.Node = call;
  let parent = call.parent;
  while (isTypeWrapper(parent)) {
    child = parent;
    parent = parent.parent!;
  }
  return !(parent.type === AST_NODE_TYPES.MemberExpression && parent.object === child);
}

/** The value of `key` in an object literal (the last one wins, as at run time); undefined if absent. */
export function objectProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (propertyKey(property) === key) found = property as TSESTree.Property;
  }
  return found;
}
