import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { Linter } from 'eslint';

/** Parses TypeScript `code` as ESLint would for a rule: the source code with its AST and scope analysis. */
export function sourceCodeOf(code: string): Readonly<TSESLint.SourceCode> {
  let sourceCode: Readonly<TSESLint.SourceCode> | undefined;
  new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { probe: { rules: { capture: { create: (context) => ((sourceCode = context.sourceCode as unknown as Readonly<TSESLint.SourceCode>), {}) } } } },
        rules: { 'probe/capture': 'error' },
      },
    ],
    'file.ts',
  );
  return sourceCode!;
}
