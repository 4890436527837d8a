import path from 'node:path';

import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { type FunctionNode, getPropertyName, isNullish, patternProperty, propertyKey, resolveVariable, skipTypeWrappers, staticString, writtenOnlyAt } from '../ast/index.js';
import { decomposeChain, getOrmModel } from '../orm/index.js';
import { resolveFile } from '../project/index.js';
import { type FileRef, objectMethodCallers, parameterIndex, projectCallersOf, projectFile } from '../summaries/index.js';
import { getSqlModel } from '../sql/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Whether a value was minted in this function by a call — an id just returned by a payment
 * provider's create-invoice API (`(await axios.post(…)).data.payment_id`), `crypto.randomUUID()` —
 * rather than received from the caller (`ctx.message.successful_payment.telegram_payment_charge_id`,
 * a webhook body, a parameter). A retried delivery carries the same received value again; a minted
 * one is new each time, so storing it cannot duplicate a row. Unknown origins count as received.
 */
export function isMintedValue(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): boolean {
  if (depth > 6) return false;
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  // `` `tg_${Date.now()}_${userId}` ``: one fresh part makes the whole value fresh.
  if (current.type === AST_NODE_TYPES.TemplateLiteral) return current.expressions.some((part) => isMintedValue(part, sourceCode, depth + 1));
  // `payment.id` of `const payment = await prisma.payment.create(…)`: the key of the row this run just created.
  if (current.type === AST_NODE_TYPES.MemberExpression && getPropertyName(current) === 'id' && createdRow(current.object, sourceCode)) return true;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    // `info.lastInsertRowid`, `result.insertId`: the key the database just generated for our own row.
    if (GENERATED_KEYS.has(getPropertyName(current) ?? '')) return true;
    current = skipTypeWrappers(current.object);
  }
  // `(await createInvoice(…)).invoice_id`
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  if (current.type === AST_NODE_TYPES.CallExpression) {
    // `INSERT … RETURNING id`: the id of the row this run just created.
    if (insertsRow(current, sourceCode) || insertReturnsKey(current, sourceCode)) return true;
    return !readsDatabase(current, sourceCode) && (isCreateCall(current) || !receivedCall(current, sourceCode, depth));
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(current, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable) return false;
  if (def.node.init) return isMintedValue(def.node.init, sourceCode, depth + 1);
  // `let invoice; if (card) invoice = await createCardInvoice(…); else invoice = await createCryptoInvoice(…);`: every value it is given.
  const writes = variable!.references.flatMap((reference) => (reference.isWrite() ? [reference.writeExpr ?? null] : []));
  return writes.length > 0 && writes.every((value) => value !== null && isMintedValue(value, sourceCode, depth + 1));
}

/**
 * An outgoing create call, awaited: `await payments.createInvoice(amount, userId)`, `await
 * generateQris(amount)`. It makes a new object at a provider (an invoice, a QR payment) whose id is new
 * on every run, even when it is given what the caller sent (the amount, the user's id).
 */
function isCreateCall(call: TSESTree.CallExpression): boolean {
  if (call.parent.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const callee = skipTypeWrappers(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
  return name !== null && /^(create|generate|issue)(?![a-z])/.test(name) && !/(Key|Hash|Hmac|Id|Signature)$/.test(name);
}

/** An ORM `create` call (`prisma.payment.create(…)`), awaited, or a variable holding only its result. */
function createdRow(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.Identifier) {
    const variable = resolveVariable(current, sourceCode);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.node.init === null || def.parent.kind !== 'const') return false;
    current = skipTypeWrappers(def.node.init);
  }
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  if (current.type !== AST_NODE_TYPES.CallExpression) return false;
  const last = decomposeChain(current).links.at(-1);
  return last?.name === 'create' && last.call === current && readsDatabase(current, sourceCode);
}

/** Result properties that carry a key the database generated for the row just inserted. */
const GENERATED_KEYS = new Set(['lastInsertRowid', 'insertId', 'lastID', 'last_row_id']);

/** A raw-SQL call (or a chain ending in one: `db.prepare(…).run()`) whose statements insert a row. */
function insertsRow(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  return getSqlModel(sourceCode).calls.some(
    (sqlCall) =>
      sqlCall.node.range[0] >= call.range[0] && sqlCall.node.range[1] <= call.range[1] && sqlCall.statements.some((statement) => statement.kind === 'insert'),
  );
}

/**
 * An ORM insert whose chain ends in returning only the row's key: knex `db('transactions').insert(row)
 * .returning('id')` (or `['id']`), Kysely `insertInto(…).values(…).returning('id')`. The key is the one
 * the database just generated for this run's own row; a returned received column (`returning('hash')`)
 * is as repeatable as the value stored in it.
 */
function insertReturnsKey(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  const { links } = decomposeChain(call);
  const returning = links.at(-1);
  if (returning?.name !== 'returning' || returning.call !== call || !links.some((link) => link.name === 'insert' || link.name === 'insertInto')) return false;
  const first = call.arguments[0] && skipTypeWrappers(call.arguments[0]);
  const names = first?.type === AST_NODE_TYPES.ArrayExpression ? first.elements.map((element) => staticString(element)) : [staticString(first)];
  return names.length > 0 && names.every((name) => name === 'id') && readsDatabase(call, sourceCode);
}

/**
 * A read of stored data (`prisma.order.findUnique(…)`, `pool.query('SELECT …')`): an id kept from an
 * earlier delivery is as repeatable as a received one.
 */
function readsDatabase(call: TSESTree.CallExpression, sourceCode: SourceCode): boolean {
  if (getSqlModel(sourceCode).calls.some((sqlCall) => sqlCall.node === call)) return true;
  const { root, links } = decomposeChain(call);
  const model = getOrmModel(sourceCode);
  const receiver = root.type === AST_NODE_TYPES.CallExpression ? root.callee : root;
  return model.clientOf(receiver) !== null || links.some((link) => model.clientOf(link.member) !== null);
}

/** A call that reads what the caller sent: `req.json()`, `ctx.getChat()`, `parse(body)` with a parameter inside. */
function receivedCall(call: TSESTree.CallExpression, sourceCode: SourceCode, depth: number): boolean {
  const roots = [call.callee, ...call.arguments];
  return roots.some((root) => rootIsParameter(root, sourceCode, depth));
}

function rootIsParameter(node: TSESTree.Node, sourceCode: SourceCode, depth: number): boolean {
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression || current.type === AST_NODE_TYPES.CallExpression) {
    current = skipTypeWrappers(current.type === AST_NODE_TYPES.MemberExpression ? current.object : current.callee);
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(current, sourceCode);
  const def = variable?.defs[0];
  if (def?.type === TSESLint.Scope.DefinitionType.Parameter) return true;
  if (def?.type === TSESLint.Scope.DefinitionType.Variable && def.node.init && depth < 6) {
    return !isMintedValue(def.node.init, sourceCode, depth + 1) && rootIsParameter(def.node.init, sourceCode, depth + 1);
  }
  return false;
}

/** How many calls of a helper are read to see what each passes. */
const MAX_CALLERS = 16;

/**
 * A value a helper receives from every one of its callers as an id the caller minted: `data.transactionId`
 * (or `meta.invoiceId || meta.paymentId || null`) in `saveDeposit(data)`, where each call in the
 * project passes `{ transactionId: qr.transactionId }` of the QR payment that handler just generated,
 * or leaves the field out. The field may be read through destructuring too: `const { payment_id } =
 * data`, or a destructured parameter `create({ userId, providerPaymentId = null })` — a caller that
 * leaves it out stores its default, which must be nothing (`null`) or minted. One level of callers; a
 * call that passes something else, spreads, or a helper whose callers are not all seen
 * (`projectCallersOf`) does not count.
 */
export function isMintedByCallers(node: TSESTree.Node, file: FileRef): boolean {
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.ChainExpression) current = current.expression;
  if (current.type === AST_NODE_TYPES.LogicalExpression) {
    const operands = [current.left, current.right].filter((operand) => !isNullish(operand));
    return operands.length > 0 && operands.every((operand) => isMintedByCallers(operand, file));
  }
  const source = parameterField(current, file);
  if (source === null) return false;
  const { fn, index, field, fallback } = source;
  // A method of an object the module exports as itself (`module.exports = Payment`): its importers' `Payment.create(…)`.
  const sites = projectCallersOf(fn, file) ?? objectMethodCallers(fn, file, { moduleToo: true });
  if (!sites || sites.length === 0 || sites.length > MAX_CALLERS) return false;
  // The field left out: the helper stores its default, no id unless the default is one.
  const leftOut = fallback === null || isNullish(fallback) || isMintedValue(fallback, file.sourceCode);
  return sites.every(({ call, file: caller }) => {
    if (call.arguments.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
    const argument = call.arguments[index] && skipTypeWrappers(call.arguments[index]);
    if (argument?.type !== AST_NODE_TYPES.ObjectExpression || argument.properties.some((property) => property.type !== AST_NODE_TYPES.Property)) return false;
    const passed = argument.properties.filter((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === field);
    if (passed.length === 0) return leftOut;
    return passed.every((property) => isMintedValue((property as TSESTree.Property).value, caller.sourceCode));
  });
}

/** Where a value comes from when it is one field of a function's object parameter. */
interface ParameterField {
  readonly fn: FunctionNode;
  /** The parameter's position. */
  readonly index: number;
  readonly field: string;
  /** The default a destructuring gives when the field is left out (`{ id = null }`), or null. */
  readonly fallback: TSESTree.Expression | null;
}

/**
 * The parameter field a value reads: `data.payment_id` of a parameter `data`; `payment_id` of
 * `const { payment_id } = data`; `providerPaymentId` of a parameter `{ providerPaymentId = null }`.
 * A variable written again after it is bound (`providerPaymentId ??= …`) gives null.
 */
function parameterField(node: TSESTree.Node, file: FileRef): ParameterField | null {
  const { sourceCode } = file;
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const field = node.computed ? null : getPropertyName(node);
    const object = skipTypeWrappers(node.object);
    const def = object.type === AST_NODE_TYPES.Identifier ? resolveVariable(object, sourceCode)?.defs[0] : undefined;
    if (field === null || def?.type !== TSESLint.Scope.DefinitionType.Parameter) return null;
    const fn = def.node as FunctionNode;
    const index = parameterIndex(object, fn, file);
    return index < 0 ? null : { fn, index, field, fallback: null };
  }
  if (node.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(node, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def || !writtenOnlyAt(variable!, def.name)) return null;
  if (def.type === TSESLint.Scope.DefinitionType.Parameter) {
    // `create({ userId, providerPaymentId = null })`
    const fn = def.node as FunctionNode;
    for (const [index, param] of fn.params.entries()) {
      const pattern = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
      const property = pattern.type === AST_NODE_TYPES.ObjectPattern ? patternProperty(pattern, def.name as TSESTree.Identifier) : null;
      const field = property && propertyKey(property);
      if (field) return { fn, index, field, fallback: property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.right : null };
    }
    return null;
  }
  // `const { payment_id } = data`, with `data` a parameter.
  if (def.type !== TSESLint.Scope.DefinitionType.Variable || def.node.id.type !== AST_NODE_TYPES.ObjectPattern || !def.node.init) return null;
  const property = patternProperty(def.node.id, def.name);
  const field = property && propertyKey(property);
  const init = skipTypeWrappers(def.node.init);
  if (!field || init.type !== AST_NODE_TYPES.Identifier) return null;
  const object = resolveVariable(init, sourceCode);
  const param = object?.defs.length === 1 ? object.defs[0] : undefined;
  if (param?.type !== TSESLint.Scope.DefinitionType.Parameter || !writtenOnlyAt(object!, param.name)) return null;
  const fn = param.node as FunctionNode;
  const index = parameterIndex(init, fn, file);
  return index < 0 ? null : { fn, index, field, fallback: property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.right : null };
}


/**
 * An optional field of a parameter, `meta?.paymentId`: the function serves callers with and without
 * an external id (a generic ledger helper), so the id is a reference stored beside the row, not the
 * key the function deduplicates on; the place that receives the event is.
 */
export function isOptionalArgument(node: TSESTree.Node, sourceCode: SourceCode, filename = ''): boolean {
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.ChainExpression) current = current.expression;
  if (current.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTypeWrappers(current.object);
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const def = resolveVariable(object, sourceCode)?.defs[0];
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter) return false;
  return current.optional || declaredOptional(def.name, getPropertyName(current), { sourceCode, filename });
}

/**
 * Whether a parameter's type declares a field optional: inline (`data: { paymentId?: string }`), or
 * a named interface or type alias of this file or of a project file it imports (`data: CreateData`).
 */
function declaredOptional(parameter: TSESTree.Node, field: string | null, file: FileRef): boolean {
  if (field === null || parameter.type !== AST_NODE_TYPES.Identifier) return false;
  const type = parameter.typeAnnotation?.typeAnnotation;
  return (type ? typeMembers(type, file, 0) : []).some(
    (member) => member.type === AST_NODE_TYPES.TSPropertySignature && member.optional && member.key.type === AST_NODE_TYPES.Identifier && member.key.name === field,
  );
}

/** How deep type aliases and imports are followed. */
const MAX_TYPE_DEPTH = 3;

/** The members an object type declares: a literal, or the interface or alias a name refers to. */
function typeMembers(type: TSESTree.TypeNode, file: FileRef, depth: number): readonly TSESTree.TypeElement[] {
  if (type.type === AST_NODE_TYPES.TSTypeLiteral) return type.members;
  if (type.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier || depth >= MAX_TYPE_DEPTH) return [];
  const variable = ASTUtils.findVariable(file.sourceCode.getScope(type), type.typeName.name);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return [];
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) {
    const specifier = def.node as TSESTree.Node;
    if (specifier.type !== AST_NODE_TYPES.ImportSpecifier || specifier.parent.type !== AST_NODE_TYPES.ImportDeclaration) return [];
    const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
    const source = specifier.parent.source.value;
    const target = source.startsWith('.') && path.isAbsolute(file.filename) ? resolveFile(path.dirname(file.filename), source) : null;
    const other = target === null ? null : projectFile(target);
    const declaration = other ? topLevelType(other.sourceCode.ast, imported) : null;
    return declaration && other ? declarationMembers(declaration, other, depth + 1) : [];
  }
  const node = def.node as TSESTree.Node;
  return node.type === AST_NODE_TYPES.TSInterfaceDeclaration || node.type === AST_NODE_TYPES.TSTypeAliasDeclaration ? declarationMembers(node, file, depth + 1) : [];
}

function declarationMembers(declaration: TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration, file: FileRef, depth: number): readonly TSESTree.TypeElement[] {
  return declaration.type === AST_NODE_TYPES.TSInterfaceDeclaration ? declaration.body.body : typeMembers(declaration.typeAnnotation, file, depth);
}

/** A module's own interface or type alias named `name`, exported or not. */
function topLevelType(program: TSESTree.Program, name: string): TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration | null {
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if ((declaration?.type === AST_NODE_TYPES.TSInterfaceDeclaration || declaration?.type === AST_NODE_TYPES.TSTypeAliasDeclaration) && declaration.id.name === name) return declaration;
  }
  return null;
}
