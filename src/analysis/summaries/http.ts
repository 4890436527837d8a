import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, getMemberPath, outermostWrapper, resolveVariable, skipTypeWrappers, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { projectCallersOf } from './callers.js';
import type { FileRef } from './functions.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Calls that bound how long their caller waits for an argument: `Promise.race([p, timer])`,
 * `withTimeout(p, ms)`, `pTimeout(p, …)`, `raceDeadline(p)`, `fetchTimeout(p)`.
 */
const DEADLINE_CALLEE = /^(?:race|p?[Tt]imeout|with[A-Z]?\w*Timeout\w*|\w*[Dd]eadline\w*|\w+Timeout)$/;

/** `withTimeout(x, 5000)`, `Promise.race([x, timer])`: the wait for `node` is bounded by the call it is passed to. */
export function isDeadlineBounded(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = outermostWrapper(node);
  let parent = child.parent;
  if (parent?.type === AST_NODE_TYPES.ArrayExpression) {
    child = parent;
    parent = parent.parent;
  }
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !(parent.arguments as TSESTree.Node[]).includes(child)) return false;
  const path = getMemberPath(parent.callee);
  return path !== null && DEADLINE_CALLEE.test(path.at(-1)!);
}

/** How many callers up a deadline is looked for: `race(a())`, `a` calls `b`, `b` sends the request. */
const MAX_CALLER_DEPTH = 3;

/**
 * Whether every wait for a call inside `fn` is bounded by its callers: `fn` has callers, all of them
 * seen in its bot project (see `projectCallersOf`: this file's, or the importers' of a function the
 * file exports), and each one is passed to a deadline (`Promise.race([fn(), timer])`,
 * `withTimeout(fn(), ms)`) or sits in a function whose own callers all are. A function whose callers
 * cannot all be seen (passed as a value, exported outside a bot project) gives false.
 */
export function boundedByCallers(fn: FunctionNode, file: FileRef, depth = 0): boolean {
  if (depth >= MAX_CALLER_DEPTH) return false;
  const callers = projectCallersOf(fn, file);
  if (!callers || callers.length === 0) return false;
  return callers.every((site) => {
    if (isDeadlineBounded(site.call)) return true;
    const outer = enclosingFunction(site.call);
    return outer !== null && outer !== fn && boundedByCallers(outer, site.file, depth + 1);
  });
}

/** Modules whose `fetch` resolves to a WHATWG `Response` that does not throw on 4xx/5xx. */
const FETCH_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici']);

/**
 * Whether a function returns the raw `Response` of a fetch whose status it never reads:
 * `return fetch(url, init)`, `return await fetch(…)`, `const res = await fetch(…); return res;`
 * with nothing reading `res.ok`/`res.status` and nothing else receiving `res`. Its callers get an
 * unchecked response, exactly as if they called fetch themselves. `fetch` must be the global one or
 * imported from node-fetch, cross-fetch, isomorphic-fetch or undici.
 */
export function returnsRawResponse(fn: FunctionNode, sourceCode: SourceCode): boolean {
  const returned: TSESTree.Node[] = [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) returned.push(fn.body);
  else {
    walkSameFunction(fn.body, (node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returned.push(node.argument);
    });
  }
  if (returned.length === 0) return false;
  return returned.every((value) => rawResponse(value, sourceCode));
}

function rawResponse(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  if (value.type === AST_NODE_TYPES.CallExpression) return isFetchCall(value, sourceCode);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(value, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return false;
  let init = skipTypeWrappers(def.node.init);
  if (init.type === AST_NODE_TYPES.AwaitExpression) init = skipTypeWrappers(init.argument);
  if (init.type !== AST_NODE_TYPES.CallExpression || !isFetchCall(init, sourceCode)) return false;
  // Only returned: a status read, a body read, or anything else handed the response means the function looked at it.
  return variable!.references.every((reference) => {
    if (reference.init) return true;
    const { parent } = outermostWrapper(reference.identifier);
    return parent?.type === AST_NODE_TYPES.ReturnStatement || (parent?.type === AST_NODE_TYPES.AwaitExpression && parent.parent.type === AST_NODE_TYPES.ReturnStatement);
  });
}

function isFetchCall(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getMemberPath(callee)?.join('.') === 'globalThis.fetch';
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(callee, sourceCode);
  if (!variable || variable.defs.length === 0) return callee.name === 'fetch';
  const def = variable.defs[0]!;
  if (variable.defs.length !== 1 || def.type !== TSESLint.Scope.DefinitionType.ImportBinding) return false;
  const declaration = def.node.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || !FETCH_MODULES.has(declaration.source.value)) return false;
  const node = def.node as TSESTree.Node;
  if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return declaration.source.value !== 'undici';
  return node.type === AST_NODE_TYPES.ImportSpecifier && (node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value) === 'fetch';
}

