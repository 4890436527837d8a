/**
 * Routes of a Node web server: the methods a framework registers a route with (`app.get('/x', …)`,
 * `router.post(…)`, Express, Fastify's shorthand, koa-router, Hono, Elysia), one list for the
 * own-backend model (`http/own-backend.ts`) and the operator-gate model (`framework/admin.ts`); which
 * functions a server runs as a route's handler (the deadline model asks); and which Express routes an
 * earlier one shadows (the code that never runs, `framework/never-runs.ts`).
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, enclosingFunction, functionOf, isFunction, type FunctionNode, getMemberPath, getPropertyName, moduleBindings, moduleOrigin, outermostWrapper, resolveVariable, skipTypeWrappers, staticString } from '../ast/index.js';

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
 * `app: Elysia`, `router: Router`), the first parameter of a function a `const` typed as a Fastify
 * plugin holds (`const routes: FastifyPluginAsync = async (fastify) => …`), and the parameter of a callback passed to a call on one (Elysia's
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
  if (fn && fn.params[0] === param) {
    const plugin = pluginTypeServer(fn, sourceCode);
    if (plugin !== null) return plugin;
  }
  const call = fn && outermostWrapper(fn).parent;
  if (!fn || fn.params[0] !== param || call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(outermostWrapper(fn) as TSESTree.CallExpressionArgument)) return null;
  const callee = skipTypeWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? madeByWebServer(callee.object, sourceCode, depth + 1) : null;
}

/** Fastify's plugin function types, whose first parameter is the instance the plugin registers routes on. */
const FASTIFY_PLUGIN_TYPES: ReadonlySet<string> = new Set(['FastifyPluginAsync', 'FastifyPluginCallback']);

/**
 * `'fastify'` for a function a `const` typed as a Fastify plugin holds
 * (`const internalRoutes: FastifyPluginAsync = async (fastify) => { … }`, the type imported from
 * fastify): the type gives its first parameter the instance. Null for any other function.
 */
function pluginTypeServer(fn: FunctionNode, sourceCode: SourceCode): string | null {
  const use = outermostWrapper(fn);
  const holder = use.parent;
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== use || holder.id.type !== AST_NODE_TYPES.Identifier) return null;
  const type = holder.id.typeAnnotation?.typeAnnotation;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier || !FASTIFY_PLUGIN_TYPES.has(type.typeName.name)) return null;
  return namesWebServer(type.typeName, sourceCode) === 'fastify' ? 'fastify' : null;
}

/** The web server package a callee or type name comes from: `express`, `express.Router`, `Elysia`, `Router` imported from express; null for any other. */
function namesWebServer(node: TSESTree.Node, sourceCode: SourceCode): string | null {
  const origin = moduleOrigin(node);
  if (origin !== null) return WEB_SERVER_MODULES.has(origin) ? origin : null;
  const path = getMemberPath(node);
  const module = path !== null && path.length <= 2 ? moduleBindings(sourceCode.ast).get(path[0]!)?.module : undefined;
  return module !== undefined && WEB_SERVER_MODULES.has(module) ? module : null;
}

/** Texts worth parsing for shadowed routes: a route method called with a literal path. */
export const MAY_REGISTER_ROUTE = /\.\s*(?:get|post|put|patch|delete|all|head|options)\s*\(\s*['"`]/;

/**
 * The handlers of Express routes an earlier route shadows, which never run. Express matches a request
 * against its app's (or router's) layers in the order they were registered and goes on past a route
 * only when a handler calls `next` (an error it throws or rejects with skips to error handlers, which
 * no route is). So `app.post('/telebirr-webhook', h2)` never runs when an earlier top-level statement
 * of the same file is `app.post('/telebirr-webhook', async (req, res) => { … })`: the same method, the
 * same literal path, the same app (a module-level `const` an Express call made), and a last handler
 * written in place that cannot call `next` (see {@link cannotCallNext}); whether it answers on every
 * path does not matter (a request it leaves unanswered hangs there). Middleware before that handler
 * (`router.post('/admin/create', verifyToken, async (req, res) => …)`) keeps the route shadowing when
 * each is a function read (of this file, or one `readMiddleware` finds in a project file) that never
 * calls `next('route')` (see {@link cannotSkipRoute}): it answers, calls `next()` into the handler, or
 * `next(error)`, which Express carries past every route to the error handlers. Every other shape keeps
 * both: a registration inside a function or block (its time unknown), a path that is not a literal or
 * differs in any character (`'/x'` and `'/x/'`, which Express may match alike), another method
 * (`all`), a middleware not read (a package's, a factory's call) or one that may skip to the next
 * route, a router (`app.route('/x').post(…)`), another server package.
 */
export function shadowedRouteHandlers(sourceCode: SourceCode, readMiddleware?: MiddlewareReader): TSESTree.Node[] {
  const shadowing = new Set<string>();
  const apps = new Map<TSESTree.Node, number>();
  const dead: TSESTree.Node[] = [];
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.CallExpression) continue;
    const call = statement.expression;
    const callee = call.callee;
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    const path = call.arguments.length >= 2 ? staticString(call.arguments[0]) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || method === null || !ROUTE_METHODS.has(method) || path === null || callee.object.type !== AST_NODE_TYPES.Identifier) continue;
    // The app: a module-level `const` made by Express (`const app = express()`, `express.Router()`), one object for the whole file.
    const init = constInitializer(callee.object, sourceCode);
    const declarator = init?.parent;
    if (!init || declarator?.parent?.parent?.type !== AST_NODE_TYPES.Program || webServerOf(init, sourceCode) !== 'express') continue;
    if (!apps.has(declarator)) apps.set(declarator, apps.size);
    const key = `${apps.get(declarator)!}\0${method}\0${path}`;
    const handlers = call.arguments.slice(1);
    if (shadowing.has(key)) dead.push(...handlers);
    else if (passesNoRequestOn(handlers, sourceCode, readMiddleware)) shadowing.add(key);
  }
  return dead;
}

/** Finds a middleware a route names (`verifyToken`, imported from a project file): the function and the file it is written in, or null. */
export type MiddlewareReader = (identifier: TSESTree.Identifier) => { fn: FunctionNode; sourceCode: SourceCode } | null;

/** A route's handlers that pass no request on to a later route: middleware that cannot skip the route, then a last handler written in place that cannot call `next`. */
function passesNoRequestOn(handlers: readonly TSESTree.Node[], sourceCode: SourceCode, readMiddleware: MiddlewareReader | undefined): boolean {
  const last = handlers.at(-1);
  if (!last || !isFunction(last) || !cannotCallNext(last, sourceCode)) return false;
  return handlers.slice(0, -1).every((handler) => {
    const value = skipTypeWrappers(handler);
    if (isFunction(value)) return cannotSkipRoute(value, sourceCode);
    if (value.type !== AST_NODE_TYPES.Identifier) return false;
    const local = functionOf(value, sourceCode);
    if (local) return cannotSkipRoute(local, sourceCode);
    const found = readMiddleware?.(value) ?? null;
    return found !== null && cannotSkipRoute(found.fn, found.sourceCode);
  });
}

/**
 * Whether a middleware cannot hand the request to the next route: Express's `next('route')` is the one
 * call that leaves a route's handlers for a later layer. So every use of its `next` (see {@link nextUses})
 * is a call with no argument (`next()`: on to the route's next handler) or with an error made or caught
 * (`next(new Error(…))`, `catch (e) { next(e); }`: Express skips every route while an error is pending).
 */
function cannotSkipRoute(fn: FunctionNode, sourceCode: SourceCode): boolean {
  return (
    nextUses(fn, sourceCode)?.every((identifier) => {
      const call = identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== identifier || call.arguments.length > 1) return false;
      const argument = call.arguments[0];
      return argument === undefined || argument.type === AST_NODE_TYPES.NewExpression || caughtError(argument, sourceCode);
    }) ?? false
  );
}

/** `e` of `catch (e)`: an error thrown, never the text `'route'`. */
function caughtError(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const defs = resolveVariable(node, sourceCode)?.defs;
  return defs?.length === 1 && defs[0]!.type === TSESLint.Scope.DefinitionType.CatchClause;
}

/** Whether an Express handler cannot pass the request on: it never names its `next` (see {@link nextUses}). */
function cannotCallNext(fn: FunctionNode, sourceCode: SourceCode): boolean {
  return nextUses(fn, sourceCode)?.length === 0;
}

/**
 * The references to an Express handler's `next` (none without a third parameter), or null when it may
 * reach `next` unseen or is no request handler: a rest parameter, four parameters (an error handler,
 * which a request without an error skips), `arguments`, a pattern.
 */
function nextUses(fn: FunctionNode, sourceCode: SourceCode): TSESTree.Node[] | null {
  if (fn.params.length > 3 || fn.params.some((param) => param.type === AST_NODE_TYPES.RestElement)) return null;
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && /\barguments\b/.test(sourceCode.getText(fn.body))) return null;
  const next = fn.params[2];
  if (next === undefined) return [];
  if (next.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = sourceCode.getDeclaredVariables(fn).find((declared) => declared.defs.some((def) => def.name === next));
  return variable ? variable.references.map((reference) => reference.identifier) : null;
}
