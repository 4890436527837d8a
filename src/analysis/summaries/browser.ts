import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { browserByItself } from '../ast/browser.js';
import { fileIndex, getPropertyName, nearestManifest } from '../ast/index.js';
import { importersOf } from '../project/index.js';
import { MAX_IMPORTERS, botProjectRoot, projectFile } from './project.js';

/** How many importers up a module that reads a bundler's environment is followed to browser code. */
const MAX_IMPORTER_DEPTH = 4;

/**
 * Whether a module is provably browser code: by itself (a `'use client'` directive, JSX, a UI
 * framework's import, a browser-only global, a front end's package.json: see `browserByItself`), or a
 * module that reads a bundler's environment (`import.meta.env.VITE_API_URL`) and that only browser
 * code imports: each of its importers in the project (relative imports and tsconfig `paths` aliases,
 * `importersOf`) is browser code by itself or, up to four importers up, such a module in turn. A
 * module with no importer, an importer that cannot be read, or any other importer (a server's
 * `import { chat } from '@/lib/client'`) keeps it server code. `filename` is needed for all but the
 * file's own signs.
 */
export function isBrowserModule(sourceCode: Readonly<TSESLint.SourceCode>, filename?: string): boolean {
  if (browserByItself(sourceCode, filename)) return true;
  if (filename === undefined || !path.isAbsolute(filename)) return false;
  let known = byImporters.get(sourceCode.ast);
  if (known === undefined) {
    known = importedOnlyByBrowser(sourceCode, filename, new Set([filename]));
    byImporters.set(sourceCode.ast, known);
  }
  return known;
}

/** The importer half of {@link isBrowserModule} per program. */
const byImporters = new WeakMap<TSESTree.Program, boolean>();

function importedOnlyByBrowser(sourceCode: Readonly<TSESLint.SourceCode>, filename: string, seen: ReadonlySet<string>): boolean {
  if (!readsBundlerEnv(sourceCode.ast)) return false;
  const manifest = nearestManifest(filename);
  const root = botProjectRoot(filename) ?? (manifest ? path.dirname(manifest.file) : null);
  if (root === null) return false;
  const importers = importersOf(root, filename);
  if (importers.length === 0 || importers.length > MAX_IMPORTERS) return false;
  return importers.every((importer) => {
    // A cycle back to a module already asked about proves nothing.
    if (seen.has(importer)) return false;
    const file = projectFile(importer);
    if (file === null) return false;
    if (browserByItself(file.sourceCode, importer)) return true;
    return seen.size < MAX_IMPORTER_DEPTH && importedOnlyByBrowser(file.sourceCode, importer, new Set([...seen, importer]));
  });
}

/** `import.meta.env`: the environment a bundler (Vite) writes into the code it builds. */
function readsBundlerEnv(program: TSESTree.Program): boolean {
  return fileIndex(program)
    .of(AST_NODE_TYPES.MetaProperty)
    .some((meta) => meta.meta.name === 'import' && meta.property.name === 'meta' && meta.parent.type === AST_NODE_TYPES.MemberExpression && meta.parent.object === meta && getPropertyName(meta.parent) === 'env');
}
