import { createRequire } from 'node:module';

import type { Linter } from 'eslint';

const require = createRequire(import.meta.url);

interface TypeScriptParser {
  parseForESLint: (code: string, options?: unknown) => unknown;
  meta?: { name?: string; version?: string };
}

/**
 * Whether typescript-eslint's parser can load here: it needs the `typescript` package beside it.
 * Only resolves the two packages; loading TypeScript costs about a second, so it waits for the
 * first file the parser is asked to parse.
 */
export function typescriptParserAvailable(): boolean {
  try {
    const parserPath = require.resolve('@typescript-eslint/parser');
    createRequire(parserPath).resolve('typescript');
    return true;
  } catch {
    return false;
  }
}

function parserVersion(): string {
  try {
    return (require('@typescript-eslint/parser/package.json') as { version: string }).version;
  } catch {
    return 'unavailable';
  }
}

let loaded: TypeScriptParser | undefined;

/**
 * typescript-eslint's parser, loaded on the first parse: the configs name it for JavaScript and
 * TypeScript files alike, and a project whose config is never asked to parse a file (or that only
 * runs the rules under oxlint) never pays for loading TypeScript.
 */
export const typescriptParser = {
  // ESLint's cache keys include the parser's name and version: the version is typescript-eslint's.
  meta: { name: 'eslint-plugin-bot-audit/typescript-parser', version: parserVersion() },
  parseForESLint(code: string, options?: unknown): unknown {
    loaded ??= require('@typescript-eslint/parser') as TypeScriptParser;
    return loaded.parseForESLint(code, options);
  },
} as unknown as Linter.Parser;
