/**
 * Parameters that are bots by their callers: a module factory that registers handlers on the bot it
 * is given (`module.exports = (bot: any) => { bot.action('pay', …) }`, `export default function
 * register(bot) { bot.command('start', …) }`) whose every call in the bot project passes a proven
 * bot at that position — `require('./pay')(bot)`, `const pay = require('./pay'); pay(bot)`,
 * `import register from './start'; register(bot)`, a call in the same file (the calls
 * `projectCallersOf` finds) — where the argument is a bot or composer the calling file's model
 * proves: created there with `new`, imported from a project file, typed with the framework's class,
 * or itself such a parameter. Such a parameter counts as the framework's class, as a typed one does
 * (no instance: which creation it is is not followed), so its registrations are registrations.
 *
 * Unknown (no bot): a function never called, a call whose callers cannot all be seen, a call that
 * passes something else (a mock, an Express app) or bots of two frameworks or kinds, a spread
 * argument, a parameter written to. Only parameters the function uses as the receiver of a method
 * a framework registers with (`bot.on`, `bot.action`, `bot.use`…) are looked at. On a module cycle
 * (a caller's file being resolved while its own factory is asked), or more than four files deep, the
 * inner file sees no parameter bots, and nothing loops; a caller's model built then keeps that answer.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, getPropertyName, isFunction, outermostWrapper, type FunctionNode } from '../ast/index.js';
import { projectCallersOf, telegramProjectRoot } from '../summaries/index.js';
import { METHODS } from './methods.js';
import { getFrameworkModel } from './model.js';
import { sceneOfBot } from './scenes.js';
import type { BotReference, PassedScene } from './types.js';

type Variable = TSESLint.Scope.Variable;

/** Files whose parameter bots are being resolved: a module cycle stops here; empty between queries. */
const resolving = new Set<string>();
/** How many files deep callers are followed (a factory handed the parameter of another factory, …). */
const MAX_DEPTH = 4;

const NONE: ReadonlyMap<Variable, BotReference> = new Map();

/** Every method name some framework registers handlers with. */
const REGISTERING = new Set(Object.values(METHODS).flatMap((methods) => Object.keys(methods)));

const FUNCTION_TYPES = [AST_NODE_TYPES.FunctionDeclaration, AST_NODE_TYPES.FunctionExpression, AST_NODE_TYPES.ArrowFunctionExpression] as const;

/** Whether a parameter is only read, and read at least once as the receiver of a registering method (`bot.action(…)`). */
function registersOn(variable: Variable): boolean {
  let registers = false;
  for (const reference of variable.references) {
    if (reference.isWrite()) return false;
    const member = outermostWrapper(reference.identifier).parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || outermostWrapper(member.object) !== outermostWrapper(reference.identifier)) continue;
    const name = getPropertyName(member);
    const call = outermostWrapper(member).parent;
    if (name !== null && REGISTERING.has(name) && call?.type === AST_NODE_TYPES.CallExpression && outermostWrapper(call.callee) === outermostWrapper(member)) registers = true;
  }
  return registers;
}

/** The bot every call of `fn` passes at `index`, or null when one passes something else or the calls are unseen. */
function passedBot(fn: FunctionNode, index: number, sourceCode: Readonly<TSESLint.SourceCode>, filename: string): BotReference | null {
  const calls = projectCallersOf(fn, { sourceCode, filename });
  if (!calls || calls.length === 0) return null;
  let found: BotReference | null = null;
  const scenes: (PassedScene | null)[] = [];
  for (const { call, file } of calls) {
    if (call.arguments.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return null;
    const argument = call.arguments[index];
    if (!argument) return null;
    const model = getFrameworkModel(file.sourceCode, file.filename);
    const bot = model.resolveBot(argument);
    if (!bot || (found && (found.framework !== bot.framework || found.kind !== bot.kind))) return null;
    found ??= bot;
    scenes.push(sceneOfBot(bot, model));
  }
  if (!found) return null;
  const passedScene = samePassedScene(scenes);
  return { framework: found.framework, kind: found.kind, instance: null, ...(passedScene && { passedScene }) };
}

/** The scene every call passes: each a scene of one class; its id when they all give the same one. */
function samePassedScene(scenes: readonly (PassedScene | null)[]): PassedScene | null {
  const [first] = scenes;
  if (!first || scenes.some((scene) => scene?.className !== first.className)) return null;
  return { className: first.className, id: scenes.every((scene) => scene!.id === first.id) ? first.id : null };
}

/** Answers asked outside any other file's resolution (no cycle cut them short), per AST and file name. */
const answered = new WeakMap<TSESTree.Program, { filename: string; bots: ReadonlyMap<Variable, BotReference> }>();

/** The parameters of a file's functions that are bots by their callers (see the module comment). */
export function parameterBots(program: TSESTree.Program, sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null): ReadonlyMap<Variable, BotReference> {
  if (filename === null || resolving.has(filename) || resolving.size >= MAX_DEPTH) return NONE;
  const known = answered.get(program);
  if (known?.filename === filename) return known.bots;
  const outermost = resolving.size === 0;
  const bots = findParameterBots(program, sourceCode, filename);
  if (outermost) answered.set(program, { filename, bots });
  return bots;
}

function findParameterBots(program: TSESTree.Program, sourceCode: Readonly<TSESLint.SourceCode>, filename: string): ReadonlyMap<Variable, BotReference> {
  const index = fileIndex(program);
  const candidates: { fn: FunctionNode; position: number; variable: Variable }[] = [];
  for (const type of FUNCTION_TYPES) {
    for (const fn of index.of(type)) {
      if (!isFunction(fn)) continue;
      const declared = fn.params.length > 0 ? sourceCode.getDeclaredVariables(fn) : [];
      fn.params.forEach((param, position) => {
        if (param.type !== AST_NODE_TYPES.Identifier) return;
        const variable = declared.find((candidate) => candidate.defs.some((def) => def.name === param));
        if (variable && registersOn(variable)) candidates.push({ fn, position, variable });
      });
    }
  }
  if (candidates.length === 0 || telegramProjectRoot(filename) === null) return NONE;
  resolving.add(filename);
  try {
    const found = new Map<Variable, BotReference>();
    for (const { fn, position, variable } of candidates) {
      const bot = passedBot(fn, position, sourceCode, filename);
      if (bot) found.set(variable, bot);
    }
    return found.size > 0 ? found : NONE;
  } finally {
    resolving.delete(filename);
  }
}
