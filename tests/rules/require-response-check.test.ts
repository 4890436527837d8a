import fs from 'node:fs';
import path from 'node:path';

import rule, { type MessageIds, type Options } from '../../src/rules/require-response-check.js';
import { ruleTester, withOptions } from '../rule-tester.js';

const EVERY_USE = { checkEveryUse: true };

const AXIOS = "import axios from 'axios';\n";
const GOT = "import got from 'got';\n";
const UNDICI = "import { request } from 'undici';\n";

ruleTester.run('require-response-check (checkEveryUse)', rule, withOptions({
  valid: [
    // A check of `ok` or `status`, in any shape, before the read.
    'async function f() { const res = await fetch(url); if (!res.ok) throw new Error("x"); return res.json(); }',
    'async function f() { const res = await fetch(url); if (res.status !== 200) return null; return await res.text(); }',
    'async function f() { const res = await fetch(url); return res.ok ? res.json() : null; }',
    'async function f() { const res = await fetch(url); switch (res.status) { case 200: return res.json(); default: throw new Error("x"); } }',
    'async function f() { const res = await fetch(url); const { ok } = res; if (!ok) throw new Error("x"); return res.json(); }',
    'async function f() { const res = await fetch(url); const { status } = res; return res.json(); }',
    'async function f() { const res = await fetch(url); const { ...rest } = res; return res.json(); }',
    // A check after the read: the body is read to build the error message.
    'async function f() { const res = await fetch(url); const body = await res.json(); if (!res.ok) throw new Error(body.message); return body; }',
    // The parsed body is checked for the API's own error report (Telegram, CryptoBot, JSON-RPC).
    'async function f() { const res = await fetch(url); const json = await res.json(); if (!json.ok) throw new Error(json.description); return json.result; }',
    'async function f() { const res = await fetch(url); const data = (await res.json()) as Reply; if (data?.error) throw new Error(data.error.message); }',
    'async function f() { const res = await fetch(url); const { ok, result } = await res.json(); if (!ok) throw new Error("x"); return result; }',
    'async function f() { const res = await fetch(url); const data = await res.json(); const { error } = data; if (error) throw error; }',
    'async function f() { const resp = await fetch(url).then((r) => r.json()); if (resp.error?.message) throw new Error(resp.error.message); }',
    'fetch(url).then((r) => r.json()).then((body) => { if (body.success) done(body); });',
    'fetch(url).then(function (r) { return r.json(); }).then(({ status }) => status);',
    'async function f() { const data = await (await fetch(url)).json(); if (data.code !== 0) throw new Error(data.msg); }',
    // The response is handed to a function that checks it, or escapes.
    'async function f() { const res = await fetch(url); await assertOk(res); return res.json(); }',
    'async function f() { const res = await fetch(url); return res; }',
    'async function f() { const res = await fetch(url); responses.push(res); }',
    'async function f() { const res = await fetch(url); return { res, data: await res.json() }; }',
    'async function f() { let res = await fetch(url); res = await fetch(other); return res.json(); }',
    'async function f() { const res = await fetch(url); return res[kind](); }',
    'fetch(url).then((res) => { if (!res.ok) throw new Error("x"); return res.json(); });',
    'fetch(url).then(handle);',
    'fetch(url).then(() => done());',
    'fetch(url).then(({ ok, json }) => ok && json());',
    'fetch(url).then(([first]) => first);',
    'async function f() { const res = await fetch(url); const { headers } = res; return headers; }',
    'async function f() { const res = await fetch(url); const { [key]: value } = res; return res.json(); }',
    `${AXIOS}async function f() { const res = await axios.get(url, { validateStatus: acceptAll }); return res.data; }`,
    `${AXIOS}const api = axios.create({ validateStatus: (s) => s < 300 });\nasync function f() { const res = await api.get(url); return res.data; }`,
    // Nothing is read.
    'async function f() { const res = await fetch(url, { method: "DELETE" }); log(res.headers.get("x")); }',
    'async function f() { await fetch(url); }',
    'async function f() { const [a, b] = await Promise.all([fetch(x), fetch(y)]); }',
    'async function f() { return (await fetch(url)).ok; }',
    'async function f() { const { headers } = await fetch(url); }',
    'async function f() { const { [key]: value } = await fetch(url); }',
    // Not fetch.
    'async function f(fetch) { const res = await fetch(url); return res.json(); }',
    'async function f() { const res = await client.get(url); return res.json(); }',
    // undici: statusCode checked.
    `${UNDICI}async function f() { const { statusCode, body } = await request(url); if (statusCode !== 200) throw new Error("x"); return body.json(); }`,
    `${UNDICI}async function f() { const res = await request(url); if (res.statusCode >= 400) throw new Error("x"); return res.body.json(); }`,
    `${UNDICI}async function f() { const { body } = await request(url); }`,
    // axios and got throw on 4xx/5xx by default.
    `${AXIOS}async function f() { const { data } = await axios.get(url); return data; }`,
    `${AXIOS}async function f() { const res = await axios.get(url, { validateStatus: (s) => s < 500 }); return res.data; }`,
    `${AXIOS}async function f() { const res = await axios.get(url, { validateStatus: () => true }); if (res.status >= 400) throw new Error("x"); return res.data; }`,
    `${AXIOS}async function f() { const { status, data } = await axios.post(url, body, { validateStatus: null }); if (status !== 201) throw new Error("x"); return data; }`,
    `${AXIOS}async function f() { const res = await axios.get(url, options); return res.data; }`,
    `${AXIOS}const api = axios.create({ validateStatus: () => true });\nasync function f() { const res = await api.get(url, { validateStatus: (s) => s === 200 }); return res.data; }`,
    `${AXIOS}const api = axios.create(shared);\nasync function f() { const res = await api.get(url); return res.data; }`,
    `${AXIOS}const api = axios.create({ validateStatus: () => true });\nasync function f() { const res = await api.get(url, { ...opts }); return res.data; }`,
    `${AXIOS}const api = axios.create({ baseURL });\nasync function f() { const res = await api.get(url); return res.data; }`,
    `${AXIOS}async function f() { const res = await axios.get(url, { validateStatus: function () { return ok; } }); return res.data; }`,
    `${AXIOS}async function f() { const res = await axios.get(url, { validateStatus: () => { log(); return true; } }); return res.data; }`,
    `${GOT}async function f() { const res = await got(url); return res.body; }`,
    `${GOT}async function f() { const res = await got(url, { throwHttpErrors: false }); if (!res.ok) throw new Error("x"); return res.body; }`,
    `${GOT}async function f() { const res = await got(url, { throwHttpErrors: flag }); return res.body; }`,
    `${GOT}async function f() { return got(url).json(); }`,
    // ky throws on 4xx/5xx by default.
    "import ky from 'ky';\nasync function f() { return ky(url).json(); }",
    "import ky from 'ky';\nasync function f() { const res = await ky(url, { throwHttpErrors: false }); if (!res.ok) return null; return res.json(); }",
    // A wrapper is only known when named in `clients`.
    'async function f() { const res = await apiFetch(url); return res.json(); }',
    { code: 'async function f() { const res = await apiFetch(url); if (!res.ok) throw new Error("x"); return res.json(); }', options: [{ clients: [{ name: 'apiFetch', kind: 'fetch' }] }] },
  ],
  invalid: [
    {
      code: 'async function f() {\n  const res = await fetch("/api");\n  const data = await res.json();\n  return data;\n}',
      errors: [
        {
          messageId: 'uncheckedBody',
          data: { name: 'res', member: 'json' },
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'suggestCheck',
              data: { name: 'res' },
              output:
                'async function f() {\n  const res = await fetch("/api");\n  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n  const data = await res.json();\n  return data;\n}',
            },
          ],
        },
      ],
    },
    {
      code: 'async function f() { const response = await fetch(url, { method: "POST" }); return response.text(); }',
      errors: [
        {
          messageId: 'uncheckedBody',
          data: { name: 'response', member: 'text' },
          suggestions: [
            {
              messageId: 'suggestCheck',
              output:
                'async function f() { const response = await fetch(url, { method: "POST" }); if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`); return response.text(); }',
            },
          ],
        },
      ],
    },
    // The parsed body is used, but no error field of it is looked at.
    {
      code: 'async function f() { const res = await fetch("/api"); const data = await res.json(); return data.result; }',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function f() { const res = await fetch("/api"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); const data = await res.json(); return data.result; }' }] }],
    },
    {
      code: 'fetch("/api").then((r) => r.json()).then((body) => use(body.items));',
      errors: [{ messageId: 'uncheckedBody', suggestions: [] }],
    },
    {
      code: 'fetch("/api").then((r) => r.json()).then(use);',
      errors: [{ messageId: 'uncheckedBody', suggestions: [] }],
    },
    {
      code: 'async function f() { const res = await fetch("/api"); return function () { return res.json(); }; }',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function f() { const res = await fetch("/api"); return function () { if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); return res.json(); }; }' }] }],
    },
    {
      code: 'async function f() { const res = await fetch("/api"); const [a] = await res.json(); return a; }',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function f() { const res = await fetch("/api"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); const [a] = await res.json(); return a; }' }] }],
    },
    // The first read is reported, in source order.
    {
      code: 'async function f() {\n  const res = await fetch("/api");\n  const buf = Buffer.from(await res.arrayBuffer());\n  const again = await res.blob();\n}',
      errors: [
        {
          messageId: 'uncheckedBody',
          data: { name: 'res', member: 'arrayBuffer' },
          line: 3,
          suggestions: [
            {
              messageId: 'suggestCheck',
              output:
                'async function f() {\n  const res = await fetch("/api");\n  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n  const buf = Buffer.from(await res.arrayBuffer());\n  const again = await res.blob();\n}',
            },
          ],
        },
      ],
    },
    {
      code: 'async function f() {\n  const res = (await fetch("/api"))!;\n  res.body!.pipe(out);\n}',
      errors: [
        {
          messageId: 'uncheckedBody',
          data: { name: 'res', member: 'body' },
          suggestions: [{ messageId: 'suggestCheck', output: 'async function f() {\n  const res = (await fetch("/api"))!;\n  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n  res.body!.pipe(out);\n}' }],
        },
      ],
    },
    // Reading the body through destructuring.
    {
      code: 'async function f() {\n  const res = await fetch("/api");\n  const { body } = res;\n  return body;\n}',
      errors: [{ messageId: 'uncheckedBody', line: 3, suggestions: [{ messageId: 'suggestCheck', output: 'async function f() {\n  const res = await fetch("/api");\n  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n  const { body } = res;\n  return body;\n}' }] }],
    },
    // Inside a nested callback: the check goes before its statement.
    {
      code: 'async function f() {\n  const res = await fetch("/api");\n  return new Promise((resolve) => {\n    resolve(res.json());\n  });\n}',
      errors: [{ messageId: 'uncheckedBody', line: 4, suggestions: [{ messageId: 'suggestCheck', output: 'async function f() {\n  const res = await fetch("/api");\n  return new Promise((resolve) => {\n    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n    resolve(res.json());\n  });\n}' }] }],
    },
    // No place for a statement: no suggestion.
    {
      code: 'async function f() { const res = await fetch("/api"), data = await res.json(); }',
      errors: [{ messageId: 'uncheckedBody', suggestions: [] }],
    },
    {
      code: 'fetch("/api").then((r) => r.json());',
      errors: [{ messageId: 'uncheckedBody', data: { name: 'r', member: 'json' }, line: 1, column: 27, endColumn: 33, suggestions: [] }],
    },
    {
      code: 'fetch("/api").then((r) => { return r.text(); });',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'fetch("/api").then((r) => { if (!r.ok) throw new Error(`HTTP ${r.status} ${r.statusText}`); return r.text(); });' }] }],
    },
    // One-liners: nothing to check.
    {
      code: 'async function f() { return (await fetch("/api")).json(); }',
      errors: [{ messageId: 'uncheckedInline', line: 1, column: 29, endColumn: 55 }],
    },
    {
      code: 'async function f() { const { swap } = await (await fetch(url, { method: "POST" })).json(); }',
      errors: [{ messageId: 'uncheckedInline' }],
    },
    {
      code: "import fetch from 'node-fetch';\nasync function f() { const r = await fetch('/api'); return r.json(); }",
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: "import fetch from 'node-fetch';\nasync function f() { const r = await fetch('/api'); if (!r.ok) throw new Error(`HTTP ${r.status} ${r.statusText}`); return r.json(); }" }] }],
    },
    {
      code: 'async function f() { const res = await apiFetch("/api"); return res.json(); }',
      options: [{ clients: [{ name: 'apiFetch', kind: 'fetch' }] }],
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function f() { const res = await apiFetch("/api"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); return res.json(); }' }] }],
    },
    // undici: `statusCode` never read.
    {
      code: `${UNDICI}async function f() {\n  const { body } = await request(url);\n  return body.json();\n}`,
      errors: [{ messageId: 'uncheckedStatusCode', line: 3, column: 11, endColumn: 15 }],
    },
    {
      code: `${UNDICI}async function f() {\n  const { statusCode, body } = await request(url);\n  return body.json();\n}`,
      errors: [{ messageId: 'uncheckedStatusCode', line: 3 }],
    },
    {
      code: `${UNDICI}async function f() {\n  const { body = null } = await request(url);\n  return body;\n}`,
      errors: [{ messageId: 'uncheckedStatusCode', line: 3 }],
    },
    {
      code: `${UNDICI}async function f() {\n  const res = await request(url);\n  return res.body.text();\n}`,
      errors: [{ messageId: 'uncheckedStatusCode', line: 4 }],
    },
    // axios that accepts every status.
    {
      code: `${AXIOS}async function f() {\n  const res = await axios.get(url, { validateStatus: () => true });\n  return res.data;\n}`,
      errors: [{ messageId: 'acceptsEveryStatus', data: { option: 'validateStatus: () => true', library: 'axios' }, line: 4, column: 10, endColumn: 18 }],
    },
    {
      code: `${AXIOS}async function f() {\n  const { data } = await axios.post(url, body, { validateStatus: null });\n  return data;\n}`,
      errors: [{ messageId: 'acceptsEveryStatus', data: { option: 'validateStatus: null', library: 'axios' }, line: 3 }],
    },
    {
      code: `${AXIOS}async function f() {\n  const { data } = await axios.post(url, body, { validateStatus: function () { return true; } });\n  return data;\n}`,
      errors: [{ messageId: 'acceptsEveryStatus' }],
    },
    {
      code: `${AXIOS}const api = axios.create({ validateStatus: () => true });\nasync function f() {\n  const res = await api.get(url);\n  return res.data;\n}`,
      errors: [{ messageId: 'acceptsEveryStatus', line: 5 }],
    },
    {
      code: `${AXIOS}async function f() {\n  return (await axios.get(url, { validateStatus: () => true })).data;\n}`,
      errors: [{ messageId: 'acceptsEveryStatus' }],
    },
    {
      code: `${AXIOS}axios.get(url, { validateStatus: () => true }).then(({ data }) => use(data));`,
      errors: [{ messageId: 'acceptsEveryStatus' }],
    },
    // ky with throwHttpErrors: false.
    {
      code: "import ky from 'ky';\nasync function f() {\n  return ky.post(url, { json, throwHttpErrors: false }).json();\n}",
      errors: [{ messageId: 'acceptsEveryStatus', data: { option: 'throwHttpErrors: false', library: 'ky' }, line: 3 }],
    },
    {
      code: "import ky from 'ky';\nconst api = ky.create({ throwHttpErrors: false });\nasync function f() {\n  const res = await api.get(url);\n  return res.json();\n}",
      errors: [{ messageId: 'acceptsEveryStatus', line: 5 }],
    },
    // got with throwHttpErrors: false.
    {
      code: `${GOT}async function f() {\n  const res = await got(url, { throwHttpErrors: false });\n  return JSON.parse(res.body);\n}`,
      errors: [{ messageId: 'acceptsEveryStatus', data: { option: 'throwHttpErrors: false', library: 'got' }, line: 4 }],
    },
    {
      code: `${GOT}async function f() {\n  return got.post(url, { json, throwHttpErrors: false }).json();\n}`,
      errors: [{ messageId: 'acceptsEveryStatus' }],
    },
    {
      code: `${GOT}const client = got.extend({ throwHttpErrors: false });\nasync function f() {\n  const { body } = await client.get(url);\n  return body;\n}`,
      errors: [{ messageId: 'acceptsEveryStatus', line: 4 }],
    },
  ],
}, EVERY_USE));

const inProject = (name: string): string => path.join(import.meta.dirname, '../fixtures', name, 'src/api.ts');
const BOT_API = 'const TELEGRAM_API = `https://api.telegram.org/bot${token}`;\n';

// Shapes from judged reports on real bots: each invalid case beside its valid twin.
ruleTester.run('require-response-check: judged shapes (checkEveryUse)', rule, withOptions<MessageIds, Options>({
  valid: [
    // A Vite/React SPA (its package.json has a front-end dependency and no server one): browser code.
    { code: 'async function load() { const res = await fetch(url); return res.json(); }', filename: inProject('vite-spa') },
    // Browser globals used at the top of the module (jQuery scripts under `client/`).
    'document.querySelector("#go").addEventListener("click", async () => { const res = await fetch(url); show(await res.json()); });',
    // The body is only printed: logging is not using it.
    'async function f() { const res = await fetch(url); console.log(await res.text()); }',
    'async function f() { const res = await fetch(url); const data = await res.json(); console.log("reply", data); console.error(`body: ${JSON.stringify(data)}`); }',
    // The API's error field, capitalised (TronGrid's `Error`), checked before use.
    'async function f() { const res = await fetch(url); const tx = await res.json(); if (tx.Error || !tx.raw_data) throw new Error("not found"); return tx.raw_data; }',
    // A Bot API wrapper returns the whole `{ ok, result | description }` body: the caller checks `ok`.
    `${BOT_API}export async function sendMessage(chatId, text) { const res = await fetch(\`\${TELEGRAM_API}/sendMessage\`, { method: "POST", body: JSON.stringify({ chat_id: chatId, text }) }); return res.json(); }`,
    'export const getMe = (token) => fetch("https://api.telegram.org/bot" + token + "/getMe").then((r) => r.json());',
    // A Bot API body that does not parse becomes `{}`, and its `ok` is read: the body's own status is the check.
    `${BOT_API}async function send(body) { const res = await fetch(\`\${TELEGRAM_API}/sendMessage\`, { method: "POST", body: JSON.stringify(body) }); const data = (await res.json().catch(() => ({}))) as { ok?: boolean }; return { ok: Boolean(data.ok), description: data.description }; }`,
    // A Bot API body handed on whole (an admin route answering with Telegram's reply): `ok` and `description` go with it.
    `${BOT_API}export async function GET() { const result = await fetch(\`\${TELEGRAM_API}/getWebhookInfo\`); const telegram = (await result.json()) as Info; const url = telegram.result?.url ?? ""; return NextResponse.json({ registered: url.length > 0, telegram }); }`,
    // undici: a body only printed.
    `${UNDICI}async function f() { const check = await request("https://api.ipify.org"); console.log("Checked IP:", await check.body.text()); }`,
    // JSON from an address the code did not build (a file or upload URL): an error page there is
    // HTML or XML, so \`.json()\` throws; no error body is used as data.
    'async function mint(metadataUrl) { let content = await (await fetch(metadataUrl)).json(); content = { ...content, ...extra }; return content; }',
    'async function image(contentUrl) { const response = await fetch(contentUrl); const data = await response.json(); return data.image; }',
    'async function image(contentUrl) { const response = await fetch(contentUrl, { signal: AbortSignal.timeout(5000) }); return (await response.json()).image; }',
    // An error body fails at its first use (no `some` on an error object, no `result`) inside the try
    // whose catch a status check would throw into: the outcome is the same.
    'async function isHoliday() {\n  try {\n    const response = await fetch(`https://date.example/api/${year}`);\n    const data = await response.json();\n    return data.some((r) => r.date === today);\n  } catch {\n    return false;\n  }\n}',
    'async function download(ctx, q) {\n  try {\n    const body = await fetch(`${API}/tiktok?url=${q}`).then((r) => r.json());\n    if (body.result.type === "video") await ctx.replyWithVideo(body.result.url);\n  } catch (e) {\n    await ctx.reply("Download failed");\n  }\n}',
    // The first use reads a field and leaves when it is missing: an error body never reaches the data use.
    'async function price(address) {\n  const res = await fetch("https://assets.example/v1/prices").then((r) => r.json());\n  if (!res[address]) {\n    throw new Error("no price");\n  }\n  return res[address].price;\n}',
    'async function buyAll(bot, chatId, a, b) {\n  const pricesRes = await fetch(`https://price.example/v3?ids=${a},${b}`);\n  const prices = await pricesRes.json();\n  const solUsd = prices[a]?.usdPrice;\n  const tokenUsd = prices[b]?.usdPrice;\n  if (!solUsd || !tokenUsd) {\n    await bot.sendMessage(chatId, "Failed to get price data.");\n    return;\n  }\n  await buy(solUsd / tokenUsd);\n}',
    // Logging the body first is not a use: the first real use (two levels deep) throws into the catch.
    'async function buy(ctx, mint) {\n  try {\n    const res = await fetch(`https://price.example/v2?ids=${mint}`);\n    const data = await res.json();\n    console.log("price response:", data);\n    const price = data.data[mint];\n    await ctx.reply(`Price: ${price}`);\n  } catch (e) {\n    await ctx.reply("Buy failed");\n  }\n}',
  ],
  invalid: [
    // Their twins: a field one level deep (an error body gives `undefined`, used as data), `?.` past
    // the missing level, no try around the read.
    {
      code: 'async function isHoliday() {\n  try {\n    const response = await fetch(`https://date.example/api/${year}`);\n    const data = await response.json();\n    return data.holiday;\n  } catch {\n    return false;\n  }\n}',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function isHoliday() {\n  try {\n    const response = await fetch(`https://date.example/api/${year}`);\n    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);\n    const data = await response.json();\n    return data.holiday;\n  } catch {\n    return false;\n  }\n}' }] }],
    },
    // Their twins: the missing field only logged, or used before the test.
    { code: 'async function price(address) {\n  const res = await fetch("https://assets.example/v1/prices").then((r) => r.json());\n  if (!res[address]) {\n    console.warn("no price");\n  }\n  return res[address]?.price;\n}', errors: [{ messageId: 'uncheckedBody', suggestions: [] }] },
    {
      code: 'async function buyAll(bot, chatId, a, b) {\n  const pricesRes = await fetch(`https://price.example/v3?ids=${a},${b}`);\n  const prices = await pricesRes.json();\n  const solUsd = prices[a]?.usdPrice;\n  await buy(solUsd);\n  if (!solUsd) return;\n}',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function buyAll(bot, chatId, a, b) {\n  const pricesRes = await fetch(`https://price.example/v3?ids=${a},${b}`);\n  if (!pricesRes.ok) throw new Error(`HTTP ${pricesRes.status} ${pricesRes.statusText}`);\n  const prices = await pricesRes.json();\n  const solUsd = prices[a]?.usdPrice;\n  await buy(solUsd);\n  if (!solUsd) return;\n}' }] }],
    },
    // Its twin: after the logging, the first real use is one level deep (`undefined` used as data).
    {
      code: 'async function buy(ctx, mint) {\n  try {\n    const res = await fetch(`https://price.example/v2?ids=${mint}`);\n    const data = await res.json();\n    console.log("price response:", data);\n    const price = data.price;\n    await ctx.reply(`Price: ${price}`);\n  } catch (e) {\n    await ctx.reply("Buy failed");\n  }\n}',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function buy(ctx, mint) {\n  try {\n    const res = await fetch(`https://price.example/v2?ids=${mint}`);\n    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n    const data = await res.json();\n    console.log("price response:", data);\n    const price = data.price;\n    await ctx.reply(`Price: ${price}`);\n  } catch (e) {\n    await ctx.reply("Buy failed");\n  }\n}' }] }],
    },
    {
      code: 'async function download(ctx, q) {\n  try {\n    const body = await fetch(`${API}/tiktok?url=${q}`).then((r) => r.json());\n    if (body.result?.type === "video") await ctx.replyWithVideo(body.result.url);\n  } catch (e) {\n    await ctx.reply("Download failed");\n  }\n}',
      errors: [{ messageId: 'uncheckedBody', suggestions: [] }],
    },
    {
      code: 'async function isHoliday() {\n  const response = await fetch(`https://date.example/api/${year}`);\n  const data = await response.json();\n  return data.some((r) => r.date === today);\n}',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function isHoliday() {\n  const response = await fetch(`https://date.example/api/${year}`);\n  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);\n  const data = await response.json();\n  return data.some((r) => r.date === today);\n}' }] }],
    },
    // The same code in a package with a server dependency (Next.js serves API routes) is checked.
    {
      code: 'async function load() { const res = await fetch("/api"); return res.json(); }',
      filename: inProject('next-app'),
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function load() { const res = await fetch("/api"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); return res.json(); }' }] }],
    },
    // Browser code when asked for.
    {
      code: 'async function load() { const res = await fetch("/api"); return res.json(); }',
      filename: inProject('vite-spa'),
      options: [{ checkBrowserCode: true }],
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function load() { const res = await fetch("/api"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); return res.json(); }' }] }],
    },
    // A `typeof window` guard does not make the module browser code.
    {
      code: "const onServer = typeof window === 'undefined';\nasync function load() { const res = await fetch('/api'); return res.json(); }",
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: "const onServer = typeof window === 'undefined';\nasync function load() { const res = await fetch('/api'); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); return res.json(); }" }] }],
    },
    // Printed and then used as data.
    {
      code: 'async function f() { const res = await fetch("/api"); const data = await res.json(); console.log(data); return data.items; }',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function f() { const res = await fetch("/api"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); const data = await res.json(); console.log(data); return data.items; }' }] }],
    },
    // A presence check of a data field is not a status check: an error body lacks it too, and is
    // reported as "not found" instead of an API failure.
    {
      code: 'async function f() { const res = await fetch("/api"); const tx = await res.json(); if (!tx || !tx.txID) return { ok: false, reason: "not_found" }; return tx; }',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'async function f() { const res = await fetch("/api"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); const tx = await res.json(); if (!tx || !tx.txID) return { ok: false, reason: "not_found" }; return tx; }' }] }],
    },
    // A Bot API wrapper that reads `result` without `ok` hands `undefined` on.
    {
      code: `${BOT_API}export async function getChat(id) { const res = await fetch(\`\${TELEGRAM_API}/getChat?chat_id=\${id}\`); const data = await res.json(); return data.result; }`,
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: `${BOT_API}export async function getChat(id) { const res = await fetch(\`\${TELEGRAM_API}/getChat?chat_id=\${id}\`); if (!res.ok) throw new Error(\`HTTP \${res.status} \${res.statusText}\`); const data = await res.json(); return data.result; }` }] }],
    },
    // A file download from the Bot API is raw bytes: an error body is returned as the file (with
    // `checkBotApiFiles`, see the Telegram file group below).
    {
      code: 'export async function download(token, path) { const res = await fetch(`https://api.telegram.org/file/bot${token}/${path}`); return res.arrayBuffer(); }',
      options: [{ checkBotApiFiles: true }],
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'export async function download(token, path) { const res = await fetch(`https://api.telegram.org/file/bot${token}/${path}`); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); return res.arrayBuffer(); }' }] }],
    },
    {
      code: `${BOT_API}export async function getMe() { const res = await fetch(\`\${TELEGRAM_API}/getMe\`); return res.text(); }`,
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: `${BOT_API}export async function getMe() { const res = await fetch(\`\${TELEGRAM_API}/getMe\`); if (!res.ok) throw new Error(\`HTTP \${res.status} \${res.statusText}\`); return res.text(); }` }] }],
    },
    // The twins of the valid cases above.
    {
      code: `${BOT_API}async function list() { const res = await fetch(\`\${TELEGRAM_API}/getUpdates\`); const data = (await res.json().catch(() => ({}))) as Reply; return data.result ?? []; }`,
      errors: [{ messageId: 'uncheckedBody', data: { name: 'res', member: 'json' }, suggestions: [{ messageId: 'suggestCheck', output: `${BOT_API}async function list() { const res = await fetch(\`\${TELEGRAM_API}/getUpdates\`); if (!res.ok) throw new Error(\`HTTP \${res.status} \${res.statusText}\`); const data = (await res.json().catch(() => ({}))) as Reply; return data.result ?? []; }` }] }],
    },
    {
      code: `${BOT_API}export async function GET() { const result = await fetch(\`\${TELEGRAM_API}/getWebhookInfo\`); const telegram = (await result.json()) as Info; return NextResponse.json({ url: telegram.result?.url ?? "" }); }`,
      errors: [{ messageId: 'uncheckedBody', data: { name: 'result', member: 'json' }, suggestions: [{ messageId: 'suggestCheck', output: `${BOT_API}export async function GET() { const result = await fetch(\`\${TELEGRAM_API}/getWebhookInfo\`); if (!result.ok) throw new Error(\`HTTP \${result.status} \${result.statusText}\`); const telegram = (await result.json()) as Info; return NextResponse.json({ url: telegram.result?.url ?? "" }); }` }] }],
    },
    {
      code: `${UNDICI}async function f() { const check = await request("https://api.ipify.org"); const ip = await check.body.text(); return ip; }`,
      errors: [{ messageId: 'uncheckedStatusCode' }],
    },
    // Raw bytes or text from such an address are used whatever they are.
    {
      code: 'async function download(fileUrl) { const response = await fetch(fileUrl); return Buffer.from(await response.arrayBuffer()); }',
      errors: [{ messageId: 'uncheckedBody', data: { name: 'response', member: 'arrayBuffer' }, suggestions: [{ messageId: 'suggestCheck', output: 'async function download(fileUrl) { const response = await fetch(fileUrl); if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`); return Buffer.from(await response.arrayBuffer()); }' }] }],
    },
    // JSON from an address with a host or path of its own, or a request with a body: an API, whose error answers are JSON.
    {
      code: 'async function image(id) { const response = await fetch(`https://api.example.com/items/${id}`); const data = await response.json(); return data.image; }',
      errors: [{ messageId: 'uncheckedBody', data: { name: 'response', member: 'json' }, suggestions: [{ messageId: 'suggestCheck', output: 'async function image(id) { const response = await fetch(`https://api.example.com/items/${id}`); if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`); const data = await response.json(); return data.image; }' }] }],
    },
    {
      code: 'async function call(rpcUrl) { const response = await fetch(rpcUrl, { method: "POST", headers, body: JSON.stringify(payload) }); const data = await response.json(); return data.result; }',
      errors: [{ messageId: 'uncheckedBody', data: { name: 'response', member: 'json' }, suggestions: [{ messageId: 'suggestCheck', output: 'async function call(rpcUrl) { const response = await fetch(rpcUrl, { method: "POST", headers, body: JSON.stringify(payload) }); if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`); const data = await response.json(); return data.result; }' }] }],
    },
    {
      code: 'async function call(rpcUrl) { return (await fetch(rpcUrl, init)).json(); }',
      errors: [{ messageId: 'uncheckedInline' }],
    },
    // Any other API's body returned whole: the caller gets an error object as data.
    {
      code: 'export async function events() { const res = await fetch("https://www.googleapis.com/calendar/v3/events"); return res.json(); }',
      errors: [{ messageId: 'uncheckedBody', suggestions: [{ messageId: 'suggestCheck', output: 'export async function events() { const res = await fetch("https://www.googleapis.com/calendar/v3/events"); if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); return res.json(); }' }] }],
    },
  ],
}, EVERY_USE));

/** `withAuth(url)` returns `raw(url)`, which returns fetch's raw response. */
const RAW_WRAPPER = 'async function raw(url) { return fetch(url); }\nasync function withAuth(url) { return raw(`${url}?key=${KEY}`); }\n';
/** fetch raced against a timer that can only reject. */
const RACE_WRAPPER = 'async function fetchWithTimeout(url, ms) {\n  return Promise.race([fetch(url), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);\n}\n';
const WRAPPER_CHECK = 'if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`); ';

// Project wrappers that return fetch's raw Response: the caller reads the body.
ruleTester.run('require-response-check: project wrappers (checkEveryUse)', rule, withOptions({
  valid: [
    'class Api {\n  fetchApi(path) { return fetch(base + path); }\n  async me() { const res = await this.fetchApi("/me"); if (!res.ok) throw new Error("x"); return res.json(); }\n}',
    // The wrapper checks the status itself, or returns the body.
    'class Api {\n  async fetchApi(path) { const res = await fetch(base + path); if (!res.ok) throw new Error("x"); return res; }\n  async me() { const res = await this.fetchApi("/me"); return res.json(); }\n}',
    'async function getJson(url) { const res = await fetch(url); if (!res.ok) throw new Error("x"); return res.json(); }\nasync function me() { const data = await getJson("/me"); return data.name; }',
    { code: "import { fetchChecked } from './http';\nasync function me() { const res = await fetchChecked('/me'); return res.json(); }", filename: inProject('http-wrapper') },
    { code: "import { fetchWithTimeout } from './http';\nasync function me() { const res = await fetchWithTimeout('/me'); if (res.status !== 200) return null; return res.json(); }", filename: inProject('http-wrapper') },
    // Not a known function: the `clients` option names it.
    "import { fetchWithTimeout } from 'some-package';\nasync function me() { const res = await fetchWithTimeout('/me'); return res.json(); }",
    // A wrapper of a wrapper: the inner one checks the status, or the caller does.
    `${RAW_WRAPPER.replace('return fetch(url);', 'const res = await fetch(url); if (!res.ok) throw new Error("x"); return res;')}async function me() { const res = await withAuth('/me'); return res.json(); }`,
    `${RAW_WRAPPER}async function me() { const res = await withAuth('/me'); if (!res.ok) return null; return res.json(); }`,
    // A race against a timer that resolves (`null` on timeout) is not a raw response; nor is a race of two fetches.
    `${RACE_WRAPPER.replace('(_, reject) => setTimeout(() => reject(new Error("timeout")), ms)', '(resolve) => setTimeout(() => resolve(null), ms)')}async function me() { const res = await fetchWithTimeout('/me', 5000); return res.json(); }`,
    'async function fastest(url) { return Promise.race([fetch(url), fetch(mirror + url)]); }\nasync function me() { const res = await fastest("/me"); return res.json(); }',
    // Timers the model cannot read: an unknown function, a promise made elsewhere, a list built at run time.
    'import { timer } from "timers-lib";\nasync function get(url) { return Promise.race([fetch(url), timer(5000), new Promise(executor)]); }\nasync function me() { const res = await get("/me"); return res.json(); }',
    'async function get(url) { return Promise.race([fetch(url), ...timers]); }\nasync function me() { const res = await get("/me"); return res.json(); }',
    'async function get(url) { return Promise.race(requests(url)); }\nasync function me() { const res = await get("/me"); return res.json(); }',
    `${RACE_WRAPPER}async function me() { const res = await fetchWithTimeout('/me', 5000); if (!res.ok) throw new Error(String(res.status)); return res.json(); }`,
  ],
  invalid: [
    {
      code: 'class Api {\n  fetchApi(path) { return fetch(base + path); }\n  async me() { const res = await this.fetchApi("/me"); return res.json(); }\n}',
      errors: [{ messageId: 'uncheckedBody', line: 3, data: { name: 'res', member: 'json' }, suggestions: [{ messageId: 'suggestCheck', output: `class Api {\n  fetchApi(path) { return fetch(base + path); }\n  async me() { const res = await this.fetchApi("/me"); ${WRAPPER_CHECK}return res.json(); }\n}` }] }],
    },
    {
      code: 'async function fetchWithTimeout(url) { const res = await fetch(url, { signal: AbortSignal.timeout(5000) }); return res; }\nasync function me() { const res = await fetchWithTimeout("/me"); return res.json(); }',
      errors: [{ messageId: 'uncheckedBody', line: 2, suggestions: [{ messageId: 'suggestCheck', output: `async function fetchWithTimeout(url) { const res = await fetch(url, { signal: AbortSignal.timeout(5000) }); return res; }\nasync function me() { const res = await fetchWithTimeout("/me"); ${WRAPPER_CHECK}return res.json(); }` }] }],
    },
    {
      code: "import { fetchWithTimeout } from './http';\nasync function me() { const res = await fetchWithTimeout('/me'); return res.json(); }",
      filename: inProject('http-wrapper'),
      errors: [{ messageId: 'uncheckedBody', line: 2, suggestions: [{ messageId: 'suggestCheck', output: `import { fetchWithTimeout } from './http';\nasync function me() { const res = await fetchWithTimeout('/me'); ${WRAPPER_CHECK}return res.json(); }` }] }],
    },
    {
      code: "import { fetchWithTimeout } from './http';\nconst text = await fetchWithTimeout('/page').then((r) => r.text());",
      filename: inProject('http-wrapper'),
      errors: [{ messageId: 'uncheckedBody', line: 2 }],
    },
    // A wrapper that returns another wrapper's raw response.
    {
      code: `${RAW_WRAPPER}async function me() { const res = await withAuth('/me'); return res.json(); }`,
      errors: [{ messageId: 'uncheckedBody', line: 3, suggestions: [{ messageId: 'suggestCheck', output: `${RAW_WRAPPER}async function me() { const res = await withAuth('/me'); ${WRAPPER_CHECK}return res.json(); }` }] }],
    },
    // fetch raced against a timer that can only reject: inline, or through a function returning that promise.
    {
      code: `${RACE_WRAPPER}async function me() { const res = await fetchWithTimeout('/me', 5000); return res.json(); }`,
      errors: [{ messageId: 'uncheckedBody', line: 4, suggestions: [{ messageId: 'suggestCheck', output: `${RACE_WRAPPER}async function me() { const res = await fetchWithTimeout('/me', 5000); ${WRAPPER_CHECK}return res.json(); }` }] }],
    },
    {
      code: 'const timeout = (ms) => new Promise((_, reject) => setTimeout(reject, ms));\nconst fetchWithTimeout = (url) => Promise.race([fetch(url), timeout(5000)]);\nasync function me() { const res = await fetchWithTimeout("/me"); return res.json(); }',
      errors: [{ messageId: 'uncheckedBody', line: 3, suggestions: [{ messageId: 'suggestCheck', output: `const timeout = (ms) => new Promise((_, reject) => setTimeout(reject, ms));\nconst fetchWithTimeout = (url) => Promise.race([fetch(url), timeout(5000)]);\nasync function me() { const res = await fetchWithTimeout("/me"); ${WRAPPER_CHECK}return res.json(); }` }] }],
    },
  ],
}, EVERY_USE));

// Round-5 judged shapes: an API's `result` envelope tested with a failure path that leaves, a status
// field compared against known values; a generic wrapper returning the body whole stays reported.
const service = (body: string): string =>
  `async function call(payload) {\n  const res = await fetch(\`\${API}/payment\`, { method: "POST", body: JSON.stringify(payload) });\n${body}\n}`;
const serviceChecked = (body: string): string =>
  `async function call(payload) {\n  const res = await fetch(\`\${API}/payment\`, { method: "POST", body: JSON.stringify(payload) });\n  if (!res.ok) throw new Error(\`HTTP \${res.status} \${res.statusText}\`);\n${body}\n}`;
const unchecked = (body: string) => ({ code: service(body), errors: [{ messageId: 'uncheckedBody' as const, suggestions: [{ messageId: 'suggestCheck' as const, output: serviceChecked(body) }] }] });
ruleTester.run('require-response-check: round-5 shapes (checkEveryUse)', rule, withOptions({
  valid: [
    // `result` present only on success; the failure path logs the API's message and leaves.
    service('  const body = await res.json();\n  if (body.result && Array.isArray(body.result)) {\n    return body.result;\n  }\n  logger.error(`services: ${body.message}`);\n  return [];'),
    service('  const body = await res.json();\n  if (body.result) {\n    return { success: true, url: body.result.url };\n  } else {\n    return { success: false, error: body.message };\n  }'),
    // JSON-RPC: `result` is absent exactly when `error` is present.
    service('  const data = await res.json();\n  if (data.result) {\n    const asset = data.result;\n    return { ticker: asset.symbol };\n  }\n  return null;'),
    // A status field compared against known values: an error body cannot pass for success.
    service("  const body = await res.json();\n  const status = body?.result?.payment_status;\n  const paid = ['paid', 'paid_over'].includes(status);\n  return { success: paid, status: status || 'unknown' };"),
    service("  const body = await res.json();\n  if (body?.result?.state !== 'done') return { success: false };\n  await credit(payload.user);"),
    // Compared against several known values in one `||` chain, the body falling back to `{}` when it does not parse.
    service("  const body = await res.json().catch(() => ({}));\n  const status = body?.result?.status;\n  return status === 'member' || status === 'creator' || status === 'administrator';"),
    // Issue 14: the success branch runs on a match only; the mismatch branch (where an error body goes) logs.
    service("  const data = await res.json();\n  if (data.tx_status === 'success') {\n    await credit(payload.user);\n  } else {\n    console.log(`failed: ${data.tx_status}`);\n  }"),
    service("  const data = await res.json();\n  if (data.tx_status !== 'success') {\n    logger.warn('not confirmed');\n  } else {\n    await credit(payload.user);\n  }"),
    // Round-13 judged shape: a field under the `result` envelope tested for absence by an `if` that
    // leaves, after a test of the body itself (a body that falls back to `undefined` when it does not parse).
    service("  const body = await res.json().catch(() => undefined);\n  if (!body || typeof body.result?.file_path !== 'string') {\n    return false;\n  }\n  await save(body.result.file_path);"),
    service('  const body = await res.json();\n  if (!body || !body.result?.photo?.file_id) return false;\n  await save(body.result.photo.file_id);'),
    service("  const body = await res.json();\n  if (typeof body.result?.file_path != 'string') throw new Error('no file');\n  await save(body.result.file_path);"),
    // Round-14 judged shapes: a field compared with a numeric success code after the body is logged
    // (spread into a logger's fields); a field converted (`String(x ?? '')`) before the comparison;
    // a field stored through `x ? String(x) : undefined` and tested for absence by an `if` that leaves.
    service("  const data = await res.json();\n  logger.info('answer', { id, ...data });\n  const success = data.resultCode === 1100;\n  return success;"),
    service("  const data = await res.json();\n  const state = String(data.state ?? '');\n  const done = state === 'Approved';\n  return { done, state };"),
    service("  const data = await res.json();\n  const link = data.link ? String(data.link) : undefined;\n  if (!link) {\n    logger.warn('no link', { code: data.resultCode });\n    return { success: false };\n  }\n  return { success: true, link };"),
    'async function avatar(token, id) {\n  const chat = await fetch(`https://api.telegram.org/bot${token}/getChat?chat_id=${id}`)\n    .then((r) => r.json())\n    .catch((e) => {\n      console.error(e);\n      return undefined;\n    });\n  if (!chat || typeof chat.result?.photo?.small_file_id !== "string") {\n    return false;\n  }\n  await save(chat.result.photo.small_file_id);\n}',
  ],
  invalid: [
    // Twins: a data field's presence (an error body gives "nothing found"), a failure path that goes
    // on, a field used without a comparison.
    unchecked('  const body = await res.json();\n  if (body.items) {\n    return body.items;\n  }\n  return [];'),
    unchecked('  const body = await res.json();\n  if (body.result) {\n    await save(body.result);\n  }\n  return body.total;'),
    unchecked('  const body = await res.json();\n  const amount = body?.result?.amount;\n  await credit(payload.user, amount);'),
    unchecked("  const body = await res.json();\n  const status = body?.result?.payment_status;\n  return { success: status !== '', status };"),
    unchecked("  const body = await res.json();\n  if (body?.result?.state === 'done') await credit(payload.user);"),
    // Twins (issue 14): a mismatch branch that goes on silently, a mixed test whose mismatch branch cannot be told.
    unchecked("  const data = await res.json();\n  if (data.tx_status === 'success') {\n    await credit(payload.user);\n  } else {\n    pending.push(payload.user);\n  }"),
    unchecked("  const data = await res.json();\n  if (data.tx_status === 'success' || data.kind !== 'x') {\n    await credit(payload.user);\n  } else {\n    console.log('failed');\n  }"),
    unchecked("  const body = await res.json().catch(() => ({}));\n  const status = body?.result?.status;\n  return status === 'member' || status;"),
    // Twins (round 13): the field used without a test that leaves; a data field outside the envelope
    // (an error body reads as "nothing found"); a test whose failure goes on.
    unchecked('  const body = await res.json().catch(() => undefined);\n  if (!body) return false;\n  await save(body.result?.file_path);'),
    unchecked("  const body = await res.json().catch(() => undefined);\n  if (!body || typeof body.file_path !== 'string') return false;\n  await save(body.file_path);"),
    unchecked("  const body = await res.json().catch(() => undefined);\n  if (!body || typeof body.result?.file_path !== 'string') console.warn('no file');\n  await save(body.result?.file_path);"),
    // `typeof … !== 'undefined'` and `=== 'string'` hold for a present field: no absence test.
    unchecked("  const body = await res.json();\n  if (!body || typeof body.result?.file_path !== 'undefined') return false;\n  await save(body.result?.file_path);"),
    unchecked("  const body = await res.json();\n  if (!body || typeof body.result?.file_path === 'string') return false;\n  await save(body.result?.file_path);"),
    // Twins (round 14): the field used without the comparison; a fallback that is data; a stored field
    // whose absence goes on, or that is another field than the one tested.
    unchecked("  const data = await res.json();\n  logger.info('answer', { id, ...data });\n  return data.resultCode;"),
    unchecked("  const data = await res.json();\n  const state = String(data.state ?? 'Approved');\n  const done = state === 'Approved';\n  return { done, state };"),
    unchecked("  const data = await res.json();\n  if (data.items.length === 0) return [];\n  return data.items;"),
    unchecked("  const data = await res.json();\n  const link = data.link ? String(data.link) : undefined;\n  if (!link) logger.warn('no link');\n  return { success: true, link };"),
    unchecked("  const data = await res.json();\n  const link = data.link ? String(data.other) : undefined;\n  if (!link) return { success: false };\n  return { success: true, link };"),
    // A wrapper that returns a non-Bot-API body whole: the body does not carry the HTTP status, so the
    // callers cannot tell an error answer from data by a field every API has (see the rule doc).
    {
      code: 'async function post(url, data) {\n  try {\n    const result = await fetch(url, { method: "post", body: JSON.stringify(data) }).then((res) => res.json());\n    return result;\n  } catch (error) {\n    return error;\n  }\n}',
      errors: [{ messageId: 'uncheckedBody', suggestions: [] }],
    },
  ],
}, EVERY_USE));

const TELEGRAF = "import { Telegraf } from 'telegraf';\nconst bot = new Telegraf(token);\n";
/** An invalid case whose suggestion puts the `res.ok` check before `statement`. */
const reportedBefore = (code: string, statement: string) => ({
  code,
  errors: [
    {
      messageId: 'uncheckedBody' as const,
      suggestions: [{ messageId: 'suggestCheck' as const, output: code.replace(statement, `if (!res.ok) throw new Error(\`HTTP \${res.status} \${res.statusText}\`); ${statement}`) }],
    },
  ],
});
ruleTester.run('require-response-check: round-7 shapes (checkEveryUse)', rule, withOptions({
  valid: [
    // `data:` and `file:` URLs have no HTTP status.
    'async function f(b64) { const res = await fetch(`data:image/png;base64,${b64}`); return res.blob(); }',
    "async function f(p) { const res = await fetch('file://' + p); return res.text(); }",
    "import { pathToFileURL } from 'node:url';\nasync function f(p) { const res = await fetch(pathToFileURL(p)); return res.arrayBuffer(); }",
    "import url from 'node:url';\nasync function f(p) { const res = await fetch(url.pathToFileURL(p).href); return res.arrayBuffer(); }",
    "const url = require('url');\nasync function f(p) { const res = await fetch(url.pathToFileURL(p).toString()); return res.arrayBuffer(); }",
    "import { pathToFileURL } from 'node:url';\nasync function f(p) { const res = await fetch(String(pathToFileURL(p))); return res.arrayBuffer(); }",
    'async function f(b64) { const uri = `DATA:image/png;base64,${b64}`; const res = await fetch(uri); return res.blob(); }',
    'function toDataUrl(b64) { return `data:image/png;base64,${b64}`; }\nasync function f(b64) { const res = await fetch(await toDataUrl(b64)); return res.blob(); }',
    // Bytes that reach only a consumer that rejects a non-image: the error surfaces there anyway.
    `${TELEGRAF}bot.on('text', async (ctx) => { const buf = Buffer.from(await (await fetch(u)).arrayBuffer()); await ctx.replyWithPhoto({ source: buf }); });`,
    `${TELEGRAF}bot.on('text', async (ctx) => { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); console.log('bytes', buf); await ctx.telegram.sendPhoto(ctx.chat.id, { source: buf }); });`,
    "import { Telegraf, Input } from 'telegraf';\nasync function f(ctx, u) { const res = await fetch(u); await ctx.replyWithSticker(Input.fromBuffer(Buffer.from(await res.arrayBuffer()))); }",
    "import { InputFile } from 'grammy';\nasync function f(ctx, u) { const res = await fetch(u); const bytes = new Uint8Array(await res.arrayBuffer()); await ctx.replyWithPhoto(new InputFile(bytes)); }",
    "import sharp from 'sharp';\nasync function f(u) { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); return sharp(buf).resize(512).png().toBuffer(); }",
    "import Jimp from 'jimp';\nasync function f(u) { const res = await fetch(u); const image = await Jimp.read(Buffer.from(await res.arrayBuffer())); return image; }",
    "import OpenAI, { toFile } from 'openai';\nconst openai = new OpenAI();\nasync function f(u) { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); return openai.images.edit({ image: await toFile(buf, 'a.png'), prompt: 'x' }); }",
    "import sharp from 'sharp';\nfunction makeSticker(input) { return sharp(input).webp().toBuffer(); }\nasync function f(u) { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); return makeSticker(buf); }",
    "import OpenAI from 'openai';\nconst openai = new OpenAI();\nasync function f(u) { const res = await fetch(u); return openai.images.createVariation({ image: await res.blob() }); }",
    // Issue 14: bytes only a document parser gets, read in a `try` whose `catch` answers: an error page fails to parse into it.
    "import pdf from 'pdf-parse';\nimport mammoth from 'mammoth';\nasync function parsePdf(buffer) { const data = await pdf(buffer); return data.text; }\nasync function parseDocx(buffer) { const r = await mammoth.extractRawText({ buffer }); return r.value; }\nasync function f(ctx, u, isPdf) {\n  try {\n    const res = await fetch(u);\n    const buffer = Buffer.from(await res.arrayBuffer());\n    const text = isPdf ? await parsePdf(buffer) : await parseDocx(buffer);\n    await db.insert(text);\n  } catch (error) {\n    console.error('parse failed', error);\n    await ctx.reply('Could not read the file');\n  }\n}",
    "import { PDFDocument } from 'pdf-lib';\nasync function f(links) {\n  const doc = await PDFDocument.create();\n  for (const u of links) {\n    try {\n      const res = await fetch(u);\n      const bytes = await res.arrayBuffer();\n      let img;\n      try { img = await doc.embedPng(bytes); } catch { img = await doc.embedJpg(bytes); }\n      doc.addPage().drawImage(img);\n    } catch (e) {\n      doc.addPage().drawText(`image failed: ${e.message}`);\n    }\n  }\n  await fs.writeFile('out.pdf', await doc.save());\n}",
    "import pkg from 'pdf-lib';\nconst { PDFDocument } = pkg;\nasync function f(u) {\n  const doc = await PDFDocument.create();\n  try {\n    const res = await fetch(u);\n    const img = await doc.embedJpg(await res.arrayBuffer());\n    doc.addPage().drawImage(img);\n  } catch (e) {\n    console.error(e);\n  }\n  await fs.writeFile('out.pdf', await doc.save());\n}",
    "import * as lib from 'pdf-lib';\nasync function f(u) {\n  try {\n    const res = await fetch(u);\n    const doc = await lib.PDFDocument.load(await res.arrayBuffer());\n    await store.put(doc);\n  } catch (error) {\n    logger.error(error);\n  }\n}",
    // A parsed body assigned to an outer `let`, its `status` read after: the API's own error field.
    'async function poll(id) {\n  let result;\n  for (let i = 0; i < 60; i++) {\n    const res = await fetch(`${API}/get_result?id=${id}`);\n    result = await res.json();\n    if (result.status === "succeeded") break;\n    await sleep(1000);\n  }\n  return result;\n}',
  ],
  invalid: [
    // An `https:` URL; `file:` not at the start; a function that returns an `https:` URL; another `pathToFileURL`.
    reportedBefore('async function f(b64) { const res = await fetch(`https://x.test/${b64}`); return res.blob(); }', 'return res.blob()'),
    reportedBefore("async function f(p) { const res = await fetch(p + 'file://'); return res.text(); }", 'return res.text()'),
    reportedBefore('function toUrl(b64) { if (!b64) return `data:,`; return `https://x.test/${b64}`; }\nasync function f(b64) { const res = await fetch(toUrl(b64)); return res.blob(); }', 'return res.blob()'),
    reportedBefore('function toUrl(b64) { if (!b64) return; return `data:,${b64}`; }\nasync function f(b64) { const res = await fetch(toUrl(b64)); return res.blob(); }', 'return res.blob()'),
    reportedBefore("import { pathToFileURL } from './paths';\nasync function f(p) { const res = await fetch(pathToFileURL(p)); return res.text(); }", 'return res.text()'),
    reportedBefore("import { pathToFileURL } from './paths';\nasync function f(p) { const res = await fetch(String(pathToFileURL(p))); return res.text(); }", 'return res.text()'),
    reportedBefore("import url from 'node:url';\nasync function f(p) { const res = await fetch(url.parse(p).href); return res.text(); }", 'return res.text()'),
    // Bytes sent as a document (any bytes pass), also stored, sent as text, or to an unknown or non-image call.
    reportedBefore(`${TELEGRAF}bot.on('text', async (ctx) => { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); await ctx.replyWithDocument({ source: buf }); });`, 'const buf ='),
    reportedBefore(`${TELEGRAF}bot.on('text', async (ctx) => { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); await ctx.replyWithPhoto({ source: buf }); await save(buf); });`, 'const buf ='),
    reportedBefore(`${TELEGRAF}bot.on('text', async (ctx) => { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); await ctx.replyWithPhoto({ source: buf, filename: buf.toString() }); });`, 'const buf ='),
    reportedBefore(`${TELEGRAF}bot.on('text', async (ctx) => { const res = await fetch(u); let buf = Buffer.from(await res.arrayBuffer()); buf = resize(buf); await ctx.replyWithPhoto({ source: buf }); });`, 'let buf ='),
    reportedBefore(`${TELEGRAF}bot.on('text', async (ctx) => { const res = await fetch(u); const { length } = Buffer.from(await res.arrayBuffer()); await ctx.reply(String(length)); });`, 'const { length } ='),
    reportedBefore(`${TELEGRAF}bot.on('text', async (ctx) => { const res = await fetch(u); const buf = Buffer.from(await res.arrayBuffer()); });`, 'const buf ='),
    reportedBefore("import { Input } from 'telegraf';\nimport { InputFile } from './files';\nasync function f(ctx, u) { const res = await fetch(u); await ctx.replyWithDocument(Input.fromBuffer(new InputFile(await res.arrayBuffer()))); }", 'await ctx.'),
    reportedBefore("import { Input } from 'telegraf';\nasync function f(ctx, u) { const res = await fetch(u); await ctx.replyWithDocument(Input.fromURL(await res.arrayBuffer())); }", 'await ctx.'),
    reportedBefore("import sharp from 'sharp';\nasync function f(u) { const res = await fetch(u); return sharp.cache(Buffer.from(await res.arrayBuffer())); }", 'return sharp'),
    reportedBefore("import OpenAI from 'openai';\nconst openai = new OpenAI();\nasync function f(u) { const res = await fetch(u); return openai.files.create({ file: await res.blob(), image: 1 }); }", 'return openai'),
    reportedBefore("import OpenAI from 'openai';\nconst openai = new OpenAI();\nasync function f(u) { const res = await fetch(u); return openai.images.edit(opts, { image: await res.blob() }); }", 'return openai'),
    reportedBefore("import { toFile } from 'openai';\nasync function f(u) { const res = await fetch(u); return upload(await toFile(await res.blob(), 'a.png')); }", 'return upload'),
    reportedBefore('function keep(input) { store.push(input); }\nasync function f(u) { const res = await fetch(u); keep(await res.blob()); }', 'keep(await'),
    reportedBefore('async function f(u) { const res = await fetch(u); upload(await res.blob()); }', 'upload(await'),
    reportedBefore('async function f(u) { const res = await fetch(u); uploader()(await res.blob()); }', 'uploader()'),
    reportedBefore("async function f(ctx, u) { const res = await fetch(u); await ctx.replyWithPhoto(Buffer.from(Buffer.from(Buffer.from(Buffer.from(Buffer.from(Buffer.from(Buffer.from(await res.arrayBuffer())))))))); }", 'await ctx.'),
    reportedBefore("async function f(u) { const res = await fetch(u); return [await res.blob()]; }", 'return ['),
    // Twins (issue 14): parsed bytes outside a `try`, a `catch` that swallows, bytes also stored, an embed on an object not made by pdf-lib, a module that is no parser.
    reportedBefore("import pdf from 'pdf-parse';\nasync function f(u) { const res = await fetch(u); const buffer = Buffer.from(await res.arrayBuffer()); const data = await pdf(buffer); await db.insert(data.text); }", 'const buffer ='),
    reportedBefore("import pdf from 'pdf-parse';\nasync function f(u) { try { const res = await fetch(u); const buffer = Buffer.from(await res.arrayBuffer()); const data = await pdf(buffer); await db.insert(data.text); } catch {} }", 'const buffer ='),
    reportedBefore("import pdf from 'pdf-parse';\nasync function f(u) { try { const res = await fetch(u); const buffer = Buffer.from(await res.arrayBuffer()); await pdf(buffer); await db.insert(buffer); } catch (e) { console.error(e); } }", 'const buffer ='),
    reportedBefore("import { PDFDocument } from 'pdf-lib';\nasync function f(u, doc) { try { const res = await fetch(u); const bytes = await res.arrayBuffer(); await doc.embedPng(bytes); await db.insert(bytes); } catch (e) { console.error(e); } }", 'const bytes ='),
    reportedBefore("import { PDFDocument } from 'pdf-lib';\nasync function f(u, doc) { try { const res = await fetch(u); const bytes = await res.arrayBuffer(); await doc.embedPng(bytes); } catch (e) { console.error(e); } }", 'const bytes ='),
    reportedBefore("import mammoth from 'mammoth';\nimport pdf from './pdf';\nasync function f(u) { try { const res = await fetch(u); const buffer = await res.arrayBuffer(); await pdf(buffer); await mammoth.extractRawText({ path: buffer }); } catch (e) { console.error(e); } }", 'const buffer ='),
    reportedBefore("import pkg from './pdf';\nconst { PDFDocument } = pkg;\nasync function f(u) { const doc = await PDFDocument.create(); try { const res = await fetch(u); const bytes = await res.arrayBuffer(); await doc.embedPng(bytes); } catch (e) { console.error(e); } }", 'const bytes ='),
    reportedBefore("import { PDFDocument } from './pdf';\nasync function f(u) { try { const res = await fetch(u); const doc = await PDFDocument.load(await res.arrayBuffer()); } catch (e) { console.error(e); } }", 'const doc ='),
    // The assigned body used as data, its error fields never read.
    reportedBefore('async function poll(id) { let result; const res = await fetch(`${API}/get_result?id=${id}`); result = await res.json(); return result.output; }', 'result = await res.json()'),
    reportedBefore('async function poll(id) { const res = await fetch(`${API}/get_result?id=${id}`); lastResult = await res.json(); if (lastResult.status) log(); }', 'lastResult = await res.json()'),
  ],
}, EVERY_USE));

// Round-8 judged shapes (issue 14).
const tryRead = (use: string, handler = 'catch (e) {\n    await ctx.reply("Could not load a question");\n    console.log(e.message);\n  }'): string =>
  `async function quiz(ctx) {\n  try {\n    const res = await fetch("https://quiz.example/api?amount=1");\n    const data = await res.json();\n${use}\n  } ${handler}\n}`;
const tryReadChecked = (use: string, handler?: string): string =>
  tryRead(use, handler).replace('    const data', '    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n    const data');
const reportedTry = (use: string, handler?: string) => ({
  code: tryRead(use, handler),
  errors: [{ messageId: 'uncheckedBody' as const, suggestions: [{ messageId: 'suggestCheck' as const, output: tryReadChecked(use, handler) }] }],
});
const chain = (use: string, rejection = '.catch(callback)'): string =>
  `function getRates(id, callback) {\n  fetch(\`https://rates.example/v2?id=\${id}\`, { headers: { key } })\n    .then((response) => response.json())\n    .then((response) => {\n${use}\n    })\n    ${rejection};\n}`;
const CHECK_RESPONSE = 'if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);';
const inCallers = (file: string): string => path.join(import.meta.dirname, '../fixtures/response-callers', file);
const fixtureText = (file: string): string => fs.readFileSync(inCallers(file), 'utf8');
const wrapper = (callers: string): string =>
  `async function getReports(date) {\n  try {\n    const response = await fetch(\`\${API}/reports\`, { method: "POST", body: JSON.stringify({ date }) });\n    return response.json();\n  } catch (e) {\n    console.error(e);\n  }\n}\n${callers}`;
const callerChecks = 'async function onReports(ctx, date) {\n  const res = await getReports(date);\n  const reports = res.message;\n  if (!reports || reports.length === 0) return ctx.reply("No report found");\n  for (const report of reports) await ctx.reply(report.text);\n}\n';
const reportedWrapper = (callers: string) => ({
  code: wrapper(callers),
  errors: [{ messageId: 'uncheckedBody' as const, line: 4, suggestions: [{ messageId: 'suggestCheck' as const, output: wrapper(callers).replace('    return response.json()', `    ${CHECK_RESPONSE}\n    return response.json()`) }] }],
});
ruleTester.run('require-response-check: round-8 shapes (checkEveryUse)', rule, withOptions({
  valid: [
    // The first use destructures a field (an error body has none: `const [x] = undefined` throws),
    // inside a `try` whose `catch` answers the user and logs.
    tryRead('    const [first] = data.results;\n    await ctx.reply(first.question);'),
    tryRead('    const [first] = await data.results;\n    await ctx.reply(first.question);'),
    tryRead('    const { question } = data.result;\n    await ctx.reply(question);'),
    // A handling `catch` that rethrows, or a fallback the caller gets.
    tryRead('    const [first] = data.results;\n    await ctx.reply(first.question);', 'catch (e) {\n    throw new Error("quiz failed", { cause: e });\n  }'),
    // A promise chain: two levels deep without `?.` throws into the `.catch` that passes the error on.
    chain('      callback(null, { usd: response.data.quote.USD.price });'),
    chain('      callback(null, { usd: response.data.quote.USD.price });', '.then(undefined, (error) => console.error(error))'),
    chain('      const [first] = response.data;\n      callback(null, first);', '.finally(done).catch((e) => { logger.error(e); })'),
    // A fallback value for the caller is an answer too.
    chain('      callback(null, { usd: response.data.quote.USD.price });', '.catch(() => null)'),
    // Every caller of a wrapper that returns the body tests a field of it and answers the error.
    wrapper(callerChecks),
    // The callers are in the project files that import the wrapper.
    { code: fixtureText('services/get-reports.js'), filename: inCallers('services/get-reports.js') },
    { code: fixtureText('services/get-users.js'), filename: inCallers('services/get-users.js') },
    wrapper('async function onReport(ctx, date) {\n  const res = await getReports(date);\n  if (!res.message) return ctx.reply("Report not found");\n  await ctx.reply(res.message.text);\n}\n' + callerChecks),
    // Every caller ignores the body or only prints it: it is never used as data (round 8).
    wrapper('console.log(await getReports("today"));\n'),
    wrapper('async function onSync(date) {\n  try {\n    await getReports(date);\n  } catch (err) {\n    console.error("sync failed", err);\n  }\n}\nconsole.log(JSON.stringify(await getReports("today")));\n'),
    wrapper('async function onPrint(date) {\n  const res = await getReports(date);\n  console.log("reports:", res);\n}\nvoid getReports("today");\n' + callerChecks),
  ],
  invalid: [
    // A one-level read gives `undefined`, which flows on silently.
    reportedTry('    const first = data.results;\n    await ctx.reply(first);'),
    reportedTry('    const [first] = data.results ?? [];\n    await ctx.reply(first?.question);'),
    // Destructuring that does not throw on a missing field: a default, or the body itself.
    reportedTry('    const { results = [] } = data;\n    await ctx.reply(results.length);'),
    // The `catch` swallows the failure: the status was the only way to learn of it.
    reportedTry('    const [first] = data.results;\n    await ctx.reply(first.question);', 'catch (e) {}'),
    reportedTry('    const [first] = data.results;\n    await ctx.reply(first.question);', 'catch (e) {\n    return;\n  }'),
    // A chain whose rejection nobody handles, or is swallowed, or a one-level read.
    { code: chain('      callback(null, { usd: response.data.quote.USD.price });', ''), errors: [{ messageId: 'uncheckedBody' as const }] },
    { code: chain('      callback(null, { usd: response.data.quote.USD.price });', '.catch(() => {})'), errors: [{ messageId: 'uncheckedBody' as const }] },
    { code: chain('      callback(null, { usd: response.data.quote.USD.price });', '.catch(noop)'), errors: [{ messageId: 'uncheckedBody' as const }] },
    { code: chain('      callback(null, { usd: response.data });'), errors: [{ messageId: 'uncheckedBody' as const }] },
    { code: chain('      callback(null, { usd: response.data.quote.USD.price });', '.catch(makeHandler())'), errors: [{ messageId: 'uncheckedBody' as const }] },
    { code: chain('      callback(null, { usd: response.data.quote.USD.price });', '.tap(log).catch(callback)'), errors: [{ messageId: 'uncheckedBody' as const }] },
    // The throw happens later, in a timer: no handler of the chain sees it.
    { code: chain('      setTimeout(() => callback(null, response.data.quote), 10);'), errors: [{ messageId: 'uncheckedBody' as const }] },
    // A caller that uses the field unchecked, one that checks nothing, no caller, callers unseen.
    reportedWrapper(callerChecks + 'async function onCount(ctx, date) {\n  const res = await getReports(date);\n  await ctx.reply(`${res.message.length} reports`);\n}\n'),
    reportedWrapper(callerChecks + 'async function onAny(ctx, date) {\n  await ctx.reply(JSON.stringify(await getReports(date)));\n}\n'),
    reportedWrapper(callerChecks + 'async function onThen(ctx, date) {\n  getReports(date).then((res) => ctx.reply(res.message));\n}\n'),
    reportedWrapper(''),
    // One caller uses the body as data beside callers that ignore or print it.
    reportedWrapper('console.log(await getReports("today"));\nasync function onSync(date) {\n  await getReports(date);\n}\nasync function onShow(ctx, date) {\n  const res = await getReports(date);\n  await ctx.reply(res.message.text);\n}\n'),
    reportedWrapper('const pending = getReports("today");\nconsole.log(await getReports("today"));\n'),
    {
      code: fixtureText('services/get-tags.js'),
      filename: inCallers('services/get-tags.js'),
      errors: [{ messageId: 'uncheckedBody' as const, line: 4, suggestions: [{ messageId: 'suggestCheck' as const, output: fixtureText('services/get-tags.js').replace('  return response.json()', `  ${CHECK_RESPONSE}\n  return response.json()`) }] }],
    },
    {
      code: fixtureText('services/get-teams.js'),
      filename: inCallers('services/get-teams.js'),
      errors: [{ messageId: 'uncheckedBody' as const, line: 5, suggestions: [{ messageId: 'suggestCheck' as const, output: fixtureText('services/get-teams.js').replace('    return response.json()', `    ${CHECK_RESPONSE}\n    return response.json()`) }] }],
    },
    reportedWrapper(callerChecks + 'export { getReports };\n'),
    // The `.then(ok, fail)` of the same call does not see what `ok` throws.
    { code: chain('      callback(null, response.data.quote);', '').replace('    })\n    ;', '    }, (e) => callback(e));'), errors: [{ messageId: 'uncheckedBody' as const }] },
  ],
}, EVERY_USE));

// The default: an unchecked body is reported when a state change the user or the operator cannot
// see go wrong runs after the read (a write, a balance change, a file sent to the user), which a
// status check would have stopped. Each invalid case beside its twin whose body is only shown,
// logged or looked at; the twins are reported with `checkEveryUse`.
const readThen = (reader: string, after: string): string =>
  `async function onOrder(ctx, id) {\n  const res = await fetch(\`https://api.example.com/price/\${id}\`);\n  const data = await res.${reader}();\n  ${after}\n}`;
const parsePhoneThen = (after: string): string =>
  `const parsePhone = async (url) => {\n  const res = await fetch(url);\n  const html = await res.text();\n  return extractPhone(html);\n};\nasync function scan(ctx, url, id) {\n  const phone = await parsePhone(url);\n  ${after}\n}`;
/** The report at the body read of line 3, whose suggestion checks `res.ok` before the statement. */
const bodyAt = (code: string, member = 'json') => {
  const statement = code.split('\n')[2]!.trim();
  return {
    code,
    errors: [
      {
        messageId: 'uncheckedBody' as const,
        data: { name: 'res', member },
        line: 3,
        suggestions: [{ messageId: 'suggestCheck' as const, output: code.replace(statement, `if (!res.ok) throw new Error(\`HTTP \${res.status} \${res.statusText}\`);\n  ${statement}`) }],
      },
    ],
  };
};
ruleTester.run('require-response-check: default, a state change after the read', rule, {
  valid: [
    // Shown, logged: a status check would change only the message.
    readThen('json', 'await ctx.reply(`Price: ${data.price}`);'),
    readThen('json', 'console.log(data.price);\n  return data.price;'),
    // Bytes only parsed (a parser throws on an error page) and answered.
    readThen('arrayBuffer', 'const text = await extractText(data);\n  await ctx.reply(text);'),
    // A write in the `catch` runs when the read failed, not after a taken error page.
    'async function f(ctx, id) {\n  try {\n    const res = await fetch(`https://api.example.com/q/${id}`);\n    const data = await res.json();\n    await ctx.reply(data.text);\n  } catch (e) {\n    await db.errors.insert({ message: e.message });\n  }\n}',
    // A write before the read is not stopped by a status check.
    'async function f(ctx, url, id) {\n  await db.visits.create({ id });\n  const res = await fetch(`https://api.example.com/q/${id}`);\n  const data = await res.json();\n  await ctx.reply(data.text);\n}',
    // `Set.add`, `Map.set`: not writes.
    readThen('json', 'seen.add(data.id);\n  cache.set(id, data);'),
    // The wrapper's callers only show what it returns.
    parsePhoneThen('await ctx.reply(phone ?? "no number");'),
    // An exported wrapper whose callers cannot be seen: nothing seen changes state.
    'export async function getPrice(id) {\n  const res = await fetch(`https://api.example.com/price/${id}`);\n  const data = await res.json();\n  return data.price;\n}',
    // A photo is not a file send: Telegram rejects bytes that are no image.
    readThen('arrayBuffer', 'await ctx.replyWithPhoto(new InputFile(new Uint8Array(data)));'),
    // Round 17: the write after the call stores nothing of the page (its twin stores the phone).
    parsePhoneThen('await addShop(id, ctx);'),
  ],
  invalid: [
    // The error body's fields are stored.
    bodyAt(readThen('json', 'await db.order.create({ data: { id, price: data.price } });')),
    bodyAt(readThen('json', "await pool.query('INSERT INTO rates (id, usd) VALUES ($1, $2)', [id, data.usd]);")),
    bodyAt(readThen('json', 'await sql`UPDATE rates SET usd = ${data.usd} WHERE id = ${id}`;')),
    // Downloaded bytes stored, and a credit taken for them.
    bodyAt(readThen('arrayBuffer', "await storage.uploadFile('essays', `essays/${id}`, data);\n  await deductCredit(id, 1);"), 'arrayBuffer'),
    // An error page delivered to the user as the video.
    bodyAt(readThen('arrayBuffer', 'await ctx.replyWithVideo(new InputFile(new Uint8Array(data)));'), 'arrayBuffer'),
    // In a `.then` callback: the function it is written in goes on to the write.
    {
      code: 'async function sync() {\n  await fetch(`${RATES_API}/latest`).then((r) => r.json()).then((rates) => Rate.updateOne({ base: "USD" }, rates));\n}',
      errors: [{ messageId: 'uncheckedBody' as const, data: { name: 'r', member: 'json' }, line: 2 }],
    },
    // A wrapper whose caller stores what it parsed from the page.
    bodyAt(parsePhoneThen('await addShop(id, phone);'), 'text'),
    // At the top level of a module.
    {
      code: 'const res = await fetch(`https://api.example.com/rates`);\nconst rates = await res.json();\nawait Rate.insertMany(rates.items);',
      errors: [{ messageId: 'uncheckedBody' as const, data: { name: 'res', member: 'json' }, line: 2, suggestions: [{ messageId: 'suggestCheck' as const, output: 'const res = await fetch(`https://api.example.com/rates`);\nif (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\nconst rates = await res.json();\nawait Rate.insertMany(rates.items);' }] }],
    },
  ],
});

// Round 15: a best-effort read whose values reach the write only through a lookup that an error body
// cannot satisfy, or through a default equal to what the `catch` leaves: a status check changes nothing.
const bestEffort = (init: string, use: string, handler = '/* best effort */'): string =>
  `async function onTrade(ctx, id) {\n  let price = ${init};\n  try {\n    const res = await fetch(\`https://api.example.com/price/\${id}\`);\n    const data = await res.json();\n    ${use}\n  } catch {\n    ${handler}\n  }\n  await db.trade.create({ data: { id, price } });\n}`;
const bodyAtLine5 = (code: string) => ({
  code,
  errors: [
    {
      messageId: 'uncheckedBody' as const,
      data: { name: 'res', member: 'json' },
      line: 5,
      suggestions: [{ messageId: 'suggestCheck' as const, output: code.replace('    const data', '    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n    const data') }],
    },
  ],
});
const tokenMeta = (fields: string, fallback = "{ name: '', symbol: '' }"): string =>
  `async function tokenMeta(id) {\n  try {\n    const res = await fetch(\`https://api.example.com/asset/\${id}\`);\n    const data = await res.json();\n    const meta = data?.result?.metadata;\n    return ${fields};\n  } catch {\n    return ${fallback};\n  }\n}\nasync function onMint(ctx, id) {\n  const meta = await tokenMeta(id);\n  await db.token.create({ data: { id, name: meta.name } });\n}`;
const TOKEN_FIELDS = "{ name: meta?.name || data?.result?.title || '', symbol: meta?.symbol ?? '' }";
const bodyAtLine4 = (code: string) => ({
  code,
  errors: [
    {
      messageId: 'uncheckedBody' as const,
      data: { name: 'res', member: 'json' },
      line: 4,
      suggestions: [{ messageId: 'suggestCheck' as const, output: code.replace('    const data', '    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);\n    const data') }],
    },
  ],
});
ruleTester.run('require-response-check: default, the write sees only a found item or the catch fallback', rule, {
  valid: [
    // Every returned field falls back to the literal the `catch` returns: an error body returns the catch's object.
    tokenMeta(TOKEN_FIELDS),
    // The write runs only when a lookup in the body found an item: an error body has no items.
    readThen('json', 'const item = (data?.items ?? []).find((i) => i?.symbol);\n  if (item) {\n    await db.token.updateMany({ where: { id }, data: { symbol: item.symbol } });\n  }'),
    readThen('json', 'if (data.symbol) {\n    await db.token.update({ where: { id }, data: { symbol: data.symbol } });\n  }'),
    // Round 17: the write a test of the body picks stores nothing of it (its twin stores `data.name`).
    readThen('json', 'if (data.symbol) {\n    await ctx.reply("found");\n  } else {\n    await db.token.update({ where: { id }, data: { symbol: "" } });\n  }'),
    // The body's value falls back to what the variable holds when the `try` fails: `0` either way.
    bestEffort('0', 'price = data?.quote?.[id]?.usd ?? 0;'),
    bestEffort("''", "price = data?.quote?.name || '';"),
    bestEffort('0', 'const pair = (data?.pairs ?? []).find((p) => p?.fdv > 0);\n    price = pair?.fdv ?? 0;'),
  ],
  invalid: [
    // Twins: the looked-up item (or the body) is used outside the test that found it.
    bodyAt(readThen('json', 'const item = (data?.items ?? []).find((i) => i?.symbol);\n  await db.token.update({ where: { id }, data: { symbol: item?.symbol ?? "" } });')),
    bodyAt(readThen('json', 'const item = (data?.items ?? []).find((i) => i?.symbol);\n  if (item) {\n    await ctx.reply(item.symbol);\n  }\n  await db.token.update({ where: { id }, data: { symbol: item?.symbol } });')),
    bodyAt(readThen('json', 'if (data.symbol) {\n    await ctx.reply(data.symbol);\n  }\n  await db.token.update({ where: { id }, data: { raw: data } });')),
    bodyAt(readThen('json', 'if (data.symbol) {\n    await ctx.reply("found");\n  } else {\n    await db.token.update({ where: { id }, data: { symbol: data.name } });\n  }')),
    // Twins: the fallback differs from what the `catch` leaves, the `catch` sets another value, or the body is read again.
    bodyAtLine5(bestEffort('null', 'price = data?.quote?.[id]?.usd ?? 0;')),
    bodyAtLine5(bestEffort('0', 'price = data?.quote?.[id]?.usd ?? 0;', 'price = -1;')),
    bodyAtLine5(bestEffort('0', 'price = data?.quote?.[id]?.usd ?? 0;\n    await db.quote.create({ data: { raw: data } });')),
    bodyAtLine5(bestEffort('0', 'price = data?.quote?.[id]?.usd;')),
    // Twins: a field falls back to another literal than the catch's, one is not a fallback, or the catch returns another shape.
    bodyAtLine4(tokenMeta(TOKEN_FIELDS, "{ name: 'unknown', symbol: '' }")),
    bodyAtLine4(tokenMeta("{ name: meta?.name || '', symbol: meta?.symbol ?? '', raw: data }")),
    bodyAtLine4(tokenMeta(TOKEN_FIELDS, 'null')),
  ],
});

// Round 17 (judged FALSE): a state change after the read is reported only when the body's value
// reaches it — an argument of the write, the charge or the file send, directly or through variables,
// fields, arithmetic, sync helpers and returns to the callers — and no presence test of the field
// it is read through covers it. Each valid case beside its twin where the value does reach the write.
const rpcBalance = (use: string): string =>
  `async function onWithdraw(ctx, id, key) {\n  let balance = 0;\n  for (const rpc of RPCS) {\n    try {\n      const res = await fetch(rpc, { method: 'POST', body: JSON.stringify({ method: 'getBalance', params: [key] }) });\n      const json = await res.json();\n      ${use}\n    } catch {\n      continue;\n    }\n  }\n  await withdrawFunds(id, balance);\n}`;
const rateThen = (store: string): string =>
  `async function tonRate() {\n  const res = await fetch(\`\${API}/rates?tokens=ton\`);\n  const data = await res.json();\n  const usd = data?.rates?.TON?.usd || 3;\n  return { usd };\n}\nasync function onCalc(ctx) {\n  const { usd } = await tonRate();\n  ${store}\n}`;
const crumbThen = (use: string): string =>
  `async function getCrumb(cookie) {\n  const res = await fetch('https://api.example.com/v1/crumb', { headers: { cookie } });\n  const crumb = await res.text();\n  if (!crumb || crumb.includes('<html')) throw new Error('no crumb');\n  return { crumb };\n}\nasync function refresh(cookie) {\n  const { crumb } = await getCrumb(cookie);\n  ${use}\n}`;
const bodyAtLine = (code: string, line: number, name: string, member = 'json') => {
  const statement = code.split('\n')[line - 1]!;
  const indent = statement.slice(0, statement.length - statement.trimStart().length);
  return {
    code,
    errors: [
      {
        messageId: 'uncheckedBody' as const,
        data: { name, member },
        line,
        suggestions: [{ messageId: 'suggestCheck' as const, output: code.replace(statement, `${indent}if (!${name}.ok) throw new Error(\`HTTP \${${name}.status} \${${name}.statusText}\`);\n${statement}`) }],
      },
    ],
  };
};
ruleTester.run('require-response-check: default, the body must reach the state change', rule, {
  valid: [
    // The write a comparison of a field picks stores a literal: an error body has no `coef`, `undefined <= n` is false.
    readThen('json', 'if (data?.coef <= limit) {\n    await db.requests.update({ where: { id }, data: { active: false } });\n  }'),
    // The JSON-RPC value is used only where a presence test of it holds: an error body has no `result`.
    rpcBalance('if (json?.result?.value !== undefined) {\n        balance = json.result.value / 1e9;\n        break;\n      }'),
    rpcBalance('if (!json.result) continue;\n      balance = json.result.value / 1e9;\n      break;'),
    // Values of the body feed only a picture; the write after it stores none of them.
    readThen('json', 'let gain = 0;\n  for (const tx of data.transactions || []) gain += Number(tx.value);\n  await ctx.replyWithPhoto({ source: await renderChart(gain) });\n  await db.visits.create({ data: { id } });'),
    // The rate falls back and is returned to a caller that only shows it and keeps it in the session.
    rateThen('await ctx.reply(`1 TON = $${usd}`);\n  ctx.session.calc = { usd };\n  await db.visits.create({ data: { id: ctx.from.id } });'),
    // The text is only a key for another request, whose own answer is stored.
    crumbThen("const quotes = await fetchQuotes(`https://api.example.com/v7/quote?crumb=${crumb}`);\n  await db.quotes.insertMany(quotes);"),
  ],
  invalid: [
    bodyAt(readThen('json', 'if (data?.coef <= limit) {\n    await db.requests.update({ where: { id }, data: { coef: data.coef } });\n  }')),
    bodyAtLine(rpcBalance('balance = json?.result?.value / 1e9;\n      break;'), 6, 'res'),
    bodyAtLine(rpcBalance('if (json.result) console.log(json.result);\n      balance = json.result.value / 1e9;\n      break;'), 6, 'res'),
    bodyAt(readThen('json', 'let gain = 0;\n  for (const tx of data.transactions || []) gain += Number(tx.value);\n  await ctx.replyWithPhoto({ source: await renderChart(gain) });\n  await db.visits.create({ data: { id, gain } });')),
    bodyAtLine(rateThen('await ctx.reply(`1 TON = $${usd}`);\n  await db.rates.create({ data: { usd } });'), 3, 'res'),
    bodyAtLine(crumbThen('await db.crumbs.create({ data: { crumb } });'), 3, 'res', 'text'),
  ],
});

// Round 30 (judged DEBATABLE, 21 of 25): the body only fills in a Discord message — discord.js's
// builders (`new EmbedBuilder().setImage(url)`, `embed.setDescription(text)`) and fluent setter chains
// (`helper(…).setURL(link).setImage(url)`) build a payload, they are no write however `set…` reads.
// Each valid case beside its twin that stores the body (or calls a project function named for a write).
const discordCommand = (imports: string, use: string): string =>
  `${imports}\nasync function run(client, message) {\n  const res = await fetch('https://api.waifu.pics/sfw/kiss');\n  const data = await res.json();\n  ${use}\n}`;
const EMBED_BUILDER = "const { EmbedBuilder } = require('discord.js');";
const DISCORD_NAMESPACE = "import Discord from 'discord.js';";
const KISS_EMBED = "const embed = new EmbedBuilder().setTitle('Kiss!').setImage(data.url);\n  await message.reply({ embeds: [embed] });";
/** The report at the body read of line 4 (after the import line). */
const bodyAtLine4Res = (code: string) => bodyAtLine(code, 4, 'res');
ruleTester.run('require-response-check: default, a body only shown in a Discord embed', rule, {
  valid: [
    discordCommand(EMBED_BUILDER, KISS_EMBED),
    discordCommand(DISCORD_NAMESPACE, 'const embed = new Discord.MessageEmbed();\n  embed.setDescription(data.extract).addFields({ name: "Link", value: data.url });\n  await message.channel.send({ embeds: [embed] });'),
    // A project helper's embed, filled in by a chain of setters.
    discordCommand('', 'await message.channel.send({ embeds: [client.embedBuilder(message, "Meme").setURL(data.permalink).setImage(data.url)] });'),
    // The bot's own presence.
    `import { Client } from 'discord.js';\nconst client = new Client({ intents: [] });\nasync function refresh() {\n  const res = await fetch('https://api.mcsrvstat.us/3/play.example.net');\n  const data = await res.json();\n  client.user.setActivity(\`\${data.players.online} online\`);\n}`,
  ],
  invalid: [
    // The twins: the body stored beside the embed.
    bodyAtLine4Res(discordCommand(EMBED_BUILDER, `${KISS_EMBED}\n  await db.gifs.create({ data: { url: data.url } });`)),
    // A project function named for a write, called alone: no builder.
    bodyAtLine4Res(discordCommand(DISCORD_NAMESPACE, 'await profiles.setAvatar(message.author.id, data.url);')),
    bodyAtLine4Res(discordCommand('', 'await setAvatar(message.author.id, data.url);')),
    // A class of the same name that the project defines: its `set…` is the project's.
    bodyAtLine4Res(discordCommand("import { EmbedBuilder } from './store';", 'await new EmbedBuilder(db).setImage(data.url);')),
    // Review of round 30: a store hung on the discord.js client is the project's, and a charge after a setter chain is a charge.
    bodyAtLine(
      `import { Client } from 'discord.js';\nconst client = new Client({ intents: [] });\nasync function reward(message) {\n  const res = await fetch('https://api.example.com/reward');\n  const data = await res.json();\n  await client.economy.addBalance(message.author.id, data.amount);\n}`,
      5,
      'res',
    ),
    bodyAtLine4Res(discordCommand('', 'await new Payment().setAmount(price).charge(data.userId);')),
    bodyAtLine4Res(discordCommand('', 'await sdk.setCustomer(message.author.id).chargeCard(data.amount);')),
  ],
});

// Round 30 (judged FALSE): a presence test of one data field of the body gates every read it covers,
// not only the reads under that field: an error answer has no `total`, `url`, `children`. A test of a
// field an error answer carries (`message`) gates nothing.
const steamThen = (test: string): string =>
  `async function onSteam(ctx, query) {\n  const res = await fetch(\`https://store.example.com/api/search?term=\${query}\`).then((r) => r.json()).catch(() => null);\n  ${test}\n  await db.games.create({ data: { id: res.items[0].id } });\n}`;
const gatedMeme = (test: string): string =>
  `async function onMeme(ctx) {\n  const res = await fetch('https://meme-api.example.com/gimme');\n  const json = await res.json();\n  if (${test}) {\n    await db.memes.create({ data: { title: json.title, link: json.postLink } });\n  }\n}`;
ruleTester.run('require-response-check: default, a data field tested before every use', rule, {
  valid: [
    steamThen("if (!res || !res.total) return ctx.reply('Not found');"),
    steamThen("if (!res?.data?.children) return ctx.reply('Not found');"),
    gatedMeme('json && json.url'),
  ],
  invalid: [
    { code: steamThen("if (!res || !res.message) return ctx.reply('Not found');"), errors: [{ messageId: 'uncheckedBody' as const, data: { name: 'r', member: 'json' }, line: 2 }] },
    { code: steamThen("if (!res) return ctx.reply('Not found');"), errors: [{ messageId: 'uncheckedBody' as const, data: { name: 'r', member: 'json' }, line: 2 }] },
    bodyAtLine(gatedMeme('json'), 3, 'res'),
    bodyAtLine(gatedMeme('json && json.message'), 3, 'res'),
  ],
});

// Issue 15 (session 21): a project wrapper that returns fetch's raw `Response` — a function of the
// same file, a method called as `this.fetchApi(…)`, a resolvable project import — under the default
// options: the caller stores what it parsed. Each beside its twin that checks the status first.
const STORE_RATE = 'await db.rate.create({ data: { id, usd: data.usd } });';
const SAME_FILE_WRAPPER = (check = ''): string =>
  `async function fetchWithTimeout(url) { return fetch(url, { signal: AbortSignal.timeout(5000) }); }\nasync function sync(id) {\n  const res = await fetchWithTimeout(\`/rates/\${id}\`);\n${check}  const data = await res.json();\n  ${STORE_RATE}\n}`;
const METHOD_WRAPPER = (check = ''): string =>
  `class Api {\n  fetchApi(path) { return fetch(base + path); }\n  async sync(id) {\n    const res = await this.fetchApi(\`/rates/\${id}\`);\n${check}    const data = await res.json();\n    ${STORE_RATE}\n  }\n}`;
const IMPORTED_WRAPPER = (check = ''): string =>
  `import { fetchWithTimeout } from './http';\nasync function sync(id) {\n  const res = await fetchWithTimeout(\`/rates/\${id}\`);\n${check}  const data = await res.json();\n  ${STORE_RATE}\n}`;
const STATUS_CHECK = (indent: string): string => `${indent}if (!res.ok) throw new Error(String(res.status));\n`;
ruleTester.run('require-response-check: default, project wrappers that return the raw Response', rule, {
  valid: [
    SAME_FILE_WRAPPER(STATUS_CHECK('  ')),
    METHOD_WRAPPER(STATUS_CHECK('    ')),
    { code: IMPORTED_WRAPPER(STATUS_CHECK('  ')), filename: inProject('http-wrapper') },
  ],
  invalid: [
    bodyAtLine(SAME_FILE_WRAPPER(), 4, 'res'),
    bodyAtLine(METHOD_WRAPPER(), 5, 'res'),
    { ...bodyAtLine(IMPORTED_WRAPPER(), 4, 'res'), filename: inProject('http-wrapper') },
  ],
});

ruleTester.run('require-response-check: checkEveryUse reports the shown body too', rule, {
  valid: [],
  invalid: [
    { ...bodyAt(readThen('json', 'await ctx.reply(`Price: ${data.price}`);')), options: [EVERY_USE] },
    { ...bodyAt(parsePhoneThen('await ctx.reply(phone ?? "no number");'), 'text'), options: [EVERY_USE] },
  ],
});

// A download of a file Telegram has just linked (`getFileLink`, `getFile()` + `file_path`, the files
// plugin's `getUrl()`): an error page there is practically impossible, and the bytes mostly go into a
// parser or an AI call that fails loudly. Not reported unless `checkBotApiFiles` (on in `strict`).
// Each valid case beside its twin with the option on; the same code with a URL elsewhere, or a Bot
// API method call (a 429 there is common), stays reported.
const downloadFrom = (setup: string, url: string, client = 'fetch', reader = 'await res.arrayBuffer()'): string =>
  `async function onDocument(ctx, id) {\n${setup ? `  ${setup}\n` : ''}  const res = await ${client}(${url});\n  const data = ${reader};\n  await storage.uploadFile('essays', \`essays/\${id}\`, data);\n  await deductCredit(id, 1);\n}`;
/** The report at the body read (`const data = …`), with its suggestion for fetch; axios's option for axios. */
const reportedRead = (code: string, first: Options[0] = {}) => {
  const options: Options = [first];
  const statement = code.split('\n').find((line) => line.includes('const data ='))!;
  const line = code.split('\n').indexOf(statement) + 1;
  if (code.includes('axios')) return { code, options, errors: [{ messageId: 'acceptsEveryStatus' as const, line }] };
  const output = code.replace(statement, `  if (!res.ok) throw new Error(\`HTTP \${res.status} \${res.statusText}\`);\n${statement}`);
  return { code, options, errors: [{ messageId: 'uncheckedBody' as const, line, suggestions: [{ messageId: 'suggestCheck' as const, output }] }] };
};
const TELEGRAM_DOWNLOADS = [
  // Telegraf: the link `ctx.telegram.getFileLink` resolves to, and its `.href`.
  downloadFrom('const link = await ctx.telegram.getFileLink(id);', 'link.href'),
  downloadFrom('const link = await ctx.telegram.getFileLink(id);', 'link'),
  // grammY: `ctx.getFile()` and the file host's path, and the files plugin's `getUrl()`.
  downloadFrom('const file = await ctx.getFile();', '`https://api.telegram.org/file/bot${ctx.api.token}/${file.file_path}`'),
  downloadFrom('const file = await ctx.getFile();', 'file.getUrl()'),
  // node-telegram-bot-api: `bot.getFileLink` resolves to a string.
  downloadFrom('const url = await bot.getFileLink(id);', 'url'),
  // The link built by a helper whose every return is a file URL.
  `const fileUrl = (path) => \`https://api.telegram.org/file/bot\${process.env.BOT_TOKEN}/\${path}\`;\n${downloadFrom('const file = await ctx.telegram.getFile(id);', 'fileUrl(file.file_path)')}`,
  `async function linkOf(bot, id) {\n  const file = await bot.telegram.getFile(id);\n  return \`https://api.telegram.org/file/bot\${TOKEN}/\${file.file_path}\`;\n}\n${downloadFrom('const link = await linkOf(ctx, id);', 'link')}`,
  // Through a project wrapper that returns the raw `Response`, and axios accepting every status.
  `const fetchRaw = (url) => fetch(url, { signal: AbortSignal.timeout(10_000) });\n${downloadFrom('const link = await ctx.telegram.getFileLink(id);', 'link.href', 'fetchRaw')}`,
  `${AXIOS}${downloadFrom('const link = await ctx.telegram.getFileLink(id);', 'link.href, { validateStatus: () => true, timeout: 5000 }', 'axios.get', 'res.data')}`,
];
ruleTester.run('require-response-check: Telegram file downloads', rule, {
  valid: [...TELEGRAM_DOWNLOADS, ...TELEGRAM_DOWNLOADS.map((code) => ({ code, options: [EVERY_USE] as Options }))],
  invalid: [
    ...TELEGRAM_DOWNLOADS.map((code) => reportedRead(code, { checkBotApiFiles: true })),
    // The `strict` config's options.
    reportedRead(TELEGRAM_DOWNLOADS[0]!, { checkEveryUse: true, checkBotApiFiles: true }),
    // A Bot API method call: a rate limit's 429 answers `{ ok: false }`, whose `result` is then read as data.
    reportedRead(downloadFrom('', '`https://api.telegram.org/bot${TOKEN}/sendDice`, { method: "POST", body }', 'fetch', '(await res.json()).result.dice.value')),
    reportedRead(downloadFrom('const file = await ctx.getFile();', '`https://api.telegram.org/bot${ctx.api.token}/getFile?file_id=${file.file_id}`', 'fetch', '(await res.json()).result.file_path')),
    // A download from anywhere else, and a helper that may return another host.
    reportedRead(downloadFrom('const link = await shortener.resolve(id);', 'link.href')),
    reportedRead(`const fileUrl = (path) => path.startsWith("http") ? path : \`https://api.telegram.org/file/bot\${TOKEN}/\${path}\`;\n${downloadFrom('', 'fileUrl(id)')}`),
    // A URL that names the Bot API host only after an unknown beginning (a proxy).
    reportedRead(downloadFrom('', '`${PROXY}/https://api.telegram.org/file/bot${TOKEN}/${id}`')),
  ],
});

// A Bot API file link handed to a NestJS service the bot update class has injected (`constructor(private x: S)`):
// its every caller passes what `getFileLink` gave, so the download is one of Telegram's files.
ruleTester.run('require-response-check: a Bot API file link passed to an injected service', rule, {
  valid: [{ code: fixtureText('nest/photo.service.ts'), filename: inCallers('nest/photo.service.ts') }],
  invalid: [
    // The same service method given a caption: any URL.
    { code: fixtureText('nest/page.service.ts'), filename: inCallers('nest/page.service.ts'), errors: [
        {
          messageId: 'uncheckedBody',
          line: 8,
          suggestions: [{ messageId: 'suggestCheck', output: fixtureText('nest/page.service.ts').replace('    const bytes', `    ${CHECK_RESPONSE}\n    const bytes`) }],
        },
      ],
    },
  ],
});
