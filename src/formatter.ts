/**
 * An ESLint formatter that writes the bot-audit markdown report, for projects that run plain
 * `eslint` with their own config:
 *
 *     eslint -f ./node_modules/eslint-plugin-bot-audit/dist/formatter.js . > audit.md
 *
 * or `import formatter from 'eslint-plugin-bot-audit/formatter'` in a script.
 */
import { readFile } from 'node:fs/promises';

import type { ESLint } from 'eslint';

import { DEFAULT_TOP, formatMarkdown } from './cli/format/markdown.js';
import { buildReport } from './cli/report.js';
import { createSources } from './cli/source.js';
import plugin from './index.js';

async function countLines(file: string): Promise<number> {
  try {
    const text = await readFile(file, 'utf8');
    return text === '' ? 0 : text.split(/\r\n|[\r\n\u2028\u2029]/).length - (/[\r\n\u2028\u2029]$/.test(text) ? 1 : 0);
  } catch {
    // A file ESLint linted but that is gone now counts no lines; the report still lists its findings.
    return 0;
  }
}

export default async function formatter(results: ESLint.LintResult[], context?: Partial<ESLint.LintResultData>): Promise<string> {
  const root = context?.cwd ?? process.cwd();
  const lines = await Promise.all(results.map((result) => countLines(result.filePath)));
  const report = buildReport({
    results,
    rulesMeta: context?.rulesMeta ?? {},
    root,
    filesScanned: results.length,
    linesScanned: lines.reduce((sum, count) => sum + count, 0),
    tool: { name: 'bot-audit', version: plugin.meta.version },
  });
  return formatMarkdown(report, { top: DEFAULT_TOP, config: 'the project\'s ESLint config', excerpt: createSources(root).excerpt });
}
