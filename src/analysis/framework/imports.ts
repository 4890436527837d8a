import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getPropertyName, propertyKey, requiredModule, skipTypeWrappers } from '../ast/index.js';

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

/** Which framework a module specifier belongs to, or null. Deno URLs of grammY count. */
export function frameworkOfModule(source: string): Framework | null {
  if (/^grammy(?:\/|$)/.test(source) || /\/x\/grammy(?:@[^/]*)?\//.test(source)) return 'grammy';
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
 * Collects the top-level bindings of framework exports: ES imports (default, named, namespace,
 * `import type`), `import x = require(…)`, `const x = require(…)`, `const { A, B: C } = require(…)`
 * and `const X = require(…).X`.
 */
export function collectFrameworkBindings(program: TSESTree.Program): Map<string, FrameworkBinding> {
  const bindings = new Map<string, FrameworkBinding>();
  const add = (name: string, framework: Framework, module: string, imported: string): void => {
    bindings.set(name, { framework, module, imported });
  };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      const module = statement.source.value;
      const framework = frameworkOfModule(module);
      if (!framework) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
          const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value;
          add(specifier.local.name, framework, module, imported);
        } else {
          const namespace = specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier;
          add(specifier.local.name, framework, module, wholeModuleExport(framework, module, namespace));
        }
      }
    } else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = statement.moduleReference;
      if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) continue;
      const module = reference.expression.value;
      const framework = frameworkOfModule(module);
      if (framework) add(statement.id.name, framework, module, wholeModuleExport(framework, module, true));
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) addRequire(declarator, add);
    }
  }
  return bindings;
}

function addRequire(
  declarator: TSESTree.VariableDeclarator,
  add: (name: string, framework: Framework, module: string, imported: string) => void,
): void {
  let init = declarator.init ? skipTypeWrappers(declarator.init) : null;
  let member: string | null = null;
  if (init?.type === AST_NODE_TYPES.MemberExpression) {
    member = getPropertyName(init);
    init = init.object;
  }
  const module = requiredModule(init);
  const framework = module === null ? null : frameworkOfModule(module);
  if (!framework || module === null) return;
  if (member !== null) {
    if (declarator.id.type === AST_NODE_TYPES.Identifier) add(declarator.id.name, framework, module, member);
    return;
  }
  if (declarator.id.type === AST_NODE_TYPES.Identifier) {
    add(declarator.id.name, framework, module, wholeModuleExport(framework, module, true));
  } else if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of declarator.id.properties) {
      const key = propertyKey(property);
      if (property.type !== AST_NODE_TYPES.Property || key === null) continue;
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value.type === AST_NODE_TYPES.Identifier) add(value.name, framework, module, key);
    }
  }
}
