import { parse } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { exportedValue, exportsName } from '../../src/analysis/ast/index.js';

const program = (code: string): TSESTree.Program => parse(code, { range: true, sourceType: 'module' });
const kind = (code: string, name: string): string | null => exportedValue(program(code), name)?.type ?? null;

// One export lookup for the project summaries (what an imported name is) and the serverless
// platforms (does this module export `handler`, is its default a `(req, res)` function).
describe('exportedValue', () => {
  it('finds a name in every export form a module writes itself', () => {
    expect(kind('export function handler() {}', 'handler')).toBe('FunctionDeclaration');
    expect(kind('export const handler = () => 1;', 'handler')).toBe('Identifier');
    expect(kind('function f() {}\nexport { f as handler };', 'handler')).toBe('FunctionDeclaration');
    expect(kind('const handler = async () => 1;\nmodule.exports = { handler };', 'handler')).toBe('Identifier');
    expect(kind('exports.handler = async () => 1;', 'handler')).toBe('ArrowFunctionExpression');
    expect(kind('module.exports.handler = function () {};', 'handler')).toBe('FunctionExpression');
    expect(kind('export default async function (req, res) {}', 'default')).toBe('FunctionDeclaration');
    expect(kind('const h = (req, res) => 1;\nexport default h;', 'default')).toBe('Identifier');
  });

  it('gives `module.exports = x` as the default export, an object included (what `import x from` gives)', () => {
    expect(kind('module.exports = (req, res) => 1;', 'default')).toBe('ArrowFunctionExpression');
    expect(kind('module.exports = { fetch() {} };', 'default')).toBe('ObjectExpression');
  });

  it('gives an imported binding exported on as its local identifier, and nothing for a re-export or another assignment', () => {
    expect(kind("import { handler } from './impl';\nexport { handler };", 'handler')).toBe('Identifier');
    expect(kind("export { handler } from './impl';", 'handler')).toBeNull();
    expect(kind('app.handler = () => 1;', 'handler')).toBeNull();
    expect(kind('export const other = 1;', 'handler')).toBeNull();
  });
});

describe('exportsName', () => {
  it('counts a re-export from another module, never `export *` or an assignment to something else', () => {
    expect(exportsName(program("export { handler } from './impl';"), 'handler')).toBe(true);
    expect(exportsName(program("export { run as handler } from './impl';"), 'handler')).toBe(true);
    expect(exportsName(program('export const handler = 1;'), 'handler')).toBe(true);
    expect(exportsName(program("export * from './impl';"), 'handler')).toBe(false);
    expect(exportsName(program('app.handler = () => 1;'), 'handler')).toBe(false);
  });
});
