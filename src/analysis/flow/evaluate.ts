import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, hoistedFunction, keptInitializer, skipTypeWrappers, type Variable } from '../ast/index.js';
import { PURE_FUNCTIONS, PURE_METHODS } from './held-conditions.js';

/** A value the evaluator computes: a primitive, a regular expression literal, or an array of them (`split`'s result). */
export type Concrete = string | number | boolean | null | undefined | RegExp | readonly Concrete[];

/** Said of an expression whose value the evaluator cannot know. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Evaluated = Concrete | typeof UNKNOWN;

/** Inside a `?.` chain whose optional link met `undefined`: the whole chain is `undefined`. */
const SHORT: unique symbol = Symbol('short-circuited');
type Step = Evaluated | typeof SHORT;

export interface Evaluation {
  /**
   * The value of a read the caller knows (a missing update field: `undefined`), or `UNKNOWN` to
   * evaluate it as usual. Asked first for every identifier and member read.
   */
  known(node: TSESTree.Node): Evaluated;
  /** The variable an identifier names (null for an undeclared global). */
  variable(identifier: TSESTree.Identifier): Variable | null;
  /** Variables are followed to their initialiser only when declared inside this node (the same run of a handler). */
  within: TSESTree.Node;
}

/** How many nodes one evaluation looks at, and how many variables deep it follows initialisers. */
const MAX_NODES = 120;
const MAX_VARIABLES = 8;
/** `Number.isNaN(…)` and the other static `Number` functions that only compute. */
const NUMBER_FUNCTIONS: Readonly<Partial<Record<string, (...values: Concrete[]) => unknown>>> = {
  isNaN: (value) => Number.isNaN(value),
  isFinite: (value) => Number.isFinite(value),
  isInteger: (value) => Number.isInteger(value),
  parseFloat: (value) => Number.parseFloat(String(value)),
  parseInt: (value, radix) => Number.parseInt(String(value), typeof radix === 'number' ? radix : undefined),
};

/**
 * The value `node` has when it runs, computed from literals, the reads `known` gives, `const` (and
 * never reassigned `let`) variables declared in `within`, and calls that change nothing — string and
 * array reads (`split`, `slice`, `join`, `trim`, `length`, `[1]`), number parsing, `RegExp#test` —
 * with `?.`, `??`, `||`, `&&`, `?:` and operators on primitives as JavaScript runs them. `UNKNOWN`
 * as soon as anything else is read (an unknown field, a call of another function, an array variable
 * used otherwise than read: it may have been changed). `(ctx.message?.text ?? '').split(' ')[1]`
 * with `ctx.message` known missing is `undefined`.
 */
export function evaluate(node: TSESTree.Node, evaluation: Evaluation): Evaluated {
  let budget = MAX_NODES;
  const visit = (raw: TSESTree.Node, depth: number): Step => {
    if (--budget < 0) return UNKNOWN;
    const expression = skipTypeWrappers(raw);
    if (expression.type === AST_NODE_TYPES.Identifier || expression.type === AST_NODE_TYPES.MemberExpression) {
      const known = evaluation.known(expression);
      if (known !== UNKNOWN) return known;
    }
    switch (expression.type) {
      case AST_NODE_TYPES.Literal:
        if ('regex' in expression && expression.regex) return regex(expression.regex.pattern, expression.regex.flags);
        return typeof expression.value === 'bigint' ? UNKNOWN : expression.value;
      case AST_NODE_TYPES.TemplateLiteral: {
        let text = expression.quasis[0]?.value.cooked ?? '';
        for (const [index, part] of expression.expressions.entries()) {
          const value = visit(part, depth);
          if (!isPrimitive(value)) return UNKNOWN;
          text += String(value) + (expression.quasis[index + 1]?.value.cooked ?? '');
        }
        return text;
      }
      case AST_NODE_TYPES.Identifier:
        return identifier(expression, depth);
      case AST_NODE_TYPES.ChainExpression: {
        const value = visit(expression.expression, depth);
        return value === SHORT ? undefined : value;
      }
      case AST_NODE_TYPES.MemberExpression: {
        const object = visit(expression.object, depth);
        if (object === UNKNOWN || object === SHORT) return object;
        if (object === undefined || object === null) return expression.optional ? SHORT : UNKNOWN;
        const key = expression.computed ? visit(expression.property, depth) : getPropertyName(expression);
        if (typeof key !== 'string' && typeof key !== 'number') return UNKNOWN;
        if (typeof object !== 'string' && !Array.isArray(object)) return UNKNOWN;
        if (key === 'length') return object.length;
        const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : null;
        return index === null ? UNKNOWN : (object[index] as Concrete);
      }
      case AST_NODE_TYPES.CallExpression:
        return call(expression, depth);
      case AST_NODE_TYPES.UnaryExpression: {
        // `typeof transferAtomic` of a function declared (hoisted, never assigned) in the file: always `'function'`.
        const argument = skipTypeWrappers(expression.argument);
        if (expression.operator === 'typeof' && argument.type === AST_NODE_TYPES.Identifier && hoistedFunction(evaluation.variable(argument))) return 'function';
        const value = visit(expression.argument, depth);
        if (value === UNKNOWN || value === SHORT) return UNKNOWN;
        switch (expression.operator) {
          case '!':
            return !value;
          case 'void':
            return undefined;
          case 'typeof':
            return value instanceof RegExp || Array.isArray(value) ? 'object' : typeof value;
          case '-':
          case '+':
            return isPrimitive(value) ? (expression.operator === '-' ? -Number(value) : Number(value)) : UNKNOWN;
          default:
            return UNKNOWN;
        }
      }
      case AST_NODE_TYPES.BinaryExpression: {
        if (expression.left.type === AST_NODE_TYPES.PrivateIdentifier) return UNKNOWN;
        const left = visit(expression.left, depth);
        const right = visit(expression.right, depth);
        return isPrimitive(left) && isPrimitive(right) ? binary(expression.operator, left, right) : UNKNOWN;
      }
      case AST_NODE_TYPES.LogicalExpression: {
        const left = visit(expression.left, depth);
        if (left === UNKNOWN || left === SHORT) return UNKNOWN;
        if (expression.operator === '&&') return left ? visit(expression.right, depth) : left;
        if (expression.operator === '||') return left ? left : visit(expression.right, depth);
        return left ?? visit(expression.right, depth);
      }
      case AST_NODE_TYPES.ConditionalExpression: {
        const test = visit(expression.test, depth);
        if (test === UNKNOWN || test === SHORT) return UNKNOWN;
        return visit(test ? expression.consequent : expression.alternate, depth);
      }
      default:
        return UNKNOWN;
    }
  };

  const identifier = (name: TSESTree.Identifier, depth: number): Step => {
    const variable = evaluation.variable(name);
    if (!variable || variable.defs.length === 0) {
      if (name.name === 'undefined') return undefined;
      if (name.name === 'NaN') return Number.NaN;
      if (name.name === 'Infinity') return Number.POSITIVE_INFINITY;
      return UNKNOWN;
    }
    const init = keptInitializer(variable);
    const within = evaluation.within;
    if (!init || depth >= MAX_VARIABLES || init.range[0] < within.range[0] || init.range[1] > within.range[1]) return UNKNOWN;
    const value = visit(init, depth + 1);
    // An array is an object: what is read of it later is what it was made with only if nothing may change it.
    return Array.isArray(value) && !onlyRead(variable) ? UNKNOWN : value;
  };

  const call = (expression: TSESTree.CallExpression, depth: number): Step => {
    if (expression.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return UNKNOWN;
    const callee = skipTypeWrappers(expression.callee);
    const argumentsOf = (): Concrete[] | null => {
      const values: Concrete[] = [];
      for (const argument of expression.arguments) {
        const value = visit(argument, depth);
        if (value === UNKNOWN || value === SHORT || Array.isArray(value)) return null;
        values.push(value);
      }
      return values;
    };
    let fn: ((...values: Concrete[]) => unknown) | null = null;
    let receiver: Concrete = undefined;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const variable = evaluation.variable(callee);
      if ((variable && variable.defs.length > 0) || !PURE_FUNCTIONS.has(callee.name)) return UNKNOWN;
      fn = (globalThis as unknown as Record<string, (...values: Concrete[]) => unknown>)[callee.name] ?? null;
    } else if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = getPropertyName(callee);
      const object = skipTypeWrappers(callee.object);
      if (method === null) return UNKNOWN;
      if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Number' && !callee.computed && evaluation.variable(object) === null) {
        fn = NUMBER_FUNCTIONS[method] ?? null;
      } else {
        const value = visit(callee.object, depth);
        if (value === UNKNOWN || value === SHORT) return value;
        if (value === undefined || value === null) return callee.optional ? SHORT : UNKNOWN;
        const pure = (typeof value === 'string' || Array.isArray(value)) && PURE_METHODS.has(method) && method !== 'match';
        if (!pure && !(value instanceof RegExp && method === 'test')) return UNKNOWN;
        const own = (value as unknown as Record<string, unknown>)[method];
        if (typeof own !== 'function') return UNKNOWN;
        fn = own as (...values: Concrete[]) => unknown;
        receiver = value;
      }
    }
    const values = fn ? argumentsOf() : null;
    if (!fn || !values) return UNKNOWN;
    try {
      const result = fn.apply(receiver, values);
      return isConcrete(result) ? result : UNKNOWN;
    } catch {
      return UNKNOWN;
    }
  };

  const value = visit(node, 0);
  return value === SHORT ? undefined : value;
}

function regex(pattern: string, flags: string): Evaluated {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return UNKNOWN;
  }
}

function isPrimitive(value: Step): value is string | number | boolean | null | undefined {
  return value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isConcrete(value: unknown): value is Concrete {
  return isPrimitive(value as Step) || (Array.isArray(value) && value.every((item) => isPrimitive(item as Step)));
}

function binary(operator: string, left: string | number | boolean | null | undefined, right: string | number | boolean | null | undefined): Evaluated {
  const l = left as number;
  const r = right as number;
  switch (operator) {
    case '===':
      return left === right;
    case '!==':
      return left !== right;
    case '==':
      return left == right;
    case '!=':
      return left != right;
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    default:
      return UNKNOWN;
  }
}

/** Whether every use of a variable past its initialiser reads it: `x.length`, `x[1]`, `x.slice(…)` (a method of {@link PURE_METHODS}), never written, passed on or called with another method. */
function onlyRead(variable: Variable): boolean {
  return variable.references.every((reference) => {
    if (reference.init === true) return true;
    if (reference.isWrite()) return false;
    let node: TSESTree.Node = reference.identifier;
    while (node.parent && (node.parent.type === AST_NODE_TYPES.TSNonNullExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression)) node = node.parent;
    const member = node.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return false;
    const parent = member.parent;
    const written = (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) || parent.type === AST_NODE_TYPES.UpdateExpression || (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete');
    if (written) return false;
    const called = parent.type === AST_NODE_TYPES.CallExpression && parent.callee === member;
    return !called || PURE_METHODS.has(getPropertyName(member) ?? '');
  });
}
