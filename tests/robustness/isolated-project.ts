import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A temp folder with a bare package.json, to lint virtual files in a project of their own: the
 * project-wide models (the nearest manifest, schema roots, a package's database drivers) must not read
 * this repository's own files — its tests load `bun:sqlite`, its examples carry SQL schemas.
 */
export function isolatedProjectRoot(name: string): string {
  const root = mkdtempSync(path.join(tmpdir(), `bot-audit-${name}-`));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, private: true }));
  return root;
}
