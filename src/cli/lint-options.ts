import type { ESLint, Linter } from 'eslint';

import plugin from '../index.js';
import { embeddedConfig, type JavaScriptSourceType } from './embedded-config.js';

export type Concurrency = 'off' | 'auto' | number;

/** Everything the ESLint instance of a run depends on; plain values, so that it fits in a URL for worker threads. */
export interface LintParams {
  cwd: string;
  /** The user's own eslint config file; the embedded config when absent. */
  config?: string;
  typeAware: boolean;
  fix: boolean;
  concurrency: Concurrency;
  /** Obey `eslint-disable` and rule config comments in the audited code (ESLint's `allowInlineConfig`). */
  inlineConfig?: boolean;
  /** Rules turned off: those that crashed on the file being linted again. */
  disabledRules?: readonly string[];
  /** `all`: the embedded config also runs the rules `recommended` leaves out for their precision (`--rules all`). */
  rules?: 'all';
  /** The embedded config parses JavaScript with espree in this source type, without types (embedded-config.ts). */
  espree?: JavaScriptSourceType;
}

export interface LintOptions {
  options: ESLint.Options;
}

/** The ESLint options of a run: the same in the main thread and, through worker-options.ts, in workers. */
export async function lintOptions(params: LintParams): Promise<LintOptions> {
  const common: ESLint.Options = {
    cwd: params.cwd,
    // With the embedded config, only this plugin's fixes: a rule the audited code's own config comment
    // turned on (`/* eslint one-var: … *\/`) is no part of the audit, and must not rewrite the code.
    fix: params.fix && !params.config ? (message) => message.ruleId?.startsWith(`${plugin.meta.namespace}/`) === true : params.fix,
    concurrency: params.concurrency,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    allowInlineConfig: params.inlineConfig ?? true,
  };
  const disabled: Linter.Config[] = params.disabledRules?.length
    ? [{ name: 'bot-audit/crashed-rules', rules: Object.fromEntries(params.disabledRules.map((id) => [id, 'off'])) }]
    : [];
  if (params.config) return { options: { ...common, overrideConfigFile: params.config, ...(disabled.length ? { overrideConfig: disabled } : {}) } };
  const { config } = await embeddedConfig({ typeAware: params.typeAware, tsconfigRootDir: params.cwd, ...(params.rules ? { rules: params.rules } : {}), ...(params.espree ? { espree: params.espree } : {}) });
  return { options: { ...common, overrideConfigFile: true, overrideConfig: [...config, ...disabled] } };
}

export function paramsToSearch(params: LintParams): string {
  const search = new URLSearchParams({
    cwd: params.cwd,
    typeAware: String(params.typeAware),
    fix: String(params.fix),
    concurrency: String(params.concurrency),
  });
  if (params.config) search.set('config', params.config);
  if (params.inlineConfig === false) search.set('inlineConfig', 'false');
  if (params.rules) search.set('rules', params.rules);
  if (params.espree) search.set('espree', params.espree);
  for (const id of params.disabledRules ?? []) search.append('disable', id);
  return search.toString();
}

export function paramsFromSearch(search: URLSearchParams): LintParams {
  const concurrency = search.get('concurrency') ?? 'off';
  const config = search.get('config');
  const espree = search.get('espree');
  return {
    cwd: search.get('cwd') ?? process.cwd(),
    typeAware: search.get('typeAware') === 'true',
    fix: search.get('fix') === 'true',
    concurrency: concurrency === 'off' || concurrency === 'auto' ? concurrency : Number(concurrency),
    ...(config ? { config } : {}),
    ...(search.get('inlineConfig') === 'false' ? { inlineConfig: false } : {}),
    ...(search.get('rules') === 'all' ? { rules: 'all' as const } : {}),
    ...(espree === 'script' || espree === 'module' ? { espree } : {}),
    ...(search.getAll('disable').length > 0 ? { disabledRules: search.getAll('disable') } : {}),
  };
}
