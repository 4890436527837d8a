import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, enclosingFunction, type FunctionNode, functionOf, getPropertyName, injectedFields, isCommonJsModule, isFunction, isNullish, propertyKey, requiredModule, resolveVariable, skipTypeWrappers, staticString, thisClassBody, thisMembers } from '../ast/index.js';
import { projectFunction, projectMethod, projectValue } from './project.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A file being looked at: a rule's `context` is one. */
export interface FileRef {
  readonly sourceCode: SourceCode;
  readonly filename: string;
}

/**
 * A function a call runs, with the source code it lives in: the linted file's own, or another file of
 * the project when the callee is imported from a relative path or a tsconfig `paths` alias (see `project.ts`).
 */
export interface CalledFunction {
  readonly fn: FunctionNode;
  /** The file the function lives in. */
  readonly file: FileRef;
  /** True when the function lives in another file of the project. */
  readonly external: boolean;
}

/**
 * The function a call runs, when it can be proven statically:
 * - `foo()`: a function declaration, or a `const foo = () => …` (through `const` aliases);
 * - `this.m()` inside a class: method `m` (or a field holding an arrow) of that class;
 * - `obj.m()` where `obj` is a `const` object literal of this file: its property `m`;
 * - `Service.m()` where `Service` is a class of this file, or the class a project file exports: its
 *   static method `m`;
 * - `foo()` / `mod.foo()` where `foo` / `mod` is imported from a project file (a relative path, or a
 *   tsconfig `paths` alias: `projectModuleFile`)
 *   (statically, by `require`, or by `const { foo } = await import('./x')`): the exported function of that file;
 *   `svc.m()` where `svc` is taken out of such a module (`const { svc } = require('./x')`): method `m` of the exported object.
 * - `svc.m()` where `svc` is a `const new Service()` of this file, or an object (literal or instance) a
 *   project file exports: the method `m` of its class or literal;
 * - `svc.m()` where `svc` is a `const new Service()` of a class a project file exports: its instance method `m`;
 * - `drop()` where `drop` is a `const` holding `obj.m.bind(obj)`: what `obj.m()` runs;
 * Anything else (parameters, reassigned names, packages) gives null: a summary
 * is only used when the callee is known.
 */
export function calledFunction(call: TSESTree.CallExpression, file: FileRef): CalledFunction | null {
  const { sourceCode } = file;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const local = functionOf(callee, sourceCode);
    if (local) return { fn: local, file, external: false };
    const bound = boundMethod(callee, sourceCode);
    if (bound) return memberFunction(bound, file);
    return importedFunction(callee, null, file) ?? optionallyRequired(callee, file);
  }
  if (callee.type === AST_NODE_TYPES.CallExpression) return requiredFunction(callee, file);
  return callee.type === AST_NODE_TYPES.MemberExpression ? memberFunction(callee, file) : null;
}

/**
 * `const drop = api.removeMessage.bind(api)` (or `api.removeMessage?.bind(api)`): the method a `const`
 * holds bound to the object it is read from, so calling `drop(…)` runs `api.removeMessage(…)`.
 */
function boundMethod(identifier: TSESTree.Identifier, sourceCode: SourceCode): TSESTree.MemberExpression | null {
  const init = constInitializer(identifier, sourceCode);
  let call = init ? skipTypeWrappers(init) : null;
  if (call?.type === AST_NODE_TYPES.ChainExpression) call = skipTypeWrappers(call.expression);
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) return null;
  const bind = skipTypeWrappers(call.callee);
  if (bind.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(bind) !== 'bind') return null;
  const method = skipTypeWrappers(bind.object);
  const receiver = method.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(method.object) : null;
  const target = skipTypeWrappers(call.arguments[0]!);
  return receiver?.type === AST_NODE_TYPES.Identifier && target.type === AST_NODE_TYPES.Identifier && receiver.name === target.name ? (method as TSESTree.MemberExpression) : null;
}

/** The function `obj.m(…)` runs (see {@link calledFunction}). */
function memberFunction(callee: TSESTree.MemberExpression, file: FileRef): CalledFunction | null {
  const { sourceCode } = file;
  const name = getPropertyName(callee);
  if (name === null) return null;
  const object = skipTypeWrappers(callee.object);
  if (object.type === AST_NODE_TYPES.ThisExpression) {
    const method = classMember(callee, name);
    return method ? { fn: method, file, external: false } : null;
  }
  if (object.type === AST_NODE_TYPES.MemberExpression && skipTypeWrappers(object.object).type === AST_NODE_TYPES.ThisExpression) return fieldMethod(object, name, file);
  if (object.type !== AST_NODE_TYPES.Identifier) return null;
  const variable = resolveVariable(object, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === TSESLint.Scope.DefinitionType.ClassName && def.node.type === AST_NODE_TYPES.ClassDeclaration) {
    const method = staticMethod(def.node, name);
    return method ? { fn: method, file, external: false } : null;
  }
  if (def?.type === TSESLint.Scope.DefinitionType.Variable && def.parent.kind === 'const' && def.node.init) {
    const init = skipTypeWrappers(def.node.init);
    if (init.type === AST_NODE_TYPES.ClassExpression) {
      const method = staticMethod(init, name);
      return method ? { fn: method, file, external: false } : null;
    }
    if (init.type === AST_NODE_TYPES.ObjectExpression || init.type === AST_NODE_TYPES.NewExpression) {
      const fn = methodOfValue(init, name, file);
      if (fn) return { fn, file, external: false };
      return init.type === AST_NODE_TYPES.NewExpression ? importedInstanceMethod(init.callee, name, file) : null;
    }
  }
  return importedFunction(object, name, file);
}

/**
 * The function a name refers to when it is passed rather than called (`bot.use(errorMiddleware)`):
 * a function of this file, or the exported function of a project file it is imported from; for a
 * member (`bot.filter(Filters.isAdmin, …)`) the method a call of it would run.
 */
export function referencedFunction(identifier: TSESTree.Identifier | TSESTree.MemberExpression, file: FileRef): CalledFunction | null {
  if (identifier.type === AST_NODE_TYPES.MemberExpression) return memberFunction(identifier, file);
  const local = functionOf(identifier, file.sourceCode);
  return local ? { fn: local, file, external: false } : importedFunction(identifier, null, file);
}

/**
 * Method `name` of the object a value of `file` holds: an object literal's property
 * (`{ async load() {…} }`), an instance method of a class of that file the value creates
 * (`new SettingsService()`), or a static method of a class that is the value (`export class
 * Filters { static isReply(ctx) {…} }`), followed through `const` names. Null for anything else.
 */
export function methodOfValue(node: TSESTree.Node, name: string, file: FileRef, depth = 0): FunctionNode | null {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ClassDeclaration || value.type === AST_NODE_TYPES.ClassExpression) return staticMethod(value, name);
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    const property = value.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyKey(p) === name);
    return property ? functionOf(property.value, file.sourceCode) : null;
  }
  if (value.type === AST_NODE_TYPES.NewExpression) {
    const created = value.callee.type === AST_NODE_TYPES.Identifier ? classOf(value.callee, file) : null;
    return created ? instanceMethod(created, name) : null;
  }
  if (value.type === AST_NODE_TYPES.Identifier && depth < 3) {
    const init = constInitializer(value, file.sourceCode);
    return init ? methodOfValue(init, name, file, depth + 1) : null;
  }
  return null;
}

/**
 * `const api = new ChatApi(token)` (`callee`: the created class's name) where `ChatApi` is a class imported (`import { ChatApi } from './chat-api'`,
 * or its default import) from a project file: its instance method `name`, in that file.
 */
function importedInstanceMethod(callee: TSESTree.Node, name: string, file: FileRef): CalledFunction | null {
  const created = importedClass(callee, file);
  const fn = created ? instanceMethod(created.node, name) : null;
  return fn && created ? { fn, file: created.file, external: true } : null;
}

/** A class with the file it is declared in. */
export interface ClassInFile {
  readonly node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  readonly file: FileRef;
}

/**
 * The class `new Name(…)` creates (`callee`: `Name`): a class of this file (declared, or bound to a
 * `const`), or the class a project file exports under the name it is imported by (`import {
 * ErrorHandler } from './handlers'`, through re-exports), with that file. Null for anything else.
 */
export function createdClass(callee: TSESTree.Node, file: FileRef): ClassInFile | null {
  const name = skipTypeWrappers(callee);
  if (name.type !== AST_NODE_TYPES.Identifier) return null;
  const local = classOf(name, file);
  return local ? { node: local, file } : importedClass(name, file);
}

/** The class a project file exports under the name `callee` is imported by (named or default import). */
function importedClass(callee: TSESTree.Node, file: FileRef): ClassInFile | null {
  const variable = callee.type === AST_NODE_TYPES.Identifier ? resolveVariable(callee, file.sourceCode) : null;
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const node = def?.type === TSESLint.Scope.DefinitionType.ImportBinding ? (def.node as TSESTree.Node) : null;
  let module: string | null = null;
  let exported: string | null = null;
  let required = false;
  if (node?.parent?.type === AST_NODE_TYPES.ImportDeclaration) {
    module = node.parent.source.value;
    if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) exported = 'default';
    else if (node.type === AST_NODE_TYPES.ImportSpecifier) exported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
  } else if (def?.type === TSESLint.Scope.DefinitionType.Variable && callee.type === AST_NODE_TYPES.Identifier) {
    // `const { TokenInfoService } = await import('./tokenInfo.js')` / `= require('./tokenInfo')`.
    const loaded = loadedBinding(def.node, def.parent, callee.name);
    if (loaded) ({ module, exported } = loaded);
    // `const Service = require('./service')` is the module's `module.exports` (`module.exports = Service`), a CommonJS module's `default`.
    if (loaded && !loaded.isImport && exported === null) {
      required = true;
      exported = 'default';
    }
  }
  const value = module === null || exported === null ? null : projectValue(file.filename, module, exported);
  if (value && required && !isCommonJsModule(value.file.sourceCode.ast)) return null;
  const exportedClass = value ? skipTypeWrappers(value.node) : null;
  return value && (exportedClass?.type === AST_NODE_TYPES.ClassDeclaration || exportedClass?.type === AST_NODE_TYPES.ClassExpression) ? { node: exportedClass, file: value.file } : null;
}

/** The class declared (or bound to a `const`) under a name in a file. */
function classOf(identifier: TSESTree.Identifier, file: FileRef): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  const variable = resolveVariable(identifier, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type === TSESLint.Scope.DefinitionType.ClassName && def.node.type === AST_NODE_TYPES.ClassDeclaration) return def.node;
  const init = constInitializer(identifier, file.sourceCode);
  const value = init ? skipTypeWrappers(init) : null;
  return value?.type === AST_NODE_TYPES.ClassExpression ? value : null;
}

/** `name() {}` or `name = () => …` of a class, not static: what its instances run. */
function instanceMethod(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): FunctionNode | null {
  return instanceMethods(node).get(name) ?? null;
}

/** The instance methods of a class by name: `name() {}` and `name = () => …`, not static (the first of a name). */
export function instanceMethods(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): ReadonlyMap<string, FunctionNode> {
  const methods = new Map<string, FunctionNode>();
  for (const element of node.body.body) {
    if (element.type === AST_NODE_TYPES.StaticBlock || element.static) continue;
    const name = propertyKey(element);
    if (name === null || methods.has(name)) continue;
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && isFunction(element.value)) methods.set(name, element.value);
    if (element.type === AST_NODE_TYPES.PropertyDefinition && element.value && isFunction(element.value)) methods.set(name, element.value);
  }
  return methods;
}

/** `static name() {}` or `static name = () => …` of a class. */
export function staticMethod(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): FunctionNode | null {
  for (const element of node.body.body) {
    if (element.type === AST_NODE_TYPES.StaticBlock || !element.static || propertyKey(element) !== name) continue;
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && isFunction(element.value)) return element.value;
    if (element.type === AST_NODE_TYPES.PropertyDefinition && element.value && isFunction(element.value)) return element.value;
  }
  return null;
}

/** `this.name` inside a class: the method, or a field initialised with a function. */
function classMember(member: TSESTree.MemberExpression, name: string): FunctionNode | null {
  const node = thisClassBody(member);
  if (!node) return null;
  for (const element of node.body) {
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'method' && propertyKey(element) === name) return isFunction(element.value) ? element.value : null;
    if (element.type === AST_NODE_TYPES.PropertyDefinition && element.value && isFunction(element.value) && propertyKey(element) === name) return element.value;
  }
  return null;
}

/**
 * `this.quests.notifyEvents(…)` where the class sets `this.quests` once, to `new QuestService(…)` (in
 * its constructor, or as a field `quests = new QuestService()`), and nowhere else: the instance method
 * of that class, declared in this file or imported from a project file. A field assigned twice, from
 * a parameter, or from anything but `new` is not known.
 */
function fieldMethod(field: TSESTree.MemberExpression, name: string, file: FileRef): CalledFunction | null {
  const assigned = fieldValues(field);
  if (!assigned) return null;
  if (assigned.values.length === 0) return injectedMethod(assigned.body, assigned.key, name, file);
  const value = assigned.values.length === 1 && assigned.onlyInConstructor ? skipTypeWrappers(assigned.values[0]!) : null;
  // `constructor(api: API) { this.api = api; }`: the instance the constructor is handed, of the class its parameter's type names.
  const passed = value?.type === AST_NODE_TYPES.Identifier ? constructorParameterType(value, file) : null;
  if (passed) return typedMethod(passed, name, file);
  if (value?.type !== AST_NODE_TYPES.NewExpression) return null;
  const fn = methodOfValue(value, name, file);
  return fn ? { fn, file, external: false } : importedInstanceMethod(value.callee, name, file);
}

/**
 * The one value `this.cache` (`field`, read inside a class) is given: its initialiser (`cache = new Map()`)
 * or the one assignment in the constructor (`this.cache = new Map()`), and nothing else assigns it.
 * Null outside a class, for a computed key, or a field assigned twice or outside the constructor.
 */
export function thisFieldValue(field: TSESTree.MemberExpression): TSESTree.Node | null {
  const assigned = fieldValues(field);
  return assigned?.values.length === 1 && assigned.onlyInConstructor ? skipTypeWrappers(assigned.values[0]!) : null;
}

/** What the class `field` (`this.key`) is read in assigns to it: initialisers and assignments (a compound one as itself). */
function fieldValues(field: TSESTree.MemberExpression): { body: TSESTree.ClassBody; key: string; values: TSESTree.Node[]; onlyInConstructor: boolean } | null {
  const body = thisClassBody(field);
  const key = getPropertyName(field);
  if (!body || key === null || field.computed) return null;
  // `this.key = …` in each member of the class, from the class's index of `this.x` reads (one walk per class).
  const assignments = new Map<TSESTree.ClassElement, TSESTree.AssignmentExpression[]>();
  for (const { node, element } of thisMembers(body).byKey.get(key) ?? []) {
    const assignment = node.parent;
    if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== node) continue;
    const list = assignments.get(element);
    if (list) list.push(assignment);
    else assignments.set(element, [assignment]);
  }
  const values: TSESTree.Node[] = [];
  let onlyInConstructor = true;
  for (const element of body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.static && propertyKey(element) === key) {
      if (element.value) values.push(element.value);
      continue;
    }
    for (const node of assignments.get(element) ?? []) {
      values.push(node.operator === '=' ? node.right : node);
      if (element.type !== AST_NODE_TYPES.MethodDefinition || element.kind !== 'constructor') onlyInConstructor = false;
    }
  }
  return { body, key, values, onlyInConstructor };
}

/**
 * `this.payments.status(id)` with `constructor(private readonly payments: PaymentService)` (or
 * `@Inject() payments: PaymentService`) and nothing assigning the field: dependency injection fills
 * it with an instance of the class its type names, a class of this file or one a project file
 * exports; the method is that class's instance method. A generic type (`Repository<User>`) is not followed.
 */
function injectedMethod(body: TSESTree.ClassBody, key: string, name: string, file: FileRef): CalledFunction | null {
  const field = injectedFields(body).find((candidate) => candidate.key === key);
  return field ? typedMethod(field.type, name, file) : null;
}

/** Instance method `name` of the class a type names (`PaymentService`: of this file, or one a project file exports); a generic type (`Repository<User>`) is not followed. */
function typedMethod(type: TSESTree.TSTypeReference, name: string, file: FileRef): CalledFunction | null {
  if (type.typeArguments || type.typeName.type !== AST_NODE_TYPES.Identifier) return null;
  const local = classOf(type.typeName, file);
  const fn = local ? instanceMethod(local, name) : null;
  return fn ? { fn, file, external: false } : importedInstanceMethod(type.typeName, name, file);
}

/** `api` of `constructor(api: API)` (a plain parameter of a class's constructor, typed with a name): that type. */
function constructorParameterType(identifier: TSESTree.Identifier, file: FileRef): TSESTree.TSTypeReference | null {
  const variable = resolveVariable(identifier, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Parameter || def.name.type !== AST_NODE_TYPES.Identifier) return null;
  const constructor = def.node.parent;
  if (constructor?.type !== AST_NODE_TYPES.MethodDefinition || constructor.kind !== 'constructor' || !def.node.params.includes(def.name)) return null;
  const type = def.name.typeAnnotation?.typeAnnotation;
  return type?.type === AST_NODE_TYPES.TSTypeReference ? type : null;
}

/** `require('./x')(…)`: the function `module.exports` of the project file `./x` is. */
function requiredFunction(call: TSESTree.CallExpression, file: FileRef): CalledFunction | null {
  const argument = call.arguments[0];
  if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'require' || call.arguments.length !== 1) return null;
  if (argument?.type !== AST_NODE_TYPES.Literal || typeof argument.value !== 'string') return null;
  return projectFunction(file.filename, argument.value, 'default');
}

/**
 * The functions a computed `require(path)(…)` in a loader function of the file runs, one per call of
 * the loader that names a module: `const load = (name, dir = './utils') => { const file =
 * \`${dir}/${name}\`; require(file)(bot); }` with `load('catch')` runs the default export of
 * `./utils/catch`. The path is a template (inline, or a `const` of the loader) whose every
 * interpolation is a parameter of the loader; each call gives each parameter a string literal (or
 * leaves it to a string-literal default), or the loader is the callback of `forEach` on an array of
 * string literals (see `listedArguments`). Calls with other arguments, a loader that escapes (passed
 * on, exported) or a path that names no project file give nothing.
 */
export function loadedFunctions(call: TSESTree.CallExpression, file: FileRef): CalledFunction[] {
  const { sourceCode } = file;
  const load = skipTypeWrappers(call.callee);
  if (load.type !== AST_NODE_TYPES.CallExpression || load.callee.type !== AST_NODE_TYPES.Identifier || load.callee.name !== 'require' || load.arguments.length !== 1) return [];
  let template: TSESTree.Node = skipTypeWrappers(load.arguments[0]!);
  if (template.type === AST_NODE_TYPES.Identifier) template = constInitializer(template, sourceCode) ?? template;
  const loader = enclosingFunction(call);
  if (template.type !== AST_NODE_TYPES.TemplateLiteral || !loader) return [];
  const { quasis, expressions } = template;
  // Each interpolation: the index of the loader's parameter it names, and that parameter's default.
  const slots = expressions.map((expression) => {
    const index = expression.type === AST_NODE_TYPES.Identifier ? loader.params.findIndex((param) => parameterName(param) === expression.name) : -1;
    const param = loader.params[index];
    return { index, fallback: param?.type === AST_NODE_TYPES.AssignmentPattern ? staticString(param.right) : null };
  });
  const callers = slots.every((slot) => slot.index !== -1) ? (listedArguments(loader) ?? callersOf(loader, sourceCode)?.map((caller) => caller.arguments)) : null;
  return (callers ?? []).flatMap((args) => {
    const values = slots.map((slot) => {
      const argument = args[slot.index];
      return argument === undefined ? slot.fallback : argument.type === AST_NODE_TYPES.SpreadElement ? null : staticString(argument);
    });
    if (values.some((value) => value === null)) return [];
    const specifier = quasis.map((quasi, index) => `${quasi.value.cooked}${values[index] ?? ''}`).join('');
    const found = projectFunction(file.filename, specifier, 'default');
    return found ? [found] : [];
  });
}

/**
 * A loader written as the callback of `forEach` on an array literal (`['command', 'events'].forEach((name) =>
 * require(\`./handlers/${name}\`)(bot))`): the argument list each element calls it with (the element
 * alone: the index and the array are never a module's name). Null for any other function.
 */
function listedArguments(loader: FunctionNode): (TSESTree.CallExpressionArgument | undefined)[][] | null {
  const call = loader.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== loader) return null;
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'forEach') return null;
  const list = skipTypeWrappers(callee.object);
  if (list.type !== AST_NODE_TYPES.ArrayExpression) return null;
  return list.elements.map((element) => [element === null ? undefined : element]);
}

/** The name a parameter binds: `name`, `dir = './utils'`; null for patterns. */
function parameterName(param: TSESTree.Parameter): string | null {
  const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  return target.type === AST_NODE_TYPES.Identifier ? target.name : null;
}

/** `foo` imported from `./x` (named or default), or `mod.foo` with `mod` a namespace / default import of `./x`. */
function importedFunction(identifier: TSESTree.Identifier, member: string | null, file: FileRef): CalledFunction | null {
  const { sourceCode } = file;
  const variable = resolveVariable(identifier, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return null;
  let module: string | null = null;
  let exported: string | null = null;
  if (def.type === TSESLint.Scope.DefinitionType.ImportBinding) {
    const node = def.node as TSESTree.Node;
    if (node.type === AST_NODE_TYPES.ImportSpecifier && node.parent.type === AST_NODE_TYPES.ImportDeclaration) {
      module = node.parent.source.value;
      const importedName = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
      // `import { settingsService } from './x'; settingsService.load()`: a method of the exported object.
      if (member !== null) return projectMethod(file.filename, module, importedName, member);
      exported = importedName;
    } else if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier && node.parent.type === AST_NODE_TYPES.ImportDeclaration) {
      module = node.parent.source.value;
      exported = member === null ? 'default' : member;
    } else if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier && node.parent.type === AST_NODE_TYPES.ImportDeclaration) {
      module = node.parent.source.value;
      exported = member;
    }
  } else if (def.type === TSESLint.Scope.DefinitionType.Variable) {
    // const { foo } = require('./x') / const x = require('./x') / const { foo } = await import('./x')
    const loaded = loadedBinding(def.node, def.parent, identifier.name);
    if (loaded) {
      module = loaded.module;
      // `const setup = require('./setup'); setup(bot)` runs what `module.exports` is; `import()` gives the namespace.
      if (loaded.exported === null) exported = loaded.isImport ? member : (member ?? 'default');
      // `const { db } = require('./database'); db.getUser(id)`: a method of the exported object, as for a named import.
      else if (member !== null) return projectMethod(file.filename, module, loaded.exported, member);
      else exported = loaded.exported;
    }
  }
  if (module === null || exported === null) return null;
  // `module.exports = new Service()` / `export default { … }`: `mod.name` is a method of that object.
  return projectFunction(file.filename, module, exported) ?? (member === null ? null : projectMethod(file.filename, module, 'default', member));
}

/**
 * `let geocode = null; try { ({ geocode } = require('./geocoder')); } catch { geocode = null; }`: a
 * module-level `let` loaded from a project file where it can be, left null where it cannot. Calling
 * it runs that file's export (or fails on null, before any work). Every other write must be
 * `null` / `undefined`; one destructuring of a relative `require` names the export.
 */
function optionallyRequired(identifier: TSESTree.Identifier, file: FileRef): CalledFunction | null {
  const variable = resolveVariable(identifier, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== TSESLint.Scope.DefinitionType.Variable || def.parent.kind !== 'let' || def.parent.parent.type !== AST_NODE_TYPES.Program || def.node.id !== def.name) return null;
  let loaded: { module: string; exported: string } | null = null;
  for (const reference of variable!.references) {
    if (!reference.isWrite()) continue;
    const written = reference.writeExpr ? skipTypeWrappers(reference.writeExpr) : null;
    if (!written || isNullish(written)) continue;
    const property = reference.identifier.parent;
    const pattern = property.type === AST_NODE_TYPES.Property && property.value === reference.identifier ? property.parent : null;
    const assignment = pattern?.type === AST_NODE_TYPES.ObjectPattern ? pattern.parent : null;
    const module = assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.left === pattern ? requiredModule(assignment.right) : null;
    const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : null;
    if (loaded || module === null || !module.startsWith('.') || key === null) return null;
    loaded = { module, exported: key };
  }
  return loaded ? projectFunction(file.filename, loaded.module, loaded.exported) : null;
}


/**
 * The calls of a function in its own file: by the name it is declared or bound under
 * (`function f`, `const f = () => …`), or `this.m(…)` for a method `m` of its class.
 * Null when the function can escape under other names (passed as a value, exported), since the
 * callers are then not all known; with `exportedToo`, an exported function's calls in its own file
 * (its importers' calls are the caller's to find).
 */
export function callersOf(fn: FunctionNode, sourceCode: SourceCode, exportedToo = false): TSESTree.CallExpression[] | null {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition && parent.kind === 'method' && !parent.static) {
    const name = propertyKey(parent);
    const body = parent.parent;
    if (name === null || body.type !== AST_NODE_TYPES.ClassBody) return null;
    const calls: TSESTree.CallExpression[] = [];
    let escapes = false;
    for (const { node } of thisMembers(body).byKey.get(name) ?? []) {
      if (node.parent.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node) calls.push(node.parent);
      else escapes = true;
    }
    return escapes ? null : calls;
  }
  let id: TSESTree.Identifier | null = null;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) id = fn.id;
  else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) id = parent.id;
  if (!id) return null;
  const variable = resolveVariable(id, sourceCode);
  if (!variable) return null;
  const calls: TSESTree.CallExpression[] = [];
  // `export { f }`: exported, like `export function f`.
  let exportedByName = false;
  for (const reference of variable.references) {
    const node = reference.identifier;
    if (node === id) continue;
    const use = node.parent;
    if (use?.type === AST_NODE_TYPES.CallExpression && use.callee === node) calls.push(use);
    else if (use?.type === AST_NODE_TYPES.ExportSpecifier && use.local === node) exportedByName = true;
    else if (reference.isRead()) return null;
  }
  const exported = exportedByName || variable.defs.some((def) => {
    const declaration = def.type === TSESLint.Scope.DefinitionType.FunctionName ? def.node.parent : def.parent?.parent;
    return declaration?.type === AST_NODE_TYPES.ExportNamedDeclaration || declaration?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  });
  return exported && !exportedToo ? null : calls;
}

/**
 * `const x = require('./x')`, `const { foo } = require('./x')`, `const { foo } = await import('./x')`:
 * the module a `const` of that name loads and the export it takes out (null: the whole module, or
 * its namespace for `import()`). Null for anything else (a package is still a module: its name is
 * resolved, or not, by the caller).
 */
function loadedBinding(declarator: TSESTree.VariableDeclarator, declaration: TSESTree.Node | null, name: string): { module: string; exported: string | null; isImport: boolean } | null {
  if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.kind !== 'const' || !declarator.init) return null;
  const init = skipTypeWrappers(declarator.init);
  const loaded = init.type === AST_NODE_TYPES.AwaitExpression ? skipTypeWrappers(init.argument) : null;
  const required = init.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.Identifier && init.callee.name === 'require' ? init.arguments[0] : null;
  const isImport = loaded?.type === AST_NODE_TYPES.ImportExpression;
  const arg = isImport ? loaded.source : required;
  if (arg?.type !== AST_NODE_TYPES.Literal || typeof arg.value !== 'string') return null;
  if (declarator.id.type === AST_NODE_TYPES.Identifier) return { module: arg.value, exported: null, isImport };
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return null;
  const property = declarator.id.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && p.value.type === AST_NODE_TYPES.Identifier && p.value.name === name);
  const key = property ? propertyKey(property) : null;
  return key === null ? null : { module: arg.value, exported: key, isImport };
}
