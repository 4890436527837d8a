import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex } from './file-index.js';
import { thisClassBody } from './injection.js';
import { getPropertyName, isCallee, outermostWrapper, propertyKey, skipTypeWrappers } from './nodes.js';
import { resolveVariable } from './scope.js';
import { childNodes, walkSameFunction } from './walk.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * The value of each `this.x` a class sets exactly once: its field initializer, or the one `this.x = …`
 * assignment anywhere in the class (a field declared without a value, `private api: AxiosInstance;`,
 * is set by an assignment); null when set several times or compound (`+=`). Nested classes are their
 * own. Memoised per class body.
 */
export function classFieldValues(body: TSESTree.ClassBody): ReadonlyMap<string, TSESTree.Node | null> {
  return fieldFacts(body).values;
}

/**
 * The value each `this.x` of a class starts from when the class only appends to it: a field
 * initializer (which runs before any constructor or method body) and, anywhere in the class, no
 * write but `this.x += …` (`apiBase = 'https://api.telegram.org/bot'` with `this.apiBase += token`
 * in the constructor). `+=` on a string keeps what it holds at its start, so the member's value
 * always begins with the initializer's; a field with no `+=` is {@link classFieldValues}' to give.
 * Nested classes are their own. Memoised per class body.
 */
export function classFieldBases(body: TSESTree.ClassBody): ReadonlyMap<string, TSESTree.Node> {
  return fieldFacts(body).bases;
}

/** What a class body's fields hold ({@link classFieldValues}) and start from ({@link classFieldBases}). */
interface FieldFacts {
  readonly values: ReadonlyMap<string, TSESTree.Node | null>;
  readonly bases: ReadonlyMap<string, TSESTree.Node>;
}

const fieldFactsByBody = new WeakMap<TSESTree.ClassBody, FieldFacts>();

/** {@link FieldFacts} from the field declarations and one walk of the body's `this.x` writes ({@link thisWriteTargets}). */
function fieldFacts(body: TSESTree.ClassBody): FieldFacts {
  const known = fieldFactsByBody.get(body);
  if (known) return known;
  const values = new Map<string, TSESTree.Node | null>();
  const record = (name: string, value: TSESTree.Node | null): void => {
    values.set(name, values.has(name) || !value ? null : value);
  };
  // The initializer of each field declared once; the body for one declared twice (an overload, a `declare`) or without a value.
  const initializers = new Map<string, TSESTree.Node>();
  for (const element of body.body) {
    if (element.type !== AST_NODE_TYPES.PropertyDefinition || element.static || element.computed || element.key.type !== AST_NODE_TYPES.Identifier) continue;
    const name = element.key.name;
    if (element.value) record(name, element.value);
    initializers.set(name, initializers.has(name) || !element.value ? body : element.value);
  }
  // Names written other than by `this.x += …`.
  const overwritten = new Set<string>();
  const appended = new Set<string>();
  classWork.fieldWalks++;
  walkSameFunction(
    body,
    (node) => {
      if (node.type === AST_NODE_TYPES.ClassBody && node !== body) return false;
      for (const target of thisWriteTargets(node)) {
        const name = getPropertyName(target);
        if (name === null) continue;
        const whole = node.type === AST_NODE_TYPES.AssignmentExpression && skipTypeWrappers(node.left) === target ? node : null;
        record(name, whole?.operator === '=' ? whole.right : null);
        (whole?.operator === '+=' ? appended : overwritten).add(name);
      }
      return undefined;
    },
    { enterFunctions: true },
  );
  const bases = new Map<string, TSESTree.Node>();
  for (const [name, value] of initializers) {
    if (value !== body && appended.has(name) && !overwritten.has(name)) bases.set(name, value);
  }
  const facts = { values, bases };
  fieldFactsByBody.set(body, facts);
  return facts;
}

/**
 * The `this.x` members (also `(this as any).x`) a node writes: the target of an assignment or an
 * update, each member of a destructuring assignment's pattern (`[this.a] = …`, `({ b: this.b } = o)`),
 * the head of a `for…of` / `for…in` (`for (this.x of list)`). Empty for any other node.
 */
function thisWriteTargets(node: TSESTree.Node): TSESTree.MemberExpression[] {
  const head =
    node.type === AST_NODE_TYPES.AssignmentExpression
      ? node.left
      : node.type === AST_NODE_TYPES.UpdateExpression
        ? node.argument
        : node.type === AST_NODE_TYPES.ForOfStatement || node.type === AST_NODE_TYPES.ForInStatement
          ? node.left
          : null;
  const targets: TSESTree.MemberExpression[] = [];
  const stack: TSESTree.Node[] = head ? [head] : [];
  for (let current = stack.pop(); current; current = stack.pop()) {
    const target = skipTypeWrappers(current);
    if (target.type === AST_NODE_TYPES.MemberExpression) {
      if (skipTypeWrappers(target.object).type === AST_NODE_TYPES.ThisExpression) targets.push(target);
    } else if (target.type === AST_NODE_TYPES.ArrayPattern) {
      for (const element of target.elements) if (element) stack.push(element);
    } else if (target.type === AST_NODE_TYPES.ObjectPattern) {
      for (const property of target.properties) stack.push(property.type === AST_NODE_TYPES.Property ? property.value : property);
    } else if (target.type === AST_NODE_TYPES.RestElement) {
      stack.push(target.argument);
    } else if (target.type === AST_NODE_TYPES.AssignmentPattern) {
      stack.push(target.left);
    }
  }
  return targets;
}

/** A `this.x` read of a class body, with the member of the body (method, field, accessor…) it is written in. */
export interface ThisMember {
  readonly node: TSESTree.MemberExpression;
  readonly element: TSESTree.ClassElement;
}

/** The `this.x` reads of a class body by key, and whether anything in it destructures `this`. */
export interface ThisMembers {
  /** Every `this.x` (also `(this as any).x`, `this['x']`) anywhere in the body, nested functions and classes included, in {@link thisMembers}' order. */
  readonly byKey: ReadonlyMap<string, readonly ThisMember[]>;
  /** `const { a } = this` somewhere in the body. */
  readonly destructuresThis: boolean;
}

/** How many class bodies were walked for their `this.x` reads (`walks`) and writes (`fieldWalks`): tests read it (one walk per class, not one per question). */
export const classWork = { walks: 0, fieldWalks: 0 };

const thisMembersByBody = new WeakMap<TSESTree.ClassBody, ThisMembers>();

/**
 * The `this.x` reads of a class body, from one walk per body instead of one per question (a method's
 * callers, a field's assignments, a field's method calls). The order is that of a depth-first walk
 * of the body that visits a node before its children and the children last to first: the elements
 * of the body from the last, each one's reads in that order.
 */
export function thisMembers(body: TSESTree.ClassBody): ThisMembers {
  const known = thisMembersByBody.get(body);
  if (known) return known;
  classWork.walks++;
  const byKey = new Map<string, ThisMember[]>();
  let destructuresThis = false;
  for (let i = body.body.length - 1; i >= 0; i--) {
    const element = body.body[i]!;
    const stack: TSESTree.Node[] = [element];
    for (let node = stack.pop(); node; node = stack.pop()) {
      stack.push(...childNodes(node));
      if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.ObjectPattern && node.init?.type === AST_NODE_TYPES.ThisExpression) destructuresThis = true;
      if (node.type !== AST_NODE_TYPES.MemberExpression || skipTypeWrappers(node.object).type !== AST_NODE_TYPES.ThisExpression) continue;
      const key = getPropertyName(node);
      if (key === null) continue;
      const list = byKey.get(key);
      if (list) list.push({ node, element });
      else byKey.set(key, [{ node, element }]);
    }
  }
  const members = { byKey, destructuresThis };
  thisMembersByBody.set(body, members);
  return members;
}

/**
 * What a class member's value provably begins with: its value ({@link classMemberValue}), or for
 * `this.x` of a class that only appends to `x`, the field initializer ({@link classFieldBases}). For
 * questions about a value's beginning only (a URL's host), never its whole.
 */
export function classMemberBase(member: TSESTree.MemberExpression, sourceCode: SourceCode): TSESTree.Node | null {
  const value = classMemberValue(member, sourceCode);
  if (value !== null || skipTypeWrappers(member.object).type !== AST_NODE_TYPES.ThisExpression) return value;
  const name = getPropertyName(member);
  const body = thisClassBody(member);
  return name !== null && body ? (classFieldBases(body).get(name) ?? null) : null;
}

/**
 * The value a class member provably holds: `this.x` in a class that sets `x` once (see
 * {@link classFieldValues}), or `C.X` of a class `C` declared in this file with a
 * `static readonly X = …` field. Anything else (a field set twice, a static field that may be
 * reassigned, a class from another module) gives null.
 */
export function classMemberValue(member: TSESTree.MemberExpression, sourceCode: SourceCode): TSESTree.Node | null {
  const name = getPropertyName(member);
  if (name === null) return null;
  const object = skipTypeWrappers(member.object);
  if (object.type === AST_NODE_TYPES.ThisExpression) {
    const body = thisClassBody(member);
    return body ? (classFieldValues(body).get(name) ?? null) : null;
  }
  if (object.type !== AST_NODE_TYPES.Identifier) return null;
  const def = resolveVariable(object, sourceCode)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.ClassName) return null;
  const field = def.node.body.body.find(
    (element): element is TSESTree.PropertyDefinition => element.type === AST_NODE_TYPES.PropertyDefinition && element.static && element.readonly && !element.computed && propertyKey(element) === name,
  );
  return field?.value ?? null;
}

/**
 * The objects that are instances of a class of this file, when the class never leaves the file: a
 * class declaration without `extends`, not exported, whose name is used only in `new C(…)` (each the
 * value of a variable: `const handlers = new C(…)`, `handlers = new C(…)`) and for static members
 * other than `prototype`; each such variable and each `this` of its methods (arrows inside them
 * included) is used only as the object of a member (`handlers.x`, `this[name]`), never handed on,
 * returned or copied. Then the instances are exactly those variables and `this`, and every member
 * read of them is written in this file. Null otherwise. Memoised per class.
 */
function confinedInstances(node: TSESTree.ClassDeclaration, sourceCode: SourceCode): readonly TSESTree.MemberExpression[] | null {
  if (confinedByClass.has(node)) return confinedByClass.get(node)!;
  const members = findConfinedInstances(node, sourceCode);
  confinedByClass.set(node, members);
  return members;
}

const confinedByClass = new WeakMap<TSESTree.ClassDeclaration, readonly TSESTree.MemberExpression[] | null>();

function findConfinedInstances(node: TSESTree.ClassDeclaration, sourceCode: SourceCode): TSESTree.MemberExpression[] | null {
  if (node.superClass || !node.id || node.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || node.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return null;
  const variable = sourceCode.getDeclaredVariables(node)[0];
  if (!variable) return null;
  const members: TSESTree.MemberExpression[] = [];
  const instances: TSESLint.Scope.Variable[] = [];
  for (const reference of variable.references) {
    const use = reference.identifier.parent;
    if (use?.type === AST_NODE_TYPES.MemberExpression && use.object === reference.identifier && getPropertyName(use) !== null && getPropertyName(use) !== 'prototype') continue;
    if (use?.type !== AST_NODE_TYPES.NewExpression || use.callee !== reference.identifier) return null;
    const holder = use.parent;
    let instance: TSESLint.Scope.Variable | null | undefined = null;
    if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === use && holder.id.type === AST_NODE_TYPES.Identifier) instance = sourceCode.getDeclaredVariables(holder)[0];
    else if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.operator === '=' && holder.right === use && holder.left.type === AST_NODE_TYPES.Identifier) instance = resolveVariable(holder.left, sourceCode);
    if (!instance) return null;
    if (!instances.includes(instance)) instances.push(instance);
  }
  for (const instance of instances) {
    for (const reference of instance.references) {
      if (reference.isWrite()) continue;
      const use = reference.identifier.parent;
      if (use?.type !== AST_NODE_TYPES.MemberExpression || use.object !== reference.identifier) return null;
      members.push(use);
    }
  }
  let escapes = false;
  walkSameFunction(
    node.body,
    (inner) => {
      if (escapes || (inner.type === AST_NODE_TYPES.ClassBody && inner !== node.body)) return false;
      // A function of its own (not a method's value, not an arrow) has its own `this`.
      if ((inner.type === AST_NODE_TYPES.FunctionExpression || inner.type === AST_NODE_TYPES.FunctionDeclaration) && inner.parent.type !== AST_NODE_TYPES.MethodDefinition) return false;
      if (inner.type !== AST_NODE_TYPES.ThisExpression) return undefined;
      const use = inner.parent;
      if (use?.type === AST_NODE_TYPES.MemberExpression && use.object === inner) members.push(use);
      else escapes = true;
      return undefined;
    },
    { enterFunctions: true },
  );
  return escapes ? null : members;
}

/** The class declaration whose non-static method `fn` is (`m(ctx) { … }`), with the method's name; null otherwise. */
function methodOf(fn: TSESTree.Node): { name: string; declaration: TSESTree.ClassDeclaration } | null {
  const definition = fn.parent;
  if (definition?.type !== AST_NODE_TYPES.MethodDefinition || definition.value !== fn || definition.kind !== 'method' || definition.static) return null;
  const name = propertyKey(definition);
  const declaration = definition.parent.parent;
  return name !== null && declaration.type === AST_NODE_TYPES.ClassDeclaration ? { name, declaration } : null;
}

/** Whether any member expression of the file reads a member by this name (`x.name`, `x['name']`), on any object. */
function nameRead(name: string, sourceCode: SourceCode, accept: (member: TSESTree.MemberExpression) => boolean): boolean {
  return fileIndex(sourceCode.ast)
    .of(AST_NODE_TYPES.MemberExpression)
    .some((member) => getPropertyName(member) === name && !accept(member));
}

/**
 * The calls that can run `fn`, a method of a class of this file that nothing calls by its name: a
 * call by a computed name on one of the class's instances (`this[action](ctx)` in its methods,
 * `handlers[name](ctx)`), the only way left when the class never leaves the file (see
 * {@link confinedInstances}) and no member of that name is read anywhere in the file. Null when
 * it may be reached otherwise: its name is read (on any object), the class leaves the file, or a
 * member of an instance is read by a computed name other than to call it (`const f = this[name]`,
 * `this[name].call(…)`). A computed member assigned to (`this[key] = …`) is no read; one called through a
 * type wrapper (`this[name]!(ctx)`, `(this[name] as Handler)(ctx)`) is a call.
 */
export function dispatchCalls(fn: TSESTree.Node, sourceCode: SourceCode): TSESTree.CallExpression[] | null {
  const method = methodOf(fn);
  if (!method || nameRead(method.name, sourceCode, () => false)) return null;
  const members = confinedInstances(method.declaration, sourceCode);
  if (!members) return null;
  const calls: TSESTree.CallExpression[] = [];
  for (const member of members) {
    if (!member.computed || getPropertyName(member) !== null) continue;
    if (isCallee(member)) calls.push(outermostWrapper(member).parent as TSESTree.CallExpression);
    else if (!(member.parent.type === AST_NODE_TYPES.AssignmentExpression && member.parent.left === member)) return null;
  }
  return calls;
}

/**
 * The calls of `fn`, a method of a class of this file that never leaves it (see
 * {@link confinedInstances}), by its name: `this.dispatch(…)`, `handlers.dispatch(…)`. Null when a
 * member of that name is read other than to call it (a call through a type wrapper, `this.dispatch!(…)`,
 * is a call), on any object of the file, or the class leaves the file. (A computed call on an instance may run it too: see {@link dispatchCalls}.)
 */
export function namedMethodCalls(fn: TSESTree.Node, sourceCode: SourceCode): TSESTree.CallExpression[] | null {
  const method = methodOf(fn);
  if (!method || !confinedInstances(method.declaration, sourceCode)) return null;
  if (nameRead(method.name, sourceCode, isCallee)) return null;
  // Each is a callee, through type wrappers (`this.dispatch!(…)`, `(a.dispatch as Run)(…)`): the call is the outermost wrapper's parent.
  return fileIndex(sourceCode.ast)
    .of(AST_NODE_TYPES.MemberExpression)
    .filter((member) => getPropertyName(member) === method.name)
    .map((member) => outermostWrapper(member).parent as TSESTree.CallExpression);
}
