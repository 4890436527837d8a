import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, it, vi } from 'vitest';

const analysis = path.join(import.meta.dirname, '../../dist/analysis');

beforeAll(() => {
  if (!existsSync(path.join(analysis, 'sql/index.js'))) throw new Error('dist/analysis is missing: run `npm run build` (npm test does) before these tests');
});

/**
 * The models import each other through their entry points, so most of the analysis is one import
 * cycle: which module finishes loading first depends on which one a program (a rule, a test, the CLI)
 * imports first. A module that reads another's export while it loads (`const { list } = pgJson`)
 * fails only when the cycle is entered at the wrong module — a run that loads the rules first never
 * sees it. So every built module is imported first, once, in a module graph of its own
 * (`vi.resetModules`); the list comes from the folder, so a new module is covered without editing this.
 *
 * Vitest's module runner, not a child `node`: it is where the break was met (tests load `src` through
 * it), and it is the stricter of the two — besides the `const` read before initialisation that both
 * reject, it leaves a re-exported namespace (`export * as pgJson from …`) unset until the re-export
 * runs, where native ESM binds it at link time. Packages in node_modules stay loaded across graphs.
 */
describe('load order', () => {
  it('every module of dist/analysis loads when it is the first one imported', async () => {
    const files = readdirSync(analysis, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js')).sort();
    expect(files.length).toBeGreaterThan(100);
    const failures: string[] = [];
    for (const file of files) {
      vi.resetModules();
      try {
        await import(pathToFileURL(path.join(analysis, file)).href);
      } catch (error) {
        failures.push(`${file}: ${String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
