import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { runJson, SWALLOW, temporaryTrees } from './helpers.js';

const trees = temporaryTrees();

// ESLint notes a problem with the audited code's own config comments (a rule configured twice, as in
// vendored jQuery) as a message without a rule id that is not fatal: the file was parsed and every
// rule ran. Such a note is no reason to call the file "not analysed" and fail the run.
describe('notes on the audited code’s config comments', () => {
  it('leave the file analysed, its findings reported', async () => {
    const twice = '/* eslint no-unused-expressions: 0 */\nvar a = 1;\n/* eslint no-unused-expressions: 0 */\n';
    const dir = trees({ 'package.json': '{"name":"x","main":"a.js"}', 'a.js': `${twice}${SWALLOW}` });
    const { code, report, stderr } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(report.notAnalysed).toEqual([]);
    expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual(['a.js:4 bot-audit/no-swallowed-error']);
    expect(stderr).not.toContain('not analysed');
    expect(code).toBe(0);
  });

  it('while a parse error still is', async () => {
    const dir = trees({ 'package.json': '{"name":"x","main":"a.js"}', 'a.js': 'var = ;\n' });
    const { code, report } = await runJson(['.'], { cwd: dir });
    expect(report.notAnalysed.map((item) => item.file)).toEqual(['a.js']);
    expect(code).toBe(1);
  });
});

// An older bot's own config comment (`/* eslint one-var: ["error", "always"] */`) turns on a core rule
// in its file. The audit with the embedded config is this plugin's rules: such a rule's messages are no
// findings, and `--fix` must not apply its fixes; `eslint-disable` comments are still obeyed.
describe('a core rule the audited code’s own config comment turns on', () => {
  const source = '/* eslint one-var: ["error", "always"] */\nlet a = 1;\nlet b = 2;\nconsole.log(a, b);\n';

  it('is no finding and fails nothing', async () => {
    const dir = trees({ 'package.json': '{"name":"x","main":"a.js"}', 'a.js': `${source}${SWALLOW}` });
    const { code, report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual(['a.js:5 bot-audit/no-swallowed-error']);
    expect(report.rules.map((rule) => rule.ruleId)).not.toContain('one-var');
    expect(code).toBe(0);
  });

  it('is not fixed by --fix', async () => {
    const dir = trees({ 'package.json': '{"name":"x","main":"a.js"}', 'a.js': source });
    const { report } = await runJson(['.', '--fix'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe(source);
    expect(report.findings).toEqual([]);
  });

  it('while the same rule named in the user’s own config is reported', async () => {
    const dir = trees({
      'package.json': '{"name":"x","main":"a.js","type":"module"}',
      'eslint.config.js': 'export default [{ rules: { "one-var": ["error", "always"] } }];\n',
      'a.js': 'let a = 1;\nlet b = 2;\nconsole.log(a, b);\n',
    });
    const { report } = await runJson(['.', '--config', 'eslint.config.js'], { cwd: dir });
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['one-var']);
  });
});
