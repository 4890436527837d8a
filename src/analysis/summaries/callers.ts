import path from 'node:path';

import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingClassBody, enclosingFunction, exportsOf, fileIndex, isCommonJsModule, isStaticElement, moduleOrigin, functionOf, getMemberPath, getPropertyName, injectedFields, moduleBindings, isMemberOf, isTypeWrapper, keptInitializer, outermostWrapper, propertyKey, skipTypeWrappers, moduleLoads, nearestManifest, packageOfSpecifier, requiredModule, resolveName, thisClassElement, thisMembers, type FunctionNode, type Variable } from '../ast/index.js';
import { isEntryModule, projectModuleFile, projectSnapshot } from '../project/index.js';
import { callersOf, type FileRef } from './functions.js';
import { botProjectRoot, esReexportsOf, filesMatchingUnder, parsedImportersOf, projectFilesMatching } from './project.js';

/** A call of a function, with the file it is written in. */
export interface CallSite {
  readonly call: TSESTree.CallExpression;
  readonly file: FileRef;
}


/**
 * Every call of `fn` in its bot project, when all of them can be seen:
 * - a function or method nobody outside this file can reach: its calls here (see `callersOf`);
 * - a function the file exports by name (`export async function f`, `export const f = …`): its calls
 *   here and `f(…)` in the project files that import it;
 * - a function a CommonJS module exports: as the module itself (`module.exports = getJson`: `getJson(…)`
 *   through `const getJson = require('./get-json')` under any name) or as a property of it
 *   (`module.exports = { fetchWeather }`: `fetchWeather(…)` through `const { fetchWeather } = require(…)`,
 *   or `weather.fetchWeather(…)` through `const weather = require('./weather')`);
 * - a method of a class whose one instance the file creates and exports (`export default new
 *   Service()`, `export const service = new Service()`, `module.exports = new Service()`): `this.m(…)`,
 *   `service.m(…)` here and `service.m(…)` in the importers;
 * - a static method of a class declared at the top of the file (`export class UserService { static
 *   spendCoins(…) }`, or `module.exports = UserService`): `UserService.spendCoins(…)` here and in the
 *   importers (`const UserService = require('./user-service')` under any name), `this.spendCoins(…)` in
 *   its static members (see `staticUses`).
 * The importers come from the project's reverse module graph (relative imports). Null — callers
 * unseen — when the file is in no bot project, an importer cannot be read, a namespace or the value is
 * passed on (`register(service)`, `import * as ns`), the class is exported or created elsewhere, or a
 * project file that is no such importer names the function (a path alias, a re-export).
 */
export function projectCallersOf(fn: FunctionNode, file: FileRef): CallSite[] | null {
  const method = classMethod(fn);
  if (method?.private) return privateCalls(method, fn, file)?.map((call) => ({ call, file })) ?? null;
  // A TypeScript `private static` method: only its class calls it, whoever imports the class.
  const statics = method ? null : staticMethod(fn);
  if (statics?.private) return staticUses(statics, file)?.local.map((call) => ({ call, file })) ?? null;
  return projectUses(fn, file, null)?.calls ?? (method ? injectedCalls(method, fn, file) : null);
}

/**
 * A TypeScript `private` method is called only inside its class: its `this.m(…)` calls. Any other
 * `.m` in the class body (`other.m(…)` on a second instance, `this.m` passed on) leaves callers unseen.
 */
function privateCalls(method: ClassMethod, fn: FunctionNode, file: FileRef): TSESTree.CallExpression[] | null {
  const calls = callersOf(fn, file.sourceCode);
  if (calls === null) return null;
  const [start, end] = method.node.range;
  const named = fileIndex(file.sourceCode.ast)
    .of(AST_NODE_TYPES.MemberExpression)
    .filter((member) => member.range[0] >= start && member.range[1] <= end && getPropertyName(member) === method.name);
  return named.every((member) => calls.some((call) => call.callee === member)) ? calls : null;
}

/**
 * The calls of a method of a class the file exports by name and whose instances only dependency
 * injection makes (NestJS's `@Injectable() export class OcrService`): every project file that imports
 * the class names it only in a module's `providers` / `exports` list (`@Module({ providers: [OcrService] })`)
 * or as the type of a `private` constructor parameter (`constructor(private ocr: OcrService)`), whose
 * class then calls it as `this.ocr.m(…)`; the class's own file only declares it and calls `this.m(…)`.
 * Null when any other use (`new OcrService()`, `extends`, `moduleRef.get(OcrService)`, a field passed
 * on) or a file naming the class without importing it by a relative path may reach an instance.
 */
function injectedCalls(method: ClassMethod, fn: FunctionNode, file: FileRef): CallSite[] | null {
  const { node, name } = method;
  const className = node.id?.name;
  const root = botProjectRoot(file.filename);
  const exported = [...exportsOf(file.sourceCode.ast)].filter(([, value]) => value === node).map(([key]) => key);
  if (className === undefined || root === null || exported.length === 0 || exported.includes('default') || !injectable(node, fn)) return null;
  const own = callersOf(fn, file.sourceCode);
  const variable = file.sourceCode.scopeManager?.getDeclaredVariables(node).find((declared) => declared.scope.block !== node);
  if (own === null || !variable || variable.references.length > 0) return null;
  const importers = parsedImportersOf(file.filename);
  if (importers === null) return null;
  const sites: CallSite[] = own.map((call) => ({ call, file }));
  for (const importer of importers) {
    const program = importer.sourceCode.ast;
    for (const [local, binding] of moduleBindings(program)) {
      if (projectModuleFile(importer.filename, binding.module) !== file.filename) continue;
      if (!exported.includes(binding.imported)) {
        if (binding.imported === '*') return null;
        continue;
      }
      const imported = program.body[0] ? resolveName(local, program.body[0], importer.sourceCode) : null;
      if (!imported) return null;
      for (const reference of imported.references) {
        if (isDeclaration(reference.identifier) || registersProvider(reference.identifier)) continue;
        const field = injectedField(reference.identifier);
        const calls = field ? fieldCalls(field.body, field.key, name) : null;
        if (calls === null) return null;
        sites.push(...calls.map((call) => ({ call, file: importer })));
      }
    }
  }
  const known = new Set([file.filename, ...importers.map((importer) => importer.filename)]);
  const word = new RegExp(`(?<![\\w$])${className.replaceAll('$', '\\$')}(?![\\w$])`);
  const mentions = projectFilesMatching(file.filename, word);
  return mentions.every((mention) => known.has(mention.filename) || onlyInComments(mention, word)) ? sites : null;
}

/** NestJS's lifecycle hooks: the framework calls them on every provider that has them, decorated or not. */
const LIFECYCLE_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown']);

/**
 * A service class (`@Injectable()`) and a method of it only code calls: no decorator on it (`@On('photo')`,
 * `@Cron(…)` make the framework a caller) and no lifecycle hook.
 */
function injectable(node: TSESTree.ClassDeclaration, fn: FunctionNode): boolean {
  const element = fn.parent as TSESTree.MethodDefinition | TSESTree.PropertyDefinition;
  const decorated = node.decorators.some(({ expression }) => expression.type === AST_NODE_TYPES.CallExpression && expression.callee.type === AST_NODE_TYPES.Identifier && expression.callee.name === 'Injectable');
  return decorated && element.decorators.length === 0 && !LIFECYCLE_HOOKS.has(propertyKey(element) ?? '');
}

/** `@Module({ providers: [OcrService], exports: [OcrService] })`: the class given to the injector, not an instance. */
function registersProvider(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const list = identifier.parent;
  const property = list.type === AST_NODE_TYPES.ArrayExpression ? list.parent : null;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== list || !['providers', 'exports'].includes(propertyKey(property) ?? '')) return false;
  const call = property.parent.parent;
  return call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === property.parent && call.parent.type === AST_NODE_TYPES.Decorator;
}

/** `constructor(private ocr: OcrService)`: the class body and the `private` field the injected instance is kept in (a constructor parameter property of `injectedFields`, not generic). */
function injectedField(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): { body: TSESTree.ClassBody; key: string } | null {
  const body = enclosingClassBody(identifier);
  const field = body && injectedFields(body).find((candidate) => candidate.type.typeName === identifier);
  return body && field?.declaredAs === 'parameter' && field.accessibility === 'private' && !field.type.typeArguments ? { body, key: field.key } : null;
}

/** The `this.key.name(…)` calls in a class; null when `this.key` is used another way (passed on, reassigned, `this.key.name` not called, `const { key } = this`). */
function fieldCalls(body: TSESTree.ClassBody, key: string, name: string): TSESTree.CallExpression[] | null {
  const members = thisMembers(body);
  if (members.destructuresThis) return null;
  const calls: TSESTree.CallExpression[] = [];
  for (const { node } of members.byKey.get(key) ?? []) {
    const call = memberUse(node, name);
    if (call === null) return null;
    if (call !== 'other') calls.push(call);
  }
  return calls;
}

/** A function used as a value (`bot.command('x', adminOnly, handler)`), with the file it is written in. */
export interface ValueSite {
  readonly value: TSESTree.Node;
  readonly file: FileRef;
}

/**
 * Every use of an exported function in its bot project, as `projectCallersOf` finds its calls, with
 * the references that pass it on as a value (`bot.command('stats', adminOnly, statsCommand)` in a file
 * that imports it) in `values` instead of giving up: the caller judges where each value goes. With
 * `fileLocal`, a function the file does not export has its uses in the file alone
 * (`bot.use(createConversation(transfer))` beside `async function transfer`; see `localUses`).
 * Null when a use cannot be seen (as for `projectCallersOf`).
 */
export function projectUsesOf(fn: FunctionNode, file: FileRef, { fileLocal = false }: { fileLocal?: boolean } = {}): { calls: CallSite[]; values: ValueSite[] } | null {
  if (classMethod(fn)) return null;
  return projectUses(fn, file, [], fileLocal);
}

function projectUses(fn: FunctionNode, file: FileRef, values: ValueSite[] | null, fileLocal = false): { calls: CallSite[]; values: ValueSite[] } | null {
  const method = classMethod(fn);
  const localValues: TSESTree.Node[] | null = values && [];
  const statics = method ? null : staticMethod(fn);
  const target = method ? singletonUses(method.node, method.name, fn, file) : statics ? staticUses(statics, file) : exportedFunctionUses(fn, file, localValues, fileLocal);
  if (target === null) return null;
  const sites = projectSites(fn, file, target, values);
  if (sites === null) return null;
  if (values && localValues) values.unshift(...localValues.map((value) => ({ value, file })));
  return { calls: sites, values: values ?? [] };
}

/** How many CommonJS index modules deep a re-exported function's callers are followed (see {@link reexportedAs}). */
const MAX_REEXPORTS = 2;
let reexportDepth = 0;

function projectSites(fn: FunctionNode, file: FileRef, target: Target, values: ValueSite[] | null, covered?: Set<string>): CallSite[] | null {
  if (target.exports.length === 0) return target.local.map((call) => ({ call, file }));
  const importers = parsedImportersOf(file.filename);
  if (importers === null) return null;
  const sites: CallSite[] = target.local.map((call) => ({ call, file }));
  // The files of index modules' importers, reached through the re-exports below: callers seen, not unseen mentions.
  const reached = new Set<string>();
  for (const importer of importers) {
    const found: TSESTree.Node[] | null = values && [];
    const reexported: string[] = [];
    const calls = importedCalls(importer, file.filename, target, found, reexported);
    if (calls === null) return null;
    sites.push(...calls.map((call) => ({ call, file: importer })));
    if (values && found) values.push(...found.map((value) => ({ value, file: importer })));
    for (const name of reexported) {
      const more = reexportSites(fn, importer, name, values, reached);
      if (more === null) return null;
      sites.push(...more);
    }
  }
  // A file that names the function without importing it by a relative path (a path alias, a re-export) is a caller unseen.
  // A method of an instance exported by name only is reached through that name: a file that names the method but not the
  // instance (`db.user.create(…)` beside `export const converter = new Converter()`) cannot call it.
  const known = new Set([file.filename, ...importers.map((importer) => importer.filename), ...reached]);
  for (const name of known) covered?.add(name);
  // The module itself exported (`module.exports = getJson`) is imported under any name: a file that names the module's path.
  const byInstance = target.member && !target.commonjs && !target.exports.includes('default');
  const byModule = (!target.member || target.moduleObject === true) && target.exports.includes('default');
  const names = (byInstance ? target.exports : byModule ? [modulePathWord(file.filename)] : [target.name]).map((name) => name.replaceAll(/[$.*+?^()[\]{}|\\-]/g, '\\$&'));
  // A module's path word counts with an extension at most: `transfer.token.listener.js` names another module than `transfer.token`.
  const pattern = byModule ? new RegExp(`(?<![\\w$])(?:${names.join('|')})(?:\\.[cm]?[jt]sx?)?(?![\\w$.-])`) : new RegExp(`(?<![\\w$])(?:${names.join('|')})(?![\\w$])`);
  const mentions = projectFilesMatching(file.filename, pattern);
  // A file whose every mention of the name is a binding of its own (`const statsCommand = new mongoose.Schema(…)`) cannot reach the function.
  const word = byModule ? null : byInstance ? target.exports : [target.name];
  return mentions.every((mention) => known.has(mention.filename) || onlyInComments(mention, pattern) || (word !== null && word.every((name) => onlyOwnBindings(mention, name, file.filename)))) ? sites : null;
}

/**
 * The callers of a function an index module passes on under `name` (`const country = require('./country');
 * module.exports = { country }`, `exports.country = require('./country')`): the calls of that export in the
 * index's importers, found as for a function the index exports itself. `reached` gets the files seen.
 */
function reexportSites(fn: FunctionNode, index: FileRef, name: string, values: ValueSite[] | null, reached: Set<string>): CallSite[] | null {
  if (reexportDepth >= MAX_REEXPORTS) return null;
  reexportDepth++;
  try {
    return projectSites(fn, index, { name, exports: [name], commonjs: true, member: false, local: [] }, values, reached);
  } finally {
    reexportDepth--;
  }
}

/**
 * The name under which a CommonJS module exports a value it holds: `module.exports = { country }` (or
 * `{ country: x }`), `exports.country = x`, `module.exports.country = x` — null for anything else,
 * `module.exports = x` included (the module would be the function itself, not an index of it).
 */
function reexportedAs(value: TSESTree.Node): string | null {
  const property = value.parent;
  if (property?.type === AST_NODE_TYPES.Property && property.value === value && !property.computed && property.parent.type === AST_NODE_TYPES.ObjectExpression) {
    return commonJsExport(outermostWrapper(property.parent)) === 'module.exports' ? propertyKey(property) : null;
  }
  const target = commonJsExport(value);
  return target === null || target === 'module.exports' ? null : target.slice(target.lastIndexOf('.') + 1);
}

/**
 * Whether every match of `pattern` in a file's text lies in a comment (`* used by LedgerService.reverse`) or in the
 * prose of a string (`` `• /duel - Duel a bot player` ``: a text with a space, which no property access is written
 * with): the file names nothing it could reach. A string that is the bare name (`Service['duel']`) may reach it.
 */
function onlyInComments(file: FileRef, pattern: RegExp): boolean {
  const text = file.sourceCode.text;
  const comments = file.sourceCode.getAllComments();
  const global = new RegExp(pattern.source, 'g');
  for (const match of text.matchAll(global)) {
    if (!comments.some((comment) => comment.range[0] <= match.index && match.index < comment.range[1]) && !inProse(file, match.index)) return false;
  }
  return true;
}

/** The character at `index` is in a string or template text that holds a space: a message, not a name. */
function inProse(file: FileRef, index: number): boolean {
  const node = file.sourceCode.getNodeByRangeIndex(index);
  if (node?.type === AST_NODE_TYPES.TemplateElement) return /\s/.test(node.value.cooked ?? node.value.raw);
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return /\s/.test(node.value);
  return node?.type === AST_NODE_TYPES.JSXText;
}

/**
 * Whether every identifier `name` in a file is a binding the file declares itself — a variable
 * (not one loaded from a module: `require(…)`, `import(…)`), a function, a class, a parameter — or a
 * reference to one: the file names something else that happens to share the name. So is an import
 * from another module of the project than `targetFile` (`import { rejectWithdrawal } from '../../api/withdrawals'`
 * in a dashboard's API client): a module that passed the target's export on would import the target, and
 * be one of its importers, judged there. An import from a package, a property
 * (`weather.fetchWeather`, `{ fetchWeather: f }`) or an unresolved name may be the function.
 */
function onlyOwnBindings(file: FileRef, name: string, targetFile: string): boolean {
  const own = new Set<TSESTree.Node>();
  const global = file.sourceCode.scopeManager?.globalScope;
  const scopes: TSESLint.Scope.Scope[] = global ? [global] : [];
  for (let scope = scopes.pop(); scope; scope = scopes.pop()) {
    scopes.push(...scope.childScopes);
    const variable = scope.set.get(name);
    if (!variable || variable.defs.length === 0 || !variable.defs.every((def) => isOwnDefinition(def) || importedFromOther(def, file.filename, targetFile))) continue;
    for (const identifier of variable.identifiers) own.add(identifier);
    for (const reference of variable.references) own.add(reference.identifier);
    // `import { rejectWithdrawal } from '../api'`: the name imported is a node of its own beside the local one.
    for (const def of variable.defs) if (def.node.type === AST_NODE_TYPES.ImportSpecifier) own.add(def.node.imported);
  }
  const identifiers = fileIndex(file.sourceCode.ast).of(AST_NODE_TYPES.Identifier).filter((identifier) => identifier.name === name);
  return identifiers.length > 0 && identifiers.every((identifier) => own.has(identifier));
}

function isOwnDefinition(def: TSESLint.Scope.Definition): boolean {
  switch (def.type) {
    case TSESLint.Scope.DefinitionType.FunctionName:
    case TSESLint.Scope.DefinitionType.ClassName:
    case TSESLint.Scope.DefinitionType.Parameter:
    case TSESLint.Scope.DefinitionType.CatchClause:
      return true;
    case TSESLint.Scope.DefinitionType.Variable:
      return def.node.init === null || moduleOrigin(def.node.init) === null;
    default:
      return false;
  }
}

/** An ES import binding from a project module (a relative path) that resolves to a file other than `targetFile`. */
function importedFromOther(def: TSESLint.Scope.Definition, filename: string, targetFile: string): boolean {
  if (def.type !== TSESLint.Scope.DefinitionType.ImportBinding || def.parent?.type !== AST_NODE_TYPES.ImportDeclaration) return false;
  const module = def.parent.source.value;
  if (!module.startsWith('.')) return false;
  const resolved = projectModuleFile(filename, module);
  return resolved !== null && resolved !== targetFile;
}

/** The word an importer writes to load a module: its file name without the extension, or its folder's name for an `index` file. */
function modulePathWord(filename: string): string {
  const stem = path.basename(filename).replace(/\.[^.]+$/, '');
  return stem === 'index' ? path.basename(path.dirname(filename)) : stem;
}

/** What the importers of a file are searched for. */
interface Target {
  /** The name calls use: the function's export name, or the method's. */
  readonly name: string;
  /** The names the file exports the function (or the instance) under. */
  readonly exports: readonly string[];
  /**
   * Whether the file is a CommonJS module: for a method, the instance is `module.exports` (`const svc =
   * require('./x')` is it); for a function, `const x = require('./x')` is the function
   * (`module.exports = f`) or the object whose property it is (`module.exports = { f }`).
   */
  readonly commonjs: boolean;
  /** `svc.m(…)` (a method of the exported instance) or `f(…)`. */
  readonly member: boolean;
  /** The calls in the file itself. */
  readonly local: TSESTree.CallExpression[];
  /**
   * A method of an object literal that is the CommonJS module itself (`module.exports = Payment`): imported under
   * any name, so a file naming the module's path without importing it, or binding one of its methods
   * (`const { create } = require('./payment')`), may call it unseen.
   */
  readonly moduleObject?: boolean;
}

/** An instance method of a class declaration; `private` when TypeScript's `private` keeps it inside the class. */
interface ClassMethod {
  readonly node: TSESTree.ClassDeclaration;
  readonly name: string;
  readonly private: boolean;
}

/** The member of a declared class whose value is `fn` (a method, not an accessor or a constructor, or a field), with its name. */
function classElementOf(fn: FunctionNode): { element: TSESTree.MethodDefinition | TSESTree.PropertyDefinition; node: TSESTree.ClassDeclaration; name: string } | null {
  const element = fn.parent;
  if (element?.type !== AST_NODE_TYPES.MethodDefinition && element?.type !== AST_NODE_TYPES.PropertyDefinition) return null;
  if (element.value !== fn || (element.type === AST_NODE_TYPES.MethodDefinition && element.kind !== 'method')) return null;
  const name = propertyKey(element);
  const node = element.parent.parent;
  return name !== null && node.type === AST_NODE_TYPES.ClassDeclaration ? { element, node, name } : null;
}

/**
 * A method no framework may call behind the project's back: of a class with no decorator, no `extends`
 * and no `implements`, that no class of the file extends, and with no decorator of its own
 * (`@Cron(…)`, `@Get()` register a method nobody calls by name).
 */
function plainMethod(fn: FunctionNode, file: FileRef): boolean {
  const member = classElementOf(fn);
  if (!member) return false;
  const { element, node } = member;
  if ((element.decorators?.length ?? 0) > 0 || (node.decorators?.length ?? 0) > 0 || node.superClass !== null || (node.implements?.length ?? 0) > 0) return false;
  const name = node.id?.name;
  const index = fileIndex(file.sourceCode.ast);
  return ![...index.of(AST_NODE_TYPES.ClassDeclaration), ...index.of(AST_NODE_TYPES.ClassExpression)].some(
    (other) => other.superClass?.type === AST_NODE_TYPES.Identifier && other.superClass.name === name,
  );
}

function classMethod(fn: FunctionNode): ClassMethod | null {
  const member = classElementOf(fn);
  return member && !member.element.static ? { node: member.node, name: member.name, private: member.element.accessibility === 'private' } : null;
}

/** The one place a value is used as `value.name(…)`: the call, `'other'` for another member, null for anything else. */
function memberUse(node: TSESTree.Node, name: string): TSESTree.CallExpression | 'other' | null {
  const use = outermostWrapper(node);
  const member = use.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== use) return null;
  const key = getPropertyName(member);
  if (key === null) return null;
  if (key !== name) return 'other';
  const call = outermostWrapper(member).parent;
  return call?.type === AST_NODE_TYPES.CallExpression && outermostWrapper(call.callee) === outermostWrapper(member) ? call : null;
}

/**
 * `export { x }`, `export default x`, and CommonJS's `module.exports = { x }`, `module.exports.x = x`,
 * `exports.x = x`: a reference that only exports the value (its export names come from `exportsOf`).
 */
function onlyExports(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.ExportSpecifier || parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  const value = outermostWrapper(identifier);
  const property = value.parent;
  if (property?.type === AST_NODE_TYPES.Property && property.value === value && property.parent.type === AST_NODE_TYPES.ObjectExpression) {
    return commonJsExport(outermostWrapper(property.parent)) === 'module.exports';
  }
  const target = commonJsExport(value);
  return target !== null && target !== 'module.exports';
}

/** The export a value is assigned to as a statement of its own: `module.exports`, `module.exports.x`, `exports.x`; null otherwise. */
function commonJsExport(value: TSESTree.Node): string | null {
  const assignment = value.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== value || assignment.parent.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const path = getMemberPath(assignment.left);
  if (path === null) return null;
  const target = path.join('.');
  if (target === 'module.exports' || (path.length === 3 && target.startsWith('module.exports.')) || (path.length === 2 && path[0] === 'exports')) return target;
  return null;
}

function singletonUses(node: TSESTree.ClassDeclaration, name: string, fn: FunctionNode, file: FileRef): Target | null {
  const own = callersOf(fn, file.sourceCode);
  if (own === null || node.id === null || node.parent.type !== AST_NODE_TYPES.Program) return null;
  // The class's name in the scope around it (the class scope binds it again for its own body).
  const variable = file.sourceCode.scopeManager?.getDeclaredVariables(node).find((declared) => declared.scope.block !== node);
  if (!variable) return null;
  const local = [...own];
  const exports: string[] = [];
  let commonjs = false;
  let instances = 0;
  for (const reference of variable.references) {
    const created = reference.identifier.parent;
    if (created.type !== AST_NODE_TYPES.NewExpression || created.callee !== reference.identifier || ++instances > 1) return null;
    const holder = outermostWrapper(created).parent;
    if (holder?.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      exports.push('default');
    } else if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === outermostWrapper(created) && getMemberPath(holder.left)?.join('.') === 'module.exports') {
      exports.push('default');
      commonjs = true;
    } else if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier && holder.parent.kind === 'const') {
      const instance = resolveName(holder.id.name, holder, file.sourceCode);
      if (!instance) return null;
      for (const use of instance.references) {
        if (use.init || onlyExports(use.identifier)) continue;
        const call = memberUse(use.identifier, name);
        if (call === null) return null;
        if (call !== 'other') local.push(call);
      }
      for (const [exported, value] of exportsOf(file.sourceCode.ast)) if (value === holder.id) exports.push(exported);
    } else {
      // `new Service().start()`: used once, here.
      const call = memberUse(created, name);
      if (call === null) return null;
      if (call !== 'other') local.push(call);
    }
  }
  // The class itself, or a name other than the instance's, exported: callers unseen.
  for (const value of exportsOf(file.sourceCode.ast).values()) if (value === node || (value.type === AST_NODE_TYPES.Identifier && value.name === node.id.name)) return null;
  return { name, exports, commonjs, member: true, local };
}

/** A static method of a class declared at the top level of its file: the class and the method's name. */
interface StaticMethod {
  readonly node: TSESTree.ClassDeclaration & { id: TSESTree.Identifier };
  readonly name: string;
  /** TypeScript's `private static`: called only inside its class. */
  readonly private: boolean;
}

function staticMethod(fn: FunctionNode): StaticMethod | null {
  const member = classElementOf(fn);
  if (!member?.element.static || member.node.id === null) return null;
  const { node, name } = member;
  const statement = node.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? node.parent.parent : node.parent;
  return statement?.type === AST_NODE_TYPES.Program ? { node: node as StaticMethod['node'], name, private: member.element.accessibility === 'private' } : null;
}

/**
 * The calls of a static method (`export class UserService { static async spendCoins(…) }`):
 * `UserService.spendCoins(…)` here and in the files that import the class by an ES export name, and
 * `this.spendCoins(…)` where `this` is the class (in its static methods, static fields and static
 * blocks). Null when the class is used another way (passed on, `extends`, `new`, exported as an ES
 * default), `this` is passed on in a static member, or the class body names the method otherwise
 * (`this.constructor.spendCoins(…)`, `this.spendCoins` read without a call).
 */
function staticUses(method: StaticMethod, file: FileRef): Target | null {
  const { node, name } = method;
  const local: TSESTree.CallExpression[] = [];
  // `module.exports = UserService`: the CommonJS module is the class, `require('./user-service')` gives it under any name.
  let moduleIsClass = false;
  // The class's name in the scope around it and in the class scope (its own body names it there).
  for (const variable of file.sourceCode.scopeManager?.getDeclaredVariables(node) ?? []) {
    for (const reference of variable.references) {
      // A type (`users: typeof UserService`) reaches no method.
      if (reference.init || !reference.isValueReference || onlyExports(reference.identifier)) continue;
      if (commonJsExport(outermostWrapper(reference.identifier)) === 'module.exports') {
        moduleIsClass = true;
        continue;
      }
      const call = memberUse(reference.identifier, name);
      if (call === null) return null;
      if (call !== 'other') local.push(call);
    }
  }
  for (const self of fileIndex(file.sourceCode.ast).of(AST_NODE_TYPES.ThisExpression)) {
    if (self.range[0] < node.body.range[0] || self.range[1] > node.body.range[1] || !staticThis(self, node.body)) continue;
    const call = memberUse(self, name);
    if (call === null) return null;
    if (call !== 'other') local.push(call);
  }
  // Any other `.name` in the class body (`this.constructor.spendCoins(…)`): a caller unseen.
  const [start, end] = node.body.range;
  const named = fileIndex(file.sourceCode.ast)
    .of(AST_NODE_TYPES.MemberExpression)
    .filter((member) => member.range[0] >= start && member.range[1] <= end && getPropertyName(member) === name);
  if (!named.every((member) => local.some((call) => outermostWrapper(call.callee) === outermostWrapper(member)))) return null;
  const exports = [...exportsOf(file.sourceCode.ast)].filter(([, value]) => value === node || (value.type === AST_NODE_TYPES.Identifier && value.name === node.id.name)).map(([exported]) => exported);
  // The class as the CommonJS module: its importers' `const UserService = require('./user-service')` calls `UserService.spendCoins(…)`, as for a singleton instance.
  if (moduleIsClass) return exports.every((exported) => exported === 'default') ? { name, exports: ['default'], commonjs: true, member: true, local } : null;
  return exports.includes('default') ? null : { name, exports, commonjs: false, member: true, local };
}

/** Whether a `this` in a class body is the class itself: in a static method or field (through arrow functions), or a static block. */
function staticThis(self: TSESTree.ThisExpression, body: TSESTree.ClassBody): boolean {
  for (let node: TSESTree.Node = self; node.parent && node.parent !== body; node = node.parent) {
    const parent: TSESTree.Node = node.parent;
    if (parent.type === AST_NODE_TYPES.StaticBlock) return true;
    if ((parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition) && parent.parent === body) return parent.static && parent.value === node;
    if (parent.type === AST_NODE_TYPES.FunctionExpression || parent.type === AST_NODE_TYPES.FunctionDeclaration) {
      // A function of its own binds its own `this`, unless it is the member's value (checked on the next step).
      const element = parent.parent;
      if (!((element?.type === AST_NODE_TYPES.MethodDefinition || element?.type === AST_NODE_TYPES.PropertyDefinition) && element.parent === body)) return false;
    }
  }
  return false;
}

/** A method of an object literal bound to a top-level `const` (`export const tasks = { async today() { … } }`): the object's name and the method's. */
interface ObjectMethod {
  readonly holder: TSESTree.Identifier;
  readonly object: TSESTree.ObjectExpression;
  readonly name: string;
}

function objectMethod(fn: FunctionNode): ObjectMethod | null {
  const property = fn.parent;
  if (property?.type !== AST_NODE_TYPES.Property || property.value !== fn || property.kind !== 'init' || property.parent.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const name = propertyKey(property);
  const object = property.parent;
  const declarator = outermostWrapper(object).parent;
  if (name === null || declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
  return declarator.parent.kind === 'const' && isTopLevelInit(outermostWrapper(object)) ? { holder: declarator.id, object, name } : null;
}

/**
 * The calls of a method of a `const` object literal: `tasks.today(…)` here and in the files that
 * import the object by an ES export name, and `this.today(…)` inside the object. With `moduleToo`,
 * also of an object that is the CommonJS module itself (`module.exports = Payment`; its importers'
 * `Payment.create(…)`). Null when the object or `this.today` is used another way (passed on, spread,
 * the method read without a call), the object is exported otherwise through CommonJS or as a
 * default, or its key is written twice.
 */
function objectUses(method: ObjectMethod, file: FileRef, moduleToo = false): Target | null {
  const { holder, object, name } = method;
  if (object.properties.filter((property) => property.type !== AST_NODE_TYPES.Property || propertyKey(property) === name).length !== 1) return null;
  const variable = resolveName(holder.name, holder, file.sourceCode);
  if (!variable) return null;
  const local: TSESTree.CallExpression[] = [];
  let moduleObject = false;
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.identifier.parent.type === AST_NODE_TYPES.ExportSpecifier) continue;
    if (moduleToo && commonJsExport(outermostWrapper(reference.identifier)) === 'module.exports') {
      moduleObject = true;
      continue;
    }
    const call = memberUse(reference.identifier, name);
    if (call === null) return null;
    if (call !== 'other') local.push(call);
  }
  for (const node of fileIndex(file.sourceCode.ast).of(AST_NODE_TYPES.ThisExpression)) {
    if (node.range[0] < object.range[0] || node.range[1] > object.range[1]) continue;
    const call = memberUse(node, name);
    if (call === null) return null;
    if (call !== 'other') local.push(call);
  }
  const exports = [...exportsOf(file.sourceCode.ast)].filter(([, value]) => value === holder || (value.type === AST_NODE_TYPES.Identifier && value.name === holder.name)).map(([exported]) => exported);
  if (moduleObject) return exports.length === 1 && isCommonJsModule(file.sourceCode.ast) ? { name, exports, commonjs: true, member: true, local, moduleObject } : null;
  return exports.includes('default') ? null : { name, exports, commonjs: false, member: true, local };
}

/**
 * The calls of a method of a `const` object literal in its bot project (see `objectUses`; `moduleToo`
 * for an object that is the CommonJS module itself); null for any other function or when a use cannot be seen.
 */
export function objectMethodCallers(fn: FunctionNode, file: FileRef, { moduleToo = false }: { moduleToo?: boolean } = {}): CallSite[] | null {
  const method = objectMethod(fn);
  const target = method && objectUses(method, file, moduleToo);
  return target && projectSites(fn, file, target, null);
}

function exportedFunctionUses(fn: FunctionNode, file: FileRef, values: TSESTree.Node[] | null = null, fileLocal = false): Target | null {
  const own = callersOf(fn, file.sourceCode);
  if (own !== null) return { name: '', exports: [], commonjs: false, member: false, local: own };
  const id = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier ? fn.parent.id : null;
  const exports = [...exportsOf(file.sourceCode.ast)].filter(([, value]) => functionOf(value, file.sourceCode) === fn).map(([exported]) => exported);
  const commonjs = isCommonJsModule(file.sourceCode.ast);
  // A function of this file alone (`bot.use(createConversation(transfer))` beside `async function transfer`): its calls
  // here and the references that pass it on (see `localUses`), when asked for.
  if (exports.length === 0) return values && fileLocal ? fileLocalUses(fn, file, values) : null;
  // An ES default export is imported under any name (its importers' default imports are its callers), but a platform, a
  // runner or another package may call the default export of an entry module (`api/`, `main`: see `isEntryModule`).
  if (exports.includes('default') && !commonjs && isEntryModule(file.filename)) return null;
  // `module.exports = async (url) => …`, `export default async (url) => …`: no name in this file, only its importers call it.
  const anonymousDefault = !commonjs && outermostWrapper(fn).parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  // `exports.reject = async (req, res) => …`: its importers name it by its export (`controller.reject`), the word searched for.
  const exportName = commonjs && exports.length === 1 && exports[0] !== 'default' ? exports[0]! : '';
  if (!id) return commonJsExport(outermostWrapper(fn)) === null && !anonymousDefault ? null : { name: exportName, exports, commonjs, member: false, local: [] };
  const variable = resolveName(id.name, id, file.sourceCode);
  if (!variable) return null;
  const local: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    if (reference.identifier === id || reference.init || onlyExports(reference.identifier) || commonJsExport(outermostWrapper(reference.identifier)) === 'module.exports') continue;
    if (annotatesFunction(reference.identifier)) continue;
    const call = outermostWrapper(reference.identifier).parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && outermostWrapper(call.callee) === outermostWrapper(reference.identifier)) local.push(call);
    else if (values) values.push(outermostWrapper(reference.identifier));
    else return null;
  }
  return { name: id.name, exports, commonjs, member: false, local };
}

/**
 * `handler.command = /^neko$/i`, `handler.help = ['neko']`: a property written on the function object
 * (the metadata a plugin loader reads), which neither calls the function nor passes it on.
 */
function annotatesFunction(name: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const member = outermostWrapper(name).parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || skipTypeWrappers(member.object) !== name) return false;
  const assignment = outermostWrapper(member).parent;
  return assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.left === outermostWrapper(member);
}

/** {@link localUses} as a target with no export: its calls here, its values added to `values`; null when it is exported or reassigned. */
function fileLocalUses(fn: FunctionNode, file: FileRef, values: TSESTree.Node[]): Target | null {
  const uses = localUses(fn, file);
  if (uses === null || uses === 'unknown' || 'exported' in uses) return null;
  values.push(...uses.values);
  return { name: '', exports: [], commonjs: false, member: false, local: uses.calls };
}

/** The calls of the target in one importer; null when the importer may reach it some other way. */
function importedCalls(importer: FileRef, targetFile: string, target: Target, values: TSESTree.Node[] | null, reexported: string[] = []): TSESTree.CallExpression[] | null {
  const program = importer.sourceCode.ast;
  const first = program.body[0];
  const calls: TSESTree.CallExpression[] = [];
  if (reexports(importer, targetFile, target)) return null;
  for (const [local, binding] of moduleBindings(program)) {
    if (projectModuleFile(importer.filename, binding.module) !== targetFile) continue;
    // The module object: `const svc = require('./x')`, or a CommonJS module's default import.
    const whole = binding.imported === '*' || (target.commonjs && binding.imported === 'default' && !target.exports.includes('default'));
    // A namespace whose export is a function's property: `weather.fetchWeather(…)`, also an ES namespace import
    // (`import * as controller from './x'`, `controller.remove` passed on); else any export may be passed on.
    const properties = whole && (target.commonjs || binding.imported === '*') && !target.member && !target.exports.includes('default');
    if (whole && !properties && !(target.commonjs && target.exports.includes('default'))) return null;
    if (!whole && !target.exports.includes(binding.imported)) {
      if (target.moduleObject) return null;
      continue;
    }
    const variable: Variable | null = first ? resolveName(local, first, importer.sourceCode) : null;
    if (!variable || !(properties ? collectPropertyCalls(variable, target.exports, calls, values) : collectCalls(variable, target, calls, values, reexported))) return null;
  }
  const nested = nestedRequires(importer, targetFile, target, calls, reexported);
  if (nested === null || !nested.bound.every((variable) => collectCalls(variable, target, calls, values, reexported))) return null;
  if (!nested.modules.every((variable) => collectPropertyCalls(variable, target.exports, calls, values))) return null;
  return calls;
}

/**
 * Whether a file passes the target's export on (`export { default as ask } from './describe'`, `export * from './x'` for a
 * named export): the files that import it from there are callers the reverse module graph does not show.
 */
function reexports(importer: FileRef, targetFile: string, target: Target): boolean {
  return esReexportsOf(importer.sourceCode.ast, importer.filename, targetFile).some((reexport) =>
    reexport.imported === '*' ? reexport.exported !== null || target.exports.some((name) => name !== 'default') : target.exports.includes(reexport.imported),
  );
}

/**
 * Adds the calls of the target through a variable bound to it; false when the variable is used some other way.
 * A function the importer exports again (`module.exports = { country }`) goes to `reexported` by its export name.
 */
function collectCalls(variable: Variable, target: Target, calls: TSESTree.CallExpression[], values: TSESTree.Node[] | null = null, reexported?: string[]): boolean {
  for (const reference of variable.references) {
    if (reference.init || isDeclaration(reference.identifier)) continue;
    if (target.member) {
      const call = memberUse(reference.identifier, target.name);
      if (call === null) return false;
      if (call !== 'other') calls.push(call);
    } else {
      const call = outermostWrapper(reference.identifier).parent;
      const name = reexported && !target.moduleObject ? reexportedAs(outermostWrapper(reference.identifier)) : null;
      if (call?.type === AST_NODE_TYPES.CallExpression && outermostWrapper(call.callee) === outermostWrapper(reference.identifier)) calls.push(call);
      else if (name !== null) reexported!.push(name);
      else if (values) values.push(outermostWrapper(reference.identifier));
      else return false;
    }
  }
  return true;
}

/**
 * Adds `svc.f(…)` for each export name `f` through a variable bound to a module object; false when the
 * variable is used another way. With `values`, `svc.f` passed on (`router.post('/x', verifyAdmin, svc.f)`)
 * goes there instead: the caller judges where it goes.
 */
function collectPropertyCalls(variable: Variable, names: readonly string[], calls: TSESTree.CallExpression[], values: TSESTree.Node[] | null = null): boolean {
  for (const reference of variable.references) {
    if (reference.init || isDeclaration(reference.identifier)) continue;
    const member = outermostWrapper(reference.identifier).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outermostWrapper(reference.identifier)) return false;
    const key = getPropertyName(member);
    if (key === null) return false;
    if (!names.includes(key)) continue;
    const call = memberUse(reference.identifier, key);
    if (call === 'other') return false;
    if (call !== null) calls.push(call);
    else if (values && !assignedTo(outermostWrapper(member))) values.push(outermostWrapper(member));
    else return false;
  }
  return true;
}

/** Whether an expression is written to (`svc.f = …`, `svc.f++`), not read. */
function assignedTo(node: TSESTree.Node): boolean {
  const parent = node.parent;
  return (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) || parent?.type === AST_NODE_TYPES.UpdateExpression;
}

/**
 * The variables that requires of the target file below the top level bind to the target's exports:
 * `module.exports = (bot) => { const { f } = require('../services/f'); … }`, or to an object that is the
 * module itself (`const Payment = require('../models/Payment')`, see `Target.moduleObject`) or to a
 * function that is (`const register = require('./actions')` in a block or a function) — in `bound`;
 * the variables bound to a CommonJS module whose property the function is (`module.exports = { f }`;
 * `const orders = require('./orders')` in a handler, then `orders.f(…)`) — in `modules`. A function that
 * is the module called straight from its require (`require('./actions')(bot)`, anywhere) is added to
 * `calls`. Null when such a require (or an `import()`, or an inline `require('./x').f()` anywhere) is
 * used another way: the whole module bound for a method, a value passed on — callers unseen.
 */
/** A method of what a CommonJS module is (`module.exports = new Service()`, `module.exports = Service` for a static method): `require(…)` gives its receiver. */
const isModuleInstance = (target: Target): boolean => target.commonjs && target.member && target.exports.includes('default');

function nestedRequires(importer: FileRef, targetFile: string, target: Target, calls: TSESTree.CallExpression[], reexported: string[] = []): { bound: Variable[]; modules: Variable[] } | null {
  const variables: Variable[] = [];
  const modules: Variable[] = [];
  // As at the top (`importedCalls`): the module object of a CommonJS file whose export the function is by name.
  const properties = target.commonjs && !target.member && !target.exports.includes('default');
  let unseen = false;
  // Whether the load is handled (the loads inside it are not looked at), as a walk that skips its children.
  const handled = (node: TSESTree.CallExpression | TSESTree.ImportExpression): boolean => {
    const module = requiredModule(node);
    if (module === null || projectModuleFile(importer.filename, module) !== targetFile) return false;
    let value = outermostWrapper(node);
    if (value.parent?.type === AST_NODE_TYPES.AwaitExpression) value = outermostWrapper(value.parent);
    const holder = value.parent;
    // A top-level binding of the module or of one export (`const X = require('./x').X`): `moduleBindings` has it.
    const member = holder && isMemberOf(holder, value) ? outermostWrapper(holder) : null;
    if (isTopLevelInit(member ?? value)) return false;
    // `exports.country = require('./country')`, `module.exports = { country: require('./country') }`: an index of the function.
    const exportedAs = member === null && node.type === AST_NODE_TYPES.CallExpression && isModuleFunction(target) ? reexportedAs(value) : null;
    if (exportedAs !== null) {
      reexported.push(exportedAs);
      return true;
    }
    // `require('./actions')(bot)` of `module.exports = (bot) => …`: a call of the function itself.
    if (holder?.type === AST_NODE_TYPES.CallExpression && outermostWrapper(holder.callee) === value && node.type === AST_NODE_TYPES.CallExpression && isModuleFunction(target)) {
      calls.push(holder);
      return true;
    }
    // `const Payment = require('../models/Payment')` inside a handler, of an object that is the module itself: its `Payment.create(…)`;
    // `const register = require('./actions')` inside a block, of a function that is the module itself: its `register(bot)`.
    // `const PlayerService = require('../services/playerService')` inside a function, of a class or instance that is the module itself: its `PlayerService.m(…)`.
    if ((target.moduleObject || isModuleFunction(target) || isModuleInstance(target)) && node.type === AST_NODE_TYPES.CallExpression && holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === value && holder.id.type === AST_NODE_TYPES.Identifier) {
      const variable = resolveName(holder.id.name, holder.id, importer.sourceCode);
      if (variable) variables.push(variable);
      else unseen = true;
      return true;
    }
    if (properties && node.type === AST_NODE_TYPES.CallExpression && holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === value && holder.id.type === AST_NODE_TYPES.Identifier) {
      const variable = resolveName(holder.id.name, holder.id, importer.sourceCode);
      if (variable) modules.push(variable);
      else unseen = true;
      return true;
    }
    if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.init !== value || holder.id.type !== AST_NODE_TYPES.ObjectPattern || target.member) {
      unseen = true;
      return true;
    }
    for (const property of holder.id.properties) {
      const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
      if (key === null) unseen = true;
      if (key === null || !target.exports.includes(key)) continue;
      const bound = (property as TSESTree.Property).value;
      const name = bound.type === AST_NODE_TYPES.AssignmentPattern ? bound.left : bound;
      const variable = name.type === AST_NODE_TYPES.Identifier ? resolveName(name.name, name, importer.sourceCode) : null;
      if (variable) variables.push(variable);
      else unseen = true;
    }
    return true;
  };
  // The file's loads in source order (see `moduleLoads`): no walk of the file per target.
  let skipEnd = -1;
  for (const load of moduleLoads(importer.sourceCode.ast)) {
    if (unseen) break;
    if (load.range[0] < skipEnd) continue;
    if (handled(load)) skipEnd = load.range[1];
  }
  return unseen ? null : { bound: variables, modules };
}

/** A function (not a method) that is the CommonJS module itself: `module.exports = (bot) => …`. */
function isModuleFunction(target: Target): boolean {
  return target.commonjs && !target.member && !target.moduleObject && target.exports.includes('default');
}

/** Whether a value is the initializer of a declaration at the top level of its program (`const x = …`, `export const x = …`). */
function isTopLevelInit(value: TSESTree.Node): boolean {
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value) return false;
  const statement = declarator.parent.parent;
  return statement.type === AST_NODE_TYPES.Program || (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.parent.type === AST_NODE_TYPES.Program);
}

function isDeclaration(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const parent = identifier.parent;
  return parent.type === AST_NODE_TYPES.ImportDefaultSpecifier || parent.type === AST_NODE_TYPES.ImportSpecifier || parent.type === AST_NODE_TYPES.ImportNamespaceSpecifier;
}


/** What a way into a function is checked against (see `onlyEnteredFrom`). */
export interface EntryTest {
  /**
   * Whether a function, used as this value (an inline callback, or a reference to it), is run only
   * where the way may start; `marked`: whether the way passed a node `mark` accepts.
   */
  entry(value: TSESTree.Node, file: FileRef, marked: boolean): boolean;
  /** Whether the way may pass through `node` (the first node, then each call) in `fn`. */
  along(fn: FunctionNode, node: TSESTree.Node, file: FileRef): boolean;
  /** Whether the way passes a node that marks it (the first node, then each call), told to `entry`. */
  mark?(node: TSESTree.Node, file: FileRef): boolean;
  /**
   * Whether a call of the function is itself a place where the way may start (its callers are then
   * not followed); `sites`: every call of the function, this one included; `callee`: the function and its file.
   */
  start?(call: TSESTree.CallExpression, file: FileRef, sites: readonly CallSite[], callee: { readonly fn: FunctionNode; readonly file: FileRef }): boolean;
  /**
   * Whether a function the file exports by ES `export` (`export async function f`, `export const f =
   * …`, `export default function`) that no project file calls or passes on is asked to `entry` itself
   * (as a CommonJS export is); otherwise such a function gives false. Also: a CommonJS export whose
   * callers cannot all be seen gives false (without it, its export values are asked to `entry`).
   */
  readonly exports?: boolean;
  /**
   * Whether a function above the first (a caller's caller) that nothing uses is a way nobody takes:
   * a function of this file never named but in its declaration, or a class method whose calls the
   * project shows and which has none (`sendSystemStatus() { await this.sendDailyReport(); }` that no
   * file calls). Dead code waits for nothing. Otherwise such a function gives false. An exported
   * function with no callers in the project may be called from outside it and still gives false.
   */
  readonly uncalled?: boolean;
  /**
   * Whether an ES-exported function of a module the project loads only by a computed path (a command
   * folder's loader) is followed through the method calls of its name (see {@link loadedModuleCalls}),
   * where its callers cannot otherwise be seen. Such a call may reach another module's function of the
   * same name, so a way that comes back to a function already on it is one the other ways cover.
   */
  readonly loadedModules?: boolean;
}

/** How many callers up an entry is looked for. */
const MAX_ENTRY_DEPTH = 4;

/**
 * Whether every way into `fn` (from `node` in it) starts at an entry `test` accepts, up to
 * `MAX_ENTRY_DEPTH` callers up: `fn` is used as a value only where `test.entry` accepts it (an inline
 * callback: `setInterval(async () => …)`; a function of this file passed by name: `bot.on('photo',
 * onPhoto)`), and each call of it in the bot project (see `projectCallersOf`) sits in a function
 * every way into which does too, or is one `test.start` accepts. `test.along` must hold at each step; `test.entry` is told whether
 * `test.mark` held at some step of the way. A function with no use, or whose callers cannot all be
 * seen, gives false.
 */
export function onlyEnteredFrom(fn: FunctionNode, node: TSESTree.Node, file: FileRef, test: EntryTest, depth = 0, marked = false, way: ReadonlySet<FunctionNode> = new Set()): boolean {
  let memo = entryMemos.get(test);
  if (memo === undefined) entryMemos.set(test, (memo = { answers: new Map(), decided: [] }));
  const key = `${depth}:${marked ? 1 : 0}`;
  let byNode = memo.answers.get(fn);
  if (byNode === undefined) memo.answers.set(fn, (byNode = new Map<TSESTree.Node, Map<string, boolean>>()));
  let byKey = byNode.get(node);
  if (byKey === undefined) byNode.set(node, (byKey = new Map<string, boolean>()));
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const before = memo.decided.length;
  callerWork.waysDecided++;
  const answer = decideEntered(fn, node, file, test, depth, marked, way);
  // A way decided on the assumption that a function on it holds (see `loadedModules`) is kept only when it did:
  // a `false` undoes every answer given since this one began.
  if (!answer) for (const forget of memo.decided.splice(before)) forget.answers.delete(forget.key);
  byKey.set(key, answer);
  memo.decided.push({ answers: byKey, key });
  return answer;
}

/** The answers of `onlyEnteredFrom` for one test, by function, node and depth. */
interface EntryMemo {
  readonly answers: Map<FunctionNode, Map<TSESTree.Node, Map<string, boolean>>>;
  /** Every answer in the order it was given, so that a `false` can undo those given while it was decided. */
  readonly decided: { readonly answers: Map<string, boolean>; readonly key: string }[];
}

/** `onlyEnteredFrom`'s answers by test. */
const entryMemos = new WeakMap<EntryTest, EntryMemo>();

function decideEntered(fn: FunctionNode, node: TSESTree.Node, file: FileRef, test: EntryTest, depth: number, marked: boolean, way: ReadonlySet<FunctionNode>): boolean {
  if (!test.along(fn, node, file)) return false;
  const passed = marked || (test.mark?.(node, file) ?? false);
  const uses = localUses(fn, file);
  if (uses === 'unknown') return false;
  let sites: readonly CallSite[];
  if (uses && 'exported' in uses) {
    // Exported by CommonJS: its callers where the project shows them, else the export itself is the entry.
    // A command module a loader requires by a computed path (`exports.run = async (client, message) => …`), run as
    // `command.run(…)` from another file: the method calls of its name (see `loadedModuleCalls`).
    const callers = projectCallersOf(fn, file) ?? (test.loadedModules ? loadedModuleCalls(fn, file) : null);
    // With `exports`, only an export nobody calls: callers that cannot all be seen may be anything.
    if (!callers && test.exports) return false;
    if (!callers || callers.length === 0) return uses.exported.every((value) => test.entry(value, file, passed));
    sites = callers;
  } else if (uses) {
    // A method of a `const` object literal (`export const tasks = { async today() { … } }`): its calls in the project.
    const entered = uses.values.every((value) => test.entry(value, file, passed));
    const methodCalls = !entered && uses.values.length === 1 && uses.values[0] === fn ? objectMethodCallers(fn, file) : null;
    if (methodCalls === null && !entered) return false;
    if (uses.values.length === 0 && uses.calls.length === 0) return depth > 0 && test.uncalled === true;
    if (methodCalls?.length === 0) return false;
    sites = methodCalls ?? uses.calls.map((call) => ({ call, file }));
  } else {
    let callers = projectCallersOf(fn, file);
    if (callers === null && test.loadedModules) callers = loadedModuleCalls(fn, file);
    // An exported function also passed on by name (`setInterval(tick, ms)` beside `export async function tick`), each
    // such value where the way may start, as for a function of this file alone: its calls are the rest of the ways.
    if (callers === null) callers = enteredValuesAndCalls(fn, file, test, passed);
    if (callers?.length === 0 && test.exports && esExported(fn, file)) return test.entry(fn, file, passed);
    // A class method nothing calls, above the first function: a way nobody takes.
    if (callers?.length === 0 && depth > 0 && test.uncalled === true && plainMethod(fn, file)) return true;
    if (!callers || callers.length === 0) return false;
    sites = callers;
  }
  if (sites.length > 0 && depth >= MAX_ENTRY_DEPTH) return false;
  const next = test.loadedModules ? new Set(way).add(fn) : way;
  return sites.every((site) => {
    if (test.start?.(site.call, site.file, sites, { fn, file })) return true;
    const outer = enclosingFunction(site.call);
    if (outer !== null && next.has(outer)) return test.along(outer, site.call, site.file);
    return outer !== null && outer !== fn && onlyEnteredFrom(outer, site.call, site.file, test, depth + 1, passed, next);
  });
}

/**
 * The calls of a function the project also uses as a value (see `projectUsesOf`), when it has such
 * values and `test.entry` accepts each: null otherwise.
 */
function enteredValuesAndCalls(fn: FunctionNode, file: FileRef, test: EntryTest, marked: boolean): CallSite[] | null {
  const uses = projectUsesOf(fn, file);
  if (uses === null || uses.values.length === 0) return null;
  return uses.values.every((site) => test.entry(site.value, site.file, marked)) ? uses.calls : null;
}

/**
 * Whether `fn` runs only while the program starts: every way into it (see `onlyEnteredFrom`) starts at
 * a call written at the top level of a module (`initDb()`, `main()` whose body awaits it), or at an
 * inline callback of a call that `runsOnce` accepts (a query's result callback, `db.serialize(() =>
 * …)`), that call itself at the top level or in such a function. A handler, route or timer is passed
 * to a registration, never to such a call: a way through one gives false.
 */
export function runsOnlyAtStartup(fn: FunctionNode, file: FileRef, runsOnce: (call: TSESTree.CallExpression, file: FileRef) => boolean, depth = 0): boolean {
  const test: EntryTest = {
    entry: (value, at) => {
      const use = outermostWrapper(value);
      const call = use.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(use as TSESTree.CallExpressionArgument) || !runsOnce(call, at)) return false;
      const outer = enclosingFunction(call);
      return outer === null || (depth < MAX_ENTRY_DEPTH && runsOnlyAtStartup(outer, at, runsOnce, depth + 1));
    },
    along: () => true,
    start: (call) => enclosingFunction(call) === null,
  };
  return onlyEnteredFrom(fn, fn, file, test);
}

/**
 * The calls that may reach an ES-exported function of a module the project loads only by a computed
 * path (a command folder's loader: `await import(\`../commands/${dir}/${file}\`)`, then
 * `command.run(client, msg, args)` on the module object it keeps): no other project file names the
 * module's path (see `modulePathWord`), so none imports it; its callers are the method calls of its
 * name (`x.run(…)`, `x?.run(…)`) in the files that name it. A call on a package's object
 * (`Ffmpeg().output(p).run()` after `import Ffmpeg from 'fluent-ffmpeg'`) cannot reach a module of the
 * project and is left out; so is the declaration of a function of the same name another such module
 * exports (`export async function run` in every command). Null when the function is no
 * `export async function name`, when another file names the module's path, or when a file names the
 * function any other way (`const { run } = command`, `handlers.push(command.run)`): its callers are not all seen.
 */
export function loadedModuleCalls(fn: FunctionNode, file: FileRef): CallSite[] | null {
  const name = loadedExportName(fn);
  if (name === null) return null;
  // The package's folder: a bot project's root, or for a chat library the project model does not list (a plain HTTP bot, venom-bot) its package.json's.
  const manifest = nearestManifest(file.filename);
  const root = botProjectRoot(file.filename) ?? (manifest ? path.dirname(manifest.file) : null);
  if (root === null) return null;
  const word = modulePathWord(file.filename).replaceAll(/[$.*+?^()[\]{}|\\-]/g, '\\$&');
  const pathPattern = new RegExp(`(?<![\\w$])${word}(?:\\.[cm]?[jt]sx?)?(?![\\w$.-])`);
  // `import { Weather } from '../../types/weather.js'` names another module of the same word (a path that resolves elsewhere),
  // `import yts from 'yt-search'` a package the manifest lists; a path that resolves nowhere or an unknown alias may be the module.
  const dependencies = manifest?.dependencies ?? {};
  const namesModule = (other: FileRef, { text, literal }: Specifier) => {
    if (!pathPattern.test(text)) return false;
    if (!literal) return true;
    const resolved = projectModuleFile(other.filename, text);
    if (resolved !== null) return resolved === file.filename;
    return text.startsWith('.') || !Object.hasOwn(dependencies, packageOfSpecifier(text));
  };
  if (filesMatchingUnder(root, pathPattern).some((other) => other.filename !== file.filename && specifiersOf(other.sourceCode.ast).some((specifier) => namesModule(other, specifier)))) return null;
  const calls = methodCallsOfName(root, name);
  if (calls.otherUses.some((filename) => filename !== file.filename)) return null;
  return calls.sites.filter((site) => site.file.filename !== file.filename && (site.module === null || site.module === file.filename));
}

/** The method calls of a name in a package's files, and the files that use the name any other way (see `loadedModuleCalls`). */
interface NameCalls {
  /** Each call, with the project module its object is required or imported from, when the file shows one. */
  readonly sites: readonly (CallSite & { readonly module: string | null })[];
  readonly otherUses: readonly string[];
}

/**
 * The method calls of `name` (`x.run(…)`, `x?.run(…)`) in the files under `root`, a call on a package's
 * own object or a class's call of its own method left out, and the files that name it any other way: one
 * scan per package and name, which every command module exporting that name shares (a loader's 144
 * `.run(` calls are read once, not once per command and per way).
 */
function methodCallsOfName(root: string, name: string): NameCalls {
  const key = `${root}\0${name}`;
  const version = projectSnapshot(root).version;
  const known = methodCallsByName.get(key);
  if (known?.version === version) return known.calls;
  callerWork.nameScans++;
  const sites: (CallSite & { module: string | null })[] = [];
  const otherUses: string[] = [];
  for (const other of filesMatchingUnder(root, new RegExp(`(?<![\\w$])${name}(?![\\w$])`))) {
    for (const identifier of fileIndex(other.sourceCode.ast).of(AST_NODE_TYPES.Identifier)) {
      if (identifier.name !== name) continue;
      const parent = identifier.parent;
      if (declaresName(identifier)) continue;
      const call = parent.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed ? outermostWrapper(parent).parent : null;
      if (call?.type !== AST_NODE_TYPES.CallExpression || outermostWrapper(call.callee) !== outermostWrapper(parent)) {
        otherUses.push(other.filename);
        break;
      }
      const object = (parent as TSESTree.MemberExpression).object;
      if (onPackageObject(object, other) || ownMethodCall(object, name)) continue;
      // `weather.run(…)` on `const weather = require('../commands/search/weather')`: only that module's function.
      const specifier = objectModule(object, other);
      sites.push({ call, file: other, module: specifier === null ? null : projectModuleFile(other.filename, specifier) });
    }
  }
  const calls = { sites, otherUses };
  methodCallsByName.set(key, { version, calls });
  return calls;
}

/** {@link methodCallsOfName}'s answers by package folder and name, for the version of the project's files they were read from. */
const methodCallsByName = new Map<string, { readonly version: number; readonly calls: NameCalls }>();

/** Work counters for tests: scans of a package for a name's method calls, and ways `onlyEnteredFrom` decided. */
export const callerWork = { nameScans: 0, waysDecided: 0 };

/**
 * The name under which a command module exports a function for its loader to call as a method: `export async
 * function run`, or a CommonJS property of the module — `exports.run = async (client, message) => …`,
 * `module.exports.run = …`, `module.exports = { name, async run(…) { … } }` (see `reexportedAs`). Null otherwise.
 */
function loadedExportName(fn: FunctionNode): string | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id !== null && fn.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration ? fn.id.name : null;
  return reexportedAs(outermostWrapper(fn));
}

/**
 * Whether an identifier only declares a name another module's function has, or only tests that a
 * loaded module has one: the declaration of another command's function (`export async function run`,
 * `exports.run = …`, `module.exports = { run: … }`, a method `async run() { … }`, a class's `run()`), or a
 * loader's `typeof command.run === 'function'`. None of them calls or passes on a function.
 */
function declaresName(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.FunctionDeclaration && parent.id === identifier) return parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
  if ((parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.Property) && parent.key === identifier && !parent.computed) {
    // Not a pattern: `const { run: start } = command` takes the function out.
    return parent.type === AST_NODE_TYPES.MethodDefinition || (parent.parent.type === AST_NODE_TYPES.ObjectExpression && !parent.shorthand);
  }
  if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.property !== identifier || parent.computed) return false;
  const use = outermostWrapper(parent);
  if (use.parent?.type === AST_NODE_TYPES.UnaryExpression && use.parent.operator === 'typeof') return true;
  const assignment = use.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== use || assignment.parent.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const target = getMemberPath(use);
  return target !== null && ((target.length === 2 && target[0] === 'exports') || (target.length === 3 && target[0] === 'module' && target[1] === 'exports'));
}

/**
 * Whether `this.name(…)` is written in a class that declares a method `name` on the same side as the
 * member it is written in (a game's `this.run()` in its `init()`; a static `this.create()` in a static
 * `from()`): it calls that class's own method, never another module's export. `this` in an instance
 * member is no static method, and in a static one no instance method.
 */
function ownMethodCall(object: TSESTree.Node, name: string): boolean {
  if (object.type !== AST_NODE_TYPES.ThisExpression) return false;
  const element = thisClassElement(object);
  if (!element) return false;
  const side = isStaticElement(element);
  return element.parent.body.some((member) => member.type === AST_NODE_TYPES.MethodDefinition && member.static === side && propertyKey(member) === name);
}

/** A module specifier's text, or a fixed part of a template literal one (`literal` false). */
interface Specifier {
  readonly text: string;
  readonly literal: boolean;
}

/**
 * The module specifiers a file writes, static parts only: the sources of its imports and re-exports,
 * and the string (or a template literal's fixed parts) given to `import(…)` or `require(…)`.
 */
function specifiersOf(program: TSESTree.Program): Specifier[] {
  const index = fileIndex(program);
  const texts: Specifier[] = [];
  const add = (node: TSESTree.Node | undefined) => {
    if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') texts.push({ text: node.value, literal: true });
    else if (node?.type === AST_NODE_TYPES.TemplateLiteral) texts.push(...node.quasis.map((quasi) => ({ text: quasi.value.cooked ?? quasi.value.raw, literal: false })));
  };
  for (const node of index.of(AST_NODE_TYPES.ImportDeclaration)) add(node.source);
  for (const node of index.of(AST_NODE_TYPES.ExportNamedDeclaration)) add(node.source ?? undefined);
  for (const node of index.of(AST_NODE_TYPES.ExportAllDeclaration)) add(node.source);
  for (const node of index.of(AST_NODE_TYPES.ImportExpression)) add(node.source);
  for (const node of index.of(AST_NODE_TYPES.TSImportEqualsDeclaration)) if (node.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) add(node.moduleReference.expression);
  for (const node of index.of(AST_NODE_TYPES.CallExpression)) if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require') add(node.arguments[0]);
  return texts;
}

/** Whether a method's object is derived, by member reads and calls, from a name bound to a package (not a project module): `Ffmpeg().input(p)`. */
function onPackageObject(object: TSESTree.Node, file: FileRef): boolean {
  const binding = objectModule(object, file);
  return binding !== null && !binding.startsWith('.');
}

/**
 * The module specifier a method's object is derived from, by member reads and calls, when its root is a
 * name the module's top level binds to an import or require (`weather` of `const weather =
 * require('../commands/search/weather')`, `Ffmpeg` of `import Ffmpeg from 'fluent-ffmpeg'`). Null otherwise.
 */
function objectModule(object: TSESTree.Node, file: FileRef): string | null {
  let current: TSESTree.Node = object;
  for (;;) {
    if (isTypeWrapper(current)) current = current.expression;
    else if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else break;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return null;
  const binding = moduleBindings(file.sourceCode.ast).get(current.name);
  if (!binding) return null;
  const variable = resolveName(current.name, current, file.sourceCode);
  return variable !== null && variable.scope.block === file.sourceCode.ast ? binding.module : null;
}

/** `export async function f`, `export default function`, `export const f = …`: a function the file exports by ES `export` where it is written. */
function esExported(fn: FunctionNode, file: FileRef): boolean {
  const use = outermostWrapper(fn);
  const parent = use.parent;
  if (parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration || (use.type === AST_NODE_TYPES.FunctionDeclaration && parent?.type === AST_NODE_TYPES.ExportNamedDeclaration)) return true;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== use) return false;
  if (parent.parent.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return true;
  // `const handler = async (m) => …; handler.command = ['neko']; export default handler`: bound to a name never assigned again that the module exports.
  const variable = parent.id.type === AST_NODE_TYPES.Identifier ? resolveName(parent.id.name, parent.id, file.sourceCode) : null;
  return variable !== null && keptInitializer(variable) === use && variable.references.some(({ identifier }) => identifier.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration || identifier.parent.type === AST_NODE_TYPES.ExportSpecifier);
}

/**
 * The uses of a function that only this file can see: an inline function is its own one value; a
 * function declared (or bound to a `const`) in this file and not exported is called by name or
 * passed by name; a function exported through CommonJS gives its export values (`exported`). Null for the other functions (methods, ES exports: see
 * `projectCallersOf`); `'unknown'` when the name is reassigned.
 */
function localUses(fn: FunctionNode, file: FileRef): { values: TSESTree.Node[]; calls: TSESTree.CallExpression[] } | { exported: TSESTree.Node[] } | 'unknown' | null {
  const parent = fn.parent;
  const declarator = parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn ? parent : null;
  // `module.exports = async (url) => …`, `exports.f = function …`: exported by CommonJS.
  if (fn.type !== AST_NODE_TYPES.FunctionDeclaration && !declarator && commonJsExport(outermostWrapper(fn)) !== null) return { exported: [outermostWrapper(fn)] };
  if (fn.type !== AST_NODE_TYPES.FunctionDeclaration && !declarator) {
    return parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition ? null : { values: [fn], calls: [] };
  }
  const statement = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.parent : declarator!.parent.parent;
  if (statement?.type === AST_NODE_TYPES.ExportNamedDeclaration || statement?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return null;
  // The function's own name (a declaration also declares its parameters).
  const references = file.sourceCode
    .getDeclaredVariables(fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : declarator!)
    .filter((variable) => variable.defs.some((def) => def.type === TSESLint.Scope.DefinitionType.FunctionName || def.type === TSESLint.Scope.DefinitionType.Variable))
    .flatMap((variable) => variable.references);
  const values: TSESTree.Node[] = [];
  const calls: TSESTree.CallExpression[] = [];
  const exported: TSESTree.Node[] = [];
  for (const reference of references) {
    if (reference.init) continue;
    if (reference.isWrite()) return 'unknown';
    const use = outermostWrapper(reference.identifier);
    if (onlyExports(reference.identifier) || commonJsExport(use) === 'module.exports') exported.push(use);
    else if (use.parent?.type === AST_NODE_TYPES.CallExpression && use.parent.callee === use) calls.push(use.parent);
    else values.push(use);
  }
  // An ES export specifier (`export { fn }`) leaves it to the project's callers, as `export function` does.
  if (exported.some((use) => use.parent?.type === AST_NODE_TYPES.ExportSpecifier || use.type === AST_NODE_TYPES.ExportDefaultDeclaration || use.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration)) return null;
  if (exported.length > 0) return { exported };
  return { values, calls };
}
