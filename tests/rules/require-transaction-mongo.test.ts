import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { catchWork } from '../../src/analysis/flow/index.js';
import rule from '../../src/rules/require-transaction.js';
import { ruleTester } from '../rule-tester.js';

const mongoose = "import mongoose from 'mongoose';\nconst User = mongoose.model('User', new mongoose.Schema({ balance: Number, name: String }));\n";
const message = (field: string, lines: string) => ({ messageId: 'mongoWritesOutsideTransaction' as const, data: { field, lines } });

ruleTester.run('require-transaction (MongoDB)', rule, {
  valid: [
    // The stake is saved, and the function returns normally when no opponent waits: the debit alone is a
    // state it ends in by design (the player waits), not half of a change.
    `${mongoose}export async function startDuel(userId, amount) {
  const user = await User.findOne({ id: userId });
  user.balance -= amount;
  user.duelBet = amount;
  await user.save();
  const opponent = await User.findOne({ duelBet: amount, id: { $ne: userId } });
  if (!opponent) {
    return { status: 'waiting' };
  }
  await User.updateOne({ id: opponent.id }, { $inc: { balance: amount * 2 } });
}`,
    // The fixed transfer: both writes in one session transaction.
    `${mongoose}async function transfer(from, to, amount) {
  const session = await mongoose.startSession();
  await session.withTransaction(async () => {
    await User.updateOne({ _id: from, balance: { $gte: amount } }, { $inc: { balance: -amount } }, { session });
    await User.updateOne({ _id: to }, { $inc: { balance: amount } }, { session });
  });
}`,
    // … or each write given the session explicitly.
    `${mongoose}async function transfer(from, to, amount, session) {
  await User.updateOne({ _id: from }, { $inc: { balance: -amount } }, { session });
  await User.updateOne({ _id: to }, { $inc: { balance: amount } }, { session });
}`,
    // One money write and a write that is not money.
    `${mongoose}async function buy(id, cost, name) {
  await User.updateOne({ _id: id }, { $inc: { balance: -cost } });
  await User.updateOne({ _id: id }, { $set: { name } });
}`,
    // Exclusive branches; a compensation in a catch.
    `${mongoose}async function settle(id, amount, win) {
  if (win) await User.updateOne({ _id: id }, { $inc: { balance: amount } });
  else await User.updateOne({ _id: id }, { $inc: { balance: -amount } });
}`,
    `${mongoose}async function pay(id, amount) {
  await User.updateOne({ _id: id }, { $inc: { balance: -amount } });
  try { await payout(id, amount); } catch (error) { await User.updateOne({ _id: id }, { $inc: { balance: amount } }); throw error; }
}`,
    // A guarded debit and, when it matched nothing, a fallback write of the same document.
    `${mongoose}async function charge(id, amount) {
  let user = await User.findOneAndUpdate({ _id: id, balance: { $gte: amount } }, { $inc: { balance: -amount } }, { new: true });
  if (!user) user = await User.findOneAndUpdate({ _id: id }, { $set: { balance: 0 } }, { new: true });
}`,
    // The same document saved twice (one document: each save is whole).
    `${mongoose}async function spin(id, bet, prize) {
  const user = await User.findById(id);
  user.balance -= bet;
  await user.save();
  user.balance += prize;
  await user.save();
}`,
    // Branches of one handler that test one unchanged value against different constants: never both run.
    `${mongoose}async function onQuery(query, from, to, amount) {
  if (query.data == 'collect') {
    await User.updateOne({ _id: from }, { $inc: { balance: amount } });
  }
  if (query.data == 'pool:collect') {
    await User.updateOne({ _id: to }, { $inc: { balance: -amount } });
  }
}`,
    `${mongoose}async function onQuery(query, from, to, amount) {
  switch (query.data) {
    case 'collect':
      await User.updateOne({ _id: from }, { $inc: { balance: amount } });
      break;
    case 'pool:collect':
      await User.updateOne({ _id: to }, { $inc: { balance: -amount } });
  }
}`,
    // An `else` of `if (isNew)` and a later `if (code && isNew)`: one flag nothing changes, never both.
    `${mongoose}async function start(id, code, amount) {
  let user = await User.findOne({ telegramId: id });
  const isNew = !user;
  if (isNew) {
    user = new User({ telegramId: id });
    await user.save();
  } else {
    user.balance += amount;
    await user.save();
  }
  if (code && isNew) {
    const referrer = await User.findOne({ code });
    referrer.balance += 10;
    await referrer.save();
  }
}`,
    // Not a proven model.
    `async function transfer(User, from, to, amount) {
  await User.updateOne({ _id: from }, { $inc: { balance: -amount } });
  await User.updateOne({ _id: to }, { $inc: { balance: amount } });
}`,
  ],
  invalid: [
    // The same duel with no return between the writes.
    {
      code: `${mongoose}export async function startDuel(userId, amount) {
  const user = await User.findOne({ id: userId });
  user.balance -= amount;
  user.duelBet = amount;
  await user.save();
  const opponent = await User.findOne({ duelBet: amount, id: { $ne: userId } });
  await User.updateOne({ id: opponent.id }, { $inc: { balance: amount * 2 } });
}`,
      errors: [{ ...message('balance', '9'), line: 7 }],
    },
    {
      // A transfer: debit and credit of two documents in two operations.
      code: `${mongoose}async function transfer(from, to, amount) {
  await User.updateOne({ _id: from, balance: { $gte: amount } }, { $inc: { balance: -amount } });
  await User.updateOne({ _id: to }, { $inc: { balance: amount } });
}`,
      errors: [{ ...message('balance', '5'), line: 4, column: 9 }],
    },
    {
      // Two documents read, changed and saved one after the other.
      code: `${mongoose}async function gift(fromId, toId, amount) {
  const sender = await User.findOne({ telegramId: fromId });
  const receiver = await User.findOne({ telegramId: toId });
  sender.balance -= amount;
  receiver.balance += amount;
  await sender.save();
  await receiver.save();
}`,
      errors: [{ ...message('balance', '9'), line: 8 }],
    },
    {
      // Both branches run for `collect`: the second tests a prefix the first value has.
      code: `${mongoose}async function onQuery(query, from, to, amount) {
  if (query.data == 'collect') {
    await User.updateOne({ _id: from }, { $inc: { balance: amount } });
  }
  if (query.data.startsWith('coll')) {
    await User.updateOne({ _id: to }, { $inc: { balance: -amount } });
  }
}`,
      errors: [{ ...message('balance', '8'), line: 5, column: 11 }],
    },
    {
      // Fall-through: the first case's body runs on into the second.
      code: `${mongoose}async function onQuery(query, from, to, amount) {
  switch (query.data) {
    case 'collect':
      await User.updateOne({ _id: from }, { $inc: { balance: amount } });
    case 'pool:collect':
      await User.updateOne({ _id: to }, { $inc: { balance: -amount } });
  }
}`,
      errors: [{ ...message('balance', '8'), line: 6, column: 13 }],
    },
    {
      // The flag is changed between the two tests: both blocks can run.
      code: `${mongoose}async function start(id, code, amount) {
  let user = await User.findOne({ telegramId: id });
  let isNew = !user;
  if (isNew) {
    user = new User({ telegramId: id });
    await user.save();
  } else {
    user.balance += amount;
    await user.save();
    isNew = await shouldReward(user);
  }
  if (code && isNew) {
    const referrer = await User.findOne({ code });
    referrer.balance += 10;
    await referrer.save();
  }
}`,
      errors: [{ ...message('balance', '17'), line: 11 }],
    },
    {
      // A save and an update of another collection's money.
      code: `import { MongoClient } from 'mongodb';
const db = new MongoClient(url).db();
const wallets = db.collection('wallets');
const pools = db.collection('pools');
async function stake(id, amount) {
  await wallets.updateOne({ userId: id }, { $inc: { balance: -amount } });
  await pools.updateOne({ name: 'main' }, { $inc: { total_amount: amount } });
}`,
      errors: [{ ...message('balance', '7'), line: 6 }],
    },
  ],
});

/** The MongoDB driver: a stake debited from a wallet and added to the pool (`transaction` wraps the two writes). */
const driverStake = (transaction: (writes: string) => string, session: string) => `import { MongoClient } from 'mongodb';
const client = new MongoClient(url);
const wallets = client.db().collection('wallets');
const pools = client.db().collection('pools');
async function stake(id, amount) {
${transaction(`  await wallets.updateOne({ userId: id, balance: { $gte: amount } }, { $inc: { balance: -amount } }${session});
  await pools.updateOne({ name: 'main' }, { $inc: { total_amount: amount } }${session});`)}
}`;

ruleTester.run('require-transaction (MongoDB driver sessions)', rule, {
  valid: [
    // Issue 16 (session 21), the fixed code on the driver: both writes in the session's transaction.
    driverStake((writes) => `  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
${writes}
    });
  } finally {
    await session.endSession();
  }`, ', { session }'),
  ],
  invalid: [
    // The twin: the same writes without the session.
    { code: driverStake((writes) => writes, ''), errors: [{ ...message('balance', '7'), line: 6 }] },
  ],
});

describe('require-transaction (MongoDB): work', () => {
  it('asks whether a call sits in a `catch` only for the calls that are writes', () => {
    // Calls that are no write (logging, formatting, a chat reply) are many; only the writes' places matter.
    const noise = Array.from({ length: 30 }, (_, i) => `  console.log(String(${i}).padStart(3));`).join('\n');
    const code = `${mongoose}export async function transfer(from, to, amount) {\n${noise}\n  await User.updateOne({ _id: from }, { $inc: { balance: -amount } });\n  await User.updateOne({ _id: to }, { $inc: { balance: amount } });\n}\n`;
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'bot-audit': { rules: { 'require-transaction': rule } } as never }, rules: { 'bot-audit/require-transaction': 'error' } }];
    const before = catchWork.checks;
    const messages = linter.verify(code, config, 'transfer.ts');
    expect(messages.map((m) => `${m.line}:${m.messageId ?? m.message}`)).toEqual(['34:mongoWritesOutsideTransaction']);
    // Once per write; it was once per call of the file (60 `console.log` and `padStart` calls, the model's, the writes).
    expect(catchWork.checks - before).toBe(2);
  });
});
