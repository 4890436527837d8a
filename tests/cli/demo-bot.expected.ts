import { rules } from '../../src/rules/index.js';

/**
 * Every finding `bot-audit --rules all` must report on examples/demo-bot: `file:line rule`. Each rule
 * adds the defects it finds here when it adds them to the demo bot; anything else reported is a failure.
 */
export const DEMO_BOT_ALL_FINDINGS: readonly string[] = [
  'src/db.ts:9 no-swallowed-error',
  'src/handlers/generate.ts:15 no-swallowed-error',
  'src/handlers/wallet.ts:23 no-swallowed-error',
  'src/handlers/wallet.ts:35 no-swallowed-error',
  'src/bot.ts:19 require-bot-error-handler',
  'src/handlers/admin.ts:11 require-number-validation',
  'src/handlers/admin.ts:11 require-number-validation',
  // grammY `bot.command` also matches commands posted in channels, which have no `from`.
  'src/handlers/admin.ts:9 no-unchecked-update-field',
  'src/handlers/admin.ts:18 no-unchecked-update-field',
  'src/handlers/generate.ts:13 no-unchecked-update-field',
  'src/handlers/wallet.ts:7 no-unchecked-update-field',
  'src/handlers/wallet.ts:13 no-unchecked-update-field',
  // No require-http-timeout at image-api.ts:9 since session 34: its one caller, the /imagine handler, drops the
  // promise chain (`generateImage(…).then(…).catch(…)`), so nothing waits for the request and a stall leaves that one
  // reply unsent (judged DEBATABLE in rounds 33 and 34).
  'src/services/image-api.ts:14 require-response-check',
  'src/handlers/wallet.ts:19 no-unguarded-decrement',
  'src/handlers/wallet.ts:30 require-on-conflict',
  'src/handlers/wallet.ts:13 require-for-update',
  'src/handlers/wallet.ts:30 require-transaction',
];

const docsOf = (key: string) => rules[key.split(' ')[1] as keyof typeof rules].meta.docs!;

/**
 * What the default run (`recommended`) reports: the findings of the rules it runs; a rule of
 * experimental precision is left out (since round 22's tiers: no-swallowed-error, require-response-check (but
 * in round 28), and require-number-validation until round 26 and again since round 28; since round 25's:
 * require-on-conflict; no-unchecked-update-field in round 27 only; since round 32's: require-http-timeout).
 */
export const DEMO_BOT_FINDINGS: readonly string[] = DEMO_BOT_ALL_FINDINGS.filter((key) => docsOf(key).precision !== 'experimental');

/** The rules the default run leaves out for their precision, as the report names them. */
export const DEMO_BOT_NOT_RUN: readonly string[] = Object.entries(rules)
  .filter(([, rule]) => rule.meta.docs!.precision === 'experimental')
  .map(([name]) => name)
  .sort();

/**
 * How many of them fail the default gate: the findings of rules of medium or high measured precision
 * (`recommended` makes these errors; a rule of low precision warns and reports at P2).
 */
export const DEMO_BOT_GATED = DEMO_BOT_FINDINGS.filter((key) => ['high', 'medium'].includes(docsOf(key).precision)).length;

/** The priority a finding is reported at: its rule's own if the precision is medium or high, P2 if low or experimental. */
const reportedPriority = (key: string) => (['high', 'medium'].includes(docsOf(key).precision) ? docsOf(key).priority : 'P2');

const byPriority = (keys: readonly string[]) =>
  keys.reduce(
    (counts, key) => {
      counts[reportedPriority(key)] += 1;
      return counts;
    },
    { P0: 0, P1: 0, P2: 0 },
  );

/**
 * The priorities the default run reports them at. Since round 35's tiers: 9 findings (1 P0 · 1 P1 ·
 * 7 P2): the findings of the rules of medium precision at their own priority — the unhandled bot (P1; low in round 34
 * only) and the unlocked read-check-write (P0; low in round 34 only) — so the default gate (--fail-on P1) fails: exit 1;
 * every other finding (rules of low precision, among them the unguarded decrement since round 34) at P2. The rules of
 * experimental precision are not run (among them, since round 32, the request without a deadline).
 * (Round 34's tiers: 0 P0 · 0 P1 · 9 P2, exit 0; round 32's: 2 P0 · 1 P1 · 6 P2, exit 1.)
 */
export const DEMO_BOT_BY_PRIORITY = byPriority(DEMO_BOT_FINDINGS);

/** The same for `--rules all`: 17 findings (1 P0 · 1 P1 · 15 P2 since round 35), the experimental rules' at P2 too. */
export const DEMO_BOT_ALL_BY_PRIORITY = byPriority(DEMO_BOT_ALL_FINDINGS);
