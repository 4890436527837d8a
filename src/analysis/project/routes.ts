/**
 * Routes of a Node web server: the methods a framework registers a route with (`app.get('/x', …)`,
 * `router.post(…)`, Express, Fastify's shorthand, koa-router, Hono, Elysia), one list for the
 * own-backend model (`http/own-backend.ts`) and the operator-gate model (`framework/admin.ts`); and
 * which functions a server runs as a route's handler (the deadline model asks).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, enclosingFunction, getMemberPath, getPropertyName, moduleBindings, moduleOrigin, outermostWrapper, resolveVariable, skipTypeWrappers, staticString } from '../ast/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

export const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options']);

/** Packages whose app or router serves HTTP requests, each request on its own (none waits for another's handler). */
export const WEB_SERVER_MODULES: ReadonlySet<string> = new Set(['express', 'hono', 'fastify', 'koa-router', '@koa/router', 'elysia']);

/** How many `const`s, chained calls and callback parameters a receiver is followed through to the server that made it. */
const MAX_RECEIVER_DEPTH = 12;

/**
 * Whether a function, used as `value` (written inline, or a reference to it), is a route handler of a web
 * server: an argument after the path of a route method (`router.post('/x', auth, handler)`, Elysia's
 * `.post('/x', handler, { body })`, Fastify's `fastify.post('/x', { preHandler }, handler)`) called on an
 * app or router a server package makes (see `webServerOf`). The server runs each request's handler
 * on its own: a handler that waits holds that request only.
 */
export function webRouteHandler(value: TSESTree.Node, sourceCode: SourceCode): boolean {
  const use = outermostWrapper(value);
  const call = use.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.indexOf(use as TSESTree.CallExpressionArgument) < 1 || staticString(call.arguments[0]) === null) return false;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && ROUTE_METHODS.has(getPropertyName(callee) ?? '') && webServerOf(callee.object, sourceCode) !== null;
}

/**
 * The web server package that made an app or router (`'express'`, `'elysia'`, …), null when none did:
 * `express()`, `express.Router()`, `Router()` from express, `require('express').Router()`, `new Hono()`,
 * `Fastify()`, `new Elysia({ prefix })` (imported or required), followed through `const`s, calls chained
 * on it (`new Elysia().use(auth).get(…)`), a parameter typed by the package (`fastify: FastifyInstance`,
 * `app: Elysia`, `router: Router`), and the parameter of a callback passed to a call on one (Elysia's
 * `.group('/api', (app) => app.post(…))`, Fastify's `fastify.register(async (instance) => …)`). The one
 * answer to "is this a server's app": the own-backend model reads its routes, the admin model its
 * Express `use` gates, the deadline model its handlers.
 */
export function webServerOf(node: TSESTree.Node, sourceCode: SourceCode): string | null {
  return madeByWebServer(node, sourceCode, 0);
}

function madeByWebServer(node: TSESTree.Node, sourceCode: SourceCode, depth: number): string | null {
  const value = skipTypeWrappers(node);
  if (depth > MAX_RECEIVER_DEPTH) return null;
  switch (value.type) {
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(value.callee);
      const chained = callee.type === AST_NODE_TYPES.MemberExpression ? madeByWebServer(callee.object, sourceCode, depth + 1) : null;
      return chained ?? namesWebServer(callee, sourceCode);
    }
    case AST_NODE_TYPES.NewExpression:
      return namesWebServer(skipTypeWrappers(value.callee), sourceCode);
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, sourceCode);
      if (init) return madeByWebServer(init, sourceCode, depth + 1);
      const defs = resolveVariable(value, sourceCode)?.defs;
      const param = defs?.length === 1 && defs[0]!.type === TSESLint.Scope.DefinitionType.Parameter ? defs[0]!.name : null;
      return param?.type === AST_NODE_TYPES.Identifier ? serverParameter(param, sourceCode, depth) : null;
    }
    default:
      return null;
  }
}

/** A parameter typed by a web server package, or the first parameter of a callback passed to a call on a server's app: the package. */
function serverParameter(param: TSESTree.Identifier, sourceCode: SourceCode, depth: number): string | null {
  const type = param.typeAnnotation?.typeAnnotation;
  if (type?.type === AST_NODE_TYPES.TSTypeReference) return type.typeName.type === AST_NODE_TYPES.Identifier ? namesWebServer(type.typeName, sourceCode) : null;
  const fn = enclosingFunction(param);
  const call = fn && outermostWrapper(fn).parent;
  if (!fn || fn.params[0] !== param || call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(outermostWrapper(fn) as TSESTree.CallExpressionArgument)) return null;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? madeByWebServer(callee.object, sourceCode, depth + 1) : null;
}

/** The web server package a callee or type name comes from: `express`, `express.Router`, `Elysia`, `Router` imported from express; null for any other. */
function namesWebServer(node: TSESTree.Node, sourceCode: SourceCode): string | null {
  const origin = moduleOrigin(node);
  if (origin !== null) return WEB_SERVER_MODULES.has(origin) ? origin : null;
  const path = getMemberPath(node);
  const module = path !== null && path.length <= 2 ? moduleBindings(sourceCode.ast).get(path[0]!)?.module : undefined;
  return module !== undefined && WEB_SERVER_MODULES.has(module) ? module : null;
}
