/** Option schemas that several rules share. */
import type { JSONSchema } from '@typescript-eslint/utils';

/**
 * A rule's one options object: `[{ type: 'object', additionalProperties: false, properties }]`.
 * Every property needs a `description` (the docs' options table is generated from it).
 */
export const optionsObject = (properties: Record<string, JSONSchema.JSONSchema4>): JSONSchema.JSONSchema4[] => [
  { type: 'object', additionalProperties: false, properties },
];

/** A list of names (columns, tables): unique, non-empty strings. */
export const nameList = (description: string) => ({
  type: 'array' as const,
  items: { type: 'string' as const, minLength: 1 },
  uniqueItems: true,
  description,
});

/**
 * `checkBrowserCode`: whether to check modules that `isBrowserModule` proves to be browser code;
 * `consequence` says what the rule's defect does there instead of on a server.
 */
export const checkBrowserCode = (consequence: string) => ({
  type: 'boolean' as const,
  description: `Whether to check modules that are provably browser code (\`use client\`, JSX, React/Vue/Next client imports, \`window\`/\`document\`/\`localStorage\`, or a nearest package.json that is a front end: Vite, React DOM, Vue, Svelte, Angular, without a server dependency), where ${consequence}.`,
});
