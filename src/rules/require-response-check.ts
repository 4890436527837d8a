import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { AXIOS_RESPONSE, CLIENT_OPTION_ITEM, FETCH_RESPONSE, findUncheckedRead, GOT_RESPONSE, hasNoHttpStatus, httpModelOf, KY_RESPONSE, statusOption, toBotApiFile, type UncheckedRead, UNDICI_RESPONSE, type WrapperClient } from '../analysis/http/index.js';
import { calledFunction, isBrowserModule, returnsRawResponse } from '../analysis/summaries/index.js';
import { createRule } from '../util/create-rule.js';
import { checkBrowserCode, optionsObject } from '../util/schema.js';

export type Options = [{ clients?: WrapperClient[]; checkBrowserCode?: boolean; checkEveryUse?: boolean; checkBotApiFiles?: boolean }];

const SHAPES = { axios: AXIOS_RESPONSE, got: GOT_RESPONSE, ky: KY_RESPONSE };
export type MessageIds = 'uncheckedBody' | 'uncheckedInline' | 'uncheckedStatusCode' | 'acceptsEveryStatus' | 'suggestCheck';

export default createRule<Options, MessageIds>({
  name: 'require-response-check',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the HTTP status to be checked before a response body is used',
      category: 'API Error Handling',
      priority: 'P1',
      precision: 'experimental',
      strictOptions: [{ clients: [], checkBrowserCode: false, checkEveryUse: true, checkBotApiFiles: true }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      clients: {
        type: 'array',
        description:
          'Wrapper functions that return what a known client returns: `{ "name": "apiFetch", "kind": "fetch" }` for a wrapper that resolves to the raw `Response`.',
        items: CLIENT_OPTION_ITEM,
      },
      checkBrowserCode: checkBrowserCode('an unchecked response shows a broken page, not corrupt server state'),
      checkEveryUse: {
        type: 'boolean',
        description:
          'Also report an unchecked body after which nothing is stored, charged or sent as a file: one that is only shown, logged or fails in a handled way (a status check would change only the message).',
      },
      checkBotApiFiles: {
        type: 'boolean',
        description:
          'Whether to report downloads from the Telegram Bot API’s file host (`https://api.telegram.org/file/bot…`, a link `getFileLink` or the files plugin’s `getUrl()` hands out): a file link Telegram has just issued practically never answers with an error page. Bot API method calls are checked either way.',
      },
    }),
    defaultOptions: [{ clients: [], checkBrowserCode: false, checkEveryUse: false, checkBotApiFiles: false }],
    messages: {
      uncheckedBody:
        '`{{name}}.{{member}}` is read without checking `{{name}}.ok` or `{{name}}.status`: fetch does not throw on 4xx/5xx, so an error page is used as data or fails to parse with an unrelated error.',
      uncheckedInline:
        'This reads the body of a response whose status is never checked: fetch does not throw on 4xx/5xx, so an error page is used as data. Keep the response and check `ok` first.',
      uncheckedStatusCode:
        'undici `request` does not throw on 4xx/5xx and `statusCode` is never checked: an error response is used as data.',
      acceptsEveryStatus:
        '`{{option}}` makes {{library}} resolve on 4xx/5xx, and the response status is never checked: an error response is used as data.',
      suggestCheck: 'Throw when `{{name}}.ok` is false, before the body is read.',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const model = httpModelOf(sourceCode, options.clients);
    const file = { sourceCode, filename: context.filename };
    const reads = { everyUse: options.checkEveryUse === true };
    const skipped = (): boolean => !options.checkBrowserCode && isBrowserModule(sourceCode, context.filename);
    // A download of a file link Telegram has just issued: see `checkBotApiFiles`.
    const toBotApiFiles = (call: TSESTree.CallExpression): boolean => !options.checkBotApiFiles && toBotApiFile(call, file);

    function suggestion(read: UncheckedRead): TSESLint.ReportSuggestionArray<MessageIds> {
      const statement = read.binding && statementBefore(read.read, read.binding);
      if (!statement) return [];
      const name = read.binding!.name;
      const before = sourceCode.getTokenBefore(statement);
      const sameLine = before !== null && before.loc.end.line === statement.loc.start.line;
      const separator = sameLine ? ' ' : `\n${' '.repeat(statement.loc.start.column)}`;
      const text = `if (!${name}.ok) throw new Error(\`HTTP \${${name}.status} \${${name}.statusText}\`);${separator}`;
      return [{ messageId: 'suggestCheck', data: { name }, fix: (fixer) => fixer.insertTextBefore(statement, text) }];
    }

    function reportFetchRead(read: UncheckedRead): void {
      if (!read.binding) {
        context.report({ node: read.read, messageId: 'uncheckedInline' });
        return;
      }
      context.report({
        node: read.read,
        messageId: 'uncheckedBody',
        data: { name: read.binding.name, member: read.member },
        suggest: suggestion(read),
      });
    }

    /**
     * A project wrapper that returns fetch's raw `Response` (`this.fetchApi(url)`, an imported
     * `fetchWithTimeout(url)`): its callers must check the status as fetch's callers do.
     */
    function checkWrapperCall(node: TSESTree.CallExpression): void {
      if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require') return;
      const target = calledFunction(node, context);
      if (!target || !returnsRawResponse(target.fn, target.file) || skipped() || toBotApiFiles(node)) return;
      const read = findUncheckedRead(node, FETCH_RESPONSE, file, reads);
      if (read) reportFetchRead(read);
    }

    return {
      CallExpression(node) {
        const call = model.classify(node);
        if (!call) {
          checkWrapperCall(node);
          return;
        }
        if (skipped() || toBotApiFiles(node)) return;
        if (call.kind === 'fetch' || call.kind === 'node-fetch') {
          // `data:` and `file:` URLs have no HTTP status to check.
          const url = node.arguments[0];
          if (url && hasNoHttpStatus(url, file)) return;
          const read = findUncheckedRead(node, FETCH_RESPONSE, file, reads);
          if (read) reportFetchRead(read);
        } else if (call.kind === 'undici' && call.method === 'request') {
          const read = findUncheckedRead(node, UNDICI_RESPONSE, file, reads);
          if (read) context.report({ node: read.read, messageId: 'uncheckedStatusCode' });
        } else if (call.kind === 'axios' || call.kind === 'got' || call.kind === 'ky') {
          const option = statusOption(call, sourceCode);
          const read = option && findUncheckedRead(node, SHAPES[call.kind], file, reads);
          if (!option || !read) return;
          context.report({
            node: read.read,
            messageId: 'acceptsEveryStatus',
            data: { option: sourceCode.getText(option).replace(/\s+/g, ' '), library: call.kind },
          });
        }
      },
    };
  },
});

/**
 * The statement, in a statement list, that holds the read and comes after the response's
 * declaration: the check goes right before it. Null when there is none (`.then(r => r.json())`).
 */
function statementBefore(read: TSESTree.Node, binding: TSESTree.Identifier): TSESTree.Node | null {
  let current: TSESTree.Node = read;
  while (current.parent) {
    const parent = current.parent;
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      return current.range[0] > binding.range[1] ? current : null;
    }
    if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current) return null;
    current = parent;
  }
  return null;
}
