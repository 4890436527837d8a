import fs from 'node:fs';
import path from 'node:path';

import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { exportedValue, fileIndex, fileMemo, functionOf, getPropertyName, moduleBindings, nearestManifest, isFunction, propertyKey, requiredModule, resolveVariable, skipTypeWrappers, type ModuleBinding } from '../ast/index.js';
import { importersOf, projectModuleFile, sourceFilesMatching, workspacePatternFolders, workspacePatterns } from '../project/index.js';
import { methodOfValue, staticMethod, type CalledFunction, type FileRef } from './functions.js';
import { parseProjectFile } from './parse-file.js';

/**
 * Other files of the project, read when a rule asks what an imported function does. A file is
 * resolved from a relative import (`./x`, `../lib/y`: the extensions Node and TypeScript try, then
 * `index.*`) or a tsconfig `paths` alias (`@/lib/db`), by `projectModuleFile`, parsed once and kept while its size and modification time stay the same — an editor
 * sees a changed callee at the next lint. Packages (`import … from 'pkg'`) are never read.
 *
 * Limits: files over {@link MAX_BYTES} are not read; ESLint's `--cache` does not know that a file's
 * result depends on the files it imports (a callee changed alone re-lints nothing).
 */
const MAX_BYTES = 512 * 1024;
/**
 * Parsed files kept: every file of a project of up to 4,000 (the files a project lists), while their
 * text is at most {@link MAX_KEPT_BYTES} together (an AST takes some tens of times its text). A
 * smaller cap than the project makes a whole-project run parse the same files again and again: each
 * linted file's questions go round the project in the same order.
 */
const MAX_FILES = 4000;
const MAX_KEPT_BYTES = 16 * 1024 * 1024;

/** How many project files were parsed in this process (a work count for tests). */
export const projectWork = { parses: 0 };

/** A project file by its absolute path, parsed once per version (size and modification time), or null. */
export function projectFile(file: string): FileRef | null {
  return path.isAbsolute(file) ? readProjectFile(file) : null;
}

/** At most this many importing files are read to answer one question about a file's exports. */
export const MAX_IMPORTERS = 64;

/**
 * The files of `filename`'s bot project that import it (relative imports), each parsed; null when
 * they cannot all be read: no bot project, more than {@link MAX_IMPORTERS} of them, or one that does
 * not parse. What a question about the uses of an exported function or composer starts from.
 */
export function parsedImportersOf(filename: string): FileRef[] | null {
  const root = botProjectRoot(filename);
  const importers = root === null ? null : importersOf(root, filename);
  if (importers === null || importers.length > MAX_IMPORTERS) return null;
  const parsed: FileRef[] = [];
  for (const importer of importers) {
    const file = projectFile(importer);
    if (!file) return null;
    parsed.push(file);
  }
  return parsed;
}

/** The Telegram frameworks: the framework model (handlers, contexts, updates, bots) knows their code. */
const TELEGRAM_PACKAGES = ['grammy', 'telegraf', 'node-telegram-bot-api'];
/**
 * facebook-chat-api and the forks Messenger bots install under its API (`login(…, (err, api) => api.listenMqtt(…))`):
 * `fca-unofficial`, `@xaviabot/fca-unofficial`, `@dongdev/fca-unofficial`, `ws3-fca`, `fca-priyansh`, `panindigan-fca`.
 */
export const FCA_PACKAGES: readonly string[] = ['facebook-chat-api', 'fca-unofficial', '@xaviabot/fca-unofficial', '@dongdev/fca-unofficial', 'ws3-fca', 'fca-priyansh', 'panindigan-fca'];
/**
 * The Discord, WhatsApp, VK and Messenger libraries whose projects are bot projects too: their files are read to
 * find a function's callers, a timer's or a worker's jobs, a store's other writers, a process-level
 * handler. No Telegram proof holds there (see {@link telegramProjectRoot}).
 */
/** Baileys' npm names: `@whiskeysockets/baileys`, and the `@adiwajshing/baileys` and `baileys` names it was published under. */
export const BAILEYS_PACKAGES: readonly string[] = ['@whiskeysockets/baileys', '@adiwajshing/baileys', 'baileys'];
const CHAT_PACKAGES = ['discord.js', ...BAILEYS_PACKAGES, 'whatsapp-web.js', 'vk-io', ...FCA_PACKAGES];
const FRAMEWORK_PACKAGES = [...TELEGRAM_PACKAGES, ...CHAT_PACKAGES];
const isTelegramPackage = (name: string): boolean => TELEGRAM_PACKAGES.includes(name);
const rootsByDirectory = new Map<string, string | null>();
const frameworksByRoot = new Map<string, readonly string[]>();

/** How many folders above a file are searched for its `package.json` (and a workspace root above that). */
const MAX_MANIFEST_DEPTH = 12;

interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
}

function readManifest(directory: string): Manifest | null | undefined {
  const manifest = path.join(directory, 'package.json');
  if (!fs.existsSync(manifest)) return undefined;
  let text = '';
  try {
    text = fs.readFileSync(manifest, 'utf8');
    return JSON.parse(text) as Manifest;
  } catch {
    // A file that does not parse (left with merge markers, `<<<<<<< HEAD`) still marks the root, silently: the frameworks it names as keys count.
    return { dependencies: Object.fromEntries(FRAMEWORK_PACKAGES.filter((name) => new RegExp(`"${name.replaceAll('.', '\\.')}"\\s*:`).test(text)).map((name) => [name, '*'])) };
  }
}

/**
 * The bot frameworks a manifest lists in `dependencies` or `devDependencies`: a TypeScript bot built
 * with `tsc` before it runs may keep the framework among its build tools (`"devDependencies": {
 * "telegraf": … }`) and still load it in production.
 */
function frameworksOf(manifest: Manifest): string[] {
  const lists = [manifest.dependencies ?? {}, manifest.devDependencies ?? {}];
  return FRAMEWORK_PACKAGES.filter((name) => lists.some((dependencies) => Object.hasOwn(dependencies, name)));
}

/** How often {@link botProjectRoot} asked the disk whether a file exists: tests read it. */
export const projectRootWork = { filesChecked: 0 };

/**
 * The bot project a file belongs to: the nearest folder above it whose `package.json` lists a bot
 * framework in `dependencies` or `devDependencies` (so the plugin's own tests or a tool's repository are no bot project):
 * a Telegram framework (grammY, Telegraf, node-telegram-bot-api), discord.js, a WhatsApp library
 * (Baileys, whatsapp-web.js), vk-io, or facebook-chat-api and its forks;
 * null when there is none or the file is not on disk. A package of an npm/Yarn workspace
 * (`"workspaces": ["packages/*"]` above it) whose own `package.json` lists no Telegram framework
 * has the frameworks the workspace root lists too: the dependency is hoisted there.
 */
export function botProjectRoot(fromFile: string): string | null {
  if (!path.isAbsolute(fromFile)) return null;
  const start = path.dirname(fromFile);
  const known = rootsByDirectory.get(start);
  // A folder known to be in no bot project answers before the disk is asked whether the file is there (null either way).
  if (known === null) return null;
  projectRootWork.filesChecked++;
  if (!fs.existsSync(fromFile)) return null;
  if (known !== undefined) return known;
  let root: string | null = null;
  for (let directory = start, depth = 0; depth < MAX_MANIFEST_DEPTH; depth++) {
    const manifest = readManifest(directory);
    if (manifest !== undefined) {
      const frameworks = manifest === null ? [] : frameworksOf(manifest);
      // A package that lists discord.js beside a workspace root that lists grammY is a Telegram project too.
      const hoisted = manifest !== null && !frameworks.some(isTelegramPackage) ? workspaceFrameworks(directory) : [];
      const all = [...new Set([...frameworks, ...hoisted])];
      root = all.length > 0 ? directory : null;
      if (root !== null) frameworksByRoot.set(root, all);
      break;
    }
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  rootsByDirectory.set(start, root);
  return root;
}

/**
 * The bot frameworks the workspace root above `pkg` lists, when its workspace names `pkg`
 * (`packages/*`, `apps/bot`); empty otherwise.
 */
function workspaceFrameworks(pkg: string): string[] {
  const workspace = workspaceAbove(pkg);
  return workspace?.manifest && workspace.packages.includes(pkg) ? frameworksOf(workspace.manifest) : [];
}

/** A workspace root: its folder, its `package.json` (null when absent or unreadable) and the package folders its patterns name. */
interface Workspace {
  root: string;
  manifest: Manifest | null;
  packages: readonly string[];
}

const workspaceByPackage = new Map<string, Workspace | null>();

/**
 * The workspace whose root is the nearest folder above `pkg` with a `package.json` or a
 * `pnpm-workspace.yaml`: the package folders its npm/Yarn `workspaces` and pnpm `packages` patterns
 * name. Null when there is no such folder within reach. Listed once per package and process.
 */
function workspaceAbove(pkg: string): Workspace | null {
  const known = workspaceByPackage.get(pkg);
  if (known !== undefined) return known;
  let found: Workspace | null = null;
  for (let directory = path.dirname(pkg), depth = 0; depth < MAX_MANIFEST_DEPTH && directory !== path.dirname(directory); depth++, directory = path.dirname(directory)) {
    const manifest = readManifest(directory);
    const patterns = workspacePatterns(directory, manifest?.workspaces);
    if (manifest === undefined && patterns.length === 0) continue;
    found = { root: directory, manifest: manifest ?? null, packages: patterns.flatMap((pattern) => workspacePatternFolders(directory, pattern)) };
    break;
  }
  workspaceByPackage.set(pkg, found);
  return found;
}

/**
 * The package folders of the npm/Yarn/pnpm workspace `pkg` belongs to (see `workspaceAbove`), when
 * its patterns (`packages/*`, `packages/db`) name `pkg`; null otherwise.
 */
function workspacePackages(pkg: string): readonly string[] | null {
  const workspace = workspaceAbove(pkg);
  return workspace?.packages.includes(pkg) ? workspace.packages : null;
}

/**
 * The folders of the workspace packages the package at `root` lists in `dependencies`
 * (`"@acme/db": "1.0.0"` with `packages/db/package.json` named `@acme/db`): code a package keeps in
 * a sibling package, such as its database schema. Empty outside a workspace.
 */
export function workspaceDependencyRoots(root: string): readonly string[] {
  const wanted = Object.keys(readManifest(root)?.dependencies ?? {});
  if (wanted.length === 0) return [];
  return (workspacePackages(root) ?? []).filter((pkg) => pkg !== root && wanted.includes(readManifest(pkg)?.name ?? ''));
}

/**
 * The root folder of the npm/Yarn/pnpm workspace that names the package at `root` (see
 * `workspaceAbove`: the nearest folder above it with a `package.json` or a `pnpm-workspace.yaml`),
 * with all the package folders its patterns name; null outside a workspace. What the root keeps
 * outside those folders (`database/migrations/` beside `packages/*`) is the monorepo's own, shared
 * by its packages.
 */
export function workspaceRootOf(root: string): { root: string; packages: readonly string[] } | null {
  const workspace = workspaceAbove(root);
  return workspace?.packages.includes(root) ? { root: workspace.root, packages: workspace.packages } : null;
}

/**
 * The package of a workspace a file belongs to (the nearest folder above it with a `package.json`,
 * when a workspace names it: `apps/api` of a monorepo whose `apps/bot` is the bot), or null. A
 * package beside the bot that lists no bot framework itself: its code is still audited.
 */
export function workspacePackageRoot(fromFile: string): string | null {
  if (!path.isAbsolute(fromFile)) return null;
  for (let directory = path.dirname(fromFile), depth = 0; depth < MAX_MANIFEST_DEPTH && directory !== path.dirname(directory); depth++, directory = path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, 'package.json'))) return workspacePackages(directory) === null ? null : directory;
  }
  return null;
}

/** The bot frameworks (`grammy`, `telegraf`, `node-telegram-bot-api`, `discord.js`, `@whiskeysockets/baileys`…) the `dependencies` or `devDependencies` of `fromFile`'s bot project list; empty outside one. */
export function botProjectFrameworks(fromFile: string): readonly string[] {
  const root = botProjectRoot(fromFile);
  return root === null ? [] : frameworksByRoot.get(root)!;
}

/**
 * The bot project of `fromFile` (see {@link botProjectRoot}) when it lists a Telegram framework, or
 * null: where a proof about Telegram bots (their handlers and contexts, the updates they receive,
 * bots passed to or imported from other files, one update at a time) reads the other files. A
 * discord.js or WhatsApp project has none of them, and its files are not read for that.
 */
export function telegramProjectRoot(fromFile: string): string | null {
  return botProjectFrameworks(fromFile).some(isTelegramPackage) ? botProjectRoot(fromFile) : null;
}

/**
 * The source files of the bot project `fromFile` belongs to whose text matches `pattern`, parsed
 * (see {@link botProjectRoot}; `node_modules`, build output and dot-folders are skipped, at most
 * 4,000 files are looked at). Each file is read once per version and which files match is
 * decided once per pattern and version of the project's files (see `projectSnapshot`); their ASTs
 * follow edits like {@link projectFile}.
 */
export function projectFilesMatching(fromFile: string, pattern: RegExp): FileRef[] {
  const root = botProjectRoot(fromFile);
  return root === null ? [] : filesMatchingUnder(root, pattern);
}

/** The source files below `root` whose text matches `pattern`, parsed: {@link projectFilesMatching} for any folder (another package of a repository). */
export function filesMatchingUnder(root: string, pattern: RegExp): FileRef[] {
  return sourceFilesMatching(root, pattern).flatMap((file) => readProjectFile(file) ?? []);
}

/**
 * The function `exported` of the project file `specifier` resolves to from `fromFile`, or null. An
 * index module that hands on another module's export (`const checkForward = require('./checkForward');
 * module.exports = { checkForward }`, see {@link requiredExport}) is followed to it, as `export { x }
 * from './x'` is (up to {@link MAX_REEXPORT_HOPS} modules in all).
 */
export function projectFunction(fromFile: string, specifier: string, exported: string, hops = 0): CalledFunction | null {
  if (!path.isAbsolute(fromFile)) return null;
  const found = exportOf(fromFile, specifier, exported, (program, name) => exportedValue(program, name) ?? exportedStatic(program, name));
  if (!found) return null;
  const fn = functionOf(found.node, found.file.sourceCode);
  if (fn) return { fn, file: found.file, external: true };
  const handed = hops < MAX_REEXPORT_HOPS ? requiredExport(found.node, found.file) : null;
  return handed ? projectFunction(found.file.filename, handed.specifier, handed.exported, hops + 1) : null;
}

/**
 * What a CommonJS value of `file` takes from another project module: `require('./x')` (its
 * `module.exports`: `default`), `require('./x').name`, or a top-level `const` bound to one of these
 * (`const x = require('./x')`, `const { name } = require('./x')`). Null for anything else, an ES
 * import (followed by `exportOf`) or a package.
 */
function requiredExport(node: TSESTree.Node, file: FileRef): { specifier: string; exported: string } | null {
  const value = skipTypeWrappers(node);
  let binding: ModuleBinding | null | undefined;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const def = resolveVariable(value, file.sourceCode)?.defs;
    if (def?.length !== 1 || def[0]!.type !== TSESLint.Scope.DefinitionType.Variable) return null;
    binding = moduleBindings(file.sourceCode.ast).get(value.name);
  } else {
    const module = requiredModule(value.type === AST_NODE_TYPES.MemberExpression ? value.object : value);
    const name = value.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(value) : '*';
    binding = module === null || name === null ? null : { module, imported: name };
  }
  if (!binding?.module.startsWith('.')) return null;
  return { specifier: binding.module, exported: binding.imported === '*' ? 'default' : binding.imported };
}

/** How many re-exporting modules (`export * from './db/database.js'` in `./database.js`) are followed to the declaring one. */
const MAX_REEXPORT_HOPS = 3;

/**
 * The node `lookup` finds for `exported` in the project file `specifier` resolves to from `fromFile`,
 * with that file: in the file's own code, or through its re-exports, `export { name } from './impl'`
 * (renamed or not) and `export * from './impl'` (a barrel file), up to {@link MAX_REEXPORT_HOPS}
 * modules deep. A name two `export *` provide is ambiguous (JavaScript exports neither): null.
 */
function exportOf(
  fromFile: string,
  specifier: string,
  exported: string,
  lookup: (program: TSESTree.Program, name: string) => TSESTree.Node | null,
  hops = 0,
): { node: TSESTree.Node; file: FileRef } | null {
  const target = projectModuleFile(fromFile, specifier);
  const file = target === null ? null : readProjectFile(target);
  if (!file) return null;
  const program = file.sourceCode.ast;
  const own = lookup(program, exported);
  if (own) return { node: own, file };
  if (hops >= MAX_REEXPORT_HOPS) return null;
  const follow = (source: string, name: string) => exportOf(file.filename, source, name, lookup, hops + 1);
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || statement.source === null) continue;
    const specifierNode = statement.specifiers.find((s) => moduleName(s.exported) === exported);
    if (specifierNode) return follow(statement.source.value, moduleName(specifierNode.local));
  }
  // `export *` never passes on a default export.
  if (exported === 'default') return null;
  const starred = program.body.flatMap((statement) =>
    statement.type === AST_NODE_TYPES.ExportAllDeclaration && statement.exported === null ? (follow(statement.source.value, exported) ?? []) : [],
  );
  return starred.length === 1 ? starred[0]! : null;
}

function moduleName(name: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return name.type === AST_NODE_TYPES.Identifier ? name.name : name.value;
}

/**
 * Method `member` of the object the project file `specifier` exports as `exported`
 * (`export const svc = { async m() {…} }`, `export const svc = new Service()`, `module.exports = new Service()`).
 */
export function projectMethod(fromFile: string, specifier: string, exported: string, member: string): CalledFunction | null {
  const value = projectValue(fromFile, specifier, exported);
  const fn = value ? methodOfValue(value.node, member, value.file) : null;
  return fn && value ? { fn, file: value.file, external: true } : null;
}

/** `module.exports = Service` / `export default class Service`: `mod.name` is its static method `name`. */
function exportedStatic(program: TSESTree.Program, name: string): TSESTree.Node | null {
  let value = exportedValue(program, 'default');
  if (value?.type === AST_NODE_TYPES.Identifier) {
    const className = value.name;
    value = program.body.find((s) => s.type === AST_NODE_TYPES.ClassDeclaration && s.id.name === className) ?? null;
  }
  return value?.type === AST_NODE_TYPES.ClassDeclaration || value?.type === AST_NODE_TYPES.ClassExpression ? staticMethod(value, name) : null;
}

/**
 * The value `exported` of the project file `specifier` resolves to from `fromFile` (the exported node:
 * an identifier of its declaration, or the expression), with that file; null when unknown. The
 * specifier is relative or a tsconfig `paths` alias (`@/lib/supabase`).
 */
export function projectValue(fromFile: string, specifier: string, exported: string): { node: TSESTree.Node; file: FileRef } | null {
  if (!path.isAbsolute(fromFile)) return null;
  return exportOf(fromFile, specifier, exported, exportedValue);
}

/** A project file parsed, by path, once per version (size and modification time); at most {@link MAX_FILES} ({@link MAX_KEPT_BYTES} of text) are kept. */
const readProjectFile = fileMemo((file, stat): FileRef | null => {
  if (stat.size > MAX_BYTES) return null;
  try {
    const text = fs.readFileSync(file, 'utf8');
    projectWork.parses++;
    const sourceCode = parseProjectFile(text, file);
    return sourceCode ? { sourceCode, filename: file } : null;
  } catch {
    return null;
  }
}, null, MAX_FILES, MAX_KEPT_BYTES);

/** One ES re-export of a module: `export { a as b } from './m'` is `{ imported: 'a', exported: 'b' }`; `export * from` is `{ imported: '*', exported: null }`, `export * as ns from` `{ imported: '*', exported: 'ns' }`. */
export interface EsReexport {
  imported: string;
  exported: string | null;
}

/** The ES re-exports of `targetFile` in a file's program (`export … from` whose specifier resolves to it). */
export function esReexportsOf(program: TSESTree.Program, filename: string, targetFile: string): EsReexport[] {
  const found: EsReexport[] = [];
  for (const statement of program.body) {
    if ((statement.type !== AST_NODE_TYPES.ExportNamedDeclaration && statement.type !== AST_NODE_TYPES.ExportAllDeclaration) || !statement.source) continue;
    if (projectModuleFile(filename, statement.source.value) !== targetFile) continue;
    if (statement.type === AST_NODE_TYPES.ExportAllDeclaration) {
      found.push({ imported: '*', exported: statement.exported === null ? null : moduleExportName(statement.exported) });
      continue;
    }
    for (const specifier of statement.specifiers) found.push({ imported: moduleExportName(specifier.local), exported: moduleExportName(specifier.exported) });
  }
  return found;
}

function moduleExportName(name: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return name.type === AST_NODE_TYPES.Identifier ? name.name : name.value;
}

/**
 * The functions the package of `fromFile` (the folder of its nearest package.json) declares under `name` (a `function name`, a `const name
 * = () => …`, a class method or field, an object literal's method, `x.name = function …`), each with its
 * file; null when some declaration of the name is not a function literal (`{ name: cached }`,
 * `x.name = other`), so that the list is every candidate a `receiver.name(…)` of the project could run.
 * Only names of words (`getInventory`): the files are those whose text mentions the name.
 */
export function projectFunctionsNamed(fromFile: string, name: string): CalledFunction[] | null {
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  const manifest = path.isAbsolute(fromFile) ? nearestManifest(fromFile) : null;
  if (manifest === null) return null;
  const found: CalledFunction[] = [];
  for (const file of filesMatchingUnder(path.dirname(manifest.file), new RegExp(`\\b${name}\\b`))) {
    const index = fileIndex(file.sourceCode.ast);
    const add = (value: TSESTree.Node | null | undefined): boolean => {
      const fn = value ? skipTypeWrappers(value) : null;
      if (!fn || !isFunction(fn)) return false;
      found.push({ fn, file, external: file.filename !== fromFile });
      return true;
    };
    for (const node of index.of(AST_NODE_TYPES.FunctionDeclaration)) if (node.id?.name === name) add(node);
    for (const node of index.of(AST_NODE_TYPES.VariableDeclarator)) {
      if (node.id.type === AST_NODE_TYPES.Identifier && node.id.name === name && !add(node.init)) return null;
    }
    for (const node of [...index.of(AST_NODE_TYPES.MethodDefinition), ...index.of(AST_NODE_TYPES.PropertyDefinition), ...index.of(AST_NODE_TYPES.Property)]) {
      if (node.parent.type === AST_NODE_TYPES.ObjectPattern || propertyKey(node) !== name) continue;
      // A shorthand `{ name }` hands on the function declared under the same name (counted above).
      if (node.type === AST_NODE_TYPES.Property && node.shorthand) continue;
      if (!add(node.value)) return null;
    }
    for (const node of index.of(AST_NODE_TYPES.AssignmentExpression)) {
      if (node.left.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node.left) === name && !add(node.right)) return null;
    }
  }
  return found;
}
