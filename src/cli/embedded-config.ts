import type { Linter } from 'eslint';

import path from 'node:path';

import { packageOf } from '../analysis/project/index.js';
import { rulesOffByDefault } from '../configs.js';
import plugin from '../index.js';

export const SOURCE_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

export interface EmbeddedOptions {
  /** Lint with type information (`recommended-type-checked` and the project service). */
  typeAware?: boolean;
  /** The directory tsconfig files are resolved from. */
  tsconfigRootDir?: string;
  /** `all`: also the rules `recommended` leaves out for their precision (`bot-audit --rules all`). */
  rules?: 'all';
  /**
   * Parse JavaScript files with espree, ESLint's own parser, in this source type, without type
   * information: the second try for a file typescript-eslint's parser rejects (`javaScriptSourceType`).
   */
  espree?: JavaScriptSourceType;
}

/** `script` is sloppy mode: CommonJS code, which may hold legacy octals (`0755`, `00`), `"\08"` and `with`. */
export type JavaScriptSourceType = 'script' | 'module';

/**
 * The config `bot-audit` lints with when the user names none: the plugin's `recommended` set (or
 * `recommended-type-checked` with type information) over every JavaScript and TypeScript file; with
 * `rules: 'all'`, also the rules those leave out for their experimental precision. Which
 * files to audit (and skip) is decided by discover.ts, so a file named explicitly is always linted.
 * TypeScript files need typescript-eslint's parser, which needs the `typescript` package; without it
 * only JavaScript files are audited.
 */
export async function embeddedConfig(options: EmbeddedOptions = {}): Promise<{ config: Linter.Config[]; typescript: boolean }> {
  const loaded = await loadParser();
  const parser = options.espree ? null : loaded;
  const typeAware = Boolean(parser && options.typeAware);
  // The configs' own `ignores` (code that never runs in production) are left out: discovery applies the
  // same list (src/scope.ts), and a file named explicitly or `--scope all` must still be linted.
  const preset: Linter.Config = { ...(plugin.configs[typeAware ? 'recommended-type-checked' : 'recommended'] as unknown as Linter.Config) };
  delete preset.ignores;
  if (options.rules === 'all') preset.rules = { ...preset.rules, ...rulesOffByDefault(plugin.rules, plugin.meta.namespace, typeAware) };
  if (Object.values(preset.rules ?? {}).every((entry) => !Array.isArray(entry) || entry.length <= 1)) preset.plugins = { ...preset.plugins, [plugin.meta.namespace]: pluginWithoutOptionSchemas() } as Linter.Config['plugins'];
  const config: Linter.Config[] = [
    {
      name: 'bot-audit/files',
      files: parser ? SOURCE_FILES : ['**/*.{js,mjs,cjs,jsx}'],
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      ...preset,
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: options.espree ?? 'module',
        ...(parser ? { parser } : {}),
        parserOptions: {
          ecmaFeatures: { jsx: true },
          ...(typeAware ? { projectService: true, tsconfigRootDir: options.tsconfigRootDir } : {}),
        },
      },
    },
  ];
  return { config, typescript: loaded !== null };
}

/**
 * The source type of a JavaScript file as Node runs it: `.mjs` and the `.js`/`.jsx` of a package
 * whose `package.json` says `"type": "module"` are ES modules; `.cjs` and any other `.js`/`.jsx` are
 * CommonJS, which is sloppy-mode code. Null for a TypeScript file. The embedded config parses every
 * file as a module with typescript-eslint's parser, which also refuses the sloppy-only forms
 * TypeScript does not allow (`00`, `0755`, `"\08"`, `with`); a CommonJS file it rejects is parsed
 * again by espree as a script (lint loop, run.ts). A script, not `commonjs`: `commonjs` puts the
 * file's top-level bindings in a function scope, while the shared model reads a file's top level as
 * its module or global scope (`topLevelVariable`, ast/scope.ts); only a top-level `return` parses as
 * `commonjs` and not as a script.
 */
export function javaScriptSourceType(file: string): JavaScriptSourceType | null {
  const extension = path.extname(file);
  if (extension === '.mjs') return 'module';
  if (extension === '.cjs') return 'script';
  if (extension !== '.js' && extension !== '.jsx') return null;
  return packageOf(file)?.manifest?.type === 'module' ? 'module' : 'script';
}

let withoutSchemas: typeof plugin | undefined;

/**
 * The plugin with each rule's option schema left out (`meta.schema: false`), for a config that gives
 * its rules no options: ESLint checks a rule's options against its schema for every rule a config
 * turns on, and the first check loads ajv (~40 modules) and compiles every schema — ~0.03–0.05 s of
 * a 6-file audit's start-up spent proving that no options are valid options (docs/performance.md,
 * session 17). Nothing else changes: the same rule objects' `create`, the same `meta` otherwise, and
 * the options each rule sees are still its `defaultOptions`. A config with options keeps the schemas.
 */
function pluginWithoutOptionSchemas(): typeof plugin {
  withoutSchemas ??= {
    ...plugin,
    rules: Object.fromEntries(Object.entries(plugin.rules).map(([name, rule]) => [name, { ...rule, meta: { ...rule.meta, schema: false } }])) as unknown as typeof plugin.rules,
  };
  return withoutSchemas;
}

/** Whether TypeScript files can be parsed here (typescript-eslint's parser and the `typescript` package load). */
export async function canParseTypeScript(): Promise<boolean> {
  return (await loadParser()) !== null;
}

async function loadParser(): Promise<Linter.Parser | null> {
  try {
    return await import('@typescript-eslint/parser');
  } catch {
    // Without the optional `typescript` peer the parser cannot load; the caller says so once.
    return null;
  }
}
