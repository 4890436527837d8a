/**
 * The schema model: what the project's own database declares — unique keys, CHECK constraints that
 * keep a column non-negative, foreign keys, `NOT NULL DEFAULT` columns — read from its migrations
 * and schema files (SQL, Prisma, Drizzle) once per file version. Rules ask it whether the database
 * already refuses what the code does not prevent.
 */
export { projectSchema, schemaWork } from './files.js';
export { schemaKey, schemaName, type ProjectSchema, type SchemaFact, type TableSchema } from './model.js';
export { sqlSchemaFacts } from './sql.js';
export { prismaSchemaFacts } from './prisma.js';
export { drizzleSchemaFacts } from './drizzle.js';
export { inlineSchemaFacts, inlineWork } from './inline.js';
