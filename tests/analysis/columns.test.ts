import { describe, expect, it } from 'vitest';

import {
  DEFAULT_IDEMPOTENCY_COLUMNS,
  createColumnFilter,
  createNameMatcher,
  createTableMatcher,
  isMoneyFlowColumn,
  isPaymentTable,
  isValueColumn,
  nameWords,
  snakeCaseColumn,
} from '../../src/analysis/money/columns.js';

describe('column-name model', () => {
  it('counts money, counters and limits as value columns, not statuses or mirrors', () => {
    expect(isValueColumn('starsBalance')).toBe(true);
    expect(isValueColumn('spins_left')).toBe(true);
    expect(isValueColumn('daily_limit')).toBe(true);
    expect(isValueColumn('status')).toBe(false);
    expect(isValueColumn('last_known_balance')).toBe(false);
  });

  it('counts money and money owed as moving value, not a price or a rate', () => {
    expect(['coins', 'starsBalance', 'stock', 'loan', 'total_debt', 'amount_owed', 'borrowed_usd'].map(isMoneyFlowColumn)).toEqual([true, true, true, true, true, true, true]);
    expect(['price_stars', 'cost_coins', 'eur_per_star', 'exchange_rate', 'level', 'messages', 'shotgun'].map(isMoneyFlowColumn)).toEqual([false, false, false, false, false, false, false]);
  });

  it('names tables whose rows record money changing hands', () => {
    expect(['payments', 'withdraw_requests', 'starOrders', 'deposits', 'referral_rewards'].map(isPaymentTable)).toEqual([true, true, true, true, true]);
    expect(['users', 'model_profiles', 'access_requests', 'settings'].map(isPaymentTable)).toEqual([false, false, false, false]);
  });

  it('normalises names to snake case, dropping quotes and qualifiers', () => {
    expect(snakeCaseColumn('telegramPaymentChargeId')).toBe('telegram_payment_charge_id');
    expect(snakeCaseColumn('"Users"."starsBalance"')).toBe('stars_balance');
    expect(snakeCaseColumn('users.balance')).toBe('balance');
    expect(snakeCaseColumn('HTTPStatusCode')).toBe('http_status_code');
    expect(snakeCaseColumn('free-credits')).toBe('free_credits');
    expect(nameWords('starsBalance')).toEqual(['stars', 'balance']);
  });

  it('matches money columns by word, and honours columns / ignoreColumns / guardedColumns', () => {
    const money = createColumnFilter({});
    expect(['balance', 'star_balance', 'starsBalance', 'free_credits', 'tokens_left', 'locked_usd'].every(money)).toBe(true);
    expect(['login_attempts', 'id', 'name', 'counter'].some(money)).toBe(false);
    expect(createColumnFilter({ ignoreColumns: ['amount'] })('amount')).toBe(false);
    expect(createColumnFilter({ guardedColumns: ['balance'] })('balance')).toBe(false);
    expect(createColumnFilter({ columns: ['seats'] })('balance')).toBe(false);
    expect(createColumnFilter({ columns: ['/^gen/'] })('generations_left')).toBe(true);
  });

  it('matches idempotency patterns: `*` stands for whole leading words', () => {
    const identity = createNameMatcher(DEFAULT_IDEMPOTENCY_COLUMNS);
    for (const name of ['telegram_payment_charge_id', 'providerPaymentChargeId', 'charge_id', 'idempotency_key', 'stripe_idempotency_key', 'external_id', 'update_id', 'invoiceId', 'payment_id', 'yookassa_payment_id']) {
      expect(identity(name), name).toBe(true);
    }
    for (const name of ['user_id', 'telegram_id', 'id', 'recharge_identifier', 'amount', 'discharge_idx']) {
      expect(identity(name), name).toBe(false);
    }
    expect(createNameMatcher(['stripe_*'])('stripe_event')).toBe(true);
    expect(createNameMatcher(['stripe_*'])('stripe')).toBe(true);
    expect(createNameMatcher(['a*b'])('axxb')).toBe(true);
  });

  it('matches tables by snake-case singular name; `*` matches all', () => {
    const tables = createTableMatcher(['payments']);
    expect(tables('payment')).toBe(true);
    expect(tables('Payment')).toBe(true);
    expect(tables('public.payments')).toBe(true);
    expect(tables('users')).toBe(false);
    expect(createTableMatcher(['*'])('anything')).toBe(true);
    expect(createTableMatcher([])('payments')).toBe(false);
  });
});
