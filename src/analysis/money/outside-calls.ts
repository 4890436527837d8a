/**
 * Calls that leave the database a function writes: a payment provider's `initPayment`, an HTTP
 * request, a Bot API method. A write that stores what such a call returned (the provider's payment id,
 * a checkout URL, a sent message's id) can never share a transaction with a write made before the call:
 * no transaction spans a request to another service, and the code cannot know what to store before it
 * has the answer. Such a pair is a pending state and its outcome, not a split write.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { awaitsInSameFunction, enclosingFunction, getPropertyName, isFunction, memberRoot, resolveVariable, skipTypeWrappers, someInSameFunction, type FunctionNode } from '../ast/index.js';
import { readsOfResult } from '../flow/index.js';
import { httpModelOf } from '../http/index.js';
import { getOrmModel } from '../orm/index.js';
import { getSqlModel, isSqlMethod, type FlowStatement } from '../sql/index.js';
import { calledFunction, callRunsInProcess, type FileRef } from '../summaries/index.js';

/** An awaited call that leaves the database, and the identifiers that read its result later in the function (none when nothing does). */
interface OutsideCall {
  readonly call: TSESTree.CallExpression;
  readonly reads: readonly TSESTree.Node[];
}

/** Per function (or program): its awaited outside calls (see `isOutsideCall`). A pure memo per AST. */
const outsideCallsByRoot = new WeakMap<TSESTree.Node, readonly OutsideCall[]>();
/** Per function a call runs: whether it leaves the database. A pure memo per AST. */
const leavesByFunction = new WeakMap<FunctionNode, boolean>();

/** How many functions (or programs) had their awaited calls classified: a work count for tests (once per function, not once per pair of writes). */
export const outsideCallWork = { roots: 0 };

/** How deep project functions are followed to find that they leave the database. */
const MAX_DEPTH = 2;

/**
 * Whether the SQL call `later` stores what an awaited outside call returned (see `isOutsideCall`),
 * that call running after `earlier` and before `later`: its result, or a variable derived from it
 * (`payment.paymentId`, `const { data } = await axios.post(…)`), is read in `later`'s arguments.
 * The connection `later` runs on does not count (`client` of `await pool.connect()`).
 */
export function storesOutsideResult(earlier: FlowStatement, later: TSESTree.Node, file: FileRef): boolean {
  const root = enclosingFunction(later) ?? file.sourceCode.ast;
  const values =
    later.type === AST_NODE_TYPES.CallExpression ? later.arguments.filter((argument) => !isFunction(argument)) : later.type === AST_NODE_TYPES.TaggedTemplateExpression ? [later.quasi] : [];
  if (values.length === 0) return false;
  const [start, end] = [earlier.call.node.range[1], later.range[0]];
  return outsideCallsOf(root, file).some(
    ({ call, reads }) => call.range[0] >= start && call.range[1] <= end && reads.some((read) => values.some((value) => read.range[0] >= value.range[0] && read.range[1] <= value.range[1])),
  );
}

/**
 * Whether an awaited outside call (see `isOutsideCall`) of `root`'s own function runs after `earlier`
 * and before `later`: a pending state can be marked before it and its outcome written after it, which
 * no transaction spans. An awaited in-process helper or a query is no such call.
 */
export function awaitsOutsideCallBetween(root: TSESTree.Node, earlier: TSESTree.Node, later: TSESTree.Node, file: FileRef): boolean {
  return outsideCallsOf(root, file).some(({ call }) => call.range[0] >= earlier.range[1] && call.range[1] <= later.range[0]);
}

function outsideCallsOf(root: TSESTree.Node, file: FileRef): readonly OutsideCall[] {
  let found = outsideCallsByRoot.get(root);
  if (found) return found;
  outsideCallWork.roots++;
  const { sourceCode } = file;
  const calls: OutsideCall[] = [];
  for (const node of awaitsInSameFunction(root)) {
    const call = skipTypeWrappers(node.argument);
    if (call.type === AST_NODE_TYPES.CallExpression && isOutsideCall(call, file, 0)) {
      const reads = readsOfResult(
        call,
        root,
        (declared) => sourceCode.getDeclaredVariables(declared),
        (identifier) => resolveVariable(identifier, sourceCode),
      ).references;
      calls.push({ call, reads });
    }
  }
  found = calls;
  outsideCallsByRoot.set(root, found);
  return found;
}

/**
 * Whether a call leaves the database the file's SQL runs on: a request of the HTTP model (axios,
 * fetch, got, a client made by `axios.create`), a project function that makes one and sends no SQL
 * (followed `MAX_DEPTH` deep), or a method of a service the code cannot see (a package's, an SDK
 * instance's, one a factory returns: `provider.initPayment(…)`, `bot.sendMessage(…)`). Not: a SQL
 * call of the file or a call around one, a call on a SQL connection or an ORM client, a method
 * named as a SQL driver's (`query`, `execute`, `get`, `run`, … on an unknown receiver may be a
 * query), or a computation in the process (`JSON.parse`, a local helper that only computes).
 */
function isOutsideCall(call: TSESTree.CallExpression, file: FileRef, depth: number): boolean {
  const { sourceCode } = file;
  const sql = getSqlModel(sourceCode).calls;
  if (sql.some(({ node }) => (node.range[0] >= call.range[0] && node.range[1] <= call.range[1]) || (call.range[0] >= node.range[0] && call.range[1] <= node.range[1]))) return false;
  if (httpModelOf(sourceCode).classify(call)) return true;
  if (callRunsInProcess(call, file)) return false;
  const target = calledFunction(call, file);
  if (target) return depth < MAX_DEPTH && functionLeaves(target.fn, target.file, depth + 1);
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return !isSqlMethod(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || isSqlMethod(getPropertyName(callee) ?? '')) return false;
  const orm = getOrmModel(sourceCode);
  if (orm.clientOf(callee.object) !== null || orm.clientOf(memberRoot(callee)) !== null) return false;
  const root = memberRoot(callee);
  const variable = root.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
  const receiver = sourceCode.getText(callee.object);
  return !sql.some(({ connection }) => (variable !== null && connection.variable === variable) || connection.name === receiver);
}

/** A project function that sends no SQL of its own and makes an outside call (see `isOutsideCall`). */
function functionLeaves(fn: FunctionNode, file: FileRef, depth: number): boolean {
  let leaves = leavesByFunction.get(fn);
  if (leaves !== undefined) return leaves;
  leavesByFunction.set(fn, false); // recursion resolves to "stays"
  const sends = getSqlModel(file.sourceCode).calls.some(({ node }) => node.range[0] >= fn.range[0] && node.range[1] <= fn.range[1]);
  leaves = !sends && someInSameFunction(fn.body, (node) => node.type === AST_NODE_TYPES.CallExpression && isOutsideCall(node, file, depth));
  // A `false` reached below the first level may be the depth limit's, not the function's: kept only from the top.
  if (leaves || depth === 1) leavesByFunction.set(fn, leaves);
  else leavesByFunction.delete(fn);
  return leaves;
}
