import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import rule from '../../src/rules/require-http-timeout.js';
import { ruleTester } from '../rule-tester.js';

const AXIOS = "import axios from 'axios';\n";
const GOT = "import got from 'got';\n";
const SIGNAL_SUGGESTION = 'suggestSignal';
/** A file in a project whose package.json declares node-fetch at this version. */
const inProject = (name: string, file = 'src/bot.ts'): string => path.join(import.meta.dirname, '../fixtures', name, file);
const WORKER = 'export default {\n  async fetch(request: Request) {\n    await fetch(url);\n    return new Response("ok");\n  },\n};';
const VERCEL = 'export default async function handler(req, res) {\n  await fetch(url);\n  res.status(200).end();\n}';
const ROUTE = 'export async function POST(request: Request) {\n  await fetch(url);\n  return new Response("ok");\n}';
const EDGE = 'Deno.serve(async (request) => {\n  await fetch(url);\n  return new Response("ok");\n});';
const HELPER = 'export async function rates() {\n  return (await fetch(url)).text();\n}';
const WEB_HANDLER = 'export default async function handler(request: Request) {\n  await fetch(url);\n  return new Response("ok");\n}';
const NETLIFY = 'export const handler = async (event) => {\n  await fetch(url);\n  return { statusCode: 200 };\n};';
/** An AWS Lambda handler module: `exports.handler` of `(event, context, callback)`. */
const LAMBDA = 'exports.handler = async (event, context, callback) => {\n  await fetch(url);\n  return callback(null, { statusCode: 200, body: event.body });\n};';
const LAMBDA_HELPER = 'exports.rates = async () => (await fetch(url)).json();';

ruleTester.run('require-http-timeout', rule, {
  valid: [
    // fetch with a signal, in every shape.
    'await fetch(url, { signal: AbortSignal.timeout(5000) });',
    'await fetch(url, { method: "POST", signal: AbortSignal.any([AbortSignal.timeout(5000), ctx.signal]) });',
    'const controller = new AbortController(); setTimeout(() => controller.abort(), 5000); await fetch(url, { signal: controller.signal });',
    'const controller = new AbortController(); const t = setTimeout(() => controller.abort(), 5000); try { await fetch(url, { signal: controller.signal }); } finally { clearTimeout(t); }',
    'async function f(signal: AbortSignal) { await fetch(url, { signal }); }',
    'const init = { signal: AbortSignal.timeout(5000) }; await fetch(url, init);',
    'const base = { signal: AbortSignal.timeout(5000) }; await fetch(url, { ...base, method: "POST" });',
    'await fetch(new Request(url, { signal: AbortSignal.timeout(5000) }));',
    'const request = new Request(url, { signal: AbortSignal.timeout(5000) }); await fetch(request);',
    'await globalThis.fetch(url, { signal: AbortSignal.timeout(1000) });',
    // The wait is bounded by a race around the call.
    'await Promise.race([fetch(url), timeout(5000)]);',
    'await withTimeout(fetch(url), 5000, "image API");',
    `${AXIOS}await pTimeout(axios.get(url), { milliseconds: 5000 });`,
    // Fire-and-forget: nothing waits for the request (no handler, job or user is held by a stall).
    'fetch(hook, { method: "POST", body }).catch((e) => console.error(e));',
    `${AXIOS}void axios.post(hook, body);`,
    `${AXIOS}axios.post(hook, body).then(() => log.info('sent')).catch(log.error);`,
    `${AXIOS}async function notify(text: string) {\n  try { await axios.post(hook, { text }); } catch (e) { console.error(e); }\n}\nfunction onError(e: Error) { notify(String(e)); }\nvoid notify('up');`,
    // Every caller keeps the promise in a variable it never reads: nobody waits for the request.
    `${AXIOS}async function token() {\n  const r = await axios.post(login, creds);\n  return r.data.token;\n}\nbot.on('text', async (ctx) => {\n  const pending = token();\n  await ctx.reply('sent');\n});`,
    // A one-shot timer's inline callback: the timer drops its promise, so nobody waits for the request.
    'export function schedule(game) {\n  game.pending = setTimeout(async () => {\n    try {\n      const res = await fetch(claimUrl, { method: "POST", body: JSON.stringify(game) });\n      await res.json().catch(() => null);\n    } catch {}\n  }, 500);\n}',
    // A detached run that goes on after the request, or answers its own user: nobody else waits, and a
    // deadline would only turn the hang into a logged error (round 23, myatakolya/Project_1 #15, FALSE;
    // round 25, mixmaster1989/tgbotikar #13, DEBATABLE).
    `${AXIOS}async function job() {\n  const r = await axios.get(a);\n  await db.save(r.data);\n}\nsetTimeout(() => { job(); }, 60_000);`,
    `${AXIOS}async function other(ctx: Ctx) { await axios.get(b); await ctx.reply('done'); }\nbot.on('photo', (ctx) => { other(ctx); });`,
    // A handler that drops the request's chain, even one whose callback answers the user: the handler returns at
    // once and the framework waits for nothing, so a stall leaves one reply unsent (round 33,
    // deyvisonrocha/telegram-bot-profittrailer #14, Paiiss/bot-wa #9: DEBATABLE).
    `${AXIOS}bot.command('saldo', (ctx) => {\n  axios.all([axios.get(a), axios.get(b)]).then(axios.spread((m, d) => ctx.reply(m.data + d.data)));\n});`,
    `${AXIOS}const sticker = axios.create({ baseURL });\nclient.on('message', (msg) => {\n  sticker.post('/prepareWebp', data).then((res) => client.sendMessage(msg.from, res.data));\n});`,
    "bot.command('rates', (ctx) => {\n  Promise.all([fetch(a), fetch(b)]).then(() => ctx.reply('ok'));\n});",
    `${AXIOS}async function load(id) {\n  const r = await axios.get(url + id);\n  return r.data;\n}\nbot.command('load', (ctx) => {\n  load(ctx.payload).then((d) => ctx.reply(d));\n});`,
    // Fire-and-forget two calls deep: the helper is awaited only by functions that are themselves started and
    // left running (round 25, castlejnr2-droid/yellowcatz-bot #21, FALSE).
    `${AXIOS}async function setWatchlist(list) {\n  const r = await axios.put(hook, { list });\n  return r.data;\n}\nasync function register(address) {\n  try {\n    await setWatchlist([address]);\n    console.log('registered');\n  } catch (e) { console.error(e); }\n}\nasync function sync() {\n  const rows = await db.addresses();\n  await setWatchlist(rows);\n}\nexport async function assignAddress(user) {\n  await db.save(user);\n  register(user.address).catch((e) => console.error(e));\n}\nexport function startPoller() {\n  sync().catch((e) => console.error(e));\n}`,
    // A detached `setTimeout` job a handler starts, which awaits a service that awaits the request in a loop of
    // its own run (round 25, mixmaster1989/tgbotikar #13).
    `${AXIOS}class Disk {\n  async download(file) {\n    const r = await axios({ url: file.href, responseType: 'stream' });\n    return r.data;\n  }\n  async sync(files) {\n    for (const file of files) await this.download(file);\n  }\n}\nconst disk = new Disk();\nbot.action('generate', async (ctx) => {\n  await ctx.answerCbQuery('started');\n  setTimeout(async () => {\n    await disk.sync(await list());\n    await ctx.reply('done');\n  }, 100);\n});`,
    // Unknown options: silent.
    'async function f(init: RequestInit) { await fetch(url, init); }',
    'await fetch(url, { ...defaults, method: "POST" });',
    'await fetch(url, { [key]: value });',
    'await fetch(url, buildInit());',
    'await fetch(url, ...args);',
    'const init = {}; init.signal = AbortSignal.timeout(1000); await fetch(url, init);',
    'let init = {}; init = { signal }; await fetch(url, init);',
    'await fetch(new Request(url, ...rest));',
    // A local `fetch` that is not the global one.
    'function fetch(url: string) { return url; } fetch("x");',
    'async function f(fetch: typeof globalThis.fetch) { await fetch(url); }',
    "import { fetch } from './my-fetch';\nawait fetch(url);",
    "import { fetch } from 'undici-types';\nawait fetch(url);",
    // node-fetch v2, cross-fetch and isomorphic-fetch honour `timeout`.
    { code: "import fetch from 'node-fetch';\nawait fetch(url, { timeout: 5000 });", filename: inProject('node-fetch-v2') },
    { code: "import fetch from 'node-fetch';\nawait fetch(url, { timeout: 5000 });", filename: inProject('node-fetch-latest') },
    { code: "import crossFetch from 'cross-fetch';\nawait crossFetch(url, { timeout: 5000 });", filename: inProject('node-fetch-v3') },
    "import fetch from 'node-fetch';\nawait fetch(url, { timeout: 5000 });",
    "const fetch = require('node-fetch');\nawait fetch(url, { timeout: 5000 });",
    "import crossFetch from 'cross-fetch';\nawait crossFetch(url, { timeout: 5000 });",
    "import { fetch as f } from 'cross-fetch';\nawait f(url, { timeout: 5000 });",
    "import 'isomorphic-fetch';\nawait fetch(url, { timeout: 5000 });",
    "require('isomorphic-fetch');\nawait fetch(url, { timeout: 5000 });",
    "import { fetch } from 'undici';\nawait fetch(url, { signal: AbortSignal.timeout(1000) });",
    // axios: every call shape with a timeout.
    `${AXIOS}await axios.get(url, { timeout: 5000 });`,
    `${AXIOS}await axios.post(url, data, { timeout: 5000 });`,
    `${AXIOS}await axios.put(url, data, { signal: AbortSignal.timeout(5000) });`,
    `${AXIOS}await axios({ url, method: "post", timeout: 5000 });`,
    `${AXIOS}await axios(url, { timeout: 5000 });`,
    `${AXIOS}await axios.request({ url, timeout: 5000 });`,
    `${AXIOS}await axios.get(url, { cancelToken: source.token });`,
    `${AXIOS}const config = { timeout: 5000 };\nawait axios.post(url, data, config);`,
    `${AXIOS}await axios.post(url, data, options);`,
    `${AXIOS}await axios(config);`,
    `${AXIOS}await axios(makeConfig());`,
    `${AXIOS}await axios.post(url, data, { ...shared });`,
    // axios instances and defaults.
    `${AXIOS}const api = axios.create({ baseURL, timeout: 10_000 });\nawait api.get("/x");\nawait api.post("/y", body);`,
    `${AXIOS}const api = axios.create(sharedConfig);\nawait api.get("/x");`,
    `${AXIOS}const api = axios.create({ baseURL });\napi.defaults.timeout = 5000;\nawait api.get("/x");`,
    `${AXIOS}axios.defaults.timeout = 5000;\nawait axios.get(url);`,
    `${AXIOS}Object.assign(axios.defaults, { timeout: 5000 });\nawait axios.get(url);`,
    // Set in the same function before the request, or in another function (it may run first).
    `${AXIOS}async function load(url) {\n  axios.defaults.timeout = 5000;\n  return axios.get(url);\n}`,
    `${AXIOS}function configure() {\n  axios.defaults.timeout = 5000;\n}\nasync function load(url) {\n  return axios.get(url);\n}`,
    `${AXIOS}for (const url of urls) {\n  await axios.get(url);\n  axios.defaults.timeout = 5000;\n}`,
    `${AXIOS}const api = axios.create();\napi.interceptors.request.use((c) => ({ ...c, timeout: 1000 }));\nawait api.get("/x");`,
    `${AXIOS}const api = axios.create({ signal: AbortSignal.timeout(60_000) });\nawait api.get("/x");`,
    `${AXIOS}class Client {\n  private http = axios.create({ timeout: 5000 });\n  get() { return this.http.get("/x"); }\n}`,
    `${AXIOS}class Client {\n  constructor() { this.http = axios.create({ timeout: 5000 }); }\n  get() { return this.http.get("/x"); }\n}`,
    // Imported instance or config from another module: unknown.
    "import api from './api';\nawait api.get('/x');",
    "import { config } from './config';\nimport axios from 'axios';\nawait axios.get(url, config);",
    `${AXIOS}class Client {\n  constructor(private http: AxiosInstance) {}\n  get() { return this.http.get("/x"); }\n}`,
    `${AXIOS}class Client {\n  a() { this.http = axios.create(); }\n  b() { this.http = other; }\n  get() { return this.http.get("/x"); }\n}`,
    `${AXIOS}class Client {\n  http = axios.create();\n  a() { this.http += 1; }\n  get() { return this.http.get("/x"); }\n}`,
    `${AXIOS}class Client {\n  static http = axios.create();\n  get() { return this.http.get("/x"); }\n}`,
    `${AXIOS}function f() { return this.http.get("/x"); }`,
    // Not an HTTP client: same method names on other objects.
    'map.get(key); cache.delete(key); store.post(x);',
    "import axios from 'axios';\nconst m = new Map();\nm.get(url);",
    `${AXIOS}axios.isAxiosError(e); axios.getUri({ url });`,
    `${AXIOS}axios[method](url);`,
    // got
    `${GOT}await got(url, { timeout: { request: 5000 } });`,
    `${GOT}await got.post(url, { json, timeout: { request: 5000 } });`,
    `${GOT}await got({ url, timeout: { request: 5000 } });`,
    `${GOT}const client = got.extend({ timeout: { request: 5000 } });\nawait client.get(url);\nawait client(url);`,
    `${GOT}const base = got.extend({ timeout: { request: 5000 } });\nconst client = base.extend({ prefixUrl });\nawait client.get("x");`,
    "import { got } from 'got';\nawait got(url, { signal: AbortSignal.timeout(5000) });",
    `${GOT}await got(req);`,
    // undici request/stream
    "import { request } from 'undici';\nawait request(url, { signal: AbortSignal.timeout(5000) });",
    "import { request } from 'undici';\nawait request(url, { headersTimeout: 5000, bodyTimeout: 5000 });",
    "import { request } from 'undici';\nawait request(url, { dispatcher: agent });",
    "const undici = require('undici');\nawait undici.request(url, { bodyTimeout: 5000 });",
    // http(s)
    "import https from 'node:https';\nhttps.get(url, { timeout: 5000 }, (res) => res.resume());",
    "import https from 'https';\nhttps.get(url, (res) => res.resume()).setTimeout(5000);",
    "import http from 'http';\nconst req = http.request({ host, timeout: 5000 });\nreq.end();",
    "import http from 'http';\nconst req = http.request(url, (res) => {});\nreq.setTimeout(5000, () => req.destroy());\nreq.end();",
    "import http from 'http';\nconst req = http.request(url, (res) => {});\nsend(req);",
    "import { get } from 'node:https';\nfunction f() { return get(url, (res) => res.resume()); }",
    "import https from 'https';\nhttps.get(options, (res) => res.resume());",
    "import https from 'https';\nhttps.get(url, { signal: AbortSignal.timeout(5000) }, (res) => res.resume());",
    // superagent
    "import superagent from 'superagent';\nawait superagent.get(url).timeout(5000);",
    "import request from 'superagent';\nawait request.post(url).send(body).timeout({ deadline: 5000 });",
    "import request from 'superagent';\nconst req = request.get(url);\nreq.timeout(5000);\nawait req;",
    "import request from 'superagent';\nreturn request.get(url);",
    // ky has a 10 s default timeout.
    "import ky from 'ky';\nawait ky.get(url).json();\nawait ky(url);",
    "import ky from 'ky';\nconst api = ky.create({ prefixUrl });\nawait api.get('x');",
    // Wrappers: only what the user names.
    { code: 'await apiFetch(url, { signal: AbortSignal.timeout(1000) });', options: [{ clients: [{ name: 'apiFetch', kind: 'fetch' }] }] },
    { code: 'await apiFetch(url, { timeout: 1000 });', options: [{ clients: [{ name: 'apiFetch', kind: 'fetch' }] }] },
    { code: 'await this.http.get(url, { timeout: 1000 });', options: [{ clients: [{ name: 'this.http', kind: 'axios' }] }] },
    { code: 'await api.get(url);', options: [{ clients: [{ name: 'other', kind: 'axios' }] }] },
    // Bounds: within, or not a literal.
    { code: 'await fetch(url, { signal: AbortSignal.timeout(30_000) });', options: [{ minimumTimeoutMs: 1000, maximumTimeoutMs: 60_000 }] },
    { code: `${AXIOS}await axios.get(url, { timeout: ms });`, options: [{ minimumTimeoutMs: 1000, maximumTimeoutMs: 60_000 }] },
    { code: `${AXIOS}const T = 5 * 1000;\nawait axios.get(url, { timeout: T });`, options: [{ minimumTimeoutMs: 1000, maximumTimeoutMs: 60_000 }] },
    { code: `${AXIOS}await axios.get(url, { timeout: 10 / 2 });`, options: [{ minimumTimeoutMs: 1000 }] },
    { code: `${AXIOS}const api = axios.create({ timeout: 5000 });`, options: [{ minimumTimeoutMs: 1000 }] },
    { code: `${GOT}const api = got.extend({ timeout: { request: 5000 } });`, options: [{ maximumTimeoutMs: 60_000 }] },
    // Browser code: a hung request holds a tab, not a server (checkBrowserCode: false by default).
    "'use client';\nawait fetch(url);",
    "import { useState } from 'react';\nimport axios from 'axios';\nexport const load = () => axios.get(url);",
    "const { toast } = require('react-toastify');\nconst axios = require('axios');\naxios.post(url, body);",
    "import Router from 'next/router';\nawait fetch(url);",
    'await fetch(url, { headers: { token: localStorage.getItem("token") } });',
    { code: 'document.title = "x"; await fetch(url);', languageOptions: { globals: { document: 'readonly' } } },
    { code: 'const App = () => <button onClick={() => fetch(url)}>go</button>;', languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    { code: 'const App = () => <><i />{fetch(url) && null}</>;', languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
    `${AXIOS}const api = axios.create({ timeout: 0 });\nwindow.api = api;`,
    // A browser service worker: its lifecycle events (`install`, `activate`, `push`…), the worker-only
    // globals `clients` and `importScripts`, `self.skipWaiting()`, `self.registration`.
    "self.addEventListener('install', (event) => event.waitUntil(caches.open('v1')));\nself.addEventListener('fetch', (event) => event.respondWith(fetch(event.request)));",
    "addEventListener('activate', (event) => event.waitUntil(caches.keys()));\naddEventListener('fetch', (event) => event.respondWith(fetch(event.request)));",
    "importScripts('/vendor.js');\nself.onfetch = (event) => event.respondWith(fetch(event.request));",
    "self.onactivate = (event) => event.waitUntil(clients.claim());\nself.onfetch = (event) => event.respondWith(fetch(event.request));",
    "self.onpush = (event) => event.waitUntil(self.registration.showNotification('x'));\nself.onfetch = (event) => event.respondWith(fetch(event.request));",
    // `timeout: 0` only means "none" for axios, node-fetch and http.
    `${GOT}const api = got.extend({ timeout: 0 });`,
    "import ky from 'ky';\nconst api = ky.create({ timeout: 0 });",
    { code: 'await apiFetch(url, { timeout: 0 });', options: [{ clients: [{ name: 'apiFetch', kind: 'fetch' }] }] },
    // More shapes that are not HTTP calls or are not judged.
    "import https from 'https';\nhttps.request.call(https, url);",
    "const { [name]: r } = require('undici');\nawait r(url);",
    "const [request] = require('undici');\nawait request(url);",
    "import fetch from 'node-fetch';\nawait fetch.default(url);",
    "import { isRedirect } from 'node-fetch';\nisRedirect(301);",
    "import { polyfill } from 'cross-fetch';\npolyfill();",
    "import { setGlobalDispatcher } from 'undici';\nsetGlobalDispatcher(agent);",
    'globalThis.structuredClone(x); window.open(url);',
    // A file of a Vite/React SPA (its package.json has no server dependency): a hung request holds a tab.
    { code: 'const res = await fetch(url);', filename: inProject('vite-spa') },
    // Serverless functions: the platform ends the invocation at its limit, so a stall cannot hold a
    // process forever (reported with `checkServerless`). A Workers module exports `{ fetch }`; every
    // module of a project with a wrangler file runs in a Worker; a Vercel function is a `(req, res)`
    // default export in `api/`; a Netlify function exports `handler` under `netlify/functions/`.
    WORKER,
    { code: 'export async function notify(text: string) {\n  await fetch(url, { method: "POST", body: text });\n}', filename: inProject('cloudflare-worker', 'src/telegram.ts') },
    { code: VERCEL, filename: inProject('vercel-functions', 'api/bot.js') },
    { code: 'module.exports = async (req, res) => {\n  await fetch(url);\n  res.end();\n};', filename: inProject('vercel-functions', 'api/pay.js') },
    { code: `${VERCEL.replace('export default async function handler', 'async function handler')}\nexport default handler;`, filename: inProject('vercel-functions', 'api/admin.js') },
    { code: NETLIFY, filename: inProject('netlify-site', 'netlify/functions/bot.ts') },
    // A Vercel function in the Web signature (`handler(request)` returning a `Response`): the module's
    // `export const config` names a runtime or a `maxDuration` (only Vercel reads it in `api/`), or the
    // project deploys to Vercel.
    { code: `export const config = { runtime: 'edge', maxDuration: 30 };\n${WEB_HANDLER}`, filename: inProject('vercel-functions', 'api/edge.ts') },
    { code: WEB_HANDLER, filename: inProject('vercel-open', 'api/web.ts') },
    // Deno edge functions end at the platform's wall-clock limit too: a module of a Supabase function
    // (`supabase/functions/<name>/`, in a project with a package.json or a `supabase/config.toml`), a
    // `_shared/` helper only functions reach (a test file importing it runs in no host), a Netlify
    // Edge Function.
    { code: EDGE, filename: inProject('supabase-app', 'supabase/functions/webhook/index.ts') },
    { code: HELPER, filename: inProject('supabase-app', 'supabase/functions/webhook/rates.ts') },
    { code: HELPER, filename: inProject('supabase-only', 'supabase/functions/bot/index.ts') },
    { code: HELPER, filename: inProject('supabase-app', 'supabase/functions/_shared/telegram.ts') },
    { code: 'export default async (request: Request) => {\n  await fetch(url);\n  return new Response("ok");\n};', filename: inProject('netlify-site', 'netlify/edge-functions/geo.ts') },
    // Next.js routes of a project that deploys to Vercel (a vercel.json next to package.json) are
    // Vercel functions: an App Router `route.ts` exporting a verb, also under `src/`; a `pages/api` handler.
    { code: ROUTE, filename: inProject('next-vercel', 'app/api/webhook/route.ts') },
    { code: ROUTE.replace('export async function POST', 'async function handle').concat('\nexport { handle as GET };'), filename: inProject('next-vercel', 'src/app/cron/route.js') },
    { code: 'export const GET = async () => Response.json(await (await fetch(url)).json());', filename: inProject('next-vercel', 'app/health/route.ts') },
    { code: VERCEL, filename: inProject('next-vercel', 'pages/api/notify.ts') },
    // A module of a project that deploys to Vercel which only its functions reach (the module graph from
    // `api/` or the Next.js folders): the platform ends the invocation that runs it. A development
    // script (`"dev": "node src/index.js"`, polling on the developer's machine) is not what a host runs.
    { code: 'export async function chart() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-bot', 'lib/chart.js') },
    // An entry of a project with a vercel.json that exports the function Vercel runs and starts its
    // long-running process only off production or off Vercel (`if (!config.isProduction) startBot(bot)`,
    // `if (!process.env.VERCEL) app.listen(3000)`): its `start` script polls only on the developer's machine.
    { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-local-start', 'lib/rate.js') },
    { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-local-listen', 'lib/rate.js') },
    { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-local-polling', 'lib/rate.js') },
    // The same guard through a `const` of NODE_ENV (`const ENVIRONMENT = process.env.NODE_ENV || ''`),
    // in a module `api/index.js` requires for a named export (`exports.startVercel = …`).
    { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-env-const', 'lib/rate.js') },
    // Firebase Cloud Functions: a module the functions package's \`main\` reaches (an \`onRequest\` or
    // \`onSchedule\` export; every trigger ends at its timeout), in a package that depends on
    // firebase-functions and that a firebase.json names as its functions source (or its \`functions/\` folder).
    { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('firebase-app', 'functions/lib/rate.js') },
    { code: 'export async function refresh() {\n  return (await fetch(url)).json();\n}', filename: inProject('firebase-app', 'functions/lib/refresh.js') },
    { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('firebase-folder', 'functions/lib/rate.js') },
    // AWS Lambda: a module that exports its handler (`exports.handler`, `export const handler`, a
    // function of `(event[, context[, callback]])`), or that only such handlers reach, in a package that
    // shows Lambda and starts no long-lived process (round 28, NEST-Protocol/NESTRedEnvelopesBot #5, #8,
    // #12, #14, #16, #21, FALSE). The AWS SDK alone shows it in a package nothing else starts (no start
    // command: `index.js` is what Lambda loads as `index.handler`); `@types/aws-lambda`, a SAM template
    // declaring a function or a `serverless.yml` naming the handler show it beside a build or deploy script.
    { code: LAMBDA, filename: inProject('lambda-sdk', 'index.js') },
    { code: LAMBDA, filename: inProject('lambda-sdk', 'lambda/verify.js') },
    { code: LAMBDA_HELPER, filename: inProject('lambda-sdk', 'lib/rates.js') },
    { code: 'export const handler = async (event: { body: string }): Promise<void> => {\n  await fetch(url, { method: "POST", body: event.body });\n};', filename: inProject('lambda-typed', 'src/index.ts') },
    { code: 'export async function notify(text: string) {\n  await fetch(url, { method: "POST", body: text });\n}', filename: inProject('lambda-typed', 'src/telegram.ts') },
    { code: 'async function handler(event) {\n  await fetch(url);\n  return { statusCode: 200 };\n}\nmodule.exports = { handler };', filename: inProject('lambda-sam', 'app.js') },
    { code: 'exports.send = async (update) => fetch(url, { method: "POST", body: JSON.stringify(update) });', filename: inProject('lambda-serverless', 'src/send.js') },
    // A Next.js route that sets `maxDuration` (read only by Vercel) marks the project as deployed there:
    // the route itself, and a module every route of the project reaches.
    { code: `export const maxDuration = 10;\n${ROUTE}`, filename: inProject('next-app', 'app/api/webhook/route.ts') },
    { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('next-max-duration', 'src/fx.ts') },
    // The Telegram Bot API host, known from the URL's static beginning: the framework's own client
    // calls it without a tighter deadline (reported with `checkBotApi`).
    `${AXIOS}export async function notify(chat_id, text) {\n  await axios.post(\`https://api.telegram.org/bot\${TOKEN}/sendMessage\`, { chat_id, text });\n}`,
    'export async function download(file) {\n  const fileUrl = `https://api.telegram.org/file/bot${process.env.BOT_TOKEN}/${file.file_path}`;\n  const response = await fetch(fileUrl);\n  return response.arrayBuffer();\n}',
    "const API = 'https://api.telegram.org/bot' + token;\nawait global.fetch(API + '/sendRichMessage', { method: 'POST' });",
    "import https from 'https';\nhttps.get(`https://api.telegram.org/bot${token}/getMe`, (res) => res.resume());",
    // A Bot API method appended to a base whose name says it is Telegram's (an environment variable, a
    // `const`, a config property): `TELEGRAM_URL=https://api.telegram.org/bot…` lives in the env file.
    `${AXIOS}const { TELEGRAM_URL } = process.env;\nexport async function reply(chat_id, text) {\n  await axios.post(\`\${TELEGRAM_URL}/sendMessage\`, { chat_id, text });\n}`,
    `${AXIOS}const url = \`\${process.env.TG_API}/editMessageText\`;\nawait axios.post(url, body);`,
    "await fetch(config.telegramApi + '/answerCallbackQuery', { method: 'POST' });",
    // Node's request options name the Bot API host and a bot method's path, inline or in a `const`.
    "import https from 'https';\nconst options = { hostname: 'api.telegram.org', path: `/bot${token}/sendAnimation`, method: 'POST' };\nconst req = https.request(options, (res) => res.resume());\nreq.end(body);",
    "import https from 'https';\nconst req = https.request({ host: 'api.telegram.org', path: '/bot' + token + '/getMe' });\nreq.end();",
    // A URL the Bot API itself hands out for a file: Telegraf's `getFileLink` (a URL object), node-telegram-bot-api's
    // (a string), grammY's `file.getUrl()` from `getFile()`.
    `${AXIOS}bot.on('photo', async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.photo[0].file_id);\n  const response = await axios.get(link.href, { responseType: 'stream' });\n});`,
    'bot.on("document", async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.document.file_id);\n  await fetch(link.toString());\n  await fetch(String(link));\n  await fetch(`${link}`);\n});',
    'bot.on("photo", async (msg) => {\n  const url = await bot.getFileLink(msg.photo[0].file_id);\n  const res = await fetch(url);\n});',
    // Either side of `||` / `??` a file link (round 25, Makar0n1/KeyShield #4: `fileUrl.href || fileUrl.toString()`).
    `${AXIOS}bot.on('document', async (ctx) => {\n  const fileUrl = await ctx.telegram.getFileLink(ctx.message.document.file_id);\n  const response = await axios.get(fileUrl.href || fileUrl.toString(), { responseType: 'arraybuffer' });\n});`,
    'bot.on(":document", async (ctx) => {\n  const file = await ctx.getFile();\n  const res = await fetch(file.getUrl());\n});',
    'bot.on(":voice", async (ctx) => {\n  const res = await fetch((await ctx.getFile()).getUrl());\n});',
    // A file URL a project function builds: every `return` of it is one.
    'const fileUrl = (path) => `https://api.telegram.org/file/bot${TOKEN}/${path}`;\nbot.on(":photo", async (ctx) => {\n  const file = await ctx.getFile();\n  await fetch(fileUrl(file.file_path));\n});',
    // A base URL held by a class: a field the class sets once (initializer or one constructor
    // assignment) from a module `const`, a `static readonly` field; followed through a concatenation.
    `${AXIOS}const FILE_BASE = 'https://api.telegram.org/file/bot';\nexport class Client {\n  fileBase: string;\n  constructor(token: string) {\n    this.fileBase = FILE_BASE + token;\n  }\n  download(path: string) {\n    return axios.get(\`\${this.fileBase}/\${path}\`, { responseType: 'stream' });\n  }\n}`,
    // A field the class only appends to after its initializer (round 31, monokaijs+midjourney-telegram-bot #1,
    // #5, #15, #24: `apiBase = 'https://api.telegram.org/bot'`, `this.apiBase += token` in the constructor).
    "class TelegramService {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor() {\n    this.apiBase += process.env.TELEGRAM_KEY;\n  }\n  sendMessage(chat_id, text) {\n    return fetch(`${this.apiBase}/sendMessage`, { method: 'POST', body: JSON.stringify({ chat_id, text }) }).then((r) => r.json());\n  }\n}\nexport default TelegramService;",
    `${AXIOS}export class Client {\n  private static readonly FILE_BASE = 'https://api.telegram.org/file/bot';\n  constructor(private readonly token: string) {}\n  download(path: string) {\n    return axios.get(Client.FILE_BASE + this.token + '/' + path);\n  }\n}`,
    { code: `${AXIOS}export const handler = async () => {\n  await axios.get(url, { timeout: 0 });\n};`, filename: inProject('netlify-site', 'netlify/functions/zero.ts') },
    // Every export form the project summaries know names the handler too: a CommonJS object, a
    // `const` exported by default, a re-export from the app's own code, an imported binding exported on.
    { code: 'const handler = async () => {\n  await fetch(url);\n};\nmodule.exports = { handler };', filename: inProject('netlify-site', 'netlify/functions/cjs.js') },
    { code: "export { handler } from '../../src/handler';\nexport async function ping() {\n  await fetch(url);\n}", filename: inProject('netlify-site', 'netlify/functions/re.ts') },
    { code: "import { handler } from '../../src/handler';\nexport { handler };\nexport async function ping() {\n  await fetch(url);\n}", filename: inProject('netlify-site', 'netlify/functions/on.ts') },
    { code: 'const handler = async (req, res) => {\n  await fetch(url);\n  res.end();\n};\nexport default handler;', filename: inProject('vercel-functions', 'api/const.js') },
    // A module that uses `window` outside a guard is browser code.
    "if (typeof window === 'undefined') throw new Error('browser only');\nwindow.addEventListener('load', () => fetch(url));",
    "var ax = require('axios');\nvar ax = require('axios');\nax.get(url);",
    'Object.create(null); factory.extend({});',
    "import http from 'http';\nhttp.request(opts);",
    'async function f(c) { await fetch(url, { signal: c.signal }); }',
    'await fetch(url, { signal: getController().signal });',
    'const c = makeController(); await fetch(url, { signal: c.signal });',
    'await fetch(url, { [k]: v, signal: null });',
    "import { request } from 'undici';\nawait request(url, { [k]: v, signal: null });",
    "await fetch(url, { 'signal': AbortSignal.timeout(1000) });",
    `${GOT}await got(url, { timeout: opts });`,
    `${GOT}await got(url, { timeout: { connect: 100 } });`,
    "import request from 'superagent';\nawait request.get(url).timeout({ response: 5000 });",
    `${AXIOS}a[b].defaults.timeout = 1;\nObject.assign(config, { timeout: 1 });\nconst api = axios.create({ timeout: 1 });\nawait api.get(url);`,
    `${AXIOS}class A {\n  http = axios.create({ timeout: 1 });\n  a() { return this.http.get("/a"); }\n  b() { return this.http.post("/b", {}); }\n  c() { this[k] = axios.create(); other.http = axios.create(); }\n  d() { return class { x() { this.http = axios.create(); } }; }\n}`,
    { code: 'await fetch(url, { signal: AbortSignal.timeout() });', options: [{ minimumTimeoutMs: 1000 }] },
    { code: `${AXIOS}await axios.get(url, { timeout: '5000' });`, options: [{ minimumTimeoutMs: 10_000 }] },
    { code: `${AXIOS}await axios.get(url, { timeout: +t });`, options: [{ minimumTimeoutMs: 10_000 }] },
    { code: `${AXIOS}await axios.get(url, { timeout: -t });`, options: [{ minimumTimeoutMs: 10_000 }] },
  ],
  invalid: [
    // TypeScript's CommonJS import form binds the whole module, as `require` does.
    {
      code: "import axios = require('axios');\nawait axios.get(url);",
      errors: [{ messageId: 'noTimeout', line: 2, column: 7, endLine: 2, endColumn: 16, suggestions: [{ messageId: 'suggestTimeout', output: "import axios = require('axios');\nawait axios.get(url, { timeout: 10_000 });" }] }],
    },
    // Browser code, when asked for; server code that merely names things like the browser.
    // A front end's package.json (Vite, React DOM) without a server dependency makes its files browser code;
    // Next.js serves API routes from the same package, so it does not.
    {
      code: 'await fetch(url);',
      filename: inProject('vite-spa'),
      options: [{ checkBrowserCode: true }],
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'export async function GET() { return fetch(url); }',
      filename: inProject('next-app'),
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'export async function GET() { return fetch(url, { signal: AbortSignal.timeout(10_000) }); }' }] }],
    },
    // Serverless, when asked for; and the same code where nothing proves a platform: a helper outside
    // `api/` (imported by a function, or by a long-running server), an `api/` module that is not a
    // `(req, res)` handler, a Netlify folder module that exports no handler, an object without `fetch`.
    ...[
      { code: WORKER, options: [{ checkServerless: true }] as const, line: 3 },
      { code: VERCEL, filename: inProject('vercel-functions', 'api/bot.js'), options: [{ checkServerless: true }] as const, line: 2 },
      { code: VERCEL, filename: inProject('vercel-functions', 'lib/bot.js'), line: 2 },
      { code: 'export default async function load(url) {\n  return fetch(url);\n}', filename: inProject('vercel-functions', 'api/load.js'), line: 2 },
      // Its twins: a one-parameter default export in `api/` with neither a runtime in its `config` nor a
      // Vercel marker in the project; the same edge function when asked for.
      { code: `export const config = { api: { bodyParser: false } };\n${WEB_HANDLER}`, filename: inProject('vercel-functions', 'api/edge.ts'), line: 3 },
      { code: `export const config = { runtime: 'edge' };\n${WEB_HANDLER}`, filename: inProject('vercel-functions', 'api/edge.ts'), options: [{ checkServerless: true }] as const, line: 3 },
      { code: 'export default {\n  async start() {\n    await fetch(url);\n  },\n};', line: 3 },
      { code: NETLIFY.replace('export const handler', 'const handler'), filename: inProject('netlify-site', 'netlify/functions/bot.ts'), line: 2 },
      { code: NETLIFY, filename: inProject('netlify-site', 'src/bot.ts'), line: 2 },
      // `handler` assigned on something that is not the module's exports.
      { code: 'app.handler = async () => {\n  await fetch(url);\n};', filename: inProject('netlify-site', 'netlify/functions/app.js'), line: 2 },
      // An edge function when asked for; a long-running Deno server outside `supabase/functions`; a
      // `_shared/` helper that server imports too, or that no function reaches; a `supabase/functions`
      // folder below the project root without a `supabase/config.toml`.
      { code: EDGE, filename: inProject('supabase-app', 'supabase/functions/webhook/index.ts'), options: [{ checkServerless: true }] as const, line: 2 },
      { code: EDGE, filename: inProject('supabase-app', 'server/main.ts'), line: 2 },
      { code: HELPER, filename: inProject('supabase-app', 'supabase/functions/_shared/shared-with-server.ts'), line: 2 },
      { code: HELPER, filename: inProject('supabase-app', 'supabase/functions/_shared/unused.ts'), line: 2 },
      { code: EDGE, filename: inProject('supabase-nested', 'tools/supabase/functions/sync/index.ts'), line: 2 },
      { code: 'export default async (request: Request) => {\n  await fetch(url);\n  return new Response("ok");\n};', filename: inProject('netlify-site', 'netlify/edge-functions/geo.ts'), options: [{ checkServerless: true }] as const, line: 2 },
      // A Next.js route when asked for; a self-hosted Next.js project (no Vercel marker: `next start`
      // is a long-running server); a module of a Vercel project that is not a route or exports no verb.
      { code: ROUTE, filename: inProject('next-vercel', 'app/api/webhook/route.ts'), options: [{ checkServerless: true }] as const, line: 2 },
      { code: ROUTE, filename: inProject('next-app', 'app/api/webhook/route.ts'), line: 2 },
      { code: ROUTE, filename: inProject('next-vercel', 'app/api/webhook/handler.ts'), line: 2 },
      { code: ROUTE, filename: inProject('next-vercel', 'lib/route.ts'), line: 2 },
      { code: ROUTE.replace('POST', 'post'), filename: inProject('next-vercel', 'app/api/webhook/route.ts'), line: 2 },
      { code: VERCEL, filename: inProject('next-vercel', 'pages/notify.ts'), line: 2 },
      // A module a long-running start reaches too: a `start` script (a host may run it), or the
      // development script of the Vercel project when a Procfile or a Dockerfile running `npm run dev`
      // runs it; or a module only that script reaches.
      { code: 'export async function chart() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-start', 'lib/chart.js'), line: 2 },
      { code: 'export async function chart() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-procfile', 'lib/chart.js'), line: 2 },
      { code: 'export async function chart() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-docker', 'lib/chart.js'), line: 2 },
      { code: 'export async function poll(next) {\n  await fetch(url);\n  await next();\n}', filename: inProject('vercel-bot', 'src/poll.js'), line: 2 },
      // The twins of a Vercel entry that starts only off production: the start not guarded, a Procfile
      // running the entry (no production guard holds there), no vercel.json;
      // a bot created polling (`{ polling: true }`) outside the guard.
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-unguarded', 'lib/rate.js'), line: 2 },
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-polling-unguarded', 'lib/rate.js'), line: 2 },
      // A `const` of another variable (`process.env.BOT_MODE`) says nothing of production: the bot may poll there.
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-env-other', 'lib/rate.js'), line: 2 },
      // A Firebase functions module another script also runs (\`"poll": "node poll.js"\`, polling in a
      // long-running process); a firebase-functions package neither a firebase.json nor its folder names; when asked for.
      { code: 'export async function quote() {\n  return (await fetch(url)).json();\n}', filename: inProject('firebase-app', 'functions/lib/quote.js'), line: 2 },
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('firebase-unconfigured', 'lib/rate.js'), line: 2 },
      // The twins of a Lambda handler: the same package also launches a polling bot (`bot.launch()` in
      // `bot.js`), or `npm start` runs a server (with only the AWS SDK, the package must start nothing);
      // a start script runs the handler's module (or the file `serverless.yml` names); no sign of
      // Lambda; Express's error handler `(err, req, res, next)` exported as `handler`; the SDK in a
      // workspace member another package may import; a one-off script of the Lambda package (no
      // handler reaches it); when asked for.
      { code: LAMBDA, filename: inProject('lambda-sdk-polling', 'index.js'), line: 2 },
      { code: LAMBDA_HELPER, filename: inProject('lambda-sdk-polling', 'lib/rates.js'), line: 1 },
      { code: LAMBDA, filename: inProject('lambda-sdk-server', 'lambda/verify.js'), line: 2 },
      { code: LAMBDA_HELPER, filename: inProject('lambda-sdk-server', 'lib/rates.js'), line: 1 },
      { code: LAMBDA, filename: inProject('lambda-started', 'src/index.js'), line: 2 },
      { code: 'exports.send = async () => (await fetch(url)).json();', filename: inProject('lambda-serverless-started', 'src/send.js'), line: 1 },
      { code: LAMBDA, filename: inProject('lambda-unsigned', 'index.js'), line: 2 },
      { code: 'exports.handler = async (err, req, res, next) => {\n  await fetch(url);\n  next(err);\n};', filename: inProject('lambda-sdk', 'lib/errors.js'), line: 2 },
      { code: LAMBDA, filename: inProject('lambda-workspace', 'packages/hooks/index.js'), line: 2 },
      { code: 'export async function report() {\n  return (await fetch(url)).text();\n}', filename: inProject('lambda-sdk', 'scripts/report.js'), line: 2 },
      { code: LAMBDA, filename: inProject('lambda-sdk', 'index.js'), options: [{ checkServerless: true }] as const, line: 2 },
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('firebase-app', 'functions/lib/rate.js'), options: [{ checkServerless: true }] as const, line: 2 },
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-guarded-procfile', 'lib/rate.js'), line: 2 },
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('guarded-no-vercel', 'lib/rate.js'), line: 2 },
      // A start command bot-audit cannot follow may run any module.
      { code: 'export async function chart() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-open', 'lib/chart.js'), line: 2 },
      // A function that loads a module by a name the walk cannot pin down may run any module.
      { code: 'export async function chart() {\n  return (await fetch(url)).json();\n}', filename: inProject('vercel-unpinned', 'lib/chart.js'), line: 2 },
      // Names a service worker has, bound or used otherwise: a local `caches` map or `clients` list, a
      // `self` parameter, a `fetch` event (a Worker's service-worker syntax has one, and `caches`).
      { code: 'const caches = new Map();\nconst clients = [];\nexport async function get(key) {\n  caches.set(key, await fetch(url));\n}', line: 4 },
      { code: 'function on(self) {\n  self.addEventListener("install", () => fetch(url));\n}', line: 2 },
      { code: 'addEventListener("fetch", (event) => event.respondWith(caches.default.match(event.request).then(() => fetch(url))));', line: 1 },
      // A Next.js project whose routes set no `maxDuration` and has no other Vercel marker (`next start`).
      { code: 'export async function rate() {\n  return (await fetch(url)).json();\n}', filename: inProject('next-self-hosted', 'src/fx.ts'), line: 2 },
    ].map(({ line, ...test }) => ({
      ...test,
      errors: [
        {
          messageId: 'fetchNoDeadline' as const,
          line,
          suggestions: [{ messageId: 'suggestSignal' as const, output: test.code.replace('fetch(url)', 'fetch(url, { signal: AbortSignal.timeout(10_000) })') }],
        },
      ],
    })),
    // The Bot API host when asked for; a URL whose beginning is not that host (an unknown base, a proxy).
    ...[
      { url: '`https://api.telegram.org/bot${token}/getMe`', options: [{ checkBotApi: true }] as const },
      { url: '`${base}/bot${token}/getMe`' },
      // A Bot API method name after a base not named for Telegram, or a Telegram-named base followed by no method.
      { url: '`${WHATSAPP_URL}/sendMessage`' },
      { url: '`${API}/sendMessage`' },
      { url: '`${TELEGRAM_URL}/sendMessage`', options: [{ checkBotApi: true }] as const },
      { url: '`${TELEGRAM_URL}/webhook/${id}`' },
      { url: "'https://proxy.example/?to=https://api.telegram.org/bot'" },
      // A file link when asked for; a link that is not the Bot API's own (`getUrl` of anything but `getFile()`).
      { url: '(await ctx.telegram.getFileLink(id)).href', options: [{ checkBotApi: true }] as const },
      { url: '(await ctx.getFile()).getUrl()', options: [{ checkBotApi: true }] as const },
      { url: '(await storage.getObject(key)).getUrl()' },
      // A helper's file URL when asked for; a helper that may return another URL.
      { url: 'fileUrl(path)', options: [{ checkBotApi: true }] as const, helper: 'const fileUrl = (path) => `https://api.telegram.org/file/bot${TOKEN}/${path}`;\n' },
      { url: 'fileUrl(path)', helper: 'const fileUrl = (path) => (path.startsWith("http") ? path : `https://api.telegram.org/file/bot${TOKEN}/${path}`);\n' },
      { url: 'link.href' },
      // A fallback that may be another host is no Bot API URL.
      { url: '(await ctx.telegram.getFileLink(id)).href || MIRROR_URL' },
      // A class field when asked for; a field the class sets twice (one may be another host), a static one that is not `readonly`.
      { url: '`${this.fileBase}/${path}`', options: [{ checkBotApi: true }] as const, helper: "class Client {\n  fileBase = 'https://api.telegram.org/file/bot' + TOKEN;\n  async get(path) {\n", tail: '\n  }\n}' },
      { url: '`${this.fileBase}/${path}`', helper: "class Client {\n  fileBase = 'https://api.telegram.org/file/bot' + TOKEN;\n  useProxy() {\n    this.fileBase = PROXY;\n  }\n  async get(path) {\n", tail: '\n  }\n}' },
      // A field appended to when asked for; one appended to and also set again, or appended to with no initializer.
      { url: '`${this.apiBase}/sendMessage`', options: [{ checkBotApi: true }] as const, helper: "class Client {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor() {\n    this.apiBase += TOKEN;\n  }\n  async send() {\n", tail: '\n  }\n}' },
      { url: '`${this.apiBase}/sendMessage`', helper: "class Client {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor() {\n    this.apiBase += TOKEN;\n  }\n  useProxy() {\n    this.apiBase = PROXY;\n  }\n  async send() {\n", tail: '\n  }\n}' },
      { url: '`${this.apiBase}/sendMessage`', helper: "class Client {\n  apiBase;\n  constructor() {\n    this.apiBase += TOKEN;\n  }\n  async send() {\n", tail: '\n  }\n}' },
      // Set again through a type wrapper or a destructuring target: not only appended to.
      { url: "this.apiBase + '/getMe'", helper: "class Api {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor(t: string, b?: string) {\n    if (b) (this as any).apiBase = b;\n    this.apiBase += t;\n  }\n  async go() {\n", tail: '\n  }\n}' },
      { url: "this.apiBase + '/getMe'", helper: "class Client {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor(b) {\n    [this.apiBase] = [b];\n    this.apiBase += TOKEN;\n  }\n  async go() {\n", tail: '\n  }\n}' },
      { url: "this.apiBase + '/getMe'", helper: "class Client {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor(b) {\n    ({ b: this.apiBase } = b);\n    this.apiBase += TOKEN;\n  }\n  async go() {\n", tail: '\n  }\n}' },
      { url: "this.apiBase + '/getMe'", helper: "class Client {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor(b) {\n    for (this.apiBase of b);\n    this.apiBase += TOKEN;\n  }\n  async go() {\n", tail: '\n  }\n}' },
      // `this` of an object literal's method or a nested `function` is not the class instance.
      { url: "this.apiBase + '/y'", helper: "class Client {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor() {\n    this.apiBase += TOKEN;\n  }\n  hooks = {\n    apiBase: 'https://x.io',\n    async call() {\n", tail: '\n    },\n  };\n}' },
      { url: "this.apiBase + '/y'", helper: "class Client {\n  apiBase = 'https://api.telegram.org/bot';\n  constructor() {\n    this.apiBase += TOKEN;\n  }\n  send() {\n    return async function () {\n", tail: '\n    };\n  }\n}' },
      { url: 'Client.FILE_BASE + path', helper: "class Client {\n  static FILE_BASE = 'https://api.telegram.org/file/bot' + TOKEN;\n}\n" },
    ].map(({ url, helper = '', tail = '', ...test }) => ({
      ...test,
      code: `${helper}await fetch(${url});${tail}`,
      errors: [{ messageId: 'fetchNoDeadline' as const, suggestions: [{ messageId: 'suggestSignal' as const, output: `${helper}await fetch(${url}, { signal: AbortSignal.timeout(10_000) });${tail}` }] }],
    })),
    // One `typeof window` guard does not make a server module browser code.
    {
      code: "const isServer = typeof window === 'undefined';\nawait fetch(url);",
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "const isServer = typeof window === 'undefined';\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: "const base = typeof window !== 'undefined' ? window.location.origin : process.env.BASE;\nawait fetch(base);",
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "const base = typeof window !== 'undefined' ? window.location.origin : process.env.BASE;\nawait fetch(base, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: "'use client';\nawait fetch(url);",
      options: [{ checkBrowserCode: true }],
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "'use client';\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: "import { Telegraf } from 'telegraf';\nimport { reactToMessage } from './react';\nfunction f(document, window) { return fetch(document.url); }",
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import { Telegraf } from 'telegraf';\nimport { reactToMessage } from './react';\nfunction f(document, window) { return fetch(document.url, { signal: AbortSignal.timeout(10_000) }); }" }] }],
    },
    {
      code: "import { NextResponse } from 'next/server';\nexport async function POST() { await fetch(url); return NextResponse.json({}); }",
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import { NextResponse } from 'next/server';\nexport async function POST() { await fetch(url, { signal: AbortSignal.timeout(10_000) }); return NextResponse.json({}); }" }] }],
    },
    {
      code: 'await fetch(url);',
      languageOptions: { globals: { window: 'readonly' } },
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: `${AXIOS}const config = { timeout: 0 };\nawait axios.get(a, config);\nawait axios.get(b, config);`,
      errors: [{ messageId: 'zeroTimeout', line: 2, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}const config = { timeout: 10_000 };\nawait axios.get(a, config);\nawait axios.get(b, config);` }] }],
    },
    // Fire-and-forget twins: something does wait for the request.
    {
      code: 'fetch(url).then((r) => r.json()).then((d) => ctx.reply(d.text));',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json()).then((d) => ctx.reply(d.text));' }] }],
    },
    {
      code: `${AXIOS}async function notify(text: string) { await axios.post(hook, { text }); }\nawait notify('x');`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}async function notify(text: string) { await axios.post(hook, { text }, { timeout: 10_000 }); }\nawait notify('x');` }] }],
    },
    // Their twins: the chain is returned to the framework, a busy flag is held across it, the combinator is not
    // the client's own, or the handler awaits the helper's chain.
    (() => {
      const code = `${AXIOS}bot.command('saldo', (ctx) =>\n  axios.all([axios.get(a)]).then(axios.spread((m) => ctx.reply(m.data))));`;
      return { code, errors: [{ messageId: 'noTimeout' as const, suggestions: [{ messageId: 'suggestTimeout' as const, output: code.replace('axios.get(a)', 'axios.get(a, { timeout: 10_000 })') }] }] };
    })(),
    (() => {
      const code = `${AXIOS}let busy = false;\nbot.command('saldo', (ctx) => {\n  if (busy) return;\n  busy = true;\n  axios.get(a).then((r) => { busy = false; return ctx.reply(r.data); });\n});`;
      return { code, errors: [{ messageId: 'noTimeout' as const, suggestions: [{ messageId: 'suggestTimeout' as const, output: code.replace('axios.get(a)', 'axios.get(a, { timeout: 10_000 })') }] }] };
    })(),
    (() => {
      const code = `${AXIOS}bot.command('saldo', (ctx) => {\n  batch.all([axios.get(a)]).then(() => ctx.reply('ok'));\n});`;
      return { code, errors: [{ messageId: 'noTimeout' as const, suggestions: [{ messageId: 'suggestTimeout' as const, output: code.replace('axios.get(a)', 'axios.get(a, { timeout: 10_000 })') }] }] };
    })(),
    (() => {
      const code = `${AXIOS}async function load(id) {\n  const r = await axios.get(url + id);\n  return r.data;\n}\nbot.command('load', async (ctx) => {\n  await load(ctx.payload).then((d) => ctx.reply(d));\n});`;
      return { code, errors: [{ messageId: 'noTimeout' as const, suggestions: [{ messageId: 'suggestTimeout' as const, output: code.replace('axios.get(url + id)', 'axios.get(url + id, { timeout: 10_000 })') }] }] };
    })(),
    // Their twins: something does wait for the detached run — a handler awaits it as well, the starter holds a
    // busy flag across it, the run loops forever, or the dropped call is the program's own start at the top level.
    {
      code: `${AXIOS}async function setWatchlist(list) {\n  const r = await axios.put(hook, { list });\n  return r.data;\n}\nasync function register(address) {\n  await setWatchlist([address]);\n}\nexport function assign(user) {\n  register(user.address).catch((e) => console.error(e));\n}\nbot.command('watch', async (ctx) => {\n  await register(ctx.payload);\n  await ctx.reply('ok');\n});`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}async function setWatchlist(list) {\n  const r = await axios.put(hook, { list }, { timeout: 10_000 });\n  return r.data;\n}\nasync function register(address) {\n  await setWatchlist([address]);\n}\nexport function assign(user) {\n  register(user.address).catch((e) => console.error(e));\n}\nbot.command('watch', async (ctx) => {\n  await register(ctx.payload);\n  await ctx.reply('ok');\n});` }] }],
    },
    {
      code: `${AXIOS}async function setWatchlist(list) {\n  const r = await axios.put(hook, { list });\n  return r.data;\n}\nasync function register(address) {\n  await setWatchlist([address]);\n}\nlet busy = false;\nexport function assign(user) {\n  if (busy) return;\n  busy = true;\n  register(user.address).finally(() => { busy = false; });\n}`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}async function setWatchlist(list) {\n  const r = await axios.put(hook, { list }, { timeout: 10_000 });\n  return r.data;\n}\nasync function register(address) {\n  await setWatchlist([address]);\n}\nlet busy = false;\nexport function assign(user) {\n  if (busy) return;\n  busy = true;\n  register(user.address).finally(() => { busy = false; });\n}` }] }],
    },
    {
      code: `${AXIOS}async function setWatchlist(list) {\n  const r = await axios.put(hook, { list });\n  return r.data;\n}\nasync function watch() {\n  while (true) {\n    await setWatchlist(await db.addresses());\n  }\n}\nexport function start() {\n  watch().catch((e) => console.error(e));\n}`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}async function setWatchlist(list) {\n  const r = await axios.put(hook, { list }, { timeout: 10_000 });\n  return r.data;\n}\nasync function watch() {\n  while (true) {\n    await setWatchlist(await db.addresses());\n  }\n}\nexport function start() {\n  watch().catch((e) => console.error(e));\n}` }] }],
    },
    {
      code: `${AXIOS}async function config() {\n  const r = await axios.get(configUrl);\n  return r.data;\n}\nasync function main() {\n  const settings = await config();\n  await bot.launch(settings);\n}\nmain();`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}async function config() {\n  const r = await axios.get(configUrl, { timeout: 10_000 });\n  return r.data;\n}\nasync function main() {\n  const settings = await config();\n  await bot.launch(settings);\n}\nmain();` }] }],
    },
    {
      code: `${AXIOS}class Disk {\n  async download(file) {\n    const r = await axios({ url: file.href, responseType: 'stream' });\n    return r.data;\n  }\n  async sync(files) {\n    for (const file of files) await this.download(file);\n  }\n}\nconst disk = new Disk();\nbot.action('generate', async (ctx) => {\n  await ctx.answerCbQuery('started');\n  await disk.sync(await list());\n  await ctx.reply('done');\n});`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}class Disk {\n  async download(file) {\n    const r = await axios({ url: file.href, responseType: 'stream', timeout: 10_000 });\n    return r.data;\n  }\n  async sync(files) {\n    for (const file of files) await this.download(file);\n  }\n}\nconst disk = new Disk();\nbot.action('generate', async (ctx) => {\n  await ctx.answerCbQuery('started');\n  await disk.sync(await list());\n  await ctx.reply('done');\n});` }] }],
    },
    {
      code: `${AXIOS}export async function notify(text: string) { await axios.post(hook, { text }); }\nnotify('x');`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}export async function notify(text: string) { await axios.post(hook, { text }, { timeout: 10_000 }); }\nnotify('x');` }] }],
    },
    // The promise kept in a variable that is then awaited, chained or passed on: someone waits for it.
    ...['await pending;', 'pending.then((t) => ctx.reply(t));', 'await send(pending);'].map((use) => {
      const code = `${AXIOS}async function token() {\n  const r = await axios.post(login, creds);\n  return r.data.token;\n}\nbot.on('text', async (ctx) => {\n  const pending = token();\n  ${use}\n});`;
      return { code, errors: [{ messageId: 'noTimeout' as const, line: 3, suggestions: [{ messageId: 'suggestTimeout' as const, output: code.replace('login, creds)', 'login, creds, { timeout: 10_000 })') }] }] };
    }),
    // One caller keeps the promise unread, another awaits it.
    {
      code: `${AXIOS}async function token() {\n  const r = await axios.post(login, creds);\n  return r.data.token;\n}\nbot.on('text', async (ctx) => {\n  const pending = token();\n});\nbot.on('photo', async (ctx) => {\n  await ctx.reply(await token());\n});`,
      errors: [{ messageId: 'noTimeout', line: 3, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}async function token() {\n  const r = await axios.post(login, creds, { timeout: 10_000 });\n  return r.data.token;\n}\nbot.on('text', async (ctx) => {\n  const pending = token();\n});\nbot.on('photo', async (ctx) => {\n  await ctx.reply(await token());\n});` }] }],
    },
    // More call shapes.
    {
      code: 'await fetch();',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [] }],
    },
    {
      code: 'await fetch?.(url);',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch?.(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await fetch(url, { signal: void 0 });',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'const c = new AbortController();\nconst init = { signal: c.signal };\nawait fetch(url, init);',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [] }],
    },
    {
      code: 'await fetch(url, { ...undefined, method: "GET" });',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { ...undefined, method: "GET", signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: `${AXIOS}await axios['get'](url);`,
      errors: [{ messageId: 'noTimeout', data: { client: 'axios.get', library: 'axios' }, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios['get'](url, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios(this.apiUrl);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios(this.apiUrl, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios(base + "/x");`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios(base + "/x", { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}const target = "https://x";\nawait axios(target);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}const target = "https://x";\nawait axios(target, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios(target, { method: "post" });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios(target, { method: "post", timeout: 10_000 });` }] }],
    },
    {
      code: "import https from 'https';\nhttps.get(target, { agent }, cb);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import https from 'https';\nhttps.get(target, { agent, signal: AbortSignal.timeout(10_000) }, cb);" }] }],
    },
    {
      code: "const { 'request': r } = require('undici');\nawait r(url);",
      errors: [{ messageId: 'undiciNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "const { 'request': r } = require('undici');\nawait r(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: "const { request = fallback } = require('undici');\nawait request(url);",
      errors: [{ messageId: 'undiciNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "const { request = fallback } = require('undici');\nawait request(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: `${GOT}got.defaults.timeout = 1;\nawait got(url);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${GOT}got.defaults.timeout = 1;\nawait got(url, { timeout: { request: 10_000 } });` }] }],
    },
    // fetch
    {
      code: 'const res = await fetch(url);',
      errors: [
        {
          messageId: 'fetchNoDeadline',
          data: { client: 'fetch' },
          line: 1,
          column: 19,
          endLine: 1,
          endColumn: 24,
          suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });' }],
        },
      ],
    },
    {
      code: 'await Promise.all([fetch(a), fetch(b)]);',
      errors: [
        { messageId: 'fetchNoDeadline', column: 20, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await Promise.all([fetch(a, { signal: AbortSignal.timeout(10_000) }), fetch(b)]);' }] },
        { messageId: 'fetchNoDeadline', column: 30, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await Promise.all([fetch(a), fetch(b, { signal: AbortSignal.timeout(10_000) })]);' }] },
      ],
    },
    {
      code: 'await retry(() => fetch(url));',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await retry(() => fetch(url, { signal: AbortSignal.timeout(10_000) }));' }] }],
    },
    {
      code: 'await fetch(url, { method: "POST", body });',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await fetch(url, {});',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await fetch(url, { method: "POST", });',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { method: "POST", signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await fetch(url, {\n  method: "POST",\n  body,\n});',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, {\n  method: "POST",\n  body,\n  signal: AbortSignal.timeout(10_000),\n});' }] }],
    },
    {
      code: 'await fetch(url, {\n  method: "POST"\n});',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, {\n  method: "POST",\n  signal: AbortSignal.timeout(10_000)\n});' }] }],
    },
    {
      code: 'await fetch(url, undefined);',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    // Options followed to their initializer: no suggestion there (a shared signal would expire once).
    {
      code: 'const init = { method: "POST" };\nawait fetch(url, init);',
      errors: [{ messageId: 'fetchNoDeadline', line: 2, suggestions: [] }],
    },
    {
      code: 'const base = { headers };\nawait fetch(url, { ...base, method: "POST" });',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'const base = { headers };\nawait fetch(url, { ...base, method: "POST", signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await globalThis.fetch(url);',
      errors: [{ messageId: 'fetchNoDeadline', data: { client: 'globalThis.fetch' }, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await globalThis.fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await (fetch as typeof globalThis.fetch)(url);',
      errors: [{ messageId: 'fetchNoDeadline', data: { client: 'fetch' }, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await (fetch as typeof globalThis.fetch)(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'const data = await fetch(url).then((r) => r.json());',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'const data = await fetch(url, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json());' }] }],
    },
    {
      code: 'await fetch(new Request(url, { method: "POST" }));',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(new Request(url, { method: "POST" }), { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    // A signal that provably never aborts.
    {
      code: 'const controller = new AbortController();\nawait fetch(url, { signal: controller.signal });',
      errors: [{ messageId: 'fetchNoDeadline', line: 2, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'const controller = new AbortController();\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await fetch(url, { signal: undefined });',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await fetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    // `timeout` in a native fetch is ignored.
    {
      code: 'await fetch(url, { method: "GET", timeout: 5000 });',
      errors: [
        {
          messageId: 'fetchIgnoresTimeout',
          line: 1,
          column: 35,
          endColumn: 48,
          suggestions: [{ messageId: 'suggestSignalForTimeout', output: 'await fetch(url, { method: "GET", signal: AbortSignal.timeout(5000) });' }],
        },
      ],
    },
    {
      code: 'const timeout = 5000;\nawait fetch(url, { timeout });',
      errors: [{ messageId: 'fetchIgnoresTimeout', suggestions: [{ messageId: 'suggestSignalForTimeout', output: 'const timeout = 5000;\nawait fetch(url, { signal: AbortSignal.timeout(timeout) });' }] }],
    },
    {
      code: 'const init = { timeout: 5000 };\nawait fetch(url, init);',
      errors: [{ messageId: 'fetchIgnoresTimeout', line: 1, suggestions: [] }],
    },
    {
      code: "import { fetch } from 'undici';\nawait fetch(url, { timeout: 5000 });",
      errors: [{ messageId: 'fetchIgnoresTimeout', suggestions: [{ messageId: 'suggestSignalForTimeout', output: "import { fetch } from 'undici';\nawait fetch(url, { signal: AbortSignal.timeout(5000) });" }] }],
    },
    // node-fetch v3 removed `timeout`: the project's package.json says which version it is.
    {
      code: "import fetch from 'node-fetch';\nawait fetch(url, { timeout: 5000 });",
      filename: inProject('node-fetch-v3'),
      errors: [
        {
          messageId: 'fetchIgnoresTimeout',
          data: { client: 'fetch', why: ' (node-fetch v3 removed it)' },
          suggestions: [{ messageId: 'suggestSignalForTimeout', output: "import fetch from 'node-fetch';\nawait fetch(url, { signal: AbortSignal.timeout(5000) });" }],
        },
      ],
    },
    // node-fetch and friends: no default timeout at all.
    {
      code: "import fetch from 'node-fetch';\nawait fetch(url);",
      errors: [
        {
          messageId: 'noTimeout',
          data: { client: 'fetch', library: 'node-fetch' },
          suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import fetch from 'node-fetch';\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });" }],
        },
      ],
    },
    {
      code: "const { default: fetch } = await import('node-fetch');\nawait fetch(url);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "const { default: fetch } = await import('node-fetch');\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: "await (await import('node-fetch')).default(url);",
      errors: [{ messageId: 'noTimeout', data: { client: "(await import('node-fetch')).default", library: 'node-fetch' }, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "await (await import('node-fetch')).default(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: "import fetch from 'node-fetch';\nawait fetch(url, { timeout: 0 });",
      errors: [{ messageId: 'zeroTimeout', data: { library: 'node-fetch' }, suggestions: [{ messageId: 'suggestTimeout', output: "import fetch from 'node-fetch';\nawait fetch(url, { timeout: 10_000 });" }] }],
    },
    {
      code: "import 'isomorphic-fetch';\nawait fetch(url);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import 'isomorphic-fetch';\nawait fetch(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    // axios: every call shape.
    {
      code: `${AXIOS}await axios.get(url);`,
      errors: [
        {
          messageId: 'noTimeout',
          data: { client: 'axios.get', library: 'axios' },
          line: 2,
          column: 7,
          endColumn: 16,
          suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.get(url, { timeout: 10_000 });` }],
        },
      ],
    },
    {
      code: `${AXIOS}await axios.delete(url, { headers });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.delete(url, { headers, timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios.post(url, data);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.post(url, data, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios.post(url);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.post(url, undefined, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios.post(url, { prompt }, { headers });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.post(url, { prompt }, { headers, timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios.patch(url, { timeout: 5000 });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.patch(url, { timeout: 5000 }, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios({ url, method: "post" });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios({ url, method: "post", timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios(url);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios(url, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios(\`\${base}/x\`, { method: "post" });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios(\`\${base}/x\`, { method: "post", timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios.request({ url });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.request({ url, timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}const config = { headers };\nawait axios.get(url, config);`,
      errors: [{ messageId: 'noTimeout', line: 3, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}const config = { headers, timeout: 10_000 };\nawait axios.get(url, config);` }] }],
    },
    {
      code: `${AXIOS}await axios.get(url, { timeout: 0 });`,
      errors: [
        {
          messageId: 'zeroTimeout',
          data: { library: 'axios' },
          line: 2,
          column: 33,
          endColumn: 34,
          suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.get(url, { timeout: 10_000 });` }],
        },
      ],
    },
    // Aliases and the ways to import axios.
    {
      code: "import { default as ax } from 'axios';\nawait ax.get(url);",
      errors: [{ messageId: 'noTimeout', data: { client: 'ax.get', library: 'axios' }, suggestions: [{ messageId: 'suggestTimeout', output: "import { default as ax } from 'axios';\nawait ax.get(url, { timeout: 10_000 });" }] }],
    },
    {
      code: "import * as ax from 'axios';\nawait ax.default.get(url);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: "import * as ax from 'axios';\nawait ax.default.get(url, { timeout: 10_000 });" }] }],
    },
    {
      code: "const axios = require('axios');\nawait axios.get(url);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: "const axios = require('axios');\nawait axios.get(url, { timeout: 10_000 });" }] }],
    },
    {
      code: "const axios = require('axios').default;\nconst http = axios;\nawait http.get(url);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: "const axios = require('axios').default;\nconst http = axios;\nawait http.get(url, { timeout: 10_000 });" }] }],
    },
    {
      code: "const { get } = require('axios');\nawait get(url);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: "const { get } = require('axios');\nawait get(url, { timeout: 10_000 });" }] }],
    },
    // Instances.
    {
      code: `${AXIOS}const api = axios.create({ baseURL });\nawait api.get("/x");`,
      errors: [{ messageId: 'noTimeout', data: { client: 'api.get', library: 'axios' }, line: 3, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}const api = axios.create({ baseURL });\nawait api.get("/x", { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}const api = axios.create();\nawait api("/x");`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}const api = axios.create();\nawait api("/x", { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}const api = axios.create({ timeout: 0 });`,
      errors: [{ messageId: 'zeroTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}const api = axios.create({ timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}class Client {\n  private http = axios.create({ baseURL });\n  get() { return this.http.get("/x"); }\n}`,
      errors: [{ messageId: 'noTimeout', data: { client: 'this.http.get', library: 'axios' }, line: 4, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}class Client {\n  private http = axios.create({ baseURL });\n  get() { return this.http.get("/x", { timeout: 10_000 }); }\n}` }] }],
    },
    {
      code: `${AXIOS}class Panel {\n  private api: AxiosInstance;\n  async login() {\n    this.api = axios.create({ baseURL });\n    await this.api.post("/login", creds);\n  }\n}`,
      errors: [{ messageId: 'noTimeout', line: 6, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}class Panel {\n  private api: AxiosInstance;\n  async login() {\n    this.api = axios.create({ baseURL });\n    await this.api.post("/login", creds, { timeout: 10_000 });\n  }\n}` }] }],
    },
    {
      code: `${AXIOS}const other = axios.create();\nother.defaults.timeout = 1000;\nconst api = axios.create();\nawait api.get("/x");`,
      errors: [{ messageId: 'noTimeout', line: 5, suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}const other = axios.create();\nother.defaults.timeout = 1000;\nconst api = axios.create();\nawait api.get("/x", { timeout: 10_000 });` }] }],
    },
    // A default of 0 (no timeout), or one set after the request in the same function: it was sent without one.
    {
      code: `${AXIOS}axios.defaults.timeout = 0;\nawait axios.get(url);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}axios.defaults.timeout = 0;\nawait axios.get(url, { timeout: 10_000 });` }] }],
    },
    {
      code: `${AXIOS}await axios.get(url);\naxios.defaults.timeout = 5000;`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}await axios.get(url, { timeout: 10_000 });\naxios.defaults.timeout = 5000;` }] }],
    },
    {
      code: `${AXIOS}async function load(url) {\n  const res = await axios.get(url);\n  axios.defaults.timeout = 5000;\n  return res;\n}`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}async function load(url) {\n  const res = await axios.get(url, { timeout: 10_000 });\n  axios.defaults.timeout = 5000;\n  return res;\n}` }] }],
    },
    {
      code: `${AXIOS}axios.defaults.headers.common.x = 1;\nawait axios.get(url);`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${AXIOS}axios.defaults.headers.common.x = 1;\nawait axios.get(url, { timeout: 10_000 });` }] }],
    },
    // got
    {
      code: `${GOT}await got(url);`,
      errors: [{ messageId: 'noTimeout', data: { client: 'got', library: 'got' }, suggestions: [{ messageId: 'suggestTimeout', output: `${GOT}await got(url, { timeout: { request: 10_000 } });` }] }],
    },
    {
      code: `${GOT}await got.post(url, { json: body }).json();`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${GOT}await got.post(url, { json: body, timeout: { request: 10_000 } }).json();` }] }],
    },
    {
      code: `${GOT}await got({ url });`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${GOT}await got({ url, timeout: { request: 10_000 } });` }] }],
    },
    {
      code: `${GOT}const client = got.extend({ prefixUrl });\nawait client.get("x");`,
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: `${GOT}const client = got.extend({ prefixUrl });\nawait client.get("x", { timeout: { request: 10_000 } });` }] }],
    },
    {
      code: "const got = require('got');\ngot.stream(url).pipe(out);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: "const got = require('got');\ngot.stream(url, { timeout: { request: 10_000 } }).pipe(out);" }] }],
    },
    // undici
    {
      code: "import { request } from 'undici';\nconst { body } = await request(url);",
      errors: [{ messageId: 'undiciNoDeadline', data: { client: 'request' }, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import { request } from 'undici';\nconst { body } = await request(url, { signal: AbortSignal.timeout(10_000) });" }] }],
    },
    {
      code: "import * as undici from 'undici';\nawait undici.stream(url, { method: 'GET' }, factory);",
      errors: [{ messageId: 'undiciNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import * as undici from 'undici';\nawait undici.stream(url, { method: 'GET', signal: AbortSignal.timeout(10_000) }, factory);" }] }],
    },
    // http(s)
    {
      code: "import https from 'node:https';\nhttps.get(url, (res) => res.resume());",
      errors: [{ messageId: 'noTimeout', data: { client: 'https.get', library: 'Node’s `http`' }, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import https from 'node:https';\nhttps.get(url, { signal: AbortSignal.timeout(10_000) }, (res) => res.resume());" }] }],
    },
    // Another host, or a path that is not a bot method's: still reported.
    {
      code: "import https from 'https';\nconst options = { hostname: 'api.example.com', path: `/bot${token}/send` };\nhttps.request(options).end();",
      errors: [{ messageId: 'noTimeout', suggestions: [] }],
    },
    {
      code: "import https from 'https';\nhttps.request({ hostname: 'api.telegram.org', path: '/health' }).end();",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import https from 'https';\nhttps.request({ hostname: 'api.telegram.org', path: '/health', signal: AbortSignal.timeout(10_000) }).end();" }] }],
    },
    {
      code: "const http = require('http');\nconst req = http.request({ host, path });\nreq.on('error', onError);\nreq.end();",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "const http = require('http');\nconst req = http.request({ host, path, signal: AbortSignal.timeout(10_000) });\nreq.on('error', onError);\nreq.end();" }] }],
    },
    {
      code: "import { request } from 'https';\nrequest(url, { method: 'POST' }, onResponse).on('error', onError).end(body);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: "import { request } from 'https';\nrequest(url, { method: 'POST', signal: AbortSignal.timeout(10_000) }, onResponse).on('error', onError).end(body);" }] }],
    },
    {
      code: "import http from 'http';\nhttp.get(url, { timeout: 0 }, cb);",
      errors: [{ messageId: 'zeroTimeout', suggestions: [{ messageId: 'suggestTimeout', output: "import http from 'http';\nhttp.get(url, { timeout: 10_000 }, cb);" }] }],
    },
    // superagent
    {
      code: "import superagent from 'superagent';\nconst res = await superagent.get(url).set('x', 'y');",
      errors: [{ messageId: 'noTimeout', data: { client: 'superagent.get', library: 'superagent' }, suggestions: [{ messageId: 'suggestTimeout', data: { text: '.timeout(10_000)' }, output: "import superagent from 'superagent';\nconst res = await superagent.get(url).timeout(10_000).set('x', 'y');" }] }],
    },
    {
      code: "const request = require('superagent');\nrequest.post(url).send(body).end(callback);",
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: "const request = require('superagent');\nrequest.post(url).timeout(10_000).send(body).end(callback);" }] }],
    },
    // Wrappers named in `clients`.
    {
      code: 'await apiFetch(url);',
      options: [{ clients: [{ name: 'apiFetch', kind: 'fetch' }] }],
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'await apiFetch(url, { signal: AbortSignal.timeout(10_000) });' }] }],
    },
    {
      code: 'await this.http.post(url, body);',
      options: [{ clients: [{ name: 'this.http', kind: 'axios' }] }],
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: 'await this.http.post(url, body, { timeout: 10_000 });' }] }],
    },
    {
      code: 'await api.post("x", { json });',
      options: [{ clients: [{ name: 'api', kind: 'got' }] }],
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', output: 'await api.post("x", { json, timeout: { request: 10_000 } });' }] }],
    },
    // Bounds.
    {
      code: 'await fetch(url, { signal: AbortSignal.timeout(100) });',
      options: [{ minimumTimeoutMs: 1000 }],
      errors: [{ messageId: 'timeoutTooShort', data: { value: 100, limit: 1000 }, line: 1, column: 48, endColumn: 51 }],
    },
    {
      code: `${AXIOS}await axios.get(url, { timeout: 10 * 60 * 1000 });`,
      options: [{ maximumTimeoutMs: 120_000 }],
      errors: [{ messageId: 'timeoutTooLong', data: { value: 600_000, limit: 120_000 } }],
    },
    {
      code: `${GOT}await got(url, { timeout: { request: 300_000 } });`,
      options: [{ maximumTimeoutMs: 120_000 }],
      errors: [{ messageId: 'timeoutTooLong' }],
    },
    {
      code: "import request from 'superagent';\nawait request.get(url).timeout(50);",
      options: [{ minimumTimeoutMs: 1000 }],
      errors: [{ messageId: 'timeoutTooShort' }],
    },
    {
      code: `${AXIOS}const api = axios.create({ timeout: 500_000 });`,
      options: [{ maximumTimeoutMs: 120_000 }],
      errors: [{ messageId: 'timeoutTooLong' }],
    },
    {
      code: `${AXIOS}const api = axios.create({ timeout: -1 });`,
      options: [{ minimumTimeoutMs: 1000 }],
      errors: [{ messageId: 'timeoutTooShort' }],
    },
  ],
});

// A request whose only callers race it against a deadline: the handler's wait is bounded there.
ruleTester.run('require-http-timeout: deadlines set by the callers', rule, {
  valid: [
    'class Api {\n  async load(id) { const res = await fetch(`https://api.example.com/x/${id}`); return res.json(); }\n  get(id) { return Promise.race([this.load(id), timeout(5000)]); }\n}',
    'async function load(id) { return fetch(url + id); }\nexport async function handler(ctx) { const data = await withTimeout(load(ctx.id), 8000); }',
    'async function load() { return fetch(url); }\nasync function refresh() { return load(); }\nexport const run = () => pTimeout(refresh(), { milliseconds: 5000 });',
  ],
  invalid: [
    {
      code: 'class Api {\n  async load(id) { const res = await fetch(`https://api.example.com/x/${id}`); return res.json(); }\n  get(id) { return Promise.race([this.load(id), timeout(5000)]); }\n  all() { return this.load("all"); }\n}',
      errors: [{ messageId: 'fetchNoDeadline', line: 2, suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'class Api {\n  async load(id) { const res = await fetch(`https://api.example.com/x/${id}`, { signal: AbortSignal.timeout(10_000) }); return res.json(); }\n  get(id) { return Promise.race([this.load(id), timeout(5000)]); }\n  all() { return this.load("all"); }\n}' }] }],
    },
    // Exported: other modules call it without a deadline.
    {
      code: 'export async function load(id) { return fetch(url + id); }\nexport const handler = (ctx) => withTimeout(load(ctx.id), 8000);',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'export async function load(id) { return fetch(url + id, { signal: AbortSignal.timeout(10_000) }); }\nexport const handler = (ctx) => withTimeout(load(ctx.id), 8000);' }] }],
    },
    // Never called: nothing bounds it.
    {
      code: 'async function load() { return fetch(url); }',
      errors: [{ messageId: 'fetchNoDeadline', suggestions: [{ messageId: SIGNAL_SUGGESTION, output: 'async function load() { return fetch(url, { signal: AbortSignal.timeout(10_000) }); }' }] }],
    },
  ],
});

/** A bot project on disk: a service file exports one instance (or a function), handlers in other files call it. */
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-callers-'));
const write = (name: string, lines: string[]): string => {
  const file = path.join(project, name);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
};
fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1' } }));
/** A mail method: it loads settings, posts, reads the error body, logs a failure and returns a boolean. */
const mailMethod = (name: string): string =>
  `  async ${name}(to: string) {\n    const about = await loadAbout();\n    try {\n      const res = await fetch(this.url, { method: 'POST', body: JSON.stringify({ to, about }) });\n      if (!res.ok) throw new Error(JSON.stringify(await res.json()));\n      return true;\n    } catch (error) {\n      logger.error('mail failed', error);\n      return false;\n    }\n  }`;
const service = (cls: string, methods: string[], tail: string): string[] => [`class ${cls} {`, '  url = process.env.MAIL_URL!;', ...methods.map(mailMethod), '}', tail];
const MAIL = service('Mailer', ['sendWelcome', 'sendReceipt'], 'export default new Mailer();');
const BILLING = service('Billing', ['sendInvoiceMail'], 'export const billing = new Billing();');
const ALERTS = service('Alerts', ['sendAlertMail'], 'export default new Alerts();');
const PASSED = service('Digest', ['sendDigestMail'], 'export default new Digest();');
const ALIASED = service('Notes', ['sendNoteMail'], 'export default new Notes();');
const QUEUED = [
  'class Audit {',
  '  async recordMail(to: string) {',
  '    try { await fetch(auditUrl, { method: "POST", body: to }); await db.audit.insert({ to }); } catch (error) { logger.error(error); }',
  '  }',
  '}',
  'export default new Audit();',
];
const PING = ['export async function pingMail(to: string) {', '  try { await fetch(pingUrl, { method: "POST", body: to }); } catch (error) { logger.error(error); }', '}'];
const mailFile = write('mail.ts', MAIL);
const billingFile = write('billing.ts', BILLING);
const alertsFile = write('alerts.ts', ALERTS);
const passedFile = write('digest.ts', PASSED);
const aliasedFile = write('notes.ts', ALIASED);
const queuedFile = write('audit.ts', QUEUED);
const pingFile = write('ping.ts', PING);
write('register.ts', [
  "import mailer from './mail';",
  "import { billing } from './billing';",
  "import { pingMail } from './ping';",
  "import audit from './audit';",
  'export async function onRegister(ctx) {',
  "  mailer.sendWelcome(ctx.from.email).catch((err) => logger.error('mail failed', err));",
  '  billing.sendInvoiceMail(ctx.from.email);',
  '  pingMail(ctx.from.email);',
  '  audit.recordMail(ctx.from.email).catch(() => {});',
  "  await ctx.reply('Welcome!');",
  '}',
]);
write('receipt.ts', ["import mailer from './mail';", 'export async function onPaid(ctx) {', '  await mailer.sendReceipt(ctx.from.email);', "  await ctx.reply('Paid');", '}']);
write('alert.ts', ["import * as alerts from './alerts';", 'export function onAlert(ctx) {', '  alerts.default.sendAlertMail(ctx.from.email).catch(() => {});', '}']);
write('digest-handler.ts', ["import digest from './digest';", 'export function onDigest(ctx) {', '  digest.sendDigestMail(ctx.from.email).catch(() => {});', '  queue.add(digest);', '}']);
write('notes-handler.ts', ["import notes from './notes';", 'export function onNote(ctx) {', '  notes.sendNoteMail(ctx.from.email).catch(() => {});', '}']);
write('notes-aliased.ts', ["import notes from '@/notes';", 'export async function onNoteNow(ctx) {', '  await notes.sendNoteMail(ctx.from.email);', '}']);
/** The error at `line`, with the suggestion adding a signal to the `nth` request's options. */
const fetchAt = (lines: string[], line: number, options: string, nth = 0) => {
  const code = lines.join('\n');
  let at = -1;
  for (let i = 0; i <= nth; i++) at = code.indexOf(options, at + 1);
  const fixed = options.replace(/ \}$/, ', signal: AbortSignal.timeout(10_000) }');
  return { code, errors: [{ messageId: 'fetchNoDeadline' as const, line, suggestions: [{ messageId: 'suggestSignal' as const, output: code.slice(0, at) + fixed + code.slice(at + options.length) }] }] };
};
const MAIL_OPTIONS = "{ method: 'POST', body: JSON.stringify({ to, about }) }";

// Fire-and-forget across files: every call of the service method in the bot project drops its promise.
ruleTester.run('require-http-timeout: callers in other project files', rule, {
  valid: [
    // `mailer.sendWelcome(…).catch(log)` in another file's handler, then a reply that does not wait for the mail.
    { code: service('Mailer', ['sendWelcome'], 'export default new Mailer();').join('\n'), filename: mailFile },
    // `export const billing = new Billing()`, called as a bare statement.
    { code: BILLING.join('\n'), filename: billingFile },
    // An exported function whose one caller drops its promise.
    { code: PING.join('\n'), filename: pingFile },
    // A write after the request in the dropped run: nobody else waits, the run alone stays unfinished.
    { code: QUEUED.join('\n'), filename: queuedFile },
  ],
  invalid: [
    // `sendReceipt` is awaited by a handler: the user waits for the mail API (`sendWelcome` in the same file stays silent).
    { ...fetchAt(MAIL, 17, MAIL_OPTIONS, 1), filename: mailFile },
    // A namespace import: the instance may be passed on.
    { ...fetchAt(ALERTS, 6, MAIL_OPTIONS), filename: alertsFile },
    // The instance is passed on (`queue.add(digest)`): callers unseen.
    { ...fetchAt(PASSED, 6, MAIL_OPTIONS), filename: passedFile },
    // A file that imports it through a path alias and awaits it: the reverse module graph misses it, the name does not.
    { ...fetchAt(ALIASED, 6, MAIL_OPTIONS), filename: aliasedFile },
  ],
});

// A Bot API file link handed to a helper: every caller in the bot project passes what `getFileLink` gave.
const DOWNLOADER = [
  "import axios from 'axios';",
  'class Downloader {',
  '  async save(url: string, name: string) {',
  "    const response = await axios({ method: 'get', url, responseType: 'stream' });",
  '    return response.data.pipe(createWriteStream(name));',
  '  }',
  '  async page(url: string) {',
  "    const response = await axios({ method: 'get', url });",
  '    return response.data;',
  '  }',
  '}',
  'export const downloader = new Downloader();',
];
const downloaderFile = write('downloader.ts', DOWNLOADER);
write('video.ts', [
  "import { downloader } from './downloader';",
  "bot.on('video_note', async (ctx) => {",
  '  const link = await ctx.telegram.getFileLink(ctx.message.video_note.file_id);',
  "  await downloader.save(link, 'note.mp4');",
  "  await downloader.page('https://example.com/' + ctx.message.caption);",
  '});',
  "bot.on('voice', async (ctx) => { await downloader.save(await ctx.telegram.getFileLink(ctx.message.voice.file_id), 'voice.ogg'); });",
]);
// Another project file names the method on something else: it cannot reach the instance without naming it.
write('store.ts', ['export async function keep(db) {', '  await db.user.save({ id: 1 });', '}']);
// A helper whose instance a file names through a path alias: callers unseen.
const FETCHER = ["import axios from 'axios';", 'class Fetcher {', '  async grab(url: string) {', "    return axios({ url, responseType: 'stream' });", '  }', '}', 'export const fetcher = new Fetcher();'];
const fetcherFile = write('fetcher.ts', FETCHER);
write('clip.ts', ["import { fetcher } from './fetcher';", "bot.on('video', async (ctx) => { await fetcher.grab(await ctx.telegram.getFileLink(ctx.message.video.file_id)); });"]);
write('clip-aliased.ts', ["import { fetcher } from '@/fetcher';", "bot.on('animation', async (ctx) => { await fetcher.grab(await ctx.telegram.getFileLink(ctx.message.animation.file_id)); });"]);
const LOCAL_DOWNLOAD = (second: string) =>
  `${AXIOS}async function download(url: string) {\n  const r = await axios.get(url, { responseType: 'arraybuffer' });\n  return r.data;\n}\nbot.on('photo', async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.photo[0].file_id);\n  await download(link.href);\n  ${second}\n});`;

ruleTester.run('require-http-timeout: a Bot API file link passed to a helper', rule, {
  valid: [
    // Telegraf's file link as the `url` of an axios config, in the handler and through a helper of this file.
    `${AXIOS}bot.on('video', async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.video.file_id);\n  const r = await axios({ url: link.href, responseType: 'stream' });\n});`,
    LOCAL_DOWNLOAD("await download(String(await ctx.telegram.getFileLink(ctx.message.photo[1].file_id)));"),
  ],
  invalid: [
    // One caller passes another URL; the helper's other method gets a page of the web.
    {
      code: LOCAL_DOWNLOAD('await download(ctx.message.caption);'),
      errors: [{ messageId: 'noTimeout', line: 3, suggestions: [{ messageId: 'suggestTimeout', data: { text: 'timeout: 10_000' }, output: LOCAL_DOWNLOAD('await download(ctx.message.caption);').replace("responseType: 'arraybuffer' }", "responseType: 'arraybuffer', timeout: 10_000 }") }] }],
    },
    {
      code: DOWNLOADER.join('\n'),
      filename: downloaderFile,
      errors: [{ messageId: 'noTimeout', line: 8, suggestions: [{ messageId: 'suggestTimeout', data: { text: 'timeout: 10_000' }, output: DOWNLOADER.join('\n').replace("{ method: 'get', url }", "{ method: 'get', url, timeout: 10_000 }") }] }],
    },
    // A `url` that is not the file link, and a config that may set another.
    {
      code: `${AXIOS}bot.on('video', async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.video.file_id);\n  await axios({ url: mirror, data: link.href });\n});`,
      errors: [{ messageId: 'noTimeout', line: 4, suggestions: [{ messageId: 'suggestTimeout', data: { text: 'timeout: 10_000' }, output: `${AXIOS}bot.on('video', async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.video.file_id);\n  await axios({ url: mirror, data: link.href, timeout: 10_000 });\n});` }] }],
    },
    {
      code: FETCHER.join('\n'),
      filename: fetcherFile,
      errors: [{ messageId: 'noTimeout', line: 4, suggestions: [{ messageId: 'suggestTimeout', data: { text: 'timeout: 10_000' }, output: FETCHER.join('\n').replace("responseType: 'stream' }", "responseType: 'stream', timeout: 10_000 }") }] }],
    },
    // The project helper without a project around it: its callers are unseen.
    {
      code: DOWNLOADER.join('\n'),
      errors: [3, 7].map((line) => ({ messageId: 'noTimeout' as const, line: line + 1, suggestions: [{ messageId: 'suggestTimeout' as const, data: { text: 'timeout: 10_000' }, output: DOWNLOADER.map((text, i) => (i === line ? text.replace(/(url(?:, responseType: 'stream')?) \}/, '$1, timeout: 10_000 }') : text)).join('\n') }] })),
    },
  ],
});

// A helper whose URL parameter is optional (`imageUrl = null`) and which returns before the request when it is not
// given: a caller that omits it never reaches the request; every caller that passes one passes a file link.
const DESCRIBE = (guard: string, third: string) =>
  `${AXIOS}const describe = async (prompt, imageUrl = null) => {\n  ${guard}\n  const image = await axios.get(imageUrl, { responseType: 'arraybuffer' });\n  return model.generate([prompt, image.data]);\n};\nbot.on('text', async (ctx) => { await describe(ctx.message.text); });\nbot.on('photo', async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.photo[0].file_id);\n  await describe(ctx.message.caption, link);\n});\n${third}`;
const DESCRIBE_TRY = (guard: string) => DESCRIBE(`try {\n  ${guard}`, '').replace('return model.generate([prompt, image.data]);\n', 'return model.generate([prompt, image.data]);\n  } catch (error) {\n    log(error);\n    throw error;\n  }\n');
const describeInvalid = (guard: string, third: string) => ({
  code: DESCRIBE(guard, third),
  errors: [{ messageId: 'noTimeout' as const, line: 4, suggestions: [{ messageId: 'suggestTimeout' as const, data: { text: 'timeout: 10_000' }, output: DESCRIBE(guard, third).replace("responseType: 'arraybuffer' }", "responseType: 'arraybuffer', timeout: 10_000 }") }] }],
});

ruleTester.run('require-http-timeout: an optional file link a helper returns without', rule, {
  valid: [
    DESCRIBE('if (!imageUrl) return model.generate(prompt);', ''),
    DESCRIBE('if (!imageUrl) {\n    return model.generate(prompt);\n  }', "bot.on('sticker', async (ctx) => { await describe('sticker', undefined); });"),
    DESCRIBE('if (!model || imageUrl == null) throw new Error("no image");', ''),
    // In a `try` block around the request.
    DESCRIBE_TRY('if (!imageUrl) return model.generate(prompt);'),
  ],
  invalid: [
    // No early return: the request is sent with no URL given (an axios instance's base, a relative path).
    describeInvalid('log(prompt);', ''),
    // The guard tests something else, or does not leave the function.
    describeInvalid('if (!prompt) return null;', ''),
    describeInvalid('if (!imageUrl) log(prompt);', ''),
    // A strict test of `undefined` lets the `null` default through.
    describeInvalid('if (imageUrl === undefined) return model.generate(prompt);', ''),
    {
      code: DESCRIBE_TRY('for (const p of prompts) {\n    if (!imageUrl) break;\n  }'),
      errors: [{ messageId: 'noTimeout' as const, line: 7, suggestions: [{ messageId: 'suggestTimeout' as const, data: { text: 'timeout: 10_000' }, output: DESCRIBE_TRY('for (const p of prompts) {\n    if (!imageUrl) break;\n  }').replace("responseType: 'arraybuffer' }", "responseType: 'arraybuffer', timeout: 10_000 }") }] }],
    },
    // A caller that passes another URL.
    describeInvalid('if (!imageUrl) return model.generate(prompt);', "bot.on('sticker', async (ctx) => { await describe('sticker', ctx.message.caption); });"),
  ],
});

// The same helper as a module's ES default export (`export default describe`): a module that is no platform entry is
// called only by the project files that import it, under any name (`import ask from './gemini.js'`).
const defaults = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-default-'));
const writeDefault = (name: string, text: string): string => {
  const file = path.join(defaults, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};
fs.writeFileSync(path.join(defaults, 'package.json'), JSON.stringify({ type: 'module', main: 'lib/main.js', scripts: { start: 'node bot.js' }, dependencies: { telegraf: '^4', axios: '^1' } }));
const DEFAULT_BODY = "{\n  if (!imageUrl) return model.generate(prompt);\n  const image = await axios.get(imageUrl, { responseType: 'arraybuffer' });\n  return model.generate([prompt, image.data]);\n}";
const NAMED_DEFAULT = `${AXIOS}const describe = async (prompt, imageUrl = null) => ${DEFAULT_BODY};\nexport default describe;\n`;
const ANONYMOUS_DEFAULT = `${AXIOS}export default async function (prompt, imageUrl = null) ${DEFAULT_BODY}\n`;
/** A handler file that calls the default export of `from` under the name `ask`, with no URL or with a file link. */
const askerOf = (from: string, importLine = `import ask from '${from}';`): string =>
  `${importLine}\nbot.on('text', async (ctx) => { await ask(ctx.message.text); });\nbot.on('photo', async (ctx) => {\n  const link = await ctx.telegram.getFileLink(ctx.message.photo[0].file_id);\n  await ask(ctx.message.caption, link);\n});\n`;
const namedDefaultFile = writeDefault('utils/gemini.js', NAMED_DEFAULT);
writeDefault('bot.js', askerOf('./utils/gemini.js'));
const anonymousDefaultFile = writeDefault('utils/vision.js', ANONYMOUS_DEFAULT);
writeDefault('photos.js', askerOf('./utils/vision.js'));
// An entry of the package (its `main`): code outside the project may call its default export.
const entryDefaultFile = writeDefault('lib/main.js', NAMED_DEFAULT);
writeDefault('entry-caller.js', askerOf('./lib/main.js'));
// A module whose importer passes its default export on (`export { default as ask } from …`): callers unseen (here one
// passes a URL of the user's).
const reexportedFile = writeDefault('utils/summary.js', NAMED_DEFAULT);
writeDefault('utils/index.js', "export { default as ask } from './summary.js';\n");
writeDefault('summaries.js', askerOf('./utils/summary.js'));
writeDefault('links.js', "import { ask } from './utils/index.js';\nbot.on('text', async (ctx) => { await ask('link', ctx.message.text); });\n");
// Importers through a tsconfig `paths` alias (`import ask from '@/utils/linked.js'`) are callers too: one that passes a
// URL of the user's keeps the report.
writeDefault('tsconfig.json', JSON.stringify({ compilerOptions: { allowJs: true, baseUrl: '.', paths: { '@/*': ['./*'] } } }));
const aliasedDefaultFile = writeDefault('utils/linked.js', NAMED_DEFAULT);
writeDefault('aliased.js', askerOf('@/utils/linked.js'));
const aliasedUserUrlFile = writeDefault('utils/fetched.js', NAMED_DEFAULT);
writeDefault('user-url.js', "import ask from '@/utils/fetched.js';\nbot.on('text', async (ctx) => { await ask('link', ctx.message.text); });\n");
const defaultInvalid = (code: string, filename: string) => ({
  code,
  filename,
  errors: [{ messageId: 'noTimeout' as const, suggestions: [{ messageId: 'suggestTimeout' as const, data: { text: 'timeout: 10_000' }, output: code.replace("responseType: 'arraybuffer' }", "responseType: 'arraybuffer', timeout: 10_000 }") }] }],
});

ruleTester.run('require-http-timeout: a default export its importers call with a file link', rule, {
  valid: [
    { code: NAMED_DEFAULT, filename: namedDefaultFile },
    { code: ANONYMOUS_DEFAULT, filename: anonymousDefaultFile },
    { code: NAMED_DEFAULT, filename: aliasedDefaultFile },
  ],
  invalid: [defaultInvalid(NAMED_DEFAULT, entryDefaultFile), defaultInvalid(NAMED_DEFAULT, reexportedFile), defaultInvalid(NAMED_DEFAULT, aliasedUserUrlFile)],
});

// A module that reads Vite's environment (`import.meta.env`) and that only browser code imports, through a tsconfig
// `paths` alias (`@/lib/chat`) or a relative path, is browser code too, in a package that also holds a server.
const spa = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-vite-importers-'));
const writeSpa = (name: string, text: string): string => {
  const file = path.join(spa, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};
writeSpa('package.json', JSON.stringify({ type: 'module', dependencies: { express: '^5', react: '^18', 'react-dom': '^18', telegraf: '^4' }, devDependencies: { vite: '^5' } }));
writeSpa('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } }));
const VITE_CLIENT = 'export async function ask(question: string) {\n  const model = import.meta.env.VITE_MODEL;\n  const r = await fetch(`${base}/${model}`, { method: "POST", body: question });\n  return r.text();\n}\n';
const PLAIN_CLIENT = VITE_CLIENT.replace('import.meta.env.VITE_MODEL', 'settings.model');
const page = (from: string): string => `import { ask } from '${from}';\nexport default function Lab() {\n  return <button onClick={() => ask('x')}>Ask</button>;\n}\n`;
const viteClientFile = writeSpa('src/lib/chat.ts', VITE_CLIENT);
writeSpa('src/pages/Lab.tsx', page('@/lib/chat'));
// Through a module of the same kind: a hook that reads the environment too, used by a page.
const viteDeepFile = writeSpa('src/lib/deep.ts', VITE_CLIENT);
writeSpa('src/hooks/useDeep.ts', "import { ask } from '../lib/deep';\nexport const useDeep = () => (import.meta.env.DEV ? null : ask);\n");
writeSpa('src/pages/Deep.tsx', page('@/hooks/useDeep').replace('{ ask }', '{ useDeep as ask }'));
// A server file imports it too: server code.
const viteSharedFile = writeSpa('src/lib/shared.ts', VITE_CLIENT);
writeSpa('src/pages/Shared.tsx', page('@/lib/shared'));
writeSpa('server/index.ts', "import express from 'express';\nimport { ask } from '../src/lib/shared';\nconst app = express();\napp.post('/ask', async (req, res) => res.send(await ask(req.body.q)));\n");
// No bundler environment read: the page's import alone proves nothing about the module.
const plainClientFile = writeSpa('src/lib/plain.ts', PLAIN_CLIENT);
writeSpa('src/pages/Plain.tsx', page('@/lib/plain'));
// Nobody imports it.
const viteLoneFile = writeSpa('src/lib/lone.ts', VITE_CLIENT);
const viteInvalid = (code: string, filename: string) => ({
  code,
  filename,
  errors: [{ messageId: 'fetchNoDeadline' as const, suggestions: [{ messageId: 'suggestSignal' as const, output: code.replace('body: question }', 'body: question, signal: AbortSignal.timeout(10_000) }') }] }],
});

ruleTester.run('require-http-timeout: a module that reads import.meta.env and only browser code imports', rule, {
  valid: [
    { code: VITE_CLIENT, filename: viteClientFile },
    { code: VITE_CLIENT, filename: viteDeepFile },
  ],
  invalid: [viteInvalid(VITE_CLIENT, viteSharedFile), viteInvalid(PLAIN_CLIENT, plainClientFile), viteInvalid(VITE_CLIENT, viteLoneFile)],
});

// A Next.js Mini App (round 27, bushiwarriror44+miniapp-bot, require-http-timeout#6 and #18): a fetch helper
// module whose every importer is a `'use client'` page, by a tsconfig `paths` alias or a relative path, or a
// component without the directive that only such pages import, is bundled for the browser. Its twins stay
// server code: one a server component (a page without the directive) also imports, one a route handler also
// imports, one that is a Server Action module (`'use server'`) or imports `server-only`, one only a Server
// Action module imports, one nothing imports.
const next = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-next-client-'));
const writeNext = (name: string, text: string): string => {
  const file = path.join(next, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};
writeNext('package.json', JSON.stringify({ private: true, scripts: { dev: 'next dev', build: 'next build', start: 'next start' }, dependencies: { next: '16.1.6', react: '19.2.3', 'react-dom': '19.2.3' } }));
writeNext('tsconfig.json', JSON.stringify({ compilerOptions: { jsx: 'react-jsx', paths: { '@/*': ['./src/*'] } } }));
const USERS_API =
  'const API_BASE = (process.env.NEXT_PUBLIC_API_URL || "http://localhost:3001").replace(/\\/$/, "");\n\nexport async function fetchUserStatistics(telegramId: string) {\n  const res = await fetch(`${API_BASE}/users/me/statistics?telegramId=${telegramId}`);\n  if (!res.ok) throw new Error(`Failed: ${res.status}`);\n  return res.json();\n}\n';
const clientPage = (from: string, directive = '"use client";\n\n'): string =>
  `${directive}import { useEffect, useState } from "react";\nimport { fetchUserStatistics } from "${from}";\n\nexport default function StatisticsPage() {\n  const [stats, setStats] = useState(null);\n  useEffect(() => {\n    fetchUserStatistics("1").then(setStats);\n  }, []);\n  return <div>{JSON.stringify(stats)}</div>;\n}\n`;
const usersApiFile = writeNext('src/shared/api/users.ts', USERS_API);
writeNext('src/app/profile/statistics/page.tsx', clientPage('@/shared/api/users'));
writeNext('src/app/exchange/view/page.tsx', clientPage('../../../shared/api/users', "'use strict';\n'use client';\n"));
// Through a component without the directive that only a client page imports: a client component too.
const deepApiFile = writeNext('src/shared/api/deep.ts', USERS_API);
writeNext('src/components/Stats.tsx', clientPage('@/shared/api/deep', ''));
writeNext('src/app/stats/page.tsx', '"use client";\nimport Stats from "@/components/Stats";\nexport default function Page() {\n  return <Stats />;\n}\n');
// A server component (no directive) imports it too.
const serverPageApiFile = writeNext('src/shared/api/rendered.ts', USERS_API);
writeNext('src/app/rendered/client.tsx', clientPage('@/shared/api/rendered'));
writeNext('src/app/rendered/page.tsx', 'import { fetchUserStatistics } from "@/shared/api/rendered";\n\nexport default async function Page() {\n  const stats = await fetchUserStatistics("1");\n  return <div>{JSON.stringify(stats)}</div>;\n}\n');
// A route handler imports it too.
const routeApiFile = writeNext('src/shared/api/routed.ts', USERS_API);
writeNext('src/app/routed/page.tsx', clientPage('@/shared/api/routed'));
writeNext('src/app/api/stats/route.ts', 'import { fetchUserStatistics } from "@/shared/api/routed";\n\nexport async function GET() {\n  return Response.json(await fetchUserStatistics("1"));\n}\n');
// A Server Action module, and a module that imports `server-only`: server code whoever imports them.
const ACTIONS = `"use server";\n\n${USERS_API}`;
const actionsFile = writeNext('src/app/actions.ts', ACTIONS);
writeNext('src/app/actions/page.tsx', clientPage('../actions'));
const SERVER_ONLY = `import "server-only";\n${USERS_API}`;
const serverOnlyFile = writeNext('src/shared/api/secret.ts', SERVER_ONLY);
writeNext('src/app/secret/page.tsx', clientPage('@/shared/api/secret'));
// Only a Server Action module imports it: it runs on the server with the action.
const behindActionFile = writeNext('src/shared/api/behind-action.ts', USERS_API);
writeNext('src/app/behind/actions.ts', '"use server";\nimport { fetchUserStatistics } from "@/shared/api/behind-action";\nexport async function stats(id: string) {\n  return fetchUserStatistics(id);\n}\n');
writeNext('src/app/behind/page.tsx', clientPage('./actions').replace('fetchUserStatistics', 'stats as fetchUserStatistics'));
// Nobody imports it.
const loneApiFile = writeNext('src/shared/api/lone.ts', USERS_API);
const nextInvalid = (code: string, filename: string) => ({
  code,
  filename,
  errors: [{ messageId: 'fetchNoDeadline' as const, suggestions: [{ messageId: 'suggestSignal' as const, output: code.replace('${telegramId}`)', '${telegramId}`, { signal: AbortSignal.timeout(10_000) })') }] }],
});

ruleTester.run('require-http-timeout: a module that only Next.js client components import', rule, {
  valid: [
    { code: USERS_API, filename: usersApiFile },
    { code: USERS_API, filename: deepApiFile },
  ],
  invalid: [
    nextInvalid(USERS_API, serverPageApiFile),
    nextInvalid(USERS_API, routeApiFile),
    nextInvalid(ACTIONS, actionsFile),
    nextInvalid(SERVER_ONLY, serverOnlyFile),
    nextInvalid(USERS_API, behindActionFile),
    nextInvalid(USERS_API, loneApiFile),
  ],
});

// A Next.js admin panel (round 31, amm10090+telegram-bot-verce, require-http-timeout#12): a service that
// `'use client'` forms import, and a component without the directive that calls `useState` / `useEffect`
// and that nothing imports yet: React's state and effect hooks exist only in client components, so each
// importer is client code. Its twins stay server code: one a route handler also imports, one a component
// without hooks (a server component) imports, one a hook-calling module that imports `server-only`.
const BOT_SERVICE =
  "const BASE_URL = `${process.env.NEXT_PUBLIC_API_URL}/api/bot/telegram`;\n\nexport class TelegramBotService {\n  async createBot(data: unknown) {\n    const response = await fetch(`${BASE_URL}/bots`, { method: 'POST', body: JSON.stringify(data) });\n    return response.json();\n  }\n}\n\nexport const telegramBotService = new TelegramBotService();\n";
const botForm = (from: string): string =>
  `"use client";\nimport { telegramBotService } from "${from}";\nexport function BotForm() {\n  return <form onSubmit={() => telegramBotService.createBot({})} />;\n}\n`;
const hookPanel = (from: string, head = "import { useEffect, useState } from 'react';\n", use = 'useEffect'): string =>
  `${head}import { telegramBotService } from "${from}";\nexport function WebhookPanel() {\n  const [bot, setBot] = ${use === 'useEffect' ? 'useState' : 'React.useState'}(null);\n  ${use}(() => {\n    telegramBotService.createBot({}).then(setBot);\n  }, []);\n  return <div>{String(bot)}</div>;\n}\n`;
const botServiceFile = writeNext('src/components/services/bot-service.ts', BOT_SERVICE);
writeNext('src/components/settings/bot-form.tsx', botForm('@/components/services/bot-service'));
writeNext('src/components/settings/webhook-panel.tsx', hookPanel('@/components/services/bot-service'));
const botNamespaceFile = writeNext('src/components/services/bot-namespace.ts', BOT_SERVICE);
writeNext('src/components/settings/namespace-panel.tsx', hookPanel('../services/bot-namespace', "import * as React from 'react';\n", 'React.useEffect'));
// A route handler imports it too.
const botRoutedFile = writeNext('src/components/services/bot-routed.ts', BOT_SERVICE);
writeNext('src/components/settings/routed-panel.tsx', hookPanel('@/components/services/bot-routed'));
writeNext('src/app/api/bots/route.ts', 'import { telegramBotService } from "@/components/services/bot-routed";\n\nexport async function POST() {\n  return Response.json(await telegramBotService.createBot({}));\n}\n');
// A component without the directive and without hooks: a server component when a page renders it.
const botServerComponentFile = writeNext('src/components/services/bot-rendered.ts', BOT_SERVICE);
writeNext('src/components/settings/bot-form-rendered.tsx', botForm('@/components/services/bot-rendered'));
writeNext('src/components/settings/bot-summary.tsx', 'import { telegramBotService } from "@/components/services/bot-rendered";\nexport default async function BotSummary() {\n  const bot = await telegramBotService.createBot({});\n  return <div>{String(bot)}</div>;\n}\n');
// A hook-calling module that imports `server-only` says it runs on a server.
const botServerOnlyFile = writeNext('src/components/services/bot-server-only.ts', BOT_SERVICE);
writeNext('src/components/settings/server-only-panel.tsx', `import "server-only";\n${hookPanel('@/components/services/bot-server-only')}`);
// A hook-calling route module that also exports what React Router / Remix (`loader`, `action`) or Next.js
// (`getServerSideProps`, `getStaticProps`) runs on the server: its imports run there too.
const botLoaderFile = writeNext('src/components/services/bot-loader.ts', BOT_SERVICE);
writeNext('src/components/settings/loader-route.tsx', `${hookPanel('@/components/services/bot-loader')}export async function loader() {\n  return telegramBotService.createBot({});\n}\n`);
const botPropsFile = writeNext('src/components/services/bot-props.ts', BOT_SERVICE);
writeNext('src/components/settings/props-route.tsx', `${hookPanel('@/components/services/bot-props')}export const getServerSideProps = async () => ({ props: {} });\n`);
// The same with React Router's `clientLoader`, which runs in the browser: still client code.
const botClientLoaderFile = writeNext('src/components/services/bot-client-loader.ts', BOT_SERVICE);
writeNext('src/components/settings/client-loader-route.tsx', `${hookPanel('@/components/services/bot-client-loader')}export async function clientLoader() {\n  return telegramBotService.createBot({});\n}\n`);
const botInvalid = (filename: string) => ({
  code: BOT_SERVICE,
  filename,
  errors: [
    {
      messageId: 'fetchNoDeadline' as const,
      suggestions: [{ messageId: 'suggestSignal' as const, output: BOT_SERVICE.replace('JSON.stringify(data) }', 'JSON.stringify(data), signal: AbortSignal.timeout(10_000) }') }],
    },
  ],
});

ruleTester.run('require-http-timeout: a module that only client components and hook-calling components import', rule, {
  valid: [
    { code: BOT_SERVICE, filename: botServiceFile },
    { code: BOT_SERVICE, filename: botNamespaceFile },
    { code: BOT_SERVICE, filename: botClientLoaderFile },
  ],
  invalid: [botInvalid(botRoutedFile), botInvalid(botServerComponentFile), botInvalid(botServerOnlyFile), botInvalid(botLoaderFile), botInvalid(botPropsFile)],
});

// A Next.js pages-router Mini App (round 30, sergeychernov+m2-land, require-http-timeout#18): a service sending
// same-origin paths that only pages of `pages/` import, and call only from DOM event handlers and effects
// (`<button onClick={closeTask}>`, `useEffect(() => { async function load() { … } load(); })`, a `useCallback`
// bound to a `const`), runs in the browser tab. Its twins stay server code: one a page calls from
// `getServerSideProps`, one from `getInitialProps`, one from the render, one handed to a component's `onX`
// prop (a component may call it while it renders), one an API route (`pages/api/…`) imports, and one
// only a `src/pages/` page imports when `pages/` beside it is the pages folder Next.js reads.
const pagesRouter = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-next-pages-'));
const writePages = (name: string, text: string): string => {
  const file = path.join(pagesRouter, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};
writePages('package.json', JSON.stringify({ private: true, scripts: { dev: 'next dev', build: 'next build', start: 'next start' }, dependencies: { axios: '^1.4.0', next: '13.3.4', react: '18.2.0', 'react-dom': '18.2.0' } }));
writePages('tsconfig.json', JSON.stringify({ compilerOptions: { jsx: 'preserve', paths: { '@/*': ['./src/*'] } } }));
const TASK_SERVICE = "import axios from 'axios';\n\nexport class TaskService {\n  async closeTask(id: string) {\n    return axios.post(`/api/task/${id}/close`);\n  }\n}\n\nexport const taskServiceApi = new TaskService();\n";
const pagesService = (name: string): string => writePages(`src/services/${name}.service.ts`, TASK_SERVICE);
const pageImporting = (name: string, body: string, head = ''): string =>
  `import { useCallback, useEffect, useState } from 'react';\nimport { taskServiceApi } from '@/services/${name}.service';\n${head}\nexport default function Page({ id }: { id: string }) {\n  const [done, setDone] = useState(false);\n${body}\n}\n`;
const onClickFile = pagesService('clicked');
writePages(
  'src/pages/voting/[id].tsx',
  pageImporting(
    'clicked',
    '  const closeTask = async () => {\n    await taskServiceApi.closeTask(id);\n    setDone(true);\n  };\n  return <button onClick={closeTask}>Close</button>;',
    'export async function getServerSideProps({ params }: any) {\n  return { props: { id: params.id } };\n}\n',
  ),
);
writePages('src/pages/choose.tsx', pageImporting('clicked', '  return <button onClick={() => taskServiceApi.closeTask(id)}>Close</button>;'));
const effectFile = pagesService('effect');
writePages('src/pages/effect.tsx', pageImporting('effect', '  useEffect(() => {\n    async function load() {\n      await taskServiceApi.closeTask(id);\n    }\n    load().then(() => setDone(true));\n  }, []);\n  return <p>{String(done)}</p>;'));
const callbackFile = pagesService('callback');
writePages('src/pages/callback.jsx', "import { useCallback } from 'react';\nimport { taskServiceApi } from '../services/callback.service';\nexport default function Page({ id }) {\n  const close = useCallback(() => taskServiceApi.closeTask(id), [id]);\n  return <form onSubmit={close} />;\n}\n");
const serverSideFile = pagesService('server-side');
writePages('src/pages/server-side.tsx', pageImporting('server-side', '  return <p>{id}</p>;', 'export async function getServerSideProps({ params }: any) {\n  await taskServiceApi.closeTask(params.id);\n  return { props: { id: params.id } };\n}\n'));
const initialPropsFile = pagesService('initial');
writePages('src/pages/initial.tsx', `import { taskServiceApi } from '@/services/initial.service';\nconst Page = ({ id }: { id: string }) => <p>{id}</p>;\nPage.getInitialProps = async ({ query }: any) => {\n  await taskServiceApi.closeTask(query.id);\n  return { id: query.id };\n};\nexport default Page;\n`);
const renderFile = pagesService('render');
writePages('src/pages/render.tsx', pageImporting('render', '  const pending = taskServiceApi.closeTask(id);\n  return <p>{String(pending)}</p>;'));
const propFile = pagesService('prop');
writePages('src/pages/prop.tsx', pageImporting('prop', '  return <Confirm onConfirm={() => taskServiceApi.closeTask(id)} />;', "import Confirm from '@/components/Confirm';\n"));
const apiRouteFile = pagesService('routed');
writePages('src/pages/routed.tsx', pageImporting('routed', '  return <button onClick={() => taskServiceApi.closeTask(id)}>Close</button>;'));
writePages('src/pages/api/close.ts', "import { taskServiceApi } from '@/services/routed.service';\nexport default async function handler(req: any, res: any) {\n  await taskServiceApi.closeTask(req.query.id);\n  res.status(200).end();\n}\n");
const documentFile = pagesService('document');
writePages('src/pages/_document.tsx', pageImporting('document', '  return <button onClick={() => taskServiceApi.closeTask(id)}>Close</button>;'));
// `pages/` beside `src/pages/`: Next.js reads the former, so the latter holds no page.
const shadowed = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-next-shadowed-'));
fs.writeFileSync(path.join(shadowed, 'package.json'), JSON.stringify({ private: true, dependencies: { axios: '^1.4.0', next: '13.3.4', react: '18.2.0' } }));
fs.mkdirSync(path.join(shadowed, 'pages'));
fs.mkdirSync(path.join(shadowed, 'src/pages'), { recursive: true });
fs.mkdirSync(path.join(shadowed, 'src/services'), { recursive: true });
const shadowedFile = path.join(shadowed, 'src/services/shadowed.service.ts');
fs.writeFileSync(shadowedFile, TASK_SERVICE);
fs.writeFileSync(path.join(shadowed, 'src/pages/index.tsx'), pageImporting('shadowed', '  return <button onClick={() => taskServiceApi.closeTask(id)}>Close</button>;').replace('@/services/', '../services/'));
const pagesInvalid = (filename: string) => ({
  code: TASK_SERVICE,
  filename,
  errors: [{ messageId: 'noTimeout' as const, line: 5, suggestions: [{ messageId: 'suggestTimeout' as const, output: TASK_SERVICE.replace('/close`)', '/close`, undefined, { timeout: 10_000 })') }] }],
});

ruleTester.run('require-http-timeout: a module that only Next.js pages-router pages call from the browser', rule, {
  valid: [onClickFile, effectFile, callbackFile].map((filename) => ({ code: TASK_SERVICE, filename })),
  invalid: [serverSideFile, initialPropsFile, renderFile, propFile, apiRouteFile, documentFile, shadowedFile].map(pagesInvalid),
});

// SvelteKit and Vue front-ends beside a bot (round 23, simvol2030+gskarting-twa, require-http-timeout#5, #12, #1): a
// module that only components import (`$lib/api/admin/categories.ts`, called from click handlers of
// `.svelte` pages and modals) is browser code, through `$lib`, a `kit.alias`, a relative path or a Vue
// `<script setup>`. Its twins stay server code: one a `+page.server.ts` also imports, one a universal
// `+page.ts` load imports (it runs on the server too), one nothing imports.
const kitFile = (file: string): string => path.join(import.meta.dirname, '../fixtures/sveltekit-admin/src/lib/api', file);
const kitModule = (name: string): string =>
  `import { API_BASE_URL } from '$lib/config';\n\nexport async function list${name}() {\n  const response = await fetch(\`\${API_BASE_URL}/admin/${name}\`, { credentials: 'include' });\n  return response.json();\n}\n`;
const kitInvalid = (name: string) => {
  const code = kitModule(name);
  return {
    code,
    filename: kitFile(`${name}.ts`),
    errors: [{ messageId: 'fetchNoDeadline' as const, line: 4, suggestions: [{ messageId: 'suggestSignal' as const, output: code.replace("credentials: 'include' }", "credentials: 'include', signal: AbortSignal.timeout(10_000) }") }] }],
  };
};

ruleTester.run('require-http-timeout: modules only Svelte and Vue components import', rule, {
  // polls: a local function `onMount` is given, and an `$effect`.
  valid: ['categories', 'stores', 'reports', 'polls'].map((name) => ({ code: kitModule(name), filename: kitFile(`${name}.ts`) })),
  // Server-side rendering runs the top level of a component's script and its markup: `{#await listbanners()}`,
  // `const news = listnews();`, a local `load()` called at the top level (through a namespace import).
  invalid: ['settings', 'clients', 'unused', 'banners', 'news', 'faq'].map(kitInvalid),
});

// A Bot API file link handed to a NestJS service the bot update class has injected (`constructor(private x: S)`),
// and on to a `private` method of that service: every caller passes what `getFileLink` gave.
const nestService = (cls: string, injected: string): string[] => [
  "import { Injectable } from '@nestjs/common';",
  injected,
  `export class ${cls} {`,
  '  async fromVideo(url: string) {',
  '    return this.download(url);',
  '  }',
  '  private async download(url: string) {',
  '    const response = await fetch(url);',
  '    return response.arrayBuffer();',
  '  }',
  '  async fromPage(url: string) {',
  '    const response = await fetch(url);',
  '    return response.text();',
  '  }',
  '}',
];
const TRANSCRIBER = nestService('Transcriber', '@Injectable()');
const transcriberFile = write('transcriber.service.ts', TRANSCRIBER);
const RECORDER = nestService('Recorder', '@Injectable()').filter((_, i) => i < 10).concat('}');
const recorderFile = write('recorder.service.ts', RECORDER);
// Made with `new` in a file: its instance may go anywhere.
const SCANNER = nestService('Scanner', '@Injectable()');
const scannerFile = write('scanner.service.ts', SCANNER);
// Injected into a `public` field: any holder of the update class may call it.
const CLIPPER = nestService('Clipper', '@Injectable()');
const clipperFile = write('clipper.service.ts', CLIPPER);
// No `@Injectable()`: not a service the injector makes.
const PLAIN = nestService('PlainFetcher', '');
const plainFile = write('plain-fetcher.service.ts', PLAIN);
write('media.update.ts', [
  "import { Transcriber } from './transcriber.service';",
  "import { Recorder } from './recorder.service';",
  "import { Clipper } from './clipper.service';",
  "import { PlainFetcher } from './plain-fetcher.service';",
  '@Update()',
  'export class MediaUpdate {',
  '  constructor(private readonly transcriber: Transcriber, private recorder: Recorder, public clipper: Clipper, private plain: PlainFetcher) {}',
  "  @On('video')",
  '  async onVideo(@Ctx() ctx) {',
  '    const link = await ctx.telegram.getFileLink(ctx.message.video.file_id);',
  '    await this.transcriber.fromVideo(link.href);',
  '    await this.transcriber.fromPage(ctx.message.caption);',
  '    await this.recorder.fromVideo((await ctx.telegram.getFileLink(ctx.message.video.file_id)).href);',
  '    await this.clipper.fromVideo(link.href);',
  '    await this.plain.fromVideo(link.href);',
  '  }',
  '}',
]);
write('media.module.ts', [
  "import { Transcriber } from './transcriber.service';",
  "import { Recorder } from './recorder.service';",
  "import { Clipper } from './clipper.service';",
  "import { PlainFetcher } from './plain-fetcher.service';",
  "import { MediaUpdate } from './media.update';",
  '@Module({ providers: [Transcriber, Recorder, Clipper, PlainFetcher, MediaUpdate], exports: [Transcriber] })',
  'export class MediaModule {}',
]);
write('scan.ts', ["import { Scanner } from './scanner.service';", 'const scanner = new Scanner();', "bot.on('video', async (ctx) => { await scanner.fromVideo((await ctx.telegram.getFileLink(ctx.message.video.file_id)).href); });"]);
// Ways an injected instance escapes the update class's `this.field.m(…)`: destructured, passed on, provided under
// another token, imported as a namespace or through a path alias; a private method called on another instance.
const ESCAPES = ['Archiver', 'Mirror', 'Cutter', 'Namer', 'Shortener'];
const escapedFiles = ESCAPES.map((cls) => write(`${cls.toLowerCase()}.service.ts`, nestService(cls, '@Injectable()')));
const COPIER = [...nestService('Copier', '@Injectable()').slice(0, -1), '  async copy(other: Copier, url: string) {', '    return other.download(url);', '  }', '}'];
const copierFile = write('copier.service.ts', COPIER);
write('more.update.ts', [
  ...['Archiver', 'Mirror', 'Cutter', 'Copier'].map((cls) => `import { ${cls} } from './${cls.toLowerCase()}.service';`),
  "import * as naming from './namer.service';",
  '@Update()',
  'export class MoreUpdate {',
  '  constructor(private archiver: Archiver, private mirror: Mirror, private cutter: Cutter, private copier: Copier, private namer: naming.Namer) {}',
  "  @On('video')",
  '  async onVideo(@Ctx() ctx) {',
  '    const link = await ctx.telegram.getFileLink(ctx.message.video.file_id);',
  '    const { archiver } = this;',
  '    await archiver.fromVideo(link.href);',
  '    queue.add(this.mirror);',
  '    await this.cutter.fromVideo(link.href);',
  '    await this.copier.fromVideo(link.href);',
  '  }',
  '}',
]);
write('more.module.ts', [
  ...['Archiver', 'Mirror', 'Cutter', 'Copier'].map((cls) => `import { ${cls} } from './${cls.toLowerCase()}.service';`),
  "import { MoreUpdate } from './more.update';",
  '@Module({ providers: [Archiver, Mirror, { provide: Cutter, useClass: Cutter }, Copier, MoreUpdate] })',
  'export class MoreModule {}',
]);
write('short.update.ts', ["import { Shortener } from '@/shortener.service';", 'export class ShortUpdate {', '  constructor(private shortener: Shortener) {}', '}']);
/** The `fetch(url)` of a line (1-based) of a service, reported with its suggested signal. */
const serviceFetch = (lines: string[], line: number) => ({
  messageId: 'fetchNoDeadline' as const,
  line,
  suggestions: [{ messageId: 'suggestSignal' as const, output: lines.map((text, i) => (i === line - 1 ? text.replace('fetch(url)', 'fetch(url, { signal: AbortSignal.timeout(10_000) })') : text)).join('\n') }],
});

ruleTester.run('require-http-timeout: a Bot API file link passed to an injected service', rule, {
  valid: [{ code: RECORDER.join('\n'), filename: recorderFile }],
  invalid: [
    // The private download gets the file link; the page fetch gets a caption.
    { code: TRANSCRIBER.join('\n'), filename: transcriberFile, errors: [serviceFetch(TRANSCRIBER, 12)] },
    { code: SCANNER.join('\n'), filename: scannerFile, errors: [serviceFetch(SCANNER, 8), serviceFetch(SCANNER, 12)] },
    { code: CLIPPER.join('\n'), filename: clipperFile, errors: [serviceFetch(CLIPPER, 8), serviceFetch(CLIPPER, 12)] },
    { code: PLAIN.join('\n'), filename: plainFile, errors: [serviceFetch(PLAIN, 8), serviceFetch(PLAIN, 12)] },
    ...ESCAPES.map((cls, i) => {
      const lines = nestService(cls, '@Injectable()');
      return { code: lines.join('\n'), filename: escapedFiles[i], errors: [serviceFetch(lines, 8), serviceFetch(lines, 12)] };
    }),
    { code: COPIER.join('\n'), filename: copierFile, errors: [serviceFetch(COPIER, 8), serviceFetch(COPIER, 12)] },
  ],
});

// The bot project's own backend: a host from the environment, a path one of its files serves.
write('server.ts', [
  "import express from 'express';",
  "import transcribe from './transcribe-route';",
  'const app = express();',
  "app.post('/api/translate', async (req, res) => { res.json({ text: await translate(req.body.text) }); });",
  "app.get('/api/payment/check-intent/:id', async (req, res) => { res.json(await intent(req.params.id)); });",
  "app.use('/api', transcribe);",
  "const upstream = axios.create({ baseURL });",
  "upstream.post('/api/export', body);",
  "app.set('trust proxy', 1);",
  "app.use('/static', serveStatic('public'));",
  'let other = express();',
  "other.get('/api/other', (req, res) => res.end());",
  'other[method](path);',
]);
write('hono-app.ts', ["import { Hono } from 'hono';", 'export const api = new Hono();', "api.get('/api/rates', (c) => c.json(rates));", 'export { other };', 'export default 1;']);
// A Fastify plugin: routes on the instance its parameter is typed as (`fastify: FastifyInstance`); an untyped parameter is anything.
write('weekly-plugin.ts', [
  "import type { FastifyInstance } from 'fastify';",
  'export default async function (fastify: FastifyInstance) {',
  "  fastify.get('/api/weekly/:id', async (request, reply) => reply.send(await weekly(request.params.id)));",
  '}',
  "export function more(app) { app.get('/api/untyped', (req, res) => res.end()); }",
]);
write('transcribe-route.ts', ["import { Router } from 'express';", 'const router = Router();', "router.post('/transcribe', async (req, res) => { res.json(await stt(req.body)); });", 'export default router;']);
const BACKEND = (urls: string[]) => [
  "import axios from 'axios';",
  "const SERVER = process.env.SERVER_URL || 'http://localhost:3001';",
  ...urls.map((url, i) => `export async function call${i}(id: string, body: unknown) { return axios.post(${url}, body); }`),
];
const OWN_URLS = ['`${SERVER}/api/translate`', '`${SERVER}/api/transcribe`', "SERVER + '/api/payment/check-intent/' + id", '`${process.env.BACKEND_URL}/api/translate?lang=en`', '`${SERVER}/api/rates`', '`${SERVER}/api/weekly/${id}?week=${week}`'];
const ownFile = write('backend-client.ts', BACKEND(OWN_URLS));
/** `BACKEND(urls)` with the call on `line` reported. */
const backendAt = (urls: string[], line: number, options?: { checkOwnBackend: boolean }) => {
  const lines = BACKEND(urls);
  return {
    code: lines.join('\n'),
    filename: ownFile,
    ...(options ? { options: [options] as [typeof options] } : {}),
    errors: [{ messageId: 'noTimeout' as const, line, suggestions: [{ messageId: 'suggestTimeout' as const, data: { text: 'timeout: 10_000' }, output: lines.map((text, i) => (i === line - 1 ? text.replace('body);', 'body, { timeout: 10_000 });') : text)).join('\n') }] }],
  };
};

ruleTester.run('require-http-timeout: the bot project\'s own backend', rule, {
  valid: [{ code: BACKEND(OWN_URLS).join('\n'), filename: ownFile }],
  invalid: [
    // A path no file serves; a host the code spells out; one more segment; a value inside a segment.
    backendAt(['`${SERVER}/api/summarize`'], 3),
    backendAt(["'https://translate.example.com/api/translate'"], 3),
    backendAt(['`${SERVER}/api/translate/${id}`'], 3),
    backendAt(['`${SERVER}/api/payment/check-intent-${id}`'], 3),
    backendAt(['`${SERVER}`'], 3),
    // A path only a client calls (`upstream.post('/api/export')` on an axios instance), not a route; an app in a `let`.
    backendAt(['`${SERVER}/api/export`'], 3),
    backendAt(['`${SERVER}/api/other`'], 3),
    backendAt(['`${SERVER}/${id}`'], 3),
    backendAt(['`${SERVER}/static`'], 3),
    backendAt(['`${SERVER}/api/untyped`'], 3),
    // Asked for.
    backendAt(['`${SERVER}/api/translate`'], 3, { checkOwnBackend: true }),
    // Outside a bot project: no project to serve it.
    { ...backendAt(['`${SERVER}/api/translate`'], 3), filename: undefined },
  ],
});

// Round-9 judged (issue 14): a literal loopback host (`http://127.0.0.1:5000/api/…`) is the project's
// own server as much as an unwritten one, when a file of the project serves the path.
const LOOPBACK = (url: string) => ["import axios from 'axios';", `export async function call(id: string, body: unknown) { return axios.post(${url}, body); }`];
const loopbackAt = (url: string) => {
  const lines = LOOPBACK(url);
  return {
    code: lines.join('\n'),
    filename: ownFile,
    errors: [{ messageId: 'noTimeout' as const, line: 2, suggestions: [{ messageId: 'suggestTimeout' as const, data: { text: 'timeout: 10_000' }, output: lines.map((text, i) => (i === 1 ? text.replace('body);', 'body, { timeout: 10_000 });') : text)).join('\n') }] }],
  };
};
ruleTester.run('require-http-timeout: the own backend on a loopback host', rule, {
  valid: [
    { code: LOOPBACK("'http://127.0.0.1:3001/api/translate'").join('\n'), filename: ownFile },
    { code: LOOPBACK('`http://localhost:3001/api/payment/check-intent/${id}`').join('\n'), filename: ownFile },
    { code: LOOPBACK("'http://0.0.0.0:3001/api/rates/'").join('\n'), filename: ownFile },
    // A loopback default of an environment variable, on a path the project serves.
    { code: LOOPBACK("`${process.env.API_URL ?? 'http://localhost:3001'}/api/translate`").join('\n'), filename: ownFile },
  ],
  invalid: [
    // A path no project file serves; a host that is not this machine.
    loopbackAt("'http://127.0.0.1:3001/api/summarize'"),
    // Round 27 (MemePlexPics/memeplex #9, Postmodum37/pxnx-discord-bot-js #11): a loopback service the
    // project does not serve (a local Bot API server, a search sidecar) waits on its own upstream; the
    // loopback hop bounds nothing, so it stays reported (no TRUE row of rounds 25–27 went to loopback, three DEBATABLE did).
    loopbackAt("`${process.env.SEARCHY_URL ?? 'http://localhost:8000'}/search`"),
    loopbackAt("'http://10.0.0.7:3001/api/translate'"),
    loopbackAt("'http://localhost.example.com/api/translate'"),
  ],
});

// The same with the server in a sibling package of the repository ESLint runs in (`admin/` is the
// bot, `api/` the Express server it calls on 127.0.0.1).
describe('require-http-timeout: the own backend of a sibling package', () => {
  const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-sibling-'));
  const put = (name: string, text: string): string => {
    const file = path.join(repository, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  put('admin/package.json', JSON.stringify({ dependencies: { telegraf: '^4', axios: '^1' } }));
  put('api/package.json', JSON.stringify({ dependencies: { express: '^4' } }));
  // The router reaches the app through a barrel file: `module.exports = { users }`.
  put('api/main.js', "const express = require('express');\nconst { users } = require('./routes');\nconst app = express();\napp.use('/api/user', users);\napp.listen(5000);\n");
  put('api/routes/index.js', "const users = require('./users');\nmodule.exports = { users };\n");
  put('api/routes/users.js', "const express = require('express');\nconst router = express.Router();\nrouter.get('/get/byName/:name', async (req, res) => res.json(await find(req.params.name)));\nrouter.get('/get', async (req, res) => res.json(await all()));\nmodule.exports = router;\n");
  const CLIENT = (url: string): string => `const axios = require('axios');\nexports.byName = (name) => axios.get(${url});\n`;
  const client = put('admin/src/users.js', CLIENT('`http://127.0.0.1:5000/api/user/get/byName/${name}`'));
  function messageIds(code: string, cwd: string): string[] {
    const linter = new Linter({ configType: 'flat', cwd });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(code, config, client);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  it('valid: a route the sibling server serves', () => {
    expect(messageIds(fs.readFileSync(client, 'utf8'), repository)).toEqual([]);
    // A route file that writes none of the mount's segments (`/get` under `/api/user`).
    expect(messageIds(CLIENT("'http://127.0.0.1:5000/api/user/get/'"), repository)).toEqual([]);
  });
  it.each([
    // A path the server does not serve; ESLint run in the bot's own folder, whose siblings are not its code.
    [CLIENT('`http://127.0.0.1:5000/api/user/delete/${name}`'), repository],
    [CLIENT('`http://127.0.0.1:5000/api/user/get/byName/${name}`'), path.join(repository, 'admin')],
  ])('invalid %#', (code, cwd) => {
    expect(messageIds(code, cwd)).toEqual(['noTimeout']);
  });
});

// Round-14 judged: the bot (`bot/`) calls the API package beside it (`api/`) on a base URL from the
// environment that holds the server's own prefix (`API_URL=http://api:3000/api`, `${API_URL}/songs/search`).
describe('require-http-timeout: the own backend of a sibling package on a base from the environment', () => {
  const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-sibling-env-'));
  const put = (name: string, text: string): string => {
    const file = path.join(repository, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  put('bot/package.json', JSON.stringify({ dependencies: { 'node-telegram-bot-api': '^0.64', axios: '^1' } }));
  put('api/package.json', JSON.stringify({ dependencies: { express: '^4' } }));
  put('api/src/index.js', "const express = require('express');\nconst notes = require('./notes');\nconst app = express();\napp.use('/api/notes', notes);\napp.listen(3000);\n");
  put('api/src/notes.js', "const express = require('express');\nconst router = express.Router();\nrouter.get('/search/title', async (req, res) => res.json(await find(req.query.q)));\nrouter.get('/:id', async (req, res) => res.json(await one(req.params.id)));\nmodule.exports = router;\n");
  const CLIENT = (url: string): string => `const axios = require('axios');\nconst { API_URL } = config();\nexports.search = (q, id) => axios.get(${url});\n`;
  const client = put('bot/src/notes.js', CLIENT('`${API_URL}/notes/search/title`'));
  function messageIds(code: string, cwd: string): string[] {
    const linter = new Linter({ configType: 'flat', cwd });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(code, config, client);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  it('valid: a route the sibling server serves, under a prefix the base holds', () => {
    expect(messageIds(fs.readFileSync(client, 'utf8'), repository)).toEqual([]);
    expect(messageIds(CLIENT('`${API_URL}/api/notes/search/title`'), repository)).toEqual([]);
  });
  it.each([
    // A path the server does not serve; one written segment only; a literal loopback host keeps its whole path.
    [CLIENT('`${API_URL}/notes/search/body`'), repository],
    [CLIENT('`${API_URL}/title`'), repository],
    [CLIENT('`${API_URL}/notes/${id}`'), repository],
    [CLIENT("'http://127.0.0.1:3000/notes/search/title'"), repository],
    // ESLint run in the bot's own folder, whose siblings are not its code.
    [CLIENT('`${API_URL}/notes/search/title`'), path.join(repository, 'bot')],
  ])('invalid %#', (code, cwd) => {
    expect(messageIds(code, cwd)).toEqual(['noTimeout']);
  });
});

// Round-29 judged (egorkrivoshey335-create/giveaway-bot #3, #6, #18): a monorepo whose bot (`apps/bot`) and
// Next.js site (`apps/site`) call the Fastify API beside them (`apps/api`), whose routes are Fastify
// plugins mounted with `register(plugin, { prefix })`: a plugin held by a `const` typed
// `FastifyPluginAsync`, and one registered inside a plugin written in place under `/api/v1`.
describe('require-http-timeout: the own backend of Fastify plugins mounted under a prefix', () => {
  const repository = (files: Record<string, string>): string => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-fastify-'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    return root;
  };
  const API = {
    'apps/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { fastify: '^4' } }),
    'apps/api/src/server.ts': [
      "import Fastify from 'fastify';",
      "import { internalRoutes } from './routes/internal';",
      "import { siteRoutes } from './routes/site';",
      "import { looseRoutes } from './routes/loose';",
      'const fastify = Fastify();',
      "await fastify.register(async (instance) => { await instance.register(siteRoutes); instance.get('/health/deep', async () => ({ ok: true })); }, { prefix: '/api/v1' });",
      "await fastify.register(internalRoutes, { prefix: '/internal' });",
      "await fastify.register(looseRoutes, { prefix: '/internal' });",
      'await fastify.listen({ port: 4000 });',
      '',
    ].join('\n'),
    'apps/api/src/routes/internal.ts': "import type { FastifyPluginAsync } from 'fastify';\nexport const internalRoutes: FastifyPluginAsync = async (fastify) => {\n  fastify.post('/subscriptions/:userId/deactivate', async () => ({ ok: true }));\n};\n",
    // An untyped plugin parameter may be anything: its routes serve nothing.
    'apps/api/src/routes/loose.ts': "export const looseRoutes = async (fastify) => {\n  fastify.post('/catalog/:id/approve', async () => ({ ok: true }));\n};\n",
    'apps/api/src/routes/site.ts': "import type { FastifyInstance } from 'fastify';\nexport async function siteRoutes(fastify: FastifyInstance) {\n  fastify.post('/site/auth/telegram', async () => ({ ok: true }));\n}\n",
  };
  const workspace = repository({
    'package.json': JSON.stringify({ private: true, workspaces: ['apps/*'] }),
    'apps/bot/package.json': JSON.stringify({ name: '@acme/bot', dependencies: { grammy: '^1' } }),
    'apps/site/package.json': JSON.stringify({ name: '@acme/site', dependencies: { next: '^14' } }),
    ...API,
  });
  // The same site and API in a repository that declares no workspace: the site is no package of the bot's repository.
  const loose = repository({ 'site/package.json': JSON.stringify({ dependencies: { next: '^14' } }), ...API });
  const BOT = (url: string): string => `const base = process.env.BOT_INTERNAL_API_URL || 'http://localhost:4000';\nexports.deactivate = async (id) => (await fetch(${url}, { method: 'POST' })).json();\n`;
  const SITE = (url: string): string => `const API_URL = process.env.API_URL || 'http://localhost:4000';\nexport async function POST(request) { const res = await fetch(${url}, { method: 'POST' }); return Response.json(await res.json()); }\n`;
  function messageIds(code: string, root: string, file: string): string[] {
    const linter = new Linter({ configType: 'flat', cwd: root });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const filename = path.join(root, file);
    fs.mkdirSync(path.dirname(filename), { recursive: true });
    fs.writeFileSync(filename, code);
    const messages = linter.verify(code, config, filename);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  it.each([
    // The bot: a route of a plugin typed `FastifyPluginAsync`, under the prefix it is registered with; a route of a plugin written in place.
    [BOT('`${base}/internal/subscriptions/${id}/deactivate`'), 'apps/bot/src/jobs.js'],
    [BOT('`${base}/api/v1/health/deep`'), 'apps/bot/src/jobs.js'],
    // The site, a workspace package that is no bot project: a plugin registered inside the `/api/v1` plugin, the base holding the prefix or not.
    [SITE('`${API_URL}/site/auth/telegram`'), 'apps/site/app/api/auth/route.js'],
    [SITE('`${API_URL}/api/v1/site/auth/telegram`'), 'apps/site/app/api/auth/route.js'],
  ])('valid %#', (code, file) => {
    expect(messageIds(code, workspace, file)).toEqual([]);
  });
  it.each([
    // A path no route serves; a route on an untyped plugin parameter; the prefix left out of a one-segment-short path; a host spelled out.
    [BOT('`${base}/internal/catalog/${id}/reject`'), workspace, 'apps/bot/src/jobs.js'],
    [BOT('`${base}/internal/catalog/${id}/approve`'), workspace, 'apps/bot/src/jobs.js'],
    [BOT('`${base}/subscriptions/${id}/deactivate/now`'), workspace, 'apps/bot/src/jobs.js'],
    [BOT('`https://api.example.com/internal/subscriptions/${id}/deactivate`'), workspace, 'apps/bot/src/jobs.js'],
    [SITE('`${API_URL}/site/auth/other`'), workspace, 'apps/site/app/api/auth/route.js'],
    [SITE("'https://oauth.telegram.org/auth'"), workspace, 'apps/site/app/api/auth/route.js'],
    // The site outside a workspace.
    [SITE('`${API_URL}/site/auth/telegram`'), loose, 'site/app/api/auth/route.js'],
  ])('invalid %#', (code, root, file) => {
    expect(messageIds(code, root, file)).toEqual(['fetchNoDeadline']);
  });
});

// Round-15 judged: a bot that calls its own storage server on a loopback port — json-server started by
// a package.json script (`json-server --watch db.json --port 3000`), or the project's own
// `server.listen(4000)` on a server whose routes are not read — calls its own server, whatever the path.
describe('require-http-timeout: a loopback port the project serves itself', () => {
  const repository = (files: Record<string, string>): string => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-port-'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    return root;
  };
  const scripts = (dependencies: Record<string, string>, run: Record<string, string>): string => JSON.stringify({ dependencies, scripts: run });
  const jsonServer = repository({
    'package.json': scripts({ telegraf: '^4' }, { start: 'node src/bot.js', db: 'json-server --watch db.json --port 3005', dev: 'concurrently "json-server-auth -p 3006 db.json" "nodemon src/bot.js"', api: 'PORT=3003 node api.js', next: 'next dev -p 3002' }),
    'admin/package.json': scripts({}, { serve: 'json-server db.json' }),
    'src/bot.js': '',
  });
  const listens = repository({
    'package.json': scripts({ grammy: '^1', express: '^4' }, { start: 'node index.js' }),
    'index.js': "const PORT = process.env.PORT || 4000;\napp.listen(PORT, () => console.log('up'));\nadmin.listen({ port: parseInt(process.env.ADMIN_PORT ?? '4100', 10) });\nother.listen(debug && 4200);\nlast.listen(String(4300));\nlisten(4400);\nhooks.listen(Number(config.port));\nmetrics.listen(4500 + 1);\n// Nothing written out:\nsock.listen('/tmp/bot.sock');\nidle.listen();\nhost.listen({ host: '0.0.0.0' });\nnone.listen(Number());\nconst LOOP = process.env.LOOP_PORT || LOOP;\nloop.listen(LOOP);\nfunction start(port) { srv.listen(port); }\nconst raw = createServer(handler);\nraw.listen(4800);\n",
    'broken/package.json': '{ "scripts": ',
    'api.js': "const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.end());\napp.listen(4600);\n",
    'src/bot.js': '',
  });
  // A webhook server on a port from the settings, and a backend the repository does not hold.
  const settingsPort = repository({
    'package.json': scripts({ grammy: '^1', fastify: '^4' }, { start: 'tsx src/main.ts', dev: 'tsc-watch --onSuccess "tsx src/main.ts"' }),
    'src/main.ts': 'await server.listen({ host: config.BOT_SERVER_HOST, port: config.BOT_SERVER_PORT });\n',
    'src/bot.js': '',
  });
  const CLIENT = (url: string): string => `const API_URL = 'http://localhost:3000';\nexports.tasks = async (id) => (await fetch(${url})).json();\n`;
  function messageIds(code: string, root: string): string[] {
    const linter = new Linter({ configType: 'flat', cwd: root });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(code, config, path.join(root, 'src/bot.js'));
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  it.each([
    // json-server on its own 3000 (`admin/package.json`) or the port a script gives it (`--port`, `-p`).
    ['`${API_URL}/tasks?id=${id}&status=active`', jsonServer],
    ["'http://localhost:3005/tasks'", jsonServer],
    ["'http://127.0.0.1:3000/users'", jsonServer],
    ['API_URL', jsonServer],
    ["'http://[::1]:3006/'", jsonServer],
    // A port the project listens on: through a `const`, as a setting's fallback, in `{ port }`, a sum.
    ["'http://localhost:4000/anything'", listens],
    ["'http://localhost:4100/admin'", listens],
    ["'http://localhost:4501/metrics'", listens],
    ["'http://localhost:4800/'", listens],
    // An Express app's port: the route model decides, and it serves this path.
    ["'http://localhost:4600/health'", listens],
  ])('valid %#: %s', (url, root) => {
    expect(messageIds(CLIENT(url), root)).toEqual([]);
  });
  it.each([
    // A port nobody here serves; a host that is not this machine; a port the code does not spell out.
    ["'http://localhost:3001/tasks'", jsonServer],
    ["'https://example.com:3000/tasks'", jsonServer],
    ['`http://localhost:${process.env.DB_PORT}/tasks`', jsonServer],
    // A port a script passes to a program that is not json-server: its paths are unknown.
    ["'http://localhost:3002/api/x'", jsonServer],
    ["'http://localhost:3003/'", jsonServer],
    // An Express app's port, on a path it does not serve.
    ["'http://localhost:4600/tasks'", listens],
    // `&&`, `String(…)`, a bare `listen(…)`, a port from the settings.
    ["'http://localhost:4200/x'", listens],
    ["'http://localhost:4300/x'", listens],
    ["'http://localhost:4400/x'", listens],
    // The webhook server listens on a port from the settings: the loopback backend is not in the repository.
    ["'http://localhost:3000/api/contest/leaderboard'", settingsPort],
  ])('invalid %#: %s', (url, root) => {
    expect(messageIds(CLIENT(url), root)).toEqual(['fetchNoDeadline']);
  });
  // Round-17 judged: the bot calls `http://${SERVER_HOST}:${SERVER_PORT}/api/…` and the same package's
  // Express server listens on `SERVER_PORT`: its own server, whatever the path.
  const settingListens = repository({
    'package.json': scripts({ telegraf: '^4', express: '^4' }, { start: 'node src/index.js' }),
    'src/shop.js': "const express = require('express');\nconst app = express();\nconst { SERVER_PORT } = process.env;\nmodule.exports = () => app.listen(SERVER_PORT);\n",
    'src/admin.js': 'const PORT = process.env.ADMIN_PORT || 3000;\nadmin.listen({ port: PORT });\n',
    'src/bot.js': '',
  });
  const SETTING = (url: string): string => `const { SERVER_HOST, SERVER_PORT, OTHER_PORT } = process.env;\nexports.call = async (path, data) => (await fetch(${url}, { method: 'POST', body: data })).json();\n`;
  it.each([
    ['new URL(path, `http://${SERVER_HOST}:${SERVER_PORT}/api/`).toString()'],
    ['`http://${SERVER_HOST}:${SERVER_PORT}/api/${path}`'],
    ['`http://localhost:${process.env.SERVER_PORT}/${path}`'],
    ['`http://${SERVER_HOST}:${process.env.ADMIN_PORT}/admin`'],
  ])('valid: the port setting the package listens on, %s', (url) => {
    expect(messageIds(SETTING(url), settingListens)).toEqual([]);
  });
  // A repository that commits no package.json: the server is one of the folder ESLint runs in.
  const noManifest = repository({
    'src/shop/index.js': "const express = require('express');\nconst app = express();\nconst { SERVER_PORT } = process.env;\nmodule.exports = () => app.listen(SERVER_PORT);\n",
    'src/bot.js': '',
  });
  it('valid: the port setting a server of a repository without package.json listens on', () => {
    expect(messageIds(SETTING('new URL(path, `http://${SERVER_HOST}:${SERVER_PORT}/api/`).toString()'), noManifest)).toEqual([]);
  });
  it('invalid: a port setting no server of a repository without package.json listens on', () => {
    expect(messageIds(SETTING('new URL(path, `http://${SERVER_HOST}:${OTHER_PORT}/api/`).toString()'), noManifest)).toEqual(['fetchNoDeadline']);
  });
  it.each([
    // A port setting no server of the package listens on; a host the code writes out.
    ['new URL(path, `http://${SERVER_HOST}:${OTHER_PORT}/api/`).toString()'],
    ['`https://api.example.com:${SERVER_PORT}/api/${path}`'],
  ])('invalid: a port setting not of the package’s own server, %s', (url) => {
    expect(messageIds(SETTING(url), settingListens)).toEqual(['fetchNoDeadline']);
  });
  it('reports the project’s own port with checkOwnBackend', () => {
    const linter = new Linter({ configType: 'flat', cwd: jsonServer });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': ['error', { checkOwnBackend: true }] } }];
    expect(linter.verify(CLIENT('`${API_URL}/tasks`'), config, path.join(jsonServer, 'src/bot.js')).map((m) => m.messageId)).toEqual(['fetchNoDeadline']);
  });
});

/** The one `fetch(u)` of `code`, reported with its suggestion. */
const fetchOfU = (code: string, options?: { checkHandlerTimeout?: boolean; checkTimerTicks?: boolean; checkAdminListeners?: boolean; checkConcurrentHandlers?: boolean }) => ({
  code,
  ...(options ? { options: [options] as [typeof options] } : {}),
  errors: [{ messageId: 'fetchNoDeadline' as const, suggestions: [{ messageId: 'suggestSignal' as const, output: code.replace('fetch(u)', 'fetch(u, { signal: AbortSignal.timeout(10_000) })') }] }],
});
const TELEGRAF = "import { Telegraf } from 'telegraf';\n";
const BOUNDED_BOT = `${TELEGRAF}const bot = new Telegraf(token, { handlerTimeout: 20_000 });\nbot.catch((e) => console.error(e));\n`;
const GENERATE = 'async function generate(prompt: string) {\n  const r = await fetch(u);\n  return `${prompt}: ${await r.text()}`;\n}\n';
const CRON = "import cron from 'node-cron';\n";
const FLAGGED = 'let running = false;\nsetInterval(async () => {\n  if (running) return;\n  running = true;\n  await fetch(u);\n  running = false;\n}, 60_000);';

ruleTester.run('require-http-timeout: a bot handler deadline, a timer tick', rule, {
  valid: [
    // Telegraf's `handlerTimeout`, chosen by the maintainer: every handler of that bot is raced against it.
    `${BOUNDED_BOT}bot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`,
    `${TELEGRAF}const HANDLER_TIMEOUT = 30 * 1000;\nconst bot = new Telegraf(process.env.BOT_TOKEN!, { handlerTimeout: HANDLER_TIMEOUT });\nbot.catch(async (e, ctx) => { await ctx.reply('Try again later'); });\n${GENERATE}bot.on('text', async (ctx) => ctx.reply(await generate(ctx.message.text)));\nbot.action('again', async (ctx) => { await ctx.reply(await generate('again')); });`,
    `${BOUNDED_BOT}async function onPhoto(ctx) {\n  await fetch(u);\n  await ctx.reply('ok');\n}\nbot.on('photo', onPhoto);`,
    `${TELEGRAF}const opts = { handlerTimeout: 1000 * 30 };\nconst bot = new Telegraf<MyContext>(process.env.BOT_TOKEN!, opts);\nbot.catch((err) => logger.error(err));\nbot.use(async (ctx, next) => {\n  await fetch(u);\n  return next();\n});`,
    `${TELEGRAF}class App {\n  bot = new Telegraf(token, { handlerTimeout: 9000 });\n  start() {\n    this.bot.catch(console.error);\n    this.bot.command('x', async (ctx) => { await fetch(u); });\n  }\n}`,
    // A fixed-rate timer: each tick starts whatever the previous one did, so a stall blocks no user.
    'setInterval(async () => {\n  const r = await fetch(u);\n  await db.save(await r.json());\n}, 60_000);',
    // An inline tick, as a named one: the arrow's own request, its promise returned to the timer.
    'setInterval(() => fetch(u), 60_000);',
    `${AXIOS}setInterval(async () => { await axios.get(u); });`,
    // With `checkTimerTicks`, the same ticks given a deadline.
    { code: 'setInterval(() => fetch(u, { signal: AbortSignal.timeout(10_000) }), 60_000);', options: [{ checkTimerTicks: true }] },
    { code: `${AXIOS}setInterval(async () => { await axios.get(u, { timeout: 10_000 }); });`, options: [{ checkTimerTicks: true }] },
    'async function refresh() {\n  await fetch(u);\n  await db.touch();\n}\nsetInterval(refresh, 60_000);',
    `${AXIOS}async function job() {\n  const r = await axios.get(a);\n  await db.save(r.data);\n}\nsetInterval(() => { job(); }, 60_000);`,
    `${CRON}cron.schedule('*/5 * * * *', async () => {\n  await fetch(u);\n  await db.touch();\n});`,
    "import { schedule } from 'node-cron';\nschedule('0 * * * *', async () => { await fetch(u); await db.touch(); });",
    "import { CronJob } from 'cron';\nnew CronJob('0 * * * *', async () => { await fetch(u); await db.touch(); }).start();",
    "import { CronJob } from 'cron';\nCronJob.from({ cronTime: '0 * * * *', onTick: async () => { await fetch(u); await db.touch(); }, start: true });",
    "const schedule = require('node-schedule');\nschedule.scheduleJob('0 0 * * *', async () => { await fetch(u); await db.touch(); });",
    'globalThis.setInterval(async () => { await fetch(u); await db.touch(); }, 1000);',
    "import * as cron from 'node-cron';\ncron.schedule('* * * * *', tick);\nasync function tick() {\n  await fetch(u);\n  await db.touch();\n}",
    "import { CronJob } from 'cron';\nnew CronJob({ cronTime: '* * * * *', onTick: async () => { await fetch(u); await db.touch(); } });",
    "import { scheduleJob } from 'node-schedule';\nscheduleJob('nightly', '0 0 * * *', async () => { await fetch(u); await db.touch(); });",
    'const refresh = async () => {\n  await fetch(u);\n  await db.touch();\n};\nsetInterval(refresh, 60_000);',
    'class Poller {\n  start() { setInterval(() => this.tick(), 60_000); }\n  async tick() {\n    await fetch(u);\n    await db.touch();\n  }\n}',
    // A flag the tick sets but never tests holds nothing.
    'let ran = false;\nsetInterval(async () => {\n  ran = true;\n  await fetch(u);\n  await db.touch();\n}, 60_000);',
    // A loop that ends, and tests and writes that hold no flag.
    'const queue: string[] = [];\nsetInterval(async () => {\n  const state = {};\n  state[key] = true;\n  if (queue.length > 10) return;\n  while (queue.length) {\n    await ready;\n    await handlers[key]();\n    await fetch(u);\n    queue.pop();\n  }\n}, 1000);',
    // A local variable set and tested in a function of the tick is no running flag: each call starts
    // with its own, so a stalled call holds nothing a later tick tests.
    `${AXIOS}async function download(to, url) {\n  const res = await axios({ url, responseType: 'stream' });\n  await bot.sendVideo(to, res.data);\n}\nasync function sendOne(row) {\n  let sent = false;\n  try {\n    await download(row.chat, row.url);\n    sent = true;\n  } catch (e) {\n    console.error(e);\n  }\n  if (sent) await db.query('UPDATE queue SET sent = true WHERE id = $1', [row.id]);\n}\nasync function job() {\n  for (const row of await db.due()) await sendOne(row);\n}\nsetInterval(job, 30_000);`,
    // The first tick run at once, its promise dropped: one more tick, nobody waits for it.
    'async function tick() {\n  await fetch(u);\n  await db.touch();\n}\nexport function startResolver() {\n  tick();\n  setInterval(tick, 60_000);\n}',
    "import cron from 'node-cron';\nconst tick = async () => {\n  await fetch(u);\n  await db.touch();\n};\nexport function start() {\n  void tick();\n  cron.schedule('* * * * *', tick);\n}",
    // A dropped call of a function a tick's callback runs is one more tick: a static method's first
    // check at start-up (`Wallet.check().catch(log)` beside the interval; `private static`: only its
    // class calls it, exported or not), a handler that starts a tick out of schedule without waiting (`/request`).
    'class Wallet {\n  private static timer: unknown;\n  private static start(): void {\n    Wallet.timer = setInterval(() => {\n      Wallet.check().catch((e) => console.error(e));\n    }, 30_000);\n    Wallet.check().catch((e) => console.error(e));\n  }\n  private static async check(): Promise<void> {\n    const deposits = await Wallet.fetchDeposits();\n    for (const d of deposits) await db.save(d);\n  }\n  private static async fetchDeposits() {\n    const r = await fetch(u);\n    return r.json();\n  }\n}',
    'export class Wallet {\n  private static timer: unknown;\n  private static start(): void {\n    Wallet.timer = setInterval(() => {\n      Wallet.check().catch((e) => console.error(e));\n    }, 30_000);\n    Wallet.check().catch((e) => console.error(e));\n  }\n  private static async check(): Promise<void> {\n    const deposits = await Wallet.fetchDeposits();\n    for (const d of deposits) await db.save(d);\n  }\n  private static async fetchDeposits() {\n    const r = await fetch(u);\n    return r.json();\n  }\n}',
    `${CRON}async function requestFeedbacks() {\n  const r = await fetch(u);\n  await db.save(await r.json());\n}\ncron.schedule('*/5 * * * *', async () => {\n  await requestFeedbacks();\n  await notify();\n});\nbot.command('request', (ctx) => {\n  requestFeedbacks();\n});`,
    // A handler that starts the job without waiting: a detached run nobody waits for.
    `${CRON}async function requestFeedbacks() {\n  const r = await fetch(u);\n  await db.save(await r.json());\n}\ncron.schedule('*/5 * * * *', async () => {\n  await notify();\n});\nbot.command('request', (ctx) => {\n  requestFeedbacks();\n});`,
    // A daily report's tick is the one live way; the other callers are methods nothing calls (round 25,
    // Makar0n1/KeyShield #1, DEBATABLE): dead code waits for nothing.
    `${CRON}class Fees {\n  async balance() {\n    const r = await fetch(u);\n    return r.json();\n  }\n  async rent(address) {\n    const b = await this.balance();\n    return b.trx > 10 ? address : null;\n  }\n}\nconst fees = new Fees();\nclass Alerts {\n  start() {\n    cron.schedule('0 6 * * *', async () => {\n      await this.report();\n    });\n  }\n  async report() {\n    const b = await fees.balance();\n    await bot.telegram.sendMessage(ADMIN, String(b.trx));\n  }\n  async status() {\n    await this.report();\n  }\n}\nnew Alerts().start();`,
    // Both kinds of entry: a tick and a bounded bot's handler.
    `${BOUNDED_BOT}async function sync() {\n  await fetch(u);\n  await db.touch();\n}\nsetInterval(sync, 60_000);\nbot.command('sync', async (ctx) => { await sync(); await ctx.reply('done'); });`,
  ],
  invalid: [
    // Telegraf's default (90 s), `Infinity`, grammY (no such option): the stall holds the user.
    fetchOfU(`${TELEGRAF}const bot = new Telegraf(token);\nbot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`),
    fetchOfU(`${TELEGRAF}const bot = new Telegraf(token, { handlerTimeout: Infinity });\nbot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`),
    // Telegraf's default written out, or longer: the same stall as no option.
    fetchOfU(`${TELEGRAF}const bot = new Telegraf(token, { handlerTimeout: 90_000 });\nbot.catch(console.error);\nbot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`),
    fetchOfU(`${TELEGRAF}const bot = new Telegraf(token, { handlerTimeout: 0 });\nbot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`),
    // A deadline without a `bot.catch`: the timeout error is rethrown and stops polling.
    fetchOfU(`${TELEGRAF}const bot = new Telegraf(token, { handlerTimeout: 20_000 });\nbot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`),
    fetchOfU("import { Bot } from 'grammy';\nconst bot = new Bot(token);\nbot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});"),
    // Also reached from outside the handlers: a server route.
    fetchOfU(`${BOUNDED_BOT}${GENERATE}bot.on('text', async (ctx) => ctx.reply(await generate(ctx.message.text)));\napp.post('/generate', async (req, res) => res.send(await generate(req.body.prompt)));`),
    // A named handler also called by a job.
    fetchOfU(`${BOUNDED_BOT}async function onPhoto(ctx) {\n  await fetch(u);\n  await ctx.reply('ok');\n}\nbot.on('photo', onPhoto);\nrunLater(onPhoto);`),
    // `strict` keeps reporting: the socket stays open after the handler's deadline.
    fetchOfU(`${BOUNDED_BOT}bot.command('img', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`, { checkHandlerTimeout: true }),
    // A self-rescheduling `setTimeout` chain: a stall stops the poller forever.
    fetchOfU('async function poll() {\n  await fetch(u);\n  setTimeout(poll, 5000);\n}\npoll();'),
    // A one-shot timer's callback that someone still waits on: it reschedules the poller, or resolves a
    // promise around the timer.
    fetchOfU('async function poll() {\n  setTimeout(async () => {\n    await fetch(u);\n    poll();\n  }, 5000);\n}\npoll();'),
    fetchOfU('export async function later() {\n  await new Promise((resolve) => setTimeout(async () => {\n    await fetch(u);\n    resolve(null);\n  }, 1000));\n}'),
    // An endless loop, on its own or inside a tick.
    fetchOfU('async function main() {\n  while (true) {\n    await fetch(u);\n    await sleep(1000);\n  }\n}\nmain();'),
    fetchOfU('setInterval(async () => {\n  for (;;) {\n    await fetch(u);\n  }\n}, 60_000);'),
    // Also reached from a handler of a bot without a deadline.
    fetchOfU('async function refresh() {\n  await fetch(u);\n  await db.touch();\n}\nsetInterval(refresh, 60_000);\nbot.command(\'refresh\', async (ctx) => { await refresh(); await ctx.reply(\'ok\'); });'),
    // A tick that holds a flag (or a lock) across the request: a stall stops every later tick.
    fetchOfU(FLAGGED),
    fetchOfU('async function tick() {\n  await fetch(u);\n  await db.touch();\n}\nlet busy = false;\nsetInterval(async () => {\n  if (busy) return;\n  busy = true;\n  try { await tick(); } finally { busy = false; }\n}, 60_000);'),
    // Its twins: the flag outlives the call (a module variable, or one of the function around the tick).
    fetchOfU('async function download(url) {\n  const res = await fetch(u);\n  return res.body;\n}\nlet busy = false;\nasync function sendOne(row) {\n  if (busy) return;\n  busy = true;\n  await download(row.url);\n  busy = false;\n}\nsetInterval(() => sendOne(next()), 30_000);'),
    fetchOfU('export function start() {\n  let running = false;\n  setInterval(async () => {\n    if (running) return;\n    running = true;\n    await fetch(u);\n    running = false;\n  }, 60_000);\n}'),
    fetchOfU('setInterval(async () => {\n  const release = await mutex.acquire();\n  try { await fetch(u); } finally { release(); }\n}, 60_000);'),
    // Not a timer this rule knows: a project scheduler, a shadowed `setInterval`.
    fetchOfU("import { schedule } from './scheduler';\nschedule('0 * * * *', async () => { await fetch(u); await db.touch(); });"),
    fetchOfU('function setInterval(fn: () => void, ms: number) { fn(); }\nsetInterval(async () => { await fetch(u); await db.touch(); }, 1000);'),
    // A composer's handlers: which bot runs them is not known here.
    fetchOfU(`import { Telegraf, Composer } from 'telegraf';\nconst bot = new Telegraf(token, { handlerTimeout: 20_000 });\nbot.catch(console.error);\nconst admin = new Composer();\nadmin.command('x', async (ctx) => { await fetch(u); await ctx.reply('ok'); });\nbot.use(admin);`),
    fetchOfU('setInterval(async () => {\n  do {\n    await fetch(u);\n  } while (true);\n}, 60_000);'),
    fetchOfU('class Poller {\n  busy = false;\n  start() { setInterval(() => this.tick(), 60_000); }\n  async tick() {\n    if (!this.busy) {\n      this.busy = true;\n      await fetch(u);\n      this.busy = false;\n    }\n  }\n}'),
    fetchOfU("import { CronJob } from './jobs';\nnew CronJob('0 * * * *', async () => { await fetch(u); await db.touch(); });\nCronJob.from({ onTick: async () => { await db.touch(); } });"),
    fetchOfU('class Job { constructor(o: object) {} }\nnew Job({ onTick: async () => { await fetch(u); await db.touch(); } });'),
    fetchOfU('let tick = async () => {\n  await fetch(u);\n  await db.touch();\n};\ntick = wrap(tick);\nsetInterval(tick, 60_000);'),
    fetchOfU('setInterval(async () => { await fetch(u); await db.touch(); }, 60_000);', { checkHandlerTimeout: true, checkTimerTicks: true }),
    // An inline tick is reported like a named one when asked for: a poll that hangs (round-15 recall check).
    fetchOfU('setInterval(() => fetch(u), 60_000);', { checkTimerTicks: true }),
    {
      code: `${AXIOS}setInterval(async () => { await axios.get(u); });`,
      options: [{ checkTimerTicks: true }],
      errors: [{ messageId: 'noTimeout', suggestions: [{ messageId: 'suggestTimeout', data: { text: 'timeout: 10_000' }, output: `${AXIOS}setInterval(async () => { await axios.get(u, { timeout: 10_000 }); });` }] }],
    },
    // Its twins: the first tick awaited (the start-up waits for it), a function no fixed-rate timer runs, a call of another function.
    fetchOfU('async function tick() {\n  await fetch(u);\n  await db.touch();\n}\nexport async function startResolver() {\n  await tick();\n  setInterval(tick, 60_000);\n}'),
    fetchOfU('async function tick() {\n  await fetch(u);\n  await db.touch();\n}\nexport function startResolver() {\n  tick();\n  setTimeout(tick, 60_000);\n}'),
    fetchOfU('async function tick() {\n  await fetch(u);\n  await db.touch();\n}\nconst other = tick;\nexport function startResolver() {\n  other();\n  setInterval(tick, 60_000);\n}'),
    // Their twins: the static first check awaited by the start-up, the tick holding a busy flag, an awaited
    // call of a function no tick runs.
    fetchOfU('class Wallet {\n  private static timer: unknown;\n  static async start(): Promise<void> {\n    Wallet.timer = setInterval(() => {\n      Wallet.check().catch((e) => console.error(e));\n    }, 30_000);\n    await Wallet.check();\n  }\n  private static async check(): Promise<void> {\n    const deposits = await Wallet.fetchDeposits();\n    for (const d of deposits) await db.save(d);\n  }\n  private static async fetchDeposits() {\n    const r = await fetch(u);\n    return r.json();\n  }\n}\nawait Wallet.start();'),
    fetchOfU(`${CRON}async function requestFeedbacks() {\n  const r = await fetch(u);\n  await db.save(await r.json());\n}\nlet busy = false;\ncron.schedule('*/5 * * * *', async () => {\n  if (busy) return;\n  busy = true;\n  await requestFeedbacks();\n  busy = false;\n});\nbot.command('request', (ctx) => {\n  requestFeedbacks();\n});`),
    fetchOfU(`${CRON}async function requestFeedbacks() {\n  const r = await fetch(u);\n  await db.save(await r.json());\n}\ncron.schedule('*/5 * * * *', async () => {\n  await notify();\n});\nbot.command('request', async (ctx) => {\n  await requestFeedbacks();\n});`),
    fetchOfU('async function check() {\n  const r = await fetch(u);\n  await db.save(await r.json());\n}\nlet busy = false;\nexport function start() {\n  setInterval(() => {\n    if (busy) return;\n    busy = true;\n    check().finally(() => { busy = false; });\n  }, 30_000);\n  check().catch(console.error);\n}'),
    fetchOfU('async function check() {\n  const r = await fetch(u);\n  await db.save(await r.json());\n}\nlet busy = false;\nsetInterval(() => {\n  if (busy) return;\n  busy = true;\n  check().finally(() => { busy = false; });\n}, 30_000);\nsetInterval(() => {\n  if (busy) return;\n  busy = true;\n  check().finally(() => { busy = false; });\n}, 3_600_000);'),
    // Its twins: the uncalled method is called after all (an awaiting handler), or a decorator may register it.
    fetchOfU(`${CRON}class Fees {\n  async balance() {\n    const r = await fetch(u);\n    return r.json();\n  }\n  async rent(address) {\n    const b = await this.balance();\n    return b.trx > 10 ? address : null;\n  }\n}\nconst fees = new Fees();\nclass Alerts {\n  start() {\n    cron.schedule('0 6 * * *', async () => {\n      await this.report();\n    });\n  }\n  async report() {\n    const b = await fees.balance();\n    await bot.telegram.sendMessage(ADMIN, String(b.trx));\n  }\n}\nnew Alerts().start();\nbot.command('rent', async (ctx) => { await ctx.reply(String(await fees.rent(ctx.payload))); });`),
    fetchOfU(`${CRON}class Fees {\n  async balance() {\n    const r = await fetch(u);\n    return r.json();\n  }\n  @Get('rent')\n  async rent(address) {\n    const b = await this.balance();\n    return b.trx > 10 ? address : null;\n  }\n}\nconst fees = new Fees();\nclass Alerts {\n  start() {\n    cron.schedule('0 6 * * *', async () => {\n      await this.report();\n    });\n  }\n  async report() {\n    const b = await fees.balance();\n    await bot.telegram.sendMessage(ADMIN, String(b.trx));\n  }\n}\nnew Alerts().start();`),
    // More than four callers up: not followed.
    fetchOfU('async function f() {\n  await fetch(u);\n}\nasync function e() { await f(); }\nasync function d() { await e(); }\nasync function c() { await d(); }\nasync function b() { await c(); }\nasync function a() { await b(); }\nsetInterval(a, 60_000);'),
    // `strict` keeps reporting ticks too.
    fetchOfU(`${CRON}cron.schedule('*/5 * * * *', async () => {\n  await fetch(u);\n  await db.touch();\n});`, { checkTimerTicks: true }),
  ],
});

/** A bot project on disk: an AI module whose functions the handlers of a bounded Telegraf bot call, and a server route. */
const entriesProject = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-entries-'));
const writeEntry = (name: string, lines: string[]): string => {
  const file = path.join(entriesProject, name);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
};
fs.writeFileSync(path.join(entriesProject, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4' } }));
const AI = [
  'export async function generate(prompt: string) {',
  '  const r = await fetch(u);',
  '  return r.text();',
  '}',
  'class Vision {',
  '  async describe(image: string) {',
  '    const r = await fetch(u);',
  '    return r.text();',
  '  }',
  '}',
  'export const vision = new Vision();',
];
const aiFile = writeEntry('ai.ts', AI);
writeEntry('bot.ts', [
  "import { Telegraf } from 'telegraf';",
  "import { generate, vision } from './ai';",
  'const bot = new Telegraf(process.env.BOT_TOKEN!, { handlerTimeout: 60_000 });',
  "bot.catch(async (error, ctx) => { await ctx.reply('The AI is slow today, try again.'); });",
  "bot.on('text', async (ctx) => { await ctx.reply(await generate(ctx.message.text)); });",
  "bot.on('photo', async (ctx) => { await ctx.reply(await vision.describe(ctx.message.photo[0].file_id)); });",
]);
const SUMMARY = ['export async function summarize(text: string) {', '  const r = await fetch(u);', '  return r.text();', '}'];
const summaryFile = writeEntry('summary.ts', SUMMARY);
writeEntry('handlers.ts', [
  "import { Telegraf } from 'telegraf';",
  "import { summarize } from './summary';",
  'const bot = new Telegraf(process.env.BOT_TOKEN!, { handlerTimeout: 60_000 });',
  'bot.catch(console.error);',
  "bot.command('tldr', async (ctx) => { await ctx.reply(await summarize(ctx.message.text)); });",
]);
writeEntry('server.ts', ["import { summarize } from './summary';", "app.post('/tldr', async (req, res) => { res.send(await summarize(req.body.text)); });"]);

ruleTester.run('require-http-timeout: handlers of a bounded bot in other project files', rule, {
  valid: [{ code: AI.join('\n'), filename: aiFile }],
  invalid: [
    { ...fetchOfU(SUMMARY.join('\n')), filename: summaryFile },
    {
      code: AI.join('\n'),
      filename: aiFile,
      options: [{ checkHandlerTimeout: true }],
      errors: [2, 7].map((line) => ({ messageId: 'fetchNoDeadline' as const, line, suggestions: [{ messageId: 'suggestSignal' as const, output: AI.map((text, i) => (i === line - 1 ? text.replace('fetch(u)', 'fetch(u, { signal: AbortSignal.timeout(10_000) })') : text)).join('\n') }] })),
    },
  ],
});

const NTBA = "import TelegramBot from 'node-telegram-bot-api';\nconst bot = new TelegramBot(token, { polling: true });\n";
const STATS = 'async function stats(chatId) {\n  const r = await fetch(u);\n  await bot.sendMessage(chatId, await r.text());\n}\n';
const ADMIN_LISTENER = `${NTBA}bot.onText(/\\/stats/, async (msg) => {\n  if (msg.from.id !== ADMIN_ID) return;\n  const r = await fetch(u);\n  await bot.sendMessage(msg.chat.id, await r.text());\n});`;

ruleTester.run('require-http-timeout: admin-only listeners of a node-telegram-bot-api bot', rule, {
  valid: [
    // node-telegram-bot-api does not await its listeners: a stall behind an admin check holds only the admin's own flow.
    ADMIN_LISTENER,
    // The check in a helper only listeners call: the request runs in the branch the admin takes.
    `${NTBA}const showStats = async (chatId) => {\n  if (chatId == process.env.ADMIN_CHAT_ID || chatId == process.env.ADMIN_CHAT_ID2) {\n    const r = await fetch(u);\n    await bot.sendMessage(chatId, await r.text());\n  }\n};\nbot.on('callback_query', async (query) => {\n  if (query.data === 'stats') showStats(query.from.id);\n});`,
    // The check in the listener, before the call of a helper that only it calls.
    `${NTBA}${STATS}bot.on('message', async (msg) => {\n  if (msg.from.id !== ADMIN) return;\n  await stats(msg.chat.id);\n});`,
    `${NTBA}bot.on('message', async (msg) => {\n  if (msg.text && (await isAdmin(msg.from.id))) {\n    const r = await fetch(u);\n    await bot.sendMessage(msg.chat.id, await r.text());\n  }\n});`,
  ],
  invalid: [
    // grammY handles updates one at a time, Telegraf's polling waits for the batch: an admin's stall blocks every user.
    fetchOfU("import { Bot } from 'grammy';\nconst bot = new Bot(token);\nbot.command('stats', async (ctx) => {\n  if (ctx.from?.id !== ADMIN_ID) return;\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});"),
    fetchOfU(`${TELEGRAF}const bot = new Telegraf(token);\nbot.command('stats', async (ctx) => {\n  if (ctx.from.id !== ADMIN_ID) return;\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});`),
    // A listener any user reaches.
    fetchOfU(`${NTBA}bot.onText(/\\/stats/, async (msg) => {\n  const r = await fetch(u);\n  await bot.sendMessage(msg.chat.id, await r.text());\n});`),
    // Also reached from a listener without the check.
    fetchOfU(`${NTBA}${STATS}bot.on('message', async (msg) => {\n  if (msg.from.id !== ADMIN) return;\n  await stats(msg.chat.id);\n});\nbot.onText(/\\/start/, async (msg) => { await stats(msg.chat.id); });`),
    // A check that does not exit, and the branch the others take.
    fetchOfU(`${NTBA}bot.on('message', async (msg) => {\n  if (msg.from.id !== ADMIN) console.log('not the admin');\n  const r = await fetch(u);\n  await bot.sendMessage(msg.chat.id, await r.text());\n});`),
    fetchOfU(`${NTBA}bot.on('message', async (msg) => {\n  if (msg.chat.id != process.env.ADMIN_CHAT_ID) {\n    const r = await fetch(u);\n    await bot.sendMessage(msg.chat.id, await r.text());\n  }\n});`),
    fetchOfU(`${NTBA}bot.on('message', async (msg) => {\n  if (!isAdmin(msg.from.id)) {\n    const r = await fetch(u);\n    await bot.sendMessage(msg.chat.id, await r.text());\n  }\n});`),
    // A helper also called from outside the listeners.
    fetchOfU(`${NTBA}const showStats = async (chatId) => {\n  if (chatId == ADMIN_CHAT_ID) {\n    const r = await fetch(u);\n    await bot.sendMessage(chatId, await r.text());\n  }\n};\nbot.on('callback_query', async (query) => { showStats(query.from.id); });\nrunLater(showStats);`),
    // `strict` keeps reporting them.
    fetchOfU(ADMIN_LISTENER, { checkAdminListeners: true }),
  ],
});

const NTBA_PROJECT = inProject('ntba-process-handler', 'src/admin.js');
const EXPORTED_ADMIN = (test: string) =>
  `const { bot } = require('./bot');\nconst removeMovie = async (chatId, id) => {\n  if (${test}) {\n    const r = await fetch(u);\n    await bot.sendMessage(chatId, await r.text());\n  }\n};\nmodule.exports = { removeMovie };`;
const EXECUTOR_ADMIN = (test: string) =>
  `const listSerials = (chatId) => new Promise(async (resolve) => {\n  if (${test}) {\n    const r = await fetch(u);\n    resolve(await r.json());\n  }\n});\nmodule.exports = { listSerials };`;
const IMPORTED_BOT_ADMIN = (exit: string) =>
  `const { bot } = require('./bot');\nexports.addSubtitle = async (chatId) => {\n${exit}  bot.once('document', async (msg) => {\n    const r = await fetch(u);\n    await bot.sendMessage(chatId, await r.text());\n  });\n};`;

ruleTester.run('require-http-timeout: admin-only code of a node-telegram-bot-api project (issue 14)', rule, {
  valid: [
    // The project's only framework does not await its listeners: code only the admin's chat runs stalls only the admin.
    { code: EXPORTED_ADMIN('process.env.ADMINCHATID == chatId || process.env.ADMINCHATID2 == chatId'), filename: NTBA_PROJECT },
    { code: EXECUTOR_ADMIN('chatId == process.env.ADMINCHATID'), filename: NTBA_PROJECT },
    { code: IMPORTED_BOT_ADMIN('  if (chatId != OWNER_CHAT_ID) return;\n'), filename: NTBA_PROJECT },
  ],
  invalid: [
    // The same code without the admin test, or with a test of a value that is not the admin's.
    { ...fetchOfU(EXPORTED_ADMIN('process.env.GROUP_ID == chatId')), filename: NTBA_PROJECT },
    { ...fetchOfU(EXPORTED_ADMIN('chatId')), filename: NTBA_PROJECT },
    { ...fetchOfU(EXECUTOR_ADMIN('chatId != process.env.ADMINCHATID')), filename: NTBA_PROJECT },
    { ...fetchOfU(IMPORTED_BOT_ADMIN('')), filename: NTBA_PROJECT },
    { ...fetchOfU(IMPORTED_BOT_ADMIN('  if (chatId == OWNER_CHAT_ID) return;\n')), filename: NTBA_PROJECT },
    // A project that may use grammY or Telegraf (none declared, or grammY beside it), where an admin's stall can hold everyone.
    fetchOfU(EXPORTED_ADMIN('process.env.ADMINCHATID == chatId')),
    { ...fetchOfU(EXPORTED_ADMIN('process.env.ADMINCHATID == chatId')), filename: inProject('ntba-and-grammy', 'src/admin.js') },
    // Handed to a function that may run it anywhere, or to a constructor other than `Promise`.
    { ...fetchOfU(EXPORTED_ADMIN('chatId == ADMIN_ID').replace('module.exports = { removeMovie };', 'queue.add(removeMovie);')), filename: NTBA_PROJECT },
    { ...fetchOfU(EXECUTOR_ADMIN('chatId == ADMIN_ID').replace('new Promise(', 'new Job(')), filename: NTBA_PROJECT },
    { ...fetchOfU(EXPORTED_ADMIN('chatId == ADMIN_ID').replace('module.exports = { removeMovie };', 'registry.removeMovie = removeMovie;')), filename: NTBA_PROJECT },
    // `strict` keeps reporting them.
    { ...fetchOfU(EXPORTED_ADMIN('process.env.ADMINCHATID == chatId'), { checkAdminListeners: true }), filename: NTBA_PROJECT },
  ],
});

/**
 * Routes of a web server reached only through an operator gate (round 23, DaniilLepekhin/Hranitel-MiniApp
 * #4 and #8: Elysia routes whose handler first throws 401 unless `checkAdminAuth(headers)` passes the
 * `x-admin-secret` header). The server serves requests concurrently: a stall holds only the operator's own request.
 */
const ELYSIA_ADMIN = (gate: string, more = '') => `import { Elysia, t } from 'elysia';
const checkAdminAuth = (headers: Record<string, string | undefined>) => headers['x-admin-secret'] === process.env.ADMIN_SECRET;
export const adminRoutes = new Elysia({ prefix: '/admin' })
  .post(
    '/generate-payment-link',
    async ({ body, headers, set }) => {
${gate}
      const r = await fetch(u);
      return r.json();
    },
    { body: t.Object({ email: t.String() }) },
  )${more};
`;
const ELYSIA_GATE = "      if (!checkAdminAuth(headers)) {\n        set.status = 401;\n        throw new Error('Unauthorized');\n      }";
const EXPRESS_ADMIN = (middleware: string) =>
  `import express from 'express';\nimport { authenticate, requireAdmin } from './auth';\nconst router = express.Router();\nrouter.post('/admin/sync', ${middleware}async (req, res) => {\n  const r = await fetch(u);\n  res.json(await r.json());\n});\nexport default router;`;
const HONO_ADMIN = (gate: string) =>
  `import { Hono } from 'hono';\nconst app = new Hono();\napp.post('/admin/sync', async (c) => {\n${gate}  const r = await fetch(u);\n  return c.json(await r.json());\n});\nexport default app;`;
const FASTIFY_ADMIN = (options: string) =>
  `import type { FastifyInstance } from 'fastify';\nexport default async function admin(fastify: FastifyInstance) {\n  fastify.post('/admin/sync', ${options}async (request, reply) => {\n    const r = await fetch(u);\n    return reply.send(await r.json());\n  });\n}`;

ruleTester.run('require-http-timeout: operator routes of a web server (round 23)', rule, {
  valid: [
    ELYSIA_ADMIN(ELYSIA_GATE),
    // The same route in a group: `app` is the group's Elysia instance.
    ELYSIA_ADMIN(ELYSIA_GATE).replace("new Elysia({ prefix: '/admin' })\n  .post(", "new Elysia().group('/admin', (app) => app.post(").replace('\n  );', '\n  ));'),
    EXPRESS_ADMIN('authenticate, requireAdmin, '),
    HONO_ADMIN("  if (c.req.header('x-admin-token') !== process.env.ADMIN_TOKEN) return c.text('forbidden', 403);\n"),
    FASTIFY_ADMIN('{ preHandler: [requireRole(\'admin\')] }, '),
  ],
  invalid: [
    // The twins: no gate, a gate any signed-in user passes, a route of the same server outside the gate.
    fetchOfU(ELYSIA_ADMIN('')),
    fetchOfU(ELYSIA_ADMIN("      if (!headers.authorization) {\n        set.status = 401;\n        throw new Error('Unauthorized');\n      }")),
    {
      code: ELYSIA_ADMIN(ELYSIA_GATE, "\n  .post('/cancel', async () => {\n    await fetch(cancelUrl);\n    return { ok: true };\n  })"),
      errors: [{ messageId: 'fetchNoDeadline' as const, line: 17, suggestions: [{ messageId: 'suggestSignal' as const, output: ELYSIA_ADMIN(ELYSIA_GATE, "\n  .post('/cancel', async () => {\n    await fetch(cancelUrl, { signal: AbortSignal.timeout(10_000) });\n    return { ok: true };\n  })") }] }],
    },
    fetchOfU(EXPRESS_ADMIN('authenticate, ')),
    fetchOfU(HONO_ADMIN("  if (!c.req.header('authorization')) return c.text('forbidden', 401);\n")),
    fetchOfU(FASTIFY_ADMIN('{ preHandler: [requireRole(\'user\', \'admin\')] }, ')),
    // Not a server's route: a gate in a handler of a grammY bot, which handles updates one at a time.
    fetchOfU("import { Bot } from 'grammy';\nconst bot = new Bot(token);\nbot.command('sync', async (ctx) => {\n  if (!isAdmin(ctx.from?.id)) return;\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});"),
    // A route method on something no server package made.
    fetchOfU("const registry = makeRegistry();\nregistry.post('/admin/sync', async (req) => {\n  if (!isAdmin(req.user)) return;\n  const r = await fetch(u);\n  return r.json();\n});"),
    // `strict` keeps reporting them.
    fetchOfU(ELYSIA_ADMIN(ELYSIA_GATE), { checkAdminListeners: true }),
  ],
});

/**
 * Round 24: discord.js commands (isyuricunha/yue-discord-bot #7, Sophan-Developer/discord-casino-bot #4,
 * Delemangi/finki-discord-bot #1) judged DEBATABLE: the library runs every event on its own, so a stall
 * holds only the user who sent it. Still reported: a flag, lock or busy mark held across the request
 * (Robert56s/discord-casino-bot #20, `$set: { activeWithdraw: true }` before it: TRUE), an endless loop,
 * a timer, a web route, grammY, node-telegram-bot-api.
 */
const DISCORD = inProject('discord-commands', 'src/commands/weather.js');
const DISCORD_TS = inProject('discord-commands', 'src/commands/weather.ts');
const NTBA_LISTENERS = inProject('ntba-process-handler', 'src/listeners.js');
const CONCURRENT = { checkConcurrentHandlers: true };
const COMMAND = (body: string, head = '') =>
  `const { SlashCommandBuilder } = require('discord.js');\n${head}module.exports = {\n  data: new SlashCommandBuilder().setName('weather'),\n  async execute(interaction) {\n${body}    const r = await fetch(u);\n    await interaction.editReply(await r.text());\n  },\n};`;
const BUSY_SET = "const busy = new Set();\n";
const BUSY_BODY = "    if (busy.has(interaction.user.id)) return interaction.reply('wait');\n    busy.add(interaction.user.id);\n";
const CLEARED = (code: string) => code.replace('    await interaction.editReply(await r.text());\n', '    await interaction.editReply(await r.text());\n    busy.delete(interaction.user.id);\n');
const WITHDRAW = `const { SlashCommandBuilder } = require('discord.js');
const profile = require('../schemas/profile');
module.exports = {
  data: new SlashCommandBuilder().setName('withdraw'),
  async execute(interaction) {
    const user = await profile.findOne({ userId: interaction.user.id });
    if (user.activeWithdraw) return interaction.reply('You already have an active withdraw');
    await profile.findOneAndUpdate({ userId: interaction.user.id }, { $set: { activeWithdraw: true } });
    const collector = interaction.channel.createMessageComponentCollector({ max: 1 });
    collector.on('collect', async (i) => {
      const r = await fetch(u);
      await i.update(await r.text());
      await profile.findOneAndUpdate({ userId: interaction.user.id }, { $set: { activeWithdraw: false } });
    });
  },
};`;
const CLIENT_LISTENER = (body: string) =>
  `const { Client } = require('discord.js');\nconst client = new Client({ intents: [] });\nclient.on('messageCreate', async (message) => {\n${body}  const r = await fetch(u);\n  await message.reply(await r.text());\n});`;
const NTBA_LISTENER = (project = '') =>
  `const TelegramBot = require('node-telegram-bot-api');\nconst bot = new TelegramBot(token, { polling: true });\n${project}bot.on('location', async (msg) => {\n  const r = await fetch(u);\n  await bot.sendMessage(msg.chat.id, await r.text());\n});`;

ruleTester.run('require-http-timeout: handlers a discord.js project runs concurrently (round 24)', rule, {
  valid: [
    // A command module the bot loads from its folder; its listener awaits only this interaction.
    { code: COMMAND(''), filename: DISCORD },
    // ES modules: a command object, a class instance made from one.
    {
      code: "import { SlashCommandBuilder } from 'discord.js';\nexport const weatherCommand = {\n  data: new SlashCommandBuilder().setName('weather'),\n  async execute(interaction) {\n    const r = await fetch(u);\n    await interaction.editReply(await r.text());\n  },\n};",
      filename: DISCORD_TS,
    },
    { code: "import { Command } from '../command';\nexport default new Command({\n  name: 'weather',\n  async execute({ interaction }) {\n    const r = await fetch(u);\n    await interaction.editReply(await r.text());\n  },\n});", filename: DISCORD_TS },
    // A helper only the command calls.
    { code: `const { SlashCommandBuilder } = require('discord.js');\nasync function forecast(city) {\n  const r = await fetch(u);\n  return r.text();\n}\nmodule.exports = {\n  data: new SlashCommandBuilder().setName('weather'),\n  async execute(interaction) {\n    await interaction.editReply(await forecast(interaction.options.getString('city')));\n  },\n};`, filename: DISCORD },
    // The client's own listener.
    { code: CLIENT_LISTENER(''), filename: DISCORD },
    // A busy mark the command never clears is no lock on anything: the next command does not test it.
    { code: COMMAND("    seen.add(interaction.user.id);\n", "const seen = new Set();\n"), filename: DISCORD },
  ],
  invalid: [
    // The twins that hold something a later event waits for: a busy set, a flag written to the database, a flag, an endless loop.
    { ...fetchOfU(CLEARED(COMMAND(BUSY_BODY, BUSY_SET))), filename: DISCORD },
    { ...fetchOfU(WITHDRAW), filename: DISCORD },
    { ...fetchOfU(CLIENT_LISTENER('  if (running) return;\n  running = true;\n')), filename: DISCORD },
    { ...fetchOfU(CLIENT_LISTENER('  while (true) {\n').replace('await message.reply(await r.text());\n', 'await message.reply(await r.text());\n  }\n')), filename: DISCORD },
    // A command's helper a timer also runs; an export a queue runs; a route of a web server.
    { ...fetchOfU("export async function refresh() {\n  const r = await fetch(u);\n  return r.text();\n}\nsetInterval(refresh, 60_000);"), filename: DISCORD_TS },
    { ...fetchOfU("export async function refresh() {\n  const r = await fetch(u);\n  return r.text();\n}\nqueue.process(refresh);"), filename: DISCORD_TS },
    { ...fetchOfU("import express from 'express';\nconst app = express();\napp.get('/weather', async (req, res) => {\n  const r = await fetch(u);\n  res.send(await r.text());\n});"), filename: DISCORD_TS },
    // A named ES export whose name another project file calls (`command.execute(interaction)` in the loader): its callers are not all seen.
    { ...fetchOfU("export const execute = async (interaction) => {\n  const r = await fetch(u);\n  await interaction.editReply(await r.text());\n};"), filename: DISCORD_TS },
    // Work a lock, a limiter or a queue runs: one stall holds every later caller.
    { ...fetchOfU(COMMAND('').replace('    const r = await fetch(u);\n    await interaction.editReply(await r.text());\n', '    await lock.acquire(interaction.guildId, async () => {\n      const r = await fetch(u);\n      await interaction.editReply(await r.text());\n    });\n')), filename: DISCORD },
    { ...fetchOfU("import { Worker } from 'bullmq';\nexport const worker = new Worker('weather', async (job) => {\n  const r = await fetch(u);\n  return r.text();\n});"), filename: DISCORD_TS },
    // A CommonJS export whose callers are not all seen (a module the loader requires by a template literal, calling it from a timer).
    { ...fetchOfU("async function refresh() {\n  const r = await fetch(u);\n  return r.text();\n}\nmodule.exports = { refresh };"), filename: inProject('discord-commands', 'src/nba/nba.js') },
    // A `new Promise` executor runs in its creator, which may be anything.
    { ...fetchOfU("export const load = () => new Promise(async (resolve) => {\n  const r = await fetch(u);\n  resolve(await r.text());\n});"), filename: DISCORD_TS },
    // The same command where no discord.js project is shown.
    fetchOfU(COMMAND('')),
    // node-telegram-bot-api does not await its listeners either, but a stall in its user flows was judged a defect
    // (round 23, business-developer123/BNB_customer_journey_bot #17: a payment API holding the buyer on "Processing…").
    { ...fetchOfU(NTBA_LISTENER()), filename: NTBA_LISTENERS },
    // grammY's `bot.start()` handles one update at a time: a stall holds every user.
    fetchOfU("import { Bot } from 'grammy';\nconst bot = new Bot(token);\nbot.on('message:location', async (ctx) => {\n  const r = await fetch(u);\n  await ctx.reply(await r.text());\n});\nbot.start();"),
    // `strict` keeps reporting them.
    { ...fetchOfU(COMMAND(''), CONCURRENT), filename: DISCORD },
  ],
});

/**
 * Round 31: discord.js commands of the `exports.run = async (client, message, args) => …` kind, which a loader
 * requires by a template literal and an event module of another file runs as `commandFile.run(…)` without
 * awaiting it (Kiri-Discord/kiribotdiscord commands/search/wikipedia.js, DEBATABLE): the callers are the
 * method calls of the name, as for an ES `export async function run`. Still reported: the same command a
 * timer also runs through a require of its path (its callers are then known, and one is no listener).
 */
const CJS_COMMANDS = (file: string) => inProject('discord-cjs-commands', `commands/search/${file}`);
const CJS_RUN = (name: string) =>
  `// A command the loader requires by a template literal; events/messageCreate.js runs it as \`commandFile.run(…)\`.\nexports.run = async (client, message, args) => {\n  const r = await fetch(u);\n  return message.channel.send(await r.text());\n};\nexports.help = { name: '${name}' };\n`;

ruleTester.run('require-http-timeout: CommonJS command modules a discord.js loader runs by name (round 31)', rule, {
  valid: [{ code: CJS_RUN('wikipedia'), filename: CJS_COMMANDS('wikipedia.js') }],
  invalid: [
    { ...fetchOfU(CJS_RUN('weather')), filename: CJS_COMMANDS('weather.js') },
    { ...fetchOfU(CJS_RUN('wikipedia'), CONCURRENT), filename: CJS_COMMANDS('wikipedia.js') },
  ],
});

/**
 * A class's `this.run()` calls its own method only on the side it is written on: in a static method `this`
 * is the class, so a static `this.run()` calls the class's static `run` (left out of the command's callers),
 * never its instance `run` (then it is some other `run`, perhaps the command's: the command stays reported).
 */
ruleTester.run('require-http-timeout: a class calling its own method by this, static or not', rule, {
  valid: [{ code: CJS_RUN('wikipedia'), filename: inProject('discord-cjs-static-own', 'commands/search/wikipedia.js') }],
  invalid: [{ ...fetchOfU(CJS_RUN('wikipedia')), filename: inProject('discord-cjs-static-other', 'commands/search/wikipedia.js') }],
});

/**
 * Round 26: whatsapp-web.js commands (scaranaraa/wp-bot #3, #8, #23, rather-labs/Whatsapp-bot #4) judged
 * DEBATABLE: the library emits each message from its page binding with a plain `EventEmitter.emit`, so a
 * stall holds only the user who asked. Still reported: a flag held across the request (scaranaraa/wp-bot
 * #13, #19: `client.ingame = true` before it, TRUE), a busy mark, a web route (Baileys: see the next block).
 */
const WWEBJS = inProject('wwebjs-commands', 'src/listeners.js');
const WWEBJS_COMMAND = inProject('wwebjs-commands', 'src/commands/weather.js');
const WWEBJS_LISTENER = (body: string) =>
  `const { Client } = require('whatsapp-web.js');\nconst client = new Client({});\nclient.on('message', async (msg) => {\n${body}  const r = await fetch(u);\n  await msg.reply(await r.text());\n});`;
const WWEBJS_RUN = (body: string, head = '') =>
  `${head}module.exports = {\n  name: 'weather',\n  async run(client, msg) {\n${body}    const r = await fetch(u);\n    await msg.reply(await r.text());\n  },\n};`;
const ESM_COMMAND = inProject('wwebjs-esm-commands', 'src/commands/general/weather.js');
const ESM_RUN = (body: string) => `export const name = 'weather';\nexport async function run(client, msg) {\n${body}  const r = await fetch(u);\n  await msg.reply(await r.text());\n}`;
const GAME_FLAG = '  if (client.ingame) return msg.reply(\'A game is running\');\n  client.ingame = true;\n';
const CHAT_BUSY = "    if (busy.has(msg.from)) return msg.reply('wait');\n    busy.add(msg.from);\n";

ruleTester.run('require-http-timeout: handlers a whatsapp-web.js project runs concurrently (round 26)', rule, {
  valid: [
    // The client's own listener: the next message is emitted while this one waits.
    { code: WWEBJS_LISTENER(''), filename: WWEBJS },
    // A command module the loader requires by a template literal and runs from the listener.
    { code: WWEBJS_RUN(''), filename: WWEBJS_COMMAND },
    // A helper only the command calls.
    { code: "async function forecast(city) {\n  const r = await fetch(u);\n  return r.text();\n}\nmodule.exports = {\n  name: 'weather',\n  async run(client, msg) {\n    await msg.reply(await forecast(msg.body));\n  },\n};", filename: WWEBJS_COMMAND },
    // An ES command module its loader imports by a computed path (`import(\`../commands/${dir}/${file}\`)`), run as
    // `command.run(client, msg)` from the listener; `Ffmpeg()….run()` on a package's object and another command's
    // `client.commands.get('weather').run(…)` are the other calls of the name (scaranaraa/wp-bot #3, #8, #23).
    { code: ESM_RUN(''), filename: ESM_COMMAND },
  ],
  invalid: [
    // The twins that hold something a later message waits for: a process-wide game flag, a busy set cleared after.
    { ...fetchOfU(WWEBJS_LISTENER(GAME_FLAG)), filename: WWEBJS },
    {
      ...fetchOfU(WWEBJS_RUN(CHAT_BUSY, 'const busy = new Set();\n').replace('    await msg.reply(await r.text());\n', '    await msg.reply(await r.text());\n    busy.delete(msg.from);\n')),
      filename: WWEBJS_COMMAND,
    },
    // The ES twins: a process-wide game flag (scaranaraa/wp-bot #13, #19, TRUE); a timer that also runs the command by name.
    { ...fetchOfU(ESM_RUN(GAME_FLAG)), filename: ESM_COMMAND },
    { ...fetchOfU(ESM_RUN('')), filename: inProject('wwebjs-esm-timer', 'src/commands/general/weather.js') },
    // A route of the project's web server holds its request, not a message: the webhook and dashboard rules apply.
    { ...fetchOfU("const express = require('express');\nconst app = express();\napp.get('/weather', async (req, res) => {\n  const r = await fetch(u);\n  res.send(await r.text());\n});"), filename: WWEBJS },
    // The same listener where no whatsapp-web.js project is shown.
    fetchOfU(WWEBJS_LISTENER('')),
    // `strict` keeps reporting them.
    { ...fetchOfU(WWEBJS_LISTENER(''), CONCURRENT), filename: WWEBJS },
  ],
});

/**
 * Rounds 33 and 34: commands of Baileys bots (Paiiss/bot-wa #8, #24; islamosamaahmed/botwa #1, #2, #25;
 * xzzys26/Gaara-Ultra-MD #6, #14; Sunkovpe/x-ventas #10), vk-io bots (Limai9999/school59-dnevnik-vk-bot #12,
 * #15) and panindigan-fca bots (nazzelofficial/panindigan-messenger-bot #4, #19, #21, #22, #25) judged
 * DEBATABLE: each library calls the bot's listener for the next event without awaiting the last (Baileys
 * re-emits every event with a plain `EventEmitter.emit`, vk-io's polling drops each update's promise,
 * facebook-chat-api's `listenMqtt` drops what its callback returns), so a stall holds only the user who
 * asked. Still reported: a flag or busy mark held across the request, work a queue runs, and the same code
 * where no such library is declared (a Baileys fork published under a name of its own).
 */
const BAILEYS = inProject('baileys-commands', 'src/handler.js');
const BAILEYS_PLUGIN = inProject('baileys-commands', 'plugins/internet/neko.js');
const BAILEYS_LISTENER = (body: string) =>
  `export function listen(sock) {\n  sock.ev.on('messages.upsert', async ({ messages }) => {\n${body}    const r = await fetch(u);\n    await sock.sendMessage(messages[0].key.remoteJid, { text: await r.text() });\n  });\n}`;
const BAILEYS_HANDLER = (body: string, head = '') =>
  `${head}let handler = async (m, { conn }) => {\n${body}  const r = await fetch(u);\n  await conn.sendMessage(m.chat, { text: await r.text() });\n};\nhandler.command = ['neko'];\nmodule.exports = handler;`;
const BAILEYS_ES_PLUGIN = inProject('baileys-commands', 'plugins/internet/tourl.js');
const BAILEYS_ES_HANDLER = (body: string) =>
  `const handler = async (m, { conn }) => {\n${body}  const r = await fetch(u);\n  await conn.sendMessage(m.chat, { text: await r.text() });\n};\nhandler.help = ['tourl'];\nexport default handler;`;
const VKIO = inProject('vkio-commands', 'src/index.js');
const VKIO_LISTENER = (body: string, head = '') =>
  `const { VK } = require('vk-io');\nconst vk = new VK({ token });\n${head}vk.updates.on('message_new', async (context) => {\n${body}  const r = await fetch(u);\n  await context.send(await r.text());\n});\nvk.updates.start();`;
const FCA = inProject('fca-commands', 'src/index.js');
const FCA_LISTENER = (body: string, head = '') =>
  `const login = require('facebook-chat-api');\n${head}login({ appState }, (err, api) => {\n  api.listenMqtt(async (error, event) => {\n${body}    const r = await fetch(u);\n    api.sendMessage(await r.text(), event.threadID);\n  });\n});`;
const PANINDIGAN = inProject('panindigan-commands', 'src/main.js');
const PANINDIGAN_DOG = inProject('panindigan-commands', 'src/commands/fun/dog.js');
const PANINDIGAN_COMMAND = (kind: string, body = '', after = '') =>
  `${kind} command = {\n  name: 'dog',\n  async execute({ reply, senderId }) {\n${body}    const r = await fetch(u);\n    await reply(await r.text());\n${after}  },\n};\nexport default command;`;
const BUSY_SENDER = (who: string) => `    if (busy.has(${who})) return;\n    busy.add(${who});\n`;

ruleTester.run('require-http-timeout: handlers a Baileys, vk-io or facebook-chat-api project runs concurrently (rounds 33, 34)', rule, {
  valid: [
    // Baileys' `messages.upsert` listener, and a plugin the bot's handler runs for one message.
    { code: BAILEYS_LISTENER(''), filename: BAILEYS },
    { code: BAILEYS_HANDLER(''), filename: BAILEYS_PLUGIN },
    // The ES plugin: `const handler = …; handler.help = […]; export default handler` (xzzys26/Gaara-Ultra-MD #14).
    { code: BAILEYS_ES_HANDLER(''), filename: BAILEYS_ES_PLUGIN },
    // The legacy `@adiwajshing/baileys` name (Paiiss/bot-wa).
    { code: BAILEYS_LISTENER(''), filename: inProject('baileys-legacy-commands', 'src/handler.js') },
    // vk-io: a `message_new` listener, and a `hearManager.hear` handler.
    { code: VKIO_LISTENER(''), filename: VKIO },
    { code: "const { HearManager } = require('@vk-io/hear');\nconst hearManager = new HearManager();\nhearManager.hear(/^\\/cat$/, async (context) => {\n  const r = await fetch(u);\n  await context.send(await r.text());\n});\nmodule.exports = { hearManager };", filename: VKIO },
    // facebook-chat-api's `listenMqtt` callback, and panindigan-fca's `client.on('message')`.
    { code: FCA_LISTENER(''), filename: FCA },
    // A command object bound to a name the module exports, which the command handler loads from its folder
    // (nazzelofficial/panindigan-messenger-bot src/commands/fun/dog.ts).
    { code: PANINDIGAN_COMMAND('const'), filename: PANINDIGAN_DOG },
    { code: "import { PanindiganClient } from 'panindigan-fca';\nconst client = new PanindiganClient({ listenEvents: true });\nclient.on('message', async (event) => {\n  const r = await fetch(u);\n  await client.sendMessage(event.threadId, await r.text());\n});", filename: PANINDIGAN },
  ],
  invalid: [
    // The twins that hold something a later message waits for: a process-wide flag, a busy set cleared after.
    { ...fetchOfU(BAILEYS_LISTENER("    if (sock.processing) return;\n    sock.processing = true;\n")), filename: BAILEYS },
    { ...fetchOfU(BAILEYS_HANDLER(BUSY_SENDER('m.sender').replace(/^ {4}/gm, '  '), 'const busy = new Set();\n').replace("handler.command", "handler.after = (m) => busy.delete(m.sender);\nhandler.command")), filename: BAILEYS_PLUGIN },
    { ...fetchOfU(VKIO_LISTENER("  if (isLoading) return;\n  isLoading = true;\n", 'let isLoading = false;\n').replace('await context.send(await r.text());\n', 'await context.send(await r.text());\n  isLoading = false;\n')), filename: VKIO },
    { ...fetchOfU(FCA_LISTENER(BUSY_SENDER('event.senderID'), 'const busy = new Set();\n').replace('api.sendMessage(await r.text(), event.threadID);\n', 'api.sendMessage(await r.text(), event.threadID);\n    busy.delete(event.senderID);\n')), filename: FCA },
    // The command object's twins: a busy mark held across the request; a binding assigned again (which object is exported is not known).
    { ...fetchOfU(`const busy = new Set();\n${PANINDIGAN_COMMAND('const', BUSY_SENDER('senderId'), '    busy.delete(senderId);\n')}`), filename: PANINDIGAN_DOG },
    { ...fetchOfU(PANINDIGAN_COMMAND('let').replace('export default command;', 'if (legacy) command = legacyCommand;\nexport default command;')), filename: PANINDIGAN_DOG },
    // The ES plugin's twins: a process-wide flag held across the request; the handler also run under a lock.
    { ...fetchOfU(BAILEYS_ES_HANDLER("  if (conn.busy) return;\n  conn.busy = true;\n")), filename: BAILEYS_ES_PLUGIN },
    { ...fetchOfU(`${BAILEYS_ES_HANDLER('')}\nexport async function replay(m, conn) {\n  await mutex.acquire();\n  await handler(m, { conn });\n  mutex.release();\n}`), filename: BAILEYS_ES_PLUGIN },
    // Work a queue runs one at a time: the listener hands it on, and a stall holds every later job.
    { ...fetchOfU("export function listen(sock, queue) {\n  sock.ev.on('messages.upsert', ({ messages }) => {\n    queue.add(async () => {\n      const r = await fetch(u);\n      await sock.sendMessage(messages[0].key.remoteJid, { text: await r.text() });\n    });\n  });\n}"), filename: BAILEYS },
    // The same listeners where no such library is declared.
    fetchOfU(BAILEYS_LISTENER('')),
    fetchOfU(VKIO_LISTENER('')),
    fetchOfU(FCA_LISTENER('')),
    // `strict` keeps reporting them.
    { ...fetchOfU(BAILEYS_LISTENER(''), CONCURRENT), filename: BAILEYS },
    { ...fetchOfU(VKIO_LISTENER(''), CONCURRENT), filename: VKIO },
    { ...fetchOfU(FCA_LISTENER(''), CONCURRENT), filename: FCA },
  ],
});

// Round-9 judged (issue 14): `axios.post('/api/…')` with no base URL rejects with `Invalid URL` in
// Node (axios ≥ 1.7.4) before any request is sent: nothing can hang.
describe('require-http-timeout: a relative URL without a base URL', () => {
  function project(files: Record<string, string>, axios = '^1.6.2'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-relative-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1', axios } }));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, 'api.js');
  }
  function messageIds(code: string, files: Record<string, string> = {}, axios?: string): string[] {
    const filename = project({ 'api.js': code, ...files }, axios);
    const linter = new Linter({ configType: 'flat', cwd: path.dirname(filename) });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(code, config, filename);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  const HEAD = "const axios = require('axios');\n";
  it.each([
    `${HEAD}exports.activate = (body) => axios.post('/api/subscription/activate', body);`,
    `${HEAD}const api = axios.create({ headers: { 'Content-Type': 'application/json' } });\nexports.users = () => api.get('/users');`,
    `${HEAD}const api = axios.create();\nexports.users = () => api.get(\`/users/\${id}\`);`,
  ])('valid %#', (code) => {
    expect(messageIds(code)).toEqual([]);
  });
  it.each([
    // A base URL in the call, in the instance, or unknown options; an absolute or protocol-relative URL.
    [`${HEAD}exports.activate = () => axios.get('/api/x', { baseURL: process.env.API });`, {}],
    [`${HEAD}const api = axios.create({ baseURL: process.env.API });\nexports.users = () => api.get('/users');`, {}],
    [`${HEAD}exports.activate = () => axios.get('http://localhost/api/x');`, {}],
    [`${HEAD}exports.activate = () => axios.get('//cdn.example.com/x');`, {}],
    // Defaults or a request interceptor set here or in another project file.
    [`${HEAD}axios.defaults.baseURL = process.env.API;\nexports.activate = () => axios.get('/api/x');`, {}],
    [`${HEAD}exports.activate = () => axios.get('/api/x');`, { 'setup.js': `${HEAD}axios.interceptors.request.use((c) => ({ ...c, baseURL: process.env.API }));\n` }],
    // An axios that resolves a path against http://localhost: pinned by the lockfile, or a range below 1.7.4.
    [`${HEAD}exports.activate = () => axios.get('/api/x');`, { 'package-lock.json': JSON.stringify({ packages: { 'node_modules/axios': { version: '1.6.8' } } }) }],
    [`${HEAD}exports.activate = () => axios.get('/api/x');`, {}, '~1.6.2'],
    [`${HEAD}exports.activate = () => axios.get('/api/x');`, {}, '^0.27.2'],
  ] as [string, Record<string, string>, string?][])('invalid %#', (code, files, axios) => {
    expect(messageIds(code, files, axios)).toEqual(['noTimeout']);
  });
});

// Round-23 judged (Ddkotl+tg-clicker #10, #18): a fetch of a relative URL (`fetch(api_path.go_spirit_path(), …)`,
// the path built in an imported object's arrow) throws before sending in every server runtime: it runs only in a browser.
describe('require-http-timeout: fetch of a relative path', () => {
  function messageIds(code: string, files: Record<string, string> = {}): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-relative-fetch-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', dependencies: { grammy: '^1' } }));
    for (const [name, text] of Object.entries({ 'api.js': code, ...files })) fs.writeFileSync(path.join(dir, name), text);
    const filename = path.join(dir, 'api.js');
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(code, config, filename);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  const PATHS = { 'paths.js': 'export const api_path = {\n  go: () => `/api/headquarter/spirit_path/go`,\n  missions: (id) => `/api/user/mission?userId=${id}`,\n};\n' };
  const CONFIG = (value: string) => ({ 'config.js': `export const API_BASE_URL = ${value};\n` });
  it.each([
    ["export const send = (body) => fetch('/api/user/mission', { method: 'POST', body });", {}],
    ["const API = '/api';\nexport const list = () => fetch(`${API}/admin/stores`);", {}],
    ["import { api_path } from './paths.js';\nexport const go = (body) => fetch(api_path.go(), { method: 'POST', body });", PATHS],
    ["import { api_path } from './paths.js';\nexport const create = async (id) => (await fetch(api_path.missions(id), { method: 'POST' })).json();", PATHS],
    ["import { API_BASE_URL } from './config.js';\nexport const list = () => fetch(`${API_BASE_URL}/admin/stores`, { credentials: 'include' });", CONFIG("'/api'")],
    ["import { API_BASE_URL } from './config.js';\nexport const list = () => fetch(API_BASE_URL + '/admin/stores');", CONFIG("'/api'")],
  ] as [string, Record<string, string>][])('valid %#', (code, files) => {
    expect(messageIds(code, files)).toEqual([]);
  });
  it.each([
    // A base that differs by runtime: on the server it is absolute.
    ["import { API_BASE_URL } from './config.js';\nexport const list = () => fetch(`${API_BASE_URL}/admin/stores`);", CONFIG("typeof window === 'undefined' ? process.env.BACKEND_URL + '/api' : '/api'")],
    ["import { API_BASE_URL } from './config.js';\nexport const list = () => fetch(`${API_BASE_URL}/admin/stores`);", CONFIG("process.env.BACKEND_URL")],
    // An absolute or protocol-relative URL; a base the code may reassign; a function that may return an absolute URL.
    ["export const list = () => fetch('https://api.example.com/admin/stores');", {}],
    ["export const list = () => fetch('//cdn.example.com/x');", {}],
    ["let API = '/api';\nexport const setBase = (base) => { API = base; };\nexport const list = () => fetch(`${API}/admin/stores`);", {}],
    ["const url = (id) => (id ? `/api/x/${id}` : 'https://api.example.com/x');\nexport const get = (id) => fetch(url(id));", {}],
  ] as [string, Record<string, string>][])('invalid %#', (code, files) => {
    expect(messageIds(code, files)).toEqual(['fetchNoDeadline']);
  });
});

// Round-10 judged: the request's function is exported and its only caller, in another project file,
// races it against a timer (`Promise.race([create(), new Promise((_, reject) => setTimeout(…))])`).
describe('require-http-timeout: deadlines set by callers in other files', () => {
  const SERVICE = [
    "const axios = require('axios');",
    'async function create(body) {',
    "  const res = await axios.post('https://pay.example.com/v3/payments', body);",
    '  return res.data;',
    '}',
    'module.exports = { create };',
  ].join('\n');
  const RACED = "await Promise.race([create({ amount: 1 }), new Promise((_, reject) => setTimeout(() => reject(new Error('slow')), 15000))]);";
  function messageIds(handler: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-raced-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4', axios: '^1.7.4' } }));
    fs.writeFileSync(path.join(dir, 'service.js'), SERVICE);
    fs.writeFileSync(path.join(dir, 'handler.js'), handler);
    const filename = path.join(dir, 'service.js');
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(SERVICE, config, filename);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.messageId ?? m.message);
  }
  const handler = (body: string): string => `const { create } = require('./service');\nasync function onPay(ctx) {\n  ${body}\n  await ctx.reply('ok');\n}\nmodule.exports = { onPay };\n`;
  it('accepts a request whose only caller races it against a timer', () => {
    expect(messageIds(handler(`const payment = ${RACED}`))).toEqual([]);
  });
  it.each([
    // No race; a second caller that does not race it.
    handler('const payment = await create({ amount: 1 });'),
    handler(`const payment = ${RACED}\n  await create({ amount: 2 });`),
  ])('reports when a caller waits without a deadline %#', (code) => {
    expect(messageIds(code)).toEqual(['noTimeout']);
  });
});

// Round-10 judged: a CommonJS module's own export (`module.exports = getJson`, `module.exports = { fetchWeather }`
// required as `const weather = require('./weather')`) reached only from a timer tick in another file.
describe('require-http-timeout: CommonJS exports reached only from a timer tick', () => {
  const GET_JSON = 'const getJson = async (url) => {\n  const r = await fetch(url);\n  return r.json();\n};\nmodule.exports = getJson;\n';
  const WEATHER = 'async function fetchWeather(city) {\n  const r = await fetch(`https://weather.example/${city}`);\n  return r.json();\n}\nmodule.exports = { fetchWeather };\n';
  const TICK = "const { CronJob } = require('cron');\nconst getJson = require('./get-json');\nconst weather = require('./weather');\nnew CronJob('0 * * * *', async () => {\n  await db.save(await getJson(u));\n  await db.save(await weather.fetchWeather('Kyiv'));\n}).start();\n";
  const INLINE = 'module.exports = async function (url) {\n  const r = await fetch(url);\n  return r.json();\n};\n';
  function lines(file: 'get-json.js' | 'weather.js' | 'inline.js', files: Record<string, string>): number[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-cjs-tick-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4', cron: '^3' } }));
    const all: Record<string, string> = { 'get-json.js': GET_JSON, 'weather.js': WEATHER, 'inline.js': INLINE, ...files };
    for (const [name, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, name), text);
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(all[file]!, config, path.join(dir, file));
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.line);
  }
  it('accepts a request whose every caller in the project runs in a timer tick', () => {
    expect(lines('get-json.js', { 'tick.js': TICK })).toEqual([]);
    expect(lines('weather.js', { 'tick.js': TICK })).toEqual([]);
    expect(lines('weather.js', { 'tick.js': TICK, 'units.js': "const weather = require('./weather');\nexports.units = () => weather.units;\n" })).toEqual([]);
    expect(lines('inline.js', { 'tick.js': TICK.replace("require('./get-json')", "require('./inline')") })).toEqual([]);
  });
  it('reports when a handler also calls it, or the module is handed on', () => {
    const handler = "const getJson = require('./get-json');\nconst weather = require('./weather');\nbot.on('text', async (ctx) => {\n  await ctx.reply(await getJson(u));\n  await ctx.reply(await weather.fetchWeather(ctx.message.text));\n});\n";
    expect(lines('get-json.js', { 'tick.js': TICK, 'handler.js': handler })).toEqual([2]);
    expect(lines('weather.js', { 'tick.js': TICK, 'handler.js': handler })).toEqual([2]);
    const handedOn = "const getJson = require('./get-json');\nconst weather = require('./weather');\nregister(getJson, weather);\n";
    expect(lines('get-json.js', { 'tick.js': TICK, 'plugins.js': handedOn })).toEqual([2]);
    expect(lines('weather.js', { 'tick.js': TICK, 'plugins.js': handedOn })).toEqual([2]);
    // The function property passed on, or called with a computed key.
    expect(lines('weather.js', { 'tick.js': TICK, 'queue.js': "const weather = require('./weather');\nqueue.add(weather.fetchWeather);\n" })).toEqual([2]);
    expect(lines('weather.js', { 'tick.js': TICK, 'any.js': "const weather = require('./weather');\nexports.any = (kind) => weather[kind]('Kyiv');\n" })).toEqual([2]);
    // Loaded through a path alias: a caller unseen.
    expect(lines('get-json.js', { 'tick.js': TICK, 'alias.js': "const load = require('@/get-json');\nbot.on('text', async (ctx) => ctx.reply(await load(u)));\n" })).toEqual([2]);
  });
});

// Round-14 judged: a method of an exported `const` object literal (`export const notes = { async due() { … } }`)
// whose only caller runs in a node-schedule tick in another file.
describe('require-http-timeout: a method of an exported object literal reached only from a timer tick', () => {
  const NOTES = 'export const notes = {\n  async due() {\n    const r = await fetch(u);\n    return r.json();\n  },\n  async list() {\n    return this.due();\n  },\n};\n';
  const TICK = "import schedule from 'node-schedule';\nimport { notes } from './notes.js';\nschedule.scheduleJob('0 9 * * *', async () => {\n  await send(await notes.due(), await notes.list());\n});\n";
  function lines(files: Record<string, string>): number[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-object-tick-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', dependencies: { telegraf: '^4', 'node-schedule': '^2' } }));
    const all: Record<string, string> = { 'notes.js': NOTES, ...files };
    for (const [name, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, name), text);
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(all['notes.js']!, config, path.join(dir, 'notes.js'));
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.line);
  }
  it('accepts a request whose every caller in the project runs in a timer tick', () => {
    expect(lines({ 'tick.js': TICK, 'other.js': "import { notes } from './notes.js';\nexport const size = () => notes.size;\n" })).toEqual([]);
  });
  it('reports when a handler also calls it, through the object or `this`, or the object is handed on', () => {
    expect(lines({ 'tick.js': TICK, 'handler.js': "import { notes } from './notes.js';\nbot.on('text', async (ctx) => ctx.reply(await notes.due()));\n" })).toEqual([3]);
    expect(lines({ 'tick.js': TICK, 'handler.js': "import { notes } from './notes.js';\nbot.on('text', async (ctx) => ctx.reply(await notes.list()));\n" })).toEqual([3]);
    expect(lines({ 'tick.js': TICK, 'plugins.js': "import { notes } from './notes.js';\nregister(notes);\n" })).toEqual([3]);
    // Nothing calls it at all.
    expect(lines({ 'tick.js': TICK.replace('await notes.due(), await notes.list()', 'notes.size') })).toEqual([3]);
    expect(lines({ 'tick.js': TICK, 'handler.js': "import { notes } from './notes.js';\nbot.on('text', async (ctx) => ctx.reply(await notes['due']()));\n" })).toEqual([3]);
    expect(lines({ 'tick.js': TICK.replace("import { notes } from './notes.js'", "import all from './notes.js'").replace('notes.due', 'all.notes.due'), 'notes.js': NOTES + 'export default { notes };\n' })).toEqual([3]);
  });
});

// Round-20 judged: the process's only entry sets `axios.defaults.timeout = 30_000` as it starts, so every request on the
// default axios instance that a module it imports sends later (from a handler) has a 30 s deadline.
describe('require-http-timeout: a default timeout the entry module sets', () => {
  const SERVICE = "import axios from 'axios';\nexport async function publish(text) {\n  const res = await axios.post('https://api.example.com/posts', { text });\n  return res.data.id;\n}\n";
  const ENTRY = (setup: string): string =>
    `import axios from 'axios';\nimport { Telegraf } from 'telegraf';\nimport { publish } from './services/post.js';\n${setup}\nconst bot = new Telegraf(process.env.BOT_TOKEN);\nbot.command('post', async (ctx) => { await ctx.reply(await publish(ctx.message.text)); });\nbot.launch();\n`;
  const SET = 'axios.defaults.timeout = 30_000;';
  /** The lines reported in `services/post.js` of a project whose `npm start` runs `index.js` (and `npm run <name>` each other script). */
  function lines(files: Record<string, string>, scripts: Record<string, string> = {}, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-entry-default-'))): number[] {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', scripts: { start: 'node index.js', ...scripts }, dependencies: { telegraf: '^4', axios: '^1' } }));
    const all: Record<string, string> = { 'services/post.js': SERVICE, ...files };
    for (const [name, text] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const config: Linter.Config[] = [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule } } as never }, rules: { 't/r': 'error' } }];
    const messages = linter.verify(all['services/post.js']!, config, path.join(dir, 'services/post.js'));
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.map((m) => m.line);
  }
  it('accepts a request on the default instance, sent from a handler, when the entry sets a default timeout at start-up', () => {
    expect(lines({ 'index.js': ENTRY(SET) })).toEqual([]);
    expect(lines({ 'index.js': ENTRY('Object.assign(axios.defaults, { timeout: 30_000 });') })).toEqual([]);
    expect(lines({ 'index.js': ENTRY("axios.defaults = { ...axios.defaults, timeout: 30_000 };\nObject.assign(axios.defaults, { headers: { 'User-Agent': 'bot' } });") })).toEqual([]);
    // Another entry that does not reach the service changes nothing.
    expect(lines({ 'index.js': ENTRY(SET), 'seed.js': "import axios from 'axios';\nawait axios.get('https://api.example.com/seed');\n" }, { seed: 'node seed.js' })).toEqual([]);
  });
  it('reports when no entry that reaches the module provably sets a finite default first', () => {
    expect(lines({ 'index.js': ENTRY('') })).toEqual([3]);
    // Behind a condition, after a top-level `await` that may never return, zero (no timeout) or not written out.
    expect(lines({ 'index.js': ENTRY(`if (process.env.SLOW_API) {\n  ${SET}\n}`) })).toEqual([3]);
    expect(lines({ 'index.js': ENTRY(`await db.connect();\n${SET}`) })).toEqual([3]);
    expect(lines({ 'index.js': ENTRY('axios.defaults.timeout = 0;') })).toEqual([3]);
    expect(lines({ 'index.js': ENTRY('axios.defaults.timeout = Number(process.env.HTTP_TIMEOUT);') })).toEqual([3]);
    expect(lines({ 'index.js': ENTRY('axios.defaults.timeout ||= 30_000;') })).toEqual([3]);
    expect(lines({ 'index.js': ENTRY(`${SET}\nObject.assign(axios.defaults, loadHttpConfig());`) })).toEqual([3]);
    expect(lines({ 'index.js': ENTRY(`${SET}\naxios.defaults = { headers: { 'User-Agent': 'bot' } };`) })).toEqual([3]);
    expect(lines({ 'index.js': ENTRY(`${SET}\nfunction slow() {\n  axios.defaults.timeout = 0;\n}`) })).toEqual([3]);
    // Set by a module no entry runs: a test setup file.
    expect(lines({ 'index.js': ENTRY(''), 'tests/setup.js': `import axios from 'axios';\n${SET}\n`, 'tests/post.test.js': "import './setup.js';\nimport { publish } from '../services/post.js';\ntest('posts', async () => { await publish('x'); });\n" })).toEqual([3]);
    // A second entry reaches the service without setting it.
    expect(lines({ 'index.js': ENTRY(SET), 'worker.js': "import { publish } from './services/post.js';\nsetInterval(() => publish('tick').then(console.log), 60_000);\nawait publish('now').then(console.log);\n" }, { worker: 'node worker.js' })).toEqual([3]);
  });
  it('answers anew when an entry changes: its default, or what it imports', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-entry-default-'));
    const WORKER = "import { publish } from './services/post.js';\nawait publish('now').then(console.log);\n";
    expect(lines({ 'index.js': ENTRY(SET), 'worker.js': '// nothing yet\n' }, { worker: 'node worker.js' }, dir)).toEqual([]);
    expect(lines({ 'index.js': ENTRY(SET), 'worker.js': WORKER }, { worker: 'node worker.js' }, dir)).toEqual([3]);
    expect(lines({ 'index.js': ENTRY(SET), 'worker.js': `import axios from 'axios';\n${SET}\n${WORKER}` }, { worker: 'node worker.js' }, dir)).toEqual([]);
    expect(lines({ 'index.js': ENTRY('axios.defaults.timeout = 0;'), 'worker.js': `import axios from 'axios';\n${SET}\n${WORKER}` }, { worker: 'node worker.js' }, dir)).toEqual([3]);
  });
  // Round 28 judged FALSE (Glazelf+NinigiBot require-http-timeout #2): the default is set as an event module loads, one
  // the entry loads from its events folder at start-up; every command runs later, through that module's handler.
  const SETUP = `import axios from 'axios';\n${SET}\nexport const ready = true;\n`;
  const IMPORTING = (setup: string): string => ENTRY(`import '${setup}';`);
  const EVENT_LOADER = "import fs from 'fs';\nfor (const file of fs.readdirSync('./events/')) {\n  const event = await import(`./events/${file}`);\n  client.on(event.default.name, event.default.execute);\n}\nimport { publish } from './services/post.js';\nclient.commands = { post: publish };\nclient.login(process.env.TOKEN);\n";
  const EVENT = (setup: string): string => `import axios from 'axios';\n${setup}\nexport default { name: 'interactionCreate', async execute(interaction) { await client.commands[interaction.commandName](interaction.options); } };\n`;
  it('accepts a request on the default instance when a module the entry loads sets a default timeout as it loads', () => {
    expect(lines({ 'index.js': IMPORTING('./lib/http.js'), 'lib/http.js': SETUP })).toEqual([]);
    // Through a module that imports it, and from a folder the entry loads at start-up.
    expect(lines({ 'index.js': IMPORTING('./lib/boot.js'), 'lib/boot.js': "import './http.js';\n", 'lib/http.js': SETUP })).toEqual([]);
    expect(lines({ 'index.js': EVENT_LOADER, 'events/interactionCreate.js': EVENT(SET) })).toEqual([]);
  });
  it('reports when the module that sets the default is not loaded, sets no finite default, or sets it in a function', () => {
    // A module nothing loads; zero (no timeout); a value not written out; a write only a handler runs.
    expect(lines({ 'index.js': ENTRY(''), 'lib/http.js': SETUP })).toEqual([3]);
    expect(lines({ 'index.js': IMPORTING('./lib/http.js'), 'lib/http.js': SETUP.replace('30_000', '0') })).toEqual([3]);
    expect(lines({ 'index.js': IMPORTING('./lib/http.js'), 'lib/http.js': SETUP.replace('30_000', 'Number(process.env.HTTP_TIMEOUT)') })).toEqual([3]);
    expect(lines({ 'index.js': EVENT_LOADER, 'events/interactionCreate.js': EVENT('') })).toEqual([3]);
    expect(lines({ 'index.js': EVENT_LOADER, 'events/interactionCreate.js': EVENT('').replace('async execute(interaction) {', `async execute(interaction) {\n  setTimeout(() => { ${SET} }, 60_000);`) })).toEqual([3]);
    // A module of another package (its own axios, its own defaults) that the entry imports by path.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-entry-default-'));
    fs.mkdirSync(path.join(dir, 'shared'));
    fs.writeFileSync(path.join(dir, 'shared/package.json'), JSON.stringify({ type: 'module', dependencies: { axios: '^1' } }));
    expect(lines({ 'index.js': IMPORTING('./shared/http.js'), 'shared/http.js': SETUP }, {}, dir)).toEqual([3]);
    // An `axios.create()` instance copies the defaults when it is made, in a module loaded before the setter's.
    const INSTANCE = SERVICE.replace('\nexport', "\nconst api = axios.create({ baseURL: 'https://api.example.com' });\nexport").replace("axios.post('https://api.example.com/posts'", "api.post('/posts'");
    expect(lines({ 'index.js': IMPORTING('./lib/http.js'), 'lib/http.js': SETUP, 'services/post.js': INSTANCE })).toEqual([4]);
  });
  // NinigiBot's shape: `main` only (no start command: other files may be run by hand), a command folder one of whose
  // modules loads a package's module by a computed name and a JSON file with import attributes.
  const MAIN_ONLY = JSON.stringify({ type: 'module', main: 'index.js', dependencies: { 'discord.js': '^14', axios: '^1', '@pkmn/mods': '^0.10' } });
  const DEX = "export async function dex(gen, id) {\n  const mod = await import(`@pkmn/mods/${gen}`);\n  const set = await import(`../data/sets/${id}.json`, { with: { type: 'json' } });\n  return [mod, set];\n}\n";
  it('accepts the default set by a module `main` loads when no file `main` leaves out reaches the request', () => {
    const files = { 'package.json': MAIN_ONLY, 'index.js': EVENT_LOADER.replace("import { publish } from './services/post.js';", "import { publish } from './services/post.js';\nimport { dex } from './commands/dex.js';"), 'events/interactionCreate.js': EVENT(SET), 'commands/dex.js': DEX };
    expect(lines(files)).toEqual([]);
    expect(lines({ ...files, 'scripts/seed.js': "import axios from 'axios';\nawait axios.get('https://api.example.com/seed');\n" })).toEqual([]);
    // A file `main` does not reach, which may be run by hand, reaches the request without the default.
    expect(lines({ ...files, 'scripts/backfill.js': "import { publish } from '../services/post.js';\nawait publish('backfill');\n" })).toEqual([3]);
    expect(lines({ ...files, 'events/interactionCreate.js': EVENT('') })).toEqual([3]);
  });
  it('reports an `axios.create()` instance and a request sent as the module loads: both run before the entry sets the default', () => {
    const INSTANCE = SERVICE.replace('\nexport', "\nconst api = axios.create({ baseURL: 'https://api.example.com' });\nexport").replace("axios.post('https://api.example.com/posts'", "api.post('/posts'");
    expect(lines({ 'index.js': ENTRY(SET), 'services/post.js': INSTANCE })).toEqual([4]);
    const AT_LOAD = `${SERVICE}const settings = await axios.get('https://api.example.com/settings');\nexport const limit = settings.data.limit;\n`;
    expect(lines({ 'index.js': ENTRY(SET), 'services/post.js': AT_LOAD })).toEqual([6]);
    const WARM_UP = `${SERVICE}async function warmUp() {\n  await axios.get('https://api.example.com/health');\n}\nawait warmUp();\n`;
    expect(lines({ 'index.js': ENTRY(SET), 'services/post.js': WARM_UP })).toEqual([7]);
  });
});

// A tick a fixed-rate timer runs, exported and started once more, without waiting, by the entry file
// (round 27, kaskad-saim/chat-bot-telegram #20: `setInterval(fetchData, 10000)` in the fetcher's
// module, a bare `fetchData();` in server.js): the first call is one more tick, nobody waits for it.
const ticks = fs.mkdtempSync(path.join(os.tmpdir(), 'rht-tick-importers-'));
const writeTick = (name: string, lines: string[]): string => {
  const file = path.join(ticks, name);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
};
fs.writeFileSync(path.join(ticks, 'package.json'), JSON.stringify({ dependencies: { axios: '^1.6.2', 'node-telegram-bot-api': '^0.66.0' } }));
const tickModule = (name: string): string[] => [
  "import axios from 'axios';",
  `export async function ${name}() {`,
  '  try {',
  "    const response = await axios.get('http://sensors.example.com/api/data');",
  '    await Reading.create({ data: response.data, at: new Date() });',
  '  } catch (error) {',
  '    console.error(error.message);',
  '  }',
  '}',
  `setInterval(${name}, 10000);`,
];
const TICK = tickModule('fetchReadings');
const AWAITED_TICK = tickModule('fetchPrices');
const ONE_SHOT_TICK = tickModule('fetchRates').map((line) => line.replace('setInterval(', 'setTimeout('));
const HANDLER_TICK = tickModule('fetchStock');
const tickFile = writeTick('readings.js', TICK);
const awaitedTickFile = writeTick('prices.js', AWAITED_TICK);
const oneShotTickFile = writeTick('rates.js', ONE_SHOT_TICK);
const handlerTickFile = writeTick('stock.js', HANDLER_TICK);
writeTick('server.js', [
  "import { fetchReadings } from './readings.js';",
  "import { fetchPrices } from './prices.js';",
  "import { fetchRates } from './rates.js';",
  "import { fetchStock } from './stock.js';",
  'fetchReadings();',
  'fetchRates();',
  'await fetchPrices();',
  "bot.onText(/\\/stock/, async (msg) => {",
  '  await fetchStock();',
  "  await bot.sendMessage(msg.chat.id, 'updated');",
  '});',
  'app.listen(3000);',
]);
const axiosAt = (lines: string[], file: string) => {
  const code = lines.join('\n');
  const call = "axios.get('http://sensors.example.com/api/data')";
  return {
    code,
    filename: file,
    errors: [{ messageId: 'noTimeout' as const, line: 4, suggestions: [{ messageId: 'suggestTimeout' as const, data: { text: 'timeout: 10_000' }, output: code.replace(call, call.replace(')', ', { timeout: 10_000 })')) }] }],
  };
};
ruleTester.run('require-http-timeout: a tick started once more from another file', rule, {
  valid: [
    // `setInterval(fetchReadings, 10000)` in its module, `fetchReadings();` in server.js.
    { code: TICK.join('\n'), filename: tickFile },
  ],
  invalid: [
    // Its twins: the start-up awaits the first call (`await fetchPrices()` before `app.listen`); the
    // function is run by a one-shot timer, no fixed-rate one; a handler awaits it (its user waits).
    axiosAt(AWAITED_TICK, awaitedTickFile),
    axiosAt(ONE_SHOT_TICK, oneShotTickFile),
    axiosAt(HANDLER_TICK, handlerTickFile),
  ],
});
