/** Option schemas that several rules share. */

/** A list of names (columns, tables): unique, non-empty strings. */
export const nameList = (description: string) => ({
  type: 'array' as const,
  items: { type: 'string' as const, minLength: 1 },
  uniqueItems: true,
  description,
});
