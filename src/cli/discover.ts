import { existsSync, readFileSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

import ignore, { type Ignore } from 'ignore';

/** The extensions `bot-audit` audits. */
export const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

/** Directories that hold installed or generated code, never the bot's own source. */
export const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  'build',
  'coverage',
  '.git',
  '.next',
  '.nuxt',
  '.output',
  '.turbo',
  '.cache',
]);

/** A file is taken as minified when it is bigger than this and its lines are this long on average. */
const MINIFIED_MIN_BYTES = 2048;
const MINIFIED_MEAN_LINE = 300;

export interface Unreadable {
  file: string;
  reason: string;
}

export interface Discovery {
  /** Absolute paths, sorted. */
  files: string[];
  /** Lines in each of those files. */
  lines: Map<string, number>;
  /** Files skipped as minified, generated or declaration-only. */
  skipped: number;
  unreadable: Unreadable[];
}

interface Scope {
  base: string;
  rules: Ignore;
}

const isDeclaration = (name: string): boolean => /\.d\.[cm]?ts$/.test(name);
const isMinifiedName = (name: string): boolean => /[.-]min\.[cm]?js$/.test(name);
const isSource = (name: string): boolean => EXTENSIONS.has(path.extname(name)) && !isDeclaration(name) && !isMinifiedName(name);

function countLines(buffer: Buffer): number {
  if (buffer.length === 0) return 0;
  let lines = 1;
  for (let index = buffer.indexOf(10); index !== -1; index = buffer.indexOf(10, index + 1)) lines++;
  return buffer[buffer.length - 1] === 10 ? lines - 1 : lines;
}

function readScope(directory: string): Scope | null {
  const file = path.join(directory, '.gitignore');
  if (!existsSync(file)) return null;
  try {
    return { base: directory, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    // An unreadable .gitignore ignores nothing, like git itself.
    return null;
  }
}

/** The .gitignore files of the directories above `directory`, up to the repository root (the one with `.git`). */
function ancestorScopes(directory: string): Scope[] {
  const chain: string[] = [];
  for (let current = path.dirname(directory); ; current = path.dirname(current)) {
    chain.unshift(current);
    if (existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
  }
  if (!existsSync(path.join(chain[0]!, '.git'))) return [];
  return chain.map(readScope).filter((scope): scope is Scope => scope !== null);
}

function ignoredBy(scopes: readonly Scope[], target: string, directory: boolean): boolean {
  return scopes.some(({ base, rules }) => {
    const relative = path.relative(base, target).split(path.sep).join('/');
    return relative !== '' && !relative.startsWith('..') && rules.ignores(directory ? `${relative}/` : relative);
  });
}

/**
 * Finds the files to audit under the given absolute paths: supported extensions, honouring every
 * `.gitignore` on the way (and those above, up to the repository root), skipping installed,
 * generated, declaration and minified files. A file named explicitly is audited whatever its name.
 */
export function discover(targets: readonly string[]): Discovery {
  const lines = new Map<string, number>();
  const unreadable: Unreadable[] = [];
  let skipped = 0;

  const take = (file: string, explicit: boolean): void => {
    if (lines.has(file)) return;
    let buffer: Buffer;
    try {
      buffer = readFileSync(file);
    } catch (error) {
      unreadable.push({ file, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      return;
    }
    const count = countLines(buffer);
    if (!explicit && buffer.length > MINIFIED_MIN_BYTES && buffer.length / Math.max(count, 1) > MINIFIED_MEAN_LINE) {
      skipped++;
      return;
    }
    lines.set(file, count);
  };

  for (const target of targets) {
    if (!statSync(target).isDirectory()) {
      if (EXTENSIONS.has(path.extname(target))) take(target, true);
      continue;
    }
    // A directory named explicitly is audited even if a .gitignore above it ignores it.
    const ancestors = ancestorScopes(target);
    const stack: { directory: string; scopes: Scope[] }[] = [{ directory: target, scopes: ignoredBy(ancestors, target, true) ? [] : ancestors }];
    while (stack.length > 0) {
      const { directory, scopes: parentScopes } = stack.pop()!;
      const own = readScope(directory);
      const scopes = own ? [...parentScopes, own] : parentScopes;
      let entries: Dirent[];
      try {
        entries = readdirSync(directory, { withFileTypes: true });
      } catch (error) {
        unreadable.push({ file: directory, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
        continue;
      }
      for (const entry of entries) {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) {
          if (SKIPPED_DIRECTORIES.has(entry.name) || ignoredBy(scopes, full, true)) continue;
          stack.push({ directory: full, scopes });
        } else if (entry.isFile()) {
          if (!EXTENSIONS.has(path.extname(entry.name)) || ignoredBy(scopes, full, false)) continue;
          if (!isSource(entry.name)) {
            skipped++;
            continue;
          }
          take(full, false);
        }
      }
    }
  }
  return { files: [...lines.keys()].sort(), lines, skipped, unreadable };
}
