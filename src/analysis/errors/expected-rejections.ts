/**
 * Library calls whose rejection is an answer the library documents, not a failure: a `catch` whose
 * `try` can only meet that answer, and which falls back on it, loses nothing. Each entry names the
 * package, the method, how the receiver or the project is proven, and the library's reason.
 */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getCalleeName, getMemberPath, hoistedFunction, isFunction, moduleBindings, nearestManifest, resolveVariable, returnArguments, skipTypeWrappers, someInSameFunction, writeReferences } from '../ast/index.js';
import { BAILEYS_PACKAGES } from '../summaries/index.js';
import { onlyTalksToUser, type TalkOptions } from './catch-handlers.js';

type SourceCode = Pick<Readonly<TSESLint.SourceCode>, 'getScope' | 'ast'>;
interface FileRef {
  readonly sourceCode: SourceCode;
  readonly filename: string;
}

/** The npm names Baileys was published under (WhatsApp Web's socket library). */

/**
 * Whether the nearest package.json depends on Baileys: by one of its npm names, or a fork installed
 * from a Git repository named after it (`"ourin": "github:LuckyArch/OurinGlitch-Baileys"`).
 */
function baileysProject(filename: string): boolean {
  const dependencies = nearestManifest(filename)?.dependencies ?? {};
  return Object.entries(dependencies).some(([name, spec]) => BAILEYS_PACKAGES.includes(name) || /^(?:github:|git\+|https:\/\/github\.com\/)[^#]*baileys/i.test(spec));
}

/**
 * rate-limiter-flexible's limiter kept in the process's memory. Its `consume(key, points)` rejects
 * with a `RateLimiterRes` exactly when the key has no points left ("rejected when there is no points
 * to be consumed", the package's README); only the store-backed limiters (Redis, Mongo, Postgres…)
 * also reject with a store `Error`, so they are not in this list.
 */
const MEMORY_LIMITERS = new Set(['RateLimiterMemory']);

/** `new RateLimiterMemory(…)` of `rate-limiter-flexible`, by a name bound at the top of the file or a member of its namespace. */
function newMemoryLimiter(node: TSESTree.NewExpression, sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(node.callee);
  const path = getMemberPath(callee);
  if (path === null || path.length > 2) return false;
  const binding = moduleBindings(sourceCode.ast).get(path[0]!);
  if (binding?.module !== 'rate-limiter-flexible') return false;
  const name = path.length === 2 ? (binding.imported === '*' || binding.imported === 'default' ? path[1]! : '') : binding.imported;
  const root = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : callee;
  const variable = root.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
  return MEMORY_LIMITERS.has(name) && variable !== null && (variable.scope.type === TSESLint.Scope.ScopeType.module || variable.scope.type === TSESLint.Scope.ScopeType.global);
}

/** Methods of a `Map` that only read it or drop entries: they put no other value in. */
const MAP_READS = new Set(['get', 'has', 'delete', 'clear', 'keys', 'values', 'entries', 'forEach']);

/**
 * Whether every value `node` can evaluate to is an in-memory limiter: `new RateLimiterMemory(…)`,
 * a variable every write of which is one, a call of a function of the file every `return` of which
 * is one, or `limiters.get(key)` of a `const limiters = new Map()` whose every `set` puts one in
 * (`let limiter = limiters.get(key); if (!limiter) { limiter = new RateLimiterMemory(o); limiters.set(key, limiter) } return limiter`).
 * A value met again on the way adds nothing new (the cycle through the map and the variable).
 */
function memoryLimiter(node: TSESTree.Node, sourceCode: SourceCode, seen: Set<TSESTree.Node>): boolean {
  const value = skipTypeWrappers(node);
  if (seen.has(value)) return true;
  seen.add(value);
  if (seen.size > 40) return false;
  if (value.type === AST_NODE_TYPES.NewExpression) return newMemoryLimiter(value, sourceCode);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(value, sourceCode);
    if (!variable || variable.defs.length !== 1 || variable.defs[0]!.type !== TSESLint.Scope.DefinitionType.Variable) return false;
    const writes = writeReferences(variable).map((reference) => reference.writeExpr);
    return writes.length > 0 && writes.every((write) => write != null && memoryLimiter(write, sourceCode, seen));
  }
  if (value.type === AST_NODE_TYPES.LogicalExpression && value.operator !== '&&') return memoryLimiter(value.left, sourceCode, seen) && memoryLimiter(value.right, sourceCode, seen);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipTypeWrappers(value.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const fn = hoistedFunction(resolveVariable(callee, sourceCode));
    if (!fn || fn.async || fn.generator) return false;
    const { values } = returnArguments(fn);
    return values.length > 0 && values.every((returned) => memoryLimiter(returned, sourceCode, seen));
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || getCalleeName(value) !== 'get' || callee.object.type !== AST_NODE_TYPES.Identifier) return false;
  return mapOfLimiters(callee.object, sourceCode, seen);
}

/** `const limiters = new Map()` used only to read entries and to `set` in-memory limiters. */
function mapOfLimiters(id: TSESTree.Identifier, sourceCode: SourceCode, seen: Set<TSESTree.Node>): boolean {
  const variable = resolveVariable(id, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || def?.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'const') return false;
  const init = def.node.init ? skipTypeWrappers(def.node.init) : null;
  if (init?.type !== AST_NODE_TYPES.NewExpression || init.arguments.length > 0 || init.callee.type !== AST_NODE_TYPES.Identifier || init.callee.name !== 'Map') return false;
  return variable.references.every((reference) => {
    if (reference.init) return true;
    const member = reference.identifier.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier || member.computed || member.parent.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) return false;
    const method = getCalleeName(member.parent);
    if (method === 'set') return member.parent.arguments.length === 2 && memoryLimiter(member.parent.arguments[1]!, sourceCode, seen);
    return method !== null && MAP_READS.has(method) && !member.parent.arguments.some(isFunction);
  });
}

/**
 * Whether a call's rejection is an answer its library documents, not a failure:
 * - Baileys' `sock.profilePictureUrl(jid, type)`, in a project that depends on Baileys: it queries
 *   WhatsApp for the picture's URL, and WhatsApp answers an error (404 `item-not-found`, 401
 *   `not-authorized`) when the user or group has no picture or hides it from the bot, which Baileys'
 *   `query` throws as a `Boom` error: a chat without a picture, the default avatar is the answer;
 * - rate-limiter-flexible's `limiter.consume(key)` on a `RateLimiterMemory` (see {@link MEMORY_LIMITERS}):
 *   it rejects when the points are used up, the "too many requests" answer the limiter exists for.
 */
export function rejectsAsAnswer(call: TSESTree.CallExpression, file: FileRef): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return false;
  const name = getCalleeName(call);
  if (name === 'profilePictureUrl') return call.arguments.length >= 1 && baileysProject(file.filename);
  if (name === 'consume') return call.arguments.length >= 1 && call.arguments.length <= 3 && !call.arguments.some(isFunction) && memoryLimiter(callee.object, file.sourceCode, new Set());
  return false;
}

/**
 * `try { ppuser = await sock.profilePictureUrl(jid, 'image') } catch { ppuser = DEFAULT_AVATAR }`,
 * `try { await limiter.consume(m.sender); return false } catch { return true }`: the `try` waits for
 * a call whose rejection is an answer (see {@link rejectsAsAnswer}), and otherwise only talks to the
 * chat, keeps state or calls what `handled` vouches for (a picture sent, else the text:
 * `catch { await sock.sendMessage(id, { text }) }`), and the handler falls back — it does something.
 * A database write or any other call beside it, or an empty handler, is not this.
 */
export function fallsBackOnAnswer(
  handler: TSESTree.CatchClause,
  file: FileRef,
  handled: (call: TSESTree.CallExpression) => boolean,
  talk: TalkOptions,
): boolean {
  if (handler.body.body.length === 0) return false;
  const block = handler.parent.block;
  const answers = (call: TSESTree.CallExpression): boolean => rejectsAsAnswer(call, file);
  return someInSameFunction(block, (node) => node.type === AST_NODE_TYPES.CallExpression && answers(node)) && onlyTalksToUser(block, (call) => answers(call) || handled(call), talk);
}
