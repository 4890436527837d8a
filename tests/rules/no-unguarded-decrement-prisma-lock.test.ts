import rule from '../../src/rules/no-unguarded-decrement.js';
import { ruleTester } from '../rule-tester.js';

const prisma = "import { Prisma, PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";

/** A debit in one interactive `$transaction`: `lock` first, then the read and the check, then the decrement. */
const LOCKED_DEBIT = (lock: string, check = 'if (balance < amount) throw new Error("insufficient");') => `${prisma}
export async function debit(userId: string, amount: number) {
  await prisma.$transaction(async (tx) => {
    ${lock}
    const wallet = rows[0];
    const balance = Number(wallet.balance);
    ${check}
    await tx.wallet.update({ where: { userId }, data: { balance: { decrement: amount } } });
  });
}`;
const WALLET_LOCK = 'const rows = await tx.$queryRaw`SELECT id, balance FROM wallets WHERE user_id = ${userId} FOR UPDATE`;';

/** The model read again after the lock, and checked with a Decimal comparison (`.lt`). */
const LOCK_THEN_READ = (lock: string, order: 'lock-first' | 'read-first' = 'lock-first') => {
  const read = 'const wallet = await tx.wallet.findUnique({ where: { userId } });';
  return `${prisma}
export async function bet(userId: string, stake: Prisma.Decimal) {
  return prisma.$transaction(async (tx) => {
    ${order === 'lock-first' ? `${lock}\n    ${read}` : `${read}\n    ${lock}\n    if (!rows.length) throw new Error('no wallet');`}
    if (wallet.balance.lt(stake)) throw new Error('insufficient');
    return tx.wallet.update({ where: { userId }, data: { balance: { decrement: stake } } });
  });
}`;
};
const LOCK_ROWS = 'const rows = await tx.$queryRaw`SELECT * FROM wallets WHERE user_id = ${userId}::uuid FOR UPDATE`;';

/** Read and checked in one `$transaction(fn, options)`. */
const ISOLATED_SPEND = (options: string, read = 'const user = await tx.user.findUnique({ where: { id } });') => `${prisma}
export async function spend(id: string, price: number) {
  await prisma.$transaction(async (tx) => {
    ${read}
    if (!user || user.balance < price) throw new Error('insufficient');
    await tx.user.update({ where: { id }, data: { balance: { decrement: price } } });
  }${options});
}`;
const SERIALIZABLE = ', { isolationLevel: Prisma.TransactionIsolationLevel.Serializable }';
const HELPER_READ = `async function ensureUser(id, tx = prisma) {
  return tx.user.upsert({ where: { id }, update: {}, create: { id } });
}
`;

ruleTester.run('no-unguarded-decrement: Prisma row locks and isolation', rule, {
  valid: [
    // The row is locked FOR UPDATE (`wallets` is the table of the model `Wallet`), then checked: a second debit waits at the lock.
    LOCKED_DEBIT(WALLET_LOCK),
    LOCKED_DEBIT("const rows = await tx.$queryRawUnsafe('SELECT * FROM \"Wallet\" WHERE \"userId\" = $1 FOR UPDATE', userId);"),
    // The check reads the model again after the lock, through a Decimal comparison.
    LOCK_THEN_READ(LOCK_ROWS),
    // Read and checked inside a Serializable (or RepeatableRead) transaction: one of two concurrent spends fails to commit.
    ISOLATED_SPEND(SERIALIZABLE),
    ISOLATED_SPEND(", { isolationLevel: 'Serializable' }"),
    ISOLATED_SPEND(', { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead }'),
    // Read through a helper given the transaction's handle.
    HELPER_READ + ISOLATED_SPEND(SERIALIZABLE, 'const user = await ensureUser(id, tx);'),
  ],
  invalid: [
    // No lock: read committed lets two debits read the same balance.
    { code: LOCKED_DEBIT('const rows = await tx.$queryRaw`SELECT id, balance FROM wallets WHERE user_id = ${userId}`;'), errors: [{ messageId: 'unguarded', line: 10 }] },
    // A lock of another table.
    { code: LOCKED_DEBIT('const rows = await tx.$queryRaw`SELECT id, balance FROM bets WHERE user_id = ${userId} FOR UPDATE`;'), errors: [{ messageId: 'unguarded', line: 10 }] },
    // Locked, but nothing read after the lock is checked.
    { code: LOCKED_DEBIT(WALLET_LOCK, ''), errors: [{ messageId: 'unguarded', line: 10 }] },
    // The read and its check come before the lock: the lock holds a row whose value was never compared.
    { code: LOCK_THEN_READ(LOCK_ROWS, 'read-first'), errors: [{ messageId: 'unguarded', line: 10 }] },
    // Read committed, named or by default.
    { code: ISOLATED_SPEND(', { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted }'), errors: [{ messageId: 'unguarded', line: 8 }] },
    { code: ISOLATED_SPEND(''), errors: [{ messageId: 'unguarded', line: 8 }] },
    // Serializable, but the balance checked was read outside the transaction.
    {
      code: `${prisma}
export async function spend(id: string, price: number) {
  const user = await prisma.user.findUnique({ where: { id } });
  if (!user || user.balance < price) throw new Error('insufficient');
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { balance: { decrement: price } } });
  }${SERIALIZABLE});
}`,
      errors: [{ messageId: 'unguarded', line: 8 }],
    },
    // Serializable, but the decrement runs on the outer client, outside the transaction.
    { code: ISOLATED_SPEND(SERIALIZABLE).replace('await tx.user.update', 'await prisma.user.update'), errors: [{ messageId: 'unguarded', line: 8 }] },
    // Serializable, but what is checked is another model's row (the stock is never re-read in the transaction).
    {
      code: `${prisma}
export async function buy(id: string, item: { id: string; stock: number; price: number }) {
  if (item.stock <= 0) throw new Error('sold out');
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (user.balance < item.price) throw new Error('insufficient');
    await tx.user.update({ where: { id }, data: { balance: { decrement: item.price } } });
    await tx.shopItem.update({ where: { id: item.id }, data: { stock: { decrement: 1 } } });
  }${SERIALIZABLE});
}`,
      errors: [{ messageId: 'unguarded', line: 10 }],
    },
    // A helper read of the handle whose result is not the checked column's row.
    {
      code: `${HELPER_READ}${prisma}
export async function buy(id: string, itemId: string, price: number) {
  await prisma.$transaction(async (tx) => {
    const user = await ensureUser(id, tx);
    if (user.balance < price) throw new Error('insufficient');
    await tx.shopItem.update({ where: { id: itemId }, data: { stock: { decrement: 1 } } });
  }${SERIALIZABLE});
}`,
      errors: [{ messageId: 'unguarded', line: 11 }],
    },
    // The array form runs each query on its own: no read in it is checked before the write.
    { code: `${prisma}await prisma.$transaction([prisma.user.update({ where: { id }, data: { balance: { decrement: price } } })]${SERIALIZABLE});`, errors: [{ messageId: 'unguarded', line: 3 }] },
  ],
});
