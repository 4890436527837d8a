import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { parse } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { describe, expect, it } from 'vitest';

import { checkProgram, distinctConfigs, fuzzConfigs } from '../../scripts/lib/fuzz.js';
import type { PluginLike } from '../../scripts/lib/lint.js';
import botAudit from '../../src/index.js';
import { syntaxPrograms, type SyntaxProgram } from './syntax-corpus.js';

/**
 * Syntax coverage as a test: every node type typescript-eslint's visitor keys list appears in the
 * generated programs (syntax-corpus.ts), in the positions the models read, and every rule under
 * every config, with and without type information, runs over them without throwing. A node type
 * added by a typescript-eslint upgrade fails the first test by name until a template produces it.
 */
const plugin = botAudit as unknown as PluginLike;
const typedRoot = path.join(import.meta.dirname, '../fixtures');
const programs = syntaxPrograms();
// Every config, less those that run no rule with options another config does not (severity aside).
const configs = distinctConfigs(fuzzConfigs(plugin));

/** Node types that cannot occur in a parsed .ts/.tsx/.js file, each with the reason. */
const NEVER_PRODUCED: Record<string, string> = {
  ExperimentalRestProperty: 'a pre-ES2018 Babel/espree node; typescript-estree and espree produce RestElement',
  ExperimentalSpreadProperty: 'a pre-ES2018 Babel/espree node; typescript-estree and espree produce SpreadElement',
  TSAbstractKeyword: 'typescript-estree 8 stores modifiers as flags (`abstract: true`); kept in visitor keys only',
  TSAsyncKeyword: 'typescript-estree 8 stores modifiers as flags (`async: true`); kept in visitor keys only',
  TSDeclareKeyword: 'typescript-estree 8 stores modifiers as flags (`declare: true`); kept in visitor keys only',
  TSExportKeyword: 'typescript-estree 8 stores modifiers as flags (export is a declaration wrapper); kept in visitor keys only',
  TSPrivateKeyword: "typescript-estree 8 stores modifiers as flags (`accessibility: 'private'`); kept in visitor keys only",
  TSProtectedKeyword: "typescript-estree 8 stores modifiers as flags (`accessibility: 'protected'`); kept in visitor keys only",
  TSPublicKeyword: "typescript-estree 8 stores modifiers as flags (`accessibility: 'public'`); kept in visitor keys only",
  TSReadonlyKeyword: 'typescript-estree 8 stores modifiers as flags (`readonly: true`, TSTypeOperator `readonly`); kept in visitor keys only',
  TSStaticKeyword: 'typescript-estree 8 stores modifiers as flags (`static: true`); kept in visitor keys only',
};

const NODE_GLOBALS = {
  require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', console: 'readonly', fetch: 'readonly',
  globalThis: 'readonly', window: 'readonly', pool: 'writable', bot: 'writable',
} as const;

function parseProgram(program: SyntaxProgram) {
  return parse(program.code, {
    jsx: program.dialect === 'tsx',
    sourceType: program.dialect === 'script' ? 'script' : 'module',
    filePath: `file.${program.dialect === 'script' ? 'cjs' : program.dialect}`,
  });
}

function nodeTypes(node: unknown, into: Set<string>): Set<string> {
  if (!node || typeof node !== 'object') return into;
  const { type } = node as { type?: unknown };
  if (typeof type !== 'string') return into;
  into.add(type);
  for (const key of visitorKeys[type] ?? []) {
    const child = (node as Record<string, unknown>)[key];
    for (const item of Array.isArray(child) ? child : [child]) nodeTypes(item, into);
  }
  return into;
}

describe('syntax coverage: every node type, in the positions the models read', () => {
  const covered = new Set<string>();
  for (const program of programs) nodeTypes(parseProgram(program), covered);

  it('every node type typescript-eslint knows appears in the generated programs', () => {
    const missing = Object.keys(visitorKeys).filter((type) => !covered.has(type) && !(type in NEVER_PRODUCED));
    expect(missing).toEqual([]);
  });

  it('the allow-list holds only node types the parser never produces', () => {
    expect(Object.keys(NEVER_PRODUCED).filter((type) => covered.has(type) || !(type in visitorKeys))).toEqual([]);
  });

  it('runs every rule with every option set of every config, with and without types', () => {
    const kept = new Set(configs.map((config) => config.name));
    expect(kept).toContain('strict');
    expect(configs.some((config) => config.typed)).toBe(true);
    expect(configs.length).toBeLessThan(fuzzConfigs(plugin).length);
  });

  it('reaches every model position: clients, drivers, ORMs and bot frameworks by every binding form', () => {
    const all = programs.map((program) => program.code).join('\n');
    const needles = [
      "import http2 = require('ky')", "export import http3 = require('superagent')", "import * as sql1 from 'mysql2/promise'", "import bot0 from 'grammy'",
      'this.#db', 'private readonly db', 'accessor db', 'super.db', 'Ns', 'catch (db', 'using db', 'await using', ".catch(", "['catch'](async",
      '.$transaction', '.updateTable', '.onText', '.callbackQuery', '.query', '.prepare', '.post', '.extend',
    ];
    for (const needle of needles) {
      expect(all).toContain(needle);
    }
  });

  it.each(programs.map((program) => [program.name, program] as const))('%s: no rule throws under any config, with and without types', (_name, program) => {
    const ts = program.dialect === 'ts' || program.dialect === 'tsx';
    const { failures } = checkProgram({
      plugin,
      tsParser,
      seed: 1,
      code: program.code,
      ts,
      jsx: program.dialect === 'tsx',
      sourceType: program.dialect === 'script' ? 'script' : 'module',
      // JavaScript as a Node project's config sees it: declared globals are variables with no definition.
      ...(ts ? { typedRoot } : { globals: NODE_GLOBALS }),
      configs,
    });
    expect(failures.map(({ config, kind, message }) => `${config} ${kind}: ${message.split('\n').slice(0, 4).join(' | ')}`)).toEqual([]);
  });
});
