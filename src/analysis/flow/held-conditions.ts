import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { childNodes, getMemberPath, getPropertyName, isFunction, logicalOperands, sameText, skipTypeWrappers } from '../ast/index.js';
import { alwaysExits } from './control-flow.js';

/**
 * Methods and global functions that change nothing the program can see (string and array reads,
 * number parsing): a call of one between two tests cannot change what the tests read.
 */
export const PURE_METHODS: ReadonlySet<string> = new Set([
  'includes', 'indexOf', 'lastIndexOf', 'startsWith', 'endsWith', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase',
  'trim', 'trimStart', 'trimEnd', 'charAt', 'at', 'slice', 'substring', 'substr', 'split', 'match', 'test', 'concat', 'join', 'toString', 'toFixed',
]);
export const PURE_FUNCTIONS: ReadonlySet<string> = new Set(['Number', 'String', 'Boolean', 'parseInt', 'parseFloat', 'isNaN']);

/** Work done by {@link heldBefore}: levels walked up and nodes looked through for changes (tests read it). */
export const heldWork = { levels: 0, nodesChecked: 0 };

/** One step of the way up from a node: a test that holds below it (`if (test) …`, `test && …`), and code that ran before. */
interface Level {
  test: TSESTree.Node | null;
  ran: TSESTree.Node[];
}

/**
 * Whether `condition`, a test that ran on the way to `node` in its function (a part of the test of
 * an `if` or `?:` one of whose branches holds `node`, of the left side of `||` whose right side does,
 * or of an earlier `if` statement of a block that holds it), was true when it ran. It was when a
 * test that holds where `node` runs implies it — the same test written again
 * (`[1, 2].includes(step)`), or a comparison that pins what it reads (`step == 2` for
 * `[1, 2].includes(step)`, `step === 1` for `step === 1`) — and nothing that ran in between can
 * have changed what it reads: no assignment to a variable or object it reads, no call but of a
 * method that changes nothing (`includes`, `trim`), no `await`. Tests, not values: a test that calls
 * anything else, or a branch the walk cannot follow (a nested function, a `try` around the earlier
 * test), proves nothing.
 */
export function heldBefore(condition: TSESTree.Node, node: TSESTree.Node): boolean {
  const roots = readRoots(condition);
  if (roots === null) return false;
  const levels: Level[] = [];
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    heldWork.levels++;
    if (isFunction(parent)) return false;
    if (parent.range[0] <= condition.range[0] && condition.range[1] <= parent.range[1]) {
      const ran = ranAtCommonAncestor(parent, child, condition);
      return ran !== null && impliedBelow(condition, roots, levels, ran);
    }
    levels.push(levelOf(parent, child));
  }
  return false;
}

/**
 * What ran before `child`, in `ancestor`, since `condition` (which `ancestor` holds) ran: the whole
 * test of an `if`/`?:` or left side of `||`/`??`/`&&`; an earlier `if` statement of a block (its
 * test and, unless it always exits, its branches) and the statements between. Null when `condition`
 * sits anywhere else (another branch, a `try`, a loop).
 */
function ranAtCommonAncestor(ancestor: TSESTree.Node, child: TSESTree.Node, condition: TSESTree.Node): TSESTree.Node[] | null {
  const inside = (outer: TSESTree.Node): boolean => outer.range[0] <= condition.range[0] && condition.range[1] <= outer.range[1];
  switch (ancestor.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return child !== ancestor.test && inside(ancestor.test) ? [ancestor.test] : null;
    case AST_NODE_TYPES.LogicalExpression:
      return child === ancestor.right && inside(ancestor.left) ? [ancestor.left] : null;
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
    case AST_NODE_TYPES.SwitchCase: {
      const body: readonly TSESTree.Node[] = ancestor.type === AST_NODE_TYPES.SwitchCase ? ancestor.consequent : ancestor.body;
      const at = body.indexOf(child);
      const earlier = body.findIndex((statement) => inside(statement));
      const statement = body[earlier];
      if (at === -1 || earlier === -1 || earlier >= at || statement?.type !== AST_NODE_TYPES.IfStatement || !inside(statement.test)) return null;
      // Code after `if (…) return;` runs only where the test failed: its branch never ran.
      const ran: TSESTree.Node[] = [statement.test];
      if (!alwaysExits(statement.consequent)) ran.push(statement.consequent);
      if (statement.alternate && !alwaysExits(statement.alternate)) ran.push(statement.alternate);
      return [...ran, ...body.slice(earlier + 1, at)];
    }
    default:
      return null;
  }
}

/** The test that holds where `child` runs inside `parent`, and what of `parent` may have run before `child`. */
function levelOf(parent: TSESTree.Node, child: TSESTree.Node): Level {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      if (child === parent.consequent) return { test: parent.test, ran: [] };
      return { test: null, ran: child === parent.alternate ? [parent.test] : [] };
    case AST_NODE_TYPES.LogicalExpression:
      if (child !== parent.right) return { test: null, ran: [] };
      return parent.operator === '&&' ? { test: parent.left, ran: [] } : { test: null, ran: [parent.left] };
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock: {
      const at = parent.body.indexOf(child as TSESTree.Statement);
      return { test: null, ran: at === -1 ? [parent] : parent.body.slice(0, at) };
    }
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      // Earlier turns of the loop ran its body, and `for (x of …)` writes `x`.
      return { test: null, ran: [parent] };
    default:
      // Anything else (a switch, a `try`, a call's other arguments): all of it may have run before.
      return { test: null, ran: childNodes(parent).filter((other) => other !== child) };
  }
}

/**
 * Whether a test of `levels` (nearest `node` first) implies `condition` with nothing that ran
 * between them changing what `condition` reads: the code of the common ancestor (`ran`), of the
 * levels above the test, and the parts of the test's own `&&` chain before the implying part.
 */
function impliedBelow(condition: TSESTree.Node, roots: ReadonlySet<string>, levels: readonly Level[], ran: readonly TSESTree.Node[]): boolean {
  const between: TSESTree.Node[] = [...ran];
  for (let index = levels.length - 1; index >= 0; index--) {
    const level = levels[index]!;
    between.push(...level.ran);
    if (level.test === null) continue;
    const parts = logicalOperands(skipTypeWrappers(level.test), '&&');
    for (const [position, part] of parts.entries()) {
      if (testImplies(part, condition) && !mayChange([...between, ...parts.slice(0, position)], roots)) return true;
    }
    between.push(level.test);
  }
  return false;
}

/**
 * The variables (and `this`) a test reads, or null when it does more than read and compare:
 * calls other than of {@link PURE_METHODS}, assignments, `await`, functions.
 */
function readRoots(test: TSESTree.Node): Set<string> | null {
  const roots = new Set<string>();
  const visit = (node: TSESTree.Node): boolean => {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        roots.add(node.name);
        return true;
      case AST_NODE_TYPES.ThisExpression:
        roots.add('this');
        return true;
      case AST_NODE_TYPES.Literal:
        return true;
      case AST_NODE_TYPES.MemberExpression:
        return visit(node.object) && (!node.computed || visit(node.property));
      case AST_NODE_TYPES.CallExpression:
        return pureCall(node) && visitCallee(node.callee) && node.arguments.every(visit);
      case AST_NODE_TYPES.BinaryExpression:
      case AST_NODE_TYPES.LogicalExpression:
        return visit(node.left) && visit(node.right);
      case AST_NODE_TYPES.UnaryExpression:
        return node.operator !== 'delete' && visit(node.argument);
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.every((element) => element !== null && visit(element));
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions.every(visit);
      case AST_NODE_TYPES.ChainExpression:
        return visit(node.expression);
      default:
        return false;
    }
  };
  // `[1, 2].includes(x)`: the method's name is no variable read.
  const visitCallee = (callee: TSESTree.Node): boolean => (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed ? visit(callee.object) : callee.type === AST_NODE_TYPES.Identifier || visit(callee));
  return visit(skipTypeWrappers(test)) ? roots : null;
}

function pureCall(call: TSESTree.CallExpression): boolean {
  if (call.arguments.some((argument) => isFunction(argument) || argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return PURE_FUNCTIONS.has(callee.name);
  return callee.type === AST_NODE_TYPES.MemberExpression && PURE_METHODS.has(getPropertyName(callee) ?? '');
}

/**
 * Whether running `code` may change what a test reading `roots` reads: an assignment, update or
 * `delete` of one of them (or of a property of one), a call of anything but a pure method (it may
 * write any variable it can see, or an object passed to it), `new`, `await` or `yield` (other code
 * runs meanwhile). Nested functions are not run by being written.
 */
function mayChange(code: readonly TSESTree.Node[], roots: ReadonlySet<string>): boolean {
  const writes = (target: TSESTree.Node): boolean => {
    let root = skipTypeWrappers(target);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
    if (root.type === AST_NODE_TYPES.Identifier) return roots.has(root.name);
    if (root.type === AST_NODE_TYPES.ThisExpression) return roots.has('this');
    // A destructuring assignment: any variable in it.
    return root.type !== AST_NODE_TYPES.Literal;
  };
  const changes = (node: TSESTree.Node): boolean => {
    heldWork.nodesChecked++;
    switch (node.type) {
      case AST_NODE_TYPES.AssignmentExpression:
        if (writes(node.left)) return true;
        break;
      case AST_NODE_TYPES.UpdateExpression:
        if (writes(node.argument)) return true;
        break;
      case AST_NODE_TYPES.UnaryExpression:
        if (node.operator === 'delete' && writes(node.argument)) return true;
        break;
      case AST_NODE_TYPES.CallExpression:
        if (!pureCall(node)) return true;
        break;
      case AST_NODE_TYPES.NewExpression:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.YieldExpression:
      case AST_NODE_TYPES.TaggedTemplateExpression:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
        // `for (x of …)` writes `x`, and may call an iterator.
        return true;
      default:
        if (isFunction(node)) return false;
    }
    return childNodes(node).some(changes);
  };
  return code.some(changes);
}

/** A comparison that pins a variable or member path to one literal value: `step === 2`, `'a' == kind`. */
interface Pinned {
  subject: string;
  value: string | number | boolean | null;
}

function pinnedBy(test: TSESTree.Node): Pinned | null {
  if (test.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '===' && test.operator !== '==')) return null;
  for (const [side, other] of [[test.left, test.right], [test.right, test.left]] as const) {
    const subject = pathOf(side);
    const literal = skipTypeWrappers(other);
    // `x == 3` pins `x` to 3 for a variable the code keeps numbers in; `x == null` holds for two values.
    if (subject !== null && literal.type === AST_NODE_TYPES.Literal && !(literal.value instanceof RegExp) && typeof literal.value !== 'bigint') {
      if (literal.value === null && test.operator === '==') return null;
      return { subject, value: literal.value };
    }
  }
  return null;
}

function pathOf(node: TSESTree.Node): string | null {
  const expression = skipTypeWrappers(node);
  if (expression.type !== AST_NODE_TYPES.Identifier && expression.type !== AST_NODE_TYPES.MemberExpression) return null;
  return getMemberPath(expression)?.join('.') ?? null;
}

/** Whether `fact` being true makes `test` true: the same test, a part of a conjunction or disjunction, or a value pinned that satisfies it. */
function testImplies(fact: TSESTree.Node, test: TSESTree.Node): boolean {
  const known = skipTypeWrappers(fact);
  const wanted = skipTypeWrappers(test);
  if (sameText(known, wanted)) return true;
  if (wanted.type === AST_NODE_TYPES.LogicalExpression && wanted.operator === '||') return testImplies(known, wanted.left) || testImplies(known, wanted.right);
  if (wanted.type === AST_NODE_TYPES.LogicalExpression && wanted.operator === '&&') return testImplies(known, wanted.left) && testImplies(known, wanted.right);
  if (known.type === AST_NODE_TYPES.LogicalExpression && known.operator === '||') return testImplies(known.left, wanted) && testImplies(known.right, wanted);
  if (known.type === AST_NODE_TYPES.LogicalExpression && known.operator === '&&') return testImplies(known.left, wanted) || testImplies(known.right, wanted);
  const pinned = pinnedBy(known);
  return pinned !== null && satisfies(wanted, pinned);
}

/** Whether `test` is true when its subject has the pinned value: `x === v`, `x !== w`, `[…, v].includes(x)`, `x` (truthy), `!x`, `x > n`. */
function satisfies(test: TSESTree.Node, pinned: Pinned): boolean {
  const isSubject = (node: TSESTree.Node): boolean => pathOf(node) === pinned.subject;
  const literalValue = (node: TSESTree.Node): { value: unknown } | null => {
    const literal = skipTypeWrappers(node);
    return literal.type === AST_NODE_TYPES.Literal && !(literal.value instanceof RegExp) ? { value: literal.value } : null;
  };
  if (isSubject(test)) return Boolean(pinned.value);
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' && isSubject(test.argument)) return !pinned.value;
  if (test.type === AST_NODE_TYPES.BinaryExpression) {
    const [subjectSide, other] = isSubject(test.left) ? [test.left, test.right] : [test.right, test.left];
    const literal = isSubject(subjectSide) ? literalValue(other) : null;
    if (!literal || typeof literal.value !== typeof pinned.value) return false;
    const [a, b] = subjectSide === test.left ? [pinned.value, literal.value] : [literal.value, pinned.value];
    switch (test.operator) {
      case '===':
      case '==':
        return a === b;
      case '!==':
      case '!=':
        return a !== b;
      case '<':
        return typeof a === 'number' && typeof b === 'number' && a < b;
      case '<=':
        return typeof a === 'number' && typeof b === 'number' && a <= b;
      case '>':
        return typeof a === 'number' && typeof b === 'number' && a > b;
      case '>=':
        return typeof a === 'number' && typeof b === 'number' && a >= b;
      default:
        return false;
    }
  }
  // `[1, 2, 3].includes(step)`
  if (test.type === AST_NODE_TYPES.CallExpression && test.arguments.length === 1 && isSubject(test.arguments[0]!)) {
    const callee = skipTypeWrappers(test.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'includes') return false;
    const list = skipTypeWrappers(callee.object);
    return list.type === AST_NODE_TYPES.ArrayExpression && list.elements.some((element) => element !== null && literalValue(element)?.value === pinned.value);
  }
  return false;
}
