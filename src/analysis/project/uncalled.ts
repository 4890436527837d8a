import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { pushChildren } from '../ast/index.js';
import { dependsOn, packageOf } from './packages.js';
import { readSmallText } from './resolve.js';

/**
 * Functions nothing calls: a class method, an object-literal property function or a module-level
 * function whose name occurs nowhere else in the project's text. Only the `bot-audit` command asks
 * (an editor user writing a new method has not called it yet): it scans the names of every project
 * file once, then parses the files that have findings to find the functions around them.
 *
 * Conservative by construction: a name mentioned anywhere else (another file, a comment, a string, a
 * config file, a method of the same name in another class) keeps the function; so do constructors,
 * accessors, decorated methods, methods of a class that `extends` or `implements`, computed names,
 * names frameworks call by convention, exported functions of a library package, and an object whose
 * binding is used other than by member access (`Object.entries(handlers)`, `bot.use(api)`) or whose
 * members are called with a computed key (`handlers[name](…)`). Class methods are never judged when
 * the project calls any method with a computed key on `this` or on an unknown receiver.
 */
export interface UncalledIndex {
  /** Whether the position (1-based line and column, as ESLint reports) is inside a function nothing calls. */
  isUncalled(file: string, line: number, column: number): boolean;
  /** Work counts for tests: files whose names were scanned, files parsed. */
  readonly work: { scans: number; parses: number };
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

/** Packages that make a package a bot rather than a library whose exports others call. */
const BOT_FRAMEWORKS = ['grammy', 'telegraf', 'node-telegram-bot-api', 'discord.js', '@slack/bolt', 'botbuilder', '@whiskeysockets/baileys', 'whatsapp-web.js', 'vk-io', 'puregram', 'gramio'];

/** Larger files are not read (the audit's own limit): none is a bot's hand-written source. */
const MAX_BYTES = 5 * 1024 * 1024;
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;
/** `recv[key](…)`, `recv?.[key](…)`: a call with a computed key that is not a literal. */
const DYNAMIC_CALL = /([A-Za-z_$][\w$]*)\s*(?:\?\.)?\[\s*(?!['"`\d\]])[^\]\n]*\]\s*(?:\?\.)?(?:\(|\.(?:call|apply|bind)\b)/g;
const OBJECT_BINDING = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;{]+)?=\s*\{/g;
/** Import and export lists, whose names are no use of a binding's value. */
const MODULE_LISTS = /\bimport\s+(?:type\s+)?[\w$\s{},*]*?\bfrom\b|\bexport\s*(?:type\s*)?\{[^}]*\}/g;

interface NameScan {
  /** Occurrences of each identifier-like word in the project's text. */
  readonly counts: Map<string, number>;
  /** Identifiers used at least once as a value (not a declaration, an import list, or a member access). */
  readonly escaping: Set<string>;
  /** Receivers of a call with a computed key. */
  readonly dynamicReceivers: Set<string>;
  /** Variables initialised with an object literal (`const handlers = {`): a computed call on one of them reaches no class method. */
  readonly objectBindings: Set<string>;
}

function scanNames(files: readonly string[]): NameScan | null {
  const counts = new Map<string, number>();
  const escaping = new Set<string>();
  const dynamicReceivers = new Set<string>();
  const objectBindings = new Set<string>();
  for (const file of files) {
    const text = readSmallText(file, MAX_BYTES);
    // A file whose names are unknown could call anything: judge nothing.
    if (text === null) return null;
    for (const [name] of text.matchAll(IDENTIFIER)) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const match of text.matchAll(DYNAMIC_CALL)) dynamicReceivers.add(match[1]!);
    for (const match of text.matchAll(OBJECT_BINDING)) objectBindings.add(match[1]!);
    const values = text.replace(MODULE_LISTS, (list) => ' '.repeat(list.length));
    for (const match of values.matchAll(IDENTIFIER)) {
      const after = values.slice(match.index + match[0].length, match.index + match[0].length + 3).trimStart();
      if (after.startsWith('.') || after.startsWith('?.')) continue;
      if (/(?:\b(?:const|let|var)|[\w$]\.|\?\.)\s*$/.test(values.slice(Math.max(0, match.index - 8), match.index))) continue;
      escaping.add(match[0]);
    }
  }
  return { counts, escaping, dynamicReceivers, objectBindings };
}

type ParseModule = { parse: (code: string, options: object) => TSESTree.Program };
let parser: ParseModule | null | undefined;

function parseFile(file: string): { program: TSESTree.Program; code: string } | null {
  if (parser === undefined) {
    try {
      parser = createRequire(import.meta.url)('@typescript-eslint/parser') as ParseModule;
    } catch {
      parser = null;
    }
  }
  if (!parser) return null;
  try {
    const code = fs.readFileSync(file, 'utf8');
    const jsx = !/\.(?:[cm]?ts)$/.test(file);
    return { program: parser.parse(code, { range: true, loc: false, jsx, comment: false, tokens: false, filePath: file }), code };
  } catch {
    // Does not read or parse: nothing in it is judged uncalled.
    return null;
  }
}

const isFunction = (node: TSESTree.Node | null | undefined): node is TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression =>
  node?.type === AST_NODE_TYPES.FunctionExpression || node?.type === AST_NODE_TYPES.ArrowFunctionExpression;

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
  classMember?: boolean;
  exported: boolean;
}

/** The named functions of a file that could be uncalled, before looking their names up. */
function candidatesOf(program: TSESTree.Program): Candidate[] {
  const found: Candidate[] = [];
  const exportedNode = (node: TSESTree.Node): boolean => node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const first = stack.length;
    pushChildren(node, stack);
    // The parser's `parse` sets no parent links (ESLint sets them as it traverses): set them here.
    for (let index = first; index < stack.length; index++) (stack[index] as { parent?: TSESTree.Node }).parent = node;
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) {
      if (node.superClass || (node.implements?.length ?? 0) > 0) continue;
      const exported = exportedNode(node) || node.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
      for (const member of node.body.body) {
        if (member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition) continue;
        if ((member.decorators?.length ?? 0) > 0) continue;
        if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind !== 'method') continue;
        const fn = member.value;
        if (!isFunction(fn)) continue;
        const name = keyName(member.key, member.computed);
        if (name !== null) found.push({ name, range: fn.range, span: member.range, classMember: true, exported });
      }
    } else if (node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier && node.init) {
      const declaration = node.parent;
      const exported = declaration ? exportedNode(declaration) : false;
      if (node.init.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of node.init.properties) {
          if (property.type !== AST_NODE_TYPES.Property || property.kind !== 'init' || !isFunction(property.value)) continue;
          const name = keyName(property.key, property.computed);
          if (name !== null) found.push({ name, range: property.value.range, span: property.range, binding: node.id.name, exported });
        }
      } else if (isFunction(node.init) && declaration?.parent && isModuleLevel(declaration)) {
        found.push({ name: node.id.name, range: node.init.range, span: node.range, exported });
      }
    } else if (node.type === AST_NODE_TYPES.FunctionDeclaration && node.id && node.body && isModuleLevel(node)) {
      found.push({ name: node.id.name, range: node.range, span: node.range, exported: exportedNode(node) });
    }
  }
  return found;
}

/** A declaration directly in the module body, exported or not (never `export default`: importers call it by any name). */
const isModuleLevel = (node: TSESTree.Node): boolean =>
  node.parent?.type === AST_NODE_TYPES.Program || (node.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration && node.parent.parent?.type === AST_NODE_TYPES.Program);

function isLibrary(file: string): boolean {
  const pkg = packageOf(file);
  const manifest = pkg?.manifest;
  if (!pkg || !manifest) return false;
  const declaresExports = manifest.main !== undefined || manifest.module !== undefined || manifest.exports !== undefined;
  return declaresExports && !BOT_FRAMEWORKS.some((name) => dependsOn(pkg, name));
}

/**
 * The index of uncalled functions: `nameFiles` are every text file of the project whose names count
 * (source, tests, scripts, configs), scanned once and only when `filesWithFindings` is not empty.
 */
export function uncalledFunctions(nameFiles: readonly string[], filesWithFindings: readonly string[]): UncalledIndex {
  const work = { scans: 0, parses: 0 };
  const dead = new Map<string, [number, number][]>();
  if (filesWithFindings.length > 0) {
    const names = scanNames(nameFiles);
    work.scans = nameFiles.length;
    if (names === null) return { work, isUncalled: () => false };
    // A call with a computed key on `this` or on a receiver that is no object binding of the project may reach any method.
    const perFile = new Map<string, { code: string; candidates: Candidate[] }>();
    for (const file of filesWithFindings) {
      const parsed = parseFile(file);
      work.parses++;
      if (!parsed) continue;
      const candidates = candidatesOf(parsed.program);
      perFile.set(file, { code: parsed.code, candidates });
    }
    const methodsReachable = [...names.dynamicReceivers].some((receiver) => !names.objectBindings.has(receiver));
    for (const [file, { code, candidates }] of perFile) {
      const library = isLibrary(file);
      const ranges = candidates
        .filter((candidate) => {
          if (CONVENTIONAL_NAMES.has(candidate.name)) return false;
          const own = [...code.slice(...candidate.span).matchAll(IDENTIFIER)].filter(([word]) => word === candidate.name).length;
          if ((names.counts.get(candidate.name) ?? 0) > own) return false;
          if (candidate.exported && library) return false;
          if (candidate.classMember && methodsReachable) return false;
          if (candidate.binding && (names.escaping.has(candidate.binding) || names.dynamicReceivers.has(candidate.binding))) return false;
          return true;
        })
        .map((candidate) => candidate.range);
      if (ranges.length > 0) dead.set(file, ranges);
    }
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
      const ranges = dead.get(path.resolve(file));
      if (!ranges) return false;
      const offset = offsetOf(path.resolve(file), line, column);
      return ranges.some(([start, end]) => offset >= start && offset < end);
    },
  };
}
