/**
 * The effects model: does code change state that outlives the update it handles? One call or code
 * region is one of three things:
 * - reads only, proven: every call a read the store, ORM, SQL and HTTP models prove (a MongoDB
 *   `find`, a Prisma `findMany`, a Supabase `select`, a `SELECT`, an HTTP `GET`), a computation, a
 *   log line or a chat call (see `codeOnlyReads`, `reads.ts`);
 * - a write: a store write named by the stores' one list (`storeWrites`, `writes.ts`: Prisma,
 *   MongoDB / Mongoose, Knex, Supabase) or a Redis or file write, SQL that changes rows, a file sent to the chat, or a project function
 *   named for a write or a balance change — not a setter of a message builder, `embed.setImage(url)` (see `stateChangeOf`, `changes.ts`);
 * - unknown: anything else.
 * A proven database write (`promiseWritesDatabase`, `writes.ts`) is narrower: a write the store, ORM
 * and SQL models prove on a proven client, or a project function that makes one.
 * Each consumer keeps its own default for unknown code: `no-swallowed-error` takes it as a possible
 * write in a `catch` clause (only proven reads are safe to swallow) and reports a rejection handler
 * by default only on a proven database write; `require-response-check` and
 * `require-number-validation` take it as no state change (they report only what reaches a write).
 */
export { stateChangeAfter, stateChangeOf, stateChangeWork, type StateChange } from './changes.js';
export { callRepeatsNothing, codeOnlyReads, effectSummaryWork } from './reads.js';
export { promiseWritesDatabase, writeSummaryWork } from './writes.js';
