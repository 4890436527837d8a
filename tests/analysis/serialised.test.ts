import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { walkSameFunction } from '../../src/analysis/ast/index.js';
import { serialisedForActingUser } from '../../src/analysis/framework/index.js';
import { sourceCodeOf } from './source-code.js';

/** Whether the `probe(…keys)` call of `code` runs serialised for the acting user, its arguments being the row keys. */
function serialised(code: string): boolean {
  const sourceCode = sourceCodeOf(code);
  let probe: TSESTree.CallExpression | undefined;
  walkSameFunction(
    sourceCode.ast,
    (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'probe') probe = node;
    },
    { enterFunctions: true },
  );
  return serialisedForActingUser(probe!, () => probe!.arguments, sourceCode);
}

const GRAMMY = "import { Bot, session, MemorySessionStorage } from 'grammy';\nimport * as runner from '@grammyjs/runner';\nconst bot = new Bot('t');\n";
const SEQ = 'bot.use(runner.sequentialize((ctx) => ctx.from?.id.toString()));\n';

describe('serialisedForActingUser', () => {
  it('accepts the constraint keys grammY users write', () => {
    for (const constraint of [
      '(ctx) => `${ctx.chat?.id}:${ctx.from?.id}`',
      'function (ctx) { if (!ctx.from) return String(ctx.chatId); return [String(ctx.chat?.id), String(ctx.from.id)]; }',
      '(ctx) => String(ctx.callbackQuery?.from.id) as string',
    ]) {
      expect(serialised(`${GRAMMY}bot.use(runner.sequentialize(${constraint}));\nbot.on('message', async (ctx) => { probe(ctx.from.id); });`), constraint).toBe(true);
    }
    // The middleware held in a `const` first.
    expect(serialised(`${GRAMMY}const serial = runner.sequentialize((ctx) => String(ctx.from?.id));\nbot.use(serial);\nbot.on('message', async (ctx) => { probe(ctx.from.id); });`)).toBe(true);
  });

  it('rejects constraints keyed on anything else', () => {
    for (const constraint of [
      '(ctx) => ctx.message?.text',
      '(ctx) => `${ctx.update.update_id}`',
      '(ctx) => String(ctx.message?.reply_to_message?.from?.id)',
      '(ctx) => keyOf(ctx)',
      '(ctx) => ``',
      '({ from }) => String(from?.id)',
      'function (ctx) { return; }',
      'makeKey',
    ]) {
      expect(serialised(`${GRAMMY}bot.use(runner.sequentialize(${constraint}));\nbot.on('message', async (ctx) => { probe(ctx.from.id); });`), constraint).toBe(false);
    }
    // `sequentialize` from another module, or no constraint.
    expect(serialised(`import { Bot } from 'grammy';\nimport { sequentialize } from './queue';\nconst bot = new Bot('t');\nbot.use(sequentialize((ctx) => String(ctx.from?.id)));\nbot.on('message', async (ctx) => { probe(ctx.from.id); });`)).toBe(false);
    expect(serialised(`${GRAMMY}bot.use(runner.sequentialize());\nbot.on('message', async (ctx) => { probe(ctx.from.id); });`)).toBe(false);
    expect(serialised(`${GRAMMY}bot.use(runner.other.sequentialize((ctx) => String(ctx.from?.id)));\nbot.on('message', async (ctx) => { probe(ctx.from.id); });`)).toBe(false);
    expect(serialised(`${GRAMMY}bot.use(runner[name]((ctx) => String(ctx.from?.id)));\nbot.on('message', async (ctx) => { probe(ctx.from.id); });`)).toBe(false);
  });

  it('accepts keys that name the acting user, and only those', () => {
    const handler = (body: string) => `${GRAMMY}${SEQ}const PRICE = 10;\nbot.on('callback_query:data', async (ctx) => {\n${body}\n});`;
    for (const body of [
      'probe(ctx.from.id)',
      'probe(ctx.chat.id, PRICE)',
      'const id = String(ctx.from.id); probe(`user:${id}`, "x" + id)',
      'const user = await db.users.findOne({ tg: ctx.from.id }); probe(user.id, user?.id)',
      'const rows = await pool.query("SELECT", [ctx.from.id]); probe(rows[0].id)',
      'probe(ctx.from.id.toString())',
    ]) {
      expect(serialised(handler(body)), body).toBe(true);
    }
    for (const body of [
      'probe()',
      'probe(PRICE)',
      'probe(ctx.callbackQuery.data)',
      'probe(ctx.from.id, Number(ctx.match[1]))',
      'const target = await getUser(ctx.callbackQuery.data); probe(target.id)',
      'probe(ctx.from.id, req.body.id)',
      'probe(ctx.message.reply_to_message.from.id)',
      'probe(globalId)',
      'probe(ctx.from.id > 0 ? ctx.from.id : 0)',
      'probe(rows[ctx.callbackQuery.data])',
      'probe({ ...ctx.from })',
    ]) {
      expect(serialised(handler(body)), body).toBe(false);
    }
  });

  it('asks for a handler registered on a bot of this file, called from nowhere else', () => {
    expect(serialised(`${GRAMMY}${SEQ}async function buy(ctx) { probe(ctx.from.id); }\nbot.command('buy', buy);`)).toBe(true);
    expect(serialised(`${GRAMMY}${SEQ}const buy = async (ctx) => { probe(ctx.from.id); };\nbot.command('buy', buy);`)).toBe(true);
    expect(serialised(`${GRAMMY}${SEQ}async function buy(ctx) { probe(ctx.from.id); }\nbot.command('buy', buy);\njobs.every('1h', () => buy(fakeCtx));`)).toBe(false);
    expect(serialised(`${GRAMMY}${SEQ}export async function buy(ctx) { probe(ctx.from.id); }`)).toBe(false);
    // Exported: a payment webhook of another file may call it too.
    expect(serialised(`${GRAMMY}${SEQ}export async function buy(ctx) { probe(ctx.from.id); }\nbot.command('buy', buy);`)).toBe(false);
    expect(serialised(`${GRAMMY}${SEQ}export const buy = async (ctx) => { probe(ctx.from.id); };\nbot.command('buy', buy);`)).toBe(false);
    expect(serialised(`${GRAMMY}${SEQ}const buy = async (ctx) => { probe(ctx.from.id); };\nbot.command('buy', buy);\nexport { buy };`)).toBe(false);
    expect(serialised(`${GRAMMY}${SEQ}bot.command('buy', { buy: async (ctx) => { probe(ctx.from.id); } }.buy);`)).toBe(false);
    expect(serialised(`import pg from 'pg';\nasync function buy(ctx) { probe(ctx.from.id); }`)).toBe(false);
  });

  it('accepts a busy flag of an in-memory session set before the first await', () => {
    const flagged = (use: string, start = 'if (ctx.session.busy) return;\n  ctx.session.busy = true;') =>
      `${GRAMMY}${use}\nbot.on('message', async (ctx) => {\n  ${start}\n  try { probe(ctx.from.id); } finally { ctx.session.busy = false; }\n});`;
    expect(serialised(flagged('bot.use(session());'))).toBe(true);
    expect(serialised(flagged('bot.use(session({ initial: () => ({}), storage: new MemorySessionStorage(60_000) }));'))).toBe(true);
    expect(serialised(flagged('bot.use(session());', 'if (ctx.session?.busy === true) { return; }\n  const started = Date.now();\n  ctx.session.busy = true;'))).toBe(true);
    // External or unknown stores; no session at all.
    expect(serialised(flagged("bot.use(session({ storage: new RedisAdapter({ instance: redis }) }));"))).toBe(false);
    expect(serialised(flagged('bot.use(session(options));'))).toBe(false);
    expect(serialised(flagged('bot.use(session({ ...options }));'))).toBe(false);
    expect(serialised(flagged('bot.use(other());'))).toBe(false);
    // The flag set after an await, set to something else, never checked, or set without the early return.
    expect(serialised(flagged('bot.use(session());', 'if (ctx.session.busy) return;\n  await ctx.reply("wait");\n  ctx.session.busy = true;'))).toBe(false);
    expect(serialised(flagged('bot.use(session());', 'if (ctx.session.busy) return;\n  ctx.session.busy = 1;'))).toBe(false);
    expect(serialised(flagged('bot.use(session());', 'ctx.session.busy = true;'))).toBe(false);
    expect(serialised(flagged('bot.use(session());', 'if (ctx.session.busy) ctx.reply("wait");\n  ctx.session.busy = true;'))).toBe(false);
    expect(serialised(flagged('bot.use(session());', 'if (ctx.session.user.busy) return;\n  ctx.session.user.busy = true;'))).toBe(false);
    expect(serialised(flagged('bot.use(session());', 'for await (const x of queue) {}\n  if (ctx.session.busy) return;\n  ctx.session.busy = true;'))).toBe(false);
    // A destructured context parameter, or an expression body: no flag to find.
    expect(serialised(`${GRAMMY}bot.use(session());\nbot.on('message', async ({ from, session }) => { probe(from.id); });`)).toBe(false);
    expect(serialised(`${GRAMMY}bot.use(session());\nbot.on('message', (ctx) => probe(ctx.from.id));`)).toBe(false);
  });

  it('reads Telegraf sessions', () => {
    const telegraf = (use: string) =>
      `import { Telegraf, session } from 'telegraf';\nconst bot = new Telegraf('t');\n${use}\nbot.action('buy', async (ctx) => {\n  if (ctx.session.busy) return;\n  ctx.session.busy = true;\n  probe(ctx.from.id);\n});`;
    expect(serialised(telegraf('bot.use(session());'))).toBe(true);
    expect(serialised(telegraf('bot.use(session({ defaultSession: () => ({}) }));'))).toBe(true);
    expect(serialised(telegraf('bot.use(session({ store: Redis({ url }) }));'))).toBe(false);
  });

  it("takes grammY's own long polling (`bot.start()`) for one update at a time, not Telegraf's `launch()` or a webhook", () => {
    const handler = "bot.command('spin', async (ctx) => {\n  await probe(ctx.from.id);\n});\n";
    const grammy = "import { Bot, Composer } from 'grammy';\nconst bot = new Bot('t');\n";
    expect(serialised(`${grammy}${handler}bot.start();\n`)).toBe(true);
    // Only for the work the handler waits for: not an inline function left to run on its own.
    expect(serialised(`${grammy}${handler.replace('await probe(ctx.from.id);', 'await (async () => { await probe(ctx.from.id); })();')}bot.start();\n`)).toBe(true);
    expect(serialised(`${grammy}${handler.replace('await probe(ctx.from.id);', 'void (async () => { await probe(ctx.from.id); })();')}bot.start();\n`)).toBe(false);
    expect(serialised(`${GRAMMY}${SEQ}bot.on('message', (ctx) => { setTimeout(async () => { await probe(ctx.from.id); }, 0); });`)).toBe(false);
    expect(serialised(`${grammy}${handler}bot.catch(console.error);\n`)).toBe(false);
    expect(serialised(`${grammy}${handler}app.use(webhookCallback(bot));\nbot.start();\n`)).toBe(false);
    // A composer's bot is looked for in the project (none around a file with no project).
    expect(serialised(`${grammy}const composer = new Composer();\n${handler.replace('bot.command', 'composer.command')}bot.start();\n`)).toBe(false);
    expect(serialised(`import { Telegraf } from 'telegraf';\nconst bot = new Telegraf('t');\n${handler}bot.launch();\nbot.start();\n`)).toBe(false);
  });
});
