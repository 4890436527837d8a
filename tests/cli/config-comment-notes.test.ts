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
