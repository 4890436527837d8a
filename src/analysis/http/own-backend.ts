/**
 * Requests to the bot project's own backend: a URL whose host is not written in the code (an
 * environment variable, a constant built from one) and whose path is a route that a file of the same
 * bot project serves (`app.post('/api/translate', …)`, `router.post('/transcribe', …)` mounted with
 * `app.use('/api', router)`), with Express, Hono, Fastify or koa-router; or a loopback port the
 * project serves itself (json-server started by a script, a written-out `listen(3001)`); or the port
 * setting its own server listens on (`http://${SERVER_HOST}:${SERVER_PORT}/…` and `app.listen(SERVER_PORT)`).
 */
import path from 'node:path';

import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, convertedToText, environmentVariable, escapeRegExp, exportsOf, fileIndex, type FunctionNode, getMemberPath, getPropertyName, isFunction, manifestIn, moduleBindings, outermostWrapper, resolveVariable, skipTypeWrappers, staticNumber, staticString } from '../ast/index.js';
import { importersOf, listProjectFiles, projectModuleFile, ROUTE_METHODS, webServerOf } from '../project/index.js';
import { botProjectRoot, filesMatchingUnder, projectFile, workspacePackageRoot, type FileRef } from '../summaries/index.js';
import { loopbackAsUnwritten, loopbackPort, lookupProperty, requestUrl, staticParts } from './values.js';

/** A dynamic base, then a static path (query and fragment ignored): `${}/api/translate`, `${}/api/check/${}`. */
const OWN_URL = /^\$\{\}(\/[^?#]*)/;

/**
 * A route a file serves, and the name it is mounted by: the receiver (app or router) it is registered
 * on, or for a route a Fastify plugin registers on its parameter, the plugin's name (`siteRoutes` of
 * `export async function siteRoutes(fastify: FastifyInstance)`), with the plugin function itself.
 */
interface Route {
  readonly path: string;
  readonly receiver: string;
  readonly plugin: TSESTree.Node | null;
}

interface FileRoutes {
  readonly routes: readonly Route[];
  /** Prefixes a receiver is mounted under in this file: `app.use('/api', router)`, `fastify.register(routes, { prefix: '/internal' })`. */
  readonly mounts: ReadonlyMap<string, readonly string[]>;
}

type SourceCode = Readonly<TSESLint.SourceCode>;

const routesByProgram = new WeakMap<TSESTree.Program, FileRoutes>();

/**
 * Whether a request goes to a route the bot project serves itself: the URL (see `requestUrl`)
 * starts with a value the code does not spell out, or with a host of this machine
 * (`http://127.0.0.1:5000`, see `loopbackAsUnwritten`), and goes on with a static path, each `${…}`
 * a whole segment, that a route of a project file matches (`:param` for such a segment); or the URL's
 * port is the environment variable a file of the bot project (of the folder ESLint runs in, when the
 * repository commits no package.json) passes to `listen` ({@link portSetting}). For a host
 * of this machine or from the environment, the server may also be another package of the repository:
 * when the bot project lies below `cwd` (the folder ESLint runs in), the routes of every package below
 * `cwd` count. A base from the environment may hold the server's prefix (`http://api:3000/api`): two
 * or more written segments that end a served path match it. A loopback URL on a port the project serves
 * itself on a server whose routes are not read (json-server, see {@link servesPort}) goes to it whatever the path.
 */
export function toOwnBackend(call: TSESTree.CallExpression, file: FileRef, folder?: string): boolean {
  // The filesystem's root as the folder ESLint runs in (a test runner, an editor without a workspace) is no repository: its packages are the whole disk.
  const cwd = folder !== undefined && path.parse(folder).root !== folder ? folder : undefined;
  const url = requestUrl(call, file.sourceCode);
  const text = url === null ? '' : staticParts(url, file.sourceCode);
  const root = botProjectRoot(file.filename);
  // The server of the same bot project; in a repository that commits no package.json, the folder ESLint runs in.
  const serverRoot = root ?? (cwd !== undefined && (path.dirname(file.filename) === cwd || isBelow(path.dirname(file.filename), cwd)) ? cwd : null);
  const setting = url === null ? null : portSetting(url, file, 0);
  if (setting !== null && serverRoot !== null && filesMatchingUnder(serverRoot, LISTENS).some((candidate) => listenedSettings(candidate).has(setting))) return true;
  // A package of the same workspace that is no bot project (a Next.js site beside the bot and its API) calls the same servers.
  const own = root ?? workspacePackageRoot(file.filename);
  if (own === null) return false;
  const roots = [own];
  if (cwd !== undefined && isBelow(own, cwd)) roots.push(cwd);
  const port = loopbackPort(text);
  if (port !== null && roots.some((under) => servesPort(port, under))) return true;
  const unwritten = loopbackAsUnwritten(text);
  const match = OWN_URL.exec(unwritten);
  if (!match) return false;
  const segments = match[1]!.split('/').filter(Boolean);
  if (segments.some((segment) => segment.includes('${}') && segment !== '${}')) return false;
  const literals = segments.filter((segment) => segment !== '${}');
  if (literals.length === 0) return false;
  // A file that serves the path writes one of its segments: the route's own (`router.get('/get', …)`), or the mount's.
  const pattern = new RegExp(`['"\`/](?:${literals.map((literal) => escapeRegExp(literal)).join('|')})(?:['"\`/]|$)`, 'm');
  // An unwritten base may end with the server's own prefix (`API_URL=http://api:3000/api`): at least two written segments then end a served path.
  const prefixed = unwritten === text && literals.length >= 2;
  return roots.some((under) => filesMatchingUnder(under, pattern).some((candidate) => servedPaths(candidate, under).some((served) => matches(segments, served, prefixed))));
}

/** A `listen(` call, in the text of a file that may start a server. */
const LISTENS = /\.listen\s*\(/;
/** json-server (or json-server-auth), which serves a JSON file as a REST API: any path, on 3000 unless `--port`/`-p` says otherwise. */
const JSON_SERVER = /(?:^|[\s/])json-server(?:-auth)?(?=\s|$)/;
const JSON_SERVER_PORT = /(?:^|\s)(?:--port|-p)(?:=|\s+)(\d+)(?=\s|$)/;

/** The `package.json` files below a root, listed once per process like the source files of {@link filesMatchingUnder}. */
const manifestsByRoot = new Map<string, readonly string[]>();
const listenedByProgram = new WeakMap<TSESTree.Program, ReadonlySet<number>>();

/**
 * Whether the project below `root` serves `port` on this machine itself, on a server whose paths the
 * route model cannot read: a script of one of its `package.json` files starts json-server
 * (`json-server --watch db.json`, on 3000 unless `--port` says otherwise), or one of its files listens
 * on it written out (`server.listen(3001)`, `listen({ port: 3001 })`, through a `const`, also as the
 * fallback of a setting: `process.env.PORT || 3001`) on something other than an app of a server
 * package the routes are read from (`express()`, whose paths must match, see {@link routesOf}).
 */
function servesPort(port: number, root: string): boolean {
  let manifests = manifestsByRoot.get(root);
  if (!manifests) manifestsByRoot.set(root, (manifests = listProjectFiles(root, (name) => name === 'package.json')));
  const scripts = manifests.flatMap((manifest) => Object.values(manifestIn(path.dirname(manifest))?.scripts ?? {}));
  return scripts.some((command) => jsonServerPorts(command).includes(port)) || filesMatchingUnder(root, LISTENS).some((candidate) => listenedPorts(candidate).has(port));
}

/** The origin of a URL up to its port, the host unwritten or of this machine: `http://${}:`, `http://localhost:`. */
const PORT_PREFIX = /^https?:\/\/(?:\$\{\}|127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0):$/i;

/**
 * The environment variable a URL takes its port from, its host unwritten or of this machine:
 * `` `http://${SERVER_HOST}:${SERVER_PORT}/api/` `` with `const { SERVER_PORT } = process.env`
 * ({@link environmentVariable}), through `const` names, `new URL(path, base)` (the base's), `.href`,
 * `.toString()` and `String(…)`. Null for anything else.
 */
function portSetting(node: TSESTree.Node, file: FileRef, depth: number): string | null {
  const value = skipTypeWrappers(node);
  if (depth > 4) return null;
  switch (value.type) {
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, file.sourceCode);
      return init ? portSetting(init, file, depth + 1) : null;
    }
    case AST_NODE_TYPES.MemberExpression:
      return getPropertyName(value) === 'href' ? portSetting(value.object, file, depth + 1) : null;
    case AST_NODE_TYPES.CallExpression: {
      const converted = convertedToText(value);
      return converted ? portSetting(converted, file, depth + 1) : null;
    }
    case AST_NODE_TYPES.NewExpression: {
      const base = value.arguments[1] ?? value.arguments[0];
      return getMemberPath(value.callee)?.join('.') === 'URL' && base ? portSetting(base, file, depth + 1) : null;
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      let prefix = '';
      for (const [index, expression] of value.expressions.entries()) {
        prefix += value.quasis[index]!.value.cooked;
        if (PORT_PREFIX.test(prefix)) return environmentVariable(expression, file.sourceCode);
        prefix += '${}';
      }
      return null;
    }
    default:
      return null;
  }
}

const settingsByProgram = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/** The environment variables a file's `x.listen(…)` calls take their port from: `app.listen(process.env.PORT || 3000)`, `listen({ port: PORT })` (a pure memo per AST). */
function listenedSettings(file: FileRef): ReadonlySet<string> {
  const program = file.sourceCode.ast;
  let settings = settingsByProgram.get(program);
  if (!settings) {
    const found = new Set<string>();
    for (const call of fileIndex(program).of(AST_NODE_TYPES.CallExpression)) {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'listen' || !call.arguments[0]) continue;
      const first = skipTypeWrappers(call.arguments[0]);
      const port = first.type === AST_NODE_TYPES.ObjectExpression ? lookupProperty(first, 'port', file.sourceCode) : { type: 'present' as const, value: first };
      const name = port.type === 'present' ? environmentVariable(port.value, file.sourceCode) : null;
      if (name !== null) found.add(name);
    }
    settingsByProgram.set(program, (settings = found));
  }
  return settings;
}

/** The ports a script command starts json-server on. */
function jsonServerPorts(command: string): number[] {
  return command
    .split(/&&|\|\||[;|&\n"'`()]/)
    .filter((segment) => JSON_SERVER.test(segment))
    .map((segment) => Number(JSON_SERVER_PORT.exec(segment)?.[1] ?? 3000));
}

/** The ports a file's `x.listen(…)` calls name statically, `x` not an app of a server package the routes are read from (a pure memo per AST). */
function listenedPorts(file: FileRef): ReadonlySet<number> {
  const program = file.sourceCode.ast;
  let ports = listenedByProgram.get(program);
  if (!ports) {
    const found = new Set<number>();
    for (const call of fileIndex(program).of(AST_NODE_TYPES.CallExpression)) {
      const callee = skipTypeWrappers(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'listen' || !call.arguments[0]) continue;
      const receiver = skipTypeWrappers(callee.object);
      const port = receiver.type === AST_NODE_TYPES.Identifier && webServerOf(receiver, file.sourceCode) !== null ? null : portValue(call.arguments[0], file, 0);
      if (port !== null) found.add(port);
    }
    listenedByProgram.set(program, (ports = found));
  }
  return ports;
}

/** A port written out: a number or numeric string, `{ port }`, the fallback of `||`/`??`, `Number(…)`/`parseInt(…)` of one, through `const` names. */
function portValue(node: TSESTree.Node, file: FileRef, depth: number): number | null {
  const value = skipTypeWrappers(node);
  if (depth > 4) return null;
  switch (value.type) {
    case AST_NODE_TYPES.ObjectExpression: {
      const port = lookupProperty(value, 'port', file.sourceCode);
      return port.type === 'present' ? portValue(port.value, file, depth + 1) : null;
    }
    case AST_NODE_TYPES.LogicalExpression:
      return value.operator === '&&' ? null : portValue(value.right, file, depth + 1);
    case AST_NODE_TYPES.CallExpression: {
      const callee = getMemberPath(value.callee)?.join('.');
      return (callee === 'Number' || callee === 'parseInt') && value.arguments[0] ? portValue(value.arguments[0], file, depth + 1) : null;
    }
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(value, file.sourceCode);
      return init ? portValue(init, file, depth + 1) : null;
    }
    case AST_NODE_TYPES.Literal:
      return typeof value.value === 'string' && /^\d+$/.test(value.value) ? Number(value.value) : staticNumber(value, file.sourceCode);
    default:
      return staticNumber(value, file.sourceCode);
  }
}

/** Whether `directory` lies strictly below `ancestor`. */
function isBelow(directory: string, ancestor: string): boolean {
  const relative = path.relative(ancestor, directory);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The full paths a file found below `root` serves: each route under the prefixes it is mounted with, here or where a file below `root` imports it. */
function servedPaths(file: FileRef, root: string): string[] {
  const { routes, mounts } = routesOf(file.sourceCode);
  const paths: string[] = [];
  for (const route of routes) {
    const prefixes = [...(mounts.get(route.receiver) ?? []), ...importedMounts(file, route, root)];
    if (prefixes.length === 0) paths.push(route.path);
    for (const prefix of prefixes) paths.push(`${prefix}/${route.path}`);
  }
  return paths;
}

/** Prefixes the importers of `file` (below `root`) mount its exported receiver (or plugin function) under (`app.use('/api', transcribeRouter)`, `fastify.register(siteRoutes, { prefix })`). */
function importedMounts(file: FileRef, route: Route, root: string): string[] {
  const exported = [...exportsOf(file.sourceCode.ast)].filter(([, value]) => (value.type === AST_NODE_TYPES.Identifier && value.name === route.receiver) || value === route.plugin).map(([name]) => name);
  return mountsOfExports(file, exported, root, 0);
}

/** How many files re-exporting a router are followed (`routes/index.js`: `module.exports = { User }`). */
const MAX_REEXPORTS = 2;

/** Prefixes the importers of `file` mount one of its `exported` names under, also through files that export it on. */
function mountsOfExports(file: FileRef, exported: readonly string[], root: string, depth: number): string[] {
  if (exported.length === 0) return [];
  const prefixes: string[] = [];
  for (const importerFile of importersOf(root, file.filename)) {
    const importer = projectFile(importerFile);
    if (!importer) continue;
    const { mounts } = routesOf(importer.sourceCode);
    for (const [local, binding] of moduleBindings(importer.sourceCode.ast)) {
      // `const router = require('./users')` binds the whole module: `module.exports = router`, its `default`.
      const imported = binding.imported === '*' ? 'default' : binding.imported;
      if (!exported.includes(imported) || projectModuleFile(importerFile, binding.module) !== file.filename) continue;
      prefixes.push(...(mounts.get(local) ?? []));
      if (depth < MAX_REEXPORTS) {
        const onward = [...exportsOf(importer.sourceCode.ast)].filter(([, value]) => value.type === AST_NODE_TYPES.Identifier && value.name === local).map(([name]) => name);
        prefixes.push(...mountsOfExports(importer, onward, root, depth + 1));
      }
    }
  }
  return prefixes;
}

/** The routes and mounts of a file, on receivers a server package made (`webServerOf`; a pure memo per AST). */
function routesOf(sourceCode: SourceCode): FileRoutes {
  const program = sourceCode.ast;
  const known = routesByProgram.get(program);
  if (known) return known;
  const routes: Route[] = [];
  const mounts = new Map<string, string[]>();
  for (const call of fileIndex(program).of(AST_NODE_TYPES.CallExpression)) {
    const callee = skipTypeWrappers(call.callee);
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || receiver?.type !== AST_NODE_TYPES.Identifier) continue;
    const method = getPropertyName(callee);
    if (method === 'register') {
      // Fastify: `fastify.register(internalRoutes, { prefix: '/internal' })` mounts a plugin, under the prefix of the instance it is registered on.
      const plugin = call.arguments[0] && skipTypeWrappers(call.arguments[0]);
      const prefix = plugin?.type === AST_NODE_TYPES.Identifier ? registeredPrefix(call, sourceCode) : null;
      const outer = prefix === null || webServerOf(receiver, sourceCode) === null ? null : instancePrefix(receiver, sourceCode, 0);
      if (plugin?.type === AST_NODE_TYPES.Identifier && prefix !== null && outer !== null) mounts.set(plugin.name, [...(mounts.get(plugin.name) ?? []), outer + prefix]);
      continue;
    }
    const first = staticString(call.arguments[0]);
    if (method === null || first === null || !first.startsWith('/')) continue;
    const mounted = call.arguments[1] && skipTypeWrappers(call.arguments[1]);
    const route = ROUTE_METHODS.has(method);
    const mount = method === 'use' && mounted?.type === AST_NODE_TYPES.Identifier;
    if ((!route && !mount) || webServerOf(receiver, sourceCode) === null) continue;
    // Under a prefix not written out, the path counts as written (like a plugin no file is seen registering).
    if (route) routes.push({ path: (instancePrefix(receiver, sourceCode, 0) ?? '') + first, ...mountName(receiver, sourceCode) });
    if (mount) mounts.set(mounted.name, [...(mounts.get(mounted.name) ?? []), first]);
  }
  const result = { routes, mounts };
  routesByProgram.set(program, result);
  return result;
}

/**
 * The prefix a Fastify `register` call mounts its plugin under: its options' `prefix` written out
 * (`{ prefix: '/internal' }`), `''` with no options or none named `prefix`; null when the options or
 * the prefix are not written out (`register(routes, opts)`), so the plugin's paths are not known.
 */
function registeredPrefix(call: TSESTree.CallExpression, sourceCode: SourceCode): string | null {
  const options = call.arguments[1] && skipTypeWrappers(call.arguments[1]);
  if (options === undefined) return '';
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const prefix = lookupProperty(options, 'prefix', sourceCode);
  if (prefix.type === 'absent') return '';
  const text = prefix.type === 'present' ? staticString(prefix.value) : null;
  return text === null ? null : text.replace(/\/+$/, '');
}

/** How many Fastify plugins written in place inside one another are followed for their prefixes. */
const MAX_PLUGIN_NESTING = 4;

/**
 * The prefix a receiver's routes are served under in the file: for the parameter of a Fastify plugin
 * written in place (`fastify.register(async (instance) => { instance.post('/x', …) }, { prefix: '/api/v1' })`),
 * the prefixes of the registration and of the instance it is registered on; `''` for anything else
 * (an app, a router, a plugin registered elsewhere). Null when a registration's prefix is not written out.
 */
function instancePrefix(receiver: TSESTree.Identifier, sourceCode: SourceCode, depth: number): string | null {
  const plugin = pluginOf(receiver, sourceCode);
  const use = plugin && outermostWrapper(plugin);
  const call = use?.parent;
  if (!use || call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== use) return '';
  const callee = skipTypeWrappers(call.callee);
  const outer = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : null;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'register' || outer?.type !== AST_NODE_TYPES.Identifier || webServerOf(outer, sourceCode) === null) return '';
  const prefix = registeredPrefix(call, sourceCode);
  const above = depth < MAX_PLUGIN_NESTING ? instancePrefix(outer, sourceCode, depth + 1) : null;
  return prefix === null || above === null ? null : above + prefix;
}

/** The function a receiver is the first parameter of (a Fastify plugin's instance), or null. */
function pluginOf(receiver: TSESTree.Identifier, sourceCode: SourceCode): FunctionNode | null {
  const defs = resolveVariable(receiver, sourceCode)?.defs;
  const def = defs?.length === 1 ? defs[0]! : null;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || !isFunction(def.node)) return null;
  return def.node.params[0] === def.name ? def.node : null;
}

/**
 * The name a receiver's routes are mounted by: for the instance parameter of a named Fastify plugin,
 * the plugin's name (`siteRoutes` of `export async function siteRoutes(fastify)`, `internalRoutes` of
 * `const internalRoutes: FastifyPluginAsync = async (fastify) => …`) and the function; else the receiver's own name.
 */
function mountName(receiver: TSESTree.Identifier, sourceCode: SourceCode): { receiver: string; plugin: TSESTree.Node | null } {
  const plugin = pluginOf(receiver, sourceCode);
  if (plugin === null) return { receiver: receiver.name, plugin: null };
  if (plugin.type === AST_NODE_TYPES.FunctionDeclaration) return { receiver: plugin.id?.name ?? receiver.name, plugin };
  const holder = outermostWrapper(plugin).parent;
  return { receiver: holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier ? holder.id.name : receiver.name, plugin };
}

/**
 * Whether the request's path segments are the served path's: a `${…}` segment only where the route has
 * a `:param`. With `prefixed`, they may be the served path's last ones after written segments of its
 * own (`/songs/search` of `/api/songs/search`), the base URL holding those.
 */
function matches(segments: readonly string[], served: string, prefixed: boolean): boolean {
  const all = served.split('/').filter(Boolean);
  const skipped = all.length - segments.length;
  if (skipped < 0 || (skipped > 0 && (!prefixed || all.slice(0, skipped).some((part) => part.startsWith(':'))))) return false;
  return all.slice(skipped).every((part, index) => (part.startsWith(':') ? true : part === segments[index]));
}
