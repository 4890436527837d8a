/**
 * Bots imported from another file of the bot project: `const { bot } = require('./bot')`,
 * `const bot = require('./bot')` (for `module.exports = bot`), `const bot = require('./bot').bot`,
 * `import { bot } from './bot.js'`, `import bot from './bot'`, `import { bot } from '@/bot'` (a
 * tsconfig `paths` alias). The module is resolved by the one project resolver (`projectModuleFile`),
 * read through the project layer's cached parse (once per file version per process), and its export
 * must be a bot or composer that file creates with `new` (its own framework model):
 * `export const bot = new Bot(…)`, `export default bot`, `module.exports = bot | { bot }`,
 * `exports.bot = bot`.
 *
 * Not followed: re-exports (`export { bot } from './bot'`, or a module that exports a bot it
 * imports itself), packages, members of a namespace import (`import * as m`; `m.bot`), and a bot
 * handed over as a value (a parameter, a factory's result, a setter). On a module cycle (bot.js
 * requires message.js, which requires bot.js) each file is resolved once: the file read while the
 * other is being resolved does not see that one's bots, and nothing loops.
 */
import fs from 'node:fs';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { exportsOf, moduleBindings } from '../ast/index.js';
import { projectModuleFile, readSmallText } from '../project/index.js';
import { projectFile, telegramProjectRoot } from '../summaries/index.js';
import { pollsOnly } from './error-handling.js';
import { getFrameworkModel } from './model.js';
import type { ImportedBot } from './types.js';

/** At most this many modules that name a framework (the ones parsed) are read for the imports of one file. */
const MAX_MODULES = 32;
/** At most this many modules are tested for a framework's name (a text search, memoized) for one file: an index that imports every command. */
const MAX_SCANNED = 128;

/** Files whose imports are being resolved (a module cycle stops here); empty between queries. */
const resolving = new Set<string>();

const NONE: ReadonlyMap<string, ImportedBot> = new Map();

/** The bots a module exports, by export name (`*` for what a whole-module `require` gives); a pure memo per AST. */
const exportedByProgram = new WeakMap<TSESTree.Program, ReadonlyMap<string, ImportedBot>>();

/** Files over this size are not read for bots (the project layer's own limit). */
const MAX_BYTES = 512 * 1024;
const MENTIONS_FRAMEWORK = /\bgrammy\b|\btelegraf\b|node-telegram-bot-api|\/x\/grammy/;
const mentions = new Map<string, { version: string; value: boolean }>();

/** Whether a file's text names a framework module: only such a file can create a bot, so only it is parsed (memo per file version). */
function mentionsFramework(file: string): boolean {
  // `file` was just resolved, so it exists: a file removed since then reads as empty text.
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const version = `${stat?.mtimeMs}:${stat?.size}`;
  const known = mentions.get(file);
  if (known?.version === version) return known.value;
  const value = MENTIONS_FRAMEWORK.test(readSmallText(file, MAX_BYTES) ?? '');
  mentions.set(file, { version, value });
  return value;
}

function exportedBots(file: string): ReadonlyMap<string, ImportedBot> {
  const ref = mentionsFramework(file) ? projectFile(file) : null;
  if (!ref) return NONE;
  const program = ref.sourceCode.ast;
  const known = exportedByProgram.get(program);
  if (known) return known;
  const found = new Map<string, ImportedBot>();
  const model = getFrameworkModel(ref.sourceCode, ref.filename);
  if (model.bots.length > 0) {
    for (const [name, node] of exportsOf(program)) {
      const instance = model.resolveBot(node)?.instance;
      if (instance) found.set(name, { framework: instance.framework, kind: instance.kind, className: instance.className, filename: file, exported: name, pollsOnly: pollsOnly(instance) });
    }
    // `require('./bot')` of `module.exports = bot` is the bot; of an ES module, its namespace.
    const whole = found.get('default');
    if (whole && !program.body.some((statement) => statement.type === AST_NODE_TYPES.ExportDefaultDeclaration)) found.set('*', whole);
  }
  exportedByProgram.set(program, found);
  return found;
}

/** The top-level names of a file bound to a bot of another file of its bot project (see the module comment). */
export function importedBots(program: TSESTree.Program, filename: string | null): ReadonlyMap<string, ImportedBot> {
  if (filename === null || resolving.has(filename)) return NONE;
  const local = [...moduleBindings(program)].flatMap(([name, { module, imported }]) => {
    const target = projectModuleFile(filename, module);
    return target === null ? [] : [{ name, imported, target }];
  });
  if (local.length === 0 || telegramProjectRoot(filename) === null) return NONE;
  resolving.add(filename);
  try {
    const found = new Map<string, ImportedBot>();
    const modules = new Map<string, ReadonlyMap<string, ImportedBot>>();
    let parsed = 0;
    for (const { name, imported, target } of local) {
      if (target === filename || resolving.has(target)) continue;
      let exported = modules.get(target);
      if (!exported) {
        if (modules.size >= MAX_SCANNED || (parsed >= MAX_MODULES && mentionsFramework(target))) continue;
        if (mentionsFramework(target)) parsed++;
        modules.set(target, (exported = exportedBots(target)));
      }
      const bot = exported.get(imported);
      if (bot) found.set(name, bot);
    }
    return found.size > 0 ? found : NONE;
  } finally {
    resolving.delete(filename);
  }
}
