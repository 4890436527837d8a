import { schemaName, type SchemaFact } from './model.js';

/**
 * The schema facts of a Drizzle schema file, read from its text (a schema file is declarations
 * only): `export const payments = pgTable('payments', { chargeId: text('charge_id').unique(), … },
 * (t) => [uniqueIndex('…').on(t.a, t.b)])`. Column-level `.unique()` / `.primaryKey()`, table-level
 * `uniqueIndex(…).on(…)`, `unique(…).on(…)`, `primaryKey({ columns: […] })` and column foreign keys
 * `.references(() => events.id)` (on any line of the column's chain), and columns each row is given a
 * value of (`serial(…)`, `.defaultRandom()`, identities, `.$defaultFn(…)`) are understood;
 * facts are kept under the table's SQL name and the variable that holds it (what
 * `db.insert(payments)` names), and under the key and the SQL name of each column.
 */
export function drizzleSchemaFacts(text: string): SchemaFact[] {
  const facts: SchemaFact[] = [];
  const pattern = /(?:(?:const|let|var)\s+(\w+)\s*=\s*)?\b(?:pg|mysql|sqlite)Table\(\s*['"`]([\w.]+)['"`]\s*,/g;
  for (const match of text.matchAll(pattern)) {
    const body = balanced(text, match.index + match[0].length - 1);
    if (body === null) continue;
    const tables = [...new Set([schemaName(match[2]!), ...(match[1] ? [schemaName(match[1])] : [])])];
    const columnNames = new Map<string, string>();
    const columnFacts: { key: string; unique: boolean; references: RegExpExecArray | null; generated: boolean }[] = [];
    const columns = [...body.matchAll(/(?:^|[{,\n])\s*(\w+)\s*:\s*\w+\(\s*(?:['"`](\w+)['"`])?([^\n]*)/g)];
    for (const [index, column] of columns.entries()) {
      const key = column[1]!;
      if (column[2]) columnNames.set(key, column[2]);
      // The column's whole chain, continued lines included, up to the next column.
      const chain = body.slice(column.index, columns[index + 1]?.index);
      columnFacts.push({
        key,
        unique: /\.(unique|primaryKey)\(\s*\)/.test(column[3]!),
        references: /\.references\(\s*\(\)\s*(?::\s*\w+\s*)?=>\s*(\w+)\.(\w+)/.exec(chain),
        generated: GENERATED_COLUMN.test(chain),
      });
    }
    const names = (key: string): string[] => [...new Set([schemaName(key), schemaName(columnNames.get(key) ?? key)])];
    const sets: string[][] = columnFacts.filter((column) => column.unique).map((column) => [column.key]);
    for (const index of body.matchAll(/\b(?:uniqueIndex|unique)\([^)]*\)\s*\.on\(([^)]*)\)/g)) {
      sets.push([...index[1]!.matchAll(/\.(\w+)/g)].map((key) => key[1]!));
    }
    for (const key of body.matchAll(/\bprimaryKey\(\s*\{\s*columns:\s*\[([^\]]*)\]/g)) {
      sets.push([...key[1]!.matchAll(/\.(\w+)/g)].map((column) => column[1]!));
    }
    for (const table of tables) {
      for (const { key, generated } of columnFacts) {
        if (generated) for (const column of names(key)) facts.push({ kind: 'generated', table, column, name: null });
      }
      for (const { key, references } of columnFacts) {
        if (!references) continue;
        for (const column of names(key)) {
          facts.push({ kind: 'reference', table, column, referencedTable: schemaName(references[1]!), referencedColumn: schemaName(references[2]!), name: null });
        }
      }
      for (const set of sets) {
        if (set.length === 0) continue;
        const byKey = set.map((key) => schemaName(key));
        const byName = set.map((key) => names(key).at(-1)!);
        facts.push({ kind: 'unique', table, columns: byKey, name: null });
        if (byName.join() !== byKey.join()) facts.push({ kind: 'unique', table, columns: byName, name: null });
      }
    }
  }
  return facts;
}

/** A column each new row is given a value of: `serial('id')`, `.defaultRandom()`, an identity, `.$defaultFn(() => createId())`. */
const GENERATED_COLUMN = /^[{,\n]?\s*\w+\s*:\s*(?:big|small)?serial\(|\.(?:defaultRandom|generatedAlwaysAsIdentity|generatedByDefaultAsIdentity|\$defaultFn|\$default)\(|\.primaryKey\(\s*\{\s*autoIncrement:\s*true/;

/** The text from an opening position to its matching `)` of the call, or null. */
function balanced(text: string, from: number): string | null {
  let depth = 1;
  for (let index = from + 1; index < text.length; index++) {
    const c = text[index];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    if (depth === 0) return text.slice(from, index);
  }
  return null;
}
