import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { afterAll, describe, expect, it } from 'vitest';

import { checkProgram, fuzzConfigs, generateProgram } from '../../scripts/lib/fuzz.js';
import type { PluginLike } from '../../scripts/lib/lint.js';
import botAudit from '../../src/index.js';

/**
 * Quick form of `npm run fuzz`: fixed seeds, so a failure here is reproduced by its seed
 * (`npm run fuzz -- --seed <n> --count 1`). Random seeds run in the longer local fuzz.
 */
const plugin = botAudit as unknown as PluginLike;
const SEEDS = Array.from({ length: 30 }, (_, i) => 1000 + i);
const TYPED_SEEDS = new Set(SEEDS.slice(0, 6));
const typedRoot = path.join(import.meta.dirname, '../fixtures');
const totals = { findings: 0, suggestions: 0 };

describe('fuzz: generated bot programs through every rule and every config', () => {
  it('covers every config the plugin exports, and the type-aware ones with types', () => {
    const names = fuzzConfigs(plugin).map((config) => config.name);
    for (const name of Object.keys(plugin.configs)) expect(names).toContain(name);
    expect(names).toContain('recommended-type-checked (typed)');
  });

  it('generates the same program for the same seed', () => {
    expect(generateProgram(7)).toEqual(generateProgram(7));
    expect(generateProgram(7).code).not.toBe(generateProgram(8).code);
  });

  it.each(SEEDS)('seed %i: no rule throws, every fix and suggestion leaves parseable code', (seed) => {
    const { code, ts } = generateProgram(seed);
    const result = checkProgram({ plugin, tsParser, seed, code, ts, ...(TYPED_SEEDS.has(seed) ? { typedRoot } : {}) });
    totals.findings += result.findings;
    totals.suggestions += result.suggestions;
    expect(result.failures.map(({ seed, config, kind, message }) => ({ seed, config, kind, message }))).toEqual([]);
  });

  it('catches a rule that throws and a suggestion that breaks the code (the harness works)', () => {
    const broken = {
      meta: { type: 'problem', hasSuggestions: true, messages: { m: 'm' }, schema: [] },
      create: (context: { report: (d: unknown) => void }) => ({
        'Identifier[name="boom"]': () => {
          throw new TypeError('boom');
        },
        'Identifier[name="split"]': (node: unknown) =>
          context.report({ node, messageId: 'm', suggest: [{ messageId: 'm', fix: (fixer: { insertTextAfter: (n: unknown, t: string) => unknown }) => fixer.insertTextAfter(node, ' {') }] }),
      }),
    };
    const fake = { meta: { namespace: 'fake' }, rules: { broken: { meta: {} } }, configs: { all: { plugins: { fake: { rules: { broken } } }, rules: { 'fake/broken': 'error' } } } };
    const kinds = (code: string) => checkProgram({ plugin: fake, tsParser, seed: 1, code, ts: true }).failures.map((f) => [f.config, f.kind]);
    expect(kinds('const boom = 1;')).toEqual([['all', 'crash']]);
    expect(kinds('const split = 1;')).toEqual([['all', 'suggestion']]);
    expect(kinds('const = ;')).toEqual([['all', 'parse']]);
    expect(kinds('const fine = 1;')).toEqual([]);
  });

  it('checks suggestions that do not touch in one parse, and still names the one that breaks the code', () => {
    const suggest = {
      meta: { type: 'problem', hasSuggestions: true, messages: { m: 'm' }, schema: [] },
      create: (context: { report: (d: unknown) => void }) => ({
        Identifier: (node: { name: string }) =>
          context.report({
            node,
            messageId: 'm',
            suggest: [{ messageId: 'm', fix: (fixer: { insertTextAfter: (n: unknown, t: string) => unknown }) => fixer.insertTextAfter(node, node.name === 'bad' ? ' {' : '_x') }],
          }),
      }),
    };
    const fake = { meta: { namespace: 'fake' }, rules: { suggest: { meta: {} } }, configs: { all: { plugins: { fake: { rules: { suggest } } }, rules: { 'fake/suggest': 'error' } } } };
    const check = (code: string) => checkProgram({ plugin: fake, tsParser, seed: 1, code, ts: true });
    const fine = check('const a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;');
    expect(fine.suggestions).toBe(4);
    expect(fine.failures).toEqual([]);
    expect(fine.parsed).toBe(1);
    // One of four breaks the code: the joint parse fails, each is parsed alone, only `bad` is named.
    const one = check('const a = 1;\nconst bad = 2;\nconst c = 3;\nconst d = 4;');
    expect(one.failures.map((f) => [f.kind, f.message.split(' breaks')[0], f.output?.split('\n')[1]])).toEqual([['suggestion', 'fake/suggest suggestion "m" at 2:7', 'const bad { = 2;']]);
    expect(one.parsed).toBe(5);
  });

  afterAll(() => {
    // The fuzz must reach the rules' reporting paths, or it proves nothing.
    expect(totals.findings).toBeGreaterThan(0);
    expect(totals.suggestions).toBeGreaterThan(0);
  });
});
