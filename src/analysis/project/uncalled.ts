import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';

import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { pushChildren } from '../ast/index.js';
import { isComponent } from './components.js';
import { skippedExports, undispatchedCommands, unreadArrayExports } from './dispatch.js';
import { isEntryModule } from './entries.js';
import { looksGenerated, packageManagerRuntime } from './generated.js';
import { BOT_LIBRARIES } from './libraries.js';
import { dependsOn, packageOf } from './packages.js';
import { dynamicFolders, linkedPackages } from './reach.js';
import { isSource, readSmallText, resolveFile } from './resolve.js';

/**
 * Functions nothing calls: a class method, an object-literal property function or a module-level
 * function whose name occurs nowhere else in the project's text, or only inside functions nothing
 * calls (the greatest fixpoint: a chain of dead callers, or a cycle of them, is dead as a whole; one
 * mention outside them keeps the chain), or only in code files that never run in production (a file
 * no entry point imports, a test). Only the `bot-audit` command asks (an editor user writing a new
 * method has not called it yet): it scans the names of every project file once and parses the files
 * that have findings to find the functions around them; when a finding's function is asked about, it
 * parses the files that mention its name (and, up the chain, its callers' names) to see whether each
 * mention lies inside a function nothing calls. A mention is judged by where it lies in the text: a
 * comment or string inside a dead function's declaration is dead with it, one anywhere else keeps the
 * name, and so does a mention in a file that is not JavaScript or TypeScript. An import declaration
 * is no mention (`import { helper } from './helper.js'`: the file's uses of the binding are), except
 * a specifier that renames (`import { helper as h }`), and neither are the names a `require` binds
 * (`const helper = require(…)`, `const { helper } = require('./utils')`); its path, or a re-export, is.
 * Nor is a module's export list (`export { reverseGeocode }`: the importers' uses are; it marks the
 * function exported, so a library keeps it), except a specifier that renames (`export { f as g }`), or
 * its CommonJS form (`exports.reverseGeocode = reverseGeocode`), except `exports.g = f`.
 * Nor is the path of a load (`require('../utils/sendSms')`, `import('./x.js')`): it names the module, whose
 * own export alone it may call (`module.exports = sendSms` keeps the path a mention); its other functions
 * are called through keys read elsewhere.
 * Nor is the key of another method or property function declared with the same name (`async
 * queryOrder() {…}` in another class calls nothing), nor the key of a property holding data written in
 * place (`sendBatch: { url: '/batch' }`), nor that of a type member holding data (`sendBatch: Endpoint;`,
 * see `holdsData`; a method signature names what a class may implement), nor a call on another module's own export
 * (`energy.queryOrder(…)`, `energy` a module-level `const energy = require('./energy')` or default
 * import of a project module whose export is an object literal or the one instance of a class written
 * there, with a member of that name; every other use of `energy` in the file a member access, so no
 * parameter or local shadows it).
 * A module's function it does not export (no `export`, not its own export, no mention in its own file)
 * is named only by its own file: another module's function of the same name does not keep it (a file
 * with no `import`, `export` or `require` is a script, whose functions are globals). Nor does, for any
 * function, a mention in another module that resolves to a function that module declares itself
 * (`getSubscription(id)` in a module with its own `getSubscription`; a local bound from elsewhere,
 * `const { getSubscription } = PayPal`, is a use).
 * A property of a module's own export object (`export default { getSubscription }`, `module.exports =
 * { … }`) is judged like a property function: its key must be read somewhere (`PayPal.getSubscription`
 * through the default import). Every property is kept when the object may be used as a whole: nothing
 * loads the module (no file that runs, unless only files that never run load it, see `onlyDeadLoaders`), a binding of it is used other than by key, it is re-exported, an `import()` of it
 * is handed on, any file takes a default export as a value (`m.default` not read by key; a package's,
 * `const { default: mongoose } = require('mongoose')`, is none: see `isPackage`), or a call
 * with a computed key on an unknown receiver exists (in a file that runs). A package that starts itself (a `start` script)
 * is an application, never a library, whatever its `main`.
 * A name in a comment of a code file is no mention either: a comment calls nothing, whether it is a
 * registration switched off (`// registerAlexHandlers(bot);`) or prose (`// runPayout runs nightly`).
 *
 * A property that forwards a function by name (`{ getBBO, summary: getMarketSummary }`) is judged like a
 * property function, so the function's mention there needs the property's key to be called. A module's
 * own export (`module.exports = function …`, `export default function …`, `module.exports = moonPhase`)
 * is judged by its importers: uncalled when some file loads the module for its side effects only, or
 * binds it to a name it never uses, and no other text names the file.
 *
 * Conservative by construction: a name mentioned anywhere else (another file, a string, a
 * config file, a call of a method of the same name on any other receiver) keeps the function; so do constructors,
 * accessors, decorated methods, methods of a class that `extends` a class of unknown members (a package's,
 * a mixin call, a name not bound to a class of the project; a chain of project classes up to one that
 * extends nothing is judged: a base class calls a method by writing its name, `this.execute(…)`) or
 * `implements` an interface of unknown members, itself or through an ancestor (not a Nest lifecycle
 * hook, nor a project interface without `extends`), computed names,
 * names frameworks call by convention, exported functions of a library package, and an object whose
 * binding is used other than by member access (`Object.entries(handlers)`, `bot.use(api)`; `const {
 * api } = …` declares a local of the name and is no such use) or whose
 * members are called with a computed key (`handlers[name](…)`). Class methods are never judged when
 * the project calls any method with a computed key on `this` or on an unknown receiver (not a variable
 * holding an object literal or a non-empty array literal) in a package that may run in their process
 * (see `linkedPackages`); a key whose values the project writes (a conditional of string literals, a
 * `const` initialised with one, a member of a project enum) names only those, a well-known symbol
 * (`x[Symbol.iterator]()`) names no method judged here, and a match in a string or a template's text,
 * in a data file (JSON, YAML, TOML) or in Yarn's Plug'n'Play runtime (the package manager's code) is
 * no call of the project's.
 */
export interface UncalledIndex {
  /** Whether the position (1-based line and column, as ESLint reports) is inside a function nothing calls. */
  isUncalled(file: string, line: number, column: number): boolean;
  /**
   * Work counts: files scanned for names, files parsed for their functions, files parsed to place the
   * scan's computed calls (`nameParses`), files read to learn which packages may share a process (`linkReads`).
   */
  readonly work: { scans: number; parses: number; nameParses: number; linkReads: number };
}

export interface UncalledOptions {
  /** Code files that never run in production (no entry point imports them, tests, examples): a mention there calls nothing. */
  readonly deadFiles?: ReadonlySet<string>;
  /**
   * The ranges of a code file (given its text) that never run though they are called or registered — a
   * handler a catch-all shadows, a `catch` whose `try` cannot throw (the bot-framework model's
   * `neverRunningCode`): a finding there is uncalled, and a mention there calls nothing.
   */
  readonly neverRuns?: (file: string, code: string) => readonly (readonly [number, number])[];
}

/** Names that frameworks, runtimes and protocols call without the project naming them. */
const CONVENTIONAL_NAMES = new Set([
  // Promises, serialisation, iteration, Node's inspection.
  'then', 'catch', 'finally', 'toJSON', 'toString', 'valueOf', 'inspect', 'next', 'return', 'throw',
  // Command objects and job runners.
  'handle', 'handler', 'execute', 'run', 'main', 'init', 'start', 'stop', 'setup', 'teardown', 'process', 'perform', 'call', 'invoke',
  // NestJS lifecycle hooks, guards, interceptors, pipes, strategies.
  'onModuleInit', 'onModuleDestroy', 'onApplicationBootstrap', 'beforeApplicationShutdown', 'onApplicationShutdown', 'canActivate', 'intercept', 'transform', 'validate', 'use', 'resolve',
  // Worker runtimes (Cloudflare, Deno, Bun) and serverless handlers.
  'fetch', 'scheduled', 'queue', 'email', 'tail', 'trace', 'websocket', 'alarm', 'webSocketMessage', 'webSocketClose', 'webSocketError',
  // Web frameworks with file-based routes.
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'loader', 'action', 'load', 'middleware', 'getServerSideProps', 'getStaticProps', 'getStaticPaths', 'generateMetadata', 'generateStaticParams', 'render',
  // Custom elements, migrations.
  'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback', 'up', 'down',
]);


/** Larger files are not read (the audit's own limit): none is a bot's hand-written source. */
const MAX_BYTES = 5 * 1024 * 1024;
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
/** The offsets of the names written in the file's comments: a comment calls nothing (`// registerAlex(bot);` is a registration switched off). */
function namesInComments(program: TSESTree.Program): Set<number> {
  const offsets = new Set<number>();
  for (const comment of program.comments ?? []) {
    const start = comment.range[0] + 2; // after `//` or `/*`
    for (const match of comment.value.matchAll(IDENTIFIER)) offsets.add(start + match.index);
  }
  return offsets;
}
/**
 * `recv[key](…)`, `recv?.[key](…)`: a call with a computed key that is not a literal. Not after a
 * backslash: `'\n[Open channel](https://…)'` is a Markdown link after an escape in a message text.
 */
const DYNAMIC_CALL = /(?<![\\\w$])([A-Za-z_$][\w$]*)\s*(?:\?\.)?\[\s*(?!['"`\d\]])([^\]\n]*)\]\s*(?:\?\.)?(?:\(|\.(?:call|apply|bind)\b)/g;
/** `x[Symbol.iterator]()`: a well-known symbol names a method declared with a computed key, never one judged here. */
const WELL_KNOWN_SYMBOL = /^Symbol\s*\.\s*[A-Za-z_$][\w$]*$/;
/** Files of data, whose text calls nothing (a match there is prose or markup). */
const DATA_FILE = /\.(?:json|jsonc|ya?ml|toml)$/;
/**
 * A computed key whose every value is written in the project's text, so it names only those (a word
 * scan counts them as mentions): a conditional of string literals (`ctx[edit ? 'editMessageText' :
 * 'reply']`), or a member of an enum the project declares (`costs[ModeEnum.ImageToPrompt]`, when some
 * file declares `enum ModeEnum {`), whose value is a string or number written in its declaration.
 */
const LITERAL_CHOICE = /^[^'"`?:]+\?\s*(['"])[\w$]*\1\s*:\s*(['"])[\w$]*\2$/;
const ENUM_MEMBER = /^([A-Za-z_$][\w$]*)\s*\.\s*[A-Za-z_$][\w$]*$/;
const ENUM_DECLARATION = /\benum\s+([A-Za-z_$][\w$]*)\s*\{/g;
/** `const handlers = {`, `const attempts = [x`: a binding whose value is written in place (an array literal not empty: one filled later may hold anything). */
const LITERAL_BINDING = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;{]+)?=\s*(?:\{|\[(?!\s*\]))/g;
/** `const { heroRepo, other } = …`: a pattern of names kept as they are (no rename, default or nesting) declares locals of those names, whose own uses count; it uses no value as a whole. */
const SHORTHAND_PATTERN = /\b(?:const|let|var)\s*\{[\s\w$,.]*\}\s*=/g;
/** `interface Uploader {`, `interface Repo<T> {`: an interface of the project that extends none; `interface X extends Y`: one that does. */
const PLAIN_INTERFACE = /\binterface\s+([A-Za-z_$][\w$]*)\s*(?:<[^>{]*>)?\s*\{/g;
const EXTENDING_INTERFACE = /\binterface\s+([A-Za-z_$][\w$]*)\s*(?:<[^>{]*>)?\s*extends\b/g;
/** NestJS lifecycle interfaces: their one method each is a conventional name, the class's other methods are called by name. */
const LIFECYCLE_INTERFACES = new Set(['OnModuleInit', 'OnModuleDestroy', 'OnApplicationBootstrap', 'OnApplicationShutdown', 'BeforeApplicationShutdown']);
/** `.default`, `['default']`, `{ default: … }`: a file that may take a module's default export as a value (confirmed on its syntax tree). */
const DEFAULT_ACCESS = /\.\s*default\b|\[\s*['"`]default['"`]\s*\]|[{,]\s*['"]?default['"]?\s*:/;
/** Import and export lists, whose names are no use of a binding's value. */
const MODULE_LISTS = /\bimport\s+(?:type\s+)?[\w$\s{},*]*?\bfrom\b|\bexport\s*(?:type\s*)?\{[^}]*\}/g;

interface NameScan {
  /** The files (indexes into the scanned list) in whose text each identifier-like word occurs. */
  readonly files: Map<string, number[]>;
  /** Identifiers used at least once as a value (not a declaration, an import list, or a member access). */
  readonly escaping: Set<string>;
  /** Receivers of a call with a computed key, each with the files (indexes into the scanned list) it is called in. */
  readonly dynamicReceivers: Map<string, Set<number>>;
  /** Variables initialised with an object or array literal (`const handlers = {`, `const attempts = [() => …]`): a computed call on one of them reaches no class method. */
  readonly literalBindings: Set<string>;
  /** Interfaces the project declares, each without `extends` anywhere: their members are written in the project's text. */
  readonly plainInterfaces: Set<string>;
  /**
   * The folders files load modules from by a computed name (`` require(`./${right}`) ``: its folder), whose
   * modules' exports such a load may call; null when one such load cannot be pinned to folders (any module).
   */
  readonly computedFolders: readonly string[] | null;
  /** The code files (indexes into the scanned list) whose text may take a default export (`.default`, `{ default: … }`). */
  readonly defaultFiles: number[];
}

function scanNames(nameFiles: readonly string[], deadFiles: ReadonlySet<string>, work: { nameParses: number }): NameScan | null {
  const files = new Map<string, number[]>();
  const escaping = new Set<string>();
  const dynamicReceivers = new Map<string, Set<number>>();
  const callIn = (receiver: string, index: number): void => void (dynamicReceivers.get(receiver) ?? dynamicReceivers.set(receiver, new Set()).get(receiver)!).add(index);
  const literalBindings = new Set<string>();
  const plainInterfaces = new Set<string>();
  const extendingInterfaces = new Set<string>();
  const defaultFiles: number[] = [];
  /** Receivers of a call keyed by `Name.member`, the name (a constant key when the project declares `enum Name`), and the file. */
  const enumKeyed: [string, string, number][] = [];
  const enums = new Set<string>();
  let computedFolders: string[] | null = [];
  for (const [index, file] of nameFiles.entries()) {
    const text = readSmallText(file, MAX_BYTES);
    // A file whose names are unknown could call anything: judge nothing.
    if (text === null) return null;
    for (const name of new Set(text.match(IDENTIFIER))) {
      const where = files.get(name);
      if (where) where.push(index);
      else files.set(name, [index]);
    }
    // A file that never runs (no entry point loads it, a test) calls nothing and loads nothing: its computed calls and loads reach no function;
    // nor does a data file (JSON, YAML, TOML: `the [**Bot**](https://…)` in a workflow's message is Markdown), nor the package manager's runtime.
    const dead = deadFiles.has(file);
    const calls = dead || DATA_FILE.test(file) || packageManagerRuntime(file) ? [] : [...text.matchAll(DYNAMIC_CALL)];
    // Only code calls: a match in a string, a template's text or a comment is prose (parsed only when the text has one,
    // and never in a minified or bundled file, which a parse costs seconds: there every match counts).
    const parseable = calls.length > 0 && isSource(file) && !looksGenerated(Buffer.from(text, 'utf8'));
    const prose = calls.length > 0 && parseable ? (work.nameParses++, proseRanges(file, text)) : null;
    const keyStart = (match: RegExpExecArray): number => match.index + match[0].indexOf(match[2]!, match[1]!.length);
    const named = calls.filter((match) => KEY_NAME.test(match[2]!.trim()));
    const constants = named.length > 0 && parseable ? (work.nameParses++, constantKeys(file, text, named.map(keyStart))) : null;
    for (const match of calls) {
      if (prose?.some(([start, end]) => match.index > start && match.index < end)) continue;
      const key = match[2]!.trim();
      if (LITERAL_CHOICE.test(key) || WELL_KNOWN_SYMBOL.test(key) || constants?.has(keyStart(match))) continue;
      const enumName = ENUM_MEMBER.exec(key)?.[1];
      if (enumName === undefined) callIn(match[1]!, index);
      else enumKeyed.push([match[1]!, enumName, index]);
    }
    for (const match of text.matchAll(ENUM_DECLARATION)) enums.add(match[1]!);
    for (const match of text.matchAll(LITERAL_BINDING)) literalBindings.add(match[1]!);
    for (const match of text.matchAll(PLAIN_INTERFACE)) plainInterfaces.add(match[1]!);
    for (const match of text.matchAll(EXTENDING_INTERFACE)) extendingInterfaces.add(match[1]!);
    if (computedFolders !== null && isSource(file) && !dead && !packageManagerRuntime(file)) {
      const folders = dynamicFolders(text, file, packageOf(file)?.dir ?? path.dirname(file));
      computedFolders = folders && [...computedFolders, ...folders];
    }
    if (isSource(file) && DEFAULT_ACCESS.test(text)) defaultFiles.push(index);
    const values = text.replace(MODULE_LISTS, (list) => ' '.repeat(list.length)).replace(SHORTHAND_PATTERN, (pattern) => ' '.repeat(pattern.length));
    for (const match of values.matchAll(IDENTIFIER)) {
      const after = values.slice(match.index + match[0].length, match.index + match[0].length + 3).trimStart();
      if (after.startsWith('.') || after.startsWith('?.')) continue;
      if (/(?:\b(?:const|let|var)|[\w$]\.|\?\.)\s*$/.test(values.slice(Math.max(0, match.index - 8), match.index))) continue;
      escaping.add(match[0]);
    }
  }
  for (const name of extendingInterfaces) plainInterfaces.delete(name);
  for (const [receiver, enumName, index] of enumKeyed) if (!enums.has(enumName)) callIn(receiver, index);
  return { files, escaping, dynamicReceivers, literalBindings, plainInterfaces, computedFolders, defaultFiles };
}

type ParseModule = {
  parse: (code: string, options: object) => TSESTree.Program;
  parseForESLint: (code: string, options: object) => { scopeManager: { scopes: { variables: ScopeVariable[] }[] } | null };
};
/** What {@link functionNames} reads of a variable of the scope manager. */
interface ScopeVariable {
  defs: { type: string; name: TSESTree.Identifier; node: TSESTree.Node; parent?: TSESTree.Node | null }[];
  references: { identifier: { range: [number, number] } }[];
}
let parser: ParseModule | null | undefined;

function loadParser(): ParseModule | null {
  if (parser === undefined) {
    try {
      parser = createRequire(import.meta.url)('@typescript-eslint/parser') as ParseModule;
    } catch {
      parser = null;
    }
  }
  return parser;
}

/**
 * Where the code file's string literals, template texts and comments lie (`` `try_ [here](${link})` ``
 * is a Markdown link in a message, `* [PolishKebab](https://github.com/…)` one in a JSDoc credit, no
 * call with a computed key); null when it does not parse.
 */
function proseRanges(file: string, code: string): [number, number][] | null {
  const parse = loadParser();
  if (!parse) return null;
  try {
    const jsx = !/\.(?:[cm]?ts)$/.test(file);
    const program = parse.parse(code, { range: true, loc: false, jsx, comment: true, tokens: true, filePath: file });
    const strings = (program.tokens ?? []).filter((token) => token.type === AST_TOKEN_TYPES.String || token.type === AST_TOKEN_TYPES.Template);
    return [...strings, ...(program.comments ?? [])].map((token) => token.range);
  } catch {
    return null;
  }
}

/** A key written as a bare name (`db[method](…)`). */
const KEY_NAME = /^[A-Za-z_$][\w$]*$/;

/** A string literal, or a conditional whose every branch is one (`single ? 'get' : 'all'`). */
const writtenStrings = (node: TSESTree.Node | null | undefined): boolean =>
  (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') ||
  (node?.type === AST_NODE_TYPES.ConditionalExpression && writtenStrings(node.consequent) && writtenStrings(node.alternate));

/**
 * Of the given offsets of computed keys written as a bare name, those whose name resolves to a `const`
 * initialised with written strings (`const method = single ? 'get' : 'all'; db[method](…)`): such a key
 * names only those strings, which the word scan counts. A parameter or `let` of the name, or one the
 * scope manager cannot resolve, is any name. Empty when the file does not parse.
 */
function constantKeys(file: string, code: string, offsets: readonly number[]): Set<number> {
  const found = new Set<number>();
  const parse = loadParser();
  if (!parse) return found;
  let scopes: { references: { identifier: { range: [number, number] }; resolved: ScopeVariable | null }[] }[];
  try {
    const jsx = !/\.(?:[cm]?ts)$/.test(file);
    scopes = (parse.parseForESLint(code, { range: true, loc: true, jsx, comment: false, tokens: false, filePath: file, sourceType: 'module', ecmaVersion: 'latest' }).scopeManager?.scopes ?? []) as unknown as typeof scopes;
  } catch {
    return found;
  }
  const wanted = new Set(offsets);
  for (const scope of scopes) {
    for (const reference of scope.references) {
      const at = reference.identifier.range[0];
      if (!wanted.has(at)) continue;
      const defs = reference.resolved?.defs ?? [];
      const def = defs[0];
      const constant =
        defs.length === 1 &&
        def!.type === 'Variable' &&
        def!.node.type === AST_NODE_TYPES.VariableDeclarator &&
        def!.parent?.type === AST_NODE_TYPES.VariableDeclaration &&
        def!.parent.kind === 'const' &&
        def!.node.id.type === AST_NODE_TYPES.Identifier &&
        writtenStrings(def!.node.init);
      if (constant) found.add(at);
    }
  }
  return found;
}

/** How many legacy octal escapes of one file {@link parseFile} steps over before it gives up. */
const MAX_OCTAL_ESCAPES = 20;

function parseFile(file: string): { program: TSESTree.Program; code: string } | null {
  const parse = loadParser();
  if (!parse) return null;
  let code: string;
  try {
    code = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const jsx = !/\.(?:[cm]?ts)$/.test(file);
  for (let attempt = 0; attempt <= MAX_OCTAL_ESCAPES; attempt++) {
    try {
      return { program: parse.parse(code, { range: true, loc: false, jsx, comment: true, tokens: false, filePath: file }), code };
    } catch (error) {
      // A legacy octal escape in a string (`'rur="PRN\\05452733102"'`) is valid in a sloppy-mode script, as
      // Node runs CommonJS, but the parser refuses it: the escape is blanked, same length, and the file parsed again.
      const at = (error as { location?: { start?: { offset?: unknown } } }).location?.start?.offset;
      const escape = typeof at === 'number' && /Octal escape sequences are not allowed/.test((error as Error).message) && !/\.(?:[cm]?ts|mjs)$/.test(file) ? /^\\[0-7]{1,3}/.exec(code.slice(at)) : null;
      // Does not read or parse: nothing in it is judged uncalled.
      if (escape === null) return null;
      code = code.slice(0, at as number) + '_'.repeat(escape[0].length) + code.slice((at as number) + escape[0].length);
    }
  }
  return null;
}

const isFunction = (node: TSESTree.Node | null | undefined): node is TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression =>
  node?.type === AST_NODE_TYPES.FunctionExpression || node?.type === AST_NODE_TYPES.ArrowFunctionExpression;

/**
 * Where the file names a function it declares itself (`function getSubscription() {…}`, `const f = () => …`,
 * at any depth): the declaration's name and every reference that resolves to it. Such a name is that
 * function, never another module's of the same name. Empty when the file does not parse.
 */
function functionNames(file: string, code: string): Set<number> {
  const offsets = new Set<number>();
  let scopes: { variables: ScopeVariable[] }[];
  try {
    const jsx = !/\.(?:[cm]?ts)$/.test(file);
    scopes = parser!.parseForESLint(code, { range: true, loc: true, jsx, comment: false, tokens: false, filePath: file, sourceType: 'module', ecmaVersion: 'latest' }).scopeManager?.scopes ?? [];
  } catch {
    return offsets;
  }
  for (const scope of scopes) {
    for (const variable of scope.variables) {
      const declared = (def: ScopeVariable['defs'][number]): boolean =>
        (def.type === 'FunctionName' && def.node.type === AST_NODE_TYPES.FunctionDeclaration) ||
        (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.id.type === AST_NODE_TYPES.Identifier && isFunction(def.node.init));
      if (variable.defs.length === 0 || !variable.defs.every(declared)) continue;
      for (const def of variable.defs) offsets.add(def.name.range[0]);
      for (const reference of variable.references) offsets.add(reference.identifier.range[0]);
    }
  }
  return offsets;
}

const keyName = (key: TSESTree.Node, computed: boolean): string | null => {
  if (computed) return null;
  if (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  return null;
};

interface Candidate {
  name: string;
  /** The function: a finding inside it is uncalled when the candidate is. */
  range: [number, number];
  /** The whole declaration, name included: its own mentions of the name (`axios.post('/deposit')`) do not call it. */
  span: [number, number];
  /** The object binding whose property this is. */
  binding?: string;
  /** A property of the module's own export object (`export default { getSubscription }`, `module.exports = { … }`): its importers call it by key. */
  moduleObject?: boolean;
  classMember?: boolean;
  /** The interfaces its class implements (`implements OnModuleInit, Uploader`). */
  implements?: readonly string[];
  /** The module's own export (`module.exports = function …`, `export default function …`): importers call it by any name. */
  moduleExport?: boolean;
  exported: boolean;
  /** The module-level name an export list (`export { reverseGeocode }`) would export it by: its own, its object's or its class's. */
  exportName?: string;
  /** Where the superclass of its class is declared (`class CommandAdventure extends Command`): judged only when every ancestor is a class of the project (see {@link ClassFacts}). */
  parent?: ParentRef;
}

/** A superclass of the project: a module-level class of the same file (`local`), or an export of a module a relative path loads (`name` is `default` for a default import or a whole `require`). */
type ParentRef = { readonly local: string } | { readonly path: string; readonly name: string };

/** A module-level class: its superclass (null: none; `unknown`: a package's, a mixin call, a member, a name not bound to a class here) and the interfaces it implements (`''`: one of unknown name). */
interface ClassFacts {
  readonly parent: ParentRef | null | 'unknown';
  readonly implements: readonly string[];
}

/** The key of an anonymous `export default class extends Base {}` in {@link FileFacts.classes}. */
const ANONYMOUS_DEFAULT = '\0default';

interface FileFacts {
  /** The named functions of the file that could be uncalled, before looking their names up. */
  candidates: Candidate[];
  /** The parts of import declarations and export lists that use no name: the module path, and each specifier that keeps its name. */
  imports: [number, number][];
  /** Module-level bindings of another module's export (`const energy = require('./energy')`, `import energy from './energy.js'`): the path, and the declaration (its own mentions of the name are no use). */
  moduleBindings: Map<string, { path: string; span: [number, number] }>;
  /** Where the key of a method or property function is written (`async queryOrder() {…}`, not `{ getBBO }`): declaring a function of that name calls nothing. */
  declarationKeys: Set<number>;
  /** The members of the module's own export when it is an object or the one instance of a class written here (`module.exports = new EnergyService()`); null otherwise. */
  ownMembers: Set<string> | null;
  /** Where a module path is loaded for its side effects only (`import './x.js'`, a statement `require('./x')`): its exports are not used there. */
  sideEffectLoads: { range: [number, number]; path: string }[];
  /** Names imported from a package (`import { NestMiddleware } from '@nestjs/common'`): an interface of that name is not the project's. */
  packageImports: Set<string>;
  /** Whether the file is a module (it imports, exports or requires): its top-level names are its own, not globals another script could call. */
  module: boolean;
  /** The module's own export object whose properties are candidates: `export default {…}` (`esm`) or `module.exports = {…}` (`cjs`). */
  ownObject: 'esm' | 'cjs' | null;
  /** Every relative module path written in the file, with what the load does with the module (see {@link ModuleUse}). */
  moduleStrings: { path: string; use: ModuleUse; names: readonly string[] | null }[];
  /** Re-exports of a relative module (`export * from './getCoins.js'`, `export { getCoins } from …`): where they lie, the path, and the names they pass on (null: every name, `export *`). */
  reexports: { range: [number, number]; path: string; names: readonly string[] | null }[];
  /** Bare specifiers the file loads (`import … from '@/functions'`): a path alias may name a project module. */
  bareLoads: string[];
  /** Whether the file takes some default export as a value (`m.default` not read by key, `{ default: x } = m`, `m.default[k]`). */
  takesDefault: boolean;
  /** The bare specifiers whose default export the file takes as a value (`const { default: mongoose } = require('mongoose')`): only a project module's counts (see {@link isPackage}). */
  packageDefaults: string[];
  /** The paths `require(…)` and `import(…)` load (`require('../utils/sendSms')`): they name the module, a call only of its own export. */
  loadPaths: [number, number][];
  /** The module-level classes, by name (see {@link ClassFacts}). */
  classes: Map<string, ClassFacts>;
  /** The classes the module exports, by export name (`default` for `export default`, `module.exports =`): the key of each in `classes`. */
  exportedClasses: Map<string, string>;
  /** `this.findMatch` in a method of a class that declares `findMatch` itself, as static as the method: where the key lies, and the class. */
  ownMemberCalls: Map<number, [number, number]>;
}

/**
 * What a load does with a module's own export object: `fine` uses none of it but by key or not at
 * all (a named or side-effect import, a namespace, `require('./x').key`); `escape` may use it as a
 * whole (`export { default } from`, `import(…)` handed on, a path in any other string); `value` is a
 * `require` whose value is used otherwise (the object itself for `module.exports`, a namespace for
 * ESM); a binding (`import x from`, `const x = require(…)`) is judged by the binding's uses in the file.
 */
type ModuleUse = 'fine' | 'escape' | 'value' | { local: string; span: [number, number]; from: 'import' | 'require' };

/** A name written as a key: `default`, `'default'`. */
const isNamed = (node: TSESTree.Node, computed: boolean, name: string): boolean =>
  (!computed && node.type === AST_NODE_TYPES.Identifier && node.name === name) || (node.type === AST_NODE_TYPES.Literal && node.value === name);

/** What the load around a relative module path (`'./paypal.js'`) does with the module's own export object. */
function moduleUse(literal: TSESTree.StringLiteral): ModuleUse {
  const parent = literal.parent;
  if (parent.type === AST_NODE_TYPES.ImportDeclaration && parent.source === literal) {
    const local = parent.importKind === 'type' ? undefined : parent.specifiers.find((specifier) => specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier)?.local.name;
    if (local !== undefined) return { local, span: parent.range, from: 'import' };
    return parent.specifiers.some((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier && isNamed(specifier.imported, false, 'default')) ? 'escape' : 'fine';
  }
  if ((parent.type === AST_NODE_TYPES.ExportNamedDeclaration || parent.type === AST_NODE_TYPES.ExportAllDeclaration) && parent.source === literal) {
    return parent.type === AST_NODE_TYPES.ExportNamedDeclaration && parent.specifiers.some((specifier) => isNamed(specifier.local, false, 'default')) ? 'escape' : 'fine';
  }
  // `await import('./x.js')` read into a binding or by key is a namespace; a promise handed on (`component: () => import(…)`) may be read by anyone.
  if (parent.type === AST_NODE_TYPES.ImportExpression && parent.source === literal) {
    return parent.parent?.type === AST_NODE_TYPES.AwaitExpression && (parent.parent.parent?.type === AST_NODE_TYPES.VariableDeclarator || parent.parent.parent?.type === AST_NODE_TYPES.MemberExpression) ? 'fine' : 'escape';
  }
  if (parent.type !== AST_NODE_TYPES.CallExpression || requiredPath(parent) !== literal) return 'escape';
  const around = parent.parent;
  if (around?.type === AST_NODE_TYPES.ExpressionStatement || (around?.type === AST_NODE_TYPES.MemberExpression && around.object === parent && !around.computed)) return 'fine';
  if (around?.type === AST_NODE_TYPES.VariableDeclarator && around.init === parent) {
    if (around.id.type === AST_NODE_TYPES.Identifier) return { local: around.id.name, span: around.range, from: 'require' };
    if (around.id.type === AST_NODE_TYPES.ObjectPattern && around.id.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed)) return 'fine';
  }
  return 'value';
}

/** A name written in a module list: `getCoins`, `'getCoins'`. */
const moduleName = (node: TSESTree.Identifier | TSESTree.StringLiteral): string => (node.type === AST_NODE_TYPES.Identifier ? node.name : node.value);

/** A string that is the path of an import, a re-export, `require(…)` or `import(…)`. */
function isLoadPath(literal: TSESTree.Literal): boolean {
  const parent = literal.parent;
  if (parent?.type === AST_NODE_TYPES.ImportDeclaration || parent?.type === AST_NODE_TYPES.ExportAllDeclaration || parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || parent?.type === AST_NODE_TYPES.ImportExpression) return parent.source === literal;
  return parent?.type === AST_NODE_TYPES.CallExpression && requiredPath(parent) === literal;
}

/** `const { a, b: c } = …`: the keys, when every property is a plain key (no computed key, no rest). */
function patternKeys(pattern: TSESTree.Node): string[] | null {
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return null;
  const keys: string[] = [];
  for (const property of pattern.properties) {
    const key = property.type === AST_NODE_TYPES.Property ? keyName(property.key, property.computed) : null;
    if (key === null) return null;
    keys.push(key);
  }
  return keys;
}

/**
 * The export names a load around a relative module path takes from the module: `import { a, b as c }`
 * (a, b), `import d from` (`default`), `const { a } = require(…)`, `require(…).a`, `const { a } = await
 * import(…)`, `export { a } from` (a, passed on); none for a load for its side effects or of types only.
 * Null when it may take any name: a namespace (`import * as f`), a binding kept whole (`const f =
 * require(…)`), `export * from`, an `import()` handed on, any other string.
 */
function takenNames(literal: TSESTree.StringLiteral): string[] | null {
  const parent = literal.parent;
  if (parent.type === AST_NODE_TYPES.ImportDeclaration && parent.source === literal) {
    if (parent.importKind === 'type') return [];
    const names: string[] = [];
    for (const specifier of parent.specifiers) {
      if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return null;
      if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) names.push('default');
      else if (specifier.importKind !== 'type') names.push(moduleName(specifier.imported));
    }
    return names;
  }
  if (parent.type === AST_NODE_TYPES.ExportNamedDeclaration && parent.source === literal) return parent.exportKind === 'type' ? [] : parent.specifiers.map((specifier) => moduleName(specifier.local));
  if (parent.type === AST_NODE_TYPES.ImportExpression && parent.source === literal) {
    const declarator = parent.parent?.type === AST_NODE_TYPES.AwaitExpression ? parent.parent.parent : null;
    return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === parent.parent ? patternKeys(declarator.id) : null;
  }
  if (parent.type !== AST_NODE_TYPES.CallExpression || requiredPath(parent) !== literal) return null;
  const around = parent.parent;
  if (around?.type === AST_NODE_TYPES.ExpressionStatement) return [];
  if (around?.type === AST_NODE_TYPES.MemberExpression && around.object === parent) {
    const key = keyName(around.property, around.computed);
    return key === null ? null : [key];
  }
  return around?.type === AST_NODE_TYPES.VariableDeclarator && around.init === parent ? patternKeys(around.id) : null;
}

function factsOf(program: TSESTree.Program): FileFacts {
  const found: Candidate[] = [];
  const imports: [number, number][] = [];
  const sideEffectLoads: FileFacts['sideEffectLoads'] = [];
  const moduleBindings: FileFacts['moduleBindings'] = new Map();
  const listed = new Set<string>();
  const classes = new Map<string, TSESTree.ClassDeclaration>();
  const ownExports: TSESTree.Node[] = [];
  const declarationKeys = new Set<number>();
  const packageImports = new Set<string>();
  const ownMemberCalls: FileFacts['ownMemberCalls'] = new Map();
  /** The module-level name the module exports as its own (`module.exports = moonPhase`, `export default moonPhase`). */
  let exportedName: string | undefined;
  let module = false;
  let ownObject: FileFacts['ownObject'] = null;
  let takesDefault = false;
  /** The bare specifiers whose default export the file takes as a value (`const { default: mongoose } = require('mongoose')`): a package's, unless the specifier is an alias of the project's. */
  const packageDefaults: string[] = [];
  const loadPaths: [number, number][] = [];
  /** The keys of type members holding a value (`sendBatch: Endpoint;`), judged once the file's interfaces are known. */
  const typedKeys: TSESTree.TSPropertySignature[] = [];
  /** The file's interfaces, each with whether it holds data only (property members, extending none). */
  const interfaces = new Map<string, boolean>();
  const moduleStrings: FileFacts['moduleStrings'] = [];
  const reexports: FileFacts['reexports'] = [];
  const bareLoads: string[] = [];
  /** Module-level bindings of another module's export (`import Command from './'`, `import { Base as B } from`, `const { Base } = require(…)`): the path and the export name. */
  const importedNames = new Map<string, { path: string; name: string }>();
  /** Names assigned anywhere in the file (`Command = Other`): a class binding that may not hold its class. */
  const assigned = new Set<string>();
  /** The module-level classes, with their superclass's name (null: none; undefined: not a plain name), resolved once every binding is known. */
  const heritage = new Map<string, { superName: string | null | undefined; implements: readonly string[] }>();
  /** Export names and the module-level names they export (`export { Base as Command }`, `exports.Base = Base`). */
  const exportLists = new Map<string, string>();
  const exportedClasses = new Map<string, string>();
  /** The methods of a class with a superclass, and its name. */
  const superNames = new Map<Candidate, string>();
  /** A property function of an object literal, or one forwarding a function by name (`{ getBBO }`, `{ summary: getMarketSummary }`). */
  const propertyCandidates = (object: TSESTree.ObjectExpression, facts: Omit<Candidate, 'name' | 'range' | 'span'>): void => {
    for (const property of object.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.kind !== 'init') continue;
      if (!isFunction(property.value) && property.value.type !== AST_NODE_TYPES.Identifier) continue;
      const name = keyName(property.key, property.computed);
      if (name !== null) found.push({ name, range: property.value.range, span: property.range, ...facts });
    }
  };
  const exportedNode = (node: TSESTree.Node): boolean => node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
  /**
   * `exports.createRaid = createRaid;`, `exports.a = exports.b = void 0;` (TypeScript's CommonJS output),
   * `module.exports.f = f`: like `export { createRaid }`, it exports the name and calls nothing (the
   * importers' uses are calls); `exports.g = f` is a use of `f`.
   */
  const namedExports = (expression: TSESTree.Expression): void => {
    const keys: TSESTree.Identifier[] = [];
    let value: TSESTree.Expression = expression;
    while (value.type === AST_NODE_TYPES.AssignmentExpression && value.operator === '=' && isNamedExport(value.left)) {
      keys.push(value.left.property as TSESTree.Identifier);
      value = value.right;
    }
    if (keys.length === 0) return;
    for (const key of keys) imports.push(key.range);
    if (value.type === AST_NODE_TYPES.Identifier) for (const key of keys) exportLists.set(key.name, value.name);
    if (value.type === AST_NODE_TYPES.Identifier && keys.length === 1 && keys[0]!.name === value.name) {
      imports.push(value.range);
      listed.add(value.name);
    }
  };
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const first = stack.length;
    pushChildren(node, stack);
    // The parser's `parse` sets no parent links (ESLint sets them as it traverses): set them here.
    for (let index = first; index < stack.length; index++) (stack[index] as { parent?: TSESTree.Node }).parent = node;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.Identifier) assigned.add(node.left.name);
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
      const owner = ownMemberOwner(node, node.property.name);
      if (owner !== null) ownMemberCalls.set(node.property.range[0], owner.range);
    }
    if (MODULE_SYNTAX.has(node.type) || (node.type === AST_NODE_TYPES.Identifier && (node.name === 'require' || node.name === 'exports') && !isKey(node)) || isModuleExports(node)) module = true;
    if ((node.type === AST_NODE_TYPES.MethodDefinition || node.type === AST_NODE_TYPES.PropertyDefinition || (node.type === AST_NODE_TYPES.Property && !node.shorthand)) && !node.computed && isFunction(node.value)) {
      declarationKeys.add(node.key.range[0]);
    }
    // The key of a data property written in place (`sendBatch: { url: '/batch' }`) declares a value, no call.
    if (node.type === AST_NODE_TYPES.Property && node.parent?.type === AST_NODE_TYPES.ObjectExpression && !node.shorthand && !node.computed && DATA_VALUES.has(node.value.type)) declarationKeys.add(node.key.range[0]);
    if (node.type === AST_NODE_TYPES.TSPropertySignature && !node.computed) typedKeys.push(node);
    const loadPath = node.type === AST_NODE_TYPES.CallExpression ? requiredPath(node) : node.type === AST_NODE_TYPES.ImportExpression ? node.source : null;
    if (loadPath?.type === AST_NODE_TYPES.Literal) loadPaths.push(loadPath.range);
    // Declarations of one name merge: each must hold data only.
    if (node.type === AST_NODE_TYPES.TSInterfaceDeclaration) interfaces.set(node.id.name, interfaces.get(node.id.name) !== false && !node.extends?.length && node.body.body.every((member) => member.type === AST_NODE_TYPES.TSPropertySignature));
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && node.value.startsWith('.')) moduleStrings.push({ path: node.value, use: moduleUse(node), names: takenNames(node) });
    if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && !node.value.startsWith('.') && isLoadPath(node)) bareLoads.push(node.value);
    if ((node.type === AST_NODE_TYPES.ExportAllDeclaration || node.type === AST_NODE_TYPES.ExportNamedDeclaration) && node.source?.value.startsWith('.') === true && node.exportKind !== 'type') {
      // `export * as coins from`, `export { getCoins as coins } from`: a new name, which the fixpoint does not follow (the mention stays).
      const kept = node.type === AST_NODE_TYPES.ExportAllDeclaration ? (node.exported === null ? null : undefined) : node.specifiers.every((specifier) => specifier.local.range[0] === specifier.exported.range[0]) ? node.specifiers.map((specifier) => moduleName(specifier.local)) : undefined;
      if (kept !== undefined) reexports.push({ range: node.range, path: node.source.value, names: kept });
    }
    // A default export read by key (`m.default.PayPal`) or destructured by name (`const { a } = m.default`) uses no object as a whole; a package's (`require('mongoose').default`) is no project module's.
    if (node.type === AST_NODE_TYPES.MemberExpression && isNamed(node.property, node.computed, 'default')) {
      const { parent } = node;
      const byKey = parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node && !parent.computed;
      const byName = parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.ObjectPattern && parent.id.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed);
      const loaded = loadedSpecifier(node.object);
      if (loaded !== null && !loaded.startsWith('.')) packageDefaults.push(loaded);
      else if (!byKey && !byName) takesDefault = true;
    }
    if (node.type === AST_NODE_TYPES.Property && node.parent?.type === AST_NODE_TYPES.ObjectPattern && isNamed(node.key, node.computed, 'default')) {
      // `const { Schema, default: mongoose } = require('mongoose')`: a package's default export, no project module's.
      const declarator = node.parent.parent;
      const loaded = declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.id === node.parent && declarator.init ? loadedSpecifier(declarator.init) : null;
      if (loaded !== null && !loaded.startsWith('.')) packageDefaults.push(loaded);
      else takesDefault = true;
    }
    if (node.type === AST_NODE_TYPES.ImportDeclaration) {
      // The module path (`'./ping.js'`) and the bindings are no use; `{ ping as p }` is: `p()` calls `ping` by another name.
      imports.push(node.source.range);
      if (!node.source.value.startsWith('.')) for (const specifier of node.specifiers) packageImports.add(specifier.local.name);
      if (node.specifiers.length === 0 && node.importKind !== 'type') sideEffectLoads.push({ range: node.source.range, path: node.source.value });
      for (const specifier of node.specifiers) {
        // `{ ping }` is one node for both names; `{ ping as p }`, `{ 'ping' as p }` are two.
        const renamed = specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.imported.range[0] !== specifier.local.range[0];
        if (!renamed) imports.push(specifier.range);
        if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier && node.importKind !== 'type') moduleBindings.set(specifier.local.name, { path: node.source.value, span: node.range });
        if (node.importKind === 'type' || specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier || (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type')) continue;
        importedNames.set(specifier.local.name, { path: node.source.value, name: specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier ? 'default' : moduleName(specifier.imported) });
      }
    } else if (node.type === AST_NODE_TYPES.ExportNamedDeclaration && node.source === null && node.declaration === null && node.parent?.type === AST_NODE_TYPES.Program) {
      // `export { reverseGeocode }`: exports the name, calls nothing (the importers' uses are calls); `{ f as g }` is a use.
      for (const specifier of node.specifiers) {
        if (specifier.local.type === AST_NODE_TYPES.Identifier) exportLists.set(moduleName(specifier.exported), specifier.local.name);
        if (specifier.local.range[0] !== specifier.exported.range[0] || specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
        imports.push(specifier.range);
        listed.add(specifier.local.name);
      }
    } else if (node.type === AST_NODE_TYPES.ExpressionStatement) {
      const loaded = requiredPath(node.expression);
      if (loaded) sideEffectLoads.push({ range: loaded.range, path: loaded.value });
      const { expression } = node;
      if (node.parent?.type === AST_NODE_TYPES.Program) namedExports(expression);
      if (node.parent?.type === AST_NODE_TYPES.Program && expression.type === AST_NODE_TYPES.AssignmentExpression && isModuleExports(expression.left)) {
        const { right } = expression;
        ownExports.push(right);
        // `module.exports = moonPhase`: exports the function, calls nothing (the importers' uses are calls).
        if (right.type === AST_NODE_TYPES.Identifier) {
          exportedName = right.name;
          imports.push(right.range);
        } else if (right.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of right.properties) {
            const key = property.type === AST_NODE_TYPES.Property ? keyName(property.key, property.computed) : null;
            if (key !== null && property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier) exportLists.set(key, property.value.name);
          }
          ownObject = 'cjs';
          propertyCandidates(right, { moduleObject: true, exported: true });
        } else if (isFunction(right)) {
          found.push({ name: right.type === AST_NODE_TYPES.FunctionExpression ? (right.id?.name ?? '') : '', range: right.range, span: node.range, moduleExport: true, exported: true });
        }
      }
    } else if (node.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const { declaration } = node;
      ownExports.push(declaration);
      if (declaration.type === AST_NODE_TYPES.Identifier) {
        exportedName = declaration.name;
        imports.push(declaration.range);
      }
      if (declaration.type === AST_NODE_TYPES.ObjectExpression) {
        ownObject = 'esm';
        propertyCandidates(declaration, { moduleObject: true, exported: true });
      }
      if (declaration.type === AST_NODE_TYPES.FunctionDeclaration || isFunction(declaration)) {
        found.push({ name: declaration.type === AST_NODE_TYPES.ArrowFunctionExpression ? '' : (declaration.id?.name ?? ''), range: declaration.range, span: node.range, moduleExport: true, exported: true });
      }
    } else if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) {
      if (node.type === AST_NODE_TYPES.ClassDeclaration && node.id && isModuleLevel(node)) classes.set(node.id.name, node);
      // `implements` a qualified name (`nest.OnModuleInit`) or a generic instance: its members are unknown here.
      const implemented = (node.implements ?? []).map((clause) => (clause.expression.type === AST_NODE_TYPES.Identifier && !clause.typeArguments ? clause.expression.name : ''));
      const topLevel = node.type === AST_NODE_TYPES.ClassDeclaration && (isModuleLevel(node) || node.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration);
      // A superclass named by a module-level name is resolved below (a class of the project?); any other (a mixin call, `discord.Client`) may call any method.
      const superName = node.superClass === null ? null : topLevel && node.superClass.type === AST_NODE_TYPES.Identifier ? node.superClass.name : undefined;
      const classKey = topLevel ? (node.id?.name ?? ANONYMOUS_DEFAULT) : null;
      if (classKey !== null) heritage.set(classKey, { superName, implements: implemented });
      if (classKey !== null && node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) exportedClasses.set(classKey, classKey);
      if (classKey !== null && node.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) exportedClasses.set('default', classKey);
      if (superName === undefined || implemented.includes('')) continue;
      const exported = exportedNode(node) || node.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
      for (const member of node.body.body) {
        if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
        if ((member.decorators?.length ?? 0) > 0) continue;
        if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind !== 'method') continue;
        const fn = member.value;
        if (!isFunction(fn)) continue;
        const name = keyName(member.key, member.computed);
        const exportName = node.type === AST_NODE_TYPES.ClassDeclaration && node.id && isModuleLevel(node) ? node.id.name : undefined;
        if (name !== null) {
          const candidate: Candidate = { name, range: fn.range, span: member.range, classMember: true, exported, ...(exportName ? { exportName } : {}), ...(implemented.length > 0 ? { implements: implemented } : {}) };
          found.push(candidate);
          if (superName !== null) superNames.set(candidate, superName);
        }
      }
    } else if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.init) {
      const declaration = node.parent;
      const exported = declaration ? exportedNode(declaration) : false;
      const loaded = requiredPath(node.init);
      if (loaded && declaration?.kind === 'const' && isModuleLevel(declaration)) {
        moduleBindings.set(node.id.name, { path: loaded.value, span: node.range });
        importedNames.set(node.id.name, { path: loaded.value, name: 'default' });
      }
      // `const moderatePack = require('./moderate')` declares a local, like an import: its uses are mentions, the declaration is none.
      if (loaded) imports.push(node.id.range);
      if (node.init.type === AST_NODE_TYPES.ObjectExpression) {
        propertyCandidates(node.init, { binding: node.id.name, exported, exportName: node.id.name });
      } else if (isFunction(node.init) && declaration?.parent && isModuleLevel(declaration)) {
        found.push({ name: node.id.name, range: node.init.range, span: node.range, exported, exportName: node.id.name });
      }
    } else if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.ObjectPattern && node.init && loadsModule(node.init)) {
      // `const { escape, moderatePack } = require('../utils')`: each name kept as it is declares a local, like `import { … }`; its uses are mentions.
      const declaration = node.parent;
      const loaded = requiredPath(node.init);
      for (const property of node.id.properties) {
        if (property.type === AST_NODE_TYPES.Property && property.shorthand && property.value.type === AST_NODE_TYPES.Identifier) imports.push(property.range);
        const key = property.type === AST_NODE_TYPES.Property ? keyName(property.key, property.computed) : null;
        // `const { Base } = require('./base')`: a module-level binding of the export `Base`.
        if (loaded && key !== null && property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier && declaration?.kind === 'const' && isModuleLevel(declaration)) importedNames.set(property.value.name, { path: loaded.value, name: key });
      }
    } else if (node.type === AST_NODE_TYPES.FunctionDeclaration && node.id && node.body && isModuleLevel(node)) {
      found.push({ name: node.id.name, range: node.range, span: node.range, exported: exportedNode(node), exportName: node.id.name });
    }
  }
  /** Where a superclass named in the module scope is declared: a class of the file, or another module's export (a binding never assigned). */
  const parentOf = (superName: string | null | undefined): ParentRef | null | 'unknown' => {
    if (superName === null) return null;
    if (superName === undefined || assigned.has(superName)) return 'unknown';
    if (heritage.has(superName)) return { local: superName };
    return importedNames.get(superName) ?? 'unknown';
  };
  const classFacts = new Map<string, ClassFacts>();
  for (const [key, { superName, implements: implemented }] of heritage) classFacts.set(key, { parent: parentOf(superName), implements: implemented });
  for (const [candidate, superName] of superNames) {
    const parent = parentOf(superName);
    // A method of a class extending a package's class (`extends Client`): the package may call it by any name.
    if (parent === null || parent === 'unknown') found.splice(found.indexOf(candidate), 1);
    else candidate.parent = parent;
  }
  for (const [exported, local] of exportLists) if (classFacts.has(local)) exportedClasses.set(exported, local);
  if (exportedName !== undefined && classFacts.has(exportedName)) exportedClasses.set('default', exportedName);
  // A type member holding a value nothing can call (`sendBatch: Endpoint;`, `Endpoint` an interface of data here) declares it, no call; a method signature may be what a class implements.
  for (const member of typedKeys) if (member.typeAnnotation && holdsData(member.typeAnnotation.typeAnnotation, interfaces)) declarationKeys.add(member.key.range[0]);
  // An export list exports the functions it names (a library's callers are outside the project).
  for (const candidate of found) if (candidate.exportName !== undefined && listed.has(candidate.exportName)) candidate.exported = true;
  // The module's own export by name is judged by its importers, like `module.exports = function …`.
  for (const candidate of found) {
    if (exportedName !== undefined && candidate.name === exportedName && !candidate.binding && !candidate.classMember) Object.assign(candidate, { moduleExport: true, exported: true });
  }
  return {
    candidates: found,
    imports,
    sideEffectLoads,
    moduleBindings,
    declarationKeys,
    packageImports,
    module,
    ownMembers: ownExports.length === 1 ? membersOf(ownExports[0]!, classes) : null,
    ownObject: ownExports.length === 1 ? ownObject : null,
    moduleStrings,
    reexports,
    bareLoads,
    takesDefault,
    packageDefaults,
    loadPaths,
    classes: classFacts,
    exportedClasses,
    ownMemberCalls,
  };
}

/**
 * The members of a module's export: an object literal's keys (after its last spread or computed key),
 * the methods and fields of the class written here whose instance it is (`new EnergyService()`), or
 * the static methods and fields of the class itself (`module.exports = Store`, `export default class
 * Store`): a member access on a class object reads its own statics first, so `Store.removeItem` is
 * Store's static `removeItem` whatever its superclass holds.
 */
function membersOf(value: TSESTree.Node, classes: ReadonlyMap<string, TSESTree.ClassDeclaration>): Set<string> | null {
  const members = new Set<string>();
  const exportedClass = value.type === AST_NODE_TYPES.Identifier ? classes.get(value.name) : value.type === AST_NODE_TYPES.ClassDeclaration || value.type === AST_NODE_TYPES.ClassExpression ? value : undefined;
  if (exportedClass) {
    for (const member of exportedClass.body.body) {
      if ((member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) || !member.static) continue;
      const name = keyName(member.key, member.computed);
      if (name !== null) members.add(name);
    }
    return members;
  }
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of value.properties) {
      // A spread or a computed key may bring any member, replacing those before it: only the keys after the last one are known.
      const name = property.type === AST_NODE_TYPES.Property ? keyName(property.key, property.computed) : null;
      if (name === null) members.clear();
      else members.add(name);
    }
    return members;
  }
  const created = value.type === AST_NODE_TYPES.NewExpression && value.callee.type === AST_NODE_TYPES.Identifier ? classes.get(value.callee.name) : undefined;
  if (!created) return null;
  for (const member of created.body.body) {
    if ((member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) || member.static) continue;
    const name = keyName(member.key, member.computed);
    if (name !== null) members.add(name);
  }
  return members;
}

/**
 * The class whose own member `this.<name>` reads: `this` in a method, field or static block of a class
 * (through arrow functions, never a `function`, whose `this` is its caller's), when the class declares a
 * member of that name itself, static as the code around the read is. An instance, or the class object,
 * finds its own member before any inherited one; null otherwise.
 */
function ownMemberOwner(read: TSESTree.MemberExpression, name: string): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  let child: TSESTree.Node = read;
  for (let parent: TSESTree.Node | undefined = read.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression) continue;
    if (parent.type === AST_NODE_TYPES.FunctionDeclaration || parent.type === AST_NODE_TYPES.FunctionExpression) {
      const method = parent.parent;
      if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== parent) return null;
      return ownMember(method.parent.parent, name, method.static);
    }
    if (parent.type === AST_NODE_TYPES.PropertyDefinition && parent.value === child) return ownMember(parent.parent.parent, name, parent.static);
    if (parent.type === AST_NODE_TYPES.StaticBlock) return ownMember(parent.parent.parent, name, true);
  }
  return null;
}

/** The class, when it declares a method or field of the name, static or not as asked. */
function ownMember(cls: TSESTree.Node, name: string, isStatic: boolean): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  if (cls.type !== AST_NODE_TYPES.ClassDeclaration && cls.type !== AST_NODE_TYPES.ClassExpression) return null;
  const declares = cls.body.body.some(
    (member) =>
      ((member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method') || member.type === AST_NODE_TYPES.PropertyDefinition) &&
      member.static === isStatic &&
      keyName(member.key, member.computed) === name,
  );
  return declares ? cls : null;
}

/** A property's name (`{ exports: … }`, `pkg.exports`), not a variable. */
const isKey = (node: TSESTree.Identifier): boolean =>
  (node.parent?.type === AST_NODE_TYPES.Property && node.parent.key === node && !node.parent.computed) || (node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node && !node.parent.computed);

/** Declarations only a module has. */
const MODULE_SYNTAX = new Set<string>([AST_NODE_TYPES.ImportDeclaration, AST_NODE_TYPES.ImportExpression, AST_NODE_TYPES.ExportNamedDeclaration, AST_NODE_TYPES.ExportDefaultDeclaration, AST_NODE_TYPES.ExportAllDeclaration]);

/** `module.exports`. */
const isModuleExports = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  !node.computed &&
  node.object.type === AST_NODE_TYPES.Identifier &&
  node.object.name === 'module' &&
  node.property.type === AST_NODE_TYPES.Identifier &&
  node.property.name === 'exports';

/** `exports.name`, `module.exports.name`: a named export of a CommonJS module. */
const isNamedExport = (node: TSESTree.Node): node is TSESTree.MemberExpression =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  !node.computed &&
  node.property.type === AST_NODE_TYPES.Identifier &&
  ((node.object.type === AST_NODE_TYPES.Identifier && node.object.name === 'exports') || isModuleExports(node.object));

/** The module path of `require('./x')`. */
function requiredPath(node: TSESTree.Expression): TSESTree.StringLiteral | null {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'require') return null;
  const [argument] = node.arguments;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument : null;
}

/** `require('…')` or `await import('…')` of a literal path: a module whose exports a pattern may bind. */
const loadsModule = (node: TSESTree.Expression): boolean => loadedSpecifier(node) !== null;

/** The path `require('…')` or `await import('…')` loads, when written as a string. */
function loadedSpecifier(node: TSESTree.Expression): string | null {
  const required = requiredPath(node);
  if (required) return required.value;
  if (node.type !== AST_NODE_TYPES.AwaitExpression || node.argument.type !== AST_NODE_TYPES.ImportExpression) return null;
  const { source } = node.argument;
  return source.type === AST_NODE_TYPES.Literal && typeof source.value === 'string' ? source.value : null;
}

/** Property values written in place that no one can call: an object, array, string, number or template. */
const DATA_VALUES: ReadonlySet<AST_NODE_TYPES> = new Set([AST_NODE_TYPES.ObjectExpression, AST_NODE_TYPES.ArrayExpression, AST_NODE_TYPES.Literal, AST_NODE_TYPES.TemplateLiteral]);
/** Types whose values are never functions. */
const DATA_TYPES: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.TSStringKeyword, AST_NODE_TYPES.TSNumberKeyword, AST_NODE_TYPES.TSBooleanKeyword, AST_NODE_TYPES.TSBigIntKeyword, AST_NODE_TYPES.TSNullKeyword,
  AST_NODE_TYPES.TSUndefinedKeyword, AST_NODE_TYPES.TSLiteralType, AST_NODE_TYPES.TSArrayType, AST_NODE_TYPES.TSTupleType,
]);

/**
 * Whether a type holds no function: a primitive, a literal, an array or tuple, a type literal of
 * properties only, or a reference without type arguments to an interface of the file made of
 * properties and extending none (`interface Endpoint { url: string }`). Anything else may be callable.
 */
function holdsData(type: TSESTree.TypeNode, interfaces: ReadonlyMap<string, boolean>): boolean {
  if (DATA_TYPES.has(type.type)) return true;
  if (type.type === AST_NODE_TYPES.TSTypeLiteral) return type.members.every((member) => member.type === AST_NODE_TYPES.TSPropertySignature);
  return type.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && !type.typeArguments && interfaces.get(type.typeName.name) === true;
}

/**
 * Whether a bare specifier names an installed package, never a module of the project: a Node
 * built-in or a dependency the file's package declares. An alias (`@app/sms`, `#utils`) may be the
 * project's own module.
 */
function isPackage(file: string, specifier: string): boolean {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  if (specifier.startsWith('node:') || builtinModules.includes(name)) return true;
  const pkg = packageOf(file);
  return pkg !== null && dependsOn(pkg, name);
}

/** A declaration directly in the module body, exported or not (never `export default`: importers call it by any name). */
const isModuleLevel = (node: TSESTree.Node): boolean =>
  node.parent?.type === AST_NODE_TYPES.Program || (node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration && node.parent.parent?.type === AST_NODE_TYPES.Program);

function isLibrary(file: string): boolean {
  const pkg = packageOf(file);
  const manifest = pkg?.manifest;
  if (!pkg || !manifest) return false;
  const declaresExports = manifest.main !== undefined || manifest.module !== undefined || manifest.exports !== undefined;
  // A package that starts itself (`"start": "node server.js"`, a nested `src/package.json` of a bot) is an application, whatever its `main`.
  const starts = typeof manifest.scripts === 'object' && manifest.scripts !== null && typeof (manifest.scripts as Record<string, unknown>).start === 'string';
  return declaresExports && !starts && !BOT_LIBRARIES.some((name) => dependsOn(pkg, name));
}

/** A parsed file's facts, with its text and where each name occurs in it. */
type ParsedFacts = FileFacts & { code: string; library: boolean; mentions: Map<string, number[]>; inComments: Set<number> };

/** What the fixpoint knows of a function: alive for sure, or which dead functions each mention of its name needs. */
interface Judgement {
  /** `true` once a mention outside every function that could be uncalled is found, or the fixpoint marked it. */
  alive: boolean;
  /** Per mention of the name: the functions around it, any one of which being uncalled makes the mention dead. */
  needs: Candidate[][];
  /** Whether the fixpoint has decided it (its callers' closure was explored). */
  settled: boolean;
}

const inside = (offset: number, [start, end]: readonly [number, number]): boolean => offset >= start && offset < end;

/**
 * The index of uncalled functions: `nameFiles` are every text file of the project whose names count
 * (source, tests, scripts, configs), scanned once and only when `filesWithFindings` is not empty.
 */
export function uncalledFunctions(nameFiles: readonly string[], filesWithFindings: readonly string[], options: UncalledOptions = {}): UncalledIndex {
  const work = { scans: 0, parses: 0, nameParses: 0, linkReads: 0 };
  const deadFiles = options.deadFiles ?? new Set<string>();
  const findings = new Map<string, Candidate[]>();
  let judge: (candidate: Candidate) => boolean = () => false;
  let deadCodeIn: (file: string) => readonly (readonly [number, number])[] = () => [];
  if (filesWithFindings.length > 0) {
    const names = scanNames(nameFiles, deadFiles, work);
    work.scans = nameFiles.length;
    if (names !== null) judge = fixpoint(names);
  }

  function fixpoint(names: NameScan): (candidate: Candidate) => boolean {
    // A call with a computed key on `this` or on a receiver that is no object or array literal of the project may reach any method
    // of a package that may run in its process (see `linkedPackages`: a browser app beside its server runs apart).
    const unboundCalls = new Set([...names.dynamicReceivers].filter(([receiver]) => !names.literalBindings.has(receiver)).flatMap(([, files]) => [...files]));
    let links: ((a: string, b: string) => boolean) | undefined;
    const methodsReachable = (file: string): boolean => {
      if (unboundCalls.size === 0) return false;
      if (links === undefined) {
        const running = linkedPackages(nameFiles.filter((one) => !deadFiles.has(one) && !packageManagerRuntime(one) && (isSource(one) || isComponent(one))));
        work.linkReads = running.reads;
        links = running.linked;
      }
      return [...unboundCalls].some((index) => links!(nameFiles[index]!, file));
    };
    const parsed = new Map<string, ParsedFacts | null>();
    const fileOf = new Map<Candidate, string>();
    const factsIn = (file: string): ParsedFacts | null => {
      if (parsed.has(file)) return parsed.get(file)!;
      const result = parseFile(file);
      work.parses++;
      const own = result && factsOf(result.program);
      const facts = own && result && {
        ...own,
        takesDefault: own.takesDefault || own.packageDefaults.some((specifier) => !isPackage(file, specifier)),
        code: result.code,
        library: isLibrary(file),
        mentions: new Map<string, number[]>(),
        inComments: namesInComments(result.program),
      };
      if (facts) {
        for (const match of result.code.matchAll(IDENTIFIER)) {
          const where = facts.mentions.get(match[0]);
          if (where) where.push(match.index);
          else facts.mentions.set(match[0], [match.index]);
        }
        for (const candidate of facts.candidates) fileOf.set(candidate, file);
      }
      parsed.set(file, facts);
      return facts;
    };
    for (const file of filesWithFindings) {
      const facts = factsIn(file);
      if (facts) findings.set(file, facts.candidates);
    }
    /** The code of a parsed file that never runs (see {@link UncalledOptions.neverRuns}), asked once per file. */
    const neverRunning = new Map<string, readonly (readonly [number, number])[]>();
    /** The export objects of command modules no dispatch gets ({@link undispatchedCommands}), found once, when first asked. */
    let undispatched: Map<string, [number, number]> | undefined;
    /** The functions of array exports no loader reads ({@link unreadArrayExports}), found once, when first asked. */
    let unreadArrays: Map<string, [number, number][]> | undefined;
    /** The functions of export objects every dispatch skips ({@link skippedExports}), found once, when first asked. */
    let skipped: Map<string, [number, number][]> | undefined;
    /** The files the three above parse, each once. */
    const loaderParses = new Map<string, ReturnType<typeof parseFile>>();
    deadCodeIn = (file: string): readonly (readonly [number, number])[] => {
      let ranges = neverRunning.get(file);
      if (ranges === undefined) {
        const facts = factsIn(file);
        const running = nameFiles.filter((one) => !deadFiles.has(one) && isSource(one) && !packageManagerRuntime(one));
        const parseOne = (one: string): ReturnType<typeof parseFile> => {
          if (!loaderParses.has(one)) loaderParses.set(one, (work.parses++, parseFile(one)));
          return loaderParses.get(one)!;
        };
        undispatched ??= undispatchedCommands(running, filesWithFindings, parseOne);
        unreadArrays ??= unreadArrayExports(running, filesWithFindings, parseOne);
        skipped ??= skippedExports(running, filesWithFindings, parseOne);
        const command = undispatched.get(file);
        ranges = [...(facts && options.neverRuns ? options.neverRuns(file, facts.code) : []), ...(command ? [command] : []), ...(unreadArrays.get(file) ?? []), ...(skipped.get(file) ?? [])];
        neverRunning.set(file, ranges);
      }
      return ranges;
    };

    /** Whether a load by computed name may load the module (it lies in a folder such a load names, or one cannot be pinned down) and call its export. */
    const loadedByComputedName = (module: string): boolean =>
      names.computedFolders === null || names.computedFolders.some((folder) => module.startsWith(folder + path.sep));

    /**
     * Whether nothing uses a module's exports: some file loads it for its side effects only
     * (`require('./bot')` as a statement, `import './bot.js'`), and every other mention of its file
     * name's longest word is in a comment or in such a load of another module; a binding by the
     * function's own name (`const moderatePack = require('./moderate-pack')`) counts as such a load,
     * since its uses are mentions of the name that the fixpoint judges. Not judged when a load by
     * computed name may reach the module, for an `index` module (importers name its folder), or when
     * nothing loads it (an entry, a platform's handler: its runner may call the export).
     */
    const unusedExports = new Map<string, boolean>();
    const exportsUnused = (module: string, name: string): boolean => {
      let known = unusedExports.get(`${module}\0${name}`);
      if (known !== undefined) return known;
      const stem = path.basename(module).replace(/\.[^.]+$/, '');
      const word = (stem.match(IDENTIFIER) ?? []).sort((a, b) => b.length - a.length)[0];
      let loads = 0;
      let used = loadedByComputedName(module) || stem === 'index' || word === undefined;
      for (const index of used ? [] : (names.files.get(word!) ?? [])) {
        const file = nameFiles[index]!;
        // The module's own text (a URL with its name) does not load it.
        if (deadFiles.has(file) || file === module) continue;
        const facts = isSource(file) ? factsIn(file) : null;
        if (!facts) used = true;
        for (const offset of facts?.mentions.get(word!) ?? []) {
          if (facts!.inComments.has(offset)) continue;
          const load = facts!.sideEffectLoads.find(({ range }) => inside(offset, range));
          const target = load && load.path.startsWith('.') ? resolveFile(path.dirname(file), load.path) : null;
          if (target === module || unusedBinding(file, facts!, offset) === module || namedBinding(file, facts!, offset, name) === module) loads++;
          else if (target === null) used = true;
        }
        if (used) break;
      }
      known = !used && loads > 0;
      unusedExports.set(`${module}\0${name}`, known);
      return known;
    };

    /** The module a binding around the offset loads (`const moon = require('./moon')`, `import moon from './moon.js'`), when the file uses the binding nowhere else. */
    const unusedBinding = (file: string, facts: ParsedFacts, offset: number): string | null => {
      for (const [local, binding] of facts.moduleBindings) {
        if (!inside(offset, binding.span) || !binding.path.startsWith('.')) continue;
        const unused = (facts.mentions.get(local) ?? []).every((at) => inside(at, binding.span) || facts.inComments.has(at));
        return unused ? resolveFile(path.dirname(file), binding.path) : null;
      }
      return null;
    };
    /** The module a binding around the offset loads by the function's own name (`const moderatePack = require('./moderate')`): its uses are mentions of the name, judged as such. */
    const namedBinding = (file: string, facts: ParsedFacts, offset: number, name: string): string | null => {
      const binding = name === '' ? undefined : facts.moduleBindings.get(name);
      return binding && inside(offset, binding.span) && binding.path.startsWith('.') ? resolveFile(path.dirname(file), binding.path) : null;
    };
    /** Whether every use of `local` in the file (but its declaration, at `span`, and comments) reads a key of it (`paypal.getSubscription`). */
    const onlyByKey = (facts: ParsedFacts, local: string, span: readonly [number, number]): boolean =>
      (facts.mentions.get(local) ?? []).every((at) => inside(at, span) || facts.inComments.has(at) || /^\s*\??\./.test(facts.code.slice(at + local.length, at + local.length + 8)));

    /**
     * Whether a module's own export object (`export default { getSubscription }`, `module.exports = {
     * … }`) may be used other than by key, so that any of its properties may be called without its key
     * being written: nothing in the project loads the module (an entry: its runner may take the
     * object), a file loads it by a computed name or names it in a string that is no plain load, binds it
     * and uses the binding as a whole (`Object.values(paypal)`, `bot.use(paypal)`, `paypal[k]()`),
     * re-exports it, hands on an `import()` promise, or takes any default export as a value
     * (`m.default` not read by key); so does a call with a computed key on an unknown receiver, as
     * for class methods. An `index` module's loaders are found by its folder's name and among the files
     * inside the folder (`require('.')`), see {@link loaderFiles}.
     */
    /**
     * The files (indexes into the scanned list) that may load the module by a relative path: those
     * whose text has the file name's longest word; for an `index` module, its folder's (`require('../utils')`)
     * and every file inside the folder, which may name it by dots alone (`require('.')`, `'../..'`).
     * Null when the name has no word.
     */
    const loaderFiles = (module: string): number[] | null => {
      const stem = path.basename(module).replace(/\.[^.]+$/, '');
      const folder = path.dirname(module);
      const word = ((stem === 'index' ? path.basename(folder) : stem).match(IDENTIFIER) ?? []).sort((a, b) => b.length - a.length)[0];
      if (word === undefined) return null;
      const files = new Set(names.files.get(word) ?? []);
      if (stem === 'index') for (const [index, file] of nameFiles.entries()) if (file.startsWith(folder + path.sep)) files.add(index);
      return [...files];
    };
    /**
     * Whether the module, which no running file loads by a relative path, is loaded only by files that
     * never run (`const { getBuffer } = require('./lib/function')` in an `index.js` that throws at load):
     * some such file loads it, it is no entry of its package, no `index` (a folder's name loads it), and
     * no file that runs names it in a string (`'lib/function.js'`, `'@/lib/function'`), so no running code
     * holds its object.
     */
    const onlyDeadLoaders = (module: string, loaders: readonly number[]): boolean => {
      const stem = path.basename(module).replace(/\.[^.]+$/, '');
      if (stem === 'index' || !/^[\w$-]+$/.test(stem) || isEntryModule(module)) return false;
      const named = new RegExp(`[/'"\`]${stem.replace(/\$/g, '\\$')}(?:\\.[cm]?[jt]sx?)?['"\`]`);
      let deadLoads = 0;
      for (const index of loaders) {
        const file = nameFiles[index]!;
        if (file === module) continue;
        if (!deadFiles.has(file)) {
          const text = readSmallText(file, MAX_BYTES);
          if (text === null || named.test(text)) return false;
          continue;
        }
        const facts = isSource(file) ? factsIn(file) : null;
        deadLoads += (facts?.moduleStrings ?? []).filter((load) => resolveFile(path.dirname(file), load.path) === module).length;
      }
      return deadLoads > 0;
    };
    const objectEscapes = new Map<string, boolean>();
    const escapes = (module: string): boolean => {
      let known = objectEscapes.get(module);
      if (known !== undefined) return known;
      const kind = parsed.get(module)?.ownObject ?? null;
      const loaders = loaderFiles(module);
      known = kind === null || methodsReachable(module) || loadedByComputedName(module) || loaders === null;
      const live = (index: number): string | null => (deadFiles.has(nameFiles[index]!) || !isSource(nameFiles[index]!) ? null : nameFiles[index]!);
      for (const index of known ? [] : names.defaultFiles) {
        const file = live(index);
        if (file !== null && factsIn(file)?.takesDefault !== false) known = true;
        if (known) break;
      }
      let loads = 0;
      for (const index of known ? [] : loaders!) {
        const file = live(index);
        const facts = file === null || file === module ? undefined : factsIn(file);
        if (facts === null) known = true;
        for (const load of facts?.moduleStrings ?? []) {
          if (resolveFile(path.dirname(file!), load.path) !== module) continue;
          loads++;
          const { use } = load;
          if (use === 'escape' || (use === 'value' && kind === 'cjs')) known = true;
          else if (typeof use === 'object' && (use.from === 'import' || kind === 'cjs') && !onlyByKey(facts!, use.local, use.span)) known = true;
        }
        if (known) break;
      }
      // Loaded by no file that runs: an entry's runner may take the object, unless only files that never
      // run load it (a script that throws at load, a test) and nothing else can name it (see {@link onlyDeadLoaders}).
      known ||= loads === 0 && !onlyDeadLoaders(module, loaders!);
      objectEscapes.set(module, known);
      return known;
    };

    /**
     * Whether some project file may take export `name` from the module `reexporter` passes it on from
     * (`export * from './getCoins.js'` in `functions/index.js`): the module is an entry of its package
     * (`main`, `exports`, `bin`, a script: code outside may take anything), a load by computed name
     * may reach it, a file loads it by a path alias (`'@/functions'`), or a file that loads it takes
     * that name, any name (a namespace, a binding kept whole, `export *` of it again, a dynamic
     * `import()` handed on), or cannot be read. Nothing loading it keeps the name too. Only the loads
     * found by the module's file or folder name are read (see {@link loaderFiles}).
     */
    const takenFrom = new Map<string, boolean>();
    const reexportTaken = (reexporter: string, name: string): boolean => {
      const key = `${reexporter}\0${name}`;
      let known = takenFrom.get(key);
      if (known !== undefined) return known;
      const loaders = loaderFiles(reexporter);
      const stem = path.basename(reexporter).replace(/\.[^.]+$/, '');
      const word = ((stem === 'index' ? path.basename(path.dirname(reexporter)) : stem).match(IDENTIFIER) ?? []).sort((a, b) => b.length - a.length)[0];
      known = loaders === null || isEntryModule(reexporter) || loadedByComputedName(reexporter);
      let loads = 0;
      for (const index of known ? [] : loaders!) {
        const file = nameFiles[index]!;
        if (deadFiles.has(file) || file === reexporter || !isSource(file)) continue;
        const facts = factsIn(file);
        if (!facts || facts.bareLoads.some((specifier) => specifier.includes(word!) && !isPackage(file, specifier))) known = true;
        for (const load of facts?.moduleStrings ?? []) {
          if (resolveFile(path.dirname(file), load.path) !== reexporter) continue;
          loads++;
          if (load.names === null || load.names.includes(name)) known = true;
        }
        if (known) break;
      }
      known ||= loads === 0;
      takenFrom.set(key, known);
      return known;
    };
    /** Whether the offset lies in a re-export of the candidate's own module that passes on no name any file takes (see {@link reexportTaken}). */
    const deadReexport = (file: string, facts: ParsedFacts, offset: number, candidate: Candidate, own: string): boolean => {
      const reexport = facts.reexports.find(({ range }) => inside(offset, range));
      if (!reexport || candidate.classMember || candidate.binding || candidate.moduleObject || candidate.moduleExport || candidate.exportName !== candidate.name) return false;
      if (resolveFile(path.dirname(file), reexport.path) !== own) return false;
      return (reexport.names !== null && !reexport.names.includes(candidate.name)) || !reexportTaken(file, candidate.name);
    };

    /** Where each parsed file names a function it declares itself (see {@link functionNames}), computed when first asked. */
    const ownFunctionNames = new Map<string, Set<number>>();
    /** Whether the mention, in a module other than the candidate's, is a function that module declares itself (`getSubscription(id)` calling its own `getSubscription`). */
    const namesOwnFunction = (file: string, facts: ParsedFacts, offset: number, name: string): boolean => {
      if (!facts.module || !facts.candidates.some((other) => other.name === name && !other.binding && !other.classMember && !other.moduleObject)) return false;
      let offsets = ownFunctionNames.get(file);
      if (!offsets) ownFunctionNames.set(file, (offsets = functionNames(file, facts.code)));
      return offsets.has(offset);
    };

    /** Whether the offset lies in a binding of the module `own` (`const moonPhase = require('./moon')`): it names the export, the binding's uses call it. */
    const bindsModule = (file: string, facts: ParsedFacts, offset: number, own: string): boolean =>
      [...facts.moduleBindings.values()].some((binding) => inside(offset, binding.span) && binding.path.startsWith('.') && resolveFile(path.dirname(file), binding.path) === own);

    /**
     * The interfaces the ancestors of a class implement (each with its file), when every ancestor is a
     * class of the project up to one that extends nothing (`class CommandAdventure extends Command`,
     * `Command` the project's own abstract class): a base class calls a subclass's method only by
     * writing its name (`this.execute(…)`), or with a computed key (which keeps every method). Null
     * when one is not (a package's class may call any method), cannot be resolved (a path alias, a
     * module that does not parse, an export that is not a class written there) or the chain is cyclic.
     */
    const ancestries = new Map<string, readonly { file: string; name: string }[] | null>();
    const ancestry = (file: string, ref: ParentRef, seen: ReadonlySet<string> = new Set()): readonly { file: string; name: string }[] | null => {
      let target = file;
      let local: string | undefined;
      if ('local' in ref) local = ref.local;
      else {
        const resolved = ref.path.startsWith('.') ? resolveFile(path.dirname(file), ref.path) : null;
        if (resolved === null || !isSource(resolved)) return null;
        target = resolved;
        local = factsIn(target)?.exportedClasses.get(ref.name);
      }
      if (local === undefined) return null;
      const key = `${target}\0${local}`;
      if (ancestries.has(key)) return ancestries.get(key)!;
      if (seen.has(key) || seen.size > 16) return null;
      const facts = factsIn(target)?.classes.get(local);
      let found: readonly { file: string; name: string }[] | null = null;
      if (facts && facts.parent !== 'unknown') {
        const own = facts.implements.map((name) => ({ file: target, name }));
        const above = facts.parent === null ? [] : ancestry(target, facts.parent, new Set([...seen, key]));
        found = above && [...own, ...above];
      }
      ancestries.set(key, found);
      return found;
    };

    // Today's exemptions: a function that could be called without its name being written.
    const mayBeUncalled = (candidate: Candidate): boolean => {
      if (candidate.moduleExport && !exportsUnused(fileOf.get(candidate)!, candidate.name)) return false;
      if (candidate.moduleObject && escapes(fileOf.get(candidate)!)) return false;
      if (CONVENTIONAL_NAMES.has(candidate.name)) return false;
      if (candidate.exported && parsed.get(fileOf.get(candidate)!)!.library) return false;
      if (candidate.classMember && methodsReachable(fileOf.get(candidate)!)) return false;
      // A class implementing an interface whose members are unknown here (a package's: a framework may call them): every method is kept.
      const known = (name: string, file = fileOf.get(candidate)!): boolean => LIFECYCLE_INTERFACES.has(name) || (names.plainInterfaces.has(name) && !parsed.get(file)!.packageImports.has(name));
      if (candidate.implements && !candidate.implements.every((name) => known(name))) return false;
      // A method of a subclass: every ancestor a class of the project, implementing only interfaces whose members are written here.
      if (candidate.parent) {
        const inherited = ancestry(fileOf.get(candidate)!, candidate.parent);
        if (inherited === null || !inherited.every(({ file, name }) => known(name, file))) return false;
      }
      if (candidate.binding && (names.escaping.has(candidate.binding) || names.dynamicReceivers.has(candidate.binding))) return false;
      return true;
    };

    /**
     * `energy.queryOrder` where `energy` is a module-level `const energy = require('./energy')` (or a
     * default import) of another project module whose own export (an object, or the one instance of a
     * class written there) has the member itself, and every other use of `energy` in the file is a
     * member access (no parameter or local of that name shadows it): the call reaches that module's
     * method, not one of the candidate's file.
     */
    const onOtherModule = (file: string, facts: ParsedFacts, offset: number, name: string, own: string): boolean => {
      const before = /([A-Za-z_$][\w$]*)\s*\??\.\s*$/.exec(facts.code.slice(Math.max(0, offset - 120), offset));
      if (!before) return false;
      const receiver = before[1]!;
      const start = offset - before[0].length;
      if (facts.code.slice(0, start).trimEnd().endsWith('.')) return false;
      const binding = facts.moduleBindings.get(receiver);
      const target = binding && binding.path.startsWith('.') ? resolveFile(path.dirname(file), binding.path) : null;
      if (!binding || target === null || target === own || !isSource(target) || factsIn(target)?.ownMembers?.has(name) !== true) return false;
      return onlyByKey(facts, receiver, binding.span);
    };

    const judgements = new Map<Candidate, Judgement>();
    /** Finds where the name is mentioned; stops at the first mention outside every function that could be uncalled. */
    const explore = (candidate: Candidate): Judgement => {
      const judgement: Judgement = { alive: !mayBeUncalled(candidate), needs: [], settled: false };
      judgements.set(candidate, judgement);
      const own = fileOf.get(candidate)!;
      // A module's own function it does not export (no `export`, not its own export): only its own file can name it; another file's `deleteFile(…)` calls another function.
      const local = !candidate.exported && !candidate.moduleExport && !candidate.classMember && !candidate.binding && !candidate.moduleObject && parsed.get(own)!.module;
      // Files that are not code first: a mention there keeps the name without parsing anything.
      const files = (names.files.get(candidate.name) ?? []).map((index) => nameFiles[index]!).filter((file) => !deadFiles.has(file) && (!local || file === own));
      files.sort((a, b) => Number(isSource(a)) - Number(isSource(b)));
      for (const file of files) {
        if (judgement.alive) break;
        const facts = isSource(file) ? factsIn(file) : null;
        if (!facts) {
          judgement.alive = true;
          break;
        }
        for (const offset of facts.mentions.get(candidate.name) ?? []) {
          if ((file === own && inside(offset, candidate.span)) || facts.inComments.has(offset) || facts.imports.some((range) => inside(offset, range))) continue;
          // Another function's declaration of the same name, or a call on another module's own instance: no call of this one.
          if (facts.declarationKeys.has(offset) || (candidate.classMember || candidate.binding || candidate.moduleObject) && onOtherModule(file, facts, offset, candidate.name, own)) continue;
          // `this.findMatch(…)` in another class that declares `findMatch` itself: that class's own member, never this one (whose class extends nothing, so is no subclass of it).
          if (candidate.classMember && candidate.parent === undefined && facts.ownMemberCalls.has(offset) && !(file === own && inside(candidate.span[0], facts.ownMemberCalls.get(offset)!))) continue;
          // Another module's own function of the same name (`getSubscription(id)` in a module declaring one): no call of this one.
          if (file !== own && namesOwnFunction(file, facts, offset, candidate.name)) continue;
          if (candidate.moduleExport && bindsModule(file, facts, offset, own)) continue;
          // `export * from './getCoins.js'` in a module from which no file takes the name: it passes on nothing that runs.
          if (file !== own && deadReexport(file, facts, offset, candidate, own)) continue;
          // A load's path (`require('../utils/sendSms')`) names a module: it calls only the module's own export, and any other function through a key, read elsewhere.
          if (!candidate.moduleExport && facts.loadPaths.some((range) => inside(offset, range))) continue;
          // A handler that never runs, a `catch` that never runs: calls nothing (asked last: it parses the file for the bot-framework model).
          if (deadCodeIn(file).some((range) => inside(offset, range))) continue;
          const around = facts.candidates.filter((other) => other !== candidate && inside(offset, other.span) && mayBeUncalled(other));
          if (around.length === 0) {
            judgement.alive = true;
            break;
          }
          judgement.needs.push(around);
        }
      }
      return judgement;
    };

    return (root) => {
      const known = judgements.get(root);
      if (known?.settled) return !known.alive;
      // Explore every function a mention of the root's name (transitively) needs, then decide them all at once.
      const opened: Judgement[] = [];
      const queue = [root];
      while (queue.length > 0) {
        const candidate = queue.pop()!;
        if (judgements.has(candidate)) continue;
        const judgement = explore(candidate);
        opened.push(judgement);
        if (!judgement.alive) for (const around of judgement.needs) queue.push(...around);
      }
      // The greatest fixpoint: every opened function is dead until one mention has only live functions around it.
      for (let changed = true; changed; ) {
        changed = false;
        for (const judgement of opened) {
          if (judgement.alive || !judgement.needs.some((around) => around.every((other) => judgements.get(other)!.alive))) continue;
          judgement.alive = true;
          changed = true;
        }
      }
      for (const judgement of opened) judgement.settled = true;
      return !judgements.get(root)!.alive;
    };
  }

  const lineStarts = new Map<string, number[]>();
  const offsetOf = (file: string, line: number, column: number): number => {
    let starts = lineStarts.get(file);
    if (!starts) {
      starts = [0];
      const text = fs.readFileSync(file, 'utf8');
      for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
      lineStarts.set(file, starts);
    }
    return (starts[line - 1] ?? Number.POSITIVE_INFINITY) + column - 1;
  };
  return {
    work,
    isUncalled(file, line, column) {
      const candidates = findings.get(path.resolve(file));
      if (!candidates) return false;
      const offset = offsetOf(path.resolve(file), line, column);
      return candidates.some((candidate) => inside(offset, candidate.range) && judge(candidate)) || deadCodeIn(path.resolve(file)).some((range) => inside(offset, range));
    },
  };
}
