import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { containsRange, fileIndex, functionOf, getPropertyName, isFunction, partitionPoint, resolveVariable, skipTypeWrappers, type FunctionNode } from '../ast/index.js';
import { areExclusive, innermostLoop, runsFirstInBlock } from '../flow/index.js';
import { buildDriverModel, findSqlCalls, isUnrunStatement, rootOf, type SqlCall, type Variable } from './calls.js';
import type { SqlStatement } from './model.js';

/**
 * A transaction a statement runs in. `callback`: `sql.begin(tx => …)`, `db.tx(t => …)`,
 * `knex.transaction(trx => …)`, `prisma.$transaction(async tx => …)`, Kysely / Drizzle
 * `transaction()`; `handle`: a transaction object held in a variable (`const trx = await
 * knex.transaction()`); `begin`: `BEGIN` … `COMMIT` sent on the same connection; `batch`:
 * `prisma.$transaction([…])`, D1 `db.batch([…])`.
 */
export interface TransactionScope {
  kind: 'callback' | 'handle' | 'begin' | 'batch';
  /** The call (or declaration) that opens it. */
  node: TSESTree.Node;
  /** The isolation level asked for, lower-cased (`serializable`, `repeatable read`), when known. */
  isolation: string | null;
  /**
   * False for `BEGIN` sent through a pool and not closed in the same call: each query may run on
   * another connection, so there is no transaction at all.
   */
  effective: boolean;
}

/** One statement in a function's flow. */
export interface FlowStatement {
  call: SqlCall;
  statement: SqlStatement;
  /** The transaction it runs in, or null (autocommit). */
  transaction: TransactionScope | null;
}

/** What one function sends to the database, in source order. */
export interface SqlFlow {
  /** The function (or the program, for top-level code). Inline transaction callbacks belong to the function around them. */
  node: FunctionNode | TSESTree.Program;
  calls: SqlCall[];
  statements: FlowStatement[];
}

export interface SqlModel {
  /** Every SQL call of the file, in source order. */
  calls: SqlCall[];
  /** One flow per function that sends SQL, in source order. */
  flows: SqlFlow[];
}

/** Transaction callbacks; `transactionSync` is a Durable Object storage's (`ctx.storage.transactionSync(() => …)`). */
const TX_METHODS = new Set(['begin', 'tx', 'txIf', 'transaction', '$transaction', 'transactionSync']);
/** Array methods whose result holds what their callback returns: the statements of a batch built per item. */
const ARRAY_BUILDERS = new Set(['map', 'flatMap', 'concat', 'filter', 'slice']);
const MARKERS: Record<string, SqlStatement['kind']> = { beginTransaction: 'begin', commit: 'commit', rollback: 'rollback' };

interface CallbackScope {
  scope: TransactionScope;
  fn: FunctionNode;
  /** The receiver of the transaction call, for callbacks without a handle (better-sqlite3). */
  receiver: Variable | null;
  /** The receiver's text when it is a field of `this` (`this.sqlite.transaction(() => …)`), else null. */
  thisReceiver: string | null;
  inline: boolean;
}

/** Builds the SQL model of a file: its calls and per-function flows with transaction scopes. */
export function buildSqlModel(sourceCode: Readonly<TSESLint.SourceCode>): SqlModel {
  const drivers = buildDriverModel(sourceCode);
  const callbacks = new Map<FunctionNode, CallbackScope>();
  const handles = new Map<Variable, TransactionScope>();
  /** The ranges that hold a batch's statements; `d1`: a `db.batch(…)`, whose statements are prepared and not run (see `isUnrunStatement`). */
  const batches: { ranges: readonly (readonly [number, number])[]; d1: boolean; scope: TransactionScope }[] = [];
  const markers: { node: TSESTree.CallExpression; kind: SqlStatement['kind']; receiver: TSESTree.Node }[] = [];

  for (const call of fileIndex(sourceCode.ast).of(AST_NODE_TYPES.CallExpression)) collectTransaction(call);

  function collectTransaction(call: TSESTree.CallExpression): void {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const method = getPropertyName(callee);
    if (!method) return;
    if (MARKERS[method] && call.arguments.length === 0) {
      markers.push({ node: call, kind: MARKERS[method], receiver: callee.object });
      return;
    }
    const kysely = method === 'execute' && chainHas(callee.object, 'transaction');
    // D1 `db.batch([stmt, stmt])` ("batched statements are SQL transactions"), the array also built
    // first (`const statements = cart.flatMap(item => [db.prepare(…).bind(…), …])`, `statements.push(…)`).
    const batched = method === 'batch' && call.arguments[0] ? batchRanges(call.arguments[0], sourceCode) : [];
    if (!TX_METHODS.has(method) && !kysely && batched.length === 0) return;
    const scope: TransactionScope = { kind: 'callback', node: call, isolation: isolationOf(call), effective: true };
    const first = call.arguments[0] && skipTypeWrappers(call.arguments[0]);
    if (batched.length > 0) {
      batches.push({ ranges: batched, d1: true, scope: { ...scope, kind: 'batch' } });
      return;
    }
    if (method === '$transaction' && first?.type === AST_NODE_TYPES.ArrayExpression) {
      batches.push({ ranges: [first.range], d1: false, scope: { ...scope, kind: 'batch' } });
      return;
    }
    for (let index = call.arguments.length - 1; index >= 0; index--) {
      const arg = skipTypeWrappers(call.arguments[index]!);
      const fn = functionOf(arg, sourceCode);
      if (!fn) continue;
      const root = rootOf(callee.object);
      const receiver = root?.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
      const thisReceiver = root?.type === AST_NODE_TYPES.ThisExpression ? sourceCode.getText(callee.object) : null;
      callbacks.set(fn, { scope, fn, receiver, thisReceiver, inline: fn === arg });
      const handle = fn.params[0];
      if (handle?.type === AST_NODE_TYPES.Identifier) {
        for (const variable of sourceCode.getDeclaredVariables(fn) as Variable[]) {
          if (variable.name === handle.name) handles.set(variable, scope);
        }
      }
      return;
    }
  }

  const calls = findSqlCalls(sourceCode, drivers, handles);
  /** Callbacks whose handle is used: inside them, the outer connection is not in the transaction. */
  const usedHandles = new Set<TransactionScope>();
  for (const call of calls) {
    const scope = call.connection.variable && handles.get(call.connection.variable);
    if (scope) usedHandles.add(scope);
  }

  // Group calls (and transaction markers) by the function they run in.
  const owners = new Map<FunctionNode | TSESTree.Program, { calls: SqlCall[]; markers: typeof markers }>();
  const ownerOf = (node: TSESTree.Node): FunctionNode | TSESTree.Program => {
    let current = node.parent;
    while (current) {
      if (isFunction(current) && !callbacks.get(current)?.inline) return current;
      current = current.parent;
    }
    return sourceCode.ast;
  };
  const entry = (owner: FunctionNode | TSESTree.Program) => {
    let found = owners.get(owner);
    if (!found) owners.set(owner, (found = { calls: [], markers: [] }));
    return found;
  };
  for (const call of calls) entry(ownerOf(call.node)).calls.push(call);
  for (const marker of markers) {
    const owner = ownerOf(marker.node);
    if (owners.has(owner)) entry(owner).markers.push(marker);
  }

  const handleScopes = new Map<Variable, TransactionScope>();
  const connectionScope = (call: SqlCall): TransactionScope | null => {
    const { connection } = call;
    if (connection.variable) {
      const fromCallback = handles.get(connection.variable);
      if (fromCallback) return fromCallback;
      if (connection.kind === 'transaction') {
        let scope = handleScopes.get(connection.variable);
        if (!scope) {
          const def = connection.variable.defs[0]!.node;
          const init = def.type === AST_NODE_TYPES.VariableDeclarator && def.init ? skipTypeWrappers(def.init) : null;
          const opener = init?.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(init.argument) : init;
          scope = {
            kind: 'handle',
            node: def,
            isolation: opener?.type === AST_NODE_TYPES.CallExpression ? isolationOf(opener) : null,
            effective: true,
          };
          handleScopes.set(connection.variable, scope);
        }
        return scope;
      }
    }
    const option = transactionOption(call.node);
    if (option) return option;
    for (const batch of batches) {
      if (batch.d1 && call.api === 'prepare' && !isUnrunStatement(call)) continue;
      if (batch.ranges.some(([start, end]) => call.node.range[0] >= start && call.node.range[1] <= end)) return batch.scope;
    }
    // better-sqlite3 `db.transaction(() => { db.prepare(…).run() })`: no handle, same connection;
    // also `this.sqlite.transaction(() => { this.sqlite.prepare(…).run() })` while `this` is the
    // method's own (only arrow functions between the statement and the transaction call).
    let sameThis = true;
    let current: TSESTree.Node | undefined = call.node.parent;
    while (current) {
      const callback = isFunction(current) ? callbacks.get(current) : undefined;
      if (isFunction(current) && current.type !== AST_NODE_TYPES.ArrowFunctionExpression) sameThis = false;
      if (callback && !usedHandles.has(callback.scope)) {
        if (callback.receiver && callback.receiver === connection.variable) return callback.scope;
        // A Durable Object's storage and its SQL handle (`this.ctx.storage.transactionSync(() => this.ctx.storage.sql.exec(…))`).
        if (sameThis && callback.thisReceiver !== null && (callback.thisReceiver === connection.name || `${callback.thisReceiver}.sql` === connection.name)) return callback.scope;
      }
      current = current.parent;
    }
    return null;
  };

  function transactionOption(node: SqlCall['node']): TransactionScope | null {
    if (node.type !== AST_NODE_TYPES.CallExpression) return null;
    for (const arg of node.arguments) {
      if (arg.type !== AST_NODE_TYPES.ObjectExpression) continue;
      for (const property of arg.properties) {
        if (
          property.type === AST_NODE_TYPES.Property &&
          getPropertyKey(property) === 'transaction' &&
          property.value.type === AST_NODE_TYPES.Identifier
        ) {
          const variable = resolveVariable(property.value, sourceCode);
          if (variable && handles.has(variable)) return handles.get(variable)!;
          return { kind: 'handle', node: property, isolation: null, effective: true };
        }
      }
    }
    return null;
  }

  const flows: SqlFlow[] = [];
  for (const [node, { calls: flowCalls, markers: flowMarkers }] of owners) {
    flows.push({ node, calls: flowCalls, statements: scopeStatements(flowCalls, flowMarkers, connectionScope, sourceCode) });
  }
  flows.sort((a, b) => a.node.range[0] - b.node.range[0]);
  return { calls, flows };
}

/**
 * Where the statements a batch call takes are written: its array argument; an array method's call
 * (`cart.flatMap(item => [stmt, stmt])`); or a local array variable's initialiser, the arguments of
 * its `push`/`unshift` calls and the values assigned to it. Empty for anything else.
 */
function batchRanges(argument: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, depth = 0): (readonly [number, number])[] {
  const node = skipTypeWrappers(argument);
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    const spread = node.elements.flatMap((element) => (element?.type === AST_NODE_TYPES.SpreadElement && depth < 2 ? batchRanges(element.argument, sourceCode, depth + 1) : []));
    return [node.range, ...spread];
  }
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(node.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && ARRAY_BUILDERS.has(getPropertyName(callee) ?? '') ? [node.range] : [];
  }
  if (node.type !== AST_NODE_TYPES.Identifier || depth >= 2) return [];
  const variable = resolveVariable(node, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!variable || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier) return [];
  const ranges = def.node.init ? batchRanges(def.node.init, sourceCode, depth + 1) : [];
  for (const reference of variable.references) {
    const id = reference.identifier;
    const parent = id.parent;
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === id) ranges.push(...batchRanges(parent.right, sourceCode, depth + 1));
    const call = parent?.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === id && /^(push|unshift)$/.test(getPropertyName(parent) ?? '') && call?.type === AST_NODE_TYPES.CallExpression && call.callee === parent) {
      ranges.push(...call.arguments.map((arg) => arg.range));
    }
  }
  return ranges;
}

function getPropertyKey(property: TSESTree.Property): string | null {
  if (property.computed) return null;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : null;
}

function scopeStatements(
  calls: SqlCall[],
  markers: { node: TSESTree.CallExpression; kind: SqlStatement['kind']; receiver: TSESTree.Node }[],
  connectionScope: (call: SqlCall) => TransactionScope | null,
  sourceCode: Readonly<TSESLint.SourceCode>,
): FlowStatement[] {
  type Event = { at: number; call: SqlCall; statement: SqlStatement } | { at: number; marker: (typeof markers)[number] };
  const events: Event[] = [
    ...calls.flatMap((call) => call.statements.map((statement) => ({ at: call.node.range[0], call, statement }))),
    ...markers.map((marker) => ({ at: marker.node.range[0], marker })),
  ];
  events.sort((a, b) => a.at - b.at);
  const keyOf = (variable: Variable | null, name: string | null) => (variable ? variable : (name ?? ''));
  /** Open transactions by connection, with the COMMIT / ROLLBACK calls seen since BEGIN. */
  const open = new Map<unknown, { scope: TransactionScope; closers: TSESTree.Node[] }>();
  // A COMMIT or ROLLBACK ends the transaction only for what can run after it: a ROLLBACK in an
  // early-return branch (`if (!row) { ROLLBACK; return }`) leaves it open for the code below, and so
  // does one that ends the iteration of a loop whose next iteration sends BEGIN again before the code
  // below (`for (…) { BEGIN; try { … } catch { ROLLBACK; continue; } UPDATE …; COMMIT }`).
  const lookup = (key: unknown, at: TSESTree.Node): TransactionScope | null => {
    const entry = open.get(key);
    if (!entry) return null;
    const ended = (closer: TSESTree.Node) => !areExclusive(closer, at) && !(areExclusive(closer, at, { iteration: true }) && reopensFirst(entry.scope.node, closer, at));
    return entry.closers.some(ended) ? null : entry.scope;
  };
  const close = (key: unknown, at: TSESTree.Node) => open.get(key)?.closers.push(at);
  const result: FlowStatement[] = [];
  for (const event of events) {
    if ('marker' in event) {
      const root = rootOf(event.marker.receiver);
      const variable = root?.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
      const key = keyOf(variable, sourceCode.getText(event.marker.receiver));
      if (event.marker.kind === 'begin') {
        open.set(key, { scope: { kind: 'begin', node: event.marker.node, isolation: null, effective: true }, closers: [] });
      } else {
        close(key, event.marker.node);
      }
      continue;
    }
    const { call, statement } = event;
    const fixed = connectionScope(call);
    if (fixed) {
      result.push({ call, statement, transaction: fixed });
      continue;
    }
    const key = keyOf(call.connection.variable, call.connection.name);
    if (statement.kind === 'begin') {
      const index = call.statements.indexOf(statement);
      const closes = call.statements.slice(index + 1).some((later) => later.kind === 'commit' || later.kind === 'rollback');
      const scope: TransactionScope = {
        kind: 'begin',
        node: call.node,
        isolation: statement.isolation,
        effective: closes || !call.connection.pooled,
      };
      open.set(closes ? call : key, { scope, closers: [] });
      result.push({ call, statement, transaction: scope });
      continue;
    }
    const ownKey = open.has(call) ? call : key;
    const current = lookup(ownKey, call.node);
    if (current && statement.isolation && statement.kind === 'other') current.isolation = statement.isolation;
    if (statement.kind === 'commit' || statement.kind === 'rollback') {
      if (ownKey === call) open.delete(call);
      else close(key, call.node);
    }
    result.push({ call, statement, transaction: current });
  }
  return result;
}

/**
 * Whether `begin` (the call that opened a transaction) runs again before `at` in every iteration of
 * the innermost loop around `closer`: it is a statement of a block that holds `at`, before it, and
 * that loop is the innermost one around the block too (in the same function).
 */
function reopensFirst(begin: TSESTree.Node, closer: TSESTree.Node, at: TSESTree.Node): boolean {
  const block = runsFirstInBlock(begin, at);
  const loop = innermostLoop(closer);
  return block !== null && loop !== null && loop === innermostLoop(block) && containsRange(loop, at);
}

function chainHas(node: TSESTree.Node, name: string): boolean {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.type === AST_NODE_TYPES.MemberExpression && getPropertyName(current) === name) return true;
    current = skipTypeWrappers(current.type === AST_NODE_TYPES.CallExpression ? current.callee : current.object);
  }
  return false;
}

const ISOLATION = /(serializable|repeatable\s*read|read\s*committed|read\s*uncommitted)/i;

/** The isolation level a transaction call asks for: a string argument, `{ isolationLevel }`, or `.setIsolationLevel(…)` in a Kysely chain. */
function isolationOf(call: TSESTree.CallExpression): string | null {
  const fromValue = (value: TSESTree.Node): string | null => {
    const node = skipTypeWrappers(value);
    let text: string | null = null;
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') text = node.value;
    else if (node.type === AST_NODE_TYPES.MemberExpression) text = getPropertyName(node);
    const match = text ? ISOLATION.exec(text.replace(/([a-z])([A-Z])/g, '$1 $2')) : null;
    return match ? match[1]!.toLowerCase().replace(/\s+/g, ' ') : null;
  };
  let current: TSESTree.Node = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    for (const arg of current.arguments) {
      const value = skipTypeWrappers(arg);
      if (value.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of value.properties) {
          if (property.type === AST_NODE_TYPES.Property && /^isolation(Level)?$/.test(getPropertyKey(property) ?? '')) {
            const found = fromValue(property.value);
            if (found) return found;
          }
        }
      } else {
        const found = fromValue(value);
        if (found) return found;
      }
    }
    const callee = skipTypeWrappers(current.callee);
    current = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : callee;
  }
  return null;
}

/** Per flow: the indices of its UPDATE and DELETE statements (parsed, with a target), by target table, ascending. */
const writesByTable = new WeakMap<SqlFlow, Map<string, number[]>>();

/** How many statements {@link laterWrites} handed out (a work count for tests). */
export const flowWork = { laterWrites: 0 };

/**
 * The UPDATE and DELETE statements (and the row-replacing `REPLACE INTO` / `INSERT OR REPLACE`) of
 * a flow after statement `index` that write one of `tables`
 * (parsed, with a known target), in flow order. Indexed once per flow, so pairing every read with
 * its later writes costs the pairs that can match, not reads × statements.
 */
export function laterWrites(flow: SqlFlow, index: number, tables: readonly string[]): FlowStatement[] {
  let byTable = writesByTable.get(flow);
  if (!byTable) {
    byTable = new Map();
    flow.statements.forEach(({ statement }, at) => {
      const replaces = statement.kind === 'insert' && statement.mysqlUpsert === 'replace-into';
      if (!statement.parsed || (statement.kind !== 'update' && statement.kind !== 'delete' && !replaces) || !statement.target) return;
      const list = byTable!.get(statement.target) ?? [];
      list.push(at);
      byTable!.set(statement.target, list);
    });
    writesByTable.set(flow, byTable);
  }
  const found: number[] = [];
  for (const table of new Set(tables)) {
    const list = byTable.get(table);
    if (!list) continue;
    // The first index after `index`, by binary search: the list is ascending.
    for (let at = partitionPoint(list, (write) => write <= index); at < list.length; at++) found.push(list[at]!);
  }
  found.sort((a, b) => a - b);
  flowWork.laterWrites += found.length;
  return found.map((at) => flow.statements[at]!);
}
