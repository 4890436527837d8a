import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { containsRange, fileIndex, getCalleeName, isFunction, isMemberOf, outermostWrapper, partitionPoint, programOf, skipTypeWrappers } from '../ast/index.js';
import { onDiscordObject } from '../framework/index.js';
import { areExclusive } from '../flow/index.js';
import { storeWrites } from './writes.js';

/**
 * State changes the user or the operator cannot see go wrong: a bad value (an error page taken for
 * data, a NaN typed for a number) that reaches one of them is stored, charged or delivered, not just
 * shown. The two precision-tuned rules (require-response-check, require-number-validation) report by
 * default only what reaches one of these.
 *
 * - `write`: a database or storage write (`Model.create`, `prisma.x.update`, `.save()`,
 *   `INSERT …`, a storage `upload`, `fs.writeFile`) or a project function named for one
 *   (`addShop`, `uploadFile`, `saveOrder`; not `create…`, which mostly builds UI);
 * - `money`: a project function named for a balance or payment change (`deductCredit`, `chargeUser`,
 *   `transferFunds`);
 * - `file`: a file sent to the user as a document, video or audio (Telegram accepts any bytes there;
 *   photos are not one: Telegram rejects bytes that are not an image).
 */
export type StateChange = 'write' | 'money' | 'file';

/** Redis commands that write a counter or a hash field. */
const REDIS_WRITES = ['hset', 'hincrby', 'incrby', 'decrby'];
/** Writes of a file or an object in storage: `fs.writeFile`, a storage bucket's `upload`. */
const FILE_WRITES = ['writeFile', 'writeFileSync', 'upload'];
/** Counter writes of model instances (`user.dec('balance', n)`). */
const COUNTER_WRITES = ['inc', 'dec'];
/**
 * Names a store writes by that other objects use too (`Map.delete`, lodash's `merge` and `truncate`)
 * or that only shape a write (`onConflict`): not a write without a proven receiver.
 */
const SHARED_NAMES = new Set(['delete', 'del', 'merge', 'truncate', 'onConflict']);
/**
 * Member calls that write, named by the store models' one list (`storeWrites`: Prisma, MongoDB /
 * Mongoose, Knex and the builders, Supabase) and the stores that have no model of their own (Redis,
 * files): exact names, so `Set.add` and `Map.set` are not here.
 */
function writeMethods(): ReadonlySet<string> {
  // Built when first asked, as `storeWrites`.
  return (writeMethodsMemo ??= new Set(
    [...Object.values(storeWrites()).flatMap((names) => [...names]), ...REDIS_WRITES, ...FILE_WRITES, ...COUNTER_WRITES].filter((name) => !SHARED_NAMES.has(name)),
  ));
}
let writeMethodsMemo: ReadonlySet<string> | undefined;

/** Project functions named for a write: `addShop`, `saveOrder`, `markShown`, `uploadFile`, `setPrice` (not `create…`: `createButtons`, `createKeyboard` build UI). */
const WRITE_NAME = /^(?:add|insert|save|update|upsert|store|persist|record|mark|upload|write|set)[A-Z_]/;
/** Functions of a project (called by a bare name) named for a write: `save(order)`, `store(key, n)`. */
const WRITE_FUNCTIONS = new Set(['save', 'insert', 'upsert', 'store', 'persist', 'record']);
/** `set…` names that are not writes of the project's state: timers, streams, headers, the Bot API's own settings. */
const NOT_WRITES = new Set(['setTimeout', 'setInterval', 'setImmediate', 'setHeader', 'setEncoding', 'setMaxListeners', 'setWebhook', 'setMyCommands', 'setChatMenuButton']);
/** Project functions named for a balance or payment change: `deductCredit`, `chargeUser`, `addBalance`. */
const MONEY_NAME = /^(?:deduct|charge|credit|debit|withdraw|deposit|transfer|pay|payout|refund|grant|topUp|top_up|buy|purchase|sell)(?:[A-Z_]|$)|(?:Balance|Credits?|Coins|Stars|Points)$/;
/** Telegram methods that deliver whatever bytes they get as a file. */
const FILE_SENDS = new Set([
  'sendDocument',
  'replyWithDocument',
  'sendVideo',
  'replyWithVideo',
  'sendAudio',
  'replyWithAudio',
  'sendVoice',
  'replyWithVoice',
  'sendAnimation',
  'replyWithAnimation',
  'sendVideoNote',
  'replyWithVideoNote',
]);
/** SQL text that changes rows. */
const SQL_WRITE = /^\s*(?:insert|update|delete|upsert|merge|replace)\b/i;

/**
 * The state change a call (or a tagged SQL template) makes, or null. The names of a write or a
 * payment (`setPrice`, `addBalance`) are read only where they can name a project's function: not on
 * a builder (see {@link buildsPayload}). With `sourceCode`, a builder held in a variable is seen too.
 */
export function stateChangeOf(node: TSESTree.Node, sourceCode?: Pick<TSESLint.SourceCode, 'getScope'>): StateChange | null {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return SQL_WRITE.test(node.quasi.quasis[0]!.value.raw) ? 'write' : null;
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = getCalleeName(node);
  if (name === null) return null;
  if (FILE_SENDS.has(name)) return 'file';
  const named = (MONEY_NAME.test(name) || WRITE_NAME.test(name)) && !buildsPayload(node, sourceCode);
  if (named && MONEY_NAME.test(name)) return 'money';
  if (named && WRITE_NAME.test(name) && !NOT_WRITES.has(name)) return 'write';
  const member = skipTypeWrappers(node.callee).type === AST_NODE_TYPES.MemberExpression;
  if (member ? writeMethods().has(name) : WRITE_FUNCTIONS.has(name)) return 'write';
  const first = node.arguments[0];
  const text = first?.type === AST_NODE_TYPES.Literal ? first.value : first?.type === AST_NODE_TYPES.TemplateLiteral ? first.quasis[0]!.value.raw : null;
  return typeof text === 'string' && SQL_WRITE.test(text) ? 'write' : null;
}

/** Setters of a fluent builder: `.setTitle(t)`, `.addFields(…)`, each returning the builder. */
const FLUENT_SETTER = /^(?:set|add)[A-Z]/;

/**
 * Whether a `set…` / `add…` method call fills in a value being built rather than writing state (a
 * call of any other name never does: `sdk.setCustomer(id).chargeCard(amount)` charges): a link of a
 * fluent chain of such setters (`x.setURL(link).setImage(url)`: each returns what it was called on,
 * which a project's write function does not), or a method of an object built from a
 * discord.js class (`new EmbedBuilder().setImage(url)`, `embed.setDescription(text)`: see
 * `onDiscordObject`). A message payload is shown, not stored.
 */
function buildsPayload(call: TSESTree.CallExpression, sourceCode?: Pick<TSESLint.SourceCode, 'getScope'>): boolean {
  // Only a setter builds: `.charge(userId)` after `new Payment().setAmount(amount)` is still a charge.
  if (!isSetterCall(call)) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = skipTypeWrappers(callee.object);
  if (receiver.type === AST_NODE_TYPES.CallExpression && isSetterCall(receiver)) return true;
  const member = outermostWrapper(call).parent;
  if (member && isMemberOf(member, outermostWrapper(call)) && member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member && isSetterCall(member.parent)) return true;
  return onDiscordObject(call, sourceCode);
}

function isSetterCall(call: TSESTree.CallExpression): boolean {
  const name = getCalleeName(call);
  return name !== null && FLUENT_SETTER.test(name) && skipTypeWrappers(call.callee).type === AST_NODE_TYPES.MemberExpression;
}

/**
 * The first state change (see {@link stateChangeOf}) that runs after `after` in `fn`'s body: later in
 * source order, also in callbacks (`.then(…)`, `forEach`), but not in the `catch` of a `try` whose
 * block holds `after` (that code runs when what came before failed), nor in another branch of an
 * `if`, `?:` or `switch` than `after` or after an exit that follows it (see `areExclusive`). `kinds`
 * limits what counts.
 */
export function stateChangeAfter(fn: TSESTree.Node, after: TSESTree.Node, kinds: ReadonlySet<StateChange>): TSESTree.Node | null {
  const root = isFunction(fn) ? fn.body : fn;
  const changes = stateChangesOf(programOf(root));
  // The first change that starts after `after` (changes are in source order), then on to the end of `root`.
  for (let i = partitionPoint(changes, (change) => change.node.range[0] < after.range[1]); i < changes.length && changes[i]!.node.range[0] < root.range[1]; i++) {
    const { node, change } = changes[i]!;
    if (node.range[1] <= root.range[1] && kinds.has(change) && !inCatchAround(node, after, root) && !areExclusive(after, node)) return node;
  }
  return null;
}

interface Change {
  readonly node: TSESTree.Node;
  readonly change: StateChange;
}

/** Per file: its state changes in source order (parents first), from the shared file index. A pure memo: the nodes are one file's. */
const changesByFile = new WeakMap<TSESTree.Program, readonly Change[]>();
/** Files whose state changes were listed (memo hits excluded): a count for tests. */
export const stateChangeWork = { files: 0 };

function stateChangesOf(program: TSESTree.Program): readonly Change[] {
  let found = changesByFile.get(program);
  if (found) return found;
  stateChangeWork.files++;
  const index = fileIndex(program);
  const nodes: TSESTree.Node[] = [...index.of(AST_NODE_TYPES.CallExpression), ...index.of(AST_NODE_TYPES.TaggedTemplateExpression)];
  nodes.sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  found = nodes.flatMap((node) => {
    const change = stateChangeOf(node);
    return change === null ? [] : [{ node, change }];
  });
  changesByFile.set(program, found);
  return found;
}

/** Whether `node` is in the `catch` of a `try` (inside `root`) whose block holds `after`: it runs only when that failed. */
function inCatchAround(node: TSESTree.Node, after: TSESTree.Node, root: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current && current !== root.parent; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause && containsRange(current.parent.block, after)) return true;
  }
  return false;
}
