/** Bots and composers: created in the file (`new Bot(…)`), and expressions proven to be one (aliases, members, types, chains). */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, functionOf, getMemberPath, getPropertyName, globalObjectProperty, isNullish, propertyKey, resolveVariable, returnedValues, skipTypeWrappers, type FunctionNode } from '../ast/index.js';
import type { Framework } from './imports.js';
import { BOT_CLASSES, METHODS } from './methods.js';
import { resolveFrameworkName, resolveTypeName, type ModelState } from './state.js';
import type { BotInstance, BotKind, BotReference } from './types.js';

function botClassOf(state: ModelState, node: TSESTree.Node): { framework: Framework; kind: BotKind; name: string } | null {
  const name = resolveFrameworkName(state, node);
  if (!name) return null;
  const kind = BOT_CLASSES[name.framework][name.name];
  return kind ? { ...name, kind } : null;
}

/** The bot class a `new` expression creates (`new Bot()`, `new Scenes.WizardScene()`), or null. */
export function createdBotClass(state: ModelState, creation: TSESTree.NewExpression): { framework: Framework; kind: BotKind; name: string } | null {
  return botClassOf(state, creation.callee);
}

function pollingOf(creation: TSESTree.NewExpression): boolean | null {
  const options = creation.arguments[1];
  if (!options) return false;
  const value = skipTypeWrappers(options);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return null;
  let polling: boolean | null = false;
  for (const property of value.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      polling = null;
      continue;
    }
    const key = propertyKey(property);
    if (key !== 'polling') continue;
    const set = skipTypeWrappers(property.value);
    polling = set.type === AST_NODE_TYPES.Literal ? set.value !== false && set.value !== null && set.value !== 0 : set.type === AST_NODE_TYPES.ObjectExpression ? true : null;
  }
  return polling;
}

/**
 * An option of `new TelegramBot(token, { … })` by name: the property, or null when absent. `undefined`
 * when it cannot be told (options in a variable, spread).
 */
export function ntbaOption(creation: TSESTree.NewExpression, name: string): TSESTree.Property | null | undefined {
  const options = creation.arguments[1];
  if (!options) return null;
  const value = skipTypeWrappers(options);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  let found: TSESTree.Property | null | undefined = null;
  for (const property of value.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) found = undefined;
    else if (propertyKey(property) === name) found = property;
  }
  return found;
}

/** A call of NTBA's `processUpdate` written in the project: updates that arrive through the project's own server. */
export const PROCESS_UPDATE = /\.\s*processUpdate\s*\(/;

/** Whether the file's code calls `.processUpdate(` (a call in a comment is a route switched off: it feeds nothing). */
export function feedsUpdates(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (!PROCESS_UPDATE.test(sourceCode.text)) return false;
  let code = sourceCode.text;
  for (const comment of sourceCode.getAllComments()) code = code.slice(0, comment.range[0]) + ' '.repeat(comment.range[1] - comment.range[0]) + code.slice(comment.range[1]);
  return PROCESS_UPDATE.test(code);
}

/** NTBA methods that start a bot's updates or hand it one. */
const RECEIVING = new Set(['startPolling', 'openWebHook', 'processUpdate']);

/**
 * A node-telegram-bot-api bot that this file proves receives no updates, before looking at the rest
 * of the project: created without `polling` and without `webHook` (`new TelegramBot(token)`), held
 * in a variable of its own that is not exported and used only to call its methods (`bot.sendMessage(…)`,
 * `bot.on(…)`, `bot.setWebHook(url)`: telling Telegram a URL serves nothing), none of which starts it
 * (`startPolling`, `openWebHook`) or feeds it (`processUpdate`); and no `.processUpdate(` in the file's code.
 * Its listeners never run. A bot handed on or exported may be started elsewhere.
 */
export function sendsOnlyHere(bot: BotInstance, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (bot.framework !== 'ntba' || bot.kind !== 'bot' || bot.polling !== false || ntbaOption(bot.creation, 'webHook') !== null) return false;
  const variable = bot.variable;
  if (!variable || bot.memberPath !== null || feedsUpdates(sourceCode)) return false;
  const declarator = variable.defs.length === 1 ? variable.defs[0]!.node : null;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== bot.creation || declarator.parent.parent.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  return variable.references.every((reference) => {
    if (reference.init === true && reference.identifier === declarator.id) return true;
    const member = reference.identifier.parent;
    if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier || member.parent.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) return false;
    const name = getPropertyName(member);
    return name !== null && !RECEIVING.has(name);
  });
}

/** Bots: creations anywhere in the file, with the variable or member they are stored in. */
export function collectBots(state: ModelState): void {
  const { sourceCode } = state;
  for (const node of state.index.creationsAndCalls) {
    if (node.type !== AST_NODE_TYPES.NewExpression) continue;
    const botClass = botClassOf(state, node.callee);
    if (!botClass) continue;
    const instance: BotInstance = {
      framework: botClass.framework,
      kind: botClass.kind,
      className: botClass.name,
      creation: node,
      variable: null,
      memberPath: null,
      cachedIn: null,
      polling: botClass.framework === 'ntba' ? pollingOf(node) : null,
    };
    // A hot-reload cache of the global object in front of the creation (`global.botInstance || new Bot(…)`): stored as the bot.
    let held: TSESTree.Expression = node;
    const fallback = node.parent;
    if (fallback.type === AST_NODE_TYPES.LogicalExpression && fallback.right === node && fallback.operator !== '&&') {
      instance.cachedIn = globalObjectProperty(fallback.left, sourceCode);
      if (instance.cachedIn !== null) held = fallback;
    }
    const parent = held.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === held && parent.id.type === AST_NODE_TYPES.Identifier) {
      instance.variable = sourceCode.getDeclaredVariables(parent)[0] ?? null;
    } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === held) {
      if (parent.left.type === AST_NODE_TYPES.Identifier) {
        instance.variable = ASTUtils.findVariable(sourceCode.getScope(parent), parent.left.name);
      } else {
        instance.memberPath = getMemberPath(parent.left)?.join('.') ?? null;
      }
    } else if (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.value === held && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) {
      instance.memberPath = `this.${parent.key.name}`;
    }
    if (instance.variable) state.botsByVariable.set(instance.variable, instance);
    if (instance.memberPath) state.botsByMember.set(instance.memberPath, instance);
    state.bots.push(instance);
  }
  if (state.botsByVariable.size > 0) collectMemberCopies(state);
}

/**
 * Members a bot's variable is copied into: `const bot = new Bot(t); …; this.bot = bot;` makes
 * `this.bot.start()` a call on that bot. A member counts only when every value the file writes to it
 * (assignments, a class field's initial value) is that one bot's variable or nothing (`null`,
 * `undefined`): a member that may hold something else is not guessed at.
 */
function collectMemberCopies(state: ModelState): void {
  const { sourceCode } = state;
  const index = fileIndex(sourceCode.ast);
  const written = new Map<string, TSESTree.Node[]>();
  const write = (path: string | undefined, value: TSESTree.Node): void => {
    if (path === undefined) return;
    const values = written.get(path);
    if (values) values.push(value);
    else written.set(path, [value]);
  };
  for (const assignment of index.of(AST_NODE_TYPES.AssignmentExpression)) {
    if (assignment.left.type !== AST_NODE_TYPES.MemberExpression) continue;
    // `this.bot ??= bot`, `this.count += 1`: the operator itself is the value, which proves nothing.
    write(getMemberPath(assignment.left)?.join('.'), assignment.operator === '=' ? assignment.right : assignment);
  }
  for (const field of index.of(AST_NODE_TYPES.PropertyDefinition)) {
    if (field.value && !field.computed && !field.static && field.key.type === AST_NODE_TYPES.Identifier) write(`this.${field.key.name}`, field.value);
  }
  for (const [path, values] of written) {
    if (state.botsByMember.has(path)) continue;
    let copied: BotInstance | null = null;
    const onlyOneBot = values.every((node) => {
      if (isNullish(node)) return true;
      const value = skipTypeWrappers(node);
      const variable = value.type === AST_NODE_TYPES.Identifier ? resolveVariable(value, sourceCode) : null;
      const bot = variable ? state.botsByVariable.get(variable) : undefined;
      if (!bot || (copied !== null && copied !== bot)) return false;
      copied = bot;
      return true;
    });
    if (onlyOneBot && copied) state.botsByMember.set(path, copied);
  }
}

function typeNameOf(annotation: TSESTree.TypeNode): TSESTree.Node | null {
  if (annotation.type === AST_NODE_TYPES.TSTypeReference) return annotation.typeName;
  return null;
}

function botClassOfType(state: ModelState, typeName: TSESTree.Node): { framework: Framework; kind: BotKind } | null {
  const name = resolveTypeName(state, typeName);
  if (!name) return null;
  const kind = BOT_CLASSES[name.framework][name.name];
  return kind ? { framework: name.framework, kind } : null;
}

/** A top-level name (of the module, a script, or a CommonJS file's wrapper), not one declared inside a function or block. */
function isModuleLevel(variable: TSESLint.Scope.Variable): boolean {
  return variable.scope.block.type === AST_NODE_TYPES.Program;
}

/** Whether an expression is a proven bot or composer: created in this file, imported from another project file (see `imported-bots.ts`), typed, or a parameter every caller passes one (see `parameter-bots.ts`). */
export function resolveBot(state: ModelState, node: TSESTree.Node, depth = 0): BotReference | null {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.NewExpression) {
    const instance = state.bots.find((bot) => bot.creation === value);
    return instance ? { framework: instance.framework, kind: instance.kind, instance } : null;
  }
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    // Most files keep no bot in a property (`this.bot = new Bot()`): no path to build then.
    if (state.botsByMember.size === 0) return null;
    const path = getMemberPath(value)?.join('.');
    const instance = path === undefined ? undefined : state.botsByMember.get(path);
    return instance ? { framework: instance.framework, kind: instance.kind, instance } : null;
  }
  // An async factory's bot, awaited: `const bot = await createBot()`.
  if (value.type === AST_NODE_TYPES.AwaitExpression && depth <= 8) {
    const call = skipTypeWrappers(value.argument);
    return call.type === AST_NODE_TYPES.CallExpression ? factoryBot(state, call, true, depth) : null;
  }
  if (value.type === AST_NODE_TYPES.CallExpression && depth <= 8) {
    const callee = skipTypeWrappers(value.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return factoryBot(state, value, false, depth);
    // Chained registrations: Telegraf's return `this`; grammY's return a (filtered) composer.
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || method === null) return null;
    const inner = resolveBot(state, callee.object, depth + 1);
    if (!inner || !Object.hasOwn(METHODS[inner.framework], method)) return null;
    return inner.framework === 'grammy' ? { framework: 'grammy', kind: 'composer', instance: null } : inner;
  }
  // The same bound as chained calls: `admins.filter(…).on(…).hears(…)` with `const admins = group.filter(…)` and `const group = bot.chatType(…)`.
  if (value.type !== AST_NODE_TYPES.Identifier || depth > 8) return null;
  const variable = resolveVariable(value, state.sourceCode);
  if (!variable) return null;
  if (depth > 0) return resolveBotVariable(state, variable, depth);
  // Asked for the receiver of every call of the file (and again per bot by `callsOn`): one answer per variable.
  let known = botsByName.get(state);
  if (!known) botsByName.set(state, (known = new Map<TSESLint.Scope.Variable, BotReference | null>()));
  let answer = known.get(variable);
  if (answer === undefined) {
    answer = resolveBotVariable(state, variable, depth);
    known.set(variable, answer);
  }
  return answer;
}

/**
 * The bot a function of this file creates and returns, at a call of it: `function createBot() { const
 * bot = new Telegraf(t); …; return bot; }` then `const bot = createBot()` (an async one only when
 * awaited: otherwise the caller holds a promise).
 */
function factoryBot(state: ModelState, call: TSESTree.CallExpression, awaited: boolean, depth: number): BotReference | null {
  const fn = functionOf(call.callee, state.sourceCode);
  return fn ? returnedBot(fn, awaited, (returned) => resolveBot(state, returned, depth + 1)) : null;
}

/**
 * The one bot instance a factory returns, as `resolve` (its file's `resolveBot`) proves it: every
 * value it returns must be that bot or nullish (`if (!token) return null`); a factory that may
 * return something else (`return token ? bot : stub`), a generator, or an async factory not awaited
 * (`awaited` false: the caller holds a promise) gives null.
 */
export function returnedBot(fn: FunctionNode, awaited: boolean, resolve: (returned: TSESTree.Node) => BotReference | null): BotReference | null {
  if (fn.generator || fn.async !== awaited) return null;
  let found: BotReference | null = null;
  for (const returned of returnedValues(fn) ?? []) {
    if (isNullish(returned)) continue;
    const bot = resolve(returned);
    if (!bot?.instance || (found !== null && found.instance !== bot.instance)) return null;
    found = bot;
  }
  return found;
}

/** Variables whose bot was worked out (not answered from the memo), and scans of the file's calls for one bot's: tests read them. */
export const botWork = { variablesResolved: 0, callScans: 0 };

/** {@link resolveBot}'s answers for identifiers, by variable: the file's bots are all collected before the first question. */
const botsByName = new WeakMap<ModelState, Map<TSESLint.Scope.Variable, BotReference | null>>();

function resolveBotVariable(state: ModelState, variable: TSESLint.Scope.Variable, depth: number): BotReference | null {
  botWork.variablesResolved++;
  const instance = state.botsByVariable.get(variable);
  if (instance) return { framework: instance.framework, kind: instance.kind, instance };
  const imported = state.importedBots.get(variable.name);
  if (imported && isModuleLevel(variable)) return { framework: imported.framework, kind: imported.kind, instance: null, imported };
  const passed = state.parameterBots.get(variable);
  if (passed) return passed;
  for (const def of variable.defs) {
    const id = def.name;
    if ((def.type === TSESLint.Scope.DefinitionType.Parameter || def.type === TSESLint.Scope.DefinitionType.Variable) && id.type === AST_NODE_TYPES.Identifier && id.typeAnnotation) {
      const typeName = typeNameOf(id.typeAnnotation.typeAnnotation);
      const resolved = typeName ? botClassOfType(state, typeName) : null;
      if (resolved) return { framework: resolved.framework, kind: resolved.kind, instance: null };
    }
    if (def.type === TSESLint.Scope.DefinitionType.Variable && def.node.init && def.node.id === id && def.parent.kind === 'const') {
      const alias = resolveBot(state, def.node.init, depth + 1);
      if (alias) return alias;
    }
  }
  return null;
}

/** Method calls on references to a bot created in this file: `bot.catch(…)`, `bot.start()`, `bot.on(…)`. */
export function callsOn(state: ModelState, bot: BotInstance): readonly TSESTree.CallExpression[] {
  // Asked per bot by several rules, and per unguarded write by the serialisation gate: the file's calls are scanned once per bot.
  let calls = callsByBot.get(bot);
  if (!calls) {
    botWork.callScans++;
    calls = state.index.calls.filter((node) => {
      const callee = skipTypeWrappers(node.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && resolveBot(state, callee.object)?.instance === bot;
    });
    callsByBot.set(bot, calls);
  }
  return calls;
}

/** {@link callsOn}'s answers: a bot belongs to one file's model, collected before the first question. */
const callsByBot = new WeakMap<BotInstance, readonly TSESTree.CallExpression[]>();
