import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { rules } from '../../src/rules/index.js';
import plugin from '../../src/index.js';

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
}

/** A value of the wrong type for a schema, or undefined when none can be derived. */
function wrongValue(schema: Schema): unknown {
  if (schema.enum) return '__not_one_of_the_values__';
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return undefined;
  if (!types.includes('string')) return 'not-a-valid-value';
  if (!types.includes('object')) return { not: 'valid' };
  return undefined;
}

/** Invalid option lists for a rule, generated from its schema. */
function invalidOptions(schema: Schema[]): [string, unknown[]][] {
  const cases: [string, unknown[]][] = [[`${schema.length + 1} options where at most ${schema.length} are allowed`, [...schema.map(() => ({})), {}]]];
  schema.forEach((item, index) => {
    const before = schema.slice(0, index).map(() => ({}));
    if (item.type === 'object' && item.properties) {
      cases.push([`unknown property in option ${index + 1}`, [...before, { __unknownOption__: true }]]);
      for (const [key, property] of Object.entries(item.properties)) {
        const value = wrongValue(property);
        if (value !== undefined) cases.push([`wrong type for ${key}`, [...before, { [key]: value }]]);
        const items = property.items;
        if (items && !Array.isArray(items)) {
          const wrongItem = wrongValue(items);
          if (wrongItem !== undefined) cases.push([`wrong item type for ${key}`, [...before, { [key]: [wrongItem] }]]);
        }
      }
    } else {
      const value = wrongValue(item);
      if (value !== undefined) cases.push([`wrong type for option ${index + 1}`, [...before, value]]);
    }
  });
  return cases;
}

const cases = Object.entries(rules).flatMap(([name, rule]) =>
  invalidOptions((rule.meta.schema ?? []) as Schema[]).map(([what, options]) => [name, what, options] as const),
);

describe('invalid rule options fail with ESLint\'s schema message, never a TypeError', () => {
  it('has cases for every rule', () => {
    expect(new Set(cases.map(([name]) => name))).toEqual(new Set(Object.keys(rules)));
  });

  it.each(cases)('%s: %s', (name, _what, options) => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { plugins: { 'bot-audit': plugin as never }, rules: { [`bot-audit/${name}`]: ['error', ...options] as Linter.RuleEntry } },
    ];
    let thrown: unknown;
    try {
      linter.verify('try { run(); } catch {}', config, 'file.ts');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(new RegExp(`Key "bot-audit/${name}":\\s+Value .* should`));
  });
});
