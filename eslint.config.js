// @ts-check
import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';

import botAudit from './dist/index.js';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'examples/', 'tests/fixtures/', '.scratch/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['src/rules/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
  {
    ...botAudit.configs.recommended,
    files: ['src/**/*.ts'],
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
