import { escapeRegExp } from '../ast/index.js';
import type { TsParser } from './entries.js';

/**
 * How deep a folder loader reaches. The discord.js guide's loader lists `commands/`, then each of its
 * folders, and requires the files it finds there:
 *
 * ```js
 * const foldersPath = path.join(__dirname, 'commands');
 * for (const folder of fs.readdirSync(foldersPath)) {
 *   const commandsPath = path.join(foldersPath, folder);
 *   for (const file of fs.readdirSync(commandsPath).filter((file) => file.endsWith('.js'))) {
 *     const command = require(path.join(commandsPath, file));
 * ```
 *
 * A non-recursive `readdir` returns the names of one folder's entries, so a path built from the folder
 * and two listed names is a file two levels down (`commands/economy/shop.js`), never three
 * (`commands/utils/casinogames/poker.js`). The path of each computed load is followed back through the
 * `const` (or never reassigned `let`/`var`) bindings it is built from, `path.join`/`path.resolve`,
 * `+`, templates, `pathToFileURL(…).href`, `for … of` over a listing (or over a binding of one,
 * `.filter(…)`ed or not), a `forEach`/`map` callback's item, and a `Dirent`'s `.name`: each listed name
 * is one level, and the path's literal text names the folder listed. Anything else (a parameter —
 * a recursive walker passes each folder to itself —, a `readdir` given `{ recursive: true }`, a
 * binding reassigned, `stack.pop()`, a call of another function) may hold any number of levels.
 */
export interface LoaderPath {
  /** The literal parts of the path, in order (`__dirname`, `process.cwd()` and listed names add none). */
  readonly parts: readonly string[];
  /** The most folder levels below the named folder the path may reach: each listed name is one; Infinity when unknown. */
  readonly depth: number;
  /** Whether the path starts at a known place (`__dirname`, `process.cwd()`, literal text), not at an unknown value or a listed name. */
  readonly rooted: boolean;
  /** Whether the path is literal text alone (`path.join('commands\\games\\trivia.js')`): a module specifier written in pieces. */
  readonly literal: boolean;
}

type Node = { kind: number; parent?: Node; pos: number; end: number; [key: string]: unknown };

const LISTINGS = new Set(['readdirSync', 'readdir']);
const PATH_JOINS = new Set(['join', 'resolve']);
const ITEM_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find']);
const UNKNOWN: LoaderPath = { parts: [], depth: Infinity, rooted: false, literal: false };
const ROOT: LoaderPath = { parts: [], depth: 0, rooted: true, literal: false };
const LISTED_NAME: LoaderPath = { parts: [], depth: 1, rooted: false, literal: false };

/**
 * The paths of the loads (`require(x)`, `import(x)`) of a file, asked by their argument's text: for
 * `load`, each such load's path as {@link LoaderPath}; empty when the file has none such. The file is
 * parsed once, whatever the number of loads asked about.
 */
export function loaderPaths(ts: TsParser, text: string, fileName: string): (load: string) => LoaderPath[] {
  const K = ts.SyntaxKind;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, /\.[cm]?tsx?$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS) as unknown as Node;
  const loads = new Map<string, Node[]>();
  const reassigned = new Set<string>();
  const ASSIGNMENTS = new Set([K.EqualsToken, K.PlusEqualsToken, K.MinusEqualsToken, K.BarBarEqualsToken, K.QuestionQuestionEqualsToken, K.AmpersandAmpersandEqualsToken]);
  const textOf = (node: Node): string => text.slice(node.pos, node.end).trim();
  const visit = (node: Node): void => {
    if (node.kind === K.CallExpression) {
      const callee = node.expression as Node;
      const [argument] = node.arguments as Node[];
      const isLoad = (callee.kind === K.Identifier && callee.escapedText === 'require') || callee.kind === K.ImportKeyword;
      if (isLoad && argument !== undefined) {
        const written = textOf(argument);
        loads.set(written, [...(loads.get(written) ?? []), argument]);
      }
    } else if (node.kind === K.BinaryExpression && ASSIGNMENTS.has((node.operatorToken as Node).kind) && (node.left as Node).kind === K.Identifier) {
      reassigned.add((node.left as Node).escapedText as string);
    } else if ((node.kind === K.PrefixUnaryExpression || node.kind === K.PostfixUnaryExpression) && (node.operand as Node).kind === K.Identifier) {
      reassigned.add((node.operand as Node).escapedText as string);
    }
    ts.forEachChild(node, visit as never);
  };
  visit(source);

  const name = (node: Node | undefined): string | undefined => (node !== undefined && node.kind === K.Identifier ? (node.escapedText as string) : undefined);
  /** The callee's own name: `readdirSync` of `fs.readdirSync`, `join` of `path.join`. */
  const calleeName = (call: Node): string | undefined => {
    const callee = call.expression as Node;
    return callee.kind === K.PropertyAccessExpression ? name(callee.name as Node) : name(callee);
  };
  /** A call that lists one folder's entries (no `recursive` option): `fs.readdirSync(dir)`, `await fs.promises.readdir(dir)`, `….filter(…)` of one. */
  const isListing = (expression: Node): boolean => {
    let node = expression;
    while (node.kind === K.AwaitExpression || node.kind === K.ParenthesizedExpression) node = node.expression as Node;
    if (node.kind !== K.CallExpression) return false;
    const called = calleeName(node);
    const callee = node.expression as Node;
    if (called === 'filter' && callee.kind === K.PropertyAccessExpression) return isListing(callee.expression as Node) || listedBinding(callee.expression as Node);
    if (!LISTINGS.has(called ?? '')) return false;
    return !(node.arguments as Node[]).slice(1).some((option) => /\brecursive\b/.test(textOf(option)));
  };
  /** An identifier bound once to a listing (`const files = fs.readdirSync(dir).filter(…)`). */
  const listedBinding = (node: Node): boolean => {
    const declaration = name(node) === undefined ? undefined : declarationOf(node);
    return declaration !== undefined && declaration.kind === K.VariableDeclaration && declaration.initializer !== undefined && isListing(declaration.initializer as Node);
  };
  /** The declaration an identifier names, found up its scopes; undefined when it is a parameter, a pattern, or not found. */
  const declarationOf = (identifier: Node): Node | undefined => {
    const wanted = identifier.escapedText as string;
    if (reassigned.has(wanted)) return undefined;
    const declares = (declaration: Node): boolean => name(declaration.name as Node) === wanted;
    const inList = (list: Node | undefined): Node | undefined => (list !== undefined && list.kind === K.VariableDeclarationList ? (list.declarations as Node[]).find(declares) : undefined);
    for (let scope = identifier.parent; scope !== undefined; scope = scope.parent) {
      if (scope.kind === K.Block || scope.kind === K.SourceFile || scope.kind === K.CaseClause || scope.kind === K.DefaultClause || scope.kind === K.ModuleBlock) {
        for (const statement of scope.statements as Node[]) {
          const found = statement.kind === K.VariableStatement ? inList(statement.declarationList as Node) : undefined;
          if (found !== undefined) return found;
          if (statement.kind === K.FunctionDeclaration && declares(statement)) return undefined;
        }
      } else if (scope.kind === K.ForOfStatement || scope.kind === K.ForInStatement || scope.kind === K.ForStatement) {
        const found = inList(scope.initializer as Node | undefined);
        if (found !== undefined) return found;
      } else if (scope.parameters !== undefined) {
        const parameters = scope.parameters as Node[];
        if (parameters.some((parameter) => name(parameter.name as Node) === wanted)) return scope.kind === K.ArrowFunction || scope.kind === K.FunctionExpression ? scope : undefined;
        // A name a parameter's pattern binds (`({ file }) => …`): its value is unknown.
        if (parameters.some((parameter) => name(parameter.name as Node) === undefined && new RegExp(`(?<![\\w$])${escapeRegExp(wanted)}(?![\\w$])`).test(textOf(parameter)))) return undefined;
      } else if (scope.kind === K.CatchClause) {
        return undefined;
      }
    }
    return undefined;
  };
  const join = (paths: readonly LoaderPath[]): LoaderPath => ({ parts: paths.flatMap((one) => one.parts), depth: paths.reduce((sum, one) => sum + one.depth, 0), rooted: paths[0]?.rooted ?? false, literal: paths.every((one) => one.literal) });
  const literal = (value: string): LoaderPath[] => (value === '' ? [] : [{ parts: [value], depth: 0, rooted: true, literal: true }]);
  const seen = new Set<Node>();
  const pathOf = (expression: Node): LoaderPath => {
    const node = expression;
    switch (node.kind) {
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        return { parts: [(node.text as string).replace(/^file:\/\//, '')], depth: 0, rooted: true, literal: true };
      case K.TemplateExpression: {
        const spans = node.templateSpans as Node[];
        const head = ((node.head as Node).text as string).replace(/^file:\/\//, '');
        return join([...literal(head), ...spans.flatMap((span) => [pathOf(span.expression as Node), ...literal((span.literal as Node).text as string)])]);
      }
      case K.ParenthesizedExpression:
      case K.AwaitExpression:
        return pathOf(node.expression as Node);
      case K.BinaryExpression:
        return (node.operatorToken as Node).kind === K.PlusToken ? join([pathOf(node.left as Node), pathOf(node.right as Node)]) : UNKNOWN;
      case K.Identifier:
        return node.text === '__dirname' ? ROOT : bindingPath(node);
      case K.PropertyAccessExpression: {
        const property = name(node.name as Node);
        // `import.meta.dirname`, `pathToFileURL(file).href`, a `Dirent`'s `.name`: the path they stand for.
        if (property === 'dirname' && (node.expression as Node).kind === K.MetaProperty) return ROOT;
        if (property === 'href' && (node.expression as Node).kind === K.CallExpression && calleeName(node.expression as Node) === 'pathToFileURL') return pathOf(((node.expression as Node).arguments as Node[])[0]!);
        if (property === 'name' && (node.expression as Node).kind === K.Identifier) {
          const item = bindingPath(node.expression as Node);
          return item === LISTED_NAME ? item : UNKNOWN;
        }
        return UNKNOWN;
      }
      case K.CallExpression: {
        const called = calleeName(node);
        const callee = node.expression as Node;
        const args = node.arguments as Node[];
        if (called === 'cwd' && callee.kind === K.PropertyAccessExpression && name(callee.expression as Node) === 'process') return ROOT;
        const onPath = callee.kind === K.Identifier || (callee.kind === K.PropertyAccessExpression && name(callee.expression as Node) === 'path');
        if (onPath && PATH_JOINS.has(called ?? '') && args.every((arg) => arg.kind !== K.SpreadElement)) return join(args.map(pathOf));
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  };
  /** What a binding holds: its initializer's path, or one listed name for the item of a loop or callback over a listing. */
  const bindingPath = (identifier: Node): LoaderPath => {
    const declaration = declarationOf(identifier);
    if (declaration === undefined || seen.has(declaration)) return UNKNOWN;
    seen.add(declaration);
    try {
      if (declaration.kind === K.ArrowFunction || declaration.kind === K.FunctionExpression) {
        // `files.forEach((file) => require(path.join(dir, file)))`: the first parameter of a callback over a listing.
        const call = declaration.parent;
        const first = (declaration.parameters as Node[])[0];
        const callee = call !== undefined && call.kind === K.CallExpression ? (call.expression as Node) : undefined;
        const overListing = callee !== undefined && callee.kind === K.PropertyAccessExpression && ITEM_CALLBACKS.has(name(callee.name as Node) ?? '') && (isListing(callee.expression as Node) || listedBinding(callee.expression as Node));
        return overListing && name(first?.name as Node) === identifier.escapedText ? LISTED_NAME : UNKNOWN;
      }
      const list = declaration.parent;
      const loop = list?.parent;
      if (loop !== undefined && (loop.kind === K.ForOfStatement || loop.kind === K.ForInStatement) && loop.initializer === list) {
        return loop.kind === K.ForOfStatement && (isListing(loop.expression as Node) || listedBinding(loop.expression as Node)) ? LISTED_NAME : UNKNOWN;
      }
      return declaration.initializer === undefined ? UNKNOWN : pathOf(declaration.initializer as Node);
    } finally {
      seen.delete(declaration);
    }
  };
  return (load) => (loads.get(load) ?? []).map(pathOf);
}
