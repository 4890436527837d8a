import path from 'node:path';

import { readSmallText } from './resolve.js';

/**
 * SvelteKit's file conventions (https://svelte.dev/docs/kit): where a module runs. Its aliases
 * (`$lib`, `kit.alias`) are module-resolution settings, read with tsconfig's `paths` in packages.ts.
 */

/** Server-only by name: `+page.server.ts`, `+layout.server.js`, `+server.ts`, `hooks.server.ts`, and any `*.server.ts` (SvelteKit's server-only modules). */
const SERVER_FILE = /^(?:\+server|[^/\\]*\.server)\.[cm]?[jt]s$/;
/** Run on the server and in the browser: universal `+page.ts` / `+layout.ts` loads, universal `hooks.ts`. */
const UNIVERSAL_FILE = /^(?:\+page|\+layout|hooks)\.[cm]?[jt]s$/;

/**
 * Where SvelteKit runs a module by its path alone: `server` for its server files and server-only
 * modules (`+page.server.ts`, `+layout.server.ts`, `+server.ts`, `hooks.server.ts`, `*.server.ts`,
 * anything under `lib/server/`), `universal` for files that run on the server and in the browser
 * (`+page.ts`, `+layout.ts`, `hooks.ts`, route `params/` matchers); null for any other module. The
 * names are SvelteKit's own and mean nothing else elsewhere, so no package check is made: the answer
 * only ever keeps a module out of the browser.
 */
export function svelteKitRole(file: string): 'server' | 'universal' | null {
  const name = path.basename(file);
  const folders = path.dirname(file).split(path.sep);
  if (SERVER_FILE.test(name) || folders.some((folder, index) => folder === 'server' && folders[index - 1] === 'lib')) return 'server';
  if (UNIVERSAL_FILE.test(name) || (folders.at(-1) === 'params' && folders.at(-2) === 'src')) return 'universal';
  return null;
}

/** Modules SvelteKit provides itself (`$app/navigation`, `$env/static/private`, `$service-worker`): no file of the project. */
export const isSvelteKitModule = (specifier: string): boolean => /^\$(?:app|env)\//.test(specifier) || specifier === '$service-worker';

/** The folders whose every module SvelteKit loads (pages, layouts, endpoints, param matchers), relative to the package. */
const CONVENTION_FOLDERS = ['src/routes', 'src/params'];
/** The files SvelteKit runs by name (hooks, the service worker, instrumentation), relative to the package and without extension. */
const CONVENTION_FILES = ['src/hooks.server', 'src/hooks.client', 'src/hooks', 'src/service-worker', 'src/instrumentation.server'];
/** SvelteKit's settings file, in the order it is looked for. */
export const SVELTE_CONFIG_FILES: readonly string[] = ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts'];

/**
 * What SvelteKit runs of a package by its conventions, relative to the package: every module of
 * `src/routes/` and `src/params/`, and its hook, service-worker and instrumentation files (without
 * extension: the caller resolves them). Null when svelte.config.js sets `kit.files`, which moves them
 * and is not read.
 */
export function svelteKitConventions(dir: string): { readonly folders: readonly string[]; readonly files: readonly string[] } | null {
  const config = SVELTE_CONFIG_FILES.map((name) => readSmallText(path.join(dir, name), 256 * 1024)).find((text) => text !== null);
  if (config !== undefined && /\bfiles\s*:/.test(config)) return null;
  return { folders: CONVENTION_FOLDERS, files: CONVENTION_FILES };
}
