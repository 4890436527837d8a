/** `.gitignore` rules, read as git does: one home for the CLI's discovery and the module graph. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import ignore, { type Ignore } from 'ignore';

/** The rules of one `.gitignore`, with the directory they are relative to. */
export interface Scope {
  base: string;
  rules: Ignore;
}

/** The `.gitignore` of a directory, or null when it has none (or it cannot be read: it then ignores nothing, like git itself). */
export function readScope(directory: string): Scope | null {
  const file = path.join(directory, '.gitignore');
  if (!existsSync(file)) return null;
  try {
    return { base: directory, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return null;
  }
}

/** The .gitignore files of the directories above `directory`, up to the repository root (the one with `.git`). */
export function ancestorScopes(directory: string): Scope[] {
  const chain: string[] = [];
  for (let current = path.dirname(directory); ; current = path.dirname(current)) {
    chain.unshift(current);
    if (existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
  }
  if (!existsSync(path.join(chain[0]!, '.git'))) return [];
  return chain.map(readScope).filter((scope): scope is Scope => scope !== null);
}

/** Whether one of `scopes` ignores `target` (a directory when `directory`). */
export function ignoredBy(scopes: readonly Scope[], target: string, directory: boolean): boolean {
  return scopes.some(({ base, rules }) => {
    const relative = path.relative(base, target).split(path.sep).join('/');
    return relative !== '' && !relative.startsWith('..') && rules.ignores(directory ? `${relative}/` : relative);
  });
}

/**
 * Whether a path is ignored by a `.gitignore` of a folder above it: up to the repository root (the
 * folder with `.git`), or, outside a repository (a copy of one), up to the file system's root —
 * more rules than git would read, so a path is rather called ignored than not.
 */
export function gitignored(target: string): boolean {
  const scopes: Scope[] = [];
  for (let current = path.dirname(target); ; current = path.dirname(current)) {
    const scope = readScope(current);
    if (scope) scopes.push(scope);
    if (existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
  }
  return ignoredBy(scopes, target, false);
}
