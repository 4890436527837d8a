import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { classMemberValue, constInitializer, fileIndex, getMemberPath, getPropertyName, importedBinding, moduleLoads, packageOfSpecifier, propertyKey, requiredModule, resolveObject, resolveVariable, skipTypeWrappers, type ObjectInfo, writeReferences } from '../ast/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;
const { DefinitionType } = TSESLint.Scope;

/**
 * The HTTP clients the model knows:
 * - `fetch`: the WHATWG fetch of Node (global, `undici`): ignores a `timeout` option;
 * - `node-fetch`: `node-fetch`, `cross-fetch`, `isomorphic-fetch` (node-fetch v2 under the hood on
 *   Node), which honour a `timeout` option;
 * - `axios`, `got`, `undici` (`request`/`stream`), `http` (`http(s).request/get`), `superagent`, `ky`.
 */
export const CLIENT_KINDS = ['fetch', 'node-fetch', 'axios', 'got', 'undici', 'http', 'superagent', 'ky'] as const;

/** JSON schema of one entry of a rule's `clients` option: a wrapper that behaves like a known client. */
export const CLIENT_OPTION_ITEM: JSONSchema4 = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'The callee: an identifier or a dotted path.' },
    kind: { type: 'string', enum: [...CLIENT_KINDS], description: 'The client it behaves like.' },
  },
};
export type ClientKind = (typeof CLIENT_KINDS)[number];

export interface WrapperClient {
  name: string;
  kind: ClientKind;
}

const AXIOS_METHODS = new Set(['get', 'delete', 'head', 'options', 'post', 'put', 'patch', 'postForm', 'putForm', 'patchForm', 'request']);
const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'stream']);
const SUPERAGENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'del', 'delete', 'head', 'options']);
const KY_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);
const METHODS: Record<ClientKind, ReadonlySet<string>> = {
  fetch: new Set(),
  'node-fetch': new Set(),
  axios: AXIOS_METHODS,
  got: GOT_METHODS,
  undici: new Set(['request', 'stream']),
  http: new Set(['request', 'get']),
  superagent: SUPERAGENT_METHODS,
  ky: KY_METHODS,
};
/** Axios methods whose config is the third argument, after the body. */
const AXIOS_DATA_METHODS = new Set(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']);
/** Names that say a value is a URL: `url`, `apiUrl`, `endpoint`, `href`, `uri`, `link`. */
const URL_NAME = /(?:^|[a-z_])(?:url|uri|href|endpoint|link)s?$|^(?:url|uri|href|endpoint|link)/i;
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'global', 'self']);
const FETCH_POLYFILLS = new Set(['isomorphic-fetch', 'cross-fetch/polyfill', 'node-fetch/polyfill']);

/** An instance made by `axios.create(config)`, `got.extend(options)`, `ky.create(options)`. */
export interface Instance {
  kind: ClientKind;
  /** The creating calls, outermost first: `got.extend(a).extend(b)` gives both. */
  creations: TSESTree.CallExpression[];
}

type Root =
  | { type: 'module'; module: string }
  | { type: 'instance'; instance: Instance }
  | { type: 'wrapper'; kind: ClientKind };

interface Origin {
  root: Root;
  path: string[];
}

/** A call recognised as an HTTP request. */
export interface HttpCall {
  kind: ClientKind;
  node: TSESTree.CallExpression;
  /** `post` in `axios.post()`, `request` in undici's `request()`; null for a direct call. */
  method: string | null;
  /** The callee as written, for messages: `fetch`, `axios.post`, `api.get`. */
  label: string;
  instance: Instance | null;
  /** Where the options object is, or would go: an argument index. */
  optionsIndex: number;
  /** The options, followed to their literal; `unknown` when they cannot be seen. */
  options: ObjectInfo;
  /** A wrapper configured by the user: its options are not the client's own. */
  wrapper: boolean;
  /** The module the client was imported from (`node-fetch`, `axios`); null for globals, instances and wrappers. */
  module: string | null;
}

/**
 * Recognises HTTP client calls by what their callee is bound to: an import or `require()` of a
 * known module, the global `fetch`, an instance created in the same file, or a wrapper the user
 * named. Method names alone never make a call an HTTP request.
 */
/** The shared models by file and wrapper list: several rules and models classify the same calls. */
const models = new WeakMap<Readonly<TSESLint.SourceCode>, Map<string, HttpModel>>();

/**
 * The HTTP model of a file for these wrapper clients (a rule's `clients` option), shared by every
 * rule and model that asks with the same list (a pure memo: its answers depend on the AST alone).
 */
export function httpModelOf(sourceCode: Readonly<TSESLint.SourceCode>, wrappers: readonly WrapperClient[] = []): HttpModel {
  let byWrappers = models.get(sourceCode);
  if (!byWrappers) models.set(sourceCode, (byWrappers = new Map<string, HttpModel>()));
  const id = JSON.stringify(wrappers);
  let model = byWrappers.get(id);
  if (!model) byWrappers.set(id, (model = new HttpModel(sourceCode, wrappers)));
  return model;
}

/** How many expressions the model followed to their origin (a work count tests read). */
export const httpWork = { originsFollowed: 0 };

export class HttpModel {
  private readonly classified = new WeakMap<TSESTree.CallExpression, HttpCall | null>();
  private polyfilled: boolean | null = null;
  private reachable: boolean | null = null;

  constructor(
    private readonly sourceCode: SourceCode,
    private readonly wrappers: readonly WrapperClient[] = [],
  ) {}

  /** The HTTP request a call makes, or null when the callee is not provably an HTTP client. Worked out once per call. */
  classify(call: TSESTree.CallExpression): HttpCall | null {
    let known = this.classified.get(call);
    if (known === undefined) {
      known = this.classifyOnce(call);
      this.classified.set(call, known);
    }
    return known;
  }

  private classifyOnce(call: TSESTree.CallExpression): HttpCall | null {
    if (!this.mayReachClient()) return null;
    const origin = this.originOf(call.callee, 0);
    if (!origin) return null;
    const target = this.targetOf(origin);
    if (!target) return null;
    const { kind, method } = target;
    const index = this.optionsIndex(kind, method, call);
    return {
      kind,
      node: call,
      method,
      label: getMemberPath(call.callee)?.join('.') ?? this.sourceCode.getText(call.callee).replace(/\s+/g, ' '),
      instance: origin.root.type === 'instance' ? origin.root.instance : null,
      optionsIndex: index ?? call.arguments.length,
      options: index === null ? { type: 'unknown' } : this.options(optionsArgument(call.arguments[index])),
      wrapper: origin.root.type === 'wrapper',
      module: origin.root.type === 'module' && origin.root.module !== '<global>' ? origin.root.module : null,
    };
  }

  /**
   * Whether any expression of the file can have a client at its root, decided from the file's
   * bindings, not its text: every origin starts at a wrapper the user named, at an import or a
   * `require()`/`import()` of a client module ({@link moduleKind}), or at the global `fetch` — an
   * identifier `fetch` (`fetch(…)`, `const { fetch } = globalThis`) or a member named `fetch` by a
   * string (`globalThis['fetch']`). A file with none of them has no HTTP call, instance or client
   * to find: every question about it is answered without following a single expression. Once per file.
   */
  private mayReachClient(): boolean {
    if (this.reachable === null) {
      const program = this.sourceCode.ast;
      const index = fileIndex(program);
      const loads = (module: string): boolean => CLIENT_MODULES.has(normaliseModule(module));
      this.reachable =
        this.wrappers.length > 0 ||
        index.of(AST_NODE_TYPES.ImportDeclaration).some((declaration) => loads(packageOfSpecifier(declaration.source.value))) ||
        index.of(AST_NODE_TYPES.TSImportEqualsDeclaration).some(
          (declaration) => declaration.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference && loads(packageOfSpecifier(declaration.moduleReference.expression.value)),
        ) ||
        moduleLoads(program).some((load) => loads(requiredModule(load)!)) ||
        index.of(AST_NODE_TYPES.Identifier).some((identifier) => identifier.name === 'fetch') ||
        index.of(AST_NODE_TYPES.Literal).some((literal) => literal.value === 'fetch') ||
        index.of(AST_NODE_TYPES.TemplateElement).some((element) => element.value.cooked === 'fetch');
    }
    return this.reachable;
  }

  /** The instance a call creates (`axios.create()`, `got.extend()`), or null. */
  creationOf(call: TSESTree.CallExpression): Instance | null {
    if (!this.mayReachClient()) return null;
    const origin = this.originOf(call, 0);
    return origin?.root.type === 'instance' && origin.path.length === 0 && origin.root.instance.creations.at(-1) === call
      ? origin.root.instance
      : null;
  }

  /** The client an expression is bound to at its root (`axios`, `got`, an instance), or null. */
  clientOf(node: TSESTree.Node): { kind: ClientKind; instance: Instance | null } | null {
    if (!this.mayReachClient()) return null;
    const origin = this.originOf(node, 0);
    const target = origin && origin.root.type !== 'wrapper' ? this.targetOf(origin) : null;
    if (!target || target.method !== null || (target.kind !== 'axios' && target.kind !== 'got')) return null;
    return { kind: target.kind, instance: origin!.root.type === 'instance' ? origin!.root.instance : null };
  }

  private options(node: TSESTree.Node | undefined): ObjectInfo {
    if (node?.type === AST_NODE_TYPES.SpreadElement) return { type: 'unknown' };
    return resolveObject(node, this.sourceCode);
  }

  /** Which argument holds the options; null when that depends on a value we cannot see. */
  private optionsIndex(kind: ClientKind, method: string | null, call: TSESTree.CallExpression): number | null {
    if (kind === 'axios' && method !== null) {
      if (method === 'request') return 0;
      return AXIOS_DATA_METHODS.has(method) ? 2 : 1;
    }
    if (kind === 'axios' || kind === 'got' || kind === 'http') return this.firstArgumentIndex(call.arguments, kind);
    return 1;
  }

  /** `client(config)` or `client(url, config)`: 0 when the first argument is the options object. */
  private firstArgumentIndex(args: TSESTree.CallExpressionArgument[], kind: ClientKind): number | null {
    const first = args[0];
    if (!first || this.isUrl(first)) return 1;
    if (this.options(first).type === 'object') return 0;
    const second = args[1] && skipTypeWrappers(args[1]);
    if (kind !== 'http' && second) return 1;
    if (second && !isFunctionLike(second)) return 1;
    return null;
  }

  /** A value that is a URL rather than an options object: a string, `new URL()`, `apiUrl`. */
  private isUrl(node: TSESTree.Node, depth = 0): boolean {
    const value = skipTypeWrappers(node);
    switch (value.type) {
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.NewExpression:
        return true;
      case AST_NODE_TYPES.BinaryExpression:
        return value.operator === '+';
      case AST_NODE_TYPES.MemberExpression:
        return URL_NAME.test(getPropertyName(value) ?? '');
      case AST_NODE_TYPES.Identifier: {
        if (URL_NAME.test(value.name)) return true;
        const init = constInitializer(value, this.sourceCode);
        return init !== null && depth < 4 && this.isUrl(init, depth + 1);
      }
      default:
        return false;
    }
  }

  private targetOf(origin: Origin): { kind: ClientKind; method: string | null } | null {
    const { root } = origin;
    let path = origin.path;
    if (root.type !== 'module') {
      const kind = root.type === 'instance' ? root.instance.kind : root.kind;
      if (path.length === 0) return { kind, method: null };
      return path.length === 1 && METHODS[kind].has(path[0]!) ? { kind, method: path[0]! } : null;
    }
    const module = root.module;
    if (module === '<global>') {
      if (path[0] && GLOBAL_OBJECTS.has(path[0])) path = path.slice(1);
      return path.length === 1 && path[0] === 'fetch' ? { kind: this.isPolyfilled() ? 'node-fetch' : 'fetch', method: null } : null;
    }
    if (path[0] === 'default') path = path.slice(1);
    const kind = moduleKind(module, path[0]);
    if (!kind) return null;
    if (kind === 'fetch' || kind === 'undici' || kind === 'http' || (kind === 'node-fetch' && path.length > 0)) {
      path = path.slice(1); // the named export: undici's `fetch`/`request`, http's `request`, cross-fetch's `fetch`
      if (path.length > 0) return null;
      return { kind, method: kind === 'fetch' || kind === 'node-fetch' ? null : origin.path.at(-1)! };
    }
    if (kind === 'got' && path[0] === 'got') path = path.slice(1);
    if (path.length === 0) return { kind, method: null };
    return path.length === 1 && METHODS[kind].has(path[0]!) ? { kind, method: path[0]! } : null;
  }

  /** `import 'isomorphic-fetch'` replaces the global fetch with node-fetch v2. */
  private isPolyfilled(): boolean {
    if (this.polyfilled === null) {
      this.polyfilled = this.sourceCode.ast.body.some((statement) => {
        if (statement.type === AST_NODE_TYPES.ImportDeclaration) return FETCH_POLYFILLS.has(packageOfSpecifier(statement.source.value));
        if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
        const required = requiredModule(statement.expression);
        return required !== null && FETCH_POLYFILLS.has(required);
      });
    }
    return this.polyfilled;
  }

  private wrapperAt(node: TSESTree.Node): ClientKind | null {
    if (this.wrappers.length === 0) return null;
    const path = getMemberPath(node)?.join('.');
    return this.wrappers.find((wrapper) => wrapper.name === path)?.kind ?? null;
  }

  /** Where a value comes from, following local bindings; null when unknown. */
  private originOf(node: TSESTree.Node, depth: number): Origin | null {
    httpWork.originsFollowed++;
    if (depth > 8) return null;
    const value = skipTypeWrappers(node);
    const wrapper = this.wrapperAt(value);
    if (wrapper) return { root: { type: 'wrapper', kind: wrapper }, path: [] };
    switch (value.type) {
      case AST_NODE_TYPES.Identifier:
        return this.originOfIdentifier(value, depth);
      case AST_NODE_TYPES.MemberExpression: {
        const name = getPropertyName(value);
        if (name === null) return null;
        const object = skipTypeWrappers(value.object);
        const base = object.type === AST_NODE_TYPES.ThisExpression ? this.originOfThisMember(value, depth) : this.originOf(object, depth + 1);
        if (object.type === AST_NODE_TYPES.ThisExpression) return base;
        return base && { root: base.root, path: [...base.path, name] };
      }
      case AST_NODE_TYPES.CallExpression:
        return this.originOfCall(value, depth);
      case AST_NODE_TYPES.AwaitExpression: {
        const module = requiredModule(value);
        return module === null ? null : { root: { type: 'module', module: normaliseModule(module) }, path: [] };
      }
      default:
        return null;
    }
  }

  private originOfCall(call: TSESTree.CallExpression, depth: number): Origin | null {
    const required = requiredModule(call);
    if (required !== null) return { root: { type: 'module', module: normaliseModule(required) }, path: [] };
    const callee = skipTypeWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
    const name = getPropertyName(callee);
    const base = this.originOf(callee.object, depth + 1);
    const target = base && this.targetOf(base);
    if (!base || !target || target.method !== null) return null;
    const creates =
      (target.kind === 'axios' && name === 'create' && base.root.type !== 'instance') ||
      (target.kind === 'got' && name === 'extend') ||
      (target.kind === 'ky' && (name === 'create' || name === 'extend'));
    if (!creates || base.root.type === 'wrapper') return null;
    const creations = base.root.type === 'instance' ? [...base.root.instance.creations, call] : [call];
    return { root: { type: 'instance', instance: { kind: target.kind, creations } }, path: [] };
  }

  private originOfIdentifier(id: TSESTree.Identifier, depth: number): Origin | null {
    const variable = resolveVariable(id, this.sourceCode);
    if (!variable || variable.defs.length === 0) {
      return id.name === 'fetch' || GLOBAL_OBJECTS.has(id.name) ? { root: { type: 'module', module: '<global>' }, path: [id.name] } : null;
    }
    if (variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    if (def.type === DefinitionType.ImportBinding) {
      const binding = importedBinding(def);
      if (!binding) return null;
      const root: Root = { type: 'module', module: normaliseModule(binding.module) };
      return { root, path: binding.imported === '*' ? [] : [binding.imported] };
    }
    if (def.type !== DefinitionType.Variable || !def.node.init) return null;
    if (writeReferences(variable).some((ref) => !ref.init)) return null;
    const pattern = def.node.id;
    if (pattern.type === AST_NODE_TYPES.Identifier) return this.originOf(def.node.init, depth + 1);
    if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
    const key = patternKeyOf(pattern, def.name);
    const base = key === null ? null : this.originOf(def.node.init, depth + 1);
    return base && { root: base.root, path: [...base.path, key!] };
  }

  /** `this.http` in a class: the field initializer, or the one `this.http = …` assignment. */
  private originOfThisMember(member: TSESTree.MemberExpression, depth: number): Origin | null {
    const value = classMemberValue(member, this.sourceCode);
    return value ? this.originOf(value, depth + 1) : null;
  }
}

/** An argument in the options position; a callback there (`http.get(url, cb)`) means no options. */
function optionsArgument(node: TSESTree.CallExpressionArgument | undefined): TSESTree.CallExpressionArgument | undefined {
  return node && isFunctionLike(skipTypeWrappers(node)) ? undefined : node;
}

function isFunctionLike(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

function normaliseModule(name: string): string {
  return name.startsWith('node:') ? name.slice(5) : name;
}

/**
 * The client each module provides (after `node:` is dropped), given its first export for modules with named
 * request functions: one table, so the early exit ({@link CLIENT_MODULES}) and the lookup ({@link moduleKind}) agree.
 */
const MODULE_KINDS: Readonly<Record<string, (first: string | undefined) => ClientKind | null>> = {
  axios: () => 'axios',
  got: () => 'got',
  superagent: () => 'superagent',
  ky: () => 'ky',
  'ky-universal': () => 'ky',
  'node-fetch': (first) => (first === undefined ? 'node-fetch' : null),
  'isomorphic-fetch': (first) => (first === undefined ? 'node-fetch' : null),
  'cross-fetch': (first) => (first === undefined || first === 'fetch' ? 'node-fetch' : null),
  undici: (first) => (first === 'fetch' ? 'fetch' : first === 'request' || first === 'stream' ? 'undici' : null),
  http: (first) => (first === 'request' || first === 'get' ? 'http' : null),
  https: (first) => (first === 'request' || first === 'get' ? 'http' : null),
};

/** The modules {@link moduleKind} knows a client of: a file that loads none and names no `fetch` has no HTTP call. */
const CLIENT_MODULES: ReadonlySet<string> = new Set(Object.keys(MODULE_KINDS));

/** The client a module (and, for modules with named request functions, its first export) provides; null for a module outside {@link CLIENT_MODULES}. */
function moduleKind(module: string, first: string | undefined): ClientKind | null {
  return Object.hasOwn(MODULE_KINDS, module) ? MODULE_KINDS[module]!(first) : null;
}

/** The key under which an object pattern binds a name: `{ request }`, `{ default: axios }`. */
function patternKeyOf(pattern: TSESTree.ObjectPattern, name: TSESTree.Identifier): string | null {
  const property = pattern.properties.find(
    (p): p is TSESTree.Property =>
      p.type === AST_NODE_TYPES.Property && (p.value.type === AST_NODE_TYPES.AssignmentPattern ? p.value.left : p.value) === name,
  );
  return property ? propertyKey(property) : null;
}
