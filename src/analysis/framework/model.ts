/** Builds the bot-framework model of a file (see `./index.ts` for what it answers). */
import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { functionOf, getMemberPath, getPropertyName, isFunction, propertyKey, skipTypeWrappers, staticString, walkSameFunction, type FunctionNode } from '../ast/index.js';
import { collectFrameworkBindings, type Framework } from './imports.js';
import {
  FILTER_FUNCTIONS,
  contextGetterOf,
  grammyFilterGuarantees,
  guaranteesOfUpdate,
  ntbaEvent,
  telegrafFilterGuarantees,
  type Guarantees,
} from './narrowing.js';
import { allowedUpdates } from './updates.js';
import type { BotInstance, BotKind, BotReference, ContextParameter, ContextPath, FrameworkModel, Handler, HandlerEntry, Registration, UserTextKind, UserTextSource } from './types.js';

const cache = new WeakMap<TSESTree.Program, FrameworkModel>();

const filenames = new WeakMap<FrameworkModel, string>();

/**
 * The model of the file being linted; built once per file (a pure memo on its AST). With the
 * file's name (`context.filename`), facts of its bot project (`allowedUpdates()`) are read too.
 */
export function getFrameworkModel(sourceCode: Readonly<TSESLint.SourceCode>, filename?: string): FrameworkModel {
  let model = cache.get(sourceCode.ast);
  if (!model) {
    model = buildModel(sourceCode, (built) => filenames.get(built) ?? null);
    cache.set(sourceCode.ast, model);
  }
  if (filename !== undefined && !filenames.has(model)) filenames.set(model, filename);
  return model;
}

/** Classes whose instances are bots or composers. */
const BOT_CLASSES: Readonly<Record<Framework, Readonly<Record<string, BotKind>>>> = {
  grammy: { Bot: 'bot', Composer: 'composer' },
  telegraf: { Telegraf: 'bot', Composer: 'composer', BaseScene: 'composer', WizardScene: 'composer', Router: 'composer' },
  ntba: { TelegramBot: 'bot' },
};

/** Framework types that mark a parameter as a context, and what they narrow. */
const CONTEXT_TYPES: Readonly<Record<Framework, Readonly<Record<string, Guarantees | 'filter'>>>> = {
  grammy: {
    // A plain context type says nothing about the registration (often in another file): unknown.
    Context: null,
    CommandContext: withMatch(grammyFilterGuarantees([':entities:bot_command'])),
    HearsContext: withMatch(grammyFilterGuarantees([':text', ':caption'])),
    CallbackQueryContext: withMatch(grammyFilterGuarantees(['callback_query:data'])),
    GameQueryContext: withMatch(grammyFilterGuarantees(['callback_query:game_short_name'])),
    InlineQueryContext: withMatch(grammyFilterGuarantees(['inline_query'])),
    ChosenInlineResultContext: withMatch(grammyFilterGuarantees(['chosen_inline_result'])),
    PreCheckoutQueryContext: withMatch(grammyFilterGuarantees(['pre_checkout_query'])),
    ShippingQueryContext: withMatch(grammyFilterGuarantees(['shipping_query'])),
    ReactionContext: grammyFilterGuarantees(['message_reaction']),
    ChatTypeContext: new Set(['chat']),
    Filter: 'filter',
  },
  telegraf: { Context: null, NarrowedContext: null },
  ntba: {},
};

function withMatch(guarantees: Guarantees): Set<string> {
  const result = new Set(guarantees);
  result.add('match');
  return result;
}

/** Registration methods per framework: which leading arguments are filters, what they guarantee. */
type Narrower = (filters: readonly TSESTree.Node[], model: ModelState) => Guarantees;
interface MethodSpec {
  /** How many leading arguments are not handlers. */
  filterCount: number;
  narrow: Narrower;
}

const none: Narrower = () => new Set();
const fixed = (queries: string[], match = true): Narrower => () => {
  const guarantees = grammyFilterGuarantees(queries);
  return match ? withMatch(guarantees) : guarantees;
};
const telegrafFixed = (filter: string, fields: string[] = [], match = true): Narrower => () => {
  const guarantees = new Set(guaranteesOfUpdate(filter));
  for (const field of fields) for (const path of guaranteesOfUpdate(filter, field)) guarantees.add(path);
  if (match) guarantees.add('match');
  return guarantees;
};

const GRAMMY_METHODS: Readonly<Record<string, MethodSpec>> = {
  on: { filterCount: 1, narrow: ([filter]) => grammyOn(filter) },
  command: { filterCount: 1, narrow: fixed([':entities:bot_command']) },
  hears: { filterCount: 1, narrow: ([filter]) => grammyHears(filter) },
  callbackQuery: { filterCount: 1, narrow: fixed(['callback_query:data']) },
  gameQuery: { filterCount: 1, narrow: fixed(['callback_query:game_short_name']) },
  inlineQuery: { filterCount: 1, narrow: fixed(['inline_query']) },
  chosenInlineResult: { filterCount: 1, narrow: fixed(['chosen_inline_result']) },
  preCheckoutQuery: { filterCount: 1, narrow: fixed(['pre_checkout_query']) },
  shippingQuery: { filterCount: 1, narrow: fixed(['shipping_query']) },
  reaction: { filterCount: 1, narrow: fixed(['message_reaction'], false) },
  chatType: { filterCount: 1, narrow: () => new Set(['chat']) },
  use: { filterCount: 0, narrow: none },
  // A predicate may narrow anything: unknown.
  filter: { filterCount: 1, narrow: () => null },
  drop: { filterCount: 1, narrow: () => null },
};

/**
 * grammY `hears`: a text or caption of a message or channel post. With exact strings (the labels
 * of a reply keyboard, which channels cannot show) only a channel admin typing the label by hand
 * would make a channel post match, so a sender is taken to exist; a regular expression matches
 * channel posts as readily as messages.
 */
function grammyHears(filter: TSESTree.Node | undefined): Guarantees {
  const guarantees = withMatch(grammyFilterGuarantees([':text', ':caption']));
  const value = filter ? skipTypeWrappers(filter) : null;
  const strings = value?.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  if (strings.length > 0 && strings.every((element) => element && staticString(element) !== null)) guarantees.add('from');
  return guarantees;
}

const TELEGRAF_COMMAND: MethodSpec = { filterCount: 1, narrow: telegrafFixed('message', ['text', 'entities']) };
const TELEGRAF_ENTITY: MethodSpec = { filterCount: 1, narrow: () => withMatch(grammyFilterGuarantees(['message', 'channel_post'])) };
const TELEGRAF_METHODS: Readonly<Record<string, MethodSpec>> = {
  on: { filterCount: 1, narrow: ([filter], state) => telegrafOn(filter, state) },
  command: TELEGRAF_COMMAND,
  start: { filterCount: 0, narrow: telegrafFixed('message', ['text', 'entities'], false) },
  help: { filterCount: 0, narrow: telegrafFixed('message', ['text', 'entities'], false) },
  settings: { filterCount: 0, narrow: telegrafFixed('message', ['text', 'entities'], false) },
  hears: { filterCount: 1, narrow: telegrafFixed('message', ['text']) },
  action: { filterCount: 1, narrow: telegrafFixed('callback_query', ['data']) },
  inlineQuery: { filterCount: 1, narrow: telegrafFixed('inline_query') },
  gameQuery: { filterCount: 0, narrow: telegrafFixed('callback_query', ['game_short_name'], false) },
  reaction: { filterCount: 1, narrow: telegrafFixed('message_reaction', [], true) },
  mention: TELEGRAF_ENTITY,
  hashtag: TELEGRAF_ENTITY,
  cashtag: TELEGRAF_ENTITY,
  email: TELEGRAF_ENTITY,
  url: TELEGRAF_ENTITY,
  phone: TELEGRAF_ENTITY,
  textLink: TELEGRAF_ENTITY,
  textMention: TELEGRAF_ENTITY,
  spoiler: TELEGRAF_ENTITY,
  use: { filterCount: 0, narrow: none },
  enter: { filterCount: 0, narrow: none },
  leave: { filterCount: 0, narrow: none },
  guard: { filterCount: 1, narrow: () => null },
  filter: { filterCount: 1, narrow: () => null },
  drop: { filterCount: 1, narrow: () => null },
  chatType: { filterCount: 1, narrow: () => new Set(['chat']) },
};

const NTBA_METHODS: Readonly<Record<string, MethodSpec>> = {
  on: { filterCount: 1, narrow: none },
  once: { filterCount: 1, narrow: none },
  onText: { filterCount: 1, narrow: () => withMatch(guaranteesOfUpdate('message', 'text')) },
  onReplyToMessage: {
    filterCount: 2,
    narrow: () => new Set([...guaranteesOfUpdate('message', 'reply_to_message')]),
  },
};

const METHODS: Readonly<Record<Framework, Readonly<Record<string, MethodSpec>>>> = {
  grammy: GRAMMY_METHODS,
  telegraf: TELEGRAF_METHODS,
  ntba: NTBA_METHODS,
};

/** Names a receiver must have to be taken as a bot by shape alone (the framework import is proven). */
const BOT_LIKE_NAME = /^(?:bot|composer|scene|router|feature|wizard)$|(?:Bot|Composer|Scene|Router|Feature|Wizard|_bot|_scene)$/;

/** Static strings of a filter argument (a string or an array of strings), null if any is dynamic. */
function staticStrings(node: TSESTree.Node | undefined): string[] | null {
  if (!node) return null;
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    const strings: string[] = [];
    for (const element of value.elements) {
      const string = element && element.type !== AST_NODE_TYPES.SpreadElement ? staticString(element) : null;
      if (string === null) return null;
      strings.push(string);
    }
    return strings;
  }
  const string = staticString(value);
  if (string !== null) return [string];
  if (value.type === AST_NODE_TYPES.Literal && 'regex' in value) return [value.regex.pattern];
  return null;
}

function grammyOn(filter: TSESTree.Node | undefined): Guarantees {
  const queries = staticStrings(filter);
  return queries ? grammyFilterGuarantees(queries) : null;
}

function telegrafOn(filter: TSESTree.Node | undefined, state: ModelState): Guarantees {
  if (!filter) return null;
  const value = skipTypeWrappers(filter);
  const items = value.type === AST_NODE_TYPES.ArrayExpression ? value.elements : [value];
  const filters: (string | { filter: string; keys: string[] })[] = [];
  for (const item of items) {
    if (!item || item.type === AST_NODE_TYPES.SpreadElement) return null;
    const string = staticString(item);
    if (string !== null) {
      filters.push(string);
      continue;
    }
    const call = skipTypeWrappers(item);
    if (call.type !== AST_NODE_TYPES.CallExpression) return null;
    const name = state.resolveFrameworkName(call.callee);
    if (!name || !Object.hasOwn(FILTER_FUNCTIONS, name.name)) return null;
    const keys = call.arguments.map((argument) => staticString(argument));
    if (keys.some((key) => key === null)) return null;
    filters.push({ filter: name.name, keys: keys as string[] });
  }
  return telegrafFilterGuarantees(filters);
}

interface ModelState {
  resolveFrameworkName(node: TSESTree.Node): { framework: Framework; name: string } | null;
}

function buildModel(sourceCode: Readonly<TSESLint.SourceCode>, filenameOf: (model: FrameworkModel) => string | null): FrameworkModel {
  const program = sourceCode.ast;
  const bindings = collectFrameworkBindings(program);
  const frameworks = new Set([...bindings.values()].map((binding) => binding.framework));
  const soleFramework = frameworks.size === 1 ? [...frameworks][0]! : null;

  const bots: BotInstance[] = [];
  const registrations: Registration[] = [];
  const botsByMember = new Map<string, BotInstance>();
  const botsByVariable = new Map<TSESLint.Scope.Variable, BotInstance>();
  const registrationsByFunction = new Map<FunctionNode, Registration[]>();
  const callsByFunction = new Map<FunctionNode, TSESTree.CallExpression[]>();
  const handlers = new Map<FunctionNode, Handler | null>();
  const functionsInProgress = new Set<FunctionNode>();

  function isShadowed(identifier: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(sourceCode.getScope(identifier), identifier.name);
    return variable !== null && variable.scope.type !== TSESLint.Scope.ScopeType.module && variable.scope.type !== TSESLint.Scope.ScopeType.global;
  }

  function resolveFrameworkName(node: TSESTree.Node): { framework: Framework; name: string } | null {
    const path = getMemberPath(node);
    if (!path) return null;
    const binding = bindings.get(path[0]!);
    if (!binding) return null;
    let root = skipTypeWrappers(node);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
    if (root.type === AST_NODE_TYPES.Identifier && isShadowed(root)) return null;
    const name = path.length === 1 ? binding.imported : path[path.length - 1]!;
    return name === '*' || name === 'default' ? null : { framework: binding.framework, name };
  }

  function botClassOf(node: TSESTree.Node): { framework: Framework; kind: BotKind; name: string } | null {
    const name = resolveFrameworkName(node);
    if (!name) return null;
    const kind = BOT_CLASSES[name.framework][name.name];
    return kind ? { ...name, kind } : null;
  }

  function typeNameOf(annotation: TSESTree.TypeNode): TSESTree.Node | null {
    if (annotation.type === AST_NODE_TYPES.TSTypeReference) return annotation.typeName;
    return null;
  }

  function resolveTypeName(name: TSESTree.Node): { framework: Framework; name: string } | null {
    const path: string[] = [];
    let current = name;
    while (current.type === AST_NODE_TYPES.TSQualifiedName) {
      path.unshift(current.right.name);
      current = current.left;
    }
    if (current.type !== AST_NODE_TYPES.Identifier) return null;
    const binding = bindings.get(current.name);
    if (!binding) return null;
    const exported = path.length === 0 ? binding.imported : path[path.length - 1]!;
    return exported === '*' || exported === 'default' ? null : { framework: binding.framework, name: exported };
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

  // Bots: creations anywhere in the file.
  function collectBots(): void {
    const visit = (node: TSESTree.Node): void => {
      if (node.type === AST_NODE_TYPES.NewExpression) {
        const botClass = botClassOf(node.callee);
        if (botClass) {
          const instance: BotInstance = {
            framework: botClass.framework,
            kind: botClass.kind,
            className: botClass.name,
            creation: node,
            variable: null,
            memberPath: null,
            polling: botClass.framework === 'ntba' ? pollingOf(node) : null,
          };
          const parent = node.parent;
          if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
            instance.variable = sourceCode.getDeclaredVariables(parent)[0] ?? null;
          } else if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
            if (parent.left.type === AST_NODE_TYPES.Identifier) {
              instance.variable = ASTUtils.findVariable(sourceCode.getScope(parent), parent.left.name);
            } else {
              instance.memberPath = getMemberPath(parent.left)?.join('.') ?? null;
            }
          } else if (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.value === node && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) {
            instance.memberPath = `this.${parent.key.name}`;
          }
          if (instance.variable) botsByVariable.set(instance.variable, instance);
          if (instance.memberPath) botsByMember.set(instance.memberPath, instance);
          bots.push(instance);
        }
      }
    };
    walkAll(program, visit);
  }

  function resolveBot(node: TSESTree.Node, depth = 0): BotReference | null {
    const value = skipTypeWrappers(node);
    if (value.type === AST_NODE_TYPES.NewExpression) {
      const instance = bots.find((bot) => bot.creation === value);
      return instance ? { framework: instance.framework, kind: instance.kind, instance } : null;
    }
    if (value.type === AST_NODE_TYPES.MemberExpression) {
      const path = getMemberPath(value)?.join('.');
      const instance = path === undefined ? undefined : botsByMember.get(path);
      return instance ? { framework: instance.framework, kind: instance.kind, instance } : null;
    }
    if (value.type === AST_NODE_TYPES.CallExpression && depth <= 8) {
      // Chained registrations: Telegraf's return `this`; grammY's return a (filtered) composer.
      const callee = skipTypeWrappers(value.callee);
      const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
      if (callee.type !== AST_NODE_TYPES.MemberExpression || method === null) return null;
      const inner = resolveBot(callee.object, depth + 1);
      if (!inner || !Object.hasOwn(METHODS[inner.framework], method)) return null;
      return inner.framework === 'grammy' ? { framework: 'grammy', kind: 'composer', instance: null } : inner;
    }
    if (value.type !== AST_NODE_TYPES.Identifier || depth > 4) return null;
    const variable = ASTUtils.findVariable(sourceCode.getScope(value), value.name);
    if (!variable) return null;
    const instance = botsByVariable.get(variable);
    if (instance) return { framework: instance.framework, kind: instance.kind, instance };
    for (const def of variable.defs) {
      const id = def.name;
      if ((def.type === TSESLint.Scope.DefinitionType.Parameter || def.type === TSESLint.Scope.DefinitionType.Variable) && id.type === AST_NODE_TYPES.Identifier && id.typeAnnotation) {
        const typeName = typeNameOf(id.typeAnnotation.typeAnnotation);
        const resolved = typeName ? botClassOfType(typeName) : null;
        if (resolved) return { framework: resolved.framework, kind: resolved.kind, instance: null };
      }
      if (def.type === TSESLint.Scope.DefinitionType.Variable && def.node.init && def.node.id === id && def.parent.kind === 'const') {
        const alias = resolveBot(def.node.init, depth + 1);
        if (alias) return alias;
      }
    }
    return null;
  }

  function botClassOfType(typeName: TSESTree.Node): { framework: Framework; kind: BotKind } | null {
    const name = resolveTypeName(typeName);
    if (!name) return null;
    const kind = BOT_CLASSES[name.framework][name.name];
    return kind ? { framework: name.framework, kind } : null;
  }

  function collectRegistrations(): void {
    walkAll(program, (node) => {
      if (node.type === AST_NODE_TYPES.NewExpression) {
        const botClass = botClassOf(node.callee);
        if (botClass?.name === 'WizardScene') {
          // `new Scenes.WizardScene(id, ...steps)`: every step receives any update.
          addRegistration(node as unknown as TSESTree.CallExpression, 'telegraf', 'wizard', resolveBot(node), null, node.arguments.slice(1), new Set());
        }
        return;
      }
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const callee = skipTypeWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      const method = getPropertyName(callee);
      if (method === null) return;
      const receiver = resolveBot(callee.object);
      let framework: Framework | null = receiver?.framework ?? null;
      if (!framework && soleFramework) {
        const receiverPath = getMemberPath(callee.object);
        const last = receiverPath?.[receiverPath.length - 1];
        if (last !== undefined && BOT_LIKE_NAME.test(last)) framework = soleFramework;
      }
      if (!framework) return;
      const spec = Object.hasOwn(METHODS[framework], method) ? METHODS[framework][method] : undefined;
      if (!spec) return;
      const filterArguments = node.arguments.slice(0, spec.filterCount);
      const handlerArguments = node.arguments.slice(spec.filterCount);
      if (handlerArguments.length === 0) return;
      let guarantees = spec.narrow(filterArguments, { resolveFrameworkName });
      if (framework === 'ntba' && (method === 'on' || method === 'once')) {
        const event = staticString(node.arguments[0]);
        const ntba = event === null ? null : ntbaEvent(event);
        if (!ntba) return;
        guarantees = ntba.guarantees;
      }
      if (framework === 'grammy' && guarantees !== null) {
        const parent = chainedGuarantees(callee.object);
        if (parent === null) guarantees = null;
        else if (parent.size > 0) guarantees = new Set([...guarantees, ...parent]);
      }
      const filters = spec.filterCount === 0 ? null : staticStrings(node.arguments[0]);
      addRegistration(node, framework, method, receiver, filters, handlerArguments, guarantees);
    });
  }

  /** grammY: what the composer a chained call is made on narrows to (`bot.on('message').command(…)`). */
  function chainedGuarantees(receiver: TSESTree.Node): Guarantees {
    const call = skipTypeWrappers(receiver);
    if (call.type !== AST_NODE_TYPES.CallExpression) return new Set();
    const callee = skipTypeWrappers(call.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || method === null || !Object.hasOwn(GRAMMY_METHODS, method)) return new Set();
    const spec = GRAMMY_METHODS[method]!;
    const own = spec.narrow(call.arguments.slice(0, spec.filterCount), { resolveFrameworkName });
    const parent = chainedGuarantees(callee.object);
    return own === null || parent === null ? null : new Set([...own, ...parent]);
  }

  function addRegistration(
    call: TSESTree.CallExpression,
    framework: Framework,
    method: string,
    receiver: BotReference | null,
    filters: string[] | null,
    handlerArguments: readonly TSESTree.Node[],
    guarantees: Guarantees,
  ): void {
    const handlerList = handlerArguments.map((argument) => ({ node: argument, fn: functionOf(argument, sourceCode) }));
    const registration: Registration = { call, framework, method, receiver, filters, handlers: handlerList, guarantees };
    registrations.push(registration);
    for (const handler of handlerList) {
      if (!handler.fn) continue;
      const list = registrationsByFunction.get(handler.fn) ?? [];
      list.push(registration);
      registrationsByFunction.set(handler.fn, list);
    }
  }

  /**
   * Telegraf scenes run inside a session: the default session key is `from.id:chat.id`, and an
   * update without either never reaches a scene (`BaseScene`, `WizardScene` steps and composers
   * used as steps). Their handlers may take `from` and `chat` for granted.
   */
  function addSceneGuarantees(): void {
    const stepComposers = new Set<BotInstance>();
    for (const registration of registrations) {
      if (registration.method !== 'wizard') continue;
      for (const handler of registration.handlers) {
        const step = resolveBot(handler.node)?.instance;
        if (step) stepComposers.add(step);
      }
    }
    for (const registration of registrations) {
      const instance = registration.receiver?.instance;
      const inScene =
        registration.method === 'wizard' ||
        (instance !== undefined && instance !== null && (instance.className === 'BaseScene' || instance.className === 'WizardScene' || stepComposers.has(instance)));
      if (!inScene || registration.guarantees === null) continue;
      registration.guarantees = new Set([...registration.guarantees, 'from', 'chat']);
    }
  }

  /** Calls of functions declared in this file (`handle(ctx)`), for handlers reached by call. */
  function collectCalls(): void {
    walkAll(program, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      if (node.arguments.length === 0) return;
      const fn = functionOf(node.callee, sourceCode);
      if (!fn || fn === node.callee) return;
      const list = callsByFunction.get(fn) ?? [];
      list.push(node);
      callsByFunction.set(fn, list);
    });
  }

  /** The parameter bases of an NTBA registration. */
  function ntbaBases(registration: Registration): (readonly string[])[] {
    if (registration.method === 'onText') return [['message'], ['match']];
    if (registration.method === 'onReplyToMessage') return [['message']];
    const event = registration.filters?.[0];
    const ntba = event === undefined ? null : ntbaEvent(event);
    return ntba ? [[ntba.base]] : [];
  }

  function contextTypeOf(param: TSESTree.Parameter): Guarantees | undefined {
    const id = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    const annotation = 'typeAnnotation' in id ? id.typeAnnotation : undefined;
    if (!annotation) return undefined;
    return contextTypeGuarantees(annotation.typeAnnotation, 0);
  }

  function contextTypeGuarantees(type: TSESTree.TypeNode, depth: number): Guarantees | undefined {
    if (depth > 3) return undefined;
    if (type.type === AST_NODE_TYPES.TSIntersectionType || type.type === AST_NODE_TYPES.TSUnionType) {
      for (const part of type.types) {
        const found = contextTypeGuarantees(part, depth + 1);
        if (found !== undefined) return type.type === AST_NODE_TYPES.TSUnionType ? null : found;
      }
      return undefined;
    }
    if (type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
    const name = resolveTypeName(type.typeName);
    if (name) {
      const known = Object.hasOwn(CONTEXT_TYPES[name.framework], name.name) ? CONTEXT_TYPES[name.framework][name.name] : undefined;
      if (known === 'filter') {
        const query = type.typeArguments?.params[1];
        const literal = query?.type === AST_NODE_TYPES.TSLiteralType && query.literal.type === AST_NODE_TYPES.Literal ? query.literal.value : null;
        return typeof literal === 'string' ? grammyFilterGuarantees([literal]) : null;
      }
      return known;
    }
    // A local alias or interface built on a framework context type: `type MyContext = Context & Flavor`.
    if (type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = ASTUtils.findVariable(sourceCode.getScope(type), type.typeName.name);
    const def = variable?.defs[0]?.node;
    if (def?.type === AST_NODE_TYPES.TSTypeAliasDeclaration) return contextTypeGuarantees(def.typeAnnotation, depth + 1);
    if (def?.type === AST_NODE_TYPES.TSInterfaceDeclaration) {
      for (const heritage of def.extends) {
        if (heritage.expression.type !== AST_NODE_TYPES.Identifier && heritage.expression.type !== AST_NODE_TYPES.MemberExpression) continue;
        const resolved = resolveFrameworkName(heritage.expression);
        if (resolved && Object.hasOwn(CONTEXT_TYPES[resolved.framework], resolved.name)) return null;
      }
    }
    return undefined;
  }

  function getHandler(fn: FunctionNode): Handler | null {
    if (handlers.has(fn)) return handlers.get(fn)!;
    if (functionsInProgress.has(fn)) return null;
    functionsInProgress.add(fn);
    const handler = computeHandler(fn);
    functionsInProgress.delete(fn);
    handlers.set(fn, handler);
    return handler;
  }

  function computeHandler(fn: FunctionNode): Handler | null {
    const entries: HandlerEntry[] = [];
    let parameters: ContextParameter[] = [];
    let framework: Framework | null = null;
    for (const registration of registrationsByFunction.get(fn) ?? []) {
      framework = registration.framework;
      entries.push({ kind: 'registration', registration, guarantees: registration.guarantees });
      const bases = registration.framework === 'ntba' ? ntbaBases(registration) : [[]];
      parameters = bases.flatMap((base, index) => (fn.params[index] ? [{ node: fn.params[index], base }] : []));
    }
    if (entries.length > 0 && framework) return { fn, framework, parameters, entries };

    const first = fn.params[0];
    if (!first) return null;
    const typed = contextTypeOf(first);
    const typedFramework = typed !== undefined ? frameworkOfParam(first) : null;
    if (typed !== undefined && typedFramework) {
      return { fn, framework: typedFramework, parameters: [{ node: first, base: [] }], entries: [{ kind: 'typed', guarantees: typed }] };
    }
    // Called in this file with a context value.
    for (const call of callsByFunction.get(fn) ?? []) {
      call.arguments.forEach((argument, index) => {
        const param = fn.params[index];
        if (!param || argument.type === AST_NODE_TYPES.SpreadElement) return;
        const path = resolveContextPath(argument);
        if (!path) return;
        framework = path.handler.framework;
        entries.push({ kind: 'call', call, argument: path, parameter: param });
        if (!parameters.some((parameter) => parameter.node === param)) parameters.push({ node: param, base: path.path });
      });
    }
    if (entries.length > 0 && framework) return { fn, framework, parameters, entries };

    if (soleFramework && soleFramework !== 'ntba' && first.type === AST_NODE_TYPES.Identifier && first.name === 'ctx') {
      return { fn, framework: soleFramework, parameters: [{ node: first, base: [] }], entries: [{ kind: 'named', guarantees: null }] };
    }
    if (soleFramework && soleFramework !== 'ntba' && first.type === AST_NODE_TYPES.Identifier && hasContextType(first)) {
      return { fn, framework: soleFramework, parameters: [{ node: first, base: [] }], entries: [{ kind: 'typed', guarantees: null }] };
    }
    return null;
  }

  /**
   * With type information, a parameter whose type has the shape of a grammY or Telegraf context
   * (`update`, `reply`, and `api` or `telegram`) is a context, whatever its name or type alias.
   */
  function hasContextType(param: TSESTree.Identifier): boolean {
    const services = sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return false;
    const checker = services.program.getTypeChecker();
    const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(param));
    const has = (name: string): boolean => type.getProperty(name) !== undefined;
    return has('update') && has('reply') && (has('api') || has('telegram'));
  }

  function frameworkOfParam(param: TSESTree.Parameter): Framework | null {
    let found: Framework | null = null;
    walkAll(param, (node) => {
      if (found || node.type !== AST_NODE_TYPES.Identifier) return;
      const binding = bindings.get(node.name);
      if (binding) found = binding.framework;
    });
    return found ?? soleFramework;
  }

  function resolveContextPath(node: TSESTree.Node, depth = 0): ContextPath | null {
    if (depth > 8) return null;
    const suffix: string[] = [];
    let current = skipTypeWrappers(node);
    while (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = getPropertyName(current) ?? numericIndex(current);
      if (name === null) return null;
      suffix.unshift(name);
      current = skipTypeWrappers(current.object);
    }
    if (current.type !== AST_NODE_TYPES.Identifier) return null;
    const variable = ASTUtils.findVariable(sourceCode.getScope(current), current.name);
    if (!variable || variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    let base: ContextPath | null = null;
    if (def.type === TSESLint.Scope.DefinitionType.Parameter && isFunction(def.node) && def.name.type === AST_NODE_TYPES.Identifier) {
      const name = def.name;
      const handler = getHandler(def.node);
      const parameter = handler?.parameters.find((candidate) => contains(candidate.node, name));
      if (handler && parameter) {
        const inner = patternPath(parameter.node, name);
        if (inner) base = { handler, path: [...parameter.base, ...inner] };
      }
    } else if (def.type === TSESLint.Scope.DefinitionType.Variable && def.node.init) {
      const written = variable.references.filter((reference) => reference.isWrite());
      if (written.length === 1 && written[0]!.init) {
        const inner = def.name.type === AST_NODE_TYPES.Identifier ? patternPath(def.node.id, def.name) : null;
        const init = resolveContextPath(def.node.init, depth + 1);
        if (inner && init) base = { handler: init.handler, path: [...init.path, ...inner] };
      }
    }
    if (!base) return null;
    return { handler: base.handler, path: normalise([...base.path, ...suffix]) };
  }

  function getUserTextSource(node: TSESTree.Node): UserTextSource | null {
    const path = resolveContextPath(node);
    if (!path) return null;
    const kind = textKindOf(path.path, path.handler.framework);
    return kind ? { kind, path } : null;
  }

  function callsOn(bot: BotInstance): TSESTree.CallExpression[] {
    const calls: TSESTree.CallExpression[] = [];
    walkAll(program, (node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const callee = skipTypeWrappers(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
      if (resolveBot(callee.object)?.instance === bot) calls.push(node);
    });
    return calls;
  }

  collectBots();
  collectRegistrations();
  collectCalls();
  addSceneGuarantees();

  let allowed: { filename: string | null; updates: ReadonlySet<string> | null } | undefined;
  const model: FrameworkModel = {
    frameworks,
    bindings,
    bots,
    registrations,
    resolveFrameworkName,
    resolveBot: (node) => resolveBot(node),
    callsOn,
    getHandler,
    resolveContextPath: (node) => resolveContextPath(node),
    getUserTextSource,
    scopeOf: (node) => sourceCode.getScope(node),
    sourceText: sourceCode.text,
    allowedUpdates() {
      const filename = filenameOf(model);
      if (allowed?.filename !== filename) allowed = { filename, updates: allowedUpdates(sourceCode, filename) };
      return allowed.updates;
    },
  };
  return model;
}

function numericIndex(member: TSESTree.MemberExpression): string | null {
  const property = member.property;
  return member.computed && property.type === AST_NODE_TYPES.Literal && typeof property.value === 'number' ? String(property.value) : null;
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * The path from a binding pattern's root to one identifier inside it: `{ message: { text } }`
 * gives `['message', 'text']` for `text`. Null through rest elements, computed keys and defaults
 * (a default means the value may have been replaced).
 */
function patternPath(pattern: TSESTree.Node, identifier: TSESTree.Identifier): string[] | null {
  const path: string[] = [];
  let current: TSESTree.Node = identifier;
  while (current !== pattern) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return null;
    if (parent.type === AST_NODE_TYPES.Property && parent.value === current) {
      const key = propertyKey(parent);
      if (key === null) return null;
      path.unshift(key);
    } else if (parent.type === AST_NODE_TYPES.ArrayPattern) {
      path.unshift(String(parent.elements.indexOf(current as TSESTree.DestructuringPattern)));
    } else if (parent.type !== AST_NODE_TYPES.ObjectPattern) {
      return null;
    }
    current = parent;
  }
  return path;
}

/** `update.message.text` → `message.text`: the context getters over `ctx.update`. */
function normalise(path: string[]): string[] {
  if (path[0] === 'update' && path.length > 1) return [contextGetterOf(path[1]!), ...path.slice(2)];
  return path;
}

function textKindOf(path: readonly string[], framework: Framework): UserTextKind | null {
  const [first, second] = path;
  if (first === 'match') return 'match';
  if (path.length === 2 && (first === 'message' || first === 'msg' || first === 'channelPost' || first === 'editedMessage') && (second === 'text' || second === 'caption')) {
    return 'messageText';
  }
  if (path.length === 2 && first === 'callbackQuery' && second === 'data') return 'callbackData';
  if (path.length === 2 && first === 'inlineQuery' && second === 'query') return 'inlineQuery';
  if (path.length === 1 && framework === 'telegraf' && (first === 'payload' || first === 'args' || first === 'text')) {
    return first === 'text' ? 'messageText' : 'commandArguments';
  }
  if (path.length === 2 && framework === 'telegraf' && first === 'args') return 'commandArguments';
  return null;
}

/** Visits every node below `root`, functions included. */
function walkAll(root: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  walkSameFunction(root, (node) => void visit(node), { enterFunctions: true });
}
