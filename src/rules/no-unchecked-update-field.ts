import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, isTypeWrapper, skipTypeWrappers, someInChain } from '../analysis/ast/index.js';
import {
  absentWhen,
  allowsUndefined,
  copiedFrom,
  errorContained,
  getFrameworkModel,
  isDereferenced,
  isReadByCallee,
  isWriteTarget,
  type OptionalRead,
  optionalReads,
} from '../analysis/framework/index.js';
import { calledFunction } from '../analysis/summaries/index.js';
import { createRule } from '../util/create-rule.js';
import { optionsObject } from '../util/schema.js';

export type MessageIds =
  | 'unchecked'
  | 'nonNullAssertion'
  | 'unsafeCast'
  | 'inaccessibleMessage'
  | 'contained'
  | 'suggestGuard'
  | 'suggestAccessibleGuard'
  | 'suggestOptionalChain';

export type Options = [{ checkUnregisteredHandlers?: boolean; reportContained?: boolean }];

export default createRule<Options, MessageIds>({
  name: 'no-unchecked-update-field',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require checking optional update fields (`ctx.from`, `ctx.message`, `callbackQuery.message`…) before reading through them',
      category: 'Null Safety',
      priority: 'P1',
      precision: 'low',
      strictOptions: [{ checkUnregisteredHandlers: true, reportContained: true }],
    },
    hasSuggestions: true,
    schema: optionsObject({
      checkUnregisteredHandlers: {
        type: 'boolean',
        description:
          'Whether to check functions no registration in the file reaches: a parameter typed with a framework context type, or named `ctx` in a file that imports a framework (only fields no registration narrows are reported there).',
      },
      reportContained: {
        type: 'boolean',
        description:
          "Whether to report a read whose TypeError the bot's error handler contains (grammY/Telegraf `bot.catch`, `errorBoundary`, an error-boundary middleware; for node-telegram-bot-api a process-level `unhandledRejection` handler or `Sentry.init`, and the polling loop for a synchronous listener): the error is logged and the bot goes on, only the user gets no answer.",
      },
    }),
    defaultOptions: [{ checkUnregisteredHandlers: true, reportContained: false }],
    messages: {
      unchecked:
        '`{{name}}` is undefined for {{when}}; reading through it throws a TypeError and the handler crashes. Check it first.',
      nonNullAssertion:
        '`{{name}}!` only silences the type checker: `{{name}}` is undefined for {{when}} and the handler still crashes. Check it instead.',
      unsafeCast:
        'This cast only silences the type checker: `{{name}}` is undefined for {{when}} and the handler still crashes. Check it instead.',
      inaccessibleMessage:
        '`{{name}}` is undefined under inline messages and an InaccessibleMessage without `{{field}}` (`date === 0`) under messages older than 48 hours; check `{{name}}` and `{{name}}.date !== 0` before reading `{{field}}`.',
      contained:
        "`{{name}}` is undefined for {{when}}; reading through it throws a TypeError that the bot's error handler catches and logs: the bot goes on, but the user gets no answer. Check it first.",
      suggestGuard: 'Return early at the top of the handler: `if (!{{name}}) return;`.',
      suggestAccessibleGuard: 'Return early at the top of the handler: `if (!{{name}} || {{name}}.date === 0) return;`.',
      suggestOptionalChain: 'Read it with optional chaining: `{{name}}?.`.',
    },
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const model = getFrameworkModel(sourceCode, context.filename);
    if (model.frameworks.size === 0 && !model.importedByProjectFiles() && !model.middlewareFramework()) return {};
    const reads = optionalReads(model, sourceCode, options);
    const reported = new Set<TSESTree.Node>();
    const file = { sourceCode, filename: context.filename };
    const isReported = (node: TSESTree.Node): boolean => reported.has(node);
    /** Whether something inside the chain below `node` was already reported (one report per chain). */
    const chainReported = (node: TSESTree.Node): boolean => reported.size > 0 && someInChain(node, isReported);

    /**
     * One report per chain. A read whose TypeError the bot's error handler contains (see
     * `errorContained`) is reported only with `reportContained`, under its own message.
     */
    function report(node: TSESTree.Node, messageId: MessageIds, finding: OptionalRead, suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[], data: Record<string, string> = {}): void {
      reported.add(node);
      const contained = errorContained(model, node, finding.path.handler, file);
      if (contained && options.reportContained !== true) return;
      context.report({ node, messageId: contained ? 'contained' : messageId, data: { name: nameOf(finding, node), when: absentWhen(finding.path.path), ...data }, suggest });
    }

    function nameOf(finding: OptionalRead, node: TSESTree.Node): string {
      const text = sourceCode.getText(skipTypeWrappers(node));
      return text.length <= 60 && !text.includes('\n') ? text : finding.path.path.join('.');
    }

    /** `if (!x) return;` at the top of the handler, when `x` is written in terms of the handler's parameters. */
    function guardSuggestion(valueNode: TSESTree.Node, finding: OptionalRead, accessible: boolean): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const top = reads.topGuard(valueNode, finding, accessible);
      if (!top) return [];
      const messageId = accessible ? 'suggestAccessibleGuard' : 'suggestGuard';
      const body = finding.path.handler.fn.body;
      if (body.type === AST_NODE_TYPES.BlockStatement) {
        const first = body.body[0];
        if (!first) return [];
        const separator = first.loc.start.line === body.loc.start.line ? ' ' : `\n${' '.repeat(first.loc.start.column)}`;
        return [{ messageId, data: { name: top.text }, fix: (fixer) => fixer.insertTextBefore(first, `${top.guard}${separator}`) }];
      }
      return [{ messageId, data: { name: top.text }, fix: (fixer) => fixer.replaceText(body, `{ ${top.guard} return ${sourceCode.getText(body)}; }`) }];
    }

    function optionalChainSuggestion(member: TSESTree.MemberExpression, name: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (isWriteTarget(member)) return [];
      const object = member.object;
      return [
        {
          messageId: 'suggestOptionalChain',
          data: { name },
          fix: (fixer) => {
            const token = sourceCode.getTokenAfter(object)!;
            // `ctx.from!.id` → `ctx.from?.id`; `x[0]` → `x?.[0]`.
            const start = object.type === AST_NODE_TYPES.TSNonNullExpression ? object.range[1] - 1 : token.range[0];
            return fixer.replaceTextRange([start, token.value === '.' ? token.range[1] : token.range[0]], '?.');
          },
        },
      ];
    }

    /** Reading a message-only field of a callback query's message: it may be inaccessible. */
    function checkInaccessible(read: TSESTree.Node, valueNode: TSESTree.Node, field: string): boolean {
      const found = reads.inaccessible(read, valueNode, field);
      if (found === null) return false;
      if (found === 'safe') return true;
      report(read, 'inaccessibleMessage', found.read, guardSuggestion(found.value, found.read, true), { field, name: sourceCode.getText(found.value) });
      return true;
    }

    /**
     * `const text = query.message.text; text.split('\n')`: a copy of a read already reported. The
     * missing value is the one reported where it was read; one report per unchecked read.
     */
    function copyOfReported(valueNode: TSESTree.Node): boolean {
      const init = copiedFrom(valueNode, sourceCode);
      return init !== null && chainReported(init);
    }

    function checkDereference(member: TSESTree.Node, valueNode: TSESTree.Node): void {
      if (chainReported(valueNode) || isTypeWrapper(valueNode)) return;
      // Most values read through are no optional context value: asked first, the copy check runs only for those that are.
      const finding = reads.optionalValue(valueNode);
      if (!finding || copyOfReported(valueNode) || !reads.unsafe(finding, member, valueNode)) return;
      const suggestions = guardSuggestion(valueNode, finding, false);
      if (member.type === AST_NODE_TYPES.MemberExpression) suggestions.push(...optionalChainSuggestion(member, sourceCode.getText(valueNode)));
      report(valueNode, 'unchecked', finding, suggestions);
    }

    /**
     * `ctx.from!.id`, `(ctx.message as Message).text`, `const { id } = ctx.from!`: an assertion or
     * cast that is read through at once. One stored in a variable is checked where it is read.
     */
    function checkWrapper(node: TSESTree.TSNonNullExpression | TSESTree.TSAsExpression | TSESTree.TSTypeAssertion): void {
      // Read through here, or (`saveUser(ctx.from!)`) by the project function it is handed to.
      if (chainReported(node.expression) || !(isDereferenced(node) || (node.type === AST_NODE_TYPES.TSNonNullExpression && isReadByCallee(node, context)))) return;
      if (node.type !== AST_NODE_TYPES.TSNonNullExpression && allowsUndefined(node.typeAnnotation)) return;
      const finding = reads.optionalValue(node.expression);
      if (!finding || reads.guarded(finding, node)) return;
      const suggestions = guardSuggestion(node.expression, finding, false);
      if (node.type === AST_NODE_TYPES.TSNonNullExpression && node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node) {
        suggestions.push(...optionalChainSuggestion(node.parent, sourceCode.getText(node.expression)));
      }
      report(node, node.type === AST_NODE_TYPES.TSNonNullExpression ? 'nonNullAssertion' : 'unsafeCast', finding, suggestions);
    }

    /**
     * Whether the framework model follows the callee as a handler of this argument (it is imported by
     * a relative path and its parameter is a context value there): its own read is then the one
     * reported, in its file, and the call is not reported as well.
     */
    function calleeChecksParameter(call: TSESTree.CallExpression, argument: TSESTree.Node): boolean {
      const callee = calledFunction(call, file);
      const param = callee?.fn.params[call.arguments.indexOf(argument as TSESTree.CallExpressionArgument)];
      const handler = callee && param ? getFrameworkModel(callee.file.sourceCode, callee.file.filename).getHandler(callee.fn) : null;
      return handler?.parameters.some((parameter) => parameter.node === param) === true;
    }

    return {
      'MemberExpression:exit'(node) {
        if (node.optional) return;
        const field = getPropertyName(node);
        if (field !== null && !chainReported(node.object) && checkInaccessible(node, node.object, field)) return;
        checkDereference(node, node.object);
      },
      'CallExpression:exit'(node) {
        // `await getUser(ctx.from)` with `getUser` (another project file) reading `user.id`: the
        // call is where a missing value throws, and later reads of it are safe (see `isSafe`).
        for (const argument of node.arguments) {
          if (argument.type !== AST_NODE_TYPES.MemberExpression || argument.optional || chainReported(argument)) continue;
          // The optional value first: whether the callee (maybe in another project file) reads the argument is asked only for one.
          const finding = reads.optionalValue(argument);
          if (!finding || !isReadByCallee(argument, context) || !reads.unsafe(finding, argument, argument) || calleeChecksParameter(node, argument)) continue;
          report(argument, 'unchecked', finding, guardSuggestion(argument, finding, false));
        }
      },
      'TSNonNullExpression:exit': checkWrapper,
      'TSAsExpression:exit': checkWrapper,
      'TSTypeAssertion:exit': checkWrapper,
      'VariableDeclarator:exit'(node) {
        // `const { id } = ctx.from`, `const [first] = ctx.message.photo`.
        const source = node.init;
        if (!source || node.id.type === AST_NODE_TYPES.Identifier) return;
        if (node.id.type === AST_NODE_TYPES.ObjectPattern && !chainReported(source)) {
          for (const property of node.id.properties) {
            if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
            if (checkInaccessible(source, source, property.key.name)) return;
          }
        }
        checkDereference(node.id, source);
      },
      'BinaryExpression:exit'(node) {
        // `'text' in ctx.message` throws a TypeError when `ctx.message` is undefined.
        if (node.operator === 'in') checkDereference(node, node.right);
      },
    };
  },
});
