import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll } from 'vitest';

import { main, type Io } from '../../src/cli/main.js';
import type { Report } from '../../src/cli/report.js';

export const root = path.join(import.meta.dirname, '../..');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(args: string[], io: Partial<Io> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: root,
    env: {},
    ...io,
  });
  return { code, stdout, stderr };
}

export async function runJson(args: string[], io: Partial<Io> = {}): Promise<Run & { report: Report }> {
  const result = await run([...args, '--format', 'json'], io);
  return { ...result, report: JSON.parse(result.stdout) as Report };
}

/** `file:line rule` for each finding, as in demo-bot.expected.ts. */
export const findingKeys = (report: Report, prefix = ''): string[] =>
  report.findings.map((finding) => `${finding.file.slice(prefix.length)}:${finding.line} ${finding.ruleId.replace(/^bot-audit\//, '')}`).sort();

/** A temporary tree: `{ 'src/a.js': 'code' }`. */
export function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bot-audit-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/**
 * A `tree` maker whose trees are removed once the test file has run: call it once, at the top level
 * of a test file.
 */
export function temporaryTrees(): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const dir = tree(files);
    dirs.push(dir);
    return dir;
  };
}

/**
 * A file with one swallowed error: one `no-swallowed-error` finding — a rule of experimental measured
 * precision (since session 17), so only `--rules all` runs it, and reports it at P2: it does not fail
 * the default gate (`--fail-on P2` does). Tests that audit it pass `--rules all`.
 */
export const SWALLOW = 'try { run(); } catch {}\n';

/**
 * A grammY bot started with no `bot.catch`: one `require-bot-error-handler` finding (of medium precision
 * since round 23, high in round 25, low in round 34, medium again since round 35; before it, the request without a
 * deadline of `require-http-timeout` played this part). Reported at its priority, P1, since round 35 (P2 in round 34),
 * so it fails the default gate and `--fail-on P2`. The bot is started in the file,
 * so a project does not classify it as uncalled.
 */
export const GATED_FINDING =
  "import { Bot } from 'grammy';\n\nconst bot = new Bot(process.env.BOT_TOKEN);\nbot.command('start', (ctx) => ctx.reply('Hi'));\nbot.start();\n";

/** Validates against the official SARIF 2.1.0 schema shipped by @microsoft/jest-sarif. */
export function sarifValidator() {
  const schema = JSON.parse(
    readFileSync(path.join(root, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
  ) as object;
  // The schema's language-tag pattern is not a valid `u`-flag regular expression.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

/** Validates against docs/report.schema.json, the documented JSON report schema. */
export function reportValidator() {
  const schema = JSON.parse(readFileSync(path.join(root, 'docs/report.schema.json'), 'utf8')) as object;
  const ajv = new Ajv.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
