import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import { classWork, fileIndex, returnWork, walkWork } from '../../src/analysis/ast/index.js';
import plugin from '../../src/index.js';
import { botProjectFrameworks, botProjectRoot, calledFunction, callersOf, projectCallersOf, projectFilesMatching, projectWork, telegramProjectRoot, type FileRef } from '../../src/analysis/summaries/index.js';
import { projectRootWork } from '../../src/analysis/summaries/project.js';
import { beginLint, importersOf, snapshotWork } from '../../src/analysis/project/index.js';

/** Runs `inspect` on every call of `code` (a file at `filename`) and collects what it returns. */
function onCalls<T>(code: string, inspect: (call: TSESTree.CallExpression, context: FileRef) => T, filename = path.join(os.tmpdir(), 'file.ts')): T[] {
  const results: T[] = [];
  const linter = new Linter({ configType: 'flat', cwd: path.parse(filename).root });
  const rule = {
    create: (context: FileRef) => ({
      CallExpression: (node: TSESTree.CallExpression) => void results.push(inspect(node, context)),
    }),
  };
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts', '**/*.js'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }],
    filename,
  );
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return results;
}

const targetName = (code: string, file?: string) =>
  onCalls(
    code,
    (call, context) => {
      const found = calledFunction(call, context);
      if (!found) return null;
      const { fn } = found;
      const parent = fn.parent as { type: string; id?: TSESTree.Node; key?: TSESTree.Node };
      const own = 'id' in fn && fn.id ? fn.id.name : null;
      const bound = parent.id ?? parent.key;
      const name = own ?? (bound?.type === AST_NODE_TYPES.Identifier ? bound.name : '?');
      return `${name}${found.external ? ' (external)' : ''}`;
    },
    file,
  );

describe('calledFunction: the function a call runs', () => {
  it('a declaration, a const arrow, a const alias', () => {
    expect(targetName('function f() {}\nf();')).toEqual(['f']);
    expect(targetName('const g = async () => 1;\ng();')).toEqual(['g']);
    expect(targetName('const g = async () => 1;\nconst h = g;\nh();')).toEqual(['g']);
  });

  it('this.method() inside its class, through an arrow; not through a nested function expression', () => {
    expect(targetName('class A { run() { this.load(); } load() {} }')).toEqual(['load']);
    expect(targetName('class A { run() { [1].map(() => this.load()); } load = async () => {} }')).toEqual([null, 'load']);
    expect(targetName('class A { run() { [1].forEach(function () { this.load(); }); } load() {} }')).toEqual([null, null]);
  });

  it('a method of a const object literal', () => {
    expect(targetName('const api = { get() {}, post: () => 1 };\napi.get();\napi.post();')).toEqual(['get', 'post']);
  });

  it('unknown callees give null: parameters, reassigned names, instances, packages', () => {
    expect(targetName('function run(f: () => void) { f(); }')).toEqual([null]);
    expect(targetName('let f = () => 1;\nf = () => 2;\nf();')).toEqual([null]);
    expect(targetName("import axios from 'axios';\naxios.get('x');")).toEqual([null]);
    expect(targetName('declare const service: { go(): void };\nservice.go();')).toEqual([null]);
  });
});

describe('calledFunction across the files of a project', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summaries-'));
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  write('esm.ts', 'export async function load() {}\nconst inner = () => 1;\nexport { inner as renamed };\nexport default function main() {}\n');
  write('cjs.js', 'async function save() {}\nmodule.exports = { save, remove: async () => {} };\n');
  write('single.js', 'exports.ping = function ping() {};\n');
  fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
  write('lib/index.ts', 'export const fromIndex = () => 1;\n');
  const main = path.join(dir, 'main.ts');

  it('named, renamed, default and namespace imports of a relative module', () => {
    expect(targetName("import { load, renamed } from './esm';\nload();\nrenamed();", main)).toEqual(['load (external)', 'inner (external)']);
    expect(targetName("import main from './esm.js';\nmain();", main)).toEqual(['main (external)']);
    expect(targetName("import * as esm from './esm';\nesm.load();", main)).toEqual(['load (external)']);
    expect(targetName("import { fromIndex } from './lib';\nfromIndex();", main)).toEqual(['fromIndex (external)']);
  });

  it('CommonJS: module.exports objects, exports.x, destructured and whole requires', () => {
    expect(targetName("const { save, remove } = require('./cjs');\nsave();\nremove();", main)).toEqual([null, 'save (external)', 'remove (external)']);
    expect(targetName("const db = require('./cjs');\ndb.save();", main)).toEqual([null, 'save (external)']);
    expect(targetName("const { ping } = require('./single');\nping();", main)).toEqual([null, 'ping (external)']);
  });

  it('CommonJS: a module that exports one function, required whole or called at once', () => {
    write('setup.js', 'function setup(bot) {}\nmodule.exports = setup;\n');
    expect(targetName("const setup = require('./setup');\nsetup(bot);", main)).toEqual([null, 'setup (external)']);
    expect(targetName("require('./setup')(bot);", main)).toEqual(['setup (external)', null]);
    // An object of functions is not one function; a package is not a project file.
    expect(targetName("const db = require('./cjs');\ndb();\nrequire('./cjs')();\nrequire('setup')(bot);", main)).toEqual([null, null, null, null, null, null]);
  });

  it('through re-exports: `export * from`, `export { x as y } from`, a barrel in a barrel; not past three hops, not a default through `*`', () => {
    write('barrel1.ts', "export * from './esm';\n");
    write('barrel2.ts', "export { load as loadAll } from './barrel1';\nexport { default as start } from './esm';\nexport * from 'some-package';\n");
    write('barrel3.ts', "export * from './barrel2';\n");
    write('barrel4.ts', "export * from './barrel3';\n");
    expect(targetName("import { load } from './barrel1';\nload();", main)).toEqual(['load (external)']);
    expect(targetName("import { loadAll } from './barrel2';\nloadAll();", main)).toEqual(['load (external)']);
    expect(targetName("import { loadAll } from './barrel3';\nloadAll();", main)).toEqual(['load (external)']);
    // barrel4 → barrel3 → barrel2 → barrel1 → esm: one hop too many.
    expect(targetName("import { loadAll } from './barrel4';\nloadAll();", main)).toEqual([null]);
    // `export { default as start } from`, named: followed; `export *` drops a default.
    expect(targetName("import { start } from './barrel2';\nstart();\nimport main from './barrel1';\nmain();", main)).toEqual(['main (external)', null]);
  });

  it('CommonJS index modules that hand on another module: a required name, a require in the object, a member of a require; not a package', () => {
    write('check.js', 'module.exports = (ctx, next) => next();\n');
    write('named.js', 'exports.guard = function guard() {};\n');
    write('cjs-index.js', "const check = require('./check');\nconst { guard } = require('./named');\nconst external = require('some-package');\nmodule.exports = { check, guard, inline: require('./check'), member: require('./named').guard, external };\n");
    expect(targetName("const { check, guard, inline, member, external } = require('./cjs-index');\ncheck();\nguard();\ninline();\nmember();\nexternal();", main)).toEqual([
      null,
      '? (external)',
      'guard (external)',
      '? (external)',
      'guard (external)',
      null,
    ]);
  });

  it('packages, missing files and unparseable files give null, never a throw', () => {
    write('broken.ts', 'export function (');
    expect(targetName("import { x } from './missing';\nx();\nimport { y } from './broken';\ny();", main)).toEqual([null, null]);
  });

  it('parses a project file once while it is unchanged, again when it changes', () => {
    write('counted.ts', 'export function one() {}\n');
    const before = projectWork.parses;
    targetName("import { one } from './counted';\none();\none();", main);
    targetName("import { one } from './counted';\none();", main);
    expect(projectWork.parses - before).toBe(1);
    write('counted.ts', 'export function one() {}\nexport function two() {}\n');
    expect(targetName("import { two } from './counted';\ntwo();", main)).toEqual(['two (external)']);
    expect(projectWork.parses - before).toBe(2);
  });
});

describe('callersOf: every call of a function in its file, or null when it escapes', () => {
  const callers = (code: string) =>
    onCalls(code, (call, context) => {
      const found = calledFunction(call, context);
      return found ? (callersOf(found.fn, context.sourceCode)?.length ?? null) : undefined;
    }).filter((x) => x !== undefined);

  it('counts the calls of a local function and of a method through this', () => {
    expect(callers('function f() {}\nf();\nf();')).toEqual([2, 2]);
    expect(callers('class A { a() { this.m(); } b() { this.m(); } m() {} }')).toEqual([2, 2]);
  });

  it('null when the function is passed as a value or exported', () => {
    expect(callers('function f() {}\nf();\nsetTimeout(f);')).toEqual([null]);
    expect(callers('export function f() {}\nf();')).toEqual([null]);
    expect(callers('class A { a() { this.m(); } b() { return this.m; } m() {} }')).toEqual([null]);
  });
});

describe('a class body is walked once for its `this.x` reads, not once per question', () => {
  const methods = (count: number, body: (i: number) => string) => Array.from({ length: count }, (_, i) => `  m${i}() { ${body(i)} }`).join('\n');

  it('the field behind `this.store.save()`: 40 calls of one class, one walk', () => {
    const code = `class Store { save() {} }\nclass A {\n  constructor() { this.store = new Store(); }\n${methods(40, () => 'this.store.save();')}\n}\n`;
    const before = classWork.walks;
    expect(targetName(code)).toEqual(Array.from({ length: 40 }, () => 'save'));
    expect(classWork.walks - before).toBe(1);
  });

  it('a field assigned outside the constructor, or twice, is still not known', () => {
    expect(targetName('class Store { save() {} }\nclass A {\n  init() { this.store = new Store(); }\n  run() { this.store.save(); }\n}\n')).toEqual([null]);
    expect(targetName('class Store { save() {} }\nclass A {\n  constructor() { this.store = new Store(); this.store = new Store(); }\n  run() { this.store.save(); }\n}\n')).toEqual([null]);
    expect(targetName('class Store { save() {} }\nclass A {\n  store = new Store();\n  run() { this.store.save(); }\n}\n')).toEqual(['save']);
  });

  it('the callers of a method: 40 methods calling `this.m()`, one walk', () => {
    const code = `class A {\n${methods(40, () => 'this.m();')}\n  m() {}\n}\n`;
    const before = classWork.walks;
    const counts = onCalls(code, (call, context) => {
      const found = calledFunction(call, context);
      return found ? (callersOf(found.fn, context.sourceCode)?.length ?? null) : undefined;
    });
    expect(counts).toEqual(Array.from({ length: 40 }, () => 40));
    expect(classWork.walks - before).toBe(1);
  });
});

describe('botProjectRoot: a folder known to be in no bot project', () => {
  it('answers null without asking the disk again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-bot-project-'));
    const file = path.join(dir, 'a.ts');
    fs.writeFileSync(file, 'export {};\n');
    try {
      const before = projectRootWork.filesChecked;
      for (let i = 0; i < 50; i++) expect(botProjectRoot(file)).toBeNull();
      expect(projectRootWork.filesChecked - before).toBe(1);
      // A file that is not there is in no bot project either.
      expect(botProjectRoot(path.join(dir, 'missing.ts'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file of a bot project is asked about each time (a file that is gone has no project)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-project-'));
    const file = path.join(dir, 'bot.ts');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { grammy: '1' } }));
    fs.writeFileSync(file, 'export {};\n');
    try {
      expect(botProjectRoot(file)).toBe(dir);
      expect(botProjectRoot(file)).toBe(dir);
      expect(botProjectRoot(path.join(dir, 'missing.ts'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('botProjectRoot: the chat libraries that make a bot project', () => {
  /** A project whose package.json is `manifest` (text), with `main.ts` calling the function `svc.ts` exports: its root, frameworks, Telegram root and the callers seen. */
  const project = (manifest: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-project-'));
    fs.writeFileSync(path.join(dir, 'package.json'), manifest);
    const code = 'export async function sweep(c) { return c; }\n';
    const filename = path.join(dir, 'svc.ts');
    fs.writeFileSync(filename, code);
    fs.writeFileSync(path.join(dir, 'main.ts'), "import { sweep } from './svc';\nawait sweep(1);\n");
    let callers: number | null | undefined;
    const linter = new Linter({ configType: 'flat', cwd: path.parse(filename).root });
    const rule = {
      create: (context: FileRef) => ({
        FunctionDeclaration: (node: TSESTree.FunctionDeclaration) => {
          callers = projectCallersOf(node, context)?.length ?? null;
        },
      }),
    };
    linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], filename);
    try {
      return { root: botProjectRoot(filename) === dir, frameworks: botProjectFrameworks(filename), telegram: telegramProjectRoot(filename) === dir, callers };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  it('discord.js and the WhatsApp libraries: the callers are read, no Telegram proof', () => {
    expect(project(JSON.stringify({ dependencies: { 'discord.js': '^14', pg: '^8' } }))).toEqual({ root: true, frameworks: ['discord.js'], telegram: false, callers: 1 });
    expect(project(JSON.stringify({ dependencies: { '@whiskeysockets/baileys': '^6' } }))).toEqual({ root: true, frameworks: ['@whiskeysockets/baileys'], telegram: false, callers: 1 });
    expect(project(JSON.stringify({ dependencies: { 'whatsapp-web.js': '^1' } }))).toEqual({ root: true, frameworks: ['whatsapp-web.js'], telegram: false, callers: 1 });
    expect(project(JSON.stringify({ devDependencies: { baileys: '^6' } }))).toEqual({ root: true, frameworks: ['baileys'], telegram: false, callers: 1 });
  });

  it('a Telegram framework beside discord.js: a Telegram project', () => {
    expect(project(JSON.stringify({ dependencies: { 'discord.js': '^14', grammy: '^1' } }))).toEqual({ root: true, frameworks: ['grammy', 'discord.js'], telegram: true, callers: 1 });
  });

  it('a package that lists discord.js in a workspace whose root lists grammY: a Telegram project, as before discord.js counted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-workspace-'));
    const pkg = path.join(dir, 'packages', 'bot');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ workspaces: ['packages/*'], dependencies: { grammy: '^1' } }));
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'bot', dependencies: { 'discord.js': '^14' } }));
    const file = path.join(pkg, 'a.ts');
    fs.writeFileSync(file, 'export {};\n');
    try {
      expect(botProjectRoot(file)).toBe(pkg);
      expect(botProjectFrameworks(file)).toEqual(['discord.js', 'grammy']);
      expect(telegramProjectRoot(file)).toBe(pkg);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no chat library (an HTTP server, a look-alike name): no bot project, callers unseen', () => {
    expect(project(JSON.stringify({ dependencies: { express: '^4' } }))).toEqual({ root: false, frameworks: [], telegram: false, callers: null });
    // `discordjs` is not `discord.js`: the dot is no wildcard, also in a package.json that does not parse.
    expect(project('{ "dependencies": { "discordXjs": "1" <<<<<<< HEAD }')).toEqual({ root: false, frameworks: [], telegram: false, callers: null });
    expect(project('{ "dependencies": { "discord.js": "14" <<<<<<< HEAD }')).toEqual({ root: true, frameworks: ['discord.js'], telegram: false, callers: 1 });
  });
});

describe('projectCallersOf: a static method of a class', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'static-callers-'));
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1' } }));
  /** The callers of `Svc.spend` in `svc.ts` (text `code`), with `importer` as `main.ts`: their count, or null. */
  const callersOfSpend = (code: string, importer = ''): number | null | undefined => {
    const filename = path.join(root, 'svc.ts');
    fs.writeFileSync(filename, code);
    fs.writeFileSync(path.join(root, 'main.ts'), importer);
    let found: number | null | undefined;
    const linter = new Linter({ configType: 'flat', cwd: path.parse(filename).root });
    const rule = {
      create: (context: FileRef) => ({
        MethodDefinition: (node: TSESTree.MethodDefinition) => {
          if (node.static && node.key.type === AST_NODE_TYPES.Identifier && node.key.name === 'spend' && node.value.type === AST_NODE_TYPES.FunctionExpression) found = projectCallersOf(node.value, context)?.length ?? null;
        },
      }),
    };
    linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], filename);
    return found;
  };

  it('`Svc.spend(…)` in the importers and the file, `this.spend(…)` in static members', () => {
    const svc = 'export class Svc {\n  static get(id) { return id; }\n  static spend(id) { return id; }\n  static twice(id) { this.spend(id); return () => this.spend(id); }\n  static { this.get(1); }\n}\nSvc.spend(1);\n';
    expect(callersOfSpend(svc, "import { Svc } from './svc';\nSvc.get(1);\nSvc.spend(2);\n")).toBe(4);
    // `this` in an instance method or a nested function is no caller of the static method; a static field's `this` is the class.
    expect(callersOfSpend('export class Svc { static spend(id) {} static run = () => this.spend(1); a(): Svc { return this; } b() { return function () { return this; }; } }\n')).toBe(1);
  });

  it('null when the class or the method escapes', () => {
    expect(callersOfSpend('export default class Svc { static spend(id) {} }\n')).toBeNull();
    expect(callersOfSpend('export class Svc { static spend(id) {} }\n', "import { Svc } from './svc';\nregister(Svc);\n")).toBeNull();
    expect(callersOfSpend('export class Svc { static spend(id) {} static all() { return [this]; } }\n')).toBeNull();
    expect(callersOfSpend('export class Svc { static spend(id) {} run() { this.constructor.spend(1); } }\n')).toBeNull();
    expect(callersOfSpend('export class Svc { static spend(id) {} }\nclass Sub extends Svc {}\n')).toBeNull();
  });
});

describe('projectCallersOf: a function that is a CommonJS module itself, called from its require', () => {
  /** The callers of the arrow function `module.exports` holds in `actions.js`, with `index.js` as `importer`: their count, or null. */
  const factoryCallers = (importer: string, manifest: object = { dependencies: { telegraf: '^4' } }): number | null | undefined => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'factory-callers-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest));
    const code = "module.exports = (bot) => {\n  bot.action('pay', (ctx) => ctx.reply('ok'));\n};\n";
    const filename = path.join(root, 'actions.js');
    fs.writeFileSync(filename, code);
    fs.writeFileSync(path.join(root, 'index.js'), importer);
    let found: number | null | undefined;
    const linter = new Linter({ configType: 'flat', cwd: path.parse(filename).root });
    const rule = {
      create: (context: FileRef) => ({
        ArrowFunctionExpression: (node: TSESTree.ArrowFunctionExpression) => {
          if (node.parent.type === AST_NODE_TYPES.AssignmentExpression) found = projectCallersOf(node, context)?.length ?? null;
        },
      }),
    };
    linter.verify(code, [{ files: ['**/*.js'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], filename);
    return found;
  };

  it('`require(…)(bot)` anywhere, beside calls through a binding', () => {
    expect(factoryCallers("require('./actions')(bot);\nfunction more() { require('./actions')(other); }\n")).toBe(2);
    expect(factoryCallers("const actions = require('./actions');\nactions(bot);\nrequire('./actions')(bot);\n")).toBe(2);
    // Bound inside a block or a function: its calls there.
    expect(factoryCallers("if (ready) {\n  const actions = require('./actions');\n  actions(bot);\n}\nfunction start() { const more = require('./actions'); more(bot); }\n")).toBe(2);
    expect(factoryCallers("if (ready) {\n  const actions = require('./actions');\n  register(actions);\n}\n")).toBeNull();
  });

  it("a file naming a longer module path is no caller unseen: `actions.listener` is another module", () => {
    /** The callers' count with `other.js` holding `other`: null when unseen. */
    const withOther = (other: string): number | null | undefined => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'factory-callers-'));
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4' } }));
      fs.writeFileSync(path.join(root, 'actions.listener.js'), 'module.exports = 1;\n');
      fs.writeFileSync(path.join(root, 'other.js'), other);
      const code = "module.exports = (bot) => {\n  bot.action('pay', (ctx) => ctx.reply('ok'));\n};\n";
      const filename = path.join(root, 'actions.js');
      fs.writeFileSync(filename, code);
      fs.writeFileSync(path.join(root, 'index.js'), "require('./actions')(bot);\n");
      let found: number | null | undefined;
      const rule = {
        create: (context: FileRef) => ({
          ArrowFunctionExpression: (node: TSESTree.ArrowFunctionExpression) => {
            if (node.parent.type === AST_NODE_TYPES.AssignmentExpression) found = projectCallersOf(node, context)?.length ?? null;
          },
        }),
      };
      new Linter({ configType: 'flat', cwd: root }).verify(code, [{ files: ['**/*.js'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], filename);
      return found;
    };
    expect(withOther("const listener = require('./actions.listener.js');\n")).toBe(1);
    // The twins: a file that names the module itself without being an importer (an alias), with or without its extension.
    expect(withOther("const actions = require('@/actions');\n")).toBeNull();
    expect(withOther("const actions = require('@/actions.js');\n")).toBeNull();
  });

  it('a bot project whose framework is only in devDependencies (built by tsc, run in production)', () => {
    expect(factoryCallers("require('./actions')(bot);\n", { devDependencies: { telegraf: '^4' } })).toBe(1);
    expect(factoryCallers("require('./actions')(bot);\n", { devDependencies: { typescript: '^5' } })).toBeNull();
  });

  it('null when the required module is used another way', () => {
    expect(factoryCallers("register(require('./actions'));\n")).toBeNull();
    expect(factoryCallers("require('./actions').call(null, bot);\n")).toBeNull();
  });
});

describe('the walks behind a question asked per target or per call site', () => {
  // Work counts (walkWork, returnWork), not time: a question asked once per module an importer may
  // load, or at each call of a wrapper, reads what was collected once instead of walking again.

  it("an importer's nested `require(…)`s: one read of its loads, not a walk of it per module it requires", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nested-requires-'));
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { telegraf: '^4' } }));
    const modules = 12;
    const code = "module.exports = (bot) => {\n  bot.action('pay', (ctx) => ctx.reply('ok'));\n};\n";
    for (let i = 0; i < modules; i++) fs.writeFileSync(path.join(root, `m${i}.js`), code);
    // The importer: every module required inside a function, after a long body of other code.
    const filler = Array.from({ length: 300 }, (_, i) => `  const v${i} = compute(${i}, { a: [${i}, ${i + 1}], b: 'x' + ${i} });`).join('\n');
    const requires = Array.from({ length: modules }, (_, i) => `  require('./m${i}')(bot);`).join('\n');
    const importer = `function start(bot) {\n${filler}\n${requires}\n}\nmodule.exports = start;\n`;
    fs.writeFileSync(path.join(root, 'index.js'), importer);
    const importerSize = fileIndex(parse(importer, { range: true })).size;
    const found: (number | null)[] = [];
    const rule = {
      create: (context: FileRef) => ({
        ArrowFunctionExpression: (node: TSESTree.ArrowFunctionExpression) => {
          if (node.parent.type === AST_NODE_TYPES.AssignmentExpression) found.push(projectCallersOf(node, context)?.length ?? null);
        },
      }),
    };
    const linter = new Linter({ configType: 'flat', cwd: root });
    const before = walkWork.nodes;
    for (let i = 0; i < modules; i++) {
      const filename = path.join(root, `m${i}.js`);
      linter.verify(code, [{ files: ['**/*.js'], languageOptions: { parser: tsParser }, plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], filename);
    }
    expect(found).toEqual(Array.from({ length: modules }, () => 1));
    // The importer is indexed once (about its size); a walk of it per module would be `modules` times that.
    expect(walkWork.nodes - before).toBeLessThan(3 * importerSize);
  });

  it("a wrapper returning fetch's raw response: its file's `return`s grouped once, however many calls ask", () => {
    const calls = Array.from({ length: 30 }, (_, i) => `async function use${i}() { const res = await get('/r${i}'); return res.json(); }`).join('\n');
    const code = `async function get(path) {\n  const url = base + path;\n  if (!path) return fetch(base);\n  return fetch(url);\n}\n${calls}\n`;
    const filename = path.join(os.tmpdir(), 'wrapper.ts');
    const linter = new Linter({ configType: 'flat', cwd: path.parse(filename).root });
    const before = returnWork.files;
    const walked = walkWork.nodes;
    const messages = linter.verify(
      code,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tsParser } },
        { files: ['**/*.ts'], plugins: { 'bot-audit': plugin as never }, rules: { 'bot-audit/require-response-check': ['error', { checkEveryUse: true }] } },
      ],
      filename,
    );
    expect(messages.map((m) => m.ruleId)).toEqual(Array.from({ length: 30 }, () => 'bot-audit/require-response-check'));
    expect(returnWork.files - before).toBe(1);
    // The one walk is the file index's: no function body is walked again for its `return`s.
    expect(walkWork.nodes - walked).toBe(fileIndex(parse(code, { range: true })).size);
  });
});

describe('project-wide questions: each other file read and parsed once per version of the project', () => {
  const project = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'project-snapshot-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { grammy: '^1' } }));
    fs.writeFileSync(path.join(dir, 'lib.ts'), 'export function helper() {}\n');
    const files = Array.from({ length: 10 }, (_, i) => {
      const file = path.join(dir, `f${i}.ts`);
      fs.writeFileSync(file, `import { helper } from './lib';\nexport function f${i}() { helper(); }\n`);
      return file;
    });
    return { dir, files };
  };

  it('ten linted files asking the same and their own questions: every file read once, each match parsed once', () => {
    const { dir, files } = project();
    const reads = snapshotWork.reads;
    const parses = projectWork.parses;
    const sweeps = snapshotWork.sweeps;
    try {
      for (const file of files) {
        // What ESLint does for each file: a new Program, every rule's `create` first.
        beginLint({});
        expect(projectFilesMatching(file, /\bhelper\b/).map((found) => path.basename(found.filename)).sort()).toEqual([...files.map((f) => path.basename(f)), 'lib.ts'].sort());
        expect(projectFilesMatching(file, new RegExp(`\\b${path.basename(file, '.ts')}\\b`))).toHaveLength(1);
        expect(importersOf(dir, path.join(dir, 'lib.ts'))).toHaveLength(10);
      }
      // Eleven files: each read once (not once per pattern, 21 patterns here), each parsed once.
      expect(snapshotWork.reads - reads).toBe(11);
      expect(projectWork.parses - parses).toBe(11);
      // Looked at again once per linted file, not per question.
      expect(snapshotWork.sweeps - sweeps).toBe(10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an edited, added or removed file is seen at the next linted file, and only it is read again', () => {
    const { dir, files } = project();
    try {
      beginLint({});
      const first = files[0]!;
      expect(projectFilesMatching(first, /\bextra\b/)).toEqual([]);
      const reads = snapshotWork.reads;
      // Edited in place, the same size: a newer modification time.
      const edited = files[1]!;
      const text = fs.readFileSync(edited, 'utf8').replace('helper();', 'extra(); ');
      expect(text.length).toBe(fs.statSync(edited).size);
      fs.writeFileSync(edited, text);
      fs.utimesSync(edited, new Date(), new Date(Date.now() + 5000));
      fs.writeFileSync(path.join(dir, 'added.ts'), 'export const extra = 1;\n');
      // The same linted file still: the answer stands.
      expect(projectFilesMatching(first, /\bextra\b/)).toEqual([]);
      beginLint({});
      expect(projectFilesMatching(first, /\bextra\b/).map((found) => path.basename(found.filename))).toEqual(['added.ts', 'f1.ts']);
      expect(snapshotWork.reads - reads).toBe(2);
      fs.rmSync(path.join(dir, 'added.ts'));
      fs.writeFileSync(path.join(dir, 'f2.ts'), 'export const other = 2;\n');
      beginLint({});
      expect(projectFilesMatching(first, /\bextra\b/).map((found) => path.basename(found.filename))).toEqual(['f1.ts']);
      expect(importersOf(dir, path.join(dir, 'lib.ts'))).toHaveLength(9);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("each of the plugin's rules starts a file: the project is looked at again once per linted file", () => {
    const { dir, files } = project();
    const linter = new Linter({ configType: 'flat', cwd: path.parse(dir).root });
    const config = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { 'bot-audit': plugin }, rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [`bot-audit/${id}`, 'error'])) }];
    try {
      const first = files[0]!;
      beginLint({});
      projectFilesMatching(first, /\bhelper\b/);
      const sweeps = snapshotWork.sweeps;
      expect(linter.verify('export const x = 1;\n', config as never, path.join(dir, 'x.ts'))).toEqual([]);
      projectFilesMatching(first, /\bhelper\b/);
      projectFilesMatching(first, /\bf1\b/);
      expect(snapshotWork.sweeps - sweeps).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
