import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface TypeCoverage {
  /** Files some `tsconfig.json` includes: the project service can give them types. */
  covered: Set<string>;
  /** Why no file has types, when none has. */
  reason?: string;
}

type TypeScript = typeof import('typescript');

async function loadTypeScript(): Promise<TypeScript | null> {
  try {
    // `require`, not `import()`: TypeScript is CommonJS, and importing it as ESM makes Node scan its
    // 9 MB source for export names first (~0.5 s of CPU at every start). The parser has usually
    // required it already, so this is a cache hit.
    return await Promise.resolve(createRequire(import.meta.url)('typescript') as TypeScript);
  } catch {
    // The optional `typescript` peer is not installed: no types, and the caller says why.
    return null;
  }
}

/**
 * Which of these files a `tsconfig.json` covers, the way typescript-eslint's project service decides:
 * the nearest `tsconfig.json` above a file must include it. Never throws: a tsconfig that does not
 * parse covers nothing.
 */
export async function typeCoverage(files: readonly string[]): Promise<TypeCoverage> {
  const nearest = new Map<string, string | null>();
  const findConfig = (directory: string): string | null => {
    const known = nearest.get(directory);
    if (known !== undefined) return known;
    const candidate = path.join(directory, 'tsconfig.json');
    const parent = path.dirname(directory);
    const found = existsSync(candidate) ? candidate : parent === directory ? null : findConfig(parent);
    nearest.set(directory, found);
    return found;
  };
  const byConfig = new Map<string, string[]>();
  for (const file of files) {
    const config = findConfig(path.dirname(file));
    if (config) byConfig.set(config, [...(byConfig.get(config) ?? []), file]);
  }
  if (byConfig.size === 0) return { covered: new Set(), reason: 'no tsconfig.json covers the files' };
  const ts = await loadTypeScript();
  if (!ts) return { covered: new Set(), reason: 'the `typescript` package is not installed' };

  const covered = new Set<string>();
  for (const [config, candidates] of byConfig) {
    const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const included = new Set((parsed?.fileNames ?? []).map((name) => path.resolve(name)));
    for (const file of candidates) if (included.has(file)) covered.add(file);
  }
  return covered.size > 0 ? { covered } : { covered, reason: 'no tsconfig.json covers the files' };
}
