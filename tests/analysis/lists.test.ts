import { describe, expect, it } from 'vitest';

import { listElements } from '../../src/analysis/ast/index.js';
import { sourceCodeOf } from './source-code.js';

/** The source text of the values `listElements` gives for the top-level `list`, or null. */
function elements(code: string, before?: string): string[] | null {
  const sourceCode = sourceCodeOf(code);
  const variable = sourceCode.scopeManager!.globalScope!.childScopes[0]!.set.get('list')!;
  const beforeNode = before === undefined ? undefined : sourceCode.ast.body.find((statement) => sourceCode.getText(statement) === before);
  return listElements(variable, beforeNode)?.map((node) => sourceCode.getText(node)) ?? null;
}

// A list of handlers filled by `push` beside its declaration (absemetov/rzkmarket's `catalogsActions`).
describe('listElements', () => {
  it('gives the literal, then each push, in order', () => {
    expect(elements('const list = [a];\nlist.push(b);\nlist.push(c, d);\nexports.list = list;')).toEqual(['a', 'b', 'c', 'd']);
    expect(elements('const list = [];\nlist.push(b);\nmodule.exports = { list };\nrun(...list);\nlog(list.length);')).toEqual(['b']);
    expect(elements('export const list = [a];\nlist.push(b);')).toEqual(['a', 'b']);
  });

  it('gives null when the list may hold something else', () => {
    expect(elements('const list = [a];\nlist.unshift(b);')).toBeNull();
    expect(elements('const list = [a];\nlist[0] = b;')).toBeNull();
    expect(elements('const list = [a];\nfill(list);')).toBeNull();
    expect(elements('const list = [a];\nif (x) list.push(b);')).toBeNull();
    expect(elements('const list = [a];\nlist.push(...more);')).toBeNull();
    expect(elements('const list = [...more];')).toBeNull();
    expect(elements('let list = [a];\nlist.push(b);')).toBeNull();
    expect(elements('const list = [a];\nlist.length = 0;')).toBeNull();
  });

  it('gives null when a push runs after the read', () => {
    expect(elements('const list = [];\nlist.push(a);\nuse(...list);\nlist.push(b);', 'use(...list);')).toBeNull();
    expect(elements('const list = [];\nlist.push(a);\nuse(...list);', 'use(...list);')).toEqual(['a']);
  });
});
