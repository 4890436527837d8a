import os from 'node:os';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { createLoggerMatcher } from '../../src/analysis/errors/index.js';
import { codeOnlyReads, effectSummaryWork } from '../../src/analysis/effects/index.js';
import type { FileRef } from '../../src/analysis/summaries/index.js';

const loggers = createLoggerMatcher();

/** For the last `try` of `code`: does its block change nothing that outlives the update? */
function tryReads(code: string, filename = path.join(os.tmpdir(), 'file.ts')): boolean {
  let result: boolean | null = null;
  const rule = {
    create: (context: FileRef) => ({
      TryStatement: (node: TSESTree.TryStatement) => {
        result = codeOnlyReads(node.block, context, loggers);
      },
    }),
  };
  const messages = new Linter({ configType: 'flat', cwd: path.parse(filename).root }).verify(
    code,
    [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }],
    filename,
  );
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  expect(result).not.toBeNull();
  return result!;
}

const MONGO = "import mongoose from 'mongoose';\nconst User = mongoose.model('User', new mongoose.Schema({}));\n";
const PRISMA = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n";
const SUPABASE = "import { createClient } from '@supabase/supabase-js';\nconst supabase = createClient(url, key);\n";
const PG = "import { Pool } from 'pg';\nconst pool = new Pool();\n";
const KNEX = "import knex from 'knex';\nconst db = knex({ client: 'pg' });\n";
const inTry = (body: string, before = '') => `${before}async function f(ctx, id) {\n  try {\n    ${body}\n  } catch {}\n}`;

describe('codeOnlyReads: does guarded code change nothing that outlives the update?', () => {
  it('reads of the stores, through their query links', () => {
    expect(tryReads(inTry('const u = await User.findOne({ id }).lean(); await ctx.reply(u.name);', MONGO))).toBe(true);
    expect(tryReads(inTry('const n = await User.countDocuments({}).exec(); await ctx.reply(String(n));', MONGO))).toBe(true);
    expect(tryReads(inTry('const rows = await prisma.order.findMany({ where: { id } }); await ctx.reply(rows.length.toFixed(0));', PRISMA))).toBe(true);
    expect(tryReads(inTry("const { data } = await supabase.from('orders').select('*').eq('id', id); await ctx.reply(JSON.stringify(data));", SUPABASE))).toBe(true);
    expect(tryReads(inTry("const { rows } = await pool.query('SELECT name FROM users WHERE id = $1', [id]); await ctx.reply(rows[0].name);", PG))).toBe(true);
    expect(tryReads(inTry("const u = await db('users').where({ id }).first(); await ctx.reply(u.name);", KNEX))).toBe(true);
  });

  it('writes of the stores', () => {
    expect(tryReads(inTry('await User.updateOne({ id }, { $set: { seen: true } });', MONGO))).toBe(false);
    expect(tryReads(inTry('await User.create({ id });', MONGO))).toBe(false);
    expect(tryReads(inTry('await prisma.order.delete({ where: { id } });', PRISMA))).toBe(false);
    expect(tryReads(inTry("await supabase.from('orders').update({ paid: true }).eq('id', id);", SUPABASE))).toBe(false);
    expect(tryReads(inTry("await pool.query('UPDATE users SET seen = true WHERE id = $1', [id]);", PG))).toBe(false);
    expect(tryReads(inTry("await db('users').where({ id }).update({ seen: true });", KNEX))).toBe(false);
    // A read whose arguments write.
    expect(tryReads(inTry('await User.find({ id: await mark(id) });', MONGO))).toBe(false);
  });

  it('HTTP: a GET reads, another method writes', () => {
    const AXIOS = "import axios from 'axios';\n";
    expect(tryReads(inTry('const { data } = await axios.get(url);', AXIOS))).toBe(true);
    expect(tryReads(inTry('const r = await fetch(url, { method: "GET" }); const t = await r.text();'))).toBe(true);
    expect(tryReads(inTry('const r = await fetch(url, { headers }); await r.json();'))).toBe(true);
    expect(tryReads(inTry('await axios.post(url, body);', AXIOS))).toBe(false);
    expect(tryReads(inTry('await fetch(url, { method: "DELETE" });'))).toBe(false);
    expect(tryReads(inTry('await fetch(url, { method });'))).toBe(false);
    expect(tryReads(inTry('await fetch(url, options);'))).toBe(false);
    // The body of something that is not a request.
    expect(tryReads(inTry('const r = upload(); await r.json(); await User.findOne({});', MONGO))).toBe(false);
    // A GET on something no file creates as a client.
    expect(tryReads(inTry('await api.get(url);'))).toBe(false);
  });

  it('state: values the code declared itself, not the session or the module', () => {
    expect(tryReads(inTry("const u = await User.findById(id); let n = 0; n++; const seen = new Set(); seen.add(u.id); const o = {}; o.a = 1; delete o.a; await ctx.reply('x');", MONGO))).toBe(true);
    expect(tryReads(inTry('ctx.session.step = 1; await User.findById(id);', MONGO))).toBe(false);
    expect(tryReads(inTry('counter++; await User.findById(id);', `${MONGO}let counter = 0;\n`))).toBe(false);
    expect(tryReads(inTry('delete cache[id]; await User.findById(id);', `${MONGO}const cache = {};\n`))).toBe(false);
    expect(tryReads(inTry('const list = load(); list.push(1); await User.findById(id);', MONGO))).toBe(false);
    expect(tryReads(inTry('queue.push(id); await User.findById(id);', `${MONGO}const queue = [];\n`))).toBe(false);
    expect(tryReads(inTry('let o; o.a = 1; await User.findById(id);', MONGO))).toBe(false);
    // Top-level code: nothing it declares is its own.
    expect(tryReads(`${MONGO}let u;\ntry { u = await User.findById(1); } catch {}`)).toBe(false);
  });

  it('what the code cannot see into may write', () => {
    expect(tryReads(inTry('await job;'))).toBe(false);
    expect(tryReads(inTry('await jobs.current;'))).toBe(false);
    expect(tryReads(inTry('const s = new Service(); await User.findById(id);', MONGO))).toBe(false);
    expect(tryReads(inTry('await User.findById(id); sql`DELETE FROM t`;', MONGO))).toBe(false);
    expect(tryReads(inTry('await User.findById(id); await (getHandler())(id);', MONGO))).toBe(false);
    expect(tryReads(inTry('await User.findById(id); logger.info(await markSeen(id));', MONGO))).toBe(false);
    // Nothing read at all: not this shape.
    expect(tryReads(inTry("const n = Number(ctx.match); await ctx.reply('x');"))).toBe(false);
  });

  it('computations, keyboards, loggers and global values', () => {
    expect(
      tryReads(
        inTry(
          "const u = await User.findById(id); const kb = new InlineKeyboard().text('a'); const when = new Date(u.at).toLocaleDateString(); console.log(when); await ctx.reply(encodeURIComponent(u.name.trim()), { reply_markup: kb });",
          `${MONGO}import { InlineKeyboard } from 'grammy';\n`,
        ),
      ),
    ).toBe(true);
  });

  it('project functions: followed, memoised, not through recursion or past the depth limit', () => {
    const before = effectSummaryWork.functions;
    const helpers = `${MONGO}async function a(id) { return User.findById(id); }\nasync function b(id) { return a(id); }\n`;
    expect(tryReads(inTry('const u = await b(id); const v = await a(id); await ctx.reply(u.name + v.name);', helpers))).toBe(true);
    expect(effectSummaryWork.functions - before).toBe(2);
    expect(tryReads(inTry('await loop(id);', `${MONGO}async function loop(id) { await User.findById(id); return loop(id); }\n`))).toBe(false);
    const deep = `${MONGO}const d = (id) => User.findById(id);\nconst c = (id) => d(id);\nconst b = (id) => c(id);\nconst a = (id) => b(id);\n`;
    expect(tryReads(inTry('await a(id);', deep))).toBe(false);
    expect(tryReads(inTry('await save(id);', `${MONGO}async function save(id) { await User.findById(id); await User.updateOne({ id }, { $set: { a: 1 } }); }\n`))).toBe(false);
  });
});
