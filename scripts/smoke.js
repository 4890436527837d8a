#!/usr/bin/env node
// @ts-check
/**
 * `npm run smoke -- <dir>…`: lints real repositories with the `all` config (every rule, default
 * options; `--config strict` for the strict options) and fails on any crash, printing finding counts per rule and repository. A crash is a
 * rule throwing; files that do not parse are counted, not failures (foreign code may use syntax
 * the parser does not know). Type information is off unless `--type-checked` is given, because
 * rules must never assume it exists.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import console from 'node:console';
import process from 'node:process';

import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

import plugin from '../dist/index.js';
import { baseConfig, listSourceFiles, ruleIds, scoped } from './lib/lint.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'type-checked': { type: 'boolean', default: false },
    config: { type: 'string', default: 'all' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help || positionals.length === 0) {
  console.log('Usage: npm run smoke -- [--type-checked] [--config all|strict|…] [--json out.json] <dir>…');
  process.exit(values.help ? 0 : 2);
}

const NS = plugin.meta.namespace;
const preset = plugin.configs[/** @type {keyof typeof plugin.configs} */ (values.config)];
if (!preset) {
  console.log(`Unknown config ${values.config}: ${Object.keys(plugin.configs).join(', ')}`);
  process.exit(2);
}
const ids = ruleIds(plugin);

/** @param {string} dir */
function configFor(dir) {
  return [...baseConfig(tsParser, { typed: values['type-checked'] ? { tsconfigRootDir: dir } : false }), scoped(preset)];
}

/**
 * Lints a directory; when ESLint aborts on a crash, lints file by file to find every crash.
 * @param {string} dir
 */
async function smoke(dir) {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configFor(dir), errorOnUnmatchedPattern: false });
  const files = listSourceFiles(dir);
  /** @type {import('eslint').ESLint.LintResult[]} */
  let results = [];
  /** @type {{ file: string, error: string }[]} */
  const crashes = [];
  try {
    results = await eslint.lintFiles(['.']);
  } catch {
    for (const file of files) {
      try {
        results.push(...(await eslint.lintFiles([file])));
      } catch (error) {
        crashes.push({ file: path.relative(dir, file), error: String(/** @type {Error} */ (error).message ?? error).split('\n').slice(0, 3).join(' | ') });
      }
    }
  }
  /** @type {Record<string, number>} */
  const perRule = Object.fromEntries(ids.map((id) => [id, 0]));
  const parseErrors = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) parseErrors.push(`${path.relative(dir, result.filePath)}:${message.line} ${message.message}`);
      else if (message.ruleId && message.ruleId in perRule) perRule[message.ruleId] = (perRule[message.ruleId] ?? 0) + 1;
    }
  }
  const linted = new Set(results.map((r) => r.filePath));
  const lines = [...linted].reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').length, 0);
  return { dir, files: linted.size, lines, perRule, parseErrors, crashes };
}

const started = performance.now();
/** @type {Awaited<ReturnType<typeof smoke>>[]} */
const runs = [];
for (const dir of positionals.map((d) => path.resolve(d))) {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.log(`\n${dir}: not a directory, skipped`);
    continue;
  }
  const start = performance.now();
  const run = await smoke(dir);
  runs.push(run);
  const total = Object.values(run.perRule).reduce((a, b) => a + b, 0);
  console.log(`\n${path.basename(dir)}: ${run.files} files, ${run.lines.toLocaleString('en')} lines, ${total} findings, ${run.parseErrors.length} unparsable files, ${run.crashes.length} crashes (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  for (const [id, count] of Object.entries(run.perRule)) if (count > 0) console.log(`  ${id.padEnd(50)} ${count}`);
  for (const error of run.parseErrors.slice(0, 3)) console.log(`  parse error: ${error}`);
  for (const crash of run.crashes) console.log(`  CRASH ${crash.file}: ${crash.error}`);
}

const short = (/** @type {string} */ id) => id.slice(NS.length + 1);
console.log('\n| repository | files | lines | ' + ids.map(short).join(' | ') + ' | parse errors | crashes |');
console.log('| --- | ---: | ---: | ' + ids.map(() => '---:').join(' | ') + ' | ---: | ---: |');
for (const run of runs) {
  console.log(`| ${path.basename(run.dir)} | ${run.files} | ${run.lines} | ${ids.map((id) => run.perRule[id]).join(' | ')} | ${run.parseErrors.length} | ${run.crashes.length} |`);
}
const crashes = runs.reduce((n, r) => n + r.crashes.length, 0);
console.log(`\n${runs.length} repositories in ${((performance.now() - started) / 1000).toFixed(1)} s: ${crashes === 0 ? 'no crashes' : `${crashes} CRASHES`}.`);
if (values.json) writeFileSync(values.json, JSON.stringify(runs, null, 2));
if (crashes > 0) process.exitCode = 1;
