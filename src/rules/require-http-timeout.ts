import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, getPropertyName, resolveObject, skipTypeWrappers, staticNumber } from '../analysis/ast/index.js';
import { addArgument, addProperty, CLIENT_OPTION_ITEM, deadlineOf, type HttpCall, httpModelOf, lookupOption, ModuleDefaults, rejectsBeforeSending, timeoutValue, toBotApiHost, toOwnBackend, type WrapperClient } from '../analysis/http/index.js';
import { serverlessPlatform } from '../analysis/project/index.js';
import { isBrowserModule } from '../analysis/summaries/index.js';
import { createRule } from '../util/create-rule.js';
import { checkBrowserCode, optionsObject } from '../util/schema.js';

export type Options = [
  {
    clients?: WrapperClient[];
    minimumTimeoutMs?: number;
    maximumTimeoutMs?: number;
    checkBrowserCode?: boolean;
    checkServerless?: boolean;
    checkBotApi?: boolean;
    checkOwnBackend?: boolean;
    checkHandlerTimeout?: boolean;
    checkTimerTicks?: boolean;
    checkAdminListeners?: boolean;
    checkConcurrentHandlers?: boolean;
  },
];
export type MessageIds =
  | 'fetchNoDeadline'
  | 'fetchIgnoresTimeout'
  | 'undiciNoDeadline'
  | 'noTimeout'
  | 'zeroTimeout'
  | 'timeoutTooShort'
  | 'timeoutTooLong'
  | 'suggestSignal'
  | 'suggestTimeout'
  | 'suggestSignalForTimeout';

const SIGNAL = 'signal: AbortSignal.timeout(10_000)';
/** `axios.create`, `got.extend`, `ky.create`/`ky.extend`. */
const CREATORS = new Set(['create', 'extend']);

export default createRule<Options, MessageIds>({
  name: 'require-http-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a deadline on every outgoing HTTP request',
      category: 'Timeouts',
      priority: 'P0',
      precision: 'experimental',
      strictOptions: [{ clients: [], minimumTimeoutMs: 1000, maximumTimeoutMs: 120_000, checkBrowserCode: false, checkServerless: true, checkBotApi: true, checkOwnBackend: true, checkHandlerTimeout: true, checkTimerTicks: true, checkAdminListeners: true, checkConcurrentHandlers: true }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      clients: {
        type: 'array',
        description:
          'Wrapper functions that behave like a known client: `{ "name": "apiFetch", "kind": "fetch" }`. `name` is the callee as written (`api`, `this.http`).',
        items: CLIENT_OPTION_ITEM,
      },
      minimumTimeoutMs: {
        type: 'number',
        minimum: 0,
        description: 'Report literal timeouts shorter than this many milliseconds.',
      },
      maximumTimeoutMs: {
        type: 'number',
        minimum: 0,
        description: 'Report literal timeouts longer than this many milliseconds.',
      },
      checkBrowserCode: checkBrowserCode('a hung request holds a tab, not a server'),
      checkServerless: {
        type: 'boolean',
        description:
          'Whether to report missing deadlines in serverless functions (a Cloudflare Worker: `export default { fetch }` or a wrangler file in the project; a Vercel function: a `(req, res)` default export in `api/`, or a Web `handler(request)` there with a `config` naming its `runtime` or in a Vercel project; a Netlify function: `handler` under `netlify/functions/`; a Supabase or Netlify Edge Function: a module of `supabase/functions/<name>/` or `netlify/edge-functions/`, or a `_shared/` helper only those functions reach; a Firebase Cloud Function: a module only the `main` of a firebase-functions package named by `firebase.json` reaches; an AWS Lambda function: a module exporting `handler(event, context, callback)`, or one only such handlers reach, in a package that shows Lambda and starts no long-lived process), where the platform ends the invocation at its own limit.',
      },
      checkBotApi: {
        type: 'boolean',
        description:
          'Whether to report requests whose URL provably starts with the Telegram Bot API host (`https://api.telegram.org/bot…`, `…/file/bot…`), which the bot framework’s own client calls without a tighter deadline.',
      },
      checkOwnBackend: {
        type: 'boolean',
        description:
          'Whether to report requests to the bot project’s own backend: a URL whose host the code does not spell out (`${process.env.SERVER_URL}/api/translate`) and whose path is a route a file of the same bot project serves (Express, Hono, Fastify, koa-router: `app.post(\'/api/translate\', …)`, or a router mounted with `app.use(\'/api\', router)`), whose own handler decides how long it takes; or a loopback port the project serves itself (json-server from a `package.json` script, a written-out `listen(3001)`), or the port setting its own server listens on (`http://${SERVER_HOST}:${SERVER_PORT}/…` with `app.listen(SERVER_PORT)`).',
      },
      checkHandlerTimeout: {
        type: 'boolean',
        description:
          'Whether to report requests reached only from handlers of a Telegraf bot created with a `handlerTimeout` shorter than its 90 s default and given a `bot.catch`, which abandons the handler at that deadline (the socket stays open).',
      },
      checkTimerTicks: {
        type: 'boolean',
        description:
          'Whether to report requests reached only from the ticks of a fixed-rate timer (`setInterval`, node-cron, `cron`, node-schedule), where the next tick starts whatever a stalled one did.',
      },
      checkAdminListeners: {
        type: 'boolean',
        description:
          'Whether to report requests reached only from listeners of a node-telegram-bot-api bot through an admin check (`if (msg.from.id !== ADMIN_ID) return;`, `if (process.env.ADMINCHATID == chatId) { … }`), in a project without grammY or Telegraf also from its exports and promise executors, and from route handlers of a web server (Express, Elysia, Hono, Fastify) behind an admin gate: the library does not await its listeners and the server serves each request on its own, so a stall holds only the operator’s own flow.',
      },
      checkConcurrentHandlers: {
        type: 'boolean',
        description:
          'Whether to report requests reached only from where a discord.js (Eris, Oceanic.js), whatsapp-web.js, Baileys, vk-io or facebook-chat-api project starts its work — an event listener (`client.on(\'interactionCreate\', …)`, `client.on(\'message\', …)`, `collector.on(\'collect\', …)`) or a command or event module it loads (`module.exports = { data, execute }`, `export default { data, execute }`, `export default new Command({ execute })`) — in a project without grammY, Telegraf, node-telegram-bot-api or another chat framework, and where no function on the way holds a flag, a lock or a busy mark (or runs in a one-at-a-time BullMQ worker) (`$set: { activeWithdraw: true }` cleared later, `busy.add(id)` with `busy.delete(id)`) or loops forever; work a queue, limiter or lock runs starts at no listener or export: the library handles every other event while this one waits, so a stall holds only the user who sent it.',
      },
    }),
    defaultOptions: [{ clients: [], checkBrowserCode: false, checkServerless: false, checkBotApi: false, checkOwnBackend: false, checkHandlerTimeout: false, checkTimerTicks: false, checkAdminListeners: false, checkConcurrentHandlers: false }],
    messages: {
      fetchNoDeadline:
        '`{{client}}` has no deadline: Node’s fetch gives up only after 300 s without data (never while a server trickles), so a stalled API holds this handler for minutes. Pass `signal: AbortSignal.timeout(ms)`.',
      fetchIgnoresTimeout:
        '`{{client}}` ignores the `timeout` option{{why}}: this request has no deadline. Use `signal: AbortSignal.timeout(ms)`.',
      undiciNoDeadline:
        'undici `{{client}}` has no deadline: it gives up only after 300 s without headers or body data, so a slow API holds this handler for minutes. Pass `signal: AbortSignal.timeout(ms)`.',
      noTimeout:
        '`{{client}}` has no timeout and {{library}} sets none by default: a stalled server holds this handler forever.',
      zeroTimeout: '`timeout: 0` means no timeout at all in {{library}}: a stalled server holds this handler forever.',
      timeoutTooShort: 'This timeout of {{value}} ms is shorter than the minimum of {{limit}} ms.',
      timeoutTooLong: 'This timeout of {{value}} ms is longer than the maximum of {{limit}} ms.',
      suggestSignal: 'Add `signal: AbortSignal.timeout(10_000)`.',
      suggestTimeout: 'Add `{{text}}`.',
      suggestSignalForTimeout: 'Replace `timeout` with `signal: AbortSignal.timeout(…)`.',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const skipped = (): boolean => !options.checkBrowserCode && isBrowserModule(sourceCode, context.filename);
    /** A serverless invocation ends at the platform's limit: a missing deadline cannot hold a process forever. */
    const bounded = (): boolean => !options.checkServerless && serverlessPlatform(sourceCode, context.filename) !== null;
    const model = httpModelOf(sourceCode, options.clients);
    let defaults: ModuleDefaults | null = null;
    const trusted = { handlerTimeout: !options.checkHandlerTimeout, timerTicks: !options.checkTimerTicks, adminListeners: !options.checkAdminListeners, concurrentHandlers: !options.checkConcurrentHandlers };
    const { minimumTimeoutMs: min, maximumTimeoutMs: max } = options;

    function checkBounds(node: TSESTree.Node | undefined): void {
      if (!node || (min === undefined && max === undefined)) return;
      const value = skipTypeWrappers(node);
      // `AbortSignal.timeout(n)`
      const argument =
        value.type === AST_NODE_TYPES.CallExpression && getMemberPath(value.callee)?.join('.') === 'AbortSignal.timeout' ? value.arguments[0] : value;
      const ms = argument ? staticNumber(argument, sourceCode) : null;
      if (ms === null || ms === 0) return;
      if (min !== undefined && ms < min) context.report({ node: argument!, messageId: 'timeoutTooShort', data: { value: ms, limit: min } });
      if (max !== undefined && ms > max) context.report({ node: argument!, messageId: 'timeoutTooLong', data: { value: ms, limit: max } });
    }

    function reportMissing(call: HttpCall, signal: TSESTree.Property | undefined): void {
      const data = { client: call.label, library: LIBRARY[call.kind] };
      const useSignal = call.kind === 'fetch' || call.kind === 'node-fetch' || call.kind === 'undici' || call.kind === 'http';
      const text = useSignal ? SIGNAL : call.kind === 'got' ? 'timeout: { request: 10_000 }' : 'timeout: 10_000';
      let fix: TSESLint.ReportFixFunction | null = null;
      if (call.kind === 'superagent') {
        fix = (fixer) => fixer.insertTextAfter(call.node, '.timeout(10_000)');
      } else if (signal) {
        if ((call.node.arguments as TSESTree.Node[]).includes(signal.parent)) fix = (fixer) => fixer.replaceText(signal.value, 'AbortSignal.timeout(10_000)');
      } else if (call.options.type === 'object') {
        const object = call.options.node;
        if ((call.node.arguments as TSESTree.Node[]).includes(object) || !useSignal) fix = (fixer) => addProperty(fixer, object, text, sourceCode);
      } else if (call.node.arguments.length > 0) {
        fix = (fixer) => addArgument(fixer, call.node, call.optionsIndex, `{ ${text} }`);
      }
      const messageId = call.kind === 'fetch' ? 'fetchNoDeadline' : call.kind === 'undici' ? 'undiciNoDeadline' : 'noTimeout';
      context.report({
        node: call.node.callee,
        messageId,
        data,
        suggest: fix ? [useSignal ? { messageId: 'suggestSignal', fix } : { messageId: 'suggestTimeout', data: { text: call.kind === 'superagent' ? '.timeout(10_000)' : text }, fix }] : [],
      });
    }

    function checkCreation(call: TSESTree.CallExpression): void {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !CREATORS.has(getPropertyName(callee) ?? '')) return;
      const instance = model.creationOf(call);
      if (!instance || skipped()) return;
      const timeout = lookupOption(resolveObject(call.arguments[0], sourceCode), 'timeout', sourceCode);
      if (timeout.type !== 'present') return;
      const deadline = timeoutValue(instance.kind, timeout.value, sourceCode);
      if (deadline.type === 'zero') reportZero(deadline.value, LIBRARY[instance.kind]);
      else checkBounds((deadline as { timeout?: TSESTree.Node }).timeout);
    }

    /** A shared config with `timeout: 0` is reported once, not once per call that uses it. */
    const reportedZeros = new Set<TSESTree.Node>();
    function reportZero(value: TSESTree.Node, library: string): void {
      if (reportedZeros.has(value)) return;
      reportedZeros.add(value);
      context.report({
        node: value,
        messageId: 'zeroTimeout',
        data: { library },
        suggest: [{ messageId: 'suggestTimeout', data: { text: 'timeout: 10_000' }, fix: (fixer) => fixer.replaceText(value, '10_000') }],
      });
    }

    return {
      CallExpression(node) {
        const call = model.classify(node);
        if (!call) {
          checkCreation(node);
          return;
        }
        if (skipped()) return;
        defaults ??= new ModuleDefaults(model, sourceCode);
        const deadline = deadlineOf(call, defaults, sourceCode, context.filename, trusted);
        // The bot framework's own client calls the same host without a tighter deadline: one on this call changes nothing.
        if (deadline.type !== 'set' && !options.checkBotApi && toBotApiHost(call.node, { sourceCode, filename: context.filename })) return;
        // The project's own route: its handler, in the same code base, decides how long the request takes.
        if (deadline.type !== 'set' && !options.checkOwnBackend && toOwnBackend(call.node, { sourceCode, filename: context.filename }, context.cwd)) return;
        // A path with no base URL: a server's fetch, or axios, rejects before sending (a browser's fetch holds only a tab).
        if (deadline.type !== 'set' && rejectsBeforeSending(call, { sourceCode, filename: context.filename })) return;
        switch (deadline.type) {
          case 'set':
            checkBounds(deadline.timeout);
            return;
          case 'zero':
            if (!bounded()) reportZero(deadline.value, LIBRARY[call.kind]);
            return;
          case 'ignored': {
            if (bounded()) return;
            const property = deadline.property;
            const value = sourceCode.getText(property.value);
            const inline = (call.node.arguments as TSESTree.Node[]).includes(property.parent);
            context.report({
              node: property,
              messageId: 'fetchIgnoresTimeout',
              data: { client: call.label, why: call.kind === 'node-fetch' ? ' (node-fetch v3 removed it)' : '' },
              suggest: inline
                ? [
                    {
                      messageId: 'suggestSignalForTimeout',
                      fix: (fixer) => fixer.replaceText(property, `signal: AbortSignal.timeout(${value})`),
                    },
                  ]
                : [],
            });
            return;
          }
          default:
            if (!bounded()) reportMissing(call, deadline.signal);
        }
      },
    };
  },
});

const LIBRARY: Record<HttpCall['kind'], string> = {
  fetch: 'fetch',
  'node-fetch': 'node-fetch',
  axios: 'axios',
  got: 'got',
  undici: 'undici',
  http: 'Node’s `http`',
  superagent: 'superagent',
  ky: 'ky',
};
