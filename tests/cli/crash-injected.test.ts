import type * as fsPromises from 'node:fs/promises';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it, vi } from 'vitest';

// One of the plugin's own rules made to throw on files that contain `BOOM`, in the embedded config
// (with and without type information).
vi.mock('../../src/rules/index.js', async (importOriginal) => {
  const { rules } = await importOriginal<typeof import('../../src/rules/index.js')>();
  const boom = {
    meta: {
      type: 'problem',
      docs: { description: 'Throw on BOOM', category: 'Error Handling', priority: 'P0', url: 'https://example.com/boom' },
      messages: {},
      schema: [],
      defaultOptions: [],
    },
    defaultOptions: [],
    create(context: { sourceCode: { text: string } }) {
      return {
        Program() {
          if (context.sourceCode.text.includes('BOOM')) throw new TypeError("Cannot read properties of undefined (reading 'value')");
        },
      };
    },
  };
  return { rules: { ...rules, boom } };
});

// A write that fails after the check: a file the fix cannot be written to is reported, the others are written.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return {
    ...actual,
    writeFile: ((file: string, data: string) =>
      String(file).includes('full-disk') ? Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' })) : actual.writeFile(file, data)) as typeof actual.writeFile,
  };
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('a crash in one of the plugin\'s own rules', () => {
  it('with type information: listed, the file audited again without the rule, its other findings kept', async () => {
    const { runJson, tree } = await import('./helpers.js');
    const dir = tree({
      'tsconfig.json': '{ "compilerOptions": { "strict": true, "noEmit": true, "types": [] }, "include": ["src"] }',
      'src/a.ts': '// BOOM\nexport function run(job: () => void): void {\n  try {\n    job();\n  } catch {}\n}\n',
      'src/b.ts': 'export function run(job: () => void): void {\n  try {\n    job();\n  } catch {}\n}\n',
    });
    dirs.push(dir);
    const { report, stderr, code } = await runJson(['.', '--rules', 'all'], { cwd: dir });
    expect(stderr).toBe(
      "bot-audit: rule bot-audit/boom crashed on src/a.ts (Cannot read properties of undefined (reading 'value')); linted the file again without it\n",
    );
    expect(report.summary.typedFiles).toBe(2);
    expect(report.crashes).toEqual([{ file: 'src/a.ts', ruleId: 'bot-audit/boom', error: "Cannot read properties of undefined (reading 'value')" }]);
    expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toEqual([
      'src/a.ts:5 bot-audit/no-swallowed-error',
      'src/b.ts:4 bot-audit/no-swallowed-error',
    ]);
    // The crashed rule keeps its own metadata in the report.
    expect(report.rules.find((rule) => rule.ruleId === 'bot-audit/boom')).toMatchObject({ priority: 'P0', category: 'Error Handling', docsUrl: 'https://example.com/boom' });
    expect(code).toBe(1);
  });

  it('--fix: a file whose fix cannot be written is one line and exit 2; the other files are fixed', async () => {
    const { run, tree } = await import('./helpers.js');
    const config = 'export default [{ rules: { "prefer-const": "error" } }];\n';
    const dir = tree({ 'eslint.config.js': config, 'a.js': 'let x = 1;\nconsole.log(x);\n', 'full-disk.js': 'let y = 1;\nconsole.log(y);\n' });
    dirs.push(dir);
    const { code, stderr } = await run(['.', '--config', 'eslint.config.js', '--fix', '-f', 'json'], { cwd: dir });
    expect(stderr).toBe('bot-audit: --fix could not write full-disk.js (ENOSPC)\n');
    expect(code).toBe(2);
    expect(readFileSync(path.join(dir, 'a.js'), 'utf8')).toBe('const x = 1;\nconsole.log(x);\n');
  });
});
