/**
 * Where a grammY composer is mounted: `parent.use(composer)` in the file that creates it and in the
 * project files that import it (the forms `imported-bots.ts` follows), and so which updates reach its
 * handlers. A composer mounted only below `bot.chatType('supergroup')` (or below a composer that is
 * itself mounted only so) never sees a channel post: its `command` and `hears` handlers get messages,
 * which have a sender; one mounted only below `bot.filter(isAdmin)` serves only the operator (see
 * `mountedOnlyBehind`, asked by the admin model). Any use of the composer the model cannot read —
 * passed on as a value, `composer.middleware()`, a re-export, a namespace import, an inline
 * `require` — or none at all proves nothing.
 */

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, exportsOf, fileIndex, getMemberPath, getPropertyName, moduleBindings, requiredModule, skipTypeWrappers, topLevelVariable } from '../ast/index.js';
import { projectModuleFile } from '../project/index.js';
import { parsedImportersOf, projectFile } from '../summaries/index.js';
import { getFrameworkModel } from './model.js';
import type { BotInstance, FrameworkModel } from './types.js';

/** How many composers mounted in composers are followed (`bot.chatType('supergroup').use(moderation)` → `moderation.use(mute)`). */
const MAX_MOUNT_DEPTH = 4;
/** Answers at the top of a query (a pure memo per composer creation: its AST lives as long as its file version). */
const answers = new WeakMap<BotInstance, boolean>();
/** Composers being answered (a cycle of mounts stops here); empty between queries. */
const inProgress = new Set<BotInstance>();

/** Whether channel posts may reach the handlers of a composer created in the file of `model`. */
export function channelPostsReach(model: FrameworkModel, instance: BotInstance, depth = 0): boolean {
  if (instance.framework !== 'grammy' || instance.kind !== 'composer') return true;
  const known = answers.get(instance);
  if (known !== undefined) return known;
  if (depth > MAX_MOUNT_DEPTH || inProgress.has(instance)) return true;
  const top = inProgress.size === 0;
  inProgress.add(instance);
  try {
    const value = reachedByChannelPosts(model, instance, depth);
    if (top) answers.set(instance, value);
    return value;
  } finally {
    inProgress.delete(instance);
  }
}

function reachedByChannelPosts(model: FrameworkModel, instance: BotInstance, depth: number): boolean {
  return !mountedOnlyBehind(model, instance, (owner, receiver) => !channelPostsThrough(owner, receiver, depth));
}

/**
 * Whether a grammY composer created in the file of `model` is mounted at least once, and each mount
 * (`receiver.use(composer)`, in its file and in the project files that import it) is on a receiver
 * `passes` accepts. False when a use cannot be read (see the module's comment).
 */
export function mountedOnlyBehind(model: FrameworkModel, instance: BotInstance, passes: (owner: FrameworkModel, receiver: TSESTree.Node) => boolean): boolean {
  const file = model.file();
  if (!file || !instance.variable) return false;
  let mounts = 0;
  /** False when a use cannot be read or mounts the composer on a receiver `passes` refuses. */
  const mountedBehind = (owner: FrameworkModel, identifier: TSESTree.Identifier | TSESTree.JSXIdentifier, ownFile: boolean): boolean => {
    const use = identifier.type === AST_NODE_TYPES.Identifier ? useOf(identifier, ownFile) : null;
    if (use === null) return false;
    if (use === 'own') return true;
    mounts++;
    return passes(owner, use);
  };
  for (const reference of instance.variable.references) {
    if (reference.init !== true && !mountedBehind(model, reference.identifier, true)) return false;
  }
  const exported = [...exportsOf(file.sourceCode.ast)].filter(([, node]) => model.resolveBot(node)?.instance === instance).map(([name]) => name);
  if (exported.length > 0) {
    const importers = parsedImportersOf(file.filename);
    if (importers === null) return false;
    for (const importer of importers) {
      const owner = getFrameworkModel(importer.sourceCode, importer.filename);
      const program = importer.sourceCode.ast;
      const targets = (module: string): boolean => projectModuleFile(importer.filename, module) === file.filename;
      for (const [name, binding] of moduleBindings(program)) {
        // Another export of the file (`import { helper } from './mute'`) is no use of the composer.
        if (!targets(binding.module) || (binding.imported !== '*' && !exported.includes(binding.imported))) continue;
        // The composer's name, or a namespace that may hold it (`import * as m`; `m.mute`): unknown unless the importer's model binds it to the composer.
        const bot = owner.importedBots.get(name);
        if (!bot || bot.filename !== file.filename || !exported.includes(bot.exported)) return false;
        const variable = topLevelVariable(importer.sourceCode, name);
        if (!variable) return false;
        for (const reference of variable.references) {
          if (reference.init !== true && !mountedBehind(owner, reference.identifier, false)) return false;
        }
      }
      // `bot.use(require('./mute'))`, `(await import('./mute')).mute`: a value no name holds.
      const loads = [...fileIndex(program).of(AST_NODE_TYPES.CallExpression), ...fileIndex(program).of(AST_NODE_TYPES.ImportExpression)];
      if (loads.some((load) => targets(requiredModule(load) ?? '') && !boundByDeclaration(load))) return false;
    }
  }
  return mounts > 0;
}

/** `const x = require('./m')`, `const x = await import('./m')`: a load whose value a top-level name holds (see `moduleBindings`). */
function boundByDeclaration(load: TSESTree.Node): boolean {
  const value = load.parent?.type === AST_NODE_TYPES.AwaitExpression ? load.parent : load;
  return value.parent?.type === AST_NODE_TYPES.VariableDeclarator && value.parent.init === value;
}

/**
 * What one use of a composer's name is: `'own'` for a statement that registers on it
 * (`mute.command(…)`, a chain of such calls) or, in its own file, an export; the receiver it is
 * mounted on for `receiver.use(…, mute, …)`; null for anything else.
 */
function useOf(identifier: TSESTree.Identifier, ownFile: boolean): 'own' | TSESTree.Node | null {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
    let top: TSESTree.Node = parent;
    for (;;) {
      const above: TSESTree.Node | undefined = top.parent;
      if ((above?.type === AST_NODE_TYPES.MemberExpression && above.object === top) || (above?.type === AST_NODE_TYPES.CallExpression && above.callee === top)) top = above;
      else break;
    }
    const statement = top.parent?.type === AST_NODE_TYPES.AwaitExpression ? top.parent.parent : top.parent;
    return top.type === AST_NODE_TYPES.CallExpression && statement?.type === AST_NODE_TYPES.ExpressionStatement ? 'own' : null;
  }
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(identifier)) {
    const callee = skipTypeWrappers(parent.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === 'use' ? callee.object : null;
  }
  if (!ownFile) return null;
  if (parent.type === AST_NODE_TYPES.ExportSpecifier || parent.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'own';
  // `module.exports = mute`, `exports.mute = mute`, `module.exports = { mute }`.
  const assigned = parent.type === AST_NODE_TYPES.Property && parent.value === identifier && parent.parent.type === AST_NODE_TYPES.ObjectExpression ? parent.parent.parent : parent;
  if (assigned?.type !== AST_NODE_TYPES.AssignmentExpression || assigned.parent.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  const target = getMemberPath(assigned.left)?.join('.') ?? '';
  return target === 'module.exports' || /^(?:module\.)?exports\.[^.]+$/.test(target) ? 'own' : null;
}

/**
 * Whether channel posts come through the receiver a composer is mounted on: none below
 * `chatType('supergroup')` on its chain (see `FrameworkModel.channelPostsThrough`), none below a
 * composer of this or another project file that channel posts do not reach.
 */
function channelPostsThrough(model: FrameworkModel, receiver: TSESTree.Node, depth: number): boolean {
  if (!model.channelPostsThrough(receiver)) return false;
  const root = mountingComposer(model, receiver);
  return root === null || channelPostsReach(root.model, root.instance, depth + 1);
}

/**
 * The composer a receiver's chain starts at (`moderation.filter(isAdmin)` → `moderation`, also through a
 * `const`), with the model of the file that creates it (this file's, or the file it is imported from); null
 * when it is none the model knows.
 */
export function mountingComposer(model: FrameworkModel, receiver: TSESTree.Node): { model: FrameworkModel; instance: BotInstance } | null {
  let node = skipTypeWrappers(receiver);
  for (let step = 0; step < MAX_MOUNT_DEPTH * 2; step++) {
    if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) node = skipTypeWrappers(node.callee.object);
    else if (node.type === AST_NODE_TYPES.Identifier) {
      const init = constInitializer(node, { getScope: (inner) => model.scopeOf(inner) });
      if (init?.type !== AST_NODE_TYPES.CallExpression) break;
      node = skipTypeWrappers(init);
    } else break;
  }
  const reference = model.resolveBot(node);
  if (reference?.instance) return { model, instance: reference.instance };
  const imported = reference?.imported;
  const creator = imported ? projectFile(imported.filename) : null;
  if (!imported || !creator) return null;
  const owner = getFrameworkModel(creator.sourceCode, creator.filename);
  const value = exportsOf(creator.sourceCode.ast).get(imported.exported);
  const instance = value ? owner.resolveBot(value)?.instance : null;
  return instance ? { model: owner, instance } : null;
}
