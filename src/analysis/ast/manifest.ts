import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What a package.json declares, merged over all dependency fields. */
export interface Manifest {
  /** The package.json file. */
  readonly file: string;
  /** `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies`, by name. */
  readonly dependencies: Readonly<Record<string, string>>;
}

interface Cached {
  readonly mtimeMs: number;
  readonly size: number;
  readonly manifest: Manifest | null;
}

/** Parsed package.json files, keyed by path and checked against their size and modification time. */
const cache = new Map<string, Cached>();
const MAX_ENTRIES = 1024;
/** How many package.json files were read (a work count for tests). */
export const manifestWork = { reads: 0 };

/** The package.json of a directory, or null when there is none or it is not JSON. */
export function manifestIn(directory: string): Manifest | null {
  const file = path.join(directory, 'package.json');
  // Most folders above a file have no package.json: ask without an exception per folder.
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!stat) return null;
  const known = cache.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.manifest;
  let manifest: Manifest | null;
  try {
    manifestWork.reads++;
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const dependencies: Record<string, string> = {};
    for (const field of ['peerDependencies', 'optionalDependencies', 'devDependencies', 'dependencies']) {
      const entries = json[field];
      if (entries && typeof entries === 'object') Object.assign(dependencies, entries);
    }
    manifest = { file, dependencies };
  } catch {
    manifest = null;
  }
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, manifest });
  return manifest;
}

/** The package.json files from a file's directory up to the root, nearest first. */
export function* manifestsAbove(file: string): Generator<Manifest> {
  let directory = path.dirname(path.resolve(file));
  for (;;) {
    const manifest = manifestIn(directory);
    if (manifest) yield manifest;
    const parent = path.dirname(directory);
    if (parent === directory) return;
    directory = parent;
  }
}

/** The nearest package.json above a file, or null. */
export function nearestManifest(file: string): Manifest | null {
  for (const manifest of manifestsAbove(file)) return manifest;
  return null;
}
