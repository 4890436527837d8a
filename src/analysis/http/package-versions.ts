import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Dependencies declared by the nearest package.json of each directory: a pure memo of the file system. */
const declared = new Map<string, Record<string, string> | null>();

function dependenciesIn(directory: string): Record<string, string> | null {
  let result = declared.get(directory);
  if (result !== undefined) return result;
  try {
    const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as Record<string, unknown>;
    result = {};
    for (const field of ['peerDependencies', 'optionalDependencies', 'devDependencies', 'dependencies']) {
      const entries = manifest[field];
      if (entries && typeof entries === 'object') Object.assign(result, entries);
    }
  } catch {
    result = null; // no package.json here (or not JSON): look further up.
  }
  declared.set(directory, result);
  return result;
}

/**
 * The major version of a dependency as the nearest package.json that declares it states it
 * (`^3.3.2` → 3, `~2.6.7` → 2, `npm:node-fetch@2` → 2); null when no package.json up the tree
 * declares it or the range does not say (`latest`, a git URL).
 */
export function declaredMajor(file: string, dependency: string): number | null {
  let directory = path.dirname(path.resolve(file));
  for (;;) {
    const range = dependenciesIn(directory)?.[dependency];
    if (range !== undefined) {
      const match = /^(?:npm:[^@]+@)?[\^~=v\s]*(\d+)/.exec(range);
      return match ? Number(match[1]) : null;
    }
    const parent = path.dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}
