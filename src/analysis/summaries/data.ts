import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { resolveVariable, skipTypeWrappers, someInSameFunction, type FunctionNode } from '../ast/index.js';
import { connectionDialect, getSqlModel, guardsOf, paramArgument, type FlowStatement } from '../sql/index.js';
import type { FileRef } from './functions.js';

/**
 * Data-access facts of a function (raw SQL through the SQL model): what it reads and returns, what
 * it writes and from which of its parameters. Used to see a read → check → write race when the
 * read and the write each sit in a helper (`const u = await getUser(id)`, `if (u.points < cost)`,
 * `await setPoints(id, u.points - cost)`).
 */
export interface DataSummary {
  /** A getter: its only SQL is one unlocked SELECT of one table outside a transaction, and it returns a value. */
  readonly reads: { readonly table: string; readonly columns: ReadonlySet<string>; readonly star: boolean; readonly sqlite: boolean } | null;
  /** Its UPDATEs with no condition beyond keys, outside a transaction. */
  readonly writes: readonly DataWrite[];
}

export interface DataWrite {
  readonly table: string;
  readonly column: string;
  /** `SET c = $n` with `$n` one of the function's parameters (its position), or `SET c = c - $n` (`decrement`). */
  readonly parameter: number | null;
  readonly decrement: boolean;
}

const summaries = new WeakMap<FunctionNode, DataSummary>();
/** How many summaries were computed in this process (a work count for tests). */
export const dataSummaryWork = { summaries: 0 };

/** The data-access summary of a function of `file` (memoised per function node). */
export function dataSummaryOf(fn: FunctionNode, file: FileRef): DataSummary {
  let summary = summaries.get(fn);
  if (!summary) {
    dataSummaryWork.summaries++;
    summary = summarise(fn, file);
    summaries.set(fn, summary);
  }
  return summary;
}

const EMPTY: DataSummary = { reads: null, writes: [] };

function summarise(fn: FunctionNode, file: FileRef): DataSummary {
  const flow = getSqlModel(file.sourceCode).flows.find((candidate) => candidate.node === fn);
  if (!flow || flow.statements.length === 0) return EMPTY;
  const { statements } = flow;
  let reads: DataSummary['reads'] = null;
  const only = statements.length === 1 ? statements[0]! : null;
  if (only && isPlainRead(only) && returnsValue(fn)) {
    const { statement } = only;
    reads = {
      table: statement.tables[0]!,
      columns: new Set(statement.targets.map((target) => target.name.toLowerCase())),
      star: statement.columns.includes('*'),
      sqlite: connectionDialect(only.call, file) === 'sqlite',
    };
  }
  const writes: DataWrite[] = [];
  for (const entry of statements) {
    for (const { table, column, decrement, argument } of unguardedAssignments(entry)) {
      if (decrement) {
        writes.push({ table, column, parameter: null, decrement });
        continue;
      }
      const parameter = argument ? parameterIndex(argument, fn, file) : -1;
      if (parameter >= 0) writes.push({ table, column, parameter, decrement });
    }
  }
  return { reads, writes };
}

/** One column an UPDATE sets: a decrement of itself, or the call's argument that fills its parameter. */
export interface SqlAssignment {
  readonly table: string;
  readonly column: string;
  readonly decrement: boolean;
  /** `SET c = $n`: the argument bound to `$n` (null for a decrement, a literal, or when it cannot be found). */
  readonly argument: TSESTree.Node | null;
  /** `SET c = 0`, `SET c = NULL`: a literal, the same whatever was read (a reset, a claim). */
  readonly literal: boolean;
}

/** The columns an UPDATE with no condition beyond keys sets outside a transaction (increments left out). */
function unguardedAssignments(entry: FlowStatement): SqlAssignment[] {
  const { statement } = entry;
  if (statement.kind !== 'update' || !statement.parsed || !statement.target || entry.transaction !== null || guardsOf(statement).length > 0) return [];
  const found: SqlAssignment[] = [];
  for (const assignment of statement.assignments) {
    const column = assignment.column.toLowerCase();
    if (assignment.change === 'decrement') found.push({ table: statement.target, column, decrement: true, argument: null, literal: false });
    else if (assignment.change !== 'increment' && assignment.value.type === 'param') {
      found.push({ table: statement.target, column, decrement: false, argument: paramArgument(entry.call, assignment.value.index), literal: false });
    } else if (assignment.value.type === 'literal') found.push({ table: statement.target, column, decrement: false, argument: null, literal: true });
  }
  return found;
}

/** Per file: the flow statements each SQL call sends, by the call's node. */
const statementsByCall = new WeakMap<Readonly<TSESLint.SourceCode>, Map<TSESTree.Node, FlowStatement[]>>();

/**
 * The UPDATEs that `call` sends itself as raw SQL (`await pool.query('UPDATE users SET points = $1
 * WHERE id = $2', [u.points - cost, id])`, D1's `prepare(…).bind(…)`): what a caller writes after a
 * helper's read, with the same limits as a summary's writes (no guard, no transaction).
 */
export function sqlWritesOfCall(call: TSESTree.CallExpression, file: FileRef): SqlAssignment[] {
  const { sourceCode } = file;
  let byCall = statementsByCall.get(sourceCode);
  if (!byCall) {
    byCall = new Map();
    for (const entry of getSqlModel(sourceCode).flows.flatMap((flow) => flow.statements)) {
      byCall.set(entry.call.node, [...(byCall.get(entry.call.node) ?? []), entry]);
    }
    statementsByCall.set(sourceCode, byCall);
  }
  return (byCall.get(call) ?? []).flatMap(unguardedAssignments);
}

function isPlainRead({ statement, transaction }: FlowStatement): boolean {
  return statement.kind === 'select' && statement.parsed && statement.lock === null && !statement.aggregate && statement.tables.length === 1 && transaction === null;
}

/** Whether some `return` of the function (or its expression body) gives a value. */
function returnsValue(fn: FunctionNode): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return true;
  return someInSameFunction(fn.body, (node) => node.type === AST_NODE_TYPES.ReturnStatement && node.argument !== null);
}

/** The position of the function's own parameter that `node` is (`amount` in `(id, amount) => …`, `(id, amount = 1) => …`), or -1. */
export function parameterIndex(node: TSESTree.Node, fn: FunctionNode, file: FileRef): number {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return -1;
  const variable = resolveVariable(value, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || def.node !== fn) return -1;
  return fn.params.findIndex((param) => {
    const name = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    return name.type === AST_NODE_TYPES.Identifier && name.name === value.name;
  });
}
