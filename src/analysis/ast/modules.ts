import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex } from './file-index.js';
import { getPropertyName, propertyKey, skipTypeWrappers, staticString } from './nodes.js';

/** CDNs that serve an npm package at `<host>/<package>[@version][/subpath]` (jsDelivr under `/npm/`; esm.sh also under a build prefix `v135/`, `stable/`, `*`). */
const NPM_CDN = /^https?:\/\/(?:esm\.sh\/(?:v\d+\/|stable\/)?\*?|esm\.run\/|cdn\.skypack\.dev\/|unpkg\.com\/|cdn\.jsdelivr\.net\/npm\/)(?<rest>.+)$/;
/** A Deno third-party module: `https://deno.land/x/<name>[@version][/file]`. */
const DENO_X = /^https?:\/\/deno\.land\/x\/(?<name>[^/@?#]+)(?:@[^/?#]*)?(?:\/(?<file>[^?#]*))?/;
/** `<package>[@version][/subpath]` for a scoped or unscoped package name. */
const PACKAGE_PATH = /^(?<name>(?:@[^/@]+\/)?[^/@]+)(?:@[^/]*)?(?<subpath>\/.*)?$/;

/**
 * The npm package (with its subpath) a module specifier names, the way a bare import names it, so
 * that the models which know a package by its name (`@supabase/supabase-js`, `grammy`, `stripe` …)
 * see it in a Deno program or an edge function too: `npm:` and `jsr:` specifiers and the npm CDNs
 * (esm.sh, esm.run, Skypack, unpkg, jsDelivr `/npm/`) lose their prefix, version or range, query
 * (`?target=deno`) and hash (`https://esm.sh/@supabase/supabase-js@2/dist/module` →
 * `@supabase/supabase-js/dist/module`); `https://deno.land/x/grammy@v1.21.1/mod.ts` → `grammy`
 * (another file keeps its path without extension: `grammy/types`; a grammY plugin `grammy_runner` is
 * `@grammyjs/runner`). Relative, bare and `node:`
 * specifiers, the Deno standard library (`https://deno.land/std/...`, not an npm package) and
 * any other URL are unchanged. Every place a module source enters the analysis goes through here.
 */
export function packageOfSpecifier(source: string): string {
  const registry = /^(?:npm|jsr):\/?(?<rest>.+)$/.exec(source)?.groups?.rest;
  const cdn = registry ?? NPM_CDN.exec(source)?.groups?.rest;
  if (cdn !== undefined) {
    const bare = cdn.replace(/[?#].*$/, '').replace(/\/\+esm$/, '');
    const parts = PACKAGE_PATH.exec(bare)?.groups;
    return parts?.name === undefined ? source : parts.name + (parts.subpath ?? '');
  }
  const deno = DENO_X.exec(source)?.groups;
  if (deno?.name === undefined) return source;
  // grammY publishes its plugins as `grammy_<plugin>` there and as `@grammyjs/<plugin>` on npm (`grammy_auto_retry` → `@grammyjs/auto-retry`).
  const plugin = /^grammy_(?<plugin>.+)$/.exec(deno.name)?.groups?.plugin;
  const name = plugin === undefined ? deno.name : `@grammyjs/${plugin.replaceAll('_', '-')}`;
  const file = (deno.file ?? '').replace(/\.[cm]?[jt]sx?$/, '');
  return file === '' || file === 'mod' ? name : `${name}/${file}`;
}

/**
 * What an import binding names: the module and the export it binds (`'*'` for the whole module:
 * `import * as x`, `import x = require('m')`). Every import form is handled here, once:
 * `import x from 'm'` → default, `import { a as x }` / `import { 'a' as x }` → a,
 * `import * as x` and `import x = require('m')` → *. `import x = N.M` (an alias of a namespace
 * member, no module) and anything that is not an import give null.
 */
export interface ImportedBinding {
  readonly module: string;
  readonly imported: string;
}

export function importedBinding(def: TSESLint.Scope.Definition): ImportedBinding | null {
  if (def.type !== TSESLint.Scope.DefinitionType.ImportBinding) return null;
  const node = def.node as TSESTree.Node;
  switch (node.type) {
    case AST_NODE_TYPES.TSImportEqualsDeclaration: {
      const reference = node.moduleReference;
      return reference.type === AST_NODE_TYPES.TSExternalModuleReference && typeof reference.expression.value === 'string'
        ? { module: packageOfSpecifier(reference.expression.value), imported: '*' }
        : null;
    }
    case AST_NODE_TYPES.ImportDefaultSpecifier:
    case AST_NODE_TYPES.ImportNamespaceSpecifier:
    case AST_NODE_TYPES.ImportSpecifier: {
      const declaration = node.parent;
      if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || typeof declaration.source.value !== 'string') return null;
      const module = packageOfSpecifier(declaration.source.value);
      if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { module, imported: 'default' };
      if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { module, imported: '*' };
      const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : String(node.imported.value);
      return { module, imported };
    }
    default:
      return null;
  }
}

/** How many nodes {@link requiredModule} was asked about (a work count tests read). */
export const moduleWork = { requiredAsked: 0 };

/**
 * The module an expression evaluates to: `require('m')`, `await import('m')` (also `import('m')`,
 * whose promise `await` unwraps), looked at through type wrappers. Anything else gives null; to
 * follow `require('m').x.y()` back to its module use `moduleOrigin`.
 */
export function requiredModule(node: TSESTree.Node | null | undefined): string | null {
  moduleWork.requiredAsked++;
  if (!node) return null;
  let current = skipTypeWrappers(node);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
  if (current.type === AST_NODE_TYPES.ImportExpression) {
    const source = staticString(current.source);
    return source === null ? null : packageOfSpecifier(source);
  }
  if (current.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(current.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require') return null;
  const argument = current.arguments[0];
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? packageOfSpecifier(argument.value) : null;
}

type ModuleLoad = TSESTree.CallExpression | TSESTree.ImportExpression;
const loadsByProgram = new WeakMap<TSESTree.Program, readonly ModuleLoad[]>();

/**
 * Every `require('m')` and `import('m')` of a file with a module {@link requiredModule} can name, at
 * any depth, in source order (an outer load before a load inside it): read from the file's index and
 * kept per program, so asking for the loads of a file once per module it might load costs no walk.
 */
export function moduleLoads(program: TSESTree.Program): readonly ModuleLoad[] {
  let loads = loadsByProgram.get(program);
  if (!loads) {
    const index = fileIndex(program);
    loads = [...index.of(AST_NODE_TYPES.CallExpression), ...index.of(AST_NODE_TYPES.ImportExpression)]
      .filter((node) => requiredModule(node) !== null)
      // Source order; of two loads that start together the outer one (`import('./x').then(…)` is no load, but stay exact) first.
      .sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
    loadsByProgram.set(program, loads);
  }
  return loads;
}

/**
 * The modules a file's `require('m')` calls load (not its `import()`s), in source order: read from
 * {@link moduleLoads}, kept per program, instead of asking every call of the file again.
 */
export function requiredModules(program: TSESTree.Program): string[] {
  return moduleLoads(program).flatMap((load) => (load.type === AST_NODE_TYPES.CallExpression ? [requiredModule(load)!] : []));
}

/**
 * The module an expression is derived from by member reads, calls and `await`:
 * `require('pg').Pool`, `require('knex')(config)`, `(await import('pg')).default` all give the
 * module; anything else null.
 */
export function moduleOrigin(node: TSESTree.Node): string | null {
  let current = skipTypeWrappers(node);
  for (;;) {
    const module = requiredModule(current);
    if (module !== null) return module;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipTypeWrappers(current.object);
    else if (current.type === AST_NODE_TYPES.AwaitExpression) current = skipTypeWrappers(current.argument);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = skipTypeWrappers(current.callee);
    else return null;
  }
}

/**
 * A name a program binds at its top level to a module or to one of its exports. `imported` is
 * `'*'` for the whole module (`import * as x`, `import x = require('m')`, `const x = require('m')`,
 * `const x = await import('m')`), `'default'` for a default import, else the export's name.
 */
export interface ModuleBinding {
  readonly module: string;
  readonly imported: string;
}

/**
 * Every top-level name bound to a module, by every binding form, in one place: ES imports (default,
 * named, string-named, namespace, `import type`), `import x = require('m')`, the same under
 * `export`; `const x = require('m')` and `await import('m')`, `const X = require('m').X`,
 * `const { A, B: C } = require('m')`; and aliases of names bound earlier: `const { A } = x`,
 * `const A = x.A`, `const B = A`.
 */
export function moduleBindings(program: TSESTree.Program): ReadonlyMap<string, ModuleBinding> {
  let known = BINDINGS.get(program);
  if (!known) BINDINGS.set(program, (known = collectModuleBindings(program)));
  return known;
}

/**
 * The callee paths that name export `name` of a module `module` accepts: `run` for
 * `import { run } from '@grammyjs/runner'` (or an alias, a destructured `require`), `runner.run` for
 * `import * as runner`, a default import or `const runner = require(…)`. Compare with the
 * `getMemberPath(callee).join('.')` of a call.
 */
export function exportCallees(program: TSESTree.Program, module: (source: string) => boolean, name: string): Set<string> {
  const names = new Set<string>();
  for (const [local, binding] of moduleBindings(program)) {
    if (!module(binding.module)) continue;
    if (binding.imported === name) names.add(local);
    else if (binding.imported === '*' || binding.imported === 'default') names.add(`${local}.${name}`);
  }
  return names;
}

/** {@link moduleBindings} per program: asked by many models of one file, computed once. */
const BINDINGS = new WeakMap<TSESTree.Program, ReadonlyMap<string, ModuleBinding>>();

function collectModuleBindings(program: TSESTree.Program): Map<string, ModuleBinding> {
  const bindings = new Map<string, ModuleBinding>();
  /** What an expression is bound to: a module (`require('m')`, a whole-module name) or one of its exports. */
  const origin = (expression: TSESTree.Node): ModuleBinding | null => {
    const value = skipTypeWrappers(expression);
    const module = requiredModule(value);
    if (module !== null) return { module, imported: '*' };
    if (value.type === AST_NODE_TYPES.Identifier) return bindings.get(value.name) ?? null;
    if (value.type !== AST_NODE_TYPES.MemberExpression) return null;
    const name = getPropertyName(value);
    const base = name === null ? null : origin(value.object);
    return base?.imported === '*' ? { module: base.module, imported: name! } : null;
  };
  for (const top of program.body) {
    const statement = top.type === AST_NODE_TYPES.ExportNamedDeclaration && top.declaration ? top.declaration : top;
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration:
        for (const specifier of statement.specifiers) {
          const module = packageOfSpecifier(statement.source.value);
          if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) bindings.set(specifier.local.name, { module, imported: 'default' });
          else if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) bindings.set(specifier.local.name, { module, imported: '*' });
          else bindings.set(specifier.local.name, { module, imported: specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : specifier.imported.value });
        }
        break;
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
          bindings.set(statement.id.name, { module: packageOfSpecifier(statement.moduleReference.expression.value), imported: '*' });
        }
        break;
      case AST_NODE_TYPES.VariableDeclaration:
        for (const declarator of statement.declarations) {
          const base = declarator.init ? origin(declarator.init) : null;
          if (!base) continue;
          if (declarator.id.type === AST_NODE_TYPES.Identifier) bindings.set(declarator.id.name, base);
          if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || base.imported !== '*') continue;
          for (const property of declarator.id.properties) {
            const key = propertyKey(property);
            if (property.type !== AST_NODE_TYPES.Property || key === null) continue;
            const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
            if (value.type === AST_NODE_TYPES.Identifier) bindings.set(value.name, { module: base.module, imported: key });
          }
        }
        break;
      default:
        break;
    }
  }
  return bindings;
}
