/**
 * Requests to the bot project's own backend: a URL whose host is not written in the code (an
 * environment variable, a constant built from one) and whose path is a route that a file of the same
 * bot project serves (`app.post('/api/translate', …)`, `router.post('/transcribe', …)` mounted with
 * `app.use('/api', router)`), with Express, Hono, Fastify or koa-router.
 */
import path from 'node:path';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { exportsOf, fileIndex, getMemberPath, getPropertyName, moduleBindings, skipTypeWrappers, staticString } from '../ast/index.js';
import { importersOf, resolveFile } from '../project/index.js';
import { botProjectRoot, projectFile, projectFilesMatching, type FileRef } from '../summaries/index.js';
import { requestUrl, staticParts } from './values.js';

/** Packages whose apps and routers serve routes by `x.get(path, …)`, `x.post(path, …)`… */
const SERVER_MODULES = new Set(['express', 'hono', 'fastify', 'koa-router', '@koa/router']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all']);
/** A dynamic base, then a static path (query and fragment ignored): `${}/api/translate`, `${}/api/check/${}`. */
const OWN_URL = /^\$\{\}(\/[^?#]*)/;

/** A route a file serves, and the receiver (app or router) it is registered on. */
interface Route {
  readonly path: string;
  readonly receiver: string;
}

interface FileRoutes {
  readonly routes: readonly Route[];
  /** Prefixes a receiver is mounted under in this file: `app.use('/api', router)`. */
  readonly mounts: ReadonlyMap<string, readonly string[]>;
}

const routesByProgram = new WeakMap<TSESTree.Program, FileRoutes>();

/**
 * Whether a request goes to a route the bot project serves itself: the URL (see `requestUrl`)
 * starts with a value the code does not spell out and goes on with a static path, each `${…}` a whole
 * segment, that a route of a project file matches (`:param` for such a segment).
 */
export function toOwnBackend(call: TSESTree.CallExpression, file: FileRef): boolean {
  const url = requestUrl(call, file.sourceCode);
  const match = url === null ? null : OWN_URL.exec(staticParts(url, file.sourceCode));
  if (!match) return false;
  const segments = match[1]!.split('/').filter(Boolean);
  if (segments.some((segment) => segment.includes('${}') && segment !== '${}')) return false;
  const literals = segments.filter((segment) => segment !== '${}');
  if (literals.length === 0 || botProjectRoot(file.filename) === null) return false;
  const longest = literals.reduce((a, b) => (b.length > a.length ? b : a));
  const candidates = projectFilesMatching(file.filename, new RegExp(`['"\`/]${longest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:['"\`/]|$)`, 'm'));
  return candidates.some((candidate) => servedPaths(candidate).some((served) => matches(segments, served)));
}

/** The full paths a file serves: each route under the prefixes it is mounted with, here or where the file is imported. */
function servedPaths(file: FileRef): string[] {
  const { routes, mounts } = routesOf(file.sourceCode.ast);
  const paths: string[] = [];
  for (const route of routes) {
    const prefixes = [...(mounts.get(route.receiver) ?? []), ...importedMounts(file, route.receiver)];
    if (prefixes.length === 0) paths.push(route.path);
    for (const prefix of prefixes) paths.push(`${prefix}/${route.path}`);
  }
  return paths;
}

/** Prefixes the importers of `file` mount its exported receiver under (`app.use('/api', transcribeRouter)`). */
function importedMounts(file: FileRef, receiver: string): string[] {
  const exported = [...exportsOf(file.sourceCode.ast)].filter(([, value]) => value.type === AST_NODE_TYPES.Identifier && value.name === receiver).map(([name]) => name);
  const root = exported.length === 0 ? null : botProjectRoot(file.filename);
  if (root === null) return [];
  const prefixes: string[] = [];
  for (const importerFile of importersOf(root, file.filename)) {
    const importer = projectFile(importerFile);
    if (!importer) continue;
    const { mounts } = routesOf(importer.sourceCode.ast);
    for (const [local, binding] of moduleBindings(importer.sourceCode.ast)) {
      if (!binding.module.startsWith('.') || !exported.includes(binding.imported) || resolveFile(path.dirname(importerFile), binding.module) !== file.filename) continue;
      prefixes.push(...(mounts.get(local) ?? []));
    }
  }
  return prefixes;
}

/** The routes and mounts of a file, on receivers created from a server package (a pure memo per AST). */
function routesOf(program: TSESTree.Program): FileRoutes {
  const known = routesByProgram.get(program);
  if (known) return known;
  const bindings = moduleBindings(program);
  const fromServer = (name: string): boolean => SERVER_MODULES.has(bindings.get(name)?.module ?? '');
  const routes: Route[] = [];
  const mounts = new Map<string, string[]>();
  for (const call of fileIndex(program).of(AST_NODE_TYPES.CallExpression)) {
    const callee = skipTypeWrappers(call.callee);
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || receiver?.type !== AST_NODE_TYPES.Identifier) continue;
    const method = getPropertyName(callee);
    const first = staticString(call.arguments[0]);
    if (method === null || first === null || !first.startsWith('/')) continue;
    if (ROUTE_METHODS.has(method) && createdByServer(receiver, program, fromServer)) routes.push({ path: first, receiver: receiver.name });
    const mounted = call.arguments[1] && skipTypeWrappers(call.arguments[1]);
    if (method === 'use' && mounted?.type === AST_NODE_TYPES.Identifier && createdByServer(receiver, program, fromServer)) {
      mounts.set(mounted.name, [...(mounts.get(mounted.name) ?? []), first]);
    }
  }
  const result = { routes, mounts };
  routesByProgram.set(program, result);
  return result;
}

/** `express()`, `express.Router()`, `Router()`, `new Hono()`, `fastify()`, `new Router()` of koa-router, held in a top-level `const`. */
function createdByServer(receiver: TSESTree.Identifier, program: TSESTree.Program, fromServer: (name: string) => boolean): boolean {
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.kind !== 'const') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.id.name !== receiver.name || !declarator.init) continue;
      const init = skipTypeWrappers(declarator.init);
      const callee = init.type === AST_NODE_TYPES.CallExpression || init.type === AST_NODE_TYPES.NewExpression ? getMemberPath(init.callee) : null;
      return callee !== null && callee.length <= 2 && fromServer(callee[0]!);
    }
  }
  return false;
}

/** Whether the request's path segments are the served path's: a `${…}` segment only where the route has a `:param`. */
function matches(segments: readonly string[], served: string): boolean {
  const route = served.split('/').filter(Boolean);
  return route.length === segments.length && route.every((part, index) => (part.startsWith(':') ? true : part === segments[index]));
}
