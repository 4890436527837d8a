import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';

const mongoose = "import mongoose from 'mongoose';\nconst User = mongoose.model('User', new mongoose.Schema({ balance: Number }));\n";
const prisma = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const supabase = "import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);\n";
/** A Supabase Edge Function (Deno): the client imported from esm.sh, the handler given to `Deno.serve`. */
const edge = (form: string, body: string): string =>
  `import { createClient } from '${form}';\nconst supabase = createClient(Deno.env.get('SUPABASE_URL')!, Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')!);\nDeno.serve(async (req) => {\n  const { id, cost } = await req.json();\n${body}\n  return new Response('ok');\n});\n`;
const ESM_SH = 'https://esm.sh/@supabase/supabase-js@2.45.0';
const NPM = 'npm:@supabase/supabase-js@2';

ruleTester.run('require-for-update (MongoDB, Supabase)', rule, {
  valid: [
    // The Edge Function's fixed twins: one atomic Postgres function, or the update guarded on the balance read.
    edge(ESM_SH, `  const { data, error } = await supabase.rpc('spend_balance', { user_id: id, cost });
  if (error || !data) return new Response('not enough');`),
    edge(NPM, `  const { data: user } = await supabase.from('bot_users').select('balance').eq('id', id).single();
  if (user.balance < cost) return new Response('not enough');
  await supabase.from('bot_users').update({ balance: user.balance - cost }).eq('id', id).eq('balance', user.balance);`),
    // Prisma, the fixed code: one atomic updateMany with the condition in \`where\`, then the count tested.
    `${prisma}async function buy(id, cost) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user || user.balance < cost) return 'not enough';
  const { count } = await prisma.user.updateMany({ where: { id, balance: { gte: cost } }, data: { balance: { decrement: cost } } });
  if (count === 0) return 'not enough';
}`,
    // … the lock taken with $queryRaw FOR UPDATE inside the transaction.
    `${prisma}async function buy(id, cost) {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw\`SELECT id FROM "User" WHERE id = \${id} FOR UPDATE\`;
    const user = await tx.user.findUnique({ where: { id } });
    if (user.balance < cost) throw new Error('not enough');
    await tx.user.update({ where: { id }, data: { balance: { decrement: cost } } });
  });
}`,
    // … a Serializable transaction.
    `${prisma}async function buy(id, cost) {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (user.balance < cost) throw new Error('not enough');
    await tx.user.update({ where: { id }, data: { balance: user.balance - cost } });
  }, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
}`,
    // Prisma: an increment (a top-up applies to the current value), a write not from the read, another model, a field not checked.
    `${prisma}async function f(id, cost, name) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (user.balance < cost) return;
  await prisma.user.update({ where: { id }, data: { balance: { increment: cost } } });
  await prisma.user.update({ where: { id }, data: { balance: 0, name } });
  await prisma.order.update({ where: { id }, data: { balance: { decrement: cost } } });
}`,
    `${prisma}async function f(id, cost) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (user.banned) return;
  await prisma.user.update({ where: { id }, data: { balance: { decrement: cost } } });
}`,
    // Not a Prisma client.
    `async function f(db, id, cost) {
  const user = await db.user.findUnique({ where: { id } });
  if (user.balance < cost) return;
  await db.user.update({ where: { id }, data: { balance: { decrement: cost } } });
}`,
    // The fixed code: one atomic update with the condition in the filter.
    `${mongoose}async function buy(id, cost) {
  const user = await User.findOneAndUpdate({ _id: id, balance: { $gte: cost } }, { $inc: { balance: -cost } }, { new: true });
  if (!user) return 'not enough';
}`,
    // Read, check, then a guarded write.
    `${mongoose}async function buy(id, cost) {
  const user = await User.findById(id);
  if (user.balance < cost) return;
  await User.updateOne({ _id: id, balance: { $gte: cost } }, { $inc: { balance: -cost } });
}`,
    // Inside a session transaction.
    `${mongoose}async function buy(id, cost) {
  await session.withTransaction(async () => {
    const user = await User.findById(id).session(session);
    if (user.balance < cost) return;
    user.balance -= cost;
    await user.save({ session });
  });
}`,
    // A model named like its document interface (\`interface User\` and \`const User = model<User>(…)\`), the
    // fixed code: one atomic update with the condition in the filter.
    `import mongoose from 'mongoose';
interface User extends mongoose.Document { balance: number }
const User = mongoose.model<User>('User', new mongoose.Schema({ balance: Number }));
async function buy(id: string, cost: number) {
  const user = await User.findOne({ _id: id });
  if (!user || user.balance < cost) return 'not enough';
  const spent = await User.findOneAndUpdate({ _id: id, balance: { $gte: cost } }, { $inc: { balance: -cost } });
  if (!spent) return 'not enough';
}`,
    // No check of the field, or a write not derived from the read.
    `${mongoose}async function rename(id, name) {
  const user = await User.findById(id);
  user.balance -= 0;
  user.name = name;
  await user.save();
}`,
    `${mongoose}async function reset(id, cost) {
  const user = await User.findById(id);
  if (user.balance < cost) return;
  await User.updateOne({ _id: id }, { $set: { balance: 0 } });
}`,
    // A default filled in (\`user.balances = user.balances || {}\`) writes back the value read, changed by
    // nothing; the total under it is recomputed from the plans read, not from itself.
    `${mongoose}async function me(id) {
  const user = await User.findById(id);
  const locked = user.plans.reduce((sum, plan) => sum + plan.qp, 0);
  if (Number(user.balances?.locked || 0) !== locked) {
    user.balances = user.balances || {};
    user.balances.locked = locked;
    await user.save();
  }
}`,
    // A self-repair: the balance recomputed wholly from the transactions read (a function that never names
    // it) and written only when it differs; two runs write the same value and nothing is gated on the check.
    `${mongoose}function totalOf(user) { return user.transactions.reduce((sum, tx) => sum + tx.amount, 0); }
async function show(id) {
  const user = await User.findById(id);
  const balance = totalOf(user);
  if (user.balance !== balance) {
    user.balance = balance;
    try {
      await user.save();
    } catch (err) {
      console.error(err);
    }
  }
  return balance;
}`,
    // Not a money field.
    `${mongoose}async function login(id) {
  const user = await User.findById(id);
  if (user.attempts > 5) return;
  user.attempts += 1;
  await user.save();
}`,
    // Exclusive branches.
    `${mongoose}async function buy(id, cost, create) {
  if (create) { const user = await User.findById(id); if (user.balance < cost) return; }
  else { const other = await User.findById(id); other.balance -= cost; await other.save(); }
}`,
    // Unknown receiver.
    `async function buy(id, cost) {
  const user = await User.findById(id);
  if (user.balance < cost) return;
  user.balance -= cost;
  await user.save();
}`,
    // Supabase: the fix is an RPC; a guarded or compare-and-set update; a value not from the read.
    // `token` after a qualifier names one token (a QR, an access token), not a quantity of them.
    `${supabase}async function qr(ownerId) {
  const { data: shop } = await supabase.from('shops').select('id, qr_token').eq('owner_id', ownerId).maybeSingle();
  if (!shop.qr_token) {
    shop.qr_token = randomBytes(24).toString('hex');
    await supabase.from('shops').update({ qr_token: shop.qr_token }).eq('id', shop.id);
  }
}`,
    `${supabase}async function buy(id, cost) {
  const { data, error } = await supabase.rpc('spend_balance', { user_id: id, cost });
  if (error) throw error;
}`,
    `${supabase}async function buy(id, cost) {
  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance < cost) return;
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', id).eq('balance', user.balance);
}`,
    `${supabase}async function buy(id, cost) {
  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance < cost) return;
  await supabase.from('users').update({ balance: 0 }).eq('id', id);
}`,
    `${supabase}async function buy(id, cost) {
  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance < cost) return;
  await supabase.from('orders').update({ balance: user.balance - cost }).eq('id', id);
}`,
    `async function buy(supabase, id, cost) {
  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance < cost) return;
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', id);
}`,
    // Issue 16, Supabase — the fixed code: a reading function, then one Postgres function that checks and spends.
    `${supabase}async function buy(id, cost) {
  const { data: balance } = await supabase.rpc('get_balance', { uid: id });
  if (balance < cost) return 'not enough';
  const { data: ok } = await supabase.rpc('spend_balance', { uid: id, cost });
  if (!ok) return 'not enough';
}`,
    // … a ledger row that adds (a top-up), and a negated row after a check of no money value.
    `${supabase}async function topUp(id, cost) {
  const { data: balance } = await supabase.rpc('get_balance', { uid: id });
  if (balance > 1000) return;
  await supabase.from('transactions').insert({ user_id: id, amount: cost });
}`,
    `${supabase}async function refund(id, cost) {
  const { data: user } = await supabase.from('users').select('balance, banned').eq('id', id).single();
  if (user.banned) return;
  await supabase.from('transactions').insert({ user_id: id, amount: -cost });
}`,
    // … a function that spends (its name is no reading verb) returns the new balance: nothing read before it.
    `${supabase}async function buy(id, cost) {
  const { data: balance } = await supabase.rpc('spend_balance', { uid: id, cost });
  if (balance < 0) return;
  await supabase.from('transactions').insert({ user_id: id, amount: -cost });
}`,
    // Helpers: one that does not return a read, one that transforms it, one that may create.
    `${mongoose}const getUser = (id) => cache.get(id);
async function buy(id, cost) {
  const user = await getUser(id);
  if (user.balance < cost) return;
  user.balance -= cost;
  await user.save();
}`,
    `${mongoose}function getUser(id) { return User.findById(id).then((u) => u ?? defaults); }
async function buy(id, cost) {
  const user = await getUser(id);
  if (user.balance < cost) return;
  user.balance -= cost;
  await user.save();
}`,
    `${mongoose}async function getUser(id) { const user = await User.findById(id); return user ?? User.create({ _id: id }); }
async function buy(id, cost) {
  const user = await getUser(id);
  if (user.balance < cost) return;
  user.balance -= cost;
  await user.save();
}`,
    // Recall audit (mrec21): the balance copied into a local and checked there, the fixed twins —
    // the debit guarded in the filter, or read, check and write in a session transaction.
    `${mongoose}async function buy(id, sum) {
  const user = await User.findOne({ id });
  let balance = Math.round(user.balance);
  if (balance >= sum) {
    const updated = await User.findOneAndUpdate({ id, balance: { $gte: sum } }, { $inc: { balance: -sum } });
    if (!updated) return 'not enough';
  }
}`,
    `${mongoose}async function buy(id, sum, session) {
  await session.withTransaction(async () => {
    const user = await User.findOne({ id }).session(session);
    let balance = Math.round(user.balance);
    if (balance >= sum) await User.findOneAndUpdate({ id }, { balance: balance - sum }, { session });
  });
}`,
    // A local copied from another field and checked does not check the balance; a reassigned copy is no copy.
    `${mongoose}async function buy(id, sum) {
  const user = await User.findOne({ id });
  const name = String(user.name);
  if (name) await User.findOneAndUpdate({ id }, { balance: user.balance - sum });
}`,
    `${mongoose}async function buy(id, sum, fresh) {
  const user = await User.findOne({ id });
  let balance = Number(user.balance);
  balance = fresh;
  if (balance >= sum) await User.findOneAndUpdate({ id }, { balance: user.balance - sum });
}`,
  ],
  invalid: [
    // Recall audit (mrec21, Gradk lottery bot): the balance copied into a local (`let`, never
    // reassigned), the copy checked, and the remainder written back as an absolute value.
    {
      code: `${mongoose}async function buy(id, sum) {
  const user = await User.findOne({ id });
  let balance = Math.round(user.balance);
  if (balance >= sum) {
    let result = balance - sum;
    await User.findOneAndUpdate({ id }, { balance: result });
  }
}`,
      errors: [{ messageId: 'missingLockMongo', data: { field: 'balance', line: '8' }, line: 4 }],
    },
    {
      // A credit computed from the read, written absolute, then checked and spent from the same stale value.
      code: `${mongoose}async function webhook(id, amount, sum) {
  const user = await User.findOne({ id });
  const balance = Number(user.balance) + Number(amount);
  await User.findOneAndUpdate({ id }, { balance });
  if (balance >= sum) await User.findByIdAndUpdate(user._id, { balance: balance - sum });
}`,
      errors: [{ messageId: 'missingLockMongo', data: { field: 'balance', line: '7' }, line: 4 }],
    },
    {
      // Checked against the read, then a debit by `amount * -1` with the `_id` alone in the filter.
      code: `${mongoose}async function withdraw(id, amount) {
  const user = await User.findOne({ id });
  if (amount > user.balance) return 'not enough';
  await User.findByIdAndUpdate(user._id, { $inc: { balance: amount * -1 } });
}`,
      errors: [{ messageId: 'missingLockMongo', data: { field: 'balance', line: '6' }, line: 4 }],
    },
    {
      // The twin: `token` as the first word is a quantity (`token_balance`).
      code: `${supabase}async function spend(ownerId, cost) {
  const { data: shop } = await supabase.from('shops').select('id, token_balance').eq('owner_id', ownerId).maybeSingle();
  if (shop.token_balance < cost) return;
  await supabase.from('shops').update({ token_balance: shop.token_balance - cost }).eq('id', shop.id);
}`,
      errors: [{ messageId: 'missingLockSupabase', data: { field: 'token_balance', table: 'shops', line: '6' }, line: 4, column: 32, endLine: 4, endColumn: 54 }],
    },
    {
      // Issue 16, a Supabase Edge Function: the client from esm.sh (or npm:) is supabase-js.
      code: edge(ESM_SH, `  const { data: user } = await supabase.from('bot_users').select('balance').eq('id', id).single();
  if (user.balance < cost) return new Response('not enough');
  await supabase.from('bot_users').update({ balance: user.balance - cost }).eq('id', id);`),
      errors: [{ messageId: 'missingLockSupabase', data: { field: 'balance', table: 'bot_users', line: '7' }, line: 5 }],
    },
    {
      code: edge(NPM, `  const { data: user } = await supabase.from('bot_users').select('balance').eq('id', id).single();
  if (user.balance < cost) return new Response('not enough');
  await supabase.from('bot_users').update({ balance: user.balance - cost }).eq('id', id);`),
      errors: [{ messageId: 'missingLockSupabase', data: { field: 'balance', table: 'bot_users', line: '7' }, line: 5 }],
    },
    {
      // Issue 16 (session 20 survey of silent Mongoose bots): a model that shares its name with its
      // document interface is still a model; the type declaration is no second definition of the value.
      code: `import mongoose from 'mongoose';
interface User extends mongoose.Document { balance: number }
const User = mongoose.model<User>('User', new mongoose.Schema({ balance: Number }));
async function buy(id: string, cost: number) {
  const user = await User.findOne({ _id: id });
  if (!user || user.balance < cost) return 'not enough';
  user.balance -= cost;
  await user.save();
}`,
      errors: [{ messageId: 'missingLockMongo', line: 5, data: { field: 'balance', line: '8' } }],
    },
    {
      // The self-repair's twins: the function computes from the field itself (a fee taken from it) …
      code: `${mongoose}function afterFee(user) { return user.balance - user.fee; }
async function settle(id) {
  const user = await User.findById(id);
  const balance = afterFee(user);
  if (user.balance !== balance) {
    user.balance = balance;
    await user.save();
  }
}`,
      errors: [{ messageId: 'missingLockMongo', line: 5, data: { field: 'balance', line: '9' } }],
    },
    {
      // … or the check also gates a payout that a second run repeats.
      code: `${mongoose}function totalOf(user) { return user.transactions.reduce((sum, tx) => sum + tx.amount, 0); }
async function show(id) {
  const user = await User.findById(id);
  const balance = totalOf(user);
  if (user.balance !== balance) {
    user.balance = balance;
    await user.save();
    await payOut(id, user.balance - balance);
  }
}`,
      errors: [{ messageId: 'missingLockMongo', line: 5, data: { field: 'balance', line: '9' } }],
    },
    {
      // The twin: the field written from itself with a change, not a default.
      code: `${mongoose}async function me(id, cost) {
  const user = await User.findById(id);
  if (Number(user.balances?.locked || 0) < cost) return;
  user.balances = (user.balances || 0) - cost;
  await user.save();
}`,
      errors: [{ messageId: 'missingLockMongo', line: 4, data: { field: 'balances', line: '7' } }],
    },
    {
      // Prisma: findUnique → check → update with decrement and only the key in \`where\`.
      code: `${prisma}async function buy(id, cost) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user || user.balance < cost) return 'not enough';
  await prisma.user.update({ where: { id }, data: { balance: { decrement: cost } } });
}`,
      errors: [{ messageId: 'missingLockPrisma', line: 4, data: { table: 'user', field: 'balance', line: '6', scope: '' } }],
    },
    {
      // … a value computed from the read, through a const.
      code: `${prisma}async function claim(id) {
  const wallet = await prisma.wallet.findFirst({ where: { userId: id } });
  if (wallet.points < 100) return;
  const next = wallet.points - 100;
  await prisma.wallet.update({ where: { id: wallet.id }, data: { points: next } });
}`,
      errors: [{ messageId: 'missingLockPrisma', line: 4, data: { table: 'wallet', field: 'points', line: '7', scope: '' } }],
    },
    {
      // … inside an interactive $transaction at the default isolation (read committed): both still read the old value.
      code: `${prisma}async function buy(id, cost) {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (user.balance < cost) throw new Error('not enough');
    await tx.user.update({ where: { id }, data: { balance: { decrement: cost } } });
  });
}`,
      errors: [{ messageId: 'missingLockPrisma', line: 5, data: { table: 'user', field: 'balance', line: '7', scope: ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row' } }],
    },
    {
      // The read runs in a helper of the same file.
      code: `${mongoose}async function getUser(id) { return User.findOne({ telegramId: id }).exec(); }
async function buy(id, cost) {
  const user = await getUser(id);
  if (user.balance < cost) return;
  user.balance -= cost;
  await user.save();
}`,
      errors: [{ messageId: 'missingLockMongo', data: { field: 'balance', table: '', line: '8' }, line: 5, column: 22, endLine: 5, endColumn: 33 }],
    },
    {
      code: `${mongoose}async function buy(id, cost) {
  const user = await User.findOne({ telegramId: id });
  if (user.balance < cost) return;
  user.balance -= cost;
  await user.save();
}`,
      errors: [{ messageId: 'missingLockMongo', data: { field: 'balance', table: '', line: '7' }, line: 4, column: 22, endLine: 4, endColumn: 54 }],
    },
    {
      code: `${mongoose}async function buy(id, cost) {
  const user = await User.findById(id).lean();
  if (!user || user.balance < cost) return;
  await User.updateOne({ _id: id }, { $set: { balance: user.balance - cost } });
}`,
      errors: [{ messageId: 'missingLockMongo', data: { field: 'balance', table: '', line: '6' }, line: 4 }],
    },
    {
      code: `${mongoose}async function buy(id, cost) {
  const user = await User.findById(id);
  if (user.balance < cost) return;
  await User.updateOne({ _id: id }, { $inc: { balance: -cost } });
}`,
      errors: [{ messageId: 'missingLockMongo', line: 4 }],
    },
    {
      code: `import { MongoClient } from 'mongodb';
const users = new MongoClient(url).db().collection('users');
async function withdraw(id, amount) {
  const wallet = await users.findOne({ _id: id });
  const next = wallet.balance - amount;
  if (wallet.balance >= amount) await users.updateOne({ _id: id }, { $set: { balance: next } });
}`,
      errors: [{ messageId: 'missingLockMongo', data: { field: 'balance', table: '', line: '6' }, line: 4 }],
    },
    {
      code: `${supabase}async function buy(id, cost) {
  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance < cost) return;
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', id);
}`,
      errors: [{ messageId: 'missingLockSupabase', data: { field: 'balance', table: 'users', line: '6' }, line: 4, column: 32, endLine: 4, endColumn: 54 }],
    },
    {
      // Issue 16, Supabase: a reading Postgres function, a check of the balance it returns, then an update computed from it.
      code: `${supabase}async function buy(id, cost) {
  const { data: balance } = await supabase.rpc('get_balance', { uid: id });
  if (balance < cost) return;
  await supabase.from('users').update({ balance: balance - cost }).eq('id', id);
}`,
      errors: [{ messageId: 'missingLockSupabase', data: { field: 'balance', table: 'get_balance()', line: '6' }, line: 4 }],
    },
    {
      // … or the spend recorded as a ledger row: both requests see the same balance and both insert.
      code: `${supabase}async function buy(id, cost) {
  const { data: balance } = await supabase.rpc('get_balance', { uid: id });
  if (balance < cost) return;
  await supabase.from('transactions').insert({ user_id: id, amount: -cost });
}`,
      errors: [{ messageId: 'missingLockSupabaseLedger', data: { field: 'balance', table: 'get_balance()', line: '6', spent: 'amount' }, line: 4 }],
    },
    {
      // … after a select of the balance.
      code: `${supabase}async function buy(id, cost) {
  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance < cost) return;
  await supabase.from('transactions').insert([{ user_id: id, amount: -cost }]);
}`,
      errors: [{ messageId: 'missingLockSupabaseLedger', data: { field: 'balance', table: 'users', line: '6', spent: 'amount' }, line: 4 }],
    },
  ],
});

/** A paid invoice credited once per invoice: `claim` runs before the read (line 4 or later), `credit` is the read, check and write. */
const CREDIT = `  const { data: user } = await supabase.from('users').select('balance').eq('id', id).single();
  if (user.balance + amount > MAX_BALANCE) return;
  await supabase.from('users').update({ balance: user.balance + amount }).eq('id', id);`;
const onPaid = (body: string) => `${supabase}async function onPaid(invoiceId, id, amount) {\n${body}\n}`;
const credited = (code: string, line: number) => ({ code, errors: [{ messageId: 'missingLockSupabase' as const, data: { field: 'balance', table: 'users', line: String(line + 2) }, line }] });

ruleTester.run('require-for-update (Supabase claim rows)', rule, {
  valid: [
    // Round 15: a row keyed by the external id inserted first, its failure ending the function: a second run stops at the insert.
    onPaid(`  const { error } = await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });\n  if (error) return;\n${CREDIT}`),
    // … the duplicate told apart (any key), through a const, or the claim taken between the check and the write.
    onPaid(`  const { error: claimError } = await supabase.from('paid_orders').insert({ order_ref: invoiceId, user_id: id });\n  if (claimError?.code === '23505') return;\n${CREDIT}`),
    onPaid(`  const claim = await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });\n  const duplicate = claim.error && claim.error.code === '23505';\n  if (duplicate) return;\n${CREDIT}`),
    onPaid(
      CREDIT.replace(
        '  await supabase',
        "  const { error } = await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });\n  if (error) throw new Error('already processed');\n  await supabase",
      ),
    ),
    onPaid(`  const { error } = await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });\n  if (!error) {\n  ${CREDIT.replaceAll('\n', '\n  ')}\n  }`),
  ],
  invalid: [
    // The twins: the claim taken after the credit, its error ignored or only logged, a stop on other errors than the duplicate.
    credited(onPaid(`${CREDIT}\n  await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });`), 4),
    credited(onPaid(`  await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });\n${CREDIT}`), 5),
    credited(onPaid(`  const { error } = await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });\n  if (error) console.error(error);\n${CREDIT}`), 6),
    credited(onPaid(`  const { error } = await supabase.from('processed_invoices').insert({ invoice_id: invoiceId });\n  if (error && error.code !== '23505') throw error;\n${CREDIT}`), 6),
    // … a row keyed by nothing the event carries (each purchase is a new row): the insert never fails twice.
    credited(onPaid(`  const { error } = await supabase.from('purchases').insert({ user_id: id, amount });\n  if (error) return;\n${CREDIT}`), 6),
  ],
});

/** A purchase: a stock pre-check (the read on line 4), then the spend. */
const purchase = (spend: string) => `${supabase}async function buy(id, productId, cost) {
  const { data: product } = await supabase.from('products').select('stock').eq('id', productId).single();
  if (product.stock < 1) return 'sold out';
${spend}
}`;

ruleTester.run('require-for-update (Supabase atomic RPC spends)', rule, {
  valid: [
    // Round 15: the Postgres function spends atomically and its failure ends the flow; the row after it records that spend.
    purchase(`  const { data: balance, error } = await supabase.rpc('deduct_balance', { p_user: id, p_amount: cost });
  if (error) return 'not enough';
  await supabase.from('balance_history').insert({ user_id: id, amount: -cost, balance_after: balance });`),
    purchase(`  const { data: balance, error } = await supabase.rpc('deduct_balance', { p_user: id, p_amount: cost });
  if (!error) {
    await supabase.from('balance_history').insert({ user_id: id, amount: -cost, balance_after: balance });
  }`),
    purchase(`  const { data: ok } = await supabase.rpc('spend_credits', { user_id: id, cost });
  if (!ok) throw new Error('not enough');
  await supabase.from('transactions').insert([{ user_id: id, amount: -cost }]);`),
  ],
  invalid: [
    // The twins: the function's failure ignored, a function that does not move the recorded amount, a spend computed in code.
    {
      code: purchase(`  await supabase.rpc('deduct_balance', { p_user: id, p_amount: cost });
  await supabase.from('balance_history').insert({ user_id: id, amount: -cost });`),
      errors: [{ messageId: 'missingLockSupabaseLedger', data: { field: 'stock', table: 'products', line: '7', spent: 'amount' }, line: 4 }],
    },
    {
      code: purchase(`  const { error } = await supabase.rpc('touch_user', { p_user: id });
  if (error) return 'failed';
  await supabase.from('balance_history').insert({ user_id: id, amount: -cost });`),
      errors: [{ messageId: 'missingLockSupabaseLedger', data: { field: 'stock', table: 'products', line: '8', spent: 'amount' }, line: 4 }],
    },
    {
      code: purchase(`  const { error } = await supabase.rpc('deduct_balance', { p_user: id, p_amount: cost });
  if (error) return 'not enough';
  await supabase.from('products').update({ stock: product.stock - 1 }).eq('id', productId);`),
      errors: [{ messageId: 'missingLockSupabase', data: { field: 'stock', table: 'products', line: '8' }, line: 4 }],
    },
  ],
});

/** A wallet read (line 4) and checked, `spend`, then the spend recorded as a ledger row. */
const walletSpend = (spend: string) => `${supabase}async function buy(id, cost) {
  const { data: wallet } = await supabase.from('wallets').select('*').eq('user_id', id).single();
  if (wallet.balance < cost) throw new Error('not enough');
${spend}
  await supabase.from('wallet_transactions').insert({ wallet_id: wallet.id, amount: -cost });
}`;
/** Prisma: a user read (line 4) and checked, then `write`. */
const prismaSpend = (write: string) => `${prisma}async function buy(id, cost) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (user.balance < cost) return 'not enough';
  ${write}
}`;

ruleTester.run('require-for-update (optimistic version checks)', rule, {
  valid: [
    // Round 16: the debit pins the version it read and bumps it (compare-and-set); its failure (no row: `.single()` errs) ends the flow before the ledger row.
    walletSpend(`  const next = wallet.balance - cost;
  const version = wallet.version || 1;
  const { data: updated, error } = await supabase.from('wallets').update({ balance: next, version: version + 1 }).eq('id', wallet.id).eq('version', version).select().single();
  if (error || !updated) throw new Error('changed meanwhile, try again');`),
    walletSpend(`  const { data: updated } = await supabase.from('wallets').update({ balance: wallet.balance - cost, updated_at: stamp }).eq('id', wallet.id).eq('updated_at', wallet.updated_at).select().maybeSingle();
  if (!updated) return 'changed meanwhile';`),
    // Prisma, the same compare-and-set: \`where\` pins the version the write increments (the second run matches no row).
    prismaSpend('await prisma.user.update({ where: { id, version: user.version }, data: { balance: user.balance - cost, version: { increment: 1 } } });'),
    prismaSpend('const { count } = await prisma.user.updateMany({ where: { AND: [{ id }, { updatedAt: user.updatedAt }] }, data: { balance: user.balance - cost, updatedAt: new Date() } });'),
  ],
  invalid: [
    // The twins: the filter pins only the id (the update itself races) …
    {
      code: walletSpend(`  const { data: updated, error } = await supabase.from('wallets').update({ balance: wallet.balance - cost, version: wallet.version + 1 }).eq('id', wallet.id).select().single();
  if (error || !updated) throw new Error('failed');`),
      errors: [{ messageId: 'missingLockSupabase', data: { field: 'balance', table: 'wallets', line: '6' }, line: 4 }],
    },
    // … the version pinned but the outcome ignored: the second run debits nothing and still records the spend …
    {
      code: walletSpend(`  await supabase.from('wallets').update({ balance: wallet.balance - cost, version: wallet.version + 1 }).eq('id', wallet.id).eq('version', wallet.version);`),
      errors: [{ messageId: 'missingLockSupabaseLedger', data: { field: 'balance', table: 'wallets', line: '7', spent: 'amount' }, line: 4 }],
    },
    // … or only \`error\` tested without \`.single()\`: an update that matches no row is no error to PostgREST.
    {
      code: walletSpend(`  const { error } = await supabase.from('wallets').update({ balance: wallet.balance - cost, version: wallet.version + 1 }).eq('id', wallet.id).eq('version', wallet.version);
  if (error) throw error;`),
      errors: [{ messageId: 'missingLockSupabaseLedger', data: { field: 'balance', table: 'wallets', line: '8', spent: 'amount' }, line: 4 }],
    },
    // Prisma: the version incremented but not pinned, or pinned but not changed (as SQL's \`AND version = $3\` without \`SET version\`).
    {
      code: prismaSpend('await prisma.user.update({ where: { id }, data: { balance: user.balance - cost, version: { increment: 1 } } });'),
      errors: [{ messageId: 'missingLockPrisma', line: 4 }],
    },
    {
      code: prismaSpend('await prisma.user.update({ where: { id, version: user.version }, data: { balance: user.balance - cost } });'),
      errors: [{ messageId: 'missingLockPrisma', line: 4 }],
    },
  ],
});

/** Prisma in an interactive transaction: a raw `FOR UPDATE` on `locked`, the order read, then the user's balance read, checked and decremented. */
const lockThenSpend = (locked: string) => `${prisma}async function pay(id, orderId) {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw\`SELECT id FROM ${locked} WHERE id = \${orderId} FOR UPDATE\`;
    const order = await tx.order.findUnique({ where: { id: orderId } });
    const user = await tx.user.findUnique({ where: { id } });
    if (user.balance < order.total) throw new Error('not enough');
    await tx.user.update({ where: { id }, data: { balance: { decrement: order.total } } });
  });
}`;

ruleTester.run('require-for-update (Prisma: a raw lock counts per table)', rule, {
  valid: [
    // Issue 16 (session 21): the lock takes the user's row, the one decremented.
    lockThenSpend('"User"'),
    lockThenSpend('users'),
    // … a lock on a table that names no other model the function calls (its mapping unknown): still a lock.
    lockThenSpend('"Ledger"'),
  ],
  invalid: [
    // The twin: the lock takes the order's row; two orders of the same user both pass the balance check.
    { code: lockThenSpend('"Order"'), errors: [{ messageId: 'missingLockPrisma', line: 7, data: { table: 'user', field: 'balance', line: '9', scope: ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row' } }] },
    { code: lockThenSpend('orders'), errors: [{ messageId: 'missingLockPrisma', line: 7 }] },
  ],
});

/**
 * A discord.js slash command that takes balance from a wallet (read, checked, written back), behind
 * `gate`: an exit unless the member who runs it holds a role (round 23,
 * flacoV/Advanced-Casino-Bot #2: `/quitar` only for a manager or CEO role).
 */
const WALLET_COMMAND = (gate: string) => `const { SlashCommandBuilder } = require('discord.js');
const mongoose = require('mongoose');
const Wallet = mongoose.model('Wallet', new mongoose.Schema({ discordId: String, balance: Number }));
module.exports = {
  data: new SlashCommandBuilder().setName('take'),
  async execute(interaction) {
${gate}
    const user = interaction.options.getUser('user');
    const wallet = await Wallet.findOne({ discordId: user.id });
    const amount = interaction.options.getInteger('amount');
    if (!wallet || wallet.balance < amount) return interaction.reply('not enough');
    wallet.balance -= amount;
    await wallet.save();
  },
};
`;
const ROLE_GATE = (first: string, second: string) => `    const managerRole = process.env.${first};
    const ${second} = process.env.ceonotify;
    if (!interaction.member.roles.cache.has(managerRole) && !interaction.member.roles.cache.has(${second})) {
      return interaction.reply({ content: 'no permission', ephemeral: true });
    }`;
const walletRace = (gate: string) => {
  const code = WALLET_COMMAND(gate);
  const lineOf = (text: string) => String(code.split('\n').findIndex((line) => line.includes(text)) + 1);
  return { code, errors: [{ messageId: 'missingLockMongo' as const, data: { field: 'balance', line: lineOf('wallet.save()') }, line: Number(lineOf('Wallet.findOne')) }] };
};

ruleTester.run('require-for-update: a Discord command only operator roles run (round 23)', rule, {
  valid: [
    // Only members with a manager or CEO role get past the first statement: no race between users.
    WALLET_COMMAND(ROLE_GATE('rolceo', 'ceoNotifyRole')),
    WALLET_COMMAND("    if (!interaction.member.roles.cache.has(config.roles.admin)) return interaction.reply('admins only');"),
  ],
  invalid: [
    // The twins: no gate; a second role that any member may hold; a role the member lacks lets them on; another member's roles.
    walletRace(''),
    walletRace(ROLE_GATE('rolceo', 'memberRole')),
    walletRace("    if (interaction.member.roles.cache.has(config.roles.admin)) return interaction.reply('not for admins');"),
    walletRace("    const target = interaction.options.getMember('user');\n    if (!target.roles.cache.has(config.roles.admin)) return interaction.reply('admins only');"),
  ],
});

/**
 * Prisma: the lock taken in a helper given the transaction's handle (round 24, raffle-miniapp-backend
 * require-for-update#5): `lockRoom(tx, id)` runs `client.$queryRaw\`SELECT … FOR UPDATE\`` on its parameter.
 * `helper` is the helper's body (its parameters `client, id`), `call` the line that calls it in the transaction.
 */
const helperLockThenJoin = (helper: string, call = 'await this.lockRoom(tx, id);') => `${prisma}class Rooms {
  async lockRoom(client, id) {
    ${helper}
  }
  async join(id, userId) {
    return prisma.$transaction(async (tx) => {
      ${call}
      const room = await tx.room.findUnique({ where: { id } });
      if (room.status !== 'OPEN') throw new Error('closed');
      await tx.user.update({ where: { id: userId }, data: { coins: { increment: room.pot } } });
      await tx.room.update({ where: { id }, data: { status: 'FINISHED' } });
    });
  }
}`;
const LOCK_ROOM = 'await client.$queryRaw`SELECT "id" FROM "Room" WHERE "id" = ${id} FOR UPDATE`;';
/** The same join of a model named in two words (`coinflipRoom`, table `"CoinflipRoom"`, which the SQL model folds to `coinfliproom`). */
const twoWordJoin = (helper: string) => helperLockThenJoin(helper).replace(/tx\.room\./g, 'tx.coinflipRoom.');
const LOCK_COINFLIP_ROOM = LOCK_ROOM.replace('"Room"', '"CoinflipRoom"');

/** Prisma: an inline raw lock on `locked`, the coinflip room read, then the user's balance read, checked and decremented. */
const lockRoomThenSpend = (locked: string) => `${prisma}async function bet(id, roomId, cost) {
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw\`SELECT id FROM ${locked} WHERE id = \${roomId} FOR UPDATE\`;
    const room = await tx.coinflipRoom.findUnique({ where: { id: roomId } });
    const user = await tx.user.findUnique({ where: { id } });
    if (user.balance < cost) throw new Error('not enough');
    await tx.user.update({ where: { id }, data: { balance: { decrement: cost } } });
  });
}`;

/** Prisma: a plain helper function locks the user's row, then the balance is read, checked and decremented. */
const helperLockThenSpend = (helper: string, call = 'await lockUser(tx, id);') => `${prisma}async function lockUser(client, id) {
  ${helper}
}
async function pay(id, cost) {
  await prisma.$transaction(async (tx) => {
    ${call}
    const user = await tx.user.findUnique({ where: { id } });
    if (user.balance < cost) throw new Error('not enough');
    await tx.user.update({ where: { id }, data: { balance: { decrement: cost } } });
  });
}`;

ruleTester.run('require-for-update (Prisma: a lock taken in a helper given the transaction)', rule, {
  valid: [
    // A class method called on the handle before the read: a second join waits, then sees FINISHED.
    helperLockThenJoin(LOCK_ROOM),
    // The unsafe form, a table written as the model's plural.
    helperLockThenJoin('await client.$queryRawUnsafe(\'SELECT id FROM rooms WHERE id = $1 FOR UPDATE\', id);'),
    // A function of the file, the money shape.
    helperLockThenSpend('await client.$queryRaw`SELECT id FROM "User" WHERE id = ${id} FOR UPDATE`;'),
    // Round 24's shape: a model named in two words, its table quoted in CamelCase.
    twoWordJoin(LOCK_COINFLIP_ROOM),
    // An inline lock on a two-word table the function reads no model of: still a lock.
    lockRoomThenSpend('"CoinflipSeat"'),
  ],
  invalid: [
    // No lock in the transaction at all.
    { code: helperLockThenJoin(LOCK_ROOM, ''), errors: [{ messageId: 'claimPrisma', line: 10, data: { table: 'room', field: 'status', line: '13', scope: ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row' } }] },
    // The helper locks on the global client, not on the handle it was given: another connection, outside the transaction.
    { code: helperLockThenJoin(LOCK_ROOM.replace('client.', 'prisma.')), errors: [{ messageId: 'claimPrisma', line: 10 }] },
    // The helper is given the handle but only reads.
    { code: helperLockThenJoin('await client.$queryRaw`SELECT "id" FROM "Room" WHERE "id" = ${id}`;'), errors: [{ messageId: 'claimPrisma', line: 10 }] },
    // The helper locks another table's row: the room is not serialised.
    { code: helperLockThenJoin(LOCK_ROOM.replace('"Room"', '"Ledger"')), errors: [{ messageId: 'claimPrisma', line: 10 }] },
    // The helper is not given the transaction's handle.
    { code: helperLockThenJoin(LOCK_ROOM, 'await this.lockRoom(prisma, id);'), errors: [{ messageId: 'claimPrisma', line: 10 }] },
    // The two-word model, the helper locking another table.
    { code: twoWordJoin(LOCK_COINFLIP_ROOM.replace('"CoinflipRoom"', '"CoinflipSeat"')), errors: [{ messageId: 'claimPrisma', line: 10, data: { table: 'coinflipRoom', field: 'status', line: '13', scope: ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row' } }] },
    // An inline lock of the coinflip room, another model the function reads, does not lock the user's row.
    { code: lockRoomThenSpend('"CoinflipRoom"'), errors: [{ messageId: 'missingLockPrisma', line: 7, data: { table: 'user', field: 'balance', line: '9', scope: ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row' } }] },
    // The money shape: the helper locks the order's row, not the user's.
    { code: helperLockThenSpend('await client.$queryRaw`SELECT id FROM "Order" WHERE id = ${id} FOR UPDATE`;'), errors: [{ messageId: 'missingLockPrisma', line: 9, data: { table: 'user', field: 'balance', line: '11', scope: ' inside an interactive `$transaction`, whose default isolation (read committed) lets both read the same row' } }] },
  ],
});

/**
 * MongoDB: a field written with a value found through the read but not computed from that field
 * (round 24, Telegram-betting-bot-on-Solana require-for-update#16): the chain's balance of the
 * user's wallet, written when it exceeds the stored one. Two runs write the same value.
 */
const syncBalance = (value: string, after = '') => `${mongoose}const Deposit = mongoose.model('Deposit', new mongoose.Schema({ amount: Number }));
async function showBalance(userId) {
  const user = await User.findOne({ userId });
  if (!user || !user.wallet) return;
  const onChain = await connection.getBalance(new PublicKey(user.wallet.publicKey));
  if (onChain > user.balance) {
    await User.findOneAndUpdate({ userId }, { balance: ${value} });
    ${after}
  }
}`;

ruleTester.run('require-for-update (MongoDB: a value not computed from the field written)', rule, {
  valid: [
    // The chain's balance, the same for both runs: nothing read is written back.
    syncBalance('onChain'),
    syncBalance('onChain', 'await bot.sendMessage(userId, "updated");'),
  ],
  invalid: [
    // The twin: the stored balance plus what the chain shows, computed from the value read (a credit applied twice).
    { code: syncBalance('user.balance + onChain'), errors: [{ messageId: 'missingLockMongo', line: 5, data: { field: 'balance', line: '9' } }] },
    // The same blind write, but the check also gates a money change a second run repeats: both runs add the deposit.
    { code: syncBalance('onChain', 'await Deposit.updateOne({ userId }, { $inc: { amount: onChain - user.balance } });'), errors: [{ messageId: 'missingLockMongo', line: 5, data: { field: 'balance', line: '9' } }] },
  ],
});
