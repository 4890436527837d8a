/**
 * Parsing another file of the project (one the linted file imports, or one that imports it) into an
 * ESLint `SourceCode`, as `@typescript-eslint/parser` would, without its tokens: the models read
 * those files' nodes, scopes and comments, and almost never a token, and converting every token of
 * every project file was about a quarter of the cost of parsing it (and much of its garbage). The
 * `SourceCode` behaves exactly like a full one: the first token question (`getTokenAfter`,
 * `getCommentsBefore`, any method of ESLint's token store, `ast.tokens`) parses the file again with
 * its tokens and is answered from that parse, kept beside it.
 */
import { createRequire } from 'node:module';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

type ParseResult = { ast: TSESTree.Program; scopeManager: unknown; visitorKeys: unknown; services?: unknown };
type ParserModule = { parseForESLint: (code: string, options: object) => ParseResult };
type EstreeModule = { parseAndGenerateServices: (code: string, options: object) => { ast: TSESTree.Program; services: Record<string, unknown> } };
type ScopeManagerModule = { analyze: (ast: TSESTree.Program, options: object) => unknown };
type SourceCodeClass = new (config: { text: string; ast: unknown; scopeManager: unknown; visitorKeys: unknown; parserServices?: unknown }) => TSESLint.SourceCode;

interface Tools {
  parser: ParserModule;
  estree: EstreeModule;
  scopes: ScopeManagerModule;
  /** The visitor keys `parseForESLint` returns. */
  visitorKeys: Record<string, readonly string[]>;
  SourceCode: SourceCodeClass;
  /** `SourceCode` whose token store answers from the full parse (see {@link leanSourceCodeClass}). */
  LeanSourceCode: SourceCodeClass;
}

/** How many files were parsed without tokens, and how many of them were parsed again because a token was asked for (work counts for tests). */
export const parseWork = { lean: 0, tokens: 0 };

let tools: Tools | null | undefined;

function loadTools(): Tools | null {
  if (tools === undefined) {
    try {
      const require = createRequire(import.meta.url);
      // The parser's own typescript-estree and scope manager, so the parse is the parser's to the version.
      const fromParser = createRequire(require.resolve('@typescript-eslint/parser'));
      const SourceCode = (require('eslint') as { SourceCode: SourceCodeClass }).SourceCode;
      tools = {
        parser: require('@typescript-eslint/parser') as ParserModule,
        estree: fromParser('@typescript-eslint/typescript-estree') as EstreeModule,
        scopes: fromParser('@typescript-eslint/scope-manager') as ScopeManagerModule,
        visitorKeys: (fromParser('@typescript-eslint/visitor-keys') as { visitorKeys: Record<string, readonly string[]> }).visitorKeys,
        SourceCode,
        LeanSourceCode: leanSourceCodeClass(SourceCode),
      };
    } catch {
      tools = null;
    }
  }
  return tools;
}

/** What a lean `SourceCode` needs to parse its file again with tokens, and that parse once made. */
interface Source {
  readonly text: string;
  readonly options: Readonly<Record<string, unknown>>;
  full?: TSESLint.SourceCode;
}

const sources = new WeakMap<object, Source>();

function fullSourceCode(lean: object): TSESLint.SourceCode {
  const source = sources.get(lean)!;
  if (!source.full) {
    const loaded = tools!;
    parseWork.tokens++;
    const { ast, scopeManager, visitorKeys, services } = loaded.parser.parseForESLint(source.text, source.options);
    source.full = new loaded.SourceCode({ text: source.text, ast, scopeManager, visitorKeys, parserServices: services });
  }
  return source.full;
}

/**
 * A subclass of ESLint's `SourceCode` whose token store (every method ESLint's `TokenStore` has,
 * and the `tokensAndComments` list) is the full parse's: the methods take nodes and tokens by range,
 * so the lean parse's nodes are answered as the full parse's would be.
 */
function leanSourceCodeClass(SourceCode: SourceCodeClass): SourceCodeClass {
  const Lean = class extends SourceCode {};
  const tokenStore = Object.getPrototypeOf(SourceCode.prototype) as object;
  for (const name of Object.getOwnPropertyNames(tokenStore)) {
    const descriptor = Object.getOwnPropertyDescriptor(tokenStore, name);
    if (name === 'constructor' || typeof descriptor?.value !== 'function') continue;
    Object.defineProperty(Lean.prototype, name, {
      configurable: true,
      writable: true,
      value(this: object, ...args: unknown[]) {
        const full = fullSourceCode(this) as unknown as Record<string, (...args: unknown[]) => unknown>;
        return full[name]!(...args);
      },
    });
  }
  // ESLint's constructor assigns `tokensAndComments` (the lean parse's comments alone): the setter takes that in, the getter answers from the full parse.
  Object.defineProperty(Lean.prototype, 'tokensAndComments', {
    configurable: true,
    get(this: object) {
      return fullSourceCode(this).tokensAndComments;
    },
    set() {},
  });
  return Lean;
}

/**
 * A project file parsed as `@typescript-eslint/parser` parses it for ESLint (`parseForESLint` with
 * the same options: an ES module, the latest syntax, JSX in `.jsx`/`.tsx`), each node's `parent`
 * set, its tokens parsed only when asked for; null when the tools cannot be loaded. Throws what the
 * parser throws on a file that does not parse.
 */
export function parseProjectFile(text: string, file: string): TSESLint.SourceCode | null {
  const loaded = loadTools();
  if (!loaded) return null;
  const jsx = /\.[jt]sx$/.test(file);
  const options = { filePath: file, sourceType: 'module', ecmaVersion: 'latest', ecmaFeatures: { jsx }, range: true, loc: true, tokens: true, comment: true };
  // `parseForESLint` (@typescript-eslint/parser, parser.ts) with these options, tokens left out: no program, so no options come from one.
  const { ast, services } = loaded.estree.parseAndGenerateServices(text, {
    jsx,
    ...options,
    onUnsupportedTypeScriptVersion: 'warn',
    errorOnTypeScriptSyntacticAndSemanticIssues: false,
    tokens: false,
  });
  (ast as { sourceType: string }).sourceType = 'module';
  const scopeManager = loaded.scopes.analyze(ast, { globalReturn: undefined, jsxFragmentName: undefined, jsxPragma: undefined, lib: undefined, sourceType: 'module' });
  services.emitDecoratorMetadata ??= false;
  services.experimentalDecorators ??= false;
  services.isolatedDeclarations ??= false;
  parseWork.lean++;
  const { visitorKeys } = loaded;
  setParents(ast, visitorKeys);
  // ESLint's `SourceCode` requires a token list: an empty one, then the full parse's once the code is built.
  const program = ast as { tokens?: unknown };
  program.tokens = [];
  const sourceCode = new loaded.LeanSourceCode({ text, ast, scopeManager, visitorKeys, parserServices: services });
  sources.set(sourceCode, { text, options });
  Object.defineProperty(program, 'tokens', {
    configurable: true,
    enumerable: true,
    get: () => fullSourceCode(sourceCode).ast.tokens,
  });
  return sourceCode;
}

/** ESLint sets `parent` while it traverses; a file parsed here is never traversed, so set them once. */
function setParents(root: TSESTree.Node, keys: Record<string, readonly string[]>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof (child as TSESTree.Node).type === 'string') {
          (child as { parent: TSESTree.Node }).parent = node;
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
}
