import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, getPropertyName, isFunction, isTypeWrapper, memberRoot, objectLiteralOf, propertyKey, sameAmount, skipTypeWrappers, someInSameFunction, staticString, valueDiscarded, escapeRegExp } from '../ast/index.js';
import { snakeCaseColumn } from '../money/index.js';
import type { FunctionFacts } from '../flow/index.js';
import { decomposeChain, objectProperty, someCallLinkNamed, type Chain, type ChainLink } from './chain.js';
import type { Orm, OrmModel } from './clients.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A decrement of a column written through an ORM. */
export interface OrmDecrement {
  orm: Orm;
  /** The column (or model field) as written. */
  column: string;
  /** Where to report. */
  node: TSESTree.Node;
  /** Whether the statement's own condition, a clamp or a check of the result keeps the column from going negative. */
  guarded: boolean;
  /** How to guard it, in the ORM's own words. */
  guard: string;
  /** The table or model written, when the call names it (a Prisma model, a knex table): its schema may hold a CHECK. */
  table?: string | null;
  /** The other columns the same write raises by the very amount taken off (Prisma's `bank: { increment: n }` beside `wallet: { decrement: n }`). */
  credited?: string[];
}

/** A column written by an insert through an ORM. */
export interface InsertedColumn {
  name: string;
  node: TSESTree.Node;
}

/** An insert through an ORM. */
export interface OrmInsert {
  orm: Orm;
  /** The table or model, when it is written as a name. */
  table: string | null;
  /** The columns we can see (object literal keys); other columns may exist. */
  columns: InsertedColumn[];
  node: TSESTree.Node;
  /** Conflict handling on the statement, a unique-violation catch, or a locking existence check. */
  handled: boolean;
  /** How to make it idempotent, in the ORM's own words. */
  remedy: string;
  /** For Prisma's `create` with an inline `data` object: what an upsert needs. */
  upsert?: { call: TSESTree.CallExpression; method: TSESTree.Node; data: TSESTree.Property; options: TSESTree.ObjectExpression };
}

/** Prisma's updates of a model's rows. */
export const PRISMA_UPDATES: ReadonlySet<string> = new Set(['update', 'updateMany', 'upsert']);
/** Prisma's inserts of a model's rows. */
export const PRISMA_CREATES: ReadonlySet<string> = new Set(['create', 'createMany', 'createManyAndReturn']);
const WHERE_LINKS = /^(where|andWhere|orWhere|whereRaw|andWhereRaw|having)$/;
const KNEX_CONFLICT = new Set(['onConflict', 'ignore', 'merge']);
const DRIZZLE_CONFLICT = new Set(['onConflictDoNothing', 'onConflictDoUpdate', 'onDuplicateKeyUpdate']);
const KYSELY_CONFLICT = new Set(['onConflict', 'onDuplicateKeyUpdate', 'ignore', 'orIgnore', 'orReplace']);

/** The methods a chain that decrements through an ORM calls (see {@link findOrmDecrements}). */
const DECREMENT_LINKS: ReadonlySet<string> = new Set([...PRISMA_UPDATES, 'decrement', 'update', 'set']);

/** Every decrement that the chain ending at `call` writes through an ORM. */
export function findOrmDecrements(
  call: TSESTree.CallExpression,
  model: OrmModel,
  sourceCode: SourceCode,
  facts: FunctionFacts,
): OrmDecrement[] {
  // Most chains of a file call none of the methods below: asked first, without listing the links.
  if (!someCallLinkNamed(call, DECREMENT_LINKS)) return [];
  const chain = decomposeChain(call);
  const found: OrmDecrement[] = [];
  chain.links.forEach((link, index) => {
    if (!link.call) return;
    if (PRISMA_UPDATES.has(link.name) && isPrismaModelCall(chain, index, model)) {
      const table = chain.links[index - 1]!.name;
      found.push(...prismaDecrements(link.call, link.name, sourceCode, facts).map((decrement) => ({ ...decrement, table })));
    } else if (link.name === 'decrement') {
      const table = clientOfChain(chain, model) === 'knex' ? knexTable(chain) : null;
      found.push(...decrementCalls(chain, link.call, model, sourceCode, facts).map((decrement) => ({ ...decrement, table })));
    } else if (link.name === 'update' && clientOfChain(chain, model) === 'knex') {
      const table = knexTable(chain);
      found.push(...knexRawDecrements(chain, link.call, model, sourceCode, facts).map((decrement) => ({ ...decrement, table })));
    } else if (link.name === 'set' && chain.links.some((l) => l.name === 'update' || l.name === 'updateTable')) {
      found.push(...setDecrements(chain, link.call, model, sourceCode, facts));
    }
  });
  return found;
}

/** Every insert that the chain ending at `call` writes through an ORM. */
export function findOrmInserts(
  call: TSESTree.CallExpression,
  model: OrmModel,
  sourceCode: SourceCode,
  facts: FunctionFacts,
): OrmInsert[] {
  const chain = decomposeChain(call);
  const found: OrmInsert[] = [];
  chain.links.forEach((link, index) => {
    if (!link.call) return;
    const later = chain.links.slice(index + 1).map((l) => l.name);
    if (PRISMA_CREATES.has(link.name) && isPrismaModelCall(chain, index, model)) {
      // A Prisma query is lazy (it runs when awaited, then'd or batched): one whose value is thrown away never runs.
      if (index === chain.links.length - 1 && valueDiscarded(link.call)) return;
      found.push(prismaCreate(chain, index, link.call, sourceCode, facts));
    } else if (link.name === 'insert' && clientOfChain(chain, model) === 'knex') {
      found.push({
        orm: 'knex',
        table: knexTable(chain),
        columns: rowColumns(link.call.arguments[0], sourceCode),
        node: link.member.property,
        handled: later.some((name) => KNEX_CONFLICT.has(name)) || lockedBefore(call, sourceCode, facts),
        remedy: 'Chain `.onConflict(…).ignore()` or `.merge()`.',
      });
    } else if (link.name === 'values' && index > 0 && chain.links[index - 1]!.name === 'insert' && isOrm(chain, model, 'drizzle')) {
      const insert = chain.links[index - 1]!;
      const table = insert.call?.arguments[0];
      const path = table ? getMemberPath(table) : null;
      found.push({
        orm: 'drizzle',
        table: path ? path[path.length - 1]! : null,
        columns: rowColumns(link.call.arguments[0], sourceCode),
        node: insert.member.property,
        handled: later.some((name) => DRIZZLE_CONFLICT.has(name)),
        remedy: 'Chain `.onConflictDoNothing()` or `.onConflictDoUpdate(…)`.',
      });
    } else if (link.name === 'values' && index > 0 && chain.links[index - 1]!.name === 'insertInto' && isOrm(chain, model, 'kysely')) {
      const insert = chain.links[index - 1]!;
      found.push({
        orm: 'kysely',
        table: staticString(insert.call?.arguments[0]),
        columns: rowColumns(link.call.arguments[0], sourceCode),
        node: insert.member.property,
        handled: chain.links.some((l) => KYSELY_CONFLICT.has(l.name)),
        remedy: 'Chain `.onConflict((oc) => oc.column(…).doNothing())`.',
      });
    }
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Receivers

/** `prisma.user.update(…)`: the link before is the model, and what holds it is a Prisma client. */
function isPrismaModelCall(chain: Chain, index: number, model: OrmModel): boolean {
  const modelLink = chain.links[index - 1];
  return modelLink !== undefined && modelLink.call === null && model.clientOf(modelLink.member.object) === 'prisma';
}

/** The client a chain starts from: `knex('users')…`, `trx.table('users')…`, `db.update(users)…`. */
export function clientOfChain(chain: Chain, model: OrmModel): Orm | null {
  const root = chain.root.type === AST_NODE_TYPES.CallExpression ? chain.root.callee : chain.root;
  const fromRoot = model.clientOf(root);
  if (fromRoot) return fromRoot;
  // `this.db.update(…)`, `ctx.knex('users')`: the first links may be the path to the client.
  for (const link of chain.links) {
    // `this.db('users')`: the member is the client; `ds.getRepository(User)`: the call returns one.
    const orm = model.clientOf(link.member) ?? (link.call ? model.clientOf(link.call) : null);
    if (orm) return orm;
    if (link.call) return null;
  }
  return null;
}

/** The chain runs on the ORM's client, or on an unknown receiver in a file that imports the ORM. */
function isOrm(chain: Chain, model: OrmModel, orm: Orm): boolean {
  const client = clientOfChain(chain, model);
  return client === orm || (client === null && model.imports(orm));
}

// ---------------------------------------------------------------------------------------------
// Prisma

function prismaDecrements(call: TSESTree.CallExpression, method: string, sourceCode: SourceCode, facts: FunctionFacts): OrmDecrement[] {
  const args = objectLiteralOf(call.arguments[0], sourceCode);
  if (!args) return [];
  const data = objectLiteralOf(objectProperty(args, method === 'upsert' ? 'update' : 'data')?.value, sourceCode);
  if (!data) return [];
  const where = objectProperty(args, 'where');
  const whereObject = where ? objectLiteralOf(where.value, sourceCode) : null;
  const found: OrmDecrement[] = [];
  for (const property of data.properties) {
    const column = propertyKey(property);
    if (column === null) continue;
    const value = objectLiteralOf((property as TSESTree.Property).value, sourceCode);
    if (!value) continue;
    const amount = objectProperty(value, 'decrement')?.value ?? negated(objectProperty(value, 'increment')?.value);
    if (!amount || !isPositiveAmount(amount)) continue;
    const guarded =
      (where !== undefined && whereObject === null) || // a where we cannot read: unknown, stay silent
      (whereObject !== null && prismaWhereGuards(whereObject, column, sourceCode)) ||
      isResultChecked(call, column, sourceCode, facts) ||
      claimedByDelete(call, amount, sourceCode);
    const credited = data.properties.flatMap((other) => {
      const name = other === property ? null : propertyKey(other);
      const raised = name === null ? null : objectLiteralOf((other as TSESTree.Property).value, sourceCode);
      const by = raised ? objectProperty(raised, 'increment')?.value : undefined;
      return name !== null && by !== undefined && sameAmount(by, amount) ? [name] : [];
    });
    found.push({ orm: 'prisma', column, node: property, guarded, guard: `\`${column}: { gte: … }\` in \`where\``, credited });
  }
  return found;
}

/**
 * A claim by delete: `await prisma.frozen.delete({ where: { id: frozen.id } })` as an earlier
 * statement of a block the decrement of `frozen.amount` runs in (the same function, no `try` or
 * `.catch` around the delete alone). Prisma's `delete` throws when the row is already gone, so a
 * concurrent or retried run stops before the decrement: each row's amount is taken off once.
 * `deleteMany` (no throw on a miss), a delete after the decrement, or of a record other than the
 * one whose field is the amount, is no claim.
 */
function claimedByDelete(call: TSESTree.CallExpression, amount: TSESTree.Node, sourceCode: SourceCode): boolean {
  const holder = skipTypeWrappers(amount);
  if (holder.type !== AST_NODE_TYPES.MemberExpression) return false;
  const root = memberRoot(holder);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const record = root.name;
  let child: TSESTree.Node = call;
  for (let node: TSESTree.Node | undefined = call.parent; node && !isFunction(node); child = node, node = node.parent) {
    if (node.type !== AST_NODE_TYPES.BlockStatement && node.type !== AST_NODE_TYPES.Program) continue;
    const statements = node.body as TSESTree.Node[];
    if (statements.slice(0, statements.indexOf(child)).some((statement) => deletesRecord(statement, record, sourceCode))) return true;
  }
  return false;
}

/** `await prisma.model.delete({ where: { id: record.id } })` as a statement (or a declaration's initialiser). */
function deletesRecord(statement: TSESTree.Node, record: string, sourceCode: SourceCode): boolean {
  let awaited: TSESTree.Node | null | undefined;
  if (statement.type === AST_NODE_TYPES.ExpressionStatement) awaited = statement.expression;
  else if (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1) awaited = statement.declarations[0].init;
  awaited = awaited && skipTypeWrappers(awaited);
  if (awaited?.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const call = skipTypeWrappers(awaited.argument);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const path = getMemberPath(call.callee);
  if (!path || path.length < 3 || path.at(-1) !== 'delete') return false;
  const args = objectLiteralOf(call.arguments[0], sourceCode);
  const where = args && objectLiteralOf(objectProperty(args, 'where')?.value, sourceCode);
  if (!where) return false;
  // The row deleted is the one the amount is read from: its key is read off the same record.
  return someInSameFunction(where, (node) => {
    const object = node.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(node.object) : null;
    return object?.type === AST_NODE_TYPES.Identifier && object.name === record;
  });
}

/** `{ balance: { gte: x } }`, also inside `AND: [...]`. */
function prismaWhereGuards(where: TSESTree.ObjectExpression, column: string, sourceCode: SourceCode): boolean {
  for (const property of where.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return true;
    const key = propertyKey(property);
    if (key === null) continue;
    const value = skipTypeWrappers(property.value);
    if (key === column) {
      const condition = objectLiteralOf(value, sourceCode);
      if (condition && ['gte', 'gt'].some((op) => objectProperty(condition, op))) return true;
    }
    if (key === 'AND') {
      const items = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
      for (const item of items) {
        const object = item && item.type !== AST_NODE_TYPES.SpreadElement ? objectLiteralOf(item, sourceCode) : null;
        if (object && prismaWhereGuards(object, column, sourceCode)) return true;
      }
    }
  }
  return false;
}

function prismaCreate(chain: Chain, index: number, call: TSESTree.CallExpression, sourceCode: SourceCode, facts: FunctionFacts): OrmInsert {
  const link = chain.links[index]!;
  const table = chain.links[index - 1]!.name;
  const args = objectLiteralOf(call.arguments[0], sourceCode);
  const dataProperty = args ? objectProperty(args, 'data') : undefined;
  const columns = rowColumns(dataProperty?.value, sourceCode);
  const skipDuplicates = args ? objectProperty(args, 'skipDuplicates') : undefined;
  const handled =
    (skipDuplicates !== undefined && !(skipDuplicates.value.type === AST_NODE_TYPES.Literal && skipDuplicates.value.value === false)) ||
    catchesUniqueViolation(call, chain.links.slice(index + 1), sourceCode, facts);
  const insert: OrmInsert = {
    orm: 'prisma',
    table,
    columns,
    node: link.member.property,
    handled,
    remedy: 'Use `upsert`, or catch the unique violation `P2002` here.',
  };
  const inline = call.arguments[0];
  if (
    link.name === 'create' &&
    inline?.type === AST_NODE_TYPES.ObjectExpression &&
    dataProperty?.value.type === AST_NODE_TYPES.ObjectExpression &&
    dataProperty.parent === inline
  ) {
    insert.upsert = { call, method: link.member.property, data: dataProperty, options: inline };
  }
  return insert;
}

/**
 * `try { await create() } catch (e) { if (e.code === 'P2002') … }` or `.catch((e) => … 'P2002' …)`:
 * the unique violation (Prisma `P2002`, PostgreSQL `23505`, MySQL `ER_DUP_ENTRY`, SQLite
 * `SQLITE_CONSTRAINT`, or a helper named for it) is handled right there.
 */
export function catchesUniqueViolation(
  call: TSESTree.Node,
  later: ChainLink[],
  sourceCode: SourceCode,
  facts: FunctionFacts,
): boolean {
  // Memoised per node: N inserts in one `try` read its handler once.
  const mentions = (node: TSESTree.Node): boolean =>
    facts.remember(node, 'uniqueViolation', () => /P2002|23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT|unique|duplicate|conflict/i.test(sourceCode.getText(node)));
  for (const link of later) {
    if (link.name === 'catch' && link.call?.arguments[0] && mentions(link.call.arguments[0])) return true;
  }
  let child: TSESTree.Node = call;
  for (let node: TSESTree.Node | undefined = call.parent; node && !isFunction(node); child = node, node = node.parent) {
    if (node.type === AST_NODE_TYPES.TryStatement && node.block === child && node.handler && mentions(node.handler.body)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// knex and TypeORM `decrement`

function decrementCalls(chain: Chain, call: TSESTree.CallExpression, model: OrmModel, sourceCode: SourceCode, facts: FunctionFacts): OrmDecrement[] {
  const args = call.arguments;
  const node = (call.callee as TSESTree.MemberExpression).property;
  // TypeORM: repository.decrement(criteria, 'column', value) and manager.decrement(Entity, criteria, 'column', value).
  if (clientOfChain(chain, model) === 'typeorm' && (args.length === 3 || args.length === 4)) {
    const column = staticString(args[args.length - 2]);
    const amount = args[args.length - 1]!;
    if (column === null || !isPositiveAmount(amount)) return [];
    const criteria = objectLiteralOf(args[args.length - 3], sourceCode);
    const guarded =
      criteria === null ||
      criteria.properties.some((property) => {
        if (property.type === AST_NODE_TYPES.SpreadElement) return true;
        const value = skipTypeWrappers(property.value);
        return (
          propertyKey(property) === column &&
          value.type === AST_NODE_TYPES.CallExpression &&
          /^(MoreThanOrEqual|MoreThan|Raw|Between)$/.test(calleeName(value) ?? '')
        );
      });
    return [{ orm: 'typeorm', column, node, guarded, guard: `\`${column}: MoreThanOrEqual(…)\` in the criteria` }];
  }
  if (clientOfChain(chain, model) !== 'knex' || args.length === 0 || args.length > 2) return [];
  const pairs: [string, TSESTree.Node | undefined][] = [];
  const first = args[0]!;
  const single = staticString(first);
  if (single !== null) {
    pairs.push([single, args[1]]);
  } else if (first.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of first.properties) {
      const key = propertyKey(property);
      if (key !== null) pairs.push([key, (property as TSESTree.Property).value]);
    }
  }
  const found: OrmDecrement[] = [];
  for (const [column, amount] of pairs) {
    // knex's default amount is 1.
    if (amount && !isPositiveAmount(amount)) continue;
    const guarded = chainGuards(chain, column) || isResultChecked(chain.links.at(-1)!.call!, column, sourceCode, facts);
    found.push({ orm: 'knex', column, node, guarded, guard: `\`.where('${column}', '>=', …)\`` });
  }
  return found;
}

/**
 * knex `.update({ balance: knex.raw('balance - ?', [price]) })` and `knex.raw('?? - ?', ['balance', price])`.
 */
function knexRawDecrements(chain: Chain, call: TSESTree.CallExpression, model: OrmModel, sourceCode: SourceCode, facts: FunctionFacts): OrmDecrement[] {
  const object = objectLiteralOf(call.arguments[0], sourceCode);
  if (!object) return [];
  const found: OrmDecrement[] = [];
  for (const property of object.properties) {
    const key = propertyKey(property);
    const value = key === null ? null : skipTypeWrappers((property as TSESTree.Property).value);
    if (value?.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = skipTypeWrappers(value.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'raw' || model.clientOf(callee.object) !== 'knex') continue;
    const text = staticString(value.arguments[0]);
    const bindings = value.arguments[1] ? skipTypeWrappers(value.arguments[1]) : null;
    const list = bindings?.type === AST_NODE_TYPES.ArrayExpression ? bindings.elements : [];
    let amount: TSESTree.Node | null | undefined;
    const named = text === null ? null : /^\s*["`]?(\w+)["`]?\s*-\s*(\?|\d*\.?\d+)\s*$/.exec(text);
    if (named && sameColumn(named[1]!, key!)) {
      amount = named[2] === '?' ? list[0] : value.arguments[0];
      if (named[2] !== '?' && Number(named[2]) <= 0) continue;
    } else if (text !== null && /^\s*\?\?\s*-\s*\?\s*$/.test(text) && list[0] && sameColumn(staticString(list[0]) ?? '', key!)) {
      amount = list[1];
    } else {
      continue;
    }
    if (!amount || amount.type === AST_NODE_TYPES.SpreadElement || (amount !== value.arguments[0] && !isPositiveAmount(amount))) continue;
    const guarded = chainGuards(chain, key!) || isResultChecked(chain.links.at(-1)!.call!, key!, sourceCode, facts);
    found.push({ orm: 'knex', column: key!, node: value, guarded, guard: `\`.where('${key!}', '>=', …)\`` });
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Drizzle and Kysely `.set({ c: sql`${t.c} - ${x}` })`, Kysely `.set((eb) => ({ c: eb('c', '-', x) }))`

function setDecrements(chain: Chain, call: TSESTree.CallExpression, model: OrmModel, sourceCode: SourceCode, facts: FunctionFacts): OrmDecrement[] {
  const arg = call.arguments[0];
  if (!arg) return [];
  let object: TSESTree.ObjectExpression | null;
  let builder: string | null = null;
  const inner = skipTypeWrappers(arg);
  if (inner.type === AST_NODE_TYPES.ArrowFunctionExpression && inner.body.type !== AST_NODE_TYPES.BlockStatement) {
    object = objectLiteralOf(inner.body, sourceCode);
    const param = inner.params[0];
    builder = param?.type === AST_NODE_TYPES.Identifier ? param.name : null;
  } else {
    object = objectLiteralOf(inner, sourceCode);
  }
  if (!object) return [];
  const found: OrmDecrement[] = [];
  for (const property of object.properties) {
    const key = propertyKey(property);
    if (key === null) continue;
    const value = skipTypeWrappers((property as TSESTree.Property).value);
    let orm: Orm | null = null;
    let column: string | null = null;
    if (value.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      orm = model.sqlTagOf(value.tag);
      column = orm ? templateDecrement(value.quasi, key) : null;
    } else if (
      builder !== null &&
      value.type === AST_NODE_TYPES.CallExpression &&
      value.callee.type === AST_NODE_TYPES.Identifier &&
      value.callee.name === builder &&
      staticString(value.arguments[1]) === '-' &&
      value.arguments[2] !== undefined &&
      isPositiveAmount(value.arguments[2]) &&
      isOrm(chain, model, 'kysely')
    ) {
      orm = 'kysely';
      const target = staticString(value.arguments[0]);
      column = target !== null && sameColumn(target, key) ? target : null;
    }
    if (!orm || column === null) continue;
    const guarded = chainGuards(chain, column) || isResultChecked(chain.links.at(-1)!.call ?? call, column, sourceCode, facts);
    found.push({
      orm,
      column: key,
      node: value,
      guarded,
      guard: orm === 'drizzle' ? `\`gte(table.${key}, …)\` in \`.where(…)\`` : `\`.where('${column}', '>=', …)\``,
    });
  }
  return found;
}

/**
 * `${users.balance} - ${amount}`, `balance - ${amount}` or `balance - 1` for the key `balance`: the
 * column; a clamp (`GREATEST(…)`), another column or any other shape: null.
 */
function templateDecrement(quasi: TSESTree.TemplateLiteral, key: string): string | null {
  const texts = quasi.quasis.map((q) => q.value.cooked);
  const holes = quasi.expressions.length;
  const byHole = (i: number): boolean => holes === i + 1 && /^\s*-\s*$/.test(texts[i]!) && texts[i + 1]!.trim() === '';
  const byNumber = (text: string): boolean => {
    const match = /^\s*-\s*(\d*\.?\d+)\s*$/.exec(text);
    return match !== null && Number(match[1]) > 0;
  };
  if (texts[0]!.trim() === '' && holes > 0) {
    const path = getMemberPath(quasi.expressions[0]!);
    const name = path?.[path.length - 1];
    if (name === undefined || !sameColumn(name, key)) return null;
    return byHole(1) || (holes === 1 && byNumber(texts[1]!)) ? name : null;
  }
  const match = /^\s*"?([\w.]+?)"?(\s*-.*)$/s.exec(texts[0]!);
  if (!match || !sameColumn(match[1]!, key)) return null;
  const rest = match[2]!;
  if (holes === 0) return byNumber(rest) ? match[1]! : null;
  return holes === 1 && /^\s*-\s*$/.test(rest) && texts[1]!.trim() === '' ? match[1]! : null;
}

// ---------------------------------------------------------------------------------------------
// Guards

/** A `where` of the chain (or a `whereRaw`, `sql` template, `gte()` call in it) bounds the column from below. */
function chainGuards(chain: Chain, column: string): boolean {
  for (const link of chain.links) {
    if (!link.call || !WHERE_LINKS.test(link.name)) continue;
    for (const arg of link.call.arguments) {
      if (subtreeGuards(arg, column)) return true;
    }
    // `.where('balance', '>=', x)` is the link's own arguments.
    if (isComparisonArgs(link.call.arguments, column)) return true;
  }
  return false;
}

function subtreeGuards(root: TSESTree.Node, column: string): boolean {
  return someInSameFunction(
    root,
    (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const name = calleeName(node);
        const [a, b] = node.arguments;
        if ((name === 'gte' || name === 'gt') && a && refersTo(a, column)) return true;
        if ((name === 'lte' || name === 'lt') && b && refersTo(b, column)) return true;
        return isComparisonArgs(node.arguments, column);
      }
      return (node.type === AST_NODE_TYPES.TemplateLiteral || node.type === AST_NODE_TYPES.Literal) && textGuards(node, column);
    },
    { enterFunctions: true },
  );
}

/** `('balance', '>=', x)`, `('balance', '>', 0)`. */
function isComparisonArgs(args: TSESTree.CallExpressionArgument[], column: string): boolean {
  const target = staticString(args[0]);
  const op = staticString(args[1]);
  return target !== null && sameColumn(target, column) && (op === '>=' || op === '>');
}

/** `'balance >= ?'`, `sql`${users.balance} >= ${x}``, `'balance - ? >= 0'`. */
function textGuards(node: TSESTree.TemplateLiteral | TSESTree.Literal, column: string): boolean {
  let text: string;
  if (node.type === AST_NODE_TYPES.Literal) {
    if (typeof node.value !== 'string') return false;
    text = node.value;
  } else {
    text = node.quasis
      .map((q, i) => {
        const expression = node.expressions[i];
        if (!expression) return q.value.cooked;
        const path = getMemberPath(expression);
        return `${q.value.cooked} ${path ? path[path.length - 1]! : '?'} `;
      })
      .join('');
  }
  const names = [...new Set([column, snakeCaseColumn(column)])].map((name) => escapeRegExp(name));
  const pattern = new RegExp(`(^|[^\\w])"?(${names.join('|')})"?\\s*(>=?|-[^;<>=]*>=?\\s*0)`, 'i');
  return pattern.test(text);
}

/**
 * `const user = await tx.user.update(…); if (user.balance < 0) throw …` — the result is checked
 * (Prisma's own documented pattern inside an interactive transaction).
 */
function isResultChecked(call: TSESTree.CallExpression, column: string, sourceCode: SourceCode, facts: FunctionFacts): boolean {
  let node: TSESTree.Node = call;
  while (
    node.parent &&
    (node.parent.type === AST_NODE_TYPES.AwaitExpression || isTypeWrapper(node.parent))
  ) {
    node = node.parent;
  }
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return false;
  // One walk per function (memoised), not one per write: `user.balance < 0`, `balance < 0` anywhere in it.
  const index = facts.index(sourceCode.getScope(declarator).variableScope.block);
  const wanted = snakeCaseColumn(column);
  if (declarator.id.type === AST_NODE_TYPES.Identifier && index.comparedMembers.get(declarator.id.name)?.has(wanted)) return true;
  return declarator.id.type === AST_NODE_TYPES.ObjectPattern && index.comparedNames.has(wanted);
}

/** A knex chain inside a function that first read with `.forUpdate()`: the existence check holds a lock. */
function lockedBefore(call: TSESTree.CallExpression, sourceCode: SourceCode, facts: FunctionFacts): boolean {
  return facts.index(sourceCode.getScope(call).variableScope.block).firstLock < call.range[0];
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** The table a knex chain names: `knex('users')…`, `.from('users')`, `.into('users')`. */
export function knexTable(chain: Chain): string | null {
  if (chain.root.type === AST_NODE_TYPES.CallExpression) {
    const table = staticString(chain.root.arguments[0]);
    if (table !== null) return table;
  }
  for (const link of chain.links) {
    if (link.call && /^(into|table|from)$/.test(link.name)) return staticString(link.call.arguments[0]);
  }
  return null;
}

/** The keys of an inserted row, rows, or a `const` holding one. */
function rowColumns(node: TSESTree.Node | undefined, sourceCode: SourceCode): InsertedColumn[] {
  if (!node) return [];
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.ArrayExpression) {
    return inner.elements.flatMap((element) => (element && element.type !== AST_NODE_TYPES.SpreadElement ? rowColumns(element, sourceCode) : []));
  }
  const object = objectLiteralOf(inner, sourceCode);
  if (!object) return [];
  const columns: InsertedColumn[] = [];
  for (const property of object.properties) {
    const key = propertyKey(property);
    if (key !== null) columns.push({ name: key, node: property });
  }
  return columns;
}

function negated(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (!node) return undefined;
  const inner = skipTypeWrappers(node);
  return inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '-' ? inner.argument : undefined;
}

/** Anything but a literal that is zero or negative: an amount we must assume is positive. */
function isPositiveAmount(node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.Literal) return typeof inner.value === 'number' ? inner.value > 0 : inner.value !== null;
  return !(inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === '-');
}

function calleeName(call: TSESTree.CallExpression): string | null {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
}

function refersTo(node: TSESTree.Node, column: string): boolean {
  const literal = staticString(node);
  if (literal !== null) return sameColumn(literal, column);
  const path = getMemberPath(node);
  return path !== null && sameColumn(path[path.length - 1]!, column);
}

export function sameColumn(a: string, b: string): boolean {
  return snakeCaseColumn(a) === snakeCaseColumn(b);
}
