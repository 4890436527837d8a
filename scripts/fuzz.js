#!/usr/bin/env node
// @ts-check
/**
 * `npm run fuzz [-- --seconds 120] [--seed <n>] [--count <n>] [--typed-every 10]`: the long form of
 * the fuzz test. Random seeds by default (the first one is printed), a fixed one with --seed; each
 * failing program is written to .scratch/fuzz/ with its seed, so it can be replayed and minimised.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import console from 'node:console';
import process from 'node:process';

import * as tsParser from '@typescript-eslint/parser';

import plugin from '../dist/index.js';
import { checkProgram, fuzzConfigs, generateProgram } from './lib/fuzz.js';

const root = path.join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string' },
    count: { type: 'string' },
    'typed-every': { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('Usage: npm run fuzz -- [--seconds 60] [--seed <n>] [--count <n>] [--typed-every 10]');
  process.exit(0);
}

const first = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const count = values.count !== undefined ? Number(values.count) : Infinity;
const deadline = performance.now() + Number(values.seconds) * 1000;
const typedEvery = Math.max(1, Number(values['typed-every']));
const typedRoot = path.join(root, 'tests/fixtures');
const configs = fuzzConfigs(plugin);
const outDir = path.join(root, '.scratch/fuzz');

console.log(`fuzz: seeds from ${first}, configs ${configs.map((c) => c.name).join(', ')}; every ${typedEvery}th program also with types`);
let programs = 0;
let findings = 0;
let suggestions = 0;
let failed = 0;
for (let seed = first; programs < count && performance.now() < deadline; seed++) {
  const { code, ts } = generateProgram(seed);
  const result = checkProgram({ plugin, tsParser, seed, code, ts, ...(programs % typedEvery === 0 ? { typedRoot } : {}), configs });
  programs++;
  findings += result.findings;
  suggestions += result.suggestions;
  for (const failure of result.failures) {
    failed++;
    mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, `seed-${seed}-${failure.kind}`);
    writeFileSync(`${base}${ts ? '.ts' : '.js'}`, failure.code);
    if (failure.output) writeFileSync(`${base}.output${ts ? '.ts' : '.js'}`, failure.output);
    console.log(`FAIL seed ${seed} [${failure.config}] ${failure.kind}: ${failure.message.split('\n').slice(0, 4).join(' | ')}\n  → ${base}${ts ? '.ts' : '.js'}`);
  }
}
console.log(`fuzz: ${programs} programs (seeds ${first}–${first + programs - 1}), ${findings} findings, ${suggestions} suggestions checked, ${failed} failures.`);
if (failed > 0) process.exitCode = 1;
