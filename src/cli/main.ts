import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { ESLint } from 'eslint';

import plugin from '../index.js';
import { SOURCE_FILES, embeddedConfig } from './embedded-config.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export const USAGE = `Usage: bot-audit [paths...] [options]

Audits JavaScript and TypeScript bot code with eslint-plugin-bot-audit's recommended rules.
No ESLint config is needed.

Options:
  -h, --help       Show this help
  -v, --version    Show the version

Exit codes: 0 no errors, 1 errors found, 2 usage error.`;

/** Runs the command; returns the exit code. Usage problems are one line on stderr, never a stack. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    });
  } catch (error) {
    io.stderr(`bot-audit: ${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (parsed.values.version) {
    io.stdout(`${plugin.meta.version}\n`);
    return 0;
  }
  const targets = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  for (const target of targets) {
    if (!existsSync(path.resolve(io.cwd, target))) {
      io.stderr(`bot-audit: no such file or directory: ${target}\n`);
      return 2;
    }
  }

  const { config, typescript } = await embeddedConfig();
  if (!typescript) io.stderr('bot-audit: the `typescript` package is not installed; auditing JavaScript files only.\n');
  const eslint = new ESLint({
    cwd: io.cwd,
    overrideConfigFile: true,
    overrideConfig: config,
    errorOnUnmatchedPattern: false,
  });
  const patterns = targets.map((target) => target);
  const results = await eslint.lintFiles(patterns.length > 0 ? patterns : SOURCE_FILES);

  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    const file = path.relative(io.cwd, result.filePath) || result.filePath;
    for (const message of result.messages) {
      const severity = message.severity === 2 ? 'error' : 'warning';
      if (message.severity === 2) errors++;
      else warnings++;
      const rule = message.ruleId ?? (message.fatal ? 'parse-error' : 'eslint');
      io.stdout(`${file}:${message.line}:${message.column}  ${severity}  ${message.message}  ${rule}\n`);
    }
  }
  const total = errors + warnings;
  io.stdout(
    total === 0
      ? `bot-audit: ${results.length} files audited, no problems found.\n`
      : `\nbot-audit: ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${results.length} files.\n`,
  );
  return errors > 0 ? 1 : 0;
}
