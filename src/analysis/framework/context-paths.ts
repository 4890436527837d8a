/**
 * Context parameter tracking: the context path an expression reads (`ctx.from.id` → `['from', 'id']`),
 * through aliases (`const m = ctx.message`), destructuring (`({ message: { text } })`) and
 * `ctx.update.…`, and which reads are user-controlled text.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { containsRange, getPropertyName, isFunction, propertyKey, resolveVariable, skipTypeWrappers, writeReferences } from '../ast/index.js';
import { getHandler } from './handlers.js';
import type { Framework } from './imports.js';
import { contextGetterOf } from './narrowing.js';
import { runsOnMenuMessage, waitedContext } from './plugins.js';
import type { ModelState } from './state.js';
import type { ContextPath, UserTextKind, UserTextSource } from './types.js';

/** How many context paths were worked out (not answered from the memo): tests read it. */
export const contextPathWork = { resolved: 0 };

/**
 * Answers by expression node, per model: several rules and the guard checks ask about the same
 * `ctx.…` reads. Only answers given while no handler is being worked out are kept: until then a
 * handler under construction reads as none.
 */
const memo = new WeakMap<ModelState, WeakMap<TSESTree.Node, ContextPath | null>>();

/** The context path an expression reads (looking through aliases and destructuring), or null. */
export function resolveContextPath(state: ModelState, node: TSESTree.Node): ContextPath | null {
  const settled = state.functionsInProgress.size === 0;
  let known = memo.get(state);
  if (settled) {
    const answer = known?.get(node);
    if (answer !== undefined) return answer;
  }
  const path = resolveAt(state, node, 0);
  if (settled && state.functionsInProgress.size === 0) {
    if (!known) memo.set(state, (known = new WeakMap()));
    known.set(node, path);
  }
  return path;
}

function resolveAt(state: ModelState, node: TSESTree.Node, depth: number): ContextPath | null {
  if (depth === 0) contextPathWork.resolved++;
  if (depth > 8) return null;
  const suffix: string[] = [];
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(current) ?? numericIndex(current);
    if (name === null) return null;
    suffix.unshift(name);
    current = skipTypeWrappers(current.object);
  }
  if (current.type === AST_NODE_TYPES.AwaitExpression) {
    // `(await conversation.waitFor(':text')).msg.text`: a context a grammY conversation waited for.
    const handler = waitedContext(state, current);
    return handler ? { handler, path: normalise(suffix) } : null;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(current, state.sourceCode);
  if (!variable || variable.defs.length !== 1) return null;
  const def = variable.defs[0]!;
  let base: ContextPath | null = null;
  if (def.type === TSESLint.Scope.DefinitionType.Parameter && isFunction(def.node) && def.name.type === AST_NODE_TYPES.Identifier) {
    const name = def.name;
    const handler = getHandler(state, def.node);
    const parameter = handler?.parameters.find((candidate) => containsRange(candidate.node, name));
    if (handler && parameter) {
      const inner = patternPath(parameter.node, name);
      if (inner) base = { handler, path: [...parameter.base, ...inner], parameter: parameter.node };
    }
  } else if (def.type === TSESLint.Scope.DefinitionType.Variable && def.node.init) {
    const written = writeReferences(variable);
    if (written.length === 1 && written[0]!.init) {
      const inner = def.name.type === AST_NODE_TYPES.Identifier ? patternPath(def.node.id, def.name) : null;
      const init = resolveAt(state, def.node.init, depth + 1);
      if (inner && init) base = init.parameter ? { handler: init.handler, path: [...init.path, ...inner], parameter: init.parameter } : { handler: init.handler, path: [...init.path, ...inner] };
    }
  }
  if (!base) return null;
  const path = normalise([...base.path, ...suffix]);
  return base.parameter ? { handler: base.handler, path, parameter: base.parameter } : { handler: base.handler, path };
}

/** Whether an expression is user-controlled text from the update. */
export function getUserTextSource(state: ModelState, node: TSESTree.Node): UserTextSource | null {
  const path = resolveContextPath(state, node);
  if (!path) return null;
  const kind = textKindOf(path.path, path.handler.framework);
  // `ctx.msg.text` in a menu's handlers: the menu message the bot wrote.
  if (kind === 'messageText' && path.path[0] === 'msg' && runsOnMenuMessage(state, path.handler)) return null;
  return kind ? { kind, path } : null;
}

function numericIndex(member: TSESTree.MemberExpression): string | null {
  const property = member.property;
  return member.computed && property.type === AST_NODE_TYPES.Literal && typeof property.value === 'number' ? String(property.value) : null;
}

/**
 * The path from a binding pattern's root to one identifier inside it: `{ message: { text } }`
 * gives `['message', 'text']` for `text`. Null through rest elements, computed keys and defaults
 * (a default means the value may have been replaced).
 */
function patternPath(pattern: TSESTree.Node, identifier: TSESTree.Identifier): string[] | null {
  const path: string[] = [];
  let current: TSESTree.Node = identifier;
  while (current !== pattern) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return null;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === current) {
      const key = propertyKey(parent);
      if (key === null) return null;
      path.unshift(key);
    } else if (parent.type === AST_NODE_TYPES.ArrayPattern) {
      path.unshift(String(parent.elements.indexOf(current as TSESTree.DestructuringPattern)));
    } else if (parent.type !== AST_NODE_TYPES.ObjectPattern) {
      return null;
    }
    current = parent;
  }
  return path;
}

/** `update.message.text` → `message.text`: the context getters over `ctx.update`. */
function normalise(path: string[]): string[] {
  if (path[0] === 'update' && path.length > 1) return [contextGetterOf(path[1]!), ...path.slice(2)];
  return path;
}

function textKindOf(path: readonly string[], framework: Framework): UserTextKind | null {
  const [first, second] = path;
  if (first === 'match') return 'match';
  if (path.length === 2 && (first === 'message' || first === 'msg' || first === 'channelPost' || first === 'editedMessage') && (second === 'text' || second === 'caption')) {
    return 'messageText';
  }
  if (path.length === 2 && first === 'callbackQuery' && second === 'data') return 'callbackData';
  if (path.length === 2 && first === 'inlineQuery' && second === 'query') return 'inlineQuery';
  if (path.length === 1 && framework === 'telegraf' && (first === 'payload' || first === 'args' || first === 'text')) {
    return first === 'text' ? 'messageText' : 'commandArguments';
  }
  if (path.length === 2 && framework === 'telegraf' && first === 'args') return 'commandArguments';
  return null;
}
