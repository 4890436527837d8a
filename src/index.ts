import { createRequire } from 'node:module';

import { buildConfigs, type BotAuditConfigs } from './configs.js';
import { rules } from './rules/index.js';
import { typescriptParser, typescriptParserAvailable } from './util/typescript-parser.js';

export type { BotAuditConfig, BotAuditConfigs, RuleEntry, RulesRecord } from './configs.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

export interface BotAuditPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: BotAuditConfigs;
}

const namespace = 'bot-audit';
const plugin: BotAuditPlugin = { meta: { name, version, namespace }, rules, configs: {} as BotAuditConfigs };
Object.assign(plugin.configs, buildConfigs(rules, namespace, plugin, typescriptParserAvailable() ? typescriptParser : undefined));

// Named exports too, for `import { configs } from 'eslint-plugin-bot-audit'` and for tools that read
// the module namespace (`import()` of the package gives it). `require()` cannot load this module:
// the SQL parser is awaited at top level (see the README's design section).
export const { configs, meta } = plugin;
export { rules };
export default plugin;
