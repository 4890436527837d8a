import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { createLoggerMatcher } from '../../src/analysis/errors/index.js';
import { callHandlesOwnErrors, callOnlyTalksToUser, callRunsInProcess, errorSummaryWork, inProcessWork, runsInProcess, type FileRef } from '../../src/analysis/summaries/index.js';

const loggers = createLoggerMatcher();

/** For each call of the last statement's expression in `code`: does the callee deal with its own errors? */
function lastCall(code: string, filename = path.join(os.tmpdir(), 'file.ts')): boolean {
  let result: boolean | null = null;
  const rule = {
    create: (context: FileRef) => ({
      'Program > ExpressionStatement:last-child > CallExpression': (node: TSESTree.CallExpression) => {
        result = callHandlesOwnErrors(node, context, loggers);
      },
    }),
  };
  const messages = new Linter({ configType: 'flat', cwd: path.parse(filename).root }).verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }],
    filename,
  );
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  expect(result).not.toBeNull();
  return result!;
}

describe('callHandlesOwnErrors: may this function fail with an error nobody logged?', () => {
  it('proves a function that catches everything and logs, returns a value, or logs and rethrows', () => {
    expect(lastCall('async function f() { try { await io(); } catch (e) { console.warn(e); } }\nf();')).toBe(true);
    expect(lastCall('async function f() { try { return await io(); } catch { return []; } }\nf();')).toBe(true);
    expect(lastCall('async function f() { try { await io(); } catch (e) { logger.error(e); throw e; } }\nf();')).toBe(true);
    expect(lastCall('const f = async () => { let n = 0; try { n = await io(); } catch (e) { log.warn(e); } finally { logger.debug("done"); } return n; };\nf();')).toBe(true);
    expect(lastCall('async function f(x) { if (!x) return; try { await io(); } catch (e) { console.warn(e); } }\nf();')).toBe(true);
    // An apology to the user in the catch: only a failing chat call can get out.
    expect(lastCall('async function f(ctx) { try { await io(); } catch (e) { console.error(e); await ctx.reply("❌ failed"); } }\nf(ctx);')).toBe(true);
  });

  it('does not prove a function that fails outside a try, rethrows unlogged, or calls unknown code in its catch', () => {
    expect(lastCall('async function f() { await io(); }\nf();')).toBe(false);
    expect(lastCall('async function f() { try { await io(); } catch { throw new Error("io failed"); } }\nf();')).toBe(false);
    expect(lastCall('async function f() { try { await io(); } catch (e) { await notify(e); } }\nf();')).toBe(false);
    expect(lastCall('async function f(ctx) { try { await io(); } catch (e) { console.error(e); await ctx.reply("❌"); await refund(e); } }\nf(ctx);')).toBe(false);
    expect(lastCall('async function f() { try { await io(); } catch (e) { new Report(e); } }\nf();')).toBe(false);
    expect(lastCall('async function f() { try { await io(); } finally { await close(); } }\nf();')).toBe(false);
    expect(lastCall('async function f() { for (const x of xs) { try { await io(x); } catch {} } }\nf();')).toBe(false);
    expect(lastCall('unknown();')).toBe(false);
  });

  it('proves a function that leaves on a missing configuration with a plain throw, then logs its own I/O failures', () => {
    const logged = 'try { return (await client.getPayment(id)).status; } catch (e) { console.error(e); throw e; }';
    expect(lastCall(`let client = null;\nasync function status(id) { if (!client) { throw new Error("Payment service is not initialized"); } ${logged} }\nstatus(1);`)).toBe(true);
    expect(lastCall(`const shop = { client: null };\nasync function status(id) { if (!shop.client || !process.env.SHOP_ID) throw new Error(\`not configured: \${id}\`); ${logged.replaceAll('client.', 'shop.client.')} }\nstatus(1);`)).toBe(true);
  });

  it('does not prove a guard on an argument, a local value or a call, a guard that throws what it computes, or one with an else', () => {
    const logged = 'try { return (await client.getPayment(id)).status; } catch (e) { console.error(e); throw e; }';
    expect(lastCall(`let client = null;\nasync function status(id) { if (!id) throw new Error("no id"); ${logged} }\nstatus(1);`)).toBe(false);
    expect(lastCall(`let client = null;\nasync function status(id) { const ok = client; if (!ok) throw new Error("off"); ${logged} }\nstatus(1);`)).toBe(false);
    expect(lastCall(`let client = null;\nasync function status(id) { if (!client.ready()) throw new Error("off"); ${logged} }\nstatus(1);`)).toBe(false);
    expect(lastCall(`let client = null;\nasync function status(id) { if (!client) throw new Error(describe(id)); ${logged} }\nstatus(1);`)).toBe(false);
    expect(lastCall(`let client = null;\nasync function status(id) { if (!client) throw new Error("off"); else client = null; ${logged} }\nstatus(1);`)).toBe(false);
    expect(lastCall(`let client = null;\nasync function status(id) { if (!client) throw failure; ${logged} }\nstatus(1);`)).toBe(false);
  });

  it('proves a loop whose body catches everything; a `for…of` runs its iterable\'s iterator, which is not proven', () => {
    expect(lastCall('let on = true;\nasync function poll() { while (on) { try { await io(); } catch (e) { console.warn(e); await new Promise((r) => setTimeout(r, 10)); } } }\npoll();')).toBe(true);
    expect(lastCall('async function poll() { do { try { await io(); } catch (e) { if (client.isHttpError(e)) console.warn(e); } } while (more()); }\nfunction more() { return true; }\npoll();')).toBe(true);
    expect(lastCall('async function poll() { for (let i = 0; i < 3; i++) { if (i === 1) continue; try { await io(); break; } catch (e) { console.warn(e); } } }\npoll();')).toBe(true);
    expect(lastCall('async function poll() { for (;;) { try { await io(); } catch { break; } } }\npoll();')).toBe(true);
    // Twins: a test that calls unknown code, a loop body outside the try, a catch that calls unknown code.
    expect(lastCall('async function poll() { while (await more()) { try { await io(); } catch (e) { console.warn(e); } } }\npoll();')).toBe(false);
    expect(lastCall('async function poll() { for (let i = 0; i < next(); i++) { try { await io(); } catch (e) { console.warn(e); } } }\npoll();')).toBe(false);
    expect(lastCall('let on = true;\nasync function poll() { while (on) { await io(); } }\npoll();')).toBe(false);
    expect(lastCall('let on = true;\nasync function poll() { while (on) { try { await io(); } catch (e) { if (isFatal(e)) console.warn(e); } } }\npoll();')).toBe(false);
    expect(lastCall('let on = true;\nasync function poll() { while (on) { try { await io(); } catch (e) { await new Promise((r, reject) => reject(e)); } } }\npoll();')).toBe(false);
  });

  it('takes scheduling a timer as no failure: its callback fails later, not the call', () => {
    // A retry scheduled in a logging catch (`setTimeout(() => load().catch(() => {}), 30_000)`).
    expect(lastCall('async function load() { try { await io(); } catch (e) { console.error(e); setTimeout(() => load(), 30000); } }\nload();')).toBe(true);
    expect(lastCall('async function f() { try { await io(); } catch (e) { console.warn(e); } const t = setInterval(() => tick(), 1000); return t; }\nf();')).toBe(true);
    expect(lastCall('async function f() { try { await io(); } catch (e) { console.warn(e); } queueMicrotask(() => flush()); setImmediate(() => flush()); }\nf();')).toBe(true);
    // Twins: a timer of the project's own (a local `setTimeout`), or unknown work in the catch, stay unproven.
    expect(lastCall('const setTimeout = (f, ms) => run(f, ms);\nasync function load() { try { await io(); } catch (e) { console.error(e); setTimeout(() => load(), 30000); } }\nload();')).toBe(false);
    expect(lastCall('async function load() { try { await io(); } catch (e) { console.error(e); setTimeout(() => load(), 30000); await notify(e); } }\nload();')).toBe(false);
  });

  it('follows proven callees to a depth, and never proves recursion', () => {
    const warm = 'async function warm() { try { await io(); } catch (e) { console.warn(e); } }\n';
    expect(lastCall(`${warm}async function init() { await warm(); }\ninit();`)).toBe(true);
    expect(lastCall(`${warm}async function a() { await warm(); }\nasync function b() { await a(); }\nb();`)).toBe(true);
    // Four functions deep: past the limit, not proven.
    expect(lastCall(`${warm}async function a() { await warm(); }\nasync function b() { await a(); }\nasync function c() { await b(); }\nc();`)).toBe(false);
    expect(lastCall('async function r() { try { await io(); } catch (e) { await r(); } }\nr();')).toBe(false);
    expect(lastCall('async function p() { await q(); }\nasync function q() { await p(); }\np();')).toBe(false);
  });

  it('proves a promise dropped with `void` when nothing before it can throw', () => {
    expect(lastCall('function f(id) { void db.from("s").update({ id }).eq("id", id); }\nf();')).toBe(true);
    expect(lastCall('class S { save(id) { void this.db.save(id); } }\nconst s = new S();\nfunction f(id) { s.save(id); }\nf();')).toBe(true);
    // An argument that calls, a chain that starts at a call, a computed method, a `void` of no call.
    expect(lastCall('function f(id) { void db.save(serialise(id)); }\nf();')).toBe(false);
    expect(lastCall('function f(id) { void getDb().save(id); }\nf();')).toBe(false);
    expect(lastCall('function f(id) { void db[method](id); }\nf();')).toBe(false);
    expect(lastCall('function f(id) { void load; return save(id); }\nf();')).toBe(false);
  });

  it('reads a callee imported from a project file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summ-err-'));
    fs.writeFileSync(path.join(dir, 'lib.ts'), 'export async function warm() { try { await io(); } catch (e) { logger.warn(e); } }\nexport const cold = async () => io();');
    expect(lastCall("import { warm } from './lib';\nwarm();", path.join(dir, 'main.ts'))).toBe(true);
    expect(lastCall("import { cold } from './lib';\ncold();", path.join(dir, 'main.ts'))).toBe(false);
  });

  it('summarises each function once per logger model', () => {
    const warm = 'async function warm() { try { await io(); } catch (e) { console.warn(e); } }\n';
    const before = errorSummaryWork.functions;
    // Ten calls of the same function in one file: one summary, the rest from the memo.
    let count = 0;
    const rule = {
      create: (context: FileRef) => ({
        CallExpression: (node: TSESTree.CallExpression) => {
          if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'warm' && callHandlesOwnErrors(node, context, loggers)) count++;
        },
      }),
    };
    new Linter({ configType: 'flat' }).verify(
      `${warm}${'warm();\n'.repeat(10)}`,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }],
      'file.ts',
    );
    expect(count).toBe(10);
    expect(errorSummaryWork.functions - before).toBe(1);
  });

  it('summarises once whether a function only talks to the chat', () => {
    const show = 'async function show(id) { await bot.deleteMessage(id, 1); await bot.sendMessage(id, "menu"); }\n';
    const before = errorSummaryWork.chatFunctions;
    let count = 0;
    const rule = {
      create: (context: FileRef) => ({
        CallExpression: (node: TSESTree.CallExpression) => {
          if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'show' && callOnlyTalksToUser(node, context, loggers)) count++;
        },
      }),
    };
    new Linter({ configType: 'flat' }).verify(
      `${show}${'show(1);\n'.repeat(10)}`,
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }],
      'file.ts',
    );
    expect(count).toBe(10);
    expect(errorSummaryWork.chatFunctions - before).toBe(1);
  });
});

/** Does the block of the first `try` in `code` only compute in the process? */
function tryInProcess(code: string): boolean {
  let result: boolean | null = null;
  const rule = {
    create: (context: FileRef) => ({
      TryStatement: (node: TSESTree.TryStatement) => {
        result ??= runsInProcess(node.block, context);
      },
    }),
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }],
    'file.ts',
  );
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  expect(result).not.toBeNull();
  return result!;
}

describe('runsInProcess: does guarded code do no I/O?', () => {
  it('accepts built-in computing: parses, encodings, dates, numbers, strings, arrays, values made in place', () => {
    expect(tryInProcess('try { x = JSON.parse(s); y = Math.max(1, Number(s)); z = Object.keys(o).map((k) => k.trim()); } catch {}')).toBe(true);
    expect(tryInProcess('try { const b = Buffer.from(s, "base64").toString("utf8"); u = decodeURIComponent(atob(b)); } catch {}')).toBe(true);
    expect(tryInProcess('const cache = new Map(); try { cache.delete(k); cache.set(k, new Date().toISOString()); } catch {}')).toBe(true);
    expect(tryInProcess('try { ok = /^\\d+$/.test(s) && [1, 2].includes(n); } catch {}')).toBe(true);
    expect(tryInProcess('try { d = new Intl.DateTimeFormat("en", { timeZone: tz }).format(new Date()); u = new URL(s).hostname; } catch {}')).toBe(true);
    expect(tryInProcess('try { list.sort(); list.sort((a, b) => a - b); } catch {}')).toBe(true);
    expect(tryInProcess("try { const sharp = require('sharp'); require('dotenv').config(); } catch {}")).toBe(true);
    expect(tryInProcess("import dotenv from 'dotenv';\ntry { dotenv.config(); } catch {}")).toBe(true);
    expect(tryInProcess('for (const l of lines) { try { rows.push(JSON.parse(l)); } catch { continue; } }')).toBe(true);
  });

  it('follows project functions that only compute, may throw, and are memoised', () => {
    const helper = 'function parse(s) { const n = parseInt(s, 10); if (Number.isNaN(n)) throw new Error("nan"); return n; }\n';
    const before = inProcessWork.functions;
    expect(tryInProcess(`${helper}try { a = parse(x); b = parse(y); } catch {}`)).toBe(true);
    expect(inProcessWork.functions - before).toBe(1);
    expect(tryInProcess('const byId = (a, b) => a.id - b.id;\ntry { rows.sort(byId); } catch {}')).toBe(true);
    expect(tryInProcess('function p(s = Date.now()) { return String(s); }\ntry { p(); } catch {}')).toBe(true);
  });

  it('rejects I/O, waits, throws of its own, unknown code and project modules', () => {
    expect(tryInProcess('async function f() { try { cfg = await db.getConfig(); } catch {} }')).toBe(false);
    expect(tryInProcess('async function f() { try { for await (const x of stream) n++; } catch {} }')).toBe(false);
    expect(tryInProcess('try { fs.writeFileSync(p, JSON.stringify(d)); } catch {}')).toBe(false);
    expect(tryInProcess("try { require('./routes/pay'); } catch {}")).toBe(false);
    expect(tryInProcess('try { require(name); } catch {}')).toBe(false);
    expect(tryInProcess("try { x = import('pkg'); } catch {}")).toBe(false);
    expect(tryInProcess('try { q = sql`select 1`; } catch {}')).toBe(false);
    expect(tryInProcess('try { x = JSON.parse(s); if (!x.id) throw new Error("no id"); } catch {}')).toBe(false);
    expect(tryInProcess('try { x = JSON.rawJSON(s); } catch {}')).toBe(false);
    expect(tryInProcess('try { c = new Client(url); } catch {}')).toBe(false);
    expect(tryInProcess('try { d = new Date(() => 1); } catch {}')).toBe(false);
    expect(tryInProcess('try { config(); } catch {}')).toBe(false);
    expect(tryInProcess('try { db[name](); } catch {}')).toBe(false);
    expect(tryInProcess('try { client.find(id); users.map(load); } catch {}')).toBe(false);
    expect(tryInProcess('try { ids.forEach(async (id) => { await db.del(id); }); } catch {}')).toBe(false);
    expect(tryInProcess('try { ids.map(function* (id) { yield id; }); } catch {}')).toBe(false);
    expect(tryInProcess('const JSON = db;\ntry { JSON.parse(s); } catch {}')).toBe(false);
    expect(tryInProcess("const dotenv = require('./env');\ntry { dotenv.config(); } catch {}")).toBe(false);
    expect(tryInProcess('function* g() { yield 1; }\ntry { g(); } catch {}')).toBe(false);
    expect(tryInProcess('function r(n) { return n ? r(n - 1) : 0; }\ntry { r(3); } catch {}')).toBe(false);
    expect(tryInProcess('function a() { return b(); }\nfunction b() { return c(); }\nfunction c() { return d(); }\nfunction d() { return 1; }\ntry { a(); } catch {}')).toBe(false);
  });

  it('tells a single call apart', () => {
    let seen: boolean[] = [];
    const rule = { create: (context: FileRef) => ({ CallExpression: (node: TSESTree.CallExpression) => void seen.push(callRunsInProcess(node, context)) }) };
    const run = (code: string): boolean[] => {
      seen = [];
      new Linter({ configType: 'flat' }).verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], 'file.ts');
      return seen;
    };
    expect(run('level.toUpperCase();')).toEqual([true]);
    expect(run('render(message);')).toEqual([false]);
  });
});
