import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, type FunctionNode, getPropertyName, isCallee, isFunction, isNullish, isTypeWrapper, resolveVariable, returnsOrThrows } from '../ast/index.js';
import { stateChangeOf, type StateChange } from '../effects/index.js';
import { DEFAULT_LOGGERS } from '../errors/index.js';
import { projectCallersOf, type FileRef } from '../summaries/index.js';
import { httpModelOf } from './clients.js';

type Variable = TSESLint.Scope.Variable;

/**
 * Whether a parsed response body (the read `res.json` / `res.text` …, followed from its call) flows
 * as a value into a state change of `kinds` (see `stateChangeOf`): an argument of a write, a balance
 * change or a file send, directly or through what carries a value on —
 * - field reads (`data.price`), `await`, `?.`, templates, arithmetic, `??` / `||`, `?:` branches,
 *   object and array literals, `new X(value)`, methods called on the value (`data.items.find(…)`,
 *   `.toFixed()`) and the first parameter of their callbacks (`.map((item) => …)`, `.then((body) => …)`);
 * - a call of a helper that is not awaited (`extractPhone(html)`, `Number(x)`, `Buffer.from(bytes)`);
 * - variables it initialises or is assigned to (`const price = data.price`, `order.price = …` taints
 *   `order`), `push` / `set` / `add` into a collection, `for (const item of data.items)`;
 * - a `return` of a function that is no callback: into the result of each seen call of it (see
 *   `projectCallersOf`), two functions deep.
 * Not through a test (`if`, `!`, a comparison, the `?:` test, the left of `&&`): what a branch then
 * does with other values is not the body's value. Not through an awaited call of a function (it does
 * I/O and returns its own data), an HTTP request (a new response), a logging call. A field read
 * that a presence test of the field (or of a field it is read under) covers is not followed: inside
 * `if (data.result?.value !== undefined) { … }` or `data.x && …`, or after `if (!data.x) return` —
 * an error body lacks the field, so its value never gets there. Such a test of a data field covers
 * the body's other fields too (`if (!res.total) return` before `res.items[0]`: see `gatesBody`). A
 * test of the whole body (`!data`) is none: an error body is an object too.
 */
export function bodyFlowsIntoChange(read: TSESTree.Node, file: FileRef, kinds: ReadonlySet<StateChange>): boolean {
  const flow = new BodyFlow(kinds);
  // axios's `const { data } = await axios.get(u)`: the body is the variable the property binds.
  if (read.type === AST_NODE_TYPES.Property && read.parent.type === AST_NODE_TYPES.ObjectPattern) {
    let declaration: TSESTree.Node = read.parent;
    while (declaration.parent && declaration.type !== AST_NODE_TYPES.VariableDeclarator && !isFunction(declaration)) declaration = declaration.parent;
    return flow.fromPattern(read.value, declaration, file, false, 0);
  }
  return flow.fromExpression(read, file, false, 0);
}

function isChange(change: StateChange | null, kinds: ReadonlySet<StateChange>): boolean {
  return change !== null && kinds.has(change);
}

/** How many function returns the flow follows into callers. */
const MAX_DEPTH = 2;

/** Methods whose callback's first parameter is an element (or the whole value, for `then`) of the receiver. */
const CALLBACK_METHODS = new Set(['then', 'map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'sort']);
/** Methods that put their argument into the receiver: `list.push(x)`, `map.set(k, x)`, `set.add(x)`. */
const STORING_METHODS = new Set(['push', 'unshift', 'set', 'add', 'append']);
/** Calls whose result is settled from their arguments even when awaited. */
const SETTLING = new Set(['Promise.all', 'Promise.allSettled', 'Promise.resolve', 'Promise.race', 'Promise.any']);

class BodyFlow {
  private readonly seen = new Set<Variable>();
  private readonly seenFunctions = new Set<TSESTree.Node>();

  constructor(private readonly kinds: ReadonlySet<StateChange>) {}

  /** Follows a value up through its parents; `field`: it is (part of) a field of the body, not the body whole. */
  fromExpression(start: TSESTree.Node, file: FileRef, startField: boolean, depth: number): boolean {
    let node = start;
    let field = startField;
    for (let steps = 0; steps < 64; steps++) {
      const parent = node.parent;
      if (!parent) return false;
      switch (parent.type) {
        case AST_NODE_TYPES.AwaitExpression:
        case AST_NODE_TYPES.TemplateLiteral:
        case AST_NODE_TYPES.SpreadElement:
        case AST_NODE_TYPES.ArrayExpression:
        case AST_NODE_TYPES.NewExpression:
          break;
        case AST_NODE_TYPES.TaggedTemplateExpression:
          return parent.quasi === node && isChange(stateChangeOf(parent), this.kinds);
        case AST_NODE_TYPES.MemberExpression:
          if (parent.object !== node) return false;
          if (!isCallee(parent)) field = true;
          break;
        case AST_NODE_TYPES.BinaryExpression:
          if (!ARITHMETIC.has(parent.operator)) return false;
          break;
        case AST_NODE_TYPES.LogicalExpression:
          if (parent.operator === '&&' && parent.left === node) return false;
          break;
        case AST_NODE_TYPES.ConditionalExpression:
          if (parent.test === node) return false;
          break;
        case AST_NODE_TYPES.UnaryExpression:
          if (parent.operator !== '-' && parent.operator !== '+' && parent.operator !== '~') return false;
          break;
        case AST_NODE_TYPES.Property:
          if (parent.value !== node || parent.parent.type !== AST_NODE_TYPES.ObjectExpression) return false;
          node = parent.parent;
          continue;
        case AST_NODE_TYPES.CallExpression: {
          const next = this.throughCall(parent, node, file, field, depth);
          if (next === true || next === false) return next;
          break;
        }
        case AST_NODE_TYPES.VariableDeclarator:
          return parent.init === node && this.fromDeclaration(parent, file, field, depth);
        case AST_NODE_TYPES.AssignmentExpression:
          return parent.right === node && this.fromAssignment(parent.left, file, field, depth);
        case AST_NODE_TYPES.ForOfStatement:
          return parent.right === node && parent.left.type === AST_NODE_TYPES.VariableDeclaration && this.fromDeclaration(parent.left.declarations[0], file, true, depth);
        case AST_NODE_TYPES.ReturnStatement:
          return this.fromReturn(enclosingFunction(parent), file, field, depth);
        case AST_NODE_TYPES.ArrowFunctionExpression:
          return parent.body === node && this.fromReturn(parent, file, field, depth);
        default:
          if (isTypeWrapper(parent)) break;
          return false;
      }
      node = parent;
    }
    return false;
  }

  /**
   * A call the value meets: `true` when it is a state change of the kinds the value is an argument
   * of, `false` when the value goes no further, `null` when the call's result carries it on.
   */
  private throughCall(call: TSESTree.CallExpression, node: TSESTree.Node, file: FileRef, field: boolean, depth: number): boolean | null {
    if (call.callee === node) {
      // A method of the value: its callback sees the value (or its elements), its result carries it.
      const name = node.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(node) : null;
      const callback = call.arguments[0];
      if (name !== null && CALLBACK_METHODS.has(name) && isFunction(callback) && callback.params[0]) {
        if (this.fromPattern(callback.params[0], callback, file, name === 'then' ? field : true, depth)) return true;
      }
      return null;
    }
    if (!(call.arguments as TSESTree.Node[]).includes(node)) return false;
    if (isChange(stateChangeOf(call, file.sourceCode), this.kinds)) return true;
    if (DEFAULT_LOGGERS.isLoggingCall(call) || httpModelOf(file.sourceCode).classify(call) !== null || isFetch(call)) return false;
    const callee = call.callee.type === AST_NODE_TYPES.ChainExpression ? call.callee.expression : call.callee;
    if (callee.type === AST_NODE_TYPES.MemberExpression && STORING_METHODS.has(getPropertyName(callee) ?? '')) {
      return this.fromAssignment(callee.object, file, true, depth);
    }
    let outer: TSESTree.Node = call;
    while (isTypeWrapper(outer.parent)) outer = outer.parent;
    if (outer.parent?.type === AST_NODE_TYPES.AwaitExpression && !SETTLING.has(memberPath(callee)?.join('.') ?? '')) return false;
    return null;
  }

  private fromDeclaration(declarator: TSESTree.VariableDeclarator, file: FileRef, field: boolean, depth: number): boolean {
    return this.fromPattern(declarator.id, declarator, file, field, depth);
  }

  /** Every variable a pattern declares; a destructured one holds a field. */
  fromPattern(pattern: TSESTree.Node, declaration: TSESTree.Node, file: FileRef, field: boolean, depth: number): boolean {
    const destructured = pattern.type !== AST_NODE_TYPES.Identifier;
    return file.sourceCode.getDeclaredVariables(declaration).some((variable) => variable.identifiers.some((id) => contains(pattern, id)) && this.fromVariable(variable, file, field || destructured, depth));
  }

  /** `x = value`, `order.price = value` (taints `order`, a variable of the function; not a parameter's or an import's object: `ctx.session.x = …`); `this.x = …` is not followed. */
  private fromAssignment(target: TSESTree.Node, file: FileRef, field: boolean, depth: number): boolean {
    let root = target;
    while (root.type === AST_NODE_TYPES.MemberExpression || isTypeWrapper(root)) root = root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.expression;
    if (root.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = resolveVariable(root, file.sourceCode);
    // A field of a parameter or an import (`ctx.session.data = value`) makes not the whole object the body's.
    if (variable === null || (root !== target && variable.defs[0]?.type !== TSESLint.Scope.DefinitionType.Variable)) return false;
    return this.fromVariable(variable, file, field || root !== target, depth);
  }

  private fromVariable(variable: Variable, file: FileRef, field: boolean, depth: number): boolean {
    if (this.seen.has(variable)) return false;
    this.seen.add(variable);
    const reads = variable.references.filter((reference) => reference.isRead() && !reference.init);
    const tests = reads.flatMap((reference) => presenceTest(reference.identifier) ?? []);
    return reads.some((reference) => {
      const use = memberChain(reference.identifier);
      const path = memberPath(use);
      const covered = path !== null && tests.some((test) => (test.path.length > 0 || field) && (isPrefix(test.path, path.slice(1)) || gatesBody(test)) && test.covers(reference.identifier));
      return !covered && this.fromExpression(reference.identifier, file, field, depth);
    });
  }

  /** A function returns the value: a callback hands it to its call, any other function to its callers. */
  private fromReturn(fn: FunctionNode | null, file: FileRef, field: boolean, depth: number): boolean {
    if (!fn) return false;
    const call = fn.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && (call.arguments as TSESTree.Node[]).includes(fn)) {
      const method = call.callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(call.callee) : null;
      return method !== null && CALLBACK_METHODS.has(method) && this.fromExpression(call, file, field, depth);
    }
    if (depth >= MAX_DEPTH || this.seenFunctions.has(fn)) return false;
    this.seenFunctions.add(fn);
    return (projectCallersOf(fn, file) ?? []).some(({ call: site, file: caller }) => this.fromExpression(site, caller, field, depth + 1));
  }
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);

/** `fetch(…)`, `globalThis.fetch(…)`: a new response, whatever the model says of the file. */
function isFetch(call: TSESTree.CallExpression): boolean {
  const path = memberPath(call.callee);
  return path !== null && path.at(-1) === 'fetch';
}

/** The outermost member read of an identifier, through `?.` and type wrappers: `data?.result?.value`. */
function memberChain(identifier: TSESTree.Node): TSESTree.Node {
  let node = identifier;
  for (;;) {
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && !isCallee(parent)) node = parent;
    else if (isTypeWrapper(parent)) node = parent;
    else return node;
  }
}

/** The names of a member chain, from its root identifier; a computed key reads `*`. Null when the root is no identifier. */
function memberPath(node: TSESTree.Node): string[] | null {
  const names: string[] = [];
  let current = node;
  for (;;) {
    if (isTypeWrapper(current)) current = current.expression;
    else if (current.type === AST_NODE_TYPES.MemberExpression) {
      names.unshift(getPropertyName(current) ?? '*');
      current = current.object;
    } else if (current.type === AST_NODE_TYPES.Identifier) {
      names.unshift(current.name);
      return names;
    } else return null;
  }
}

/**
 * Fields an API's error answer carries besides its status fields (which count as a check already):
 * `{ message }` (GitHub, disease.sh), RFC 9457's `title`, `detail`, `type`, Spring's `path` and
 * `timestamp`. A presence test of one of them lets an error body through.
 */
const ERROR_ANSWER_FIELDS = new Set(['message', 'msg', 'detail', 'details', 'description', 'title', 'type', 'reason', 'path', 'timestamp', 'documentation_url']);

/**
 * Whether a presence test of a field gates every read of the body it covers, not only reads under
 * that field: `if (!res.total) return …` before `res.items[0].id`, `if (json && json.url) { … json.title … }`.
 * An error answer lacks the data field, so it never gets past the test (unless the field is one an
 * error answer carries: see {@link ERROR_ANSWER_FIELDS}).
 */
function gatesBody(test: PresenceTest): boolean {
  const first = test.path[0];
  return first !== undefined && first !== '*' && !ERROR_ANSWER_FIELDS.has(first.toLowerCase());
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((name, i) => name === '*' || name === path[i]);
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/** A presence test of a read (its field path, without the variable) and the code it covers. */
interface PresenceTest {
  path: string[];
  covers: (use: TSESTree.Node) => boolean;
}

/**
 * The presence test a read of a variable is, if any: the test of an `if`, `?:` or `&&` (alone, in an
 * `&&` chain, or compared `!== undefined` / `!= null`), which covers the branch taken when the field
 * is there; or `!x` / `x === undefined` / `x == null` (alone or in an `||` chain) testing an `if`
 * that returns, throws, continues or breaks, which covers the rest of its block.
 */
function presenceTest(identifier: TSESTree.Node): PresenceTest | null {
  const chain = memberChain(identifier);
  const full = memberPath(chain);
  if (full === null) return null;
  const path = full.slice(1);
  const parent = chain.parent;
  if (!parent) return null;
  let absent: TSESTree.Node | null = null;
  let present: TSESTree.Node = chain;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') absent = parent;
  else if (parent.type === AST_NODE_TYPES.BinaryExpression && isNullish(parent.left === chain ? parent.right : parent.left)) {
    if (parent.operator === '!==' || parent.operator === '!=') present = parent;
    else if (parent.operator === '===' || parent.operator === '==') absent = parent;
    else return null;
  }
  if (absent) {
    let test: TSESTree.Node = absent;
    while (test.parent?.type === AST_NODE_TYPES.LogicalExpression && test.parent.operator === '||') test = test.parent;
    const statement = test.parent;
    if (statement?.type !== AST_NODE_TYPES.IfStatement || statement.test !== test || !leaves(statement.consequent)) return null;
    const block = statement.parent;
    return { path, covers: (use) => use.range[0] > statement.range[1] && contains(block, use) };
  }
  let test: TSESTree.Node = present;
  while (test.parent?.type === AST_NODE_TYPES.LogicalExpression && test.parent.operator === '&&') {
    const chained: TSESTree.LogicalExpression = test.parent;
    if (chained.left === test) return { path, covers: (use) => contains(chained.right, use) || coveredByTest(chained, use) };
    test = chained;
  }
  return coveredByTest(test, null) ? { path, covers: (use) => coveredByTest(test, use) } : null;
}

/** With `use` null: whether `test` is the test of an `if` or `?:`; otherwise whether `use` lies in the branch taken when it holds. */
function coveredByTest(test: TSESTree.Node, use: TSESTree.Node | null): boolean {
  let outer = test;
  while (outer.parent?.type === AST_NODE_TYPES.LogicalExpression && outer.parent.operator === '&&') outer = outer.parent;
  const statement = outer.parent;
  if ((statement?.type !== AST_NODE_TYPES.IfStatement && statement?.type !== AST_NODE_TYPES.ConditionalExpression) || statement.test !== outer) return false;
  return use === null || contains(statement.consequent, use);
}


/** A branch that leaves what follows: returns, throws, or ends a loop's turn. */
function leaves(statement: TSESTree.Statement): boolean {
  if (returnsOrThrows(statement) || statement.type === AST_NODE_TYPES.ContinueStatement || statement.type === AST_NODE_TYPES.BreakStatement) return true;
  if (statement.type !== AST_NODE_TYPES.BlockStatement) return false;
  const last = statement.body.at(-1);
  return last?.type === AST_NODE_TYPES.ContinueStatement || last?.type === AST_NODE_TYPES.BreakStatement;
}
