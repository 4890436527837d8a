import rule from '../../src/rules/require-transaction.js';
import { ruleTester } from '../rule-tester.js';

const supabase = "import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);\n";
const message = (field: string, lines: string) => ({ messageId: 'supabaseWritesOutsideTransaction' as const, data: { field, lines } });

/**
 * An update-or-insert written by hand: the balance updated, the rows it changed returned (`.select()`),
 * and the user's row inserted where `test` opens (round 23, DiscordEconomy economy.js:56).
 */
const addOrCreate = (test: string) => `${supabase}async function addBal(id, balance, amount) {
  let { data, error } = await supabase.from('users').update({ balance: balance + amount }).eq('uid', id).select('*');
  if (error) {
    console.error(error);
  } else if (${test}) {
    await supabase.from('users').insert({ uid: id, balance: amount });
  }
}`;

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
    // A write whose failure the code itself ignores (its own \`.catch(() => {})\`, alone in a \`try\`
    // whose \`catch\` carries on) is best effort, no part of the unit: a chat line beside a credit.
    `${supabase}async function reward(user, bonus) {
  await supabase.from('messages').insert({ channel: 'global', text: 'welcome' }).catch(() => {});
  await supabase.from('users').update({ balance: user.balance + bonus }).eq('id', user.id);
}`,
    `${supabase}async function reward(user, bonus) {
  await supabase.from('users').update({ balance: user.balance + bonus }).eq('id', user.id);
  try {
    await supabase.from('messages').insert({ channel: 'global', text: 'welcome' });
  } catch (error) {
    console.warn('chat line lost', error);
  }
}`,
    // Adding \`0\` moves no money: the row keeps its value (a placeholder), nothing is left half done.
    `${supabase}async function buyBooster(player, item) {
  await supabase.from('players').update({ coins: (Number(player.coins) || 0) + 0 }).eq('id', player.id);
  await supabase.from('purchases').insert({ player_id: player.id, item });
}`,
    // A feed table the project lists in \`ignoreTables\`.
    {
      code: `${supabase}async function join(agent, bonus) {
  await supabase.from('agents').update({ balance: agent.balance + bonus }).eq('id', agent.id);
  await supabase.from('Activity_Feed').insert({ agent_id: agent.id, kind: 'joined' });
}`,
      options: [{ ignoreTables: ['activity_feed'] }],
    },
    // Not a Supabase client: a parameter nothing proves.
    `async function buy(supabase, user, cost) {
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', user.id);
  await supabase.from('ledger').insert({ user_id: user.id, amount: -cost });
}`,
    // The insert runs only when the update matched no row: nothing of the update to keep or undo.
    addOrCreate('data.length < 1'),
    addOrCreate('!data?.length'),
    `${supabase}async function addBal(id, balance, amount) {
  const { data } = await supabase.from('users').update({ balance: balance + amount }).eq('uid', id).select();
  if (data.length > 0) return;
  await supabase.from('users').insert({ uid: id, balance: amount });
}`,
  ],
  invalid: [
    // The insert runs when the update changed a row, or whatever it changed: two writes.
    { code: addOrCreate('data.length > 0'), errors: [{ ...message('balance', '8'), line: 4 }] },
    { code: addOrCreate('amount > 0'), errors: [{ ...message('balance', '8'), line: 4 }] },
    {
      // The returned rows reassigned before the test: it is no longer the update's answer.
      code: `${supabase}async function addBal(id, balance, amount) {
  let { data } = await supabase.from('users').update({ balance: balance + amount }).eq('uid', id).select();
  data = await loadRows(id);
  if (data.length < 1) await supabase.from('users').insert({ uid: id, balance: amount });
}`,
      errors: [{ ...message('balance', '6'), line: 4 }],
    },
    {
      // A debit and its ledger row: a crash between them keeps the debit with no record, or the reverse.
      code: `${supabase}async function buy(user, cost) {
  await supabase.from('users').update({ balance: user.balance - cost }).eq('id', user.id);
  await supabase.from('ledger').insert({ user_id: user.id, amount: -cost });
}`,
      errors: [{ ...message('balance', '5'), line: 4, column: 9, endLine: 4, endColumn: 90 }],
    },
    {
      // A rejection handler that rethrows, or a \`catch\` that returns, keeps the write part of the unit.
      code: `${supabase}async function reward(user, bonus) {
  await supabase.from('messages').insert({ channel: 'global', text: 'welcome' }).catch((error) => { throw error; });
  await supabase.from('users').update({ balance: user.balance + bonus }).eq('id', user.id);
}`,
      errors: [{ ...message('balance', '4'), line: 5 }],
    },
    {
      code: `${supabase}async function reward(user, bonus) {
  await supabase.from('users').update({ balance: user.balance + bonus }).eq('id', user.id);
  try {
    await supabase.from('messages').insert({ channel: 'global', text: 'welcome' });
  } catch (error) {
    return { error };
  }
}`,
      errors: [{ ...message('balance', '6'), line: 4 }],
    },
    {
      // Adding an amount moves money.
      code: `${supabase}async function buyBooster(player, item, bonus) {
  await supabase.from('players').update({ coins: (Number(player.coins) || 0) + bonus }).eq('id', player.id);
  await supabase.from('purchases').insert({ player_id: player.id, item });
}`,
      errors: [{ ...message('coins', '5'), line: 4 }],
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
