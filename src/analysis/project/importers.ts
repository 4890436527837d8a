import { projectModuleFile } from './packages.js';
import { loadPreProcess } from './reach.js';
import { isSource, listProjectFiles, readSmallText } from './resolve.js';

/**
 * Who imports a file: the reverse of the module graph below a project root, built once per process
 * and root from the same scanner as reachability (`preProcessFile`: static imports, `export … from`,
 * `require('…')`, `import('…')` with literal arguments; one read and one linear scan per file).
 * Relative specifiers and the tsconfig / jsconfig `paths` aliases of the importer's package
 * (`@/lib/client`) are resolved, with the one resolver of module paths (`projectModuleFile`);
 * packages and aliases of other settings (a bundler's `resolve.alias`) are not followed, so the list
 * may miss an importer that uses one. Files over 512 KB are not read.
 */
const MAX_BYTES = 512 * 1024;
const byRoot = new Map<string, ReadonlyMap<string, readonly string[]>>();

/** The files below `root` that import `file` by a relative path or a `paths` alias, sorted; empty without the `typescript` package. */
export function importersOf(root: string, file: string): readonly string[] {
  let index = byRoot.get(root);
  if (!index) {
    index = buildIndex(root);
    byRoot.set(root, index);
  }
  return index.get(file) ?? [];
}

function buildIndex(root: string): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const scan = loadPreProcess();
  if (scan === null) return index;
  for (const file of listProjectFiles(root, isSource)) {
    const text = readSmallText(file, MAX_BYTES);
    if (text === null) continue;
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
