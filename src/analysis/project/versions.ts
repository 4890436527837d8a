import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

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

/** A version as numbers: `1.7.4` → [1, 7, 4]. */
type Version = readonly [number, number, number];

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/**
 * Whether the version of a dependency the project runs is at least `minimum`, as far as can be
 * proven from the nearest package.json that declares it: the copy installed beside it
 * (`node_modules/<name>/package.json`), else the lower bound of its range (`^1.8.0`, `~1.7.4`,
 * `1.9.0`), else the version its `package-lock.json` pins, else — no lockfile of any kind there or
 * above — a caret range of `minimum`'s major (`^1.6.2`), which installs the newest release of that
 * major: the caller must know that release is newer than `minimum`. False when it cannot be told.
 */
export function runsAtLeast(file: string, dependency: string, minimum: Version): boolean {
  for (const manifest of manifestsAbove(file)) {
    const range = manifest.dependencies[dependency];
    if (range === undefined) continue;
    const directory = path.dirname(manifest.file);
    const installed = jsonAt(path.join(directory, 'node_modules', dependency, 'package.json'));
    if (installed !== null) return atLeast(versionOf(installed.version), minimum);
    const bound = /^[\^~=v\s]*(\d+\.\d+\.\d+)\s*$/.exec(range);
    if (bound && atLeast(versionOf(bound[1]), minimum)) return true;
    const lock = jsonAt(path.join(directory, 'package-lock.json'));
    if (lock !== null) {
      const packages = lock.packages as Record<string, { version?: unknown }> | undefined;
      return atLeast(versionOf(packages?.[`node_modules/${dependency}`]?.version), minimum);
    }
    return range.startsWith('^') && versionOf(range.slice(1))?.[0] === minimum[0] && minimum[0] > 0 && !lockfileAbove(directory);
  }
  return false;
}

function lockfileAbove(directory: string): boolean {
  for (let current = directory; ; current = path.dirname(current)) {
    if (LOCKFILES.some((name) => existsSync(path.join(current, name)))) return true;
    if (path.dirname(current) === current) return false;
  }
}

function jsonAt(file: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function versionOf(text: unknown): Version | null {
  const match = typeof text === 'string' ? /^(\d+)\.(\d+)\.(\d+)/.exec(text) : null;
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function atLeast(version: Version | null, minimum: Version): boolean {
  if (version === null) return false;
  for (let index = 0; index < 3; index++) {
    if (version[index] !== minimum[index]) return version[index]! > minimum[index]!;
  }
  return true;
}
