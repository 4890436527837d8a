import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src/index.js';
import rule, { type MessageIds, type Options } from '../../src/rules/no-swallowed-error.js';
import { ruleTester } from '../rule-tester.js';

/**
 * A rejection handler whose promise makes no proven database write and is no broadcast: reported
 * only with `checkEveryPromiseCatch` (on in `strict`), which this turns on for the case.
 */
function everyCatch(test: InvalidTestCase<MessageIds, Options>): InvalidTestCase<MessageIds, Options> {
  return { ...test, options: [{ ...test.options?.[0], checkEveryPromiseCatch: true }] };
}

ruleTester.run('no-swallowed-error', rule, {
  valid: [
    // Rethrown, in any shape.
    'try { run(); } catch (e) { throw e; }',
    'try { run(); } catch { throw new Error("payment failed"); }',
    'try { run(); } catch (e) { if (e.code === "X") { throw new BotError("x", { cause: e }); } throw e; }',
    // Logged or reported.
    'try { run(); } catch (e) { console.error(e); }',
    'try { run(); } catch { console.warn("cleanup failed"); }',
    'try { run(); } catch (err) { logger.error({ err }, "top-up failed"); }',
    'try { run(); } catch (err) { this.logger.warn(err); }',
    'try { run(); } catch (err) { fastify.log.error(err); }',
    'try { run(); } catch (err) { Sentry.captureException(err); }',
    'try { run(); } catch (err) { captureException(err); }',
    'try { run(); } catch (err) { bugsnag.notify(err); }',
    'try { run(); } catch (err) { reportError(err); }',
    'try { run(); } catch (err) { logError("x"); }',
    'try { run(); } catch (err) { appLogger.error("x"); }',
    'try { run(); } catch (err) { pino().error(err); }',
    'try { run(); } catch (err) { logger.child({ job }).error(err); }',
    'try { run(); } catch { setTimeout(() => logger.error("retry failed"), 10); }',
    // The error escapes: passed on, returned, stored, rejected.
    'try { run(); } catch (e) { next(e); }',
    'try { run(); } catch (err) { done(err); }',
    'new Promise((resolve, reject) => { try { run(); } catch (e) { reject(e); } });',
    'function f() { try { return run(); } catch (e) { return e; } }',
    'function f() { try { return run(); } catch (e) { return { ok: false, error: e }; } }',
    'function f() { try { return run(); } catch (e) { return Promise.reject(e); } }',
    'let last; try { run(); } catch (e) { last = e; }',
    'try { run(); } catch (e) { state.error = e.message; }',
    'try { run(); } catch (e) { errors.push(e); }',
    'try { run(); } catch (e) { const message = `failed: ${e.message}`; notify(message); }',
    'try { run(); } catch ({ message }) { audit(message); }',
    'try { run(); } catch (e) { res.status(500).json({ error: String(e) }); }',
    'function* g() { try { yield 1; } catch (e) { yield e; } }',
    'try { run(); } catch (e) { fail(cond ? e : null); }',
    'try { run(); } catch (e) { fail(e || fallback); }',
    'try { run(); } catch (e) { fail(e.toString()); }',
    'try { run(); } catch (e) { fail(<Error>e); }',
    'try { run(); } catch (e) { const [first] = [e]; fail(first); }',
    'try { run(); } catch (e) { const copy = { ...e }; fail(copy); }',
    'try { run(); } catch (e) { fail(new Wrapped(e)); }',
    // Ends the process on purpose.
    'try { run(); } catch { process.exit(1); }',
    // Setting the exit code reports the failure to whoever ran the process.
    'try { run(); } catch { process.exitCode = 1; }',
    'try { run(); } catch (e) { process.exitCode = 2; }',
    'try { run(); } catch (e) { process.exitCode ??= 1; }',
    'try { run(); } catch { process.exitCode = EXIT_FAILURE; }',
    'try { run(); } catch { process.exitCode = failures.length; }',
    // Intent explained by a comment (allowWithComment, default true).
    'try { fs.unlinkSync(tmp); } catch { /* already gone */ }',
    `try { return JSON.parse(raw); } catch {
      // not JSON: the caller falls back to plain text
      return null;
    }`,
    // Synchronous probes whose failure is the expected answer (allowSyncFallbacks, default true).
    'function isValidAddress(a) { try { new PublicKey(a); return true; } catch (e) { return false; } }',
    'function parse(raw) { try { return JSON.parse(raw); } catch { return null; } }',
    'function parse(raw) { try { return JSON.parse(raw); } catch { return { ok: false, reason: "invalid", list: [1, -1, `x`] }; } }',
    'for (const line of lines) { try { rows.push(JSON.parse(line)); } catch { continue; } }',
    'let data; try { data = JSON.parse(raw); } catch { data = undefined; }',
    'async function f() { try { return JSON.parse(raw); } catch { return null; } const g = async () => { await x; }; }',
    // A UI fallback: the guarded code only talks to the user, and so does the handler.
    'ctx.deleteMessage().catch(() => ctx.reply("could not delete"));',
    'async () => { try { await ctx.editMessageText("x"); } catch { try { await ctx.deleteMessage(); await ctx.reply("x"); } catch { await ctx.reply("x"); } } };',
    // Cleanup on an error path (allowCleanup, default true).
    'async () => { try { await client.query("BEGIN"); await work(); } catch (err) { try { await client.query("ROLLBACK"); } catch (_) {} console.error(err); } };',
    'async () => { try { await work(); } finally { try { await client.release(); } catch {} } };',
    // A failure passed to a callback, like a throw.
    'new Promise((resolve, reject) => { try { resolve(parse()); } catch (e) { reject(new Error("could not parse the reply")); } });',
    'async (req, res, next) => { try { await work(); } catch { next(new HttpError(500)); } };',
    'async () => { try { await ctx.telegram.getChat(id); name = chat.title; } catch { name = fallback; } };',
    // A client error answered as such.
    'async (req, res, next) => { try { req.user = await verify(req); next(); } catch (e) { return res.status(401).json({ error: "INVALID_TOKEN" }); } };',
    'async (req, res) => { try { await check(req); } catch { res.sendStatus(400); } };',
    'app.get("/styles/*", async (c) => { try { return new Response(await getStaticFile(c.req.path)); } catch (error) { return c.notFound(); } });',
    // An optional module.
    'let sharp; try { sharp = require("sharp"); } catch {}',
    'try { const engine = require("./engine"); } catch {}',
    // Sent to the operator's chat: a report.
    'async () => { try { await ping(); } catch (err) { await bot.sendMessage(ADMIN_ID, "ping failed"); } };',
    'async () => { try { await ping(); } catch { await ctx.telegram.sendMessage(config.logChatId, "ping failed"); } };',
    // Browser code (checkBrowserCode, default false).
    'async () => { try { await save(); } catch (e) { toast.error("failed"); } document.title = "x"; };',
    'import React from "react"; export function f() { task().catch(noop); }',
    // Best-effort chat operations: answering an old query, deleting a gone message, pinning.
    'ctx.answerCbQuery().catch(() => {});',
    "ctx.react('👍').catch(() => {});", // grammY's reaction shortcut: a chat-only call
    'async (ctx) => { await ctx.answerCbQuery?.().catch(() => {}); };',
    'async (ctx) => { try { await ctx.pinChatMessage(id); } catch {} };',
    'async (ctx) => { try { await bot.api.sendMessage(id, "x", { reply_markup: new InlineKeyboard().text("a", "b") }); } catch {} };',
    'async (ctx) => { try { await ctx.editMessageText("x", Markup.inlineKeyboard([Markup.button.callback("a", "b")])); } catch { await ctx.reply("x"); } };',
    'async (ctx) => { try { await ctx.answerCbQuery().catch(() => {}); return await ctx.editMessageText("x"); } catch { return ctx.reply("x"); } };',
    // Promise handlers that log, rethrow or pass the error on.
    'task().catch(console.error);',
    'task().catch((e) => logger.error(e));',
    'task().catch((e) => { throw new Error("wrapped", { cause: e }); });',
    'task().catch((e) => e);',
    'task().catch(handleError);',
    'task().catch(next);',
    'task().then(ok, (e) => reportError(e));',
    'task().then(ok);',
    'task().catch(() => { /* best effort: the message may be gone already */ });',
    'promise.catch();',
    'promise.catch(...handlers);',
    'promise["catch"](() => {});',
    // Not a promise handler shape we check.
    'task().then(() => {});',
    { code: 'task().catch(() => {});', options: [{ checkPromiseCatch: false }] },
    // User-configured loggers: names, dotted paths, regular expressions.
    { code: 'try { run(); } catch (e) { audit.write("x"); }', options: [{ loggers: ['audit'] }] },
    { code: 'try { run(); } catch { ctx.track.failure(); }', options: [{ loggers: ['track.failure'] }] },
    { code: 'try { run(); } catch { alertOps(); }', options: [{ loggers: ['/^alert/'] }] },
  ],
  invalid: [
    {
      // The twin of `process.exitCode = 1`: setting another object's exitCode reports nothing.
      code: 'try { run(); } catch { job.exitCode = EXIT_FAILURE; }',
      errors: [
        {
          messageId: 'swallowed',
          line: 1,
          column: 16,
          endColumn: 21,
          suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (error) { console.error(error); job.exitCode = EXIT_FAILURE; }' }],
        },
      ],
    },
    {
      code: 'try { run(); } catch {}',
      errors: [
        {
          messageId: 'swallowed',
          line: 1,
          column: 16,
          endLine: 1,
          endColumn: 21,
          suggestions: [{ messageId: 'suggestLog', data: { logger: 'console.error' }, output: 'try { run(); } catch (error) {\n  console.error(error);\n}' }],
        },
      ],
    },
    {
      code: 'try { run(); } catch (e) {}',
      errors: [
        {
          messageId: 'swallowed',
          line: 1,
          column: 16,
          endColumn: 25,
          suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (e) {\n  console.error(e);\n}' }],
        },
      ],
    },
    {
      code: 'function load() {\n  try {\n    return JSON.parse(raw);\n  } catch {\n    return null;\n  }\n}',
      options: [{ allowSyncFallbacks: false }],
      errors: [
        {
          messageId: 'swallowed',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'suggestLog',
              output: 'function load() {\n  try {\n    return JSON.parse(raw);\n  } catch (error) {\n    console.error(error);\n    return null;\n  }\n}',
            },
          ],
        },
      ],
    },
    // Returns and flags that lose the error.
    {
      code: 'async function f() { try { await run(); } catch (e) { return false; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async function f() { try { await run(); } catch (e) { console.error(e); return false; } }' }] }],
    },
    {
      code: 'function* f() { try { yield run(); } catch (e) { return []; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function* f() { try { yield run(); } catch (e) { console.error(e); return []; } }' }] }],
    },
    {
      code: 'for (const x of xs) { try { for await (const y of x) use(y); } catch { continue; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'for (const x of xs) { try { for await (const y of x) use(y); } catch (error) { console.error(error); continue; } }' }] }],
    },
    {
      code: 'for (;;) { try { run(); } catch (e) { break; } }',
      options: [{ allowSyncFallbacks: false }],
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'for (;;) { try { run(); } catch (e) { console.error(e); break; } }' }] }],
    },
    {
      code: 'let ok = true; try { await run(); } catch (e) { ok = false; }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'let ok = true; try { await run(); } catch (e) { console.error(e); ok = false; }' }] }],
    },
    // Looking at the error is not handling it: other errors vanish.
    {
      code: 'try { run(); } catch (e) { if (e.code === "ENOENT") return; }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (e) { console.error(e); if (e.code === "ENOENT") return; }' }] }],
    },
    {
      code: 'try { run(); } catch (e) { if (e instanceof TypeError) { retry = true; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (e) { console.error(e); if (e instanceof TypeError) { retry = true; } }' }] }],
    },
    // Not a fallback: the handler computes something, or the try block awaits.
    {
      code: 'function parse(raw) { try { return JSON.parse(raw); } catch { return fallback(raw); } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function parse(raw) { try { return JSON.parse(raw); } catch (error) { console.error(error); return fallback(raw); } }' }] }],
    },
    {
      code: 'function parse(raw) { try { return JSON.parse(raw); } catch { return { ok: false, [key]: 1, ...rest, list: [, 1] }; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function parse(raw) { try { return JSON.parse(raw); } catch (error) { console.error(error); return { ok: false, [key]: 1, ...rest, list: [, 1] }; } }' }] }],
    },
    {
      code: 'function parse(raw) { try { return JSON.parse(raw); } catch { return [, null]; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function parse(raw) { try { return JSON.parse(raw); } catch (error) { console.error(error); return [, null]; } }' }] }],
    },
    {
      code: 'function f() { try { run(); } catch { x++; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function f() { try { run(); } catch (error) { console.error(error); x++; } }' }] }],
    },
    {
      code: 'async function check(a) { try { await rpc.getAccount(a); return true; } catch { return false; } }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async function check(a) { try { await rpc.getAccount(a); return true; } catch (error) { console.error(error); return false; } }' }] }],
    },
    {
      code: 'function isValidAddress(a) { try { new PublicKey(a); return true; } catch (e) { return false; } }',
      options: [{ allowSyncFallbacks: false }],
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function isValidAddress(a) { try { new PublicKey(a); return true; } catch (e) { console.error(e); return false; } }' }] }],
    },
    {
      code: 'async () => { try { await work(); } finally { try { await client.release(); } catch {} } };',
      options: [{ allowCleanup: false }],
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async () => { try { await work(); } finally { try { await client.release(); } catch (error) {\n  console.error(error);\n} } };' }] }],
    },
    {
      code: 'async () => { try { await work(); } catch { reject(); } };',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async () => { try { await work(); } catch (error) { console.error(error); reject(); } };' }] }],
    },
    {
      code: 'function f() { try { work(); } catch { const g = () => { try { x(); } catch {} }; } }',
      errors: [
        { messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function f() { try { work(); } catch (error) { console.error(error); const g = () => { try { x(); } catch {} }; } }' }] },
        { messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'function f() { try { work(); } catch { const g = () => { try { x(); } catch (error) {\n  console.error(error);\n} }; } }' }] },
      ],
    },
    {
      code: 'async () => { try { await save(); } catch (e) { toast.error("failed"); } document.title = "x"; };',
      options: [{ checkBrowserCode: true }],
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async () => { try { await save(); } catch (e) { console.error(e); toast.error("failed"); } document.title = "x"; };' }] }],
    },
    {
      code: 'async () => { try { await ping(); } catch { await bot.sendMessage(chatId, "ping failed"); } };',
      errors: [{ messageId: 'repliesOnly', suggestions: [{ messageId: 'suggestLog', output: 'async () => { try { await ping(); } catch (error) { console.error(error); await bot.sendMessage(chatId, "ping failed"); } };' }] }],
    },
    {
      code: 'async () => { try { await ping(); } catch { await ctx.reply(); } };',
      errors: [{ messageId: 'repliesOnly', suggestions: [{ messageId: 'suggestLog', output: 'async () => { try { await ping(); } catch (error) { console.error(error); await ctx.reply(); } };' }] }],
    },
    {
      code: 'let x; try { x = require("a"); run(); } catch {}',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'let x; try { x = require("a"); run(); } catch (error) {\n  console.error(error);\n}' }] }],
    },
    {
      code: 'let x; try { x = load("a"); const y = f(); } catch {}',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'let x; try { x = load("a"); const y = f(); } catch (error) {\n  console.error(error);\n}' }] }],
    },
    {
      code: 'async (req, res) => { try { await save(req); } catch { res.status(500).json({ error: "failed" }); } };',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async (req, res) => { try { await save(req); } catch (error) { console.error(error); res.status(500).json({ error: "failed" }); } };' }] }],
    },
    {
      code: 'async (req, res) => { try { await save(req); } catch { res.status(code).end(); res.status(); } };',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async (req, res) => { try { await save(req); } catch (error) { console.error(error); res.status(code).end(); res.status(); } };' }] }],
    },
    everyCatch({
      code: 'bot.on("pre_checkout_query", (ctx) => ctx.answerPreCheckoutQuery(true).catch(() => {}));',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'bot.on("pre_checkout_query", (ctx) => ctx.answerPreCheckoutQuery(true).catch((error) => {\n  console.error(error);\n}));' }] }],
    }),
    // Its invalid twin: a command on the connection, not its close.
    everyCatch({
      code: 'subscriber.publish("x", y).catch(() => {});',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'subscriber.publish("x", y).catch((error) => {\n  console.error(error);\n});' }] }],
    }),
    // Its invalid twin: a conversion that is not a built-in (a project function may do I/O).
    {
      code: 'async (msg) => { try { state[id].price = toPrice(state[id].balance); await bot.deleteMessage(id, msg.message_id); } catch (error) {} };',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async (msg) => { try { state[id].price = toPrice(state[id].balance); await bot.deleteMessage(id, msg.message_id); } catch (error) {\n  console.error(error);\n} };' }] }],
    },
    // A chat call whose arguments wait for real work (a database read) is not a best-effort UI operation.
    {
      code: 'async (ctx) => { try { await ctx.reply(await render(ctx)); } catch {} };',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'async (ctx) => { try { await ctx.reply(await render(ctx)); } catch (error) {\n  console.error(error);\n} };' }] }],
    },
    // Reads of the error that go nowhere.
    {
      code: 'try { await run(); } catch (e) { flags[e ? 1 : 0] = true; }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { await run(); } catch (e) { console.error(e); flags[e ? 1 : 0] = true; }' }] }],
    },
    {
      code: 'try { run(); } catch (e) { const o = { [e.code]: 1 }; }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (e) { console.error(e); const o = { [e.code]: 1 }; }' }] }],
    },
    {
      code: 'try { run(); } catch (e) { left = e.retries - 1; e = null; const { code } = e; }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (e) { console.error(e); left = e.retries - 1; e = null; const { code } = e; }' }] }],
    },
    // A throw in a nested function runs later, if ever.
    {
      code: 'try { run(); } catch (e) { const f = () => { throw e; }; }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (e) { console.error(e); const f = () => { throw e; }; }' }] }],
    },
    // Only answering the user: the operator never sees it.
    {
      code: 'bot.on("message", async (ctx) => {\n  try {\n    await charge(ctx);\n  } catch (e) {\n    await ctx.reply("Something went wrong");\n  }\n});',
      errors: [
        {
          messageId: 'repliesOnly',
          line: 4,
          column: 5,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'suggestLog',
              output: 'bot.on("message", async (ctx) => {\n  try {\n    await charge(ctx);\n  } catch (e) {\n    console.error(e);\n    await ctx.reply("Something went wrong");\n  }\n});',
            },
          ],
        },
      ],
    },
    {
      code: 'async (ctx) => { try { await charge(ctx); } catch (e) { await ctx.reply(`Error: ${e.message}`); } };',
      options: [{ allowErrorInReply: false }],
      errors: [
        {
          messageId: 'repliesOnly',
          suggestions: [{ messageId: 'suggestLog', output: 'async (ctx) => { try { await charge(ctx); } catch (e) { console.error(e); await ctx.reply(`Error: ${e.message}`); } };' }],
        },
      ],
    },
    // A shadowed name is not the error.
    {
      code: 'try { run(); } catch (e) { [1].forEach((e) => use(e)); }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (e) { console.error(e); [1].forEach((e) => use(e)); }' }] }],
    },
    // An empty comment explains nothing; allowWithComment false ignores comments altogether.
    {
      code: 'try { run(); } catch { /**/ }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (error) { console.error(error); /**/ }' }] }],
    },
    {
      code: 'try { run(); } catch { /* ignore */ }',
      options: [{ allowWithComment: false }],
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (error) { console.error(error); /* ignore */ }' }] }],
    },
    // The suggestion names a binding that does not clash.
    {
      code: 'try { run(); } catch { notify(error); }',
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', output: 'try { run(); } catch (err) { console.error(err); notify(error); }' }] }],
    },
    // A destructured binding cannot be logged whole: no suggestion.
    { code: 'try { run(); } catch ({ code }) { if (code) flag = 1; }', errors: [{ messageId: 'swallowed', suggestions: [] }] },
    // The first configured logger (not a pattern) is used by the suggestion.
    {
      code: 'try { run(); } catch (e) {}',
      options: [{ loggers: ['/^x/', 'logger.error'] }],
      errors: [{ messageId: 'swallowed', suggestions: [{ messageId: 'suggestLog', data: { logger: 'logger.error' }, output: 'try { run(); } catch (e) {\n  logger.error(e);\n}' }] }],
    },
    // Promise handlers.
    everyCatch({
      code: 'task().catch(() => {});',
      errors: [
        {
          messageId: 'swallowedPromise',
          line: 1,
          column: 8,
          endColumn: 13,
          suggestions: [{ messageId: 'suggestLog', output: 'task().catch((error) => {\n  console.error(error);\n});' }],
        },
      ],
    }),
    everyCatch({
      code: 'task().catch(() => null);',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'task().catch((error) => {\n  console.error(error);\n  return null;\n});' }] }],
    }),
    everyCatch({
      code: 'task().catch(function () {});',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'task().catch(function (error) {\n  console.error(error);\n});' }] }],
    }),
    everyCatch({
      code: 'task().catch(async (e) => undefined);',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'task().catch(async (e) => {\n  console.error(e);\n  return undefined;\n});' }] }],
    }),
    everyCatch({
      code: 'task().then(use, () => {});',
      errors: [
        {
          messageId: 'swallowedPromise',
          column: 8,
          endColumn: 12,
          suggestions: [{ messageId: 'suggestLog', output: 'task().then(use, (error) => {\n  console.error(error);\n});' }],
        },
      ],
    }),
    everyCatch({
      code: 'task().catch(noop);',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'task().catch((error) => { console.error(error); });' }] }],
    }),
    everyCatch({
      code: 'task().catch(_.noop);',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'task().catch((error) => { console.error(error); });' }] }],
    }),
    everyCatch({
      code: 'charge(ctx).catch((e) => ctx.reply("payment failed"));',
      errors: [
        {
          messageId: 'repliesOnly',
          suggestions: [{ messageId: 'suggestLog', output: 'charge(ctx).catch((e) => {\n  console.error(e);\n  return ctx.reply("payment failed");\n});' }],
        },
      ],
    }),
    {
      code: 'async () => { try { await ctx.editMessageText("x"); await save(); } catch { await ctx.reply("x"); } };',
      errors: [{ messageId: 'repliesOnly', suggestions: [{ messageId: 'suggestLog', output: 'async () => { try { await ctx.editMessageText("x"); await save(); } catch (error) { console.error(error); await ctx.reply("x"); } };' }] }],
    },
    {
      code: 'async () => { try { await x; } catch { await ctx.reply("x"); } };',
      errors: [{ messageId: 'repliesOnly', suggestions: [{ messageId: 'suggestLog', output: 'async () => { try { await x; } catch (error) { console.error(error); await ctx.reply("x"); } };' }] }],
    },
    everyCatch({
      code: 'task().catch((() => {}) as never);',
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: 'task().catch(((error) => {\n  console.error(error);\n}) as never);' }] }],
    }),
  ],
});

/** A project on disk, for callees imported from a relative path. */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-'));
fs.writeFileSync(
  path.join(project, 'helpers.ts'),
  [
    "import { logger } from './logger';",
    'export async function warmup() { try { await login(); } catch (err) { logger.warn({ err }, "warmup failed"); } }',
    'export async function listOrEmpty() { try { return await api.list(); } catch { return []; } }',
    'export async function saveLogged() { try { await api.save(); } catch (err) { console.error(err); throw err; } }',
    'export async function saveUnlogged() { try { await api.save(); } catch { throw new Error("save failed"); } }',
    'export async function save() { await api.save(); }',
    'export const topics = { async onCreated(id) { try { await db.topic.upsert({ id }); } catch (err) { logger.error({ err }, "topic failed"); } }, async onClosed(id) { await db.topic.update({ id }); } };',
    'class Settings { async load() { try { return await db.settings.find(); } catch (error) { logger.error("settings failed", error); return {}; } } async save(s) { await db.settings.update(s); } }',
    'export const settings = new Settings();',
    'export async function query(text) { const start = Date.now(); try { return await pool.query(text); } catch (err) { logger.error({ err, ms: Date.now() - start }, "query failed"); throw err; } }',
    'export async function getPending(id) { const { rows } = await query("x"); const setAt = new Date(rows[0].at); if (Date.now() - setAt.getTime() > 5) { clearPending(id).catch((err) => logger.warn({ err }, "cleanup failed")); return null; } return rows[0]; }',
    'export async function getPendingRaw(id) { const { rows } = await query("x"); if (rows.length === 0) await clearPending(id); return rows[0]; }',
    'export async function clearPending(id) { await pool.query("y"); }',
    // An audit writer whose name reads as a logger: proven by its body, like any callee.
    'export async function registrarLog(entry) { try { await db.query("INSERT INTO logs_auditoria (entry) VALUES ($1)", [entry]); } catch (err) { logger.error("audit failed", { message: err.message }); } }',
    'export async function registrarLogRaw(entry) { await db.query("INSERT INTO logs_auditoria (entry) VALUES ($1)", [entry]); }',
  ].join('\n'),
);

fs.writeFileSync(
  path.join(project, 'payment.service.ts'),
  [
    'export class PaymentService {',
    "  async status(id: string) { if (!this.checkout) throw new Error('Payment service is not initialized'); try { return (await this.checkout.getPayment(id)).status; } catch (e) { this.logger.error(e); throw e; } }",
    '  async refund(id: string) { await this.checkout.refund(id); }',
    '}',
  ].join('\n'),
);
const main = path.join(project, 'main.ts');
/** A NestJS-style service with `PaymentService` injected into its constructor, whose handler calls `this.payments.<method>`. */
const INJECTED = (method: string, type = 'PaymentService') =>
  `import { PaymentService } from './payment.service';\nexport class BotService {\n  constructor(private readonly payments: ${type}) {}\n  async onCheck(ctx) { try { const s = await this.payments.${method}(ctx.match[1]); await ctx.editMessageText(String(s)); } catch { await ctx.reply('Could not check the payment'); } }\n}`;
const logAt = (code: string, from: string, to: string) => [{ messageId: 'suggestLog' as const, output: code.replace(from, to) }];
/** Invalid with the one suggestion inserting `console.error(<name>)` at `from`. */
const reported = (code: string, messageId: 'swallowed' | 'swallowedPromise' | 'repliesOnly' | 'broadcastSwallowed', from: string, to: string, options?: Options[0]) => ({
  code,
  ...(options ? { options: [options] as Options } : {}),
  errors: [{ messageId, suggestions: logAt(code, from, to) }],
});

ruleTester.run('no-swallowed-error: callees, chat calls, body reads, directives, fallbacks, broadcasts, admins', rule, {
  valid: [
    // A callee that already deals with its failures: it logs, returns a value, or logs and rethrows.
    'async function warm() { try { await login(); } catch (e) { console.warn(e); } }\nwarm().catch(() => {});',
    'async function warm() { try { await login(); } catch (e) { console.warn(e); } }\nasync function init() { await warm(); }\ninit().catch(() => {});',
    'async function warm() { try { await login(); } catch (e) { console.warn(e); } }\nwarm().catch(noop);',
    // A callee that leaves with a plain throw while its client is not configured, and logs before rethrowing its own failures.
    "class Payments { async status(id) { if (!this.checkout) { throw new Error('Payment service is not initialized'); } try { return (await this.checkout.getPayment(id)).status; } catch (e) { this.logger.error(e); throw e; } } async onCheck(ctx) { try { const s = await this.status(ctx.match[1]); await ctx.editMessageText(s); } catch { await ctx.reply('Could not check the payment'); } } }",
    "let checkout = null;\nasync function paymentStatus(id) { if (!checkout) throw new Error('Payment service is not initialized'); try { return (await checkout.getPayment(id)).status; } catch (e) { console.error(e); throw e; } }\nbot.action('check', async (ctx) => { try { const s = await paymentStatus(ctx.match[1]); await ctx.editMessageText(s); } catch { await ctx.reply('Could not check the payment'); } });",
    'class S { async warm() { try { await this.login(); } catch (e) { this.logger.warn(e); } } start() { this.warm().catch(() => {}); } }',
    { code: "import { warmup } from './helpers';\nwarmup().catch(() => {});", filename: main },
    { code: "import { listOrEmpty } from './helpers';\nasync function f() { try { await listOrEmpty(); } catch {} }", filename: main },
    { code: "import * as h from './helpers';\nh.saveLogged().catch(() => {});", filename: main },
    // A method of a service object a project file exports (a literal or a class instance) that logs its own failures.
    { code: "import { topics } from './helpers';\ntopics.onCreated(1).catch(() => {});", filename: main },
    // Round 25 (Satoshi-v01+whatsapp-bot, no-swallowed-error#20): an audit writer named like a logger that logs its own failure;
    // the arguments are evaluated before the promise exists, so what they compute never reaches the handler.
    { code: "import { registrarLog } from './helpers';\nasync function f(req, items) { registrarLog({ id: req.usuario?.id, items: items.map((it) => ({ n: it.nombre })) }).catch(() => {}); }", filename: main, options: [{ checkEveryPromiseCatch: true }] },
    // A read whose only failing call is a query helper that logs and rethrows: the error is logged before the caller drops it.
    { code: "import { getPending } from './helpers';\nasync function f(id) { return getPending(id).catch(() => null); }", filename: main },
    { code: "import { settings } from './helpers';\nasync function f() { let s; try { s = await settings.load(); } catch {} return s; }", filename: main },
    // A service injected into the constructor (NestJS): its method, followed into the file of the class its type names.
    { code: INJECTED('status'), filename: main },
    "class Checkout { async status(id) { try { return await api.get(id); } catch (e) { console.error(e); throw e; } } }\nclass Bot { constructor(private checkout: Checkout) {} async onCheck(ctx) { try { const s = await this.checkout.status(ctx.match[1]); await ctx.reply(s); } catch { await ctx.reply('Could not check'); } } }",
    'class Jars { async all() { try { return await db.jars.find(); } catch (e) { console.error("jars failed", e); return []; } } }\nconst jars = new Jars();\nasync function f() { try { await jars.all(); } catch (e) {} }',
    // Computing the text in a chat call's arguments keeps it best-effort.
    'async (ctx) => { await ctx.reply(t(ctx, "aiChatRateLimit"), { parse_mode: "Markdown" }).catch(() => {}); };',
    'async (ctx) => { await ctx.answerCallbackQuery({ text: tUser(user, "subscribe.cancelled") }).catch(() => {}); };',
    'async (ctx) => { await ctx.reply(`Price: ${price.toFixed(4)}`, kb).catch(() => {}); };',
    'async (ctx) => { try { await ctx.reply("x", keyboards[0]()); } catch {} };',
    'async (ctx) => { try { await ctx.reply("x", new Menu().text("a")); } catch {} };',
    // Closing a connection the code is done with: a failure there is secondary.
    'socket.on("close", () => { subscriber.quit().catch(() => {}); });',
    'async function stop() { try { await redis.disconnect(); } catch {} }',
    // Dropping a response body the code will not read: the stream is discarded anyway.
    'async function article(url) { const res = await fetch(url); if (!res.ok) { await res.body?.cancel().catch(() => {}); return null; } return res.text(); }',
    // State updates and pure conversions (`Number`, `Math.*`) around chat calls keep them best-effort.
    'async (msg) => { try { state[id].price = Number(state[id].balance * text) / 100; await bot.deleteMessage(id, msg.message_id); await bot.editMessageText(`${Math.round(state[id].price)}`, opts); } catch (error) {} };',
    // Reading an error response's body right before the throw that reports the failure.
    'async function post(res) { if (!res.ok) { const body = await res.text().catch(() => ""); throw new Error(`${res.status}: ${body}`); } return res.json(); }',
    'async function post(res) { if (!res.ok) { let body = ""; try { body = await res.text(); } catch {} const m = `${res.status} ${body}`; throw new Error(m); } }',
    // The body read adds detail to a failure that is logged, then thrown or returned, or returned as a failure value.
    'async function post(res) { if (!res.ok) { const text = await res.text().catch(() => ""); console.error("create failed:", res.status, text); throw new Error(`${res.status} ${text}`); } }',
    'async function quote(response) { if (!response.ok) { const data = (await response.json().catch(() => ({}))) as ErrorBody; logger.error("quote failed", { status: response.status, error: data.error }); return Err({ status: response.status }); } }',
    'async function call(res) { if (!res.ok) { const snippet = big ? "x" : await res.text().catch(() => ""); return { ok: false, error: `${res.status} ${snippet}`, status: res.status }; } return { ok: true }; }',
    // A probe whose failure is the answer: the catch creates the missing path (its own failure is not caught); a health check's `false` is the report.
    'async function ensureDir(dir) { try { await fs.access(dir); } catch { await fs.mkdir(dir, { recursive: true }); } }',
    // Round 25 (castlejnr2-droid+yellowcatz-bot, no-swallowed-error#23): a token account probed, and its creation added when it is missing.
    'async function sweep(conn, ata, owner, mint) { const tx = new Transaction(); try { await withRetry(() => getAccount(conn, ata, "confirmed")); } catch { tx.add(createAssociatedTokenAccountInstruction(payer, ata, owner, mint)); } return tx; }',
    'async function checkRedis() { try { await redis.ping(); return true; } catch { return false; } }',
    // Round 25 (vibeforge1111+spark-telegram-bot, no-swallowed-error#15): an existence probe whose `false` is the answer.
    'async function fileExists(filePath) { try { await access(filePath); return true; } catch { return false; } }',
    'async function isDir(p) { try { await fs.promises.stat(p); return true; } catch { return false; } }',
    // A health route (`/health`, `/healthz`, `/ready`, `/live`) whose catch answers 5xx: the monitor gets the failure, which is the route's job.
    "fastify.get('/health', async (request, reply) => { try { await pool.query('SELECT 1'); return { status: 'ok' }; } catch (err) { reply.code(503); return { status: 'error' }; } });",
    "app.get('/api/healthz', async (req, res) => { try { await db.ping(); res.json({ ok: true }); } catch { res.status(503).json({ ok: false }); } });",
    // A pure string helper in the arguments (`escapeHtml`) does not hide a callee that logs its own failures: in a loop, after `if`, with a success counter.
    'function escapeHtml(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;"); }\nasync function send(chat, text) { if (!TOKEN) { console.warn("no token"); return; } try { await fetch(`https://api.telegram.org/bot${TOKEN}/sendMessage`, { method: "POST", body: JSON.stringify({ chat_id: chat, text }) }); } catch (e) { console.warn("send failed", e); } }\nasync function all(ids, text, r) { let sent = 0; for (const id of ids) { try { await send(id, escapeHtml(text)); sent++; } catch (e) {} } try { if (r.id && r.awarded) await send(r.id, `joined ${escapeHtml(r.name)}`); } catch (e) {} await send(1, `Sent ${sent}`); }',
    // Synchronous fallbacks to a value computed without calls.
    'function host(u) { try { return new URL(u).hostname; } catch { return u; } }',
    'function label(raw, id) { try { return JSON.parse(raw).title; } catch { return `#${id}`; } }',
    'function parse(raw) { try { return JSON.parse(raw); } catch { return `${raw}`; } }',
    'let value; try { value = JSON.parse(raw); } catch { value = defaults.value ?? null; }',
    'let valid = true; try { new URL(s); } catch { valid = false; }',
    'function list(raw) { try { const a = JSON.parse(raw); return Array.isArray(a) ? a : []; } catch { return []; } }',
    // A failure recorded with its cause.
    'function runJob(job) { try { work(job); } catch (e) { job.failed = true; job.error = String(e); } }',
    "async function runJob(job) { try { await work(job); } catch (e) { await db.query(\"update jobs set status = 'failed', error = $1 where id = $2\", [e.message, job.id]); } }",
    // A broadcast whose handler inspects the error and logs the rest; a loop that always sends to the same chat.
    'async function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch (e) { if (e.error_code === 403) { await markBlocked(id); continue; } logger.warn(e); } } }',
    // Issue 15 (session 21): the 403 case handled, the rest rethrown.
    'async function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch (e) { if (e.error_code === 403) { await markBlocked(id); continue; } throw e; } } }',
    'async function report(lines) { for (const line of lines) { try { await bot.api.sendMessage(ADMIN_CHAT, line); } catch {} } }',
    // A log line without the error: reported only with requireErrorInLog (strict).
    'async function f() { try { await update(); } catch (err) { console.log("update failed"); return null; } }',
    { code: 'async function f() { try { await update(); } catch (err) { console.log("update failed", err); return null; } }', options: [{ requireErrorInLog: true }] },
    { code: 'async function f() { try { await update(); } catch (err) { throw err; } }', options: [{ requireErrorInLog: true }] },
    // The error itself in the chat answer: whoever reads the chat sees why (allowErrorInReply, off in strict).
    'async (ctx) => { try { await charge(ctx); } catch (e) { await ctx.reply(`Error: ${e.message}`); } };',
    'bot.action("x", async (ctx) => { try { await sync(); } catch (error) { await ctx.editMessageText(`❌ ${error}`); } });',
    'bot.on("message", async (msg) => { try { await sync(); } catch (err) { await bot.sendMessage(msg.chat.id, "failed: " + String(err)); } });',
    // With allowErrorInReply off: an admin-only handler that shows the error to the admin.
    { code: 'bot.action("x", async (ctx) => { if (!ctx.from || !(await isAdminByTelegramId(ctx.from.id))) return; try { await sync(); } catch (error) { await ctx.reply(`❌ ${error instanceof Error ? error.message : "unknown"}`); } });', options: [{ allowErrorInReply: false }] },
    { code: 'bot.command("sync", adminOnly, async (ctx) => { try { await sync(); } catch (e) { await ctx.reply(e.message); } });', options: [{ allowErrorInReply: false }] },
    { code: 'bot.command("sync", async (ctx) => { if (ctx.from.id !== ADMIN_ID) { return; } await sync().catch((e) => ctx.reply(String(e))); });', options: [{ allowErrorInReply: false }] },
  ],
  invalid: [
    // The callee does not deal with its failures, or cannot be proven to.
    // Its twin: the guard tests the argument the caller passed, whose failure the caller's catch hides.
    {
      code: "let checkout = null;\nasync function paymentStatus(id) { if (!id) throw new Error('No payment id'); try { return (await checkout.getPayment(id)).status; } catch (e) { console.error(e); throw e; } }\nbot.action('check', async (ctx) => { try { const s = await paymentStatus(ctx.match[1]); await ctx.editMessageText(s); } catch { await ctx.reply('Could not check the payment'); } });",
      errors: [{ messageId: 'repliesOnly', line: 3, suggestions: logAt("let checkout = null;\nasync function paymentStatus(id) { if (!id) throw new Error('No payment id'); try { return (await checkout.getPayment(id)).status; } catch (e) { console.error(e); throw e; } }\nbot.action('check', async (ctx) => { try { const s = await paymentStatus(ctx.match[1]); await ctx.editMessageText(s); } catch { await ctx.reply('Could not check the payment'); } });", "} catch {", "} catch (error) { console.error(error);") }],
    },
    everyCatch({
      code: 'async function warm() { await login(); }\nwarm().catch(() => {});',
      errors: [{ messageId: 'swallowedPromise', line: 2, column: 8, suggestions: logAt('async function warm() { await login(); }\nwarm().catch(() => {});', '() => {}', '(error) => {\n  console.error(error);\n}') }],
    }),
    everyCatch({
      code: 'async function warm() { try { await login(); } catch (e) { await warm(); } }\nwarm().catch(() => {});',
      errors: [
        { messageId: 'swallowed', line: 1, suggestions: logAt('async function warm() { try { await login(); } catch (e) { await warm(); } }\nwarm().catch(() => {});', '{ await warm(); }', '{ console.error(e); await warm(); }') },
        { messageId: 'swallowedPromise', line: 2, suggestions: logAt('async function warm() { try { await login(); } catch (e) { await warm(); } }\nwarm().catch(() => {});', '() => {}', '(error) => {\n  console.error(error);\n}') },
      ],
    }),
    // The same read with a call that nobody logs (`clearPending` runs `pool.query` bare): reported.
    everyCatch({ ...reported("import { getPendingRaw } from './helpers';\nasync function f(id) { return getPendingRaw(id).catch(() => null); }", 'swallowedPromise', '() => null', '(error) => {\n  console.error(error);\n  return null;\n}'), filename: main }),
    // The same service objects' methods that do not catch their own failures stay reported.
    everyCatch({ ...reported("import { topics } from './helpers';\ntopics.onClosed(1).catch(() => {});", 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}'), filename: main }),
    { ...reported("import { settings } from './helpers';\nasync function f(s) { try { await settings.save(s); } catch {} }", 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'), filename: main },
    // An injected service's method that does not log, or a generic type (`Repository<Payment>`) that is not followed.
    { ...reported(INJECTED('refund'), 'repliesOnly', 'catch {', 'catch (error) { console.error(error);'), filename: main },
    { ...reported(INJECTED('status', 'Repository<PaymentService>'), 'repliesOnly', 'catch {', 'catch (error) { console.error(error);'), filename: main },
    everyCatch({
      code: "import { saveUnlogged } from './helpers';\nsaveUnlogged().catch(() => {});",
      filename: main,
      errors: [{ messageId: 'swallowedPromise', suggestions: logAt("import { saveUnlogged } from './helpers';\nsaveUnlogged().catch(() => {});", '() => {}', '(error) => {\n  console.error(error);\n}') }],
    }),
    {
      code: "import { save } from './helpers';\nasync function f() { try { await save(); } catch {} }",
      filename: main,
      errors: [{ messageId: 'swallowed', suggestions: logAt("import { save } from './helpers';\nasync function f() { try { await save(); } catch {} }", 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    {
      code: "import { warmup } from './helpers';\nasync function f() { try { await warmup(); await charge(); } catch {} }",
      filename: main,
      errors: [{ messageId: 'swallowed', suggestions: logAt("import { warmup } from './helpers';\nasync function f() { try { await warmup(); await charge(); } catch {} }", 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    // The same audit write without a catch of its own, or awaited in a try whose arguments await a read: reported.
    everyCatch({ ...reported("import { registrarLogRaw } from './helpers';\nasync function f(entry) { registrarLogRaw(entry).catch(() => {}); }", 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}'), filename: main }),
    { ...reported("import { registrarLogRaw } from './helpers';\nasync function f(entry) { try { await registrarLogRaw(entry); } catch {} }", 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'), filename: main },
    { ...reported("import { registrarLog } from './helpers';\nasync function f(id) { try { await registrarLog(await db.find(id)); } catch {} }", 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'), filename: main },
    // A chat call in a `try` that waits for a database read in its arguments: the catch gets the database failure.
    reported('async (ctx) => { try { await ctx.reply(await db.getBalance(ctx.from.id)); } catch {} };', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A body read whose block does not go on to throw.
    // The catch creates another path than the one probed, or the check is not a health probe: reported.
    reported('async function ensureDir(dir, other) { try { await fs.access(dir); } catch { await fs.mkdir(other); } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // Its twin: the catch creates the account of another address.
    reported('async function sweep(conn, ata, other, owner, mint) { const tx = new Transaction(); try { await withRetry(() => getAccount(conn, ata, "confirmed")); } catch { tx.add(createAssociatedTokenAccountInstruction(payer, other, owner, mint)); } return tx; }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function isValid(token) { try { await client.simulateContract(token); return true; } catch { return false; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // The existence probe's twin: a read of the file, not a probe, falling back to `false`.
    reported('async function fileExists(filePath) { try { await readFile(filePath); return true; } catch { return false; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function fileExists(filePath) { try { await access(filePath); await unlink(filePath); return true; } catch { return false; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // The same 503 on a route that is not a health check (a user's request failed, unlogged), or a health route that answers success: reported.
    reported("app.get('/wallet', async (req, res) => { try { res.json(await db.wallet(req.user)); } catch { res.status(503).json({ ok: false }); } });", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported("app.get('/health', async (req, res) => { try { await db.ping(); res.json({ ok: true }); } catch { res.json({ ok: true }); } });", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported("app.get('/health', async (req, res) => { try { await db.ping(); res.json({ ok: true }); } catch { await alerts.clear(); res.status(503).end(); } });", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    everyCatch({
      // A body read followed by a return of a value that does not say it failed, with nothing logged.
      code: 'async function post(res) { if (!res.ok) { const body = await res.text().catch(() => ""); return { ok: true, body }; } }',
      errors: [{ messageId: 'swallowedPromise', suggestions: logAt('async function post(res) { if (!res.ok) { const body = await res.text().catch(() => ""); return { ok: true, body }; } }', '() => ""', '(error) => {\n  console.error(error);\n  return "";\n}') }],
    }),
    {
      // A helper that is not only string work (`render` is unknown) may fail itself: the empty catch hides it.
      code: 'function render(s) { return template(s).replace(/&/g, "&amp;"); }\nasync function send(chat, text) { try { await bot.api.sendMessage(chat, text); } catch (e) { console.warn("send failed", e); } }\nasync function one(id, text) { try { await send(id, render(text)); } catch (e) {} }',
      errors: [{ messageId: 'swallowed', line: 3, suggestions: logAt('function render(s) { return template(s).replace(/&/g, "&amp;"); }\nasync function send(chat, text) { try { await bot.api.sendMessage(chat, text); } catch (e) { console.warn("send failed", e); } }\nasync function one(id, text) { try { await send(id, render(text)); } catch (e) {} }', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}') }],
    },
    everyCatch({
      code: 'async function post(res) { if (!res.ok) { const body = await res.text().catch(() => ""); return null; } }',
      errors: [{ messageId: 'swallowedPromise', suggestions: logAt('async function post(res) { if (!res.ok) { const body = await res.text().catch(() => ""); return null; } }', '() => ""', '(error) => {\n  console.error(error);\n  return "";\n}') }],
    }),
    // The try block throws on purpose: the fallback hides that check.
    {
      code: 'function list(raw) { try { const a = JSON.parse(raw); if (!Array.isArray(a)) throw new Error("expected an array"); return a; } catch { return []; } }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('function list(raw) { try { const a = JSON.parse(raw); if (!Array.isArray(a)) throw new Error("expected an array"); return a; } catch { return []; } }', 'catch { return []; }', 'catch (error) { console.error(error); return []; }') }],
    },
    // Only a status flag: the work failed, nobody knows why.
    {
      code: 'function runJob(job) { try { work(job); } catch { job.failed = true; } }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('function runJob(job) { try { work(job); } catch { job.failed = true; } }', 'catch {', 'catch (error) { console.error(error);') }],
    },
    {
      code: 'let status = "ok"; try { apply(); } catch { status = "failed"; }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('let status = "ok"; try { apply(); } catch { status = "failed"; }', 'catch {', 'catch (error) { console.error(error);') }],
    },
    // A broadcast that skips to the next recipient on any failure.
    {
      code: 'async function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch {} } }',
      errors: [{ messageId: 'broadcastSwallowed', line: 1, column: 112, suggestions: logAt('async function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch {} } }', 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    {
      code: 'async function broadcast(users, text) { for (const u of users) { try { await bot.telegram.sendMessage(u.telegramId, text); } catch { continue; } } }',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('async function broadcast(users, text) { for (const u of users) { try { await bot.telegram.sendMessage(u.telegramId, text); } catch { continue; } } }', 'catch {', 'catch (error) { console.error(error);') }],
    },
    {
      code: 'users.forEach((u) => bot.sendMessage(u.chatId, text).catch(() => {}));',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('users.forEach((u) => bot.sendMessage(u.chatId, text).catch(() => {}));', '() => {}', '(error) => {\n  console.error(error);\n}') }],
    },
    {
      code: 'async function broadcast(users, text) { let blocked = 0; for (const id of users) { try { await bot.api.sendMessage(id, text); } catch (e) { if (e.error_code === 403) blocked++; } } }',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('async function broadcast(users, text) { let blocked = 0; for (const id of users) { try { await bot.api.sendMessage(id, text); } catch (e) { if (e.error_code === 403) blocked++; } } }', 'catch (e) {', 'catch (e) { console.error(e);') }],
    },
    // Auto-retry imported but not installed on the API, or another transformer installed: sends are not retried.
    {
      code: "import { autoRetry } from '@grammyjs/auto-retry';\nbot.api.config.use(throttler());\nasync function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch {} } }",
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt("import { autoRetry } from '@grammyjs/auto-retry';\nbot.api.config.use(throttler());\nasync function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch {} } }", 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    {
      code: "const autoRetry = () => (prev) => prev;\nbot.api.config.use(autoRetry());\nusers.forEach((u) => bot.api.sendMessage(u.chatId, text).catch(() => {}));",
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt("const autoRetry = () => (prev) => prev;\nbot.api.config.use(autoRetry());\nusers.forEach((u) => bot.api.sendMessage(u.chatId, text).catch(() => {}));", '() => {}', '(error) => {\n  console.error(error);\n}') }],
    },
    // A log line that drops the error (requireErrorInLog, on in strict).
    {
      code: 'async function f() { try { await update(); } catch (err) { console.log("update failed"); return null; } }',
      options: [{ requireErrorInLog: true }],
      errors: [{ messageId: 'logsWithoutError', suggestions: logAt('async function f() { try { await update(); } catch (err) { console.log("update failed"); return null; } }', 'catch (err) {', 'catch (err) { console.error(err);') }],
    },
    // Not proven admin-only, or the admin is not shown the error.
    {
      code: 'bot.action("x", async (ctx) => { try { await sync(); } catch (error) { await ctx.reply(`❌ ${error.message}`); } });',
      options: [{ allowErrorInReply: false }],
      errors: [{ messageId: 'repliesOnly', suggestions: logAt('bot.action("x", async (ctx) => { try { await sync(); } catch (error) { await ctx.reply(`❌ ${error.message}`); } });', 'catch (error) {', 'catch (error) { console.error(error);') }],
    },
    // An admin-only handler that answers without the error: the admin sees the failure, so only `checkAdminCode` reports it.
    {
      code: 'bot.action("x", async (ctx) => { if (!(await isAdmin(ctx.from.id))) return; try { await sync(); } catch { await ctx.reply("failed"); } });',
      options: [{ checkAdminCode: true }],
      errors: [{ messageId: 'repliesOnly', suggestions: logAt('bot.action("x", async (ctx) => { if (!(await isAdmin(ctx.from.id))) return; try { await sync(); } catch { await ctx.reply("failed"); } });', 'catch {', 'catch (error) { console.error(error);') }],
    },
  ],
});

/** Lint directives are read by ESLint itself: run the rule beside the core empty-block rules they disable. */
describe('no-swallowed-error: a directive that disables the empty-block rules states intent', () => {
  const lint = (code: string, options: object = {}) =>
    new Linter({ configType: 'flat' })
      .verify(code, [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          linterOptions: { reportUnusedDisableDirectives: 'off' },
          plugins: { b: { rules: { 'no-swallowed-error': rule as never } } },
          rules: { 'b/no-swallowed-error': ['error', options], 'no-empty': 'error', 'no-empty-function': 'error', 'no-console': 'error' },
        },
      ], 'file.ts')
      .map((message) => message.ruleId);

  it('leaves alone a handler whose emptiness a directive allows', () => {
    expect(lint('try {\n  run();\n  // eslint-disable-next-line no-empty\n} catch {}')).toEqual([]);
    expect(lint('try { run(); } catch { // eslint-disable-line no-empty\n}')).toEqual([]);
    expect(lint('/* eslint-disable no-empty */\ntry { run(); } catch {}')).toEqual([]);
    expect(lint('// eslint-disable-next-line no-empty-function\ntask().catch(() => {});')).toEqual([]);
  });

  it('still reports with a directive for another rule, or with allowWithComment off', () => {
    expect(lint('// eslint-disable-next-line no-console\ntry { run(); } catch {}')).toEqual(['b/no-swallowed-error', 'no-empty']);
    expect(lint('/* eslint-disable no-empty */\ntry { run(); } catch {}', { allowWithComment: false })).toEqual(['b/no-swallowed-error']);
  });
});

ruleTester.run('no-swallowed-error: validation answers, apologising callees, notices after work, counted failures', rule, {
  valid: [
    // Parsing what the user typed: the failure is the answer, and the user is asked again.
    'async function ask(ctx, text) { try { const list = []; for (const a of text.split(",")) list.push(Address.parse(a)); return list; } catch { await ctx.reply("Check the addresses and try again."); return ask(ctx, await next()); } }',
    'bot.on("message", async (ctx) => { let to; try { to = new PublicKey(ctx.msg.text).toBase58(); to = decodeWallet(to); } catch { return ctx.reply("Not a valid address"); } await send(to); });',
    // A callee that logs its own errors and apologises to the user: only a failed apology can reach the caller.
    'async function editFood(ctx, id) { try { await load(id); } catch (e) { console.error("edit failed", e); await ctx.reply("❌ failed"); } }\nasync (ctx) => { try { await editFood(ctx, "1"); } catch (e) { await ctx.reply("❌ failed"); } };',
    // A notice after the work of the iteration is done (a payment credited): not a broadcast, a best-effort chat call.
    'async function check(txs) { for (const tx of txs) { await updateBalance(tx.user_id, tx.amount); try { await bot.telegram.sendMessage(tx.user_id, `Paid ${tx.amount}`); } catch (_) {} } }',
    // A broadcast that counts every failure and reports the count.
    'async function broadcast(ctx, users, text) { let failed = 0; for (const id of users) { try { await bot.telegram.sendMessage(id, text); } catch (error) { failed++; } } await ctx.reply(`Failed: ${failed}`); }',
    'async function broadcast(users, text) { const failed = []; for (const id of users) { try { await bot.api.sendMessage(id, text); } catch { failed.push(id); continue; } } logger.info({ failed }); }',
    // grammY's auto-retry repeats rate-limited (429) and failed sends: what reaches the catch is a refusal (403).
    "import { autoRetry } from '@grammyjs/auto-retry';\nbot.api.config.use(autoRetry());\nasync function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch {} } }",
    "const { autoRetry } = require('@grammyjs/auto-retry');\nbot.api.config.use(autoRetry({ maxRetryAttempts: 5 }));\nusers.forEach((u) => bot.api.sendMessage(u.chatId, text).catch(() => {}));",
    // Work whose failures are caught closer: a chain with its own `.catch`, an inner try that logs. Only chat calls are left.
    'async function sell(chatId) { try { await axios.post(url, body).then(async (res) => { await bot.sendMessage(chatId, res.data.message); }).catch(async (err) => { console.error(err); await bot.deleteMessage(chatId, loader); state[chatId].loader = null; await bot.sendMessage(chatId, "failed"); }); } catch (error) {} }',
    'async function show(chatId) { try { try { const r = await api.balance(chatId); await bot.sendMessage(chatId, r.text); } catch (error) { await bot.deleteMessage(chatId, loader); console.error("balance failed", error.message); } } catch (error) {} }',
    // A project function that only sends a menu is a chat call too.
    'const showMenu = async (chatId) => { await bot.sendMessage(chatId, "Pick one", { reply_markup: JSON.stringify(menu) }); };\nasync function back(chatId) { try { await bot.deleteMessage(chatId, last); await showMenu(chatId); } catch (error) {} }',
    // Supabase reports a failure in `error` instead of throwing; the helper logs its own failures after reading the error.
    'async function safeEdit(chatId, text) { try { await bot.editMessageText(text, { chat_id: chatId }); } catch (error) { if (error.message.includes("not modified")) return; console.error(error); } }\nasync function orders(chatId) { try { const { data, error } = await supabase.from("orders").select("*").range(0, 4); if (error) { await safeEdit(chatId, "failed"); return; } await safeEdit(chatId, `${data.length}`); } catch (error) { await safeEdit(chatId, "failed"); } }',
    // Logging and a local state reset around chat calls: a chat-only failure.
    'const reset = (id) => { states[id] = { step: null }; };\nasync function pick(chatId, p) { try { states[chatId].price = Number(states[chatId].balance * p) / 100; console.log(states[chatId].price); await bot.editMessageText(`x ${p}`, opts); reset(chatId); } catch (error) {} }',
  ],
  invalid: [
    // Its twins: the chain's own handler does real work, or the inner handler rethrows, or the try throws on purpose.
    {
      code: 'async function sell(chatId) { try { await axios.post(url, body).catch(async (err) => { logger.warn(err); await refund(chatId); }); } catch (error) {} }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function sell(chatId) { try { await axios.post(url, body).catch(async (err) => { logger.warn(err); await refund(chatId); }); } catch (error) {} }', 'catch (error) {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    {
      code: 'async function show(chatId) { try { try { await api.balance(chatId); } catch (error) { await bot.sendMessage(chatId, "x"); throw error; } } catch (error) {} }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function show(chatId) { try { try { await api.balance(chatId); } catch (error) { await bot.sendMessage(chatId, "x"); throw error; } } catch (error) {} }', 'catch (error) {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    {
      code: 'async function pick(chatId, p) { try { if (!p) throw new Error("no price"); await bot.editMessageText(`x ${p}`, opts); } catch (error) {} }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function pick(chatId, p) { try { if (!p) throw new Error("no price"); await bot.editMessageText(`x ${p}`, opts); } catch (error) {} }', 'catch (error) {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    // Its twin: the project function also writes.
    {
      code: 'const showMenu = async (chatId) => { await db.save(chatId); await bot.sendMessage(chatId, "Pick one"); };\nasync function back(chatId) { try { await bot.deleteMessage(chatId, last); await showMenu(chatId); } catch (error) {} }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('const showMenu = async (chatId) => { await db.save(chatId); await bot.sendMessage(chatId, "Pick one"); };\nasync function back(chatId) { try { await bot.deleteMessage(chatId, last); await showMenu(chatId); } catch (error) {} }', 'catch (error) {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    // Its twin: the result's error is not taken out: a thrown failure is the only sign.
    {
      code: 'async function orders(chatId) { try { const rows = await supabase.from("orders").select("*").throwOnError(); await bot.sendMessage(chatId, `${rows.length}`); } catch (error) {} }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function orders(chatId) { try { const rows = await supabase.from("orders").select("*").throwOnError(); await bot.sendMessage(chatId, `${rows.length}`); } catch (error) {} }', 'catch (error) {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    // Its twin: the iteration reads before it sends; the loop is over recipients.
    {
      code: 'async function broadcast(ids, text) { for (const id of ids) { const u = await getUser(id); try { await bot.telegram.sendMessage(u.chatId, text); } catch (_) {} } }',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('async function broadcast(ids, text) { for (const id of ids) { const u = await getUser(id); try { await bot.telegram.sendMessage(u.chatId, text); } catch (_) {} } }', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}') }],
    },
    // Its twin: the count is never read.
    {
      code: 'async function broadcast(users, text) { let failed = 0; for (const id of users) { try { await bot.telegram.sendMessage(id, text); } catch (error) { failed++; } } }',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('async function broadcast(users, text) { let failed = 0; for (const id of users) { try { await bot.telegram.sendMessage(id, text); } catch (error) { failed++; } } }', 'catch (error) {', 'catch (error) { console.error(error);') }],
    },
    // Its twin: the parse waits for I/O, so the failure may be the network's, not the user's.
    {
      code: 'async function ask(ctx, text) { try { return Address.parse(await resolve(text)); } catch { await ctx.reply("Check the address"); } }',
      errors: [{ messageId: 'repliesOnly', suggestions: logAt('async function ask(ctx, text) { try { return Address.parse(await resolve(text)); } catch { await ctx.reply("Check the address"); } }', 'catch {', 'catch (error) { console.error(error);') }],
    },
    // Its twin: a synchronous try that parses nothing.
    {
      code: 'function f(ctx, text) { try { apply(text); } catch { ctx.reply("Check the address"); } }',
      errors: [{ messageId: 'repliesOnly', suggestions: logAt('function f(ctx, text) { try { apply(text); } catch { ctx.reply("Check the address"); } }', 'catch {', 'catch (error) { console.error(error);') }],
    },
    // Its twin: the callee apologises but does not log.
    {
      code: 'async function editFood(ctx, id) { try { await load(id); } catch (e) { await ctx.reply("❌ failed"); await retry(id); } }\nasync (ctx) => { try { await editFood(ctx, "1"); } catch (e) { await ctx.reply("❌ failed"); } };',
      errors: [
        { messageId: 'repliesOnly', line: 1, suggestions: logAt('async function editFood(ctx, id) { try { await load(id); } catch (e) { await ctx.reply("❌ failed"); await retry(id); } }\nasync (ctx) => { try { await editFood(ctx, "1"); } catch (e) { await ctx.reply("❌ failed"); } };', '{ await ctx.reply("❌ failed"); await retry', '{ console.error(e); await ctx.reply("❌ failed"); await retry') },
        { messageId: 'repliesOnly', line: 2, suggestions: logAt('async function editFood(ctx, id) { try { await load(id); } catch (e) { await ctx.reply("❌ failed"); await retry(id); } }\nasync (ctx) => { try { await editFood(ctx, "1"); } catch (e) { await ctx.reply("❌ failed"); } };', '"1"); } catch (e) {', '"1"); } catch (e) { console.error(e);') },
      ],
    },
  ],
});


ruleTester.run('no-swallowed-error: read fallbacks, cache calls, index creation', rule, {
  valid: [
    // A count for a view falls back to 0: the number shown is wrong, nothing is lost.
    'async function health() { const active = await User.count({ where: { at: new Date(Date.now() - day) } }).catch(() => 0); return { active }; }',
    'async function stats() { const len = await redisClient.lLen(q).catch(() => 0); return len; }',
    'async function profile(user) { let referrals = 0; try { referrals = await User.countDocuments({ referredBy: user._id }); } catch (_) {} return referrals; }',
    'async function total() { try { return await Order.countDocuments(); } catch { return 0; } }',
    // A cache read falls back to the source of truth; a cache fill expires by itself.
    'async function botOf(id) { let bot = await redisClient.get(`user:bot:${id}`).catch(() => null); if (!bot) bot = await db.find(id); return bot; }',
    'async function peek() { const ids = await redis.lRange("queue:free", 0, -1).catch(() => []); return ids; }',
    'async function fill(id, bot) { await redisClient.set(`user:bot:${id}`, bot, { EX: 86400 }).catch(() => {}); }',
    'async function fill(id, v) { await this.cache.setEx(`k:${id}`, 60, v).catch(() => {}); }',
    'async function fill(id, v) { try { await redis.set(`k:${id}`, v, "EX", 60); } catch {} }',
    // Invalidating a cache entry (the key or the receiver names a cache): a failure only serves the cached copy a while longer.
    "const USAGE_CACHE_PREFIX = 'usage:today:';\nasync function invalidate(id) { try { await redisClient.del(USAGE_CACHE_PREFIX + id); } catch (_) {} }",
    'async function evict(id) { try { await redis.unlink(`cache:user:${id}`); } catch {} }',
    'async function evict(key) { try { await this.cache.delete(key); } catch {} }',
    // Idempotent index creation at startup: "already exists" is expected.
    'function ensure(model) { tasks.push(model.addIndex(["userId"], { name: "idx" }).catch(() => {})); }',
    'async function ensure() { try { await db.collection("users").createIndex({ id: 1 }); } catch {} }',
    // An idempotent migration: one ALTER TABLE … ADD COLUMN (or CREATE INDEX) on a proven driver; "duplicate column" is expected on every start.
    "const Database = require('better-sqlite3');\nconst db = new Database('data.db');\ntry { db.exec('ALTER TABLE surveys ADD COLUMN manager TEXT'); } catch (e) {}",
    "import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function migrate() { try { await pool.query('ALTER TABLE users ADD balance INTEGER DEFAULT 0'); } catch {} }",
    "import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function index() { try { await pool.query('CREATE UNIQUE INDEX idx_users_tg ON users (tg_id)'); } catch {} }",
  ],
  invalid: [
    // A write of state hidden by the fallback: the admin is told the queues were cleared.
    everyCatch(reported('async function clear(keys) { for (const key of keys) { await redisClient.del(key).catch(() => {}); } }', 'swallowedPromise', '.catch(() => {}', '.catch((error) => {\n  console.error(error);\n}')),
    everyCatch(reported('async function f(id, v) { await redis.set(`user:${id}`, v).catch(() => {}); }', 'swallowedPromise', '.catch(() => {}', '.catch((error) => {\n  console.error(error);\n}')),
    // A delete of a key that names no cache (a session, a queue), of a lock, or beside other work.
    reported('async function logout(id) { try { await redisClient.del(`session:${id}`); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function release(id) { try { await redisClient.del(`cache:lock:${id}`); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function reset(id) { try { await redisClient.del(RATE_LIMIT_CACHE + id); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(id) { try { await redisClient.del(`cache:${id}`); await User.deleteOne({ id }); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A read whose fallback is a decision: a lock or rate-limit key, or a boolean answer.
    everyCatch(reported('async function f(id) { const held = await redis.get(`lock:${id}`).catch(() => null); if (held) return; await pay(id); }', 'swallowedPromise', '.catch(() => null', '.catch((error) => {\n  console.error(error);\n  return null;\n}')),
    reported('async function isAdmin(id) { try { return await Admin.exists({ id }); } catch { return false; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A read of the database, not a cache, falling back to null; a count whose fallback is not a constant.
    everyCatch(reported('async function f(id) { const u = await User.findOne({ id }).catch(() => null); return u; }', 'swallowedPromise', '.catch(() => null', '.catch((error) => {\n  console.error(error);\n  return null;\n}')),
    everyCatch(reported('async function f() { const n = await User.count().catch(() => fallbackCount()); return n; }', 'swallowedPromise', '.catch(() => fallbackCount()', '.catch((error) => {\n  console.error(error);\n  return fallbackCount();\n}')),
    // More than the read in the try block.
    reported('async function f(user) { let n = 0; try { n = await User.countDocuments({ by: user.id }); await user.save(); } catch (_) {} return n; }', 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    // An index call beside other work.
    reported('async function ensure() { try { await db.collection("users").createIndex({ id: 1 }); await seed(); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A migration step beside other work, another DDL statement, or two statements in one text.
    reported("const Database = require('better-sqlite3');\nconst db = new Database('data.db');\ntry { db.exec('ALTER TABLE surveys ADD COLUMN manager TEXT'); db.exec('UPDATE surveys SET manager = 1'); } catch (e) {}", 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
    reported("const Database = require('better-sqlite3');\nconst db = new Database('data.db');\ntry { db.exec('ALTER TABLE surveys DROP COLUMN manager'); } catch (e) {}", 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
    reported("const Database = require('better-sqlite3');\nconst db = new Database('data.db');\ntry { db.exec('ALTER TABLE surveys ADD COLUMN manager TEXT; DELETE FROM surveys'); } catch (e) {}", 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
  ],
});

fs.writeFileSync(
  path.join(project, 'cache-service.js'),
  [
    'class CacheService {',
    '  static async getUser(id) { try { return await redis.get(id); } catch (err) { console.error(err); return null; } }',
    '  static async getRaw(id) { return await redis.get(id); }',
    '}',
    'module.exports = CacheService;',
  ].join('\n'),
);
const service = path.join(project, 'service.js');

const SPAWN_PROBE = (listener: string, handler = 'resolve(false);') =>
  `function ffmpegAvailable() {\n  return new Promise((resolve) => {\n    try {\n      const p = spawn('ffmpeg', ['-version']);\n${listener}      p.on('close', (code) => resolve(code === 0));\n    } catch {\n      ${handler}\n    }\n  });\n}`;

ruleTester.run('no-swallowed-error: a catch that answers as the error listener does', rule, {
  valid: [
    // A spawn that throws at once is the failure its 'error' event reports later: both give the probe's answer "not available".
    SPAWN_PROBE("      p.on('error', () => resolve(false));\n"),
    SPAWN_PROBE("      p.once('error', () => {\n        resolve(false);\n      });\n"),
  ],
  invalid: [
    // The listener logs the error (the catch does not), there is no error listener, or the catch answers otherwise.
    reported(SPAWN_PROBE("      p.on('error', (e) => {\n        console.error(e);\n        resolve(false);\n      });\n"), 'swallowed', 'catch {', 'catch (error) {\n      console.error(error);'),
    reported(SPAWN_PROBE(''), 'swallowed', 'catch {', 'catch (error) {\n      console.error(error);'),
    reported(SPAWN_PROBE("      p.on('error', () => resolve(false));\n", 'resolve(true);'), 'swallowed', 'catch {', 'catch (error) {\n      console.error(error);'),
    reported(SPAWN_PROBE("      p.on('exit', () => resolve(false));\n"), 'swallowed', 'catch {', 'catch (error) {\n      console.error(error);'),
    reported(SPAWN_PROBE("      p.on('error', onError);\n"), 'swallowed', 'catch {', 'catch (error) {\n      console.error(error);'),
    reported(SPAWN_PROBE("      p.on('error', () => resolve(false));\n", ''), 'swallowed', 'catch {\n      \n    }', 'catch (error) {\n      console.error(error);\n    }'),
  ],
});

ruleTester.run('no-swallowed-error: static methods and promises that only resolve', rule, {
  valid: [
    // A static method of a class of the file, or of the class a project file exports, that logs its own failures.
    'class Svc { static async warm() { try { await login(); } catch (e) { console.warn(e); } } }\nSvc.warm().catch(() => {});',
    { code: "const CacheService = require('./cache-service');\nasync function f(id) { const user = await CacheService.getUser(id).catch(() => ({})); return user; }", filename: service },
    // A function returning a promise whose executor takes no reject and throws nothing: it cannot reject.
    'function stop(server) { return new Promise((resolve) => { if (!server) return resolve(); server.close((err) => { if (err) logger.warn(err.message); resolve(); }); setTimeout(() => resolve(), 3000).unref(); }); }\nasync function shutdown(s) { try { await stop(s); } catch (_) {} }',
  ],
  invalid: [
    // The static method lets its failure out.
    everyCatch(reported('class Svc { static async warm() { await login(); } }\nSvc.warm().catch(() => {});', 'swallowedPromise', '.catch(() => {}', '.catch((error) => {\n  console.error(error);\n}')),
    everyCatch({
      ...reported("const CacheService = require('./cache-service');\nasync function f(id) { const user = await CacheService.getRaw(id).catch(() => ({})); return user; }", 'swallowedPromise', '.catch(() => ({}))', '.catch((error) => {\n  console.error(error);\n  return {};\n})'),
      filename: service,
    }),
    // The promise can reject: a reject parameter, or resolving with another promise.
    reported('function stop(server) { return new Promise((resolve, reject) => { server.close((err) => (err ? reject(err) : resolve())); }); }\nasync function shutdown(s) { try { await stop(s); } catch (_) {} }', 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    reported('function load(url) { return new Promise((resolve) => { resolve(fetch(url)); }); }\nasync function f(u) { try { await load(u); } catch (_) {} }', 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
  ],
});

ruleTester.run('no-swallowed-error: repeated work, wizard steps, notices in an error path', rule, {
  valid: [
    // The handler does the failed work again: its failure still gets out.
    'bot.action("read", async (ctx) => { try { const msg = await ctx.replyWithPhoto({ url: row.img }); await messages.create({ id: msg.message_id }); } catch (e) { const msg = await ctx.reply(row.title); await messages.create({ id: msg.message_id }); } });',
    // The photo that failed goes as text to the same chat, and the work is done again.
    'async function card(chatId, row) { try { const m = await bot.sendPhoto(chatId, row.img); await messages.create({ id: m.message_id }); } catch { const m = await bot.sendMessage(chatId, row.title); await messages.create({ id: m.message_id }); } }',
    // A send to the context's own chat answered by a toast to the same user.
    'bot.callbackQuery("src", async (ctx) => { const chatId = ctx.chat?.id; try { const sent = await ctx.api.sendMessage(chatId, "↑ Source"); jumps.set(chatId, sent.message_id); await ctx.answerCallbackQuery(); } catch { await ctx.answerCallbackQuery({ text: "Could not jump" }); } });',
    'async function label(raw, id) { try { const data = JSON.parse(raw); const strings = await getStrings(id); return data.top ?? strings.none; } catch { const strings = await getStrings(id); return strings.none; } }',
    // A wizard step that only answers and moves the cursor.
    'const scene = new WizardScene("calc", async (ctx) => { try { await ctx.replyWithHTML("Enter a number"); return ctx.wizard.next(); } catch {} });',
    // A notice to the admin about a failure already logged: its own failure is secondary.
    'bot.action("x", async (ctx) => { try { await answer(ctx); } catch (err) { log.error("answer failed", err); notifyAdmin(`Error: ${err.message}`).catch(() => {}); } });',
    // The code right after the catch redoes the work: a flag left unset leads to a text reply to the same chat (itself best-effort).
    'async function welcome(ctx, text) { let sent = false; try { if (fs.existsSync(IMG)) { await ctx.replyWithPhoto({ source: fs.createReadStream(IMG) }, { caption: text }); sent = true; } } catch (e) {} if (!sent) { try { await ctx.reply(text); } catch {} } }',
    'async function card(chatId, text) { let shown = false; try { if (exists(IMG)) { await bot.sendPhoto(chatId, IMG, { caption: text }); shown = true; } } catch {} if (!shown) await bot.sendMessage(chatId, text); }',
    // A lookup whose failure falls into another attempt of the same lookup, outside any try: its failure gets out.
    'async function keyOf(db, id) { let key = null; try { key = await db.collection("keys").findOne({ orderId: new ObjectId(id) }); } catch {} if (!key) { key = await db.collection("keys").findOne({ orderId: id }); } return key; }',
    'async function orderOf(id) { let order; if (isId(id)) { try { order = await Order.findById(id); } catch {} } order ??= await Order.findOne({ code: id }); return order; }',
    // The same, as the consequent of an `if`, in a nested block, tested with `== null`, `=== undefined` or `||=`; the attempt in a `try … finally` or in a best-effort handler.
    'async function f(ctx, t) { let sent; if (ready) try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); sent = true; } } catch {} if (sent == null) { try { await ctx.reply(t); } catch { await ctx.reply("hi"); } } }',
    'async function f(id) { let u = undefined; { try { u = await User.findUnique({ where: { id } }); } catch {} } u ||= await User.findFirst({ where: { code: id } }); return u; }',
    'async function f(id) { let u = null; try { u = await User.findUnique({ where: { id } }); } catch {} if (u === undefined) { try { u = await User.findFirst({ where: { code: id } }); } finally { done(); } } return u; }',
    // Synchronous work done again: Mongoose's `model(name, schema)` throws OverwriteModelError once the
    // model exists, and `model(name)` returns it — or throws MissingSchemaError out of the handler.
    "const { Schema, model: _model } = mongoose;\nclass Db { read(schema) { try { this._model = _model('data', schema); } catch { this._model = _model('data'); } return this._model; } }",
    "function modelOf(schema) { try { return mongoose.model('lists', schema); } catch (e) { return mongoose.model('lists'); } }",
  ],
  invalid: [
    // Only part of the work is repeated; a work call is not.
    reported('async function f(ctx, row) { try { await ctx.replyWithPhoto({ url: row.img }); await payments.create(row); } catch (e) { await ctx.reply(row.title); } }', 'repliesOnly', 'catch (e) {', 'catch (e) { console.error(e);'),
    // The failed send is answered in another chat: the recipient never gets it, and nobody learns why.
    reported('async function card(chatId, row) { try { const m = await bot.sendPhoto(chatId, row.img); await messages.create({ id: m.message_id }); } catch { const m = await bot.sendMessage(groupId, row.title); await messages.create({ id: m.message_id }); } }', 'repliesOnly', 'catch {', 'catch (error) { console.error(error);'),
    reported('bot.action("read", async (ctx) => { try { const m = await bot.telegram.sendPhoto(row.owner, row.img); await messages.create({ id: m.message_id }); } catch { const m = await ctx.reply(row.title); await messages.create({ id: m.message_id }); } });', 'repliesOnly', 'catch {', 'catch (error) { console.error(error);'),
    reported('bot.callbackQuery("src", async (ctx) => { const chatId = item.chatId; try { const sent = await ctx.api.sendMessage(chatId, "↑ Source"); jumps.set(chatId, sent.message_id); await ctx.answerCallbackQuery(); } catch { await ctx.answerCallbackQuery({ text: "Could not jump" }); } });', 'repliesOnly', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function f(id) { try { await charge(id); await save(id); } catch { await save(id); } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // The synchronous twins: another function in the handler, or more work in the try than the call done again.
    reported("function modelOf(schema) { try { return mongoose.model('lists', schema); } catch { return defaults('lists'); } }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported("function modelOf(schema) { let m; try { m = mongoose.model('lists', schema); register(m); } catch { m = mongoose.model('lists'); } return m; }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A wizard step that does work before moving on.
    reported('const scene = new WizardScene("pay", async (ctx) => { try { await charge(ctx.from.id); return ctx.wizard.next(); } catch {} });', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A write in an error path (a compensation) hidden by its own fallback.
    everyCatch(reported('async function f(request) { try { await credit(request); } catch (err) { logger.error(err); await TopupRequest.updateOne({ _id: request._id }, { status: "pending" }).catch(() => {}); } }', 'swallowedPromise', '.catch(() => {}', '.catch((error) => {\n  console.error(error);\n}')),
    // Its twins after the catch: no fallback, a fallback to another chat, one the flag set before the send skips, one that returns first.
    reported('async function welcome(ctx, text) { let sent = false; try { if (fs.existsSync(IMG)) { await ctx.replyWithPhoto({ source: fs.createReadStream(IMG) }, { caption: text }); sent = true; } } catch (e) {} return sent; }', 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
    reported('async function card(chatId, text) { let shown = false; try { if (exists(IMG)) { await bot.sendPhoto(chatId, IMG, { caption: text }); shown = true; } } catch {} if (!shown) await bot.sendMessage(ADMIN, text); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function card(chatId, text) { let shown = false; try { shown = true; if (exists(IMG)) await bot.sendPhoto(chatId, IMG, { caption: text }); } catch {} if (!shown) await bot.sendMessage(chatId, text); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function card(chatId, text) { let shown = false; try { if (exists(IMG)) await bot.sendPhoto(chatId, IMG); shown = true; } catch { return; } if (!shown) await bot.sendMessage(chatId, text); }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A lookup whose next attempt is itself swallowed, reads another model, or writes.
    {
      code: 'async function keyOf(db, id) { let key = null; try { key = await db.collection("keys").findOne({ orderId: new ObjectId(id) }); } catch {} if (!key) { try { key = await db.collection("keys").findOne({ orderId: id }); } catch {} } return key; }',
      errors: [
        { messageId: 'swallowed', column: 130, suggestions: logAt('async function keyOf(db, id) { let key = null; try { key = await db.collection("keys").findOne({ orderId: new ObjectId(id) }); } catch {} if (!key) { try { key = await db.collection("keys").findOne({ orderId: id }); } catch {} } return key; }', 'catch {} if', 'catch (error) {\n  console.error(error);\n} if') },
        { messageId: 'swallowed', column: 219, suggestions: logAt('async function keyOf(db, id) { let key = null; try { key = await db.collection("keys").findOne({ orderId: new ObjectId(id) }); } catch {} if (!key) { try { key = await db.collection("keys").findOne({ orderId: id }); } catch {} } return key; }', 'catch {} }', 'catch (error) {\n  console.error(error);\n} }') },
      ],
    },
    reported('async function orderOf(id) { let order; try { order = await Order.findById(id); } catch {} order ??= await Product.findOne({ code: id }); return order; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function orderOf(id) { let order; try { order = await Order.findById(id); } catch {} if (!order) await Order.create({ code: id }); return order; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // Not an attempt on the catch path: a `finally`, a flag that is a parameter, starts set or is never set, a test or an assignment that is no emptiness test, nothing after the try.
    reported('async function f(ctx, t) { let sent = false; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); sent = true; } } catch {} finally { done(); } if (!sent) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t, sent) { try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); sent = true; } } catch {} if (!sent) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let sent = true; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); sent = true; } } catch {} if (!sent) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let sent = null; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); } } catch {} if (!sent) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let sent = false; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); sent = true; } } catch {} if (!sent || retry) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let s = null; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); s = {}; } } catch {} if (!s.sent) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let n = 0; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); n = 1; } } catch {} if (n === 0) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let n = 0; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); n = 1; } } catch {} if (n !== null) await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { const s = {}; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); s.sent = true; } } catch {} s.sent ??= await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let n = 0; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); n = 1; } } catch {} n += await ctx.reply(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let n = 0; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); n = 1; } } catch {} return n; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, photos) { let sent = false; for (const p of photos) try { if (has(p)) { await ctx.replyWithPhoto(p); sent = true; } } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let sent = false; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); sent = true; } } catch {} if (!sent) await notify(t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(chatId, t) { let sent = false; try { if (has(IMG)) { await sendPhoto(chatId, IMG); sent = true; } } catch {} if (!sent) await sendMessage(chatId, t); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(ctx, t) { let sent = false; try { if (has(IMG)) { await ctx.replyWithPhoto(IMG); sent = true; } } catch {} if (!sent) await ctx.deleteMessage(); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(id) { let o = null; try { o = await Order.findById(id); } catch {} if (!o) o = await Order.find({ code: id }); return o; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function f(id) { let o = null; try { o = await Order.findById(id); } catch {} if (!o) o = await findOne({ code: id }); return o; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
  ],
});

ruleTester.run('no-swallowed-error: a comment above the try that explains its catch', rule, {
  valid: [
    'async function holiday() {\n  // via try...catch: if their service is down, it is no holiday\n  try {\n    const r = await fetch(url);\n    return (await r.json()).some(isToday);\n  } catch (e) {\n    return false;\n  }\n}',
  ],
  invalid: [
    reported('async function holiday() {\n  // get the holidays\n  try {\n    const r = await fetch(url);\n    return (await r.json()).some(isToday);\n  } catch (e) {\n    return false;\n  }\n}', 'swallowed', 'catch (e) {', 'catch (e) {\n    console.error(e);'),
    {
      ...reported('async function holiday() {\n  // via try...catch: if their service is down, it is no holiday\n  try {\n    const r = await fetch(url);\n    return (await r.json()).some(isToday);\n  } catch (e) {\n    return false;\n  }\n}', 'swallowed', 'catch (e) {', 'catch (e) {\n    console.error(e);', { allowWithComment: false }),
    },
  ],
});

ruleTester.run('no-swallowed-error: built-in values beside a best-effort chat call', rule, {
  valid: [
    'async function search(chatId, userId) { let id = null; try { const m = await bot.sendMessage(chatId, text, { ...kb }); id = m.message_id; state[`${userId}_at`] = Date.now(); state.keys = Object.keys(state); } catch (e) {} return id; }',
  ],
  invalid: [
    reported('async function search(chatId, userId) { try { const m = await bot.sendMessage(chatId, text); state[userId] = await Session.create({ id: m.message_id, at: Date.now() }); } catch (e) {} }', 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
  ],
});

fs.writeFileSync(
  path.join(project, 'pages.js'),
  [
    'export async function updatePage(pool) { try { const rows = await pool.query("x"); return await api.edit(rows); } catch (err) { logger.error("update failed", err); return null; } }',
    'export async function updateRaw(pool) { const rows = await pool.query("x"); return api.edit(rows); }',
  ].join('\n'),
);
const rules = path.join(project, 'rules.js');

ruleTester.run('no-swallowed-error: dynamic imports, array helpers, timers, argument awaits, flags, caller-supplied fallbacks', rule, {
  valid: [
    // A loader that logs its failure and schedules a retry: the timer only queues the retry, so the loader lets nothing unlogged out.
    'async function loadAdmins() { try { admins = await db.admins(); } catch (e) { console.error("admins", e); setTimeout(() => loadAdmins().catch(() => {}), 30000); } }\nloadAdmins().catch(() => {});',
    // A function bound from a dynamic `import()` of a project file that logs its own failures.
    { code: "async function f(pool) { let url = null; try { const { updatePage } = await import('./pages.js'); url = await updatePage(pool); } catch {} return url; }", filename: rules },
    { code: "async function f(pool) { try { const pages = await import('./pages.js'); await pages.updatePage(pool); } catch {} }", filename: rules },
    // A callee that logs inside its try, then sorts its own local array; the caller stops a timer and resolves its promise.
    'async function list(entry) { const { id } = entry; const msgs = []; try { const data = await fetchAll(id); msgs.push(...data); } catch (err) { console.error("list failed", err.message); } msgs.sort((a, b) => (b.ts || 0) - (a.ts || 0)); return msgs; }\nfunction poll(entry) { return new Promise((resolve) => { const interval = setInterval(async () => { try { const msgs = await list(entry); if (msgs.length > 0) { clearInterval(interval); resolve(msgs[0]); } } catch {} }, 5000); }); }',
    // An `await` in the arguments rejects before the chat call is made: the `.catch` guards only the chat call.
    'async function edit(ctx, key) { await ctx.editMessageText(`Current: ${await getSetting(key)}`, { parse_mode: "Markdown" }).catch(() => {}); }',
    // A validation that leaves its flag at the failure value; the code after the try answers it.
    'async function onText(ctx, text) { let valid = false; try { const u = new URL(text); valid = u.protocol === "https:"; } catch {} if (!valid) { await ctx.reply("Invalid URL"); return; } await save(text); }',
    // A synchronous fallback that hands the raw input to a caller-supplied function.
    'const getEnv = (name, refine) => { const value = process.env[name]; try { const parsed = JSON.parse(value); return refine ? refine(parsed) : parsed; } catch { return (refine ? refine(value) : value) as string; } };',
  ],
  invalid: [
    // The same retry without the log: the loader's failure is lost in its `catch` (the loader itself never rejects, so the `.catch(() => {})` calls hide nothing more).
    reported('async function loadAdmins() { try { admins = await db.admins(); } catch (e) { setTimeout(() => loadAdmins().catch(() => {}), 30000); } }\nloadAdmins().catch(() => {});', 'swallowed', 'catch (e) {', 'catch (e) { console.error(e);'),
    // The same dynamic import of a function that lets its failure out.
    { ...reported("async function f(pool) { let url = null; try { const { updateRaw } = await import('./pages.js'); url = await updateRaw(pool); } catch {} return url; }", 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'), filename: rules },
    // The callee sorts an array it did not build: the sort is not proven.
    reported('async function list(entry, msgs) { try { msgs.push(...(await fetchAll(entry))); } catch (err) { console.error("list failed", err); } msgs.sort(compare); return msgs; }\nasync function poll(entry) { try { await list(entry, []); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // Inside a `try`, the `await` in the arguments is guarded too: a database failure.
    reported('async function edit(ctx, key) { try { await ctx.editMessageText(`Current: ${await getSetting(key)}`); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // The flag is set from an awaited check: a failure of the check is not the answer "invalid".
    reported('async function onText(ctx, text) { let valid = false; try { valid = await verify(text); } catch {} if (!valid) { await ctx.reply("Invalid URL"); return; } await save(text); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A flag nobody reads after the try.
    reported('function check(text) { let valid = false; try { const u = new URL(text); valid = u.protocol === "https:"; } catch {} return text; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A `catch` around Supabase queries never runs: the unread `error` is the lost failure.
    { code: 'async function expire(id) { try { await supabase.from("invoices").update({ status: "EXPIRED" }).eq("invoice_id", id); } catch {} }', errors: [{ messageId: 'supabaseErrorUnread', line: 1, column: 121, suggestions: [] }] },
    // Around the queries the code only computes in the process (`Boolean(…)`, `parseInt`, `Math.max`): the `catch` still never runs for the queries' failures.
    { code: 'async function isAdmin(id) { try { const { data } = await supabase.from("users").select("is_admin").eq("id", id).maybeSingle(); return Boolean(data?.is_admin); } catch { return false; } }', errors: [{ messageId: 'supabaseErrorUnread', line: 1, column: 163, suggestions: [] }] },
    { code: 'async function botsPerRoom(db) { try { const { data } = await supabaseAdmin.from("config").select("value").eq("key", "bots").maybeSingle(); const n = parseInt(String(data?.value ?? 1)); return Number.isFinite(n) ? Math.min(10, Math.max(0, n)) : 1; } catch { return 1; } }', errors: [{ messageId: 'supabaseErrorUnread', line: 1, column: 251, suggestions: [] }] },
    // Other work beside the query (a call the rule cannot follow) can throw: an ordinary swallowed error.
    reported('async function isAdmin(id) { try { const { data } = await supabase.from("users").select("is_admin").eq("id", id).maybeSingle(); await audit.record(id); return Boolean(data?.is_admin); } catch { return false; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // With `throwOnError()` the query throws: an ordinary swallowed error.
    reported('async function expire(id) { try { await supabase.from("invoices").update({ status: "EXPIRED" }).eq("invoice_id", id).throwOnError(); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A fallback that calls a function of the module, not one the caller supplied.
    reported('const getEnv = (name) => { const value = process.env[name]; try { return JSON.parse(value); } catch { return refineValue(value); } };', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
  ],
});

const supabaseClient = "import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);\n";
const rejectionSwallowed = (code: string) => reported(code, 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}');
const noLog = (code: string, messageId: 'promiseEscapesTry') => ({ code, errors: [{ messageId, suggestions: [] }] });

ruleTester.run('no-swallowed-error: never-rejecting callees, escaping promises, conversions, token checks, membership probes', rule, {
  valid: [
    // The callee only awaits Supabase queries: they return `{ data, error }` and never reject.
    `${supabaseClient}async function save(p) { await supabase.from('t').upsert(p); }\nfunction onMsg(x) { save(x).catch(() => {}); }`,
    `${supabaseClient}async function save(p) { const { error } = await supabase.from('t').update(p).eq('id', p.id); if (error) console.error(error); return error === null; }\nasync function onMsg(x) { try { await save(x); } catch {} }`,
    `${supabaseClient}async function bump(id) { await supabase.rpc('increment_visits', { id }); }\nfunction onMsg(id) { bump(id).catch(() => {}); }`,
    // A synchronous conversion whose failure is the answer.
    'function fmt(v) { try { return JSON.stringify(v); } catch { return String(v); } }',
    'function amount(v) { try { return parse(v).total; } catch { return Number(v); } }',
    // A token check: an invalid token is `null`.
    "import jwt from 'jsonwebtoken';\nfunction userOf(token) { try { return jwt.verify(token, secret); } catch { return null; } }",
    'class Guard { async check(token) { try { return await this.jwtService.verifyAsync(token, { secret: this.config.get("JWT") }); } catch { return false; } } }',
    "import { jwtVerify } from 'jose';\nasync function userOf(token) { try { const { payload } = await jwtVerify(token, key); return payload; } catch { return undefined; } }",
    // A membership probe that fails closed: a failed probe means "not subscribed".
    'async function check(ctx, channels) { const subscribed = []; for (const ch of channels) { try { const m = await ctx.api.getChatMember(ch, ctx.from.id); if (["member", "administrator", "creator"].includes(m.status)) subscribed.push(ch); } catch {} } return subscribed.length === channels.length; }',
    'async function isMember(ctx, ch) { try { const m = await ctx.telegram.getChatMember(ch, ctx.from.id); return isActive(m.status); } catch { return false; } }',
    // A response body that does not parse, told by the response's status in the report (round 15).
    'async function remind(chatId) { const res = await runReminder(); let report = "Done:"; try { const data = await res.json(); report += data.names.map((n) => "@" + n).join(", "); } catch { report += ` failed, status ${res.status}`; } await send(chatId, report); }',
    // Bot API reads beside in-memory bookkeeping (round 15): a local array or set, pushed to on either path.
    'async function check(ctx, channels) { const missing = []; let seen; seen = new Set(); for (const ch of channels) { try { const m = await ctx.api.getChatMember(ch, ctx.from.id); if (!["member", "creator"].includes(m.status)) { missing.push(ch); seen.delete(ch); } else seen.add(ch); } catch { missing.push(ch); } } return missing; }',
    'async function names(ids) { const out = []; for (const id of ids) { try { const chat = await bot.api.getChat(id); out.push(chat.username ? "@" + chat.username : String(id)); } catch { out.push(String(id)); } } return out; }',
  ],
  invalid: [
    // The callee also does other I/O, or throws the returned error.
    everyCatch(rejectionSwallowed(`${supabaseClient}async function save(p) { await supabase.from('t').upsert(p); await fetch(hook); }\nfunction onMsg(x) { save(x).catch(() => {}); }`)),
    everyCatch(rejectionSwallowed(`${supabaseClient}async function save(p) { const { error } = await supabase.from('t').upsert(p); if (error) throw error; }\nfunction onMsg(x) { save(x).catch(() => {}); }`)),
    // With `throwOnError()` the query rejects.
    everyCatch(rejectionSwallowed(`${supabaseClient}async function save(p) { await supabase.from('t').upsert(p).throwOnError(); }\nfunction onMsg(x) { save(x).catch(() => {}); }`)),
    // A `then` link runs a callback of its own, which may throw: the chain may reject (issue 12: one settlingQueryChain).
    everyCatch(rejectionSwallowed(`${supabaseClient}async function save(p) { await supabase.from('t').upsert(p).then((r) => JSON.parse(r.data)); }\nfunction onMsg(x) { save(x).catch(() => {}); }`)),
    // A client not proven to be Supabase's: returned by a call, or reached through a computed method.
    everyCatch(rejectionSwallowed("async function save(p) { await getClient().from('t').upsert(p); }\nfunction onMsg(x) { save(x).catch(() => {}); }")),
    everyCatch(rejectionSwallowed(`${supabaseClient}async function save(p) { await supabase.from('t')[method](p); }\nfunction onMsg(x) { save(x).catch(() => {}); }`)),
    everyCatch(rejectionSwallowed("async function save(p) { await supabase.from('t').upsert(p); }\nfunction onMsg(x) { save(x).catch(() => {}); }")),
    // A promise not awaited in the `try`: the `catch` never sees its rejection, which escapes unhandled.
    noLog('async function broadcast(users, from, id) { for (const u of users) { try { bot.telegram.forwardMessage(u.id, from, id); } catch {} } }', 'promiseEscapesTry'),
    noLog('async function notify(id) { await db.save(id); }\nfunction onMsg(id) { try { notify(id); } catch {} }', 'promiseEscapesTry'),
    // Something else in the `try` can throw: an ordinary swallowed error.
    reported('async function notify(id) { await db.save(id); }\nfunction onMsg(id) { try { notify(id); risky(); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function notify(id) { await db.save(id); }\nasync function onMsg(id) { try { await notify(id); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function notify(id) { await db.save(id); }\nfunction onMsg(id) { try { notify(load(id)); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function notify(id) { await db.save(id); }\nfunction onMsg(id) { try { count = 1; notify(id); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A fallback conversion of something computed by a call.
    reported('function fmt(v) { try { return JSON.stringify(v); } catch { return String(load(v)); } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A local function named like a conversion.
    reported('function String(v) { return save(v); }\nfunction fmt(v) { try { return JSON.stringify(v); } catch { return String(v); } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A token check that also does I/O in the same try, or falls back to a value.
    reported("import jwt from 'jsonwebtoken';\nasync function userOf(token) { try { const { id } = jwt.verify(token, secret); return await db.users.find(id); } catch { return null; } }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('class Guard { async check(token) { try { return await this.jwtService.verifyAsync(token); } catch { return guest; } } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A verification not proven to be a token check.
    reported('async function userOf(token) { try { return await verify(token); } catch { return null; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function userOf(token) { try { return await signer.verify(token); } catch { return null; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A probe that fails open, or writes.
    reported('async function isMember(ctx, ch) { try { const m = await ctx.telegram.getChatMember(ch, ctx.from.id); return isActive(m.status); } catch { return true; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function sync(ctx, ch) { try { const m = await ctx.telegram.getChatMember(ch, ctx.from.id); await db.users.update(ctx.from.id, { status: m.status }); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function check(ctx, ch) { try { const m = await ctx.api.getChatMember(ch, ctx.from.id); if (m.status === "kicked") throw new Error("banned"); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // The status only tested, or other work waited for in the try: the failure is lost.
    reported('async function remind(chatId) { const res = await runReminder(); let report = "Done:"; try { const data = await res.json(); report += data.names.join(", "); } catch { if (res.status === 500) report += " failed"; } await send(chatId, report); }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function remind(chatId) { const res = await runReminder(); let report = "Done:"; try { const data = await res.json(); await db.save(data); report += data.names.join(", "); } catch { report += ` failed, status ${res.status}`; } await send(chatId, report); }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // The same bookkeeping on a collection that is not made in the process (a store's client) is I/O.
    reported('async function check(ctx, channels, store) { const missing = []; let seen; seen = store; for (const ch of channels) { try { const m = await ctx.api.getChatMember(ch, ctx.from.id); if (!["member", "creator"].includes(m.status)) { missing.push(ch); seen.delete(ch); } else seen.add(ch); } catch { missing.push(ch); } } return missing; }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function names(ids) { const out = []; for (const id of ids) { try { const chat = await bot.api.getChat(id); await db.save(chat); out.push(String(id)); } catch { out.push(String(id)); } } return out; }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A send in a broadcast loop stays a report.
    reported('async function send(users, ch, text) { for (const u of users) { try { const m = await bot.api.getChatMember(ch, u.id); if (m.status === "member") await bot.api.sendMessage(u.id, text); } catch {} } }', 'broadcastSwallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
  ],
});

ruleTester.run('no-swallowed-error: message shortcuts of the context (grammY `ctx.msg.delete()`)', rule, {
  valid: [
    // A best-effort deletion or edit through the message object of the context: the same chat call as `ctx.deleteMessage()`.
    'async function onText(ctx) { await ctx.msg.delete().catch(() => {}); }',
    'async function onMenu(ctx) { await ctx.msg?.delete().catch(() => {}); }',
    'async function onPick(ctx) { try { await ctx.callbackQuery.message?.editText("Done"); } catch {} }',
    'async function onPin(ctx) { await ctx.message.pin().catch(() => {}); }',
  ],
  invalid: [
    // A database model named `message`: `delete({ where })` is a write, not a chat call.
    everyCatch(rejectionSwallowed('async function drop(id) { await prisma.message.delete({ where: { id } }).catch(() => {}); }')),
    // A map's `delete` on another receiver is not a chat call either.
    everyCatch(rejectionSwallowed('async function drop(ctx) { await store.pending.delete().catch(() => {}); }')),
  ],
});

fs.mkdirSync(path.join(project, 'services'), { recursive: true });
fs.mkdirSync(path.join(project, 'routes'), { recursive: true });
fs.writeFileSync(
  path.join(project, 'services', 'chain-service.js'),
  [
    "const axios = require('axios');",
    'class ChainService {',
    '  constructor() { this.url = process.env.CHAIN_URL; }',
    '  async rpc(method) { const { data } = await axios.post(this.url, { method }); return data.result; }',
    "  async status(hash) { try { const r = await this.rpc('receipt'); if (!r) { return { hash, status: 'PENDING' }; } return { hash, status: r.ok ? 'SUCCESS' : 'FAILED' }; } catch (error) { return { hash, status: 'PENDING' }; } }",
    "  async statusRaw(hash) { const r = await this.rpc('receipt'); return { hash, status: r.ok ? 'SUCCESS' : 'FAILED' }; }",
    '}',
    'module.exports = new ChainService();',
  ].join('\n'),
);
fs.writeFileSync(
  path.join(project, 'services', 'session-service.js'),
  [
    "const jwt = require('jsonwebtoken');",
    'function verifyToken(token) { try { return jwt.verify(token, SECRET); } catch { return null; } }',
    'async function refreshToken(old) { try { const d = jwt.verify(old, SECRET); const user = await db.user.find(d.id); if (!user) { return null; } return { token: sign(user) }; } catch { return null; } }',
    'async function refreshRaw(old) { const d = jwt.verify(old, SECRET); return db.user.find(d.id); }',
    'module.exports = { verifyToken, refreshToken, refreshRaw };',
  ].join('\n'),
);
const route = path.join(project, 'routes', 'wallet.js');

ruleTester.run('no-swallowed-error: CommonJS service modules whose functions catch everything', rule, {
  valid: [
    // `module.exports = new Service()` required into a `const`: its method catches everything and returns a value.
    { code: "const chain = require('../services/chain-service');\nasync function check(req, res) { try { const s = await chain.status(req.body.hash); if (s.status !== 'SUCCESS') { return res.json({ ok: false }); } } catch (e) {} return res.json({ ok: true }); }", filename: route },
    // `module.exports = { fn }` destructured from `require(…)`.
    { code: "const { verifyToken, refreshToken } = require('../services/session-service');\nasync function refresh(req, res) { try { if (verifyToken(req.token)) { return res.json({ fresh: true }); } const r = await refreshToken(req.token); return res.json(r); } catch { return res.status(500).json({ ok: false }); } }", filename: route },
    // The answer to the request on the handler's response parameter (`res.status(401).json(…)`) does not make the catch reachable.
    { code: "const chain = require('../services/chain-service');\nasync function check(req, res) { try { const s = await chain.status(req.query.hash); if (!s) return res.status(404).json({ ok: false }); } catch (e) {} }", filename: route },
    { code: "const chain = require('../services/chain-service');\nasync function check(h) { try { await chain.status(h); } catch (e) {} }", filename: route },
    { code: "const { refreshToken } = require('../services/session-service');\nasync function check(h) { try { await refreshToken(h); } catch (e) {} }", filename: route },
    { code: "const { verifyToken } = require('../services/session-service');\nasync function check(h) { try { verifyToken(h); } catch (e) {} }", filename: route },
    // The same module bound as a whole.
    { code: "const sessions = require('../services/session-service');\nasync function refresh(req, res) { try { const r = await sessions.refreshToken(req.token); return res.json(r); } catch { return res.status(500).json({ ok: false }); } }", filename: route },
  ],
  invalid: [
    { ...reported("const chain = require('../services/chain-service');\nasync function check(req, res) { try { const s = await chain.statusRaw(req.body.hash); if (s.status !== 'SUCCESS') { return res.json({ ok: false }); } } catch (e) {} return res.json({ ok: true }); }", 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'), filename: route },
    // A `json` call on something else than the handler's response parameter is not an answer to the request.
    { ...reported("const chain = require('../services/chain-service');\nasync function check(res, h) { try { await chain.status(h); res.json({ ok: true }); } catch (e) {} }", 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'), filename: route },
    { ...reported("const chain = require('../services/chain-service');\nasync function check(h) { try { await chain.status(h); api.status(200).json({ ok: true }); } catch (e) {} }", 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'), filename: route },
    { ...reported("const { refreshRaw } = require('../services/session-service');\nasync function refresh(req, res) { try { const r = await refreshRaw(req.token); return res.json(r); } catch { return res.status(500).json({ ok: false }); } }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'), filename: route },
  ],
});

ruleTester.run('no-swallowed-error: the error rethrown into a step runner', rule, {
  valid: [
    // The error is rethrown from a callback handed to a function: the runner receives it as a rejection (and logs it there).
    'async function run(ids) { for (const id of ids) { try { await probe(id); } catch (error) { await step(id, "PROBE", async () => { throw error; }); continue; } } }',
  ],
  invalid: [
    // A callback that is built but handed to nobody never runs.
    reported('async function run(id) { try { await probe(id); } catch (error) { const again = async () => { throw error; }; } }', 'swallowed', 'catch (error) {', 'catch (error) { console.error(error);'),
  ],
});

const fetchImage = 'async function fetchImage(url) { try { const r = await fetch(url); return Buffer.from(await r.arrayBuffer()); } catch (e) { console.log("fetch failed", e.message); return null; } }\n';
const showCard = (save: string) =>
  `${fetchImage}async function showCard(telegram, db, p) { const buf = p.url ? await fetchImage(p.url) : null; const save = (id) => { ${save} }; if (buf) { try { const photo = Input.fromBuffer(buf, "card.webp"); const sent = await telegram.sendPhoto(p.chatId, photo, { caption: p.text }); save(sent.message_id); return; } catch (e) { console.log("photo failed", e.message); } } await telegram.deleteMessage(p.chatId, p.messageId); const sent = await telegram.sendMessage(p.chatId, p.text); save(sent.message_id); }\n`;
const callsCard = 'async function onNext(ctx, s) { try { await showCard(ctx.telegram, db, { chatId: ctx.chat.id, messageId: s.msg, text: s.text, url: s.url }); } catch (_) {} }';

ruleTester.run('no-swallowed-error: a callee of chat calls with media and dropped promises', rule, {
  valid: [
    // The callee only makes chat calls (Telegraf's `Input.fromBuffer` builds what is sent), calls a
    // helper that logs its own failures, and drops a promise with `void`: its rejection never reaches this catch.
    `${showCard('void db.from("sessions").update({ msg: id }).eq("id", p.session);')}${callsCard}`,
  ],
  invalid: [
    // Its twins: the callee waits for a database write, or drops a promise whose arguments may throw first.
    reported(`${showCard('return Session.updateOne({ id: p.session }, { msg: id });')}${callsCard}`, 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    reported(`${showCard('void db.from("sessions").update(serialise(id)).eq("id", p.session);')}${callsCard}`, 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    // A project object named `Input` whose method does I/O is no media builder.
    reported('async function show(ctx) { try { const photo = Input.load(ctx.from.id); await ctx.replyWithPhoto(photo); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
  ],
});

ruleTester.run('no-swallowed-error: fire-and-forget debug telemetry to a loopback host', rule, {
  valid: [
    // Nothing of the bot's work is lost when a local debug collector is down.
    "function onStep(id) { fetch('http://127.0.0.1:7242/ingest/abc', { method: 'POST', body: JSON.stringify({ id, at: Date.now() }) }).catch(() => {}); }",
    "const INGEST = 'http://localhost:7242/ingest';\nfunction onStep(id) { fetch(`${INGEST}/${id}`, { method: 'POST' }).catch(() => {}); }",
    "function onStep(id) { void fetch('http://[::1]:9000/log', { method: 'POST' }).catch(() => {}); }",
  ],
  invalid: [
    // A remote host, a value that is used or awaited, a URL not known, a local function named `fetch`, a host that only starts like one.
    everyCatch(rejectionSwallowed("function onStep(id) { fetch('https://collector.example.com/ingest', { method: 'POST' }).catch(() => {}); }")),
    everyCatch(rejectionSwallowed("async function onStep(id) { const res = await fetch('http://127.0.0.1:7242/ingest').catch(() => {}); return res; }")),
    everyCatch(rejectionSwallowed("async function onStep(id) { await fetch('http://127.0.0.1:7242/ingest').catch(() => {}); }")),
    everyCatch(rejectionSwallowed('function onStep(url) { fetch(url).catch(() => {}); }')),
    everyCatch(rejectionSwallowed("function fetch(u) { return credit(u); }\nfunction onStep(id) { fetch('http://127.0.0.1:7242/ingest').catch(() => {}); }")),
    everyCatch(rejectionSwallowed("function onStep(id) { fetch('http://localhost.example.com/ingest').catch(() => {}); }")),
  ],
});

ruleTester.run('no-swallowed-error: a broadcast whose handler tells a chat which recipient failed', rule, {
  valid: [
    // Each failure is told to the group, naming the member the send failed for: like a failure counter read after the loop.
    'function forward(msg, members) { for (const member of members) { bot.sendMessage(member, msg.text).catch(() => bot.sendMessage(msg.chat.id, `Could not reach ${member}`)); } }',
    'function forward(ctx, users) { users.forEach((u) => ctx.telegram.sendMessage(u.id, ctx.msg.text).catch(() => ctx.reply("Not delivered to " + u.name))); }',
  ],
  invalid: [
    // Its twins: a generic apology, or a message to the recipient that failed.
    {
      code: 'function forward(msg, members) { for (const member of members) { bot.sendMessage(member, msg.text).catch(() => bot.sendMessage(msg.chat.id, "Something went wrong")); } }',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('function forward(msg, members) { for (const member of members) { bot.sendMessage(member, msg.text).catch(() => bot.sendMessage(msg.chat.id, "Something went wrong")); } }', '() => bot.sendMessage(msg.chat.id, "Something went wrong")', '(error) => {\n  console.error(error);\n  return bot.sendMessage(msg.chat.id, "Something went wrong");\n}') }],
    },
    {
      code: 'function forward(msg, users) { users.forEach((u) => bot.sendMessage(u.id, msg.text).catch(() => bot.sendMessage(u.id, `Retry, ${u.name}`))); }',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('function forward(msg, users) { users.forEach((u) => bot.sendMessage(u.id, msg.text).catch(() => bot.sendMessage(u.id, `Retry, ${u.name}`))); }', '() => bot.sendMessage(u.id, `Retry, ${u.name}`)', '(error) => {\n  console.error(error);\n  return bot.sendMessage(u.id, `Retry, ${u.name}`);\n}') }],
    },
    {
      code: 'function forward(msg, users) { users.forEach((u) => bot.sendMessage(u.id, msg.text).catch(() => { saveFailure(u.id); })); }',
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt('function forward(msg, users) { users.forEach((u) => bot.sendMessage(u.id, msg.text).catch(() => { saveFailure(u.id); })); }', '() => { saveFailure', '(error) => { console.error(error); saveFailure') }],
    },
  ],
});

const NTBA_ADMIN = (test: string) => `const removeItem = async (chatId, id) => {\n  if (${test}) {\n    try {\n      await api.remove(id);\n    } catch (error) {\n      bot.sendMessage(chatId, 'Could not delete it');\n    }\n  }\n};`;
const EXIT_ADMIN = (test: string) => `async function removeItem(chatId, id) {\n  if (${test}) return;\n  try {\n    await api.remove(id);\n  } catch {\n    await bot.sendMessage(chatId, 'Could not delete it');\n  }\n}`;
const ROUTE_ADMIN = (check: string) =>
  `router.post('/admin/worker', auth, async (req, res) => {\n  try {\n    const admin = await db.user.findUnique({ where: { id: req.user.id } });\n${check}    await db.user.update({ where: { id: req.body.userId }, data: { worker: true } });\n    res.json({ ok: true });\n  } catch (error) {\n    res.status(500).json({ message: 'failed' });\n  }\n});`;
const ROUTE_CHECK = "    if (!admin?.isAdmin) {\n      return res.status(403).json({ message: 'forbidden' });\n    }\n";
const MIDDLEWARE_ROUTE = (middleware: string) => `router.post('/admin/payout', ${middleware}, async (req, res) => {\n  try {\n    await payouts.runAll();\n    res.json({ ok: true });\n  } catch {\n    res.status(500).json({ message: 'failed' });\n  }\n});`;
/** A middleware of the file named neutrally, with `body`. */
const GATE = (body: string) => `function gate(req, res, next) {\n  ${body}\n}\n`;
const CHECK_ROUTE = (check: string) => `app.post('/admin/payout', async (req, res) => {\n  if (${check}) return res.status(403).end();\n  try {\n    await payouts.runAll();\n    res.json({ ok: true });\n  } catch {\n    res.status(500).json({ message: 'failed' });\n  }\n});`;
/** An Express router with the neutral `GATE` of `body`, `router.use(gate)` (`before` the route, or after it), then `MIDDLEWARE_ROUTE('auth')`. */
const USE_ROUTE = (body: string, before = true) => {
  const use = 'router.use(gate);\n';
  return `const router = require('express').Router();\n${GATE(body)}${before ? use : ''}${MIDDLEWARE_ROUTE('auth')}${before ? '' : `\n${use}`}`;
};
const PANEL_GATE = "if (req.headers['x-admin-panel'] !== process.env.ADMIN_PANEL_PASSWORD) return res.sendStatus(401);\n  next();";
const NOTICE = (list: string) => `async function notifySale(product) {\n  for (const id of ${list}) await bot.api.sendMessage(id, 'Sold: ' + product.name).catch(() => {});\n}`;
/** Recipients read by role from the database, narrowed by array methods: `role` names whose chats get the notice. */
const ROLE_NOTICE = (role: string) =>
  `async function alertStock(text) {\n  const staff = await prisma.user.findMany({ where: { role: ${role}, active: true } });\n  const ids = staff.map((u) => u.tgId).filter(Boolean).map(Number);\n  for (const chatId of ids) await bot.telegram.sendMessage(chatId, text).catch(() => {});\n}`;
const NOTICE_TRY = (name: string) => `async function notifySale(ctx, product) {\n  for (const ${name} of config.${name}s) {\n    try {\n      await ctx.api.sendMessage(${name}, 'Sold: ' + product.name);\n    } catch {}\n  }\n}`;

ruleTester.run('no-swallowed-error: code only the admin runs (issue 14)', rule, {
  valid: [
    // The body runs only when the chat is the admin's: a failure is answered to the admin, who retries.
    NTBA_ADMIN('process.env.ADMINCHATID == chatId || process.env.ADMINCHATID2 == chatId'),
    NTBA_ADMIN('chatId === OWNER_ID'),
    EXIT_ADMIN('chatId != ADMIN_ID'),
    EXIT_ADMIN('String(chatId) !== process.env.CREATOR_ID'),
    // A route that answers 403 unless the one who asks is an admin; its other failure is that lookup.
    ROUTE_ADMIN(ROUTE_CHECK),
    MIDDLEWARE_ROUTE('requireAdmin'),
    MIDDLEWARE_ROUTE('auth, isAdmin'),
    // A middleware list counts as its members: spread from a `const` array, or passed as an array (Express flattens both).
    `const SA = [validateTma, requireSuperAdmin];\n${MIDDLEWARE_ROUTE('...SA')}`,
    `const guards = [auth, requireAdmin];\n${MIDDLEWARE_ROUTE('guards')}`,
    MIDDLEWARE_ROUTE('[auth, requireAdmin]'),
    // A middleware of the file whose body lets only the operator on, whatever its name: `next` runs only after an admin test.
    `${GATE('if (String(req.user.telegram_id) !== SUPER_ADMIN_ID) return res.status(403).end();\n  next();')}${MIDDLEWARE_ROUTE('auth, gate')}`,
    `${GATE("if (req.user.role === 'admin') return next();\n  res.sendStatus(403);")}${MIDDLEWARE_ROUTE('auth, gate')}`,
    CHECK_ROUTE('!isAdmin(req.user)'),
    // The operator's password checked in the route or by the router's gate before it (round 22).
    CHECK_ROUTE('req.body.password !== process.env.ADMIN_PASSWORD'),
    USE_ROUTE(PANEL_GATE),
    // A best-effort notice to the few admins, not a broadcast to users.
    NOTICE('ADMIN_IDS'),
    NOTICE('config.adminIds'),
    NOTICE_TRY('admin'),
    // The recipients are the operators a query selects by role (round 15).
    ROLE_NOTICE('Role.boss'),
    ROLE_NOTICE("'admin'"),
  ],
  invalid: [
    // The same code without the admin test, or with a test of a value that is not the admin's.
    reported(NTBA_ADMIN('process.env.GROUP_ID == chatId'), 'repliesOnly', 'catch (error) {', 'catch (error) {\n      console.error(error);'),
    reported(NTBA_ADMIN('chatId'), 'repliesOnly', 'catch (error) {', 'catch (error) {\n      console.error(error);'),
    reported(NTBA_ADMIN('ADMIN_ID'), 'repliesOnly', 'catch (error) {', 'catch (error) {\n      console.error(error);'),
    reported(EXIT_ADMIN('chatId == ADMIN_ID'), 'repliesOnly', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(EXIT_ADMIN('chatId != process.env.GROUP_ID'), 'repliesOnly', 'catch {', 'catch (error) {\n    console.error(error);'),
    // Admin-only, but the handler tells the admin nothing.
    reported(EXIT_ADMIN('chatId != ADMIN_ID').replace("await bot.sendMessage(chatId, 'Could not delete it');", 'await cleanup(id);'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    // `strict` keeps reporting them.
    reported(NTBA_ADMIN('process.env.ADMINCHATID == chatId'), 'repliesOnly', 'catch (error) {', 'catch (error) {\n      console.error(error);', { checkAdminCode: true }),
    reported(ROUTE_ADMIN(''), 'swallowed', 'catch (error) {', 'catch (error) {\n    console.error(error);'),
    reported(ROUTE_ADMIN("    if (!admin?.isBanned) {\n      return res.status(403).json({ message: 'forbidden' });\n    }\n"), 'swallowed', 'catch (error) {', 'catch (error) {\n    console.error(error);'),
    // The admin lookup after other work: that work's failures are anyone's.
    reported(ROUTE_ADMIN(ROUTE_CHECK).replace('  try {\n', '  try {\n    await audit.write(req.body);\n'), 'swallowed', 'catch (error) {', 'catch (error) {\n    console.error(error);'),
    reported(ROUTE_ADMIN(ROUTE_CHECK), 'swallowed', 'catch (error) {', 'catch (error) {\n    console.error(error);', { checkAdminCode: true }),
    reported(MIDDLEWARE_ROUTE('requireAuth'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(`const SA = [validateTma, requireAuth];\n${MIDDLEWARE_ROUTE('...SA')}`, 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(`let SA = [validateTma, requireSuperAdmin];\n${MIDDLEWARE_ROUTE('...SA')}`, 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(MIDDLEWARE_ROUTE('[auth, requireAuth]'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(MIDDLEWARE_ROUTE('...middlewares'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    // A neutral middleware whose body proves nothing about the operator: any signed-in user passes, or `next` also runs outside the test.
    reported(`${GATE("if (!req.headers.authorization) return res.status(401).end();\n  req.user = jwt.verify(req.headers.authorization, SECRET);\n  next();")}${MIDDLEWARE_ROUTE('gate')}`, 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(`${GATE("if (req.user.role === 'admin') return next();\n  next();")}${MIDDLEWARE_ROUTE('gate')}`, 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(`${GATE("if (req.user.role === 'banned') return res.sendStatus(403);\n  next();")}${MIDDLEWARE_ROUTE('gate')}`, 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(CHECK_ROUTE('isAdmin(req.user)'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(CHECK_ROUTE('!isBanned(req.user)'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    // A password not named for the operator, or the router's gate used after the route.
    reported(CHECK_ROUTE('req.body.password !== process.env.PASSWORD'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    reported(USE_ROUTE(PANEL_GATE, false), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    // A broadcast to users (issue 15) is still one.
    reported(NOTICE('USER_IDS'), 'broadcastSwallowed', '() => {}', '(error) => {\n    console.error(error);\n  }'),
    reported(NOTICE_TRY('subscriber'), 'broadcastSwallowed', 'catch {}', 'catch (error) {\n      console.error(error);\n    }'),
    reported(ROLE_NOTICE('Role.client'), 'broadcastSwallowed', '() => {}', '(error) => {\n    console.error(error);\n  }'),
  ],
});

fs.writeFileSync(
  path.join(project, 'store.js'),
  [
    'const db = {',
    '  async getUser(id) { try { return await client.find(id); } catch (error) { console.error("getUser failed", error.message); return null; } },',
    '  async getUserRaw(id) { return await client.find(id); },',
    '};',
    'module.exports = { client, db };',
  ].join('\n'),
);
const handlers = path.join(project, 'handlers.js');
const LANGUAGE_OF = (method: string) => `const { db } = require('./store');\nasync function languageOf(id) {\n  try {\n    const user = await db.${method}(id);\n    return user?.lang || 'en';\n  } catch (error) {\n    return 'en';\n  }\n}`;
const DECLINE = (call: string) => `bot.on('pre_checkout_query', async (ctx) => {\n  await ${call}.catch(() => {});\n});`;
const BODY_ROUTE = (read: string, after: string) => `app.post('/reminders', async (c) => {\n  const body = await ${read}.catch(() => ({}));\n${after}  await remind(body.at);\n  return c.json({ ok: true });\n});`;
const BAD_TIME = "  if (typeof body.at !== 'string') return c.json({ error: 'bad-time' }, 400);\n";

ruleTester.run('no-swallowed-error: declined checkouts, methods of a required object, request bodies answered with 400', rule, {
  valid: [
    // Declining a checkout or a shipping query: if the answer fails, Telegram cancels it all the same.
    DECLINE("ctx.answerPreCheckoutQuery(false, { error_message: 'The price changed' })"),
    DECLINE("ctx.telegram.answerPreCheckoutQuery(ctx.preCheckoutQuery.id, false, 'The price changed')"),
    DECLINE("bot.answerShippingQuery(query.id, false, { error_message: 'No delivery there' })"),
    // A method of an object a CommonJS module exports, required by destructuring, that logs its own failures.
    { code: LANGUAGE_OF('getUser'), filename: handlers },
    // A request body that does not parse falls back to `{}`, and the route answers the client's error with a 400.
    BODY_ROUTE('c.req.json()', BAD_TIME),
    BODY_ROUTE('c.req.json<{ at?: unknown }>()', "  if (!body.at) {\n    return c.text('bad-time', 422);\n  }\n"),
    "export async function POST(request: Request) {\n  const body = await request.json().catch(() => null);\n  if (!body?.id) return Response.json({ error: 'no-id' }, { status: 400 });\n  await save(body.id);\n  return Response.json({ ok: true });\n}",
    "router.post('/items', async (req, res) => {\n  const body = await req.json().catch(() => ({}));\n  if (!body.id) return res.status(400).end();\n  await save(body.id);\n  res.json({ ok: true });\n});",
    "export default { async fetch(request) {\n  const form = await request.formData().catch(() => null);\n  if (!form) return new Response('bad form', { status: 400 });\n  await save(form.get('id'));\n  return new Response('ok');\n} };",
    // A handler that answers the client's error in Hono's way, like `res.status(400)`.
    "app.post('/items', async (c) => {\n  try {\n    await validate(c.req.query('id'));\n  } catch {\n    return c.json({ error: 'bad-id' }, 400);\n  }\n  return c.json({ ok: true });\n});",
  ],
  invalid: [
    // Accepting the checkout: if that answer fails, the sale is lost.
    reported(DECLINE('ctx.answerPreCheckoutQuery(true)'), 'swallowedPromise', '() => {}', '(error) => {\n    console.error(error);\n  }'),
    everyCatch(reported(DECLINE("ctx.answerPreCheckoutQuery(ok, 'Sorry')"), 'swallowedPromise', '() => {}', '(error) => {\n    console.error(error);\n  }')),
    // The required object's method lets its failure out.
    { ...reported(LANGUAGE_OF('getUserRaw'), 'swallowed', 'catch (error) {', 'catch (error) {\n    console.error(error);'), filename: handlers },
    // No client error answered after the fallback; a 500; the body of an outgoing request's response; work in the guarded read.
    everyCatch(reported(BODY_ROUTE('c.req.json()', ''), 'swallowedPromise', '() => ({})', '(error) => {\n    console.error(error);\n    return {};\n  }')),
    everyCatch(reported(BODY_ROUTE('c.req.json()', BAD_TIME.replace('400', '500')), 'swallowedPromise', '() => ({})', '(error) => {\n    console.error(error);\n    return {};\n  }')),
    everyCatch(reported(BODY_ROUTE('(await fetch(url)).json()', BAD_TIME), 'swallowedPromise', '() => ({})', '(error) => {\n    console.error(error);\n    return {};\n  }')),
    everyCatch(reported(BODY_ROUTE('c.req.json().then(save)', BAD_TIME), 'swallowedPromise', '() => ({})', '(error) => {\n    console.error(error);\n    return {};\n  }')),
    everyCatch(reported("export default { async fetch(request) {\n  const form = await request.formData().catch(() => null);\n  if (!form) return new Response('bad form', { status: 500 });\n  return new Response(await save(form));\n} };", 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
  ],
});

fs.writeFileSync(
  path.join(project, 'http-helpers.ts'),
  [
    "export function jsonResponse(data: unknown, init: ResponseInit = {}, req?: Request) { const headers = new Headers({ 'content-type': 'application/json' }); return new Response(JSON.stringify(data), { ...init, headers }); }",
    'export function plainResponse(data: unknown, init: ResponseInit = {}) { return new Response(JSON.stringify(data)); }',
    "export const bad = (message = 'Bad Request', hint?: unknown, req?: Request) => jsonResponse({ ok: false, error: message, hint }, { status: 400 }, req);",
    "export const unauth = (message = 'Unauthorized', req?: Request) => jsonResponse({ ok: false, error: message }, { status: 401 }, req);",
    "export const oops = (message = 'Internal Error', req?: Request) => jsonResponse({ ok: false, error: message }, { status: 500 }, req);",
    "export const badPlain = (message: string) => plainResponse({ error: message }, { status: 400 });",
  ].join('\n'),
);
const edgeFunction = path.join(project, 'edge-function.ts');
/** A Web handler that parses its request's body and answers a failed parse with `answer` (statements of the `catch`). */
const PARSED = (answer: string, after = '', imports = "import { bad, badPlain, oops, unauth } from './http-helpers';\n") =>
  `${imports}export async function handle(req: Request) {\n  let body: { id?: string };\n  try {\n    body = await req.json();\n  } catch {\n    ${answer}\n  }\n${after}  return save(body);\n}`;

ruleTester.run('no-swallowed-error: a failed request body answered with a client error through a helper', rule, {
  valid: [
    // The project's helper (imported, or of the file) returns a 4xx `Response`: the client's bad input is the answer.
    { code: PARSED("return bad('INVALID_JSON', null, req);"), filename: edgeFunction },
    { code: PARSED("return badRequest('INVALID_JSON');", '', 'const badRequest = (message: string) => new Response(message, { status: 400 });\n'), filename: edgeFunction },
    // The body falls back to `{}`, and the function answers the missing field with a helper's 401.
    { code: PARSED('body = {};', '  if (!body.id) return unauth();\n'), filename: edgeFunction },
  ],
  invalid: [
    // A helper answering 500, one whose builder drops the status it is handed, or a 500 after the fallback.
    { ...reported(PARSED("return oops('INVALID_JSON', req);"), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'), filename: edgeFunction },
    { ...reported(PARSED("return badPlain('INVALID_JSON');"), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'), filename: edgeFunction },
    { ...reported(PARSED("return badRequest('INVALID_JSON');", '', 'const badRequest = (message: string) => new Response(message, { status: 500 });\n'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'), filename: edgeFunction },
    { ...reported(PARSED('body = {};', '  if (!body.id) return oops();\n'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'), filename: edgeFunction },
  ],
});

const MONGO = "import mongoose from 'mongoose';\nconst Ad = mongoose.model('Ad', new mongoose.Schema({}));\n";
/** A handler whose `try` runs `work` and whose `catch` only answers the user. */
const ANSWERED = (work: string, before = '') =>
  `${MONGO}${before}bot.command('ads', async (ctx) => {\n  try {\n${work}  } catch {\n    await ctx.reply('Error, try again');\n  }\n});`;
const LISTING = "    const ads = await Ad.find({ owner: ctx.from.id }).sort({ createdAt: -1 }).lean();\n    if (ads.length === 0) return await ctx.reply('No ads');\n    let text = '';\n    ads.forEach((ad) => { text += `${ad.title.trim()}\\n`; });\n    await ctx.reply(text);\n";
const PRISMA = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const answered = (code: string, options?: Options[0]) => reported(code, 'repliesOnly', 'catch {', 'catch (error) {\n    console.error(error);', options);
fs.writeFileSync(
  path.join(project, 'ads.ts'),
  [
    "import mongoose from 'mongoose';",
    "const Ad = mongoose.model('Ad', new mongoose.Schema({}));",
    'export async function adsOf(id) { return Ad.find({ owner: id }); }',
    'export async function pauseAll(id) { await Ad.updateMany({ owner: id }, { $set: { paused: true } }); return Ad.find({ owner: id }); }',
    'export const adText = (ad) => `${ad.title}: ${Number(ad.cpc).toFixed(2)}`;',
  ].join('\n'),
);
fs.writeFileSync(
  path.join(project, 'client.ts'),
  "import axios from 'axios';\nexport function createClient(token?: string) {\n  const client = axios.create({ baseURL: process.env.API, timeout: 10000 });\n  if (token) client.defaults.headers.common.Authorization = token;\n  return client;\n}\nexport const publicApi = createClient();\n",
);
fs.writeFileSync(
  path.join(project, 'shop.ts'),
  [
    "import { createClient, publicApi } from './client';",
    'export async function product(id) { const { data } = await publicApi.get(`/products/${id}`); return data; }',
    'export async function myOrders(token) { const api = createClient(token); const { data } = await api.get("/orders/my"); return data; }',
    'export async function order(id) { const { data } = await publicApi.post("/orders", { id }); return data; }',
  ].join('\n'),
);
const SHOP = (fn: string, answer = "await ctx.reply('Could not load it.')") =>
  `import { ${fn} } from './shop';\nconst show = (ctx, text) => ctx.reply(text, { parse_mode: 'HTML' });\nbot.callbackQuery(/p_(.+)/, async (ctx) => {\n  try {\n    const p = await ${fn}(ctx.match[1]);\n    await show(ctx, \`<b>\${p.title}</b>\`);\n  } catch {\n    ${answer};\n  }\n});`;
const IMPORTED = (fn: string) => `import { ${fn}, adText } from './ads';\nbot.command('ads', async (ctx) => {\n  try {\n    const ads = await ${fn}(ctx.from.id);\n    await ctx.reply(ads.map(adText).join('\\n'));\n  } catch {\n    await ctx.reply('Error, try again');\n  }\n});`;

const SHUTDOWN = (listen: string) => `async function main() {\n  const stop = async () => {\n    await flushUsage().catch(() => {});\n    process.exit(0);\n  };\n  ${listen}\n}`;

ruleTester.run('no-swallowed-error: steps of a shutdown', rule, {
  valid: [
    // The listener of a signal that stops the process: a failed step is secondary to getting out.
    SHUTDOWN("process.once('SIGINT', stop);\n  process.once('SIGTERM', stop);"),
    "process.on('SIGTERM', async () => {\n  try {\n    await queue.stop();\n  } catch {}\n  process.exit(0);\n});",
    "async function shutdown() {\n  try {\n    await queue.stop();\n  } catch {}\n  process.exit(0);\n}\nprocess.on('SIGINT', shutdown);",
    // A function only called from such listeners: the same shutdown, with the signal passed on.
    "function shutdown(signal) {\n  try {\n    bot.stopPolling();\n  } catch {}\n  process.exit(0);\n}\nprocess.on('SIGINT', () => shutdown('SIGINT'));\nprocess.on('SIGTERM', async () => {\n  await shutdown('SIGTERM');\n});",
  ],
  invalid: [
    // Another event, another emitter, or a step that does not run in the listener itself.
    everyCatch(reported(SHUTDOWN("process.on('message', stop);"), 'swallowedPromise', '() => {}', '(error) => {\n      console.error(error);\n    }')),
    everyCatch(reported(SHUTDOWN("bot.once('SIGTERM', stop);"), 'swallowedPromise', '() => {}', '(error) => {\n      console.error(error);\n    }')),
    everyCatch(reported(SHUTDOWN("process.once(signal, stop);"), 'swallowedPromise', '() => {}', '(error) => {\n      console.error(error);\n    }')),
    everyCatch(reported("process.on('SIGTERM', () => {\n  setTimeout(async () => {\n    await flushUsage().catch(() => {});\n  }, 10);\n});", 'swallowedPromise', '() => {}', '(error) => {\n      console.error(error);\n    }')),
    reported("async function shutdown() {\n  try {\n    await queue.stop();\n  } catch {}\n}\nshutdown();", 'swallowed', 'catch {}', 'catch (error) {\n    console.error(error);\n  }'),
    // Also called outside a stop listener (a command, a later callback of the listener): not only a shutdown.
    reported("function shutdown(signal) {\n  try {\n    bot.stopPolling();\n  } catch {}\n}\nprocess.on('SIGINT', () => shutdown('SIGINT'));\nbot.command('pause', () => shutdown('pause'));", 'swallowed', 'catch {}', 'catch (error) {\n    console.error(error);\n  }'),
    reported("function shutdown(signal) {\n  try {\n    bot.stopPolling();\n  } catch {}\n}\nprocess.on('SIGINT', () => {\n  setTimeout(() => shutdown('SIGINT'), 10);\n});", 'swallowed', 'catch {}', 'catch (error) {\n    console.error(error);\n  }'),
    // `strict` reports it with the other cleanup.
    everyCatch(reported(SHUTDOWN("process.once('SIGTERM', stop);"), 'swallowedPromise', '() => {}', '(error) => {\n      console.error(error);\n    }', { allowCleanup: false })),
  ],
});

ruleTester.run('no-swallowed-error: a dropped response body', rule, {
  valid: ['async function article(url) { const res = await fetch(url); await res.body.cancel().catch(() => {}); }'],
  invalid: [
    // A cancel of something else is work: an order, a subscription on the provider's side.
    everyCatch(reported('async function stop(order) { await order.cancel().catch(() => {}); }', 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}')),
    everyCatch(reported('async function stop(res) { await res.body.cancel(reason).catch(() => {}); }', 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}')),
    // `strict` reports it with the other cleanup.
    everyCatch(reported('async function article(url) { const res = await fetch(url); await res.body.cancel().catch(() => {}); }', 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}', { allowCleanup: false })),
  ],
});

/** A function that reads a fetch response's body with a fallback, then `check`s it. */
const CHECKED_BODY = (fallback: string, check: string) =>
  `async function lookup(id) {\n  const resp = await fetch(\`\${API}/getChat\`, { method: 'POST', body: JSON.stringify({ chat_id: id }) });\n  const data = await resp.json().catch(() => ${fallback});\n${check}  return data.result;\n}`;
const FAILED = "    await notify(`lookup failed: ${data?.description || resp.status}`);\n    return null;\n";

ruleTester.run('no-swallowed-error: a response body whose fallback fails the check after it', rule, {
  valid: [
    // A body that does not parse falls back to nothing, which the status-and-body test sends down its failure path.
    CHECKED_BODY('null', `  if (!resp.ok || !data?.ok) {\n${FAILED}  }\n`),
    CHECKED_BODY('({})', '  if (!data.ok || !resp.ok) throw new Error(`lookup failed: ${resp.status}`);\n'),
    CHECKED_BODY('null', `  if (resp.status !== 200 || !data) {\n${FAILED}  }\n`),
  ],
  invalid: [
    // No status read in the test, a test the fallback passes, a branch that goes on, a fallback with data, no test right after.
    everyCatch(reported(CHECKED_BODY('null', `  if (!data?.ok) {\n${FAILED}  }\n`), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(reported(CHECKED_BODY('({})', `  if (!resp.ok || !data) {\n${FAILED}  }\n`), 'swallowedPromise', '() => ({})', '(error) => {\n    console.error(error);\n    return {};\n  }')),
    everyCatch(reported(CHECKED_BODY('null', '  if (!resp.ok || !data?.ok) console.warn(resp.status);\n'), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(reported(CHECKED_BODY("({ ok: true })", `  if (!resp.ok || !data?.ok) {\n${FAILED}  }\n`), 'swallowedPromise', '() => ({ ok: true })', '(error) => {\n    console.error(error);\n    return { ok: true };\n  }')),
    everyCatch(reported(CHECKED_BODY('null', `  await save(data);\n  if (!resp.ok || !data?.ok) {\n${FAILED}  }\n`), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    // A body not of a named response, a fallback that is no constant, a `try` around the parse.
    everyCatch(reported("async function lookup(r) {\n  const data = await r.body.json().catch(() => null);\n  if (!r.ok || !data?.ok) return null;\n  return data;\n}", 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(reported("async function lookup(r) {\n  const data = await r.json().catch(() => { mark(); });\n  if (!r.ok || !data?.ok) return null;\n  return data;\n}", 'swallowedPromise', '() => { mark(); }', '(error) => { console.error(error); mark(); }')),
    reported("async function lookup(r) {\n  let data = null;\n  try { data = await r.json(); } catch {}\n  if (!r.ok || !data?.ok) return null;\n  return data;\n}", 'swallowed', 'catch {}', 'catch (error) {\n    console.error(error);\n  }'),
  ],
});

/** A project's own Bot API client: `call` posts its first argument as the method to the Bot API host. */
const CLIENT = (host: string, extra = '') =>
  `class ChatApi {\n  constructor(token) {\n    this.base = \`${host}\${token}\`;\n  }\n  async call(method, body) {\n    const resp = await fetch(\`\${this.base}/\${method}\`, { method: 'POST', body: JSON.stringify(body) });\n    const payload = await resp.json();\n${extra}    if (!payload.ok) throw new Error(String(payload.description));\n    return payload;\n  }\n  async removeMessage(chatId, messageId) {\n    await this.call('deleteMessage', { chat_id: chatId, message_id: messageId });\n  }\n  async showText(chatId, text) {\n    const payload = await this.call('sendMessage', { chat_id: chatId, text });\n    return payload?.result || null;\n  }\n  async removeMember(chatId, userId) {\n    await this.call('banChatMember', { chat_id: chatId, user_id: userId });\n  }\n}\n`;
const TG = 'https://api.telegram.org/bot';
const SCREEN = (drop: string) =>
  `async function openScreen(token, msg, text) {\n  const api = new ChatApi(token);\n  const drop = ${drop};\n  await drop(msg.chat.id, msg.message_id).catch(() => {});\n  await api.showText(msg.chat.id, text);\n}`;
const REDRAW = "async function redraw(token, msg, text) {\n  const api = new ChatApi(token);\n  try {\n    await api.removeMessage(msg.chat.id, msg.message_id);\n    await api.showText(msg.chat.id, text);\n  } catch {\n    await api.showText(msg.chat.id, text);\n  }\n}";
const DROPPED = '(error) => {\n    console.error(error);\n  }';
fs.writeFileSync(path.join(project, 'chat-api.js'), `export ${CLIENT(TG)}export default ChatApi;\n`);
fs.writeFileSync(path.join(project, 'loud-api.js'), `export ${CLIENT(TG, '    await audit.insert(payload);\n')}`);
const FROM_CLIENT = (from: string) => ({ code: `${from}\n${SCREEN('api.removeMessage?.bind(api)')}`, filename: main });

ruleTester.run("no-swallowed-error: chat calls through the project's own Bot API client", rule, {
  valid: [
    // A method that only posts a chat method to the Bot API, called through a bound alias or directly.
    CLIENT(TG) + SCREEN('api.removeMessage.bind(api)'),
    CLIENT(TG) + SCREEN('api.removeMessage?.bind(api)'),
    CLIENT(TG) + REDRAW,
    // The client imported from a project file.
    FROM_CLIENT("import { ChatApi } from './chat-api';"),
    FROM_CLIENT("import ChatApi from './chat-api';"),
  ],
  invalid: [
    // Not a chat method, another host, a client that does more than the request, a bind to another object.
    everyCatch(reported(CLIENT(TG) + SCREEN('api.removeMember.bind(api)'), 'swallowedPromise', '() => {}', DROPPED)),
    everyCatch(reported(CLIENT('https://example.com/bot') + SCREEN('api.removeMessage.bind(api)'), 'swallowedPromise', '() => {}', DROPPED)),
    everyCatch(reported(CLIENT(TG, '    await audit.insert(payload);\n') + SCREEN('api.removeMessage.bind(api)'), 'swallowedPromise', '() => {}', DROPPED)),
    everyCatch(reported(CLIENT(TG) + SCREEN('api.removeMessage.bind(other)'), 'swallowedPromise', '() => {}', DROPPED)),
    reported(CLIENT(TG, '    await audit.insert(payload);\n') + REDRAW, 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    everyCatch({ ...reported(`import { ChatApi } from './loud-api';\n${SCREEN('api.removeMessage?.bind(api)')}`, 'swallowedPromise', '() => {}', DROPPED), filename: main }),
    everyCatch({ ...reported(`import { ChatApi } from 'chat-api';\n${SCREEN('api.removeMessage?.bind(api)')}`, 'swallowedPromise', '() => {}', DROPPED), filename: main }),
  ],
});

ruleTester.run('no-swallowed-error: a disposed handle', rule, {
  valid: [
    'async function run(agent) { try { return await agent.send(job); } finally { await agent[Symbol.asyncDispose]().catch(() => {}); } }',
    'async function run(session) { await session.dispose().catch(() => {}); }',
  ],
  invalid: [
    // Another computed method, one with arguments, and `strict`.
    everyCatch(reported('async function run(agent) { await agent[Symbol.iterator]().catch(() => {}); }', 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}')),
    everyCatch(reported('async function run(session) { await session.dispose(id).catch(() => {}); }', 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}')),
    everyCatch(reported('async function run(agent) { await agent[Symbol.asyncDispose]().catch(() => {}); }', 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}', { allowCleanup: false })),
  ],
});

ruleTester.run('no-swallowed-error: a failed read answered to the user (issue 14)', rule, {
  valid: [
    // The `try` only reads (a find, a count, an HTTP GET) and talks to the chat: the user is told and retries, nothing is lost.
    ANSWERED(LISTING),
    ANSWERED("    const count = await Ad.countDocuments({ owner: ctx.from.id });\n    await ctx.reply(`You have ${count} ads`);\n"),
    ANSWERED("    const orders = await prisma.order.findMany({ where: { userId: ctx.from.id } });\n    await ctx.reply(orders.map((o) => o.id).join(', '));\n", PRISMA),
    ANSWERED("    const { data } = await axios.get(`${API}/products/${ctx.match}`);\n    await ctx.reply(data.title);\n", "import axios from 'axios';\n"),
    ANSWERED("    const res = await fetch(`${API}/products`);\n    const list = await res.json();\n    await ctx.reply(JSON.stringify(list));\n"),
    // A project function that only reads, and a text helper, followed into their files.
    { code: IMPORTED('adsOf'), filename: main },
    // A GET through an axios instance a project file creates (directly, or by a factory of its own), answered by a chat-only helper.
    { code: SHOP('product'), filename: main },
    { code: SHOP('myOrders', "await show(ctx, 'Error loading orders.')"), filename: main },
    // A chat-only helper that keeps the id of the message it sent (the error model's chat call) is no write.
    ANSWERED("    const ad = await Ad.findById(ctx.match);\n    await answer(ctx, ad.title);\n", 'async function answer(ctx, text) {\n  const sent = await ctx.reply(text);\n  ctx.session.lastId = sent.message_id;\n}\n'),
    // A function of the file that reads; a local value built and filled by the code itself.
    ANSWERED("    const ads = await latest(ctx.from.id);\n    const lines = [];\n    for (const ad of ads) lines.push(ad.title);\n    await ctx.reply(lines.join('\\n'));\n", 'const latest = (id) => Ad.find({ owner: id }).limit(5);\n'),
  ],
  invalid: [
    // A write in the `try`: its failure is lost work, whatever the user is told.
    answered(ANSWERED("    await Ad.updateOne({ _id: ctx.match }, { $set: { paused: true } });\n    await ctx.reply('Paused');\n")),
    answered(ANSWERED("    await prisma.order.update({ where: { id: 1 }, data: { paid: true } });\n    await ctx.reply('ok');\n", PRISMA)),
    answered(ANSWERED("    await axios.post(`${API}/orders`, { id: ctx.from.id });\n    await ctx.reply('Ordered');\n", "import axios from 'axios';\n")),
    answered(ANSWERED("    await fetch(`${API}/orders`, { method: 'POST' });\n    await ctx.reply('Ordered');\n")),
    { ...answered(IMPORTED('pauseAll')), filename: main },
    { ...reported(SHOP('order'), 'repliesOnly', 'catch {', 'catch (error) {\n    console.error(error);'), filename: main },
    { ...reported(SHOP('order', "await show(ctx, 'Error')"), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'), filename: main },
    // State that outlives the update: the session, a map of the module.
    answered(ANSWERED("    ctx.session.step = 'cpc';\n    const ad = await Ad.findById(ctx.match);\n    await ctx.reply(`Minimum: ${ad.cpc}`);\n")),
    answered(ANSWERED("    waiting[ctx.from.id] = 'cpc';\n    const ad = await Ad.findById(ctx.match);\n    await ctx.reply(`Minimum: ${ad.cpc}`);\n", 'const waiting = {};\n')),
    answered(ANSWERED("    const ads = await Ad.find({});\n    seen.push(...ads);\n    await ctx.reply('ok');\n", 'const seen = [];\n')),
    // A helper that answers and writes.
    answered(ANSWERED("    const ad = await Ad.findById(ctx.match);\n    await answer(ctx, ad.title);\n", 'async function answer(ctx, text) {\n  await ctx.reply(text);\n  await Ad.updateOne({ _id: ctx.match }, { $inc: { views: 1 } });\n}\n')),
    // A callee nobody can see into may write.
    answered(ANSWERED("    const ads = await Ad.find({});\n    await render(ads);\n")),
    // An empty handler around a read is still a lost failure: nobody is told.
    reported(ANSWERED(LISTING).replace("    await ctx.reply('Error, try again');\n", ''), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    // `strict` reports the read too.
    answered(ANSWERED(LISTING), { checkReadOnlyWork: true }),
  ],
});

// A `try` whose every call sits in an inner `try` that catches it: the outer `catch` never runs.
const CLEAR = (inner: string): string =>
  `async function clear(ctx) {\n  try {\n    let i = 0;\n    while (true) {\n      try {\n        await ctx.deleteMessage(ctx.message.message_id - i++);\n      } catch ${inner}\n    }\n  } catch (err) {\n    await ctx.reply('Could not clear');\n  }\n}`;
ruleTester.run('no-swallowed-error: an outer catch nothing reaches', rule, {
  valid: [CLEAR('{\n        break;\n      }'), CLEAR('(error) {\n        console.warn(error);\n        break;\n      }')],
  invalid: [
    // The inner catch rethrows: the outer catch receives it and only answers.
    {
      code: CLEAR('(error) {\n        throw error;\n      }'),
      errors: [{ messageId: 'repliesOnly', suggestions: [{ messageId: 'suggestLog', output: CLEAR('(error) {\n        throw error;\n      }').replace("catch (err) {\n", "catch (err) {\n    console.error(err);\n") }] }],
    },
    // A call outside the inner try reaches the outer catch.
    {
      code: CLEAR('{\n        break;\n      }').replace('    let i = 0;\n', '    let i = await countMessages(ctx);\n'),
      errors: [{ messageId: 'repliesOnly', suggestions: [{ messageId: 'suggestLog', output: CLEAR('{\n        break;\n      }').replace('    let i = 0;\n', '    let i = await countMessages(ctx);\n').replace("catch (err) {\n", "catch (err) {\n    console.error(err);\n") }] }],
    },
  ],
});

// Issue 14: a probe whose failure is the answer, logged where the code acts on it.
const PROBE = (fallback: string, test: string, after: string): string =>
  `async function refresh(ctx, link) {\n  const probe = await ctx.api.editChatInviteLink(chat, link, { name: 'x' }).catch(${fallback});\n  if (${test}) return link;\n${after}  return ctx.api.createChatInviteLink(chat);\n}`;
const FLAG = (handler: string, after: string): string =>
  `async function refresh(link) {\n  let revoked = false;\n  try {\n    await api.check(link);\n  } catch {\n    ${handler}\n  }\n  if (revoked) {\n${after}    await api.renew(link);\n  }\n}`;
const probeReported = (code: string, messageId: 'swallowed' | 'swallowedPromise', from: string, to: string) => reported(code, messageId, from, to);
ruleTester.run('no-swallowed-error: a probe whose failure is logged where the code acts on it (issue 14)', rule, {
  valid: [
    PROBE('() => null', 'probe && !probe.is_revoked', "  log('warn', 'dead link, making a new one');\n"),
    PROBE('() => false', 'probe?.is_revoked === false', "  await markRevoked(link);\n  logger.warn('dead link');\n"),
    PROBE('() => {}', 'probe !== undefined', "  console.warn('dead link');\n"),
    FLAG('revoked = true;', "    logger.warn('revoked');\n"),
    PROBE('() => null', 'probe && ready(probe)', "  log('warn', 'dead');\n"),
    PROBE('() => null', 'probe != null', "  log('warn', 'dead');\n"),
    FLAG('revoked = 1;', "    logger.warn('revoked');\n").replace('let revoked = false', 'let revoked = 0'),
    `async function f(link) {\n  const ok = await api.check(link).catch(() => false);\n  if (!ok) {\n    console.warn('check failed');\n    return null;\n  }\n  return link;\n}`,
  ],
  invalid: [
    // Twins: nothing logs on the failure path; the log is on the success path; the test cannot be told;
    // the log comes too late; a flag set but never read for a decision (issue 15's shape).
    everyCatch(probeReported(PROBE('() => null', 'probe && !probe.is_revoked', '  await markRevoked(link);\n'), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => null', '!probe', "  log('warn', 'alive');\n"), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => null', 'probe.ok', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => null', 'ready(probe) && probe', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => null', 'probe', "  a();\n  b();\n  c();\n  log('warn', 'dead');\n"), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => fallbackLink', 'probe', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => fallbackLink', '(error) => {\n    console.error(error);\n    return fallbackLink;\n  }')),
    everyCatch(probeReported(PROBE('() => null', 'probe ?? other', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => null', '-probe', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => null', 'probe > 0', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => null', '(error) => {\n    console.error(error);\n    return null;\n  }')),
    everyCatch(probeReported(PROBE('() => false', 'probe[key]', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => false', '(error) => {\n    console.error(error);\n    return false;\n  }')),
    everyCatch(probeReported(PROBE('() => false', 'probe.toString', "  log('warn', 'dead');\n"), 'swallowedPromise', '() => false', '(error) => {\n    console.error(error);\n    return false;\n  }')),
    probeReported(FLAG('revoked = true;', ''), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    probeReported(FLAG('revoked = true;', '').replace('  if (revoked) {', '  await api.audit(link);\n  if (revoked) {'), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    probeReported(FLAG('flagged = true;', "    logger.warn('revoked');\n"), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
    probeReported(FLAG('revoked = compute();', "    logger.warn('revoked');\n"), 'swallowed', 'catch {', 'catch (error) {\n    console.error(error);'),
  ],
});

// Issue 14: a callee reached through a field the class sets once to `new Service()`.
const QUESTS = (body = "      await this.bot.stats.record(chatId, text);"): string =>
  `class QuestService {\n  constructor(bot) { this.bot = bot; }\n  async notifyEvents(chatId, text) {\n    if (!text) return;\n    try {\n${body}\n    } catch (e) {\n      console.warn('record failed', e);\n    }\n  }\n}\n`;
const FARM = (field: string, extra = ''): string =>
  `class FarmService {\n  ${field}\n  async harvest(u, text) {\n    await this.db.save(u);\n    await this.quests.notifyEvents(u.chatId, text).catch(() => {});\n  }\n${extra}}`;
const farmReported = (code: string) => reported(code, 'swallowedPromise', '() => {}', '(error) => {\n      console.error(error);\n    }');
const CREATED = 'constructor(db, bot) { this.db = db; this.quests = new QuestService(bot); }';
fs.writeFileSync(path.join(project, 'quests.ts'), `export ${QUESTS()}`);
fs.writeFileSync(path.join(project, 'quests-raw.ts'), `export ${QUESTS().replace('if (!text) return;', 'await this.bot.db.save(text);')}`);
ruleTester.run('no-swallowed-error: a callee on a field the class creates once (issue 14)', rule, {
  valid: [
    QUESTS() + FARM(CREATED),
    QUESTS() + FARM('quests = new QuestService(bot);\n  constructor(db) { this.db = db; }'),
    { code: "import { QuestService } from './quests';\n" + FARM(CREATED), filename: main },
  ],
  invalid: [
    // Twins: the field comes from a parameter, is set again elsewhere (a method, a field and the
    // constructor), is made by a factory or an unknown class; the callee fails outside its `try`.
    everyCatch(farmReported(QUESTS() + FARM('constructor(db, quests) { this.db = db; this.quests = quests; }'))),
    everyCatch(farmReported(QUESTS() + FARM(CREATED, '  use(q) { this.quests = q; }\n'))),
    everyCatch(farmReported(QUESTS() + FARM('quests = new QuestService(bot);\n  constructor(db) { this.db = db; this.quests = new QuestService(db); }'))),
    everyCatch(farmReported(QUESTS() + FARM('constructor(db, bot) { this.db = db; this.quests = makeQuests(bot); }'))),
    everyCatch(farmReported(QUESTS() + FARM('constructor(db, bot) { this.db = db; this.quests ||= new QuestService(bot); }'))),
    everyCatch(farmReported(QUESTS() + FARM('constructor(db, bot) { this.db = db; this.quests = new Unknown(bot); }'))),
    everyCatch(farmReported(QUESTS('      await this.bot.stats.record(chatId, text);\n    } finally {\n      await this.bot.stats.flush();').replace("} catch (e) {\n      console.warn('record failed', e);\n    }", '}') + FARM(CREATED))),
    everyCatch(farmReported(QUESTS().replace('if (!text) return;', 'await this.bot.db.save(text);') + FARM(CREATED))),
    everyCatch({ ...farmReported("import { QuestService } from './quests-raw';\n" + FARM(CREATED)), filename: main }),
  ],
});

/** A project whose query helper logs and rethrows, reached through barrel files (`export * from`, `export { x as y } from`). */
const barrels = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-barrel-'));
fs.mkdirSync(path.join(barrels, 'store'));
fs.writeFileSync(
  path.join(barrels, 'store', 'db.js'),
  [
    'export async function query(text, params) { try { return await pool.query(text, params); } catch (err) { console.error("query failed", err.message); throw err; } }',
    'export async function rawQuery(text) { try { return await pool.query(text); } catch (err) { throw err; } }',
    'export async function partQuery(text, fast) { if (fast) return await pool.query(text); try { return await pool.query(text); } catch (err) { console.error(err); throw err; } }',
    'export async function getPhoto(id) { const res = await query("SELECT 1", [id]); return res.rows[0] || null; }',
    'export async function getPhotoRaw(id) { const res = await rawQuery("SELECT 1"); return res.rows[0] || null; }',
    'export async function getPhotoPart(id) { const res = await partQuery("SELECT 1", id > 5); return res.rows[0] || null; }',
    'export default async function loadPhoto(id) { return getPhoto(id); }',
  ].join('\n'),
);
fs.writeFileSync(path.join(barrels, 'other.js'), 'export async function getPhoto(id) { return api.photo(id); }\n');
fs.writeFileSync(path.join(barrels, 'database.js'), "export * from './store/db.js';\n");
fs.writeFileSync(path.join(barrels, 'services.js'), "export { getPhoto as photoById } from './database.js';\nexport * from 'some-package';\n");
fs.writeFileSync(path.join(barrels, 'mixed.js'), "export * from './store/db.js';\nexport * from './other.js';\n");
const caller = path.join(barrels, 'main.ts');
const dropNull = '(error) => {\n  console.error(error);\n  return null;\n}';

ruleTester.run('no-swallowed-error: a callee that logs every error it lets out, behind barrel files', rule, {
  valid: [
    // The helper's only failing work is `query()`, which logs the error and rethrows it: the caller's fallback loses nothing.
    { code: "import { getPhoto } from './database.js';\nasync function f(id) { return getPhoto(id).catch(() => null); }", filename: caller },
    { code: "import * as db from './database.js';\nasync function f(id) { return db.getPhoto(id).catch(() => null); }", filename: caller },
    { code: "import { photoById } from './services.js';\nasync function f(id) { try { return await photoById(id); } catch { return null; } }", filename: caller },
  ],
  invalid: [
    // The helper rethrows without logging.
    everyCatch({ ...reported("import { getPhotoRaw } from './database.js';\nasync function f(id) { return getPhotoRaw(id).catch(() => null); }", 'swallowedPromise', '() => null', dropNull), filename: caller }),
    // The helper logs on one path only: `fast` queries bare.
    everyCatch({ ...reported("import { getPhotoPart } from './database.js';\nasync function f(id) { return getPhotoPart(id).catch(() => null); }", 'swallowedPromise', '() => null', dropNull), filename: caller }),
    // The try also does other work that can fail.
    { ...reported("import { getPhoto } from './database.js';\nasync function f(id) { try { await getPhoto(id); await charge(id); } catch { return null; } }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'), filename: caller },
    // Two `export *` provide the name: JavaScript exports neither, nothing is proven.
    everyCatch({ ...reported("import { getPhoto } from './mixed.js';\nasync function f(id) { return getPhoto(id).catch(() => null); }", 'swallowedPromise', '() => null', dropNull), filename: caller }),
    // `export *` does not pass on a default export.
    everyCatch({ ...reported("import loadPhoto from './database.js';\nasync function f(id) { return loadPhoto(id).catch(() => null); }", 'swallowedPromise', '() => null', dropNull), filename: caller }),
    // A name no barrel provides.
    everyCatch({ ...reported("import { missing } from './services.js';\nasync function f(id) { return missing(id).catch(() => null); }", 'swallowedPromise', '() => null', dropNull), filename: caller }),
  ],
});

/** A store module whose `query()` logs every failure before rethrowing it, and helpers built on it. */
const store = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-store-'));
fs.writeFileSync(
  path.join(store, 'database.js'),
  [
    'export async function query(text, params) { const start = Date.now(); try { return await pool.query(text, params); } catch (err) { console.error("query failed", err.message, text.slice(0, 100)); throw err; } }',
    'export async function queryBare(text, params) { try { return await pool.query(text, params); } catch (err) { throw err; } }',
    'function toDate(value) { const date = value instanceof Date ? value : new Date(value || Date.now()); return Number.isNaN(date.getTime()) ? new Date() : date; }',
    "function dayOf(value) { const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(toDate(value)); const get = (type) => parts.find((part) => part.type === type)?.value || '00'; return `${get('year')}-${get('month')}-${get('day')}`; }",
    'export async function appendEvent({ userId, role = "system", occurredAt = new Date(), metadata = {} }) {',
    '  const at = toDate(occurredAt);',
    '  const previous = (await query("SELECT day FROM events WHERE user_id = $1", [userId])).rows[0];',
    '  const gap = previous ? Math.max(0, Math.floor((at.getTime() - new Date(previous.at).getTime()) / 1000)) : 0;',
    '  const result = await query("INSERT INTO events VALUES ($1, $2, $3, $4, $5)", [userId, role, dayOf(at), gap, JSON.stringify(metadata || {})]);',
    '  return result.rows[0];',
    '}',
    'export async function appendEventBare({ userId, occurredAt = new Date(), metadata = {} }) {',
    '  const result = await queryBare("INSERT INTO events VALUES ($1, $2, $3)", [userId, dayOf(occurredAt), JSON.stringify(metadata || {})]);',
    '  return result.rows[0];',
    '}',
    'const DEFAULT_PROFILE = Object.freeze({ bio: "", speech: "" });',
    'function normaliseProfile(profile = {}) { return Object.fromEntries(Object.keys(DEFAULT_PROFILE).map((key) => [key, String(profile?.[key] ?? DEFAULT_PROFILE[key]).trim().slice(0, 12000)])); }',
    'export async function getProfile() { const r = await query("SELECT profile FROM profiles WHERE id = 1", [JSON.stringify(DEFAULT_PROFILE)]); return { profile: normaliseProfile(r.rows[0]?.profile || DEFAULT_PROFILE) }; }',
    'export async function getProfileSynced() { const r = await query("SELECT profile FROM profiles WHERE id = 1"); return { profile: normaliseProfile(r.rows[0]?.profile), synced: await syncRemote(r.rows[0]) }; }',
  ].join('\n'),
);
const storeCaller = path.join(store, 'main.js');
const dropEmpty = '(error) => {\n  console.error(error);\n}';

ruleTester.run('no-swallowed-error: fallbacks after in-process code, callees whose failures are logged', rule, {
  valid: [
    // A parse of stored text falling back to the default: nothing but the parse can fail.
    'function config(row) { let cfg = {}; try { cfg = JSON.parse(row.config); } catch {} return cfg; }',
    'function voters(vote) { let list = []; try { list = JSON.parse(vote.voters || "[]").map((v) => String(v.id)); } catch {} return list; }',
    // A feature test of Unicode property escapes, with a plainer pattern as the fallback.
    'function clean(text) { try { text = text.replace(/\\p{Extended_Pictographic}/gu, ""); } catch { text = text.replace(/[\\u2600-\\u26FF]/g, ""); } return text; }',
    "function lettersPattern() { let letters = /[a-z]/i; try { letters = new RegExp('\\\\p{L}', 'u'); } catch {} return letters; }",
    // An optional package load.
    "try { require('dotenv').config(); } catch {}",
    // A formatter that falls back to the raw text.
    'function format(level, message, meta) { try { const details = Object.keys(meta).length ? JSON.stringify(meta, null, 2).substring(0, 500) : ""; return `[${level.toUpperCase()}] ${message.replace(/</g, "&lt;")} ${details}`; } catch (err) { return `[${level.toUpperCase()}] ${message}`; } }',
    // Dates and string work on optional fields; one malformed entry is skipped.
    'async function scan(messages, since) { const found = []; for (const msg of messages) { try { const at = msg.date ? new Date(msg.date) : new Date(0); if (at < since) continue; const from = String(msg.envelope?.from?.[0]?.address || "").toLowerCase(); if (from.includes("netflix")) found.push({ seq: msg.seq, ts: at.getTime() }); } catch (_) {} } return found; }',
    // A token decode in an auth guard: a token that does not decode leaves no user, and the guard denies.
    'function userOf(header) { let user = null; try { [user] = atob(header.split(" ")[1] ?? "").split(":"); } catch {} return user; }',
    // A project helper proven to do no I/O.
    'function normalise(s) { return String(s).trim().toLowerCase().split(/\\s+/).join(" "); }\nfunction key(raw) { let k = ""; try { k = normalise(raw); } catch {} return k; }',
    // A callback passed by name that only computes is summarised as a callee.
    'function tidy(s) { return String(s).trim(); }\nfunction tags(raw) { let list = []; try { list = JSON.parse(raw).map(tidy); } catch {} return list; }',
    // A user's text that does not parse is answered: the failure is the input, nothing of the bot's work is lost.
    'bot.on("message", async (ctx) => { try { const link = new URL(ctx.message.text.trim()); state.link = link.href; } catch { await ctx.reply("Send a valid link"); } });',
    // Callees whose every failing call is `query()`, which logs the error before rethrowing it.
    { code: "import { appendEvent } from './database.js';\nasync function f(userId) { await appendEvent({ userId, metadata: { file: 'x' } }).catch(() => {}); }", filename: storeCaller },
    { code: "import { getProfile } from './database.js';\nasync function f() { const profile = await getProfile().catch(() => null); return profile; }", filename: storeCaller },
    // The promise of an async helper that only computes, and a reply after a parse that fails.
    'async function parseLater(s) { return JSON.parse(s); }\nasync function f(s) { return parseLater(s).catch(() => null); }',
    'async function parseLater(s) { return JSON.parse(s); }\nasync function f(ctx, s) { return parseLater(s).catch(() => ctx.reply("Send valid JSON")); }',
    'bot.on("message", async (ctx) => { try { state.link = new URL(ctx.message.text).href; } catch { return ctx.reply(`Not a link: ${ctx.message.text.slice(0, 20)}`); } });',
    // A route that only computes on the request and answers it: what can fail is a value, answered with a 500 on the same response.
    'router.get("/:id/tickets", async (req, res) => { try { const user = req.user; user.inventory = user.inventory || []; const ticket = user.inventory.find((i) => i.name === "Golden Ticket"); res.json({ count: ticket ? ticket.count : 0 }); } catch (error) { res.status(500).json({ message: "Server error" }); } });',
    'app.post("/parse", (req, res) => { try { const data = JSON.parse(req.body.raw); return res.status(200).json({ keys: Object.keys(data) }); } catch { return res.status(500).send("bad"); } });',
    // Telegram chat reads that skip a channel the bot cannot see.
    'async function adminChannels(bot, ids, me) { const found = []; for (const id of ids) { try { const admins = await bot.getChatAdministrators(id); if (admins.map((a) => a.user.username).includes(me)) found.push(await bot.getChat(id)); } catch (error) { continue; } } return found; }',
  ],
  invalid: [
    // The value comes from a database read: a failure there is lost.
    reported('async function config(db) { let cfg = {}; try { cfg = await db.getConfig(); } catch {} return cfg; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A module of the project that fails to load is a real loss.
    reported("try { require('./routes/pay'); } catch {}", 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A synchronous file write is I/O.
    reported('function save(path, data) { try { fs.writeFileSync(path, JSON.stringify(data)); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // Unknown work in the try, or a handler value computed by an unknown function.
    reported('function format(level, message) { try { return render(message); } catch { return `[${level.toUpperCase()}] ${message}`; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('function config(row) { try { return JSON.parse(row.config); } catch { return loadDefaults(row); } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A throw of its own in the try: the fallback would hide the check.
    reported('function config(row) { let cfg = {}; try { cfg = JSON.parse(row.config); if (!cfg.id) throw new Error("no id"); } catch {} return cfg; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // The scan also stores each entry.
    reported('async function scan(messages, store) { for (const msg of messages) { try { const at = new Date(msg.date); await store.save({ seq: msg.seq, ts: at.getTime() }); } catch (_) {} } }', 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    // A helper that hands itself (or its partner) on as a callback: recursion is not proven, and is not followed without end.
    reported('function decode(v) { return Array.isArray(v) ? v.map(decode) : v; }\nfunction tags(raw) { let list = []; try { list = decode(JSON.parse(raw)); } catch {} return list; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('const walkA = (v) => v.map(walkB);\nconst walkB = (v) => v.map(walkA);\nfunction tags(raw) { let list = []; try { list = walkA(JSON.parse(raw)); } catch {} return list; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // A project helper that reads a file is no in-process helper.
    reported('function normalise(s) { return fs.readFileSync(s, "utf8").trim(); }\nfunction key(raw) { let k = ""; try { k = normalise(raw); } catch {} return k; }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // The reply follows a database write: the operator never sees why it failed.
    reported('bot.on("message", async (ctx) => { try { const link = new URL(ctx.message.text.trim()); await db.links.insert({ href: link.href }); } catch { await ctx.reply("Send a valid link"); } });', 'repliesOnly', 'catch {', 'catch (error) { console.error(error);'),
    // The same route that reads the user from the database, or saves it: a failure there is I/O, and the 500 hides why.
    reported('router.get("/:id/tickets", async (req, res) => { try { const user = await User.findOne({ id: req.params.id }); const ticket = user.inventory.find((i) => i.name === "Golden Ticket"); res.json({ count: ticket ? ticket.count : 0 }); } catch (error) { res.status(500).json({ message: "Server error" }); } });', 'swallowed', 'catch (error) {', 'catch (error) { console.error(error);'),
    reported('router.get("/:id/tickets", async (req, res) => { try { const user = req.user; user.inventory = user.inventory || []; user.save(); res.json({ ok: true }); } catch (error) { res.status(500).json({ message: "Server error" }); } });', 'swallowed', 'catch (error) {', 'catch (error) { console.error(error);'),
    // A response that is not the route's own (a field of another object) is no answer on the response parameter.
    reported('router.get("/x", async (req, res) => { try { hub.res.json({ ok: true }); } catch (error) { res.status(500).json({ message: "Server error" }); } });', 'swallowed', 'catch (error) {', 'catch (error) { console.error(error);'),
    // `queryBare()` rethrows without logging: the caller's fallback loses the error.
    everyCatch({ ...reported("import { appendEventBare } from './database.js';\nasync function f(userId) { await appendEventBare({ userId }).catch(() => {}); }", 'swallowedPromise', '() => {}', dropEmpty), filename: storeCaller }),
    // Another await beside `query()`: an unknown remote sync.
    everyCatch({ ...reported("import { getProfileSynced } from './database.js';\nasync function f() { const profile = await getProfileSynced().catch(() => null); return profile; }", 'swallowedPromise', '() => null', dropNull), filename: storeCaller }),
    // A handler that records a failure status, or does other work, after in-process code.
    reported('function runJob(job) { try { job.data = JSON.parse(job.raw); } catch { job.failed = true; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('function count(s) { try { cfg = JSON.parse(s); } catch { stats.failures++; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A promise made elsewhere: what rejects it is not in view.
    everyCatch(reported('function lane(previous, task) { return previous.catch(() => null).then(task); }', 'swallowedPromise', '() => null', dropNull)),
    // The async helper waits for a database read.
    everyCatch(reported('async function loadLater(s) { return await db.load(s); }\nasync function f(s) { return loadLater(s).catch(() => null); }', 'swallowedPromise', '() => null', dropNull)),
    // A chat read followed by a send in the same try is no probe.
    reported('async function adminChannels(bot, ids, me) { for (const id of ids) { try { const admins = await bot.getChatAdministrators(id); await db.channels.save({ id, admins }); } catch (error) { continue; } } }', 'swallowed', 'catch (error) {', 'catch (error) { console.error(error);'),
  ],
});

/** A Telegraf project whose command handlers live in other files and are registered in bot.js, behind an admin middleware or another middleware. */
const adminProject = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-admin-'));
fs.writeFileSync(path.join(adminProject, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4.16.0' } }));
const statsFile = path.join(adminProject, 'stats.js');
const statsCode = 'const statsCommand = async (ctx) => { try { await ctx.reply(await loadStats()); } catch (error) { await ctx.reply("Stats failed"); } };\nmodule.exports = { statsCommand };';
const helpFile = path.join(adminProject, 'help.js');
const helpCode = 'async function helpCommand(ctx) { try { await ctx.reply(await loadHelp()); } catch (error) { await ctx.reply("Help failed"); } }\nmodule.exports = { helpCommand };';
fs.writeFileSync(statsFile, statsCode);
fs.writeFileSync(helpFile, helpCode);
fs.writeFileSync(
  path.join(adminProject, 'bot.js'),
  [
    "const { Telegraf } = require('telegraf');",
    "const { statsCommand } = require('./stats');",
    "const { helpCommand } = require('./help');",
    "const { authMiddleware, adminMiddleware } = require('./auth');",
    "const bot = new Telegraf('t');",
    "bot.command('stats', adminMiddleware, statsCommand);",
    "bot.command('help', authMiddleware, helpCommand);",
  ].join('\n'),
);
fs.writeFileSync(path.join(adminProject, 'auth.js'), 'async function authMiddleware(ctx, next) { return next(); }\nasync function adminMiddleware(ctx, next) { if (ctx.from.id !== ADMIN_ID) return; return next(); }\nmodule.exports = { authMiddleware, adminMiddleware };\n');

ruleTester.run('no-swallowed-error: handlers registered in another file behind an admin middleware', rule, {
  valid: [
    // `statsCommand` is registered only behind `adminMiddleware` in bot.js: the failure reply reaches the operator.
    { code: statsCode, filename: statsFile },
  ],
  invalid: [
    // Its twin: `helpCommand` is registered behind a middleware that is no admin check.
    reported(helpCode, 'repliesOnly', 'catch (error) {', 'catch (error) { console.error(error);'),
  ].map((test) => ({ ...test, filename: helpFile })),
});

/** The same project, where other files name `statsCommand` too: a model's own schema variable, and an import through a path alias. */
const namesakeProject = (other: string): string => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-namesake-'));
  for (const name of ['package.json', 'bot.js', 'auth.js', 'stats.js']) fs.copyFileSync(path.join(adminProject, name), path.join(root, name));
  fs.writeFileSync(path.join(root, 'other.js'), other);
  return path.join(root, 'stats.js');
};
ruleTester.run('no-swallowed-error: a file that names the handler for something of its own', rule, {
  valid: [
    // `models/Stats.js` calls its schema `statsCommand`: its own binding, no use of the handler.
    { code: statsCode, filename: namesakeProject("const mongoose = require('mongoose');\nconst statsCommand = new mongoose.Schema({ command: String });\nstatsCommand.index({ command: 1 });\nmodule.exports = mongoose.model('Stats', statsCommand);\n") },
  ],
  invalid: [
    // Its twin: a file that takes `statsCommand` from a path alias registers it without the admin check.
    {
      ...reported(statsCode, 'repliesOnly', 'catch (error) {', 'catch (error) { console.error(error);'),
      filename: namesakeProject("const { Telegraf } = require('telegraf');\nconst { statsCommand } = require('@/stats');\nconst bot = new Telegraf('t');\nbot.command('stats', statsCommand);\n"),
    },
  ],
});

const swallowedPromise = (code: string) => reported(code, 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}');

ruleTester.run('no-swallowed-error: never-rejecting queries, observed promises, temp-file cleanup', rule, {
  valid: [
    // A `.catch` on a Supabase query (a proven client, or one named so with a literal table or function): it resolves with `{ error }`, the handler never runs.
    "class Signals { constructor(supabase) { this.supabase = supabase; } async init() { await this.supabase.rpc('create_table', { name: 't' }).catch(() => {}); } }",
    "async function init() { await supabase.from('settings').upsert({ id: 1 }).catch(() => {}); }",
    `${supabaseClient}async function init(fn) { await supabase.rpc(fn).catch(() => {}); }`,
    // A side branch on a promise the code also returns or awaits: the rejection still reaches its waiters.
    'function load(key) { let pending = cache.get(key); if (!pending) { pending = fetchSkill(key); cache.set(key, pending); pending.catch(() => cache.delete(key)); } return pending; }',
    'async function both(a) { const p = save(a); p.catch(() => {}); await other(); await p; }',
    'function both(a) { const p = save(a); p.catch(() => {}); return Promise.all([p, other()]); }',
    'const start = (a) => { const p = save(a); p.catch(() => {}); return () => p; };',
    'class Job { constructor() { this.promise = run(); } wait() { return this.promise; } cancel() { this.promise.catch(() => {}); this.canceled = true; } }',
    // An empty catch around removing a temporary file after the work is done.
    'async function send(ctx, url) { const tmpFile = "/tmp/a.mp3"; await download(url, tmpFile); await ctx.replyWithAudio({ source: tmpFile }); try { fs.unlinkSync(tmpFile); } catch (e) {} }',
    'async function send(ctx, input) { const out = input + ".ogg"; await convert(input, out); await ctx.replyWithVoice({ source: out }); try { fs.unlinkSync(out); } catch {} }',
    'async function send(ctx, id) { const out = `/var/cache/${id}.png`; await render(out); await ctx.replyWithPhoto({ source: out }); await fs.promises.rm(out, { force: true }).catch(() => {}); }',
    "import { unlink } from 'node:fs/promises';\nasync function send(ctx, tempPath) { await ctx.replyWithDocument({ source: tempPath }); await unlink(tempPath).catch(() => {}); }",
  ],
  invalid: [
    // A Supabase chain that throws, or runs a callback of its own; a client not named or proven so; a function name not literal on a named client.
    everyCatch(swallowedPromise("async function init() { await this.supabase.rpc('create_table').throwOnError().catch(() => {}); }")),
    everyCatch(swallowedPromise("async function init() { await supabase.from('t').select('*').then((r) => use(r.data)).catch(() => {}); }")),
    everyCatch(swallowedPromise("async function init() { await db.rpc('create_table').catch(() => {}); }")),
    everyCatch(swallowedPromise('async function init(fn) { await supabase.rpc(fn).catch(() => {}); }')),
    everyCatch(swallowedPromise("async function init() { await this.db.supabase.rpc('f').catch(() => {}); }")),
    everyCatch(swallowedPromise("async function init() { await this.supabase[method]('f').catch(() => {}); }")),
    // The promise is handed on only after its `.catch`, or not at all: the rejection ends in the handler.
    everyCatch(swallowedPromise('function load(key) { const pending = fetchSkill(key); pending.catch(() => {}); log(pending); }')),
    everyCatch(swallowedPromise('async function both(a) { const p = save(a); p.catch(() => {}); await other(); }')),
    everyCatch(swallowedPromise('function both(a) { const p = save(a); p.catch(() => {}); return Promise.all(p); }')),
    everyCatch(swallowedPromise('function both(a) { const p = save(a); p.catch(() => {}); return [p]; }')),
    everyCatch(swallowedPromise('async function f() { const p = save(a); const q = p.catch(() => {}); return p; }')),
    everyCatch(swallowedPromise('class Job { wait() { return this.other; } cancel() { this.promise.catch(() => {}); } }')),
    everyCatch(swallowedPromise('class Job { wait() { return this[k]; } cancel() { this.promise.catch(() => {}); } }')),
    everyCatch(swallowedPromise('function cancel(job) { job.promise.catch(() => {}); return job.promise; }')),
    everyCatch(swallowedPromise('function cancel() { pending.catch(() => {}); }')),
    everyCatch(swallowedPromise('class Job { wait() { return this.promise; } cancel() { this[key].catch(() => {}); } }')),
    everyCatch(swallowedPromise('function cancel() { this.promise.catch(() => {}); return this.promise; }')),
    everyCatch(swallowedPromise("async function init() { await getClient().rpc('create_table').catch(() => {}); }")),
    // Removing a file that is no temporary one, or not with the file-system module.
    reported('async function logout(ctx, sessionFile) { try { fs.unlinkSync(sessionFile); } catch {} await ctx.reply("Bye"); }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(id) { try { await db.users.remove(tmp); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(tmp) { try { fs.unlinkSync(tmp); await db.users.remove(tmp); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(paths) { try { fs.unlinkSync(...paths); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(file) { await use(file); try { fs.unlinkSync(file); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(id) { const file = `${id}.json`; try { fs.unlinkSync(file); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(dir, name) { await use(dir); try { fs.unlinkSync(path.join(dir, name)); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('async function drop(id) { const out = `${id}.ogg`; await convert(id, out); try { require("fs").unlinkSync(out); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('const out = "a.ogg"; convert(out); try { fs.unlinkSync(out); } catch {}', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    // The same removal in strict (allowCleanup off).
    reported('async function send(ctx, tmp) { await ctx.replyWithVoice({ source: tmp }); try { fs.unlinkSync(tmp); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}', { allowCleanup: false }),
  ],
});

ruleTester.run('no-swallowed-error: issue 15 shapes (broadcast, status flag, sync fallback that throws, log without the error)', rule, {
  valid: [
    // The broadcast inspects the error: the blocked user is handled, the rest logged.
    'async function broadcast(users, text) { for (let i = 0; i < users.length; i++) { try { await bot.api.sendMessage(users[i].chat_id, text); } catch (e) { if (e.description?.includes("blocked")) { await markBlocked(users[i]); continue; } logger.warn(e); } } }',
    // The status flag keeps the error beside it.
    'class Worker { async run(job) { try { await work(job); } catch (e) { this.status = "error"; this.lastError = e; } } }',
    // A sync fallback whose try throws nothing on purpose.
    'function list(raw) { let a = []; try { a = JSON.parse(raw); } catch { a = []; } return a; }',
    // A log line without the error: only `strict` (requireErrorInLog) reports it; with the error it is fine there too.
    'async function upd(id) { try { await db.update(id); } catch { console.error("update failed"); } }',
    { code: 'async function upd(id) { try { await db.update(id); } catch (err) { console.error("update failed", err); } }', options: [{ requireErrorInLog: true }] },
  ],
  invalid: [
    reported('async function broadcast(users, text) { for (let i = 0; i < users.length; i++) { try { await bot.api.sendMessage(users[i].chat_id, text); } catch (e) { if (e.description?.includes("blocked")) await markBlocked(users[i]); } } }', 'broadcastSwallowed', 'catch (e) {', 'catch (e) { console.error(e);'),
    reported('class Worker { async run(job) { try { await work(job); } catch { this.status = "error"; } } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('function list(raw) { let a = []; try { a = JSON.parse(raw); if (!Array.isArray(a)) throw new Error("expected an array"); } catch { a = []; } return a; }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // Awaited I/O before an in-process call in the same expression: the fallback hides the I/O failure.
    reported('async function list(raw) { let a = []; try { a = [await load(raw), JSON.parse(raw)]; } catch { a = []; } return a; }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    {
      code: 'async function upd(id) { try { await db.update(id); } catch { console.error("update failed"); } }',
      options: [{ requireErrorInLog: true }],
      errors: [{ messageId: 'logsWithoutError', suggestions: logAt('async function upd(id) { try { await db.update(id); } catch { console.error("update failed"); } }', 'catch {', 'catch (error) { console.error(error);') }],
    },
  ],
});

ruleTester.run('no-swallowed-error: round-12 judged shapes', rule, {
  valid: [
    // An error body read, logged, and then a synchronous parse of it before the failure is returned.
    'async function ask(res) { if (!res.ok) { const body = await res.text().catch(() => ""); console.error("ask failed", res.status, body); let detail = ""; try { detail = JSON.parse(body).error; } catch { detail = body; } return { reply: `failed ${detail}` }; } }',
    // A validation answered with a 4xx `new Response(…)`.
    'async function setImage(request, id) { const body = await request.json(); try { new URL(body.url); } catch { return new Response(JSON.stringify({ error: "bad url" }), { status: 400 }); } await save(id, body.url); }',
    // A trivial database probe (`SELECT 1`) whose failure value is the answer.
    'async function checkDb(db) { const start = Date.now(); try { await db.execute("SELECT 1"); return { ok: true, ms: Date.now() - start }; } catch { return { ok: false, ms: Date.now() - start }; } }',
    "async function dbUp(pool) { try { await pool.query('select 1;'); return true; } catch { return false; } }",
    // Another decoding of the same input: its own failure is not caught.
    'function loadKey(raw) { try { return Keypair.fromSecretKey(bs58.decode(raw)); } catch (_) {} return Keypair.fromSecretKey(Buffer.from(raw, "base64")); }',
    'function keyOf(s) { let key; try { key = bs58.decode(s); } catch { key = Buffer.from(s, "base64"); } return sign(key); }',
  ],
  invalid: [
    // After the log line, awaited work that goes on with the empty body: the read's failure is lost.
    everyCatch({
      code: 'async function ask(res) { if (!res.ok) { const body = await res.text().catch(() => ""); console.log("got", res.status); await store(body); return { done: true }; } }',
      errors: [{ messageId: 'swallowedPromise', suggestions: logAt('async function ask(res) { if (!res.ok) { const body = await res.text().catch(() => ""); console.log("got", res.status); await store(body); return { done: true }; } }', '() => ""', '(error) => {\n  console.error(error);\n  return "";\n}') }],
    }),
    // The same validation answered with a 5xx: the server failed, nobody logged why.
    reported('async function setImage(request, id) { const body = await request.json(); try { new URL(body.url); } catch { return new Response(JSON.stringify({ error: "bad url" }), { status: 500 }); } await save(id, body.url); }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A real query, not a probe: its failure is lost behind `ok: false`.
    reported('async function checkDb(db) { try { await db.execute("SELECT * FROM users"); return { ok: true }; } catch { return { ok: false }; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // The fallback decodes another input: the first decoding's failure is lost.
    reported('function loadKey(raw, other) { try { return Keypair.fromSecretKey(bs58.decode(raw)); } catch (_) {} return Keypair.fromSecretKey(Buffer.from(other, "base64")); }', 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
  ],
});

// Rejection handlers: by default only one on a promise that writes to the database loses data.
const PG = "import pg from 'pg';\nconst pool = new pg.Pool();\n";
const KNEX = "import knex from 'knex';\nconst db = knex(config);\n";
const WRITER = 'async function saveSections(id, sections) { await prisma.user.update({ where: { id }, data: { sections } }); }\n';
const READER = 'async function userOf(id) { return prisma.user.findUnique({ where: { id } }); }\n';
const dropped = (code: string, from = '() => {}', to = '(error) => {\n  console.error(error);\n}'): InvalidTestCase<MessageIds, Options> => ({
  code,
  errors: [{ messageId: 'swallowedPromise', suggestions: logAt(code, from, to) }],
});
ruleTester.run('no-swallowed-error: rejection handlers on database writes', rule, {
  valid: [
    // A read with a fallback: nothing is lost, the caller goes on with null.
    `${PRISMA}async function f(id) { const u = await prisma.user.findUnique({ where: { id } }).catch(() => null); return u; }`,
    `${PG}async function f() { return pool.query('SELECT * FROM logs').catch(() => []); }`,
    `${MONGO}async function f(id) { return Ad.findOne({ id }).catch(() => null); }`,
    `${PRISMA}${READER}async function f(id) { return userOf(id).catch(() => null); }`,
    // A listing of an unknown callee, a re-render, a request, a response body.
    'async function f(id) { const logs = await listLogs(id).catch(() => []); return logs; }',
    'async function f(ctx) { await renderMenu(ctx).catch(() => {}); }',
    "async function f(url) { const res = await fetch(url, { method: 'POST' }).catch(() => null); return res; }",
    'async function f(res) { const body = await res.json().catch(() => null); return body; }',
    // The write is awaited in the arguments: it rejects before the promise the handler is on exists.
    `${PRISMA}async function f(id) { await notify(await prisma.user.update({ where: { id }, data: { seen: true } })).catch(() => {}); }`,
    // A write on a receiver no model proves is not a database write.
    'async function f(id) { await store.user.update({ where: { id } }).catch(() => {}); }',
    // A `sql` tag that reads; a helper that calls itself and reads; a write in the fourth function down (three are followed).
    "import postgres from 'postgres';\nconst sql = postgres();\nasync function f() { return sql`SELECT * FROM logs`.catch(() => []); }",
    `${PRISMA}async function retry(n) { if (n > 0) return retry(n - 1); return prisma.user.findMany(); }\nretry(3).catch(() => {});`,
    `${PRISMA}${WRITER}const b = (id) => saveSections(id, []);\nconst a = (id) => b(id);\nconst top = (id) => a(id);\ntop(1).catch(() => {});`,
  ],
  invalid: [
    // A database write whose failure is dropped: the change is lost and nobody knows.
    dropped(`${PRISMA}async function f(id, sections) { await prisma.user.update({ where: { id }, data: { sections } }).catch(() => null); }`, '() => null', '(error) => {\n  console.error(error);\n  return null;\n}'),
    dropped(`${PRISMA}bot.on('chat_join_request', async (ctx) => { await prisma.joinRequest.upsert({ where: { id: 1 }, create: {}, update: {} }).catch(() => {}); });`),
    dropped(`${PG}async function f(id) { await pool.query('INSERT INTO joins (user_id) VALUES ($1)', [id]).catch(() => {}); }`),
    dropped(`${MONGO}async function f(id) { await Ad.updateOne({ id }, { $set: { paid: true } }).catch(() => {}); }`),
    dropped(`${KNEX}async function f(row) { await db('users').insert(row).catch(() => {}); }`),
    // A project function that writes, and a write in a callback of the chain.
    dropped(`${PRISMA}${WRITER}async function f(id, s) { await saveSections(id, s).catch(() => {}); }`),
    dropped(`${PRISMA}function f(url) { fetch(url).then((r) => prisma.log.create({ data: { status: r.status } })).catch(() => {}); }`),
    // A `sql` tag that inserts; the same helper twice (its summary is reused); a write in the third function down.
    dropped("import postgres from 'postgres';\nconst sql = postgres();\nasync function f(id) { await sql`INSERT INTO joins (user_id) VALUES (${id})`.catch(() => {}); }"),
    {
      code: `${PRISMA}${WRITER}async function f(id) { await saveSections(id, []).catch(() => {}); await saveSections(id, [1]).catch(() => {}); }`,
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: `${PRISMA}${WRITER}async function f(id) { await saveSections(id, []).catch((error) => {\n  console.error(error);\n}); await saveSections(id, [1]).catch(() => {}); }` }] }, { messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: `${PRISMA}${WRITER}async function f(id) { await saveSections(id, []).catch(() => {}); await saveSections(id, [1]).catch((error) => {\n  console.error(error);\n}); }` }] }],
    },
    dropped(`${PRISMA}${WRITER}const a = (id) => saveSections(id, []);\nconst top = (id) => a(id);\ntop(1).catch(() => {});`),
    // A handler passed by name that does nothing.
    {
      code: `${PRISMA}${WRITER}saveSections(1, []).catch(noop);`,
      errors: [{ messageId: 'swallowedPromise', suggestions: [{ messageId: 'suggestLog', output: `${PRISMA}${WRITER}saveSections(1, []).catch((error) => { console.error(error); });` }] }],
    },
    // `checkEveryPromiseCatch` (on in `strict`) reports the read too.
    everyCatch(dropped(`${PRISMA}async function f(id) { const u = await prisma.user.findUnique({ where: { id } }).catch(() => null); return u; }`, '() => null', '(error) => {\n  console.error(error);\n  return null;\n}')),
    everyCatch(dropped('async function f(ctx) { await renderMenu(ctx).catch(() => {}); }')),
  ],
});

describe('no-swallowed-error: the strict config reports every rejection handler', () => {
  // `all` runs the rule with its default options (`recommended` leaves it out: experimental precision).
  const lint = (code: string, config: 'all' | 'strict') =>
    new Linter({ configType: 'flat' })
      .verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/no-swallowed-error': plugin.configs[config].rules['bot-audit/no-swallowed-error']! } }], 'file.ts')
      .map((message) => message.ruleId);
  const read = `${PRISMA}async function f(id) { return prisma.user.findUnique({ where: { id } }).catch(() => null); }`;

  it('reports a read with a fallback in strict only', () => {
    expect(lint(read, 'all')).toEqual([]);
    expect(lint(read, 'strict')).toEqual(['bot-audit/no-swallowed-error']);
  });
});

/** A grammY project whose bot module installs auto-retry through a helper of another file. */
const retrying = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-retry-'));
fs.writeFileSync(path.join(retrying, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1.30.0', '@grammyjs/auto-retry': '^2.0.0' } }));
fs.writeFileSync(path.join(retrying, 'retries.js'), "import { autoRetry } from '@grammyjs/auto-retry';\nexport function retries() { return autoRetry({ maxRetryAttempts: 5 }); }\n");
fs.writeFileSync(path.join(retrying, 'bot.js'), "import { Bot } from 'grammy';\nimport { retries } from './retries.js';\nexport const bot = new Bot(process.env.TOKEN);\nbot.api.config.use(retries());\n");
const retryingBroadcast = "import { bot } from './bot.js';\nexport async function broadcast(users, text) { for (const id of users) { try { await bot.api.sendMessage(id, text); } catch {} } }";
fs.writeFileSync(path.join(retrying, 'broadcast.js'), retryingBroadcast);
/** The same project without the plugin. */
const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-plain-'));
fs.writeFileSync(path.join(plain, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1.30.0' } }));
fs.writeFileSync(path.join(plain, 'bot.js'), "import { Bot } from 'grammy';\nexport const bot = new Bot(process.env.TOKEN);\n");
fs.writeFileSync(path.join(plain, 'broadcast.js'), retryingBroadcast);

ruleTester.run('no-swallowed-error: a broadcast behind auto-retry installed in another file', rule, {
  valid: [{ code: retryingBroadcast, filename: path.join(retrying, 'broadcast.js') }],
  invalid: [
    {
      code: retryingBroadcast,
      filename: path.join(plain, 'broadcast.js'),
      errors: [{ messageId: 'broadcastSwallowed', suggestions: logAt(retryingBroadcast, 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
  ],
});

// Round-13 judged shapes: a polling loop whose body catches everything, a chat call after an in-place keyboard, a Bot API send over HTTP.
const POLL_LOOP =
  'let running = true;\nconst loop = async () => { while (running) { try { const updates = await poll(); for (const u of updates) await handle(u); } catch (e) { const msg = e.message; if (axios.isAxiosError(e) && msg.toLowerCase().includes("conflict")) console.warn("another instance polls"); await new Promise((r) => setTimeout(r, 2000)); } } };\n';
const POLL_AFTER = 'let running = true;\nconst loop = async () => { while (running) { try { await tick(); } catch (e) { console.warn(e); } } await report(); };\nloop().catch(() => {});';
const POLL_BEFORE = 'let running = true;\nconst loop = async () => { await connect(); while (running) { try { await tick(); } catch (e) { console.warn(e); } } };\nloop().catch(() => {});';
const KEYBOARD_AWAITED =
  'function welcome(ctx) { setTimeout(async () => { try { const kb = new InlineKeyboard().url("Open", await inviteLink(ctx)); await ctx.reply("Welcome!", { reply_markup: kb }); } catch (e) {} }, 2000); }';
const BOT_API_METHOD = 'async function notify(token, text) { try { await axios.post(`https://api.telegram.org/bot${token}/banChatMember`, { chat_id: GROUP, user_id: text.slice(0, 9) }); } catch (e) {} }';
const BOT_API_LOOP =
  'async function notifyAll(token, users) { for (const u of users) { try { await fetch(`https://api.telegram.org/bot${token}/sendMessage`, { method: "POST", body: JSON.stringify({ chat_id: u.id, text: "hi" }) }); } catch (e) {} } }';
const BOT_API_EACH = 'const API = `https://api.telegram.org/bot${TOKEN}`;\nfunction notifyAll(users) { users.forEach(async (u) => { try { await axios.post(`${API}/sendMessage`, { chat_id: u.id, text: "hi" }); } catch {} }); }';
const OTHER_HOST = 'async function notify(text) { try { await axios.post("https://hooks.example.com/sendMessage", { text: text.slice(0, 100) }); } catch (e) {} }';
ruleTester.run('no-swallowed-error: round-13 judged shapes', rule, {
  valid: [
    // A polling loop whose whole body sits in a `try` whose `catch` only warns and waits: the loop never rejects.
    { code: `${POLL_LOOP}loop().catch(() => {});`, options: [{ checkEveryPromiseCatch: true }] },
    // A delayed welcome: a keyboard built in place (a config value trimmed for its link), then one chat call.
    'function welcome(ctx) { setTimeout(async () => { try { const kb = new InlineKeyboard().url("Open", `https://t.me/${config.channel.replace("@", "")}`).row(); await ctx.reply("Welcome!", { reply_markup: kb }); } catch (e) {} }, 2000); }',
    // A best-effort notice sent to a chat through the Bot API over HTTP.
    'async function notify(token, text) { try { await axios.post(`https://api.telegram.org/bot${token}/sendMessage`, { chat_id: ADMIN, text: text.slice(0, 100) }); } catch (e) {} }',
    'try { await fetch(`https://api.telegram.org/bot${process.env.TOKEN}/sendMessage?chat_id=${ADMIN}&text=up`); } catch {}',
    'const API = `https://api.telegram.org/bot${process.env.TOKEN}`;\nasync function notify(text) { try { if (process.env.TOKEN) { await fetch(`${API}/sendMessage`, { method: "POST", body: JSON.stringify({ chat_id: ADMIN, text: text.slice(0, 100) }) }); } } catch {} }',
  ],
  invalid: [
    // Work after the loop, or before it, can still fail.
    everyCatch(reported(POLL_AFTER, 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}')),
    everyCatch(reported(POLL_BEFORE, 'swallowedPromise', '() => {}', '(error) => {\n  console.error(error);\n}')),
    // The keyboard waits for a lookup: its failure is lost.
    reported(KEYBOARD_AWAITED, 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
    // A Bot API method that is no chat answer, the same send in a loop over recipients, another host.
    reported(BOT_API_METHOD, 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
    reported(BOT_API_LOOP, 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
    reported(BOT_API_EACH, 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported(OTHER_HOST, 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'),
  ],
});

// Round-14 judged shapes: a Bot API read of the bot itself, a send helper that rethrows what it does
// not retry, a markup variant of an edit, failures told apart and counted.
const SEND_HELPER =
  'async function sendSafe(bot, chatId, text) { try { return await bot.sendMessage(chatId, text, { parse_mode: "HTML" }); } catch (err) { if (err.message.includes("parse")) { const plain = text.replace(/<[^>]+>/g, ""); return await bot.sendMessage(chatId, plain); } throw err; } }\n';
const COUNTED_APART = (extra: string) =>
  `async function shout(ctx, users, text) { let blocked = 0; let failed = 0; for (const u of users) { try { await ctx.api.sendMessage(u.id, text); } catch (err) { if (err.description && err.description.includes("blocked")) { blocked++;${extra} } else { failed++; } } } await ctx.reply(\`blocked ${'$'}{blocked}, failed ${'$'}{failed}\`); }`;
ruleTester.run('no-swallowed-error: round-14 judged shapes', rule, {
  valid: [
    // The bot's own name read from the Bot API, with an empty fallback the caller handles.
    'let botName = null;\nasync function resolveName(bot) { try { const me = await bot.getMe(); botName = me?.username || null; } catch { botName = null; } return botName; }',
    // A project helper that sends, retries a formatting failure and rethrows the rest: a chat call.
    `${SEND_HELPER}async function unban(bot, id) { await db.unban(id); try { await sendSafe(bot, id, "Unbanned"); } catch {} }`,
    // Telegraf-style markup variants of a chat method (a context helper `editMessageTextWithMarkdown`) falling back to a reply.
    'bot.action("today", async (ctx) => { try { await ctx.editMessageTextWithMarkdown("*Today*"); } catch (e) { await ctx.replyWithMarkdown("*Today*"); } });',
    'bot.action("today", async (ctx) => { try { await ctx.editMessageTextWithHTML("<b>Today</b>"); } catch (e) { await ctx.replyWithHTML("<b>Today</b>"); } });',
    // A broadcast whose handler tells refusals from other failures and counts both (one branch also disables the recipient).
    COUNTED_APART(''),
    COUNTED_APART(' await db.disable(u.id);'),
  ],
  invalid: [
    // A helper that does other work before it sends, or rethrows a failure that is no chat call's.
    reported(
      `${SEND_HELPER.replace('try { return', 'await db.touch(chatId); try { return')}async function unban(bot, id) { try { await sendSafe(bot, id, "Unbanned"); } catch {} }`,
      'swallowed',
      'catch {}',
      'catch (error) {\n  console.error(error);\n}',
    ),
    reported(
      'async function sendSafe(bot, chatId, text) { try { return await bot.sendMessage(chatId, text); } catch (err) { await db.mark(chatId); throw err; } }\nasync function unban(bot, id) { try { await sendSafe(bot, id, "Unbanned"); } catch {} }',
      'swallowed',
      'catch {}',
      'catch (error) {\n  console.error(error);\n}',
    ),
    // A helper that only computes is no chat call.
    reported(
      'function plain(text) { try { return text.replace(/<[^>]+>/g, ""); } catch (err) { throw err; } }\nasync function unban(id) { try { await db.unban(plain(id)); } catch {} }',
      'swallowed',
      'catch {}',
      'catch (error) {\n  console.error(error);\n}',
    ),
    // A write beside the bot read, a name that only starts like a chat method.
    reported('async function resolveName(bot) { try { const me = await bot.getMe(); await db.saveName(me.username); } catch {} }', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('bot.action("pay", async (ctx) => { try { await ctx.sendInvoiceWithHTML("x"); } catch (e) { await ctx.replyWithHTML("failed"); } });', 'repliesOnly', 'catch (e) {', 'catch (e) { console.error(e);'),
    // One branch drops the failure uncounted.
    reported(
      COUNTED_APART('').replace(' else { failed++; }', ''),
      'broadcastSwallowed',
      'catch (err) {',
      'catch (err) { console.error(err);',
    ),
  ],
});

// Session 16: a project function that only posts a chat method to the Bot API over HTTP is a chat call.
const TG_WRAPPER = (url: string, extra = '') =>
  `async function sendTelegramMessage(chatId, text) {${extra} await fetch(\`${url}\`, { method: "POST", body: JSON.stringify({ chat_id: chatId, text }) }); }\n`;
const TG_CALL = (extra = '') => `async function tg(method, body) {${extra} const res = await axios.post(\`https://api.telegram.org/bot\${TOKEN}/\${method}\`, body); return res.data; }\n`;
const TELL = (call: string) => `async function onPaid(chatId) { try { await ${call}; } catch {} }`;
ruleTester.run('no-swallowed-error: project Bot API wrappers are chat calls', rule, {
  valid: [
    TG_WRAPPER('https://api.telegram.org/bot${TOKEN}/sendMessage') + TELL('sendTelegramMessage(chatId, "paid")'),
    TG_CALL() + TELL('tg("sendMessage", { chat_id: chatId, text: "paid" })'),
    // … reading Telegram's answer, logging a refusal.
    'async function sendTelegramMessage(chatId, text) { const res = await fetch(`https://api.telegram.org/bot${TOKEN}/sendMessage`, { method: "POST", body: JSON.stringify({ chat_id: chatId, text }) }); const data = await res.json(); if (!data.ok) console.error(data.description); return data; }\n' + TELL('sendTelegramMessage(chatId, "paid")'),
  ],
  invalid: [
    // Another host, a Bot API method that is no chat call, a wrapper that also writes.
    reported(TG_WRAPPER('https://hooks.example.com/${TOKEN}/sendMessage') + TELL('sendTelegramMessage(chatId, "paid")'), 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported(TG_WRAPPER('https://api.telegram.org/bot${TOKEN}/banChatMember') + TELL('sendTelegramMessage(chatId, "paid")'), 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported(
      TG_WRAPPER('https://api.telegram.org/bot${TOKEN}/sendMessage', ' await db.markNotified(chatId);') + TELL('sendTelegramMessage(chatId, "paid")'),
      'swallowed',
      'catch {}',
      'catch (error) {\n  console.error(error);\n}',
    ),
    reported(TG_CALL() + TELL('tg("banChatMember", { chat_id: chatId, user_id: 1 })'), 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
  ],
});

// Session 16: a scene step that only reads what the user sent. What can fail is the TypeError of an
// update without that field (text where a button was expected); the catch answers or moves the scene on.
const STEP = (body: string, handler: string, head = '') => `import { Scenes } from 'telegraf';\n${head}const scene = new Scenes.WizardScene('ad', async (ctx) => { try { ${body} } catch (err) { ${handler} } });`;
const READ_TITLE = 'if (!ctx.message.text) return ctx.wizard.back(); ctx.scene.state.title = ctx.message.text.trim(); return ctx.wizard.next();';
ruleTester.run('no-swallowed-error: scene steps that read the update', rule, {
  valid: [
    STEP(READ_TITLE, 'await ctx.reply("Error"); return ctx.scene.leave();'),
    // A price parsed into the wizard's state; the catch only ends the scene.
    STEP('const amount = parseFloat(ctx.message.text); if (isNaN(amount)) return ctx.wizard.back(); ctx.wizard.state.price = `${amount.toFixed(2)} EUR`; return ctx.wizard.next();', 'return ctx.scene.leave();'),
    // A button probed; the catch is the typed-text branch.
    STEP('if (ctx.callbackQuery.data === "auto") { ctx.scene.state.name = "Auto"; return ctx.wizard.next(); }', 'ctx.scene.state.name = ctx.message.text; return ctx.wizard.next();'),
    STEP('if (!["yes", "no"].includes(ctx.callbackQuery.data)) return ctx.wizard.back(); ctx.session.checker = ctx.callbackQuery.data === "yes"; return ctx.scene.enter("menu");', 'await ctx.reply("Press a button"); return ctx.scene.leave();'),
    // A step-running move a project added to the wizard, and a package that only escapes text.
    STEP('if (!ctx.message.text) return ctx.wizard.prevStep(); ctx.scene.state.title = escapeHTML(ctx.message.text); return ctx.wizard.nextStep();', 'ctx.editOrReply("Error").catch((e) => e); return ctx.scene.leave();', "const escapeHTML = require('escape-html');\n"),
    STEP('if (ctx.callbackQuery.data === "auto") { ctx.scene.state.city = faker.location.city(); await ctx.reply(`Made up: ${ctx.scene.state.city}`).catch((e) => e); return ctx.wizard.nextStep(); }', 'ctx.scene.state.city = ctx.message.text; return ctx.wizard.nextStep();', "import { faker } from '@faker-js/faker';\n"),
  ],
  invalid: [
    // The step also writes: a failed write is lost.
    reported(STEP(`await Ad.create({ title: ctx.message.text }); ${READ_TITLE}`, 'await ctx.reply("Error"); return ctx.scene.leave();'), 'repliesOnly', 'catch (err) {', 'catch (err) { console.error(err);'),
    reported(STEP(`await axios.post(HOOK, { text: ctx.message.text }); ${READ_TITLE}`, 'return ctx.scene.leave();'), 'swallowed', 'catch (err) {', 'catch (err) { console.error(err);'),
    // A catch that does nothing.
    reported(STEP(READ_TITLE, ''), 'swallowed', 'catch (err) {  }', 'catch (err) {\n  console.error(err);\n}'),
    // A package the rule does not know, and state kept outside the conversation.
    reported(STEP('ctx.scene.state.title = render(ctx.message.text); return ctx.wizard.next();', 'return ctx.scene.leave();', "const render = require('markdown-renderer');\n"), 'swallowed', 'catch (err) {', 'catch (err) { console.error(err);'),
    reported(STEP('registry[ctx.from.id] = ctx.message.text; return ctx.wizard.next();', 'return ctx.scene.leave();'), 'swallowed', 'catch (err) {', 'catch (err) { console.error(err);'),
  ],
});

/** A callee whose promise is a `new Promise` around a driver callback; `onError` is what the callback does with `err`. */
const DB_RUN = (onError: string, call = 'await updateBalance(id, amount);') =>
  `function updateBalance(id, amount) { return new Promise((resolve, reject) => { db.run("UPDATE users SET saldo = saldo + ? WHERE id = ?", [amount, id], function (err) { if (err) { ${onError} } else { resolve(); } }); }); }\nasync function onConfirm(id, amount) { try { ${call} } catch (_) {} }`;
/** An awaited `new Promise` of a count; `executor` is its body. */
const COUNT = (executor: string, rest = '') =>
  `async function stats(id) { let n = 0; try { n = await new Promise(${executor});${rest} } catch (_) {} return n; }`;
fs.writeFileSync(
  path.join(project, 'token-info.ts'),
  [
    'export class TokenInfoService {',
    '  private cache: Map<string, { data: unknown; expiry: number }>;',
    '  private source: Map<string, string>;',
    '  constructor(source) { this.cache = new Map(); this.source = source; }',
    "  async getTokenInfo(mint: string) { const cached = this.cache.get(mint); if (cached && cached.expiry > Date.now()) return cached.data; try { const res = await fetch(`https://api.example/tokens/${mint}`); if (!res.ok) return null; const data = await res.json(); this.cache.set(mint, { data, expiry: Date.now() + 30000 }); return data; } catch (error) { console.error('Error fetching token info:', error); return null; } }",
    "  async getRaw(mint: string) { const res = await fetch(`https://api.example/tokens/${mint}`); return res.json(); }",
    "  async getFromSource(mint: string) { const cached = this.source.get(mint); if (cached) return cached; try { return await (await fetch(`https://api.example/tokens/${mint}`)).json(); } catch (error) { console.error(error); return null; } }",
    '}',
  ].join('\n'),
);
/** The /balance loop: a token line per holding, its symbol from `TokenInfoService.<method>`, a shortened mint when that fails. */
const TOKEN_LINES = (load: string, method: string) =>
  `${load}\nexport async function balance(tokens) { let text = ''; const info = new TokenInfoService(); for (const t of tokens) { try { const i = await info.${method}(t.mint); text += \`\${i?.symbol || t.mint.slice(0, 6)} \${t.amount.toFixed(4)}\`; } catch (_) { text += t.mint.slice(0, 6); } } return text; }`;
/** `parseOutput(stdout)`: a `JSON.parse` of command output whose `catch (e)` is `handler`. */
const PARSE_OUTPUT = (handler: string) => `let last = null;\nfunction parseOutput(stdout, path) { const raw = String(stdout || "").trim(); if (!raw) return null; try { return JSON.parse(raw); } catch (e) { ${handler} } }`;
const DYNAMIC = "const { TokenInfoService } = await import('./token-info.js');";
const STATIC = "import { TokenInfoService } from './token-info';";

ruleTester.run('no-swallowed-error: callees that log before they reject, methods of created instances, promises that only resolve', rule, {
  valid: [
    // The callee logs the driver's error before it rejects with it: the caller's silent catch loses nothing.
    DB_RUN('logger.error("could not update the balance:", err.message); reject(err);'),
    DB_RUN('console.error(`update failed: ${err}`); return reject(err);'),
    // A method of an instance of a class (imported statically or by `await import`, or of this file) that catches, logs and returns null itself.
    { code: TOKEN_LINES(STATIC, 'getTokenInfo'), filename: main },
    { code: TOKEN_LINES(`export async function load() { ${DYNAMIC} return TokenInfoService; }\nconst { TokenInfoService } = require('./token-info');`, 'getTokenInfo'), filename: main },
    { code: `export async function balance(tokens) { let text = ''; ${DYNAMIC} const info = new TokenInfoService(); for (const t of tokens) { try { const i = await info.getTokenInfo(t.mint); text += i.symbol; } catch (_) { text += t.mint.slice(0, 6); } } return text; }`, filename: main },
    "class Prices { constructor() { this.cache = new Map(); } async price(id) { const hit = this.cache.get(id); if (hit) return hit; try { return await api.price(id); } catch (e) { console.error('price failed', e); return null; } } }\nconst prices = new Prices();\nasync function line(id) { try { return await prices.price(id); } catch (_) { return '?'; } }",
    // Every awaited promise only resolves (the driver's error becomes a 0): the catch can never run.
    COUNT('(resolve) => { db.get("SELECT COUNT(*) AS n FROM t WHERE id = ?", [id], (err, row) => resolve(err ? 0 : row.n)); }'),
    COUNT('(resolve) => { db.get("SELECT COUNT(*) AS n FROM t", [], (err, row) => resolve(row ? row.n : 0)); }', ' n += await new Promise((resolve) => db.get("SELECT 1", [], (err, row) => resolve(row ? 1 : 0)));'),
    // A parse of command output that tries the text between the outer braces again and falls back to null: no I/O failed.
    PARSE_OUTPUT('const start = raw.indexOf("{"); const end = raw.lastIndexOf("}"); if (start >= 0 && end > start) { try { return JSON.parse(raw.slice(start, end + 1)); } catch (_) { return null; } } return null;'),
  ],
  invalid: [
    // The callee rejects without logging, logs after the reject, logs nothing of the error, or hands `reject` on as a callback.
    reported(DB_RUN('reject(err);'), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    reported(DB_RUN('reject(err); logger.error("could not update the balance:", err.message);'), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    reported(DB_RUN('logger.error("could not update the balance"); reject(err);'), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    reported(DB_RUN('logger.error("failed:", err.message); reject(err);').replace('function (err) {', 'function (err) { stream.on("error", reject);'), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    reported(DB_RUN('logger.error("failed:", err.message); reject(err);').replace('return new Promise(', 'return new Promise(async '), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    // An unknown callee.
    reported(DB_RUN('logger.error("failed:", err.message); reject(err);', 'await updateRemote(id, amount);'), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    // The method lets its failure out, or reads a field that is not made in the process; an unknown class.
    { ...reported(TOKEN_LINES(STATIC, 'getRaw'), 'swallowed', 'catch (_) { text', 'catch (_) { console.error(_); text'), filename: main },
    { ...reported(TOKEN_LINES(STATIC, 'getFromSource'), 'swallowed', 'catch (_) { text', 'catch (_) { console.error(_); text'), filename: main },
    { ...reported(TOKEN_LINES("const { TokenInfoService } = await import('token-info');", 'getTokenInfo'), 'swallowed', 'catch (_) { text', 'catch (_) { console.error(_); text'), filename: main },
    // The promise can reject, or another awaited call can fail.
    reported(COUNT('(resolve, reject) => { db.get("SELECT COUNT(*) AS n FROM t", [], (err, row) => (err ? reject(err) : resolve(row.n))); }'), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    reported(COUNT('(resolve) => { db.get("SELECT 1", [], (err, row) => resolve(row.n)); }', ' n += await countRemote(id);'), 'swallowed', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}'),
    // The second attempt does I/O, or the handler does not end in a fallback value.
    reported(PARSE_OUTPUT('const start = raw.indexOf("{"); if (start >= 0) { try { return JSON.parse(fs.readFileSync(path, "utf8")); } catch (_) { return null; } } return null;'), 'swallowed', 'catch (e) {', 'catch (e) { console.error(e);'),
    reported(PARSE_OUTPUT('const start = raw.indexOf("{"); if (start >= 0) { try { return JSON.parse(raw.slice(start)); } catch (_) { return null; } } last = raw;'), 'swallowed', 'catch (e) {', 'catch (e) { console.error(e);'),
  ],
});

/**
 * A Prisma client created with `log: ['error']` prints every failed query (`prisma:error …`): a `catch`
 * around its queries that drops the error loses nothing an operator would see (bunabingo-deploy #2 #3 #9 #19).
 */
const prismaProject = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-prisma-'));
const writePrisma = (name: string, lines: string[]) => {
  fs.mkdirSync(path.dirname(path.join(prismaProject, name)), { recursive: true });
  fs.writeFileSync(path.join(prismaProject, name), lines.join('\n'));
};
writePrisma('lib/prisma.ts', [
  "import { PrismaClient } from '@prisma/client';",
  'const globalForPrisma = globalThis as unknown as { prisma: PrismaClient | undefined };',
  "const createPrismaClient = () => new PrismaClient({ log: process.env.NODE_ENV === 'development' ? ['query', 'error', 'warn'] : ['error'] });",
  'export const prisma = globalForPrisma.prisma ?? createPrismaClient();',
  'export default prisma;',
]);
const prismaClientModule = (name: string, options: string) =>
  writePrisma(`lib/${name}.ts`, ["import { PrismaClient } from '@prisma/client';", `export const prisma = new PrismaClient(${options});`]);
prismaClientModule('prisma-stdout', "{ log: [{ level: 'error', emit: 'stdout' }] }");
prismaClientModule('prisma-quiet', '');
prismaClientModule('prisma-queries', "{ log: ['query'] }");
prismaClientModule('prisma-event', "{ log: [{ level: 'error', emit: 'event' }] }");
prismaClientModule('prisma-some', "{ log: process.env.DEBUG ? ['query', 'error'] : ['warn'] }");
writePrisma('services/wallet.ts', [
  "import prisma from '../lib/prisma';",
  'export async function getOrCreateWallet(userId: string) { return prisma.wallet.upsert({ where: { userId }, create: { userId }, update: {} }); }',
]);
const prismaRoute = path.join(prismaProject, 'routes', 'api.ts');
const readPromotion = (client: string, extra = '') =>
  `${client}\nexport async function promotion(code: string) { try { await prisma.promotion.findUnique({ where: { code } });${extra} } catch (e) {} }`;
const swallowedAt = (code: string) => ({ ...reported(code, 'swallowed', 'catch (e) {}', 'catch (e) {\n  console.error(e);\n}'), filename: prismaRoute });

ruleTester.run('no-swallowed-error: queries of a Prisma client that logs its errors', rule, {
  valid: [
    // The default export of the module that creates the client (a `globalThis` cache, a factory, `log` by environment).
    { code: readPromotion("import prisma from '../lib/prisma';"), filename: prismaRoute },
    { code: readPromotion("import { prisma } from '../lib/prisma-stdout';"), filename: prismaRoute },
    // A project function whose only query is on that client, and a second query beside it.
    {
      code: "import prisma from '../lib/prisma';\nimport { getOrCreateWallet } from '../services/wallet';\nexport async function credit(userId: string) { try { const w = await getOrCreateWallet(userId); await prisma.wallet.update({ where: { id: w.id }, data: { balance: { increment: 1 } } }); } catch (e) {} }",
      filename: prismaRoute,
    },
  ],
  invalid: [
    // No `log`, only queries logged, errors sent to an event listener, `error` in one branch only.
    swallowedAt(readPromotion("import { prisma } from '../lib/prisma-quiet';")),
    swallowedAt(readPromotion("import { prisma } from '../lib/prisma-queries';")),
    swallowedAt(readPromotion("import { prisma } from '../lib/prisma-event';")),
    swallowedAt(readPromotion("import { prisma } from '../lib/prisma-some';")),
    // The try also calls something whose failure nobody logs.
    swallowedAt(readPromotion("import prisma from '../lib/prisma';", " await fetch('https://example.com/hook');")),
  ],
});

ruleTester.run('no-swallowed-error: failures counted or recorded, reports to a debug chat', rule, {
  valid: [
    // Every failure is counted and the count is answered: passed on, as a number.
    'app.post("/announce", async (req, res) => { let sent = 0; let failed = 0; for (const [, guild] of guilds) { try { await guild.systemChannel.send(text); sent++; } catch { failed++; } } res.json({ sent, failed }); });',
    // An error record pushed to a list the function returns (Strapi's services answer `ctx.badRequest` with it).
    'function remove(dir) { const errors = []; try { fs.rmdirSync(dir); } catch (e) { errors.push({ id: "request.error.folder.unlink", params: { dir } }); } return errors; }',
    // The operator's debug chat, given as text: a report, like a log line.
    'async function hook(req, res) { try { await prisma.treasure.create({ data: req.body }); } catch (err) { await sendMessage(`${process.env.DEBUG_CHAT_ID}`, JSON.stringify(req.body)); res.status(200).end(); } }',
    'async function f() { try { await save(); } catch { await bot.sendMessage(String(config.adminChat), "save failed"); } }',
  ],
  invalid: [
    // The count nobody reads.
    {
      code: 'async function announce(guilds, text) { let failed = 0; for (const g of guilds) { try { await g.systemChannel.send(text); } catch { failed++; } } }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function announce(guilds, text) { let failed = 0; for (const g of guilds) { try { await g.systemChannel.send(text); } catch { failed++; } } }', 'catch {', 'catch (error) { console.error(error);') }],
    },
    // A failure list that later failures only add to: nobody reads the record (both catches reported).
    {
      code: 'async function charge(a, b) { const errors = []; try { await chargeUser(a); } catch (e) { errors.push(a); } try { await chargeUser(b); } catch (e) { errors.push(b); } }',
      errors: [
        { messageId: 'swallowed', suggestions: logAt('async function charge(a, b) { const errors = []; try { await chargeUser(a); } catch (e) { errors.push(a); } try { await chargeUser(b); } catch (e) { errors.push(b); } }', 'catch (e) { errors.push(a)', 'catch (e) { console.error(e); errors.push(a)') },
        { messageId: 'swallowed', suggestions: logAt('async function charge(a, b) { const errors = []; try { await chargeUser(a); } catch (e) { errors.push(a); } try { await chargeUser(b); } catch (e) { errors.push(b); } }', 'catch (e) { errors.push(b)', 'catch (e) { console.error(e); errors.push(b)') },
      ],
    },
    // A count that only decides when the retry loop gives up: nothing reads it after.
    {
      code: 'async function f() { let tries = 0; do { try { await save(); break; } catch { tries++; } } while (tries < 3); }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function f() { let tries = 0; do { try { await save(); break; } catch { tries++; } } while (tries < 3); }', 'catch {', 'catch (error) { console.error(error);') }],
    },
    // A user's chat, given as text: the user is told, not the operator.
    {
      code: 'async function hook(req, res) { try { await prisma.treasure.create({ data: req.body }); } catch (err) { await sendMessage(`${req.body.chat_id}`, "failed"); res.status(200).end(); } }',
      errors: [{ messageId: 'repliesOnly', suggestions: logAt('async function hook(req, res) { try { await prisma.treasure.create({ data: req.body }); } catch (err) { await sendMessage(`${req.body.chat_id}`, "failed"); res.status(200).end(); } }', 'catch (err) {', 'catch (err) { console.error(err);') }],
    },
  ],
});

/** A discord.js bot on disk: its chat calls are known only in a project that depends on discord.js. */
/** An empty file `name` in a new project on disk whose package.json lists `dependencies`. */
function fileInProject(prefix: string, dependencies: Record<string, string>, name: string): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'bot', dependencies }));
  const file = path.join(project, name);
  fs.writeFileSync(file, '');
  return file;
}
const discordFile = fileInProject('nse-discord-', { 'discord.js': '^14.0.0' }, 'game.js');
const otherFile = fileInProject('nse-web-', { express: '^5.0.0' }, 'game.js');
const SELECT = (work: string) =>
  `async function pick(message, player) { let collected; try { ${work} } catch (e) { if (!player.queue.current) player.destroy(); return message.reply("You didn't provide a selection."); } return collected.first().content; }`;
const PHOTO = (work: string) =>
  `async function photo(interaction) { let image; try { ${work} } catch (e) { return interaction.reply({ content: 'i found no recent photo in this channel', ephemeral: true }); } return image; }`;
const DM = (work: string) => `async function heal(client, kill) { try { ${work} } catch {} }`;
const swallowedIn = (code: string, filename: string, messageId: 'swallowed' | 'repliesOnly' = 'swallowed') => ({
  code,
  filename,
  errors: [{ messageId, suggestions: messageId === 'swallowed' ? logAt(code, 'catch {}', 'catch (error) {\n  console.error(error);\n}') : logAt(code, 'catch (e) {', 'catch (e) { console.error(e);') }],
});

ruleTester.run('no-swallowed-error: discord.js chat calls and collector waits', rule, {
  valid: [
    // A collector wait that rejects when the time is up: the answer to "no selection".
    { code: SELECT("collected = await message.channel.awaitMessages(filter, { max: 1, time: 30e3, errors: ['time'] });"), filename: discordFile },
    { code: SELECT("collected = await message.channel.awaitMessages({ filter, max: 1, time: 30e3, errors: ['time'] });"), filename: discordFile },
    { code: SELECT('collected = await interaction.awaitModalSubmit({ filter, time: 60_000 });'), filename: discordFile },
    // A direct message, to a user looked up or to the sender: refused when the user closed their DMs.
    { code: DM('const user = await client.users.fetch(kill.attackerId); await user.send({ content: `Healed <@${kill.targetId}>` });'), filename: discordFile },
    { code: DM('await kill.interaction.user.send("Healed");'), filename: discordFile },
    // An interaction's answer: fails when the interaction expired.
    { code: DM('await kill.interaction.editReply({ embeds: [embed], components: [] }).catch();'), filename: discordFile },
    // A display name looked up, falling back to the id.
    { code: 'async function name(client, id) { let username = `User ${id}`; try { const user = await client.users.fetch(id); if (user) username = user.tag; } catch {} return username; }', filename: discordFile },
    // A manager's `fetch` is a GET of the API: the recent messages read, the user told when none has an image.
    { code: PHOTO('const fetched = await interaction.channel.messages.fetch({ limit: 10 }); image = fetched.filter((m) => m.attachments.size > 0).first().attachments.first().url;'), filename: discordFile },
    { code: PHOTO('const member = await interaction.guild.members.fetch(interaction.user.id); image = member.user.avatar;'), filename: discordFile },
  ],
  invalid: [
    // The same catch around a database write: a lost selection is not what fails.
    { ...swallowedIn(SELECT("collected = await message.channel.awaitMessages(filter, { max: 1, time: 30e3, errors: ['time'] }); await Song.create({ title: collected.first().content });"), discordFile, 'repliesOnly') },
    // No `errors` option: the wait resolves on time, and whatever rejects is another failure.
    { ...swallowedIn(SELECT('collected = await message.channel.awaitMessages(filter, { max: 1, time: 30e3 });'), discordFile, 'repliesOnly') },
    // A DM beside a write.
    swallowedIn(DM('const user = await client.users.fetch(kill.attackerId); await db.heal(kill.targetId); await user.send("Healed");'), discordFile),
    // A `send` on something not proven a user (a socket, a response).
    swallowedIn(DM('await kill.socket.send("Healed");'), discordFile),
    // The same code outside a discord.js project.
    swallowedIn(DM('const user = await client.users.fetch(kill.attackerId); await user.send("Healed");'), otherFile),
    { ...swallowedIn(SELECT("collected = await message.channel.awaitMessages(filter, { max: 1, time: 30e3, errors: ['time'] });"), otherFile, 'repliesOnly') },
    // The same read beside a moderation write (`bulkDelete`), or outside a discord.js project.
    { ...swallowedIn(PHOTO('const fetched = await interaction.channel.messages.fetch({ limit: 10 }); await interaction.channel.bulkDelete(fetched); image = fetched.first().url;'), discordFile, 'repliesOnly') },
    { ...swallowedIn(PHOTO('const fetched = await interaction.channel.messages.fetch({ limit: 10 }); image = fetched.first().attachments.first().url;'), otherFile, 'repliesOnly') },
  ],
});

const SCAN = (body: string, binding = "import { PublicKey } from '@solana/web3.js';") =>
  `${binding}\nasync function vaults(connection, data) { const keys = []; for (let i = 0; i <= data.length - 32; i++) { try { ${body} } catch {} } return connection.getMultipleAccountsInfo(keys); }`;

ruleTester.run('no-swallowed-error: a parse of bytes into a Solana public key', rule, {
  valid: [
    // `new PublicKey(bytes)` only decodes: a throw means "not a key here", and the scan goes on.
    SCAN('const pubkey = new PublicKey(data.slice(i, i + 32)); if (!pubkey.equals(PublicKey.default)) keys.push(pubkey);'),
    SCAN('const pubkey = new web3.PublicKey(data.slice(i, i + 32)); keys.push(pubkey.toBase58());', "import * as web3 from '@solana/web3.js';"),
  ],
  invalid: [
    // The same scan that also asks the chain for each key: a failed request is lost.
    {
      code: SCAN('const pubkey = new PublicKey(data.slice(i, i + 32)); keys.push(await connection.getAccountInfo(pubkey));'),
      errors: [{ messageId: 'swallowed', suggestions: logAt(SCAN('const pubkey = new PublicKey(data.slice(i, i + 32)); keys.push(await connection.getAccountInfo(pubkey));'), 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    // A `PublicKey` of another module, and `Connection` of the same package (it does I/O).
    {
      code: SCAN('const pubkey = new PublicKey(data.slice(i, i + 32)); keys.push(pubkey);', "import { PublicKey } from './keys';"),
      errors: [{ messageId: 'swallowed', suggestions: logAt(SCAN('const pubkey = new PublicKey(data.slice(i, i + 32)); keys.push(pubkey);', "import { PublicKey } from './keys';"), 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
    {
      code: SCAN('const c = new Connection(data.slice(i, i + 32).toString()); keys.push(c.getSlot());', "import { Connection } from '@solana/web3.js';"),
      errors: [{ messageId: 'swallowed', suggestions: logAt(SCAN('const c = new Connection(data.slice(i, i + 32).toString()); keys.push(c.getSlot());', "import { Connection } from '@solana/web3.js';"), 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
  ],
});

ruleTester.run('no-swallowed-error: stopping a child process', rule, {
  valid: [
    // `ChildProcess#kill` with a signal by name does not throw: a dead process returns false.
    "class Queue { stop() { if (this.ffmpeg) { try { this.ffmpeg.kill('SIGKILL'); } catch (_) {} this.ffmpeg = null; } } }",
  ],
  invalid: [
    // The global `process.kill` throws for a missing process; a `kill` with other arguments is no signal.
    {
      code: "function stop(child) { try { process.kill(child.pid, 'SIGTERM'); } catch (_) {} }",
      errors: [{ messageId: 'swallowed', suggestions: logAt("function stop(child) { try { process.kill(child.pid, 'SIGTERM'); } catch (_) {} }", 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}') }],
    },
    {
      code: 'async function hunt(game, monster) { try { await game.kill(monster); } catch (_) {} }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function hunt(game, monster) { try { await game.kill(monster); } catch (_) {} }', 'catch (_) {}', 'catch (_) {\n  console.error(_);\n}') }],
    },
  ],
});

const CATEGORY = (work: string) =>
  `async function category(interaction) { const ch = interaction.channel; let catId = null; try { ${work} } catch {} return catId; }`;

ruleTester.run('no-swallowed-error: discord.js type guards', rule, {
  valid: [
    // `isThread()` only compares the channel's type: the `try` reads values in memory, `catId` stays null.
    { code: CATEGORY("if (typeof ch?.isThread === 'function' && ch.isThread()) catId = ch.parent?.parentId || null; else catId = ch?.parentId || null;"), filename: discordFile },
  ],
  invalid: [
    // The same reads beside a fetch: a failed request is lost.
    swallowedIn(CATEGORY('if (ch?.isThread()) catId = (await ch.parent.fetch()).parentId; else catId = ch?.parentId || null;'), discordFile),
    // Outside a discord.js project `isThread()` is anybody's method.
    swallowedIn(CATEGORY("if (typeof ch?.isThread === 'function' && ch.isThread()) catId = ch.parent?.parentId || null; else catId = ch?.parentId || null;"), otherFile),
  ],
});

const SAPPHIRE = (work: string, binding = "import { InteractionHandler } from '@sapphire/framework';") =>
  `${binding}\nexport class CancelHandler extends InteractionHandler { async parse(interaction) { let id; try { ${work} } catch (e) { return this.none(); } if (!id) return this.none(); return this.some({ id }); } }`;

ruleTester.run('no-swallowed-error: a Sapphire interaction handler declining what does not parse', rule, {
  valid: [
    // `decodeURIComponent` of the bot's own custom id: a malformed id is declined with `this.none()`, an `Option` value.
    SAPPHIRE('id = decodeURIComponent(interaction.customId.slice(14));'),
  ],
  invalid: [
    // A lookup in the `try`: its failure is lost, not an answer.
    { code: SAPPHIRE('id = await lookup(interaction.customId);'), errors: [{ messageId: 'swallowed', suggestions: logAt(SAPPHIRE('id = await lookup(interaction.customId);'), 'catch (e) {', 'catch (e) { console.error(e);') }] },
    // A base class of the project: its `none()` may do anything.
    {
      code: SAPPHIRE('id = decodeURIComponent(interaction.customId.slice(14));', "import { InteractionHandler } from './base';"),
      errors: [{ messageId: 'swallowed', suggestions: logAt(SAPPHIRE('id = decodeURIComponent(interaction.customId.slice(14));', "import { InteractionHandler } from './base';"), 'catch (e) {', 'catch (e) { console.error(e);') }],
    },
  ],
});

const ARM = (work: string) =>
  `function arm(state, ms) { if (state.timer) clearTimeout(state.timer); state.deadline = Date.now() + ms; ${work} }\nasync function act(state) { await save(state); try { arm(state, 30000); } catch {} }`;

ruleTester.run('no-swallowed-error: a callee that only leaves work for later', rule, {
  valid: [
    // `arm` reads state and schedules: its timer and its dropped `async` notice fail later, never into the caller's `catch`.
    ARM('(async () => { try { await notify(state); } catch (e) { console.error(e); } })(); state.timer = setTimeout(async () => { await fold(state); }, ms);'),
  ],
  invalid: [
    // A synchronous write of the callee: its failure is lost.
    { code: ARM('writeFileSync(state.file, JSON.stringify(state)); state.timer = setTimeout(async () => { await fold(state); }, ms);'), errors: [{ messageId: 'swallowed', suggestions: logAt(ARM('writeFileSync(state.file, JSON.stringify(state)); state.timer = setTimeout(async () => { await fold(state); }, ms);'), 'catch {}', 'catch (error) {\n  console.error(error);\n}') }] },
    // A timer in the guarded code itself is its own work, as before.
    {
      code: 'async function act(state, ms) { try { state.timer = setTimeout(async () => { await fold(state); }, ms); } catch {} }',
      errors: [{ messageId: 'swallowed', suggestions: logAt('async function act(state, ms) { try { state.timer = setTimeout(async () => { await fold(state); }, ms); } catch {} }', 'catch {}', 'catch (error) {\n  console.error(error);\n}') }],
    },
  ],
});

/** Round 33: callees in other project files that log their own failures, reached through a constructor's parameter or an optional `require`. */
const callees = fs.mkdtempSync(path.join(os.tmpdir(), 'nse-callees-'));
/** Writes a file of the callee project, one line per entry. */
const calleeFile = (name: string, lines: string[]) => fs.writeFileSync(path.join(callees, name), lines.join('\n'));
calleeFile('api.ts', [
  'export default class API {',
  "  async request(config) { try { return await this.instance.request(config); } catch (error) { console.log(`request to ${config.url} failed:`, error); return false; } }",
  '  async raw(config) { return this.instance.request(config); }',
  '}',
]);
calleeFile('geocoder.js', [
  "async function reverseGeocode(lat, lon) { try { const res = await fetch(`https://geo.example/${lat},${lon}`); if (!res.ok) { console.error('[Geocoder] API error', res.status); return null; } const data = await res.json(); return data.city || null; } catch (err) { console.error('[Geocoder] Error:', err.message); return null; } }",
  'async function reverseGeocodeRaw(lat, lon) { const res = await fetch(`https://geo.example/${lat},${lon}`); return (await res.json()).city; }',
  'module.exports = { reverseGeocode, reverseGeocodeRaw };',
]);
const calleesMain = path.join(callees, 'main.ts');
const calleesService = path.join(callees, 'service.js');
/** A class handed an `API` instance in its constructor, whose `getSessions` calls `this.api.<method>` in a `try` with a fallback. */
const HANDED = (method: string) =>
  `import API from './api';\nclass NetCity {\n  api: API;\n  constructor(api: API) { this.api = api; }\n  async getSessions() { try { const request = await this.api.${method}({ url: '/sessions' }); if (!request) return []; return request.data.sessions; } catch (error) { return []; } }\n}`;
/** A module-level `let` loaded with an optional `require` of `./geocoder`, called in a `try` with a `null` fallback. */
const OPTIONAL = (name: string) =>
  `let ${name} = null;\ntry { ({ ${name} } = require('./geocoder')); } catch (_) { ${name} = null; }\nasync function resolveAddress(gps) { if (typeof ${name} !== 'function') return null; try { return await ${name}(gps.latitude, gps.longitude); } catch (_) { return null; } }`;

ruleTester.run('no-swallowed-error: callees reached through a constructor parameter or an optional require', rule, {
  valid: [
    // Round 33 (Limai9999+school59-dnevnik-vk-bot, no-swallowed-error#4): `this.api` is the `API` the constructor is handed; its `request` logs and returns false.
    { code: HANDED('request'), filename: calleesMain },
    // Round 33 (Khomurod+bot-backend, no-swallowed-error#11): `reverseGeocode` of the optional require logs and returns null: it never rejects.
    { code: OPTIONAL('reverseGeocode'), filename: calleesService },
    // The same with `void 0` (and `null as any`) for the empty writes: a value that sets nothing, as `null` (issue 12: one isNullish).
    { code: OPTIONAL('reverseGeocode').replace('catch (_) { reverseGeocode = null; }', 'catch (_) { reverseGeocode = void 0; }'), filename: calleesService },
  ],
  invalid: [
    // The same calls of a method and a function that do not catch their failures.
    { ...reported(HANDED('raw'), 'swallowed', 'catch (error) {', 'catch (error) { console.error(error);'), filename: calleesMain },
    { ...reported(OPTIONAL('reverseGeocodeRaw'), 'swallowed', 'catch (_) { return null; }', 'catch (_) { console.error(_); return null; }'), filename: calleesService },
    // A parameter of a method other than the constructor is not followed.
    {
      ...reported(HANDED('request').replace('constructor(api: API) { this.api = api; }', 'constructor() {}\n  setApi(api: API) { this.api = api; }'), 'swallowed', 'catch (error) {', 'catch (error) { console.error(error);'),
      filename: calleesMain,
    },
  ],
});

/** An LLM call that tries each provider in turn, logging each failure, and throws once all failed; a chat handler falls back to a greeting. */
const ATTEMPTS = (loop: string, handled = 'logger.warn(`Provider ${provider} failed: ${err.message}`);', work = '') =>
  "const FALLBACKS = ['groq', 'openai'];\nfunction active() { return process.env.LLM_PROVIDER || 'groq'; }\n" +
  `async function callWithFallback(prompt, providers) { const primary = active(); const chain = [primary, ...FALLBACKS.filter((p) => p !== primary)]; let lastError = null; for (const provider of ${loop}) { try { return await withRetry(() => callProvider(provider, prompt)); } catch (err) { lastError = err; ${handled} } } throw new Error(\`All providers failed: \${lastError?.message}\`); }\n` +
  'async function callLLM(prompt, providers) { const result = await callWithFallback(prompt, providers); return { text: result.text }; }\n' +
  `bot.on('text', async (ctx) => { try { const response = await callLLM(ctx.message.text, []); ${work}await ctx.reply(response.text.trim()); } catch (err) { await ctx.reply('Hello! Ask me about your resume.'); } });`;

ruleTester.run('no-swallowed-error: a callee whose attempts are each logged before it gives up', rule, {
  valid: [
    // Round 33 (maddiumashankar+Rezumate-backend, no-swallowed-error#2): every provider's failure is logged before the final throw.
    ATTEMPTS('chain'),
  ],
  invalid: [
    // The attempts' failures are kept, not logged: the final throw is the first anyone hears of them.
    reported(ATTEMPTS('chain', ''), 'repliesOnly', 'catch (err) { await', 'catch (err) { console.error(err); await'),
    // A list the caller passes may be empty: the throw is then no logged failure.
    reported(ATTEMPTS('providers'), 'repliesOnly', 'catch (err) { await', 'catch (err) { console.error(err); await'),
    // Another call in the try that nothing logs.
    reported(ATTEMPTS('chain', undefined, 'await db.history.create({ data: { text: response.text } }); '), 'repliesOnly', 'catch (err) { await', 'catch (err) { console.error(err); await'),
  ],
});

calleeFile('fail.ts', [
  'export class CommandError extends Error {}',
  'export function fail(ctx, text) { ctx.reply(text); throw new CommandError(text); }',
  'export function tell(ctx, text) { ctx.reply(text); }',
  'export async function failLater(ctx, text) { await ctx.reply(text); throw new CommandError(text); }',
]);
/** A command whose `catch` calls a helper of `./fail` (`call`, e.g. `fail(ctx, 'No link')`). */
const FAILS = (call: string) =>
  `import { fail, tell, failLater } from './fail';\nbot.command('link', async (ctx) => { try { const code = await group.inviteCode(ctx.chat.id); await ctx.reply(code); } catch (e) { ${call}; } });`;

ruleTester.run('no-swallowed-error: a catch that calls a function that always throws', rule, {
  valid: [
    // Round 33 (Paiiss+bot-wa, no-swallowed-error#17, in the shape this plugin can resolve): the helper replies, then always throws: the error goes on to the caller.
    { code: FAILS("fail(ctx, 'Could not get the link')"), filename: calleesMain },
    { code: FAILS("await failLater(ctx, 'Could not get the link')"), filename: calleesMain },
    "function fail(ctx, text) { ctx.reply(text); throw new Error(text); }\nbot.command('link', async (ctx) => { try { await ctx.reply(await group.inviteCode(ctx.chat.id)); } catch { fail(ctx, 'No link'); } });",
  ],
  invalid: [
    // A helper that only replies, and an `async` one that is not awaited: its rejection is dropped, not thrown here.
    { ...reported(FAILS("tell(ctx, 'Could not get the link')"), 'swallowed', 'catch (e) {', 'catch (e) { console.error(e);'), filename: calleesMain },
    { ...reported(FAILS("void failLater(ctx, 'Could not get the link')"), 'swallowed', 'catch (e) {', 'catch (e) { console.error(e);'), filename: calleesMain },
    reported("function fail(ctx, text) { ctx.reply(text); if (text) throw new Error(text); }\nbot.command('link', async (ctx) => { try { await ctx.reply(await group.inviteCode(ctx.chat.id)); } catch { fail(ctx, 'No link'); } });", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
  ],
});

const supabaseImport = "import { createClient, SupabaseClient } from '@supabase/supabase-js';\nlet client: SupabaseClient | null = null;\n";

ruleTester.run('no-swallowed-error: Supabase errors read, existence probes, raw 4xx answers, copies, directory sweeps (round 33)', rule, {
  valid: [
    // Every wait is a Supabase query whose `error` is taken out and read: supabase-js never throws it, the `catch` never runs.
    `${supabaseImport}function getDb(): SupabaseClient | null { if (client) return client; client = createClient(url, key); return client; }\nconst cache = new Map();\nasync function get(key) { const db = getDb(); if (!db) return null; try { const { data, error } = await db.from('system_config').select('value').eq('key', key).single(); if (error || !data) return null; cache.set(key, { value: data.value, expires: Date.now() + 30000 }); return data.value; } catch { return null; } }`,
    "const getWriteClient = () => supabaseAdmin || supabase;\nasync function update(platform, updates) { const db = getWriteClient(); try { const { error } = await db.from('service_config').update({ ...updates, updated_at: new Date().toISOString() }).eq('platform', platform); if (error) return false; return true; } catch { return false; } }",
    // An existence probe of Node's file system: the rejection is the answer "absent".
    'import fs from "node:fs/promises";\nlet drop = false;\ntry { await fs.access(marker); drop = true; } catch { drop = false; }\nuse(drop);',
    "const { statSync } = require('fs');\nfunction has(p) { let found = false; try { statSync(p); found = true; } catch {} return found; }",
    // A body that does not parse, answered 400 on Node's `http.ServerResponse`.
    'async function handle(opts) { const { raw, res } = opts; let payload; try { payload = JSON.parse(raw); } catch { res.statusCode = 400; res.end(); return; } await send(payload); }',
    // A deep copy that falls back to another copy of the same value.
    "function cloneJson(value) { if (value === null || typeof value !== 'object') return value; try { return JSON.parse(JSON.stringify(value)); } catch { if (Array.isArray(value)) return value.map((item) => cloneJson(item)); return { ...value }; } }",
    // Sweeping a folder: each entry removed was listed from it.
    "import { rmSync, readdirSync } from 'fs';\nimport path from 'path';\nfunction cleanup(folder) { for (const file of readdirSync(folder)) { const fullPath = path.join(folder, file); if (file.includes('.part')) { try { rmSync(fullPath, { force: true }); } catch { } } } }",
  ],
  invalid: [
    // The same query whose `error` nobody reads: its failure is lost (the catch never runs for it) — and another wait beside it can throw.
    reported("const getWriteClient = () => supabaseAdmin || supabase;\nasync function update(platform, updates) { const db = getWriteClient(); try { const { data } = await db.from('service_config').update(updates).eq('platform', platform); return !!data; } catch { return false; } }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported("const getWriteClient = () => supabaseAdmin || supabase;\nasync function update(platform, updates) { const db = getWriteClient(); try { const { error } = await db.from('service_config').update(updates).eq('platform', platform); if (error) return false; await notify(platform); return true; } catch { return false; } }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A client not proven: a getter that returns something else.
    reported("const getClient = () => makeClient();\nasync function update(platform) { const db = getClient(); try { const { error } = await db.from('t').delete().eq('platform', platform); return !error; } catch { return false; } }", 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // Reading the file is no probe: its failure is lost.
    reported('import fs from "node:fs/promises";\nlet cfg = null;\ntry { cfg = await fs.readFile(p, "utf8"); } catch {}\nuse(cfg);', 'swallowed', 'catch {}', 'catch (error) {\n  console.error(error);\n}'),
    reported('import fs from "node:fs/promises";\nlet drop = false;\ntry { await fs.access(marker); await db.save(marker); drop = true; } catch { drop = false; }\nuse(drop);', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // An `access` of something that is not Node's file system.
    reported('let ok = false;\ntry { await acl.access(user); ok = true; } catch { ok = false; }\nuse(ok);', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A database write answered 400, or an `end()` with no client-error status: the failure is lost.
    reported('async function handle(opts) { const { raw, res } = opts; try { await db.save(JSON.parse(raw)); } catch { res.statusCode = 500; res.end(); return; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported('async function handle(opts) { const { raw, res } = opts; try { await db.save(JSON.parse(raw)); } catch { res.end(); return; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // A copy fallback that calls a function of the module.
    reported('function cloneJson(value) { try { return JSON.parse(JSON.stringify(value)); } catch { return deepCopy(value); } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // Removing files named by a list of ids, not by a directory listing.
    reported("import { rmSync } from 'fs';\nimport path from 'path';\nfunction drop(dir, ids) { for (const id of ids) { const fullPath = path.join(dir, id); try { rmSync(fullPath); } catch { } } }", 'swallowed', 'catch { }', 'catch (error) {\n  console.error(error);\n}'),
  ],
});

/** A Baileys bot on disk, and one on a fork installed from a Git repository named after Baileys. */
const baileysFile = fileInProject('nse-baileys-', { '@whiskeysockets/baileys': '^6.7.18' }, 'welcome.js');
const forkFile = fileInProject('nse-baileys-fork-', { ourin: 'github:LuckyArch/OurinGlitch-Baileys' }, 'story.js');
const PICTURE = (work: string, fallback = "ppuser = 'https://example.com/default.jpg';") => `async function welcome(client, num) { let ppuser; try { ${work} } catch { ${fallback} } return ppuser; }`;
const GOODBYE = (work: string) => `async function bye(conn, id, text) { try { ${work} } catch (ppError) { await conn.sendMessage(id, { text }); } }`;
const LIMITER = (made: string, work = 'await limiter.consume(m.sender); return false;') =>
  `const { RateLimiterMemory, RateLimiterRedis } = require('rate-limiter-flexible');\n${made}\nasync function isSpam(m) { ${made.includes('getLimiter') ? 'const limiter = getLimiter(m.chat);' : ''} try { ${work} } catch { return true; } }`;
const GET_LIMITER = (made: string) => `const limiters = new Map();\nfunction getLimiter(chatId) { let limiter = limiters.get(chatId); if (!limiter) { limiter = ${made}; limiters.set(chatId, limiter); } return limiter; }`;

ruleTester.run('no-swallowed-error: a rejection that is the library\'s answer', rule, {
  valid: [
    // Baileys' `profilePictureUrl` rejects when the user has no picture or hides it: the default avatar is the answer.
    { code: PICTURE("ppuser = await client.profilePictureUrl(num, 'image');"), filename: baileysFile },
    { code: "async function getProfilePicture(sock, jid) { try { const pp = await sock.profilePictureUrl(jid, 'image'); return pp || null; } catch { return null; } }", filename: forkFile },
    // The picture sent, else the text: the fallback is a chat call.
    { code: GOODBYE("const pp = await conn.profilePictureUrl(id, 'image'); await conn.sendMessage(id, { image: { url: pp }, caption: text });"), filename: baileysFile },
    // An in-memory limiter's `consume` rejects when the points are used up: that is "spam".
    LIMITER('const limiter = new RateLimiterMemory({ points: 5, duration: 10 });'),
    LIMITER(GET_LIMITER('new RateLimiterMemory({ points: 4, duration: 10, keyPrefix: chatId })')),
  ],
  invalid: [
    // The same catch also covering a database write, or an unrelated call.
    { ...swallowedIn(PICTURE("ppuser = await client.profilePictureUrl(num, 'image'); await db.users.update({ id: num }, { ppuser });"), baileysFile, 'swallowed'), errors: [{ messageId: 'swallowed', suggestions: logAt(PICTURE("ppuser = await client.profilePictureUrl(num, 'image'); await db.users.update({ id: num }, { ppuser });"), 'catch {', 'catch (error) { console.error(error);') }] },
    { code: PICTURE("ppuser = await client.profilePictureUrl(num, 'image'); await fetchBuffer(ppuser);"), filename: baileysFile, errors: [{ messageId: 'swallowed', suggestions: logAt(PICTURE("ppuser = await client.profilePictureUrl(num, 'image'); await fetchBuffer(ppuser);"), 'catch {', 'catch (error) { console.error(error);') }] },
    // An empty handler: no fallback.
    { code: PICTURE("ppuser = await client.profilePictureUrl(num, 'image');", ''), filename: baileysFile, errors: [{ messageId: 'swallowed', suggestions: logAt(PICTURE("ppuser = await client.profilePictureUrl(num, 'image');", ''), 'catch {  }', 'catch (error) {\n  console.error(error);\n}') }] },
    // The same call outside a Baileys project.
    { code: PICTURE("ppuser = await client.profilePictureUrl(num, 'image');"), filename: otherFile, errors: [{ messageId: 'swallowed', suggestions: logAt(PICTURE("ppuser = await client.profilePictureUrl(num, 'image');"), 'catch {', 'catch (error) { console.error(error);') }] },
    // A store-backed limiter also rejects with the store's error; a write beside an in-memory one.
    reported(LIMITER('const limiter = new RateLimiterRedis({ storeClient: redis, points: 5 });'), 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported(LIMITER(GET_LIMITER('makeLimiter(chatId)')), 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    reported(LIMITER('const limiter = new RateLimiterMemory({ points: 5, duration: 10 });', 'await limiter.consume(m.sender); await db.hits.insert({ id: m.sender }); return false;'), 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
    // `consume` of something that is not a limiter (a queue channel).
    reported('async function isSpam(channel, m) { try { await channel.consume(m.sender); return false; } catch { return true; } }', 'swallowed', 'catch {', 'catch (error) { console.error(error);'),
  ],
});
