// @ts-check
import { readdirSync } from 'node:fs';
import path from 'node:path';
/**
 * What bench, smoke, fuzz and the robustness tests share: the configurations to lint with, all
 * derived from the plugin's rule registry and configs (a rule added later is covered with no
 * change here), and readers for ESLint's `stats`.
 */

export const SOURCE_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];
export const IGNORES = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/*.min.js', '**/.git/**'];

/**
 * @typedef {{ meta: { namespace: string }, rules: Record<string, { meta: { docs?: { requiresTypeChecking?: boolean } } }>, configs: Record<string, { name?: string, rules: Record<string, unknown>, plugins: Record<string, unknown>, languageOptions?: { parserOptions?: Record<string, unknown> } }> }} PluginLike
 */

/** @param {PluginLike} plugin */
export const ruleIds = (plugin) => Object.keys(plugin.rules).map((name) => `${plugin.meta.namespace}/${name}`);

/** The rules that run without type information (the ones oxlint and plain-JS users get). @param {PluginLike} plugin */
export const syntacticRuleIds = (plugin) =>
  Object.entries(plugin.rules)
    .filter(([, rule]) => !rule.meta.docs?.requiresTypeChecking)
    .map(([name]) => `${plugin.meta.namespace}/${name}`);

/** @param {PluginLike} plugin @param {string} id */
export const needsTypes = (plugin, id) => Boolean(plugin.rules[id.slice(plugin.meta.namespace.length + 1)]?.meta.docs?.requiresTypeChecking);

/**
 * The base every configuration shares: which files, the TypeScript parser for all of them (as the
 * `bot-audit` command does), and optionally type information from the project service.
 * @param {unknown} parser
 * @param {{ typed?: false | { tsconfigRootDir: string } }} [options]
 * @returns {import('eslint').Linter.Config[]}
 */
export function baseConfig(parser, options = {}) {
  return [
    { ignores: IGNORES },
    {
      files: SOURCE_FILES,
      languageOptions: {
        parser: /** @type {import('eslint').Linter.Parser} */ (parser),
        ecmaVersion: 'latest',
        sourceType: 'module',
        ...(options.typed ? { parserOptions: { projectService: true, tsconfigRootDir: options.typed.tsconfigRootDir } } : {}),
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
  ];
}

/**
 * A plugin config restricted to the source files, with its own `languageOptions` dropped (the base
 * decides whether there is type information).
 * @param {PluginLike['configs'][string]} config
 * @returns {import('eslint').Linter.Config}
 */
export function scoped(config) {
  return /** @type {import('eslint').Linter.Config} */ ({ name: config.name, plugins: config.plugins, rules: config.rules, files: SOURCE_FILES });
}

/**
 * One rule alone, at `error`, with its default options.
 * @param {PluginLike} plugin @param {string} id
 * @returns {import('eslint').Linter.Config}
 */
export function ruleAlone(plugin, id) {
  return { files: SOURCE_FILES, plugins: /** @type {never} */ ({ [plugin.meta.namespace]: plugin }), rules: { [id]: 'error' } };
}

/**
 * Rule times in milliseconds summed over every file (and fix pass) of ESLint results linted with
 * `stats: true`, plus parse time under the key `(parse)`.
 * @param {import('eslint').ESLint.LintResult[]} results
 * @returns {Map<string, number>}
 */
export function ruleTimes(results) {
  /** @type {Map<string, number>} */
  const times = new Map();
  const add = (/** @type {string} */ key, /** @type {number} */ ms) => times.set(key, (times.get(key) ?? 0) + ms);
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      add('(parse)', pass.parse?.total ?? 0);
      for (const [id, time] of Object.entries(pass.rules ?? {})) add(id, time.total);
    }
  }
  return times;
}

/**
 * The `.oxlintrc.json` that runs this plugin's syntactic rules as an oxlint JS plugin, oxlint's own
 * rules off.
 * @param {PluginLike} plugin
 * @param {string} specifier the package name, or a path to the built plugin
 */
export function oxlintConfig(plugin, specifier) {
  return {
    $schema: './node_modules/oxlint/configuration_schema.json',
    jsPlugins: [specifier],
    categories: { correctness: 'off' },
    rules: Object.fromEntries(syntacticRuleIds(plugin).map((id) => [id, 'error'])),
  };
}

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? /** @type {number} */ (sorted[mid]) : (/** @type {number} */ (sorted[mid - 1]) + /** @type {number} */ (sorted[mid])) / 2;
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'coverage', '.git']);

/**
 * Every source file under `dir` that the configurations lint (same extensions and ignores), sorted.
 * @param {string} dir
 * @returns {string[]}
 */
export function listSourceFiles(dir) {
  /** @type {string[]} */
  const files = [];
  const visit = (/** @type {string} */ current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(full);
      } else if (entry.isFile() && SOURCE_EXTENSION.test(entry.name) && !entry.name.endsWith('.min.js')) files.push(full);
    }
  };
  visit(dir);
  return files.sort();
}
