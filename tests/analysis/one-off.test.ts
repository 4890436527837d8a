import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { buildOutput, oneOffScript } from '../../src/analysis/project/index.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

/** A temporary tree of the given files; returns its folder. */
function tree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'bot-audit-one-off-')));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const manifest = (scripts: Record<string, string>, extra: Record<string, unknown> = {}): string => JSON.stringify({ name: 'bot', scripts, ...extra });

describe('buildOutput: what a build command of a package.json script writes', () => {
  it('reads `--opt=value` and `--opt value`, after a `cd`, in quotes, and from a workspace root into a member', () => {
    const root = tree({
      'package.json': manifest({ build: "cd server && esbuild main.ts --bundle '--outfile=../api/index.js'", 'build:worker': 'npx rollup src/worker.js --file bundle/worker.cjs', 'build:member': 'esbuild bot/src/x.ts --outdir=bot/out' }),
      'bot/package.json': manifest({ start: 'node out/x.js' }),
      'api/index.js': '',
      'bundle/worker.cjs': '',
      'bot/out/x.js': '',
      'server/main.ts': '',
    });
    for (const file of ['api/index.js', 'bundle/worker.cjs', 'bot/out/x.js']) expect([file, buildOutput(path.join(root, file))]).toEqual([file, true]);
    expect(buildOutput(path.join(root, 'server/main.ts'))).toBe(false);
  });

  it('leaves a TypeScript file, a command that rewrites its input, an output folder that is the package folder, `bun run`, and an unknown tool', () => {
    const root = tree({
      'package.json': manifest({ a: 'tsc --outDir .', b: 'babel lib --out-dir lib', c: 'bun run src/bot.ts --outfile x.js', d: 'my-bundler --outfile=y.js', e: 'tsup src/a.ts -d out' }),
      'lib/x.js': '',
      'x.js': '',
      'y.js': '',
      'out/types.ts': '',
      'index.js': '',
    });
    for (const file of ['lib/x.js', 'x.js', 'y.js', 'out/types.ts', 'index.js']) expect([file, buildOutput(path.join(root, file))]).toEqual([file, false]);
  });
});

describe('oneOffScript: a one-off script at its package root that nothing names', () => {
  it('is one when no setting or source file of the package names it; a mention in a sibling one-off script does not count', () => {
    const root = tree({
      'package.json': manifest({ start: 'node bot.js' }),
      'bot.js': '',
      'debug-a.js': "require('./debug-b');\n",
      'debug-b.js': '',
    });
    expect(oneOffScript(path.join(root, 'debug-a.js'))).toBe(true);
    expect(oneOffScript(path.join(root, 'debug-b.js'))).toBe(true);
  });

  it('a data migration or seed run once by hand (`migrate`, `seed`, a verb in camel case) in a package with no declared entry; not a noun or a draft word in camel case', () => {
    // Round 26, JayNightmare+Level-Discord-Bot: no `main`, no scripts, no Procfile; the README says to run `migrateDataToDB.js` once.
    const root = tree({
      'package.json': JSON.stringify({ dependencies: { 'discord.js': '^14.15.3', sqlite3: '^5.1.7' } }),
      'bot.js': "const { Client } = require('discord.js');\nconst utils = require('./commands/utils.js');\nnew Client({ intents: [] }).login(process.env.TOKEN);\n",
      'commands/utils.js': '',
      'migrateDataToDB.js': "const sqlite3 = require('sqlite3').verbose();\nconst db = new sqlite3.Database('./bot.db');\n",
      'seed_black_list.js': '',
      'fixUserBalance.ts': '',
      'setupDatabase.js': '',
      'checkout.js': '',
      'fixtures.js': '',
      'seeder.js': '',
      'migrations.js': '',
      'tempSensor.js': '',
      'MigrateData.js': '',
    });
    for (const file of ['migrateDataToDB.js', 'seed_black_list.js', 'fixUserBalance.ts']) expect([file, oneOffScript(path.join(root, file))]).toEqual([file, true]);
    for (const file of ['setupDatabase.js', 'checkout.js', 'fixtures.js', 'seeder.js', 'migrations.js', 'tempSensor.js', 'MigrateData.js', 'bot.js']) expect([file, oneOffScript(path.join(root, file))]).toEqual([file, false]);
  });

  it('a migration a script, the start command or the bot names stays production', () => {
    const root = tree({
      'package.json': manifest({ start: 'node migrateUsers.js && node bot.js', 'db:seed': 'node seedPlans.js' }),
      'bot.js': "const { purgeOld } = require('./purgeOldRows');\n",
      'migrateUsers.js': '',
      'seedPlans.js': '',
      'purgeOldRows.js': '',
    });
    for (const file of ['migrateUsers.js', 'seedPlans.js', 'purgeOldRows.js']) expect([file, oneOffScript(path.join(root, file))]).toEqual([file, false]);
  });

  it('is not one when package.json, a deployment setting or a production source names it, or outside a package root, or outside any package', () => {
    const root = tree({
      'package.json': manifest({ start: 'node bot.js' }, { description: 'see check-env for the settings' }),
      'Dockerfile': 'FROM node:22\nRUN node fix-perms.js\n',
      'bot.js': "const { spawn } = require('node:child_process');\nspawn('node', ['reset-cache.mjs']);\n",
      'check-env.js': '',
      'fix-perms.js': '',
      'reset-cache.mjs': '',
      'lib/check-x.js': '',
    });
    for (const file of ['check-env.js', 'fix-perms.js', 'reset-cache.mjs', 'lib/check-x.js']) expect([file, oneOffScript(path.join(root, file))]).toEqual([file, false]);
    const bare = tree({ 'check-db.js': '' });
    expect(oneOffScript(path.join(bare, 'check-db.js'))).toBe(false);
  });
});
