import { describe, expect, it } from 'vitest';

import { startsElectron } from '../../src/analysis/project/index.js';
import { findingKeys, reportValidator, run as runCli, runJson as runCliJson, temporaryTrees } from './helpers.js';

/**
 * The requests without a deadline (require-http-timeout) show which code is audited. That rule is experimental
 * since round 32 and the default run leaves it out, so every run here asks for all the rules.
 */
const run = (args: string[], io?: Parameters<typeof runCli>[1]) => runCli([...args, '--rules', 'all'], io);
const runJson = (args: string[], io?: Parameters<typeof runCliJson>[1]) => runCliJson([...args, '--rules', 'all'], io);

const temp = temporaryTrees();

/**
 * A bot with an Electron control panel beside it (round 29, watchthelight/restless-gambler #23):
 * `desktop-gui/` has its own package.json (`electron` its one dependency, `"start": "electron ."`),
 * whose main process posts a message to Discord's REST API without a deadline when the operator asks
 * (the repository's bot is a Discord bot; a Telegraf one here, whose command makes the same kind of request).
 */
const GUI_MAIN =
  "const { ipcMain } = require('electron');\nipcMain.handle('send-message', async (_e, { channelId, content }) => {\n  const res = await fetch(`https://discord.com/api/v10/channels/${channelId}/messages`, { method: 'POST', body: JSON.stringify({ content }) });\n  return res.text();\n});\n";
const BOT =
  "const { Telegraf } = require('telegraf');\nconst bot = new Telegraf(process.env.TOKEN);\nbot.command('quote', async (ctx) => {\n  const res = await fetch('https://api.example.com/quote');\n  await ctx.reply(await res.text());\n});\nbot.catch((error) => console.error(error));\nbot.launch();\n";
const repository = (gui: Record<string, unknown>, extra: Record<string, string> = {}): Record<string, string> => ({
  'package.json': JSON.stringify({ name: 'gambler', main: 'src/index.js', scripts: { start: 'node src/index.js' }, dependencies: { telegraf: '^4' } }),
  'src/index.js': BOT,
  'desktop-gui/package.json': JSON.stringify({ name: 'gambler-desktop-gui', private: true, main: 'main.js', scripts: { start: 'electron .' }, dependencies: { electron: '^31.3.0' }, ...gui }),
  'desktop-gui/main.js': GUI_MAIN,
  ...extra,
});
const BOT_FINDING = 'src/index.js:4 require-http-timeout';
const GUI_FINDING = 'desktop-gui/main.js:3 require-http-timeout';

describe('an Electron app beside the bot (scope class `desktop`)', () => {
  it('leaves out the desktop app\'s package; the bot is reported', async () => {
    const dir = temp(repository({}));
    const { report } = await runJson(['.'], { cwd: dir });
    expect(reportValidator()(report)).toBe(true);
    expect(findingKeys(report)).toEqual([BOT_FINDING]);
    expect(report.outOfScope.desktop).toBe(1);
    expect((await run(['.', '-f', 'markdown'], { cwd: dir })).stdout).toContain('1 files of a desktop app (Electron) beside the bot');
    const all = await runJson(['.', '--scope', 'all'], { cwd: dir });
    expect(all.report.findings.map(({ file, scope }) => `${file} ${scope ?? '-'}`).sort()).toEqual(['desktop-gui/main.js desktop', 'src/index.js -']);
    // A file named on the command line is audited.
    expect(findingKeys((await runJson(['desktop-gui/main.js'], { cwd: dir })).report)).toEqual([GUI_FINDING]);
  });

  it.each([
    ['a start that does not run Electron', repository({ scripts: { start: 'node main.js' } })],
    ['no electron dependency', repository({ dependencies: { 'node-fetch': '^3' } })],
    ['the bot itself run in Electron', repository({ dependencies: { electron: '^31', 'discord.js': '^14' } })],
    ['a deployment setting of its own', repository({}, { 'desktop-gui/Procfile': 'worker: npm start\n' })],
    ['a file the bot imports', repository({}, { 'src/index.js': `require('../desktop-gui/main.js');\n${BOT}` })],
  ])('keeps the package with %s', async (_name, files) => {
    const { report } = await runJson(['.'], { cwd: temp(files) });
    expect(report.outOfScope.desktop).toBe(0);
    expect(findingKeys(report)).toContain(GUI_FINDING);
  });

  it('keeps an Electron app that is the audited directory itself', async () => {
    const dir = temp(repository({}));
    const { report } = await runJson(['desktop-gui'], { cwd: dir });
    expect(report.outOfScope.desktop).toBe(0);
    expect(findingKeys(report)).toEqual([GUI_FINDING]);
  });
});

describe('startsElectron', () => {
  it.each([
    ['electron .', true],
    ['cross-env NODE_ENV=production electron main.js', true],
    ['npx electron .', true],
    ['tsc && electron dist/main.js', true],
    ['electron-forge start', true],
    ['electron-forge package', false],
    ['electron-builder', false],
    ['node main.js', false],
    ['echo electron', false],
  ])('%s → %s', (command, expected) => {
    expect(startsElectron(command)).toBe(expected);
  });
});
