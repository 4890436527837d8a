import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { root } from './helpers.js';

const exec = promisify(execFile);
const startUp = pathToFileURL(path.join(root, 'dist/cli/start-up.js')).href;
const dirs: string[] = [];

/**
 * Runs the BUILT preload in a fresh Node process (the test process has TypeScript loaded already),
 * then `require('typescript')` as typescript-eslint's parser does. Prints what the preload did and
 * whether the parser's `require` got the preloaded module.
 */
async function preloadIn(cacheDir: string, before = ''): Promise<{ outcome: string; same: boolean; version: string }> {
  const script = `
    ${before}
    const { createRequire } = await import('node:module');
    const { preloadTypeScript } = await import(${JSON.stringify(startUp)});
    const outcome = preloadTypeScript({ cacheDir: ${JSON.stringify(cacheDir)} });
    const fromParser = createRequire(createRequire(${JSON.stringify(startUp)}).resolve('@typescript-eslint/typescript-estree'));
    const file = fromParser.resolve('typescript');
    const ts = fromParser('typescript');
    console.log(JSON.stringify({ outcome, same: outcome === 'skipped' || createRequire(file).cache[file]?.exports === ts, version: ts.version }));
  `;
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
  return JSON.parse(stdout) as { outcome: string; same: boolean; version: string };
}

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/cli/start-up.js'))) throw new Error('dist/cli/start-up.js is missing: run `npm run build` (npm test does) before these tests');
});
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const hasCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe('preloadTypeScript: TypeScript from a V8 code cache on Node without module.enableCompileCache', () => {
  it.skipIf(hasCompileCache)('compiles and writes the cache once, then loads from it; the parser gets the same module', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'bot-audit-cache-'));
    dirs.push(cacheDir);
    const first = await preloadIn(cacheDir);
    expect(first).toMatchObject({ outcome: 'loaded', same: true });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^typescript-[0-9a-f]{40}\.bin$/)]);
    const second = await preloadIn(cacheDir);
    expect(second).toEqual({ ...first, outcome: 'cached' });
  });

  it.skipIf(hasCompileCache)('a cache V8 rejects is compiled afresh and rewritten', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'bot-audit-cache-'));
    dirs.push(cacheDir);
    await preloadIn(cacheDir);
    const [file] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, file!), 'not a code cache');
    expect(await preloadIn(cacheDir)).toMatchObject({ outcome: 'loaded', same: true });
    expect((await preloadIn(cacheDir)).outcome).toBe('cached');
  });

  it('an unwritable cache folder only costs the cache', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'bot-audit-cache-'));
    dirs.push(parent);
    const blocked = path.join(parent, 'file');
    writeFileSync(blocked, '');
    const result = await preloadIn(path.join(blocked, 'cache'));
    expect(result.same).toBe(true);
    expect(result.outcome).toBe(hasCompileCache ? 'skipped' : 'loaded');
  });

  it("does nothing where Node's own compile cache exists", async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'bot-audit-cache-'));
    dirs.push(cacheDir);
    const result = await preloadIn(cacheDir, "(await import('node:module')).default.enableCompileCache ??= () => undefined;");
    expect(result.outcome).toBe('skipped');
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

/**
 * Loads the BUILT command from its bundle in a fresh Node process (`loadBundledCli`) and runs it on
 * `args`, as cli.ts does; prints what the loader did and the command's output.
 */
async function bundledIn(cacheDir: string, args: string[], bundle?: string): Promise<{ outcome: string; code: number; stdout: string }> {
  const script = `
    const { loadBundledCli } = await import(${JSON.stringify(startUp)});
    const loaded = await loadBundledCli({ cacheDir: ${JSON.stringify(cacheDir)}${bundle ? `, bundle: new URL(${JSON.stringify(bundle)})` : ''} });
    let stdout = '';
    const code = loaded ? await loaded.module.main(${JSON.stringify(args)}, { stdout: (text) => (stdout += text), stderr: () => {}, cwd: ${JSON.stringify(root)}, env: {} }) : -1;
    console.log(JSON.stringify({ outcome: loaded?.outcome ?? 'none', code, stdout }));
  `;
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as { outcome: string; code: number; stdout: string };
}

/** The same command from tsc's modules, one by one (what cli.ts falls back to). */
async function unbundled(args: string[]): Promise<{ code: number; stdout: string }> {
  const script = `
    const { main } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist/cli/main.js')).href)});
    let stdout = '';
    const code = await main(${JSON.stringify(args)}, { stdout: (text) => (stdout += text), stderr: () => {}, cwd: ${JSON.stringify(root)}, env: {} });
    console.log(JSON.stringify({ code, stdout }));
  `;
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as { code: number; stdout: string };
}

/** A JSON report without its date. */
const undated = (stdout: string): unknown => ({ ...(JSON.parse(stdout) as object), generatedAt: undefined });

describe('loadBundledCli: the command\'s own modules as one script with a V8 code cache', () => {
  it('compiles and writes the cache once, then runs from it; the report is the one tsc\'s modules give', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'bot-audit-cache-'));
    dirs.push(cacheDir);
    // The demo reaches every part of the command: discovery, TypeScript, SQL (the WASM parser), the report.
    const args = ['examples/demo-bot', '-f', 'json', '--fail-on', 'never'];
    const first = await bundledIn(cacheDir, args);
    expect(first.outcome).toBe('loaded');
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^cli-[0-9a-f]{40}\.bin$/)]);
    const second = await bundledIn(cacheDir, args);
    expect(second.outcome).toBe('cached');
    const reference = await unbundled(args);
    expect(first.code).toBe(reference.code);
    expect(undated(first.stdout)).toEqual(undated(reference.stdout));
    expect(undated(second.stdout)).toEqual(undated(reference.stdout));
  });

  it('a cache V8 rejects is compiled afresh and rewritten', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'bot-audit-cache-'));
    dirs.push(cacheDir);
    await bundledIn(cacheDir, ['--version']);
    const [file] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, file!), 'not a code cache');
    expect((await bundledIn(cacheDir, ['--version'])).outcome).toBe('loaded');
    expect((await bundledIn(cacheDir, ['--version'])).outcome).toBe('cached');
  });

  it('without a bundle (a build that made none) it loads nothing: cli.ts imports main.js', async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'bot-audit-cache-'));
    dirs.push(cacheDir);
    expect(await bundledIn(cacheDir, ['--version'], pathToFileURL(path.join(cacheDir, 'no-bundle.js')).href)).toMatchObject({ outcome: 'none' });
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('is a plain script (no module syntax) in which every module keeps its own file URL', () => {
    const bundle = readFileSync(path.join(root, 'dist/cli/bundle.js'), 'utf8');
    expect(bundle).not.toMatch(/\bimport\.meta\b/);
    // run.ts starts ESLint's workers from the module beside it; index.ts reads ../package.json.
    expect(bundle).toContain('new URL("./cli/run.js", __botAuditDistUrl).href');
    expect(bundle).toContain('new URL("./index.js", __botAuditDistUrl).href');
  });

  it('reads a package imported by name into plain variables, not through a getter per use', () => {
    const bundle = readFileSync(path.join(root, 'dist/cli/bundle.js'), 'utf8');
    // esbuild's CommonJS interop answers every `import_utils.AST_NODE_TYPES` through getters (1.5–2.5%
    // of an audit's CPU on real bots); only the parser, imported whole by `import()`, keeps it.
    expect([...bundle.matchAll(/__toESM\((require_[\w$]+)\(\)/g)].map((match) => match[1])).toEqual(['require_parser']);
    expect(bundle).toMatch(/\{[^}]*\bAST_NODE_TYPES\b[^}]*\} = required\d*\)?;/);
  });
});

describe('userCacheDirectory: the code cache lives where only the user can write', () => {
  const saved = process.env.XDG_CACHE_HOME;
  afterAll(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });

  it('is $XDG_CACHE_HOME/bot-audit, else ~/.cache/bot-audit; never the shared temporary folder', async () => {
    const { userCacheDirectory } = (await import(startUp)) as { userCacheDirectory: () => string };
    process.env.XDG_CACHE_HOME = '/home/someone/.xdg-cache';
    expect(userCacheDirectory()).toBe(path.join('/home/someone/.xdg-cache', 'bot-audit'));
    // A relative value is not a cache home (the XDG spec says to ignore it).
    process.env.XDG_CACHE_HOME = 'relative/cache';
    expect(userCacheDirectory()).toBe(path.join(homedir(), '.cache', 'bot-audit'));
    delete process.env.XDG_CACHE_HOME;
    expect(userCacheDirectory()).toBe(path.join(homedir(), '.cache', 'bot-audit'));
    expect(userCacheDirectory().startsWith(tmpdir() + path.sep)).toBe(false);
  });
});
