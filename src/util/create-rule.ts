import { ESLintUtils } from '@typescript-eslint/utils';

import { beginLint } from '../analysis/project/index.js';

/** The audit's defect classes. The README table, configs and reports are grouped by these. */
export const CATEGORIES = [
  'Null Safety',
  'Error Handling',
  'Timeouts',
  'Race Conditions',
  'Database Transactions',
  'Idempotency',
  'Balance Safety',
  'API Error Handling',
  'Input Validation',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** P0: data or money loss, outage. P1: crash or silent failure. P2: robustness. */
export const PRIORITIES = ['P0', 'P1', 'P2'] as const;
export type Priority = (typeof PRIORITIES)[number];

/**
 * How often a report of the rule is right on bots nobody tuned it on: the outsider samples in
 * docs/validation.md, in the terms of CodeQL's `@precision` and GitHub code scanning. `high`: at
 * least 90% of the judged reports TRUE in the newest sample. `medium`: at least half TRUE over the
 * last three samples together, and at least 80% of the reports whose claim was decided right or
 * wrong right in the newest. `low`: below that — a finding is a place to review, not a verdict:
 * `recommended` warns, and `bot-audit` reports it at P2, so that it does not fail a build on its own.
 * `experimental`: below 25% TRUE over the last three samples together, with at least 15 judged
 * reports — wrong far more often than right, so it is left out of `recommended` and of `bot-audit`'s
 * default run, as CodeQL leaves its low-precision queries out of the default suite; `strict`, `all`
 * and `bot-audit --rules all` run it.
 */
export const PRECISIONS = ['high', 'medium', 'low', 'experimental'] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * Whether a rule of this precision (any plugin's `docs.precision`, read loosely) is only a place to
 * review: it warns in `recommended` and `bot-audit` reports it at the lowest priority.
 */
export const isReviewOnly = (precision: unknown): boolean => precision === 'low' || precision === 'experimental';

/** Whether `recommended` and `bot-audit`'s default run include a rule of this precision. */
export const runsByDefault = (precision: unknown): boolean => precision !== 'experimental';

export interface BotAuditDocs {
  description: string;
  category: Category;
  priority: Priority;
  /**
   * Measured on unseen bots (see `PRECISIONS`); `low` lowers the rule to a warning and to P2,
   * `experimental` also leaves it out of `recommended` and of `bot-audit`'s default run.
   */
  precision: Precision;
  /** The rule only works with type information: it is left out of `recommended`. */
  requiresTypeChecking?: boolean;
  /** Options the `strict` config passes instead of the defaults. */
  strictOptions?: readonly unknown[];
  /**
   * What happens in production when the defect ships, for the audit report (one sentence). Without
   * it the report derives the risk from the priority and the finding's message.
   */
  risk?: string;
  /** How to fix a finding, for the audit report (one sentence). Without it the report uses the rule's suggestions. */
  fix?: string;
}

/** What each priority means in production; the audit report's risk line falls back to it. */
export const PRIORITY_MEANING: Record<Priority, string> = {
  P0: 'data or money loss, or an outage',
  P1: 'a crash or a silent failure',
  P2: 'reduced robustness',
};

export const REPOSITORY_URL = 'https://github.com/bot-audit/eslint-plugin-bot-audit';

export const docsUrl = (name: string): string => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`;

const ruleCreator = ESLintUtils.RuleCreator<BotAuditDocs>(docsUrl);

/**
 * `RuleCreator`'s rule, whose `create` first tells the project model that ESLint started a file
 * (`beginLint`): the other files of the project are looked at again, once, before the file's first
 * project-wide question, so a whole-project run reads each of them once and an editor sees edits.
 */
export const createRule: typeof ruleCreator = (spec) => {
  const rule = ruleCreator(spec);
  const create = rule.create.bind(rule);
  return Object.assign(rule, {
    create(context: Parameters<typeof create>[0]) {
      beginLint(context.sourceCode.ast);
      return create(context);
    },
  });
};
