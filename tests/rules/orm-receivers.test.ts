import rule from '../../src/rules/no-unguarded-decrement.js';
import { ruleTester } from '../rule-tester.js';

/** How the ORM model recognises clients: every shape of import, creation, type and handle. */
const spend = (db: string) => `${db}('users').where({ id }).decrement('balance', 1);`;
const prismaSpend = (db: string) => `${db}.user.update({ where: { id }, data: { balance: { decrement: 1 } } });`;

ruleTester.run('ORM receivers', rule, {
  valid: [
    // Not clients.
    `let db; db = other(); ${spend('db')}`,
    `import { Knex } from 'knex'; function f(db: Array<Knex>) { ${spend('db')} }`,
    `import { Other } from 'kysely'; function f(db: Other) { ${spend('db')} }`,
    `import { Foo } from './types'; function f(db: Foo.Bar) { ${spend('db')} }`,
    `import { Knex } from 'knex'; function f({ db }: { db: Knex }) { ${spend('db')} }`,
    `import knex from 'knex'; const k = knex(); items.forEach((trx) => { ${spend('trx')} });`,
    `import knex from 'knex'; const k = knex(); k.transaction((other, trx) => { ${spend('trx')} });`,
    `import knex from 'knex'; const k = knex(); k.transaction(cb); function cb(trx) { ${spend('trx')} }`,
    `import knex from 'knex'; const k = knex(); k.execute(async (trx) => { ${spend('trx')} });`,
    `import knex from 'knex'; const k = knex(); k.other().execute(async (trx) => { ${spend('trx')} });`,
    `import knex from 'knex'; const k = knex(); run()(async (trx) => { ${spend('trx')} });`,
    `import knex from 'knex'; const k = knex(); k[method](async (trx) => { ${spend('trx')} });`,
    `import { drizzle } from 'drizzle-orm/node-postgres'; import { Knex } from 'knex'; const d = drizzle(pool); ${spend('d.foo')}`,
    `const k = require(dynamic); ${spend('k')}`,
    `const k = require('knex').other; ${spend('k')}`,
    `import * as lib from 'lodash'; const k = lib.knex(); ${spend('k')}`,
    `import { PrismaClient } from '@prisma/client'; const p = PrismaClient(); ${prismaSpend('p')}`,
    `import { Prisma } from '@prisma/client'; const p = new Prisma(); ${prismaSpend('p')}`,
    `import { PrismaClient } from '@prisma/client'; class A { private db: Other; private x; constructor(private readonly other: Other, plain: number) {} run() { ${prismaSpend('this.db')} } }`,
    `import { PrismaClient } from '@prisma/client'; class A extends Base { run() { ${prismaSpend('this')} } }`,
    `import { PrismaClient } from '@prisma/client'; class A extends PrismaClient { run() { return function () { ${prismaSpend('this')} }; } }`,
    `import { PrismaClient } from '@prisma/client'; const A = class { run() { ${prismaSpend('this.x')} } };`,
    `${prismaSpend('this[key]')}`,
    `${prismaSpend('a[b]')}`,
    `import knex from 'knex'; const a0 = knex(); const a1 = a0, a2 = a1, a3 = a2, a4 = a3, a5 = a4, a6 = a5, a7 = a6, a8 = a7, a9 = a8, a10 = a9; ${spend('a10')}`,
    `import knex from 'knex'; const k = cond ? null : undefined; ${spend('k')}`,
    `import { sql } from 'drizzle-orm'; const s = sql; await db.update(users).set({ balance: s.raw\`balance - 1\` });`,
  ],
  invalid: [
    { code: `import * as Knex from 'knex'; const db = Knex.knex(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { knex as make } from 'knex'; const db = make(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { "knex" as make } from 'knex'; const db = make(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `const mod = await import('knex'); const db = mod.default(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `const { default: make } = require('knex'); const db = make(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `const { knex: make = fallback } = require('knex'); const db = make(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `const { PrismaClient } = await import('@prisma/client'); const p = new PrismaClient(); ${prismaSpend('p')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import knex from 'knex'; const db = globalThis.db || knex(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import knex from 'knex'; const db = cond ? null : knex(cfg); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import knex from 'knex'; const db = knex(cfg).withUserParams({}); ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { Knex } from 'knex'; function f(db: Knex | undefined) { ${spend('db!')} }`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { Knex } from 'knex'; function f(trx: Knex.Transaction) { ${spend('trx')} }`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { Kysely, Transaction } from 'kysely'; function f(trx: Transaction<DB>) { trx.updateTable('users').set((eb) => ({ balance: eb('balance', '-', 1) })).execute(); }`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { PrismaClient } from '../generated/prisma'; function f(p: PrismaClient) { ${prismaSpend('p')} }`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { PrismaClient } from '../generated/prisma'; const p = new PrismaClient(); ${prismaSpend('p')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import db from '../generated/prisma'; ${prismaSpend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { db } from './knex.js'; ${spend('db')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `const p = ctx.prisma; ${prismaSpend('ctx.prisma')}`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { Knex } from 'knex'; class A { constructor(private readonly db: Knex = make()) {} run() { ${spend('this.db')} } }`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { PrismaClient } from '@prisma/client'; const A = class extends PrismaClient { run() { ${prismaSpend('this')} } };`, errors: [{ messageId: 'unguarded' }] },
    { code: `import { PrismaClient } from '@prisma/client'; class A extends PrismaClient { run = () => { ${prismaSpend('this')} }; }`, errors: [{ messageId: 'unguarded' }] },
    { code: `import knex from 'knex'; const db: Knex = knex(); const alias = db; ${spend('alias')}`, errors: [{ messageId: 'unguarded' }] },
  ],
});
