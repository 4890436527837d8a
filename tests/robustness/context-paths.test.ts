import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { contextPathWork } from '../../src/analysis/framework/context-paths.js';
import plugin from '../../src/index.js';

// Work counts, not wall-clock time: the context path of an expression is worked out once per file,
// however many rules and guard checks ask about it.

const root = path.join(import.meta.dirname, '../..');

const HANDLERS = Array.from(
  { length: 20 },
  (_, i) => `bot.command('c${i}', async (ctx) => {
  const amount = Number(ctx.message.text.split(' ')[1]);
  await ctx.reply(ctx.from.first_name + ctx.chat.id + String(amount));
  await pool.query('UPDATE wallets SET balance = balance - $1 WHERE user_id = $2', [amount, ctx.from.id]);
});`,
).join('\n');

const FILE = `import { Bot } from 'grammy';
import { Pool } from 'pg';
const pool = new Pool();
const bot = new Bot('t');
bot.on('message', async (ctx) => { await ctx.reply(ctx.message.text ?? ''); });
${HANDLERS}
`;

function lint(rules: string[]): { resolved: number; messages: string[] } {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: Object.fromEntries(rules.map((rule) => [`bot-audit/${rule}`, 'error'])) },
  ];
  const before = contextPathWork.resolved;
  const messages = linter.verify(FILE, config, path.join(root, 'index.ts')).map((m) => `${m.line}:${m.column} ${m.ruleId ?? ''}`);
  return { resolved: contextPathWork.resolved - before, messages };
}

describe('context paths', () => {
  it('are worked out once per expression, whichever rules ask', () => {
    const update = lint(['no-unchecked-update-field']);
    const number = lint(['require-number-validation']);
    const both = lint(['no-unchecked-update-field', 'require-number-validation']);
    expect(update.messages.length).toBeGreaterThan(0);
    expect(number.messages.length).toBeGreaterThan(0);
    // The same findings as each rule alone, and the second rule reuses the first one's answers.
    expect(both.messages.sort()).toEqual([...update.messages, ...number.messages].sort());
    expect(both.resolved).toBeLessThan(update.resolved + number.resolved);
  });

  it('grow linearly with the handlers of a file', () => {
    const { resolved } = lint(['no-unchecked-update-field', 'require-number-validation']);
    // A handful of context reads per handler (21 handlers), each worked out once: 284 at this
    // commit, 625 when every question was answered afresh.
    expect(resolved).toBeLessThan(21 * 15);
  });
});
