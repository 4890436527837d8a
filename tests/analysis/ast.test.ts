import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { getCalleeName, getMemberPath, walkSameFunction } from '../../src/analysis/ast/index.js';
import { createLoggerMatcher } from '../../src/analysis/errors/loggers.js';

const expression = (code: string): TSESTree.Expression => {
  const statement = parse(code).body[0] as TSESTree.ExpressionStatement;
  return statement.expression;
};

describe('getMemberPath', () => {
  it.each([
    ['a.b.c', ['a', 'b', 'c']],
    ['this.logger.error', ['this', 'logger', 'error']],
    ['a["b"].c', ['a', 'b', 'c']],
    ['a[`b`]', ['a', 'b']],
    ['a?.b!.c', ['a', 'b', 'c']],
    ['(a as any).b', ['a', 'b']],
    ['a[b]', null],
    ['a[`${b}`]', null],
    ['a[0]', null],
    ['f().b', null],
  ])('%s', (code, path) => {
    expect(getMemberPath(expression(code))).toEqual(path);
  });
});

describe('getCalleeName', () => {
  it.each([
    ['foo()', 'foo'],
    ['a.b.foo()', 'foo'],
    ['a[x]()', null],
    ['(() => 1)()', null],
    ['new Pool()', 'Pool'],
  ])('%s', (code, name) => {
    expect(getCalleeName(expression(code) as TSESTree.CallExpression)).toBe(name);
  });
});

describe('walkSameFunction', () => {
  const program = parse('function f() { a(); const g = () => b(); if (x) { c(); } }');
  const calls = (enterFunctions: boolean) => {
    const names: string[] = [];
    walkSameFunction(
      program.body[0]!,
      (node) => {
        if (node.type === AST_NODE_TYPES.CallExpression) names.push(getCalleeName(node)!);
      },
      { enterFunctions },
    );
    return names;
  };

  it('stays in the function, in source order', () => expect(calls(false)).toEqual(['a', 'c']));
  it('enters nested functions on request', () => expect(calls(true)).toEqual(['a', 'b', 'c']));

  it('walks the root function body without entering nested ones', () => {
    const fn = program.body[0] as TSESTree.FunctionDeclaration;
    const names: string[] = [];
    walkSameFunction(fn.body, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) names.push(getCalleeName(node)!);
    });
    expect(names).toEqual(['a', 'c']);
  });

  it('skips children when the visitor returns false', () => {
    const seen: string[] = [];
    walkSameFunction(program.body[0]!, (node) => {
      seen.push(node.type);
      return node.type !== AST_NODE_TYPES.BlockStatement;
    });
    expect(seen).not.toContain(AST_NODE_TYPES.ExpressionStatement);
  });

  it('survives very deep nesting', () => {
    const deep = parse(`${'['.repeat(300)}${']'.repeat(300)}`);
    let count = 0;
    walkSameFunction(deep, () => void count++);
    expect(count).toBeGreaterThan(300);
  });
});

describe('createLoggerMatcher', () => {
  const matcher = createLoggerMatcher(['audit', 'ctx.track.failure', '/^alert/i']);
  it.each([
    ['console.error(e)', true],
    ['logger.child({}).warn(e)', true],
    ['pino().error(e)', true],
    ['getLogger()(e)', true],
    ['logError(e)', true],
    ['appLogger.info(e)', true],
    ['this.audit.write(e)', true],
    ['x.ctx.track.failure()', true],
    ['ctx.track.failure()', true],
    ['ALERTOps()', true],
    ['ctx.reply(e)', false],
    ['(0, f)(e)', false],
    ['a[b](e)', false],
    ['catalog.add(e)', false],
  ])('%s → %s', (code, expected) => {
    expect(matcher.isLoggingCall(expression(code) as TSESTree.CallExpression)).toBe(expected);
  });
});
