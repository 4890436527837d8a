/**
 * Reads through optional update fields (`ctx.from.id`, `ctx.callbackQuery.message.text`): which
 * read needs a check, whether a guard already proves it, and where a guard could go. The
 * `no-unchecked-update-field` rule reports what this finds.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, resolveVariable, skipTypeWrappers } from '../ast/index.js';
import { caughtAroundDispatch, caughtInOwnFunction } from './error-handling.js';
import { describePath, isMessageOnlyField } from './fields.js';
import { isCallbackMessage, isSafe, type Requirement } from './guards.js';
import { isHarmlessUse, typeInformation } from './reads.js';
import type { ContextPath, FrameworkModel } from './types.js';

/** An optional context value read through, and what reading it requires. */
export interface OptionalRead {
  path: ContextPath;
  requirement: Requirement;
}

/** What to do with a message-only field read through a callback query's message. */
export type InaccessibleRead =
  /** Not such a read: check it as any other. */
  | null
  /** Such a read, and safe. */
  | 'safe'
  /** Such a read that needs `message` and `message.date !== 0` checked first. */
  | { read: OptionalRead; value: TSESTree.Node };

/** `if (!x) return;` for the top of a handler. */
export interface TopGuard {
  /** The guarded value as written, e.g. `ctx.callbackQuery.message`. */
  text: string;
  /** The statement, e.g. `if (!ctx.from) return;`. */
  guard: string;
}

export interface OptionalReads {
  /** The optional context value an expression reads, if reading through it needs a check. */
  optionalValue(node: TSESTree.Node): OptionalRead | null;
  /** Whether a guard proves the value present at `at`, or a `try` of its own function (or around the calls that dispatch to it) catches the TypeError. */
  guarded(read: OptionalRead, at: TSESTree.Node): boolean;
  /** Whether reading `valueNode` at `at` can throw: no guard, `try` or type proves it present. */
  unsafe(read: OptionalRead, at: TSESTree.Node, valueNode: TSESTree.Node): boolean;
  /** Reading a message-only field (`field`) of a callback query's message: it may be inaccessible. */
  inaccessible(at: TSESTree.Node, valueNode: TSESTree.Node, field: string): InaccessibleRead;
  /** The guard to put at the top of the handler, when `valueNode` is written in terms of its parameters. */
  topGuard(valueNode: TSESTree.Node, read: OptionalRead, accessible: boolean): TopGuard | null;
}

/**
 * The reads of one file. With `checkUnregisteredHandlers: false`, only handlers a registration in
 * the file reaches are checked.
 */
export function optionalReads(model: FrameworkModel, sourceCode: Readonly<TSESLint.SourceCode>, options: { checkUnregisteredHandlers?: boolean }): OptionalReads {
  const types = typeInformation(sourceCode);

  function checked(path: ContextPath): boolean {
    return options.checkUnregisteredHandlers !== false || path.handler.entries.some((entry) => entry.kind === 'registration' || entry.kind === 'call' || entry.kind === 'conversation');
  }

  function guarded(read: OptionalRead, at: TSESTree.Node): boolean {
    return caughtInOwnFunction(at) || caughtAroundDispatch(at, read.path.handler.fn, sourceCode) || isSafe(model, read.requirement, at, read.path.handler);
  }

  function unsafe(read: OptionalRead, at: TSESTree.Node, valueNode: TSESTree.Node): boolean {
    if (guarded(read, at)) return false;
    return read.requirement.mode === 'accessible' || !types?.isNonNullable(valueNode);
  }

  return {
    optionalValue(node) {
      const path = model.resolveContextPath(node);
      if (!path || !checked(path)) return null;
      const info = describePath(path.path);
      if (!info?.optional) return null;
      // Only grammY's context declares `match` (set by `hears`, `command`…); elsewhere it is the
      // bot's own property (Telegraf scenes carry it over on `enter`): unknown.
      if (path.path[0] === 'match' && path.handler.framework !== 'grammy') return null;
      return { path, requirement: requirementOf(path, 'exists') };
    },
    guarded,
    unsafe,
    inaccessible(at, valueNode, field) {
      if (!isMessageOnlyField(field)) return null;
      const path = model.resolveContextPath(valueNode);
      if (!path || !checked(path) || !isCallbackMessage(path)) return null;
      const exists: OptionalRead = { path, requirement: requirementOf(path, 'exists') };
      const accessible: OptionalRead = { path, requirement: requirementOf(path, 'accessible') };
      // `if (!message.text)`: an InaccessibleMessage yields `undefined` there, which the test handles;
      // `message.text + '…'`: it yields the string "undefined", no TypeError; `message.text !== t` compares `undefined`;
      // `message.photo?.[0]`: the chain stops at `undefined`; `message.text ?? ''`: the fallback's use counts.
      if (!unsafe(exists, at, valueNode) && (isHarmlessUse(at, sourceCode, model.file()) || !unsafe(accessible, at, valueNode))) return 'safe';
      const value = valueNode.type === AST_NODE_TYPES.TSNonNullExpression || valueNode.type === AST_NODE_TYPES.TSAsExpression ? valueNode.expression : valueNode;
      return { read: accessible, value };
    },
    topGuard(valueNode, read, accessible) {
      const fn = read.path.handler.fn;
      const memberPath = getMemberPath(valueNode);
      if (!memberPath) return null;
      const text = sourceCode.getText(skipTypeWrappers(valueNode)).replace(/[!?]/g, '');
      const root = memberPath[0]!;
      const isParameter = fn.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === root);
      if (!isParameter || /\s/.test(text)) return null;
      const body = fn.body;
      // At the top of the handler every part of the path before the value must already exist.
      const top = body.type === AST_NODE_TYPES.BlockStatement ? body.body[0] : body;
      for (let length = 1; top && length < read.path.path.length; length++) {
        const prefix = read.path.path.slice(0, length);
        if (describePath(prefix)?.optional && !isSafe(model, { path: prefix, mode: 'exists' }, top, read.path.handler)) return null;
      }
      return { text, guard: accessible ? `if (!${text} || ${text}.date === 0) return;` : `if (!${text}) return;` };
    },
  };
}

/** What reading through `path` requires, with the handler parameter it comes in through. */
function requirementOf(path: ContextPath, mode: Requirement['mode']): Requirement {
  return path.parameter ? { path: path.path, mode, parameter: path.parameter } : { path: path.path, mode };
}

/**
 * `const text = query.message.text`: the initializer a plain variable was declared with (its one
 * definition), so a read of the copy can be traced to the read it copies. Null for anything else.
 */
export function copiedFrom(valueNode: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Expression | null {
  const value = skipTypeWrappers(valueNode);
  if (value.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(value, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  return def.node.init;
}
