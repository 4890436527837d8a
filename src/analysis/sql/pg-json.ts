/**
 * Typed accessors over libpg-query's JSON parse tree, shared by the SQL model (statements in code)
 * and the schema model (DDL in migrations): every accessor answers an empty value for a shape it
 * does not expect, so a tree of an unforeseen form reads as "nothing known", never a crash.
 */

export type PgNode = Record<string, unknown>;

export function obj(value: unknown): PgNode {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as PgNode) : {};
}
export function list(value: unknown): PgNode[] {
  return Array.isArray(value) ? (value as PgNode[]) : [];
}
export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
/** The one `{ Type: body }` entry of a wrapped node. */
export function unwrap(node: unknown): [string, PgNode] {
  const entries = Object.entries(obj(node));
  const first = entries[0];
  return first ? [first[0], obj(first[1])] : ['', {}];
}
