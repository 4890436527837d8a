import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { componentScript, importersOf, isComponent, projectModuleFile, svelteKitRole, usedOnlyInBrowser } from '../../src/analysis/project/index.js';
import { packageAt, svelteKitAliases } from '../../src/analysis/project/packages.js';

const kit = path.join(import.meta.dirname, '../fixtures/sveltekit-admin');
const at = (file: string): string => path.join(kit, file);
const relative = (files: readonly string[]): string[] => files.map((file) => path.relative(kit, file));

describe('componentScript: the <script> blocks of a Svelte or Vue component', () => {
  it('keeps every code block (lang="ts", setup, context="module", generics with `>`) and nothing of the markup', () => {
    const text = [
      '<script context="module" lang="ts">export const prerender = false;</script>',
      '<script lang="ts" generics="T extends Record<string, unknown>">',
      "  import { list } from '$lib/api/a';",
      '</script>',
      '<p>import x from "./markup";</p>',
      '<style>.a { color: red; }</style>',
    ].join('\n');
    expect(componentScript(text)).toBe("export const prerender = false;\n\n  import { list } from '$lib/api/a';\n");
  });

  it('a Vue `<script setup>` after its template, and a `src` script as an import', () => {
    expect(componentScript('<template><b @click="go">x</b></template>\n<script setup lang="ts">\nimport { go } from "./go";\n</script>')).toBe('\nimport { go } from "./go";\n');
    expect(componentScript('<template/>\n<script src="./logic.ts"></script>')).toBe('import "./logic.ts";\n');
  });

  it('leaves out HTML comments, JSON-LD and templates', () => {
    expect(componentScript("<!-- <script>import './old';</script> -->\n<script type=\"application/ld+json\">{\"a\": 1}</script>")).toBe('');
    expect(componentScript('<script type="text/template"><b/></script><script type="module">import "./m";</script>')).toBe('import "./m";');
  });

  it('a file with no script block has no code', () => {
    expect(componentScript('<h1>Hello</h1>')).toBe('');
    expect(isComponent('/a/Page.svelte')).toBe(true);
    expect(isComponent('/a/App.vue')).toBe(true);
    expect(isComponent('/a/cart.svelte.ts')).toBe(false);
  });
});

describe('SvelteKit: where a file runs by its name', () => {
  it('server files and server-only modules', () => {
    for (const file of ['+page.server.ts', '+layout.server.js', '+server.ts', 'hooks.server.ts', 'lib/secrets.server.ts', 'lib/server/db.ts', 'lib/server/deep/q.js']) {
      expect(svelteKitRole(`/app/src/${file}`), file).toBe('server');
    }
  });

  it('universal loads and hooks run on both sides', () => {
    for (const file of ['routes/+page.ts', 'routes/x/+layout.js', 'hooks.ts', 'params/slug.ts']) expect(svelteKitRole(`/app/src/${file}`), file).toBe('universal');
  });

  it('any other module has no role', () => {
    for (const file of ['lib/api/admin.ts', 'lib/serverless.ts', 'server/index.ts', 'routes/page.ts', 'lib/server.ts']) expect(svelteKitRole(`/app/src/${file}`), file).toBeNull();
  });
});

describe('SvelteKit aliases', () => {
  it('`$lib` and a plain `kit.alias` object resolve to project files', () => {
    expect(svelteKitAliases(packageAt(kit)).map(([alias, target]) => [alias, path.relative(kit, target)])).toEqual([
      ['$lib', 'src/lib'],
      ['$api', 'src/lib/api'],
      ['$widgets', 'src/lib/components'],
    ]);
    const from = at('src/routes/(admin)/clients/+page.ts');
    expect(projectModuleFile(from, '$lib/api/clients')).toBe(at('src/lib/api/clients.ts'));
    expect(projectModuleFile(from, '$api/settings')).toBe(at('src/lib/api/settings.ts'));
    expect(projectModuleFile(from, '$lib')).toBeNull();
    expect(projectModuleFile(from, '$app/navigation')).toBeNull();
    expect(projectModuleFile(from, '$libx/a')).toBeNull();
  });

  it('a package without @sveltejs/kit has no aliases', () => {
    expect(svelteKitAliases(packageAt(path.join(import.meta.dirname, '../fixtures/vite-spa')))).toEqual([]);
  });
});

describe('importersOf with components', () => {
  it('lists the components that import a module only when asked', () => {
    const file = at('src/lib/api/categories.ts');
    expect(relative(importersOf(kit, file, { components: true }))).toEqual(['src/lib/components/CategoryModal.svelte', 'src/routes/(admin)/categories/+page.svelte']);
    expect(importersOf(kit, file)).toEqual([]);
  });

  it('a Vue component, a `kit.alias` import, and the server and universal twins', () => {
    expect(relative(importersOf(kit, at('src/lib/api/reports.ts'), { components: true }))).toEqual(['src/admin-vue/Reports.vue']);
    expect(relative(importersOf(kit, at('src/lib/api/stores.ts'), { components: true }))).toEqual(['src/lib/components/StoreList.svelte']);
    expect(relative(importersOf(kit, at('src/lib/api/settings.ts'), { components: true }))).toEqual(['src/routes/(admin)/settings/+page.server.ts', 'src/routes/(admin)/settings/+page.svelte']);
    expect(relative(importersOf(kit, at('src/lib/api/clients.ts')))).toEqual(['src/routes/(admin)/clients/+page.ts']);
  });

  it('an import in an HTML comment imports nothing', () => {
    expect(importersOf(kit, at('src/lib/api/unused.ts'), { components: true })).toEqual([]);
  });
});

describe('usedOnlyInBrowser: what server-side rendering runs of a component', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'components-ssr-'));
  fs.writeFileSync(path.join(dir, 'api.ts'), 'export const api = { list: async () => [] };\nexport async function save() {}\n');
  let count = 0;
  const component = (text: string, extension = '.svelte'): boolean => {
    const file = path.join(dir, `C${++count}${extension}`);
    fs.writeFileSync(file, text);
    return usedOnlyInBrowser(file, path.join(dir, 'api.ts'));
  };
  const svelte = (script: string, markup = ''): boolean => component(`<script lang="ts">\nimport { api, save } from './api';\n${script}\n</script>\n${markup}`);

  it('event handlers, lifecycle callbacks and the local functions only they use', () => {
    expect(svelte('', '<button onclick={() => api.list()}>x</button>')).toBe(true);
    expect(svelte('', '<form on:submit|preventDefault={async () => { await save(); }}>x</form>')).toBe(true);
    expect(svelte('async function reorder() { await api.list(); }\nconst drop = () => reorder();', '<div ondrop={drop}></div>')).toBe(true);
    expect(svelte('onMount(() => { void api.list(); });\n$effect(() => { save(); });\n$effect.pre(() => save());')).toBe(true);
    expect(svelte('const load = async () => api.list();\nonMount(load);')).toBe(true);
    expect(component('<template><b @click="load">x</b></template>\n<script setup lang="ts">\nimport { save } from "./api";\nconst load = () => save();\n</script>', '.vue')).toBe(true);
  });

  it('the top level of the script, the markup and callbacks of other calls run on the server', () => {
    expect(svelte('const rows = api.list();')).toBe(false);
    expect(svelte('$: rows = api.list();')).toBe(false);
    expect(svelte('', '{#await api.list() then rows}{rows}{/await}')).toBe(false);
    expect(svelte('async function load() { await api.list(); }\nload();', '<button onclick={load}>x</button>')).toBe(false);
    expect(svelte('(async () => { await save(); })();')).toBe(false);
    expect(svelte('[1].forEach(() => save());')).toBe(false);
    expect(svelte('onDestroy(() => save());')).toBe(false);
    expect(svelte('export function refresh() { return api.list(); }')).toBe(false);
    expect(svelte('export const refresh = () => api.list();')).toBe(false);
    expect(svelte('const handlers = { go: () => save() };')).toBe(false);
  });

  it('a component that imports the module by no static import, or only its types, proves nothing', () => {
    expect(component('<script>\nconst load = () => import("./api");\n</script>')).toBe(false);
    expect(component('<script lang="ts">\nimport type { api } from "./api";\nlet x: typeof api;\n</script>')).toBe(false);
  });
});
