import { componentScript, isComponent } from './components.js';
import { projectModuleFile } from './packages.js';
import { loadPreProcess } from './reach.js';
import { projectSnapshot, snapshotText, type ProjectSnapshot } from './snapshot.js';

/**
 * Who imports a file: the reverse of the module graph below a project root, built once per version
 * of its files (see `projectSnapshot`: rebuilt when a file is added, removed or changed) from the same scanner as reachability (`preProcessFile`: static imports, `export … from`,
 * `require('…')`, `import('…')` with literal arguments; one read and one linear scan per file).
 * Svelte and Vue components import too: the `<script>` blocks of each `.svelte` / `.vue` file are
 * scanned the same way (`componentScript`).
 * Relative specifiers, the tsconfig / jsconfig `paths` aliases of the importer's package
 * (`@/lib/client`) and SvelteKit's `$lib` and `kit.alias` are resolved, with the one resolver of
 * module paths (`projectModuleFile`); packages and aliases of other settings (a bundler's
 * `resolve.alias`) are not followed, so the list may miss an importer that uses one. Files over
 * 512 KB are not read.
 */
const byRoot = new Map<string, { version: number; index: ReadonlyMap<string, readonly string[]> }>();

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
  const snapshot = projectSnapshot(root);
  let known = byRoot.get(root);
  if (known?.version !== snapshot.version) {
    known = { version: snapshot.version, index: buildIndex(snapshot) };
    byRoot.set(root, known);
  }
  const importers = known.index.get(file) ?? [];
  return options.components === true ? importers : importers.filter((importer) => !isComponent(importer));
}

function buildIndex(snapshot: ProjectSnapshot): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const scan = loadPreProcess();
  if (scan === null) return index;
  for (const file of snapshot.files) {
    const read = snapshotText(snapshot, file);
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
