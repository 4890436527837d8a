import { rules } from '../../src/rules/index.js';

/**
 * Every finding `bot-audit` must report on examples/demo-bot: `file:line rule`. Each rule adds the
 * defects it finds here when it adds them to the demo bot; anything else reported is a failure.
 */
export const DEMO_BOT_FINDINGS: readonly string[] = [
  'src/db.ts:9 no-swallowed-error',
  'src/handlers/generate.ts:15 no-swallowed-error',
  'src/handlers/wallet.ts:23 no-swallowed-error',
  'src/handlers/wallet.ts:35 no-swallowed-error',
  'src/bot.ts:15 require-bot-error-handler',
  'src/handlers/admin.ts:11 require-number-validation',
  'src/handlers/admin.ts:11 require-number-validation',
  // grammY `bot.command` also matches commands posted in channels, which have no `from`.
  'src/handlers/admin.ts:9 no-unchecked-update-field',
  'src/handlers/admin.ts:18 no-unchecked-update-field',
  'src/handlers/generate.ts:13 no-unchecked-update-field',
  'src/handlers/wallet.ts:7 no-unchecked-update-field',
  'src/handlers/wallet.ts:13 no-unchecked-update-field',
  'src/services/image-api.ts:9 require-http-timeout',
  'src/services/image-api.ts:14 require-response-check',
  'src/handlers/wallet.ts:19 no-unguarded-decrement',
  'src/handlers/wallet.ts:30 require-on-conflict',
  'src/handlers/wallet.ts:13 require-for-update',
  'src/handlers/wallet.ts:30 require-transaction',
];

/**
 * How many of them fail the default gate: the findings of rules of medium or high measured precision
 * (`recommended` makes these errors; a rule of low precision warns and reports at P2).
 */
export const DEMO_BOT_GATED = DEMO_BOT_FINDINGS.filter((key) => rules[key.split(' ')[1] as keyof typeof rules].meta.docs!.precision !== 'low').length;

/**
 * The priorities they are reported at: a rule's own priority if its precision is medium or high, P2 if
 * low. Since round 15: 18 findings (2 P0 · 1 P1 · 15 P2): the timeout and decrement findings at P0, the
 * unhandled bot at P1, the findings of the low-precision rules (the unlocked read-check-write among them) at P2.
 */
export const DEMO_BOT_BY_PRIORITY = DEMO_BOT_FINDINGS.reduce(
  (counts, key) => {
    const docs = rules[key.split(' ')[1] as keyof typeof rules].meta.docs!;
    counts[docs.precision === 'low' ? 'P2' : docs.priority] += 1;
    return counts;
  },
  { P0: 0, P1: 0, P2: 0 },
);
