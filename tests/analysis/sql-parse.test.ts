import { describe, expect, it } from 'vitest';

import { columnsOf, guardsOf, isKeyPredicate, isRepeatableWrite, isWrite, parseSql, sqlParserCalls, writesOf } from '../../src/analysis/sql/index.js';
import { stateColumnsOfTable } from '../../src/analysis/sql/predicates.js';
import { rewriteDialect } from '../../src/analysis/sql/dialect.js';
import { TextBuilder } from '../../src/analysis/sql/text-map.js';

const one = (text: string) => {
  const parsed = parseSql(text);
  expect(parsed.statements).toHaveLength(1);
  return parsed.statements[0]!;
};

describe('parseSql', () => {
  it('keeps the aliases of the tables a statement names, and the state columns of one table', () => {
    const select = one("SELECT i.order_id FROM impressions i LEFT JOIN creative_orders AS co ON co.id = i.order_id WHERE i.status = 'requested' AND co.paused = false AND kind = $1");
    expect(select.aliases).toEqual({ i: 'impressions', co: 'creative_orders' });
    expect(stateColumnsOfTable(select, 'creative_orders')).toEqual(['paused', 'kind']);
    expect(stateColumnsOfTable(select, 'impressions')).toEqual(['status', 'kind']);
    expect(one('UPDATE users u SET balance = 0 FROM wallets w WHERE w.user_id = u.id').aliases).toEqual({ u: 'users', w: 'wallets' });
    expect(one('DELETE FROM users u USING bans b WHERE b.user_id = u.id').aliases).toEqual({ u: 'users', b: 'bans' });
  });

  it('normalises a SELECT with a lock', () => {
    const statement = one('SELECT u.id, balance FROM public.Users u JOIN wallets w ON w.user_id = u.id WHERE u.telegram_id = $1 FOR UPDATE OF u');
    expect(statement).toMatchObject({ kind: 'select', parsed: true, tables: ['users', 'wallets'], columns: ['id', 'balance'], lock: 'update', aggregate: false, target: null });
    expect(statement.where).toHaveLength(1);
    expect(isKeyPredicate(statement.where[0]!)).toBe(true);
  });

  it.each([
    ['FOR NO KEY UPDATE', 'no key update'],
    ['FOR SHARE', 'share'],
    ['FOR KEY SHARE SKIP LOCKED', 'key share'],
    ['FOR UPDATE NOWAIT', 'update'],
  ])('reads %s', (clause, lock) => {
    expect(one(`SELECT * FROM jobs WHERE id = $1 ${clause}`).lock).toBe(lock);
  });

  it('reads NULLIF as a function, not a comparison', () => {
    const [assignment] = one('UPDATE servers SET price = COALESCE(NULLIF(price, 0), base, 0)').assignments;
    expect(assignment!.value).toMatchObject({ type: 'function', name: 'coalesce', args: [{ type: 'function', name: 'nullif', args: [{ type: 'column', name: 'price' }, { type: 'literal', value: 0 }] }, { type: 'column' }, { type: 'literal' }] });
  });

  it('sees decrements, increments and guards in an UPDATE', () => {
    const statement = one('UPDATE users SET balance = balance - $1, spent = $1 + spent, name = $3, n = n * 2 WHERE id = $2 AND balance >= $1 RETURNING balance');
    expect(statement.kind).toBe('update');
    expect(statement.target).toBe('users');
    expect(statement.returning).toBe(true);
    expect(statement.columns).toEqual(['balance']);
    expect(statement.assignments.map((a) => [a.column, a.change, a.delta?.type ?? null])).toEqual([
      ['balance', 'decrement', 'param'],
      ['spent', 'increment', 'param'],
      ['name', null, null],
      ['n', null, null],
    ]);
    expect(guardsOf(statement)).toHaveLength(1);
    expect(columnsOf(guardsOf(statement)[0]!)).toEqual(['balance']);
  });

  it('reads ON CONFLICT in both forms', () => {
    const nothing = one('INSERT INTO payments (charge_id, amount) VALUES ($1, $2) ON CONFLICT (charge_id) DO NOTHING');
    expect(nothing.onConflict).toMatchObject({ action: 'nothing', columns: ['charge_id'], constraint: null });
    expect(nothing.columns).toEqual(['charge_id', 'amount']);
    const update = one('INSERT INTO t (a) VALUES (1) ON CONFLICT ON CONSTRAINT t_pkey DO UPDATE SET n = t.n + EXCLUDED.n WHERE t.n < 10');
    expect(update.onConflict).toMatchObject({ action: 'update', constraint: 't_pkey' });
    expect(update.onConflict!.assignments[0]).toMatchObject({ column: 'n', change: 'increment' });
    expect(update.onConflict!.where).toHaveLength(1);
  });

  it('splits multi-statement strings and keeps each range', () => {
    const text = 'BEGIN; UPDATE a SET x = 1 WHERE id = 1;\nCOMMIT;';
    const { statements } = parseSql(text);
    expect(statements.map((s) => s.kind)).toEqual(['begin', 'update', 'commit']);
    expect(statements.map((s) => text.slice(...s.range))).toEqual(['BEGIN', 'UPDATE a SET x = 1 WHERE id = 1', 'COMMIT']);
  });

  it('reads transaction statements and isolation levels', () => {
    expect(one('BEGIN ISOLATION LEVEL SERIALIZABLE')).toMatchObject({ kind: 'begin', isolation: 'serializable' });
    expect(one('START TRANSACTION')).toMatchObject({ kind: 'begin', isolation: null });
    expect(one('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ')).toMatchObject({ kind: 'other', isolation: 'repeatable read' });
    expect(one('END').kind).toBe('commit');
    expect(one('ROLLBACK').kind).toBe('rollback');
    expect(one('SAVEPOINT a').kind).toBe('savepoint');
    expect(one('SET search_path = x').isolation).toBeNull();
    expect(one('CREATE TABLE x (a int)').kind).toBe('other');
  });

  it('models CTEs, DELETE … USING and aggregates', () => {
    const cte = one('WITH moved AS (UPDATE wallets SET balance = balance - $1 WHERE id = $2 AND balance >= $1 RETURNING id) INSERT INTO ledger (wallet_id) SELECT id FROM moved');
    expect(cte.ctes.map((c) => c.kind)).toEqual(['update']);
    expect(writesOf(cte).map((w) => w.kind)).toEqual(['update', 'insert']);
    expect(cte.tables).toEqual(['ledger', 'moved']);
    const readOnlyCte = one('WITH x AS (SELECT 1) SELECT * FROM x');
    expect(isWrite(readOnlyCte)).toBe(false);
    expect(one('DELETE FROM a USING b WHERE a.b_id = b.id AND b.x = $1')).toMatchObject({ kind: 'delete', target: 'a', tables: ['a', 'b'] });
    expect(one('SELECT count(*) FROM a').aggregate).toBe(true);
    expect(one('SELECT DISTINCT x FROM a').aggregate).toBe(true);
    expect(one('SELECT x FROM a UNION SELECT x FROM b')).toMatchObject({ aggregate: true, tables: ['a', 'b'] });
    expect(one('VALUES (1)').kind).toBe('other');
  });

  it('models expressions of every shape', () => {
    const statement = one(
      "SELECT * FROM a WHERE x IN (1, 2) AND y = ANY($1) AND z IS NULL AND q IS NOT TRUE AND EXISTS (SELECT 1 FROM b) AND w::int > 0.5 AND NOT v AND coalesce(c, 0) > greatest(d, least(e, 1)) AND f BETWEEN 1 AND 2 AND g = 'x' AND h = true AND i IS NOT NULL AND j = NULL AND k = (CASE WHEN l THEN 1 END) AND -m < 0 AND n NOT IN (1) AND o <> ALL($2) AND p IN (SELECT 1)",
    );
    expect(statement.where.map((e) => e.type)).toEqual([
      'in', 'in', 'operator', 'operator', 'subquery', 'operator', 'bool', 'operator', 'operator', 'operator',
      'operator', 'operator', 'operator', 'operator', 'operator', 'in', 'in', 'subquery',
    ]);
    expect(columnsOf(statement.where[7]!).sort()).toEqual(['c', 'd', 'e']);
    expect(columnsOf(statement.where[13]!).sort()).toEqual(['k', 'l']);
    expect(columnsOf(statement.where[17]!)).toEqual(['p']);
    expect(statement.where[15]).toMatchObject({ type: 'in', negated: true });
  });

  it('models constants, boolean tests, subqueries and key predicates', () => {
    const statement = one("SELECT * FROM a WHERE f IS TRUE AND x = 1.5 AND y = false AND z = (SELECT max(b) FROM b) AND w > ALL (SELECT c FROM c) AND user_id IN ($1, 2) AND id IN (other_col) AND $1 = accountId AND pk = $2");
    expect(statement.where.map((e) => isKeyPredicate(e))).toEqual([false, false, false, false, false, true, false, true, true]);
    expect(statement.where[1]).toMatchObject({ type: 'operator', args: [{ type: 'column' }, { type: 'literal', value: 1.5 }] });
    expect(statement.where[2]).toMatchObject({ args: [{}, { type: 'literal', value: false }] });
    expect(statement.where[3]).toMatchObject({ args: [{}, { type: 'subquery', operator: 'expr', value: null }] });
    expect(columnsOf(statement.where[4]!)).toEqual(['w']);
    expect(columnsOf(one('SELECT * FROM a WHERE (x, y) = ($1, $2)').where[0]!).sort()).toEqual(['x', 'y']);
    expect(isKeyPredicate({ type: 'operator', operator: '>=', args: [], location: 0 })).toBe(false);
  });

  it('covers the rarer statement shapes', () => {
    expect(one('INSERT INTO archive (id) SELECT id FROM jobs j JOIN runs r ON r.job = j.id RETURNING id')).toMatchObject({ tables: ['archive', 'jobs', 'runs'], returning: true, columns: ['id'] });
    expect(one('INSERT INTO t DEFAULT VALUES ON CONFLICT DO NOTHING').onConflict).toMatchObject({ action: 'nothing', columns: [], constraint: null });
    expect(one('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE').isolation).toBe('serializable');
    expect(one('BEGIN ISOLATION LEVEL READ COMMITTED').isolation).toBe('read committed');
    expect(one('WITH a AS (SELECT 1) SELECT x FROM b UNION ALL SELECT x FROM c FOR UPDATE').ctes).toHaveLength(1);
    const multi = one('UPDATE t SET (a, b) = (1, 2), c = -c WHERE x IS NOT DISTINCT FROM $1 AND y NOT BETWEEN 1 AND 2 AND z IS UNKNOWN AND w IS NOT FALSE');
    expect(multi.assignments.map((a) => [a.column, a.change])).toEqual([['a', null], ['b', null], ['c', null]]);
    expect(multi.where.map((e) => (e.type === 'operator' ? e.operator : e.type))).toEqual(['=', 'not between', 'is unknown', 'is not false']);
    expect(one('SELECT u.* , now() AS at, lower(name) FROM users u').targets).toEqual([
      { column: '*', name: '*' },
      { column: null, name: 'at' },
      { column: null, name: 'lower' },
    ]);
    expect(one("SELECT 1 FROM t WHERE a = 'x' || $1 AND b = ARRAY[1]").where[1]).toMatchObject({ type: 'operator' });
  });

  it('maps locations of non-ASCII text back to characters', () => {
    expect(one("UPDATE users SET name = '🎉', balance = balance - $1 WHERE id = $2").assignments[1]!.location).toBe(30);
    const text = "UPDATE users SET name = 'héllo', balance = balance - $1 WHERE id = $2";
    const [assignment] = one(text).assignments.slice(1);
    expect(text.slice(assignment!.location, assignment!.location + 7)).toBe('balance');
  });

  it('rewrites driver placeholders and MySQL syntax', () => {
    const mysql = one('UPDATE `users` SET `balance` = `balance` - ? WHERE id = ? AND balance >= ?');
    expect(mysql.assignments[0]).toMatchObject({ column: 'balance', change: 'decrement' });
    expect(one('INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = a + 1').mysqlUpsert).toBe('on-duplicate-key-update');
    expect(one('INSERT IGNORE INTO t (a) VALUES (?)').mysqlUpsert).toBe('insert-ignore');
    expect(one('REPLACE INTO t (a) VALUES (?)')).toMatchObject({ kind: 'insert', mysqlUpsert: 'replace-into' });
    // SQLite's conflict clauses: the row-replacing and the ignoring INSERT, with the VALUES row per column.
    const replace = one('INSERT OR REPLACE INTO users (id, balance) VALUES (?, ? - 1)');
    expect(replace).toMatchObject({ kind: 'insert', parsed: true, target: 'users', mysqlUpsert: 'replace-into', columns: ['id', 'balance'] });
    expect(replace.values.map((value) => value.type)).toEqual(['param', 'operator']);
    expect(one('insert or ignore into t (a) values (?)')).toMatchObject({ kind: 'insert', mysqlUpsert: 'insert-ignore' });
    expect(one('INSERT INTO t (a) VALUES (1), (2)').values).toEqual([]);
    expect(one('SELECT * FROM t WHERE a = :id AND b = @name AND c = ?').where).toHaveLength(3);
    expect(one('SELECT ?? FROM t WHERE data ?| array[$1] AND x::text = :y:').kind).toBe('select');
    // MySQL's unquoted interval (round 26, wabot-voucher): a number or a placeholder, then a unit.
    expect(one("DELETE FROM vouchers WHERE status = 'used' AND expires_at < DATE_SUB(NOW(), INTERVAL 7 DAY)")).toMatchObject({ kind: 'delete', parsed: true, target: 'vouchers' });
    expect(rewriteDialect('SELECT * FROM t WHERE a < NOW() - INTERVAL ? MINUTE AND b = ?').text).toBe("SELECT * FROM t WHERE a < NOW() - ($1 * INTERVAL '1 MINUTE') AND b = $2");
    expect(rewriteDialect('SELECT NOW() - INTERVAL 1.5 hour').text).toBe("SELECT NOW() - INTERVAL '1.5 HOUR'");
    // PostgreSQL's quoted interval, a unit that is no MySQL unit, a text that ends early: as written.
    expect(rewriteDialect("SELECT NOW() - INTERVAL '7 days', INTERVAL 7 days, INTERVAL").text).toBe("SELECT NOW() - INTERVAL '7 days', INTERVAL 7 days, INTERVAL");
    expect(rewriteDialect('SELECT INTERVAL 7').text).toBe('SELECT INTERVAL 7');
  });

  it('keeps strings, comments and dollar bodies intact while rewriting', () => {
    const { text } = rewriteDialect("SELECT '?', \"a?\", $$ ? $$, $x$ ? $x$ -- ?\n /* ? */ , 'it''s', E'\\'' FROM t WHERE a = ? AND b = $1 AND c @> d AND e = @p");
    expect(text).toBe("SELECT '?', \"a?\", $$ ? $$, $x$ ? $x$ -- ?\n /* ? */ , 'it''s', E'\\'' FROM t WHERE a = $1 AND b = $1 AND c @> d AND e = $2");
    expect(rewriteDialect('SELECT `a` FROM `t').text).toBe('SELECT "a" FROM "t"');
    expect(rewriteDialect("SELECT $ FROM t WHERE a = 'open").text).toBe("SELECT $ FROM t WHERE a = 'open");
    expect(rewriteDialect('SELECT /* open').text).toBe('SELECT /* open');
  });

  it("reads MySQL's && and || as AND and OR after a syntax error, only for a MySQL statement", () => {
    const text = "UPDATE profiles SET coins = ? WHERE name = ? && server = ? || name = 'a&&b'";
    expect(parseSql(text).ok).toBe(false);
    const mysql = parseSql(text, 'mysql');
    expect(mysql.ok).toBe(true);
    expect(mysql.statements[0]).toMatchObject({ kind: 'update', parsed: true, target: 'profiles', range: [0, text.length] });
    expect(mysql.statements[0]!.assignments.map((assignment) => assignment.column)).toEqual(['coins']);
    expect(rewriteDialect(text, { logicalOperators: true }).text).toBe("UPDATE profiles SET coins = $1 WHERE name = $2  AND  server = $3  OR  name = 'a&&b'");
    // PostgreSQL's own `&&` (arrays overlap) parses as written and is never rewritten.
    expect(parseSql('SELECT * FROM posts WHERE tags && ?', 'mysql').statements[0]).toMatchObject({ parsed: true, tables: ['posts'] });
  });

  it('falls back to tokens when the grammar rejects the text', () => {
    const parsed = parseSql('UPDATE ONLY "Users" SET balance = balance - $1 WHERE id = $2 LIMIT 1, 2');
    expect(parsed.ok).toBe(false);
    expect(parsed.statements[0]).toMatchObject({ kind: 'update', parsed: false, target: 'users', assignments: [], where: [] });
    const select = parseSql('SELECT * FROM s.jobs LIMIT 1, 2 FOR UPDATE; SELECT * FROM a LIMIT 1,2 FOR NO KEY UPDATE; SELECT * FROM a LIMIT 1,2 FOR SHARE; SELECT * FROM a LIMIT 1,2 FOR KEY SHARE');
    expect(select.statements.map((s) => [s.tables, s.lock])).toEqual([
      [['jobs'], 'update'],
      [['a'], 'no key update'],
      [['a'], 'share'],
      [['a'], 'key share'],
    ]);
    const insert = parseSql('INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING LIMIT 1, 2; INSERT IGNORE INTO t VALUES (1) LIMIT 1,2');
    expect(insert.statements.map((s) => [s.kind, s.target, s.onConflict?.action ?? null, s.mysqlUpsert])).toEqual([
      ['insert', 't', 'nothing', null],
      ['insert', 't', null, 'insert-ignore'],
    ]);
    expect(parseSql('DELETE FROM (x) y').statements[0]).toMatchObject({ kind: 'delete', target: null });
    expect(parseSql('not sql at all').statements).toEqual([]);
    expect(parseSql("SELECT 'unterminated").statements).toEqual([]);
    expect(parseSql('   ').statements).toEqual([]);
    expect(parseSql('INSERT INTO t ON DUPLICATE KEY UPDATE').ok).toBe(false);
  });

  it('tells writes a second run stores again unchanged (isRepeatableWrite)', () => {
    const repeatable = (text: string) => isRepeatableWrite(one(text));
    expect(repeatable("UPDATE users SET name = $2, lang = 'en', seen_at = now() WHERE id = $1")).toBe(true);
    expect(repeatable('UPDATE p SET bio = COALESCE($2, bio), slug = COALESCE(NULLIF($3, \'\'), slug) WHERE user_id = $1')).toBe(true);
    expect(repeatable('INSERT INTO a (id, v) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v')).toBe(true);
    expect(repeatable('INSERT INTO a (id) VALUES ($1) ON CONFLICT DO NOTHING')).toBe(true);
    expect(repeatable('INSERT OR IGNORE INTO a (id) VALUES (?)')).toBe(true);
    // Read from the row, chosen by state, no WHERE, a DELETE, a plain INSERT, an upsert that adds or is guarded, MySQL's unseen assignments.
    expect(repeatable('UPDATE users SET visits = visits + 1 WHERE id = $1')).toBe(false);
    expect(repeatable('UPDATE users SET name = nickname WHERE id = $1')).toBe(false);
    expect(repeatable('UPDATE users SET name = COALESCE($2, nickname) WHERE id = $1')).toBe(false);
    expect(repeatable("UPDATE users SET name = $2 WHERE id = $1 AND status = 'active'")).toBe(false);
    expect(repeatable('UPDATE users SET name = $1')).toBe(false);
    expect(repeatable('DELETE FROM users WHERE id = $1')).toBe(false);
    expect(repeatable('INSERT INTO a (id) VALUES ($1)')).toBe(false);
    expect(repeatable('INSERT INTO a (id, v) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET v = a.v + EXCLUDED.v')).toBe(false);
    expect(repeatable('INSERT INTO a (id, v) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v WHERE a.v IS NULL')).toBe(false);
    expect(repeatable('INSERT INTO a (id, v) VALUES (?, ?) ON DUPLICATE KEY UPDATE v = ?')).toBe(false);
  });

  it('parses each distinct text once', () => {
    const text = `SELECT ${Math.random()} FROM memo_check`;
    const before = sqlParserCalls();
    for (let i = 0; i < 100; i++) parseSql(text);
    expect(sqlParserCalls() - before).toBe(1);
  });
});

describe('TextMap', () => {
  it('maps copied pieces exactly and replaced pieces as a whole', () => {
    const { text, map } = new TextBuilder().copy('SELECT ', 10).replace('$1', 30, 40).copy(' x', 40).build();
    expect(text).toBe('SELECT $1 x');
    expect(map.mapRange(0, 6)).toEqual([10, 16]);
    expect(map.mapRange(7, 9)).toEqual([30, 40]);
    expect(map.mapRange(8, 8)).toEqual([30, 40]);
    expect(map.mapRange(10, 11)).toEqual([41, 42]);
    expect(map.mapOffset(99, false)).toBe(42);
    expect(new TextBuilder().build().map.mapOffset(5, false)).toBe(5);
    const outer = new TextBuilder().copy('x'.repeat(50), 100).build().map;
    expect(map.compose(outer).mapRange(7, 9)).toEqual([130, 140]);
    expect(map.compose(outer).mapRange(0, 2)).toEqual([110, 112]);
  });
});
