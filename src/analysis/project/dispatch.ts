import path from 'node:path';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { pushChildren } from '../ast/index.js';
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

/** The module's own export object with a literal `name` (see {@link undispatchedCommands}), or null. */
function commandObject(parsed: ParsedFile): { name: string; range: [number, number] } | null {
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
  if (objects.length !== 1) return null;
  const object = objects[0]!;
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
  const texts = new Map<string, string>();
  for (const file of running) {
    const text = readSmallText(file, MAX_BYTES);
    if (text === null) return found;
    texts.set(file, text);
  }
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
  const arrays = new Map<string, [number, number][]>();
  for (const file of candidates) {
    if (!/\.c?js$/.test(file) || !ARRAY_EXPORT.test(readSmallText(file, MAX_BYTES) ?? '')) continue;
    const parsed = parseFile(file);
    const functions = parsed === null ? null : arrayExportFunctions(parsed);
    if (functions !== null) arrays.set(file, functions);
  }
  if (arrays.size === 0) return found;
  const texts = new Map<string, string>();
  for (const file of running) {
    const text = readSmallText(file, MAX_BYTES);
    if (text === null) return found;
    texts.set(file, text);
  }
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
