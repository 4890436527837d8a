import { snakeCaseColumn, tableStem } from '../money/index.js';

/**
 * One fact a schema file declares, in the order the file declares it. Names are in snake case
 * (`"Payment"."telegramPaymentId"` → `payment`, `telegram_payment_id`) so that raw SQL, Prisma fields
 * and Drizzle keys compare equal. A fact may carry the constraint's name so that a later
 * `DROP CONSTRAINT` / `DROP INDEX` removes it.
 */
export type SchemaFact =
  /** A UNIQUE constraint, unique index or primary key over these columns. */
  | { kind: 'unique'; table: string; columns: string[]; name: string | null }
  /** `CHECK (column >= 0)` / `CHECK (column > 0)`: the database refuses a negative value. */
  | { kind: 'nonNegative'; table: string; column: string; name: string | null }
  /** A foreign key: `column REFERENCES table(referencedColumn)`. */
  | { kind: 'reference'; table: string; column: string; referencedTable: string; referencedColumn: string; name: string | null }
  /**
   * A column whose value the database or ORM mints for each new row (`SERIAL`, `GENERATED … AS
   * IDENTITY`, `DEFAULT gen_random_uuid()`, Prisma `@default(cuid())`, Drizzle `.defaultRandom()`):
   * the bot's own id, whatever its name.
   */
  | { kind: 'generated'; table: string; column: string; name: null }
  /** `NOT NULL DEFAULT <literal>`: an insert that leaves the column out stores the same value every time. */
  | { kind: 'notNullDefault'; table: string; column: string; name: null }
  /**
   * A Prisma to-one relation field (`wallet Wallet?` in `model User`): reading `user.wallet` through
   * `include` / `select` gives one row of `model` (snake case). The type may also name an enum or a
   * composite type: only a model the schema declares counts ({@link ProjectSchema.relationOf}).
   */
  | { kind: 'relation'; table: string; field: string; model: string; name: null }
  /** A table renamed or dropped: what was known of it is forgotten. */
  | { kind: 'dropTable'; table: string; name: null }
  /** `DROP CONSTRAINT name` / `DROP INDEX name`. */
  | { kind: 'dropConstraint'; table: string | null; name: string }
  /**
   * A Prisma `datasource` block (of the whole database, no table): its `provider` (`sqlite`,
   * `postgresql`, lower-cased), or null when it is not a string literal (`provider = env("DB")`).
   */
  | { kind: 'datasource'; table: null; provider: string | null; name: null };

/** What the database of a project enforces, table by table. */
export interface TableSchema {
  readonly name: string;
  /** Column sets each kept unique (UNIQUE, unique index, primary key). */
  readonly unique: readonly (readonly string[])[];
  /** Columns the database keeps non-negative by a CHECK constraint. */
  readonly nonNegative: ReadonlySet<string>;
  /** Foreign-key columns and what they reference. */
  readonly references: ReadonlyMap<string, { table: string; column: string }>;
  /** Columns declared `NOT NULL` with a literal `DEFAULT`. */
  readonly notNullDefault: ReadonlySet<string>;
  /** Columns whose value the database or ORM mints for each new row (see the `generated` fact). */
  readonly generated: ReadonlySet<string>;
  /** Prisma to-one relation fields and the model each holds (see the `relation` fact). */
  readonly relations: ReadonlyMap<string, string>;
}

/** The schema of a project: its tables, and the files it was read from. */
export interface ProjectSchema {
  readonly files: readonly string[];
  /** The table of this name (snake case, schema prefix dropped; a plural `s` is tried when there is no exact match). */
  table(name: string): TableSchema | undefined;
  /**
   * Whether a UNIQUE constraint or index of `table` includes `column` and otherwise only columns
   * among `written` or left to a literal `NOT NULL DEFAULT` (the same value on a retry): then a
   * second insert of the same values fails.
   */
  isUniqueAmong(table: string, column: string, written: readonly string[]): boolean;
  /**
   * The UNIQUE constraints or indexes of `table` whose columns are all among `written` or left to
   * a literal `NOT NULL DEFAULT`: the written columns of each (snake case). A second insert of the
   * same values into those columns fails, whatever else the row holds.
   */
  uniqueKeysAmong(table: string, written: readonly string[]): string[][];
  /** The table and column that `table.column` references, when it is a foreign key. */
  referenceOf(table: string, column: string): { table: string; column: string } | undefined;
  /** Whether a CHECK constraint keeps `table.column` non-negative. */
  isNonNegative(table: string, column: string): boolean;
  /**
   * Whether the database or ORM mints `table.column` for each new row (a serial or identity key,
   * `@default(cuid())`): a value of it is the project's own row id, never one an outside event carries.
   */
  isGenerated(table: string, column: string): boolean;
  /**
   * The model (snake case) whose one row the Prisma to-one relation field `table.field` holds
   * (`relationOf('user', 'wallet')` → `wallet` for `wallet Wallet?`): what `include: { wallet: true }`
   * reads beside the row. Undefined for a list relation, a scalar, an enum or composite type, or a
   * model the schema does not declare.
   */
  relationOf(table: string, field: string): string | undefined;
  /**
   * The database of the project's Prisma client: the `provider` every `datasource` block of its
   * `*.prisma` files names (`sqlite`, `postgresql`). Null when there is none, when one is not a
   * literal (`env(…)`), or when two blocks disagree: the database is then unknown.
   */
  readonly prismaProvider: string | null;
}

/** `public."Payments"` → `payments`; `telegramPaymentId` → `telegram_payment_id`. */
export function schemaName(name: string): string {
  return snakeCaseColumn(name);
}

/**
 * The form every spelling of one name shares, for comparing names: `chargeId`, `charge_id`, `"chargeId"`
 * and `chargeid` (a quoted camelCase name once the SQL model has folded it to lower case) → `chargeid`.
 */
export function schemaKey(name: string): string {
  return schemaName(name).replace(/_/g, '');
}

interface MutableTable {
  name: string;
  unique: { columns: string[]; name: string | null }[];
  nonNegative: Map<string, string | null>;
  references: Map<string, { table: string; column: string; name: string | null }>;
  notNullDefault: Set<string>;
  generated: Set<string>;
  relations: Map<string, string>;
}

/** Applies the facts of every file in order (files sorted by path: migrations run in name order). */
export function buildSchema(files: readonly string[], factsByFile: readonly (readonly SchemaFact[])[]): ProjectSchema {
  const tables = new Map<string, MutableTable>();
  const providers = new Set<string | null>();
  const tableOf = (name: string): MutableTable => {
    let table = tables.get(name);
    if (!table) tables.set(name, (table = { name, unique: [], nonNegative: new Map(), references: new Map(), notNullDefault: new Set(), generated: new Set(), relations: new Map() }));
    return table;
  };
  for (const facts of factsByFile) {
    for (const fact of facts) {
      switch (fact.kind) {
        case 'unique':
          tableOf(fact.table).unique.push({ columns: fact.columns, name: fact.name });
          break;
        case 'nonNegative':
          tableOf(fact.table).nonNegative.set(fact.column, fact.name);
          break;
        case 'reference':
          tableOf(fact.table).references.set(fact.column, { table: fact.referencedTable, column: fact.referencedColumn, name: fact.name });
          break;
        case 'notNullDefault':
          tableOf(fact.table).notNullDefault.add(fact.column);
          break;
        case 'generated':
          tableOf(fact.table).generated.add(fact.column);
          break;
        case 'relation':
          tableOf(fact.table).relations.set(fact.field, fact.model);
          break;
        case 'dropTable':
          tables.delete(fact.table);
          break;
        case 'datasource':
          providers.add(fact.provider);
          break;
        case 'dropConstraint':
          for (const table of fact.table === null ? tables.values() : [tables.get(fact.table)].filter((t) => t !== undefined)) {
            table.unique = table.unique.filter((entry) => entry.name !== fact.name);
            for (const [column, name] of table.nonNegative) if (name === fact.name) table.nonNegative.delete(column);
            for (const [column, reference] of table.references) if (reference.name === fact.name) table.references.delete(column);
          }
          break;
      }
    }
  }
  const frozen = new Map<string, TableSchema>();
  for (const [name, table] of tables) {
    frozen.set(name, {
      name,
      unique: table.unique.map((entry) => entry.columns),
      nonNegative: new Set(table.nonNegative.keys()),
      references: new Map([...table.references].map(([column, reference]) => [column, { table: reference.table, column: reference.column }])),
      notNullDefault: table.notNullDefault,
      generated: table.generated,
      relations: table.relations,
    });
  }
  const table = (name: string): TableSchema | undefined => {
    const wanted = schemaName(name);
    const exact = frozen.get(wanted);
    if (exact) return exact;
    const sameKey = [...frozen.values()].filter((candidate) => schemaKey(candidate.name) === schemaKey(wanted));
    if (sameKey.length === 1) return sameKey[0];
    const candidates = [...frozen.values()].filter((candidate) => tableStem(candidate.name) === tableStem(wanted));
    return candidates.length === 1 ? candidates[0] : undefined;
  };
  const keys = (names: readonly string[]) => new Set(names.map(schemaKey));
  const [provider] = providers;
  return {
    files,
    table,
    prismaProvider: providers.size === 1 ? (provider ?? null) : null,
    isUniqueAmong(tableName, column, written) {
      const found = table(tableName);
      if (!found) return false;
      const wanted = schemaKey(column);
      const present = keys(written);
      const defaulted = keys([...found.notNullDefault]);
      return found.unique.some((columns) => columns.some((c) => schemaKey(c) === wanted) && columns.every((c) => present.has(schemaKey(c)) || defaulted.has(schemaKey(c))));
    },
    uniqueKeysAmong(tableName, written) {
      const found = table(tableName);
      if (!found) return [];
      const present = keys(written);
      const defaulted = keys([...found.notNullDefault]);
      return found.unique
        .filter((columns) => columns.length > 0 && columns.every((c) => present.has(schemaKey(c)) || defaulted.has(schemaKey(c))))
        .map((columns) => columns.filter((c) => present.has(schemaKey(c))));
    },
    referenceOf(tableName, column) {
      const references = table(tableName)?.references;
      if (!references) return undefined;
      const wanted = schemaKey(column);
      for (const [name, reference] of references) if (schemaKey(name) === wanted) return reference;
      return undefined;
    },
    isNonNegative(tableName, column) {
      const found = table(tableName);
      return found !== undefined && keys([...found.nonNegative]).has(schemaKey(column));
    },
    isGenerated(tableName, column) {
      const found = table(tableName);
      return found !== undefined && keys([...found.generated]).has(schemaKey(column));
    },
    relationOf(tableName, field) {
      const model = table(tableName)?.relations.get(schemaName(field));
      // Only a model the schema declares: an enum or a composite type (`type Address {…}`) has no table.
      return model !== undefined && frozen.has(model) ? model : undefined;
    },
  };
}
