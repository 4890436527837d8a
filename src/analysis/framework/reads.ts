/**
 * How a context value is read: read through at once (`x.y`, `const { y } = x`, `'y' in x`), only
 * tested for truthiness, written to, cast; and what type information proves about it.
 */
import { createRequire } from 'node:module';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { isFunction, isTypeWrapper, skipTypeWrappers, type FunctionNode } from '../ast/index.js';
import { alwaysExits } from '../flow/index.js';
import { calledFunction, projectCallersOf, type FileRef } from '../summaries/index.js';

/** Whether a value is read through right where it is produced: `x.y`, `x[0]`, `const { y } = x`, `'y' in x`. */
export function isDereferenced(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === node && !parent.optional;
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.init === node && parent.id.type !== AST_NODE_TYPES.Identifier;
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator === 'in' && parent.right === node;
    case AST_NODE_TYPES.ChainExpression:
      return false; // `x?.y`: optional, not a dereference
    default:
      return isTypeWrapper(parent) && isDereferenced(parent);
  }
}

/** Whether a value is only read through with `?.` (`x?.y`, `x?.[0]`, `x?.()`): a missing value ends the chain there, never a TypeError. */
export function isReadOptionally(node: TSESTree.Node): boolean {
  let value = node;
  while (isTypeWrapper(value.parent)) value = value.parent;
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression) return parent.object === value && parent.optional;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === value && parent.optional;
}

/** Whether `node` is the operand of `!` or the test of an `if`, `?:`, `while` or `do … while`. */
function isDirectTest(node: TSESTree.Node, parent: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return parent.test === node;
    default:
      return false;
  }
}

/**
 * Whether a value is only tested, never handed on: `if (x)`, `!x`, the left side of `&&` (a falsy
 * value is the result, and no function to call), either side of an `&&`/`||` that is itself only
 * tested. Stricter than {@link isTruthinessTest}, for which `x || y` tests `x` although `x` may be the result.
 */
export function isOnlyTested(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.LogicalExpression) return (parent.operator === '&&' && parent.left === node) || (parent.operator !== '??' && isOnlyTested(parent));
  return isDirectTest(node, parent);
}

/** Whether a value is only tested for truthiness: `!x`, `if (x)`, `x ? a : b`, `x && y`, `x || y`. */
export function isTruthinessTest(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.LogicalExpression) return parent.operator !== '??' && (parent.left === node || isTruthinessTest(parent));
  return isDirectTest(node, parent) || (isTypeWrapper(parent) && isTruthinessTest(parent));
}

/**
 * Whether a value is only an operand of a string being built: `x + '…'`, `` `${x}` ``, `String(x)`.
 * A missing value gives `"undefined"` there, never a TypeError.
 */
export function isStringOperand(node: TSESTree.Node): boolean {
  let value = node;
  while (isTypeWrapper(value.parent)) value = value.parent;
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.BinaryExpression) return parent.operator === '+';
  if (parent?.type === AST_NODE_TYPES.TemplateLiteral) return parent.parent.type !== AST_NODE_TYPES.TaggedTemplateExpression;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'String' && parent.arguments[0] === value;
}

/** Equality operators: comparing `undefined` gives a boolean, never a TypeError. */
const EQUALITY = new Set(['===', '!==', '==', '!=']);

/** Whether a value is only compared for equality (`if (message.text !== text)`): a missing value compares as `undefined`. */
export function isComparisonOperand(node: TSESTree.Node): boolean {
  let value = node;
  while (isTypeWrapper(value.parent)) value = value.parent;
  const parent = value.parent;
  return parent?.type === AST_NODE_TYPES.BinaryExpression && EQUALITY.has(parent.operator);
}

/**
 * Whether a value is only passed on: an argument of a call (`edit(ctx, message.text)`) or a
 * property value of an object literal (`{ entities: message.entities }`). A missing value arrives
 * as `undefined` there; reading it cannot throw.
 */
export function isPassedOn(node: TSESTree.Node): boolean {
  let value = node;
  while (isTypeWrapper(value.parent)) value = value.parent;
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) return parent.arguments.includes(value as TSESTree.CallExpressionArgument);
  return parent?.type === AST_NODE_TYPES.Property && parent.value === value && parent.parent.type === AST_NODE_TYPES.ObjectExpression;
}

/**
 * Whether a value is only stored in a variable every use of which is harmless for a missing value:
 * `const userFrom = query.message.from;` then nothing, `if (!userFrom)`, `userFrom?.id`, `save(userFrom)`,
 * `userFrom === x`, `'' + userFrom`. A write to the variable or any other use (`userFrom.id`) is not.
 */
export function isStoredHarmlessly(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let value = node;
  while (isTypeWrapper(value.parent)) value = value.parent;
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = sourceCode.getDeclaredVariables(declarator)[0];
  return (
    variable !== undefined &&
    variable.references.every(
      (reference) =>
        reference.init === true ||
        (!reference.isWrite() &&
          (isTruthinessTest(reference.identifier) ||
            isComparisonOperand(reference.identifier) ||
            isStringOperand(reference.identifier) ||
            isPassedOn(reference.identifier) ||
            isReadOptionally(reference.identifier) ||
            isTypeofOperand(reference.identifier) ||
            typeofNarrowed(reference.identifier) ||
            truthyNarrowed(reference.identifier))),
    )
  );
}

/**
 * `msg.message_thread_id ?? msg.threadId`: the `??` expression whose value a read gives when it is
 * its left operand (also down a chain `a ?? b ?? c`); a missing value yields the fallback there, so
 * how that expression is used is what counts. The read itself for anything else.
 */
export function nullishFallbackOf(node: TSESTree.Node): TSESTree.Node {
  let value = node;
  while (isTypeWrapper(value.parent)) value = value.parent;
  const parent = value.parent;
  return parent?.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '??' && parent.left === value ? nullishFallbackOf(parent) : node;
}

/**
 * Whether a value read where it may be `undefined` (a field an InaccessibleMessage lacks) is used only
 * in ways a missing value cannot make throw: tested, compared, built into a string, passed on, read
 * with `?.`, stored in a variable used only so (see {@link isStoredHarmlessly}), the left operand of a
 * `??` whose value is used so, cast to a type that admits `undefined` (`as number | undefined`: the
 * type makes every later use handle it), written or deleted itself (see {@link isWrittenOnly}), or
 * returned from a function every call of which in the project uses its result so. A read through
 * it, or a cast claiming a value, is not.
 */
export function isHarmlessUse(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>, file: FileRef | null, depth = 0): boolean {
  const used = nullishFallbackOf(node);
  if (isTruthinessTest(used) || isComparisonOperand(used) || isStringOperand(used) || isPassedOn(used) || isReadOptionally(used) || isStoredHarmlessly(used, sourceCode) || isWrittenOnly(used)) return true;
  let value = used;
  while (isTypeWrapper(value.parent)) {
    const wrapper = value.parent;
    if ((wrapper.type === AST_NODE_TYPES.TSAsExpression || wrapper.type === AST_NODE_TYPES.TSTypeAssertion) && admitsMissing(wrapper.typeAnnotation)) return !isDereferenced(wrapper);
    value = wrapper;
  }
  const fn = depth < 2 && file ? returnedFrom(value) : null;
  const calls = fn && file && !fn.generator ? projectCallersOf(fn, file) : null;
  return (
    calls !== null &&
    calls.length > 0 &&
    calls.every(({ call, file: callerFile }) => {
      // An async function's value arrives where its promise is awaited.
      const result = fn!.async ? (call.parent.type === AST_NODE_TYPES.AwaitExpression ? call.parent : null) : call;
      return result !== null && isHarmlessUse(result, callerFile.sourceCode, callerFile, depth + 1);
    })
  );
}

/**
 * `message.text = value`, `message.text ??= value`, `delete message.reply_markup`: the field itself is
 * written (or written only when missing) or deleted, never read through, which no missing value can
 * make throw on an object that exists. A write below it (`message.text.length = 0`) reads it first.
 */
function isWrittenOnly(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.UnaryExpression) return parent.operator === 'delete';
  return parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node && ['=', '??=', '||=', '&&='].includes(parent.operator);
}

/** `as number | undefined`, `as unknown`: a type that makes its uses handle a missing value (not `any`, which lets them read through). */
function admitsMissing(type: TSESTree.TypeNode): boolean {
  return allowsUndefined(type, false);
}

/** The function `value` is the result of: the argument of a `return` of it, or the body of an arrow. */
function returnedFrom(value: TSESTree.Node): FunctionNode | null {
  const parent = value.parent;
  if (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === value) return parent;
  if (parent?.type !== AST_NODE_TYPES.ReturnStatement) return null;
  let scope: TSESTree.Node | undefined = parent.parent;
  while (scope && !isFunction(scope)) scope = scope.parent;
  return scope ?? null;
}

/**
 * `if (!markup || typeof markup !== 'object') return undefined; … markup as Keyboard`: a variable read
 * where a test proved it truthy — the branch of an `if`/`?:` (or the right of `&&`, `||`) where it
 * held, or after an earlier `if` of its block that always exits where it failed. A value there is no
 * missing one.
 */
function truthyNarrowed(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const name = identifier.name;
  let child: TSESTree.Node = identifier;
  for (let parent: TSESTree.Node | undefined = identifier.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) {
      if (child !== parent.test && provesTruthy(parent.test, name, child === parent.consequent)) return true;
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && child === parent.right && parent.operator !== '??') {
      if (provesTruthy(parent.left, name, parent.operator === '&&')) return true;
    } else if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program) {
      for (const statement of parent.body) {
        if (statement === child) break;
        if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate && alwaysExits(statement.consequent) && provesTruthy(statement.test, name, false)) return true;
      }
    }
  }
  return false;
}

/** Whether `test` having the outcome `truthy` proves the variable `name` truthy: `name`, `!name`, and their `&&`/`||`. */
function provesTruthy(test: TSESTree.Node, name: string, truthy: boolean): boolean {
  const expression = skipTypeWrappers(test);
  if (expression.type === AST_NODE_TYPES.Identifier) return truthy && expression.name === name;
  if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === '!') return provesTruthy(expression.argument, name, !truthy);
  if (expression.type !== AST_NODE_TYPES.LogicalExpression || expression.operator === '??') return false;
  const left = provesTruthy(expression.left, name, truthy);
  const right = provesTruthy(expression.right, name, truthy);
  // `a && b` held: both held; failed: one failed. `a || b` failed: both failed; held: one held.
  return (expression.operator === '&&') === truthy ? left || right : left && right;
}

/** Whether a value is only the operand of `typeof`, which never throws. */
function isTypeofOperand(node: TSESTree.Node): boolean {
  return node.parent?.type === AST_NODE_TYPES.UnaryExpression && node.parent.operator === 'typeof';
}

/**
 * `typeof candidate === 'number' ? candidate : undefined`: a variable read where a `typeof` test of
 * it held for a type other than `'undefined'` (`if`, `?:`, the right of `&&`): it has a value there.
 */
function typeofNarrowed(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  let child: TSESTree.Node = identifier;
  for (let parent: TSESTree.Node | undefined = identifier.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) {
      if (child !== parent.test && typeofHolds(parent.test, identifier.name, child === parent.consequent)) return true;
    } else if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && child === parent.right && typeofHolds(parent.left, identifier.name, true)) {
      return true;
    }
  }
  return false;
}

/** Whether `test` (`typeof name === 'number'`, `typeof name !== 'string'`) having the outcome `truthy` proves `name` defined. */
function typeofHolds(test: TSESTree.Node, name: string, truthy: boolean): boolean {
  const expression = skipTypeWrappers(test);
  if (expression.type !== AST_NODE_TYPES.BinaryExpression) return false;
  const equality = expression.operator === '===' || expression.operator === '==';
  const inequality = expression.operator === '!==' || expression.operator === '!=';
  if (!(equality ? truthy : inequality && !truthy)) return false;
  const sides = [expression.left, expression.right];
  const tested = sides.some((side) => side.type === AST_NODE_TYPES.UnaryExpression && side.operator === 'typeof' && side.argument.type === AST_NODE_TYPES.Identifier && side.argument.name === name);
  return tested && sides.some((side) => side.type === AST_NODE_TYPES.Literal && typeof side.value === 'string' && side.value !== 'undefined');
}

/**
 * Whether a value is an argument of a call to a function of another project file (imported by a
 * relative path) that reads the parameter through (`user.id`) and never tests it (`if (!user)`,
 * `user?.id`, `user == null`): `saveUser(ctx.from!)` with `function saveUser(user) { … user.id … }`.
 * A missing value then throws in the callee. Package functions, spread arguments, destructured or
 * defaulted parameters are not followed.
 */
export function isReadByCallee(node: TSESTree.Node, file: FileRef): boolean {
  let value = node;
  while (isTypeWrapper(value.parent)) value = value.parent;
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const index = call.arguments.indexOf(value as TSESTree.CallExpressionArgument);
  if (index < 0 || call.arguments.slice(0, index).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  const callee = calledFunction(call, file);
  const param = callee?.fn.params[index];
  // A helper of the same file is followed by the framework model, which reports the read inside it.
  if (!callee || callee.file.filename === file.filename || param?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = callee.file.sourceCode.getDeclaredVariables(callee.fn).find((candidate) => candidate.name === param.name);
  const uses = (variable?.references ?? []).map((reference) => reference.identifier).filter((identifier) => identifier !== param);
  const tested = (identifier: TSESTree.Node): boolean => {
    const parent = identifier.parent;
    return isTruthinessTest(identifier) || parent?.type === AST_NODE_TYPES.BinaryExpression || (parent?.type === AST_NODE_TYPES.MemberExpression && parent.optional);
  };
  return uses.some(isDereferenced) && !uses.some(tested);
}

export function isWriteTarget(member: TSESTree.MemberExpression): boolean {
  let node: TSESTree.Node = member;
  while (node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) return true;
  if (parent.type === AST_NODE_TYPES.UpdateExpression) return true;
  if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete') return true;
  return false;
}

/** `as User | undefined`, `as any`, `as unknown`: the cast does not claim the value exists (`orAny` false: `any` claims nothing either way, so it does not count). */
export function allowsUndefined(type: TSESTree.TypeNode, orAny = true): boolean {
  switch (type.type) {
    case AST_NODE_TYPES.TSAnyKeyword:
      return orAny;
    case AST_NODE_TYPES.TSUndefinedKeyword:
    case AST_NODE_TYPES.TSNullKeyword:
    case AST_NODE_TYPES.TSUnknownKeyword:
    case AST_NODE_TYPES.TSVoidKeyword:
      return true;
    case AST_NODE_TYPES.TSUnionType:
      return type.types.some((member) => allowsUndefined(member, orAny));
    default:
      return false;
  }
}

export interface TypeInformation {
  /** Whether the checker proves the value is never `undefined`/`null` (with strictNullChecks). */
  isNonNullable(node: TSESTree.Node): boolean;
}

/**
 * Type information as an enrichment: with a program and strict null checks, a field whose type is
 * non-nullable at the read (the framework's narrowing or the checker's flow analysis proved it)
 * is skipped. Without a program the syntactic model alone decides.
 */
export function typeInformation(sourceCode: Readonly<TSESLint.SourceCode>): TypeInformation | null {
  const services = sourceCode.parserServices;
  const program = services?.program;
  if (!program || !services.esTreeNodeToTSNodeMap) return null;
  const options = program.getCompilerOptions();
  if (!(options.strictNullChecks ?? options.strict)) return null;
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  const checker = program.getTypeChecker();
  const map = services.esTreeNodeToTSNodeMap;
  const loose = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter;
  const nullish = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
  const nonNullable = (type: import('typescript').Type): boolean => (type.isUnion() ? type.types : [type]).every((part) => (part.flags & (loose | nullish)) === 0);
  return {
    isNonNullable(node) {
      const tsNode = map.get(node);
      if (!nonNullable(checker.getTypeAtLocation(tsNode))) return false;
      // Trust a proof, not a claim: non-nullable after a check the checker followed (the declared
      // type allows undefined), or as declared by a framework's own narrowed context types.
      const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(tsNode) ? tsNode.name : tsNode);
      if (!symbol) return false;
      if (!nonNullable(checker.getTypeOfSymbol(symbol))) return true;
      const declarations = symbol.declarations ?? [];
      return declarations.length > 0 && declarations.every((declaration) => FRAMEWORK_DECLARATIONS.test(declaration.getSourceFile().fileName.replace(/\\/g, '/')));
    },
  };
}

/**
 * Declaration files of the frameworks' filtered context types (`CommandContext`, `Filter<…>`,
 * `NarrowedContext`), which narrow as the registration does. Bot API type packages (`typegram`,
 * `@telegraf/types`, `@grammyjs/types`) are not among them: a `Message.TextMessage` chosen by the
 * project proves nothing about the update that arrives; neither does the project's own context type.
 */
const FRAMEWORK_DECLARATIONS = /\/node_modules\/(?:grammy|telegraf)\//;
