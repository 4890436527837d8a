import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { buildSchema } from '../../src/analysis/schema/model.js';
import { drizzleSchemaFacts, inlineWork, prismaSchemaFacts, projectSchema, schemaWork, sqlSchemaFacts } from '../../src/analysis/schema/index.js';
import { classifyFile } from '../../src/scope.js';

describe('sqlSchemaFacts', () => {
  it('reads PostgreSQL column and table constraints, unique indexes and ALTER TABLE', () => {
    const facts = sqlSchemaFacts(`
      CREATE TABLE IF NOT EXISTS public."Payments" (
        id serial PRIMARY KEY,
        charge_id text UNIQUE NOT NULL,
        invoice_id int REFERENCES invoices(id),
        balance int NOT NULL DEFAULT 0 CHECK (balance >= 0),
        a int, b int,
        UNIQUE (a, b),
        CONSTRAINT positive_a CHECK (0 < a AND b IS NOT NULL)
      );
      CREATE UNIQUE INDEX ux_b ON payments (b);
      ALTER TABLE ONLY payments ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES "Orders"(id), ADD COLUMN stars int CHECK (stars > 0);`);
    expect(facts).toEqual([
      { kind: 'unique', table: 'payments', columns: ['id'], name: null },
      { kind: 'generated', table: 'payments', column: 'id', name: null },
      { kind: 'unique', table: 'payments', columns: ['charge_id'], name: null },
      { kind: 'reference', table: 'payments', column: 'invoice_id', referencedTable: 'invoices', referencedColumn: 'id', name: null },
      { kind: 'nonNegative', table: 'payments', column: 'balance', name: null },
      { kind: 'notNullDefault', table: 'payments', column: 'balance', name: null },
      { kind: 'unique', table: 'payments', columns: ['a', 'b'], name: null },
      { kind: 'nonNegative', table: 'payments', column: 'a', name: 'positive_a' },
      { kind: 'unique', table: 'payments', columns: ['b'], name: 'ux_b' },
      { kind: 'reference', table: 'payments', column: 'a', referencedTable: 'orders', referencedColumn: 'id', name: 'fk' },
      { kind: 'nonNegative', table: 'payments', column: 'stars', name: null },
    ]);
  });

  it('reads SQLite and MySQL tables after rewriting their syntax', () => {
    expect(sqlSchemaFacts('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, charge TEXT UNIQUE NOT NULL, coins INTEGER CHECK(coins >= 0)) STRICT;')).toEqual([
      { kind: 'unique', table: 't', columns: ['id'], name: null },
      { kind: 'generated', table: 't', column: 'id', name: null },
      { kind: 'unique', table: 't', columns: ['charge'], name: null },
      { kind: 'nonNegative', table: 't', column: 'coins', name: null },
    ]);
    const mysql = sqlSchemaFacts(
      "CREATE TABLE `orders` (`id` int(11) NOT NULL AUTO_INCREMENT, `tx` varchar(64) NOT NULL COMMENT 'provider id', `n` int unsigned NOT NULL DEFAULT 0, PRIMARY KEY (`id`), UNIQUE KEY `uq_tx` (`tx`), KEY `k_n` (`n`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;",
    );
    expect(mysql.filter((fact) => fact.kind === 'unique').map((fact) => fact.kind === 'unique' && fact.columns)).toEqual([['id'], ['tx']]);
  });

  it("keeps SQLite's datetime() function in a rewritten table: only the type name is rewritten", () => {
    // `AUTOINCREMENT` sends the statement through the rewrite; `DEFAULT (datetime('now'))` is a call, not the DATETIME type.
    expect(sqlSchemaFacts("CREATE TABLE p (id INTEGER PRIMARY KEY AUTOINCREMENT, charge TEXT UNIQUE NOT NULL, at TEXT DEFAULT (datetime('now')));")).toEqual([
      { kind: 'unique', table: 'p', columns: ['id'], name: null },
      { kind: 'generated', table: 'p', column: 'id', name: null },
      { kind: 'unique', table: 'p', columns: ['charge'], name: null },
    ]);
    // The MySQL type with a precision is still the type.
    expect(sqlSchemaFacts('CREATE TABLE q (id int(11) NOT NULL AUTO_INCREMENT PRIMARY KEY, tx varchar(64) UNIQUE, at DATETIME(3));').flatMap((fact) => (fact.kind === 'unique' ? [fact.columns] : []))).toEqual([['id'], ['tx']]);
  });

  it('reads the columns each row is given a value of: serial, identity, AUTOINCREMENT, a uuid default; not a literal default', () => {
    const generated = (text: string) => sqlSchemaFacts(text).flatMap((fact) => (fact.kind === 'generated' ? [`${fact.table}.${fact.column}`] : []));
    expect(
      generated(`CREATE TABLE a (id bigserial PRIMARY KEY, b uuid DEFAULT gen_random_uuid(), c int GENERATED ALWAYS AS IDENTITY, d text DEFAULT 'x', e text PRIMARY KEY, f uuid DEFAULT uuid_generate_v4()::uuid);
        ALTER TABLE a ADD COLUMN g serial;`),
    ).toEqual(['a.id', 'a.b', 'a.c', 'a.f', 'a.g']);
    // MySQL's column AUTO_INCREMENT is the key each row is given; the table option `AUTO_INCREMENT=5` is only dropped.
    expect(generated('CREATE TABLE `o` (`id` int NOT NULL AUTO_INCREMENT, `tx` varchar(64), PRIMARY KEY (`id`)) ENGINE=InnoDB AUTO_INCREMENT=5;')).toEqual(['o.id']);
    expect(generated('CREATE TABLE c (charge_id TEXT PRIMARY KEY, n INTEGER DEFAULT 0);')).toEqual([]);
  });

  it('keeps what is not proven out: partial and expression indexes, OR checks, negative bounds', () => {
    expect(
      sqlSchemaFacts(`
        CREATE UNIQUE INDEX a ON t (x) WHERE deleted_at IS NULL;
        CREATE UNIQUE INDEX b ON t (lower(y));
        CREATE INDEX c ON t (z);
        ALTER TABLE t ADD CONSTRAINT d CHECK (balance >= 0 OR vip);
        ALTER TABLE t ADD CONSTRAINT e CHECK (balance >= -100);`),
    ).toEqual([]);
  });

  it('skips statements it cannot parse and keeps the others; never throws', () => {
    expect(sqlSchemaFacts("CREATE TABLE broken (id int PRIMARY KEY,, );\nCREATE TABLE ok (id int PRIMARY KEY);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;")).toEqual([
      { kind: 'unique', table: 'ok', columns: ['id'], name: null },
    ]);
    expect(sqlSchemaFacts("CREATE TABLE t (x text DEFAULT 'unterminated")).toEqual([]);
    expect(sqlSchemaFacts('')).toEqual([]);
  });

  it('reads the DDL of a `DO $$ … $$` block: a guarded ADD CONSTRAINT, drizzle-kit\'s EXCEPTION form', () => {
    const facts = sqlSchemaFacts(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM information_schema.table_constraints WHERE constraint_name = 'StarPayment_chargeId_unique') THEN
          ALTER TABLE "StarPayment" ADD CONSTRAINT "StarPayment_chargeId_unique" UNIQUE("chargeId");
        END IF;
      END $$;
      DO $$ BEGIN
       ALTER TABLE "StarPayment" ADD CONSTRAINT "StarPayment_userId_fk" FOREIGN KEY ("userId") REFERENCES "User"("id");
      EXCEPTION
       WHEN duplicate_object THEN null;
      END $$;`);
    expect(facts).toEqual([
      { kind: 'unique', table: 'star_payment', columns: ['charge_id'], name: 'star_payment_charge_id_unique' },
      { kind: 'reference', table: 'star_payment', column: 'user_id', referencedTable: 'user', referencedColumn: 'id', name: 'star_payment_user_id_fk' },
    ]);
    // A block without DDL, or whose statement does not parse, adds nothing.
    expect(sqlSchemaFacts("DO $$ BEGIN RAISE NOTICE 'create table later'; END $$; DO $$ BEGIN EXECUTE 'ALTER TABLE ' || t || ' ADD UNIQUE (x)'; END $$;")).toEqual([]);
  });

  it('records drops so that later migrations win', () => {
    expect(sqlSchemaFacts('ALTER TABLE t DROP CONSTRAINT t_x_key; DROP INDEX IF EXISTS ux; DROP TABLE old; ALTER TABLE a RENAME TO b;')).toEqual([
      { kind: 'dropConstraint', table: 't', name: 't_x_key' },
      { kind: 'dropConstraint', table: null, name: 'ux' },
      { kind: 'dropTable', table: 'old', name: null },
      { kind: 'dropTable', table: 'a', name: null },
    ]);
  });
});

describe('prismaSchemaFacts', () => {
  it('reads @id, @unique, @@unique, @relation, under model and mapped names', () => {
    const facts = prismaSchemaFacts(`
      model Payment {
        id                Int    @id @default(autoincrement())
        telegramPaymentId String @unique // the charge id
        userId            Int
        ref               String @map("payment_ref")
        user              User   @relation(fields: [userId], references: [id])
        @@unique([userId, ref])
        @@map("payments")
      }
      model Plain { id String @id }`);
    const unique = (table: string) => facts.filter((fact) => fact.kind === 'unique' && fact.table === table).map((fact) => fact.kind === 'unique' && fact.columns);
    expect(unique('payment')).toEqual([['id'], ['id'], ['telegram_payment_id'], ['telegram_payment_id'], ['user_id', 'ref'], ['user_id', 'payment_ref']]);
    expect(unique('payments')).toEqual(unique('payment'));
    expect(unique('plain')).toEqual([['id']]);
    expect(facts).toContainEqual({ kind: 'reference', table: 'payment', column: 'user_id', referencedTable: 'user', referencedColumn: 'id', name: null });
  });

  it('reads required fields with a literal @default as NOT NULL DEFAULT, not generated or optional ones', () => {
    const facts = prismaSchemaFacts(`
      model Claim {
        id        Int      @id @default(autoincrement())
        userId    Int
        status    String   @default("active")
        kind      Kind     @default(DAILY)
        amount    Int      @default(0)
        note      String?  @default("x")
        createdAt DateTime @default(now())
        token     String   @default(uuid())
        @@unique([userId, status])
      }`);
    const defaults = facts.flatMap((fact) => (fact.kind === 'notNullDefault' ? [fact.column] : []));
    expect(defaults).toEqual(['status', 'kind', 'amount']);
  });

  it('reads fields whose @default mints each row\'s value: cuid(), uuid(), autoincrement(), a uuid dbgenerated(); not now() or a literal', () => {
    const facts = prismaSchemaFacts(`
      model Payment {
        paymentId String   @id @default(cuid()) @map("payment_id")
        serial    Int      @default(autoincrement())
        token     String   @default(uuid(7))
        dbId      String   @default(dbgenerated("gen_random_uuid()")) @db.Uuid
        createdAt DateTime @default(now())
        status    String   @default("pending")
        chargeId  String   @unique
      }`);
    const generated = facts.flatMap((fact) => (fact.kind === 'generated' ? [fact.column] : []));
    // Each under the Prisma name and, as the model has a `@map`, under the database name.
    expect(generated).toEqual(['payment_id', 'payment_id', 'serial', 'serial', 'token', 'token', 'db_id', 'db_id']);
    expect(generated).not.toContain('created_at');
  });
});

describe('relationOf (Prisma relation fields)', () => {
  const schema = buildSchema(
    ['schema.prisma'],
    [
      prismaSchemaFacts(`
      model User {
        id      String   @id @map("_id")
        wallet  Wallet?
        bank    Bank
        loans   Loan[]
        address Address
        role    Role
        name    String
      }
      model Wallet {
        id      String @id @map("_id")
        userId  String @unique
        user    User   @relation(fields: [userId], references: [id])
        balance Int
        @@map("wallets")
      }
      model Bank { id String @id }
      model Loan { id String @id }
      type Address { street String }
      enum Role { ADMIN USER }`),
    ],
  );

  it('is the model a to-one relation field holds, with or without @relation, optional or not', () => {
    expect(schema.relationOf('user', 'wallet')).toBe('wallet');
    expect(schema.relationOf('User', 'bank')).toBe('bank');
    expect(schema.relationOf('wallet', 'user')).toBe('user');
    expect(schema.relationOf('wallets', 'user')).toBe('user');
  });

  it('is undefined for a list relation, a scalar, a composite type, an enum or an unknown field', () => {
    expect(schema.relationOf('user', 'loans')).toBeUndefined();
    expect(schema.relationOf('user', 'name')).toBeUndefined();
    expect(schema.relationOf('user', 'address')).toBeUndefined();
    expect(schema.relationOf('user', 'role')).toBeUndefined();
    expect(schema.relationOf('user', 'missing')).toBeUndefined();
  });
});

describe('prismaProvider', () => {
  const provider = (...schemas: string[]) => buildSchema(schemas.map((_, index) => `s${index}.prisma`), schemas.map(prismaSchemaFacts)).prismaProvider;

  it('is the provider every datasource block names, as a literal', () => {
    expect(provider('datasource db {\n  provider = "sqlite" // the bot file\n  url = env("DATABASE_URL")\n}')).toBe('sqlite');
    expect(provider('datasource db {\n  provider = "sqlite"\n}', 'model Stock { id Int @id }', 'datasource db {\n  provider = "SQLite"\n}')).toBe('sqlite');
  });

  it('is unknown without a datasource, with `env(…)` or with two providers', () => {
    expect(provider('model Stock { id Int @id }')).toBeNull();
    expect(provider('datasource db {\n  provider = env("DB_PROVIDER")\n}')).toBeNull();
    expect(provider('datasource db {\n  provider = "sqlite"\n}', 'datasource db {\n  provider = "postgresql"\n}')).toBeNull();
  });
});

describe('drizzleSchemaFacts', () => {
  it('reads column and table-level unique keys under the table and variable names', () => {
    const facts = drizzleSchemaFacts(`
      export const paymentsTable = pgTable('payments', {
        id: serial('id').primaryKey(),
        chargeId: text('charge_id').notNull().unique(),
        userId: integer('user_id'),
        kind: text('kind'),
      }, (t) => [uniqueIndex('u_kind').on(t.userId, t.kind)]);`);
    const unique = facts.filter((fact) => fact.kind === 'unique' && fact.table === 'payments').map((fact) => fact.kind === 'unique' && fact.columns);
    expect(unique).toEqual([['id'], ['charge_id'], ['user_id', 'kind']]);
    expect(facts.some((fact) => fact.table === 'payments_table')).toBe(true);
  });

  it('reads `.references(() => table.column)` foreign keys, also on a continued line, under the key and the SQL name', () => {
    const facts = drizzleSchemaFacts(`
      export const tickets = pgTable('tickets', {
        id: uuid('id').primaryKey(),
        meetupId: uuid('meetup_id')
          .notNull()
          .references(() => meetups.id, { onDelete: 'cascade' }),
        hostId: uuid('host_id').references((): AnyPgColumn => users.userId),
        eventId: text('event_id').notNull(),
      });`);
    const references = facts.filter((fact) => fact.kind === 'reference');
    expect(references).toEqual([
      { kind: 'reference', table: 'tickets', column: 'meetup_id', referencedTable: 'meetups', referencedColumn: 'id', name: null },
      { kind: 'reference', table: 'tickets', column: 'host_id', referencedTable: 'users', referencedColumn: 'user_id', name: null },
    ]);
  });

  it('reads the columns each row is given a value of: serial(), .defaultRandom(), identities, $defaultFn', () => {
    const facts = drizzleSchemaFacts(`
      export const orders = pgTable('orders', {
        id: serial('id').primaryKey(),
        ref: uuid('ref').defaultRandom(),
        n: integer('n').generatedAlwaysAsIdentity(),
        code: text('code').$defaultFn(() => createId()),
        chargeId: text('charge_id').primaryKey(),
        status: text('status').default('new'),
      });
      export const logs = sqliteTable('logs', { rowId: integer('row_id').primaryKey({ autoIncrement: true }) });`);
    expect(facts.flatMap((fact) => (fact.kind === 'generated' && fact.table === 'orders' ? [fact.column] : []))).toEqual(['id', 'ref', 'n', 'code']);
    expect(facts.flatMap((fact) => (fact.kind === 'generated' && fact.table === 'logs' ? [fact.column] : []))).toEqual(['row_id']);
  });
});

describe('projectSchema', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-'));
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  };
  write('package.json', JSON.stringify({ dependencies: { grammy: '1' } }));
  write('src/bot.ts', '');
  write(
    'migrations/0001_init.sql',
    `CREATE TABLE payments (id serial PRIMARY KEY, charge_id text, amount int);
     CREATE TABLE events (event_id text, source text NOT NULL DEFAULT 'telegram', at timestamptz NOT NULL DEFAULT now(), UNIQUE (source, event_id), UNIQUE (at, event_id));`,
  );
  write('migrations/0002_unique.sql', 'ALTER TABLE payments ADD CONSTRAINT payments_charge_key UNIQUE (charge_id);\nALTER TABLE users ADD CONSTRAINT positive CHECK (balance >= 0);');
  write('prisma/schema.prisma', 'model Order { id Int @id\n invoiceId String @unique }');
  write('src/db/schema.ts', "export const wallets = pgTable('wallets', { userId: integer('user_id').primaryKey() });");
  write('node_modules/pkg/schema.sql', 'CREATE TABLE vendored (x int PRIMARY KEY);');
  write(
    'src/db.js',
    [
      "const Database = require('better-sqlite3');",
      "const db = new Database('bot.db');",
      'db.exec(`CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY AUTOINCREMENT, external_id TEXT UNIQUE, stars INTEGER CHECK (stars >= 0))`);',
      "db.exec('CREATE UNIQUE INDEX IF NOT EXISTS ux_orders_tx ON orders (tx_id)');",
      'db.exec(`CREATE TABLE IF NOT EXISTS ${name} (id INTEGER PRIMARY KEY, charge_id TEXT UNIQUE)`);',
      "db.prepare('SELECT * FROM orders WHERE id = ?').get(1);",
    ].join('\n'),
  );
  const bot = path.join(root, 'src/bot.ts');

  it('reads migrations from disk whatever the audit scope (a `migrations/` folder is tooling, never audited)', () => {
    expect(classifyFile('migrations/0002_unique.sql')).toBe('tooling');
    expect(projectSchema(bot)!.isUniqueAmong('payments', 'charge_id', ['charge_id'])).toBe(true);
  });

  it('merges migrations in order, schema.prisma and Drizzle tables of the bot project', () => {
    const schema = projectSchema(bot)!;
    expect(schema.files.map((file) => path.relative(root, file))).toEqual([
      'migrations/0001_init.sql',
      'migrations/0002_unique.sql',
      'prisma/schema.prisma',
      'src/db.js',
      'src/db/schema.ts',
    ]);
    // DDL run from code: string and template literals without holes.
    expect(schema.isUniqueAmong('orders', 'external_id', ['external_id'])).toBe(true);
    expect(schema.isUniqueAmong('orders', 'tx_id', ['tx_id'])).toBe(true);
    expect(schema.isNonNegative('orders', 'stars')).toBe(true);
    expect(schema.isUniqueAmong('name', 'charge_id', ['charge_id'])).toBe(false);
    expect(schema.isUniqueAmong('payments', 'charge_id', ['charge_id', 'amount'])).toBe(true);
    expect(schema.isUniqueAmong('payment', 'chargeId', ['chargeId'])).toBe(true);
    expect(schema.isUniqueAmong('payments', 'amount', ['amount'])).toBe(false);
    expect(schema.isUniqueAmong('order', 'invoiceId', ['invoiceId'])).toBe(true);
    expect(schema.isUniqueAmong('wallets', 'user_id', ['user_id'])).toBe(true);
    // A key column left to a literal default holds the same value on a retry; `now()` differs every time.
    expect(schema.isUniqueAmong('events', 'event_id', ['event_id'])).toBe(true);
    expect(schema.table('events')!.unique).toEqual([['source', 'event_id'], ['at', 'event_id']]);
    expect([...schema.table('events')!.notNullDefault]).toEqual(['source']);
    // Any key the insert fills (the literal default aside), whether or not it holds a given column.
    expect(schema.uniqueKeysAmong('events', ['event_id'])).toEqual([['event_id']]);
    expect(schema.uniqueKeysAmong('events', ['source', 'event_id', 'at'])).toEqual([['source', 'event_id'], ['at', 'event_id']]);
    expect(schema.uniqueKeysAmong('payments', ['amount'])).toEqual([]);
    expect(schema.isNonNegative('users', 'balance')).toBe(true);
    expect(schema.isNonNegative('payments', 'amount')).toBe(false);
    expect(schema.table('vendored')).toBeUndefined();
  });

  it('parses each file once per version, and again only the file that changed', () => {
    projectSchema(bot);
    const before = schemaWork.parses;
    const inlineBefore = inlineWork.files;
    const first = projectSchema(bot);
    expect(projectSchema(bot)).toBe(first);
    expect(schemaWork.parses - before).toBe(0);
    expect(inlineWork.files - inlineBefore).toBe(0);
    write('migrations/0002_unique.sql', 'ALTER TABLE payments DROP CONSTRAINT payments_charge_key;');
    const changed = projectSchema(bot)!;
    expect(schemaWork.parses - before).toBe(1);
    expect(changed.isUniqueAmong('payments', 'charge_id', ['charge_id'])).toBe(false);
    expect(changed.isNonNegative('users', 'balance')).toBe(false);
    expect(inlineWork.files - inlineBefore).toBe(0);
  });

  it('finds the schema below a public folder of thousands of images: assets do not use up the listing cap', () => {
    const site = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-assets-'));
    const put = (name: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
      fs.writeFileSync(path.join(site, name), text);
    };
    put('package.json', JSON.stringify({ dependencies: { grammy: '1', 'drizzle-orm': '1' } }));
    put('app/route.ts', '');
    for (let index = 0; index < 4100; index++) put(`public/thumbnails/${index}.jpg`, '');
    put('lib/db/schema.ts', "export const starPayment = pgTable('StarPayment', { chargeId: varchar('chargeId', { length: 255 }).notNull().unique() });");
    const schema = projectSchema(path.join(site, 'app/route.ts'))!;
    expect(schema.files.map((file) => path.relative(site, file))).toEqual(['lib/db/schema.ts']);
    expect(schema.isUniqueAmong('starPayment', 'chargeId', ['chargeId'])).toBe(true);
  });

  it('knows no schema outside a bot project or without schema files', () => {
    expect(projectSchema('relative.ts')).toBeNull();
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-bare-'));
    fs.writeFileSync(path.join(bare, 'package.json'), JSON.stringify({ dependencies: { telegraf: '4' } }));
    fs.writeFileSync(path.join(bare, 'index.ts'), '');
    expect(projectSchema(path.join(bare, 'index.ts'))).toBeNull();
  });

  it("reads the migrations of a Cloudflare Worker whose wrangler configuration binds a D1 database (round 33), not of one that binds none", () => {
    const worker = (config: [string, string] | null) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-worker-'));
      fs.mkdirSync(path.join(dir, 'migrations'));
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ devDependencies: { wrangler: '4' } }));
      fs.writeFileSync(path.join(dir, 'migrations/0004_daily_inventory.sql'), 'CREATE TABLE daily_inventory (product_id TEXT PRIMARY KEY, remaining_quantity INTEGER NOT NULL CHECK (remaining_quantity >= 0));');
      fs.writeFileSync(path.join(dir, 'src/index.ts'), '');
      if (config) fs.writeFileSync(path.join(dir, config[0]), config[1]);
      return projectSchema(path.join(dir, 'src/index.ts'));
    };
    const jsonc = '{\n  // the catalog\n  "main": "src/index.ts",\n  "d1_databases": [{ "binding": "CATALOG_DB", "database_name": "catalog" }],\n}';
    expect(worker(['wrangler.jsonc', jsonc])!.isNonNegative('daily_inventory', 'remaining_quantity')).toBe(true);
    expect(worker(['wrangler.toml', 'main = "src/index.ts"\n\n[[env.production.d1_databases]]\nbinding = "DB"\n'])!.isNonNegative('daily_inventory', 'remaining_quantity')).toBe(true);
    // A SQLite-backed Durable Object keeps its tables too.
    expect(worker(['wrangler.json', '{ "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Session"] }] }'])).not.toBeNull();
    // The twins: a Worker that binds no database (a KV namespace, a commented-out D1 binding), or no wrangler file at all.
    expect(worker(['wrangler.jsonc', '{ "main": "src/index.ts", "kv_namespaces": [{ "binding": "KV" }] }'])).toBeNull();
    expect(worker(['wrangler.toml', 'main = "src/index.ts"\n# [[d1_databases]]\n'])).toBeNull();
    expect(worker(null)).toBeNull();
  });

  it('a package.json left with merge markers still marks the bot project by the frameworks it names as keys', () => {
    const merged = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-merged-'));
    fs.writeFileSync(path.join(merged, 'package.json'), '{\n<<<<<<< HEAD\n  "dependencies": { "telegraf": "^4" }\n=======\n  "dependencies": { "telegraf": "^4", "pg": "^8" }\n>>>>>>> main\n}\n');
    fs.writeFileSync(path.join(merged, 'db.js'), "db.run(`CREATE TABLE IF NOT EXISTS payments (id INTEGER PRIMARY KEY, payment_id TEXT UNIQUE)`);\n");
    expect(projectSchema(path.join(merged, 'db.js'))!.isUniqueAmong('payments', 'payment_id', ['payment_id'])).toBe(true);
    // One that names no framework as a key (only in its description) marks no bot project.
    const tool = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-merged-tool-'));
    fs.writeFileSync(path.join(tool, 'package.json'), '{\n<<<<<<< HEAD\n  "description": "a \\"telegraf\\" helper"\n=======\n>>>>>>> main\n}\n');
    fs.writeFileSync(path.join(tool, 'db.js'), "db.run(`CREATE TABLE payments (payment_id TEXT UNIQUE)`);\n");
    expect(projectSchema(path.join(tool, 'db.js'))).toBeNull();
  });

  it('reads the schema of a workspace package the bot package (or a package beside it) depends on, not of one it does not', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-workspace-'));
    const put = (name: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      fs.writeFileSync(path.join(repo, name), text);
    };
    put('package.json', JSON.stringify({ workspaces: { packages: ['./apps/*', 'packages/db/', 'libs/*', 'missing/*'] } }));
    put('apps/bot/package.json', JSON.stringify({ dependencies: { grammy: '1', '@acme/db': '1.0.0' } }));
    put('apps/bot/src/bot.ts', '');
    put('packages/db/package.json', JSON.stringify({ name: '@acme/db' }));
    put('packages/db/migrations/0001.sql', 'CREATE TABLE meetups (id uuid PRIMARY KEY);\nCREATE TABLE tickets (id uuid PRIMARY KEY, meetup_id uuid REFERENCES meetups(id));');
    put('libs/other/package.json', JSON.stringify({ name: '@acme/other' }));
    put('libs/other/schema.sql', 'CREATE TABLE unrelated (x int PRIMARY KEY);');
    put('libs/broken/package.json', '{');
    const schema = projectSchema(path.join(repo, 'apps/bot/src/bot.ts'))!;
    expect(schema.referenceOf('tickets', 'meetup_id')).toEqual({ table: 'meetups', column: 'id' });
    expect(schema.table('unrelated')).toBeUndefined();
    // A package beside the bot that lists no framework (the Mini App's API) reads the same schema.
    put('apps/api/package.json', JSON.stringify({ dependencies: { '@acme/db': '1.0.0' } }));
    put('apps/api/src/routes.ts', '');
    expect(projectSchema(path.join(repo, 'apps/api/src/routes.ts'))!.referenceOf('tickets', 'meetup_id')).toEqual({ table: 'meetups', column: 'id' });
    put('tools/package.json', JSON.stringify({ dependencies: { '@acme/db': '1.0.0' } }));
    put('tools/seed.ts', '');
    expect(projectSchema(path.join(repo, 'tools/seed.ts'))).toBeNull();
    // Outside a workspace, only the bot project's own files count.
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-alone-'));
    fs.writeFileSync(path.join(alone, 'package.json'), JSON.stringify({ dependencies: { grammy: '1', '@acme/db': '1' } }));
    fs.writeFileSync(path.join(alone, 'bot.ts'), '');
    expect(projectSchema(path.join(alone, 'bot.ts'))).toBeNull();
  });

  it("reads the schema files the workspace root keeps outside its packages (a monorepo's shared migrations), not another package's nor anything above the root", () => {
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-shared-'));
    const put = (name: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(outer, name)), { recursive: true });
      fs.writeFileSync(path.join(outer, name), text);
    };
    put('repo/package.json', JSON.stringify({ private: true, workspaces: ['packages/*'] }));
    put('repo/database/migrations/001_initial_schema.sql', 'CREATE TABLE payments (id uuid PRIMARY KEY, telegram_payment_id varchar(255) UNIQUE NOT NULL);');
    put('repo/packages/core/package.json', JSON.stringify({ name: '@pay/core', dependencies: { telegraf: '4' } }));
    put('repo/packages/core/src/payment.ts', '');
    put('repo/packages/api/package.json', JSON.stringify({ name: '@pay/api' }));
    put('repo/packages/api/schema.sql', 'CREATE TABLE deliveries (event_id text UNIQUE);');
    put('stray.sql', 'CREATE TABLE refunds (charge_id text UNIQUE);');
    const schema = projectSchema(path.join(outer, 'repo/packages/core/src/payment.ts'))!;
    expect(schema.isUniqueAmong('payments', 'telegram_payment_id', ['telegram_payment_id'])).toBe(true);
    expect(schema.table('deliveries')).toBeUndefined();
    expect(schema.table('refunds')).toBeUndefined();
    // A root that names no workspace: the package is a project of its own, and the root's folders are not its schema.
    const lone = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-shared-'));
    fs.cpSync(path.join(outer, 'repo'), lone, { recursive: true });
    fs.writeFileSync(path.join(lone, 'package.json'), JSON.stringify({ private: true }));
    expect(projectSchema(path.join(lone, 'packages/core/src/payment.ts'))).toBeNull();
  });

  it('reads a pnpm workspace (pnpm-workspace.yaml) as it reads npm and Yarn workspaces', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-pnpm-'));
    const put = (name: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      fs.writeFileSync(path.join(repo, name), text);
    };
    put('package.json', JSON.stringify({ name: 'root', private: true }));
    put('apps/bot/package.json', JSON.stringify({ dependencies: { grammy: '1', '@acme/db': 'workspace:*' } }));
    put('apps/bot/src/bot.ts', '');
    put('libs/nested/db/package.json', JSON.stringify({ name: '@acme/db' }));
    put('libs/nested/db/migrations/0001.sql', 'CREATE TABLE meetups (id uuid PRIMARY KEY);\nCREATE TABLE tickets (id uuid PRIMARY KEY, meetup_id uuid REFERENCES meetups(id));');
    // Without the workspace file the sibling package is nobody's dependency.
    expect(projectSchema(path.join(repo, 'apps/bot/src/bot.ts'))).toBeNull();
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-pnpm-'));
    fs.cpSync(repo, again, { recursive: true });
    fs.writeFileSync(path.join(again, 'pnpm-workspace.yaml'), "# the workspace\npackages:\n  - 'apps/*'\n  - \"libs/**\"   # nested\n  - '!**/test/**'\ncatalog:\n  zod: ^3\n");
    expect(projectSchema(path.join(again, 'apps/bot/src/bot.ts'))!.referenceOf('tickets', 'meetup_id')).toEqual({ table: 'meetups', column: 'id' });
    // A broken or empty workspace file names nothing.
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-pnpm-'));
    fs.cpSync(repo, broken, { recursive: true });
    fs.writeFileSync(path.join(broken, 'pnpm-workspace.yaml'), 'packages: [\n');
    expect(projectSchema(path.join(broken, 'apps/bot/src/bot.ts'))).toBeNull();
  });
});
