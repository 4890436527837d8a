import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { functionName, type FunctionNode, getPropertyName, isFunction, nodeVersionCeiling, onlyOutsideProduction, outermostWrapper, propertyKey, skipTypeWrappers } from '../analysis/ast/index.js';
import { type BotErrorHandling, botErrorHandling, type BotInstance, droppedCatchReplies, type DroppedReply, type DroppingMiddleware, getFrameworkModel, type ListenerRejection, servesPaymentsOnly, unhandledFactoryStarts } from '../analysis/framework/index.js';
import { createRule } from '../util/create-rule.js';
import { nameList, optionsObject } from '../util/schema.js';

export type Options = [{ installers?: string[]; reportDefaultLogging?: boolean }];
export type MessageIds =
  | 'missingGrammy'
  | 'missingRunner'
  | 'missingWebhook'
  | 'catchIgnoredByWebhook'
  | 'missingTelegraf'
  | 'missingTelegrafWebhook'
  | 'missingPollingError'
  | 'missingWebhookError'
  | 'unhandledAsyncListener'
  | 'unhandledAsyncListenerWarned'
  | 'uncaughtWebhookListener'
  | 'unawaitedNext'
  | 'callbackNext'
  | 'handedNext'
  | 'droppedCatchReply'
  | 'droppedCatchReplyPrinted'
  | 'suggestCatch'
  | 'suggestListener'
  | 'suggestAwaitNext'
  | 'suggestReturnNext';

/** Which calls on the bot count as an error handler, per way of running it. */
const GRAMMY_POLLING = ['catch', 'errorBoundary', 'use'];
const GRAMMY_WEBHOOK = ['errorBoundary', 'use'];
const TELEGRAF = ['catch', 'use'];

type SourceCode = Readonly<TSESLint.SourceCode>;

export default createRule<Options, MessageIds>({
  name: 'require-bot-error-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an error handler on every bot that is started in the file',
      category: 'API Error Handling',
      priority: 'P1',
      precision: 'medium',
      strictOptions: [{ installers: [], reportDefaultLogging: true }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      installers: nameList(
        'Names of functions that install an error handler on the bot passed to them (`setupBot(bot)`), besides names that say so (`setupErrorHandler`).',
      ),
      reportDefaultLogging: {
        type: 'boolean',
        description:
          "Also report bots whose library only prints unhandled errors and keeps running: grammY's runner (`run(bot)`) without `bot.catch`, node-telegram-bot-api without a `polling_error` or `webhook_error` listener, and its async listeners without try/catch (or a grammY or Telegraf middleware that drops `next()`, or a chat call dropped in a handler's `catch`, or a Telegraf 4 webhook launch without `bot.catch`) under a pinned Node < 15 (`engines.node`, `.nvmrc`), and a node-telegram-bot-api call dropped in a handler's `catch`, whose Bluebird promise only prints its rejection.",
      },
    }),
    defaultOptions: [{ installers: [], reportDefaultLogging: false }],
    messages: {
      missingGrammy:
        "`{{start}}` runs `{{bot}}` without `{{bot}}.catch(…)`: grammY's default error handler stops the bot on the first error a handler throws.",
      missingRunner:
        "`{{start}}` runs `{{bot}}` without `{{bot}}.catch(…)`: handler errors only reach grammY's default handler, which prints them and reports them nowhere.",
      missingWebhook:
        '`{{start}}` serves `{{bot}}` without an error boundary: handler errors reach the web framework (a crash in Express 4, a 500 and a redelivered update elsewhere). Install `{{bot}}.errorBoundary(…)` or a try/catch middleware before the handlers.',
      catchIgnoredByWebhook:
        'grammY does not call `{{bot}}.catch(…)` for updates served by `{{start}}`: handler errors reach the web framework. Install `{{bot}}.errorBoundary(…)` or a try/catch middleware before the handlers.',
      missingTelegraf:
        "`{{start}}` runs `{{bot}}` without `{{bot}}.catch(…)`: Telegraf's default error handler rethrows, which stops polling on the first error a handler throws.",
      missingTelegrafWebhook:
        "`{{start}}` serves `{{bot}}` by webhook without `{{bot}}.catch(…)`: Telegraf's default error handler rethrows out of its webhook server's request callback, an unhandled rejection that ends the process (Node ≥ 15) on the first error a handler throws. Install `{{bot}}.catch(…)` or `process.on('unhandledRejection', …)`.",
      missingPollingError:
        '`{{bot}}` polls without a `polling_error` listener: polling errors and errors thrown by listeners are printed as JSON (`{}` for a TypeError, without its stack) and reported nowhere.',
      missingWebhookError:
        '`{{bot}}` serves a webhook without a `webhook_error` listener: webhook errors are printed as JSON (`{}` for a TypeError, without its stack) and reported nowhere.',
      unhandledAsyncListener:
        "`{{bot}}.{{method}}(…)` registers an async listener {{cause}}: node-telegram-bot-api drops the promise it returns, so its first error is an unhandled rejection, which ends the process (Node ≥ 15) and stops the bot. Catch errors in the listener or in `process.on('unhandledRejection', …)`.",
      unhandledAsyncListenerWarned:
        "`{{bot}}.{{method}}(…)` registers an async listener {{cause}}: node-telegram-bot-api drops the promise it returns, so its errors are unhandled rejections, which Node {{node}} (the pinned version) only prints as a warning: the update goes unanswered and nothing reports the error. Catch errors in the listener or in `process.on('unhandledRejection', …)`.",
      uncaughtWebhookListener:
        "`{{bot}}.{{method}}(…)` registers a listener that can throw while `{{bot}}` is served by node-telegram-bot-api's built-in webhook, which calls listeners outside any try/catch: its first error is an uncaught exception, which ends the process and stops the bot. Wrap the listener's body in try/catch or install `process.on('uncaughtException', …)`.",
      unawaitedNext:
        "The middleware `{{bot}}.use(…)` installs{{at}} calls `{{next}}()` without awaiting or returning it, so errors of every later handler never reach the bot's error handler and become unhandled rejections, which end the process on Node ≥ 15; write `await {{next}}()` or `return {{next}}()`.",
      callbackNext:
        "The middleware `{{bot}}.use(…)` installs{{at}} calls `{{next}}()` in a callback of `{{call}}`, whose result it neither awaits nor returns, so errors of every later handler never reach the bot's error handler and become unhandled rejections, which end the process on Node ≥ 15; await a promise of `{{call}}` and then `return {{next}}()`.",
      handedNext:
        "The middleware `{{bot}}.use(…)` installs{{at}} hands `{{next}}` to `{{call}}` without awaiting or returning its result, so errors of every later handler never reach the bot's error handler and become unhandled rejections, which end the process on Node ≥ 15; write `await {{call}}` or `return {{call}}`.",
      droppedCatchReply:
        "`{{call}}` in {{where}}{{more}} is neither awaited nor returned nor ended by `.catch(…)`: when it fails too (a user who blocked the bot, the same network error), its rejection is unhandled — no bot error handler sees it — which ends the process on Node ≥ 15. Await or return it, or end it with `.catch(…)`.",
      droppedCatchReplyPrinted:
        "`{{call}}` in {{where}}{{more}} is neither awaited nor returned nor ended by `.catch(…)`: node-telegram-bot-api returns a Bluebird promise, so when it fails too (a user who blocked the bot, the same network error) Bluebird only prints `Unhandled rejection …` to stderr and the process goes on, but no error handler sees the error and nothing reports it. Await or return it, or end it with `.catch(…)`.",
      suggestCatch: 'Add `{{bot}}.catch(…)` that logs the error.',
      suggestListener: 'Add a `{{event}}` listener on `{{bot}}` that logs the error.',
      suggestAwaitNext: 'Await `{{next}}()`, so that the errors of later handlers reach the bot\'s error handler.',
      suggestReturnNext: 'Return `{{next}}()`, so that the errors of later handlers reach the bot\'s error handler.',
    },
  },
  create(context, [options]) {
    const installers = new Set(options.installers);
    const { sourceCode } = context;
    const model = getFrameworkModel(sourceCode, context.filename);
    // A file that imports no framework may still start a bot a project file's factory returns (`const bot = createBot(); bot.launch()`).
    if (model.frameworks.size === 0) return { 'Program:exit': checkFactoryStarts };
    const calls: TSESTree.CallExpression[] = [];
    const news: TSESTree.NewExpression[] = [];

    function checkBot(handling: BotErrorHandling): void {
      const { bot, calls: taking } = handling;
      // A bot only used to send messages (a log channel) has no handler that could throw; nor has
      // one whose every handler catches its own errors (a `try` whose `catch` only logs).
      if (handling.registersNoHandler() || handling.handlersNeverFail()) return;
      const name = botName(bot);
      const dropping = handling.droppingMiddleware();
      // Before Node 15 an unhandled rejection only prints a warning: the library's default logging, as for NTBA listeners.
      const ceiling = dropping.length > 0 ? nodeVersionCeiling(context.filename) : null;
      if (ceiling === null || ceiling >= 15 || options.reportDefaultLogging) for (const middleware of dropping) reportDroppedNext(middleware, name);
      // Behind a first middleware that drops `next()`, no handler error reaches an error handler: that report replaces this one.
      if (handling.exported || dropping.some((middleware) => middleware.first)) return;
      const { own } = taking;

      if (bot.framework === 'grammy') {
        const polling = handling.handles(GRAMMY_POLLING);
        for (const call of own) {
          if (method(call) === 'start' && !polling) reportStart(call, 'missingGrammy', name, skipTypeWrappers(call.callee));
        }
        for (const call of taking.run) {
          if (!polling && options.reportDefaultLogging) reportStart(call, 'missingRunner', name, call.arguments[0]!);
        }
        const unhandledWebhooks = handling.unhandledWebhooks();
        // A payments-only webhook wants the 500: Telegram redelivers the payment until it is recorded.
        if (unhandledWebhooks.length > 0 && !handling.handles(GRAMMY_WEBHOOK) && !servesPaymentsOnly(handling)) {
          const messageId = polling ? 'catchIgnoredByWebhook' : 'missingWebhook';
          for (const call of unhandledWebhooks) {
            context.report({ node: call, messageId, data: { bot: name, start: sourceCode.getText(call) } });
          }
        }
      } else if (bot.framework === 'telegraf') {
        if (handling.handles(TELEGRAF) || handling.routedThroughCatchingRouter()) return;
        for (const call of own) {
          if (method(call) !== 'launch') continue;
          reportTelegrafStart(call, handling.webhookLaunch(call), name);
        }
      } else {
        checkNtba(handling, name);
      }
    }

    /** Starts of a bot a factory of another project file creates and returns, without an error handler on either side. */
    function checkFactoryStarts(): void {
      for (const { call, bot, name, webhook } of unhandledFactoryStarts(context, { grammy: GRAMMY_POLLING, telegraf: TELEGRAF }, installers)) {
        if (bot.framework === 'grammy') {
          reportStart(call, 'missingGrammy', name, skipTypeWrappers(call.callee));
          continue;
        }
        reportTelegrafStart(call, webhook, name);
      }
    }

    /**
     * A Telegraf `launch()` with no error handler. Telegraf 4's own webhook server (`webhook`: how the launch
     * serves updates) makes a handler error an unhandled rejection, not a stopped poll: a process-level handler
     * that logs it (`kept`) lets the process go on, as a `bot.catch` that logs would; before Node 15 an unhandled
     * rejection only prints a warning, the library's default logging.
     */
    function reportTelegrafStart(call: TSESTree.CallExpression, webhook: ReturnType<BotErrorHandling['webhookLaunch']>, name: string): void {
      if (webhook === 'kept') return;
      if (webhook === 'ends') {
        const ceiling = nodeVersionCeiling(context.filename);
        if (ceiling === null || ceiling >= 15 || options.reportDefaultLogging) reportStart(call, 'missingTelegrafWebhook', name, skipTypeWrappers(call.callee));
      } else reportStart(call, 'missingTelegraf', name, skipTypeWrappers(call.callee));
    }

    function checkNtba(handling: BotErrorHandling, name: string): void {
      const { bot, calls: { own } } = handling;
      // A bot that receives no updates (`new TelegramBot(token)` that only sends): its listeners never run.
      if (bot.receivesNoUpdates === true) return;
      const listener = handling.unguardedListener();
      if (listener) {
        // Before Node 15 an unhandled rejection only prints a warning and the process keeps running.
        const ceiling = nodeVersionCeiling(context.filename);
        const warnsOnly = ceiling !== null && ceiling < 15;
        if (!warnsOnly || options.reportDefaultLogging) {
          const messageId = warnsOnly ? 'unhandledAsyncListenerWarned' : 'unhandledAsyncListener';
          context.report({ node: listener.call, messageId, data: { bot: name, method: method(listener.call), node: String(ceiling), cause: rejectionCause(listener.rejection) + droppedChain(listener.droppedChain) } });
        }
      }
      // The built-in webhook server calls listeners outside any try: a synchronous throw ends the process, whatever the Node version.
      const throwing = handling.uncaughtWebhookListener();
      if (throwing) context.report({ node: throwing, messageId: 'uncaughtWebhookListener', data: { bot: name, method: method(throwing) } });
      if (!options.reportDefaultLogging) return;
      const modes = [
        { option: 'polling', method: 'startPolling', event: 'polling_error', messageId: 'missingPollingError' as const },
        { option: 'webHook', method: 'openWebHook', event: 'webhook_error', messageId: 'missingWebhookError' as const },
      ] as const;
      // Updates fed by the app's own server (`bot.processUpdate(req.body)`) never pass the built-in
      // webhook server, so a `webhook_error` listener would never fire: the server's handler owns those errors.
      const fedByServer = own.some((call) => method(call) === 'processUpdate');
      for (const mode of modes) {
        if (handling.handles([mode.event]) || (mode.option === 'webHook' && fedByServer)) continue;
        const option = handling.startingOption(mode.option);
        const starts: TSESTree.Node[] = own.filter((call) => method(call) === mode.method);
        if (option) starts.unshift(option);
        const first = starts[0];
        if (!first) continue;
        const receiver = bot.variable?.name ?? bot.memberPath;
        const fix = receiver === null ? null : listenerFix(first === option ? bot.creation : first, first === option, receiver, mode.event);
        context.report({
          node: first,
          messageId: mode.messageId,
          data: { bot: name },
          suggest: fix ? [{ messageId: 'suggestListener', data: { bot: name, event: mode.event }, fix }] : [],
        });
      }
    }

    /**
     * What makes the listener reject, as the code says it: an `await` outside try/catch, or the call
     * it returns there (`return bot.sendMessage(…)` on line 57, whose rejection its promise takes on),
     * or its expression body. A listener whose only `await` is in a `try` is not said to have one.
     */
    function rejectionCause(rejection: ListenerRejection): string {
      const line = rejection.node.loc.start.line;
      if (rejection.kind === 'await') return 'with an `await` outside try/catch';
      if (rejection.kind === 'for-await') return 'with a `for await` outside try/catch';
      const returned = skipTypeWrappers(rejection.kind === 'return' ? (rejection.node as TSESTree.ReturnStatement).argument! : rejection.node);
      const call = returned.type === AST_NODE_TYPES.CallExpression ? `\`${sourceCode.getText(skipTypeWrappers(returned.callee))}(…)\`` : null;
      if (rejection.kind === 'return') return `that returns ${call} outside try/catch (line ${line}), whose rejection becomes its own`;
      return call ? `that returns ${call} as its expression body, with no \`.catch(…)\`` : 'whose expression body has no `.catch(…)`';
    }

    /** `, and drops \`bot.downloadFile(…).then(…)\` (line 110) with no \`.catch(…)\``: a chain the listener drops, whose rejection is unhandled as well. */
    function droppedChain(first: TSESTree.CallExpression | null): string {
      if (!first) return '';
      const links: string[] = [];
      for (let link: TSESTree.Node = outermostWrapper(first).parent!; link.type === AST_NODE_TYPES.MemberExpression && link.parent.type === AST_NODE_TYPES.CallExpression; link = outermostWrapper(link.parent).parent!) {
        links.push(`.${getPropertyName(link) ?? ''}(…)`);
      }
      return `, and drops \`${sourceCode.getText(skipTypeWrappers(first.callee))}(…)${links.join('')}\` (line ${first.loc.start.line}) with no \`.catch(…)\``;
    }

    /** At the dropped `next()` when the middleware is written here; at the `use` argument, naming where it is, when imported. A `next()` in a callback of a dropped call names that call. */
    function reportDroppedNext(middleware: DroppingMiddleware, name: string): void {
      const next = (middleware.fn.params[1] as TSESTree.Identifier).name;
      const here = middleware.file.filename === context.filename;
      const relative = path.relative(path.dirname(context.filename), middleware.file.filename).split(path.sep).join('/');
      const at = here ? '' : ` (${relative.startsWith('.') ? relative : `./${relative}`}:${middleware.next.loc.start.line})`;
      const node = here ? middleware.next : middleware.argument;
      const { callback } = middleware;
      if (callback) {
        const call = `${middleware.file.sourceCode.getText(skipTypeWrappers(callback.callee))}(…)`;
        context.report({ node, messageId: 'callbackNext', data: { bot: name, next, at, call } });
      } else if (middleware.handed) {
        const call = `${middleware.file.sourceCode.getText(skipTypeWrappers(middleware.next.callee))}(…)`;
        context.report({ node, messageId: 'handedNext', data: { bot: name, next, at, call } });
      } else context.report({ node, messageId: 'unawaitedNext', data: { bot: name, next, at }, suggest: here ? nextSuggestion(middleware, next) : [] });
    }

    /**
     * `await next()` in an async middleware; `return next()` in another one when the dropped call is the last statement of
     * its body (a `return` earlier would skip the statements after it). A `next()` at the end of a `.then(…)` chain gets none.
     */
    function nextSuggestion(middleware: DroppingMiddleware, next: string): TSESLint.ReportSuggestionArray<MessageIds> {
      const { fn, next: call } = middleware;
      const dropped = call.parent.type === AST_NODE_TYPES.UnaryExpression ? call.parent : call;
      const statement = dropped.parent;
      if (statement?.type !== AST_NODE_TYPES.ExpressionStatement) return [];
      const text = sourceCode.getText(call);
      if (fn.async) return [{ messageId: 'suggestAwaitNext', data: { next }, fix: (fixer) => fixer.replaceText(dropped, `await ${text}`) }];
      const body = fn.body.type === AST_NODE_TYPES.BlockStatement ? fn.body.body : [];
      if (body[body.length - 1] !== statement) return [];
      return [{ messageId: 'suggestReturnNext', data: { next }, fix: (fixer) => fixer.replaceText(dropped, `return ${text}`) }];
    }

    function reportStart(call: TSESTree.CallExpression, messageId: MessageIds, name: string, receiverNode: TSESTree.Node): void {
      // Polling only in a development branch: production never runs this start (its own way of serving is judged on its own).
      if (onlyOutsideProduction(call, sourceCode)) return;
      const receiver = receiverNode.type === AST_NODE_TYPES.MemberExpression ? receiverNode.object : receiverNode;
      const receiverText = sourceCode.getText(skipTypeWrappers(receiver));
      const statement = enclosingStatement(call);
      context.report({
        node: call,
        messageId,
        data: { bot: name, start: startText(call) },
        suggest: statement
          ? [
              {
                messageId: 'suggestCatch',
                data: { bot: name },
                fix: (fixer) =>
                  fixer.insertTextBefore(statement, `${receiverText}.catch((err) => { console.error(err); });\n${indentOf(statement, sourceCode)}`),
              },
            ]
          : [],
      });
    }

    /** One report per file and kind, at the first such call: a process-level handler, or one fix per call, covers them all. */
    function reportDropped(dropped: readonly DroppedReply[], messageId: 'droppedCatchReply' | 'droppedCatchReplyPrinted'): void {
      const [first] = dropped;
      if (!first) return;
      const helper = first.helper ? helperName(first.helper) : null;
      context.report({
        node: first.call,
        messageId,
        data: {
          call: startText(first.call),
          where: first.helper ? `${helper === null ? 'a helper' : `\`${helper}(…)\``} that a handler's \`catch\` calls` : 'this `catch`',
          more: dropped.length > 1 ? ` (and ${dropped.length - 1} more in this file's handlers)` : '',
        },
      });
    }

    /** `bot.start()` / `bot.start(…)` / `run(bot)`, as written in messages. */
    function startText(call: TSESTree.CallExpression): string {
      if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return sourceCode.getText(call);
      return `${sourceCode.getText(call.callee)}(${call.arguments.length === 0 ? '' : '…'})`;
    }

    function listenerFix(at: TSESTree.Node, after: boolean, receiver: string, event: string): TSESLint.ReportFixFunction | null {
      const statement = enclosingStatement(at);
      if (!statement) return null;
      const indent = indentOf(statement, sourceCode);
      const listener = `${receiver}.on('${event}', (err) => { console.error(err); });`;
      return (fixer) =>
        after ? fixer.insertTextAfter(statement, `\n${indent}${listener}`) : fixer.insertTextBefore(statement, `${listener}\n${indent}`);
    }

    return {
      CallExpression(node) {
        calls.push(node);
      },
      NewExpression(node) {
        news.push(node);
      },
      'Program:exit'() {
        checkFactoryStarts();
        for (const handling of botErrorHandling(model, calls, news, installers, context)) checkBot(handling);
        const dropped = droppedCatchReplies(model, context);
        const native = dropped.filter((reply) => !reply.bluebird);
        // Before Node 15 an unhandled rejection only prints a warning: the library's default logging, as for a dropped `next()`.
        const ceiling = native.length > 0 ? nodeVersionCeiling(context.filename) : null;
        if (ceiling === null || ceiling >= 15 || options.reportDefaultLogging) reportDropped(native, 'droppedCatchReply');
        // Bluebird (node-telegram-bot-api) prints an unhandled rejection and goes on, whatever the Node version.
        if (options.reportDefaultLogging) reportDropped(dropped.filter((reply) => reply.bluebird), 'droppedCatchReplyPrinted');
      },
    };
  },
});

/** The method of a call on a bot (`model.callsOn` gives member calls only). */
function method(call: TSESTree.CallExpression): string | null {
  return getPropertyName(skipTypeWrappers(call.callee) as TSESTree.MemberExpression);
}

/** The name a helper is declared under: `function sendError`, `const sendError = …`, a method `sendError() {}`. */
function helperName(fn: FunctionNode): string | null {
  return fn.parent.type === AST_NODE_TYPES.MethodDefinition ? propertyKey(fn.parent) : functionName(fn);
}

function botName(bot: BotInstance): string {
  return bot.variable?.name ?? bot.memberPath ?? `new ${bot.className}(…)`;
}

/**
 * The statement of a statement list that holds `node`, without leaving its function or class;
 * null otherwise (an arrow's expression body, a class field).
 */
function enclosingStatement(node: TSESTree.Node): TSESTree.Node | null {
  let current = node;
  for (;;) {
    const parent = current.parent!;
    if (parent.type === AST_NODE_TYPES.Program || parent.type === AST_NODE_TYPES.BlockStatement) return current;
    if (isFunction(parent) || parent.type === AST_NODE_TYPES.ClassBody) return null;
    current = parent;
  }
}

function indentOf(statement: TSESTree.Node, sourceCode: SourceCode): string {
  return /^\s*/.exec(sourceCode.lines[statement.loc.start.line - 1]!)![0];
}
