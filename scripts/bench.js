#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench [-- --dir <path>]…`: how much this plugin adds to ESLint's own cost.
 *
 * Lints a generated, deterministic bot codebase (~100k lines, written to .bench/, not committed)
 * and any `--dir` several ways, interleaved, and prints each configuration's median wall time and
 * its ratio to the floor (ESLint with no rules: parse and traversal); per-rule times come from
 * ESLint's `stats`. Then type-aware rules against typescript-eslint's own type-aware baseline,
 * scaling (doubling the input must at most double our rules' time), and oxlint's JS-plugin run
 * when oxlint is installed. Every configuration comes from the plugin's registry and configs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import console from 'node:console';
import process from 'node:process';

import * as tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import plugin from '../dist/index.js';
import { createRandom, generateDeepNesting, generateFile, generateSqlHeavy, writeCorpus } from './lib/corpus.js';
import { baseConfig, listSourceFiles, median, needsTypes, oxlintConfig, ruleAlone, ruleIds, ruleTimes, scoped, syntacticRuleIds } from './lib/lint.js';

const root = path.join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    dir: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '3' },
    'rule-runs': { type: 'string', default: '1' },
    lines: { type: 'string', default: '100000' },
    'typed-lines': { type: 'string', default: '25000' },
    skip: { type: 'string', multiple: true, default: [] },
    json: { type: 'string' },
    check: { type: 'boolean', default: false },
    clock: { type: 'string', default: 'cpu' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench -- [--dir <path>]… [--runs 3] [--rule-runs 1] [--lines 100000] [--typed-lines 25000]
                        [--skip generated|rules|types|scaling|oxlint]… [--json out.json] [--check]
--check exits 1 when a target is missed.`);
  process.exit(0);
}
const RUNS = Math.max(1, Number(values.runs));
/** Each rule alone is timed fewer times: its precise cost comes from `stats` over RUNS runs. */
const RULE_RUNS = Math.max(1, Number(values['rule-runs']));
/** Ratios use the linting process's CPU time by default: on a shared machine wall time swings with other load. */
const CLOCK = values.clock === 'wall' ? 'wall' : 'cpu';
const skip = new Set(values.skip.flatMap((s) => s.split(',')));
const NS = plugin.meta.namespace;
const ours = (/** @type {string} */ id) => id.startsWith(`${NS}/`);
/** @type {Record<string, unknown>} */
const report = { node: process.version, cpus: (await import('node:os')).cpus().length, runs: RUNS, corpora: [] };
/** @type {string[]} */
const missed = [];

const fmt = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(1)}%`;
const pad = (/** @type {string} */ s, /** @type {number} */ n) => s.padEnd(n);
const target = (/** @type {boolean} */ ok, /** @type {string} */ what) => {
  if (!ok) missed.push(what);
  return ok ? 'ok' : 'MISSED';
};

/**
 * @param {string} cwd
 * @param {import('eslint').Linter.Config[]} config
 * @param {boolean} [stats]
 */
async function lintOnce(cwd, config, stats = false) {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, cache: false, stats, errorOnUnmatchedPattern: false });
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const results = await eslint.lintFiles(['.']);
  const cpuUsed = process.cpuUsage(cpuStart);
  const wall = performance.now() - start;
  const cpu = (cpuUsed.user + cpuUsed.system) / 1000;
  const ms = CLOCK === 'wall' ? wall : cpu;
  const fatal = results.flatMap((r) => r.messages.filter((m) => m.fatal).map((m) => `${r.filePath}:${m.line} ${m.message}`));
  const findings = results.reduce((n, r) => n + r.messages.filter((m) => !m.fatal).length, 0);
  return { ms, wall, results, fatal, findings };
}

/**
 * Runs every configuration `RUNS` times, interleaved (so drift hits all alike), after one warm-up.
 * @param {string} cwd
 * @param {{ name: string, config: import('eslint').Linter.Config[], runs?: number }[]} configurations
 * @param {boolean} [warmAll]
 */
async function measure(cwd, configurations, warmAll = false) {
  /** @type {Map<string, number[]>} */
  const times = new Map(configurations.map((c) => [c.name, []]));
  /** @type {Map<string, number[]>} */
  const walls = new Map(configurations.map((c) => [c.name, []]));
  /** @type {Map<string, number>} */
  const findings = new Map();
  // Warm-up (JIT, module and file caches; with types, the checker's caches, which the first
  // configuration to ask would otherwise pay for alone), then RUNS rounds, interleaved.
  for (const { config } of warmAll ? configurations : configurations.slice(0, 1)) await lintOnce(cwd, config);
  for (let round = 0; round < RUNS; round++) {
    for (const { name, config, runs = RUNS } of configurations) {
      if (round >= runs) continue;
      const { ms, wall, fatal, findings: count } = await lintOnce(cwd, config);
      if (round === 0) {
        findings.set(name, count);
        if (fatal.length > 0) console.log(`  note: ${name}: ${fatal.length} file(s) did not parse, e.g. ${fatal[0]}`);
      }
      times.get(name)?.push(ms);
      walls.get(name)?.push(wall);
    }
  }
  return configurations.map(({ name }) => ({ name, ms: median(times.get(name) ?? []), wall: median(walls.get(name) ?? []), findings: findings.get(name) ?? 0 }));
}

/** Per-rule times (ms, median over runs) from `stats`. @param {string} cwd @param {import('eslint').Linter.Config[]} config @param {number} [runs] */
async function perRule(cwd, config, runs = 1) {
  /** @type {Map<string, number[]>} */
  const samples = new Map();
  for (let round = 0; round < runs; round++) {
    const { results } = await lintOnce(cwd, config, true);
    for (const [id, ms] of ruleTimes(results)) samples.set(id, [...(samples.get(id) ?? []), ms]);
  }
  return new Map([...samples].map(([id, list]) => [id, median(list)]));
}

async function benchCorpus(/** @type {string} */ label, /** @type {string} */ dir) {
  console.log(`\n## ${label}\n`);
  const base = baseConfig(tsParser);
  const syntactic = syntacticRuleIds(plugin);
  const configurations = [
    { name: 'floor: no rules (parse + traverse)', config: base },
    { name: 'core no-empty only', config: [...base, { files: ['**/*'], rules: { 'no-empty': 'error' } }] },
    { name: `${NS} recommended`, config: [...base, scoped(plugin.configs.recommended)] },
    ...(skip.has('rules') ? [] : syntactic.map((id) => ({ name: id, config: [...base, ruleAlone(plugin, id)], runs: RULE_RUNS }))),
  ];
  const rows = await measure(dir, configurations);
  const floor = rows[0]?.ms ?? 1;
  const floorWall = rows[0]?.wall ?? 1;
  const times = await perRule(dir, [...base, { ...ruleAlone(plugin, syntactic[0] ?? ''), rules: Object.fromEntries(syntactic.map((id) => [id, 'error'])) }]);
  console.log(`${pad('configuration', 44)} ${pad(`${CLOCK} time`, 9)} ${pad('wall', 9)} ${pad('÷ floor', 8)} ${pad('findings', 9)} rule time (stats) ÷ floor`);
  /** @type {Record<string, unknown>[]} */
  const table = [];
  for (const row of rows) {
    const ratio = row.ms / floor;
    let note = '';
    if (row.name === `${NS} recommended`) note = `target ≤ 1.10: ${target(ratio <= 1.1, `${label}: recommended ${ratio.toFixed(3)}× floor`)}`;
    // `stats` times are clock intervals inside the process: compare them with the floor's wall time.
    const own = times.get(row.name);
    const share = own === undefined ? 0 : own / floorWall;
    if (own !== undefined) note = `${pct(share)} (target ≤ 3%: ${target(share <= 0.03, `${label}: ${row.name} ${pct(share)} of floor`)})`;
    console.log(`${pad(row.name, 44)} ${pad(fmt(row.ms), 9)} ${pad(fmt(row.wall), 9)} ${pad(ratio.toFixed(3), 8)} ${pad(String(row.findings), 9)} ${note}`);
    table.push({ ...row, ratio, ruleMs: own });
  }
  const allOurs = [...times].filter(([id]) => ours(id)).reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`all our syntactic rules together (stats): ${pct(allOurs / floorWall)} of the floor`);
  const sql = await sqlParserProbe(dir, base);
  return { label, dir, floorMs: floor, table, allOursMs: allOurs, sql };
}

/**
 * "SQL text parsed once per distinct text": when the plugin has a SQL analysis module that counts
 * parser calls, lint the corpus twice more and check that the second pass parses nothing new.
 * @param {string} dir @param {import('eslint').Linter.Config[]} base
 */
async function sqlParserProbe(dir, base) {
  const module = path.join(root, 'dist/analysis/sql/parse.js');
  if (!existsSync(module)) return null;
  const { sqlParserCalls } = /** @type {{ sqlParserCalls?: () => number }} */ (await import(pathToFileURL(module).href));
  if (typeof sqlParserCalls !== 'function') return null;
  // Every configuration above has linted the corpus already: one more pass must parse nothing.
  const first = sqlParserCalls();
  await lintOnce(dir, [...base, scoped(plugin.configs.all)]);
  const fresh = sqlParserCalls() - first;
  console.log(`SQL parser calls: ${first} for every distinct text of the corpus; one more pass of \`all\` added ${fresh} (target 0: ${target(fresh === 0, `SQL re-parsed: ${fresh} calls on a repeated pass`)})`);
  return { total: first, repeated: fresh };
}

async function benchTyped(/** @type {string} */ dir) {
  console.log(`\n## Type-aware: typescript-eslint recommended-type-checked alone vs with ${NS} recommended-type-checked\n`);
  const base = baseConfig(tsParser, { typed: { tsconfigRootDir: dir } });
  const tsRecommended = /** @type {import('eslint').Linter.Config[]} */ (tseslint.configs.recommendedTypeChecked).map((c) => (c.files ? c : { ...c, files: ['**/*.{ts,mts,cts,tsx,js}'] }));
  const withOurs = [...base, ...tsRecommended, scoped(plugin.configs['recommended-type-checked'])];
  const rows = await measure(dir, [
    { name: 'floor: no rules, type information on', config: base },
    { name: 'typescript-eslint recommended-type-checked', config: [...base, ...tsRecommended] },
    { name: `+ ${NS} recommended-type-checked`, config: withOurs },
  ], true);
  const [floorRow, tsRow, bothRow] = rows;
  const times = await perRule(dir, withOurs);
  const oursMs = [...times].filter(([id]) => ours(id)).reduce((sum, [, ms]) => sum + ms, 0);
  const tsMs = [...times].filter(([id]) => id.startsWith('@typescript-eslint/')).reduce((sum, [, ms]) => sum + ms, 0);
  for (const row of rows) console.log(`${pad(row.name, 50)} ${CLOCK} ${pad(fmt(row.ms), 9)} wall ${pad(fmt(row.wall), 9)} ÷ floor ${(row.ms / (floorRow?.ms ?? 1)).toFixed(3)}  findings ${row.findings}`);
  const ratio = (bothRow?.ms ?? 0) / (tsRow?.ms ?? 1);
  console.log(`with ours ÷ typescript-eslint alone: ${ratio.toFixed(3)} (target ≤ 1.10: ${target(ratio <= 1.1, `type-aware ${ratio.toFixed(3)}× typescript-eslint`)})`);
  console.log(`rule times (stats): ours ${fmt(oursMs)}, typescript-eslint's ${fmt(tsMs)}; ours ÷ typescript-eslint's wall ${pct(oursMs / (tsRow?.ms ?? 1))}`);
  for (const id of ruleIds(plugin).filter((i) => needsTypes(plugin, i))) console.log(`  ${id}: ${fmt(times.get(id) ?? 0)}`);
  return { rows, ratio, oursMs, tsMs };
}

/** Our rules' time (stats, ms) over in-memory files, median of runs; and the floor's. @param {{ name: string, text: string }[]} files */
function timeOurs(files) {
  const linter = new Linter({ configType: 'flat' });
  const config = [...baseConfig(tsParser), { ...scoped(plugin.configs.all), rules: Object.fromEntries(syntacticRuleIds(plugin).map((id) => [id, 'error'])) }];
  /** @type {number[]} */
  const samples = [];
  /** @type {number[]} */
  const walls = [];
  for (let round = 0; round <= 3; round++) {
    let ms = 0;
    const start = performance.now();
    for (const file of files) {
      const { messages } = linter.verifyAndFix(file.text, config, { filename: path.join(root, '.bench/scaling', file.name), stats: true, fix: false });
      if (messages.some((m) => m.fatal)) throw new Error(`${file.name}: ${messages[0]?.message}`);
      for (const pass of linter.getTimes().passes ?? []) for (const [id, t] of Object.entries(pass.rules ?? {})) if (ours(id)) ms += t.total;
    }
    if (round > 0) {
      samples.push(ms);
      walls.push(performance.now() - start);
    }
  }
  // The minimum: noise only ever adds time.
  return { ours: Math.min(...samples), wall: Math.min(...walls) };
}

function benchScaling() {
  console.log('\n## Scaling: doubling the input must at most double our rules\' time (ratio ≤ 2.2)\n');
  const files = (/** @type {number} */ count) => {
    const rng = createRandom(7);
    return Array.from({ length: count }, (_, i) => ({ name: `f${i}.ts`, text: generateFile(rng, { lines: 250, framework: i % 2 ? 'grammy' : 'telegraf' }) }));
  };
  const cases = [
    { name: 'files (40 → 80 files of 250 lines)', small: files(40), large: files(80) },
    { name: 'file length (5,000 → 10,000 lines)', small: [{ name: 's.ts', text: generateFile(createRandom(3), { lines: 5000 }) }], large: [{ name: 's.ts', text: generateFile(createRandom(3), { lines: 10_000 }) }] },
    { name: 'SQL strings (1,000 → 2,000 queries)', small: [{ name: 'q.ts', text: generateSqlHeavy(1000) }], large: [{ name: 'q.ts', text: generateSqlHeavy(2000) }] },
    { name: 'nesting depth (100 → 200 levels)', small: [{ name: 'd.ts', text: generateDeepNesting(100) }], large: [{ name: 'd.ts', text: generateDeepNesting(200) }] },
  ];
  /** @type {Record<string, unknown>[]} */
  const out = [];
  console.log(`${pad('doubling', 40)} ${pad('ours small', 11)} ${pad('ours large', 11)} ${pad('ratio', 7)} floor+rules ratio`);
  for (const { name, small, large } of cases) {
    const a = timeOurs(small);
    const b = timeOurs(large);
    const ratio = b.ours / Math.max(a.ours, 0.001);
    // Below ~50 ms a single GC pause inside a listener decides the ratio: too small to judge.
    const verdict = b.ours < 50 ? 'too small to judge' : target(ratio <= 2.2, `scaling ${name}: ${ratio.toFixed(2)}`);
    console.log(`${pad(name, 40)} ${pad(`${a.ours.toFixed(1)} ms`, 11)} ${pad(`${b.ours.toFixed(1)} ms`, 11)} ${pad(ratio.toFixed(2), 7)} ${(b.wall / a.wall).toFixed(2)}  ${verdict}`);
    out.push({ name, smallMs: a.ours, largeMs: b.ours, ratio, wallRatio: b.wall / a.wall });
  }
  return out;
}

async function benchOxlint(/** @type {string} */ dir, /** @type {number} */ eslintMs, /** @type {number} */ eslintFloor) {
  const bin = path.join(root, 'node_modules/.bin/oxlint');
  console.log('\n## oxlint: the syntactic rules as an oxlint JS plugin\n');
  if (!existsSync(bin)) {
    console.log('oxlint is not installed: skipped.');
    return null;
  }
  const configFile = path.join(root, '.bench/oxlintrc.json');
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(configFile, JSON.stringify(oxlintConfig(plugin, path.join(root, 'dist/index.js')), null, 2));
  /** @type {number[]} */
  const samples = [];
  let diagnostics = 0;
  for (let round = 0; round <= RUNS; round++) {
    const start = performance.now();
    // oxlint exits 1 when it reports errors: only a missing JSON report is a failure.
    // Files are named one by one: oxlint skips git-ignored directories such as .bench/.
    const run = spawnSync(bin, ['-c', configFile, '--format', 'json', ...listSourceFiles(dir)], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0 && run.status !== 1) throw new Error(`oxlint exited ${run.status}: ${run.stderr.slice(0, 500)}`);
    const out = run.stdout;
    if (round > 0) samples.push(performance.now() - start);
    else diagnostics = /** @type {{ diagnostics: unknown[] }} */ (JSON.parse(out)).diagnostics.length;
  }
  const ms = median(samples);
  console.log(`wall time: oxlint + ${NS} syntactic rules ${fmt(ms)} (${diagnostics} findings); ESLint ${NS} recommended ${fmt(eslintMs)}, ESLint floor ${fmt(eslintFloor)}`);
  console.log(`(the .oxlintrc.json for the current rules: ${path.relative(process.cwd(), configFile)})`);
  console.log(`speed-up over ESLint ${NS} recommended: ${(eslintMs / ms).toFixed(1)}× (oxlint uses every core; ESLint runs single-threaded here)`);
  return { ms, diagnostics, speedup: eslintMs / ms };
}

const start = performance.now();
console.log(`# ${NS} benchmark — Node ${process.version}, ${report.cpus} CPUs, median of ${RUNS} runs after a warm-up; ratios from ${CLOCK} time`);
console.log(`rules: ${ruleIds(plugin).join(', ')}`);
/** @type {{ label: string, dir: string }[]} */
const corpora = [];
if (!skip.has('generated')) {
  const lines = Number(values.lines);
  const generated = writeCorpus(path.join(root, '.bench/corpus'), { lines });
  corpora.push({ label: `generated corpus: ${generated.files} files, ${generated.lines.toLocaleString('en')} lines (seed 42)`, dir: generated.dir });
}
for (const dir of values.dir) corpora.push({ label: `--dir ${dir}`, dir: path.resolve(dir) });
/** @type {Awaited<ReturnType<typeof benchCorpus>>[]} */
const results = [];
for (const corpus of corpora) results.push(await benchCorpus(corpus.label, corpus.dir));
report.corpora = results;
if (!skip.has('types') && !skip.has('generated')) {
  const typed = writeCorpus(path.join(root, '.bench/typed'), { lines: Number(values['typed-lines']) });
  report.typed = await benchTyped(typed.dir);
}
if (!skip.has('scaling')) report.scaling = benchScaling();
if (!skip.has('oxlint') && results[0]) {
  const first = results[0];
  const rows = /** @type {{ name: string, wall: number }[]} */ (first.table);
  const rec = rows.find((r) => r.name === `${NS} recommended`);
  try {
    report.oxlint = await benchOxlint(first.dir, rec?.wall ?? 0, rows[0]?.wall ?? 0);
  } catch (error) {
    console.log(`oxlint failed: ${String(error)}`);
    report.oxlint = { error: String(error) };
  }
}
console.log(`\nTotal ${fmt(performance.now() - start)}. ${missed.length === 0 ? 'All targets met.' : `Targets missed:\n  ${missed.join('\n  ')}`}`);
report.missed = missed;
if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
if (values.check && missed.length > 0) process.exitCode = 1;
