import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { childNodes } from '../../src/analysis/ast/index.js';
import { stateChangeAfter, stateChangeOf, stateChangeWork, type StateChange } from '../../src/analysis/effects/index.js';
import { sourceCodeOf } from './source-code.js';

/** The first node of `type` below `root`, in source order. */
function first(root: TSESTree.Node, type: AST_NODE_TYPES): TSESTree.Node {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === type) return node;
    stack.push(...childNodes(node).reverse());
  }
  throw new Error(`no ${type}`);
}

const changeOf = (code: string): StateChange | null => stateChangeOf((first(sourceCodeOf(code).ast, AST_NODE_TYPES.ExpressionStatement) as TSESTree.ExpressionStatement).expression);

describe('stateChangeOf', () => {
  it.each([
    ['Order.create({ qty });', 'write'],
    ['prisma.user.update({ where, data });', 'write'],
    ['user.save();', 'write'],
    ['user.dec("balance", n);', 'write'],
    ['save(order);', 'write'],
    ['addShop(id, ctx);', 'write'],
    ['ctx.essayService.uploadFile("essays", path, bytes);', 'write'],
    ['setPrice(n);', 'write'],
    ["pool.query('INSERT INTO t (a) VALUES ($1)', [a]);", 'write'],
    ['pool.query(`UPDATE t SET a = ${a}`);', 'write'],
    ['sql`DELETE FROM t WHERE id = ${id}`;', 'write'],
    ['deductCredit(id, 1);', 'money'],
    ['pay(invoice);', 'money'],
    ['wallet.addBalance(id, n);', 'money'],
    ['ctx.replyWithDocument(file);', 'file'],
    ['bot.api.sendVideo(chat, file);', 'file'],
    // Names from the store models' own lists.
    ['prisma.user.createManyAndReturn({ data });', 'write'],
    ['users.bulkWrite(ops);', 'write'],
    ['knex("users").increment("visits", 1);', 'write'],
    ['redis.hincrby(key, field, 1);', 'write'],
  ] as const)('%s is a %s', (code, kind) => {
    expect(changeOf(code)).toBe(kind);
  });

  it.each([
    'seen.add(id);',
    'createButtonsForManagers(list);',
    'cache.set(id, data);',
    'create(x);',
    'setTimeout(run, ms);',
    'bot.api.setWebhook(url);',
    "pool.query('SELECT * FROM t WHERE id = $1', [id]);",
    'pool.query(text);',
    'sql`SELECT 1`;',
    'ctx.replyWithPhoto(file);',
    'ctx.reply(text);',
    'fns[0](x);',
    'x;',
    // A store's write name that other objects share (`Map.delete`, lodash's `merge`), or that only shapes a write.
    'cache.delete(id);',
    'query.del(key);',
    '_.merge(a, b);',
    'text.truncate(10);',
    'builder.onConflict("id");',
  ])('%s changes no state', (code) => {
    expect(changeOf(code)).toBeNull();
  });

  /** The state change of the last statement's outermost call, names resolved through `sourceCode`. */
  const lastChangeOf = (code: string): StateChange | null => {
    const sourceCode = sourceCodeOf(code);
    const statement = sourceCode.ast.body.at(-1) as TSESTree.ExpressionStatement;
    return stateChangeOf(statement.expression, sourceCode);
  };

  // Round 30: the setters of a payload builder fill in a message, they write nothing.
  it.each([
    "const { EmbedBuilder } = require('discord.js');\nnew EmbedBuilder().setTitle(t).setImage(url);",
    "import Discord from 'discord.js';\nnew Discord.MessageEmbed().addFields(fields);",
    "import { MessageEmbed } from 'discord.js';\nconst embed = new MessageEmbed();\nembed.setDescription(text);",
    "import { Client } from 'discord.js';\nconst client = new Client({ intents });\nclient.user.setActivity(text);",
    'helper(message).setURL(link).setImage(url);',
    'helper(message).setURL(link).setImage(url).setFooter(text);',
  ])('a builder setter writes nothing: %s', (code) => {
    expect(lastChangeOf(code)).toBeNull();
  });

  it.each([
    // A project's own class of the same name, a variable that does not keep the builder, a lone setter.
    "import { EmbedBuilder } from './store';\nnew EmbedBuilder(db).setImage(url);",
    "import { MessageEmbed } from 'discord.js';\nlet embed = new MessageEmbed();\nembed = profiles;\nembed.setDescription(text);",
    'profiles.setAvatar(id, url);',
    'helper(message).setImage(url);',
  ])('a setter of no builder is a write: %s', (code) => {
    expect(lastChangeOf(code)).toBe('write');
  });

  // Review of round 30: only a fluent chain of calls on a discord.js object, the object itself or
  // a variable holding it is a builder, and only the `set…` / `add…` link of a chain builds.
  it.each([
    // A store hung on the discord.js client is the project's, not a payload.
    ["import { Client } from 'discord.js';\nconst client = new Client({ intents: [] });\nclient.economy.addBalance(id, amount);", 'money'],
    ["import { Client } from 'discord.js';\nnew Client({ intents: [] }).economy.addBalance(id, amount);", 'money'],
    ["import { Client } from 'discord.js';\nconst client = new Client({ intents: [] });\nclient.db.setUser(id, data);", 'write'],
    ["import { Client } from 'discord.js';\nconst client = new Client({ intents: [] });\nclient.setBalance(id, amount);", 'money'],
    ["import { EmbedBuilder } from 'discord.js';\nconst embed = new EmbedBuilder();\nembed.store.addBalance(id, amount);", 'money'],
    // A call after a setter chain that is not a setter itself.
    ['new Payment().setAmount(amount).charge(userId);', 'money'],
    ['sdk.setCustomer(id).chargeCard(amount);', 'money'],
  ] as const)('not a builder setter: %s', (code, change) => {
    expect(lastChangeOf(code)).toBe(change);
  });
});

describe('stateChangeAfter', () => {
  const WRITES = new Set<StateChange>(['write']);
  /** The first `await` of the first function is `after`. */
  function after(code: string, kinds: ReadonlySet<StateChange> = WRITES): string | null {
    const { ast } = sourceCodeOf(code);
    const fn = first(ast, AST_NODE_TYPES.FunctionDeclaration);
    const found = stateChangeAfter(fn, first(fn, AST_NODE_TYPES.AwaitExpression), kinds);
    return found && code.slice(found.range[0], found.range[1]);
  }

  it('finds a write later in the function and its callbacks', () => {
    expect(after('async function f() { const a = await read(); await db.t.insert(a); }')).toBe('db.t.insert(a)');
    expect(after('async function f() { const a = await read(); items.forEach((i) => i.save()); }')).toBe('i.save()');
  });

  it('ignores writes before, in the catch of the try around, and of other kinds', () => {
    expect(after('async function f() { db.t.insert(x); const a = await read(); }')).toBeNull();
    expect(after('async function f() { try { const a = await read(); } catch (e) { await db.errors.insert(e); } }')).toBeNull();
    expect(after('async function f() { const a = await read(); await ctx.replyWithDocument(a); }')).toBeNull();
    expect(after('async function f() { const a = await read(); await ctx.replyWithDocument(a); }', new Set(['file']))).toBe('ctx.replyWithDocument(a)');
  });

  it('walks a module body when the read is at the top level', () => {
    const code = 'const a = await read();\nawait db.t.insert(a);';
    const { ast } = sourceCodeOf(code);
    const found = stateChangeAfter(ast, first(ast, AST_NODE_TYPES.AwaitExpression), WRITES);
    expect(found && code.slice(found.range[0], found.range[1])).toBe('db.t.insert(a)');
  });

  it('ignores a write in another branch than the read', () => {
    expect(after('async function f(kind) { if (kind === 1) { const a = await read(); use(a); } else { await db.t.insert(x); } }')).toBeNull();
    expect(after('async function f(kind) { if (kind === 1) { const a = await read(); return use(a); } await db.t.insert(x); }')).toBeNull();
  });

  it('lists the state changes of a file once however many reads ask', () => {
    const { ast } = sourceCodeOf('async function f() { const a = await read(); const b = await read(); await db.t.insert(a); }');
    const fn = first(ast, AST_NODE_TYPES.FunctionDeclaration) as TSESTree.FunctionDeclaration;
    const [one, two] = fn.body.body.slice(0, 2).map((statement) => first(statement, AST_NODE_TYPES.AwaitExpression));
    const before = stateChangeWork.files;
    expect(stateChangeAfter(fn, one!, WRITES)).not.toBeNull();
    expect(stateChangeAfter(fn, two!, WRITES)).not.toBeNull();
    expect(stateChangeAfter(fn, two!, new Set(['file']))).toBeNull();
    expect(stateChangeWork.files - before).toBe(1);
  });

  it('counts a write in a catch of a try that does not hold the read', () => {
    expect(after('async function f() { const a = await read(); try { use(a); } catch (e) { await db.errors.insert(e); } }')).toBe('db.errors.insert(e)');
  });
});
