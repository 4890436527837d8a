import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { exportsName } from './exports.js';
import { fileIndex } from './file-index.js';
import { nearestManifest, type Manifest } from './manifest.js';
import { importedBinding, moduleLoads, packageOfSpecifier, requiredModule, requiredModules } from './modules.js';
import { getPropertyName, isCallee } from './nodes.js';
import { resolveName } from './scope.js';
import { someInSameFunction } from './walk.js';

/** Modules only browser code imports: UI frameworks and their client-side routers. */
const BROWSER_MODULE = /^(?:react(?:-[\w-]+)?|react-dom(?:\/.*)?|@react-[\w-]+\/.*|preact(?:\/.*)?|vue(?:-[\w-]+)?|svelte(?:\/.*)?|solid-js(?:\/.*)?|@angular\/.*|next\/(?:router|navigation|link|image|head|dynamic))$/;
/** Globals only a browser has. */
const BROWSER_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'navigator']);
/**
 * Events only a browser's service worker is sent (`self.addEventListener('install', …)`): not `fetch`,
 * which a Cloudflare Worker in the service-worker syntax listens to as well.
 */
const WORKER_EVENTS = new Set(['install', 'activate', 'push', 'pushsubscriptionchange', 'notificationclick', 'notificationclose', 'sync', 'periodicsync']);
/** Members of a service worker's `self` that a server runtime lacks: `self.skipWaiting()`, `self.clients`, `self.registration`. */
const WORKER_SELF_MEMBERS = new Set(['skipWaiting', 'clients', 'registration']);
/** Methods of a service worker's global `clients` (the Clients API). */
const CLIENTS_METHODS = new Set(['claim', 'matchAll', 'openWindow']);

/** Dependencies that make a package a front end: a bundler's dev server or a UI framework's DOM renderer. */
const FRONTEND_DEPENDENCIES = /^(?:vite|@vitejs\/.*|react-dom|react-scripts|vue|svelte|@angular\/core|preact|solid-js|@sveltejs\/vite-plugin-svelte|webpack-dev-server|parcel)$/;
/**
 * Dependencies that put server code in the same package: full-stack frameworks (Next.js, Nuxt,
 * SvelteKit, Remix, Astro), web servers, bot frameworks, database clients, desktop shells and
 * worker runtimes. A package with one of these is not a front end as a whole.
 */
const SERVER_DEPENDENCIES =
  /^(?:next|nuxt|@sveltejs\/kit|@remix-run\/.*|astro|express|fastify|koa|hono|@hapi\/hapi|@nestjs\/core|telegraf|grammy|node-telegram-bot-api|pg|mysql2?|mongoose|mongodb|@prisma\/client|prisma|knex|sequelize|typeorm|drizzle-orm|better-sqlite3|sqlite3|electron|wrangler|firebase-functions|firebase-admin|@vercel\/node|ws|socket\.io)$/;

/**
 * Imports only server code makes: Next.js's `server-only` guard and its server modules
 * (`next/headers`, `next/server`, `next/cache`), and Node's own modules by the `node:` scheme or by a
 * name no bundler stubs for the browser (`fs`, `child_process`, `net`, `http`…; not `buffer`,
 * `events` or `crypto`, which browser bundles polyfill).
 */
const SERVER_IMPORT = /^(?:server-only|next\/(?:headers|server|cache)|node:.+|fs(?:\/promises)?|child_process|net|tls|dgram|cluster|worker_threads|http2?|https)$/;

/**
 * Whether a package.json describes a front end: it depends on a bundler or a DOM renderer (`vite`,
 * `react-dom`, `vue`, `svelte`, `@angular/core`…) and on nothing that runs on a server (`next`,
 * `express`, a bot framework, a database client, `electron`…).
 */
export function isFrontendManifest(manifest: Manifest): boolean {
  const names = Object.keys(manifest.dependencies);
  return names.some((name) => FRONTEND_DEPENDENCIES.test(name)) && !names.some((name) => SERVER_DEPENDENCIES.test(name));
}

/**
 * Whether a module is provably browser code by itself (its importers are the summaries' to add: ask
 * `isBrowserModule` of `summaries/browser.ts`):
 * - a `'use client'` directive, JSX, an import of a UI framework (`react`, `react-toastify`, `vue`,
 *   `next/router`…);
 * - a use of a browser-only global (`window`, `document`, `localStorage`…) that no local binding
 *   shadows — `typeof window` alone is a guard that server code writes too, not a use;
 * - or a file whose nearest package.json is a front end (a Vite or React SPA: see
 *   {@link isFrontendManifest}). `filename` is needed for that last one.
 */
export function browserByItself(sourceCode: Readonly<TSESLint.SourceCode>, filename?: string): boolean {
  const program = sourceCode.ast;
  let answers = browserAnswers.get(program);
  if (!answers) browserAnswers.set(program, (answers = new Map<string | undefined, boolean>()));
  let answer = answers.get(filename);
  if (answer === undefined) {
    answer = browserModule(sourceCode, filename);
    answers.set(filename, answer);
  }
  return answer;
}

/**
 * Whether the module's directive prologue holds `directive`: `'use client'` (a React client component,
 * bundled for the browser with what it imports) or `'use server'` (Next.js Server Actions, which run
 * on the server whoever imports them).
 */
export function hasDirective(program: TSESTree.Program, directive: string): boolean {
  for (const statement of program.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.directive === undefined) return false;
    if (statement.directive === directive) return true;
  }
  return false;
}

/**
 * Whether a module says by itself that it runs on a server, whoever imports it: a `'use server'`
 * directive, or an import (`import`, `require`, `import()`) of `server-only`, `next/headers`,
 * `next/server`, `next/cache`, a Node module no browser has (`node:…`, `fs`, `child_process`, `http`…)
 * or a package that runs on a server (a web server, a bot framework, a database client: the server
 * dependencies of {@link isFrontendManifest} but `next` itself, whose client modules browser code imports).
 */
export function serverByItself(program: TSESTree.Program): boolean {
  if (hasDirective(program, 'use server')) return true;
  const server = (specifier: string): boolean => {
    if (SERVER_IMPORT.test(specifier)) return true;
    const name = /^(?:@[^/]+\/)?[^/]+/.exec(specifier)?.[0] ?? specifier;
    return name !== 'next' && SERVER_DEPENDENCIES.test(name);
  };
  return (
    fileIndex(program)
      .of(AST_NODE_TYPES.ImportDeclaration)
      .some((node) => node.importKind !== 'type' && server(packageOfSpecifier(node.source.value))) || moduleLoads(program).some((node) => server(requiredModule(node) ?? ''))
  );
}

/** React's effect hooks: their callback runs after the browser commits a render, never on a server (server-side rendering or a Server Component). */
export const REACT_EFFECT_HOOKS: readonly string[] = ['useEffect', 'useLayoutEffect', 'useInsertionEffect'];

/**
 * React's state and effect hooks: React Server Components cannot call them (they render once per
 * request, with no state and no commit to run an effect after), and Next.js's App Router refuses a
 * server component that does. A module that calls one is a client component (or a hook of one).
 */
const CLIENT_HOOKS = new Set(['useState', 'useReducer', ...REACT_EFFECT_HOOKS]);

/**
 * Whether the module calls a React state or effect hook ({@link CLIENT_HOOKS}) it imports from `react`:
 * by name (`import { useState } from 'react'`, also renamed) or as a member of React's default or
 * namespace import (`React.useEffect(…)`). Such a module is a client component or a hook of one:
 * what it runs on a server, it runs only as server-side rendering of client code, as a `'use client'`
 * file does. A type-only import, or a hook imported and never called, is not one.
 */
export function callsClientHooks(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const program = sourceCode.ast;
  let answer = clientHookAnswers.get(program);
  if (answer === undefined) {
    const callsHook = (variable: TSESLint.Scope.Variable): boolean => {
      const binding = variable.defs[0] ? importedBinding(variable.defs[0]) : null;
      if (binding === null) return false;
      const named = CLIENT_HOOKS.has(binding.imported);
      if (!named && binding.imported !== 'default' && binding.imported !== '*') return false;
      return variable.references.some(({ identifier }) => {
        if (named) return isCallee(identifier);
        const member = identifier.parent;
        return member?.type === AST_NODE_TYPES.MemberExpression && member.object === identifier && CLIENT_HOOKS.has(getPropertyName(member) ?? '') && isCallee(member);
      });
    };
    answer = fileIndex(program)
      .of(AST_NODE_TYPES.ImportDeclaration)
      .some((node) => node.importKind !== 'type' && node.source.value === 'react' && (sourceCode.scopeManager?.getDeclaredVariables(node).some(callsHook) ?? false));
    clientHookAnswers.set(program, answer);
  }
  return answer;
}

/**
 * Functions a route module exports for its framework to run on the server: React Router's and
 * Remix's `loader` and `action` (not `clientLoader` / `clientAction`, which run in the browser), and
 * Next.js's `getServerSideProps` and `getStaticProps`.
 */
const SERVER_EXPORTS = ['loader', 'action', 'getServerSideProps', 'getStaticProps'];

/**
 * Whether a module exports a function its framework runs on the server ({@link SERVER_EXPORTS}),
 * also on from another module (`export { loader } from './data'`): a route module whose component
 * calls React's hooks ({@link callsClientHooks}) still runs those on a server, so what it imports is
 * no browser code by it.
 */
export function exportsServerFunctions(program: TSESTree.Program): boolean {
  return SERVER_EXPORTS.some((name) => exportsName(program, name));
}

/** {@link callsClientHooks} per file. */
const clientHookAnswers = new WeakMap<TSESTree.Program, boolean>();

/** {@link browserByItself} per file (and file name): several rules ask about the same file. */
const browserAnswers = new WeakMap<TSESTree.Program, Map<string | undefined, boolean>>();

function browserModule(sourceCode: Readonly<TSESLint.SourceCode>, filename: string | undefined): boolean {
  const program = sourceCode.ast;
  if (hasDirective(program, 'use client')) return true;
  const globalScope = sourceCode.scopeManager?.globalScope;
  const used = (reference: TSESLint.Scope.Reference): boolean => !isTypeofOperand(reference.identifier) && !underTypeofGuard(reference.identifier);
  // Unresolved, or resolved to a global the config declares (`globals.browser`): either way not a local.
  if (globalScope?.through.some((reference) => BROWSER_GLOBALS.has(reference.identifier.name) && used(reference))) return true;
  if (
    globalScope?.variables.some((variable) => BROWSER_GLOBALS.has(variable.name) && variable.defs.length === 0 && variable.references.some(used))
  ) {
    return true;
  }
  const index = fileIndex(program);
  if (index.of(AST_NODE_TYPES.CallExpression).some((node) => isWorkerCall(node, sourceCode))) return true;
  if (index.of(AST_NODE_TYPES.MemberExpression).some((node) => isWorkerSelfMember(node, sourceCode))) return true;
  if (index.of(AST_NODE_TYPES.JSXElement).length > 0 || index.of(AST_NODE_TYPES.JSXFragment).length > 0) return true;
  if (index.of(AST_NODE_TYPES.ImportDeclaration).some((node) => BROWSER_MODULE.test(packageOfSpecifier(node.source.value)))) return true;
  if (requiredModules(program).some((module) => BROWSER_MODULE.test(module))) return true;
  const manifest = filename ? nearestManifest(filename) : null;
  return manifest !== null && isFrontendManifest(manifest);
}

/**
 * A call only a browser's service worker makes, the names unbound in the file: a listener of a worker
 * event (`addEventListener('activate', …)`, `self.addEventListener('push', …)`), `importScripts(…)`,
 * `clients.claim()` (`matchAll`, `openWindow`).
 */
function isWorkerCall(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'importScripts' && isUnboundGlobal(callee, sourceCode)) return true;
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'clients') {
    return CLIENTS_METHODS.has(getPropertyName(callee) ?? '') && isUnboundGlobal(callee.object, sourceCode);
  }
  const [event] = call.arguments;
  if (event?.type !== AST_NODE_TYPES.Literal || typeof event.value !== 'string' || !WORKER_EVENTS.has(event.value)) return false;
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'addEventListener' && isUnboundGlobal(callee, sourceCode);
  return callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'addEventListener' && isSelf(callee.object, sourceCode);
}

/** `self.skipWaiting()`, `self.clients.claim()`, `self.registration.showNotification(…)`, `self` unbound in the file. */
function isWorkerSelfMember(member: TSESTree.MemberExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const name = getPropertyName(member);
  return name !== null && WORKER_SELF_MEMBERS.has(name) && isSelf(member.object, sourceCode);
}

function isSelf(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === 'self' && isUnboundGlobal(node, sourceCode);
}

/** A name no declaration of the file binds where it is used (a global of the runtime). */
function isUnboundGlobal(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return (resolveName(identifier.name, identifier, sourceCode)?.defs.length ?? 0) === 0;
}

/**
 * A use under a test of the same global: `typeof window !== 'undefined' && window.x`,
 * `if (typeof document === 'object') { document.title }` — isomorphic code, which runs on servers too.
 */
function underTypeofGuard(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  let child: TSESTree.Node = identifier;
  for (let node: TSESTree.Node | undefined = identifier.parent; node; child = node, node = node.parent) {
    let test: TSESTree.Node | null = null;
    if ((node.type === AST_NODE_TYPES.IfStatement || node.type === AST_NODE_TYPES.ConditionalExpression) && node.test !== child) test = node.test;
    else if (node.type === AST_NODE_TYPES.LogicalExpression && node.right === child) test = node.left;
    if (test && testsTypeof(test, identifier.name)) return true;
  }
  return false;
}

function testsTypeof(test: TSESTree.Node, name: string): boolean {
  return someInSameFunction(
    test,
    (node) => node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'typeof' && node.argument.type === AST_NODE_TYPES.Identifier && node.argument.name === name,
  );
}

/** `typeof window`: a test for the global, which server code writes as often as browser code. */
function isTypeofOperand(identifier: TSESTree.Identifier | TSESTree.JSXIdentifier): boolean {
  const parent = identifier.parent;
  return parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'typeof';
}
