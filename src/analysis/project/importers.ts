import { componentScript, isComponent } from './components.js';
import { projectModuleFile } from './packages.js';
import { loadPreProcess } from './reach.js';
import { isSource, listProjectFiles, readSmallText } from './resolve.js';

/**
 * Who imports a file: the reverse of the module graph below a project root, built once per process
 * and root from the same scanner as reachability (`preProcessFile`: static imports, `export … from`,
 * `require('…')`, `import('…')` with literal arguments; one read and one linear scan per file).
 * Svelte and Vue components import too: the `<script>` blocks of each `.svelte` / `.vue` file are
 * scanned the same way (`componentScript`).
 * Relative specifiers, the tsconfig / jsconfig `paths` aliases of the importer's package
 * (`@/lib/client`) and SvelteKit's `$lib` and `kit.alias` are resolved, with the one resolver of
 * module paths (`projectModuleFile`); packages and aliases of other settings (a bundler's
 * `resolve.alias`) are not followed, so the list may miss an importer that uses one. Files over
 * 512 KB are not read.
 */
const MAX_BYTES = 512 * 1024;
const byRoot = new Map<string, ReadonlyMap<string, readonly string[]>>();

export interface ImportersOptions {
  /** Whether components (`.svelte`, `.vue`) are listed among the importers; without it only JavaScript and TypeScript files are. */
  readonly components?: boolean;
}

/**
 * The files below `root` that import `file` by a relative path or an alias, sorted; empty without the
 * `typescript` package. Components are listed only when `options.components` asks for them: a
 * caller that parses each importer as JavaScript or TypeScript never gets one.
 */
export function importersOf(root: string, file: string, options: ImportersOptions = {}): readonly string[] {
  let index = byRoot.get(root);
  if (!index) {
    index = buildIndex(root);
    byRoot.set(root, index);
  }
  const importers = index.get(file) ?? [];
  return options.components === true ? importers : importers.filter((importer) => !isComponent(importer));
}

function buildIndex(root: string): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const scan = loadPreProcess();
  if (scan === null) return index;
  for (const file of listProjectFiles(root, (name) => isSource(name) || isComponent(name))) {
    const read = readSmallText(file, MAX_BYTES);
    if (read === null) continue;
    const text = isComponent(file) ? componentScript(read) : read;
    const targets = new Set<string>();
    for (const { fileName } of scan(text, true, true).importedFiles) {
      if (fileName.startsWith('node:')) continue;
      const target = projectModuleFile(file, fileName);
      if (target !== null && target !== file) targets.add(target);
    }
    for (const target of targets) {
      const list = index.get(target) ?? [];
      list.push(file);
      index.set(target, list);
    }
  }
  return index;
}
