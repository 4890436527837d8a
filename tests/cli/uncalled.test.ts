import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { uncalledFunctions } from '../../src/analysis/project/index.js';
import { findingKeys, reportValidator, root, run, runJson, temporaryTrees } from './helpers.js';

const fixture = 'tests/fixtures/uncalled/';
const temp = temporaryTrees();

/** Findings of the fixture, `file:line rule [scope]`. */
const keys = (report: Awaited<ReturnType<typeof runJson>>['report']): string[] =>
  report.findings.map((finding) => `${finding.file.slice(fixture.length)}:${finding.line} ${finding.priority}${finding.scope ? ` ${finding.scope}` : ''}`).sort();

describe('findings in functions nothing calls (scope class `uncalled`)', () => {
  it('leaves them out of the default run and counts them; the called twins, decorated, subclass, configured and enumerated functions stay', async () => {
    const { report } = await runJson([fixture, '--fail-on', 'never']);
    expect(reportValidator()(report)).toBe(true);
    expect(keys(report)).toEqual([
      'api.ts:5 P0', // `api.balance(…)` is called; `api.deposit` (line 7) is not
      'commands.ts:12 P0', // registered through `Object.entries(commands)`
      'commands.ts:6 P0', // called as `handlers[name]()`
      'notify.ts:10 P0', // named only in schedule.yml
      'notify.ts:5 P0', // imported and called in another file
      'service.ts:15 P0', // `@Cron`: the framework calls it
      'sync.ts:14 P0', // the class extends a base that may call it
      'sync.ts:18 P0',
      'wallet.ts:5 P0', // `wallet.topUp(…)` is called; `withdrawAll` (line 10) is not
    ]);
    expect(report.outOfScope.uncalled).toBe(4);
    // `summary.outOfScope` counts files; uncalled findings are counted in `outOfScope.uncalled` only.
    expect(report.summary.outOfScope).toBe(0);
    expect((await run([fixture, '--fail-on', 'never'])).stdout).toContain('Out of scope, not audited: 4 findings in functions nothing calls');
    expect((await run([fixture, '--fail-on', 'never', '-f', 'markdown'])).stdout).toContain('| Out of scope | 4 findings in functions nothing calls');
  });

  it('--scope all reports them at P2 with the class', async () => {
    const { report } = await runJson([fixture, '--scope', 'all', '--fail-on', 'never']);
    expect(reportValidator()(report)).toBe(true);
    expect(keys(report).filter((key) => key.endsWith('uncalled'))).toEqual(['api.ts:7 P2 uncalled', 'notify.ts:15 P2 uncalled', 'service.ts:20 P2 uncalled', 'wallet.ts:10 P2 uncalled']);
    expect(report.outOfScope.uncalled).toBe(0);
  });

  it('judges nothing in a file named alone: there is no project around it', async () => {
    const { report } = await runJson([`${fixture}wallet.ts`, '--fail-on', 'never']);
    expect(findingKeys(report, fixture)).toEqual(['wallet.ts:10 require-http-timeout', 'wallet.ts:5 require-http-timeout']);
  });

  const CALL = "import axios from 'axios';\n";
  it('keeps a method when the project calls methods with a computed key on an unknown receiver, and exports of a library', async () => {
    const dynamic = temp({
      'package.json': '{ "name": "bot", "scripts": { "start": "node bot.js" } }',
      'bot.js': `${CALL}import { Payouts } from './payouts.js';\nconst payouts = new Payouts();\nexport const go = (name) => payouts[name]();\n`,
      'payouts.js': `${CALL}export class Payouts {\n  async sweepAll() {\n    await axios.post('https://pay.example/sweep', {});\n  }\n}\n`,
    });
    expect((await runJson(['.', '--fail-on', 'never'], { cwd: dynamic })).report.outOfScope.uncalled).toBe(0);
    const library = temp({
      'package.json': '{ "name": "pay-client", "main": "index.js" }',
      'index.js': `${CALL}export async function createInvoice() {\n  await axios.post('https://pay.example/invoice', {});\n}\nasync function unusedHelper() {\n  await axios.post('https://pay.example/helper', {});\n}\n`,
    });
    const { report } = await runJson(['.', '--scope', 'all', '--fail-on', 'never'], { cwd: library });
    expect(report.findings.map((finding) => `${finding.line} ${finding.scope ?? ''}`)).toEqual(['3 ', '6 uncalled']);
  });

  it('scans each project file once and parses only the files with findings; with no findings it reads nothing', () => {
    const dir = path.join(root, fixture);
    const files = ['index.ts', 'api.ts', 'commands.ts', 'wallet.ts', 'schedule.yml'].map((name) => path.join(dir, name));
    const index = uncalledFunctions(files, [path.join(dir, 'wallet.ts')]);
    expect(index.work).toEqual({ scans: 5, parses: 1 });
    expect(index.isUncalled(path.join(dir, 'wallet.ts'), 10, 12)).toBe(true);
    expect(index.isUncalled(path.join(dir, 'wallet.ts'), 5, 12)).toBe(false);
    expect(uncalledFunctions(files, []).work).toEqual({ scans: 0, parses: 0 });
  });
});
