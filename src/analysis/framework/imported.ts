/**
 * Handlers reached through another file of the bot project: a function exported here that a
 * project file imports and registers (`bot.use(auth)`, `bot.command('me', showProfile)`) or calls
 * with a context (`await showProfile(ctx)` in a handler there). The importers come from the
 * project's reverse module graph (relative imports, resolved by the one module resolver), also
 * through index modules that re-export the function (`module.exports = { withdraw: require('./withdraw') }`,
 * `export * from './buttons.js'`; see `reexportedNames`), their registrations and context paths from
 * their own framework model. Anything else — a path alias, a function passed on as a value — is not
 * followed.
 */

import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingClassBody, exportsOf, fileIndex, functionOf, getPropertyName, injectedFields, listElements, moduleBindings, skipTypeWrappers, topLevelVariable, type FunctionNode } from '../ast/index.js';
import { importersOf, projectModuleFile } from '../project/index.js';
import { MAX_IMPORTERS, callersOf, esReexportsOf, parsedImportersOf, projectFile, referencedFunction, telegramProjectRoot, type FileRef } from '../summaries/index.js';
import { getFrameworkModel } from './model.js';
import type { ModelState } from './state.js';
import type { ContextPath, EarlierHandler, FrameworkModel, Registration } from './types.js';

/** One use of an exported function in another file of the project. */
export type ImportedUse =
  | { kind: 'registration'; registration: Registration; model: FrameworkModel; earlier: readonly (EarlierHandler | null)[] }
  | { kind: 'call'; call: TSESTree.CallExpression; index: number; argument: ContextPath; model: FrameworkModel };


/** Functions whose importers are being looked at (a cycle of imports stops here); empty between queries. */
const inProgress = new Set<FunctionNode>();

/** The exported functions of a file and the names they are exported under (a pure memo per AST). */
const exportedFunctions = new WeakMap<TSESTree.Program, ReadonlyMap<FunctionNode, readonly string[]>>();

/** The names this file exports `fn` under. */
function exportedNames(sourceCode: FileRef['sourceCode'], fn: FunctionNode): readonly string[] {
  const program = sourceCode.ast;
  let byFunction = exportedFunctions.get(program);
  if (!byFunction) {
    const map = new Map<FunctionNode, string[]>();
    for (const [name, node] of exportsOf(program)) {
      const exported = functionOf(node, sourceCode);
      if (exported) map.set(exported, [...(map.get(exported) ?? []), name]);
    }
    exportedFunctions.set(program, (byFunction = map));
  }
  return byFunction.get(fn) ?? [];
}

/** How an importer names one export of this file: a local name (`auth`), or a namespace to read it from (`mw.auth`). */
interface LocalName {
  name: string;
  member: string | null;
}

function localNames(importer: TSESTree.Program, importerFile: string, target: string, exported: readonly string[]): LocalName[] {
  const names: LocalName[] = [];
  for (const [name, binding] of moduleBindings(importer)) {
    if (projectModuleFile(importerFile, binding.module) !== target) continue;
    if (exported.includes(binding.imported)) names.push({ name, member: null });
    else if (binding.imported === '*') {
      // `const auth = require('./auth')` is what `module.exports = auth` exports; `mw.auth` reads one export.
      if (exported.includes('default')) names.push({ name, member: null });
      for (const member of exported) names.push({ name, member });
    }
  }
  return names;
}

/** `require('./lib')` written where the value is used (`bot.use(require('./auth'))`): the module's `module.exports`. */
function requiresTarget(node: TSESTree.Node, importerFile: string, target: string): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return false;
  const [argument] = node.arguments;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' && projectModuleFile(importerFile, argument.value) === target;
}

/** Whether an expression names the export: through one of the importer's top-level names, or an inline `require` of the file. */
function namesExport(model: FrameworkModel, node: TSESTree.Node, names: readonly LocalName[], inline: { importerFile: string; target: string; exported: readonly string[] }): boolean {
  const value = skipTypeWrappers(node);
  if (inline.exported.includes('default') && requiresTarget(value, inline.importerFile, inline.target)) return true;
  if (value.type === AST_NODE_TYPES.MemberExpression && !value.computed) {
    const name = getPropertyName(value);
    if (name !== null && inline.exported.includes(name) && requiresTarget(skipTypeWrappers(value.object), inline.importerFile, inline.target)) return true;
  }
  let root: TSESTree.Node = value;
  let member: string | null = null;
  if (value.type === AST_NODE_TYPES.MemberExpression && !value.computed) {
    member = getPropertyName(value);
    root = skipTypeWrappers(value.object);
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const name = root.name;
  if (!names.some((local) => local.name === name && local.member === member)) return false;
  const variable = ASTUtils.findVariable(model.scopeOf(root), name);
  return variable !== null && (variable.scope.type === TSESLint.Scope.ScopeType.module || variable.scope.type === TSESLint.Scope.ScopeType.global);
}

/**
 * The registrations and context-passing calls of `fn` in the project files that import it; null
 * when it is not exported, the file is in no bot project, or nothing uses it that way.
 */
export function importedUses(state: ModelState, fn: FunctionNode): ImportedUse[] | null {
  const filename = state.filename();
  if (filename === null || inProgress.has(fn)) return null;
  const exported = exportedNames(state.sourceCode, fn);
  const method = exported.length === 0 ? exportedMethod(state.sourceCode, fn) : null;
  const lists = method ? [] : exportedListsHolding(state.sourceCode, fn);
  if (exported.length === 0 && !method && lists.length === 0) return null;
  const root = telegramProjectRoot(filename);
  if (root === null) return null;
  inProgress.add(fn);
  try {
    const uses: ImportedUse[] = [];
    // The file and the names it exports `fn` (or a list holding it) under: its own, then those of index modules that re-export it.
    const modules: ExportingModule[] = [
      ...(exported.length > 0 || method ? [{ target: filename, exported: method?.static ? method.exported : exported, hops: 0, list: null }] : []),
      ...lists.map((list) => ({ target: filename, exported: list.exported, hops: 0, list })),
    ];
    const seen = new Set([filename]);
    let read = 0;
    for (let next = modules.shift(); next; next = modules.shift()) {
      const { target, list } = next;
      for (const importerFile of importersOf(root, target)) {
        if (++read > MAX_IMPORTERS) break;
        const importer = projectFile(importerFile);
        if (!importer) continue;
        if (method && !method.static) {
          uses.push(...injectedCalls(importer, target, method, fn));
          continue;
        }
        const exportNames = localNames(importer.sourceCode.ast, importerFile, target, next.exported);
        // `Filters.onReply` of `import Filters from './filters'`: a static method read from the class's local name.
        const names = method ? exportNames.filter((local) => local.member === null).map((local) => ({ name: local.name, member: method.name })) : exportNames;
        const inline = { importerFile, target, exported: method ? [] : next.exported };
        const model = getFrameworkModel(importer.sourceCode, importer.filename);
        for (const registration of model.registrations) {
          if (list) {
            // `bot.on('callback_query', parseUrl, ...actions)`: the list's functions run in its place, in order.
            const position = registration.handlers.findIndex((handler) => handler.node.type === AST_NODE_TYPES.SpreadElement && namesExport(model, handler.node.argument, names, inline));
            if (position === -1) continue;
            const own = getFrameworkModel(state.sourceCode, filename);
            const before = list.earlier.map((earlier) => (earlier ? { fn: earlier, model: own } : null));
            uses.push({ kind: 'registration', registration, model, earlier: [...earlierHandlers(registration, position, importer), ...before] });
            continue;
          }
          const position = registration.handlers.findIndex((handler) => namesExport(model, handler.node, names, inline));
          if (position !== -1) uses.push({ kind: 'registration', registration, model, earlier: earlierHandlers(registration, position, importer) });
        }
        const passed = next.hops < MAX_REEXPORT_HOPS && !seen.has(importerFile) ? reexportedNames(importer, target, next.exported, exportNames) : [];
        if (passed.length > 0) {
          seen.add(importerFile);
          modules.push({ target: importerFile, exported: passed, hops: next.hops + 1, list });
        }
        if (names.length === 0 || list) continue;
        for (const call of fileIndex(importer.sourceCode.ast).of(AST_NODE_TYPES.CallExpression)) {
          if (!namesExport(model, call.callee, names, inline)) continue;
          call.arguments.forEach((argument, index) => {
            if (argument.type === AST_NODE_TYPES.SpreadElement || !fn.params[index]) return;
            const context = model.resolveContextPath(argument);
            if (context) uses.push({ kind: 'call', call, index, argument: context, model });
          });
        }
      }
    }
    return uses.length > 0 ? uses : null;
  } finally {
    inProgress.delete(fn);
  }
}

/** A module that exports `fn`, or a list holding it (see {@link exportedListsHolding}), under `exported`. */
interface ExportingModule {
  target: string;
  exported: readonly string[];
  hops: number;
  list: HoldingList | null;
}

/** An exported list of handlers holding a function: the names it is exported under, and the functions before it (null: not one). */
interface HoldingList {
  exported: readonly string[];
  earlier: readonly (FunctionNode | null)[];
}

/** The exported lists of a file by the functions they hold (a pure memo per AST). */
const exportedLists = new WeakMap<TSESTree.Program, ReadonlyMap<FunctionNode, readonly HoldingList[]>>();

/**
 * The exported lists that hold `fn` (see `listElements`): `const actions = []; actions.push(showProduct);
 * exports.actions = actions`, each with the names it is exported under and the functions it holds
 * before `fn`. A registration that spreads such a list (`bot.on('callback_query', parseUrl,
 * ...actions)`) registers its functions in their order.
 */
function exportedListsHolding(sourceCode: FileRef['sourceCode'], fn: FunctionNode): readonly HoldingList[] {
  const program = sourceCode.ast;
  let byFunction = exportedLists.get(program);
  if (!byFunction) {
    const names = new Map<TSESLint.Scope.Variable, string[]>();
    for (const [name, node] of exportsOf(program)) {
      const variable = node.type === AST_NODE_TYPES.Identifier ? topLevelVariable(sourceCode, node.name) : null;
      if (variable) names.set(variable, [...(names.get(variable) ?? []), name]);
    }
    const map = new Map<FunctionNode, HoldingList[]>();
    for (const [variable, exported] of names) {
      const functions = listElements(variable)?.map((element) => functionOf(element, sourceCode));
      functions?.forEach((held, index) => {
        if (held) map.set(held, [...(map.get(held) ?? []), { exported, earlier: functions.slice(0, index) }]);
      });
    }
    exportedLists.set(program, (byFunction = map));
  }
  return byFunction.get(fn) ?? [];
}

/** How many index modules re-exporting a handler (`buttons/index.js` of `buttons/withdraw.js`) are followed to the files that register it. */
const MAX_REEXPORT_HOPS = 2;

/**
 * The names an importer of `target` exports some of `exported` under by passing them on: an index
 * module's `module.exports = { withdraw: require('./withdraw') }`, `exports.withdraw = require('./withdraw')`,
 * `const withdraw = require('./withdraw'); module.exports = { withdraw }` (`names`: its local names for
 * the exports), `exports.pay = require('./pay').handler`, `module.exports = require('./buttons')` (every
 * name), `export { default as withdraw } from './withdraw.js'`, `export * from './buttons.js'` (every
 * name but the default).
 */
function reexportedNames(importer: FileRef, target: string, exported: readonly string[], names: readonly LocalName[]): string[] {
  const program = importer.sourceCode.ast;
  const passed = new Set<string>();
  for (const [name, node] of exportsOf(program)) {
    const value = skipTypeWrappers(node);
    if (requiresTarget(value, importer.filename, target)) {
      if (exported.includes('default')) passed.add(name);
      // `module.exports = require('./buttons')`: the module is the other one, every name of it.
      if (name === 'default') for (const each of exported) passed.add(each);
    } else if (value.type === AST_NODE_TYPES.MemberExpression && !value.computed && requiresTarget(skipTypeWrappers(value.object), importer.filename, target)) {
      const member = getPropertyName(value);
      if (member !== null && exported.includes(member)) passed.add(name);
    } else if (value.type === AST_NODE_TYPES.Identifier && names.some((local) => local.name === value.name && local.member === null)) {
      passed.add(name);
    }
  }
  for (const reexport of esReexportsOf(program, importer.filename, target)) {
    // `export * from`: every name but the default (`export * as ns from` passes none of them by name).
    if (reexport.imported === '*') {
      if (reexport.exported === null) for (const each of exported) if (each !== 'default') passed.add(each);
    } else if (exported.includes(reexport.imported) && reexport.exported !== null) passed.add(reexport.exported);
  }
  return [...passed];
}

/** A method of an exported class: the names the class is exported under, the method's name, and whether it is static. */
interface ExportedMethod {
  exported: readonly string[];
  name: string;
  static: boolean;
}

/**
 * `async showPage(ctx) {…}` or `static onReply(ctx) {…}` of an exported class (`export class
 * PagesService { … }`, `export default Filters` or `module.exports = Filters` of a top-level `class
 * Filters`), not computed; null otherwise.
 */
function exportedMethod(sourceCode: FileRef['sourceCode'], fn: FunctionNode): ExportedMethod | null {
  const definition = fn.parent;
  if (definition?.type !== AST_NODE_TYPES.MethodDefinition || definition.kind !== 'method' || definition.computed) return null;
  if (definition.key.type !== AST_NODE_TYPES.Identifier) return null;
  const declaration = definition.parent.parent;
  if (declaration.type !== AST_NODE_TYPES.ClassDeclaration || !declaration.id) return null;
  const className = declaration.id.name;
  // A top-level class is what its name means in the module's own export statements.
  const topLevel = declaration.parent.type === AST_NODE_TYPES.Program || declaration.parent.parent?.type === AST_NODE_TYPES.Program;
  const exported = [...exportsOf(sourceCode.ast)]
    .filter(([, node]) => node === declaration || node === declaration.id || (topLevel && node.type === AST_NODE_TYPES.Identifier && node.name === className))
    .map(([name]) => name);
  return exported.length > 0 ? { exported, name: definition.key.name, static: definition.static } : null;
}

/**
 * Calls of the method on an instance the importer's class is given by dependency injection (NestJS:
 * `constructor(private readonly pages: PagesService) {}`, or a property declared with that type)
 * — `this.pages.showPage(ctx)` — that pass a context value.
 */
function injectedCalls(importer: FileRef, target: string, method: ExportedMethod, fn: FunctionNode): ImportedUse[] {
  const classNames = localNames(importer.sourceCode.ast, importer.filename, target, method.exported).filter((local) => local.member === null).map((local) => local.name);
  if (classNames.length === 0) return [];
  const model = getFrameworkModel(importer.sourceCode, importer.filename);
  const uses: ImportedUse[] = [];
  for (const call of fileIndex(importer.sourceCode.ast).of(AST_NODE_TYPES.CallExpression)) {
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || getPropertyName(callee) !== method.name) continue;
    if (!isInjected(skipTypeWrappers(callee.object), classNames)) continue;
    call.arguments.forEach((argument, index) => {
      if (argument.type === AST_NODE_TYPES.SpreadElement || !fn.params[index]) return;
      const context = model.resolveContextPath(argument);
      if (context) uses.push({ kind: 'call', call, index, argument: context, model });
    });
  }
  return uses;
}

/** `this.pages` in a class whose constructor parameter property or property declaration `pages` is typed with one of the class names (see `injectedFields`). */
function isInjected(receiver: TSESTree.Node, classNames: readonly string[]): boolean {
  if (receiver.type !== AST_NODE_TYPES.MemberExpression || receiver.computed || receiver.object.type !== AST_NODE_TYPES.ThisExpression) return false;
  const property = getPropertyName(receiver);
  const body = enclosingClassBody(receiver);
  if (!body || property === null) return false;
  return injectedFields(body).some((field) => field.key === property && classNames.includes(field.type.typeName.name));
}

/**
 * Every call of `fn` in its bot project: in its own file and in the project files that import it by
 * name (`import { setupHandlers } from './handlers'; setupHandlers(bot)`). Null when a use is no
 * call (passed on as a value, read from a namespace import, re-exported), too many files import it,
 * or an exported function's file is in no bot project: the callers are then not all known.
 */
export function projectCallsOf(fn: FunctionNode, file: FileRef): { call: TSESTree.CallExpression; file: FileRef }[] | null {
  const own = callersOf(fn, file.sourceCode, true);
  if (own === null) return null;
  const calls = own.map((call) => ({ call, file }));
  const exported = exportedNames(file.sourceCode, fn);
  if (exported.length === 0) return calls;
  const importers = parsedImportersOf(file.filename);
  if (importers === null) return null;
  for (const importer of importers) {
    const names = localNames(importer.sourceCode.ast, importer.filename, file.filename, exported);
    // `const setup = require('./setup')` of `module.exports = setup` is the function itself; any other namespace is not followed.
    if (names.some((local) => local.member !== null && !names.some((other) => other.name === local.name && other.member === null))) return null;
    for (const name of new Set(names.map((local) => local.name))) {
      const variable = topLevelVariable(importer.sourceCode, name);
      if (!variable) return null;
      for (const reference of variable.references) {
        const use = reference.identifier.parent;
        if (use?.type === AST_NODE_TYPES.CallExpression && use.callee === reference.identifier) calls.push({ call: use, file: importer });
        else if (reference.isRead()) return null;
      }
    }
  }
  return calls;
}

/** Whether another file of the bot project imports this one: its functions may be handlers through it. */
export function importedByProjectFiles(filename: string | null): boolean {
  if (filename === null) return false;
  const root = telegramProjectRoot(filename);
  return root !== null && importersOf(root, filename).length > 0;
}

/**
 * The handlers a registration runs before the one at `position` (`adminCheck` in `bot.command('x',
 * adminCheck, h)`): written inline, declared in `file` or imported from a project file
 * (`referencedFunction`), each with its file's model; null for one that cannot be resolved.
 */
export function earlierHandlers(registration: Registration, position: number, file: FileRef | { sourceCode: FileRef['sourceCode']; filename: null }): (EarlierHandler | null)[] {
  return registration.handlers.slice(0, position).map((argument) => {
    if (argument.fn) return { fn: argument.fn, model: file.filename === null ? getFrameworkModel(file.sourceCode) : getFrameworkModel(file.sourceCode, file.filename) };
    const value = skipTypeWrappers(argument.node);
    const called = file.filename !== null && value.type === AST_NODE_TYPES.Identifier ? referencedFunction(value, { sourceCode: file.sourceCode, filename: file.filename }) : null;
    return called ? { fn: called.fn, model: getFrameworkModel(called.file.sourceCode, called.file.filename) } : null;
  });
}
