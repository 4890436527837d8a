import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src/index.js';

const root = path.join(import.meta.dirname, '../..');
const HEAD = "import { Bot } from 'grammy';\nconst bot = new Bot('t');\n";

/** Best-of-two time (ms) the one rule spends on `code`, and the number of messages. */
function timeRule(rule: string, code: string): { ms: number; count: number } {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: { [`bot-audit/${rule}`]: 'error' } },
  ];
  let ms = Infinity;
  let count = 0;
  // `stats` is honoured at runtime but missing from the FixOptions type.
  const options = { filename: path.join(root, 'scale.ts'), fix: false, stats: true } as Linter.FixOptions;
  for (let run = 0; run < 2; run++) {
    const messages = linter.verifyAndFix(code, config, options).messages;
    const times = linter.getTimes().passes[0]?.rules ?? {};
    ms = Math.min(ms, Object.values(times)[0]?.total ?? 0);
    count = messages.length;
  }
  return { ms, count };
}

describe('scaling', () => {
  // Each read once climbed to the program and re-checked every earlier top-level statement:
  // quadratic (4× the handlers took ~12× the time). Linear now: allow 8× for 4× the size.
  it('no-unchecked-update-field is linear in the number of top-level handlers', () => {
    const file = (n: number): string =>
      HEAD + Array.from({ length: n }, (_, i) => `bot.command('c${i}', async (ctx) => { await ctx.reply(String(ctx.from.id)); });`).join('\n');
    timeRule('no-unchecked-update-field', file(100)); // warm up
    const small = timeRule('no-unchecked-update-field', file(250));
    const large = timeRule('no-unchecked-update-field', file(1000));
    expect(small.count).toBe(250);
    expect(large.count).toBe(1000);
    expect(large.ms / Math.max(small.ms, 1)).toBeLessThan(8);
  }, 30_000);
});
