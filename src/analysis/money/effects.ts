import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getCalleeName, isFunction, pushChildren, skipTypeWrappers } from '../ast/index.js';
import { areExclusive } from '../flow/index.js';

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

/** Member calls that write on every ORM, driver and store we know (exact names: `Set.add` and `Map.set` are not here). */
const WRITE_METHODS = new Set([
  'create',
  'createMany',
  'insert',
  'insertOne',
  'insertMany',
  'update',
  'updateOne',
  'updateMany',
  'upsert',
  'save',
  'increment',
  'decrement',
  'findOneAndUpdate',
  'findByIdAndUpdate',
  'findOneAndReplace',
  'replaceOne',
  'bulkWrite',
  'upload',
  'writeFile',
  'writeFileSync',
  'inc',
  'dec',
  'hset',
  'hincrby',
  'incrby',
  'decrby',
]);

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

/** The state change a call (or a tagged SQL template) makes, or null. */
export function stateChangeOf(node: TSESTree.Node): StateChange | null {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return SQL_WRITE.test(node.quasi.quasis[0]!.value.raw) ? 'write' : null;
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = getCalleeName(node);
  if (name === null) return null;
  if (FILE_SENDS.has(name)) return 'file';
  if (MONEY_NAME.test(name)) return 'money';
  if (WRITE_NAME.test(name) && !NOT_WRITES.has(name)) return 'write';
  const member = skipTypeWrappers(node.callee).type === AST_NODE_TYPES.MemberExpression;
  if (member ? WRITE_METHODS.has(name) : WRITE_FUNCTIONS.has(name)) return 'write';
  const first = node.arguments[0];
  const text = first?.type === AST_NODE_TYPES.Literal ? first.value : first?.type === AST_NODE_TYPES.TemplateLiteral ? first.quasis[0]!.value.raw : null;
  return typeof text === 'string' && SQL_WRITE.test(text) ? 'write' : null;
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
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.range[1] <= after.range[1]) continue;
    if (node.type === AST_NODE_TYPES.CatchClause && node.parent.block.range[0] <= after.range[0] && after.range[1] <= node.parent.block.range[1]) continue;
    if (node.range[0] >= after.range[1]) {
      const change = stateChangeOf(node);
      if (change !== null && kinds.has(change) && !areExclusive(after, node)) return node;
    }
    pushChildren(node, stack);
  }
  return null;
}
