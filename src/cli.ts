#!/usr/bin/env node
import { main } from './cli/main.js';

// ESLint reports advice such as "You may disable concurrency" as process warnings, which Node prints
// with a stack hint. Keep piped output (CI logs) clean: advice is one line, and only on a terminal.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ESLintPoorConcurrencyWarning' && !process.stderr.isTTY) return;
  process.stderr.write(`bot-audit: ${warning.name === 'Warning' ? '' : `${warning.name}: `}${warning.message}\n`);
});

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  env: process.env,
});
