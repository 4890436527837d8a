import { describe, expect, it } from 'vitest';

import { findingKeys, runJson, temporaryTrees } from './helpers.js';

const temp = temporaryTrees();

/** A CommonJS bot with two cheap findings (a swallowed error, an unchecked `ctx.from`); `{octal}` is where a number goes. */
const bot = (octal: string): string => `const { Telegraf } = require('telegraf');
const bot = new Telegraf(process.env.BOT_TOKEN);
bot.on('channel_post', (ctx) => {
  const due = new Date(2024, 0, 1, 13, ${octal}, 0, 0);
  return ctx.reply(String(ctx.from.id) + due);
});
try { bot.launch(); } catch {}
`;

const PACKAGE = JSON.stringify({ name: 'bot', dependencies: { telegraf: '^4.0.0' } });
const MODULE_PACKAGE = JSON.stringify({ name: 'bot', type: 'module', dependencies: { telegraf: '^4.0.0' } });

describe('valid sloppy-mode JavaScript that typescript-eslint rejects is audited with espree', () => {
  it('a CommonJS file with a legacy octal literal is audited like its twin without one', async () => {
    const twin = await runJson(['.', '--rules', 'all'], { cwd: temp({ 'package.json': PACKAGE, 'index.js': bot('0') }) });
    expect(twin.report.notAnalysed).toEqual([]);
    expect(findingKeys(twin.report)).toEqual(expect.arrayContaining(['index.js:5 no-unchecked-update-field', 'index.js:7 no-swallowed-error']));

    const { report, stderr } = await runJson(['.', '--rules', 'all'], { cwd: temp({ 'package.json': PACKAGE, 'index.js': bot('00') }) });
    expect(report.notAnalysed).toEqual([]);
    expect(report.summary.notAnalysed).toBe(0);
    expect(stderr).not.toContain('not analysed');
    expect(findingKeys(report)).toEqual(findingKeys(twin.report));
  });

  it('other sloppy-only forms: `0755`, `"\\08"`, `with`, in .cjs and in .js of a package without "type"', async () => {
    const sloppy = `fs.chmodSync(file, 0755);\nconst escape = "\\08";\nwith (Math) { x = PI; }\n`;
    const dir = temp({ 'package.json': PACKAGE, 'src/a.cjs': `${sloppy}try { run(); } catch {}\n`, 'src/b.js': `${sloppy}try { run(); } catch {}\n` });
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(report.notAnalysed).toEqual([]);
    expect(findingKeys(report)).toEqual(['src/a.cjs:4 no-swallowed-error', 'src/b.js:4 no-swallowed-error']);
  });

  it('module code is strict: an octal in .mjs or in .js of a "type": "module" package is still not analysed', async () => {
    const dir = temp({ 'package.json': MODULE_PACKAGE, 'a.mjs': 'run(00);\n', 'b.js': 'run(00);\n' });
    const { report, code } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(report.notAnalysed.map(({ file, reason }) => `${file} ${reason}`)).toEqual([
      "a.mjs Parsing error: Octal literals are not allowed. Use the syntax '0o0'.",
      "b.js Parsing error: Octal literals are not allowed. Use the syntax '0o0'.",
    ]);
    expect(code).toBe(1);
  });

  it('a broken JavaScript file is still not analysed, with the first parser’s message', async () => {
    const dir = temp({ 'package.json': PACKAGE, 'broken.js': 'const x = ;\n', 'ok.js': 'try { run(); } catch {}\n' });
    const { report, stderr, code } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(report.notAnalysed).toEqual([{ file: 'broken.js', line: 1, column: 10, reason: 'Parsing error: Expression expected.' }]);
    expect(stderr).toBe('bot-audit: not analysed: broken.js:1: Parsing error: Expression expected.\n');
    expect(findingKeys(report)).toEqual(['ok.js:1 no-swallowed-error']);
    expect(code).toBe(1);
  });

  it('a TypeScript file with the same octal is still not analysed', async () => {
    const dir = temp({ 'package.json': PACKAGE, 'index.ts': bot('00') });
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(report.notAnalysed.map(({ file, reason }) => `${file} ${reason}`)).toEqual(["index.ts Parsing error: Octal literals are not allowed. Use the syntax '0o0'."]);
  });

  it('with type information, the file is audited without it', async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { allowJs: true, strict: true, noEmit: true }, include: ['*.js'] });
    const dir = temp({ 'package.json': PACKAGE, 'tsconfig.json': tsconfig, 'index.js': bot('00') });
    const { report } = await runJson(['.', '--rules', 'all', '--type-aware'], { cwd: dir });
    expect(report.notAnalysed).toEqual([]);
    expect(findingKeys(report)).toContain('index.js:7 no-swallowed-error');
  });

  it('never with the user’s --config: its parser decides', async () => {
    const config = "export default [{ files: ['**/*.js'], languageOptions: { sourceType: 'module' } }];\n";
    const dir = temp({ 'package.json': PACKAGE, 'eslint.config.mjs': config, 'index.js': 'run(00);\n' });
    const { report } = await runJson(['index.js', '--config', 'eslint.config.mjs'], { cwd: dir });
    expect(report.notAnalysed.map(({ file }) => file)).toEqual(['index.js']);
  });
});
