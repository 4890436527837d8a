import { describe, expect, it } from 'vitest';

import { absentRowWork, getSqlModel, resultHolderWork, runsOnlyForLastUnit, runsOnlyIfNoRowChanged, runsOnlyIfNoRowFound, takesOneUnit, unsentCalls } from '../../src/analysis/sql/index.js';
import { sourceCodeOf } from './source-code.js';

/** Whether the second statement of `f` runs only when the first changed no row. */
function onlyIfNone(body: string, driver = "import pg from 'pg';\nconst pool = new pg.Pool();\n"): boolean {
  const sourceCode = sourceCodeOf(`${driver}export async function f(id, name) {\n${body}\n}`);
  const [flow] = getSqlModel(sourceCode).flows;
  const [first, second] = flow!.statements;
  return runsOnlyIfNoRowChanged(first!, second!.call.node, sourceCode);
}

const UPDATE = "'UPDATE users SET name = $1 WHERE tg = $2'";
const INSERT = "await pool.query('INSERT INTO users (tg, name) VALUES ($1, $2)', [id, name]);";

describe('runsOnlyIfNoRowChanged', () => {
  it.each([
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount === 0) ${INSERT}`, true],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (0 == r.rowCount) ${INSERT}`, true],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount <= 0) { ${INSERT} }`, true],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount != 0) return; ${INSERT}`, true],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount || id) return; ${INSERT}`, true],
    [`const r = await pool.query(${UPDATE}, [name, id]); const x = r.rowCount < 1 ? ${INSERT.slice(0, -1)} : null;`, true],
    [`const [r] = await pool.query(${UPDATE}, [name, id]); if (r.affectedRows === 0) ${INSERT}`, true],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.meta.changes === 0) ${INSERT}`, true],
    // Not proven: a reassignable holder, a count from another result, the wrong test, a rows count without RETURNING.
    [`let r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount === 0) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (other.rowCount === 0) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount === 2) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount === id) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount || id) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount === 0 || id) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r['rowCount'] === 0) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rows.length === 0) ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount === 0) log(); ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE}, [name, id]); if (r.rowCount > 0) { log(); } ${INSERT}`, false],
    [`const { rows } = await pool.query(${UPDATE}, [name, id]); if (rows.length === 0) ${INSERT}`, false],
    [`const { rowCount } = await pool.query(${UPDATE}, [name, id]); if (rowCount < 1) ${INSERT}`, true],
    [`await pool.query(${UPDATE}, [name, id]); ${INSERT}`, false],
    [`const r = await pool.query(${UPDATE} + '; SELECT 1', [name, id]); if (r.rowCount === 0) ${INSERT}`, false],
  ])('%s → %s', (body, expected) => {
    expect(onlyIfNone(body)).toBe(expected);
  });
});

/** Whether the second statement of `f` runs only when the first (a SELECT) found no row. */
function onlyIfNotFound(body: string): boolean {
  const sourceCode = sourceCodeOf(`import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function f(id, name) {\n${body}\n}`);
  const [flow] = getSqlModel(sourceCode).flows;
  const [first, second] = flow!.statements;
  return runsOnlyIfNoRowFound(first!, second!.call.node, sourceCode);
}

const SELECT = "'SELECT name FROM users WHERE tg = $1', [id]";

describe('runsOnlyIfNoRowFound', () => {
  it.each([
    [`const row = (await pool.query(${SELECT})).rows[0]; if (!row) ${INSERT}`, true],
    [`const row = (await pool.query(${SELECT})).rows[0]; if (row) return; ${INSERT}`, true],
    // node-postgres's rows destructured: a test of the first row or of the count of rows (round 32, issue 12).
    [`const { rows } = await pool.query(${SELECT}); if (rows.length === 0) ${INSERT}`, true],
    [`const { rows } = await pool.query(${SELECT}); if (!rows.length) { ${INSERT} }`, true],
    [`const { rows } = await pool.query(${SELECT}); if (rows.length > 0) return; ${INSERT}`, true],
    [`const { rows } = await pool.query(${SELECT}); if (!rows[0]) ${INSERT}`, true],
    [`const r = await pool.query(${SELECT}); if (r.rows.length < 1) ${INSERT}`, true],
    [`const { rows } = await pool.query(${SELECT}); let user = rows[0]; if (!user) { ${INSERT} user = {}; }`, true],
    // Not proven: the rows found, another result's rows, a count that is no count of rows, a row reassigned before the test.
    [`const { rows } = await pool.query(${SELECT}); if (rows.length > 0) ${INSERT}`, false],
    [`const { rows } = await pool.query(${SELECT}); if (other.length === 0) ${INSERT}`, false],
    [`const { rows } = await pool.query(${SELECT}); if (rows.length === 1) ${INSERT}`, false],
    [`const r = await pool.query(${SELECT}); if (r.length === 0) ${INSERT}`, false],
    [`const { rows } = await pool.query(${SELECT}); let user = rows[0]; user = user || fallback; if (!user) ${INSERT}`, false],
    [`const { rows } = await pool.query(${SELECT}); if (rows.length === 0) log(); ${INSERT}`, false],
  ])('%s → %s', (body, expected) => {
    expect(onlyIfNotFound(body)).toBe(expected);
  });
});

/** The column the first statement of `f` takes one unit of, and whether the second runs only for the run that took the last. */
function lastUnit(body: string): [string | null, boolean] {
  const sourceCode = sourceCodeOf(`import pg from 'pg';\nconst pool = new pg.Pool();\nexport async function f(id) {\n${body}\n}`);
  const [flow] = getSqlModel(sourceCode).flows;
  const [first, second] = flow!.statements;
  const column = takesOneUnit(first!.statement);
  return [column, column !== null && runsOnlyForLastUnit(first!, column, second!.call.node, sourceCode)];
}

const TAKE = (bound: string, returning = ' RETURNING stock') => `const r = await pool.query('UPDATE items SET stock = stock - 1 WHERE id = $1 AND ${bound}${returning}', [id]);`;
const CLOSE = "await pool.query('UPDATE items SET open = false WHERE id = $1', [id]);";

describe('takesOneUnit and runsOnlyForLastUnit', () => {
  it.each([
    [`${TAKE('stock > 0')} if (r.rows[0].stock <= 0) { ${CLOSE} }`, ['stock', true]],
    [`${TAKE('0 < stock')} if (r.rows[0].stock === 0) ${CLOSE}`, ['stock', true]],
    [`${TAKE('stock >= 1')} if (r.rowCount && r.rows[0].stock < 1) ${CLOSE}`, ['stock', true]],
    [`${TAKE('1 <= stock')} const x = 0 == r.rows[0].stock ? ${CLOSE.slice(0, -1)} : null;`, ['stock', true]],
    // No bound at one unit: no column taken one unit at a time.
    [`${TAKE('stock >= 0')} if (r.rows[0].stock <= 0) ${CLOSE}`, [null, false]],
    [`${TAKE('stock > 1')} if (r.rows[0].stock <= 0) ${CLOSE}`, [null, false]],
    [`const r = await pool.query('UPDATE items SET stock = stock - 2 WHERE id = $1 AND stock > 0 RETURNING stock', [id]); if (r.rows[0].stock <= 0) ${CLOSE}`, [null, false]],
    // Taken, but the write not only in the branch of the last unit: no RETURNING, a branch of units left, code after an exit.
    [`${TAKE('stock > 0', '')} if (r.rows[0].stock <= 0) ${CLOSE}`, ['stock', false]],
    [`${TAKE('stock > 0')} if (r.rows[0].stock >= 0) ${CLOSE}`, ['stock', false]],
    [`${TAKE('stock > 0')} if (r.rows[0].stock <= 0 || id) ${CLOSE}`, ['stock', false]],
    [`${TAKE('stock > 0')} if (r.rows[0].stock > 0) return; ${CLOSE}`, ['stock', false]],
    [`${TAKE('stock > 0')} if (other.rows[0].stock <= 0) ${CLOSE}`, ['stock', false]],
    [`${TAKE('stock > 0')} if (r.rows[0].price <= 0) ${CLOSE}`, ['stock', false]],
  ])('%s → %j', (body, expected) => {
    expect(lastUnit(body)).toEqual(expected);
  });
});

describe('unsentCalls', () => {
  const code = (writes: number) => `import sqlite from 'sqlite';
export function takePoints(message) {
  sqlite.get('SELECT * FROM scores WHERE user_id = ?', [message.author.id]).then((row) => {
    if (!row) {
${Array.from({ length: writes }, (_, i) => `      sqlite.run(\`UPDATE scores SET points = \${row.points - ${i}} WHERE user_id = \${message.author.id}\`);`).join('\n')}
      sqlite.run('INSERT INTO scores (user_id, points) VALUES (?, ?)', [message.author.id, 1]);
    }
  });
}`;

  /** Asks, as require-transaction does, which statements an absent row stops; answers per statement and how many holders were looked up. */
  function ask(source: string): { absent: boolean[]; lookups: number; references: number } {
    const sourceCode = sourceCodeOf(source);
    const statements = getSqlModel(sourceCode).flows.flatMap((flow) => flow.statements);
    const [lookups, references] = [resultHolderWork.lookups, absentRowWork.references];
    const unsent = unsentCalls(statements, sourceCode);
    return { absent: statements.map((entry) => unsent.has(entry.call)), lookups: resultHolderWork.lookups - lookups, references: absentRowWork.references - references };
  }

  it('a write whose arguments read the absent row is never sent; the INSERT that reads none is', () => {
    expect(ask(code(2)).absent).toEqual([false, true, true, false]);
  });

  it('looks the SELECT\'s result holder up once, however many statements follow it', () => {
    expect(ask(code(2)).lookups).toBe(1);
    expect(ask(code(20)).lookups).toBe(1);
  });

  /** `selects` SELECTs whose rows are each read once, then `writes` writes that read none of them. */
  const many = (selects: number, writes: number) => `import pg from 'pg';
const pool = new pg.Pool();
export async function f(id) {
${Array.from({ length: selects }, (_, i) => `  const r${i} = await pool.query('SELECT * FROM t${i} WHERE id = $1', [id]);\n  if (!r${i}.rows[0]) return;`).join('\n')}
${Array.from({ length: writes }, (_, i) => `  await pool.query('UPDATE users SET n${i} = 1 WHERE id = $1', [id]);`).join('\n')}
}`;

  it('walks each SELECT result\'s references once, not once per SELECT and later statement', () => {
    // Two references a SELECT: its declaration and the `!r.rows[0]` test.
    expect(ask(many(10, 2)).references).toBe(20);
    expect(ask(many(10, 40)).references).toBe(20);
    expect(ask(many(40, 40)).references).toBe(80);
  });
});
