import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import {
  awaitsInSameFunction,
  childNodes,
  classFieldValues,
  classMemberBase,
  classMemberValue,
  classWork,
  containsRange,
  convertedToText,
  dispatchCalls,
  enclosingClassBody,
  firstStartingFrom,
  functionOf,
  globalObjectProperty,
  injectedFields,
  isNullish,
  isPropertyName,
  isStaticElement,
  isTypeWrapper,
  moduleBindings,
  moduleOrigin,
  namedMethodCalls,
  objectLiteralOf,
  onlyOutsideProduction,
  outermostWrapper,
  partitionPoint,
  packageOfSpecifier,
  propertyKey,
  resolveName,
  requiredModule,
  resolveObject,
  resolveVariable,
  skipTypeWrappers,
  someInChain,
  someInSameFunction,
  staticNumber,
  staticString,
  thisClassElement,
  valueDefinition,
} from '../../src/analysis/ast/index.js';
import { sourceCodeOf } from './source-code.js';

/** Parses `code` with scope analysis; returns the source code and the last statement's expression (or initializer). */
function parse(code: string): { sourceCode: Readonly<TSESLint.SourceCode>; last: TSESTree.Expression } {
  const sourceCode = sourceCodeOf(code);
  const statement = sourceCode.ast.body.at(-1)!;
  const last =
    statement.type === AST_NODE_TYPES.ExpressionStatement
      ? statement.expression
      : (statement as TSESTree.VariableDeclaration).declarations[0].init!;
  return { sourceCode, last };
}

const expression = (code: string): TSESTree.Expression => parse(code).last;

describe('skipTypeWrappers / isTypeWrapper', () => {
  it.each([
    ['x!'],
    ['x as T'],
    ['<T>x'],
    ['x satisfies T'],
    ['(x)'],
    ['((x as T)!) satisfies U'],
  ])('%s is x', (code) => {
    const node = expression(`declare const x: unknown; type T = unknown; type U = unknown;\n${code.startsWith('<') ? `;${code}` : code}`);
    expect(skipTypeWrappers(node)).toMatchObject({ type: AST_NODE_TYPES.Identifier, name: 'x' });
  });

  it('looks through a `?.` chain', () => {
    const node = expression('a?.b');
    expect(node.type).toBe(AST_NODE_TYPES.ChainExpression);
    expect(skipTypeWrappers(node).type).toBe(AST_NODE_TYPES.MemberExpression);
  });

  it('knows every wrapper kind and nothing else', () => {
    const wrappers = ['x!', 'x as T', 'x satisfies T', 'a?.b'].map((code) => expression(code));
    expect(wrappers.every((node) => isTypeWrapper(node))).toBe(true);
    expect(isTypeWrapper(expression('<T>x'))).toBe(true);
    expect(isTypeWrapper(expression('await x'))).toBe(false);
    expect(isTypeWrapper(null)).toBe(false);
  });

  it('climbs out of wrappers with outermostWrapper', () => {
    const outer = expression('(x! as T) satisfies U');
    const inner = skipTypeWrappers(outer);
    expect(outermostWrapper(inner)).toBe(outer);
    expect(outermostWrapper(outer)).toBe(outer);
  });
});

describe('staticString', () => {
  it.each([
    ["'a'", 'a'],
    ['`a`', 'a'],
    ["'a' as const", 'a'],
    ["('a')!", 'a'],
    ['`a${b}`', null],
    ['1', null],
    ['a', null],
  ])('%s', (code, text) => {
    expect(staticString(expression(code))).toBe(text);
  });
  it('undefined gives null', () => expect(staticString(undefined)).toBeNull());
});

describe('isPropertyName', () => {
  /** The identifiers named `balance` in `code`, in source order. */
  const balances = (code: string): TSESTree.Identifier[] => {
    const found: TSESTree.Identifier[] = [];
    const visit = (node: TSESTree.Node): void => {
      if (node.type === AST_NODE_TYPES.Identifier && node.name === 'balance') found.push(node);
      for (const child of childNodes(node)) visit(child);
    };
    visit(sourceCodeOf(code).ast);
    return found;
  };
  it.each([
    ['row.balance', [true]],
    ['row[balance]', [false]],
    ['({ balance: 1 })', [true]],
    ['({ [balance]: 1 })', [false]],
    // Shorthand: the key is a name, its value (a node of its own) the variable.
    ['({ balance })', [true, false]],
    ['balance < cost', [false]],
  ])('%s', (code, expected) => {
    expect(balances(code).map((identifier) => isPropertyName(identifier))).toEqual(expected);
  });
});

describe('isNullish', () => {
  it.each([
    ['null', true],
    ['undefined', true],
    ['void 0', true],
    ['null as any', true],
    ['0', false],
    ["''", false],
    ['/null/', false],
    ['x', false],
  ])('%s', (code, nullish) => {
    expect(isNullish(expression(code))).toBe(nullish);
  });
});

describe('staticNumber', () => {
  it.each([
    ['10 * 1000', 10000],
    ['-1', -1],
    ['const a = 5;\nconst b = a + 2;\nb', 7],
    ['let a = 5;\na', null],
    ['2 / 1', null],
    ["'5'", null],
  ])('%s', (code, value) => {
    const { sourceCode, last } = parse(code);
    expect(staticNumber(last, sourceCode)).toBe(value);
  });
});

describe('convertedToText', () => {
  it.each([
    ['String(id)', 'id'],
    ['id.toString()', 'id'],
    ['id?.toString()', 'id'],
    ['id.toString(16)', 'id'],
    ['(id as number).toString()', 'id'],
    ['(String as (v: unknown) => string)(id)', 'id'],
    ['`${id}`', 'id'],
    ['String(id) as string', 'id'],
  ])('%s converts id', (code, name) => {
    expect(skipTypeWrappers(convertedToText(expression(`declare const id: number;\n${code}`))!)).toMatchObject({ type: AST_NODE_TYPES.Identifier, name });
  });
  it.each([['String(...ids)'], ['String(id, 2)'], ['String()'], ['`id:${id}`'], ['`${id}${id}`'], ['Number(id)'], ['id.toFixed()'], ['id.toString(...args)'], ['id']])('%s is no conversion', (code) => {
    expect(convertedToText(expression(`declare const id: number; declare const ids: number[]; declare const args: [];\n${code}`))).toBeNull();
  });
});

describe('partitionPoint / firstStartingFrom', () => {
  it.each([
    [[], 3, 0],
    [[1, 2, 3], 0, 0],
    [[1, 2, 3], 2, 1],
    [[1, 2, 2, 2, 3], 2, 1],
    [[1, 2, 3], 4, 3],
    [[1, 3, 5, 7, 9, 11, 13], 8, 4],
  ])('%j: the first at or after %d is at %d', (items, point, index) => {
    expect(partitionPoint(items, (item) => item < point)).toBe(index);
  });

  it('finds the first statement that starts at a position or later', () => {
    const { sourceCode } = parse('a();\nb();\nc();');
    const [, second] = sourceCode.ast.body;
    expect(firstStartingFrom(sourceCode.ast.body, second!.range[0])).toBe(1);
    expect(firstStartingFrom(sourceCode.ast.body, second!.range[0] + 1)).toBe(2);
    expect(firstStartingFrom(sourceCode.ast.body, sourceCode.text.length)).toBe(3);
  });
});

describe('propertyKey', () => {
  const keyOf = (code: string): string | null => propertyKey((expression(`({ ${code} })`) as TSESTree.ObjectExpression).properties[0]!);
  it.each([
    ['a: 1', 'a'],
    ["'a': 1", 'a'],
    ['1: 1', '1'],
    ['1n: 1', '1'],
    ['a', 'a'],
    ['a() {}', 'a'],
    // Computed keys, even literal ones, are not read: callers treat them as any key.
    ["['a']: 1", null],
    ['[`a`]: 1', null],
    ['[1]: 1', null],
    ['[x]: 1', null],
    ['...x', null],
  ])('{ %s }', (code, key) => {
    expect(keyOf(code)).toBe(key);
  });
  it('reads object-pattern keys too', () => {
    const { sourceCode } = parse("const { a: b, 'c': d, [e]: f } = x;");
    const pattern = (sourceCode.ast.body[0] as TSESTree.VariableDeclaration).declarations[0].id as TSESTree.ObjectPattern;
    expect(pattern.properties.map((property) => propertyKey(property))).toEqual(['a', 'c', null]);
  });
});

describe('requiredModule', () => {
  it.each([
    ["require('m')", 'm'],
    ["require('m') as any", 'm'],
    ["(require('m'))!", 'm'],
    ["await import('m')", 'm'],
    ["import('m')", 'm'],
    ['await import(`m`)', 'm'],
    ["require('m').x", null],
    ["require('m')()", null],
    ['require(m)', null],
    ["load('m')", null],
    ["require('npm:grammy@1')", 'grammy'],
    ["await import('https://esm.sh/stripe@14?target=deno')", 'stripe'],
  ])('%s', (code, module) => {
    expect(requiredModule(expression(code))).toBe(module);
  });
});

describe('packageOfSpecifier', () => {
  it.each([
    // npm CDNs: prefix, version or range, query, hash and `+esm` dropped; a subpath kept as a bare import has it.
    ['https://esm.sh/@supabase/supabase-js@2.45.0', '@supabase/supabase-js'],
    ['https://esm.sh/@supabase/supabase-js@2/dist/module', '@supabase/supabase-js/dist/module'],
    ['https://esm.sh/@supabase/supabase-js', '@supabase/supabase-js'],
    ['https://esm.sh/stripe@14?target=deno', 'stripe'],
    ['https://esm.sh/grammy@1.x', 'grammy'],
    ['https://esm.sh/grammy@latest#types', 'grammy'],
    ['https://esm.sh/v135/@supabase/supabase-js@2.39.3', '@supabase/supabase-js'],
    ['https://esm.sh/stable/zod@3', 'zod'],
    ['https://esm.sh/*preact@10', 'preact'],
    ['https://esm.sh/tesseract.js?dts', 'tesseract.js'],
    ['https://esm.sh/@noble/curves@1.2.0/secp256k1', '@noble/curves/secp256k1'],
    ['https://cdn.skypack.dev/debug@4?min', 'debug'],
    ['https://esm.run/telegraf@4', 'telegraf'],
    ['https://unpkg.com/axios@1.6.0/dist/esm/axios.js', 'axios/dist/esm/axios.js'],
    ['https://cdn.jsdelivr.net/npm/pg@8/+esm', 'pg'],
    ['http://esm.sh/ky', 'ky'],
    // npm: and jsr: specifiers.
    ['npm:@supabase/supabase-js@2', '@supabase/supabase-js'],
    ['npm:@supabase/supabase-js@^2.39.0/dist/module', '@supabase/supabase-js/dist/module'],
    ['npm:grammy', 'grammy'],
    ['npm:telegraf@4.16.3', 'telegraf'],
    ['npm:/postgres@3', 'postgres'],
    ['jsr:@supabase/supabase-js@2', '@supabase/supabase-js'],
    // deno.land/x: the module's name; its entry `mod.ts` is the package, another file keeps its path.
    ['https://deno.land/x/grammy@v1.21.1/mod.ts', 'grammy'],
    ['https://deno.land/x/grammy/mod.ts', 'grammy'],
    ['https://deno.land/x/grammy@v1.21.1', 'grammy'],
    ['https://deno.land/x/grammy@v1.21.1/types.ts', 'grammy/types'],
    ['https://deno.land/x/grammy_runner@v2.0.3/mod.ts?x=1', '@grammyjs/runner'],
    ['https://deno.land/x/grammy_auto_retry/mod.ts', '@grammyjs/auto-retry'],
    ['https://deno.land/x/sift@0.6.0/mod.ts', 'sift'],
    // Unchanged: the Deno standard library, other URLs, relative, bare and node: specifiers, a CDN URL naming no package.
    ['https://deno.land/std@0.168.0/http/server.ts', 'https://deno.land/std@0.168.0/http/server.ts'],
    ['https://example.com/lib/grammy.ts', 'https://example.com/lib/grammy.ts'],
    ['https://esm.sh/?target=deno', 'https://esm.sh/?target=deno'],
    ['./db.ts', './db.ts'],
    ['../_shared/supabase.ts', '../_shared/supabase.ts'],
    ['@supabase/supabase-js', '@supabase/supabase-js'],
    ['grammy/types', 'grammy/types'],
    ['node:crypto', 'node:crypto'],
  ])('%s', (source, expected) => {
    expect(packageOfSpecifier(source)).toBe(expected);
  });
});

describe('moduleOrigin', () => {
  it.each([
    ["require('m')", 'm'],
    ["require('m').Pool", 'm'],
    ["require('m')(config)", 'm'],
    ["require('m').x.create()", 'm'],
    ["(await import('m')).default", 'm'],
    ["(require('m') as any).x", 'm'],
    ['x.y()', null],
    ["new (require('m'))()", null],
  ])('%s', (code, module) => {
    expect(moduleOrigin(expression(code))).toBe(module);
  });
});

describe('functionOf', () => {
  it.each([
    ['(() => 1)', true],
    ['(function () {} as any)', true],
    ['function f() {}\nf', true],
    ['const f = () => 1;\nf', true],
    ['const f = () => 1;\nconst g = f;\ng', true],
    ['const f = (() => 1) as any;\nf', true],
    // A `let` never assigned again holds its function (`let handler = async (m) => …; module.exports = handler`).
    ['let f = () => 1;\nf', true],
    ['let f = () => 1;\nf = () => 2;\nf', false],
    ['declare const f: () => void;\nf', false],
    ['f', false],
  ])('%s', (code, found) => {
    const { sourceCode, last } = parse(code);
    expect(functionOf(last, sourceCode) !== null).toBe(found);
  });
});

describe('resolveObject / objectLiteralOf', () => {
  it.each([
    ['({ a: 1 })', 'object'],
    ['const o = { a: 1 };\no', 'object'],
    ['const o = { a: 1 } satisfies object;\nconst p = o;\np', 'object'],
    ['undefined', 'none'],
    ['let o = { a: 1 };\no', 'unknown'],
    ['const o = { a: 1 };\no.a = 2;\no', 'unknown'],
    ['f()', 'unknown'],
    ['x', 'unknown'],
  ])('%s', (code, type) => {
    const { sourceCode, last } = parse(code);
    expect(resolveObject(last, sourceCode).type).toBe(type);
    expect(objectLiteralOf(last, sourceCode) !== null).toBe(type === 'object');
  });
  it('a missing argument is none', () => expect(resolveObject(undefined, parse('1').sourceCode).type).toBe('none'));
});

describe('childNodes', () => {
  it('lists children in source order', () => {
    expect(childNodes(expression('a + b')).map((node) => (node as TSESTree.Identifier).name)).toEqual(['a', 'b']);
  });
});

describe('containsRange', () => {
  it('holds for a node itself and the nodes inside it, not for its neighbours or the nodes around it', () => {
    const call = expression('f(a.b, c)') as TSESTree.CallExpression;
    const [member, c] = call.arguments as [TSESTree.MemberExpression, TSESTree.Identifier];
    expect(containsRange(call, call)).toBe(true);
    expect(containsRange(call, member.object)).toBe(true);
    expect(containsRange(member, c)).toBe(false);
    expect(containsRange(member, call)).toBe(false);
  });
});

describe('someInChain', () => {
  const names = (code: string): string[] => {
    const seen: string[] = [];
    someInChain(expression(code), (node) => {
      seen.push(node.type === AST_NODE_TYPES.Identifier ? node.name : node.type);
      return false;
    });
    return seen;
  };
  it('goes down objects, callees and type wrappers to the root', () => {
    expect(names('(a.b() as T).c!')).toEqual(['TSNonNullExpression', 'MemberExpression', 'TSAsExpression', 'CallExpression', 'MemberExpression', 'a']);
  });
  it('stops at the first node that passes', () => {
    const root = expression('a.b.c');
    expect(someInChain(root, (node) => node.type === AST_NODE_TYPES.Identifier && node.name === 'a')).toBe(true);
    expect(someInChain(root, (node) => node.type === AST_NODE_TYPES.Identifier && node.name === 'c')).toBe(false);
  });
});

describe('someInSameFunction', () => {
  const isCall = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.CallExpression;
  it('finds a node in the same function, not in a nested one unless asked', () => {
    expect(someInSameFunction(expression('a + f()'), isCall)).toBe(true);
    expect(someInSameFunction(expression('a + (() => f())'), isCall)).toBe(false);
    expect(someInSameFunction(expression('a + (() => f())'), isCall, { enterFunctions: true })).toBe(true);
  });
  it("passes over the children of a node the test answers 'skip'", () => {
    const skipLogical = (node: TSESTree.Node): boolean | 'skip' => (node.type === AST_NODE_TYPES.LogicalExpression ? 'skip' : isCall(node));
    expect(someInSameFunction(expression('a + (b || f())'), skipLogical)).toBe(false);
    expect(someInSameFunction(expression('a + (b + f())'), skipLogical)).toBe(true);
  });
});

describe('moduleBindings', () => {
  const bindings = (code: string): Record<string, { module: string; imported: string }> =>
    Object.fromEntries(moduleBindings(parse(`${code}\n0;`).sourceCode.ast));
  const whole = { module: 'm', imported: '*' };

  it.each([
    ["import x from 'm';", { x: { module: 'm', imported: 'default' } }],
    ["import * as x from 'm';", { x: whole }],
    ["import { a as x, 'b c' as y } from 'm';", { x: { module: 'm', imported: 'a' }, y: { module: 'm', imported: 'b c' } }],
    ["import type { T } from 'm';", { T: { module: 'm', imported: 'T' } }],
    ["import x = require('m');", { x: whole }],
    ["export import x = require('m');", { x: whole }],
    ["const x = require('m');", { x: whole }],
    ["const x = await import('m');", { x: whole }],
    ["const A = require('m').A;", { A: { module: 'm', imported: 'A' } }],
    ["const { A, B: C = 1 } = require('m');", { A: { module: 'm', imported: 'A' }, C: { module: 'm', imported: 'B' } }],
    ["export const { A } = require('m');", { A: { module: 'm', imported: 'A' } }],
    ["const { A } = await import('m');", { A: { module: 'm', imported: 'A' } }],
    ["import { createClient } from 'https://esm.sh/@supabase/supabase-js@2';", { createClient: { module: '@supabase/supabase-js', imported: 'createClient' } }],
    ["import Stripe from 'npm:stripe@14';", { Stripe: { module: 'stripe', imported: 'default' } }],
    ["import x = require('npm:m@1');", { x: whole }],
    [
      "import x = require('m'); const { A } = x; const B = x.B; const D = B;",
      { x: whole, A: { module: 'm', imported: 'A' }, B: { module: 'm', imported: 'B' }, D: { module: 'm', imported: 'B' } },
    ],
  ])('%s', (code, expected) => {
    expect(bindings(code)).toEqual(expected);
  });

  it('binds nothing for an alias of a namespace member, a value of no module, or a member of a named export', () => {
    expect(bindings("namespace N { export const M = 1; } import x = N.M; const y = other.z; import { a } from 'm'; const b = a.b; const { c } = a;")).toEqual({
      a: { module: 'm', imported: 'a' },
    });
  });
});

describe('resolveName / resolveVariable', () => {
  it('finds a local binding that shadows a global, and null for the global itself', () => {
    const { sourceCode, last } = parse('declare const x: string;\nconst parseInt = (s: string) => 1;\nparseInt(x)');
    const shadowed = resolveName('parseInt', last, sourceCode);
    expect(shadowed?.defs).toHaveLength(1);
    // A global: an undeclared name, or one of TypeScript's lib declarations (no definition in the file).
    expect(resolveName('Number', last, sourceCode)?.defs ?? []).toHaveLength(0);
    expect(resolveName('undeclared', last, sourceCode)).toBeNull();
    const call = last as TSESTree.CallExpression;
    expect(resolveVariable(call.callee as TSESTree.Identifier, sourceCode)).toBe(shadowed);
  });

  it('looks from the inner scope outwards', () => {
    const { sourceCode, last } = parse('const n = 1;\nconst f = (n: number) => n');
    const body = (last as TSESTree.ArrowFunctionExpression).body as TSESTree.Identifier;
    expect(resolveVariable(body, sourceCode)?.defs[0]?.type).toBe('Parameter');
    expect(resolveName('n', body, sourceCode)?.defs[0]?.type).toBe('Parameter');
    expect(resolveName('n', sourceCode.ast.body[1]!, sourceCode)?.defs[0]?.type).toBe('Variable');
  });
});

describe('awaitsInSameFunction', () => {
  it("lists the awaits someInSameFunction finds: the function's own, none of a nested function's", () => {
    const code = 'async function f() {\n  await a();\n  const g = async () => { await b(); };\n  if (x) { await c(); }\n}\nawait d();\n';
    const sourceCode = sourceCodeOf(code);
    const fn = sourceCode.ast.body[0]!;
    const names = (root: TSESTree.Node): string[] => awaitsInSameFunction(root).map((node) => sourceCode.getText(node)).sort();
    const walked = (root: TSESTree.Node): string[] => {
      const found: string[] = [];
      someInSameFunction(root, (node) => {
        if (node.type === AST_NODE_TYPES.AwaitExpression) found.push(sourceCode.getText(node));
        return false;
      });
      return found.sort();
    };
    expect(names(fn)).toEqual(['await a()', 'await c()']);
    expect(names(sourceCode.ast)).toEqual(['await d()']);
    expect(names(fn)).toEqual(walked(fn));
    expect(names(sourceCode.ast)).toEqual(walked(sourceCode.ast));
  });
});

describe('globalObjectProperty', () => {
  it("names a property of Node's `global` or of `globalThis`", () => {
    for (const [code, name] of [
      ['global.botInstance', 'botInstance'],
      ["globalThis['bot']", 'bot'],
      ['(globalThis as any).bot', 'bot'],
    ] as const) {
      const { sourceCode, last } = parse(code);
      expect(globalObjectProperty(last, sourceCode), code).toBe(name);
    }
  });

  it('gives null for another object, a computed key, or a `global` the file binds', () => {
    for (const code of ['cache.bot', 'global[key]', 'global', 'global.bot.api', 'const global = { bot: 1 };\nglobal.bot']) {
      const { sourceCode, last } = parse(code);
      expect(globalObjectProperty(last, sourceCode), code).toBeNull();
    }
  });
});

describe('valueDefinition', () => {
  it('leaves out a type of the same name, and gives null for none or several values', () => {
    const last = (code: string) => parse(code);
    const merged = last("interface User { balance: number }\nconst User = model<User>('User');\nUser");
    const user = resolveVariable(merged.last as TSESTree.Identifier, merged.sourceCode)!;
    expect(user.defs).toHaveLength(2);
    expect(valueDefinition(user)?.type).toBe('Variable');
    const alias = last('type Id = string;\nlet Id = 1;\nId');
    expect(valueDefinition(resolveVariable(alias.last as TSESTree.Identifier, alias.sourceCode)!)?.type).toBe('Variable');
    const typeOnly = last('interface Box { n: number }\ndeclare const b: Box;\nb');
    expect(valueDefinition(resolveName('Box', typeOnly.last, typeOnly.sourceCode)!)).toBeNull();
    const overloads = last('function f(a: string): void;\nfunction f(a: number): void;\nfunction f(a: unknown) {}\nf');
    expect(valueDefinition(resolveVariable(overloads.last as TSESTree.Identifier, overloads.sourceCode)!)).toBeNull();
  });
});

describe('onlyOutsideProduction', () => {
  /** Whether the call `start()` in `code` runs only outside production. */
  const startOutsideProduction = (code: string): boolean => {
    const sourceCode = sourceCodeOf(code);
    let found: TSESTree.Node | null = null;
    const visit = (node: TSESTree.Node): void => {
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'start') found = node;
      for (const child of childNodes(node)) visit(child);
    };
    visit(sourceCode.ast);
    return onlyOutsideProduction(found!, sourceCode);
  };

  it.each([
    "if (process.env.NODE_ENV !== 'production') start();",
    "if (process.env.NODE_ENV != 'production') { start(); }",
    "if ('production' === process.env.NODE_ENV) serve(); else start();",
    "if (process.env.NODE_ENV == 'production') serve(); else { start(); }",
    "if (process.env.NODE_ENV === 'development') start();",
    "if (process.env.NODE_ENV === 'local') { if (x) start(); }",
    "process.env.NODE_ENV === 'production' ? serve() : start();",
    "const prod = process.env.NODE_ENV === 'production';\nif (!prod) start();",
    "const prod = process.env.NODE_ENV === 'production';\nconst dev = !prod;\nif (dev) start();",
  ])('%s', (code) => {
    expect(startOutsideProduction(code)).toBe(true);
  });

  it.each([
    'start();',
    "if (process.env.NODE_ENV === 'production') start();",
    "if (process.env.NODE_ENV !== 'development') start();",
    "if (process.env.NODE_ENV !== 'test') start();",
    "if (process.env.NODE_ENV === 'staging') start();",
    "if (process.env.NODE_ENV !== 'production' || polling) start();",
    "if (process.env.MODE !== 'production') start();",
    "if (process.env.NODE_ENV !== mode) start();",
    "if (process.env.NODE_ENV > 'production') start();",
    "let prod = process.env.NODE_ENV === 'production';\nif (!prod) start();",
    "if (start()) run();",
    "if (process.env.NODE_ENV !== 'production') { const f = () => start(); later(f); }",
    "const a = !b;\nconst b = !c;\nconst c = !d;\nconst d = !e;\nconst e = process.env.NODE_ENV === 'production';\nif (a) start();",
  ])('not: %s', (code) => {
    expect(startOutsideProduction(code)).toBe(false);
  });
});

describe('injectedFields / enclosingClassBody', () => {
  const fieldsOf = (code: string): string[] => {
    const { sourceCode } = parse(code);
    const cls = sourceCode.ast.body.find((statement) => statement.type === AST_NODE_TYPES.ClassDeclaration)!;
    return injectedFields(cls.body).map((field) => `${field.key}:${field.type.typeName.name}:${field.declaredAs}:${field.accessibility ?? '-'}${field.type.typeArguments ? '<>' : ''}`);
  };

  it('lists constructor parameter properties and property declarations typed with a name', () => {
    expect(fieldsOf('class A {\n  @Inject() cache: CacheService;\n  constructor(private readonly ocr: OcrService, public users: Repository<User>, plain: Plain) {}\n}\n0;')).toEqual([
      'cache:CacheService:property:-',
      'ocr:OcrService:parameter:private',
      'users:Repository:parameter:public<>',
    ]);
  });

  it.each([
    ['a computed key', "class A { ['ocr']: OcrService; }\n0;"],
    ['a qualified type', 'class A { ocr: services.OcrService; }\n0;'],
    ['an untyped property', 'class A { ocr = make(); }\n0;'],
    ['a defaulted parameter property', 'class A { constructor(private ocr: OcrService = make()) {} }\n0;'],
    ['a method', 'class A { ocr(): OcrService { return make(); } }\n0;'],
  ])('none for %s', (_, code) => {
    expect(fieldsOf(code)).toEqual([]);
  });

  it('finds the nearest class body of a node', () => {
    const { sourceCode } = parse('class A { m() { return class B { n() { return x; } }; } }\n0;');
    const x = sourceCode.ast.tokens.find((token) => token.value === 'x')!;
    const node = sourceCode.getNodeByRangeIndex(x.range[0])!;
    const body = enclosingClassBody(node)!;
    expect(body.parent.type === AST_NODE_TYPES.ClassExpression && body.parent.id?.name).toBe('B');
    expect(enclosingClassBody(sourceCode.ast.body[0]!)).toBeNull();
  });
});

describe('thisClassElement / isStaticElement', () => {
  /** For each `this` of the code in order: the key of the class member whose `this` it is and whether that is static, or null. */
  const sides = (code: string): (string | null)[] => {
    const sourceCode = sourceCodeOf(code);
    const found: TSESTree.ThisExpression[] = [];
    const stack: TSESTree.Node[] = [sourceCode.ast];
    for (let node = stack.pop(); node; node = stack.pop()) {
      if (node.type === AST_NODE_TYPES.ThisExpression) found.push(node);
      stack.push(...childNodes(node).reverse());
    }
    return found.map((node) => {
      const element = thisClassElement(node);
      if (!element) return null;
      return `${element.type === AST_NODE_TYPES.StaticBlock ? 'block' : propertyKey(element)}${isStaticElement(element) ? ' static' : ''}`;
    });
  };

  it('gives the member whose this it is: instance or static, through arrows, not through a function', () => {
    expect(sides('class A { m() { this.a(); } static s() { this.b(); } f = () => this.c(); static { this.d(); } }')).toEqual(['m', 's static', 'f', 'block static']);
    expect(sides('class A { m() { return () => this.a(); } n() { return function () { return this.b; }; } }')).toEqual(['m', null]);
    expect(sides('function f() { return this.a; }\nconst o = { m() { return this.b; } };')).toEqual([null, null]);
  });
});

describe('classFieldValues / classMemberValue', () => {
  /** The source text of what the last `return`'s member expression holds (or, with `classMemberBase`, begins with), or null. */
  const valueOf = (code: string, read = classMemberValue): string | null => {
    const sourceCode = sourceCodeOf(code);
    const returned = [...sourceCode.ast.tokens].reverse().find((token) => token.value === 'return')!;
    const statement = sourceCode.getNodeByRangeIndex(returned.range[0]) as TSESTree.ReturnStatement;
    const value = read(statement.argument as TSESTree.MemberExpression, sourceCode);
    return value && sourceCode.getText(value);
  };

  it.each([
    ['a field initializer', "class A { base = 'x'; m() { return this.base; } }", "'x'"],
    ['one assignment in the constructor', 'class A { base: string; constructor(t) { this.base = B + t; } m() { return this.base; } }', 'B + t'],
    ['a static readonly field by class name', "class A { static readonly BASE = 'x'; m() { return A.BASE; } }", "'x'"],
  ])('reads %s', (_, code, expected) => expect(valueOf(code)).toBe(expected));

  it.each([
    ['a field set twice', "class A { base = 'x'; reset() { this.base = y; } m() { return this.base; } }"],
    ['a compound assignment', "class A { base = 'x'; m() { this.base += y; return this.base; } }"],
    ['a static field that is not readonly', "class A { static BASE = 'x'; m() { return A.BASE; } }"],
    ['a member of something else', "const a = { base: 'x' }; function m() { return a.base; }"],
    ['a parameter property', 'class A { constructor(private readonly base: string) {} m() { return this.base; } }'],
  ])('none for %s', (_, code) => expect(valueOf(code)).toBeNull());

  it('memoises per class body and keeps a nested class apart', () => {
    const sourceCode = sourceCodeOf("class A { a = 1; m() { return class B { constructor() { this.a = 2; } }; } }");
    const body = (sourceCode.ast.body[0] as TSESTree.ClassDeclaration).body;
    expect(classFieldValues(body)).toBe(classFieldValues(body));
    expect(sourceCode.getText(classFieldValues(body).get('a')!)).toBe('1');
  });

  it('gives the base of a field the class only appends to, and none for one it also overwrites', () => {
    const baseOf = (code: string): string | null => valueOf(code, classMemberBase);
    expect(baseOf("class A { base = 'x'; constructor(t) { this.base += t; } m() { return this.base; } }")).toBe("'x'");
    expect(baseOf("class A { base = 'x'; constructor(t) { this.base += t; } reset() { this.base = y; } m() { return this.base; } }")).toBeNull();
    expect(baseOf("class A { base = 'x'; constructor(t) { this.base += t; } reset() { this.base++; } m() { return this.base; } }")).toBeNull();
  });

  it('walks a class body once for its field values and bases together', () => {
    const sourceCode = sourceCodeOf("class A { base = 'x'; constructor(t) { this.base += t; } m() { return this.base; } }");
    const body = (sourceCode.ast.body[0] as TSESTree.ClassDeclaration).body;
    const member = ((body.body[2] as TSESTree.MethodDefinition).value.body!.body[0] as TSESTree.ReturnStatement).argument as TSESTree.MemberExpression;
    const before = classWork.fieldWalks;
    expect(classFieldValues(body).get('base')).toBeNull();
    expect(sourceCode.getText(classMemberBase(member, sourceCode)!)).toBe("'x'");
    expect(classWork.fieldWalks - before).toBe(1);
  });
});

describe('dispatchCalls / namedMethodCalls', () => {
  /** The method named `name` of the first class, and the file. */
  const method = (code: string, name: string): { fn: TSESTree.FunctionExpression; sourceCode: Readonly<TSESLint.SourceCode> } => {
    const sourceCode = sourceCodeOf(code);
    const declaration = sourceCode.ast.body
      .map((statement) => (statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement))
      .find((statement): statement is TSESTree.ClassDeclaration => statement?.type === AST_NODE_TYPES.ClassDeclaration)!;
    const definition = declaration.body.body.find((element) => element.type === AST_NODE_TYPES.MethodDefinition && propertyKey(element) === name) as TSESTree.MethodDefinition;
    return { fn: definition.value as TSESTree.FunctionExpression, sourceCode };
  };
  const texts = (calls: TSESTree.CallExpression[] | null, sourceCode: Readonly<TSESLint.SourceCode>): string[] | null => calls && calls.map((call) => sourceCode.getText(call));
  const CLASS = 'class A {\n  run(name, x) { return this[name](x); }\n  pick(x) { return x.y; }\n}\n';

  it('finds the computed calls that can run a method nothing names, and the named calls of the dispatcher', () => {
    const code = `${CLASS}let a;\na = new A();\na[key](1);\na.run('pick', 2);\n`;
    const pick = method(code, 'pick');
    expect(texts(dispatchCalls(pick.fn, pick.sourceCode), pick.sourceCode)).toEqual(['a[key](1)', 'this[name](x)']);
    const run = method(code, 'run');
    expect(texts(namedMethodCalls(run.fn, run.sourceCode), run.sourceCode)).toEqual(["a.run('pick', 2)"]);
  });

  it.each([
    ['the method named elsewhere', `${CLASS}const a = new A();\nconst f = other.pick;\n`],
    ['an exported class', `export ${CLASS}`],
    ['a subclass of another', 'class A extends B {\n  pick(x) { return x.y; }\n}\n'],
    ['an instance handed on', `${CLASS}const a = new A();\nregister(a);\n`],
    ['an instance not kept in a variable', `${CLASS}module.exports = new A();\n`],
    ['this handed on', 'class A {\n  constructor() { all.push(this); }\n  pick(x) { return x.y; }\n}\n'],
    ['a computed member read, not called', 'class A {\n  run(name, x) { const f = this[name]; return f(x); }\n  pick(x) { return x.y; }\n}\n'],
    ['the prototype', `${CLASS}const m = A.prototype;\n`],
  ])('gives null with %s', (_, code) => {
    const pick = method(code, 'pick');
    expect(dispatchCalls(pick.fn, pick.sourceCode)).toBeNull();
  });

  it('counts a call through a type wrapper as a call, by name and by computed name', () => {
    const code = 'class A {\n  run(name, x) { return (this[name] as (v: number) => number)(x); }\n  pick(x) { return x.y; }\n}\nconst a = new A();\na[key]!(1);\n(a.run as (n: string, v: number) => number)(\'pick\', 2);\na.run!(\'pick\', 3);\n';
    const pick = method(code, 'pick');
    expect(texts(dispatchCalls(pick.fn, pick.sourceCode), pick.sourceCode)).toEqual(['a[key]!(1)', '(this[name] as (v: number) => number)(x)']);
    const run = method(code, 'run');
    expect(texts(namedMethodCalls(run.fn, run.sourceCode), run.sourceCode)).toEqual(["(a.run as (n: string, v: number) => number)('pick', 2)", "a.run!('pick', 3)"]);
  });

  it('gives no named calls when the dispatcher is read other than to call it', () => {
    const run = method(`${CLASS}const a = new A();\nlater(a.run);\n`, 'run');
    expect(namedMethodCalls(run.fn, run.sourceCode)).toBeNull();
  });
});
