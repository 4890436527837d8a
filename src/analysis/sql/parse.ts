import { loadModule, parseSync, scanSync } from 'libpg-query';

import { rewriteDialect, type DialectNote } from './dialect.js';
import { list, num, obj, str, unwrap, type PgNode } from './pg-json.js';
import { NULL_DEFAULTS } from './predicates.js';
import type { LockStrength, ParsedSql, SqlAssignment, SqlExpr, SqlOnConflict, SqlStatement, StatementKind } from './model.js';
import type { TextMap } from './text-map.js';

// The parser is PostgreSQL's own grammar compiled to WASM. Its module must be instantiated before
// the first synchronous parse, and ESLint rules are synchronous: so the plugin awaits it here, once
// per process or worker, when the module is imported (~50 ms). See README "Design".
await loadModule();


const memo = new Map<string, ParsedSql>();
const MEMO_LIMIT = 20_000;
let parserCalls = 0;

/** How many texts have reached the parser in this process: a repeated text is parsed once. */
export function sqlParserCalls(): number {
  return parserCalls;
}

/**
 * Parses a SQL text into normalised statements. Pure and memoised by text: each distinct text is
 * parsed once per process. Never throws: a text the grammar rejects falls back to its tokens (see
 * {@link SqlStatement.parsed}); a text that cannot even be tokenised gives no statements.
 */
export function parseSql(text: string, dialect: 'mysql' | null = null): ParsedSql {
  const key = dialect === 'mysql' && /&&|\|\|/.test(text) ? `mysql\u0000${text}` : text;
  let result = memo.get(key);
  if (!result) {
    parserCalls++;
    result = parseUncached(text, key !== text);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, result);
  }
  return result;
}

/** `mysql`: a statement sent through a MySQL driver, whose `&&` and `||` are AND and OR (see `rewriteDialect`), read so after a syntax error. */
function parseUncached(text: string, mysql: boolean): ParsedSql {
  const rewritten = rewriteDialect(text);
  if (rewritten.text.trim() === '') return { ok: false, statements: [] };
  let tree: { stmts?: PgNode[] };
  try {
    tree = parseSync(rewritten.text) as unknown as { stmts?: PgNode[] };
  } catch (error) {
    // Expected: much SQL in the wild is a fragment or another dialect. Only a syntax error falls back.
    if (!isSyntaxError(error)) throw error;
    const logical = mysql ? parseLogical(text) : null;
    return logical ?? { ok: false, statements: fallback(rewritten.text, rewritten.map, rewritten.notes) };
  }
  return normalise(tree, rewritten);
}

/** A MySQL text parsed again with `&&` and `||` read as AND and OR (`WHERE name = ? && server = ?`), or null when it still fails. */
function parseLogical(text: string): ParsedSql | null {
  const rewritten = rewriteDialect(text, { logicalOperators: true });
  try {
    return normalise(parseSync(rewritten.text) as unknown as { stmts?: PgNode[] }, rewritten);
  } catch (error) {
    if (!isSyntaxError(error)) throw error;
    return null;
  }
}

function normalise(tree: { stmts?: PgNode[] }, rewritten: ReturnType<typeof rewriteDialect>): ParsedSql {
  const toChar = byteToCharOffsets(rewritten.text);
  const statements: SqlStatement[] = [];
  for (const raw of tree.stmts ?? []) {
    const startByte = num(raw.stmt_location) ?? 0;
    const lengthBytes = num(raw.stmt_len);
    const start = toChar(startByte);
    const end = lengthBytes ? toChar(startByte + lengthBytes) : rewritten.text.length;
    const context: Context = { toChar, map: rewritten.map };
    const statement = normaliseStatement(obj(raw.stmt), context, trimRange(rewritten.text, start, end));
    applyNotes(statement, rewritten.notes, start, end);
    statement.range = rewritten.map.mapRange(statement.range[0], statement.range[1]);
    for (const cte of statement.ctes) cte.range = statement.range;
    statements.push(statement);
  }
  return { ok: true, statements };
}

function isSyntaxError(error: unknown): boolean {
  // libpg-query throws SqlError from the parser, and a JSON SyntaxError from the scanner on unterminated input.
  return error instanceof Error && (error.name === 'SqlError' || error.name === 'SyntaxError');
}

interface Context {
  toChar: (byte: number) => number;
  map: TextMap;
}

function applyNotes(statement: SqlStatement, notes: DialectNote[], start: number, end: number): void {
  for (const note of notes) {
    if (note.offset >= start && note.offset <= end && statement.kind === 'insert') statement.mysqlUpsert = note.kind;
  }
}

function trimRange(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /[\s;]/.test(text[s]!)) s++;
  while (e > s && /[\s;]/.test(text[e - 1]!)) e--;
  return [s, e];
}

/** libpg-query reports UTF-8 byte offsets; the rules work in JavaScript string offsets. */
function byteToCharOffsets(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex -- ASCII fast path
  if (/^[\x00-\x7f]*$/.test(text)) return (byte) => byte;
  const table: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.codePointAt(index)!;
    const bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) table.push(index);
    if (code >= 0x10000) index++;
  }
  return (byte) => (byte >= table.length ? text.length : table[byte]!);
}

// ---------------------------------------------------------------------------------------------
// Helpers over the parser's JSON (the typed accessors are in pg-json.ts).

function strings(nodes: unknown): string[] {
  return list(nodes).map((node) => str(obj(obj(node).String).sval) ?? '*');
}

// ---------------------------------------------------------------------------------------------
// Statements.

function emptyStatement(kind: StatementKind, range: [number, number], parsed: boolean): SqlStatement {
  return {
    kind,
    parsed,
    range,
    target: null,
    tables: [],
    aliases: {},
    columns: [],
    writtenColumns: [],
    targets: [],
    lock: null,
    onConflict: null,
    mysqlUpsert: null,
    values: [],
    assignments: [],
    where: [],
    ctes: [],
    returning: false,
    aggregate: false,
    isolation: null,
  };
}

const TRANSACTION_KINDS: Record<string, StatementKind> = {
  TRANS_STMT_BEGIN: 'begin',
  TRANS_STMT_START: 'begin',
  TRANS_STMT_COMMIT: 'commit',
  TRANS_STMT_ROLLBACK: 'rollback',
  TRANS_STMT_SAVEPOINT: 'savepoint',
  TRANS_STMT_RELEASE: 'savepoint',
  TRANS_STMT_ROLLBACK_TO: 'savepoint',
};

const LOCKS: Record<string, LockStrength> = {
  LCS_FORUPDATE: 'update',
  LCS_FORNOKEYUPDATE: 'no key update',
  LCS_FORSHARE: 'share',
  LCS_FORKEYSHARE: 'key share',
};

function normaliseStatement(wrapped: PgNode, context: Context, range: [number, number]): SqlStatement {
  const [type, node] = unwrap(wrapped);
  switch (type) {
    case 'SelectStmt':
      return normaliseSelect(node, context, range);
    case 'InsertStmt': {
      const statement = withCommon(emptyStatement('insert', range, true), node, context);
      statement.target = relationName(node.relation);
      statement.tables = statement.target ? [statement.target] : [];
      statement.writtenColumns = list(node.cols).map((col) => str(unwrap(col)[1].name) ?? '');
      statement.columns = statement.writtenColumns.map((column) => column.toLowerCase());
      const conflict = obj(node.onConflictClause);
      if (Object.keys(conflict).length > 0) statement.onConflict = normaliseConflict(conflict, context);
      const source = obj(obj(node.selectStmt).SelectStmt);
      if (list(source.fromClause).length > 0) statement.tables.push(...fromTables(source.fromClause));
      const rows = list(source.valuesLists);
      const row = rows.length === 1 ? list(obj(rows[0]!.List).items) : [];
      if (row.length === statement.columns.length) statement.values = row.map((item) => expression(item, context));
      return statement;
    }
    case 'UpdateStmt': {
      const statement = withCommon(emptyStatement('update', range, true), node, context);
      statement.target = relationName(node.relation);
      statement.tables = [...(statement.target ? [statement.target] : []), ...fromTables(node.fromClause)];
      statement.aliases = fromAliases([{ RangeVar: node.relation }], node.fromClause);
      statement.assignments = assignments(node.targetList, context);
      statement.where = conjuncts(node.whereClause, context);
      return statement;
    }
    case 'DeleteStmt': {
      const statement = withCommon(emptyStatement('delete', range, true), node, context);
      statement.target = relationName(node.relation);
      statement.tables = [...(statement.target ? [statement.target] : []), ...fromTables(node.usingClause)];
      statement.aliases = fromAliases([{ RangeVar: node.relation }], node.usingClause);
      statement.where = conjuncts(node.whereClause, context);
      return statement;
    }
    case 'TransactionStmt': {
      const statement = emptyStatement(TRANSACTION_KINDS[str(node.kind) ?? ''] ?? 'other', range, true);
      statement.isolation = isolationOf(node.options);
      return statement;
    }
    case 'VariableSetStmt': {
      const statement = emptyStatement('other', range, true);
      if (str(node.name) === 'TRANSACTION' || str(node.name) === 'SESSION CHARACTERISTICS') {
        statement.isolation = isolationOf(node.args);
      }
      return statement;
    }
    default:
      return emptyStatement('other', range, true);
  }
}

function isolationOf(options: unknown): string | null {
  for (const option of list(options)) {
    const def = obj(option.DefElem);
    if (str(def.defname) !== 'transaction_isolation') continue;
    const value = str(obj(obj(obj(def.arg).A_Const).sval).sval);
    if (value) return value.replace(/\s+/g, '').replace('repeatableread', 'repeatable read').replace('readcommitted', 'read committed').replace('readuncommitted', 'read uncommitted');
  }
  return null;
}

function withCommon(statement: SqlStatement, node: PgNode, context: Context): SqlStatement {
  const withClause = obj(node.withClause);
  statement.ctes = list(withClause.ctes).map((cte) => {
    const body = obj(cte.CommonTableExpr);
    return normaliseStatement(obj(body.ctequery), context, statement.range);
  });
  const returning = obj(node.returningClause);
  statement.returning = list(returning.exprs).length > 0 || list(node.returningList).length > 0;
  if (statement.returning) statement.columns = targetColumns(list(returning.exprs).length > 0 ? returning.exprs : node.returningList);
  return statement;
}

function normaliseSelect(node: PgNode, context: Context, range: [number, number]): SqlStatement {
  const statement = withCommon(emptyStatement('select', range, true), node, context);
  if (str(node.op) && str(node.op) !== 'SETOP_NONE') {
    const left = normaliseSelect(obj(node.larg), context, range);
    const right = normaliseSelect(obj(node.rarg), context, range);
    left.ctes = statement.ctes.length > 0 ? statement.ctes : left.ctes;
    left.tables = [...new Set([...left.tables, ...right.tables])];
    left.aliases = { ...right.aliases, ...left.aliases };
    left.aggregate = true;
    left.lock = lockOf(node.lockingClause) ?? left.lock;
    left.targets = [];
    return left;
  }
  statement.tables = fromTables(node.fromClause);
  statement.aliases = fromAliases(node.fromClause);
  statement.columns = targetColumns(node.targetList);
  statement.targets = targetNames(node.targetList);
  statement.where = conjuncts(node.whereClause, context);
  statement.lock = lockOf(node.lockingClause);
  statement.aggregate =
    list(node.groupClause).length > 0 ||
    list(node.distinctClause).length > 0 ||
    list(node.targetList).some((target) => unwrap(obj(target.ResTarget).val)[0] === 'FuncCall');
  if (list(node.valuesLists).length > 0) statement.kind = 'other';
  return statement;
}

function lockOf(clauses: unknown): LockStrength | null {
  const first = list(clauses)[0];
  return first ? (LOCKS[str(obj(first.LockingClause).strength) ?? ''] ?? 'update') : null;
}

function relationName(relation: unknown): string | null {
  const name = str(obj(relation).relname);
  return name ? name.toLowerCase() : null;
}

/** The aliases of the tables a FROM / USING clause (or an UPDATE's or DELETE's target) names: alias → table. */
function fromAliases(...items: unknown[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  const stack = items.flatMap((item) => list(item)).reverse();
  while (stack.length > 0) {
    const [type, node] = unwrap(stack.pop());
    if (type === 'RangeVar') {
      const name = relationName(node);
      const alias = str(obj(node.alias).aliasname)?.toLowerCase();
      if (name && alias) aliases[alias] = name;
    } else if (type === 'JoinExpr') {
      stack.push(obj(node.rarg), obj(node.larg));
    }
  }
  return aliases;
}

function fromTables(items: unknown): string[] {
  const tables: string[] = [];
  const stack = [...list(items)].reverse();
  while (stack.length > 0) {
    const [type, node] = unwrap(stack.pop());
    if (type === 'RangeVar') {
      const name = relationName(node);
      if (name) tables.push(name);
    } else if (type === 'JoinExpr') {
      stack.push(obj(node.rarg), obj(node.larg));
    }
  }
  return [...new Set(tables)];
}

function targetNames(targets: unknown): { column: string | null; name: string }[] {
  return list(targets).map((target) => {
    const body = obj(target.ResTarget);
    const [type, value] = unwrap(body.val);
    const fields = type === 'ColumnRef' ? strings(value.fields) : [];
    const column = fields.length > 0 ? fields[fields.length - 1]!.toLowerCase() : null;
    const alias = str(body.name)?.toLowerCase();
    const name = alias ?? column ?? (type === 'FuncCall' ? (strings(value.funcname).pop() ?? '?').toLowerCase() : '?');
    return { column, name };
  });
}

function targetColumns(targets: unknown): string[] {
  const columns: string[] = [];
  for (const target of list(targets)) {
    const [type, value] = unwrap(obj(target.ResTarget).val);
    if (type !== 'ColumnRef') continue;
    const fields = strings(value.fields);
    columns.push((fields[fields.length - 1] ?? '*').toLowerCase());
  }
  return columns;
}

function normaliseConflict(clause: PgNode, context: Context): SqlOnConflict {
  const infer = obj(clause.infer);
  return {
    action: str(clause.action) === 'ONCONFLICT_UPDATE' ? 'update' : 'nothing',
    columns: list(infer.indexElems).map((element) => (str(obj(element.IndexElem).name) ?? '').toLowerCase()),
    constraint: str(infer.conname)?.toLowerCase() ?? null,
    assignments: assignments(clause.targetList, context),
    where: conjuncts(clause.whereClause, context),
  };
}

function assignments(targets: unknown, context: Context): SqlAssignment[] {
  return list(targets).map((target) => {
    const body = obj(target.ResTarget);
    const column = (str(body.name) ?? '').toLowerCase();
    const value = expression(body.val, context);
    const [change, delta] = changeOf(column, value);
    return { column, value, change, delta, location: loc(body.location, context) };
  });
}

/** `c = c - x` → decrement by x; `c = c + x` or `x + c` → increment by x. */
function changeOf(column: string, value: SqlExpr): [SqlAssignment['change'], SqlExpr | null] {
  if (value.type !== 'operator' || value.args.length !== 2) return [null, null];
  const [left, right] = value.args as [SqlExpr, SqlExpr];
  // `c`, or `COALESCE(c, 0)` / `IFNULL(c, 0)`: the column's own current value.
  const isSelf = (expr: SqlExpr): boolean =>
    (expr.type === 'column' && expr.name === column) ||
    (expr.type === 'function' && NULL_DEFAULTS.has(expr.name) && expr.args[0] !== undefined && isSelf(expr.args[0]));
  if (value.operator === '-' && isSelf(left)) return ['decrement', right];
  if (value.operator === '+' && isSelf(left)) return ['increment', right];
  if (value.operator === '+' && isSelf(right)) return ['increment', left];
  return [null, null];
}

function loc(location: unknown, context: Context): number {
  const byte = num(location);
  return byte === undefined || byte < 0 ? -1 : context.map.mapOffset(context.toChar(byte), false);
}

// ---------------------------------------------------------------------------------------------
// Expressions.

function conjuncts(where: unknown, context: Context): SqlExpr[] {
  if (!where || Object.keys(obj(where)).length === 0) return [];
  const expr = expression(where, context);
  return expr.type === 'bool' && expr.operator === 'and' ? expr.args : [expr];
}

const BOOL_OPS: Record<string, 'and' | 'or' | 'not'> = { AND_EXPR: 'and', OR_EXPR: 'or', NOT_EXPR: 'not' };

function expression(wrapped: unknown, context: Context): SqlExpr {
  const [type, node] = unwrap(wrapped);
  const location = loc(node.location, context);
  switch (type) {
    case 'ColumnRef': {
      const fields = strings(node.fields).map((field) => field.toLowerCase());
      return { type: 'column', name: fields[fields.length - 1] ?? '*', table: fields.length > 1 ? fields[fields.length - 2]! : null, location };
    }
    case 'ParamRef':
      return { type: 'param', index: num(node.number) ?? 0, location };
    case 'A_Const':
      return { type: 'literal', value: constantValue(node), location };
    case 'TypeCast':
      return expression(node.arg, context);
    case 'A_Expr': {
      const operator = strings(node.name).join('.').toLowerCase();
      const kind = str(node.kind) ?? '';
      const left = node.lexpr ? expression(node.lexpr, context) : null;
      if (kind === 'AEXPR_IN' || kind === 'AEXPR_OP_ANY' || kind === 'AEXPR_OP_ALL') {
        const values = unwrap(node.rexpr)[0] === 'List' ? list(obj(obj(node.rexpr).List).items) : [node.rexpr];
        return {
          type: 'in',
          operator: kind === 'AEXPR_IN' ? 'in' : `${operator} ${kind === 'AEXPR_OP_ANY' ? 'any' : 'all'}`,
          value: left ?? { type: 'other', columns: [], location },
          list: values.map((value) => expression(value, context)),
          negated: operator === '<>',
          location,
        };
      }
      const args: SqlExpr[] = [];
      if (left) args.push(left);
      if (unwrap(node.rexpr)[0] === 'List') args.push(...list(obj(obj(node.rexpr).List).items).map((item) => expression(item, context)));
      else if (node.rexpr) args.push(expression(node.rexpr, context));
      // `NULLIF(a, b)` comes as an A_Expr of operator `=`: a function, not a comparison.
      if (kind === 'AEXPR_NULLIF') return { type: 'function', name: 'nullif', args, location };
      const name = kind === 'AEXPR_BETWEEN' || kind === 'AEXPR_NOT_BETWEEN' ? kind.slice(6).toLowerCase().replace('_', ' ') : operator;
      return { type: 'operator', operator: name, args, location };
    }
    case 'BoolExpr':
      return {
        type: 'bool',
        operator: BOOL_OPS[str(node.boolop) ?? ''] ?? 'and',
        args: list(node.args).map((arg) => expression(arg, context)),
        location,
      };
    case 'NullTest':
      return {
        type: 'operator',
        operator: str(node.nulltesttype) === 'IS_NOT_NULL' ? 'is not null' : 'is null',
        args: [expression(node.arg, context)],
        location,
      };
    case 'BooleanTest':
      return {
        type: 'operator',
        operator: (str(node.booltesttype) ?? 'IS_TRUE').toLowerCase().replace(/_/g, ' '),
        args: [expression(node.arg, context)],
        location,
      };
    case 'FuncCall':
      return {
        type: 'function',
        name: strings(node.funcname).join('.').toLowerCase(),
        args: list(node.args).map((arg) => expression(arg, context)),
        location,
      };
    case 'CoalesceExpr':
      return { type: 'function', name: 'coalesce', args: list(node.args).map((arg) => expression(arg, context)), location };
    case 'MinMaxExpr':
      return {
        type: 'function',
        name: str(node.op) === 'IS_LEAST' ? 'least' : 'greatest',
        args: list(node.args).map((arg) => expression(arg, context)),
        location,
      };
    case 'SubLink': {
      const [, select] = unwrap(node.subselect);
      const range: [number, number] = [location, location];
      return {
        type: 'subquery',
        operator: (str(node.subLinkType) ?? 'EXPR_SUBLINK').replace('_SUBLINK', '').toLowerCase(),
        value: node.testexpr ? expression(node.testexpr, context) : null,
        statement: Object.keys(select).length > 0 ? normaliseSelect(select, context, range) : null,
        location,
      };
    }
    default:
      return { type: 'other', columns: columnsIn(node), location };
  }
}

function constantValue(node: PgNode): string | number | boolean | null {
  if (node.isnull) return null;
  if (node.ival) return num(obj(node.ival).ival) ?? 0;
  if (node.fval) return Number(str(obj(node.fval).fval));
  if (node.boolval) return obj(node.boolval).boolval === true;
  if (node.sval) return str(obj(node.sval).sval) ?? '';
  return null;
}

/** The column names mentioned anywhere below a node. */
function columnsIn(root: unknown): string[] {
  const found = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...(value as unknown[]));
    } else if (value && typeof value === 'object') {
      const node = value as PgNode;
      if (node.ColumnRef) {
        const fields = strings(obj(node.ColumnRef).fields);
        found.add((fields[fields.length - 1] ?? '*').toLowerCase());
      } else {
        stack.push(...Object.values(node));
      }
    }
  }
  return [...found];
}

// ---------------------------------------------------------------------------------------------
// Token-level fallback for text the grammar rejects.

const FIRST_KEYWORDS: Record<string, StatementKind> = {
  SELECT: 'select',
  INSERT: 'insert',
  UPDATE: 'update',
  DELETE: 'delete',
  BEGIN: 'begin',
  START: 'begin',
  COMMIT: 'commit',
  END: 'commit',
  ROLLBACK: 'rollback',
};

function fallback(text: string, map: TextMap, notes: DialectNote[]): SqlStatement[] {
  let tokens: { start: number; end: number; text: string }[];
  try {
    tokens = scanSync(text).tokens;
  } catch (error) {
    // An unterminated string or comment: nothing can be said about this text.
    if (!isSyntaxError(error)) throw error;
    return [];
  }
  const toChar = byteToCharOffsets(text);
  const statements: SqlStatement[] = [];
  let current: { start: number; end: number; text: string }[] = [];
  const flush = () => {
    if (current.length > 0) {
      const statement = fallbackStatement(current, text, toChar);
      if (statement) {
        applyNotes(statement, notes, statement.range[0], statement.range[1]);
        statement.range = map.mapRange(statement.range[0], statement.range[1]);
        statements.push(statement);
      }
    }
    current = [];
  };
  for (const token of tokens) {
    if (token.text === ';') flush();
    else current.push(token);
  }
  flush();
  return statements;
}

function fallbackStatement(
  tokens: { start: number; end: number; text: string }[],
  text: string,
  toChar: (byte: number) => number,
): SqlStatement | null {
  const words = tokens.map((token) => token.text.toUpperCase());
  const kind = FIRST_KEYWORDS[words[0] ?? ''];
  if (!kind) return null;
  const range = trimRange(text, toChar(tokens[0]!.start), toChar(tokens[tokens.length - 1]!.end));
  const statement = emptyStatement(kind, range, false);
  const nameAfter = (keyword: string, skip: string[] = []): string | null => {
    let index = words.indexOf(keyword);
    if (index === -1) return null;
    index++;
    while (index < words.length && skip.includes(words[index]!)) index++;
    const parts: string[] = [];
    while (index < tokens.length) {
      parts.push(tokens[index]!.text.replace(/^"|"$/g, ''));
      if (tokens[index + 1]?.text !== '.') break;
      index += 2;
    }
    const name = parts[parts.length - 1];
    return name && /^[A-Za-z_][\w$]*$/.test(name) ? name.toLowerCase() : null;
  };
  if (kind === 'insert') statement.target = nameAfter('INTO');
  if (kind === 'update') statement.target = nameAfter('UPDATE', ['ONLY']);
  if (kind === 'delete') statement.target = nameAfter('FROM', ['ONLY']);
  if (kind === 'select') {
    const table = nameAfter('FROM', ['ONLY']);
    if (table) statement.tables = [table];
  }
  if (statement.target) statement.tables = [statement.target];
  // SQLite's `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE` take the write lock at BEGIN: every other writer
  // waits for the COMMIT, so a read → check → write inside runs as if serializable.
  if (kind === 'begin' && (words[1] === 'IMMEDIATE' || words[1] === 'EXCLUSIVE')) statement.isolation = 'serializable';
  for (let index = 0; index < words.length; index++) {
    if (words[index] === 'FOR' && kind === 'select') {
      const rest = words.slice(index + 1, index + 4).join(' ');
      if (rest.startsWith('UPDATE')) statement.lock = 'update';
      else if (rest.startsWith('NO KEY UPDATE')) statement.lock = 'no key update';
      else if (rest.startsWith('SHARE')) statement.lock = 'share';
      else if (rest.startsWith('KEY SHARE')) statement.lock = 'key share';
    }
    if (words[index] === 'ON' && words[index + 1] === 'CONFLICT' && kind === 'insert') {
      const action = words.indexOf('DO', index);
      statement.onConflict = {
        action: words[action + 1] === 'NOTHING' ? 'nothing' : 'update',
        columns: [],
        constraint: null,
        assignments: [],
        where: [],
      };
    }
  }
  return statement;
}

/** A name as SQL text must spell it: `charge_id` as is, `chargeId` quoted (`"chargeId"`), since PostgreSQL folds unquoted names to lower case. */
export function sqlIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
