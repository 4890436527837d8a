/**
 * BullMQ workers that run one job at a time. A `Worker` takes the next job of its queue only when one
 * of its `concurrency` slots is free, and `concurrency` is 1 unless the options say otherwise
 * (BullMQ's `WorkerOptions.concurrency`, default 1; NestJS's `@Processor(queue, { concurrency })` on a
 * `WorkerHost` passes it on). Code that runs only inside the processor of such a worker, awaited all
 * the way, cannot interleave with itself: two jobs of the queue run one after the other.
 *
 * Proven only where the project shows it:
 * - the worker is `new Worker(queue, processor, options)` of `bullmq` (or a NestJS `@Processor(queue)`
 *   class of `@nestjs/bullmq` extending `WorkerHost`, its `process` method the processor), with a queue
 *   named by a literal that no other worker of the project consumes (two workers on one queue run two
 *   jobs at once), `concurrency` absent or the literal 1 (a spread of options must be an object literal,
 *   here or imported from a project file, without it), and no `worker.concurrency = n` in the project;
 * - the `new Worker` runs once: at the top level of a module, in a NestJS lifecycle hook
 *   (`onModuleInit`), or in a function called from exactly one place that runs once itself — never in a
 *   loop or a callback;
 * - the processor is an inline function or a function of the project passed by name (imported too, when
 *   nothing calls it); a path string (a sandboxed processor file) is not followed.
 *
 * One process: several processes running the same worker (replicas) each take a job; the project's
 * code cannot show that, as it cannot for a bot's long polling.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import {
  awaitedCall,
  awaitedCallbackCall,
  enclosingFunction,
  exportCallees,
  fileIndex,
  getMemberPath,
  moduleBindings,
  objectLiteralOf,
  outermostWrapper,
  propertyKey,
  skipTypeWrappers,
  staticString,
  type FunctionNode,
} from '../ast/index.js';
import { onlyEnteredFrom, projectCallersOf, projectFilesMatching, projectUsesOf, projectValue, type EntryTest, type FileRef } from '../summaries/index.js';

/** Files that may create a BullMQ worker: they load `bullmq` or `@nestjs/bullmq`. */
const LOADS_BULLMQ = /['"](?:@nestjs\/)?bullmq['"]/;

/** Whether the project around `filename` loads BullMQ at all (the one text test before anything else is asked). */
export function projectRunsBullmq(filename: string): boolean {
  return projectFilesMatching(filename, LOADS_BULLMQ).length > 0;
}

/**
 * The one BullMQ worker that runs `code`, when that worker runs one job at a time (see the module
 * comment) and every way into `code` starts in its processor, each call on the way awaited
 * (`await f(job)`, `return f(job)`); an inline callback on the way counts only when the call it is
 * passed to is awaited (`await prisma.$transaction(async (tx) => …)`). A key naming the worker
 * (its file and position), or null.
 */
export function serialWorkerOf(code: TSESTree.Node, file: FileRef): string | null {
  const workers = new Set<string>();
  const entered = (value: TSESTree.Node, at: FileRef): boolean => {
    const worker = serialWorkerRunning(value, at);
    if (worker !== null) workers.add(worker);
    return worker !== null;
  };
  // A function a project file exports and another passes as the processor (`new Worker('q', processJob)`), and nothing calls.
  const passedOnAsProcessor = (fn: FunctionNode, at: FileRef): boolean => {
    const uses = projectUsesOf(fn, at);
    return uses !== null && uses.calls.length === 0 && uses.values.length > 0 && uses.values.every((site) => entered(site.value, site.file));
  };
  const test: EntryTest = {
    entry: (value, at) => entered(value, at),
    along: (_fn, node) => node === code || (node.type === AST_NODE_TYPES.CallExpression && awaitedCall(node)),
    // A call written in a processor: the way starts there.
    start: (call, at) => {
      const fn = enclosingFunction(call);
      return fn !== null && awaitedCall(call) && (entered(fn, at) || passedOnAsProcessor(fn, at));
    },
  };
  for (let fn = enclosingFunction(code); fn; fn = enclosingFunction(fn)) {
    if (entered(fn, file) || onlyEnteredFrom(fn, code, file, test) || passedOnAsProcessor(fn, file)) return workers.size === 1 ? [...workers][0]! : null;
    // Out of an inline callback only when its call is awaited: the processor waits for it.
    if (!awaitedCallbackCall(fn)) return null;
    workers.clear();
  }
  return null;
}

/**
 * The worker whose processor `value` is (an inline function or a reference to one passed as the
 * processor, or the `process` method of a NestJS `@Processor` class), when it runs one job at a time; null otherwise.
 */
function serialWorkerRunning(value: TSESTree.Node, file: FileRef): string | null {
  const use = outermostWrapper(value);
  const parent = use.parent;
  if (parent?.type === AST_NODE_TYPES.NewExpression && parent.arguments[1] === use) return isBullmqWorker(parent, file) && serialWorker(parent, file) ? workerKey(parent, file) : null;
  const nest = value.type === AST_NODE_TYPES.FunctionExpression ? nestProcessorOf(value, file) : null;
  return nest && serialNestProcessor(nest, file) ? workerKey(nest.node, file) : null;
}

const workerKey = (node: TSESTree.Node, file: FileRef): string => `${file.filename}:${node.range[0]}`;

/** `new Worker(…)` with `Worker` from `bullmq` (`import { Worker }`, `bullmq.Worker`, a `require`). */
function isBullmqWorker(node: TSESTree.NewExpression, file: FileRef): boolean {
  const callee = getMemberPath(node.callee)?.join('.');
  return callee !== undefined && exportCallees(file.sourceCode.ast, (source) => source === 'bullmq', 'Worker').has(callee);
}

/** A NestJS processor class: `@Processor('queue', options?) class X extends WorkerHost { async process(job) { … } }`, with its decorator's call. */
interface NestProcessor {
  readonly node: TSESTree.ClassDeclaration | TSESTree.ClassExpression;
  readonly decorator: TSESTree.CallExpression;
}

/** The `@nestjs/bullmq` processor class whose `process` method `fn` is; null otherwise. */
function nestProcessorOf(fn: TSESTree.FunctionExpression, file: FileRef): NestProcessor | null {
  const method = fn.parent;
  if (method.type !== AST_NODE_TYPES.MethodDefinition || method.kind !== 'method' || method.static || propertyKey(method) !== 'process') return null;
  const node = method.parent.parent;
  if (node.type !== AST_NODE_TYPES.ClassDeclaration && node.type !== AST_NODE_TYPES.ClassExpression) return null;
  const nest = (name: string) => exportCallees(file.sourceCode.ast, (source) => source === '@nestjs/bullmq', name);
  const base = node.superClass && getMemberPath(node.superClass)?.join('.');
  if (!base || !nest('WorkerHost').has(base)) return null;
  const processors = nest('Processor');
  const decorators = node.decorators.filter(({ expression }) => expression.type === AST_NODE_TYPES.CallExpression && processors.has(getMemberPath(expression.callee)?.join('.') ?? ''));
  return decorators.length === 1 ? { node, decorator: decorators[0]!.expression as TSESTree.CallExpression } : null;
}

/** Answers per worker: a worker is asked once per way into each write. */
const SERIAL = new WeakMap<TSESTree.Node, boolean>();

/** Whether a BullMQ `new Worker(queue, processor, options)` runs one job at a time (see the module comment). */
function serialWorker(node: TSESTree.NewExpression, file: FileRef): boolean {
  let known = SERIAL.get(node);
  if (known === undefined) {
    const queue = staticString(node.arguments[0]);
    known = queue !== null && oneSlot(node.arguments[2], file) && createdOnce(node, file, 0) && onlyConsumer(queue, node, file);
    SERIAL.set(node, known);
  }
  return known;
}

/** Whether a NestJS `@Processor(queue, options?)` runs one job at a time: a literal queue no other worker consumes, one slot. */
function serialNestProcessor({ node, decorator }: NestProcessor, file: FileRef): boolean {
  let known = SERIAL.get(node);
  if (known === undefined) {
    const queue = staticString(decorator.arguments[0]);
    known = queue !== null && decorator.arguments.length <= 2 && oneSlot(decorator.arguments[1], file) && onlyConsumer(queue, node, file);
    SERIAL.set(node, known);
  }
  return known;
}

/** Worker options that leave `concurrency` at 1: none, or an object literal (through `as` and spreads of object literals) without it or with the literal 1. */
function oneSlot(options: TSESTree.Node | undefined, file: FileRef, depth = 0): boolean {
  if (!options) return true;
  const object = objectLiteralOf(skipTypeWrappers(options), file.sourceCode) ?? importedObject(options, file);
  if (!object) return false;
  return object.properties.every((property) => {
    if (property.type === AST_NODE_TYPES.SpreadElement) return depth < 2 && oneSlot(property.argument, file, depth + 1);
    const key = propertyKey(property);
    if (key === null) return false;
    if (key !== 'concurrency') return true;
    const value = skipTypeWrappers(property.value);
    return value.type === AST_NODE_TYPES.Literal && value.value === 1;
  });
}

/** An object literal a project file exports, loaded here by name (`import { WORKER_OPTIONS } from './options.js'`). */
function importedObject(node: TSESTree.Node, file: FileRef): TSESTree.ObjectExpression | null {
  const value = skipTypeWrappers(node);
  if (value.type !== AST_NODE_TYPES.Identifier) return null;
  const binding = moduleBindings(file.sourceCode.ast).get(value.name);
  if (!binding || !binding.module.startsWith('.') || binding.imported === '*') return null;
  const found = projectValue(file.filename, binding.module, binding.imported);
  if (!found) return null;
  const declarator = found.node.parent;
  const init = declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.id === found.node ? declarator.init : found.node;
  return init ? objectLiteralOf(skipTypeWrappers(init), found.file.sourceCode) : null;
}

/** NestJS calls these once per provider; the worker a provider creates in one is created once. */
const ONCE_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap']);

/** How many callers up a function that creates a worker is followed to where it runs once. */
const MAX_ONCE_HOPS = 3;

/** Whether `node` runs once: not in a loop, and at a module's top level, in a NestJS start-up hook, or in a function called from exactly one such place. */
function createdOnce(node: TSESTree.Node, file: FileRef, hops: number): boolean {
  const fn = enclosingFunction(node);
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (LOOPS.has(current.type)) return false;
  }
  if (!fn) return true;
  const method = fn.parent;
  if (method?.type === AST_NODE_TYPES.MethodDefinition) {
    if (method.kind === 'method' && !method.static && ONCE_HOOKS.has(propertyKey(method) ?? '')) return true;
  }
  if (hops >= MAX_ONCE_HOPS) return false;
  const callers = namedFunction(fn) ? projectCallersOf(fn, file) : null;
  return callers?.length === 1 && createdOnce(callers[0]!.call, callers[0]!.file, hops + 1);
}

const LOOPS = new Set<string>([AST_NODE_TYPES.ForStatement, AST_NODE_TYPES.ForInStatement, AST_NODE_TYPES.ForOfStatement, AST_NODE_TYPES.WhileStatement, AST_NODE_TYPES.DoWhileStatement]);

/** A function declared by name, bound to a `const`, or a class method: its callers are calls, not a callback's caller. */
function namedFunction(fn: FunctionNode): boolean {
  return fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.parent.type === AST_NODE_TYPES.VariableDeclarator || fn.parent.type === AST_NODE_TYPES.MethodDefinition;
}

/** Files that may create a worker or change one's concurrency. */
const WORKER_TEXT = /\bnew\s+(?:[\w$]+\.)*Worker\b|@Processor\s*\(/;
const SETS_CONCURRENCY = /\.concurrency\s*=(?!=)/;

/**
 * Whether the worker `own` is the only consumer of `queue` in the project: every other BullMQ worker and
 * NestJS processor names another queue by a literal; nothing sets a worker's `concurrency` after the fact.
 */
function onlyConsumer(queue: string, own: TSESTree.Node, file: FileRef): boolean {
  if (SETS_CONCURRENCY.test(file.sourceCode.text) || projectFilesMatching(file.filename, SETS_CONCURRENCY).length > 0) return false;
  const ownKey = workerKey(own, file);
  const files = projectFilesMatching(file.filename, WORKER_TEXT);
  if (!files.some((other) => other.filename === file.filename)) files.push(file);
  return files.every((other) => {
    const index = fileIndex(other.sourceCode.ast);
    const workers = index.of(AST_NODE_TYPES.NewExpression).filter((node) => isBullmqWorker(node, other));
    const nests = [...index.of(AST_NODE_TYPES.ClassDeclaration), ...index.of(AST_NODE_TYPES.ClassExpression)].flatMap((node) => {
      const process = node.body.body.find((member) => member.type === AST_NODE_TYPES.MethodDefinition && propertyKey(member) === 'process');
      const found = process?.type === AST_NODE_TYPES.MethodDefinition ? nestProcessorOf(process.value as TSESTree.FunctionExpression, other) : null;
      return found ? [{ node: found.node, queue: found.decorator.arguments[0] }] : [];
    });
    const consumers: { node: TSESTree.Node; queue: TSESTree.Node | undefined }[] = [...workers.map((node) => ({ node, queue: node.arguments[0] })), ...nests];
    return consumers.every(
      (worker) => workerKey(worker.node, other) === ownKey || (staticString(worker.queue) ?? queue) !== queue,
    );
  });
}
