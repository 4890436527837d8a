import { readFileSync } from 'node:fs';
import path from 'node:path';

import { fileMemo } from './file-memo.js';

/** What a package.json declares, merged over all dependency fields. */
export interface Manifest {
  /** The package.json file. */
  readonly file: string;
  /** `dependencies`, `devDependencies`, `peerDependencies` and `optionalDependencies`, by name. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** `engines.node`, when it is a string. */
  readonly nodeEngine?: string;
  /** The `scripts` whose command is a string, by name. */
  readonly scripts: Readonly<Record<string, string>>;
}

const MAX_ENTRIES = 1024;
/** How many package.json files were read (a work count for tests). */
export const manifestWork = { reads: 0 };

/** Parsed package.json files, keyed by path and checked against their size and modification time. */
const readManifest = fileMemo((file): Manifest | null => {
  try {
    manifestWork.reads++;
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const dependencies: Record<string, string> = {};
    for (const field of ['peerDependencies', 'optionalDependencies', 'devDependencies', 'dependencies']) {
      const entries = json[field];
      if (entries && typeof entries === 'object') Object.assign(dependencies, entries);
    }
    const engines = json.engines as Record<string, unknown> | undefined;
    const nodeEngine = engines && typeof engines === 'object' && typeof engines.node === 'string' ? engines.node : undefined;
    const scripts = Object.fromEntries(Object.entries(json.scripts && typeof json.scripts === 'object' ? json.scripts : {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    return nodeEngine === undefined ? { file, dependencies, scripts } : { file, dependencies, nodeEngine, scripts };
  } catch {
    return null;
  }
}, null, MAX_ENTRIES);

/** The package.json of a directory, or null when there is none or it is not JSON. */
export function manifestIn(directory: string): Manifest | null {
  return readManifest(path.join(directory, 'package.json'));
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

/** Node's LTS code names, as `.nvmrc` spells them (`lts/erbium`), by major version. */
const LTS_NAMES: Readonly<Record<string, number>> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/**
 * The highest Node.js major version a file's package is pinned to: from `engines.node` of the
 * nearest package.json (`"12.x"`, `"^14.17"`, `">=10 <15"`), or else from the `.nvmrc` or
 * `.node-version` beside it (`v12.9.0`, `lts/fermium`). `Infinity` when a range is open above
 * (`">=12"`, `"*"`), null when nothing pins it or it cannot be read.
 */
export function nodeVersionCeiling(file: string): number | null {
  const manifest = nearestManifest(file);
  if (!manifest) return null;
  if (manifest.nodeEngine !== undefined) return rangeCeiling(manifest.nodeEngine);
  for (const name of ['.nvmrc', '.node-version']) {
    let text: string;
    try {
      text = readFileSync(path.join(path.dirname(manifest.file), name), 'utf8').trim();
    } catch {
      continue;
    }
    const lts = /^lts\/([a-z]+)$/i.exec(text)?.[1]?.toLowerCase();
    if (lts !== undefined) return LTS_NAMES[lts] ?? null;
    if (/^(?:node|stable|latest|lts\/\*)$/i.test(text)) return Infinity;
    return rangeCeiling(text);
  }
  return null;
}

/** The highest major version a semver range admits (`Infinity` when open above), or null when unreadable. */
export function rangeCeiling(range: string): number | null {
  let highest = -Infinity;
  for (const alternative of range.split('||')) {
    const text = alternative.trim().replace(/([<>=^~])\s+/g, '$1');
    if (text === '' || text === '*' || /^x$/i.test(text)) return Infinity;
    const hyphen = /^\S+\s+-\s+(\S+)$/.exec(text);
    const tokens = hyphen ? [`<=${hyphen[1]!}`] : text.split(/\s+/);
    let ceiling = Infinity;
    for (const token of tokens) {
      const match = /^(<=|<|>=|>|=|\^|~)?v?(\d+|[x*])(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?(?:[-+][\w.]*)?$/i.exec(token);
      if (!match) return null;
      const [, operator = '', majorText, minor, patch] = match;
      if (operator === '>' || operator === '>=') continue;
      const major = Number(majorText);
      if (Number.isNaN(major)) continue;
      const zeroBelow = (minor === undefined || minor === '0') && (patch === undefined || patch === '0');
      ceiling = Math.min(ceiling, operator === '<' && zeroBelow ? major - 1 : major);
    }
    highest = Math.max(highest, ceiling);
  }
  return highest === -Infinity ? null : highest;
}
