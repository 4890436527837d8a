import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, moduleBindings, propertyKey, skipTypeWrappers } from '../ast/index.js';

/** The bot frameworks the model knows. `ntba` is node-telegram-bot-api. */
export type Framework = 'grammy' | 'telegraf' | 'ntba';

/** A local name bound to something a framework module exports. */
export interface FrameworkBinding {
  framework: Framework;
  /** The module specifier as written: `grammy`, `telegraf/filters`, `node-telegram-bot-api`. */
  module: string;
  /**
   * What the name stands for: an export name (`Bot`, `Context`, `message`), or the export a
   * whole-module binding means (`Telegraf` for `require('telegraf')`, `TelegramBot` for
   * node-telegram-bot-api's default export, `*` for a namespace of a module with named exports).
   */
  imported: string;
}

/** grammY's plugins that run handlers: their exports are grammY's (see `plugins.ts`). */
export type GrammyPlugin = 'conversations' | 'menu';

/** Which grammY plugin a module specifier is (`@grammyjs/conversations`, `@grammyjs/menu`, their Deno URLs once `packageOfSpecifier` named them), or null. */
export function grammyPluginOf(source: string): GrammyPlugin | null {
  const match = /^@grammyjs\/(conversations|menu)(?:\/|$)/.exec(source);
  return (match?.[1] as GrammyPlugin | undefined) ?? null;
}

/** Which framework a module (as `packageOfSpecifier` names it: Deno URLs of grammY count) belongs to, or null; grammY's handler plugins count. */
export function frameworkOfModule(source: string): Framework | null {
  if (/^grammy(?:\/|$)/.test(source) || grammyPluginOf(source) !== null) return 'grammy';
  if (/^telegraf(?:\/|$)/.test(source)) return 'telegraf';
  if (source === 'node-telegram-bot-api' || source.startsWith('node-telegram-bot-api/')) return 'ntba';
  return null;
}

/** Telegraf 3's per-file modules whose default export is one class. */
const TELEGRAF_MODULE_DEFAULTS: Readonly<Record<string, string>> = {
  telegraf: 'Telegraf',
  'telegraf/composer': 'Composer',
  'telegraf/scenes/base': 'BaseScene',
  'telegraf/scenes/wizard': 'WizardScene',
  'telegraf/stage': 'Stage',
  'telegraf/router': 'Router',
};

/** The export a default or whole-module binding stands for. */
function wholeModuleExport(framework: Framework, module: string, namespace: boolean): string {
  if (framework === 'ntba') return 'TelegramBot';
  if (framework === 'telegraf') return TELEGRAF_MODULE_DEFAULTS[module] ?? '*';
  return namespace ? '*' : 'default';
}

/**
 * The top-level names bound to framework exports, by every binding form `moduleBindings` knows
 * (imports, import-equals, `require`, `await import`, each under `export` too, and aliases).
 */
export function collectFrameworkBindings(program: TSESTree.Program): Map<string, FrameworkBinding> {
  const bindings = new Map<string, FrameworkBinding>();
  for (const [name, { module, imported }] of moduleBindings(program)) {
    const framework = frameworkOfModule(module);
    if (!framework) continue;
    const whole = imported === '*' || imported === 'default';
    bindings.set(name, { framework, module, imported: whole ? wholeModuleExport(framework, module, imported === '*') : imported });
  }
  addNamespaceMembers(program, bindings);
  return bindings;
}

/**
 * `const { BaseScene } = Scenes`, `const WizardScene = Scenes.WizardScene`: a member of a framework
 * namespace export (Telegraf's `Scenes`), named by its own name as `Scenes.BaseScene` is.
 */
function addNamespaceMembers(program: TSESTree.Program, bindings: Map<string, FrameworkBinding>): void {
  const namespaceOf = (node: TSESTree.Node): FrameworkBinding | undefined => {
    const binding = node.type === AST_NODE_TYPES.Identifier ? bindings.get(node.name) : undefined;
    return binding && binding.imported !== '*' && binding.imported !== 'default' ? binding : undefined;
  };
  for (const top of program.body) {
    const statement = top.type === AST_NODE_TYPES.ExportNamedDeclaration && top.declaration ? top.declaration : top;
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const { id, init } of statement.declarations) {
      const value = init && skipTypeWrappers(init);
      if (!value) continue;
      if (id.type === AST_NODE_TYPES.Identifier && value.type === AST_NODE_TYPES.MemberExpression) {
        const namespace = namespaceOf(skipTypeWrappers(value.object));
        const member = getPropertyName(value);
        if (namespace && member !== null) bindings.set(id.name, { ...namespace, imported: member });
        continue;
      }
      const namespace = id.type === AST_NODE_TYPES.ObjectPattern ? namespaceOf(value) : undefined;
      if (!namespace || id.type !== AST_NODE_TYPES.ObjectPattern) continue;
      for (const property of id.properties) {
        const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
        const local = property.type === AST_NODE_TYPES.Property ? property.value : null;
        if (key !== null && local?.type === AST_NODE_TYPES.Identifier) bindings.set(local.name, { ...namespace, imported: key });
      }
    }
  }
}
