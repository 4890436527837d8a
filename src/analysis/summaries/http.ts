import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, getMemberPath, outermostWrapper, packageOfSpecifier, propertyKey, resolveVariable, returnArguments, returnedValues as everyReturned, skipTypeWrappers, type FunctionNode } from '../ast/index.js';
import { answersClientError, isClientErrorStatusOption } from '../errors/index.js';
import { projectCallersOf } from './callers.js';
import { calledFunction, type FileRef } from './functions.js';

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

/** How many wrappers deep a raw response is followed: `withAuth(url)` returns `raw(url)`, which returns `fetch(url)`. */
const MAX_WRAPPER_DEPTH = 2;

/**
 * Whether a function returns the raw `Response` of a fetch whose status it never reads:
 * `return fetch(url, init)`, `return await fetch(…)`, `const res = await fetch(…); return res;`
 * with nothing reading `res.ok`/`res.status` and nothing else receiving `res`. Its callers get an
 * unchecked response, exactly as if they called fetch themselves. `fetch` must be the global one or
 * imported from node-fetch, cross-fetch, isomorphic-fetch or undici. The fetch may also be
 * - another such wrapper's call (`return raw(url)`, a function of the file or a project import,
 *   followed two wrappers deep);
 * - raced against a timer that can only reject: `Promise.race([fetch(url), new Promise((_, reject)
 *   => setTimeout(reject, ms))])`, also through a function returning that promise (`timeout(ms)`).
 */
export function returnsRawResponse(fn: FunctionNode, file: FileRef, depth = 0): boolean {
  const returned = returnedValues(fn);
  return returned.length > 0 && returned.every((value) => rawResponse(value, file, depth));
}

/** The values a function returns: its expression body, or the argument of each `return` of its own (see `returnArguments`, memoised per function). */
function returnedValues(fn: FunctionNode): readonly TSESTree.Node[] {
  return returnArguments(fn).values;
}

function rawResponse(node: TSESTree.Node, file: FileRef, depth: number): boolean {
  const { sourceCode } = file;
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  if (value.type === AST_NODE_TYPES.CallExpression) return responseCall(value, file, depth);
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(value, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return false;
  let init = skipTypeWrappers(def.node.init);
  if (init.type === AST_NODE_TYPES.AwaitExpression) init = skipTypeWrappers(init.argument);
  if (init.type !== AST_NODE_TYPES.CallExpression || !responseCall(init, file, depth)) return false;
  // Only returned: a status read, a body read, or anything else handed the response means the function looked at it.
  return variable!.references.every((reference) => {
    if (reference.init) return true;
    const { parent } = outermostWrapper(reference.identifier);
    return parent?.type === AST_NODE_TYPES.ReturnStatement || (parent?.type === AST_NODE_TYPES.AwaitExpression && parent.parent.type === AST_NODE_TYPES.ReturnStatement);
  });
}

/** A call that resolves to an unchecked `Response`: fetch, a wrapper returning one, or a race of one against a rejecting timer. */
function responseCall(call: TSESTree.CallExpression, file: FileRef, depth: number): boolean {
  if (isFetchCall(call, file.sourceCode)) return true;
  if (getMemberPath(call.callee)?.join('.') === 'Promise.race') return racesResponse(call, file, depth);
  if (depth >= MAX_WRAPPER_DEPTH) return false;
  const target = calledFunction(call, file);
  return target !== null && returnsRawResponse(target.fn, target.file, depth + 1);
}

/** `Promise.race([fetch(url), timer])`: one raw response, every other entry a promise that can only reject. */
function racesResponse(call: TSESTree.CallExpression, file: FileRef, depth: number): boolean {
  const list = call.arguments.length === 1 ? skipTypeWrappers(call.arguments[0]!) : null;
  if (list?.type !== AST_NODE_TYPES.ArrayExpression) return false;
  let responses = 0;
  for (const element of list.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return false;
    if (rawResponse(element, file, depth)) responses++;
    else if (!onlyRejects(element, file)) return false;
  }
  return responses === 1;
}

/**
 * A promise that never resolves with a value: `new Promise((_, reject) => setTimeout(reject, ms))`,
 * whose executor never uses its `resolve`; or the call of a function of the file (or a project
 * import) that returns only such promises (`timeout(ms)`).
 */
function onlyRejects(node: TSESTree.Node, file: FileRef, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.CallExpression && depth === 0) {
    const target = calledFunction(value, file);
    if (!target) return false;
    const returned = returnedValues(target.fn);
    return returned.length > 0 && returned.every((inner) => onlyRejects(inner, target.file, depth + 1));
  }
  if (value.type !== AST_NODE_TYPES.NewExpression || value.callee.type !== AST_NODE_TYPES.Identifier || value.callee.name !== 'Promise') return false;
  const executor = value.arguments[0] ? skipTypeWrappers(value.arguments[0]) : null;
  if (executor?.type !== AST_NODE_TYPES.ArrowFunctionExpression && executor?.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const resolve = executor.params[0];
  if (resolve?.type !== AST_NODE_TYPES.Identifier) return false;
  return file.sourceCode.getDeclaredVariables(executor).find((variable) => variable.name === resolve.name)?.references.length === 0;
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
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return false;
  const module = packageOfSpecifier(declaration.source.value);
  if (!FETCH_MODULES.has(module)) return false;
  const node = def.node as TSESTree.Node;
  if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return module !== 'undici';
  return node.type === AST_NODE_TYPES.ImportSpecifier && (node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value) === 'fetch';
}


/**
 * Whether a call answers the request with a client error (4xx): directly (`new Response(text, { status: 400 })`,
 * `res.status(400).json(…)`: {@link answersClientError}), or through a project helper (of the file or
 * a project import) every `return` of which does: itself, or by handing a literal 4xx `status` option
 * to a builder whose every `return` is a `Response` made with those options
 * (`const bad = (msg, hint, req) => jsonResponse({ error: msg }, { status: 400 }, req)` with
 * `function jsonResponse(data, init = {}) { return new Response(JSON.stringify(data), { ...init, headers }) }`).
 * Helpers are followed two deep.
 */
export function callAnswersClientError(call: TSESTree.CallExpression | TSESTree.NewExpression, file: FileRef, depth = 0): boolean {
  if (answersClientError(call)) return true;
  if (call.type !== AST_NODE_TYPES.CallExpression || depth >= MAX_WRAPPER_DEPTH) return false;
  const target = calledFunction(call, file);
  const returned = target && everyReturned(target.fn);
  return !!returned && returned.every((node) => {
    let value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
    if (value.type !== AST_NODE_TYPES.CallExpression && value.type !== AST_NODE_TYPES.NewExpression) return false;
    return callAnswersClientError(value, target.file, depth + 1) || (value.type === AST_NODE_TYPES.CallExpression && buildsResponseWith(value, target.file));
  });
}

/** `jsonResponse(data, { status: 400 }, req)`: a builder handed a 4xx status option, whose every `return` is `new Response(…)` made with that option (the parameter, or spread into its options). */
function buildsResponseWith(call: TSESTree.CallExpression, file: FileRef): boolean {
  const index = call.arguments.findIndex((argument) => isClientErrorStatusOption(argument));
  const target = index < 0 ? null : calledFunction(call, file);
  let param = target?.fn.params[index];
  if (param?.type === AST_NODE_TYPES.AssignmentPattern) param = param.left;
  if (param?.type !== AST_NODE_TYPES.Identifier) return false;
  const name = param.name;
  const returned = everyReturned(target!.fn);
  const passes = (node: TSESTree.Node | undefined): boolean => {
    const options = node && skipTypeWrappers(node);
    if (options?.type === AST_NODE_TYPES.Identifier) return options.name === name;
    if (options?.type !== AST_NODE_TYPES.ObjectExpression) return false;
    // `{ ...init, headers }`: the status comes from `init`, unless a `status` of its own overrides it.
    const spread = options.properties.findIndex((p) => {
      const argument = p.type === AST_NODE_TYPES.SpreadElement ? skipTypeWrappers(p.argument) : null;
      return argument?.type === AST_NODE_TYPES.Identifier && argument.name === name;
    });
    return spread >= 0 && !options.properties.slice(spread + 1).some((p) => p.type !== AST_NODE_TYPES.Property || propertyKey(p) === 'status');
  };
  return !!returned && returned.every((node) => {
    const value = skipTypeWrappers(node);
    return value.type === AST_NODE_TYPES.NewExpression && value.callee.type === AST_NODE_TYPES.Identifier && value.callee.name === 'Response' && passes(value.arguments[1]);
  });
}
