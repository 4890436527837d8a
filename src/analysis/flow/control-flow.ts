import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, containsRange, enclosingFunction, firstStartingFrom, getCalleeName, getMemberPath, getPropertyName, isFunction, isTypeWrapper, isWaitPoint, partitionPoint, propertyKey, resolveName, skipTypeWrappers, someInSameFunction, staticString, walkSameFunction } from '../ast/index.js';
import { UPDATE_KEYS } from '../framework/index.js';

/** The ancestors of a node, nearest first. */
function ancestors(node: TSESTree.Node): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  for (let current = node.parent; current; current = current.parent) found.push(current);
  return found;
}

/** The ancestors of a node up to and including the first function, nearest first. */
function ancestorsInFunction(node: TSESTree.Node): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  for (let current = node.parent; current; current = current.parent) {
    found.push(current);
    if (isFunction(current)) break;
  }
  return found;
}

const STATEMENT_LISTS = new Set<AST_NODE_TYPES>([AST_NODE_TYPES.BlockStatement, AST_NODE_TYPES.Program, AST_NODE_TYPES.SwitchCase, AST_NODE_TYPES.StaticBlock]);

function bodyOf(list: TSESTree.Node): TSESTree.Node[] {
  if (list.type === AST_NODE_TYPES.SwitchCase) return list.consequent;
  if (list.type === AST_NODE_TYPES.BlockStatement || list.type === AST_NODE_TYPES.Program || list.type === AST_NODE_TYPES.StaticBlock) {
    return list.body;
  }
  return [];
}

const isReturnOrThrow = (node: TSESTree.Node) => node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.ThrowStatement;
/** Statements with paths of their own, which may all end in an exit. */
const WITH_PATHS = new Set<AST_NODE_TYPES>([AST_NODE_TYPES.IfStatement, AST_NODE_TYPES.BlockStatement, AST_NODE_TYPES.TryStatement]);
/**
 * A statement that leaves the function on every path: `return`, `throw`, or an `if`, block or `try`
 * whose every path ends in one (`try { return await send(…); } catch { return null; }`).
 */
const isExit = (node: TSESTree.Node) => isReturnOrThrow(node) || (WITH_PATHS.has(node.type) && everyPathEndsIn(node as TSESTree.Statement, isReturnOrThrow));
/** An unlabeled `continue` or `break`: it ends the iteration of the innermost loop (a `break` also the innermost `switch`). */
const isJump = (node: TSESTree.Node) => (node.type === AST_NODE_TYPES.ContinueStatement || node.type === AST_NODE_TYPES.BreakStatement) && node.label === null;

/** Statements of statement lists looked at to place a node or find an exit (a work count for tests). */
export const exclusiveWork = { statementsScanned: 0 };

/** Per statement list: the positions of its `return` and `throw` statements, ascending. */
const exitPositions = new WeakMap<readonly TSESTree.Node[], number[]>();
/** Per statement list: the positions of its unlabeled `continue` and `break` statements, ascending. */
const jumpPositions = new WeakMap<readonly TSESTree.Node[], number[]>();

/**
 * Where `node` sits in a statement list, or -1 (a `case` test is no statement of its case): a binary
 * search on the source ranges, which the statements of a list follow, instead of a scan per question.
 */
function positionIn(body: readonly TSESTree.Node[], node: TSESTree.Node): number {
  const low = firstStartingFrom(body, node.range[0]);
  return body[low] === node ? low : -1;
}

/** Whether one of `body[from]` … `body[to - 1]` is a `return` or `throw` (with `jumps`, an unlabeled `continue` or `break`); each list is indexed once per kind. */
function exitsBetween(body: readonly TSESTree.Node[], from: number, to: number, jumps = false): boolean {
  const cache = jumps ? jumpPositions : exitPositions;
  let exits = cache.get(body);
  if (!exits) {
    exclusiveWork.statementsScanned += body.length;
    exits = [];
    const counts = jumps ? isJump : isExit;
    for (let index = 0; index < body.length; index++) if (counts(body[index]!)) exits.push(index);
    cache.set(body, exits);
  }
  // The first exit at or after `from`.
  const low = partitionPoint(exits, (at) => at < from);
  return low < exits.length && exits[low]! < to;
}

const LOOPS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/**
 * Whether every path to `later` runs `node` first: `node` is (under `await`) a statement of a block that
 * holds `later`, before it (`await client.query('ROLLBACK'); … await pool.query(…)`).
 */
export function runsFirstInBlock(node: TSESTree.Node, later: TSESTree.Node): TSESTree.BlockStatement | null {
  let statement: TSESTree.Node = node;
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement) {
    if (statement.parent.type !== AST_NODE_TYPES.AwaitExpression && statement.parent.type !== AST_NODE_TYPES.ExpressionStatement && !isTypeWrapper(statement.parent)) return null;
    statement = statement.parent;
  }
  const block = statement.parent;
  return block && statement.range[1] <= later.range[0] && containsRange(block, later) ? block : null;
}

/** The innermost loop around `node` in its own function, or null. */
export function innermostLoop(node: TSESTree.Node): TSESTree.Node | null {
  for (let current = node.parent; current && !isFunction(current); current = current.parent) {
    if (LOOPS.has(current.type)) return current;
  }
  return null;
}

/**
 * Whether `later` can never run after `earlier` in one execution: they sit in different branches of
 * an `if`, a `?:`, a `switch` or a `try`/`catch`, or `earlier` is followed by a `return`/`throw` in
 * a block that does not contain `later`. Conservative: "not exclusive" when unsure.
 *
 * With `{ iteration: true }` the question is about one iteration of the loops around both: an
 * unlabeled `continue` (or `break`) after `earlier`, in a block that does not contain `later`, of a
 * loop (for `break`, a loop or `switch`) whose body holds both, counts like a `return` (`if (expired)
 * { UPDATE …; continue; }` then `UPDATE …`). The next iteration may still run `later`: ask this only
 * where a write repeated by a loop is not paired with itself either (one iteration is one change).
 */
export function areExclusive(earlier: TSESTree.Node, later: TSESTree.Node, { iteration = false }: { iteration?: boolean } = {}): boolean {
  const laterAncestors = new Set(ancestors(later));
  let child: TSESTree.Node = earlier;
  // An exit only counts if it leaves the function that also contains `later`, not a callback.
  let exits = false;
  // A `continue` only counts while the loop it continues holds `later`; a `break` while the loop or `switch` it leaves does.
  let continues = false;
  let breaks = false;
  for (const ancestor of ancestors(earlier)) {
    if (laterAncestors.has(ancestor)) {
      const laterChild = [later, ...ancestors(later)].find((node) => node.parent === ancestor);
      return exits || continues || breaks || differentBranches(ancestor, child, laterChild) || (laterChild !== undefined && contradictoryGuards(earlier, later, ancestor));
    }
    if (STATEMENT_LISTS.has(ancestor.type)) {
      const body = bodyOf(ancestor);
      const index = positionIn(body, child);
      if (index !== -1 && exitsBetween(body, index, body.length)) exits = true;
      if (iteration && index !== -1 && exitsBetween(body, index, body.length, true)) {
        // The first one reached decides where the iteration goes.
        const jump = body.slice(index).find(isJump);
        if (jump?.type === AST_NODE_TYPES.ContinueStatement) continues = true;
        else breaks = true;
      }
    }
    if (LOOPS.has(ancestor.type)) {
      continues = false;
      breaks = false;
    }
    if (ancestor.type === AST_NODE_TYPES.SwitchStatement) breaks = false;
    if (isFunction(ancestor)) exits = continues = breaks = false;
    child = ancestor;
  }
  return false;
}

/**
 * What holds where a node runs, one entry per enclosing branch: an `if` test, or for a `switch`
 * case the discriminant equal to one of the case values that reach it (its own and those of the
 * cases that fall into it).
 */
type Fact = TSESTree.Expression | readonly LiteralTest[];

/** The facts of the `if`s and `switch` cases between `node` and `top` that hold `node`. */
function holdingFacts(node: TSESTree.Node, top: TSESTree.Node): Fact[] {
  const facts: Fact[] = [];
  let child = node;
  for (let parent = node.parent; parent && parent !== top; parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === child) facts.push(parent.test);
    // The `else` of `if (isNew)` (or of `if (!isNew)`): the variable is falsy (truthy) there.
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.alternate === child) {
      const test = literalTest(skipTypeWrappers(parent.test));
      if (test?.kind === 'truthy' || test?.kind === 'falsy') facts.push([{ ...test, kind: test.kind === 'truthy' ? 'falsy' : 'truthy' }]);
    }
    if (parent.type === AST_NODE_TYPES.SwitchCase && parent.test !== child) {
      const cases = switchCaseTests(parent);
      if (cases) facts.push(cases);
    }
    if (isFunction(parent)) return [];
    child = parent;
  }
  return facts;
}

/** `switch (x) { case 'a': case 'b': … }`: `x === 'a'` or `x === 'b'` holds in the second case's body; null when a `default` or a non-literal case reaches it. */
function switchCaseTests(switchCase: TSESTree.SwitchCase): LiteralTest[] | null {
  const statement = switchCase.parent;
  const subject = pathKey(statement.discriminant);
  if (subject === null) return null;
  const tests: LiteralTest[] = [];
  for (let index = statement.cases.indexOf(switchCase); index >= 0; index--) {
    const current = statement.cases[index]!;
    if (current !== switchCase && endsInExit(current)) break;
    const value = current.test ? staticString(current.test) : null;
    if (value === null) return null;
    tests.push({ subject, kind: 'equals', value });
  }
  return tests;
}

/** A switch case whose body never falls into the next case. */
function endsInExit(switchCase: TSESTree.SwitchCase): boolean {
  const last = switchCase.consequent[switchCase.consequent.length - 1];
  return last !== undefined && alwaysExits(last);
}

/**
 * Two plain `if`s (no `else` between them), or `switch` cases, whose conditions cannot both hold, so
 * their bodies never both run: one variable or member path that nothing changes is tested against
 * distinct literals (`data.startsWith('validate_')` and later `data.startsWith('motif1_') ||
 * data.startsWith('motif2_')`, `query.data == 'a'` and `query.data == 'b'`, `case 'a':` and `kind === 'b'`).
 */
function contradictoryGuards(earlier: TSESTree.Node, later: TSESTree.Node, common: TSESTree.Node): boolean {
  const earlierFacts = holdingFacts(earlier, common);
  if (earlierFacts.length === 0) return false;
  const laterFacts = holdingFacts(later, common);
  if (laterFacts.length === 0) return false;
  const fn = enclosingFunction(common) ?? common;
  return earlierFacts.some((a) => laterFacts.some((b) => contradicts(a, b, fn)));
}

function contradicts(a: Fact | LiteralTest, b: Fact | LiteralTest, fn: TSESTree.Node): boolean {
  // A list of switch values: each one contradicts the other side.
  if (isList(a)) return a.every((x) => contradicts(x, b, fn));
  if (isList(b)) return b.every((y) => contradicts(a, y, fn));
  const left = isLiteralTest(a) ? a : skipTypeWrappers(a);
  const right = isLiteralTest(b) ? b : skipTypeWrappers(b);
  if (!isLiteralTest(left) && left.type === AST_NODE_TYPES.LogicalExpression) {
    if (left.operator === '||') return contradicts(left.left, b, fn) && contradicts(left.right, b, fn);
    if (left.operator === '&&') return contradicts(left.left, b, fn) || contradicts(left.right, b, fn);
  }
  if (!isLiteralTest(right) && right.type === AST_NODE_TYPES.LogicalExpression) {
    if (right.operator === '||') return contradicts(a, right.left, fn) && contradicts(a, right.right, fn);
    if (right.operator === '&&') return contradicts(a, right.left, fn) || contradicts(a, right.right, fn);
  }
  // `if (callbackQuery)` and `if (chosenResult)` destructured from one body: one update carries one kind.
  const u = isLiteralTest(left) ? null : updateKindTest(left, fn);
  const v = u && !isLiteralTest(right) ? updateKindTest(right, fn) : null;
  if (u && v && u.update === v.update && u.kind !== v.kind && !(PLAIN_WORD_KINDS.has(u.kind) && PLAIN_WORD_KINDS.has(v.kind))) return true;
  const x = isLiteralTest(left) ? left : literalTest(left);
  const y = isLiteralTest(right) ? right : literalTest(right);
  if (!x || !y || x.subject !== y.subject || !unchanged(x.subject, fn)) return false;
  // `if (isNew)` and the `else` of another `if (isNew)`, or `if (!isNew)`.
  if (x.kind === 'truthy' || x.kind === 'falsy' || y.kind === 'truthy' || y.kind === 'falsy') {
    return (x.kind === 'truthy' && y.kind === 'falsy') || (x.kind === 'falsy' && y.kind === 'truthy');
  }
  if (x.kind === 'equals' && y.kind === 'equals') return x.value !== y.value;
  if (x.kind === 'prefix' && y.kind === 'prefix') return !x.value.startsWith(y.value) && !y.value.startsWith(x.value);
  // A substring can follow any prefix, and two substrings can sit in one value.
  if (x.kind !== 'equals' && y.kind !== 'equals') return false;
  const [equals, other] = x.kind === 'equals' ? [x, y] : [y, x];
  return other.kind === 'prefix' ? !equals.value.startsWith(other.value) : !equals.value.includes(other.value);
}

/**
 * Update kinds that are also plain words: an object with only `message` and `poll` may be no
 * Telegram update, so two such kinds alone prove nothing.
 */
const PLAIN_WORD_KINDS: ReadonlySet<string> = new Set(['message', 'poll']);

/** Which kind of which Telegram update a truthy test proves present: `update.callback_query` → `update` holds `callback_query`. */
interface UpdateKindTest {
  /** The update object, dotted: `req.body`, `update`. */
  update: string;
  /** A Bot API update key (`callback_query`, `chosen_inline_result`). */
  kind: string;
}

/**
 * A truthy test that proves one kind of a Telegram update present, in a function where nothing
 * changes it: a member path through an update key (`update.callback_query`, `body.message.text`,
 * `body?.chosen_inline_result`), or a variable bound once in `fn` to one
 * (`const { callback_query: callbackQuery } = req.body`, `const cq = update.callback_query`), or a
 * path from such a variable (`callbackQuery.data`). The Bot API sends at most one kind per update,
 * so two tests of different kinds of one update never both hold.
 */
function updateKindTest(test: TSESTree.Node, fn: TSESTree.Node): UpdateKindTest | null {
  if (test.type !== AST_NODE_TYPES.Identifier && test.type !== AST_NODE_TYPES.MemberExpression) return null;
  const path = getMemberPath(test);
  if (!path) return null;
  const bound = updateKindBindings(fn).get(path[0]!);
  // Bound in a block that holds the test (else the test reads another variable of that name).
  if (bound) return containsRange(bound.scope, test) && unchanged(path[0]!, fn) ? bound : null;
  const index = path.findIndex((key, position) => position > 0 && UPDATE_KEYS.has(key));
  if (index === -1 || !unchanged(path.slice(0, index + 1).join('.'), fn)) return null;
  return { update: path.slice(0, index).join('.'), kind: path[index]! };
}

/** A variable bound to one kind of an update, and the node its declaration is visible in. */
interface UpdateKindBinding extends UpdateKindTest {
  scope: TSESTree.Node;
}

/** Per function: its variables bound once, in its own body, to one kind of an update (null: bound more than once, or to something else). */
const updateKindsByFunction = new WeakMap<TSESTree.Node, Map<string, UpdateKindBinding | null>>();

function updateKindBindings(fn: TSESTree.Node): Map<string, UpdateKindBinding | null> {
  let bindings = updateKindsByFunction.get(fn);
  if (bindings) return bindings;
  const found = new Map<string, UpdateKindBinding | null>();
  const bind = (name: string, kind: UpdateKindBinding | null) => found.set(name, found.has(name) ? null : kind);
  if (isFunction(fn)) for (const param of fn.params) for (const identifier of patternIdentifiers(param)) bind(identifier.name, null);
  walkSameFunction(fn, (node) => {
    if (node.type !== AST_NODE_TYPES.VariableDeclarator) return;
    const init = node.init ? skipTypeWrappers(node.init) : null;
    const source = init ? getMemberPath(init) : null;
    const scope = node.parent.parent ?? node.parent;
    if (node.id.type === AST_NODE_TYPES.Identifier) {
      // `const cq = update.callback_query`
      const key = source && source.length > 1 ? source.at(-1)! : null;
      bind(node.id.name, source && key !== null && UPDATE_KEYS.has(key) ? { update: source.slice(0, -1).join('.'), kind: key, scope } : null);
      return;
    }
    // `const { callback_query: callbackQuery, message } = req.body`
    const kinds = new Map<string, string>();
    if (node.id.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of node.id.properties) {
        const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
        if (key !== null && property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier && UPDATE_KEYS.has(key)) {
          kinds.set(property.value.name, key);
        }
      }
    }
    for (const identifier of patternIdentifiers(node.id)) {
      const kind = kinds.get(identifier.name);
      bind(identifier.name, source && kind !== undefined ? { update: source.join('.'), kind, scope } : null);
    }
  });
  bindings = found;
  updateKindsByFunction.set(fn, bindings);
  return bindings;
}

const isList = (fact: Fact | LiteralTest): fact is readonly LiteralTest[] => Array.isArray(fact);
const isLiteralTest = (fact: TSESTree.Node | LiteralTest): fact is LiteralTest => 'subject' in fact;

interface LiteralTest {
  /** The tested variable or member path, dotted: `kind`, `query.data`. */
  subject: string;
  /** `x === value`, `x.startsWith(value)`, `x.includes(value)`; `x` alone (truthy) and `!x` (falsy), with an empty value. */
  kind: 'equals' | 'prefix' | 'contains' | 'truthy' | 'falsy';
  value: string;
}

/** `x`, `query.data`, `ctx.callbackQuery?.data` → the dotted path; anything else (calls, computed keys) → null. */
function pathKey(node: TSESTree.Node): string | null {
  return getMemberPath(node)?.join('.') ?? null;
}

/**
 * `x === 'a'`, `'a' == x`, `x.startsWith('a')`, and the substring tests `x.includes('a')`,
 * `~x.indexOf('a')`, `x.indexOf('a') !== -1` (or `> -1`, `>= 0`) on a variable or member path `x`.
 * A bare variable `x` (truthy) or `!x` (falsy) is tested too.
 */
function literalTest(test: TSESTree.Node): LiteralTest | null {
  if (test.type === AST_NODE_TYPES.Identifier) return { subject: test.name, kind: 'truthy', value: '' };
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' && test.argument.type === AST_NODE_TYPES.Identifier) {
    return { subject: test.argument.name, kind: 'falsy', value: '' };
  }
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '~') {
    const found = stringSearch(skipTypeWrappers(test.argument));
    return found?.method === 'indexOf' ? found.test : null;
  }
  if (test.type === AST_NODE_TYPES.BinaryExpression) {
    if (test.operator === '===' || test.operator === '==') {
      for (const [side, other] of [[test.left, test.right], [test.right, test.left]] as const) {
        const subject = pathKey(side);
        const value = staticString(other);
        if (subject !== null && value !== null) return { subject, kind: 'equals', value };
      }
    }
    const found = stringSearch(skipTypeWrappers(test.left));
    const bound = skipTypeWrappers(test.right);
    const limit = bound.type === AST_NODE_TYPES.UnaryExpression && bound.operator === '-' ? -numberOf(bound.argument) : numberOf(bound);
    const present =
      ((test.operator === '!==' || test.operator === '!=' || test.operator === '>') && limit === -1) || (test.operator === '>=' && limit === 0);
    return found?.method === 'indexOf' && present ? found.test : null;
  }
  const found = stringSearch(test);
  return found && found.method !== 'indexOf' ? found.test : null;
}

/** `x.startsWith('a')`, `x.includes('a')`, `x.indexOf('a')` on a variable or member path: the test it makes when it succeeds. */
function stringSearch(call: TSESTree.Node): { method: string; test: LiteralTest } | null {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) return null;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const method = getPropertyName(callee);
  if (method !== 'startsWith' && method !== 'includes' && method !== 'indexOf') return null;
  const subject = pathKey(callee.object);
  const value = staticString(call.arguments[0]);
  if (subject === null || value === null) return null;
  return { method, test: { subject, kind: method === 'startsWith' ? 'prefix' : 'contains', value } };
}

const numberOf = (node: TSESTree.Node): number => (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'number' ? node.value : Number.NaN);

interface Changes {
  /** Variables and member paths (dotted) assigned, updated or deleted after their declaration. */
  assigned: Set<string>;
  /** Objects (dotted paths) a method is called on, or handed to `Object.assign`: their properties may change. */
  receivers: Set<string>;
}

/** Per function: what code in it (nested functions included) changes. */
const changesByFunction = new WeakMap<TSESTree.Node, Changes>();

function changesIn(fn: TSESTree.Node): Changes {
  let changes = changesByFunction.get(fn);
  if (changes) return changes;
  const found: Changes = { assigned: new Set(), receivers: new Set() };
  const assign = (target: TSESTree.Node) => {
    for (const written of patternTargets(target)) {
      const key = pathKey(written);
      if (key !== null) found.assigned.add(key);
    }
  };
  walkSameFunction(
    fn,
    (node) => {
      if (node.type === AST_NODE_TYPES.AssignmentExpression) assign(node.left);
      else if (node.type === AST_NODE_TYPES.UpdateExpression) assign(node.argument);
      else if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') assign(node.argument);
      else if ((node.type === AST_NODE_TYPES.ForOfStatement || node.type === AST_NODE_TYPES.ForInStatement) && node.left.type !== AST_NODE_TYPES.VariableDeclaration) {
        assign(node.left);
      } else if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = skipTypeWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const receiver = getMemberPath(callee)?.join('.') === 'Object.assign' ? node.arguments[0] : callee.object;
        const key = receiver ? pathKey(receiver) : null;
        if (key !== null) found.receivers.add(key);
      }
    },
    { enterFunctions: true },
  );
  changes = found;
  changesByFunction.set(fn, changes);
  return changes;
}

/**
 * Whether no code in `fn` (nested functions included) can change the value at a variable or member
 * path: nothing assigns it or an object on its way (`query = …`, `query.data = …`), and no method is
 * called on the object that holds it (`user.set('menu', …)` may change `user.menu`).
 */
function unchanged(subject: string, fn: TSESTree.Node): boolean {
  const { assigned, receivers } = changesIn(fn);
  const path = subject.split('.');
  for (let length = 1; length <= path.length; length++) if (assigned.has(path.slice(0, length).join('.'))) return false;
  return path.length === 1 || !receivers.has(path.slice(0, -1).join('.'));
}

function differentBranches(parent: TSESTree.Node, a: TSESTree.Node, b: TSESTree.Node | undefined): boolean {
  if (!b || a === b) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return a !== parent.test && b !== parent.test;
    case AST_NODE_TYPES.SwitchStatement: {
      if (a === parent.discriminant || b === parent.discriminant) return false;
      // Cases are exclusive unless the first one falls through into the second.
      const [from, to] = [parent.cases.indexOf(a as TSESTree.SwitchCase), parent.cases.indexOf(b as TSESTree.SwitchCase)].sort((x, y) => x - y);
      return parent.cases.slice(from, to).some(endsInExit);
    }
    case AST_NODE_TYPES.TryStatement:
      return (a === parent.block && b === parent.handler) || (a === parent.handler && b === parent.block);
    default: {
      if (!STATEMENT_LISTS.has(parent.type)) return false;
      // Siblings in one block: `earlier`'s own statement may end the function.
      const body = bodyOf(parent);
      const index = positionIn(body, a);
      if (index === -1) return false;
      // Up to `b`; `slice(index, -1)` when `b` is no statement of the list (a `case` test).
      const end = positionIn(body, b);
      return exitsBetween(body, index, end === -1 ? body.length - 1 : end);
    }
  }
}

/**
 * What a failure of the call `call` keeps from running once `from` ran, or null when it keeps
 * nothing for sure. `call` must be awaited as a statement of its own (`await q(…);`, `const r =
 * await q(…);`: a rejection throws there; a promise not awaited, or chained as `q(…).catch(…)`,
 * stops nothing) in a block that also holds `from` before it, with no `break` or `continue` between
 * the two (so every path from `from` that goes on past the statement ran `call`). The predicate then
 * holds for a node after that statement in the same function and inside every `try` block around
 * it (a `catch` around the call would go on to what follows its `try`).
 */
export function stopsOnFailure(call: TSESTree.Node, from: TSESTree.Node): ((node: TSESTree.Node) => boolean) | null {
  const awaited = call.parent;
  if (awaited?.type !== AST_NODE_TYPES.AwaitExpression || awaited.argument !== call) return null;
  const holder = awaited.parent;
  const statement =
    holder?.type === AST_NODE_TYPES.ExpressionStatement
      ? holder
      : holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === awaited && holder.parent.declarations.length === 1
        ? holder.parent
        : null;
  const block = statement?.parent;
  if (!statement || block?.type !== AST_NODE_TYPES.BlockStatement || !containsRange(block, from) || from.range[1] > statement.range[0]) return null;
  const leaves = someInSameFunction(
    block,
    (node) => (node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement) && node.range[0] >= from.range[1] && node.range[1] <= statement.range[0],
  );
  if (leaves) return null;
  const fn = enclosingFunction(statement);
  const tries = ancestorsInFunction(statement).filter((ancestor): ancestor is TSESTree.TryStatement => ancestor.type === AST_NODE_TYPES.TryStatement && containsRange(ancestor.block, statement));
  return (node) => node.range[0] >= statement.range[1] && enclosingFunction(node) === fn && tries.every((attempt) => containsRange(attempt.block, node));
}

/** How many nodes {@link isInCatch} was asked about (a work count tests read). */
export const catchWork = { checks: 0 };

/** Whether a node runs only when something failed: inside a `catch` clause of its own function. */
export function isInCatch(node: TSESTree.Node): boolean {
  catchWork.checks++;
  return ancestorsInFunction(node).some((ancestor) => ancestor.type === AST_NODE_TYPES.CatchClause);
}

/**
 * Whether the code itself says that a write may fail on its own (a best-effort write: a log line, a
 * chat message): its promise chain ends in `.catch(fn)` with a function of its own that carries on
 * (`.catch(() => {})`, `.catch((e) => console.error(e))`: no `throw` in it, no `Promise.reject`), or
 * it is the only one of `others` (the function's other writes) in a `try` block whose `catch` carries
 * on (no `throw`, no `return`). Either way the code after it does not depend on it having worked.
 */
export function ignoresOwnFailure(node: TSESTree.Node, others: readonly TSESTree.Node[]): boolean {
  // The chain the node is a link of: `db.from('log').insert(row).catch(() => {})`.
  for (let current: TSESTree.Node = node; ; ) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipTypeWrappers(current.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'catch' && carriesOn(current.arguments[0])) return true;
    }
    const parent = current.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current || parent.parent.type !== AST_NODE_TYPES.CallExpression || parent.parent.callee !== parent) break;
    current = parent.parent;
  }
  let child: TSESTree.Node = node;
  for (let parent = child.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && parent.handler) {
      const block = parent.block;
      const alone = others.every((other) => other === node || !(other.range[0] >= block.range[0] && other.range[1] <= block.range[1]));
      return alone && !someInSameFunction(parent.handler.body, (inner) => inner.type === AST_NODE_TYPES.ThrowStatement || inner.type === AST_NODE_TYPES.ReturnStatement);
    }
  }
  return false;
}

/** A rejection handler written in place that carries on: no `throw` in it and no `Promise.reject(…)`. */
function carriesOn(handler: TSESTree.Node | undefined): boolean {
  if (handler?.type !== AST_NODE_TYPES.ArrowFunctionExpression && handler?.type !== AST_NODE_TYPES.FunctionExpression) return false;
  return !someInSameFunction(
    handler.body,
    (inner) =>
      inner.type === AST_NODE_TYPES.ThrowStatement ||
      (inner.type === AST_NODE_TYPES.CallExpression && getMemberPath(inner.callee)?.join('.') === 'Promise.reject'),
  );
}

/** Parents that carry their child's value on: type wrappers, `await`, member reads. */
const passesThrough = (node: TSESTree.Node): boolean =>
  isTypeWrapper(node) || node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.MemberExpression;
const CONDITIONS = new Set<AST_NODE_TYPES>([
  AST_NODE_TYPES.IfStatement,
  AST_NODE_TYPES.ConditionalExpression,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
  AST_NODE_TYPES.LogicalExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.BinaryExpression,
]);

/** The whole expression a query call is part of: `db.prepare(…).get(id)`, `(await q(…)).rows[0]`. */
function outermost(expression: TSESTree.Node): TSESTree.Node {
  let current = expression;
  for (let parent = current.parent; parent; parent = current.parent) {
    const passes =
      (passesThrough(parent) && !(parent.type === AST_NODE_TYPES.MemberExpression && parent.object !== current)) ||
      (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current);
    if (!passes) break;
    current = parent;
  }
  return current;
}

function patternIdentifiers(pattern: TSESTree.Node): TSESTree.Identifier[] {
  return patternTargets(pattern).filter((target) => target.type === AST_NODE_TYPES.Identifier);
}

/** What a pattern (or an assignment's left side) writes: its variables and member targets (`[a, obj.b] = …`). */
function patternTargets(pattern: TSESTree.Node): (TSESTree.Identifier | TSESTree.MemberExpression)[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression:
      return [pattern];
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.flatMap((element) => (element ? patternTargets(element) : []));
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.flatMap((property) => patternTargets(property.type === AST_NODE_TYPES.Property ? property.value : property.argument));
    case AST_NODE_TYPES.AssignmentPattern:
      return patternTargets(pattern.left);
    case AST_NODE_TYPES.RestElement:
      return patternTargets(pattern.argument);
    default:
      return isTypeWrapper(pattern) ? patternTargets(pattern.expression) : [];
  }
}

/** What code does with a query's result before a later point. */
export interface ResultReads {
  /** The result is tested in a condition, or a variable holding it (or derived from it) is read. */
  used: boolean;
  /**
   * Property names read from the result or from values derived from it (`rows[0].balance`,
   * `const { balance } = user`), normalised: lower-case, without underscores (`telegram_id` and
   * `telegramId` both give `telegramid`).
   */
  properties: Set<string>;
  /** The identifiers (up to `later`) that hold the result or a value derived from it. */
  references: TSESTree.Node[];
}

/** `userId`, `user_id`, `USERID` → `userid`: lower case, underscores dropped (compares JS and SQL spellings). */
export const lowercaseWithoutUnderscores = (name: string): string => name.toLowerCase().replace(/_/g, '');

/**
 * Follows a query's result through the variables it is stored in, and the variables derived from
 * those (`const user = rows[0]`), up to the end of `later`'s expression, collecting the property
 * names read on the way.
 *
 * A variable holds the result from where it is given it on: a read of it that a plain assignment of
 * something else always precedes (`senderUser = primaryUser` … `senderUser = db.prepare(…).get(phone)`
 * in a block that then reads `senderUser.id`) reads that other value, not the result (see `replacedBefore`).
 * With `through` (a write the caller pairs with the read), only the paths through it count: a read
 * after it, of a variable that every path to `through` assigns anew, reads that other value too.
 */
export function readsOfResult(
  expression: TSESTree.Node,
  later: TSESTree.Node,
  getDeclaredVariables: (node: TSESTree.Node) => readonly { references: readonly { identifier: TSESTree.Node }[] }[],
  resolve: (identifier: TSESTree.Identifier) => { references: readonly { identifier: TSESTree.Node }[] } | null,
  through?: TSESTree.Node,
): ResultReads {
  const reads: ResultReads = { used: false, properties: new Set(), references: [] };
  const end = outermost(later).range[1];
  type Holder = { references: readonly { identifier: TSESTree.Node }[] };
  // Each variable with the node that gave it the result (a declarator or an assignment).
  const queue: { holder: Holder; from: TSESTree.Node }[] = [];
  const seen = new Map<Holder, Set<TSESTree.Node>>();
  const counted = new Set<TSESTree.Node>();
  const bind = (top: TSESTree.Node) => {
    const parent = top.parent;
    if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === top) {
      collectPatternKeys(parent.id, reads.properties);
      for (const holder of getDeclaredVariables(parent)) queue.push({ holder, from: parent });
      return true;
    }
    if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === top) {
      collectPatternKeys(parent.left, reads.properties);
      for (const identifier of patternIdentifiers(parent.left)) {
        const holder = resolve(identifier);
        if (holder) queue.push({ holder, from: parent });
      }
      return true;
    }
    return false;
  };
  const top = climb(expression, reads.properties);
  if (!bind(top)) reads.used = top.parent !== undefined && CONDITIONS.has(top.parent.type);
  while (queue.length > 0) {
    const { holder, from } = queue.shift()!;
    const bindings = seen.get(holder) ?? new Set<TSESTree.Node>();
    if (bindings.has(from)) continue;
    seen.set(holder, bindings.add(from));
    for (const reference of holder.references) {
      const { identifier } = reference;
      if (identifier.range[0] < expression.range[1] || identifier.range[1] > end || counted.has(identifier)) continue;
      if (replacedBefore(holder, from, identifier, through)) continue;
      counted.add(identifier);
      reads.used = true;
      reads.references.push(identifier);
      bind(climb(identifier, reads.properties));
    }
  }
  return reads;
}

/**
 * Whether the value `from` gave a variable is gone where `use` reads it: every path to `use` assigns
 * the variable anew (see `reassignedBefore`), or, with `through`, `use` comes after `through` and
 * every path to `through` does (the paths through a write that the caller pairs with a read).
 */
export function replacedBefore(holder: { references: readonly { identifier: TSESTree.Node }[] }, from: TSESTree.Node, use: TSESTree.Node, through?: TSESTree.Node): boolean {
  return reassignedBefore(holder, from, use) || (through !== undefined && use.range[0] >= through.range[1] && reassignedBefore(holder, from, through));
}

/**
 * Whether every path to `use` assigns the variable anew after `from` gave it its value: a plain
 * `name = …` (not `+=`, not a pattern) after `from`, a statement of a block that holds `use`, before
 * it (see `runsFirstInBlock`). A loop around both runs that assignment again before `use` each time.
 */
function reassignedBefore(holder: { references: readonly { identifier: TSESTree.Node }[] }, from: TSESTree.Node, use: TSESTree.Node): boolean {
  return holder.references.some(({ identifier }) => {
    const assignment = identifier.parent;
    return (
      assignment?.type === AST_NODE_TYPES.AssignmentExpression &&
      assignment.operator === '=' &&
      assignment.left === identifier &&
      assignment.range[0] >= from.range[1] &&
      assignment.range[1] <= use.range[0] &&
      runsFirstInBlock(assignment, use) !== null
    );
  });
}

/** Climbs member accesses (and awaits, casts, `?.`) above a node, collecting the property names. */
function climb(node: TSESTree.Node, properties: Set<string>): TSESTree.Node {
  let current = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      const name = parent.computed
        ? parent.property.type === AST_NODE_TYPES.Literal ? String(parent.property.value) : null
        : parent.property.type === AST_NODE_TYPES.Identifier ? parent.property.name : null;
      if (name !== null) properties.add(lowercaseWithoutUnderscores(name));
    } else if (!(passesThrough(parent) && parent.type !== AST_NODE_TYPES.MemberExpression) && !(parent.type === AST_NODE_TYPES.CallExpression && parent.callee === current)) {
      break;
    }
    current = parent;
  }
  return current;
}

function collectPatternKeys(pattern: TSESTree.Node, properties: Set<string>): void {
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) properties.add(lowercaseWithoutUnderscores(property.key.name));
      collectPatternKeys(property.value, properties);
    }
  } else if (pattern.type === AST_NODE_TYPES.ArrayPattern) {
    for (const element of pattern.elements) if (element) collectPatternKeys(element, properties);
  } else if (pattern.type === AST_NODE_TYPES.AssignmentPattern) {
    collectPatternKeys(pattern.left, properties);
  }
}

/** Per root (function or program): every point where its code can yield to other requests, by start. */
const suspensionPoints = new WeakMap<TSESTree.Node, TSESTree.Node[]>();

function suspensionsOf(root: TSESTree.Node): TSESTree.Node[] {
  let found = suspensionPoints.get(root);
  if (found) return found;
  found = [];
  // Nested functions count too (conservative: a callback may run in between).
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isWaitPoint(node)) found.push(node);
    stack.push(...childNodes(node));
  }
  found.sort((a, b) => a.range[0] - b.range[0]);
  suspensionPoints.set(root, found);
  return found;
}

/**
 * Whether other requests can run between the start of `earlier` and the start of `later` inside
 * `root`: an `await`, `yield` or `for await` ends after `earlier` starts and begins before `later`
 * does (an `await` around `later` itself does not count: `later` is sent before it suspends).
 * False means the two run in one synchronous stretch, which Node never interleaves (better-sqlite3,
 * `node:sqlite`). Textual: an `await` counts wherever it sits between the two; see
 * {@link canSuspendOnPathBetween} for the paths that reach `later`.
 */
export function canSuspendBetween(root: TSESTree.Node, earlier: TSESTree.Node, later: TSESTree.Node): boolean {
  return suspendsBetween(root, earlier, later, () => true);
}

/**
 * {@link canSuspendBetween} on the paths that reach `later` only: an `await` in a branch that always
 * ends the function before `later` (`if (!row) { const img = await render(); return reply(img); }`,
 * a `catch` that answers and returns) runs on a path where `later` never does, so it does not
 * separate `earlier` from `later`. An `await` in a branch that can go on to `later`, in a test, or
 * anywhere else between the two still does. Only the caller knows that the driver is synchronous
 * (`isSynchronousSqlite`): on an asynchronous one, a read's rows come in a callback or a promise and
 * the absence of an `await` proves nothing.
 */
export function canSuspendOnPathBetween(root: TSESTree.Node, earlier: TSESTree.Node, later: TSESTree.Node): boolean {
  return suspendsBetween(root, earlier, later, (point) => !exitsBefore(point, earlier, later));
}

/** Whether a suspension point between `earlier` and `later` (see {@link canSuspendBetween}) is one `counts` accepts. */
function suspendsBetween(root: TSESTree.Node, earlier: TSESTree.Node, later: TSESTree.Node, counts: (point: TSESTree.Node) => boolean): boolean {
  const points = suspensionsOf(root);
  // Sorted by start: only points that start before `later` count, and the nearest ones (the
  // `await` of the statement just before) decide it almost always, so look from there backwards.
  const low = firstStartingFrom(points, later.range[0]);
  for (let i = low - 1; i >= 0; i--) {
    const point = points[i]!;
    const [start, end] = point.range;
    if (end > earlier.range[0] && !(start <= later.range[0] && end >= later.range[1]) && counts(point)) return true;
  }
  return false;
}

/**
 * Whether `point` sits in a branch (of an `if`, or a `catch`) that holds neither `earlier` nor
 * `later` and on every path ends the function that runs `later` (`return`, or a `throw` no `try`
 * of that function catches), with no `finally` of it holding `later` (a `return` runs it).
 */
function exitsBefore(point: TSESTree.Node, earlier: TSESTree.Node, later: TSESTree.Node): boolean {
  let child: TSESTree.Node = point;
  for (let parent = point.parent; parent; child = parent, parent = parent.parent) {
    const branch =
      parent.type === AST_NODE_TYPES.IfStatement && parent.test !== child
        ? (child as TSESTree.Statement)
        : parent.type === AST_NODE_TYPES.CatchClause && parent.body === child
          ? parent.body
          : null;
    if (branch === null || containsRange(branch, later) || containsRange(branch, earlier)) continue;
    const fn = enclosingFunction(parent);
    if (fn !== null && !containsRange(fn, later)) continue;
    if (endsFunction(branch, parent, later)) return true;
  }
  return false;
}

/** Whether every path through `branch` ends its function: a `return`, or a `throw` that no `try` around `holder` in that function catches, and no `finally` on the way holds `later`. */
function endsFunction(branch: TSESTree.Statement, holder: TSESTree.Node, later: TSESTree.Node): boolean {
  let caught = false;
  let child: TSESTree.Node = holder;
  for (let parent = holder.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type !== AST_NODE_TYPES.TryStatement) continue;
    // A `finally` runs on the way out: one that holds `later` goes on to it.
    if (parent.finalizer !== null && parent.finalizer !== child && containsRange(parent.finalizer, later)) return false;
    caught ||= parent.block === child && parent.handler !== null;
  }
  return everyPathEndsIn(branch, (end) => end.type === AST_NODE_TYPES.ReturnStatement || (end.type === AST_NODE_TYPES.ThrowStatement && !caught));
}

/**
 * Whether the function ends normally between `earlier` and `later`: in a statement list that holds
 * `later` (or a statement around it), after `earlier`, an `if (…) return …;` whose consequent always
 * ends in a `return` (not a `throw`: an error path, not an outcome), and whose test
 * reads no variable `earlier`'s result was stored in (`if (debit.rowCount === 0) return;` is about
 * the write itself). On that path the function ends with `earlier` done and `later` not, by design:
 * `earlier` alone is a state of its own (a verification attempt recorded, a stake placed while the
 * player waits), not half of one change.
 */
export function returnsBetween(earlier: TSESTree.Node, later: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let child: TSESTree.Node = later;
  for (let parent = later.parent; parent && !isFunction(parent); parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.BlockStatement) {
      for (const statement of parent.body) {
        if (statement.range[0] < earlier.range[1] || statement.range[1] > child.range[0]) continue;
        if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate !== null) continue;
        if (everyPathEndsIn(statement.consequent, (end) => end.type === AST_NODE_TYPES.ReturnStatement) && !readsResultOf(statement.test, earlier, sourceCode)) return true;
      }
    }
    child = parent;
  }
  return false;
}

/** Whether `test` reads a variable that a write holding `call` assigned: `const r = await pool.query(…)`, `user = await …`. */
function readsResultOf(test: TSESTree.Node, call: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let reads = false;
  walkSameFunction(test, (node) => {
    if (node.type !== AST_NODE_TYPES.Identifier) return;
    const variable = resolveName(node.name, node, sourceCode);
    reads ||= variable !== null && variable.references.some((reference) => reference.writeExpr != null && reference.writeExpr.range[0] <= call.range[0] && reference.writeExpr.range[1] >= call.range[1]);
  });
  return reads;
}

/** The `if`, `?:` or `while` whose test holds `node`, or null. */
export function conditionOf(node: TSESTree.Node): TSESTree.IfStatement | TSESTree.ConditionalExpression | TSESTree.WhileStatement | null {
  for (let current = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression || parent.type === AST_NODE_TYPES.WhileStatement) && parent.test === current) return parent;
    if (isFunction(parent) || parent.type.endsWith('Statement') || parent.type === AST_NODE_TYPES.VariableDeclarator) return null;
  }
  return null;
}

/**
 * Whether a condition may decide that `gated` runs: `gated` sits in one of its branches, or it is an
 * `if` with a branch that always leaves (`return`, `throw`, `continue`, `break`) and `gated` follows it
 * in the same block, or with a branch that always ends the function (`return`, `throw`) and `gated`
 * comes after it anywhere in the function (the `if` in a nested block). A condition before `gated`
 * whose branches both go on to it does not: `gated` runs either way.
 */
export function decides(holder: TSESTree.Node, gated: TSESTree.Node): boolean {
  if (gated.range[0] >= holder.range[0] && gated.range[1] <= holder.range[1]) return true;
  if (holder.type !== AST_NODE_TYPES.IfStatement || gated.range[0] < holder.range[1]) return false;
  const branches = holder.alternate === null ? [holder.consequent] : [holder.consequent, holder.alternate];
  const block = holder.parent;
  if (block && gated.range[1] <= block.range[1] && branches.some(alwaysExits)) return true;
  const ends = (end: TSESTree.Statement) => end.type === AST_NODE_TYPES.ReturnStatement || end.type === AST_NODE_TYPES.ThrowStatement;
  const fn = enclosingFunction(holder);
  return branches.some((branch) => everyPathEndsIn(branch, ends)) && (fn === null || containsRange(fn, gated));
}

/** Whether a statement always leaves the code after it: `return`, `throw`, `continue`, `break`, `process.exit()`, or an `if` / block whose every path does. */
export function alwaysExits(statement: TSESTree.Statement): boolean {
  return everyPathEndsIn(statement, leaves);
}

/** Whether a statement always throws: `throw`, a block ending in one, an `if` whose two branches do. */
function alwaysThrows(statement: TSESTree.Statement): boolean {
  return everyPathEndsIn(statement, (end) => end.type === AST_NODE_TYPES.ThrowStatement);
}

/** Whether every path through a statement ends in one `ends` accepts: a block's last statement, both branches of an `if`. */
function everyPathEndsIn(statement: TSESTree.Statement, ends: (statement: TSESTree.Statement) => boolean): boolean {
  if (ends(statement)) return true;
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body[statement.body.length - 1];
    return last !== undefined && everyPathEndsIn(last, ends);
  }
  if (statement.type === AST_NODE_TYPES.IfStatement) return statement.alternate !== null && everyPathEndsIn(statement.consequent, ends) && everyPathEndsIn(statement.alternate, ends);
  // A `try` ends where its `finally` always ends, or where its block does and so does its `catch`
  // (a throw in the block goes there); without a `catch` the throw leaves the statement too.
  if (statement.type === AST_NODE_TYPES.TryStatement) {
    if (statement.finalizer && everyPathEndsIn(statement.finalizer, ends)) return true;
    return everyPathEndsIn(statement.block, ends) && (statement.handler === null || everyPathEndsIn(statement.handler.body, ends));
  }
  return false;
}

/** A statement that leaves the code after it by itself: `return`, `throw`, `continue`, `break`, a call of `exit` or `abort`. */
function leaves(statement: TSESTree.Statement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.ExpressionStatement: {
      const call = skipTypeWrappers(statement.expression);
      if (call.type !== AST_NODE_TYPES.CallExpression) return false;
      const name = getCalleeName(call);
      return name === 'exit' || name === 'abort';
    }
    default:
      return false;
  }
}

/**
 * Whether a call of `fn` never returns: its body ends in a statement that always throws and holds
 * no `return` of its own (`function fail(reason): never { log(reason); throw new Error(reason); }`).
 * An `async` one rejects instead, which an `await` turns back into a throw.
 */
export function neverReturns(fn: TSESTree.Node): boolean {
  if (!isFunction(fn) || fn.body.type !== AST_NODE_TYPES.BlockStatement || !alwaysThrows(fn.body)) return false;
  return !someInSameFunction(fn.body, (node) => node.type === AST_NODE_TYPES.ReturnStatement);
}
