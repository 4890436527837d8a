import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src/index.js';

/**
 * Code that refers to itself: a helper that hands itself on as a callback, two that hand each other
 * on, a method passed back to its own object, names bound to each other. A summary that follows
 * functions by name (what a callee, a callback or a `const` runs) must stop at a function it is
 * already looking at; one that does not overflows the stack, and the rule crashes on valid code.
 * The callback shapes crashed `no-swallowed-error` (the in-process summary walked a callback passed
 * by name again and again); the last five go through the other helpers that follow names (methods,
 * `this`, `bind`, `const` links, assignments), bounded already, and are kept so that they stay so.
 */
const SHAPES: Record<string, string> = {
  'callback passed to itself': 'function decode(v) { return Array.isArray(v) ? v.map(decode) : v; }\nfunction read(t) { let out = null; try { out = decode(JSON.parse(t)); } catch {} return out; }',
  'callbacks passed to each other': 'function a(v) { return v.map(b); }\nfunction b(v) { return v.map(a); }\nfunction read(t) { let out = null; try { out = a(JSON.parse(t)); } catch {} return out; }',
  'const arrow passed to itself': 'const walk = (node) => node.children.forEach(walk);\nfunction read(t) { try { walk(JSON.parse(t)); } catch {} }',
  'comparator passed to itself': 'function cmp(x, y) { return [x, y].sort(cmp).length; }\nfunction read(t) { try { cmp(t, t); } catch {} }',
  'callback in a callee summarised for its errors': 'function flat(v) { return Array.isArray(v) ? v.flatMap(flat) : [v]; }\nasync function save(data) { try { await db.save(data); } catch (e) { console.error(e); flat(data); } }\nasync function run(x) { try { await save(x); } catch {} }',
  'callback in a chat helper': "function flat(v) { return Array.isArray(v) ? v.flatMap(flat) : [v]; }\nasync function say(ctx, v) { const text = flat(v).join(','); await ctx.reply(text); }\nbot.on('message', async (ctx) => { try { await say(ctx, ctx.message.text); } catch {} });",
  'method passed back to its object': 'const api = { run(v) { return v.map(api.run); } };\nfunction read(t) { try { api.run(JSON.parse(t)); } catch {} }',
  'method passed back through this': 'class P { run(v) { return v.map(this.run); } read(t) { try { this.run(JSON.parse(t)); } catch {} } }',
  'bound method passed to itself': 'const api = { run(v) { return v.map(run); } };\nconst run = api.run.bind(api);\nfunction read(t) { try { run(JSON.parse(t)); } catch {} }',
  'names bound to each other': 'const a = b;\nconst b = a;\nfunction read(t) { try { a(t); } catch {} return b.map(a); }',
  'variable assigned itself': 'let seen;\nseen = seen;\nfunction f(x) { try { seen.add(x); } catch {} }',
};

describe('self-referential code', () => {
  it.each(Object.entries(SHAPES))('%s: every rule finishes', (_, code) => {
    const linter = new Linter({ configType: 'flat' });
    const { all } = plugin.configs;
    const config = { plugins: all.plugins as never, rules: all.rules, languageOptions: { sourceType: 'module' as const } };
    // A rule that throws makes `verify` throw: the crash the CLI would report for this file.
    const messages = linter.verify(code, [config], { filename: 'cycles.js' });
    expect(messages.filter((message) => message.fatal)).toEqual([]);
  });
});
