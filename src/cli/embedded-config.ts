import type { Linter } from 'eslint';

import plugin from '../index.js';

export const SOURCE_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];
export const DEFAULT_IGNORES = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', '**/*.min.js'];

/**
 * The config `bot-audit` lints with when the user names none: the plugin's `recommended` set over
 * every JavaScript and TypeScript file. TypeScript files need typescript-eslint's parser, which
 * needs the `typescript` package; without it only JavaScript files are audited.
 */
export async function embeddedConfig(): Promise<{ config: Linter.Config[]; typescript: boolean }> {
  const parser = await loadParser();
  const config: Linter.Config[] = [
    { name: 'bot-audit/ignores', ignores: DEFAULT_IGNORES },
    {
      name: 'bot-audit/files',
      files: parser ? SOURCE_FILES : ['**/*.{js,mjs,cjs,jsx}'],
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: 'module',
        ...(parser ? { parser } : { parserOptions: { ecmaFeatures: { jsx: true } } }),
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      ...(plugin.configs.recommended as unknown as Linter.Config),
    },
  ];
  return { config, typescript: parser !== null };
}

async function loadParser(): Promise<Linter.Parser | null> {
  try {
    return await import('@typescript-eslint/parser');
  } catch {
    // Without the optional `typescript` peer the parser cannot load; the caller says so once.
    return null;
  }
}
