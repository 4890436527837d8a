import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { httpWork } from '../../src/analysis/http/clients.js';
import plugin from '../../src/index.js';

import { isolatedProjectRoot } from './isolated-project.js';

// Work counts, not wall-clock time: a model whose answer is provably "nothing here" for a file that
// loads none of its modules answers without doing the work; its twin that loads them gets the full work.

// Linted as a file of a project of its own: the project-wide models must not read this repository.
const root = isolatedProjectRoot('module-bail-work');

function lint(rules: string[], code: string): { messages: string[]; origins: number } {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const before = httpWork.originsFollowed;
  const messages = linter
    .verify(
      code,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: Object.fromEntries(rules.map((rule) => [`bot-audit/${rule}`, 'error'])) },
      ],
      path.join(root, 'index.ts'),
    )
    .map((m) => `${m.line}:${m.column} ${m.ruleId ?? m.message}`);
  return { messages, origins: httpWork.originsFollowed - before };
}

/** A grammY handler with `calls` awaited calls that look like requests (`api.get(url)`) but whose receiver comes from no client. */
function handler(first: string, calls: number): string {
  const lines = Array.from({ length: calls }, (_, i) => `  await api.get('https://example.com/${i}');\n  await ctx.reply(String(${i}));`);
  return `${first}\nimport { Bot } from 'grammy';\nimport { api } from './api';\nconst bot = new Bot('t');\nbot.on('message', async (ctx) => {\n${lines.join('\n')}\n});\n`;
}

const HTTP_RULES = ['require-http-timeout', 'require-response-check'];

describe('HTTP client model, per file', () => {
  it('follows no expression to its client in a file that loads no client module and names no fetch', () => {
    const without = lint(HTTP_RULES, handler('', 40));
    const twin = lint(HTTP_RULES, handler(`import axios from 'axios';\nconst a = axios.get('https://example.com/x');`, 40));
    expect(without.messages).toEqual([]);
    // Every call of both files is followed to its root when the file may reach a client: 205 origins
    // followed in the twin (its 80 calls in the handler, `bot.on`, `String(…)`, `axios.get`, and the
    // objects and bindings on their way up), 203 in the file without axios before this commit; now 0 there.
    expect(twin.messages).toEqual(['2:11 bot-audit/require-http-timeout']);
    expect(twin.origins).toBeGreaterThanOrEqual(160);
    expect(without.origins).toBe(0);
  });

  it('decides from the bindings, not the text: an escaped module name, `node:https`, a string-named global fetch and a `require` are still followed', () => {
    const cases = [
      `const axios = require('\\x61xios');\nconst r = axios.get('https://example.com/x');`,
      `import axios from '\\x61xios';\nconst r = axios.get('https://example.com/x');`,
      `import https from 'node:https';\nconst r = https.get('https://example.com/x');`,
      `const r = globalThis['fetch']('https://example.com/x');`,
      `const r = (globalThis as any)[\`fetch\`]('https://example.com/x');`,
      `const { fetch: f } = globalThis;\nconst r = f('https://example.com/x');`,
      `const got = (await import('got')).default;\nconst r = got('https://example.com/x');`,
    ];
    for (const code of cases) {
      const { messages, origins } = lint(['require-http-timeout'], `import { Bot } from 'grammy';\nconst bot = new Bot('t');\n${code}`);
      expect(messages, code).toHaveLength(1);
      expect(origins, code).toBeGreaterThan(0);
    }
  });

  it('still follows every call when the rule names a wrapper client', () => {
    const linter = new Linter({ configType: 'flat', cwd: root });
    const before = httpWork.originsFollowed;
    const messages = linter.verify(
      `import { http } from './http';\nexport const me = () => http.get('/me');\n`,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/require-http-timeout': ['error', { clients: [{ name: 'http', kind: 'axios' }] }] } },
      ],
      path.join(root, 'index.ts'),
    );
    expect(messages.map((m) => `${m.line}:${m.column}`)).toEqual(['2:25']);
    expect(httpWork.originsFollowed - before).toBeGreaterThan(0);
  });
});
