import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runsInNextServer } from '../../src/analysis/project/index.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-audit-next-server-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const HOOK = "export async function register() {\n  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./bot');\n}\n";
const NEXT_START = { dev: 'next dev', build: 'next build', start: 'next start' };

/** A Next.js project with `src/instrumentation.ts` importing `src/bot.ts`; the path of `src/bot.ts`. */
function project(name: string, manifest: Record<string, unknown>, files: Record<string, string> = {}): string {
  const directory = path.join(root, name);
  const all = { 'package.json': JSON.stringify(manifest), 'src/instrumentation.ts': HOOK, 'src/bot.ts': '', 'src/unused.ts': '', ...files };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
    fs.writeFileSync(path.join(directory, file), text);
  }
  return path.join(directory, 'src', 'bot.ts');
}
const next = (version: string, scripts: Record<string, string> = NEXT_START) => ({ scripts, dependencies: { next: version, 'node-telegram-bot-api': '^0.64.0' } });

describe('runsInNextServer', () => {
  it('is true for a module the instrumentation hook imports, under `next start` of Next.js 14', () => {
    const bot = project('hook', next('14.0.2'));
    expect(runsInNextServer(bot)).toBe(true);
    // A module nothing Next.js loads imports: not proven to run there.
    expect(runsInNextServer(path.join(path.dirname(bot), 'unused.ts'))).toBe(false);
  });
  it('is true for a module a route imports', () => {
    const bot = project('route', next('15.1.0'), { 'src/instrumentation.ts': '', 'src/app/api/hook/route.ts': "import '../../../bot';\nexport async function POST() {}\n" });
    expect(runsInNextServer(bot)).toBe(true);
  });
  it.each([
    ['Next.js 13.4 (its app ran in worker processes)', project('old', next('13.4.19'))],
    ['no Next.js', project('plain', { scripts: { start: 'next start' }, dependencies: { 'node-telegram-bot-api': '^0.64.0' } })],
    ['a custom server', project('custom', next('14.0.2', { start: 'node server.js' }), { 'server.js': "require('next');\n" })],
    ['no `next start`', project('dev-only', next('14.0.2', { dev: 'next dev' }))],
    ['a second program a host may run', project('second', next('14.0.2', { ...NEXT_START, bot: 'tsx src/bot.ts' }))],
    ['a Vercel project', project('vercel', next('14.0.2'), { 'vercel.json': '{}' })],
    ['a folder of functions besides', project('functions', next('14.0.2'), { 'netlify/functions/hook.ts': 'export const handler = () => {};\n' })],
    ['entries that cannot be told', project('open', next('14.0.2', { start: 'next start && some-platform serve' }))],
  ])('is false with %s', (_, bot) => {
    expect(runsInNextServer(bot)).toBe(false);
  });
  it('is false for a relative path or a file outside any package', () => {
    expect(runsInNextServer('src/bot.ts')).toBe(false);
    expect(runsInNextServer(path.join(path.parse(root).root, 'no-package-here', 'bot.ts'))).toBe(false);
  });
});
