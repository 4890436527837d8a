import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { walkWork } from '../../src/analysis/ast/index.js';
import plugin from '../../src/index.js';

// Work counts, not wall-clock time: `npm run bench` measures time (its scaling section doubles the
// input); these tests count the nodes the models' walks visit, which is the same on any machine.

const root = path.join(import.meta.dirname, '../..');
const HEAD = "import { Bot } from 'grammy';\nconst bot = new Bot('t');\n";

/** Nodes the models walked while one rule linted `code`, and the number of messages. */
function workOf(rule: string, code: string): { nodes: number; count: number } {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: { [`bot-audit/${rule}`]: 'error' } },
  ];
  const before = walkWork.nodes;
  const count = linter.verify(code, config, path.join(root, 'scale.ts')).length;
  return { nodes: walkWork.nodes - before, count };
}

describe('scaling', () => {
  // Each read once climbed to the program and re-checked every earlier top-level statement
  // (quadratic). 4× the handlers must cost about 4× the walking, not 16×.
  it('no-unchecked-update-field walks linearly in the number of top-level handlers', () => {
    const file = (n: number): string =>
      HEAD + Array.from({ length: n }, (_, i) => `bot.command('c${i}', async (ctx) => { await ctx.reply(String(ctx.from.id)); });`).join('\n');
    const small = workOf('no-unchecked-update-field', file(250));
    const large = workOf('no-unchecked-update-field', file(1000));
    expect(small.count).toBe(250);
    expect(large.count).toBe(1000);
    expect(small.nodes).toBeGreaterThan(0);
    expect(large.nodes / small.nodes).toBeLessThan(4.5);
  });
  // Each bot once walked the whole file for its calls and re-resolved every call's arguments
  // (bots × calls). 4× the bots must cost about 4× the walking.
  it('require-bot-error-handler works linearly in the number of bots per file', () => {
    const file = (n: number): string =>
      "import { Bot } from 'grammy';\n" + Array.from({ length: n }, (_, i) => `const b${i} = new Bot('t');\nb${i}.command('c', (ctx) => ctx.reply('x'));\nb${i}.start();`).join('\n');
    const small = workOf('require-bot-error-handler', file(100));
    const large = workOf('require-bot-error-handler', file(400));
    expect(small.count).toBe(100);
    expect(large.count).toBe(400);
    expect(small.nodes).toBeGreaterThan(0);
    expect(large.nodes / small.nodes).toBeLessThan(4.5);
  });
});
