import { describe, expect, it } from 'vitest';

import { getSqlModel, runsOnlyIfNoRowChanged } from '../../src/analysis/sql/index.js';
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
