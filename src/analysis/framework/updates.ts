/**
 * Which updates a bot can receive: the `allowed_updates` it asks Telegram for
 * (`bot.start({ allowed_updates })`, `setWebhook(url, { allowed_updates })`, Telegraf
 * `launch({ allowedUpdates })`, NTBA `polling: { params: { allowed_updates } }`…), read from the
 * linted file and from the other files of its bot project that mention it.
 *
 * Telegram keeps the last list it was given (a `getUpdates` or `setWebhook` without the parameter
 * reuses it), so the union of every list the project sends is what can arrive. Unknown — and so
 * no narrowing — when no list is found, when one is not a literal the model can read (a variable
 * from elsewhere, a computed value) or when one is empty (Telegram's default set).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, constInitializer, propertyKey, skipTypeWrappers, staticString } from '../ast/index.js';
import { projectFilesMatching } from '../summaries/index.js';

const MENTION = /allowed_?updates/i;
const KEYS = new Set(['allowed_updates', 'allowedUpdates']);

/** The updates the bot of `filename` can receive, or null when unknown. */
export function allowedUpdates(sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null): ReadonlySet<string> | null {
  const own = MENTION.test(sourceCode.text) ? listsIn(sourceCode) : [];
  if (own === null) return null;
  const lists = [...own];
  if (filename !== null) {
    for (const file of projectFilesMatching(filename, MENTION)) {
      if (file.filename === filename) continue;
      const found = listsIn(file.sourceCode);
      if (found === null) return null;
      lists.push(...found);
    }
  }
  if (lists.length === 0) return null;
  return new Set(lists.flat());
}

/** Every `allowed_updates` list in a file; null when one of them cannot be read. */
function listsIn(sourceCode: Readonly<TSESLint.SourceCode>): string[][] | null {
  const lists: string[][] = [];
  let unreadable = false;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0 && !unreadable) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.Property && !node.computed && KEYS.has(propertyKey(node) ?? '')) {
      const list = stringList(node.value, sourceCode, 0);
      if (list === null || list.length === 0) unreadable = true;
      else lists.push(list);
      continue;
    }
    stack.push(...childNodes(node));
  }
  return unreadable ? null : lists;
}

/** `['message', 'callback_query']`, a `const` holding one, `[...list, 'x']`, `JSON.stringify(list)`. */
function stringList(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): string[] | null {
  const value = skipTypeWrappers(node);
  if (depth > 4) return null;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(value, sourceCode);
    return init ? stringList(init, sourceCode, depth + 1) : null;
  }
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = value.callee;
    const isStringify =
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.Identifier &&
      callee.object.name === 'JSON' &&
      callee.property.type === AST_NODE_TYPES.Identifier &&
      callee.property.name === 'stringify';
    const argument = value.arguments[0];
    return isStringify && argument && argument.type !== AST_NODE_TYPES.SpreadElement ? stringList(argument, sourceCode, depth + 1) : null;
  }
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return null;
  const result: string[] = [];
  for (const element of value.elements) {
    if (!element) return null;
    if (element.type === AST_NODE_TYPES.SpreadElement) {
      const spread = stringList(element.argument, sourceCode, depth + 1);
      if (!spread) return null;
      result.push(...spread);
      continue;
    }
    const text = staticString(element);
    if (text === null) return null;
    result.push(text);
  }
  return result;
}
