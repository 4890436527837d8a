/**
 * npm/Yarn `workspaces` and pnpm `pnpm-workspace.yaml`: the package folders a workspace root names.
 * One home for the summaries' hoisted dependencies (src/analysis/summaries/project.ts) and the
 * archive-copy model (archives.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * The patterns of a pnpm workspace (`pnpm-workspace.yaml`: `packages:` followed by `- 'apps/*'`
 * items); empty when the file is absent or has no such list. Exclusions (`!` patterns) are left out.
 */
function pnpmWorkspacePatterns(directory: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(directory, 'pnpm-workspace.yaml'), 'utf8');
  } catch {
    return [];
  }
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const item = /^\s*-\s*(['"]?)([^'"#]+?)\1\s*(?:#.*)?$/.exec(line);
      const pattern = item?.[2];
      if (pattern !== undefined && !pattern.startsWith('!')) patterns.push(pattern);
    }
  }
  return patterns;
}

/** The folders a workspace pattern names below `directory`: itself, its children (`/*`), or folders with a `package.json` at any depth (`/**`). */
export function workspacePatternFolders(directory: string, pattern: string): string[] {
  const clean = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  const glob = /\/\*\*?$/.exec(clean)?.[0];
  if (glob === undefined) return [path.join(directory, clean)];
  const base = path.join(directory, clean.slice(0, -glob.length));
  const children = (folder: string): string[] => {
    try {
      return fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')).map((entry) => path.join(folder, entry.name));
    } catch {
      return [];
    }
  };
  if (glob === '/*') return children(base);
  const found: string[] = [];
  const visit = (folder: string, depth: number): void => {
    for (const child of children(folder)) {
      if (fs.existsSync(path.join(child, 'package.json'))) found.push(child);
      if (depth < 3) visit(child, depth + 1);
    }
  };
  visit(base, 1);
  return found;
}

/**
 * The workspace patterns of the folder `directory`: its package.json `workspaces` (given, as read:
 * an array, or Yarn's `{ packages: [...] }`) and its `pnpm-workspace.yaml` `packages`.
 */
export function workspacePatterns(directory: string, workspaces: unknown): string[] {
  const list = Array.isArray(workspaces) ? workspaces : typeof workspaces === 'object' && workspaces !== null ? (workspaces as { packages?: unknown }).packages : undefined;
  const npm = Array.isArray(list) ? list.filter((pattern): pattern is string => typeof pattern === 'string') : [];
  return [...npm, ...pnpmWorkspacePatterns(directory)];
}
