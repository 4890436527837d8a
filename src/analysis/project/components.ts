import fs from 'node:fs';
import path from 'node:path';

/** Single-file components whose `<script>` blocks import modules: Svelte and Vue. */
export const COMPONENT_EXTENSIONS: readonly string[] = ['.svelte', '.vue'];

/** A Svelte or Vue single-file component, by its extension. */
export const isComponent = (file: string): boolean => COMPONENT_EXTENSIONS.includes(path.extname(file));

/** A `<script …>` block: its attributes (quoted values may hold `>`, as Svelte's `generics="T extends Record<string, unknown>"`) and its body. */
const SCRIPT_BLOCK = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
/** `type` values of a script block that holds code (none, `module`, JavaScript or TypeScript); `application/ld+json` and templates do not. */
const CODE_TYPE = /^(?:module|(?:text|application)\/(?:javascript|typescript|ecmascript)|ts|typescript)$/i;

/**
 * The code of a component's `<script>` blocks, for the module graph's import scanner: every block
 * whose `type` is code (`<script>`, `<script lang="ts">`, `<script setup>`, Svelte's
 * `<script context="module">`), joined; a Vue `<script src="./logic.ts">` becomes
 * `import './logic.ts';`. Markup, styles and HTML comments are left out. A small extraction, not a
 * parse: a `</script>` written inside a string of the block ends it early (the imports above it are kept).
 */
export function componentScript(text: string): string {
  const blocks: string[] = [];
  for (const match of text.replace(HTML_COMMENT, ' ').matchAll(SCRIPT_BLOCK)) {
    const attributes = match[1]!;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1];
    if (type !== undefined && !CODE_TYPE.test(type)) continue;
    const source = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
    if (source !== undefined) blocks.push(`import ${JSON.stringify(source)};`);
    blocks.push(match[2]!);
  }
  return blocks.join('\n');
}

/** The component file a path names exactly (`./Modal.svelte`, `$lib/Card.vue`), or null when it names none that exists. */
export function componentFile(absolute: string): string | null {
  if (!isComponent(absolute)) return null;
  try {
    return fs.statSync(absolute, { throwIfNoEntry: false })?.isFile() === true ? absolute : null;
  } catch {
    return null;
  }
}
