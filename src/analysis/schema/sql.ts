import { parseSync, scanSync } from 'libpg-query';

// Importing the SQL model instantiates the parser's WASM module (a top-level await) before any parse here.
import { pgJson } from '../sql/index.js';

import { schemaName, type SchemaFact } from './model.js';

type PgNode = pgJson.PgNode;
const { list, num, obj, str, unwrap } = pgJson;


/**
 * The schema facts of a SQL file (migrations, `schema.sql`, a dump): CREATE TABLE (column and table
 * constraints), CREATE UNIQUE INDEX, ALTER TABLE ADD / DROP CONSTRAINT, ADD COLUMN, DROP TABLE /
 * INDEX, RENAME, also inside a `DO $$ … $$` block. Each statement is parsed on its own with PostgreSQL's grammar, after SQLite and
 * MySQL table syntax is rewritten (`AUTOINCREMENT`, backquotes, `ENGINE=…`); a statement that still
 * does not parse is skipped. Never throws.
 */
export function sqlSchemaFacts(text: string): SchemaFact[] {
  const facts: SchemaFact[] = [];
  fileFacts(text, facts, 0);
  return facts;
}

function fileFacts(text: string, facts: SchemaFact[], depth: number): void {
  for (const statement of splitStatements(text)) {
    if (!/\b(create|alter|drop)\b/i.test(statement)) continue;
    const tree = parseStatement(statement) ?? parseStatement(rewriteTableSyntax(statement));
    for (const raw of tree ?? []) {
      try {
        const body = depth === 0 ? doBlockBody(obj(raw.stmt)) : null;
        if (body !== null) fileFacts(blockDdl(body), facts, depth + 1);
        else statementFacts(obj(raw.stmt), facts);
      } catch {
        // A tree shape this reader does not know: skip the statement.
      }
    }
  }
}

/** The PL/pgSQL body of a `DO $$ … $$` block, or null for any other statement. */
function doBlockBody(stmt: PgNode): string | null {
  const [type, node] = unwrap(stmt);
  if (type !== 'DoStmt') return null;
  const body = list(node.args).map((arg) => obj(arg.DefElem)).find((def) => str(def.defname) === 'as');
  return body ? (str(obj(obj(body.arg).String).sval) ?? null) : null;
}

/**
 * The DDL statements of a PL/pgSQL block, as SQL text: each statement of the block from its
 * `CREATE` / `ALTER` / `DROP` keyword on, the control words before it dropped. drizzle-kit and
 * hand-written migrations guard their constraints so:
 * `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM information_schema.table_constraints WHERE …) THEN
 * ALTER TABLE "StarPayment" ADD CONSTRAINT … UNIQUE(…); END IF; END $$;`, or with
 * `EXCEPTION WHEN duplicate_object THEN null;`. Either way the constraint exists after the block.
 */
function blockDdl(body: string): string {
  return splitStatements(body)
    .map((statement) => /\b(?:CREATE|ALTER|DROP)\s+(?:TABLE|UNIQUE\s+INDEX|INDEX)\b[^]*/i.exec(statement)?.[0])
    .filter((statement) => statement !== undefined)
    .join('\n');
}

function parseStatement(text: string): PgNode[] | null {
  try {
    return list((parseSync(text) as { stmts?: unknown }).stmts);
  } catch {
    return null;
  }
}

/** The statements of a file, split at top-level semicolons by PostgreSQL's own scanner (strings, comments and `$$` bodies kept whole). */
function splitStatements(text: string): string[] {
  let tokens: { start: number; end: number; text: string }[];
  try {
    tokens = scanSync(text).tokens;
  } catch {
    return [];
  }
  // The scanner's offsets are UTF-8 bytes.
  const bytes = Buffer.from(text, 'utf8');
  const statements: string[] = [];
  let start = 0;
  for (const token of tokens) {
    if (token.text !== ';') continue;
    statements.push(bytes.subarray(start, token.end).toString('utf8'));
    start = token.end;
  }
  const rest = bytes.subarray(start).toString('utf8');
  if (rest.trim() !== '') statements.push(rest);
  return statements;
}

/** SQLite and MySQL table syntax that PostgreSQL's grammar rejects and that says nothing about keys or checks. */
function rewriteTableSyntax(text: string): string {
  return text
    .replace(/`([^`]*)`/g, '"$1"')
    .replace(/\b(AUTOINCREMENT|AUTO_INCREMENT|UNSIGNED|ZEROFILL)\b/gi, '')
    .replace(/\bON\s+UPDATE\s+CURRENT_TIMESTAMP(\(\d*\))?/gi, '')
    .replace(/\bCOMMENT\s+'(?:[^'\\]|\\.|'')*'/gi, '')
    .replace(/\b(?:WITHOUT\s+ROWID|STRICT)\s*(?=;|$)/gi, '')
    .replace(/\)\s*((?:ENGINE|DEFAULT\s+CHARSET|CHARSET|COLLATE|AUTO_INCREMENT|ROW_FORMAT|CHARACTER\s+SET)\s*=?\s*\w+\s*)+(?=;|$)/gi, ')')
    .replace(/\b(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT)\s*\(\d+\)/gi, '$1')
    // A type name, not SQLite's function of the same name (`DEFAULT (datetime('now'))`): followed by no
    // parenthesis or by a precision (`DATETIME(3)`, `DOUBLE(10,2)`).
    .replace(/\b(LONGTEXT|MEDIUMTEXT|TINYTEXT|DATETIME|TINYINT|MEDIUMINT|DOUBLE)\b(?!\s*\((?!\s*\d[\d\s,]*\)))/gi, (word) => TYPE_NAMES[word.toUpperCase()] ?? word)
    .replace(/,\s*UNIQUE\s+(?:KEY|INDEX)\s+(?:"[^"]*"|\w+)?\s*\(/gi, ', UNIQUE (')
    .replace(/,\s*(?:KEY|INDEX|FULLTEXT\s+(?:KEY|INDEX))\s+(?:"[^"]*"|\w+)?\s*\([^)]*\)/gi, '');
}

const TYPE_NAMES: Record<string, string> = {
  LONGTEXT: 'text',
  MEDIUMTEXT: 'text',
  TINYTEXT: 'text',
  DATETIME: 'timestamp',
  TINYINT: 'smallint',
  MEDIUMINT: 'integer',
  DOUBLE: 'float8',
};

function statementFacts(stmt: PgNode, facts: SchemaFact[]): void {
  const [type, node] = unwrap(stmt);
  if (type === 'CreateStmt') {
    const table = relationName(node.relation);
    if (!table) return;
    for (const element of list(node.tableElts)) {
      const [elementType, body] = unwrap(element);
      if (elementType === 'ColumnDef') columnFacts(table, body, facts);
      else if (elementType === 'Constraint') constraintFacts(table, null, body, facts);
    }
  } else if (type === 'IndexStmt') {
    const table = relationName(node.relation);
    // A partial index (`WHERE …`) keeps only some rows unique; an expression (`lower(x)`) is not the column.
    if (!table || node.unique !== true || node.whereClause) return;
    const columns = list(node.indexParams).map((param) => str(obj(param.IndexElem).name));
    if (columns.length === 0 || columns.some((column) => column === undefined)) return;
    facts.push({ kind: 'unique', table, columns: columns.map((column) => schemaName(column!)), name: nameOf(node.idxname) });
  } else if (type === 'AlterTableStmt') {
    const table = relationName(node.relation);
    if (!table) return;
    for (const command of list(node.cmds)) {
      const cmd = obj(command.AlterTableCmd);
      const subtype = str(cmd.subtype);
      const [defType, def] = unwrap(cmd.def);
      if (subtype === 'AT_AddConstraint' && defType === 'Constraint') constraintFacts(table, null, def, facts);
      else if (subtype === 'AT_AddColumn' && defType === 'ColumnDef') columnFacts(table, def, facts);
      else if (subtype === 'AT_DropConstraint' && str(cmd.name)) facts.push({ kind: 'dropConstraint', table, name: schemaName(str(cmd.name)!) });
    }
  } else if (type === 'DropStmt') {
    const kind = str(node.removeType);
    for (const object of list(node.objects)) {
      const names = list(obj(object.List).items).map((item) => str(obj(item.String).sval) ?? '');
      const name = names[names.length - 1];
      if (!name) continue;
      if (kind === 'OBJECT_TABLE') facts.push({ kind: 'dropTable', table: schemaName(name), name: null });
      else if (kind === 'OBJECT_INDEX') facts.push({ kind: 'dropConstraint', table: null, name: schemaName(name) });
    }
  } else if (type === 'RenameStmt' && str(node.renameType) === 'OBJECT_TABLE') {
    // What was known of the old name no longer applies; the new name's facts are not carried over.
    const table = relationName(node.relation);
    if (table) facts.push({ kind: 'dropTable', table, name: null });
  }
}

function columnFacts(table: string, def: PgNode, facts: SchemaFact[]): void {
  const name = str(def.colname);
  if (!name) return;
  const column = schemaName(name);
  let notNull = false;
  let hasDefault = false;
  for (const wrapped of list(def.constraints)) {
    const constraint = obj(wrapped.Constraint);
    const contype = str(constraint.contype);
    if (contype === 'CONSTR_NOTNULL') notNull = true;
    else if (contype === 'CONSTR_DEFAULT') hasDefault = isConstant(constraint.raw_expr);
    else constraintFacts(table, column, constraint, facts);
  }
  if (notNull && hasDefault) facts.push({ kind: 'notNullDefault', table, column, name: null });
}

/** A column constraint (`column` set) or a table constraint (`column` null: the keys are in the constraint). */
function constraintFacts(table: string, column: string | null, constraint: PgNode, facts: SchemaFact[]): void {
  const contype = str(constraint.contype);
  const name = nameOf(constraint.conname);
  const keys = (field: unknown): string[] => list(field).map((key) => schemaName(str(obj(key.String).sval) ?? ''));
  if (contype === 'CONSTR_UNIQUE' || contype === 'CONSTR_PRIMARY') {
    const columns = column !== null ? [column] : keys(constraint.keys);
    if (columns.length > 0) facts.push({ kind: 'unique', table, columns, name });
  } else if (contype === 'CONSTR_FOREIGN') {
    const referencedTable = relationName(constraint.pktable);
    if (!referencedTable) return;
    const columns = column !== null ? [column] : keys(constraint.fk_attrs);
    const referenced = keys(constraint.pk_attrs);
    columns.forEach((fk, index) =>
      facts.push({ kind: 'reference', table, column: fk, referencedTable, referencedColumn: referenced[index] ?? 'id', name }),
    );
  } else if (contype === 'CONSTR_CHECK') {
    for (const checked of nonNegativeColumns(constraint.raw_expr)) {
      if (column === null || checked === column) facts.push({ kind: 'nonNegative', table, column: checked, name });
    }
  }
}

/** The columns a CHECK expression keeps non-negative: `c >= 0`, `c > 0`, `0 <= c`, `0 < c`, `c >= 1`, also inside AND. */
function nonNegativeColumns(wrapped: unknown): string[] {
  const [type, node] = unwrap(wrapped);
  if (type === 'BoolExpr') return str(node.boolop) === 'AND_EXPR' ? list(node.args).flatMap((arg) => nonNegativeColumns(arg)) : [];
  if (type !== 'A_Expr' || str(node.kind) !== 'AEXPR_OP') return [];
  const operator = list(node.name).map((part) => str(obj(part.String).sval)).join('');
  const left = columnOf(node.lexpr);
  const right = columnOf(node.rexpr);
  if ((operator === '>=' || operator === '>') && left !== null && isNonNegativeNumber(node.rexpr)) return [left];
  if ((operator === '<=' || operator === '<') && right !== null && isNonNegativeNumber(node.lexpr)) return [right];
  return [];
}

function columnOf(wrapped: unknown): string | null {
  const [type, node] = unwrap(wrapped);
  if (type === 'TypeCast') return columnOf(node.arg);
  if (type !== 'ColumnRef') return null;
  const fields = list(node.fields).map((field) => str(obj(field.String).sval));
  const last = fields[fields.length - 1];
  return last ? schemaName(last) : null;
}

function isNonNegativeNumber(wrapped: unknown): boolean {
  const [type, node] = unwrap(wrapped);
  if (type === 'TypeCast') return isNonNegativeNumber(node.arg);
  if (type !== 'A_Const') return false;
  if (node.ival !== undefined) return (num(obj(node.ival).ival) ?? 0) >= 0;
  if (node.fval !== undefined) return Number(str(obj(node.fval).fval)) >= 0;
  return false;
}

/** A literal default (`0`, `'telegram'`, `false`, `'{}'::jsonb`): the same value on every insert, unlike `now()` or a sequence. */
function isConstant(wrapped: unknown): boolean {
  const [type, node] = unwrap(wrapped);
  if (type === 'TypeCast') return isConstant(node.arg);
  return type === 'A_Const';
}

function relationName(relation: unknown): string | null {
  const name = str(obj(relation).relname);
  return name ? schemaName(name) : null;
}

function nameOf(value: unknown): string | null {
  const name = str(value);
  return name ? schemaName(name) : null;
}

