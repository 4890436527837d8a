#!/usr/bin/env node
import module from 'node:module';

import { loadBundledCli, preloadTypeScript, tuneTiering } from './cli/start-up.js';

// Before anything else loads: V8 optimises only code that stays hot (an audit of a few files ends
// before optimised code pays back), and V8's code cache for the modules loaded below (Node ≥ 22.1,
// as ESLint's and TypeScript's own commands do): a later start skips compiling ESLint, TypeScript and
// the rules again. Node 20 has no such cache: there our own modules come from one bundled script
// with a code cache (`loadBundledCli`), and TypeScript gets one too (`preloadTypeScript`, once the
// arguments are valid). So `main` is loaded only after both are on.
tuneTiering();
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { main } = (await loadBundledCli())?.module ?? (await import('./cli/main.js'));

// ESLint reports advice as process warnings, which Node prints with a stack hint. Keep piped output
// (CI logs) clean: advice is one line, and only on a terminal. A `.eslintignore` in the audited tree
// is irrelevant to the embedded config (discovery honours .gitignore), so that warning is dropped.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name === 'ESLintIgnoreWarning') return;
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
  preload: () => {
    preloadTypeScript();
  },
});
