import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';

import { getSqlModel, type SqlModel } from '../../src/analysis/sql/index.js';

/** Lints `code` with a probe rule and returns the SQL model of the file and its source code. */
export function modelOf(code: string): { model: SqlModel; sourceCode: Readonly<TSESLint.SourceCode> } {
  let captured: { model: SqlModel; sourceCode: Readonly<TSESLint.SourceCode> } | undefined;
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: {
        probe: {
          rules: {
            model: {
              create(context) {
                const sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>;
                captured = { model: getSqlModel(sourceCode), sourceCode };
                return {};
              },
            },
          },
        },
      },
      rules: { 'probe/model': 'error' },
    },
  ], 'file.ts');
  if (!captured) throw new Error(`probe did not run: ${JSON.stringify(messages)}`);
  return captured;
}
