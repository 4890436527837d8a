/** The per-file state the parts of the framework model share while they build it and answer queries. */
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex as sharedFileIndex, getMemberPath, memberRoot, resolveVariable, type FunctionNode } from '../ast/index.js';
import type { Framework, FrameworkBinding } from './imports.js';
import type { BotInstance, BotReference, Handler, ImportedBot, Registration } from './types.js';

/** A framework export by name: `{ framework: 'grammy', name: 'Bot' }`. */
export interface FrameworkName {
  framework: Framework;
  name: string;
}

/**
 * What the model reads from the file: the `new` and call expressions in source order, collected in
 * ONE walk of the Program (only in files that import a framework or a project bot; see `collectFileIndex`).
 */
export interface FileIndex {
  /** `new X(…)` and `f(…)` in source order. */
  readonly creationsAndCalls: readonly (TSESTree.NewExpression | TSESTree.CallExpression)[];
  readonly calls: readonly TSESTree.CallExpression[];
}

export interface ModelState {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** The file's name, once a rule has asked for the model with it (see `getFrameworkModel`); null before. */
  readonly filename: () => string | null;
  readonly bindings: ReadonlyMap<string, FrameworkBinding>;
  /** The one framework the file imports, or null (none, or several). */
  readonly soleFramework: Framework | null;
  readonly index: FileIndex;
  readonly bots: BotInstance[];
  /** Top-level names bound to a bot of another project file (see `imported-bots.ts`). */
  readonly importedBots: ReadonlyMap<string, ImportedBot>;
  /** Parameters every project call passes a bot to (`module.exports = (bot) => …`; see `parameter-bots.ts`). */
  readonly parameterBots: ReadonlyMap<TSESLint.Scope.Variable, BotReference>;
  readonly botsByMember: Map<string, BotInstance>;
  readonly botsByVariable: Map<TSESLint.Scope.Variable, BotInstance>;
  readonly registrations: Registration[];
  readonly registrationsByFunction: Map<FunctionNode, Registration[]>;
  /** Registrations by the call that makes them, in source order. */
  readonly registrationsByCall: Map<TSESTree.CallExpression, Registration[]>;
  /** Registrations by a value passed as a handler (each value `chosenValues` gives), in source order, each once. */
  readonly registrationsByHandler: Map<TSESTree.Node, Registration[]>;
  /** Calls of functions declared in this file, by the function called. */
  readonly callsByFunction: Map<FunctionNode, TSESTree.CallExpression[]>;
  readonly handlers: Map<FunctionNode, Handler | null>;
  /** The contexts grammY conversations wait for, by wait call (see `plugins.ts`). */
  readonly waits: Map<TSESTree.Node, Handler | null>;
  readonly functionsInProgress: Set<FunctionNode>;
}

const EMPTY_INDEX: FileIndex = { creationsAndCalls: [], calls: [] };

/** The file's creations and calls in one walk; nothing to walk for in a file that uses no framework (`used`: imports one or a project bot). */
export function collectFileIndex(program: TSESTree.Program, used: boolean): FileIndex {
  if (!used) return EMPTY_INDEX;
  const index = sharedFileIndex(program);
  const calls = index.of(AST_NODE_TYPES.CallExpression);
  // Source order, as one walk would give them: creations and calls merged by position.
  return { creationsAndCalls: mergeInSourceOrder(index.of(AST_NODE_TYPES.NewExpression), calls), calls };
}

type Positioned = TSESTree.NewExpression | TSESTree.CallExpression;
const bySource = (a: Positioned, b: Positioned): number => a.range[0] - b.range[0] || b.range[1] - a.range[1];

/** Two lists already in source order, merged in one pass (a list out of order is sorted instead). */
function mergeInSourceOrder(first: readonly Positioned[], second: readonly Positioned[]): Positioned[] {
  const ordered = (list: readonly Positioned[]) => list.every((node, i) => i === 0 || bySource(list[i - 1]!, node) <= 0);
  if (!ordered(first) || !ordered(second)) return [...first, ...second].sort(bySource);
  const merged: Positioned[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) merged.push(bySource(first[i]!, second[j]!) <= 0 ? first[i++]! : second[j++]!);
  while (i < first.length) merged.push(first[i++]!);
  while (j < second.length) merged.push(second[j++]!);
  return merged;
}

function isShadowed(state: ModelState, identifier: TSESTree.Identifier): boolean {
  const variable = resolveVariable(identifier, state.sourceCode);
  return variable !== null && variable.scope.type !== TSESLint.Scope.ScopeType.module && variable.scope.type !== TSESLint.Scope.ScopeType.global;
}

/** The framework export an expression names (`Bot`, `g.Bot`, `Scenes.WizardScene`), or null. */
export function resolveFrameworkName(state: ModelState, node: TSESTree.Node): FrameworkName | null {
  const path = getMemberPath(node);
  if (!path) return null;
  const binding = state.bindings.get(path[0]!);
  if (!binding) return null;
  const root = memberRoot(node);
  if (root.type === AST_NODE_TYPES.Identifier && isShadowed(state, root)) return null;
  const name = path.length === 1 ? binding.imported : path[path.length - 1]!;
  return name === '*' || name === 'default' ? null : { framework: binding.framework, name };
}

/** The framework export a type name names (`Context`, `grammy.CommandContext`), or null. */
export function resolveTypeName(state: ModelState, name: TSESTree.Node): FrameworkName | null {
  const path: string[] = [];
  let current = name;
  while (current.type === AST_NODE_TYPES.TSQualifiedName) {
    path.unshift(current.right.name);
    current = current.left;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return null;
  const binding = state.bindings.get(current.name);
  if (!binding) return null;
  const exported = path.length === 0 ? binding.imported : path[path.length - 1]!;
  return exported === '*' || exported === 'default' ? null : { framework: binding.framework, name: exported };
}
