import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import { baseConfig, oxlintConfig, syntacticRuleIds, type PluginLike } from '../scripts/lib/lint.js';
import botAudit from '../src/index.js';

const plugin = botAudit as unknown as PluginLike;
const root = path.join(import.meta.dirname, '..');
const demo = path.join(root, 'examples/demo-bot');
const oxlint = path.join(root, 'node_modules/.bin/oxlint');
const dist = path.join(root, 'dist/index.js');
const missing = !existsSync(oxlint) ? 'oxlint is not installed' : !existsSync(dist) ? 'the plugin is not built (npm run build)' : null;
if (missing) console.warn(`oxlint test skipped: ${missing}.`);

describe.skipIf(missing !== null)('oxlint JS plugin', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bot-audit-oxlint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the syntactic rules on the demo bot and finds what ESLint finds', async () => {
    const configFile = path.join(dir, '.oxlintrc.json');
    writeFileSync(configFile, JSON.stringify(oxlintConfig(plugin, dist)));
    const run = spawnSync(oxlint, ['-c', configFile, '--format', 'json', demo], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      diagnostics: { code: string; filename: string; message: string; labels: { span: { line: number; column: number } }[] }[];
    };
    const fromOxlint = report.diagnostics
      .map((d) => `${path.relative(demo, d.filename)}:${d.labels[0]?.span.line}:${d.labels[0]?.span.column} ${d.code.replace(/^(.+)\((.+)\)$/, '$1/$2')} ${d.message}`)
      .sort();

    const eslint = new ESLint({
      cwd: demo,
      overrideConfigFile: true,
      overrideConfig: [...baseConfig(tsParser), { plugins: { 'bot-audit': botAudit as never }, rules: Object.fromEntries(syntacticRuleIds(plugin).map((id) => [id, 'error'])) }],
    });
    const fromEslint = (await eslint.lintFiles(['.']))
      .flatMap((result) => result.messages.map((m) => `${path.relative(demo, result.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))
      .sort();

    expect(fromEslint.length).toBeGreaterThan(0);
    expect(fromOxlint).toEqual(fromEslint);
  });
});
