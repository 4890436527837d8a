/**
 * Generated programs that put every kind of syntax where the models look: as the receiver and the
 * arguments of HTTP, SQL and ORM calls, as bot objects and handlers, as the `ctx` a handler reads,
 * in `catch` clauses and `.catch` handlers. A small template system: a site (`pool.query(…)`,
 * `bot.on('message', …)`) is filled with a receiver, an argument, a call form, a type, a statement
 * form and a context form (where the code lives and how the receiver is reached: `this.db`, a
 * parameter property, a namespace member, a catch binding). Each list is walked in full for every
 * group of sites, so each form meets every model at least once; adding a form adds it everywhere.
 */

export type Dialect = 'ts' | 'tsx' | 'js' | 'script';

export interface SyntaxProgram {
  name: string;
  dialect: Dialect;
  code: string;
}

/** An expression form around `e`: a receiver or an argument. `ts`: TypeScript only; `jsx`: not in .tsx. */
interface Form {
  name: string;
  wrap: (e: string, n: number) => string;
  ts?: boolean;
  notTsx?: boolean;
  /** Opens a function or class of its own: `super` cannot be reached through it. */
  ownThis?: boolean;
}

const EXPRESSIONS: Form[] = [
  { name: 'identity', wrap: (e) => e },
  { name: 'parenthesised', wrap: (e) => `(${e})` },
  { name: 'as', wrap: (e) => `(${e} as any)`, ts: true },
  { name: 'as const chain', wrap: (e) => `(${e} as unknown as typeof ${rootName(e)})`, ts: true },
  { name: 'angle assertion', wrap: (e) => `(<any>${e})`, ts: true, notTsx: true },
  { name: 'non-null', wrap: (e) => `${e}!`, ts: true },
  { name: 'satisfies', wrap: (e) => `(${e} satisfies unknown)`, ts: true },
  { name: 'instantiation', wrap: (e) => `(${e}<string>)`, ts: true },
  { name: 'sequence', wrap: (e) => `(0, ${e})` },
  { name: 'conditional', wrap: (e) => `(Math.random() > 2 ? ${e} : ${e})` },
  { name: 'nullish', wrap: (e) => `(${e} ?? ${e})` },
  { name: 'or', wrap: (e) => `(${e} || undefined)` },
  { name: 'and', wrap: (e) => `(${e} && ${e})` },
  { name: 'array index', wrap: (e) => `[${e}][0]` },
  { name: 'object member', wrap: (e) => `({ k: ${e} }).k` },
  { name: 'object computed', wrap: (e) => `({ ['k']: ${e} })['k']` },
  { name: 'object spread', wrap: (e) => `({ ...{ k: ${e} } }).k` },
  { name: 'array spread', wrap: (e) => `[...[${e}]][0]` },
  { name: 'await', wrap: (e) => `(await ${e})` },
  { name: 'arrow iife', wrap: (e) => `(() => ${e})()` },
  { name: 'function iife', ownThis: true, wrap: (e) => `(function () { return ${e}; })()` },
  { name: 'generator', ownThis: true, wrap: (e) => `(function* () { yield ${e}; })().next().value` },
  { name: 'class expression field', ownThis: true, wrap: (e) => `new (class { v = ${e}; })().v` },
  { name: 'class expression static block', ownThis: true, wrap: (e, n) => `(class { static v${n}: any; static { this.v${n} = ${e}; } }).v${n}` },
  { name: 'assignment', wrap: (e, n) => `(globalThis.tmp${n} = ${e})` },
  { name: 'logical assignment', wrap: (e, n) => `(globalThis.tmp${n} ??= ${e})` },
  { name: 'template literal', wrap: (e) => `\`\${${e}}\`` },
  { name: 'tagged template', wrap: (e) => `String.raw\`\${${e}}\`` },
  { name: 'typeof', wrap: (e) => `(typeof ${e} === 'object' ? ${e} : ${e})` },
  { name: 'void and comma', wrap: (e) => `(void 0, ${e})` },
  { name: 'optional member', wrap: (e) => `${e}?.valueOf()` },
  { name: 'optional computed', wrap: (e) => `(${e})?.['constructor']` },
  { name: 'optional call', wrap: (e) => `${e}?.toString?.()` },
  { name: 'new', wrap: (e) => `new Object(${e})` },
  { name: 'update', wrap: (e, n) => `(globalThis.count${n}++, ${e})` },
  { name: 'unary', wrap: (e) => `(!${e} ? ${e} : -${e})` },
  { name: 'in and instanceof', wrap: (e) => `('x' in Object(${e}) || ${e} instanceof Object ? ${e} : ${e})` },
  { name: 'regexp and bigint', wrap: (e) => `(/^x$/u.test(String(${e})) ? ${e} : 1n)` },
  { name: 'import.meta', wrap: (e) => `(import.meta.url ? ${e} : null)` },
  { name: 'dynamic import', wrap: (e) => `((await import('node:path')) && ${e})` },
  { name: 'destructured default', wrap: (e) => `(({ a = ${e} }) => a)({})` },
  { name: 'array pattern', wrap: (e) => `(([a, , ...rest]) => a ?? rest)([${e}])` },
  { name: 'assignment pattern', wrap: (e, n) => `(({ k: globalThis.pat${n} } = { k: ${e} }), globalThis.pat${n})` },
  { name: 'arrow with typed params', wrap: (e) => `(<T,>(v: T): T => v)(${e})`, ts: true },
  { name: 'generic call', wrap: (e) => `Object.assign<object, object>({}, ${e})`, ts: true },
  { name: 'getter object', wrap: (e) => `({ get v() { return ${e}; }, set v(_x) {} }).v` },
  { name: 'method object', wrap: (e) => `({ async *m() { yield ${e}; } }).m()` },
  { name: 'private in class', ownThis: true, wrap: (e) => `new (class { #v = ${e}; get v() { return this.#v; } static has(o) { return #v in o; } })().v` },
  { name: 'super member', wrap: (e) => `new (class extends Object { v() { return super.valueOf() && ${e}; } })().v()` },
  { name: 'new.target', ownThis: true, wrap: (e) => `(function () { return new.target ? ${e} : ${e}; })()` },
  { name: 'comments', wrap: (e) => `/* a */ ${e} /* b */` },
];

/** JSX around an argument (in .tsx programs). */
const JSX_FORMS: Form[] = [
  { name: 'element', wrap: (e) => `<b title={${e}}>{${e}}</b>` },
  { name: 'fragment', wrap: (e) => `<>{${e}} text {/* empty */}</>` },
  { name: 'member and namespaced', wrap: (e) => `<UI.Card x:y="z" {...{ v: ${e} }}><svg:path /></UI.Card>` },
  { name: 'spread child', wrap: (e) => `<p>{...[${e}]}</p>` },
];

/** Types: casts on receivers, annotations on handler `ctx` parameters, query type arguments. */
const TYPES = [
  'any', 'unknown', 'never', 'null', 'undefined', 'void', 'object', 'symbol', 'bigint', 'boolean', 'number', 'string',
  'string[]', '[string, number?]', '[first: string, ...rest: number[]]', 'string | number', '{ a: 1 } & { b: 2 }',
  "'literal'", '`id:${number}`', 'keyof Ctx', "Ctx['from']", 'typeof globalThis', "import('node:events').EventEmitter",
  '{ [key: string]: unknown; method(): void; new (x: number): object; (y: string): void; readonly prop?: string }',
  '(a: number, ...b: string[]) => void', 'new () => object', 'abstract new () => object',
  'Ctx extends string ? 1 : 2', 'Ctx extends Array<infer U extends string> ? U : never', '{ readonly [K in keyof Ctx]-?: Ctx[K] }',
  '((v: unknown) => v is string)', '((v: unknown) => asserts v)', 'Map<string, Ctx>', 'readonly string[]', 'unique symbol',
  'Ns.Inner', 'Up<"x">', 'this',
];

/** How a method is called on a receiver. */
const CALLS: { name: string; call: (r: string, m: string, args: string) => string; ts?: boolean }[] = [
  { name: 'member', call: (r, m, a) => `${r}.${m}(${a})` },
  { name: 'optional member', call: (r, m, a) => `${r}?.${m}(${a})` },
  { name: 'optional call', call: (r, m, a) => `${r}.${m}?.(${a})` },
  { name: 'computed', call: (r, m, a) => `${r}['${m}'](${a})` },
  { name: 'computed template', call: (r, m, a) => `${r}[\`${m}\`](${a})` },
  { name: 'call', call: (r, m, a) => `${r}.${m}.call(${r}, ${a})` },
  { name: 'apply', call: (r, m, a) => `${r}.${m}.apply(${r}, [${a}])` },
  { name: 'bind', call: (r, m, a) => `${r}.${m}.bind(${r})(${a})` },
  { name: 'indirect', call: (r, m, a) => `(0, ${r}.${m})(${a})` },
  { name: 'type arguments', call: (r, m, a) => `${r}.${m}<any>(${a})`, ts: true },
  { name: 'spread arguments', call: (r, m, a) => `${r}.${m}(...[${a}])` },
  { name: 'non-null callee', call: (r, m, a) => `${r}.${m}!(${a})`, ts: true },
  { name: 'parenthesised callee', call: (r, m, a) => `(${r}.${m})(${a})` },
];

/** What happens to the call's promise: awaited, caught, chained. */
const RESULTS: { name: string; use: (call: string) => string }[] = [
  { name: 'await', use: (c) => `await ${c};` },
  { name: 'catch handler', use: (c) => `await ${c}.catch((error) => { console.error(error); });` },
  { name: 'catch shorthand', use: (c) => `void ${c}.catch(console.error);` },
  { name: 'catch function', use: (c) => `${c}.catch(function onError(this: unknown, error: unknown) { throw error; });` },
  { name: 'then two handlers', use: (c) => `await ${c}.then((r) => r, async ({ message }) => { await Promise.reject(message); });` },
  { name: 'finally', use: (c) => `await ${c}.finally(() => {});` },
  { name: 'void', use: (c) => `void ${c};` },
  { name: 'declaration', use: (c) => `const { rows = [], ...rest } = await ${c} ?? {}; void [rows, rest];` },
  { name: 'return', use: (c) => `if (Math.random() > 2) return ${c};` },
  { name: 'Promise.all', use: (c) => `await Promise.all([${c}]);` },
  { name: 'for await', use: (c) => `for await (const row of [${c}]) void row;` },
  { name: 'throw', use: (c) => `if (Math.random() > 2) throw await ${c};` },
];

/** Statements the call sits in (catch clauses of every shape among them). */
const STATEMENTS: { name: string; wrap: (s: string, n: number) => string; script?: boolean }[] = [
  { name: 'plain', wrap: (s) => s },
  { name: 'block', wrap: (s) => `{ ${s} }` },
  { name: 'if else', wrap: (s) => `if (Math.random() > 0.5) { ${s} } else { ${s} }` },
  { name: 'if without braces', wrap: (s) => (s.startsWith('const') ? `if (Math.random() > 0.5) { ${s} }` : `if (Math.random() > 0.5) ${s}`) },
  { name: 'try catch', wrap: (s) => `try { ${s} } catch (error) { console.error(error); }` },
  { name: 'try catch no binding', wrap: (s) => `try { ${s} } catch { /* ignored */ }` },
  { name: 'try catch destructured', wrap: (s) => `try { ${s} } catch ({ message, ...rest }) { void [message, rest]; }` },
  { name: 'try catch typed', wrap: (s) => `try { ${s} } catch (error: unknown) { throw error; }` },
  { name: 'try catch rethrow in catch', wrap: (s) => `try { void 0; } catch (error) { ${s} throw error; }` },
  { name: 'try finally', wrap: (s) => `try { ${s} } finally { void 0; }` },
  { name: 'for', wrap: (s, n) => `for (let i${n} = 0; i${n} < 1; i${n}++) { ${s} }` },
  { name: 'for in', wrap: (s, n) => `for (const k${n} in {}) { void k${n}; ${s} }` },
  { name: 'for of', wrap: (s, n) => `for (const [k${n}] of [[1]]) { void k${n}; ${s} }` },
  { name: 'while', wrap: (s) => `while (Math.random() > 2) { ${s} continue; }` },
  { name: 'do while', wrap: (s) => `do { ${s} break; } while (true);` },
  { name: 'labeled', wrap: (s, n) => `outer${n}: for (;;) { ${s} break outer${n}; }` },
  { name: 'switch', wrap: (s) => `switch (typeof process) { case 'object': { ${s} break; } default: ; }` },
  { name: 'debugger', wrap: (s) => `debugger; ${s}` },
  { name: 'using', wrap: (s) => `{ using res = { [Symbol.dispose]() {} }; ${s} }` },
  { name: 'await using', wrap: (s) => `{ await using res = { async [Symbol.asyncDispose]() {} }; ${s} }` },
  { name: 'nested function', wrap: (s) => `async function inner() { ${s} } await inner();` },
];

/**
 * Where the code lives and how it reaches the receiver. `r` is an expression bound to the module at
 * top level; `body(x)` gives the statements, with `x` as the receiver. Each form binds a name of
 * another definition kind (parameter, parameter property, class field, private field, namespace
 * member, catch binding, `using` variable …).
 */
interface Context {
  name: string;
  wrap: (r: string, body: (x: string) => string, n: number) => string;
  ts?: boolean;
  module?: boolean;
}

const CONTEXTS: Context[] = [
  { name: 'async function', wrap: (r, b, n) => `async function run${n}() { ${b(r)} } void run${n};` },
  { name: 'arrow', wrap: (r, b, n) => `const run${n} = async () => { ${b(r)} }; void run${n};` },
  { name: 'parameter', wrap: (r, b, n) => `async function run${n}(db${n}: any) { ${b(`db${n}`)} } void run${n}(${r});` },
  { name: 'default parameter', wrap: (r, b, n) => `async function run${n}(db${n} = ${r}) { ${b(`db${n}`)} } void run${n}();` },
  { name: 'destructured parameter', wrap: (r, b, n) => `async function run${n}({ db: d${n} = ${r} }: { db?: any } = {}) { ${b(`d${n}`)} } void run${n}();` },
  { name: 'rest parameter', wrap: (r, b, n) => `async function run${n}(...all${n}: any[]) { ${b(`all${n}[0]`)} } void run${n}(${r});` },
  { name: 'class field', wrap: (r, b, n) => `class Service${n} { db = ${r}; async run() { ${b('this.db')} } } void Service${n};` },
  { name: 'class field assigned in constructor', wrap: (r, b, n) => `class Service${n} { private db: any; constructor() { this.db = ${r}; } async run() { ${b('this.db')} } } void Service${n};`, ts: true },
  { name: 'parameter property', wrap: (r, b, n) => `class Service${n} { constructor(private readonly db: any = ${r}, public bot?: any, protected override = 1) {} async run() { ${b('this.db')} } } void Service${n};`, ts: true },
  { name: 'private field', wrap: (r, b, n) => `class Service${n} { #db = ${r}; static #count = 0; async run() { Service${n}.#count++; ${b('this.#db')} } } void Service${n};` },
  { name: 'static block', wrap: (r, b, n) => `class Service${n} { static db: any; static { Service${n}.db = ${r}; } static async run() { ${b(`Service${n}.db`)} } } void Service${n};`, ts: true },
  {
    name: 'decorators and accessors',
    wrap: (r, b, n) =>
      `@Injectable() export class Service${n} { @Inject('db') accessor db: any = ${r}; @Prop() declare name: string; @Command('start') async run(@Ctx() ctx: any, @Optional() _x?: number) { void ctx; ${b('this.db')} } @Get() get value() { return this.db; } set value(v) { void v; } }`,
    ts: true,
  },
  {
    name: 'abstract class',
    wrap: (r, b, n) =>
      `abstract class Base${n} implements Disposable { abstract kind: string; abstract accessor level: number; abstract handle(ctx: any): Promise<void>; protected db = ${r}; [Symbol.dispose]() {} async run() { ${b('this.db')} } } class Impl${n} extends Base${n} { kind = 'x'; accessor level = 1; async handle(ctx: any) { void ctx; ${b('super.db')} } } void Impl${n};`,
    ts: true,
  },
  { name: 'subclass super', wrap: (r, b, n) => `class Base${n} { get db() { return ${r}; } } class Sub${n} extends Base${n} { async run() { ${b('super.db')} } } void Sub${n};` },
  { name: 'overloads', wrap: (r, b, n) => `function run${n}(a: string): Promise<void>; function run${n}(a: number): Promise<void>; async function run${n}(_a: any) { ${b(r)} } void run${n};`, ts: true },
  {
    name: 'class overloads',
    wrap: (r, b, n) => `class Service${n} { db = ${r}; run(a: string): Promise<void>; run(a: number): Promise<void>; async run(_a: any) { ${b('this.db')} } } void Service${n};`,
    ts: true,
  },
  { name: 'namespace member', wrap: (r, b, n) => `namespace Ns${n} { export const db = ${r}; export async function run() { ${b('db')} } } async function outer${n}() { ${b(`Ns${n}.db`)} } void outer${n};`, ts: true },
  { name: 'nested namespace', wrap: (r, b, n) => `namespace A${n}.B { export const db = ${r}; } async function run${n}() { ${b(`A${n}.B.db`)} } void run${n};`, ts: true },
  { name: 'object method', wrap: (r, b, n) => `const service${n} = { db: ${r}, async run() { ${b('this.db')} } }; void service${n};` },
  { name: 'getter', wrap: (r, b, n) => `const holder${n} = { get db() { return ${r}; } }; async function run${n}() { ${b(`holder${n}.db`)} } void run${n};` },
  { name: 'async generator', wrap: (r, b, n) => `async function* run${n}() { yield 1; ${b(r)} } void run${n};` },
  { name: 'catch binding', wrap: (r, b, n) => `async function run${n}() { try { throw ${r}; } catch (db${n}: any) { ${b(`db${n}`)} } } void run${n};` },
  { name: 'using binding', wrap: (r, b, n) => `async function run${n}() { using db${n} = ${r}; ${b(`db${n}`)} } void run${n};`, ts: true },
  { name: 'for of binding', wrap: (r, b, n) => `async function run${n}() { for (const db${n} of [${r}]) { ${b(`db${n}`)} } } void run${n};` },
  { name: 'let reassigned', wrap: (r, b, n) => `let db${n} = ${r}; db${n} = ${r}; async function run${n}() { ${b(`db${n}`)} } void run${n};` },
  { name: 'export default', wrap: (r, b) => `export default async function (): Promise<void> { ${b(r)} }`, ts: true, module: true },
  { name: 'iife', wrap: (r, b) => `void (async () => { ${b(r)} })();` },
  { name: 'top-level await', wrap: (r, b) => `{ ${b(r)} }`, module: true },
  { name: 'exported const', wrap: (r, b, n) => `export const run${n} = async function named${n}() { ${b(r)} };`, module: true },
  { name: 'generic function', wrap: (r, b, n) => `async function run${n}<T extends object = {}>(this: void, value?: T): Promise<T | undefined> { ${b(r)} return value; } void run${n};`, ts: true },
];

/** Names that shadow a client with a declaration of another kind, then use it as a receiver. */
const SHADOWS: { name: string; code: (id: string) => string; place?: (id: string, call: string) => string; ts?: boolean; script?: boolean }[] = [
  { name: 'function name', code: (id) => `function ${id}() {}` },
  { name: 'class name', code: (id) => `class ${id} {}` },
  { name: 'enum name', code: (id) => `enum ${id} { A, B = A + 1, C = 'c'.length }`, ts: true },
  { name: 'const enum', code: (id) => `const enum ${id} { A = 1 }`, ts: true },
  { name: 'namespace name', code: (id) => `namespace ${id} { export const query = (..._a: any[]) => Promise.resolve(); }`, ts: true },
  { name: 'declared module', code: (id) => `declare namespace ${id} { function query(...a: any[]): Promise<void>; }`, ts: true },
  { name: 'type alias', code: (id) => `type ${id} = { query(...a: any[]): Promise<void> };`, ts: true },
  { name: 'interface', code: (id) => `interface ${id} extends Ctx { query(...a: any[]): Promise<void> }`, ts: true },
  { name: 'declare const', code: (id) => `declare const ${id}: any;`, ts: true },
  { name: 'declare function', code: (id) => `declare function ${id}(...a: any[]): any;`, ts: true },
  { name: 'declared global', code: (id) => `declare global { var ${id}: any; }`, ts: true },
  { name: 'var redeclared', code: (id) => `var ${id} = require('pg'); var ${id} = new ${id}.Pool();` },
  { name: 'function and namespace', code: (id) => `function ${id}() {} namespace ${id} { export const query = 1; }`, ts: true },
  { name: 'class and interface', code: (id) => `class ${id} {} interface ${id} { query(...a: any[]): Promise<void> }`, ts: true },
  { name: 'enum and namespace', code: (id) => `enum ${id} { A } namespace ${id} { export const query = (..._a: any[]) => Promise.resolve(); }`, ts: true },
  { name: 'require and interface', code: (id) => `const ${id} = require('pg'); interface ${id} { extra: 1 }`, ts: true },
  { name: 'import and type', code: (id) => `import ${id} from 'pg'; type ${id}Row = ${id};`, ts: true },
  { name: 'implicit global', code: (id) => `${id} = require('pg');`, script: true },
  { name: 'import-equals entity', code: (id) => `namespace Src${id} { export const pool = 1; } import ${id} = Src${id}.pool;`, ts: true },
  { name: 'type-only import', code: (id) => `import type ${id} from 'pg';`, ts: true },
  { name: 'type and value', code: (id) => `type ${id} = any; const ${id}: any = null;`, ts: true },
  { name: 'enum member', code: () => '', place: (id, call) => `enum E${id} { ${id} = 1, other = (async () => { ${call} })() as any }`, ts: true },
  { name: 'parameter shadows import', code: (id) => `import ${id} from 'pg';`, place: (id, call) => `export async function f${id}(${id}: any) { ${call} }`, ts: true },
  { name: 'catch shadows import', code: (id) => `import ${id} from 'axios';`, place: (id, call) => `export async function f${id}() { try { void 0; } catch (${id}) { ${call} } }` },
  { name: 'class name shadows import', code: (id) => `import ${id} from 'grammy';`, place: (id, call) => `export async function f${id}() { class ${id} {} ${call} }` },
];

/** One way of binding a module to a name, cycled through the clients. */
const BINDINGS: { name: string; bind: (m: string, id: string, dialect: Dialect) => string }[] = [
  { name: 'default import', bind: (m, id, d) => (d === 'script' ? `const ${id} = require('${m}');` : `import ${id} from '${m}';`) },
  { name: 'namespace import', bind: (m, id, d) => (d === 'script' ? `const ${id} = require('${m}');` : `import * as ${id} from '${m}';`) },
  { name: 'import-equals', bind: (m, id, d) => (d === 'ts' || d === 'tsx' ? `import ${id} = require('${m}');` : `const ${id} = require('${m}');`) },
  { name: 'exported import-equals', bind: (m, id, d) => (d === 'ts' || d === 'tsx' ? `export import ${id} = require('${m}');` : `const { default: ${id} } = require('${m}');`) },
  { name: 'named import', bind: (m, id, d) => (d === 'script' ? `const { default: ${id} = null } = require('${m}');` : `import { default as ${id} } from '${m}';`) },
  { name: 'string-named import', bind: (m, id, d) => (d === 'script' ? `const ${id} = require('${m}').default;` : `import { 'default' as ${id} } from '${m}';`) },
  { name: 'import with attributes', bind: (m, id, d) => (d === 'script' ? `const ${id} = require(\`${m}\`);` : `import ${id} from '${m}' with { type: 'json' };`) },
  { name: 'dynamic import', bind: (m, id, d) => (d === 'script' ? `const ${id} = require('${m}');` : `const ${id} = await import('${m}');`) },
  { name: 'require', bind: (m, id) => `const ${id} = require('${m}');` },
  { name: 'require member', bind: (m, id) => `const ${id} = require('${m}').default;` },
];

interface Site {
  method: string;
  args: (a: string) => string;
  /** A chain after the call: `.set(…).where(…)`. */
  then?: (a: string) => string;
}

/** The call sites each model reads, with `a` the argument expression. */
const GROUPS: { name: string; modules: string[]; factory: (id: string) => string; sites: Site[] }[] = [
  {
    name: 'http',
    modules: ['axios', 'got', 'ky', 'superagent', 'node-fetch', 'cross-fetch', 'undici', 'https', 'node:http', 'isomorphic-fetch'],
    factory: (id) => id,
    sites: [
      { method: 'get', args: (a) => `${a}, { timeout: 1000 }` },
      { method: 'post', args: (a) => `'https://api.example.com', ${a}, ${a}` },
      { method: 'request', args: (a) => `{ url: ${a}, method: 'GET' }` },
      { method: 'create', args: (a) => `{ baseURL: ${a} }` },
      { method: 'extend', args: (a) => `{ prefixUrl: ${a} }` },
      { method: 'default', args: (a) => `${a}, { signal: AbortSignal.timeout(1) }` },
    ],
  },
  {
    name: 'sql',
    modules: ['pg', 'mysql2/promise', 'postgres', 'pg-promise', 'better-sqlite3', 'knex', '@prisma/client', 'kysely', 'drizzle-orm', 'slonik', '@neondatabase/serverless', '@vercel/postgres', '@libsql/client', 'sequelize', 'mssql', 'sqlite3'],
    factory: (id) => `new ${id}.Pool()`,
    sites: [
      { method: 'query', args: (a) => `'UPDATE users SET balance = balance - $1 WHERE id = $2', [${a}, ${a}]` },
      { method: 'query', args: (a) => `\`SELECT * FROM users WHERE id = \${${a}} FOR UPDATE\`` },
      { method: 'execute', args: (a) => `'INSERT INTO payments (charge_id) VALUES (?)', [${a}]` },
      { method: 'none', args: (a) => `'DELETE FROM jobs WHERE id = $1', ${a}` },
      { method: 'raw', args: (a) => `'UPDATE wallets SET amount = amount - ? WHERE id = ?', [${a}, 1]` },
      { method: '$executeRawUnsafe', args: (a) => `'UPDATE users SET balance = balance - $1', ${a}` },
      { method: 'prepare', args: () => `'SELECT balance FROM users WHERE id = ?'`, then: (a) => `.get(${a})` },
      { method: 'connect', args: () => '' },
      { method: 'unsafe', args: (a) => `'BEGIN', [${a}]` },
    ],
  },
  {
    name: 'orm',
    modules: ['@prisma/client', 'knex', 'drizzle-orm', 'kysely', 'typeorm', 'drizzle-orm/node-postgres'],
    factory: (id) => `new ${id}.PrismaClient()`,
    sites: [
      { method: '$transaction', args: (a) => `async (tx: any) => { await tx.user.update({ where: { id: ${a} }, data: { balance: { decrement: ${a} } } }); }` },
      { method: 'transaction', args: (a) => `async (trx: any) => { await trx('users').where({ id: ${a} }).decrement('balance', ${a}); }` },
      { method: 'update', args: (a) => `{ where: { id: ${a} }, data: { balance: { decrement: ${a} } } }` },
      { method: 'updateTable', args: () => `'users'`, then: (a) => `.set({ balance: ${a} }).where('id', '=', ${a}).execute()` },
      { method: 'getRepository', args: () => `'User'`, then: (a) => `.decrement({ id: ${a} }, 'balance', ${a})` },
      { method: 'select', args: () => '', then: (a) => `.from(${a}).where(${a})` },
      { method: 'insert', args: (a) => a, then: (a) => `.values({ chargeId: ${a} }).onConflictDoNothing()` },
      { method: 'users', args: () => `'users'`, then: (a) => `.where({ id: ${a} }).decrement('balance', ${a})` },
    ],
  },
  {
    name: 'bot',
    modules: ['grammy', 'telegraf', 'node-telegram-bot-api', '@grammyjs/runner'],
    factory: (id) => `new ${id}.Bot('token')`,
    sites: [
      { method: 'on', args: (a) => `'message', ${a}` },
      { method: 'command', args: (a) => `'start', ${a}` },
      { method: 'action', args: (a) => `/^buy:(\\d+)$/, ${a}` },
      { method: 'callbackQuery', args: (a) => `'pay', ${a}` },
      { method: 'hears', args: (a) => `/hi/, ${a}` },
      { method: 'onText', args: (a) => `/\\/start (.+)/, ${a}` },
      { method: 'use', args: (a) => `${a}` },
      { method: 'catch', args: (a) => `${a}` },
      { method: 'start', args: (a) => `{ onStart: [${a}] }` },
      { method: 'launch', args: (a) => `{ dropPendingUpdates: Boolean([${a}]) }` },
      { method: 'preCheckoutQuery', args: (a) => `${a}` },
    ],
  },
];

/** Handlers: every function shape, with a `ctx` read in every context shape. */
const HANDLERS: { name: string; make: (param: string, body: string, n: number) => string; ts?: boolean }[] = [
  { name: 'arrow', make: (p, b) => `async (${p}) => { ${b} }` },
  { name: 'arrow expression body', make: (p, b) => `(${p}) => void (async () => { ${b} })()` },
  { name: 'function expression', make: (p, b, n) => `async function handler${n}(${p}) { ${b} }` },
  { name: 'generator-free method ref', make: (p, b, n) => `({ async h${n}(${p}) { ${b} } }).h${n}` },
  { name: 'bound class method', make: (p, b, n) => `new (class H${n} { async handle(${p}) { ${b} } })().handle` },
  { name: 'decorated class method', make: (p, b, n) => `new (@Scene() class H${n} { @On('text') async handle(${p}) { ${b} } })().handle`, ts: true },
  { name: 'array of handlers', make: (p, b) => `...[async (${p}) => { ${b} }]` },
  { name: 'composed', make: (p, b) => `Composer.optional(() => true, async (${p}) => { ${b} })` },
  { name: 'next parameter', make: (p, b) => `async (${p}, next?: () => Promise<void>) => { ${b} await next?.(); }` },
];

/** `ctx` parameter shapes. */
const PARAMS: { name: string; param: (type: string) => string; read: string; ts?: boolean }[] = [
  { name: 'plain', param: () => 'ctx', read: 'ctx' },
  { name: 'typed', param: (t) => `ctx: ${t}`, read: 'ctx', ts: true },
  { name: 'destructured', param: () => '{ from, message, callbackQuery: cq, ...rest }', read: '({ from, message, callbackQuery: cq, ...rest })' },
  { name: 'destructured nested default', param: () => '{ message: { text = "" } = {} as any }', read: '({ message: { text } })' },
  { name: 'optional typed', param: (t) => `ctx?: ${t}`, read: 'ctx!', ts: true },
  { name: 'this parameter', param: (t) => `this: ${t}, ctx: any`, read: 'ctx', ts: true },
];

/** Reads of the update a handler makes, wrapped by expression forms. */
const CTX_READS = [
  (c: string) => `${c}.from.id`,
  (c: string) => `${c}.message.text`,
  (c: string) => `${c}.callbackQuery.message.chat.id`,
  (c: string) => `${c}.msg?.text`,
  (c: string) => `${c}.match[1]`,
  (c: string) => `${c}.chat?.id`,
  (c: string) => `${c}['update']['message']`,
];

const HEADER_TS = `
type Ctx = { from: { id: number }; message?: { text?: string } };
type Up<S extends string> = intrinsic;
declare namespace Ns { type Inner = string; }
declare const UI: any, Injectable: any, Inject: any, Prop: any, Command: any, Ctx: any, Optional: any, Get: any, Scene: any, On: any, Composer: any;
declare global { var tmpGlobal: unknown; }
export {};
`;
const HEADER_JS = `const UI = {}, Composer = { optional: (_a, b) => b };\n`;

/** The top-level statements only a module, a declaration file or a script can hold. */
const EXTRA_TS = [
  "export * from 'grammy';",
  "export * as telegraf from 'telegraf';",
  "export { default as pg } from 'pg';",
  'export type { Ctx as Context };',
  "declare module 'grammy' { interface Context { session: unknown } }",
  'export as namespace BotAudit;',
  'interface Store<T> extends Map<string, T>, Iterable<T> { readonly size: number }',
  'class Impl implements Partial<Ctx> { from = { id: 1 }; }',
  'export declare function helper<const T extends readonly unknown[]>(...xs: T): T;',
  'enum Mode { Polling = "polling", Webhook = "webhook" }',
  'label: { break label; }',
  ';',
];

/** Sloppy-mode scripts only: implicit globals and `with`. */
const EXTRA_SCRIPT = [
  "pool = new (require('pg').Pool)();",
  "with (Math) { void pool.query('UPDATE users SET balance = balance - 1 WHERE id = $1', [max(1, 2)]).catch(function (e) { throw e; }); }",
  "bot = new (require('node-telegram-bot-api'))('token');",
  "bot.on('message', function (msg) { with (msg) { pool.query('SELECT 1', [from.id]); } });",
];

function rootName(e: string): string {
  return /^[A-Za-z_$][\w$]*/.exec(e)?.[0] ?? 'globalThis';
}

/** Which forms each dialect may use. */
function allowed<T extends { ts?: boolean; notTsx?: boolean; script?: boolean; module?: boolean }>(items: T[], dialect: Dialect): T[] {
  const ts = dialect === 'ts' || dialect === 'tsx';
  return items.filter(
    (item) => (!item.ts || ts) && !(item.notTsx && dialect === 'tsx') && (!item.script || dialect === 'script') && !(item.module && dialect === 'script'),
  );
}

/** Strips TypeScript-only syntax from text written for TypeScript, for the JavaScript dialects. */
function toJs(code: string): string {
  return code
    .replace(/: \{ db\?: any \}/g, '')
    .replace(/: any(\[\])?/g, '')
    .replace(/ as any\b/g, '')
    .replace(/\(error: unknown\)/g, '(error)')
    .replace(/\(this: unknown, error: unknown\)/g, '(error)')
    .replace(/\(tx: any\)|\(trx: any\)/g, (m) => m.replace(': any', ''))
    .replace(/, next\?: \(\) => Promise<void>/g, ', next');
}

/**
 * The programs: for each group of sites and each dialect, every receiver form, argument form, call
 * form, result form, statement form and context form, cycled together so that the longest list is
 * walked in full; then the shadowing declarations and the handler shapes.
 */
export function syntaxPrograms(): SyntaxProgram[] {
  const programs: SyntaxProgram[] = [];
  for (const dialect of ['ts', 'tsx', 'js', 'script'] as const) {
    const ts = dialect === 'ts' || dialect === 'tsx';
    const fix = (code: string): string => (ts ? code : toJs(code));
    const expressions = allowed(EXPRESSIONS, dialect).filter((form) => dialect !== 'script' || !form.wrap('x', 0).includes('import.meta'));
    const statements = allowed(STATEMENTS, dialect).filter((form) => ts || !form.name.includes('typed'));
    const contexts = allowed(CONTEXTS, dialect).filter((form) => dialect !== 'script' || !form.name.includes('using'));
    const calls = allowed(CALLS, dialect);
    const results = RESULTS.filter((r) => dialect !== 'script' || r.name !== 'for await');
    let n = 0;
    for (const group of GROUPS) {
      const lines: string[] = [ts ? HEADER_TS : HEADER_JS];
      const bindings = BINDINGS;
      const ids = group.modules.map((module, i) => {
        const id = `${group.name}${i}`;
        lines.push(bindings[i % bindings.length]!.bind(module, id, dialect));
        return id;
      });
      // .ts walks every list in full; .tsx adds JSX to the receivers and arguments; the sloppy script
      // adds implicit globals and `with` (the rest of JavaScript is the .js program's).
      const full = Math.max(expressions.length, statements.length, contexts.length, calls.length, results.length, Math.ceil((TYPES.length * 3) / 2));
      const rounds = dialect === 'ts' ? full : dialect === 'js' ? 20 : dialect === 'tsx' ? JSX_FORMS.length * 2 : 4;
      let typeIndex = 0;
      for (let i = 0; i < rounds; i++) {
        const id = ids[i % ids.length]!;
        const site = group.sites[i % group.sites.length]!;
        const receiverForm = expressions[i % expressions.length]!;
        const argumentForm = expressions[(i + 7) % expressions.length]!;
        const call = calls[i % calls.length]!;
        const result = results[i % results.length]!;
        const statement = statements[i % statements.length]!;
        const context = contexts[i % contexts.length]!;
        const type = TYPES[typeIndex % TYPES.length]!;
        const castHere = ts && i % 3 !== 0;
        if (castHere) typeIndex++;
        const root = i % 3 === 0 ? group.factory(id) : id;
        const argument = group.name === 'bot' ? handlerFor(i, dialect, type) : argumentForm.wrap(argumentValue(group.name, i), ++n);
        const jsx = dialect === 'tsx' && i % 2 === 0 ? JSX_FORMS[(i >> 1) % JSX_FORMS.length]!.wrap(argument, n) : null;
        const jsxForm = JSX_FORMS[(i >> 1) % JSX_FORMS.length]!;
        const jsxReceiver: Form | null = dialect === 'tsx' && i % 2 === 1 ? { name: jsxForm.name, wrap: (e, k) => `(${jsxForm.wrap(e, k)})` } : null;
        const body = (x: string): string => {
          const cast = castHere ? `(${x} as unknown as ${type})` : x;
          const form = jsxReceiver ?? (receiverForm.ownThis && x.startsWith('super') ? EXPRESSIONS[0]! : receiverForm);
          const text = result.use(call.call(form.wrap(cast, ++n), site.method, site.args(jsx ?? argument)) + (site.then?.(argument) ?? ''));
          return statement.wrap(text, ++n);
        };
        lines.push(fix(context.wrap(root, body, ++n)));
      }
      for (const shadow of allowed(SHADOWS, dialect).filter((form) => dialect !== 'tsx' && (dialect !== 'script' || form.script))) {
        const id = `shadow${++n}`;
        const site = group.sites[n % group.sites.length]!;
        const call = `await ${id}.${site.method}(${site.args(group.name === 'bot' ? handlerFor(n, dialect, 'any') : "'x'")});`;
        lines.push(fix(`${shadow.code(id)}\n${shadow.place ? shadow.place(id, call) : `async function use${n}() { ${call} }`}`));
      }
      if (ts && group === GROUPS[0]) lines.push(...EXTRA_TS);
      if (dialect === 'script' && group === GROUPS[0]) lines.push(...EXTRA_SCRIPT);
      programs.push({ name: `${group.name}.${dialect === 'script' ? 'cjs' : dialect}`, dialect, code: `${lines.join('\n')}\n` });
    }
  }
  // `export =` cannot sit beside ES exports: its own program.
  programs.push({
    name: 'export-assignment.ts',
    dialect: 'ts',
    code: "import axios = require('axios');\nimport pg = require('pg');\nconst pool = new pg.Pool();\nasync function handler(ctx: any) { try { await axios.get(ctx.message.text); await pool.query('SELECT 1'); } catch (error) { console.error(error); } }\nexport = handler;\n",
  });
  return programs;
}

function argumentValue(group: string, i: number): string {
  const values = ['userId', 'ctx.from.id', "'https://api.example.com/v1'", 'amount', 'process.env.URL'];
  return group === 'http' && i % 2 === 0 ? "'https://api.example.com/v1'" : values[i % values.length]!;
}

/** A handler for the bot sites: every function shape × every `ctx` parameter shape × every read. */
function handlerFor(i: number, dialect: Dialect, type: string): string {
  const ts = dialect === 'ts' || dialect === 'tsx';
  const handlers = HANDLERS.filter((h) => !h.ts || ts);
  const params = PARAMS.filter((p) => !p.ts || ts);
  const handler = handlers[i % handlers.length]!;
  const param = params[i % params.length]!;
  const read = CTX_READS[i % CTX_READS.length]!;
  const forms = allowed(EXPRESSIONS, dialect).filter((form) => dialect !== 'script' || !form.wrap('x', 0).includes('import.meta'));
  const form = forms[(i * 3) % forms.length]!;
  const expression = form.wrap(read(param.read), i);
  const body = `const value = ${expression}; try { await (ctx as any).reply(String(value)); } catch (error) { console.error(error); } await (ctx as any).answerCbQuery().catch(() => {});`;
  const text = handler.make(param.param(type), ts ? body : body.replace(/ as any/g, ''), i);
  return param.param(type).includes('ctx') ? text : text.replace(/\bctx\b/g, 'globalThis');
}
