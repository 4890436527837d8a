import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex } from './file-index.js';
import { nearestManifest, type Manifest } from './manifest.js';
import { packageOfSpecifier, requiredModule } from './modules.js';
import { someInSameFunction } from './walk.js';

/** Modules only browser code imports: UI frameworks and their client-side routers. */
const BROWSER_MODULE = /^(?:react(?:-[\w-]+)?|react-dom(?:\/.*)?|@react-[\w-]+\/.*|preact(?:\/.*)?|vue(?:-[\w-]+)?|svelte(?:\/.*)?|solid-js(?:\/.*)?|@angular\/.*|next\/(?:router|navigation|link|image|head|dynamic))$/;
/** Globals only a browser has. */
const BROWSER_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'navigator']);

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
 * Whether a package.json describes a front end: it depends on a bundler or a DOM renderer (`vite`,
 * `react-dom`, `vue`, `svelte`, `@angular/core`…) and on nothing that runs on a server (`next`,
 * `express`, a bot framework, a database client, `electron`…).
 */
export function isFrontendManifest(manifest: Manifest): boolean {
  const names = Object.keys(manifest.dependencies);
  return names.some((name) => FRONTEND_DEPENDENCIES.test(name)) && !names.some((name) => SERVER_DEPENDENCIES.test(name));
}

/**
 * Whether a module is provably browser code:
 * - a `'use client'` directive, JSX, an import of a UI framework (`react`, `react-toastify`, `vue`,
 *   `next/router`…);
 * - a use of a browser-only global (`window`, `document`, `localStorage`…) that no local binding
 *   shadows — `typeof window` alone is a guard that server code writes too, not a use;
 * - or a file whose nearest package.json is a front end (a Vite or React SPA: see
 *   {@link isFrontendManifest}). `filename` is needed for that last one.
 */
export function isBrowserModule(sourceCode: Readonly<TSESLint.SourceCode>, filename?: string): boolean {
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

/** {@link isBrowserModule} per file (and file name): several rules ask about the same file. */
const browserAnswers = new WeakMap<TSESTree.Program, Map<string | undefined, boolean>>();

function browserModule(sourceCode: Readonly<TSESLint.SourceCode>, filename: string | undefined): boolean {
  const program = sourceCode.ast;
  const first = program.body[0];
  if (first?.type === AST_NODE_TYPES.ExpressionStatement && first.directive === 'use client') return true;
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
  if (index.of(AST_NODE_TYPES.JSXElement).length > 0 || index.of(AST_NODE_TYPES.JSXFragment).length > 0) return true;
  if (index.of(AST_NODE_TYPES.ImportDeclaration).some((node) => BROWSER_MODULE.test(packageOfSpecifier(node.source.value)))) return true;
  if (index.of(AST_NODE_TYPES.CallExpression).some((node) => BROWSER_MODULE.test(requiredModule(node) ?? ''))) return true;
  const manifest = filename ? nearestManifest(filename) : null;
  return manifest !== null && isFrontendManifest(manifest);
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
