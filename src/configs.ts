import type { TSESLint } from '@typescript-eslint/utils';

import { outOfScopeGlobs } from './scope.js';
import { isReviewOnly, runsByDefault, type BotAuditDocs } from './util/create-rule.js';

type RuleMap = Record<string, TSESLint.RuleModule<string, readonly unknown[], BotAuditDocs>>;
export type RuleEntry = 'error' | 'warn' | ['error' | 'warn', ...unknown[]];
export type RulesRecord = Record<string, RuleEntry>;

/** A flat config object, typed loosely so that it fits both ESLint's and typescript-eslint's types. */
export interface BotAuditConfig {
  name: string;
  files: string[];
  plugins: Record<string, unknown>;
  rules: RulesRecord;
  /** Files the config does not apply to: code that never runs in production (src/scope.ts). */
  ignores: string[];
  languageOptions?: { parser?: unknown; parserOptions?: Record<string, unknown> };
}

export interface BotAuditConfigs {
  recommended: BotAuditConfig;
  'recommended-type-checked': BotAuditConfig;
  strict: BotAuditConfig;
  all: BotAuditConfig;
}

/**
 * The severity `recommended` gives a rule: P0 and P1 stop the build, P2 warns; so does a rule whose
 * reports measured low (or experimental) precision on unseen bots (a place to review, not a verdict).
 */
export const severityOf = (docs: BotAuditDocs): 'error' | 'warn' => (docs.priority === 'P2' || isReviewOnly(docs.precision) ? 'warn' : 'error');

/** The rules `recommended` leaves out for their precision (`experimental`), by name: `bot-audit --rules all` runs them. */
export const rulesLeftOut = (rules: RuleMap): [string, RuleMap[string]][] => Object.entries(rules).filter(([, rule]) => !runsByDefault(rule.meta.docs!.precision));

/**
 * The rules `recommended` leaves out for their precision, with the severity it would give them: what
 * `bot-audit --rules all` adds to its default run. Rules that need types only when `typeAware`.
 */
export function rulesOffByDefault(rules: RuleMap, namespace: string, typeAware: boolean): RulesRecord {
  return Object.fromEntries(
    rulesLeftOut(rules)
      .filter(([, rule]) => typeAware || !rule.meta.docs!.requiresTypeChecking)
      .map(([name, rule]) => [`${namespace}/${name}`, severityOf(rule.meta.docs!)]),
  );
}

/** JavaScript files: ESLint's default parser reads them when typescript-eslint's cannot load. */
export const JAVASCRIPT_FILES = ['**/*.{js,mjs,cjs,jsx}'];
/** Every file a config lints when typescript-eslint's parser is there to read TypeScript. */
export const SOURCE_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

/**
 * The project service finds each file's tsconfig.json. JavaScript files at the project root (the
 * ESLint, Vite or Prettier config) are rarely in a tsconfig; the default project reads them instead of
 * failing to parse.
 */
export const TYPE_AWARE_PARSER_OPTIONS = { projectService: { allowDefaultProject: ['*.js', '*.mjs', '*.cjs'] } };

/**
 * Every config is computed from rule metadata, so a rule's priority, precision, type needs and strict
 * options are stated once, in its own file. Each config names the files it lints and the parser they need,
 * so that it works alone as the whole `eslint.config.js`: with `parser` (typescript-eslint's), it
 * lints JavaScript and TypeScript files; without it (no `typescript` installed), JavaScript files only.
 */
export function buildConfigs(rules: RuleMap, namespace: string, plugin: unknown, parser?: unknown): BotAuditConfigs {
  const entries = Object.entries(rules).map(([name, rule]) => ({ id: `${namespace}/${name}`, docs: rule.meta.docs! }));
  const pick = (filter: (docs: BotAuditDocs) => boolean, entry: (docs: BotAuditDocs) => RuleEntry): RulesRecord =>
    Object.fromEntries(entries.filter(({ docs }) => filter(docs)).map(({ id, docs }) => [id, entry(docs)]));
  const withoutTypes = (docs: BotAuditDocs): boolean => !docs.requiresTypeChecking;
  // A rule of experimental precision is wrong far more often than right: not on by default.
  const byDefault = (docs: BotAuditDocs): boolean => runsByDefault(docs.precision);
  const anyNeedsTypes = entries.some(({ docs }) => docs.requiresTypeChecking);
  const plugins = { [namespace]: plugin };
  const files = parser ? SOURCE_FILES : JAVASCRIPT_FILES;
  const syntactic = parser ? { languageOptions: { parser } } : {};
  const typeAware = { languageOptions: { ...(parser ? { parser } : {}), parserOptions: TYPE_AWARE_PARSER_OPTIONS } };
  return {
    recommended: { name: `${namespace}/recommended`, files, ignores: outOfScopeGlobs(), plugins, ...syntactic, rules: pick((docs) => withoutTypes(docs) && byDefault(docs), severityOf) },
    'recommended-type-checked': {
      name: `${namespace}/recommended-type-checked`,
      files,
      plugins,
      ignores: outOfScopeGlobs(),
      ...typeAware,
      rules: pick(byDefault, severityOf),
    },
    strict: {
      name: `${namespace}/strict`,
      files,
      plugins,
      ignores: outOfScopeGlobs(),
      ...syntactic,
      rules: pick(withoutTypes, (docs) => (docs.strictOptions ? ['error', ...docs.strictOptions] : 'error')),
    },
    all: {
      name: `${namespace}/all`,
      files,
      plugins,
      ignores: outOfScopeGlobs(),
      ...(anyNeedsTypes ? typeAware : syntactic),
      rules: pick(() => true, () => 'error'),
    },
  };
}
