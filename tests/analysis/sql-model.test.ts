import { describe, expect, it } from 'vitest';

import { paramArgument, sourceRange, whereArguments } from '../../src/analysis/sql/index.js';
import { modelOf } from './sql-helpers.js';

/** One line per statement: `api connection kind target|tables transaction`. */
function summary(code: string): string[] {
  const { model } = modelOf(code);
  return model.flows.flatMap((flow) =>
    flow.statements.map(({ call, statement, transaction }) =>
      [
        call.api,
        call.connection.kind + (call.connection.pooled ? '*' : ''),
        statement.kind,
        statement.target ?? statement.tables.join(',') ?? '',
        transaction ? `${transaction.kind}${transaction.effective ? '' : '!'}${transaction.isolation ? `:${transaction.isolation}` : ''}` : '-',
      ].join(' '),
    ),
  );
}

describe('transactions', () => {
  it('D1 db.batch([...]) is a transaction for the statements in its array, not for the others', () => {
    expect(
      summary(`
        export async function pay(env, id, amount) {
          await env.DB.batch([
            env.DB.prepare('INSERT INTO withdrawals (user_id, amount) VALUES (?, ?)').bind(id, amount),
            env.DB.prepare('UPDATE users SET balance = balance - ? WHERE id = ?').bind(amount, id),
          ]);
          await env.DB.prepare('UPDATE users SET seen = 1 WHERE id = ?').bind(id).run();
          await env.DB.batch(statements);
        }`),
    ).toEqual(['prepare parameter insert withdrawals batch', 'prepare parameter update users batch', 'prepare parameter update users -']);
  });
});

describe('extraction per driver', () => {
  it('node-postgres: text, { text } objects, constants, concatenation', () => {
    expect(
      summary(`
        import { Pool } from 'pg';
        const pool = new Pool();
        const BASE = 'SELECT * FROM users';
        const WHERE_ID = BASE + ' WHERE id = $1';
        export async function f(id) {
          await pool.query(WHERE_ID, [id]);
          await pool.query({ text: 'UPDATE users SET a = 1 WHERE id = $1', values: [id] });
          await pool.query({ name: 'x', values: [] });
          await pool.query(\`DELETE FROM \${'sessions'} WHERE id = $1\`, [id]);
        }`),
    ).toEqual(['query pool* select users -', 'query pool* update users -', 'query pool* delete sessions -']);
  });

  it('postgres.js: tagged templates, fragments and sql.begin', () => {
    expect(
      summary(`
        import postgres from 'postgres';
        const sql = postgres(process.env.URL);
        export async function f(id, filter) {
          await sql\`SELECT * FROM users WHERE id = \${id} \${filter ? sql\`AND active\` : sql\`\`}\`;
          await sql.begin('isolation level serializable', async (tx) => {
            await tx\`UPDATE users SET n = n + 1 WHERE id = \${id}\`;
            await sql\`INSERT INTO audit (id) VALUES (\${id})\`;
          });
          await sql.unsafe('DELETE FROM t WHERE id = $1', [id]);
        }`),
    ).toEqual([
      'sql pool* select users -',
      'tx transaction update users callback:serializable',
      'sql pool* insert audit -',
      'unsafe pool* delete t -',
    ]);
  });

  it('pg-promise: query methods and db.tx', () => {
    expect(
      summary(`
        import pgPromise from 'pg-promise';
        const pgp = pgPromise();
        const db = pgp(process.env.URL);
        export async function f(id) {
          const user = await db.one('SELECT * FROM users WHERE id = $1', id);
          await db.tx('spend', async (t) => {
            await t.none('UPDATE users SET balance = balance - $1 WHERE id = $2', [1, id]);
            await t.oneOrNone('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
          });
        }`),
    ).toEqual(['one pool* select users -', 'none transaction update users callback', 'oneOrNone transaction select users callback']);
  });

  it('mysql2: query / execute with ? placeholders, connections and beginTransaction', () => {
    expect(
      summary(`
        import mysql from 'mysql2/promise';
        const pool = mysql.createPool({});
        export async function f(id) {
          const conn = await pool.getConnection();
          await conn.beginTransaction();
          const [rows] = await conn.query('SELECT * FROM \`users\` WHERE id = ? FOR UPDATE', [id]);
          await conn.execute('UPDATE users SET balance = balance - ? WHERE id = ?', [1, id]);
          await conn.commit();
          await conn.execute('INSERT INTO log (a) VALUES (?)', [id]);
        }`),
    ).toEqual(['query client select users begin', 'execute client update users begin', 'execute client insert log -']);
  });

  it('knex: raw on the instance, on trx (callback and handle) and knex.transaction', () => {
    expect(
      summary(`
        import knex from 'knex';
        const db = knex({ client: 'pg' });
        export async function f(id) {
          await db.raw('SELECT * FROM users WHERE id = ?', [id]);
          await db.transaction(async (trx) => { await trx.raw('UPDATE users SET a = :a WHERE id = :id', { a: 1, id }); }, { isolationLevel: 'repeatable read' });
          const handle = await db.transaction();
          await handle.raw('DELETE FROM users WHERE id = ?', [id]);
          await handle.commit();
        }`),
    ).toEqual(['raw pool* select users -', 'raw transaction update users callback:repeatable read', 'raw transaction delete users handle']);
  });

  it('Prisma: $queryRaw tags, Unsafe variants, interactive and batch transactions', () => {
    expect(
      summary(`
        import { PrismaClient, Prisma } from '@prisma/client';
        const prisma = new PrismaClient();
        export async function f(id) {
          await prisma.$queryRaw\`SELECT * FROM "User" WHERE id = \${id}\`;
          await prisma.$executeRawUnsafe('UPDATE "User" SET n = 1 WHERE id = $1', id);
          await prisma.$queryRaw(Prisma.sql\`SELECT 1 FROM a\`);
          await prisma.$transaction(async (tx) => { await tx.$executeRaw\`DELETE FROM a WHERE id = \${id}\`; }, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable });
          await prisma.$transaction([prisma.$executeRaw\`INSERT INTO b (x) VALUES (1)\`, prisma.$executeRaw\`INSERT INTO c (x) VALUES (1)\`]);
        }`),
    ).toEqual([
      '$queryRaw pool* select user -',
      '$executeRawUnsafe pool* update user -',
      '$queryRaw pool* select a -',
      '$executeRaw transaction delete a callback:serializable',
      '$executeRaw pool* insert b batch',
      '$executeRaw pool* insert c batch',
    ]);
  });

  it('Kysely and Drizzle sql tags', () => {
    expect(
      summary(`
        import { sql } from 'kysely';
        import { sql as dsql } from 'drizzle-orm';
        export async function f(db, id) {
          await sql\`UPDATE users SET a = 1 WHERE id = \${id}\`.execute(db);
          await db.transaction().setIsolationLevel('serializable').execute(async (trx) => {
            await sql\`DELETE FROM users WHERE id = \${id}\`.execute(trx);
          });
          await db.execute(dsql\`INSERT INTO t (a) VALUES (\${id})\`);
          await db.transaction(async (tx) => { await tx.execute(dsql\`INSERT INTO u (a) VALUES (1)\`); });
          const fragment = sql\`SELECT * FROM users\`;
        }`),
    ).toEqual([
      'sql parameter update users -',
      'sql transaction delete users callback:serializable',
      'execute parameter insert t -',
      'execute transaction insert u callback',
      'sql unknown select users -',
    ]);
  });

  it('D1, better-sqlite3 and its transaction(fn)', () => {
    expect(
      summary(`
        import Database from 'better-sqlite3';
        const db = new Database('x.db');
        const move = db.transaction((id) => {
          db.prepare('UPDATE a SET n = n - 1 WHERE id = ?').run(id);
          db.prepare('UPDATE b SET n = n + 1 WHERE id = ?').run(id);
        });
        export default { async fetch(request, env) { await env.DB.prepare('SELECT * FROM users WHERE id = ?1').bind(1).first(); } };`),
    ).toEqual(['prepare pool update a callback', 'prepare pool update b callback', 'prepare parameter select users -']);
  });

  it('is evidence-based, not name-based', () => {
    expect(
      summary(`
        import axios from 'axios';
        export async function f(map, repo, id) {
          map.delete('x');
          await axios.delete('/users/' + id);
          await repo.update({ id }, { a: 1 });
          await repo.query('users');
          await cache.get('select');
          html\`<b>\${id}</b>\`;
          String.raw\`SELECT 1\`;
          await repo.query(someVariable);
        }`),
    ).toEqual([]);
  });
});

describe('template holes', () => {
  const textOf = (code: string) => modelOf(code).model.calls.map((call) => call.sql.text);

  it('fills holes by context', () => {
    expect(
      textOf(`
        export async function f(db, t, col, where, id, ids, obj, amount, extra) {
          await db.query(\`SELECT * FROM \${t} AS x WHERE x.\${col} = \${id} AND y IN \${ids}\`);
          await db.query(\`SELECT * FROM users \${where}\`);
          await db.query(\`UPDATE users SET \${obj} WHERE id = \${id}\`);
          await db.query(\`UPDATE users SET \${col} = \${col} - \${amount}, b = 1, \${extra} = 2 WHERE id = \${id} AND \${col} >= \${amount}\`);
          await db.query(\`INSERT INTO users \${obj}\`);
          await db.query(\`INSERT INTO users (a) VALUES \${obj}\`);
          await db.query(\`\${extra} SELECT 1 FROM a WHERE b = 'x' \${where} LIMIT \${id}\`);
        }`),
    ).toEqual([
      'SELECT * FROM __hole1 AS x WHERE x.__hole2 = $1 AND y IN ($2)',
      'SELECT * FROM users  ',
      'UPDATE users SET __hole1 = $1 WHERE id = $2',
      'UPDATE users SET __hole1 = __hole1 - $1, b = 1, __hole2 = 2 WHERE id = $2 AND __hole1 >= $1',
      'INSERT INTO users  DEFAULT VALUES',
      'INSERT INTO users (a) VALUES ($1)',
      '  SELECT 1 FROM a WHERE b = \'x\'   LIMIT $1',
    ]);
  });

  it('maps statements and expressions back to the source', () => {
    const code = "export async function f(db, amount) {\n  await db.query(`UPDATE users SET balance = balance - ${amount} WHERE id = 1`);\n  await db.query('SELECT * FROM t WHERE a = \\'x\\'');\n}";
    const { model } = modelOf(code);
    const [update, select] = model.calls;
    const statement = update!.statements[0]!;
    const [start, end] = sourceRange(update!, statement.range);
    expect(code.slice(start, end)).toBe('UPDATE users SET balance = balance - ${amount} WHERE id = 1');
    const delta = statement.assignments[0]!.delta!;
    expect(code.slice(...sourceRange(update!, [delta.location, delta.location + 2]))).toBe('amount');
    expect(select!.sql.literal?.type).toBe('Literal');
    const [s, e] = sourceRange(select!, select!.statements[0]!.range);
    expect(code.slice(s, e)).toBe("'SELECT * FROM t WHERE a = \\'x\\''");
  });

  it('keeps a literal for plain strings and hole-free templates only', () => {
    const { model } = modelOf('export async function f(db, x) { await db.query(`SELECT 1 FROM a`); await db.query("SELECT 1 FROM b"); await db.query(`SELECT 1 FROM c WHERE x = ${x}`); }');
    expect(model.calls.map((call) => call.sql.literal?.type ?? null)).toEqual(['TemplateLiteral', 'Literal', null]);
  });

  it('does not follow reassigned variables, parameters or self references', () => {
    expect(
      textOf(`
        let q = 'SELECT 1 FROM a';
        q = 'SELECT 2 FROM a';
        const a = a + ' FROM b';
        export async function f(db, p) {
          await db.query(q);
          await db.query(p);
          await db.query('DELETE FROM t WHERE ' + p);
        }`),
    ).toEqual(['DELETE FROM t WHERE $1']);
  });
});

describe('flows and transaction scopes', () => {
  it('groups statements per function, inline transaction callbacks included', () => {
    const { model } = modelOf(`
      import postgres from 'postgres';
      const sql = postgres();
      export async function a() { await sql\`SELECT 1 FROM x\`; await sql.begin(async (tx) => { await tx\`UPDATE x SET a = 1\`; }); }
      export const b = async () => { await sql\`DELETE FROM y\`; };
      await sql\`SELECT 1 FROM top\`;`);
    expect(model.flows.map((flow) => [flow.node.type, flow.statements.length])).toEqual([
      ['Program', 1],
      ['FunctionDeclaration', 2],
      ['ArrowFunctionExpression', 1],
    ]);
  });

  it('tracks BEGIN … COMMIT on a dedicated client, and BEGIN through a pool', () => {
    expect(
      summary(`
        import pg from 'pg';
        const pool = new pg.Pool();
        export async function client(id) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('UPDATE a SET n = 1 WHERE id = $1', [id]);
            await client.query('COMMIT');
          } catch (e) {
            await client.query('ROLLBACK');
            throw e;
          } finally {
            client.release();
          }
          await client.query('UPDATE b SET n = 1');
        }
        export async function onPool(id) {
          await pool.query('BEGIN');
          await pool.query('UPDATE a SET n = 1 WHERE id = $1', [id]);
          await pool.query('COMMIT');
          await pool.query('BEGIN; UPDATE c SET n = 1; COMMIT');
        }`),
    ).toEqual([
      'query client begin  begin',
      'query client update a begin',
      'query client commit  begin',
      'query client rollback  begin',
      'query client update b -',
      'query pool* begin  begin!',
      'query pool* update a begin!',
      'query pool* commit  begin!',
      'query pool* begin  begin',
      'query pool* update c begin',
      'query pool* commit  begin',
    ]);
  });

  it('scopes functions passed by reference and sequelize-style options', () => {
    expect(
      summary(`
        import postgres from 'postgres';
        const sql = postgres();
        async function work(tx) { await tx\`UPDATE a SET n = 1\`; }
        const other = async (t) => { await t.query('UPDATE b SET n = 1', { transaction: t }); };
        export async function run(sequelize) {
          await sql.begin(work);
          await knexish.transaction(other);
          await sequelize.transaction(async (t) => { await sequelize.query('UPDATE c SET n = 1', { transaction: t }); });
          await sequelize.query('UPDATE d SET n = 1', { transaction: external });
        }`),
    ).toEqual(['tx transaction update a callback', 'query transaction update b callback', 'query parameter update c callback', 'query parameter update d handle']);
  });

  it('reads isolation levels and handles in every form', () => {
    expect(
      summary(`
        import knex from 'knex';
        import Database from 'better-sqlite3';
        const db = knex({});
        const lite = new Database('x');
        const work = async (trx) => { await trx.raw('UPDATE a SET n = 1'); };
        export async function f() {
          await db.transaction(work, { isolation: 'SERIALIZABLE' });
          const trx = await db.transaction({ isolationLevel: 'repeatable read' });
          await trx.raw('UPDATE b SET n = 1');
          await db.transaction(async (t) => { await t.raw('UPDATE c SET n = 1'); await db.raw('UPDATE d SET n = 1'); }, { isolationLevel: 'nonsense' });
          lite.transaction((row) => { row.prepare('UPDATE e SET n = 1').run(); lite.prepare('UPDATE f SET n = 1').run(); })();
        }
        await db.raw('BEGIN');
        await db.raw('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
        await db.raw('UPDATE g SET n = 1');
        await db.raw('COMMIT');`),
    ).toEqual([
      'raw pool* begin  begin!:serializable',
      'raw pool* other  begin!:serializable',
      'raw pool* update g begin!:serializable',
      'raw pool* commit  begin!:serializable',
      'raw transaction update a callback:serializable',
      'raw transaction update b handle:repeatable read',
      'raw transaction update c callback',
      'raw pool* update d -',
      'prepare transaction update e callback',
      'prepare pool update f -',
    ]);
  });

  it('classifies connections', () => {
    expect(
      summary(`
        import { Client } from 'pg';
        const client = new Client();
        class Repo { async f() { await this.db.query('DELETE FROM a'); } }
        export async function f(ctx) {
          const local = makeDb();
          await ctx.db.query('DELETE FROM b');
          await local.query('DELETE FROM c');
          await globalDb.query('DELETE FROM d');
          await client.query('DELETE FROM e');
          await getDb().query('DELETE FROM f');
        }`),
    ).toEqual(['query pool delete a -', 'query parameter delete b -', 'query unknown delete c -', 'query pool delete d -', 'query client delete e -', 'query unknown delete f -']);
  });
});

describe('driver evidence', () => {
  it('follows require(), import() and factories', () => {
    const { model } = modelOf(`
      const pg = require('pg');
      const pgp = require('pg-promise')();
      const { default: postgres } = await import('postgres');
      const pool = new pg.Pool();
      const db = pgp('url');
      const sql = postgres();
      const other = require(name);
      const local = require('./local');
      export async function f() {
        await pool.query('SELECT * FROM t LIMIT 1, 2');
        await db.none('DELETE FROM t LIMIT 1, 2');
        await sql\`UPDATE t SET a = 1 LIMIT 1, 2\`;
        await local.query('UPDATE t SET a = 1 LIMIT 1, 2');
      }`);
    expect(model.calls.map((call) => [call.api, call.connection.driver, call.connection.pooled, call.parsed.ok])).toEqual([
      ['query', true, true, false],
      ['none', true, true, false],
      ['sql', true, true, false],
    ]);
  });
});

describe('paramArgument', () => {
  const args = (code: string, count: number) => {
    const { model, sourceCode } = modelOf(code);
    return model.calls.map((call) =>
      Array.from({ length: count }, (_, i) => {
        const node = paramArgument(call, i + 1);
        return node ? sourceCode.getText(node) : null;
      }),
    );
  };

  it('finds the expression bound to each parameter', () => {
    expect(
      args(
        `export async function f(db, price, user, vals, id) {
          await db.query('UPDATE u SET b = b - $1 WHERE id = $2', [price, user.id]);
          await db.query({ text: 'UPDATE u SET b = b - $1 WHERE id = $2', values: [price, ...vals] });
          await db.execute('UPDATE u SET b = b - ? WHERE id = ?', [price, id]);
          await db.query(\`UPDATE u SET b = b - \${price} WHERE id = \${id}\`);
          await db.one('SELECT * FROM u WHERE id = $1', id);
          await db.$executeRawUnsafe('UPDATE u SET b = $1 WHERE id = $2', price, id);
          await db.query('SELECT * FROM u WHERE id = $1', vals);
          await db.query('SELECT * FROM u WHERE id = :id', { id });
          await db.query('SELECT * FROM u WHERE id = $1', ...vals);
          await db.query({ text: 'SELECT * FROM u WHERE id = $1' });
          await db.query('SELECT * FROM u WHERE id = $1');
        }`,
        2,
      ),
    ).toEqual([
      ['price', 'user.id'],
      ['price', null],
      ['price', 'id'],
      ['price', 'id'],
      [null, null],
      ['price', 'id'],
      [null, null],
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
  });
});

describe('whereArguments', () => {
  const selectors = (code: string) => {
    const { model, sourceCode } = modelOf(code);
    return model.calls.map((call) => {
      const values = whereArguments(call, call.statements[0]!);
      return values && values.map((node) => sourceCode.getText(node));
    });
  };

  it('gives the values bound to the parameters of the WHERE clause', () => {
    expect(
      selectors(`import pg from 'pg';
        const pool = new pg.Pool();
        export async function f(id, ids, price, vals) {
          await pool.query('UPDATE u SET b = b - $1 WHERE id = $2 AND (b >= $1 OR NOT vip)', [price, id]);
          await pool.query('SELECT b FROM u WHERE id IN ($1, $2) AND lower(name) = lower($3)', [ids[0], ids[1], 'x']);
          await pool.query('SELECT b FROM u WHERE id IN (SELECT owner FROM pets WHERE tag = $1)', [id]);
          await pool.query("SELECT b FROM u WHERE status = 'active'");
          await pool.query('SELECT b FROM u WHERE id = $1', vals);
        }`),
    ).toEqual([['id', 'price'], ['ids[0]', 'ids[1]', "'x'"], ['id'], [], null]);
  });
});
