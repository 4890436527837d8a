/** `text` escaped to match itself literally inside a `RegExp` source (a column, a key, a path). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A write to the global object by a computed key or as a whole (`global[key] = …`, `Object.assign(global, …)`): it may set any name. */
export const GLOBAL_BULK_WRITE = /(?<![\w$.])(?:global|globalThis)\s*\[|Object\s*\.\s*assign\s*\(\s*(?:global|globalThis)\b/;
