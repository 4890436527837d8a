import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { createLoggerMatcher } from '../../src/analysis/errors/index.js';
import { callHandlesOwnErrors, callOnlyTalksToUser, errorSummaryWork, type FileRef } from '../../src/analysis/summaries/index.js';

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
