import { describe, expect, it } from 'vitest';

import type { Report } from '../../src/cli/report.js';
import { findingKeys, reportValidator, run, runJson, SWALLOW, temporaryTrees } from './helpers.js';

const temp = temporaryTrees();
const located = (report: Report): string[] =>
  report.findings.map(({ file, line, priority, scope, ruleId }) => `${file}:${line} ${ruleId.replace('bot-audit/', '')} ${priority} ${scope ?? '-'}`).sort();

/**
 * A fork of Telegraf's repository with a bot kept in it (round 26, IljaZimakovs+node-telegraf-gmaebot):
 * package.json is the framework's own (`name` `telegraf`, `main`, `exports` and `bin` naming its build
 * output in `lib/`), and a start script runs the bot, which imports `telegraf` by its package name. Every
 * file has one swallowed error (a `no-swallowed-error` finding with `--rules all`); the bot also starts
 * without `bot.catch` (a `require-bot-error-handler` finding).
 */
const fork = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'package.json': JSON.stringify({
    name,
    main: 'lib/index.js',
    exports: { '.': { types: './typings/index.d.ts', default: './lib/index.js' }, './filters': { default: './filters.js' } },
    bin: { telegraf: 'lib/cli.mjs' },
    scripts: { start: 'node src/bot.ts', build: 'tsc', 'build:docs': 'typedoc src/index.ts', test: 'ava' },
    dependencies: { telegraf: '^4.16.3', sequelize: '^6' },
  }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'lib/', rootDir: 'src/', strict: true }, include: ['src/'] }),
  'src/index.ts': "export { Telegraf } from './telegraf';\nexport * as Markup from './markup';\n",
  // A usage example in a doc comment makes no bot.
  'src/telegraf.ts': `/**\n * const bot = new Telegraf(token)\n */\nexport class Telegraf {}\n${SWALLOW}`,
  'src/markup.ts': `export const button = 1;\n${SWALLOW}`,
  // The framework's own command starts a bot: it is the library's, through \`bin\`.
  'src/cli.mts': `import { Telegraf } from './index.js';\nexport const bot = new Telegraf();\n${SWALLOW}`,
  'src/bot.ts': "const { Telegraf } = require('telegraf');\nconst { start } = require('./handlers/start');\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.start(start);\nbot.launch();\n",
  'src/handlers/start.ts': `export const start = async (ctx: any) => {\n  ${SWALLOW}  await ctx.reply('Hi');\n};\n`,
  ...extra,
});

describe('a bot framework\'s own source in a fork of its repository (scope class `library`)', () => {
  it('leaves out the files the framework\'s main, exports and bin load; the bot kept in the fork and what it imports are reported', async () => {
    const dir = temp(fork('telegraf'));
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(reportValidator()(report)).toBe(true);
    expect(findingKeys(report)).toEqual(['src/bot.ts:5 require-bot-error-handler', 'src/handlers/start.ts:2 no-swallowed-error']);
    expect(report.outOfScope.library).toBe(4);
    expect((await run(['.', '-f', 'markdown', '--rules', 'all'], { cwd: dir })).stdout).toContain('| Out of scope | 4 files of a bot framework’s own source');
    const all = await runJson(['.', '--scope', 'all', '--rules', 'all'], { cwd: dir });
    expect(reportValidator()(all.report)).toBe(true);
    expect(located(all.report)).toEqual([
      // P1 in production: the rule is of medium precision again since round 35 (P2 in round 34, at low precision).
      'src/bot.ts:5 require-bot-error-handler P1 -',
      'src/cli.mts:3 no-swallowed-error P2 library',
      'src/handlers/start.ts:2 no-swallowed-error P2 -',
      'src/markup.ts:2 no-swallowed-error P2 library',
      'src/telegraf.ts:5 no-swallowed-error P2 library',
    ]);
    // A file named on the command line is audited.
    expect(findingKeys((await runJson(['src/markup.ts', '--rules', 'all'], { cwd: dir })).report)).toEqual(['src/markup.ts:2 no-swallowed-error']);
  });

  it('a package of another name, and a bot given the framework\'s name whose exported module makes its bot, are audited whole', async () => {
    for (const files of [
      fork('telegraf-fork-bot'),
      // `npm init` in a folder named `telegraf`: `main` is the bot.
      fork('telegraf', { 'src/index.ts': "import { Telegraf } from 'telegraf';\nexport * as Markup from './markup';\nexport const bot = new Telegraf(process.env.BOT_TOKEN!);\n" }),
    ]) {
      const { report } = await runJson(['.', '--rules', 'all'], { cwd: temp(files) });
      expect(report.outOfScope.library).toBe(0);
      expect(findingKeys(report)).toEqual(expect.arrayContaining(['src/bot.ts:5 require-bot-error-handler', 'src/markup.ts:2 no-swallowed-error', 'src/handlers/start.ts:2 no-swallowed-error']));
    }
  });
});
