/**
 * Archive copies: a package folder the repository keeps as a snapshot of the package it deploys
 * (`old-version/`, `backup (payments work)/`, a copy made before a rewrite), which nothing builds or
 * runs. Such a folder has its own package.json and its own Procfile — copied with the rest — so its
 * entry points look live to the module graph, and every defect the live package has since fixed is
 * reported again from the copy.
 *
 * A package folder below the audited root is an archive copy of a live package when all of these hold:
 * - the live package is proven: the root deploys (a deployment setting sits at the root or in its
 *   `docker/` folder — Procfile, Dockerfile, docker-compose, Railway/Render/Nixpacks/Fly/Vercel/
 *   Netlify/Wrangler settings, pm2, a shell script; a CI workflow or a `start` script alone proves
 *   nothing: a host may be given another folder), and the live package is the root's own package, a
 *   package those settings or the root package.json name by its path, or a package of the root's
 *   workspaces;
 * - the folder carries the live package's package.json `name` (a workspace cannot hold two packages
 *   of one name: one of them is not what the name installs or runs) and is not live itself;
 * - its code files mostly repeat the live package's, file by file at the same relative paths: at
 *   least {@link MIN_SHARED} of its lines of code (lines of ten characters or more: braces and short
 *   lines say nothing) are lines of the file at the same path in the live package;
 * - nothing outside it names it: no deployment setting, package.json (`scripts`, `main`, `bin`,
 *   `exports`, `workspaces`, a `file:` dependency), workspace pattern, tsconfig or build file
 *   mentions its folder name as a path, and no file outside it imports one of its files;
 * - it deploys nothing of its own: each deployment setting inside it is a copy (same lines) of the
 *   file at the same path in the live package. A Procfile or Dockerfile of its own (not in the live
 *   package, or different) may be what a host with that folder as its root directory deploys.
 *
 * When neither of two copies is proven live (the root deploys nothing), both stay. Defects in
 * an archive copy are either in the live package too (reported there) or fixed there.
 */
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

import { escapeRegExp } from '../ast/index.js';
import { importersOf } from './importers.js';
import { packageAt } from './packages.js';
import { isSource, listProjectFiles, readSmallText } from './resolve.js';
import { workspacePatternFolders, workspacePatterns } from './workspaces.js';

/** An archive copy: its folder and the live package folder it copies, both absolute. */
export interface ArchiveCopy {
  readonly dir: string;
  readonly copyOf: string;
  /** The share of its lines of code found in the live package's files at the same paths. */
  readonly shared: number;
}

/** The share of a folder's lines of code that must be lines of the live package's files at the same paths. */
export const MIN_SHARED = 0.5;
/** Lines shorter than this (trimmed) are not counted: `}`, `});`, `try {` repeat in any code. */
const MIN_LINE = 10;
const MAX_BYTES = 1024 * 1024;

/** Settings that deploy a folder: a host reads them from the folder it is given. */
const DEPLOY_FILE =
  /^(?:Procfile|Dockerfile[\w.-]*|[\w.-]+\.dockerfile|(?:docker-)?compose[\w.-]*\.ya?ml|railway\.(?:json|toml)|render\.ya?ml|nixpacks\.toml|fly\.toml|app\.(?:json|ya?ml)|vercel\.json|netlify\.toml|wrangler\.(?:toml|jsonc?)|serverless\.ya?ml|(?:ecosystem|pm2|process)(?:\.config)?\.(?:[cm]?js|json|ya?ml)|[\w.-]+\.sh)$/;
/** Settings that build or list packages, and so may name a folder. */
const BUILD_FILE = /^(?:package\.json|pnpm-workspace\.yaml|(?:ts|js)config[\w.-]*\.json|lerna\.json|turbo\.json|nx\.json|Makefile)$/;

/**
 * Whether a file is a setting that can deploy, build or name a folder ({@link archiveCopies} reads
 * them): `deploy` for a deployment setting (also a GitHub Actions workflow), `build` for package.json,
 * workspace, tsconfig and build-tool files; null for anything else.
 */
export function settingKind(file: string): 'deploy' | 'build' | null {
  const name = path.basename(file);
  if (DEPLOY_FILE.test(name)) return 'deploy';
  if (BUILD_FILE.test(name)) return 'build';
  return isWorkflow(file) ? 'deploy' : null;
}

/**
 * The deployment settings a host reads from a package folder: those in the folder itself or its
 * `docker/` folder (a Procfile, a Dockerfile, Fly/Render/Railway/Vercel/Wrangler settings, pm2, a shell
 * script). A CI workflow is not one: it may only test.
 */
export function deploymentSettingsOf(dir: string): string[] {
  return [dir, path.join(dir, 'docker')].flatMap((folder) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries.filter((entry) => !entry.isDirectory() && DEPLOY_FILE.test(entry.name)).map((entry) => path.join(folder, entry.name));
  });
}

/** A GitHub Actions workflow (`.github/workflows/deploy.yml`). */
function isWorkflow(file: string): boolean {
  const folder = path.dirname(file);
  return /\.ya?ml$/.test(file) && path.basename(folder) === 'workflows' && path.basename(path.dirname(folder)) === '.github';
}

const isInside = (parent: string, child: string): boolean => child.startsWith(parent + path.sep);
/** Characters that may stand around a path written in a setting: quotes, spaces, separators of lists and keys. */
const EDGE = `\\s'"\`=:,;()[\\]{}`;

/** The text of a setting in which a folder may be named; for a package.json, only the fields that run, build or link code (its `name` and `description` may repeat a folder name). */
function namingText(file: string): string {
  const text = readSmallText(file, MAX_BYTES) ?? '';
  if (path.basename(file) !== 'package.json') return text;
  try {
    const { scripts, main, module, bin, exports, workspaces, dependencies, devDependencies } = JSON.parse(text) as Record<string, unknown>;
    const links = (deps: unknown): unknown => (typeof deps === 'object' && deps !== null ? Object.values(deps) : []);
    return JSON.stringify([scripts, main, module, bin, exports, workspaces, links(dependencies), links(devDependencies)]);
  } catch {
    return text;
  }
}

/** The package.json `name` of a folder, or null. */
function nameOf(dir: string): string | null {
  const name = packageAt(dir).manifest?.name;
  return typeof name === 'string' && name !== '' ? name : null;
}

/** A setting's lines, trimmed, without blank lines: two copies of one Procfile compare equal whatever their line ends. */
const settingLines = (file: string): string | null =>
  readSmallText(file, MAX_BYTES)
    ?.split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n') ?? null;

const codeLines = (file: string): string[] =>
  (readSmallText(file, MAX_BYTES) ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_LINE);

/** The share of the lines of code of `dir`'s source files (`files`) that are lines of the file at the same path below `live` (each line counted as often as it occurs in both). */
function sharedShare(dir: string, files: readonly string[], live: string): number {
  let total = 0;
  let shared = 0;
  for (const file of files) {
    const lines = codeLines(file);
    total += lines.length;
    const counts = new Map<string, number>();
    for (const line of codeLines(path.join(live, path.relative(dir, file)))) counts.set(line, (counts.get(line) ?? 0) + 1);
    for (const line of lines) {
      const left = counts.get(line) ?? 0;
      if (left === 0) continue;
      shared++;
      counts.set(line, left - 1);
    }
  }
  return total === 0 ? 0 : shared / total;
}

/**
 * The archive copies among the package folders found below `root` (see the file's comment), given
 * the package folders (`packageDirs`: folders with a package.json, `root` included when it has one)
 * and the settings (`settings`: files {@link settingKind} takes) found by the same walk, so that
 * ignored and installed folders are left out alike. Reads files only for a folder that carries the
 * name of a live package.
 */
export function archiveCopies(root: string, packageDirs: readonly string[], settings: readonly string[]): ArchiveCopy[] {
  // Outer folders first: a package inside an archive copy goes with it.
  const nested = packageDirs.filter((dir) => isInside(root, dir)).sort((a, b) => a.length - b.length);
  // A CI workflow (in `.github/`) may only test, and a start script alone says nothing of which folder a host is given.
  const atRoot = (file: string): boolean => [root, path.join(root, 'docker')].includes(path.dirname(file));
  const rootDeploys = settings.filter((file) => atRoot(file) && settingKind(file) === 'deploy');
  if (nested.length === 0 || rootDeploys.length === 0) return [];
  const live = liveFolders(root, packageDirs, nested, rootDeploys);
  const copies: ArchiveCopy[] = [];
  let workspaceMembers: ReadonlyMap<string, readonly string[]> | null = null;
  for (const dir of nested) {
    if (live.has(dir) || copies.some((copy) => isInside(copy.dir, dir))) continue;
    const name = nameOf(dir);
    const counterparts = name === null ? [] : [...live].filter((other) => other !== dir && !isInside(dir, other) && nameOf(other) === name);
    if (counterparts.length === 0) continue;
    workspaceMembers ??= membersByRoot(settings);
    if (namedOutside(dir, settings, workspaceMembers)) continue;
    const files = listProjectFiles(dir, (file) => isSource(file));
    // Code that runs may import a file of the copy: the copy then runs too.
    if (files.some((file) => importersOf(root, file).some((importer) => !isInside(dir, importer)))) continue;
    for (const other of counterparts) {
      if (deploysOnItsOwn(dir, other, settings)) continue;
      const shared = sharedShare(dir, files, other);
      if (shared >= MIN_SHARED) {
        copies.push({ dir, copyOf: other, shared });
        break;
      }
    }
  }
  return copies;
}

/** Whether `text` names the folder at `relative` (posix, from the setting's folder) as a path: `./bot`, `"bot/"`, `COPY bot /app`. */
function namesPath(text: string, relative: string): boolean {
  return new RegExp(`(?:^|[${EDGE}])(?:\\./)?${escapeRegExp(relative)}(?=$|[${EDGE}/\\\\])`, 'm').test(text);
}

/**
 * The live package folders: the root when it has a package.json (a deployment setting sits at the
 * root), the package folders the root's deployment settings or package.json name by their path, and
 * the root's workspace packages.
 */
function liveFolders(root: string, packageDirs: readonly string[], nested: readonly string[], rootDeploys: readonly string[]): Set<string> {
  const live = new Set<string>();
  if (packageDirs.includes(root)) live.add(root);
  const texts = [...rootDeploys, path.join(root, 'package.json')].map(namingText);
  for (const dir of nested) {
    const relative = path.relative(root, dir).split(path.sep).join('/');
    if (texts.some((text) => namesPath(text, relative))) live.add(dir);
  }
  const members = new Set(workspacePatterns(root, packageAt(root).manifest?.workspaces).flatMap((pattern) => workspacePatternFolders(root, pattern)));
  for (const dir of nested) if (members.has(dir)) live.add(dir);
  return live;
}

/** The package folders each workspace root among the settings (a package.json with `workspaces`, a `pnpm-workspace.yaml`) names, by the root's folder. */
function membersByRoot(settings: readonly string[]): Map<string, readonly string[]> {
  const members = new Map<string, readonly string[]>();
  for (const file of settings) {
    const name = path.basename(file);
    if (name !== 'package.json' && name !== 'pnpm-workspace.yaml') continue;
    const dir = path.dirname(file);
    if (members.has(dir)) continue;
    const workspaces = name === 'package.json' ? packageAt(dir).manifest?.workspaces : undefined;
    members.set(dir, workspacePatterns(dir, workspaces).flatMap((pattern) => workspacePatternFolders(dir, pattern)));
  }
  return members;
}

/**
 * Whether a setting outside `dir` names it: its folder name written as a path (`old-bot/`, `./old-bot`,
 * `cd old-bot`, `apps/old-bot`) in a deployment, package.json or build setting, or a workspace
 * pattern (`apps/*`) that takes it.
 */
function namedOutside(dir: string, settings: readonly string[], workspaceMembers: ReadonlyMap<string, readonly string[]>): boolean {
  const base = escapeRegExp(path.basename(dir));
  const mention = new RegExp(`(?:^|[${EDGE}/\\\\])${base}(?=$|[${EDGE}/\\\\])`, 'm');
  if ([...workspaceMembers].some(([workspace, members]) => !isInside(dir, workspace) && workspace !== dir && members.includes(dir))) return true;
  return settings.some((file) => !isInside(dir, file) && mention.test(namingText(file)));
}

/**
 * Whether `dir` has a deployment setting of its own: one with no twin (same lines) at the same path
 * below the live package folder `live`.
 */
function deploysOnItsOwn(dir: string, live: string, settings: readonly string[]): boolean {
  return settings.some((file) => {
    if (!isInside(dir, file) || settingKind(file) !== 'deploy') return false;
    const twin = settingLines(path.join(live, path.relative(dir, file)));
    return twin === null || twin !== settingLines(file);
  });
}
