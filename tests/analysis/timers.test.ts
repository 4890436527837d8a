import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { childNodes, isTimerTick } from '../../src/analysis/ast/index.js';
import { sourceCodeOf } from './source-code.js';

/** Whether the first arrow function of `code` is the callback of a fixed-rate timer. */
function firstArrowTicks(code: string): boolean {
  const sourceCode = sourceCodeOf(code);
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.shift()!;
    if (node.type === AST_NODE_TYPES.ArrowFunctionExpression) return isTimerTick(node, sourceCode);
    stack.push(...childNodes(node));
  }
  throw new Error('no arrow');
}

describe('isTimerTick', () => {
  it.each([
    'setInterval(() => tick(), 1000);',
    'global.setInterval(() => tick(), 1000);',
    'setInterval((() => tick()) as () => void, 1000);',
    "import cron from 'node-cron';\ncron.schedule('* * * * *', () => tick());",
    "import * as cron from 'node-cron';\ncron.schedule('* * * * *', () => tick());",
    "const { schedule } = require('node-cron');\nschedule('* * * * *', () => tick());",
    "import { CronJob } from 'cron';\nnew CronJob('* * * * *', () => tick());",
    "import cron from 'cron';\nnew cron.CronJob('* * * * *', () => tick());",
    "import { CronJob } from 'cron';\nnew CronJob({ cronTime: '* * * * *', onTick: () => tick() });",
    "const { CronJob } = require('cron');\nCronJob.from({ cronTime: '* * * * *', onTick: () => tick() });",
    "import schedule from 'node-schedule';\nschedule.scheduleJob('0 0 * * *', () => tick());",
    "import { scheduleJob } from 'node-schedule';\nscheduleJob('nightly', '0 0 * * *', () => tick());",
  ])('a tick: %s', (code) => {
    expect(firstArrowTicks(code)).toBe(true);
  });

  it.each([
    // One-shot or self-rescheduling timers, the wrong argument, other modules, shadowed globals.
    'setTimeout(() => tick(), 1000);',
    'setInterval(ms, () => tick());',
    'timers.setInterval(() => tick(), 1000);',
    'a.b.setInterval(() => tick(), 1000);',
    'function f(setInterval) { setInterval(() => tick(), 1000); }',
    "import { setInterval } from './timers';\nsetInterval(() => tick(), 1000);",
    "import cron from 'node-cron';\ncron.validate(() => tick());",
    "import cron from 'node-cron';\ncron.schedule(() => tick(), '* * * * *');",
    "const cron = require('node-cron');\ncron(() => tick());",
    "import { CronJob } from 'cron';\nnew CronJob(() => tick());",
    "import { CronJob } from 'cron';\nCronJob.from({ onComplete: () => tick() });",
    "import { CronJob } from 'cron';\nCronJob.from(options, { onTick: () => tick() });",
    "import { CronJob } from 'cron';\nconst job = { onTick: () => tick() };",
    "import { CronJob } from 'cron';\nCronJob.make({ onTick: () => tick() });",
    "import { CronJob } from 'cron';\nnew CronJob(...args, () => tick());",
    "import schedule from 'node-schedule';\nschedule.scheduleJob(() => tick(), '0 0 * * *');",
    "import schedule from 'node-schedule';\nschedule.cancelJob('0 0 * * *', () => tick());",
    'run(() => tick());',
    'makeTimer()(() => tick(), 1000);',
    '(() => tick())();',
  ])('not a tick: %s', (code) => {
    expect(firstArrowTicks(code)).toBe(false);
  });
});
