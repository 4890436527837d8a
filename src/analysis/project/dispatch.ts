import path from 'node:path';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, isFunction, isIdentifierNamed, logicalOperands, patternNames, propertyKey, pushChildren, skipTypeWrappers } from '../ast/index.js';
import { knownEntries } from './entries.js';
import { packageOf, projectModuleFile, projectOf } from './packages.js';
import { computedLoads, computedLoadTargets, loadPreProcess, mayLoad, withoutComments } from './reach.js';
import { readSmallText } from './resolve.js';

/**
 * Command modules no dispatch gets: the discord.js command-handler idiom keys each module a folder
 * loader loads by the name it exports (`const command = require(`./commands/${file}`);
 * client.commands.set(command.name, command)`), and a module's functions then run only when a dispatch
 * gets that name (`client.commands.get('gift').execute(msg, args)`; a `Collection` is a `Map`, so the
 * key must be equal). When every read of the collection is a `get` with a string literal (or a `has`,
 * which runs nothing), a module whose exported name (`name: 'storyprofile'`) none of them gets is never
 * dispatched, and the functions of its export object never run.
 *
 * It proves nothing, and so leaves every module live, unless all of this holds in the files that run:
 * - every load by a computed name is such a loader: the loaded module bound to a block-scoped name used
 *   only as `X.name` and as the value of that one `set` (no aliases keyed, no `X.init(client)`);
 * - every mention of the collection's property (`client.commands`: any `.commands`, a key `commands`, a
 *   string equal to it; for a collection kept in a variable, every identifier of that name) is its
 *   creation (`x.commands = new Collection()`, `{ commands: new Map() }`), the loader's `set`, a `has`, or
 *   a `get` with one string literal: a `get(name)`, `values()`, `find`, `size`, a destructuring, or the
 *   collection handed on keeps every module (reaching it through a computed key of its holder,
 *   `client[k]`, is not followed);
 * - the module's own export is one object literal (`module.exports = {…}`, `export default {…}`) of plain
 *   keys with a literal `name`, whose keys its file names nowhere else (`module.exports.execute(…)`);
 * - no file loads the module by a literal path or names its file (`'story.js'`), and it is no entry of
 *   its project (a start command, `main`).
 */
export interface ParsedFile {
  readonly program: TSESTree.Program;
  readonly code: string;
}

const MAX_BYTES = 5 * 1024 * 1024;
/** `X.set(command.name, command)`: the cheap first look for a loader. */
const KEYED_BY_NAME = /\.\s*set\s*\(\s*([A-Za-z_$][\w$]*)\s*\.\s*name\s*,\s*\1\s*\)/;

const isRequire = (node: TSESTree.Node | null | undefined): node is TSESTree.CallExpression =>
  node?.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require' && node.arguments.length === 1;

const propertyName = (node: TSESTree.Node): string | null => (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : null);

/** Every node below `root`, `root` included, each child given its `parent` (a parse without ESLint sets none). */
function nodes(root: TSESTree.Node): TSESTree.Node[] {
  const all: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    all.push(node);
    const first = stack.length;
    pushChildren(node, stack);
    for (let index = first; index < stack.length; index++) (stack[index] as { parent?: TSESTree.Node }).parent = node;
  }
  return all;
}

/** A module name not written out: neither a string literal nor a template without `${…}`. */
const isComputedName = (name: TSESTree.CallExpressionArgument): boolean =>
  name.type !== AST_NODE_TYPES.Literal && !(name.type === AST_NODE_TYPES.TemplateLiteral && name.expressions.length === 0);

/** The loaders of a file: each computed `require` must be one (see {@link undispatchedCommands}); null when one is not. */
function loadersIn(parsed: ParsedFile): { key: string; asProperty: boolean; set: TSESTree.CallExpression }[] | null {
  const found: { key: string; asProperty: boolean; set: TSESTree.CallExpression }[] = [];
  const all = nodes(parsed.program);
  const computed = all.filter((node) => (isRequire(node) && isComputedName(node.arguments[0]!)) || (node.type === AST_NODE_TYPES.ImportExpression && node.source.type !== AST_NODE_TYPES.Literal));
  for (const load of computed) {
    const declarator = load.parent;
    const declaration = declarator?.parent;
    if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== load || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.kind === 'var' || declaration.parent?.type !== AST_NODE_TYPES.BlockStatement) return null;
    const name = declarator.id.name;
    // Every use of the name in its block: the declaration, `name.name` as the key of one `set`, and the value of that `set`.
    const uses = nodes(declaration.parent).filter((node): node is TSESTree.Identifier => node.type === AST_NODE_TYPES.Identifier && node.name === name && !(node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node && !node.parent.computed) && !(node.parent.type === AST_NODE_TYPES.Property && node.parent.key === node && !node.parent.computed && !node.parent.shorthand));
    const keyUse = uses.find((use) => use.parent.type === AST_NODE_TYPES.MemberExpression && use.parent.object === use && propertyName(use.parent) === 'name');
    const set = keyUse?.parent.parent;
    if (set?.type !== AST_NODE_TYPES.CallExpression || set.arguments.length !== 2 || set.arguments[0] !== keyUse!.parent) return null;
    const valueUse = set.arguments[1];
    const callee = set.callee;
    const collection = callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'set' ? callee.object : null;
    const key = collection === null ? null : collection.type === AST_NODE_TYPES.Identifier ? collection.name : propertyName(collection);
    if (key === null || valueUse?.type !== AST_NODE_TYPES.Identifier || valueUse.name !== name) return null;
    if (!uses.every((use) => use === declarator.id || use === keyUse || use === valueUse)) return null;
    found.push({ key, asProperty: collection!.type !== AST_NODE_TYPES.Identifier, set });
  }
  return found;
}

/**
 * Whether every mention of the collection's property `key` in the file is its creation, a loader's
 * `set`, a `has`, or a `get` of a string literal (each added to `got`).
 */
function onlyLiteralGets(parsed: ParsedFile, key: string, asProperty: boolean, sets: ReadonlySet<TSESTree.Node>, got: Set<string>): boolean {
  for (const node of nodes(parsed.program)) {
    if (node.type === AST_NODE_TYPES.Literal && node.value === key) return false;
    if (node.type !== AST_NODE_TYPES.Identifier || node.name !== key) continue;
    const parent = node.parent;
    // A collection kept as a property (`client.commands`) is reached only by that property: a variable or function of the name (`commands(list)` in a page script) is another binding.
    const named = (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) || (parent.type === AST_NODE_TYPES.Property && parent.key === node);
    if (asProperty && !named) continue;
    // `{ commands: new Map() }`
    if (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand && parent.value.type === AST_NODE_TYPES.NewExpression) continue;
    let collection: TSESTree.Node;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) collection = parent; // `client.commands`
    else if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) collection = node; // `commands.get(…)`
    else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === node && parent.init?.type === AST_NODE_TYPES.NewExpression) continue; // `const commands = new Map()`
    else return false;
    const around = collection.parent;
    if (around.type === AST_NODE_TYPES.AssignmentExpression && around.left === collection && around.right.type === AST_NODE_TYPES.NewExpression) continue;
    const method = around.type === AST_NODE_TYPES.MemberExpression && around.object === collection ? propertyName(around) : null;
    const call = around.parent;
    if (method === null || call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== around) return false;
    if (method === 'has') continue;
    if (method === 'set' && sets.has(call)) continue;
    const [argument] = call.arguments;
    if (method !== 'get' || call.arguments.length !== 1 || argument?.type !== AST_NODE_TYPES.Literal || typeof argument.value !== 'string') return false;
    got.add(argument.value);
  }
  return true;
}

/** The module's own export when it is one object literal (`module.exports = {…}`, `export default {…}`), or null. */
function exportObject(parsed: ParsedFile): TSESTree.ObjectExpression | null {
  const objects: TSESTree.ObjectExpression[] = [];
  for (const statement of parsed.program.body) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      const { left, right } = statement.expression;
      if (left.type === AST_NODE_TYPES.MemberExpression && left.object.type === AST_NODE_TYPES.Identifier && left.object.name === 'module' && propertyName(left) === 'exports') {
        if (right.type !== AST_NODE_TYPES.ObjectExpression) return null;
        objects.push(right);
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      if (statement.declaration.type !== AST_NODE_TYPES.ObjectExpression) return null;
      objects.push(statement.declaration);
    }
  }
  return objects.length === 1 ? objects[0]! : null;
}

/** The module's own export object with a literal `name` (see {@link undispatchedCommands}), or null. */
function commandObject(parsed: ParsedFile): { name: string; range: [number, number] } | null {
  const object = exportObject(parsed);
  if (object === null) return null;
  const keys: string[] = [];
  let name: string | null = null;
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) return null;
    keys.push(property.key.name);
    if (property.key.name === 'name') name = property.value.type === AST_NODE_TYPES.Literal && typeof property.value.value === 'string' ? property.value.value : null;
  }
  if (name === null) return null;
  // `module.exports.execute(…)`, `exports.name = …`: the file itself names a member outside the object.
  const outside = parsed.code.slice(0, object.range[0]) + ' ' + parsed.code.slice(object.range[1]);
  const code = withoutComments(outside);
  if (/\bexports\b/.test(code.replace(/\bmodule\s*\.\s*exports\s*=/, ' ')) || keys.some((key) => new RegExp(`(?<![\\w$])${key.replace(/\$/g, '\\$')}(?![\\w$])`).test(code))) return null;
  return { name, range: object.range };
}

/**
 * The export-object ranges of the command modules among `files` that no dispatch gets (see the
 * description above); `running` are the project's source files that may run, `parse` reads and parses
 * one (null when it cannot). Empty whenever any condition cannot be shown.
 */
export function undispatchedCommands(running: readonly string[], candidates: readonly string[], parseFile: (file: string) => ParsedFile | null): Map<string, [number, number]> {
  const found = new Map<string, [number, number]>();
  // One parse per file: the loaders' `set` calls are matched by node.
  const parses = new Map<string, ParsedFile | null>();
  const parse = (file: string): ParsedFile | null => {
    if (!parses.has(file)) parses.set(file, parseFile(file));
    return parses.get(file)!;
  };
  const texts = runningTexts(running);
  if (texts === null) return found;
  const loaded = [...texts].filter(([, text]) => computedLoads(withoutComments(text)).length > 0);
  if (loaded.length === 0 || !loaded.some(([, text]) => KEYED_BY_NAME.test(text))) return found;
  const sets = new Set<TSESTree.Node>();
  let key: string | null = null;
  let asProperty = false;
  for (const [file] of loaded) {
    const parsed = parse(file);
    const loaders = parsed === null ? null : loadersIn(parsed);
    if (loaders === null) return found;
    for (const loader of loaders) {
      if (key !== null && (key !== loader.key || asProperty !== loader.asProperty)) return found;
      key = loader.key;
      asProperty = loader.asProperty;
      sets.add(loader.set);
    }
  }
  if (key === null) return found;
  const got = new Set<string>();
  const word = new RegExp(`(?<![\\w$])${key.replace(/\$/g, '\\$')}(?![\\w$])`);
  for (const [file, text] of texts) {
    if (!word.test(text)) continue;
    const parsed = parse(file);
    if (parsed === null || !onlyLiteralGets(parsed, key, asProperty, sets, got)) return found;
  }
  const named = namedElsewhere(texts);
  for (const file of candidates) {
    if (named === null || named(file)) continue;
    const parsed = parse(file);
    const command = parsed === null ? null : commandObject(parsed);
    if (command !== null && !got.has(command.name)) found.set(file, command.range);
  }
  return found;
}

/**
 * Whether a module may be loaded other than by a computed name, given the texts of the files that run:
 * one of them loads it by a literal path or names its file (`'story.js'`), or it is an entry of its
 * project (a start command, `main`) or has none; null without the `typescript` package.
 */
function namedElsewhere(texts: ReadonlyMap<string, string>): ((file: string) => boolean) | null {
  const scan = loadPreProcess();
  if (scan === null) return null;
  const loadedStatically = new Set<string>();
  for (const [file, text] of texts) {
    for (const { fileName } of scan(text, true, true).importedFiles) {
      const target = projectModuleFile(file, fileName);
      if (target !== null) loadedStatically.add(target);
    }
  }
  return (file) => {
    const project = projectOf(file);
    if (project === null || loadedStatically.has(file)) return true;
    const entries = knownEntries(project);
    if (entries.files.includes(file) || entries.folders.some((folder) => file.startsWith(folder + path.sep))) return true;
    const base = path.basename(file);
    return [...texts].some(([other, text]) => other !== file && text.includes(base));
  };
}

/** The texts of the files that run, or null when one cannot be read. */
function runningTexts(running: readonly string[]): Map<string, string> | null {
  const texts = new Map<string, string>();
  for (const file of running) {
    const text = readSmallText(file, MAX_BYTES);
    if (text === null) return null;
    texts.set(file, text);
  }
  return texts;
}

/** What `read` finds in the export of each candidate whose name and text pass the cheap first looks, by file. */
function exportsRead<T>(candidates: readonly string[], name: RegExp, look: RegExp, parseFile: (file: string) => ParsedFile | null, read: (parsed: ParsedFile) => T | null): Map<string, T> {
  const found = new Map<string, T>();
  for (const file of candidates) {
    if (!name.test(file) || !look.test(readSmallText(file, MAX_BYTES) ?? '')) continue;
    const parsed = parseFile(file);
    const value = parsed === null ? null : read(parsed);
    if (value !== null) found.set(file, value);
  }
  return found;
}

/** `module.exports = [`: the cheap first look for an array export. */
const ARRAY_EXPORT = /\bmodule\s*\.\s*exports\s*=\s*\[/;

/** What an array has by name (`length`, `map`, `forEach`, …, and what every object has): a read of any other key of an array is `undefined`. */
const ARRAY_MEMBERS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Array.prototype), ...Object.getOwnPropertyNames(Object.prototype)]);

/** `X.key` with a plain key no array has, the read of a module's named member. */
const readsKey = (node: TSESTree.Node, name: string): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.object.type === AST_NODE_TYPES.Identifier && node.object.name === name && node.property.type === AST_NODE_TYPES.Identifier && !ARRAY_MEMBERS.has(node.property.name);

/** Whether a test holds only when `X.key` (a key no array has) is truthy: a conjunct is that read, or a member chain on it (`X.data.name`). */
function requiresKey(test: TSESTree.Node, name: string): boolean {
  if (test.type === AST_NODE_TYPES.LogicalExpression && test.operator === '&&') return requiresKey(test.left, name) || requiresKey(test.right, name);
  let current: TSESTree.Node = test.type === AST_NODE_TYPES.ChainExpression ? test.expression : test;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    if (readsKey(current, name)) return true;
    current = current.object;
  }
  return false;
}

/** Whether a use of `X` runs only when `X.key` (a key no array has) is truthy: it lies in the branch an `if`, `?:` or `&&` takes on such a test. */
function guardedByKey(use: TSESTree.Node, name: string): boolean {
  for (let child: TSESTree.Node = use, parent = use.parent; parent; child = parent, parent = parent.parent) {
    if ((parent.type === AST_NODE_TYPES.IfStatement || parent.type === AST_NODE_TYPES.ConditionalExpression) && parent.consequent === child && requiresKey(parent.test, name)) return true;
    if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === child && requiresKey(parent.left, name)) return true;
  }
  return false;
}

/**
 * Whether a `require` by computed name reads the module only by keys no array has: loaded for its side
 * effects, read by a key (`require(file).run`), destructured by such keys, or bound to a block-scoped
 * name each use of which reads such a key or lies in a branch that needs one (`if (command.data &&
 * command.execute) client.commands.set(command.data.name, command)`). The elements of an array it
 * loads are then never reached by it.
 */
function readsOnlyKeys(load: TSESTree.CallExpression): boolean {
  const parent = load.parent;
  if (parent.type === AST_NODE_TYPES.ExpressionStatement) return true;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === load) return !parent.computed && parent.property.type === AST_NODE_TYPES.Identifier && !ARRAY_MEMBERS.has(parent.property.name);
  if (parent.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== load) return false;
  if (parent.id.type === AST_NODE_TYPES.ObjectPattern) {
    return parent.id.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && !ARRAY_MEMBERS.has(property.key.name));
  }
  const declaration = parent.parent;
  const block = declaration.parent;
  if (parent.id.type !== AST_NODE_TYPES.Identifier || declaration.kind === 'var' || (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program)) return false;
  const name = parent.id.name;
  const uses = nodes(block).filter(
    (node): node is TSESTree.Identifier =>
      node.type === AST_NODE_TYPES.Identifier &&
      node.name === name &&
      node !== parent.id &&
      !(node.parent.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node && !node.parent.computed) &&
      !(node.parent.type === AST_NODE_TYPES.Property && node.parent.key === node && !node.parent.computed && !node.parent.shorthand),
  );
  return uses.every((use) => readsKey(use.parent, name) || guardedByKey(use, name));
}

/** The functions in the elements of a CommonJS module's own export when it is an array literal (`module.exports = [{ data, async execute() {…} }, …]`), or null. */
function arrayExportFunctions(parsed: ParsedFile): [number, number][] | null {
  const arrays: TSESTree.ArrayExpression[] = [];
  for (const statement of parsed.program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration || statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportAllDeclaration) return null;
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) continue;
    const { left, right } = statement.expression;
    if (left.type === AST_NODE_TYPES.MemberExpression && left.object.type === AST_NODE_TYPES.Identifier && left.object.name === 'module' && propertyName(left) === 'exports') {
      if (right.type !== AST_NODE_TYPES.ArrayExpression) return null;
      arrays.push(right);
    }
  }
  if (arrays.length !== 1) return null;
  const array = arrays[0]!;
  // `module.exports.push(…)`, `exports.x = …`: the file itself reaches its export outside the literal.
  const outside = withoutComments(parsed.code.slice(0, array.range[0]) + ' ' + parsed.code.slice(array.range[1]));
  if (/\bexports\b/.test(outside.replace(/\bmodule\s*\.\s*exports\s*=/, ' '))) return null;
  const functions: [number, number][] = [];
  for (const element of array.elements) {
    if (element?.type === AST_NODE_TYPES.FunctionExpression || element?.type === AST_NODE_TYPES.ArrowFunctionExpression) functions.push(element.range);
    if (element?.type !== AST_NODE_TYPES.ObjectExpression) continue;
    for (const property of element.properties) {
      if (property.type === AST_NODE_TYPES.Property && property.kind === 'init' && (property.value.type === AST_NODE_TYPES.FunctionExpression || property.value.type === AST_NODE_TYPES.ArrowFunctionExpression)) functions.push(property.value.range);
    }
  }
  return functions.length > 0 ? functions : null;
}

/**
 * The functions of array-exporting modules among `candidates` that no loader reaches: a folder loader
 * (`const command = require(path.join(folder, file))`) reads each module it loads by name (`command.data`,
 * `command.execute`), and an array has no such key, so a module whose own export is an array literal
 * (`module.exports = [{ data, execute }, …]`) is loaded but never registered, and the functions of its
 * elements never run. It holds only when every `require` by computed name in the files that run (`running`)
 * that may load the module (see {@link computedLoadTargets}) reads it only by keys no array has (see
 * {@link readsOnlyKeys}; an `import()` by computed name may hand the module on), the file reaches its
 * export nowhere but in the literal, and no running file loads it by a literal path or names its file,
 * and it is no entry of its project. Empty whenever a condition cannot be shown.
 */
export function unreadArrayExports(running: readonly string[], candidates: readonly string[], parseFile: (file: string) => ParsedFile | null): Map<string, [number, number][]> {
  const found = new Map<string, [number, number][]>();
  const arrays = exportsRead(candidates, /\.c?js$/, ARRAY_EXPORT, parseFile, arrayExportFunctions);
  if (arrays.size === 0) return found;
  const texts = runningTexts(running);
  if (texts === null) return found;
  const named = namedElsewhere(texts);
  if (named === null) return found;
  const reached = new Set<string>();
  for (const [file, text] of texts) {
    if (computedLoads(withoutComments(text)).length === 0) continue;
    const targets = computedLoadTargets(text, file, packageOf(file)?.dir ?? path.dirname(file));
    const parsed = parseFile(file);
    if (parsed === null) return found;
    for (const node of nodes(parsed.program)) {
      const computed = (isRequire(node) && isComputedName(node.arguments[0]!)) || (node.type === AST_NODE_TYPES.ImportExpression && node.source.type !== AST_NODE_TYPES.Literal);
      if (!computed) continue;
      const argument = node.type === AST_NODE_TYPES.ImportExpression ? node.source : node.arguments[0]!;
      const folders = targets.get(parsed.code.slice(...argument.range).trim());
      const loads = [...arrays.keys()].filter((module) => folders === undefined || folders === null || mayLoad(folders, module));
      if (node.type === AST_NODE_TYPES.ImportExpression || !readsOnlyKeys(node)) loads.forEach((module) => reached.add(module));
    }
  }
  for (const [file, functions] of arrays) if (!reached.has(file) && !named(file)) found.set(file, functions);
  return found;
}

/** What every object has by name (`toString`, `constructor`, …): a read of any other key a literal object does not set is `undefined`. */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);

/** Array methods whose callback gets the array's elements as its first parameter. */
const ELEMENT_CALLBACKS: ReadonlySet<string> = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every']);

/** Calls that may set a key on an object they are handed (`Object.assign` is judged by its sources). */
const KEY_SETTERS = /\b(?:Object\s*\.\s*(?:defineProperty|defineProperties|setPrototypeOf)|Reflect\s*\.\s*(?:set|defineProperty))\b/;

/** A flagged module's export object: the keys it sets, those it sets to a truthy literal, and its function-valued keys with their ranges. */
interface FlaggedExport {
  readonly keys: ReadonlySet<string>;
  readonly truthy: ReadonlySet<string>;
  readonly functions: ReadonlyMap<string, [number, number]>;
}

/** `true`, `!0`, a number other than 0, a non-empty string. */
const isTruthyLiteral = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Literal && !('regex' in node && node.regex) && node.value !== null && Boolean(node.value)) ||
  (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!' && node.argument.type === AST_NODE_TYPES.Literal && node.argument.value === 0);

/** The module's export object read as {@link FlaggedExport}: plain keys only, at least one function; null otherwise. */
function flaggedExport(parsed: ParsedFile): FlaggedExport | null {
  const object = exportObject(parsed);
  if (object === null) return null;
  const keys = new Set<string>();
  const truthy = new Set<string>();
  const functions = new Map<string, [number, number]>();
  for (const property of object.properties) {
    const key = propertyKey(property);
    if (key === null || property.type !== AST_NODE_TYPES.Property || property.kind !== 'init') return null;
    keys.add(key);
    if (isTruthyLiteral(property.value)) truthy.add(key);
    if (isFunction(property.value)) functions.set(key, property.value.range);
  }
  return functions.size > 0 ? { keys, truthy, functions } : null;
}

/**
 * Whether an array callback returns false for the module (`(c) => !c.disabled && c.cmd.includes(q)`):
 * one `&&` operand of what it returns is `!c.key` of a key the module sets to a truthy literal, or
 * needs `c.key` (or a member chain or call on it) of a key the module's object has not.
 */
function skipsModule(callback: TSESTree.Node | undefined, module: FlaggedExport, relied: Set<string>): boolean {
  if (!isFunction(callback) || callback.params[0]?.type !== AST_NODE_TYPES.Identifier) return false;
  const param = callback.params[0].name;
  const body = callback.body;
  const only = body.type === AST_NODE_TYPES.BlockStatement && body.body.length === 1 ? body.body[0] : undefined;
  const returned = body.type !== AST_NODE_TYPES.BlockStatement ? body : only?.type === AST_NODE_TYPES.ReturnStatement ? only.argument : null;
  if (!returned) return false;
  const keyOf = (node: TSESTree.Node): string | null =>
    node.type === AST_NODE_TYPES.MemberExpression && isIdentifierNamed(node.object, param) ? getPropertyName(node) : null;
  return logicalOperands(returned, '&&').some((operand) => {
    if (operand.type === AST_NODE_TYPES.UnaryExpression && operand.operator === '!') {
      const key = keyOf(skipTypeWrappers(operand.argument));
      return key !== null && module.truthy.has(key) && relied.add(key) !== null;
    }
    for (let current: TSESTree.Node = skipTypeWrappers(operand); ; ) {
      const key = keyOf(current);
      if (key !== null) return !module.keys.has(key) && !OBJECT_MEMBERS.has(key) && relied.add(key) !== null;
      if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
      else if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
      else return false;
    }
  });
}

/** The call `X.method(…)` (through type wrappers and `await`), or null. */
function methodCall(node: TSESTree.Node): { method: string; object: TSESTree.Node; call: TSESTree.CallExpression } | null {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  if (value.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(value.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return method === null || callee.type !== AST_NODE_TYPES.MemberExpression ? null : { method, object: callee.object, call: value };
}

/**
 * Whether a name is declared in a scope around the node (a `const`, `let`, `var`, function or class of
 * an enclosing block, a parameter, an import, a loop's own binding): it then names a binding of this
 * file. A declaration this misses (a `var` in a nested block) only widens the writes read to every file.
 */
function declaredAround(node: TSESTree.Node, name: string): boolean {
  const declares = (statement: TSESTree.Node): boolean =>
    (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.some((declarator) => patternNames(declarator.id).includes(name))) ||
    ((statement.type === AST_NODE_TYPES.FunctionDeclaration || statement.type === AST_NODE_TYPES.ClassDeclaration) && statement.id?.name === name) ||
    (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.specifiers.some((specifier) => specifier.local.name === name)) ||
    ((statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) && statement.declaration !== null && declares(statement.declaration));
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if ((current.type === AST_NODE_TYPES.BlockStatement || current.type === AST_NODE_TYPES.Program) && current.body.some(declares)) return true;
    if (isFunction(current) && current.params.some((param) => patternNames(param).includes(name))) return true;
    if ((current.type === AST_NODE_TYPES.ForOfStatement || current.type === AST_NODE_TYPES.ForInStatement || current.type === AST_NODE_TYPES.ForStatement) && current.type !== AST_NODE_TYPES.ForStatement && declares(current.left)) return true;
    if (current.type === AST_NODE_TYPES.ForStatement && current.init !== null && declares(current.init)) return true;
    if (current.type === AST_NODE_TYPES.CatchClause && current.param !== null && patternNames(current.param).includes(name)) return true;
  }
  return false;
}

/**
 * The functions of modules among `candidates` that every dispatch skips: a plugin dispatcher picks the
 * module to run by a test of its export (`Object.values(global.commands).find((c) => !c.disabled &&
 * c.cmd.includes(command))`), and a module whose own export object sets that flag to a literal
 * (`disabled: true`), or lacks a key the test needs, fails it wherever it is asked. Each function of the
 * export whose key (`handler`) the running files read only on values proven not to be the module is
 * never called. A value is proven when it is the module `require` or `import` loads by a literal
 * path (not this one: no file names it), a `find` by such a test, an element of a `filter` by one (a
 * `for…of` over it, the parameter of its `forEach`, `map`, …, an index into it), a class's own `this`,
 * or a name whose every write in its file (in every running file for an undeclared global) is one.
 *
 * It proves nothing, and so leaves every function live, when a running file reads the key by a string
 * (`cmd['handler']`, `const key = 'handler'`), destructures it, calls a member by computed key, may
 * write the flag ({@link flagsKept}), or loads the module by a literal path or names its file, or it is
 * an entry of its project. Not followed: the functions read whole (`Object.values(module)`), and a key
 * written by a computed name that no code spells.
 */
export function skippedExports(running: readonly string[], candidates: readonly string[], parseFile: (file: string) => ParsedFile | null): Map<string, [number, number][]> {
  const found = new Map<string, [number, number][]>();
  const flagged = exportsRead(candidates, /\.[cm]?[jt]s$/, /\bmodule\s*\.\s*exports\s*=\s*\{|\bexport\s+default\s*\{/, parseFile, flaggedExport);
  if (flagged.size === 0) return found;
  const texts = runningTexts(running);
  if (texts === null) return found;
  const named = namedElsewhere(texts);
  if (named === null) return found;
  const all = new Map<string, TSESTree.Node[] | null>();
  const nodesOf = (file: string): TSESTree.Node[] | null => {
    if (!all.has(file)) {
      const parsed = parseFile(file);
      all.set(file, parsed === null ? null : nodes(parsed.program));
    }
    return all.get(file)!;
  };
  const word = (name: string): RegExp => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
  for (const [file, module] of flagged) {
    if (named(file)) continue;
    const relied = new Set<string>();
    const functions = [...module.functions].filter(([key]) => provenUnread(key, { module, relied, texts, nodesOf, word }));
    if (functions.length > 0 && flagsKept(relied, texts, nodesOf)) found.set(file, functions.map(([, range]) => range));
  }
  return found;
}

type NodesOf = (file: string) => TSESTree.Node[] | null;

/**
 * Whether no running file may change the keys the module's skips rest on (`relied`): no write or
 * `delete` of such a key (`cmd.disabled = false`), no object that spreads another beside such a key, no
 * `Object.assign` from anything but object literals without one, no string of one, no
 * `Object.defineProperty` and the like. A write by a computed key (`json[i][j] = v`) is taken for none
 * of them: with no string of the key in any running file, its name would have to come from data.
 */
function flagsKept(relied: ReadonlySet<string>, texts: ReadonlyMap<string, string>, nodesOf: NodesOf): boolean {
  const setsRelied = (property: TSESTree.Node): boolean => relied.has(propertyKey(property) ?? '');
  for (const [file, text] of texts) {
    if (KEY_SETTERS.test(text)) return false;
    if ([...relied].some((key) => text.includes(`'${key}'`) || text.includes(`"${key}"`) || text.includes(`\`${key}\``))) return false;
    const list = nodesOf(file);
    if (list === null) return false;
    for (const node of list) {
      const target = node.type === AST_NODE_TYPES.AssignmentExpression ? node.left : node.type === AST_NODE_TYPES.UpdateExpression || (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') ? node.argument : null;
      const written = target === null ? null : skipTypeWrappers(target);
      if (written?.type === AST_NODE_TYPES.MemberExpression) {
        const key = getPropertyName(written);
        if (key !== null && relied.has(key)) return false;
      }
      if (node.type === AST_NODE_TYPES.ObjectExpression && node.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement) && node.properties.some(setsRelied)) return false;
      const call = methodCall(node);
      if (call?.method === 'assign' && isIdentifierNamed(call.object, 'Object') && call.call.arguments.slice(1).some((source) => source.type !== AST_NODE_TYPES.ObjectExpression || source.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement || setsRelied(property)))) return false;
    }
  }
  return true;
}

/** What the proofs of one module share: the module, the keys its skips rest on (filled as they are found), the running files. */
interface Proof {
  readonly module: FlaggedExport;
  readonly relied: Set<string>;
  readonly texts: ReadonlyMap<string, string>;
  readonly nodesOf: NodesOf;
  readonly word: (name: string) => RegExp;
}

/** The objects whose properties are the globals: `global.menu = …` writes `menu`. */
const GLOBAL_OBJECTS: ReadonlySet<string> = new Set(['global', 'globalThis', 'window', 'self']);

/** How deep a proof follows names to their writes (`menu = require('./menu')`, then `menu.handler`). */
const MAX_NAME_STEPS = 4;

/**
 * Whether the running files read the key `key` only on values proven not to be the module (see
 * {@link skippedExports}): each `X.key` on such a value, never by a string, a destructuring or a call
 * by computed key. A key in an object literal or a class declares a member; a variable of the name is
 * another binding.
 */
function provenUnread(key: string, proof: Proof): boolean {
  const named = proof.word(key);
  for (const [file, text] of proof.texts) {
    if (!named.test(text) && !/\[[^\]'"`]+\]\s*\(/.test(text)) continue;
    const list = proof.nodesOf(file);
    if (list === null) return false;
    for (const node of list) {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = skipTypeWrappers(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && callee.computed && getPropertyName(callee) === null) return false;
      }
      if ((node.type === AST_NODE_TYPES.Literal && node.value === key) || (node.type === AST_NODE_TYPES.TemplateLiteral && node.quasis.some((quasi) => quasi.value.cooked === key))) return false;
      if (node.type !== AST_NODE_TYPES.Identifier || node.name !== key) continue;
      const parent = node.parent;
      if (parent.type === AST_NODE_TYPES.Property && parent.key === node && parent.parent.type === AST_NODE_TYPES.ObjectPattern) return false;
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed && !notModule(parent.object, file, proof, 0)) return false;
    }
  }
  return true;
}

/** Expressions whose value is made where they stand: a primitive, or a new array, object, function or instance. */
const FRESH_VALUES: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.Literal, AST_NODE_TYPES.TemplateLiteral, AST_NODE_TYPES.BinaryExpression, AST_NODE_TYPES.UnaryExpression, AST_NODE_TYPES.UpdateExpression,
  AST_NODE_TYPES.ArrayExpression, AST_NODE_TYPES.ObjectExpression, AST_NODE_TYPES.NewExpression, AST_NODE_TYPES.ArrowFunctionExpression, AST_NODE_TYPES.FunctionExpression, AST_NODE_TYPES.ClassExpression,
]);

/** Whether a value is never the module: see {@link skippedExports} for what is proven. */
function notModule(node: TSESTree.Node, file: string, proof: Proof, steps: number): boolean {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  if (isRequire(value)) return !isComputedName(value.arguments[0]!);
  // A value made here (`menu = \`…\``, `{ handler }`, `new Menu()`) is not the loaded module; an object that spreads another may carry its functions.
  if (FRESH_VALUES.has(value.type)) return value.type !== AST_NODE_TYPES.ObjectExpression || value.properties.every((property) => property.type === AST_NODE_TYPES.Property);
  if (value.type === AST_NODE_TYPES.LogicalExpression) return notModule(value.left, file, proof, steps) && notModule(value.right, file, proof, steps);
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return notModule(value.consequent, file, proof, steps) && notModule(value.alternate, file, proof, steps);
  if (value.type === AST_NODE_TYPES.ThisExpression) {
    let scope: TSESTree.Node | undefined = value.parent;
    while (scope && (!isFunction(scope) || scope.type === AST_NODE_TYPES.ArrowFunctionExpression)) scope = scope.parent;
    return scope?.parent?.type === AST_NODE_TYPES.MethodDefinition;
  }
  if (value.type === AST_NODE_TYPES.MemberExpression && value.computed) return noElementIsModule(value.object, file, proof, steps);
  if (value.type === AST_NODE_TYPES.Identifier) return writesProven(value, file, proof, steps, (written, where) => notModule(written, where, proof, steps + 1));
  const call = methodCall(value);
  return call !== null && (call.method === 'find' || call.method === 'findLast') && skipsModule(call.call.arguments[0], proof.module, proof.relied);
}

/** Whether no element of an array is the module: a `filter` by a test the module fails, what `slice`, `sort`, `reverse`, `filter` or `Array.from` make of such an array, or a name whose every write is one. */
function noElementIsModule(node: TSESTree.Node, file: string, proof: Proof, steps: number): boolean {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipTypeWrappers(value.argument);
  if (value.type === AST_NODE_TYPES.Identifier) return writesProven(value, file, proof, steps, (written, where) => noElementIsModule(written, where, proof, steps + 1));
  const call = methodCall(value);
  if (call === null) return false;
  if (call.method === 'from' && isIdentifierNamed(call.object, 'Array') && call.call.arguments.length === 1) return noElementIsModule(call.call.arguments[0]!, file, proof, steps);
  if (call.method === 'filter' && skipsModule(call.call.arguments[0], proof.module, proof.relied)) return true;
  return ['filter', 'slice', 'sort', 'toSorted', 'reverse', 'toReversed'].includes(call.method) && noElementIsModule(call.object, file, proof, steps);
}

/**
 * Whether every write of a name meets `proven` (asked with the value written and its file): the
 * writes in its file when the name is declared around the read ({@link declaredAround}), in every
 * running file otherwise. A loop's binding is proven when no element of what it iterates is the
 * module, an array callback's first parameter when no element of the array is; a `let` without a value,
 * a function, a class, an import or a `for…in` key is never the module; any other parameter or a
 * destructuring proves nothing.
 */
function writesProven(read: TSESTree.Identifier, file: string, proof: Proof, steps: number, proven: (written: TSESTree.Node, file: string) => boolean): boolean {
  if (steps >= MAX_NAME_STEPS) return false;
  const name = read.name;
  const files = declaredAround(read, name) ? [file] : [...proof.texts.keys()].filter((one) => one === file || proof.word(name).test(proof.texts.get(one)!));
  let writes = 0;
  for (const one of files) {
    const list = proof.nodesOf(one);
    if (list === null) return false;
    for (const node of list) {
      if (node.type !== AST_NODE_TYPES.Identifier || node.name !== name || node === read) continue;
      const parent = node.parent;
      const global = parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed && GLOBAL_OBJECTS.has((parent.object as { name?: string }).name ?? '');
      if (global && parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent) {
        // `global.menu = …`: a write of the undeclared name.
        writes++;
        if (!proven(parent.parent.right, one)) return false;
        continue;
      }
      if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) continue;
      if (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand) continue;
      if ((parent.type === AST_NODE_TYPES.FunctionDeclaration || parent.type === AST_NODE_TYPES.ClassDeclaration) && parent.id === node) writes++;
      if ((parent.type === AST_NODE_TYPES.ImportSpecifier || parent.type === AST_NODE_TYPES.ImportDefaultSpecifier || parent.type === AST_NODE_TYPES.ImportNamespaceSpecifier) && parent.local === node) writes++;
      const counted = (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === node) || (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) || ((parent.type === AST_NODE_TYPES.ForOfStatement || parent.type === AST_NODE_TYPES.ForInStatement) && parent.left === node) || (isFunction(parent) && parent.params.includes(node));
      if (counted) writes++;
      if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id === node) {
        const loop = parent.parent.parent;
        if ((loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) && loop.left === parent.parent) {
          if (loop.type === AST_NODE_TYPES.ForOfStatement && !noElementIsModule(loop.right, one, proof, steps + 1)) return false;
        } else if (parent.init !== null && !proven(parent.init, one)) return false;
      } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) {
        if (!proven(parent.right, one)) return false;
      } else if ((parent.type === AST_NODE_TYPES.ForOfStatement || parent.type === AST_NODE_TYPES.ForInStatement) && parent.left === node) {
        if (parent.type === AST_NODE_TYPES.ForOfStatement && !noElementIsModule(parent.right, one, proof, steps + 1)) return false;
      } else if (isFunction(parent) && parent.params.includes(node)) {
        const call = parent.parent;
        const callee = call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === parent ? skipTypeWrappers(call.callee) : null;
        const method = callee?.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
        if (parent.params[0] !== node || method === null || !ELEMENT_CALLBACKS.has(method) || !noElementIsModule((callee as TSESTree.MemberExpression).object, one, proof, steps + 1)) return false;
      } else if (
        parent.type === AST_NODE_TYPES.ArrayPattern ||
        parent.type === AST_NODE_TYPES.RestElement ||
        parent.type === AST_NODE_TYPES.AssignmentPattern ||
        parent.type === AST_NODE_TYPES.CatchClause ||
        (parent.type === AST_NODE_TYPES.Property && parent.value === node && parent.parent.type === AST_NODE_TYPES.ObjectPattern)
      ) {
        return false;
      }
    }
  }
  return writes > 0;
}
