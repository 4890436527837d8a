/**
 * The methods of a web server's response object, on the server side of HTTP: Express `res`, Fastify
 * `reply`. One home for the lists that the error models ask (a catch that answers the request, a
 * health route's answer, a callee whose only effect is the answer).
 */

/** Methods that send the answer: `res.json(…)`, `res.send(…)`, `res.sendStatus(500)`, `res.end()`, `res.redirect(…)`, `res.render(…)`. */
export const RESPONSE_SENDS: ReadonlySet<string> = new Set(['json', 'send', 'sendStatus', 'end', 'redirect', 'render']);

/** Methods that set the status or a header before the answer, and return the response: `res.status(500)`, Fastify's `reply.code(500)`, `res.type(…)`, `res.header(…)`, `res.set(…)`. */
export const RESPONSE_SETTERS: ReadonlySet<string> = new Set(['status', 'code', 'type', 'header', 'set']);
