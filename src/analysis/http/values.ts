import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { classMemberBase, constInitializer, convertedToText, containsRange, environmentVariable, type FunctionNode, getMemberPath, getPropertyName, isFunction, isNullish, logicalOperands, moduleBindings, propertyKey, resolveName, resolveObject, resolveVariable, returnedValues, skipTypeWrappers, type ObjectInfo } from '../ast/index.js';
import { BOT_API_METHODS, CHAT_UI_METHODS } from '../framework/index.js';
import { alwaysExits } from '../flow/index.js';
import { botProjectRoot, calledFunction, parameterIndex, projectCallersOf, projectFilesMatching, projectValue, type FileRef } from '../summaries/index.js';
import type { HttpCall } from './clients.js';
import { runsAtLeast } from '../project/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

const MAX_DEPTH = 6;

export type Lookup =
  | { type: 'absent' }
  | { type: 'unknown' }
  | { type: 'present'; property: TSESTree.Property; value: TSESTree.Node };

/**
 * The value an object literal gives a key, the last one winning as at run time. A spread of
 * something unknown, or a computed key, may set it too: unknown.
 */
export function lookupProperty(
  object: TSESTree.ObjectExpression,
  name: string,
  sourceCode: SourceCode,
  depth = 0,
): Lookup {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = resolveObject(property.argument, sourceCode, depth + 1);
      if (spread.type === 'unknown' || depth > MAX_DEPTH) return { type: 'unknown' };
      if (spread.type === 'object') {
        const inner = lookupProperty(spread.node, name, sourceCode, depth + 1);
        if (inner.type !== 'absent') return inner;
      }
      continue;
    }
    const key = propertyKey(property);
    if (key === null) return { type: 'unknown' };
    if (key === name) return { type: 'present', property, value: property.value };
  }
  return { type: 'absent' };
}

/** Looks a key up in an options argument; `none` counts as absent. */
export function lookupOption(info: ObjectInfo, name: string, sourceCode: SourceCode): Lookup {
  if (info.type === 'object') return lookupProperty(info.node, name, sourceCode);
  return info.type === 'none' ? { type: 'absent' } : { type: 'unknown' };
}

/**
 * The static text of a string expression: literals, templates and `+` concatenations, through
 * `const` names; every part that cannot be read statically is written `${}`.
 */
export function staticParts(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): string {
  const value = skipTypeWrappers(node);
  if (depth > 4) return '';
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' ? value.value : '';
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    return value.quasis.map((quasi, index) => quasi.value.cooked + (value.expressions[index] ? staticParts(value.expressions[index], sourceCode, depth + 1) : '')).join('');
  }
  if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '+') {
    return staticParts(value.left, sourceCode, depth + 1) + staticParts(value.right, sourceCode, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(value, sourceCode);
    return init ? staticParts(init, sourceCode, depth + 1) : '${}';
  }
  return '${}';
}

/**
 * A URL whose static beginning names this machine: the loopback `127.0.0.1`, `localhost`, `[::1]`,
 * or `0.0.0.0` (which a client connects to locally), with any port. Group 1 is the rest: path, query.
 */
const LOOPBACK_HOST = String.raw`^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)`;
const LOOPBACK_PREFIX = new RegExp(String.raw`${LOOPBACK_HOST}(?::\d+)?((?:[/?#].*)?)$`, 'is');

/** A loopback origin with its port written: group 1 the port. */
const LOOPBACK_PORT = new RegExp(String.raw`${LOOPBACK_HOST}:(\d+)(?:[/?#]|$)`, 'i');

/**
 * The port a URL's static text names on a loopback host (`http://localhost:3000/tasks` → 3000); null
 * for another host, or a port not written out (`localhost:${PORT}`, the scheme's default).
 */
export function loopbackPort(text: string): number | null {
  const port = LOOPBACK_PORT.exec(text)?.[1];
  return port === undefined ? null : Number(port);
}

/** The static text of a URL (see {@link staticParts}) with a loopback origin written `${}`, as an unwritten host: `${}/api/user/get`; the text itself otherwise. */
export function loopbackAsUnwritten(text: string): string {
  const match = LOOPBACK_PREFIX.exec(text);
  return match ? `\${}${match[1]!}` : text;
}

/**
 * `fetch('http://127.0.0.1:7242/ingest/…', …)`: a request of the global `fetch` (no binding of that
 * name in the file) whose URL's static beginning, through `const` names, is a loopback host — a
 * collector on the developer's own machine, such as a debug log.
 */
export function toLoopbackHost(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(call.callee);
  const url = call.arguments[0];
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'fetch' || url === undefined || url.type === AST_NODE_TYPES.SpreadElement) return false;
  return (resolveName('fetch', callee, sourceCode)?.defs.length ?? 0) === 0 && LOOPBACK_PREFIX.test(staticParts(url, sourceCode));
}

/** A Bot API method URL, the token written `${}`: `https://api.telegram.org/bot${}/sendMessage`; group 1 is the method. */
const BOT_API_METHOD_URL = /^(?:https?:\/\/)?api\.telegram\.org\/bot[^/]*\/(\w+)\/?(?:\?.*)?$/s;

/**
 * `axios.post(\`https://api.telegram.org/bot${token}/sendMessage\`, body)`, `fetch(\`${API}/deleteMessage\`, …)`:
 * a request whose URL (first argument, or the `url` of a config object there; through `const`
 * names) names a chat method of the Bot API (`CHAT_UI_METHODS`): a chat call made over HTTP.
 */
export function requestsChatMethod(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const url = requestUrl(call, sourceCode);
  const method = url === null ? undefined : BOT_API_METHOD_URL.exec(staticParts(url, sourceCode))?.[1];
  return method !== undefined && CHAT_UI_METHODS.has(method);
}

/** A URL whose static beginning is the Telegram Bot API host's method or file path: `https://api.telegram.org/bot…`, `…/file/bot…`. */
const BOT_API_PREFIX = /^(?:https?:\/\/)?api\.telegram\.org\/(?:file\/)?bot/;
/** A URL whose static beginning is the Bot API's file host: `https://api.telegram.org/file/bot…`. */
const BOT_API_FILE_PREFIX = /^(?:https?:\/\/)?api\.telegram\.org\/file\/bot/;

/**
 * Whether a request's URL provably goes to the Telegram Bot API: see {@link isBotApiUrl}. The URL is
 * the first argument, or the `url` of a config object given first (`axios({ url, responseType:
 * 'stream' })`), or the host and path of Node's request options.
 */
export function toBotApiHost(call: TSESTree.CallExpression, file: FileRef): boolean {
  if (BOT_API_PREFIX.test(nodeOptionsUrl(call, file.sourceCode))) return true;
  const url = requestUrl(call, file.sourceCode);
  return url !== null && (isBotApiUrl(url, file, BOT_API_PREFIX) || isNamedBotApiMethod(url, file.sourceCode));
}

/** The static text of a URL whose base is unknown and whose rest is one path segment: `${}/sendMessage`; group 1 is that segment. */
const SEGMENT_AFTER_BASE = /^\$\{\}\/(\w+)\/?(?:\?.*)?$/s;

/**
 * `` `${TELEGRAM_URL}/sendMessage` ``, `config.tgApi + '/editMessageText'`: a Bot API method
 * (`BOT_API_METHODS`) appended to a base whose value is unknown here (an environment variable, a
 * config property) but whose name — of the variable, of the environment variable it reads, of the
 * property — names Telegram (`TELEGRAM_URL`, `TG_API`, `telegramApi`: see {@link namesTelegram}). The
 * URL may be held in a `const`. A method name after another base (`${API}/sendMessage`,
 * `${WHATSAPP_URL}/sendMessage`) is not one: other chat APIs use the same names.
 */
function isNamedBotApiMethod(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return false;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(value, sourceCode);
    return init !== null && isNamedBotApiMethod(init, sourceCode, depth + 1);
  }
  let base: TSESTree.Node | undefined;
  if (value.type === AST_NODE_TYPES.TemplateLiteral && value.quasis[0]?.value.cooked === '') base = value.expressions[0];
  else if (value.type === AST_NODE_TYPES.BinaryExpression && value.operator === '+') base = value.left;
  const method = base === undefined ? undefined : SEGMENT_AFTER_BASE.exec(staticParts(value, sourceCode))?.[1];
  return method !== undefined && BOT_API_METHODS.has(method) && namesTelegram(base!, sourceCode);
}

/**
 * Whether a value's name says it is Telegram's: a word `telegram` or `tg` in the name of the variable
 * (`TELEGRAM_URL`, `tgApi`), of the environment variable it reads (`const { TELEGRAM_URL: url } =
 * process.env`, `process.env.TG_API`), or of the property read (`config.telegramApi`).
 */
function namesTelegram(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const value = skipTypeWrappers(node);
  const names = [environmentVariable(value, sourceCode)];
  if (value.type === AST_NODE_TYPES.Identifier) names.push(value.name);
  else if (value.type === AST_NODE_TYPES.MemberExpression) names.push(getPropertyName(value));
  return names.some((name) => name != null && TELEGRAM_WORD.test(name.replace(/([a-z\d])([A-Z])/g, '$1_$2')));
}

/** A word `telegram` or `tg` in a name whose words are split by `_` (camelCase split first). */
const TELEGRAM_WORD = /(?:^|[_$\d])(?:telegram|tg)(?:[_$\d]|$)/i;

/**
 * Whether a request downloads a file from the Bot API's file host: its URL (as in {@link toBotApiHost})
 * begins with `https://api.telegram.org/file/bot…` or is a file link the Bot API hands out
 * (`getFileLink`, the files plugin's `getUrl()`). A method call (`…/bot<token>/sendDice`) is not one.
 */
export function toBotApiFile(call: TSESTree.CallExpression, file: FileRef): boolean {
  const url = requestUrl(call, file.sourceCode);
  return url !== null && isBotApiUrl(url, file, BOT_API_FILE_PREFIX);
}

/**
 * The static text of the URL Node's request options name (`https.request({ hostname, path })`, inline
 * or through a `const`): `hostname` (or `host`) followed by `path`; '' when either is missing.
 */
function nodeOptionsUrl(call: TSESTree.CallExpression, sourceCode: SourceCode): string {
  const options = resolveObject(call.arguments[0], sourceCode);
  if (options.type !== 'object') return '';
  const host = lookupProperty(options.node, 'hostname', sourceCode);
  const named = host.type === 'present' ? host : lookupProperty(options.node, 'host', sourceCode);
  const path = lookupProperty(options.node, 'path', sourceCode);
  return named.type === 'present' && path.type === 'present' ? staticParts(named.value, sourceCode) + staticParts(path.value, sourceCode) : '';
}

/** The URL a request is given: its first argument, or the `url` of a config object there; null when unknown. */
export function requestUrl(call: TSESTree.CallExpression, sourceCode: SourceCode): TSESTree.Node | null {
  const first = call.arguments[0];
  if (first === undefined || first.type === AST_NODE_TYPES.SpreadElement) return null;
  const value = skipTypeWrappers(first);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return first;
  const url = lookupProperty(value, 'url', sourceCode);
  return url.type === 'present' ? url.value : null;
}

/**
 * A URL of the Bot API host, through `const` names, class members that hold one value
 * (`classMemberValue`: `this.fileBase` set once, `Client.FILE_BASE` of a `static readonly` field) or
 * that the class only appends to (`classMemberBase`: `apiBase = 'https://api.telegram.org/bot'` with
 * `this.apiBase += token`) and
 * `await`: one whose static beginning (a literal, a template's leading text, a concatenation's left
 * operand) matches `prefix` (the host's method and file paths
 * `https://api.telegram.org/bot…` and `…/file/bot…`, or only the file path); a
 * file link the Bot API hands out — Telegraf's `telegram.getFileLink(id)` (a `URL`: itself, `.href`,
 * `.toString()`, `String(link)`, `` `${link}` ``, a `||`/`??` of two such), node-telegram-bot-api's `bot.getFileLink(id)` (a
 * string), grammY's `file.getUrl()` on what `getFile()` resolves to (the files plugin); what a
 * project function returns when every one of its `return`s is such a URL
 * (`` const fileUrl = (path) => `https://api.telegram.org/file/bot${TOKEN}/${path}` ``). A parameter
 * is one when the function's every call in the bot project (`projectCallersOf`: this file, and the
 * project files that import it) passes one there (`downloader.save(await ctx.telegram.getFileLink(id), name)`).
 */
function isBotApiUrl(node: TSESTree.Node, file: FileRef, prefix: RegExp, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return false;
  const { sourceCode } = file;
  if (prefix.test(staticParts(value, sourceCode))) return true;
  switch (value.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return isBotApiUrl(value.argument, file, prefix, depth + 1);
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, sourceCode);
      return init === null ? passedBotApiUrl(value, file, prefix, depth) : isBotApiUrl(init, file, prefix, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      if (getPropertyName(value) === 'href') return isBotApiUrl(value.object, file, prefix, depth + 1);
      const field = classMemberBase(value, sourceCode);
      return field !== null && isBotApiUrl(field, file, prefix, depth + 1);
    }
    case AST_NODE_TYPES.TemplateLiteral:
      return value.quasis[0]?.value.cooked === '' && value.expressions[0] !== undefined && isBotApiUrl(value.expressions[0], file, prefix, depth + 1);
    case AST_NODE_TYPES.BinaryExpression:
      return value.operator === '+' && isBotApiUrl(value.left, file, prefix, depth + 1);
    // `link.href || link.toString()`: whichever side is used, it is one.
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator !== '&&' && isBotApiUrl(value.left, file, prefix, depth + 1) && isBotApiUrl(value.right, file, prefix, depth + 1);
    case AST_NODE_TYPES.CallExpression: {
      const converted = convertedToText(value);
      if (converted) return isBotApiUrl(converted, file, prefix, depth + 1);
      const callee = skipTypeWrappers(value.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const name = getPropertyName(callee);
        if (name === 'getFileLink') return true;
        if (name === 'getUrl' && value.arguments.length === 0) return isFileRecord(callee.object, sourceCode, depth + 1);
      }
      return returnsBotApiUrl(value, file, prefix, depth);
    }
    default:
      return false;
  }
}

/** A call of a project function every `return` of which is a Bot API URL (see {@link isBotApiUrl}). */
function returnsBotApiUrl(call: TSESTree.CallExpression, file: FileRef, prefix: RegExp, depth: number): boolean {
  const target = calledFunction(call, file);
  const returned = target ? returnedValues(target.fn) : null;
  return returned !== null && returned.length > 0 && returned.every((result) => isBotApiUrl(result, target!.file, prefix, depth + 1));
}

/** A parameter that every call of its function in the bot project gives a Bot API URL (see {@link isBotApiUrl}). */
function passedBotApiUrl(id: TSESTree.Identifier, file: FileRef, prefix: RegExp, depth: number): boolean {
  const def = resolveVariable(id, file.sourceCode)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return false;
  const fn = def.node;
  const index = parameterIndex(id, fn, file);
  const callers = index < 0 ? null : projectCallersOf(fn, file);
  if (!callers || callers.length === 0) return false;
  return callers.every(({ call, file: caller }) => {
    const argument = call.arguments[index];
    if (argument === undefined || isNullish(argument)) return leavesWhenNotGiven(id, fn, file);
    return argument.type !== AST_NODE_TYPES.SpreadElement && isBotApiUrl(argument, caller, prefix, depth + 1);
  });
}

/**
 * Whether a call that leaves parameter `id` out (or passes `null` / `undefined`) never reaches the use
 * of it: the parameter has no default but `null` / `undefined`, is never assigned, and a statement of
 * the function's body (or of a `try` block there) before the one that uses it leaves the function when it is missing
 * (`if (!imageUrl) return model.generate(prompt);`, `if (url == null || …) throw …`).
 */
function leavesWhenNotGiven(id: TSESTree.Identifier, fn: FunctionNode, file: FileRef): boolean {
  const variable = resolveVariable(id, file.sourceCode);
  const param = fn.params.find((candidate) => (candidate.type === AST_NODE_TYPES.AssignmentPattern ? candidate.left : candidate) === variable?.defs[0]?.name);
  if (param === undefined || (param.type === AST_NODE_TYPES.AssignmentPattern && !isNullish(param.right))) return false;
  if (!variable || variable.references.some((reference) => reference.isWrite() && !reference.init) || fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  // The body's statements, and those of a `try` block the use sits in (`try { if (!url) return …; await axios.get(url) } catch …`).
  for (let statements: TSESTree.Statement[] | null = fn.body.body; statements; ) {
    const use = statements.findIndex((statement) => containsRange(statement, id));
    const guarded = statements
      .slice(0, Math.max(use, 0))
      .some((statement) => statement.type === AST_NODE_TYPES.IfStatement && alwaysExits(statement.consequent) && logicalOperands(skipTypeWrappers(statement.test), '||').some((test) => testsMissing(test, id.name)));
    if (guarded) return true;
    const holder: TSESTree.Statement | undefined = statements[use];
    statements = holder?.type === AST_NODE_TYPES.TryStatement && containsRange(holder.block, id) ? holder.block.body : null;
  }
  return false;
}

/**
 * `!x`, `x == null` (or `undefined`): a test that holds when parameter `name` was not given, or given
 * `null` / `undefined`. A strict `x === null` misses `undefined` (and `=== undefined` misses `null`).
 */
function testsMissing(test: TSESTree.Node, name: string): boolean {
  const value = skipTypeWrappers(test);
  const named = (node: TSESTree.Node) => {
    const operand = skipTypeWrappers(node);
    return operand.type === AST_NODE_TYPES.Identifier && operand.name === name;
  };
  if (value.type === AST_NODE_TYPES.UnaryExpression) return value.operator === '!' && named(value.argument);
  if (value.type !== AST_NODE_TYPES.BinaryExpression || value.operator !== '==') return false;
  return (named(value.left) && isNullish(value.right)) || (named(value.right) && isNullish(value.left));
}

/** What `getFile()` resolves to (`const file = await ctx.getFile()`): a Bot API file record. */
function isFileRecord(node: TSESTree.Node, sourceCode: SourceCode, depth: number): boolean {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.Identifier && depth <= MAX_DEPTH) {
    const init = constInitializer(value, sourceCode);
    if (!init) return false;
    value = skipTypeWrappers(init);
  }
  if (value.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const call = skipTypeWrappers(value.argument);
  return call.type === AST_NODE_TYPES.CallExpression && call.callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(call.callee) === 'getFile';
}

/** URL schemes fetch answers without HTTP: `data:` (the bytes are in the URL), `file:` (a local file). */
const NO_STATUS_SCHEME = /^(?:data|file):/i;

/**
 * Whether a URL provably has no HTTP status: its static beginning (literal, template, concatenation,
 * through `const` names and `await`) is `data:` or `file:`; it is node's `pathToFileURL(p)` (itself,
 * `.href`, `.toString()`); or it is what a project function returns when every one of its `return`s
 * is such a URL (`const toDataUrl = (b64) => \`data:image/png;base64,${b64}\``).
 */
export function hasNoHttpStatus(node: TSESTree.Node, file: FileRef, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return false;
  switch (value.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return hasNoHttpStatus(value.argument, file, depth + 1);
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, file.sourceCode);
      return init !== null && hasNoHttpStatus(init, file, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression:
      return getPropertyName(value) === 'href' && hasNoHttpStatus(value.object, file, depth + 1);
    case AST_NODE_TYPES.CallExpression: {
      const converted = convertedToText(value);
      if (converted) return hasNoHttpStatus(converted, file, depth + 1);
      if (isPathToFileUrl(skipTypeWrappers(value.callee), file.sourceCode)) return true;
      const target = calledFunction(value, file);
      const returned = target ? returnedValues(target.fn) : null;
      return returned !== null && returned.every((result) => hasNoHttpStatus(result, target!.file, depth + 1));
    }
    default:
      return NO_STATUS_SCHEME.test(staticParts(value, file.sourceCode));
  }
}

/** node's `url.pathToFileURL`, by import or require: `pathToFileURL(p)`, `url.pathToFileURL(p)`. */
function isPathToFileUrl(callee: TSESTree.Node, sourceCode: SourceCode): boolean {
  const path = getMemberPath(callee);
  if (path === null || path.at(-1) !== 'pathToFileURL' || path.length > 2) return false;
  const binding = moduleBindings(sourceCode.ast).get(path[0]!);
  if (binding?.module !== 'url' && binding?.module !== 'node:url') return false;
  return path.length === 1 ? binding.imported === 'pathToFileURL' : binding.imported === '*' || binding.imported === 'default';
}

/** A path with no scheme or host: `/api/x`, not the protocol-relative `//cdn.example.com/x`. */
const RELATIVE_PATH = /^\/(?!\/)/;

/**
 * Whether a URL is provably a path with no scheme or host (`/api/user/mission`), which the fetch of
 * every server runtime (Node's undici: `TypeError: Failed to parse URL`, node-fetch: `Only absolute
 * URLs are supported`, Bun, Deno, Workers) rejects before it opens a socket; only a browser resolves
 * it, against the page. Its static beginning is a `/` not followed by another (see {@link staticParts}),
 * through `await`, `const` names of this file and the constants a project file exports
 * (`import { API_BASE_URL } from './config'` with `export const API_BASE_URL = '/api'`), a template's
 * or a concatenation's first part (`` `${API_BASE_URL}/admin/stores` ``), and project functions every
 * `return` of which is such a path (`api_path.create_daily_missions(id)` with
 * `` create_daily_missions: (id) => `/api/user/mission?userId=${id}` ``). A value that differs by
 * runtime (`typeof window === 'undefined' ? process.env.BACKEND_URL + '/api' : '/api'`) is not one.
 */
function isRelativePath(node: TSESTree.Node, file: FileRef, depth = 0): boolean {
  const value = skipTypeWrappers(node);
  if (depth > MAX_DEPTH) return false;
  if (RELATIVE_PATH.test(staticParts(value, file.sourceCode))) return true;
  switch (value.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return isRelativePath(value.argument, file, depth + 1);
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, file.sourceCode);
      if (init !== null) return isRelativePath(init, file, depth + 1);
      const exported = importedValue(value, file);
      return exported !== null && isRelativePath(exported.node, exported.file, depth + 1);
    }
    case AST_NODE_TYPES.TemplateLiteral:
      return value.quasis[0]?.value.cooked === '' && value.expressions[0] !== undefined && isRelativePath(value.expressions[0], file, depth + 1);
    case AST_NODE_TYPES.BinaryExpression:
      return value.operator === '+' && isRelativePath(value.left, file, depth + 1);
    case AST_NODE_TYPES.CallExpression: {
      const target = calledFunction(value, file);
      const returned = target ? returnedValues(target.fn) : null;
      return returned !== null && returned.length > 0 && returned.every((result) => isRelativePath(result, target!.file, depth + 1));
    }
    default:
      return false;
  }
}

/** The value a name imported from a project file holds (`import { API_BASE_URL } from '$lib/config'`), with that file; null otherwise. */
function importedValue(id: TSESTree.Identifier, file: FileRef): { node: TSESTree.Node; file: FileRef } | null {
  const def = resolveVariable(id, file.sourceCode)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.ImportBinding) return null;
  const binding = moduleBindings(file.sourceCode.ast).get(id.name);
  if (binding === undefined || binding.imported === '*') return null;
  return projectValue(file.filename, binding.module, binding.imported);
}

/**
 * The axios release from which Node's http adapter parses a request's URL with `new URL(fullPath)`
 * and no base (1.7.4, the fix of CVE-2024-39338): a relative URL throws `Invalid URL` before any
 * socket is opened. Earlier 1.x releases resolved it against `http://localhost`. The newest 1.x
 * (1.13 when this was written) is later.
 */
const AXIOS_WITHOUT_LOCAL_BASE = [1, 7, 4] as const;
/** Code that may give axios a base URL or rewrite a request's: `axios.defaults.baseURL = …`, `x.defaults = …`, a request interceptor. */
const SETS_AXIOS_BASE = /\bdefaults\s*(?:\.\s*baseURL\b|\[\s*['"`]baseURL|=(?!=))|\binterceptors\s*\.\s*request\b/;

/**
 * Whether a request rejects at once, before sending anything. A fetch (global or node-fetch, not a
 * wrapper) whose URL is provably a path (`fetch(api_path.go_spirit_path(), …)`: see
 * {@link isRelativePath}): every server runtime's fetch throws on it, so the call can only run — and
 * only hold a tab — in a browser. An axios request whose URL is a path
 * (`axios.post('/api/subscription/activate', body)`), no base URL can apply — the call's options
 * have no `baseURL`, the client is the default export or an instance made here with options
 * that have none (`axios.create({ headers })`), and no file of the bot project sets axios defaults or
 * a request interceptor — and the axios the project runs parses URLs without a base (see
 * `runsAtLeast`). In Node that is a `TypeError: Invalid URL`, never a hung request.
 */
export function rejectsBeforeSending(call: HttpCall, file: FileRef): boolean {
  if (call.wrapper) return false;
  const { sourceCode, filename } = file;
  if (call.kind === 'fetch' || call.kind === 'node-fetch') {
    const url = requestUrl(call.node, sourceCode);
    return url !== null && isRelativePath(url, file);
  }
  if (call.kind !== 'axios') return false;
  const url = requestUrl(call.node, sourceCode);
  if (url === null || !/^\/(?!\/)/.test(staticParts(url, sourceCode))) return false;
  if (lookupOption(call.options, 'baseURL', sourceCode).type !== 'absent') return false;
  const noBase = (creation: TSESTree.CallExpression): boolean => {
    const options = creation.arguments[0] && skipTypeWrappers(creation.arguments[0]);
    return options === undefined || (options.type === AST_NODE_TYPES.ObjectExpression && lookupProperty(options, 'baseURL', sourceCode).type === 'absent');
  };
  if (call.instance === null ? call.module !== 'axios' : !call.instance.creations.every(noBase)) return false;
  if (botProjectRoot(filename) === null || SETS_AXIOS_BASE.test(sourceCode.text) || projectFilesMatching(filename, SETS_AXIOS_BASE).length > 0) return false;
  return runsAtLeast(filename, 'axios', AXIOS_WITHOUT_LOCAL_BASE);
}
