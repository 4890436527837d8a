import rule from '../../src/rules/no-swallowed-error.js';
import { ruleTester } from '../rule-tester.js';

// The browser check (src/analysis/browser.ts) turns two rules off for browser modules. A server file
// that only checks `typeof window` is not one: its swallowed errors are still reported.
const SWALLOW = 'async function save() { try { await db.save(); } catch (e) {} }';

ruleTester.run('browser modules: a typeof guard is not a use', rule, {
  valid: [
    `${SWALLOW}\nwindow.addEventListener('load', save);`,
    `${SWALLOW}\nif (typeof window !== 'undefined') document.title = 'x';`,
  ],
  invalid: [`\nconst isServer = typeof window === 'undefined';`, `\nif (typeof document === 'undefined' && typeof navigator === 'undefined') start();`].map((rest) => ({
    code: `${SWALLOW}${rest}`,
    errors: [
      {
        messageId: 'swallowed' as const,
        line: 1,
        column: 50,
        endLine: 1,
        endColumn: 59,
        suggestions: [{ messageId: 'suggestLog' as const, output: `${SWALLOW.replace('catch (e) {}', 'catch (e) {\n  console.error(e);\n}')}${rest}` }],
      },
    ],
  })),
});
