import { manifestsAbove } from '../ast/index.js';

/**
 * The major version of a dependency as the nearest package.json that declares it states it
 * (`^3.3.2` → 3, `~2.6.7` → 2, `npm:node-fetch@2` → 2); null when no package.json up the tree
 * declares it or the range does not say (`latest`, a git URL).
 */
export function declaredMajor(file: string, dependency: string): number | null {
  for (const manifest of manifestsAbove(file)) {
    const range = manifest.dependencies[dependency];
    if (range === undefined) continue;
    const match = /^(?:npm:[^@]+@)?[\^~=v\s]*(\d+)/.exec(range);
    return match ? Number(match[1]) : null;
  }
  return null;
}
