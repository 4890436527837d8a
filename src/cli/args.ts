import { parseArgs } from 'node:util';

import { PRIORITIES, type Priority } from '../util/create-rule.js';
import type { Concurrency } from './lint-options.js';

export const FORMATS = ['pretty', 'markdown', 'html', 'json', 'sarif', 'stylish'] as const;
export type Format = (typeof FORMATS)[number];

/** The embedded rule sets: `recommended` (default) leaves out rules of experimental precision; `all` runs them too. */
export const RULE_SETS = ['recommended', 'all'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

export interface CliOptions {
  help: boolean;
  version: boolean;
  paths: string[];
  format?: Format;
  output?: string;
  top?: number;
  failOn: Priority | 'never';
  config?: string;
  concurrency?: Concurrency;
  /** `true`/`false` when forced, `undefined` for automatic. */
  typeAware?: boolean;
  fix: boolean;
  /** `--baseline FILE`: fail only on findings not recorded in FILE (recorded on the first run). */
  baseline?: string;
  /** `--update-baseline`: rewrite the baseline with today's findings. */
  updateBaseline?: boolean;
  /** `production` (default): leave out tests, examples, docs, tooling and browser code found in directories. */
  scope: 'production' | 'all';
  /** Pass the gate even when files were not analysed or a rule crashed. */
  allowUnanalysed: boolean;
  /** Obey `eslint-disable` and rule config comments in the audited code (`--no-inline-config` turns them off). */
  inlineConfig: boolean;
  /** `--rules`: which of the plugin's rules the embedded config runs; absent when not given (`recommended`). */
  rules?: RuleSet;
}

/** Parses and validates the command line; every problem found is collected, not just the first. */
export function parseCli(argv: readonly string[]): { options: CliOptions; problems: string[] } {
  const problems: string[] = [];
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        top: { type: 'string' },
        'fail-on': { type: 'string' },
        config: { type: 'string', short: 'c' },
        concurrency: { type: 'string' },
        'type-aware': { type: 'boolean' },
        fix: { type: 'boolean' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        scope: { type: 'string' },
        'allow-unanalysed': { type: 'boolean' },
        'inline-config': { type: 'boolean' },
        rules: { type: 'string' },
      },
    });
  } catch (error) {
    return { options: { help: false, version: false, paths: [], failOn: 'P1', fix: false, scope: 'production', allowUnanalysed: false, inlineConfig: true }, problems: [(error as Error).message.split('\n')[0]!] };
  }
  const { values } = parsed;
  const options: CliOptions = {
    help: values.help ?? false,
    version: values.version ?? false,
    paths: parsed.positionals,
    failOn: 'P1',
    fix: values.fix ?? false,
    scope: 'production',
    allowUnanalysed: values['allow-unanalysed'] ?? false,
    inlineConfig: values['inline-config'] ?? true,
  };

  if (values.format !== undefined) {
    if ((FORMATS as readonly string[]).includes(values.format)) options.format = values.format as Format;
    else problems.push(`unknown --format "${values.format}": use one of ${FORMATS.join(', ')}`);
  }
  if (values.output !== undefined) {
    if (values.output === '') problems.push('--output needs a file name');
    else options.output = values.output;
  }
  if (values.top !== undefined) {
    const top = /^\d+$/.test(values.top) ? Number(values.top) : Number.NaN;
    if (Number.isSafeInteger(top) && top > 0) options.top = top;
    else problems.push(`invalid --top "${values.top}": expected a whole number of at least 1`);
  }
  if (values['fail-on'] !== undefined) {
    const failOn = values['fail-on'].toUpperCase();
    if ((PRIORITIES as readonly string[]).includes(failOn)) options.failOn = failOn as Priority;
    else if (failOn === 'NEVER') options.failOn = 'never';
    else problems.push(`invalid --fail-on "${values['fail-on']}": use P0, P1, P2 or never`);
  }
  if (values.config !== undefined) options.config = values.config;
  if (values.concurrency !== undefined) {
    const value = values.concurrency;
    if (value === 'auto' || value === 'off') options.concurrency = value;
    else if (/^\d+$/.test(value) && Number(value) >= 1) options.concurrency = Number(value);
    else problems.push(`invalid --concurrency "${value}": use auto, off or a number of threads`);
  }
  if (values.scope !== undefined) {
    if (values.scope === 'production' || values.scope === 'all') options.scope = values.scope;
    else problems.push(`invalid --scope "${values.scope}": use production or all`);
  }
  if (values.rules !== undefined) {
    if ((RULE_SETS as readonly string[]).includes(values.rules)) options.rules = values.rules as RuleSet;
    else problems.push(`invalid --rules "${values.rules}": use ${RULE_SETS.join(' or ')}`);
  }
  if (values['type-aware'] !== undefined) options.typeAware = values['type-aware'];
  if (values.baseline !== undefined) {
    if (values.baseline === '') problems.push('--baseline needs a file name');
    else options.baseline = values.baseline;
  }
  if (values['update-baseline']) {
    if (values.baseline === undefined) problems.push('--update-baseline needs --baseline <file>');
    options.updateBaseline = true;
  }
  return { options, problems };
}
