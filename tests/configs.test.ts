import { describe, expect, it } from 'vitest';

import { buildConfigs } from '../src/configs.js';
import type { BotAuditDocs } from '../src/util/create-rule.js';

const fake = (docs: Omit<BotAuditDocs, 'description' | 'category'>) =>
  ({ meta: { docs: { description: 'Require x', category: 'Timeouts', ...docs } } }) as never;

describe('buildConfigs', () => {
  const rules = {
    p0: fake({ priority: 'P0' }),
    p2: fake({ priority: 'P2' }),
    strictish: fake({ priority: 'P1', strictOptions: [{ requireRange: true }] }),
    typed: fake({ priority: 'P1', requiresTypeChecking: true }),
  };
  const plugin = {};
  const configs = buildConfigs(rules, 'ns', plugin);

  it('recommended leaves out type-checked rules and warns on P2', () => {
    expect(configs.recommended.rules).toEqual({ 'ns/p0': 'error', 'ns/p2': 'warn', 'ns/strictish': 'error' });
  });

  it('recommended-type-checked adds them, with the project service', () => {
    expect(configs['recommended-type-checked'].rules['ns/typed']).toBe('error');
    expect(configs['recommended-type-checked'].languageOptions).toEqual({ parserOptions: { projectService: true } });
  });

  it('strict passes strict options and makes everything an error', () => {
    expect(configs.strict.rules).toEqual({ 'ns/p0': 'error', 'ns/p2': 'error', 'ns/strictish': ['error', { requireRange: true }] });
  });

  it('all needs the project service only when a rule needs types', () => {
    expect(configs.all.languageOptions).toEqual({ parserOptions: { projectService: true } });
    expect(buildConfigs({ p0: rules.p0 }, 'ns', plugin).all.languageOptions).toBeUndefined();
    expect(configs.all.plugins.ns).toBe(plugin);
  });
});
