import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import rule from '../../src/rules/require-for-update.js';
import { ruleTester } from '../rule-tester.js';

/** A bot project on disk whose schema.sql declares `users.account UNIQUE` (and `users.nick` without it). */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rfu-schema-'));
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
  fs.writeFileSync(path.join(project, name), text);
};
write('package.json', JSON.stringify({ dependencies: { grammy: '^1.30.0', pg: '^8.0.0' } }));
write('src/bot.ts', '');
write('db/schema.sql', 'CREATE TABLE users (id serial PRIMARY KEY, telegram_id bigint UNIQUE, account varchar(50) UNIQUE, nick text, verified boolean);');
const bot = path.join(project, 'src/bot.ts');

/** A duplicate check (`no other user has this value`), an awaited effect, then the write of the value. */
const link = (column: string) => `import pg from 'pg';
const pool = new pg.Pool();
export async function link(tgId, value) {
  const dup = await pool.query('SELECT id FROM users WHERE ${column} = $1 AND telegram_id != $2', [value.trim(), tgId]);
  if (dup.rows.length > 0) return;
  await pool.query('INSERT INTO attempts (tg, value) VALUES ($1, $2)', [tgId, value.trim()]);
  await pool.query('UPDATE users SET ${column} = $1, verified = TRUE WHERE telegram_id = $2', [value.trim(), tgId]);
}`;

/** The report on the SELECT (line 4), with its `FOR UPDATE` suggestion. */
const reported = (code: string) => ({
  code,
  filename: bot,
  errors: [{ messageId: 'missingLock' as const, line: 4, suggestions: [{ messageId: 'suggestForUpdate' as const, output: code.replace("telegram_id != $2'", "telegram_id != $2 FOR UPDATE'") }] }],
});

ruleTester.run('require-for-update (schema)', rule, {
  valid: [
    // The column is UNIQUE in the project's schema: of two racing writes of the value, the second fails.
    { code: link('account'), filename: bot },
  ],
  invalid: [
    // The twin: no UNIQUE on the column, two users both get the value.
    reported(link('nick')),
    // The twins: no schema to read (a file outside any project), or a table the schema does not declare.
    { ...reported(link('account')), filename: undefined },
    reported(link('account').replaceAll('FROM users', 'FROM members').replace('UPDATE users', 'UPDATE members')),
    // The twin: the UPDATE writes another value than the one the check looked for.
    reported(link('account').replace("WHERE telegram_id = $2', [value.trim(), tgId]", "WHERE telegram_id = $2', [value, tgId]")),
  ],
});
