/**
 * Proven database writes: does a piece of code (the promise a `.catch` is on) write a row or a
 * document whose loss nobody would notice? A write is what the store, ORM and SQL models prove to
 * be one on a proven client — Prisma's creates and updates (`prisma.user.update(…)`), a MongoDB /
 * Mongoose write on a proven collection or model (`User.updateOne(…)`), a query builder's write on
 * a proven client (`knex('users').insert(row)`), SQL that changes rows (`pool.query('INSERT …')`) —
 * or a call of a project function whose body makes one (followed three deep). A read, a cache, a
 * chat call or an unknown callee is not one.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, isFunction, skipTypeWrappers, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { clientOfChain, decomposeChain, PRISMA_CREATES, PRISMA_UPDATES } from '../orm/index.js';
import { getSqlModel, isWrite } from '../sql/index.js';
import { KNEX_WRITES, MONGO_WRITES, SUPABASE_WRITES, isMongoCollection, ormModelOf, prismaCallOf } from '../stores/index.js';
import { calledFunction, type FileRef } from '../summaries/index.js';

/**
 * The write methods of each store model: the one list of database writes. `promiseWritesDatabase`
 * counts a call of one on a receiver its model proves (a Prisma model, a MongoDB collection, a query
 * builder's client); `stateChangeOf` counts any member call of one by its name, less the names other
 * objects share.
 */
export function storeWrites(): Readonly<Record<'prisma' | 'mongo' | 'knex' | 'supabase', ReadonlySet<string>>> {
  // Built when first asked, not at load: the store models' lists may load after this module (they import the effects model).
  return (storeWritesMemo ??= { prisma: new Set([...PRISMA_UPDATES, ...PRISMA_CREATES]), mongo: MONGO_WRITES, knex: KNEX_WRITES, supabase: SUPABASE_WRITES });
}
let storeWritesMemo: ReturnType<typeof storeWrites> | undefined;

/** How deep a chain of project functions is followed, as for the read summaries. */
const MAX_DEPTH = 3;

/** Per function: whether its body makes a proven database write (complete answers only). */
const memo = new WeakMap<FunctionNode, boolean>();
/** Functions summarised (memo hits excluded): a count for tests. */
export const writeSummaryWork = { functions: 0 };

/**
 * Whether the promise `code` is (the receiver of a `.catch`) makes a proven database write, itself
 * or in a callback of its chain (`.then(() => prisma.log.create(…))`). An `await` in its own
 * arguments (`ctx.reply(await save(x)).catch(…)`) rejects before the promise exists, out of the
 * enclosing function: that write is not what the `.catch` handles.
 */
export function promiseWritesDatabase(code: TSESTree.Node, file: FileRef): boolean {
  return writes(code, file, { depth: 0, active: new Set() }, true);
}

interface Walk {
  readonly depth: number;
  readonly active: Set<FunctionNode>;
}

function writes(code: TSESTree.Node, file: FileRef, walk: Walk, skipAwaits: boolean): boolean {
  let found = false;
  walkSameFunction(code, (node) => {
    if (found) return false;
    if (node !== code && isFunction(node)) {
      // A callback of the chain: what it awaits rejects the promise the handler is on.
      found = writes(node.body, file, walk, false);
      return false;
    }
    if (skipAwaits && node.type === AST_NODE_TYPES.AwaitExpression) return false;
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) found = isDatabaseWrite(node, file, walk);
    return !found;
  }, { enterFunctions: true });
  return found;
}

function isDatabaseWrite(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, file: FileRef, walk: Walk): boolean {
  if (isSqlWrite(node, file)) return true;
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return false;
  const prisma = prismaCallOf(node, file);
  if (prisma) return storeWrites().prisma.has(prisma.method);
  const callee = skipTypeWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    if (storeWrites().mongo.has(getPropertyName(callee) ?? '') && isMongoCollection(callee.object, file)) return true;
    const chain = decomposeChain(node);
    const orm = chain.links.some((link) => storeWrites().knex.has(link.name)) ? clientOfChain(chain, ormModelOf(file)) : null;
    if (orm !== null && orm !== 'prisma') return true;
  }
  return functionWrites(node, file, walk);
}

/** A SQL call (or tagged template) of the SQL model that sends a statement changing rows. */
function isSqlWrite(node: TSESTree.Node, file: FileRef): boolean {
  let found = sqlWrites.get(file.sourceCode);
  if (!found) {
    found = new Set(getSqlModel(file.sourceCode).calls.filter((call) => call.statements.some(isWrite)).map((call) => call.node));
    sqlWrites.set(file.sourceCode, found);
  }
  return found.has(node);
}
const sqlWrites = new WeakMap<FileRef['sourceCode'], ReadonlySet<TSESTree.Node>>();

/** A project function the call runs whose body makes a proven write. */
function functionWrites(call: TSESTree.CallExpression, file: FileRef, walk: Walk): boolean {
  const target = calledFunction(call, file);
  if (!target) return false;
  const { fn } = target;
  const known = memo.get(fn);
  if (known !== undefined) return known;
  if (walk.depth >= MAX_DEPTH || walk.active.has(fn)) return false;
  walk.active.add(fn);
  writeSummaryWork.functions++;
  const found = writes(fn.body, target.file, { depth: walk.depth + 1, active: walk.active }, false);
  walk.active.delete(fn);
  // A `false` reached at the depth limit or in a cycle is not the function's own: memoise a write, or a complete walk.
  if (found || walk.depth === 0) memo.set(fn, found);
  return found;
}
