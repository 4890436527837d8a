// @ts-check
/**
 * The fuzz check shared by the robustness tests (fixed seeds) and `npm run fuzz` (random seeds):
 * a generated program is linted with every config of the plugin; no rule may throw, the program
 * must parse (else the generator is wrong), and every fix and suggestion must leave code that still
 * parses.
 */
import path from 'node:path';
import process from 'node:process';

import { Linter } from 'eslint';

import { createRandom, generateFile } from './corpus.js';
import { SOURCE_FILES } from './lint.js';

/**
 * @typedef {import('./lint.js').PluginLike} PluginLike
 * @typedef {{ seed: number, config: string, filename: string, kind: 'crash' | 'parse' | 'fix' | 'suggestion', message: string, code: string, output?: string }} Failure
 */

/**
 * A random program for a seed: a grammY / Telegraf TypeScript file or a node-telegram-bot-api
 * JavaScript file, with random size, nesting depth and share of odd syntax.
 * @param {number} seed
 */
export function generateProgram(seed) {
  const rng = createRandom(seed);
  const framework = rng.pick(/** @type {const} */ (['grammy', 'telegraf', 'ntba']));
  const code = generateFile(rng, { framework, lines: 30 + rng.int(150), depth: rng.int(7), odd: 0.1 + rng.next() * 0.4, sql: 0.2 + rng.next() * 0.4 });
  return { code, ts: framework !== 'ntba' };
}

/**
 * Every config the plugin exports, each run without type information (rules must never assume it),
 * and `typed` ones (those that ask for the project service) once more with it when a typed parser
 * setup is given.
 * @param {PluginLike} plugin
 * @returns {{ name: string, rules: import('eslint').Linter.Config, typed: boolean }[]}
 */
export function fuzzConfigs(plugin) {
  return Object.entries(plugin.configs).flatMap(([name, config]) => {
    const rules = /** @type {import('eslint').Linter.Config} */ ({ plugins: config.plugins, rules: config.rules, files: SOURCE_FILES });
    const wantsTypes = Boolean(config.languageOptions?.parserOptions?.projectService);
    return [{ name, rules, typed: false }, ...(wantsTypes ? [{ name: `${name} (typed)`, rules, typed: true }] : [])];
  });
}

/**
 * The configs that run something no other does: a config whose every rule runs, with the same
 * options, in a config already kept (same typing; severity aside) adds no code path. `recommended`
 * is `all` at other severities, so over the same program it runs the same code.
 * @param {ReturnType<typeof fuzzConfigs>} configs
 * @returns {ReturnType<typeof fuzzConfigs>}
 */
export function distinctConfigs(configs) {
  const entries = (/** @type {ReturnType<typeof fuzzConfigs>[number]} */ config) =>
    new Set(
      Object.entries(config.rules.rules ?? {})
        .filter(([, entry]) => ![0, 'off'].includes(Array.isArray(entry) ? entry[0] : entry))
        .map(([id, entry]) => `${id} ${JSON.stringify(Array.isArray(entry) ? entry.slice(1) : [])}`),
    );
  const sized = configs.map((config) => ({ config, entries: entries(config) })).sort((a, b) => b.entries.size - a.entries.size);
  /** @type {typeof sized} */
  const kept = [];
  for (const candidate of sized) {
    const covered = kept.some((k) => k.config.typed === candidate.config.typed && [...candidate.entries].every((entry) => k.entries.has(entry)));
    if (!covered) kept.push(candidate);
  }
  return configs.filter((config) => kept.some((k) => k.config === config));
}

/**
 * @param {string} code
 * @param {{ range: [number, number], text: string }} fix
 */
const applyFix = (code, fix) => code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);

/**
 * Lints one program with every config and returns what went wrong (empty when nothing did).
 * `jsx` lints the code as a .tsx file (.jsx without `ts`); `sourceType: 'script'` as a sloppy-mode
 * CommonJS script (.cjs), where implicit globals and `with` exist. `globals` declares globals as a
 * user's config does (`globals.node`): they become variables with no definition.
 * @param {{ plugin: PluginLike, tsParser: unknown, seed: number, code: string, ts: boolean, jsx?: boolean, sourceType?: 'module' | 'script', globals?: Record<string, 'readonly' | 'writable'>, typedRoot?: string, configs?: ReturnType<typeof fuzzConfigs> }} input
 * @returns {{ failures: Failure[], findings: number, suggestions: number, parsed: number }} `parsed`: texts parsed to check
 *   the fixes and suggestions.
 */
export function checkProgram({ plugin, tsParser, seed, code, ts, jsx = false, sourceType = 'module', globals, typedRoot, configs = fuzzConfigs(plugin) }) {
  /** @type {Failure[]} */
  const failures = [];
  let findings = 0;
  let suggestions = 0;
  let parsed = 0;
  /** @type {Map<string, string | null>} */
  const checked = new Map();
  for (const { name, rules, typed } of configs) {
    if (typed && (!typedRoot || !ts)) continue;
    const cwd = typed && typedRoot ? typedRoot : process.cwd();
    const extension = sourceType === 'script' ? (ts ? 'cts' : 'cjs') : `${ts ? 'ts' : 'js'}${jsx ? 'x' : ''}`;
    const filename = path.join(cwd, `file.${extension}`);
    // TypeScript goes through typescript-eslint's parser; JavaScript through ESLint's default parser
    // (espree) for even seeds and typescript-eslint's (as the `bot-audit` command does) for odd ones.
    const parser = ts || seed % 2 === 1 ? { parser: /** @type {import('eslint').Linter.Parser} */ (tsParser) } : {};
    /** @type {import('eslint').Linter.Config} */
    const base = {
      files: SOURCE_FILES,
      languageOptions: {
        ...parser,
        ecmaVersion: 'latest',
        sourceType,
        ...(globals ? { globals } : {}),
        parserOptions: {
          ...(jsx ? { ecmaFeatures: { jsx: true } } : {}),
          ...(typed ? { projectService: { allowDefaultProject: ['*.ts', '*.tsx'] }, tsconfigRootDir: cwd } : {}),
        },
      },
    };
    const config = [base, rules];
    const linter = new Linter({ configType: 'flat', cwd });
    const record = (/** @type {Failure['kind']} */ kind, /** @type {string} */ message, /** @type {string} */ output = '') =>
      failures.push({ seed, config: name, filename: path.basename(filename), kind, message, code, ...(output ? { output } : {}) });
    /** @type {import('eslint').Linter.LintMessage[]} */
    let messages;
    try {
      messages = linter.verify(code, config, filename);
    } catch (error) {
      record('crash', String(/** @type {Error} */ (error).stack ?? error));
      continue;
    }
    const fatal = messages.find((m) => m.fatal);
    if (fatal) {
      record('parse', `generated program does not parse: ${fatal.line}:${fatal.column} ${fatal.message}`);
      continue;
    }
    const parses = (/** @type {string} */ output) => {
      parsed++;
      if (parser.parser) {
        // typescript-eslint's parser alone: no scope analysis or traversal, which a whole lint adds.
        try {
          /** @type {{ parse: (code: string, options: object) => unknown }} */ (tsParser).parse(output, { ecmaVersion: 'latest', sourceType, ecmaFeatures: { jsx }, filePath: filename });
        } catch (thrown) {
          return String(/** @type {Error} */ (thrown).message);
        }
        return null;
      }
      const again = new Linter({ configType: 'flat', cwd: process.cwd() }).verify(output, [{ ...base, languageOptions: { ...base.languageOptions, parserOptions: jsx ? { ecmaFeatures: { jsx: true } } : {} } }], path.join(process.cwd(), path.basename(filename)));
      return again.find((m) => m.fatal)?.message ?? null;
    };
    /** @type {Edit[]} */
    const edits = [];
    for (const message of messages) {
      findings++;
      suggestions += message.suggestions?.length ?? 0;
      if (message.fix) edits.push({ fix: message.fix, kind: 'fix', what: `${message.ruleId} fix at ${message.line}:${message.column}` });
      for (const suggestion of message.suggestions ?? []) {
        edits.push({ fix: suggestion.fix, kind: 'suggestion', what: `${message.ruleId} suggestion "${suggestion.desc}" at ${message.line}:${message.column}` });
      }
    }
    checkEdits(code, edits, checked, parses);
    for (const edit of edits) {
      const error = checked.get(editKey(edit.fix));
      if (error) record(edit.kind, `${edit.what} breaks the code: ${error}`, applyFix(code, edit.fix));
    }
  }
  return { failures, findings, suggestions, parsed };
}

/**
 * @typedef {{ range: [number, number], text: string }} Fix
 * @typedef {{ fix: Fix, kind: 'fix' | 'suggestion', what: string }} Edit
 */

/** @param {Fix} fix */
const editKey = (fix) => `${fix.range[0]}:${fix.range[1]}:${fix.text}`;

/**
 * Finds which edits leave code that does not parse, into `checked` (edit key → parse error or
 * null). Edits that do not touch (at least one character apart) are applied together and parsed
 * once; only when that text does not parse is each of them parsed on its own. A program with 14
 * suggestions is parsed once instead of 14 times. The same edit under several configs is checked
 * once. What this cannot see: two edits that break the code alone but mend each other together (one
 * opens a comment or string the other closes); the rules' fixes insert whole statements, options and
 * calls, never half of a token.
 * @param {string} code
 * @param {Edit[]} edits
 * @param {Map<string, string | null>} checked
 * @param {(output: string) => string | null} parses
 */
function checkEdits(code, edits, checked, parses) {
  /** @type {Map<string, Fix>} */
  const fresh = new Map();
  for (const { fix } of edits) if (!checked.has(editKey(fix))) fresh.set(editKey(fix), fix);
  let pending = [...fresh.values()].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  while (pending.length > 0) {
    /** @type {Fix[]} */
    const batch = [];
    /** @type {Fix[]} */
    const rest = [];
    let end = -1;
    for (const fix of pending) {
      if (fix.range[0] > end) {
        batch.push(fix);
        end = fix.range[1];
      } else {
        rest.push(fix);
      }
    }
    const together = batch.length > 1 ? parses(batch.reduceRight((text, fix) => applyFix(text, fix), code)) : 'alone';
    for (const fix of batch) checked.set(editKey(fix), together === null ? null : parses(applyFix(code, fix)));
    pending = rest;
  }
}
