/**
 * The other writers of a raced field: every place in the bot project that writes the table (raw SQL
 * through the SQL model, Prisma) and whether it changes the fields a read → check → write relies on
 * in a way that can break the check — anything but an atomic raise (`c = c + x`, Prisma's
 * `{ increment: x }`). Asked by the per-bot serialisation (`serialisedForEveryUser`): a bot that runs
 * one update at a time protects its own read-check-write only from itself, not from a route, a
 * worker or a webhook of the same project that sets the field meanwhile.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, propertyKey } from '../ast/index.js';
import { objectProperty, PRISMA_CREATES, PRISMA_UPDATES } from '../orm/index.js';
import { getSqlModel, type SqlStatement } from '../sql/index.js';
import { projectFilesMatching, type FileRef } from '../summaries/index.js';
import type { StoreRace } from './index.js';
import { prismaCallOf, prismaWritesOf, type PrismaCall } from './prisma.js';

/** What a read → check → write writes: the table (a Prisma model), the fields it checks and writes, and whether it checks existing rows or counts them before a create. */
export interface WrittenFields {
  readonly store: 'sql' | 'prisma';
  /** The SQL table or the Prisma model (`user` of `prisma.user`). */
  readonly table: string;
  /** The fields checked and written (lower-cased for SQL). */
  readonly fields: readonly string[];
  /** `existing`: the check reads a row's fields; `count`: it counts rows before a create, so any new row of the table counts. */
  readonly rows: 'existing' | 'count';
  /**
   * The fields the race's own write sets from the value it read (`SET stock = $1` with `rows[0].stock - 1`),
   * not relatively: a raise by another writer between the read and that write is lost, so it breaks too.
   */
  readonly overwritten: readonly string[];
}

/** A write that can break the check: where it is, and its file. */
export interface ConflictingWrite {
  readonly call: TSESTree.Node;
  readonly file: FileRef;
}

/**
 * Whether every write of `written.table` in the bot project around `filename` that can break the
 * check ({@link conflictingWrites}) is one `inside` accepts (the serialised bot's own handlers, or
 * a function nothing calls). A write whose fields cannot be read (SQL text the model did not parse,
 * Prisma `data` passed in, an `UPDATE <table>` the SQL model did not see) can break it.
 */
export function othersWriteOnlyAtomically(written: WrittenFields, filename: string, inside: (write: ConflictingWrite) => boolean): boolean {
  return conflictingWrites(written, filename)?.every(inside) ?? false;
}

/** The writes of the bot project that can break a check of `written` (every one, the race's own write included); null when the table has no name to look for. */
export function conflictingWrites(written: WrittenFields, filename: string): ConflictingWrite[] | null {
  const name = bareTable(written.table);
  if (!/^[\w$]+$/.test(name)) return null;
  const mention = new RegExp(`\\b${escape(name)}\\b`, 'i');
  const found: ConflictingWrite[] = [];
  for (const file of projectFilesMatching(filename, mention)) {
    const calls = written.store === 'sql' ? sqlConflicts(written, file) : prismaConflicts(written, file);
    found.push(...calls.map((call) => ({ call, file })));
  }
  return found;
}

/** `public.users`, `"Users"` → `users`. */
const bareTable = (table: string): string => table.replace(/["`[\]]/g, '').split('.').pop()!.toLowerCase();

function sqlConflicts(written: WrittenFields, file: FileRef): TSESTree.Node[] {
  const table = bareTable(written.table);
  const fields = new Set(written.fields.map((field) => field.toLowerCase()));
  const overwritten = new Set(written.overwritten.map((field) => field.toLowerCase()));
  const found: TSESTree.Node[] = [];
  let seen = false;
  for (const call of getSqlModel(file.sourceCode).calls) {
    const statements = call.statements.flatMap((statement) => [statement, ...statement.ctes]);
    // Columns or whole clauses filled in at run time (`SET ${column} = $1`, `SET ${updates}`): it may set any column.
    const dynamic = call.sql.holes.some((hole) => hole.fill !== 'param' && hole.fill !== 'list');
    for (const statement of statements) {
      if (statement.target === null || bareTable(statement.target) !== table) continue;
      seen = true;
      if ((dynamic && statement.kind === 'update') || breaksSqlCheck(statement, fields, overwritten, written.rows)) {
        found.push(call.node);
        break;
      }
    }
  }
  // SQL the model did not see (built at run time, sent by an unknown client) that names the table: it may set anything.
  if (!seen && new RegExp(`\\b(?:UPDATE|INSERT\\s+INTO|REPLACE\\s+INTO)\\s+[\\w."\`]*\\b${escape(table)}\\b`, 'i').test(file.sourceCode.text)) found.push(file.sourceCode.ast);
  return found;
}

const escape = (text: string): string => text.replace(/[$]/g, '\\$');

/** Whether a statement that writes the table can change the checked fields other than by raising them atomically. */
function breaksSqlCheck(statement: SqlStatement, fields: ReadonlySet<string>, overwritten: ReadonlySet<string>, rows: WrittenFields['rows']): boolean {
  switch (statement.kind) {
    case 'update':
      if (!statement.parsed) return true;
      return rows === 'existing' && (setsOtherThanRaising(statement.assignments, fields) || statement.assignments.some((assignment) => overwritten.has(assignment.column.toLowerCase())));
    case 'insert':
      // A new row: counted by a count-then-create; an existing row changes only through an upsert's update.
      if (rows === 'count') return true;
      if (statement.mysqlUpsert === 'on-duplicate-key-update' || statement.mysqlUpsert === 'replace-into') return true;
      if (statement.onConflict?.action !== 'update') return false;
      return !statement.parsed || setsOtherThanRaising(statement.onConflict.assignments, fields) || statement.onConflict.assignments.some((assignment) => overwritten.has(assignment.column.toLowerCase()));
    default:
      // A delete makes the check's write miss its row, or lowers a count: it lets no second pass through.
      return false;
  }
}

const setsOtherThanRaising = (assignments: SqlStatement['assignments'], fields: ReadonlySet<string>): boolean =>
  assignments.some((assignment) => fields.has(assignment.column.toLowerCase()) && assignment.change !== 'increment');

function prismaConflicts(written: WrittenFields, file: FileRef): TSESTree.Node[] {
  const model = written.table.toLowerCase();
  const fields = new Set(written.fields);
  const found: TSESTree.Node[] = [];
  for (const node of fileIndex(file.sourceCode.ast).of(AST_NODE_TYPES.CallExpression)) {
    const call = prismaCallOf(node, file);
    if (!call || call.model.toLowerCase() !== model) continue;
    if (PRISMA_CREATES.has(call.method)) {
      if (written.rows === 'count') found.push(node);
      continue;
    }
    if (!PRISMA_UPDATES.has(call.method)) continue;
    if (written.rows === 'count') {
      if (call.method === 'upsert') found.push(node);
      continue;
    }
    // Its fields and how it writes them; a positive `{ increment: x }` is left out (an atomic raise).
    const writes = prismaWritesOf(call, file);
    if (writes === null || writes.some((write) => fields.has(write.field)) || prismaNames(call, written.overwritten)) found.push(node);
  }
  return found;
}

/** Whether a Prisma update's `data` (an upsert's `update`) names one of `fields` at all, a raise (`{ increment: n }`) included. */
function prismaNames(call: PrismaCall, fields: readonly string[]): boolean {
  if (fields.length === 0 || !call.args) return false;
  const data = objectProperty(call.args, call.method === 'upsert' ? 'update' : 'data')?.value;
  if (data?.type !== AST_NODE_TYPES.ObjectExpression) return true;
  return data.properties.some((property) => property.type !== AST_NODE_TYPES.Property || fields.includes(propertyKey(property) ?? ''));
}

/**
 * One field of a table or Prisma model that a check reads and a write changes; `overwrites` when the
 * write sets it from the value read (not a decrement). None when the table is unknown or the store's
 * writes are not followed.
 */
export function writtenField(store: string | undefined, table: string | null | undefined, field: string, overwrites = false): WrittenFields | undefined {
  if (!table || (store !== 'sql' && store !== 'prisma')) return undefined;
  return { store, table, fields: [field], rows: 'existing', overwritten: overwrites ? [field] : [] };
}

/**
 * What a store race ({@link StoreRace}) relies on: its field of its table — overwritten unless its
 * write is a Prisma decrement of it — or, for a Prisma count before a create, every new row of the model.
 */
export function raceWrittenFields(race: StoreRace, file: FileRef): WrittenFields | undefined {
  const call = race.write.type === AST_NODE_TYPES.CallExpression ? prismaCallOf(race.write, file) : null;
  const decrements = call !== null && (prismaWritesOf(call, file)?.some((write) => write.field === race.field && write.decrement) ?? false);
  const field = writtenField(race.store, race.table, race.field, !decrements);
  return field && race.limit ? { ...field, rows: 'count', overwritten: [] } : field;
}

/** What a raw SQL read-check-write relies on: the columns its UPDATE sets (overwritten unless `c = c - x`), or every new row of the table its INSERT adds after a count; a DELETE: none followed. */
export function sqlWrittenFields(statement: SqlStatement): WrittenFields | undefined {
  if (statement.target === null || !statement.parsed) return undefined;
  if (statement.kind === 'insert') return { store: 'sql', table: statement.target, fields: [], rows: 'count', overwritten: [] };
  if (statement.kind !== 'update') return undefined;
  const columns = (relative: boolean) => statement.assignments.filter((assignment) => relative || assignment.change === null).map((assignment) => assignment.column.toLowerCase());
  return { store: 'sql', table: statement.target, fields: columns(true), rows: 'existing', overwritten: columns(false) };
}
