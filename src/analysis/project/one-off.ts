import fs from 'node:fs';
import path from 'node:path';

import { escapeRegExp } from '../ast/index.js';
import { deploymentSettingsOf } from './archives.js';
import { knownEntries } from './entries.js';
import { packageOf, type PackageInfo } from './packages.js';
import { isSource, listProjectFiles, readSmallText } from './resolve.js';

/**
 * Scripts a developer runs by hand, once, from a package's root (`node debug-webhook.js`,
 * `node check-salon-services.js`, `node fix-staff-assignment.js`), and the files a build script of
 * the package writes (`esbuild server/vercel.ts --bundle --outfile=api/index.js`). Neither is the
 * code a maintainer fixes: the first never runs in the bot's process, the second is a copy of a
 * source that is audited instead. Both are read from the package's own settings and text, never by
 * running anything.
 */

/**
 * The verbs a one-off script's name starts with (then `-` or `_`, or a capital: `migrateDataToDB.js`):
 * what it does to or with the production system by hand — look (`check`, `debug`, `verify`,
 * `inspect`, `diagnose`, `reproduce`), repair (`fix`, `patch`, `restore`, `reset`, `cleanup`,
 * `purge`), move or fill its data once (`migrate`, `seed`: what a `migrate` or `seed` script runs,
 * what `migrations/` and `seeds/` hold). Words that also name what a running bot does (`create`,
 * `update`, `send`, `sync`, `setup`, `run`, `generate`) are not among them: a root file named so may
 * be a worker started by hand.
 */
const ONE_OFF_VERBS = ['check', 'debug', 'verify', 'inspect', 'diagnose', 'reproduce', 'repro', 'fix', 'patch', 'restore', 'reset', 'cleanup', 'clean', 'purge', 'migrate', 'seed'];
/** Words that say a file is a draft (then `-` or `_` only: `tempSensor.js` reads a temperature). */
const DRAFT_WORDS = ['scratch', 'tmp', 'temp'];
const ONE_OFF_NAME = new RegExp(`^(?:${[...ONE_OFF_VERBS, ...DRAFT_WORDS].join('|')})[-_][^/\\\\]*\\.[cm]?[jt]sx?$`, 'i');
/** A verb in camel case: `migrateDataToDB.js`, `fixUserBalance.ts` (not `checkout.js`, `fixtures.js`). */
const ONE_OFF_CAMEL_NAME = new RegExp(`^(?:${ONE_OFF_VERBS.join('|')})[A-Z][^/\\\\]*\\.[cm]?[jt]sx?$`);

/** Whether a file name starts with a one-off word ({@link ONE_OFF_VERBS}, {@link DRAFT_WORDS}), then `-` or `_` (or, after a verb, a capital). */
export const oneOffName = (name: string): boolean => (ONE_OFF_NAME.test(name) || ONE_OFF_CAMEL_NAME.test(name)) && !/\.d\.[cm]?ts$/.test(name);

const MAX_BYTES = 512 * 1024;
/** Per package read: the text of the settings that can name a file (package.json, deployment settings, CI workflows). */
const settingsText = new WeakMap<PackageInfo, string>();
/** Per package read: its source files and their text (files over MAX_BYTES are left out). */
const sourcesOf = new WeakMap<PackageInfo, readonly { readonly file: string; readonly text: string }[]>();

/** The GitHub Actions workflows of the repository holding `dir` (a scheduled job may run a root script). */
function workflowsAbove(dir: string): string[] {
  const found: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    const folder = path.join(current, '.github', 'workflows');
    try {
      found.push(...fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(folder, name)));
    } catch {
      // No workflows here.
    }
    if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current) return found;
  }
}

function settingsOf(pkg: PackageInfo): string {
  let text = settingsText.get(pkg);
  if (text === undefined) {
    const files = [path.join(pkg.dir, 'package.json'), ...deploymentSettingsOf(pkg.dir), ...workflowsAbove(pkg.dir)];
    text = files.map((file) => readSmallText(file, MAX_BYTES) ?? '').join('\n');
    settingsText.set(pkg, text);
  }
  return text;
}

function sources(pkg: PackageInfo): readonly { readonly file: string; readonly text: string }[] {
  let list = sourcesOf.get(pkg);
  if (list === undefined) {
    list = listProjectFiles(pkg.dir, (name) => isSource(name)).flatMap((file) => {
      const text = readSmallText(file, MAX_BYTES);
      return text === null ? [] : [{ file, text }];
    });
    sourcesOf.set(pkg, list);
  }
  return list;
}

/** Whether `text` names the file: its name, or its name without the extension, as a whole word (`node check-db`, `require('./check-db')`). */
function names(text: string, file: string): boolean {
  const base = path.basename(file);
  const stem = base.slice(0, base.length - path.extname(base).length);
  const escaped = escapeRegExp(stem);
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-])`).test(text);
}

/**
 * Whether a file is a one-off script: a file at the root of its package whose name starts with a
 * one-off word ({@link oneOffName}), that no entry of the package is ({@link knownEntries}: `main`,
 * `bin`, scripts, Procfile, Dockerfile, …), whose name neither package.json, nor a deployment setting
 * of the package (Procfile, Dockerfile, compose, pm2, Vercel, Netlify, Wrangler, Render, Fly, shell
 * scripts), nor a CI workflow of the repository mentions, and that no other source file of the
 * package names — an import, `fork('check-db.js')`, a `spawn` argument — except another one-off
 * script. Who imports it from outside the package is the caller's to ask (importersOf).
 */
export function oneOffScript(file: string): boolean {
  if (!oneOffName(path.basename(file))) return false;
  const pkg = packageOf(file);
  if (pkg === null || pkg.manifest === null || path.dirname(file) !== pkg.dir) return false;
  if (knownEntries(pkg).files.includes(file) || names(settingsOf(pkg), file)) return false;
  return !sources(pkg).some(({ file: other, text }) => other !== file && !(path.dirname(other) === pkg.dir && oneOffName(path.basename(other))) && names(text, file));
}

/**
 * Commands that write bundled or compiled files, with the options naming what they write: `file`
 * options name one output file, `dir` options a folder of outputs. Only the options as written in a
 * package.json script are read (`esbuild … --outfile=api/index.js`, `ncc build src/index.ts -o out`),
 * never a config file the tool would load.
 */
const OUTPUT_OPTIONS: Readonly<Record<string, { readonly file: readonly string[]; readonly dir: readonly string[] }>> = {
  esbuild: { file: ['--outfile'], dir: ['--outdir'] },
  bun: { file: ['--outfile'], dir: ['--outdir'] },
  ncc: { file: [], dir: ['-o', '--out'] },
  tsup: { file: [], dir: ['-d', '--out-dir'] },
  rollup: { file: ['-o', '--file'], dir: ['-d', '--dir'] },
  webpack: { file: [], dir: ['-o', '--output-path'] },
  tsc: { file: ['--outFile'], dir: ['--outDir'] },
  swc: { file: ['-o', '--out-file'], dir: ['-d', '--out-dir'] },
  babel: { file: ['-o', '--out-file'], dir: ['-d', '--out-dir'] },
  parcel: { file: [], dir: ['--dist-dir'] },
};

/** Per package read: the output files and folders its scripts' build commands name. */
const outputsOf = new WeakMap<PackageInfo, { readonly files: ReadonlySet<string>; readonly dirs: readonly string[] }>();

/**
 * What the build commands of a package's scripts write: for each command of {@link OUTPUT_OPTIONS}
 * (after `npx`, `cross-env`, …), the path after an output option (`--outfile=x`, `--outfile x`,
 * `-o x`), resolved from the package folder (or the folder a `cd` before it moved to). An output that
 * is also an input of the same command, or a folder holding one, is not counted (the command rewrites
 * its source in place: `babel src -d src`), nor is an output folder that is the package folder or
 * outside it.
 */
function buildOutputs(pkg: PackageInfo): { readonly files: ReadonlySet<string>; readonly dirs: readonly string[] } {
  const known = outputsOf.get(pkg);
  if (known) return known;
  const files = new Set<string>();
  const dirs: string[] = [];
  const scripts = pkg.manifest?.scripts;
  for (const command of typeof scripts === 'object' && scripts !== null ? Object.values(scripts as Record<string, unknown>) : []) {
    if (typeof command !== 'string') continue;
    let cwd = pkg.dir;
    for (const segment of command.split(/&&|\|\||[;|\n]/)) {
      const tokens = segment.trim().split(/\s+/).filter((token) => token !== '').map((token) => token.replace(/^['"]|['"]$/g, ''));
      if (tokens[0] === 'cd' && tokens[1] !== undefined) {
        cwd = path.resolve(cwd, tokens[1]);
        continue;
      }
      const at = tokens.findIndex((token) => Object.hasOwn(OUTPUT_OPTIONS, path.basename(token)));
      if (at === -1) continue;
      const tool = path.basename(tokens[at]!);
      // `bun build …` bundles; `bun run x.ts` runs a file.
      if (tool === 'bun' && tokens[at + 1] !== 'build') continue;
      const options = OUTPUT_OPTIONS[tool]!;
      const args = tokens.slice(at + 1);
      const outputs: { path: string; dir: boolean }[] = [];
      const values = new Set<number>();
      args.forEach((arg, index) => {
        const [option, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
        const dir = options.dir.includes(option);
        if (!dir && !options.file.includes(option)) return;
        const value = inline ?? args[index + 1];
        if (inline === undefined) values.add(index + 1);
        if (value === undefined || value.startsWith('-') || value.includes('$')) return;
        outputs.push({ path: path.resolve(cwd, value), dir });
      });
      // The files and folders the command reads: every other argument that is not an option.
      const inputs = args.filter((arg, index) => !arg.startsWith('-') && !values.has(index)).map((arg) => path.resolve(cwd, arg));
      for (const output of outputs) {
        if (inputs.some((input) => input === output.path || input.startsWith(output.path + path.sep))) continue;
        if (!output.dir) files.add(output.path);
        else if (output.path !== pkg.dir && output.path.startsWith(pkg.dir + path.sep)) dirs.push(output.path);
      }
    }
  }
  const found = { files, dirs };
  outputsOf.set(pkg, found);
  return found;
}

/**
 * Whether a file is what a build command of a package.json script writes ({@link buildOutputs}): the
 * file an output option names, or a file below the output folder one names, in the file's package or
 * a package above it (a workspace root's script may build into a member). JavaScript files only.
 */
export function buildOutput(file: string): boolean {
  // Bundlers and compilers write JavaScript: a TypeScript file in an output folder was written by hand.
  if (!/\.[cm]?jsx?$/.test(file)) return false;
  for (let pkg = packageOf(file); pkg !== null; pkg = path.dirname(pkg.dir) === pkg.dir ? null : packageOf(pkg.dir)) {
    const { files, dirs } = buildOutputs(pkg);
    if (files.has(file) || dirs.some((dir) => file.startsWith(dir + path.sep))) return true;
  }
  return false;
}
