import path from 'node:path';

import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import formatter from '../../src/formatter.js';
import plugin from '../../src/index.js';
import { root } from './helpers.js';

describe('the ESLint formatter (eslint-plugin-bot-audit/formatter)', () => {
  it('turns ESLint results into the markdown audit report', async () => {
    const parser = await import('@typescript-eslint/parser');
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      // The demo bot lives under examples/, which the config's production scope leaves out: opt it in.
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser }, ...(plugin.configs.recommended as unknown as Linter.Config), ignores: [] }],
    });
    const results = await eslint.lintFiles(['examples/demo-bot/src']);
    const text = await formatter(results, { cwd: root, rulesMeta: eslint.getRulesMetaForResults(results) });
    expect(text).toMatch(/^# Bot audit\n/);
    expect(text).toContain("with the project's ESLint config");
    expect(text).toContain('| Scanned | 6 files, 137 lines |');
    // The split payment writes (require-transaction, in `recommended`; until round 32 the request without a deadline
    // played this part, but require-http-timeout is experimental now and not in `recommended`).
    expect(text).toContain('[`examples/demo-bot/src/handlers/wallet.ts:30`](examples/demo-bot/src/handlers/wallet.ts#L30)');
    expect(text).toContain('- **Fix:** Run the related writes (and any `FOR UPDATE` read) inside one transaction on one dedicated connection');
    expect(text).not.toContain('examples/demo-bot/src/services/image-api.ts:9');
    expect(text).toContain('## Statistics by category');
  });

  it('works without a context, and with files that are gone', async () => {
    const text = await formatter([
      { filePath: path.join(root, 'gone.js'), messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, usedDeprecatedRules: [] },
      { filePath: path.join(root, 'tests/fixtures/env.d.ts'), messages: [], suppressedMessages: [], errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0, usedDeprecatedRules: [] },
    ]);
    expect(text).toContain('✅ no problems found');
  });
});
