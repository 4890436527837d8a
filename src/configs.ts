import type { TSESLint } from '@typescript-eslint/utils';

import { outOfScopeGlobs } from './scope.js';
import type { BotAuditDocs } from './util/create-rule.js';

type RuleMap = Record<string, TSESLint.RuleModule<string, readonly unknown[], BotAuditDocs>>;
export type RuleEntry = 'error' | 'warn' | ['error' | 'warn', ...unknown[]];
export type RulesRecord = Record<string, RuleEntry>;

/** A flat config object, typed loosely so that it fits both ESLint's and typescript-eslint's types. */
export interface BotAuditConfig {
  name: string;
  plugins: Record<string, unknown>;
  rules: RulesRecord;
  /** Files the config does not apply to: code that never runs in production (src/scope.ts). */
  ignores: string[];
  languageOptions?: { parserOptions?: Record<string, unknown> };
}

export interface BotAuditConfigs {
  recommended: BotAuditConfig;
  'recommended-type-checked': BotAuditConfig;
  strict: BotAuditConfig;
  all: BotAuditConfig;
}

/** The severity `recommended` gives a priority: P0 and P1 stop the build, P2 warns. */
export const severityOf = (docs: BotAuditDocs): 'error' | 'warn' => (docs.priority === 'P2' ? 'warn' : 'error');

const typeAware = { parserOptions: { projectService: true } };

/**
 * Every config is computed from rule metadata, so a rule's priority, type needs and strict options
 * are stated once, in its own file.
 */
export function buildConfigs(rules: RuleMap, namespace: string, plugin: unknown): BotAuditConfigs {
  const entries = Object.entries(rules).map(([name, rule]) => ({ id: `${namespace}/${name}`, docs: rule.meta.docs! }));
  const pick = (filter: (docs: BotAuditDocs) => boolean, entry: (docs: BotAuditDocs) => RuleEntry): RulesRecord =>
    Object.fromEntries(entries.filter(({ docs }) => filter(docs)).map(({ id, docs }) => [id, entry(docs)]));
  const withoutTypes = (docs: BotAuditDocs): boolean => !docs.requiresTypeChecking;
  const anyNeedsTypes = entries.some(({ docs }) => docs.requiresTypeChecking);
  const plugins = { [namespace]: plugin };
  return {
    recommended: { name: `${namespace}/recommended`, plugins, ignores: outOfScopeGlobs(), rules: pick(withoutTypes, severityOf) },
    'recommended-type-checked': {
      name: `${namespace}/recommended-type-checked`,
      plugins,
      ignores: outOfScopeGlobs(),
      languageOptions: typeAware,
      rules: pick(() => true, severityOf),
    },
    strict: {
      name: `${namespace}/strict`,
      plugins,
      ignores: outOfScopeGlobs(),
      rules: pick(withoutTypes, (docs) => (docs.strictOptions ? ['error', ...docs.strictOptions] : 'error')),
    },
    all: {
      name: `${namespace}/all`,
      plugins,
      ignores: outOfScopeGlobs(),
      rules: pick(() => true, () => 'error'),
      ...(anyNeedsTypes ? { languageOptions: typeAware } : {}),
    },
  };
}
