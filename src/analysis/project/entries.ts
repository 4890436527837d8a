import fs from 'node:fs';
import path from 'node:path';

import { dependsOn, packageOf, readJsonc, resolveEntry, type PackageInfo } from './packages.js';
import { isComponent } from './components.js';
import { listProjectFiles, resolveFile, SOURCE_EXTENSIONS } from './resolve.js';
import { PLATFORM_CONVENTIONS, serverlessHandlers, wranglerConfigs, wranglerMain } from './serverless.js';
import { svelteKitConventions } from './sveltekit.js';
import { workspacePatterns } from './workspaces.js';

/** Where a package's code starts running. */
export interface Entries {
  /** Entry files, absolute. */
  readonly files: readonly string[];
  /** Folders whose every file is an entry (serverless functions, Next.js routes). */
  readonly folders: readonly string[];
  /** Why every file of the package counts as run (an entry not found, a start command not understood); null when the entries are known. */
  readonly open: string | null;
  /**
   * The entry files a host may run: every entry file except those only a development script names
   * (`"dev": "ts-node src/index.ts"`, `watch`, `develop`, `dev:*`); those too when a deployment
   * setting runs a package manager (`CMD ["npm", "run", "dev"]`).
   */
  readonly deployed: readonly string[];
  /** Whether a start command a host may run is `next start` (Next.js's own server), not only `next dev` or `next build`. */
  readonly nextStart: boolean;
  /**
   * The entry files a deployment setting runs (Procfile, Dockerfile, docker-compose, pm2, a hosting
   * platform's settings, a shell script) — every entry file when one runs a package manager (and so the scripts).
   */
  readonly hosted: readonly string[];
  /**
   * The files only a test or tooling script runs ({@link ScriptRole}), with that role: named by a
   * runner (`node`, `tsx`, `bun`, …; a test framework too for a test script) in such a script, and by
   * nothing else that starts the package — no other script, `main`, `module`, `bin`, `exports` or
   * deployment setting — while a start script or deployment setting runs none of those scripts
   * (`"start": "npm test"`). Empty when the package has no other entry.
   */
  readonly scriptOnly: ReadonlyMap<string, ScriptRole>;
  /**
   * The entry files only `main`, `module` or `exports` names: what `require('<package>')` loads,
   * not a program a start command runs (a file also run by a command, `node .`, is not one).
   */
  readonly library: readonly string[];
  /**
   * Why the package fails open besides TypeScript files a start command runs that are not in the
   * repository (`"start": "tsx src/api/bot.ts"` after the file was removed): no build writes a
   * `.ts` file, so a host that deploys the repository cannot run that command, and nothing of the
   * repository runs through it. Null when those are the only reason, or when {@link open} is null.
   */
  readonly openBesidesAbsentSources: string | null;
  /**
   * Whether nothing starts the package: no start command (a script's runner, `bin`, a Procfile,
   * Dockerfile or other deployment setting) and no entry folder, and {@link open} says only that
   * (a platform that loads a module itself, AWS Lambda's `index.handler`, may still run it).
   */
  readonly unstarted: boolean;
}

/**
 * What a package.json script that runs a file is for, by its name: `test` (`test`, `test:*`,
 * `*:test`, `e2e`, `e2e:*`, `*:e2e`, `spec`, `bench`, `bench:*`, `benchmark`), or `tooling` (`seed`,
 * `migrate`, `simulate`, `lint`, with `:*` after or `*:` before) — the classes of src/scope.ts.
 */
export type ScriptRole = 'test' | 'tooling';
const TEST_SCRIPT = /^(?:(?:test|e2e|bench)(?::.*)?|.*:(?:test|e2e)|spec|benchmark)$/;
const TOOLING_SCRIPT = /^(?:(?:seed|migrate|simulate|lint)(?::.*)?|.*:(?:seed|migrate|simulate|lint))$/;
const roleOf = (script: string): ScriptRole | null => (TEST_SCRIPT.test(script) ? 'test' : TOOLING_SCRIPT.test(script) ? 'tooling' : null);
/** Test frameworks: the files given to one in a test script are test files. */
const TEST_FRAMEWORKS = new Set(['jest', 'vitest', 'mocha', 'ava', 'tap', 'tape', 'uvu', 'jasmine', 'playwright', 'cypress', 'c8', 'nyc']);

/** Commands that run a file given as an argument (`node bot.js`, `nodemon src/index.ts`); with no file they run the package's `main`. */
const RUNNERS = new Set([
  'node', 'nodejs', 'ts-node', 'ts-node-dev', 'tsnd', 'tsx', 'nodemon', 'node-dev', 'babel-node', 'esno', 'esr', 'vite-node', 'bun',
  'deno', 'pm2', 'pm2-runtime', 'forever', 'supervisor', 'probot', 'functions-framework', 'firebase', 'jiti', 'swc-node',
]);
/** Commands that build, check or prepare and never start the bot themselves. */
const TOOLS = new Set([
  'tsc', 'tsc-alias', 'tsup', 'esbuild', 'rollup', 'webpack', 'swc', 'babel', 'rimraf', 'rm', 'cp', 'mv', 'mkdir', 'echo', 'cat', 'sleep',
  'true', 'exit', 'tsc-watch', 'prisma', 'drizzle-kit', 'typeorm', 'sequelize', 'knex', 'eslint', 'prettier', 'jest', 'vitest', 'mocha', 'husky',
  'copyfiles', 'shx', 'chmod', 'git', 'docker', 'wait-on', 'concurrently', 'npm-run-all', 'run-s', 'run-p', 'kill', 'export', 'set',
  'npm', 'yarn', 'pnpm', 'cd', 'wrangler', 'vercel', 'netlify', 'next', 'nest', 'svelte-kit', 'svelte-check',
]);
/** Scripts a developer runs on their own machine (`dev`, `watch:bot`), never a host. */
const DEV_SCRIPT = /^(?:dev|develop|watch)(?::.*)?$/;
/** Commands that run the package.json scripts (`npm start`, `yarn bot`). */
const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
/** Wrappers that run the command after them. */
export const WRAPPERS: ReadonlySet<string> = new Set(['cross-env', 'env', 'dotenv', 'env-cmd', 'npx', 'bunx', 'exec', 'nohup', 'time', 'sudo']);
/** Scripts that start the program: when one runs only commands this model does not know, the package fails open. */
const START_SCRIPT = /^(?:start|dev|develop|prod|production|serve|server|bot|run|watch)(?::.*)?$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasSourceExtension = (token: string): boolean => SOURCE_EXTENSIONS.includes(path.extname(token));

interface Collector {
  readonly pkg: PackageInfo;
  readonly files: Set<string>;
  readonly folders: Set<string>;
  open: string | null;
  /** {@link Entries.openBesidesAbsentSources}. */
  openOther: string | null;
  /** The files added by something other than `main`, `module` or `exports` (see {@link Entries.library}). */
  readonly run: Set<string>;
  /** A `main` or `module` not in the repository (npm init writes `index.js`): it opens the package only when nothing else is an entry. */
  missingMain: string | null;
  /** Whether a start command was found (a script's runner, Procfile, Dockerfile, `bin`, …), not only `main`/`exports`. */
  program: boolean;
  /** Whether the entries found now may be run by a host, not only by a development script (see {@link Entries.deployed}). */
  deploying: boolean;
  readonly deployed: Set<string>;
  /** Whether a start command a host may run is `next start`. */
  nextStart: boolean;
  /** Whether a deployment setting runs a package manager, and so the package.json scripts. */
  runsScripts: boolean;
  /** Whether the entries found now are run by a deployment setting (see {@link Entries.hosted}). */
  inSettings: boolean;
  readonly hosted: Set<string>;
  /** The script being read: its name, and its role ({@link roleOf}); null outside the scripts. */
  script: { readonly name: string; readonly role: ScriptRole | null } | null;
  /** The scripts that name each file through a runner, when those scripts have a role. */
  readonly byRole: Map<string, Set<string>>;
  /** The files named any other way (another script, `main`, `bin`, a deployment setting, a tool). */
  readonly otherwise: Set<string>;
  /** The scripts a start script or a deployment setting runs through a package manager (`npm test`, `yarn seed`). */
  readonly started: Set<string>;
}

/** Why a package with no start command, only `main`, fails open ({@link Entries.open}). */
export const ONLY_MAIN = 'no start command (package.json scripts, Procfile, Dockerfile, …), only `main`: other files may be run by hand';

/** Opens the package (the first reason is kept); `absentSource`: the reason is a TypeScript file a start command runs, not in the repository. */
function opensPackage(collector: Collector, reason: string, absentSource = false): void {
  collector.open ??= reason;
  if (!absentSource) collector.openOther ??= reason;
}

/**
 * `runs`: whether the command naming the file runs it as a script of the current role (see {@link Entries.scriptOnly});
 * `library`: whether only `main`, `module` or `exports` names it (see {@link Entries.library}).
 */
function addEntry(collector: Collector, file: string, { runs = false, library = false }: { readonly runs?: boolean; readonly library?: boolean } = {}): void {
  collector.files.add(file);
  if (!library) collector.run.add(file);
  if (runs && collector.script?.role != null) {
    const names = collector.byRole.get(file) ?? new Set<string>();
    names.add(collector.script.name);
    collector.byRole.set(file, names);
  } else collector.otherwise.add(file);
  if (collector.deploying) collector.deployed.add(file);
  if (collector.inSettings) collector.hosted.add(file);
}

/**
 * A declared entry (`main`, `bin`, a Procfile line): one that cannot be found opens the package,
 * unless `opens` is false (a test or documentation script running `main` says nothing about how the program starts).
 */
function declared(collector: Collector, target: string, where: string, from = collector.pkg.dir, opens = true): void {
  const file = resolveEntry(collector.pkg, from, target);
  const reason = `${where} names \`${target}\`, which is not in the repository`;
  const library = /`(?:main|module)`|`exports`/.test(where);
  if (file !== null) {
    addEntry(collector, file, { library });
    if (!library) collector.program = true;
  } else if (/`(?:main|module)`/.test(where)) collector.missingMain ??= reason;
  else if (opens) opensPackage(collector, reason);
}

/** The package's `main` (or `index.js`), for commands that run it (`node .`, `nodemon` alone). */
function main(collector: Collector, where: string, opens: boolean): void {
  const value = collector.pkg.manifest?.main;
  declared(collector, typeof value === 'string' ? value : './index.js', where, collector.pkg.dir, opens);
}

/** A file of an npm package a runner is given: its command (`node_modules/.bin/vite`) or the package (`node_modules/typeorm/cli.js`). */
const NODE_MODULES_PROGRAM = /(?:^|\/)node_modules\/(?:\.bin\/([\w.-]+)$|((?:@[\w.-]+\/)?[\w.-]+)\/)/;

/** `node -e '…'`, `node --print …`: the runner runs the code it is given, no file. */
const INLINE_CODE = new Set(['-e', '--eval', '-p', '--print']);

/**
 * The files one shell command runs, relative to `cwd`. Returns whether bot-audit can follow it: it
 * starts something (a runner with its file or `main`, Next.js, Nest) or runs only known tools and
 * other npm scripts.
 */
function commandEntries(collector: Collector, command: string, cwd: string, where: string, starts = true): boolean {
  let started = false;
  let unknown = false;
  let dir = cwd;
  for (const segment of command.split(/&&|\|\||[;|&\n"'`()]/)) {
    const tokens = segment.trim().split(/\s+/).filter((token) => token !== '');
    while (tokens.length > 0 && (/^[A-Za-z_]\w*=/.test(tokens[0]!) || WRAPPERS.has(tokens[0]!) || (tokens[0]!.startsWith('-') && tokens.length > 1))) tokens.shift();
    // `dotenv -e .env -- node bot.js`: the runner after a wrapper's own options.
    const runner = tokens.findIndex((token) => RUNNERS.has(path.basename(token)));
    if (runner > 0 && !TOOLS.has(path.basename(tokens[0]!))) tokens.splice(0, runner);
    // `node /app/node_modules/.bin/vite preview`, `node node_modules/typeorm/cli.js`: the runner runs an npm package's program, read as that command.
    const program = tokens.length > 1 && RUNNERS.has(path.basename(tokens[0]!)) ? NODE_MODULES_PROGRAM.exec(tokens[1]!) : null;
    if (program !== null) tokens.splice(0, 2, program[1] ?? program[2]!);
    if (tokens.length === 0) continue;
    const name = path.basename(tokens[0]!);
    const args = tokens.slice(1);
    if (name === 'cd' && args[0] !== undefined) {
      dir = path.resolve(dir, args[0]);
      continue;
    }
    let ran = false;
    const role = collector.script?.role ?? null;
    // A test framework (or `node --test`) given a folder runs the test files in it, not the folder's index.
    const testing = (role === 'test' && TEST_FRAMEWORKS.has(name)) || (RUNNERS.has(name) && args.includes('--test'));
    const runs = (arg: string): boolean => (testing ? role === 'test' && hasSourceExtension(arg) : RUNNERS.has(name));
    if (PACKAGE_MANAGERS.has(name) && (collector.script === null || START_SCRIPT.test(collector.script.name))) {
      const words = args.filter((arg) => !arg.startsWith('-'));
      const script = words[0] === 'run' || words[0] === 'run-script' ? words[1] : words[0] === 't' ? 'test' : words[0];
      if (script !== undefined) collector.started.add(script);
    }
    // A TypeScript file the runner is given that is not in the repository: the command names its file, not `main`.
    let absent = false;
    // In a package folder below this one (`cd apps/bot && node dist/main.js`), that package's build maps its output to its source.
    const owner = dir === collector.pkg.dir ? collector.pkg : (packageOf(path.join(dir, 'package.json')) ?? collector.pkg);
    for (const arg of args) {
      if (arg.startsWith('-') || arg.includes('*') || arg.includes('$')) continue;
      const file = resolveEntry(owner, dir, arg.replace(/^\.\/+/, './'));
      if (file !== null) {
        addEntry(collector, file, { runs: runs(arg) });
        ran = true;
      } else if (hasSourceExtension(arg) && RUNNERS.has(name) && starts) {
        const source = /\.[cm]?tsx?$/.test(arg) && !/\.d\.[cm]?ts$/.test(arg);
        opensPackage(collector, `${where} runs \`${arg}\`, which is not in the repository`, source);
        absent ||= source;
      }
    }
    if (collector.deploying && PACKAGE_MANAGERS.has(name)) collector.runsScripts = true;
    if (RUNNERS.has(name)) {
      if (args.some((arg) => INLINE_CODE.has(arg))) continue;
      const runsScript = (name === 'bun' || name === 'pm2') && args.length > 0 && !ran;
      if (!ran && !absent && !runsScript && !args.some((arg) => /^ecosystem|\.config\.|\.json$/.test(arg))) main(collector, where, starts);
      started = true;
    } else if (name === 'next') {
      nextConventions(collector);
      if (args[0] === 'start' && collector.deploying) collector.nextStart = true;
      started = true;
    } else if (name === 'vite' && dependsOn(collector.pkg, '@sveltejs/kit')) {
      // `vite dev`, `vite build`, `vite preview` of a SvelteKit app: its routes and hooks run.
      svelteKitEntries(collector);
      started = true;
    } else if (name === 'vite' && viteEntries(collector, args)) {
      started = true;
    } else if (name === 'convex') {
      collector.folders.add(path.join(collector.pkg.dir, 'convex'));
      started = true;
    } else if (name === 'nest') {
      nestEntry(collector, where);
      started = true;
    } else if (name === 'turbo') {
      turboTasks(collector, args);
    } else if (!TOOLS.has(name)) {
      // `vite --config vite.config.ts`: a file given to a command this model does not know is not what it runs.
      unknown = true;
    }
  }
  if (started) collector.program = true;
  // A start command that also runs a program this model does not know (`npx some-platform dev &&
  // node bot.js`) may run code the graph cannot see.
  return !unknown;
}

function scriptEntries(collector: Collector): void {
  const scripts = collector.pkg.manifest?.scripts;
  if (!isRecord(scripts)) return;
  for (const [name, command] of Object.entries(scripts)) {
    if (typeof command !== 'string') continue;
    collector.deploying = !DEV_SCRIPT.test(name);
    collector.script = { name, role: roleOf(name) };
    // A test or seed script naming a file that is gone says nothing about how the program starts.
    const followed = commandEntries(collector, command, collector.pkg.dir, `script \`${name}\``, START_SCRIPT.test(name));
    if (START_SCRIPT.test(name) && !followed) {
      opensPackage(collector, `script \`${name}\` runs \`${command.slice(0, 60)}\`, which bot-audit cannot follow`);
    }
  }
  collector.script = null;
}

/** {@link Entries.scriptOnly}: the files only scripts with a role run, when the package has another entry. */
function scriptOnly(collector: Collector, folders: boolean): Map<string, ScriptRole> {
  const only = new Map<string, ScriptRole>();
  if (collector.otherwise.size === 0 && !folders) return only;
  for (const [file, names] of collector.byRole) {
    if (collector.otherwise.has(file) || [...names].some((name) => collector.started.has(name))) continue;
    // A file both a test and a tooling script run is tooling: a script run by hand may reach production.
    only.set(file, [...names].some((name) => roleOf(name) === 'tooling') ? 'tooling' : 'test');
  }
  return only;
}

/** String values anywhere in a `bin` or `exports` value (conditions, subpaths). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (isRecord(value)) return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The paths a `bin` or `exports` value names that may be a module (not a pattern, a declaration file or a data file). */
const moduleTargets = (value: unknown): string[] => stringsOf(value).filter((target) => !target.includes('*') && !/\.d\.[cm]?ts$/.test(target) && /\.[cm]?[jt]sx?$|\/$|^\.$/.test(target));

/**
 * The source files package.json names as what the package gives others: `api`, what `main`, `module`
 * and `exports` name (what `require('<package>')` loads), and `bin`, its commands; build output not in
 * the repository mapped to its source ({@link resolveEntry}). Paths that name nothing are left out.
 */
export function manifestFiles(pkg: PackageInfo): { readonly api: readonly string[]; readonly bin: readonly string[] } {
  const manifest = pkg.manifest;
  if (manifest === null) return { api: [], bin: [] };
  const files = (targets: readonly unknown[]): string[] => [
    ...new Set(targets.flatMap((target) => (typeof target === 'string' ? [resolveEntry(pkg, pkg.dir, target)] : [])).filter((file): file is string => file !== null)),
  ];
  return { api: files([manifest.main, manifest.module, ...moduleTargets(manifest.exports)]), bin: files(moduleTargets(manifest.bin)) };
}

function manifestEntries(collector: Collector): void {
  const manifest = collector.pkg.manifest!;
  for (const field of ['main', 'module'] as const) {
    const value = manifest[field];
    if (typeof value === 'string') declared(collector, value, `package.json \`${field}\``);
  }
  for (const [field, value] of [['bin', manifest.bin], ['exports', manifest.exports]] as const) {
    for (const target of moduleTargets(value)) declared(collector, target, `package.json \`${field}\``);
  }
  const dir = collector.pkg.dir;
  // What `node .` and `npm start` run without a `main` or a `start` script.
  if (typeof manifest.main !== 'string' && fs.existsSync(path.join(dir, 'index.js'))) addEntry(collector, path.join(dir, 'index.js'));
  const scripts = isRecord(manifest.scripts) ? manifest.scripts : {};
  if (typeof scripts.start !== 'string' && fs.existsSync(path.join(dir, 'server.js'))) {
    addEntry(collector, path.join(dir, 'server.js'));
    collector.program = true;
  }
}

function readText(file: string): string | null {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

/**
 * Procfile, Dockerfile, docker-compose, pm2 ecosystem, wrangler, serverless and nodemon settings at the package root.
 * `strict` (a folder with no package.json, whose settings are all that start it): a start command bot-audit
 * cannot follow (`CMD ["python", "bot.py"]`, `web: ./run`) opens the package, as an unknown start script does.
 */
function deploymentEntries(collector: Collector, strict = false): void {
  const dir = collector.pkg.dir;
  const start = (command: string, where: string, cwd = dir): void => {
    if (!commandEntries(collector, command, cwd, where) && strict) opensPackage(collector, `${where} runs \`${command.trim().slice(0, 60)}\`, which bot-audit cannot follow`);
  };
  for (const config of wranglerConfigs(collector.pkg)) {
    const main = wranglerMain(config);
    if (main !== null) declared(collector, main, path.basename(config));
  }
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  // A Dockerfile kept in `docker/` builds the package root all the same.
  const docker = path.join(dir, 'docker');
  const inDocker = isFolder(docker) ? fs.readdirSync(docker).filter((name) => name.startsWith('Dockerfile')).map((name) => path.join('docker', name)) : [];
  for (const name of [...names, ...inDocker]) {
    const file = path.join(dir, name);
    if (name === 'Procfile') {
      for (const line of readText(file)?.split('\n') ?? []) {
        const command = /^[\w-]+:\s*(.+)$/.exec(line.trim())?.[1];
        if (command !== undefined) start(command, 'Procfile');
      }
    } else if (/^(?:docker\/)?Dockerfile/.test(name)) {
      // One instruction per logical line: a `CMD` continuing `HEALTHCHECK … \` is the health check's command, not the container's.
      const text = (readText(file) ?? '').replace(/\\\r?\n/g, ' ');
      const workdirs = [...text.matchAll(/^\s*WORKDIR\s+(\S+)/gim)].map((match) => match[1]!.replace(/\/$/, ''));
      const workdir = workdirs.at(-1);
      const cwd = dockerWorkdir(dir, workdirs);
      for (const match of text.matchAll(/^\s*(?:CMD|ENTRYPOINT)\s+(.+)$/gim)) {
        let command = match[1]!;
        if (command.trim().startsWith('[')) command = stringsOf(safeJson(command)).join(' ');
        if (workdir?.startsWith('/')) command = command.split(`${workdir}/`).join('./');
        start(command, name, cwd);
      }
    } else if (/^(?:docker-)?compose[\w.-]*\.ya?ml$/.test(name)) {
      for (const match of (readText(file) ?? '').matchAll(/^\s*command:\s*(.+)$/gm)) {
        const command = match[1]!.trim().startsWith('[') ? stringsOf(safeJson(match[1]!.replace(/'/g, '"'))).join(' ') : match[1]!;
        start(command, name);
      }
    } else if (/^(?:ecosystem|pm2|process)(?:\.config)?\.(?:[cm]?js|json|ya?ml)$/.test(name)) {
      const text = readText(file) ?? '';
      const cwd = /\bcwd["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1];
      for (const match of text.matchAll(/\bscript["']?\s*:\s*["'`]([^"'`]+)["'`]/g)) {
        const script = match[1]!;
        if (PACKAGE_MANAGERS.has(script)) {
          collector.runsScripts = true;
          continue;
        }
        const from = cwd !== undefined && !path.isAbsolute(cwd) ? path.resolve(dir, cwd) : dir;
        declared(collector, script, name, from);
      }
    } else if (/^serverless\.ya?ml$/.test(name)) {
      for (const module of serverlessHandlers(readText(file) ?? '')) declared(collector, module, name);
    } else if (/^(?:railway\.json|railway\.toml|render\.ya?ml|nixpacks\.toml|fly\.toml|app\.ya?ml|app\.json)$/.test(name)) {
      // Hosting settings: Railway/Render `startCommand`, Nixpacks `cmd`, Fly `[processes]`, App Engine `entrypoint`.
      for (const match of (readText(file) ?? '').matchAll(/^\s*"?(?:startCommand|start_command|cmd|command|entrypoint|web|app|worker)"?\s*[:=]\s*(.+?),?\s*$/gm)) {
        start(match[1]!, name);
      }
    } else if (/\.sh$/.test(name)) {
      for (const line of (readText(file) ?? '').split('\n')) if (!line.trim().startsWith('#')) commandEntries(collector, line, dir, name);
    } else if (name === 'nodemon.json') {
      const exec = (readJsonc(file) as { exec?: unknown } | null)?.exec;
      if (typeof exec === 'string') commandEntries(collector, exec, dir, name);
    } else if (name === 'netlify.toml') {
      const functions = /^\s*functions\s*=\s*"([^"]+)"/m.exec(readText(file) ?? '')?.[1];
      if (functions !== undefined) collector.folders.add(path.resolve(dir, functions));
    }
  }
}

/**
 * The folder of the repository a Dockerfile's command runs in: where its last `WORKDIR` lies below an
 * earlier one the build context was copied to (`WORKDIR /app`, `COPY apps/bot apps/bot/`, then
 * `WORKDIR /app/apps/bot`), that folder of the context when it exists; else the context itself.
 */
function dockerWorkdir(dir: string, workdirs: readonly string[]): string {
  const last = workdirs.at(-1);
  if (last?.startsWith('/') !== true) return dir;
  for (const root of workdirs) {
    if (!root.startsWith('/') || !last.startsWith(`${root}/`)) continue;
    const folder = path.join(dir, last.slice(root.length + 1));
    if (isFolder(folder)) return folder;
  }
  return dir;
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Next.js runs every file under `app/` and `pages/` (routes, pages, server actions they import) and `middleware`/`instrumentation`. */
function nextConventions(collector: Collector): void {
  const dir = collector.pkg.dir;
  for (const folder of ['app', 'pages', 'src/app', 'src/pages']) collector.folders.add(path.join(dir, folder));
  for (const base of [dir, path.join(dir, 'src')]) {
    for (const name of ['middleware', 'instrumentation']) {
      const file = resolveFile(base, `./${name}`);
      if (file !== null) addEntry(collector, file);
    }
  }
}

/** SvelteKit runs every module of `src/routes/` and `src/params/`, and its hooks and service worker ({@link svelteKitConventions}). */
function svelteKitEntries(collector: Collector): void {
  const dir = collector.pkg.dir;
  const conventions = svelteKitConventions(dir);
  if (conventions === null) return opensPackage(collector, '`kit.files` in svelte.config.js moves SvelteKit’s routes and hooks, which bot-audit does not read');
  for (const folder of conventions.folders) collector.folders.add(path.join(dir, folder));
  for (const name of conventions.files) {
    const file = resolveFile(dir, `./${name}`);
    if (file !== null) addEntry(collector, file);
  }
}

/** Options of the Vite command that take a value (`--port 3000`, `--host 0.0.0.0`, `--mode staging`). */
const VITE_VALUE_OPTION = /^(?:--host|--port|--mode|-m|--base|--outDir|--logLevel|-l|--open)$/;
/** Modules a plain Vite config may import: Vite, its own framework plugins and Node's built-ins load no module of the project by themselves. */
const VITE_CONFIG_IMPORT = /^(?:vite|@vitejs\/plugin-[\w-]+|vite-tsconfig-paths|@tailwindcss\/vite|node:[\w/]+|path|url|fs)$/;

/**
 * `vite`, `vite build`, `vite preview` of a plain Vite app (not SvelteKit): vite.config runs in Node,
 * and the page is `index.html` at the package root, whose module scripts (`<script type="module"
 * src="/src/main.tsx">`) start the browser code; the PostCSS and Tailwind configs run as it builds
 * the CSS. Adds those as entries; false (the command is one
 * bot-audit cannot follow) when the command names another root or config (`vite client`, `--config`), there is no such `index.html`, a script it names is not there, it has
 * inline module code or an import map to project paths, or the config imports a plugin other than Vite's own (a plugin may load modules
 * by convention: file-based routes, a dev server's entry) or moves the root or the inputs (`root`,
 * `input`, `ssr`, `environments`).
 */
function viteEntries(collector: Collector, args: readonly string[]): boolean {
  // `vite client`, `vite build --config ../vite.config.ts`: another root or config than the package's own.
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/^(?:-c|--config|-r|--root)(?:=|$)/.test(arg)) return false;
    if (arg.startsWith('-')) {
      if (VITE_VALUE_OPTION.test(arg) && !arg.includes('=') && args[i + 1]?.startsWith('-') === false) i++;
    } else if (!/^(?:dev|serve|build|preview)$/.test(arg)) return false;
  }
  const dir = collector.pkg.dir;
  const html = readText(path.join(dir, 'index.html'));
  if (html === null) return false;
  const configs = fs.readdirSync(dir).filter((name) => /^vite\.config\.[cm]?[jt]s$/.test(name));
  const pages: string[] = [];
  for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\bsrc\s*=\s*["']([^"']+)["']/.exec(script[1]!)?.[1];
    if (src === undefined) {
      // Inline module code, or an import map that maps a name to a project path (`"@/": "./src/"`).
      if (/\bimport\b/.test(script[2]!) || (/\btype\s*=\s*["']?importmap/.test(script[1]!) && /:\s*["'](?:\.{1,2})?\/(?!\/)/.test(script[2]!))) return false;
      continue;
    }
    if (/^(?:[a-z]+:)?\/\//i.test(src)) continue;
    const file = resolveFile(dir, `./${src.replace(/^\.?\/+/, '')}`);
    if (file === null) return false;
    pages.push(file);
  }
  for (const name of configs) {
    const text = readText(path.join(dir, name)) ?? '';
    const imports = [...text.matchAll(/(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'`]([^"'`]+)["'`]/g)].map((match) => match[1]!);
    if (imports.some((specifier) => !VITE_CONFIG_IMPORT.test(specifier))) return false;
    if (/\b(?:root|input|ssr|environments)\s*:/.test(text)) {
      // `root: '.'` and `root: __dirname` keep the package root.
      const roots = [...text.matchAll(/\broot\s*:\s*([^,}\n]+)/g)].map((match) => match[1]!.trim());
      if (/\b(?:input|ssr|environments)\s*:/.test(text) || roots.some((root) => !/^(?:['"`]\.\/?['"`]|__dirname|process\.cwd\(\))$/.test(root))) return false;
    }
    pages.push(path.join(dir, name));
  }
  // The CSS tools Vite runs with the package's own settings.
  for (const name of fs.readdirSync(dir)) if (/^(?:postcss|tailwind)\.config\.[cm]?[jt]s$/.test(name)) pages.push(path.join(dir, name));
  for (const file of pages) addEntry(collector, file);
  return true;
}

/**
 * `turbo dev`, `turbo run build --filter=bot`: Turborepo runs each task as the package.json script of
 * that name in the workspace packages, which are packages of their own with their own entries. It
 * runs a script of the workspace root itself only as a root task (`//#dev` in turbo.json's `tasks`,
 * `pipeline` before Turborepo 2), and every named one in a package with no workspaces (single-package
 * mode). Those scripts count as run as `npm run <task>` runs them; the command starts no file by itself.
 */
function turboTasks(collector: Collector, args: readonly string[]): void {
  const dir = collector.pkg.dir;
  const config = (readJsonc(path.join(dir, 'turbo.json')) ?? readJsonc(path.join(dir, 'turbo.jsonc'))) as { tasks?: unknown; pipeline?: unknown } | null;
  const tasks = isRecord(config?.tasks) ? config.tasks : isRecord(config?.pipeline) ? config.pipeline : {};
  const ownScripts = workspacePatterns(dir, collector.pkg.manifest?.workspaces).length === 0;
  const words = args.filter((arg) => !arg.startsWith('-'));
  for (const task of words[0] === 'run' ? words.slice(1) : words) {
    if (!ownScripts && !(`//#${task}` in tasks)) continue;
    if (collector.script === null || START_SCRIPT.test(collector.script.name)) collector.started.add(task);
    if (collector.deploying) collector.runsScripts = true;
  }
}

/** `nest start` runs `sourceRoot/entryFile` of nest-cli.json (default `src/main`). */
function nestEntry(collector: Collector, where: string): void {
  const config = readJsonc(path.join(collector.pkg.dir, 'nest-cli.json')) as { sourceRoot?: unknown; entryFile?: unknown } | null;
  const root = typeof config?.sourceRoot === 'string' ? config.sourceRoot : 'src';
  const entry = typeof config?.entryFile === 'string' ? config.entryFile : 'main';
  declared(collector, `./${root}/${entry}`, where);
}

/**
 * The entry points of a package: `package.json` `main`, `module`, `bin`, `exports`; the files its
 * scripts run (`node`, `ts-node`, `tsx`, `nodemon`, `bun`, `pm2 start`, `deno run`, …); Procfile,
 * Dockerfile `CMD`/`ENTRYPOINT` (in the folder its last `WORKDIR` names, {@link dockerWorkdir}), docker-compose `command:`, pm2 ecosystem `script:`, wrangler `main`,
 * serverless `handler:`; serverless folders (`api/`, `netlify/functions/`), SvelteKit's `src/routes/` and hooks, and Next.js `app/` and
 * `pages/`; `index.js` and `server.js` as Node and npm run them by default. Build output not in the
 * repository maps to its source ({@link resolveEntry}).
 */
export function packageEntries(pkg: PackageInfo): Entries {
  const collector: Collector = { pkg, files: new Set(), folders: new Set(), open: null, openOther: null, run: new Set(), missingMain: null, program: false, deploying: true, deployed: new Set(), runsScripts: false, nextStart: false, inSettings: false, hosted: new Set(), script: null, byRole: new Map(), otherwise: new Set(), started: new Set() };
  // A folder with no package.json read as a package: its deployment settings alone say how it starts.
  const settingsOnly = pkg.manifest === null && !fs.existsSync(path.join(pkg.dir, 'package.json'));
  if (pkg.manifest === null && !settingsOnly) return { files: [], folders: [], open: 'package.json cannot be read', deployed: [], nextStart: false, hosted: [], scriptOnly: new Map(), library: [], openBesidesAbsentSources: 'package.json cannot be read', unstarted: false };
  if (!settingsOnly) {
    manifestEntries(collector);
    scriptEntries(collector);
  }
  collector.deploying = true;
  collector.inSettings = true;
  deploymentEntries(collector, settingsOnly);
  collector.inSettings = false;
  if (dependsOn(pkg, 'next')) nextConventions(collector);
  if (dependsOn(pkg, '@sveltejs/kit')) svelteKitEntries(collector);
  if (dependsOn(pkg, 'convex')) collector.folders.add(path.join(pkg.dir, 'convex'));
  for (const { folder } of PLATFORM_CONVENTIONS.functionFolders) collector.folders.add(path.join(pkg.dir, folder));
  const folders = [...collector.folders].filter((folder) => fs.existsSync(folder));
  const folderFiles = folders.some((folder) => listProjectFiles(folder, (name) => hasSourceExtension(name) || isComponent(name)).length > 0);
  const unstarted = collector.open === null && !collector.program && !folderFiles;
  if (collector.files.size === 0 && !folderFiles) {
    opensPackage(collector, collector.missingMain ?? 'no entry point found (package.json main/scripts, Procfile, Dockerfile, …)');
  }
  // `main`, `module` and `exports` say what a library exports, not what runs: without a start command
  // (a script, Procfile, Dockerfile, …) the files beside it may each be run by hand (`node app.mjs`).
  if (!collector.program && !folderFiles) {
    opensPackage(collector, ONLY_MAIN);
  }
  const files = [...collector.files].sort();
  return { files, folders, open: collector.open, deployed: collector.runsScripts ? files : [...collector.deployed].sort(), nextStart: collector.nextStart, hosted: collector.runsScripts ? files : [...collector.hosted].sort(), scriptOnly: scriptOnly(collector, folderFiles), library: files.filter((file) => !collector.run.has(file)), openBesidesAbsentSources: collector.openOther, unstarted };
}

/** {@link packageEntries} per package read (a new read after `clearPackageCache` is a new key). */
const entriesOf = new WeakMap<PackageInfo, Entries>();

/** {@link packageEntries}, read once per package read. */
export function knownEntries(pkg: PackageInfo): Entries {
  let entries = entriesOf.get(pkg);
  if (!entries) entriesOf.set(pkg, (entries = packageEntries(pkg)));
  return entries;
}

/**
 * Whether a file is an entry point of its package ({@link packageEntries}): an entry file (`main`,
 * `bin`, `exports`, what a script, Procfile or wrangler runs) or a file under an entry folder (Vercel
 * `api/`, Netlify and Supabase functions, Next.js `app/` and `pages/`). Code outside the project (a
 * platform, a runner, another package) may call what such a file exports; a file of no package is
 * taken for one.
 */
export function isEntryModule(file: string): boolean {
  const pkg = packageOf(file);
  if (pkg === null) return true;
  const entries = knownEntries(pkg);
  return entries.files.includes(file) || entries.folders.some((folder) => file.startsWith(folder + path.sep));
}

/** The role of the scripts that alone run a file ({@link Entries.scriptOnly}), or null. */
export function scriptRoleOf(file: string): ScriptRole | null {
  const pkg = packageOf(file);
  return pkg === null ? null : (knownEntries(pkg).scriptOnly.get(file) ?? null);
}

/** A call at the top level of a runner script, by the module its callee is imported from. */
export interface RunnerCall {
  /** The module specifier the callee's binding comes from (`./bot`, `dotenv`). */
  readonly specifier: string;
  /** The method called on the imported binding (`bot.launch()`, `require('dotenv').config()`); null for a direct call of the import (`initBot()`). */
  readonly member: string | null;
  /** The imported name called directly (`config` of `import { config } from 'dotenv'`); null for a member call. */
  readonly name: string | null;
  /** A bare load for its side effect (`import 'dotenv/config'`, `require('dotenv/config')`). */
  readonly load: boolean;
}

/** The parts of TypeScript's API read by {@link runnerCalls}. */
export interface TsParser {
  createSourceFile(name: string, text: string, target: number, setParents: boolean, kind: number): { statements: readonly TsNode[] };
  /** Calls `visit` on each child of the node (not its JSDoc). */
  forEachChild(node: TsNode, visit: (child: TsNode) => void): void;
  ScriptTarget: { Latest: number };
  ScriptKind: { TS: number; JS: number; TSX: number; JSX: number };
  SyntaxKind: Record<string, number>;
}
interface TsNode {
  kind: number;
  [key: string]: unknown;
}

/**
 * The calls of a runner script: a file whose top level only imports (`import`, `const { x } =
 * require('…')`) and calls imported bindings — `require('dotenv').config();
 * initBotPolling().catch(…)`, `await bot.launch()` — with `.then`/`.catch`/`.finally` chained on.
 * Null when any other statement runs at the top level (a declaration, a handler registered on a bot
 * it creates, `router.get(…)`). Which calls load config and which
 * launch a project module is the caller's to judge ({@link reachability}), by where each specifier resolves.
 */
export function runnerCalls(ts: TsParser, text: string, fileName: string): RunnerCall[] | null {
  const K = ts.SyntaxKind;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, /\.[cm]?tsx?$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  const bindings = new Map<string, string>();
  const calls: RunnerCall[] = [];
  const literal = (node: unknown): string | null => {
    const n = node as TsNode | undefined;
    return n !== undefined && (n.kind === K.StringLiteral || n.kind === K.NoSubstitutionTemplateLiteral) ? (n.text as string) : null;
  };
  /** `require('x')`, `await import('x')`: the specifier. */
  const loaded = (node: TsNode): string | null => {
    let current = node;
    while (current.kind === K.AwaitExpression || current.kind === K.ParenthesizedExpression) current = current.expression as TsNode;
    if (current.kind !== K.CallExpression) return null;
    const callee = current.expression as TsNode;
    const args = current.arguments as readonly TsNode[];
    const isLoader = (callee.kind === K.Identifier && callee.escapedText === 'require') || callee.kind === K.ImportKeyword;
    return isLoader && args.length === 1 ? literal(args[0]) : null;
  };
  const bindName = (name: TsNode, specifier: string): boolean => {
    if (name.kind === K.Identifier) {
      bindings.set(name.escapedText as string, specifier);
      return true;
    }
    if (name.kind !== K.ObjectBindingPattern) return false;
    return (name.elements as readonly TsNode[]).every((element) => bindName(element.name as TsNode, specifier));
  };
  for (const statement of source.statements) {
    if (statement.kind === K.ImportDeclaration) {
      const specifier = literal(statement.moduleSpecifier)!;
      const clause = statement.importClause as TsNode | undefined;
      if (clause === undefined) {
        calls.push({ specifier, member: null, name: null, load: true });
        continue;
      }
      if (clause.name !== undefined) bindName(clause.name as TsNode, specifier);
      const named = clause.namedBindings as TsNode | undefined;
      if (named !== undefined && named.kind === K.NamespaceImport) bindName(named.name as TsNode, specifier);
      else for (const element of (named?.elements as readonly TsNode[] | undefined) ?? []) bindName(element.name as TsNode, specifier);
    } else if (statement.kind === K.VariableStatement) {
      for (const declaration of (statement.declarationList as TsNode).declarations as readonly TsNode[]) {
        const init = declaration.initializer as TsNode | undefined;
        // `const x = require('x')` or `const x = require('x').y`.
        const from = init === undefined ? null : (loaded(init) ?? (init.kind === K.PropertyAccessExpression ? loaded(init.expression as TsNode) : null));
        if (from === null || !bindName(declaration.name as TsNode, from)) return null;
      }
    } else if (statement.kind === K.ExpressionStatement) {
      let expression = statement.expression as TsNode;
      if (literal(expression) !== null) continue; // 'use strict'
      while (expression.kind === K.AwaitExpression || expression.kind === K.VoidExpression || expression.kind === K.ParenthesizedExpression) expression = expression.expression as TsNode;
      // `start().then(…).catch(…)`: the call the handlers are chained on.
      while (expression.kind === K.CallExpression) {
        const callee = expression.expression as TsNode;
        const inner = callee.expression as TsNode | undefined;
        if (callee.kind !== K.PropertyAccessExpression || !/^(?:then|catch|finally)$/.test((callee.name as TsNode).escapedText as string) || inner?.kind !== K.CallExpression) break;
        expression = inner;
      }
      if (expression.kind !== K.CallExpression) return null;
      const call = runnerCall(expression, K, bindings, loaded);
      if (call === null) return null;
      calls.push(call);
    } else if (statement.kind !== K.EmptyStatement) {
      return null;
    }
  }
  return calls;
}

function runnerCall(call: TsNode, K: Record<string, number>, bindings: ReadonlyMap<string, string>, loaded: (node: TsNode) => string | null): RunnerCall | null {
  const callee = call.expression as TsNode;
  const load = loaded(call);
  if (load !== null) return { specifier: load, member: null, name: null, load: true };
  if (callee.kind === K.Identifier) {
    const specifier = bindings.get(callee.escapedText as string);
    return specifier === undefined ? null : { specifier, member: null, name: callee.escapedText as string, load: false };
  }
  if (callee.kind !== K.PropertyAccessExpression) return null;
  const object = callee.expression as TsNode;
  const member = (callee.name as TsNode).escapedText as string;
  const specifier = object.kind === K.Identifier ? bindings.get(object.escapedText as string) : (loaded(object) ?? undefined);
  return specifier === undefined ? null : { specifier, member, name: null, load: false };
}
