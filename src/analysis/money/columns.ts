import { escapeRegExp } from '../ast/index.js';

/**
 * The column-name model shared by the money rules: which columns hold money or quantities (a
 * decrement of them must be guarded), which columns carry an external identity (an INSERT of them
 * must be idempotent), and which tables a rule is told to check or skip.
 *
 * Names are compared in snake case, so `telegramPaymentChargeId`, `TelegramPaymentChargeId` and
 * `telegram_payment_charge_id` are one name; quotes and a schema/table prefix are dropped.
 */

/**
 * Money- and quantity-like words. A column matches when one of the words of its name is in this
 * list: `balance`, `user_balance`, `starsBalance`, `free_credits`, `tokens_left`. One token is a
 * quantity only as the first word (`token`, `token_balance`): after a qualifier it names one token,
 * a credential or an identity (`qr_token`, `access_token`, `refresh_token`), while a count of them
 * says `tokens`.
 */
export const DEFAULT_MONEY_COLUMNS: readonly string[] = [
  'balance',
  'balances',
  'credit',
  'credits',
  'coin',
  'coins',
  'token_*',
  'tokens',
  'star',
  'stars',
  'point',
  'points',
  'amount',
  'quota',
  'quotas',
  'stock',
  'quantity',
  'qty',
  'funds',
  'money',
  'cash',
  'gems',
  'diamonds',
  'gold',
  'bonus',
  'bonuses',
  'generations',
  'requests',
  'remaining',
  'inventory',
  'usd',
  'eur',
  'rub',
  'usdt',
  'btc',
  'eth',
  'ton',
  'sats',
  'cents',
];

/**
 * Columns whose value comes from outside and identifies one event: a retried webhook or update
 * carries the same value again. `*` stands for any prefix of whole words (`*_charge_id` matches
 * `charge_id` and `provider_payment_charge_id`).
 */
export const DEFAULT_IDEMPOTENCY_COLUMNS: readonly string[] = [
  '*_idempotency_key',
  'idempotence_key',
  '*_external_id',
  '*_charge_id',
  '*_payment_id',
  'invoice_id',
  'transaction_id',
  'update_id',
  'event_id',
  'telegram_payment_charge_id',
];

/** {@link snakeCaseColumn}'s answers: asked for every column of every write, and the names a codebase writes are few. */
const snakeCased = new Map<string, string>();

/** `telegramPaymentChargeId`, `"Users"."balance"`, `users.balance` → `telegram_payment_charge_id`, `balance`. */
export function snakeCaseColumn(name: string): string {
  let snake = snakeCased.get(name);
  if (snake === undefined) {
    const last = name.split('.').pop()!;
    snake = last
      .replace(/["`[\]]/g, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
      .replace(/[\s-]+/g, '_')
      .toLowerCase();
    snakeCased.set(name, snake);
  }
  return snake;
}

/** The words of a name: `starsBalance` → `['stars', 'balance']`. */
export function nameWords(name: string): string[] {
  return snakeCaseColumn(name)
    .split('_')
    .filter((word) => word.length > 0);
}

export type NameMatcher = (name: string) => boolean;

function regexEntry(entry: string): RegExp | null {
  const match = /^\/(.+)\/([a-z]*)$/.exec(entry);
  return match ? new RegExp(match[1]!, match[2]) : null;
}

/**
 * A matcher for a list of entries. Each entry is a /regular expression/ (tested on the name as
 * written and in snake case), a pattern with `*` (any prefix or suffix of whole words), or a word
 * that matches a name equal to it or containing it as one of its words.
 */
export function createNameMatcher(entries: readonly string[]): NameMatcher {
  // Each entry tests the name as written, in snake case, or by its words: those are worked out once
  // per name asked, not once per entry (the default money list has dozens).
  type Forms = { name: string; snake: string; words: readonly string[] };
  const tests = entries.map((entry): ((forms: Forms) => boolean) => {
    const regex = regexEntry(entry);
    if (regex) return ({ name, snake }) => regex.test(name) || regex.test(snake);
    if (entry.includes('*')) {
      const glob = globRegex(snakeCaseColumn(entry));
      return ({ snake }) => glob.test(snake);
    }
    const wanted = snakeCaseColumn(entry);
    return ({ snake, words }) => snake === wanted || words.includes(wanted);
  });
  return (name) => {
    const snake = snakeCaseColumn(name);
    const forms = { name, snake, words: snake.split('_').filter((word) => word.length > 0) };
    return tests.some((test) => test(forms));
  };
}

/** `*_charge_id` matches `charge_id` and `x_charge_id`; `stripe_*` matches `stripe_id`. */
function globRegex(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => escapeRegExp(part))
    .join('(?:.*)')
    .replace(/^\(\?:\.\*\)_/, '(?:.*_)?')
    .replace(/_\(\?:\.\*\)$/, '(?:_.*)?');
  return new RegExp(`^${source}$`);
}

/**
 * Words that mark a column as a mirror of state kept elsewhere (`latest_sol_balance`,
 * `last_known_balance`, `cached_credits`): decrementing it records a spend that already happened
 * outside (on chain, at a provider), so there is nothing to guard.
 */
const MIRROR_WORDS = new Set(['latest', 'last', 'cached', 'synced', 'observed', 'onchain']);

/**
 * A column matcher for `columns`/`ignoreColumns`/`guardedColumns`: in the list, not ignored, not
 * guarded, and not a mirror of external state.
 */
export function createColumnFilter(options: {
  columns?: readonly string[] | undefined;
  ignoreColumns?: readonly string[] | undefined;
  guardedColumns?: readonly string[] | undefined;
}): NameMatcher {
  const included = createNameMatcher(options.columns ?? DEFAULT_MONEY_COLUMNS);
  const ignored = createNameMatcher([...(options.ignoreColumns ?? []), ...(options.guardedColumns ?? [])]);
  return (name) => included(name) && !ignored(name) && !nameWords(name).some((word) => MIRROR_WORDS.has(word));
}

/**
 * Words that mark a column as a hold (`locked_usd`, `held_coins`, `reserved_balance`, `escrow_usd`,
 * `frozen_stars`): money set aside for open events (a withdrawal, a deal), added when the event is
 * made and taken off when it is settled — not spent by anything else, unlike the balance beside it.
 */
const HOLD_WORDS = new Set(['locked', 'hold', 'holds', 'held', 'reserved', 'escrow', 'escrowed', 'frozen']);

/** A column that holds money set aside for open events (see `HOLD_WORDS`). */
export function isHoldColumn(column: string): boolean {
  return nameWords(column).some((word) => HOLD_WORDS.has(word));
}

const isMoneyColumn = createColumnFilter({});
/** Counters and limits that gate a spend or a claim, beside the money words. */
const COUNTER_WORDS = new Set(['count', 'counter', 'uses', 'used', 'usage', 'attempts', 'tries', 'spins', 'limit', 'lives', 'energy', 'tickets', 'seats', 'slots']);

/** A column whose lost update costs something: money, a quantity (the default money words), a counter or a limit. */
export function isValueColumn(column: string): boolean {
  return isMoneyColumn(column) || nameWords(column).some((word) => COUNTER_WORDS.has(word));
}

/** Words of a column that records money the user owes: raising it lends, lowering it repays (`loan`, `debt`). */
const DEBT_WORDS = new Set(['loan', 'loans', 'debt', 'debts', 'owed', 'owing', 'borrowed']);
/** Words of a column that states a price or rate (`price_stars`, `cost_coins`, `eur_per_star`): what a sale will cost, not money anyone holds. */
const PRICE_WORDS = new Set(['price', 'prices', 'cost', 'costs', 'rate', 'rates', 'per']);

/**
 * A column whose change moves value: money or a quantity (the default money words) or money owed
 * (`loan`, `debt`), not a price or rate (`price_stars = ?` edits a catalogue; nothing is paid).
 */
export function isMoneyFlowColumn(column: string): boolean {
  const words = nameWords(column);
  if (words.some((word) => PRICE_WORDS.has(word))) return false;
  return isMoneyColumn(column) || words.some((word) => DEBT_WORDS.has(word));
}

/** A table or model name as tables are matched: snake case, schema prefix and quotes dropped, a plural `s` dropped (`"Orders"`, `public.orders`, `Order` → `order`). */
export function tableStem(name: string): string {
  return snakeCaseColumn(name).replace(/s$/, '');
}

/**
 * A table matcher: an entry matches a table by its snake-case name, ignoring a schema prefix and a
 * plural `s` (`payments` matches the Prisma model `Payment`); `*` matches every table.
 */
export function createTableMatcher(entries: readonly string[]): NameMatcher {
  const wanted = entries.map((entry) => (entry === '*' ? '*' : tableStem(entry)));
  return (name) => wanted.some((entry) => entry === '*' || entry === tableStem(name));
}

/** Words of a table whose rows record money changing hands: a payment, an order, a withdrawal, a ledger row. */
const PAYMENT_TABLE_WORDS = new Set([
  'payment', 'payments', 'pay', 'payout', 'payouts', 'order', 'orders', 'invoice', 'invoices', 'withdrawal', 'withdrawals', 'withdraw', 'withdraws',
  'deposit', 'deposits', 'topup', 'topups', 'purchase', 'purchases', 'subscription', 'subscriptions', 'transaction', 'transactions', 'transfer',
  'transfers', 'refund', 'refunds', 'ledger', 'earnings', 'checkout', 'checkouts', 'charge', 'charges', 'reward', 'rewards', 'bonus', 'bonuses', 'prize', 'prizes',
]);

/** A table whose rows record money changing hands (see `PAYMENT_TABLE_WORDS`): `payments`, `withdraw_requests`, `star_orders`. */
export function isPaymentTable(table: string): boolean {
  return nameWords(table).some((word) => PAYMENT_TABLE_WORDS.has(word));
}

/**
 * Words of a column that stores the user's own money inside the bot's economy: the `bank` of a Discord economy bot
 * beside its pocket `coins`, a `savings` or `vault`. Not any money column: moving a balance into a withdrawable one
 * (`spot_balance` beside `gamble_balance`) twice pays out the doubled credit and leaves the other negative, a
 * real loss (round 25, judged TRUE: castlejnr2-droid/yellowcatz-bot no-unguarded-decrement #3, #21).
 */
const HOLDING_WORDS = new Set(['bank', 'savings', 'vault']);
/**
 * Words of a column that counts money gone or owed rather than held (`total_spent`, `bank_withdrawn`,
 * `fees_paid`, `debt`): raising it records a spend, a payout or a fee, not money kept by the user.
 */
const SINK_WORDS = new Set([
  'spent', 'spend', 'spending', 'withdrawn', 'withdraw', 'withdrawal', 'withdrawals', 'used', 'paid', 'payout', 'payouts', 'total', 'sent',
  'lost', 'donated', 'fee', 'fees', 'bet', 'bets', 'wagered', 'debt', 'owed', 'tax', 'burned', 'burnt', 'given', 'gifted', 'transferred', 'pending',
]);

/**
 * Whether a decrement only moves the amount into the user's bank in the same write
 * (`SET coins = coins - $1, bank = bank + $1`, `$inc: { coins: -n, bank: n }`): one of `credited`
 * (the columns the write raises by the very same amount) is a bank, savings or vault of the same row,
 * neither a hold (`locked_bank`) nor a count of money spent, paid out or owed. A doubled deposit moves
 * the user's own coins into his own bank twice: the sum of his balances stays what it was, nothing is
 * created or paid out.
 */
export function movedWithinRow(column: string, credited: readonly string[]): boolean {
  return credited.some((other) => {
    if (snakeCaseColumn(other) === snakeCaseColumn(column)) return false;
    const words = nameWords(other);
    if (words.some((word) => HOLD_WORDS.has(word) || SINK_WORDS.has(word) || MIRROR_WORDS.has(word))) return false;
    return words.some((word) => HOLDING_WORDS.has(word));
  });
}
