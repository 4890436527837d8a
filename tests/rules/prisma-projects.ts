import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A Prisma project on disk whose `prisma/schema.prisma` names the datasource `provider` as written
 * (`'"sqlite"'`, `'env("DB_PROVIDER")'`; null: no schema file at all), with `models` after its
 * `Stock` model. Returns the path of its
 * `stock.ts`. Prisma begins every SQLite transaction `IMMEDIATE`: the write lock is taken at the
 * BEGIN, so two runs of one interactive transaction cannot both read the old quantity.
 */
export function prismaProject(name: string, provider: string | null, models = ''): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `prisma-${name}-`));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1.30.0', '@prisma/client': '^6.0.0' } }));
  if (provider !== null) {
    fs.mkdirSync(path.join(root, 'prisma'));
    fs.writeFileSync(path.join(root, 'prisma/schema.prisma'), `datasource db {\n  provider = ${provider}\n  url      = env("DATABASE_URL")\n}\n\nmodel Stock {\n  id       Int @id\n  quantity Int\n}\n${models}`);
  }
  return path.join(root, 'stock.ts');
}

/** The read (line 5), the check and the decrement (line 7), all on the interactive transaction's handle. */
export const ISSUE_STOCK = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function issue(id: number, amount: number) {
  return prisma.$transaction(async (tx) => {
    const stock = await tx.stock.findFirst({ where: { id } });
    if (!stock || stock.quantity < amount) throw new Error('not enough');
    await tx.stock.update({ where: { id }, data: { quantity: { decrement: amount } } });
  });
}`;

/**
 * The twin whose read and check run before the transaction, on the client (line 4), and whose
 * decrement (line 6) runs in the array form of `$transaction`: it begins IMMEDIATE too, but after the check.
 */
export const ISSUE_STOCK_READ_OUTSIDE = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function issue(id: number, amount: number) {
  const stock = await prisma.stock.findFirst({ where: { id } });
  if (!stock || stock.quantity < amount) throw new Error('not enough');
  await prisma.$transaction([prisma.stock.update({ where: { id }, data: { quantity: { decrement: amount } } }), prisma.issue.create({ data: { id, amount } })]);
}`;

/**
 * A game save (batd92+telegram-mini-game, round 28): the profile read by the player's key (line 5),
 * its `remaining_play` checked, a history row created, then the profile's `remaining_play` decremented by the id the
 * read returned (line 8) — all on the interactive transaction's handle. `where` is the decrement's.
 */
export const SAVE_GAME = (where = '{ id: profile.id }'): string => `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function save(userId: string, score: number) {
  return prisma.$transaction(async (tx) => {
    const profile = await tx.stock.findFirst({ where: { userId } });
    if (!profile || profile.remaining_play <= 0) throw new Error('no plays left');
    await tx.history.create({ data: { userId, score } });
    return tx.stock.update({ where: ${where}, data: { remaining_play: { decrement: 1 } } });
  });
}`;

/** A user with a one-to-one wallet and bank, and a list of loans: `include: { wallet: true }` reads one `Wallet` beside the user. */
export const USER_WALLET_MODELS = `
model User {
  id     String  @id @map("_id")
  wallet Wallet?
  bank   Bank?
  loans  Loan[]
}
model Wallet {
  id      String @id @map("_id")
  userId  String @unique
  user    User   @relation(fields: [userId], references: [id])
  balance Int
}
model Bank {
  id      String @id @map("_id")
  userId  String @unique
  user    User   @relation(fields: [userId], references: [id])
  balance Int
}
model Loan {
  id      String @id @map("_id")
  userId  String
  user    User   @relation(fields: [userId], references: [id])
  balance Int
}
`;

/**
 * A purchase (BEAST6869+Casino-, round 30): the user read with its wallet through `include` (line 5),
 * the wallet's balance checked, then that wallet decremented by the id the read returned (line 7),
 * all on the interactive transaction's handle. `read` is the read's options, `check` the test,
 * `where` the decrement's.
 */
export const BUY_WITH_WALLET = ({
  read = '{ where: { id: userId }, include: { wallet: true } }',
  check = '!user || !user.wallet || user.wallet.balance < price',
  where = '{ id: user.wallet.id }',
} = {}): string => `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function buy(userId: string, price: number) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique(${read});
    if (${check}) throw new Error('not enough');
    await tx.wallet.update({ where: ${where}, data: { balance: { decrement: price } } });
  });
}`;
