import path from 'node:path';

import { RuleTester, type RunTests } from '@typescript-eslint/rule-tester';

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

/**
 * The same tests run with `extra` merged into each case's first option object: the cases of a
 * rule's wider, opt-in behaviour (`checkEveryUse`) kept whole when the default narrows.
 */
export function withOptions<MessageIds extends string, Options extends readonly unknown[]>(
  tests: RunTests<MessageIds, Options>,
  extra: Readonly<Record<string, unknown>>,
): RunTests<MessageIds, Options> {
  const merge = (options: Options | undefined): Options => [{ ...(options?.[0] as object | undefined), ...extra }] as unknown as Options;
  return {
    valid: tests.valid.map((test) => (typeof test === 'string' ? { code: test, options: merge(undefined) } : { ...test, options: merge(test.options) })),
    invalid: tests.invalid.map((test) => ({ ...test, options: merge(test.options) })),
  };
}
