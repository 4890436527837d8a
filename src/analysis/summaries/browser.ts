import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { browserByItself, callsClientHooks, exportsServerFunctions, fileIndex, getPropertyName, hasDirective, nearestManifest, serverByItself } from '../ast/index.js';
import { importersOf, inNextPagesFolder, isComponent, svelteKitRole, usedOnlyInBrowser, usedOnlyInBrowserByPage } from '../project/index.js';
import { MAX_IMPORTERS, botProjectRoot, projectFile } from './project.js';

/** How many importers up a module that reads a bundler's environment is followed to browser code. */
const MAX_IMPORTER_DEPTH = 4;

/**
 * Whether a module is provably browser code: by itself (a `'use client'` directive, JSX, a UI
 * framework's import, a browser-only global, a front end's package.json: see `browserByItself`), or by
 * its importers in the project (relative imports, tsconfig `paths` aliases, SvelteKit's `$lib`:
 * `importersOf`), each of which is
 * - a Svelte or Vue component (`.svelte`, `.vue`: the `<script>` of a page or a modal) that uses
 *   what it imports only where the browser runs it — event handlers, `onMount` / `$effect`
 *   callbacks, local functions only those call (`categoriesAPI.reorder()` from a drag-and-drop
 *   handler: `usedOnlyInBrowser`); a call at the top level of its script or in its markup
 *   (`{#await api.list()}`) runs in server-side rendering too;
 * - a React client component (`'use client'` opens the file: Next.js bundles it, and what it imports,
 *   for the browser — `fetchUserStatistics` of `shared/api/users.ts`, called from a `'use client'` page);
 * - a React client component or hook without the directive: a module that calls React's state or effect
 *   hooks (`useState`, `useEffect`…: `callsClientHooks`), which no server component may call — a form
 *   component nothing imports yet, `useBots()` of `hooks/`; not a file of the pages router's folder (a
 *   page's `getServerSideProps` and render run on the server: see below), a route module that exports what its
 *   framework runs on the server (React Router's and Remix's `loader` / `action`, Next.js's `getServerSideProps` /
 *   `getStaticProps`: `exportsServerFunctions`) nor a module that says it runs on a server;
 * - a page of Next.js's pages router (`pages/voting/[id].tsx`) that uses what it imports only in DOM
 *   event handlers and effect callbacks (`<button onClick={closeTask}>`, `useEffect(…)`), never in its
 *   render or `getServerSideProps` (`usedOnlyInBrowserByPage`);
 * - browser code by itself, when the module reads a bundler's environment (`import.meta.env.VITE_API_URL`);
 * - or, up to four importers up, a module proved browser code the same way (a component without the
 *   directive that only client components import is one of theirs too).
 * A module that says by itself that it runs on a server (`'use server'`: Next.js Server Actions, which
 * client components import and call over the network; an import of `server-only`, `next/headers`, a
 * Node module or a server package: `serverByItself`) is never browser code by its importers, nor what
 * only it imports.
 * SvelteKit's server and universal files are never browser code, nor what they import: a module
 * named `+page.server.ts`, `+server.ts`, `hooks.server.ts`, `*.server.ts`, under `lib/server/`, or a
 * universal `+page.ts` / `+layout.ts` load (which runs on the server too) stays server code, and so does
 * a module one of them imports. A module with no importer, an importer that cannot be read, or any other
 * importer (a server's `import { chat } from '@/lib/client'`) keeps it server code. `filename` is
 * needed for all but the file's own signs.
 */
export function isBrowserModule(sourceCode: Readonly<TSESLint.SourceCode>, filename?: string): boolean {
  if (browserByItself(sourceCode, filename)) return true;
  if (filename === undefined || !path.isAbsolute(filename)) return false;
  let known = byImporters.get(sourceCode.ast);
  if (known === undefined) {
    known = importedOnlyByBrowser(sourceCode, filename, new Set([filename]));
    byImporters.set(sourceCode.ast, known);
  }
  return known;
}

/** The importer half of {@link isBrowserModule} per program. */
const byImporters = new WeakMap<TSESTree.Program, boolean>();

function importedOnlyByBrowser(sourceCode: Readonly<TSESLint.SourceCode>, filename: string, seen: ReadonlySet<string>): boolean {
  if (svelteKitRole(filename) !== null || serverByItself(sourceCode.ast)) return false;
  const manifest = nearestManifest(filename);
  const root = botProjectRoot(filename) ?? (manifest ? path.dirname(manifest.file) : null);
  if (root === null) return false;
  const importers = importersOf(root, filename, { components: true });
  if (importers.length === 0 || importers.length > MAX_IMPORTERS) return false;
  const readsEnv = readsBundlerEnv(sourceCode.ast);
  return importers.every((importer) => {
    if (isComponent(importer)) return usedOnlyInBrowser(importer, filename);
    // A cycle back to a module already asked about proves nothing.
    if (seen.has(importer) || svelteKitRole(importer) !== null) return false;
    if (usedOnlyInBrowserByPage(importer, filename)) return true;
    const file = projectFile(importer);
    if (file === null) return false;
    if (hasDirective(file.sourceCode.ast, 'use client')) return true;
    if (callsClientHooks(file.sourceCode) && !inNextPagesFolder(importer) && !serverByItself(file.sourceCode.ast) && !exportsServerFunctions(file.sourceCode.ast)) return true;
    if (readsEnv && browserByItself(file.sourceCode, importer)) return true;
    return seen.size < MAX_IMPORTER_DEPTH && importedOnlyByBrowser(file.sourceCode, importer, new Set([...seen, importer]));
  });
}

/** `import.meta.env`: the environment a bundler (Vite) writes into the code it builds. */
function readsBundlerEnv(program: TSESTree.Program): boolean {
  return fileIndex(program)
    .of(AST_NODE_TYPES.MetaProperty)
    .some((meta) => meta.meta.name === 'import' && meta.property.name === 'meta' && meta.parent.type === AST_NODE_TYPES.MemberExpression && meta.parent.object === meta && getPropertyName(meta.parent) === 'env');
}
