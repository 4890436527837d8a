import rule from '../../src/rules/require-transaction.js';
import { ruleTester } from '../rule-tester.js';

const supabase = "import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);\n";
const message = (field: string, lines: string) => ({ messageId: 'supabaseWritesOutsideTransaction' as const, data: { field, lines } });

// Issue 16: supabase-js has no transactions; related writes are atomic only inside one Postgres function.
ruleTester.run('require-transaction (Supabase)', rule, {
  valid: [
    // The fixed code: the debit and its ledger row in one Postgres function, called once.
    `${supabase}async function buy(id, cost) {
  const { error } = await supabase.rpc('buy_item', { user_id: id, cost });
  if (error) throw error;
}`,
    // One write that moves money; a write that moves none beside another write.
    `${supabase}async function buy(user, cost) {
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', user.id);
}`,
    `${supabase}async function rename(user, name) {
  await supabase.from('users').update({ name, updated: Date.now() - 1 }).eq('id', user.id);
  await supabase.from('audit').insert({ user_id: user.id, action: 'rename' });
}`,
    // The same row written twice (a status after the balance).
    `${supabase}async function buy(user, cost) {
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', user.id);
  await supabase.from('users').update({ status: 'paid' }).eq('id', user.id);
}`,
    // Exclusive branches; a compensation in a catch.
    `${supabase}async function settle(user, amount, win) {
  if (win) await supabase.from('users').update({ balance: user.balance + amount }).eq('id', user.id);
  else await supabase.from('ledger').insert({ user_id: user.id, amount: -amount });
}`,
    `${supabase}async function pay(user, amount) {
  try { await payout(user.id, amount); } catch (error) { await supabase.from('users').update({ balance: user.balance + amount }).eq('id', user.id); await supabase.from('refunds').insert({ user_id: user.id }); throw error; }
}`,
    // Not a Supabase client: a parameter nothing proves.
    `async function buy(supabase, user, cost) {
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', user.id);
  await supabase.from('ledger').insert({ user_id: user.id, amount: -cost });
}`,
  ],
  invalid: [
    {
      // A debit and its ledger row: a crash between them keeps the debit with no record, or the reverse.
      code: `${supabase}async function buy(user, cost) {
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', user.id);
  await supabase.from('ledger').insert({ user_id: user.id, amount: -cost });
}`,
      errors: [{ ...message('balance', '5'), line: 4, column: 9, endLine: 4, endColumn: 90 }],
    },
    {
      // A transfer between two users: debited and never credited.
      code: `${supabase}async function transfer(from, to, amount) {
  await supabase.from('users').update({ balance: from.balance - amount }).eq('id', from.id);
  await supabase.from('users').update({ balance: to.balance + amount }).eq('id', to.id);
}`,
      errors: [{ ...message('balance', '5'), line: 4 }],
    },
  ],
});
