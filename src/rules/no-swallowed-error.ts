import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { skipTypeWrappers } from '../analysis/ast/index.js';
import { createLoggerMatcher, type Handler } from '../analysis/errors/index.js';
import { swallowedErrors } from '../analysis/swallowed/index.js';
import { createRule } from '../util/create-rule.js';
import { checkBrowserCode, nameList, optionsObject } from '../util/schema.js';

export type Options = [
  {
    loggers?: string[];
    allowWithComment?: boolean;
    allowSyncFallbacks?: boolean;
    allowCleanup?: boolean;
    checkBrowserCode?: boolean;
    checkPromiseCatch?: boolean;
    checkEveryPromiseCatch?: boolean;
    requireErrorInLog?: boolean;
    allowErrorInReply?: boolean;
    checkAdminCode?: boolean;
    checkReadOnlyWork?: boolean;
  },
];
export type MessageIds = 'swallowed' | 'swallowedPromise' | 'repliesOnly' | 'broadcastSwallowed' | 'promiseEscapesTry' | 'logsWithoutError' | 'supabaseErrorUnread' | 'suggestLog';

export default createRule<Options, MessageIds>({
  name: 'no-swallowed-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catch handlers that neither log, rethrow nor use the error',
      category: 'Error Handling',
      priority: 'P1',
      precision: 'experimental',
      strictOptions: [{ allowSyncFallbacks: false, allowCleanup: false, requireErrorInLog: true, allowErrorInReply: false, checkAdminCode: true, checkReadOnlyWork: true, checkEveryPromiseCatch: true }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      loggers: nameList(
        'Extra callees that count as logging: a name anywhere in the callee path (`audit`), a dotted path the callee ends with (`ctx.log.error`), or a /regular expression/. The first entry is used by the suggestion.',
      ),
      allowWithComment: {
        type: 'boolean',
        description: 'Whether a comment inside the handler that explains why the error is ignored counts as intent.',
      },
      allowSyncFallbacks: {
        type: 'boolean',
        description:
          'Whether a `catch` after a synchronous `try` (no `await`) that only returns or assigns a constant fallback counts as intent: `try { new URL(s); return true; } catch { return false; }`.',
      },
      allowCleanup: {
        type: 'boolean',
        description:
          'Whether a `catch` around cleanup is left alone: inside another `catch` or a `finally` block (`ROLLBACK`, `release()`), around closing a connection the code is done with (`redis.quit().catch(() => {})`) or dropping a response body (`res.body?.cancel()`), or in the listener of a signal that stops the process (`process.once("SIGTERM", stop)`): the failure it hides is secondary.',
      },
      checkBrowserCode: checkBrowserCode('a failure is shown to the person at the screen, not lost on a server'),
      checkPromiseCatch: {
        type: 'boolean',
        description: 'Whether to check `.catch(handler)` and the rejection handler of `.then(onFulfilled, onRejected)`.',
      },
      checkEveryPromiseCatch: {
        type: 'boolean',
        description:
          'Whether to check every rejection handler, not only one on a database write (`prisma.user.update(…).catch(() => {})`, an `INSERT`, a project function that writes) or on a send in a loop over recipients: a read with a fallback (`findUnique(…).catch(() => null)`), a cache write, a chat call or a request.',
      },
      requireErrorInLog: {
        type: 'boolean',
        description:
          'Whether a handler whose only reaction is a log line that carries nothing of the error (`console.log("update failed")`) is reported: the operator sees that something failed, never why.',
      },
      allowErrorInReply: {
        type: 'boolean',
        description:
          'Whether a handler that puts the error itself into its chat answer (`ctx.reply("❌ " + error.message)`) is left alone: whoever reads the chat sees why it failed. When false, it is reported unless only the admin reaches the handler.',
      },
      checkAdminCode: {
        type: 'boolean',
        description:
          'Whether to report a handler that answers in code only the bot\'s admin runs (behind `if (chatId != ADMIN_ID) return;`, inside `if (process.env.ADMINCHATID == chatId) { … }`, in a route that answers 403 unless `isAdmin`): the admin sees the failure and retries, only its cause is lost.',
      },
      checkReadOnlyWork: {
        type: 'boolean',
        description:
          'Whether to report a handler that answers the user (`ctx.reply("Error, try again")`) when the guarded code only reads (a database find, an HTTP GET) and talks to the chat: the user is told and retries, nothing is lost, only the cause.',
      },
    }),
    defaultOptions: [{ loggers: [], allowWithComment: true, allowSyncFallbacks: true, allowCleanup: true, checkBrowserCode: false, checkPromiseCatch: true, checkEveryPromiseCatch: false, requireErrorInLog: false, allowErrorInReply: true, checkAdminCode: false, checkReadOnlyWork: false }],
    messages: {
      swallowed:
        'This `catch` swallows the error: nothing is logged, rethrown or passed on, so the failure vanishes in production without a trace.',
      swallowedPromise:
        'This rejection handler swallows the error: nothing is logged, rethrown or passed on, so the failure vanishes in production without a trace.',
      repliesOnly:
        'This handler only answers the user: the operator never sees the error. Log or report it as well.',
      broadcastSwallowed:
        'This handler swallows every failure of a send in a loop over recipients: rate limits (429) and network errors vanish along with "bot was blocked" (403), and the rest of the broadcast fails without a trace. Inspect the error: handle 403, log or rethrow the rest.',
      promiseEscapesTry:
        'This `catch` never sees the failure: the promise started in the `try` is not awaited, so its rejection escapes as an unhandled rejection, which ends a Node process by default. Await it inside the `try`, or give it its own `.catch`.',
      supabaseErrorUnread:
        'This `catch` never runs: a Supabase query returns its failure in `error` instead of throwing, and nothing reads it, so the failure vanishes. Take `error` out of the result and log or rethrow it.',
      logsWithoutError:
        'This handler logs that something failed but not the error: the operator sees the line, never why. Pass the error to the logger.',
      suggestLog: 'Log the error with `{{logger}}`.',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const handlers = swallowedErrors(context, createLoggerMatcher(options.loggers), options);
    const suggestionLogger = pickSuggestionLogger(options.loggers ?? []);

    function check(handler: Handler, reportNode: TSESTree.Node | TSESTree.SourceLocation, promise: boolean): void {
      const messageId = handlers.swallowing(handler, promise);
      if (!messageId) return;
      const loc = 'type' in reportNode ? reportNode.loc : reportNode;
      if (messageId === 'promiseEscapesTry' || messageId === 'supabaseErrorUnread') {
        context.report({ loc, messageId });
        return;
      }
      const fix = buildLogFix(handler, suggestionLogger, sourceCode);
      context.report({ loc, messageId, suggest: fix ? [{ messageId: 'suggestLog', data: { logger: suggestionLogger }, fix }] : [] });
    }

    function checkPromiseHandler(call: TSESTree.CallExpression, argument: TSESTree.Node | undefined): void {
      if (!argument || argument.type === AST_NODE_TYPES.SpreadElement || handlers.promiseExempt(call)) return;
      const property = (call.callee as TSESTree.MemberExpression).property;
      const handler = skipTypeWrappers(argument);
      if (handler.type === AST_NODE_TYPES.ArrowFunctionExpression || handler.type === AST_NODE_TYPES.FunctionExpression) {
        check(handler, property, true);
        return;
      }
      if (handlers.noopSwallows(call, handler)) {
        context.report({
          node: property,
          messageId: 'swallowedPromise',
          suggest: [
            {
              messageId: 'suggestLog',
              data: { logger: suggestionLogger },
              fix: (fixer) => fixer.replaceText(argument, `(error) => { ${suggestionLogger}(error); }`),
            },
          ],
        });
      }
    }

    return {
      CatchClause(node) {
        if (handlers.catchExempt(node)) return;
        const catchToken = sourceCode.getFirstToken(node)!;
        const end = node.param ? sourceCode.getTokenAfter(node.param)!.loc.end : catchToken.loc.end;
        check(node, { start: catchToken.loc.start, end }, false);
      },
      CallExpression(node) {
        if (!options.checkPromiseCatch) return;
        const callee = skipTypeWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return;
        if (callee.property.type !== AST_NODE_TYPES.Identifier) return;
        if (callee.property.name === 'catch' && node.arguments.length === 1) {
          checkPromiseHandler(node, node.arguments[0]);
        } else if (callee.property.name === 'then' && node.arguments.length === 2) {
          checkPromiseHandler(node, node.arguments[1]);
        }
      },
    };
  },
});

function pickSuggestionLogger(loggers: readonly string[]): string {
  return loggers.find((entry) => !entry.startsWith('/')) ?? 'console.error';
}

/** The suggestion: log the error first thing in the handler, naming a binding when there is none. */
function buildLogFix(
  handler: Handler,
  logger: string,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.ReportFixFunction | null {
  const param = handler.type === AST_NODE_TYPES.CatchClause ? handler.param : handler.params[0];
  if (param && param.type !== AST_NODE_TYPES.Identifier) return null;
  const name = param ? param.name : freeName(handler, sourceCode);
  const body = handler.body;
  const lineIndent = /^\s*/.exec(sourceCode.lines[handler.loc.start.line - 1] ?? '')![0];
  const inner = `${lineIndent}  `;
  return (fixer) => {
    const fixes: TSESLint.RuleFix[] = [];
    if (!param) {
      if (handler.type === AST_NODE_TYPES.CatchClause) {
        fixes.push(fixer.insertTextAfter(sourceCode.getFirstToken(handler)!, ` (${name})`));
      } else {
        // The parameter list's `(`, not one around a parenthesised body (`() => ({})`).
        const openParen = sourceCode.getFirstToken(handler, { filter: (t) => t.value === '(' })!;
        fixes.push(fixer.insertTextAfter(openParen, name));
      }
    }
    if (body.type !== AST_NODE_TYPES.BlockStatement) {
      // From after `=>` to the end of the handler: parentheses around the body go with it.
      const arrow = sourceCode.getTokenBefore(body, (t) => t.value === '=>')!;
      const start = sourceCode.getTokenAfter(arrow)!.range[0];
      fixes.push(fixer.replaceTextRange([start, handler.range[1]], `{\n${inner}${logger}(${name});\n${inner}return ${sourceCode.getText(body)};\n${lineIndent}}`));
    } else if (body.body.length === 0 && sourceCode.getCommentsInside(body).length === 0) {
      fixes.push(fixer.replaceText(body, `{\n${inner}${logger}(${name});\n${lineIndent}}`));
    } else {
      // Before the first statement or comment, keeping its line layout.
      const first = sourceCode.getTokenAfter(sourceCode.getFirstToken(body)!, { includeComments: true })!;
      const sameLine = first.loc.start.line === body.loc.start.line;
      const indent = sameLine ? ' ' : `\n${' '.repeat(first.loc.start.column)}`;
      fixes.push(fixer.insertTextBeforeRange(first.range, `${logger}(${name});${indent}`));
    }
    return fixes;
  };
}

/** `error`, unless the handler's code already uses that name for something else. */
function freeName(handler: Handler, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const scope = sourceCode.getScope(handler.body);
  const used = new Set<string>();
  const collect = (s: TSESLint.Scope.Scope): void => {
    for (const ref of s.through) used.add(ref.identifier.name);
    for (const v of s.variables) used.add(v.name);
    s.childScopes.forEach(collect);
  };
  collect(scope);
  return ['error', 'err', 'caughtError'].find((name) => !used.has(name)) ?? 'caughtError';
}
