import { writeFileSync } from 'node:fs';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { parse } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import { fileIndex, walkWork } from '../../src/analysis/ast/index.js';
import { adminWork } from '../../src/analysis/framework/admin.js';
import { botWork } from '../../src/analysis/framework/bots.js';
import { registrationWork } from '../../src/analysis/framework/registrations.js';
import { serialisedWork } from '../../src/analysis/framework/serialised.js';
import { guardWork } from '../../src/analysis/framework/guards.js';
import { deadlineWork } from '../../src/analysis/http/deadline.js';
import { chainWork } from '../../src/analysis/orm/chain.js';
import { callsAfterWork } from '../../src/analysis/stores/index.js';
import { functionFactsWork } from '../../src/analysis/flow/function-facts.js';
import { numberFlowWork } from '../../src/analysis/input/number-flow.js';
import plugin from '../../src/index.js';

import { isolatedProjectRoot } from './isolated-project.js';

// Work counts, not wall-clock time: a question asked for every read or every request of a
// function is answered from a per-node memo after its first answer.

// Linted as a file of a project of its own: the project-wide models must not read this repository.
const root = isolatedProjectRoot('guard-work');

function config(...rules: string[]): Linter.Config[] {
  return [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
    { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: Object.fromEntries(rules.map((rule) => [`bot-audit/${rule}`, 'error'])) },
  ];
}

function lint(rule: string, code: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  return linter.verify(code, config(rule), path.join(root, 'index.ts')).map((m) => `${m.line}:${m.column} ${m.ruleId ?? m.message}`);
}

/**
 * One handler: `statements` replies, then `reads` statements that each read through `ctx.from`
 * (the first is reported; each later one is safe because an earlier statement read through it).
 */
function handler(statements: number, reads: number): string {
  const replies = Array.from({ length: statements }, (_, i) => `  await ctx.reply('${i}');`);
  const lines = Array.from({ length: reads }, (_, i) => `  await ctx.reply(String(ctx.from.id + ${i}));`);
  return `import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.use(async (ctx) => {\n${[...replies, ...lines].join('\n')}\n});\n`;
}

/** One timer tick with `requests` fetch calls, under a flag that holds the next ticks. */
function tickWithRequests(requests: number): string {
  const lines = Array.from({ length: requests }, (_, i) => `  await fetch('https://example.com/${i}');`);
  return `let running = false;\nsetInterval(async () => {\n  if (running) return;\n  running = true;\n${lines.join('\n')}\n  running = false;\n}, 60_000);\n`;
}

describe('guard checks', () => {
  it('list the reads of each earlier statement of a handler once, not once per read after it', () => {
    const count = (statements: number, reads: number) => {
      const before = guardWork.statementsWalked;
      const messages = lint('no-unchecked-update-field', handler(statements, reads));
      return { walked: guardWork.statementsWalked - before, messages };
    };
    const small = count(20, 20);
    const large = count(40, 40);
    // The same answers: the first read through `ctx.from` is reported, the later ones are covered by it.
    expect(small.messages).toEqual(['24:26 bot-audit/no-unchecked-update-field']);
    expect(large.messages).toEqual(['44:26 bot-audit/no-unchecked-update-field']);
    // 61 and 121 statements listed at this commit (each statement's reads listed once, from the file's
    // index); 82 and 162 walks when a statement asked once was walked to the first answer and listed
    // when asked again; 1,719 for the larger handler when every read re-walked every statement before it.
    expect(large.walked).toBeLessThanOrEqual(3 * 80);
    expect(large.walked).toBeLessThan(2.2 * small.walked);
  });

  // Each statement before a read was walked for the reads it always makes, over the shared walk of the
  // file: 179,513 of the bench corpus's walked nodes in 32,332 small walks. The reads are picked from the
  // file's index instead (the member reads and calls in the statement's range that always run).
  it("read a statement's unconditional reads from the file index, not from a walk of the statement", () => {
    const lines = Array.from({ length: 40 }, (_, i) => `  const t${i} = ctx.message.text + String(ctx.from.id) + '${i}';\n  await ctx.reply(t${i});`);
    const code = `import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.on('callback_query', async (ctx) => {\n${lines.join('\n')}\n});\n`;
    const linter = new Linter({ configType: 'flat', cwd: root });
    const before = walkWork.nodes;
    const messages = linter.verify(code, config('no-unchecked-update-field'), path.join(root, 'index.ts'));
    const size = fileIndex(linter.getSourceCode().ast as TSESTree.Program).size;
    // The first read through `ctx.message` is reported; every later one reads after it.
    expect(messages.map((m) => `${m.line}:${m.column}`)).toEqual(['4:14']);
    // The file's one shared walk and nothing on top of it (1.26× the file's nodes before).
    expect(walkWork.nodes - before).toBeLessThanOrEqual(1.1 * size);
  });

  // Whether a read (or the node where its way up closes) is the statement or above it was answered by
  // comparing depths in the tree for every read; ranges nest, so only a node as long as the statement
  // (a statement with no semicolon and its expression) needs the depths.
  it('compare depths only for a node exactly as long as the statement', () => {
    const run = (semicolon: string) => {
      const lines = Array.from({ length: 40 }, (_, i) => `  ctx.reply(String(ctx.from.id + ${i}))${semicolon}`);
      const code = `import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.use(async (ctx) => {\n${lines.join('\n')}\n});\n`;
      const before = guardWork.depthsCompared;
      const readsBefore = guardWork.readsConsidered;
      const messages = lint('no-unchecked-update-field', code);
      return { compared: guardWork.depthsCompared - before, reads: guardWork.readsConsidered - readsBefore, messages };
    };
    const withSemicolons = run(';');
    const without = run('');
    // The first read through `ctx.from` is reported, either way.
    expect(withSemicolons.messages).toEqual(['4:20 bot-audit/no-unchecked-update-field']);
    expect(without.messages).toEqual(['4:20 bot-audit/no-unchecked-update-field']);
    // 45 reads looked at, either way. Up to two depth comparisons per read looked at before this
    // commit (the read, and the node where its way up closes: ~90 here); now none with semicolons,
    // and only the statement's own call without them.
    expect(withSemicolons.reads).toBeGreaterThanOrEqual(40);
    expect(withSemicolons.compared).toBe(0);
    expect(without.compared).toBeGreaterThan(0);
    expect(without.compared).toBeLessThanOrEqual(2);
  });

  // A statement's unconditional reads were picked from every member read and call in its range: a
  // statement nested in others was looked through again for each statement around it that a later
  // read asked about. The range of a node inside it where a read's way up closes is passed over.
  it("list a nested statement's unconditional reads without looking through it again for each statement around it", () => {
    // `depth` nested `if`s, each followed by a read through `ctx.message`: the read after an inner
    // `if` asks which reads that whole `if` always makes.
    const nested = (depth: number): string => {
      let body = `await ctx.reply(ctx.message.text + 'in');`;
      for (let i = depth - 1; i >= 0; i--) body = `if (flags[${i}]) {\n${body}\nawait ctx.reply(ctx.message.text + '${i}');\n}`;
      return `import { Bot } from 'grammy';\nconst bot = new Bot('t');\nconst flags: boolean[] = [];\nbot.on('callback_query', async (ctx) => {\n${body}\n});\n`;
    };
    const linter = new Linter({ configType: 'flat', cwd: root });
    const before = guardWork.readsConsidered;
    const messages = linter.verify(nested(40), config('no-unchecked-update-field'), path.join(root, 'index.ts'));
    const index = fileIndex(linter.getSourceCode().ast as TSESTree.Program);
    // The innermost read is reported (the read after it in its block reads after it); each read after an
    // `if` follows reads only that `if` may make.
    expect(messages.map((m) => `${m.line}:${m.column}`)).toEqual(['45:17', ...Array.from({ length: 39 }, (_, i) => `${48 + 2 * i}:17`)]);
    const reads = index.of(AST_NODE_TYPES.MemberExpression).length + index.of(AST_NODE_TYPES.CallExpression).length;
    // 163 of the file's 206 member reads and calls at this commit; 4,141 when each `if` was looked through again.
    expect(guardWork.readsConsidered - before).toBeLessThanOrEqual(reads);
  });
});

describe('earlier reads through the value', () => {
  // Each read of a handler asked every statement before it whether it reads through the required value
  // (`const t = ctx.from.id;` before `ctx.from.username`): a handler reading `ctx.from` thirty times asked
  // the first statements thirty times. Answered once per statement, handler and requirement.
  it('are asked once per statement and requirement, not once per read after it', () => {
    const count = (statements: number, reads: number) => {
      const before = guardWork.dereferencesChecked;
      const messages = lint('no-unchecked-update-field', handler(statements, reads));
      return { checked: guardWork.dereferencesChecked - before, messages };
    };
    const { checked, messages } = count(30, 30);
    // The first read is reported; each later one is safe because the first read through `ctx.from` ran before it.
    expect(messages).toEqual(['34:26 bot-audit/no-unchecked-update-field']);
    // 91 statements asked at this commit; 989 when each read asked every statement before it again.
    expect(checked).toBeLessThanOrEqual(100);
  });
});

describe('parts evaluated before a read', () => {
  // Each read asked about every part evaluated before it (the callee and earlier arguments of each call
  // on the way up) whether it exits or reads through the value: `'r0'` and `String` in
  // `ctx.reply('r0', String(ctx.from.id))` were listed and checked like any expression. A name, a
  // literal or `this` has no part of its own: it is passed over before any question.
  it('ask nothing about a name or a literal', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `  await ctx.reply('r${i}', String(ctx.from.id));`);
    const code = `import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.use(async (ctx) => {\n${lines.join('\n')}\n});\n`;
    const before = { dereferences: guardWork.dereferencesChecked, exits: guardWork.exitsChecked, walked: guardWork.statementsWalked };
    const messages = lint('no-unchecked-update-field', code);
    // The first read through `ctx.from` is reported, the later ones are covered by it.
    expect(messages).toEqual(['4:32 bot-audit/no-unchecked-update-field']);
    // 31 parts and statements asked (and listed, and checked for an exit) at this commit: the callee
    // `ctx.reply` of each read and the first statement; 91 when `'r0'` and `String` were asked too.
    expect(guardWork.dereferencesChecked - before.dereferences).toBeLessThanOrEqual(35);
    expect(guardWork.exitsChecked - before.exits).toBeLessThanOrEqual(35);
    expect(guardWork.statementsWalked - before.walked).toBeLessThanOrEqual(35);
  });
});

describe('exits before a read', () => {
  it('are worked out once per statement, not once per read after it', () => {
    // `statements` calls of a project function that returns, then `reads` statements that each read
    // through `ctx.message`: each read asks whether some statement before it never lets it run.
    const code = (statements: number, reads: number) => {
      const calls = Array.from({ length: statements }, (_, i) => `  note('${i}');`);
      const lines = Array.from({ length: reads }, (_, i) => `  await ctx.reply(ctx.message.text + '${i}');`);
      return `import { Bot } from 'grammy';\nconst bot = new Bot('t');\nconst note = (text: string) => console.log(text);\nbot.on('callback_query', async (ctx) => {\n${[...calls, ...lines].join('\n')}\n});\n`;
    };
    const count = (statements: number, reads: number) => {
      const before = guardWork.exitsChecked;
      const messages = lint('no-unchecked-update-field', code(statements, reads));
      return { checked: guardWork.exitsChecked - before, messages };
    };
    const { checked, messages } = count(30, 30);
    // The first read is reported; the later ones read through the same path after it.
    expect(messages).toEqual(['35:19 bot-audit/no-unchecked-update-field']);
    // One check per statement before a read (and per read of the rule's other questions): 61 at this
    // commit; 959 when each read checked every statement before it again.
    expect(checked).toBeLessThanOrEqual(70);
  });
});

describe('request deadlines', () => {
  it('read whether a function holds a flag once per function, not once per request in it', () => {
    const count = (requests: number) => {
      const before = deadlineWork.flagWalks;
      const messages = lint('require-http-timeout', tickWithRequests(requests));
      return { walks: deadlineWork.flagWalks - before, messages };
    };
    const { walks, messages } = count(30);
    // The flag holds the next ticks: every request is still reported.
    expect(messages).toHaveLength(30);
    expect(walks).toBe(1);
  });

  // Each function on the way to a request was walked for a flag, over the shared walk of the file:
  // 263,782 of the bench corpus's 1,853,565 walked nodes. The flags, tests and lock calls are read
  // from the file's index instead, once per file.
  it('read which functions hold a flag from the file index, not from a walk of each function', () => {
    const ticks = (n: number) =>
      Array.from({ length: n }, (_, i) => `let running${i} = false;\nsetInterval(async () => {\n  if (running${i}) return;\n  running${i} = true;\n  await fetch('https://example.com/${i}');\n  running${i} = false;\n}, 60_000);`).join('\n');
    const linter = new Linter({ configType: 'flat', cwd: root });
    const config: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/require-http-timeout': 'error' } },
    ];
    const before = { nodes: walkWork.nodes, files: deadlineWork.flagWalks };
    const messages = linter.verify(ticks(50), config, path.join(root, 'index.ts'));
    const size = fileIndex(linter.getSourceCode().ast as TSESTree.Program).size;
    // Every tick holds its flag across its request: every request is reported.
    expect(messages).toHaveLength(50);
    expect(deadlineWork.flagWalks - before.files).toBe(1);
    // The file's one shared walk, and no walk of the ticks' bodies on top of it (1.65× the file before).
    expect(walkWork.nodes - before.nodes).toBeLessThanOrEqual(1.1 * size);
  });
  // Every call of the file once had its receiver's path built (`a.b.c` joined) to look for `busy.add(id)`.
  it('build the receiver path of a Set or Map call only, when looking for busy marks', () => {
    const noise = Array.from({ length: 40 }, (_, i) => `  console.log(user.profile.name${i}.trim());`).join('\n');
    const code = `const busy = new Set<number>();\nexport async function sync(id: number) {\n  if (busy.has(id)) return;\n  busy.add(id);\n${noise}\n  await fetch('https://example.com/' + id);\n  busy.delete(id);\n}\n`;
    const before = deadlineWork.receiverPaths;
    const messages = lint('require-http-timeout', code);
    expect(messages).toHaveLength(1);
    // `busy.has`, `busy.add`, `busy.delete`; it was every member call of the file (83).
    expect(deadlineWork.receiverPaths - before).toBe(3);
  });
  // Every request in a one-shot timer's callback asked whether the timer starts anything again (a walk
  // of the callback) and, in a loop, how many `await`s the callback has (another walk): both per request.
  it("answer a timer callback's own questions once per callback, not once per request in it", () => {
    const count = (requests: number) => {
      const loops = Array.from({ length: requests }, (_, i) => `  for (const u of urls${i}) await fetch(u);`);
      const code = `${Array.from({ length: requests }, (_, i) => `declare const urls${i}: string[];`).join('\n')}\nsetTimeout(async () => {\n${loops.join('\n')}\n}, 1000);\n`;
      const before = { awaits: deadlineWork.awaitWalks, timers: deadlineWork.timerWalks, nodes: walkWork.nodes };
      const messages = lint('require-http-timeout', code);
      const size = fileIndex(parse(code, { range: true })).size;
      return { awaits: deadlineWork.awaitWalks - before.awaits, timers: deadlineWork.timerWalks - before.timers, walked: (walkWork.nodes - before.nodes) / size, messages };
    };
    const { awaits, timers, walked, messages } = count(30);
    // Nothing waits for a one-shot timer's callback: no request is reported (the answers the walks give).
    expect(messages).toEqual([]);
    expect(timers).toBe(1);
    expect(awaits).toBe(1);
    // The file's shared walk and one walk of the callback for each question: 3.2 times the file at this
    // commit; about 60 times when both walks were made again for each of the 30 requests.
    expect(walked).toBeLessThan(4);
  });

  // A discord.js project's request asked whether the nearest package.json names a concurrent chat library,
  // and so did every listener or export on the way to it: a `stat` of each folder up to the root per question.
  it('ask whether the project is a concurrent chat project once per file, not once per request', () => {
    const project = isolatedProjectRoot('concurrent-project');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { 'discord.js': '^14' } }));
    const requests = (n: number) => Array.from({ length: n }, (_, i) => `  await fetch('https://example.com/${i}');`).join('\n');
    const code = `import { Client } from 'discord.js';\nconst client = new Client({ intents: [] });\nclient.on('messageCreate', async (message) => {\n${requests(30)}\n  await message.reply('done');\n});\n`;
    const linter = new Linter({ configType: 'flat', cwd: project });
    const rules: Linter.Config[] = [
      { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
      { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/require-http-timeout': ['error', { checkConcurrentHandlers: false }] } },
    ];
    const strict: Linter.Config[] = [rules[0]!, { ...rules[1]!, rules: { 'bot-audit/require-http-timeout': ['error', { checkConcurrentHandlers: true }] } }];
    const before = deadlineWork.manifestLookups;
    const messages = linter.verify(code, rules, path.join(project, 'index.ts'));
    const lookups = deadlineWork.manifestLookups - before;
    // A listener of a discord.js project holds only the user who sent the message: nothing reported by
    // default, every request with `checkConcurrentHandlers` (the answers the lookups give).
    expect(messages).toEqual([]);
    expect(linter.verify(code, strict, path.join(project, 'index.ts'))).toHaveLength(30);
    // One lookup at this commit; 60 when each request (and the listener on its way) looked again.
    expect(lookups).toBe(1);
  });
});

describe('ORM decrements', () => {
  // Every call that ends a chain was read link by link to look for an ORM write: `ctx.reply('…')`,
  // `console.log(…)`, `items.map(…).join(…)`. A chain that calls no write method is passed over first.
  it('list the links only of a chain that calls a write method', () => {
    const calls = Array.from({ length: 50 }, (_, i) => `  console.log(items.map((x) => x + ${i}).join(','));`);
    const code = `import knex from 'knex';\nconst db = knex({ client: 'pg' });\ndeclare const items: number[];\nexport async function spend(id: number, price: number) {\n${calls.join('\n')}\n  await db('users').where({ id }).decrement('balance', price);\n}\n`;
    const before = chainWork.read;
    const messages = lint('no-unguarded-decrement', code);
    // The decrement is still reported.
    expect(messages).toEqual(['55:35 bot-audit/no-unguarded-decrement']);
    // One chain listed at this commit (the decrement's); 102 when every chain end was listed.
    expect(chainWork.read - before).toBeLessThanOrEqual(2);
  });
});

describe('query-builder reads', () => {
  // Every awaited call that ends a chain was listed link by link and its client looked for, to find a
  // knex, Drizzle, Kysely or TypeORM read: `await ctx.reply('…')`, `await items.map(…).join(…)`. A chain
  // with none of the link names a builder read needs (`where`, `first`, `select`, `execute…`, `findOne…`)
  // is passed over first.
  it('list the links only of a chain that may read rows', () => {
    const calls = Array.from({ length: 50 }, (_, i) => `  await notify.send(items.map((x) => x + ${i}).join(','));`);
    const code = `import knex from 'knex';\nconst db = knex({ client: 'pg' });\ndeclare const items: number[];\ndeclare const notify: { send(text: string): Promise<void> };\nexport async function buy(id: number, cost: number) {\n${calls.join('\n')}\n  const user = await db('users').where({ id }).first();\n  if (user.balance < cost) return;\n  await db('users').where({ id }).update({ balance: user.balance - cost });\n}\n`;
    const before = chainWork.read;
    const messages = lint('require-for-update', code);
    // The read-check-write is still reported.
    expect(messages).toEqual(['56:22 bot-audit/require-for-update']);
    // 2 chains listed at this commit (the read's and the write's); 52 when every awaited chain end was listed.
    expect(chainWork.read - before).toBeLessThanOrEqual(3);
  });
});

describe('admin-only code', () => {
  // Each question whether only the operator runs some code asked, for every function on the way up,
  // whether the file mentions scenes: a search of the whole text each time. Searched once per file.
  it('search the file for scenes once, however many functions are asked about', () => {
    const functions = Array.from({ length: 30 }, (_, i) => `export async function spend${i}(id: number, price: number) {\n  await db('users').where({ id }).decrement('balance', price);\n}`);
    const code = `import knex from 'knex';\nconst db = knex({ client: 'pg' });\n${functions.join('\n')}\n`;
    const before = adminWork.sceneTextSearches;
    const messages = lint('no-unguarded-decrement', code);
    // Each decrement is still reported.
    expect(messages).toHaveLength(30);
    // One search at this commit; 30 when each decrement's function was searched for again.
    expect(adminWork.sceneTextSearches - before).toBe(1);
  });
});

describe('store races', () => {
  // Each read of a document listed the calls after it by walking the rest of its function: a handler
  // with n reads walked it n times. The calls of a function are listed once and filtered by position.
  it('list the calls of a function once, however many reads in it ask which calls follow them', () => {
    const reads = 30;
    const steps = Array.from({ length: reads }, (_, i) => `  const u${i} = await User.findOne({ id: ${i} });\n  if (u${i}.balance < 5) return;\n  await User.updateOne({ id: ${i} }, { $inc: { balance: -5 } });`);
    const code = `import mongoose from 'mongoose';\nconst User = mongoose.model('User', new mongoose.Schema({ balance: Number }));\nexport async function spend() {\n${steps.join('\n')}\n}\n`;
    const before = { walks: callsAfterWork.walks, nodes: walkWork.nodes };
    const messages = lint('require-for-update', code);
    const walked = (walkWork.nodes - before.nodes) / fileIndex(parse(code, { range: true })).size;
    // Each read-check-write is reported (a second run reads the same balance before either writes).
    expect(messages).toHaveLength(reads);
    expect(callsAfterWork.walks - before.walks).toBe(1);
    // The file's shared walk and one walk of the handler: 2.0 times the file at this commit; about 16
    // times when each of the 30 reads walked the rest of the handler.
    expect(walked).toBeLessThan(3);
  });
});

describe('parsed numbers', () => {
  it('index a function that parses text more than once, not walk it again for every parse', () => {
    // `parses` amounts parsed from the command's text in one handler, each charged unchecked but the
    // last, whose text was checked by a regular expression first.
    const handler = (parses: number) => {
      const lines = Array.from({ length: parses }, (_, i) => `  const a${i} = Number(ctx.match);\n  await charge(a${i});`);
      return `import { Bot } from 'grammy';\nconst bot = new Bot('t');\nbot.command('pay', async (ctx) => {\n${lines.join('\n')}\n  if (!/^\\d+$/.test(ctx.match)) return;\n  const last = Number(ctx.match);\n  await charge(last);\n});\n`;
    };
    const before = numberFlowWork.bodiesWalked;
    const messages = lint('require-number-validation', handler(30));
    expect(messages).toHaveLength(30);
    expect(messages.every((message) => message.endsWith('bot-audit/require-number-validation'))).toBe(true);
    // The first parse walks the handler up to it, the second indexes it: 2 for 31 parses (31 walks before).
    expect(numberFlowWork.bodiesWalked - before).toBe(2);
  });
});

describe('bots', () => {
  it('are worked out once per variable, not once per call on it', () => {
    const commands = Array.from({ length: 30 }, (_, i) => `bot.command('c${i}', async (ctx) => { logger.info('c${i}'); await ctx.reply(ctx.chat.id + '${i}'); });`);
    const code = `import { Bot } from 'grammy';\nconst logger = console;\nconst bot = new Bot('t');\n${commands.join('\n')}\nbot.catch((err) => logger.error(err));\nvoid bot.start();\n`;
    const before = botWork.variablesResolved;
    const messages = lint('no-unchecked-update-field', code);
    // `ctx.chat` exists for every command: nothing to report, and the registrations were all found.
    expect(messages).toEqual([]);
    // `bot`, `logger` and each handler's `ctx`: 32 at this commit, 93 when every call's receiver was worked out afresh.
    expect(botWork.variablesResolved - before).toBeLessThanOrEqual(40);
  });

  it("resolves the receiver of a call only when the call's method registers handlers in some framework", () => {
    const commands = Array.from({ length: 30 }, (_, i) => `bot.command('c${i}', async (ctx) => { logger.info('c${i}'); await db.query('SELECT 1'); await ctx.reply(String(ctx.chat.id)); });`);
    const code = `import { Bot } from 'grammy';\nconst logger = console;\nconst db = { query: async (sql: string) => sql };\nconst bot = new Bot('t');\n${commands.join('\n')}\nbot.catch((err) => logger.error(err));\nvoid bot.start();\n`;
    const before = registrationWork.receiversResolved;
    expect(lint('no-unchecked-update-field', code)).toEqual([]);
    // The 30 `bot.command` calls and `bot.start()` (a Telegraf registration method); the 92 calls on
    // `logger`, `db` and `ctx` and `bot.catch` register nothing under any framework (123 before).
    expect(registrationWork.receiversResolved - before).toBe(31);
  });
});

describe('serialisation', () => {
  /** A grammY bot sequentialized per sender, with `handlers` commands that each check and spend the sender's balance `spends` times. */
  function spends(handlers: number, spendsPerHandler: number): string {
    const spend = `  await pool.query('UPDATE users SET balance = balance - 1 WHERE tg_id = $1', [ctx.from.id]);`;
    const commands = Array.from(
      { length: handlers },
      (_, i) => `bot.command('c${i}', async (ctx) => {\n  const { rows } = await pool.query('SELECT balance FROM users WHERE tg_id = $1', [ctx.from.id]);\n  if (rows[0].balance < ${spendsPerHandler}) return;\n${Array.from({ length: spendsPerHandler }, () => spend).join('\n')}\n});`,
    );
    return `import { Bot } from 'grammy';\nimport { sequentialize } from '@grammyjs/runner';\nimport pg from 'pg';\nconst pool = new pg.Pool();\nconst bot = new Bot('t');\nbot.use(sequentialize((ctx) => String(ctx.from?.id)));\n${commands.join('\n')}\n`;
  }

  it("asks about a handler's bot once per handler, and scans the file's calls once per bot", () => {
    const before = { handlers: serialisedWork.handlersAsked, scans: botWork.callScans };
    // Every spend is checked and serialised per sender: nothing to report.
    expect(lint('no-unguarded-decrement', spends(3, 20))).toEqual([]);
    // 3 handlers of one bot: 60 writes ask 3 times (60 without the memo per handler); the bot's calls are
    // scanned once (once per handler without the memo per bot).
    expect(serialisedWork.handlersAsked - before.handlers).toBe(3);
    expect(botWork.callScans - before.scans).toBe(1);
  });

  it('builds no function index for a decrement whose column the file compares nowhere', () => {
    const unchecked = spends(3, 2).replace(/ {2}if \(rows\[0\]\.balance < 2\) return;\n/g, '');
    const before = { indexes: functionFactsWork.indexes, handlers: serialisedWork.handlersAsked };
    // Nothing checks the balance: every spend is reported, and neither the serialisation nor the
    // function's comparisons are looked at (one index per handler when each decrement built one).
    expect(lint('no-unguarded-decrement', unchecked)).toHaveLength(6);
    expect(functionFactsWork.indexes - before.indexes).toBe(0);
    expect(serialisedWork.handlersAsked - before.handlers).toBe(0);
  });
});

describe('function facts', () => {
  // Each function asked about was walked for its comparisons and locking links, over the shared walk of
  // the file: 135,330 of the bench corpus's walked nodes. They are read from the file's index instead,
  // grouped once per file by the function whose own code holds them.
  it("read a function's comparisons from the file index, not from a walk of each function", () => {
    // 40 knex decrements, each in a function of its own; every other one checks its result.
    const functions = Array.from(
      { length: 40 },
      (_, i) => `export async function pay${i}(id: number, price: number) {\n  const rows = await knex('users').where({ id }).update({ balance: knex.raw('balance - ?', [price]) });\n${i % 2 === 0 ? "  if (rows.balance < 0) throw new Error('negative');\n" : ''}}`,
    );
    const code = `import knexFactory from 'knex';\nconst knex = knexFactory({ client: 'pg' });\n${functions.join('\n')}\n`;
    const linter = new Linter({ configType: 'flat', cwd: root });
    const before = { nodes: walkWork.nodes, indexes: functionFactsWork.indexes };
    const messages = linter.verify(code, config('no-unguarded-decrement'), path.join(root, 'index.ts'));
    const size = fileIndex(linter.getSourceCode().ast as TSESTree.Program).size;
    // The unchecked half is reported, each function's index built once.
    expect(messages).toHaveLength(20);
    expect(functionFactsWork.indexes - before.indexes).toBe(40);
    // The file's shared walk and little on top of it (2.06× the file's nodes before, one walk per function).
    expect(walkWork.nodes - before.nodes).toBeLessThanOrEqual(1.2 * size);
  });

  it('are indexed once per function, however many rules and models ask', () => {
    // A knex decrement checked by its result and an insert in one handler: `no-unguarded-decrement`,
    // `require-on-conflict` and the store models (`require-for-update`) all read the handler's index.
    const code = `import knexFactory from 'knex';\nconst knex = knexFactory({ client: 'pg' });\nexport async function pay(id: number, price: number) {\n  const rows = await knex('users').where({ id }).update({ balance: knex.raw('balance - ?', [price]) });\n  if (rows.balance < 0) throw new Error('negative');\n  await knex('orders').insert({ user_id: id, charge_id: 'c' });\n}\n`;
    const linter = new Linter({ configType: 'flat', cwd: root });
    const rules = ['no-unguarded-decrement', 'require-on-conflict', 'require-for-update'];
    const before = functionFactsWork.indexes;
    const messages = linter.verify(
      code,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: Object.fromEntries(rules.map((rule) => [`bot-audit/${rule}`, 'error'])) },
      ],
      path.join(root, 'index.ts'),
    );
    // The decrement is guarded by the check of its result; the insert has no conflict handling.
    expect(messages.map((m) => m.ruleId)).toEqual(['bot-audit/require-on-conflict']);
    expect(functionFactsWork.indexes - before).toBe(1);
  });
});
