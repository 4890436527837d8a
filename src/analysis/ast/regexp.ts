/** `text` escaped to match itself literally inside a `RegExp` source (a column, a key, a path). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
