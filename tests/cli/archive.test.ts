import { describe, expect, it } from 'vitest';

import type { Report } from '../../src/cli/report.js';
import { findingKeys, reportValidator, run, runJson, temporaryTrees } from './helpers.js';

const temp = temporaryTrees();
/** The `no-swallowed-error` findings (`file:line`): one per version of the bot. */
const swallowed = (report: Report): string[] => findingKeys(report).filter((key) => key.endsWith(' no-swallowed-error')).map((key) => key.replace(/ no-swallowed-error$/, ''));

/**
 * A bot that builds with tsc and starts from `dist/index.js`, as the deployed package and as the older
 * snapshot of it the repository keeps in a folder. Each version has one swallowed error (a finding of
 * `no-swallowed-error`, run with `--rules all`); the lines around it are the same in both.
 */
const manifest = (name: string): string => JSON.stringify({ name, main: 'dist/index.js', scripts: { start: 'node dist/index.js', build: 'tsc' } });
const TSCONFIG = JSON.stringify({ compilerOptions: { outDir: './dist', rootDir: './src' }, include: ['src/**/*'] });
const SHARED = [
  "import { Telegraf } from 'telegraf';",
  'const bot = new Telegraf(process.env.BOT_TOKEN!);',
  "bot.start((ctx) => ctx.reply('Welcome to the bot'));",
  "bot.command('balance', async (ctx) => ctx.reply(await balanceOf(ctx.from.id)));",
  'async function balanceOf(id: number): Promise<string> {',
  '  return String(id);',
  '}',
].join('\n');
const LIVE = `${SHARED}\ntry { await bot.launch(); } catch (error) { console.error(error); }\ntry { run(); } catch {}\n`;
const OLD = `${SHARED}\nbot.launch().catch(console.error);\ntry { run(); } catch {}\n`;

/** The live bot at the root (root Procfile → npm start → dist/index.js, built from src/). */
const liveRoot = {
  'package.json': manifest('telegram-bot'),
  Procfile: 'web: npm start\n',
  'tsconfig.json': TSCONFIG,
  'src/index.ts': LIVE,
};
const withoutProcfile = Object.fromEntries(Object.entries(liveRoot).filter(([name]) => name !== 'Procfile'));
/** An older snapshot of the same bot, its package.json, Procfile and tsconfig copied with it. */
const snapshot = (folder: string, extra: Record<string, string> = {}): Record<string, string> => ({
  [`${folder}/package.json`]: manifest('telegram-bot'),
  [`${folder}/Procfile`]: 'web: npm start\n',
  [`${folder}/tsconfig.json`]: JSON.stringify({ compilerOptions: { outDir: './dist', rootDir: './src', strict: true } }),
  [`${folder}/src/index.ts`]: OLD,
  ...extra,
});
const withoutOwnProcfile = (files: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(files).filter(([name]) => !name.endsWith('/Procfile')));

describe('archive copies: a package folder that repeats the deployed package and that nothing builds or deploys (scope class `archive`)', () => {
  it('leaves the snapshot out and counts it in every format; the live package is reported; --scope all and naming a file audit it', async () => {
    const dir = temp({ ...liveRoot, ...snapshot('old (payments work)') });
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(reportValidator()(report)).toBe(true);
    expect(swallowed(report)).toEqual(['src/index.ts:9']);
    expect(report.outOfScope.archive).toBe(1);
    expect(report.summary).toMatchObject({ filesScanned: 1, outOfScope: 1 });
    const leftOut = '1 files of archived copies of the deployed package';
    expect((await run(['.', '--rules', 'all'], { cwd: dir })).stdout).toContain(`Out of scope, not audited: ${leftOut} (--scope all audits them).`);
    expect((await run(['.', '-f', 'stylish', '--rules', 'all'], { cwd: dir })).stdout).toContain(`Out of scope, not audited: ${leftOut}`);
    expect((await run(['.', '-f', 'markdown', '--rules', 'all'], { cwd: dir })).stdout).toContain(`| Out of scope | ${leftOut}`);
    const sarif = JSON.parse((await run(['.', '-f', 'sarif', '--rules', 'all'], { cwd: dir })).stdout) as import('sarif').Log;
    expect(sarif.runs[0]!.invocations![0]!.properties).toMatchObject({ outOfScope: { archive: 1 } });
    const all = await runJson(['.', '--scope', 'all', '--rules', 'all'], { cwd: dir });
    expect(reportValidator()(all.report)).toBe(true);
    const located = all.report.findings.map(({ file, line, priority, scope, ruleId }) => `${file}:${line} ${ruleId.replace('bot-audit/', '')} ${priority} ${scope ?? '-'}`).sort();
    expect(located).toEqual([
      'old (payments work)/src/index.ts:8 require-bot-error-handler P2 archive',
      'old (payments work)/src/index.ts:9 no-swallowed-error P2 archive',
      // P1 in production: the rule is of medium precision again since round 35 (P2 in round 34, at low precision).
      'src/index.ts:8 require-bot-error-handler P1 -',
      'src/index.ts:9 no-swallowed-error P2 -',
    ]);
    expect(findingKeys((await runJson(['old (payments work)/src/index.ts', '--rules', 'all'], { cwd: dir })).report)).toEqual(['old (payments work)/src/index.ts:8 require-bot-error-handler', 'old (payments work)/src/index.ts:9 no-swallowed-error']);
  });

  it('several snapshots beside the live bot at the root are each left out', async () => {
    const dir = temp({ ...liveRoot, ...snapshot('v1'), ...snapshot('backup/v2') });
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(swallowed(report)).toEqual(['src/index.ts:9']);
    expect(report.outOfScope.archive).toBe(2);
  });

  it('a snapshot of a workspace package the root deploys is left out; the workspace package is reported', async () => {
    const dir = temp({
      'package.json': JSON.stringify({ name: 'workspace', private: true, scripts: { start: 'pnpm --filter telegram-bot start' } }),
      'pnpm-workspace.yaml': "packages:\n  - 'apps/bot'\n",
      'railway.json': JSON.stringify({ deploy: { startCommand: 'pnpm start' } }),
      'apps/bot/package.json': manifest('telegram-bot'),
      'apps/bot/tsconfig.json': TSCONFIG,
      'apps/bot/src/index.ts': LIVE,
      'bot-old/package.json': manifest('telegram-bot'),
      'bot-old/src/index.ts': OLD,
    });
    const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(swallowed(report)).toEqual(['apps/bot/src/index.ts:9']);
    expect(report.outOfScope.archive).toBe(1);
  });

  describe('a copy stays when anything may build or deploy it, or when it is no copy', () => {

    const cases: [string, Record<string, string>][] = [
      ['the root Dockerfile builds the copy', { ...liveRoot, Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY old/ .\nRUN npm ci && npm run build\nCMD ["npm", "start"]\n', ...snapshot('old') }],
      ['a docker-compose service builds the copy', { ...liveRoot, 'docker-compose.yml': 'services:\n  legacy:\n    build: ./old\n', ...snapshot('old') }],
      ['a root script runs the copy', { ...liveRoot, 'package.json': JSON.stringify({ name: 'telegram-bot', scripts: { start: 'node dist/index.js', 'start:legacy': 'cd old && npm start' } }), ...snapshot('old') }],
      ['the copy has a Dockerfile of its own (a host with the folder as its root deploys it)', { ...liveRoot, ...snapshot('old', { 'old/Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["npm", "start"]\n' }) }],
      ['the copy has a Procfile that differs from the live one', { ...liveRoot, ...snapshot('old', { 'old/Procfile': 'worker: node dist/index.js\n' }) }],
      ['the live code imports a file of the copy', { ...liveRoot, 'src/index.ts': `${LIVE}import '../old/src/index.js';\n`, ...snapshot('old') }],
      ['a workspace pattern of the root takes the copy', { ...liveRoot, 'package.json': JSON.stringify({ name: 'telegram-bot', workspaces: ['old'], scripts: { start: 'node dist/index.js' } }), ...snapshot('old') }],
      ['a compose file in another folder builds the copy', { ...liveRoot, 'infra/docker-compose.yml': 'services:\n  legacy:\n    build:\n      context: ../old\n', ...snapshot('old') }],
      ['the root deploys nothing (a start script and a CI workflow only): neither copy is proven live', { ...withoutProcfile, '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    steps:\n      - run: npm test\n', ...withoutOwnProcfile(snapshot('old')) }],
      ['another package name: a monorepo of two packages', { ...liveRoot, ...snapshot('old', { 'old/package.json': manifest('admin-panel') }) }],
      ['the same name, but mostly other code', { ...liveRoot, ...snapshot('old', { 'old/src/index.ts': "import { Bot } from 'grammy';\nconst admin = new Bot(process.env.ADMIN_TOKEN!);\nadmin.command('stats', (ctx) => ctx.reply(statsText()));\nfunction statsText(): string { return 'no stats yet'; }\nadmin.start();\ntry { run(); } catch {}\n" }) }],
    ];
    it.each(cases)('%s', async (_name, files) => {
      const dir = temp(files);
      const { report } = await runJson(['.', '--rules', 'all'], { cwd: dir });
      expect(swallowed(report)).toEqual([files['old/src/index.ts'] === OLD ? 'old/src/index.ts:9' : 'old/src/index.ts:6', 'src/index.ts:9']);
      expect(report.outOfScope.archive).toBe(0);
    });
  });
});
