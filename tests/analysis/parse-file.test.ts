import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter, SourceCode } from 'eslint';
import { describe, expect, it } from 'vitest';

import { calledFunction, projectFile } from '../../src/analysis/summaries/index.js';
import { parseProjectFile, parseWork } from '../../src/analysis/summaries/parse-file.js';

const CODE = `// leading comment
import { db } from './db';
/** Loads a user. */
export async function load(id: number) {
  const row = await db.query('SELECT 1' /* inline */, [id]);
  return (row as { ok: boolean }).ok;
}
export const view = (name: string) => <div title={name}>{name}</div>;
`;

/** The same file parsed as `@typescript-eslint/parser` parses it for ESLint, tokens and all. */
function fullParse(text: string, file: string): SourceCode {
  const { ast, scopeManager, visitorKeys, services } = tsParser.parseForESLint(text, {
    filePath: file,
    sourceType: 'module',
    ecmaVersion: 'latest',
    ecmaFeatures: { jsx: file.endsWith('x') },
    range: true,
    loc: true,
    tokens: true,
    comment: true,
  });
  return new SourceCode({ text, ast: ast as never, scopeManager: scopeManager as never, visitorKeys: visitorKeys as never, parserServices: services as never });
}

/** A node tree as plain data: no `parent`, no tokens. */
function shape(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'parent' || key === 'tokens' ? undefined : value)));
}

function nodesOf(sourceCode: { ast: TSESTree.Program; visitorKeys: Record<string, readonly string[]> }): TSESTree.Node[] {
  const nodes: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    for (const key of sourceCode.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) if (child && typeof (child as TSESTree.Node).type === 'string') stack.push(child as TSESTree.Node);
    }
  }
  return nodes.sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
}

describe('parseProjectFile: a project file parsed without its tokens until one is asked for', () => {
  const file = path.join(os.tmpdir(), 'bot-audit-parse-file', 'view.tsx');

  it('gives the nodes, scopes and comments of a full parse, and no token is converted', () => {
    const before = { ...parseWork };
    const lean = parseProjectFile(CODE, file)!;
    const full = fullParse(CODE, file);
    expect(parseWork.lean - before.lean).toBe(1);
    expect(shape(lean.ast.body)).toEqual(shape(full.ast.body));
    expect(lean.ast.sourceType).toBe(full.ast.sourceType);
    expect(shape(lean.getAllComments())).toEqual(shape(full.getAllComments()));
    const variables = (code: typeof lean) => code.scopeManager!.scopes.map((scope) => [scope.type, [...scope.set.keys()], scope.references.map((reference) => reference.identifier.name)]);
    expect(variables(lean)).toEqual(variables(full as never));
    // Every node's `parent` is the node it is a child of (ESLint sets them while it traverses; nothing traverses a project file).
    const misparented = nodesOf(lean as never).filter((node) =>
      (lean.visitorKeys[node.type] ?? []).some((key) => {
        const value = (node as unknown as Record<string, unknown>)[key];
        return (Array.isArray(value) ? value : [value]).some((child) => child && typeof (child as TSESTree.Node).type === 'string' && (child as TSESTree.Node).parent !== node);
      }),
    );
    expect(misparented).toEqual([]);
    expect(parseWork.tokens - before.tokens).toBe(0);
  });

  it('answers every token question as the full parse does, parsing the tokens once', () => {
    const lean = parseProjectFile(CODE, file)!;
    const full = fullParse(CODE, file);
    const before = parseWork.tokens;
    const leanNodes = nodesOf(lean);
    const fullNodes = nodesOf(full as never);
    expect(leanNodes.length).toBe(fullNodes.length);
    const answers = (code: SourceCode, nodes: TSESTree.Node[]) =>
      nodes.map((node) => {
        const n = node as never;
        return shape([
          code.getFirstToken(n),
          code.getLastToken(n),
          code.getTokenBefore(n, { includeComments: true }),
          code.getTokenAfter(n),
          code.getTokens(n).length,
          code.getCommentsBefore(n),
          code.getCommentsInside(n),
          code.getCommentsAfter(n),
        ]);
      });
    expect(answers(lean as never, leanNodes)).toEqual(answers(full, fullNodes));
    expect(shape(lean.ast.tokens)).toEqual(shape(full.ast.tokens));
    const merged = (code: unknown) => (code as { tokensAndComments: unknown }).tokensAndComments;
    expect(shape(merged(lean))).toEqual(shape(merged(full)));
    const call = leanNodes.find((node) => node.type === AST_NODE_TYPES.CallExpression)!;
    expect(lean.isSpaceBetween(call.arguments[0]!, call.arguments[1]!)).toBe(true);
    expect(parseWork.tokens - before).toBe(1);
  });

  it('throws on a file that does not parse, as the parser does', () => {
    expect(() => parseProjectFile('export function (', file)).toThrow();
  });
});

describe('projectFile: a file another file imports is read without its tokens', () => {
  it('one parse without tokens for an imported function, none with them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-audit-parse-file-'));
    fs.writeFileSync(path.join(dir, 'lib.ts'), 'export function one(a: number) {\n  return a + 1;\n}\n');
    const main = path.join(dir, 'main.ts');
    const before = { ...parseWork };
    const names: (string | null)[] = [];
    const rule = {
      create: (context: { sourceCode: SourceCode; filename: string }) => ({
        CallExpression: (node: TSESTree.CallExpression) => {
          const found = calledFunction(node, context as never);
          names.push(found?.external ? ((found.fn as TSESTree.FunctionDeclaration).id?.name ?? null) : null);
        },
      }),
    };
    new Linter({ configType: 'flat', cwd: dir }).verify(
      "import { one } from './lib';\none(1);\none(2);\n",
      [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }],
      main,
    );
    expect(names).toEqual(['one', 'one']);
    expect(parseWork.lean - before.lean).toBe(1);
    expect(parseWork.tokens - before.tokens).toBe(0);
    // The file's tokens are still there for whoever asks.
    const lib = projectFile(path.join(dir, 'lib.ts'))!;
    expect(lib.sourceCode.getFirstToken(lib.sourceCode.ast)?.value).toBe('export');
    expect(parseWork.tokens - before.tokens).toBe(1);
  });
});
