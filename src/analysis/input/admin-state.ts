import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, getPropertyName, resolveVariable, returnsOrThrows, skipTypeWrappers } from '../ast/index.js';
import { onlyAdminRuns } from '../framework/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * Whether `node` runs only in a conversation state that only the bot's operator can enter: its
 * handler returns early unless a state store has an entry for the sender
 * (`const s = adminState[msg.from.id]; if (!s) return;`, `if (!adminState.has(id)) return;`), and
 * every write to that store (`adminState[uid] = 'set_price'`, `adminState.set(uid, …)`) runs
 * behind an admin check or in the gated handler itself. A store that is passed on, returned or
 * replaced is not proven.
 */
export function onlyInAdminState(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (fn.body?.type !== AST_NODE_TYPES.BlockStatement) continue;
    const store = gatingStore(fn.body, node, sourceCode);
    if (store && writtenOnlyByAdmin(store, fn, sourceCode)) return true;
  }
  return false;
}

/** The store of an early `if (!state) return` among the statements before `inner`, or null. */
function gatingStore(body: TSESTree.BlockStatement, inner: TSESTree.Node, sourceCode: SourceCode): TSESTree.Identifier | null {
  const aliases = new Map<string, TSESTree.Identifier>();
  for (const statement of body.body) {
    if (statement.range[0] >= inner.range[0]) return null;
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const store = declarator.init ? storeRead(declarator.init) : null;
        if (store && declarator.id.type === AST_NODE_TYPES.Identifier) aliases.set(declarator.id.name, store);
      }
      continue;
    }
    if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate || !returnsOrThrows(statement.consequent)) continue;
    for (const negated of negations(statement.test)) {
      const argument = skipTypeWrappers(negated);
      const store = argument.type === AST_NODE_TYPES.Identifier ? aliases.get(argument.name) : storeRead(argument);
      if (store && resolveVariable(store, sourceCode)) return store;
    }
  }
  return null;
}

/** `M[key]`, `M.key`, `M.get(key)`, `M.has(key)` on a plain identifier `M`: `M`. */
function storeRead(node: TSESTree.Node): TSESTree.Identifier | null {
  let value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(value.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !['get', 'has'].includes(getPropertyName(callee) ?? '')) return null;
    value = callee;
  }
  if (value.type !== AST_NODE_TYPES.MemberExpression) return null;
  const object = skipTypeWrappers(value.object);
  return object.type === AST_NODE_TYPES.Identifier ? object : null;
}

/** The operands of `!x` in a test: `!x`, `!x || other`. */
function negations(test: TSESTree.Expression): TSESTree.Node[] {
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') return [test.argument];
  if (test.type === AST_NODE_TYPES.LogicalExpression && test.operator === '||') return [...negations(test.left), ...negations(test.right)];
  return [];
}

/** Methods that read or remove entries of a store; `set` writes one. */
const STORE_READS = new Set(['get', 'has', 'delete']);

/** Every write to the store runs behind an admin check or in `gated`; at least one exists; it never escapes. */
function writtenOnlyByAdmin(store: TSESTree.Identifier, gated: TSESTree.Node, sourceCode: SourceCode): boolean {
  const variable = resolveVariable(store, sourceCode);
  if (!variable) return false;
  let writes = 0;
  for (const reference of variable.references) {
    if (reference.init) continue;
    if (reference.isWrite()) return false; // replaced
    const member = reference.identifier.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) return false;
    const name = getPropertyName(member);
    const call = member.parent;
    let write = false;
    if (call.type === AST_NODE_TYPES.CallExpression && call.callee === member) {
      if (name === 'set') write = true;
      else if (!STORE_READS.has(name ?? '')) return false;
    } else if (call.type === AST_NODE_TYPES.AssignmentExpression && call.left === member) {
      write = true;
    }
    if (!write) continue;
    writes++;
    const inGated = member.range[0] >= gated.range[0] && member.range[1] <= gated.range[1];
    if (!inGated && !onlyAdminRuns(member, sourceCode)) return false;
  }
  return writes > 0;
}
