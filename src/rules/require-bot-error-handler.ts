import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, getPropertyName, isFunction, skipTypeWrappers } from '../analysis/ast/index.js';
import { assignedAliases, type BotInstance, collectRunnerNames, getFrameworkModel, installsErrorHandler, isErrorHandlerCall, isOptionOn, ntbaOption, webhookErrorsHandled } from '../analysis/framework/index.js';
import { resolveVariable } from '../analysis/ast/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{ installers?: string[] }];
export type MessageIds =
  | 'missingGrammy'
  | 'missingRunner'
  | 'missingWebhook'
  | 'catchIgnoredByWebhook'
  | 'missingTelegraf'
  | 'missingPollingError'
  | 'missingWebhookError'
  | 'suggestCatch'
  | 'suggestListener';

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
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          installers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Names of functions that install an error handler on the bot passed to them (`setupBot(bot)`), besides names that say so (`setupErrorHandler`).',
          },
        },
      },
    ],
    defaultOptions: [{ installers: [] }],
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
      missingPollingError:
        '`{{bot}}` polls without a `polling_error` listener: polling errors and errors thrown by listeners are printed as JSON (`{}` for a TypeError, without its stack) and reported nowhere.',
      missingWebhookError:
        '`{{bot}}` serves a webhook without a `webhook_error` listener: webhook errors are printed as JSON (`{}` for a TypeError, without its stack) and reported nowhere.',
      suggestCatch: 'Add `{{bot}}.catch(…)` that logs the error.',
      suggestListener: 'Add a `{{event}}` listener on `{{bot}}` that logs the error.',
    },
  },
  create(context, [options]) {
    const installers = new Set(options.installers);
    const { sourceCode } = context;
    const model = getFrameworkModel(sourceCode);
    if (model.frameworks.size === 0) return {};
    const runnerNames = collectRunnerNames(sourceCode.ast);
    const calls: TSESTree.CallExpression[] = [];

    /** `run(bot)` and `webhookCallback(bot, …)`, by the bot they take. */
    function callsTaking(bot: BotInstance): { run: TSESTree.CallExpression[]; webhook: TSESTree.CallExpression[]; passed: [TSESTree.CallExpression, number][] } {
      const result = { run: [] as TSESTree.CallExpression[], webhook: [] as TSESTree.CallExpression[], passed: [] as [TSESTree.CallExpression, number][] };
      for (const call of calls) {
        const index = call.arguments.findIndex((argument) => model.resolveBot(argument)?.instance === bot);
        if (index < 0) continue;
        const callee = getMemberPath(call.callee)?.join('.');
        if (index === 0 && callee !== undefined && runnerNames.has(callee)) result.run.push(call);
        else if (index === 0 && model.resolveFrameworkName(call.callee)?.name === 'webhookCallback') result.webhook.push(call);
        else result.passed.push([call, index]);
      }
      return result;
    }

    function isInstaller(call: TSESTree.CallExpression): boolean {
      const path = getMemberPath(call.callee);
      return path !== null && (installers.has(path[path.length - 1]!) || installers.has(path.join('.')));
    }

    /** Calls on variables the bot was copied into: `bot = tempBot; bot.launch()`. */
    function callsOnAliases(bot: BotInstance): TSESTree.CallExpression[] {
      const aliases = bot.variable ? assignedAliases(bot.variable, sourceCode) : [];
      if (aliases.length === 0) return [];
      return calls.filter((call) => {
        const callee = skipTypeWrappers(call.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
        const object = skipTypeWrappers(callee.object);
        return object.type === AST_NODE_TYPES.Identifier && aliases.includes(resolveVariable(object, sourceCode)!);
      });
    }

    function checkBot(bot: BotInstance): void {
      if (isExported(bot)) return;
      const own = [...model.callsOn(bot), ...callsOnAliases(bot)];
      const taking = callsTaking(bot);
      const handled = (accepted: readonly string[]): boolean =>
        own.some((call) => isErrorHandlerCall(call, accepted, sourceCode)) ||
        taking.passed.some(([call, index]) => isInstaller(call) || installsErrorHandler(call, index, accepted, sourceCode));
      const name = botName(bot);

      if (bot.framework === 'grammy') {
        const polling = handled(GRAMMY_POLLING);
        for (const call of own) {
          if (method(call) === 'start' && !polling) reportStart(call, 'missingGrammy', name, skipTypeWrappers(call.callee));
        }
        for (const call of taking.run) {
          if (!polling) reportStart(call, 'missingRunner', name, call.arguments[0]!);
        }
        const unhandledWebhooks = taking.webhook.filter((call) => !webhookErrorsHandled(call, sourceCode));
        if (unhandledWebhooks.length > 0 && !handled(GRAMMY_WEBHOOK)) {
          const messageId = polling ? 'catchIgnoredByWebhook' : 'missingWebhook';
          for (const call of unhandledWebhooks) {
            context.report({ node: call, messageId, data: { bot: name, start: sourceCode.getText(call) } });
          }
        }
      } else if (bot.framework === 'telegraf') {
        if (handled(TELEGRAF)) return;
        for (const call of own) {
          if (method(call) === 'launch') reportStart(call, 'missingTelegraf', name, skipTypeWrappers(call.callee));
        }
      } else {
        checkNtba(bot, own, handled, name);
      }
    }

    function checkNtba(bot: BotInstance, own: readonly TSESTree.CallExpression[], handled: (accepted: readonly string[]) => boolean, name: string): void {
      const modes = [
        { option: 'polling', method: 'startPolling', event: 'polling_error', messageId: 'missingPollingError' as const },
        { option: 'webHook', method: 'openWebHook', event: 'webhook_error', messageId: 'missingWebhookError' as const },
      ];
      // Updates fed by the app's own server (`bot.processUpdate(req.body)`) never pass the built-in
      // webhook server, so a `webhook_error` listener would never fire: the server's handler owns those errors.
      const fedByServer = own.some((call) => method(call) === 'processUpdate');
      for (const mode of modes) {
        if (handled([mode.event]) || (mode.option === 'webHook' && fedByServer)) continue;
        const option = ntbaOption(bot.creation, mode.option);
        const starts: TSESTree.Node[] = own.filter((call) => method(call) === mode.method);
        if (isOptionOn(option) && (mode.option !== 'polling' || bot.polling === true)) starts.unshift(option!);
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

    function reportStart(call: TSESTree.CallExpression, messageId: MessageIds, name: string, receiverNode: TSESTree.Node): void {
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
      'Program:exit'() {
        for (const bot of model.bots) {
          if (bot.kind === 'bot') checkBot(bot);
        }
      },
    };
  },
});

/** The method of a call on a bot (`model.callsOn` gives member calls only). */
function method(call: TSESTree.CallExpression): string | null {
  return getPropertyName(skipTypeWrappers(call.callee) as TSESTree.MemberExpression);
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

/**
 * Whether the bot leaves the file, so that another module may install its handler:
 * `export const bot`, `export { bot }`, `export default bot`, `module.exports = bot | { bot }`,
 * `exports.bot = bot`.
 */
function isExported(bot: BotInstance): boolean {
  let node: TSESTree.Node = bot.creation;
  while (node.parent && node.parent.type !== AST_NODE_TYPES.Program) {
    if (node.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || node.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
    if (isFunction(node.parent)) break;
    node = node.parent;
  }
  if (!bot.variable) return isModuleExports(bot.creation);
  return bot.variable.references.some((reference) => {
    const parent = reference.identifier.parent;
    return (
      parent.type === AST_NODE_TYPES.ExportSpecifier ||
      parent.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
      isModuleExports(reference.identifier)
    );
  });
}

/** `module.exports = x`, `module.exports = { x }`, `exports.x = x`, `module.exports.x = x`. */
function isModuleExports(node: TSESTree.Node): boolean {
  let current = node;
  if (current.parent?.type === AST_NODE_TYPES.Property && current.parent.value === current) current = current.parent.parent;
  const parent = current.parent;
  if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.right !== current) return false;
  const path = getMemberPath(parent.left);
  return path !== null && (path[0] === 'exports' || (path[0] === 'module' && path[1] === 'exports'));
}
