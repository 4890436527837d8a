// @ts-check
/**
 * A deterministic generator of chat-bot code: grammY, Telegraf and node-telegram-bot-api handlers
 * with pg / postgres.js / knex / prisma queries and fetch / axios calls, nested at random, reached
 * through aliases and written with the odd syntax real code has (optional chaining, computed
 * members, TS wrappers, destructuring defaults, spreads, labels, generators, classes).
 *
 * The same seed always gives the same text, so benchmark corpora are reproducible without being
 * committed, and a fuzz failure is reproduced from its seed. Used by `npm run bench`, `npm run fuzz`,
 * `npm run smoke` and the robustness tests.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { URL } from 'node:url';

/** Part of a cached corpus's stamp, with this file's own text: any change regenerates it. */
export const GENERATOR_VERSION = 4;
const SELF = readFileSync(new URL(import.meta.url), 'utf8');

/**
 * mulberry32: a small, fast, seedable PRNG.
 * @param {number} seed
 */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** @param {number} n an integer in [0, n) */
    int: (n) => Math.floor(next() * n),
    /** @param {number} p */
    chance: (p) => next() < p,
    /**
     * @template T
     * @param {readonly T[]} items
     * @returns {T}
     */
    pick: (items) => /** @type {T} */ (items[Math.floor(next() * items.length)]),
  };
}

/** @typedef {ReturnType<typeof createRandom>} Random */
/** @typedef {'grammy' | 'telegraf' | 'ntba'} Framework */
/** @typedef {{ rng: Random, framework: Framework, ts: boolean, odd: number, sql: number, n: number }} Ctx */

const TABLES = ['users', 'payments', 'orders', 'jobs', 'subscriptions', 'referrals', 'wallets', 'messages'];
const COMMANDS = ['start', 'help', 'balance', 'buy', 'spend', 'imagine', 'settings', 'invite', 'ban', 'stats', 'top', 'pay', 'refund', 'profile'];
const URLS = ['https://api.example.com/v1/generate', 'https://payments.example.com/charge', 'https://api.openai.example/v1/chat', 'https://images.example.com/render'];

/** The update's user id, written the many ways real code does. @param {Ctx} c @param {string} ctx */
function userId(c, ctx) {
  if (c.framework === 'ntba') return c.rng.pick(['msg.from.id', 'msg.chat.id', 'msg.from?.id', "msg['from'].id"]);
  const forms = [`${ctx}.from.id`, `${ctx}.from?.id`, `${ctx}.from!.id`, `${ctx}.chat.id`, `${ctx}?.from?.id ?? 0`, `${ctx}['from'].id`];
  const tsForms = [`(${ctx}.from as { id: number }).id`, `${ctx}.from!['id']`];
  return c.rng.pick(c.ts && c.rng.chance(c.odd) ? tsForms : forms);
}

/** A SQL statement; sometimes garbage, sometimes with template holes. @param {Ctx} c */
function sqlText(c) {
  const t = c.rng.pick(TABLES);
  return c.rng.pick([
    `SELECT id, balance FROM ${t} WHERE telegram_id = $1`,
    `SELECT * FROM ${t} WHERE id = $1 FOR UPDATE`,
    `UPDATE ${t} SET balance = balance - $1 WHERE id = $2`,
    `UPDATE ${t} SET balance = balance - $1 WHERE id = $2 AND balance >= $1 RETURNING balance`,
    `UPDATE ${t} SET balance = balance + $1 WHERE telegram_id = $2`,
    `INSERT INTO ${t} (user_id, charge_id, amount) VALUES ($1, $2, $3)`,
    `INSERT INTO ${t} (user_id, charge_id, amount) VALUES ($1, $2, $3) ON CONFLICT (charge_id) DO NOTHING`,
    `DELETE FROM ${t} WHERE created_at < now() - interval '30 days'`,
    `WITH moved AS (DELETE FROM ${t} WHERE id = $1 RETURNING *) INSERT INTO archive SELECT * FROM moved`,
    `select count(*)::int as n from ${t} where data->>'kind' = $1`,
    `SELECT id FROM ${t} WHERE id = ANY($1::int[]) ORDER BY id LIMIT 10 FOR NO KEY UPDATE SKIP LOCKED`,
    'BEGIN',
    'COMMIT',
    // Not SQL, or broken SQL, in SQL positions: analysis must stay quiet and never throw.
    'SELECT',
    'SELECT * FROM',
    'select your plan: 1) basic 2) pro',
    'UPDATE ) ( ; -- ',
    `SELECT '${'é✓🚀'.repeat(3)}' AS "ünïcödé"`,
  ]);
}

/** A single-quoted JavaScript string literal. @param {string} text */
const sq = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A query call against one of the database clients. @param {Ctx} c @param {string} uid */
function dbCall(c, uid) {
  const rng = c.rng;
  const text = sqlText(c);
  const amount = rng.pick(['price', 'amount', '10', 'Number(amount)']);
  switch (rng.int(9)) {
    case 0:
      return `await pool.query(${sq(text)}, [${uid}])`;
    case 1:
      return `await pool.query(\`${text}\`, [${amount}, ${uid}])`;
    case 2:
      return `await sql\`${text.replace('$1', '${' + amount + '}').replace('$2', '${' + uid + '}')}\``;
    case 3:
      return `await knex('${rng.pick(TABLES)}').where({ telegram_id: ${uid} }).update({ balance: knex.raw('balance - ?', [${amount}]) })`;
    case 4:
      return `await knex.raw(${sq(text.replace(/\$\d/g, '?'))}, [${uid}])`;
    case 5:
      return `await prisma.user.update({ where: { telegramId: ${uid} }, data: { balance: { decrement: ${amount} } } })`;
    case 6:
      return `await prisma.$queryRaw\`${text.replace('$1', '${' + uid + '}')}\``;
    case 7:
      return `await prisma.$executeRawUnsafe(${JSON.stringify(text)}, ${amount}, ${uid})`;
    default:
      return `await db.query(${JSON.stringify(text)}, [${uid}])`;
  }
}

/** An HTTP call, with or without deadline and status check. @param {Ctx} c */
function httpCall(c) {
  const rng = c.rng;
  const url = JSON.stringify(rng.pick(URLS));
  const body = 'JSON.stringify({ prompt, userId })';
  switch (rng.int(8)) {
    case 0:
      return `const res = await fetch(${url}, { method: 'POST', body: ${body} });\nconst data = await res.json();`;
    case 1:
      return `const res = await fetch(${url}, { method: 'POST', body: ${body}, signal: AbortSignal.timeout(10_000) });\nif (!res.ok) throw new Error(\`HTTP \${res.status}\`);\nconst data = await res.json();`;
    case 2:
      return `const { data } = await axios.post(${url}, { prompt }, { timeout: 15_000 });`;
    case 3:
      return `const { data } = await axios.get(${url});`;
    case 4:
      return `const data = await api.post('/generate', { prompt, ...extra });`;
    case 5:
      return `const options = { ...defaults, method: 'GET' };\nconst data = await fetch(\`\${BASE}/jobs/\${encodeURIComponent(prompt)}\`, options).then((r) => r.json());`;
    case 6:
      return `const data = await globalThis.fetch?.(${url}).then((r) => (r.ok ? r.json() : null));`;
    default:
      return `const data = await (await fetch(new URL('/v1', ${url}), { headers: { authorization: \`Bearer \${process.env.API_KEY}\` } })).json();`;
  }
}

/** A reply to the user. @param {Ctx} c @param {string} ctx */
function reply(c, ctx, text = "'Done'") {
  if (c.framework === 'ntba') return `await bot.sendMessage(msg.chat.id, ${text});`;
  return c.rng.pick([`await ${ctx}.reply(${text});`, `await ${ctx}.reply(${text}, { parse_mode: 'HTML' });`, `void ${ctx}.reply(${text});`]);
}

/** Odd but valid statements that rules must walk past. @param {Ctx} c @param {string} ctx */
function oddStatement(c, ctx) {
  const rng = c.rng;
  const common = [
    `const { from: { id: uid${++c.n} = 0 } = {} } = ${c.framework === 'ntba' ? 'msg' : ctx} as any;`.replace(' as any', c.ts ? ' as any' : ''),
    `label${++c.n}: { if (Math.random() > 2) break label${c.n}; }`,
    `const alias${++c.n} = pool, q${c.n} = alias${c.n}.query.bind(alias${c.n});`,
    `for (const [k, v] of Object.entries({ a: 1, ...(extra ?? {}) })) void [k, v];`,
    `const tag${++c.n} = String.raw\`\\d+ \${1 + 1}\`;`,
    `const r${++c.n} = /^\\/(\\w+)(?:@\\w+)?\\s*(.*)$/su.exec(text ?? '');`,
    `(0, console.log)(typeof ${c.framework === 'ntba' ? 'msg' : ctx}, void 0, new.target === undefined);`.replace(', new.target === undefined', ''),
    `const gen${++c.n} = async function* () { yield* [1, 2]; };`,
    `const obj${++c.n} = { get x() { return 1; }, ['comp' + 'uted']: 2, async *[Symbol.asyncIterator]() {} };`,
    `class H${++c.n} { #n = 0; static { void 0; } get n() { return this.#n; } async run() { return this.#n++; } }`,
    `try { JSON.parse(text ?? ''); } catch { /* not JSON: keep the raw text */ }`,
    `if (!${c.framework === 'ntba' ? 'msg' : ctx}) return;`,
    `switch (kind) { case 'a': { break; } default: }`,
    `const maybe${++c.n} = cache?.get?.(key)?.[0] ?? null;`,
    `do { attempts++; } while (attempts < 3 && !done);`,
  ];
  const tsOnly = [
    `const t${++c.n} = (${ctx} satisfies object) as unknown as { match?: string };`,
    `enum Kind${++c.n} { A = 1, B }`,
    `type U${++c.n}<T> = T extends string ? 'str' : never;`,
    `const n${++c.n} = (<number>(price as unknown))!;`,
  ];
  return rng.pick(c.ts && rng.chance(0.3) ? tsOnly : common);
}

/** Handler body statements. @param {Ctx} c @param {string} ctx */
function bodyStatements(c, ctx) {
  const rng = c.rng;
  const uid = userId(c, ctx);
  /** @type {string[]} */
  const out = [];
  const count = 2 + rng.int(4);
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (roll < c.sql) out.push(`${rng.chance(0.5) ? `const { rows: r${++c.n} } = ` : ''}${dbCall(c, uid)};`);
    else if (roll < c.sql + 0.15) out.push(...httpCall(c).replace(/\b(res|data|options)\b/g, `$1${++c.n}`).split('\n'));
    else if (roll < c.sql + 0.3) out.push(reply(c, ctx, rng.pick(["'Done'", '`Balance: ${balance}`', "'Not enough credits'"])));
    else if (roll < c.sql + 0.3 + c.odd) out.push(oddStatement(c, ctx));
    else if (roll < c.sql + 0.55) out.push(`const amount${++c.n} = Number(${c.framework === 'ntba' ? 'match[1]' : `${ctx}.match`});`);
    else out.push(`logger.info({ user: ${uid} }, 'handled');`);
  }
  return out;
}

/** Wraps statements in a random construct. @param {Ctx} c @param {string[]} inner @param {string} ctx */
function wrap(c, inner, ctx) {
  const rng = c.rng;
  const body = inner.map((line) => `  ${line}`);
  switch (rng.int(9)) {
    case 0:
      return [`if (${ctx === 'msg' ? 'msg.text' : `${ctx}.message?.text`}) {`, ...body, '}'];
    case 1:
      return ['try {', ...body, `} catch (err) {`, `  logger.error({ err }, 'failed');`, rng.chance(0.5) ? '  throw err;' : `  ${reply(c, ctx, "'Something went wrong'")}`, '}'];
    case 2: {
      const tail = rng.pick([['} catch (e) {}'], ['} catch {', '  // ignored', '}'], ['} catch (e) { console.error(e); }'], ['} finally {', '  release?.();', '}']]);
      return ['try {', ...body, ...tail];
    }
    case 3:
      return [`for (const item of items) {`, ...body, '}'];
    case 4:
      return [`await Promise.all(items.map(async (item) => {`, ...body, '}));'];
    case 5:
      return [`setTimeout(async () => {`, ...body, `}, 1_000);`];
    case 6:
      return [`await pool.connect().then(async (client) => {`, ...body, '});'];
    case 7:
      return [`await knex.transaction(async (trx) => {`, ...body, '});'];
    default:
      return [`{`, ...body, '}'];
  }
}

/** A handler registration with a nested body. @param {Ctx} c @param {number} depth */
function handler(c, depth) {
  const rng = c.rng;
  const ctx = c.framework === 'ntba' ? 'msg' : rng.pick(['ctx', 'ctx', 'context', 'c']);
  let body = bodyStatements(c, ctx);
  const levels = rng.int(depth + 1);
  for (let i = 0; i < levels; i++) body = wrap(c, [...bodyStatements(c, ctx).slice(0, 1), ...body], ctx);
  const cmd = rng.pick(COMMANDS);
  const param = c.ts && rng.chance(0.3) ? `${ctx}: Context` : ctx;
  const fn = rng.chance(0.8) ? `async (${param}) => {` : `async function on${cmd[0]?.toUpperCase()}${cmd.slice(1)}${++c.n}(${param}) {`;
  const close = fn.startsWith('async (') ? '});' : '});';
  /** @type {string} */
  let open;
  if (c.framework === 'grammy') {
    open = rng.pick([`bot.command('${cmd}', ${fn}`, `bot.callbackQuery(/^${cmd}:(\\d+)$/, ${fn}`, `bot.on('message:text', ${fn}`, `composer.hears(/${cmd}/i, ${fn}`, `bot.on(['message', 'edited_message'], ${fn}`]);
  } else if (c.framework === 'telegraf') {
    open = rng.pick([`bot.command('${cmd}', ${fn}`, `bot.action(/^${cmd}:(\\d+)$/, ${fn}`, `bot.on('text', ${fn}`, `bot.hears('${cmd}', ${fn}`, `scene.enter(${fn}`]);
  } else {
    const fn2 = fn.replace(/\(.*\)/, '(msg, match)');
    open = rng.pick([`bot.onText(/\\/${cmd}(?: (.+))?/, ${fn2}`, `bot.on('message', ${fn2}`, `bot.on('callback_query', ${fn2.replace('msg, match', 'query')}`]);
  }
  return [open, ...body.map((line) => `  ${line}`), close];
}

/** File header: imports and client creation, varied per framework. @param {Ctx} c */
function header(c) {
  const rng = c.rng;
  /** @type {string[]} */
  const lines = [];
  if (c.framework === 'ntba') {
    lines.push("const TelegramBot = require('node-telegram-bot-api');", "const { Pool } = require('pg');", "const axios = require('axios');");
    lines.push('const bot = new TelegramBot(process.env.BOT_TOKEN, { polling: true });', 'const pool = new Pool();');
    lines.push("const db = pool, knex = require('knex')({ client: 'pg' }), sql = require('postgres')(), prisma = null, api = axios.create({ timeout: 5000 });");
  } else {
    if (c.framework === 'grammy') lines.push("import { Bot, Composer, type Context } from 'grammy';".replace('type Context', c.ts ? 'type Context' : 'Context'));
    else lines.push("import { Telegraf, Scenes, type Context } from 'telegraf';".replace('type Context', c.ts ? 'type Context' : 'Context'));
    lines.push("import pg from 'pg';", "import postgres from 'postgres';", "import knexFactory from 'knex';", "import { PrismaClient } from '@prisma/client';", "import axios from 'axios';");
    lines.push('const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });', 'const db = pool;', 'const sql = postgres(process.env.DATABASE_URL ?? "");');
    lines.push("const knex = knexFactory({ client: 'pg' });", 'const prisma = new PrismaClient();', `const api = axios.create({ baseURL: 'https://api.example.com', timeout: ${rng.pick([5000, 10_000])} });`);
    lines.push(c.framework === 'grammy' ? `const bot = new Bot${c.ts ? '<Context>' : ''}(process.env.BOT_TOKEN ?? '');` : "const bot = new Telegraf(process.env.BOT_TOKEN ?? '');");
    lines.push(c.framework === 'grammy' ? 'const composer = new Composer();' : "const scene = new Scenes.BaseScene('pay');");
  }
  lines.push(`const logger = console, BASE = 'https://api.example.com', defaults = { method: 'GET' }, extra = {};`);
  lines.push(`let items = [1, 2, 3], prompt = 'x', userId = 1, price = 10, amount = '5', balance = 0, text = '', kind = 'a', key = 'k', cache = new Map(), attempts = 0, done = false, release = () => {};`);
  return lines;
}

/**
 * One source file of about `lines` lines.
 * @param {Random} rng
 * @param {{ lines?: number, framework?: Framework, ts?: boolean, depth?: number, odd?: number, sql?: number }} [options]
 */
export function generateFile(rng, options = {}) {
  const framework = options.framework ?? rng.pick(/** @type {const} */ (['grammy', 'telegraf', 'ntba']));
  /** @type {Ctx} */
  const c = { rng, framework, ts: options.ts ?? framework !== 'ntba', odd: options.odd ?? 0.15, sql: options.sql ?? 0.35, n: 0 };
  const target = options.lines ?? 200;
  const out = header(c);
  out.push('');
  while (out.length < target) {
    out.push(...handler(c, options.depth ?? 3), '');
  }
  if (framework === 'grammy') out.push("bot.catch((err) => logger.error(err));", 'void bot.start();');
  else if (framework === 'telegraf') out.push('void bot.launch();');
  if (framework !== 'ntba') out.push('export { bot };');
  return `${out.join('\n')}\n`;
}

/**
 * Deep nesting: `depth` levels of blocks, callbacks, ifs and try/catch around handler code.
 * @param {number} depth
 * @param {number} [seed]
 */
export function generateDeepNesting(depth, seed = 1) {
  const rng = createRandom(seed);
  /** @type {Ctx} */
  const c = { rng, framework: 'grammy', ts: true, odd: 0.1, sql: 0.4, n: 0 };
  const open = [];
  const close = [];
  for (let i = 0; i < depth; i++) {
    const kind = i % 5;
    const inner = `  ${dbCall(c, 'ctx.from.id')};`;
    const [first, last] =
      kind === 0
        ? [`bot.command('c${i}', async (ctx) => {`, '});']
        : kind === 1
          ? ['if (ctx.message?.text) {', '}']
          : kind === 2
            ? ['try {', '} catch (e) { logger.error(e); }']
            : kind === 3
              ? ['await Promise.all(items.map(async (item) => {', '}));']
              : ['{', '}'];
    open.push(first, kind === 4 ? `  const res${i} = await fetch(BASE, { signal: AbortSignal.timeout(1000) });` : inner);
    close.unshift(last);
  }
  return `${[...header(c), ...open, '  await ctx.reply(String(ctx.from.id));', ...close].join('\n')}\n`;
}

/**
 * A file made of `count` SQL calls and nothing much else.
 * @param {number} count
 * @param {number} [seed]
 */
export function generateSqlHeavy(count, seed = 1) {
  const rng = createRandom(seed);
  /** @type {Ctx} */
  const c = { rng, framework: 'grammy', ts: true, odd: 0, sql: 1, n: 0 };
  const lines = [...header(c), "bot.command('sql', async (ctx) => {"];
  for (let i = 0; i < count; i++) lines.push(`  const r${i} = ${dbCall(c, 'ctx.from.id')};`);
  lines.push('});');
  return `${lines.join('\n')}\n`;
}

/** The handler modules' names in a generated grammY project ({@link generateBotProject}). */
const MODULES = ['balance', 'shop', 'referral', 'profile', 'orders', 'wallet', 'admin', 'jobs', 'subscriptions', 'support', 'stats', 'settings'];

/**
 * A grammY + pg bot project, one package (its package.json lists `grammy` and `pg`), so that the
 * project-wide questions are asked when it is linted: imports across files, which bot library the
 * package uses, composers mounted with `bot.use`, functions called from other files. An entry
 * (`bot.ts`) creates the bot and mounts every module's composer; a shared helper (`db.ts`) owns the
 * pool and the SQL; each handler module imports the helper and the module before it, exports a
 * composer (some of them mount a sub-composer) and a function the next module calls. Paths are
 * relative to the project's folder; the same `rng` always gives the same files.
 * @param {Random} rng
 * @param {{ modules?: number }} [options]
 * @returns {Record<string, string>}
 */
export function generateBotProject(rng, options = {}) {
  const count = Math.max(2, options.modules ?? MODULES.length);
  const names = Array.from({ length: count }, (_, i) => `${MODULES[i % MODULES.length]}${i < MODULES.length ? '' : Math.floor(i / MODULES.length) + 1}`);
  /** @type {Record<string, string>} */
  const files = {};
  files['package.json'] = `${JSON.stringify({ name: 'generated-grammy-bot', private: true, type: 'module', main: 'src/bot.ts', scripts: { start: 'node dist/bot.js' }, dependencies: { grammy: '^1.30.0', pg: '^8.13.0' } }, null, 2)}\n`;
  files['src/db.ts'] = `import pg from 'pg';

export const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });

export async function query<R = any>(text: string, params: unknown[] = []): Promise<R[]> {
  const result = await pool.query<R>(text, params);
  return result.rows;
}

export async function getUser(telegramId: number) {
  const rows = await query<{ id: number; balance: number }>('SELECT id, balance FROM users WHERE telegram_id = $1', [telegramId]);
  return rows[0];
}

export async function addBalance(telegramId: number, amount: number) {
  await query('UPDATE users SET balance = balance + $1 WHERE telegram_id = $2', [amount, telegramId]);
}

export async function spendGuarded(userId: number, amount: number): Promise<boolean> {
  const rows = await query('UPDATE users SET balance = balance - $1 WHERE id = $2 AND balance >= $1 RETURNING balance', [amount, userId]);
  return rows.length > 0;
}

export async function transfer(from: number, to: number, amount: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT balance FROM wallets WHERE user_id = $1 FOR UPDATE', [from]);
    if (!rows[0] || rows[0].balance < amount) throw new Error('insufficient');
    await client.query('UPDATE wallets SET balance = balance - $1 WHERE user_id = $2', [amount, from]);
    await client.query('UPDATE wallets SET balance = balance + $1 WHERE user_id = $2', [amount, to]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
`;
  files['src/middleware.ts'] = `import type { Context } from 'grammy';
import { query } from './db.js';

export function userIdOf(ctx: Context): number {
  return ctx.from?.id ?? 0;
}

export async function trackUser(ctx: Context, next: () => Promise<void>) {
  if (ctx.from) await query('INSERT INTO users (telegram_id, username) VALUES ($1, $2) ON CONFLICT (telegram_id) DO NOTHING', [ctx.from.id, ctx.from.username ?? null]);
  await next();
}
`;
  const cap = (/** @type {string} */ s) => `${s[0]?.toUpperCase()}${s.slice(1)}`;
  names.forEach((name, i) => {
    const prev = i > 0 ? names[i - 1] : null;
    const table = rng.pick(TABLES);
    const price = 5 + rng.int(50);
    const out = [
      "import { Composer } from 'grammy';",
      "import type { Context } from 'grammy';",
      `import { query, getUser, addBalance, spendGuarded${rng.chance(0.3) ? ', transfer' : ''} } from '../db.js';`,
      "import { userIdOf } from '../middleware.js';",
      ...(prev ? [`import { charge${cap(prev)}, format${cap(prev)} } from './${prev}.js';`] : []),
      '',
      `export const ${name}Composer = new Composer();`,
      `const PRICE = ${price};`,
      '',
      `export function format${cap(name)}(amount: number): string {`,
      `  return \`${name}: \${amount.toFixed(2)}\`;`,
      '}',
      '',
      `export async function charge${cap(name)}(ctx: Context, amount: number): Promise<boolean> {`,
      '  const user = await getUser(userIdOf(ctx));',
      '  if (!user) return false;',
      rng.chance(0.5)
        ? '  return spendGuarded(user.id, amount);'
        : `  if (user.balance < amount) return false;\n  await query('UPDATE users SET balance = balance - $1 WHERE id = $2', [amount, user.id]);\n  return true;`,
      '}',
      '',
    ];
    const commands = 3 + rng.int(4);
    for (let k = 0; k < commands; k++) {
      const cmd = `${name}_${rng.pick(COMMANDS)}${k}`;
      switch (rng.int(5)) {
        case 0:
          out.push(
            `${name}Composer.command('${cmd}', async (ctx) => {`,
            `  const rows = await query('SELECT id, amount FROM ${table} WHERE user_id = $1 ORDER BY id DESC LIMIT 10', [ctx.from.id]);`,
            `  await ctx.reply(rows.map((r) => format${cap(name)}(r.amount)).join('\\n') || 'Nothing yet');`,
            '});',
          );
          break;
        case 1:
          out.push(
            `${name}Composer.command('${cmd}', async (ctx) => {`,
            `  const ok = ${prev ? `await charge${cap(prev)}(ctx, PRICE)` : `await charge${cap(name)}(ctx, PRICE)`};`,
            "  if (!ok) return ctx.reply('Not enough balance');",
            `  await query('INSERT INTO ${table} (user_id, amount) VALUES ($1, $2)', [ctx.from.id, PRICE]);`,
            `  await ctx.reply(${prev ? `format${cap(prev)}(PRICE)` : `format${cap(name)}(PRICE)`});`,
            '});',
          );
          break;
        case 2:
          out.push(
            `${name}Composer.callbackQuery(/^${name}:(\\d+)$/, async (ctx) => {`,
            '  const id = Number(ctx.match[1]);',
            '  await ctx.answerCallbackQuery();',
            `  await query('UPDATE ${table} SET status = $1 WHERE id = $2 AND user_id = $3', ['done', id, ctx.from.id]);`,
            `  await ctx.reply(\`Done in chat \${ctx.callbackQuery.message.chat.id}\`);`,
            '});',
          );
          break;
        case 3:
          out.push(
            `${name}Composer.hears(/^top up (\\d+)$/i, async (ctx) => {`,
            '  const amount = Number(ctx.match[1]);',
            `  await addBalance(ctx.from.id, amount);`,
            "  const user = await getUser(ctx.from.id);",
            `  await ctx.reply(format${cap(name)}(user?.balance ?? 0));`,
            '});',
          );
          break;
        default:
          out.push(
            `${name}Composer.on('message:text', async (ctx, next) => {`,
            `  if (!ctx.message.text.startsWith('/${name}')) return next();`,
            '  try {',
            `    const user = await getUser(ctx.from.id);`,
            '    if (!user) return;',
            `    await query('UPDATE users SET balance = balance - $1 WHERE id = $2', [PRICE, user.id]);`,
            '  } catch (error) {',
            '    console.error(error);',
            '  }',
            '});',
          );
      }
      out.push('');
    }
    if (rng.chance(0.4)) {
      out.push(`const ${name}Admin = new Composer();`, `${name}Admin.command('${name}_reset', async (ctx) => {`, `  await query('DELETE FROM ${table} WHERE user_id = $1', [ctx.from.id]);`, "  await ctx.reply('Reset');", '});', `${name}Composer.use(${name}Admin);`, '');
    }
    files[`src/handlers/${name}.ts`] = `${out.join('\n')}\n`;
  });
  files['src/bot.ts'] = [
    "import { Bot } from 'grammy';",
    "import { trackUser } from './middleware.js';",
    ...names.map((name) => `import { ${name}Composer } from './handlers/${name}.js';`),
    '',
    "export const bot = new Bot(process.env.BOT_TOKEN ?? '');",
    'bot.use(trackUser);',
    ...names.map((name) => `bot.use(${name}Composer);`),
    'bot.catch((err) => console.error(err));',
    'void bot.start();',
    '',
  ].join('\n');
  return files;
}

/** Type stubs so that the generated corpus type-checks meaningfully in the type-aware configs. */
const STUBS = `declare module 'grammy' {
  export interface User { id: number; username?: string }
  export interface Message { message_id: number; text?: string; chat: { id: number } }
  export interface Context {
    from?: User; chat?: { id: number }; message?: Message; match: string | RegExpMatchArray;
    callbackQuery?: { data?: string; message?: Message };
    reply(text: string, extra?: object): Promise<Message>;
    answerCallbackQuery(text?: string): Promise<true>;
  }
  type Handler<C> = (ctx: C) => unknown;
  export class Composer<C extends Context = Context> {
    command(c: string | string[], ...h: Handler<C>[]): this; on(f: string | string[], ...h: Handler<C>[]): this;
    hears(t: string | RegExp, ...h: Handler<C>[]): this; callbackQuery(t: string | RegExp, ...h: Handler<C>[]): this;
    use(...h: Handler<C>[]): this;
  }
  export class Bot<C extends Context = Context> extends Composer<C> {
    constructor(token: string); catch(h: (err: unknown) => unknown): void; start(): Promise<void>;
  }
}
declare module 'telegraf' {
  import type { Context as GrammyContext } from 'grammy';
  export type Context = GrammyContext;
  type Handler = (ctx: Context) => unknown;
  export class Telegraf {
    constructor(token: string); command(c: string, ...h: Handler[]): this; on(f: string, ...h: Handler[]): this;
    action(t: string | RegExp, ...h: Handler[]): this; hears(t: string | RegExp, ...h: Handler[]): this; launch(): Promise<void>;
  }
  export namespace Scenes { class BaseScene { constructor(id: string); enter(h: Handler): this } }
}
declare module 'pg' {
  export interface QueryResult<R = any> { rows: R[]; rowCount: number | null }
  export class Pool { constructor(o?: object); query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>; connect(): Promise<PoolClient> }
  export interface PoolClient { query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>; release(): void }
  const pg: { Pool: typeof Pool };
  export default pg;
}
declare module 'postgres' { const postgres: (url?: string) => any; export default postgres; }
declare module 'knex' { const knex: (o: object) => any; export default knex; }
declare module '@prisma/client' { export class PrismaClient { [model: string]: any } }
declare module 'axios' { const axios: any; export default axios; }
declare module 'node-telegram-bot-api' { const TelegramBot: any; export = TelegramBot; }
`;

/**
 * Writes a deterministic bot project of about `lines` lines to `dir` (regenerated only when the
 * parameters or the generator change). Files are 150–900 lines; a third are node-telegram-bot-api
 * JavaScript, the rest grammY / Telegraf TypeScript, in a folder whose package.json lists no bot
 * library (each file is linted on its own). Beside them, `src/bot/` is one grammY + pg package
 * ({@link generateBotProject}) whose files import each other, so the project-wide analysis runs.
 * @param {string} dir
 * @param {{ lines?: number, seed?: number, depth?: number, fileLines?: number }} [options]
 * @returns {{ dir: string, files: number, lines: number }}
 */
export function writeCorpus(dir, options = {}) {
  const { lines = 100_000, seed = 42, depth = 3, fileLines } = options;
  const stamp = createHash('sha1').update(JSON.stringify({ GENERATOR_VERSION, lines, seed, depth, fileLines })).update(SELF).digest('hex');
  const stampFile = path.join(dir, '.corpus-stamp');
  if (existsSync(stampFile)) {
    const saved = /** @type {{ stamp: string, files: number, lines: number }} */ (JSON.parse(readFileSync(stampFile, 'utf8')));
    if (saved.stamp === stamp) return { dir, files: saved.files, lines: saved.lines };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  const rng = createRandom(seed);
  let total = 0;
  let files = 0;
  while (total < lines) {
    const framework = rng.pick(/** @type {const} */ (['grammy', 'grammy', 'telegraf', 'ntba']));
    const size = Math.min(fileLines ?? 150 + rng.int(750), Math.max(40, lines - total));
    const text = generateFile(rng, { framework, lines: size, depth });
    const sub = rng.pick(['handlers', 'scenes', 'services', 'commands']);
    mkdirSync(path.join(dir, 'src', sub), { recursive: true });
    writeFileSync(path.join(dir, 'src', sub, `${framework}-${files}.${framework === 'ntba' ? 'js' : 'ts'}`), text);
    total += text.split('\n').length - 1;
    files++;
  }
  // One grammY + pg package below src/bot (its own package.json: a bot project), from its own
  // random stream so the files above stay as they were; its modules scale with the corpus.
  const project = generateBotProject(createRandom(seed + 1), { modules: Math.max(4, Math.round(lines / 8000)) });
  for (const [name, text] of Object.entries(project)) {
    const file = path.join(dir, 'src', 'bot', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (!name.endsWith('.json')) {
      total += text.split('\n').length - 1;
      files++;
    }
  }
  writeFileSync(path.join(dir, 'src', 'stubs.d.ts'), STUBS);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, types: [] }, include: ['src'] }, null, 2),
  );
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'generated-bot', private: true, type: 'module' }, null, 2));
  writeFileSync(stampFile, JSON.stringify({ stamp, files, lines: total }));
  return { dir, files, lines: total };
}
