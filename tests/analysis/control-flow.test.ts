import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { childNodes, resolveVariable } from '../../src/analysis/ast/index.js';
import { areExclusive, ignoresOwnFailure, isInCatch, readsOfResult } from '../../src/analysis/flow/control-flow.js';
import { neverTaken } from '../../src/analysis/flow/never-taken.js';
import { sourceCodeOf } from './source-code.js';

/** Parses `code` and returns the calls `a()`, `b()` … by callee name, plus the source code. */
function parse(code: string) {
  const sourceCode = sourceCodeOf(code);
  const calls = new Map<string, TSESTree.CallExpression>();
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && /^[a-e]$/.test(node.callee.name)) calls.set(node.callee.name, node);
    stack.push(...childNodes(node));
  }
  return { calls, sourceCode };
}

describe('areExclusive', () => {
  it.each([
    ['if (x) a(); else b();', true],
    ['if (x) { a(); } b();', false],
    ['if (x) { a(); return; } b();', true],
    ['if (x) { a(); throw e; } b();', true],
    ['x ? a() : b();', true],
    ['switch (x) { case 1: a(); break; default: b(); }', true],
    ['try { a(); } catch { b(); }', true],
    ['try { a(); } finally { b(); }', false],
    ['a(); b();', false],
    ['return a() || b();', false],
    ['{ a(); } b();', false],
    ['run(() => { a(); return; }); b();', false],
    ['for (const i of l) { a(); continue; } b();', false],
    // A \`try\` whose block and \`catch\` both leave the function (or whose \`finally\` does) is an exit.
    ['if (x) { a(); try { return l(); } catch { return null; } } b();', true],
    ['if (x) { a(); try { l(); } finally { throw e; } } b();', true],
    ['if (x) { a(); if (l) return; else throw e; } b();', true],
    ['if (x) { a(); try { return l(); } catch { e(); } } b();', false],
    ['if (x) { a(); try { l(); } catch { return null; } } b();', false],
    ['if (a()) b();', false],
    ['class K { static { a(); } } b();', false],
    // Plain ifs whose tests cannot both hold on one unassigned variable.
    ["if (x.startsWith('ok_')) { a(); } if (x.startsWith('no_') || x.startsWith('bad_')) { b(); }", true],
    ["if (x === 'a') { a(); } if (x === 'b') { b(); }", true],
    ["if (x === 'ok_1') { a(); } if (x.startsWith('no_')) { b(); }", true],
    ["if (l && x.startsWith('ok_')) { if (e) a(); } if (x.startsWith('no_')) { b(); }", true],
    ["if (x.startsWith('ok_')) { a(); } if (x.startsWith('ok_1')) { b(); }", false],
    ["if (x === 'ok_1') { a(); } if (x.startsWith('ok_')) { b(); }", false],
    ["if (x.startsWith('ok_')) { a(); } if (x.startsWith('no_') || l) { b(); }", false],
    ["if (x.startsWith('ok_')) { a(); x = e; } if (x.startsWith('no_')) { b(); }", false],
    // A flag's `else` and a later test of the flag (plain variable, nothing assigns it).
    ['if (n) { e(); } else { a(); } if (l && n) { b(); }', true],
    ['if (!n) { e(); } else { a(); } if (!n) { b(); }', true],
    ['if (n) { a(); } if (!n) { b(); }', true],
    ['if (n) { e(); } else { a(); } if (!n) { b(); }', false],
    ['if (n) { e(); } else { a(); n = l; } if (n) { b(); }', false],
    ["if (n) { e(); } else { a(); } if (n === 'x') { b(); }", false],
    ['if (n.ok) { e(); } else { a(); } if (n.ok) { b(); }', false],
    ["if (x === 'a') { a(); } if (l === 'b') { b(); }", false],
    // The same on a member path (`query.data`) that nothing assigns or changes through its object.
    ["if (x.data == 'a') { a(); } if (x.data == 'b') { b(); }", true],
    ["if (x?.data === 'a') { a(); } if (x.data.startsWith('b')) { b(); }", true],
    ["if (x.data === 'a') { a(); } if (x.data.startsWith('a')) { b(); }", false],
    ["if (x.data === 'a') { a(); } if (l.data === 'b') { b(); }", false],
    ["if (x.data === 'a') { a(); } if (x.text === 'b') { b(); }", false],
    ["if (x.data === 'a') { a(); x.data = e; } if (x.data === 'b') { b(); }", false],
    ["if (x.data === 'a') { a(); x = e; } if (x.data === 'b') { b(); }", false],
    ["if (x.u.menu === 'a') { a(); x.u.set('menu', 'b'); } if (x.u.menu === 'b') { b(); }", false],
    ["if (x.data === 'a') { a(); x.u.set('menu', 'b'); } if (x.data === 'b') { b(); }", true],
    ["if (x.data === 'a') { a(); } else if (x.data === 'b') { b(); }", true],
    // A substring test (`includes`, `~indexOf`, `indexOf(…) !== -1`) against a value that lacks it.
    ["if (~x.data.indexOf('game')) { a(); } if (x.data == 'trees') { b(); }", true],
    ["if (x.data.includes('game')) { a(); } if (x.data === 'my_game') { b(); }", false],
    ["if (x.data.indexOf('game') !== -1) { a(); } if (x.data === 'trees' || x.data.indexOf('game') >= 0) { b(); }", false],
    ["if (x.data.indexOf('game') > -1) { a(); } if (x.data.startsWith('trees')) { b(); }", false],
    ["if (x.data.indexOf('game') > 0) { a(); } if (x.data === 'trees') { b(); }", false],
    ["if (x.data.indexOf('game') !== l) { a(); } if (x.data === 'trees') { b(); }", false],
    ["if (~x.data.search('game')) { a(); } if (x.data === 'trees') { b(); }", false],
    // One Telegram update carries one kind: tests of two kinds of one update never both hold.
    ['const { callback_query: q, chosen_inline_result: r } = l.body; if (q && q.data) { a(); } if (r) { b(); }', true],
    ['const q = l.callback_query; if (q) { a(); } if (l.message.text) { b(); }', true],
    ['if (l?.callback_query) { a(); } if (l.pre_checkout_query) { b(); }', true],
    ['const { callback_query: q, message: m } = l; if (q) { a(); } if (m.chat) { b(); }', true],
    ['if (l.message) { a(); } if (l.poll) { b(); }', false],
    ['if (l.callback_query) { a(); } if (x.message) { b(); }', false],
    ['if (l.message) { a(); } if (l.message.chat) { b(); }', false],
    ['const { callback_query: q, message: m } = l; if (q) { a(); } m = e; if (m) { b(); }', false],
    ['let { callback_query: q } = l; if (q) { a(); l = e; } if (l.message) { b(); }', false],
    ['{ const { callback_query: q } = l; } if (q) { a(); } if (l.message) { b(); }', false],
    // A switch case holds `discriminant === case` for its own test and those that fall into it.
    ["switch (x.data) { case 'a': a(); break; } if (x.data === 'b') { b(); }", true],
    ["switch (x) { case 'a': case 'c': a(); break; } switch (x) { case 'b': b(); }", true],
    ["switch (x) { case 'a': l(); case 'b': a(); break; } if (x === 'a') { b(); }", false],
    ["switch (x) { case 'a': break; default: a(); } if (x === 'b') { b(); }", false],
    ["switch (x) { case 'a': a(); break; } if (x.startsWith('a')) { b(); }", false],
    ["switch (x) { case 'a': a(); case 'b': b(); break; }", false],
    ["switch (x) { case 'a': a(); e(); case 'b': l(); break; case 'c': b(); }", true],
  ])('%s → %s', (body, expected) => {
    const { calls } = parse(`export function f(x, l, e, run) { ${body} }`);
    expect(areExclusive(calls.get('a')!, calls.get('b')!)).toBe(expected);
  });

  it('finds catch clauses', () => {
    const { calls } = parse('try { a(); } catch { b(); (() => { c(); })(); }');
    expect([isInCatch(calls.get('a')!), isInCatch(calls.get('b')!), isInCatch(calls.get('c')!)]).toEqual([false, true, false]);
  });
});

describe('ignoresOwnFailure', () => {
  it.each([
    ['a().catch(() => {}); b();', true],
    ['a().then(f).catch(function () { log(); }); b();', true],
    ['a().catch((e) => { throw e; }); b();', false],
    ['a().catch((e) => Promise.reject(e)); b();', false],
    ['a().catch(handle); b();', false],
    ['try { a(); } catch { log(); } b();', true],
    ['try { a(); } catch { return; } b();', false],
    ['try { a(); b(); } catch { log(); }', false],
    ['try { run(() => a()); } catch { log(); } b();', false],
    ['a(); b();', false],
  ])('%s → %s', (code, expected) => {
    const { calls } = parse(code);
    expect(ignoresOwnFailure(calls.get('a')!, [calls.get('a')!, calls.get('b')!])).toBe(expected);
  });
});

/** What `a()`'s result reaches up to `b(…)` in a function of `body` (through `d()` when `through`), and `b`'s call. */
function resultReads(body: string, through = false) {
  const { calls, sourceCode } = parse(`export async function f(x) { ${body} }`);
  const declared = (node: TSESTree.Node) => sourceCode.getDeclaredVariables(node);
  const resolve = (identifier: TSESTree.Identifier) => resolveVariable(identifier, sourceCode);
  return { result: readsOfResult(calls.get('a')!, calls.get('b')!, declared, resolve, through ? calls.get('d')! : undefined), later: calls.get('b')! };
}

describe('readsOfResult', () => {
  const reads = (body: string) => {
    const { result } = resultReads(body);
    return { used: result.used, properties: [...result.properties].sort() };
  };

  it.each([
    ['const { rows } = await a(); const user = rows[0]; if (user.balance_usd < 1) return; await b();', true, ['0', 'balanceusd', 'rows']],
    ['const [{ status = 1, ...rest }, [k]] = await a(); await b(rest, k);', true, ['status']],
    ['let r; r = await a(); await b(r?.rows[0]["Credits"]);', true, ['0', 'credits', 'rows']],
    ['let r, s; [r, { s }] = await a(); await b(r);', true, ['s']],
    ['if ((await a()).rows.length) await b();', true, ['length', 'rows']],
    ['await a(); await b();', false, []],
    ['const r = await a(); await b(); log(r.x);', false, []],
    ['const r = a().get(x); b(r[x]);', true, ['get']],
    ['if (x) return a(); await b();', false, []],
  ])('%s', (body, used, properties) => {
    expect(reads(body)).toEqual({ used, properties });
  });
});

describe('readsOfResult: a variable given something else on every path', () => {
  /** Whether the argument of `b(…)` holds what `a()` returned (with `d()` as the write the paths go through, when `through`). */
  const holds = (body: string, through = false) => {
    const { result, later } = resultReads(body, through);
    const argument = later.arguments[0]!;
    return result.references.some((reference) => reference.range[0] >= argument.range[0] && reference.range[1] <= argument.range[1]);
  };

  it('reads another value only where every path to the read assigns the variable anew', () => {
    const anew = ['let u = await a(); if (!u) { u = await c(); b(u.id); }', 'let u = null; const p = await a(); if (p) u = p; if (!u) { u = await c(); if (u) b(u.id); }'];
    // An assignment in a branch beside the read, a compound one, or one later in a loop: still the result.
    const kept = ['let u = await a(); if (!u) u = await c(); b(u.id);', 'let n = await a(); n += 1; b(n);', 'let u = await a(); for (const y of x) { b(u); u = await c(); }'];
    expect([...anew, ...kept].map((body) => holds(body))).toEqual([false, false, true, true, true]);
  });

  it('counts only the paths through the write it is given', () => {
    // After the `if`, `u` may still hold the result, unless the paths go through `d()`, before which `u` was given `c()`'s.
    const body = 'let u = null; const p = await a(); if (p) u = p; if (!u) { u = await c(); d(u.id); } b(u);';
    expect(holds(body)).toBe(true);
    expect(holds(body, true)).toBe(false);
    // A write the reassignment does not precede: the result still reaches `b`.
    expect(holds('let u = null; const p = await a(); if (p) u = p; if (!u) { d(); u = await c(); } b(u);', true)).toBe(true);
  });
});

describe('neverTaken', () => {
  /** `f` is a function declared at the top of the module (hoisted, never assigned); `a()` is asked about. */
  const F = 'function f() {}\n';
  it.each([
    // Branches a constant test never takes.
    ["if (typeof f !== 'function') a();", true],
    ["if (typeof f === 'function') b(); else a();", true],
    ["typeof f === 'undefined' ? a() : b();", true],
    ["typeof f === 'function' || a();", true],
    ["typeof f !== 'function' && a();", true],
    ['if (false) { a(); }', true],
    ["if (typeof f === 'function') a();", false],
    ["typeof f === 'function' && a();", false],
    // After a statement that always leaves on the branch taken.
    ["function g() {\n  if (typeof f === 'function') return f();\n  a();\n}", true],
    ["function g() {\n  if (typeof f === 'function') { b(); throw new Error('x'); }\n  { a(); }\n}", true],
    ["function g() {\n  if (typeof f === 'function') { return f(); }\n  const h = () => a();\n  h();\n}", true],
    ["for (;;) {\n  if (typeof f === 'function') break;\n  a();\n}", true],
    ["switch (x) {\n  case 1:\n    if (typeof f === 'function') break;\n    a();\n}", true],
    // A test that is not constant, a branch that does not leave, a hoisted declaration after the exit.
    ["function g() {\n  if (typeof f === 'function' && x) return f();\n  a();\n}", false],
    ["function g() {\n  if (typeof f === 'function') f();\n  a();\n}", false],
    ['function g() {\n  if (x) return 1;\n  a();\n}', false],
    ["function g() {\n  if (typeof f === 'function') return h();\n  function h() {\n    a();\n  }\n}", false],
    ["switch (x) {\n  case 1:\n    return;\n  case a():\n    b();\n}", false],
  ])('%s → %s', (code, expected) => {
    const { calls, sourceCode } = parse(F + code);
    expect(neverTaken(calls.get('a')!, sourceCode)).toBe(expected);
  });

  it('`typeof` of a name not always bound to a declared function is unknown', () => {
    for (const binding of ["import { f } from './f';\n", 'var f = load();\n', 'function f() {}\nf = null;\n', '{\n  function f() {}\n}\n', 'declare function f(): void;\n']) {
      const { calls, sourceCode } = parse(`${binding}if (typeof f !== 'function') a();`);
      expect(neverTaken(calls.get('a')!, sourceCode)).toBe(false);
    }
  });
});
