import path from 'node:path';

import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, resolveVariable, skipTypeWrappers } from '../ast/index.js';
import { decomposeChain, getOrmModel } from '../orm/index.js';
import { resolveFile } from '../project/index.js';
import { type FileRef, projectFile } from '../summaries/index.js';
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
  if (current.type === AST_NODE_TYPES.CallExpression) {
    // `INSERT … RETURNING id`: the id of the row this run just created.
    if (insertsRow(current, sourceCode)) return true;
    return !readsDatabase(current, sourceCode) && !receivedCall(current, sourceCode, depth);
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = resolveVariable(current, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || !def.node.init) return false;
  return isMintedValue(def.node.init, sourceCode, depth + 1);
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
