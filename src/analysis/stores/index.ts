/**
 * Document and hosted stores that bots keep money in: MongoDB (driver and Mongoose) and Supabase,
 * recognised by import and creation. Gives the unguarded decrements and the read → check → write
 * races, for `no-unguarded-decrement` and `require-for-update`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, containsRange, enclosingFunction, getCalleeName, getMemberPath, getPropertyName, isFunction, objectLiteralOf, propertyKey, pushChildren, resolveVariable, returnedValues, skipTypeWrappers, someInSameFunction, writeReferences } from '../ast/index.js';
import { stateChangeOf } from '../effects/index.js';
import { areExclusive, decides, type FunctionFacts } from '../flow/index.js';
import { awaitsEffectAfter, getSqlModel, isWrite } from '../sql/index.js';
import { DEFAULT_LOGGERS } from '../errors/index.js';
import { comparedBefore, createNameMatcher, DEFAULT_IDEMPOTENCY_COLUMNS } from '../money/index.js';
import { objectProperty } from '../orm/index.js';
import { projectSchema } from '../schema/index.js';
import { calledFunction, callOnlyTalksToUser, dataSummaryOf, sqlWritesOfCall, type FileRef } from '../summaries/index.js';
import { filterGuards, mongoReadOf, mongoUpdateOf, negativeIncrements, type MongoUpdate } from './mongo.js';
import { builderQueryOf, builderReadOf, builderWriteOf } from './builders.js';
import { isPrismaCount, isPrismaCreate, isPrismaRead, lockedByRawQuery, PRISMA_READS, prismaCallOf, prismaCheckedInIsolation, prismaComparesAndSets, prismaHelperWritesOf, prismaReadInSqliteTransaction, prismaRolledBackByUniqueCreate, prismaTransactionOf, prismaWhereConditions, prismaWriteConflictsOnMongo, prismaWritesOf } from './prisma.js';
import { claimedBefore, isSupabaseRead, negatedInsertFields, recordsGuardedSpend, recordsRpcSpend, rpcWords, supabaseQueryOf, supabaseRpcReadOf, supabaseUpdateOf, type SupabaseClaim } from './supabase.js';
import { changesField, checkedProperties, comparedWithLimit, derivesFrom, fieldChecks, inTransactionCallback, storedIn, testedItself, transactionScopeOf, type Variable } from './values.js';
import { isVersionCheckedSave } from './versioning.js';

export { builderQueryOf, KNEX_WRITES } from './builders.js';
export { ormModelOf } from './clients.js';
export { othersWriteOnlyAtomically, raceWrittenFields, sqlWrittenFields, writtenField, type WrittenFields } from './writers.js';
export { originOf, type Origin } from '../summaries/index.js';
export { isMongoCollection, MONGO_QUERY_LINKS, MONGO_READS, MONGO_WRITES } from './mongo.js';
export { PRISMA_READS, prismaCallOf, prismaQueryLogsOwnFailure } from './prisma.js';
export { isNeverRejectingSupabaseQuery, isSupabaseClient, isSupabaseClientValue, isSupabaseQueryPromise, isSupabaseRead, queryAnsweringError, runsOnlyIfNoRowUpdated, SUPABASE_WRITES, supabaseQueryOf, supabaseWriteOf, type SupabaseWrite } from './supabase.js';

/** Callbacks that run in a MongoDB transaction: `session.withTransaction(fn)`, `connection.transaction(fn)`. */
const MONGO_TRANSACTIONS = new Set(['withTransaction', 'transaction']);

export interface StoreDecrement {
  readonly node: TSESTree.Node;
  /** The field as written (`wallet.balance`). */
  readonly field: string;
  /** Its last name (`balance`), to match against money columns. */
  readonly column: string;
  /** The other fields the same `$inc` raises by the very amount taken off (last names, as `column`). */
  readonly credited: readonly string[];
}

/**
 * `updateOne`/`updateMany`/`findOneAndUpdate`/`findByIdAndUpdate` with `$inc` of a negative amount and
 * no condition on that field in the filter, outside a transaction.
 */
export function findMongoDecrements(call: TSESTree.CallExpression, file: FileRef): StoreDecrement[] {
  const update = mongoUpdateOf(call, file);
  if (!update || update.session || inTransactionCallback(call, MONGO_TRANSACTIONS)) return [];
  return negativeIncrements(update, file)
    .filter(({ field }) => !filterGuards(update, field))
    .map(({ field, node, credited }) => ({ node, field, column: leaf(field), credited: credited.map(leaf) }));
}

/**
 * A Prisma update (`tx.stock.update({ data: { quantity: { decrement: n } } })`) that reads, checks
 * and writes in one transaction that keeps a second run from passing the same check:
 * - on SQLite (the project schema's `provider = "sqlite"`: Prisma begins it `IMMEDIATE`), an earlier
 *   read of the same model on the same `$transaction` handle and a comparison of `field` before the
 *   update in the callback: a second run waits at its BEGIN;
 * - after a `SELECT … FOR UPDATE` of the model's table on the handle, or in a `Serializable` /
 *   `RepeatableRead` transaction, or on MongoDB in any interactive one that reads the written document,
 *   a check of the field read in it ({@link prismaCheckedInIsolation}).
 */
export function checkedInPrismaTransaction(call: TSESTree.CallExpression, field: string, file: FileRef, facts: FunctionFacts): boolean {
  return (comparedBefore(call, field, file.sourceCode, facts) && prismaReadInSqliteTransaction(call, file)) || prismaCheckedInIsolation(call, field, file);
}

/** A read of a row or document, a check in code of `field`, and a write of `field` computed from the read. */
export interface StoreRace {
  readonly store: 'mongo' | 'supabase' | 'prisma' | 'sql' | 'builder';
  readonly read: TSESTree.Node;
  /** The query builder of a `builder` race. */
  readonly orm?: 'knex' | 'drizzle' | 'kysely' | 'typeorm';
  /** Prisma `count()` compared with a limit, then `create` of the same model: the field is `count`. */
  readonly limit?: boolean;
  /** Prisma: the read runs in an interactive `$transaction` at the default isolation (which does not stop the race). */
  readonly inTransaction: boolean;
  /** SQL through helpers: the helper that writes (`setPoints`), and whether the table is SQLite's. */
  readonly writer?: string;
  readonly sqlite?: boolean;
  /** Supabase: the write is a ledger row recording a spend (`insert({ amount: -cost })`) after a check of this money value (`balance`). */
  readonly ledger?: string;
  /**
   * A status claim: the checked status or flag (`field`) is written by key alone and the check also
   * gates another effect a second run repeats (a credit, another store write): see {@link statusClaims}.
   */
  readonly claim?: boolean;
  readonly write: TSESTree.Node;
  readonly field: string;
  /** The Supabase table, or null for MongoDB. */
  readonly table: string | null;
}

export function findStoreRaces(call: TSESTree.CallExpression, file: FileRef, isMoneyField: (field: string) => boolean): StoreRace[] {
  const limit = prismaLimitRace(call, file);
  if (limit) return [limit];
  const mongo = mongoRaces(call, file, isMoneyField);
  const prisma = mongo ? null : prismaRaces(call, file, isMoneyField);
  const helper = mongo ?? prisma ? null : sqlHelperRaces(call, file);
  const builder = mongo ?? prisma ?? helper ? null : builderRaces(call, file);
  const candidates = mongo ?? prisma ?? helper ?? builder ?? supabaseRaces(call, file, isMoneyField);
  const store = mongo ? 'mongo' : prisma ? 'prisma' : helper ? 'sql' : builder ? 'builder' : 'supabase';
  const races: StoreRace[] = [];
  for (const candidate of candidates ?? []) {
    const field = leaf(candidate.field);
    // A status claim is of a status or flag: a money field written with a literal is judged as money.
    if (candidate.claim ? isMoneyField(field) : !isMoneyField(field)) continue;
    if (!candidate.checked.has(field) || areExclusive(call, candidate.write)) continue;
    races.push({
      store,
      read: call,
      write: candidate.write,
      field,
      table: candidate.table,
      inTransaction: candidate.inTransaction ?? false,
      ...(candidate.orm === undefined ? {} : { orm: candidate.orm }),
      ...(candidate.ledger === undefined ? {} : { ledger: candidate.ledger }),
      ...(candidate.claim ? { claim: true } : {}),
      ...(candidate.writer === undefined ? {} : { writer: candidate.writer, sqlite: candidate.sqlite ?? false }),
    });
    break;
  }
  return races;
}

/** `wallet.balance` → `balance`. */
const leaf = (field: string) => field.split('.').filter((part) => !part.startsWith('$')).pop() ?? field;

interface Candidate {
  write: TSESTree.Node;
  table: string | null;
  field: string;
  checked: Set<string>;
  inTransaction?: boolean;
  writer?: string;
  sqlite?: boolean;
  orm?: 'knex' | 'drizzle' | 'kysely' | 'typeorm';
  ledger?: string;
  /** A status claim ({@link statusClaims}): the field is a status or flag, not money. */
  claim?: boolean;
}

/** Callbacks whose SQL runs in one transaction: the race is judged by the SQL model there, not here. */
const SQL_TRANSACTIONS = new Set(['transaction', '$transaction', 'begin', 'tx', 'withTransaction']);

/**
 * Raw SQL through helpers of this file or the project: `const u = await getUser(id)` (a getter whose
 * only query is an unlocked SELECT), a check of `u.points`, then `await setPoints(id, u.points -
 * cost)` (an UPDATE of the same table whose only conditions are keys, setting the column from a
 * parameter given a value computed from the read) or a helper that decrements the checked column.
 */
function sqlHelperRaces(call: TSESTree.CallExpression, file: FileRef): Candidate[] | null {
  if (call.parent?.type !== AST_NODE_TYPES.AwaitExpression) return null;
  const reader = calledFunction(call, file);
  const reads = reader && dataSummaryOf(reader.fn, reader.file).reads;
  if (!reads) return null;
  const stored = storedIn(call.parent, file.sourceCode);
  if (!stored || stored.pattern.type !== AST_NODE_TYPES.Identifier || inTransactionCallback(call, SQL_TRANSACTIONS)) return [];
  const { variable } = stored;
  const after = call.parent.range[1];
  const candidates: Candidate[] = [];
  for (const later of callsAfter(call.parent)) {
    // Raw SQL in this function after the helper's read: `await pool.query('UPDATE users SET points = $1 …', [u.points - cost, id])`.
    for (const write of sqlWritesOfCall(later, file)) {
      if (write.table !== reads.table || (!reads.star && !reads.columns.has(write.column))) continue;
      // A claim: the checked column reset to a literal (`SET points = 0`) while the check also gates an
      // effect a second run repeats (`await payOut(id, u.points)`): both runs pay out the same points.
      const talks = (node: TSESTree.AwaitExpression): boolean => node.argument.type === AST_NODE_TYPES.CallExpression && callOnlyTalksToUser(node.argument, file, DEFAULT_LOGGERS);
      const claim = write.literal && awaitsEffectAfter(enclosingFunction(call) ?? file.sourceCode.ast, after, later, (node) => containsRange(node, later) || isRead(node, file) || talks(node));
      if (!claim && !write.decrement && !(write.argument && derivesFrom(write.argument, variable, file.sourceCode))) continue;
      const checked = checkedProperties(variable, after, later.range[0]);
      candidates.push({ write: later, table: write.table, field: write.column, checked: lowerCased(checked), writer: calleeText(later, file), sqlite: reads.sqlite });
    }
    const writer = calledFunction(later, file);
    if (!writer || writer.fn === reader.fn) continue;
    const checked = checkedProperties(variable, after, later.range[0]);
    for (const write of dataSummaryOf(writer.fn, writer.file).writes) {
      if (write.table !== reads.table || (!reads.star && !reads.columns.has(write.column))) continue;
      const argument = write.parameter === null ? null : later.arguments[write.parameter];
      if (!write.decrement && !(argument && argument.type !== AST_NODE_TYPES.SpreadElement && derivesFrom(argument, variable, file.sourceCode))) continue;
      candidates.push({ write: later, table: write.table, field: write.column, checked: lowerCased(checked), writer: calleeText(later, file), sqlite: reads.sqlite });
    }
  }
  return candidates;
}

/** An awaited SQL call that only reads (`await pool.query('SELECT …')`): no effect to repeat. */
function isRead(node: TSESTree.AwaitExpression, file: FileRef): boolean {
  const calls = getSqlModel(file.sourceCode).flows.flatMap((flow) => flow.statements).filter((entry) => containsRange(node, entry.call.node));
  return calls.length > 0 && !calls.some((entry) => isWrite(entry.statement));
}

const lowerCased = (names: Set<string>) => new Set([...names].map((name) => name.toLowerCase()));
const calleeText = (call: TSESTree.CallExpression, file: FileRef) => file.sourceCode.getText(call.callee);

/**
 * Prisma: `const user = await prisma.user.findUnique(…)`, a check of `user.balance`, then an
 * `update` of the same model that decrements the field or writes a value computed from the read,
 * with no condition on the field in its `where` (the optimistic `updateMany({ where: { id, balance:
 * { gte: cost } } })` is the fix), and no `FOR UPDATE` raw query before it. An interactive
 * `$transaction` at the default isolation does not stop it (both transactions read the same old
 * value under read committed); `Serializable` / `RepeatableRead` does, and so does any interactive
 * one on MongoDB whose update is of the document read ({@link prismaWriteConflictsOnMongo}). A status
 * claim on MongoDB is still reported: what the check gates may run outside the transaction.
 */
function prismaRaces(call: TSESTree.CallExpression, file: FileRef, isMoneyField: (field: string) => boolean): Candidate[] | null {
  const direct = prismaCallOf(call, file);
  const helper = direct ? null : helperReadOf(call, file, prismaReadOf);
  const models = helper ? new Set(helper.reads.map((read) => prismaCallOf(read, helper.file)?.model)) : null;
  // Through a helper: every `return` reads the same model (`getUser` → `prisma.user.findUnique(…)`).
  const read = direct ?? (models?.size === 1 ? { model: [...models][0]! } : null);
  if (!read || (direct && !isPrismaRead(direct))) return null;
  const top = call.parent?.type === AST_NODE_TYPES.AwaitExpression ? call.parent : null;
  const stored = top && storedIn(top, file.sourceCode);
  if (!top || !stored || stored.pattern.type !== AST_NODE_TYPES.Identifier) return [];
  const transaction = prismaTransactionOf(call, file);
  if (transaction === 'safe') return [];
  const { variable } = stored;
  const after = top.range[1];
  const candidates: Candidate[] = [];
  for (const later of callsAfter(top)) {
    const write = prismaCallOf(later, file);
    // Or a helper that runs the update (`await updateUser(id, { balance: user.balance - cost })`).
    const helper = write ? null : prismaHelperWritesOf(later, file);
    if ((write ?? helper)?.model !== read.model) continue;
    // A compare-and-set (`where: { id, version }`, `data: { version: { increment: 1 } }`) guards every field it writes.
    const entries = write ? (prismaComparesAndSets(write, file) ? [] : (prismaWritesOf(write, file) ?? []).filter((entry) => !prismaWhereConditions(write, entry.field, file))) : helper!.writes;
    const fields = entries.filter((entry) => entry.decrement || (derivesFrom(entry.value, variable, file.sourceCode) && changesField(entry.value, variable, entry.field, file.sourceCode)));
    // On MongoDB the read and the update of the same document in one transaction: the second of two runs aborts on a write conflict.
    if (fields.length === 0 || lockedByRawQuery(later, file, read.model) || (direct && write && prismaWriteConflictsOnMongo(call, later, new Set([variable.name]), file))) continue;
    const checked = checkedProperties(variable, after, later.range[0]);
    for (const entry of fields) candidates.push({ write: later, table: read.model, field: entry.field, checked, inTransaction: transaction === 'interactive' });
  }
  // A status claim: `update({ where: { id }, data: { status: 'paid' } })`, also inside a `$transaction`.
  const writes: StatusWrite[] = [];
  for (const later of callsAfter(top, isPrismaTransactionCallback)) {
    const write = prismaCallOf(later, file);
    if (write?.model !== read.model || prismaComparesAndSets(write, file) || lockedByRawQuery(later, file, read.model)) continue;
    // A unique row keyed by the read row, created in the same transaction: the second run fails and rolls back.
    if (direct && prismaRolledBackByUniqueCreate(call, later, new Set([variable.name]), file) && onlyTheTransactionRepeats(top, later, variable, file)) continue;
    for (const entry of prismaWritesOf(write, file) ?? []) {
      if (!entry.decrement && isStateValue(entry.value, variable, file) && !prismaWhereConditions(write, entry.field, file)) writes.push({ write: later, field: entry.field });
    }
  }
  const filter = direct?.args ? objectLiteralOf(objectProperty(direct.args, 'where')?.value, file.sourceCode) : null;
  for (const claim of statusClaims(top, variable, writes, filter, file, isMoneyField)) candidates.push({ ...claim, table: read.model, inTransaction: transaction === 'interactive' });
  return candidates;
}

/**
 * For a claim `write` in an interactive `$transaction` that a second run cannot commit
 * ({@link prismaRolledBackByUniqueCreate}): nothing between the read `top` and the transaction writes a
 * store or moves money (a second run would repeat it before failing), nor does anything in the
 * callback but Prisma calls (those on the handle roll back), and the transaction is awaited
 * where its failure ends the run — not in a `try` whose `catch` goes on (its last statement is no
 * `return` or `throw` and it is not the function's last statement), nor one with a `finally`.
 */
function onlyTheTransactionRepeats(top: TSESTree.Node, write: TSESTree.CallExpression, variable: Variable, file: FileRef): boolean {
  let opener: TSESTree.Node | undefined = write;
  while (opener && !(opener.type === AST_NODE_TYPES.CallExpression && isPrismaTransactionCallback(opener.arguments[0] ?? opener))) opener = opener.parent;
  if (opener?.parent?.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const start = opener.range[0];
  const moves = (call: TSESTree.CallExpression) => storeCallKind(call, variable, file) === 'write' || stateChangeOf(call) === 'money';
  if (callsAfter(top).some((call) => call.range[1] < start && moves(call))) return false;
  // In the callback, what is no Prisma call on the handle (a payout, another store) runs before the create fails: once per run.
  const stack: TSESTree.Node[] = [...opener.arguments];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.CallExpression && !prismaCallOf(node, file) && moves(node)) return false;
    pushChildren(node, stack);
  }
  let node: TSESTree.Node = opener;
  while (node.parent && !isFunction(node.parent)) {
    const parent: TSESTree.Node = node.parent;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === node) {
      if (parent.finalizer || !parent.handler) return false;
      const last = parent.handler.body.body.at(-1);
      const leaves = last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
      const holder: TSESTree.Node | undefined = parent.parent;
      const lastOfFunction = holder?.type === AST_NODE_TYPES.BlockStatement && holder.parent !== undefined && isFunction(holder.parent) && holder.body.at(-1) === parent;
      if (!leaves && !lastOfFunction) return false;
    }
    node = parent;
  }
  return true;
}

/** `prisma.$transaction(async (tx) => …)`: a callback that runs at once, awaited by its caller. */
function isPrismaTransactionCallback(fn: TSESTree.Node): boolean {
  const parent = fn.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === fn && getCalleeName(parent) === '$transaction';
}

/** The call itself when it is a Prisma `findUnique` / `findFirst` on a proven client. */
function prismaReadOf(call: TSESTree.CallExpression, file: FileRef): TSESTree.Node | null {
  const read = prismaCallOf(call, file);
  return read && isPrismaRead(read) ? call : null;
}

/**
 * Prisma: `const n = await prisma.device.count({ where: { userId } })`, a comparison of `n` with a
 * limit in a condition (`if (n >= 5) return`), then `prisma.device.create(…)`: two requests both
 * count the same rows and both create one, past the limit. Not when the comparison is with 0 or 1
 * (an existence check: a unique key's business), inside a `Serializable` transaction, or after a
 * `FOR UPDATE` raw query.
 */
function prismaLimitRace(call: TSESTree.CallExpression, file: FileRef): StoreRace | null {
  const read = prismaCallOf(call, file);
  if (!read || !isPrismaCount(read) || call.parent?.type !== AST_NODE_TYPES.AwaitExpression) return null;
  const top = call.parent;
  const stored = storedIn(top, file.sourceCode);
  if (!stored || stored.pattern.type !== AST_NODE_TYPES.Identifier) return null;
  const transaction = prismaTransactionOf(call, file);
  if (transaction === 'safe') return null;
  for (const later of callsAfter(top)) {
    const write = prismaCallOf(later, file);
    if (write?.model !== read.model || !isPrismaCreate(write)) continue;
    if (!comparedWithLimit(stored.variable, top.range[1], later) || lockedByRawQuery(later, file) || areExclusive(call, later)) continue;
    return { store: 'prisma', limit: true, read: call, write: later, field: 'count', table: read.model, inTransaction: transaction === 'interactive' };
  }
  return null;
}

/** Transaction callbacks of knex, Drizzle, TypeORM (`transaction(fn)`) and Kysely (`transaction().execute(fn)`). */
const BUILDER_TRANSACTIONS: ReadonlySet<string> = new Set(['transaction', 'execute']);

/**
 * knex, Drizzle, Kysely and TypeORM: `const user = await knex('users').where({ id }).first()` (or
 * `const [user] = await db.select().from(users).where(…)`, `repo.findOneBy({ id })`), a check of
 * `user.balance`, then an update of the same table that decrements the field or writes a value
 * computed from the read, with no condition on the field in its own filter; TypeORM's
 * `user.balance -= cost; await repo.save(user)` too. Not when the read locks its row
 * (`.forUpdate()`, `.for('update')`, `lock: { mode: 'pessimistic_write' }`) or runs in a
 * `Serializable` / `RepeatableRead` transaction.
 */
function builderRaces(call: TSESTree.CallExpression, file: FileRef): Candidate[] | null {
  const read = builderReadOf(call, file) ?? helperBuilderRead(call, file);
  if (!read) return null;
  const stored = storedIn(read.top, file.sourceCode);
  const pattern = stored?.pattern;
  const single = pattern?.type === AST_NODE_TYPES.Identifier || (pattern?.type === AST_NODE_TYPES.ArrayPattern && pattern.elements.length === 1 && pattern.elements[0]?.type === AST_NODE_TYPES.Identifier);
  if (read.locked || !stored || !single) return [];
  const transaction = transactionScopeOf(call, file, BUILDER_TRANSACTIONS);
  if (transaction === 'safe') return [];
  const { variable } = stored;
  const after = read.top.range[1];
  const inTransaction = transaction === 'interactive';
  const candidates: Candidate[] = [];
  for (const later of callsAfter(read.top)) {
    const write = builderWriteOf(later, file);
    if (write?.orm !== read.orm) continue;
    if (write.saved) {
      // TypeORM `repo.save(user)` after `user.balance -= cost`.
      const saved = skipTypeWrappers(write.saved);
      if (saved.type !== AST_NODE_TYPES.Identifier || resolveVariable(saved, file.sourceCode) !== variable) continue;
      for (const reference of variable.references) {
        if (reference.identifier.range[0] < after || reference.identifier.range[1] > later.range[0]) continue;
        const field = assignedField(reference.identifier, variable, file);
        if (field !== null) candidates.push({ write: later, table: read.table, field, checked: checkedProperties(variable, after, reference.identifier.range[0]), inTransaction, orm: read.orm });
      }
      continue;
    }
    if (write.table !== read.table) continue;
    const checked = checkedProperties(variable, after, later.range[0]);
    for (const entry of write.fields) {
      if ((entry.decrement || (derivesFrom(entry.value, variable, file.sourceCode) && changesField(entry.value, variable, entry.field, file.sourceCode))) && !write.conditions(entry.field)) {
        candidates.push({ write: later, table: read.table, field: entry.field, checked, inTransaction, orm: read.orm });
      }
    }
  }
  return candidates;
}

/** A helper of the file or the project whose every `return` is a query-builder read of one table (`return db('users').where({ id }).first()`). */
function helperBuilderRead(call: TSESTree.CallExpression, file: FileRef): { orm: 'knex' | 'drizzle' | 'kysely' | 'typeorm'; table: string; top: TSESTree.Node; locked: boolean } | null {
  const helper = helperReadOf(call, file, (read, inFile) => (builderQueryOf(read, inFile) ? read : null));
  if (!helper) return null;
  const reads = helper.reads.map((read) => builderQueryOf(read, helper.file));
  const first = reads[0];
  if (!first || reads.some((read) => read?.orm !== first.orm || read.table !== first.table || read.locked)) return null;
  // `this.repo` names a repository only inside its own class.
  if (helper.file !== file && first.table.startsWith('this.')) return null;
  return { orm: first.orm, table: first.table, top: helper.top, locked: false };
}

function mongoRaces(call: TSESTree.CallExpression, file: FileRef, isMoneyField: (field: string) => boolean): Candidate[] | null {
  const direct = mongoReadOf(call, file);
  const top = direct ?? helperReadOf(call, file, mongoReadOf)?.top;
  if (!top) return null;
  const stored = storedIn(top, file.sourceCode);
  if (!stored || stored.pattern.type !== AST_NODE_TYPES.Identifier || inTransactionCallback(call, MONGO_TRANSACTIONS)) return [];
  const { variable } = stored;
  // Through a helper only `save()` is followed: an update's model cannot be matched to the helper's.
  const model = direct ? (skipTypeWrappers(call.callee) as TSESTree.MemberExpression).object : null;
  const receiver = model ? file.sourceCode.getText(model) : null;
  const candidates: Candidate[] = [];
  const after = top.range[1];
  // `user.balance -= cost; await user.save()`.
  const saves = variable.references
    .map((reference) => reference.identifier)
    .filter((identifier) => identifier.range[0] > after && isCallOf(identifier, 'save'));
  for (const reference of variable.references) {
    const field = assignedField(reference.identifier, variable, file);
    if (field === null || reference.identifier.range[0] < after) continue;
    const save = saves.find((identifier) => identifier.range[0] > reference.identifier.range[1]);
    if (!save) continue;
    const write = save.parent!.parent! as TSESTree.CallExpression;
    // A save that filters on the version key rejects the second writer (VersionError): nothing is lost.
    if (isVersionCheckedSave(write, variable, after, field, model, file)) continue;
    candidates.push({ write, table: null, field, checked: checkedProperties(variable, after, reference.identifier.range[0], file.sourceCode) });
  }
  // `Model.updateOne({ _id }, { $set: { balance: user.balance - cost } })`, or an unguarded `$inc`.
  for (const later of callsAfter(top)) {
    const update = mongoUpdateOf(later, file);
    if (receiver === null || !update || update.session || file.sourceCode.getText((skipTypeWrappers(later.callee) as TSESTree.MemberExpression).object) !== receiver) continue;
    const checked = checkedProperties(variable, after, later.range[0], file.sourceCode);
    const fields = [
      ...setFields(update.update, variable, file)
        .filter(({ field, value }) => changesField(value, variable, field.split('.')[0]!, file.sourceCode) || blindWriteGatesCredit(top, later, variable, field, file, isMoneyField))
        .map(({ field }) => field),
      ...negativeIncrements(update, file).map(({ field }) => field),
    ];
    for (const field of fields) if (!filterGuards(update, field)) candidates.push({ write: later, table: null, field, checked });
  }
  // A status claim: `payment.status = 'paid'` then `payment.save()`, or `Payment.updateOne({ _id }, { status: 'paid' })`.
  const writes: StatusWrite[] = [];
  for (const reference of variable.references) {
    const assignment = reference.identifier.range[0] > after ? stateAssignment(reference.identifier, variable, file) : null;
    const save = assignment && saves.find((identifier) => identifier.range[0] > assignment.range[1]);
    if (!assignment || !save) continue;
    const write = save.parent!.parent! as TSESTree.CallExpression;
    const field = getPropertyName(assignment.left as TSESTree.MemberExpression)!;
    if (!isVersionCheckedSave(write, variable, after, field, model, file)) writes.push({ write, field });
  }
  for (const later of receiver === null ? [] : callsAfter(top)) {
    const update = mongoUpdateOf(later, file);
    if (!update || update.session || file.sourceCode.getText((skipTypeWrappers(later.callee) as TSESTree.MemberExpression).object) !== receiver) continue;
    for (const { field, value } of stateFields(update.update)) {
      if (isStateValue(value, variable, file) && !filterGuards(update, field)) writes.push({ write: later, field });
    }
  }
  const filter = direct ? objectLiteralOf(call.arguments[0], file.sourceCode) : null;
  candidates.push(...statusClaims(top, variable, writes, filter, file, isMoneyField));
  return candidates;
}

/**
 * A field set to a value found through the read but not computed from that field (`{ balance: onChain }`,
 * the chain's balance of `user.wallet`: see {@link changesField}) repeats to no harm on its own: two runs
 * write the same value and no change of the field read is lost (round 24, Telegram-betting-bot-on-Solana
 * require-for-update#16). It still races when a check of the field also gates a money change a second
 * run repeats (`await Deposit.create({ amount: onChain - user.balance })`, {@link gatesCredit}).
 */
function blindWriteGatesCredit(top: TSESTree.Node, write: TSESTree.CallExpression, variable: Variable, field: string, file: FileRef, isMoneyField: (field: string) => boolean): boolean {
  const checks = fieldChecks(variable, leaf(field), top.range[1], write.range[0], file.sourceCode, false);
  const gated = (node: TSESTree.Node) => checks.some((check) => decides(check, node));
  return gatesCredit(top, enclosingFunction(top) ?? file.sourceCode.ast, write, variable, file, isMoneyField, gated);
}

/** A write of a status or flag field: the call and the field (`status`). */
interface StatusWrite {
  readonly write: TSESTree.CallExpression;
  readonly field: string;
}

/**
 * A status claim (issue 16 recall, session 22): a status or flag of the read is tested in code (`if
 * (payment.status === 'SUCCESS') return`, or the read picked the document by it — `findOne({ status:
 * 'waiting' })` — and the code tests that it found one), the same field is then written by key alone
 * with a state value (`writes`: the filter does not name it), and the check also gates another effect
 * that a second run repeats: another store write after the read (a credit, an order, also not
 * awaited or inside `prisma.$transaction`), or an awaited call that is not a lookup, a chat call or
 * a log line (`awaitsEffectAfter`, as for SQL). Two deliveries of one webhook, or two taps, both
 * pass the check and both credit. Exclusive branches are left to the caller.
 */
function statusClaims(top: TSESTree.Node, variable: Variable, writes: readonly StatusWrite[], filter: TSESTree.ObjectExpression | null, file: FileRef, isMoneyField: (field: string) => boolean): Candidate[] {
  if (writes.length === 0) return [];
  const after = top.range[1];
  const root = enclosingFunction(top) ?? file.sourceCode.ast;
  const picked = new Set(filter ? filter.properties.flatMap((property) => (property.type === AST_NODE_TYPES.Property && isLiteralState(property.value) ? (propertyKey(property) ?? []) : [])) : []);
  const candidates: Candidate[] = [];
  for (const { write, field } of writes) {
    // The state as read is tested: a test after the code changed the field (`user.experience += 3`, then
    // `if (user.experience >= max)`) checks the code's own value, no state another run could share.
    const until = Math.min(write.range[0], firstChangeOf(variable, field, after));
    const checked = checkedProperties(variable, after, until, file.sourceCode);
    if (!checked.has(field) && !(picked.has(field) && testedItself(variable, after, until))) continue;
    // What the check gates is what a test of the field decides: a credit after an `if` on another value runs either way.
    const checks = fieldChecks(variable, field, after, until, file.sourceCode, picked.has(field));
    const gated = (node: TSESTree.Node) => checks.some((check) => decides(check, node));
    if (!gatesCredit(top, root, write, variable, file, isMoneyField, gated)) continue;
    candidates.push({ write, table: null, field, checked: new Set([field]), claim: true });
  }
  return candidates;
}

/**
 * Whether a money change after the read that the check decides (`gated`: in its branch, or after
 * its early exit) can run with `write`: another store write of a money field (a MongoDB update or
 * `save()` of another document, a Prisma write or ledger row, awaited or not), or an awaited call the
 * state-change model names for money (`payOut(…)`, `addUserBalance(…)`). A claim that gates only
 * other state (a counter, a wizard step, a created row) is left alone, and so is a credit that runs
 * whatever the check found (after an `if` on the field that does not leave): a second run repeats it
 * one after the other as well, and no interleaving adds to that.
 */
function gatesCredit(top: TSESTree.Node, root: TSESTree.Node, write: TSESTree.CallExpression, variable: Variable, file: FileRef, isMoneyField: (field: string) => boolean, gated: (node: TSESTree.Node) => boolean): boolean {
  const credit = callsAfter(top, isPrismaTransactionCallback).some((call) => call !== write && gated(call) && storeCallKind(call, variable, file) === 'write' && movesMoney(call, file, isMoneyField) && !areExclusive(...ordered(call, write)));
  if (credit) return true;
  return awaitsEffectAfter(root, top.range[1], write, (node) => {
    if (containsRange(node, write) || !gated(node)) return true;
    const call = node.argument.type === AST_NODE_TYPES.CallExpression ? node.argument : null;
    return !call || storeCallKind(call, variable, file) !== null || stateChangeOf(call) !== 'money' || callOnlyTalksToUser(call, file, DEFAULT_LOGGERS) || isRead(node, file);
  });
}

/** A store write that changes a money field: `$inc: { balance }`, `{ balance: next }`, Prisma `data: { coins: { increment } }`, a save after `user.balance += x`. */
function movesMoney(call: TSESTree.CallExpression, file: FileRef, isMoneyField: (field: string) => boolean): boolean {
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const prismaCall = prismaCallOf(current, file);
    if (prismaCall) {
      const data = prismaCall.args ? objectLiteralOf(objectProperty(prismaCall.args, prismaCall.method === 'upsert' ? 'update' : 'data')?.value, file.sourceCode) : null;
      return data !== null && data.properties.some((property) => property.type === AST_NODE_TYPES.Property && isMoneyField(leaf(propertyKey(property) ?? '')));
    }
    const update = mongoUpdateOf(current, file);
    if (update) return writtenFields(update.update).some((field) => isMoneyField(leaf(field)));
    if (mongoMoneyWriteOf(current, file, isMoneyField)) return true;
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    current = skipTypeWrappers(callee.object);
  }
  return false;
}

/** The fields an update object writes, under any operator or at the top level. */
function writtenFields(update: TSESTree.ObjectExpression): string[] {
  return update.properties.flatMap((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return [];
    const key = propertyKey(property);
    if (key === null) return [];
    return key.startsWith('$') ? (property.value.type === AST_NODE_TYPES.ObjectExpression ? writtenFields(property.value) : []) : [key];
  });
}

/** Where the code first changes `field` of the read after offset `from` (`doc.field = …`, `+=`, `++`); Infinity when it does not. */
function firstChangeOf(variable: Variable, field: string, from: number): number {
  let first = Infinity;
  for (const { identifier } of variable.references) {
    const member = identifier.parent;
    if (identifier.range[0] < from || member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || getPropertyName(member) !== field) continue;
    const parent = member.parent;
    const changes = (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) || (parent?.type === AST_NODE_TYPES.UpdateExpression && parent.argument === member);
    if (changes) first = Math.min(first, identifier.range[0]);
  }
  return first;
}

/**
 * A store call as a claim sees it: a read, a write a second run repeats, a write that sets only state
 * values and so repeats to no harm (`{ balance: 0 }`, the read spread back), a `save()` of the read
 * document itself, or null.
 */
function storeCallKind(call: TSESTree.CallExpression, variable: Variable, file: FileRef): 'read' | 'write' | 'repeatable' | 'own' | null {
  // Down the query chain (`.lean()`, `.exec()`, `.catch(…)`) to the store call.
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const prismaCall = prismaCallOf(current, file);
    if (prismaCall) {
      if (PRISMA_READS.has(prismaCall.method)) return 'read';
      const data = prismaCall.args && (prismaCall.method === 'update' || prismaCall.method === 'updateMany') ? objectLiteralOf(objectProperty(prismaCall.args, 'data')?.value, file.sourceCode) : null;
      return data && setsOnlyStates(data, variable, file) ? 'repeatable' : 'write';
    }
    if (mongoReadOf(current, file)) return 'read';
    const update = mongoUpdateOf(current, file);
    if (update) return setsOnlyStates(update.update, variable, file) ? 'repeatable' : 'write';
    const callee = skipTypeWrappers(current.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const object = skipTypeWrappers(callee.object);
    if (getPropertyName(callee) === 'save' && object.type === AST_NODE_TYPES.Identifier) {
      const document = resolveDocument(object, file);
      return document === variable ? 'own' : document ? 'write' : null;
    }
    current = object;
  }
  return null;
}

function ordered(a: TSESTree.Node, b: TSESTree.Node): [TSESTree.Node, TSESTree.Node] {
  return a.range[0] <= b.range[0] ? [a, b] : [b, a];
}

/**
 * An update object that only sets state values (`{ balance: 0 }`, `{ $set: { status: 'done' } }`, a
 * read spread back whole, `{ ...user, action: 'menu' }`): two runs leave what one leaves. An `$inc`,
 * `$push` or any other operator, or a value computed in code, is no such object.
 */
function setsOnlyStates(update: TSESTree.ObjectExpression, variable: Variable, file: FileRef): boolean {
  return update.properties.every((property) => {
    if (property.type === AST_NODE_TYPES.SpreadElement) return skipTypeWrappers(property.argument).type === AST_NODE_TYPES.Identifier;
    const key = propertyKey(property);
    if (key === '$set') return property.value.type === AST_NODE_TYPES.ObjectExpression && setsOnlyStates(property.value, variable, file);
    return key !== null && !key.startsWith('$') && isStateValue(property.value, variable, file);
  });
}

/** `payment.status = 'paid'`: a field of the read assigned a state value; the assignment, or null. */
function stateAssignment(identifier: TSESTree.Node, variable: Variable, file: FileRef): TSESTree.AssignmentExpression | null {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || getPropertyName(member) === null) return null;
  const assignment = member.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== member || assignment.operator !== '=') return null;
  return isStateValue(assignment.right, variable, file) ? assignment : null;
}

/** The fields an update object sets and their values: `{ status: 'paid' }`, `{ $set: { status: 'paid' } }`. */
function stateFields(update: TSESTree.ObjectExpression): { field: string; value: TSESTree.Node }[] {
  const fields: { field: string; value: TSESTree.Node }[] = [];
  for (const property of update.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKey(property);
    if (key === '$set' && property.value.type === AST_NODE_TYPES.ObjectExpression) fields.push(...stateFields(property.value));
    else if (key !== null && !key.startsWith('$')) fields.push({ field: key, value: property.value });
  }
  return fields;
}

/**
 * A state value, the same for every run and not taken from the read: a literal (`'paid'`, `true`), a
 * constant's member (`PaymentStatus.PAID`), a `?:` of such values, or a local every assignment of which
 * is one (`let finalStatus = 'COMPLETED'; … finalStatus = 'FAILED'`).
 */
function isStateValue(node: TSESTree.Node, variable: Variable, file: FileRef, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (isLiteralState(value)) return true;
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return isStateValue(value.consequent, variable, file, depth) && isStateValue(value.alternate, variable, file, depth);
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const object = skipTypeWrappers(value.object);
    return !value.computed && object.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(object.name) && !derivesFrom(value, variable, file.sourceCode);
  }
  if (value.type !== AST_NODE_TYPES.Identifier || depth > 2) return false;
  const local = resolveVariable(value, file.sourceCode);
  const assigned = local ? writeReferences(local) : [];
  return assigned.length > 0 && assigned.every((reference) => reference.writeExpr != null && isStateValue(reference.writeExpr, variable, file, depth + 1));
}

/** `'paid'`, `true`, `2`, `` `done` ``: a literal (no pattern). */
function isLiteralState(node: TSESTree.Node): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.length === 0;
  return value.type === AST_NODE_TYPES.Literal && !('regex' in value && value.regex);
}

/**
 * A call of a helper of this file or the project whose every `return` gives a read of one document
 * or row (`async function getUser(id) { return User.findOne({ id }); }`, or `const user = await
 * prisma.user.findUnique(…); return user;`), as `readOf` recognises it in the helper's file (it
 * gives the outermost node of the read, or null): the call's `await`, the reads and the helper's
 * file; null otherwise.
 */
function helperReadOf(
  call: TSESTree.CallExpression,
  file: FileRef,
  readOf: (call: TSESTree.CallExpression, file: FileRef) => TSESTree.Node | null,
): { top: TSESTree.Node; reads: TSESTree.CallExpression[]; file: FileRef } | null {
  if (call.parent?.type !== AST_NODE_TYPES.AwaitExpression) return null;
  const callee = calledFunction(call, file);
  const returned = callee ? returnedValues(callee.fn) : null;
  if (!callee || !returned) return null;
  const reads: TSESTree.CallExpression[] = [];
  for (const value of returned) {
    let expression = skipTypeWrappers(value);
    // `const user = await prisma.user.findUnique(…); return user;`
    if (expression.type === AST_NODE_TYPES.Identifier) expression = skipTypeWrappers(constInitializer(expression, callee.file.sourceCode) ?? expression);
    const whole = expression;
    if (expression.type === AST_NODE_TYPES.AwaitExpression) expression = skipTypeWrappers(expression.argument);
    // Down the query chain (`.lean()`, `.exec()`) to the read call.
    let read = expression;
    while (read.type === AST_NODE_TYPES.CallExpression && !readOf(read, callee.file)) {
      const inner = skipTypeWrappers(read.callee);
      if (inner.type !== AST_NODE_TYPES.MemberExpression) return null;
      read = skipTypeWrappers(inner.object);
    }
    const found = read.type === AST_NODE_TYPES.CallExpression ? readOf(read, callee.file) : null;
    if (read.type !== AST_NODE_TYPES.CallExpression || (found !== expression && found !== whole)) return null;
    reads.push(read);
  }
  return { top: call.parent, reads, file: callee.file };
}

/**
 * Supabase: `const { data: user } = await supabase.from('users').select('balance')…` (or a reading
 * Postgres function, `const { data: balance } = await supabase.rpc('get_balance', …)`), a check of
 * the money value in code, then `.update({ balance: … })` of the same table (of the field the
 * function's name gives) with a value computed from the read, or a ledger row recording a spend
 * (`.insert({ user_id, amount: -cost })`) of any table: no Postgres function does both at once.
 */
function supabaseRaces(call: TSESTree.CallExpression, file: FileRef, isMoneyField: (field: string) => boolean): Candidate[] | null {
  const query = supabaseQueryOf(call, file);
  const rpc = query ? null : supabaseRpcReadOf(call, file);
  if (query ? !isSupabaseRead(query) : !rpc) return null;
  const top = query?.top ?? rpc!.top;
  const declarator = top.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return [];
  const data = declarator.id.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKey(p) === 'data');
  if (data?.value.type !== AST_NODE_TYPES.Identifier) return [];
  const name = data.value.name;
  const variable = file.sourceCode.getDeclaredVariables(declarator).find((v) => v.name === name);
  if (!variable) return [];
  // The money value a reading function returns, by its name (`get_balance` → `balance`).
  const returned = rpc ? (rpcWords(rpc.name).find(isMoneyField) ?? null) : null;
  const candidates: Candidate[] = [];
  const after = top.range[1];
  for (const later of callsAfter(top)) {
    const write = supabaseQueryOf(later, file);
    if (!write) continue;
    const checked = checkedProperties(variable, after, later.range[0]);
    if (returned !== null && testedItself(variable, after, later.range[0])) checked.add(returned);
    const update = write.table === query?.table || returned !== null ? supabaseUpdateOf(write, file) : null;
    const read = query?.table ?? `${rpc!.name}()`;
    for (const { field } of update ? setFields(update, variable, file) : []) {
      if (query || field === returned) candidates.push({ write: later, table: read, field, checked });
    }
    // A spend recorded as a ledger row after a check of a money value: the row is the write.
    const spent = [...checked].find(isMoneyField);
    if (spent === undefined) continue;
    for (const { field, amount } of negatedInsertFields(write, file)) {
      // The record of what an atomic Postgres function spent (`rpc('deduct_balance', { amount })`), or a
      // guarded update of the checked value (`.eq('version', v)` with `version: v + 1`), its failure ending the flow.
      if (recordsRpcSpend(later, amount, file) || recordsGuardedSpend(later, query?.table ?? null, spent, file)) continue;
      candidates.push({ write: later, table: read, field, checked: new Set([field]), ledger: spent });
    }
  }
  // A claim row keyed by the event's id taken before the write: a second run of the event stops there.
  const claimed = new Map<TSESTree.Node, boolean>();
  const isClaimed = (write: TSESTree.Node) => claimed.get(write) ?? claimed.set(write, claimedBefore(write, file, keyedClaim(file))).get(write)!;
  return candidates.filter((candidate) => !isClaimed(candidate.write));
}

/** Columns whose value names one external event (see `DEFAULT_IDEMPOTENCY_COLUMNS`); made on first use. */
let isIdempotencyColumn: ((column: string) => boolean) | undefined;

/**
 * Whether a Supabase claim insert is keyed by the event it claims, so that a second run of the event
 * fails on it: where the project's schema declares the table, a UNIQUE key (or primary key) whose
 * columns the insert sets all of; elsewhere, a column named for an external id (`invoice_id`,
 * `telegram_payment_charge_id`), or code that stops on the duplicate only (`error.code === '23505'`).
 */
function keyedClaim(file: FileRef): (claim: SupabaseClaim) => boolean {
  return (claim) => {
    const schema = projectSchema(file.filename);
    if (schema?.table(claim.table)) return schema.uniqueKeysAmong(claim.table, claim.columns).some((key) => key.length > 0);
    isIdempotencyColumn ??= createNameMatcher(DEFAULT_IDEMPOTENCY_COLUMNS);
    return claim.duplicateOnly || claim.columns.some(isIdempotencyColumn);
  };
}

/** `user.balance -= cost`, `user.balance = user.balance - cost`: the field assigned from its read value. */
function assignedField(identifier: TSESTree.Node, variable: Variable, file: FileRef): string | null {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier) return null;
  const assignment = member.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== member) return null;
  const field = getPropertyName(member);
  if (field === null) return null;
  if (assignment.operator === '-=' || assignment.operator === '+=') return field;
  if (assignment.operator !== '=' || keepsReadValue(member, assignment.right) || repairsFromRead(assignment, variable, field, file)) return null;
  return derivesFrom(assignment.right, variable, file.sourceCode) ? field : null;
}

/**
 * A self-repair: `const balance = calculateBalance(user); if (user.balance !== balance) { user.balance =
 * balance; await user.save(); }`. The value written is a project function given the read alone, whose
 * code (and that of the project functions it calls) never names the field: it is recomputed wholly from
 * the other fields (the transactions). The test only compares it with the stored value, and the block
 * does nothing but the write, the save and log lines. Two runs write the same value and gate no spend;
 * a concurrent change of the field is recomputed by the next run.
 */
function repairsFromRead(assignment: TSESTree.AssignmentExpression, variable: Variable, field: string, file: FileRef): boolean {
  const statement = assignment.parent;
  const block = statement?.parent;
  const gate = block?.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || block?.type !== AST_NODE_TYPES.BlockStatement || gate?.type !== AST_NODE_TYPES.IfStatement || gate.consequent !== block || gate.alternate) return false;
  const { sourceCode } = file;
  const value = skipTypeWrappers(assignment.right);
  const init = value.type === AST_NODE_TYPES.Identifier ? constInitializer(value, sourceCode) : value;
  const call = init ? skipTypeWrappers(init) : null;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.length === 0 || !call.arguments.every((argument) => isReadItself(argument, variable, sourceCode))) return false;
  // `user.balance !== balance` (either side, `!=` too): the stored value against the one recomputed.
  const test = skipTypeWrappers(gate.test);
  if (test.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '!==' && test.operator !== '!=')) return false;
  const stored = (side: TSESTree.Node) => {
    const member = skipTypeWrappers(side);
    return member.type === AST_NODE_TYPES.MemberExpression && getPropertyName(member) === field && isReadItself(member.object, variable, sourceCode);
  };
  const text = sourceCode.getText(value);
  const recomputed = (side: TSESTree.Node) => sourceCode.getText(skipTypeWrappers(side)) === text;
  if (!((stored(test.left) && recomputed(test.right)) || (stored(test.right) && recomputed(test.left)))) return false;
  // Nothing else in the block: only the read's `save()` and log lines are called.
  const others = block.body.filter((other) => other !== statement);
  const onlySaves = others.every((other) => !someInSameFunction(other, (node) => node.type === AST_NODE_TYPES.CallExpression && !isSaveOf(node, variable, sourceCode) && !DEFAULT_LOGGERS.isLoggingCall(node), { enterFunctions: true }));
  const callee = calledFunction(call, file);
  return onlySaves && callee !== null && namesNoField(callee.fn, callee.file, new RegExp(`(?<![\\w$])${field}(?![\\w$])`), 0);
}

/** The read's variable itself: `user`. */
function isReadItself(node: TSESTree.Node, variable: Variable, sourceCode: FileRef['sourceCode']): boolean {
  const value = skipTypeWrappers(node);
  return value.type === AST_NODE_TYPES.Identifier && (resolveVariable(value, sourceCode) as Variable | null) === variable;
}

/** `user.save()` of the read. */
function isSaveOf(call: TSESTree.CallExpression, variable: Variable, sourceCode: FileRef['sourceCode']): boolean {
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'save' && isReadItself(callee.object, variable, sourceCode);
}

/**
 * Whether a function's code never names the field (`field`, a word), nor does that of the project
 * functions it calls (two deep); a call of an imported package function leaves it unknown.
 */
function namesNoField(fn: TSESTree.Node, file: FileRef, field: RegExp, depth: number): boolean {
  if (field.test(file.sourceCode.getText(fn))) return false;
  return !someInSameFunction(
    fn,
    (node) => {
      if (node === fn || node.type !== AST_NODE_TYPES.CallExpression) return false;
      const callee = calledFunction(node, file);
      if (callee) return depth >= 2 || !namesNoField(callee.fn, callee.file, field, depth + 1);
      // A global (`Number(…)`) or a method of a value (`txs.reduce(…)`); not a function loaded from a package.
      const name = skipTypeWrappers(node.callee);
      return name.type === AST_NODE_TYPES.Identifier && resolveVariable(name, file.sourceCode) !== null;
    },
    { enterFunctions: true },
  );
}

/**
 * `user.balances = user.balances || {}`, `user.balance = user.balance ?? 0`, `user.balance =
 * user.balance`: the field written back as it was read, with at most a default for a missing value.
 * Nothing read is changed, so no concurrent change can be lost by it.
 */
function keepsReadValue(target: TSESTree.MemberExpression, value: TSESTree.Node): boolean {
  const path = getMemberPath(target)?.join('.');
  if (path === undefined) return false;
  let right = skipTypeWrappers(value);
  if (right.type === AST_NODE_TYPES.LogicalExpression && (right.operator === '||' || right.operator === '??')) right = skipTypeWrappers(right.left);
  return getMemberPath(right)?.join('.') === path;
}

function isCallOf(identifier: TSESTree.Node, method: string): boolean {
  const member = identifier.parent;
  return (
    member?.type === AST_NODE_TYPES.MemberExpression &&
    member.object === identifier &&
    getPropertyName(member) === method &&
    member.parent?.type === AST_NODE_TYPES.CallExpression &&
    member.parent.callee === member
  );
}

/** The fields an update object sets to a value computed from the read, with the value: `$set: { balance: user.balance - cost }` or a top-level `balance: …`. */
function setFields(update: TSESTree.ObjectExpression, variable: Variable, file: FileRef): { field: string; value: TSESTree.Node }[] {
  const fields: { field: string; value: TSESTree.Node }[] = [];
  for (const property of update.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKey(property);
    if (key === '$set' && property.value.type === AST_NODE_TYPES.ObjectExpression) {
      fields.push(...setFields(property.value, variable, file));
    } else if (key !== null && !key.startsWith('$') && derivesFrom(property.value, variable, file.sourceCode)) {
      fields.push({ field: key, value: property.value });
    }
  }
  return fields;
}

/** The calls after `node` in its own function (not in nested functions but those `enter` names), in source order. */
function callsAfter(node: TSESTree.Node, enter: (fn: TSESTree.Node) => boolean = NO_FUNCTION): TSESTree.CallExpression[] {
  let body: TSESTree.Node = node;
  while (body.parent && !isFunction(body)) body = body.parent;
  const end = node.range[1];
  return callsIn(body, enter).filter((call) => call.range[0] > end);
}

const NO_FUNCTION = (): boolean => false;

/** The calls of each function's own code (and of the nested functions one `enter` names), per `enter`. */
const callsByBody = new WeakMap<(fn: TSESTree.Node) => boolean, WeakMap<TSESTree.Node, readonly TSESTree.CallExpression[]>>();

/** How many functions (or programs) were walked for their calls: once each, however many writes in them ask which calls follow (a work count for tests). */
export const callsAfterWork = { walks: 0 };

/**
 * The calls in `body`'s own code, nested functions skipped unless `enter` names them, in source
 * order: one walk per function, whatever number of writes in it ask which calls follow them.
 */
function callsIn(body: TSESTree.Node, enter: (fn: TSESTree.Node) => boolean): readonly TSESTree.CallExpression[] {
  let byBody = callsByBody.get(enter);
  if (!byBody) callsByBody.set(enter, (byBody = new WeakMap()));
  const known = byBody.get(body);
  if (known) return known;
  callsAfterWork.walks++;
  const calls: TSESTree.CallExpression[] = [];
  const stack: TSESTree.Node[] = [body];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current !== body && isFunction(current) && !enter(current)) continue;
    if (current.type === AST_NODE_TYPES.CallExpression) calls.push(current);
    pushChildren(current, stack);
  }
  calls.sort((a, b) => a.range[0] - b.range[0]);
  byBody.set(body, calls);
  return calls;
}

/** A MongoDB write that changes a money field, outside any session transaction. */
export interface MongoMoneyWrite {
  readonly call: TSESTree.CallExpression;
  readonly field: string;
  /** Which document, as names that two writes of one document share: the saved variable, or the update's receiver with each equality of its filter (`User _id=from`). */
  readonly document: readonly string[];
}

/**
 * A MongoDB money write outside a transaction: an update (`updateOne`, `findOneAndUpdate`, …) on a
 * proven collection or model that `$inc`s or `$set`s a money field, or `doc.save()` of a document
 * read from one (`findOne`, `findById`) after `doc.balance -= amount`; null for other calls and
 * for writes that take a session or run in `session.withTransaction(fn)`.
 */
export function mongoMoneyWriteOf(call: TSESTree.CallExpression, file: FileRef, isMoneyField: (field: string) => boolean): MongoMoneyWrite | null {
  const update = mongoUpdateOf(call, file);
  if (update) {
    if (update.session || inTransactionCallback(call, MONGO_TRANSACTIONS)) return null;
    for (const property of update.update.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const operator = propertyKey(property);
      if (operator !== '$inc' && operator !== '$set') continue;
      const fields = property.value.type === AST_NODE_TYPES.ObjectExpression ? property.value.properties : [];
      for (const entry of fields) {
        const key = entry.type === AST_NODE_TYPES.Property ? propertyKey(entry) : null;
        if (key !== null && isMoneyField(leaf(key))) return { call, field: leaf(key), document: documentOf(update, file) };
      }
    }
    return null;
  }
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'save' || call.arguments.length > 0) return null;
  const object = skipTypeWrappers(callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveDocument(object, file);
  if (!variable || inTransactionCallback(call, MONGO_TRANSACTIONS)) return null;
  // The money field changed by `+=`/`-=` (or set from its own value) before this save.
  for (const reference of variable.references) {
    if (reference.identifier.range[0] >= call.range[0]) continue;
    const field = assignedField(reference.identifier, variable, file);
    if (field !== null && isMoneyField(leaf(field))) return { call, field: leaf(field), document: [`save:${variable.name}`] };
  }
  return null;
}

/** The variable of `const doc = await Model.findOne(…)` (a MongoDB read of one document). */
function resolveDocument(identifier: TSESTree.Identifier, file: FileRef): Variable | null {
  const variable = resolveVariable(identifier, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  let read = skipTypeWrappers(def.node.init);
  if (read.type === AST_NODE_TYPES.AwaitExpression) read = skipTypeWrappers(read.argument);
  // Down the query chain (`.session(s)` is not a link mongoReadOf follows, so a session read is no match).
  while (read.type === AST_NODE_TYPES.CallExpression && !mongoReadOf(read, file)) {
    const inner = skipTypeWrappers(read.callee);
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return null;
    read = skipTypeWrappers(inner.object);
  }
  if (read.type !== AST_NODE_TYPES.CallExpression) return null;
  const top = mongoReadOf(read, file);
  return top && (top === def.node.init || top === skipTypeWrappers(def.node.init)) ? variable : null;
}

/**
 * The names of an update's document: its receiver with each equality of the filter as written
 * (`User.updateOne({ _id: from, balance: { $gte: x } })` → `User _id=from`; `findByIdAndUpdate(id)`
 * → `User _id=id`). A guarded debit and its fallback on the same `_id` share a name; a debit and a
 * credit of two ids do not.
 */
function documentOf(update: MongoUpdate, file: FileRef): string[] {
  const { sourceCode } = file;
  const receiver = sourceCode.getText((skipTypeWrappers(update.call.callee) as TSESTree.MemberExpression).object);
  const id = update.call.arguments[0];
  if (!update.filter) return id ? [`${receiver} _id=${sourceCode.getText(id)}`] : [receiver];
  const names: string[] = [];
  for (const property of update.filter.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return [receiver];
    const key = propertyKey(property);
    if (key === null || skipTypeWrappers(property.value).type === AST_NODE_TYPES.ObjectExpression) continue;
    names.push(`${receiver} ${key}=${sourceCode.getText(property.value).replace(/\s+/g, '')}`);
  }
  // No equality to tell documents apart (`{}`, `{ $expr: … }`): the receiver alone, one document.
  return names.length > 0 ? names : [receiver];
}
