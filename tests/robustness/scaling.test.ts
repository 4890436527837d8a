import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { exportsWork, walkWork } from '../../src/analysis/ast/index.js';
import { getFrameworkModel } from '../../src/analysis/framework/index.js';
import { createRandom, generateFile } from '../../scripts/lib/corpus.js';
import { sourceCodeOf } from '../analysis/source-code.js';
import plugin from '../../src/index.js';

// Work counts, not wall-clock time: `npm run bench` measures time (its scaling section doubles the
// input); these tests count the nodes the models' walks visit, which is the same on any machine.

const root = path.join(import.meta.dirname, '../..');
const HEAD = "import { Bot } from 'grammy';\nconst bot = new Bot('t');\n";

/** Nodes the models walked while one rule linted `code`, and the number of messages. */
function workOf(rule: string, code: string): { nodes: number; count: number } {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: { [`bot-audit/${rule}`]: 'error' } },
  ];
  const before = walkWork.nodes;
  const count = linter.verify(code, config, path.join(root, 'scale.ts')).length;
  return { nodes: walkWork.nodes - before, count };
}

describe('scaling', () => {
  // Each read once climbed to the program and re-checked every earlier top-level statement
  // (quadratic). 4× the handlers must cost about 4× the walking, not 16×.
  it('no-unchecked-update-field walks linearly in the number of top-level handlers', () => {
    const file = (n: number): string =>
      HEAD + Array.from({ length: n }, (_, i) => `bot.command('c${i}', async (ctx) => { await ctx.reply(String(ctx.from.id)); });`).join('\n');
    const small = workOf('no-unchecked-update-field', file(250));
    const large = workOf('no-unchecked-update-field', file(1000));
    expect(small.count).toBe(250);
    expect(large.count).toBe(1000);
    expect(small.nodes).toBeGreaterThan(0);
    expect(large.nodes / small.nodes).toBeLessThan(4.5);
  });
  // Each bot once walked the whole file for its calls and re-resolved every call's arguments
  // (bots × calls). 4× the bots must cost about 4× the walking.
  it('require-bot-error-handler works linearly in the number of bots per file', () => {
    const file = (n: number): string =>
      "import { Bot } from 'grammy';\n" + Array.from({ length: n }, (_, i) => `const b${i} = new Bot('t');\nb${i}.command('c', (ctx) => ctx.reply('x'));\nb${i}.start();`).join('\n');
    const small = workOf('require-bot-error-handler', file(100));
    const large = workOf('require-bot-error-handler', file(400));
    expect(small.count).toBe(100);
    expect(large.count).toBe(400);
    expect(small.nodes).toBeGreaterThan(0);
    expect(large.nodes / small.nodes).toBeLessThan(4.5);
  });
});

describe('file length', () => {
  /** Every syntactic rule on one generated bot file of `lines` lines (the bench's file-length case). */
  function lintGenerated(lines: number): { statements: number; scanned: number; findings: number } {
    const text = generateFile(createRandom(3), { lines });
    const rules = Object.entries(plugin.rules)
      .filter(([, rule]) => !rule.meta.docs?.requiresTypeChecking)
      .map(([name]) => [`bot-audit/${name}`, 'error'] as const);
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: Object.fromEntries(rules) },
    ];
    const before = exportsWork.statementsScanned;
    const findings = linter.verify(text, config, path.join(root, 'generated.ts')).length;
    return { statements: linter.getSourceCode().ast.body.length, scanned: exportsWork.statementsScanned - before, findings };
  }

  // Whether the module is CommonJS was asked for every function whose callers were looked for, and
  // each answer scanned the file's top-level statements: 344,004 and 1,457,777 statements for the
  // bench's 5,000- and 10,000-line files (x4.2 for twice the length). Now once per file.
  it('a file-level fact asked for every function is scanned once per file', () => {
    const small = lintGenerated(2000);
    const large = lintGenerated(4000);
    expect(small.findings).toBeGreaterThan(0);
    expect(large.findings).toBeGreaterThan(small.findings);
    expect(small.scanned).toBeGreaterThan(0);
    expect(small.scanned).toBeLessThanOrEqual(small.statements);
    expect(large.scanned).toBeLessThanOrEqual(large.statements);
  });

  // The admin and handler-deadline checks found a registration by its call or its handler with a
  // search of the file's registrations, once per handler: registrations x handlers.
  it("the framework model's registration indexes give what a search of its registrations gives, in source order", () => {
    const code = [
      "import { Bot, Composer } from 'grammy';",
      "const bot = new Bot('t');",
      'const admin = new Composer();',
      'async function onText(ctx) { await ctx.reply(ctx.msg.text); }',
      'async function onEdit(ctx) { await ctx.reply(String(ctx.editedMessage?.text)); }',
      "bot.on('message:text', onText);",
      "bot.on('edited_message', process.env.EDIT ? onEdit : onText, onText);",
      "admin.command('ban', async (ctx) => { await ctx.reply('ok'); });",
      "bot.command('start', onText);",
      'bot.use(admin);',
    ].join('\n');
    const sourceCode = sourceCodeOf(code);
    const model = getFrameworkModel(sourceCode);
    expect(model.registrations.length).toBeGreaterThanOrEqual(4);
    const calls = new Set(model.registrations.map((registration) => registration.call));
    for (const call of calls) expect(model.registrationsAt(call)).toEqual(model.registrations.filter((registration) => registration.call === call));
    const handlers = new Set(model.registrations.flatMap((registration) => registration.handlers.map((handler) => handler.node)));
    for (const node of handlers) expect(model.registrationsWithHandler(node)).toEqual(model.registrations.filter((registration) => registration.handlers.some((handler) => handler.node === node)));
    // Both branches of the conditional are handlers of the same registration.
    const branches = [...handlers].filter((node) => node.parent?.type === AST_NODE_TYPES.ConditionalExpression);
    expect(branches).toHaveLength(2);
    expect(model.registrationsWithHandler(branches[0]!)).toEqual(model.registrationsWithHandler(branches[1]!));
    expect(model.registrationsAt(sourceCode.ast.body[0] as never)).toEqual([]);
  });
});
