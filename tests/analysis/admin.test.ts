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
    // The id converted to text by a template (`convertedToText`) is the same id; text around it is not.
    ['if (`${chatId}` != ADMIN_ID) {}', false, true],
    ['if (`chat:${chatId}` != ADMIN_ID) {}', false, false],
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
    // A request value equal to the operator's secret (round 22): only the operator knows it.
    ['if (token !== process.env.ADMIN_PANEL_PASSWORD) {}', false, true],
    ["if (req.headers['x-key'] === config.admin.secret) {}", true, true],
    ["if (!token || token !== Buffer.from('admin:' + (process.env.ADMIN_PASSWORD || 'x')).toString('base64')) {}", false, true],
    ['if (token !== process.env.ADMIN_PANEL_PASSWORD) {}', true, false],
    ['if (token !== process.env.API_TOKEN) {}', false, false],
    ['if (token !== process.env.ADMIN_CHAT) {}', false, false],
    ['if (token !== process.env.ADMINPASSWORD) {}', false, true],
    ['if (token !== config.adminApiKey) {}', false, true],
    ['if (mode !== config.adminBypass) {}', false, false],
    ['if (row.key !== ADMIN_KEY) {}', false, false],
    ["if (req.headers['x-admin-token'] === undefined) {}", false, false],
    ["if (req.headers['x-admin-token'] !== process.env.ADMIN_TOKEN) {}", false, true],
    // A user's type compared with the admin's (round 23, akbrzda/foodminiapp: staff are `type: 'admin'`, customers another type).
    ["if (req.user?.type !== 'admin') {}", false, true],
    ["if (user.type === 'admin') {}", true, true],
    ["if (req.user.type === 'customer') {}", true, false],
    ["if (req.user.type === 'admin') {}", false, false],
    ["if (message.type === 'admin') {}", true, false],
    ["if (req.body.type === 'admin') {}", true, false],
    ["if (req.user?.role !== 'admin') {}", false, true],
    // The sender's Discord member holds an operator's role, named so (round 23, flacoV/Advanced-Casino-Bot).
    ['if (!interaction.member.roles.cache.has(managerRole) && !interaction.member.roles.cache.has(ceoNotifyRole)) {}', false, true],
    ['if (message.member.roles.cache.has(config.roles.admin)) {}', true, true],
    ['if (msg.member?.roles.cache.has(process.env.ADMIN_ROLE_ID)) {}', true, true],
    ['if (interaction.member.roles.has(OWNER_ROLE)) {}', true, true],
    ['if (!interaction.member.roles.cache.has(managerRole) && !interaction.member.roles.cache.has(verifiedRole)) {}', false, false],
    ['if (interaction.member.roles.cache.has(verifiedRole)) {}', true, false],
    ["if (interaction.member.roles.cache.has('1187236420154916954')) {}", true, false],
    ['if (interaction.member.roles.cache.has(managerRole)) {}', false, false],
    // Another member than the sender's (a target, a message's author), or a collection that is no member's roles.
    ['if (target.roles.cache.has(adminRole)) {}', true, false],
    ['if (reaction.message.member.roles.cache.has(adminRole)) {}', true, false],
    ['if (interaction.member.permissions.has(managerRole)) {}', true, false],
    ['if (cache.has(adminRole)) {}', true, false],
    // The sender is an administrator of the server (session 28): Discord's Administrator bit, not a moderator's permission.
    ['if (!interaction.member.permissions.has(PermissionFlagsBits.Administrator)) {}', false, true],
    ['if (interaction.memberPermissions?.has(PermissionsBitField.Flags.Administrator)) {}', true, true],
    ["if (!message.member.permissions.has('Administrator')) {}", false, true],
    ['if (!interaction.member.permissions.has(PermissionFlagsBits.ManageMessages)) {}', false, false],
    ['if (!interaction.member.permissions.has(PermissionFlagsBits.ManageGuild)) {}', false, false],
    ['if (!target.permissions.has(PermissionFlagsBits.Administrator)) {}', false, false],
    ['if (interaction.member.permissions.has(PermissionFlagsBits.Administrator)) {}', false, false],
    // The sender compared with a Telegram user id written out (session 29, RitAsu13/BettingBotBeta): the developer's own account.
    ["if (msg.from.id != '1130854062') {}", false, true],
    ['if (ctx.from.id === 1130854062) {}', true, true],
    ["if (String(msg.from.id) === '5012345678') {}", true, true],
    ["if (msg.from.id.toString() == '1130854062' && text == '/x') {}", true, true],
    ["if (`${msg.from.id}` === '1130854062') {}", true, true],
    ["if (`${msg.reply_to_message.from.id}` === '1130854062') {}", true, false],
    ['if (ctx.chat.id === 1130854062) {}', true, true],
    ['if (ctx.from.id === 1130854062) {}', false, false],
    ['if (ctx.from.id !== 1130854062) {}', true, false],
    // Not the sender's id, a short number, a negative (group) id, Telegram's own accounts, typed text.
    ["if (msg.reply_to_message.from.id == '1130854062') {}", true, false],
    ["if (msg.forward_from.id == '1130854062') {}", true, false],
    ['if (ctx.from.id === 42) {}', true, false],
    ['if (ctx.chat.id === -1001234567890) {}', true, false],
    ['if (ctx.from.id === 777000) {}', true, false],
    ['if (ctx.from.id === 1087968824) {}', true, false],
    ["if (ctx.message.text === '1130854062') {}", true, false],
    ["if (userid != '1130854062') {}", false, false],
  ])('%s (truthy: %s) → %s', (code, truthy, expected) => {
    expect(adminTest(testOf(code), truthy)).toBe(expected);
  });

  it('follows the sender into a variable that keeps its first value, through the context it is given', () => {
    const code = "var userid = msg.from.id.toString();\nif (userid != '1130854062') {}";
    const test = testOf(code);
    const declared = (sourceCodeOf(code).ast.body[0] as TSESTree.VariableDeclaration).declarations[0].init;
    expect(adminTest(test, false, { keptInit: () => declared })).toBe(true);
    expect(adminTest(test, false, { keptInit: () => null })).toBe(false);
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
    // An Express router's top-level `use` of an operator gate: every route registered after it (round 22).
    ['import express from "express";\nconst router = express.Router();\nrouter.use(requireAdmin);\nrouter.post("/x", async (req, res) => { await work(); });', true],
    ['import express from "express";\nconst router = express.Router();\nrouter.post("/x", async (req, res) => { await work(); });\nrouter.use(requireAdmin);', false],
    ['const router = require("express").Router();\nfunction gate(req, res, next) { if (req.headers.token !== process.env.ADMIN_TOKEN) return res.sendStatus(401); next(); }\nrouter.use(gate);\nrouter.get("/x", async (req, res) => { await work(); });', true],
    ['const router = require("express").Router();\nfunction gate(req, res, next) { if (req.headers.token !== process.env.API_TOKEN) return res.sendStatus(401); next(); }\nrouter.use(gate);\nrouter.get("/x", async (req, res) => { await work(); });', false],
    ['const router = require("express").Router();\nfunction adminLog(req, res, next) { console.log(req.url); next(); }\nrouter.use(adminLog);\nrouter.get("/x", async (req, res) => { await work(); });', false],
    ['const router = require("express").Router();\nconst adminRouter = require("express").Router();\nrouter.use(adminRouter);\nrouter.get("/x", async (req, res) => { await work(); });', false],
    ['const router = makeRouter();\nrouter.use(requireAdmin);\nrouter.get("/x", async (req, res) => { await work(); });', false],
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

describe('onlyAdminRuns: operator-only paths across files (session 22, status claims of operator buttons)', () => {
  /** A project of `files` (name → text): `onlyAdminRuns` for `work()` in `target`, parsed from disk. */
  const adminOnly = (files: Record<string, string>, target: string): boolean => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-paths-'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const file = path.join(dir, target);
    const sourceCode = sourceCodeOf(fs.readFileSync(file, 'utf8'));
    return onlyAdminRuns(work(sourceCode), sourceCode, file);
  };
  const telegraf = JSON.stringify({ dependencies: { telegraf: '^4.16.0' } });

  // A CommonJS module of handlers (`module.exports = { complete }`) loaded inside a handler (`const orders = require('./orders')`).
  const orders = "const complete = async (ctx, id) => { await work(); };\nconst show = async (ctx, id) => {};\nmodule.exports = { complete, show };\n";
  const routes = (middleware: string) =>
    `const { Telegraf } = require('telegraf');\nconst bot = new Telegraf('t');\nbot.action(/^done:(.+)$/, ${middleware}async (ctx) => { const orders = require('./orders'); await orders.complete(ctx, ctx.match[1]); });\nbot.action(/^show:(.+)$/, async (ctx) => { const orders = require('./orders'); await orders.show(ctx, ctx.match[1]); });\n`;
  it.each([
    ['behind an admin middleware', 'adminMiddleware, ', true],
    ['for any user', '', false],
  ])('a module object required in a handler, its property called %s → %s', (_, middleware, expected) => {
    expect(adminOnly({ 'package.json': telegraf, 'orders.js': orders, 'routes.js': routes(middleware) }, 'orders.js')).toBe(expected);
  });

  // `exports.reject = async (req, res) => …` passed to a route as `controller.reject`.
  const controller = 'exports.reject = async (req, res) => { await work(); };\nexports.list = async (req, res) => {};\n';
  const router = (guard: string) =>
    `const express = require('express');\nconst router = express.Router();\nconst controller = require('./controller');\nrouter.get('/list', controller.list);\nrouter.post('/reject/:id', ${guard}controller.reject);\nmodule.exports = router;\n`;
  it.each([
    ['behind verifyAdmin', 'verifyAdmin, ', true],
    ['behind a token check only', 'verifyToken, ', false],
  ])('an exported property passed to a route %s → %s', (_, guard, expected) => {
    expect(adminOnly({ 'package.json': JSON.stringify({ dependencies: { express: '^4', telegraf: '^4' } }), 'controller.js': controller, 'router.js': router(guard) }, 'controller.js')).toBe(expected);
  });

  // Fastify: the route's options run a role check first; a dashboard's API client exports a function of the same name.
  const fastifyProject = (options: string): Record<string, string> => ({
    'package.json': JSON.stringify({ dependencies: { fastify: '^4', grammy: '^1' } }),
    'src/economy.service.ts': 'export async function rejectWithdrawal(id: number) { await work(); }\n',
    'src/economy.routes.ts': `import type { FastifyInstance } from 'fastify';\nimport { requireRole } from './auth';\nimport { rejectWithdrawal } from './economy.service';\nexport default async function routes(fastify: FastifyInstance) {\n  fastify.put('/api/admin/withdrawals/:id/reject', ${options}async (request) => rejectWithdrawal(Number(request.params.id)));\n}\n`,
    'panel/src/api.ts': 'export const rejectWithdrawal = (id: number) => fetch(`/api/admin/withdrawals/${id}/reject`);\n',
    'panel/src/page.ts': "import { rejectWithdrawal } from './api';\nexport const onReject = (id: number) => rejectWithdrawal(id);\n",
  });
  it.each([
    ["{ preHandler: [requireRole('ADMIN')] }, ", true],
    ['{ onRequest: fastify.authenticateAdmin }, ', true],
    ["{ preHandler: [requireRole('USER', 'ADMIN')] }, ", false],
    ['', false],
  ])('a Fastify route with options %s → %s', (options, expected) => {
    expect(adminOnly(fastifyProject(options), 'src/economy.service.ts')).toBe(expected);
  });

  // grammY: a composer of its own file, mounted in another behind `composer.filter(isAdmin)`.
  const composerProject = (mounts: string): Record<string, string> => ({
    'package.json': JSON.stringify({ dependencies: { grammy: '^1' } }),
    'premium.ts': "import { Composer } from 'grammy';\nexport const premium = new Composer();\npremium.callbackQuery(/^approve:(\\d+)$/, async (ctx) => { await work(); });\n",
    'admin.ts': `import { Composer } from 'grammy';\nimport { premium } from './premium';\nexport const adminHandler = new Composer();\nconst admin = adminHandler.filter((ctx) => isAdmin(ctx.from?.id));\n${mounts}\n`,
  });
  it.each([
    ['admin.use(premium);', true],
    ['admin.use(premium);\nadminHandler.use(premium);', false],
    ['adminHandler.use(premium);', false],
  ])('a composer mounted by %s → %s', (mounts, expected) => {
    expect(adminOnly(composerProject(mounts), 'premium.ts')).toBe(expected);
  });

  // A composer named for the admins, mounted on the bot, gates nothing: it passes on each update it does not handle.
  it.each([
    ["import { Bot } from 'grammy';\nimport { adminHandler } from './admin';\nconst bot = new Bot('t');\nbot.use(adminHandler);\nbot.command('ask', async (ctx) => { await work(); });\n", false],
    ["import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.use(adminOnly);\nbot.command('ask', async (ctx) => { await work(); });\n", true],
  ])('a registration after bot.use(…): %s → %s', (code, expected) => {
    expect(adminOnly({ ...composerProject('admin.use(premium);'), 'bot.ts': code }, 'bot.ts')).toBe(expected);
  });

  // NestJS: a guard on the controller or the method; a service method called from it through a `baseUrl` import.
  const APPROVE = 'return this.wallet.approve(Number(id));';
  const nestProject = (decorators: string, from = 'src/wallet/wallet.service', body = APPROVE): Record<string, string> => ({
    'package.json': JSON.stringify({ dependencies: { '@nestjs/common': '^10', 'nestjs-telegraf': '^2', telegraf: '^4' } }),
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './' } }),
    'src/wallet/wallet.service.ts': "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class WalletService {\n  async approve(id: number) { await work(); }\n}\n",
    'src/wallet/wallet.module.ts': "import { Module } from '@nestjs/common';\nimport { WalletService } from './wallet.service';\n@Module({ providers: [WalletService], exports: [WalletService] })\nexport class WalletModule {}\n",
    'src/admin/admin.controller.ts': `import { Controller, Post, Param, UseGuards } from '@nestjs/common';\nimport { WalletService } from '${from}';\n${decorators}\nexport class AdminController {\n  constructor(private readonly wallet: WalletService) {}\n  @Post('approve/:id')\n  approve(@Param('id') id: string, @Req() req) { ${body} }\n}\n`,
  });
  it.each([
    ["@UseGuards(AdminGuard)\n@Controller('admin')", true],
    ["@UseGuards(JwtAuthGuard, RolesGuard)\n@Roles('admin')\n@Controller('admin')", true],
    ["@UseGuards(JwtAuthGuard)\n@Controller('admin')", false],
    ["@Controller('admin')", false],
  ])('a service method called from a controller with %s → %s', (decorators, expected) => {
    expect(adminOnly(nestProject(decorators), 'src/wallet/wallet.service.ts')).toBe(expected);
  });

  it.each([
    // The guard alone, through a relative import.
    ["@UseGuards(AdminGuard)\n@Controller('admin')", '../wallet/wallet.service', APPROVE, true],
    // The `baseUrl` import alone, the caller behind an admin test of its own.
    ["@Controller('admin')", 'src/wallet/wallet.service', `if (!req.user.isAdmin) throw new Error('403'); ${APPROVE}`, true],
    ["@Controller('admin')", 'src/wallet/wallet.service', `if (!req.user) throw new Error('401'); ${APPROVE}`, false],
  ])('a service method called from %s importing %s: %s → %s', (decorators, from, body, expected) => {
    expect(adminOnly(nestProject(decorators, from, body), 'src/wallet/wallet.service.ts')).toBe(expected);
  });
});

describe('onlyAdminRuns: Telegraf scenes that enter each other (session 29, cinomus/tg-shop)', () => {
  const project = (extra: Record<string, string>): boolean => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-scenes-'));
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ dependencies: { telegraf: '^4.16.0' } }),
      'scenes/panel.js': "const { Scenes } = require('telegraf');\nconst panel = new Scenes.BaseScene('ADMIN_PANEL');\npanel.hears('Add', async (ctx) => { await ctx.scene.enter('ADD_PRODUCT'); });\npanel.hears('Back', async (ctx) => { await ctx.scene.enter('ADMIN_PANEL'); });\nmodule.exports = panel;\n",
      'scenes/add.js': "const { Scenes } = require('telegraf');\nconst add = new Scenes.WizardScene('ADD_PRODUCT',\n  async (ctx) => { await ctx.reply('Title?'); return ctx.wizard.next(); },\n  async (ctx) => { await work(); return ctx.scene.enter('ADMIN_PANEL'); },\n);\nmodule.exports = add;\n",
      'app.js': "const { Telegraf, Scenes, session } = require('telegraf');\nconst bot = new Telegraf('t');\nconst stage = new Scenes.Stage([require('./scenes/panel'), require('./scenes/add')]);\nbot.use(session());\nbot.use(stage.middleware());\nbot.start(async (ctx) => {\n  const admin = await adminOrNot(ctx);\n  if (admin) await ctx.scene.enter('ADMIN_PANEL');\n});\nbot.launch();\n",
      ...extra,
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const file = path.join(dir, 'scenes/add.js');
    const sourceCode = sourceCodeOf(fs.readFileSync(file, 'utf8'));
    return onlyAdminRuns(work(sourceCode), sourceCode, file);
  };

  it('a wizard entered only from an admin panel, which the wizard and the panel enter again', () => {
    expect(project({})).toBe(true);
  });

  it.each([
    ['the panel entered by an open command', { 'menu.js': "module.exports = (bot) => bot.command('panel', (ctx) => ctx.scene.enter('ADMIN_PANEL'));\n" }],
    ['the wizard entered from a scene users enter', { 'scenes/main.js': "const { Scenes } = require('telegraf');\nconst main = new Scenes.BaseScene('MAIN');\nmain.hears('Sell', (ctx) => ctx.scene.enter('ADD_PRODUCT'));\nmodule.exports = main;\n", 'menu.js': "module.exports = (bot) => bot.start((ctx) => ctx.scene.enter('MAIN'));\n" }],
    ['a scene entered by an id the code does not read', { 'menu.js': 'module.exports = (bot) => bot.action(/go:(.+)/, (ctx) => ctx.scene.enter(ctx.match[1]));\n' }],
  ])('%s → false', (_, extra) => {
    expect(project(extra)).toBe(false);
  });
});

describe('onlyAdminRuns: a Discord command only administrators may use (session 28)', () => {
  /** A discord.js command module (`commands/admin.js`) in a project whose deploy script is `deploy`; `onlyAdminRuns` for `work()` in it. */
  const adminOnly = (command: string, deploy = 'rest.put(Routes.applicationGuildCommands(clientId, guildId), { body: commands });'): boolean => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-discord-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { 'discord.js': '^14' } }));
    fs.writeFileSync(path.join(dir, 'deploy-commands.js'), `const { REST, Routes } = require('discord.js');\nconst rest = new REST();\n${deploy}\n`);
    fs.mkdirSync(path.join(dir, 'commands'));
    const file = path.join(dir, 'commands', 'admin.js');
    fs.writeFileSync(file, command);
    const sourceCode = sourceCodeOf(command);
    return onlyAdminRuns(work(sourceCode), sourceCode, file);
  };
  const module = (permission: string, extra = '', execute = 'async execute(interaction) {\n    await work();\n  },') =>
    `const { SlashCommandBuilder, PermissionFlagsBits } = require('discord.js');\nmodule.exports = {\n  data: new SlashCommandBuilder()\n    .setName('admin')\n    .setDefaultMemberPermissions(${permission})${extra}\n    .addSubcommand((s) => s.setName('subtract')),\n  ${execute}\n};\n`;

  it.each([
    // Round 27, Cyrussw/discord-economy-bot-v14 no-unguarded-decrement#5: guild commands, Administrator.
    ['PermissionFlagsBits.Administrator', '', true],
    ['PermissionsBitField.Flags.Administrator', '', true],
    ["'8'", '', true],
    ['8n', '', true],
    // Discord's "0": nobody but an administrator.
    ["'0'", '', true],
    ['0', '', true],
    // A moderator's permission: every moderator a server appoints holds it.
    ['PermissionFlagsBits.ManageMessages', '', false],
    ['PermissionFlagsBits.ManageGuild', '', false],
    ['PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageMessages', '', false],
    ["'32'", '', false],
  ])('setDefaultMemberPermissions(%s)%s → %s', (permission, extra, expected) => {
    expect(adminOnly(module(permission, extra))).toBe(expected);
  });

  it.each([
    // Global commands reach DMs, where no member's permission is checked, unless the builder keeps them out.
    ['', false],
    ['\n    .setDMPermission(false)', true],
    ['\n    .setContexts(InteractionContextType.Guild)', true],
    ['\n    .setContexts([InteractionContextType.Guild, InteractionContextType.BotDM])', false],
  ])('a global command%s → %s', (extra, expected) => {
    expect(adminOnly(module('PermissionFlagsBits.Administrator', extra), 'rest.put(Routes.applicationCommands(clientId), { body: commands });')).toBe(expected);
  });

  it('an execute arrow, an ES module, and the twins: a command without permissions, a function that is not execute', () => {
    expect(adminOnly(module('PermissionFlagsBits.Administrator', '', 'execute: async (interaction) => {\n    await work();\n  },'))).toBe(true);
    expect(adminOnly("import { SlashCommandBuilder, PermissionFlagsBits } from 'discord.js';\nexport const data = new SlashCommandBuilder().setName('admin').setDefaultMemberPermissions(PermissionFlagsBits.Administrator);\nexport async function execute(interaction) {\n  await work();\n}\n")).toBe(true);
    expect(adminOnly("const { SlashCommandBuilder } = require('discord.js');\nmodule.exports = {\n  data: new SlashCommandBuilder().setName('donate'),\n  async execute(interaction) {\n    await work();\n  },\n};\n")).toBe(false);
    expect(adminOnly(module('PermissionFlagsBits.Administrator', '', 'async autocomplete(interaction) {\n    await work();\n  },'))).toBe(false);
  });
});
