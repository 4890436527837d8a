import type { TsParser } from './entries.js';

type Node = { kind: number; [key: string]: unknown };

/**
 * A lexical declaration at the start of a line, not indented (where a module's own top level is
 * written; an indented one is a function's local): `const X`, `let X`, `class X`, `const { a, b: c }`.
 */
const DECLARATION = /^(?:export[ \t]+)?(?:(?:const|let|class)[ \t]+([A-Za-z_$][\w$]*)|(?:const|let)[ \t]*\{([^}=]*)\})/gm;

/**
 * The cheap look before a parse: names a `const`, `let` or `class` declaration at the start of an
 * unindented line declares that the text also writes, as a word that is no property name (`x.NAME`), before that
 * declaration. Empty for almost every file: a parse is needed only when a name is written earlier.
 */
export function namesWrittenBeforeDeclaration(text: string): Set<string> {
  const names = new Set<string>();
  let first: Map<string, number> | undefined;
  for (const match of text.matchAll(DECLARATION)) {
    if (first === undefined) {
      first = new Map();
      for (const word of text.matchAll(/(?<![\w$.])[A-Za-z_$][\w$]*/g)) if (!first.has(word[0])) first.set(word[0], word.index);
    }
    const declared = match[1] !== undefined ? [match[1]] : match[2]!.split(',').map((part) => part.split(':').pop()!.trim());
    for (const name of declared) if ((first.get(name) ?? Infinity) < match.index) names.add(name);
  }
  return names;
}

/**
 * Whether a JavaScript module reads a `const`, `let` or `class` binding of its own top level before
 * the declaration has run (the temporal dead zone): Node throws a `ReferenceError` as the module
 * loads (`const URL = `…${MINT}`;` above `const MINT = …`), so nothing after that statement runs.
 *
 * Only what surely runs at load counts: the top-level statements in order (expression statements,
 * declarations' initializers, `export default`, an `if`'s condition), not the code inside functions,
 * callbacks, classes, branches, `try` blocks or loops, nor the right side of `&&`, `||`, `??`, the
 * branches of `?:` or the arguments of an optional call; and the body of a plain (not async, not
 * generator) function of the same file that such a statement calls by name (a hoisted `function
 * start() {…}`, or a `const start = () => …` already declared), read the same way up to its first
 * statement that may return early. The walk stops at a top-level `return` (CommonJS allows one in a
 * branch): code after it may never run. `parse` is called at most once, and only when
 * {@link namesWrittenBeforeDeclaration} finds a candidate.
 */
export function readsBeforeDeclaration(ts: TsParser, text: string, fileName: string, onParse: () => void = () => {}): boolean {
  const candidates = namesWrittenBeforeDeclaration(text);
  if (candidates.size === 0) return false;
  onParse();
  const K = ts.SyntaxKind;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS) as { statements: readonly Node[]; parseDiagnostics?: readonly unknown[] };
  // A file that does not parse throws a SyntaxError instead (or is no JavaScript at all): not this question.
  if ((source.parseDiagnostics?.length ?? 0) > 0) return false;
  const statements = source.statements;
  const nameOf = (node: unknown): string | null => {
    const n = node as Node | undefined;
    return n !== undefined && n.kind === K.Identifier ? (n.text as string) : null;
  };
  /** The names a binding (an identifier or a destructuring pattern) declares. */
  const bound = (node: Node, into: Set<string>): void => {
    if (node.kind === K.Identifier) into.add(node.text as string);
    else if (node.kind === K.ObjectBindingPattern || node.kind === K.ArrayBindingPattern) {
      for (const element of node.elements as Node[]) if (element.kind === K.BindingElement) bound(element.name as Node, into);
    }
  };
  const isLexical = (statement: Node): boolean => {
    const flags = ((statement.declarationList as Node).flags as number) & 3; // NodeFlags.Let | NodeFlags.Const
    return flags !== 0;
  };
  // The top-level bindings still in their dead zone, from each statement on.
  const pending = new Set<string>();
  for (const statement of statements) {
    if (statement.kind === K.ClassDeclaration) {
      const name = nameOf(statement.name);
      if (name !== null && candidates.has(name)) pending.add(name);
    } else if (statement.kind === K.VariableStatement && isLexical(statement)) {
      const names = new Set<string>();
      for (const declaration of (statement.declarationList as Node).declarations as Node[]) bound(declaration.name as Node, names);
      for (const name of names) if (candidates.has(name)) pending.add(name);
    }
  }
  if (pending.size === 0) return false;
  // Plain functions of the top level, by name: hoisted declarations, and arrows or function expressions once their `const` has run.
  const callable = new Map<string, Node>();
  for (const statement of statements) {
    const name = nameOf(statement.name);
    if (statement.kind === K.FunctionDeclaration && name !== null && plain(statement)) callable.set(name, statement);
  }
  function plain(fn: Node): boolean {
    const modifiers = (fn.modifiers as Node[] | undefined) ?? [];
    return fn.asteriskToken === undefined && !modifiers.some((modifier) => modifier.kind === K.AsyncKeyword) && fn.body !== undefined;
  }
  /** Whether a call or element access follows a `?.` in its chain (`a?.b(X)`, `a?.[X]`). */
  const optional = (node: Node): boolean => {
    for (let current: Node | undefined = node; current !== undefined && [K.CallExpression, K.PropertyAccessExpression, K.ElementAccessExpression, K.NonNullExpression].includes(current.kind); current = current.expression as Node | undefined) {
      if (current.questionDotToken !== undefined) return true;
    }
    return false;
  };
  const entered = new Set<Node>();
  let found = false;
  /** Reads in the parts of an expression that surely run; `shadowed` are names a function body declares. */
  const visit = (node: Node, shadowed: ReadonlySet<string>): void => {
    if (found) return;
    switch (node.kind) {
      case K.Identifier: {
        const name = node.text as string;
        if (pending.has(name) && !shadowed.has(name)) found = true;
        return;
      }
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.ClassExpression:
      case K.FunctionDeclaration:
      case K.ClassDeclaration:
      case K.JsxElement:
      case K.JsxSelfClosingElement:
      case K.JsxFragment:
      case K.MetaProperty:
      case K.MethodDeclaration:
      case K.GetAccessor:
      case K.SetAccessor:
        return;
      case K.PropertyAccessExpression:
        visit(node.expression as Node, shadowed);
        return;
      case K.PropertyAssignment: {
        const name = node.name as Node;
        if (name.kind === K.ComputedPropertyName) visit(name, shadowed);
        visit(node.initializer as Node, shadowed);
        return;
      }
      case K.ShorthandPropertyAssignment:
        visit(node.name as Node, shadowed);
        return;
      case K.ConditionalExpression:
        visit(node.condition as Node, shadowed);
        return;
      case K.BinaryExpression: {
        const operator = (node.operatorToken as Node).kind;
        visit(node.left as Node, shadowed);
        const shortCircuit = [K.AmpersandAmpersandToken, K.BarBarToken, K.QuestionQuestionToken, K.AmpersandAmpersandEqualsToken, K.BarBarEqualsToken, K.QuestionQuestionEqualsToken].includes(operator);
        // A destructuring assignment's defaults may never run: only its right side counts.
        if (!shortCircuit) visit(node.right as Node, shadowed);
        return;
      }
      case K.CallExpression:
      case K.ElementAccessExpression: {
        visit(node.expression as Node, shadowed);
        // `a?.b(X)`: the arguments run only when `a` is there.
        if (optional(node)) return;
        if (node.kind === K.ElementAccessExpression) visit(node.argumentExpression as Node, shadowed);
        else {
          for (const argument of node.arguments as Node[]) visit(argument, shadowed);
          const callee = nameOf(node.expression);
          const fn = callee !== null && !shadowed.has(callee) ? callable.get(callee) : undefined;
          if (fn !== undefined && !entered.has(fn)) {
            entered.add(fn);
            runBody(fn);
          }
        }
        return;
      }
      default:
        ts.forEachChild(node, (child) => visit(child, shadowed));
    }
  };
  /** A called function's body, statement by statement, up to the first that may return early. */
  const runBody = (fn: Node): void => {
    const own = new Set<string>();
    for (const parameter of (fn.parameters as Node[] | undefined) ?? []) bound(parameter.name as Node, own);
    own.add('arguments');
    const body = fn.body as Node;
    if (body.kind !== K.Block) {
      visit(body, own);
      return;
    }
    const inner = body.statements as Node[];
    for (const statement of inner) {
      if (statement.kind === K.VariableStatement) for (const declaration of (statement.declarationList as Node).declarations as Node[]) bound(declaration.name as Node, own);
      const name = nameOf(statement.name);
      if ((statement.kind === K.FunctionDeclaration || statement.kind === K.ClassDeclaration) && name !== null) own.add(name);
    }
    // A name the body declares anywhere below its own statements (a block, a loop) is not looked at: those are not walked.
    for (const statement of inner) {
      if (found) return;
      if (statement.kind === K.ExpressionStatement) visit(statement.expression as Node, own);
      else if (statement.kind === K.VariableStatement) {
        for (const declaration of (statement.declarationList as Node).declarations as Node[]) if (declaration.initializer !== undefined) visit(declaration.initializer as Node, own);
      } else if (statement.kind === K.ReturnStatement || statement.kind === K.IfStatement) {
        const expression = statement.expression as Node | undefined;
        if (expression !== undefined) visit(expression, own);
        return;
      } else if (statement.kind !== K.FunctionDeclaration && statement.kind !== K.EmptyStatement) return;
    }
  };
  const none = new Set<string>();
  const containsReturn = (node: Node): boolean => {
    if (node.kind === K.ReturnStatement) return true;
    if (node.kind === K.FunctionDeclaration || node.kind === K.FunctionExpression || node.kind === K.ArrowFunction || node.kind === K.ClassDeclaration || node.kind === K.ClassExpression || node.kind === K.MethodDeclaration) return false;
    let hit = false;
    ts.forEachChild(node, (child) => {
      hit ||= containsReturn(child);
    });
    return hit;
  };
  for (const statement of statements) {
    switch (statement.kind) {
      case K.ExpressionStatement:
      case K.ExportAssignment:
        visit(statement.expression as Node, none);
        break;
      case K.VariableStatement: {
        const lexical = isLexical(statement);
        for (const declaration of (statement.declarationList as Node).declarations as Node[]) {
          const initializer = declaration.initializer as Node | undefined;
          if (initializer !== undefined) visit(initializer, none);
          if (found) return true;
          const names = new Set<string>();
          bound(declaration.name as Node, names);
          if (lexical) names.forEach((name) => pending.delete(name));
          // `const start = () => …`: callable by name from here on.
          const name = nameOf(declaration.name);
          if (lexical && name !== null && initializer !== undefined && (initializer.kind === K.ArrowFunction || initializer.kind === K.FunctionExpression) && plain(initializer)) callable.set(name, initializer);
        }
        break;
      }
      case K.ClassDeclaration: {
        const name = nameOf(statement.name);
        if (name !== null) pending.delete(name);
        break;
      }
      case K.IfStatement:
        visit(statement.expression as Node, none);
        if (!found && containsReturn(statement)) return false;
        break;
      case K.ReturnStatement:
        return false;
      default:
        // A block, loop or `try` may return from the module (CommonJS) before what follows runs.
        if (containsReturn(statement)) return false;
    }
    if (found) return true;
  }
  return found;
}
