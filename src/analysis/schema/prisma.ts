import { schemaName, type SchemaFact } from './model.js';

/**
 * The schema facts of a Prisma schema file: per model, `@id` / `@unique` fields, `@@id([…])` /
 * `@@unique([…])` sets, `@relation(fields: […], references: […])` foreign keys and required fields
 * with a literal `@default(…)` (the same value on every create that leaves them out), fields whose
 * `@default(cuid())` / `uuid()` / `autoincrement()` mints each row's value, to-one relation fields
 * (`wallet Wallet?`: the model `include` reads beside the row). Facts are kept
 * under the model's name (what `prisma.payment.create` names) and, with `@@map`/`@map`, under the
 * database names too (what raw SQL names). Prisma has no CHECK constraints; those come from its SQL
 * migrations. A `datasource` block gives its `provider` (the database the client talks to). A line
 * this reader does not understand is skipped.
 */
export function prismaSchemaFacts(text: string): SchemaFact[] {
  const facts: SchemaFact[] = [];
  const source = text.replace(/\/\/.*$/gm, '');
  for (const match of source.matchAll(/^\s*datasource\s+\w+\s*\{([^}]*)\}/gm)) {
    // `provider = "sqlite"`; `provider = env("DB_PROVIDER")` (or none) leaves the database unknown.
    const provider = /^\s*provider\s*=\s*"([^"]*)"\s*$/m.exec(match[1]!)?.[1];
    facts.push({ kind: 'datasource', table: null, provider: provider?.toLowerCase() ?? null, name: null });
  }
  for (const match of source.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const model = match[1]!;
    const body = match[2]!;
    const mapped = /@@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(body)?.[1];
    const tables = [...new Set([schemaName(model), ...(mapped ? [schemaName(mapped)] : [])])];
    const columnNames = new Map<string, string>();
    const fields: { name: string; type: string; attributes: string; required: boolean; list: boolean }[] = [];
    for (const line of body.split('\n')) {
      const field = /^\s*(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!field || field[1]!.startsWith('@')) continue;
      const attributes = field[5]!;
      fields.push({ name: field[1]!, type: field[2]!, attributes, required: field[3] === undefined && field[4] === undefined, list: field[3] !== undefined });
      const map = /@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(attributes)?.[1];
      if (map) columnNames.set(field[1]!, map);
    }
    // Each fact under the Prisma names and, when `@map` renames a column, under the database names.
    const push = (make: (table: string, column: (field: string) => string) => SchemaFact | SchemaFact[]) => {
      for (const table of tables) {
        facts.push(...[make(table, (field) => schemaName(field))].flat());
        if (columnNames.size > 0) facts.push(...[make(table, (field) => schemaName(columnNames.get(field) ?? field))].flat());
      }
    };
    for (const field of fields) {
      if (/@(id|unique)\b/.test(field.attributes)) push((table, column) => ({ kind: 'unique', table, columns: [column(field.name)], name: null }));
      // A required field with a literal `@default("active")` / `@default(0)` / `@default(PENDING)` (an enum value): a create
      // that leaves it out stores the same value every time. `now()`, `uuid()`, `autoincrement()` differ per row.
      if (field.required && LITERAL_DEFAULT.test(field.attributes)) push((table, column) => ({ kind: 'notNullDefault', table, column: column(field.name), name: null }));
      // `@default(cuid())`, `@default(autoincrement())`: Prisma or the database mints the value of each new row.
      if (GENERATED_DEFAULT.test(field.attributes)) push((table, column) => ({ kind: 'generated', table, column: column(field.name), name: null }));
      // A to-one field of a non-scalar type (`wallet Wallet?`, `user User @relation(…)`): `include` reads one row of that model.
      if (!field.list && !SCALAR_TYPES.has(field.type)) push((table) => ({ kind: 'relation', table, field: schemaName(field.name), model: schemaName(field.type), name: null }));
      const relation = /@relation\(([^)]*)\)/.exec(field.attributes)?.[1];
      if (relation) {
        const local = listIn(/fields:\s*\[([^\]]*)\]/.exec(relation)?.[1]);
        const remote = listIn(/references:\s*\[([^\]]*)\]/.exec(relation)?.[1]);
        push((table, column) =>
          local.map((name, index): SchemaFact => ({
            kind: 'reference',
            table,
            column: column(name),
            referencedTable: schemaName(field.type),
            referencedColumn: schemaName(remote[index] ?? 'id'),
            name: null,
          })),
        );
      }
    }
    for (const block of body.matchAll(/@@(?:id|unique)\(\s*(?:fields:\s*)?\[([^\]]*)\]/g)) {
      const names = listIn(block[1]);
      if (names.length > 0) push((table, column) => ({ kind: 'unique', table, columns: names.map(column), name: null }));
    }
  }
  return facts;
}

/** Prisma's scalar field types: any other type names a model, an enum or a composite type. */
const SCALAR_TYPES: ReadonlySet<string> = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes', 'Unsupported']);

const GENERATED_DEFAULT = /@default\(\s*(?:(?:cuid|uuid|ulid|nanoid|autoincrement)\s*\(|dbgenerated\(\s*"(?:gen_random_uuid|uuid_generate_v[14])\(\)"\s*\))/;
const LITERAL_DEFAULT = /@default\(\s*("[^"]*"|-?\d+(\.\d+)?|true|false|[A-Za-z_]\w*)\s*\)/;

/** `a, b(sort: Desc), c` → `['a', 'b', 'c']`. */
function listIn(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((part) => /^\s*(\w+)/.exec(part)?.[1])
    .filter((name): name is string => name !== undefined);
}
