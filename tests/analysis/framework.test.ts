import * as parser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { walkSameFunction, isFunction, type FunctionNode } from '../../src/analysis/ast.js';
import { getFrameworkModel, type FrameworkModel } from '../../src/analysis/framework/index.js';

/** Lints `code` with a probe rule and returns the model of its file (parents set, scopes built). */
export function model(code: string, filename = 'file.ts'): { model: FrameworkModel; ast: TSESTree.Program } {
  let result: { model: FrameworkModel; ast: TSESTree.Program } | undefined;
  const linter = new TSESLint.Linter({ configType: 'flat' });
  const probe: TSESLint.RuleModule<string> = {
    meta: { type: 'problem', schema: [], messages: {} },
    defaultOptions: [],
    create(context) {
      return {
        'Program:exit'(node: TSESTree.Program) {
          result = { model: getFrameworkModel(context.sourceCode), ast: node };
        },
      };
    },
  };
  const messages = linter.verify(code, [
    { files: ['**/*.ts', '**/*.js'], languageOptions: { parser }, plugins: { probe: { rules: { probe } } }, rules: { 'probe/probe': 'error' } },
  ], filename);
  if (!result) throw new Error(messages.map((message) => message.message).join('\n'));
  return result;
}

function functions(ast: TSESTree.Program): FunctionNode[] {
  const found: FunctionNode[] = [];
  walkSameFunction(ast, (node) => void (isFunction(node) && found.push(node)), { enterFunctions: true });
  return found;
}

function findAll<T extends TSESTree.Node>(ast: TSESTree.Program, type: AST_NODE_TYPES): T[] {
  const found: T[] = [];
  walkSameFunction(ast, (node) => void (node.type === type && found.push(node as T)), { enterFunctions: true });
  return found;
}

describe('framework model', () => {
  it('recognises bots by import and creation', () => {
    const { model: m } = model(`
      import { Bot, Composer } from 'grammy';
      const { Telegraf } = require('telegraf');
      import TelegramBot from 'node-telegram-bot-api';
      const bot = new Bot('t');
      const composer = new Composer();
      const tg = new Telegraf('t');
      const a = new TelegramBot('t', { polling: true });
      const b = new TelegramBot('t');
      const c = new TelegramBot('t', { ...opts });
      class X { bot = new Bot('t'); }
      const map = new Map();
    `);
    expect(m.bots.map((bot) => [bot.framework, bot.kind, bot.className, bot.polling, bot.variable?.name ?? bot.memberPath])).toEqual([
      ['grammy', 'bot', 'Bot', null, 'bot'],
      ['grammy', 'composer', 'Composer', null, 'composer'],
      ['telegraf', 'bot', 'Telegraf', null, 'tg'],
      ['ntba', 'bot', 'TelegramBot', true, 'a'],
      ['ntba', 'bot', 'TelegramBot', false, 'b'],
      ['ntba', 'bot', 'TelegramBot', null, 'c'],
      ['grammy', 'bot', 'Bot', null, 'this.bot'],
    ]);
  });

  it('finds registrations, handlers and guarantees', () => {
    const { model: m, ast } = model(`
      import { Bot } from 'grammy';
      const bot = new Bot('t');
      bot.on('message:text', (ctx) => ctx.message.text);
      bot.command('start', handleStart);
      function handleStart(ctx) { return ctx.from; }
      bot.callbackQuery(/x/, async ({ callbackQuery: { data } }) => data);
    `);
    expect(m.registrations.map((r) => [r.method, r.filters, r.handlers.length])).toEqual([
      ['on', ['message:text'], 1],
      ['command', ['start'], 1],
      ['callbackQuery', ['x'], 1],
    ]);
    expect([...m.registrations[0]!.guarantees!].sort()).toContain('message.text');
    const fns = functions(ast);
    expect(fns.map((fn) => m.getHandler(fn)?.entries[0]?.kind)).toEqual(['registration', 'registration', 'registration']);
    const members = findAll<TSESTree.MemberExpression>(ast, AST_NODE_TYPES.MemberExpression);
    const text = members.find((node) => node.property.type === AST_NODE_TYPES.Identifier && node.property.name === 'text')!;
    expect(m.resolveContextPath(text)?.path).toEqual(['message', 'text']);
    expect(m.getUserTextSource(text)?.kind).toBe('messageText');
    const data = findAll<TSESTree.Identifier>(ast, AST_NODE_TYPES.Identifier).filter((node) => node.name === 'data').at(-1)!;
    expect(m.resolveContextPath(data)?.path).toEqual(['callbackQuery', 'data']);
    expect(m.getUserTextSource(data)?.kind).toBe('callbackData');
  });
});
