import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { childNodes } from '../../src/analysis/ast/index.js';
import { adminTest, onlyAdminRuns } from '../../src/analysis/framework/index.js';
import { sourceCodeOf } from './source-code.js';

/** The first `if` test of `code`. */
function testOf(code: string): TSESTree.Expression {
  const stack: TSESTree.Node[] = [sourceCodeOf(code).ast];
  while (stack.length > 0) {
    const node = stack.shift()!;
    if (node.type === AST_NODE_TYPES.IfStatement) return node.test;
    stack.push(...childNodes(node));
  }
  throw new Error('no if');
}

/** The call `work()` of a parsed file. */
function work(sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression {
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'work') return node;
    stack.push(...childNodes(node));
  }
  throw new Error('no work()');
}

describe('adminTest', () => {
  it.each([
    // An id compared with a value named for the operator.
    ['if (process.env.ADMINCHATID == chatId || process.env.ADMINCHATID2 == chatId) {}', true, true],
    ['if (chatId != ADMIN_ID) {}', false, true],
    ['if (chatId != ADMIN_ID) {}', true, false],
    ['if (String(msg.chat.id) === process.env.OWNER_ID) {}', true, true],
    ['if (ctx.chat.id.toString() === config.creatorId) {}', true, true],
    ['if (msg.from.username === ADMIN_USERNAME) {}', true, true],
    ['if (chatId == process.env.GROUP_ID) {}', true, false],
    // Membership in an admin list by `indexOf`: found when it is not -1 (or ≥ 0), missing when -1.
    ['if (ADMINS.indexOf(query.from.id) !== -1) {}', true, true],
    ['if (state[uid] == 7 && ADMINS.indexOf(msg.from.id) != -1) {}', true, true],
    ['if (config.adminIds.indexOf(chatId) > -1) {}', true, true],
    ['if (ADMIN_IDS.indexOf(chatId) >= 0) {}', true, true],
    ['if (ADMINS.indexOf(msg.from.id) === -1) {}', false, true],
    ['if (ADMINS.indexOf(msg.from.id) < 0) {}', false, true],
    ['if (ADMINS.indexOf(msg.from.id) === -1) {}', true, false],
    ['if (ADMINS.indexOf(msg.from.id) !== -1) {}', false, false],
    ['if (USERS.indexOf(msg.from.id) !== -1) {}', true, false],
    ['if (ADMINS.indexOf(msg.from.id) !== 2) {}', true, false],
    ['if (format(chatId) == ADMIN_ID) {}', true, false],
    ['if (chatId < ADMIN_ID) {}', true, false],
    ['if (label == ADMIN_ID) {}', true, false],
    // A role, a flag, a call, a boolean comparison.
    ["if (user.role === 'admin') {}", true, true],
    ["if (user.role === 'member') {}", true, false],
    ["if (user.name === 'admin') {}", true, false],
    ['if (admin?.isAdmin) {}', true, true],
    ['if (!admin?.isAdmin) {}', false, true],
    ['if (user.isOwner === true) {}', true, true],
    ['if (user.isOwner === false) {}', false, true],
    ['if (user.isOwner !== true) {}', false, true],
    ['if (await isAdmin(ctx)) {}', true, true],
    ['if (ADMIN_IDS.includes(id)) {}', true, true],
    ['if (isAdmin) {}', true, true],
    ['if (!admin) {}', false, true],
    ['if (!is_owner) {}', false, true],
    // A bare `creator` or `owner` is an entity looked up (a channel's creator, an item's owner), not the operator.
    ['if (!creator) {}', false, false],
    ['if (owner) {}', true, false],
    ['if (adminIds) {}', true, false],
    ['if (user.adminNote) {}', true, false],
    ['if (-isAdmin(id)) {}', true, false],
    ['if (isAdmin(id) ?? other) {}', true, false],
    ['if (isAdmin(id) && ready) {}', true, true],
    ['if (isAdmin(id) && ready) {}', false, false],
    ['if (!isAdmin(id) || !ready) {}', false, true],
    ['if (`${chatId}`) {}', true, false],
  ])('%s (truthy: %s) → %s', (code, truthy, expected) => {
    expect(adminTest(testOf(code), truthy)).toBe(expected);
  });

  it('follows a `const` through the context it is given', () => {
    const test = testOf('const ok = ADMIN_IDS.includes(id);\nif (!ok) {}');
    const init = (test as TSESTree.UnaryExpression).argument;
    const declared = sourceCodeOf('const ok = ADMIN_IDS.includes(id);').ast.body[0] as TSESTree.VariableDeclaration;
    expect(adminTest(test, false, { constInit: () => declared.declarations[0].init })).toBe(true);
    expect(adminTest(test, false, { constInit: () => init })).toBe(false);
    expect(adminTest(test, false)).toBe(false);
  });
});

describe('onlyAdminRuns', () => {
  it.each([
    ['async function f(chatId) { if (chatId == process.env.ADMINCHATID) { await work(); } }', true],
    ['async function f(chatId) { if (chatId != process.env.ADMINCHATID) { reply(); } else { await work(); } }', true],
    ['async function f(chatId) { if (chatId == process.env.ADMINCHATID) { reply(); } else { await work(); } }', false],
    ['async function f(chatId) { if (chatId != ADMIN_ID) return; await work(); }', true],
    ['async function f(chatId) { if (isAdmin(chatId)) return; await work(); }', false],
    ['async function f(chatId) { if (chatId != ADMIN_ID) { await work(); return; } }', false],
    ['async function f(chatId) { await work(); if (chatId != ADMIN_ID) return; }', false],
    ['switch (cmd) { case "x": if (!isAdmin(id)) return; work(); }', false],
    ['bot.on("m", (msg) => { switch (msg.text) { case "x": if (!isAdmin(msg.from.id)) return; work(); } });', true],
    ['router.post("/x", auth, requireAdmin(), async (req, res) => { await work(); });', true],
    ['router.post("/x", auth, async (req, res) => { await work(); });', false],
    ['const f = async (chatId) => { if (chatId === OWNER_ID) { bot.once("document", async () => { await work(); }); } };', true],
    ['work();', false],
    // A helper of the module that only admin-gated code calls (a role read into a variable).
    ['async function approve(id) { await work(); }\nbot.on("callback_query", async (q) => { const role = await getRole(q.from.id); if (role !== "admin") return; await approve(1); });', true],
    ['async function approve(id) { await work(); }\nbot.on("callback_query", async (q) => { if (q.data === "a") { if (!isAdmin(q.from.id)) return; await approve(1); } else { await approve(2); } });', false],
    ['export async function approve(id) { await work(); }\nbot.on("callback_query", async (q) => { if (!isAdmin(q.from.id)) return; await approve(1); });', false],
    ['async function approve(id) { await work(); }\nmodule.exports = { approve, other: x.approve, approve2: approve };', false],
    ['async function approve(id) { await work(); }\nconst o = { approve: 1 }; o.approve();', false],
    ['async function approve(id) { await work(); }\nbot.on("callback_query", async (q) => { if (!isAdmin(q.from.id)) return; await approve(1); });\nconst o = { approve: 1 }; o.approve;', true],
    // Another binding of the same name (a local, a parameter) is not the helper: its uses say nothing about who calls the helper.
    ['async function approve(id) { await work(); }\nbot.on("callback_query", async (q) => { if (!isAdmin(q.from.id)) return; await approve(1); });\nbot.on("message", (m) => { const approve = m.handler; approve(); });', true],
    ['async function approve(id) { await work(); }\nbot.on("callback_query", async (q) => { if (!isAdmin(q.from.id)) return; await approve(1); });\nfunction pick(approve) { return approve; }', true],
    ['async function approve(id) { await work(); }\nbot.on("callback_query", async (q) => { if (!isAdmin(q.from.id)) return; await approve(1); });\nbot.on("message", () => approve(2));', false],
    // A grammY composer filtered to the operator's chat or id: everything registered on it (or after the predicate) is admin-only.
    ['import { Composer } from "grammy";\nconst composer = new Composer();\nconst feature = composer.filter((ctx) => { return Number(ctx.chat?.id) === config.ADMINS_CHAT_ID && !!ctx.message?.text; });\nfeature.on("message:text", log("x"), async (ctx) => { await work(); });', true],
    ['import { Composer } from "grammy";\nconst composer = new Composer();\nconst feature = composer.filter((ctx) => ctx.chat?.id === config.GROUP_CHAT_ID);\nfeature.on("message:text", async (ctx) => { await work(); });', false],
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.filter((ctx) => ADMIN_IDS.includes(ctx.from?.id)).command("x", async (ctx) => { await work(); });', true],
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.filter((ctx) => ctx.from?.id === ADMIN_ID, async (ctx) => { await work(); });', true],
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.drop((ctx) => ctx.from?.id !== ADMIN_ID, async (ctx) => { await work(); });', true],
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.filter((ctx) => ctx.from?.id !== ADMIN_ID, async (ctx) => { await work(); });', false],
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.filter((ctx) => { log(ctx); return ctx.from?.id === ADMIN_ID; }).on("message", async (ctx) => { await work(); });', true],
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.filter(isAdmin).on("message", async (ctx) => { await work(); });', true],
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.filter(hasText).on("message", async (ctx) => { await work(); });', false],
    // Telegraf's `filter` returns the composer itself: what is chained after it is not filtered.
    ['import { Telegraf } from "telegraf";\nconst bot = new Telegraf("t");\nbot.filter((ctx) => ctx.from?.id === ADMIN_ID).command("x", async (ctx) => { await work(); });', false],
    // An array filtered to the admins is not a composer: its callbacks serve whoever sent the update.
    ['import { Bot } from "grammy";\nconst bot = new Bot("t");\nbot.on("message", async (ctx) => { users.filter((u) => u.id === ADMIN_ID).forEach(async (u) => { await work(); }); });', false],
  ])('%s → %s', (code, expected) => {
    const sourceCode = sourceCodeOf(code);
    expect(onlyAdminRuns(work(sourceCode), sourceCode)).toBe(expected);
  });
});

describe('onlyAdminRuns: a handler exported to the file that registers it', () => {
  const handler = 'async function handle(ctx) { await work(); }\nmodule.exports = { handle };\n';
  /** `onlyAdminRuns` for `work()` in `handlers.js`, registered by `bot.js` as `registering` writes it. */
  const adminOnly = (name: string, registering: string, filename = true): boolean => {
    // A project per case: a file that names `handle` without importing it would leave its uses unseen.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4.16.0' } }));
    const file = path.join(dir, `${name}.js`);
    fs.writeFileSync(file, handler);
    fs.writeFileSync(path.join(dir, `${name}-bot.js`), `const { Telegraf } = require('telegraf');\nconst { handle } = require('./${name}');\nconst bot = new Telegraf('t');\n${registering}\n`);
    const sourceCode = sourceCodeOf(handler);
    return onlyAdminRuns(work(sourceCode), sourceCode, filename ? file : undefined);
  };

  it.each([
    ['behind', "bot.command('x', adminMiddleware, handle);", true],
    ['called', "bot.command('x', adminMiddleware, handle);\nbot.on('message', (ctx) => { if (ctx.from.id !== ADMIN_ID) return; return handle(ctx); });", true],
    // Twins: a middleware that is no admin check, one registration without it, a call from any user, a value passed on.
    ['auth', "bot.command('x', authMiddleware, handle);", false],
    ['twice', "bot.command('x', adminMiddleware, handle);\nbot.command('y', handle);", false],
    ['direct', "bot.command('x', adminMiddleware, handle);\nbot.on('message', (ctx) => handle(ctx));", false],
    ['passed', "bot.command('x', adminMiddleware, handle);\nregister(handle);", false],
  ])('%s: %s → %s', (name, registering, expected) => {
    expect(adminOnly(name, registering)).toBe(expected);
  });

  it('needs the file name to find the registering file', () => {
    expect(adminOnly('unnamed', "bot.command('x', adminMiddleware, handle);", false)).toBe(false);
  });
});
