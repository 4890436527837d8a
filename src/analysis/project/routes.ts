/**
 * The methods a Node web framework registers a route with (`app.get('/x', …)`, `router.post(…)`,
 * Express, Fastify's shorthand, koa-router): one list for the own-backend model (`http/own-backend.ts`)
 * and the operator-gate model (`framework/admin.ts`).
 */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'head', 'options']);
