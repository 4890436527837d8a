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
