import path from 'node:path';

import { RuleTester } from '@typescript-eslint/rule-tester';

/** Syntactic tests: TypeScript parser, no type information. */
export const ruleTester = new RuleTester();

/** Type-aware tests: test code lives in a virtual `file.ts` served by the project service. */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.ts*'] },
      tsconfigRootDir: path.join(import.meta.dirname, 'fixtures'),
    },
  },
});
