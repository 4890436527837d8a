import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../src/index.js';
import { exampleWord, oneOffName } from '../src/analysis/project/index.js';
import { OUT_OF_SCOPE_CLASSES, classifyFile, outOfScopeGlobs } from '../src/scope.js';

describe('classifyFile', () => {
  it.each([
    ['src/bot.ts', 'production'],
    ['bot.js', 'production'],
    ['src/testing-utils.ts', 'production'],
    ['src/contest/handler.ts', 'production'],
    ['src/configs.ts', 'production'],
    ['src/latest.ts', 'production'],
    ['src/bot.test.ts', 'test'],
    ['src/bot.spec.js', 'test'],
    ['src/__tests__/bot.ts', 'test'],
    ['src/__mocks__/db.ts', 'test'],
    ['test/helpers.js', 'test'],
    ['packages/a/tests/x.ts', 'test'],
    ['e2e/flow.ts', 'test'],
    // Load-test and benchmark harnesses (folders only): a module named for them, or a `perf/` metrics module, is production.
    ['load-testing/telegram-bot-load-test.ts', 'test'],
    ['load-tests/webhook.js', 'test'],
    ['loadtest/k6.js', 'test'],
    ['benchmarks/db.ts', 'test'],
    ['packages/bot/bench/parse.ts', 'test'],
    ['src/load-testing.ts', 'production'],
    ['src/benchmarks.ts', 'production'],
    ['src/perf/metrics.ts', 'production'],
    ['src/benchmark/returns.ts', 'production'],
    ['src/bot/test_deploy_identity.js', 'test'],
    ['test-connection.js', 'test'],
    // A script named just `test` or `tests` (a scratch run of the bot's code), not a word that contains it.
    ['tests.js', 'test'],
    ['src/test.ts', 'test'],
    ['src/contest.ts', 'production'],
    ['src/tests-runner/index.ts', 'production'],
    ['src/payments_test.ts', 'test'],
    ['src/latest-test.ts', 'production'],
    ['src/contest_results.ts', 'production'],
    ['examples/echo/bot.ts', 'example'],
    ['example/bot.ts', 'example'],
    ['demo/bot.ts', 'example'],
    ['samples/bot.ts', 'example'],
    ['examples/echo/bot.test.ts', 'test'],
    ['docs/snippet.ts', 'docs'],
    // Replit's `attached_assets/`: files pasted into its assistant's chat (code, logs, screenshots), never run;
    // a module named for them, or an `assets/` folder, is production.
    ['attached_assets/index_1765613290449.js', 'docs'],
    ['bot/attached_assets/Pasted-handler_1.ts', 'docs'],
    ['src/attached_assets.ts', 'production'],
    ['src/assets/index.js', 'production'],
    ['scripts/migrate.js', 'tooling'],
    ['src/migrations/1700000000000-AddBalance.ts', 'tooling'],
    ['db/migration/001_init.js', 'tooling'],
    ['src/migrate.ts', 'production'],
    // Drafts run by hand: `scratch/` and `tmp/` folders; a module named for them is production.
    ['backend/scratch/check_db_agents.ts', 'tooling'],
    ['tmp/check-services.js', 'tooling'],
    ['src/scratch.ts', 'production'],
    ['src/tmp-files.ts', 'production'],
    // Seed scripts (knex, sequelize-cli, Prisma), but not a wallet's seed phrase module.
    ['db/seeds/01_users.js', 'tooling'],
    ['src/seeders/20240101-admins.js', 'tooling'],
    ['prisma/seed.ts', 'tooling'],
    ['backend/prisma/seed.js', 'tooling'],
    ['seed.ts', 'production'],
    ['src/wallet/seed.ts', 'production'],
    ['src/prisma/seeding.ts', 'production'],
    ['tools/gen.ts', 'tooling'],
    ['vite.config.ts', 'tooling'],
    ['eslint.config.js', 'tooling'],
    ['public/app.js', 'browser'],
    ['static/js/app.js', 'browser'],
    ['client/main.js', 'browser'],
    ['vendor/lib.min.js', 'generated'],
    // Code generators' output folders (Prisma's client, GraphQL/OpenAPI codegen)…
    ['app/generated/prisma/runtime/library.js', 'generated'],
    ['prisma/generated/runtime/react-native.js', 'generated'],
    ['src/graphql/generated/sdk.ts', 'generated'],
    // …but not the project's own code that generates something.
    ['src/generation/invoice.ts', 'production'],
    ['src/generator.ts', 'production'],
    ['src/generated.ts', 'production'],
    ['src\\__tests__\\bot.ts', 'test'],
    ['./src/bot.ts', 'production'],
  ])('%s → %s', (file, expected) => {
    expect(classifyFile(file)).toBe(expected);
  });
});

describe('the configs leave the same files out', () => {
  const lint = async (config: object, file: string): Promise<string[]> => {
    const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [config] as never, cwd: '/virtual' });
    // A command that reads `ctx.from` unchecked: a no-unchecked-update-field finding, a rule every config runs (until
    // round 32 an HTTP call without a deadline played this part; require-http-timeout is experimental now).
    const [result] = await eslint.lintText("import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.command('start', (ctx) => ctx.reply(String(ctx.from.id)));\n", { filePath: `/virtual/${file}` });
    return result!.messages.map((message) => message.ruleId ?? message.message);
  };

  it.each(['recommended', 'strict', 'all'] as const)('%s: production files are linted, tests and examples are not', async (name) => {
    const config = { ...plugin.configs[name], languageOptions: {} };
    expect(await lint(config, 'src/bot.js')).toContain('bot-audit/no-unchecked-update-field');
    expect(await lint(config, 'src/bot.test.js')).toEqual([]);
    expect(await lint(config, 'examples/echo/bot.js')).toEqual([]);
    expect(await lint(config, 'scripts/seed.js')).toEqual([]);
    expect(await lint(config, 'prisma/seed.js')).toEqual([]);
    expect(await lint(config, 'src/wallet/seed.js')).toContain('bot-audit/no-unchecked-update-field');
    expect(await lint(config, 'app/generated/prisma/runtime/library.js')).toEqual([]);
    expect(await lint(config, 'src/generation/invoice.js')).toContain('bot-audit/no-unchecked-update-field');
  });

  it('recommended-type-checked has the same ignores', () => {
    expect(plugin.configs['recommended-type-checked'].ignores).toEqual(outOfScopeGlobs());
  });

  it('a project overrides them: all files, or only some classes left out', async () => {
    const everything = { ...plugin.configs.recommended, ignores: [] };
    expect(await lint(everything, 'src/bot.test.js')).toContain('bot-audit/no-unchecked-update-field');
    const testsOnly = { ...plugin.configs.recommended, ignores: outOfScopeGlobs(['test']) };
    expect(await lint(testsOnly, 'examples/echo/bot.js')).toContain('bot-audit/no-unchecked-update-field');
    expect(await lint(testsOnly, 'src/bot.test.js')).toEqual([]);
  });

  it('every class known from the path has at least one glob; `archive`, `unreachable` and `uncalled` have none (they need the project settings, module graph and text)', () => {
    for (const name of OUT_OF_SCOPE_CLASSES) expect(outOfScopeGlobs([name]).length > 0).toBe(name !== 'desktop' && name !== 'library' && name !== 'archive' && name !== 'unreachable' && name !== 'uncalled');
  });
});

describe('exampleWord: a package.json description that declares the package an example', () => {
  it.each([
    ['Examples of interaction with the TelegrafJS framework', 'examples'],
    ['Demo bot for the grammY sessions plugin', 'demo'],
    ['A sample Telegram bot', 'sample'],
    ['grammY tutorial: a shop bot', 'tutorial'],
    ['Mini App playground', 'playground'],
    ['PoC for the IF Labs', 'poc'],
    ['A proof-of-concept payment bot', 'proof of concept'],
    ['Proof of concept', 'proof of concept'],
  ])('%s', (description, word) => {
    expect(exampleWord(description)).toBe(word);
  });

  it.each([
    // Templates and starters: every bot built from one keeps its description.
    'Telegram bot starter template',
    'Telegram Bot Starter with TypeScript and grammY',
    'Boilerplate for Discord bots',
    // Words that only contain one, a figure of speech, a domain, another language.
    'A bot that demonstrates nothing: it sells tickets',
    'Replies with quotes, for example from example.com',
    'Telegram WebApp Showcase Platform — демо кейсов возможностей ботов',
    'Binance demo1 clone API',
    '',
  ])('not: %s', (description) => {
    expect(exampleWord(description)).toBeNull();
  });

  it('reads only strings', () => {
    expect(exampleWord(undefined)).toBeNull();
    expect(exampleWord(['demo'])).toBeNull();
  });
});

describe('oneOffName: a script a developer runs once by hand, by the word its name starts with', () => {
  it.each(['debug-basic-webhook.js', 'check-salon-services.js', 'check_table_structure.js', 'fix-staff-assignment.js', 'verify-booking-creation.js', 'inspect-db.ts', 'diagnose_webhook.mjs', 'reproduce_vision.js', 'patch_formatter2.js', 'restore-booking-constraints.js', 'reset-external-user-balance.js', 'cleanup_messages.js', 'clean_old_messages.js', 'purge_for_launch.js', 'scratch-check.js', 'tmp_abuse_check.js', 'temp_fix.js', 'Check-DB.cjs'])('%s is one', (name) => {
    expect(oneOffName(name)).toBe(true);
  });
  // Words a running bot's modules start with, a one-off word inside a name, a word alone, not code.
  it.each(['create-test-data.js', 'update-webhook.js', 'send-message.js', 'sync-energy-balance.ts', 'setup-webhook.js', 'run.js', 'checkout.js', 'checker.js', 'debugger.ts', 'fix.js', 'check.js', 'health-check.js', 'global-patch.js', 'check-db.d.ts', 'check-db.json'])('%s is not', (name) => {
    expect(oneOffName(name)).toBe(false);
  });
});
