import fs from 'node:fs';
import path from 'node:path';

import { fileMemo, nearestManifest } from '../ast/index.js';
import { builtinDatabaseDrivers } from '../sql/index.js';
import { bindsCloudflareSqlite, listProjectFiles, readSmallText } from '../project/index.js';
import { botProjectRoot, filesMatchingUnder, workspaceDependencyRoots, workspacePackageRoot, workspaceRootOf } from '../summaries/index.js';
import { classifyFile, type ScopeClass } from '../../scope.js';

import { drizzleSchemaFacts } from './drizzle.js';
import { INLINE_DDL, inlineSchemaFacts } from './inline.js';
import { buildSchema, type ProjectSchema, type SchemaFact } from './model.js';
import { prismaSchemaFacts } from './prisma.js';
import { sqlSchemaFacts } from './sql.js';

const MAX_BYTES = 2 * 1024 * 1024;
const SCRIPT = /\.(?:[cm]?[jt]s)$/;

/** The schema files of each project root, listed once per process. */
const filesByRoot = new Map<string, string[]>();
/** The merged schema of each root, with the file versions it was built from. */
const schemas = new Map<string, { versions: readonly (readonly SchemaFact[])[]; schema: ProjectSchema }>();

/** How many schema files were read and parsed in this process (a work count for tests). */
export const schemaWork = { parses: 0 };

/**
 * The database schema of the bot project a file belongs to (see `botProjectRoot`), or of its
 * package of a workspace (`apps/api` beside `apps/bot`, see `workspacePackageRoot`), or of the
 * package that talks to a database itself (see {@link databasePackageRoot}: a bot that calls the Bot
 * API over HTTP with no framework), or null when there is none of these or no schema file. Read from every `*.sql` file of the project (migrations,
 * `schema.sql`, dumps), every `*.prisma` file, and Drizzle table declarations in script files whose
 * name or folder says `schema` or that import Drizzle's table builders (see `listSchemaFiles`) — also those of the workspace packages the bot package depends on
 * (`packages/db` of a monorepo, see `workspaceDependencyRoots`) and those the workspace root keeps
 * outside its packages (`database/migrations/` beside `packages/*`, see `sharedSchemaFiles`) — and the DDL strings of script
 * files that create their tables in code. Each file is parsed once per version (size and modification time),
 * so an editor sees a changed migration at the next lint; the list of files is taken once per
 * process. A file that cannot be read or parsed adds nothing.
 */
export function projectSchema(fromFile: string): ProjectSchema | null {
  const root = botProjectRoot(fromFile) ?? workspacePackageRoot(fromFile) ?? databasePackageRoot(fromFile);
  if (root === null) return null;
  let files = filesByRoot.get(root);
  if (!files) filesByRoot.set(root, (files = [...[root, ...workspaceDependencyRoots(root)].flatMap((under) => listSchemaFiles(under)), ...sharedSchemaFiles(root)]));
  // Script files that run DDL themselves (`db.exec('CREATE TABLE IF NOT EXISTS …')`), parsed and
  // kept by the project-file cache of the summaries.
  const scripts = filesMatchingUnder(root, INLINE_DDL).filter((script) => !files.includes(script.filename));
  const sources = [
    ...files.map((file) => ({ file, facts: () => readSchemaFile(file) })),
    ...scripts.map((script) => ({ file: script.filename, facts: () => inlineSchemaFacts(script) })),
  ].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (sources.length === 0) return null;
  const versions = sources.map((source) => source.facts());
  const known = schemas.get(root);
  if (known && known.versions.length === versions.length && known.versions.every((version, index) => version === versions[index])) return known.schema;
  const schema = buildSchema(
    sources.map((source) => source.file),
    versions,
  );
  schemas.set(root, { versions, schema });
  return schema;
}

/** Database clients and ORMs: a package that lists one keeps its database's schema (migrations, schema files) itself. */
const DATABASE_CLIENTS = [
  'pg', 'postgres', '@neondatabase/serverless', '@vercel/postgres', 'mysql', 'mysql2', 'mariadb', 'better-sqlite3', 'sqlite3', 'sqlite',
  '@libsql/client', 'drizzle-orm', '@prisma/client', 'prisma', 'kysely', 'knex', 'typeorm', 'sequelize',
];

/**
 * The folder of the nearest `package.json` above a file when it lists a database client or ORM
 * (`pg`, `drizzle-orm`, `@prisma/client`, …) among its dependencies, or when its source files load a
 * driver built into the runtime, which no package.json lists (`bun:sqlite`, `node:sqlite`; see
 * `builtinDatabaseDrivers`), or when its wrangler configuration binds a D1 database or a SQLite-backed
 * Durable Object (see `bindsCloudflareSqlite`): the package whose database the file's queries go to,
 * bot framework or not. Null otherwise — a package without one (a tool) has no schema of its own.
 */
function databasePackageRoot(fromFile: string): string | null {
  if (!path.isAbsolute(fromFile)) return null;
  const manifest = nearestManifest(fromFile);
  if (!manifest) return null;
  const root = path.dirname(manifest.file);
  return DATABASE_CLIENTS.some((name) => Object.hasOwn(manifest.dependencies, name)) || builtinDatabaseDrivers(root).size > 0 || bindsCloudflareSqlite(root) ? root : null;
}

/** The facts of a schema file, by path, read once per version (size and modification time); none for a file that cannot be read. */
const readSchemaFile = fileMemo((file, stat): readonly SchemaFact[] => {
  if (stat.size > MAX_BYTES) return [];
  try {
    const text = fs.readFileSync(file, 'utf8');
    schemaWork.parses++;
    return file.endsWith('.sql') ? sqlSchemaFacts(text) : file.endsWith('.prisma') ? prismaSchemaFacts(text) : drizzleSchemaFacts(text);
  } catch {
    return [];
  }
}, []);

/**
 * `*.sql`, `*.prisma`, and script files that declare Drizzle tables (`pgTable(…)`, sorted by path):
 * any named or foldered `schema`, and any other that imports Drizzle's table builders
 * (`drizzle-orm/pg-core`, `mysql-core`, `sqlite-core`) — `server/db/index.ts` that creates the client
 * and declares its tables beside it — unless a test, an example or documentation (see `classifyFile`).
 */
function listSchemaFiles(root: string, skipFolder?: (full: string) => boolean): string[] {
  return listProjectFiles(root, (name, folders, full) => {
    if (name.endsWith('.sql') || name.endsWith('.prisma')) return true;
    if (!SCRIPT.test(name) || name.endsWith('.d.ts')) return false;
    const named = folders.some((folder) => /^schemas?$/i.test(folder)) || /schema/i.test(name);
    if (!named && NOT_SCHEMA.has(classifyFile([...folders, name].join('/')))) return false;
    const text = readSmallText(full, MAX_BYTES);
    return text !== null && DRIZZLE_TABLE.test(text) && (named || DRIZZLE_BUILDERS.test(text));
  }, skipFolder);
}

/**
 * The schema files of the workspace a package belongs to that lie outside every package of it: a
 * monorepo's shared `database/migrations/` at the root, beside `packages/*` (see `workspaceRootOf`).
 * The other packages' own folders are not entered — their schema is theirs, read only for a package
 * that depends on them — and nothing above the workspace root is. None outside a workspace.
 */
function sharedSchemaFiles(root: string): string[] {
  const workspace = workspaceRootOf(root);
  if (workspace === null || workspace.root === root) return [];
  const packages = new Set(workspace.packages);
  return listSchemaFiles(workspace.root, (folder) => packages.has(folder));
}

const DRIZZLE_TABLE = /\b(?:pg|mysql|sqlite)Table\(/;
const DRIZZLE_BUILDERS = /['"]drizzle-orm\/(?:pg|mysql|sqlite)-core['"]/;
/** Files no production database was created from: their tables may be a test's or a sample's. */
const NOT_SCHEMA: ReadonlySet<ScopeClass> = new Set(['test', 'example', 'docs']);
