import type { Linter } from 'eslint';

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
}

/**
 * The config `bot-audit` lints with when the user names none: the plugin's `recommended` set (or
 * `recommended-type-checked` with type information) over every JavaScript and TypeScript file; with
 * `rules: 'all'`, also the rules those leave out for their experimental precision. Which
 * files to audit (and skip) is decided by discover.ts, so a file named explicitly is always linted.
 * TypeScript files need typescript-eslint's parser, which needs the `typescript` package; without it
 * only JavaScript files are audited.
 */
export async function embeddedConfig(options: EmbeddedOptions = {}): Promise<{ config: Linter.Config[]; typescript: boolean }> {
  const parser = await loadParser();
  const typeAware = Boolean(parser && options.typeAware);
  // The configs' own `ignores` (code that never runs in production) are left out: discovery applies the
  // same list (src/scope.ts), and a file named explicitly or `--scope all` must still be linted.
  const preset: Linter.Config = { ...(plugin.configs[typeAware ? 'recommended-type-checked' : 'recommended'] as unknown as Linter.Config) };
  delete preset.ignores;
  if (options.rules === 'all') preset.rules = { ...preset.rules, ...rulesOffByDefault(plugin.rules, plugin.meta.namespace, typeAware) };
  const config: Linter.Config[] = [
    {
      name: 'bot-audit/files',
      files: parser ? SOURCE_FILES : ['**/*.{js,mjs,cjs,jsx}'],
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      ...preset,
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: 'module',
        ...(parser ? { parser } : {}),
        parserOptions: {
          ecmaFeatures: { jsx: true },
          ...(typeAware ? { projectService: true, tsconfigRootDir: options.tsconfigRootDir } : {}),
        },
      },
    },
  ];
  return { config, typescript: parser !== null };
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
