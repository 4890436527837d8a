import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';

/**
 * Status claims in document and ORM stores (issue 16 recall, session 22): a payment, order or
 * session is read, its status or flag is tested in code, the status is written by its key alone,
 * and the check gates another write a second run repeats (a credit). Two deliveries of one webhook
 * both pass the check and both credit. Each valid case is the fixed or harmless twin of an invalid one.
 */
const mongoose = (options = '') =>
  `import mongoose from 'mongoose';\nconst Payment = mongoose.model('Payment', new mongoose.Schema({ status: String, amount: Number, userId: String }${options ? `, ${options}` : ''}));\nconst User = mongoose.model('User', new mongoose.Schema({ balance: Number }));\n`;
const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";

/** Mongoose: the payment read, its status tested, the status saved, then `after`. */
const confirmBySave = (after: string, options = '') => `${mongoose(options)}async function confirm(id) {
  const payment = await Payment.findById(id);
  if (!payment || payment.status === 'paid') return;
  payment.status = 'paid';
  await payment.save();
  ${after}
}`;
const CREDIT = 'await User.updateOne({ _id: payment.userId }, { $inc: { balance: payment.amount } });';

/** Mongoose: the status written by an update whose filter is `filter`, then a credit. */
const confirmByUpdate = (filter: string, guard = '') => `${mongoose()}async function webhook(billId) {
  const payment = await Payment.findOne({ billId });
  if (payment.status === 'SUCCESS') return;
  const claimed = await Payment.findOneAndUpdate(${filter}, { status: 'SUCCESS' });
  ${guard}
  await payOut(payment.userId, payment.amount);
}`;

/** Prisma: the order read, its status tested, the status and a bonus written in one batch `$transaction`. */
const confirmOrder = (where: string) => `${prisma}async function paid(id) {
  const order = await prisma.order.findUnique({ where: { id } });
  if (order.status === 'paid') return;
  await prisma.$transaction([
    prisma.order.update({ where: ${where}, data: { status: 'paid' } }),
    prisma.user.update({ where: { id: order.userId }, data: { bonus: { increment: order.bonus } } }),
  ]);
}`;

/** Mongoose: the user's stage read, `before` run, the stage tested and reset, then a credit. */
const stageReset = (before: string) => `${mongoose()}async function play(id) {
  const user = await User.findById(id);
  ${before}
  if (user.stage < 3) return;
  user.stage = 0;
  await user.save();
  await Payment.updateOne({ _id: id }, { $inc: { amount: 5 } });
}`;

/**
 * Mongoose: the payment read, its status compared in an \`if\` that \`check\` closes, a credit, then the
 * status closed by key. With \`check\` leaving (\`return;\`) the credit runs only when the check passes.
 */
const creditAfterCheck = (check: string) => `${mongoose()}async function settle(id, last) {
  const payment = await Payment.findById(id);
  if (payment.status === last) {
    ${check}
  }
  await User.updateOne({ _id: payment.userId }, { $inc: { balance: 5 } });
  await Payment.updateOne({ _id: id }, { status: 'closed' });
}`;

ruleTester.run('require-for-update (status claims: MongoDB, Prisma)', rule, {
  valid: [
    // The check gates only a chat message or a log line: a second run repeats nothing that costs.
    confirmBySave("await bot.telegram.sendMessage(payment.userId, 'Paid');"),
    confirmBySave("console.log('paid', payment.id);"),
    // Every save filters on the version key (optimisticConcurrency): the second save rejects.
    confirmBySave(CREDIT, '{ optimisticConcurrency: true }'),
    // The update carries the checked status in its filter, and its result is tested.
    confirmByUpdate("{ billId, status: { $ne: 'SUCCESS' } }", 'if (!claimed) return;'),
    // Prisma: the write pins the status (update throws, updateMany counts 0 for the second run).
    confirmOrder("{ id, status: 'pending' }"),
    `${prisma}async function paid(id) {
  const order = await prisma.order.findUnique({ where: { id } });
  if (order.status !== 'pending') return;
  const { count } = await prisma.order.updateMany({ where: { id, status: 'pending' }, data: { status: 'paid' } });
  if (count !== 1) return;
  await prisma.user.update({ where: { id: order.userId }, data: { bonus: { increment: order.bonus } } });
}`,
    // A status written from the read (no state value of its own), and a check of another field.
    `${mongoose()}async function confirm(id) {
  const payment = await Payment.findById(id);
  if (payment.status === 'paid') return;
  payment.status = payment.nextStatus;
  await payment.save();
  ${CREDIT}
}`,
    // Inside a session transaction, read and written under it: MongoDB aborts one of two conflicting transactions.
    `${mongoose()}async function confirm(id) {
  await session.withTransaction(async () => {
    const payment = await Payment.findById(id).session(session);
    if (payment.status === 'paid') return;
    payment.status = 'paid';
    await payment.save({ session });
    await User.updateOne({ _id: payment.userId }, { $inc: { balance: payment.amount } }, { session });
  });
}`,
    // The other write only sets states (two runs leave what one leaves), also a read spread back whole.
    confirmBySave("await User.updateOne({ _id: payment.userId }, { chatStatus: 'idle', partner: null });"),
    confirmBySave("await User.findByIdAndUpdate(payment.userId, { ...payment, $set: { stage: 'done' } });"),
    // The check gates no money: a counter of the user's chats and a created row.
    confirmBySave("await User.updateOne({ _id: payment.userId }, { $inc: { chatCount: 1 } }); await Receipt.create({ payment: id });"),
    // The money write only sets a constant (a reset): two runs leave what one leaves.
    confirmBySave("await User.updateOne({ _id: payment.userId }, { balance: 0, status: 'closed' });"),
    // The test is of a value the code changed first (a streak counted up, then reset): no state as read.
    stageReset('user.stage += 1;'),
    // The status test opens a branch that only logs; the credit after it runs whatever the status was,
    // so a second run credits one after the other as well (round 23, Discord-Casino-Bot checkIfCompletedAll.js:60).
    creditAfterCheck("console.log('same status');"),
    // The status written only in a branch an admin flag of the read opens: the operator's own step.
    `${mongoose()}async function addCategory(chatId, title) {
  const user = await User.findOne({ chatId });
  if (user.isAdmin && user.step === 'add_category') {
    await User.updateOne({ _id: user.referrer }, { $inc: { balance: 5 } });
    await User.updateOne({ _id: user._id }, { step: 'menu' });
  }
}`,
    // The credit sits in a branch exclusive with the status write.
    `${mongoose()}async function confirm(id, ok) {
  const payment = await Payment.findById(id);
  if (payment.status === 'paid') return;
  if (ok) {
    payment.status = 'paid';
    await payment.save();
  } else {
    ${CREDIT}
  }
}`,
  ],
  invalid: [
    // Mongoose: the status saved by key, then a credit.
    { code: confirmBySave(CREDIT), errors: [{ messageId: 'claimMongo', line: 5, data: { field: 'status', table: '', line: '8', scope: '' } }] },
    // … the credit an awaited call of the project's (a payout).
    { code: confirmBySave('await payOut(payment.userId, payment.amount);'), errors: [{ messageId: 'claimMongo', line: 5 }] },
    // Mongoose: `findOneAndUpdate` by key alone, its result ignored.
    { code: confirmByUpdate('{ billId }'), errors: [{ messageId: 'claimMongo', line: 5, data: { field: 'status', table: '', line: '7', scope: '' } }] },
    // … a filter that pins another field claims nothing, even with the result tested.
    { code: confirmByUpdate("{ billId, userId: 'x' }", 'if (!claimed) return;'), errors: [{ messageId: 'claimMongo', line: 5 }] },
    // The read picked by its status (`status: 'waiting'`), found, then saved `paid` with another document credited, neither awaited.
    {
      code: `${mongoose()}async function hook(body) {
  const payment = await Payment.findOne({ paymentId: body.id, status: 'waiting' });
  if (!payment) throw new Error('not found');
  const user = await User.findOne({ tg: payment.userId });
  payment.status = 'paid';
  user.balance += payment.amount;
  payment.save().catch(() => null);
  user.save().catch(() => null);
}`,
      errors: [{ messageId: 'claimMongo', line: 5, data: { field: 'status', table: '', line: '10', scope: '' } }],
    },
    // The stage as read tested, reset, and a credit.
    // … the same test leaving early: the credit runs only when the status passed it.
    { code: creditAfterCheck('return;'), errors: [{ messageId: 'claimMongo', line: 5, data: { field: 'status', table: '', line: '10', scope: '' } }] },
    { code: stageReset(''), errors: [{ messageId: 'claimMongo', line: 5, data: { field: 'stage', table: '', line: '9', scope: '' } }] },
    // The same step of any user: not the operator's.
    {
      code: `${mongoose()}async function addCategory(chatId, title) {
  const user = await User.findOne({ chatId });
  if (user.step === 'add_category') {
    await User.updateOne({ _id: user.referrer }, { $inc: { balance: 5 } });
    await User.updateOne({ _id: user._id }, { step: 'menu' });
  }
}`,
      errors: [{ messageId: 'claimMongo', line: 5, data: { field: 'step', table: '', line: '8', scope: '' } }],
    },
    // Prisma: a batch `$transaction` of the status write by id and a bonus credit.
    { code: confirmOrder('{ id }'), errors: [{ messageId: 'claimPrisma', line: 4, data: { field: 'status', table: 'order', line: '7', scope: '' } }] },
    // Prisma: an interactive `$transaction`, a status from a local set only to literals.
    {
      code: `${prisma}async function end(id, score) {
  const game = await prisma.gameSession.findUnique({ where: { id } });
  if (game.status !== 'ACTIVE') return;
  let finalStatus = 'COMPLETED';
  if (score > 100) finalStatus = 'FAILED';
  await prisma.$transaction(async (tx) => {
    await tx.gameSession.update({ where: { id }, data: { status: finalStatus } });
    await tx.user.update({ where: { id: game.userId }, data: { coins: { increment: score } } });
  });
}`,
      errors: [{ messageId: 'claimPrisma', line: 4 }],
    },
  ],
});

/**
 * Operator buttons (session 22): an admin approves or rejects a payment, a withdrawal, an order. Two
 * clicks of one operator are no race between users: the claim is not reported where the admin model
 * proves the path operator-only — a grammY composer mounted only behind `filter(isAdmin)`, a CommonJS
 * module of handlers called from routes behind an admin middleware, a Fastify route whose options
 * check an operator role. The same code any user reaches stays reported.
 */
const operatorProject = fs.mkdtempSync(path.join(os.tmpdir(), 'claims-operator-'));
fs.writeFileSync(path.join(operatorProject, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', telegraf: '^4', fastify: '^4', '@prisma/client': '^6', mongoose: '^8' } }));
const approveButton = (composer: string) => `import { Composer } from 'grammy';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export const ${composer} = new Composer();
${composer}.callbackQuery(/^approve:(\\d+)$/, async (ctx) => {
  const p = await prisma.payment.findUnique({ where: { id: Number(ctx.match[1]) } });
  if (!p || p.status !== 'pending') return;
  await prisma.user.update({ where: { id: p.userId }, data: { balance: { increment: p.amount } } });
  await prisma.payment.update({ where: { id: p.id }, data: { status: 'approved' } });
});
`;
const operatorFile = (name: string, text: string): string => {
  const file = path.join(operatorProject, name);
  fs.writeFileSync(file, text);
  return file;
};
const premiumAdmin = operatorFile('premium-admin.ts', approveButton('premiumAdmin'));
const premiumOpen = operatorFile('premium-open.ts', approveButton('premiumOpen'));
operatorFile(
  'admin.ts',
  "import { Bot, Composer } from 'grammy';\nimport { premiumAdmin } from './premium-admin';\nimport { premiumOpen } from './premium-open';\nconst bot = new Bot('t');\nconst admin = bot.filter((ctx) => ADMIN_IDS.includes(ctx.from?.id));\nadmin.use(premiumAdmin);\nadmin.use(premiumOpen);\nbot.use(premiumOpen);\n",
);
const completeOrder = (name: string, status: string) => `const mongoose = require('mongoose');
const Order = mongoose.model('Order', new mongoose.Schema({ status: String, price: Number, userId: String }));
const User = mongoose.model('User', new mongoose.Schema({ balance: Number }));
const ${name} = async (ctx, id) => {
  const order = await Order.findById(id);
  if (order.status === '${status}') return;
  order.status = '${status}';
  await order.save();
  await User.updateOne({ _id: order.userId }, { $inc: { balance: order.price } });
};
module.exports = { ${name} };
`;
const ordersAdmin = operatorFile('orders-admin.js', completeOrder('complete', 'done'));
const ordersOpen = operatorFile('orders-open.js', completeOrder('refund', 'refunded'));
operatorFile(
  'routes.js',
  "const { Telegraf } = require('telegraf');\nconst bot = new Telegraf('t');\nbot.action(/^done:(.+)$/, adminMiddleware, async (ctx) => { const orders = require('./orders-admin'); await orders.complete(ctx, ctx.match[1]); });\nbot.action(/^refund:(.+)$/, async (ctx) => { const orders = require('./orders-open'); await orders.refund(ctx, ctx.match[1]); });\n",
);
const rejectWithdrawal = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function rejectWithdrawal(id: number) {
  const w = await prisma.withdrawal.findUnique({ where: { id } });
  if (w.status !== 'PENDING') throw new Error('not pending');
  await prisma.$transaction([
    prisma.withdrawal.update({ where: { id }, data: { status: 'REJECTED' } }),
    prisma.user.update({ where: { id: w.userId }, data: { balance: { increment: w.amount } } }),
  ]);
}
`;
const economyAdmin = operatorFile('economy-admin.service.ts', rejectWithdrawal);
const economyOpen = operatorFile('economy-open.service.ts', rejectWithdrawal);
operatorFile(
  'economy.routes.ts',
  "import { rejectWithdrawal as rejectAdmin } from './economy-admin.service';\nimport { rejectWithdrawal as rejectOpen } from './economy-open.service';\nexport default async function routes(fastify) {\n  fastify.put('/api/admin/withdrawals/:id/reject', { preHandler: [requireRole('ADMIN')] }, async (request) => rejectAdmin(Number(request.params.id)));\n  fastify.put('/api/withdrawals/:id/cancel', { preHandler: [requireRole('USER')] }, async (request) => rejectOpen(Number(request.params.id)));\n}\n",
);

ruleTester.run('require-for-update (status claims: operator-only paths)', rule, {
  valid: [
    // A grammY composer mounted only behind the bot's admin filter.
    { code: fs.readFileSync(premiumAdmin, 'utf8'), filename: premiumAdmin },
    // A CommonJS module of handlers whose `complete` only a handler behind `adminMiddleware` calls.
    { code: fs.readFileSync(ordersAdmin, 'utf8'), filename: ordersAdmin },
    // A Fastify route that checks the operator's role before the handler.
    { code: fs.readFileSync(economyAdmin, 'utf8'), filename: economyAdmin },
  ],
  invalid: [
    // The same composer also mounted on the bot itself: any user's tap.
    { code: fs.readFileSync(premiumOpen, 'utf8'), filename: premiumOpen, errors: [{ messageId: 'claimPrisma', line: 6 }] },
    // The same module called from a handler without the admin middleware.
    { code: fs.readFileSync(ordersOpen, 'utf8'), filename: ordersOpen, errors: [{ messageId: 'claimMongo', line: 5 }] },
    // A route whose role check lets users on.
    { code: fs.readFileSync(economyOpen, 'utf8'), filename: economyOpen, errors: [{ messageId: 'claimPrisma', line: 4 }] },
  ],
});

/**
 * Operator helpers of a module (round 22, Haila2327/vamos-bingo-bot rows #17 and #21; mebt0/bingo-bot
 * rows #10 and #18): a function a database module exports, whose every call in the project is inside
 * a command handler that returns unless the sender is in the admin list, or inside an Express route
 * registered after the router's operator gate, is the operator's. A helper with one call any user
 * reaches, or passed to a route registered before the gate, stays reported.
 */
const helperProject = fs.mkdtempSync(path.join(os.tmpdir(), 'claims-helpers-'));
fs.writeFileSync(path.join(helperProject, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4', express: '^4', pg: '^8' } }));
const helperFile = (name: string, text: string): string => {
  const file = path.join(helperProject, name);
  fs.writeFileSync(file, text);
  return file;
};
const depositsModule = `const pg = require('pg');
const pool = new pg.Pool();
async function approveDeposit(depositId) {
  const { rows } = await pool.query('SELECT user_id, amount, status FROM deposits WHERE id = $1', [depositId]);
  if (!rows[0] || rows[0].status !== 'pending') return false;
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  await pool.query("UPDATE deposits SET status = 'approved' WHERE id = $1", [depositId]);
  return true;
}
module.exports = { approveDeposit };
`;
const depositsAdmin = helperFile('deposits-admin.js', depositsModule);
// Another name: a sibling module exporting the same name is a mention `projectUsesOf` cannot tell apart.
const depositsOpen = helperFile('deposits-open.js', depositsModule.replaceAll('approveDeposit', 'confirmDeposit'));
helperFile(
  'bot.js',
  `const { Telegraf } = require('telegraf');
const config = require('./config');
const db = require('./deposits-admin');
const open = require('./deposits-open');
const bot = new Telegraf('t');
bot.command('approve_deposit', async (ctx) => {
  if (!config.ADMINS.includes(ctx.from.id)) return;
  await db.approveDeposit(parseInt(ctx.message.text.split(' ')[1]));
});
bot.command('approve_mine', async (ctx) => {
  if (!config.ADMINS.includes(ctx.from.id)) return;
  await open.confirmDeposit(parseInt(ctx.message.text.split(' ')[1]));
});
bot.command('claim', async (ctx) => {
  await open.confirmDeposit(parseInt(ctx.message.text.split(' ')[1]));
});
`,
);
const withdrawalsModule = `const pg = require('pg');
const pool = new pg.Pool();
exports.approveWithdrawal = async (req, res) => {
  const { rows } = await pool.query('SELECT user_id, amount, status FROM withdrawals WHERE id = $1', [req.params.id]);
  if (rows[0].status !== 'pending') return res.status(400).end();
  await pool.query("UPDATE withdrawals SET status = 'approved' WHERE id = $1", [req.params.id]);
  await pool.query('UPDATE users SET paid_out = paid_out + $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  res.json({ ok: true });
};
`;
const withdrawalsAdmin = helperFile('withdrawals-admin.js', withdrawalsModule);
const withdrawalsOpen = helperFile('withdrawals-open.js', withdrawalsModule.replace('approveWithdrawal', 'payWithdrawal'));
helperFile(
  'panel.js',
  `const router = require('express').Router();
const admin = require('./withdrawals-admin');
const open = require('./withdrawals-open');
function requirePanelAuth(req, res, next) {
  if (req.headers['x-admin-panel'] !== process.env.ADMIN_PANEL_PASSWORD) return res.status(401).end();
  next();
}
router.post('/withdrawals/:id/cancel', open.payWithdrawal);
router.use(requirePanelAuth);
router.post('/withdrawals/:id/approve', admin.approveWithdrawal);
router.post('/withdrawals/:id/approve-again', open.payWithdrawal);
module.exports = router;
`,
);

/** The `missingLock` error on `line` of a file, with its `FOR UPDATE` suggestion. */
const forUpdate = (file: string, line: number) => {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = lines[line - 1]!.replace("', [", " FOR UPDATE', [");
  return { messageId: 'missingLock' as const, line, suggestions: [{ messageId: 'suggestForUpdate' as const, output: lines.join('\n') }] };
};

helperFile(
  'gates.js',
  `function panelGate(req, res, next) {
  if (req.headers['x-admin-panel'] !== process.env.ADMIN_PANEL_PASSWORD) return res.status(401).end();
  next();
}
function clientGate(req, res, next) {
  if (req.headers['x-client'] !== process.env.CLIENT_TOKEN) return res.status(401).end();
  next();
}
module.exports = { panelGate, clientGate };
`,
);
/** A router of its own file behind `gate`, imported from gates.js (whose body is read there); the SELECT on line 8. */
const gatedRoutes = (gate: string) => `const express = require('express');
const pg = require('pg');
const { ${gate} } = require('./gates');
const pool = new pg.Pool();
const router = express.Router();
router.use(${gate});
router.post('/refunds/:id/approve', async (req, res) => {
  const { rows } = await pool.query('SELECT user_id, amount, status FROM refunds WHERE id = $1', [req.params.id]);
  if (rows[0].status !== 'pending') return res.status(400).end();
  await pool.query("UPDATE refunds SET status = 'approved' WHERE id = $1", [req.params.id]);
  await pool.query('UPDATE users SET balance = balance + $1 WHERE id = $2', [rows[0].amount, rows[0].user_id]);
  res.json({ ok: true });
});
module.exports = router;
`;
const refundsAdmin = helperFile('refunds-admin.js', gatedRoutes('panelGate'));
const refundsClient = helperFile('refunds-client.js', gatedRoutes('clientGate'));

ruleTester.run('require-for-update (operator helpers of a module)', rule, {
  valid: [
    // Exported by `module.exports = { … }`; its one caller returns unless the sender is an admin.
    { code: fs.readFileSync(depositsAdmin, 'utf8'), filename: depositsAdmin },
    // An exported handler registered only after the router's password gate.
    { code: fs.readFileSync(withdrawalsAdmin, 'utf8'), filename: withdrawalsAdmin },
    // A router behind a gate imported from another file, whose body checks the panel's password.
    { code: fs.readFileSync(refundsAdmin, 'utf8'), filename: refundsAdmin },
  ],
  invalid: [
    // The same helper also called from a command any user sends.
    { code: fs.readFileSync(depositsOpen, 'utf8'), filename: depositsOpen, errors: [forUpdate(depositsOpen, 4)] },
    // The same handler also registered before the gate.
    { code: fs.readFileSync(withdrawalsOpen, 'utf8'), filename: withdrawalsOpen, errors: [forUpdate(withdrawalsOpen, 4)] },
    // The imported gate checks a client token every user of the app sends.
    { code: fs.readFileSync(refundsClient, 'utf8'), filename: refundsClient, errors: [forUpdate(refundsClient, 8)] },
  ],
});
