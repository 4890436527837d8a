import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

import { buildConfigs, type BotAuditConfig, JAVASCRIPT_FILES, rulesOffByDefault, SOURCE_FILES, TYPE_AWARE_PARSER_OPTIONS } from '../src/configs.js';
import type { BotAuditDocs } from '../src/util/create-rule.js';

const fake = (docs: Omit<BotAuditDocs, 'description' | 'category'>) =>
  ({ meta: { docs: { description: 'Require x', category: 'Timeouts', ...docs } } }) as never;

describe('buildConfigs', () => {
  const rules = {
    p0: fake({ priority: 'P0', precision: 'medium' }),
    p2: fake({ priority: 'P2', precision: 'high' }),
    lowP0: fake({ priority: 'P0', precision: 'low' }),
    experimental: fake({ priority: 'P1', precision: 'experimental' }),
    strictish: fake({ priority: 'P1', precision: 'medium', strictOptions: [{ requireRange: true }] }),
    typed: fake({ priority: 'P1', precision: 'medium', requiresTypeChecking: true }),
  };
  const plugin = {};
  const parser = { parseForESLint: () => ({}) };
  const configs = buildConfigs(rules, 'ns', plugin, parser);

  it('recommended leaves out type-checked and experimental rules and warns on P2 and on low-precision rules', () => {
    expect(configs.recommended.rules).toEqual({ 'ns/p0': 'error', 'ns/p2': 'warn', 'ns/lowP0': 'warn', 'ns/strictish': 'error' });
  });

  it('recommended-type-checked adds the type-checked ones, with the project service, and still leaves out experimental ones', () => {
    expect(configs['recommended-type-checked'].rules['ns/typed']).toBe('error');
    expect(configs['recommended-type-checked'].rules).not.toHaveProperty(['ns/experimental']);
    expect(configs['recommended-type-checked'].languageOptions).toEqual({ parser, parserOptions: TYPE_AWARE_PARSER_OPTIONS });
  });

  it('strict passes strict options and makes everything an error', () => {
    expect(configs.strict.rules).toEqual({ 'ns/p0': 'error', 'ns/p2': 'error', 'ns/lowP0': 'error', 'ns/experimental': 'error', 'ns/strictish': ['error', { requireRange: true }] });
  });

  it('all turns on every rule, experimental ones too', () => {
    expect(Object.keys(configs.all.rules).sort()).toEqual(Object.keys(rules).map((name) => `ns/${name}`).sort());
    expect(configs.all.rules['ns/experimental']).toBe('error');
  });

  it('rulesOffByDefault: the experimental rules, warned on as recommended would, for `bot-audit --rules all`', () => {
    expect(rulesOffByDefault(rules, 'ns', false)).toEqual({ 'ns/experimental': 'warn' });
    expect(rulesOffByDefault({ p0: rules.p0 }, 'ns', true)).toEqual({});
    const typedExperimental = { x: fake({ priority: 'P0', precision: 'experimental', requiresTypeChecking: true }) };
    expect(rulesOffByDefault(typedExperimental, 'ns', false)).toEqual({});
    expect(rulesOffByDefault(typedExperimental, 'ns', true)).toEqual({ 'ns/x': 'warn' });
  });

  it('all needs the project service only when a rule needs types', () => {
    expect(configs.all.languageOptions).toEqual({ parser, parserOptions: TYPE_AWARE_PARSER_OPTIONS });
    expect(buildConfigs({ p0: rules.p0 }, 'ns', plugin, parser).all.languageOptions).toEqual({ parser });
    expect(configs.all.plugins.ns).toBe(plugin);
  });

  it('every config names JavaScript and TypeScript files and the parser they need', () => {
    for (const config of Object.values(configs) as BotAuditConfig[]) {
      expect(config.files).toEqual(SOURCE_FILES);
      expect(config.languageOptions?.parser).toBe(parser);
    }
  });

  it('without a TypeScript parser, every config lints JavaScript files only, with ESLint\'s parser', () => {
    const plain = buildConfigs(rules, 'ns', plugin);
    for (const config of Object.values(plain) as BotAuditConfig[]) {
      expect(config.files).toEqual(JAVASCRIPT_FILES);
      expect(config.languageOptions?.parser).toBeUndefined();
    }
    expect(plain.recommended.languageOptions).toBeUndefined();
    expect(plain['recommended-type-checked'].languageOptions).toEqual({ parserOptions: TYPE_AWARE_PARSER_OPTIONS });
  });
});

// The README's configs, used exactly as written as the whole eslint.config.js of a fresh project that
// has the package installed (a link to this repository's build in node_modules).
const root = path.join(import.meta.dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const eslintBin = path.join(root, 'node_modules/eslint/bin/eslint.js');
const exec = promisify(execFile);

/** The code block that follows `<!-- tested-config: NAME … -->` in the README. */
function readmeConfig(name: string): string {
  const match = new RegExp(`<!-- tested-config: ${name}\\b[^>]*-->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no config marked ${name}`);
  return match[1]!;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bot-audit-config-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(root, path.join(dir, 'node_modules/eslint-plugin-bot-audit'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/**
 * Findings per file (rule ids, or the fatal message): `eslint .` run in the project, as a user runs
 * it (typescript-eslint's project service resolves tsconfig files from the working directory).
 */
async function lint(dir: string): Promise<Record<string, string[]>> {
  let stdout: string;
  try {
    ({ stdout } = await exec(process.execPath, [eslintBin, '-f', 'json', '.'], { cwd: dir, maxBuffer: 1 << 26 }));
  } catch (error) {
    // Exit code 1: there are findings.
    ({ stdout } = error as { stdout: string });
  }
  const results = JSON.parse(stdout) as ESLint.LintResult[];
  return Object.fromEntries(
    results.map((result) => [
      path.relative(dir, result.filePath).split(path.sep).join('/'),
      result.messages.map((message) => (message.fatal ? `fatal: ${message.message}` : message.ruleId!)),
    ]),
  );
}

// An HTTP call without a deadline: a require-http-timeout finding, a rule only `strict` and `all` run since round 32
// (experimental precision); `recommended` reports nothing here.
const noDeadlineTs = "export const ping = (): Promise<Response> => fetch('https://api.example.com/ping');\n";
// A command that reads `ctx.from` unchecked: one no-unchecked-update-field finding, a rule `recommended` runs.
const uncheckedFrom = "import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.command('start', (ctx) => ctx.reply(String(ctx.from.id)));\n";
// A bot context recognised only through its type: found with type information, not without it.
const typedContext =
  "import { Bot } from 'grammy';\ninterface Ctx { update: object; api: object; reply(): void; from?: { username?: string } }\nexport function greet(c: Ctx) { return c.from.username.length; }\n";

describe('the README\'s configs, alone in eslint.config.js', () => {
  it('JavaScript: recommended lints .js, .mjs, .cjs and .jsx files (and .ts without a tsconfig)', async () => {
    const config = readmeConfig('javascript');
    expect(config).toContain('botAudit.configs.recommended');
    const dir = project({
      'eslint.config.js': config,
      'src/bot.js': uncheckedFrom,
      'src/module.mjs': uncheckedFrom,
      'src/common.cjs': uncheckedFrom.replace("import { Bot } from 'grammy';", "const { Bot } = require('grammy');"),
      'src/view.jsx': "import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.command('start', (ctx) => ctx.reply(String(<b>{ctx.from.id}</b>)));\n",
      'src/util.ts': uncheckedFrom,
      'src/ping.js': noDeadlineTs.replace(': Promise<Response>', ''),
    });
    expect(await lint(dir)).toEqual({
      'eslint.config.js': [],
      'src/bot.js': ['bot-audit/no-unchecked-update-field'],
      'src/common.cjs': ['bot-audit/no-unchecked-update-field'],
      'src/module.mjs': ['bot-audit/no-unchecked-update-field'],
      'src/ping.js': [],
      'src/util.ts': ['bot-audit/no-unchecked-update-field'],
      'src/view.jsx': ['bot-audit/no-unchecked-update-field'],
    });
  });

  const tsProject = (config: string) =>
    project({
      'eslint.config.js': config,
      'tsconfig.json': '{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "NodeNext", "noEmit": true }, "include": ["src"] }\n',
      'src/bot.ts': noDeadlineTs,
      'src/greet.ts': typedContext,
      'src/grammy.d.ts': "declare module 'grammy' { export class Bot { constructor(token: string); } }\n",
    });

  it('TypeScript: recommended-type-checked lints .ts files with type information, and the root eslint.config.js', async () => {
    const config = readmeConfig('typescript');
    expect(config).toContain("botAudit.configs['recommended-type-checked']");
    expect(await lint(tsProject(config))).toEqual({
      'eslint.config.js': [],
      'src/bot.ts': [],
      'src/grammy.d.ts': [],
      'src/greet.ts': ['bot-audit/no-unchecked-update-field'],
    });
  });

  it('its twin without type information (recommended) does not see the typed context', async () => {
    expect(await lint(tsProject(readmeConfig('javascript')))).toMatchObject({
      'src/bot.ts': [],
      'src/greet.ts': [],
    });
  });

  it('a file no tsconfig includes fails to parse with type information, and the README\'s override lints it without', async () => {
    const dir = project({
      'eslint.config.js': readmeConfig('typescript'),
      'tsconfig.json': '{ "include": ["src"] }\n',
      'bin/seed.js': uncheckedFrom,
    });
    expect((await lint(dir))['bin/seed.js']).toEqual([expect.stringContaining('fatal: Parsing error:')]);
    const override = /```js\n {2}(\{ files: \['bin\/\*\*'\].*\}),\n```/.exec(readme)?.[1];
    expect(override).toBeDefined();
    writeFileSync(path.join(dir, 'eslint.config.js'), readmeConfig('typescript').replace('];', `  ${override!},\n];`));
    expect((await lint(dir))['bin/seed.js']).toEqual(['bot-audit/no-unchecked-update-field']);
  });
});
